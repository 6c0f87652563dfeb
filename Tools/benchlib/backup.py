"""The backup section (issue 20), on two vaults: one of --backup-recordings (default 10,000;
--quick 2,000) recordings of a 5-second speech WAV over 100 subjects (the per-recording costs), and
one of 40 five-minute recordings encoded at 256 kbit/s (the per-byte costs: 9 MB objects, so the
copy is measured over 380 MB; --quick: 10).

1. Throughput, on the large-object vault: `callvault backup --to DIR` (a full backup into a new
   directory) against `cp -r` of the same bytes (objects/ and catalog.sqlite), and `callvault
   restore` (every file hashed against the signed manifest, the chain verified, every data key
   unwrapped, the vault opened) against `cp -r` of the backup, interleaved --runs times, median.
   The targets are against `cp -r` followed by `sync -f` of the copy: a backup or a restore is on
   disk when it returns (it syncs before it publishes), while `cp -r` returns with the bytes still
   in the page cache, so alone it compares a write to disk with a copy in memory. `cp -r` alone is
   printed beside it. Every timed command starts after an untimed `sync`, so none pays for the
   write-back of the one before.
2. On the many-recordings vault: the same backup and restore (reported against cp -r, no target:
   5-second objects of 12 KB make it a test of per-file and per-recording costs), an incremental
   backup after 1 % more recordings, and the RTO drill: the restore's steps from its own report,
   then `callvault serve` on the restored vault until a consent check is answered. And a warm
   standby of it: the follower's first pass, a backup and pass after 1 % more recordings (the
   RPO's parts: the backup interval, the backup, the follower's look, its pass), and the
   failover (`standby promote`, then serve until a consent check is answered).
   Then the same backup into an S3 bucket and the restore from it (a one-node Ceph radosgw on
   loopback, started by `Tools/ceph` for the run) against curl's own S3 client (`--aws-sigv4`,
   one transfer at once a core, as the backup's workers) uploading and then downloading the same files:
   the S3 API's cost is in both, so the ratio is callvault's own (hashing, the manifest, the checks).
   And a vault on PostgreSQL (`Tools/postgres`) with a fifth as many recordings: its backup against
   pg_dump of its database and cp -r of its objects, then the disaster drill: the key store restored
   from its key backup where no vault is, the backup restored as a vault on one box, and serve
   until a consent check is answered.
3. The RTO for 1 TB of sealed audio (~1.7 million five-minute calls at 16 kbit/s, 600 KB each):
   the restore's objects step modelled as files x a per-file cost + bytes x a per-byte cost, both
   solved from the two vaults' objects steps, plus the other steps per recording scaled by the
   number of calls.

Targets: backup/cp <= 1.5 and restore/cp <= 1.5 (large-object vault), the same against curl for a
bucket, RTO for 1 TB <= 15 minutes.
"""

import json
import os
import shutil
import statistics
import subprocess
import time
import urllib.request

from .common import fmt_duration, log, measure, run_checked, verdict
from .catalogs import POSTGRES, start_postgres
from .objects import CEPH, start_ceph
from .server import free_port, wait_for_port
from .speech import make_base_clip, make_speech_wav

TARGET_BACKUP_VS_CP = 1.5
TARGET_RESTORE_VS_CP = 1.5
TARGET_RTO_SECONDS = 15 * 60
SUBJECTS = 100
CALL_BYTES = 5 * 60 * 16000 // 8  # a 5-minute call at 16 kbit/s
TERABYTE = 10 ** 12


