#!/usr/bin/env python3
"""Independent verifier of callvault evidence bundles: Python's standard library plus `openssl`
(and `age`, only to decrypt age-encrypted recordings when --identity is given).

It shares no code with callvault and follows only docs/evidence-bundle.md (the audit-log checks
come from verify_audit.py beside it), so an auditor can check a bundle without building callvault.

  verify_bundle.py BUNDLE [--public-key PEM] [--identity FILE]

BUNDLE is the bundle directory or its zip file. Checks: the BagIt manifests (every payload file
listed and matching, every listed file present, Payload-Oxum, the tag manifest); the raw Ed25519
signature over tagmanifest-sha256.txt (`openssl pkeyutl -verify -rawin`) under
data/audit/vault-public.pem, or under --public-key when given (which must then be the same key);
the signed checkpoint; every inclusion proof; that entries.jsonl holds exactly the proven entries;
that each recording's SHA-256 (after `age -d -i IDENTITY` for .age files) and each transcript's
equal those its proven recording.ingest entry recorded.

Prints one line per problem, naming the file, and exits 1 when there is any; 0 otherwise.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_audit import VerificationFailure, check_proof, check_signed_note  # noqa: E402

TEXT_SUFFIXES = (".json", ".jsonl", ".txt", ".pem")
INDEX, ENTRIES, CHECKPOINT, PUBLIC_KEY = "data/bundle.json", "data/audit/entries.jsonl", "data/audit/checkpoint.txt", "data/audit/vault-public.pem"
SIGNATURE = "tagmanifest-sha256.txt.sig"


def read_bag(path):
    """Yields (relative path, open binary stream) for every file of a bag directory or zip."""
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                if os.path.islink(full):
                    raise VerificationFailure(f"{os.path.relpath(full, path)} is a symbolic link")
                with open(full, "rb") as f:
                    yield os.path.relpath(full, path).replace(os.sep, "/"), f
        return
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist() if not i.is_dir()]
        first = names[0].split("/", 1)[0] if names and "/" in names[0] else ""
        prefix = first + "/" if first and first != "data" else ""
        for info in z.infolist():
            if info.is_dir():
                continue
            if not info.filename.startswith(prefix):
                raise VerificationFailure(f"{info.filename} is outside the bag's directory {prefix}")
            with z.open(info) as f:
                yield info.filename[len(prefix):], f


def age_plaintext_sha256(path, identity):
    """SHA-256 of an age file's plaintext, decrypted by the `age` tool; raises on failure."""
    process = subprocess.Popen(["age", "-d", "-i", identity, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    digest = hashlib.sha256()
    for block in iter(lambda: process.stdout.read(1 << 16), b""):
        digest.update(block)
    error = process.stderr.read().decode(errors="replace").strip()
    if process.wait() != 0:
        raise VerificationFailure(f"does not decrypt with the given identity: {error}")
    return digest.hexdigest()


def raw_key_sha256(pem):
    """SHA-256 of the raw 32-byte Ed25519 key in an SPKI PEM (its DER ends with the key)."""
    body = "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)[-32:]).hexdigest()


def parse_manifest(data, name, problems):
    entries = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64:
            problems.append((name, f"line {number} is not a SHA-256 checksum and a path"))
            continue
        path = parts[1].strip().replace("%0A", "\n").replace("%0a", "\n").replace("%0D", "\r").replace("%0d", "\r").replace("%25", "%")
        entries.append((path, parts[0].lower()))
    return entries


def verify(bundle, public_key_path=None, identity=None):
    problems, notes = [], []
    hashes, sizes, texts, plaintext = {}, {}, {}, {}

    def problem(path, message):
        problems.append((path, message))

    # One pass: hash every file, keep the small text files, decrypt age files when we can.
    for path, stream in read_bag(bundle):
        digest, size, keep = hashlib.sha256(), 0, []
        is_text = not path.startswith("data/") or path.endswith(TEXT_SUFFIXES)
        copy = tempfile.NamedTemporaryFile() if path.endswith(".age") and identity else None
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
            size += len(block)
            if is_text:
                keep.append(block)
            if copy:
                copy.write(block)
        if copy:
            copy.flush()
            try:
                plaintext[path] = age_plaintext_sha256(copy.name, identity)
            except VerificationFailure as failure:
                problem(path, str(failure))
            copy.close()
        if path in hashes:
            problem(path, "appears more than once in the zip file")
        hashes[path], sizes[path] = digest.hexdigest(), size
        if is_text:
            texts[path] = b"".join(keep)

    # BagIt: declaration, manifests, Payload-Oxum.
    if "bagit.txt" not in texts or b"BagIt-Version: " not in texts["bagit.txt"]:
        problem("bagit.txt", "is missing or has no BagIt-Version line")
    for manifest, in_scope, required in (("manifest-sha256.txt", lambda p: p.startswith("data/"), ()),
                                         ("tagmanifest-sha256.txt", lambda p: False, ("bagit.txt", "bag-info.txt", "manifest-sha256.txt"))):
        if manifest not in texts:
            problem(manifest, "is missing")
            continue
        listed = set()
        for path, digest in parse_manifest(texts[manifest], manifest, problems):
            listed.add(path)
            if path not in hashes:
                problem(path, f"is listed in {manifest} but missing")
            elif hashes[path] != digest:
                problem(path, f"was changed: its SHA-256 {hashes[path]} is not the {digest} that {manifest} lists")
        for path in sorted(hashes):
            if in_scope(path) and path not in listed:
                problem(path, f"is not listed in {manifest} (added after the bag was made)")
        for path in required:
            if path in hashes and path not in listed:
                problem(path, f"is not listed in {manifest}")
    for line in texts.get("bag-info.txt", b"").decode("utf-8", "replace").splitlines():
        if line.startswith("Payload-Oxum: "):
            payload = [p for p in sizes if p.startswith("data/")]
            actual = f"{sum(sizes[p] for p in payload)}.{len(payload)}"
            if line.split(": ", 1)[1].strip() != actual:
                problem("bag-info.txt", f"Payload-Oxum {line.split(': ', 1)[1].strip()} does not match the payload's {actual}")

    # The signature over the tag manifest, with openssl.
    pem = texts.get(PUBLIC_KEY, b"").decode()
    if public_key_path:
        with open(public_key_path) as f:
            trusted = f.read()
        if "".join(trusted.split()) != "".join(pem.split()):
            problem(PUBLIC_KEY, "is not the vault public key you gave: the bundle was signed by another key")
        pem = trusted
    if not pem:
        problem(PUBLIC_KEY, "is missing; nothing signed can be checked")
        return problems, notes
    with tempfile.TemporaryDirectory() as tmp:
        key, manifest, signature = (os.path.join(tmp, n) for n in ("key.pem", "tagmanifest", "sig"))
        for name, data in ((key, pem.encode()), (manifest, texts.get("tagmanifest-sha256.txt", b"")), (signature, texts.get(SIGNATURE, b""))):
            with open(name, "wb") as f:
                f.write(data)
        result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key, "-rawin", "-in", manifest, "-sigfile", signature],
                                capture_output=True)
        if result.returncode != 0:
            problem(SIGNATURE, "the Ed25519 signature over tagmanifest-sha256.txt does not verify: one of the two was changed")

    # The checkpoint, every proof, entries.jsonl.
    note = texts.get(CHECKPOINT, b"").decode("utf-8", "replace")
    notes_cache = {}
    try:
        checkpoint = check_signed_note(note, pem)
        notes_cache[note] = checkpoint
    except (VerificationFailure, ValueError, IndexError) as failure:
        checkpoint = None
        problem(CHECKPOINT, f"is not a checkpoint signed by the vault's key: {failure}")
    proven = {}
    for path in sorted(p for p in texts if p.startswith("data/audit/proofs/")):
        try:
            proof = json.loads(texts[path])
            seq, _, _ = check_proof(proof, pem, notes_cache)
        except (VerificationFailure, ValueError, KeyError, TypeError) as failure:
            problem(path, f"does not prove its entry: {failure}")
            continue
        if path != f"data/audit/proofs/{seq:012d}.json":
            problem(path, f"proves entry {seq}, not the entry its name says")
        if proof["checkpoint"] != note:
            problem(path, f"proves against another checkpoint than {CHECKPOINT}")
        proven[seq] = base64.b64decode(proof["entry"])
    listed = set()
    for number, line in enumerate(texts.get(ENTRIES, b"").split(b"\n"), start=1):
        if not line:
            continue
        try:
            seq = json.loads(line)["seq"]
        except (ValueError, KeyError):
            problem(ENTRIES, f"line {number} is not an audit entry")
            continue
        listed.add(seq)
        if seq not in proven:
            problem(ENTRIES, f"entry {seq} (line {number}) has no valid inclusion proof")
        elif proven[seq] != line:
            problem(ENTRIES, f"entry {seq} (line {number}) differs from the entry its proof proves")
    for seq in sorted(set(proven) - listed):
        problem(ENTRIES, f"lacks entry {seq}, which its proof proves")

    # Each recording against its proven ingest entry.
    try:
        index = json.loads(texts[INDEX])
    except (KeyError, ValueError):
        problem(INDEX, "is missing or not a callvault-evidence-bundle/v1 index")
        return problems, notes
    entries = {seq: json.loads(data) for seq, data in proven.items()}
    if checkpoint and checkpoint[1] != index.get("checkpoint_size"):
        problem(INDEX, f"names checkpoint size {index.get('checkpoint_size')}, but the checkpoint signs {checkpoint[1]}")
    export = entries.get(index.get("export_seq"))
    if not export or export["action"] != "bundle.export" or export["detail"].get("bundle") != index.get("bundle_id"):
        problem(INDEX, f"its export entry {index.get('export_seq')} is not this bundle's proven bundle.export entry")
    ingests = {e["target"]: e for e in entries.values() if e["action"] == "recording.ingest" and e["outcome"] == "ok"}
    releases = {e["target"] for e in entries.values() if e["action"] == "bundle.export" and e["detail"].get("bundle") == index.get("bundle_id")}
    for rid in index.get("released", []) + index.get("withheld", []):
        if f"data/recordings/{rid}.json" not in texts:
            problem(f"data/recordings/{rid}.json", f"is missing, though {INDEX} lists recording {rid}")
    checked = 0
    for path in sorted(p for p in texts if p.startswith("data/recordings/") and p.endswith(".json")):
        try:
            recording = json.loads(texts[path])
            rid = recording["id"]
        except (ValueError, KeyError):
            problem(path, "is not a recording's metadata")
            continue
        ingest = ingests.get(rid)
        if not ingest:
            problem(path, f"recording {rid} has no proven recording.ingest entry")
            continue
        expected = ingest["detail"].get("opus_sha256")
        if recording.get("opus_sha256") != expected:
            problem(path, f"its opus_sha256 is not the {expected} that ingest entry {ingest['seq']} recorded")
        audio = recording.get("audio")
        if audio:
            if rid not in releases:
                problem(path, f"recording {rid} is in the bundle but no proven bundle.export entry of this bundle releases it")
            if audio not in hashes:
                problem(audio, f"is missing, though {path} names it")
            else:
                sha = plaintext.get(audio) if audio.endswith(".age") else hashes[audio]
                if sha is None:
                    if not identity:
                        notes.append(f"{audio}: encrypted; checked only against the manifest (give --identity to decrypt it)")
                elif sha != expected:
                    problem(audio, f"its Ogg Opus SHA-256 {sha} is not the {expected} that ingest entry {ingest['seq']} recorded: it is not the original")
                else:
                    checked += 1
        transcript = recording.get("transcript")
        if transcript:
            expected_text = ingest["detail"].get("transcript_sha256")
            if transcript.get("sha256") != expected_text:
                problem(path, f"its transcript SHA-256 is not the one ingest entry {ingest['seq']} recorded")
            file = transcript.get("file")
            if file:
                sha = plaintext.get(file) if file.endswith(".age") else hashes.get(file)
                if file not in hashes:
                    problem(file, f"is missing, though {path} names it")
                elif sha is not None and sha != expected_text:
                    problem(file, f"its SHA-256 is not the redacted transcript's that ingest entry {ingest['seq']} recorded")
    notes.append(f"{len(hashes)} files, {len(proven)} proven audit entries, {checked} recordings equal to their ingest SHA-256; "
                 f"signing key SHA-256: {raw_key_sha256(pem)} (compare it with the vault's key)")
    return problems, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", help="the bundle directory or zip file")
    parser.add_argument("--public-key", help="the vault's public key (PEM), obtained separately")
    parser.add_argument("--identity", help="an age identity file, to decrypt age-encrypted recordings with `age -d`")
    args = parser.parse_args()
    try:
        problems, notes = verify(args.bundle, args.public_key, args.identity)
    except (VerificationFailure, zipfile.BadZipFile, OSError) as failure:
        print(f"FAILED: {failure}")
        sys.exit(1)
    for path, message in problems:
        print(f"{path}\t{message}")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if problems:
        print(f"FAILED: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print("bundle verified")


if __name__ == "__main__":
    main()
