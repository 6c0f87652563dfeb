"""The command line and the run: parses the options (the same flags and defaults as ever), checks the
tools, finds the binaries, then runs the sections in a fixed order (ingest, audio redaction, capture
ingest, audit log, evidence bundles, HTTP API, key rotation, consent), each printing its report.
Measures nothing itself; the sections' modules say what each one measures against what.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .audit import benchmark_audit, report_audit
from .backup import benchmark_backup
from .bundle import benchmark_bundle
from .catalogs import benchmark_catalogs
from .capture import benchmark_capture
from .live import benchmark_live
from .monitor import benchmark_monitor
from .common import check_rss_launcher, find_or_build_binaries, log
from .console import benchmark_console
from .consent import benchmark_consent, report_consent
from .ingest import benchmark_ingest
from .objects import benchmark_objects
from .keys import ROTATE_TARGET_SUBJECTS, benchmark_keys, report_keys
from .redaction import benchmark_redaction
from .selfcheck import self_check
from .server import benchmark_server


def parse_args(description):
    p = argparse.ArgumentParser(description=description,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Targets: callvault/ffmpeg <= 1.10, callvault/opusenc <= 0.50, "
                                       "peak RSS on a 4-hour 8 kHz WAV < 64 MiB; audit log: >= 5000 durable "
                                       "appends/s with concurrent writers, verify <= 3 x sha256sum time; key "
                                       "rotation: rewrap 1,000,000 subject keys with the KEK file < 120 s; consent at 10,000,000 "
                                       "numbers: >= 100,000 checks/s, a screen of 1,000,000 numbers < 10 s.")
    p.add_argument("--bin", default=os.environ.get("CALLVAULT_BIN"),
                   help="callvault binary to measure (default: $CALLVAULT_BIN, else build it in release mode)")
    p.add_argument("--runs", type=int, default=3, help="runs of each contender; the median is reported (default 3)")
    p.add_argument("--bitrate", type=int, default=16000, help="bit/s for every encoder (default 16000)")
    p.add_argument("--complexity", type=int, default=10, choices=range(11), metavar="0-10",
                   help="Opus complexity for every encoder (default 10)")
    p.add_argument("--minutes", type=float, default=10.0, help="length of the speech input (default 10)")
    p.add_argument("--long-hours", type=float, default=4.0, help="length of the RSS-check input (default 4)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: a 2-minute input, no 4-hour file; audit: 1-s append runs, 100,000 entries; "
                        "key rotation: 100,000 subject keys")
    p.add_argument("--skip-audit", action="store_true", help="skip the audit-log section")
    p.add_argument("--skip-keys", action="store_true", help="skip the key-rotation section")
    p.add_argument("--skip-ingest", action="store_true", help="skip the ingest section")
    p.add_argument("--skip-catalogs", action="store_true", help="skip the catalog section (consent checks and audit appends on PostgreSQL against SQLite; needs PostgreSQL, Tools/setup)")
    p.add_argument("--catalog-seconds", type=int, default=10, help="seconds of each load of the catalog section (default 10; --quick: 4)")
    p.add_argument("--skip-objects", action="store_true", help="skip the object-store section (ingest to S3 with Object Lock against local files; needs Ceph, Tools/setup)")
    p.add_argument("--skip-capture", action="store_true", help="skip the capture-ingest (RTP) section")
    p.add_argument("--skip-live", action="store_true", help="skip the live-recording (SIPREC) section")
    p.add_argument("--live-calls", type=int, default=None, help="calls at once in the live-recording section (default 200; --quick: 20)")
    p.add_argument("--live-complexity", type=int, default=10, choices=range(11), metavar="0-10",
                   help="Opus complexity of the live calls (serve --siprec-complexity) and of the file path they are compared with (default 10)")
    p.add_argument("--live-seconds", type=float, default=None, help="seconds of each live call (default 20; --quick: 5)")
    p.add_argument("--skip-monitor", action="store_true",
                   help="skip the live-monitoring section (streamed transcripts of live calls, alerts to a webhook within 1 s)")
    p.add_argument("--monitor-calls", type=int, default=None, help="calls at once in the live-monitoring section (default 200; --quick: 20)")
    p.add_argument("--monitor-seconds", type=float, default=None, help="seconds of each call's streamed transcript (default 20; --quick: 8)")
    p.add_argument("--skip-redaction", action="store_true", help="skip the audio-redaction (transcripts add) section")
    p.add_argument("--skip-bundle", action="store_true", help="skip the evidence-bundle section")
    p.add_argument("--bundle-recordings", type=int, default=None,
                   help="2-minute recordings in the evidence bundle (default 1,000; --quick: 200)")
    p.add_argument("--skip-server", action="store_true", help="skip the HTTP API section (wrk against callvault serve and nginx)")
    p.add_argument("--wrk-seconds", type=int, default=10, help="seconds of each wrk run of the HTTP API section (default 10)")
    p.add_argument("--capture-mb", type=float, default=None,
                   help="size of the G.711 capture of the capture-ingest section (default 100; --quick: 10)")
    p.add_argument("--audit-entries", type=int, default=1_000_000,
                   help="entries in the log that is verified (default 1,000,000; --quick: 100,000)")
    p.add_argument("--key-subjects", type=int, default=None,
                   help="subject keys rotated with the file KEK (default 1,000,000; --quick: 100,000)")
    p.add_argument("--hsm-subjects", type=int, default=100_000,
                   help="subject keys rotated with the SoftHSM2 KEK (default 100,000; the rate is extrapolated "
                        "to 1,000,000)")
    p.add_argument("--skip-console", action="store_true", help="skip the console section (its recordings search on 1,000,000 recordings against 1,000)")
    p.add_argument("--console-recordings", type=int, default=None, help="recordings in the console section's large vault (default 1,000,000; --quick: 100,000)")
    p.add_argument("--console-requests", type=int, default=20, help="requests of each console page (default 20)")
    p.add_argument("--skip-backup", action="store_true", help="skip the backup section (backup and restore against cp -r, the RTO drill)")
    p.add_argument("--backup-recordings", type=int, default=None, help="recordings in the backup section's vault (default 10,000; --quick: 2,000)")
    p.add_argument("--skip-consent", action="store_true", help="skip the consent-check section")
    p.add_argument("--consent-subjects", type=int, default=None,
                   help="numbers in the consent store (default 1,000,000; --quick: 100,000; the issue's target "
                        "size is 10,000,000)")
    p.add_argument("--consent-checks", type=int, default=None,
                   help="single consent checks timed (default 1,000,000; --quick: 200,000)")
    p.add_argument("--consent-store", help="keep the consent vault here and reuse it in later runs with the same "
                                           "--consent-subjects (filling 10,000,000 numbers takes many minutes); "
                                           "default: a new one in the work directory, deleted afterwards")
    p.add_argument("--workdir", help="where inputs are made (and the speech input kept); default: a temp dir")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    p.add_argument("--self-check", action="store_true",
                   help="check the peak-RSS measurement only (no callvault binary needed): with this process "
                        "holding 200 MiB, a small command must report a few MiB, and one that allocates "
                        "100 MiB about that; exits 1 when it does not")
    args = p.parse_args()
    if args.self_check:
        return args
    if args.quick:
        args.minutes = 2.0
    if args.live_calls is None:
        args.live_calls = 20 if args.quick else 200
    if args.live_seconds is None:
        args.live_seconds = 5.0 if args.quick else 20.0
    if args.monitor_calls is None:
        args.monitor_calls = 20 if args.quick else 200
    if args.monitor_seconds is None:
        args.monitor_seconds = 8.0 if args.quick else 20.0
    if args.monitor_calls < 1 or args.monitor_seconds < 4:
        p.error("--monitor-calls must be at least 1 and --monitor-seconds at least 4")
    if args.live_calls < 1 or args.live_seconds < 1:
        p.error("--live-calls and --live-seconds must be at least 1")
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if args.audit_entries < 1:
        p.error("--audit-entries must be at least 1")
    if args.key_subjects is None:
        args.key_subjects = 100_000 if args.quick else ROTATE_TARGET_SUBJECTS
    if args.key_subjects < 1 or args.hsm_subjects < 1:
        p.error("--key-subjects and --hsm-subjects must be at least 1")
    if args.bundle_recordings is None:
        args.bundle_recordings = 200 if args.quick else 1000
    if args.bundle_recordings < 10:
        p.error("--bundle-recordings must be at least 10")
    if args.consent_subjects is None:
        args.consent_subjects = 100_000 if args.quick else 1_000_000
    if args.consent_checks is None:
        args.consent_checks = 200_000 if args.quick else 1_000_000
    if args.consent_subjects < 1 or args.consent_checks < 1:
        p.error("--consent-subjects and --consent-checks must be at least 1")
    if args.console_recordings is None:
        args.console_recordings = 100_000 if args.quick else 1_000_000
    if args.console_recordings < 10_000 or args.console_requests < 1:
        p.error("--console-recordings must be at least 10,000 and --console-requests at least 1")
    if args.capture_mb is None:
        args.capture_mb = 10.0 if args.quick else 100.0
    if args.capture_mb < 1:
        p.error("--capture-mb must be at least 1")
    sections = ("audit", "ingest", "objects", "catalogs", "keys", "capture", "live", "monitor", "redaction", "bundle", "server", "console", "backup", "consent")
    if all(getattr(args, f"skip_{name}") for name in sections):
        p.error(", ".join(f"--skip-{name}" for name in sections) + " together leave nothing to measure")
    if args.minutes <= 0 or round(args.long_hours * 3600) % round(args.minutes * 60):
        p.error("--long-hours must be a whole multiple of --minutes (the long file repeats the speech input)")
    return args


def main(description):
    """Runs the sections in their fixed order; the exit status is 1 only with --strict and a missed target."""
    args = parse_args(description)
    if args.self_check:
        return self_check()
    needed = (([] if args.skip_ingest else ["ffmpeg", "opusenc", "sox"]) + ([] if args.skip_audit else ["sha256sum"])
              + ([] if args.skip_bundle else ["sox", "age-keygen"]) + ([] if args.skip_server else ["wrk", "nginx"]))
    for tool in needed:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is not installed")
    check_rss_launcher()
    callvault, bench_tool = find_or_build_binaries(args)

    temp = None
    if args.workdir:
        work = Path(args.workdir).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        temp = tempfile.TemporaryDirectory(prefix="callvault-bench-")
        work = Path(temp.name)
    runs_dir = work / "runs"
    shutil.rmtree(runs_dir, ignore_errors=True)
    runs_dir.mkdir()

    try:
        failed = False
        if not args.skip_ingest:
            failed |= benchmark_ingest(args, callvault, work, runs_dir)
        if not args.skip_objects:
            log("object store section")
            failed |= benchmark_objects(args, callvault, work, runs_dir)
        if not args.skip_catalogs:
            log("catalog section")
            failed |= benchmark_catalogs(args, callvault, work)
        if not args.skip_redaction:
            log("audio redaction section")
            benchmark_redaction(args, callvault, work, runs_dir)
        if not args.skip_capture:
            log("capture ingest section")
            failed |= benchmark_capture(args, callvault, work, runs_dir)
        if not args.skip_live:
            log("live recording section")
            failed |= benchmark_live(args, callvault, work, runs_dir)
        if not args.skip_monitor:
            log("live monitoring section")
            failed |= benchmark_monitor(args, callvault, work, runs_dir)
        if not args.skip_audit:
            log("audit log section")
            appends, probe, verify = benchmark_audit(args, callvault, bench_tool, runs_dir)
            print()
            failed |= report_audit(args, appends, probe, verify)
        if not args.skip_bundle:
            log("evidence bundle section")
            failed |= benchmark_bundle(args, callvault, work, runs_dir)
        if not args.skip_server:
            log("HTTP API section")
            failed |= benchmark_server(args, callvault, runs_dir)
        if not args.skip_console:
            log("console section")
            failed |= benchmark_console(args, callvault, work)
        if not args.skip_backup:
            log("backup section")
            failed |= benchmark_backup(args, callvault, work, runs_dir)
        if not args.skip_keys:
            log("key rotation section")
            file_run, hsm_run, hsm_note = benchmark_keys(args, bench_tool, runs_dir)
            print()
            failed |= report_keys(args, file_run, hsm_run, hsm_note)
        if not args.skip_consent:
            log("consent section")
            consent = benchmark_consent(args, bench_tool, runs_dir)
            print()
            failed |= report_consent(args, consent)
        print()
        print("result: " + ("all targets met" if not failed else "some targets missed"))
        return 1 if (failed and args.strict) else 0
    finally:
        shutil.rmtree(runs_dir, ignore_errors=True)
        if temp:
            temp.cleanup()
