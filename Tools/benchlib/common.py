"""Shared helpers of the benchmark: logging, setup commands, measuring one process (wall time, CPU
time and, through a small launcher, its own peak RSS), formatting, the machine's description and
finding (or building) the callvault binaries.
"""

import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path("/work/shared/fixtures/real/wav")
RATE = 8000


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_checked(args, **kwargs):
    """Runs a setup command (not measured); exits with its error output if it fails."""
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"bench: command failed ({result.returncode}): {' '.join(map(str, args))}\n{result.stderr.strip()}")
    return result.stdout


def fmt_duration(seconds):
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def mib(kib):
    return kib / 1024.0


def verdict(ok):
    return "PASS" if ok else "FAIL"


@dataclass
class Sample:
    wall: float      # seconds
    cpu: float       # user + system seconds of the process (and its reaped children)
    maxrss_kib: int  # peak resident set size of that process


# Every measured command runs under this launcher (GNU time, Debian package `time`; Tools/setup
# installs it), which reports the command's own peak RSS: see measure().
RSS_LAUNCHER = "/usr/bin/time"


def check_rss_launcher():
    """Exits unless RSS_LAUNCHER is GNU time (measure() needs its -f %M and -o FILE)."""
    try:
        version = subprocess.run([RSS_LAUNCHER, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True).stdout
    except OSError:
        version = ""
    if "GNU" not in version:
        sys.exit(f"bench: GNU time ({RSS_LAUNCHER}, Debian package `time`) is not installed; every measured "
                 f"command runs under it to read its own peak RSS (Tools/setup installs it)")


def measure(args, stdout_path, env=None):
    """Runs `args` once as a fresh process and returns its wall time, CPU time and peak RSS.

    The command runs under a small launcher, `/usr/bin/time -f %M -o FILE`, which forks, execs it,
    waits for it and writes its ru_maxrss (KiB) to FILE; that is the peak RSS reported. It is not
    read from this script's own child (os.wait4 of it, as before issue 16): on Linux exec keeps the
    high-water mark of the memory it replaces in the process's maxrss, and a child forked from this
    script replaces this script's memory (with fork, a copy of its resident pages; with vfork, which
    Python's subprocess uses, this script's memory itself, whose mark is the script's peak so far).
    So every command reported at least the script's own peak: after the capture section had built
    its inputs in Python, every child of the bundle section, `cp -r` included, reported 180.5 MiB.
    The launcher's RSS is about 1 MiB, so the command it forks starts from that; and the launcher's
    wait gives the rusage of exactly that one command (with any children it reaped), not the
    maximum over every child this script has run, as RUSAGE_CHILDREN would be. GNU time 1.7
    reported %M four times too large; 1.8 and later (Debian 12 has 1.9) report ru_maxrss as is,
    which `Tools/bench --self-check` checks.

    Wall time is this script's clock around the launcher's whole run, and CPU time is the
    launcher's rusage from os.wait4, which includes the command's (the launcher reaps it): the
    launcher adds about 0.4 ms of wall time and 1 ms of CPU time a run.
    stdout goes to `stdout_path`; stderr is kept for the error message (the launcher writes its
    report to FILE, not to stderr).
    """
    with open(stdout_path, "wb") as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="bench-rss-") as report:
        start = time.perf_counter()
        proc = subprocess.Popen([RSS_LAUNCHER, "-f", "%M", "-o", report.name, "--", *args],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen quiet
        lines = Path(report.name).read_text().split("\n")
        # GNU time exits with 128 + N when the command is killed by signal N, and says so in its report.
        killed = re.search(r"Command terminated by signal (\d+)", "\n".join(lines))
        returncode = -int(killed.group(1)) if killed else proc.returncode
        if returncode != 0:
            err.seek(0)
            sys.exit(f"bench: {args[0]} failed ({returncode}): {' '.join(map(str, args))}\n"
                     f"{err.read().decode(errors='replace').strip()}")
        figures = [line for line in lines if line.strip()]
        if not figures or not figures[-1].strip().isdigit():
            sys.exit(f"bench: {RSS_LAUNCHER} reported no peak RSS for {' '.join(map(str, args))}: {lines!r}")
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_kib=int(figures[-1]))


def warm_page_cache(path):
    """Reads the file once so no contender pays for the first read from disk."""
    with open(path, "rb") as f:
        while f.read(1 << 20):
            pass


BENCH_TOOL = "callvault-bench-tool"


def find_or_build_binaries(args):
    """Returns (callvault, callvault-bench-tool or None when --skip-audit, --skip-keys and --skip-consent), building them unless --bin is given."""
    need_tool = not (args.skip_audit and args.skip_keys and args.skip_consent)
    if args.bin:
        path = Path(args.bin).resolve()
        if not os.access(path, os.X_OK):
            sys.exit(f"bench: {path} is not an executable")
        bench_tool = None
        if need_tool:
            bench_tool = path.parent / BENCH_TOOL
            if not os.access(bench_tool, os.X_OK):
                sys.exit(f"bench: {bench_tool} is missing (build it, or pass --skip-audit --skip-keys --skip-consent)")
        return path, bench_tool
    products = ["callvault"] + ([BENCH_TOOL] if need_tool else [])
    log(f"building {' and '.join(products)} in release mode into .build-release/ (minutes the first time)")
    base = ["swift", "build", "-c", "release", "--scratch-path", ".build-release"]
    for product in products:
        if subprocess.run(base + ["--product", product], cwd=REPO).returncode != 0:
            sys.exit(f"bench: the release build of {product} failed")
    bin_dir = Path(run_checked(base + ["--show-bin-path"], cwd=REPO).strip())
    return bin_dir / "callvault", (bin_dir / BENCH_TOOL if need_tool else None)


def tool_versions():
    def first_line(args):
        try:
            out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
            return out.strip().splitlines()[0] if out.strip() else "?"
        except OSError:
            return "missing"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {cpu}",
        "ffmpeg": first_line(["ffmpeg", "-hide_banner", "-version"]),
        "opusenc": first_line(["opusenc", "--version"]),
    }
