#!/usr/bin/env python3
"""Writes the held-out conversation set for `callvault redact`:
Tests/VaultRedactTests/Fixtures/conversations-holdout.jsonl ("set": "holdout").

    python3 Tools/gen_redact_holdout.py [--out PATH] [--seed N]

Written by a separate author, without reading the redactor or the dev/test generators, so that the
set measures generalisation. It is NOT to be tuned on: score it only when a release is judged
(`Tools/eval_redact_conversations.py --bin ... --set holdout`). Pure Python 3 standard library,
deterministic (fixed seed).

Each line is one whole conversation, in the schema read by Tools/eval_redact_conversations.py:

  {"id": "holdout-0001", "set": "holdout", "phenomenon": ..., "lang": "zh"|"en"|"mixed",
   "format": "text", "variant": ..., "text": ..., "spans": [{"start","end","kind","last4_ok"}]}
  {..., "format": "vtt", "transcript_text": "WEBVTT...", "spans": [...]}
  {..., "format": "asr-json", "transcript": {"segments": [{..., "text", "words": [{"word","start","end"}]}]}
         or {"words": [...]}, "entities": [{"kind","last4_ok","words": [[seg, word], ...] or [i, ...]}]}

Spans are code-point offsets into the text (never crossing a line), one per fragment: each separate
stretch in which a personal number (or an abandoned attempt at one, or a read-back of it, misheard
or not) is said. `last4_ok` is true only on a phone fragment whose final four digits are the
phone's real final four digits (they may stay visible when everything else is masked). Cases
with phenomenon "negative" hold no personal number at all, only look-alikes.

Every real ID number passes MOD 11-2, every card passes Luhn, every mainland mobile is
1[3-9]x xxxx xxxx; the generator asserts it, asserts that each label's text reads back exactly
the digits it was built from, and that no unlabelled digit run could be taken for one of them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-holdout.jsonl")
SEED = 0x48D1_2026

# =============================================================================================
# Numbers
# =============================================================================================

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(body17):
    return ID_CHECK[sum(int(a) * w for a, w in zip(body17, ID_WEIGHTS)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check_char(s[:17]) == s[17].upper()


def luhn_valid(d):
    if not d.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_valid(body + c):
            return body + c
    raise AssertionError


def mobile_like(d):
    return len(d) == 11 and d[0] == "1" and d[1] in "3456789"


MOBILE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 "
                   "166 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199").split()
REGIONS = ("110105 110108 310115 310104 440106 440305 330106 320106 510107 420106 500103 610113 210202 "
           "350206 370212 430104 120104 340104 450103 530102 230103 410105 130102 360102 330382 441900 "
           "320583 370683 510722 421023").split()
# (prefix, length) of card numbers: UnionPay debit/credit of Chinese banks, Visa, Mastercard, Amex, JCB
CARD_SHAPES = [("622202", 19), ("622208", 19), ("621700", 19), ("622848", 19), ("621661", 19), ("623668", 19),
               ("622588", 16), ("622609", 16), ("625807", 16), ("621483", 16), ("628288", 16), ("6259", 16),
               ("4", 16), ("4", 16), ("4", 13), ("51", 16), ("53", 16), ("55", 16), ("2221", 16),
               ("34", 15), ("37", 15), ("3528", 16), ("6011", 16)]


def rdigits(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def gen_mobile(r):
    return r.choice(MOBILE_PREFIXES) + rdigits(r, 8)


def gen_id(r, ending=None):
    """ending: None (any), 'X' or 'digit'."""
    while True:
        born = datetime.date(1952, 1, 1) + datetime.timedelta(days=r.randrange(0, 54 * 365))
        body = r.choice(REGIONS) + born.strftime("%Y%m%d") + rdigits(r, 3)
        full = body + id_check_char(body)
        if ending == "X" and full[-1] != "X":
            continue
        if ending == "digit" and full[-1] == "X":
            continue
        return full


def gen_card(r, length=None):
    shapes = [s for s in CARD_SHAPES if length is None or s[1] == length] or CARD_SHAPES
    p, n = r.choice(shapes)
    return luhn_complete(p + rdigits(r, n - len(p) - 1))


class Phone:
    """A phone number: cc (country code digits or ''), national digits, the display groups."""

    def __init__(self, cc, national, groups, foreign=False, trunk=""):
        self.cc, self.national, self.groups, self.foreign, self.trunk = cc, national, groups, foreign, trunk

    @property
    def last4(self):
        return self.national[-4:]


def gen_phone(r, foreign_rate=0.0, cc_rate=0.0):
    if r.random() < foreign_rate:
        kind = r.choice(["uk", "us", "hk", "sg", "au", "uk-local"])
        if kind in ("uk", "uk-local"):
            nat = "7700900" + rdigits(r, 3)
            if kind == "uk-local":
                return Phone("", "0" + nat, ["0" + nat[:4], nat[4:]], foreign=True, trunk="0")
            return Phone("44", nat, [nat[:4], nat[4:]], foreign=True)
        if kind == "us":
            nat = r.choice(["415", "212", "646", "312", "206", "617"]) + "55501" + rdigits(r, 2)
            return Phone("1", nat, [nat[:3], nat[3:6], nat[6:]], foreign=True)
        if kind == "hk":
            nat = r.choice("569") + rdigits(r, 7)
            return Phone("852", nat, [nat[:4], nat[4:]], foreign=True)
        if kind == "sg":
            nat = r.choice("89") + rdigits(r, 7)
            return Phone("65", nat, [nat[:4], nat[4:]], foreign=True)
        nat = "4" + rdigits(r, 8)
        return Phone("61", nat, [nat[:3], nat[3:6], nat[6:]], foreign=True)
    m = gen_mobile(r)
    pat = r.choices([[3, 4, 4], [3, 8], [7, 4], [11], [3, 3, 5], [4, 3, 4]], [60, 6, 8, 14, 6, 6])[0]
    groups, i = [], 0
    for g in pat:
        groups.append(m[i:i + g])
        i += g
    cc = "86" if r.random() < cc_rate else ""
    return Phone(cc, m, groups)


def id_groups(r, s):
    pat = r.choices([[6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18], [6, 8, 3, 1], [6, 12]], [35, 20, 10, 20, 8, 7])[0]
    out, i = [], 0
    for g in pat:
        out.append(s[i:i + g])
        i += g
    return out


def card_groups(r, s):
    n = len(s)
    if n == 15:
        pats = [[4, 6, 5], [15], [5, 5, 5]]
    elif n == 19:
        pats = [[4, 4, 4, 4, 3], [6, 13], [19], [4, 4, 4, 7]]
    elif n == 13:
        pats = [[4, 4, 5], [13]]
    else:
        pats = [[4, 4, 4, 4], [16], [4, 4, 8], [8, 8]]
    pat = r.choices(pats, [60] + [40 // (len(pats) - 1)] * (len(pats) - 1))[0]
    out, i = [], 0
    for g in pat:
        out.append(s[i:i + g])
        i += g
    return out


# =============================================================================================
# Saying digits
# =============================================================================================

EN_DIGIT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


class Voice:
    """How one speaker says one number: character choices kept for the whole number."""

    def __init__(self, r, kind, lang):
        self.zero_cn = r.choices(["零", "〇"], [80, 20])[0]
        self.one_cn = r.choices(["幺", "一"], [75, 25] if kind == "phone" else [30, 70])[0]
        self.two_cn = r.choices(["二", "两"], [88, 12])[0]
        self.x_cn = r.choices(["X", "叉", "x", "Ｘ"], [50, 25, 15, 10])[0]
        self.zero_en = r.choices(["oh", "zero"], [60, 40] if kind == "phone" else [30, 70])[0]
        self.double = r.random() < (0.55 if lang == "en" else 0.3)
        self.x_en = r.choices(["X", "x"], [80, 20])[0]


def cn_digit(c, v):
    if c == "0":
        return v.zero_cn
    if c == "1":
        return v.one_cn
    if c == "2":
        return v.two_cn
    if c == "X":
        return v.x_cn
    return "零一二三四五六七八九"[int(c)]


def en_words(r, ds, v):
    words, i = [], 0
    while i < len(ds):
        c = ds[i]
        run = 1
        while i + run < len(ds) and ds[i + run] == c:
            run += 1
        w = v.x_en if c == "X" else (v.zero_en if c == "0" else EN_DIGIT[int(c)])
        if c != "X" and v.double and run >= 2:
            if run >= 3 and r.random() < 0.6:
                words += ["triple", w]
                i += 3
                continue
            words += ["double", w]
            i += 2
            continue
        words.append(w)
        i += 1
    return words


def render_chunk(r, ch, v):
    """Atoms (word-like pieces) of one digit chunk."""
    typ, ds, style = ch[0], ch[1], ch[2]
    if typ == "cc":
        if style == "en":
            return ["plus"] + [EN_DIGIT[int(c)] for c in ds]
        if style == "cn":
            return ["加" + "".join(cn_digit(c, v) for c in ds)]
        if style == "fw":
            return ["＋" + ds.translate(FW)]
        return ["+" + ds]
    if style == "ar":
        return [ds]
    if style == "ar-paren":
        return ["(" + ds + ")"]
    if style == "fw":
        return [ds.translate(FW)]
    if style == "cn":
        return ["".join(cn_digit(c, v) for c in ds)]
    if style == "en":
        return en_words(r, ds, v)
    raise ValueError(style)


class Frag:
    """One labelled fragment: atoms joined by joins; digits it expresses; label data."""

    def __init__(self, atoms, joins, digits, kind, last4_ok, cn_split=True, tag=""):
        assert len(joins) == len(atoms) - 1
        self.atoms, self.joins, self.digits, self.kind, self.last4_ok = atoms, joins, digits, kind, last4_ok
        self.cn_split = cn_split
        self.tag = tag

    @property
    def text(self):
        out = self.atoms[0]
        for j, a in zip(self.joins, self.atoms[1:]):
            out += j + a
        return out


ZH_FILLERS = ["呃", "嗯", "那个", "就是", "然后", "额", "这个"]
EN_FILLERS = ["um", "uh", "er", "like", "erm", "hmm", "uh, let me see", "you know"]


def make_frag(r, chunks, kind, last4_ok, lang, v, gsep=None, fsep=None, cn_split=True, tag=""):
    """chunks: ('d'|'cc', digits, style) or ('f', filler) or ('raw', text, digits)."""
    if gsep is None:
        gsep = r.choice([" ", " ", "", "，", "-"]) if lang != "en" else r.choice([" ", " ", ",", "-"])
    if fsep is None:
        fsep = r.choice(["", "，", " ", "…"]) if lang != "en" else r.choice([" ", ","])
    atoms, joins, digits = [], [], ""
    prev = None  # style of previous chunk
    for ch in chunks:
        if ch[0] == "f":
            new, style = [ch[1]], "f"
        elif ch[0] == "raw":
            new, style = [ch[1]], "raw"
            digits += ch[2]
        else:
            new, style = render_chunk(r, ch, v), ch[2]
            digits += ch[1]
        if atoms:
            wordy = lang == "en" or "en" in (prev, style) or (style == "f" and new[0][:1].isascii()) \
                or (prev == "f" and atoms[-1][:1].isascii())
            if "f" in (prev, style):
                if fsep in ("，", "…", ","):
                    atoms[-1] += fsep
                    joins.append(" " if wordy else "")
                else:
                    joins.append(" " if wordy else fsep)
            elif gsep == "-" and prev in ("ar", "fw", "cc-ar") and style in ("ar", "fw", "ar-paren"):
                joins.append("-")
            elif prev == "cc-ar":
                joins.append(" ")
            elif gsep in ("，", ","):
                atoms[-1] += "，" if (lang != "en" and not wordy) else ","
                joins.append(" " if wordy else "")
            elif gsep == "" and wordy:
                joins.append(" ")
            elif gsep == "-":
                joins.append(" ")
            else:
                joins.append(gsep)
        inner = " " if style in ("en", "f") or lang == "en" else ""
        for k, a in enumerate(new):
            if k:
                joins.append(inner if style != "en" else " ")
            atoms.append(a)
        prev = "cc-ar" if (ch[0] == "cc" and ch[2] in ("ar", "fw")) else style
    return Frag(atoms, joins, digits, kind, last4_ok, cn_split=cn_split, tag=tag)


def styles_for(r, lang, n, mode):
    """A style per group. mode: 'ar','fw','cn','en','mix' (mixed forms within the number)."""
    if mode != "mix":
        return [mode] * n
    pool = {"zh": ["ar", "cn"], "en": ["ar", "en"], "mixed": ["ar", "cn", "en"]}[lang]
    while True:
        st = [r.choice(pool) for _ in range(n)]
        if n < 2 or len(set(st)) > 1:
            return st


def pick_mode(r, lang, kind):
    if lang == "zh":
        return r.choices(["ar", "cn", "fw", "mix"], [40, 35, 8, 17])[0]
    if lang == "en":
        return r.choices(["ar", "en", "mix"], [30, 55, 15])[0]
    return r.choices(["ar", "cn", "en", "mix"], [25, 20, 30, 25])[0]


class Num:
    """A personal number to be said: kind, value, the groups a speaker uses, chunk list."""

    def __init__(self, kind, value, phone=None):
        self.kind, self.value, self.phone = kind, value, phone

    @property
    def digits(self):
        """All the digits said for the whole number (country code included)."""
        if self.kind == "phone":
            return self.phone.cc + self.phone.national
        return self.value


def new_num(r, kind, foreign_rate=0.0, cc_rate=0.0, id_ending=None, card_len=None):
    if kind == "phone":
        p = gen_phone(r, foreign_rate, cc_rate)
        return Num("phone", p.national, p)
    if kind == "id_number":
        return Num(kind, gen_id(r, id_ending))
    return Num(kind, gen_card(r, card_len))


def chunks_of(r, num, lang, mode=None):
    """The whole number as chunks (groups with styles)."""
    mode = mode or pick_mode(r, lang, num.kind)
    if num.kind == "phone":
        p = num.phone
        groups = list(p.groups)
        st = styles_for(r, lang, len(groups), mode)
        ch = []
        if p.cc:
            ccst = st[0] if st[0] in ("ar", "cn", "en", "fw") else "ar"
            ch.append(("cc", p.cc, ccst))
        for g, s in zip(groups, st):
            ch.append(("d", g, s))
        if p.cc == "1" and ch[1][2] == "ar" and r.random() < 0.5:
            ch[1] = ("d", ch[1][1], "ar-paren")
        return ch
    groups = id_groups(r, num.value) if num.kind == "id_number" else card_groups(r, num.value)
    st = styles_for(r, lang, len(groups), mode)
    return [("d", g, s) for g, s in zip(groups, st)]


def chunk_digits(chunks):
    return "".join(c[1] for c in chunks if c[0] in ("d", "cc")) + "".join(c[2] for c in chunks if c[0] == "raw")


def split_chunks(chunks, k):
    """Split a chunk list after k digits (country code digits count)."""
    a, b, seen = [], [], 0
    for ch in chunks:
        if ch[0] not in ("d", "cc"):
            (a if seen < k else b).append(ch)
            continue
        n = len(ch[1])
        if seen >= k:
            b.append(ch)
        elif seen + n <= k:
            a.append(ch)
        else:
            cut = k - seen
            st = "ar" if ch[2] == "ar-paren" else ch[2]
            a.append((ch[0], ch[1][:cut], st))
            b.append(("d", ch[1][cut:], st))
        seen += n
    return a, b


def group_bounds(chunks):
    out, seen = [], 0
    for ch in chunks[:-1]:
        if ch[0] in ("d", "cc"):
            seen += len(ch[1])
            out.append(seen)
    return out


def insert_fillers(r, chunks, n, lang, pool=None):
    pool = pool or (ZH_FILLERS if lang == "zh" else EN_FILLERS if lang == "en" else ZH_FILLERS + EN_FILLERS[:4])
    total = len(chunk_digits(chunks))
    lo = max(2, cc_len(chunks))
    cuts = sorted(r.sample(range(lo, total - 1), min(n, total - 1 - lo)))
    out, rest, done = [], chunks, 0
    for c in cuts:
        a, rest = split_chunks(rest, c - done)
        done = c
        out += a + [("f", r.choice(pool))]
    return out + rest


def cc_len(chunks):
    return len(chunks[0][1]) if chunks and chunks[0][0] == "cc" else 0


def digit_positions_ok(chunks):
    return chunks and chunks[0][0] != "f" and chunks[-1][0] != "f"


# =============================================================================================
# Reading digits (independent of the scorer's reader; double/triple expanded)
# =============================================================================================

CN_VAL = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5",
          "六": "6", "七": "7", "八": "8", "九": "9"}
EN_VAL = {"zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
          "six": "6", "seven": "7", "eight": "8", "nine": "9"}
VOCAB = list(EN_VAL) + ["double", "triple"]


def split_word(w):
    w = w.lower()
    best = [None] * (len(w) + 1)
    best[0] = []
    for i in range(len(w)):
        if best[i] is None:
            continue
        for t in VOCAB:
            if w.startswith(t, i):
                cand = best[i] + [t]
                cur = best[i + len(t)]
                if cur is None or sum(x in EN_VAL for x in cand) > sum(x in EN_VAL for x in cur):
                    best[i + len(t)] = cand
    return best[len(w)]


def units(s):
    """[(start, end, digits-count as the scorer counts, digits with double/triple expanded)]"""
    out, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c.isascii() and c.isdigit():
            out.append((i, i + 1, 1, c))
        elif "０" <= c <= "９":
            out.append((i, i + 1, 1, str(ord(c) - 0xFF10)))
        elif c in CN_VAL:
            out.append((i, i + 1, 1, CN_VAL[c]))
        elif c in "Ｘ叉":
            out.append((i, i + 1, 1, "X"))
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                out.append((i, j, 1, "X"))
            else:
                parts = split_word(w)
                if parts:
                    cnt = sum(p in EN_VAL for p in parts)
                    out.append((i, j, cnt, parts))
            i = j
            continue
        i += 1
    return out


def spoken(s):
    """The digit string s says (double/triple expanded, also across word boundaries)."""
    res, mult = "", 1
    for u in units(s):
        parts = u[3] if isinstance(u[3], list) else [u[3]]
        for p in parts:
            if p == "double":
                mult = 2
            elif p == "triple":
                mult = 3
            else:
                res += (EN_VAL.get(p, p)) * mult
                mult = 1
    return res


def readable(s):
    return sum(u[2] for u in units(s))


# =============================================================================================
# Filling in the non-personal numbers (all of them hard negatives)
# =============================================================================================


def safe_long(r, n, prefix=""):
    """A digit string that is no card (Luhn), no ID (MOD 11-2) and no mainland mobile."""
    while True:
        d = prefix + rdigits(r, n - len(prefix))
        if 13 <= n <= 19 and luhn_valid(d):
            continue
        if n == 18 and id_check_char(d[:17]) == d[17]:
            continue
        if n == 11 and mobile_like(d):
            continue
        if d[0] == "0" and not prefix:
            continue
        return d


def cn_int(n):
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for val, u in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        q, n = divmod(n, val)
        if q:
            if zero and out:
                out += "零"
            zero = False
            if val == 10 and q == 1 and not out:
                out += "十"
            else:
                out += (("两" if q == 2 and val >= 100 else digits[q]) + u)
        elif out:
            zero = True
    return out


def spaced(r, d, size=4):
    if r.random() < 0.5:
        return d
    return " ".join(d[i:i + size] for i in range(0, len(d), size))


def cn_spell(d):
    return "".join("零一二三四五六七八九"[int(c)] if c.isdigit() else c for c in d)


def en_spell(d):
    return " ".join(EN_DIGIT[int(c)] for c in d)


ZH_MERCHANTS = ["一家便利店", "某外卖平台", "加油站", "网上商城", "一家咖啡馆", "超市"]
ZH_CITIES = ["杭州", "武汉", "成都", "廊坊", "东莞", "郑州", "无锡"]
ZH_DEPTS = ["心内科", "皮肤科", "口腔科", "儿科", "眼科", "骨科", "消化内科"]
EN_CITIES = ["Leeds", "Reading", "Swindon", "Coventry", "Dundee", "Newark", "Sacramento"]
MODELS = ["KFR-35GW/BP3DN8Y", "XQG100-HBD14126L", "BCD-520WKPZM(E)", "iPhone 15 Pro", "RTX 4090", "SM-S9280",
          "Mate 60", "WH-1000XM5", "ThinkPad X1 Carbon Gen 11", "EOS R6 Mark II", "MX-5 2.0", "A7 IV"]


def neg_value(r, key, lang):
    zh = lang != "en"
    if key == "amount":
        n = r.choice([r.randrange(12, 999), r.randrange(1000, 30000), r.randrange(100, 5000)])
        cents = r.choice([0, 0, 50, r.randrange(1, 99)])
        if zh:
            return r.choice([f"¥{n:,}.{cents:02d}", f"{n}元", f"{n}块钱", f"{cn_int(n)}块", f"{n:,}.{cents:02d}元",
                             f"{cn_int(n)}元"])
        return r.choice([f"${n:,}.{cents:02d}", f"{n:,} dollars", f"£{n:,}.{cents:02d}", f"{n:,} pounds",
                         f"{n:,} dollars and {max(cents, 5)} cents", f"€{n:,}"])
    if key == "date":
        m, d = r.randrange(1, 13), r.randrange(1, 29)
        if zh:
            return r.choice([f"{m}月{d}号", f"{m}月{d}日", f"2024年{m}月{d}日", f"{cn_int(m)}月{cn_int(d)}号",
                             f"二〇二五年{cn_int(m)}月{cn_int(d)}日", f"2025-{m:02d}-{d:02d}", "下周三", "这个月底"])
        mon = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"][m - 1]
        suf = "th" if 4 <= d <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return r.choice([f"{mon} {d}{suf}", f"the {d}{suf} of {mon}", f"{d:02d}/{m:02d}/2025", f"{mon} {d}, 2025",
                         f"{mon} {d}{suf}"])
    if key == "time":
        h, mi = r.randrange(8, 18), r.choice([0, 15, 30, 45, 10, 20])
        if zh:
            return r.choice([f"{h}:{mi:02d}", f"下午{cn_int(h - 12) if h > 12 else cn_int(h)}点半", f"上午{cn_int(min(h, 11))}点",
                             f"{h}点{mi}分" if mi else f"{h}点"])
        hh = h - 12 if h > 12 else h
        return r.choice([f"{h}:{mi:02d}", f"{hh}:{mi:02d} {'pm' if h >= 12 else 'am'}", f"half past {EN_DIGIT[hh] if hh < 10 else hh}",
                         f"{hh} {'pm' if h >= 12 else 'am'}"])
    if key == "order":
        n = r.choice([12, 14, 16, 18, 19, 20, 22])
        d = safe_long(r, n, r.choice(["2024", "2025", "", "", "3"]))
        f = r.random()
        if f < 0.6:
            return spaced(r, d)
        if f < 0.8:
            return cn_spell(d) if zh else en_spell(d)
        return "DD" + d if r.random() < 0.5 else "E" + d
    if key == "track":
        return r.choice(["SF", "YT", "JD", "ZTO", "LX", "JT"]) + rdigits(r, 12) if r.random() < 0.6 else \
            r.choice(["1Z", "TBA", "RR"]) + rdigits(r, 3) + r.choice(["AA", "X", "EW"]) + rdigits(r, 8) + \
            r.choice(["", "CN", "GB"])
    if key == "policy":
        d = safe_long(r, 16)
        return r.choice([d, spaced(r, d, 4), "PICC" + d[:12], "P" + d])
    if key == "ext":
        return rdigits(r, 1).replace("0", "8") + rdigits(r, r.choice([2, 3]))
    if key == "code":
        return r.choice("123456789") + rdigits(r, 5)
    if key == "postcode":
        if zh:
            return r.choice(["200120", "100080", "310012", "510630", "430070", "610041", "215123"])
        return r.choice(["SW1A 2AA", "M1 1AE", "LS1 4DY", "94107", "10016", "EH1 1YZ", "60614"])
    if key == "flight":
        return r.choice(["CA", "MU", "CZ", "HU", "BA", "UA", "SQ", "CX", "ZH", "3U"]) + \
            r.choice([" ", ""]) + str(r.randrange(100, 9000))
    if key == "model":
        return r.choice(MODELS)
    if key == "invoice":
        return r.choice([rdigits(r, 8), "INV-2025-" + rdigits(r, 5), "No. " + rdigits(r, 8), "0" + rdigits(r, 7)])
    if key == "taxid":
        return "91" + r.choice(["310115", "440300", "110108", "330106"]) + "MA" + "".join(
            r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    if key == "serial18":
        # shaped like an ID number (region, birth date, sequence) but its check character is wrong
        while True:
            body = gen_id(r)[:17]
            d = body + r.choice([x for x in "0123456789" if x != id_check_char(body)])
            if not luhn_valid(d):
                return spaced(r, d, 6) if r.random() < 0.3 else d
    if key == "serial19":
        d = safe_long(r, 19, r.choice(["62", "60", "98"]))
        return spaced(r, d, 4) if r.random() < 0.4 else d
    if key == "agentno":
        return rdigits(r, 1).replace("0", "3") + rdigits(r, r.choice([3, 4]))
    if key == "meter":
        return safe_long(r, r.choice([10, 12]), r.choice(["03", "51", "80"]))
    if key == "member":
        return safe_long(r, r.choice([8, 9, 10]))
    if key == "room":
        return str(r.randrange(101, 1830))
    if key == "kg":
        return str(r.randrange(1, 30)) + (".5" if r.random() < 0.3 else "")
    if key == "days":
        n = r.randrange(3, 60)
        return cn_int(n) if zh and r.random() < 0.4 else str(n)
    if key == "gb":
        return str(r.choice([5, 10, 20, 30, 40, 100]))
    if key == "fee":
        return str(r.choice([9, 19, 29, 39, 58, 88, 128, 199]))
    if key == "people":
        return r.choice(["三个人", "两个大人一个小孩", "四位", "两位"]) if zh else \
            r.choice(["two of us", "three adults", "a family of four", "just the two of us"])
    if key == "qty":
        return r.choice(["两件", "三箱", "一台", "五个", "两双"]) if zh else \
            r.choice(["two items", "three boxes", "one unit", "a pair", "two of them"])
    if key == "term":
        return str(r.choice([1, 2, 3, 5]))
    if key == "gate":
        return r.choice(["A", "B", "C", "D"]) + str(r.randrange(1, 60))
    if key == "ref":
        return r.choice(["CLM", "REF", "TK", "WO"]) + "-" + rdigits(r, 6)
    if key == "seat":
        return str(r.randrange(1, 60)) + r.choice("ABCDEFK")
    if key == "pin_len":
        return r.choice(["六位", "6位"]) if zh else r.choice(["six-digit", "6-digit"])
    if key == "year":
        return str(r.randrange(2015, 2025))
    if key == "merchant":
        return r.choice(ZH_MERCHANTS)
    if key == "city":
        return r.choice(ZH_CITIES) if zh else r.choice(EN_CITIES)
    if key == "dept":
        return r.choice(ZH_DEPTS)
    if key == "speed":
        return str(r.choice([100, 300, 500, 1000]))
    if key == "reading":
        return str(r.randrange(1000, 99999))
    if key == "ward":
        return f"{r.randrange(1, 12)}号楼{r.randrange(2, 20)}{r.randrange(1, 40):02d}床"
    if key == "count":
        return str(r.randrange(2, 9))
    raise KeyError(key)


PLACE = re.compile(r"\{([a-z_0-9]+)\}")


SHARED = {"ext", "track", "order", "policy", "meter", "flight", "member", "code"}


def fill(r, tmpl, lang, names, cache=None):
    """Placeholders: names, else a fresh look-alike (the SHARED ones repeat within one exchange)."""
    def rep(m):
        k = m.group(1)
        if k in names:
            return names[k]
        if cache is not None and k in SHARED:
            if k not in cache:
                cache[k] = neg_value(r, k, lang)
            return cache[k]
        return neg_value(r, k, lang)
    out, last = "", 0
    for m in PLACE.finditer(tmpl):
        out += tmpl[last:m.start()]
        val = rep(m)
        if out and val and out[-1].isdigit() and val[0].isdigit():
            out += " "
        out += val
        last = m.end()
    return out + tmpl[last:]


# =============================================================================================
# Conversation material (written for this set)
# =============================================================================================

ZH_AGENTS = ["小周", "小林", "王敏", "陈晨", "刘洋", "小赵", "李静", "孙浩", "何佳", "小吴", "郑凯", "许婷"]
EN_AGENTS = ["Priya", "Tom", "Megan", "Daniel", "Aisha", "Liam", "Grace", "Oliver", "Hannah", "Marco", "Zoe", "Sam"]
ZH_SURN = ["张", "王", "李", "赵", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "林"]
EN_SURN = ["Wilson", "Patel", "Okafor", "Nguyen", "Hughes", "Kowalski", "Chen", "Murphy", "Garcia", "Brennan"]

# Each business: greetings (agent), purposes (customer), asks per kind (agent), extras (exchanges with
# look-alike numbers), closings. {n} is the business name, {agent} the agent's name.
ZH_BIZ = {
    "bank": dict(
        n=["恒通银行信用卡中心", "华信银行", "北辰银行", "嘉和银行客服中心"],
        greet=["您好，{n}，工号{agentno}，很高兴为您服务。", "您好，这里是{n}，我是{agent}，请问有什么可以帮您？",
               "{n}您好，请讲。"],
        purpose=["我的卡昨天突然刷不了了。", "账单上有一笔{amount}我没印象。", "我想把这期账单分个期。",
                 "卡好像丢了，想先挂失。", "手机银行登不上去，老说异常。", "想提一下临时额度。"],
        ask={"phone": ["为了核实身份，麻烦报一下您在我行预留的手机号码。", "您登记的手机号是多少呢？",
                       "先验证一下，您的手机号码是？"],
             "id_number": ["请您提供持卡人的身份证号码。", "需要核对一下证件，身份证号码报一下好吗？",
                           "麻烦说一下您的身份证号，我核对下身份。"],
             "card": ["请问是哪一张卡？卡号报一下。", "您要操作的是哪张卡，麻烦念一下卡号。",
                      "麻烦把卡面上的卡号报给我。"]},
        extra=[[("A", "您本期应还{amount}，最后还款日是{date}。"), ("C", "好，我{date}之前还上。")],
               [("C", "{date}那天有一笔{amount}的消费，我没在{merchant}买过东西。"), ("A", "好的，这笔交易时间是{time}，我帮您提交调单。")],
               [("A", "分期的话，分{count}期每期手续费是{amount}。"), ("C", "那分三期吧。")],
               [("A", "临时额度可以提到{amount}，有效期到{date}。")]],
        close=[[("A", "还有其他可以帮您的吗？"), ("C", "没有了，谢谢。")], [("A", "感谢您的来电，再见。"), ("C", "好，拜拜。")]]),
    "telco": dict(
        n=["畅联通信", "星河移动", "天穹宽带服务中心", "联讯通信"],
        greet=["您好，{n}，请问有什么可以帮您？", "{n}客服{agent}为您服务。", "欢迎致电{n}，我是{agent}。"],
        purpose=["我想换个便宜点的套餐。", "这个月话费怎么扣了{amount}？", "家里宽带又断了，一直连不上。",
                 "我要办一张副卡。", "出国要开一下国际漫游。"],
        ask={"phone": ["请问要办理的号码是多少？", "您报一下机主号码。", "麻烦说一下您要查询的手机号。"],
             "id_number": ["机主身份证号码报一下，核验一下身份。", "办副卡需要机主的身份证号码。"],
             "card": ["自动扣费绑定的银行卡号麻烦说一下。", "您要绑定哪张卡代扣？卡号报一下。"]},
        extra=[[("A", "您现在的套餐是每月{fee}元，含{gb}G流量。"), ("C", "流量不够用啊。")],
               [("A", "我给您转宽带专席，分机号{ext}，请稍等。")],
               [("A", "验证码已经发到您手机了，是{pin_len}数字，请念一下。"), ("C", "{code}。")],
               [("A", "宽带是{speed}兆的，师傅{date}{time}上门。"), ("C", "行。")],
               [("C", "那漫游每天收多少？"), ("A", "每天{fee}元，{date}开始生效。")]],
        close=[[("A", "请问还有其他问题吗？"), ("C", "没了没了。")], [("A", "稍后请对我的服务做个评价，再见。")]]),
    "courier": dict(
        n=["速达快递", "云驿物流", "鸿运速运", "顺捷快运"],
        greet=["您好，{n}客服，寄件还是查件？", "{n}您好，工号{agentno}。", "您好，{n}，请讲。"],
        purpose=["我有个件三天没动了。", "想改一下收件地址。", "快递显示签收了但是我没收到。", "我要寄个大件，{qty}。"],
        ask={"phone": ["收件人电话留的是哪个号码？", "寄件人手机号报一下。", "麻烦留个手机号，方便快递员联系您。"],
             "id_number": ["寄件需要实名，寄件人身份证号码说一下。", "实名登记一下，身份证号是多少？"],
             "card": ["到付改成月结需要绑卡，卡号说一下。"]},
        extra=[[("C", "单号是{track}。"), ("A", "查到了，包裹在{city}转运中心，预计{date}送达。")],
               [("A", "这个件重{kg}公斤，运费{amount}。"), ("C", "好的。")],
               [("A", "新地址的邮编是{postcode}对吧？"), ("C", "对。")],
               [("C", "运单号{order}，你查一下。"), ("A", "好，这单是{date}揽收的。")]],
        close=[[("A", "还有别的需要吗？"), ("C", "没有了，麻烦你了。")], [("A", "好的，祝您生活愉快。")]]),
    "insurance": dict(
        n=["安泰保险", "平和人寿", "中盛财险", "永康保险"],
        greet=["您好，{n}理赔专线，请问出险了吗？", "{n}客服{agent}，您好。", "您好，{n}，工号{agentno}。"],
        purpose=["我上周住院了，想申请理赔。", "车被追尾了，想报案。", "想查一下理赔进度。", "保单想加一个受益人。"],
        ask={"phone": ["请留一个理赔专员能联系到您的手机号。", "被保险人的联系电话是？"],
             "id_number": ["被保险人的身份证号码是多少？", "请报一下投保人的身份证号。"],
             "card": ["理赔款打到哪张卡上？卡号说一下。", "请提供收款银行卡号。"]},
        extra=[[("A", "您的保单号是{policy}，对吧？"), ("C", "对，是这个。")],
               [("A", "理赔金额核定为{amount}，{days}个工作日内到账。"), ("C", "好的。")],
               [("A", "报案号是{ref}，您记一下。"), ("C", "记下了。")],
               [("C", "出险时间是{date}{time}左右。")]],
        close=[[("A", "后续有问题可以随时来电。"), ("C", "好，谢谢。")], [("A", "那先这样，再见。")]]),
    "hospital": dict(
        n=["市第三人民医院", "仁和医院", "康宁妇幼保健院"],
        greet=["您好，{n}，请问要挂哪个科？", "{n}预约中心，您好。"],
        purpose=["我想挂{dept}的号。", "想把{date}的预约改一下时间。", "来问下体检报告出来没有。"],
        ask={"phone": ["留一个能收短信的手机号。", "就诊人的手机号码是？"],
             "id_number": ["就诊人的身份证号码报一下。", "需要身份证号建档，请说一下。"],
             "card": ["医保卡绑定的银行卡号是多少？"]},
        extra=[[("A", "给您约的是{date}{time}，{dept}，{room}诊室。"), ("C", "好的好的。")],
               [("A", "挂号费{fee}元，现场缴费。")],
               [("A", "住院部在{ward}，探视时间{time}以后。")],
               [("C", "我们{people}过去可以吗？"), ("A", "陪同最多一位。")]],
        close=[[("A", "请提前十五分钟到。"), ("C", "好，谢谢。")], [("A", "祝您早日康复。")]]),
    "utility": dict(
        n=["城市燃气", "供电服务热线", "自来水公司", "华源燃气"],
        greet=["您好，{n}，请讲。", "{n}客服{agent}，您好。"],
        purpose=["这个月燃气费怎么这么高？", "家里停电了，问一下什么时候来电。", "想开通自动缴费。", "水表好像坏了。"],
        ask={"phone": ["户主的联系电话是多少？", "留个手机号，维修师傅联系您。"],
             "id_number": ["户主身份证号码报一下，核对信息。"],
             "card": ["代扣的银行卡号说一下。", "要绑定的卡号是？"]},
        extra=[[("A", "您家户号{meter}，本月用量{reading}，金额{amount}。"), ("C", "怎么比上个月多这么多？")],
               [("A", "停电检修到{time}结束。"), ("C", "好。")],
               [("A", "表号是{meter}对吗？"), ("C", "对。")]],
        close=[[("A", "还有别的问题吗？"), ("C", "没有了。")]]),
    "shop": dict(
        n=["优选商城", "乐购网", "拾光家居旗舰店", "萌宠日记商城"],
        greet=["亲，您好，{n}售后，有什么可以帮您？", "您好，{n}，客服{agent}。"],
        purpose=["我买的东西有问题想退货。", "衣服尺码不对要换。", "订单一直没发货。", "退款怎么还没到？"],
        ask={"phone": ["收货手机号报一下，我查下订单。", "下单时用的手机号是？"],
             "id_number": ["跨境订单清关需要身份证号码，麻烦提供一下。"],
             "card": ["退款退到哪张卡？卡号说一下。", "原卡已注销的话，新卡号报一下。"]},
        extra=[[("C", "订单号是{order}。"), ("A", "好的，这单是{date}下的，实付{amount}。")],
               [("A", "退货地址的邮编{postcode}，请写清楚。")],
               [("C", "我买了{qty}，型号是{model}。"), ("A", "好的。")],
               [("A", "退款{amount}，预计{days}个工作日原路返回。")],
               [("C", "发票号码{invoice}，开了{amount}。")]],
        close=[[("A", "还有其他可以帮您的吗亲？"), ("C", "没有了。")], [("A", "祝您购物愉快。")]]),
    "collection": dict(
        n=["信达贷后管理部", "诚安资产", "小鱼金融贷后"],
        greet=["您好，这里是{n}，请问是{cust}本人吗？", "{cust}您好，我是{n}的{agent}。"],
        purpose=["是我，什么事？", "嗯，我知道，我正想打过来。", "是，我这个月手头紧。"],
        ask={"phone": ["您现在的联系号码是多少？我们更新一下。", "紧急联系人的号码能提供一下吗？"],
             "id_number": ["先核实身份，身份证号码报一下。"],
             "card": ["还款用的是哪张卡？卡号说一下我们代扣。", "请提供还款银行卡号。"]},
        extra=[[("A", "您的贷款已经逾期{days}天，欠款{amount}。"), ("C", "我{date}发工资就还。")],
               [("A", "合同编号{ref}，您可以在APP里查到。")],
               [("A", "最低还款{amount}，{date}之前。"), ("C", "行吧。")]],
        close=[[("A", "请按时还款，再见。"), ("C", "知道了。")]]),
    "travel": dict(
        n=["逸途旅行", "云翼航空服务热线", "山海国旅", "云程商旅"],
        greet=["您好，{n}，请问有什么可以帮您？", "{n}，您好，我是{agent}。"],
        purpose=["我想改签一下机票。", "订的酒店想取消。", "想报个{city}的跟团游。", "航班延误了，能退吗？"],
        ask={"phone": ["乘机人的手机号码是多少？", "请留一个联系电话。"],
             "id_number": ["乘机人的身份证号码报一下。", "入住人的身份证号是？", "出票需要证件号码，请说一下。"],
             "card": ["改签差价从哪张卡扣？卡号说一下。", "担保需要信用卡，卡号报一下。"]},
        extra=[[("A", "航班是{flight}，{date}{time}起飞，T{term}航站楼。"), ("C", "好。")],
               [("A", "给您订了{date}入住，两晚，{people}。"), ("C", "对，没错。")],
               [("A", "改签费{amount}，座位{seat}。")],
               [("C", "登机口是{gate}吗？"), ("A", "以现场为准。")]],
        close=[[("A", "祝您旅途愉快。"), ("C", "谢谢。")]]),
    "repair": dict(
        n=["美家家电售后", "格瑞空调服务中心", "安居维修"],
        greet=["您好，{n}，请问哪里需要维修？", "{n}，工号{agentno}为您服务。"],
        purpose=["空调不制冷了。", "洗衣机漏水。", "热水器打不着火。"],
        ask={"phone": ["上门师傅怎么联系您？留个手机号。", "您的联系电话是？"],
             "id_number": ["延保登记需要身份证号码。"],
             "card": ["维修费从哪张卡付？"]},
        extra=[[("C", "型号是{model}，{year}年买的。"), ("A", "还在保修期内。")],
               [("A", "师傅{date}{time}上门，上门费{amount}。")]],
        close=[[("A", "好的，请保持电话畅通。"), ("C", "好嘞。")]]),
}

EN_BIZ = {
    "bank": dict(
        n=["Northbridge Bank", "Harbour Mutual", "Kingsgate Card Services", "Meridian Credit Union"],
        greet=["Thanks for calling {n}, you're through to {agent}.", "Good morning, {n} card services, {agent} speaking.",
               "{n}, how can I help?"],
        purpose=["My card got declined this morning.", "There's a charge of {amount} I don't recognise.",
                 "I'd like to report my card lost.", "I can't log into the app."],
        ask={"phone": ["Before we go on, can I take the mobile number on the account?",
                       "Could you confirm the phone number we have for you?"],
             "id_number": ["For the China account we need your resident ID number, the eighteen characters on the card.",
                           "Can you read me your Chinese ID card number?"],
             "card": ["Could you read me the long number on the front of the card?", "Which card is it? The full card number, please."]},
        extra=[[("A", "Your statement balance is {amount}, due on {date}."), ("C", "Okay, I'll pay it before then.")],
               [("C", "It was on {date}, about {time}, for {amount}."), ("A", "Right, I'll raise a dispute.")],
               [("A", "Your reference for this call is {ref}.")]],
        close=[[("A", "Anything else I can help with today?"), ("C", "No, that's all, thanks.")],
               [("A", "Thanks for calling, have a good day."), ("C", "You too, bye.")]]),
    "telco": dict(
        n=["Kestrel Mobile", "Brightwave Broadband", "Lumen Telecom", "Orbit Wireless"],
        greet=["Hi, you're through to {n}, my name's {agent}.", "{n} support, {agent} here."],
        purpose=["I want to switch to a cheaper plan.", "My bill is way higher than usual, {amount}.",
                 "My broadband keeps dropping.", "I need roaming turned on, I'm travelling."],
        ask={"phone": ["Which number is this about?", "What's the mobile number on the account?"],
             "id_number": ["For the Shanghai contract I'll need the ID number on your resident card."],
             "card": ["What card would you like the direct debit on?", "Can I take the card number for the payment?"]},
        extra=[[("A", "You're on the {gb} gig plan at {amount} a month."), ("C", "It's too much.")],
               [("A", "I'll transfer you to technical, that's extension {ext}.")],
               [("A", "I've texted you a {pin_len} code, can you read it out?"), ("C", "Yep, {code}.")],
               [("A", "An engineer can come on {date} between {time} and five.")]],
        close=[[("A", "Is there anything else?"), ("C", "No, that's it.")]]),
    "courier": dict(
        n=["Parcelwise", "Swift Courier", "Redline Logistics", "Metro Express"],
        greet=["Hello, {n} customer care, {agent} speaking.", "Hi, this is {n}."],
        purpose=["My parcel hasn't moved in three days.", "I need to change the delivery address.",
                 "It says delivered but I never got it."],
        ask={"phone": ["What's the best number for the driver to call?", "Can I get a contact number for the recipient?"],
             "id_number": ["For customs into China we need the receiver's ID number."],
             "card": ["Which card should we charge the redelivery fee to?"]},
        extra=[[("C", "The tracking number is {track}."), ("A", "Thanks, it's at our {city} depot.")],
               [("A", "It weighs {kg} kilos, so that's {amount}.")],
               [("A", "And the postcode is {postcode}?"), ("C", "That's right.")],
               [("A", "We'll try again on {date}, it'll be {qty}.")]],
        close=[[("A", "Anything else?"), ("C", "No, that's everything.")]]),
    "insurance": dict(
        n=["Anchor Insurance", "Beacon Life", "Summit Auto Cover"],
        greet=["{n} claims line, {agent} speaking.", "Hello, {n}, how can I help?"],
        purpose=["I need to make a claim, someone reversed into my car.", "I'm checking on a claim I made.",
                 "I was in hospital and want to claim."],
        ask={"phone": ["What number can the assessor reach you on?", "Can I take a contact number?"],
             "id_number": ["For the China policy, what's the policyholder's resident ID number?"],
             "card": ["Which card should the payout go to?", "Can I have the card number for the excess?"]},
        extra=[[("A", "Your policy number is {policy}, is that right?"), ("C", "Yes, that's it.")],
               [("A", "The claim's approved for {amount}, paid within {days} working days.")],
               [("A", "Your claim reference is {ref}.")],
               [("C", "It happened on {date}, around {time}.")]],
        close=[[("A", "We'll be in touch."), ("C", "Thanks.")]]),
    "clinic": dict(
        n=["Riverside Medical Centre", "St Anne's Clinic", "Greenfield Dental"],
        greet=["Good morning, {n}, {agent} speaking.", "{n}, how can I help?"],
        purpose=["I'd like to book an appointment.", "I need to move my appointment on {date}.",
                 "I'm calling about my blood test results."],
        ask={"phone": ["Can I confirm your mobile number for reminders?", "What's the best number to text you on?"],
             "id_number": ["For the Beijing clinic registration, I need your ID card number."],
             "card": ["The deposit is taken by card, can I take the number?"]},
        extra=[[("A", "I can do {date} at {time}, room {room}."), ("C", "That works.")],
               [("A", "There's a {amount} fee for missed appointments.")],
               [("C", "Can I bring {people}?"), ("A", "Of course.")]],
        close=[[("A", "See you then."), ("C", "Thanks, bye.")]]),
    "energy": dict(
        n=["Silverline Energy", "Coastal Water", "Pioneer Power"],
        greet=["Hello, {n}, {agent} speaking.", "Thanks for calling {n}."],
        purpose=["My bill looks way too high.", "We've had a power cut since this morning.", "I'd like to set up a direct debit."],
        ask={"phone": ["Can I take a contact number in case we get cut off?", "What's the phone number on the account?"],
             "id_number": ["For the Guangzhou account we need the holder's ID number."],
             "card": ["Which card would you like to pay with?", "Can I take the card number?"]},
        extra=[[("A", "Your meter reading was {reading} on {date}, so {amount}."), ("C", "That can't be right.")],
               [("A", "Your account number is {member}.")],
               [("A", "Power should be back by {time}.")]],
        close=[[("A", "Anything else today?"), ("C", "No thanks.")]]),
    "shop": dict(
        n=["Larkspur Home", "Pixel & Co", "Trailhead Outdoors", "Bloom Beauty"],
        greet=["Hi, {n} returns, {agent} here.", "Thanks for calling {n}."],
        purpose=["I'd like to return a jacket.", "My order never arrived.", "I was charged twice."],
        ask={"phone": ["What's the phone number on the order?", "Can I get the mobile you ordered with?"],
             "id_number": ["For the cross-border order, customs needs your Chinese ID number."],
             "card": ["Which card did you pay with? The full number, please.", "Where should the refund go? Card number?"]},
        extra=[[("C", "The order number is {order}."), ("A", "Got it, placed on {date} for {amount}.")],
               [("C", "It's the {model}, I bought {qty}."), ("A", "Okay.")],
               [("A", "Your refund of {amount} should land in {days} working days.")],
               [("A", "The invoice number is {invoice}.")]],
        close=[[("A", "Anything else?"), ("C", "No, that's it, cheers.")]]),
    "collection": dict(
        n=["Crestview Recoveries", "Ashford Collections"],
        greet=["Hello, this is {agent} from {n}, am I speaking to {cust}?"],
        purpose=["Yes, speaking.", "Yeah, what's this about?"],
        ask={"phone": ["Can I confirm a good contact number for you?"],
             "id_number": ["For security, the ID number on your Chinese resident card, please."],
             "card": ["Which card would you like to pay with?"]},
        extra=[[("A", "The balance is {amount}, overdue by {days} days."), ("C", "I can pay some on {date}.")],
               [("A", "Your account reference is {ref}.")]],
        close=[[("A", "Thanks for your time."), ("C", "Bye.")]]),
    "travel": dict(
        n=["Skyway Airlines", "Wanderlust Travel", "Harbourview Hotel", "Fleet Car Rental"],
        greet=["Thank you for calling {n}, {agent} speaking.", "{n} reservations, how can I help?"],
        purpose=["I need to change my flight.", "I want to cancel a booking.", "I'd like to add a driver to my rental."],
        ask={"phone": ["What number should we use for travel alerts?", "Can I take a contact number?"],
             "id_number": ["For the domestic China leg we need the passenger's resident ID number."],
             "card": ["Which card shall I charge the change fee to?", "I'll need a card to hold the booking."]},
        extra=[[("A", "You're on {flight} on {date}, departing {time}."), ("C", "That's the one.")],
               [("A", "The change fee is {amount}, seat {seat}.")],
               [("A", "I've booked {people} for {date}."), ("C", "Great.")],
               [("A", "Check in at terminal {term}, gate {gate}.")]],
        close=[[("A", "Have a great trip."), ("C", "Thanks!")]]),
}

# Mixed (code-switching) lines: Chinese base, English words.
MIXED_GREET = ["您好，这里是{n}，my name is {agent}，有什么可以帮您？", "Hello，{n}客服，请讲。", "您好，{n} customer service。"]
MIXED_PURPOSE = ["我想cancel一个order。", "我的card被block了。", "想check一下我的booking。", "这个bill不太对，多了{amount}。",
                 "我的package一直没到。", "想update一下contact information。"]
MIXED_ASK = {"phone": ["麻烦留一下您的phone number。", "您的mobile number是多少？", "Contact number方便说一下吗？"],
             "id_number": ["需要您的ID number，就是身份证号。", "身份证number报一下？"],
             "card": ["Card number麻烦报一下。", "您的credit card号码是？", "退款的card number说一下。"]}
MIXED_ACK = ["OK，收到。", "好的，got it。", "OK的，稍等我check一下。", "好，系统里找到了，thanks。"]
MIXED_CLOSE = [[("A", "还有其他问题吗？"), ("C", "No，没有了，thanks。")], [("A", "OK，感谢来电，bye bye。"), ("C", "拜拜。")]]

LEAD = {
    "zh": {"phone": ["", "是", "我的手机号是", "手机是", "号码是", "嗯，是", "好的，", "您记一下，", "我报一下啊，"],
           "id_number": ["身份证号是", "", "我身份证是", "号码是", "我念一下，", "好的，是"],
           "card": ["卡号是", "", "我看一下卡啊……卡号是", "是这张，", "好，"]},
    "en": {"phone": ["It's ", "Sure, it's ", "Yeah, ", "My mobile is ", "Okay, so it's ", "That'd be ", "You can reach me on "],
           "id_number": ["It's ", "My ID number is ", "Okay, the number is ", "Right, it's ", "Sure: "],
           "card": ["The long number is ", "It's ", "Okay, reading it off the card, ", "Card number's ", "Sure, "]},
    "mixed": {"phone": ["我的number是", "手机是", "OK，号码是", "Sure，是", "", "是"],
              "id_number": ["ID number是", "身份证是", "OK，", ""],
              "card": ["Card number是", "卡号是", "OK，是", ""]},
}
ACK = {"zh": ["好的，记下了。", "好，收到。", "好的，系统查到了。", "嗯，稍等我查一下。", "好的，核实通过了。", "好的，没问题。"],
       "en": ["Great, thanks.", "Lovely, got that.", "Okay, I've found your account.", "Perfect, bear with me.",
              "Thanks, that's verified.", "Brilliant."],
       "mixed": MIXED_ACK}
BACKCHANNEL = {"zh": ["嗯。", "嗯嗯。", "好的。", "您说。", "嗯，然后呢？", "继续。", "后面呢？", "对。", "好，您接着说。",
                      "稍等我记一下……好，继续。", "嗯哼。", "好，记着呢。"],
               "en": ["Go on.", "Yes?", "Mm-hm.", "Okay.", "Right.", "Got it, and then?", "Uh-huh.", "Sorry, go ahead.",
                      "Yep.", "And the rest?", "With you so far."],
               "mixed": ["嗯，go on。", "OK，继续。", "Yes？", "嗯嗯。", "好的，then？", "Uh-huh，您说。"]}
CONT_LEAD = {"zh": ["", "", "然后是", "后面是", "接着是", "后面的是"],
             "en": ["", "", "then ", "and then ", "after that ", "and "],
             "mixed": ["", "然后是", "then ", "后面是"]}
LAST_LEAD = {"zh": ["剩下的是", "最后是", "最后几位是"], "en": ["the rest is ", "and the last bit is ", "finally "],
             "mixed": ["rest是", "最后是", "last part是"]}


def cont_lead(r, lang, is_end):
    pool = CONT_LEAD[lang] + (LAST_LEAD[lang] if is_end else [])
    return r.choice(pool)
ENDP = {"zh": ["。", "。", "。", "", "……"], "en": [".", ".", ".", "", "..."], "mixed": ["。", "。", "", "……"]}
HANG = {"zh": ["……", "，", "", "——"], "en": ["...", ",", "", " —"], "mixed": ["……", "，", ""]}
CORR = {"zh": ["哦不是", "不对", "说错了", "不对不对", "哎，搞错了", "等等，我重新说", "不是不是，重新说一下", "错了错了，从头来",
               "诶，好像不对", "那是我以前的号码，不对"],
        "en": ["sorry, no wait", "let me start again", "scratch that", "hang on, that's wrong", "no, sorry",
               "actually no", "wait, wrong number, let me start over", "sorry, I mean", "my mistake"],
        "mixed": ["sorry不对", "哦no，重新说", "不对，let me start again", "说错了，sorry", "wait，不是这个"]}
RESAY = {"zh": ["不好意思，没听清，您重新说一下？", "信号不好，麻烦再说一遍。", "您慢一点，从头说一下可以吗？"],
         "en": ["Sorry, you cut out there, can you start again?", "Sorry, could you say that again slowly?",
                "I missed that, from the top?"],
         "mixed": ["Sorry，没听清，再说一遍？", "信号不好，can you repeat？"]}
READBACK = {"zh": ["我跟您核对一下，{n}，对吗？", "所以是{n}……？", "您说的是{n}是吧？", "好，{n}，没错吧？", "我重复一遍：{n}。",
                   "{n}，对吧？"],
            "en": ["So that's {n}?", "Let me read that back: {n}.", "Just to confirm, {n}, is that right?",
                   "I have {n}, correct?", "Okay, {n}?"],
            "mixed": ["所以是{n}，right？", "Let me confirm一下，{n}？", "您说的是{n}，对吗？"]}
READBACK_HEAD = {"zh": ["前面是{n}……？", "我先确认前面，{n}对吧？", "开头是{n}吗？"],
                 "en": ["So far I've got {n}...?", "Starting {n}?", "It begins {n}, yes?"],
                 "mixed": ["前面是{n}，right？", "Starting with {n}对吧？"]}
READBACK_TAIL = {"zh": ["后面是{n}对吗？", "尾号{n}是吧？", "最后几位{n}？"],
                 "en": ["And it ends {n}?", "The last part was {n}?", "Ending {n}, yes?"],
                 "mixed": ["ends with {n}对吧？", "尾号是{n}, right？"]}
CONFIRM = {"zh": ["对。", "对的，没错。", "是的。", "嗯，对。", "没错。"],
           "en": ["Yes, that's right.", "Correct.", "Yep.", "That's it.", "Spot on."],
           "mixed": ["对，correct。", "Yes，没错。", "对的。"]}
MISHEARD = {"zh": ["不对，是{n}。", "不是，{n}。", "错了，应该是{n}。", "有一位不对，{n}。"],
            "en": ["No, it's {n}.", "Not quite, {n}.", "No, {n}.", "Close, but it's {n}."],
            "mixed": ["不对，是{n}。", "No no，{n}。"]}
CHECKCHAR = {"zh": ["末尾是{x}", "最后一位是{x}", "最后是个{x}", "尾巴上是个{x}", "最后那个是{x}", "末位{x}"],
             "en": ["and the last one is {x}", "ending in {x}", "last character is {x}", "and then {x} at the end",
                    "and it finishes with an {x}"],
             "mixed": ["最后一位是{x}", "last one是{x}", "末尾是{x}"]}
ASK_LAST = {"zh": ["最后一位呢？", "还差一位。", "后面还有吗？"], "en": ["And the last character?", "One more to go?", "And the last one?"],
            "mixed": ["最后一位呢？", "And the last one？"]}


# =============================================================================================
# Building a conversation
# =============================================================================================

BREAK = object()


class Retry(Exception):
    """The drawn case does not show its phenomenon: draw again."""   # in a turn: the same speaker goes on in a new line / cue / segment


class Conv:
    def __init__(self, lang, biz):
        self.lang, self.biz = lang, biz
        self.turns = []            # (role, [str | Frag | BREAK])
        self.used = set()          # templates already used (no exchange twice)

    def say(self, role, *pieces):
        self.turns.append((role, [p for p in pieces if not (isinstance(p, str) and p == "")]))

    def frags(self):
        return [p for _, ps in self.turns for p in ps if isinstance(p, Frag)]


def biz_pool(lang):
    return EN_BIZ if lang == "en" else ZH_BIZ


def new_conv(r, lang, kind=None, names=None):
    pool = biz_pool(lang)
    key = r.choice(sorted(pool))
    if kind == "id_number" and lang == "en":
        pass
    biz = pool[key]
    c = Conv(lang, key)
    c.names = {"n": r.choice(biz["n"]), "agent": r.choice(EN_AGENTS if lang == "en" else ZH_AGENTS + EN_AGENTS[:3]),
               "cust": (f"Mr {r.choice(EN_SURN)}" if r.random() < 0.5 else f"Ms {r.choice(EN_SURN)}") if lang == "en"
               else r.choice(ZH_SURN) + r.choice(["先生", "女士"])}
    c.bizdef = biz
    return c


def tl(r, c, s, cache=None):
    """Fill a template for this conversation."""
    return fill(r, s, c.lang, c.names, cache)


def opening(r, c):
    b = c.bizdef
    if c.lang == "mixed" and r.random() < 0.6:
        c.say("A", tl(r, c, r.choice(MIXED_GREET)))
        c.say("C", tl(r, c, r.choice(MIXED_PURPOSE if r.random() < 0.6 else b["purpose"])))
    else:
        c.say("A", tl(r, c, r.choice(b["greet"])))
        c.say("C", tl(r, c, r.choice(b["purpose"])))


def extra(r, c, n=1):
    b = c.bizdef
    pool = [ex for ex in b["extra"] if ex[0][1] not in c.used]
    r.shuffle(pool)
    for ex in pool[:n]:
        c.used.add(ex[0][1])
        cache = {}
        for role, s in ex:
            c.say(role, tl(r, c, s, cache))


def ask(r, c, kind):
    if c.lang == "mixed" and r.random() < 0.6:
        c.say("A", tl(r, c, r.choice(MIXED_ASK[kind])))
        return
    asks = c.bizdef["ask"].get(kind) or ZH_BIZ["bank"]["ask"][kind]
    c.say("A", tl(r, c, r.choice(asks)))


def ack(r, c):
    c.say("A", r.choice(ACK[c.lang]))


def closing(r, c):
    pool = MIXED_CLOSE if (c.lang == "mixed" and r.random() < 0.5) else c.bizdef["close"]
    for role, s in r.choice(pool):
        c.say(role, tl(r, c, s))


def lead(r, c, kind):
    s = r.choice(LEAD[c.lang][kind])
    return s


def wrap(r, c, core, kind, extra_p=0.5, ask_it=True):
    """Full conversation around a core (a function adding the number exchange)."""
    opening(r, c)
    if r.random() < extra_p * 0.5:
        extra(r, c)
    if ask_it:
        ask(r, c, kind)
    core()
    if r.random() < 0.8:
        ack(r, c)
    if r.random() < extra_p:
        extra(r, c)
    closing(r, c)


def last4_of(num, frag_digits, is_end):
    """A phone fragment may show its last 4 digits when they are the phone's real last 4."""
    return num.kind == "phone" and is_end and frag_digits.endswith(num.phone.last4) and len(frag_digits) >= 4


