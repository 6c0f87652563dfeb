#!/usr/bin/env python3
"""Generate the conversation evaluation set for `callvault redact`.

Writes two splits, built from two DISJOINT banks of dialogue templates (greetings, requests,
speaker-label styles, back-channels, fillers, correction phrases, read-back frames, negative
scenarios), with different seeds and region codes, so that the test split measures
generalisation beyond the phrasings a redactor may have been tuned on:

    Tests/VaultRedactTests/Fixtures/conversations-dev.jsonl
    Tests/VaultRedactTests/Fixtures/conversations-test.jsonl

This set was written from the phenomena of real phone conversations (Chinese, English and mixed),
independently of the redactor's code. Python 3.11, standard library only; deterministic.

Case format (one JSON object a line):
  common: id, set, phenomenon, lang (zh/en/mixed), format (text/asr-json/vtt), variant (free text)
  text:     "text" (whole conversation, one speaker turn a line) and "spans":
            [{"start","end","kind","last4_ok"}], code point offsets, end exclusive, from the first
            character of a fragment's first digit (Arabic / full-width digit, Chinese numeral,
            English number word, or "double"/"triple") to the last character of its last digit.
  asr-json: "transcript" ({"words":[...]} ASR list, or Whisper {"segments":[...]}) and
            "entities": [{"kind","last4_ok","words":[index...] or [[segment, word]...]}]
  vtt:      "transcript_text" (a WebVTT file) and "spans" (offsets into that text)

Labelling rules: every fragment of a number is its own span (a part said before an interruption,
each line of a continuation, an abandoned attempt before a correction, each read-back, a check
character said apart). Kinds: id_number, bank_card, phone. last4_ok is true only on the final
fragment of a phone number's complete (non-abandoned) mention, including a full read-back.
A country code (+86 / 0086) is not part of a phone span; a landline's area code is. An ID's check
character X is part of its span.

Every number outside the labels (amounts, dates, order numbers, codes, ...) is checked harmless:
no 11-digit run (or group-aligned 11-digit window) of the form 1[3-9]xxxxxxxxx, no 13-19 digit
run or group-aligned window passing Luhn, no 18-digit one passing MOD 11-2, no 15/18-digit run
starting with a province code, no 10-12 digit run starting with 0, no 16/19-digit run with a card
prefix.

Usage: Tools/gen_redact_conversations.py [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import re
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures")

SEEDS = {"dev": 2024_05_17, "test": 7_331_900_113}

# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------

MOD112_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(d17: str) -> str:
    s = sum(int(c) * w for c, w in zip(d17, MOD112_W))
    return "10X98765432"[s % 11]


def id_valid(d: str) -> bool:
    return len(d) == 18 and d[:17].isdigit() and id_check(d[:17]) == d[17].upper()


def luhn_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(d)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise AssertionError


def is_mobile(d: str) -> bool:
    return len(d) == 11 and d[0] == "1" and d[1] in "3456789"


PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
             "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
             "65", "71", "81", "82", "91"}


def card_prefix(d: str) -> bool:
    return d.startswith("62") or d.startswith("4") or d[:2] in {"51", "52", "53", "54", "55"}


def harmless_digits(d: str, bounds: list[int] | None = None) -> bool:
    """True when the digit string (with its group boundaries) can't be read as an ID, card or phone."""
    d = d.upper()
    if not d.isdigit():
        if len(d) == 18 and id_valid(d):
            return False
        return all(harmless_digits(p) for p in d.split("X") if p)
    n = len(d)
    cuts = sorted(set([0, n] + [b for b in (bounds or []) if 0 < b < n]))
    for i in cuts:
        for j in cuts:
            if j <= i:
                continue
            w = d[i:j]
            L = len(w)
            if L == 11 and is_mobile(w):
                return False
            if 13 <= L <= 19 and luhn_ok(w):
                return False
            if L == 18 and id_valid(w):
                return False
            if L in (15, 18) and w[:2] in PROVINCES:
                return False
            if 10 <= L <= 12 and w[0] == "0":
                return False
            if L in (16, 19) and card_prefix(w):
                return False
    return True


# --------------------------------------------------------------------------------------------
# Reading spoken digits (used to validate labels and to scan for accidental sensitive runs)
# --------------------------------------------------------------------------------------------

ZH_VAL = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
          "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
EN_VAL = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
          "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
EN_MULT = {"double": 2, "triple": 3}
SEP_CHARS = set(" -,，、　")


def decompose(word: str) -> list[str] | None:
    """Split a letter run into number words (zero..nine, oh, o, double, triple); None if impossible."""
    w = word.lower()
    vocab = list(EN_VAL) + list(EN_MULT)
    best: list[list[str] | None] = [None] * (len(w) + 1)
    best[0] = []
    for i in range(len(w)):
        if best[i] is None:
            continue
        for v in vocab:
            if w.startswith(v, i):
                cand = best[i] + [v]
                if best[i + len(v)] is None or len(cand) < len(best[i + len(v)]):
                    best[i + len(v)] = cand
    return best[len(w)]


