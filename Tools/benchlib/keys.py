"""The key-rotation section, with `callvault-bench-tool rewrap`: `Vault.rotateKeys` of 1,000,000
subject keys (100,000 with --quick, extrapolated linearly) with the KEK in the key store (file),
against the 120 s budget; then the same with the KEK in a SoftHSM2 token made for the run (100,000
keys, extrapolated to 1,000,000), against the file KEK's rate and the budget. The key status
afterwards must show every key under version 2 and version 1 retired.

Target: rewrapping 1,000,000 subject keys with the KEK file < 120 s.
"""

import json
import os
import shutil
from pathlib import Path

from .common import log, measure, mib, run_checked, tool_versions, verdict

TARGET_ROTATE_SECONDS = 120.0    # rewrap 1,000,000 subject keys with the KEK file
ROTATE_TARGET_SUBJECTS = 1_000_000
SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"   # PKCS11URI's default module-path


def make_softhsm_token(work):
    """A private SoftHSM2 token for the run, under `work`: returns (environment, pkcs11 URI).

    softhsm2.conf points at a token directory of its own, so the run never touches the system's
    tokens; SOFTHSM2_CONF is set for softhsm2-util and for the tool. The PIN sits in a 0600 file
    and the URI names it (pin-source), as callvault requires.
    """
    hsm = work / "softhsm"
    tokens = hsm / "tokens"
    tokens.mkdir(parents=True, mode=0o700)
    os.chmod(hsm, 0o700)
    conf = hsm / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = dict(os.environ, SOFTHSM2_CONF=str(conf))
    run_checked(["softhsm2-util", "--init-token", "--free", "--label", "bench", "--pin", "1234", "--so-pin", "5678"],
                env=env)
    pin = hsm / "pin"
    fd = os.open(pin, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("1234")
    return env, f"pkcs11:token=bench;object=callvault-kek?pin-source=file:{pin}"


def rewrap(bench_tool, work, name, subjects, pkcs11=None, env=None):
    """Runs `callvault-bench-tool rewrap` once on a new vault; returns its JSON plus the process's peak RSS."""
    command = [bench_tool, "rewrap", "--vault", work / name, "--subjects", str(subjects)]
    if pkcs11:
        command += ["--pkcs11", pkcs11]
    out = work / f"{name}.json"
    sample = measure(command, out, env=env)
    result = json.loads(out.read_text())
    result["maxrss_kib"] = sample.maxrss_kib
    result["wall"] = sample.wall
    shutil.rmtree(work / name, ignore_errors=True)
    shutil.rmtree(work / f"{name}-keys", ignore_errors=True)
    return result


def benchmark_keys(args, bench_tool, work):
    """The key-rotation section, in its own directory (deleted afterwards): the file KEK, then SoftHSM2."""
    keys_dir = work / "keys"
    shutil.rmtree(keys_dir, ignore_errors=True)
    keys_dir.mkdir()
    try:
        log(f"key rotation: file KEK, {args.key_subjects:,} subject keys")
        file_run = rewrap(bench_tool, keys_dir, "file-vault", args.key_subjects)
        hsm_run, hsm_note = None, None
        if not shutil.which("softhsm2-util"):
            hsm_note = "softhsm2-util is not installed"
        elif not Path(SOFTHSM_MODULE).is_file():
            hsm_note = f"{SOFTHSM_MODULE} is missing"
        else:
            env, uri = make_softhsm_token(keys_dir)
            log(f"key rotation: SoftHSM2 KEK, {args.hsm_subjects:,} subject keys")
            hsm_run = rewrap(bench_tool, keys_dir, "hsm-vault", args.hsm_subjects, pkcs11=uri, env=env)
    finally:
        shutil.rmtree(keys_dir, ignore_errors=True)
    return file_run, hsm_run, hsm_note


def describe_status(versions):
    """`keys status` in one line: each version, its keys, and whether it is current or retired."""
    parts = []
    for v in versions:
        state = "current" if v["current"] else ("retired" if v["retired"] else "live")
        signing = ", signing key" if v["wraps_signing_key"] else ""
        parts.append(f"version {v['version']} {state}: {v['subject_keys']:,} subject keys{signing}")
    return "; ".join(parts)


def report_keys(args, file_run, hsm_run, hsm_note):
    """Prints the key-rotation figures with their verdicts; returns True when a target was missed."""
    failed = False
    target_n = ROTATE_TARGET_SUBJECTS
    print(f"callvault key-rotation benchmark on {tool_versions()['machine']}: KEK rotation rewraps every subject key "
          f"(unwrap under version 1, wrap under version 2), 10,000 per transaction; a new vault each")
    print(f"  {'KEK':8} {'subjects':>10} {'create':>9} {'rotate':>9} {'rewrapped/s':>12} {'1,000,000 at that rate':>23} "
          f"{'vs 120 s':>9} {'peak RSS':>10}")
    runs = [("file", file_run)] + ([("SoftHSM2", hsm_run)] if hsm_run else [])
    for label, run in runs:
        projected = target_n / run["per_second"] if run["per_second"] else float("inf")
        print(f"  {label:8} {run['subjects']:>10,} {run['create_seconds']:>7.2f} s {run['rotate_seconds']:>7.2f} s "
              f"{run['per_second']:>12,.0f} {projected:>21.1f} s {projected / TARGET_ROTATE_SECONDS:>8.2f}x "
              f"{mib(run['maxrss_kib']):>6.1f} MiB")
    print()

    for label, run in runs:
        ok_status = run["verified"]
        failed |= not ok_status
        print(f"keys status after the {label} rotation: {describe_status(run['after'])} "
              f"-> {'every key under version 2, version 1 retired' if ok_status else 'NOT as expected'} {verdict(ok_status)}")

    n = file_run["subjects"]
    rate = file_run["per_second"]
    if n >= target_n:
        rotate = file_run["rotate_seconds"] * target_n / n if n > target_n else file_run["rotate_seconds"]
        how = "" if n == target_n else f" (scaled from {n:,})"
    else:
        rotate = target_n / rate if rate else float("inf")
        how = (f" (extrapolated linearly from {n:,} keys: optimistic, since the per-key database cost grows "
               f"with the number of keys; use the full run for the verdict)")
    ok_file = rotate < TARGET_ROTATE_SECONDS and file_run["verified"]
    failed |= not ok_file
    print(f"rotate {target_n:,} subject keys, file KEK: {rotate:.2f} s{how}, {rate:,.0f} keys/s "
          f"= {rotate / TARGET_ROTATE_SECONDS:.2f}x the {TARGET_ROTATE_SECONDS:.0f} s budget "
          f"(target < {TARGET_ROTATE_SECONDS:.0f} s) {verdict(ok_file)}")
    print(f"  bulk creation of the {n:,} keys under version 1 (not part of the target): "
          f"{file_run['create_seconds']:.2f} s, {n / file_run['create_seconds']:,.0f} keys/s")
    if hsm_run:
        hn, hrate = hsm_run["subjects"], hsm_run["per_second"]
        projected = target_n / hrate if hrate else float("inf")
        print(f"rotate with a SoftHSM2 KEK: {hn:,} keys in {hsm_run['rotate_seconds']:.2f} s = {hrate:,.0f} keys/s "
              f"-> {target_n:,} keys in {projected:.1f} s"
              f"{'' if hn >= target_n else ' (extrapolated linearly: optimistic, the per-key database cost grows with the number of keys; --hsm-subjects 1000000 measures it)'} "
              f"= {projected / TARGET_ROTATE_SECONDS:.2f}x the {TARGET_ROTATE_SECONDS:.0f} s budget "
              f"(reported, no target); {rate / hrate if hrate else float('inf'):.2f}x slower than the file KEK")
        print(f"  bulk creation of the {hn:,} keys in the token: {hsm_run['create_seconds']:.2f} s, "
              f"{hn / hsm_run['create_seconds']:,.0f} keys/s")
    else:
        print(f"rotate with a SoftHSM2 KEK: skipped ({hsm_note})")
    return failed