def frag_whole(r, c, num, mode=None, gsep=None, fill_n=0, kind_tag=""):
    ch = chunks_of(r, num, c.lang, mode)
    if fill_n:
        ch = insert_fillers(r, ch, fill_n, c.lang)
    v = num.voice
    f = make_frag(r, ch, num.kind, num.kind == "phone", c.lang, v, gsep=gsep, tag=kind_tag)
    assert spoken(f.text) == num.digits, (f.text, num.digits)
    return f


def attach_voice(r, num, lang):
    num.voice = Voice(r, num.kind, lang)
    return num


def parts_of(r, c, num, nparts, min_last=5, mode=None):
    """Split the number into nparts chunk lists (the last with at least min_last digits)."""
    ch = chunks_of(r, num, c.lang, mode)
    total = len(num.digits)
    bounds = [b for b in group_bounds(ch) if b <= total - min_last]
    cuts = set()
    for _ in range(nparts - 1):
        if bounds and r.random() < 0.7:
            cands = [b for b in bounds if b not in cuts]
        else:
            cands = [k for k in range(max(2, cc_len(ch)), total - min_last + 1) if k not in cuts]
        if not cands:
            break
        cuts.add(r.choice(cands))
    cuts = sorted(cuts)
    out, rest, done = [], ch, 0
    for k in cuts:
        a, rest = split_chunks(rest, k - done)
        done = k
        out.append(a)
    out.append(rest)
    return out


