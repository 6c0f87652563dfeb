#!/usr/bin/env python3
"""Tide: 400 whole call-centre conversations for `callvault redact`, written by a ninth independent author.

    Tools/gen_redact_tide.py            # writes Tests/VaultRedactTests/Fixtures/conversations-tide.jsonl
    Tools/gen_redact_tide.py --stdout   # prints the cases instead of writing them

The set ("tide") was written from the task description and Tools/eval_redact_conversations.py (the
scorer, whose labelling conventions it follows) only: not from the redactor's code, nor from the other
authors' generators or fixtures. Its domains are call centres the other sets do not use: broadband
installation, gym membership, motor-insurance claims after an accident, university admissions,
court-fee payments, solar-panel sales, funeral services, property management, airline lost luggage,
a tax helpline, online-shop returns, charity donations, removals, a driving school, appliance repair
and concert ticketing; in Chinese (about 40 %), English (35 %) and mixed Chinese/English (25 %);
as plain text (55 %, many speaker-label and timestamp layouts, some with no labels), WebVTT (15 %)
and ASR JSON (30 %, flat `words` and Whisper-style `segments`).

Labels (scorer conventions): every piece of a PRC ID number, bank card number or PRC mobile number
said by anybody is a fragment of its kind: the caller's pieces around a back-channel or an echo,
pieces continued on the next line, cue or segment, abandoned prefixes and wrong versions before a
correction, the agent's read-backs (full, last 4, first 6, with a misheard digit), an ID's check
character said apart. A fragment runs from its first to its last digit-bearing word and includes
the fillers inside it. `last4_ok` is set on phone fragments (only phones) that end at the number's
final (11th) digit: the whole number, its last piece, a read-back of its last four, and also a
complete wrong version (a misheard read-back, a number said wrongly then corrected) or a corrected
last group; never on an abandoned prefix or a middle piece. Cases of phenomenon "negative" have no fragment; they and the unlabelled
digit runs of every case (order, tracking, policy, claim, case and invoice numbers, organisations'
landlines with extensions, 400 hotlines, postcodes, amounts, dates, flights, codes, meter readings,
counts ...) are checked with the scorer's digit reader: no 11-digit window starts with 13-19, no
13-19 digit window passes Luhn, no 18-character window passes MOD 11-2 (numbers are drawn again
until none does). Landlines appear only as organisations' lines (hotline, front desk, with or
without an extension), never as a caller's own number.

Deterministic: each case draws from its own seeded random.Random; two runs write identical bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer's digit reader and fixture checks)

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-tide.jsonl")
SET = "tide"
SEED = 7113
N_CASES = 400

PHEN_COUNTS = {"negative": 110, "plain": 24, "interruption": 34, "continuation": 30, "correction": 36,
               "filler": 30, "asr-chunks": 26, "readback": 36, "check-char-apart": 22, "glued-words": 20,
               "multi-number": 32}
FORMAT_COUNTS = {"text": 220, "vtt": 60, "flat": 60, "whisper": 60}
LANG_COUNTS = {"zh": 160, "en": 140, "mixed": 100}
KLABEL = {"phone": "phone", "id": "id_number", "card": "bank_card"}


# ============================================================================================
# Number maths
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


def id_check(d17):
    return ID_C[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17].upper() == id_check(s[:17])


def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError


def rdig(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


PHONE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
                  "151", "152", "153", "155", "156", "157", "158", "159", "166", "171", "173", "175", "176",
                  "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
                  "193", "195", "198", "199"]
ID_AREAS = ["110105", "110108", "120104", "130102", "210202", "220102", "310104", "310115", "320106",
            "320583", "330106", "330782", "340104", "350203", "360102", "370212", "410105", "420111",
            "430104", "440106", "440305", "450103", "500112", "510107", "520102", "530111", "610113",
            "620102", "140105", "230103"]
CARD_BINS = [("622202", 19), ("621700", 19), ("622848", 19), ("621226", 19), ("623668", 19),
             ("622260", 19), ("621483", 16), ("622588", 16), ("625802", 16), ("436742", 16),
             ("524047", 16), ("622155", 16), ("622609", 16), ("628288", 16), ("622908", 18),
             ("621098", 17), ("601382", 19), ("623062", 19)]


def gen_phone(rng):
    return rng.choice(PHONE_PREFIXES) + rdig(rng, 8)


def gen_id(rng, want_x=None):
    while True:
        y = rng.randint(1952, 2006)
        body = rng.choice(ID_AREAS) + f"{y}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + rdig(rng, 3)
        c = id_check(body)
        if want_x is None or (c == "X") == want_x:
            return body + c


def gen_card(rng):
    bin_, n = rng.choice(CARD_BINS)
    body = bin_ + rdig(rng, n - 7)
    return body + luhn_digit(body)


# ============================================================================================
# Safety of unlabelled digit runs (hard negatives)
# ============================================================================================

def unsafe_reason(ds, whole=True):
    """Why the unlabelled run ds (digits, maybe X) could pass for a phone, card or ID; None if safe.
    whole=False for a concatenation across turns: no rule on the run's exact length."""
    n = len(ds)
    for i in range(n - 10):
        w = ds[i:i + 11]
        if w.isdigit() and w[0] == "1" and w[1] in "3456789":
            return "11-digit window 1[3-9]"
    for L in range(13, 20):
        for i in range(n - L + 1):
            w = ds[i:i + L]
            if w.isdigit() and luhn_ok(w):
                return f"{L}-digit Luhn window"
    for i in range(n - 17):
        w = ds[i:i + 18]
        if w[:17].isdigit() and (w[17].isdigit() or w[17] == "X") and id_ok(w):
            return "18-char MOD 11-2 window"
    if whole and n == 11 and ds.startswith("07"):
        return "UK-mobile shape"
    if whole and n == 10 and ds[0] in "23456789" and not ds.startswith(("400", "800")):
        return "10-digit North-American shape"
    return None


SEP_CHARS = set(" \t-–—.·,，、/:：;；()（）…~～'\"\u3000")
EN_JOINERS = {"um", "uh", "er", "erm", "like", "and", "then", "double", "triple"}
CN_JOINERS = ["那个", "就是", "呃", "嗯", "啊", "哦", "是"]
PH = "\ue000"   # stands for a labelled fragment inside a turn while checking


def joinable(gap):
    """A gap a reader of numbers could skip: separators and fillers only."""
    g = gap
    for w in CN_JOINERS:
        g = g.replace(w, " ")
    g = re.sub(r"[A-Za-z]+", lambda m: " " if m.group(0).lower() in EN_JOINERS else m.group(0), g)
    return all(ch in SEP_CHARS for ch in g)


def spoken_digits(s):
    """The digits s says (double/triple expanded; X for a check character)."""
    out, mult, i, n = [], 1, 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            out.append(c * mult); mult = 1; i += 1; continue
        if "０" <= c <= "９":
            out.append(str(ord(c) - 0xFF10) * mult); mult = 1; i += 1; continue
        if c in ev.CN_VAL:
            out.append(ev.CN_VAL[c] * mult); mult = 1; i += 1; continue
        if c in "Ｘ叉":
            out.append("X"); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                out.append("X")
            else:
                for p in ev._decompose(w) or []:
                    if p == "double":
                        mult = 2
                    elif p == "triple":
                        mult = 3
                    else:
                        out.append(ev.EN_VAL[p] * mult); mult = 1
            i = j
            continue
        i += 1
    return "".join(out)


def digit_groups(s):
    """Runs of readable digits in s joined by separators/fillers; PH marks a fragment."""
    items = [(a, b, False) for a, b, _, _ in ev.read_units(s)]
    items += [(k, k + 1, True) for k, ch in enumerate(s) if ch == PH]
    items.sort()
    groups = []
    for a, b, ph in items:
        if groups and joinable(s[groups[-1]["end"]:a]):
            g = groups[-1]
            g["end"] = b
            g["ph"] |= ph
            g["other"] |= not ph
        else:
            groups.append({"start": a, "end": b, "ph": ph, "other": not ph})
    for g in groups:
        g["digits"] = spoken_digits(s[g["start"]:g["end"]].replace(PH, " "))
    return groups


def slot_safe(display):
    return all(unsafe_reason(g["digits"]) is None for g in digit_groups(display))


# ============================================================================================
# Saying digits: renderers (Arabic, spaced, Chinese numerals, mixed, English words, glued, full-width)
# ============================================================================================

EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
CN_PLAIN = "零一二三四五六七八九"


def cut(sizes):
    a = 0
    for s in sizes:
        yield a, a + s
        a += s


def sizes_for(sizes, a, b):
    """Group sizes of the part [a, b) of a number grouped by sizes."""
    bounds = {0}
    acc = 0
    for s in sizes:
        acc += s
        bounds.add(acc)
    inner = sorted(x for x in bounds if a < x < b)
    pts = [a] + inner + [b]
    return [pts[i + 1] - pts[i] for i in range(len(pts) - 1)]


