#!/usr/bin/env python3
"""Narrowband PESQ (ITU-T P.862) of a degraded WAV against a reference WAV.

Both files must be 8 kHz mono 16-bit PCM. Prints the MOS-LQO score alone on standard output.
Uses the `pesq` package from PyPI (installed by Tools/setup).
Usage: Tools/pesq_nb.py REFERENCE.wav DEGRADED.wav
"""
import sys
import wave

import numpy as np
from pesq import pesq


def read_pcm16_8k(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != 8000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
            sys.exit(f"{path}: need 8 kHz mono 16-bit PCM, got {w.getframerate()} Hz, "
                     f"{w.getnchannels()} ch, {8 * w.getsampwidth()}-bit")
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    reference, degraded = (read_pcm16_8k(p) for p in sys.argv[1:])
    n = min(len(reference), len(degraded))
    print(f"{pesq(8000, reference[:n], degraded[:n], 'nb'):.3f}")


if __name__ == "__main__":
    main()
