"""A self-check of the peak-RSS measurement (issue 16) that needs no callvault binary: while this
process holds 200 MiB, small commands (`/bin/true`, `cp` of a small file) and a Python that
allocates 100 MiB are measured through measure(), against the bounds their own memory sets (a few
MiB; 100 MiB and Python's start-up) and, for comparison, against what the method used before issue
16 (os.wait4's ru_maxrss of a direct child of this process) reports for them.

`Tools/bench --self-check`; exits 1 when a check fails.
"""

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import RSS_LAUNCHER, check_rss_launcher, measure, mib, verdict

HOLD_MIB = 200         # held by this process while the commands run
ALLOC_MIB = 100        # allocated (and written) by the Python child
SMALL_LIMIT_MIB = 16   # a small command's own peak is a few MiB
# Python's start-up adds about 10 MiB to what it allocates; anything near HOLD_MIB is this process's.
ALLOC_LIMIT_MIB = ALLOC_MIB + 60


def _direct_maxrss_kib(args):
    """ru_maxrss of `args` run as a direct child of this process, read with os.wait4 (the old method)."""
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen quiet
    return usage.ru_maxrss


def self_check():
    """Prints each command's peak RSS both ways with its verdict; returns 0 when all pass, else 1."""
    check_rss_launcher()
    held = b"\x01" * (HOLD_MIB << 20)  # every page written, so all of it is resident
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    failed = False
    with tempfile.TemporaryDirectory(prefix="callvault-bench-selfcheck-") as tmp:
        work = Path(tmp)
        small = work / "small.bin"
        small.write_bytes(os.urandom(64 << 10))
        cases = [
            ("/bin/true", ["/bin/true"], 0, SMALL_LIMIT_MIB),
            ("cp of a 64 KiB file", ["cp", small, work / "copy.bin"], 0, SMALL_LIMIT_MIB),
            (f"python3 -c 'x = bytearray({ALLOC_MIB} << 20)'",
             [sys.executable, "-c", f"x = bytearray({ALLOC_MIB} << 20)"], ALLOC_MIB, ALLOC_LIMIT_MIB),
        ]
        print(f"bench self-check: this process holds {HOLD_MIB} MiB (its peak RSS so far {mib(peak):.1f} MiB); "
              f"peak RSS of each command through measure() ({RSS_LAUNCHER} -f %M), and as a direct child of "
              f"this process (os.wait4, the method before issue 16)")
        print(f"  {'command':40} {'measure()':>10} {'os.wait4':>10}   expected")
        for label, args, low, high in cases:
            sample = measure(args, work / "out")
            direct = _direct_maxrss_kib(args)
            got = mib(sample.maxrss_kib)
            ok = low <= got < high
            failed |= not ok
            expected = f"< {high} MiB" if not low else f"{low}-{high} MiB"
            print(f"  {label:40} {got:>6.1f} MiB {mib(direct):>6.1f} MiB   {expected:12} {verdict(ok)}")
    del held
    print(f"self-check: each command's own peak RSS, not this process's {verdict(not failed)}")
    return 1 if failed else 0