def default_sizes(kind, n, rng):
    if kind == "phone":
        return rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [11], [3, 8], [7, 4]])
    if kind == "id":
        return rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18], [6, 8, 3, 1], [6, 12]])
    if n == 16:
        return rng.choice([[4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [16], [6, 10], [8, 8]])
    if n == 19:
        return rng.choice([[4, 4, 4, 4, 3], [4, 4, 4, 4, 3], [6, 13], [19], [4, 4, 4, 7]])
    return rng.choice([[4, 4, 4, 4, n - 16], [4, 4, 4, 4, n - 16], [n]])


def irregular_sizes(n, rng):
    """ASR inverse-text-normalisation chunks: uneven groups of 2-5 (sometimes 1 or 6)."""
    out = []
    while sum(out) < n:
        left = n - sum(out)
        s = min(left, rng.choice([2, 3, 3, 4, 4, 5, 5, 1, 6]))
        out.append(s)
    if len(out) == 1 and n > 3:
        return irregular_sizes(n, rng)
    return out


def to_fw(c):
    return "Ｘ" if c in "Xx" else chr(0xFF10 + int(c))


def render_group(g, form, st, rng):
    if form == "ar":
        return g.replace("X", st["x_ar"])
    if form == "fw":
        return "".join(to_fw(c) if (c == "X" or rng.random() < st["fwp"]) else c for c in g)
    if form == "sp":
        return st["dsep"].join(st["x_ar"] if c == "X" else c for c in g)
    if form == "cn":
        v = st["cn"]
        m = {"0": v["zero"], "1": v["one"], "2": v["two"], "X": v["x"]}
        return "".join(m.get(c, CN_PLAIN[int(c)] if c.isdigit() else c) for c in g)
    # English words, maybe double/triple, maybe glued
    words = []
    i = 0
    while i < len(g):
        c = g[i]
        if c == "X":
            words.append("X"); i += 1; continue
        w = st["zero_en"] if c == "0" else EN_WORDS[int(c)]
        run = 1
        while i + run < len(g) and g[i + run] == c and run < 3:
            run += 1
        if run == 3 and rng.random() < st["dbl"]:
            words.append("triple " + w); i += 3; continue
        if run >= 2 and rng.random() < st["dbl"]:
            words.append("double " + w); i += 2; continue
        words.append(w); i += 1
    if form == "glued":
        toks = " ".join(words).split(" ")
        out, cnt = [toks[0]], [1]
        for t in toks[1:]:
            if t != "X" and out[-1] != "X" and cnt[-1] < 3 and rng.random() < st["glue"]:
                out[-1] += t
                cnt[-1] += 1
            else:
                out.append(t)
                cnt.append(1)
        return " ".join(out)
    return " ".join(words)


FILLER_SEPS = {"zh": [" 呃 ", "，呃，", "……嗯……", " 那个 ", "，就是，", "，嗯，"],
               "en": [", um, ", " uh ", ", er, ", " like ", "... uh... ", ", erm, "]}


def render(ds, sizes, st, rng, fillers=0, lg="zh"):
    """Fragment text saying ds, grouped by sizes, in the style st, with fillers between groups."""
    groups = [ds[a:b] for a, b in cut(sizes)]
    out = []
    for gi, g in enumerate(groups):
        form = st["form"]
        if form == "cnar":
            form = "cn" if (gi + st["phase"]) % 2 == 0 else "ar"
        out.append(render_group(g, form, st, rng))
    seps = [st["gsep"]] * (len(out) - 1)
    if fillers and seps:
        fl = FILLER_SEPS["en" if lg == "en" or st["form"] in ("en", "glued") else "zh"]
        for k in rng.sample(range(len(seps)), min(fillers, len(seps))):
            seps[k] = rng.choice(fl)
    text = out[0]
    for s, o in zip(seps, out[1:]):
        text += s + o
    return text


# ============================================================================================
# Hard-negative slots: each returns a display string whose digit runs are safe
# ============================================================================================

def _safe(rng, make):
    for _ in range(5000):
        d = make()
        if slot_safe(d):
            return d
    raise RuntimeError("no safe value for a slot")


def g4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def ymd(rng):
    return rng.choice(["2023", "2024", "2025"]) + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def sl_order(rng, lg):
    def mk():
        body = ymd(rng) + rdig(rng, rng.choice([5, 6, 8, 10, 11]))
        return rng.choice([body, body, g4(body)])
    return _safe(rng, mk)


def sl_track(rng, lg):
    def mk():
        p = rng.choice(["SF", "YT", "JT", "ZTO", "JDX", ""])
        body = rdig(rng, 12 if p in ("SF", "JDX") else 13)
        if p == "":
            body = "7" + body[1:]
            return g4(body)
        return p + body
    return _safe(rng, mk)


def sl_policy(rng, lg):
    def mk():
        if rng.random() < 0.5:
            return rng.choice(["PDAA", "PDZA", "ADAA"]) + ymd(rng)[:4] + rng.choice(ID_AREAS)[:4] + rdig(rng, 10)
        return g4(rng.choice(["66", "88", "10"]) + rdig(rng, 18))
    return _safe(rng, mk)


def sl_claim(rng, lg):
    def mk():
        r = rng.random()
        if r < 0.4:
            return "RDAA" + ymd(rng)[:4] + rdig(rng, 12)
        if r < 0.7:
            return "CLM-" + ymd(rng)[:4] + "-" + rdig(rng, 6)
        return ymd(rng) + rdig(rng, 5)
    return _safe(rng, mk)


AREA = ["010", "021", "020", "022", "023", "0755", "0571", "028", "027", "025", "0512", "0532", "029"]


def sl_hotline(rng, lg):
    def mk():
        r = rng.random()
        if r < 0.3:
            n = "400-" + rdig(rng, 3) + "-" + rdig(rng, 4)
            return n if lg != "en" else n.replace("-", " ")
        a = rng.choice(AREA)
        local = str(rng.randint(2, 8)) + rdig(rng, 7 if len(a) == 3 else rng.choice([6, 7]))
        num = f"{a}-{local[:4]} {local[4:]}" if rng.random() < 0.6 else f"{a}-{local}"
        if rng.random() < 0.6:
            ext = rdig(rng, rng.choice([3, 4]))
            if lg == "en":
                return num + rng.choice([" extension ", " ext. ", ", extension "]) + ext
            return num + rng.choice(["转", " 转 ", "，分机"]) + ext
        return num
    return _safe(rng, mk)


def sl_short(rng, lg):
    return rng.choice(["12366", "12368", "95519", "95583", "12345", "95598"])


def sl_postcode(rng, lg):
    return _safe(rng, lambda: rng.choice(["100", "200", "518", "310", "610", "430", "210", "300", "510", "710",
                                            "250", "350"]) + rdig(rng, 3))


def sl_amount(rng, lg):
    n = rng.choice([rng.randint(20, 999), rng.randint(20, 999), rng.randint(1000, 9999), rng.randint(1000, 9999),
                    rng.randint(10000, 99999)])
    s = f"{n:,}" if n >= 1000 and rng.random() < 0.5 else str(n)
    if rng.random() < 0.2:
        s += "." + rdig(rng, 2)
    if lg == "en":
        return rng.choice([f"{s} yuan", f"RMB {s}", f"¥{s}", f"{s} kuai"])
    return rng.choice([f"{s}元", f"{s}块", f"￥{s}", f"{s}块钱"])


def sl_fee(rng, lg):
    """A small sum: a monthly fee, a call-out charge."""
    s = str(rng.choice([rng.randint(20, 300), rng.randint(50, 999)]))
    if lg == "en":
        return rng.choice([f"{s} yuan", f"RMB {s}", f"¥{s}", f"{s} kuai"])
    return rng.choice([f"{s}元", f"{s}块", f"￥{s}", f"{s}块钱"])


def sl_date(rng, lg):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if lg == "en":
        return rng.choice([f"{d} {MONTHS[m - 1]}", f"{MONTHS[m - 1]} {d}", f"2024-{m:02d}-{d:02d}",
                           f"the {d}th of {MONTHS[m - 1]}"])
    return rng.choice([f"{m}月{d}日", f"{m}月{d}号", f"2024年{m}月{d}日", f"下周{rng.choice('一二三四五六')}"])


def sl_time(rng, lg):
    h = rng.randint(8, 17)
    if lg == "en":
        return rng.choice([f"{h}:{rng.choice(['00', '15', '30', '45'])}", f"{(h - 1) % 12 + 1} {'am' if h < 12 else 'pm'}",
                           f"{h}:00 to {h + 2}:00"])
    half = "上午" if h < 12 else ("中午" if h == 12 else "下午")
    return rng.choice([f"{half}{(h - 1) % 12 + 1}点", f"{h}:{rng.choice(['00', '30'])}",
                       f"{half}{(h - 1) % 12 + 1}点半", f"{h}点到{h + 2}点"])


def sl_flight(rng, lg):
    return rng.choice(["CA", "MU", "CZ", "HO", "MF", "ZH", "3U"]) + rng.choice(["", " "]) + str(rng.randint(101, 8999))


def sl_caseno(rng, lg):
    y = rng.choice(["2023", "2024"])
    c = rng.choice(["沪0105", "京0108", "粤0305", "浙0106", "苏0102"])
    kind = rng.choice(["民初", "民终", "执"])
    n = rng.randint(100, 39999)
    if lg == "en":
        prov = {"沪": "Hu", "京": "Jing", "粤": "Yue", "浙": "Zhe", "苏": "Su"}[c[0]]
        return f"({y}) {prov} {c[1:]} {rng.choice(['Min Chu', 'Min Zhong', 'Zhi'])} No. {n}"
    return f"（{y}）{c}{kind}{n}号"


def sl_acct11(rng, lg):
    def mk():
        first = rng.choice(["0", "2", "3", "5", "6", "8", "9", "10", "11", "12"])
        return first + rdig(rng, 11 - len(first))
    return _safe(rng, mk)


def sl_ref16(rng, lg):
    def mk():
        body = rng.choice(["42", "88", "20", "31", "60", "99"]) + rdig(rng, rng.choice([14, 15, 16, 17]))
        return body if rng.random() < 0.5 else g4(body)
    return _safe(rng, mk)


def sl_ref18(rng, lg):
    """18 digits shaped like an ID (area + date) but failing MOD 11-2: no ID context is put near it."""
    def mk():
        body = rng.choice(ID_AREAS) + ymd(rng) + rdig(rng, 4)
        return body
    return _safe(rng, mk)


def sl_code(rng, lg):
    n = rng.choice([4, 6, 6])
    d = _safe(rng, lambda: rdig(rng, n))
    if lg == "en" and rng.random() < 0.4:
        return " ".join(EN_WORDS[int(c)] for c in d)
    if lg != "en" and rng.random() < 0.2:
        return "".join(CN_PLAIN[int(c)] for c in d)
    return d if rng.random() < 0.7 else " ".join(d)


def sl_meter(rng, lg):
    r = rng.random()
    if r < 0.5:
        return f"{rng.randint(100, 99999):05d}.{rng.randint(0, 9)}"
    if r < 0.8:
        return " ".join(rdig(rng, 5))
    return str(rng.randint(1000, 9999))


def sl_meterno(rng, lg):
    return _safe(rng, lambda: "0" + rdig(rng, rng.choice([9, 11, 12])))


def sl_count(rng, lg):
    if lg == "en":
        return rng.choice(["two three four people", "maybe three or four people", "about five or six of us",
                           "twenty or thirty people", "two, three people"])
    return rng.choice(["两三个人", "三四个人", "也就七八个人", "二三十个人", "四五个"])


def sl_invoice(rng, lg):
    return _safe(rng, lambda: rdig(rng, 8))


def sl_invcode(rng, lg):
    return _safe(rng, lambda: rng.choice(["0", "10", "11", "12"]) + rdig(rng, 11 if rng.random() < 0.5 else 10)[:12 - 1])


def sl_room(rng, lg):
    b, u, f, r = rng.randint(1, 28), rng.randint(1, 4), rng.randint(1, 33), rng.randint(1, 6)
    if lg == "en":
        return rng.choice([f"Block {b}, Unit {u}, Flat {f}{r:02d}", f"Flat {f}{r:02d}, Building {b}",
                           f"Room {f}{r:02d}, Tower {b}"])
    return rng.choice([f"{b}栋{u}单元{f}{r:02d}室", f"{b}号楼{f}{r:02d}", f"{b}幢{u}单元{f}{r:02d}"])


def sl_seat(rng, lg):
    r, s = rng.randint(1, 40), rng.randint(1, 60)
    if lg == "en":
        return f"row {r}, seats {s} and {s + 1}"
    return f"{rng.choice(['一', '二', '三'])}层{r}排{s}座和{s + 1}座"


def sl_plate(rng, lg):
    al = "ABCDEFGHJKLMNPQRSTUVWY0123456789"
    p = rng.choice(["沪A", "京N", "粤B", "浙A", "苏E", "川A"]) + "".join(rng.choice(al) for _ in range(5))
    if lg == "en":
        return p.replace("沪", "Hu ").replace("京", "Jing ").replace("粤", "Yue ").replace("浙", "Zhe ") \
                .replace("苏", "Su ").replace("川", "Chuan ")
    return p[:2] + rng.choice(["·", "", " "]) + p[2:]


def sl_taxid(rng, lg):
    al = "ABCDEFGHJKLMNPQRTUWY"
    return "91" + rng.choice(ID_AREAS)[:6] + "MA" + rng.choice(al) + "".join(rng.choice(al + "0123456789") for _ in range(6)) + rng.choice(al)


def sl_examno(rng, lg):
    return _safe(rng, lambda: rng.choice(["24", "25"]) + rng.choice(ID_AREAS)[:4] + rdig(rng, 8))


def sl_admit(rng, lg):
    return _safe(rng, lambda: rdig(rng, 9))


def sl_ems(rng, lg):
    return _safe(rng, lambda: rng.choice(["E", "K", "L"]) + rng.choice("ABCDEFGHJ") + rdig(rng, 9) + "CN")


def sl_bagtag(rng, lg):
    return _safe(rng, lambda: rng.choice(["0999", "0781", "0479"]) + " " + rdig(rng, 6)) if rng.random() < 0.5 \
        else rng.choice(["CA", "MU", "CZ"]) + " " + rdig(rng, 6)


def sl_pir(rng, lg):
    return rng.choice(["PEK", "PVG", "CAN", "SZX", "CTU"]) + rng.choice(["CA", "MU", "CZ"]) + rdig(rng, 5)


def sl_serial(rng, lg):
    al = "ABCDEFGHJKLMNPQRSTUVWY"
    return rng.choice(["ZTEG", "HWTC", "SN"]) + "".join(rng.choice(al) for _ in range(2)) + rdig(rng, 6) + rng.choice(al)


def sl_model(rng, lg):
    return rng.choice(["KFR-35GW/BP3", "XQG100-B14", "BCD-520WKPZM", "KFR-72LW/N1", "DW-E32"])


def sl_locker(rng, lg):
    return str(rng.randint(101, 489))


def sl_parking(rng, lg):
    return rng.choice(["B1-", "B2-", "A区" if lg != "en" else "A-"]) + str(rng.randint(10, 480))


def sl_plot(rng, lg):
    if lg == "en":
        return f"section {rng.choice('ABCD')}, row {rng.randint(1, 30)}, plot {rng.randint(1, 20)}"
    return f"{rng.choice(['松园', '柏园', '福园'])}{rng.choice('ABCD')}区{rng.randint(1, 30)}排{rng.randint(1, 20)}号"


def sl_hall(rng, lg):
    return f"Hall {rng.randint(1, 8)}" if lg == "en" else f"{rng.randint(1, 8)}号厅"


def sl_kw(rng, lg):
    return f"{rng.randint(6, 30)} kW" if lg == "en" else f"{rng.randint(6, 30)}千瓦"


def sl_n1(rng, lg):
    return str(rng.randint(2, 9))


def sl_n2(rng, lg):
    return str(rng.randint(10, 60))


def sl_n3(rng, lg):
    return str(rng.randint(100, 999))


def sl_n4(rng, lg):
    return str(rng.randint(3000, 9999))


def sl_agno(rng, lg):
    return str(rng.randint(1001, 9899))


def sl_corpacct(rng, lg):
    def mk():
        b = rng.choice(["3100", "4400", "1001", "6223"]) + rdig(rng, rng.choice([16, 17, 18]))
        return g4(b) if rng.random() < 0.6 else b
    return _safe(rng, mk)


def sl_receipt(rng, lg):
    return _safe(rng, lambda: "JZ" + ymd(rng)[:4] + rdig(rng, 8))


def sl_studentno(rng, lg):
    return _safe(rng, lambda: ymd(rng)[:4] + rdig(rng, 4))


def sl_archive(rng, lg):
    return _safe(rng, lambda: rng.choice(ID_AREAS)[:4] + rdig(rng, 8))


def sl_truck(rng, lg):
    return rng.choice(["4.2 metre", "3.8 metre", "6.8 metre"]) if lg == "en" else rng.choice(["4.2米", "3.8米", "6.8米"])


def sl_floor(rng, lg):
    n = rng.randint(3, 9)
    return f"{n}th" if lg == "en" else f"{n}"


def sl_days(rng, lg):
    a = rng.randint(1, 5)
    return f"{a} to {a + rng.randint(1, 3)}" if lg == "en" else f"{a}到{a + rng.randint(1, 3)}"


def sl_pct(rng, lg):
    return f"{rng.choice([5, 10, 20, 30])}%"


SLOTS = {"order": sl_order, "track": sl_track, "policy": sl_policy, "claim": sl_claim, "hotline": sl_hotline,
         "short": sl_short, "postcode": sl_postcode, "amount": sl_amount, "date": sl_date, "time": sl_time,
         "flight": sl_flight, "caseno": sl_caseno, "acct11": sl_acct11, "ref16": sl_ref16, "ref18": sl_ref18,
         "code": sl_code, "meter": sl_meter, "meterno": sl_meterno, "count": sl_count, "invoice": sl_invoice,
         "invcode": sl_invcode, "room": sl_room, "seat": sl_seat, "plate": sl_plate, "taxid": sl_taxid,
         "examno": sl_examno, "admit": sl_admit, "ems": sl_ems, "bagtag": sl_bagtag, "pir": sl_pir,
         "serial": sl_serial, "model": sl_model, "locker": sl_locker, "parking": sl_parking, "plot": sl_plot,
         "hall": sl_hall, "kw": sl_kw, "n1": sl_n1, "n2": sl_n2, "n3": sl_n3, "n4": sl_n4, "ag_no": sl_agno,
         "corpacct": sl_corpacct, "receipt": sl_receipt, "studentno": sl_studentno, "archive": sl_archive,
         "truck": sl_truck, "floor": sl_floor, "pct": sl_pct, "days": sl_days, "fee": sl_fee}


# ============================================================================================
# Domains: who calls, why, what numbers (negatives) fly around, why a personal number is asked for
# ============================================================================================

def D(**kw):
    return kw


DOMAINS = {
    "broadband": D(
        split=["order"],
        org={"zh": ["蓝鲸宽带", "速联光网"], "en": ["BlueWhale Broadband", "SwiftLink Fibre"]},
        dept={"zh": "装维预约中心", "en": "installations desk"}, outbound=False,
        intent={"zh": ["我刚搬了新家，想装一条千兆宽带。", "约好今天上午装宽带的，师傅到现在还没来。",
                       "家里光猫一直闪红灯，网断了两天了。", "我想把宽带从三百兆升到千兆。"],
                "en": ["I've just moved and I'd like gigabit broadband put in.",
                       "The engineer was meant to come this morning and nobody has turned up.",
                       "The router light keeps flashing red and the internet's been down for two days.",
                       "I'd like to upgrade from the 300 meg plan to gigabit."]},
        info=[("A", "您的装机工单号是{order}，有问题报这个号就行。", "Your installation order number is {order}, quote that if anything comes up."),
              ("A", "师傅会在{date}{time}上门。", "The engineer will come on {date}, around {time}."),
              ("A", "千兆套餐每月{fee}，安装费{fee}。", "The gigabit plan is {fee} a month and installation is {fee}."),
              ("A", "我们的装维热线是{hotline}。", "Our installations line is {hotline}."),
              ("C", "光猫背面写着 SN {serial}。", "The label on the router says SN {serial}."),
              ("A", "系统给您发了验证码{code}，师傅上门时报给他。", "We've texted you a code, {code}; give it to the engineer."),
              ("C", "地址是{room}，邮编{postcode}。", "The address is {room}, postcode {postcode}."),
              ("A", "您的宽带账号是{acct11}，密码在短信里。", "Your broadband account is {acct11}; the password is in the text message.")],
        why={"phone": {"zh": ["师傅上门前会先给您打电话，", "装机短信会发到这个号上，"],
                       "en": ["The engineer will ring before the visit.", "We'll text the appointment details."]},
             "id": {"zh": ["宽带开户要实名登记，", "按规定装机要核验机主身份，"],
                    "en": ["Broadband accounts are registered in the holder's real name.", "I need to register the account holder's ID."]},
             "card": {"zh": ["月费可以绑卡自动扣，", "安装费可以直接从卡上扣，"],
                      "en": ["We can take the monthly fee by card.", "The installation fee can go on a card."]}},
        close={"zh": ["好的，工单已经提交了，请保持电话畅通。", "那就这样，祝您上网愉快。"],
               "en": ["You're all booked in; keep your phone on for the engineer.", "That's everything, enjoy the new connection."]}),
    "gym": D(
        split=["ref16"],
        org={"zh": ["力动健身", "铁馆健身俱乐部"], "en": ["PulseFit", "IronYard Gym"]},
        dept={"zh": "会籍顾问", "en": "membership team"}, outbound=False,
        intent={"zh": ["我想办一张年卡，现在有什么活动？", "我下个月出差，想把会员冻结两个月。",
                       "我的私教课还剩几节，想转给朋友。", "我要退卡，搬家了离得太远。"],
                "en": ["I'd like to sign up for an annual membership, are there any offers on?",
                       "I'm travelling next month and want to freeze my membership.",
                       "I have some personal-training sessions left and want to transfer them to a friend.",
                       "I want to cancel, I've moved too far away."]},
        info=[("A", "您的会员号是{acct11}，前台刷脸就能进。", "Your member number is {acct11}; the front desk uses face check-in."),
              ("A", "年卡现价{amount}，今天办送{n1}节私教课。", "The annual pass is {amount} right now, with {n1} free PT sessions today."),
              ("A", "冻结最多{n2}天，手续费{fee}。", "You can freeze for up to {n2} days, with a {fee} fee."),
              ("C", "我的储物柜是{locker}号。", "My locker is number {locker}."),
              ("A", "合同编号{ref18}，电子版发您邮箱了。", "The contract reference is {ref18}; we've emailed you a copy."),
              ("A", "前台电话{hotline}。", "The club's front desk is on {hotline}."),
              ("A", "团课是{date}{time}，{count}报名就开课。", "The group class is {date} at {time}; it runs if {count} sign up.")],
        why={"phone": {"zh": ["会员系统要绑定手机，", "上课提醒会发短信，"],
                       "en": ["The app login is tied to your mobile.", "Class reminders go out by text."]},
             "id": {"zh": ["办年卡需要实名，", "冻结要核对会员本人身份，"],
                    "en": ["Annual memberships are registered under your ID.", "To freeze it I need to verify the holder's ID."]},
             "card": {"zh": ["分期扣款要绑一张卡，", "退款会打到您的卡上，"],
                      "en": ["The monthly instalments come off a card.", "The refund goes back onto a card."]}},
        close={"zh": ["好的，给您办好了，欢迎常来。", "那我这边就登记了，有问题再联系。"],
               "en": ["All done, see you at the club.", "I've noted that; call us if anything changes."]}),
    "motorclaim": D(
        split=["policy", "ref16"],
        org={"zh": ["安途财产保险", "平顺车险"], "en": ["Crestview Motor Insurance", "SafeRoad Insurance"]},
        dept={"zh": "理赔报案中心", "en": "claims line"}, outbound=False,
        intent={"zh": ["我今天早上在路口被追尾了，想报个案。", "上周出的事故，定损结果出来了吗？",
                       "对方全责，我想问一下赔款什么时候到。"],
                "en": ["I was rear-ended at a junction this morning and need to open a claim.",
                       "I had an accident last week, has the damage assessment come through?",
                       "The other driver was fully at fault; when will the payout come?"]},
        info=[("A", "您的保单号是{policy}，报案号是{claim}。", "Your policy number is {policy} and the claim reference is {claim}."),
              ("C", "我的车牌是{plate}，对方车牌{plate}。", "My plate is {plate}, the other car's is {plate}."),
              ("A", "事故认定书编号{ref16}，交警那边已经上传了。", "The police report number is {ref16}; traffic police have uploaded it."),
              ("A", "定损金额{amount}，维修厂报价{amount}。", "The assessed damage is {amount}, and the garage quoted {amount}."),
              ("C", "事故是{date}{time}左右发生的。", "It happened on {date} at about {time}."),
              ("A", "您可以把车开到合作维修厂，维修厂前台电话{hotline}。", "You can take the car to our partner garage; the garage's front desk is {hotline}."),
              ("A", "查勘员工号{ag_no}，大概{n2}分钟到现场。", "The assessor's staff number is {ag_no}; he'll be there in about {n2} minutes.")],
        why={"phone": {"zh": ["查勘员到现场前会联系您，"], "en": ["The assessor will call you on the way."]},
             "id": {"zh": ["需要核实被保险人身份，", "赔款要跟被保险人身份证一致，"],
                    "en": ["I need to verify the policyholder's ID.", "The payout has to match the insured person's ID."]},
             "card": {"zh": ["赔款需要打到被保险人本人的卡上，"], "en": ["The settlement is paid to a card in the policyholder's name."]}},
        close={"zh": ["案子已经登记了，请注意接听查勘员电话。", "好的，后续进度会短信通知您。"],
               "en": ["The claim is registered; watch out for the assessor's call.", "We'll text you as the claim progresses."]}),
    "admissions": D(
        split=["ref16"],
        org={"zh": ["东岚大学招生办", "临江理工学院招生办公室"], "en": ["Westbrook University Admissions", "Linjiang Institute of Technology admissions"]},
        dept={"zh": "本科招生咨询", "en": "undergraduate admissions"}, outbound=False,
        intent={"zh": ["我想查一下孩子的录取结果。", "录取通知书一直没收到，想问问寄出了没有。",
                       "想咨询一下学费怎么缴。", "我们家孩子想申请转专业。"],
                "en": ["I'd like to check my daughter's admission result.", "We still haven't received the admission letter.",
                       "I want to ask how to pay the tuition.", "My son wants to ask about changing majors."]},
        info=[("C", "孩子的考生号是{examno}。", "Her candidate number is {examno}."),
              ("A", "通知书是EMS寄的，单号{ems}。", "The letter went by EMS, tracking {ems}."),
              ("A", "学费每年{amount}，住宿费{fee}。", "Tuition is {amount} a year and accommodation {fee}."),
              ("A", "报到时间是{date}，学校邮编{postcode}。", "Registration is on {date}; the campus postcode is {postcode}."),
              ("A", "招生办电话{hotline}，工作日都有人接。", "The admissions office is on {hotline} on weekdays."),
              ("C", "准考证号是{admit}。", "The exam ticket number is {admit}."),
              ("A", "今年这个专业在你们省录了{n3}人，最低分{n3}。", "We admitted {n3} students from your province this year, lowest score {n3}.")],
        why={"phone": {"zh": ["通知书快递员派送前会打电话，"], "en": ["The courier will ring before delivering the letter."]},
             "id": {"zh": ["查录取要核对考生身份证号，"], "en": ["To look up the result I need the candidate's ID number."]},
             "card": {"zh": ["学费可以绑定银行卡代扣，"], "en": ["Tuition can be paid by card direct debit."]}},
        close={"zh": ["好的，祝孩子学业顺利。", "有新消息我们会短信通知。"],
               "en": ["Best of luck to her with her studies.", "We'll text you if anything changes."]}),
    "courtfee": D(
        split=["corpacct", "ref16"],
        org={"zh": ["滨江区人民法院诉讼服务中心", "东湖区人民法院"], "en": ["Binjiang District Court litigation services", "Donghu District Court fees office"]},
        dept={"zh": "诉讼服务热线", "en": "fees desk"}, outbound=False,
        intent={"zh": ["我收到缴费通知，想问一下诉讼费怎么交。", "我撤诉了，诉讼费能退吗？", "我想查一下我那个案子的缴费状态。"],
                "en": ["I got a payment notice and want to know how to pay the court fee.",
                       "I've withdrawn my case, can the fee be refunded?", "I'd like to check whether my court fee has been received."]},
        info=[("C", "案号是{caseno}。", "The case number is {caseno}."),
              ("A", "案件受理费{amount}，保全费{amount}。", "The filing fee is {amount} and the preservation fee {amount}."),
              ("A", "缴费通知书编号{ref18}，交款时要填。", "The payment notice number is {ref18}; you'll need it when paying."),
              ("A", "请在{date}前缴纳，逾期按撤诉处理。", "Please pay before {date} or the case is treated as withdrawn."),
              ("A", "法院收款账户是{corpacct}，户名是本院。", "The court's collection account is {corpacct}."),
              ("A", "有问题可以打诉讼服务电话{hotline}或者{short}。", "For questions call the litigation service line {hotline} or {short}.")],
        why={"phone": {"zh": ["缴费成功后会短信通知，"], "en": ["We send a text when the payment clears."]},
             "id": {"zh": ["查询案件需要核对当事人身份证号，"], "en": ["I need the party's ID number to find the case."]},
             "card": {"zh": ["退费只能退到当事人本人的卡上，"], "en": ["Refunds go back to a card in the party's own name."]}},
        close={"zh": ["好的，按通知书上的时间缴纳就可以。", "退费审批下来会通知您。"],
               "en": ["Just pay by the date on the notice.", "We'll let you know once the refund is approved."]}),
    "solar": D(
        split=["order"],
        org={"zh": ["晴能光伏", "阳光屋顶新能源"], "en": ["SunCrest Solar", "BrightRoof Energy"]},
        dept={"zh": "客户经理", "en": "sales team"}, outbound=True,
        intent={"zh": ["哦，你们是装太阳能板的吧？我家正好有个平顶。", "我之前在网上留过电话，想了解下价格。",
                       "你们上次来勘测过，方案出来了吗？"],
                "en": ["Oh, you do solar panels? We've got a flat roof actually.", "I left my details online, I wanted a price.",
                       "Your surveyor came last week, is the quote ready?"]},
        info=[("A", "按您家屋顶面积大概能装{kw}，一年发电{n4}度左右。", "Your roof could take about {kw}, roughly {n4} kilowatt-hours a year."),
              ("A", "设备{amount}，安装{amount}，并网手续我们来办。", "Equipment is {amount}, installation {amount}, and we handle the grid paperwork."),
              ("A", "报价单编号{order}，我发到您微信。", "The quote reference is {order}; I'll send it over."),
              ("C", "电费户号是{meterno}，电表读数{meter}。", "The electricity account number is {meterno} and the meter reads {meter}."),
              ("A", "勘测定在{date}{time}。", "The survey is booked for {date} at {time}."),
              ("A", "我们公司电话{hotline}。", "Our office number is {hotline}.")],
        why={"phone": {"zh": ["勘测工程师上门前会联系您，"], "en": ["The surveyor will call before coming out."]},
             "id": {"zh": ["并网申请要户主身份证，"], "en": ["The grid connection application needs the homeowner's ID number."]},
             "card": {"zh": ["定金可以直接从卡上扣，"], "en": ["The deposit can be taken from a card."]}},
        close={"zh": ["好的，那就不打扰您了。", "方案我整理好发给您。"],
               "en": ["Thanks for your time.", "I'll put the proposal together and send it over."]}),
    "funeral": D(
        split=["order"],
        org={"zh": ["安息园殡仪服务", "松柏生命礼仪"], "en": ["Evergreen Funeral Care", "Willow Lane Funeral Services"]},
        dept={"zh": "值班室", "en": "arrangements desk"}, outbound=False,
        intent={"zh": ["我父亲今天凌晨走了，想问一下后事怎么安排。", "想预约一下告别厅。", "想问问墓位的价格。"],
                "en": ["My mother passed away last night and I need help with the arrangements.", "I'd like to book a farewell hall.",
                       "I wanted to ask about burial plots."]},
        info=[("A", "节哀。告别厅订在{date}{time}，{hall}。", "I'm sorry for your loss. The hall is booked for {date} at {time}, {hall}."),
              ("A", "基础套餐{amount}，骨灰盒另算{amount}。", "The basic package is {amount}; the urn is {amount} extra."),
              ("A", "墓位在{plot}。", "The plot is {plot}."),
              ("A", "接运车大概{n2}分钟到，司机工号{ag_no}。", "The vehicle will be there in about {n2} minutes, driver number {ag_no}."),
              ("A", "有事随时打值班电话{hotline}。", "Call the duty line any time on {hotline}."),
              ("C", "来的人不多，{count}。", "Not many are coming, {count}."),
              ("A", "服务合同号{order}。", "Your service contract number is {order}.")],
        why={"phone": {"zh": ["接运车出发前司机会联系家属，"], "en": ["The driver will call the family before collection."]},
             "id": {"zh": ["办理火化手续需要逝者的身份证号，", "经办人要登记身份证，"],
                    "en": ["For the cremation paperwork I need the deceased's ID number.", "We need to register the family member's ID."]},
             "card": {"zh": ["费用可以刷卡预付，"], "en": ["The deposit can be paid by card."]}},
        close={"zh": ["您节哀，有什么需要随时打电话。", "我们会按时过去，请放心。"],
               "en": ["Please take care, and call us any time.", "We'll be there on time, don't worry."]}),
    "property": D(
        split=["order", "ref16"],
        org={"zh": ["锦苑物业服务中心", "嘉禾物业"], "en": ["Maple Court Property Management", "Lakeside Residences management office"]},
        dept={"zh": "客服中心", "en": "residents' helpdesk"}, outbound=False,
        intent={"zh": ["我家卫生间漏水，楼下都渗了。", "想办个停车月卡。", "我想问下物业费怎么交，能不能按季度。"],
                "en": ["Water's leaking from my bathroom into the flat below.", "I'd like a monthly parking permit.",
                       "How do I pay the service charge, can I pay quarterly?"]},
        info=[("C", "我家是{room}。", "I'm in {room}."),
              ("A", "您的报修单号{order}，师傅{time}到。", "Your repair ticket is {order}; the plumber will come at {time}."),
              ("A", "车位是{parking}，月卡{fee}一个月。", "Your space is {parking}; the permit is {fee} a month."),
              ("A", "物业费一年{amount}，停车管理费每月{fee}。", "The service charge is {amount} a year; parking management is {fee} a month."),
              ("C", "水表读数是{meter}。", "The water meter reads {meter}."),
              ("A", "发票号码{invoice}，已经开好了。", "The invoice number is {invoice}; it's been issued."),
              ("A", "物业服务中心电话{hotline}。", "The estate office number is {hotline}.")],
        why={"phone": {"zh": ["维修师傅上门前会打您电话，"], "en": ["The plumber will call before coming up."]},
             "id": {"zh": ["门禁卡登记需要业主身份证号，"], "en": ["The access card has to be registered to the owner's ID."]},
             "card": {"zh": ["物业费可以绑卡代扣，"], "en": ["We can take the service charge by card."]}},
        close={"zh": ["好的，师傅马上安排。", "已经给您登记了。"], "en": ["I'll get someone up there straight away.", "That's all registered."]}),
    "luggage": D(
        split=["ref16"],
        org={"zh": ["云翔航空行李查询中心", "东方海燕航空"], "en": ["Skyward Airlines baggage services", "Pacific Crane Airways lost luggage desk"]},
        dept={"zh": "行李查询", "en": "baggage tracing"}, outbound=False,
        intent={"zh": ["我昨天落地后行李没出来，登记过了想问进度。", "我的箱子摔坏了，想申请赔偿。"],
                "en": ["My suitcase didn't arrive yesterday; I filed a report and want an update.", "My case came off the belt damaged and I want to claim."]},
        info=[("C", "我坐的是{flight}，{date}到的。", "I was on {flight}, arrived {date}."),
              ("A", "行李牌号{bagtag}，查到了，中转时漏装了。", "The bag tag is {bagtag}; it was missed at the transfer."),
              ("A", "您的行李事故记录编号是{pir}。", "Your file reference is {pir}."),
              ("A", "箱子预计搭{flight}过来，{time}落地。", "It's coming in on {flight}, landing at {time}."),
              ("A", "临时生活用品可以报销，每天上限{fee}。", "You can claim essentials up to {fee} a day."),
              ("C", "我住在{room}，邮编{postcode}。", "I'm staying at {room}, postcode {postcode}."),
              ("A", "行李服务热线{hotline}。", "The baggage line is {hotline}.")],
        why={"phone": {"zh": ["行李送到前配送员会联系您，"], "en": ["The delivery driver will call when the bag is on its way."]},
             "id": {"zh": ["登记要核对旅客身份证号，"], "en": ["I need the passenger's ID number for the file."]},
             "card": {"zh": ["补偿款需要打到您本人的卡上，"], "en": ["The compensation is paid to a card in your name."]}},
        close={"zh": ["找到后第一时间给您送过去。", "给您带来不便，非常抱歉。"],
               "en": ["We'll send it over as soon as it lands.", "Sorry again for the trouble."]}),
    "tax": D(
        split=["ref16"],
        org={"zh": ["纳税服务热线", "税务局纳税服务中心"], "en": ["Taxpayer Service Hotline", "Tax Service Centre"]},
        dept={"zh": "个税咨询", "en": "individual income tax team"}, outbound=False,
        intent={"zh": ["我个税年度汇算有退税，一直没到账。", "我想开一张完税证明。", "我在个税App上的专项扣除填错了。"],
                "en": ["My annual tax reconciliation shows a refund but it hasn't arrived.", "I need a tax payment certificate.",
                       "I entered the wrong special deduction in the tax app."]},
        info=[("A", "您的退税金额是{amount}，受理编号{ref18}。", "Your refund is {amount}, application number {ref18}."),
              ("C", "单位的纳税人识别号是{taxid}。", "My employer's taxpayer number is {taxid}."),
              ("A", "发票代码{invcode}，发票号码{invoice}。", "Invoice code {invcode}, invoice number {invoice}."),
              ("A", "汇算截止到{date}。", "The deadline is {date}."),
              ("A", "申报流水号{ref16}。", "The filing serial number is {ref16}."),
              ("A", "您也可以打{short}转人工。", "You can also call {short} and ask for an agent.")],
        why={"phone": {"zh": ["个税App是用手机号注册的，"], "en": ["The tax app account is registered to a mobile number."]},
             "id": {"zh": ["查个税记录要核对纳税人身份证号，"], "en": ["To look up your record I need your ID number."]},
             "card": {"zh": ["退税要退到本人的银行卡，"], "en": ["Refunds go to a bank card in your own name."]}},
        close={"zh": ["好的，按这个流程操作就行。", "还有问题可以再来电。"], "en": ["Follow those steps and it'll go through.", "Call back if you need anything else."]}),
    "returns": D(
        split=["order"],
        org={"zh": ["优选商城", "好物集"], "en": ["CartNest", "Maple & Mint online store"]},
        dept={"zh": "售后", "en": "returns team"}, outbound=False,
        intent={"zh": ["我买的空气炸锅不加热，想退货。", "退货寄回去一周了，退款还没到。", "收到的衣服尺码不对，想换货。"],
                "en": ["The air fryer I bought won't heat up; I want to return it.", "I sent a return back a week ago and the refund hasn't come.",
                       "The jacket's the wrong size, I'd like to exchange it."]},
        info=[("C", "订单号是{order}。", "The order number is {order}."),
              ("A", "退货快递单号{track}，我们{date}签收的。", "The return tracking number is {track}; we signed for it on {date}."),
              ("A", "退款{fee}，{days}个工作日到账。", "The refund of {fee} takes {days} working days."),
              ("A", "退货仓邮编{postcode}，仓库电话{hotline}。", "The returns warehouse postcode is {postcode}; the warehouse phone is {hotline}."),
              ("A", "取件码{code}，快递员上门时给他。", "The pickup code is {code}; give it to the courier."),
              ("A", "这单用了优惠券，实付{amount}。", "You used a coupon, so you paid {amount}.")],
        why={"phone": {"zh": ["快递员上门取件前会联系您，"], "en": ["The courier will call before collecting."]},
             "id": {"zh": ["跨境订单清关需要收件人身份证号，"], "en": ["Cross-border orders need the recipient's ID number for customs."]},
             "card": {"zh": ["原支付卡已经注销的话，退款要换一张卡，"], "en": ["If the original card is cancelled, the refund needs another card."]}},
        close={"zh": ["售后单已经提交，请留意短信。", "好的，给您添麻烦了。"], "en": ["The return is logged; watch for a text.", "Sorry for the hassle."]}),
    "charity": D(
        split=["corpacct"],
        org={"zh": ["春苗公益基金会", "晨光助学基金会"], "en": ["Brightwater Children's Fund", "Lantern Education Foundation"]},
        dept={"zh": "捐赠人服务", "en": "supporter care"}, outbound=True,
        intent={"zh": ["哦，你好，我上个月捐过款。", "我正想改成每月定捐。", "你们能给我开捐赠票据吗？"],
                "en": ["Oh hello, yes, I gave last month.", "I was going to switch to a monthly gift.", "Can you issue me a donation receipt?"]},
        info=[("A", "您上月捐赠{amount}，捐赠编号{receipt}。", "Your gift last month was {amount}, reference {receipt}."),
              ("A", "基金会统一社会信用代码是{taxid}，票据上都有。", "The foundation's registration code is {taxid}; it's on the receipt."),
              ("A", "对公账户{corpacct}，开户行是城南支行。", "Our account for transfers is {corpacct}."),
              ("A", "这个项目今年帮助了{n3}个孩子，目标{amount}。", "This project helped {n3} children this year; the target is {amount}."),
              ("A", "捐赠热线{hotline}。", "The supporter line is {hotline}."),
              ("C", "每个月扣{fee}就行，{date}开始。", "Take {fee} a month, starting {date}.")],
        why={"phone": {"zh": ["捐赠回执会短信发给您，"], "en": ["We send receipts by text."]},
             "id": {"zh": ["开具可抵税的捐赠票据需要身份证号，"], "en": ["For a tax-deductible receipt we need your ID number."]},
             "card": {"zh": ["月捐需要绑定一张扣款卡，"], "en": ["The monthly gift is collected from a card."]}},
        close={"zh": ["非常感谢您的支持！", "孩子们会收到您的心意的。"], "en": ["Thank you so much for your support.", "It really makes a difference."]}),
    "removals": D(
        split=["order"],
        org={"zh": ["顺迁搬家", "安居搬家服务"], "en": ["TwoRivers Removals", "Oakline Movers"]},
        dept={"zh": "调度", "en": "bookings"}, outbound=False,
        intent={"zh": ["下周六要搬家，三室一厅，想约个车。", "搬家的时候柜子磕坏了，想找你们。"],
                "en": ["We're moving next Saturday, a three-bed flat, and need a van.", "Your team damaged a wardrobe during the move."]},
        info=[("C", "从{room}搬到{room}。", "We're going from {room} to {room}."),
              ("A", "{truck}的车，{n1}个师傅，价格{amount}。", "A {truck} van with {n1} movers, {amount}."),
              ("A", "预约单号{order}，车牌{plate}。", "Booking reference {order}; the van plate is {plate}."),
              ("C", "{floor}楼，没有电梯。", "It's the {floor} floor, no lift."),
              ("A", "时间定在{date}{time}。", "That's {date} at {time}."),
              ("A", "调度电话{hotline}。", "Dispatch is on {hotline}.")],
        why={"phone": {"zh": ["司机出发前会联系您，"], "en": ["The driver will call when he sets off."]},
             "id": {"zh": ["签电子合同要实名，"], "en": ["The e-contract is signed under your ID."]},
             "card": {"zh": ["定金可以刷卡，"], "en": ["We take the deposit by card."]}},
        close={"zh": ["好的，到时候师傅准时到。", "赔偿的事我们会尽快处理。"], "en": ["The crew will be there on time.", "We'll sort the compensation quickly."]}),
    "driving": D(
        split=["ref16"],
        org={"zh": ["通达驾校", "顺风驾培"], "en": ["GreenLight Driving School", "RoadReady Driving Academy"]},
        dept={"zh": "招生处", "en": "enrolment"}, outbound=False,
        intent={"zh": ["我想报个C1，周末班有吗？", "科目二考试能不能往后改期？", "报名的钱想退，没时间学了。"],
                "en": ["I'd like to sign up for a manual licence course; do you have weekend classes?",
                       "Can I move my practical test to a later date?", "I want a refund, I don't have time for lessons any more."]},
        info=[("A", "学费{amount}，含{n2}个学时。", "The course is {amount} including {n2} hours."),
              ("A", "您的学员编号{studentno}。", "Your student number is {studentno}."),
              ("A", "科目二考试在{date}{time}。", "The test is on {date} at {time}."),
              ("A", "档案编号{archive}，体检表上要写。", "Your file number is {archive}; write it on the medical form."),
              ("A", "有事打前台{hotline}。", "Call reception on {hotline}.")],
        why={"phone": {"zh": ["约车要用手机号登录小程序，"], "en": ["Lessons are booked in the app with your mobile."]},
             "id": {"zh": ["报名要核验身份证，"], "en": ["Enrolment needs your ID number."]},
             "card": {"zh": ["学费可以分期从卡上扣，"], "en": ["We can spread the fee over monthly card payments."]}},
        close={"zh": ["好的，报名成功。", "改期申请已经提交了。"], "en": ["You're enrolled.", "The date change request has gone in."]}),
    "appliance": D(
        split=["order"],
        org={"zh": ["美澜家电售后", "冰川空调服务中心"], "en": ["CoolBreeze Appliance Care", "HomeWorks Repair"]},
        dept={"zh": "报修中心", "en": "repairs"}, outbound=False,
        intent={"zh": ["家里空调不制冷了，想报修。", "洗衣机脱水的时候响得厉害。"],
                "en": ["My air conditioner has stopped cooling.", "The washing machine makes a terrible noise on spin."]},
        info=[("C", "型号是{model}，机身码{serial}。", "The model is {model}, serial {serial}."),
              ("A", "还在保修期内，保修到{date}。", "It's under warranty until {date}."),
              ("A", "上门费{fee}，配件另算。", "The call-out fee is {fee}, parts extra."),
              ("A", "服务单号{order}，师傅{date}{time}到。", "Service order {order}; the technician will come {date} at {time}."),
              ("A", "售后热线{hotline}。", "The service hotline is {hotline}.")],
        why={"phone": {"zh": ["师傅上门前会联系您，"], "en": ["The technician will call before the visit."]},
             "id": {"zh": ["延保登记需要机主身份证号，"], "en": ["Extended-warranty registration needs the owner's ID number."]},
             "card": {"zh": ["配件费可以刷卡，"], "en": ["Parts can be paid by card."]}},
        close={"zh": ["好的，师傅会准时上门。", "已经给您派单了。"], "en": ["The technician will be there on time.", "I've dispatched the job."]}),
    "tickets": D(
        split=["order"],
        org={"zh": ["乐享票务", "星河演出票务"], "en": ["StageDoor Tickets", "Encore Ticketing"]},
        dept={"zh": "客服", "en": "customer service"}, outbound=False,
        intent={"zh": ["我买了周六的演唱会票，想退。", "实名制的票想换个观演人。"],
                "en": ["I bought tickets for Saturday's concert and want to return them.", "I need to change the named attendee on my ticket."]},
        info=[("A", "您的订单号{order}，{n1}张票，{seat}。", "Order {order}, {n1} tickets, {seat}."),
              ("A", "演出时间{date}{time}。", "The show is {date} at {time}."),
              ("A", "退票手续费{pct}，退回{amount}。", "There's a {pct} fee, so you get {amount} back."),
              ("A", "取票码{code}。", "Your collection code is {code}."),
              ("A", "票务客服{hotline}。", "Customer service is {hotline}.")],
        why={"phone": {"zh": ["取票短信会发到购票手机，"], "en": ["The ticket text goes to the buyer's mobile."]},
             "id": {"zh": ["实名制入场要观演人身份证号，"], "en": ["Entry is ID-checked, so I need the attendee's ID number."]},
             "card": {"zh": ["原卡注销了的话退款要换一张卡，"], "en": ["If the original card is cancelled the refund needs another card."]}},
        close={"zh": ["好的，祝您观演愉快。", "退票申请已经提交了。"], "en": ["Enjoy the show.", "The refund request is in."]}),
}

# Tempting lines: personal-number context with no number in it, or asked-for numbers that are not personal.
TEMPT = [
    [("A", "您预留的手机号还是原来那个吗？", "Is the mobile number on file still current?"), ("C", "对，没换过。", "Yes, it hasn't changed.")],
    [("C", "身份证号我就不在电话里说了吧？", "I'd rather not read my ID number over the phone."),
     ("A", "可以的，您到时候带上原件就行。", "That's fine, just bring the original card with you.")],
    [("A", "卡号不用报，我们原路退回。", "No need for the card number, it goes back the way you paid."), ("C", "好的。", "Okay.")],
    [("A", "短信里的验证码是多少？", "What's the code in the text message?"), ("C", "{code}。", "{code}.")],
    [("A", "麻烦报一下受理编号。", "Could you give me the reference number?"), ("C", "{order}。", "It's {order}.")],
    [("C", "我手机号跟上次一样，你查一下记录。", "My mobile is the same as last time, it should be on record."),
     ("A", "好的，查到了，尾号就不念了。", "Yes, I can see it; I won't read it out.")],
    [("A", "我们的客服电话是{hotline}，工作日都有人接。", "Our customer line is {hotline}, staffed on weekdays.")],
    [("C", "我记一下，你们地址的邮编是多少？", "Let me write it down, what's your postcode?"), ("A", "{postcode}。", "{postcode}.")],
    [("C", "那个卡是我老公的，我回头让他自己打。", "The card is my husband's, I'll get him to call."), ("A", "好的，没问题。", "Sure, no problem.")],
]

# ============================================================================================
# Generic phrase banks
# ============================================================================================

OPEN_IN = {"zh": ["您好，{org}{dept}，我是{agent}，请问有什么可以帮您？", "您好，这里是{org}，工号{ag_no}为您服务。",
                  "喂，您好，{org}{dept}。", "{org}，您好，请讲。"],
           "en": ["Good morning, {org}, you're through to {agent}.", "Thanks for calling {org}, this is {agent}, how can I help?",
                  "Hi, {org}, {dept}, {agent} speaking.", "Hello, you've reached {org}. My name's {agent}."]}
OPEN_OUT = {"zh": ["您好，我是{org}的{agent}，请问是{cname}吗？", "喂，您好，{org}回访，请问您是{cname}吧？"],
            "en": ["Hello, this is {agent} calling from {org}. Am I speaking with {cname}?", "Hi, is that {cname}? It's {agent} from {org}."]}
OUT_REPLY = {"zh": ["是我，什么事？", "对，是我。", "嗯，你说。"], "en": ["Speaking.", "Yes, that's me.", "Yes, who's calling?"]}
AGENTS = {"zh": ["小周", "小林", "小许", "小唐", "王工", "陈老师", "小吴"], "en": ["Kelly", "Jason", "Priya", "Tom", "Grace", "Ethan", "Mei"]}
CNAMES = {"zh": ["李女士", "王先生", "陈女士", "张先生", "刘阿姨", "赵老师"], "en": ["Ms Li", "Mr Wang", "Mrs Chen", "David", "Ms Hughes", "Mr Okafor"]}
CLOSE_A = {"zh": ["还有其他可以帮您的吗？", "感谢来电，祝您生活愉快。"], "en": ["Is there anything else I can help with?", "Thanks for calling, have a good day."]}
CLOSE_C = {"zh": ["好的，谢谢。", "行，麻烦你了。", "好，再见。", "没有了，谢谢。"],
           "en": ["Great, thanks.", "That's all, thank you.", "Lovely, bye.", "No, that's everything, thanks."]}

ASK = {"phone": {"zh": ["麻烦留一个联系手机。", "您的手机号码是多少？", "请报一下您的手机号。", "登记哪个手机号？", "方便留个手机号吗？"],
                 "en": ["Could I take a mobile number?", "What's the best mobile to reach you on?",
                        "Can I have your mobile number, please?", "Which mobile number should I put down?"]},
       "id": {"zh": ["请报一下身份证号码。", "麻烦说一下身份证号。", "您的证件号码是？", "身份证号多少？"],
              "en": ["Could you read me the ID number?", "What's the ID card number, please?", "Can I take the resident ID number?"]},
       "card": {"zh": ["卡号是多少？", "麻烦报一下银行卡号。", "您念一下卡号吧。", "请提供一下卡号。"],
                "en": ["What's the card number?", "Could you read out the long number on the card?", "Can I take the card number, please?"]}}
LEAD = {"phone": {"zh": ["我的手机号是", "手机是", "号码是", "你记一下，", "嗯，", "是", "我手机号", ""],
                  "en": ["It's ", "Sure, it's ", "My mobile is ", "Yeah, it's ", "OK, ", "The number is ", ""]},
        "id": {"zh": ["身份证号是", "我的身份证号码是", "证件号是", "嗯，", "好，我念一下：", ""],
               "en": ["My ID number is ", "It's ", "OK, the ID number is ", "Sure, ", "Right, it's "]},
        "card": {"zh": ["卡号是", "我的卡号", "是这张，", "我看一下卡……", ""],
                 "en": ["The card number is ", "It's ", "OK, ", "Let me grab the card... right, ", "Sure, the long number is "]}}
TAIL = {"zh": ["。", "。", "，就这个。", "，您记一下。", ""], "en": [".", ".", ", that's it.", " — got that?", ""]}
TRAIL_OPEN = {"zh": ["……", "，", "——", "…"], "en": ["...", ",", " —", "…"]}
ACK = {"zh": ["好的，记下了。", "收到。", "好的，谢谢您。", "好，已经登记了。"], "en": ["Got it, thanks.", "Perfect, noted.", "Great, I've got that.", "Thank you."]}
BACKCH = {"zh": ["嗯", "嗯嗯", "对", "请讲", "好", "您继续", "嗯，然后呢？", "好，您说", "我记着呢，您说"],
          "en": ["go on", "mm-hm", "okay", "yep", "uh-huh", "right, and then?", "got that, go ahead", "yes, go on"]}
QUERY = {"zh": ["嗯？", "您说什么？", "啊？", "嗯……"], "en": ["Sorry?", "Pardon?", "Hm?", "Okay..."]}
AGAIN = {"zh": ["不好意思，刚才没听清，再说一遍？", "您说慢一点？", "啊？前面几位再说一下？"],
         "en": ["sorry, again?", "sorry, say that again?", "could you repeat that bit?"]}
ECHO = {"zh": [("", "？"), ("是", "？"), ("嗯，", "，然后呢？"), ("", "，对吧？")], "en": [("", "?"), ("so ", "?"), ("", ", and then?"), ("that's ", ", yes?")]}
CONT_LEAD = {"zh": ["然后", "后面是", "接着是", "嗯，"], "en": ["then ", "and then ", "after that ", "and "]}
CORR = {"zh": ["哦不对，", "说错了，", "不好意思我重说，", "等一下，不对，", "呃错了，应该是", "不是不是，"],
        "en": ["no wait, ", "scratch that, ", "sorry, let me say it again: ", "I mean ", "actually no, it's ", "hang on, that's wrong, "]}
RESTART = {"zh": ["——我重说一遍，", "……不对我从头说，", "，哎我重新念，"], "en": [" — let me start again, ", "... sorry, from the top: ", ", hang on, again: "]}
RESTART_TURN = {"zh": ["不好意思，我重新说：", "我从头再说一遍，", "重说啊，"], "en": ["Sorry, let me say it again: ", "From the top: ", "Let me start over, "]}
NOTBUT = {"zh": [("不对，不是", "，是", "。"), ("说错了，不是", "，是", "。")], "en": [("no wait, not ", ", it's ", "."), ("I mean, not ", " but ", ".")]}
TAILFIX = {"zh": ["哦不对，最后几位是", "说错了，后面是", "不对不对，末尾是"], "en": ["no wait, the end is ", "sorry, the last bit is ", "I mean, ending "]}
RB_PRE = {"zh": ["我跟您核对一下，", "好的，", "我复述一遍：", "您说的是"], "en": ["Let me read that back: ", "So that's ", "I have ", "Just to confirm, "]}
RB_POST = {"zh": ["，对吗？", "，是吧？", "。", "，没错吧？"], "en": [". Correct?", "?", ", is that right?", "?"]}
RB_LAST = {"phone": {"zh": [("尾号", "对吧？"), ("手机尾号是", "吗？"), ("后四位", "，对吗？")],
                     "en": [("Ending in ", ", right?"), ("The number ending ", "?"), ("Last four digits ", "?")]},
           "card": {"zh": [("卡号尾号", "对吧？"), ("末四位", "是吗？")], "en": [("The card ending ", "?"), ("Ending ", ", correct?")]},
           "id": {"zh": [("身份证后四位", "对吗？"), ("最后四位是", "吧？")], "en": [("The ID ending ", "?"), ("Last four characters ", "?")]}}
RB_FIRST = {"card": {"zh": [("前六位是", "？"), ("开头是", "对吧？")], "en": [("Starting ", "?"), ("First six digits ", ", yes?")]},
            "id": {"zh": [("前六位", "，是吧？"), ("开头", "对吗？")], "en": [("Starting ", "?"), ("The first six digits are ", "?")]},
            "phone": {"zh": [("开头是", "对吧？"), ("前三位", "？")], "en": [("Starting ", "?"), ("That starts ", ", yes?")]}}
CONFIRM = {"zh": ["对。", "对的。", "没错。", "是的。", "嗯，对。"], "en": ["Yes.", "That's right.", "Correct.", "Yep.", "Yes, that's it."]}
DENY = {"zh": [("不对，是", "。"), ("不是，", "。"), ("错了一位，应该是", "。"), ("不对不对，", "。")],
        "en": [("No, it's ", "."), ("Not quite — ", "."), ("No, ", "."), ("A digit's off, it's ", ".")]}
SORRY_RB = {"zh": [("抱歉，", "，这次对了吧？"), ("不好意思，是", "。")], "en": [("Sorry — ", ", now?"), ("Apologies, ", ".")]}
CC_SAME = {"zh": [("，最后一位是", "。"), ("，最后是个", "。"), ("，末位是大写的", "。")],
           "en": [(", and the last character is ", "."), (", and it ends in ", "."), (" — then the letter ", ".")]}
CC_SAME_DIGIT = {"zh": [("，最后一位是", "。"), ("，最后是", "。")], "en": [(", and the last character is ", "."), (", ending with ", ".")]}
CC_ASK = {"zh": ["最后一位呢？", "还差最后一位。", "最后一位是数字还是字母？"],
          "en": ["And the last character?", "I've got seventeen, what's the last?", "Is the last character a digit or a letter?"]}
CC_ANS_X = {"zh": [("", "。"), ("是", "。"), ("大写的", "。"), ("字母", "。"), ("是个", "。")],
            "en": [("", "."), ("It's ", "."), ("Capital ", "."), ("The letter ", ".")]}
CC_ANS_D = {"zh": [("", "。"), ("是", "。"), ("数字", "。")], "en": [("", "."), ("It's ", "."), ("A digit, ", ".")]}
NEG_TAIL = {"zh": ["。订单号是{order}。", "，验证码{code}我也收到了。", "。哦对，我家邮编{postcode}。", "。我付了{amount}。"],
            "en": [". And the order number is {order}.", ". The code you texted was {code}.", ", and my postcode is {postcode}.", ". I paid {amount}."]}
CALLER_TAIL = {"out": {"zh": [("请问是手机尾号", "的机主吗？"), ("跟您确认一下，您是尾号", "的用户吧？")],
                       "en": [("Am I speaking to the owner of the mobile ending ", "?"), ("Is this the mobile ending ", "?")]},
               "in": {"zh": [("您是用尾号", "的手机打进来的吧？"), ("系统显示您的来电尾号是", "，对吗？")],
                      "en": [("I can see you're calling from the mobile ending ", ", is that right?"), ("Is this the number ending ", "?")]}}

# Code-switching for mixed turns: Chinese terms said in English.
CS_TERMS = [("手机号码", ["mobile number", "手机 number"]), ("手机号", ["mobile", "phone number"]), ("手机", ["mobile", "phone"]),
            ("身份证号码", ["ID number"]), ("身份证号", ["ID number", "身份证 number"]), ("身份证", ["ID card", "ID"]),
            ("银行卡号", ["card number"]), ("银行卡", ["bank card", "debit card"]), ("卡号", ["card number", "card 号"]),
            ("订单号", ["order number", "order ID"]), ("订单", ["order"]), ("好的", ["OK", "okay"]), ("谢谢", ["thanks", "thank you"]),
("谢谢您", ["thank you", "thanks"]), ("没问题", ["no problem"]), ("确认", ["confirm"]), ("预约", ["booking", "appointment"]), ("退款", ["refund"]),
            ("快递员", ["courier", "delivery guy"]), ("快递", ["courier"]), ("发票", ["invoice"]), ("账号", ["account"]), ("会员", ["member"]), ("验证码", ["code", "verification code"]),
            ("地址", ["address"]), ("稍等", ["hold on"]), ("不好意思", ["sorry"]), ("系统", ["system"]), ("短信", ["SMS", "message"]),
            ("合同", ["contract"]), ("保单", ["policy"]), ("热线", ["hotline"]), ("套餐", ["plan", "package"]), ("行李", ["luggage"]),
            ("航班", ["flight"]), ("学费", ["tuition"]), ("定金", ["deposit"]), ("邮编", ["postcode", "zip code"]),
            ("工单", ["ticket"]), ("师傅", ["engineer"]), ("客服", ["customer service"]), ("退货", ["return"])]
_CS_RE = re.compile("|".join(re.escape(k) for k, _ in sorted(CS_TERMS, key=lambda kv: -len(kv[0]))))
_CS_MAP = dict(CS_TERMS)


def is_cjk(c):
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or c in "〇"


def code_switch(text, rng, p=0.55):
    """Chinese text with some terms said in English (spaces where English meets Chinese)."""
    out, last = [], 0
    for m in _CS_RE.finditer(text):
        out.append(text[last:m.start()])
        if rng.random() < p:
            en = rng.choice(_CS_MAP[m.group(0)])
            before = "".join(out)
            if before and en[0].isascii() and (is_cjk(before[-1]) or before[-1].isalnum()):
                en = " " + en
            nxt = text[m.end():m.end() + 1]
            if nxt and en[-1].isascii() and (is_cjk(nxt) or nxt.isalnum()):
                en = en + " "
            out.append(en)
        else:
            out.append(m.group(0))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# ============================================================================================
# Conversation model
# ============================================================================================

class F:
    """A labelled fragment: the text said, its kind, the digits it says, whether last4_ok."""

    def __init__(self, text, kind, digits, last4):
        self.text, self.kind, self.digits = text, kind, digits
        self.last4 = bool(last4) and kind == "phone"


class T:
    """One turn (a line, cue or segment): role 'A' (agent) or 'C' (caller), language, pieces."""

    def __init__(self, role, lg, pieces):
        self.role, self.lg = role, lg
        self.pieces = normalise(lg, [p for p in pieces if not (isinstance(p, str) and p == "")])


def normalise(lg, pieces):
    """Spaces where a fragment meets a word of another script or another word."""
    out = []
    for p in pieces:
        if out:
            prev = out[-1]
            a = prev.text[-1] if isinstance(prev, F) else prev[-1]
            b = p.text[0] if isinstance(p, F) else p[0]
            need = (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()) or \
                   (a.isascii() and a.isalpha() and is_cjk(b)) or (is_cjk(a) and b.isascii() and b.isalpha())
            if need and (isinstance(prev, F) or isinstance(p, F)):
                if isinstance(p, str):
                    p = " " + p
                elif isinstance(prev, str):
                    out[-1] = prev + " "
                else:
                    out.append(" ")
        out.append(p)
    return out


class Num:
    def __init__(self, kind, ds, sizes):
        self.kind, self.ds, self.sizes = kind, ds, sizes


class Ctx:
    """Everything one conversation draws from: its rng, language plan, domain, format."""

    def __init__(self, rng, lang, dom_key, fmt):
        self.rng, self.lang, self.dom_key, self.fmt = rng, lang, dom_key, fmt
        self.dom = DOMAINS[dom_key]
        self.asr = fmt in ("flat", "whisper")
        self.mixmode = rng.choice(["agent-zh", "agent-en", "cs", "cs", "alt"]) if lang == "mixed" else None
        base = "en" if lang == "en" else "zh"
        self.org = rng.choice(self.dom["org"][base])
        self.agent = rng.choice(AGENTS[base])
        self.cname = rng.choice(CNAMES[base])
        # speaker labels of text and VTT; labels that are names name the people in the call too
        self.labset = rng.choice(LABELS["en" if lang == "en" else ("zh" if lang == "zh" else rng.choice(["zh", "en"]))])
        if self.labset in NAMED_LABELS:
            self.agent, self.cname = NAMED_LABELS[self.labset]
        self.used_info = []   # domain lines already said in this call (no line twice)
        self.ordinal = None   # the case's rank within its phenomenon: sub-variants are taken in turn

    def choose(self, options):
        """The top-level exchange's sub-variant: in turn over the phenomenon's cases, else at random."""
        if self.ordinal is None:
            return self.rng.choice(options)
        o, self.ordinal = self.ordinal, None
        return options[o % len(options)]

    # --- languages -------------------------------------------------------------------------
    def tl(self, role):
        """Language of the next turn of role: 'zh', 'en' or 'mx' (Chinese with English terms)."""
        if self.lang != "mixed":
            return self.lang
        r = self.rng.random()
        if self.mixmode == "agent-zh":
            return ("mx" if r < 0.3 else "zh") if role == "A" else ("en" if r < 0.8 else "mx")
        if self.mixmode == "agent-en":
            return "en" if role == "A" else ("mx" if r < 0.5 else "zh")
        if self.mixmode == "cs":
            return "mx" if r < 0.8 else "zh"
        return self.rng.choice(["zh", "en", "mx"])

    def pick(self, lg, bank):
        """A phrase of bank ({'zh': [...], 'en': [...]}) in language lg."""
        if lg == "en":
            return self.rng.choice(bank["en"])
        s = self.rng.choice(bank["zh"])
        return code_switch(s, self.rng) if lg == "mx" else s

    def pick2(self, lg, bank):
        """A (before, after) pair of bank in language lg."""
        pair = self.rng.choice(bank["en" if lg == "en" else "zh"])
        if lg == "mx":
            return tuple(code_switch(x, self.rng) for x in pair)
        return pair

    def fill(self, template, lg, names=True):
        """Template with its {slots} replaced by hard-negative values (and names, unless names=False)."""
        slg = "en" if lg == "en" else "zh"
        vals = {"org": self.org, "agent": self.agent, "cname": self.cname, "dept": self.dom["dept"][slg]}

        def rep(m):
            k = m.group(1)
            if k in vals:
                return vals[k] if names else m.group(0)
            return SLOTS[k](self.rng, slg)
        return re.sub(r"\{(\w+)\}", rep, template)

    def line(self, role, zh, en, lg=None):
        lg = lg or self.tl(role)
        if lg == "en":
            return T(role, lg, [self.fill(en, lg)])
        text = self.fill(zh, lg, names=False)
        if lg == "mx":
            text = code_switch(text, self.rng)
        return T(role, lg, [self.fill(text, lg)])

    def T(self, role, lg, *pieces):
        return T(role, lg, list(pieces))

    # --- numbers ------------------------------------------------------------------------------
    def num(self, kind, want_x=None):
        rng = self.rng
        if kind == "phone":
            ds = gen_phone(rng)
        elif kind == "id":
            ds = gen_id(rng, want_x)
        else:
            ds = gen_card(rng)
        return Num(kind, ds, default_sizes(kind, len(ds), rng))

    def style(self, lg, kind, prefer=None):
        """How a speaker says digits in this turn."""
        rng = self.rng
        if prefer:
            form = prefer
        else:
            if lg == "zh":
                opts = [("ar", 34), ("cn", 26), ("cnar", 10), ("sp", 4 if self.asr else 10), ("fw", 2 if self.asr else 8)]
            elif lg == "en":
                opts = [("ar", 38), ("en", 44), ("sp", 4 if self.asr else 12), ("fw", 0 if self.asr else 2)]
            else:
                opts = [("ar", 30), ("cn", 16), ("en", 28), ("cnar", 8), ("sp", 8), ("fw", 2 if self.asr else 6)]
            form = weighted(rng, opts)
        st = {"form": form, "phase": rng.randint(0, 1), "x_ar": rng.choice(["X", "X", "x"]),
              "fwp": rng.choice([0.4, 0.7, 1.0]), "zero_en": rng.choice(["oh", "oh", "zero"]),
              "dbl": rng.choice([0.0, 0.5, 0.9]), "glue": rng.choice([0.5, 0.7, 0.9]),
              "cn": {"zero": rng.choice("零〇"), "one": rng.choice(["幺", "幺", "一"] if kind == "phone" else ["幺", "一", "一"]),
                     "two": rng.choice(["二", "两", "二"]), "x": rng.choice(["X", "叉", "X"])}}
        if form == "ar":
            st["gsep"] = rng.choice([" ", " ", "", "-"] if self.asr else
                                    [" ", " ", " ", "-", ""] + ([" - ", "."] if kind != "id" else []))
        elif form == "fw":
            st["gsep"] = rng.choice([" ", "", "\u3000"])
        elif form == "sp":
            st["dsep"] = " " if self.asr else rng.choice([" ", "-", ".", " "])
            st["gsep"] = rng.choice(["  ", ", ", " - "]) if not self.asr else rng.choice([" ", ", "])
        elif form == "cn":
            st["gsep"] = rng.choice(["", " "] if self.asr else ["", " ", "，", "、"])
        elif form == "cnar":
            st["gsep"] = rng.choice([" ", ""])
        else:
            st["gsep"] = rng.choice([", ", " ", " - ", "... "] if form == "en" else [", ", " "])
        return st

    def frag(self, num, a, b, st, sizes=None, digits=None, fillers=0, lg="zh"):
        """The fragment saying num.ds[a:b] (or digits, a wrong version of it) in style st."""
        ds = digits if digits is not None else num.ds[a:b]
        sz = sizes or sizes_for(num.sizes, a, b)
        text = render(ds, sz, st, self.rng, fillers, lg)
        return F(text, KLABEL[num.kind], ds, last4=(b == len(num.ds)))

    # --- common turns ------------------------------------------------------------------------
    def ask_turn(self, lg, kind):
        why = ""
        if self.rng.random() < 0.7:
            why = self.pick(lg, self.dom["why"][kind])
            if lg == "en":
                why += " "
        return self.T("A", lg, why + self.pick(lg, ASK[kind]))

    def lead(self, lg, kind):
        return self.pick(lg, LEAD[kind])

    def tail(self, lg):
        return self.pick(lg, TAIL)


def weighted(rng, opts):
    tot = sum(w for _, w in opts)
    r = rng.random() * tot
    for v, w in opts:
        r -= w
        if r < 0:
            return v
    return opts[-1][0]


def split_parts(num, k, rng):
    """Cut num into k pieces, mostly at its group boundaries: [(a, b)]."""
    n = len(num.ds)
    bounds, acc = [], 0
    for s in num.sizes[:-1]:
        acc += s
        bounds.append(acc)
    if len(bounds) >= k - 1 and rng.random() < 0.75:
        cuts = sorted(rng.sample(bounds, k - 1))
    else:
        cuts = sorted(rng.sample(range(3, n - 2), k - 1))
    pts = [0] + cuts + [n]
    return [(pts[i], pts[i + 1]) for i in range(k)]


def mutate(ds, rng, lo=0, hi=None, keep_prefix=2):
    """ds with one digit misheard (never the first keep_prefix, never the X)."""
    hi = len(ds) if hi is None else hi
    idx = [i for i in range(max(lo, keep_prefix), hi) if ds[i].isdigit()]
    i = rng.choice(idx)
    d = rng.choice([c for c in "0123456789" if c != ds[i]])
    return ds[:i] + d + ds[i + 1:]


# ============================================================================================
# Exchanges: one per phenomenon (each returns its turns and a short sub-variant name)
# ============================================================================================

def ex_plain(ctx, num):
    """The number said once, acknowledged; sometimes a hard negative right after it."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    f = ctx.frag(num, 0, len(num.ds), st, lg=C)
    tail, sub = ctx.tail(C), "once"
    if rng.random() < 0.35:
        tail, sub = ctx.fill(ctx.pick(C, NEG_TAIL), C), "once+neg"
    turns = [ctx.ask_turn(A, num.kind)] if rng.random() < 0.85 else []
    turns.append(ctx.T("C", C, ctx.lead(C, num.kind), f, tail))
    turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, sub + "-" + st["form"]


def ex_interruption(ctx, num):
    """The caller's number broken by the agent's back-channel, echo or request to repeat."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    sub, k = ctx.choose([("backchannel", 2), ("echo", 2), ("again", 2), ("backchannel", 3), ("echo", 3),
                         ("backchannel", 2), ("again", 3)])
    parts = split_parts(num, k, rng)
    turns = [ctx.ask_turn(A, num.kind)]
    for i, (a, b) in enumerate(parts):
        last = i == len(parts) - 1
        pieces = [ctx.lead(C, num.kind)] if i == 0 else []
        pieces += [ctx.frag(num, a, b, st, lg=C), ctx.tail(C) if last else rng.choice(TRAIL_OPEN["en" if C == "en" else "zh"])]
        turns.append(ctx.T("C", C, *pieces))
        if last:
            break
        if sub == "echo":
            pre, post = ctx.pick2(A, ECHO)
            turns.append(ctx.T("A", A, pre, ctx.frag(num, a, b, ctx.style(A, num.kind), lg=A), post))
        elif sub == "again" and i == 0:
            turns.append(ctx.T("A", A, ctx.pick(A, AGAIN)))
            turns.append(ctx.T("C", C, ctx.frag(num, a, b, st, lg=C), rng.choice(TRAIL_OPEN["en" if C == "en" else "zh"])))
            turns.append(ctx.T("A", A, ctx.pick(A, BACKCH)))
        else:
            turns.append(ctx.T("A", A, ctx.pick(A, BACKCH)))
    turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"{sub}-{k}-{st['form']}"


