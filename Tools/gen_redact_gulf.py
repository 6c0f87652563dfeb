#!/usr/bin/env python3
"""Gulf: 400 whole call-centre conversations for `callvault redact`, written by a tenth independent author.

    Tools/gen_redact_gulf.py            # writes Tests/VaultRedactTests/Fixtures/conversations-gulf.jsonl
    Tools/gen_redact_gulf.py --stdout   # prints the cases instead of writing them

Provenance. The set ("gulf", --set gulf of Tools/eval_redact_conversations.py) was written from the
task description (issue #15) and the scorer (Tools/eval_redact_conversations.py, whose case schema
and labelling conventions it follows, and whose digit reader it imports to check itself) only: not
from the redactor's code, nor from the other authors' generators or fixtures (only their module
docstrings were read, to keep to the shared label conventions and to stay out of their domains).

Domains: call centres none of the other sets use: pet insurance, a veterinary clinic, hotel
reservations, a mobile-phone repair shop, pharmacy home delivery, home-loan (mortgage) servicing,
freight forwarding and customs brokerage, a dental clinic, elder-care services, cinema membership,
parking fines and recycling pick-up. Languages: Chinese (40 %), English (35 %), mixed Chinese/English
with code-switching (25 %). Formats: plain text (55 %: 坐席/客户, 客服/来电人, Agent/Customer,
Rep/Caller, A/B, SPEAKER_00 ..., with and without [00:01:02] / 00:01:02 timestamps, some with no
labels at all), WebVTT (15 %, several cue-payload styles) and ASR JSON (30 %: flat `words` with or
without speakers, and Whisper-style `segments` with `words`; ITN digit chunks spread over tokens,
Chinese numerals mixed with Arabic chunks, a number cut over two segments).

Phenomena (one per case, as the scorer counts them): plain, interruption (back-channel, question or
echo of the other party on its own line; also an agent's read-back interrupted by the caller),
continuation (same speaker, next line / cue / segment), correction (abandoned prefixes, restarts,
complete wrong versions followed by the corrected group), filler (呃 / 嗯 / 那个 / um / uh, often
several), asr-chunks, readback (full, last four, first group, misheard digit failing the check),
check-char-apart (……末尾是X / the last character is X), glued-words (twotwo, fiveeight),
multi-number (several numbers and look-alikes side by side) and negative (look-alikes only).

Labels (scorer conventions, as in the tide set): every piece of a PRC ID number (18 characters,
valid MOD 11-2 check character, X sometimes), bank card number (16-19 digits, valid Luhn) or PRC
mobile number (11 digits, 13x-19x) said by anybody is one fragment of its kind: pieces around an
interruption, pieces continued on the next line, abandoned prefixes and wrong versions, read-backs
and echoes, an ID's check character said apart. A fragment runs from its first to its last
digit-bearing word (a "double"/"triple" is never its first word) and includes the separators and
fillers inside it; in asr-json it is the list of those words (one list across a Whisper segment cut
inside a number; in text and WebVTT, where a span holds no line break, such a cut is two lines and
two fragments). `last4_ok` is set exactly on phone fragments that end at the 11th digit of the
number or of a wrong version of it (the whole number, its last piece, a read-back of the last four,
a misheard read-back, a wrong version or a corrected last group); never on ID or card fragments,
abandoned prefixes or middle pieces. No "double"/"triple" is said within the last five digits of a
phone fragment that has last4_ok.

Hard negatives (phenomenon "negative": no fragment) and the unlabelled digits of every case (booking,
order, claim, policy, job, loan, waybill, declaration, penalty-notice numbers, microchip numbers,
organisations' landlines and 400/800/0800 hotlines with extensions, postcodes, amounts, dates,
times, flights and trains, verification and pick-up codes, rooms, seats, weights, counts, long
references spelled in English words or Chinese numerals, after no ID or card context word) are
checked with the scorer's own digit reader: digit runs (joined across spaces, punctuation such as
- . , ， 、 : / brackets, line breaks and fillers) have no 11-digit window starting 13-19, no 13-19
digit window passing Luhn and no 18-character window passing MOD 11-2, read with and without
"double"/"triple" expanded; a case is drawn again until none has. Organisations' landlines appear
only as the organisation's line, never as a caller's own number.

Checks at generation (any failure aborts): every number valid; every fragment's text (or words)
reads back exactly the digits it was built from; offsets and word indices match; spans hold no
line break and no outer white space; last4_ok as above; no unlabelled window validates; the
scorer's structure check and its oracle / keep-last-4 redactors give recall 1 and precision 1.

Deterministic: each case draws from its own random.Random seeded from its index (and a redraw
counter); two runs write identical bytes.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-gulf.jsonl")
SET = "gulf"
N_CASES = 400
SEED = 0x6A1F_2025

sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: digit reader, structure check, oracles)


class GenError(Exception):
    """A case that violates a check: drawn again (or, at the end, an abort)."""


# ============================================================================================
# Valid numbers
# ============================================================================================

ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_C = "10X98765432"


def id_check(body17):
    return ID_C[sum(int(c) * w for c, w in zip(body17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


def luhn_valid(s):
    if not s.isdigit():
        return False
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def phone_valid(s):
    return len(s) == 11 and s.isdigit() and s[0] == "1" and s[1] in "3456789"


REGIONS = ["110101", "110105", "110108", "120103", "130102", "140105", "150102", "210102", "220104",
           "230103", "310101", "310104", "310115", "320102", "320583", "330102", "330106", "340104",
           "350203", "360102", "370102", "370202", "410105", "420106", "430104", "440106", "440305",
           "450103", "460105", "500103", "510107", "520102", "530102", "610113", "620102", "650102"]
CARD_BINS = ["622202", "621226", "622848", "621700", "436742", "621661", "622262", "622588", "621483",
             "622690", "622521", "622908", "625807", "628288", "621799", "623668"]
PHONE_PRE = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
             "151", "152", "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176",
             "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
             "193", "195", "196", "197", "198", "199"]


def gen_id(rng, want_x=None):
    while True:
        y = rng.randint(1944, 2006)
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        body = f"{rng.choice(REGIONS)}{y}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
        c = id_check(body)
        if want_x is True and c != "X":
            continue
        if want_x is False and c == "X":
            continue
        return body + c


def gen_card(rng):
    n = rng.choices([16, 17, 18, 19], [50, 4, 6, 40])[0]
    body = rng.choice(CARD_BINS) + "".join(rng.choice("0123456789") for _ in range(n - 7))
    for c in "0123456789":
        if luhn_valid(body + c):
            return body + c
    raise AssertionError


def gen_phone(rng):
    return rng.choice(PHONE_PRE) + "".join(rng.choice("0123456789") for _ in range(8))


def number_valid(kind, s):
    return {"id_number": id_valid, "bank_card": lambda x: 16 <= len(x) <= 19 and luhn_valid(x),
            "phone": phone_valid}[kind](s)


# ============================================================================================
# Look-alike safety: windows over digit runs
# ============================================================================================

def run_violation(ds):
    """What a digit string (digits and X) would be mistaken for, or None."""
    n = len(ds)
    for i in range(n - 10):
        if ds[i] == "1" and ds[i + 1] in "3456789" and ds[i:i + 11].isdigit():
            return f"mobile-shaped window {ds[i:i + 11]}"
    for ln in range(13, 20):
        for i in range(n - ln + 1):
            w = ds[i:i + ln]
            if luhn_valid(w):
                return f"Luhn-valid window {w}"
    for i in range(n - 17):
        w = ds[i:i + 18]
        if w[:17].isdigit() and id_check(w[:17]) == w[17]:
            return f"MOD 11-2-valid window {w}"
    return None


def safe_run(rng, n, lead=""):
    """n digits (starting with lead) none of whose windows validates as a phone, card or ID."""
    for _ in range(200):
        ds = lead
        while len(ds) < n:
            cands = list("0123456789")
            rng.shuffle(cands)
            for c in cands:
                if run_violation(ds + c) is None:
                    ds += c
                    break
            else:
                break
        if len(ds) == n:
            return ds
    raise GenError("cannot draw a safe run")


SEP_RE = re.compile(r"^(?:[\s\-–—.,，、·/:：()（）\[\]…]|呃|嗯|那个|啊|um|uh|er|double|triple|and)*$", re.I)
MULT_RE = re.compile(r"(?<![A-Za-z])(double|triple)(?![A-Za-z])", re.I)
CONTEXT_WORDS = ["身份证", "证件", "卡号", "银行卡", "信用卡", "借记卡", "card", "Card", "CARD", "ID", "id number"]


def units_expanded(s):
    """The scorer's reading units, with 'double'/'triple' expanded onto the next unit."""
    us = ev.read_units(s)
    mults = [(m.end(), 2 if m.group(1).lower() == "double" else 3) for m in MULT_RE.finditer(s)]
    res = []
    for (a, b, cnt, ds) in us:
        for (me, k) in mults:
            if me <= a and s[me:a].strip(" ,-") == "":
                ds = ds[0] * k + ds[1:]
                break
        res.append((a, b, cnt, ds))
    return res


def spoken_digits(s):
    return "".join(u[3] for u in units_expanded(s))


def digit_runs(s, expand):
    us = units_expanded(s) if expand else ev.read_units(s)
    runs = []
    last_end = None
    for (a, b, _, ds) in us:
        if runs and SEP_RE.match(s[last_end:a]):
            runs[-1][1] += ds
        else:
            runs.append([a, ds])
        last_end = b
    return runs


def check_unlabelled(s, numbers):
    """s: the case's text with every labelled fragment replaced by a breaker."""
    for expand in (False, True):
        for start, ds in digit_runs(s, expand):
            v = run_violation(ds)
            if v:
                raise GenError(f"unlabelled {v} near {s[max(0, start - 20):start + 40]!r}")
            if len(ds) >= 12:
                before = s[max(0, start - 60):start]
                if any(w in before for w in CONTEXT_WORDS):
                    raise GenError(f"long unlabelled run after a context word: {before!r}")
            if len(ds) >= 5:
                for num in numbers:
                    if ds in num:
                        raise GenError(f"unlabelled run {ds} is a piece of a labelled number")


# ============================================================================================
# Saying digits
# ============================================================================================

D, S, F, M, B = "d", "s", "f", "m", "b"  # digit-bearing, separator, filler, multiplier, segment cut
CN_D = dict(zip("0123456789", "零一二三四五六七八九"))
EN_D = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
        "7": "seven", "8": "eight", "9": "nine"}
FW_D = {c: chr(0xFF10 + int(c)) for c in "0123456789"}
FW_D["X"] = "Ｘ"

ZH_FILL = [("，", "呃", "，"), ("", "呃", ""), ("……", "嗯", "……"), ("，", "那个", "，"), (" ", "呃", " "),
           ("，", "嗯……", ""), ("", "啊", "，"), ("……", "那个", ""), ("，", "呃……", "")]
EN_FILL = [(", ", "um", ", "), (" ", "uh", " "), ("... ", "er", "... "), (", ", "uh, let me see", "... "),
           (" ", "um", " "), ("... ", "hmm", ", "), (", ", "uh", " ")]


class Frag:
    def __init__(self, kind, toks, ds, a, b, role, wrong=False):
        while toks and toks[0][1] != D:
            toks = toks[1:]
        while toks and toks[-1][1] != D:
            toks = toks[:-1]
        self.kind, self.toks, self.ds, self.a, self.b = kind, toks, ds, a, b
        self.role, self.wrong = role, wrong
        self.last4_ok = kind == "phone" and b == 11

    def text(self):
        return "".join(t[0] for t in self.toks if t[1] != B)


class Num:
    def __init__(self, kind, digits):
        assert number_valid(kind, digits), (kind, digits)
        self.kind, self.digits = kind, digits


CANON = {"phone": [3, 7], "id_number": [6, 14], "bank_card": [4, 8, 12, 16]}
ALT = {"phone": [[3], [7], [3, 7], [], [3, 7]], "id_number": [[6, 10, 14], [6], [3, 6, 10, 14], [], [6, 14]],
       "bank_card": [[6], [4, 8, 12, 16], [], [4, 8, 12, 16]]}


