"""The ingest section: `callvault ingest` of one 8 kHz mono 16-bit speech WAV (10 minutes; 2 with
--quick) into a fresh vault each run, against `ffmpeg -c:a libopus` (8 kHz native, VOIP, 20 ms
frames: the plain-encoder reference) and `opusenc` (resamples to 48 kHz), same bit rate and
complexity, interleaved --runs times, median wall time; and callvault's peak RSS on a 4-hour WAV
(not with --quick), with ffmpeg's for reference.

Targets: callvault/ffmpeg <= 1.10, callvault/opusenc <= 0.50, peak RSS on the 4-hour file < 64 MiB.
"""

import json
import shutil
import statistics
import sys

from .common import fmt_duration, log, measure, mib, run_checked, tool_versions, verdict, warm_page_cache
from .speech import make_base_clip, make_long_wav, make_speech_wav

TARGET_VS_FFMPEG = 1.10
TARGET_VS_OPUSENC = 0.50
TARGET_RSS_MIB = 64.0


class Contenders:
    """The three encoders, each able to run once on a WAV file and be measured."""

    def __init__(self, callvault_bin, workdir, bitrate, complexity):
        self.bin = callvault_bin
        self.work = workdir
        self.bitrate = bitrate
        self.complexity = complexity
        self.counter = 0
        self.output_bytes = {}
        self.opus_rate = None

    def _fresh(self, name):
        self.counter += 1
        return self.work / f"{name}-{self.counter}"

    def callvault(self, wav):
        """Ingests `wav` into a fresh vault (init is not timed) and deletes the vault afterwards."""
        root = self._fresh("vault")
        vault, keys = root / "vault", root / "keys"
        root.mkdir()
        run_checked([self.bin, "init", "--vault", vault, "--key-store", keys])
        sample = measure([self.bin, "ingest", "--vault", vault, "--bitrate", str(self.bitrate),
                          "--complexity", str(self.complexity), wav], root / "ingest.out")
        ids = (root / "ingest.out").read_text().split()
        if len(ids) != 1:
            sys.exit(f"bench: callvault ingest printed {ids!r}, expected one recording id")
        listing = json.loads(run_checked([self.bin, "recordings", "list", "--vault", vault, "--json"]))
        record = next((r for r in listing if r.get("id") == ids[0]), None)
        if record is None or record.get("state") != "stored":
            sys.exit(f"bench: recording {ids[0]} is not stored in the vault: {record!r}")
        self.opus_rate = record.get("opus_sample_rate")
        # The Opus stream's size, comparable with the other encoders' files (the sealed object adds a little).
        self.output_bytes["callvault"] = record.get("opus_size") or record.get("sealed_size") or 0
        shutil.rmtree(root)
        return sample

    def ffmpeg(self, wav):
        out = self._fresh("ffmpeg").with_suffix(".opus")
        sample = measure(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav, "-c:a", "libopus",
                          "-b:a", str(self.bitrate), "-application", "voip",
                          "-compression_level", str(self.complexity), "-frame_duration", "20", out],
                         self.work / "ffmpeg.out")
        self.output_bytes["ffmpeg"] = out.stat().st_size
        out.unlink()
        return sample

    def opusenc(self, wav):
        out = self._fresh("opusenc").with_suffix(".opus")
        sample = measure(["opusenc", "--quiet", "--bitrate", f"{self.bitrate / 1000:g}",
                          "--comp", str(self.complexity), "--framesize", "20", wav, out],
                         self.work / "opusenc.out")
        self.output_bytes["opusenc"] = out.stat().st_size
        out.unlink()
        return sample


def benchmark_ingest(args, callvault, work, runs_dir):
    """The ingest section: makes the inputs, runs the contenders, prints the report; True when a target was missed."""
    seconds = round(args.minutes * 60)
    log(f"making a {fmt_duration(seconds)} 8 kHz speech WAV in {work}")
    base = make_base_clip(work)
    speech = make_speech_wav(work, base, seconds, f"speech-{seconds}s.wav")
    base.unlink()
    label = fmt_duration(seconds)
    contenders = Contenders(callvault, runs_dir, args.bitrate, args.complexity)
    order = [("callvault", contenders.callvault), ("ffmpeg", contenders.ffmpeg), ("opusenc", contenders.opusenc)]

    warm_page_cache(speech)
    samples = {name: [] for name, _ in order}
    for i in range(args.runs):
        for name, run in order:
            log(f"run {i + 1}/{args.runs}: {name}")
            samples[name].append(run(speech))
    short_sizes = dict(contenders.output_bytes)

    long_result = None
    if not args.quick:
        long_seconds = round(args.long_hours * 3600)
        log(f"making a {fmt_duration(long_seconds)} WAV for the memory check")
        long_wav = make_long_wav(work, speech, long_seconds, f"long-{long_seconds}s.wav")
        try:
            warm_page_cache(long_wav)
            log(f"{fmt_duration(long_seconds)}: callvault")
            cv = contenders.callvault(long_wav)
            log(f"{fmt_duration(long_seconds)}: ffmpeg")
            ff = contenders.ffmpeg(long_wav)
            long_result = (long_seconds, long_wav.stat().st_size, cv, ff, dict(contenders.output_bytes))
        finally:
            long_wav.unlink(missing_ok=True)

    return report_ingest(args, callvault, speech, label, samples, short_sizes, long_result, contenders.opus_rate)