def ex_continuation(ctx, num):
    """The number continued on the next line (cue, segment) by the same speaker."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    k = ctx.choose([2, 2, 3])
    parts = split_parts(num, k, rng)
    turns = [ctx.ask_turn(A, num.kind)]
    for i, (a, b) in enumerate(parts):
        last = i == len(parts) - 1
        pieces = [ctx.lead(C, num.kind)] if i == 0 else ([ctx.pick(C, CONT_LEAD)] if rng.random() < 0.3 else [])
        pieces += [ctx.frag(num, a, b, st, lg=C), ctx.tail(C) if last else rng.choice(["", "，" if C != "en" else ",", "……" if C != "en" else "..."])]
        turns.append(ctx.T("C", C, *pieces))
    if rng.random() < 0.3:
        turns += readback_turns(ctx, num, A, C, "last")[0]
    else:
        turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"lines{k}-{st['form']}"


def ex_correction(ctx, num):
    """A slip corrected: abandoned prefix, restart, a wrong full number, a wrong group, a wrong tail."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    n = len(num.ds)
    full = lambda: ctx.frag(num, 0, n, st, lg=C)
    turns = [ctx.ask_turn(A, num.kind)]
    sub = ctx.choose(["slip-prefix", "restart", "wrong-full", "group-fix", "tail-fix", "restart-turn"])
    if sub in ("group-fix", "tail-fix") and (len(num.sizes) < 2 or (sub == "tail-fix" and num.sizes[-1] < 2)):
        sub = "wrong-full"
    lead = ctx.lead(C, num.kind)
    if sub in ("slip-prefix", "restart", "restart-turn"):
        k = rng.randint(3, min(9, n - 3))
        pre = num.ds[:k] if sub != "slip-prefix" else mutate(num.ds[:k], rng, keep_prefix=1 if num.kind != "phone" else 2)
        pf = ctx.frag(num, 0, k, st, digits=pre, lg=C)
        pf.last4 = False
        if sub == "restart-turn":
            turns.append(ctx.T("C", C, lead, pf, rng.choice(TRAIL_OPEN["en" if C == "en" else "zh"])))
            turns.append(ctx.T("A", A, ctx.pick(A, BACKCH) if rng.random() < 0.5 else ctx.pick(A, AGAIN)))
            turns.append(ctx.T("C", C, ctx.pick(C, RESTART_TURN), full(), ctx.tail(C)))
        else:
            mid = ctx.pick(C, CORR) if sub == "slip-prefix" else ctx.pick(C, RESTART)
            turns.append(ctx.T("C", C, lead, pf, mid, full(), ctx.tail(C)))
    elif sub == "wrong-full":
        wrong = mutate(num.ds, rng)
        wf = ctx.frag(num, 0, n, st, digits=wrong, lg=C)
        if rng.random() < 0.5:
            turns.append(ctx.T("C", C, lead, wf, rng.choice(["……", "，"]) if C != "en" else "...", ctx.pick(C, CORR), full(), ctx.tail(C)))
        else:
            turns.append(ctx.T("C", C, lead, wf, ctx.tail(C)))
            turns.append(ctx.T("A", A, ctx.pick(A, QUERY)))
            turns.append(ctx.T("C", C, ctx.pick(C, CORR), full(), ctx.tail(C)))
    else:
        # a group holding a digit that may be misheard (not the first two, not a lone X)
        bounds = [(a, b) for a, b in cut(num.sizes) if any(num.ds[j].isdigit() for j in range(max(a, 2), b))]
        a, b = bounds[-1] if sub == "tail-fix" else rng.choice(bounds)
        wrong = mutate(num.ds, rng, lo=a, hi=b)
        turns.append(ctx.T("C", C, lead, ctx.frag(num, 0, n, st, digits=wrong, lg=C), ctx.tail(C)))
        if rng.random() < 0.5:
            turns.append(ctx.T("A", A, ctx.pick(A, BACKCH)))
        gsz = [b - a]
        if sub == "tail-fix":
            turns.append(ctx.T("C", C, ctx.pick(C, TAILFIX), ctx.frag(num, a, b, st, sizes=gsz, lg=C), "。" if C != "en" else "."))
        else:
            p1, p2, p3 = ctx.pick2(C, NOTBUT)
            wf = ctx.frag(num, a, b, st, sizes=gsz, digits=wrong[a:b], lg=C)
            turns.append(ctx.T("C", C, p1, wf, p2, ctx.frag(num, a, b, st, sizes=gsz, lg=C), p3))
    turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"{sub}-{st['form']}"


