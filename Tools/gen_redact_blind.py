#!/usr/bin/env python3
"""Generate the BLIND conversation set for `callvault redact`.

    python3 Tools/gen_redact_blind.py [--out PATH] [--seed N]

Writes Tests/VaultRedactTests/Fixtures/conversations-blind.jsonl (or PATH): about 500 whole
call-centre conversations (ids blind-0001..., "set": "blind") in the schema scored by
Tools/eval_redact_conversations.py: plain text transcripts ("text" + "spans"), WebVTT
("transcript_text" + "spans", offsets into the VTT file) and ASR JSON ("transcript" in the
Whisper-like segments shape or the flat words shape + "entities" naming word indices).
Offsets are Unicode code-point offsets (Python str indices). Each label is one fragment: a
stretch in which a Chinese resident ID (id_number), a Luhn-valid bank card (bank_card) or a
phone number (phone: mainland mobile, UK, US, international) is said, or an abandoned attempt
at one, or a read-back of it (misheard read-backs included). last4_ok is set only on phone
fragments whose final four digits are the phone's real last four. About a fifth of the cases
are hard negatives (phenomenon "negative") that hold only look-alikes: order / tracking /
policy / claim numbers, amounts, dates, flight numbers, postcodes, reference codes, one-time
codes, 11-digit account numbers that are not mobiles, 16/18-digit runs failing Luhn / MOD 11-2.

Provenance. This generator was written by a SEPARATE author who did not read the redactor's
sources (Sources/), the other generators (gen_redact_conversations.py, gen_redact_holdout.py,
gen_redact_eval.py) or their fixtures; its dialogue banks, domains (insurance claims, utility
billing, hospital appointments, courier, car loans, top-ups, debt collection, airline
rebooking, government hotline, bank fraud desk), phrasing and number renderings are its own.

DO NOT TUNE ON THE EVEN HALF. It was scored whole once before any change for it (recall 0.944);
since then the redactor was tuned on its odd-numbered cases only (`--half odd`), and the
even-numbered ones are held back: score them only to judge a release (they measure how the
redactor does on transcripts written by someone else). Once the even half is tuned on too, the
set stops being blind: write a new one.

The generator is deterministic (fixed seed; pure standard library) and asserts its labels:
every ID passes MOD 11-2 with a plausible region code and birth date, every card passes Luhn,
every mainland mobile matches 1[3-9]\\d{9}; each label's text reads back (Arabic, full-width,
Chinese numerals, English number words with oh/double/triple, glued words) exactly the digits
it was built from; no unlabelled digit run of a positive case is a run of a labelled number;
no unlabelled run looks like a valid card / ID / mobile.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-blind.jsonl")
DEFAULT_SEED = 20240611

# =============================================================================================
# Numbers
# =============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHK = "10X98765432"
REGIONS = ["110101", "110105", "110108", "120103", "130102", "140105", "210102", "220104", "230103",
           "310104", "310115", "320106", "320583", "330106", "330205", "340104", "350203", "360111",
           "370202", "410105", "420106", "430104", "440106", "440305", "450103", "500103", "510107",
           "520102", "530103", "610113", "620102", "650102", "441900", "371002", "321002"]


def id_check(s17):
    return ID_CHK[sum(int(a) * b for a, b in zip(s17, ID_W)) % 11]


def id_valid(s):
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    if s[:6] not in REGIONS:
        return False
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    if not (1930 <= y <= 2010 and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return False
    return id_check(s[:17]) == s[17]


def id_check_passes(s):
    return bool(re.fullmatch(r"\d{17}[\dXx]", s)) and id_check(s[:17]) == s[17].upper()


def luhn_ok(s):
    if not s.isdigit():
        return False
    tot = 0
    for i, c in enumerate(reversed(s)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


MOBILE_PREFIXES = [str(p) for p in list(range(130, 140)) + [145, 147, 150, 151, 152, 153, 155, 156, 157, 158,
                                                            159, 166, 173, 175, 176, 177, 178, 180, 181, 182,
                                                            183, 184, 185, 186, 187, 188, 189, 191, 193, 195,
                                                            198, 199]]
CARD_PREFIXES = [("622202", 19), ("622202", 16), ("621700", 19), ("622848", 19), ("621226", 19),
                 ("622588", 16), ("625907", 16), ("622609", 16), ("623668", 19), ("621483", 16),
                 ("4", 16), ("4", 16), ("51", 16), ("53", 16), ("55", 16), ("37", 15), ("34", 15),
                 ("6011", 16), ("356", 16), ("628", 17)]


class Num:
    """A personal number: kind, canonical digits, display groups (strings, may carry + ( ) )."""

    def __init__(self, kind, digits, groups, region="cn", alts=()):
        self.kind, self.digits, self.groups, self.region = kind, digits, groups, region
        self.alts = set(alts) | {digits}


def digits_of(g):
    return "".join(ch for ch in g if ch.isdigit() or ch == "X")


def make_id(rng, want_x=None):
    while True:
        y = rng.randint(1952, 2005)
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        s17 = rng.choice(REGIONS) + f"{y:04d}{m:02d}{d:02d}" + f"{rng.randint(1, 999):03d}"
        s = s17 + id_check(s17)
        if want_x is None or (s[-1] == "X") == want_x:
            assert id_valid(s)
            return s


def id_groups(s, rng):
    return rng.choice([[s[:6], s[6:14], s[14:]], [s[:6], s[6:10], s[10:14], s[14:]], [s],
                       [s[:3], s[3:6], s[6:10], s[10:14], s[14:]], [s[:6], s[6:14], s[14:]]])


def new_id(rng, want_x=None):
    if want_x is None:
        want_x = rng.random() < 0.18
    s = make_id(rng, want_x)
    return Num("id_number", s, id_groups(s, rng))


def new_card(rng):
    pre, n = rng.choice(CARD_PREFIXES)
    body = pre + "".join(rng.choice("0123456789") for _ in range(n - 1 - len(pre)))
    s = luhn_complete(body)
    assert luhn_ok(s) and 15 <= len(s) <= 19
    if n == 15:
        g = [s[:4], s[4:10], s[10:]]
    elif n == 16:
        g = rng.choice([[s[i:i + 4] for i in range(0, 16, 4)], [s[i:i + 4] for i in range(0, 16, 4)], [s]])
    elif n == 17:
        g = [s[:4], s[4:8], s[8:12], s[12:]]
    else:
        g = rng.choice([[s[0:4], s[4:8], s[8:12], s[12:16], s[16:]], [s[:6], s[6:13], s[13:]], [s]])
    return Num("bank_card", s, g)


def new_mobile(rng):
    s = rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    assert re.fullmatch(r"1[3-9]\d{9}", s)
    g = rng.choice([[s[:3], s[3:7], s[7:]]] * 4 + [[s], [s], [s[:4], s[4:7], s[7:]]])
    return Num("phone", s, g, "cn")


def new_uk(rng):
    s = "07" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(8))
    form = rng.random()
    if form < 0.25:
        g = ["+44", s[1:5], s[5:8], s[8:]]
    elif form < 0.6:
        g = [s[:5], s[5:8], s[8:]]
    else:
        g = [s[:5], s[5:]]
    return Num("phone", s, g, "uk", alts={"44" + s[1:]})


def new_us(rng):
    area = str(rng.randint(2, 9)) + str(rng.randint(0, 8)) + str(rng.randint(0, 9))
    exch = str(rng.randint(2, 9)) + "".join(rng.choice("0123456789") for _ in range(2))
    line = "".join(rng.choice("0123456789") for _ in range(4))
    s = area + exch + line
    form = rng.random()
    if form < 0.35:
        g = ["(" + area + ")", exch, line]
    elif form < 0.55:
        g = ["+1", area, exch, line]
    else:
        g = [area, exch, line]
    return Num("phone", s, g, "us", alts={"1" + s})


def new_phone(rng, lang):
    if lang == "zh":
        return new_mobile(rng)
    if lang == "mixed":
        return new_mobile(rng) if rng.random() < 0.75 else new_uk(rng)
    r = rng.random()
    return new_uk(rng) if r < 0.4 else new_us(rng) if r < 0.75 else new_mobile(rng)


def new_num(rng, kind, lang):
    return {"phone": lambda: new_phone(rng, lang), "bank_card": lambda: new_card(rng),
            "id_number": lambda: new_id(rng)}[kind]()


def regroup(groups, newdigits):
    """groups with their digits replaced, in order, by newdigits (non-digit marks kept)."""
    it = iter(newdigits)
    res = ["".join(next(it) if (ch.isdigit() or ch == "X") else ch for ch in g) for g in groups]
    return res


def display_digits(n):
    return "".join(digits_of(g) for g in n.groups)


def chunk_like(n, digits):
    """digits split like the number's groups (country code and brackets left out)."""
    sizes = [len(digits_of(g)) for g in n.groups if not g.startswith("+")]
    res, i = [], 0
    for k in sizes:
        if i >= len(digits):
            break
        res.append(digits[i:i + k])
        i += k
    if i < len(digits):
        res.append(digits[i:])
    return res


def mishear(rng, digits, lo=0, hi=None):
    """digits with one digit (in [lo, hi)) changed."""
    hi = len(digits) if hi is None else hi
    while True:
        i = rng.randrange(lo, hi)
        if digits[i] == "X" or not digits[i].isdigit():
            continue
        c = rng.choice([x for x in "0123456789" if x != digits[i]])
        return digits[:i] + c + digits[i + 1:]


# =============================================================================================
# Reading digits (the generator's own reader, used to assert the labels)
# =============================================================================================

CN = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
      "六": "6", "七": "7", "八": "8", "九": "9", "叉": "X", "Ｘ": "X"}
EN = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
      "six": "6", "seven": "7", "eight": "8", "nine": "9"}
MULT = {"double": 2, "triple": 3}
VOCAB = list(EN) + list(MULT)


def _split_word(w):
    w = w.lower()
    best = [None] * (len(w) + 1)
    best[0] = []
    for i in range(len(w)):
        if best[i] is None:
            continue
        for v in VOCAB:
            if w.startswith(v, i):
                cand = best[i] + [v]
                cur = best[i + len(v)]
                sc = lambda p: sum(1 for x in p if x in EN)
                if cur is None or sc(cand) > sc(cur):
                    best[i + len(v)] = cand
    return best[len(w)]