def frag_of_chunks(r, c, num, chunks, is_end, tag=""):
    d = chunk_digits(chunks)
    return make_frag(r, chunks, num.kind, last4_of(num, d, is_end), c.lang, num.voice, tag=tag)


def mutate_digit(r, digits, lo=0, hi=None):
    hi = len(digits) if hi is None else hi
    while True:
        i = r.randrange(lo, hi)
        if not digits[i].isdigit():
            continue
        d = r.choice([x for x in "0123456789" if x != digits[i]])
        return digits[:i] + d + digits[i + 1:], i


# ---------------------------------------------------------------------------------------------
# Phenomena
# ---------------------------------------------------------------------------------------------

def ph_plain(r, c, num):
    variant = []
    agent_says = num.kind == "phone" and c.lang != "en" and r.random() < 0.25

    def core():
        if agent_says:
            # outbound: the agent says the number on file
            f = frag_whole(r, c, num)
            tmpl = r.choice(["我们系统里登记的号码是{n}，还在用吗？", "您预留的是{n}这个号码吧？"]) if c.lang == "zh" \
                else r.choice(["我们这边的number是{n}，still在用吗？", "您登记的是{n}对吧？"])
            a, b = tmpl.split("{n}")
            c.say("A", a, f, b)
            c.say("C", r.choice(CONFIRM[c.lang]))
            variant.append("agent-says")
            return
        f = frag_whole(r, c, num)
        c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
        variant.append("one-go")
    wrap(r, c, core, num.kind, ask_it=not agent_says)
    return variant