def ex_filler(ctx, num):
    """Fillers (呃, 嗯, 那个, 就是, um, uh, er, like) between the groups of the number."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    if len(num.sizes) < 2:
        num.sizes = default_sizes(num.kind, len(num.ds), rng)
        while len(num.sizes) < 2:
            num.sizes = default_sizes(num.kind, len(num.ds), rng)
    nf = rng.choice([1, 1, 2, 3])
    f = ctx.frag(num, 0, len(num.ds), st, fillers=nf, lg=C)
    lead = ctx.lead(C, num.kind)
    if rng.random() < 0.4:
        pre = ctx.pick(C, {"zh": ["呃，我看看，", "那个，", "嗯……"], "en": ["Um, let me see, ", "Er, ", "Uh, "]})
        lead = pre + (lead[:1].lower() + lead[1:] if C == "en" and lead[1:2].islower() else lead)
    turns = [ctx.ask_turn(A, num.kind), ctx.T("C", C, lead, f, ctx.tail(C))]
    if rng.random() < 0.3:
        turns += readback_turns(ctx, num, A, C, "last")[0]
    else:
        turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"fillers{nf}-{st['form']}"


def ex_asrchunks(ctx, num):
    """Digits in uneven recogniser chunks ("138" "0013" "8000", "13 800 1380 00"), sometimes mixed forms."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    form = rng.choice(["ar", "ar", "ar", "cnar"] if C != "en" else ["ar", "ar", "ar", "fw"])
    if ctx.asr and form == "fw":
        form = "ar"
    st = ctx.style(C, num.kind, prefer=form)
    st["gsep"] = " "
    num.sizes = irregular_sizes(len(num.ds), rng)
    turns = [ctx.ask_turn(A, num.kind)]
    if rng.random() < 0.3 and len(num.sizes) >= 3:
        k = rng.randint(1, len(num.sizes) - 1)
        cutp = sum(num.sizes[:k])
        turns.append(ctx.T("C", C, ctx.lead(C, num.kind), ctx.frag(num, 0, cutp, st, lg=C)))
        turns.append(ctx.T("C", C, ctx.frag(num, cutp, len(num.ds), st, lg=C), ctx.tail(C)))
        sub = "chunks-2lines"
    else:
        turns.append(ctx.T("C", C, ctx.lead(C, num.kind), ctx.frag(num, 0, len(num.ds), st, lg=C), ctx.tail(C)))
        sub = "chunks"
    turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"{sub}-{form}"