class Ctx:
    """One case being written: its random source, language, format and the per-call habits."""

    def __init__(self, rng, lang, fmt, phen, dom):
        self.rng, self.lang, self.fmt, self.phen, self.dom = rng, lang, fmt, phen, dom
        self.yao = rng.random() < 0.65          # 1 said 幺 in phone numbers
        self.pad = rng.random() < 0.4           # spaces around Arabic numbers in Chinese
        self.zero = "oh" if rng.random() < 0.65 else "zero"
        self.sep_pref = rng.random()
        self.numbers = []
        self.cur = rng.choice([("£", "pounds"), ("$", "dollars"), ("£", "pounds")])
        self.used = set()

    # --- picking
    def r(self):
        return self.rng.random()

    def choice(self, seq):
        return self.rng.choice(seq)

    def ph(self, bank):
        """A phrase of a bank {'zh': [...], 'en': [...], 'mx': [...]} in this case's language."""
        if self.lang == "en":
            return self.choice(bank["en"])
        if self.lang == "zh":
            return self.choice(bank["zh"])
        if "mx" in bank and (self.r() < 0.6 or "zh" not in bank):
            return self.choice(bank["mx"])
        return codeswitch(self, self.choice(bank["zh"]))

    # --- numbers
    def new(self, kind, want_x=None):
        for _ in range(100):
            if kind == "phone":
                d = gen_phone(self.rng)
            elif kind == "bank_card":
                d = gen_card(self.rng)
            else:
                d = gen_id(self.rng, want_x if want_x is not None else (True if self.r() < 0.2 else None))
            if all(d[:5] not in n.digits for n in self.numbers):
                n = Num(kind, d)
                self.numbers.append(n)
                return n
        raise GenError("cannot draw a distinct number")

    def style(self, kind):
        w = {"zh": [("ar", 48), ("cn", 30), ("mix", 10), ("fw", 12)],
             "en": [("ar", 50), ("en", 50)],
             "mixed": [("ar", 45), ("en", 25), ("cn", 15), ("fw", 7), ("mix", 8)]}[self.lang]
        if self.fmt == "asr-json":
            w = {"zh": [("ar", 45), ("chunks", 30), ("cn", 25)], "en": [("ar", 45), ("en", 40), ("chunks", 15)],
                 "mixed": [("ar", 40), ("chunks", 25), ("en", 20), ("cn", 15)]}[self.lang]
        names, weights = zip(*w)
        return self.rng.choices(names, weights)[0]

    def bounds(self, kind, n):
        if self.r() < 0.6:
            b = CANON[kind]
        else:
            b = self.choice(ALT[kind])
        return [x for x in b if 0 < x < n]

    def group_sep(self, how):
        if how in ("en", "glue"):
            return self.choice([", ", " ", ", ", "... ", " - "]) if self.sep_pref < 0.8 else " "
        if self.lang == "en":
            return self.choice([" ", " ", "-", " - ", ", "])
        if how == "cn":
            return self.choice(["", "，", " ", "、", "，"])
        return self.choice(["", " ", " ", "-", "，", " "])

    def piece(self, num, a, b, how=None, fill=0, wrong=None, role="said", bounds=None, cut=None, xtext=None):
        """A fragment saying num.digits[a:b] (or wrong[a:b])."""
        src = wrong if wrong is not None else num.digits
        digits = src[a:b]
        how = how or self.style(num.kind)
        if how in ("en", "glue") and self.lang == "zh":
            how = "ar"
        bl = bounds if bounds is not None else self.bounds(num.kind, len(num.digits))
        cuts = [x - a for x in bl if a < x < b] if b - a > 4 else []
        nomult = {0}
        if num.kind == "phone" and b == 11:
            nomult |= set(range(max(0, 6 - a), len(digits)))
        sep = self.group_sep(how)
        toks = []
        if how == "chunks":
            toks = self.say_chunks(num.kind, digits, cut)
        else:
            groups, prev = [], 0
            for x in cuts + [len(digits)]:
                groups.append((prev, digits[prev:x]))
                prev = x
            for gi, (off, g) in enumerate(groups):
                if gi:
                    toks.append((sep, S, ""))
                gh = how
                if how == "mix":
                    gh = self.choice(["ar", "cn"])
                toks += self.say_group(num.kind, g, gh, off, nomult, xtext)
            if how == "glue":
                toks = self.glue(toks)
        if fill:
            toks = self.add_fillers(toks, fill, how)
        f = Frag(num.kind, toks, digits, a, b, role, wrong=wrong is not None)
        return f

    def xword(self, how):
        if how == "fw":
            return "Ｘ"
        if how == "cn":
            return self.choice(["叉", "X", "叉"])
        if how in ("en", "glue"):
            return self.choice(["X", "X", "x"])
        return self.choice(["X", "X", "x"])

    def cn_digit(self, kind, ch):
        if ch == "1":
            return "幺" if (kind == "phone" and self.yao) or (kind != "phone" and self.r() < 0.08) else "一"
        if ch == "2" and kind == "phone" and self.r() < 0.04:
            return "两"
        if ch == "0" and self.r() < 0.05:
            return "〇"
        return CN_D[ch]

    def say_group(self, kind, g, how, off, nomult, xtext):
        def xt():
            return xtext or self.xword(how)
        if how == "ar":
            return [(g.replace("X", xt()) if "X" in g else g, D, g)]
        if how == "fw":
            return [("".join(FW_D[c] for c in g), D, g)]
        if how == "cn":
            return [("".join(xt() if c == "X" else self.cn_digit(kind, c) for c in g), D, g)]
        # English words
        toks = []
        i = 0
        while i < len(g):
            ch = g[i]
            if toks:
                toks.append((" ", S, ""))
            if ch == "X":
                toks.append((xt(), D, "X"))
                i += 1
                continue
            run = 1
            while i + run < len(g) and g[i + run] == ch and run < 3:
                run += 1
            if run >= 2 and how == "en" and not any(off + j in nomult for j in range(i, i + run)) and self.r() < 0.6:
                toks += [("double" if run == 2 else "triple", M, ""), (" ", S, ""), (self.en_digit(ch), D, ch * run)]
                i += run
            else:
                toks.append((self.en_digit(ch), D, ch))
                i += 1
        return toks

    def en_digit(self, ch):
        if ch == "0":
            return self.zero if self.r() < 0.85 else ("zero" if self.zero == "oh" else "oh")
        return EN_D[ch]

    def glue(self, toks):
        idx = [i for i in range(1, len(toks) - 1) if toks[i] == (" ", S, "") and toks[i - 1][1] == D
               and toks[i + 1][1] == D and toks[i - 1][2] != "X" and toks[i + 1][2] != "X"]
        k = min(len(idx), self.rng.choice([1, 2, 2, 3, 4]))
        chosen = sorted(self.rng.sample(idx, k)) if k else []
        # merge from the right so indices stay valid; skip overlaps
        last = None
        for i in reversed(chosen):
            if last is not None and i + 2 >= last:
                continue
            a, c = toks[i - 1], toks[i + 1]
            toks[i - 1:i + 2] = [(a[0] + c[0], D, a[2] + c[2])]
            last = i
        return toks

    def say_chunks(self, kind, digits, cut):
        """ASR-like inverse-text-normalised chunks: `136` `040` `1` `8147`, `188` `八` `九` ..."""
        toks = []
        i = 0
        n = len(digits)
        while i < n:
            size = self.rng.choice([1, 1, 2, 3, 3, 4, 4, 5, 6])
            if cut is not None and i < cut < i + size:
                size = cut - i
            ch = digits[i:i + size]
            if toks:
                if cut is not None and i == cut:
                    toks.append(("", B, ""))
                else:
                    toks.append((" ", S, ""))
            mode = self.r()
            if self.lang == "en":
                if mode < 0.7 or "X" in ch:
                    toks.append((ch.replace("X", self.xword("ar")), D, ch))
                else:
                    for j, c in enumerate(ch):
                        if j:
                            toks.append((" ", S, ""))
                        toks.append((self.en_digit(c), D, c))
            else:
                if mode < 0.55:
                    toks.append((ch.replace("X", self.xword("ar")), D, ch))
                elif mode < 0.8 or len(ch) > 3:
                    toks.append(("".join("叉" if c == "X" else self.cn_digit(kind, c) for c in ch), D, ch))
                else:
                    for j, c in enumerate(ch):
                        if j:
                            toks.append((" ", S, ""))
                        toks.append(("叉" if c == "X" else self.cn_digit(kind, c), D, c))
            i += size
        return toks

    def add_fillers(self, toks, k, how):
        bank = EN_FILL if (self.lang == "en" or how in ("en", "glue") or
                           (self.lang == "mixed" and self.r() < 0.3)) else ZH_FILL
        for _ in range(k):
            slots = [i for i in range(1, len(toks)) if toks[i - 1][1] == D and toks[i][1] in (S, D)
                     and (toks[i][1] == D or (i + 1 < len(toks) and toks[i + 1][1] in (D, M)))]
            seps = [i for i in slots if toks[i][1] == S and toks[i][0].strip() not in ("",)]
            grp = [i for i in slots if toks[i][1] == S]
            pool = seps or grp or slots
            if not pool:
                break
            i = self.rng.choice(pool)
            pre, fw, post = self.rng.choice(bank)
            rep = [(pre, S, ""), (fw, F, ""), (post, S, "")]
            if toks[i][1] == S:
                toks[i:i + 1] = rep
            else:
                toks[i:i] = rep
        return [t for t in toks if not (t[1] == S and t[0] == "")]


# ============================================================================================
# Lines and phrase banks
# ============================================================================================

def cap(s):
    return s[:1].upper() + s[1:] if s[:1].isascii() else s


class Line:
    def __init__(self, spk, items, cont=False):
        self.spk, self.items, self.cont = spk, [x for x in items if x != ""], cont


CODESWITCH = [("好的", "OK"), ("没问题", "no problem"), ("确认一下", "confirm 一下"), ("确认", "confirm"),
              ("预约", "booking"), ("订单", "order"), ("会员", "member"), ("账户", "account"),
              ("发票", "invoice"), ("退款", "refund"), ("谢谢", "thanks"), ("稍等", "hold on"),
              ("地址", "address"), ("系统", "system"), ("保单", "policy"), ("理赔编号", "claim 编号"), ("申请理赔", "申请 claim"),
              ("手机号", "phone number"), ("身份证号", "ID number"), ("银行卡号", "card number"),
              ("卡号", "card number"), ("验证码", "code"), ("邮箱", "email"), ("对吗", "right"),
              ("账单", "bill"), ("积分", "points"), ("取消", "cancel"), ("时间", "time"), ("明白", "got it")]


def codeswitch(c, s):
    out = s
    done = False
    for zh, en in CODESWITCH:
        if zh in out and c.r() < 0.55:
            rep = ((" " if en[0].isascii() else "") + en + (" " if en[-1].isascii() else "")) if c.pad else en
            out = out.replace(zh, rep, 1)
            done = True
    if not done and len(out) >= 8 and re.match(r"[\u4e00-\u9fff]", out) and c.r() < 0.4:
        out = c.choice(["OK，", "嗯，", "So，"]) + out
    out = re.sub(r" +", " ", out).strip()
    out = re.sub(r" ([，。？！])", r"\1", out)
    return out


GREET = {"zh": ["您好，{org}，请问有什么可以帮您？", "{org}客服中心，您好，我是小{zname}。",
                "您好，这里是{org}，工号{wk}为您服务。", "喂，您好，{org}。", "您好，{org}，很高兴为您服务。"],
         "en": ["Good morning, {org}, how can I help?", "Thanks for calling {org}, you're speaking with {ename}.",
                "{org}, {ename} speaking.", "Hello, {org}, this is {ename}. How can I help you today?",
                "Hi there, you've reached {org}. What can I do for you?"],
         "mx": ["Hello，{org}，请问有什么可以帮您？", "您好，{org}，I'm {ename}，有什么可以帮您？",
                "Hi，这里是{org}，工号{wk}。"]}
ZNAMES = ["王", "李", "陈", "周", "林", "赵", "孙", "何", "高", "马"]
ENAMES = ["Priya", "Tom", "Megan", "Daniel", "Grace", "Ahmed", "Lucy", "Sam", "Hannah", "Marcus"]

ASK = {
    "phone": {"zh": ["请问您的手机号码是多少？", "方便留一个手机号吗？", "麻烦报一下您预留的手机号。",
                     "您登记的联系电话是？手机号就行。", "给个能联系到您的手机号吧。", "{who}手机号多少？"],
              "en": ["What's your mobile number?", "Can I take a mobile number for you?",
                     "Could you confirm the mobile number on the account?", "What's the best mobile to text you on?",
                     "And {who} mobile number?"],
              "mx": ["您的 phone number 是多少？", "留个 mobile 给我们吧。", "方便给个手机号吗？we'll text you。",
                     "Mobile number 报一下？"]},
    "id_number": {"zh": ["麻烦报一下{who}身份证号码。", "请提供一下{who}身份证号，我核实一下。",
                         "证件号码是多少？身份证就行。", "需要登记{who}身份证号，您念一下。"],
                  "en": ["Could you read me {who} ID number?", "I'll need {who} resident ID number for the registration.",
                         "Can you give me {who} ID card number, please?", "For security, what's {who} ID number?"],
                  "mx": ["麻烦报一下 ID number，身份证上的。", "需要{who}身份证号 for verification。",
                         "ID card 号码念一下？"]},
    "bank_card": {"zh": ["请报一下银行卡号。", "用哪张卡？卡号念一下。", "麻烦说一下要绑定的银行卡号。",
                         "退款到哪张卡上？卡号多少？", "扣款的银行卡卡号是？"],
                  "en": ["Which card would you like to use? Read me the long number, please.", "Can I take the card number?",
                         "Which card should we use? The long number, please.", "Please read out the number on the front of the card."],
                  "mx": ["card number 报一下？", "用哪张卡 pay？卡号多少？", "绑定的 debit card 卡号是？"]},
}
ASK_SHORT = {
    "phone": {"zh": ["留个手机号吧。", "麻烦报一下{who}手机号。", "手机号多少？"],
              "en": ["could I take {who} mobile number?", "what's {who} mobile number?"],
              "mx": ["phone number 报一下？", "留个 mobile 吧。"]},
    "id_number": {"zh": ["麻烦报一下{who}身份证号码。", "身份证号念一下？"],
                  "en": ["could you read me {who} ID number?", "what's {who} ID number?"],
                  "mx": ["ID number 报一下？", "身份证号 read 一下？"]},
    "bank_card": {"zh": ["卡号报一下。", "麻烦说一下卡号。"],
                  "en": ["could I take the card number?", "what's the long number on the card?"],
                  "mx": ["card number 报一下？", "卡号 read 一下？"]},
}
WHO = {"zh": ["", "您的", "您"], "en": ["your", "your"]}
GIVE_PRE = {
    "phone": {"zh": ["我手机是", "手机号", "号码是", "是", "嗯，是", "您记一下，", "好，"],
              "en": ["It's ", "Sure, it's ", "My mobile is ", "Yeah, ", "OK, it's ", "That'd be "],
              "mx": ["我的 number 是", "OK，是", "mobile 是", "嗯，是"]},
    "id_number": {"zh": ["身份证号是", "我身份证是", "是", "您记下，", "好的，"],
                  "en": ["It's ", "My ID number is ", "Right, it's ", "OK, "],
                  "mx": ["ID number 是", "身份证是", "OK，"]},
    "bank_card": {"zh": ["卡号是", "是", "卡号您记一下，", "储蓄卡，", "好，"],
                  "en": ["It's ", "The card number is ", "OK, ready? ", "Sure. "],
                  "mx": ["card number 是", "卡号是", "OK，"]},
}
GIVE_POST = {"zh": ["。", "。", "，就这个。", "。", "，对。"], "en": [".", ".", ", that's it.", "."],
             "mx": ["。", "，that's it。", "。"]}