def ph_interruption(r, c, num):
    variant = []
    nparts = r.choices([2, 3], [65, 35])[0]

    def core():
        parts = parts_of(r, c, num, nparts)
        speaker_labels = c.lang
        for i, p in enumerate(parts):
            is_end = i == len(parts) - 1
            f = frag_of_chunks(r, c, num, p, is_end)
            if i == 0:
                c.say("C", lead(r, c, num.kind), f, r.choice(HANG[c.lang]))
            else:
                cl = cont_lead(r, c.lang, is_end)
                if c.lang == "en" and cl:
                    cl = cl[0].upper() + cl[1:] if r.random() < 0.5 else cl
                c.say("C", cl, f, r.choice(ENDP[c.lang]) if is_end else r.choice(HANG[c.lang]))
            if not is_end:
                heard = chunk_digits(p)
                if r.random() < 0.2 and len(heard) >= 3:
                    # the agent echoes the part just heard: a fragment of the number too
                    v2 = Voice(r, num.kind, c.lang)
                    st = r.choice(["ar", "cn"] if c.lang != "en" else ["ar", "en"])
                    echo = make_frag(r, [("d", heard, st)], num.kind, last4_of(num, heard, False), c.lang, v2,
                                     tag="echo")
                    tm = r.choice(["{n}，嗯，继续。", "是{n}吧？您接着说。", "{n}……好。"]) if c.lang != "en" \
                        else r.choice(["{n}, okay, go on.", "{n}? Yep, keep going."])
                    a, b = tm.split("{n}")
                    c.say("A", a, echo, b)
                    variant.append("echo")
                else:
                    c.say("A", r.choice(BACKCHANNEL[c.lang]))
        variant.append(f"{len(parts)}-parts")
    wrap(r, c, core, num.kind)
    return variant