def readback_turns(ctx, num, A, C, sub):
    """The agent reads the number back: full, last 4, first 6 (3), misheard, or in two parts."""
    rng = ctx.rng
    n = len(num.ds)
    sta = ctx.style(A, num.kind, prefer=rng.choice(["ar", "ar", None]))
    turns = []
    if sub == "full":
        pre, post = ctx.pick(A, RB_PRE), ctx.pick(A, RB_POST)
        turns.append(ctx.T("A", A, pre, ctx.frag(num, 0, n, sta, lg=A), post))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
    elif sub == "last":
        pre, post = ctx.pick2(A, RB_LAST[num.kind])
        turns.append(ctx.T("A", A, pre, ctx.frag(num, n - 4, n, sta, sizes=[4], lg=A), post))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
    elif sub == "first":
        k = 3 if num.kind == "phone" and rng.random() < 0.5 else (7 if num.kind == "phone" else 6)
        pre, post = ctx.pick2(A, RB_FIRST[num.kind])
        turns.append(ctx.T("A", A, pre, ctx.frag(num, 0, k, sta, sizes=[k] if k <= 4 else sizes_for(num.sizes, 0, k), lg=A), post))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
    elif sub == "misheard":
        wrong = mutate(num.ds, rng)
        pre, post = ctx.pick(A, RB_PRE), ctx.pick(A, RB_POST)
        turns.append(ctx.T("A", A, pre, ctx.frag(num, 0, n, sta, digits=wrong, lg=A), post))
        i = next(j for j in range(n) if wrong[j] != num.ds[j])
        dpre, dpost = ctx.pick2(C, DENY)
        stc = ctx.style(C, num.kind)
        if rng.random() < 0.5:
            turns.append(ctx.T("C", C, dpre, ctx.frag(num, 0, n, stc, lg=C), dpost))
        else:
            a, b = next((a, b) for a, b in cut(num.sizes) if a <= i < b)
            turns.append(ctx.T("C", C, dpre, ctx.frag(num, a, b, stc, sizes=[b - a], lg=C), dpost))
        spre, spost = ctx.pick2(A, SORRY_RB)
        turns.append(ctx.T("A", A, spre, ctx.frag(num, 0, n, sta, lg=A), spost))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
    else:  # split: the read-back itself interrupted by the caller
        a, b = split_parts(num, 2, rng)[0]
        turns.append(ctx.T("A", A, ctx.pick(A, RB_PRE), ctx.frag(num, 0, b, sta, lg=A), rng.choice(TRAIL_OPEN["en" if A == "en" else "zh"])))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
        turns.append(ctx.T("A", A, ctx.frag(num, b, n, sta, lg=A), "？" if A != "en" else "?"))
        turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
    return turns, sub