def units(text: str):
    """Tokenise into ('d', digit-or-X), ('m', multiplier), ('s',) separators and ('x',) others."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if "0" <= c <= "9":
            out.append(("d", c, i)); i += 1; continue
        if "０" <= c <= "９":
            out.append(("d", str(ord(c) - 0xFF10), i)); i += 1; continue
        if c in ZH_VAL:
            out.append(("d", ZH_VAL[c], i)); i += 1; continue
        if c in "叉Ｘ":
            out.append(("d", "X", i)); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isalpha():
                j += 1
            word = text[i:j]
            if word.lower() == "x":
                out.append(("d", "X", i))
            else:
                parts = decompose(word)
                if parts:
                    for p in parts:
                        if p in EN_MULT:
                            out.append(("m", EN_MULT[p], i))
                        else:
                            out.append(("d", EN_VAL[p], i))
                else:
                    out.append(("x", None, i))
            i = j
            continue
        if c in SEP_CHARS:
            out.append(("s", None, i)); i += 1; continue
        out.append(("x", None, i)); i += 1
    return out


def spoken_digits(text: str) -> str:
    """The digit string said in a fragment (fillers ignored, double/triple expanded)."""
    res = []
    mult = 1
    for t, v, _ in units(text):
        if t == "m":
            mult = v
        elif t == "d":
            res.append(v * mult)
            mult = 1
    return "".join(res)


def digit_runs(text: str):
    """Runs of digits (any spoken form) joined by at most two separator characters."""
    runs = []
    cur = ""
    bounds: list[int] = []
    seps = 0
    mult = 1
    started = False
    for t, v, _ in units(text):
        if t in ("d", "m"):
            if started and seps > 0:
                if seps > 2:
                    runs.append((cur, bounds)); cur = ""; bounds = []
                else:
                    bounds.append(len(cur))
            started = True
            seps = 0
            if t == "m":
                mult = v
            else:
                cur += v * mult
                mult = 1
        elif t == "s":
            if started:
                seps += 1
        else:
            if started and cur:
                runs.append((cur, bounds))
            cur = ""; bounds = []; seps = 0; started = False; mult = 1
    if started and cur:
        runs.append((cur, bounds))
    return runs


# --------------------------------------------------------------------------------------------
# Number generators
# --------------------------------------------------------------------------------------------

REGIONS = {
    "dev": ["110101", "310104", "440305", "320102", "330106", "510107", "420111", "610113", "370202",
            "210102", "500103", "350203", "430104", "120101", "340104", "450103", "620102", "230102",
            "520102", "650102"],
    "test": ["110105", "110108", "310115", "310112", "440106", "440304", "320106", "330102", "510104",
             "420106", "610112", "370102", "210106", "500106", "350206", "410105", "130102", "360102",
             "530102", "220102", "140105", "150102", "460105", "640104", "630102", "540102"],
}
UNIONPAY16 = ["622588", "622609", "625965", "622262", "622155", "621485", "622580", "622575"]
UNIONPAY19 = ["622848", "621700", "622202", "621226", "623668", "621661", "622208", "621799"]
VISA = ["4367", "4392", "4563", "4026", "4514", "4890", "4217"]
MOBILE_PRE = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
              "151", "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175",
              "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
              "191", "198", "199"]
LANDLINES = ["010", "021", "0755", "0571", "020", "028", "027", "0512", "025", "0532"]


@dataclass
class Ent:
    kind: str           # id_number / bank_card / phone
    digits: str
    sub: str = ""       # mobile / landline / up16 ...
    area: int = 0       # landline area-code length
    cc: str = ""        # country-code prefix text ("+86 ", "0086 " ...), outside the span


def rdigits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def gen_id(rng, split, want_x=None):
    if want_x is None:
        want_x = rng.random() < 0.10
    lo = _dt.date(1950, 1, 1).toordinal()
    hi = _dt.date(2005, 12, 31).toordinal()
    while True:
        region = rng.choice(REGIONS[split])
        d = _dt.date.fromordinal(rng.randint(lo, hi))
        d17 = region + d.strftime("%Y%m%d") + f"{rng.randint(1, 999):03d}"
        c = id_check(d17)
        if (c == "X") == want_x:
            return Ent("id_number", d17 + c)


def gen_card(rng):
    t = rng.choices(["up16", "up19", "visa", "mc"], [0.35, 0.3, 0.2, 0.15])[0]
    if t == "up16":
        body = rng.choice(UNIONPAY16); n = 16
    elif t == "up19":
        body = rng.choice(UNIONPAY19); n = 19
    elif t == "visa":
        body = rng.choice(VISA); n = 16
    else:
        body = str(rng.randint(51, 55)); n = 16
    body += rdigits(rng, n - 1 - len(body))
    return Ent("bank_card", body + luhn_digit(body), t)


def gen_phone(rng, landline_p=0.12, cc_p=0.1, lang="zh"):
    if rng.random() < landline_p:
        code = rng.choice(LANDLINES)
        local = rng.choice("2345678") + rdigits(rng, 7)
        return Ent("phone", code + local, "landline", len(code))
    e = Ent("phone", rng.choice(MOBILE_PRE) + rdigits(rng, 8), "mobile")
    if rng.random() < cc_p:
        if lang == "en":
            e.cc = rng.choice(["+86 ", "+86 ", "plus eight six, ", "0086 ", "+86-"])
        else:
            e.cc = rng.choice(["+86 ", "+86 ", "0086 ", "+86", "(+86) "])
    return e


def default_groups(rng, e: Ent) -> list[int]:
    n = len(e.digits)
    if e.kind == "phone":
        if e.sub == "landline":
            rest = n - e.area
            return rng.choice([[e.area, rest], [e.area, rest], [e.area, 4, rest - 4], [n]])
        return rng.choices([[3, 4, 4], [11], [7, 4], [3, 8], [3, 3, 5]], [0.6, 0.15, 0.1, 0.1, 0.05])[0]
    if e.kind == "id_number":
        return rng.choices([[6, 8, 4], [18], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [4, 4, 4, 4, 2]],
                           [0.35, 0.22, 0.12, 0.1, 0.11, 0.1])[0]
    if n == 16:
        return rng.choices([[4, 4, 4, 4], [16], [6, 10], [4, 4, 8]], [0.7, 0.14, 0.08, 0.08])[0]
    return rng.choices([[4, 4, 4, 4, 3], [19], [6, 13], [4, 4, 4, 7]], [0.62, 0.14, 0.1, 0.14])[0]


def cut_groups(groups: list[int], cuts: list[int]):
    """Split a grouping at digit offsets; returns [(a, b, subgroups)]."""
    n = sum(groups)
    gb = set()
    acc = 0
    for g in groups[:-1]:
        acc += g
        gb.add(acc)
    pts = [0] + sorted(cuts) + [n]
    out = []
    for a, b in zip(pts, pts[1:]):
        inner = sorted(x for x in gb if a < x < b)
        edges = [a] + inner + [b]
        out.append((a, b, [y - x for x, y in zip(edges, edges[1:])]))
    return out


def group_bounds(groups):
    acc, res = 0, []
    for g in groups[:-1]:
        acc += g
        res.append(acc)
    return res


def choose_cuts(rng, n, groups, k, min_part=2, min_last=1):
    """k cut points; the last part keeps at least min_last digits (a phone's final fragment keeps 5+,
    so that it is never one the redactor may leave wholly visible)."""
    hi = n - max(1, min_last)
    cands = [b for b in group_bounds(groups) if min_part <= b <= hi]
    if len(cands) < k or rng.random() < 0.2:
        cands = list(range(min_part, hi + 1))
    return sorted(rng.sample(cands, k))


def harmless_number(rng, lengths, first="23456789"):
    while True:
        n = rng.choice(lengths)
        d = rng.choice(first) + rdigits(rng, n - 1)
        if harmless_digits(d):
            return d


# --------------------------------------------------------------------------------------------
# Voices: how one speaker says one number
# --------------------------------------------------------------------------------------------

ZH_DIGIT = "零一二三四五六七八九"
EN_DIGIT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


class Voice:
    def __init__(self, rng, kind, style):
        self.rng = rng
        self.kind = kind
        self.style = style  # ar fw zh mix en glued
        self.one = "幺" if rng.random() < (0.85 if kind == "phone" else 0.35) else "一"
        self.zero_zh = "零" if rng.random() < 0.88 else "〇"
        self.liang = kind == "phone" and rng.random() < 0.08
        self.zero_en = rng.choices(["oh", "zero", "o"], [0.6, 0.33, 0.07])[0]
        self.dbl = rng.random() < 0.45
        self.tpl = self.dbl and rng.random() < 0.5
        self.ar_sep = rng.choice([" ", " ", " ", "-", "", " - "])
        self.zh_sep = rng.choice(["", "", " ", "，"])
        self.en_sep = rng.choice([" ", ", ", ", ", " - ", "... "])
        self.fw_sep = rng.choice(["", " ", "　"])
        self.mix_sep = rng.choice([" ", "", "，"])
        self.x_ar = rng.choices(["X", "x"], [0.8, 0.2])[0]
        self.x_zh = rng.choices(["X", "x", "叉"], [0.5, 0.15, 0.35])[0]
        self.glue_p = 0.55

    def en_words(self, g):
        rng = self.rng
        out = []
        i = 0
        while i < len(g):
            c = g[i]
            r = 1
            while i + r < len(g) and g[i + r] == c:
                r += 1
            if c.upper() == "X":
                out.append(rng.choice(["X", "X", "x"])); i += 1; continue
            w = self.zero_en if c == "0" else EN_DIGIT[int(c)]
            if c == "0" and rng.random() < 0.08:
                w = rng.choice(["oh", "zero"])
            if r >= 3 and self.tpl and rng.random() < 0.8:
                out += ["triple", w]; i += 3
            elif r >= 2 and self.dbl and rng.random() < 0.75:
                out += ["double", w]; i += 2
            else:
                out.append(w); i += 1
        return out

    def group(self, g, gs):
        rng = self.rng
        if gs == "ar":
            return "".join(self.x_ar if c.upper() == "X" else c for c in g)
        if gs == "fw":
            return "".join("Ｘ" if c.upper() == "X" else chr(0xFF10 + int(c)) for c in g)
        if gs == "zh":
            s = []
            for c in g:
                if c.upper() == "X":
                    s.append(self.x_zh)
                elif c == "1":
                    s.append(self.one if rng.random() < 0.92 else ("一" if self.one == "幺" else "幺"))
                elif c == "0":
                    s.append(self.zero_zh)
                elif c == "2" and self.liang and rng.random() < 0.5:
                    s.append("两")
                else:
                    s.append(ZH_DIGIT[int(c)])
            return "".join(s)
        words = self.en_words(g)
        if gs == "glued":
            out = words[0]
            glued = False
            for w in words[1:]:
                if rng.random() < self.glue_p:
                    out += w; glued = True
                else:
                    out += " " + w
            return out
        return " ".join(words)

    def styles(self, n):
        if self.style != "mix":
            return [self.style] * n
        st = [self.rng.choice(["ar", "zh"]) for _ in range(n)]
        if n >= 2 and len(set(st)) == 1:
            st[self.rng.randrange(n)] = "zh" if st[0] == "ar" else "ar"
        return st

    def sep(self, a, b):
        if a != b:
            return self.mix_sep
        return {"ar": self.ar_sep, "fw": self.fw_sep, "zh": self.zh_sep, "en": self.en_sep,
                "glued": self.rng.choice([" ", " ", ", "])}[a]

    def render(self, digits, groups, fillers=None):
        fillers = fillers or {}
        gst = self.styles(len(groups))
        out = []
        pos = 0
        for gi, gl in enumerate(groups):
            g = digits[pos:pos + gl]
            pos += gl
            if gi > 0:
                out.append(fillers[gi] if gi in fillers else self.sep(gst[gi - 1], gst[gi]))
            out.append(self.group(g, gst[gi]))
        return "".join(out)


@dataclass
class Num:
    digits: str
    kind: str
    last4_ok: bool
    voice: Voice
    groups: list[int]
    fillers: dict = field(default_factory=dict)   # group index -> filler text (with spacing)
    role: str = ""  # mention / abandoned / readback / echo / checkchar (for the 'variant' only)
    _text: str | None = None

    def text(self):
        if self._text is None:
            self._text = self.voice.render(self.digits, self.groups, self.fillers)
        return self._text


class _BR:
    def __repr__(self):
        return "BR"


BR = _BR()   # same speaker, next line (text) / next cue (vtt) / next segment (whisper)

# --------------------------------------------------------------------------------------------
# Template banks (two disjoint banks: dev and test)
# --------------------------------------------------------------------------------------------

DEV_BANK = {
    "greet": {
        "zh": ["您好，这里是银行信用卡中心，请问有什么可以帮您？", "您好，客服{EMP}号为您服务。",
               "喂，您好，这边是售后服务中心。", "您好，欢迎致电，请问怎么称呼您？",
               "您好，这里是移动营业厅客服，请讲。", "您好！请问需要办理什么业务？",
               "您好，保险服务热线，有什么可以帮您的吗？", "您好，物流客服，请问您是查件还是寄件？"],
        "en": ["Thank you for calling card services, this is {NAME}, how can I help?",
               "Hi, you've reached customer support. What can I do for you today?",
               "Good morning, billing department, {NAME} speaking.",
               "Hello, thanks for holding. How can I help you?",
               "Hi there, this is the help desk. Who am I speaking with?",
               "Good afternoon, claims line, how may I help?"],
    },
    "purpose": {
        "zh": ["你好，我想查一下这个月的信用卡账单。", "我想改一下绑定的手机号。", "我的卡好像被锁了，想解一下。",
               "我上个月买了份保险，想问下理赔怎么弄。", "我想开通网上银行。", "喂，你好，我之前打过电话，问题还没解决。",
               "我想挂失一张银行卡。", "我的包裹一直没到，想问问。", "我想办宽带移机。",
               "你好，我要投诉，上次的退款到现在还没到账。"],
        "en": ["Hi, I'd like to check my statement.", "I need to update the phone number on my account.",
               "My card got blocked and I'm not sure why.", "I want to report a lost card.",
               "I'm calling about a refund that never arrived.", "I'd like to activate my new card.",
               "I'm trying to track a parcel.", "I need to make a claim on my policy."],
        "mx": ["Hi，我想check一下我的账单。", "我要update一下我的手机号。", "我的card被lock了。",
               "你好，我想activate我的新卡。"],
    },
    "verify": {
        "zh": ["好的，为了核实您的身份，需要跟您确认几个信息。", "好的没问题，先帮您验证一下身份。",
               "明白，我这边需要先登记您的信息。", "好的，请稍等，我先查下您的资料。"],
        "en": ["Sure, I just need to verify a few details first.", "Okay, before we start, I need to confirm your identity.",
               "No problem, let me pull up your account.", "Of course. Let me just check who I'm talking to."],
    },
    "ask_phone": {
        "zh": ["请问您的手机号码是多少？", "麻烦报一下您预留的手机号。", "您留一个联系电话吧。",
               "请提供注册时用的手机号。", "那您现在用的手机号是？"],
        "en": ["Could I have the mobile number on the account?", "What's the best number to reach you on?",
               "Can you give me your phone number, please?", "And your contact number?"],
    },
    "ask_id_number": {
        "zh": ["请您提供一下身份证号码。", "麻烦说一下您的身份证号。", "请报一下证件号码，身份证的。", "您的身份证号是多少？"],
        "en": ["Can I get your ID number, please? The resident ID.", "Could you read me your ID card number?",
               "I'll need your national ID number."],
    },
    "ask_bank_card": {
        "zh": ["请问您的卡号是多少？", "麻烦报一下银行卡号。", "您把卡号念给我听一下。", "请提供您要查询的卡号。"],
        "en": ["Can you read me the card number?", "What's the card number, please?",
               "Which card is it? The full number, please."],
    },
    "give_phone": {
        "zh": ["我的手机号是{N}。", "{N}。", "号码是{N}。", "是{N}。", "嗯，我手机是{N}。", "我的电话是{N}，就这个。",
               "你记一下，{N}。"],
        "en": ["Sure, it's {N}.", "{N}.", "My number is {N}.", "It's {N}, that's my mobile.", "Yeah, {N}."],
        "mx": ["我的phone number是{N}。", "号码是{N}，my mobile。", "OK，{N}。"],
    },
    "give_id_number": {
        "zh": ["身份证号是{N}。", "{N}。", "我的身份证号码是{N}。", "好的，{N}。", "嗯，是{N}。"],
        "en": ["It's {N}.", "My ID number is {N}.", "{N}.", "Okay, {N}."],
        "mx": ["我的ID number是{N}。", "身份证number是{N}。"],
    },
    "give_bank_card": {
        "zh": ["卡号是{N}。", "{N}。", "我的卡号{N}。", "是这张，{N}。", "你记一下啊，{N}。"],
        "en": ["The card number is {N}.", "{N}.", "It's {N}.", "Sure, {N}."],
        "mx": ["card number是{N}。", "我的卡number是{N}。"],
    },
    "start_phone": {"zh": ["我的手机号是{N}", "号码是{N}", "{N}", "嗯，{N}"], "en": ["It's {N}", "My number is {N}", "{N}"],
                    "mx": ["我的phone是{N}"]},
    "start_id_number": {"zh": ["身份证是{N}", "{N}", "我的身份证号码是{N}"], "en": ["My ID is {N}", "{N}", "It's {N}"],
                        "mx": ["我的ID是{N}"]},
    "start_bank_card": {"zh": ["卡号是{N}", "{N}", "我念一下，{N}"], "en": ["The card number is {N}", "{N}", "Okay, it's {N}"],
                        "mx": ["card number是{N}"]},
    "pause_end": {"zh": ["……", "…", "，", "", "——"], "en": ["...", ",", "", " -"]},
    "cont_mid": {"zh": ["{N}……", "{N}，", "然后{N}"], "en": ["{N}...", "{N},", "then {N}"]},
    "cont_last": {"zh": ["{N}。", "然后是{N}。", "{N}，就这些。", "后面是{N}。", "{N}", "最后是{N}。"],
                  "en": ["{N}.", "then {N}.", "{N}, that's it.", "and {N}.", "{N}"]},
    "backchannel": {"zh": ["嗯。", "嗯嗯。", "您继续。", "好的。", "嗯，您继续说。", "对，然后呢？", "请讲。"],
                    "en": ["uh-huh.", "go on.", "mm-hm.", "okay.", "yes, go ahead.", "right."]},
    "echo": {"zh": ["{N}，然后呢？", "{N}，嗯，接着说。"], "en": ["{N}, and then?", "okay, {N}... go on."]},
    "fillers": {"zh": ["呃", "嗯", "那个"], "en": ["um", "uh"]},
    "filler_pat": {"zh": ["，{F}，", "……{F}……", " {F} ", "{F}", "，{F}……"], "en": [", {F}, ", " {F} ", "... {F}... ", " {F}, "]},
    "corr": {"zh": ["哦不是", "不对", "说错了", "不对不对", "哎，不对"], "en": ["sorry, no wait", "scratch that", "no, sorry", "wait, no"]},
    "corr_pat": {"zh": ["，{C}，", "……{C}，", "，{C}……", "。{C}，"], "en": [", {C}, ", "... {C}... ", " - {C} - ", ". {C}, "]},
    "repeat_ask": {"zh": ["不好意思，刚才没听清，您再说一遍？", "信号不太好，麻烦您重新报一下。"],
                   "en": ["Sorry, you broke up there. Could you start over?", "I didn't catch that, can you repeat it?"]},
    "rb_full": {"zh": ["我跟您核对一下，{N}，对吗？", "所以是{N}，没错吧？", "您说的是{N}，是吧？", "好的，{N}，对吧？"],
                "en": ["So that's {N}, right?", "Let me read that back: {N}. Correct?", "Okay, {N}?", "I have {N}, is that right?"]},
    "rb_head": {"zh": ["所以是{N}……？", "前面是{N}对吧？", "{N}……后面是多少来着？"],
                "en": ["So it starts {N}, right?", "{N}... and then?", "I got {N} so far?"]},
    "rb_tail": {"zh": ["最后几位是{N}对吗？", "结尾是{N}，对吧？"], "en": ["And it ends {N}?", "The last digits were {N}?"]},
    "rb_mid": {"zh": ["中间是{N}吗？", "中间那段是{N}？"], "en": ["The middle part is {N}?", "And in the middle, {N}?"]},
    "yes": {"zh": ["对。", "是的。", "对的，没错。", "嗯，对。"], "en": ["Yes.", "That's right.", "Correct.", "Yep, that's it."],
            "mx": ["对，correct。", "yes，没错。"]},
    "no_fix": {"zh": ["不对，是{N}。", "不是，应该是{N}。", "不对不对，{N}。"], "en": ["No, it's {N}.", "Not quite, it's {N}.", "No no, {N}."],
               "mx": ["No，是{N}。"]},
    "cc": {"zh": ["最后一位是{X}。", "末尾是{X}。", "最后一个是{X}。"], "en": ["And the last one is {X}.", "The last character is {X}.", "Last one's {X}."]},
    "cc_inline": {"zh": ["，最后一位是{X}。", "，末尾是{X}。", "，最后是{X}。"], "en": [", and the last one is {X}.", ", last character {X}."]},
    "ask_cc": {"zh": ["最后一位呢？", "还有最后一位？", "最后一位是什么？"], "en": ["And the last character?", "What's the last one?", "And the final character?"]},
    "ack": {"zh": ["好的，收到。", "好的，我记一下。", "好，稍等，我查一下。", "好的，已经查到了。"],
            "en": ["Okay, got it.", "Great, thank you.", "Alright, one moment.", "Thanks, I've found the account."]},
    "middle": {
        "zh": ["您这张卡本期账单是{AMT}，最后还款日是{DATE}。", "我是{YEAR}年开的户。", "系统显示您{DATE}有一笔{AMT}的消费。",
               "好的，预计{TIME}之前给您回电。", "您的收货地址邮编是{POST}，对吗？", "验证码已经发到您尾号{TAIL4}的手机上了。",
               "我们这边记录是{COUNT}张卡。", "这笔订单号是{ORDER}，对吧？", "您可以拨打分机{EXT}找专员。"],
        "en": ["Your current balance is {AMT}, due on {DATE}.", "I opened the account back in {YEAR}.",
               "I can see a charge of {AMT} on {DATE}.", "We'll call you back before {TIME}.",
               "The postcode on file is {POST}, is that right?", "I've sent a code to the phone ending in {TAIL4}.",
               "You've got {COUNT} cards with us.", "Is that order {ORDER}?", "You can reach a specialist on extension {EXT}."],
    },
    "closing_a": {"zh": ["好的，已经帮您处理了，还有其他问题吗？", "好的，信息已登记，请保持电话畅通。", "感谢您的来电，祝您生活愉快。",
                         "好的，后续有进展会短信通知您。"],
                  "en": ["Is there anything else I can help with?", "Alright, that's all sorted for you.",
                         "Thanks for calling, have a good day.", "You'll get a text once it's processed."]},
    "closing_c": {"zh": ["没有了，谢谢。", "好的，谢谢你。", "行，那就这样吧。", "好，麻烦了。"],
                  "en": ["No, that's all, thanks.", "Great, thank you.", "Okay, bye.", "That's everything, cheers."],
                  "mx": ["OK，谢谢。", "好的，thanks。"]},
    # speaker label styles: (agent, customer, langs)
    "labels": [
        ("坐席：", "客户：", "zh mixed"), ("坐席:", "客户:", "zh"), ("Agent: ", "Customer: ", "en mixed"),
        ("A: ", "B: ", "zh en mixed"), ("[{HMS}] Agent: ", "[{HMS}] Customer: ", "en mixed"),
        ("[{HMS}] 坐席：", "[{HMS}] 客户：", "zh"), ("Agent:", "Customer:", "en"),
    ],
    "asr_speakers": ("agent", "customer"),
    "vtt_voices": ("Agent", "Customer"),
}

TEST_BANK = {
    "greet": {
        "zh": ["您好，感谢您的耐心等待，这里是客户服务部。", "喂，您好，请问是机主本人吗？", "您好，我是{NAME}，很高兴为您服务，请问您遇到什么问题了？",
               "您好，这里是分期业务专线。", "喂，你好，这边是酒店预订中心。", "您好，欢迎来电，我是{EMP}号话务员。",
               "您好，燃气公司客服，请问有什么需要？"],
        "en": ["Good evening, you're through to accounts, my name's {NAME}.", "Hello and welcome, what brings you in today?",
               "Hi, this is {NAME} from the bookings team.", "Customer care, {NAME} here, what's up?",
               "Hey, thanks for waiting. What seems to be the problem?", "Good morning, fraud prevention, how can I assist?"],
    },
    "purpose": {
        "zh": ["你好，我收到一条短信说我的账户有异常。", "我想把分期提前还掉。", "我订了个房间想取消。", "我家燃气表好像坏了。",
               "上次给我寄的发票抬头不对。", "我想查下积分能换什么。", "我想注销一张不用的卡。", "我要改预留信息，手机号换了。",
               "我想问下我的贷款审批到哪一步了。"],
        "en": ["I got a text saying there's a problem with my account.", "I'd like to pay off my installment plan early.",
               "I need to cancel a booking.", "Someone used my card without permission.",
               "I want to change the contact details you have for me.", "I'm calling to close an old account.",
               "Just checking on my loan application."],
        "mx": ["我想cancel一个booking。", "有个charge我不认识，想check一下。", "我的account好像有问题。"],
    },
    "verify": {
        "zh": ["可以的，先跟您核对一下身份信息。", "好，办理之前需要验证一下机主信息。", "没问题，我这边先帮您查询。"],
        "en": ["Happy to help. First, a couple of security questions.", "Right, I'll need to confirm some details before I can do that.",
               "Sure thing, let me bring up your file."],
    },
    "ask_phone": {
        "zh": ["您预留的联系方式是哪个号码？", "方便说下您的手机号吗？", "请问回访电话打哪个号？", "机主手机号是多少呢？"],
        "en": ["What number should we call you back on?", "Which mobile is registered with us?", "Could you confirm your phone number for me?"],
    },
    "ask_id_number": {
        "zh": ["请提供一下您的证件号。", "请报一下办卡时用的身份证号码。", "为了核实身份，需要您的身份证号。"],
        "en": ["For security, may I have your resident identity card number?", "Could you give me the number on your ID card?"],
    },
    "ask_bank_card": {
        "zh": ["是哪张卡呢？卡号报一下。", "请提供一下还款卡的卡号。", "您要注销的卡，卡号是？"],
        "en": ["Which card are we talking about? Long number on the front, please.", "Could you give me the sixteen digits on the card?",
               "May I have the card number?"],
    },
    "give_phone": {
        "zh": ["手机号{N}。", "就打{N}吧。", "我这个号是{N}。", "{N}，这个是我本人的。", "联系电话{N}。", "机主号码是{N}。"],
        "en": ["You can reach me on {N}.", "Call me on {N}.", "The mobile is {N}.", "{N}, that's the one.", "It's {N} - my cell."],
        "mx": ["你打我的mobile吧，{N}。", "我的number是{N}。", "contact电话{N}。"],
    },
    "give_id_number": {
        "zh": ["证件号{N}。", "我身份证是{N}。", "{N}，这是我的身份证号。", "身份证号码{N}。"],
        "en": ["Sure, the ID is {N}.", "It reads {N}.", "{N}, that's my ID."],
        "mx": ["我的身份证ID是{N}。", "ID card上面是{N}。"],
    },
    "give_bank_card": {
        "zh": ["这张卡是{N}。", "卡号{N}。", "{N}，就是这张。", "还款卡卡号是{N}。"],
        "en": ["It's the one ending... well, the whole thing is {N}.", "Okay, {N}.", "Card number {N}.", "Here it is: {N}."],
        "mx": ["这张card是{N}。", "卡号是{N}，debit card。"],
    },
    "start_phone": {"zh": ["手机号{N}", "就打{N}", "我这个号是{N}"], "en": ["You can reach me on {N}", "The mobile is {N}", "{N}"],
                    "mx": ["我的number是{N}"]},
    "start_id_number": {"zh": ["证件号{N}", "我身份证是{N}", "{N}"], "en": ["The ID is {N}", "It reads {N}", "{N}"],
                        "mx": ["ID card号码是{N}"]},
    "start_bank_card": {"zh": ["这张卡是{N}", "卡号{N}", "{N}"], "en": ["Card number {N}", "Okay, {N}", "Here it is: {N}"],
                        "mx": ["这张card是{N}"]},
    "pause_end": {"zh": ["…", "、", "……", "", "，"], "en": ["..", "", "...", ","]},
    "cont_mid": {"zh": ["{N}…", "接着{N}，", "{N}"], "en": ["{N}..", "next {N},", "{N}"]},
    "cont_last": {"zh": ["{N}。", "接着是{N}。", "{N}，完了。", "剩下的是{N}。", "{N}，好了。"],
                  "en": ["{N}.", "next is {N}.", "{N}, done.", "rest is {N}.", "and finally {N}."]},
    "backchannel": {"zh": ["对。", "好的请讲。", "嗯嗯，然后呢？", "还有呢？", "收到，继续。", "您慢慢说。"],
                    "en": ["yes?", "mm-hmm.", "okay, and then?", "sure.", "keep going.", "I'm with you."]},
    "echo": {"zh": ["是{N}吧，继续。", "{N}，还有呢？"], "en": ["{N}, yep, next?", "got {N}, what's next?"]},
    "fillers": {"zh": ["就是", "那个", "啊", "额"], "en": ["er", "uh", "like", "you know"]},
    "filler_pat": {"zh": ["，{F}，", "…{F}…", " {F}，", "{F}，"], "en": [", {F}, ", "... {F}, ", " {F}... ", " - {F} - "]},
    "corr": {"zh": ["重新说一下", "我再说一遍", "等一下，搞错了", "不好意思，刚才那个不对", "错了错了"],
             "en": ["let me start again", "I mean", "actually, hold on", "oops, let me redo that"]},
    "corr_pat": {"zh": ["，{C}，", "。{C}。", "……{C}：", "，{C}："], "en": [", {C}, ", ". {C}. ", "... {C}: ", " -- {C}, "]},
    "repeat_ask": {"zh": ["您说得有点快，能再报一次吗？", "刚才断了一下，请您从头说。"],
                   "en": ["Sorry, the line's crackly. From the top?", "You cut out, could you give me the whole thing again?"]},
    "rb_full": {"zh": ["跟您确认一下是{N}吗？", "好，我念一遍，{N}，没问题吧？", "记下了，{N}。", "是{N}对吧？"],
                "en": ["Just to confirm, {N}?", "Reading it back to you: {N}.", "Perfect, so {N}, correct?", "{N} - have I got that right?"]},
    "rb_head": {"zh": ["开头是{N}，对吧？", "我记到{N}了，后面是？"], "en": ["Starting with {N}?", "So far I've got {N}."]},
    "rb_tail": {"zh": ["尾数是{N}，对吗？", "后面几个数是{N}？"], "en": ["Ending in {N}, yes?", "And the final digits {N}?"]},
    "rb_mid": {"zh": ["中间几位是{N}？"], "en": ["And the bit in the middle was {N}?"]},
    "yes": {"zh": ["没错。", "对对对。", "嗯，是这个。", "是的，就是这个。"], "en": ["Spot on.", "Yes, exactly.", "That's it.", "Yup."],
            "mx": ["没错，that's it。", "对，exactly。"]},
    "no_fix": {"zh": ["不是哦，是{N}。", "错了，{N}。", "您听错了，是{N}。"], "en": ["Nope, {N}.", "Not quite - {N}.", "You misheard, it's {N}."],
               "mx": ["不是，it's {N}。"]},
    "cc": {"zh": ["末位是{X}。", "尾巴上是个{X}。", "最后那位是{X}。"], "en": ["The final character's {X}.", "Then {X} at the end.", "Finishing with {X}."]},
    "cc_inline": {"zh": ["，末位{X}。", "，最后那位是{X}。"], "en": [", then {X} at the end.", ", finishing with {X}."]},
    "ask_cc": {"zh": ["末位是什么？", "最后那个呢？"], "en": ["And what's at the end?", "And the final one?"]},
    "ack": {"zh": ["好嘞。", "收到了。", "稍等，我这边录入一下。", "好，查询中。"],
            "en": ["Lovely, thanks.", "Noted.", "Bear with me a sec.", "Okay, pulling that up now."]},
    "middle": {
        "zh": ["您这期分期每月还{AMT}，还剩{COUNT}期。", "房间订的是{DATE}入住，{TIME}前办理入住就行。", "积分余额还有{AMT}。",
               "发票号码{ORDER}，抬头我给您改一下。", "上次抄表是{DATE}，读数{ROOM}。", "您是{YEAR}年办的这张卡。",
               "短信验证码{CODE}不要告诉别人。", "我们会在{TIME}给您回访。"],
        "en": ["Your monthly installment is {AMT}, with {COUNT} payments left.", "The booking is for {DATE}, check-in after {TIME}.",
               "Your points balance is {AMT}.", "The invoice is {ORDER}, I'll fix the heading.", "The card was issued in {YEAR}.",
               "Don't share the code {CODE} with anyone.", "We'll follow up at {TIME}."],
    },
    "closing_a": {"zh": ["好的，都帮您办好了。", "感谢来电，稍后请对本次服务进行评价。", "好的，还有什么需要帮忙的吗？", "请留意短信通知，再见。"],
                  "en": ["All done on my end.", "Anything else today?", "Thanks, and please rate the call afterwards.", "Take care now."]},
    "closing_c": {"zh": ["没了没了，谢谢啊。", "好的，辛苦了。", "嗯，拜拜。"], "en": ["Nope, that's it.", "Cheers, bye.", "Thanks a lot."],
                  "mx": ["OK，辛苦了。", "没了，thank you。"]},
    "labels": [
        ("客服:", "用户:", "zh mixed"), ("客服：", "用户：", "zh"), ("Speaker 1: ", "Speaker 2: ", "zh en mixed"),
        ("({MS}) 坐席：", "({MS}) 客户：", "zh"), ("Rep: ", "Caller: ", "en mixed"), ("AGENT - ", "CALLER - ", "en"),
        ("spk_0: ", "spk_1: ", "zh en mixed"), ("({MS}) Agent: ", "({MS}) Customer: ", "en"), ("话务员：", "来电人：", "zh"),
    ],
    "asr_speakers": ("spk_0", "spk_1"),
    "vtt_voices": ("Agent", "Customer"),
}

BANKS = {"dev": DEV_BANK, "test": TEST_BANK}

NAMES = {"dev": ["Emma", "Tom", "Lily", "Jason", "Grace"], "test": ["Priya", "Marcus", "Chloe", "Daniel", "Wei"]}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Negative scenarios: (tag, [(role, template)...]) per language. Slots are harmless generators.
NEG_BANK = {
    "dev": {
        "zh": [
            ("order-number", [("C", "你好，我想查一下订单。"), ("A", "好的，请提供一下订单号。"), ("C", "订单号是{ORDER}。"),
                              ("A", "查到了，这笔订单金额{AMT}，{DATE}已经发货。"), ("C", "大概什么时候能到？"), ("A", "预计{DATE}送达，请留意。")]),
            ("tracking", [("C", "我的快递好几天没动了。"), ("A", "您的运单号是多少？"), ("C", "{TRACK}。"),
                          ("A", "显示{DATE}{TIME}到达转运中心，明天派送。")]),
            ("amount", [("C", "我的退款什么时候到？"), ("A", "退款{AMT}已经在{DATE}原路退回了，一般{COUNT}个工作日到账。"),
                        ("C", "好，那我再等等。")]),
            ("verification-code", [("A", "您收到的验证码是多少？"), ("C", "是{CODE}。"), ("A", "好的，验证通过了。")]),
            ("extension", [("C", "我想找理赔的专员。"), ("A", "我帮您转到分机{EXT}，请稍等。"), ("C", "好的。")]),
            ("reference", [("C", "我上周提交了一个工单。"), ("A", "工单号是多少？"), ("C", "工单号{REF}。"), ("A", "好的，已经在处理了。")]),
            ("non-mobile-11", [("A", "请问您的会员号是？"), ("C", "会员号{N11}。"), ("A", "好的，您是{YEAR}年注册的会员。")]),
            ("flight", [("C", "我想改签。"), ("A", "请问是哪个航班？"), ("C", "{FLIGHT}，{DATE}{TIME}的。"), ("A", "好的，改签手续费{AMT}。")]),
            ("postcode", [("A", "请问寄送地址是？"), ("C", "朝阳区建国路{ROOM}号，邮编{POST}。"), ("A", "好的，记下了。")]),
            ("date-age", [("A", "请问您的出生日期？"), ("C", "我是{YEAR}年{MD}出生的，今年{AGE}岁。"), ("A", "好的，核对无误。")]),
            ("counts", [("C", "我买了{COUNT}件，想退{COUNT}件。"), ("A", "可以的，退款金额是{AMT}。")]),
            ("phone-tail", [("A", "您尾号{TAIL4}的手机还在使用吗？"), ("C", "在用的。"), ("A", "好的，稍后短信通知您。")]),
            ("time", [("A", "师傅{TIME}上门可以吗？"), ("C", "可以，我{TIME}之后都在家。")]),
            ("plan", [("C", "我想换个套餐。"), ("A", "现在有个每月{AMT}的套餐，包含{GB}G流量和{MIN}分钟通话。"), ("C", "那就换这个吧。")]),
        ],
        "en": [
            ("order-number", [("C", "Hi, I'm checking on an order."), ("A", "Sure, what's the order number?"), ("C", "It's {ORDER}."),
                              ("A", "Got it, that shipped on {DATE}, total {AMT}.")]),
            ("tracking", [("C", "My parcel hasn't moved in days."), ("A", "What's the tracking number?"), ("C", "{TRACK}."),
                          ("A", "It reached the depot at {TIME} on {DATE}.")]),
            ("amount", [("C", "When will I get my refund?"), ("A", "The refund of {AMT} went out on {DATE}, allow {COUNT} business days.")]),
            ("verification-code", [("A", "Can you read me the code we just texted?"), ("C", "Yes, it's {CODEW}."), ("A", "Thanks, you're verified.")]),
            ("extension", [("C", "Can I speak to someone in claims?"), ("A", "I'll put you through to extension {EXT}."), ("C", "Thanks.")]),
            ("reference-words", [("C", "I have a reference number from last time."), ("A", "Go ahead."), ("C", "It's {REFW}."),
                                 ("A", "Okay, I see the case.")]),
            ("policy-words", [("A", "Do you have your policy number handy?"), ("C", "Yes, {REFW}."), ("A", "Thanks, the policy renews on {DATE}.")]),
            ("non-mobile-11", [("A", "What's your membership number?"), ("C", "{N11}."), ("A", "Great, member since {YEAR}.")]),
            ("flight", [("C", "I need to change my flight."), ("A", "Which flight is it?"), ("C", "{FLIGHT} on {DATE}.")]),
            ("price", [("C", "How much is the upgrade?"), ("A", "It's {AMT}, or {AMT} a month."), ("C", "I'll think about it.")]),
            ("phone-tail", [("A", "Is the phone ending in {TAIL4} still yours?"), ("C", "Yes it is.")]),
            ("counts-years", [("C", "I've had {COUNT} cards with you since {YEAR}."), ("A", "Thanks for being with us that long.")]),
            ("time-date", [("A", "The engineer can come on {DATE} at {TIME}."), ("C", "Perfect, {TIME} works.")]),
            ("ticket-words", [("C", "I raised a ticket yesterday."), ("A", "Have you got the ticket number?"),
                              ("C", "Yeah, it's {REFW}."), ("A", "Thanks, an engineer picked it up at {TIME}.")]),
            ("serial-words", [("A", "Can you read me the serial number on the back of the router?"), ("C", "Sure, {REFW}."),
                              ("A", "Great, that model shipped in {YEAR}.")]),
        ],
    },
    "test": {
        "zh": [
            ("invoice", [("C", "我要开发票。"), ("A", "好的，发票号码{ORDER}，金额{AMT}，已经开好了。"), ("C", "什么时候能收到？"), ("A", "{DATE}前会寄出。")]),
            ("hotel", [("C", "我订了{DATE}的房间，想取消。"), ("A", "请问预订单号？"), ("C", "{ORDER}。"), ("A", "好的，房费{AMT}会原路退回。")]),
            ("meter", [("C", "我家燃气表读数不对。"), ("A", "您看一下现在的读数是多少？"), ("C", "{METER}。"), ("A", "好的，户号{REF}，已经登记。")]),
            ("plate", [("C", "我的车停在{ROOM}车位。"), ("A", "车牌号是？"), ("C", "{PLATE}。"), ("A", "好的，停车费{AMT}。")]),
            ("installment", [("C", "分期还剩几期？"), ("A", "还剩{COUNT}期，每期{AMT}，下次扣款是{DATE}。")]),
            ("verification-code", [("A", "短信验证码收到了吗？"), ("C", "收到了，{CODE}。"), ("A", "好的，验证成功。")]),
            ("extension", [("A", "这个问题需要转到技术部门，分机号{EXT}。"), ("C", "好的，谢谢。")]),
            ("non-mobile-11", [("A", "请提供一下户号。"), ("C", "户号是{N11}。"), ("A", "好的，查到了，本月应缴{AMT}。")]),
            ("tracking", [("A", "您的快递单号是{TRACK}，已经签收了。"), ("C", "可是我没收到啊。"), ("A", "签收时间是{DATE}{TIME}。")]),
            ("percent-points", [("A", "您的积分还有{AMT}分，可以抵扣{PCT}。"), ("C", "那挺好的。")]),
            ("flight", [("C", "{FLIGHT}航班延误了，能退票吗？"), ("A", "可以，原价{AMT}，退票费{AMT}。")]),
            ("date-age", [("A", "您的生日是？"), ("C", "{YEAR}年{MD}。"), ("A", "好的，您今年{AGE}岁。")]),
            ("reference", [("A", "您的案件编号是{REF}，后续可以凭这个查询。"), ("C", "好的，我记一下。")]),
            ("phone-tail", [("A", "我们会给您尾号{TAIL4}的号码发短信。"), ("C", "好的，收到了。")]),
        ],
        "en": [
            ("invoice", [("C", "I need a copy of an invoice."), ("A", "Sure, invoice {ORDER}, for {AMT}?"), ("C", "That's the one.")]),
            ("hotel", [("C", "I'd like to cancel my stay on {DATE}."), ("A", "What's the confirmation number?"), ("C", "{REFW}."),
                       ("A", "Done, {AMT} will be refunded.")]),
            ("meter", [("A", "Could you read me the meter?"), ("C", "It says {METER}."), ("A", "Thanks, your next bill is due {DATE}.")]),
            ("case-words", [("A", "Your case number is {REFW}."), ("C", "Could you repeat that?"), ("A", "Sure, {REFW}.")]),
            ("installment", [("C", "How many payments are left?"), ("A", "{COUNT}, at {AMT} each, next one on {DATE}.")]),
            ("verification-code", [("A", "I've sent a one-time passcode."), ("C", "Got it: {CODEW}."), ("A", "Perfect.")]),
            ("extension", [("A", "Dial extension {EXT} for the specialist team."), ("C", "Okay, thanks.")]),
            ("non-mobile-11", [("A", "And your customer number?"), ("C", "{N11}."), ("A", "Thanks, account opened {YEAR}.")]),
            ("flight", [("C", "My flight {FLIGHT} was cancelled."), ("A", "I can rebook you on {DATE} at {TIME}.")]),
            ("price", [("C", "Why was I charged {AMT}?"), ("A", "That's the annual fee; it was {AMT} last year.")]),
            ("phone-tail", [("A", "We'll text the number ending {TAIL4}."), ("C", "Great.")]),
            ("room-floor", [("C", "I'm in room {ROOM} on the {ORD} floor."), ("A", "Someone will be up within {COUNT} minutes.")]),
            ("booking-words", [("A", "Do you have the booking reference?"), ("C", "Let me see... {REFW}."),
                               ("A", "Found it, {COUNT} nights from {DATE}.")]),
            ("claim-words", [("C", "I'm following up on a claim."), ("A", "What's the claim number?"), ("C", "It's {REFW}."),
                             ("A", "That one was paid on {DATE}.")]),
        ],
    },
}


# --------------------------------------------------------------------------------------------
# Harmless slot generators
# --------------------------------------------------------------------------------------------

def zh_amount_words(n):
    # small amounts only (below 10,000), e.g. 三千二百
    units = [(1000, "千"), (100, "百"), (10, "十")]
    s = ""
    for u, w in units:
        q = n // u
        if q:
            s += ZH_DIGIT[q] + w
            n -= q * u
    if n:
        s += ZH_DIGIT[n]
    return s


def en_words_plain(digits, zero="oh"):
    return " ".join(zero if c == "0" else EN_DIGIT[int(c)] for c in digits)


def slot(rng, name, lang, split):
    lang = "zh" if lang in ("zh", "mx") else "en"
    if name == "EMP":
        return str(rng.randint(1000, 9899))
    if name == "NAME":
        return rng.choice(NAMES[split])
    if name == "AMT":
        a = rng.choice([rng.randint(10, 999), rng.randint(1000, 99999), rng.randint(100, 9999)])
        c = rng.randint(0, 99)
        if lang == "zh":
            if a < 10000 and a % 100 == 0 and rng.random() < 0.5:
                return zh_amount_words(a) + "元"
            return rng.choice([f"{a:,}.{c:02d}元", f"{a}元", f"{a}块", f"¥{a:,}", f"{a:,}.{c:02d}"])
        return rng.choice([f"${a:,}", f"{a:,}.{c:02d} yuan", f"{a} dollars", f"RMB {a:,}", f"${a:,}.{c:02d}"])
    if name in ("DATE", "MD"):
        y = rng.randint(2019, 2025)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        if name == "MD":
            return f"{m}月{d}日" if lang == "zh" else f"{MONTHS[m - 1]} {d}"
        if lang == "zh":
            return rng.choice([f"{y}年{m}月{d}日", f"{m}月{d}号", f"{y}-{m:02d}-{d:02d}", f"{m}月{d}日"])
        return rng.choice([f"{MONTHS[m - 1]} {d}, {y}", f"{d} {MONTHS[m - 1]}", f"the {d}th of {MONTHS[m - 1]}",
                           f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}"])
    if name == "TIME":
        h = rng.randint(1, 11)
        mm = rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
        if lang == "zh":
            return rng.choice([f"下午{h}点半", f"上午{h}点{mm}分", f"{h + 8}:{mm:02d}", f"晚上{h}点"])
        return rng.choice([f"{h}:{mm:02d}", f"{h} p.m.", f"half past {h}", f"{h}:{mm:02d} am"])
    if name in ("CODE", "CODEW"):
        d = rdigits(rng, rng.choice([4, 6, 6]))
        if name == "CODEW" or (lang == "en" and rng.random() < 0.5):
            return rng.choice([" ".join(d), en_words_plain(d, rng.choice(["oh", "zero"])), d])
        if rng.random() < 0.3:
            return "".join(ZH_DIGIT[int(c)] for c in d)
        return d
    if name == "EXT":
        d = rng.choice("2345678") + rdigits(rng, rng.choice([2, 3]))
        if lang == "en" and rng.random() < 0.3:
            return en_words_plain(d)
        return d
    if name == "ORDER":
        d = harmless_number(rng, [12, 14, 15, 16, 18, 19])
        if rng.random() < 0.25:
            bounds = list(range(4, len(d), 4))
            if harmless_digits(d, bounds):
                return " ".join(d[i:i + 4] for i in range(0, len(d), 4))
        return rng.choice(["", "", "E", "NO."]) + d
    if name == "TRACK":
        pre = rng.choice(["SF", "YT", "JT", "ZTO", "JD"])
        d = harmless_number(rng, [12, 13, 13, 15])
        return pre + d
    if name == "REF":
        d = harmless_number(rng, [10, 12, 13, 14, 16, 17])
        return d
    if name == "REFW":
        d = harmless_number(rng, [10, 12, 13, 14, 15, 16, 17, 19])
        zero = rng.choice(["oh", "zero"])
        if rng.random() < 0.5 and harmless_digits(d, list(range(4, len(d), 4))):
            return ", ".join(en_words_plain(d[i:i + 4], zero) for i in range(0, len(d), 4))
        return en_words_plain(d, zero)
    if name == "N11":
        while True:
            d = rng.choice(["12", "12", "10", "11"]) + rdigits(rng, 9)
            if harmless_digits(d):
                return d
    if name == "COUNT":
        n = rng.randint(2, 9)
        if lang == "zh":
            return rng.choice([str(n), ZH_DIGIT[n] if n != 2 else "两"])
        return rng.choice([str(n), EN_DIGIT[n]])
    if name == "YEAR":
        y = rng.randint(1995, 2024)
        return str(y)
    if name == "AGE":
        return str(rng.randint(19, 75))
    if name == "FLIGHT":
        return rng.choice(["CA", "MU", "CZ", "HU", "3U", "ZH"]) + str(rng.randint(101, 8999))
    if name == "POST":
        return rng.choice(["100080", "200120", "518057", "310012", "610041", "430070", "210008", "510620"])
    if name == "TAIL4":
        return rdigits(rng, 4)
    if name == "ROOM":
        return str(rng.randint(2, 30)) + f"{rng.randint(1, 40):02d}"
    if name in ("GB", "MIN"):
        return str(rng.choice([10, 20, 30, 40, 60, 100, 200, 300, 500]))
    if name == "PCT":
        return f"{rng.randint(1, 30)}.{rng.randint(0, 9)}%"
    if name == "METER":
        return f"{rng.randint(100, 99999)}.{rng.randint(0, 9)}" if rng.random() < 0.6 else str(rng.randint(100, 9999))
    if name == "PLATE":
        return rng.choice(["京A", "沪B", "粤B", "浙A", "苏E"]) + rng.choice(["", "·", " "]) + \
            rng.choice("ABCDEFGHJK") + rdigits(rng, 4)
    if name == "ORD":
        return rng.choice(["3rd", "5th", "12th", "7th", "second"])
    raise KeyError(name)


# --------------------------------------------------------------------------------------------
# Case context and script helpers
# --------------------------------------------------------------------------------------------

PH_RE = re.compile(r"\{([A-Z][A-Z0-9]*)\}")


class Ctx:
    def __init__(self, split, rng, lang, fmt):
        self.split = split
        self.rng = rng
        self.bank = BANKS[split]
        self.lang = lang
        self.fmt = fmt
        if lang == "zh":
            self.alang, self.clang = "zh", "zh"
        elif lang == "en":
            self.alang, self.clang = "en", "en"
        else:
            self.alang, self.clang = rng.choice([("zh", "en"), ("en", "zh"), ("zh", "mx"), ("en", "mx"), ("zh", "mx")])

    def lang_of(self, role):
        return self.alang if role == "A" else self.clang

    def pick(self, key, role, lang=None):
        lang = lang or self.lang_of(role)
        opts = self.bank[key]
        if lang in opts:
            return self.rng.choice(opts[lang])
        return self.rng.choice(opts["zh" if lang == "mx" else lang])

    def expand(self, template, role, **kw):
        lang = self.lang_of(role)
        items = []
        pos = 0
        for m in PH_RE.finditer(template):
            if m.start() > pos:
                items.append(template[pos:m.start()])
            name = m.group(1)
            if name in kw:
                v = kw[name]
                items.extend(v if isinstance(v, list) else [v])
            else:
                items.append(slot(self.rng, name, lang, self.split))
            pos = m.end()
        if pos < len(template):
            items.append(template[pos:])
        return items

    def line(self, key, role, **kw):
        return (role, self.expand(self.pick(key, role), role, **kw))

    def num_lang(self, role):
        lang = self.lang_of(role)
        if lang == "mx":
            return self.rng.choice(["en", "zh"])
        if self.lang == "mixed" and self.rng.random() < 0.5:
            return "en" if lang == "zh" else "zh"
        return lang

    def voice(self, kind, role, style=None):
        if style is None:
            nl = self.num_lang(role)
            if nl == "zh":
                style = self.rng.choices(["ar", "zh", "mix", "fw"], [0.36, 0.36, 0.2, 0.08])[0]
            else:
                style = self.rng.choices(["ar", "en"], [0.35, 0.65])[0]
        return Voice(self.rng, kind, style)

    def kind(self, weights=(0.4, 0.3, 0.3)):
        return self.rng.choices(["phone", "id_number", "bank_card"], weights)[0]

    def entity(self, kind):
        if kind == "phone":
            return gen_phone(self.rng, lang="en" if self.lang_of("C") == "en" else "zh")
        if kind == "id_number":
            return gen_id(self.rng, self.split)
        return gen_card(self.rng)

    def filler(self, role):
        lang = "zh" if self.lang_of(role) in ("zh", "mx") else "en"
        f = self.rng.choice(self.bank["fillers"][lang])
        pat = self.rng.choice(self.bank["filler_pat"][lang])
        return pat.replace("{F}", f)

    def corr(self, role):
        lang = "zh" if self.lang_of(role) in ("zh", "mx") else "en"
        c = self.rng.choice(self.bank["corr"][lang])
        pat = self.rng.choice(self.bank["corr_pat"][lang])
        return pat.replace("{C}", c)

    # -- dialogue frame --
    def opening(self):
        t = [self.line("greet", "A"), self.line("purpose", "C")]
        if self.rng.random() < 0.6:
            t.append(self.line("verify", "A"))
        return t

    def closing(self):
        t = []
        if self.rng.random() < 0.5:
            t.append(self.line("middle", "A"))
        t.append(self.line("closing_a", "A"))
        if self.rng.random() < 0.8:
            t.append(self.line("closing_c", "C"))
        return t


def mention(ent: Ent, num_items):
    """Prefix a country code (outside the span) to the first part of a phone mention."""
    if ent.cc:
        return [ent.cc] + num_items
    return num_items


def alter_digit(rng, digits, lo=2):
    d = list(digits)
    hi = len(d) - 1 if d[-1].upper() == "X" else len(d)
    i = rng.randrange(lo, hi)
    d[i] = rng.choice([c for c in "0123456789" if c != d[i]])
    return "".join(d)


# --------------------------------------------------------------------------------------------
# Phenomenon builders: each returns (turns, variant). A turn is (role, [str | Num | BR ...]).
# --------------------------------------------------------------------------------------------

def b_plain(ctx: Ctx, kind=None):
    rng = ctx.rng
    kind = kind or ctx.kind()
    ent = ctx.entity(kind)
    v = ctx.voice(kind, "C")
    num = Num(ent.digits, kind, kind == "phone", v, default_groups(rng, ent), role="mention")
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [num])))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{v.style}:{ent.sub or 'std'}"


def split_parts(ctx, ent, groups, k):
    rng = ctx.rng
    n = len(ent.digits)
    cuts = choose_cuts(rng, n, groups, k, min_last=5 if ent.kind == "phone" else 1)
    return [(ent.digits[a:b], sg) for a, b, sg in cut_groups(groups, cuts)]


def b_interruption(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind()
    ent = ctx.entity(kind)
    groups = default_groups(rng, ent)
    k = 2 if rng.random() < 0.3 else 1
    parts = split_parts(ctx, ent, groups, k)
    v = ctx.voice(kind, "C")
    va = ctx.voice(kind, "A")
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    echoes = 0
    for i, (pd, pg) in enumerate(parts):
        last = i == len(parts) - 1
        num = Num(pd, kind, kind == "phone" and last, v, pg, role="mention")
        if i == 0:
            items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [num]))
            items.append(ctx.pick("pause_end", "C", "zh" if ctx.lang_of("C") != "en" else "en"))
        elif last:
            items = ctx.line("cont_last", "C", N=num)[1]
        else:
            items = ctx.line("cont_mid", "C", N=num)[1]
        turns.append(("C", items))
        if not last:
            if rng.random() < 0.15:
                echo = Num(pd, kind, False, va, pg, role="echo")
                turns.append(ctx.line("echo", "A", N=echo))
                echoes += 1
            else:
                turns.append(ctx.line("backchannel", "A"))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{len(parts) - 1}-interruptions:{v.style}" + (":echo" if echoes else "")


def b_continuation(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind()
    ent = ctx.entity(kind)
    groups = default_groups(rng, ent)
    k = 2 if rng.random() < 0.25 else 1
    parts = split_parts(ctx, ent, groups, k)
    v = ctx.voice(kind, "C")
    mode = rng.choice(["new-line", "line-break", "line-break", "new-line"])
    if ctx.fmt == "asr-json":
        mode = "segment"
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    cur = None
    for i, (pd, pg) in enumerate(parts):
        last = i == len(parts) - 1
        num = Num(pd, kind, kind == "phone" and last, v, pg, role="mention")
        if i == 0:
            items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [num]))
            items.append(ctx.pick("pause_end", "C", "zh" if ctx.lang_of("C") != "en" else "en"))
        elif last:
            items = ctx.line("cont_last", "C", N=num)[1]
        else:
            items = ctx.line("cont_mid", "C", N=num)[1]
        if cur is None or mode == "new-line":
            cur = ("C", items)
            turns.append(cur)
        else:
            cur[1].append(BR)
            cur[1].extend(items)
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{mode}:{len(parts)}-parts:{v.style}"


def b_correction(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind()
    ent = ctx.entity(kind)
    groups = default_groups(rng, ent)
    v = ctx.voice(kind, "C")
    n = len(ent.digits)
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    variant = rng.choices(["restart-prefix", "restart-group", "restart-next-line", "repeat-request"],
                          [0.4, 0.25, 0.2, 0.15])[0]
    lang_c = "zh" if ctx.lang_of("C") != "en" else "en"
    full = Num(ent.digits, kind, kind == "phone", v, groups, role="mention")
    if variant == "restart-prefix":
        L = rng.randint(3, min(8, n - 3))
        pre = ent.digits[:L]
        if rng.random() < 0.6:
            pre = alter_digit(rng, pre, lo=min(2, L - 1))
        ab = Num(pre, kind, False, v, [L] if L <= 4 else [3, L - 3] if kind == "phone" else [L], role="abandoned")
        items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [ab]))
        items.append(ctx.corr("C"))
        items.append(full)
        items.append("。" if lang_c == "zh" else ".")
        turns.append(("C", items))
    elif variant == "restart-group":
        b = group_bounds(groups)
        if len(b) >= 2:
            i = rng.randrange(0, len(b) - 1)
            b1, b2 = b[i], b[i + 1]
        else:
            b1 = rng.randint(3, n - 6)
            b2 = b1 + rng.randint(2, 4)
        wrong = ent.digits[:b1] + alter_digit(rng, ent.digits[b1:b2], lo=0)
        sg = [x for x in cut_groups(groups, [b1, b2])]
        g_ab = sg[0][2] + sg[1][2]
        ab = Num(wrong, kind, False, v, g_ab, role="abandoned")
        rest = Num(ent.digits[b1:], kind, kind == "phone", v, sg[1][2] + sg[2][2], role="mention")
        items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [ab]))
        items.append(ctx.corr("C"))
        items.append(rest)
        items.append("。" if lang_c == "zh" else ".")
        turns.append(("C", items))
    elif variant == "restart-next-line":
        wrong = alter_digit(rng, ent.digits)
        ab = Num(wrong, kind, False, v, groups, role="abandoned")
        turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [ab])))
        if rng.random() < 0.5:
            turns.append(ctx.line("backchannel", "A"))
        c = ctx.corr("C").strip("，,。. -—…：:")
        turns.append(("C", [c + ("，" if lang_c == "zh" else ", "), full, "。" if lang_c == "zh" else "."]))
    else:
        L = rng.randint(4, n - 4)
        ab = Num(ent.digits[:L], kind, False, v, [x[2] for x in cut_groups(groups, [L])][0], role="abandoned")
        items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [ab]))
        items.append(ctx.pick("pause_end", "C", lang_c))
        turns.append(("C", items))
        turns.append(ctx.line("repeat_ask", "A"))
        turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [full])))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{variant}:{v.style}"


def b_filler(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind()
    ent = ctx.entity(kind)
    n = len(ent.digits)
    groups = default_groups(rng, ent)
    if len(groups) < 3 or rng.random() < 0.25:
        # fillers also fall inside groups: regroup at random points
        cuts = sorted(rng.sample(range(2, n - 1), min(3, n - 3)))
        groups = [b - a for a, b in zip([0] + cuts, cuts + [n])]
    nb = len(groups) - 1
    k = min(nb, rng.choices([1, 2, 3], [0.45, 0.35, 0.2])[0])
    v = ctx.voice(kind, "C")
    fillers = {gi: ctx.filler("C") for gi in rng.sample(range(1, nb + 1), k)}
    num = Num(ent.digits, kind, kind == "phone", v, groups, fillers, role="mention")
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [num])))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{k}-fillers:{v.style}"


def b_readback(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind()
    ent = ctx.entity(kind)
    n = len(ent.digits)
    groups = default_groups(rng, ent)
    v = ctx.voice(kind, "C")
    va = ctx.voice(kind, "A")
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [Num(ent.digits, kind, kind == "phone", v, groups, role="mention")])))
    variant = rng.choices(["full", "head", "tail", "middle", "misheard", "stepwise"], [0.3, 0.17, 0.13, 0.1, 0.2, 0.1])[0]
    if variant == "full":
        rb = Num(ent.digits, kind, kind == "phone", va, default_groups(rng, ent), role="readback")
        turns.append(ctx.line("rb_full", "A", N=rb))
        turns.append(ctx.line("yes", "C"))
    elif variant == "head":
        L = {"phone": 7, "id_number": rng.choice([6, 8, 10]), "bank_card": rng.choice([4, 6, 8])}[kind]
        if kind == "phone" and ent.sub == "landline":
            L = ent.area + 4
        sg = cut_groups(groups, [L])[0][2]
        rb = Num(ent.digits[:L], kind, False, va, sg, role="readback")
        turns.append(ctx.line("rb_head", "A", N=rb))
        turns.append(ctx.line("yes", "C"))
    elif variant == "tail":
        L = rng.choice([5, 6, 7]) if kind == "phone" else rng.choice([4, 4, 6])
        sg = cut_groups(groups, [n - L])[1][2]
        rb = Num(ent.digits[n - L:], kind, False, va, sg, role="readback")
        turns.append(ctx.line("rb_tail", "A", N=rb))
        turns.append(ctx.line("yes", "C"))
    elif variant == "middle":
        a = rng.randint(3, n // 2)
        b = min(n - 2, a + rng.randint(3, 6))
        sg = cut_groups(groups, [a, b])[1][2]
        rb = Num(ent.digits[a:b], kind, False, va, sg, role="readback")
        turns.append(ctx.line("rb_mid", "A", N=rb))
        turns.append(ctx.line("yes", "C"))
    elif variant == "misheard":
        wrong = alter_digit(rng, ent.digits)
        rb = Num(wrong, kind, kind == "phone", va, default_groups(rng, ent), role="readback")
        turns.append(ctx.line("rb_full", "A", N=rb))
        fix = Num(ent.digits, kind, kind == "phone", v, groups, role="mention")
        turns.append(ctx.line("no_fix", "C", N=fix))
        if rng.random() < 0.5:
            rb2 = Num(ent.digits, kind, kind == "phone", va, default_groups(rng, ent), role="readback")
            turns.append(ctx.line("rb_full", "A", N=rb2))
            turns.append(ctx.line("yes", "C"))
    else:  # stepwise: agent reads back group by group
        sgs = cut_groups(groups, group_bounds(groups)) if len(groups) >= 2 else cut_groups([n], choose_cuts(rng, n, [n], 2))
        for j, (a, b, sg) in enumerate(sgs):
            last = j == len(sgs) - 1
            rb = Num(ent.digits[a:b], kind, False, va, sg, role="readback")
            turns.append(("A", [rb, "？" if ctx.lang_of("A") != "en" else "?"]))
            turns.append(ctx.line("yes", "C"))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{variant}:{v.style}/{va.style}"


def b_checkchar(ctx: Ctx):
    rng = ctx.rng
    ent = gen_id(rng, ctx.split, want_x=rng.random() < 0.55)
    d17, c = ent.digits[:17], ent.digits[17]
    g17 = rng.choice([[6, 8, 3], [17], [6, 4, 4, 3], [3, 3, 4, 4, 3], [6, 11]])
    v = ctx.voice("id_number", "C")
    body = Num(d17, "id_number", False, v, g17, role="mention")
    if rng.random() < 0.2 and len(g17) >= 2:
        body.fillers = {1: ctx.filler("C")}
    cc = Num(c, "id_number", False, v, [1], role="checkchar")
    turns = ctx.opening()
    turns.append(ctx.line("ask_id_number", "A"))
    variant = rng.choice(["same-line", "agent-asks", "next-line", "same-line"])
    if variant == "same-line":
        items = ctx.expand(ctx.pick("start_id_number", "C"), "C", N=body)
        items += ctx.expand(ctx.pick("cc_inline", "C"), "C", X=cc)
        turns.append(("C", items))
    elif variant == "agent-asks":
        items = ctx.expand(ctx.pick("start_id_number", "C"), "C", N=body)
        items.append(ctx.pick("pause_end", "C", "zh" if ctx.lang_of("C") != "en" else "en"))
        turns.append(("C", items))
        turns.append(ctx.line("ask_cc", "A"))
        turns.append(ctx.line("cc", "C", X=cc))
    else:
        items = ctx.expand(ctx.pick("start_id_number", "C"), "C", N=body)
        turns.append(("C", items))
        if rng.random() < 0.5:
            turns.append(ctx.line("backchannel", "A"))
            turns.append(ctx.line("cc", "C", X=cc))
        else:
            turns[-1][1].append(BR)
            turns[-1][1].extend(ctx.expand(ctx.pick("cc", "C"), "C", X=cc))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"id:{variant}:check-{'X' if c == 'X' else 'digit'}:{v.style}"


def b_glued(ctx: Ctx):
    rng = ctx.rng
    kind = ctx.kind((0.45, 0.2, 0.35))
    ent = ctx.entity(kind)
    groups = default_groups(rng, ent)
    v = ctx.voice(kind, "C", style="glued")
    turns = ctx.opening()
    turns.append(ctx.line("ask_" + kind, "A"))
    variant = rng.choice(["plain", "plain", "readback", "split"])
    if variant == "split":
        parts = split_parts(ctx, ent, groups, 1)
        n1 = Num(parts[0][0], kind, False, v, parts[0][1], role="mention")
        n2 = Num(parts[1][0], kind, kind == "phone", v, parts[1][1], role="mention")
        items = ctx.expand(ctx.pick("start_" + kind, "C"), "C", N=mention(ent, [n1]))
        turns.append(("C", items))
        turns.append(ctx.line("backchannel", "A"))
        turns.append(ctx.line("cont_last", "C", N=n2))
    else:
        turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [Num(ent.digits, kind, kind == "phone", v, groups, role="mention")])))
        if variant == "readback":
            va = ctx.voice(kind, "A", style=rng.choice(["glued", "en", "ar"]))
            turns.append(ctx.line("rb_full", "A", N=Num(ent.digits, kind, kind == "phone", va, default_groups(rng, ent), role="readback")))
            turns.append(ctx.line("yes", "C"))
    turns.append(ctx.line("ack", "A"))
    turns += ctx.closing()
    return turns, f"{kind}:{variant}"


def b_multi(ctx: Ctx):
    rng = ctx.rng
    k = rng.choice([2, 2, 3])
    kinds = rng.sample(["phone", "id_number", "bank_card"], k) if k < 3 else ["id_number", "bank_card", "phone"]
    if rng.random() < 0.15:
        kinds = ["phone", "phone"]  # a mobile and a second contact number
    turns = ctx.opening()
    together = rng.random() < 0.25 and k == 2
    if together:
        nums = []
        for kind in kinds:
            ent = ctx.entity(kind)
            v = ctx.voice(kind, "C")
            nums.append(mention(ent, [Num(ent.digits, kind, kind == "phone", v, default_groups(rng, ent), role="mention")]))
        lang = ctx.lang_of("C")
        sep = "，" if lang != "en" else ", "
        names = {"zh": {"phone": "手机", "id_number": "身份证", "bank_card": "卡号"},
                 "en": {"phone": "phone", "id_number": "ID", "bank_card": "card"}}["en" if lang == "en" else "zh"]
        items = [names[kinds[0]] + (" " if lang == "en" else "")] + nums[0] + [sep + names[kinds[1]] + (" " if lang == "en" else "")] + nums[1]
        items.append("。" if lang != "en" else ".")
        turns.append(ctx.line("ask_" + kinds[0], "A"))
        turns.append(("C", items))
        turns.append(ctx.line("middle", "A"))
    else:
        for kind in kinds:
            ent = ctx.entity(kind)
            v = ctx.voice(kind, "C")
            turns.append(ctx.line("ask_" + kind, "A"))
            turns.append(ctx.line("give_" + kind, "C", N=mention(ent, [Num(ent.digits, kind, kind == "phone", v, default_groups(rng, ent), role="mention")])))
            if rng.random() < 0.6:
                turns.append(ctx.line("middle", rng.choice("AC")))
            else:
                turns.append(ctx.line("ack", "A"))
    turns.append(ctx.line("middle", "A"))
    turns += ctx.closing()
    return turns, "+".join(kinds) + (":same-line" if together else "")


def b_asr(ctx: Ctx):
    rng = ctx.rng
    sub = rng.choices([b_plain, b_interruption, b_continuation, b_filler, b_correction], [0.4, 0.2, 0.2, 0.1, 0.1])[0]
    turns, var = sub(ctx)
    return turns, sub.__name__[2:] + ":" + var


def b_negative(ctx: Ctx):
    rng = ctx.rng
    lang = "en" if ctx.lang == "en" else "zh"
    bank = NEG_BANK[ctx.split][lang]
    # numbers spelled out in words (10-19 digits, failing every check) are the hardest: twice as often
    tag, lines = rng.choices(bank, [2 if t.endswith("-words") else 1 for t, _ in bank])[0]
    turns = [ctx.line("greet", "A")]
    for role, tpl in lines:
        turns.append((role, ctx.expand(tpl, role)))
    if rng.random() < 0.4:
        turns.append(ctx.line("middle", "A"))
    turns.append(ctx.line("closing_a", "A"))
    if rng.random() < 0.7:
        turns.append(ctx.line("closing_c", "C"))
    return turns, tag


BUILDERS = {
    "plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
    "filler": b_filler, "asr-chunks": b_asr, "readback": b_readback, "check-char-apart": b_checkchar,
    "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative,
}

# --------------------------------------------------------------------------------------------
# Realisers
# --------------------------------------------------------------------------------------------


class LabelStyle:
    def __init__(self, rng, agent, cust):
        self.rng = rng
        self.fmt = {"A": agent, "C": cust}
        self.t = rng.randint(0, 50)

    def label(self, role):
        s = self.fmt[role]
        t = self.t
        self.t += self.rng.randint(2, 12)
        return s.replace("{HMS}", f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}").replace("{MS}", f"{t // 60:02d}:{t % 60:02d}")


def choose_label_style(ctx):
    opts = [l for l in ctx.bank["labels"] if ctx.lang in l[2].split()]
    a, c, _ = ctx.rng.choice(opts)
    return LabelStyle(ctx.rng, a, c)


def realize_text(turns, style):
    buf = []
    pos = 0
    spans = []
    nums = []

    def put(s):
        nonlocal pos
        buf.append(s)
        pos += len(s)

    first = True
    for role, items in turns:
        if not first:
            put("\n")
        first = False
        put(style.label(role))
        for it in items:
            if it is BR:
                put("\n")
            elif isinstance(it, Num):
                t = it.text()
                spans.append({"start": pos, "end": pos + len(t), "kind": it.kind, "last4_ok": it.last4_ok})
                nums.append(it)
                put(t)
            else:
                put(it)
    return "".join(buf), spans, nums


def fmt_vtt_time(ms):
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def realize_vtt(turns, ctx):
    rng = ctx.rng
    voices = {"A": ctx.bank["vtt_voices"][0], "C": ctx.bank["vtt_voices"][1]}
    test = ctx.split == "test"
    ids = rng.random() < (0.5 if test else 0.3)
    close_tag = test and rng.random() < 0.5
    buf = []
    pos = 0
    spans = []
    nums = []

    def put(s):
        nonlocal pos
        buf.append(s)
        pos += len(s)

    put("WEBVTT\n\n")
    if test and rng.random() < 0.4:
        put("NOTE call transcript, speaker-labelled\n\n")
    t = rng.randint(0, 4000)
    cue_no = 0
    for role, items in turns:
        chunks = [[]]
        for it in items:
            if it is BR:
                chunks.append([])
            else:
                chunks[-1].append(it)
        for ch in chunks:
            if not ch:
                continue
            cue_no += 1
            length = sum(len(x.text()) if isinstance(x, Num) else len(x) for x in ch)
            dur = 600 + length * rng.randint(120, 220)
            if ids:
                put(f"{cue_no}\n")
            put(f"{fmt_vtt_time(t)} --> {fmt_vtt_time(t + dur)}\n")
            put(f"<v {voices[role]}>")
            for it in ch:
                if isinstance(it, Num):
                    s = it.text()
                    spans.append({"start": pos, "end": pos + len(s), "kind": it.kind, "last4_ok": it.last4_ok})
                    nums.append(it)
                    put(s)
                else:
                    put(it)
            if close_tag:
                put("</v>")
            put("\n\n")
            t += dur + rng.randint(80, 900)
    text = "".join(buf).rstrip("\n") + "\n"
    return text, spans, nums


TOK_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9０-９]+(?:[.,:][0-9]+)*%?|[\u3400-\u9fff]|\S")
PUNCT = set("，。？！、：；,.?!:;…—-()（）\"'“”·")


def tokenize_plain(s, rng, keep_punct):
    toks = TOK_RE.findall(s)
    out = []
    cjk_run = []

    def flush():
        while cjk_run:
            k = min(len(cjk_run), rng.choice([1, 2, 2, 3]))
            # a numeral stays with the character after it (一下, 一直, 两张), as a word segmenter does
            while k < len(cjk_run) and cjk_run[k - 1] in ZH_VAL and cjk_run[k] not in ZH_VAL:
                k += 1
            out.append("".join(cjk_run[:k]))
            del cjk_run[:k]

    for t in toks:
        if len(t) == 1 and "\u3400" <= t <= "\u9fff":
            cjk_run.append(t)
            continue
        flush()
        if t in PUNCT or all(ch in PUNCT for ch in t):
            if keep_punct and out:
                out[-1] += t
            continue
        out.append(t)
    flush()
    return out


def num_tokens(num: Num, style, rng):
    """ASR tokens for one number (fillers as their own tokens)."""
    d = num.digits
    v = num.voice
    n = len(d)
    # filler offsets
    foff = {}
    acc = 0
    for gi, gl in enumerate(num.groups):
        if gi in num.fillers:
            word = re.sub(r"[^\w\s]", "", num.fillers[gi]).split()
            foff[acc] = word or ["呃"]
        acc += gl
    if style == "en_each":
        chunks = [d]
    elif style == "itn_groups":
        chunks = [d[a:b] for a, b, _ in cut_groups(num.groups, group_bounds(num.groups))]
    elif style in ("itn_irregular", "mixed"):
        chunks = []
        i = 0
        while i < n:
            k = rng.choice([1, 2, 3, 3, 4, 4])
            chunks.append(d[i:i + k]); i += k
    elif style in ("zh_each", "digit_each"):
        chunks = list(d)
    else:  # whole
        chunks = [d]
    # re-cut chunks at filler offsets
    if foff:
        new, pos = [], 0
        for c in chunks:
            cur = ""
            for ch in c:
                if pos in foff and cur:
                    new.append(cur); cur = ""
                cur += ch; pos += 1
            new.append(cur)
        chunks = new
    toks = []
    pos = 0
    for c in chunks:
        if pos in foff and pos > 0:
            toks += foff[pos]
        if style == "en_each":
            toks += v.en_words(c)
        elif style == "zh_each" or (style == "mixed" and rng.random() < 0.5):
            toks += [v.group(ch, "zh") for ch in c]
        else:
            toks.append("".join("X" if ch.upper() == "X" else ch for ch in c))
        pos += len(c)
    return toks


def realize_asr(turns, ctx):
    rng = ctx.rng
    whisper = rng.random() < 0.4
    spk = {"A": ctx.bank["asr_speakers"][0], "C": ctx.bank["asr_speakers"][1]}
    case_style = rng.choice(["itn_groups", "itn_irregular", "zh_each", "mixed", "digit_each", "whole"])
    t = rng.randint(0, 3000)
    words = []       # ASR list
    segs = []        # whisper
    entities = []
    nums = []

    def style_for(num):
        if num.voice.style in ("en", "glued"):
            return "en_each" if rng.random() < 0.8 else rng.choice(["itn_groups", "whole"])
        s = case_style if rng.random() < 0.8 else rng.choice(["itn_groups", "itn_irregular", "zh_each", "mixed", "digit_each"])
        if s == "zh_each" and num.voice.style == "ar" and rng.random() < 0.5:
            s = "itn_groups"
        return s

    for role, items in turns:
        t += rng.randint(200, 900)
        seg_words = []
        seg_start = t
        lang = ctx.lang_of(role)

        def close_seg():
            nonlocal seg_words, seg_start
            if seg_words:
                txt = "".join(w["word"] for w in seg_words).strip()
                segs.append({"start": round(seg_start / 1000, 2), "end": round(seg_words[-1]["end"], 2),
                             "text": txt, "words": seg_words})
            seg_words = []
            seg_start = t

        for it in items:
            if it is BR:
                t += rng.randint(300, 1200)
                if whisper:
                    close_seg()
                continue
            if isinstance(it, Num):
                toks = num_tokens(it, style_for(it), rng)
            else:
                toks = tokenize_plain(it, rng, keep_punct=whisper)
            idx = []
            for tok in toks:
                dur = 120 + 55 * len(tok) + rng.randint(0, 120)
                if whisper:
                    space = " " if (lang == "en" or re.match(r"[A-Za-z0-9]", tok)) else ""
                    if not seg_words and space:
                        space = " "
                    idx.append([len(segs), len(seg_words)])
                    seg_words.append({"word": space + tok, "start": round(t / 1000, 2), "end": round((t + dur) / 1000, 2)})
                else:
                    idx.append(len(words))
                    words.append({"word": tok, "start_ms": t, "end_ms": t + dur, "speaker": spk[role]})
                t += dur + rng.randint(10, 90)
            if isinstance(it, Num):
                entities.append({"kind": it.kind, "last4_ok": it.last4_ok, "words": idx})
                nums.append(it)
        if whisper:
            close_seg()
    if whisper:
        return {"segments": segs}, entities, nums, "whisper"
    return {"words": words}, entities, nums, "asr-list:" + case_style


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

def blank(text, spans):
    s = list(text)
    for sp in spans:
        for i in range(sp["start"], sp["end"]):
            if s[i] != "\n":
                s[i] = "#"
    return "".join(s)


def ok_outside(text):
    for d, b in digit_runs(text):
        if not harmless_digits(d, b):
            return False
    return True


def readable_digits(t):
    """Digits a reader counts (double/triple count nothing on their own)."""
    return sum(1 for u in units(t) if u[0] == "d")


def check_fragment_text(t, num):
    if not t or t != t.strip() or "\n" in t:
        return False
    if num.last4_ok and readable_digits(t) < 5:
        return False  # a fragment the redactor could leave wholly visible measures nothing
    if spoken_digits(t).upper() != num.digits.upper():
        return False
    # first and last characters belong to digits
    u = units(t)
    return u[0][0] in ("d", "m") and u[-1][0] == "d"


def validate(case, nums):
    fmt = case["format"]
    if fmt in ("text", "vtt"):
        text = case["text"] if fmt == "text" else case["transcript_text"]
        for sp, num in zip(case["spans"], nums):
            if not check_fragment_text(text[sp["start"]:sp["end"]], num):
                return False
        return ok_outside(blank(text, case["spans"]))
    tr = case["transcript"]
    if "words" in tr:
        flat = [w["word"] for w in tr["words"]]
        get = lambda i: tr["words"][i]["word"]
        outside = [True] * len(flat)
        for e, num in zip(case["entities"], nums):
            joined = " ".join(get(i) for i in e["words"])
            if spoken_digits(joined).upper() != num.digits.upper() or (num.last4_ok and readable_digits(joined) < 5):
                return False
            for i in e["words"]:
                outside[i] = False
        seq = " ".join(w if o else "#" for w, o in zip(flat, outside))
        return ok_outside(seq)
    segs = tr["segments"]
    mark = set()
    for e, num in zip(case["entities"], nums):
        joined = " ".join(segs[s]["words"][w]["word"] for s, w in e["words"])
        if spoken_digits(joined).upper() != num.digits.upper() or (num.last4_ok and readable_digits(joined) < 5):
            return False
        mark.update((s, w) for s, w in e["words"])
    seq = " ".join("#" if (si, wi) in mark else w["word"] for si, s in enumerate(segs) for wi, w in enumerate(s["words"]))
    # a segment's text repeats its words: check them with the numbers blanked the same way
    return ok_outside(seq)


# --------------------------------------------------------------------------------------------
# Plan and main
# --------------------------------------------------------------------------------------------

# (phenomenon, format, count, language weights zh/en/mixed)
PLAN = [
    ("plain", "text", 30, (0.5, 0.35, 0.15)), ("plain", "vtt", 5, (0.5, 0.4, 0.1)),
    ("interruption", "text", 35, (0.5, 0.35, 0.15)), ("interruption", "vtt", 10, (0.5, 0.4, 0.1)),
    ("continuation", "text", 22, (0.5, 0.35, 0.15)), ("continuation", "vtt", 8, (0.5, 0.4, 0.1)),
    ("correction", "text", 36, (0.5, 0.35, 0.15)), ("correction", "vtt", 4, (0.5, 0.5, 0.0)),
    ("filler", "text", 32, (0.5, 0.35, 0.15)), ("filler", "vtt", 3, (0.5, 0.5, 0.0)),
    ("asr-chunks", "asr-json", 40, (0.55, 0.3, 0.15)),
    ("readback", "text", 31, (0.5, 0.35, 0.15)), ("readback", "vtt", 4, (0.5, 0.5, 0.0)),
    ("check-char-apart", "text", 25, (0.6, 0.25, 0.15)),
    ("glued-words", "text", 20, (0.0, 0.85, 0.15)),
    ("multi-number", "text", 33, (0.5, 0.35, 0.15)),
    ("negative", "text", 92, (0.5, 0.4, 0.1)), ("negative", "asr-json", 10, (0.5, 0.5, 0.0)),
    ("negative", "vtt", 10, (0.5, 0.5, 0.0)),
]


def build_case(split, rng, phen, fmt, lang):
    for _attempt in range(200):
        ctx = Ctx(split, rng, lang, fmt)
        if phen == "glued-words" and lang == "mixed":
            ctx.alang, ctx.clang = rng.choice([("zh", "mx"), ("zh", "en")])
        turns, variant = BUILDERS[phen](ctx)
        case = {"set": split, "phenomenon": phen, "lang": lang, "format": fmt, "variant": variant}
        if fmt == "text":
            text, spans, nums = realize_text(turns, choose_label_style(ctx))
            case["text"] = text
            case["spans"] = spans
        elif fmt == "vtt":
            text, spans, nums = realize_vtt(turns, ctx)
            case["transcript_text"] = text
            case["spans"] = spans
        else:
            tr, ents, nums, how = realize_asr(turns, ctx)
            case["transcript"] = tr
            case["entities"] = ents
            case["variant"] += ":" + how
        if validate(case, nums):
            return case
    raise RuntimeError(f"could not build a valid {phen}/{fmt} case")


def build_split(split):
    rng = random.Random(SEEDS[split])
    slots = []
    for phen, fmt, count, w in PLAN:
        for _ in range(count):
            lang = rng.choices(["zh", "en", "mixed"], w)[0]
            slots.append((phen, fmt, lang))
    rng.shuffle(slots)
    cases = []
    for i, (phen, fmt, lang) in enumerate(slots, 1):
        c = build_case(split, rng, phen, fmt, lang)
        ordered = {"id": f"{split}-{i:04d}"}
        ordered.update(c)
        cases.append(ordered)
    return cases


def write(path, cases):
    with open(path, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def summary(cases):
    from collections import Counter
    ph = Counter(c["phenomenon"] for c in cases)
    fm = Counter(c["format"] for c in cases)
    lg = Counter(c["lang"] for c in cases)
    frags = sum(len(c.get("spans", c.get("entities", []))) for c in cases)
    return ph, fm, lg, frags


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output directory (default: the fixtures directory)")
    ap.add_argument("--check", action="store_true", help="regenerate in memory and compare with the files on disk")
    args = ap.parse_args(argv)
    status = 0
    for split in ("dev", "test"):
        cases = build_split(split)
        path = os.path.join(args.out, f"conversations-{split}.jsonl")
        if args.check:
            with open(path, encoding="utf-8") as f:
                on_disk = [json.loads(l) for l in f if l.strip()]
            same = on_disk == cases
            print(f"{path}: {'up to date' if same else 'DIFFERS from the generator'}")
            status |= 0 if same else 1
            continue
        os.makedirs(args.out, exist_ok=True)
        write(path, cases)
        ph, fm, lg, frags = summary(cases)
        print(f"{path}: {len(cases)} cases, {frags} labelled fragments")
        print("  phenomena: " + ", ".join(f"{k} {v}" for k, v in sorted(ph.items())))
        print("  formats:   " + ", ".join(f"{k} {v}" for k, v in sorted(fm.items())))
        print("  languages: " + ", ".join(f"{k} {v}" for k, v in sorted(lg.items())))
    return status


if __name__ == "__main__":
    sys.exit(main())