def ph_correction(r, c, num):
    variant = []
    kinds = ["restart-prefix", "group-fix", "next-line-fix", "agent-resay", "old-number"]
    if num.kind != "phone":
        kinds = ["restart-prefix", "group-fix", "next-line-fix", "agent-resay"]
    how = r.choice(kinds)
    variant.append(how)
    v = num.voice

    def abandoned(prefix_digits, mode):
        ch = [("d", prefix_digits, mode)]
        return make_frag(r, ch, num.kind, False, c.lang, v, tag="abandoned")

    def core():
        mode = pick_mode(r, c.lang, num.kind)
        simple = mode if mode != "mix" else ("ar" if c.lang != "en" else "en")
        marker = r.choice(CORR[c.lang])
        sep = "，" if c.lang != "en" else ", "
        base = num.phone.national if num.kind == "phone" else num.digits
        if how in ("restart-prefix", "old-number"):
            k = r.randrange(3, 8 if num.kind == "phone" else 10)
            if how == "old-number":
                pre = gen_mobile(r)[:k]
            else:
                pre = mutate_digit(r, base[:k])[0] if r.random() < 0.7 else base[:k]
            a = abandoned(pre, simple)
            full = frag_whole(r, c, num, mode)
            c.say("C", lead(r, c, num.kind), a, sep, marker, sep, full, r.choice(ENDP[c.lang]))
        elif how == "group-fix":
            parts = parts_of(r, c, num, 2, mode=mode)
            first = chunk_digits(parts[0])
            wrong, pos = mutate_digit(r, first, max(0, len(first) - 4))
            a = abandoned(wrong, simple)
            # the speaker repeats from (a little before) the wrong digit on
            redo_from = r.randrange(max(0, pos - 3), pos + 1)
            redo = num.digits[redo_from:]
            ch = [("d", redo, simple)]
            f2 = make_frag(r, ch, num.kind, num.kind == "phone", c.lang, v, tag="redo")
            c.say("C", lead(r, c, num.kind), a, sep, marker, sep, f2, r.choice(ENDP[c.lang]))
            variant.append(f"redo-from-{redo_from}")
        elif how == "next-line-fix":
            wrong, pos = mutate_digit(r, num.digits, len(num.digits) - 6, len(num.digits) - 1)
            wf = make_frag(r, [("d", wrong, simple)], num.kind, last4_of(num, wrong, True), c.lang, v, tag="wrong-full")
            c.say("C", lead(r, c, num.kind), wf, r.choice(ENDP[c.lang]))
            c.say("A", r.choice(ACK[c.lang]) if r.random() < 0.4 else r.choice(BACKCHANNEL[c.lang]))
            k = max(len(num.digits) - pos, r.randrange(5, 9))
            tail = num.digits[-k:]
            f2 = make_frag(r, [("d", tail, simple)], num.kind, num.kind == "phone", c.lang, v, tag="tail-fix")
            if c.lang == "en":
                tm = r.choice(["Sorry, scratch that, the end is {n}.", "Wait, I got that wrong, it ends {n}.",
                               "No hang on, the last bit is {n}."])
            elif c.lang == "zh":
                tm = r.choice(["不对，刚才说错了，后面是{n}。", "哎，后几位应该是{n}。", "等一下，最后是{n}，不好意思。"])
            else:
                tm = r.choice(["Sorry，后面是{n}。", "不对，ends with {n}。"])
            x, y = tm.split("{n}")
            c.say("C", x, f2, y)
            variant.append(f"tail-{k}")
        else:  # agent-resay
            k = r.randrange(4, len(num.digits) - 3)
            pre = num.digits[:k]
            a = abandoned(pre, simple)
            c.say("C", lead(r, c, num.kind), a, r.choice(HANG[c.lang]))
            c.say("A", r.choice(RESAY[c.lang]))
            full = frag_whole(r, c, num, mode)
            c.say("C", r.choice(["好，", "", "OK，"]) if c.lang != "en" else r.choice(["Sure, ", "", "Okay, "]),
                  full, r.choice(ENDP[c.lang]))
    wrap(r, c, core, num.kind)
    return variant