ACK = {"zh": ["好的，记下了。", "好的。", "收到。", "嗯，好的。", "行，我登记一下。"],
       "en": ["Great, thanks.", "Got it.", "Thank you.", "Lovely.", "Perfect."],
       "mx": ["OK，记下了。", "好的，got it。", "Thanks，收到。"]}
BACKCH = {"zh": ["嗯。", "嗯嗯。", "好，您继续。", "对，您说。", "嗯，然后呢？", "好的。", "在听，您说。",
                 "稍等我记一下……好，您继续。", "后面呢？", "嗯，记着呢。"],
          "en": ["Mm-hm.", "Uh-huh.", "Yep, go on.", "Okay.", "Got it, keep going.", "Sorry, and after that?",
                 "Right.", "Yes?", "Go ahead.", "Sorry, you cut out there. Go on?"],
          "mx": ["嗯，OK。", "OK，继续。", "Go on。", "嗯，然后呢？", "Right，后面呢？"]}
QUESTION = {"zh": ["是您本人的号码吗？", "您是念身份证上的吧？", "不好意思，刚才没听清，您接着说。", "是储蓄卡对吧？",
                   "您慢点说，我这边在记。"],
            "en": ["Is that your own number?", "Sorry, is that from the card itself?", "Sorry, could you slow down a little?",
                   "Is this the number on the account?"],
            "mx": ["是您本人的 number 吗？", "Sorry，慢一点？", "是 debit card 吧？"]}
CONT_PRE = {"zh": ["", "然后是", "后面是", "接着是", "嗯，", "对，"], "en": ["", "then ", "and then ", "after that ", "yeah, "],
            "mx": ["", "然后", "and then ", "后面是"]}
CORR = {"zh": ["哦不是，", "不对不对，", "啊说错了，", "嗯……不对，是", "错了错了，", "不对，我看错行了，", "说错了，应该是"],
        "en": ["sorry, no wait, ", "hang on, that's wrong. It's ", "wait, scratch that, it's ", "sorry, I mixed it up, it's ",
               "no, that's not right. "],
        "mx": ["哦不对，sorry，", "wait，不是，", "说错了，sorry，是", "sorry 说错了，是"]}
RESTART = {"zh": ["等一下，重新说一下，", "不好意思，我重说，", "我从头说吧，", "太快了，我重新说一下，"],
           "en": ["sorry, let me start again: ", "no no, let me start again. ", "let me say that again, slowly: ",
                  "sorry, from the top: "],
           "mx": ["Sorry，let me start again，", "我重新说一下，", "wait，从头说，"]}
BREAK = {"zh": ["，", "……", "", "，"], "en": ["... ", ", ", " - ", "... "], "mx": ["，", "……", "... "]}
RB_FULL = {"zh": ["跟您确认一下，{n}，对吗？", "我复述一遍：{n}，没错吧？", "所以是{n}？", "{n}，是这个吧？"],
           "en": ["Let me read that back: {n}. Is that right?", "So that's {n}?", "I have {n}, correct?",
                  "Just to confirm, {n}?"],
           "mx": ["Confirm 一下，{n}，对吗？", "So 是{n}？", "我 read back 一下：{n}，right？"]}
RB_LAST = {"zh": ["尾号{n}对吧？", "末四位{n}，没错吧？", "尾号是{n}的那个？", "最后是{n}？"],
           "en": ["Ending in {n}?", "And it ends {n}, yes?", "That's the one ending {n}?"],
           "mx": ["尾号{n}，right？", "Ending {n} 对吧？"]}
RB_FIRST = {"zh": ["开头是{n}，对吗？", "{n}开头的？", "前面是{n}？"], "en": ["Starting {n}, right?", "It starts {n}?"],
            "mx": ["{n}开头，right？", "Starting {n} 对吧？"]}
YES = {"zh": ["对。", "对的，没错。", "嗯，是的。", "没错。"], "en": ["Yes, that's right.", "Correct.", "Yep.", "That's it."],
       "mx": ["对，correct。", "Yes，没错。", "嗯，对。"]}
NO_PRE = {"zh": ["不对，是", "不是，应该是", "错了，是", "不对不对，"], "en": ["No, it's ", "Not quite, it's ", "No, sorry, it's "],
          "mx": ["No，是", "不对，应该是", "Not quite，是"]}
NOT_THAT = {"zh": ["，不是", "，不是"], "en": [", not ", ", not "], "mx": ["，不是", ", not "]}
XAPART = {"zh": ["，最后是{x}", "……末尾是{x}", "，最后一位是{x}", "，末位是个{x}", "，最后是大写的{x}"],
          "en": [", and the last character is {x}", " ... then {x} at the end", ", and it ends with an {x}",
                 ", last one is {x}"],
          "mx": ["，最后是{x}", "，last character 是{x}", "……末尾是{x}"]}
DAPART = {"zh": ["，最后一位是{x}", "……最后是{x}"], "en": [", and the last digit is {x}", " ... and then {x} at the end"],
          "mx": ["，最后一位是{x}", "，last digit 是{x}"]}
DANS = {"zh": ["{x}。", "是{x}。"], "en": ["{x}.", "It's {x}."], "mx": ["{x}。", "是{x}。"]}
XASK = {"zh": ["最后一位呢？", "最后那个是？", "末位呢？"], "en": ["And the last character?", "And the final one?",
                                                          "What's the last character?"],
        "mx": ["最后一位呢？", "And the last one？"]}
XANS = {"zh": ["{x}。", "是{x}。", "字母{x}。", "{x}，大写的。"], "en": ["{x}.", "It's an {x}.", "{x}, the letter."],
        "mx": ["{x}。", "是 letter {x}。"]}
CLOSE_A = {"zh": ["好的，还有其他问题吗？", "那就先这样，感谢您的来电。", "已经帮您登记好了，请保持电话畅通。",
                  "稍后会有短信通知，请留意。"],
           "en": ["Is there anything else I can help with?", "That's all sorted. Thanks for calling.",
                  "You'll get a confirmation shortly.", "All done on my side."],
           "mx": ["OK，还有别的问题吗？", "好的，已经 update 了，thanks。"]}
CLOSE_C = {"zh": ["没有了，谢谢。", "好的，拜拜。", "行，麻烦你了。", "好，谢谢啊。"],
           "en": ["No, that's everything, thanks.", "Great, thanks, bye.", "Cheers.", "That's all, thank you."],
           "mx": ["没有了，thanks。", "OK，拜拜。", "好，thank you。"]}
DECLINE = {"zh": [("需要更新一下联系电话吗？", "不用，还是系统里那个。"), ("要不要留个身份证号登记？", "这个下次去门店再说吧。"),
                  ("卡号需要重新绑定吗？", "先不用，我自己在小程序上弄。")],
           "en": [("Would you like to update your mobile number?", "No, the number you have is fine."),
                  ("Do you want to give me a card number now?", "I'd rather pay online, thanks."),
                  ("Should I take your ID number for the file?", "I'll bring the card in person instead.")],
           "mx": [("要 update 一下手机号吗？", "不用，系统里那个就 OK。"), ("Card number 现在给我吗？", "我 online 付就行。")]}

# Spelled references (look-alikes said digit by digit), no ID / card context word before them.
SPELLED = {"en": [("A", "Your reference number is {words12}."), ("A", "The booking code is {words10}."),
                  ("C", "Let me read you the order number: {words14}."), ("A", "The tracking number reads {words16}."),
                  ("C", "The number on the letter is {words13}."), ("A", "I'll give you a case reference: {words15}.")],
           "zh": [("A", "您的受理编号是{cnref12}。"), ("C", "单子上写的编号是{cnref10}。"), ("A", "工单号我念一下：{cnref14}。")],
           "mx": [("A", "您的 reference number 是{words12}。"), ("A", "受理编号是{cnref12}，记一下。"),
                  ("C", "我这个 order number 是{words14}。")]}