def ex_readback(ctx, num):
    """The caller gives the number; the agent reads it back (sometimes wrongly) and is confirmed or corrected."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, num.kind)
    sub = ctx.choose(["full", "misheard", "last", "split", "misheard", "first", "full"])
    turns = [ctx.ask_turn(A, num.kind), ctx.T("C", C, ctx.lead(C, num.kind), ctx.frag(num, 0, len(num.ds), st, lg=C), ctx.tail(C))]
    rb, sub = readback_turns(ctx, num, A, C, sub)
    turns += rb
    if rng.random() < 0.25 and sub != "last":
        turns += readback_turns(ctx, num, A, C, "last")[0]
        sub += "+last"
    return turns, f"{sub}-{st['form']}"


def ex_checkchar(ctx, num):
    """An ID's 17 digits, then its check character said apart (same line, asked for, or read back)."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    st = ctx.style(C, "id")
    is_x = num.ds[-1] == "X"
    f17 = ctx.frag(num, 0, 17, st, lg=C)
    cst = dict(st)
    if st["form"] in ("cn", "cnar"):
        cst["form"] = "cn"
    elif st["form"] in ("en", "glued", "sp"):
        cst["form"] = "ar"
    fx = ctx.frag(num, 17, 18, cst, sizes=[1], lg=C)
    sub = ctx.choose(["same-turn", "asked", "same+readback", "asked"])
    turns = [ctx.ask_turn(A, "id")]
    if sub in ("same-turn", "same+readback"):
        pre, post = ctx.pick2(C, CC_SAME if is_x else CC_SAME_DIGIT)
        turns.append(ctx.T("C", C, ctx.lead(C, "id"), f17, pre, fx, post))
        if sub == "same+readback":
            pre, post = ctx.pick2(A, RB_LAST["id"])
            turns.append(ctx.T("A", A, pre, ctx.frag(num, 14, 18, ctx.style(A, "id", prefer="ar"), sizes=[4], lg=A), post))
            turns.append(ctx.T("C", C, ctx.pick(C, CONFIRM)))
        else:
            turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    else:
        turns.append(ctx.T("C", C, ctx.lead(C, "id"), f17, "。" if C != "en" else "..."))
        turns.append(ctx.T("A", A, ctx.pick(A, CC_ASK)))
        pre, post = ctx.pick2(C, CC_ANS_X if is_x else CC_ANS_D)
        turns.append(ctx.T("C", C, pre, fx, post))
        turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
    return turns, f"{sub}-{'X' if is_x else 'digit'}-{st['form']}"


