"""The capture-ingest section (RTP, issue 5): `callvault ingest` of a pcap of several two-way G.711
calls (PCMU and PCMA, SIP-less RTP over Ethernet/IPv4/UDP, 20 ms packets, speech payloads; 100 MB,
10 MB with --quick) against the same calls' decoded audio as stereo 8 kHz WAV files through
`callvault ingest` (the same Opus path), each into a fresh vault, interleaved --runs times: the
capture must cost no more than 1.2x the WAV files, i.e. ingest is bounded by the Opus encoder, not
by parsing and assembling packets. MB/s of capture, CPU times and peak RSS are reported.
Everything here is Python's standard library (struct, random, math, array, wave, heapq).

Target: capture/WAV <= 1.20.
"""

import array
import heapq
import json
import math
import random
import shutil
import statistics
import struct
import sys
import time
import wave
from pathlib import Path

from .common import FIXTURES, RATE, REPO, log, measure, mib, run_checked, verdict, warm_page_cache

TARGET_CAPTURE_VS_WAV = 1.20
CAPTURE_PACKET_BYTES = 16 + 14 + 20 + 8 + 12 + 160   # pcap record header, Ethernet, IPv4, UDP, RTP, 20 ms of G.711
# Real 8 kHz speech: the fixtures of the speech input, the repository's sample calls (a stereo file gives one clip per channel).
CAPTURE_SPEECH = [FIXTURES / "pjsip__input.8.wav", FIXTURES / "asterisk__talking.wav",
                  REPO / "Tools/samples/outbound-call-8k.wav", REPO / "Tools/samples/two-party-stereo-8k.wav"]