def ph_filler(r, c, num):
    n = r.choices([1, 2, 3], [40, 40, 20])[0]
    variant = [f"{n}-fillers"]

    def core():
        f = frag_whole(r, c, num, fill_n=n)
        pre = r.choice(["呃，", "嗯……", "那个，", ""]) if c.lang != "en" else r.choice(["Um, ", "Uh, ", "Er, ", ""])
        ld = lead(r, c, num.kind)
        if pre and ld[:1].isascii() and ld[:1].isupper() and not ld.startswith(("I ", "I'", "OK")):
            ld = ld[0].lower() + ld[1:]
        c.say("C", pre + ld, f, r.choice(ENDP[c.lang]))
    wrap(r, c, core, num.kind)
    return variant


def ph_continuation(r, c, num):
    nparts = r.choices([2, 3], [70, 30])[0]
    variant = [f"{nparts}-lines"]

    def core():
        parts = parts_of(r, c, num, nparts)
        pieces = [lead(r, c, num.kind)]
        for i, p in enumerate(parts):
            is_end = i == len(parts) - 1
            f = frag_of_chunks(r, c, num, p, is_end)
            if i:
                pieces.append(BREAK)
                cl = cont_lead(r, c.lang, is_end)
                pieces.append(cl)
            pieces.append(f)
            pieces.append(r.choice(ENDP[c.lang]) if is_end else r.choice(HANG[c.lang]))
        c.say("C", *pieces)
    wrap(r, c, core, num.kind)
    return variant


def ph_checkchar(r, c, num):
    how = r.choice(["same-line", "next-line", "agent-asks", "same-line", "split-body"])
    variant = [how, "X" if num.value.endswith("X") else "digit"]

    def core():
        v = num.voice
        body = num.value[:17]
        xch = num.value[17]
        mode = pick_mode(r, c.lang, num.kind)
        if how == "split-body":
            k = r.choice([6, 14, r.randrange(4, 14)])
            p1 = make_frag(r, [("d", body[:k], "ar" if mode == "mix" else mode)], num.kind, False, c.lang, v)
            p2 = make_frag(r, [("d", body[k:], "ar" if mode == "mix" else mode)], num.kind, False, c.lang, v)
        else:
            groups = id_groups(r, body + "0")
            groups[-1] = groups[-1][:-1]
            groups = [g for g in groups if g]
            st = styles_for(r, c.lang, len(groups), mode)
            p1 = make_frag(r, [("d", g, s) for g, s in zip(groups, st)], num.kind, False, c.lang, v)
            p2 = None
        if xch == "X":
            xs = v.x_en if c.lang == "en" else r.choice([v.x_cn, "X", "大写的X", "x"])
            xdisp = xs
        else:
            xdisp = xch if r.random() < 0.5 or c.lang == "en" else cn_digit(xch, v)
            if c.lang == "en" and r.random() < 0.6:
                xdisp = EN_DIGIT[int(xch)]
        tm = r.choice(CHECKCHAR[c.lang])
        pre_x, post_x = tm.split("{x}")
        # the label holds only the check character itself
        if xdisp == "大写的X":
            pre_x += "大写的"
            xdisp = "X"
        xf = Frag([xdisp], [], xch, num.kind, False, tag="check-char")
        endp = r.choice(ENDP[c.lang])
        if how in ("same-line", "split-body"):
            sep = "，" if c.lang != "en" else ", "
            pieces = [lead(r, c, num.kind), p1]
            if p2:
                pieces += [r.choice(HANG[c.lang])]
                c.say("C", *pieces)
                c.say("A", r.choice(BACKCHANNEL[c.lang]))
                c.say("C", p2, sep, pre_x, xf, post_x, endp)
            else:
                c.say("C", *pieces, sep, pre_x, xf, post_x, endp)
        elif how == "next-line":
            c.say("C", lead(r, c, num.kind), p1, r.choice(HANG[c.lang]), BREAK, pre_x[:1].upper() + pre_x[1:]
                  if c.lang == "en" else pre_x, xf, post_x, endp)
        else:
            c.say("C", lead(r, c, num.kind), p1, r.choice(HANG[c.lang]))
            c.say("A", r.choice(ASK_LAST[c.lang]))
            c.say("C", r.choice(["", "是", "哦，"]) if c.lang != "en" else r.choice(["", "It's ", "Sorry, "]), xf, endp)
    wrap(r, c, core, num.kind)
    return variant


def ph_readback(r, c, num):
    how = r.choice(["full", "full", "partial-head", "partial-tail", "misheard", "misheard", "misheard-then-fixed"])
    if num.kind != "phone" and how == "partial-tail":
        how = "full"
    variant = [how]

    def core():
        first = frag_whole(r, c, num)
        c.say("C", lead(r, c, num.kind), first, r.choice(ENDP[c.lang]))
        v2 = Voice(r, num.kind, c.lang)
        rb_mode = r.choice(["ar", "ar", "cn", "mix"]) if c.lang == "zh" else \
            r.choice(["ar", "en", "en"]) if c.lang == "en" else r.choice(["ar", "cn", "en"])
        digits = num.digits
        if how == "full":
            ch = chunks_of(r, num, c.lang, rb_mode)
            f = make_frag(r, ch, num.kind, num.kind == "phone", c.lang, v2, tag="readback")
            tm = r.choice(READBACK[c.lang])
            a, b = tm.split("{n}")
            c.say("A", a, f, b)
            c.say("C", r.choice(CONFIRM[c.lang]))
        elif how == "partial-head":
            k = r.randrange(4, len(digits) - 3)
            f = make_frag(r, [("d", digits[:k], "ar" if rb_mode == "mix" else rb_mode)], num.kind, False, c.lang, v2,
                          tag="readback-head")
            tm = r.choice(READBACK_HEAD[c.lang])
            a, b = tm.split("{n}")
            c.say("A", a, f, b)
            c.say("C", r.choice(CONFIRM[c.lang]))
        elif how == "partial-tail":
            k = r.randrange(5, 9)
            f = make_frag(r, [("d", digits[-k:], "ar" if rb_mode == "mix" else rb_mode)], num.kind, True, c.lang, v2,
                          tag="readback-tail")
            tm = r.choice(READBACK_TAIL[c.lang])
            a, b = tm.split("{n}")
            c.say("A", a, f, b)
            c.say("C", r.choice(CONFIRM[c.lang]))
        else:
            wrong, pos = mutate_digit(r, digits, 2 if num.kind == "phone" else 0)
            ch = chunks_of(r, num, c.lang, rb_mode)
            # same grouping, the wrong digit put in
            out, i = [], 0
            for cc in ch:
                if cc[0] in ("d", "cc"):
                    n = len(cc[1])
                    out.append((cc[0], wrong[i:i + n], cc[2]))
                    i += n
                else:
                    out.append(cc)
            l4 = num.kind == "phone" and wrong[-4:] == num.phone.last4
            f = make_frag(r, out, num.kind, l4, c.lang, v2, tag="readback-misheard")
            tm = r.choice(READBACK[c.lang])
            a, b = tm.split("{n}")
            c.say("A", a, f, b)
            # the caller corrects the part around the wrong digit
            lo = max(len(num.phone.cc) if num.kind == "phone" else 0, pos - r.randrange(1, 4))
            hi = min(len(digits), pos + r.randrange(2, 5))
            if len(digits) - hi < 3:
                hi = len(digits)
            if hi == len(digits):
                lo = min(lo, len(digits) - 5)
            fix = digits[lo:hi]
            fx = make_frag(r, [("d", fix, "ar" if c.lang != "en" or r.random() < 0.3 else "en")], num.kind,
                           num.kind == "phone" and hi == len(digits) and len(fix) >= 4, c.lang, num.voice,
                           tag="fix")
            tm = r.choice(MISHEARD[c.lang])
            a, b = tm.split("{n}")
            c.say("C", a, fx, b)
            variant.append(f"wrong-at-{pos}")
            if how == "misheard-then-fixed":
                ch = chunks_of(r, num, c.lang, rb_mode)
                f3 = make_frag(r, ch, num.kind, num.kind == "phone", c.lang, v2, tag="readback-again")
                tm = r.choice(READBACK[c.lang])
                a, b = tm.split("{n}")
                c.say("A", r.choice(["抱歉，", "好，"]) if c.lang != "en" else "Sorry. ", a, f3, b)
                c.say("C", r.choice(CONFIRM[c.lang]))
            else:
                c.say("A", r.choice(["抱歉，已更正。", "好的，改过来了。"]) if c.lang != "en" else
                      r.choice(["Sorry about that, fixed.", "Got it, corrected."]))
    wrap(r, c, core, num.kind, extra_p=0.3)
    return variant


def glue(r, f, n):
    """Merge n pairs of adjacent plain digit words of a fragment (as a recogniser might)."""
    done = 0
    tries = 0
    while done < n and tries < 50:
        tries += 1
        idx = [i for i in range(len(f.atoms) - 1)
               if f.atoms[i].lower() in EN_VAL and f.atoms[i + 1].lower() in EN_VAL and f.joins[i] == " "
               and f.atoms[i].lower() != "o" and (i == 0 or f.atoms[i - 1].lower() not in ("double", "triple"))]
        if not idx:
            break
        i = r.choice(idx)
        f.atoms[i:i + 2] = [f.atoms[i] + f.atoms[i + 1]]
        del f.joins[i]
        done += 1
    # also glue triples occasionally
    return done


def ph_glued(r, c, num):
    variant = []

    def core():
        v = num.voice
        v.double = r.random() < 0.3
        mode = "en" if r.random() < 0.75 else "mix"
        ch = chunks_of(r, num, c.lang if c.lang != "zh" else "mixed", mode)
        if mode == "mix" and not any(x[2] == "en" for x in ch):
            ch = [(x[0], x[1], "en") for x in ch]
        f = make_frag(r, ch, num.kind, num.kind == "phone", c.lang, v, gsep=" ")
        n = r.randrange(1, 5)
        got = glue(r, f, n)
        if not got:
            raise Retry("nothing to glue")
        assert spoken(f.text) == num.digits, (f.text, num.digits)
        variant.append(f"{got}-glued")
        c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
        if r.random() < 0.3:
            v2 = Voice(r, num.kind, "en")
            v2.double = False
            chb = chunks_of(r, num, "en", "en")
            rb = make_frag(r, chb, num.kind, num.kind == "phone", c.lang, v2, gsep=" ", tag="readback-glued")
            glue(r, rb, r.randrange(1, 3))
            tm = r.choice(READBACK["en" if c.lang == "en" else "mixed"])
            a, b = tm.split("{n}")
            c.say("A", a, rb, b)
            c.say("C", r.choice(CONFIRM[c.lang]))
            variant.append("readback")
    wrap(r, c, core, num.kind)
    return variant


def ph_multi(r, c, nums):
    variant = ["+".join(n.kind for n in nums)]

    def core():
        for j, num in enumerate(nums):
            if j:
                if r.random() < 0.5:
                    extra(r, c)
                if getattr(num, "contact", False):
                    c.say("A", r.choice(["再留一个紧急联系人的电话？", "家里人的号码也留一个吧。"]) if c.lang != "en"
                          else r.choice(["And an emergency contact number?", "Can I take a second number as a backup?"]))
                else:
                    ask(r, c, num.kind)
            style = r.choice(["plain", "plain", "filler", "split"])
            if style == "plain":
                f = frag_whole(r, c, num)
                c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
            elif style == "filler":
                f = frag_whole(r, c, num, fill_n=1)
                c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
            else:
                parts = parts_of(r, c, num, 2)
                f1 = frag_of_chunks(r, c, num, parts[0], False)
                f2 = frag_of_chunks(r, c, num, parts[1], True)
                c.say("C", lead(r, c, num.kind), f1, r.choice(HANG[c.lang]))
                c.say("A", r.choice(BACKCHANNEL[c.lang]))
                c.say("C", f2, r.choice(ENDP[c.lang]))
            variant.append(style)
            if j < len(nums) - 1:
                ack(r, c)
    wrap(r, c, core, nums[0].kind, extra_p=0.7)
    return variant


# ---------------------------------------------------------------------------------------------
# ASR-only phenomenon: inverse-text-normalised chunks spread over word tokens
# ---------------------------------------------------------------------------------------------

def itn_chunks(r, digits, max_len=4):
    out, i = [], 0
    while i < len(digits):
        n = r.choice([1, 2, 3, 3, 4, 4][:max_len + 2])
        n = min(n, len(digits) - i)
        out.append(digits[i:i + n])
        i += n
    return out