# --- domains: name, organisations, purposes, ask context, who-words, kind weights, look-alike lines
DOMAINS = {
    "pet_insurance": {
        "org": {"zh": ["安宠宠物保险", "毛孩子保险服务中心"], "en": ["PawSure Pet Insurance", "Whiskers & Tails Cover"]},
        "purpose": {"zh": ["我家狗上周做了手术，想申请理赔。", "我想给我家猫买一份医疗险。", "我的宠物保单要续保，扣款好像失败了。",
                           "想问一下理赔进度，材料上周就交了。"],
                    "en": ["My dog had surgery last week and I'd like to make a claim.",
                           "I'm calling about renewing my cat's policy; the payment bounced.",
                           "I want to add my new puppy to my policy.", "I'm chasing a claim I sent in a while ago."]},
        "kinds": {"id_number": 3, "bank_card": 3, "phone": 3},
        "who": {"zh": ["投保人的", "您的"], "en": ["the policyholder's", "your"]},
        "ctx": {"id_number": ("核实投保人身份，", "To verify the policyholder, "), "bank_card": ("理赔款要打到卡上，", "So we can pay the claim, "), "phone": ("理赔员会联系您，", "The claims handler will call you, so ")},
        "lines": {"zh": [("C", "我家是{cnum}岁的英短，去年{date}打的疫苗。"), ("A", "这份保单年保费{amt}，免赔额{amt}。"), ("A", "理赔材料请发到邮箱，附上病历第{cnt}页。"),
                         ("A", "您的保单号是PX{ref10}，保额{bigamt}。"), ("A", "这次的理赔编号是{ref9}，预计{date}前审核完。"),
                         ("A", "芯片号{chip15}我这边查到了，是那只柯基对吧？"), ("C", "手术费一共{amt}，发票日期是{date}。"),
                         ("C", "它今年{cnt}岁了，体重{kg}。"), ("A", "等待期是{cnt}天，{date}之后生效。")],
                  "en": [("C", "He's a {cnt}-year-old spaniel, vaccinated on {date}."), ("A", "The annual premium is {amt} and the excess is {amt}."), ("A", "Please send page {cnt} of the clinical notes with the form."),
                         ("A", "Your policy number is PW-{ref8}, with an excess of {amt}."),
                         ("A", "The claim reference is {ref9}; we should decide by {date}."),
                         ("A", "I can see microchip {chip15} on file, that's Biscuit, isn't it?"),
                         ("C", "The vet bill came to {amt}, dated {date}."), ("C", "She's {cntw} years old and weighs {kg}."),
                         ("A", "Cover starts on {date} after a {cnt}-day waiting period.")]}},
    "vet_clinic": {
        "org": {"zh": ["康贝动物医院", "友邻宠物诊所"], "en": ["Riverside Vets", "Maple Animal Hospital"]},
        "purpose": {"zh": ["我想给猫约个绝育手术。", "我家狗今天一直吐，能不能今天看？", "上次打的疫苗要补第二针。", "想问下化验结果出来没有。"],
                    "en": ["I'd like to book my cat in for a dental clean.", "My dog's been limping since yesterday, can you see him today?",
                           "He's due his booster vaccination.", "I'm calling for the blood test results."]},
        "kinds": {"phone": 6, "bank_card": 2, "id_number": 1},
        "who": {"zh": ["您的", "主人的"], "en": ["your", "the owner's"]},
        "ctx": {"phone": ("方便医生回电，", "So the vet can call you back, "), "bank_card": ("押金要预授权，", "For the deposit, "), "id_number": ("建档需要，", "To set up the record, ")},
        "lines": {"zh": [("A", "疫苗批号{ref8}，下一针{date}。"), ("C", "它这{cnt}天只吃了一点点。"), ("A", "化验费{amt}，结果{trange}出来。"),
                         ("A", "可以约{date}{time}，{cnt}号诊室。"), ("A", "病历号是{ref8}，下次来报这个就行。"),
                         ("A", "体重{kg}，麻醉费用大概{amt}。"), ("A", "有问题可以打前台电话{land}。"),
                         ("C", "它昨天吃了{cnt}粒药，现在好点了。")],
                  "en": [("A", "The vaccine batch is {ref8}; the next one is due {date}."), ("C", "She's hardly eaten for {cntw} days."), ("A", "The bloods are {amt}; results come back {trange}."),
                         ("A", "We have {time} on {date} with Dr Patel."), ("A", "Your pet's record number is {ref7}."),
                         ("A", "The estimate is {amt} including the anaesthetic."), ("A", "If anything changes, ring reception on {land}."),
                         ("C", "He had {cntw} tablets yesterday and seems a bit better.")]}},
    "hotel": {
        "org": {"zh": ["栖云酒店预订中心", "海湾假日酒店"], "en": ["Harbourview Hotels reservations", "The Linden Hotel"]},
        "purpose": {"zh": ["我想订{date}入住的大床房，住两晚。", "我要改一下订单的入住日期。", "想问一下能不能延迟退房。",
                           "订单被扣了两次钱，想查一下。"],
                    "en": ["I'd like to book a double room from {date}, two nights.", "I need to move my check-in date.",
                           "Can I get a late checkout on my booking?", "I think I've been charged twice for my stay."]},
        "kinds": {"bank_card": 4, "id_number": 3, "phone": 3},
        "who": {"zh": ["入住人的", "您的"], "en": ["the guest's", "your"]},
        "ctx": {"bank_card": ("担保需要一张卡，", "To guarantee the room, "), "id_number": ("入住登记需要，", "For the guest registration, "), "phone": ("到店前会联系您，", "In case we need to reach you, ")},
        "lines": {"zh": [("A", "退房时间可以延到{time}，加收{amt}。"), ("C", "我们{cnum}个大人一个小孩，要加床吗？"), ("A", "停车场在B{cnt}层，每晚{amt}。"),
                         ("A", "订单号{ref10}，{date}入住，{cnt}晚，含早。"), ("A", "房价每晚{amt}。"),
                         ("A", "房间号是{room}，前台电话{land}。"), ("A", "需要的话可以打我们预订热线{hot}。"),
                         ("C", "我大概{time}到，航班是{flight}。")],
                  "en": [("A", "Late checkout until {time} is {amt} extra."), ("C", "It's {cntw} adults and a child, do we need an extra bed?"), ("A", "Parking is on level B{cnt}, {amt} a night."),
                         ("A", "Your confirmation number is {ref9}, arriving {date}."), ("A", "The rate is {amt} per night including breakfast."),
                         ("A", "You're in room {room}; the front desk is on {land}."), ("A", "Our reservations line is {hot}."),
                         ("C", "I land around {time} on {flight}.")]}},
    "phone_repair": {
        "org": {"zh": ["极客手机维修", "快修帮手机售后"], "en": ["FixPoint Phone Repair", "Cracked Screen Co."]},
        "purpose": {"zh": ["我手机屏幕摔碎了，想约个上门维修。", "送修的手机修好了没有？", "换电池之后充电特别慢。", "想问一下主板维修大概多少钱。"],
                    "en": ["I dropped my phone and the screen's cracked.", "I'm checking whether my repair is ready.",
                           "Since the battery replacement it won't charge properly.", "How much would a charging-port repair cost?"]},
        "kinds": {"phone": 6, "bank_card": 2, "id_number": 1},
        "who": {"zh": ["您的", "机主的"], "en": ["your", "the owner's"]},
        "ctx": {"phone": ("修好了短信通知您，", "We'll text when it's ready, so "), "id_number": ("寄修要实名登记，", "For the mail-in form, "), "bank_card": ("付款需要，", "For the payment, ")},
        "lines": {"zh": [("C", "手机是去年{date}买的，还在保修期吧？"), ("A", "检测费{amt}，不修不收钱。"), ("A", "门店营业时间{trange}，周{cnum}休息。"),
                         ("A", "维修单号{ref10}，预计{date}修好。"), ("A", "换屏{amt}，保修{cnt}个月。"),
                         ("A", "门店电话是{land}，营业到晚上{cnt}点。"), ("C", "我是{date}送过去的，单子上写着{amt}。"),
                         ("A", "取机验证码是{code}。")],
                  "en": [("C", "I bought it on {date}, is it still under warranty?"), ("A", "The diagnostic is {amt}, refunded if we do the repair."), ("A", "We're open {trange}, closed on Sundays."),
                         ("A", "Your job number is RJ{ref7}, ready by {date}."), ("A", "A new screen is {amt} with a ninety-day warranty."),
                         ("A", "The shop line is {land}."), ("C", "I dropped it off on {date}; the receipt says {amt}."),
                         ("A", "Your collection code is {code}.")]}},
    "pharmacy": {
        "org": {"zh": ["健一药房送药到家", "康和大药房"], "en": ["MedDrop Pharmacy Delivery", "Greenleaf Pharmacy"]},
        "purpose": {"zh": ["我想下单送降压药，老人在家出不了门。", "昨天的药还没送到。", "处方药需要登记什么信息？", "我想取消一个订单。"],
                    "en": ["I'd like my repeat prescription delivered.", "My delivery hasn't arrived yet.",
                           "What do you need from me to send prescription medicine?", "I need to cancel an order."]},
        "kinds": {"phone": 4, "id_number": 3, "bank_card": 2},
        "who": {"zh": ["用药人的", "您的"], "en": ["the patient's", "your"]},
        "ctx": {"id_number": ("处方药要实名，", "Prescription items need a name check, so "), "phone": ("骑手送到会打电话，", "The rider will call on arrival, so "), "bank_card": ("医保外的部分要付款，", "For the payment, ")},
        "lines": {"zh": [("A", "处方编号{ref10}，有效期到{date}。"), ("C", "上次买了{cnum}盒，还剩{cnt}片。"), ("A", "配送费{amt}，满{cnt}0元包邮。"),
                         ("A", "订单号{ref12}，配送时间{trange}。"), ("A", "药费合计{amt}，医保报销后自付{amt}。"),
                         ("A", "每天{cnum}次，每次{cnum}片，饭后吃。"), ("A", "有问题拨打{hot}。"),
                         ("C", "我家地址是{addr}。")],
                  "en": [("A", "The prescription number is {ref10}, valid until {date}."), ("C", "I've got {cntw} tablets left from last time."), ("A", "Delivery is {amt}, free over {amt}."),
                         ("A", "Order {ref10} is out for delivery, due {trange}."), ("A", "That comes to {amt}."),
                         ("A", "Take {cntw} tablets twice a day with food."), ("A", "Our pharmacist line is {hot}."),
                         ("C", "It's {addr}.")]}},
    "mortgage": {
        "org": {"zh": ["安居银行房贷服务中心", "住房贷款客服"], "en": ["Keystone Home Loans", "Northgate Mortgage Servicing"]},
        "purpose": {"zh": ["我想提前还一部分房贷。", "这个月的月供扣款失败了。", "想把还款卡换一张。", "想问下利率调整之后月供多少。"],
                    "en": ["I want to make an overpayment on my mortgage.", "My mortgage payment failed this month.",
                           "I'd like to change the account my repayments come from.", "How will the rate change affect my monthly payment?"]},
        "kinds": {"id_number": 4, "bank_card": 4, "phone": 2},
        "who": {"zh": ["借款人的", "您的"], "en": ["the borrower's", "your"]},
        "ctx": {"bank_card": ("换还款卡需要，", "To switch the repayment account, "), "id_number": ("核实借款人身份，", "To verify the borrower, "), "phone": ("提前还款要预约，我们回电，", "We'll call back to book it, so ")},
        "lines": {"zh": [("A", "提前还款违约金是本金的{pct}。"), ("C", "房子是{date}买的，贷了{cnt}0年。"), ("A", "还款账户余额要在{date}前存足{amt}。"),
                         ("A", "贷款合同号{ref16}，剩余本金{amt}，还剩{cnt}期。"), ("A", "利率调整后是{pct}，每月{cnt}号扣款。"),
                         ("A", "月供是{amt}，下次扣款日{date}。"), ("C", "我想先还{amt}，{date}之前能办吗？")],
                  "en": [("A", "The early repayment charge is {pct} of the amount."), ("C", "We bought on {date} with a {cnt}-year term."), ("A", "Please have {amt} in the account by {date}."),
                         ("A", "Loan account {ref12}, remaining balance {amt}, {cnt} months left."), ("A", "Your new rate is {pct}."),
                         ("A", "The monthly payment is {amt}, next due {date}."), ("C", "I'd like to pay off {amt} before {date}.")]}},
    "customs": {
        "org": {"zh": ["顺洋国际货运代理", "海通报关服务"], "en": ["BlueWake Freight & Customs", "Meridian Customs Brokerage"]},
        "purpose": {"zh": ["我有个从日本寄来的包裹被海关扣了。", "想问一下报关需要补什么材料。", "关税怎么缴？", "集装箱什么时候能提？"],
                    "en": ["My parcel from the US is held at customs.", "What documents do you need for the declaration?",
                           "How do I pay the import duty?", "When can we collect our container?"]},
        "kinds": {"id_number": 4, "phone": 3, "bank_card": 2},
        "who": {"zh": ["收件人的", "您的"], "en": ["the consignee's", "your"]},
        "ctx": {"id_number": ("个人物品申报要收件人实名，", "For a personal import we need the consignee's identity, so "), "bank_card": ("税款可以刷卡，", "Duty can go on a card, so "), "phone": ("到港后通知您，", "We'll ring when it lands, so ")},
        "lines": {"zh": [("A", "仓储费每天{amt}，已经放了{cnt}天。"), ("C", "包裹是{date}发出的，申报价值{amt}。"), ("A", "查验时间{trange}，{cnt}号查验台。"),
                         ("A", "运单号{ref12}，毛重{kg}。"), ("A", "报关单号是{ref18}，税款{amt}。"),
                         ("A", "HS编码{hs}，税率{pct}。"), ("A", "柜号MSKU{ref7}，预计{date}到港。"),
                         ("C", "箱子里是{cnt}双鞋和{cnt}瓶保健品。")],
                  "en": [("A", "Storage is {amt} a day and it has been {cnt} days."), ("C", "It shipped on {date}, declared at {amt}."), ("A", "Inspection is {trange} at bay {cnt}."),
                         ("A", "The air waybill is {awb}, gross weight {kg}."), ("A", "Declaration number {ref18}; duty and VAT come to {amt}."),
                         ("A", "Commodity code {hs} at {pct}."), ("A", "Container MSCU {ref7} is due on {date}."),
                         ("C", "It's {cntw} pairs of shoes and some vitamins.")]}},
    "dental": {
        "org": {"zh": ["微笑口腔诊所", "贝齿口腔"], "en": ["Brightside Dental", "Kingsway Dental Practice"]},
        "purpose": {"zh": ["我想约洗牙。", "我昨天补的牙还是疼。", "想问一下种植牙分期怎么办。", "要改一下预约时间。"],
                    "en": ["I'd like to book a hygiene appointment.", "The filling I had yesterday still hurts.",
                           "Can I pay for my implant in instalments?", "I need to reschedule my appointment."]},
        "kinds": {"phone": 5, "id_number": 2, "bank_card": 2},
        "who": {"zh": ["就诊人的", "您的"], "en": ["the patient's", "your"]},
        "ctx": {"id_number": ("建档需要，", "To register you, "), "bank_card": ("分期要绑卡，", "For the instalment plan, "), "phone": ("提前一天提醒您，", "We send a reminder the day before, so ")},
        "lines": {"zh": [("C", "上次是{date}洗的牙，有{cnt}个月了。"), ("A", "种植牙单颗{amt}，可以分{cnt}期。"), ("A", "周{cnum}上午医生在，{trange}。"),
                         ("A", "{date}{time}可以，{cnt}号诊室。"), ("A", "右下{cnum}号牙需要做根管，费用大概{amt}。"),
                         ("A", "病历号{ref8}，到前台报一下。"), ("A", "诊所电话{land}，改期提前说。")],
                  "en": [("C", "My last clean was on {date}, about {cntw} months ago."), ("A", "One implant is {amt}, over {cnt} monthly payments."), ("A", "Dr Chen is in on Thursday, {trange}."),
                         ("A", "We can do {date} at {time} with Dr Chen."), ("A", "The treatment plan comes to {amt}."),
                         ("A", "Your patient number is {ref7}."), ("A", "If you need to move it, call {land}.")]}},
    "eldercare": {
        "org": {"zh": ["夕阳红居家养老服务", "颐康养老院"], "en": ["Evergreen Home Care", "Silver Birch Care Services"]},
        "purpose": {"zh": ["我想给我妈申请上门护理。", "想了解一下养老院的床位费用。", "护工这周的排班能不能调整？", "我爸的护理费扣款有问题。"],
                    "en": ["I'd like to arrange home visits for my father.", "I'm asking about room fees at the care home.",
                           "Can we change my mum's carer visits this week?", "There's a problem with the care fees payment."]},
        "kinds": {"id_number": 4, "phone": 4, "bank_card": 2},
        "who": {"zh": ["老人的", "老人"], "en": ["your father's", "your mother's", "the resident's"]},
        "ctx": {"id_number": ("建档要老人实名，", "For the care record, "), "bank_card": ("护理费代扣需要，", "For the direct debit, "), "phone": ("紧急情况联系家属，", "For emergencies, ")},
        "lines": {"zh": [("A", "上门护理每小时{amt}，每月{cnt}号结算。"), ("C", "我妈{age}岁了，一个人住在{cnt}楼。"), ("A", "助浴服务每次{amt}，一周{cnum}次。"),
                         ("A", "床位费每月{amt}，护理等级{cnum}级。"), ("C", "老人今年{age}岁，腿脚不太方便。"),
                         ("A", "每周{cnum}次上门，每次{cnt}小时。"), ("A", "房间是{room}，探视时间{trange}。")],
                  "en": [("A", "Home care is {amt} an hour, billed on the {cnt}th."), ("C", "Mum is {age} and lives alone on the {cnt}th floor."), ("A", "A bathing visit is {amt}, {cntw} times a week."),
                         ("A", "The room is {amt} a week."), ("C", "Dad's {age} and not very steady on his feet."),
                         ("A", "Visits are {cntw} times a week, an hour each."), ("A", "She's in room {room}; visiting is {trange}.")]}},
    "cinema": {
        "org": {"zh": ["星光影城会员中心", "银幕国际影城"], "en": ["Starlight Cinemas membership", "Picturehouse Club"]},
        "purpose": {"zh": ["我的会员积分好像没到账。", "想办一张年卡。", "买的票想退。", "会员生日券怎么用？"],
                    "en": ["My membership points haven't gone through.", "I'd like to sign up for the annual pass.",
                           "I need a refund on tickets I bought.", "How do I use the birthday voucher?"]},
        "kinds": {"phone": 6, "bank_card": 3, "id_number": 1},
        "who": {"zh": ["您的"], "en": ["your"]},
        "ctx": {"phone": ("会员是按手机号注册的，", "Membership is looked up by mobile, so "), "bank_card": ("退款原路返回，", "The refund goes back to the card, so "), "id_number": ("年卡实名，", "The pass is in your name, so ")},
        "lines": {"zh": [("A", "会员日每周{cnum}，票价{amt}。"), ("C", "我积分{pts}，能换{cnum}张票吗？"), ("A", "退票要在开场前{cnt}0分钟。"),
                         ("A", "取票码{code}，{date}{time}的场次。"), ("A", "{cnt}号厅{cnt}排{seat}座。"),
                         ("A", "现在积分是{pts}，年卡{amt}。"), ("C", "我看的是{time}那场，买了{cnum}张。")],
                  "en": [("A", "Members' day is Tuesday, tickets are {amt}."), ("C", "I've got {pts} points, is that {cntw} tickets?"), ("A", "Refunds close {cnt}0 minutes before the film."),
                         ("A", "Your booking reference is {ref8}, for {time} on {date}."), ("A", "Screen {cnt}, row F, seats {seat} and {seat}."),
                         ("A", "You've got {pts} points; the annual pass is {amt}."), ("C", "It was the {time} showing, {cntw} tickets.")]}},
    "parking": {
        "org": {"zh": ["城市停车缴费服务中心", "违停处理服务热线"], "en": ["City Parking Services", "the Penalty Charge helpline"]},
        "purpose": {"zh": ["我收到一张违停罚单，想在线缴。", "罚单上的车牌不是我的车。", "想申诉一下，那天停车是有原因的。", "缴了罚款但系统还显示未缴。"],
                    "en": ["I got a parking ticket and want to pay it.", "The plate on the notice isn't my car.",
                           "I'd like to appeal a penalty charge.", "I paid the fine but it still shows as unpaid."]},
        "kinds": {"id_number": 4, "phone": 3, "bank_card": 3},
        "who": {"zh": ["车主的", "您的"], "en": ["the keeper's", "your"]},
        "ctx": {"id_number": ("核实车主身份，", "To check the registered keeper, "), "bank_card": ("缴款需要，", "For the payment, "), "phone": ("处理结果短信通知，", "We text the outcome, so ")},
        "lines": {"zh": [("A", "申诉要在{cnt}个工作日内提交，材料{cnum}份。"), ("C", "那天{trange}我都在医院，车停在{road}。"), ("A", "滞纳金每天按{pct}算。"),
                         ("A", "决定书编号{ref16}，车牌{plate}。"), ("A", "罚款{amt}，{date}{time}在{road}。"),
                         ("C", "我那天{time}就开走了，停了不到{cnt}分钟。"), ("A", "缴费后{cnt}个工作日内更新。")],
                  "en": [("A", "Appeals must be in within {cntw} weeks, with {cntw} photos."), ("C", "I was at the hospital {trange}."), ("A", "The bay is suspended {trange} on weekdays."),
                         ("A", "The notice number is {pcn}, vehicle {ukplate}."), ("A", "The charge is {amt}, or {amt} if paid within fourteen days."),
                         ("C", "I was only there {cnt} minutes, around {time}."), ("A", "It updates within {cntw} working days.")]}},
    "recycling": {
        "org": {"zh": ["绿循环上门回收", "邻里回收预约中心"], "en": ["GreenLoop Recycling Pickup", "Council Bulky Waste Collection"]},
        "purpose": {"zh": ["我家有台旧冰箱想约上门回收。", "纸箱攒了一堆，什么时候能来收？", "回收员称重的钱还没到账。", "想取消明天的预约。"],
                    "en": ["I've got an old fridge to be collected.", "Can you pick up a load of cardboard?",
                           "I haven't been paid for the metal you collected.", "I need to cancel tomorrow's pickup."]},
        "kinds": {"phone": 6, "bank_card": 3, "id_number": 1},
        "who": {"zh": ["您的"], "en": ["your"]},
        "ctx": {"phone": ("回收员上门前会打电话，", "The driver calls ahead, so "), "bank_card": ("回收款打到卡上，", "We pay out to a card, so "), "id_number": ("以旧换新补贴要实名，", "For the trade-in grant, ")},
        "lines": {"zh": [("A", "旧冰箱回收补贴{amt}，{date}前有效。"), ("C", "有{cnt}箱书和{cnum}台旧电视。"), ("A", "师傅{trange}之间上门。"),
                         ("A", "预约单号{ref10}，{date}{time}上门。"), ("C", "地址是{addr}。"),
                         ("A", "纸箱{kg}，每公斤{uprice}。"), ("A", "投诉电话{hot}。")],
                  "en": [("A", "The fridge collection is {amt}, booked for {date}."), ("C", "There are {cnt} boxes of books and {cntw} old TVs."), ("A", "The crew will come {trange}."),
                         ("A", "Booking {ref8}, {date}, {trange}."), ("C", "It's {addr}, postcode {post}."),
                         ("A", "That was {kg} of metal at {uprice} a kilo."), ("A", "Our complaints line is {hot}.")]}},
}
DOMAIN_NAMES = list(DOMAINS)
GENERIC_LINES = {"zh": [("A", "验证码{code}已经发出，五分钟内有效。"), ("A", "我的工号是{wk}，有问题可以回拨{hot}。"),
                        ("C", "我是{date}{time}左右打过来的。"), ("A", "您这个单子是{date}提交的，编号{ref11}。")],
                 "en": [("A", "I've sent a verification code, {code}; it's valid for ten minutes."),
                        ("A", "My staff number is {wk} if you need to call back on {hot}."),
                        ("C", "I rang on {date} around {time}."), ("A", "I can see the request from {date}, reference {ref11}.")]}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