def _ulaw_encode(sample):
    """G.711 mu-law of one 16-bit linear sample (the classic Sun g711.c algorithm)."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(-sample if sample < 0 else sample, 32635) + 0x84
    exponent = max(0, (magnitude >> 7).bit_length() - 1)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | exponent << 4 | mantissa) & 0xFF


def _ulaw_decode(code):
    code = ~code & 0xFF
    t = (((code & 0x0F) << 3) + 0x84) << ((code & 0x70) >> 4)
    return 0x84 - t if code & 0x80 else t - 0x84


def _alaw_encode(sample):
    """G.711 A-law of one 16-bit linear sample (Sun g711.c, 13-bit magnitude)."""
    value = sample >> 3
    if value >= 0:
        mask = 0xD5
    else:
        mask = 0x55
        value = -value - 1
    segment = next((i for i, end in enumerate((0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF)) if value <= end), 8)
    if segment >= 8:
        return 0x7F ^ mask
    code = segment << 4 | ((value >> 1) & 0x0F if segment < 2 else (value >> segment) & 0x0F)
    return code ^ mask


def _alaw_decode(code):
    code ^= 0x55
    t = (code & 0x0F) << 4
    segment = (code & 0x70) >> 4
    if segment == 0:
        t += 8
    elif segment == 1:
        t += 0x108
    else:
        t = (t + 0x108) << (segment - 1)
    return t if code & 0x80 else -t


class G711:
    """One G.711 law: payload type, a 65,536-entry encoding table and a 256-entry decoding table."""

    def __init__(self, name, payload_type, encode, decode):
        self.name, self.payload_type = name, payload_type
        self.encode_table = bytes(encode(s - 32768) for s in range(65536))
        self.decode_table = array.array("h", (decode(c) for c in range(256)))

    def encode(self, samples):
        table = self.encode_table
        return bytes(table[s + 32768] for s in samples)

    def decode(self, codes):
        table = self.decode_table
        return array.array("h", (table[c] for c in codes))


def _read_clips(paths):
    """Mono 16-bit 8 kHz clips from the speech WAVs that exist (each channel of a stereo file is one clip)."""
    clips = []
    for path in paths:
        if not Path(path).is_file():
            continue
        with wave.open(str(path), "rb") as w:
            if w.getframerate() != RATE or w.getsampwidth() != 2:
                continue
            channels = w.getnchannels()
            samples = array.array("h", w.readframes(w.getnframes()))
        if sys.byteorder == "big":
            samples.byteswap()
        for c in range(channels):
            clip = samples[c::channels]
            if len(clip) >= RATE:
                clips.append(clip)
    return clips


def _synthetic_clips(rng, count=6, seconds=4.0):
    """Speech-like clips when no speech WAV is present: voiced syllables (a gliding pitch with
    formant-like harmonics under a syllabic envelope) separated by short gaps."""
    clips = []
    for _ in range(count):
        out = array.array("h")
        while len(out) < seconds * RATE:
            length = int(rng.uniform(0.12, 0.35) * RATE)
            f0 = rng.uniform(90, 220)
            formants = (rng.uniform(300, 900), rng.uniform(900, 2400))
            phase = 0.0
            for n in range(length):
                envelope = math.sin(math.pi * n / length) ** 2
                phase += 2 * math.pi * f0 * (1 + 0.1 * n / length) / RATE
                value = sum(math.sin(k * phase) / k * (1.5 if any(abs(k * f0 - f) < f0 for f in formants) else 0.4)
                            for k in range(1, int(3400 / f0)))
                out.append(int(max(-32767, min(32767, 5000 * envelope * value))))
            out.extend([0] * int(rng.uniform(0.03, 0.15) * RATE))
        clips.append(out)
    return clips


class CaptureCorpus:
    """The speech of the capture, encoded once per law; a call's channel is a sequence of slices."""

    def __init__(self, rng):
        clips = _read_clips(CAPTURE_SPEECH)
        self.source = f"{len(clips)} speech clips from {', '.join(p.name for p in CAPTURE_SPEECH if p.is_file())}"
        if not clips:
            clips = _synthetic_clips(rng)
            self.source = f"{len(clips)} synthetic speech-like clips (no speech WAV found)"
        self.laws = {"PCMU": G711("PCMU", 0, _ulaw_encode, _ulaw_decode),
                     "PCMA": G711("PCMA", 8, _alaw_encode, _alaw_decode)}
        # A pause: line noise about 50 dB below full scale.
        noise = array.array("h", (int(rng.gauss(0, 80)) for _ in range(3 * RATE)))
        self.encoded, self.decoded = {}, {}
        for name, law in self.laws.items():
            self.encoded[name] = [law.encode(c) for c in clips] + [law.encode(noise)]
            self.decoded[name] = [law.decode(e) for e in self.encoded[name]]

    def channel(self, law, samples, rng):
        """(G.711 bytes, their decoded 16-bit samples) of `samples` samples: utterances and pauses."""
        encoded, decoded = self.encoded[law], self.decoded[law]
        pause = len(encoded) - 1
        parts, total = [], 0
        while total < samples:
            i = rng.randrange(pause)
            parts.append((i, 0, len(encoded[i])))
            n = int(rng.uniform(0.3, 2.5) * RATE)
            parts.append((pause, 0, n))
            total += len(encoded[i]) + n
        codes = b"".join(encoded[i][a:b] for i, a, b in parts)[:samples]
        pcm = array.array("h")
        for i, a, b in parts:
            pcm.extend(decoded[i][a:b])
            if len(pcm) >= samples:
                break
        return codes, pcm[:samples]


def _ip_checksum(header):
    total = sum(struct.unpack("!10H", header))
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _rtp_direction(start, packets, codes, payload_type, src, dst, rng):
    """The pcap records of one RTP direction: a packet every 20 ms, arrival jitter up to 2 ms."""
    (src_mac, src_ip, src_port), (dst_mac, dst_ip, dst_port) = src, dst
    ethernet = dst_mac + src_mac + b"\x08\x00"
    udp = struct.pack("!HHHH", src_port, dst_port, 8 + 12 + 160, 0)
    ssrc, seq, ts, ip_id = rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(32), rng.getrandbits(16)
    for k in range(packets):
        t = start + k * 0.020 + rng.uniform(0, 0.002)
        ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0xB8, 20 + 8 + 12 + 160, (ip_id + k) & 0xFFFF, 0x4000,
                                   64, 17, 0, src_ip, dst_ip))
        ip[10:12] = struct.pack("!H", _ip_checksum(ip))
        rtp = struct.pack("!BBHII", 0x80, payload_type | (0x80 if k == 0 else 0), (seq + k) & 0xFFFF,
                          (ts + 160 * k) & 0xFFFFFFFF, ssrc)
        seconds = int(t)
        record = struct.pack("<IIII", seconds, int((t - seconds) * 1e6), CAPTURE_PACKET_BYTES - 16,
                             CAPTURE_PACKET_BYTES - 16)
        yield t, record + ethernet + bytes(ip) + udp + rtp + codes[160 * k:160 * (k + 1)]