def read_units(s):
    """[(start, end, digits)] with double/triple expanded onto the next digit word."""
    out = []
    pending = 1
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            out.append((i, i + 1, c)); i += 1; continue
        if "０" <= c <= "９":
            out.append((i, i + 1, str(ord(c) - 0xFF10))); i += 1; continue
        if c in CN:
            out.append((i, i + 1, CN[c])); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                out.append((i, j, "X"))
            else:
                parts = _split_word(w)
                if parts:
                    ds = ""
                    for p in parts:
                        if p in MULT:
                            pending = MULT[p]
                        else:
                            ds += EN[p] * pending
                            pending = 1
                    if ds:
                        out.append((i, j, ds))
            i = j
            continue
        i += 1
    return out


def read_digits(s):
    return "".join(u[2] for u in read_units(s))


def digit_runs(s):
    """Runs of read digits whose units are separated by nothing or one space / hyphen."""
    runs = []
    cur, last_end = "", None
    for a, b, d in read_units(s):
        if last_end is not None and s[last_end:a] in ("", " ", "-"):
            cur += d
        else:
            if cur:
                runs.append(cur)
            cur = d
        last_end = b
    if cur:
        runs.append(cur)
    return runs


def looks_personal(run):
    """True when an unlabelled run would itself be a personal number."""
    for m in re.finditer(r"[\dX]+", run):
        r = m.group()
        if 15 <= len(r) <= 19 and r.isdigit() and luhn_ok(r):
            return True
        if len(r) == 18 and id_check_passes(r):
            return True
        if re.fullmatch(r"1[3-9]\d{9}", r) or re.fullmatch(r"07\d{9}", r) or re.fullmatch(r"447\d{9}", r):
            return True
    return False


# =============================================================================================
# Saying numbers
# =============================================================================================

EN_W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FW = str.maketrans("0123456789Xx", "０１２３４５６７８９ＸＸ")


class Frag:
    """A labelled fragment: parts (no whitespace inside), joiners between them."""

    def __init__(self, num, parts, joiners, digits, role="part"):
        assert len(joiners) == len(parts) - 1 and parts
        self.num, self.parts, self.joiners, self.digits, self.role = num, parts, joiners, digits, role
        self.kind = num.kind
        self.last4_ok = (num.kind == "phone" and len(digits) >= 4 and digits[-4:] == num.digits[-4:])

    def text(self):
        s = self.parts[0]
        for j, p in zip(self.joiners, self.parts[1:]):
            s += j + p
        return s


def cn_map(rng):
    one = rng.choice(["幺", "幺", "一"])
    zero = rng.choice(["零", "零", "零", "〇"])
    two = "两" if rng.random() < 0.08 else "二"
    x = rng.choice(["X", "叉", "x", "X"])
    m = {"0": zero, "1": one, "2": two, "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九",
         "X": x}
    return m


def en_tokens(g, rng, p_double, zero):
    out = []
    i = 0
    while i < len(g):
        c = g[i]
        if not (c.isdigit() or c == "X"):
            i += 1
            continue
        if c == "X":
            out.append("X"); i += 1; continue
        w = zero if c == "0" else EN_W[int(c)]
        if i + 2 < len(g) and g[i + 1] == c == g[i + 2] and rng.random() < p_double:
            out += ["triple", w]; i += 3
        elif i + 1 < len(g) and g[i + 1] == c and rng.random() < p_double:
            out += ["double", w]; i += 2
        else:
            out.append(w); i += 1
    return out


def glue_words(ws, rng, p):
    res = []
    i = 0
    while i < len(ws):
        if i + 1 < len(ws) and ws[i] != "X" and ws[i + 1] != "X" and rng.random() < p:
            res.append(ws[i] + ws[i + 1]); i += 2
        else:
            res.append(ws[i]); i += 1
    return res


def say(num, groups, style, lang, rng, *, digits=None, role="part", fillers=0):
    """Render display groups as a Frag in one style. digits: what the groups read as."""
    if digits is None:
        digits = "".join(digits_of(g) for g in groups)
    parts, joiners = [], []
    if style in ("ar", "fw"):
        gj = rng.choice([" ", " ", "-", ""] if lang != "en" else [" ", " ", " ", "-"])
        if any(g.startswith(("(", "+")) for g in groups):
            gj = " "
        if groups[0].startswith("(") and len(groups) == 3 and rng.random() < 0.6:
            parts, joiners = list(groups), [" ", "-"]
        elif gj == "":
            parts = ["".join(groups)]
        else:
            parts, joiners = list(groups), [gj] * (len(groups) - 1)
        if style == "fw":
            parts = [p.translate(FW) for p in parts]
    elif style in ("cn", "mix"):
        m = cn_map(rng)
        conv = lambda g: "".join(m.get(ch, "") for ch in g)
        gs = list(groups)
        if style == "mix" and len(gs) == 1 and len(digits_of(gs[0])) >= 4:
            cut = len(gs[0]) // 2
            gs = [gs[0][:cut], gs[0][cut:]]
        if style == "cn" or len(gs) == 1:
            ps = [conv(g) for g in gs]
        else:
            flags = [rng.random() < 0.5 for _ in gs]
            if all(flags) or not any(flags):
                flags[rng.randrange(len(gs))] = not flags[0]
            ps = [conv(g) if fl else digits_of(g) for g, fl in zip(gs, flags)]
        gj = rng.choice(["", "，", " ", " "] if style == "cn" else [" ", "，", " ", ""])
        if gj == "":
            parts = ["".join(ps)]
        else:
            parts, joiners = ps, [gj] * (len(ps) - 1)
    elif style in ("en", "glue"):
        zero = rng.choice(["oh", "oh", "zero"]) if lang != "zh" else "zero"
        pd = 0.35 if style == "en" else 0.7
        gsep = rng.choice([", ", " ", " ", "... ", ", "])
        for gi, g in enumerate(groups):
            ws = en_tokens(g, rng, pd, zero)
            if style == "glue":
                ws = glue_words(ws, rng, 0.45)
            if not ws:
                continue
            if parts:
                joiners.append(gsep)
            parts += ws
            joiners += [" "] * (len(ws) - 1)
    elif style == "spaced":
        chars = [ch for ch in digits]
        parts, joiners = chars, [" "] * (len(chars) - 1)
    elif style == "chunks":
        # irregular ITN chunks, optionally some in Chinese numerals
        m = cn_map(rng)
        ds = digits
        parts = []
        i = 0
        while i < len(ds):
            k = rng.choice([1, 2, 2, 3, 3, 4, 4, 5])
            ch = ds[i:i + k]
            if lang != "en" and rng.random() < 0.3:
                ch = "".join(m[c] for c in ch)
            parts.append(ch)
            i += k
        joiners = [rng.choice([" ", " ", "", "，" if lang != "en" else ", "]) for _ in parts[1:]]
        # merge around empty joiners when both sides are Arabic (keeps tokens honest)
    else:
        raise ValueError(style)
    if fillers:
        parts, joiners = add_fillers(parts, joiners, lang, rng, fillers)
    return Frag(num, parts, joiners, digits, role)


ZH_FILL = ["呃", "嗯", "那个", "就是", "额", "呃那个", "嗯……就是"]
EN_FILL = ["um", "uh", "er", "like", "erm", "uh, like", "hmm"]


def add_fillers(parts, joiners, lang, rng, k):
    if len(parts) < 2:
        # split a long single part to make room for fillers
        p = parts[0]
        if len(p) >= 6:
            cut = rng.randint(3, len(p) - 3)
            parts, joiners = [p[:cut], p[cut:]], [""]
        else:
            return parts, joiners
    slots = list(range(1, len(parts)))
    rng.shuffle(slots)
    chosen = sorted(slots[:k], reverse=True)
    for pos in chosen:
        if lang == "en" or (lang == "mixed" and rng.random() < 0.5):
            f = rng.choice(EN_FILL)
            a, b = rng.choice([(", ", ", "), ("... ", "... "), (" ", " "), (" - ", " - "), (" ", ", ")])
        else:
            f = rng.choice(ZH_FILL)
            a, b = rng.choice([("，", "，"), ("……", "……"), ("", ""), ("——", "——"), ("，", ""), ("…", "，")])
        fws = [w for w in re.findall(r"[^\s，,…]+", f)]
        inner = [j for j in re.findall(r"[\s，,…]+", f)]
        if len(inner) != len(fws) - 1:
            inner = [" "] * (len(fws) - 1)
        parts = parts[:pos] + fws + parts[pos:]
        joiners = joiners[:pos - 1] + [a] + inner + [b] + joiners[pos:]
    assert len(joiners) == len(parts) - 1
    return parts, joiners


def style_for(rng, lang, kind, fmt, num):
    if lang == "zh":
        opts = [("ar", 50), ("cn", 22), ("mix", 12), ("fw", 5)]
    elif lang == "en":
        opts = [("ar", 52), ("en", 40), ("glue", 3)]
        if kind == "id_number":
            opts = [("ar", 75), ("en", 25)]
    else:
        opts = [("ar", 42), ("en", 25), ("cn", 18), ("mix", 12)]
    if fmt == "asr-json" and lang != "en":
        opts.append(("chunks", 10))
    if any(g.startswith(("(", "+")) for g in num.groups):
        opts = [(s, w) for s, w in opts if s in ("ar", "en", "glue")]
    tot = sum(w for _, w in opts)
    r = rng.uniform(0, tot)
    for s, w in opts:
        r -= w
        if r <= 0:
            return s
    return opts[0][0]


# =============================================================================================
# Look-alikes (negatives)
# =============================================================================================

def bad18(rng, idlike=None):
    while True:
        if idlike is None or idlike:
            s17 = rng.choice(REGIONS) + f"{rng.randint(1960, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
                + f"{rng.randint(0, 999):03d}"
            if rng.random() < 0.5 and idlike is None:
                s17 = "2024" + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + "".join(
                    rng.choice("0123456789") for _ in range(9))
        else:
            s17 = "20" + "".join(rng.choice("0123456789") for _ in range(15))
        s = s17 + rng.choice("0123456789")
        if not id_check_passes(s) and not luhn_ok(s):
            return s


def bad16(rng):
    while True:
        pre = rng.choice(["6222", "7", "9", "2024", "88", "30", "6217"])
        s = pre + "".join(rng.choice("0123456789") for _ in range(16 - len(pre)))
        if not luhn_ok(s):
            return s


