"""The evidence-bundle section (issue 9): `callvault export bundle --campaign bench` of a vault of
1,000 ingests of one 2-minute speech call (200 with --quick; --bundle-recordings N) to a directory,
to a .zip and age-encrypted (--recipient-key), against `cp -r` of the same vault's sealed objects
(the reference: the same bytes read and written once); `verify-bundle` is timed once. The peak RSS
of that export over the one of a tenth of the recordings (same vault) shows that memory does not
grow with the bundle.

Targets: the slowest variant, scaled to 1,000 recordings, < 60 s; its peak RSS <= 1.25 x the small one's.
"""

import json
import os
import shutil
import statistics
import time

from .common import fmt_duration, log, measure, mib, run_checked, verdict
from .speech import make_base_clip, make_speech_wav

BUNDLE_CALL_SECONDS = 120        # each recording of the evidence-bundle section lasts 2 minutes
TARGET_BUNDLE_SECONDS = 60.0     # a bundle of 1,000 of them is written in under a minute
TARGET_BUNDLE_RSS_GROWTH = 1.25  # peak RSS of the large bundle / of one a tenth its size (streaming: ~1)


def fill_bundle_vault(callvault, root, wav, count):
    """A vault of `count` ingests of the same 2-minute call (hard links to one WAV), campaign `bench`.

    Opus complexity 0 makes the fill quick; the bundle's work (decrypt, hash, write) depends
    only on the bytes stored, which the bit rate fixes. Returns the vault's objects' total size.
    """
    vault, keys, links = root / "vault", root / "keys", root / "calls"
    root.mkdir()
    links.mkdir()
    run_checked([callvault, "init", "--vault", vault, "--key-store", keys])
    paths = []
    for i in range(count):
        path = links / f"call-{i:05d}.wav"
        os.link(wav, path)
        paths.append(path)
    start = time.perf_counter()
    for chunk in range(0, count, 250):
        run_checked([callvault, "ingest", "--vault", vault, "--complexity", "0", "--campaign", "bench",
                     "--subject-phone", "+8613800138000", "--started-at", "2026-03-05T10:00:00Z", *paths[chunk:chunk + 250]])
    log(f"filled a vault with {count} x {fmt_duration(BUNDLE_CALL_SECONDS)} recordings in {time.perf_counter() - start:.0f} s (not timed)")
    shutil.rmtree(links)
    return vault, sum(f.stat().st_size for f in (vault / "objects").rglob("*.cvseal"))


def benchmark_bundle(args, callvault, work, runs_dir):
    """The evidence-bundle section; True when a target was missed."""
    log(f"making a {fmt_duration(BUNDLE_CALL_SECONDS)} 8 kHz speech WAV in {work}")
    base = make_base_clip(work)
    speech = make_speech_wav(work, base, BUNDLE_CALL_SECONDS, f"speech-{BUNDLE_CALL_SECONDS}s.wav")
    base.unlink()
    large, small = args.bundle_recordings, max(1, args.bundle_recordings // 10)
    big_vault, big_bytes = fill_bundle_vault(callvault, runs_dir / "bundle-large", speech, large)
    # The small bundle comes from the same vault (same catalog, same log), so that only the bundle's size differs.
    listing = json.loads(run_checked([callvault, "recordings", "list", "--vault", big_vault, "--json"]))
    subset = [r["id"] for r in listing][:small]
    identity = runs_dir / "auditor.txt"
    run_checked(["age-keygen", "-o", identity])
    recipient = runs_dir / "auditor.pub"
    recipient.write_text(run_checked(["age-keygen", "-y", identity]))

    def export(name, *selection):
        out = runs_dir / name
        sample = measure([callvault, "export", "bundle", "--vault", big_vault, "--out", out, "--reason", "benchmark",
                          *(selection or ("--campaign", "bench"))], runs_dir / "export.out")
        return out, sample

    samples = {k: [] for k in ("dir", "zip", "age", "cp", "small", "verify")}
    size = 0
    for i in range(args.runs):
        log(f"run {i + 1}/{args.runs}: cp -r of the sealed objects (reference), then the exports")
        copy = runs_dir / "objects-copy"
        samples["cp"].append(measure(["cp", "-r", big_vault / "objects", copy], runs_dir / "cp.out"))
        shutil.rmtree(copy)
        out, sample = export("out-dir")
        samples["dir"].append(sample)
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        if i == 0:
            samples["verify"].append(measure([callvault, "verify-bundle", out], runs_dir / "verify.out"))
        shutil.rmtree(out)
        out, sample = export("out.zip")
        samples["zip"].append(sample)
        out.unlink()
        out, sample = export("out-age", "--campaign", "bench", "--recipient-key", recipient)
        samples["age"].append(sample)
        shutil.rmtree(out)
        out, sample = export("out-small", "--recording", *subset)
        samples["small"].append(sample)
        shutil.rmtree(out)
    print()
    return report_bundle(args, large, small, big_bytes, size, samples)


def report_bundle(args, large, small, sealed_bytes, bundle_bytes, samples):
    """Prints the evidence-bundle figures; True when a target was missed."""
    def med(name, field):
        return statistics.median(getattr(s, field) for s in samples[name])

    def runs(name):
        return ", ".join(f"{s.wall:.2f}" for s in samples[name])

    scale = 1000 / large  # the target is for 1,000 recordings
    cp = med("cp", "wall")
    print(f"## Evidence bundles: {large} recordings of {fmt_duration(BUNDLE_CALL_SECONDS)} "
          f"({sealed_bytes / 1e6:.0f} MB sealed, bundle {bundle_bytes / 1e6:.0f} MB), median of {args.runs}")
    print()
    print("| measured | wall s (runs) | vs cp -r of the sealed objects | CPU s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for name, label in (("cp", "`cp -r objects/` (reference)"), ("dir", "`export bundle` to a directory"),
                        ("zip", "`export bundle` to a .zip"), ("age", "`export bundle --recipient-key` (age)"),
                        ("small", f"`export bundle` of {small} of those recordings"), ("verify", "`verify-bundle` of the directory")):
        print(f"| {label} | {med(name, 'wall'):.2f} ({runs(name)}) | {med(name, 'wall') / cp:.2f} | "
              f"{med(name, 'cpu'):.2f} | {mib(med(name, 'maxrss_kib')):.1f} |")
    worst = max(med(n, "wall") for n in ("dir", "zip", "age")) * scale
    growth = med("dir", "maxrss_kib") / med("small", "maxrss_kib")
    ok_time = worst < TARGET_BUNDLE_SECONDS
    ok_rss = growth <= TARGET_BUNDLE_RSS_GROWTH
    print()
    print(f"- slowest variant, scaled to 1,000 recordings: {worst:.1f} s (target < {TARGET_BUNDLE_SECONDS:.0f} s): {verdict(ok_time)}")
    print(f"- peak RSS, {large} vs {small} recordings: {growth:.2f} x (streaming: target <= {TARGET_BUNDLE_RSS_GROWTH}): {verdict(ok_rss)}")
    return not (ok_time and ok_rss)
