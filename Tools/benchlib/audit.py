"""The audit-log section (issue 4), with `callvault-bench-tool` (Tools/BenchTool): durable appends
per second from 8 and 16 concurrent writer threads against 1 writer (the in-run reference that
shows the group-commit gain), each on a fresh vault, with the catalog's `PRAGMA synchronous` and,
under strace, fdatasync/fsync calls per commit; and `callvault audit verify` of 1,000,000 entries
(100,000 with --quick) against `sha256sum` over the same entries exported canonically (`callvault
audit export`), interleaved --runs times, with the peak RSS of the verify.

Targets: >= 5000 durable appends/s with concurrent writers; verify <= 3 x sha256sum.
"""

import json
import re
import shutil
import statistics
import sys
from pathlib import Path

from .common import log, measure, mib, run_checked, tool_versions, verdict, warm_page_cache

TARGET_APPENDS_PER_S = 5000.0
TARGET_VERIFY_VS_SHA256SUM = 3.00
AUDIT_WRITERS = (1, 8, 16)   # 1 is the in-run reference; the others are the concurrent runs


def audit_bench(audit_bin, *args):
    """Runs one callvault-bench-tool command and returns the JSON object it prints."""
    return json.loads(run_checked([audit_bin, *map(str, args)]))


def count_syncs(audit_bin, vault, seconds):
    """Runs a 1-writer append loop under `strace -c` and returns (fdatasync + fsync calls, appends).

    With one writer every append is its own transaction, so the calls per append are the calls
    per commit. Returns None when strace is not installed.
    """
    if not shutil.which("strace"):
        return None
    trace = Path(f"{vault}.strace")
    out = run_checked(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", trace,
                       audit_bin, "appends", "--vault", vault, "--writers", "1", "--seconds", str(seconds)])
    calls = 0
    for line in trace.read_text().splitlines():
        fields = line.split()
        if fields and fields[-1] in ("fsync", "fdatasync"):
            calls += int(fields[3])  # % time, seconds, usecs/call, calls, [errors,] syscall
    trace.unlink()
    return calls, json.loads(out)["appends"]


def bench_appends(args, audit_bin, work):
    """Appends/s from each writer count in AUDIT_WRITERS, each on a new vault, plus the durability probe."""
    seconds = 1 if args.quick else 3
    runs = {}
    for writers in AUDIT_WRITERS:
        log(f"audit appends: {writers} writer(s) for {seconds} s")
        runs[writers] = audit_bench(audit_bin, "appends", "--vault", work / f"appends-{writers}",
                                    "--writers", writers, "--seconds", seconds)
    probe = None
    if shutil.which("strace"):
        log("audit appends: counting fdatasync/fsync calls per commit under strace")
        # Vault creation syncs a few files too: a 0-second run measures that baseline.
        base_calls, _ = count_syncs(audit_bin, work / "syncs-0", 0)
        calls, appends = count_syncs(audit_bin, work / "syncs-1", 1)
        probe = (calls - base_calls, appends)
    return runs, probe


def fill_and_export(callvault, audit_bin, work, entries):
    """Makes a vault of `entries` audit entries and exports them; returns (vault, fill JSON, export file)."""
    vault = work / "verify-vault"
    log(f"audit verify: filling a vault with {entries:,} entries (batches of 10,000)")
    fill = audit_bench(audit_bin, "fill", "--vault", vault, "--entries", entries)
    exported = work / "entries.jsonl"
    log("audit verify: exporting the canonical entries")
    measure([callvault, "audit", "export", "--vault", vault], exported)
    return vault, fill, exported


def bench_verify(args, callvault, audit_bin, work):
    """Times `callvault audit verify` and `sha256sum` over the exported entries, interleaved."""
    entries = 100_000 if args.quick else args.audit_entries
    vault, fill, exported = fill_and_export(callvault, audit_bin, work, entries)
    warm_page_cache(exported)
    warm_page_cache(vault / "catalog.sqlite")
    verify, sha = [], []
    verified_entries = None
    for i in range(args.runs):
        log(f"audit verify: run {i + 1}/{args.runs}: callvault audit verify")
        verify.append(measure([callvault, "audit", "verify", "--vault", vault], work / "verify.out"))
        match = re.search(r"audit log intact: (\d+) entries", (work / "verify.out").read_text())
        if not match:
            sys.exit(f"bench: callvault audit verify printed {(work / 'verify.out').read_text()!r}")
        verified_entries = int(match.group(1))
        log(f"audit verify: run {i + 1}/{args.runs}: sha256sum")
        sha.append(measure(["sha256sum", exported], work / "sha256sum.out"))
    # Where verify's time goes: opening the vault vs AuditLog.verify() alone (no entry appended).
    split = audit_bench(audit_bin, "verify", "--vault", vault)
    return {"entries": verified_entries, "fill": fill, "bytes": exported.stat().st_size,
            "lines": sum(1 for _ in open(exported, "rb")), "verify": verify, "sha256sum": sha, "split": split}


