"""The backup section (issue 20): a vault of --backup-recordings (default 10,000; --quick 2,000)
recordings of a 5-second speech WAV, spread over 100 subjects, then

1. `callvault backup --to DIR` (a full backup into a new directory) against `cp -r` of the same
   bytes (the vault's objects/ and catalog.sqlite), interleaved --runs times, median wall time;
2. an incremental backup after 1 % more recordings (reported: objects copied, time);
3. `callvault restore` (every file hashed against the signed manifest, the audit chain verified,
   every data key unwrapped, the vault opened) into a new directory with a copy of the key store,
   against `cp -r` of the backup directory, interleaved --runs times, median wall time;
4. the RTO drill: the restore's steps (from its report), then `callvault serve` on the restored
   vault until the first consent check is answered; extrapolated to 1 TB of sealed audio at the
   measured rates (per byte for copies, per recording for the rest, 5-minute calls at 16 kbit/s).

Targets: backup/cp <= 1.5, restore/cp <= 1.5, the extrapolated RTO for 1 TB <= 15 minutes.
"""

import json
import os
import shutil
import statistics
import subprocess
import time
import urllib.request

from .common import fmt_duration, log, measure, run_checked, verdict
from .server import free_port, wait_for_port
from .speech import make_base_clip, make_speech_wav

TARGET_BACKUP_VS_CP = 1.5
TARGET_RESTORE_VS_CP = 1.5
TARGET_RTO_SECONDS = 15 * 60
SUBJECTS = 100
CALL_BYTES = 5 * 60 * 16000 // 8  # a 5-minute call at 16 kbit/s
TERABYTE = 10 ** 12


def fill(callvault, root, wav, count):
    """A vault at root/vault with `count` recordings of `wav` over SUBJECTS subjects."""
    vault = root / "vault"
    run_checked([callvault, "init", "--vault", vault, "--key-store", root / "keys"])
    inputs = root / "inputs"
    per = max(1, count // SUBJECTS)
    made = 0
    for s in range(SUBJECTS):
        n = per if s < SUBJECTS - 1 else count - made
        if n <= 0:
            break
        directory = inputs / f"s{s:03d}"
        directory.mkdir(parents=True)
        for i in range(n):
            os.symlink(wav, directory / f"call-{i:05d}.wav")
        run_checked([callvault, "ingest", "--vault", vault, "--subject-phone", f"+86139{s:04d}{s:04d}", directory])
        made += n
        if s % 10 == 9:
            log(f"backup: {made:,} of {count:,} recordings ingested")
    shutil.rmtree(inputs)
    return vault


def tree_bytes(path):
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(base, name))
    return total


def first_check_seconds(callvault, vault, keys):
    """Starts `callvault serve` on the restored vault and times it until a consent check is answered."""
    token = run_checked([callvault, "tokens", "create", "--vault", vault, "--key-store", keys, "--role", "dialer",
                         "--name", "rto"]).strip().splitlines()[-1]
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen([callvault, "serve", "--vault", vault, "--key-store", keys, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server, "callvault serve")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/consent/check", method="POST",
                                         data=json.dumps({"number": "+8613900010001", "purpose": "service"}).encode(),
                                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
        seconds = time.perf_counter() - start
        if "allowed" not in answer:
            raise SystemExit(f"bench: the restored vault's consent check answered {answer!r}")
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=10)