def ph_asr_chunks(r, c, num):
    how = r.choice(["itn", "itn", "itn-split-seg", "cn-ar-mix", "glued-to-text", "en-mix"])
    if c.lang == "en" and how == "cn-ar-mix":
        how = "en-mix"
    if c.lang == "zh" and how == "en-mix":
        how = "cn-ar-mix"
    variant = [how]
    v = num.voice

    def atoms_frag(tokens, is_end, digits, tag=""):
        # tokens: list of (word, digits) kept as ASR words exactly
        chunks = [("raw", w, d) for w, d in tokens]
        f = make_frag(r, chunks, num.kind, last4_of(num, digits, is_end), c.lang, v, gsep=" " if c.lang == "en" else "",
                      cn_split=False, tag=tag)
        return f

    def core():
        d = num.digits
        if num.kind == "phone" and num.phone.cc:
            pass
        if how in ("itn", "glued-to-text"):
            toks = [(x, x) for x in itn_chunks(r, d)]
            endp = r.choice(ENDP[c.lang])
            if how == "glued-to-text":
                if c.lang != "en":
                    w0 = r.choice({"phone": ["是", "号码是", "手机"], "id_number": ["是", "身份证"],
                                   "card": ["是", "卡号"]}[num.kind])
                    toks[0] = (w0 + toks[0][0], toks[0][1])
                toks[-1] = (toks[-1][0] + (endp or "。" if c.lang != "en" else "."), toks[-1][1])
                endp = ""
            f = atoms_frag(toks, True, d)
            c.say("C", lead(r, c, num.kind) if how == "itn" else ("It's " if c.lang == "en" else ""), f, endp)
        elif how == "itn-split-seg":
            cut = r.randrange(3, len(d) - 4)
            t1 = [(x, x) for x in itn_chunks(r, d[:cut])]
            t2 = [(x, x) for x in itn_chunks(r, d[cut:])]
            f1 = atoms_frag(t1, False, d[:cut])
            f2 = atoms_frag(t2, True, d[cut:])
            c.say("C", lead(r, c, num.kind), f1, BREAK, f2, r.choice(ENDP[c.lang]))
            variant.append(f"cut-{cut}")
        elif how == "cn-ar-mix":
            toks, i = [], 0
            while i < len(d):
                if r.random() < 0.45:
                    toks.append((cn_digit(d[i], v), d[i]))
                    i += 1
                else:
                    n = min(r.choice([2, 3, 4]), len(d) - i)
                    toks.append((d[i:i + n], d[i:i + n]))
                    i += n
            f = atoms_frag(toks, True, d)
            c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
        else:  # en-mix: English number words and Arabic chunks as separate tokens
            toks, i = [], 0
            while i < len(d):
                if r.random() < 0.5:
                    ch = d[i]
                    w = v.x_en if ch == "X" else (v.zero_en if ch == "0" else EN_DIGIT[int(ch)])
                    toks.append((w, ch))
                    i += 1
                else:
                    n = min(r.choice([2, 3, 4]), len(d) - i)
                    toks.append((d[i:i + n], d[i:i + n]))
                    i += n
            f = atoms_frag(toks, True, d)
            c.say("C", lead(r, c, num.kind), f, r.choice(ENDP[c.lang]))
    wrap(r, c, core, num.kind)
    return variant


# ---------------------------------------------------------------------------------------------
# Hard negatives
# ---------------------------------------------------------------------------------------------

NEG_ZH = [
    [("A", "验证码已经发到您手机上了，{pin_len}的，您念一下。"), ("C", "{code}。"), ("A", "好的，验证通过。")],
    [("C", "我订单号是{order}。"), ("A", "稍等……查到了，{date}下单，金额{amount}。")],
    [("C", "快递单号{track}，显示{date}就到了{city}。"), ("A", "好的，我帮您催一下。")],
    [("A", "您的保单号{policy}，保额{amount}。"), ("C", "对，是这份。")],
    [("A", "您转一下分机{ext}，那边专人处理。"), ("C", "好，转{ext}是吧。")],
    [("C", "我们一共{people}，订{date}的。"), ("A", "好的，{count}间房够吗？")],
    [("A", "航班{flight}，{date}{time}起飞，值机柜台在{gate}附近。")],
    [("C", "机器型号是{model}，{year}年买的。"), ("A", "那已经过保了。")],
    [("C", "发票号码{invoice}，税号{taxid}。"), ("A", "好，我给您重开。")],
    [("A", "户号{meter}，欠费{amount}，请在{date}之前缴清。"), ("C", "好。")],
    [("C", "邮编是{postcode}，地址没变。"), ("A", "好的。")],
    [("A", "会员号{member}，积分还有{reading}分。"), ("C", "能换什么？")],
    [("C", "我就两个问题，一个是退款，一个是换货。"), ("A", "好，一个一个来。")],
    [("A", "您排在第{count}位，大概等{days}分钟。")],
    [("A", "病房在{ward}，{time}之后可以探视。"), ("C", "好的，谢谢。")],
    [("C", "我是{date}{time}打的电话，等了一个多小时。"), ("A", "非常抱歉。")],
    [("A", "工单号{ref}，师傅会在两个小时内联系您。")],
    [("C", "我买了{qty}，每件{amount}，一共花了{amount}。")],
    [("A", "这个订单编号是{order}，物流单号{track}。"), ("C", "嗯嗯。")],
    [("A", "您的手机号我们这边有记录，就不用再报了。"), ("C", "好的。"), ("A", "退款{amount}，{days}个工作日到账。")],
    [("C", "身份证我带着呢，下午{time}过去办。"), ("A", "好，记得带原件，{date}前都可以。")],
    [("A", "银行卡的话原路退回就可以，不需要提供卡号。"), ("C", "哦，那好。"), ("A", "退款编号{ref}。")],
    [("A", "这笔交易的流水号是{serial19}，您可以拿去柜台查。"), ("C", "好的，我记一下。")],
    [("C", "面单上印的号码是{serial18}，是这个吗？"), ("A", "对，这个是运单号，我查一下。")],
]
NEG_EN = [
    [("A", "I've sent a {pin_len} code to your phone, can you read it out?"), ("C", "It's {code}."), ("A", "Great, you're verified.")],
    [("C", "My order number is {order}."), ("A", "Thanks, that was placed on {date} for {amount}.")],
    [("C", "The tracking number is {track}."), ("A", "It's at the {city} depot, out for delivery {date}.")],
    [("A", "Your policy number is {policy}, cover of {amount}."), ("C", "That's the one.")],
    [("A", "I'll put you through to extension {ext}."), ("C", "Thanks.")],
    [("C", "I've got one question and maybe one or two small things."), ("A", "Sure, go ahead.")],
    [("C", "There were {people}, we need {count} rooms."), ("A", "No problem.")],
    [("A", "You're on {flight}, {date}, departing {time} from gate {gate}.")],
    [("C", "It's the {model}, I bought it in {year}."), ("A", "That's out of warranty, I'm afraid.")],
    [("C", "The invoice number is {invoice}."), ("A", "I'll reissue it.")],
    [("A", "Your account number is {meter}, and you owe {amount}.")],
    [("C", "The postcode is {postcode}."), ("A", "Lovely.")],
    [("A", "It'll take three to five working days to arrive.")],
    [("C", "I called on {date} at {time} and waited an hour."), ("A", "I'm really sorry about that.")],
    [("A", "Your job reference is {ref}.")],
    [("C", "I bought {qty} at {amount} each, so {amount} all in.")],
    [("A", "You're number {count} in the queue.")],
    [("A", "We don't need your card number, the refund goes back automatically."), ("C", "Oh, okay, good.")],
    [("C", "Just the one thing, and it'll take two minutes."), ("A", "No problem at all.")],
    [("A", "We already have your phone number on file, no need to read it out."), ("C", "Great.")],
    [("A", "The member number is {member}, and you've got {reading} points.")],
    [("A", "The transaction reference is {serial19}, quote that at the branch."), ("C", "Okay, noted.")],
    [("C", "The number on the label is {serial18}."), ("A", "That's the consignment number, thanks, let me look.")],
]
NEG_MIXED = [
    [("A", "Verification code已经发给您了，{pin_len}的。"), ("C", "{code}。")],
    [("C", "我的order number是{order}。"), ("A", "OK，{date}下的单，{amount}。")],
    [("C", "Tracking number是{track}。"), ("A", "好的，在{city}的hub。")],
    [("A", "您转一下extension {ext}。")],
    [("C", "我有one or two个问题。"), ("A", "OK，您说。")],
    [("A", "Flight是{flight}，{date}{time}。")],
    [("C", "型号是{model}。"), ("A", "OK，still在保修期。")],
    [("A", "Policy number {policy}，对吧？"), ("C", "对。")],
    [("C", "Invoice number {invoice}。")],
    [("A", "退款{amount}，three to five个工作日到账。")],
    [("A", "Transaction的流水号是{serial19}。"), ("C", "OK。")],
    [("C", "Label上的号码是{serial18}。"), ("A", "这个是consignment number，我查一下。")],
]


# businesses each exchange above fits ("*": any)
NEG_ZH_TAGS = ["*", "shop courier repair", "courier shop", "insurance bank", "*", "travel hospital", "travel",
               "repair shop telco", "shop repair utility travel", "utility", "courier shop repair",
               "shop telco travel bank", "*", "*", "hospital", "*", "repair utility telco", "shop", "shop courier",
               "*", "*", "shop bank insurance travel", "bank shop insurance", "courier shop"]
NEG_EN_TAGS = ["*", "shop courier", "courier shop", "insurance", "*", "*", "travel clinic", "travel", "shop telco",
               "shop energy telco", "energy telco collection bank", "courier shop energy", "*", "*", "*", "shop", "*",
               "shop bank travel insurance", "*", "*", "shop travel telco bank", "bank shop insurance collection",
               "courier shop"]
NEG_MIXED_TAGS = ["*", "shop courier", "courier shop", "*", "*", "travel", "repair shop telco", "insurance bank",
                  "shop repair utility", "*", "bank shop insurance", "courier shop"]
assert len(NEG_ZH) == len(NEG_ZH_TAGS) and len(NEG_EN) == len(NEG_EN_TAGS) and len(NEG_MIXED) == len(NEG_MIXED_TAGS)


def ph_negative(r, c):
    variant = []
    if c.lang == "en":
        pool = list(zip(NEG_EN, NEG_EN_TAGS))
    elif c.lang == "zh":
        pool = list(zip(NEG_ZH, NEG_ZH_TAGS))
    else:
        pool = list(zip(NEG_MIXED, NEG_MIXED_TAGS)) + list(zip(NEG_ZH, NEG_ZH_TAGS))[:8]
    pool = [(i, ex) for i, (ex, tags) in enumerate(pool) if tags == "*" or c.biz in tags.split()]
    n = r.choices([1, 2, 3], [30, 50, 20])[0]
    picks = r.sample(pool, min(n, len(pool)))
    opening(r, c)
    if r.random() < 0.5:
        extra(r, c)
    for i, ex in picks:
        if ex[0][1] in c.used:
            continue
        c.used.add(ex[0][1])
        cache = {}
        for role, s in ex:
            c.say(role, tl(r, c, s, cache))
        variant.append(f"n{i}")
    if r.random() < 0.4:
        extra(r, c)
    closing(r, c)
    return variant


# =============================================================================================
# Rendering
# =============================================================================================

TEXT_LABELS = {
    "zh": [("坐席", "客户", "："), ("客服", "用户", "："), ("话务员", "来电人", "："), ("客服", "客户", ":"), ("A", "B", "："),
           ("接线员", "来电者", "："), ("工作人员", "客户", "：")],
    "en": [("Agent", "Customer", ": "), ("Rep", "Caller", ": "), ("A", "B", ": "), ("Operator", "Caller", ": "),
           ("Advisor", "Customer", ": "), ("Speaker 1", "Speaker 2", ": "), ("AGENT", "CALLER", ": ")],
}
TEXT_LABELS["mixed"] = TEXT_LABELS["zh"][:4] + [("Agent", "客户", "："), ("Agent", "Customer", ": ")]
VTT_NAMES = {"zh": [("坐席", "客户"), ("客服", "用户"), ("客服 小林", "客户"), ("话务员", "来电人")],
             "en": [("Agent", "Customer"), ("Rep", "Caller"), ("Agent Priya", "Caller"), ("Support", "Customer")],
             "mixed": [("Agent", "客户"), ("客服", "Customer"), ("坐席", "客户"), ("Agent", "Caller")]}


def clock(t, style):
    t = int(t)
    h, m, s = t // 3600, (t // 60) % 60, t % 60
    if style == "hms-brackets":
        return f"[{h:02d}:{m:02d}:{s:02d}] "
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d} "
    if style == "ms-paren":
        return f"({m:02d}:{s:02d}) "
    if style == "ms-brackets":
        return f"[{m:02d}:{s:02d}.{r_tenth(t)}] "
    return ""


def r_tenth(t):
    return (t * 7) % 10


def lines_of(c):
    """[(role, [pieces])] with BREAK splitting a turn into several lines."""
    out = []
    for role, ps in c.turns:
        cur = []
        for p in ps:
            if p is BREAK:
                out.append((role, cur))
                cur = []
            else:
                cur.append(p)
        out.append((role, cur))
    return [(ro, ps) for ro, ps in out if ps]


def render_text(r, c):
    agent, cust, colon = r.choice(TEXT_LABELS[c.lang])
    if c.lang == "en" or colon.startswith(":"):
        pass
    ts = r.choices(["none", "hms-brackets", "hms", "ms-paren", "ms-brackets"], [35, 20, 15, 15, 15])[0]
    t = r.uniform(0, 30)
    text, spans = "", []
    for i, (role, ps) in enumerate(lines_of(c)):
        if i:
            text += "\n"
        t += r.uniform(2, 11)
        text += clock(t, ts) + (agent if role == "A" else cust) + colon
        for p in ps:
            if isinstance(p, Frag):
                s = len(text)
                text += p.text
                spans.append((s, len(text), p))
            else:
                text += p
    return text, spans


def vtt_time(t):
    ms = int(round(t * 1000))
    return f"{ms // 3600000:02d}:{(ms // 60000) % 60:02d}:{(ms // 1000) % 60:02d}.{ms % 1000:03d}"


def render_vtt(r, c):
    agent, cust = r.choice(VTT_NAMES[c.lang])
    ids = r.random() < 0.3
    text = "WEBVTT\n\n"
    if r.random() < 0.2:
        text += "NOTE " + r.choice(["exported from the contact-centre recorder", "auto transcript", "diarised"]) + "\n\n"
    spans = []
    t = r.uniform(0.2, 4)
    for i, (role, ps) in enumerate(lines_of(c)):
        dur = r.uniform(1.2, 7.5)
        if ids:
            text += f"{i + 1}\n"
        text += f"{vtt_time(t)} --> {vtt_time(t + dur)}\n"
        t += dur + r.uniform(0.1, 1.4)
        text += f"<v {agent if role == 'A' else cust}>"
        for p in ps:
            if isinstance(p, Frag):
                s = len(text)
                text += p.text
                spans.append((s, len(text), p))
            else:
                text += p
        text += "\n\n"
    return text, spans