def benchmark_audit(args, callvault, audit_bin, work):
    """Runs the audit-log section in its own directory (deleted afterwards) and returns its figures."""
    audit_dir = work / "audit"
    shutil.rmtree(audit_dir, ignore_errors=True)
    audit_dir.mkdir()
    try:
        appends, probe = bench_appends(args, audit_bin, audit_dir)
        verify = bench_verify(args, callvault, audit_bin, audit_dir)
    finally:
        shutil.rmtree(audit_dir, ignore_errors=True)
    return appends, probe, verify


def report_audit(args, appends, probe, verify):
    """Prints the audit-log figures with their verdicts; returns True when a target was missed."""
    failed = False
    reference = appends[1]
    any_run = next(iter(appends.values()))
    sha_version = run_checked(["sha256sum", "--version"]).splitlines()[0]
    print(f"callvault audit-log benchmark on {tool_versions()['machine']}; reference {sha_version}")
    print(f"audit log appends: realistic entries, each durable on return (catalog: journal_mode "
          f"{any_run.get('journal_mode', '?')}, synchronous {any_run.get('synchronous', '?')}); "
          f"{'1 s' if args.quick else '3 s'} a run, a new vault each")
    print(f"  {'writers':>7} {'appends':>8} {'per second':>11} {'vs 1 writer':>12} {'p50 latency':>12} {'p99 latency':>12}")
    for writers, run in appends.items():
        print(f"  {writers:>7} {run['appends']:>8} {run['per_second']:>11.0f} "
              f"{run['per_second'] / reference['per_second']:>11.2f}x "
              f"{run['latency_p50_ms']:>9.2f} ms {run['latency_p99_ms']:>9.2f} ms")
    durable = None
    if probe:
        calls, count = probe
        per_commit = calls / count if count else 0.0
        durable = per_commit >= 0.99
        print(f"  durability probe (1 writer, strace): {calls} fdatasync/fsync calls for {count} appends "
              f"= {per_commit:.2f} per commit ({'each commit synced' if durable else 'commits NOT synced'})")
    else:
        print("  durability probe: skipped (strace is not installed)")
    if any_run.get("synchronous") not in (None, "FULL", "EXTRA"):
        durable = False
    for writers, run in appends.items():
        if writers == 1:
            continue
        ok = run["per_second"] >= TARGET_APPENDS_PER_S and durable is not False
        failed |= not ok
        note = "" if durable is not False else " (appends are not durable: target not met as stated)"
        print(f"appends, {writers} writers: {run['per_second']:,.0f}/s, {run['per_second'] / reference['per_second']:.2f}x "
              f"the 1-writer {reference['per_second']:,.0f}/s (target >= {TARGET_APPENDS_PER_S:,.0f}/s) "
              f"{verdict(ok)}{note}")

    v_med = statistics.median(s.wall for s in verify["verify"])
    s_med = statistics.median(s.wall for s in verify["sha256sum"])
    ratio = v_med / s_med
    ok_verify = ratio <= TARGET_VERIFY_VS_SHA256SUM
    failed |= not ok_verify
    n, mb = verify["entries"], verify["bytes"] / 1e6
    fill = verify["fill"]
    split = verify["split"]
    rss = max(s.maxrss_kib for s in verify["verify"])
    print()
    print(f"audit log verify: {fill['entries']:,} entries filled in {fill['seconds']:.1f} s "
          f"({fill['per_second']:,.0f}/s, batches of 10,000); exported {verify['lines']:,} lines, {mb:.1f} MB; "
          f"median of {args.runs} interleaved runs")
    print(f"  callvault audit verify: {' '.join(f'{s.wall:.2f}' for s in verify['verify'])} s "
          f"({n / v_med:,.0f} entries/s, {mb / v_med:.1f} MB/s, CPU {statistics.median(s.cpu for s in verify['verify']):.2f} s)")
    print(f"  sha256sum:              {' '.join(f'{s.wall:.2f}' for s in verify['sha256sum'])} s "
          f"({verify['lines'] / s_med:,.0f} entries/s, {mb / s_med:.1f} MB/s)")
    print(f"  of verify, measured apart: opening the vault {split['open_seconds']:.2f} s, "
          f"AuditLog.verify() alone {split['verify_seconds']:.2f} s")
    print(f"verify {n:,} entries: callvault {v_med:.2f} s, sha256sum {s_med:.2f} s over {mb:.1f} MB "
          f"-> verify/sha256sum = {ratio:.2f} (target <= {TARGET_VERIFY_VS_SHA256SUM:.2f}) {verdict(ok_verify)}")
    runs_rss = " ".join(f"{mib(s.maxrss_kib):.1f}" for s in verify["verify"])
    print(f"peak RSS audit verify {n:,} entries: callvault {mib(rss):.1f} MiB (runs: {runs_rss} MiB; verification "
          f"streams the log, so this should not grow with it: compare --quick); sha256sum "
          f"{mib(max(s.maxrss_kib for s in verify['sha256sum'])):.1f} MiB")
    return failed
