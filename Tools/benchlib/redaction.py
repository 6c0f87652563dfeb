"""The audio-redaction section (issue 6): `callvault transcripts add` of a word-timed ASR transcript
that names a phone number every 30 s (decrypt, Ogg Opus decode, mute, re-encode, seal under a new
data key, switch, destroy the old key) on the recording of the speech input, against the `callvault
ingest` of the same WAV into the same fresh vault, timed in the same run; the ratio and the peak
RSS of both are reported, and, unless --quick, the peak RSS of an add on a recording 4 times longer
(it must not grow: the add streams). The durations before and after must match. Reports only.
"""

import json
import shutil
import statistics
import sys

from .common import fmt_duration, log, measure, mib, run_checked, warm_page_cache
from .speech import make_base_clip, make_long_wav, make_speech_wav


def redaction_transcript(path, seconds):
    """A word-timed ASR transcript over `seconds` that speaks a PRC mobile number every 30 s."""
    words = []
    for start in range(0, int(seconds) - 5, 30):
        t = start * 1000
        for text, length in (("my", 300), ("number", 400), ("is", 300), ("138", 400), ("1234", 400), ("5678", 400)):
            words.append({"word": text, "start_ms": t, "end_ms": t + length})
            t += length
    path.write_text(json.dumps({"words": words}))
    return len(words) // 6


def _ingest_then_add(callvault, root, wav, transcript, args):
    """Fresh vault: `ingest` then `transcripts add`, each measured; returns (ingest, add, durations before/after)."""
    vault, keys = root / "vault", root / "keys"
    root.mkdir()
    run_checked([callvault, "init", "--vault", vault, "--key-store", keys])
    ingest = measure([callvault, "ingest", "--vault", vault, "--bitrate", str(args.bitrate),
                      "--complexity", str(args.complexity), wav], root / "ingest.out")
    rid = (root / "ingest.out").read_text().strip()
    before = json.loads(run_checked([callvault, "recordings", "show", rid, "--vault", vault, "--json"]))
    add = measure([callvault, "transcripts", "add", rid, transcript, "--vault", vault, "--json"], root / "add.out")
    after = json.loads((root / "add.out").read_text())
    if after.get("version") != 2 or not after.get("redacted_spans"):
        sys.exit(f"bench: transcripts add did not make version 2 with redacted spans: {after!r}")
    shutil.rmtree(root)
    return ingest, add, (before["duration_ms"] / 1000, after["duration_ms"] / 1000)


def benchmark_redaction(args, callvault, work, runs_dir):
    """The audio-redaction section: times `transcripts add` against `ingest` of the same WAV; reports only."""
    seconds = round(args.minutes * 60)
    base = make_base_clip(work)
    speech = make_speech_wav(work, base, seconds, f"speech-{seconds}s.wav")
    base.unlink()
    transcript = work / "redaction.json"
    numbers = redaction_transcript(transcript, seconds)
    warm_page_cache(speech)
    samples = {"ingest": [], "add": []}
    durations = set()
    for i in range(args.runs):
        log(f"audio redaction: run {i + 1}/{args.runs}: ingest, then transcripts add")
        ingest, add, d = _ingest_then_add(callvault, runs_dir / f"redact-{i}", speech, transcript, args)
        samples["ingest"].append(ingest)
        samples["add"].append(add)
        durations.add(d)
    long_result = None
    if not args.quick:
        long_seconds = 4 * seconds
        long_wav = make_long_wav(work, speech, long_seconds, f"redact-long-{long_seconds}s.wav")
        long_transcript = work / "redaction-long.json"
        redaction_transcript(long_transcript, long_seconds)
        try:
            log(f"audio redaction: {fmt_duration(long_seconds)}: ingest, then transcripts add")
            long_result = (long_seconds, *_ingest_then_add(callvault, runs_dir / "redact-long", long_wav, long_transcript, args))
        finally:
            long_wav.unlink(missing_ok=True)
    label = fmt_duration(seconds)
    med = {k: statistics.median(s.wall for s in v) for k, v in samples.items()}
    cpu = {k: statistics.median(s.cpu for s in v) for k, v in samples.items()}
    rss = {k: max(s.maxrss_kib for s in v) for k, v in samples.items()}
    print()
    print(f"callvault audio-redaction benchmark: {label} of 8 kHz speech, a number every 30 s ({numbers} spans muted); "
          f"a fresh vault each run, median of {args.runs} runs")
    print(f"transcripts add {label}: {med['add']:.2f} s wall, {cpu['add']:.2f} s CPU; ingest of the same WAV "
          f"{med['ingest']:.2f} s, {cpu['ingest']:.2f} s CPU -> add/ingest = {med['add'] / med['ingest']:.2f} (reported, no target)")
    same = all(abs(a - b) <= 0.02 for a, b in durations)
    print(f"  durations before/after (s): {sorted(durations)} {'equal' if same else 'DIFFER'}")
    print(f"peak RSS {label}: transcripts add {mib(rss['add']):.1f} MiB, ingest {mib(rss['ingest']):.1f} MiB")
    if long_result:
        long_seconds, ingest, add, d = long_result
        print(f"peak RSS {fmt_duration(long_seconds)}: transcripts add {mib(add.maxrss_kib):.1f} MiB "
              f"({add.wall:.2f} s), ingest {mib(ingest.maxrss_kib):.1f} MiB: the add streams, so it must not grow "
              f"with the length ({'flat' if add.maxrss_kib <= rss['add'] * 1.2 else 'GROWS'})")
