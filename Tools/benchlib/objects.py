"""The object-store section (issue 18): `callvault ingest` of one speech WAV (10 minutes; 2 with
--quick) into a vault whose sealed objects go to S3 with Object Lock (a one-node Ceph with radosgw
on loopback, started by `Tools/ceph` for the run) against the same ingest into a vault on local
files, interleaved --runs times, median wall time; then, unless --quick, one ingest of a 90-minute
WAV into each (its sealed object is above the 8 MiB part size, so it goes up as a multipart upload)
with the peak RSS of both.

Target: S3/local <= 1.30 in wall time. The S3 figure includes the upload, the lock read back with
HEAD and the loopback radosgw's own work, on the same two cores.
"""

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from .common import fmt_duration, log, measure, mib, run_checked, verdict, warm_page_cache
from .speech import make_base_clip, make_long_wav, make_speech_wav

TARGET_S3_VS_LOCAL = 1.30
CEPH = Path(__file__).resolve().parent.parent / "ceph"
PORT = "7790"


def start_ceph(work, osd_bytes=None):
    """Starts the cluster (its memstore OSD of `osd_bytes`, Tools/ceph's 1 GiB by default) and
    returns its S3 settings (environment variables)."""
    directory = work / "ceph"
    env = {**os.environ, "CALLVAULT_CEPH_PORT": PORT, **({"CALLVAULT_CEPH_BYTES": str(osd_bytes)} if osd_bytes else {})}
    result = subprocess.run([CEPH, "up", directory], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: Tools/ceph up failed: {result.stderr.strip()[-800:]}")
    settings = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return directory, settings


def benchmark_objects(args, callvault, work, runs_dir):
    """Runs the section and prints its report; True when the target was missed."""
    seconds = round((2 if args.quick else 10) * 60)
    base = make_base_clip(work)
    speech = make_speech_wav(work, base, seconds, f"objects-speech-{seconds}s.wav")
    base.unlink()
    ceph_dir, settings = start_ceph(work)
    env = {**os.environ, **{k: v for k, v in settings.items() if k.startswith("AWS_")}}
    try:
        vaults = {}
        for name, extra in (("local", []), ("s3", ["--objects", f"s3://callvault-bench?endpoint={settings['CALLVAULT_S3_ENDPOINT']}"])):
            root = runs_dir / f"objects-{name}"
            root.mkdir()
            run_checked([callvault, "init", "--vault", root / "vault", "--key-store", root / "keys"] + extra, env=env)
            vaults[name] = root
        warm_page_cache(speech)
        samples = {name: [] for name in vaults}
        for i in range(args.runs):
            for name, root in vaults.items():
                log(f"objects run {i + 1}/{args.runs}: {name}")
                samples[name].append(measure([callvault, "ingest", "--vault", root / "vault", speech], root / "ingest.out", env=env))
        long_samples = None
        if not args.quick:
            long_seconds = 90 * 60
            long_wav = make_long_wav(work, speech, long_seconds, f"objects-long-{long_seconds}s.wav")
            try:
                warm_page_cache(long_wav)
                long_samples = {}
                for name, root in vaults.items():
                    log(f"objects {fmt_duration(long_seconds)}: {name}")
                    long_samples[name] = measure([callvault, "ingest", "--vault", root / "vault", long_wav], root / "long.out", env=env)
            finally:
                long_wav.unlink(missing_ok=True)
        for name, root in vaults.items():
            verified = subprocess.run([callvault, "verify", "--vault", root / "vault"], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if verified.returncode != 0:
                sys.exit(f"bench: verify of the {name} vault failed: {verified.stdout}{verified.stderr}")
    finally:
        subprocess.run([CEPH, "down", ceph_dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return report_objects(args, seconds, samples, long_samples)


def report_objects(args, seconds, samples, long_samples):
    med = {name: statistics.median(s.wall for s in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(s.cpu for s in runs) for name, runs in samples.items()}
    rss = {name: max(s.maxrss_kib for s in runs) for name, runs in samples.items()}
    label = fmt_duration(seconds)
    print()
    print(f"object store benchmark: ingest of {label} of 8 kHz speech into a vault on local files and into one on "
          f"S3 with Object Lock (radosgw 16 on loopback, one memstore OSD); median of {args.runs} interleaved runs")
    for name, runs in samples.items():
        print(f"  {name:6} wall {med[name]:6.2f} s (runs {' '.join(f'{s.wall:.2f}' for s in runs)}), "
              f"CPU {cpu[name]:.2f} s, peak RSS {mib(rss[name]):.1f} MiB")
    ratio = med["s3"] / med["local"]
    ok = ratio <= TARGET_S3_VS_LOCAL
    print(f"ingest {label} to S3 / to local files = {ratio:.2f} (target <= {TARGET_S3_VS_LOCAL:.2f}) {verdict(ok)}")
    if long_samples:
        lo, s3 = long_samples["local"], long_samples["s3"]
        print(f"ingest 1h30m (multipart upload): local {lo.wall:.2f} s, S3 {s3.wall:.2f} s -> {s3.wall / lo.wall:.2f}; "
              f"peak RSS local {mib(lo.maxrss_kib):.1f} MiB, S3 {mib(s3.maxrss_kib):.1f} MiB")
    else:
        print("ingest 1h30m (multipart upload): skipped (--quick)")
    return not ok
