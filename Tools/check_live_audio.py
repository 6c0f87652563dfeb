#!/usr/bin/env python3
"""Compares what a recorder stored with the RTP that was sent to it, independently of callvault.

The reference is the capture's RTP payloads, extracted by tshark and decoded here (G.711 A-law or
µ-law, RFC 3551 / ITU-T G.711); the stored audio is decoded by ffmpeg. Prints JSON: the best
normalised cross-correlation of the chosen channel with the reference (and its lag), the
reference's and the channel's durations, and the RMS of the other channel.

usage: check_live_audio.py --pcap CAPTURE --port UDP_PORT --stored FILE.opus --channel left|right
"""
import argparse, json, subprocess, sys
import numpy as np


def alaw(byte):
    byte ^= 0x55
    sign, exponent, mantissa = byte & 0x80, (byte >> 4) & 7, byte & 0x0F
    value = (mantissa << 4) + 8 if exponent == 0 else ((mantissa << 4) + 0x108) << (exponent - 1)
    return value if sign else -value


def ulaw(byte):
    byte = ~byte & 0xFF
    sign, exponent, mantissa = byte & 0x80, (byte >> 4) & 7, byte & 0x0F
    value = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return -value if sign else value


def reference(pcap, port):
    out = subprocess.run(["tshark", "-r", pcap, "-d", f"udp.port=={port},rtp", "-Y", "rtp",
                          "-T", "fields", "-e", "rtp.p_type", "-e", "rtp.payload"],
                         check=True, capture_output=True, text=True).stdout
    samples = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1]:
            continue
        payload = bytes.fromhex(parts[1].replace(":", ""))
        decode = alaw if parts[0] == "8" else ulaw if parts[0] == "0" else None
        if decode:
            samples.extend(decode(b) for b in payload)
    return np.array(samples, dtype=np.float64)


def stored(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "2", "-ar", "8000", "-"],
                         check=True, capture_output=True).stdout
    both = np.frombuffer(raw, dtype=np.int16).astype(np.float64).reshape(-1, 2)
    return both[:, 0], both[:, 1]


def best_correlation(ref, signal, max_lag):
    best, best_lag = 0.0, 0
    n = min(len(ref), len(signal)) - max_lag
    if n <= 0:
        return 0.0, 0
    for lag in range(-max_lag, max_lag + 1, 1):
        a = ref[max(0, -lag):max(0, -lag) + n]
        b = signal[max(0, lag):max(0, lag) + n]
        m = min(len(a), len(b))
        a, b = a[:m], b[:m]
        denominator = np.sqrt(np.dot(a, a) * np.dot(b, b))
        if denominator > 0:
            c = float(np.dot(a, b) / denominator)
            if c > best:
                best, best_lag = c, lag
    return best, best_lag


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pcap", required=True)
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--stored", required=True)
    parser.add_argument("--channel", choices=["left", "right"], required=True)
    args = parser.parse_args()
    ref = reference(args.pcap, args.port)
    left, right = stored(args.stored)
    channel, other = (left, right) if args.channel == "left" else (right, left)
    correlation, lag = best_correlation(ref, channel, 400)  # ±50 ms at 8 kHz
    json.dump({"correlation": round(correlation, 4), "lag_s": lag / 8000,
               "reference_s": len(ref) / 8000, "stored_s": len(channel) / 8000,
               "other_rms": float(np.sqrt(np.mean(other ** 2))) if len(other) else 0.0}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