def ex_glued(ctx, num):
    """English number words run together by the recogniser ("fivefive", "onethree eight")."""
    rng = ctx.rng
    A = ctx.tl("A")
    C = "en" if ctx.lang == "en" else rng.choice(["en", "mx"])
    st = ctx.style(C, num.kind, prefer="glued")
    turns = [ctx.ask_turn(A, num.kind), ctx.T("C", C, ctx.lead(C, num.kind), ctx.frag(num, 0, len(num.ds), st, lg=C), ctx.tail(C))]
    r = rng.random()
    if r < 0.3:
        turns += readback_turns(ctx, num, A, C, "full")[0]
        sub = "glued+readback"
    elif r < 0.5:
        turns += readback_turns(ctx, num, A, C, "last")[0]
        sub = "glued+last"
    else:
        turns.append(ctx.T("A", A, ctx.pick(A, ACK)))
        sub = "glued"
    return turns, sub


SUB_BUILDERS = {"plain": ex_plain, "interruption": ex_interruption, "continuation": ex_continuation,
                "correction": ex_correction, "filler": ex_filler, "readback": ex_readback}


def ex_multi(ctx, kinds):
    """Two or three numbers of different kinds, each with its own phenomenon, hard negatives between."""
    rng = ctx.rng
    ctx.ordinal = None
    turns, subs = [], []
    for i, k in enumerate(kinds):
        num = ctx.num(k, want_x=None)
        if k == "id" and rng.random() < 0.25:
            t, s = ex_checkchar(ctx, num)
            s = "checkchar"
        else:
            name = rng.choice(list(SUB_BUILDERS))
            t, s = SUB_BUILDERS[name](ctx, num)
            s = name
        turns += t
        subs.append(f"{k}:{s}")
        if i < len(kinds) - 1 and rng.random() < 0.6:
            turns += info_turns(ctx, 1)
    return turns, "+".join(subs)


# ============================================================================================
# Conversation assembly
# ============================================================================================

def info_turns(ctx, n):
    """n items of domain talk carrying hard negatives (order numbers, hotlines, amounts ...)."""
    rng = ctx.rng
    pool = [[x] for x in ctx.dom["info"] if x not in ctx.used_info]
    items = rng.sample(pool, min(n, len(pool)))
    ctx.used_info += [x for item in items for x in item]
    turns = []
    for item in items:
        for role, zh, en in item:
            turns.append(ctx.line(role, zh, en))
    return turns


def neg_split_turns(ctx):
    """A long reference number said in two pieces around a back-channel (still a negative)."""
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    slot = rng.choice(ctx.dom.get("split", ["ref16"]))
    for _ in range(200):
        v = SLOTS[slot](rng, "en" if C == "en" else "zh")
        if " " in v:
            break
    else:
        v = g4(re.sub(r"\D", "", v) or "20240101")
    parts = v.split(" ")
    ks = [k for k in range(1, len(parts)) if len("".join(parts[k:])) >= 3] or [len(parts) - 1]
    k = rng.choice(ks)
    what = {"order": ("订单号是", "The order number is "), "ref16": ("流水号是", "The reference is "),
            "corpacct": ("对公账户是", "The account for transfers is "), "policy": ("保单号是", "The policy number is ")}[slot]
    role = "C" if slot in ("order", "policy") else "A"
    other = "A" if role == "C" else "C"
    lg1, lg2 = (C, A) if role == "C" else (A, C)
    lead = what[1] if lg1 == "en" else (code_switch(what[0], rng) if lg1 == "mx" else what[0])
    return [T(role, lg1, [lead + " ".join(parts[:k]) + ("..." if lg1 == "en" else "……")]),
            T(other, lg2, [ctx.pick(lg2, BACKCH)]),
            T(role, lg1, [" ".join(parts[k:]) + ("." if lg1 == "en" else "。")])]


def opening(ctx):
    rng = ctx.rng
    A, C = ctx.tl("A"), ctx.tl("C")
    turns = []
    if ctx.dom["outbound"]:
        turns.append(ctx.line("A", rng.choice(OPEN_OUT["zh"]), rng.choice(OPEN_OUT["en"]), A))
        turns.append(ctx.line("C", rng.choice(OUT_REPLY["zh"]), rng.choice(OUT_REPLY["en"]), C))
        turns.append(ctx.line("C", rng.choice(ctx.dom["intent"]["zh"]), rng.choice(ctx.dom["intent"]["en"]), C))
    else:
        turns.append(ctx.line("A", rng.choice(OPEN_IN["zh"]), rng.choice(OPEN_IN["en"]), A))
        turns.append(ctx.line("C", rng.choice(ctx.dom["intent"]["zh"]), rng.choice(ctx.dom["intent"]["en"]), C))
    return turns


def closing(ctx):
    rng = ctx.rng
    turns = [ctx.line("A", rng.choice(ctx.dom["close"]["zh"]), rng.choice(ctx.dom["close"]["en"]))]
    if rng.random() < 0.5:
        turns.append(ctx.line("A", rng.choice(CLOSE_A["zh"]), rng.choice(CLOSE_A["en"])))
    turns.append(ctx.line("C", rng.choice(CLOSE_C["zh"]), rng.choice(CLOSE_C["en"])))
    return turns


def caller_tail_turns(ctx, num):
    """The agent names the caller's mobile by its last four digits (caller ID, or the number dialled)."""
    A, C = ctx.tl("A"), ctx.tl("C")
    pre, post = ctx.pick2(A, CALLER_TAIL["out" if ctx.dom["outbound"] else "in"])
    n = len(num.ds)
    st = ctx.style(A, "phone", prefer=ctx.rng.choice(["ar", "ar", None]))
    return [ctx.T("A", A, pre, ctx.frag(num, n - 4, n, st, sizes=[4], lg=A), post), ctx.T("C", C, ctx.pick(C, CONFIRM))]


def pick_kinds(rng, phen, ordinal):
    if phen == "check-char-apart":
        return ["id"]
    if phen != "multi-number":
        # in turn (a cycle of 8 against the sub-variants' cycles of 3 to 7): phones and cards 3/8, IDs 2/8
        return [["phone", "card", "id", "phone", "card", "id", "phone", "card"][ordinal % 8]]
    if phen == "multi-number":
        ks = ["phone", "card", "id"]
        rng.shuffle(ks)
        return ks[:rng.choice([2, 2, 2, 3])]
    return [weighted(rng, [("phone", 42), ("card", 30), ("id", 28)])]


def build_conversation(ctx, phen):
    """All turns of one call and its variant name."""
    rng = ctx.rng
    turns = opening(ctx)
    if phen == "negative":
        blocks = [[t] for t in info_turns(ctx, rng.randint(2, 4))]
        if rng.random() < 0.6:
            blocks.insert(rng.randrange(len(blocks) + 1), [ctx.line(role, zh, en) for role, zh, en in rng.choice(TEMPT)])
        if rng.random() < 0.35:
            blocks.insert(rng.randrange(len(blocks) + 1), neg_split_turns(ctx))
        body = [t for blk in blocks for t in blk]
        return turns + body + closing(ctx), ["negative"], "negative"
    kinds = pick_kinds(rng, phen, ctx.ordinal)
    num = None
    if phen != "multi-number":
        num = ctx.num(kinds[0], want_x=(rng.random() < 0.75) if phen == "check-char-apart" else None)
        if kinds[0] == "phone" and rng.random() < 0.12:
            turns += caller_tail_turns(ctx, num)
    if rng.random() < 0.6:
        turns += info_turns(ctx, rng.randint(1, 2))
    if phen == "multi-number":
        t, sub = ex_multi(ctx, kinds)
    else:
        builder = {"plain": ex_plain, "interruption": ex_interruption, "continuation": ex_continuation,
                   "correction": ex_correction, "filler": ex_filler, "asr-chunks": ex_asrchunks,
                   "readback": ex_readback, "check-char-apart": ex_checkchar, "glued-words": ex_glued}[phen]
        t, sub = builder(ctx, num)
    turns += t
    if rng.random() < 0.5:
        turns += info_turns(ctx, 1)
    return turns + closing(ctx), kinds, sub


# ============================================================================================
# Tokens and times (ASR words; also the clocks of text timestamps and VTT cues)
# ============================================================================================

def tokenize(text, lg, rng):
    """ASR-like words of text: (leading punctuation, [tokens]); punctuation joins the word before."""
    lead, toks = "", []
    if lg == "en":
        for w in text.split():
            if not any(ch.isalnum() for ch in w):
                if toks:
                    toks[-1] += w
                else:
                    lead += w
            else:
                toks.append(w)
        return lead, toks
    cur, target = "", 0
    i, n = 0, len(text)

    def is_word(c):
        return (c.isascii() and c.isalnum()) or ("０" <= c <= "９") or c == "Ｘ"
    while i < n:
        c = text[i]
        if c.isspace():
            if cur:
                toks.append(cur); cur = ""
            i += 1
            continue
        if is_word(c):
            if cur:
                toks.append(cur); cur = ""
            j = i
            while j < n and (is_word(text[j]) or (text[j] in "-.',:" and j + 1 < n and is_word(text[j + 1]) and j > i
                                                   and (text[j] not in ",:" or (text[j - 1].isdigit() and text[j + 1].isdigit())))):
                j += 1
            toks.append(text[i:j])
            i = j
            continue
        if is_cjk(c):
            if cur and len(cur) >= target:
                toks.append(cur); cur = ""
            if not cur:
                target = rng.choice([1, 2, 2, 3])
            cur += c
            i += 1
            continue
        if cur:
            cur += c
        elif toks:
            toks[-1] += c
        else:
            lead += c
        i += 1
    if cur:
        toks.append(cur)
    return lead, toks


def turn_tokens(t, rng):
    """[[token, fragment or None]] of a turn."""
    out, pending = [], ""
    for p in t.pieces:
        text = p.text if isinstance(p, F) else p
        lead, toks = tokenize(text, t.lg, rng)
        if lead:
            if out:
                out[-1][0] += lead
            else:
                pending += lead
        for tok in toks:
            out.append([pending + tok, p if isinstance(p, F) else None])
            pending = ""
    return out


def timed(tokens, rng, clock):
    """Times of tokens starting at clock: [(start, end)] and the new clock."""
    res = []
    for tok, _ in tokens:
        start = clock + rng.uniform(0.02, 0.18)
        dur = min(1.3, 0.14 + 0.07 * len(tok)) * rng.uniform(0.8, 1.2)
        res.append((round(start, 2), round(start + dur, 2)))
        clock = start + dur
    return res, clock


def hms(t, ms=False):
    h, r = divmod(t, 3600)
    m, s = divmod(r, 60)
    if ms:
        return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"
    return f"{int(h):02d}:{int(m):02d}:{int(s):02d}"


# ============================================================================================
# Renderers: plain text, WebVTT, flat ASR words, Whisper segments
# ============================================================================================

LABELS = {"zh": [("坐席", "客户"), ("客服", "用户"), ("工作人员", "来电人"), ("话务员", "来电者"), ("客服小周", "李女士"), ("顾问", "会员")],
          "en": [("Agent", "Customer"), ("Rep", "Caller"), ("A", "B"), ("S1", "S2"), ("Kelly", "Ms Li"), ("Advisor", "Client"),
                 ("Speaker 1", "Speaker 2"), ("AGENT", "CALLER"), ("Agent Zhou", "Mr Wang"), ("Operator", "Caller")]}
NAMED_LABELS = {("Kelly", "Ms Li"): ("Kelly", "Ms Li"), ("Agent Zhou", "Mr Wang"): ("Zhou", "Mr Wang"),
                ("客服小周", "李女士"): ("小周", "李女士")}
TEXT_LAYOUTS = ["colon", "colon", "colon-ts", "colon-ts-ms", "paren-ts", "bracket-label", "tab", "pipe", "own-line",
                "label-ts", "no-labels", "colon-cont-bare", "colon-ts-cont-bare"]


def content_of(t):
    """(content string, [(start, end, F)]) of a turn."""
    s, spans = "", []
    for p in t.pieces:
        if isinstance(p, F):
            spans.append((len(s), len(s) + len(p.text), p))
            s += p.text
        else:
            s += p
    return s, spans