def report_ingest(args, callvault, speech, label, samples, sizes, long_result, opus_rate):
    """Prints the ingest figures with their verdicts; returns True when a target was missed."""
    med = {name: statistics.median(s.wall for s in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(s.cpu for s in runs) for name, runs in samples.items()}
    rss = {name: max(s.maxrss_kib for s in runs) for name, runs in samples.items()}
    failed = False

    print()
    print(f"callvault ingest benchmark: {label} of 8 kHz mono 16-bit speech ({speech.stat().st_size / 1e6:.1f} MB WAV), "
          f"{args.bitrate} bit/s, complexity {args.complexity}, 20 ms frames; median of {args.runs} interleaved runs")
    for key, value in tool_versions().items():
        print(f"  {key:9} {value}")
    print(f"  callvault {callvault} (encoded at {opus_rate} Hz)")
    print()
    print(f"  {'contender':10} {'wall (median)':>14} {'all runs (s)':>24} {'CPU (median)':>13} {'peak RSS':>10} {'output':>10}")
    for name, runs in samples.items():
        all_runs = " ".join(f"{s.wall:.2f}" for s in runs)
        print(f"  {name:10} {med[name]:>12.2f} s {all_runs:>24} {cpu[name]:>11.2f} s {mib(rss[name]):>6.1f} MiB "
              f"{sizes.get(name, 0) / 1024:>6.0f} KiB")
    print()

    r_ff = med["callvault"] / med["ffmpeg"]
    r_oe = med["callvault"] / med["opusenc"]
    ok_ff, ok_oe = r_ff <= TARGET_VS_FFMPEG, r_oe <= TARGET_VS_OPUSENC
    failed |= not (ok_ff and ok_oe)
    print(f"ingest {label} speech: callvault {med['callvault']:.2f} s, ffmpeg {med['ffmpeg']:.2f} s "
          f"-> callvault/ffmpeg = {r_ff:.2f} (target <= {TARGET_VS_FFMPEG:.2f}) {verdict(ok_ff)}")
    print(f"ingest {label} speech: callvault {med['callvault']:.2f} s, opusenc {med['opusenc']:.2f} s "
          f"-> callvault/opusenc = {r_oe:.2f} (target <= {TARGET_VS_OPUSENC:.2f}) {verdict(ok_oe)}")
    print(f"peak RSS {label} WAV: callvault {mib(rss['callvault']):.1f} MiB; ffmpeg {mib(rss['ffmpeg']):.1f} MiB, "
          f"opusenc {mib(rss['opusenc']):.1f} MiB")

    if long_result:
        long_seconds, wav_bytes, cv, ff, long_sizes = long_result
        ok_rss = mib(cv.maxrss_kib) < TARGET_RSS_MIB
        failed |= not ok_rss
        long_label = fmt_duration(long_seconds)
        print(f"peak RSS {long_label} WAV ({wav_bytes / 1e6:.0f} MB): callvault {mib(cv.maxrss_kib):.1f} MiB "
              f"(target < {TARGET_RSS_MIB:.0f} MiB) {verdict(ok_rss)}; ffmpeg {mib(ff.maxrss_kib):.1f} MiB")
        print(f"ingest {long_label} (one run each): callvault {cv.wall:.2f} s, ffmpeg {ff.wall:.2f} s "
              f"-> callvault/ffmpeg = {cv.wall / ff.wall:.2f}; outputs {long_sizes['callvault'] / 1e6:.1f} MB "
              f"and {long_sizes['ffmpeg'] / 1e6:.1f} MB")
    else:
        print("peak RSS 4 h WAV: skipped (--quick)")
    return failed