def make_capture(work, target_bytes, calls, seed=5):
    """Writes capture.pcap (~target_bytes) and call-N.wav (each call's decoded audio, caller left,
    callee right). Returns (pcap path, [wav paths], [(law, seconds)], source description)."""
    rng = random.Random(seed)
    corpus = CaptureCorpus(rng)
    total_packets = (target_bytes - 24) // CAPTURE_PACKET_BYTES
    weights = [rng.uniform(0.75, 1.25) for _ in range(calls)]
    per_direction = [int(total_packets / 2 * w / sum(weights)) for w in weights]
    streams, wavs, described = [], [], []
    base = 1_772_000_000.0   # 2026-02-25: a plausible capture date
    for i, packets in enumerate(per_direction):
        law = "PCMU" if i % 2 == 0 else "PCMA"
        samples = packets * 160
        left_codes, left_pcm = corpus.channel(law, samples, rng)
        right_codes, right_pcm = corpus.channel(law, samples, rng)
        caller = (bytes([0x02, 0, 0, 0, 1, i]), bytes([10, 1, 0, 10 + i]), 16384 + 2 * rng.randrange(4000))
        callee = (bytes([0x02, 0, 0, 0, 2, i]), bytes([10, 2, 0, 10 + i]), 20000 + 2 * rng.randrange(4000))
        start = base + 7.3 * i   # the calls overlap, as on a trunk
        payload_type = corpus.laws[law].payload_type
        streams.append(_rtp_direction(start, packets, left_codes, payload_type, caller, callee, rng))
        streams.append(_rtp_direction(start + 0.001, packets, right_codes, payload_type, callee, caller, rng))
        stereo = array.array("h", bytes(4 * samples))
        stereo[0::2] = left_pcm
        stereo[1::2] = right_pcm
        if sys.byteorder == "big":
            stereo.byteswap()
        wav = work / f"call-{i + 1}.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(stereo.tobytes())
        wavs.append(wav)
        described.append((law, samples / RATE))
    pcap = work / "capture.pcap"
    with open(pcap, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))   # Ethernet
        for _, record in heapq.merge(*streams, key=lambda r: r[0]):
            f.write(record)
    return pcap, wavs, described, corpus.source


def _ingest_fresh(callvault, root, inputs, args, expected):
    """`callvault ingest` of `inputs` into a fresh vault (init not timed); checks `expected` recordings
    are stored and returns (Sample, [duration_s]); deletes the vault."""
    vault, keys = root / "vault", root / "keys"
    root.mkdir()
    run_checked([callvault, "init", "--vault", vault, "--key-store", keys])
    sample = measure([callvault, "ingest", "--vault", vault, "--bitrate", str(args.bitrate),
                      "--complexity", str(args.complexity), *inputs], root / "ingest.out")
    ids = (root / "ingest.out").read_text().split()
    listing = json.loads(run_checked([callvault, "recordings", "list", "--vault", vault, "--json"]))
    stored = [r for r in listing if r.get("id") in ids and r.get("state") == "stored"]
    if len(ids) != expected or len(stored) != expected:
        sys.exit(f"bench: callvault ingest of {', '.join(p.name for p in inputs[:3])}... stored {len(stored)} "
                 f"recordings ({len(ids)} ids printed), expected {expected}")
    durations = sorted(r["duration_ms"] / 1000 for r in stored)
    shutil.rmtree(root)
    return sample, durations


def benchmark_capture(args, callvault, work, runs_dir):
    """The capture-ingest section: makes the capture and its WAVs, times both, reports; True when missed."""
    target = args.capture_mb * 1e6
    calls = 4 if args.quick else 8
    capture_dir = work / "capture"
    shutil.rmtree(capture_dir, ignore_errors=True)
    capture_dir.mkdir()
    try:
        log(f"capture ingest: making a {target / 1e6:.0f} MB pcap of {calls} two-way G.711 calls and their WAVs")
        started = time.perf_counter()
        pcap, wavs, described, source = make_capture(capture_dir, int(target), calls)
        log(f"capture ingest: inputs made in {time.perf_counter() - started:.1f} s")
        warm_page_cache(pcap)
        for wav in wavs:
            warm_page_cache(wav)
        samples = {"capture": [], "wav": []}
        durations = {}
        for i in range(args.runs):
            log(f"capture ingest: run {i + 1}/{args.runs}: callvault ingest capture.pcap")
            s, durations["capture"] = _ingest_fresh(callvault, runs_dir / f"capture-{i}", [pcap], args, calls)
            samples["capture"].append(s)
            log(f"capture ingest: run {i + 1}/{args.runs}: callvault ingest of the {calls} decoded WAVs")
            s, durations["wav"] = _ingest_fresh(callvault, runs_dir / f"wav-{i}", wavs, args, calls)
            samples["wav"].append(s)
        sizes = (pcap.stat().st_size, sum(w.stat().st_size for w in wavs))
    finally:
        shutil.rmtree(capture_dir, ignore_errors=True)
    return report_capture(args, samples, durations, sizes, described, source)