ZH_ROADS = ["幸福路", "建设路", "滨江大道", "人民路", "文化街", "长青路"]
EN_ROADS = ["Elm Road", "Station Street", "Mill Lane", "Park Avenue", "Church Road"]


def ordinal(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def cn_small(rng):
    return rng.choice(["两", "三", "四", "五", "六"])


def en_small(rng):
    return rng.choice(["two", "three", "four", "five", "six"])


def en_spell(c, ds):
    out, i = [], 0
    size = c.choice([3, 4])
    while i < len(ds):
        out.append(" ".join(c.en_digit(x) for x in ds[i:i + size]))
        i += size
    return c.choice([", ", " ", "... "]).join(out)


def slot(c, name):
    rng, zh = c.rng, c.lang != "en"
    if name == "amt" and c.dom == "recycling":
        name = "uprice"
    m = re.fullmatch(r"ref(\d+)", name)
    if m:
        return safe_run(rng, int(m.group(1)), lead=rng.choice(["2", "3", "4", "5", "6", "7", "8", "9"]))
    m = re.fullmatch(r"words(\d+)", name)
    if m:
        return en_spell(c, safe_run(rng, int(m.group(1)), lead=rng.choice("2456789")))
    m = re.fullmatch(r"cnref(\d+)", name)
    if m:
        ds = safe_run(rng, int(m.group(1)), lead=rng.choice("2456789"))
        return "".join(c.cn_digit("other", x) for x in ds)
    if name == "chip15":
        return safe_run(rng, 15, lead=rng.choice(["900", "981", "985", "956"]))
    if name == "amt":
        if zh:
            return rng.choice([f"{rng.randint(20, 9999)}元", f"{rng.randint(20, 999)}.{rng.randint(0, 99):02d}元",
                               f"{rng.randint(2, 50) * 100}块", f"¥{rng.randint(100, 20000):,}",
                               f"{cn_small(rng)}百{rng.choice(['', '五十', '八十'])}元"])
        cur, word = c.cur
        return rng.choice([f"{cur}{rng.randint(20, 999)}.{rng.randint(0, 99):02d}", f"{cur}{rng.randint(20, 2000)}",
                           f"{rng.randint(20, 500)} {word}", f"{cur}{rng.randint(1000, 20000):,}",
                           f"{en_small(rng)} hundred {word}"])
    if name == "trange":
        h1 = rng.randint(8, 15)
        h2 = h1 + rng.randint(1, 5)
        if zh:
            return rng.choice([f"{h1}点到{h2}点", f"{h1}:00-{h2}:30", f"上午{h1}点到下午{h2 - 12}点" if h1 < 12 < h2 else f"{h1}点到{h2}点半"])
        return rng.choice([f"between {h1}:00 and {h2}:00", f"from {h1 if h1 <= 12 else h1 - 12} to {h2 - 12 if h2 > 12 else h2}",
                           f"{h1}:30 to {h2}:30"])
    if name == "uprice":
        if zh:
            return rng.choice([f"{rng.randint(1, 9)}毛", f"{rng.randint(0, 3)}.{rng.randint(1, 9)}元", "一块二"])
        return f"{c.cur[0]}{rng.randint(0, 1)}.{rng.randint(10, 99)}"
    if name == "bigamt":
        if zh:
            return rng.choice([f"{rng.randint(1, 9)}万元", f"¥{rng.randint(1, 9) * 10000:,}", f"{cn_small(rng)}万"])
        return f"{c.cur[0]}{rng.randint(1, 9) * 1000:,}"
    if name == "date":
        mo, d = rng.randint(1, 12), rng.randint(1, 28)
        if zh:
            return rng.choice([f"{mo}月{d}号", f"{mo}月{d}日", f"{rng.randint(2023, 2026)}年{mo}月{d}日",
                               f"下周{rng.choice('一二三四五六')}"])
        return rng.choice([f"{MONTHS[mo - 1]} {ordinal(d)}", f"the {ordinal(d)} of {MONTHS[mo - 1]}",
                           f"{d:02d}/{mo:02d}/{rng.randint(2023, 2026)}", f"next {rng.choice(WEEKDAYS)}"])
    if name == "time":
        h, mm = rng.randint(8, 20), rng.choice([0, 15, 30, 45, 10, 50])
        if zh:
            return rng.choice([f"{h}点", f"{h}点半", f"{h}:{mm:02d}",
                               f"{'上午' if h < 12 else '下午'}{h - 12 if h > 12 else h}点{f'{mm}分' if mm else ''}"])
        return rng.choice([f"{h}:{mm:02d}", f"{h if h <= 12 else h - 12} {'am' if h < 12 else 'pm'}",
                           f"half past {h if h <= 12 else h - 12}"])
    if name == "hot":
        body = safe_run(rng, 7, lead=rng.choice("2356789"))
        if zh:
            h = rng.choice([f"400-{body[:3]}-{body[3:]}", f"400 {body[:3]} {body[3:]}", f"400{body}",
                            f"800-{body[:3]}-{body[3:]}"])
            return h + (rng.choice([f"转{rng.randint(1, 9)}", f"转{rng.randint(100, 899)}"]) if rng.random() < 0.4 else "")
        h = rng.choice([f"0800 {body[:3]} {body[3:]}", f"400-{body[:3]}-{body[3:]}", f"0345 {body[:3]} {body[3:]}"])
        return h + (f" ext. {rng.randint(20, 899)}" if rng.random() < 0.4 else "")
    if name == "land":
        if zh:
            area = rng.choice(["010", "021", "020", "0755", "0571", "028", "027", "025", "0512", "0532"])
            body = safe_run(rng, 8, lead=rng.choice("2345678"))
            h = rng.choice([f"{area}-{body}", f"{area}-{body[:4]} {body[4:]}", f"（{area}）{body}"])
            return h + (f"转{rng.randint(200, 899)}" if rng.random() < 0.35 else "")
        body = safe_run(rng, 7, lead=rng.choice("2345678"))
        h = rng.choice([f"020 {body[:4]} {body[4:]}", f"0161 {body[:3]} {body[3:]}", f"0113 {body[:3]} {body[3:]}"])
        return h + (f", extension {rng.randint(20, 899)}" if rng.random() < 0.35 else "")
    if name == "post":
        return rng.choice(["SW1A 2AA", "M1 4BT", "EH3 9QP", "LS6 2UE", "BS8 1TH", "CF10 3AT"])
    if name == "code":
        return safe_run(rng, rng.choice([4, 6, 6, 8]), lead=rng.choice("2345789"))
    if name == "cnt":
        return str(rng.randint(2, 12))
    if name == "cnum":
        return cn_small(rng)
    if name == "cntw":
        return en_small(rng)
    if name == "kg":
        return f"{rng.randint(1, 40)}.{rng.randint(1, 9)}{'公斤' if zh else ' kg'}"
    if name == "room":
        return str(rng.randint(2, 28)) + f"{rng.randint(1, 30):02d}"
    if name == "seat":
        return str(rng.randint(1, 24))
    if name == "pts":
        return f"{rng.randint(200, 9000):,}"
    if name == "flight":
        return rng.choice(["CA", "MU", "CZ", "HU", "BA", "LH"]) + str(rng.randint(101, 9899))
    if name == "pct":
        return f"{rng.randint(2, 6)}.{rng.randint(0, 99):02d}%"
    if name == "age":
        return str(rng.randint(72, 96))
    if name == "hs":
        return rng.choice(["8517.62", "6403.99", "3004.90", "9503.00", "6204.43", "8471.30"])
    if name == "awb":
        return f"{rng.choice(['784', '999', '176', '618'])}-{safe_run(rng, 8, lead=rng.choice('2456789'))}"
    if name == "plate":
        return rng.choice(["沪", "粤", "京", "浙", "苏", "川"]) + rng.choice("ABCDEF") + rng.choice(["·", "", " "]) + \
            "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWYZ23456789") for _ in range(5))
    if name == "ukplate":
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTVWY") for _ in range(2)) + str(rng.randint(10, 74)) + " " + \
            "".join(rng.choice("ABCDEFGHJKLMNPRSTVWY") for _ in range(3))
    if name == "pcn":
        return rng.choice(["WK", "PN", "LB"]) + safe_run(rng, 8, lead=rng.choice("2456789"))
    if name == "addr":
        if zh:
            return f"{rng.choice(ZH_ROADS)}{rng.randint(2, 399)}号{rng.randint(2, 30)}栋{rng.randint(1, 6)}单元{rng.randint(2, 33)}0{rng.randint(1, 4)}"
        return f"Flat {rng.randint(2, 40)}, {rng.randint(2, 200)} {rng.choice(EN_ROADS)}"
    if name == "road":
        return rng.choice(ZH_ROADS) + rng.choice(["路口", "停车场", "东侧"])
    if name in ("org", "zname", "ename", "wk"):
        if name == "org":
            return c.org
        if name == "zname":
            return c.choice(ZNAMES)
        if name == "ename":
            return c.choice(ENAMES)
        if not hasattr(c, "wk"):
            c.wk = safe_run(rng, 4, lead=rng.choice("2345678"))
        return c.wk
    raise KeyError(name)


