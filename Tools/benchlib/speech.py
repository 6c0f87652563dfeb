"""The speech inputs shared by the ingest, redaction and evidence-bundle sections: real 8 kHz
mono 16-bit speech (the pjsip and asterisk fixtures plus an espeak-ng utterance resampled to 8 kHz),
repeated with sox to the length a section asks for. Measures nothing itself.
"""

import shutil
import sys
import wave

from .common import FIXTURES, RATE, run_checked

# Real 8 kHz 16-bit mono speech recordings; used when present.
SPEECH_FIXTURES = ["pjsip__input.8.wav", "asterisk__talking.wav"]
# Spoken by espeak-ng to add more (and longer) speech to the base clip.
ESPEAK_TEXT = (
    "Thank you for calling. This call may be recorded for quality and training purposes. "
    "Could you please confirm your account number and the postcode on the account? "
    "I can see the payment was received on the third of March, but the invoice was issued twice. "
    "I will raise a refund for the duplicate charge; it should reach your card within five working days. "
    "Is there anything else I can help you with today? Thank you, goodbye."
)


def wav_seconds(path):
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def check_speech_wav(path):
    """Fails unless `path` is 8 kHz mono 16-bit PCM, which is what the benchmark promises."""
    with wave.open(str(path), "rb") as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (RATE, 1, 2):
            sys.exit(f"bench: {path} is not 8 kHz mono 16-bit")


def make_base_clip(work):
    """A short clip of real speech at 8 kHz mono 16-bit: the fixtures, then espeak-ng speech."""
    parts = [FIXTURES / name for name in SPEECH_FIXTURES if (FIXTURES / name).is_file()]
    if shutil.which("espeak-ng"):
        spoken = work / "espeak.wav"
        run_checked(["espeak-ng", "-s", "160", "-w", spoken, ESPEAK_TEXT])
        spoken8k = work / "espeak8k.wav"
        run_checked(["sox", spoken, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", spoken8k,
                     "rate", "-v"])
        parts.append(spoken8k)
    if not parts:
        sys.exit(f"bench: no speech to build the input from: neither {FIXTURES} nor espeak-ng is available")
    base = work / "base.wav"
    # Concatenated, with half a second of silence before the clip repeats, like a pause in a call.
    run_checked(["sox", *parts, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", base,
                 "pad", "0", "0.5"])
    for p in parts:
        if p.parent == work:
            p.unlink()
    (work / "espeak.wav").unlink(missing_ok=True)
    return base


def make_speech_wav(work, base, seconds, name):
    """Repeats `base` until it lasts at least `seconds`, then trims it to exactly that long."""
    out = work / name
    if out.is_file() and abs(wav_seconds(out) - seconds) < 0.01:
        return out  # reused from an earlier run with the same --workdir
    repeats = int(seconds // wav_seconds(base))  # "repeat N" plays it N+1 times
    run_checked(["sox", base, "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer", out,
                 "repeat", str(repeats), "trim", "0", str(seconds)])
    check_speech_wav(out)
    return out


def make_long_wav(work, unit, seconds, name):
    """Concatenates copies of `unit` (whose length divides `seconds`) into a long WAV."""
    out = work / name
    copies = round(seconds / wav_seconds(unit))
    run_checked(["sox", unit, out, "repeat", str(copies - 1)])
    check_speech_wav(out)
    return out
