#!/usr/bin/env python3
"""Independent verifier of callvault audit logs: Python's standard library plus the `openssl` CLI.

It shares no code with callvault and follows only docs/audit-log.md, so an auditor can check a
vault's log without trusting (or building) callvault.

  verify_audit.py log EXPORT.jsonl [--checkpoint NOTE --public-key PEM]
      Recomputes every entry's leaf hash, the hash chain (prev, seq), and the RFC 6962 root of the
      exported entries (`callvault audit export`, the whole log). With a signed checkpoint
      (`callvault audit checkpoint`) and the vault's public key (`callvault audit public-key`),
      checks the signature with `openssl pkeyutl` and that the log's first N entries hash to the
      signed root.
  verify_audit.py proof PROOF.json --public-key PEM
      Checks an inclusion proof (`callvault audit prove SEQ`): leaf hash, audit path (RFC 9162
      2.1.3.2) and the checkpoint's signature.

Exit status 0 when everything holds; 1 with a message naming the first failure.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile


class VerificationFailure(Exception):
    """A check that does not hold; main() prints it and exits 1. verify_bundle.py imports these checks."""


def fail(message):
    raise VerificationFailure(message)


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """RFC 6962 Merkle tree hash of a list of leaf hashes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k << 1 < len(leaves):
        k <<= 1
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def check_signed_note(note: str, public_key_pem: str):
    """Verifies a C2SP signed note with openssl; returns (origin, size, root bytes)."""
    if "\n\n" not in note:
        fail("the checkpoint has no signature block")
    body, signatures = note.split("\n\n", 1)
    lines = body.split("\n")
    if len(lines) < 3:
        fail("the checkpoint body must be origin, size and root")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
    with tempfile.TemporaryDirectory() as tmp:
        body_path, sig_path, key_path = (os.path.join(tmp, n) for n in ("body", "sig", "key.pem"))
        with open(body_path, "wb") as f:
            f.write((body + "\n").encode())
        with open(key_path, "w") as f:
            f.write(public_key_pem)
        for line in signatures.strip().split("\n"):
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != "\u2014" or parts[1] != origin:
                continue
            blob = base64.b64decode(parts[2])
            with open(sig_path, "wb") as f:
                f.write(blob[4:])
            result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin",
                                     "-in", body_path, "-sigfile", sig_path], capture_output=True)
            if result.returncode == 0:
                return origin, size, root
    fail(f"no signature line of {origin} verifies under the given public key")


def verify_log(args):
    leaves, previous = [], bytes(32)
    with open(args.export, "rb") as f:
        for number, line in enumerate(f, start=1):
            entry = line.rstrip(b"\n")
            fields = json.loads(entry)
            canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            if canonical != entry:
                fail(f"line {number}: the entry is not in canonical form")
            if fields.get("seq") != number:
                fail(f"line {number}: entry seq {fields.get('seq')} (entries missing, inserted or reordered)")
            if fields.get("prev") != previous.hex():
                fail(f"entry {number}: prev does not match the leaf hash of entry {number - 1} (chain broken)")
            previous = leaf_hash(entry)
            leaves.append(previous)
    print(f"chain intact: {len(leaves)} entries; root {mth(leaves).hex()}")
    if args.checkpoint:
        if not args.public_key:
            fail("--checkpoint needs --public-key")
        with open(args.checkpoint) as f, open(args.public_key) as k:
            origin, size, root = check_signed_note(f.read(), k.read())
        if size > len(leaves):
            fail(f"truncated: the checkpoint signs {size} entries, the export holds {len(leaves)}")
        if mth(leaves[:size]) != root:
            fail(f"entries 1-{size} do not hash to the root the checkpoint signed")
        print(f"checkpoint of {origin} verified: the first {size} entries match its signed root")


def check_proof(proof, public_key_pem, verified_notes=None):
    """Checks one inclusion proof (a parsed callvault-inclusion-proof/v1 object); returns (seq, origin,
    tree size). `verified_notes` caches notes whose signature openssl already checked."""
    note = proof["checkpoint"]
    if verified_notes is not None and note in verified_notes:
        origin, size, root = verified_notes[note]
    else:
        origin, size, root = check_signed_note(note, public_key_pem)
        if verified_notes is not None:
            verified_notes[note] = (origin, size, root)
    entry = base64.b64decode(proof["entry"])
    leaf = leaf_hash(entry)
    if leaf.hex() != proof["leaf_hash"]:
        fail("the entry does not hash to the proof's leaf hash")
    if size != proof["tree_size"] or root.hex() != proof["root_hash"]:
        fail("the checkpoint does not sign the proof's tree size and root")
    index, tree_size = proof["leaf_index"], proof["tree_size"]
    if json.loads(entry)["seq"] != index + 1 or proof["seq"] != index + 1:
        fail("the entry's seq is not the proof's leaf index + 1")
    fn, sn, r = index, tree_size - 1, leaf
    for p in (bytes.fromhex(h) for h in proof["audit_path"]):
        if sn == 0:
            fail("the audit path is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0 or r != root:
        fail("the audit path does not lead from the entry to the signed root")
    return index + 1, origin, tree_size


def verify_proof(args):
    with open(args.proof) as f:
        proof = json.load(f)
    with open(args.public_key) as k:
        seq, origin, tree_size = check_proof(proof, k.read())
    print(f"entry {seq} is included in the log {origin} of {tree_size} entries (signed checkpoint verified)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    log = sub.add_parser("log", help="verify an exported log (JSON Lines)")
    log.add_argument("export")
    log.add_argument("--checkpoint")
    log.add_argument("--public-key")
    log.set_defaults(run=verify_log)
    proof = sub.add_parser("proof", help="verify an inclusion proof")
    proof.add_argument("proof")
    proof.add_argument("--public-key", required=True)
    proof.set_defaults(run=verify_proof)
    args = parser.parse_args()
    try:
        args.run(args)
    except VerificationFailure as failure:
        print(f"FAILED: {failure}")
        sys.exit(1)


if __name__ == "__main__":
    main()