def fill(c, tpl):
    s = re.sub(r"\{(\w+)\}", lambda m: slot(c, m.group(1)), tpl)
    if c.pad and c.lang != "en":
        s = re.sub(r"(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z¥])|(?<=[0-9A-Za-z%])(?=[\u4e00-\u9fff])", " ", s)
    return s


# ============================================================================================
# Conversation building
# ============================================================================================

class Talk:
    """Helpers that turn phrase banks and fragments into lines."""

    def __init__(self, c):
        self.c = c
        dom = DOMAINS[c.dom]
        self.dom = dom
        lang_key = "en" if c.lang == "en" else "zh"
        c.org = c.choice(dom["org"][lang_key] if c.lang != "mixed" or c.r() < 0.6 else dom["org"]["en"])

    def A(self, *items, cont=False):
        return Line("A", items, cont)

    def C(self, *items, cont=False):
        return Line("C", items, cont)

    def t(self, bank, **kw):
        s = self.c.ph(bank)
        for k, v in kw.items():
            s = s.replace("{" + k + "}", v)
        return fill(self.c, s)

    def who(self, kind="id_number"):
        c = self.c
        if kind == "id_number" and c.r() < 0.5:
            return c.choice(self.dom["who"]["en" if c.lang == "en" else "zh"])
        return c.choice(WHO["en" if c.lang == "en" else "zh"])

    def ask(self, kind):
        c = self.c
        if c.r() < 0.35:
            zh, en = self.dom["ctx"][kind]
            ctx = en if c.lang == "en" else (codeswitch(c, zh) if c.lang == "mixed" else zh)
            s = ctx + self.t(ASK_SHORT[kind], who=self.who(kind))
        else:
            s = self.t(ASK[kind], who=self.who(kind))
        s = re.sub(r"\s+", " ", s).strip()
        return self.A(s)

    def pre(self, kind):
        s = self.c.ph(GIVE_PRE[kind])
        if self.c.pad and self.c.lang != "en" and s and re.search(r"[\u4e00-\u9fff]$", s):
            s += " "
        return s

    def post(self):
        return self.c.ph(GIVE_POST)

    def opening(self):
        c = self.c
        L = [self.A(self.t(GREET))]
        purpose = c.choice(self.dom["purpose"]["en" if c.lang == "en" else "zh"])
        if c.lang == "mixed":
            purpose = codeswitch(c, purpose)
        L.append(self.C(fill(c, purpose)))
        return L

    def lookalike(self, spk=None):
        c = self.c
        lk = "en" if c.lang == "en" else "zh"
        lines = self.dom["lines"][lk] + (GENERIC_LINES[lk] if c.r() < 0.3 else [])
        pool = [x for x in lines if (spk is None or x[0] == spk) and x not in c.used] or \
            [x for x in lines if x not in c.used] or lines
        who, tpl = c.choice(pool)
        c.used.add((who, tpl))
        if c.lang == "mixed":
            tpl = codeswitch(c, tpl)
        s = fill(c, tpl)
        return self.A(s) if who == "A" else self.C(s)

    def spelled(self):
        c = self.c
        who, tpl = c.choice(SPELLED["en" if c.lang == "en" else ("mx" if c.lang == "mixed" else "zh")])
        s = fill(c, tpl)
        return self.A(s) if who == "A" else self.C(s)

    def closing(self):
        L = [self.A(self.t(CLOSE_A))]
        if self.c.r() < 0.8:
            L.append(self.C(self.t(CLOSE_C)))
        return L

    def kind(self, exclude=()):
        ks = {k: w for k, w in self.dom["kinds"].items() if k not in exclude}
        names = sorted(ks)
        return self.c.rng.choices(names, [ks[k] for k in names])[0]

    def cutpoints(self, kind, n, k):
        """k cut points inside an n-digit number, at group boundaries where possible."""
        c = self.c
        cand = {"phone": [3, 7, 3, 7, 5], "id_number": [6, 6, 10, 14, 14, 12], "bank_card": [4, 6, 8, 8, 12, 12]}[kind]
        cand = sorted(set(x for x in cand if 0 < x < n))
        cuts = sorted(c.rng.sample(cand, min(k, len(cand))))
        return cuts

    def mutate(self, num, lo=None, hi=None):
        """The number with one digit misheard (the check fails for IDs and cards)."""
        c = self.c
        d = num.digits
        n = len(d)
        lo = 3 if lo is None else lo
        hi = (n - 1 if num.kind != "id_number" else 17) if hi is None else hi
        for _ in range(50):
            p = c.rng.randrange(lo, hi)
            new = c.choice([x for x in "0123456789" if x != d[p]])
            w = d[:p] + new + d[p + 1:]
            if num.kind == "phone" or not number_valid(num.kind, w):
                return w, p
        raise GenError("cannot mishear")


# --- exchanges (the number talk of each phenomenon) -------------------------------------------

def ex_plain(T, kind):
    c = T.c
    num = c.new(kind)
    f = c.piece(num, 0, len(num.digits))
    L = [T.ask(kind), T.C(T.pre(kind), f, T.post())]
    if c.r() < 0.7:
        L.append(T.A(T.t(ACK)))
    return L