def turn_times(ctx, turns):
    """A start time per turn (seconds) for text timestamps and VTT cues."""
    rng = ctx.rng
    clock = rng.uniform(0.5, 40.0)
    out = []
    for t in turns:
        clock += rng.uniform(0.3, 1.4)
        toks = turn_tokens(t, random.Random(0))
        dur = sum(min(1.3, 0.2 + 0.07 * len(x)) for x, _ in toks) + 0.2
        out.append((clock, clock + dur))
        clock += dur
    return out


def render_text(ctx, turns):
    rng = ctx.rng
    layout = rng.choice(TEXT_LAYOUTS)
    labset = ctx.labset
    lab = {"A": labset[0], "C": labset[1]}
    colon = "：" if is_cjk(labset[0][-1]) and rng.random() < 0.7 else ": "
    nl = rng.choice(["\n", "\n", "\n", "\n\n", "\r\n"])
    times = turn_times(ctx, turns)
    text, spans = "", []
    for i, t in enumerate(turns):
        cont = i > 0 and turns[i - 1].role == t.role
        st = times[i][0]
        L = lab[t.role]
        if layout == "colon":
            prefix = f"{L}{colon}"
        elif layout == "colon-cont-bare":
            prefix = "" if cont else f"{L}{colon}"
        elif layout == "colon-ts":
            prefix = f"[{hms(st)}] {L}{colon}"
        elif layout == "colon-ts-cont-bare":
            prefix = f"[{hms(st)}] " + ("" if cont else f"{L}{colon}")
        elif layout == "colon-ts-ms":
            prefix = f"{hms(st, True)} {L}{colon}"
        elif layout == "paren-ts":
            prefix = f"({int(st // 60):02d}:{int(st % 60):02d}) {L}{colon}"
        elif layout == "bracket-label":
            prefix = f"[{L}] "
        elif layout == "tab":
            prefix = f"{L}\t"
        elif layout == "pipe":
            prefix = f"{hms(st)} | {L} | "
        elif layout == "own-line":
            prefix = f"{L}  {hms(st)}{nl}"
        elif layout == "label-ts":
            prefix = f"{L} ({int(st // 60)}:{int(st % 60):02d}){colon}"
        else:
            prefix = ""
        content, cs = content_of(t)
        base = len(text) + len(prefix)
        for a, b, f in cs:
            spans.append({"start": base + a, "end": base + b, "kind": f.kind, "last4_ok": f.last4})
        text += prefix + content + (nl if i < len(turns) - 1 else "")
    return {"text": text, "spans": spans}, f"text-{layout}"


def render_vtt(ctx, turns):
    rng = ctx.rng
    style = rng.choice(["voice", "voice", "voice-close", "label", "bare"])
    ids = rng.choice(["none", "num", "cue"])
    labset = ctx.labset
    lab = {"A": labset[0], "C": labset[1]}
    header = rng.choice(["WEBVTT", "WEBVTT", "WEBVTT\nKind: captions\nLanguage: " + ("en" if ctx.lang == "en" else "zh-CN"),
                         "WEBVTT - call transcript"])
    times = turn_times(ctx, turns)
    text, spans = header + "\n\n", []
    for i, t in enumerate(turns):
        a, b = times[i]
        if ids == "num":
            text += f"{i + 1}\n"
        elif ids == "cue":
            text += f"cue-{i + 1}\n"
        text += f"{hms(a, True)} --> {hms(b, True)}\n"
        L = lab[t.role]
        if style.startswith("voice"):
            prefix = f"<v {L}>"
        elif style == "label":
            prefix = f"{L}: "
        else:
            prefix = ""
        content, cs = content_of(t)
        base = len(text) + len(prefix)
        for x, y, f in cs:
            spans.append({"start": base + x, "end": base + y, "kind": f.kind, "last4_ok": f.last4})
        text += prefix + content + ("</v>" if style == "voice-close" else "") + "\n"
        if i < len(turns) - 1:
            text += "\n"
    return {"transcript_text": text, "spans": spans}, f"vtt-{style}-{ids}"


SPEAKER_IDS = [("spk_0", "spk_1"), ("A", "B"), ("agent", "customer"), ("SPEAKER_00", "SPEAKER_01"), ("S1", "S2"), ("ch0", "ch1")]


def render_flat(ctx, turns):
    rng = ctx.rng
    sp = rng.choice(SPEAKER_IDS)
    if sp[0] != "agent" and rng.random() < 0.5:
        sp = (sp[1], sp[0])
    spk = {"A": sp[0], "C": sp[1]}
    conf = rng.random() < 0.4
    clock = rng.uniform(0.0, 45.0)
    words, ents = [], {}
    order = []
    for t in turns:
        clock += rng.uniform(0.3, 1.3)
        toks = turn_tokens(t, rng)
        tm, clock = timed(toks, rng, clock)
        for (tok, f), (s, e) in zip(toks, tm):
            w = {"word": tok, "start": s, "end": e, "speaker": spk[t.role]}
            if conf:
                w["confidence"] = round(rng.uniform(0.55, 0.99), 2)
            if f is not None:
                if id(f) not in ents:
                    ents[id(f)] = (f, [])
                    order.append(id(f))
                ents[id(f)][1].append(len(words))
            words.append(w)
    entities = [{"kind": ents[k][0].kind, "last4_ok": ents[k][0].last4, "words": ents[k][1]} for k in order]
    return {"transcript": {"words": words}, "entities": entities}, f"flat-{sp[0]}"


def render_whisper(ctx, turns):
    rng = ctx.rng
    diar = rng.random() < 0.5
    spk = {"A": "SPEAKER_00", "C": "SPEAKER_01"} if rng.random() < 0.5 else {"A": "SPEAKER_01", "C": "SPEAKER_00"}
    clock = rng.uniform(0.0, 45.0)
    segs, ents, order = [], {}, []
    for t in turns:
        clock += rng.uniform(0.3, 1.3)
        toks = turn_tokens(t, rng)
        tm, clock = timed(toks, rng, clock)
        ws = []
        for j, ((tok, f), (s, e)) in enumerate(zip(toks, tm)):
            lead = " " if (t.lg == "en" or (tok[0].isascii() and tok[0].isalnum())) else ""
            ws.append({"word": lead + tok, "start": s, "end": e, "probability": round(rng.uniform(0.5, 0.99), 2)})
            if f is not None:
                if id(f) not in ents:
                    ents[id(f)] = (f, [])
                    order.append(id(f))
                ents[id(f)][1].append([len(segs), j])
        seg = {"id": len(segs), "start": ws[0]["start"], "end": ws[-1]["end"], "text": "".join(w["word"] for w in ws).strip(), "words": ws}
        if diar:
            seg["speaker"] = spk[t.role]
        segs.append(seg)
    tr = {"language": "en" if ctx.lang == "en" else "zh", "segments": segs}
    entities = [{"kind": ents[k][0].kind, "last4_ok": ents[k][0].last4, "words": ents[k][1]} for k in order]
    return {"transcript": tr, "entities": entities}, f"whisper-{'diarised' if diar else 'plain'}"


# ============================================================================================
# Checks of a case (model and rendered), then the whole set through the scorer
# ============================================================================================

TURN_JOINERS = {"然后", "后面是", "接着是", "还有", "then", "and then", "after that", "and"}


def check_model(ctx, turns):
    problems = []
    for t in turns:
        for p in t.pieces:
            if isinstance(p, F):
                if spoken_digits(p.text) != p.digits:
                    problems.append(f"fragment {p.text!r} says {spoken_digits(p.text)!r}, meant {p.digits!r}")
                if ev.readable_count(p.text) == 0 or p.text != p.text.strip() or "\n" in p.text:
                    problems.append(f"fragment {p.text!r} bad")
    # unlabelled runs in each turn, and runs that could join across turns
    per_turn = []
    for t in turns:
        s = "".join(PH if isinstance(p, F) else p for p in t.pieces)
        gs = digit_groups(s)
        for g in gs:
            if g["ph"] and g["other"]:
                problems.append(f"unlabelled digits touch a fragment in {s!r}")
            elif not g["ph"]:
                r = unsafe_reason(g["digits"])
                if r:
                    problems.append(f"{r}: {s[g['start']:g['end']]!r}")
        per_turn.append((s, gs))
    for i, (s, gs) in enumerate(per_turn):
        if not gs or not joinable(s[gs[-1]["end"]:]):
            continue
        for j in range(i + 1, min(i + 4, len(per_turn))):
            s2, gs2 = per_turn[j]
            if not gs2:
                continue
            g1, g2 = gs[-1], gs2[0]
            head = s2[:g2["start"]].strip(" ，,")
            if joinable(head) or head.lower() in TURN_JOINERS:
                if g1["ph"] and g2["ph"]:
                    pass
                elif g1["ph"] or g2["ph"]:
                    if j == i + 1 and (g1["digits"] or g2["digits"]):
                        problems.append(f"unlabelled digits at a turn edge next to a fragment: {s!r} / {s2!r}")
                else:
                    r = unsafe_reason(g1["digits"] + g2["digits"], whole=False)
                    if r:
                        problems.append(f"across turns {r}: {s!r} / {s2!r}")
            break
    # language mix
    content = " ".join(p if isinstance(p, str) else p.text for t in turns for p in t.pieces)
    cjk = sum(1 for c in content if is_cjk(c))
    enw = len(re.findall(r"[A-Za-z]{2,}", content))
    if ctx.lang == "mixed" and (cjk < 10 or enw < 4):
        problems.append("mixed case without both languages")
    if ctx.lang == "en" and cjk:
        problems.append("Chinese in an English case")
    return problems


def check_rendered(case):
    probs = ev.check_fixture_structure([case], SET)
    if case["format"] in ("text", "vtt"):
        text = case["text"] if case["format"] == "text" else case["transcript_text"]
        for sp in case["spans"]:
            if ev.readable_count(text[sp["start"]:sp["end"]]) == 0:
                probs.append("span without digits")
        # speaker labels, timestamps and cue numbers next to unlabelled content digits: still safe runs
        chars = list(text)
        for sp in case["spans"]:
            chars[sp["start"]:sp["end"]] = [PH] + [" "] * (sp["end"] - sp["start"] - 1)
        for line in "".join(chars).split("\n"):
            for g in digit_groups(line):
                if not g["ph"]:
                    r = unsafe_reason(g["digits"], whole=False)
                    if r:
                        probs.append(f"layout {r}: {line!r}")
    else:
        words = {k: w for k, w, _ in ev.asr_words(case["transcript"])}
        for e in case["entities"]:
            t = " ".join(words[tuple(k) if isinstance(k, list) else k] for k in e["words"])
            if ev.readable_count(t) == 0:
                probs.append("entity without digits")
    return probs


REJECTS = Counter()


def make_case(i, phen, fmt, lang, dom_key, ordinal):
    rng = random.Random(f"{SET}/{SEED}/{i}")
    for _ in range(500):
        ctx = Ctx(rng, lang, dom_key, fmt)
        ctx.ordinal = ordinal
        turns, kinds, sub = build_conversation(ctx, phen)
        probs = check_model(ctx, turns)
        if probs:
            REJECTS[probs[0].split(":")[0][:60]] += 1
            continue
        if fmt == "text":
            body, fname = render_text(ctx, turns)
        elif fmt == "vtt":
            body, fname = render_vtt(ctx, turns)
        elif fmt == "flat":
            body, fname = render_flat(ctx, turns)
        else:
            body, fname = render_whisper(ctx, turns)
        case = {"id": f"{SET}-{i:04d}", "set": SET, "phenomenon": phen, "lang": lang,
                "format": "asr-json" if fmt in ("flat", "whisper") else fmt}
        case.update(body)
        case["variant"] = f"{dom_key}/{fname}/{'+'.join(kinds)}/{sub}-{lang}"
        probs = check_rendered(case)
        if probs:
            REJECTS["rendered: " + probs[0][:50]] += 1
            continue
        return case
    raise RuntimeError(f"case {i}: no valid draw ({REJECTS.most_common(3)})")


def plan():
    """(phenomenon, format, language, domain) of each case, balanced and shuffled with a fixed seed."""
    rng = random.Random(f"{SET}/{SEED}/plan")
    phens = [p for p, n in PHEN_COUNTS.items() for _ in range(n)]
    fmts = [f for f, n in FORMAT_COUNTS.items() for _ in range(n)]
    langs = [l for l, n in LANG_COUNTS.items() for _ in range(n)]
    for x in (phens, fmts, langs):
        rng.shuffle(x)
    N = len(phens)
    assert N == len(fmts) == len(langs) == N_CASES
    for i in range(N):
        if phens[i] == "glued-words" and langs[i] == "zh":
            cand = [j for j in range(N) if phens[j] != "glued-words" and langs[j] != "zh"]
            j = rng.choice(cand)
            langs[i], langs[j] = langs[j], langs[i]
        if phens[i] == "asr-chunks" and fmts[i] in ("text", "vtt") and rng.random() < 0.7:
            cand = [j for j in range(N) if phens[j] != "asr-chunks" and fmts[j] in ("flat", "whisper")]
            j = rng.choice(cand)
            fmts[i], fmts[j] = fmts[j], fmts[i]
    doms = []
    keys = sorted(DOMAINS)
    while len(doms) < N:
        k = keys[:]
        rng.shuffle(k)
        doms += k
    seen = Counter()
    ordinals = []
    for p in phens:
        ordinals.append(seen[p])
        seen[p] += 1
    return list(zip(phens, fmts, langs, doms[:N], ordinals))


def verify_set(cases):
    """The scorer's own structure check and built-in redactors over this set (as its --self-check does)."""
    probs = ev.check_fixture_structure(cases, SET)
    if probs:
        raise SystemExit("fixture structure: " + "; ".join(probs[:10]))
    share = ev.short_last4_share(cases)
    for mode in ("oracle", "last4", "identity", "leaky", "overmask"):
        outs = ev.builtin_outputs(cases, mode)
        results = [ev.score_case(c, outs[c["id"]]) for c in cases]
        groups, _, conf, broken, _ = ev.aggregate(results)
        ov = groups["overall"]
        rec, prec, negr = ov.recall(), ov.precision(), ov.negrate()
        if mode in ("oracle", "last4"):
            ok = rec == 1.0 and prec == 1.0 and negr == 0.0 and conf == 0 and not broken
        elif mode == "identity":
            ok = rec <= share and negr == 0.0 and ov.pred == 0
        elif mode == "leaky":
            ok = rec <= share and negr == 0.0
        else:
            ok = negr > 0.9 and prec < 1.0
        if not ok:
            raise SystemExit(f"scorer check {mode} failed: recall {rec}, precision {prec}, negatives {negr}")


def summary(cases):
    c = Counter()
    for x in cases:
        c["lang " + x["lang"]] += 1
        c["format " + x["format"] + ("/whisper" if x["format"] == "asr-json" and "segments" in x["transcript"] else
                                     ("/flat" if x["format"] == "asr-json" else ""))] += 1
        c["phenomenon " + x["phenomenon"]] += 1
        for lab in ev.labels_of(x):
            c["fragments " + lab["kind"]] += 1
            c["fragments total"] += 1
            if lab["last4_ok"]:
                c["fragments last4_ok"] += 1
    return c


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stdout", action="store_true", help="print the cases instead of writing the fixture")
    ap.add_argument("--summary", action="store_true", help="print counts to stderr")
    args = ap.parse_args(argv)
    cases = [make_case(i + 1, *p) for i, p in enumerate(plan())]
    verify_set(cases)
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if args.stdout:
        sys.stdout.write(data)
    else:
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
    if args.summary:
        for k, v in sorted(summary(cases).items()):
            print(f"  {k}: {v}", file=sys.stderr)
        print(f"  redraws: {sum(REJECTS.values())} {REJECTS.most_common(6)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