def benchmark_backup(args, callvault, work, runs_dir):
    """Runs the section and prints its report; True when a target was missed."""
    count = args.backup_recordings or (2_000 if args.quick else 10_000)
    base = make_base_clip(work)
    wav = make_speech_wav(work, base, 5, "backup-speech-5s.wav")
    base.unlink()
    root = runs_dir / "backup"
    root.mkdir()
    log(f"backup: ingesting {count:,} recordings")
    vault = fill(callvault, root, wav, count)
    keys = root / "keys"
    data_bytes = tree_bytes(vault / "objects") + os.path.getsize(vault / "catalog.sqlite")

    backup_samples, cp_samples = [], []
    for i in range(args.runs):
        log(f"backup run {i + 1}/{args.runs}")
        target = root / f"backup-{i}"
        backup_samples.append(measure([callvault, "backup", "--vault", vault, "--to", target, "--json"], root / "backup.out"))
        result = json.loads((root / "backup.out").read_text())
        copy = root / f"cp-{i}"
        copy.mkdir()
        cp_samples.append(measure(["cp", "-r", vault / "objects", vault / "catalog.sqlite", copy], root / "cp.out"))
        shutil.rmtree(copy)
        if i < args.runs - 1:
            shutil.rmtree(target)
    backups = root / f"backup-{args.runs - 1}"

    # Incremental: 1 % more recordings, then a backup into the same directory.
    extra = root / "extra"
    extra.mkdir()
    for i in range(max(1, count // 100)):
        os.symlink(wav, extra / f"late-{i:05d}.wav")
    run_checked([callvault, "ingest", "--vault", vault, "--subject-phone", "+8613900010001", extra])
    incremental = measure([callvault, "backup", "--vault", vault, "--to", backups, "--json"], root / "incremental.out")
    incremental_result = json.loads((root / "incremental.out").read_text())

    backup_size = tree_bytes(backups)
    restore_samples, restore_cp_samples, reports = [], [], []
    for i in range(args.runs):
        log(f"restore run {i + 1}/{args.runs}")
        keys_copy = root / f"keys-{i}"
        shutil.copytree(keys, keys_copy)
        restored = root / f"restored-{i}"
        restore_samples.append(measure([callvault, "restore", "--from", backups, "--vault", restored, "--key-store", keys_copy,
                                        "--json"], root / "restore.out"))
        reports.append(json.loads((root / "restore.out").read_text()))
        copy = root / f"cp-restore-{i}"
        restore_cp_samples.append(measure(["cp", "-r", backups, copy], root / "cp.out"))
        shutil.rmtree(copy)
        if i < args.runs - 1:
            shutil.rmtree(restored)
            shutil.rmtree(keys_copy)
    restored, restored_keys = root / f"restored-{args.runs - 1}", root / f"keys-{args.runs - 1}"
    serve_seconds = first_check_seconds(callvault, restored, restored_keys)

    backup_wall = statistics.median(s.wall for s in backup_samples)
    cp_wall = statistics.median(s.wall for s in cp_samples)
    restore_wall = statistics.median(s.wall for s in restore_samples)
    restore_cp_wall = statistics.median(s.wall for s in restore_cp_samples)
    report = min(reports, key=lambda r: sum(step["seconds"] for step in r["steps"]))
    recordings = count + max(1, count // 100)

    print()
    print(f"callvault backup benchmark: {recordings:,} recordings of 5 s ({data_bytes / 1e6:,.1f} MB of sealed objects and catalog), "
          f"{SUBJECTS} subjects; median of {args.runs} interleaved runs")
    backup_ratio = backup_wall / cp_wall
    restore_ratio = restore_wall / restore_cp_wall
    print(f"  full backup       {fmt_duration(backup_wall):>10}  ({data_bytes / backup_wall / 1e6:,.1f} MB/s, peak RSS "
          f"{max(s.maxrss_kib for s in backup_samples) / 1024:.1f} MiB)  vs cp -r {fmt_duration(cp_wall)}: "
          f"{backup_ratio:.2f}x (target <= {TARGET_BACKUP_VS_CP}) {verdict(backup_ratio <= TARGET_BACKUP_VS_CP)}")
    print(f"  incremental       {fmt_duration(incremental.wall):>10}  ({incremental_result['objects_copied']:,} of "
          f"{incremental_result['objects']:,} objects copied)")
    print(f"  restore           {fmt_duration(restore_wall):>10}  ({backup_size / restore_wall / 1e6:,.1f} MB/s, peak RSS "
          f"{max(s.maxrss_kib for s in restore_samples) / 1024:.1f} MiB)  vs cp -r of the backup {fmt_duration(restore_cp_wall)}: "
          f"{restore_ratio:.2f}x (target <= {TARGET_RESTORE_VS_CP}) {verdict(restore_ratio <= TARGET_RESTORE_VS_CP)}")

    # The RTO drill, step by step, and its extrapolation.
    print(f"RTO drill (the fastest restore's own report, then serve until the first consent check):")
    per_byte = {"copy and check the catalog", "check the catalog against the objects"}
    copy_seconds = rest_seconds = 0.0
    for step in report["steps"]:
        print(f"  {step['seconds']:8.2f} s  {step['name']}")
        if step["name"].startswith("copy and check") and step["name"] != "copy and check the catalog":
            copy_seconds += step["seconds"]
        else:
            rest_seconds += step["seconds"]
    print(f"  {serve_seconds:8.2f} s  callvault serve until a consent check is answered")
    total = sum(step["seconds"] for step in report["steps"]) + serve_seconds
    print(f"  {total:8.2f} s  RTO for {recordings:,} recordings ({backup_size / 1e6:,.1f} MB)")
    object_bytes = report["bytes"]
    tb_recordings = TERABYTE / CALL_BYTES
    tb_copy = TERABYTE / (object_bytes / copy_seconds) if copy_seconds else float("inf")
    tb_rest = rest_seconds * tb_recordings / recordings
    tb_total = tb_copy + tb_rest + serve_seconds
    ok_rto = tb_total <= TARGET_RTO_SECONDS
    print(f"  1 TB of sealed audio (~{tb_recordings:,.0f} five-minute calls): objects at {object_bytes / copy_seconds / 1e6:,.0f} MB/s "
          f"= {fmt_duration(tb_copy)}, the per-recording steps x{tb_recordings / recordings:,.0f} = {fmt_duration(tb_rest)}, "
          f"serve {serve_seconds:.1f} s -> RTO {fmt_duration(tb_total)} (target <= {TARGET_RTO_SECONDS // 60} min) {verdict(ok_rto)}")
    if not ok_rto:
        fits = TARGET_RTO_SECONDS / tb_total * TERABYTE
        print(f"  at these rates a 15-minute RTO holds up to {fits / 1e9:,.0f} GB of sealed audio on this machine")
    shutil.rmtree(root, ignore_errors=True)
    return backup_ratio > TARGET_BACKUP_VS_CP or restore_ratio > TARGET_RESTORE_VS_CP or not ok_rto