def ex_interrupt(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    how = c.style(kind)
    cuts = T.cutpoints(kind, n, 1 if c.r() < 0.65 else 2)
    bounds = [0] + cuts + [n]
    L = [T.ask(kind)]
    agent_reads = c.r() < 0.2
    if agent_reads:
        # the caller gives it whole; the agent's read-back is interrupted by the caller
        L.append(T.C(T.pre(kind), c.piece(num, 0, n, how=how), T.post()))
        rb_how = c.style(kind)
        for i in range(len(bounds) - 1):
            a, b = bounds[i], bounds[i + 1]
            lead = T.t({"zh": ["跟您核对一下，", "我念一下，"], "en": ["Let me check: ", "Reading it back, "],
                        "mx": ["Confirm 一下，", "我 read back 一下，"]}) if i == 0 else ""
            tail = "……" if b < n else T.t({"zh": ["，对吗？", "，没错吧？"], "en": [", right?", "?"], "mx": ["，right？", "，对吗？"]})
            L.append(T.A(lead, c.piece(num, a, b, how=rb_how, role="readback"), tail))
            if b < n:
                L.append(T.C(T.t({"zh": ["对。", "嗯，对。", "对对。"], "en": ["Yes.", "Yep.", "Mm-hm, that's right."],
                                  "mx": ["对，yes。", "Yes。"]})))
        L.append(T.C(T.t(YES)))
        return L
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        trail = c.choice(["……", "，", "", "..."]) if b < n else T.post()
        if c.lang == "en" and trail == "，":
            trail = ","
        if i == 0:
            L.append(T.C(T.pre(kind), c.piece(num, a, b, how=how), trail))
        else:
            L.append(T.C(T.t(CONT_PRE), c.piece(num, a, b, how=how), trail))
        if b < n:
            r = c.r()
            if r < 0.55:
                L.append(T.A(T.t(BACKCH)))
            elif r < 0.8:
                L.append(T.A(T.t(QUESTION)))
                if c.r() < 0.6:
                    L.append(T.C(T.t({"zh": ["对，", "是的，"], "en": ["Yes, ", "Yeah, "], "mx": ["Yes，", "对，"]}) +
                                 T.t({"zh": ["我接着说。", "后面是："], "en": ["carrying on.", "the rest is:"],
                                      "mx": ["继续 ha。", "后面是："]})))
            else:
                # the agent echoes what it heard so far, as a question
                L.append(T.A(c.piece(num, a, b, role="echo"), T.t({"zh": ["？", "，是吧？"], "en": ["?", ", yes?"], "mx": ["？", "，right？"]})))
    L.append(T.A(T.t(ACK)))
    return L


def ex_continue(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    how = c.style(kind)
    cuts = T.cutpoints(kind, n, 1 if c.r() < 0.7 else 2)
    bounds = [0] + cuts + [n]
    L = [T.ask(kind)]
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        trail = c.choice(["……", "，", "", "...", " -"]) if b < n else T.post()
        if c.lang == "en" and trail == "，":
            trail = ","
        if i == 0:
            L.append(T.C(T.pre(kind), c.piece(num, a, b, how=how), trail))
        else:
            L.append(T.C(T.t(CONT_PRE), c.piece(num, a, b, how=how), trail, cont=True))
    if c.r() < 0.8:
        L.append(T.A(T.t(ACK)))
    return L


def ex_correct(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    how = c.style(kind)
    L = [T.ask(kind)]
    v = c.choice(["prefix", "prefix", "wrongfull", "restart", "midfix"])
    if v in ("prefix", "restart"):
        k = c.rng.randint(3, min(8, n - 4))
        if v == "prefix" and c.r() < 0.6:
            w, p = T.mutate(num, lo=1 if kind != "phone" else 2, hi=k)
            ab = c.piece(num, 0, k, how=how, wrong=w, role="abandoned")
        else:
            ab = c.piece(num, 0, k, how=how, role="abandoned")
        full = c.piece(num, 0, n, how=c.style(kind) if c.r() < 0.3 else how, role="said")
        fix = T.t(CORR if ab.wrong else RESTART)
        if c.r() < 0.6:
            L.append(T.C(T.pre(kind), ab, T.t(BREAK), fix, full, T.post()))
        else:
            L.append(T.C(T.pre(kind), ab, c.choice(["……", "，", "..."]) if c.lang != "en" else c.choice(["...", ","])))
            L.append(T.C(cap(fix), full, T.post(), cont=True))
    elif v == "wrongfull":
        w, p = T.mutate(num, lo=max(3, n - 4))
        wf = c.piece(num, 0, n, how=how, wrong=w, role="wrong")
        fix = c.piece(num, n - 4, n, how=how, role="corrected")
        tail = T.t({"zh": ["最后四个是", "后面是", "尾号是"], "en": ["the last four are ", "it ends ", "the end is "],
                    "mx": ["last four 是", "尾号是"]})
        L.append(T.C(T.pre(kind), wf, T.post()))
        oops = T.t({"zh": ["啊不对，", "哦说错了，", "等等，不对，"], "en": ["Oh wait, sorry, ", "Hang on, no, ", "Sorry, my mistake, "],
                    "mx": ["Wait，不对，", "Sorry 说错了，"]})
        if c.r() < 0.5:
            L.append(T.A(T.t(ACK)))
            L.append(T.C(oops, tail, fix, T.post()))
        else:
            L.append(T.C(oops, tail, fix, T.post(), cont=True))
    else:  # midfix: a wrong middle group said, corrected, then the rest
        cuts = T.cutpoints(kind, n, 2)
        if len(cuts) < 2:
            cuts = [3, 7] if kind == "phone" else [6, 14]
        a, b = cuts
        w, p = T.mutate(num, lo=a, hi=b)
        first = c.piece(num, 0, b, how=how, wrong=w, role="wrong")
        rest = c.piece(num, a, n, how=how, role="corrected")
        L.append(T.C(T.pre(kind), first, T.t(BREAK), T.t(CORR), rest, T.post()))
    if c.r() < 0.7:
        L.append(T.A(T.t(ACK)))
    return L


def ex_filler(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    k = c.choice([1, 2, 2, 3, 3])
    lead = T.t({"zh": ["呃，我看一下，", "嗯……", "那个，", ""], "en": ["Um, let me see, ", "Uh, ", "Er, hang on, ", ""],
                "mx": ["呃，let me see，", "嗯……", ""]})
    f = c.piece(num, 0, n, fill=k)
    if sum(t[1] == F for t in f.toks) == 0:
        f = c.piece(num, 0, n, fill=k, how="ar", bounds=CANON[kind])
    L = [T.ask(kind), T.C(lead, T.pre(kind) if not lead else "", f, T.post())]
    if c.r() < 0.7:
        L.append(T.A(T.t(ACK)))
    return L


def ex_chunks(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    cut = c.rng.randint(3, n - 3) if c.r() < (0.6 if c.fmt == "asr-json" else 0.35) else None
    L = [T.ask(kind), T.C(T.pre(kind), c.piece(num, 0, n, how="chunks", cut=cut), T.post())]
    r = c.r()
    if r < 0.3:
        L.append(rb_line(T, c.piece(num, n - 4, n, how="chunks", role="readback"), RB_LAST))
        L.append(T.C(T.t(YES)))
    elif r < 0.45:
        L.append(rb_line(T, c.piece(num, 0, n, how="chunks", role="readback"), RB_FULL))
        L.append(T.C(T.t(YES)))
    else:
        L.append(T.A(T.t(ACK)))
    return L


def rb_line(T, frag, bank):
    """An agent line from a bank with {n} where the fragment goes."""
    s = T.c.ph(bank)
    pre, post = s.split("{n}")
    return T.A(fill(T.c, pre), frag, fill(T.c, post))


def ex_readback(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    L = [T.ask(kind), T.C(T.pre(kind), c.piece(num, 0, n), T.post())]
    v = c.choice(["full", "last", "first", "misheard", "misheard"])
    if v == "full":
        L.append(rb_line(T, c.piece(num, 0, n, role="readback"), RB_FULL))
        L.append(T.C(T.t(YES)))
    elif v == "last":
        L.append(rb_line(T, c.piece(num, n - 4, n, role="readback"), RB_LAST))
        L.append(T.C(T.t(YES)))
    elif v == "first":
        k = {"phone": c.choice([3, 7]), "id_number": 6, "bank_card": c.choice([4, 6])}[kind]
        L.append(rb_line(T, c.piece(num, 0, k, role="readback"), RB_FIRST))
        L.append(T.C(T.t(YES)))
    else:
        w, p = T.mutate(num)
        L.append(rb_line(T, c.piece(num, 0, n, wrong=w, role="misheard"), RB_FULL))
        # the caller corrects the group holding the misheard digit
        grp = [0] + CANON[kind] + [n]
        gi = max(i for i in range(len(grp) - 1) if grp[i] <= p)
        a, b = grp[gi], min(grp[gi + 1], n)
        how = "ar" if c.lang != "en" or c.r() < 0.5 else "en"
        items = [T.t(NO_PRE), c.piece(num, a, b, how=how, role="corrected")]
        if c.r() < 0.5:
            items += [T.t(NOT_THAT), c.piece(num, a, b, how=how, wrong=w, role="misheard")]
        items.append(T.post())
        L.append(T.C(*items))
        if c.r() < 0.6:
            L.append(rb_line(T, c.piece(num, 0, n, role="readback"), RB_FULL))
            L.append(T.C(T.t(YES)))
        else:
            L.append(T.A(T.t(ACK)))
    return L


def ex_checkchar(T, kind):
    c = T.c
    num = c.new("id_number", want_x=c.r() < 0.85)
    how = c.style("id_number")
    if how in ("chunks",) and c.fmt != "asr-json":
        how = "ar"
    body = c.piece(num, 0, 17, how=how)
    xhow = how if how in ("cn", "fw", "en") else "ar"
    if num.digits[17] == "X":
        xtext = c.xword(xhow)
    elif xhow == "cn":
        xtext = CN_D[num.digits[17]]
    elif xhow == "en" or c.lang == "en":
        xtext = EN_D[num.digits[17]] if c.r() < 0.6 else num.digits[17]
    else:
        xtext = num.digits[17]
    xf = Frag("id_number", [(xtext, D, num.digits[17])], num.digits[17], 17, 18, "check-char")
    L = [T.ask("id_number")]
    v = c.choice(["same", "same", "next", "asked"])
    apart, ans = (XAPART, XANS) if num.digits[17] == "X" else (DAPART, DANS)
    if v == "same":
        pre, post = T.c.ph(apart).split("{x}")
        L.append(T.C(T.pre("id_number"), body, pre, xf, T.post()))
    elif v == "next":
        pre, post = T.c.ph(apart).split("{x}")
        L.append(T.C(T.pre("id_number"), body, c.choice(["……", "，", "..."]) if c.lang != "en" else "..."))
        L.append(T.C(pre.lstrip("，,. …"), xf, T.post(), cont=True))
    else:
        L.append(T.C(T.pre("id_number"), body, c.choice(["……", "。"]) if c.lang != "en" else "..."))
        L.append(T.A(T.t(XASK)))
        pre, post = T.c.ph(ans).split("{x}")
        L.append(T.C(pre, xf, post))
    if c.r() < 0.5:
        L.append(T.A(T.t(ACK)))
    return L


def ex_glued(T, kind):
    c = T.c
    num = c.new(kind)
    n = len(num.digits)
    f = c.piece(num, 0, n, how="glue")
    L = [T.ask(kind), T.C(T.pre(kind), f, T.post())]
    r = c.r()
    if r < 0.3:
        L.append(rb_line(T, c.piece(num, n - 4, n, how="ar", role="readback"), RB_LAST))
        L.append(T.C(T.t(YES)))
    elif r < 0.5:
        L.append(rb_line(T, c.piece(num, 0, n, how=c.choice(["ar", "glue"]), role="readback"), RB_FULL))
        L.append(T.C(T.t(YES)))
    else:
        L.append(T.A(T.t(ACK)))
    return L


def ex_multi(T, kind):
    c = T.c
    kinds = [kind]
    others = [k for k in ("phone", "id_number", "bank_card") if k != kind]
    c.rng.shuffle(others)
    kinds.append(others[0] if c.r() < 0.75 else kind)
    if c.r() < 0.3:
        kinds.append(others[1])
    L = []
    for i, k in enumerate(kinds):
        num = c.new(k)
        n = len(num.digits)
        if i and c.r() < 0.5:
            L.append(T.lookalike())
        if i and k == kinds[0] and k == "phone":
            L.append(T.A(T.t({"zh": ["再留一个紧急联系人的手机号吧。", "家属的手机号也报一下。"],
                              "en": ["And an emergency contact's mobile?", "Could I have a second number, for your partner?"],
                              "mx": ["Emergency contact 的手机号也给一个？"]})))
        else:
            L.append(T.ask(k))
        r = c.r()
        f = c.piece(num, 0, n, fill=1 if r < 0.25 else 0)
        L.append(T.C(T.pre(k), f, T.post()))
        if c.r() < 0.35:
            L.append(rb_line(T, c.piece(num, n - 4, n, role="readback"), RB_LAST))
            L.append(T.C(T.t(YES)))
    if c.r() < 0.4:
        # two numbers in one line
        k1, k2 = c.rng.sample(["phone", "id_number", "bank_card"], 2)
        n1, n2 = c.new(k1), c.new(k2)
        lab = {"phone": {"zh": "手机", "en": "mobile", "mx": "mobile"}, "id_number": {"zh": "身份证", "en": "ID number", "mx": "ID"},
               "bank_card": {"zh": "卡号", "en": "card", "mx": "card number"}}
        lk = "en" if c.lang == "en" else ("mx" if c.lang == "mixed" else "zh")
        sep = ", " if c.lang == "en" else "，"
        L.append(T.A(T.t({"zh": ["家属的信息也要登记一下，两项您一起报吧。", "第二联系人的也要，您一起报一下。"],
                          "en": ["I need the same for the second account holder, both please.",
                                 "And the same two for your partner, if you have them."],
                          "mx": ["Second holder 的信息也要，一起报一下。", "家属的也要登记，both please。"]})))
        L.append(T.C(lab[k1][lk] + (" " if c.lang == "en" or c.pad else ""), c.piece(n1, 0, len(n1.digits)), sep,
                     lab[k2][lk] + (" " if c.lang == "en" or c.pad else ""), c.piece(n2, 0, len(n2.digits)), T.post()))
    L.append(T.A(T.t(ACK)))
    return L


def ex_negative(T, kind):
    c = T.c
    L = []
    for _ in range(c.rng.randint(2, 4)):
        L.append(T.lookalike())
        if c.r() < 0.35:
            L.append(T.C(T.t({"zh": ["好的。", "嗯，明白。", "行。"], "en": ["OK.", "Right, thanks.", "Got it."],
                              "mx": ["OK。", "好，got it。"]})))
    if c.r() < (0.4 if c.lang == "zh" else 0.7):
        L.insert(c.rng.randint(0, len(L)), T.spelled())
    if c.r() < 0.45:
        q, a = c.choice(DECLINE["en" if c.lang == "en" else ("mx" if c.lang == "mixed" else "zh")])
        at = c.rng.randint(0, len(L))
        L[at:at] = [T.A(q), T.C(a)]
    return L


EXCHANGES = {"plain": ex_plain, "interruption": ex_interrupt, "continuation": ex_continue,
             "correction": ex_correct, "filler": ex_filler, "asr-chunks": ex_chunks, "readback": ex_readback,
             "check-char-apart": ex_checkchar, "glued-words": ex_glued, "multi-number": ex_multi,
             "negative": ex_negative}


def build_lines(c):
    T = Talk(c)
    L = T.opening()
    if c.r() < 0.55:
        L.append(T.lookalike())
    kind = T.kind()
    if c.phen == "check-char-apart":
        kind = "id_number"
    core = EXCHANGES[c.phen](T, kind)
    L += core
    if c.phen != "negative" and c.r() < 0.5:
        L.append(T.lookalike("A"))
    if c.phen not in ("negative",) and c.lang != "zh" and c.r() < 0.15:
        L.append(T.spelled())
    L += T.closing()
    return L


def split_cuts(lines):
    """Text and WebVTT: a segment cut inside a fragment becomes two lines and two fragments."""
    out = []
    for ln in lines:
        cur = []
        cont = ln.cont
        for it in ln.items:
            if isinstance(it, Frag) and any(t[1] == B for t in it.toks):
                k = next(i for i, t in enumerate(it.toks) if t[1] == B)
                t1, t2 = it.toks[:k], it.toks[k + 1:]
                n1 = sum(len(t[2]) for t in t1)
                f1 = Frag(it.kind, t1, it.ds[:n1], it.a, it.a + n1, it.role, it.wrong)
                f2 = Frag(it.kind, t2, it.ds[n1:], it.a + n1, it.b, it.role, it.wrong)
                cur.append(f1)
                out.append(Line(ln.spk, cur, cont))
                cur, cont = [f2], True
            else:
                cur.append(it)
        out.append(Line(ln.spk, cur, cont))
    return out


# ============================================================================================
# Rendering: plain text, WebVTT, ASR JSON
# ============================================================================================

LABELS = {"zh": [("坐席", "客户"), ("客服", "来电人"), ("客服", "客户"), ("话务员", "用户"), ("A", "B"),
                 ("SPEAKER_00", "SPEAKER_01"), ("客服代表", "客户"), ("工作人员", "来电人")],
          "en": [("Agent", "Customer"), ("Rep", "Caller"), ("A", "B"), ("Operator", "Caller"), ("SPEAKER_00", "SPEAKER_01"),
                 ("AGENT", "CALLER"), ("Advisor", "Member"), ("Agent", "Caller")]}
TEXT_PATTERNS = {"zh": ["{lab}：{txt}", "{lab}：{txt}", "{lab}:{txt}", "[{ts}] {lab}：{txt}", "[{ts}] {lab}: {txt}",
                        "{ts} {lab}：{txt}", "{lab} {ts}\n{txt}", "{lab}（{ts}）：{txt}", "[{ts}]{lab}：{txt}", "{txt}",
                        "[{ts}] {txt}", "{lab} > {txt}", "{ts}  {lab}  {txt}"],
                 "en": ["{lab}: {txt}", "{lab}: {txt}", "[{ts}] {lab}: {txt}", "{ts} {lab}: {txt}", "{lab} {ts}\n{txt}",
                        "{lab} ({ts}): {txt}", "{txt}", "[{ts}] {txt}", "{lab} > {txt}", "{ts}  {lab}  {txt}",
                        "{lab}:{txt}"]}


def fmt_ts(sec, style):
    h, rem = divmod(int(sec), 3600)
    m, s = divmod(rem, 60)
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    return f"{m + 60 * h:02d}:{s:02d}"


def line_text(ln, base, labels):
    """The line's text; collects (start, end, frag) with offsets from base."""
    parts, pos = [], base
    for it in ln.items:
        if isinstance(it, Frag):
            t = it.text()
            labels.append((pos, pos + len(t), it))
        else:
            t = it
        parts.append(t)
        pos += len(t)
    return "".join(parts)


def render_text(c, lines):
    rng = c.rng
    lk = "en" if c.lang == "en" or (c.lang == "mixed" and c.r() < 0.5) else "zh"
    la, lc = rng.choice(LABELS[lk])
    pat = rng.choice(TEXT_PATTERNS[lk])
    if c.phen in ("interruption",) and pat in ("{txt}", "[{ts}] {txt}") and c.r() < 0.5:
        pat = "{lab}：{txt}" if lk == "zh" else "{lab}: {txt}"
    ts_style = rng.choice(["hms", "ms"])
    repeat_cont = c.r() < 0.5
    t = rng.randint(0, 40)
    out, labels = [], []
    pos = 0
    for ln in lines:
        t += rng.randint(2, 9)
        lab = la if ln.spk == "A" else lc
        if ln.cont and not repeat_cont:
            head = "    " if c.r() < 0.2 and "{lab}" in pat and "\n" not in pat else ""
            body_pat = head + "{txt}"
        else:
            body_pat = pat
        pre = body_pat.split("{txt}")[0].replace("{lab}", lab).replace("{ts}", fmt_ts(t, ts_style))
        post = body_pat.split("{txt}")[1]
        txt = line_text(ln, pos + len(pre), labels)
        full = pre + txt + post
        out.append(full)
        pos += len(full) + 1
    text = "\n".join(out)
    if c.r() < 0.5:
        text += "\n"
    spans = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role} for s, e, f in labels]
    return {"text": text, "spans": spans}, [(s, e, f) for s, e, f in labels], text


def vtt_ts(sec, short):
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    if short and h == 0:
        return f"{int(m):02d}:{s:06.3f}"
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def render_vtt(c, lines):
    rng = c.rng
    lk = "en" if c.lang == "en" or (c.lang == "mixed" and c.r() < 0.5) else "zh"
    la, lc = rng.choice(LABELS[lk])
    style = rng.choice(["<v {lab}>{txt}", "{lab}: {txt}", "{lab}：{txt}" if lk == "zh" else "{lab}: {txt}", "{txt}",
                        "[{lab}] {txt}", "<v {lab}>{txt}</v>", "- {txt}"])
    header = rng.choice(["WEBVTT", "WEBVTT", "WEBVTT\nKind: captions\nLanguage: " + ("en" if c.lang == "en" else "zh"),
                         "WEBVTT - call transcript"])
    cue_ids = rng.choice(["none", "num", "none"])
    short = c.r() < 0.3
    t = rng.uniform(0.2, 3.0)
    text = header + "\n\n"
    labels = []
    for i, ln in enumerate(lines):
        if cue_ids == "num":
            text += f"{i + 1}\n"
        dur = max(1.0, sum(len(x.text()) if isinstance(x, Frag) else len(x) for x in ln.items) * rng.uniform(0.07, 0.16))
        text += f"{vtt_ts(t, short)} --> {vtt_ts(t + dur, short)}\n"
        t += dur + rng.uniform(0.1, 1.2)
        lab = la if ln.spk == "A" else lc
        pre, post = style.split("{txt}")
        pre = pre.replace("{lab}", lab)
        text += pre
        txt = line_text(ln, len(text), labels)
        text += txt + post + "\n\n"
    text = text.rstrip("\n") + "\n"
    spans = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role} for s, e, f in labels]
    return {"transcript_text": text, "spans": spans}, labels, text


TOK_RE = re.compile(r"[A-Za-z0-9０-９¥$£][A-Za-z0-9０-９'’.\-:/,%·]*[A-Za-z0-9０-９%]|[A-Za-z0-9０-９¥$£%]|[\u3400-\u9fff〇]+|\s+|.", re.S)


def str_words(c, s):
    """Plain text of a line as ASR words (without leading spaces)."""
    words = []
    for m in TOK_RE.finditer(s):
        tok = m.group(0)
        if tok.isspace():
            continue
        if re.fullmatch(r"[\u3400-\u9fff〇]+", tok):
            i = 0
            while i < len(tok):
                k = c.rng.choice([1, 1, 2, 2, 2, 3])
                words.append(tok[i:i + k])
                i += k
        elif len(tok) == 1 and not tok.isalnum() and tok not in "¥$£":
            if words:
                words[-1] += tok
            else:
                words.append(tok)
        else:
            words.append(tok)
    return words


def render_asr(c, lines, whisper):
    rng = c.rng
    spk_names = rng.choice([("agent", "customer"), ("A", "B"), ("SPEAKER_00", "SPEAKER_01"), ("spk0", "spk1"), None])
    lead_space = c.lang == "en" or c.r() < 0.5
    t = rng.uniform(0.1, 4.0)
    segs = []           # list of lists of (word, frag or None)
    seg_spk = []
    for ln in lines:
        cur = []
        segs.append(cur)
        seg_spk.append(ln.spk)
        for it in ln.items:
            if isinstance(it, Frag):
                for (tx, role, _) in it.toks:
                    if role == B:
                        cur = []
                        segs.append(cur)
                        seg_spk.append(ln.spk)
                    elif role == S:
                        p = tx.strip().strip("-－–— ")
                        if p:
                            w, f = cur[-1]
                            cur[-1] = (w + p, f)
                    else:
                        for piece in tx.split():
                            cur.append((piece, it))
            else:
                ws = str_words(c, it)
                for j, w in enumerate(ws):
                    if j == 0 and cur and not re.match(r"[A-Za-z0-9０-９\u3400-\u9fff¥$£〇]", w):
                        pw, pf = cur[-1]
                        cur[-1] = (pw + w, pf)   # punctuation rides on the word before it
                        continue
                    cur.append((w, None))
    segs2, spk2 = [], []
    for s, sp in zip(segs, seg_spk):
        if s:
            segs2.append(s)
            spk2.append(sp)
    # timing and shapes
    ent_words = {}    # id(frag) -> list of keys
    frag_of = {}
    out_segs = []
    flat = []
    for si, s in enumerate(segs2):
        if si:
            t += rng.uniform(0.25, 1.4)
        seg_start = t
        ws = []
        for wi, (w, f) in enumerate(s):
            if whisper and (c.lang == "en" or re.match(r"[A-Za-z]", w) or lead_space and re.match(r"[0-9０-９¥$£]", w)):
                w = " " + w
            dur = 0.08 + 0.045 * len(w.strip()) + rng.uniform(0.02, 0.2)
            st, en = round(t, 2), round(t + dur, 2)
            t += dur + rng.uniform(0.0, 0.12)
            if whisper:
                key = [si, wi]
                ws.append({"word": w, "start": st, "end": en, "probability": round(rng.uniform(0.55, 0.99), 2)})
            else:
                key = len(flat)
                wd = {"word": w, "start": st, "end": en}
                if spk_names:
                    wd["speaker"] = spk_names[0] if spk2[si] == "A" else spk_names[1]
                flat.append(wd)
            if f is not None:
                ent_words.setdefault(id(f), []).append(key)
                frag_of[id(f)] = f
        if whisper:
            seg = {"id": si, "start": round(seg_start, 2), "end": ws[-1]["end"],
                   "text": "".join(x["word"] for x in ws).strip(), "words": ws}
            if spk_names:
                seg["speaker"] = spk_names[0] if spk2[si] == "A" else spk_names[1]
            out_segs.append(seg)
    tr = {"language": "en" if c.lang == "en" else "zh"}
    if whisper:
        tr["segments"] = out_segs
    else:
        tr["words"] = flat
    ents = []
    order = []
    for ln in lines:
        for it in ln.items:
            if isinstance(it, Frag) and id(it) in ent_words and id(it) not in order:
                order.append(id(it))
    for fid in order:
        f = frag_of[fid]
        ents.append({"kind": f.kind, "last4_ok": f.last4_ok, "role": f.role, "words": ent_words[fid]})
    # the case's words as text (segments on their own lines), labelled words replaced by a breaker
    if whisper:
        rows = [[w["word"].strip() for w in s["words"]] for s in out_segs]
    else:
        rows = [[w["word"] for w in flat]]
    labelled = set(tuple(k) if isinstance(k, list) else k for e in ents for k in e["words"])
    chk_rows = []
    for si, r in enumerate(rows):
        chk_rows.append(" ".join("\u2588" if ((si, wi) if whisper else wi) in labelled else w for wi, w in enumerate(r)))
    return {"transcript": tr, "entities": ents}, [(ent_words[fid], frag_of[fid]) for fid in order], "\n".join(chk_rows)


# ============================================================================================
# One case
# ============================================================================================

def check_frag(f, text_of_label):
    num_ok = f.b - f.a == len(f.ds)
    if not num_ok:
        raise GenError(f"fragment digit count {f.ds} vs {f.a}-{f.b}")
    got = spoken_digits(text_of_label)
    if got != f.ds:
        raise GenError(f"fragment {text_of_label!r} reads {got}, built from {f.ds}")
    if ev.readable_count(text_of_label) == 0:
        raise GenError(f"fragment {text_of_label!r} reads no digit")
    if f.last4_ok != (f.kind == "phone" and f.b == 11):
        raise GenError("last4_ok rule")
    if f.last4_ok and MULT_RE.search(text_of_label):
        # no double/triple said within the phone's last five digits
        us = units_expanded(text_of_label)
        total = sum(len(u[3]) for u in us)
        pos = 0
        for (a, b, cnt, ds) in us:
            if len(ds) > cnt and pos + len(ds) > total - 5:
                raise GenError("multiplier in the last digits of a last4_ok phone")
            pos += len(ds)


def make_case(idx, phen, lang, fmt):
    last = None
    for attempt in range(60):
        rng = random.Random(SEED * 100_003 + idx * 1_009 + attempt)
        dom = rng.choice(DOMAIN_NAMES)
        c = Ctx(rng, lang, fmt, phen, dom)
        try:
            lines = build_lines(c)
            frags = [it for ln in lines for it in ln.items if isinstance(it, Frag)]
            for f in frags:
                src = f.ds
                num = next((n for n in c.numbers if n.kind == f.kind and (n.digits[f.a:f.b] == src or f.wrong)), None)
                if num is None:
                    raise GenError("fragment of no number")
                if f.wrong and num.kind != "phone" and f.b - f.a == len(num.digits) and number_valid(num.kind, src):
                    raise GenError("a misheard full number still validates")
            if (phen == "negative") != (not frags):
                raise GenError("negatives hold no fragment, others some")
            case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": phen, "lang": lang, "format": fmt, "domain": dom}
            if fmt == "asr-json":
                whisper = rng.random() < 0.5
                body, ents, chk = render_asr(c, lines, whisper)
                case.update(body)
                words = {k: w for k, w, _ in ev.asr_words(body["transcript"])}
                for keys, f in ents:
                    check_frag(f, " ".join(words[tuple(k) if isinstance(k, list) else k] for k in keys))
                if len(ents) != len(frags):
                    raise GenError("a fragment produced no word")
            else:
                lines2 = split_cuts(lines)
                if fmt == "text":
                    body, labs, full = render_text(c, lines2)
                else:
                    body, labs, full = render_vtt(c, lines2)
                case.update(body)
                for s, e, f in labs:
                    seg = full[s:e]
                    if seg != f.text() or "\n" in seg or seg != seg.strip():
                        raise GenError(f"span text {seg!r} vs {f.text()!r}")
                    check_frag(f, seg)
                    for edge, out in ((seg[0], full[s - 1] if s else ""), (seg[-1], full[e] if e < len(full) else "")):
                        if out and (ev.readable_count(out) or (edge.isascii() and edge.isalnum() and out.isascii() and out.isalnum())):
                            raise GenError(f"span {seg!r} touches {out!r}")
                chk = list(full)
                for s, e, _ in labs:
                    for i in range(s, e):
                        chk[i] = "\u2588"
                chk = "".join(chk)
            check_unlabelled(chk, [n.digits for n in c.numbers])
            for n in c.numbers:
                assert number_valid(n.kind, n.digits)
            probs = ev.check_fixture_structure([case], SET)
            if probs:
                raise GenError("; ".join(probs))
            return case, attempt
        except GenError as e:
            last = e
            continue
    raise SystemExit(f"{SET}-{idx:04d}: no valid draw after 60 attempts: {last}")


# ============================================================================================
# The plan: phenomenon, language and format of every case
# ============================================================================================

PHEN_COUNTS = [("negative", 80), ("plain", 30), ("interruption", 36), ("continuation", 30), ("correction", 36),
               ("filler", 32), ("asr-chunks", 34), ("readback", 36), ("check-char-apart", 26), ("glued-words", 24),
               ("multi-number", 36)]
LANG_TOTAL = {"zh": 160, "en": 140, "mixed": 100}
FMT_TOTAL = {"text": 220, "vtt": 60, "asr-json": 120}
CHUNK_ASR = 26
GLUED_LANG = {"en": 16, "mixed": 8}


def plan():
    prng = random.Random(SEED)
    phens = [p for p, n in PHEN_COUNTS for _ in range(n)]
    assert len(phens) == N_CASES
    prng.shuffle(phens)
    fmts = [None] * N_CASES
    langs = [None] * N_CASES
    chunk_idx = [i for i, p in enumerate(phens) if p == "asr-chunks"]
    for j, i in enumerate(chunk_idx):
        fmts[i] = "asr-json" if j < CHUNK_ASR else "text"
    pool = ["asr-json"] * (FMT_TOTAL["asr-json"] - CHUNK_ASR) + ["vtt"] * FMT_TOTAL["vtt"] + \
        ["text"] * (FMT_TOTAL["text"] - (len(chunk_idx) - CHUNK_ASR))
    prng.shuffle(pool)
    rest = [i for i in range(N_CASES) if fmts[i] is None]
    assert len(pool) == len(rest)
    for i, f in zip(rest, pool):
        fmts[i] = f
    glued_idx = [i for i, p in enumerate(phens) if p == "glued-words"]
    gl = ["en"] * GLUED_LANG["en"] + ["mixed"] * GLUED_LANG["mixed"]
    for i, l in zip(glued_idx, gl):
        langs[i] = l
    lpool = ["zh"] * LANG_TOTAL["zh"] + ["en"] * (LANG_TOTAL["en"] - GLUED_LANG["en"]) + \
        ["mixed"] * (LANG_TOTAL["mixed"] - GLUED_LANG["mixed"])
    prng.shuffle(lpool)
    rest = [i for i in range(N_CASES) if langs[i] is None]
    assert len(lpool) == len(rest)
    for i, l in zip(rest, lpool):
        langs[i] = l
    return list(zip(phens, langs, fmts))


def final_checks(cases):
    probs = ev.check_fixture_structure(cases, SET)
    if probs:
        raise SystemExit("structure: " + "; ".join(probs[:10]))
    for mode in ("oracle", "last4"):
        outs = ev.builtin_outputs(cases, mode)
        results = [ev.score_case(c, outs[c["id"]]) for c in cases]
        groups, _, confusions, broken, _ = ev.aggregate(results)
        ov = groups["overall"]
        if not (ov.recall() == 1.0 and ov.precision() == 1.0 and ov.negrate() == 0.0 and not confusions and not broken):
            bad = [r.case["id"] for r in results if any(not f["hidden"] for f in r.frags) or any(not p["correct"] for p in r.preds)]
            raise SystemExit(f"{mode}: recall {ov.recall()} precision {ov.precision()} negatives {ov.negrate()} "
                             f"(cases {bad[:10]})")


def generate():
    cases = []
    redraws = 0
    for i, (phen, lang, fmt) in enumerate(plan(), start=1):
        case, attempt = make_case(i, phen, lang, fmt)
        redraws += attempt
        cases.append(case)
    final_checks(cases)
    return cases, redraws


def summary(cases):
    by = Counter()
    for c in cases:
        by["lang " + c["lang"]] += 1
        by["format " + c["format"]] += 1
        by["phenomenon " + c["phenomenon"]] += 1
        if c["format"] == "asr-json":
            by["asr " + ("segments" if "segments" in c["transcript"] else "words")] += 1
        for lab in ev.labels_of(c):
            by["kind " + lab["kind"]] += 1
            by["last4_ok"] += lab["last4_ok"]
    return by


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stdout", action="store_true", help="print the cases instead of writing the fixture")
    ap.add_argument("--summary", action="store_true", help="print counts by language, format, phenomenon and kind")
    args = ap.parse_args(argv)
    cases, redraws = generate()
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if args.stdout:
        sys.stdout.write(data)
    else:
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)} ({redraws} redraws)")
    if args.summary:
        for k, v in sorted(summary(cases).items()):
            print(f"  {k}: {v}", file=sys.stderr if args.stdout else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
