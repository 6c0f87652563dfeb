#!/usr/bin/env python3
"""Writes the "field" evaluation set for `callvault redact`:
Tests/VaultRedactTests/Fixtures/conversations-field.jsonl (about 500 whole conversations,
ids field-0001..., "set": "field").

    python3 Tools/gen_redact_field.py [--out PATH] [--seed N]

Independence. This generator was written by a separate author who did NOT read the redactor
(Sources/), its tests (Tests/), the other generators (Tools/gen_redact_*.py) or their fixtures.
It only follows the case schema and the scoring rules of Tools/eval_redact_conversations.py.

Tuning rule. The odd-numbered cases (field-0001, field-0003, ...) may be used for tuning; the
EVEN-numbered cases must never be tuned on: they are kept back only to judge (evaluate with
`--half even`).

What is in it. Call-centre style transcripts (collections, telecom retention, e-commerce
after-sales, property management, education enrolment, medical insurance pre-authorisation,
ride-hailing complaints, prize-scam "verification" calls, social security hotline, outbound
marketing) in Chinese, English and code-switched speech; three formats: plain text with many
speaker-label and timestamp styles, WebVTT, and ASR JSON (Whisper-like segments with words, or a
flat word list). Personal numbers: Chinese resident IDs (MOD 11-2), bank cards (Luhn), mainland
mobiles, landlines with area code, UK/US/HK/SG/AU phones. Each fragment (one stretch in which a
number, an abandoned attempt at one or a read-back of it is said, on one line) is labelled. Many
unlabelled look-alikes (orders, tracking, policy/claim/ticket numbers, amounts, dates, times,
codes, hotlines, postcodes, flights, trains, plates, non-mobile 11-digit accounts, 16/18-digit
runs failing Luhn / MOD 11-2). About 20% of cases are hard negatives (look-alikes only).

The generator is deterministic for a given --seed and asserts its own correctness: valid
numbers, every label reads back (with an independent digit reader) exactly the digits it was
built from, last4_ok only where the fragment's last four digits are the phone's real last four,
and no unlabelled digit run is a valid personal number or a piece of a labelled one.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-field.jsonl")
N_CASES = 500

# =============================================================================================
# Numbers
# =============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
REGIONS = ["110101", "110105", "110108", "120103", "130102", "140105", "150102", "210102", "210203",
           "220102", "230103", "310104", "310110", "310115", "320102", "320583", "321002", "330106",
           "330206", "330382", "340104", "350203", "350102", "360102", "370202", "370102", "410105",
           "420106", "420111", "430104", "440106", "440305", "440304", "441900", "450103", "460105",
           "500103", "500112", "510107", "510104", "520102", "530102", "610113", "620102", "640104",
           "650102"]
PROVINCES = set(r[:2] for r in REGIONS) | {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
                                          "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50",
                                          "51", "52", "53", "54", "61", "62", "63", "64", "65"}


def id_check(s17):
    return ID_C[sum(int(a) * b for a, b in zip(s17, ID_W)) % 11]


def id_valid(s):
    if len(s) != 18 or not s[:17].isdigit() or s[17] not in "0123456789X":
        return False
    if s[:2] not in PROVINCES:
        return False
    try:
        d = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not (1900 <= d.year <= 2024):
        return False
    return id_check(s[:17]) == s[17]


def id_checksum_ok(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


def make_id(rng, want_x=None):
    while True:
        region = rng.choice(REGIONS)
        y = rng.randint(1952, 2006)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28 if m == 2 else 30)
        seq = "%03d" % rng.randint(1, 999)
        s17 = region + "%04d%02d%02d" % (y, m, d) + seq
        c = id_check(s17)
        if want_x is None or (c == "X") == want_x:
            s = s17 + c
            assert id_valid(s)
            return s


def luhn_ok(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        v = int(ch)
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


CARD_PREFIXES = [("622202", 19), ("622848", 19), ("621700", 19), ("622700", 16), ("621226", 19),
                 ("622588", 16), ("625807", 16), ("436742", 16), ("4", 16), ("51", 16), ("53", 16),
                 ("37", 15), ("6226", 16), ("622609", 16), ("603367", 19), ("621483", 18), ("6250", 17),
                 ("4000", 16), ("5402", 16), ("623058", 19)]


def make_card(rng):
    p, n = rng.choice(CARD_PREFIXES)
    body = p + "".join(rng.choice("0123456789") for _ in range(n - 1 - len(p)))
    s = luhn_complete(body)
    assert luhn_ok(s) and 15 <= len(s) <= 19
    return s


MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
                   "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "171", "173",
                   "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187",
                   "188", "189", "191", "193", "195", "198", "199"]
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
AREA_CODES = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029", "0755", "0571",
              "0512", "0532", "0731", "0591", "0871", "0931", "0351", "0451"]


class Number:
    """A personal number: kind, digits (what is said, maybe with a trailing X), grouping."""

    def __init__(self, kind, digits, groups, plus=False, region="cn"):
        self.kind, self.digits, self.groups, self.plus, self.region = kind, digits, groups, plus, region
        assert sum(groups) == len(digits)
        self.validate()

    def validate(self):
        d = self.digits
        if self.kind == "id_number":
            assert id_valid(d), d
        elif self.kind == "bank_card":
            assert d.isdigit() and luhn_ok(d) and 15 <= len(d) <= 19, d
        else:
            assert d.isdigit(), d
            if self.region == "cn":
                assert MOBILE_RE.match(d), d
            elif self.region == "cn-land":
                assert d[0] == "0" and len(d) in (10, 11, 12) and d[1] != "0", d
            elif self.region == "uk":
                assert (d.startswith("0") and len(d) == 11) or (d.startswith("44") and len(d) == 12), d
            elif self.region == "us":
                assert (len(d) == 10 and d[0] in "23456789") or (len(d) == 11 and d[0] == "1"), d
            elif self.region in ("hk", "sg"):
                assert len(d) in (8, 10, 11) and d[-8] in "5689", d
            elif self.region == "au":
                assert len(d) == 10 and d.startswith("04"), d
            else:
                raise AssertionError(self.region)

    def split_groups(self):
        res, i = [], 0
        for g in self.groups:
            res.append(self.digits[i:i + g])
            i += g
        return res


def rdig(rng, n, first="0123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def make_phone(rng, region):
    if region == "cn":
        d = rng.choice(MOBILE_PREFIXES) + rdig(rng, 8)
        g = rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [3, 3, 5], [3, 8], [11], [4, 3, 4]])
        return Number("phone", d, g)
    if region == "cn-land":
        a = rng.choice(AREA_CODES)
        n = 8 if len(a) == 3 else rng.choice([7, 8])
        d = a + rdig(rng, n, "2345678")
        g = [len(a), n - 4, 4] if rng.random() < 0.6 else [len(a), n]
        return Number("phone", d, g, region="cn-land")
    if region == "uk":
        if rng.random() < 0.5:
            d = "07" + rng.choice("4579") + rdig(rng, 8)
            if rng.random() < 0.3:
                return Number("phone", "44" + d[1:], [2, 4, 6], plus=True, region="uk")
            return Number("phone", d, [5, 6], region="uk")
        d = rng.choice(["0207946", "0161496", "0117496", "0131496"]) + "0" + rdig(rng, 3)
        return Number("phone", d, [3, 4, 4] if d.startswith("020") else [4, 3, 4], region="uk")
    if region == "us":
        area = rng.choice(["212", "415", "617", "312", "646", "206", "512", "303", "718", "404"])
        d = area + "555" + "01" + rdig(rng, 2)
        if rng.random() < 0.2:
            return Number("phone", "1" + d, [1, 3, 3, 4], plus=rng.random() < 0.5, region="us")
        return Number("phone", d, [3, 3, 4], region="us")
    if region in ("hk", "sg"):
        d = rng.choice("69" if region == "hk" else "89") + rdig(rng, 7)
        if rng.random() < 0.4:
            return Number("phone", ("852" if region == "hk" else "65") + d,
                          [3 if region == "hk" else 2, 4, 4], plus=True, region=region)
        return Number("phone", d, [4, 4], region=region)
    if region == "au":
        d = "04" + rdig(rng, 8)
        return Number("phone", d, [4, 3, 3], region="au")
    raise AssertionError(region)


def make_number(rng, kind, lang, want_x=None):
    if kind == "id_number":
        d = make_id(rng, want_x)
        g = rng.choice([[18], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [17, 1]])
        return Number("id_number", d, g)
    if kind == "bank_card":
        d = make_card(rng)
        n = len(d)
        if rng.random() < 0.2:
            g = [n]
        else:
            g = [4] * (n // 4) + ([n % 4] if n % 4 else [])
            if n == 15 and rng.random() < 0.5:
                g = [4, 6, 5]
            if n == 19 and rng.random() < 0.4:
                g = [6, 13] if rng.random() < 0.5 else [4, 4, 4, 4, 3]
        return Number("bank_card", d, g)
    if lang == "zh":
        region = "cn" if rng.random() < 0.8 else "cn-land"
    elif lang == "en":
        region = rng.choice(["cn", "cn", "uk", "uk", "us", "us", "au", "sg", "cn-land"])
    else:
        region = rng.choice(["cn", "cn", "cn", "hk", "sg", "cn-land", "uk"])
    return make_phone(rng, region)


# =============================================================================================
# Independent digit reader (used only for assertions)
# =============================================================================================

CNV = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
       "六": "6", "七": "7", "八": "8", "九": "9"}
ENV = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
       "six": "6", "seven": "7", "eight": "8", "nine": "9"}
MULT = {"double": 2, "triple": 3}
_WORDS = sorted(list(ENV) + list(MULT), key=len, reverse=True)


def _split_word(w):
    """Split a letter word into number words (most digits first); None if impossible."""
    w = w.lower()
    memo = {}

    def go(i):
        if i == len(w):
            return []
        if i in memo:
            return memo[i]
        best = None
        for v in _WORDS:
            if w.startswith(v, i):
                rest = go(i + len(v))
                if rest is not None:
                    cand = [v] + rest
                    if best is None or sum(x in ENV for x in cand) > sum(x in ENV for x in best):
                        best = cand
        memo[i] = best
        return best
    return go(0)


def read_units(s):
    """[(start, end, digits)] of readable digits; double/triple expand the next digit word."""
    units = []
    pend = 1
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isascii() and c.isdigit():
            units.append((i, i + 1, c)); pend = 1; i += 1; continue
        if "０" <= c <= "９":
            units.append((i, i + 1, str(ord(c) - 0xFF10))); pend = 1; i += 1; continue
        if c in CNV:
            units.append((i, i + 1, CNV[c])); pend = 1; i += 1; continue
        if c in "Ｘ叉":
            units.append((i, i + 1, "X")); pend = 1; i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                units.append((i, j, "X")); pend = 1
            else:
                parts = _split_word(w)
                if parts:
                    ds = ""
                    for p in parts:
                        if p in MULT:
                            pend = MULT[p]
                        else:
                            ds += ENV[p] * pend
                            pend = 1
                    if ds:
                        units.append((i, j, ds))
                else:
                    pend = 1
            i = j
            continue
        i += 1
    return units


def read_digits(s):
    return "".join(u[2] for u in read_units(s))


def digit_runs(s, joiners=" -"):
    """Groups of readable digit units separated only by characters of `joiners`: [(start, end, digits)]."""
    us = read_units(s)
    runs = []
    for u in us:
        if runs and all(ch in joiners for ch in s[runs[-1][1]:u[0]]) and (u[0] - runs[-1][1]) <= 2:
            a, _, d = runs[-1]
            runs[-1] = (a, u[1], d + u[2])
        else:
            runs.append(u)
    return runs


# =============================================================================================
# Rendering numbers
# =============================================================================================

EN_D = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
CN_D = "零一二三四五六七八九"
FW_D = "０１２３４５６７８９"
ZH_FILL = ["呃", "嗯", "那个", "就是", "呃……", "嗯，那个", "然后", "等下啊", "我看看"]
EN_FILL = ["um", "uh", "you know", "uh, let me see", "hang on", "er", "um, sorry", "like"]


def cn_group(g, rng, yao, ling):
    out = ""
    for ch in g:
        if ch == "X":
            out += rng.choice(["X", "X", "叉"])
        elif ch == "1":
            out += "幺" if yao else "一"
        elif ch == "0":
            out += ling
        elif ch == "2" and rng.random() < 0.05:
            out += "两"
        else:
            out += CN_D[int(ch)]
    return out


def en_words(g, rng, glue=False, oh=0.4, multi=0.5):
    words = []
    i = 0
    zero = "oh" if rng.random() < oh else "zero"
    while i < len(g):
        ch = g[i]
        if ch == "X":
            words.append("X"); i += 1; continue
        j = i
        while j < len(g) and g[j] == ch:
            j += 1
        run = j - i
        name = zero if ch == "0" else EN_D[int(ch)]
        if run >= 3 and rng.random() < multi:
            words += ["triple", name]; i += 3; continue
        if run >= 2 and rng.random() < multi:
            words += ["double", name]; i += 2; continue
        words.append(name); i += 1
    if glue:
        # a recogniser gluing number words; X stays apart (it is a letter)
        out, cur = [], ""
        for w in words:
            if w == "X":
                if cur:
                    out.append(cur); cur = ""
                out.append("X")
            elif cur and rng.random() < 0.25:
                out.append(cur); cur = w
            else:
                cur += w
        if cur:
            out.append(cur)
        return " ".join(out)
    return " ".join(words)


def render_group(g, mode, rng, st):
    if mode == "ar":
        return g if not st.get("lowx") else g.replace("X", "x")
    if mode == "fw":
        return "".join(FW_D[int(c)] if c != "X" else "Ｘ" for c in g)
    if mode == "cn":
        return cn_group(g, rng, st["yao"], st["ling"])
    if mode == "enw":
        return en_words(g, rng, oh=st["oh"])
    if mode == "englued":
        return en_words(g, rng, glue=True, oh=st["oh"])
    raise AssertionError(mode)


def render(groups, mode, rng, lang, fillers=0, plus=False, sep=None):
    """Say the digit groups in one stretch. Returns the fragment text (no outer whitespace)."""
    st = {"yao": rng.random() < 0.6, "ling": "〇" if rng.random() < 0.15 else "零", "oh": rng.random(),
          "lowx": rng.random() < 0.3}
    gm = []
    for g in groups:
        if mode == "cnmix":
            gm.append(rng.choice(["ar", "cn"]))
        elif mode == "enmix":
            gm.append(rng.choice(["ar", "enw"]))
        else:
            gm.append(mode)
    texts = [render_group(g, m, rng, st) for g, m in zip(groups, gm)]
    if sep is None:
        if mode in ("cn", "cnmix"):
            sep = rng.choice(["", "，", " ", "、", "，"])
        elif mode == "fw":
            sep = rng.choice(["", " "])
        elif mode == "ar":
            sep = rng.choice(["", " ", "-", " "] + (["，"] if lang == "zh" else [", "]))
        else:
            sep = rng.choice([" ", ", ", " ", " - "])
    seps = [sep] * (len(texts) - 1)
    # word-mode groups need a space at least
    for i in range(len(seps)):
        a, b = texts[i], texts[i + 1]
        if seps[i] == "" and (a[-1:].isascii() and a[-1:].isalpha() or b[:1].isascii() and b[:1].isalpha()):
            seps[i] = " "
        if seps[i] == "" and gm[i] != gm[i + 1]:
            seps[i] = rng.choice(["", " "])
    if fillers and len(texts) > 1:
        slots = list(range(len(seps)))
        rng.shuffle(slots)
        for k in slots[:fillers]:
            if lang == "en" or (lang == "mixed" and mode in ("enw", "englued", "enmix")):
                f = rng.choice(EN_FILL)
                seps[k] = rng.choice([", %s, " % f, " %s " % f, "... %s... " % f])
            else:
                f = rng.choice(ZH_FILL)
                seps[k] = rng.choice(["，%s，" % f, " %s " % f, "%s" % f, "……%s，" % f])
    out = texts[0]
    for s, t in zip(seps, texts[1:]):
        out += s + t
    if plus:
        out = ("plus " if mode in ("enw", "englued") else "+") + out
    return out


def pick_mode(rng, lang, fmt=None, words_ok=True):
    if lang == "zh":
        return rng.choices(["ar", "cn", "cnmix", "fw"], [50, 25, 18, 7])[0]
    if lang == "en":
        return rng.choices(["ar", "enw", "enmix", "englued"], [48, 32, 12, 8 if words_ok else 0])[0]
    return rng.choices(["ar", "cn", "cnmix", "enw", "enmix"], [40, 18, 12, 20, 10])[0]


# =============================================================================================
# Conversation representation
# =============================================================================================

class Frag:
    def __init__(self, text, digits, kind, last4_ok, src="piece"):
        self.text, self.digits, self.kind, self.last4_ok, self.src = text, digits, kind, last4_ok, src


class Line:
    def __init__(self, role, parts, cont=False):
        self.role, self.parts, self.cont = role, parts, cont

    def content(self):
        """(string, [(start, end, Frag)])"""
        s, fr = "", []
        for p in self.parts:
            if isinstance(p, Frag):
                fr.append((len(s), len(s) + len(p.text), p))
                s += p.text
            else:
                s += p
        return s, fr


class Ctx:
    """Per-case state: language, domain, speakers, numbers."""

    def __init__(self, rng, lang, fmt, domain, phen):
        self.rng, self.lang, self.fmt, self.dom, self.phen = rng, lang, fmt, domain, phen
        self.numbers = []

    def L(self):
        """language of the next line (mixed: code-switching)"""
        if self.lang == "mixed":
            return self.rng.choice(["mx", "mx", "zh", "en"])
        return self.lang

    def pick(self, bank):
        lg = self.L()
        if lg == "mx" and "mx" not in bank:
            lg = self.rng.choice(["zh", "en"])
        return self.rng.choice(bank[lg])

    def num(self, kind, want_x=None):
        n = make_number(self.rng, kind, self.lang, want_x)
        self.numbers.append(n)
        return n

    def mode(self, words_ok=True):
        return pick_mode(self.rng, self.lang, self.fmt, words_ok)

    def say(self, n, groups=None, fillers=0, mode=None, plus=None):
        groups = groups if groups is not None else n.split_groups()
        mode = mode or self.mode()
        text = render(groups, mode, self.rng, self.lang, fillers, n.plus if plus is None else plus)
        return text


def last4(n, digits, ends_at_end=True):
    return n.kind == "phone" and ends_at_end and len(digits) >= 4 and digits[-4:] == n.digits[-4:]


def frag(n, text, digits, src="piece", ends_at_end=None):
    if ends_at_end is None:
        ends_at_end = n.digits.endswith(digits) if src == "piece" else True
    return Frag(text, digits, n.kind, last4(n, digits, ends_at_end), src)


# =============================================================================================
# Text banks
# =============================================================================================

KIND_ZH = {"id_number": "身份证号", "bank_card": "银行卡号", "phone": "手机号"}
KIND_EN = {"id_number": "ID number", "bank_card": "card number", "phone": "phone number"}

ASK = {
    "id_number": {
        "zh": ["麻烦报一下您的身份证号码。", "请您提供一下身份证号，我这边核实身份。", "您的身份证号是多少？",
               "需要登记一下证件号码，身份证的。", "为了核实是本人，麻烦说一下身份证号。", "持卡人身份证号码报一下好吗？"],
        "en": ["Could I have your resident ID number, please?", "For verification, can you give me your ID card number?",
               "What's the ID number on your identity card?", "I'll need the 18-character ID number of the policyholder.",
               "Can you read me your Chinese ID number?"],
        "mx": ["麻烦给我你的 ID number。", "你的身份证 number 是多少？", "Can you 报一下身份证号?"],
    },
    "bank_card": {
        "zh": ["您的银行卡号是多少？", "麻烦把退款的银行卡卡号报一下。", "请提供一下您绑定的卡号。",
               "扣款那张卡的卡号方便说一下吗？", "您要换绑的新卡卡号是？"],
        "en": ["What's the long number on the front of the card?", "Can I take the card number you'd like the refund on?",
               "Please read me the full card number.", "Which card is it, can you give me the card number?"],
        "mx": ["你的 card number 是多少？", "麻烦 read 一下卡号。", "银行卡 number 报一下 please。"],
    },
    "phone": {
        "zh": ["您留一个联系电话吧。", "您的手机号是多少？", "方便留个手机号码吗？", "请问您的联系电话是？",
               "回访的话打哪个号码？", "您注册用的手机号报一下。"],
        "en": ["What's the best number to reach you on?", "Can I get a callback number?", "What's your mobile number?",
               "And the phone number on the account?", "Could you give me a contact phone number?"],
        "mx": ["你的 phone number 是多少？", "留个 mobile 给我。", "Contact number 是哪个？"],
    },
}
LEAD = {
    "id_number": {"zh": ["我的身份证号是", "身份证是", "好的，是", "嗯，", "号码是", ""],
                  "en": ["Sure, it's ", "Yeah, my ID number is ", "Okay, it's ", "It's ", ""],
                  "mx": ["我的 ID 是", "OK，身份证是", "Sure，是"]},
    "bank_card": {"zh": ["卡号是", "我的卡号", "好，卡号是", "嗯，是", ""],
                  "en": ["Okay, the card number is ", "It's ", "Right, it's ", "Sure. ", ""],
                  "mx": ["card 号码是", "OK，卡号是", "卡 number 是"]},
    "phone": {"zh": ["我的手机号是", "打这个吧，", "手机是", "嗯，", "号码是", ""],
              "en": ["Sure, it's ", "You can reach me on ", "My mobile is ", "It's ", ""],
              "mx": ["我的 mobile 是", "call 这个号码，", "phone 是"]},
}
ACK = {"zh": ["好的，我记一下。", "收到。", "好的，稍等，我这边查一下。", "嗯，好的。", "好的，谢谢您。", "行，我这边登记了。"],
       "en": ["Great, thanks.", "Got it.", "Perfect, give me a moment.", "Okay, thank you.", "Lovely, that's noted.", "Alright."],
       "mx": ["OK，收到。", "好的，noted。", "Got it，谢谢。"]}
BACK = {"zh": ["嗯。", "嗯嗯。", "对。", "好。", "您说。", "然后呢？", "嗯，您慢点说。", "好的，请继续。", "喂？还在吗？"],
        "en": ["Mm-hmm.", "Yep.", "Okay.", "Go on.", "Uh-huh.", "Right.", "Sorry, go ahead.", "And then?", "Hello? Still there?"],
        "mx": ["嗯，OK。", "Yes，继续。", "OK 您说。"]}
READ_FULL = {"zh": ["我跟您核对一下，{x}，对吗？", "您说的是{x}是吧？", "我重复一遍：{x}。", "好的，{x}，没错吧？"],
             "en": ["Let me read that back: {x}, correct?", "So that's {x}?", "I have {x}. Is that right?", "Just to confirm, {x}."],
             "mx": ["我 confirm 一下，{x}，对吗？", "So 是 {x} 对吧？"]}
READ_TAIL = {"zh": ["尾号{x}对吧？", "好的，尾号是{x}。", "最后四位{x}，对吗？", "后四位是{x}是吧？"],
             "en": ["Ending in {x}?", "And that ends {x}, right?", "The last four are {x}?", "Okay, the one ending {x}."],
             "mx": ["尾号 {x} 对吧？", "ending {x} 是吗？"]}
YES = {"zh": ["对，没错。", "对的。", "是的。", "嗯，对。"], "en": ["Yes, that's right.", "Correct.", "Yep.", "That's it."],
       "mx": ["对，correct。", "Yes 对的。"]}
NO_FIX = {"zh": ["不对，是", "不是，最后是", "错了，是", "不对不对，"], "en": ["No, it's ", "Not quite, it's ", "No no, ", "Sorry, no, it's "],
          "mx": ["不对，it's ", "No，是"]}
RESTART = {"zh": ["不对不对，", "哎不是，说错了，", "等下，我重说，", "呃不对，那是我以前的，", "sorry，重来，"],
           "en": ["sorry, no, ", "wait, scratch that, ", "no hang on, that's wrong, ", "actually no, that's my old one, ", "let me start again, "],
           "mx": ["不对，sorry，", "wait，说错了，", "no no，重新说，"]}
CHECK_APART = {"zh": ["最后是个X", "最后一位是X", "末位是字母叉", "最后是大写的X", "尾巴上是个X", "最后一位是"],
               "en": ["and then the letter X", "and the last character is X", "then X at the end", "last character's an X", "and it ends with"],
               "mx": ["最后一位是 letter X", "最后是 X"]}

# ---------------------------------------------------------------------------------------------
# Domains: openers, customer reasons, closings
# ---------------------------------------------------------------------------------------------

BANKS_ZH = ["招商银行", "建设银行", "农业银行", "工商银行", "平安银行", "浦发银行", "中信银行"]
BANKS_EN = ["Northfield Bank", "Harbour Savings", "Crestline Credit", "Union Trust", "Bayview Bank"]


def v(rng, key):
    """Random look-alike values for placeholders."""
    if key == "n":
        return str(rng.choice([3, 7, 12, 15, 21, 33, 45, 60, 90]))
    if key == "amt":
        return rng.choice(["%d" % rng.randint(50, 9999), "%d.%02d" % (rng.randint(10, 5000), rng.randint(0, 99)),
                           "{:,}".format(rng.randint(1000, 60000))])
    if key == "date_zh":
        return "%d月%d号" % (rng.randint(1, 12), rng.randint(1, 28))
    if key == "date_en":
        return rng.choice(["March %d" % rng.randint(1, 28), "the %dth" % rng.randint(4, 20), "%d/%d" % (rng.randint(1, 12), rng.randint(1, 28))])
    if key == "bank_zh":
        return rng.choice(BANKS_ZH)
    if key == "bank_en":
        return rng.choice(BANKS_EN)
    raise KeyError(key)


def fill(rng, s):
    return re.sub(r"\{(\w+)\}", lambda m: v(rng, m.group(1)), s)


DOMAINS = {
    "collections": {
        "roles_zh": [("催收专员", "客户"), ("坐席", "客户")], "roles_en": [("Collections Agent", "Customer")],
        "open": {"zh": ["您好，这里是{bank_zh}信用卡中心，您的账单已经逾期{n}天了，想跟您确认一下还款安排。",
                        "喂，您好，我是{bank_zh}贷后管理部的，关于您那笔{amt}元的欠款。"],
                 "en": ["Hi, this is Dana from {bank_en} collections, calling about the overdue balance of {amt} dollars.",
                        "Good afternoon, I'm calling from {bank_en} about your account, which is {n} days past due."],
                 "mx": ["您好，这里是{bank_en} collections team，您的 account 逾期{n}天了。"]},
        "cust": {"zh": ["我知道，这个月手头有点紧，能不能分期？", "我上周已经还了啊，{date_zh}还的。", "能不能先还一部分，{amt}行不行？"],
                 "en": ["Yeah, I know, I can pay part of it on {date_en}.", "I already paid that, I think on {date_en}.", "Can we set up a payment plan?"],
                 "mx": ["我知道，can I 分期还？", "我 last week 已经还了 {amt}。"]},
        "kinds": ["id_number", "bank_card", "phone"],
    },
    "telecom": {
        "roles_zh": [("客服", "用户"), ("坐席", "客户")], "roles_en": [("Retention Agent", "Customer")],
        "open": {"zh": ["您好，这里是中国移动客服，看到您申请了携号转网，想了解一下原因。", "您好，您的宽带合约{date_zh}到期，给您来电做个续约回访。"],
                 "en": ["Hi, thanks for calling, I see you've asked for your PAC code to leave us.", "Hello, you're through to the loyalty team, I understand you want to cancel?"],
                 "mx": ["您好，这边是 retention team，您想 cancel 套餐是吗？"]},
        "cust": {"zh": ["对，你们的套餐太贵了，每个月{amt}块。", "信号太差了，在家都打不了电话。", "我要转到别家，那边给我便宜一半。"],
                 "en": ["Yeah, I'm paying {amt} a month and the signal's rubbish.", "I've been offered a better deal elsewhere.", "Honestly the bill went up again on {date_en}."],
                 "mx": ["对，price 太贵了，每月{amt}。", "信号 really bad。"]},
        "kinds": ["phone", "id_number", "bank_card"],
    },
    "ecommerce": {
        "roles_zh": [("售后客服", "买家"), ("客服", "客户")], "roles_en": [("Support", "Buyer")],
        "open": {"zh": ["您好，这里是京东售后，请问有什么可以帮您？", "亲，您好，售后这边看到您申请了退款。"],
                 "en": ["Hi, you've reached after-sales support, how can I help?", "Hello, I'm following up on your return request."],
                 "mx": ["您好，after-sales 这边，有什么可以帮您？"]},
        "cust": {"zh": ["我买的吹风机坏了，{date_zh}收到的，用了两次就不转了。", "我要退货，东西跟图片不一样。", "退款一直没到账，已经{n}天了。"],
                 "en": ["My blender arrived cracked on {date_en}.", "I returned the jacket but the refund of {amt} never came.", "The parcel says delivered but I never got it."],
                 "mx": ["我的 order 一直没到，已经{n}天了。", "refund 还没收到。"]},
        "kinds": ["phone", "bank_card"],
    },
    "property": {
        "roles_zh": [("物业管家", "业主"), ("客服", "业主")], "roles_en": [("Property Manager", "Tenant")],
        "open": {"zh": ["您好，这里是绿城物业服务中心。", "您好，物业这边，您报修的漏水问题我们来回访一下。"],
                 "en": ["Hi, this is the building management office.", "Hello, I'm calling about the leak you reported in your flat."],
                 "mx": ["您好，property management 这边。"]},
        "cust": {"zh": ["我家楼上一直漏水，天花板都泡了。", "物业费怎么又涨了？去年才{amt}。", "停车位的事情想问一下。"],
                 "en": ["The heating hasn't worked since {date_en}.", "There's water coming through my ceiling.", "I want to register a new car for the car park."],
                 "mx": ["楼上 leaking，很严重。", "parking 的事想问一下。"]},
        "kinds": ["phone", "id_number"],
    },
    "education": {
        "roles_zh": [("招生老师", "家长"), ("顾问", "家长")], "roles_en": [("Admissions", "Parent")],
        "open": {"zh": ["您好，这里是新东方招生办，您之前咨询过暑期班。", "家长您好，孩子的入学登记还差一些信息。"],
                 "en": ["Hello, this is the admissions office at Riverside Academy.", "Hi, I'm calling about your enquiry for the summer course."],
                 "mx": ["家长您好，这边是 admissions office。"]},
        "cust": {"zh": ["对，孩子今年{n}岁，想报周末班。", "学费是多少？上次说{amt}。", "我想问一下开学时间。"],
                 "en": ["Yes, my daughter is starting in September.", "How much is the fee, was it {amt}?", "We'd like the weekend class."],
                 "mx": ["对，想报 summer camp。", "学费 how much？"]},
        "kinds": ["id_number", "phone", "bank_card"],
    },
    "insurance": {
        "roles_zh": [("理赔专员", "被保险人"), ("坐席", "客户")], "roles_en": [("Pre-auth Nurse", "Member")],
        "open": {"zh": ["您好，这里是平安健康险理赔中心，关于您的住院预授权申请。", "您好，我是医保预审的，您母亲下周的手术需要先做预授权。"],
                 "en": ["Hi, this is the pre-authorisation team at Meridian Health.", "Hello, I'm calling about the MRI pre-approval request."],
                 "mx": ["您好，这边是 pre-auth team，关于住院的 claim。"]},
        "cust": {"zh": ["对，医生说要做个核磁，大概{amt}块。", "住院押金交了{amt}，能不能先垫付？"],
                 "en": ["Yes, the surgery is booked for {date_en}.", "The hospital quoted {amt} for the scan."],
                 "mx": ["对，surgery 在{date_zh}。"]},
        "kinds": ["id_number", "bank_card", "phone"],
    },
    "ridehail": {
        "roles_zh": [("客服", "乘客"), ("客服", "司机")], "roles_en": [("Support", "Rider")],
        "open": {"zh": ["您好，滴滴客服，请问有什么可以帮您？", "您好，这里是出行平台安全中心。"],
                 "en": ["Hi, rider support here, what happened on your trip?", "Hello, thanks for reporting the incident."],
                 "mx": ["您好，rider support，请问什么问题？"]},
        "cust": {"zh": ["司机绕路了，多收了我{amt}块。", "我手机落车上了，车牌是沪A·{n}F8K。", "司机态度特别差。"],
                 "en": ["The driver took a detour and charged me {amt}.", "I left my bag in the car yesterday.", "The driver cancelled after twenty minutes."],
                 "mx": ["司机 detour 了，多收{amt}。"]},
        "kinds": ["phone", "bank_card"],
    },
    "prize": {
        "roles_zh": [("来电人", "接听人"), ("对方", "我")], "roles_en": [("Caller", "Receiver")],
        "open": {"zh": ["恭喜您！您被抽中了我们周年庆的二等奖，奖金{amt}元。", "您好，这里是中央电视台节目组，您的手机号中奖了。"],
                 "en": ["Congratulations! You've won our anniversary draw, a prize of {amt} dollars.", "Hello, this is the prize verification department."],
                 "mx": ["恭喜！你中了 lucky draw 的{amt}元。"]},
        "cust": {"zh": ["真的假的？我没参加过啊。", "那我要怎么领？"], "en": ["Really? I don't remember entering.", "Okay, what do I need to do?"],
                 "mx": ["真的吗？how to 领？"]},
        "kinds": ["bank_card", "id_number", "phone"],
    },
    "social": {
        "roles_zh": [("话务员", "来电人"), ("12333坐席", "参保人")], "roles_en": [("Hotline", "Caller")],
        "open": {"zh": ["您好，社保热线，请问您要咨询什么业务？", "您好，这里是人社局服务热线。"],
                 "en": ["Social security helpline, how may I help?", "Hello, benefits enquiry line."],
                 "mx": ["您好，社保 hotline，有什么可以帮您？"]},
        "cust": {"zh": ["我想查一下养老保险缴了多少年。", "我换工作了，社保要转移。", "医保卡丢了要补办。"],
                 "en": ["I want to check my pension contributions.", "My benefit payment didn't arrive on {date_en}."],
                 "mx": ["我的 pension 想查一下。"]},
        "kinds": ["id_number", "phone", "bank_card"],
    },
    "marketing": {
        "roles_zh": [("销售", "客户"), ("坐席", "客户")], "roles_en": [("Sales", "Prospect")],
        "open": {"zh": ["您好，打扰一下，我们这边有个信用卡分期的优惠活动，利率只要零点{n}。", "先生您好，我是保险公司的，给您介绍一款新产品。"],
                 "en": ["Hi there, I'm calling with a special offer on home broadband, just {amt} a month.", "Hello, do you have two minutes for a quick offer?"],
                 "mx": ["您好，我们有个 special offer，每月只要{amt}。"]},
        "cust": {"zh": ["我现在在开车，你说快点。", "行吧，你先加我一下。"], "en": ["Okay, go on, but quickly.", "Fine, send me the details."],
                 "mx": ["OK 你说，quickly。"]},
        "kinds": ["phone", "bank_card", "id_number"],
    },
}
CLOSE = {"zh": ["好的，还有其他问题吗？", "那先这样，稍后会有短信通知您。", "感谢您的来电，再见。", "好的，祝您生活愉快。"],
         "en": ["Is there anything else I can help with?", "You'll get a text shortly. Bye now.", "Thanks for calling, have a good day.", "Alright, take care."],
         "mx": ["OK，那先这样，bye。", "Thanks，再见。"]}
CUST_CLOSE = {"zh": ["没有了，谢谢。", "好的，拜拜。", "行。"], "en": ["No, that's all, thanks.", "Bye.", "Cheers."], "mx": ["没了，thanks。", "OK bye。"]}


# ---------------------------------------------------------------------------------------------
# Look-alikes (never valid personal numbers; each introduced by its own label)
# ---------------------------------------------------------------------------------------------

def bad_luhn_run(rng, n, first="123456789"):
    while True:
        s = rdig(rng, n, first)
        if not luhn_ok(s) and not (n == 18 and id_checksum_ok(s)) and not MOBILE_RE.match(s):
            return s


def grp(s, sizes, sep=" "):
    out, i = [], 0
    for g in sizes:
        out.append(s[i:i + g])
        i += g
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


LOOK_Q = {
    0: ("订单号多少？", "What's the order number?"), 1: ("快递单号有吗？", "Do you have the tracking number?"),
    2: ("您的保单号是多少？", "Can I take the policy number?"), 14: ("会员号报一下。", "Do you have your membership number?"),
    15: ("宽带账号是多少？", "What's the broadband account number?"), 19: ("订单编号发我一下。", "What's the order ID?"),
    7: ("请把收到的验证码念一下。", "Can you read me the code we just texted?"), 12: ("您坐的哪趟车？", "Which train were you on?"),
    13: ("车牌号还记得吗？", "Do you remember the plate?"), 18: ("您家地址是？", "And your address?"),
    21: ("退款批次号有吗？", "Is there a refund batch ID on the email?"), 16: ("交易流水号看一下。", "What's the transaction reference?"),
}


def lookalike(rng, lang, t=None):
    """One look-alike sentence (said by either party)."""
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.6)
    t = rng.randrange(22) if t is None else t
    if t == 0:
        s = bad_luhn_run(rng, 16)
        if rng.random() < 0.25:
            return (f"订单号是{cn_group(s, rng, rng.random() < 0.5, '零')}。" if zh else
                    f"The order number is {en_words(s, rng, multi=0.2)}.")
        return (f"订单号是{grp(s, [4, 4, 4, 4], rng.choice(['', ' ']))}。" if zh else
                f"The order number is {grp(s, [4, 4, 4, 4], rng.choice([' ', '-']))}.")
    if t == 1:
        s = "SF" + rdig(rng, 13, "13")
        return f"快递单号{s}，顺丰的。" if zh else f"Tracking number {s}, it's with SF Express."
    if t == 2:
        s = bad_luhn_run(rng, 18, "2789")
        return f"保单号是{s}。" if zh else f"Your policy number is {s}."
    if t == 3:
        s = "%d%02d%02d%04d" % (rng.randint(2021, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.randint(1, 9999))
        return f"理赔案件号{s}，您记一下。" if zh else f"Your claim reference is CLM-{s[:8]}-{s[8:]}."
    if t == 4:
        s = "GD" + rdig(rng, 10, "2")
        return f"工单号{s}，有进展会通知您。" if zh else f"I've opened ticket {s} for you."
    if t == 5:
        return (f"本期应还{v(rng, 'amt')}元，最低还款{rng.randint(100, 999)}元。" if zh else
                f"The statement balance is ${v(rng, 'amt')}, minimum payment ${rng.randint(25, 300)}.")
    if t == 6:
        return (f"{rng.randint(2023, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日下午{rng.randint(2, 5)}点{rng.choice(['半', '十分', ''])}之前处理。" if zh else
                f"It'll be sorted by {rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(2023, 2024)} at {rng.randint(1, 11)}:{rng.choice(['00', '15', '30', '45'])} pm.")
    if t == 7:
        c = rdig(rng, 6)
        if zh:
            return rng.choice([f"验证码是{c}，五分钟内有效。", f"验证码{' '.join(c)}。", f"验证码是{cn_group(c, rng, True, '零')}。"])
        return rng.choice([f"The verification code is {c}.", f"Your one-time code is {' '.join(EN_D[int(x)] for x in c)}."])
    if t == 8:
        h = rng.choice(["95588", "95533", "95555", "95599", "10086", "10010", "10000", "12315", "12345", "12333", "95511"])
        return f"有问题可以打{h}客服热线。" if zh else f"You can also call our hotline {h}."
    if t == 9:
        h = "400-%s-%s" % (rdig(rng, 3, "1235689"), rdig(rng, 4))
        if rng.random() < 0.5:
            h = h.replace("-", rng.choice(["", " "]))
        return f"全国服务热线{h}，24小时。" if zh else f"Our free service line is {h}, open 24 hours."
    if t == 10:
        p = rng.choice(["200120", "100022", "518057", "310013", "610041"]) if zh else rng.choice(["10001", "94103", "SW1A 2AA", "M1 1AE", "02139"])
        return f"邮编是{p}。" if zh else f"And the postcode is {p}."
    if t == 11:
        f = rng.choice(["CA1831", "MU5137", "CZ3101", "HU7605", "BA 283", "UA 857", "CX 251"])
        return f"我是坐{f}航班回来的。" if zh else f"I was on flight {f} that day."
    if t == 12:
        tr = rng.choice(["G1234", "D312", "G7086", "K1158", "Z98"])
        return f"坐的是{tr}次，{rng.randint(1, 16)}车{rng.randint(1, 20)}F。" if zh else f"I took train {tr}, coach {rng.randint(1, 16)}."
    if t == 13:
        p = rng.choice(["沪A·%dF8K" % rng.randint(10, 99), "京N·8D2K1", "粤B·%dX7Q" % rng.randint(100, 999), "浙A %d77" % rng.randint(100, 999)])
        return f"车牌是{p}。" if zh else f"The plate was {p}."
    if t == 14:
        s = rdig(rng, 11, "2")
        if rng.random() < 0.3:
            return f"会员号是{cn_group(s, rng, True, '零')}。" if zh else f"Membership number {en_words(s, rng, multi=0.3)}."
        return f"会员号{s}，积分还有{rng.randint(100, 9999)}。" if zh else f"Your membership number is {s} with {rng.randint(100, 9999)} points."
    if t == 15:
        s = rng.choice(["10", "12", "2", "3", "5", "8"])
        s = s + rdig(rng, 11 - len(s))
        return f"宽带账号是{grp(s, [3, 4, 4])}。" if zh else f"The broadband account is {grp(s, [3, 4, 4])}."
    if t == 16:
        s = bad_luhn_run(rng, 18, "123456")
        return f"交易流水号{s}。" if zh else f"Transaction reference {s}."
    if t == 17:
        return f"分机号{rng.randint(1000, 8999)}。" if zh else f"My extension is {rng.randint(1000, 8999)}."
    if t == 18:
        return (f"我住{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(101, 2804)}。" if zh else
                f"I'm in flat {rng.randint(1, 30)}{rng.choice('ABCD')}, {rng.randint(10, 250)} {rng.choice(['King Street', 'Elm Road', 'Harbour Way'])}.")
    if t == 19:
        s = "%03d-%07d-%07d" % (rng.randint(100, 999), rng.randint(0, 9999999), rng.randint(0, 9999999))
        while luhn_ok(s.replace("-", "")):
            s = "%03d-%07d-%07d" % (rng.randint(100, 999), rng.randint(0, 9999999), rng.randint(0, 9999999))
        return f"亚马逊订单号{s}。" if zh else f"Amazon order {s}."
    if t == 20:
        return (f"合同编号HT-{rng.randint(2020, 2024)}-{rng.randint(10000, 99999)}。" if zh else
                f"Contract reference HT-{rng.randint(2020, 2024)}-{rng.randint(10000, 99999)}.")
    s = bad_luhn_run(rng, rng.choice([15, 16, 17, 19]), "3789")
    return f"退款批次号{s}。" if zh else f"Refund batch ID {s}."


# =============================================================================================
# Phenomenon builders: return body lines (A = agent, C = customer)
# =============================================================================================

def cust_line(c, kind, text_parts):
    lead = c.pick(LEAD[kind])
    end = c.rng.choice(["。", "", "。", "."] if c.lang != "en" else [".", "", "."])
    return Line("C", [lead] + text_parts + [end])


def b_plain(c, kinds=None):
    kind = c.rng.choice(kinds or c.dom["kinds"])
    n = c.num(kind)
    t = c.say(n)
    return [Line("A", [c.pick(ASK[kind])]), cust_line(c, kind, [frag(n, t, n.digits)]), Line("A", [c.pick(ACK)])]


def split_points(n, rng, parts):
    gs = n.groups
    cum0 = [sum(gs[:k]) for k in range(len(gs) + 1)]
    okc = [k for k in range(1, len(gs)) if n.kind != "phone" or len(n.digits) - cum0[k] >= 4]
    if len(okc) >= parts - 1:
        cuts = sorted(rng.sample(okc, parts - 1))
    else:
        cuts = None
    out, i, prev = [], 0, 0
    bounds = []
    acc = 0
    cum = [0]
    for g in gs:
        acc += g
        cum.append(acc)
    if cuts is not None:
        pts = [cum[k] for k in cuts]
    else:
        hi = len(n.digits) - (4 if n.kind == "phone" else 2)
        pts = sorted(rng.sample(range(3, hi), parts - 1))
    pts = [0] + pts + [len(n.digits)]
    res = []
    for a, b in zip(pts, pts[1:]):
        if a == b:
            continue
        sub = []
        p = a
        for k in range(len(gs)):
            ga, gb = cum[k], cum[k + 1]
            lo, hi = max(ga, a), min(gb, b)
            if lo < hi:
                sub.append(n.digits[lo:hi])
        res.append(sub)
    return res


def pieces_lines(c, n, pieces, between, mode=None, fillers=0):
    """Customer says the pieces; `between(i)` gives the lines after piece i (interruptions) or None."""
    mode = mode or c.mode()
    lines = []
    for i, groups in enumerate(pieces):
        t = render(groups, mode, c.rng, c.lang, fillers, plus=(n.plus and i == 0))
        d = "".join(groups)
        is_end = i == len(pieces) - 1
        f = frag(n, t, d, ends_at_end=is_end)
        if i == 0:
            ln = cust_line(c, n.kind, [f])
            ln.parts[-1] = c.rng.choice(["……", "，", "...", " -", ""] if c.lang != "en" else ["...", ",", " -", ""])
        else:
            zh = c.lang != "en"
            ln = Line("C", [c.rng.choice(["", "", "然后", "嗯，"] if zh else ["", "", "then ", "and "]), f,
                            c.rng.choice((["。", "", "."] if zh else [".", ""]) if is_end else (["……", "...", ","] if zh else ["...", ","]))])
        lines.append(ln)
        if not is_end:
            lines += between(i)
    return lines


def b_interruption(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    parts = 3 if c.rng.random() < 0.35 and len(n.digits) >= 11 else 2
    pieces = split_points(n, c.rng, parts)

    def between(i):
        r = c.rng.random()
        if r < 0.15:
            # the agent echoes the piece just heard (a read-back of it)
            g = pieces[i]
            echo = frag(n, render(g, c.mode(), c.rng, c.lang), "".join(g), ends_at_end=False)
            return [Line("A", [echo, c.rng.choice(["，然后呢？", "，嗯，后面呢？", "，好。"] if c.lang != "en" else [", yep, go on.", ", and then?", ", okay."])])]
        if r < 0.25 and c.dom_name == "marketing":
            return [Line("A", [c.rng.choice(["对对，我们这个套餐每个月只要%d块，" % c.rng.choice([39, 59, 99, 129]) + "您接着说。",
                                             "嗯，这个卡首年免年费的，您继续。"] if c.lang != "en" else
                                            ["Right, and that's only %d a month for the first year, go on." % c.rng.choice([20, 25, 30, 45]),
                                             "Yep, and there's no setup fee, sorry, carry on."])])]
        if r < 0.55:
            return [Line("A", [c.pick(BACK)])]
        if r < 0.75:
            # the agent talks over with something unrelated
            return [Line("A", [c.rng.choice(["您稍等，系统有点慢。", "不好意思，信号不太好。", "嗯，我在记。"] if c.lang == "zh" else
                                             ["Sorry, the system's a bit slow.", "Hang on, you broke up there.", "Yeah, I'm writing it down."])])]
        if r < 0.9:
            return [Line("A", [c.pick(BACK)]), Line("C", [c.rng.choice(["嗯，等一下我找找……", "我看一下卡上写的。"] if c.lang == "zh" else
                                                                          ["Hold on, let me find it...", "Sorry, let me look."])])]
        return [Line("C", [c.rng.choice(["你听得清吗？", "是不是要全部说？"] if c.lang == "zh" else ["Can you hear me?", "Do you need all of it?"])]),
                Line("A", [c.rng.choice(["听得清，您继续。", "对，全部。"] if c.lang == "zh" else ["Yes, go on.", "Yes please, all of it."])])]
    return [Line("A", [c.pick(ASK[kind])])] + pieces_lines(c, n, pieces, between) + [Line("A", [c.pick(ACK)])]


def b_continuation(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    pieces = split_points(n, c.rng, 2 if c.rng.random() < 0.75 else 3)
    lines = pieces_lines(c, n, pieces, lambda i: [])
    for ln in lines[1:]:
        ln.cont = True
    return [Line("A", [c.pick(ASK[kind])])] + lines + [Line("A", [c.pick(ACK)])]


def mutate(rng, d, lo=0, hi=None, keep_x=True):
    hi = len(d) if hi is None else hi
    while True:
        i = rng.randrange(lo, hi)
        if d[i] == "X":
            continue
        nd = rng.choice([x for x in "0123456789" if x != d[i]])
        return d[:i] + nd + d[i + 1:], i


def b_correction(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    mode = c.mode()
    r = c.rng.random()
    lines = [Line("A", [c.pick(ASK[kind])])]
    if r < 0.4:
        # abandoned prefix, restart on the same line
        k = c.rng.randint(3, max(3, len(n.digits) - 5))
        ab_digits = n.digits[:k]
        if c.rng.random() < 0.5:  # wrong start
            ab_digits, _ = mutate(c.rng, ab_digits)
        ab = Frag(render([ab_digits], mode, c.rng, c.lang), ab_digits, kind, False, "abandoned")
        good = frag(n, c.say(n, mode=mode), n.digits)
        lines.append(Line("C", [c.pick(LEAD[kind]), ab, c.rng.choice(["……", "，", "... ", " — "]), c.pick(RESTART), good,
                                c.rng.choice(["。", "", "."])]))
    elif r < 0.7:
        # a whole wrong (old) number, then the right one on the next turn
        old = make_number(c.rng, kind, c.lang)
        c.numbers.append(old)
        lines.append(cust_line(c, kind, [Frag(c.say(old, mode=mode), old.digits, kind, last4(old, old.digits), "piece")]))
        lines.append(Line("C", [c.pick(RESTART), frag(n, c.say(n, mode=mode), n.digits), "。" if c.lang != "en" else "."], cont=c.rng.random() < 0.5))
        if c.rng.random() < 0.5:
            lines.insert(-1, Line("A", [c.pick(BACK)]))
    else:
        # a single group corrected: "...8147, no, 8174"
        gs = n.split_groups()
        cand = [k for k, g in enumerate(gs) if g != "X"]
        gi = cand[-1] if c.rng.random() < 0.6 else c.rng.choice(cand)
        wrong, _ = mutate(c.rng, gs[gi])
        said = gs[:gi] + [wrong]
        said_d = "".join(said)
        first = Frag(render(said, mode, c.rng, c.lang), said_d, kind,
                     last4(n, said_d, gi == len(gs) - 1), "abandoned")
        fix_groups = gs[gi:]
        fix_d = "".join(fix_groups)
        fix = frag(n, render(fix_groups, mode, c.rng, c.lang), fix_d)
        lines.append(Line("C", [c.pick(LEAD[kind]), first, c.rng.choice(["，", "……"] if c.lang == "zh" else [", ", "... "]), c.pick(NO_FIX), fix,
                                c.rng.choice(["。", ""] if c.lang == "zh" else [".", ""])]))
    lines.append(Line("A", [c.pick(ACK)]))
    return lines


def b_filler(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    gs = n.split_groups()
    if len(gs) < 3:
        n.groups = [3, 4, len(n.digits) - 7] if kind == "phone" and len(n.digits) >= 11 else [4] * (len(n.digits) // 4) + ([len(n.digits) % 4] if len(n.digits) % 4 else [])
        gs = n.split_groups()
    nf = c.rng.randint(1, min(3, len(gs) - 1))
    t = render(gs, c.mode(), c.rng, c.lang, fillers=nf, plus=n.plus)
    return [Line("A", [c.pick(ASK[kind])]), cust_line(c, kind, [frag(n, t, n.digits)]), Line("A", [c.pick(ACK)])]


def b_asr_chunks(c):
    """Recogniser-style chunks: ITN chunks, numerals mixed with digits, glued to words/punctuation,
    a number split over two segments."""
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    r = c.rng.random()
    d = n.digits
    if r < 0.35:
        # odd chunking, mixed numerals
        cuts = sorted(c.rng.sample(range(1, len(d)), c.rng.randint(2, 4)))
        gs = [d[a:b] for a, b in zip([0] + cuts, cuts + [len(d)])]
        mode = "cnmix" if c.lang != "en" and c.rng.random() < 0.5 else ("enmix" if c.lang != "zh" else "ar")
        t = render(gs, mode, c.rng, c.lang, sep=c.rng.choice([" ", "", ",", "，" if c.lang != "en" else ", "]))
        body = [Line("C", [c.rng.choice(["号码", "是", "嗯", "number is ", "it's "] if c.lang != "zh" else ["号码", "是", "嗯，是", "就是"]),
                           frag(n, t, d), c.rng.choice(["。", ".", "", "？"])])]
    elif r < 0.7:
        # split over two segments of the same speaker (recogniser segment boundary mid-number)
        k = c.rng.randint(3, len(d) - 4) if kind == "phone" else c.rng.randint(3, len(d) - 2)
        a, b = d[:k], d[k:]
        mode = c.mode(words_ok=False)
        ta = render([a], mode, c.rng, c.lang)
        tb = render([b], mode, c.rng, c.lang)
        body = [Line("C", [c.pick(LEAD[kind]), frag(n, ta, a, ends_at_end=False)]),
                Line("C", [frag(n, tb, b), c.rng.choice(["。", "", ".", "，对。"])], cont=True)]
    else:
        # glued to the surrounding word and punctuation
        t = render(n.split_groups(), "ar", c.rng, c.lang, sep=c.rng.choice(["", ",", "，", "."]))
        pre = c.rng.choice(["号码是", "是", "卡号", "number:", "is:"] if c.lang != "en" else ["is:", "number:", "#", "it's:"])
        body = [Line("C", [pre, frag(n, t, d), c.rng.choice(["。", "，对吧", ".", "?"])])]
    return [Line("A", [c.pick(ASK[kind])])] + body + [Line("A", [c.pick(ACK)])]


def b_readback(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    lines = [Line("A", [c.pick(ASK[kind])]), cust_line(c, kind, [frag(n, c.say(n), n.digits)])]
    r = c.rng.random()
    if r < 0.3:
        rb = frag(n, c.say(n), n.digits)
        tmpl = c.pick(READ_FULL)
        pre, post = tmpl.split("{x}")
        lines += [Line("A", [pre, rb, post]), Line("C", [c.pick(YES)])]
    elif r < 0.55:
        tail = n.digits[-4:]
        tmpl = c.pick(READ_TAIL)
        pre, post = tmpl.split("{x}")
        lines += [Line("A", [pre, frag(n, render([tail], c.mode(), c.rng, c.lang), tail), post]), Line("C", [c.pick(YES)])]
    else:
        # misheard read-back, the caller corrects
        wrong, pos = mutate(c.rng, n.digits)
        gs, i = [], 0
        for g in n.groups:
            gs.append(wrong[i:i + g]); i += g
        ok4 = n.kind == "phone" and wrong[-4:] == n.digits[-4:]
        rb = Frag(render(gs, c.mode(), c.rng, c.lang), wrong, kind, ok4, "misheard")
        tmpl = c.pick(READ_FULL)
        pre, post = tmpl.split("{x}")
        lines.append(Line("A", [pre, rb, post]))
        # caller repeats the group with the error (or from it to the end)
        acc, gi = 0, 0
        for gi, g in enumerate(n.groups):
            if acc + g > pos:
                break
            acc += g
        fix_d = n.digits[acc:] if c.rng.random() < 0.5 else n.digits[acc:acc + n.groups[gi]]
        lines.append(Line("C", [c.pick(NO_FIX), frag(n, render([fix_d], c.mode(), c.rng, c.lang), fix_d),
                                c.rng.choice(["。", ""] if c.lang == "zh" else [".", ""])]))
        if c.rng.random() < 0.6:
            t4 = n.digits[-4:]
            tmpl = c.pick(READ_TAIL)
            pre, post = tmpl.split("{x}")
            sorry = c.rng.choice(["", "Sorry, ", "抱歉，"]) if c.lang != "zh" else "抱歉，"
            if sorry == "Sorry, " and pre[:1].isupper():
                pre = pre[0].lower() + pre[1:]
            lines.append(Line("A", [sorry, pre,
                                    frag(n, render([t4], c.mode(), c.rng, c.lang), t4), post]))
            lines.append(Line("C", [c.pick(YES)]))
    lines.append(Line("A", [c.pick(ACK)]))
    return lines


def b_check_apart(c):
    n = c.num("id_number", want_x=c.rng.random() < 0.8)
    body_d = n.digits[:17]
    mode = c.mode()
    gs = [body_d] if c.rng.random() < 0.3 else [body_d[:6], body_d[6:14], body_d[14:]]
    t = render(gs, mode, c.rng, c.lang)
    chk = n.digits[17]
    lines = [Line("A", [c.pick(ASK["id_number"])])]
    main = frag(n, t, body_d, ends_at_end=False)
    tmpl = c.pick(CHECK_APART)
    if chk == "X":
        if "X" in tmpl or "叉" in tmpl:
            i = tmpl.rfind("X") if "X" in tmpl else tmpl.rfind("叉")
            xch = tmpl[i]
            if xch == "X" and c.rng.random() < 0.25:
                xch = c.rng.choice(["x", "Ｘ"])
            pre, post = tmpl[:i], tmpl[i + 1:]
        else:
            pre, post, xch = tmpl + " ", "", c.rng.choice(["X", "x"])
        xf = Frag(xch, "X", "id_number", False, "piece")
    else:
        pre = c.rng.choice(["最后一位是", "末位是"] if c.lang != "en" else ["and the last digit is ", "then a final "])
        post = ""
        xf = Frag(render([chk], mode if mode not in ("cnmix", "enmix", "englued") else "ar", c.rng, c.lang), chk, "id_number", False)
    r = c.rng.random()
    if r < 0.45:
        lines.append(cust_line(c, "id_number", [main]))
        lines[-1].parts[-1] = c.rng.choice(["，", "……", "", "..."])
        if c.rng.random() < 0.5:
            lines.append(Line("A", [c.pick(BACK)]))
            lines.append(Line("C", [pre, xf, post or c.rng.choice(["。", "."])]))
        else:
            lines.append(Line("C", [pre, xf, post or "。"], cont=True))
    else:
        lines.append(cust_line(c, "id_number", [main, c.rng.choice(["，", "，然后", " "] if c.lang == "zh" else [", ", " ", "... "]), pre.strip() + " " if pre and pre[-1:] == " " else pre, xf, post]))
    lines.append(Line("A", [c.pick(ACK)]))
    return lines


def b_glued(c):
    kind = c.rng.choice(c.dom["kinds"])
    n = c.num(kind)
    gs = n.split_groups()
    t = render(gs, "englued", c.rng, "en", fillers=0, plus=n.plus)
    lines = [Line("A", [c.pick(ASK[kind])]), cust_line(c, kind, [frag(n, t, n.digits)])]
    if c.rng.random() < 0.35:
        tail = n.digits[-4:]
        pre, post = c.pick(READ_TAIL).split("{x}")
        lines.append(Line("A", [pre, frag(n, render([tail], "englued", c.rng, "en"), tail), post]))
        lines.append(Line("C", [c.pick(YES)]))
    lines.append(Line("A", [c.pick(ACK)]))
    return lines


def b_multi(c):
    ks = list(c.dom["kinds"])
    c.rng.shuffle(ks)
    k = c.rng.choice([2, 2, 3]) if len(ks) >= 3 else 2
    chosen = ks[:k] if len(ks) >= k else ks + ["phone"]
    if c.rng.random() < 0.2:
        chosen = ["phone", "phone"] + chosen[2:]  # two phones (mobile + landline/alternate)
    lines = []
    for i, kind in enumerate(chosen):
        sub = b_plain(c, [kind]) if c.rng.random() < 0.7 else b_readback_light(c, kind)
        if i > 0 and c.rng.random() < 0.4:
            lines.append(Line("C", [lookalike(c.rng, c.lang)]))
            lines.append(Line("A", [c.pick(ACK)]))
        lines += sub
    return lines


def b_readback_light(c, kind):
    n = c.num(kind)
    tail = n.digits[-4:]
    pre, post = c.pick(READ_TAIL).split("{x}")
    return [Line("A", [c.pick(ASK[kind])]), cust_line(c, kind, [frag(n, c.say(n), n.digits)]),
            Line("A", [pre, frag(n, render([tail], c.mode(), c.rng, c.lang), tail), post])]


NEG_PROMPTS = {
    "zh": [("您方便提供一下手机号吗？", "不方便，你们有我号码的，别问了。"), ("身份证号需要吗？", "我没带身份证，回头再说吧。"),
           ("卡号您记得吗？", "记不住，卡在家里。"), ("需要我报银行卡吗？", "不用不用，我们这边不需要您的卡号。")],
    "en": [("Can I take a phone number?", "I'd rather not, you already have it on file."), ("Do you have your card with you?", "No, it's in the car, sorry."),
           ("Could you confirm your ID number?", "I don't have it on me right now."), ("Do you need my card number?", "No, we never ask for that over the phone.")],
    "mx": [("你的 phone number 方便给吗？", "不方便，you have it already。")],
}


def b_negative(c):
    lines = []
    for _ in range(c.rng.randint(2, 4)):
        if c.rng.random() < 0.5:
            t = c.rng.choice(sorted(LOOK_Q))
            q = LOOK_Q[t][0 if (c.lang == "zh" or (c.lang == "mixed" and c.rng.random() < 0.5)) else 1]
            lines.append(Line("A", [q]))
            lines.append(Line("C", [lookalike(c.rng, c.lang, t)]))
            lines.append(Line("A", [c.pick(ACK)]))
            continue
        role = c.rng.choice(["A", "C"])
        lines.append(Line(role, [lookalike(c.rng, c.lang)]))
        lines.append(Line("C" if role == "A" else "A", [c.pick(ACK if role == "C" else YES)]))
    if c.rng.random() < 0.45:
        q, a = c.pick(NEG_PROMPTS)
        lines.insert(c.rng.randrange(len(lines) + 1), Line("A", [q]))
        idx = lines.index(next(l for l in lines if l.parts == [q]))
        lines.insert(idx + 1, Line("C", [a]))
    return lines


BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
            "filler": b_filler, "asr-chunks": b_asr_chunks, "readback": b_readback, "check-char-apart": b_check_apart,
            "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


def build_lines(c):
    rng = c.rng
    d = c.dom
    lines = [Line("A", [fill(rng, c.pick(d["open"]))]), Line("C", [fill(rng, c.pick(d["cust"]))])]
    if c.phen == "negative" or rng.random() < 0.55:
        for _ in range(rng.randint(1, 2)):
            lines.append(Line(rng.choice("AC"), [lookalike(rng, c.lang)]))
    body = BUILDERS[c.phen](c)
    lines += body
    if rng.random() < 0.5:
        lines.append(Line(rng.choice("AC"), [lookalike(rng, c.lang)]))
    lines.append(Line("A", [c.pick(CLOSE)]))
    if rng.random() < 0.6:
        lines.append(Line("C", [c.pick(CUST_CLOSE)]))
    return lines


# =============================================================================================
# Output formats
# =============================================================================================

ZH_SPK = [("坐席", "客户"), ("客服", "来电人"), ("客服", "客户"), ("SPK_1", "SPK_2"), ("spk0", "spk1"), ("说话人1", "说话人2"),
          ("Speaker A", "Speaker B"), ("客服小王", "张先生"), ("工号3021", "客户"), ("A", "B"), ("座席", "用户")]
EN_SPK = [("Agent", "Customer"), ("AGENT", "CALLER"), ("Speaker 1", "Speaker 2"), ("spk_0", "spk_1"), ("SPEAKER_00", "SPEAKER_01"),
          ("Lisa (Agent)", "Mr. Patel"), ("Rep", "Cust"), ("Operator", "Caller"), ("Agent #4471", "Customer"), ("A", "B")]


def speakers(c):
    rng = c.rng
    if rng.random() < 0.35:
        key = "roles_en" if c.lang == "en" else "roles_zh" if c.lang == "zh" else rng.choice(["roles_en", "roles_zh"])
        return rng.choice(c.dom[key])
    if c.lang == "en":
        return rng.choice(EN_SPK)
    if c.lang == "zh":
        return rng.choice(ZH_SPK)
    return rng.choice(ZH_SPK + EN_SPK)


def ts_str(t, style, base):
    t2 = t + base
    h, rem = divmod(t2, 3600)
    m, s = divmod(rem, 60)
    if style == "hms":
        return "%02d:%02d:%02d" % (h, m, int(s))
    if style == "ms":
        return "%02d:%02d" % (m + 60 * h, int(s))
    if style == "sec":
        return "%.1fs" % t
    if style == "msms":
        return "%02d:%02d:%06.3f" % (h, m, s)
    raise AssertionError(style)


def times(c, lines):
    """Start/end time for every line (seconds), with per-token timing done later."""
    t = c.rng.uniform(0.3, 4.0)
    res = []
    for ln in lines:
        s, _ = ln.content()
        dur = max(0.6, len(s) * (0.22 if c.lang != "en" else 0.065)) * c.rng.uniform(0.8, 1.3)
        if ln.cont:
            t += c.rng.uniform(0.0, 0.6)
        res.append((t, t + dur))
        t += dur + c.rng.uniform(0.1, 1.2)
    return res


def render_text(c, lines):
    rng = c.rng
    a, b = speakers(c)
    style = rng.randrange(10)
    c.style_tag = "line-style-%d" % style
    tst = rng.choice(["hms", "ms", "sec", "msms"])
    base = rng.choice([0, 0, rng.randint(8 * 3600, 20 * 3600)])
    colon = "：" if c.lang != "en" and rng.random() < 0.6 else ": "
    tm = times(c, lines)
    out, spans = [], []
    header = None
    if rng.random() < 0.25:
        header = rng.choice(["通话ID: %s  时长: %02d:%02d" % (rdig(rng, 14, "2"), rng.randint(1, 15), rng.randint(0, 59)),
                             "Call ID: %s | Duration %02d:%02d | Queue: %s" % (rdig(rng, 10, "3"), rng.randint(1, 15), rng.randint(0, 59), c.dom_name),
                             "=== 录音转写 %d-%02d-%02d ===" % (rng.randint(2023, 2024), rng.randint(1, 12), rng.randint(1, 28))])
        out.append(header)
    prev_role = None
    for ln, (t0, _) in zip(lines, tm):
        s, fr = ln.content()
        spk = a if ln.role == "A" else b
        ts = ts_str(t0, tst, base)
        if style == 6:
            if ln.role != prev_role or (not ln.cont and rng.random() < 0.3):
                out.append("%s  %s" % (spk, ts))
            prefix = ""
        elif ln.cont and rng.random() < 0.4:
            prefix = ""  # wrapped line without a label
        elif style == 0:
            prefix = spk + colon
        elif style == 1:
            prefix = "[%s] %s: " % (ts, spk)
        elif style == 2:
            prefix = "%s [%s]: " % (spk, ts)
        elif style == 3:
            prefix = "%s %s | " % (ts, spk)
        elif style == 4:
            prefix = "%s（%s）：" % (spk, ts)
        elif style == 5:
            prefix = "<%s> " % spk
        elif style == 7:
            prefix = spk + colon
        elif style == 8:
            prefix = "%s|%s|" % (ts, spk)
        else:
            prefix = "%s %s%s" % (ts, spk, colon)
        line = prefix + s
        suffix = " [%s]" % ts if style == 7 else ""
        off = sum(len(x) + 1 for x in out)
        for s0, e0, f in fr:
            spans.append((off + len(prefix) + s0, off + len(prefix) + e0, f))
        out.append(line + suffix)
        prev_role = ln.role
    text = "\n".join(out) + ("\n" if rng.random() < 0.3 else "")
    return text, spans


def vtt_time(t):
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    return "%02d:%02d:%06.3f" % (h, m, s)


def render_vtt(c, lines):
    rng = c.rng
    a, b = speakers(c)
    style = rng.randrange(5)
    c.style_tag = "cue-style-%d" % style
    tm = times(c, lines)
    out = "WEBVTT"
    if rng.random() < 0.3:
        out += "\nKind: captions\nLanguage: %s" % ("en" if c.lang == "en" else "zh-CN")
    out += "\n\n"
    spans = []
    cue_no = 0
    i = 0
    ids = rng.random() < 0.6
    settings = rng.choice(["", "", " align:start position:0%", " line:85%"])
    while i < len(lines):
        group = [i]
        # continuation lines may share the cue on a new payload line
        while group[-1] + 1 < len(lines) and lines[group[-1] + 1].cont and rng.random() < 0.6:
            group.append(group[-1] + 1)
        cue_no += 1
        t0 = tm[group[0]][0]
        t1 = tm[group[-1]][1]
        if rng.random() < 0.15 and i > 0:
            t0 = max(0.0, t0 - rng.uniform(0.2, 1.0))  # overlapping speech
        if ids:
            out += ("%d\n" % cue_no) if rng.random() < 0.8 else ("cue-%d\n" % cue_no)
        out += "%s --> %s%s\n" % (vtt_time(t0), vtt_time(t1), settings)
        for k, li in enumerate(group):
            ln = lines[li]
            s, fr = ln.content()
            spk = a if ln.role == "A" else b
            if k > 0:
                prefix = ""
            elif style == 0:
                prefix = "<v %s>" % spk
            elif style == 1:
                prefix = "%s: " % spk
            elif style == 2:
                prefix = "[%s] " % spk
            elif style == 3:
                prefix = "- " if (li > 0 and lines[li - 1].role != ln.role) else ""
            else:
                prefix = "<v.%s %s>" % ("agent" if ln.role == "A" else "caller", spk)
            for s0, e0, f in fr:
                spans.append((len(out) + len(prefix) + s0, len(out) + len(prefix) + e0, f))
            out += prefix + s + ("</v>" if style in (0, 4) and rng.random() < 0.3 else "") + "\n"
        out += "\n"
        i = group[-1] + 1
    return out, spans


def _cls(ch):
    if ch.isspace():
        return "s"
    if ch.isascii() and ch.isdigit() or "０" <= ch <= "９":
        return "d"
    if ch.isascii() and ch.isalpha():
        return "l"
    if "\u4e00" <= ch <= "\u9fff":
        return "c"
    return "p"


def tokenize(c, s, frags, chunk_digits):
    """Recogniser words covering s exactly; no word crosses a fragment start (punctuation after a
    fragment may stay glued to its last word). Returns [(start, end)]."""
    rng = c.rng
    bounds = sorted(set([a for a, _, _ in frags] + [b for _, b, _ in frags]))
    starts = set(a for a, _, _ in frags)
    toks = []
    i, n = 0, len(s)

    def next_bound(j):
        for b in bounds:
            if b > j:
                return b
        return n
    while i < n:
        j = i
        while j < n and s[j].isspace():
            j += 1
        if j >= n:
            if toks:
                toks[-1] = (toks[-1][0], n)
            else:
                toks.append((i, n))
            break
        cl = _cls(s[j])
        k = j
        if cl == "d":
            while k < n and (_cls(s[k]) == "d" or (s[k] in "/:.," and k + 1 < n and _cls(s[k + 1]) == "d"
                                                   and k + 1 not in bounds and k not in bounds)):
                k += 1
            if chunk_digits and k - j > 4 and s[j:k].isdigit():
                k = j + rng.randint(2, min(5, k - j - 1))
        elif cl == "l":
            while k < n and (_cls(s[k]) == "l" or (s[k] == "'" and k + 1 < n and _cls(s[k + 1]) == "l")):
                k += 1
        elif cl == "c":
            m = j
            while m < n and _cls(s[m]) == "c":
                m += 1
            # number-reading Chinese numerals: tokens of 1-4
            k = min(m, j + rng.choice([1, 2, 2, 3, 4]))
        else:
            k = j + 1
        k = min(k, next_bound(j))
        # glue trailing punctuation (not across a fragment start)
        while k < n and _cls(s[k]) == "p" and k not in starts:
            k += 1
        toks.append((i, k))
        i = k
    return toks


def render_asr(c, lines):
    rng = c.rng
    whisper = rng.random() < 0.6
    en_space = c.lang == "en" or (c.lang == "mixed" and rng.random() < 0.3)
    tm = times(c, lines)
    a, b = speakers(c)
    diar = rng.choice(["SPEAKER_00/SPEAKER_01", "spk_0/spk_1", "A/B", "agent/customer", None])
    extra_prob = rng.random() < 0.25
    segs, flat, ents = [], [], []
    for li, (ln, (t0, t1)) in enumerate(zip(lines, tm)):
        s, fr = ln.content()
        if en_space and whisper:
            s = " " + s
            fr = [(x + 1, y + 1, f) for x, y, f in fr]
        chunk = c.phen == "asr-chunks" or rng.random() < 0.3
        toks = tokenize(c, s, fr, chunk)
        # occasionally glue the word before a fragment to the fragment's first word ("是138")
        if c.phen == "asr-chunks" and rng.random() < 0.5:
            for x, y, f in fr:
                for ti in range(1, len(toks)):
                    if toks[ti][0] == x and not s[x - 1].isspace() and _cls(s[x - 1]) != "p" \
                            and not any(fy == toks[ti - 1][1] or (toks[ti - 1][0] < fy <= toks[ti - 1][1]) for _, fy, _ in fr):
                        toks[ti - 1:ti + 1] = [(toks[ti - 1][0], toks[ti][1])]
                        break
        if not whisper:
            # flat words: no whitespace inside a word
            nt = []
            for x, y in toks:
                while x < y and s[x].isspace():
                    x += 1
                while y > x and s[y - 1].isspace():
                    y -= 1
                if x < y:
                    nt.append((x, y))
            toks = nt
        dur = (t1 - t0) / max(1, len(toks))
        words = []
        for k, (x, y) in enumerate(toks):
            ws = round(t0 + k * dur, 2)
            we = round(t0 + (k + 1) * dur - rng.uniform(0, dur * 0.3), 2)
            w = {"word": s[x:y], "start": ws, "end": max(we, round(ws + 0.01, 2))}
            if extra_prob:
                w["probability"] = round(rng.uniform(0.55, 0.999), 3)
            words.append(w)
        spk = None
        if diar:
            p = diar.split("/")
            spk = p[0] if ln.role == "A" else p[1]
        for x, y, f in fr:
            idx = [k for k, (tx, ty) in enumerate(toks) if tx < y and x < ty]
            assert idx, (s, x, y)
            ents.append((f, [(len(segs), k) for k in idx] if whisper else [len(flat) + k for k in idx]))
        if whisper:
            seg = {"id": len(segs), "start": round(t0, 2), "end": round(t1, 2), "text": "".join(w["word"] for w in words), "words": words}
            if spk:
                seg["speaker"] = spk
            segs.append(seg)
        else:
            for w in words:
                if spk and diar != "A/B":
                    w["speaker"] = spk
            flat += words
    tr = {"segments": segs} if whisper else {"words": flat}
    if whisper and rng.random() < 0.5:
        tr["language"] = "en" if c.lang == "en" else "zh"
    entities = [{"kind": f.kind, "last4_ok": f.last4_ok, "words": [list(k) if isinstance(k, tuple) else k for k in ks]} for f, ks in ents]
    return tr, entities


# =============================================================================================
# Checks
# =============================================================================================

class Reject(Exception):
    pass


def check_lines(c, lines):
    real = [n.digits for n in c.numbers]
    for ln in lines:
        s, fr = ln.content()
        assert "\n" not in s
        for x, y, f in fr:
            assert f.text == f.text.strip() and f.text, repr(f.text)
            got = read_digits(f.text)
            assert got == f.digits, (f.text, got, f.digits)
            assert f.kind in ("id_number", "bank_card", "phone")
            if f.last4_ok:
                assert f.kind == "phone" and len(f.digits) >= 4
                assert any(r.endswith(f.digits[-4:]) for r in real)
            if f.src == "piece":
                assert any(f.digits in r for r in real), (f.digits, real)
            elif f.src == "misheard":
                assert any(len(r) == len(f.digits) and sum(a != b for a, b in zip(r, f.digits)) == 1 for r in real)
        # unlabelled text of the line
        masked = list(s)
        for x, y, _ in fr:
            for i in range(x, y):
                masked[i] = "\0"
        plain = "".join(masked)
        for a, b, d in digit_runs(plain, " -"):
            dd = d.replace("X", "")
            if len(d) >= 11 and MOBILE_RE.match(d[-11:]):
                raise Reject("mobile look-alike " + d)
            if 15 <= len(dd) <= 19 and luhn_ok(dd):
                raise Reject("luhn look-alike " + d)
            if len(d) == 18 and id_checksum_ok(d):
                raise Reject("id look-alike " + d)
            if c.phen != "negative" and len(dd) >= 5 and any(dd in r for r in real):
                raise Reject("piece of a labelled number left unlabelled: " + d)
        for x, y, _ in fr:
            # nothing readable right next to a label (it would belong to it)
            l2 = plain[:x].rstrip(" -")
            if l2 and (l2[-1] == "\0" or (read_units(l2) and read_units(l2)[-1][1] == len(l2))):
                raise Reject("digit right before a label: %r" % s)
            r2 = plain[y:].lstrip(" -")
            if r2 and (r2[0] == "\0" or (read_units(r2) and read_units(r2)[0][0] == 0)):
                raise Reject("digit right after a label: %r" % s)


def check_negative_values(c):
    for n in c.numbers:
        n.validate()


# =============================================================================================
# Main
# =============================================================================================

PHEN_COUNTS = {"plain": 42, "interruption": 44, "continuation": 40, "correction": 42, "filler": 40, "asr-chunks": 40,
               "readback": 44, "check-char-apart": 36, "glued-words": 32, "multi-number": 40, "negative": 100}


def make_case(rng, phen, lang, fmt, cid):
    dom_name = rng.choice(sorted(DOMAINS))
    c = Ctx(rng, lang, fmt, DOMAINS[dom_name], phen)
    c.dom_name = dom_name
    c.style_tag = ""
    lines = build_lines(c)
    check_lines(c, lines)
    check_negative_values(c)
    case = {"id": cid, "set": "field", "phenomenon": phen, "lang": lang, "format": fmt,
            "variant": "%s/%s" % (dom_name, fmt)}
    if fmt in ("text", "vtt"):
        text, spans = render_text(c, lines) if fmt == "text" else render_vtt(c, lines)
        key = "text" if fmt == "text" else "transcript_text"
        case[key] = text
        case["spans"] = []
        for s0, e0, f in spans:
            assert text[s0:e0] == f.text, (text[s0:e0], f.text)
            case["spans"].append({"start": s0, "end": e0, "kind": f.kind, "last4_ok": f.last4_ok})
        case["variant"] += "/" + c.style_tag
    else:
        tr, ents = render_asr(c, lines)
        case["transcript"] = tr
        case["entities"] = ents
        case["variant"] += "/" + ("whisper" if "segments" in tr else "flat")
    if phen == "negative":
        assert not case.get("spans") and not case.get("entities")
    else:
        assert case.get("spans") or case.get("entities")
    return case


def schedule(rng):
    items = []
    for phen, k in PHEN_COUNTS.items():
        for _ in range(k):
            if phen == "glued-words":
                lang = rng.choices(["en", "mixed"], [80, 20])[0]
            else:
                lang = rng.choices(["zh", "en", "mixed"], [50, 36, 14])[0]
            if phen == "asr-chunks":
                fmt = rng.choices(["text", "asr-json", "vtt"], [25, 50, 25])[0]
            else:
                fmt = rng.choices(["text", "asr-json", "vtt"], [52, 23, 25])[0]
            items.append((phen, lang, fmt))
    rng.shuffle(items)
    return items


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=20240917)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    cases = []
    rejects = 0
    for i, (phen, lang, fmt) in enumerate(schedule(rng)):
        cid = "field-%04d" % (i + 1)
        for attempt in range(200):
            sub = random.Random("%d/%s/%d" % (args.seed, cid, attempt))
            try:
                case = make_case(sub, phen, lang, fmt, cid)
                break
            except Reject:
                rejects += 1
        else:
            raise SystemExit("could not build " + cid)
        cases.append(case)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    print("wrote %d cases to %s (%d rejected drafts)" % (len(cases), args.out, rejects), file=sys.stderr)


if __name__ == "__main__":
    main()
