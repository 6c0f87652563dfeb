#!/usr/bin/env python3
"""Compares two stored recordings channel by channel, independently of callvault: both are decoded
by ffmpeg (Ogg Opus, WAV, anything it reads) to 48 kHz stereo, and each channel of the first is
cross-correlated with the same channel of the second (the best normalised correlation within
±100 ms, to the sample: a live recorder anchors audio at arrival times, a fraction of a millisecond
from a file's). Prints JSON: each file's duration, and per channel the correlation, its lag and both
RMS levels (a silent channel matches a silent channel: correlation 1 when both RMS are below 30).

usage: compare_recordings.py A B
"""
import json, subprocess, sys
import numpy as np

RATE = 48000


def decode(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "2", "-ar", str(RATE), "-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64).reshape(-1, 2)


def best_correlation(a, b, window):
    n = min(len(a), len(b))
    a, b = a[:n], b[:n]
    size = 1 << (2 * n - 1).bit_length()
    # Circular cross-correlation by FFT; lags beyond ±window are ignored.
    full = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    lags = np.concatenate([np.arange(0, window + 1), np.arange(-window, 0)])
    values = np.concatenate([full[:window + 1], full[size - window:]])
    denominator = np.sqrt(np.dot(a, a) * np.dot(b, b))
    if denominator == 0:
        return 0.0, 0
    best = int(np.argmax(values))
    return float(values[best] / denominator), int(lags[best])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = decode(sys.argv[1]), decode(sys.argv[2])
    out = {"a_s": round(len(a) / RATE, 3), "b_s": round(len(b) / RATE, 3), "channels": []}
    for c in range(2):
        rms_a = float(np.sqrt(np.mean(a[:, c] ** 2))) if len(a) else 0.0
        rms_b = float(np.sqrt(np.mean(b[:, c] ** 2))) if len(b) else 0.0
        if rms_a < 30 and rms_b < 30:
            correlation, lag = 1.0, 0
        else:
            correlation, lag = best_correlation(a[:, c], b[:, c], RATE // 10)
        out["channels"].append({"correlation": round(correlation, 4), "lag_ms": round(lag * 1000 / RATE, 1),
                                "a_rms": round(rms_a, 1), "b_rms": round(rms_b, 1)})
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