def rdig(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def acct11(rng):
    return rng.choice(["10", "11", "12"]) + rdig(rng, 9)


def amount_zh(rng):
    v = rng.choice([rng.randint(20, 999), rng.randint(1000, 99999)])
    c = rng.randint(0, 99)
    return rng.choice([f"¥{v:,}.{c:02d}", f"{v}元", f"{v}.{c:02d}元", f"{v}块", f"人民币{v:,}元"])


def amount_en(rng):
    v = rng.choice([rng.randint(12, 999), rng.randint(1000, 25000)])
    c = rng.randint(0, 99)
    return rng.choice([f"${v:,}", f"${v:,}.{c:02d}", f"£{v:,}.{c:02d}", f"{v} dollars", f"£{v}"])


def date_zh(rng):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{rng.randint(2019, 2025)}年{m}月{d}日", f"{m}月{d}号", f"{m}月{d}号下午{rng.randint(1, 5)}点",
                       f"{rng.randint(2019, 2025)}-{m:02d}-{d:02d}", f"周{rng.choice('一二三四五')}上午{rng.randint(8, 11)}:{rng.choice(['00', '30', '15'])}"])


def ordinal(d):
    return f"{d}th" if 10 <= d % 100 <= 20 else f"{d}" + {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def date_en(rng):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    mon = calendar.month_name[m]
    return rng.choice([f"{mon} {ordinal(d)}", f"{d:02d}/{m:02d}/{rng.randint(2019, 2025)}", f"the {ordinal(d)} of {mon}",
                       f"{mon} {ordinal(d)} at {rng.randint(8, 11)}:{rng.choice(['00', '30', '45'])} am",
                       f"{mon} {d}, {rng.randint(2019, 2025)}"])


def flight(rng):
    return rng.choice(["CA", "MU", "CZ", "HU", "BA", "UA", "DL", "AA", "CX", "MF"]) + str(rng.randint(101, 9899))


# NEG[lang][type] -> function(rng) -> (role, text)
def _neg_bank():
    Z, E, M = {}, {}, {}
    Z["order"] = lambda r: ("C", r.choice(["我的订单号是{}。", "订单号{}，昨天下的单。", "订单编号是 {}。"]).format(
        r.choice([bad18(r), bad18(r, False), "DD" + rdig(r, 14), bad16(r)])))
    Z["tracking"] = lambda r: (r.choice("AC"), r.choice(["运单号{}，显示还在派送中。", "快递单号是 {}。", "物流单号 {}，已经到分拣中心了。"]).format(
        r.choice(["SF" + rdig(r, 13), "YT" + rdig(r, 13), "JD" + rdig(r, 15), rdig(r, 12), bad16(r)])))
    Z["policy"] = lambda r: (r.choice("AC"), r.choice(["保单号是{}。", "您这张保单号{}，车损险在保障期内。", "保单号码 {}。"]).format(
        r.choice(["P" + rdig(r, 17), "PDAA" + str(r.randint(2019, 2024)) + rdig(r, 10), bad18(r, False)])))
    Z["claim"] = lambda r: ("A", r.choice(["报案号是{}，您记一下。", "理赔案件号 {}。", "这个案件号是{}。"]).format(
        r.choice(["RC" + rdig(r, 12), "LP-" + str(r.randint(2020, 2024)) + "-" + rdig(r, 6), bad18(r)])))
    Z["amount"] = lambda r, d="": (r.choice("AC"), r.choice(["这次一共是{}。", "金额是{}。"] + {
        "utility": ["这个月电费是{}，比上月多了不少。", "燃气费欠了{}。"], "topup": ["我充了{}的话费。", "套餐每个月{}。"],
        "collection": ["本期应还金额{}。", "逾期本金加利息一共{}。"], "carloan": ["提前还款的话需要还{}。", "月供是{}。"],
        "fraud": ["那笔消费是{}，不是我刷的。", "刚才被扣了{}。"], "airline": ["改签手续费是{}。", "差价{}。"],
        "insurance": ["定损金额是{}。", "修车花了{}。"], "courier": ["运费{}。", "保价{}。"], "hospital": ["挂号费{}。"],
        "gov": ["罚款{}。"]}.get(d, ["退款{}已经原路返回了。"])).format(amount_zh(r)))
    Z["date"] = lambda r: (r.choice("AC"), r.choice(["给您约在{}。", "是{}那天的事。", "预计{}送达。", "最晚还款日是{}。"]).format(date_zh(r)))
    Z["flight"] = lambda r: ("A", r.choice(["已经帮您改到{}航班，{}起飞。", "原来的{}取消了，{}有一班。"]).format(
        flight(r), r.choice(["早上7:55", "下午14:20", "晚上9点10分", "明天上午10:30"])))
    Z["postcode"] = lambda r: ("C", r.choice(["邮编是{}。", "邮政编码{}。"]).format(r.choice(["100080", "518057", "200120", "310012", "610041"])))
    Z["code"] = lambda r: ("C", r.choice(["短信验证码是{}。", "收到的动态码是 {}。", "校验码{}。"]).format(rdig(r, 6)))
    Z["acct"] = lambda r: (r.choice("AC"), r.choice(["户号是{}。", "宽带账号{}。", "电表户号 {}。", "缴费编号{}。"]).format(acct11(r)))
    Z["count"] = lambda r: (r.choice("AC"), r.choice(["一共{}件包裹。", "分{}期还款。", "已经逾期{}天了。", "前面还有{}位在排队。", "打了{}次都没人接。"]).format(
        r.randint(2, 36)) if r.random() < 0.7 else r.choice(["车是{}年买的。", "{}年开的户。", "我从{}年就在用你们的服务了。"]).format(r.randint(2008, 2023)))
    Z["ref"] = lambda r: ("A", r.choice(["工单号是 {}。", "合同编号{}。", "受理编号{}，您可以凭这个查询进度。"]).format(
        r.choice(["GD" + rdig(r, 14), "HT-" + str(r.randint(2019, 2024)) + "-" + rdig(r, 7), rdig(r, 14)])))
    Z["hotline"] = lambda r: ("A", r.choice(["有问题您可以再拨打{}。", "您也可以关注公众号或者拨打{}。"]).format(r.choice(["95588", "12345", "10086", "95518", "12315"])))
    Z["ctx"] = lambda r: ("C", r.choice(["手机号还是原来那个，没变。", "身份证我今天没带在身上。", "银行卡我待会儿再绑定。", "电话你们系统里应该有吧？",
                                          "卡号我记不住，得回家看一下。", "证件号码我晚点再发给你们。"]))
    E["order"] = lambda r: ("C", r.choice(["My order number is {}.", "The order number's {}.", "Order {} from last week."]).format(
        r.choice([bad18(r, False), bad16(r), "WX" + rdig(r, 10), rdig(r, 9)])))
    E["tracking"] = lambda r: (r.choice("AC"), r.choice(["The tracking number is {}.", "Tracking number {}, it says out for delivery.",
                                                          "Your consignment number is {}."]).format(
        r.choice(["1Z" + rdig(r, 3) + "AA" + rdig(r, 10), bad16(r), "JD" + rdig(r, 15), rdig(r, 12)])))
    E["policy"] = lambda r: (r.choice("AC"), r.choice(["Policy number {}.", "The policy number is {}.", "That's under policy {}."]).format(
        r.choice(["POL-" + rdig(r, 8), "HX" + rdig(r, 9), bad18(r, False)])))
    E["claim"] = lambda r: ("A", r.choice(["Your claim reference is {}.", "I've opened claim number {} for you.", "The claim is {}."]).format(
        r.choice(["CLM-" + str(r.randint(2020, 2024)) + "-" + rdig(r, 6), "C" + rdig(r, 9)])))
    E["amount"] = lambda r, d="": (r.choice("AC"), r.choice(["That comes to {} in total.", "The amount is {}."] + {
        "utility": ["Your bill this quarter is {}.", "You're in credit by {}."], "topup": ["I put {} on it.", "The bundle is {} a month."],
        "collection": ["The outstanding balance is {}.", "Could you manage {} today?"], "carloan": ["The settlement figure is {}.", "Your monthly payment is {}."],
        "fraud": ["I was charged {} twice.", "There's a payment of {} I don't recognise."], "airline": ["The change fee is {}.", "The fare difference is {}."],
        "insurance": ["The excess is {}.", "The garage quoted {}."], "courier": ["The customs charge was {}."], "hospital": ["The parking was {}."],
        "gov": ["The fine is {}."]}.get(d, ["The refund of {} has gone through."])).format(amount_en(r)))
    E["date"] = lambda r: (r.choice("AC"), r.choice(["I can book you in for {}.", "It happened on {}.", "Delivery is expected {}.",
                                                      "The payment is due {}."]).format(date_en(r)))
    E["flight"] = lambda r: ("A", r.choice(["I've moved you onto {}, departing {}.", "Flight {} is cancelled; the next one leaves at {}."]).format(
        flight(r), r.choice(["07:55", "2:20 pm", "14:05", "9.10 tonight"])))
    E["postcode"] = lambda r: ("C", r.choice(["The postcode is {}.", "Zip code {}.", "It's {} for the postcode."]).format(
        r.choice(["SW1A 1AA", "EC2A 4NE", "M1 1AE", "90210", "10001", "B33 8TH"])))
    E["code"] = lambda r: ("C", r.choice(["The code is {}.", "I got the one-time passcode, it's {}.", "Verification code {}."]).format(rdig(r, 6)))
    E["acct"] = lambda r: (r.choice("AC"), r.choice(["My account number is {}.", "Meter number {}.", "The customer reference is {}."]).format(acct11(r)))
    E["count"] = lambda r: (r.choice("AC"), r.choice(["There were {} parcels.", "It's over {} monthly payments.", "You're {} days overdue.",
                                                       "You're number {} in the queue.", "I've called {} times already."]).format(r.randint(2, 36))
                            if r.random() < 0.7 else r.choice(["I've been with you since {}.", "The car's a {} model.", "We moved in back in {}."]).format(r.randint(2008, 2023)))
    E["ref"] = lambda r: ("A", r.choice(["Your case reference is {}.", "The booking reference is {}.", "Reference {} for this call.",
                                          "The agreement number is {}."]).format(
        r.choice(["GOV-" + rdig(r, 5) + "-K", "QX7P2M", "REF" + rdig(r, 8), "AG" + rdig(r, 10), "GB29 NWBK " + " ".join(rdig(r, 4) for _ in range(3)) + " " + rdig(r, 2)])))
    E["hotline"] = lambda r: ("A", r.choice(["You can press {} to get back to this menu.", "Option {} is for billing."]).format(r.randint(1, 9)))
    E["ctx"] = lambda r: ("C", r.choice(["I'd rather not give out my phone number.", "I don't have my ID card on me right now.",
                                          "The card's in my other wallet, can I call back?", "You should already have my number on file."]))
    M["order"] = lambda r: ("C", r.choice(["我的 order number 是 {}。", "订单号 {}，昨天 place 的 order。"]).format(r.choice([bad18(r), bad16(r)])))
    M["tracking"] = lambda r: (r.choice("AC"), r.choice(["Tracking number 是 {}。", "运单号 {}，status 还是 in transit。"]).format(r.choice(["SF" + rdig(r, 13), bad16(r)])))
    M["amount"] = lambda r, d="": (r.choice("AC"), r.choice(["refund 金额是 {}。", "这个 bill 一共 {}。", "balance 还有 {}。"]).format(r.choice([amount_zh(r), amount_en(r)])))
    M["date"] = lambda r: (r.choice("AC"), r.choice(["appointment 约在 {}。", "deadline 是 {}。"]).format(r.choice([date_zh(r), date_en(r)])))
    M["flight"] = lambda r: ("A", "flight 已经改到 {} 了，{} 起飞。".format(flight(r), r.choice(["08:40", "下午3点", "22:15"])))
    M["code"] = lambda r: ("C", r.choice(["OTP 是 {}。", "verification code 是 {}。"]).format(rdig(r, 6)))
    M["claim"] = lambda r: ("A", "这个 claim 的 reference 是 {}。".format("CLM-" + str(r.randint(2020, 2024)) + "-" + rdig(r, 6)))
    M["acct"] = lambda r: (r.choice("AC"), r.choice(["户号 account 是 {}。", "meter number 是 {}。"]).format(acct11(r)))
    M["count"] = lambda r: (r.choice("AC"), r.choice(["一共 {} 个 parcel。", "分 {} 期 installment。", "overdue {} 天了。"]).format(r.randint(2, 36)))
    M["ctx"] = lambda r: ("C", r.choice(["phone number 还是以前那个。", "ID card 我没带。", "card 我回头再 bind。"]))
    M["ref"] = lambda r: ("A", "case number 是 {}。".format("GD" + rdig(r, 14)))
    return {"zh": Z, "en": E, "mixed": M}


NEG = _neg_bank()

# =============================================================================================
# Dialogue banks
# =============================================================================================

DOMAINS = {
    "insurance": dict(zh_open=["您好，车险理赔专线，请问有什么可以帮您？", "您好，这里是财险客服中心，请问是报案还是查询？"],
                      zh_why=["我上周被追尾了，想问一下理赔进度。", "我要报个案，车在小区里被刮了。"],
                      en_open=["Good morning, claims line, how can I help?", "Thanks for calling motor claims, you're speaking with Dan."],
                      en_why=["Hi, I'm ringing about a claim for my car, someone reversed into me.", "I need to make a claim for a cracked windscreen."],
                      negs=["policy", "claim", "amount", "date"]),
    "utility": dict(zh_open=["您好，供电服务热线，请问有什么可以帮您？", "您好，燃气公司客服，请讲。"],
                    zh_why=["我家这个月电费怎么这么高？", "燃气卡充值了但是没到账。"],
                    en_open=["Hello, you're through to billing at Northern Water.", "Hi, energy customer services, Priya speaking."],
                    en_why=["My bill has jumped this quarter and I don't know why.", "I want to set up a direct debit for my gas."],
                    negs=["acct", "amount", "date", "count"]),
    "hospital": dict(zh_open=["您好，市第一人民医院预约挂号中心。", "您好，这里是妇幼保健院预约服务。"],
                     zh_why=["我想给我妈挂一个下周的心内科专家号。", "我想改一下体检的预约时间。"],
                     en_open=["St Mary's appointments line, how can I help?", "Hello, outpatients booking, this is Claire."],
                     en_why=["I need to rebook my dad's cardiology appointment.", "I'm calling to confirm a scan next week."],
                     negs=["date", "count", "ref"]),
    "courier": dict(zh_open=["您好，顺丰速运，请问有什么可以帮您？", "您好，快递客服，请问查件还是寄件？"],
                    zh_why=["我的快递三天了还没到。", "我想改一下收件地址。"],
                    en_open=["Hi, parcel delivery support, how can I help?", "Thanks for calling, this is the courier helpline."],
                    en_why=["My parcel says delivered but it isn't here.", "I need to redirect a delivery to my work."],
                    negs=["tracking", "postcode", "date", "count"]),
    "carloan": dict(zh_open=["您好，汽车金融客服，请问有什么可以帮您？", "您好，这里是车贷服务中心。"],
                    zh_why=["我想提前还清车贷。", "这个月的月供扣款失败了。"],
                    en_open=["Good afternoon, car finance, you're speaking with Mark.", "Hello, auto loans team."],
                    en_why=["I want a settlement figure for my car finance.", "My monthly payment bounced and I want to sort it."],
                    negs=["ref", "amount", "date", "count"]),
    "topup": dict(zh_open=["您好，移动客服，很高兴为您服务。", "您好，话费充值服务。"],
                  zh_why=["我充了话费但是没到账。", "我想给我爸的手机充点话费。"],
                  en_open=["Hi, mobile top-up support.", "Welcome to prepaid customer care."],
                  en_why=["I topped up but the credit hasn't arrived.", "I want to add credit to my son's phone."],
                  negs=["amount", "code", "date", "order"]),
    "collection": dict(zh_open=["您好，这里是贷后服务中心，请问是本人吗？", "您好，我是信用卡中心的，关于您的逾期账单。"],
                       zh_why=["是我，我知道逾期了，想商量一下分期。", "我这个月工资晚发了，能不能晚几天还？"],
                       en_open=["Hello, this is the collections team calling about your account.", "Hi, recoveries department, am I speaking to the account holder?"],
                       en_why=["Yes, I know I'm behind, I want to set up a plan.", "I can pay part of it today if that helps."],
                       negs=["amount", "count", "date", "ref"]),
    "airline": dict(zh_open=["您好，航空公司客服，请问有什么可以帮您？", "您好，这里是机票改签服务。"],
                    zh_why=["我的航班取消了，想改签。", "我想把明天的航班改到后天。"],
                    en_open=["Thank you for calling the airline, how can I help?", "Hello, reservations, this is Tom."],
                    en_why=["My flight was cancelled and I need rebooking.", "I need to change my return flight."],
                    negs=["flight", "date", "ref", "amount"]),
    "gov": dict(zh_open=["您好，12345政务服务便民热线。", "您好，社保咨询热线，请讲。"],
                zh_why=["我想咨询一下社保转移的事情。", "我们小区晚上施工太吵了，想投诉。"],
                en_open=["Hello, council services, how can I help?", "Good morning, the tax helpline."],
                en_why=["I'm calling about my council tax band.", "I want to report a missed bin collection."],
                negs=["ref", "date", "postcode", "count"]),
    "fraud": dict(zh_open=["您好，银行反欺诈中心，请问是本人吗？", "您好，信用卡风险管理部。"],
                  zh_why=["我的卡刚才被刷了一笔，不是我本人操作的。", "我收到一条短信说我的卡被冻结了。"],
                  en_open=["Fraud prevention team, how can I help?", "Hello, this is the card security desk."],
                  en_why=["There's a payment on my card I didn't make.", "I got a text saying my card was blocked."],
                  negs=["amount", "date", "code", "ref"]),
}

DOMAIN_ASK = {
    ("hospital", "zh", "id_number"): ["挂号需要患者本人的身份证号。", "就诊人的身份证号码是多少？"],
    ("hospital", "zh", "phone"): ["就诊人的手机号留一下。"],
    ("hospital", "en", "phone"): ["And a mobile number for the appointment reminder?"],
    ("carloan", "zh", "id_number"): ["麻烦说一下借款人的身份证号。"],
    ("carloan", "zh", "bank_card"): ["麻烦报一下还款卡的卡号。"],
    ("carloan", "en", "bank_card"): ["Which card would you like the payment taken from?"],
    ("collection", "zh", "bank_card"): ["麻烦报一下还款卡的卡号。"],
    ("collection", "zh", "id_number"): ["先核实一下身份，借款人身份证号是多少？"],
    ("collection", "en", "bank_card"): ["What's the long card number for today's payment?"],
    ("courier", "zh", "phone"): ["收件人电话是多少？", "派件员联系您的手机号是多少？"],
    ("courier", "en", "phone"): ["And the phone number for the delivery?", "What number should the driver ring?"],
    ("fraud", "zh", "bank_card"): ["被盗刷的是哪张卡？卡号是多少？"],
    ("fraud", "en", "bank_card"): ["Which card was charged? The full number, please."],
    ("airline", "zh", "id_number"): ["乘机人的身份证号是多少？"],
    ("airline", "en", "id_number"): ["And the passenger's Chinese ID number as on the booking?"],
    ("topup", "zh", "phone"): ["您要充值的手机号是多少？"],
    ("topup", "en", "phone"): ["Which number would you like to top up?"],
    ("insurance", "zh", "id_number"): ["被保险人的身份证号报一下。"],
    ("gov", "zh", "id_number"): ["麻烦提供一下您的身份证号，方便登记工单。"],
    ("utility", "zh", "phone"): ["户主的联系电话是多少？"],
    ("utility", "en", "bank_card"): ["What card would you like to pay the balance with?"],
}

MIXED_OPEN = ["Hello，您好，这里是 customer service，请问有什么可以帮您？", "Hi，您好，我是 support team 的 Kelly。",
              "您好，这里是 claims 部门。", "Hi 您好，booking 改签这边。"]
MIXED_WHY = ["我想 check 一下我的 account。", "我的 payment 好像 failed 了。", "我要 update 一下 contact details。",
             "我想 reschedule 一下 appointment。", "我的 card 有一笔 transaction 不是我做的。"]

B = {
    "zh": dict(
        ask={"phone": ["请问您的手机号码是多少？", "麻烦您留一个联系电话。", "您注册用的手机号是多少？", "方便报一下您的手机号吗？"],
             "bank_card": ["请提供一下您的银行卡号。", "您扣款的那张卡卡号是多少？", "您要绑定的借记卡卡号是？"],
             "id_number": ["请报一下您的身份证号码。", "为了核实身份，麻烦提供一下身份证号。", "您的证件号码是多少？"]},
        give={"phone": ["我的手机号是", "手机号", "号码是", "电话是", "你打我手机", "嗯，是", "好的，"],
              "bank_card": ["卡号是", "我的卡号", "工行的卡，卡号", "信用卡卡号是", "好，卡号"],
              "id_number": ["身份证号是", "我的身份证号码是", "证件号", "好的，身份证号是", "嗯，"]},
        tail=["。", "，您记一下。", "，就这个。", "。", "。", "，你记下。"],
        ack=["好的，已经帮您登记了。", "好的，收到。", "行，我这边记录一下。", "好的，请稍等，我帮您查询。", "好，系统里查到了。"],
        back=["嗯。", "嗯嗯。", "好的。", "对。", "您继续。", "继续。", "嗯，您说。", "然后呢？", "好，后面是？", "您慢点说。", "您说，我在记。"],
        then=["", "", "后面是", "然后", "接着是", "嗯，", "后边是"],
        corr=["哦不是，", "不对不对，", "说错了，", "等一下，我重新说，", "不好意思说错了，是", "呃不对，应该是", "哎不对，重来，"],
        rbq=["我跟您核对一下，", "我重复一遍，", "跟您确认一下，是", "您刚才说的是", "我念一遍，"],
        rbe=["，对吗？", "，是吧？", "，没错吧？", "，对不对？", "？"],
        yes=["对，没错。", "是的。", "对的。", "嗯，对。", "没错。"],
        no=["不对，", "不是，", "错了，", "不对不对，"],
        last4={"phone": ["尾号是", "尾号", "后四位是"], "bank_card": ["卡号后四位是", "卡的尾号是"], "id_number": ["身份证后四位是"]},
        chk=["最后一位是", "末位是", "最后那个是", "最后一个是"],
        chkq=["最后一位呢？", "最后一位是数字还是字母？", "还有最后一位。"],
        close=["好的，还有其他问题吗？", "没有了，谢谢。", "感谢您的来电，再见。", "行，那就这样，谢谢。"],
        spk=[("坐席", "客户"), ("客服", "用户"), ("A", "B"), ("客服", "来电人"), ("工作人员", "市民"), ("客服小李", "张先生"), ("接线员", "王女士")],
        partial_rb=["前面是", "开头是"],
    ),
    "en": dict(
        ask={"phone": ["Can I take a contact number for you?", "What's the best number to reach you on?",
                       "Could you confirm the mobile number on the account?", "What number are you calling from?"],
             "bank_card": ["Can you read me the long number on the card?", "What's the card number, please?",
                           "Could I have the card number you'd like to pay with?"],
             "id_number": ["I'll need the number on your Chinese resident ID card.", "Could you give me your ID number for verification?",
                           "For security, can you give me the ID number on the account?"]},
        give={"phone": ["Sure, it's ", "It's ", "Yeah, my mobile is ", "You can reach me on ", "The number is ", "OK so it's "],
              "bank_card": ["The card number is ", "It's ", "OK, it's ", "Right, the number's "],
              "id_number": ["My ID number is ", "Sure, it's ", "It's ", "OK, "]},
        tail=[".", ".", ", that's it.", ".", ", got that?"],
        ack=["Lovely, I've updated that.", "Great, thanks.", "Perfect, bear with me a second.", "OK, I've found the account."],
        back=["Mm-hm.", "Okay.", "Go on.", "Yep.", "Uh-huh.", "Sorry, what was that?", "Got it, and then?", "Right.", "Sorry, you cut out, carry on.", "Yes?"],
        then=["", "", "and then ", "then ", "after that ", "OK, "],
        corr=["sorry, no wait, ", "scratch that, ", "hang on, let me start again, ", "no sorry, that's wrong, it's ", "oops, wrong number, it's ", "actually no, "],
        rbq=["Let me read that back: ", "Just to confirm, ", "So that's ", "I have "],
        rbe=["?", ", is that right?", ", correct?", ", yes?"],
        yes=["Yes, that's right.", "Correct.", "Yep.", "That's it."],
        no=["No, ", "Not quite, ", "No no, "],
        last4={"phone": ["ending in ", "the one ending ", "last digits "], "bank_card": ["the card ending ", "ending in "], "id_number": ["the ID ending "]},
        chk=["and the last character is ", "and it ends in ", "then at the end an ", "final character "],
        chkq=["And the last character?", "Is the last one a number or a letter?"],
        close=["Is there anything else I can help with?", "No, that's all, thanks.", "Thanks for calling, bye now.", "Cheers, bye."],
        spk=[("Agent", "Customer"), ("Rep", "Caller"), ("A", "B"), ("AGENT", "CALLER"), ("Sarah", "Mr Patel"), ("Operator", "Member"),
             ("Advisor", "Customer"), ("Dan", "Mrs Hughes")],
        partial_rb=["starting ", "beginning "],
    ),
    "mixed": dict(
        ask={"phone": ["麻烦留一下您的 phone number。", "您的 mobile 是多少？", "contact number 给我一下？"],
             "bank_card": ["您的 card number 是多少？", "麻烦报一下 credit card 的卡号。", "绑定的 debit card 卡号是？"],
             "id_number": ["您的 ID number 麻烦提供一下。", "身份证 number 说一下？", "verify 一下，身份证号是多少？"]},
        give={"phone": ["我的 number 是 ", "OK，手机是 ", "mobile 是 ", "嗯，是 "],
              "bank_card": ["card number 是 ", "卡号是 ", "OK，卡号 "],
              "id_number": ["ID 是 ", "身份证是 ", "OK，ID number 是 "]},
        tail=["。", "，OK？", "。", "，就这个。"],
        ack=["OK，收到。", "好的，我 update 一下。", "好，我这边 check 一下。"],
        back=["OK。", "嗯嗯，go on。", "好的好的。", "对，then？", "Mm-hm。", "嗯。"],
        then=["", "然后 ", "and then ", ""],
        corr=["sorry 说错了，", "no no，重新说，", "wait，不对，", "等下，let me start again，"],
        rbq=["我 confirm 一下，", "我 repeat 一遍，", "let me check，是 "],
        rbe=["，对吗？", "，right？", "，correct？"],
        yes=["对，correct。", "Yes，没错。", "对的。"],
        no=["No，", "不对，", "不是，"],
        last4={"phone": ["尾号 ", "ending "], "bank_card": ["尾号 ", "card ending "], "id_number": ["后四位 "]},
        chk=["最后一位是 ", "last one 是 "],
        chkq=["最后一位呢？", "last character 是什么？"],
        close=["OK，还有别的问题吗？", "没有了，thanks。", "好的，bye bye。"],
        spk=[("Agent", "客户"), ("坐席", "Customer"), ("A", "B"), ("客服 Kelly", "Mr 王"), ("CS", "用户")],
        partial_rb=["前面是 ", "starting "],
    ),
}


# =============================================================================================
# Conversation model
# =============================================================================================

class Conv:
    def __init__(self, rng, lang, fmt, dom):
        self.rng, self.lang, self.fmt, self.dom = rng, lang, fmt, dom
        self.turns = []   # dicts: role 'A'/'C', pieces [str|Frag], cont bool
        self.nums = []
        self.variant = []
        self.used_negs = set()

    def b(self, key):
        return self.rng.choice(B[self.lang][key])

    def bk(self, key, kind):
        opts = list(B[self.lang][key][kind])
        if key == "ask":
            extra = DOMAIN_ASK.get((self.dom, self.lang if self.lang != "mixed" else "zh", kind), [])
            opts += extra * 2
        return self.rng.choice(opts)

    def t(self, role, *pieces, cont=False):
        ps = [p for p in pieces if not (isinstance(p, str) and p == "")]
        self.turns.append({"role": role, "pieces": ps, "cont": cont})

    def num(self, kind):
        n = new_num(self.rng, kind, self.lang)
        self.nums.append(n)
        return n

    def style(self, n):
        return style_for(self.rng, self.lang, n.kind, self.fmt, n)

    def say(self, n, groups=None, style=None, **kw):
        return say(n, groups if groups is not None else n.groups, style or self.style(n), self.lang, self.rng, **kw)

    def opener(self):
        d = DOMAINS[self.dom]
        if self.lang == "mixed":
            self.t("A", self.rng.choice(MIXED_OPEN))
            self.t("C", self.rng.choice(MIXED_WHY))
        else:
            k = "zh" if self.lang == "zh" else "en"
            self.t("A", self.rng.choice(d[k + "_open"]))
            self.t("C", self.rng.choice(d[k + "_why"]))

    def neg(self, types=None):
        bank = NEG[self.lang]
        types = [x for x in (types or DOMAINS[self.dom]["negs"]) if x in bank] or list(bank)
        fresh = [x for x in types if x not in self.used_negs]
        ty = self.rng.choice(fresh or types)
        self.used_negs.add(ty)
        role, text = bank[ty](self.rng, self.dom) if ty == "amount" else bank[ty](self.rng)
        if text.startswith(("Your ", "您这张", "I've opened", "I can book", "You're ")):
            role = "A"
        elif text.startswith(("My ", "我的", "I've been", "I've called", "I got", "I was", "I put", "我充了", "我从")):
            role = "C"
        self.t(role, text)

    def maybe_negs(self, lo=0, hi=2):
        for _ in range(self.rng.randint(lo, hi)):
            self.neg(DOMAINS[self.dom]["negs"] + ["ctx", "code", "amount"] if self.rng.random() < 0.3 else None)

    def close(self):
        cl = B[self.lang]["close"]
        if self.rng.random() < 0.5:
            self.t("A", cl[0])
            self.t("C", cl[1])
            if self.rng.random() < 0.6:
                self.t("A", self.rng.choice(cl[2:]))
        elif self.rng.random() < 0.7:
            self.t("A", self.rng.choice(cl[2:]))


def split_groups(groups, kind, rng, max_parts=2):
    """Split display groups into 2..max_parts slices at group boundaries (phones: never inside the last 4)."""
    gs = list(groups)
    if len(gs) == 1:
        s = gs[0]
        if kind == "phone":
            cut = rng.choice([3, 7]) if len(s) >= 10 else 3
        else:
            cut = rng.choice([4, 6, 8, 10, 12])
        gs = [s[:cut], s[cut:]]
    lo = 2 if gs[0].startswith("+") else 1
    allowed = [i for i in range(lo, len(gs))
               if kind != "phone" or len("".join(digits_of(g) for g in gs[i:])) >= 4]
    if not allowed:
        allowed = [len(gs) - 1]
    k = rng.randint(2, min(max_parts, len(allowed) + 1))
    cuts = sorted(rng.sample(allowed, k - 1))
    res, prev = [], 0
    for c in cuts + [len(gs)]:
        res.append(gs[prev:c])
        prev = c
    return res


# ---------------------------------------------------------------------------------------------
# Phenomenon builders
# ---------------------------------------------------------------------------------------------

def ph_plain(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    v = c.rng.choice(["qa", "qa", "in-sentence", "answer-only"])
    c.variant.append(v)
    if v == "in-sentence" and kind == "phone":
        f = c.say(n)
        if c.lang == "zh":
            c.t("C", c.rng.choice(["有事你打我手机", "快递到了打", "麻烦让师傅联系", "你们之前打的不是我，我的号是"]), f,
                c.rng.choice(["就行，白天都在。", "，谢谢。", "，我一直开着机。"]))
        elif c.lang == "en":
            c.t("C", c.rng.choice(["Just ring me on ", "Tell the driver to call ", "The best number is ", "Text me on "]), f,
                c.rng.choice([" any time after five.", ", thanks.", " please."]))
        else:
            c.t("C", "有 update 的话 call 我 ", f, "，thanks。")
    else:
        c.t("A", c.bk("ask", kind))
        f = c.say(n)
        if v == "answer-only":
            c.t("C", f, c.rng.choice(["。", "", "."] if c.lang != "zh" else ["。", ""]))
        else:
            c.t("C", c.bk("give", kind), f, c.b("tail"))
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_multi(c):
    kinds = c.rng.choice([["phone", "bank_card"], ["id_number", "phone"], ["id_number", "bank_card"],
                          ["phone", "phone"], ["id_number", "phone", "bank_card"], ["bank_card", "phone"]])
    c.opener()
    c.maybe_negs(0, 1)
    nums = [c.num(k) for k in kinds]
    if c.rng.random() < 0.35 and len(nums) >= 2:
        c.variant.append("one-line")
        a, b2 = nums[0], nums[1]
        lab = {"zh": {"phone": "手机", "bank_card": "卡号", "id_number": "身份证"},
               "en": {"phone": "mobile ", "bank_card": "card number ", "id_number": "ID number "},
               "mixed": {"phone": "mobile ", "bank_card": "card number ", "id_number": "ID "}}[c.lang]
        if kinds == ["phone", "phone"]:
            second = {"zh": "紧急联系人", "en": "and my wife's is ", "mixed": "emergency contact "}[c.lang]
        else:
            second = lab[b2.kind]
        sep = {"zh": "，", "en": ", ", "mixed": "，"}[c.lang]
        c.t("A", c.rng.choice({"zh": ["麻烦把信息报一下。", "需要您的手机号和证件信息。"], "en": ["Can I take your details?", "I'll need a couple of details from you."],
                                "mixed": ["麻烦 provide 一下 details。"]}[c.lang]))
        c.t("C", lab[a.kind], c.say(a), sep, second, c.say(b2), c.b("tail"))
        rest = nums[2:]
    else:
        c.variant.append("qa")
        rest = nums
    for i, n in enumerate(rest):
        if i and c.rng.random() < 0.5:
            c.maybe_negs(1, 1)
        if kinds == ["phone", "phone"] and i == 1:
            c.t("A", {"zh": "还需要一个紧急联系人的号码。", "en": "And an emergency contact number?", "mixed": "还要一个 emergency contact。"}[c.lang])
        else:
            c.t("A", c.bk("ask", n.kind))
        c.t("C", c.bk("give", n.kind), c.say(n), c.b("tail"))
        if c.rng.random() < 0.5:
            c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_interruption(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    slices = split_groups(n.groups, kind, c.rng, 3)
    style = c.style(n)
    c.variant.append(f"{len(slices)}-parts")
    for i, sl in enumerate(slices):
        f = c.say(n, sl, style)
        if i == 0:
            c.t("C", c.bk("give", kind), f, c.rng.choice(["……", "…", "，", "", "..."]) if c.lang != "en" else c.rng.choice(["...", ",", "", " -"]))
        else:
            pre = c.b("then")
            if pre and c.lang != "zh" and not pre.endswith(" "):
                pre += " "
            end = c.b("tail") if i == len(slices) - 1 else c.rng.choice(["……", "，"] if c.lang != "en" else ["...", ","])
            c.t("C", pre, f, end)
        if i < len(slices) - 1:
            bc = c.b("back")
            c.t("A", bc)
            if c.rng.random() < 0.15:
                c.t("C", {"zh": "好。", "en": "Yeah.", "mixed": "OK。"}[c.lang])
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_continuation(c):
    kind = c.rng.choice(["phone", "bank_card", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    slices = split_groups(n.groups, kind, c.rng, 3)
    style = c.style(n)
    c.variant.append(f"{len(slices)}-lines")
    for i, sl in enumerate(slices):
        f = c.say(n, sl, style)
        last = i == len(slices) - 1
        end = c.b("tail") if last else c.rng.choice(["", "，", "…"] if c.lang != "en" else ["", ",", "..."])
        if i == 0:
            c.t("C", c.bk("give", kind), f, end)
        else:
            c.t("C", f, end, cont=True)
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def _abandon_digits(c, n, v):
    if v == "restart":
        k = c.rng.randint(3, min(8, len(n.digits) - 4))
        return n.digits[:k]
    if v == "wrong-prefix":
        k = c.rng.randint(4, min(9, len(n.digits) - 4))
        return mishear(c.rng, n.digits[:k], 1 if n.kind == "phone" else 0)
    if v == "full-wrong":
        w = mishear(c.rng, n.digits, 2, len(n.digits) - 1)
        return w
    raise ValueError(v)


def ph_correction(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    v = c.rng.choice(["restart", "wrong-prefix", "full-wrong", "restart", "wrong-prefix"])
    across = c.rng.random() < 0.35
    c.variant.append(v + ("/across-turns" if across else "/same-line"))
    ad = _abandon_digits(c, n, v)
    style = c.style(n)
    if style in ("chunks",):
        style = "ar"
    ab = c.say(n, chunk_like(n, ad), style if style != "mix" or len(ad) >= 8 else "ar", digits=ad, role="abandoned")
    good = c.say(n, None, style)
    hes = c.rng.choice(["……", "，", "…"] if c.lang != "en" else ["... ", ", ", " - "])
    corr = c.b("corr")
    if c.lang == "en":
        corr = corr
    if not across:
        c.t("C", c.bk("give", kind), ab, hes if c.lang != "en" else hes.rstrip(" ") + " ", corr, good, c.b("tail"))
    else:
        c.t("C", c.bk("give", kind), ab, hes.strip() or "…")
        c.t("A", c.b("back"))
        c.t("C", corr, good, c.b("tail"))
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_filler(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    k = c.rng.choice([2, 2, 3])
    style = c.style(n)
    if style == "chunks":
        style = "ar"
    groups = n.groups
    if len(groups) == 1:
        s = groups[0]
        cut1 = 3 if kind == "phone" else 6
        cut2 = 7 if kind == "phone" else 12
        groups = [s[:cut1], s[cut1:cut2], s[cut2:]]
    f = c.say(n, groups, style, fillers=k)
    c.variant.append(f"{k}-fillers/{style}")
    pre = c.rng.choice(["", "呃，", "嗯……"] if c.lang == "zh" else ["", "Um, ", "Uh... "] if c.lang == "en" else ["", "呃，", "um，"])
    give = c.bk("give", kind)
    if pre and c.lang == "en":
        give = give[0].lower() + give[1:]
    c.t("C", pre, give, f, c.b("tail"))
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_chunks(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    v = c.rng.choice(["irregular", "split-segments", "spaced-digits", "cn-ar-mix"])
    c.variant.append(v)
    if v == "split-segments":
        slices = split_groups(n.groups, kind, c.rng, 2)
        st = c.rng.choice(["ar", "chunks", "mix"]) if c.lang != "en" else c.rng.choice(["ar", "en"])
        c.t("C", c.bk("give", kind), c.say(n, slices[0], st))
        c.t("C", c.say(n, slices[1], st), c.b("tail"), cont=True)
    else:
        st = {"irregular": "chunks", "spaced-digits": "spaced", "cn-ar-mix": "mix"}[v]
        if c.lang == "en" and st == "mix":
            st = "chunks"
        c.t("C", c.bk("give", kind), c.say(n, None, st), c.b("tail"))
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_readback(c):
    kind = c.rng.choice(["phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    c.t("C", c.bk("give", kind), c.say(n), c.b("tail"))
    v = c.rng.choice(["full", "full-misheard", "last4", "chunked", "full-misheard", "first-part"])
    c.variant.append(v)
    rstyle = c.style(n)
    if v == "full":
        c.t("A", c.b("rbq"), c.say(n, None, rstyle), c.b("rbe"))
        c.t("C", c.b("yes"))
    elif v == "full-misheard":
        lo = 3 if kind == "phone" else 0
        hi = 17 if kind == "id_number" else len(n.digits)
        dd = display_digits(n)
        if n.groups[0].startswith("+"):
            lo = len(digits_of(n.groups[0])) + (3 if n.region == "cn" else 0)
            hi = len(dd)
        wdig = mishear(c.rng, dd, lo, hi)
        gs = regroup(n.groups, wdig)
        c.t("A", c.b("rbq"), c.say(n, gs, rstyle, digits=wdig, role="misheard"), c.b("rbe"))
        pos = next(i for i, (x, y) in enumerate(zip(wdig, dd)) if x != y)
        acc = 0
        for gi, g in enumerate(n.groups):
            acc += len(digits_of(g))
            if acc > pos:
                break
        good_g = n.groups[gi]
        bad_g = gs[gi]
        if c.rng.random() < 0.5:
            if c.lang == "en":
                c.t("C", c.b("no"), "it's ", c.say(n, [good_g], rstyle), ", not ", c.say(n, [bad_g], rstyle, role="misheard"), ".")
            else:
                c.t("C", c.b("no"), "是", c.say(n, [good_g], rstyle), "，不是", c.say(n, [bad_g], rstyle, role="misheard"), "。")
        else:
            c.t("C", c.b("no"), c.rng.choice(["我再说一遍，", "重新报一下，"] if c.lang != "en" else ["let me say it again: ", "once more: "]),
                c.say(n, None, rstyle), c.b("tail"))
        c.t("A", c.b("ack"))
    elif v == "last4":
        d4 = n.digits[-4:]
        c.t("A", c.rng.choice({"zh": ["好的，", "我确认一下，"], "en": ["Thanks, so ", "OK, "], "mixed": ["OK，", "好的，"]}[c.lang]),
            c.bk("last4", kind), c.say(n, [d4], rstyle if rstyle not in ("chunks",) else "ar", digits=d4), c.b("rbe"))
        c.t("C", c.b("yes"))
    elif v == "first-part":
        g0 = n.groups[0] if len(n.groups) > 1 else n.digits[:4]
        if g0.startswith("+"):
            g0 = n.groups[1]
        c.t("A", c.rng.choice({"zh": ["抱歉没听清，", "不好意思，"], "en": ["Sorry, ", "Apologies, "], "mixed": ["Sorry，", "不好意思，"]}[c.lang]),
            c.b("partial_rb"), c.say(n, [g0], rstyle if rstyle != "chunks" else "ar"), {"zh": "，后面呢？", "en": ", and then?", "mixed": "，then？"}[c.lang])
        rest_groups = n.groups[n.groups.index(g0) + 1:] if g0 in n.groups else [n.digits[4:]]
        c.t("C", c.say(n, rest_groups, rstyle if rstyle != "chunks" else "ar"), c.b("tail"))
    else:  # chunked: agent reads group by group, customer confirms each
        gs = n.groups
        if len(gs) == 1:
            s = gs[0]
            cut = 3 if kind == "phone" else 6
            gs = [s[:cut], s[cut:cut + 4], s[cut + 4:]]
        for g in gs:
            st = rstyle if rstyle != "chunks" else "ar"
            c.t("A", c.say(n, [g], st), {"zh": "？", "en": "?", "mixed": "？"}[c.lang])
            c.t("C", c.rng.choice({"zh": ["对。", "嗯。", "对的。"], "en": ["Yes.", "Yep.", "That's right."], "mixed": ["对。", "Yes。"]}[c.lang]))
    c.maybe_negs(0, 2)
    c.close()


def ph_checkchar(c):
    n = new_id(c.rng, want_x=c.rng.random() < 0.7)
    c.nums.append(n)
    s = n.digits
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", "id_number"))
    style = c.style(n)
    if style == "chunks":
        style = "ar"
    g17 = rng_groups17(c.rng, s[:17])
    f1 = c.say(n, g17, style)
    ch = s[17]
    if ch == "X":
        xs = c.rng.choice(["X", "x", "叉", "Ｘ", "X"] if c.lang != "en" else ["X", "X", "x"])
        f2 = Frag(n, [xs], [], "X")
    else:
        f2 = c.say(n, [ch], style if style != "fw" else "ar")
    v = c.rng.choice(["same-line", "same-line", "own-turn", "next-line"])
    c.variant.append(v + ("/X" if ch == "X" else "/digit"))
    if v == "same-line":
        if c.lang == "zh":
            extra = c.rng.choice(["", "大写的", "字母"]) if ch == "X" and f2.parts[0] in "Xx" else ""
            c.t("C", c.bk("give", "id_number"), f1, "，", c.b("chk"), extra, f2, c.b("tail"))
        elif c.lang == "en":
            art = c.b("chk")
            if art.endswith("an ") and ch != "X":
                art = "and it ends in "
            c.t("C", c.bk("give", "id_number"), f1, ", ", art, f2, ".")
        else:
            c.t("C", c.bk("give", "id_number"), f1, "，", c.b("chk"), f2, "。")
    elif v == "own-turn":
        c.t("C", c.bk("give", "id_number"), f1, "…" if c.lang != "en" else "...")
        c.t("A", c.b("chkq"))
        if c.lang == "en":
            c.t("C", c.rng.choice(["It's ", "An ", "Capital ", ""]) if ch == "X" else c.rng.choice(["It's ", ""]), f2, ".")
        else:
            c.t("C", c.rng.choice(["是", "", "大写"]) if f2.parts[0] in ("X", "x") else c.rng.choice(["是", ""]), f2, "。")
    else:
        c.t("C", c.bk("give", "id_number"), f1)
        c.t("C", c.b("chk"), f2, "。" if c.lang != "en" else ".", cont=True)
    c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def rng_groups17(rng, s17):
    return rng.choice([[s17[:6], s17[6:14], s17[14:]], [s17], [s17[:6], s17[6:10], s17[10:14], s17[14:]]])


def ph_glued(c):
    kind = c.rng.choice(["phone", "phone", "phone", "bank_card", "id_number"])
    n = c.num(kind)
    c.opener()
    c.maybe_negs(0, 1)
    c.t("A", c.bk("ask", kind))
    for _ in range(30):
        f = c.say(n, [g for g in n.groups if not g.startswith("+")] if n.region != "us" else [n.digits[:3], n.digits[3:6], n.digits[6:]],
                  c.rng.choice(["glue", "glue", "en"]))
        if any(p not in EN and p != "X" for p in f.parts):
            break
    glued = [p for p in f.parts if p not in EN and p not in MULT and p != "X"]
    spaced = [p for p in f.parts if p in MULT]
    c.variant.append(("glued" if glued else "") + ("+double/triple" if spaced else ""))
    c.t("C", c.bk("give", kind), f, c.b("tail"))
    if c.rng.random() < 0.3:
        c.t("A", c.b("rbq"), c.say(n, [g for g in n.groups if not g.startswith("+")] if n.region != "us" else [n.digits[:3], n.digits[3:6], n.digits[6:]],
                                   "en"), c.b("rbe"))
        c.t("C", c.b("yes"))
    else:
        c.t("A", c.b("ack"))
    c.maybe_negs(0, 2)
    c.close()


def ph_negative(c):
    c.opener()
    v = c.rng.choice(["lookalikes", "lookalikes", "declines", "context-no-number"])
    c.variant.append(v)
    for _ in range(c.rng.randint(3, 6)):
        c.neg()
    if v == "declines":
        kind = c.rng.choice(["phone", "bank_card", "id_number"])
        c.t("A", c.bk("ask", kind))
        c.t("C", c.rng.choice({"zh": ["这个就不方便说了，你们系统里应该有。", "我现在在外面，不方便说。", "不用了，还是用原来的。"],
                               "en": ["I'd rather not say over the phone.", "It's the same as before, you should have it.", "Can I do that online instead?"],
                               "mixed": ["这个我 prefer 不在电话里说。", "还是原来那个，no change。"]}[c.lang]))
    if v == "context-no-number":
        c.neg(["ctx"])
    for _ in range(c.rng.randint(0, 2)):
        c.neg(["code", "date", "amount", "order", "acct", "count", "ref", "tracking"])
    c.close()


PHENOMENA = {
    "plain": (ph_plain, 40), "multi-number": (ph_multi, 45), "interruption": (ph_interruption, 45),
    "continuation": (ph_continuation, 35), "correction": (ph_correction, 45), "filler": (ph_filler, 40),
    "asr-chunks": (ph_chunks, 40), "readback": (ph_readback, 45), "check-char-apart": (ph_checkchar, 30),
    "glued-words": (ph_glued, 35), "negative": (ph_negative, 100),
}


# =============================================================================================
# Renderers
# =============================================================================================

def fmt_ts(t, style):
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    return f"{m:02d}:{s:02d}"


def render_text(conv, rng):
    lang = conv.lang
    a, cst = rng.choice(B[lang]["spk"])
    names = {"A": a, "C": cst}
    colon = rng.choice(["：", "："]) if lang == "zh" else rng.choice([": ", ": "]) if lang == "en" else rng.choice(["：", ": "])
    ts_style = rng.choice(["none", "none", "bracket", "plain", "after"])
    cont_bare = rng.random() < 0.5
    lines, spans = [], []
    t = rng.uniform(1, 20)
    out = ""
    for turn in conv.turns:
        t += rng.uniform(1.5, 7)
        if turn["cont"] and cont_bare:
            prefix = ""
        else:
            nm = names[turn["role"]]
            if ts_style == "bracket":
                prefix = f"[{fmt_ts(t, 'hms')}] {nm}{colon}"
            elif ts_style == "plain":
                prefix = f"{fmt_ts(t, 'hms')} {nm}{colon}"
            elif ts_style == "after":
                prefix = f"{nm} ({fmt_ts(t, 'ms')}){colon}"
            else:
                prefix = f"{nm}{colon}"
        line = prefix
        for p in turn["pieces"]:
            if isinstance(p, Frag):
                s = len(out) + len(line)
                line += p.text()
                spans.append((s, len(out) + len(line), p))
            else:
                line += p
        out += line.rstrip() + "\n"
    if rng.random() < 0.3:
        out = out.rstrip("\n")
    return out, spans


def render_vtt(conv, rng):
    lang = conv.lang
    a, cst = rng.choice(B[lang]["spk"])
    names = {"A": a, "C": cst}
    style = rng.choice(["voice", "voice", "prefix", "none"])
    cue_ids = rng.random() < 0.4
    out = "WEBVTT"
    if rng.random() < 0.3:
        out += "\nKind: captions\nLanguage: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh"}[lang]
    out += "\n\n"
    spans = []
    t = rng.uniform(0.2, 3)
    for i, turn in enumerate(conv.turns):
        nchar = sum(len(p.text()) if isinstance(p, Frag) else len(p) for p in turn["pieces"])
        dur = max(0.8, nchar * (0.22 if lang == "zh" else 0.07)) + rng.uniform(0, 0.8)
        start, end = t, t + dur
        t = end + rng.uniform(0.05, 1.2)
        if cue_ids:
            out += f"{i + 1}\n"
        out += f"{vts(start)} --> {vts(end)}\n"
        nm = names[turn["role"]]
        if style == "voice":
            line = f"<v {nm}>"
        elif style == "prefix":
            line = f"{nm}: "
        else:
            line = "- " if rng.random() < 0.2 else ""
        for p in turn["pieces"]:
            if isinstance(p, Frag):
                s = len(out) + len(line)
                line += p.text()
                spans.append((s, len(out) + len(line), p))
            else:
                line += p
        out += line.rstrip() + "\n\n"
    return out, spans


def vts(t):
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


CJK_PUNCT = "，。？！、：；…—"
TOKEN_RE = re.compile(r"[\u4e00-\u9fff\u3007]+|[^\s\u4e00-\u9fff\u3007" + CJK_PUNCT + r"]+|[" + CJK_PUNCT + r"]+")


def plain_tokens(s, rng):
    toks = []
    for m in TOKEN_RE.finditer(s):
        w = m.group()
        if re.fullmatch(r"[\u4e00-\u9fff\u3007]+", w):
            i = 0
            while i < len(w):
                k = rng.choice([1, 2, 2, 2, 3])
                toks.append(w[i:i + k]); i += k
        else:
            toks.append(w)
    return toks


def is_punct(w):
    return all(ch in CJK_PUNCT or ch in ".,?!;:-–" for ch in w)


def render_asr(conv, rng, shape):
    """segments (Whisper-like, words with leading spaces) or flat words."""
    lang = conv.lang
    segs = []
    t = rng.uniform(0.2, 2.0)
    lead = lang == "en" or rng.random() < 0.5
    for turn in conv.turns:
        toks = []   # [word, frag or None]
        for p in turn["pieces"]:
            if isinstance(p, Frag):
                for i, part in enumerate(p.parts):
                    toks.append([part, p])
                    if i < len(p.joiners):
                        j = p.joiners[i].strip()
                        if j:
                            toks[-1][0] += j
            else:
                for w in plain_tokens(p, rng):
                    if is_punct(w) and toks:
                        toks[-1][0] += w
                    elif is_punct(w):
                        continue
                    else:
                        toks.append([w, None])
        words = []
        seg_start = t
        for w, f in toks:
            if shape == "segments":
                ascii_start = w[:1].isascii() or w[:1] in "０１２３４５６７８９"
                if (lang == "en" or (ascii_start and lead)) :
                    w = " " + w
            d = round(rng.uniform(0.18, 0.55), 2)
            words.append({"word": w, "start": round(t, 2), "end": round(t + d, 2), "_frag": f})
            t += d + rng.choice([0.0, 0.02, 0.05, 0.1])
        segs.append({"role": turn["role"], "words": words, "start": round(seg_start, 2), "end": round(t, 2)})
        t += rng.uniform(0.3, 1.5)
    spk_map = {"A": "SPEAKER_00", "C": "SPEAKER_01"} if rng.random() < 0.5 else {"A": "SPEAKER_01", "C": "SPEAKER_00"}
    with_spk = rng.random() < 0.75
    frag_words = {}
    if shape == "segments":
        out_segs = []
        for si, s in enumerate(segs):
            ws = []
            for wi, w in enumerate(s["words"]):
                ws.append({"word": w["word"], "start": w["start"], "end": w["end"]})
                if w["_frag"] is not None:
                    frag_words.setdefault(id(w["_frag"]), (w["_frag"], []))[1].append([si, wi])
            seg = {"id": si, "start": s["start"], "end": s["end"], "text": "".join(x["word"] for x in ws).strip(), "words": ws}
            if with_spk:
                seg["speaker"] = spk_map[s["role"]]
            out_segs.append(seg)
        tr = {"segments": out_segs}
        if rng.random() < 0.5:
            tr["language"] = {"zh": "zh", "en": "en", "mixed": "zh"}[lang]
    else:
        flat = []
        for s in segs:
            for w in s["words"]:
                rec = {"word": w["word"], "start": w["start"], "end": w["end"]}
                if with_spk:
                    rec["speaker"] = int(spk_map[s["role"]][-1])
                if w["_frag"] is not None:
                    frag_words.setdefault(id(w["_frag"]), (w["_frag"], []))[1].append(len(flat))
                flat.append(rec)
        if rng.random() < 0.4:
            for rec in flat:
                rec["confidence"] = round(rng.uniform(0.6, 0.99), 2)
        tr = {"words": flat}
    ents = []
    for _, (f, ks) in frag_words.items():
        ents.append((f, ks))
    return tr, ents


# =============================================================================================
# Building and checking a case
# =============================================================================================

class Retry(Exception):
    pass


def check_reads(text, f, where):
    got = read_digits(text)
    assert got == f.digits, f"{where}: label {text!r} reads {got!r}, built from {f.digits!r}"
    n = f.num
    if f.role == "part":
        assert any(f.digits in a for a in n.alts), f"{where}: {f.digits} not part of {n.digits}"
    elif f.role == "misheard":
        if any(f.digits in a for a in n.alts):
            raise Retry("misheard part happens to be a part of the number")
    assert f.last4_ok == (f.kind == "phone" and len(f.digits) >= 4 and f.digits[-4:] == n.digits[-4:])


def check_nums(nums):
    for n in nums:
        if n.kind == "id_number":
            assert id_valid(n.digits), n.digits
        elif n.kind == "bank_card":
            assert luhn_ok(n.digits) and 15 <= len(n.digits) <= 19, n.digits
        elif n.region == "cn":
            assert re.fullmatch(r"1[3-9]\d{9}", n.digits), n.digits
        elif n.region == "uk":
            assert re.fullmatch(r"07\d{9}", n.digits)
        else:
            assert re.fullmatch(r"[2-9]\d{9}", n.digits)


def check_unlabelled(texts, frags, positive):
    """texts: strings of unlabelled material (labels replaced by \\x00)."""
    labelled = set()
    for f in frags:
        labelled.add(f.digits)
        labelled |= f.num.alts
    for s in texts:
        for run in digit_runs(s):
            if looks_personal(run):
                raise Retry(f"unlabelled run looks personal: {run}")
            if positive and len(run) >= 4 and any(run in d for d in labelled):
                raise Retry(f"unlabelled run {run} is part of a labelled number")


def neighbour_ok(text, s, e):
    def readable(ch):
        return ch.isdigit() or ch in CN or (ch.isascii() and ch.isalpha()) or "０" <= ch <= "９"
    return not (s > 0 and readable(text[s - 1])) and not (e < len(text) and readable(text[e]))


def build_case(idx, phen, lang, fmt, seed):
    builder = PHENOMENA[phen][0]
    for attempt in range(60):
        rng = random.Random(f"{seed}:{idx}:{attempt}")
        dom = rng.choice(sorted(DOMAINS))
        conv = Conv(rng, lang, fmt, dom)
        builder(conv)
        check_nums(conv.nums)
        cid = f"blind-{idx:04d}"
        rec = {"id": cid, "set": "blind", "phenomenon": phen, "lang": lang, "format": fmt}
        frags = [p for t in conv.turns for p in t["pieces"] if isinstance(p, Frag)]
        assert (phen == "negative") == (not frags)
        try:
            if fmt in ("text", "vtt"):
                text, spans = (render_text if fmt == "text" else render_vtt)(conv, rng)
                labs = []
                masked = list(text)
                for s, e, f in spans:
                    seg = text[s:e]
                    assert seg == f.text() and "\n" not in seg and seg.strip() == seg, (cid, seg)
                    assert neighbour_ok(text, s, e), (cid, text[max(0, s - 5):e + 5])
                    check_reads(seg, f, cid)
                    labs.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok})
                    for i in range(s, e):
                        masked[i] = "\x00"
                check_unlabelled("".join(masked).split("\n"), frags, bool(frags))
                rec["variant"] = f"{dom}/" + "/".join(conv.variant)
                if fmt == "text":
                    rec["text"] = text
                else:
                    rec["transcript_text"] = text
                rec["spans"] = labs
            else:
                shape = "segments" if rng.random() < 0.6 else "words"
                tr, ents = render_asr(conv, rng, shape)
                labs = []
                keyed = set()
                for f, ks in ents:
                    ws = [tr["segments"][k[0]]["words"][k[1]]["word"] if shape == "segments" else tr["words"][k]["word"] for k in ks]
                    check_reads(" ".join(ws), f, cid)
                    labs.append({"kind": f.kind, "last4_ok": f.last4_ok, "words": ks})
                    keyed |= {tuple(k) if isinstance(k, list) else k for k in ks}
                assert len(ents) == len(frags)
                if shape == "segments":
                    texts = []
                    for si, sg in enumerate(tr["segments"]):
                        assert sg["text"] == "".join(w["word"] for w in sg["words"]).strip()
                        texts.append(" ".join("\x00" if (si, wi) in keyed else w["word"].strip() for wi, w in enumerate(sg["words"])))
                else:
                    texts = [" ".join("\x00" if i in keyed else w["word"] for i, w in enumerate(tr["words"]))]
                check_unlabelled(texts, frags, bool(frags))
                rec["variant"] = f"{dom}/{shape}/" + "/".join(conv.variant)
                rec["transcript"] = tr
                rec["entities"] = labs
        except Retry:
            continue
        return rec
    raise RuntimeError(f"could not build case {idx} ({phen}/{lang}/{fmt})")


def spread(items_weights, n, rng):
    """n labels with the given proportions, shuffled."""
    tot = sum(w for _, w in items_weights)
    res = []
    acc = 0.0
    for it, w in items_weights:
        acc += w / tot * n
        while len(res) < round(acc):
            res.append(it)
    while len(res) < n:
        res.append(items_weights[0][0])
    rng.shuffle(res)
    return res


def generate(seed):
    rng = random.Random(seed)
    plan = []
    for phen, (_, count) in PHENOMENA.items():
        if phen == "glued-words":
            langs = spread([("en", 70), ("mixed", 30)], count, rng)
        elif phen == "check-char-apart":
            langs = spread([("zh", 60), ("en", 20), ("mixed", 20)], count, rng)
        else:
            langs = spread([("zh", 47), ("en", 39), ("mixed", 14)], count, rng)
        if phen == "asr-chunks":
            fmts = spread([("asr-json", 70), ("text", 15), ("vtt", 15)], count, rng)
        else:
            fmts = spread([("text", 53), ("asr-json", 21), ("vtt", 26)], count, rng)
        for l, f in zip(langs, fmts):
            plan.append((phen, l, f))
    rng.shuffle(plan)
    cases = []
    for i, (phen, lang, fmt) in enumerate(plan, 1):
        cases.append(build_case(i, phen, lang, fmt, seed))
    return cases


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    cases = generate(args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for c in cases:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    from collections import Counter
    print(f"wrote {len(cases)} cases to {args.out}")
    for key in ("phenomenon", "format", "lang"):
        print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(c[key] for c in cases).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