def report_capture(args, samples, durations, sizes, described, source):
    """Prints the capture-ingest figures with their verdict; returns True when the target was missed."""
    pcap_bytes, wav_bytes = sizes
    med = {k: statistics.median(s.wall for s in v) for k, v in samples.items()}
    cpu = {k: statistics.median(s.cpu for s in v) for k, v in samples.items()}
    rss = {k: max(s.maxrss_kib for s in v) for k, v in samples.items()}
    audio = sum(seconds for _, seconds in described)
    laws = ", ".join(f"{sum(1 for l, _ in described if l == law)} {law}" for law in ("PCMU", "PCMA"))
    print()
    print(f"callvault capture-ingest benchmark: {len(described)} two-way G.711 calls ({laws}; "
          f"{audio / 60:.0f} min of calls, {min(s for _, s in described):.0f}-{max(s for _, s in described):.0f} s each), "
          f"SIP-less RTP, 20 ms packets, {source}; {args.bitrate} bit/s a channel, complexity {args.complexity}; "
          f"a fresh vault each run, median of {args.runs} interleaved runs")
    print(f"  {'input':34} {'size':>9} {'wall (median)':>14} {'all runs (s)':>20} {'CPU (median)':>13} {'peak RSS':>10}")
    for key, label, size in (("capture", "capture.pcap (one process)", pcap_bytes),
                             ("wav", f"{len(described)} stereo 8 kHz WAVs (one process)", wav_bytes)):
        runs = " ".join(f"{s.wall:.2f}" for s in samples[key])
        print(f"  {label:34} {size / 1e6:>6.1f} MB {med[key]:>12.2f} s {runs:>20} {cpu[key]:>11.2f} s "
              f"{mib(rss[key]):>6.1f} MiB")
    mismatched = [(a, b) for a, b in zip(durations["capture"], durations["wav"]) if abs(a - b) > 0.1]
    if mismatched:
        print(f"  WARNING: recording durations differ between capture and WAVs: {mismatched}")
    ratio = med["capture"] / med["wav"]
    ok = ratio <= TARGET_CAPTURE_VS_WAV and not mismatched
    overhead = med["capture"] - med["wav"]
    print()
    print(f"ingest {pcap_bytes / 1e6:.0f} MB capture: {med['capture']:.2f} s, its decoded audio as WAVs: "
          f"{med['wav']:.2f} s -> capture/WAV = {ratio:.2f} (target <= {TARGET_CAPTURE_VS_WAV:.2f}) {verdict(ok)}")
    spread = max(max(s.wall for s in v) - min(s.wall for s in v) for v in samples.values())
    cpu_overhead = cpu["capture"] - cpu["wav"]
    print(f"  capture throughput: {pcap_bytes / 1e6 / med['capture']:.1f} MB/s of capture ingested end to end; the "
          f"capture's own work (parsing, call finding, assembly, G.711 rendering, in place of WAV reading) costs "
          f"{overhead:+.2f} s wall, {cpu_overhead:+.2f} s CPU"
          + (f" = {pcap_bytes / 1e6 / cpu_overhead:.0f} MB/s of capture by CPU time (a lower bound on the parsing rate)"
             if cpu_overhead > 0.05 else "")
          + f"; runs spread by up to {spread:.2f} s")
    print(f"  CPU (user + system, steadier than wall time on a busy machine): capture {cpu['capture']:.2f} s, "
          f"WAVs {cpu['wav']:.2f} s -> {cpu['capture'] / cpu['wav']:.2f}x (reported, no target)")
    print(f"peak RSS capture ingest: {mib(rss['capture']):.1f} MiB for a {pcap_bytes / 1e6:.0f} MB capture "
          f"(reported, no target: the capture's UDP payloads and packet index stay in memory while its calls are "
          f"encoded, so this grows with the capture); the WAV batch {mib(rss['wav']):.1f} MiB")
    return not ok