def fill(callvault, root, wav, count, extra=(), catalog=None, env=None):
    """A vault at root/vault with `count` recordings of `wav` over SUBJECTS subjects (`extra`: ingest
    options; `catalog`: a PostgreSQL location, its password in `env`)."""
    vault = root / "vault"
    run_checked([callvault, "init", "--vault", vault, "--key-store", root / "keys"] + (["--catalog", catalog] if catalog else []), env=env)
    inputs = root / "inputs"
    subjects = min(SUBJECTS, count)
    per = count // subjects
    made = 0
    for s in range(subjects):
        n = per if s < subjects - 1 else count - made
        if n <= 0:
            break
        directory = inputs / f"s{s:03d}"
        directory.mkdir(parents=True)
        for i in range(n):
            os.link(wav, directory / f"call-{i:05d}.wav")
        run_checked([callvault, "ingest", "--vault", vault, "--subject-phone", f"+86139{s:04d}{s:04d}", *extra, directory], env=env)
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
        if answer.get("decision") not in ("allow", "deny"):
            raise SystemExit(f"bench: the restored vault's consent check answered {answer!r}")
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=10)


def standby_drill(callvault, root, vault, wav, count):
    """A standby of `vault`: a backup carrying the key store to its recipient, the first pass,
    1 % more recordings, the next backup and pass (timed), then the promotion and serve until a
    consent check is answered."""
    identity = root / "standby.key"
    run_checked(["age-keygen", "-o", identity])
    recipient = run_checked(["age-keygen", "-y", identity]).strip()
    backups, site = root / "standby-backups", root / "standby"
    audit_key = root / "audit-key.pem"
    audit_key.write_text(run_checked([callvault, "audit", "public-key", "--vault", vault]))
    follow = [callvault, "standby", "follow", "--standby", site, "--from", backups, "--identity", identity, "--once", "--json",
              "--audit-key", audit_key]
    log("backup: the standby's first pass")
    run_checked([callvault, "backup", "--vault", vault, "--to", backups, "--standby-recipient", recipient])
    full = measure(follow, root / "follow.out")
    late = root / "late"
    late.mkdir()
    n = max(1, count // 100)
    for i in range(n):
        os.link(wav, late / f"later-{i:05d}.wav")
    run_checked([callvault, "ingest", "--vault", vault, "--subject-phone", "+8613900010002", late])
    backup = measure([callvault, "backup", "--vault", vault, "--to", backups, "--standby-recipient", recipient], root / "backup.out")
    log("backup: the standby's incremental pass")
    apply = measure(follow, root / "follow.out")
    restore = json.loads((root / "follow.out").read_text())["restore"]
    promote = measure([callvault, "standby", "promote", "--standby", site, "--json"], root / "promote.out")
    promoted = json.loads((root / "promote.out").read_text())
    serve = first_check_seconds(callvault, promoted["vault"], promoted["key_store"])
    return {"apply-full": full.wall, "late": n, "backup": backup.wall, "apply": apply.wall, "reused": restore["objects_reused"],
            "objects": restore["objects"], "promote": promote.wall, "serve": serve}


def postgres_drill(callvault, work, root, wav, count):
    """A vault on PostgreSQL (`Tools/postgres`, loopback) with `count` recordings: `callvault backup`
    against the database's own tool and cp -r (pg_dump of the catalog's database, then cp -r of
    the objects, then sync -f of the copy); then the disaster: the key store restored from its key backup where no vault is,
    `callvault restore` of the backup as a vault on one box, serve until a consent check is answered."""
    directory, password, database = start_postgres(work)
    env = {**os.environ, "PGPASSWORD": password}
    try:
        location = database("bench_backup")
        log(f"backup: ingesting {count:,} recordings into a vault on PostgreSQL")
        vault = fill(callvault, root, wav, count, catalog=location, env=env)
        backups = root / "pg-backups"
        settle()
        backup = measure([callvault, "backup", "--vault", vault, "--to", backups, "--json"], root / "pg-backup.out", env=env)
        result = json.loads((root / "pg-backup.out").read_text())
        settle()
        reference = measure(["sh", "-c", 'pg_dump -Fc -f "$1/pg.dump" "$2" && cp -r "$3/objects" "$1/objects-copy" && sync -f "$1"',
                             "sh", root, location, vault], root / "pg-dump.out", env=env)
        passphrase = root / "passphrase"
        passphrase.write_text("bench passphrase\n")
        keys_backup = measure([callvault, "keys", "backup", "--vault", vault, "--out", root / "keys.age", "--passphrase-file", passphrase],
                              root / "pg-keys.out", env=env)
    finally:
        subprocess.run([POSTGRES, "down", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The new machine: no database, no vault.
    restored, restored_keys = root / "one-box", root / "one-box-keys"
    keys_restore = measure([callvault, "keys", "restore", root / "keys.age", "--vault", restored, "--key-store", restored_keys,
                            "--passphrase-file", passphrase], root / "pg-keys-restore.out")
    restore = measure([callvault, "restore", "--from", backups, "--vault", restored, "--key-store", restored_keys, "--json"],
                      root / "pg-restore.out")
    report = json.loads((root / "pg-restore.out").read_text())
    if report["objects"] != result["objects"]:
        raise SystemExit(f"bench: the one-box restore holds {report['objects']} objects, the backup {result['objects']}")
    serve = first_check_seconds(callvault, restored, restored_keys)
    return {"recordings": count, "backup": backup.wall, "reference": reference.wall, "keys-backup": keys_backup.wall,
            "keys-restore": keys_restore.wall, "restore": restore.wall, "serve": serve}


def settle():
    """Writes every dirty page back, untimed, so each timed command starts from the same state and
    pays for no earlier command's write-back."""
    subprocess.run(["sync"], check=True)


def backup_and_restore(callvault, root, vault, runs, label):
    """Backs `vault` up and restores it `runs` times, each against cp -r of the same bytes, alone and
    followed by `sync -f` of the copy (as durable as the backup, which syncs what it wrote before it
    publishes its manifest); returns the medians, the restore reports, and the last backup directory
    and restored vault."""
    keys = root / "keys"
    samples = {"backup": [], "cp": [], "cp-sync": [], "restore": [], "cp-restore": [], "cp-sync-restore": []}
    reports = []

    def reference(name, sources, sync):
        copy = root / f"cp-{name}"
        copy.mkdir()
        command = ["cp", "-r", *sources, copy]
        if sync:
            command = ["sh", "-c", 'cp -r "$@" "$0" && sync -f "$0"', copy, *sources]
        settle()
        sample = measure(command, root / "cp.out")
        shutil.rmtree(copy)
        return sample

    for i in range(runs):
        log(f"{label}: backup and restore, run {i + 1}/{runs}")
        target = root / f"backup-{i}"
        settle()
        samples["backup"].append(measure([callvault, "backup", "--vault", vault, "--to", target, "--json"], root / "backup.out"))
        samples["cp"].append(reference("backup", [vault / "objects", vault / "catalog.sqlite"], sync=False))
        samples["cp-sync"].append(reference("backup", [vault / "objects", vault / "catalog.sqlite"], sync=True))
        keys_copy = root / f"keys-{i}"
        shutil.copytree(keys, keys_copy)
        restored = root / f"restored-{i}"
        settle()
        samples["restore"].append(measure([callvault, "restore", "--from", target, "--vault", restored, "--key-store", keys_copy,
                                           "--json"], root / "restore.out"))
        reports.append(json.loads((root / "restore.out").read_text()))
        samples["cp-restore"].append(reference("restore", [target], sync=False))
        samples["cp-sync-restore"].append(reference("restore", [target], sync=True))
        if i < runs - 1:
            for path in (target, restored, keys_copy):
                shutil.rmtree(path)
    medians = {name: statistics.median(x.wall for x in values) for name, values in samples.items()}
    rss = {name: max(x.maxrss_kib for x in values) / 1024 for name, values in samples.items()}
    last = runs - 1
    return medians, rss, reports, root / f"backup-{last}", root / f"restored-{last}", root / f"keys-{last}"


def curl_config(settings, lines):
    """A curl config file's text: S3 requests SigV4-signed with the run's keys (the payload not
    hashed, as radosgw requires the header to say), then `lines`."""
    head = ['aws-sigv4 = "aws:amz:us-east-1:s3"', f'user = "{settings["AWS_ACCESS_KEY_ID"]}:{settings["AWS_SECRET_ACCESS_KEY"]}"',
            'header = "x-amz-content-sha256: UNSIGNED-PAYLOAD"', "fail", "silent", "show-error"]
    return "\n".join(head + lines) + "\n"


def curl_transfers(settings, bucket, pairs, upload):
    """A curl config moving every (local file, key) pair to or from `bucket`, two at a time."""
    endpoint = settings["CALLVAULT_S3_ENDPOINT"].rstrip("/")
    # As many transfers at once as the backup has workers: one a core.
    lines = ["parallel", f"parallel-max = {os.cpu_count() or 2}"]
    for path, key in pairs:
        lines.append(f'url = "{endpoint}/{bucket}/{key}"')
        lines.append(f'upload-file = "{path}"' if upload else f'output = "{path}"')
    return curl_config(settings, lines)


def bucket_backup_and_restore(callvault, root, vault, runs, settings):
    """Backs `vault` up into a new bucket and restores from it `runs` times, each against curl
    uploading the same files into a bucket and downloading them again; medians. A bucket is made
    and written to first, untimed (radosgw creates its data pools with the first bucket), and the
    two sides take turns going first, since the in-memory OSD slows as it fills."""
    env = {**os.environ, **{k: v for k, v in settings.items() if k.startswith("AWS_")}}
    endpoint = settings["CALLVAULT_S3_ENDPOINT"]
    files = sorted(p for p in (vault / "objects").rglob("*.cvseal")) + [vault / "catalog.sqlite"]
    pairs = [(path, f"copy/{path.relative_to(vault)}") for path in files]
    samples = {"backup": [], "curl-up": [], "restore": [], "curl-down": []}

    def make_bucket(bucket):
        config = root / "curl-make.cfg"
        config.write_text(curl_config(settings, [f'url = "{endpoint.rstrip("/")}/{bucket}"', 'request = "PUT"']))
        run_checked(["curl", "--config", config])

    make_bucket("bench-warm-up")
    config = root / "curl-warm.cfg"
    config.write_text(curl_transfers(settings, "bench-warm-up", [(files[-1], "warm-up")], True))
    run_checked(["curl", "--config", config])

    def callvault_side(i):
        location = f"s3://bench-backup-{i}?endpoint={endpoint}"
        samples["backup"].append(measure([callvault, "backup", "--vault", vault, "--to", location, "--json"], root / "s3-backup.out", env=env))
        keys_copy = root / f"s3-keys-{i}"
        shutil.copytree(root / "keys", keys_copy)
        restored = root / f"s3-restored-{i}"
        samples["restore"].append(measure([callvault, "restore", "--from", location, "--vault", restored, "--key-store", keys_copy, "--json"],
                                          root / "s3-restore.out", env=env))
        shutil.rmtree(restored)
        shutil.rmtree(keys_copy)

    def curl_side(i):
        bucket = f"bench-curl-{i}"
        make_bucket(bucket)
        config = root / "curl-up.cfg"
        config.write_text(curl_transfers(settings, bucket, pairs, True))
        samples["curl-up"].append(measure(["curl", "--config", config], root / "curl.out"))
        down = root / f"curl-down-{i}"
        down.mkdir()
        config = root / "curl-down.cfg"
        config.write_text(curl_transfers(settings, bucket, [(down / f"f{n}", key) for n, (_, key) in enumerate(pairs)], False))
        samples["curl-down"].append(measure(["curl", "--config", config], root / "curl.out"))
        shutil.rmtree(down)

    for i in range(runs):
        log(f"large-object vault: backup into a bucket and restore from it, run {i + 1}/{runs}")
        for side in ((callvault_side, curl_side) if i % 2 == 0 else (curl_side, callvault_side)):
            side(i)
    return {name: statistics.median(x.wall for x in values) for name, values in samples.items()}


def benchmark_backup(args, callvault, work, runs_dir):
    """Runs the section and prints its report; True when a target was missed."""
    count = args.backup_recordings or (2_000 if args.quick else 10_000)
    base = make_base_clip(work)
    short_wav = make_speech_wav(work, base, 5, "backup-speech-5s.wav")
    call_wav = make_speech_wav(work, base, 300, "backup-speech-300s.wav")
    base.unlink()

    def objects_step(report):
        return next(st["seconds"] for st in report["steps"] if st["name"].startswith("copy and check") and "objects" in st["name"])

    # Per byte: large objects.
    large_count = 10 if args.quick else 40
    large_root = runs_dir / "backup-large"
    large_root.mkdir()
    log(f"backup: ingesting {large_count} five-minute recordings at 256 kbit/s")
    large_vault = fill(callvault, large_root, call_wav, large_count, extra=("--bitrate", "256000"))
    large_bytes = tree_bytes(large_vault / "objects") + os.path.getsize(large_vault / "catalog.sqlite")
    large, large_rss, large_reports, *_ = backup_and_restore(callvault, large_root, large_vault, args.runs, "large-object vault")
    large_report = min(large_reports, key=objects_step)
    # Each run leaves a backup and curl's copy in buckets of their own (twice the bytes a run; room for
    # radosgw's own overhead on top), in RAM.
    ceph_dir, settings = start_ceph(work, osd_bytes=(1 << 30) + 3 * large_bytes * args.runs)
    try:
        bucket = bucket_backup_and_restore(callvault, large_root, large_vault, args.runs, settings)
    finally:
        subprocess.run([CEPH, "down", ceph_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(large_root, ignore_errors=True)

    # Per recording: many small ones.
    root = runs_dir / "backup"
    root.mkdir()
    log(f"backup: ingesting {count:,} recordings")
    vault = fill(callvault, root, short_wav, count)
    data_bytes = tree_bytes(vault / "objects") + os.path.getsize(vault / "catalog.sqlite")
    small, small_rss, reports, backups, restored, restored_keys = backup_and_restore(callvault, root, vault, args.runs, "many-recordings vault")

    # Incremental: 1 % more recordings, then a backup into the same directory.
    extra = root / "extra"
    extra.mkdir()
    for i in range(max(1, count // 100)):
        os.link(short_wav, extra / f"late-{i:05d}.wav")
    run_checked([callvault, "ingest", "--vault", vault, "--subject-phone", "+8613900010001", extra])
    incremental = measure([callvault, "backup", "--vault", vault, "--to", backups, "--json"], root / "incremental.out")
    incremental_result = json.loads((root / "incremental.out").read_text())
    serve_seconds = first_check_seconds(callvault, restored, restored_keys)
    standby = standby_drill(callvault, root, vault, short_wav, count)
    pg_root = runs_dir / "backup-postgres"
    pg_root.mkdir()
    postgres = postgres_drill(callvault, work, pg_root, short_wav, max(100, count // 5))
    shutil.rmtree(pg_root, ignore_errors=True)

    print()
    backup_ratio = large["backup"] / large["cp-sync"]
    restore_ratio = large["restore"] / large["cp-sync-restore"]
    print(f"callvault backup benchmark: median of {args.runs} interleaved runs, each against cp -r of the same bytes, "
          f"then sync -f of the copy (as durable as a backup); cp -r alone for reference")
    print(f"  {large_count} five-minute recordings at 256 kbit/s ({large_bytes / 1e6:,.1f} MB):")
    print(f"    backup   {large['backup']:7.2f} s ({large_bytes / large['backup'] / 1e6:,.0f} MB/s, peak RSS {large_rss['backup']:.1f} MiB) "
          f"vs cp -r + sync {large['cp-sync']:.2f} s: {backup_ratio:.2f}x (target <= {TARGET_BACKUP_VS_CP}) "
          f"{verdict(backup_ratio <= TARGET_BACKUP_VS_CP)}; vs cp -r alone {large['cp']:.2f} s: {large['backup'] / large['cp']:.2f}x")
    print(f"    restore  {large['restore']:7.2f} s ({large_bytes / large['restore'] / 1e6:,.0f} MB/s, peak RSS {large_rss['restore']:.1f} MiB) "
          f"vs cp -r + sync of the backup {large['cp-sync-restore']:.2f} s: {restore_ratio:.2f}x (target <= {TARGET_RESTORE_VS_CP}) "
          f"{verdict(restore_ratio <= TARGET_RESTORE_VS_CP)}; vs cp -r alone {large['cp-restore']:.2f} s: "
          f"{large['restore'] / large['cp-restore']:.2f}x")
    bucket_backup_ratio = bucket["backup"] / bucket["curl-up"]
    bucket_restore_ratio = bucket["restore"] / bucket["curl-down"]
    print(f"    into an S3 bucket (radosgw on loopback): backup {bucket['backup']:.2f} s vs curl uploading the same files "
          f"{bucket['curl-up']:.2f} s: {bucket_backup_ratio:.2f}x (target <= {TARGET_BACKUP_VS_CP}) {verdict(bucket_backup_ratio <= TARGET_BACKUP_VS_CP)}")
    print(f"    from it: restore {bucket['restore']:.2f} s vs curl downloading them {bucket['curl-down']:.2f} s: "
          f"{bucket_restore_ratio:.2f}x (target <= {TARGET_RESTORE_VS_CP}) {verdict(bucket_restore_ratio <= TARGET_RESTORE_VS_CP)}")
    print(f"  {count:,} five-second recordings ({data_bytes / 1e6:,.1f} MB, 100 subjects; per-file and per-recording costs, no target):")
    print(f"    backup   {small['backup']:7.2f} s (peak RSS {small_rss['backup']:.1f} MiB) vs cp -r + sync {small['cp-sync']:.2f} s: "
          f"{small['backup'] / small['cp-sync']:.2f}x (cp -r alone {small['cp']:.2f} s)")
    print(f"    restore  {small['restore']:7.2f} s (peak RSS {small_rss['restore']:.1f} MiB) vs cp -r + sync of the backup "
          f"{small['cp-sync-restore']:.2f} s: {small['restore'] / small['cp-sync-restore']:.2f}x (cp -r alone {small['cp-restore']:.2f} s)")
    print(f"    incremental backup {incremental.wall:.2f} s ({incremental_result['objects_copied']:,} of "
          f"{incremental_result['objects']:,} objects copied)")

    print(f"  a warm standby of the same vault (callvault standby follow; backups carrying the key store to its recipient):")
    print(f"    first pass (a full restore)       {standby['apply-full']:7.2f} s")
    print(f"    after {standby['late']:,} more recordings: backup {standby['backup']:.2f} s, applied by the standby in "
          f"{standby['apply']:.2f} s ({standby['reused']:,} of {standby['objects']:,} objects already held, linked)")
    lag = standby["backup"] + standby["apply"]
    print(f"    RPO (writes the standby does not have yet): up to the backup interval + {lag:.1f} s (backup and apply) + the "
          f"follower's --every; with serve --backup-interval 0.0833 (5 min) and follow --every 30: <= {(300 + 30 + lag) / 60:.1f} min")
    print(f"    failover: standby promote {standby['promote']:.2f} s, serve on the promoted vault until a consent check is answered "
          f"{standby['serve']:.2f} s -> RTO {standby['promote'] + standby['serve']:.1f} s, whatever the vault's size")

    pg_ratio = postgres["backup"] / postgres["reference"]
    print(f"  a vault on PostgreSQL, {postgres['recordings']:,} five-second recordings (one run):")
    print(f"    backup {postgres['backup']:.2f} s (the catalog copied into a catalog file from one snapshot, the objects) vs pg_dump "
          f"of its database, cp -r of the objects and sync {postgres['reference']:.2f} s: {pg_ratio:.2f}x (target <= {TARGET_BACKUP_VS_CP}) "
          f"{verdict(pg_ratio <= TARGET_BACKUP_VS_CP)}; keys backup {postgres['keys-backup']:.2f} s")
    pg_rto = postgres["keys-restore"] + postgres["restore"] + postgres["serve"]
    print(f"    on a new machine: keys restore {postgres['keys-restore']:.2f} s, restore as a vault on one box {postgres['restore']:.2f} s, "
          f"serve until a consent check is answered {postgres['serve']:.2f} s -> RTO {pg_rto:.1f} s")

    report = min(reports, key=lambda r: sum(step["seconds"] for step in r["steps"]))
    recordings = count
    print(f"RTO drill on the {recordings:,} recordings (the fastest restore's own report, then serve until a consent check is answered):")
    per_recording = 0.0
    for step in report["steps"]:
        print(f"  {step['seconds']:8.2f} s  {step['name']}")
        if not (step["name"].startswith("copy and check") and "objects" in step["name"]):
            per_recording += step["seconds"]
    print(f"  {serve_seconds:8.2f} s  callvault serve until a consent check is answered")
    total = sum(step["seconds"] for step in report["steps"]) + serve_seconds
    print(f"  {total:8.2f} s  RTO for {recordings:,} recordings")
    tb_recordings = TERABYTE / CALL_BYTES
    # Objects: files x f + bytes x g, from the two vaults' objects steps (n files, b bytes, t seconds each).
    (n1, b1, t1), (n2, b2, t2) = ((r["objects"], r["bytes"], objects_step(r)) for r in (report, large_report))
    per_byte = max((t2 * n1 - t1 * n2) / (b2 * n1 - b1 * n2), 1e-12)
    per_file = max((t1 - b1 * per_byte) / n1, 0.0)
    copy_rate = 1 / per_byte
    tb_objects = TERABYTE * per_byte + per_file * tb_recordings
    tb_rest = per_recording * tb_recordings / recordings
    tb_total = tb_objects + tb_rest + serve_seconds
    ok_rto = tb_total <= TARGET_RTO_SECONDS
    print(f"  1 TB of sealed audio (~{tb_recordings:,.0f} five-minute calls): objects {tb_objects / 60:,.1f} min "
          f"({copy_rate / 1e6:,.0f} MB/s plus {per_file * 1e6:,.0f} us a file), the other steps "
          f"x{tb_recordings / recordings:,.0f} = {tb_rest / 60:,.1f} min, serve {serve_seconds:.1f} s -> RTO {tb_total / 60:,.1f} min "
          f"(target <= {TARGET_RTO_SECONDS // 60} min) {verdict(ok_rto)}")
    if not ok_rto:
        fits = TARGET_RTO_SECONDS / tb_total * TERABYTE
        print(f"  at these rates a 15-minute RTO holds up to {fits / 1e9:,.0f} GB of sealed audio (~{fits / CALL_BYTES:,.0f} calls) on this machine")
    shutil.rmtree(root, ignore_errors=True)
    return (backup_ratio > TARGET_BACKUP_VS_CP or restore_ratio > TARGET_RESTORE_VS_CP or not ok_rto or pg_ratio > TARGET_BACKUP_VS_CP
            or bucket_backup_ratio > TARGET_BACKUP_VS_CP or bucket_restore_ratio > TARGET_RESTORE_VS_CP)
