#!/usr/bin/env python3
"""Writes Tests/VaultRedactTests/Fixtures/conversations-street.jsonl: the `street` set.

A sixth, independent author's evaluation set for `callvault redact` (read by
Tools/eval_redact_conversations.py --set street). Written from how call-centre calls go, without
looking at the redactor or the other generators. Deterministic: the same seed writes the same file.

    python3 Tools/gen_redact_street.py [--out PATH] [--seed N]

About 400 calls: Chinese, English and code-switched; plain text, word-timed ASR JSON (flat `words`
with start_ms/end_ms, or Whisper `segments`) and WebVTT; telecom, banking, insurance, delivery,
utilities, government hotline, hospital, car rental, e-commerce and airline calls. A quarter are hard
negatives (order and tracking numbers, amounts, dates, times, zip codes, extensions, ticket numbers,
hotlines, checksum-invalid example numbers, numbers asked for but not given).

Labelling conventions
---------------------
* A fragment is one contiguous piece of a sensitive number said in one place (one turn, one line,
  one cue). Its span runs from the first digit / numeral / number word of the piece to its last
  one, with the separators and fillers ("呃", "uh") said inside the piece; a lead "+", "加" or
  "plus" and a surrounding label are outside it. In asr-json a fragment is the list of its words
  (it may run over a Whisper segment boundary when the ASR cut the number there).
* Every piece is labelled: first and later pieces across turns, the customer's wrong digits before a
  correction and both digits of "5 not 6", the agent's read-backs (full or partial: the last four,
  the first group, a single group) and the agent's "was it X or Y" candidates, a check character said
  apart.
* Kinds: phone (mobiles, landlines with area code, +86/0086, foreign), id_number (PRC resident ID,
  valid MOD 11-2), bank_card (Luhn-valid 16-19 digits; also a bank account number asked for a
  payout). last4_ok is set only on phone fragments that end with the number's final digit (a
  piece ending earlier, or a wrong version, may not show its last digits).
* Generated numbers: mobiles use real 1[3-9]x prefixes, IDs a real-looking region code, a valid birth
  date and the MOD 11-2 check character, cards a bank BIN and the Luhn digit. Harmless long digit
  strings are kept Luhn-invalid (15-19 digits), ID-invalid (18) and never mobile-shaped (11).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-street.jsonl")
SET = "street"
SEED = 20260611

R = random.Random(SEED)


def pick(seq):
    return seq[R.randrange(len(seq))]


def chance(p):
    return R.random() < p


def wpick(pairs):
    total = sum(w for _, w in pairs)
    x = R.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# ============================================================================================
# Numbers
# ============================================================================================

DIG = "0123456789"
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


def id_check(body17):
    return ID_C[sum(int(a) * b for a, b in zip(body17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


def luhn_digit(body):
    s = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def luhn_valid(s):
    return s.isdigit() and luhn_digit(s[:-1]) == s[-1]


def rdigits(n, rep=0.16):
    out = []
    for _ in range(n):
        if out and chance(rep):
            out.append(out[-1])
        else:
            out.append(pick(DIG))
    return "".join(out)


MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
                   "151", "152", "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176",
                   "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
                   "193", "195", "196", "197", "198", "199"]
REGIONS = ["110101", "110105", "110108", "120103", "130102", "140105", "210102", "220102", "230103", "310104",
           "310115", "320102", "320506", "330106", "330203", "340104", "350203", "360102", "370202", "410105",
           "420106", "430104", "440106", "440305", "450103", "500103", "510104", "530102", "610113", "620102"]
AREAS3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREAS4 = ["0571", "0755", "0512", "0531", "0591", "0731", "0871", "0451", "0574", "0769", "0898", "0351", "0532"]
BINS = [("622202", 19), ("621700", 19), ("622848", 19), ("621661", 19), ("622262", 19), ("623668", 19),
        ("621483", 16), ("622588", 16), ("625809", 16), ("622155", 16), ("4", 16), ("51", 16), ("53", 16),
        ("6259", 16), ("620522", 18), ("940027", 17), ("622908", 18)]


TRACE = {"nums": [], "frags": [], "emitted": []}   # per case, in memory only (for checks of the written labels)


class Num:
    """A sensitive number: its characters and the groups it is usually said in."""

    def __init__(self, kind, groups, lead="", sub="", seps=None):
        TRACE["nums"].append(self)
        self.kind = kind
        self.groups = list(groups)
        self.digits = "".join(groups)
        self.lead = lead          # "+" (said "plus"/"加") or "(" (written only)
        self.sub = sub
        self.seps = seps          # canonical written separators between groups


def mobile_digits():
    while True:
        d = pick(MOBILE_PREFIXES) + rdigits(8)
        return d


def make_mobile():
    d = mobile_digits()
    g = wpick([([d[:3], d[3:7], d[7:]], 8), ([d[:3], d[3:6], d[6:]], 1), ([d[:4], d[4:7], d[7:]], 1)])
    return Num("phone", g, sub="mobile")


def make_landline():
    if chance(0.5):
        area, local = pick(AREAS3), pick("2345678") + rdigits(7)
    else:
        area, local = pick(AREAS4), pick("2345678") + rdigits(pick([6, 7]))
    return Num("phone", [area, local[:len(local) - 4], local[-4:]], sub="landline")


def make_plus86():
    d = mobile_digits()
    if chance(0.65):
        return Num("phone", ["86", d[:3], d[3:7], d[7:]], lead="+", sub="plus86")
    return Num("phone", ["0086", d[:3], d[3:7], d[7:]], sub="0086")


def make_foreign():
    t = pick(["us", "us", "uk", "ukm", "hk", "sg", "jp"])
    if t == "us":
        area = pick("23456789") + rdigits(2)
        last = "01" + rdigits(2)
        if chance(0.5):
            return Num("phone", ["1", area, "555", last], lead="+", sub="us")
        return Num("phone", [area, "555", last], lead="(", sub="us-local", seps=[") ", "-"])
    if t == "uk":
        return Num("phone", ["44", "20", "7946", "0" + rdigits(3)], lead="+", sub="uk")
    if t == "ukm":
        return Num("phone", ["07700", "900", rdigits(3)], sub="uk-mobile")
    if t == "hk":
        return Num("phone", ["852", pick("569") + rdigits(3), rdigits(4)], lead="+", sub="hk")
    if t == "sg":
        return Num("phone", ["65", pick("89") + rdigits(3), rdigits(4)], lead="+", sub="sg")
    return Num("phone", ["81", pick(["90", "80", "70"]), rdigits(4), rdigits(4)], lead="+", sub="jp")


def birth_date():
    start = datetime.date(1950, 1, 1).toordinal()
    end = datetime.date(2005, 12, 31).toordinal()
    return datetime.date.fromordinal(R.randint(start, end)).strftime("%Y%m%d")


def make_id(force_x=None):
    while True:
        body = pick(REGIONS) + birth_date() + rdigits(3, rep=0.1)
        d = body + id_check(body)
        if force_x is True and d[-1] != "X":
            continue
        if force_x is False and d[-1] == "X":
            continue
        break
    g = wpick([([d[:6], d[6:14], d[14:]], 55), ([d[:6], d[6:10], d[10:14], d[14:]], 25),
               ([d[:3], d[3:6], d[6:10], d[10:14], d[14:]], 10), ([d[:6], d[6:12], d[12:]], 10)])
    return Num("id_number", g, sub="id")


def make_card(length=None):
    bins = [b for b in BINS if length is None or b[1] == length] or BINS
    b, n = pick(bins)
    body = b + rdigits(n - len(b) - 1)
    d = body + luhn_digit(body)
    assert luhn_valid(d)
    if n == 16:
        g = [d[i:i + 4] for i in range(0, 16, 4)]
    elif n == 19:
        g = wpick([([d[0:4], d[4:8], d[8:12], d[12:16], d[16:]], 6), ([d[:6], d[6:12], d[12:]], 2),
                   ([d[0:4], d[4:8], d[8:12], d[12:]], 2)])
    else:
        g = [d[0:4], d[4:8], d[8:12], d[12:]]
    return Num("bank_card", g, sub="card%d" % n)


def make_phone(lang, prefer=None):
    if prefer == "landline":
        return make_landline()
    if prefer == "mobile":
        return make_mobile()
    if lang == "zh":
        f = wpick([(make_mobile, 72), (make_landline, 14), (make_plus86, 8), (make_foreign, 6)])
    elif lang == "en":
        f = wpick([(make_foreign, 45), (make_mobile, 25), (make_plus86, 15), (make_landline, 15)])
    else:
        f = wpick([(make_mobile, 45), (make_foreign, 25), (make_plus86, 20), (make_landline, 10)])
    return f()


def make_num(kind, lang, prefer=None, force_x=None):
    if kind == "phone":
        return make_phone(lang, prefer)
    if kind == "id_number":
        return make_id(force_x)
    return make_card()


def harmless_ok(d):
    """A harmless digit string must not look like a sensitive number."""
    if len(d) == 11 and re.fullmatch(r"1[3-9]\d{9}", d):
        return False
    if 15 <= len(d) <= 19 and luhn_valid(d):
        return False
    if len(d) == 18 and id_valid(d):
        return False
    return True


def hdigits(n, first=None):
    while True:
        d = (first or "") + rdigits(n - len(first or ""), rep=0.1)
        if d[0] == "0" and first is None:
            continue
        if harmless_ok(d):
            return d


# ============================================================================================
# Speaking numbers
# ============================================================================================

CN_DIG = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN_DIG = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}
FW = {d: chr(0xFF10 + int(d)) for d in DIG}


class Style:
    """How one speaker says one number."""

    def __init__(self, lang, base, kind, sep=None, asr=None, comp=None, fillers=None, fill_p=0.0):
        self.lang = lang
        self.base = base      # ar fw cn mix words glued mixlang
        self.kind = kind
        self.zero_cn = "〇" if chance(0.25) else "零"
        self.one_cn = "幺" if chance(0.8 if kind == "phone" else 0.35) else "一"
        self.two_cn = "两" if chance(0.15) else "二"
        self.zero_en = "oh" if chance(0.55) else "zero"
        self.x_cn = wpick([("X", 6), ("叉", 3), ("x", 1)])
        self.comp = comp if comp is not None else (0.45 if base in ("words", "glued") else 0.08)
        self.fillers = fillers
        self.fill_p = fill_p
        self._subs = {}
        if sep is None:
            sep = self.default_sep()
        self.sep = sep
        if asr is None:
            if base in ("ar", "fw"):
                asr = wpick([("group", 5), ("atom", 2), ("whole", 2)])
            elif base == "cn":
                asr = wpick([("atom", 5), ("group", 5)])
            else:
                asr = wpick([("group", 7), ("atom", 3)])
        self.asr = asr
        self.seps = None

    def default_sep(self):
        if self.lang == "zh" or (self.lang == "mixed" and self.base in ("cn", "ar", "fw")):
            if self.base in ("cn",):
                return pick(["", "，", " ", "、", "，"])
            return pick(["", " ", " ", "-", "，", " "])
        if self.base in ("words",):
            return pick([", ", " ", " - ", "... ", ", "])
        if self.base == "glued":
            return pick([" ", " - ", ", "])
        if self.base == "mixlang":
            return pick([" ", ", ", " "])
        return pick([" ", "-", " ", ", ", " "])

    def sub(self, gi):
        if self.base == "mix":
            if gi not in self._subs:
                self._subs[gi] = pick(["ar", "cn"])
            return self._subs[gi]
        if self.base == "mixlang":
            if gi not in self._subs:
                self._subs[gi] = pick(["ar", "cn", "words"])
            return self._subs[gi]
        if self.base == "enmix":
            if gi not in self._subs:
                self._subs[gi] = pick(["ar", "words"])
            return self._subs[gi]
        return self.base

    def dchar(self, d, sub):
        if d in "Xx":
            if sub == "fw":
                return "Ｘ"
            if sub == "cn":
                return self.x_cn
            return "X" if chance(0.85) else "x"
        if sub == "ar":
            return d
        if sub == "fw":
            return FW[d]
        if sub == "cn":
            if d == "0":
                return self.zero_cn
            if d == "1":
                return self.one_cn
            if d == "2":
                return self.two_cn
            return CN_DIG[d]
        if d == "0":
            return self.zero_en if chance(0.85) else ("zero" if self.zero_en == "oh" else "oh")
        return EN_DIG[d]


def choose_style(lang, kind, speaker="C", base=None, **kw):
    if base is None:
        if lang == "zh":
            base = wpick([("ar", 42), ("cn", 30), ("mix", 14), ("fw", 7)])
        elif lang == "en":
            base = wpick([("ar", 34), ("words", 50), ("enmix", 16)])
        else:
            base = wpick([("ar", 34), ("cn", 14), ("words", 18), ("mixlang", 26), ("mix", 8)])
    return Style(lang, base, kind, **kw)


def render_group(g, sub, st):
    atoms = []
    i = 0
    while i < len(g):
        d = g[i]
        run = 1
        while i + run < len(g) and g[i + run] == d and run < 3:
            run += 1
        zh_like = st.lang == "zh" or (st.lang == "mixed" and sub == "cn")
        if d not in "Xx" and run >= 2 and (sub in ("words", "glued") or zh_like) and chance(st.comp):
            if sub in ("words", "glued"):
                atoms += ["double" if run == 2 else "triple", st.dchar(d, sub)]
            else:
                atoms.append(("两个" if run == 2 else "三个") + st.dchar(d, sub))
            i += run
        else:
            atoms.append(st.dchar(d, sub))
            i += 1
    return atoms


ZH_FILL_SEPS = ["，呃，", "…嗯…", " 呃 ", "，那个，", "，嗯，", "……"]
EN_FILL_SEPS = [", uh, ", "... um, ", ", er, ", " uh ", ", um, "]


class BRk:
    def __repr__(self):
        return "BR"


BR = BRk()   # a line / cue / segment break inside one speaker's turn


class Frag:
    def __init__(self, kind, digits, text, toks, last4, lead_text="", lead_toks=()):
        self.kind = kind
        self.digits = digits        # what the piece says (check character X included)
        self.text = text            # the span's characters in text and vtt
        self.toks = toks            # ASR words (may hold BR: a segment cut inside the piece)
        self.last4 = last4
        self.lead_text = lead_text  # said before the piece, outside the span
        self.lead_toks = list(lead_toks)
        TRACE["frags"].append(self)


def speak(groups, st, asr_cut=None):
    """(text, tokens) of groups said in style st. asr_cut: index of a group before which the ASR
    starts a new segment."""
    gtexts, gtoks, subs = [], [], []
    for gi, g in enumerate(groups):
        sub = st.sub(gi)
        if sub == "glued" and any(ch in "Xx" for ch in g):
            sub = "words"
        atoms = render_group(g, sub, st)
        glue = " " if sub == "words" else ""
        text = glue.join(atoms)
        if sub == "words":
            toks = list(atoms)
        elif sub == "glued":
            toks = [text]
        elif st.asr == "atom":
            toks = list(atoms)
        else:
            toks = [text]
        gtexts.append(text)
        gtoks.append(toks)
        subs.append(sub)
    text = gtexts[0]
    toks = list(gtoks[0])
    for gi in range(1, len(groups)):
        if st.fillers and chance(st.fill_p):
            f = pick(st.fillers)
            if st.lang == "en" or (st.lang == "mixed" and subs[gi] == "words"):
                fs = pick(EN_FILL_SEPS)
            else:
                fs = pick(ZH_FILL_SEPS)
            fw = re.sub(r"[，…,. ]", "", fs)
            text += fs
            if asr_cut == gi:
                toks.append(BR)
            if fw:
                toks.append(fw)
        else:
            sep = st.seps[gi - 1] if st.seps and len(st.seps) == len(groups) - 1 else st.sep
            if sep == "" and (subs[gi] in ("words", "glued") or subs[gi - 1] in ("words", "glued")):
                sep = " "
            if sep == "" and subs[gi] != subs[gi - 1] and st.lang != "zh" and chance(0.5):
                sep = " "
            text += sep
            if asr_cut == gi:
                toks.append(BR)
        text += gtexts[gi]
        toks += gtoks[gi]
    if st.asr == "whole" and all(s in ("ar", "fw") for s in subs) and asr_cut is None:
        toks = ["".join(gtexts)]
    return text, toks, subs


def make_frag(num, groups, st, tail=None, with_lead=None, asr_cut=None):
    digits = "".join(groups)
    if tail is None:
        tail = num.digits.endswith(digits) and len(digits) > 0 and groups[-1] == num.groups[-1]
    if with_lead is None:
        with_lead = num.digits.startswith(digits)
    text, toks, subs = speak(groups, st, asr_cut)
    lead_text, lead_toks = "", []
    if with_lead and num.lead == "+":
        s0 = subs[0]
        if s0 in ("ar", "fw"):
            lead_text = "+"
            if st.asr == "atom":
                lead_toks = ["+"]
            else:
                toks[0] = "+" + toks[0]
        elif s0 == "cn":
            lead_text, lead_toks = "加", ["加"]
        else:
            lead_text, lead_toks = "plus ", ["plus"]
    elif with_lead and num.lead == "(" and subs[0] == "ar" and st.seps:
        lead_text = "("
        toks[0] = "(" + toks[0]
    return Frag(num.kind, digits, text, toks, num.kind == "phone" and tail, lead_text, lead_toks)


def digit_frag(num, d, st, kind=None):
    """A single digit (a correction) as its own fragment."""
    sub = st.sub(0) if st.base not in ("mix", "mixlang", "enmix") else pick(
        ["ar", "cn"] if st.lang == "zh" else (["ar", "words"] if st.lang == "en" else ["ar", "cn", "words"]))
    if sub == "glued":
        sub = "words"
    t = st.dchar(d, sub)
    return Frag(kind or num.kind, d, t, [t], False)


def x_frag(st, lang):
    if lang == "zh":
        t = wpick([("X", 5), ("叉", 3), ("Ｘ", 1), ("x", 1)])
    elif lang == "en":
        t = wpick([("X", 8), ("x", 2)])
    else:
        t = wpick([("X", 6), ("x", 2), ("叉", 1), ("Ｘ", 1)])
    return Frag("id_number", "X", t, [t], False)


def split_pieces(groups, k):
    chunks = list(groups)
    while len(chunks) < k:
        i = max(range(len(chunks)), key=lambda j: len(chunks[j]))
        c = chunks[i]
        if len(c) < 2:
            break
        m = len(c) // 2 + (R.randint(-1, 1) if len(c) > 4 else 0)
        m = min(max(1, m), len(c) - 1)
        chunks[i:i + 1] = [c[:m], c[m:]]
    k = min(k, len(chunks))
    cuts = sorted(R.sample(range(1, len(chunks)), k - 1))
    pieces, prev = [], 0
    for c in cuts + [len(chunks)]:
        pieces.append(chunks[prev:c])
        prev = c
    return pieces


def regroup(digits, sizes):
    out, i = [], 0
    for s in sizes:
        if i >= len(digits):
            break
        out.append(digits[i:i + s])
        i += s
    if i < len(digits):
        out.append(digits[i:])
    return out


# ============================================================================================
# Harmless numbers
# ============================================================================================

def cn_value(n):
    """Chinese reading of an integer value (0 < n < 100000)."""
    def under10k(x, lead_zero=False):
        s = ""
        units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
        zero = False
        started = False
        for u, name in units:
            q = x // u % 10
            if q == 0:
                if started or lead_zero:
                    zero = True
                continue
            if zero and (started or lead_zero):
                s += "零"
            zero = False
            if u == 10 and q == 1 and not started and not lead_zero:
                s += "十"
            else:
                s += ("两" if q == 2 and u >= 100 and chance(0.5) else CN_DIG[str(q)]) + name
            started = True
        return s
    if n >= 10000:
        hi, lo = divmod(n, 10000)
        return under10k(hi) + "万" + (under10k(lo, lead_zero=lo < 1000) if lo else "")
    return under10k(n)


EN_ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth"]
EN_MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"]


def ord_suffix(d):
    return "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def zh_ord(k):
    if k <= 10:
        return "十" if k == 10 else CN_DIG[str(k)]
    return "十" + CN_DIG[str(k - 10)]


def spaced(d, size=4):
    return " ".join(d[i:i + size] for i in range(0, len(d), size))


H_ZH = {
    "wid": lambda: str(R.randint(1000, 9999)),
    "amount": lambda: wpick([(lambda: "%d元" % R.randint(20, 9999), 3),
                             (lambda: "%d块%d" % (R.randint(10, 999), R.randint(1, 9)), 2),
                             (lambda: "%d.%02d元" % (R.randint(10, 5000), R.randint(0, 99)), 2),
                             (lambda: "¥%s" % format(R.randint(100, 30000), ","), 1),
                             (lambda: cn_value(R.randint(30, 20000)) + "块", 2)])(),
    "date": lambda: wpick([(lambda: "%d月%d号" % (R.randint(1, 12), R.randint(1, 28)), 4),
                           (lambda: "%d年%d月%d日" % (R.randint(2022, 2026), R.randint(1, 12), R.randint(1, 28)), 2),
                           (lambda: "上周" + pick("一二三四五六日"), 1),
                           (lambda: cn_value(R.randint(1, 12)) + "月" + cn_value(R.randint(1, 28)) + "号", 1)])(),
    "time": lambda: wpick([(lambda: "%d点" % R.randint(8, 11), 1), (lambda: "下午%d点半" % R.randint(1, 5), 1),
                           (lambda: "%d:%02d" % (R.randint(8, 20), pick([0, 15, 30, 45, 10, 50])), 2),
                           (lambda: "晚上" + cn_value(R.randint(6, 9)) + "点多", 1)])(),
    "gb": lambda: str(pick([10, 20, 30, 40, 60, 100])),
    "pct": lambda: pick(["0.%d%%" % R.randint(5, 95), "百分之" + cn_value(R.randint(1, 9)), "%d%%" % R.randint(1, 5)]),
    "ticket": lambda: pick(["GD%02d%02d%02d%04d" % (R.randint(24, 26), R.randint(1, 12), R.randint(1, 28), R.randint(0, 9999)),
                            "%02d%02d-%04d-%02d" % (R.randint(24, 26), R.randint(1, 12), R.randint(0, 9999), R.randint(0, 99)),
                            "BA" + hdigits(10)]),
    "hotline": lambda: pick(["95588", "10086", "10010", "10000", "12345", "95598", "95511", "95533"]),
    "n_period": lambda: str(pick([3, 6, 12, 24])),
    "n_days": lambda: pick(["3", "5", "7", "十五", "三到五"]),
    "n_years": lambda: pick(["3", "5", "两", "八"]),
    "policy": lambda: "P" + hdigits(16),
    "plate": lambda: pick(["沪", "京", "粤", "浙", "苏"]) + pick("ABCDEK") + pick(["%05d" % R.randint(0, 99999),
                                                                      "%d%s%03d" % (R.randint(1, 9), pick("DFGHJ"), R.randint(0, 999))]),
    "kg": lambda: str(R.randint(1, 30)),
    "qty": lambda: pick(["两箱", "3件", "五件", "4盒", "两袋"]),
    "zip": lambda: pick(["100", "200", "310", "510", "430", "610", "210"]) + "%03d" % R.randint(0, 999),
    "track": lambda: pick(["SF" + hdigits(13), "YT" + hdigits(13), "JDVA" + hdigits(11), hdigits(14, "7"),
                           "中通" + hdigits(12, "75")]),
    "acct_util": lambda: hdigits(10, pick(["3", "5", "7"])),
    "kwh": lambda: str(R.randint(120, 900)),
    "price": lambda: "0.%d" % R.randint(480, 620),
    "meter": lambda: "%d.%d" % (R.randint(800, 4000), R.randint(0, 9)),
    "n": lambda: str(R.randint(2, 12)),
    "floor": lambda: str(R.randint(1, 12)),
    "room": lambda: str(R.randint(1, 30)),
    "qno": lambda: str(R.randint(1, 80)),
    "bed": lambda: str(R.randint(1, 40)),
    "car": lambda: pick(["大众朗逸", "丰田卡罗拉", "别克GL8", "日产轩逸", "本田雅阁"]),
    "order": lambda: order_number("zh"),
    "addr": lambda: pick(["浦东机场T2", "虹桥站北广场", "天河区体育西路%d号" % R.randint(1, 300), "南京南站"]),
    "km": lambda: str(R.randint(8000, 90000)),
    "flight": lambda: pick(["MU", "CA", "CZ", "HU", "FM"]) + str(R.randint(1000, 9999)),
    "ticketno": lambda: "781-" + hdigits(10),
    "bagtag": lambda: pick(["MU", "CA"]) + hdigits(6),
    "agent_name": lambda: pick(["小张", "小王", "李敏", "陈晨", "小刘"]),
    "ext": lambda: str(R.randint(200, 8999)),
    "dept": lambda: pick(["理赔部", "信用卡中心", "售后组", "技术支持", "投诉专席"]),
}

H_EN = {
    "wid": lambda: str(R.randint(1000, 9999)),
    "amount": lambda: wpick([(lambda: "$%s.%02d" % (format(R.randint(10, 4000), ","), R.randint(0, 99)), 4),
                             (lambda: "%d dollars" % R.randint(20, 900), 2), (lambda: "£%d" % R.randint(20, 900), 1),
                             (lambda: pick(["forty-two", "sixty", "a hundred and twelve", "three hundred"]) + " bucks", 1)])(),
    "date": lambda: wpick([(lambda: "%s %d" % (pick(EN_MONTH), R.randint(1, 28)), 3),
                           (lambda: (lambda d: "the %d%s" % (d, ord_suffix(d)))(R.randint(1, 28)), 2),
                           (lambda: "last " + pick(["Tuesday", "Friday", "Monday"]), 1),
                           (lambda: "%02d/%02d" % (R.randint(1, 12), R.randint(1, 28)), 1)])(),
    "time": lambda: pick(["%d:%02d" % (R.randint(8, 11), pick([0, 15, 30, 45])), "%d a.m." % R.randint(8, 11),
                          "%d:%02d pm" % (R.randint(1, 6), pick([0, 15, 30])), "noon", "around %d" % R.randint(2, 5)]),
    "gb": lambda: str(pick([5, 10, 15, 25, 50])),
    "pct": lambda: "%d%%" % R.randint(5, 30),
    "ticket": lambda: pick(["CS-" + hdigits(6), hdigits(8), "INC" + hdigits(7), "%d-%s" % (R.randint(10, 99), hdigits(5))]),
    "hotline": lambda: pick(["311", "our main line", "the number on the back of your card"]),
    "n_days": lambda: pick(["3", "5", "7 to 10", "ten"]),
    "policy": lambda: pick(["HX-%s-%s" % (hdigits(4), hdigits(6)), pick(["AUT", "HOM", "LIF"]) + hdigits(7)]),
    "plate_en": lambda: "%d%s%03d" % (R.randint(1, 9), "".join(pick("BCDFGHJKLMNPRSTVWZ") for _ in range(3)), R.randint(0, 999)),
    "kg": lambda: str(R.randint(2, 60)),
    "qty": lambda: pick(["2", "three", "4", "two"]),
    "zip": lambda: pick(["94107", "10016", "60611", "73301", "02139", "98101"]) + pick(["", "", "-%04d" % R.randint(0, 9999)]),
    "track": lambda: pick(["1Z%s%s" % ("".join(pick("ABCDEFGHJKRW0123456789") for _ in range(6)), hdigits(10)),
                           spaced(hdigits(12)), "9400 " + spaced(hdigits(18)), "TBA" + hdigits(12)]),
    "kwh": lambda: str(R.randint(300, 1600)),
    "n": lambda: str(R.randint(2, 12)),
    "room": lambda: str(R.randint(100, 420)),
    "car": lambda: pick(["Toyota Corolla", "Ford Escape", "Kia Soul", "Nissan Rogue", "Chevy Malibu"]),
    "order": lambda: order_number("en"),
    "km": lambda: format(R.randint(8000, 60000), ","),
    "flight": lambda: pick(["UA", "DL", "AA", "BA", "CX"]) + str(R.randint(10, 2999)),
    "conf": lambda: "".join(pick("BCDFGHJKLMNPQRSTVWXZ23456789") for _ in range(6)),
    "pnr": lambda: "".join(pick("BCDFGHJKLMNPQRSTVWZ2345679") for _ in range(6)),
    "street": lambda: pick(["Oak Street", "5th Avenue", "Main Street", "Harbor Road", "12th Street"]),
    "ext": lambda: str(R.randint(200, 8999)),
    "dept": lambda: pick(["claims", "the fraud team", "billing", "tech support", "retentions"]),
    "agent_name": lambda: pick(["Dana", "Mark", "Priya", "Leo", "Rosa"]),
    "ordinal": lambda: (lambda d: "%d%s" % (d, ord_suffix(d)))(R.randint(1, 28)),
    "floor": lambda: str(R.randint(1, 9)),
    "price": lambda: "%d cents" % R.randint(11, 30),
    "meter": lambda: str(R.randint(1000, 9999)),
}


def order_number(lang, lookalike=None):
    """Order numbers, some with the prefix of a card or a mobile (checksums and lengths kept harmless)."""
    if lookalike is None:
        lookalike = chance(0.4)
    if lookalike:
        t = pick(["card", "mobile", "date"])
        if t == "card":
            d = hdigits(pick([16, 18, 19]), pick(["6222", "6217", "6228", "4"]))
            return spaced(d) if chance(0.4) else d
        if t == "mobile":
            d = hdigits(pick([12, 13, 14]), pick(MOBILE_PREFIXES))
            return d
        return hdigits(16, "2025" + "%02d" % R.randint(1, 12))
    if lang == "zh":
        return pick([hdigits(12, "2"), "DD" + hdigits(14), hdigits(19, "3"), "E" + hdigits(15)])
    return pick(["112-%s-%s" % (hdigits(7), hdigits(7)), "#" + hdigits(6), "W" + hdigits(9), hdigits(10, "2")])


def example_id():
    while True:
        body = pick(["110101", "440305", "310104"]) + pick(["19900307", "19800101", "20000101"]) + pick(["123", "001", "456"])
        c = pick("0123456789X")
        if c != id_check(body) and not luhn_valid(body + c) and not luhn_valid(body):
            return body + c


def example_card():
    while True:
        d = pick(["6222", "4000", "6217"]) + rdigits(12)
        if not luhn_valid(d):
            return spaced(d)


def H(lang, name):
    if lang == "mixed":
        lang = pick(["zh", "en"])
    table = H_ZH if lang == "zh" else H_EN
    f = table.get(name) or (H_EN if table is H_ZH else H_ZH)[name]
    return f()


# ============================================================================================
# Phrase pools
# ============================================================================================

POOL = {
    "zh": {
        "ask_phone": ["请问您的手机号是多少？", "麻烦留一个联系电话，师傅上门前会先打给您。@@telecom,utilities,delivery",
                      "您注册时候预留的手机号码报一下可以吗？", "回访电话留哪个号码？", "您方便说一下常用的手机号吗？我给您登记一下。",
                      "联系方式留一个吧，电话号码。", "紧急联系人的电话也需要留一个，您说一下。@@hospital,car-rental,insurance",
                      "能接到电话的号码报一下，我们这边好回拨。", "收件人电话是多少？@@delivery,ecommerce"],
        "ask_landline": ["您家里座机号码是多少？带区号。", "单位的固定电话留一个吧。", "那留个座机也行，区号加号码。"],
        "ask_id": ["麻烦报一下您的身份证号码。", "为了核实身份，需要您提供一下身份证号。", "投保人的证件号码是多少？身份证的。@@insurance",
                   "开户时用的身份证号码您说一下。@@banking,telecom", "就诊人的身份证号报一下，我给您建档。@@hospital",
                   "驾驶员的身份证号是多少？租车要登记。@@car-rental", "您把证件号码报给我，我这边查一下您的参保记录。@@government",
                   "乘机人的身份证号报一下。@@airline", "户主的身份证号码说一下。@@utilities", "机主的身份证号码是多少？@@telecom"],
        "ask_card": ["请问您的银行卡号是多少？", "理赔款打到哪张卡？麻烦报一下卡号。@@insurance",
                     "您说一下被扣款的那张卡的卡号，我查一下。@@banking,telecom,utilities,ecommerce,car-rental,airline",
                     "自动缴费绑定哪张卡？卡号报一下。@@utilities,telecom", "信用卡卡号您报一下。@@banking",
                     "退款要原路退回，您核对一下卡号，说给我听。@@ecommerce,airline,car-rental",
                     "押金预授权用的哪张卡？卡号说一下。@@car-rental", "收款的银行账号是多少？@@insurance,banking"],
        "intro_phone": ["", "是", "我手机号是", "号码是", "你记一下，", "嗯，", "好的，", "我的手机是", "打这个就行，",
                        "就我现在打的这个，", "手机号码"],
        "intro_id": ["", "是", "身份证号是", "嗯，我念啊，", "好，", "我的身份证是", "证件号码", "你记一下，"],
        "intro_card": ["", "是", "卡号是", "我念一下，", "好的，卡号", "是工行那张，", "嗯，", "这张卡是"],
        "bc": ["嗯", "嗯嗯", "对", "好", "好的", "您说", "嗯，您继续", "然后呢？", "还有呢？", "嗯，记着呢", "好，接着说", "嗯哼", "是"],
        "then": ["然后是", "接着是", "后面是", "", "", "再往后", "嗯，"],
        "then_last": ["最后是", "最后几位，", "后面是", "", "剩下的是"],
        "aside": ["我看看啊……", "等一下，我找一下卡。", "稍等，我拿下身份证。", "你等我一下，我在外面，信号不太好。", "呃，我戴下眼镜。",
                  "这个数字有点磨掉了，我看清楚。", "后面几位我得翻一下手机。", "哎你等等，孩子在闹。", "我记不太清，我翻一下备忘录。",
                  "稍等啊，抽屉里有三四张卡，我找找是哪张。"],
        "aside_phone": ["我看看啊……", "等一下，这是新号，我背不下来，我翻一下。", "我老伴的号码我得查一下通讯录。", "稍等，我在开车，信号不太好。",
                        "呃，我想想……"],
        "aside_id": ["我看看啊……", "稍等，我拿下身份证。", "呃，我戴下眼镜。", "身份证在包里，你等我一下。", "哎你等等，孩子在闹。"],
        "wait": ["好的，不着急。", "没事，您慢慢找。", "好的，我等您。", "嗯，不急。", "好的。"],
        "found": ["找到了，", "好了，", "嗯，看到了，", "来了，", ""],
        "ack": ["好的，已经记下了。", "好的，我这边核实一下。", "收到，稍等我查一下。", "好的，系统里查到了。", "行，我给您登记上。"],
        "rb_pre": ["我跟您核对一下，", "我重复一遍，", "您说的是", "确认一下，是", "我这边记的是", "好的，"],
        "rb_suf": ["，对吗？", "，没错吧？", "，是吧？", "，对不对？", "。"],
        "rb_last": ["尾号{x}对吧？", "后四位{x}，是这个吗？", "最后几位是{x}对吗？", "尾数{x}的那个？", "是尾号{x}吗？"],
        "rb_first": ["是{x}开头的对吧？", "开头是{x}？", "前面是{x}吧？", "{x}开头那个？"],
        "rb_mid": ["中间那段是{x}对吧？", "第二段是{x}？", "中间是{x}吗？"],
        "yes": ["对", "对的", "没错", "是的", "嗯，对", "对对对"],
        "ack_short": ["嗯", "好", "嗯，好的", "好的，稍等"],
        "c_ok": ["好的。", "嗯，好。", "行。", "好，你记一下啊。"],
        "corr_group": ["不对不对，是", "哦说错了，应该是", "等一下，刚才说错了，是", "不是，那段是", "啊不好意思，是"],
        "corr_digit": ["{pos}是{b}，不是{a}。", "不对，{pos}是{b}，我刚才说成{a}了。", "那个{a}说错了，是{b}。", "哦，{pos}应该是{b}不是{a}。"],
        "restart": ["算了我重新说一遍：", "我从头说吧，", "乱了，重来，", "不对我再说一遍，"],
        "clarify": ["不好意思，刚才那段是{x}还是{y}？", "您刚说的是{x}还是{y}？", "我没听清，{x}还是{y}？"],
        "slow": ["慢一点，慢一点。", "不好意思，您说慢点，我记一下。", "等一下，信号不太好，您再说一遍？", "您稍等，我换支笔。"],
        "x_last": ["最后一位是{x}。", "最后是个{x}。", "末位是字母{x}。", "最后一个是{x}，大写的。", "后面还有个{x}。"],
        "ask_x": ["最后一位呢？", "还差一位吧？", "最后那个是数字还是字母？", "就十七位吗？后面还有吗？"],
        "volunteer": ["有事打我电话，{x}。", "你们回电打{x}就行。", "我换号了，现在用的是{x}。", "师傅到了打我手机{x}。"],
        "after_amount": ["上周扣了{amount}，就是这张卡，{x}。", "一共退{amount}，退到{x}这张卡上。", "我转了{amount}过去，用的卡号{x}。"],
        "after_order": ["订单号是{order}，手机号{x}。", "单号{track}，收件电话{x}。"],
        "emergency": ["紧急联系人是我爱人，电话{x}。", "我女儿的电话也留一下吧，{x}。"],
        "close_a": ["还有其他可以帮您的吗？", "感谢您的来电，祝您生活愉快，再见。", "稍后会有满意度评价，麻烦给个好评，再见。", "好的，那先这样，再见。"],
        "close_c": ["没有了，谢谢。", "好的，谢谢啊。", "行，拜拜。", "嗯，麻烦你了。"],
        "decline": ["卡不在身边，我回头去网点办吧。", "身份证号我现在不方便说，我在地铁上。", "这个我不想在电话里说。", "手机号还是原来那个，没换。"],
        "decline_ok": ["好的，那您方便的时候再联系我们。", "理解，那您可以带上证件到营业厅办理。", "好的，那就用系统里预留的号码联系您。"],
        "example_id": ["身份证号是18位的，比如{ex}这种格式，这只是举例，您不用现在报。", "系统要求填18位证件号，像{ex}这样的格式，最后一位可能是X。"],
        "example_card": ["卡号一般是16到19位，比如{ex}这种，这是举例的，不是您的卡。", "您看卡正面那串数字，格式像{ex}这样，不用念给我。"],
        "transfer": ["我帮您转到{dept}，分机{ext}，如果断线了您直接拨{hotline}再转{ext}。", "这个问题需要{dept}处理，我给您转接，分机号是{ext}。"],
        "ask_order": ["麻烦报一下订单号。", "订单编号您有吗？", "您下单的那个订单号说一下。", "订单号方便报一下吗？"],
    },
    "en": {
        "ask_phone": ["What's the best phone number to reach you?", "Can I get a callback number in case we get disconnected?",
                      "What's the mobile number on the account?", "And a contact number for the technician?@@telecom,utilities",
                      "Could you confirm the phone number you registered with?",
                      "Do you have a number for your emergency contact?@@hospital,car-rental,insurance,airline",
                      "Which number should the courier call?@@delivery,ecommerce"],
        "ask_landline": ["Is there a landline we can reach you on?", "Do you have a home number, with the area code?"],
        "ask_id": ["For verification, could I have your resident ID number?", "I'll need the ID number on your national ID card.",
                   "Can you read me the policyholder's ID number?@@insurance",
                   "What's the ID number the account was opened with?@@banking,telecom,utilities",
                   "For the rental agreement I need the driver's ID card number.@@car-rental",
                   "What's the passenger's ID number on the booking?@@airline", "And the patient's ID number?@@hospital",
                   "What's the ID number on the application?@@government"],
        "ask_card": ["What's the card number?", "Which card should the refund go to? Could you read me the number?@@ecommerce,airline,car-rental,banking",
                     "Can you read me the long number on the front of the card?",
                     "What's the number of the card that was charged?@@banking,telecom,utilities,ecommerce,car-rental,airline",
                     "And the account number for the payout?@@insurance,banking",
                     "Which debit card do you want on autopay? The full number, please.@@utilities,telecom"],
        "intro_phone": ["", "It's ", "Sure, it's ", "My cell is ", "Okay, ", "You can reach me at ", "Yeah, it's "],
        "intro_id": ["", "It's ", "Okay, it's ", "Sure, ", "Alright, ", "Let me read it, "],
        "intro_card": ["", "It's ", "Okay, ", "Sure, it's ", "Right, ", "The card number is "],
        "bc": ["Okay.", "Go on.", "Mm-hm.", "Yep.", "Got it.", "Uh-huh.", "Right.", "And then?", "Keep going.", "Sure, go ahead.",
               "Okay, next part?", "Mhm.", "With you so far."],
        "then": ["then ", "and then ", "next is ", "", "", "after that, "],
        "then_last": ["and the last part is ", "last bit, ", "and finally ", "", "and then "],
        "aside": ["Hold on, let me find my card.", "Hang on, I need my glasses for this.", "Sorry, let me grab my wallet.",
                  "Bear with me, it's in the other room.", "Wait, I'm pulling over.", "Sorry, the numbers are kind of worn off.",
                  "Give me a sec, I've got it written down somewhere.", "Hold on, my dog's barking.",
                  "Sorry, I've got like three cards here, which one was it?"],
        "aside_phone": ["Hold on, it's a new number, I don't know it by heart.", "Hang on, let me check my contacts.",
                        "Sorry, I'm driving, give me a second.", "Um, let me think."],
        "aside_id": ["Hang on, let me grab my ID.", "Hold on, I need my glasses for this.", "Sorry, it's in my purse somewhere.",
                     "Bear with me, it's in the other room."],
        "wait": ["No rush.", "Take your time.", "Sure, I'll wait.", "No problem.", "That's fine."],
        "found": ["Okay, here it is: ", "Got it, ", "Alright, ", "Found it, ", ""],
        "ack": ["Great, thanks.", "Okay, I've got that down.", "Thanks, let me pull that up.", "Perfect, I see the account.",
                "Alright, one moment while I check."],
        "rb_pre": ["Let me read that back: ", "So that's ", "Just to confirm, ", "I have ", "Okay, "],
        "rb_suf": [", correct?", ", is that right?", "?", ". Right?", ", yes?"],
        "rb_last": ["The one ending in {x}, right?", "Ending {x}?", "Last four {x}?", "And it ends with {x}?", "That's the card ending {x}?"],
        "rb_first": ["Starting with {x}?", "That's the one that starts {x}?", "Begins with {x}, yes?"],
        "rb_mid": ["And the middle part was {x}?", "The second block is {x}?"],
        "yes": ["Yes.", "That's right.", "Correct.", "Yep, that's it.", "Yes, that's the one."],
        "ack_short": ["Okay.", "Mm-hm.", "Got it.", "Okay, one sec."],
        "c_ok": ["Sure.", "Okay.", "Yeah, hang on.", "Alright, ready?"],
        "corr_group": ["no wait, it's ", "sorry, scratch that, ", "actually, it's ", "no no, that part is ", "sorry, I mean "],
        "corr_digit": ["No wait, the {pos} digit is {b}, not {a}.", "Sorry, that {a} should be a {b}.", "Actually it's {b} not {a}, the {pos} one.",
                       "Oops, {b}, not {a}."],
        "restart": ["Let me start over: ", "Sorry, from the top: ", "Ugh, let me say it again: "],
        "clarify": ["Sorry, was that {x} or {y}?", "Did you say {x} or {y}?", "Was the last bit {x}, or {y}?"],
        "slow": ["Sorry, slow down a little?", "Sorry, you cut out there, say that again?", "Hang on, let me type that in."],
        "x_last": ["and the last character is {x}.", "and then it ends in an {x}.", "last one's the letter {x}.", "and a capital {x} at the end."],
        "ask_x": ["Is there a last character?", "That's seventeen, what's the last one?", "And the final character?"],
        "volunteer": ["You can call me back on {x}.", "If anything comes up, my number's {x}.", "Just text me at {x}.",
                      "I've got a new number now, it's {x}."],
        "after_amount": ["They took {amount} off the card, that's {x}.", "The refund was {amount}, put it on {x}.",
                         "I paid {amount} with {x}."],
        "after_order": ["Order {order}, and my phone is {x}.", "Tracking {track}, the delivery contact is {x}."],
        "emergency": ["My emergency contact is my sister, her number is {x}.", "Put my husband down too, he's on {x}."],
        "close_a": ["Is there anything else I can help with?", "Thanks for calling, have a good day.",
                    "You'll get a short survey after the call. Take care.", "Alright, you're all set."],
        "close_c": ["No, that's everything, thanks.", "Great, thank you.", "Okay, bye.", "That's it, cheers."],
        "decline": ["I don't have the card on me, I'll call back.", "I'd rather not give my ID over the phone.",
                    "My number hasn't changed, it's the same one you have.", "I'm on a train, can I do this later?"],
        "decline_ok": ["No problem, you can also do it in the app.", "Understood, we'll use the number on file.",
                       "That's fine, call us back whenever."],
        "example_id": ["The ID number is 18 characters, something like {ex}, that's just an example of the format.",
                       "It should look like {ex}, that's a sample, not yours, so don't worry."],
        "example_card": ["A card number looks like {ex}, that's a made-up example, please don't read yours out.",
                         "The form wants something like {ex}, just as an example of the format."],
        "transfer": ["I'll transfer you to {dept}, that's extension {ext}. If we get cut off, dial {hotline} and ask for {ext}.",
                     "Let me put you through to {dept}, extension {ext}."],
        "ask_order": ["Can I have the order number?", "Do you have the order number handy?", "What's the order number on the receipt?"],
    },
    "mixed": {
        "ask_phone": ["您的 mobile number 是多少？", "留个 contact number 吧，方便 call back。", "Can I have 您的手机号？",
                      "你 register 的时候用的 phone number 报一下。"],
        "ask_id": ["麻烦 provide 一下您的 ID number，身份证的。", "For verification，需要您的身份证号。", "你的 ID card number 是多少？"],
        "ask_card": ["您的 card number 报一下。", "refund 到哪张卡？card number 说一下。", "Which card？卡号念一下。",
                     "那个 debit card 的号码是多少？"],
        "intro_phone": ["", "OK，", "是", "my number is ", "好的，", "嗯 sure，"],
        "intro_id": ["", "OK，", "是", "好的，it's ", "嗯，"],
        "intro_card": ["", "OK，", "卡号是 ", "it's ", "嗯，"],
        "bc": ["嗯 okay", "OK", "go on", "好的", "嗯，then?", "got it，继续", "对对", "mm-hm", "OK 继续"],
        "then": ["then ", "然后 ", "", "接着 ", "and "],
        "then_last": ["最后 ", "last part ", "", "然后 "],
        "aside": ["wait wait，我找一下 card。", "等一下 hold on，我看看。", "sorry 我拿一下 ID card。", "hmm 我翻一下 phone。",
                  "hold on 啊，我在 drive。"],
        "aside_phone": ["wait 我 check 一下 contacts。", "hold on 啊，新号码我记不住。"],
        "aside_id": ["sorry 我拿一下 ID card。", "等一下 hold on，我找找身份证。"],
        "wait": ["OK 不急。", "No rush，您慢慢来。", "好的 take your time。"],
        "found": ["OK found it，", "好了，", "OK，", ""],
        "ack": ["OK 记下了，thank you。", "好的，let me check 一下。", "收到，我 check 一下 system。"],
        "rb_pre": ["OK 我 confirm 一下，", "Let me read back，", "我 repeat 一下，"],
        "rb_suf": ["，correct 吗？", "，对吧？", "，right?", "？"],
        "rb_last": ["尾号 {x}，right?", "ending {x} 那张对吗？", "last four 是 {x}？"],
        "rb_first": ["{x} 开头 right?", "starting with {x} 对吧？"],
        "yes": ["Yes 对", "对，correct", "yes", "没错"],
        "ack_short": ["OK", "好的", "got it"],
        "c_ok": ["OK", "好的", "sure，你记一下。"],
        "corr_group": ["sorry 说错了，是 ", "no no，应该是 ", "wait 不对，是 "],
        "aside2": [],
    },
}

LABELS = {
    "zh": [("坐席", "客户"), ("客服", "用户"), ("话务员", "来电人"), ("客服代表", "客户"), ("座席", "来电者"), ("工号{wid}", "客户"),
           ("接线员", "市民"), ("A", "B"), ("说话人A", "说话人B"), ("客服小周", "王女士"), ("角色1", "角色2"), ("服务台", "客户")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("CSR", "Member"), ("Operator", "Client"), ("AGENT", "CALLER"),
           ("Speaker 1", "Speaker 2"), ("Advisor", "Policyholder"), ("Dana (agent)", "Mr. Holt"), ("spk_0", "spk_1"),
           ("A", "C"), ("Agent {wid}", "Caller")],
    "mixed": [("Agent", "客户"), ("客服", "Customer"), ("CSR", "来电人"), ("坐席", "Caller"), ("A", "B"), ("Speaker 1", "Speaker 2"),
              ("Kelly (客服)", "陈先生")],
}

# Domains: greeting (agent), reason (customer), harmless lines (role, text), kinds asked for.
DOMAINS = {
    "telecom": {
        "kinds": ["phone", "phone", "id_number", "bank_card"],
        "zh": {"greet": ["您好，中国移动客服代表，工号{wid}，很高兴为您服务。", "您好，联通客服，请问有什么可以帮您？", "电信客服您好，请讲。",
                         "您好，宽带报修热线，请问哪里不通了？"],
               "reason": ["我这个月话费扣了{amount}，比平时多好多。", "我想把套餐降一下，现在{amount}一个月的流量用不完。",
                          "我手机停机了，{date}充了{amount}还是打不出去。", "家里宽带从{date}开始就老掉线。", "我要补一张SIM卡，原来那张丢了。"],
               "harmless": [("A", "现在的套餐是每月{amount}，含{gb}G流量。"), ("A", "这边给您申请了{pct}的优惠，从下个月1号生效。"),
                            ("C", "我那个副卡一共才用了{gb}G。"), ("A", "维修师傅预计{date}{time}上门。"), ("A", "工单号{ticket}，您记一下。"),
                            ("A", "如果还有问题可以再拨{hotline}。")]},
        "en": {"greet": ["Thanks for calling Northwind Mobile, this is Priya, how can I help?", "Hi, you've reached BrightLine broadband support.",
                         "Good afternoon, customer care, my name's Dan."],
               "reason": ["My bill jumped to {amount} this month.", "My internet has been dropping since {date}.",
                          "I want to switch to the {gb} gig plan.", "I lost my phone and need a new SIM."],
               "harmless": [("A", "You're on the {amount} a month plan with {gb} gigs of data."),
                            ("A", "I've added a {pct} loyalty discount starting on the {ordinal}."), ("A", "Your ticket number is {ticket}."),
                            ("A", "A technician can come {date} between {time} and {time}.")]},
        "mixed": {"greet": ["Hello，这里是 CSL 客服，请问有什么可以帮您？", "您好，this is Singtel customer care。"],
                  "reason": ["我的 data plan 这个月 charge 了 {amount}，太多了。", "我要 port 我的号码去别的 carrier。"],
                  "harmless": [("A", "OK，你的 plan 是每月 {amount}，有 {gb}GB data。"), ("A", "这个 case number 是 {ticket}。")]},
    },
    "banking": {
        "kinds": ["bank_card", "bank_card", "id_number", "phone"],
        "zh": {"greet": ["您好，招商银行信用卡中心，请问有什么可以帮您？", "工商银行客服，您好，我是{agent_name}。", "您好，这里是建设银行95533人工服务。",
                         "您好，农行客服为您服务。"],
               "reason": ["我卡上{date}被扣了{amount}，我没消费过。", "我的卡被冻结了，转账{amount}转不出去。", "信用卡账单有一笔{amount}的消费我不认识。",
                          "我想申请分期，账单是{amount}。", "我想改一下预留手机号。"],
               "harmless": [("A", "这笔交易是{date}{time}在线上发生的，金额{amount}。"), ("A", "分{n_period}期的话每期手续费率是{pct}。"),
                            ("A", "您的额度目前是{amount}。"), ("A", "调查结果会在{n_days}个工作日内短信通知您。"), ("C", "我记得那天只刷了{amount}。")]},
        "en": {"greet": ["Thank you for calling First Harbor Bank, this is Mark.", "Card services, Alicia speaking, how can I help you today?",
                         "Hi, Lakeside Credit Union, you're speaking with Sam."],
               "reason": ["There's a charge of {amount} on {date} I don't recognise.", "My card got declined at the store for {amount}.",
                          "I'd like to dispute a transaction.", "I need to update my contact details."],
               "harmless": [("A", "I see a pending transaction for {amount} from {date}."), ("A", "Your available credit is {amount}."),
                            ("A", "The dispute can take up to {n_days} business days."), ("C", "I only spent about {amount} that day.")]},
        "mixed": {"greet": ["Hi 您好，DBS Bank customer service，我是 Kelly。", "Hello，HSBC 客服，请问有什么可以帮您？"],
                  "reason": ["我的 credit card 有一笔 {amount} 的 charge 不认识。", "我的 account 被 lock 了，transfer 不了 {amount}。"],
                  "harmless": [("A", "这笔 transaction 是 {date} 的，amount {amount}。"), ("A", "dispute 大概要 {n_days} 个 working days。")]},
    },
    "insurance": {
        "kinds": ["id_number", "bank_card", "phone"],
        "zh": {"greet": ["您好，平安车险报案中心，请问出险了吗？", "太平洋保险客服，您好，请问您需要什么服务？", "您好，人寿保险理赔专线。"],
               "reason": ["我{date}在路上被追尾了，要报案。", "我住院花了{amount}，想问问理赔怎么弄。", "我保单号是{policy}，想查一下理赔到哪一步了。",
                          "我想退保，交了{n_years}年了。"],
               "harmless": [("A", "报案号是{ticket}，请您记好。"), ("A", "这次理赔金额核定为{amount}，免赔额{amount}。"), ("A", "查勘员会在{time}之前联系您。"),
                            ("C", "车牌号是{plate}。"), ("A", "一般{n_days}个工作日到账。")]},
        "en": {"greet": ["Claims line, this is Greg.", "Thanks for calling Evergreen Insurance, how can I help?"],
               "reason": ["I was rear-ended on {date}.", "I'm calling about claim {ticket}.", "The hospital billed me {amount}."],
               "harmless": [("A", "Your deductible is {amount}."), ("A", "Your policy number is {policy}."),
                            ("A", "An adjuster will call you within {n} hours."), ("C", "The other driver's plate was {plate_en}.")]},
        "mixed": {"greet": ["您好，AIA 保险 claims hotline。"],
                  "reason": ["我要 claim 上个月的 medical bill，一共 {amount}。"],
                  "harmless": [("A", "你的 policy number 是 {policy}，deductible 是 {amount}。")]},
    },
    "delivery": {
        "kinds": ["phone", "phone", "phone"],
        "zh": {"greet": ["您好，顺丰速运，请问是寄件还是查件？", "您好，中通快递客服，请讲。", "京东物流，您好，请问有什么问题？", "您好，菜鸟驿站客服。"],
               "reason": ["我的快递{track}显示签收了，可是我没收到。", "我要寄个东西，大概{kg}公斤。", "包裹{date}就该到了，到现在还没动。",
                          "我买的{qty}东西只到了一个。"],
               "harmless": [("A", "单号{track}，我看到是在转运中心。"), ("A", "运费是{amount}，保价费另算。"), ("A", "预计{date}{time}前送达。"),
                            ("C", "我们小区邮编是{zip}。"), ("A", "快递柜在{n}号楼下面。")]},
        "en": {"greet": ["Parcel Express customer service, how can I help?", "Hi, you've reached QuickShip support."],
               "reason": ["My package says delivered but it's not here.", "Tracking number {track} hasn't moved since {date}.",
                          "I need to reschedule a delivery."],
               "harmless": [("A", "I see tracking {track}, last scanned at {time}."), ("A", "Redelivery is scheduled for {date}."),
                            ("C", "My zip code is {zip}."), ("A", "It's {qty} boxes, total weight {kg} pounds.")]},
        "mixed": {"greet": ["Hi，这里是 Ninja Van 客服。", "您好，DHL Express customer service。"],
                  "reason": ["我的 parcel {track} 一直显示 in transit。", "我要 reschedule 一下 delivery，{date} 不在家。"],
                  "harmless": [("A", "OK，tracking {track}，预计 {date} deliver。")]},
    },
    "utilities": {
        "kinds": ["phone", "bank_card", "id_number"],
        "zh": {"greet": ["您好，国家电网95598，请问有什么可以帮您？", "您好，自来水公司客服。", "燃气公司服务热线，您好。"],
               "reason": ["我家{date}开始就停电了。", "这个月水费{amount}，比上个月多了一倍。", "燃气表读数{meter}，可是账单上写的不对。", "我想办一下自动扣费。"],
               "harmless": [("A", "您的户号是{acct_util}，上期用电{kwh}度，电费{amount}。"), ("A", "抢修人员预计{time}到达。"),
                            ("A", "阶梯电价第二档是每度{price}元。"), ("C", "我们那栋是{n}号楼{floor}单元。")]},
        "en": {"greet": ["City Power and Light, this is Rosa.", "Metro Water customer service, how can I help?"],
               "reason": ["My bill this month is {amount}, it's usually half that.", "We've had no power since {time}.", "I'd like to set up autopay."],
               "harmless": [("A", "Your account shows {kwh} kilowatt hours used."), ("A", "Crews expect restoration by {time}."),
                            ("A", "The service address zip is {zip}."), ("A", "The meter read was {meter} on {date}.")]},
    },
    "government": {
        "kinds": ["id_number", "id_number", "phone"],
        "zh": {"greet": ["您好，12345市民服务热线，请问有什么诉求？", "您好，社保服务热线，请讲。", "您好，公积金中心。", "您好，出入境服务热线。"],
               "reason": ["我家楼下装修，天天早上{time}就开始砸墙。", "我的社保断了{n}个月，想补缴。", "我想咨询一下公积金提取，账户里有{amount}。",
                          "我的护照{date}到期，想问下怎么续。"],
               "harmless": [("A", "您的诉求已受理，工单编号{ticket}。"), ("A", "承办单位会在{n_days}个工作日内答复。"), ("A", "补缴大概要{amount}左右，具体以窗口为准。"),
                            ("A", "您也可以拨打{hotline}查询进度。")]},
        "en": {"greet": ["Benefits help line, how may I help you?", "DMV help line, this is Kevin.", "City 311, what's your request?"],
               "reason": ["I'm calling about my benefits letter dated {date}.", "I need to renew my license, it expires {date}.",
                          "There's a broken streetlight on {street}."],
               "harmless": [("A", "Your case number is {ticket}."), ("A", "Processing takes about {n} weeks."),
                            ("A", "The office on {street} opens at {time}.")]},
    },
    "hospital": {
        "kinds": ["id_number", "phone", "phone"],
        "zh": {"greet": ["您好，市第一人民医院预约挂号中心。", "您好，儿童医院客服，请问需要预约哪个科室？", "您好，中医院咨询台。"],
               "reason": ["我想挂{date}的专家号，消化科的。", "我妈做完检查了，报告什么时候出？", "我想取消{date}的预约。"],
               "harmless": [("A", "给您约的是{date}{time}，{floor}楼{room}诊室。"), ("A", "挂号费{amount}，到了先去自助机取号。"),
                            ("A", "您是第{qno}号，大概提前{n}分钟到。"), ("A", "住院部在{n}号楼，{floor}楼{bed}床。")]},
        "en": {"greet": ["St. Mary's scheduling, this is Joan.", "Riverside Clinic, how can I help?"],
               "reason": ["I need to reschedule my appointment on {date}.", "I got a bill for {amount} that should be covered."],
               "harmless": [("A", "We have {date} at {time} with Dr. Patel, room {room}."), ("A", "Your copay is {amount}."),
                            ("A", "Please arrive {n} minutes early.")]},
        "mixed": {"greet": ["您好，Matilda 医院 appointment desk。"],
                  "reason": ["我想 book {date} 的 specialist。"],
                  "harmless": [("A", "OK 给您约了 {date} {time}，room {room}。")]},
    },
    "car-rental": {
        "kinds": ["id_number", "bank_card", "phone"],
        "zh": {"greet": ["您好，一嗨租车，请问有什么可以帮您？", "神州租车客服，您好。", "您好，租车服务热线。"],
               "reason": ["我订了{date}的车，想改到{date}取。", "还车的时候说我油不够，扣了我{amount}。", "我想续租{n}天。"],
               "harmless": [("A", "您订的是{car}，日租金{amount}，押金{amount}。"), ("A", "订单号{order}，取车门店在{addr}。"),
                            ("A", "车牌是{plate}，里程{km}公里。"), ("A", "超时{n}小时按半天计费。")]},
        "en": {"greet": ["Thanks for calling Swift Car Rental, this is Leo.", "Roadway Rentals reservations, how can I help?"],
               "reason": ["I need to extend my rental by {n} days.", "I was charged {amount} for fuel."],
               "harmless": [("A", "Your confirmation number is {conf}."), ("A", "It's a {car}, plate {plate_en}, {km} miles on it."),
                            ("A", "The daily rate is {amount} plus tax.")]},
    },
    "ecommerce": {
        "kinds": ["phone", "bank_card", "phone"],
        "zh": {"greet": ["您好，京东客服，很高兴为您服务。", "您好，淘宝官方客服，请问有什么可以帮您？", "您好，拼多多售后。"],
               "reason": ["我{date}买的空气炸锅坏了，才用了{n}次。", "我想退款，订单金额{amount}。", "我买了{qty}，只到了一半。"],
               "harmless": [("A", "订单号{order}，我看到了。"), ("A", "退款{amount}会在{n_days}个工作日内原路退回。"), ("C", "我下单的时间是{date}{time}。"),
                            ("A", "给您补偿了一张{amount}的优惠券。")]},
        "en": {"greet": ["Thanks for contacting ShopRight, this is Nina.", "Hi, marketplace support, how can I help?"],
               "reason": ["My order {order} arrived damaged.", "I was charged twice, {amount} each.", "I want to return {qty} items."],
               "harmless": [("A", "Order {order} was placed on {date}."), ("A", "The refund of {amount} will post in {n_days} business days."),
                            ("A", "You'll get a prepaid label by email.")]},
        "mixed": {"greet": ["Hi，Shopee 客服 here，请问有什么可以帮您？"],
                  "reason": ["我的 order {order} 到现在还没 ship。", "我要 return 一个 item，{amount} 的。"],
                  "harmless": [("A", "OK，refund {amount} 会在 {n_days} 个 working days 退回。")]},
    },
    "airline": {
        "kinds": ["id_number", "phone", "bank_card"],
        "zh": {"greet": ["您好，东方航空95530，请问有什么可以帮您？", "您好，南航客服。"],
               "reason": ["我订了{date}的{flight}，想改签。", "我行李丢了，是{flight}航班的。"],
               "harmless": [("A", "{flight}航班{date}{time}起飞，改签费{amount}。"), ("A", "您的票号是{ticketno}。"), ("A", "行李登记号是{bagtag}。")]},
        "en": {"greet": ["SkyWays reservations, this is Tom.", "Thanks for calling Pacific Air, how can I help?"],
               "reason": ["I need to change my flight {flight} on {date}.", "My bag didn't arrive on flight {flight}."],
               "harmless": [("A", "Your record locator is {pnr}."), ("A", "Flight {flight} departs at {time}."), ("A", "The change fee is {amount}.")]},
        "mixed": {"greet": ["您好，Cathay Pacific 客服中心，this is Amy。"],
                  "reason": ["我要 change 我 {date} 的 flight {flight}。"],
                  "harmless": [("A", "OK，{flight} 改到 {date}，change fee 是 {amount}。")]},
    },
}


# ============================================================================================
# Cases
# ============================================================================================

class Ctx:
    def __init__(self, lang, domain, fmt, phen):
        self.lang = lang
        self.domain = domain
        self.fmt = fmt
        self.phen = phen
        self.flow = ""

    # language of one phrase
    def plang(self, key=None):
        if self.lang != "mixed":
            return self.lang
        if key and POOL["mixed"].get(key) and chance(0.55):
            return "mixed"
        return pick(["zh", "en"])

    def phrase(self, key, lang=None):
        lang = lang or self.plang(key)
        pool = POOL[lang].get(key) or POOL[pick(["zh", "en"]) if lang == "mixed" else lang][key]
        ok = [t for t in pool if "@@" not in t or self.domain in t.split("@@")[1].split(",")]
        return pick(ok).split("@@")[0], lang

    def parts(self, template, lang, **frags):
        """Template -> parts: {name} is a fragment from frags, else a harmless value."""
        out = []
        pos = 0
        for m in re.finditer(r"\{(\w+)\}", template):
            out.append(template[pos:m.start()])
            name = m.group(1)
            if name in frags:
                v = frags[name]
                if isinstance(v, list):
                    out += v
                else:
                    out.append(v)
            else:
                out.append(H(lang if lang != "mixed" else "mixed", name))
            pos = m.end()
        out.append(template[pos:])
        return [p for p in out if not (isinstance(p, str) and p == "")]

    def say(self, key, lang=None, **frags):
        t, lang = self.phrase(key, lang)
        return self.parts(t, lang, **frags)

    def dom(self, key):
        d = DOMAINS[self.domain]
        lang = self.lang
        if lang == "mixed":
            lang = "mixed" if "mixed" in d and chance(0.6) else pick(["zh", "en"])
        items = d[lang][key]
        used = self.__dict__.setdefault("used", set())
        fresh = [x for x in items if (key, str(x)) not in used] or items
        it = pick(fresh)
        used.add((key, str(it)))
        if key == "harmless":
            role, t = it
            return role, self.parts(t, lang)
        return self.parts(it, lang)

    def style(self, kind, speaker="C", **kw):
        return choose_style(self.lang, kind, speaker, **kw)

    def kind(self):
        return pick(DOMAINS[self.domain]["kinds"])


def A(*parts):
    return ("A", spaced_parts(flat(parts)))


def C(*parts):
    return ("C", spaced_parts(flat(parts)))


def _edge(p, last):
    if isinstance(p, str):
        return p[-1] if last else p[0]
    if isinstance(p, Frag):
        if last:
            return p.text[-1]
        return (p.lead_text or p.text)[0]
    return None


def _readable(ch):
    return ch is not None and ((ch.isascii() and ch.isalnum()) or "０" <= ch <= "９" or ch in CN_DIG.values() or ch in "〇幺两叉Ｘ")


def spaced_parts(parts):
    """Insert a space where a fragment would touch a letter word or a digit (it would be read with it)."""
    out = []
    for p in parts:
        if out and (isinstance(p, Frag) or isinstance(out[-1], Frag)) and p is not BR and out[-1] is not BR:
            if _readable(_edge(out[-1], True)) and _readable(_edge(p, False)):
                out.append(" ")
        out.append(p)
    return out


def flat(parts):
    out = []
    for p in parts:
        if isinstance(p, (list, tuple)):
            out += flat(p)
        elif isinstance(p, str):
            if p:
                out.append(p)
        elif p is not None:
            out.append(p)
    return out


def end_punct(c, lang=None):
    lang = lang or (c.lang if c.lang != "mixed" else pick(["zh", "en"]))
    return pick(["。", "。", "", "，就这个。"]) if lang == "zh" else pick([".", ".", "", ", that's it."])


def opening(c, T, harmless=0.6):
    T.append(A(c.dom("greet")))
    if chance(0.85):
        T.append(C(c.dom("reason")))
    if chance(harmless):
        role, p = c.dom("harmless")
        T.append((role, p))


def middle(c, T, p=0.5):
    if chance(p):
        role, parts = c.dom("harmless")
        T.append((role, parts))


def closing(c, T):
    if chance(0.6):
        role, parts = c.dom("harmless")
        T.append((role, parts))
    if chance(0.75):
        T.append(A(c.say("close_a")))
        if chance(0.6):
            T.append(C(c.say("close_c")))


def ask(c, num, T):
    if num.sub == "landline" and chance(0.6):
        key = "ask_landline"
    else:
        key = {"phone": "ask_phone", "id_number": "ask_id", "bank_card": "ask_card"}[num.kind]
    T.append(A(c.say(key)))


def intro(c, kind):
    key = {"phone": "intro_phone", "id_number": "intro_id", "bank_card": "intro_card"}[kind]
    return c.say(key)


def full(c, num, st=None, **kw):
    st = st or c.style(num.kind)
    if num.seps and st.base == "ar" and chance(0.7):
        st.seps = num.seps
    return make_frag(num, num.groups, st, tail=True, **kw)


def readback_full(c, num):
    st = c.style(num.kind, "A")
    lang = c.plang("rb_pre")
    pre, _ = c.phrase("rb_pre", lang)
    suf, _ = c.phrase("rb_suf", lang)
    return A(pre, full(c, num, st), suf)


def tail_groups(num, ndig=4):
    return [num.digits[-ndig:]]


def readback_part(c, num, which):
    st = c.style(num.kind, "A")
    if which == "last":
        n = 4 if chance(0.85) or num.kind != "phone" else 3
        g = [num.digits[-n:]]
        if num.digits[-1] in "Xx" and chance(0.5):
            g = [num.digits[-4:]]
        return A(c.say("rb_last", x=make_frag(num, g, st, tail=True, with_lead=False)))
    if which == "first":
        g = num.groups[:2] if num.kind == "phone" and (num.lead == "+" or num.groups[0] == "0086") else [num.groups[0]]
        return A(c.say("rb_first", x=make_frag(num, g, st, tail=False)))
    mids = num.groups[1:-1] or [num.digits[3:7]]
    g = [pick(mids)]
    return A(c.say("rb_mid", lang=c.lang if c.lang != "mixed" else pick(["zh", "en"]),
                   x=make_frag(num, g, st, tail=False, with_lead=False)))


def backchannel(c):
    return A(c.say("bc"))


def aside(c, kind):
    if kind == "bank_card" or chance(0.25):
        return c.say("aside")
    return c.say("aside_phone" if kind == "phone" else "aside_id")


# ---------------------------------------------------------------------------------- flows

def ph_plain(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    flow = pick(["ask-answer", "ask-answer", "far-label", "volunteer", "after-harmless"])
    if flow == "volunteer" and kind != "phone":
        flow = "after-harmless"
    c.flow = flow
    if flow == "ask-answer":
        ask(c, num, T)
        T.append(C(intro(c, kind), full(c, num), end_punct(c)))
        T.append(A(c.say("ack")))
    elif flow == "far-label":
        ask(c, num, T)
        T.append(C(aside(c, kind)))
        T.append(A(c.say("wait")))
        if chance(0.5):
            T.append(C(c.say("bc")))
        T.append(C(c.say("found"), full(c, num), end_punct(c)))
        T.append(A(c.say("ack")))
    elif flow == "volunteer":
        T.append(C(c.say("volunteer", x=full(c, num))))
        T.append(A(c.say("ack")))
    else:
        if kind == "bank_card":
            T.append(C(c.say("after_amount", x=full(c, num))))
        elif kind == "phone":
            T.append(C(c.say("after_order", x=full(c, num))))
        else:
            ask(c, num, T)
            lang = c.plang()
            lead = ("我{date}刚办的新证，号码是" if lang == "zh" else "I renewed it on {date}, the number is ")
            T.append(C(c.parts(lead, lang), full(c, num), end_punct(c, lang)))
        T.append(A(c.say("ack")))
    closing(c, T)
    return T


def pieces_turns(c, num, T, k, st, back="bc", aside_p=0.0, echo_p=0.0, slow_p=0.0):
    """Customer gives num in k pieces over several turns, agent back-channels between."""
    pieces = split_pieces(num.groups, k)
    for i, pg in enumerate(pieces):
        last = i == len(pieces) - 1
        parts = []
        if i == 0:
            parts.append(intro(c, num.kind))
        else:
            parts.append(c.say("then_last" if last else "then"))
        fr = make_frag(num, pg, st, tail=last, with_lead=(i == 0))
        parts.append(fr)
        if not last and chance(0.3):
            parts.append(pick(["……", "，", "...", "", " "]) if c.lang != "en" else pick(["...", ",", ""]))
        T.append(C(*parts))
        if last:
            break
        r = R.random()
        if r < slow_p:
            T.append(A(c.say("slow")))
            T.append(C(make_frag(num, pg, c.style(num.kind) if chance(0.3) else st, tail=False, with_lead=(i == 0))))
            T.append(backchannel(c))
        elif r < slow_p + echo_p:
            st2 = c.style(num.kind, "A")
            lang = c.plang()
            echo = make_frag(num, pg, st2, tail=False, with_lead=False)
            if lang == "zh":
                T.append(A(echo, pick(["，嗯，然后呢？", "，好，继续。", "，嗯。", "，对吧？"])))
            else:
                T.append(A(echo, pick([", okay, go on.", ", got it.", "? Okay.", ", yep."])))
        elif r < slow_p + echo_p + aside_p:
            T.append(C(aside(c, num.kind)))
            T.append(A(c.say("wait")))
        else:
            T.append(backchannel(c))
    return pieces


def ph_interruption(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    k = wpick([(2, 3), (3, 5), (4, 3)])
    ask(c, num, T)
    if chance(0.3):
        T.append(C(c.say("c_ok")))
    st = c.style(kind)
    c.flow = "pieces-%d" % k
    pieces_turns(c, num, T, k, st, echo_p=0.2, slow_p=0.15, aside_p=0.1)
    T.append(A(c.say("ack")))
    middle(c, T)
    closing(c, T)
    return T


def ph_continuation(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    st = c.style(kind)
    flow = pick(["aside-turn", "aside-inline", "br-split", "label-far", "aside-turn"])
    c.flow = flow
    ask(c, num, T)
    if flow == "aside-turn":
        pieces = split_pieces(num.groups, pick([2, 3]))
        T.append(C(intro(c, kind), make_frag(num, pieces[0], st, tail=len(pieces) == 1),
                   pick(["，", "…", "", " "]) if c.lang == "zh" else pick([", ", "... ", " - ", "，"]), aside(c, kind)))
        if chance(0.6):
            T.append(A(c.say("wait")))
        for j, pg in enumerate(pieces[1:], 1):
            last = j == len(pieces) - 1
            parts = [c.say("found") if j == 1 else c.say("then_last" if last else "then"), make_frag(num, pg, st, tail=last)]
            T.append(C(*parts))
            if not last:
                if chance(0.5):
                    T.append(C(aside(c, kind)))
                else:
                    T.append(backchannel(c))
    elif flow == "aside-inline":
        pieces = split_pieces(num.groups, 2)
        T.append(C(intro(c, kind), make_frag(num, pieces[0], st, tail=False), pick(["……", "，", "... "]), aside(c, kind),
                   pick(["……", " ", ""]), c.say("then_last"), make_frag(num, pieces[1], st, tail=True)))
    elif flow == "br-split":
        pieces = split_pieces(num.groups, pick([2, 2, 3]))
        parts = [intro(c, kind)]
        for j, pg in enumerate(pieces):
            if j:
                parts.append(BR)
                parts.append(c.say("then_last" if j == len(pieces) - 1 else "then"))
            parts.append(make_frag(num, pg, st, tail=j == len(pieces) - 1))
        T.append(C(*parts))
    else:
        T.append(C(aside(c, kind)))
        T.append(A(c.say("wait")))
        if chance(0.4):
            middle(c, T, 1.0)
        pieces = split_pieces(num.groups, 2)
        T.append(C(c.say("found"), make_frag(num, pieces[0], st, tail=False)))
        T.append(C(make_frag(num, pieces[1], st, tail=True), end_punct(c)))
    T.append(A(c.say("ack")))
    closing(c, T)
    return T


def wrong_digit(d):
    if d in "Xx":
        return pick("0123456789")
    return pick([x for x in DIG if x != d])


def pos_phrase(c, lang, idx, n):
    """Position of digit idx (0-based) in a number of n characters, as the caller says it."""
    from_end = n - idx
    if lang == "zh":
        if from_end <= 4 and chance(0.7):
            return "倒数第" + zh_ord(from_end) + "位"
        return "第" + zh_ord(idx + 1) + "位"
    if from_end == 1:
        return "last"
    if from_end == 2 and chance(0.6):
        return "second-to-last"
    return EN_ORD[idx + 1] if idx + 1 < len(EN_ORD) else "last"


def ph_correction(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    st = c.style(kind)
    flow = pick(["digit", "group", "group", "clarify", "restart", "readback-wrong"])
    c.flow = flow
    ask(c, num, T)
    if flow == "digit":
        n = len(num.digits)
        cc = len(num.groups[0]) if num.lead == "+" or num.sub == "0086" else 0   # positions count after the country code
        idx = R.randrange(cc + (3 if kind == "phone" else 6), n - 1)
        a = wrong_digit(num.digits[idx])
        wrongd = num.digits[:idx] + a + num.digits[idx + 1:]
        wg = regroup(wrongd, [len(g) for g in num.groups])
        T.append(C(intro(c, kind), make_frag(num, wg, st, tail=False, with_lead=True), end_punct(c)))
        if chance(0.5):
            T.append(A(c.say("ack")))
        lang = c.lang if c.lang != "mixed" else pick(["zh", "en"])
        t, _ = c.phrase("corr_digit", lang)
        T.append(C(c.parts(t.replace("{pos}", pos_phrase(c, lang, idx - cc, n - cc)), lang,
                           a=digit_frag(num, a, st), b=digit_frag(num, num.digits[idx], st))))
        if chance(0.6):
            T.append(readback_full(c, num))
            T.append(C(c.say("yes")))
        else:
            T.append(A(c.say("ack")))
    elif flow == "group":
        gi = R.randrange(1, len(num.groups))
        g = num.groups[gi]
        j = R.randrange(len(g))
        bad = g[:j] + wrong_digit(g[j]) + g[j + 1:]
        if chance(0.3) and len(g) >= 2:
            bad = g[::-1] if g[::-1] != g else bad
        before = num.groups[:gi] + [bad]
        after = [num.groups[gi]] + num.groups[gi + 1:]
        cor = c.say("corr_group")
        sep = pick(["，", "……", "... ", ", "])
        if chance(0.5):
            T.append(C(intro(c, kind), make_frag(num, before, st, tail=False), sep, cor, make_frag(num, after, st, tail=True, with_lead=False),
                       end_punct(c)))
        else:
            T.append(C(intro(c, kind), make_frag(num, before, st, tail=False)))
            T.append(C(cor, make_frag(num, after, st, tail=True, with_lead=False)))
        T.append(A(c.say("ack")))
    elif flow == "clarify":
        T.append(C(intro(c, kind), full(c, num, st), end_punct(c)))
        gi = R.randrange(1, len(num.groups))
        g = num.groups[gi]
        j = R.randrange(len(g))
        other = g[:j] + wrong_digit(g[j]) + g[j + 1:]
        sta = c.style(kind, "A")
        fx = make_frag(num, [g], sta, tail=(gi == len(num.groups) - 1), with_lead=False)
        fy = make_frag(num, [other], sta, tail=False, with_lead=False)
        if chance(0.5):
            fx, fy = fy, fx
        T.append(A(c.say("clarify", x=fx, y=fy)))
        lang = c.plang()
        T.append(C(pick(["是", "是", "", "哦，是"]) if lang == "zh" else pick(["It's ", "", "Sorry, "]),
                   make_frag(num, [g], st, tail=(gi == len(num.groups) - 1), with_lead=False),
                   end_punct(c)))
        T.append(A(c.say("ack")))
    elif flow == "restart":
        cut = R.randrange(4, len(num.digits) - 3)
        partial = regroup(num.digits[:cut], [len(g) for g in num.groups])
        T.append(C(intro(c, kind), make_frag(num, partial, st, tail=False), pick(["……", "，", "... "]), c.say("restart"),
                   full(c, num, st)))
        T.append(A(c.say("ack")))
    else:
        T.append(C(intro(c, kind), full(c, num, st), end_punct(c)))
        n = len(num.digits)
        idx = R.randrange(n - 8, n - 1)
        a = wrong_digit(num.digits[idx])
        wrongd = num.digits[:idx] + a + num.digits[idx + 1:]
        wg = regroup(wrongd, [len(g) for g in num.groups])
        sta = c.style(kind, "A")
        lang = c.plang("rb_pre")
        T.append(A(c.phrase("rb_pre", lang)[0], make_frag(num, wg, sta, tail=False), c.phrase("rb_suf", lang)[0]))
        lang = c.lang if c.lang != "mixed" else pick(["zh", "en"])
        gi = 0
        acc = 0
        for gi, g in enumerate(num.groups):
            if acc + len(g) > idx:
                break
            acc += len(g)
        right = make_frag(num, [num.groups[gi]], st, tail=gi == len(num.groups) - 1, with_lead=False)
        if lang == "zh":
            T.append(C(pick(["不对，", "不是，", "错了，"]), pick(["那段是", "应该是", ""]), right, end_punct(c, "zh")))
        else:
            T.append(C(pick(["No, ", "Not quite, ", "No, sorry, "]), pick(["that part is ", "it's ", ""]), right, end_punct(c, "en")))
        if chance(0.5):
            T.append(readback_full(c, num))
            T.append(C(c.say("yes")))
    closing(c, T)
    return T


def ph_readback(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    st = c.style(kind)
    flow = pick(["full", "last", "last", "first", "piecewise", "echo", "mid"])
    c.flow = flow
    ask(c, num, T)
    if flow == "echo":
        pieces_turns(c, num, T, pick([2, 3]), st, echo_p=1.0)
        T.append(readback_part(c, num, "last") if chance(0.5) else A(c.say("ack")))
    elif flow == "piecewise":
        T.append(C(intro(c, kind), full(c, num, st), end_punct(c)))
        sta = c.style(kind, "A")
        lang = c.plang()
        T.append(A("我分段跟您核对一下，" if lang == "zh" else ("Let me check it in chunks. " if lang == "en" else "OK 我一段一段 check，")))
        pieces = split_pieces(num.groups, pick([2, 3, 4]))
        for j, pg in enumerate(pieces):
            last = j == len(pieces) - 1
            T.append(A(make_frag(num, pg, sta, tail=last), "？" if lang != "en" else "?"))
            T.append(C(c.say("yes")))
    else:
        T.append(C(intro(c, kind), full(c, num, st), end_punct(c)))
        if chance(0.3):
            T.append(A(c.say("ack_short")))
        if flow == "full":
            T.append(readback_full(c, num))
        else:
            T.append(readback_part(c, num, flow))
        T.append(C(c.say("yes")))
        if chance(0.3) and flow != "full":
            T.append(readback_part(c, num, "last" if flow != "last" else "first"))
            T.append(C(c.say("yes")))
    middle(c, T)
    closing(c, T)
    return T


def ph_asr_chunks(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    flow = pick(["digit-words", "words-then-numerals", "segment-cut", "digit-words"])
    c.flow = flow
    ask(c, num, T)
    if flow == "digit-words":
        base = "ar" if chance(0.6) else ("cn" if c.lang != "en" else "words")
        st = c.style(kind, base=base, asr="atom", sep=" " if c.fmt != "asr-json" else None)
        if c.fmt != "asr-json":
            st.sep = " "
        fr = make_frag(num, [d for d in num.digits] if c.fmt != "asr-json" else num.groups, st, tail=True)
        T.append(C(intro(c, kind), fr))
    elif flow == "words-then-numerals":
        k = R.randrange(1, len(num.groups))
        st = c.style(kind, base="ar", asr=pick(["group", "atom"]))
        spoken = "cn" if c.lang == "zh" else ("words" if c.lang == "en" else pick(["cn", "words"]))
        st._subs = {gi: (spoken if gi < k else "ar") for gi in range(len(num.groups))}
        st.base = "mixlang"
        if st.sep == "":
            st.sep = " "
        fr = make_frag(num, num.groups, st, tail=True, asr_cut=k if chance(0.7) else None)
        T.append(C(intro(c, kind), fr))
    else:
        st = c.style(kind, asr="atom" if chance(0.5) else "group")
        k = R.randrange(1, len(num.groups))
        pieces = [num.groups[:k], num.groups[k:]]
        if chance(0.5):
            fr = make_frag(num, num.groups, st, tail=True, asr_cut=k)
            T.append(C(intro(c, kind), fr))
        else:
            T.append(C(intro(c, kind), make_frag(num, pieces[0], st, tail=False), BR, make_frag(num, pieces[1], st, tail=True)))
    if chance(0.5):
        T.append(readback_part(c, num, pick(["last", "first"])))
        T.append(C(c.say("yes")))
    else:
        T.append(A(c.say("ack")))
    closing(c, T)
    return T


def ph_filler(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, c.lang)
    fill = ["uh", "um", "er"] if c.lang == "en" else (["呃", "嗯", "那个"] if c.lang == "zh" else ["uh", "呃", "嗯", "um"])
    st = c.style(kind, fillers=fill, fill_p=0.6)
    ask(c, num, T)
    flow = pick(["inline", "inline", "pieces"])
    c.flow = flow
    if flow == "inline":
        lead = pick(["呃……", "嗯，", "那个，", ""]) if c.lang != "en" else pick(["Uh, ", "Um, okay, ", "Er, ", ""])
        T.append(C(lead, intro(c, kind), full(c, num, st), end_punct(c)))
    else:
        pieces_turns(c, num, T, pick([2, 3]), st)
    if chance(0.4):
        T.append(readback_part(c, num, "last"))
        T.append(C(c.say("yes")))
    else:
        T.append(A(c.say("ack")))
    closing(c, T)
    return T


def give_number(c, num, T, how=None):
    how = how or pick(["plain", "plain", "pieces"])
    st = c.style(num.kind)
    if how == "plain":
        T.append(C(intro(c, num.kind), full(c, num, st), end_punct(c)))
    else:
        pieces_turns(c, num, T, 2, st)


def ph_multi(c):
    T = []
    opening(c, T)
    flow = pick(["phone+id", "card+phone", "id+card", "two-phones", "amount-then-card", "order-then-phone"])
    c.flow = flow
    if flow in ("phone+id", "card+phone", "id+card"):
        k1, k2 = {"phone+id": ("phone", "id_number"), "card+phone": ("bank_card", "phone"), "id+card": ("id_number", "bank_card")}[flow]
        n1, n2 = make_num(k1, c.lang), make_num(k2, c.lang)
        ask(c, n1, T)
        give_number(c, n1, T)
        T.append(A(c.say("ack")))
        middle(c, T, 0.5)
        ask(c, n2, T)
        give_number(c, n2, T)
        if chance(0.5):
            T.append(readback_part(c, n2, "last"))
            T.append(C(c.say("yes")))
    elif flow == "two-phones":
        n1 = make_num("phone", c.lang)
        n2 = make_num("phone", c.lang)
        ask(c, n1, T)
        give_number(c, n1, T, "plain")
        T.append(C(c.say("emergency", x=full(c, n2))))
        T.append(A(c.say("ack")))
    elif flow == "amount-then-card":
        n1 = make_card()
        T.append(C(c.say("after_amount", x=full(c, n1))))
        T.append(A(c.say("ack")))
        n2 = make_num(pick(["phone", "id_number"]), c.lang)
        ask(c, n2, T)
        give_number(c, n2, T)
    else:
        n1 = make_num("phone", c.lang, prefer="mobile")
        T.append(C(c.say("after_order", x=full(c, n1))))
        T.append(A(c.say("ack")))
        n2 = make_num(pick(["id_number", "bank_card"]), c.lang)
        ask(c, n2, T)
        give_number(c, n2, T)
    T.append(A(c.say("ack")))
    closing(c, T)
    return T


def ph_check_apart(c):
    T = []
    opening(c, T)
    num = make_id(force_x=True)
    body = Num("id_number", regroup(num.digits[:17], [6, 8, 3] if chance(0.6) else [6, 4, 4, 3]))
    st = c.style("id_number")
    flow = pick(["same-turn", "asked", "next-line", "pieces"])
    c.flow = flow
    ask(c, num, T)
    if flow == "same-turn":
        T.append(C(intro(c, "id_number"), make_frag(body, body.groups, st, tail=False), pick(["，", ", ", "…… ", "，"]),
                   c.say("x_last", x=x_frag(st, c.lang))))
    elif flow == "asked":
        T.append(C(intro(c, "id_number"), make_frag(body, body.groups, st, tail=False), end_punct(c)))
        T.append(A(c.say("ask_x")))
        lang = c.plang()
        xf = x_frag(st, c.lang)
        if lang == "zh":
            T.append(C(pick(["是", "最后是", "哦，还有个", ""]), xf, pick(["。", "，字母。", "，大写的。"])))
        else:
            T.append(C(pick(["Oh, ", "Sorry, ", "It's ", ""]), pick(["an ", "", "capital "]), xf, "."))
    elif flow == "next-line":
        T.append(C(intro(c, "id_number"), make_frag(body, body.groups, st, tail=False), BR, c.say("x_last", x=x_frag(st, c.lang))))
    else:
        pieces = split_pieces(body.groups, 2)
        T.append(C(intro(c, "id_number"), make_frag(body, pieces[0], st, tail=False)))
        T.append(backchannel(c))
        T.append(C(make_frag(body, pieces[1], st, tail=False)))
        T.append(backchannel(c))
        T.append(C(c.say("x_last", x=x_frag(st, c.lang))))
    if chance(0.4):
        T.append(readback_part(c, num, "last"))
        T.append(C(c.say("yes")))
    else:
        T.append(A(c.say("ack")))
    closing(c, T)
    return T


def ph_glued(c):
    T = []
    opening(c, T)
    kind = c.kind()
    num = make_num(kind, "en")
    st = c.style(kind, base="glued")
    ask(c, num, T)
    flow = pick(["plain", "pieces", "plain"])
    c.flow = flow
    if flow == "plain":
        T.append(C(intro(c, kind), full(c, num, st), end_punct(c, "en")))
    else:
        pieces_turns(c, num, T, pick([2, 3]), st)
    if chance(0.5):
        T.append(readback_part(c, num, "last"))
        T.append(C(c.say("yes")))
    else:
        T.append(A(c.say("ack")))
    closing(c, T)
    return T


# ---------------------------------------------------------------------------------- negatives

def ph_negative(c):
    T = []
    opening(c, T, harmless=0.8)
    fits = {"order": ["ecommerce", "car-rental", "delivery", "airline"], "order-pieces": ["ecommerce", "car-rental", "delivery"],
            "tracking": ["delivery", "ecommerce"], "billing": ["telecom", "utilities", "banking", "insurance"],
            "appointment": ["hospital", "government", "telecom", "car-rental"]}
    flow = pick([f for f in ["order", "order-pieces", "tracking", "billing", "transfer", "example", "declined", "appointment",
                             "counts", "order", "order-pieces", "tracking"] if c.domain in fits.get(f, [c.domain])])
    c.flow = flow
    lang = c.lang if c.lang != "mixed" else pick(["zh", "en"])
    if flow in ("order", "order-pieces"):
        T.append(A(c.say("ask_order", lang=lang)))
        on = order_number(lang, lookalike=True if chance(0.7) else None)
        if flow == "order-pieces" and on.replace(" ", "").isdigit():
            d = on.replace(" ", "")
            cut = len(d) // 2
            if lang == "zh":
                T.append(C("订单号是", d[:cut], "……"))
                T.append(A(pick(["嗯", "好", "您说"])))
                T.append(C(d[cut:], "。"))
                T.append(A("订单号", d, "，查到了，是{date}下的单。".replace("{date}", H("zh", "date"))))
            else:
                T.append(C("The order number is ", d[:cut], "..."))
                T.append(A(pick(["Okay.", "Go on.", "Mm-hm."])))
                T.append(C(d[cut:], "."))
                T.append(A("Order ", d, ", found it, placed on ", H("en", "date"), "."))
        else:
            if lang == "zh":
                T.append(C(pick(["单号是", "订单号", "是"]), on, "。"))
                T.append(A("好的，", on, "，我看到了，金额", H("zh", "amount"), "。"))
            else:
                T.append(C(pick(["It's ", "The order number is ", ""]), on, "."))
                T.append(A("Okay, ", on, ", I see it, total ", H("en", "amount"), "."))
    elif flow == "tracking":
        trk = H(lang, "track")
        if lang == "zh":
            T.append(A("您的快递单号是多少？"))
            T.append(C("单号", trk, "，", H("zh", "date"), "发的。"))
            T.append(A("查到了，目前在", pick(["杭州", "广州", "武汉"]), "转运中心，预计", H("zh", "date"), H("zh", "time"), "前送到。"))
            T.append(C("我们小区邮编是", H("zh", "zip"), "，地址没写错吧？"))
        else:
            T.append(A("Do you have the tracking number?"))
            T.append(C("Yeah, ", trk, ". It shipped on ", H("en", "date"), "."))
            T.append(A("It's at the regional hub, expected ", H("en", "date"), " by ", H("en", "time"), "."))
            T.append(C("Is the zip right? It should be ", H("en", "zip"), "."))
    elif flow == "billing":
        for _ in range(2):
            middle(c, T, 1.0)
        if lang == "zh":
            T.append(C("那我", H("zh", "date"), "之前交", H("zh", "amount"), "可以吗？"))
            T.append(A("可以的，滞纳金是每天", pick(["万分之五", "千分之一", "0.05%"]), "。"))
        else:
            T.append(C("Can I pay ", H("en", "amount"), " before ", H("en", "date"), "?"))
            T.append(A("Yes, and the late fee is ", H("en", "pct"), "."))
    elif flow == "transfer":
        middle(c, T, 1.0)
        T.append(A(c.say("transfer", lang=lang)))
        T.append(C(c.say("yes", lang=lang)))
    elif flow == "example":
        key = pick(["example_id", "example_card"])
        ex = example_id() if key == "example_id" else example_card()
        T.append(A(c.parts(c.phrase(key, lang)[0].replace("{ex}", ex), lang)))
        T.append(C("好的，明白了。" if lang == "zh" else "Okay, got it."))
        middle(c, T, 1.0)
    elif flow == "declined":
        key = pick(["ask_id", "ask_card", "ask_phone"])
        T.append(A(c.say(key, lang=lang)))
        T.append(C(c.say("decline", lang=lang)))
        T.append(A(c.say("decline_ok", lang=lang)))
        middle(c, T, 1.0)
    elif flow == "appointment":
        if lang == "zh":
            T.append(A("给您约的是", H("zh", "date"), H("zh", "time"), "，", H("zh", "floor"), "楼", H("zh", "room"), "号窗口，您是第",
                       H("zh", "qno"), "位。"))
            T.append(C("能不能往后推", pick(["两天", "一周", "3天"]), "？我", H("zh", "date"), "要出差。"))
            T.append(A("可以，改到", H("zh", "date"), "下午", str(R.randint(1, 5)), "点，还是那个窗口。"))
        else:
            T.append(A("You're booked for ", H("en", "date"), " at ", H("en", "time"), ", room ", H("en", "room"), "."))
            T.append(C("Could we push it ", pick(["two days", "a week", "3 days"]), "? I'm away on ", H("en", "date"), "."))
            T.append(A("Sure, ", H("en", "date"), " at ", H("en", "time"), " then."))
    else:
        if lang == "zh":
            T.append(C("我已经打了", pick(["五六次", "三次", "好几次", "7次"]), "电话了，每次都等", pick(["二十分钟", "半小时", "15分钟"]), "。"))
            T.append(A("非常抱歉，这边给您登记了加急，", pick(["百分之九十", "90%", "大部分"]), "的问题", H("zh", "n_days"), "天内处理完。"))
            T.append(C("上次那个", H("zh", "qty"), "到现在还没退，", H("zh", "amount"), "呢。"))
        else:
            T.append(C("I've called like ", pick(["five times", "4 times", "three times"]), " and waited ", pick(["20 minutes", "half an hour"]), " each time."))
            T.append(A("I'm sorry about that. I've escalated it, ", H("en", "pct"), " of these are fixed within ", H("en", "n_days"), " days."))
            T.append(C("And the ", H("en", "qty"), " items I sent back, that's ", H("en", "amount"), "."))
    closing(c, T)
    return T


PHEN_FUN = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
            "readback": ph_readback, "asr-chunks": ph_asr_chunks, "filler": ph_filler, "multi-number": ph_multi,
            "check-char-apart": ph_check_apart, "glued-words": ph_glued, "negative": ph_negative}


# ============================================================================================
# Rendering
# ============================================================================================

def fmt_hms(t):
    t = int(t)
    return "%02d:%02d:%02d" % (t // 3600, t // 60 % 60, t % 60)


def fmt_ms(t):
    t = int(t)
    return "%02d:%02d" % (t // 60, t % 60)


def fmt_vtt(t, short):
    ms = int(round(t * 1000))
    h, m, s, x = ms // 3600000, ms // 60000 % 60, ms // 1000 % 60, ms % 1000
    if short and h == 0:
        return "%02d:%02d.%03d" % (m, s, x)
    return "%02d:%02d:%02d.%03d" % (h, m, s, x)


def plain_len(parts):
    n = 0
    for p in parts:
        if isinstance(p, str):
            n += len(p)
        elif isinstance(p, Frag):
            n += len(p.text) + len(p.lead_text)
    return n


def labels_for(c):
    lang = c.lang
    a, b = pick(LABELS[lang])
    wid = str(R.randint(1000, 9999))
    return a.replace("{wid}", wid), b.replace("{wid}", wid)


TEXT_STYLES = ["colon", "bracket-ts", "label-line", "tab", "pipe", "angle", "dash", "paren-ts", "lenticular", "numbered",
               "gt", "range", "wall", "quote"]


class TextStyle:
    def __init__(self, c):
        self.name = pick(TEXT_STYLES)
        if self.name == "lenticular" and c.lang == "en":
            self.name = "angle"
        self.la, self.lc = labels_for(c)
        self.colon = pick(["：", ":", "： "]) if c.lang == "zh" else (": " if c.lang == "en" else pick([": ", "："]))
        self.br = pick(["newline", "relabel", "newline", "space-dots"])
        self.wall0 = R.randint(8 * 3600, 20 * 3600)
        self.upper = chance(0.3)

    def lab(self, role):
        return self.la if role == "A" else self.lc

    def prefix(self, role, t, idx):
        n, lab = self.name, self.lab(role)
        if n == "colon":
            return lab + self.colon
        if n == "bracket-ts":
            return "[%s] %s: " % (fmt_hms(t), lab)
        if n == "label-line":
            return "%s  %s\n" % (lab, fmt_hms(t))
        if n == "tab":
            return "%.2f\t%s\t" % (t, lab)
        if n == "pipe":
            return "%s | %s | " % (fmt_hms(t), lab.upper() if self.upper else lab)
        if n == "angle":
            return "<%s> " % lab
        if n == "dash":
            return "- "
        if n == "paren-ts":
            return "%s (%s): " % (lab, fmt_ms(t))
        if n == "lenticular":
            return "【%s】" % lab
        if n == "numbered":
            return "%d. %s: " % (idx + 1, lab)
        if n == "gt":
            return "%s > " % lab
        if n == "range":
            return "[%.1f-%.1f] %s: " % (t, t + 2.5, lab)
        if n == "wall":
            return "%s %s%s" % (lab, fmt_hms(self.wall0 + t), self.colon)
        if n == "quote":
            return "%s%s“" % (lab, self.colon)
        raise AssertionError(n)

    def suffix(self):
        return "”" if self.name == "quote" else ""

    def cont(self, role, t, idx):
        if self.br == "space-dots":
            return pick([" … ", " ... ", "…", " "])
        if self.br == "relabel" or self.name in ("quote", "label-line"):
            return self.suffix() + "\n" + self.prefix(role, t, idx)
        return "\n"


def header_lines(c):
    lang = c.lang if c.lang != "mixed" else pick(["zh", "en"])
    day = "2026-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28))
    clock = "%02d:%02d:%02d" % (R.randint(8, 20), R.randint(0, 59), R.randint(0, 59))
    dur = "%02d:%02d" % (R.randint(1, 12), R.randint(0, 59))
    if lang == "zh":
        opts = ["通话记录 %s %s" % (day, clock), "【录音转写】呼入 | 时长 %s" % dur, "=== 会话 CV-%s ===" % hdigits(8),
                "录音编号：REC%s%04d" % (day.replace("-", ""), R.randint(0, 9999)), None, None]
        foot = ["[通话结束]", "（通话结束，时长%s）" % dur, None, None, None]
    else:
        opts = ["Call transcript - %s %s" % (day, clock), "Call ID: c-%08x | Queue: %s | Duration %s" % (R.getrandbits(32), pick(["billing", "claims", "support"]), dur),
                "--- begin transcript ---", "Recording #%s" % hdigits(6), None, None]
        foot = ["--- end of call ---", "[call ended %s]" % clock, None, None, None]
    return pick(opts), pick(foot)


class Out:
    def __init__(self):
        self.buf = []
        self.pos = 0
        self.spans = []

    def emit(self, s):
        self.buf.append(s)
        self.pos += len(s)

    def frag(self, f):
        if f.lead_text:
            self.emit(f.lead_text)
        self.spans.append({"start": self.pos, "end": self.pos + len(f.text), "kind": f.kind, "last4_ok": bool(f.last4)})
        TRACE["emitted"].append(f)
        self.emit(f.text)

    def text(self):
        return "".join(self.buf)


def turn_time(parts, lang):
    per = 0.2 if lang == "zh" else 0.065
    return max(1.0, plain_len(parts) * per + R.uniform(0.2, 1.2))


def render_text(c, T):
    st = TextStyle(c)
    o = Out()
    head, foot = header_lines(c)
    if head:
        o.emit(head + "\n")
        if chance(0.3):
            o.emit("\n")
    t = R.uniform(0.0, 4.0)
    for idx, (role, parts) in enumerate(T):
        o.emit(st.prefix(role, t, idx))
        for p in parts:
            if p is BR:
                t += R.uniform(0.8, 2.5)
                o.emit(st.cont(role, t, idx))
            elif isinstance(p, str):
                o.emit(p)
            else:
                o.frag(p)
        o.emit(st.suffix())
        t += turn_time(parts, c.lang)
        if idx < len(T) - 1 or foot or chance(0.5):
            o.emit("\n")
    if foot:
        o.emit(foot + "\n")
    return o.text(), o.spans, st.name


def render_vtt(c, T):
    o = Out()
    o.emit(pick(["WEBVTT", "WEBVTT", "WEBVTT - call %s" % hdigits(8), "WEBVTT Kind: captions"]) + "\n\n")
    if chance(0.3):
        o.emit(pick(["NOTE exported by the recorder, speaker tags from diarisation", "NOTE 自动转写，仅供质检",
                     "NOTE channel 1 = agent, channel 2 = caller"]) + "\n\n")
    la, lc = labels_for(c)
    voice = pick(["v", "v", "colon", "bracket", "dash", "none"])
    ids = pick(["num", "none", "none", "cue"])
    short = chance(0.4)
    settings = pick(["", "", " align:start", " line:90%"])
    t = R.uniform(0.0, 3.0)
    cue = 0
    for role, parts in T:
        chunks = [[]]
        for p in parts:
            if p is BR:
                chunks.append([])
            else:
                chunks[-1].append(p)
        lab = la if role == "A" else lc
        for ch in chunks:
            if not ch:
                continue
            cue += 1
            d = turn_time(ch, c.lang)
            if ids == "num":
                o.emit("%d\n" % cue)
            elif ids == "cue":
                o.emit("cue-%d\n" % cue)
            o.emit("%s --> %s%s\n" % (fmt_vtt(t, short), fmt_vtt(t + d, short), settings))
            if voice == "v":
                o.emit("<v %s>" % lab)
            elif voice == "colon":
                o.emit(lab + (": " if c.lang == "en" else "："))
            elif voice == "bracket":
                o.emit("[%s] " % lab)
            elif voice == "dash":
                o.emit("- ")
            for p in ch:
                if isinstance(p, str):
                    o.emit(p.replace("-->", "->"))
                else:
                    o.frag(p)
            o.emit("\n\n")
            t += d + R.uniform(0.05, 0.6)
    return o.text(), o.spans, "vtt-%s-%s" % (voice, ids)


ZH_PUNCT = set("，。？！、：；“”…（）—,.?!:;")


def is_cjk(ch):
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF) or ch in "〇"


def tokenize(s, keep_punct, lower):
    """ASR words of a piece of ordinary text."""
    toks = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if ch in ZH_PUNCT or ch in "\"'“”":
            if keep_punct and toks and ch not in "\"“”" and not (ch == "-" or ch == "'"):
                toks[-1] = toks[-1] + ch
            i += 1
            continue
        if is_cjk(ch):
            j = i
            while j < n and is_cjk(s[j]):
                j += 1
            run = s[i:j]
            k = 0
            while k < len(run):
                m = pick([1, 2, 2, 2, 3])
                toks.append(run[k:k + m])
                k += m
            i = j
            continue
        j = i
        while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in "，。？！、：；“”…（）":
            j += 1
        w = s[i:j]
        core = w.rstrip(",.?!:;")
        trail = w[len(core):]
        if lower:
            core = core.lower()
        if core and not any(ch.isalnum() for ch in core):
            if keep_punct and toks:
                toks[-1] += w
            i = j
            continue
        if core:
            toks.append(core + (trail if keep_punct else ""))
        i = j
    return toks


def asr_items(c, T, keep_punct, lower):
    """Per turn: list of items ('w', word, frag_index or None) / ('br',)."""
    frags = []
    turns = []
    for role, parts in T:
        items = []
        for p in parts:
            if p is BR:
                items.append(("br",))
            elif isinstance(p, str):
                for w in tokenize(p, keep_punct, lower):
                    items.append(("w", w, None))
            else:
                fi = len(frags)
                frags.append(p)
                for w in p.lead_toks:
                    items.append(("w", w, None))
                for w in p.toks:
                    if w is BR:
                        items.append(("br",))
                    else:
                        items.append(("w", w, fi))
        turns.append((role, items))
    TRACE["emitted"] = list(frags)
    return turns, frags


def render_asr(c, T):
    keep_punct = chance(0.5)
    lower = c.lang != "zh" and chance(0.5)
    turns, frags = asr_items(c, T, keep_punct, lower)
    whisper = chance(0.4)
    spk = pick([("agent", "customer"), ("spk_0", "spk_1"), ("A", "B"), ("ch1", "ch2"), None])
    spk_every = chance(0.6)
    lang_code = {"zh": "zh", "en": "en", "mixed": pick(["zh", "en"])}[c.lang]
    t = R.uniform(0.2, 2.0)
    ents = [[] for _ in frags]
    if not whisper:
        words = []
        for role, items in turns:
            first = True
            for it in items:
                if it[0] == "br":
                    t += R.uniform(0.2, 0.8)
                    continue
                _, w, fi = it
                d = R.uniform(0.18, 0.55)
                rec = {"word": w, "start_ms": int(t * 1000), "end_ms": int((t + d) * 1000)}
                if spk and (spk_every or first):
                    rec["speaker"] = spk[0] if role == "A" else spk[1]
                if chance(0.3):
                    rec["confidence"] = round(R.uniform(0.55, 0.99), 2)
                if fi is not None:
                    ents[fi].append(len(words))
                words.append(rec)
                first = False
                t += d + R.uniform(0.0, 0.12)
            t += R.uniform(0.4, 1.5)
        tr = {"language": lang_code, "words": words} if chance(0.8) else {"words": words}
        shape = "words"
    else:
        segs = []
        for role, items in turns:
            cur = []
            chunks = [cur]
            for it in items:
                if it[0] == "br":
                    cur = []
                    chunks.append(cur)
                else:
                    cur.append(it)
            for ch in chunks:
                if not ch:
                    continue
                si = len(segs)
                ws = []
                for wi, (_, w, fi) in enumerate(ch):
                    d = R.uniform(0.18, 0.5)
                    lead = " " if (c.lang == "en" or re.match(r"[A-Za-z0-9+($£¥#\uff10-\uff19]", w)) else ""
                    ws.append({"word": lead + w, "start": round(t, 2), "end": round(t + d, 2), "probability": round(R.uniform(0.5, 0.99), 3)})
                    if fi is not None:
                        ents[fi].append([si, wi])
                    t += d + R.uniform(0.0, 0.1)
                seg = {"id": si, "seek": 0, "start": ws[0]["start"], "end": ws[-1]["end"],
                       "text": "".join(w["word"] for w in ws).strip(), "words": ws}
                if spk:
                    seg["speaker"] = "SPEAKER_00" if role == "A" else "SPEAKER_01"
                segs.append(seg)
                t += R.uniform(0.3, 1.2)
        tr = {"text": " ".join(s["text"] for s in segs) if c.lang == "en" else "".join(s["text"] for s in segs),
              "segments": segs, "language": lang_code}
        shape = "whisper"
    entities = [{"words": ents[i], "kind": f.kind, "last4_ok": bool(f.last4)} for i, f in enumerate(frags)]
    return tr, entities, shape


# ============================================================================================
# Schedule
# ============================================================================================

PHEN_COUNTS = [("negative", 100), ("interruption", 44), ("continuation", 40), ("correction", 40), ("readback", 40),
               ("asr-chunks", 30), ("multi-number", 30), ("filler", 26), ("plain", 26), ("check-char-apart", 14),
               ("glued-words", 10)]
LANG_COUNTS = {"zh": 180, "en": 140, "mixed": 80}
FMT_COUNTS = {"text": 240, "asr-json": 100, "vtt": 60}


def draw(pool, allowed, boost=None):
    pairs = [(k, pool[k] * ((boost or {}).get(k, 1))) for k in allowed if pool[k] > 0]
    if not pairs:
        pairs = [(k, pool[k]) for k in pool if pool[k] > 0]
    v = wpick(pairs)
    pool[v] -= 1
    return v


def schedule():
    phens = [p for p, n in PHEN_COUNTS for _ in range(n)]
    lp = Counter(LANG_COUNTS)
    fp = Counter(FMT_COUNTS)
    order = sorted(range(len(phens)), key=lambda i: (0 if phens[i] in ("glued-words", "asr-chunks") else 1, R.random()))
    out = [None] * len(phens)
    for i in order:
        ph = phens[i]
        lang = draw(lp, ["en", "mixed"] if ph == "glued-words" else ["zh", "en", "mixed"], {"en": 4} if ph == "glued-words" else None)
        fmt = draw(fp, ["asr-json", "text", "vtt"], {"asr-json": 5} if ph == "asr-chunks" else None)
        out[i] = (ph, lang, fmt)
    R.shuffle(out)
    return out


def domain_for(ph, lang):
    names = [d for d in DOMAINS if lang != "mixed" or True]
    d = pick(names)
    if ph == "check-char-apart":
        d = pick([x for x in DOMAINS if "id_number" in DOMAINS[x]["kinds"]])
    return d


def build(idx, ph, lang, fmt):
    TRACE["nums"], TRACE["frags"], TRACE["emitted"] = [], [], []
    domain = domain_for(ph, lang)
    c = Ctx(lang, domain, fmt, ph)
    T = PHEN_FUN[ph](c)
    rec = {"id": "%s-%04d" % (SET, idx), "set": SET, "phenomenon": ph, "lang": lang, "format": fmt}
    if fmt == "text":
        text, spans, style = render_text(c, T)
        rec["variant"] = "%s/text/%s/%s" % (domain, style, c.flow)
        rec["text"] = text
        rec["spans"] = spans
    elif fmt == "vtt":
        text, spans, style = render_vtt(c, T)
        rec["variant"] = "%s/vtt/%s/%s" % (domain, style, c.flow)
        rec["transcript_text"] = text
        rec["spans"] = spans
    else:
        tr, ents, shape = render_asr(c, T)
        rec["variant"] = "%s/asr-json/%s/%s" % (domain, shape, c.flow)
        rec["transcript"] = tr
        rec["entities"] = ents
    return rec


def main(argv=None):
    global R
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    R = random.Random(args.seed)
    cases = [build(i + 1, *s) for i, s in enumerate(schedule())]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in cases:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    cnt = Counter((r["lang"], r["format"]) for r in cases)
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(args.out, ROOT)))
    print("  lang:", dict(Counter(r["lang"] for r in cases)))
    print("  format:", dict(Counter(r["format"] for r in cases)))
    print("  phenomenon:", dict(Counter(r["phenomenon"] for r in cases)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