CJK_PUNCT = "，。？！、：；…—“”‘’（）《》～"
ASCII_TRAIL = ",.?!;:"


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def tokenize(r, s):
    """Plain text to ASR tokens: [(token, attach_to_previous)]."""
    toks, i, n = [], 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if ch in CJK_PUNCT or (ch in ASCII_TRAIL + "-" and (i + 1 >= n or not s[i + 1].isalnum())):
            j = i
            while j < n and (s[j] in CJK_PUNCT or s[j] in ASCII_TRAIL):
                j += 1
            j = max(j, i + 1)
            toks.append((s[i:j], True))
            i = j
            continue
        if is_cjk(ch):
            j = i
            while j < n and is_cjk(s[j]):
                j += 1
            run = s[i:j]
            k = 0
            while k < len(run):
                m = r.choice([1, 2, 2, 3])
                toks.append((run[k:k + m], False))
                k += m
            i = j
            continue
        j = i
        while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in CJK_PUNCT:
            j += 1
        w = s[i:j]
        core = w.rstrip(ASCII_TRAIL)
        if core:
            toks.append((core, False))
        if len(core) < len(w):
            toks.append((w[len(core):], True))
        i = j
    return toks


def render_asr(r, c):
    flat = r.random() < 0.2
    diar = r.random() < 0.5
    probs = r.random() < 0.4
    segs = []
    entities = []
    t = r.uniform(0.0, 3.0)
    for role, ps in lines_of(c):
        words = []   # dicts; frag membership kept aside
        owner = []   # Frag or None for each word

        def add(tok, frag, attach=False):
            nonlocal t
            if attach and words:
                words[-1]["word"] += tok
                return
            lead_space = (not flat) and (c.lang == "en" or (tok[:1].isascii() and tok[:1].isalpha()))
            dur = 0.12 + 0.07 * min(len(tok), 6) + r.uniform(0, 0.15)
            w = {"word": (" " if lead_space else "") + tok, "start": round(t, 2), "end": round(t + dur, 2)}
            if probs:
                w["probability"] = round(r.uniform(0.55, 0.999), 3)
            if flat and diar:
                w["speaker"] = 0 if role == "A" else 1
            t += dur + r.uniform(0.0, 0.12)
            words.append(w)
            owner.append(frag)

        for p in ps:
            if isinstance(p, Frag):
                for a in p.atoms:
                    if p.cn_split and all(is_cjk(x) or x in CJK_PUNCT for x in a) and len(a) > 1 and r.random() < 0.5:
                        # per character, punctuation kept on its character
                        k = 0
                        while k < len(a):
                            m = 1
                            while k + m < len(a) and a[k + m] in CJK_PUNCT:
                                m += 1
                            add(a[k:k + m], p)
                            k += m
                    else:
                        add(a, p)
            else:
                for tok, att in tokenize(r, p):
                    add(tok, None, att)
        if not words:
            continue
        seg = {"id": len(segs), "start": words[0]["start"], "end": words[-1]["end"],
               "text": "".join(w["word"] for w in words).strip(), "words": words}
        if diar and not flat:
            seg["speaker"] = "SPEAKER_00" if role == "A" else "SPEAKER_01"
        segs.append((seg, owner))
        t += r.uniform(0.3, 1.5)
    # entities in order of appearance
    order = []
    for si, (seg, owner) in enumerate(segs):
        for wi, fr in enumerate(owner):
            if fr is not None:
                if fr not in [o[0] for o in order]:
                    order.append((fr, []))
                for o in order:
                    if o[0] is fr:
                        o[1].append((si, wi))
    if flat:
        allw, base = [], []
        for seg, owner in segs:
            base.append(len(allw))
            allw += seg["words"]
        tr = {"language": "en" if c.lang == "en" else "zh", "words": allw}
        for fr, keys in order:
            entities.append((fr, [base[si] + wi for si, wi in keys]))
    else:
        tr = {"language": "en" if c.lang == "en" else "zh", "segments": [s for s, _ in segs]}
        for fr, keys in order:
            entities.append((fr, [[si, wi] for si, wi in keys]))
    return tr, entities, flat


# =============================================================================================
# Checks
# =============================================================================================

RUN = re.compile(r"[0-9](?:[0-9]|[ \-](?=[0-9]))*")


def suspicious_runs(s):
    """Digit runs (single spaces/hyphens allowed inside) that a redactor should mask."""
    bad = []
    for m in RUN.finditer(s):
        d = re.sub(r"[ \-]", "", m.group(0))
        if mobile_like(d) or (13 <= len(d) <= 19 and luhn_valid(d)) or id_valid(d):
            bad.append(m.group(0))
    for m in re.finditer(r"[0-9]{17}[Xx]", s):
        if id_valid(m.group(0)):
            bad.append(m.group(0))
    return bad


def leaky_trap(region_units, single_word_last):
    total = sum(u[2] for u in region_units)
    return total <= 4 and single_word_last


KIND_OUT = {"phone": "phone", "id_number": "id_number", "card": "bank_card"}


def check_case(case, frag_map, nums):
    """frag_map: [(label dict, Frag, label text)]"""
    for lab, fr, t in frag_map:
        assert t.strip() == t and t, (case["id"], t)
        assert "\n" not in t, (case["id"], t)
        got = spoken(t)
        assert got == fr.digits, (case["id"], t, got, fr.digits)
        assert readable(t) > 0, (case["id"], t)
        assert lab["kind"] == KIND_OUT[fr.kind]
        if lab["last4_ok"]:
            assert fr.kind == "phone"
            assert any(n.kind == "phone" and fr.digits.endswith(n.phone.last4) for n in nums), (case["id"], t)
            # more than the 4 digits that may stay visible, else the label would be met by not masking at all
            assert readable(t) > 4, (case["id"], t)
    for n in nums:
        if n.kind == "phone" and not n.phone.foreign:
            assert mobile_like(n.phone.national), n.phone.national
        if n.kind == "id_number":
            assert id_valid(n.value), n.value
        if n.kind == "card":
            assert luhn_valid(n.value) and 13 <= len(n.value) <= 19, n.value
    # every ID/card read-back that is misheard fails its check
    for lab, fr, t in frag_map:
        if fr.tag == "readback-misheard":
            if fr.kind == "id_number":
                assert not id_valid(fr.digits), fr.digits
            elif fr.kind == "card":
                assert not luhn_valid(fr.digits), fr.digits


# =============================================================================================
# Driver
# =============================================================================================

PLAN = [  # phenomenon, count
    ("negative", 70), ("plain", 22), ("interruption", 52), ("correction", 50), ("filler", 44), ("asr-chunks", 40),
    ("readback", 52), ("continuation", 34), ("check-char-apart", 26), ("glued-words", 28), ("multi-number", 42),
]


def lang_shares(ph):
    if ph == "glued-words":
        return {"en": 0.6, "mixed": 0.4}
    if ph == "check-char-apart":
        return {"zh": 0.5, "en": 0.25, "mixed": 0.25}
    return {"zh": 0.4, "en": 0.35, "mixed": 0.25}


def lang_plan(r, ph, n):
    """Languages for the n cases of a phenomenon, in the shares above (stratified, then shuffled)."""
    out = []
    for lang, share in lang_shares(ph).items():
        out += [lang] * round(n * share)
    while len(out) < n:
        out.append(max(lang_shares(ph), key=lang_shares(ph).get))
    out = out[:n]
    r.shuffle(out)
    return out


def pick_kind(r, ph, lang):
    if ph == "check-char-apart":
        return "id_number"
    w = [50, 25, 25] if lang != "en" else [55, 15, 30]
    return r.choices(["phone", "id_number", "card"], w)[0]


def build(r, ph, lang, fmt):
    kind = None if ph in ("negative", "multi-number") else pick_kind(r, ph, lang)
    c = new_conv(r, lang, kind)
    nums = []
    if ph == "negative":
        variant = ph_negative(r, c)
    elif ph == "multi-number":
        combo = r.choice([["phone", "card"], ["phone", "id_number"], ["id_number", "card"], ["phone", "id_number", "card"],
                          ["id_number", "phone"], ["card", "phone"], ["phone", "phone"]])
        for k in combo:
            n = attach_voice(r, new_num(r, k, foreign_rate=0.1 if lang == "en" else 0.03), lang)
            nums.append(n)
        if combo == ["phone", "phone"]:
            nums[1].contact = True
        variant = ph_multi(r, c, nums)
    else:
        foreign = 0.15 if lang == "en" else 0.04
        cc = 0.12
        if ph in ("asr-chunks",):
            foreign, cc = 0.0, 0.0
        if ph == "correction":
            cc = 0.0
        ending = None
        if ph == "check-char-apart":
            ending = "X" if r.random() < 0.8 else "digit"
        num = attach_voice(r, new_num(r, kind, foreign_rate=foreign, cc_rate=cc, id_ending=ending), lang)
        nums.append(num)
        fn = {"plain": ph_plain, "interruption": ph_interruption, "correction": ph_correction, "filler": ph_filler,
              "continuation": ph_continuation, "check-char-apart": ph_checkchar, "readback": ph_readback,
              "glued-words": ph_glued, "asr-chunks": ph_asr_chunks}[ph]
        variant = fn(r, c, num)
    kinds = "+".join(KIND_OUT[n.kind] for n in nums) or "none"
    variant = ":".join([kinds] + [str(v) for v in variant])
    return c, nums, variant


def make_case(r, idx, ph, lang, fmt):
    for attempt in range(40):
        try:
            c, nums, variant = build(r, ph, lang, fmt)
        except Retry:
            continue
        case = {"id": f"holdout-{idx:04d}", "set": "holdout", "phenomenon": ph, "lang": lang, "format": fmt,
                "variant": variant}
        frag_map = []
        ok = True
        if fmt in ("text", "vtt"):
            text, spans = render_text(r, c) if fmt == "text" else render_vtt(r, c)
            labels = []
            for s, e, fr in spans:
                lab = {"start": s, "end": e, "kind": KIND_OUT[fr.kind], "last4_ok": fr.last4_ok}
                labels.append(lab)
                frag_map.append((lab, fr, text[s:e]))
                assert text[s:e] == fr.text
                if fr.last4_ok:
                    us = units(text[s:e])
                    if leaky_trap(us, us[0][1] == e - s) or readable(text[s:e]) <= 4:
                        ok = False
            unl = text
            for s, e, _ in sorted(spans, reverse=True):
                unl = unl[:s] + "\u2016" + unl[e:]
            if suspicious_runs(unl):
                ok = False
            if fmt == "text":
                case["text"] = text
            else:
                case["transcript_text"] = text
            case["spans"] = labels
            if ph == "negative" and readable(text) == 0:
                ok = False
        else:
            tr, ents, flat = render_asr(r, c)
            wl = tr["words"] if flat else None

            def word(k):
                return wl[k]["word"] if flat else tr["segments"][k[0]]["words"][k[1]]["word"]
            labels = []
            for fr, keys in ents:
                lab = {"kind": KIND_OUT[fr.kind], "last4_ok": fr.last4_ok, "words": keys}
                labels.append(lab)
                joined = " ".join(word(k) for k in keys).strip()
                frag_map.append((lab, fr, joined))
                if fr.last4_ok:
                    counts = [readable(word(k)) for k in keys]
                    if sum(counts) <= 4:
                        ok = False
            # unlabelled words must not hold a personal-looking number
            lab_keys = set(json.dumps(k) for _, keys in ents for k in keys)
            if flat:
                allk = list(range(len(wl)))
            else:
                allk = [[si, wi] for si, s in enumerate(tr["segments"]) for wi in range(len(s["words"]))]
            unl = "".join(word(k) if json.dumps(k) not in lab_keys else "\u2016" for k in allk)
            if suspicious_runs(unl):
                ok = False
            if ph == "negative" and readable("".join(word(k) for k in allk)) == 0:
                ok = False
            case["transcript"] = tr
            case["entities"] = labels
        if not ok:
            continue
        if ph != "negative":
            assert frag_map, case["id"]
        else:
            assert not frag_map
        check_case(case, frag_map, nums)
        return case
    raise AssertionError(f"could not build {idx} {ph} {lang} {fmt}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    r = random.Random(args.seed)
    jobs = []
    for ph, n in PLAN:
        for _ in range(n):
            jobs.append(ph)
    total = len(jobs)
    # formats: asr-chunks are ASR only; the rest spread to reach about 35 % text, 30 % vtt, 35 % asr-json
    n_asr = round(total * 0.35)
    n_vtt = round(total * 0.30)
    fixed_asr = sum(1 for j in jobs if j == "asr-chunks")
    others = [j for j in jobs if j != "asr-chunks"]
    fmts = ["asr-json"] * (n_asr - fixed_asr) + ["vtt"] * n_vtt
    fmts += ["text"] * (len(others) - len(fmts))
    r.shuffle(fmts)
    r.shuffle(others)
    plan = [(ph, f) for ph, f in zip(others, fmts)] + [("asr-chunks", "asr-json")] * fixed_asr
    r.shuffle(plan)
    langs = {ph: lang_plan(r, ph, n) for ph, n in PLAN}
    cases = []
    for i, (ph, fmt) in enumerate(plan, 1):
        lang = langs[ph].pop()
        cases.append(make_case(r, i, ph, lang, fmt))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for cs in cases:
            f.write(json.dumps(cs, ensure_ascii=False) + "\n")
    nfr = sum(len(cs.get("spans", cs.get("entities", []))) for cs in cases)
    print(f"wrote {len(cases)} cases, {nfr} labelled fragments to {os.path.relpath(args.out, ROOT)}")
    for key in ("phenomenon", "format", "lang"):
        cnt = Counter(cs[key] for cs in cases)
        print(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(cnt.items())))
    kinds = Counter(l["kind"] for cs in cases for l in cs.get("spans", cs.get("entities", [])))
    print("  fragments by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
