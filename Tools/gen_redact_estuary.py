#!/usr/bin/env python3
"""Estuary: 400 whole call-centre conversations for `callvault redact`, written by a fourteenth independent author.

    Tools/gen_redact_estuary.py            # writes Tests/VaultRedactTests/Fixtures/conversations-estuary.jsonl
    Tools/gen_redact_estuary.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_estuary.py --out PATH

Provenance. The set ("set": "estuary", ids estuary-0001 ... estuary-0400) was written by a fourteenth,
independent author from the task description (issue #15) and the scorer Tools/eval_redact_conversations.py
only: its case schema, its labelling conventions, its digit reader and its structure / oracle checks
(imported here and run on every case while it is written). The redactor's sources (Sources/) were not
read and the redactor was not run (nothing was built); of the other generators only their module
docstrings were read (for the shared label conventions and to keep out of the domains they use), plus,
in Tools/gen_redact_delta.py, the code wiring the scorer's checks and the --stdout / --out handling,
which this file follows; no template or sentence of another generator or fixture was copied (the head
of one existing fixture line was looked at to confirm the JSON shape).

Domains (none used by another set): a pawnshop, a gold buy-back counter, an optician, bottled-water
delivery, LPG cylinder delivery, self-storage, a karaoke (KTV) bar's bookings, a florist, an EV
charging network, a yacht marina, an angling-permit office and a farm-machinery (tractor) dealer,
about 33 cases each.

Languages: Chinese 150, English 150, mixed Chinese/English code-switching 100 (also inside numbers:
幺三八 then "zero zero one three", Chinese numerals then Arabic).
Formats: plain text 220 (坐席/客户, 客服/来电人, 接线员/来电者, 话务员/用户, 工作人员/顾客, 服务专员/客户, 甲/乙,
A/B, Agent/Customer, Rep/Caller, CSR/Customer, Operator/Caller, Advisor/Client, Support/Member,
AGENT/CUSTOMER and domain labels such as 业务员/客户, 调度/用户, 码头办公室/船东, Broker/Customer,
Marina office/Berth holder, in `lab：`, `lab: `, `【lab】`, `[lab] `, `<lab> `, `lab - `, `lab > `,
`**lab:**`, `ts | lab | `, header-line layouts and `lab ts:` / `lab（ts）：`; 128 of them with
[00:01:02] / 00:01:02 / (01:02) / [01:02.4] / 【00:01:02】 / wall-clock stamps; continuation lines
labelled again, bare or indented; 16 with no speaker labels at all, bare, dash-, bullet- or
stamp-led), WebVTT 60 (`<v lab>`, `<v lab>…</v>`, `lab：`, `lab: `, `[lab] `, dash and bare
payloads; numeric, `cue-N` or no cue ids; long and short timings; optional Kind/Language header
lines and a NOTE; a turn that goes on is a new cue, with or without its voice, or a second payload
line) and ASR JSON 120 (54 flat `words`, most with per-word speakers, some with confidences; 66
Whisper-style `segments` with `words`, leading-space words in English, some with segment speakers).

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 30 (11/11/8, 17/5/8): answered; volunteered with the reason for the call; read out by the
    agent from the system; mid-sentence ("ring me on … after six"); given with no context word
    after a wait because the agent asked two turns earlier; read off the card;
  interruption 38 (15/14/9, 22/6/10): one or two back-channels (嗯 / 好，您继续 / go on / okay /
    mm-hm) on their own speaker line, the agent echoing a piece, "sorry, what came after that?",
    "could you repeat the last part?" answered with the last group, an agent's read-back cut by
    the caller's 对 / yes;
  continuation 32 (12/12/8, 17/5/10): the same speaker goes on on the next line / cue / segment
    (two or three pieces; "I'll read it out" then the number alone on the next line; the agent
    reading a number from the system over two lines);
  correction 42 (17/15/10, 24/6/12): abandoned wrong prefixes (一八幺，哦不是，…), restarts of a right
    prefix (重新说一下 / let me start again), a complete wrong version then the corrected last group,
    "the middle bit is 0013, not 0031", a wrong number then the whole number again a turn later
    (哦不是 / 不对 / 说错了 / 不对不对 / sorry, no wait / scratch that / hang on, that's wrong);
  filler 34 (13/12/9, 19/5/10): one to three of 呃 / 嗯 / 那个 / 额 / 就是 / um / uh / er / erm
    between groups, inside a group, and after a hesitant lead-in;
  asr-chunks 34 (14/12/8, 10/4/20): ITN chunks spread over tokens (1 57 194 18 213), Chinese
    numerals mixed with Arabic chunks, one numeral per token, a number cut over two segments /
    cues / lines inside a group;
  readback 40 (15/15/10, 23/6/11): whole, last four (尾号…), first group, a misheard digit in the
    whole number (an ID / card read back wrongly fails its check) or in the last four, with the
    caller's correction ("不对，是…，不是…") and often a second, right read-back;
  check-char-apart 26 (11/9/6, 14/4/8): an ID's seventeen digits, then ……末尾是X / 最后是个X /
    最后一位是叉 / "and then X" on the same line, on the next line, or after the agent asks for
    the last character (X, x, Ｘ or 叉; four with a digit check character said apart);
  glued-words 26 (0/16/10, 14/4/8): English number words glued by the recogniser (twotwo,
    fiveeight, oneseven, sometimes doubleeight) in a whole number, a read-back, or two pieces;
  multi-number 38 (16/13/9, 22/6/10): two numbers of different kinds on one line, two or three
    numbers over turns, a mobile and a backup / landline;
  negative 60 (26/21/13, 38/9/13): look-alikes only. 36 hold a 15-19 digit reference spelled in
    English number words or Chinese numerals (a tracking, docket, barcode, contract, engine,
    transaction … number) and 6 an Arabic one, all failing Luhn / MOD 11-2 and said after no ID
    or card context word; 6 an 11-digit membership number not starting 1[3-9]; 6 a number asked
    for but not given; 6 domain chatter (amounts, dates, times, codes, hotlines).
37 calls of the other phenomena carry a second number too (75 cases hold two or more numbers),
and 53 say a look-alike (order code, amount, date, time) in the same turn as the real number, just
before or after it; the reasons and follow-ups of most calls carry look-alikes as well.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code,
valid birth date, MOD 11-2 check character, X in most of the check-char cases), a bank card
(UnionPay 16 / 19 digits, Visa, Mastercard; Luhn-valid) or a phone number (PRC mobiles 1[3-9]x,
landlines with their area code, UK / US / HK / SG / AU numbers) said by anybody is one fragment of
its kind, with a "role": said, piece, echo, readback, misheard, abandoned, wrong, corrected,
check-char. Counts: 661 fragments, phone 294, id_number 197, bank_card 170 (237 with last4_ok);
cases holding a phone 191, an ID 112, a card 105; 66 cases hold numbers of two or more kinds.
A fragment runs from its first digit-bearing word to its last (never starting with "double" /
"triple") and holds the separators and fillers inside it; in text and WebVTT it is a code-point
span within one line, in asr-json the list of its words. A country code (+86, 0086, +44, "plus six
five" …) is not part of a phone fragment; a landline's area code is. `last4_ok` is set exactly on
phone fragments that end at the final digit of the number or of a wrong / misheard version of it;
never on IDs, cards, abandoned prefixes or middle pieces. No "double" / "triple" is said in the
last five digits of a phone fragment that has last4_ok. Every number is used by one case only.

Checks at generation (any failure aborts, nothing is written): every number valid (every misheard
or wrong ID / card fails its check); every fragment says, with double/triple expanded, exactly the
digits it was built from (read by this file) and reads, with the scorer's reader, exactly its
collapsed digits; spans hold no line break and no outer white space, cut no word and have no
digit-bearing character beside them; last4_ok as above. On what the redactor reads (the text, the
WebVTT cue payloads, the ASR words), runs of unlabelled digits joined across spaces, punctuation,
line breaks and fillers (a line's speaker-label prefix breaks a run), read with and without
double/triple expanded, have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn, no
18-character window passing MOD 11-2, are no 10-12 digit run starting with 0, hold no 6-digit
piece of a labelled number and never run into a fragment (country codes excepted). A case is
drawn again until all hold. The scorer's structure check passes on each case and on the set; its
oracle and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity
and leaky ones recall at most the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, domain, kind,
variant); each case draws from its own random.Random seeded from the master seed, its index and a
redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import calendar
import os
import random
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: reader, structure and oracle checks)

SET = "estuary"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-estuary.jsonl")
MASTER_SEED = 20_150_415
N_CASES = 400
MAX_REDRAWS = 300


class Bug(Exception):
    """A generator bug: abort loudly."""


class Redraw(Exception):
    """This draw of a case broke a rule (a look-alike that validates, a touching digit ...): draw again."""


# ============================================================================================
# Numbers
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(d17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(d17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


def luhn_ok(s):
    if not s.isdigit():
        return False
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
    raise Bug("no luhn digit")


# county-level codes (real ones, spread over the country)
REGIONS = ["110108", "110105", "120104", "130102", "140105", "150102", "210106", "220104", "230103",
           "310115", "310104", "320106", "320583", "330102", "330683", "340104", "350203", "360103",
           "370212", "370883", "410305", "420111", "430611", "440106", "440304", "441302", "450103",
           "460106", "500112", "510124", "520102", "530111", "610113", "620102", "630104", "640106",
           "650103", "330424", "321002", "350582", "371326", "420582"]

MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                 "155", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183",
                 "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]

# (area code, local length, first local digits)
AREAS = [("010", 8, "568"), ("021", 8, "5632"), ("020", 8, "3238"), ("0755", 8, "2368"), ("0571", 8, "8652"),
         ("028", 8, "6685"), ("027", 8, "5863"), ("025", 8, "5284"), ("0532", 8, "8568"), ("029", 8, "8862"),
         ("0591", 8, "8623"), ("0574", 8, "8752"), ("0769", 8, "2238"), ("0898", 8, "6635"), ("0951", 7, "5642")]

UNIONPAY_BIN = ["622202", "622848", "621700", "621483", "622588", "621226", "622260", "623058", "621661",
                "622700", "621799", "622609", "625965", "621485", "622155", "620522"]


class Num:
    """A personal number: kind, its digits (national, what is labelled), groups (how it is said),
    an optional country code, and a sub-kind."""

    def __init__(self, kind, digits, groups, sub, cc=None):
        self.kind, self.digits, self.groups, self.sub, self.cc = kind, digits, list(groups), sub, cc
        if sum(self.groups) != len(digits):
            raise Bug(f"groups {groups} for {digits}")

    def valid(self):
        return number_valid(self.kind, self.sub, self.digits)


def number_valid(kind, sub, d):
    if kind == "id_number":
        return id_valid(d)
    if kind == "bank_card":
        return 13 <= len(d) <= 19 and luhn_ok(d)
    if sub == "mobile":
        return len(d) == 11 and d[0] == "1" and d[1] in "3456789" and d.isdigit()
    return d.isdigit() and 7 <= len(d) <= 12


def gen_id(rng, want_x=None, groups=None):
    for _ in range(5000):
        y = rng.randint(1954, 2004)
        m = rng.randint(1, 12)
        dd = rng.randint(1, calendar.monthrange(y, m)[1])
        body = rng.choice(REGIONS) + f"{y:04d}{m:02d}{dd:02d}" + f"{rng.randint(1, 999):03d}"
        c = id_check(body)
        if want_x is True and c != "X":
            continue
        if want_x is False and c == "X":
            continue
        g = groups or rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 4], [6, 6, 6]])
        return Num("id_number", body + c, g, "id")
    raise Bug("gen_id")


def gen_card(rng, brand=None):
    brand = brand or rng.choice(["unionpay", "unionpay", "unionpay", "visa", "mc"])
    if brand == "unionpay":
        n = rng.choice([16, 16, 19, 19, 16])
        body = rng.choice(UNIONPAY_BIN) + "".join(rng.choice("0123456789") for _ in range(n - 7))
        g = [4, 4, 4, 4] if n == 16 else rng.choice([[4, 4, 4, 4, 3], [6, 13], [4, 4, 4, 4, 3]])
    elif brand == "visa":
        n = 16
        body = "4" + rng.choice(["147", "539", "024", "862", "316", "929", "000"]) + "".join(rng.choice("0123456789") for _ in range(11))
        g = [4, 4, 4, 4]
    elif brand == "mc":
        n = 16
        body = rng.choice(["51", "52", "53", "54", "55", "2223", "2720"]) 
        body += "".join(rng.choice("0123456789") for _ in range(n - 1 - len(body)))
        g = [4, 4, 4, 4]
    else:  # amex
        n = 15
        body = rng.choice(["34", "37"]) + "".join(rng.choice("0123456789") for _ in range(12))
        g = [4, 6, 5]
    d = body + luhn_digit(body)
    if len(d) != n:
        raise Bug("card length")
    return Num("bank_card", d, g, brand)


def gen_mobile(rng, groups=None):
    d = rng.choice(MOBILE_PREFIX) + "".join(rng.choice("0123456789") for _ in range(8))
    g = groups or rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [3, 3, 5], [3, 8], [4, 3, 4]])
    return Num("phone", d, g, "mobile")


def gen_landline(rng):
    area, n, firsts = rng.choice(AREAS)
    local = rng.choice(firsts) + "".join(rng.choice("0123456789") for _ in range(n - 1))
    g = [len(area), 4, 4] if n == 8 else [len(area), 3, 4]
    if rng.random() < 0.3 and n == 8:
        g = [len(area), 8]
    return Num("phone", area + local, g, "landline")


def gen_foreign(rng, country=None):
    country = country or rng.choice(["uk", "us", "hk", "sg", "au"])
    r = lambda k: "".join(rng.choice("0123456789") for _ in range(k))
    if country == "uk":
        d = "7" + rng.choice(["700", "911", "846", "723", "958", "412"]) + r(6)
        return Num("phone", d, [4, 6], "uk", rng.choice(["+44", "+44", "0044"])) if rng.random() < 0.5 \
            else Num("phone", "0" + d, [5, 6], "uk")
    if country == "us":
        d = rng.choice("2345789") + r(2) + rng.choice("2345689") + r(2) + r(4)
        return Num("phone", d, [3, 3, 4], "us", rng.choice([None, "+1"]))
    if country == "hk":
        return Num("phone", rng.choice("5679") + r(7), [4, 4], "hk", rng.choice(["+852", "+852", "00852"]))
    if country == "sg":
        return Num("phone", rng.choice("89") + r(7), [4, 4], "sg", "+65")
    d = "4" + r(8)
    return Num("phone", d, [3, 3, 3], "au", "+61") if rng.random() < 0.5 else Num("phone", "0" + d, [4, 3, 3], "au")


def gen_phone(rng, lang, landline_p=0.12, foreign_p=None):
    if foreign_p is None:
        foreign_p = {"zh": 0.0, "en": 0.4, "mixed": 0.12}[lang]
    x = rng.random()
    if x < foreign_p:
        return gen_foreign(rng)
    if x < foreign_p + landline_p:
        return gen_landline(rng)
    return gen_mobile(rng)


def gen_num(rng, kind, lang, **kw):
    if kind == "id_number":
        return gen_id(rng, **kw)
    if kind == "bank_card":
        return gen_card(rng, **kw)
    return gen_phone(rng, lang, **kw)


def mishear(rng, num, pos=None):
    """The digits of `num` with one digit changed (IDs and cards then fail their check)."""
    d = num.digits
    lo = 3 if num.sub == "mobile" else (1 if num.kind != "id_number" else 6)
    for _ in range(200):
        i = pos if pos is not None else rng.randrange(lo, len(d) - 1)
        if d[i] == "X":
            continue
        c = rng.choice([x for x in "0123456789" if x != d[i]])
        w = d[:i] + c + d[i + 1:]
        if num.kind == "phone" or not number_valid(num.kind, num.sub, w):
            return w, i
    raise Bug("mishear")


# ============================================================================================
# Saying numbers: atoms
# ============================================================================================

CN_DIG = "零一二三四五六七八九"
EN_DIG = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FW_DIG = "０１２３４５６７８９"
MULT = {"double": 2, "triple": 3}


class Atom:
    """One token of a said number (an ASR word): digits in some script, a multiplier, or a filler.
    `sep` is what follows it inside the number (in text)."""
    __slots__ = ("text", "kind", "sep")

    def __init__(self, text, kind, sep=" "):
        self.text, self.kind, self.sep = text, kind, sep   # kind: "d" digits, "m" multiplier, "f" filler

    def __repr__(self):
        return f"Atom({self.text!r},{self.kind},{self.sep!r})"


def split_groups(ds, sizes):
    out, i = [], 0
    for s in sizes:
        out.append(ds[i:i + s])
        i += s
    if i != len(ds):
        raise Bug(f"split {ds} {sizes}")
    return [g for g in out if g]


def sizes_for(num, a, b):
    """Group sizes of num's digits [a, b)."""
    res, i = [], 0
    for g in num.groups:
        lo, hi = max(i, a), min(i + g, b)
        if hi > lo:
            res.append(hi - lo)
        i += g
    return res


def cn_digit(c, rng, yao_p, liang_p):
    if c == "X":
        return "X"
    if c == "1" and rng.random() < yao_p:
        return "幺"
    if c == "2" and rng.random() < liang_p:
        return "两"
    return CN_DIG[int(c)]


def en_words_group(ds, rng, base, protect_from, zero_word, mult_p, allow_first_mult):
    """English words for one group ds (base = index of ds[0] in the fragment). Multipliers only over
    digits before protect_from, never as the fragment's first word."""
    out, i = [], 0
    while i < len(ds):
        c = ds[i]
        if c == "X":
            out.append(["X", "d"])
            i += 1
            continue
        run = 1
        while i + run < len(ds) and ds[i + run] == c:
            run += 1
        zw = zero_word if c == "0" else EN_DIG[int(c)]
        first = base + i == 0 and not allow_first_mult
        if not first and run >= 3 and base + i + 3 <= protect_from and rng.random() < mult_p:
            out += [["triple", "m"], [zw, "d"]]
            i += 3
        elif not first and run >= 2 and base + i + 2 <= protect_from and rng.random() < mult_p:
            out += [["double", "m"], [zw, "d"]]
            i += 2
        else:
            out.append([zw if c != "0" else rng.choice([zero_word, zero_word, zero_word, "zero" if zero_word == "oh" else "oh"]), "d"])
            i += 1
    return out


def say(ds, sizes, style, rng, *, gsep=None, protect_last5=False, glue=0, mult_p=0.35, yao_p=0.7,
        liang_p=0.1, zero_word=None, lang="zh"):
    """Atoms saying the digit string ds (grouped by sizes) in a style:
    ar (Arabic groups), fw (full-width), cn (Chinese numerals), en (English words), chunks (ITN chunks),
    cnchunks (Chinese numerals and Arabic chunks mixed), tokens (one numeral per token), switch
    (Chinese numerals then English words), en_ar (English words then Arabic)."""
    groups = split_groups(ds, sizes)
    atoms = []
    if style in ("ar", "fw"):
        if gsep is None:
            gsep = rng.choice([" ", " ", " ", "-", ""] if lang != "zh" else [" ", " ", "", "-", "，", " "])
        if gsep == "":
            t = ds if style == "ar" else "".join(FW_DIG[int(c)] if c != "X" else "Ｘ" for c in ds)
            return [Atom(t, "d", "")]
        for g in groups:
            t = g if style == "ar" else "".join(FW_DIG[int(c)] if c != "X" else "Ｘ" for c in g)
            atoms.append(Atom(t, "d", gsep))
        return atoms
    if style == "cn":
        if gsep is None:
            gsep = rng.choice([" ", " ", "，", "", "、"])
        if gsep == "":
            return [Atom("".join(cn_digit(c, rng, yao_p, liang_p) for c in ds), "d", "")]
        return [Atom("".join(cn_digit(c, rng, yao_p, liang_p) for c in g), "d", gsep) for g in groups]
    if style in ("en", "switch", "en_ar"):
        zero_word = zero_word or rng.choice(["oh", "oh", "zero"])
        if gsep is None:
            gsep = rng.choice([", ", " ", ", ", " - ", "... "])
        protect_from = len(ds) - 5 if protect_last5 else len(ds)
        base = 0
        ng = len(groups)
        split_at = rng.randint(1, ng - 1) if ng > 1 else 1
        for gi, g in enumerate(groups):
            if style == "switch" and gi < split_at:
                atoms.append(Atom("".join(cn_digit(c, rng, yao_p, liang_p) for c in g), "d", " "))
            elif style == "en_ar" and gi >= split_at:
                atoms.append(Atom(g, "d", " "))
            else:
                ws = en_words_group(g, rng, base, protect_from, zero_word, mult_p, False)
                for t, k in ws:
                    atoms.append(Atom(t, k, " "))
            atoms[-1].sep = gsep
            base += len(g)
        if glue:
            atoms = glue_atoms(atoms, rng, glue, protect_from if protect_last5 else None, ds)
        return atoms
    if style in ("chunks", "cnchunks", "tokens"):
        i = 0
        while i < len(ds):
            if style == "tokens":
                k = 1
            else:
                k = min(len(ds) - i, rng.choice([1, 2, 3, 3, 4, 4, 1, 2]))
            piece = ds[i:i + k]
            if style == "cnchunks" and rng.random() < 0.45:
                for c in piece:
                    atoms.append(Atom(cn_digit(c, rng, yao_p, liang_p), "d", " "))
            elif style == "tokens" and lang != "en" and rng.random() < 0.6:
                atoms.append(Atom(cn_digit(piece, rng, yao_p, liang_p), "d", " "))
            else:
                atoms.append(Atom(piece, "d", " "))
            i += k
        return atoms
    raise Bug(f"style {style}")


def _en_word(t):
    return t.isascii() and t.isalpha()


def glue_atoms(atoms, rng, n, protect_from, ds):
    """Glue n pairs (sometimes triples) of adjacent English digit words together (recogniser output)."""
    idx = [i for i in range(len(atoms) - 1)
           if atoms[i].kind in "dm" and atoms[i + 1].kind == "d" and _en_word(atoms[i].text) and _en_word(atoms[i + 1].text)
           and (atoms[i].kind == "d" or rng.random() < 0.3)
           and atoms[i].sep == " " and atoms[i].text.lower() != "x" and atoms[i + 1].text.lower() != "x"]
    rng.shuffle(idx)
    chosen = sorted(idx[:n])
    out, skip = [], set()
    merged = list(atoms)
    for i in reversed(chosen):
        if i in skip or i + 1 in skip:
            continue
        a, b = merged[i], merged[i + 1]
        if a.kind == "m" and protect_from is not None and i + 1 >= len(merged) - 6:
            continue
        merged[i] = Atom(a.text + b.text, "d", b.sep)
        merged[i + 1] = None
        skip.update({i, i + 1})
    out = [a for a in merged if a is not None]
    return out


FILLERS = {"zh": ["呃", "嗯", "那个", "额", "呃……", "嗯……", "就是"], "en": ["um", "uh", "er", "erm", "uh,", "um..."],
           "mixed": ["呃", "嗯", "那个", "um", "uh", "额"]}


def add_fillers(atoms, k, rng, lang, where=None):
    """Insert k fillers at boundaries between atoms (never first or last)."""
    bounds = [i for i in range(1, len(atoms)) if atoms[i - 1].kind != "m"]
    if where is not None:
        bounds = [b for b in bounds if b in where] or bounds
    if not bounds:
        raise Bug("no boundary for a filler")
    rng.shuffle(bounds)
    chosen = sorted(bounds[:k])
    out = []
    for i, a in enumerate(atoms):
        if i in chosen:
            f = rng.choice(FILLERS[lang])
            en_like = f.isascii()
            prev = out[-1]
            if en_like or prev.text.isascii() and prev.text.isalpha():
                prev.sep = rng.choice([", ", " ", "... ", " "]) if prev.sep not in (", ", "... ") else prev.sep
                fsep = rng.choice([" ", ", ", " "])
            else:
                prev.sep = rng.choice(["，", " ", "……", "", "，"])
                fsep = rng.choice(["，", " ", "", "，"])
            if f.endswith(",") or f.endswith("...") or f.endswith("……"):
                fsep = " " if f.isascii() else rng.choice(["", " "])
            if a.text.isascii() and a.text[:1].isalpha() and fsep == "":
                fsep = " "
            if prev.text[-1:].isascii() and prev.text[-1:].isalpha() and prev.sep == "":
                prev.sep = " "
            out.append(Atom(f, "f", fsep))
        out.append(a)
    return out


def atoms_text(atoms):
    return "".join(a.text + (a.sep if i < len(atoms) - 1 else "") for i, a in enumerate(atoms))


# my own reading of atoms (independent of the scorer's reader): digits expanded and collapsed
_MYVOC = {w: str(i) for i, w in enumerate(EN_DIG)}
_MYVOC["oh"] = "0"


def _split_glued(w):
    w = w.lower()
    if w == "x":
        return ["X"]
    out, i = [], 0
    while i < len(w):
        for v in sorted(list(_MYVOC) + list(MULT), key=len, reverse=True):
            if w.startswith(v, i):
                out.append(v)
                i += len(v)
                break
        else:
            return None
    return out


def atoms_digits(atoms):
    """(expanded, collapsed) digits the atoms say."""
    exp, col, mult = [], [], 1
    for a in atoms:
        if a.kind == "f":
            continue
        t = a.text
        if a.kind == "m":
            mult = MULT[t]
            continue
        if t[0].isascii() and t[0].isalpha():
            parts = _split_glued(t)
            if parts is None:
                raise Bug(f"unreadable atom {t}")
            for p in parts:
                if p in MULT:
                    mult = MULT[p]
                    continue
                dgt = "X" if p == "X" else _MYVOC[p]
                exp.append(dgt * mult)
                col.append(dgt)
                mult = 1
            continue
        for c in t:
            if c in "0123456789":
                dgt = c
            elif c in FW_DIG:
                dgt = str(FW_DIG.index(c))
            elif c in "幺":
                dgt = "1"
            elif c == "两":
                dgt = "2"
            elif c in CN_DIG:
                dgt = str(CN_DIG.index(c))
            elif c in "xXＸ叉":
                dgt = "X"
            else:
                raise Bug(f"char {c!r} in atom {t!r}")
            exp.append(dgt * mult)
            col.append(dgt)
            mult = 1
    return "".join(exp), "".join(col)


class Frag:
    """A labelled fragment: one contiguous piece of a personal number said in one place."""

    def __init__(self, kind, role, last4, digits, atoms, num):
        self.kind, self.role, self.last4, self.digits, self.atoms, self.num = kind, role, last4, digits, atoms, num
        self.final = False
        if not atoms or atoms[0].kind != "d" or atoms[-1].kind != "d":
            raise Bug(f"fragment must start and end with digits: {atoms}")
        exp, col = atoms_digits(atoms)
        if exp != digits:
            raise Bug(f"fragment says {exp}, built from {digits}: {atoms_text(atoms)}")
        self.collapsed = col
        self.text = atoms_text(atoms)
        if last4 and kind != "phone":
            raise Bug("last4 on a non-phone")
        if last4:
            tail = atoms_text(atoms)
            # no double/triple within the last five digits
            seen, k = 0, len(atoms) - 1
            while k >= 0 and seen < 5:
                a = atoms[k]
                if a.kind == "m" or (a.kind == "d" and _split_glued(a.text) and any(p in MULT for p in _split_glued(a.text) or [])):
                    raise Bug(f"multiplier in the last five digits of a last4 phone: {tail}")
                if a.kind == "d":
                    seen += len(atoms_digits([a])[0])
                k -= 1


class CC:
    """A country code said before a phone number (not part of the fragment)."""

    def __init__(self, text, digits_text):
        self.text = text            # e.g. "+86 "
        self.core = digits_text     # the digit-bearing part inside text


# ============================================================================================
# A conversation: lines of items (plain strings, fragments, country codes)
# ============================================================================================

class Line:
    def __init__(self, spk, items, cont=False):
        self.spk, self.items, self.cont = spk, items, cont


def line_content(items):
    """Text of a line's items; fragment and country-code offsets within it."""
    parts, frs, ccs, pos = [], [], [], 0
    for it in items:
        if isinstance(it, Frag):
            frs.append((it, pos, pos + len(it.text)))
            parts.append(it.text)
            pos += len(it.text)
        elif isinstance(it, CC):
            k = it.text.index(it.core)
            ccs.append((it, pos + k, pos + k + len(it.core)))
            parts.append(it.text)
            pos += len(it.text)
        else:
            parts.append(it)
            pos += len(it)
    return "".join(parts), frs, ccs


# ============================================================================================
# Layouts: plain text, WebVTT, ASR JSON
# ============================================================================================

def hms(t):
    t = int(t)
    return t // 3600, t // 60 % 60, t % 60


TS_STYLES = {
    "hms_b": lambda t, w: "[%02d:%02d:%02d]" % hms(t),
    "hms": lambda t, w: "%02d:%02d:%02d" % hms(t),
    "ms_p": lambda t, w: "(%02d:%02d)" % hms(t)[1:],
    "msd_b": lambda t, w: "[%02d:%04.1f]" % (int(t) // 60 % 60, t % 60),
    "hms_cn": lambda t, w: "【%02d:%02d:%02d】" % hms(t),
    "wall": lambda t, w: "%02d:%02d:%02d" % hms(w + t),
}

# (name, builder(lab, ts, content), uses ts, labelled)
TEXT_LAYOUTS = [
    ("colon_fw", lambda l, t, c: f"{l}：{c}", False, True),
    ("colon", lambda l, t, c: f"{l}: {c}", False, True),
    ("ts_lab_colon", lambda l, t, c: f"{t} {l}: {c}", True, True),
    ("ts_lab_colon_fw", lambda l, t, c: f"{t} {l}：{c}", True, True),
    ("black_bracket", lambda l, t, c: f"【{l}】{c}", False, True),
    ("square", lambda l, t, c: f"[{l}] {c}", False, True),
    ("angle", lambda l, t, c: f"<{l}> {c}", False, True),
    ("dash", lambda l, t, c: f"{l} - {c}", False, True),
    ("gt", lambda l, t, c: f"{l} > {c}", False, True),
    ("pipe_ts", lambda l, t, c: f"{t} | {l} | {c}", True, True),
    ("md_bold", lambda l, t, c: f"**{l}:** {c}", False, True),
    ("header", lambda l, t, c: f"{l}\n{c}", False, True),
    ("header_ts", lambda l, t, c: f"{t} {l}\n{c}", True, True),
    ("ts_black_bracket", lambda l, t, c: f"{t}【{l}】{c}", True, True),
    ("lab_ts_after", lambda l, t, c: f"{l} {t}: {c}", True, True),
    ("lab_ts_after_fw", lambda l, t, c: f"{l}（{t}）：{c}", True, True),
    ("bare", lambda l, t, c: c, False, False),
    ("bare_dash", lambda l, t, c: f"- {c}", False, False),
    ("bare_ts", lambda l, t, c: f"{t} {c}", True, False),
    ("bare_bullet", lambda l, t, c: f"· {c}", False, False),
]
TEXT_LAYOUT = {x[0]: x for x in TEXT_LAYOUTS}

LABELS = {
    "zh": [("坐席", "客户"), ("客服", "客户"), ("客服", "来电人"), ("接线员", "来电者"), ("话务员", "用户"),
           ("工作人员", "顾客"), ("A", "B"), ("甲", "乙"), ("服务专员", "客户"), ("坐席", "来电")],
    "en": [("Agent", "Customer"), ("Agent", "Caller"), ("Rep", "Caller"), ("CSR", "Customer"), ("Operator", "Caller"),
           ("Advisor", "Client"), ("A", "B"), ("Support", "Member"), ("Staff", "Caller"), ("AGENT", "CUSTOMER")],
    "mixed": [("Agent", "客户"), ("坐席", "Customer"), ("客服", "Caller"), ("Agent", "Customer"), ("坐席", "客户"),
              ("A", "B"), ("CS", "客户"), ("客服", "Client")],
}
SYS_LABEL = {"zh": ["系统", "语音导航", "IVR"], "en": ["IVR", "System", "Recording"], "mixed": ["IVR", "系统"]}


class Rendered:
    """A case laid out: what the fixture holds, and the surface the checks read (with owners)."""

    def __init__(self):
        self.case_part = {}
        self.labels = []         # (Frag, label dict)
        self.surface = ""
        self.owner = []          # per surface char: None, ("f", id) or ("c", id)
        self.variant = ""


def _own(owner, s, e, tag):
    for i in range(s, e):
        owner[i] = tag


def layout_text(conv, rng):
    lang = conv.lang
    labs = dict(zip("AC", conv.labels))
    labs["S"] = conv.sys_label
    starts_digit = any(line_starts_digit(ln) for ln in conv.lines)
    choices = list(TEXT_LAYOUTS)
    if lang == "en":
        choices = [x for x in choices if x[0] not in ("black_bracket", "ts_black_bracket", "colon_fw", "ts_lab_colon_fw")]
    if lang == "en":
        choices = [x for x in choices if x[0] != "lab_ts_after_fw"]
    if starts_digit:
        # a time stamp right before a line that opens with a number would run into it
        choices = [x for x in choices if x[0] not in ("bare_ts", "lab_ts_after", "lab_ts_after_fw")]
    weights = [0.4 if not x[3] else 1.0 for x in choices]
    name, fn, uses_ts, labelled = rng.choices(choices, weights)[0]
    if labelled and not uses_ts and name not in ("header",) and rng.random() < 0.4:
        inner = fn
        fn = lambda l, t, c: f"{t} " + inner(l, t, c)
        uses_ts = True
        name = "ts+" + name
    tstyle = rng.choice(list(TS_STYLES)) if uses_ts else None
    wall = rng.randint(8, 20) * 3600 + rng.randint(0, 3599)
    cont_style = rng.choice(["relabel", "bare", "indent", "relabel"]) if labelled else "bare"
    if name in ("header", "header_ts") and cont_style == "indent":
        cont_style = "bare"
    t = rng.uniform(0, 4)
    out_lines, owner_parts, labels = [], [], []
    pos = 0
    text = ""
    owner = []
    for ln in conv.lines:
        content, frs, ccs = line_content(ln.items)
        ts = TS_STYLES[tstyle](t, wall) if tstyle else ""
        if ln.cont and cont_style != "relabel" and labelled:
            pre = "" if cont_style == "bare" else rng.choice(["    ", "  ", "\t"])
            full = pre + content
            off = len(pre)
        else:
            full = fn(labs[ln.spk], ts, content)
            off = full.rindex(content) if content else len(full)
            if full[off:] != content:
                raise Bug("layout offset")
        line_start = len(text) + (1 if text else 0)
        if text:
            text += "\n"
            owner.append(None)
        text += full
        # the line's prefix (label, time stamp) is a hard break for the checks: a redactor reads
        # speaker turns, and a time stamp opening the next line is no part of a number
        # (only a prefix holding a speaker label; bare and continuation lines join their neighbours)
        breaks = labelled and not (ln.cont and cont_style != "relabel")
        owner += [PREFIX if breaks else None] * off + [None] * (len(full) - off)
        for fr, s, e in frs:
            labels.append((fr, line_start + off + s, line_start + off + e))
            _own(owner, line_start + off + s, line_start + off + e, ("f", id(fr)))
        for cc, s, e in ccs:
            _own(owner, line_start + off + s, line_start + off + e, ("c", id(cc)))
        t += rng.uniform(1.5, 9.0) + len(content) * 0.08
    r = Rendered()
    r.case_part = {"text": text}
    r.labels = [(fr, {"start": s, "end": e}) for fr, s, e in labels]
    r.surface, r.owner = text, owner
    r.variant = f"text {name}" + (f" ts:{tstyle}" if tstyle else "") + (f" cont:{cont_style}" if labelled else "") + \
        (f" {labs['A']}/{labs['C']}" if labelled else "")
    return r


def line_starts_digit(ln):
    content, frs, ccs = line_content(ln.items)
    return bool(content) and (any(s == 0 for _, s, _ in frs) or any(s <= 1 for _, s, _ in ccs) or
                              bool(ev.read_units(content[:1])))


def vtt_ts(t, short):
    h, m, s = int(t) // 3600, int(t) // 60 % 60, t % 60
    if short and h == 0:
        return "%02d:%06.3f" % (m, s)
    return "%02d:%02d:%06.3f" % (h, m, s)


VTT_PAYLOADS = [
    ("voice", lambda l, c: f"<v {l}>{c}"),
    ("voice_closed", lambda l, c: f"<v {l}>{c}</v>"),
    ("colon_fw", lambda l, c: f"{l}：{c}"),
    ("colon", lambda l, c: f"{l}: {c}"),
    ("dash", lambda l, c: f"- {c}"),
    ("bare", lambda l, c: c),
    ("square", lambda l, c: f"[{l}] {c}"),
]


def layout_vtt(conv, rng):
    labs = dict(zip("AC", conv.labels))
    labs["S"] = conv.sys_label
    ch = VTT_PAYLOADS if conv.lang != "en" else [p for p in VTT_PAYLOADS if p[0] != "colon_fw"]
    pname, pfn = rng.choice(ch)
    ids = rng.choice(["none", "num", "num", "none", "cue"])
    short = rng.random() < 0.3
    cont_mode = rng.choice(["new_cue", "new_cue_bare", "same_cue"])
    header = "WEBVTT"
    if rng.random() < 0.25:
        header += rng.choice([" - call recording", ""] if conv.lang == "en" else [" - 通话转写", " - call recording", ""])
    if rng.random() < 0.3:
        header += "\nKind: captions\nLanguage: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[conv.lang]
    text = header + "\n\n"
    if rng.random() < 0.15:
        text += "NOTE " + rng.choice(["transcribed automatically", "机器转写，仅供质检", "speaker labels by diarisation"]) + "\n\n"
    owner = [None] * len(text)
    surf, sowner, labels = [], [], []
    t = rng.uniform(0.2, 3.0)
    cue_no = 0
    pending = None   # (cue text so far, end time) for same-cue continuation
    cues = []        # list of [timing prefix lines, payload lines (content, frs, ccs, payload_text, off)]
    for ln in conv.lines:
        content, frs, ccs = line_content(ln.items)
        dur = max(1.2, len(content) * rng.uniform(0.07, 0.16))
        if ln.cont and cont_mode == "same_cue" and cues:
            payload, off = content, 0
            cues[-1][2].append((payload, off, frs, ccs))
            cues[-1][1] = t + dur
        else:
            if ln.cont and cont_mode == "new_cue_bare":
                payload, off = content, 0
            else:
                payload = pfn(labs[ln.spk], content)
                off = payload.index(content) if content else 0
                if payload[off:off + len(content)] != content:
                    raise Bug("vtt offset")
            cues.append([t, t + dur, [(payload, off, frs, ccs)]])
        t += dur + rng.uniform(0.1, 1.5)
    for ci, (t0, t1, pls) in enumerate(cues):
        if ids == "num":
            text += f"{ci + 1}\n"
        elif ids == "cue":
            text += f"cue-{ci + 1}\n"
        text += f"{vtt_ts(t0, short)} --> {vtt_ts(t1, short)}\n"
        for payload, off, frs, ccs in pls:
            base = len(text)
            sbase = sum(len(x) + 1 for x in surf)
            text += payload + "\n"
            surf.append(payload)
            for fr, s, e in frs:
                labels.append((fr, base + off + s, base + off + e))
            lo = [None] * len(payload)
            for fr, s, e in frs:
                _own(lo, off + s, off + e, ("f", id(fr)))
            for cc, s, e in ccs:
                _own(lo, off + s, off + e, ("c", id(cc)))
            sowner += lo + [None]
        text += "\n"
    r = Rendered()
    r.case_part = {"transcript_text": text}
    r.labels = [(fr, {"start": s, "end": e}) for fr, s, e in labels]
    r.surface = "\n".join(surf) + "\n"
    r.owner = sowner
    r.variant = f"vtt {pname} ids:{ids}{' short' if short else ''} cont:{cont_mode}" + \
        (f" {labs['A']}/{labs['C']}" if pname not in ("dash", "bare") else "")
    return r


def is_cjk(c):
    return "\u3400" <= c <= "\u9fff" or c in "幺"


PUNCT = set(",.;:!?…，。、：；！？）)】」”’\"'%")


def tokenize_plain(s, rng):
    """ASR-ish words of a plain string: (words, leading_attach) where leading punctuation with no
    space before it attaches to the previous word."""
    words = []
    cur = ""
    attach = ""
    i = 0
    cjk_left = 0

    def flush():
        nonlocal cur
        if cur:
            words.append(cur)
            cur = ""
    while i < len(s):
        c = s[i]
        if c.isspace():
            flush()
            i += 1
            continue
        if c in PUNCT or (not c.isalnum() and not is_cjk(c)):
            if cur:
                cur += c
                if not c.isascii():
                    flush()
            elif words and (i > 0 and not s[i - 1].isspace()):
                words[-1] += c
            elif not words and i == len(attach) and c in PUNCT:
                attach += c
            else:
                cur = c
            i += 1
            continue
        if is_cjk(c):
            if cur and not is_cjk(cur[-1]) and not (cur[-1] in "¥$£" or not cur[-1].isalnum()):
                flush()
            elif cur and not is_cjk(cur[-1]) and cur[-1] in "¥$£":
                flush()
            if not cur or not is_cjk(cur[-1]):
                flush()
                cjk_left = rng.choice([1, 2, 2, 2, 3, 3, 4])
            if cjk_left == 0:
                flush()
                cjk_left = rng.choice([1, 2, 2, 2, 3, 3, 4])
            cur += c
            cjk_left -= 1
            i += 1
            continue
        # ascii letters / digits
        if cur and is_cjk(cur[-1]):
            flush()
        cur += c
        i += 1
    flush()
    return words, attach


def line_words(ln, rng):
    """Words of a line: list of [word, owner]."""
    out = []
    for it in ln.items:
        if isinstance(it, Frag):
            for a in it.atoms:
                w = a.text
                sep = a.sep.strip()
                if a is not it.atoms[-1] and sep:
                    w += sep
                out.append([w, ("f", id(it))])
        elif isinstance(it, CC):
            ws, att = tokenize_plain(it.text, rng)
            for w in ws:
                out.append([w, ("c", id(it)) if ev.readable_count(w) else None])
        else:
            ws, att = tokenize_plain(it, rng)
            if att:
                if out:
                    out[-1][0] += att
                elif ws:
                    ws[0] = att + ws[0]
                else:
                    ws = [att]
            out += [[w, None] for w in ws]
    return out


ASR_SPEAKERS = [("spk_0", "spk_1"), ("SPEAKER_00", "SPEAKER_01"), ("agent", "customer"), ("A", "B"), ("S1", "S2"),
                ("坐席", "客户")]


def layout_asr(conv, rng, whisper):
    lang = conv.lang
    spk_names = rng.choice(ASR_SPEAKERS if lang != "en" else ASR_SPEAKERS[:5])
    spk_map = {"A": spk_names[0], "C": spk_names[1], "S": "ivr"}
    with_spk = rng.random() < (0.35 if whisper else 0.65)
    with_conf = rng.random() < 0.5
    lead_space = whisper and lang != "zh"
    t = round(rng.uniform(0.2, 2.5), 2)
    segs = []
    labels = defaultdict(list)
    frag_by_id = {}
    flat = []
    for ln in conv.lines:
        for it in ln.items:
            if isinstance(it, Frag):
                frag_by_id[id(it)] = it
        ws = line_words(ln, rng)
        seg_words = []
        for w, own in ws:
            dur = round(max(0.12, min(0.9, 0.06 * len(w) + rng.uniform(0.05, 0.3))), 2)
            word = (" " + w) if lead_space else w
            rec = {"word": word, "start": round(t, 2), "end": round(t + dur, 2)}
            if with_conf:
                rec["probability" if whisper else "confidence"] = round(rng.uniform(0.62, 0.99), 2)
            if with_spk and not whisper:
                rec["speaker"] = spk_map[ln.spk]
            seg_words.append((rec, own))
            t += dur + rng.uniform(0.0, 0.12)
        segs.append((ln, seg_words))
        t += rng.uniform(0.3, 1.6)
    surf_parts, owner = [], []
    if whisper:
        out_segs = []
        for si, (ln, sw) in enumerate(segs):
            words = [rec for rec, _ in sw]
            seg = {"id": si, "start": words[0]["start"], "end": words[-1]["end"],
                   "text": "".join(w["word"] for w in words), "words": words}
            if with_spk:
                seg["speaker"] = spk_map[ln.spk]
            out_segs.append(seg)
            for wi, (rec, own) in enumerate(sw):
                if own and own[0] == "f":
                    labels[own[1]].append([si, wi])
        tr = {"language": {"zh": "zh", "en": "en", "mixed": "zh"}[lang], "segments": out_segs}
        if rng.random() < 0.3:
            tr = {"task": "transcribe", **tr}
    else:
        words = []
        for ln, sw in segs:
            for rec, own in sw:
                if own and own[0] == "f":
                    labels[own[1]].append(len(words))
                words.append(rec)
        tr = {"words": words}
        if rng.random() < 0.4:
            tr = {"language": {"zh": "zh-CN", "en": "en-US", "mixed": "zh-CN"}[lang], "words": words}
        if rng.random() < 0.2:
            tr["duration"] = round(t, 1)
    # surface: words joined by spaces, segments (lines) by line breaks
    for ln, sw in segs:
        for k, (rec, own) in enumerate(sw):
            if k:
                surf_parts.append(" ")
                owner.append(None)
            surf_parts.append(rec["word"])
            owner += [own if own else None] * len(rec["word"])
        surf_parts.append("\n")
        owner.append(None)
    r = Rendered()
    r.case_part = {"transcript": tr}
    r.labels = [(frag_by_id[k], {"words": v}) for k, v in labels.items()]
    order = {id(f): i for i, f in enumerate(conv.all_frags())}
    r.labels.sort(key=lambda x: order[id(x[0])])
    r.surface = "".join(surf_parts)
    r.owner = owner
    r.variant = ("asr whisper" if whisper else "asr words") + (" speakers" if with_spk else "") + \
        (" conf" if with_conf else "")
    return r


# ============================================================================================
# Checks on what the redactor reads
# ============================================================================================

PREFIX = ("p",)
GAP_CHARS = set(" \t\n,.;:-–—/()[]{}+#'\"!?…，。、：；（）【】《》“”‘’！？·~|<>_=*")
FILLER_EN = {"um", "uh", "er", "erm", "hmm", "mm"}
FILLER_ZH = ["那个", "就是", "呃", "嗯", "额", "啊"]


def scan(surface, owner):
    """Elements of the surface: ("d", s, e, expanded, collapsed, owner), ("m", k, owner), ("gap",), ("brk",)."""
    el = []
    i, n = 0, len(surface)
    while i < n:
        c = surface[i]
        if owner[i] == PREFIX:
            el.append(["brk"])
            i += 1
            continue
        if c in "0123456789" or c in FW_DIG or c in CN_VAL or c in "Ｘ叉":
            d = "X" if c in "Ｘ叉" else (c if c in "0123456789" else (str(FW_DIG.index(c)) if c in FW_DIG else CN_VAL[c]))
            el.append(["d", i, i + 1, d, d, owner[i]])
            i += 1
            continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and surface[j].isascii() and surface[j].isalpha():
                j += 1
            w = surface[i:j]
            owners = set(owner[i:j])
            if len(owners) > 1:
                raise Bug(f"a word {w!r} is partly labelled")
            own = owners.pop()
            if w.lower() in FILLER_EN:
                el.append(["gap"])
            elif w.lower() == "x":
                el.append(["d", i, j, "X", "X", own])
            else:
                parts = ev._decompose(w)
                if parts and any(p in ev.EN_VAL for p in parts):
                    exp, col, mult = "", "", 1
                    for p in parts:
                        if p in MULT:
                            mult = MULT[p]
                        else:
                            exp += ev.EN_VAL[p] * mult
                            col += ev.EN_VAL[p]
                            mult = 1
                    el.append(["d", i, j, exp, col, own])
                elif parts:
                    el.append(["m", MULT[parts[-1]], own])
                else:
                    el.append(["brk"])
            i = j
            continue
        if c in GAP_CHARS or c.isspace():
            el.append(["gap"])
            i += 1
            continue
        hit = next((f for f in FILLER_ZH if surface.startswith(f, i)), None)
        if hit:
            el.append(["gap"])
            i += len(hit)
            continue
        el.append(["brk"])
        i += 1
    return el


CN_VAL = ev.CN_VAL


def runs_of(elements):
    runs, cur = [], []
    for e in elements:
        if e[0] in ("d", "m"):
            cur.append(e)
        elif e[0] == "brk":
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def run_digits(run, expand):
    out, mult = "", 1
    for e in run:
        if e[0] == "m":
            mult = e[1] if expand else 1
            continue
        ds = e[3] if expand else e[4]
        if expand and mult > 1 and e[4] == ds[:len(e[4])] and len(e[4]) == 1:
            ds = e[4] * mult
        out += ds
        mult = 1
    return out


def bad_digits(ds):
    """Why a run of unlabelled digits could be taken for a personal number (or None)."""
    for seg in ds.split("X"):
        for i in range(len(seg) - 10):
            if seg[i] == "1" and seg[i + 1] in "3456789":
                return f"11-digit window {seg[i:i + 11]} looks like a mobile"
        for L in range(13, 20):
            for i in range(len(seg) - L + 1):
                if luhn_ok(seg[i:i + L]):
                    return f"{L}-digit window {seg[i:i + L]} passes Luhn"
    for i in range(len(ds) - 17):
        w = ds[i:i + 18]
        if w[:17].isdigit() and id_check(w[:17]) == w[17]:
            return f"18-character window {w} passes MOD 11-2"
    if 10 <= len(ds) <= 12 and ds[0] == "0":
        return f"{len(ds)}-digit run {ds} starting with 0 looks like a landline"
    return None


def check_surface(r, frags, numbers, where):
    """Unlabelled digits: harmless windows, no touching a fragment, no 6+ digit piece of a labelled number."""
    el = scan(r.surface, r.owner)
    for run in runs_of(el):
        owners = set(e[-1] for e in run)
        unl = [e for e in run if e[-1] is None]
        if unl and len(owners) > 1:
            ctx = r.surface[max(0, run[0][1] - 10 if run[0][0] == "d" else 0):run[-1][2] + 10 if run[-1][0] == "d" else 0]
            raise Redraw(f"{where}: unlabelled digits touch a fragment: {ctx!r}")
        if unl:
            for expand in (True, False):
                ds = run_digits(run, expand)
                why = bad_digits(ds)
                if why:
                    raise Redraw(f"{where}: {why}")
                for num in numbers:
                    for k in range(len(ds) - 5):
                        if ds[k:k + 6] in num:
                            raise Redraw(f"{where}: unlabelled {ds} holds a piece of {num}")


def check_labels(r, fmt, where):
    """Every fragment reads back (with the scorer's reader) exactly its digits; spans are clean."""
    if fmt in ("text", "vtt"):
        text = r.case_part["text"] if fmt == "text" else r.case_part["transcript_text"]
        for fr, lab in r.labels:
            s, e = lab["start"], lab["end"]
            t = text[s:e]
            if t != fr.text:
                raise Bug(f"{where}: span text {t!r} != {fr.text!r}")
            if "\n" in t or t != t.strip():
                raise Bug(f"{where}: span {t!r} has a line break or outer space")
            got = "".join(u[3] for u in ev.read_units(t))
            if got != fr.collapsed:
                raise Bug(f"{where}: span {t!r} reads {got}, expected {fr.collapsed}")
            for k, side in ((s - 1, t[0]), (e, t[-1])):
                if 0 <= k < len(text):
                    nb = text[k]
                    if nb.isascii() and nb.isalpha():
                        if side.isascii() and side.isalpha():
                            raise Bug(f"{where}: span {t!r} cuts a word")
                    elif ev.read_units(nb):
                        raise Bug(f"{where}: digit-bearing {nb!r} beside span {t!r}")
    else:
        words = {k: w for k, w, _ in ev.asr_words(r.case_part["transcript"])}
        for fr, lab in r.labels:
            keys = [tuple(x) if isinstance(x, list) else x for x in lab["words"]]
            t = " ".join(words[k] for k in keys)
            got = "".join(u[3] for u in ev.read_units(t))
            if got != fr.collapsed:
                raise Bug(f"{where}: words {t!r} read {got}, expected {fr.collapsed}")
            first = words[keys[0]].strip().lower()
            if first in MULT:
                raise Bug(f"{where}: fragment starts with a multiplier")


def scorer_case_checks(case):
    """The scorer's structure check and its built-in redactors on one case."""
    problem = ev.builtin_case_problem(case, SET)
    if problem:
        raise Bug(problem)


# ============================================================================================
# Phrase banks (generic; the domains below add their own)
# ============================================================================================

KN = {  # how a number kind is named
    "zh": {"mobile": ["手机号", "手机号码", "电话", "联系电话", "手机"], "landline": ["座机", "家里座机", "座机号码"],
           "id_number": ["身份证号", "身份证号码", "证件号码"], "bank_card": ["卡号", "银行卡号", "卡号"]},
    "en": {"mobile": ["mobile number", "phone number", "contact number", "number", "mobile"],
           "landline": ["landline", "home number", "landline number"],
           "id_number": ["ID number", "Chinese ID number", "resident ID number", "ID card number"],
           "bank_card": ["card number", "long number on the card", "card number"]},
    "mixed": {"mobile": ["phone number", "手机号", "mobile", "电话", "contact number"], "landline": ["座机", "landline"],
              "id_number": ["ID number", "身份证号", "ID 号码", "身份证 number"], "bank_card": ["card number", "卡号", "card 号"]},
}

GB = {
    "zh": {
        "ask": {
            "phone": ["方便留一个联系电话吗？", "您的手机号是多少？", "请问您的联系电话是？", "麻烦报一下您的手机号码。",
                      "您留个能打通的电话吧。", "回访的话打哪个号码比较方便？"],
            "id_number": ["麻烦提供一下您的身份证号码。", "请报一下身份证号，我这边核实身份。", "您的证件号码是多少？",
                          "需要登记一下身份证号，您方便说吗？"],
            "bank_card": ["用哪张卡？卡号您报一下。", "麻烦您把卡号念一下。", "银行卡号是多少？", "您把卡号从头到尾念一遍。"],
        },
        "lead": {
            "phone": ["我手机号是", "号码是", "是", "我的电话是", "你记一下，", "手机是", "", "打这个就行，"],
            "id_number": ["身份证号是", "我的身份证号码是", "是", "您记一下，", "号码是", "我念了啊，"],
            "bank_card": ["卡号是", "我念一下啊，", "是", "嗯，卡号", "你记一下，", "我看着卡念啊，"],
        },
        "end": ["。", "，您记一下。", "。", "，对。", "", "，就这个。", "。", "，没错。"],
        "bc": ["嗯", "嗯嗯", "好", "好的", "对", "嗯，您说", "嗯，记着呢", "好，您继续", "嗯，后面呢？", "稍等，我记一下……好，您说",
               "嗯哼", "好的，请继续", "嗯，然后呢？"],
        "confirm": ["对", "对的", "没错", "是的", "嗯，对", "对对对", "没问题"],
        "deny": ["不对", "不是", "错了", "不对不对"],
        "corr": ["哦不是", "不对", "说错了", "不对不对", "哎说错了", "等一下，我重新说一下", "不好意思，看串行了",
                 "哦，不对，重来", "重新说一下"],
        "rb_full": [("我跟您核对一下，", "，对吗？"), ("好的，", "，没错吧？"), ("我重复一遍：", "。"), ("", "，对吧？"),
                    ("您说的是", "是吧？"), ("记下了，", "，没问题吧？")],
        "rb_last4": [("尾号", "，对吗？"), ("后四位是", "是吧？"), ("是尾号", "的那个吗？"), ("最后四位", "，对吧？")],
        "rb_first": [("前面是", "，对吧？"), ("开头是", "？"), ("您说前面", "，是吗？")],
        "ack": ["好的，记下了。", "好，收到。", "好的，我这边登记一下。", "嗯，好的。", "行，没问题。"],
        "repeat_ask": ["不好意思，后面几位再说一遍？", "刚才信号不太好，后面是多少？", "您说慢一点，后面是？", "后半段没听清，麻烦再说一下。"],
        "wait": {"phone": ["稍等我看一下……", "您等一下，我找一下。", "哎我看看啊，我换过号。", "我翻一下手机，稍等。"],
                 "id_number": ["身份证在包里，我拿一下。", "稍等，我找一下身份证……", "我背不下来，您等我翻一下。"],
                 "bank_card": ["卡在钱包里，稍等。", "我去拿一下卡，您等会儿。", "稍等，用哪张我看一下……"]},
        "no_rush": ["好的，不着急。", "没事，您慢慢找。", "嗯，我等您。"],
        "close_a": ["好的，已经帮您登记了，还有其他问题吗？", "好的，那就这样，感谢您的来电，再见。", "没问题，稍后会有短信通知您。",
                    "好的，已经备注了，请保持电话畅通。"],
        "close_c": ["没有了，谢谢。", "好的，麻烦了。", "行，那先这样。", "好，谢谢啊，再见。"],
        "ivr": ["您好，欢迎致电，本次通话可能会被录音。", "通话正在录音，请稍候，正在为您转接人工服务。"],
    },
    "en": {
        "ask": {
            "phone": ["What's the best number to reach you on?", "Could I take a contact number?", "Can I get a phone number for you?",
                      "And a mobile number, please?", "What number should we ring if anything changes?"],
            "id_number": ["For the paperwork I'll need your ID number.", "Could you read me your ID number, please?",
                          "Can I take your resident ID number for verification?", "I just need the number on your ID card."],
            "bank_card": ["Could you read me the long number on the card?", "What's the card number, please?",
                          "Which card would you like to use? Just read out the number.", "Go ahead with the card number when you're ready."],
        },
        "lead": {
            "phone": ["It's ", "My mobile is ", "Sure, it's ", "You can reach me on ", "That'd be ", "", "Best one is "],
            "id_number": ["It's ", "My ID number is ", "Okay, it's ", "Right, it's ", "Sure. "],
            "bank_card": ["It's ", "Okay, the number is ", "Right, so it's ", "The card number is ", "Got it here, it's "],
        },
        "end": [".", ", thanks.", ".", ", yeah.", "", ", that's it.", "."],
        "bc": ["Mm-hm.", "Okay.", "Go on.", "Yep.", "Right.", "Got it.", "Uh-huh.", "Sure, go ahead.", "Okay, and then?",
               "Yes, I'm with you.", "Perfect, keep going.", "Mm, go on."],
        "confirm": ["Yes.", "That's right.", "Yep, that's it.", "Correct.", "Yes, that's the one.", "Spot on."],
        "deny": ["No,", "Not quite,", "No, sorry,", "That's wrong,"],
        "corr": ["sorry, no wait", "let me start again", "scratch that", "hang on, that's wrong", "no, sorry", "actually no",
                 "wait, I misread that", "sorry, I mean"],
        "rb_full": [("Let me read that back: ", ". Is that right?"), ("So that's ", "?"), ("Just to confirm, ", "."),
                    ("I have ", ", correct?"), ("", ", yes?"), ("Okay, ", ". Have I got that right?")],
        "rb_last4": [("And that's the one ending ", "?"), ("Ending in ", ", right?"), ("The last four being ", "?"),
                     ("The one that ends ", ", yes?")],
        "rb_first": [("Starting ", ", yes?"), ("So it begins ", "?"), ("That starts with ", ", right?")],
        "ack": ["Lovely, got that.", "Great, noted.", "Okay, that's on the system.", "Perfect.", "Thanks, I've put that down."],
        "repeat_ask": ["Sorry, could you repeat the last part?", "Sorry, you broke up a bit. What came after that?",
                       "Could you give me the last few digits again, slowly?", "Sorry, I missed the end of that."],
        "wait": {"phone": ["Hang on, let me check, I changed numbers recently.", "One sec, I'll find it.", "Let me grab my phone, hold on."],
                 "id_number": ["Bear with me, it's in my bag somewhere.", "Hold on, I need to dig out the card.", "Sorry, I never remember it, one sec."],
                 "bank_card": ["Let me grab my wallet.", "One moment, which card... hang on.", "Hold on, it's in the other room."]},
        "no_rush": ["No rush.", "Take your time.", "Sure, I'll hold."],
        "close_a": ["Lovely, that's all sorted. Anything else I can help with?", "Great, you'll get a confirmation text shortly.",
                    "Perfect. Thanks for calling.", "All done. Have a good afternoon."],
        "close_c": ["No, that's everything, thanks.", "Great, cheers.", "Thanks, bye.", "Brilliant, thank you."],
        "ivr": ["Thank you for calling. Calls may be recorded for training and quality purposes.",
                "Please hold while we connect you to an advisor."],
    },
    "mixed": {
        "ask": {
            "phone": ["那您留个 contact number 吧。", "你的 phone number 是？", "OK，手机号码 please。", "方便留个 mobile 吗？",
                      "Can you give me 一个联系电话？"],
            "id_number": ["麻烦 provide 一下身份证号。", "需要您的 ID number 做一下 verification。", "身份证号码 please，我这边 verify 一下。",
                          "For registration 要登记 ID number。"],
            "bank_card": ["card number 报一下？", "用哪张卡？麻烦念一下 card number。", "银行卡号给我一下，我这边 process。",
                          "OK，card number please。"],
        },
        "lead": {
            "phone": ["我的 number 是 ", "OK，是 ", "It's ", "号码是", "my mobile 是 ", ""],
            "id_number": ["My 身份证号 is ", "ID number 是", "OK，是 ", "号码是 ", "It's "],
            "bank_card": ["card number 是 ", "卡号是 ", "OK，it's ", "我念一下，"],
        },
        "end": ["。", ", thanks。", "。", "，OK？", "", "。"],
        "bc": ["嗯 OK", "OK，go on", "好的，然后呢？", "yes，您说", "嗯嗯 got it", "OK 我记下了，继续", "Mm-hm，继续"],
        "confirm": ["对，correct。", "Yes 对的。", "没错，that's right。", "对对 yes。"],
        "deny": ["No no，", "不对，", "Not quite，", "错了，"],
        "corr": ["sorry 说错了", "no wait，不对", "let me start again，重新说", "哦不是，sorry", "scratch that，不对"],
        "rb_full": [("OK 我 confirm 一下，", "，对吗？"), ("So 是 ", "，right？"), ("我 repeat 一下：", "。"), ("", "，correct？")],
        "rb_last4": [("尾号 ", "，right？"), ("ending ", " 的那个？"), ("last four 是 ", "吗？")],
        "rb_first": [("前面是 ", "，right？"), ("Starting ", " 对吧？")],
        "ack": ["OK，noted。", "好的 got it。", "OK 我 update 一下 system。", "好，没问题。"],
        "repeat_ask": ["Sorry，后面几位再说一次？", "信号不好，could you repeat 后面？", "后面我没听清，again please？"],
        "wait": {"phone": ["Wait 我看一下……", "Hold on，我找一下。", "稍等 let me check。"],
                 "id_number": ["ID card 在包里，稍等。", "Hold on，我找一下身份证。"],
                 "bank_card": ["稍等，我拿一下 wallet。", "Hold on，卡在另一个包里。"]},
        "no_rush": ["OK 不急。", "No problem，慢慢来。", "没事 take your time。"],
        "close_a": ["OK，都 update 好了，还有别的吗？", "好的，confirmation 短信稍后发给您。", "OK，thanks for calling，再见。"],
        "close_c": ["没了，thanks。", "OK 好的，拜拜。", "行，thank you。", "OK thanks，bye。"],
        "ivr": ["Welcome，本次通话可能会被录音。", "Please hold，正在为您转接。"],
    },
}

MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEK_ZH = "一二三四五六日"
LET = "ABCDEFGHJKLMNPRSTUVWXYZ".replace("X", "")


def ordsuf(d):
    return "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def rdig(rng, k, first="123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(k - 1))


def safe_run(rng, k, first="23456789", tries=3000):
    """k digits that no window makes a personal number of."""
    for _ in range(tries):
        d = rdig(rng, k, first)
        if not bad_digits(d):
            return d
    raise Bug("safe_run")


def la_amount(rng, lang):
    n = rng.choice([rng.randint(20, 99), rng.randint(100, 999), rng.randint(100, 2999), rng.randint(150, 800)])
    cents = rng.random() < 0.3
    if lang == "zh":
        return rng.choice([f"{n}元", f"{n}块钱", f"¥{n}", f"{n}块"]) if not cents else f"{n}.{rng.randint(10, 99)}元"
    sym = rng.choice(["£", "$", "£"])
    return f"{sym}{n}" + (f".{rng.randint(10, 99)}" if cents else "") if rng.random() < 0.7 else \
        f"{n} {rng.choice(['pounds', 'dollars', 'quid'])}"


def la_small(rng, lang):
    n = rng.randint(3, 199)
    if lang == "zh":
        return rng.choice([f"{n}元", f"{n}块", f"{n}.{rng.randint(1, 9)}元", f"¥{n}"])
    return rng.choice([f"£{n}", f"${n}.{rng.randint(10, 99)}", f"£{n}.{rng.randint(10, 99)}", f"{n} pounds"])


def la_big(rng, lang):
    a, b = rng.randint(2, 48), rng.randint(0, 999)
    if lang == "zh":
        return rng.choice([f"{a},{b:03d}元", f"{a}万{rng.randint(1, 9)}", f"{a}{b:03d}元"])
    return rng.choice([f"£{a},{b:03d}", f"${a},{b:03d}", f"{a} thousand pounds"])


def la_date(rng, lang):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if lang == "zh":
        return rng.choice([f"{m}月{d}号", f"{m}月{d}日", f"下周{WEEK_ZH[rng.randint(0, 5)]}", f"{rng.choice([2024, 2025])}年{m}月{d}日",
                           f"这个月{d}号"])
    return rng.choice([f"the {d}{ordsuf(d)} of {MONTHS[m]}", f"{MONTHS[m]} {d}{ordsuf(d)}", f"{d:02d}/{m:02d}",
                       f"{WEEKDAYS_EN[rng.randint(0, 5)]} the {d}{ordsuf(d)}", f"{d} {MONTHS[m]}"])


def la_time(rng, lang):
    h = rng.randint(8, 20)
    mm = rng.choice([0, 15, 30, 45, 10, 20, 40])
    if lang == "zh":
        h12 = h if h <= 12 else h - 12
        part = "上午" if h < 12 else ("下午" if h < 18 else "晚上")
        return rng.choice([f"{part}{h12}点", f"{part}{h12}点半", f"{h}:{mm:02d}", f"{part}{h12}点{mm}分" if mm else f"{part}{h12}点"])
    h12 = h if h <= 12 else h - 12
    return rng.choice([f"{h12}:{mm:02d}", f"{h12}{'am' if h < 12 else 'pm'}", f"half {h12}", f"{h:02d}:{mm:02d}",
                       f"quarter past {h12}"])


def la_code(rng, lang):
    """Booking / order style references with letters (harmless)."""
    pat = rng.choice(["LLdddddd", "LL-dddd-dd", "Ldddddd", "dddd-dddd", "LLLdddd", "dddddddLL", "dd-dddddd"])
    out = ""
    for c in pat:
        out += rng.choice(LET) if c == "L" else (rng.choice("0123456789") if c == "d" else c)
    if out[0] in "01":
        out = "7" + out[1:]
    return out


def la_order(rng, lang):
    return rng.choice([la_code(rng, lang), safe_run(rng, rng.choice([8, 10, 12]), "2345789"),
                       f"{rng.choice([2024, 2025])}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1000, 9999)}"])


def la_long_digits(rng, k=None):
    k = k or rng.randint(15, 19)
    return safe_run(rng, k, "23456789")


def en_spell(ds, rng, groups=None, zero=None):
    zero = zero or rng.choice(["zero", "oh"])
    groups = groups or rng.choice([[4] * 5, [3] * 7, [4, 4, 4, 4, 4]])
    gs, i = [], 0
    for g in groups:
        if i >= len(ds):
            break
        gs.append(ds[i:i + g])
        i += g
    if i < len(ds):
        gs.append(ds[i:])
    sep = rng.choice([", ", " ", ", "])
    return sep.join(" ".join(zero if c == "0" else EN_DIG[int(c)] for c in g) for g in gs)


def cn_spell(ds, rng):
    gsep = rng.choice(["", " ", "，"])
    size = rng.choice([4, 3, 4])
    gs = [ds[i:i + size] for i in range(0, len(ds), size)]
    return gsep.join("".join(cn_digit(c, rng, 0.5, 0.0) for c in g) for g in gs)


def la_spelled(rng, lang, k=None):
    ds = la_long_digits(rng, k)
    if lang == "zh":
        return cn_spell(ds, rng)
    if lang == "en":
        return en_spell(ds, rng)
    return rng.choice([cn_spell, en_spell])(ds, rng)


def la_member11(rng, lang):
    return rng.choice(["10", "12", "11", "20", "88", "60"]) + "".join(rng.choice("0123456789") for _ in range(9))


def la_hotline(rng, lang):
    return rng.choice([f"400-{rng.randint(600, 899)}-{rng.randint(1000, 9999)}", f"95{rng.randint(100, 999)}",
                       f"400 {rng.randint(600, 899)} {rng.randint(1000, 9999)}", f"9{rng.randint(5000, 6999)}"])


def la_postcode(rng, lang):
    if lang == "zh":
        return f"{rng.choice('2345678')}{rng.randint(10000, 99999)}"
    return rng.choice([f"{rng.choice(['SW', 'NW', 'LS', 'M', 'BS', 'EH', 'CF'])}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(LET)}{rng.choice(LET)}",
                       f"{rng.randint(20000, 98999)}"])


def la_address(rng, lang):
    if lang == "zh":
        return rng.choice([f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 32)}0{rng.randint(1, 6)}",
                           f"{rng.choice(['文三路', '滨江大道', '建设南路', '人民路', '学府街', '中山北路'])}{rng.randint(3, 688)}号",
                           f"{rng.randint(2, 28)}号楼{rng.randint(101, 2604)}"])
    return rng.choice([f"{rng.randint(2, 240)} {rng.choice(['Mill Lane', 'Harbour Road', 'Station Street', 'Elm Grove', 'Quay Side', 'Kings Road'])}",
                       f"Flat {rng.randint(1, 60)}, {rng.randint(2, 120)} {rng.choice(['Park Avenue', 'Riverside', 'Church Street'])}"])


def la_count(rng, lang):
    n = rng.randint(2, 40)
    return f"{n}" if lang != "zh" else rng.choice([f"{n}", f"{n}"])


LA = {"amount": la_amount, "small": la_small, "big": la_big, "date": la_date, "time": la_time, "code": la_code, "order": la_order,
      "spelled": la_spelled, "member11": la_member11, "hotline": la_hotline, "postcode": la_postcode,
      "address": la_address, "n": la_count,
      "grams": lambda r, l: (f"{r.randint(3, 98)}.{r.randint(1, 9)}克" if l == "zh" else f"{r.randint(3, 98)}.{r.randint(1, 9)} grams"),
      "pergram": lambda r, l: (f"{r.randint(455, 615)}元一克" if l == "zh" else f"£{r.randint(38, 62)}.{r.randint(10, 99)} a gram"),
      "ticket": lambda r, l: r.choice(["DP", "HX", "JB", "CA"]) + str(r.randint(100000, 999999)),
      "rx": lambda r, l: (f"右眼{r.choice([150, 200, 275, 325, 400, 450, 525, 600])}度，左眼{r.choice([125, 175, 250, 300, 375, 500, 575])}度"
                          if l == "zh" else f"minus {r.choice(['1.50', '2.25', '3.25', '4.00', '5.75'])} in the right eye and minus {r.choice(['1.25', '2.75', '3.50', '4.50'])} in the left"),
      "pd": lambda r, l: (f"瞳距{r.randint(56, 70)}" if l == "zh" else f"a PD of {r.randint(56, 70)}"),
      "lens": lambda r, l: r.choice(["1.56", "1.60", "1.67", "1.74"]),
      "bottles": lambda r, l: (f"{r.randint(2, 12)}桶" if l == "zh" else f"{r.randint(2, 12)} bottles"),
      "kg": lambda r, l: (f"{r.choice([5, 15, 15, 50])}公斤" if l == "zh" else f"{r.choice([13, 19, 47])} kilo"),
      "serial": lambda r, l: f"{r.choice(['HZ', 'GS', 'YQ', 'LP', 'CG'])}-{r.randint(10, 99)}-{r.randint(10000, 99999)}",
      "unit": lambda r, l: f"{r.choice('ABCDE')}{r.randint(1, 4)}-{r.randint(101, 399)}",
      "sqm": lambda r, l: (f"{r.choice([2, 3, 4, 6, 8, 12])}平米" if l == "zh" else f"{r.choice([25, 35, 50, 75, 100])} square feet"),
      "gate": lambda r, l: str(r.randint(2000, 9899)),
      "room": lambda r, l: f"{r.choice(['V', 'A', 'B', 'M'])}{r.randint(2, 36)}",
      "people": lambda r, l: str(r.randint(3, 16)),
      "stems": lambda r, l: (f"{r.choice([9, 11, 19, 21, 33, 52, 99])}枝" if l == "zh" else f"{r.choice([6, 12, 18, 24])} stems"),
      "kwh": lambda r, l: (f"{r.randint(8, 68)}.{r.randint(1, 9)}度" if l == "zh" else f"{r.randint(8, 68)}.{r.randint(1, 9)} kilowatt hours"),
      "pile": lambda r, l: (f"{r.randint(1, 24)}号桩" if l == "zh" else f"bay {r.randint(1, 24)}"),
      "berth": lambda r, l: f"{r.choice('ABCDEFG')}-{r.randint(1, 48)}",
      "boatlen": lambda r, l: (f"{r.randint(8, 18)}.{r.randint(0, 9)}米" if l == "zh" else f"{r.randint(26, 58)} foot"),
      "mmsi": lambda r, l: f"{r.choice(['412', '413', '414', '232', '235'])}{r.randint(100000, 999999)}",
      "permit": lambda r, l: f"{r.choice(['DY', 'YL', 'FP', 'RF'])}{r.choice([2024, 2025])}-{r.randint(1000, 9999)}",
      "spot": lambda r, l: (f"{r.randint(1, 80)}号钓位" if l == "zh" else f"peg {r.randint(1, 80)}"),
      "hp": lambda r, l: (f"{r.choice([50, 70, 90, 120, 160, 220])}马力" if l == "zh" else f"{r.choice([50, 70, 90, 120, 160])} horsepower"),
      "model": lambda r, l: f"{r.choice(['LX', 'SK', 'MF', 'TS', 'JD'])}{r.choice([504, 704, 904, 1204, 1604, 2204])}",
      "mu": lambda r, l: (f"{r.randint(20, 600)}亩" if l == "zh" else f"{r.randint(20, 600)} acres"),
      "carat": lambda r, l: r.choice(["18K", "22K", "足金999", "千足金"]) if l == "zh" else r.choice(["9 carat", "18 carat", "22 carat"]),
      "pct": lambda r, l: f"{r.randint(1, 4)}.{r.randint(0, 9)}%",
      "months": lambda r, l: str(r.choice([3, 6, 12])),
      "ext": lambda r, l: str(r.randint(200, 899)),
      "opt": lambda r, l: str(r.randint(1, 9)),
      "plate": lambda r, l: (f"{r.choice(['浙A', '沪B', '粤B', '苏E', '川A'])}{r.choice(LET)}{r.randint(1000, 9999)}" if l == "zh"
                             else f"{r.choice(LET)}{r.choice(LET)}{r.randint(10, 24)} {r.choice(LET)}{r.choice(LET)}{r.choice(LET)}"),
      }


def fill(cx, s):
    """Replace {name} placeholders with look-alikes (language of the case; mixed draws either)."""
    out, i = "", 0
    while True:
        j = s.find("{", i)
        if j < 0:
            return out + s[i:]
        k = s.index("}", j)
        name = s[j + 1:k]
        lang = cx.lang if cx.lang != "mixed" else cx.rng.choice(["zh", "en"])
        if name.startswith("zh:") or name.startswith("en:"):
            lang, name = name[:2], name[3:]
        out += s[i:j] + LA[name](cx.rng, lang)
        i = k + 1


# ============================================================================================
# Domains (none used by another set)
# ============================================================================================
# Each: org names, greetings, reasons for the call, the agent's domain reason for asking a number
# ("why"), follow-ups with look-alikes, negative scripts, context words for long references.

DOMAINS = {
    "pawn": {
        "kinds": ["id_number", "bank_card", "phone"],
        "org": {"zh": ["恒昌典当", "聚源典当行", "金鼎典当"], "en": ["Crown Pawnbrokers", "Harbour Loans and Pawn", "Sterling Pledge"]},
        "labels": {"zh": [("业务员", "客户")], "en": [("Broker", "Customer")]},
        "greet": {"zh": ["您好，{org}，请问办理什么业务？", "{org}您好，我是业务员小周，请讲。"],
                  "en": ["Good afternoon, {org}, how can I help?", "{org}, Dan speaking."],
                  "mixed": ["您好，{org}，how can I help？", "Hello，{org}，请讲。"]},
        "reason": {"zh": ["我上个月在你们这当了一块表，当票号{ticket}，想问一下续当怎么办。",
                          "我想赎回一条金手链，当时当了{amount}，现在要还多少？", "当票{date}到期，我想再延{months}个月。",
                          "我有个包想拿去当，想先问问大概能当多少。"],
                   "en": ["I pawned a watch with you last month, ticket {ticket}, and I'd like to renew it.",
                          "I want to redeem a gold bracelet. I borrowed {amount} against it.",
                          "My pledge is due on {date} and I need another {months} months.",
                          "I'd like to know how much you'd lend against a diamond ring."],
                   "mixed": ["我想 renew 一下当票，ticket 是 {ticket}。", "上个月 pawn 了一块表，现在想 redeem，要还多少？",
                             "我的 pledge {date} 到期，可以 extend 吗？"]},
        "why": {"zh": {"id_number": ["续当需要核对当户身份，麻烦报一下身份证号。", "按规定要登记当户的身份证号码。"],
                       "bank_card": ["当金打到哪张卡？麻烦报一下卡号。", "续当费从卡里扣，卡号您说一下。"],
                       "phone": ["到期前我们会电话提醒，留个手机号吧。", "登记的手机号还在用吗？不用的话报一下新的。"]},
                "en": {"id_number": ["For a renewal I have to verify the pledger, so I'll need your ID number.",
                                     "We record the ID number on every pledge, could you read it out?"],
                       "bank_card": ["Where should we send the loan? I'll need the card number.",
                                     "The renewal fee comes off a card, could you read it out?"],
                       "phone": ["We text a reminder before the due date, what mobile should we use?",
                                 "Is your mobile still the one on file? If not, give me the new one."]},
                "mixed": {"id_number": ["续当要 verify 当户身份，ID number 报一下。"],
                          "bank_card": ["当金打到哪张 card？card number 说一下。"],
                          "phone": ["到期前会 text 您，mobile 留一下？"]}},
        "follow": {"zh": ["好的，续当{months}个月，综合费率每月{pct}，一共{amount}。", "您这块表评估价{big}，最多能当评估价的七成。",
                          "赎当的话本金加费用一共{amount}，{date}之前来都行。"],
                   "en": ["Renewing for {months} months at {pct} a month comes to {amount}.",
                          "We valued the watch at {big}, and we lend up to seventy percent of that.", "Redemption is {amount} in total, any time before {date}."],
                   "mixed": ["OK，renew {months} 个月，fee 是 {amount}。", "赎回的话 total 是 {amount}，{date} 之前来就 OK。"]},
        "neg": {"zh": [[("C", "我想问一下当票号{ticket}的那块表，现在赎回要多少钱？"), ("A", "我查一下……本金{amount}，综合费{amount}，合计{big}。"),
                        ("C", "可以分两次还吗？"), ("A", "不行的，要一次结清，{date}之前都可以。")],
                       [("C", "我有条{carat}的项链，{grams}，能当多少？"), ("A", "按今天的金价大概能给到{amount}，月费率{pct}。"),
                        ("C", "那我{date}过去。"), ("A", "好的，我们营业到{time}。")]],
                "en": [[("C", "What would I owe to redeem ticket {ticket}?"), ("A", "Let me see... principal {amount}, fees {amount}, so {big} altogether."),
                        ("C", "Can I pay half now?"), ("A", "Sorry, it has to be settled in one go, any time before {date}.")],
                       [("C", "I've got a {carat} chain, {grams}. What could you lend?"), ("A", "At today's price roughly {amount}, at {pct} a month."),
                        ("C", "I'll pop in on {date}."), ("A", "Lovely, we're open till {time}.")]],
                "mixed": [[("C", "ticket {ticket} 那块表 redeem 要多少？"), ("A", "本金 {amount}，fee {amount}，total {big}。"),
                           ("C", "OK，那我 {date} 过来。"), ("A", "好的，we close at {time}。")]]},
        "long": {"zh": ["当票流水号是", "系统里的业务编号是"], "en": ["the pledge reference on the ticket is ", "the transaction reference is "]},
    },
    "goldbuy": {
        "kinds": ["id_number", "bank_card", "phone"],
        "org": {"zh": ["金源黄金回收", "鑫福金店回收部"], "en": ["Goldline Buyers", "Northgate Bullion"]},
        "labels": {"zh": [("鉴定师", "客户")], "en": [("Buyer", "Seller")]},
        "greet": {"zh": ["您好，{org}，请问是要回收黄金吗？", "{org}，您好。"],
                  "en": ["Hello, {org}, are you calling about selling gold?", "Thanks for calling {org}."],
                  "mixed": ["Hi，{org}，是要 sell gold 吗？"]},
        "reason": {"zh": ["我有几件旧金饰想回收，大概{grams}。", "你们今天回收价多少？我看网上是{pergram}。",
                          "上周寄过去的那批金子，快递单号{code}，检测结果出来了吗？", "我妈有个老金镯子，想问问能卖多少。"],
                   "en": ["I've got some old gold jewellery to sell, about {grams}.", "What's your buy price today? Online it says {pergram}.",
                          "I posted a parcel last week, reference {code}. Has it been assayed yet?", "I inherited a few sovereigns and want a quote."],
                   "mixed": ["我有些 old gold jewellery，大概 {grams}，想卖掉。", "今天的 buy price 是多少？网上写 {pergram}。"]},
        "why": {"zh": {"id_number": ["黄金回收要实名登记，身份证号报一下。", "反洗钱规定要核实身份，麻烦说一下身份证号码。"],
                       "bank_card": ["回收款打到哪张卡？卡号报一下。", "我们走银行转账，卡号您念一下。"],
                       "phone": ["检测结果出来短信通知您，手机号是？"]},
                "en": {"id_number": ["Anti-money-laundering rules mean I need your ID number.",
                                     "We have to register the seller's ID number, could you read it?"],
                       "bank_card": ["We pay by bank transfer to a card, what's the card number?", "Which card shall we pay into? Read me the number."],
                       "phone": ["We'll text the assay result, what's your mobile?"]},
                "mixed": {"id_number": ["AML 规定要登记 ID number，麻烦报一下。"], "bank_card": ["回收款打到哪张 card？number 报一下。"],
                          "phone": ["结果出来会 text 您，mobile 是？"]}},
        "follow": {"zh": ["检测下来是{carat}，净重{grams}，按{pergram}算，一共{big}。", "扣除损耗{pct}，到手{big}。"],
                   "en": ["It tested as {carat}, {grams} net, at {pergram} that's {big}.", "After the {pct} melt loss you'd receive {big}."],
                   "mixed": ["检测是 {carat}，net {grams}，total {big}。"]},
        "neg": {"zh": [[("C", "我想问下今天足金回收价。"), ("A", "今天是{pergram}，铂金另算。"), ("C", "我有个手镯{grams}，大概多少钱？"),
                        ("A", "大概{big}左右，以检测为准。")]],
                "en": [[("C", "What are you paying for gold today?"), ("A", "{pergram} for pure, less for {carat}."),
                        ("C", "I've a bangle of about {grams}."), ("A", "That'd be around {big}, subject to testing.")]],
                "mixed": [[("C", "今天 gold price 多少？"), ("A", "{pergram}，{carat} 另算。"), ("C", "OK，我有 {grams} 左右。")]]},
        "long": {"zh": ["检测报告编号是", "快递的运单号是"], "en": ["the assay report number is ", "the courier's tracking number is "]},
    },
    "optician": {
        "kinds": ["phone", "phone", "bank_card"],
        "org": {"zh": ["明视眼镜", "清晰眼镜配镜中心"], "en": ["ClearView Opticians", "Brightside Eyewear"]},
        "labels": {"zh": [("店员", "顾客")], "en": [("Optician", "Patient")]},
        "greet": {"zh": ["您好，{org}，有什么可以帮您？", "{org}您好，请问是配镜还是验光？"],
                  "en": ["Good morning, {org}.", "{org}, how can I help?"],
                  "mixed": ["您好，{org}，配镜还是 eye test？"]},
        "reason": {"zh": ["我上周在你们店配的眼镜，取镜单号{code}，什么时候能取？", "我想预约验光，{date}{time}有空吗？",
                          "新配的眼镜戴着头晕，度数是{rx}。", "镜腿断了，能不能换一个？"],
                   "en": ["I ordered glasses last week, job {code}. Are they ready?", "Can I book an eye test for {date} at {time}?",
                          "My new glasses give me a headache. The prescription is {rx}.", "One of the arms snapped, can it be replaced?"],
                   "mixed": ["我上周 order 的眼镜，job {code}，ready 了吗？", "想 book 一个 eye test，{date} 可以吗？"]},
        "why": {"zh": {"phone": ["眼镜到了我们短信通知，手机号留一下。", "验光师可能要回电，您的电话是？"],
                       "bank_card": ["定金{amount}，刷哪张卡？卡号报一下。"], "id_number": ["医保报销需要身份证号，您说一下。"]},
                "en": {"phone": ["We'll text you when they arrive, what's your mobile?", "The optometrist may call back, what number?"],
                       "bank_card": ["There's a deposit of {amount}, which card would you like to use?"],
                       "id_number": ["For the insurance claim form I need your ID number."]},
                "mixed": {"phone": ["到了会 text 您，mobile number 留一下。"], "bank_card": ["deposit {amount}，card number 报一下？"],
                          "id_number": ["报销要 ID number，您说一下。"]}},
        "follow": {"zh": ["您配的是{lens}的镜片，{pd}，{date}到店。", "重新验光免费，您{date}{time}过来吧。"],
                   "en": ["You went for the {lens} index lenses with {pd}, due {date}.", "A recheck is free, come in {date} at {time}."],
                   "mixed": ["{lens} 的 lens，{pd}，{date} 到店。"]},
        "neg": {"zh": [[("C", "我想问下取镜单{code}到了没有。"), ("A", "到了，{rx}，{lens}的片子，尾款{amount}。"),
                        ("C", "那我{date}下班过去。"), ("A", "好的，我们开到{time}。")]],
                "en": [[("C", "Just checking on job {code}."), ("A", "They're in: {rx}, {lens} lenses, balance {amount}."),
                        ("C", "I'll come by after work on {date}."), ("A", "Great, we're open till {time}.")]],
                "mixed": [[("C", "job {code} 到了吗？"), ("A", "到了，{lens} 的 lens，balance {amount}。")]]},
        "long": {"zh": ["镜片的批次号是", "订单追踪号是"], "en": ["the lens batch number is ", "the lab job number is "]},
    },
    "waterdrop": {
        "kinds": ["phone", "phone", "bank_card"],
        "org": {"zh": ["清泉桶装水", "山泉送水站"], "en": ["AquaDrop Water Coolers", "Springfresh Deliveries"]},
        "labels": {"zh": [("调度", "用户")], "en": [("Dispatcher", "Customer")]},
        "greet": {"zh": ["您好，{org}，订水请讲。", "{org}，您好。"], "en": ["{org}, good morning.", "Hi, {org} deliveries."],
                  "mixed": ["{org}，hello，订水吗？"]},
        "reason": {"zh": ["我要订{bottles}水，送到{address}。", "上次送的水有点味道，瓶盖上批次是{code}。",
                          "我想办个水票，{amount}那种。", "饮水机漏水了，你们管维修吗？"],
                   "en": ["I'd like {bottles} delivered to {address}.", "The last delivery tasted odd, batch {code} on the cap.",
                          "Do you still do the prepaid voucher book for {amount}?", "The cooler's leaking, do you repair them?"],
                   "mixed": ["我要 order {bottles}，送到 {address}。", "上次的水 taste 有点怪，batch {code}。"]},
        "why": {"zh": {"phone": ["送水师傅到楼下会打电话，您的手机号是？", "留个电话，师傅好联系您。"],
                       "bank_card": ["水票用卡支付，卡号报一下？", "开通自动扣款需要绑卡，卡号您念一下。"]},
                "en": {"phone": ["The driver rings when he's outside, what number?", "What's a good number for the driver?"],
                       "bank_card": ["For the monthly direct payment I'll need a card number."]},
                "mixed": {"phone": ["师傅到了会 call 您，phone number 是？"], "bank_card": ["auto-pay 要绑 card，number 报一下。"]}},
        "follow": {"zh": ["好的，{bottles}，押金{small}，{date}{time}之前送到。", "空桶您放门口，我们回收，每桶退{small}。"],
                   "en": ["Okay, {bottles}, deposit {small}, delivered by {time} on {date}.", "Leave the empties out, we refund {small} each."],
                   "mixed": ["OK，{bottles}，deposit {small}，{time} 前送到。"]},
        "neg": {"zh": [[("C", "我订的{bottles}今天能到吗？地址{address}。"), ("A", "今天单子多，大概{time}到。"),
                        ("C", "好，押金是{small}吧？"), ("A", "对，空桶退回的时候退给您。")]],
                "en": [[("C", "Will my {bottles} make it today? It's {address}."), ("A", "We're busy, so about {time}."),
                        ("C", "And the deposit's {small}?"), ("A", "That's right, refunded when you return the empties.")]],
                "mixed": [[("C", "{bottles} 今天能 deliver 吗？"), ("A", "大概 {time}，deposit {small}。")]]},
        "long": {"zh": ["配送单号是", "水票的防伪码是"], "en": ["the delivery docket number is ", "the voucher code is "]},
    },
    "lpg": {
        "kinds": ["phone", "id_number", "phone"],
        "org": {"zh": ["安顺液化气站", "民生燃气配送"], "en": ["Northgas Bottled Gas", "Blue Flame LPG"]},
        "labels": {"zh": [("调度", "用户")], "en": [("Dispatcher", "Caller")]},
        "greet": {"zh": ["您好，{org}，换气还是报修？", "{org}，您好，请讲。"], "en": ["{org}, how can I help?", "Good morning, {org}."],
                  "mixed": ["{org} 您好，换气还是 repair？"]},
        "reason": {"zh": ["我家液化气用完了，要换一瓶{kg}的。", "钢瓶上写着{serial}，是不是快到检验期了？",
                          "上次换气的时候阀门有点漏气。", "饭店要订{n}瓶{kg}的，能不能今天送？"],
                   "en": ["I need a {kg} propane cylinder swapped.", "The cylinder says {serial}. Is it due a test?",
                          "The regulator on my last bottle was hissing.", "I run a café and need {n} cylinders by tomorrow."],
                   "mixed": ["我要换一瓶 {kg} 的 gas。", "cylinder 上写 {serial}，是不是要 inspection 了？"]},
        "why": {"zh": {"id_number": ["液化气实名购买，需要登记身份证号。", "按安全规定，开户要身份证号码。"],
                       "phone": ["送气师傅上门前会打电话，您电话是？", "安检员要跟您约时间，留个手机号。"]},
                "en": {"id_number": ["Because it's a registered gas account, I need the holder's ID number.", "New accounts need an ID number, I'm afraid."],
                       "phone": ["The driver will ring ahead, what number?", "What number can the safety inspector call?"]},
                "mixed": {"id_number": ["实名购气，ID number 要登记一下。"], "phone": ["driver 到之前会 call，phone number 是？"]}},
        "follow": {"zh": ["{kg}的一瓶{small}，今天{time}前送到。", "安检约在{date}{time}，免费的。"],
                   "en": ["A {kg} cylinder is {small}, delivered before {time}.", "The safety check is booked for {date}, no charge."],
                   "mixed": ["{kg} 的 {small}，{time} 前 deliver。"]},
        "neg": {"zh": [[("C", "我要换一瓶{kg}的气，地址{address}。"), ("A", "好的，{small}，送气工{time}左右到。"),
                        ("C", "钢瓶编号{serial}，要不要带过去检验？"), ("A", "这个瓶子{date}才到期，不用。")]],
                "en": [[("C", "Can I get a {kg} bottle to {address}?"), ("A", "Sure, {small}, the driver's there around {time}."),
                        ("C", "Mine's stamped {serial}, does it need testing?"), ("A", "Not until {date}, you're fine.")]],
                "mixed": [[("C", "一瓶 {kg} 的，送到 {address}。"), ("A", "OK，{small}，{time} 左右到。")]]},
        "long": {"zh": ["钢瓶的条码是", "气瓶追溯码是"], "en": ["the cylinder barcode reads ", "the traceability code is "]},
    },
    "storage": {
        "kinds": ["id_number", "bank_card", "phone"],
        "org": {"zh": ["安储迷你仓", "易存自助仓储"], "en": ["SafeBox Self Storage", "Keepwell Storage"]},
        "labels": {"zh": [("管理员", "租户")], "en": [("Store manager", "Tenant")]},
        "greet": {"zh": ["您好，{org}。", "{org}您好，请问租仓还是续租？"], "en": ["{org}, Priya speaking.", "Hello, {org}."],
                  "mixed": ["Hi，{org}，租仓还是 renew？"]},
        "reason": {"zh": ["我想租一个{sqm}的仓，放搬家的东西。", "我在{unit}号仓，门禁密码好像不对了。",
                          "合同{date}到期，想续租{months}个月。", "仓里有点潮，能换一间吗？"],
                   "en": ["I'm after a {sqm} unit for a house move.", "I'm in unit {unit} and my gate code {gate} stopped working.",
                          "My contract ends on {date}, can I extend by {months} months?", "There's damp in my unit, can I swap?"],
                   "mixed": ["我想租一个 {sqm} 的 unit。", "{unit} 的 gate code 不 work 了。"]},
        "why": {"zh": {"id_number": ["签租赁合同要身份证号，麻烦报一下。", "续租要核实承租人，身份证号是？"],
                       "bank_card": ["月租自动扣款，绑哪张卡？卡号报一下。"], "phone": ["门禁有问题我们电话联系您，手机号是？"]},
                "en": {"id_number": ["For the rental agreement I need your ID number.", "To extend I need to verify you, what's your ID number?"],
                       "bank_card": ["Rent's taken monthly from a card, what's the number?"],
                       "phone": ["If the gate system flags anything we'll call, what number?"]},
                "mixed": {"id_number": ["签 contract 要 ID number。"], "bank_card": ["monthly auto-debit，card number 是？"],
                          "phone": ["有问题会 call 您，mobile 是？"]}},
        "follow": {"zh": ["{sqm}的仓月租{amount}，押金一个月，{unit}号现在空着。", "新的门禁密码短信发您，旧的{gate}作废。"],
                   "en": ["A {sqm} unit is {amount} a month, and {unit} is free now.", "I've reset the gate, the old {gate} won't work any more."],
                   "mixed": ["{sqm} 的 unit 月租 {amount}，{unit} 现在 available。"]},
        "neg": {"zh": [[("C", "我想问下{sqm}的仓一个月多少钱？"), ("A", "{amount}一个月，租{months}个月打九五折。"),
                        ("C", "能不能{date}搬进去？"), ("A", "可以，{unit}号那天空出来。")]],
                "en": [[("C", "How much is a {sqm} unit?"), ("A", "{amount} a month, with a discount if you take {months} months."),
                        ("C", "Could I move in on {date}?"), ("A", "Yes, {unit} frees up that day.")]],
                "mixed": [[("C", "{sqm} 的 unit 多少钱？"), ("A", "{amount} per month。")]]},
        "long": {"zh": ["合同编号是", "出入记录的流水号是"], "en": ["the contract number is ", "the access log reference is "]},
    },
    "karaoke": {
        "kinds": ["phone", "phone", "bank_card"],
        "org": {"zh": ["星光KTV", "麦霸量贩KTV"], "en": ["Starlight Karaoke", "Mic Drop Karaoke Bar"]},
        "labels": {"zh": [("前台", "客人")], "en": [("Front desk", "Guest")]},
        "greet": {"zh": ["您好，{org}，订房请讲。", "{org}前台，您好。"], "en": ["{org}, hi there!", "Hello, {org} bookings."],
                  "mixed": ["{org}，hello，要订 room 吗？"]},
        "reason": {"zh": ["我想订个包厢，{date}晚上，{people}个人。", "昨晚在{room}包厢落了一件外套。",
                          "团购的套餐{amount}那个还能用吗？", "生日派对想布置一下包厢，可以吗？"],
                   "en": ["I'd like to book a room for {people} on {date}.", "I left a jacket in room {room} last night.",
                          "Is the {amount} party package still on?", "Can we decorate the room for a birthday?"],
                   "mixed": ["想 book 一个包厢，{date}，{people} 个人。", "我 jacket 落在 {room} 了。"]},
        "why": {"zh": {"phone": ["订房要留个电话，到店报手机号就行。", "包厢保留到{time}，您的手机号码是？"],
                       "bank_card": ["订金{amount}，刷卡的话卡号报一下。"]},
                "en": {"phone": ["I'll hold it under a mobile number, what is it?", "We keep the room till {time}, what's your number?"],
                       "bank_card": ["We take a {amount} deposit by card, go ahead with the number."]},
                "mixed": {"phone": ["booking 要留 phone number。"], "bank_card": ["deposit {amount}，card number 报一下。"]}},
        "follow": {"zh": ["给您留了{room}，{time}开始，套餐{amount}。", "外套找到了，放在前台，{time}以后来取。"],
                   "en": ["You've got room {room} from {time}, package {amount}.", "We found the jacket, it's behind the desk from {time}."],
                   "mixed": ["{room} 给您 hold 了，{time} 开始。"]},
        "neg": {"zh": [[("C", "{date}晚上还有大包吗？{people}个人。"), ("A", "有的，{room}，{time}开始，欢唱三小时{amount}。"),
                        ("C", "能不能自带蛋糕？"), ("A", "可以的，不收费。")]],
                "en": [[("C", "Any big rooms free on {date}? We're {people}."), ("A", "Yes, {room} from {time}, three hours for {amount}."),
                        ("C", "Can we bring a cake?"), ("A", "Of course, no charge.")]],
                "mixed": [[("C", "{date} 有 big room 吗？"), ("A", "有，{room}，{amount} 三小时。")]]},
        "long": {"zh": ["团购券码是", "预订单号是"], "en": ["the voucher code is ", "the booking reference is "]},
    },
    "florist": {
        "kinds": ["phone", "bank_card", "phone"],
        "org": {"zh": ["花语鲜花速递", "花田里花店"], "en": ["Petal Post Florists", "Bloom and Stem"]},
        "labels": {"zh": [("花店", "顾客")], "en": [("Florist", "Customer")]},
        "greet": {"zh": ["您好，{org}，订花请讲。", "{org}您好。"], "en": ["{org}, good morning!", "Hello, {org}."],
                  "mixed": ["Hi，{org}，订花吗？"]},
        "reason": {"zh": ["我想订一束花送人，{stems}红玫瑰，{date}送到。", "订单{code}的花还没送到，对方说没收到。",
                          "花束里能不能加张卡片？写几句话。", "想订个开业花篮，送到{address}。"],
                   "en": ["I'd like {stems} of roses delivered on {date}.", "Order {code} hasn't arrived, the recipient says nothing came.",
                          "Can you add a little card with a message?", "I need an opening-day arrangement sent to {address}."],
                   "mixed": ["想订 {stems} roses，{date} deliver。", "order {code} 还没到。"]},
        "why": {"zh": {"phone": ["收花人的电话是多少？配送员到了联系TA。", "您自己的手机号也留一下。"],
                       "bank_card": ["在线付款的话，卡号报一下。"]},
                "en": {"phone": ["What's the recipient's number so the courier can call?", "And a number for you?"],
                       "bank_card": ["Payment's by card, whenever you're ready with the number."]},
                "mixed": {"phone": ["收花人的 phone number 是？"], "bank_card": ["payment 用 card，number 报一下。"]}},
        "follow": {"zh": ["{stems}加满天星，一共{amount}，{time}左右送到。", "订单我们加急了，{time}之前送到。"],
                   "en": ["{stems} with eucalyptus comes to {amount}, delivered around {time}.", "We've rushed it, it'll be there by {time}."],
                   "mixed": ["{stems} 一共 {amount}，{time} 左右 deliver。"]},
        "neg": {"zh": [[("C", "我订的花订单号{code}，到哪了？"), ("A", "已经出发了，预计{time}送到，{stems}香槟玫瑰对吧？"),
                        ("C", "对，卡片上写生日快乐。"), ("A", "好的，已经备注。")]],
                "en": [[("C", "Where's order {code}?"), ("A", "Out with the driver, due about {time}. {stems} of champagne roses?"),
                        ("C", "That's it, and the card says happy birthday."), ("A", "Noted.")]],
                "mixed": [[("C", "order {code} 到哪了？"), ("A", "在路上，{time} 左右到。")]]},
        "long": {"zh": ["快递单号是", "配送单号是"], "en": ["the tracking number is ", "the courier reference is "]},
    },
    "evcharge": {
        "kinds": ["phone", "bank_card", "phone"],
        "org": {"zh": ["闪充充电", "驿电充电网"], "en": ["VoltWay Charging", "GridPoint EV"]},
        "labels": {"zh": [("客服", "车主")], "en": [("Support", "Driver")]},
        "greet": {"zh": ["您好，{org}客服。", "{org}，请问遇到什么问题？"], "en": ["{org} support, how can I help?", "Hi, you're through to {org}."],
                  "mixed": ["{org} 客服，how can I help？"]},
        "reason": {"zh": ["我在{pile}充电，充了{kwh}，扣了我{small}，不对吧？", "充电枪拔不下来了，{pile}。",
                          "我想开发票，上个月的充电费。", "车牌{plate}，停车费没减免。"],
                   "en": ["I charged at {pile}, {kwh}, and got billed {small}. That can't be right.", "The cable's stuck in my car at {pile}.",
                          "I need an invoice for last month's charging.", "My reg is {plate} and I was charged for parking."],
                   "mixed": ["{pile} 充了 {kwh}，charge 了我 {small}，不对吧？", "充电枪 stuck 了，{pile}。"]},
        "why": {"zh": {"phone": ["您注册App的手机号是多少？我查一下订单。", "现场工程师会联系您，电话是？"],
                       "bank_card": ["退款原路返回，绑定的卡号报一下核对。", "您要换绑的那张卡，卡号念一下。"]},
                "en": {"phone": ["What mobile is the app account under?", "An engineer will ring you, what number?"],
                       "bank_card": ["The refund goes back to the card, can you read me the number?"]},
                "mixed": {"phone": ["App 注册的 phone number 是？"], "bank_card": ["refund 原路返回，card number 核对一下。"]}},
        "follow": {"zh": ["这笔订单充了{kwh}，电费{small}，服务费{small}。", "多扣的{small}三个工作日内退回。"],
                   "en": ["That session was {kwh}, energy {small} plus service {small}.", "The overcharge of {small} comes back within three working days."],
                   "mixed": ["这个 session {kwh}，total {small}。"]},
        "neg": {"zh": [[("C", "{pile}显示故障，充不进去。"), ("A", "我远程重启一下……好了，您再试试。"), ("C", "可以了，现在{kwh}了。"),
                        ("A", "好的，本次不收服务费。")]],
                "en": [[("C", "{pile} says fault."), ("A", "I'll reset it remotely... try now."), ("C", "Working, it's on {kwh} already."),
                        ("A", "Great, no service fee for this one.")]],
                "mixed": [[("C", "{pile} 显示 fault。"), ("A", "我 reset 一下，try again。")]]},
        "long": {"zh": ["交易流水号是", "订单号是"], "en": ["the transaction number is ", "the session reference is "]},
    },
    "marina": {
        "kinds": ["phone", "bank_card", "id_number"],
        "org": {"zh": ["金港游艇码头", "海湾游艇会"], "en": ["Estuary Point Marina", "Harbourside Moorings"]},
        "labels": {"zh": [("码头办公室", "船东")], "en": [("Marina office", "Berth holder")]},
        "greet": {"zh": ["您好，{org}办公室。", "{org}，您好。"], "en": ["{org} office, good morning.", "{org}, Tom speaking."],
                  "mixed": ["{org} office，您好。"]},
        "reason": {"zh": ["我想租一个泊位，船长{boatlen}。", "{berth}泊位的岸电一直没通。", "我的船{date}要出海，想预约加油。",
                          "冬天想把船吊上岸存放。"],
                   "en": ["I need a berth for a {boatlen} yacht.", "There's no shore power on pontoon {berth}.", "I'm heading out on {date}, can I book fuel?",
                          "I'd like the boat lifted out for the winter."],
                   "mixed": ["想租一个 berth，船长 {boatlen}。", "{berth} 的 shore power 没电。"]},
        "why": {"zh": {"id_number": ["泊位租赁合同要船东身份证号。", "出海报备需要船长的身份证号码。"],
                       "bank_card": ["泊位费走预授权，卡号报一下。"], "phone": ["出海期间紧急联系电话是？", "海事那边可能要打电话，手机号留一下。"]},
                "en": {"id_number": ["For the harbour authority form I need the owner's ID number."],
                       "bank_card": ["Berth fees are taken by card, what's the number?"],
                       "phone": ["What's your mobile while you're at sea?", "Coastguard forms want a contact number, what is it?"]},
                "mixed": {"id_number": ["harbour 报备要 ID number。"], "bank_card": ["berth fee 用 card，number 是？"],
                          "phone": ["出海期间的 contact number？"]}},
        "follow": {"zh": ["{berth}泊位，月租{amount}，水电另计。", "加油约在{date}{time}，船舶识别号{mmsi}对吧？"],
                   "en": ["Berth {berth} is {amount} a month, power extra.", "Fuel's booked for {time} on {date}, MMSI {mmsi}, correct?"],
                   "mixed": ["{berth} 月租 {amount}，power 另算。"]},
        "neg": {"zh": [[("C", "{berth}泊位下个月还空吗？船长{boatlen}。"), ("A", "空的，月租{amount}。"), ("C", "识别号{mmsi}，先帮我登记。"),
                        ("A", "好的，登记了。")]],
                "en": [[("C", "Is {berth} free next month? She's {boatlen}."), ("A", "It is, {amount} a month."), ("C", "MMSI is {mmsi}, pencil me in."),
                        ("A", "Done.")]],
                "mixed": [[("C", "{berth} 下个月 free 吗？"), ("A", "free 的，{amount} 一个月。")]]},
        "long": {"zh": ["船体识别码是", "进出港记录编号是"], "en": ["the hull number is ", "the harbour dues invoice number is "]},
    },
    "angling": {
        "kinds": ["id_number", "phone", "id_number"],
        "org": {"zh": ["湖区垂钓管理处", "水库休闲垂钓中心"], "en": ["Riverside Angling Permits", "Lakes Fishing Permit Office"]},
        "labels": {"zh": [("窗口", "申请人")], "en": [("Permits desk", "Angler")]},
        "greet": {"zh": ["您好，{org}。", "{org}您好，办证还是订钓位？"], "en": ["{org}, hello.", "Good morning, {org}."],
                  "mixed": ["{org}，hello，办 permit 吗？"]},
        "reason": {"zh": ["我想办一张年度垂钓证。", "周末想来钓鱼，{spot}还能订吗？", "去年办的许可证编号{permit}，要续一下。",
                          "带小孩来钓鱼要不要单独办证？"],
                   "en": ["I'd like an annual fishing permit.", "Can I book {spot} for Saturday?", "I need to renew permit {permit}.",
                          "Does my son need his own permit?"],
                   "mixed": ["想办一个 annual permit。", "permit {permit} 要 renew。"]},
        "why": {"zh": {"id_number": ["垂钓证实名办理，身份证号报一下。", "续证要核对身份证号码。"], "phone": ["禁渔期通知会发短信，手机号是？"]},
                "en": {"id_number": ["Permits are in your name, so I'll need your ID number."], "phone": ["We text closure notices, what's your mobile?"]},
                "mixed": {"id_number": ["permit 实名，ID number 报一下。"], "phone": ["closure 通知发 text，mobile 是？"]}},
        "follow": {"zh": ["年证{amount}，有效期到{date}。", "{spot}给您留了，{time}开门。"],
                   "en": ["An annual permit is {amount}, valid until {date}.", "I've held {spot} for you, gates open at {time}."],
                   "mixed": ["annual permit {amount}，valid 到 {date}。"]},
        "neg": {"zh": [[("C", "周末钓位还有吗？"), ("A", "还有，{spot}和{spot}，一天{small}。"), ("C", "一天限钓多少斤？"),
                        ("A", "每人限{n}斤，超出的要放生。")]],
                "en": [[("C", "Any pegs left this weekend?"), ("A", "{spot} and {spot}, {small} a day."), ("C", "What's the bag limit?"),
                        ("A", "{n} fish each, the rest go back.")]],
                "mixed": [[("C", "周末有 peg 吗？"), ("A", "有，{spot}，{small} 一天。")]]},
        "long": {"zh": ["许可证上的条码是", "缴费流水号是"], "en": ["the barcode under the permit is ", "the payment reference is "]},
    },
    "tractor": {
        "kinds": ["id_number", "bank_card", "phone"],
        "org": {"zh": ["丰收农机", "田野农机经销部"], "en": ["Fieldline Tractors", "Harrow and Plough Machinery"]},
        "labels": {"zh": [("销售", "农户")], "en": [("Sales", "Farmer")]},
        "greet": {"zh": ["您好，{org}。", "{org}，您好，看车还是售后？"], "en": ["{org}, good morning.", "Hello, {org} sales."],
                  "mixed": ["{org}，您好，sales 还是 service？"]},
        "reason": {"zh": ["我想买一台{hp}的拖拉机，{model}那款。", "农机补贴申请交了，怎么还没下来？", "{model}的发动机有点问题，保修还在吗？",
                          "收割机想租{n}天，怎么收费？"],
                   "en": ["I'm looking at the {model}, the {hp} one.", "I applied for the machinery grant and haven't heard back.",
                          "My {model} is running rough, is it still under warranty?", "How much to hire a combine for {n} days?"],
                   "mixed": ["想买一台 {model}，{hp} 的。", "补贴 application 交了还没下来。"]},
        "why": {"zh": {"id_number": ["补贴申请要填身份证号，您说一下。", "购机登记要身份证号码。"],
                       "bank_card": ["补贴打到您的银行卡，卡号报一下。", "分期付款要绑卡，卡号是？"],
                       "phone": ["服务站师傅下乡前会打电话，手机号是？"]},
                "en": {"id_number": ["The grant form needs your ID number."], "bank_card": ["The grant's paid into a bank card, what's the number?"],
                       "phone": ["The service engineer will ring before he comes out, what number?"]},
                "mixed": {"id_number": ["grant 申请要 ID number。"], "bank_card": ["补贴打到 bank card，number 是？"],
                          "phone": ["engineer 来之前 call 您，phone number 是？"]}},
        "follow": {"zh": ["{model}现在售价{big}，补贴{big}，您那{mu}地够用了。", "保修{months}个月，您是{date}提的车，还在保内。"],
                   "en": ["The {model} lists at {big} and the grant covers {big}.", "Warranty is {months} months from {date}, so you're covered."],
                   "mixed": ["{model} 售价 {big}，grant {big}。"]},
        "neg": {"zh": [[("C", "{model}现在多少钱？"), ("A", "{big}，补贴以后大概{big}。"), ("C", "出厂编号{code}那台还在吗？"),
                        ("A", "在的，{date}可以来看车。")]],
                "en": [[("C", "What's the {model} going for?"), ("A", "{big}, about {big} after the grant."), ("C", "Is stock number {code} still there?"),
                        ("A", "It is, come and see it on {date}.")]],
                "mixed": [[("C", "{model} 多少钱？"), ("A", "{big}，after grant 大概 {big}。")]]},
        "long": {"zh": ["发动机号是", "出厂编号是"], "en": ["the engine number is ", "the frame number is "]},
    },
}
DOMAIN_NAMES = list(DOMAINS)


# ============================================================================================
# Building a conversation
# ============================================================================================

LEAD_SUB = {
    "zh": {"landline": ["打我家座机吧，", "座机是", "家里电话是", "单位座机，"],
           "foreign": ["我现在用的是境外号码，", "我在国外，号码是"]},
    "en": {"landline": ["Try my landline, ", "Home number's ", "The landline is "],
           "foreign": ["It's a foreign number, ", "I'm abroad at the moment, it's "]},
    "mixed": {"landline": ["我家 landline 是 ", "座机是 "], "foreign": ["我用的是 overseas number，"]},
}


def pick(rng, seq):
    return rng.choice(seq)


class Conv:
    def __init__(self, rng, lang, dom, fmt, kind, j=0):
        self.rng, self.lang, self.dom, self.fmt, self.kind, self.j = rng, lang, dom, fmt, kind, j
        self.D = DOMAINS[dom]
        self.lines = []
        self.nums = []
        self.tags = []
        ol = lang if lang != "mixed" else rng.choice(["zh", "en"])
        self.org = rng.choice(self.D["org"][ol])
        dl = self.D.get("labels", {}).get(lang)
        if dl and rng.random() < 0.3:
            self.labels = rng.choice(dl)
        else:
            self.labels = rng.choice(LABELS[lang])
        self.sys_label = rng.choice(SYS_LABEL[lang])

    def cycle(self, opts):
        """The variant of this case: the plan's index within its phenomenon walks the list."""
        return opts[self.j % len(opts)]

    # --- phrases
    def g(self, key, sub=None):
        b = GB[self.lang][key]
        if sub is not None:
            b = b[sub]
        return self.rng.choice(b)

    def d(self, key, sub=None):
        src = self.D[key]
        b = src.get(self.lang) or src.get(self.rng.choice(["zh", "en"]))
        if sub is not None:
            b = b.get(sub) or GB[self.lang]["ask"][sub]
        return fill(self, self.rng.choice(b).replace("{org}", self.org))

    def L(self, zh, en, mixed=None):
        if self.lang == "mixed":
            return self.rng.choice(mixed or (zh + en))
        return self.rng.choice(zh if self.lang == "zh" else en)

    def add(self, spk, *items, cont=False):
        its = []
        for it in items:
            if isinstance(it, str):
                if it:
                    its.append(fill(self, it) if "{" in it else it)
            elif it is not None:
                its.append(it)
        if not its:
            raise Bug("empty line")
        if isinstance(its[0], str) and its[0][:1].isascii() and its[0][:1].islower() and self.lang != "zh":
            its[0] = its[0][0].upper() + its[0][1:]
        self.lines.append(Line(spk, its, cont))

    def all_frags(self):
        return [it for ln in self.lines for it in ln.items if isinstance(it, Frag)]

    # --- numbers
    def num(self, kind=None, **kw):
        n = gen_num(self.rng, kind or self.kind, self.lang, **kw)
        if n.sub == "mobile" and n.cc is None and self.rng.random() < (0.1 if self.lang != "en" else 0.25):
            n.cc = self.rng.choice(["+86", "+86", "0086"])
        self.nums.append(n.digits)
        return n

    def style(self, num):
        lang, fmt, rng = self.lang, self.fmt, self.rng
        if lang == "zh":
            opts = [("ar", 45), ("cn", 40), ("fw", 4 if fmt == "text" else 0), ("cnchunks", 3)]
        elif lang == "en":
            opts = [("en", 55), ("ar", 45)]
        else:
            opts = [("ar", 30), ("cn", 22), ("en", 26), ("switch", 14), ("en_ar", 8)]
        return rng.choices([o for o, _ in opts], [w for _, w in opts])[0]

    def frag(self, num, a=0, b=None, role="said", style=None, digits=None, fillers=0, glue=0, last4=None,
             gsep=None, sizes=None, filler_where=None):
        full = digits or num.digits
        b = len(full) if b is None else b
        ds = full[a:b]
        sizes = sizes or sizes_for(num, a, b)
        style = style or self.style(num)
        if len(sizes) == 1 and style in ("en", "switch", "en_ar") and style != "en":
            style = "en"
        if last4 is None:
            last4 = num.kind == "phone" and b == len(full) and role not in ("abandoned",)
        kw = {}
        if style in ("cn", "switch", "cnchunks", "tokens"):
            kw["yao_p"] = 0.75 if num.kind == "phone" else 0.35
            kw["liang_p"] = 0.12 if num.kind == "phone" else 0.03
        if fillers and gsep == "":
            gsep = None
        if fillers and style in ("ar", "fw", "cn") and gsep is None:
            gsep = self.rng.choice([" ", "，", " ", ""] if self.lang != "en" else ([" ", " ", "-"] if self.fmt != "asr-json" else [" ", ", "]))
            if gsep == "" and len(sizes) > 1:
                gsep = "，" if self.lang != "en" else " "
        if gsep is None and self.fmt == "asr-json":
            if style in ("ar", "fw", "cn"):
                gsep = self.rng.choice([" ", " ", "，" if self.lang != "en" else ", ", ""])
            elif style in ("en", "switch", "en_ar"):
                gsep = self.rng.choice([" ", ", ", " ", "... "])
        atoms = say(ds, sizes, style, self.rng, gsep=gsep, protect_last5=last4, glue=glue, lang=self.lang, **kw)
        if fillers:
            if len(atoms) < 2:
                raise Redraw("no room for fillers")
            atoms = add_fillers(atoms, min(fillers, len(atoms) - 1), self.rng, self.lang, filler_where)
        if style in ("ar", "fw") and ds.endswith("X") and self.rng.random() < 0.25:
            atoms[-1].text = atoms[-1].text[:-1] + ("x" if style == "ar" else "Ｘ")
        if style in ("cn",) and ds.endswith("X") and self.rng.random() < 0.2:
            atoms[-1].text = atoms[-1].text[:-1] + "叉"
        fr = Frag(num.kind, role, last4, ds, atoms, num)
        fr.final = b == len(full)
        return fr

    def cc(self, num, style_hint=None):
        if not num.cc:
            return None
        if self.lang != "zh" and style_hint == "en" and self.rng.random() < 0.5:
            ds = num.cc.lstrip("+")
            if ds.startswith("00"):
                ds = ds[2:]
            words = " ".join(EN_DIG[int(c)] for c in ds)
            return CC(f"plus {words}, ", words)
        return CC(num.cc + " ", num.cc.lstrip("+"))

    def kname(self, num, exact=False):
        sub = num.sub if num.kind == "phone" else num.kind
        sub = {"uk": "mobile", "us": "mobile", "hk": "mobile", "sg": "mobile", "au": "mobile"}.get(sub, sub)
        names = KN[self.lang][sub]
        if exact:
            names = [x for x in names if x not in ("number", "long number on the card")]
        return self.rng.choice(names)

    def lead(self, num):
        if num.kind == "phone" and num.sub == "landline" and self.rng.random() < 0.7:
            return self.rng.choice(LEAD_SUB[self.lang]["landline"])
        if num.kind == "phone" and num.sub not in ("mobile", "landline") and self.rng.random() < 0.4:
            return self.rng.choice(LEAD_SUB[self.lang]["foreign"])
        return self.g("lead", num.kind)

    def ask(self, num):
        if self.rng.random() < 0.6:
            return self.d("why", num.kind)
        return self.g("ask", num.kind)

    def end(self):
        return self.g("end")

    def la_pre(self, p):
        """Sometimes a look-alike said just before the number, in the same turn."""
        if self.rng.random() >= p:
            return ""
        self.tags.append("look-alike beside")
        return self.L(["订单是{code}，", "上次付了{amount}，", "{date}那次是我订的，", "我是{date}来过的，"],
                      ["The booking's {code}, and ", "I paid {amount} last time, ", "It was booked on {date}, ", "I was in on {date}, "],
                      ["order {code}，", "上次付了 {amount}，", "{date} 订的，"])

    def la_post(self, p):
        """Sometimes a look-alike said just after the number, in the same turn (instead of the usual ending)."""
        if self.rng.random() >= p:
            return self.end()
        self.tags.append("look-alike after")
        return self.L(["，我{date}都在家。", "，{time}以后打就行。", "，上次那单是{code}。", "，付了{amount}。"],
                      [", and I'm free after {time}.", ", best after {time} on {date}.", ". The last booking was {code}.",
                       ". I paid {amount} last time."],
                      ["，{time} 以后 call 我。", "，上次那单是 {code}。"])

    def lead_with(self, num, p):
        pre = self.la_pre(p)
        lead = self.lead(num)
        if pre and self.lang != "zh" and lead[:1].isupper() and lead[1:2].islower():
            lead = lead[:1].lower() + lead[1:]
        return pre + lead

    # --- whole-number line
    def say_number(self, num, role="said", **kw):
        style = kw.pop("style", None) or self.style(num)
        return [self.cc(num, style), self.frag(num, role=role, style=style, **kw)]

    # --- standard parts
    def opening(self, reason=True):
        if self.rng.random() < 0.12:
            self.add("S", self.g("ivr"))
        self.add("A", self.d("greet"))
        if reason:
            self.add("C", self.d("reason"))

    def closing(self, follow=True):
        if follow and self.rng.random() < 0.75:
            self.add("A", self.d("follow"))
            if self.rng.random() < 0.5:
                self.add("C", self.L(["好的。", "行，知道了。", "嗯，可以。"], ["Okay, great.", "That works.", "Fine by me."],
                                     ["OK 好的。", "Sounds good，可以。"]))
        self.add("A", self.g("close_a"))
        if self.rng.random() < 0.8:
            self.add("C", self.g("close_c"))

    def maybe_second(self, p=0.22):
        """A second, plainly said number (a phone for call-backs) in some calls."""
        if self.rng.random() >= p or self.kind == "phone" and self.rng.random() < 0.5:
            return
        kind = "phone" if self.kind != "phone" else self.rng.choice(["id_number", "bank_card"])
        if kind not in self.D["kinds"]:
            kind = "phone"
        n2 = self.num(kind)
        if kind == self.kind == "phone" or any(f.kind == kind for f in self.all_frags()):
            self.add("A", self.L(["还有没有备用电话？万一打不通。", "再留一个家里人的电话吧。"],
                                 ["Is there a second number we can try?", "Could I have a backup number, just in case?"],
                                 ["有 backup number 吗？", "再留一个备用的 phone number？"]))
        else:
            self.add("A", self.ask(n2))
        self.add("C", self.lead(n2), *self.say_number(n2), self.end())
        self.tags.append("second " + kind)


def cuts_for(num, k, rng, a=0, b=None):
    """k cut points at group boundaries strictly inside (a, b)."""
    b = len(num.digits) if b is None else b
    bounds, i = [], 0
    for g in num.groups:
        i += g
        if a < i < b:
            bounds.append(i)
    if len(bounds) < k:
        # cut inside groups too
        extra = [x for x in range(a + 2, b - 1) if x not in bounds]
        rng.shuffle(extra)
        bounds += extra[:k - len(bounds)]
    return sorted(rng.sample(bounds, k))


def ranges(cuts, n):
    pts = [0] + cuts + [n]
    return [(pts[i], pts[i + 1]) for i in range(len(pts) - 1)]


def other_digits(rng, ds, lo=0, keep_first=False):
    """ds with one position (>= lo) changed."""
    for _ in range(100):
        i = rng.randrange(max(lo, 1 if keep_first else 0), len(ds))
        if ds[i] == "X":
            continue
        c = rng.choice([x for x in "0123456789" if x != ds[i]])
        return ds[:i] + c + ds[i + 1:]
    raise Bug("other_digits")


# ============================================================================================
# Phenomena
# ============================================================================================

def b_plain(cx):
    rng = cx.rng
    num = cx.num()
    vs = ["answer", "answer", "volunteer", "midsentence", "delayed"]
    if num.kind in ("phone", "id_number"):
        vs.append("system")
    if num.kind == "bank_card":
        vs += ["reading", "reading"]
    v = cx.cycle(vs)
    cx.tags.append(v)
    if v == "volunteer":
        cx.opening(reason=False)
        pre = cx.d("reason")
        cx.add("C", pre, cx.L(["我的", "对了，我", "先说一下，我"], ["My ", "By the way, my ", "For reference, my "],
                              ["BTW 我的 ", "对了，my "]) + cx.kname(num) + cx.L(["是", "是"], [" is ", " is "], [" 是 ", "是"]),
               *cx.say_number(num), cx.end())
        cx.add("A", cx.g("ack"))
    elif v == "system":
        cx.opening()
        pre, post = cx.L([("您登记的" + cx.kname(num) + "是", "，这个还在用吗？"), ("系统里显示" + cx.kname(num) + "是", "，对吧？")],
                         [("The " + cx.kname(num) + " we have on file is ", ". Is that still current?"),
                          ("I can see " + cx.kname(num) + " ", " on the account, is that right?")],
                         [("系统里的 " + cx.kname(num) + " 是 ", "，still correct？"), ("您 register 的号码是 ", "，对吗？")])
        cx.add("A", pre, *cx.say_number(num), post)
        cx.add("C", cx.L(["对，还在用。", "是的，没换。", "对的。"], ["Yes, that's still me.", "That's right.", "Yep, same one."],
                         ["Yes 没换。", "对，still the same。"]))
    elif v == "midsentence":
        cx.opening()
        cx.add("A", cx.ask(num))
        pre, post = cx.L(
            [("到了直接打我" + cx.kname(num) + "，", "，我一般都在。"), ("你们有事就打", "找我，白天晚上都行。"),
             ("就用", "这个吧，别的不常用。")],
            [("If anything comes up just ring me on ", " after six."), ("Use ", ", that's the one I actually answer."),
             ("You'll get me on ", " most days.")],
            [("有事就 call 我 ", "，after six 都在。"), ("Use ", " 这个就行。")])
        if num.kind != "phone":
            pre, post = cx.L([("我之前登记用的就是", "这个，应该没变。"), ("就是", "，跟上次一样。")],
                             [("It should be ", ", same as last time."), ("I registered with ", " originally.")],
                             [("应该是 ", "，same as last time。")])
        cx.add("C", pre, *cx.say_number(num), post)
        cx.add("A", cx.g("ack"))
    elif v == "delayed":
        cx.opening()
        cx.add("A", cx.ask(num))
        cx.add("C", cx.g("wait", num.kind))
        cx.add("A", cx.g("no_rush"))
        if rng.random() < 0.4:
            cx.add("C", cx.L(["找到了。"], ["Right, found it."], ["OK found it。"]))
            cx.add("C", *cx.say_number(num), cx.end(), cont=True)
        else:
            cx.add("C", cx.L(["好了，", "嗯，", ""], ["Okay, ", "Right, ", ""], ["OK，", ""]), *cx.say_number(num), cx.end())
        cx.add("A", cx.g("ack"))
    elif v == "reading":
        cx.opening()
        cx.add("A", cx.ask(num))
        cx.add("C", cx.L(["卡在我手上，我照着念：", "我看着卡念啊，", "卡正面的号码是"],
                         ["Okay, I've got the card in front of me: ", "Reading it off the card, it's ", "Right, the long number is "],
                         ["卡在手上，I'll read it：", "OK，card 上写的是 "]), *cx.say_number(num), cx.end())
        cx.add("A", cx.g("ack"))
    else:
        cx.opening()
        cx.add("A", cx.ask(num))
        cx.add("C", cx.lead_with(num, 0.45), *cx.say_number(num), cx.la_post(0.3))
        cx.add("A", cx.g("ack"))
    cx.maybe_second()
    cx.closing()


def piece_end(cx):
    return cx.L(["……", "", "，", "…"], ["...", ",", "", "..."], ["……", "...", ""])


def b_interruption(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["bc1", "echo", "bc2", "question", "rb_cut", "repeat_last", "bc1"])
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    style = cx.style(num)
    n = len(num.digits)
    if v == "repeat_last":
        cx.add("C", cx.lead(num), *cx.say_number(num, style=style), cx.end())
        cx.add("A", cx.g("repeat_ask"))
        k = num.groups[-1] if num.groups[-1] >= 3 else num.groups[-1] + num.groups[-2]
        cx.add("C", cx.L(["后面是", "最后是", "", "哦，"], ["The last bit is ", "It ends ", "", "Sure, "], ["后面是 ", "It ends ", ""]),
               cx.frag(num, n - k, n, role="piece", style=style, sizes=[k]), cx.end())
        cx.add("A", cx.g("ack"))
    elif v == "rb_cut":
        cx.add("C", cx.lead(num), *cx.say_number(num, style=style), cx.end())
        (a1, b1), (a2, b2) = ranges(cuts_for(num, 1, rng), n)
        pre = cx.L(["我核对一下，", "我重复一下，", ""], ["Let me read that back, ", "So that's ", ""], ["OK 我 repeat 一下，", "So 是 "])
        cx.add("A", pre, cx.frag(num, a1, b1, role="readback", style=style), piece_end(cx))
        cx.add("C", cx.L(["对", "嗯对", "对对"], ["Yes.", "Yep.", "Mm-hm."], ["对", "yes", "嗯 yes"]))
        cx.add("A", cx.frag(num, a2, b2, role="readback", style=style),
               cx.L(["，对吧？", "，没错吧？"], [", right?", "?"], ["，right？", "，对吗？"]))
        cx.add("C", cx.g("confirm"))
    else:
        k = 2 if v == "bc2" else 1
        parts = ranges(cuts_for(num, k, rng), n)
        first = True
        for pi, (a, b) in enumerate(parts):
            fr = cx.frag(num, a, b, role="piece", style=style)
            last = pi == len(parts) - 1
            items = ([cx.lead(num), cx.cc(num, style)] if first else []) + [fr] + ([cx.end()] if last else [piece_end(cx)])
            if not first and rng.random() < 0.3:
                items = [cx.L(["然后是", "后面是", "接着"], ["then ", "and then ", "after that "], ["然后 ", "then "])] + items
            cx.add("C", *items)
            first = False
            if last:
                break
            if v in ("bc1", "bc2"):
                cx.add("A", cx.g("bc"))
            elif v == "echo":
                cx.add("A", cx.frag(num, a, b, role="echo", style=style),
                       cx.L(["，嗯", "，好", "，记下了", "，后面呢？"], [", okay", ", got it", ", mm-hm", ", and then?"],
                            ["，OK", "，got it", "，然后呢？"]))
            else:
                cx.add("A", cx.g("repeat_ask") if rng.random() < 0.5 else
                       cx.L(["等一下，后面是多少？", "嗯？后面呢，没听清。"], ["Sorry, and after that?", "Hang on, what came next?"],
                            ["Wait，后面是？", "Sorry，after that？"]))
    cx.maybe_second(0.15)
    cx.closing()


def b_continuation(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["two", "two", "three", "lead_then_number", "agent_two"])
    if v == "agent_two" and num.kind == "bank_card":
        v = "two"
    cx.tags.append(v)
    cx.opening()
    n = len(num.digits)
    style = cx.style(num)
    if v == "lead_then_number":
        cx.add("A", cx.ask(num))
        cx.add("C", cx.L(["好，我念一下，" + cx.kname(num) + "是", "您记一下啊。"], ["Sure, let me read it out.", "Okay, have you got a pen?"],
                         ["OK 我念一下。", "Sure，你记一下。"]))
        cx.add("C", *cx.say_number(num, style=style), cx.end(), cont=True)
    elif v == "agent_two":
        (a1, b1), (a2, b2) = ranges(cuts_for(num, 1, rng), n)
        cx.add("A", cx.L(["系统里登记的" + cx.kname(num) + "是", "我这边看到的是"], ["What I have on the system is ", "On file I can see "],
                         ["System 里的号码是 ", "我这边 show 的是 "]), cx.frag(num, a1, b1, role="piece", style=style), piece_end(cx))
        cx.add("A", cx.frag(num, a2, b2, role="piece", style=style),
               cx.L(["，对吗？", "，是这个吧？"], [", is that right?", ", still correct?"], ["，对吗？", "，correct？"]), cont=True)
        cx.add("C", cx.g("confirm"))
    else:
        cx.add("A", cx.ask(num))
        k = 2 if v == "three" else 1
        parts = ranges(cuts_for(num, k, rng), n)
        for pi, (a, b) in enumerate(parts):
            fr = cx.frag(num, a, b, role="piece", style=style)
            last = pi == len(parts) - 1
            items = ([cx.lead(num), cx.cc(num, style)] if pi == 0 else []) + [fr] + ([cx.end()] if last else [piece_end(cx)])
            cx.add("C", *items, cont=pi > 0)
        cx.add("A", cx.g("ack"))
    cx.maybe_second(0.15)
    cx.closing()


def wrong_prefix(rng, num, k):
    """A wrong start (k digits) that differs from the number's own start."""
    ds = num.digits[:k]
    if num.sub == "mobile":
        for _ in range(50):
            w = rng.choice(MOBILE_PREFIX)[:min(3, k)] + ds[3:k]
            if w != ds:
                return w
    return other_digits(rng, ds, keep_first=num.sub == "mobile")


def b_correction(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["abandon_wrong", "abandon_wrong", "restart", "wrong_last", "middle_not", "wrong_then_whole"])
    n = len(num.digits)
    if v == "middle_not" and len(num.groups) < 3:
        v = "wrong_last"
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    style = cx.style(num)
    corr = cx.g("corr")
    sep = cx.L(["，", "……", "，"], [", ", "... ", " - "], ["，", ", ", "... "])
    if v in ("abandon_wrong", "restart"):
        k = cuts_for(num, 1, rng, 2, min(n - 2, 8))[0] if n > 6 else 3
        if v == "abandon_wrong":
            wd = wrong_prefix(rng, num, k) + num.digits[k:]
            cx.nums.append(wd[:k])
            ab = cx.frag(num, 0, k, role="abandoned", style=style, digits=wd, last4=False)
        else:
            ab = cx.frag(num, 0, k, role="abandoned", style=style, last4=False)
        tail = cx.L(["，", "，是", "，"], [", it's ", ", ", ". "], ["，是 ", ", "])
        if rng.random() < 0.35:
            cx.add("C", cx.lead(num), ab, sep + corr + "。")
            cx.add("C", cx.frag(num, style=style), cx.end(), cont=True)
        else:
            cx.add("C", cx.lead(num), ab, sep + corr + tail, cx.frag(num, style=style), cx.end())
        cx.add("A", cx.g("ack"))
    elif v == "wrong_last":
        cut = n - num.groups[-1]
        wd = num.digits[:cut] + other_digits(rng, num.digits[cut:])
        cx.nums.append(wd)
        cx.add("C", cx.lead(num), cx.frag(num, role="wrong", style=style, digits=wd), sep + corr + "，" +
               cx.L(["最后几位是", "后面是", "最后是"], ["the last bit is ", "it ends ", "the end is "], ["last part 是 ", "最后是 "]),
               cx.frag(num, cut, n, role="corrected", style=style), cx.end())
        cx.add("A", cx.g("ack"))
    elif v == "middle_not":
        a = num.groups[0]
        b = a + num.groups[1]
        wm = other_digits(rng, num.digits[a:b])
        wd = num.digits[:a] + wm + num.digits[b:]
        cx.nums.append(wd)
        cx.add("C", cx.lead(num), cx.frag(num, role="wrong", style=style, digits=wd), cx.end())
        right = cx.frag(num, a, b, role="corrected", style=style)
        wrong = cx.frag(num, a, b, role="wrong", style=style, digits=wd)
        cx.add("C", corr + cx.L(["，中间是", "，第二段是"], [", the middle bit is ", ", the second group is "], ["，中间是 ", ", middle 是 "]),
               right, cx.L(["，不是", "，不是"], [", not ", ", not "], ["，not ", "，不是 "]), wrong, cx.L(["。", "。"], [".", "."]), cont=True)
        cx.add("A", cx.g("ack"))
    else:  # wrong_then_whole
        wd = other_digits(rng, num.digits, lo=3)
        cx.nums.append(wd)
        cx.add("C", cx.lead(num), cx.frag(num, role="wrong", style=style, digits=wd), cx.end())
        cx.add("A", cx.g("ack"))
        cx.add("C", cx.L(["哎等一下，刚才说错了，应该是", "不好意思，我看错了一位，是"], ["Oh hang on, I got that wrong. It's ", "Sorry, I misread one digit, it's "],
                         ["Sorry 刚才说错了，应该是 ", "Wait，我看错了，it's "]), cx.frag(num, style=style), cx.end())
        cx.add("A", cx.L(["好的，已经改过来了。", "没关系，改好了。"], ["No problem, I've corrected it.", "Okay, updated."], ["OK，updated。"]))
    cx.maybe_second(0.15)
    cx.closing()


def b_filler(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["between", "between", "inside", "hesitant"])
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    style = cx.style(num)
    if style in ("switch", "en_ar", "cnchunks"):
        style = rng.choice(["ar", "cn"] if cx.lang != "en" else ["ar", "en"])
    k = rng.choice([2, 2, 3])
    sizes = None
    if v == "inside" and style in ("ar", "fw", "cn"):
        sizes = []
        gi = rng.randrange(len(num.groups))
        for i, g in enumerate(num.groups):
            if i == gi and g >= 2:
                c = rng.randint(1, g - 1)
                sizes += [c, g - c]
            else:
                sizes.append(g)
    fr = cx.frag(num, style=style, fillers=k, sizes=sizes)
    lead = cx.lead_with(num, 0.25)
    if v == "hesitant":
        lead = cx.L(["呃，", "嗯……", "那个，"], ["Um, ", "Uh, ", "Er, "], ["呃，", "Um，"]) + \
            (lead[:1].lower() + lead[1:] if lead[:1].isupper() and lead[1:2].islower() else lead)
    cx.add("C", lead, cx.cc(num, style), fr, cx.la_post(0.2))
    cx.add("A", cx.g("ack"))
    cx.maybe_second(0.2)
    cx.closing()


def b_asr_chunks(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["chunks", "chunks", "cnchunks", "tokens", "cut"])
    if cx.lang == "en" and v == "cnchunks":
        v = "chunks"
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    n = len(num.digits)
    if v == "cut":
        c = rng.randint(3, n - 3)
        st = rng.choice(["chunks", "chunks", "cnchunks" if cx.lang != "en" else "chunks"])
        cx.add("C", cx.lead(num), cx.frag(num, 0, c, role="piece", style=st, sizes=[c]))
        cx.add("C", cx.frag(num, c, n, role="piece", style=st, sizes=[n - c]), cx.end(), cont=True)
    else:
        cx.add("C", cx.lead_with(num, 0.3), cx.cc(num, "ar"), cx.frag(num, style=v, sizes=[n]), cx.la_post(0.2))
    cx.add("A", cx.g("ack"))
    cx.maybe_second(0.2)
    cx.closing()


def b_readback(cx):
    rng = cx.rng
    num = cx.num()
    vs = ["full", "full", "first" if num.sub != "landline" else "full", "misheard_full", "misheard_full"]
    if num.kind in ("phone", "bank_card"):
        vs += ["last4", "misheard_last4"]
    else:
        vs += ["last4"]
    v = cx.cycle(vs)
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    style = cx.style(num)
    rstyle = style if rng.random() < 0.6 else cx.style(num)
    cx.add("C", cx.lead_with(num, 0.25), *cx.say_number(num, style=style), cx.la_post(0.2))
    n = len(num.digits)
    if v == "full":
        pre, post = cx.g("rb_full")
        cx.add("A", pre, cx.frag(num, role="readback", style=rstyle), post)
        cx.add("C", cx.g("confirm"))
    elif v == "last4":
        pre, post = cx.g("rb_last4")
        if num.kind == "id_number":
            pre, post = cx.L([("后四位是", "，对吧？"), ("最后四位", "没错吧？")], [("Ending ", ", yes?"), ("Last four ", ", right?")],
                             [("last four 是 ", "，right？")])
        cx.add("A", pre, cx.frag(num, n - 4, n, role="readback", style=rstyle, sizes=[4]), post)
        cx.add("C", cx.g("confirm"))
    elif v == "first":
        pre, post = cx.g("rb_first")
        k = num.groups[0]
        cx.add("A", pre, cx.frag(num, 0, k, role="readback", style=rstyle, sizes=[k]), post)
        cx.add("C", cx.g("confirm"))
    elif v == "misheard_full":
        wd, pos = mishear(rng, num)
        cx.nums.append(wd)
        pre, post = cx.g("rb_full")
        cx.add("A", pre, cx.frag(num, role="misheard", style=rstyle, digits=wd), post)
        # the group holding the wrong digit, said again by the caller
        a = 0
        for g in num.groups:
            if a <= pos < a + g:
                break
            a += g
        b = a + g
        fix = [(cx.g("deny") + cx.L(["是", "应该是", ""], [" it's ", " that should be ", " "], [" 是 ", " it's "])).replace("， ", "，"),
               cx.frag(num, a, b, role="corrected", style=style, sizes=[b - a])]
        if rng.random() < 0.4:
            fix += [cx.L(["，不是"], [", not "], ["，not ", "，不是 "]),
                    cx.frag(num, a, b, role="misheard", style=style, digits=wd, sizes=[b - a]), cx.L(["。"], ["."], ["。"])]
        else:
            fix.append(cx.end())
        cx.add("C", *fix)
        if rng.random() < 0.6:
            pre, post = cx.g("rb_full")
            cx.add("A", cx.L(["哦，不好意思。", "抱歉。"], ["Sorry about that. ", "Apologies. "], ["Sorry，"]), pre,
                   cx.frag(num, role="readback", style=rstyle), post)
            cx.add("C", cx.g("confirm"))
        else:
            cx.add("A", cx.g("ack"))
    else:  # misheard_last4
        wd = num.digits[:n - 4] + other_digits(rng, num.digits[n - 4:])
        cx.nums.append(wd)
        pre, post = cx.g("rb_last4")
        cx.add("A", pre, cx.frag(num, n - 4, n, role="misheard", style=rstyle, digits=wd, sizes=[4]), post)
        cx.add("C", (cx.g("deny") + cx.L(["是", "后四位是"], [" it's ", " the last four are "], [" 是 ", " it's "])).replace("， ", "，"),
               cx.frag(num, n - 4, n, role="corrected", style=style, sizes=[4]), cx.end())
        cx.add("A", cx.g("ack"))
    cx.maybe_second(0.15)
    cx.closing()


def b_check_char(cx):
    rng = cx.rng
    want_x = rng.random() < 0.82
    num = cx.num("id_number", want_x=want_x)
    v = cx.cycle(["same_line", "next_line", "asked", "asked"])
    cx.tags.append(v + ("" if want_x else " digit"))
    cx.opening()
    cx.add("A", cx.ask(num))
    style = cx.style(num)
    body = cx.frag(num, 0, 17, role="piece", style=style)
    if want_x:
        xt = rng.choice(["X", "X", "x", "叉", "Ｘ"] if cx.lang == "zh" else (["X", "X", "x"] if cx.lang == "en" else ["X", "x", "叉"]))
        xfr = Frag("id_number", "check-char", False, "X", [Atom(xt, "d", "")], num)
    else:
        xfr = cx.frag(num, 17, 18, role="check-char", style=rng.choice(["ar", "cn"] if cx.lang != "en" else ["ar", "en"]), sizes=[1])
    if v == "same_line":
        mid = cx.L(["，最后一位是", "……末尾是", "，最后是个", "，尾数是"], [", and the last character is ", "... and then ", ", ending with an "],
                   ["，last one 是 ", "……末尾是 ", ", and then "])
        if not want_x and "个" in mid:
            mid = "，最后是"
        if not want_x and "an " in mid:
            mid = ", and the last digit is "
        cx.add("C", cx.lead(num), body, mid, xfr, cx.L(["。", "。"], [".", "."], ["。", "."]))
    elif v == "next_line":
        cx.add("C", cx.lead(num), body, piece_end(cx))
        cx.add("C", cx.L(["末尾是", "最后一位是", "最后还有个"], ["and the last one's ", "then ", "the last character is "],
                         ["最后是 ", "and then "]), xfr, cx.L(["。", ""], [".", ""], ["。"]), cont=True)
    else:
        cx.add("C", cx.lead(num), body, piece_end(cx))
        cx.add("A", cx.L(["最后一位呢？", "还差最后一位。", "一共十七位，最后一位是？"], ["And the last character?", "That's seventeen, what's the last one?",
                                                                     "I think I'm missing one at the end."],
                         ["最后一位呢？", "last character 是？"]))
        cx.add("C", cx.L(["是", "哦，", "最后是", ""], ["It's ", "Oh, ", "Sorry, ", ""], ["是 ", "It's ", ""]), xfr,
               cx.L(["。", "，字母。"] if want_x else ["。"], [".", ", the letter."] if want_x else ["."], ["。", ".", "，letter。"] if want_x else ["。"]))
    cx.add("A", cx.g("ack"))
    cx.maybe_second(0.2)
    cx.closing()


def b_glued(cx):
    rng = cx.rng
    num = cx.num()
    v = cx.cycle(["answer", "answer", "readback", "pieces"])
    cx.tags.append(v)
    cx.opening()
    cx.add("A", cx.ask(num))
    g = rng.choice([1, 2, 2, 3, 4])
    style = "en" if cx.lang == "en" or rng.random() < 0.7 else "switch"
    if v == "answer":
        cx.add("C", cx.lead_with(num, 0.3), cx.cc(num, "en"), cx.frag(num, style="en" if style == "en" else style, glue=g), cx.la_post(0.2))
        cx.add("A", cx.g("ack"))
    elif v == "readback":
        cx.add("C", cx.lead(num), cx.cc(num, "en"), cx.frag(num, style="en", glue=g), cx.end())
        pre, post = cx.g("rb_full")
        cx.add("A", pre, cx.frag(num, role="readback", style="en", glue=rng.choice([0, 1, 2])), post)
        cx.add("C", cx.g("confirm"))
    else:
        (a1, b1), (a2, b2) = ranges(cuts_for(num, 1, rng), len(num.digits))
        cx.add("C", cx.lead(num), cx.frag(num, a1, b1, role="piece", style="en", glue=g), piece_end(cx))
        cx.add("A", cx.g("bc"))
        cx.add("C", cx.frag(num, a2, b2, role="piece", style="en", glue=max(1, g - 1)), cx.end())
    if not any(any(a.kind == "d" and a.text.isalpha() and len(_split_glued(a.text) or []) > 1 for a in f.atoms) for f in cx.all_frags()):
        raise Redraw("nothing glued")
    cx.maybe_second(0.15)
    cx.closing()


def b_multi(cx):
    rng = cx.rng
    kinds = [k for k in ["id_number", "bank_card", "phone"] if k in cx.D["kinds"]]
    v = cx.cycle(["same_line", "two_turns", "two_turns", "three", "two_phones"])
    if v == "three" and len(set(kinds)) < 3:
        v = "two_turns"
    cx.tags.append(v)
    cx.opening()
    if v == "two_phones":
        n1 = cx.num("phone")
        n2 = cx.num("phone", landline_p=0.35)
        cx.add("A", cx.ask(n1))
        cx.add("C", cx.lead(n1), *cx.say_number(n1), cx.end())
        cx.add("C", cx.L(["要是打不通就打这个", "备用的是", "我爱人的电话是"], ["If that's off, try ", "Backup is ", "Or my partner on "],
                          ["打不通的话 try ", "backup 是 "]), *cx.say_number(n2), cx.L(["。"], ["."], ["。"]), cont=rng.random() < 0.5)
        cx.add("A", cx.g("ack"))
    elif v == "same_line":
        k1, k2 = rng.sample(sorted(set(kinds)), 2) if len(set(kinds)) >= 2 else ("phone", "id_number")
        n1, n2 = cx.num(k1), cx.num(k2)
        cx.add("A", cx.L(["需要登记两个信息，" + cx.kname(n1, True) + "和" + cx.kname(n2, True) + "。"],
                         ["I'll need two things: your " + cx.kname(n1, True) + " and your " + cx.kname(n2, True) + "."],
                         ["需要 " + cx.kname(n1, True) + " 和 " + cx.kname(n2, True) + "。"]))
        cx.add("C", cx.la_pre(0.3), cx.kname(n1, True) + cx.L(["是", "："], [" is ", ": "], [" 是 ", ": "]), *cx.say_number(n1),
               cx.L(["，", "；"], ["; ", ", and the "], ["，", "; "]) + cx.kname(n2, True) + cx.L(["是", "："], [" is ", ": "], [" 是 "]),
               *cx.say_number(n2), cx.end())
        cx.add("A", cx.g("ack"))
    else:
        ks = sorted(set(kinds))
        rng.shuffle(ks)
        ks = ks[:3] if v == "three" else ks[:2]
        if len(ks) < 2:
            ks = ["phone", "id_number"]
        for i, k in enumerate(ks):
            n = cx.num(k)
            cx.add("A", cx.ask(n) if i == 0 else cx.L(["好的。", "好。", "收到。"], ["Thanks.", "Great.", "Lovely."], ["OK。", "好的 thanks。"]) +
                   cx.L(["还需要您的" + cx.kname(n) + "。", "再报一下" + cx.kname(n) + "。"], [" And your " + cx.kname(n) + "?", " Now the " + cx.kname(n) + ", please."],
                        [" 还要 " + cx.kname(n) + "。", " " + cx.kname(n) + " please。"]))
            cx.add("C", cx.lead_with(n, 0.2), *cx.say_number(n), cx.la_post(0.2))
        cx.add("A", cx.g("ack"))
    if rng.random() < 0.6:
        cx.add("A", cx.d("follow"))
    cx.closing(follow=False)


def b_negative(cx):
    rng = cx.rng
    v = cx.cycle(NEG_VARIANTS)
    cx.tags.append(v)
    cx.opening(reason=v != "script")
    lang = cx.lang
    ll = lang if lang != "mixed" else rng.choice(["zh", "en"])
    if v in ("spelled", "arabic_long"):
        ctx = rng.choice(cx.D["long"][ll])
        k = rng.randint(15, 19)
        if v == "spelled":
            val = LA["spelled"](rng, lang if lang != "mixed" else rng.choice(["zh", "en", "mixed"]), k)
        else:
            ds = la_long_digits(rng, k)
            gs = rng.choice([" ", "", "-"])
            val = gs.join(ds[i:i + 4] for i in range(0, len(ds), 4))
        if rng.random() < 0.7:
            cx.add("A", cx.L(["请问有什么单据上的编号吗？", "您手上有单号吗？", "小票上有个长编号，麻烦念一下。", "单子上的编号报一下？"],
                             ["Have you got a reference handy?", "Is there a number on the paperwork?",
                              "Could you read me the reference on the receipt?", "What's the number printed at the bottom?"],
                             ["有 reference number 吗？", "单号有吗？", "receipt 上的编号念一下？"]))
            if ll == "zh":
                cx.add("C", cx.L(["有的，", "我看一下，", "嗯，", ""], [""], ["有，", "OK，"]) + ctx + val + "。")
            else:
                cx.add("C", cx.L([""], ["Yes, ", "Sure, ", "Right, ", ""], ["Yes，", "OK，"]) + ctx + val + ".")
        else:
            if ll == "zh":
                cx.add("C", cx.L(["我先报一下，", "您查一下，", "麻烦帮我看看，"], [""], ["Can you check 一下，"]) + ctx + val + "。")
            else:
                cx.add("C", cx.L([""], ["Could you look it up? ", "So, ", "I've got the paperwork here: "], ["麻烦 check 一下，"]) + ctx + val + ".")
        cx.tags.append(f"{len(la_digits(val))} digits")
        cx.add("A", cx.L(["好的，查到了。", "我查一下……好的，看到了。"], ["Thanks, found it.", "Let me look... yes, there it is."],
                         ["OK found it。", "好的，查到了。"]))
        if rng.random() < 0.6:
            cx.add("A", cx.L(["这一单是{date}登记的，金额{amount}，已经处理好了。", "系统显示{date}{time}已经签收。", "这个记录是{date}的，状态正常。"],
                             ["That was logged on {date}, {amount}, all settled.", "It shows as completed on {date} at {time}.",
                              "That one's from {date}, nothing outstanding."],
                             ["这单是 {date} 的，status 正常。", "It shows completed，{date} 签收的。"]))
    elif v == "not_given":
        if "id_number" in cx.D["kinds"] and rng.random() < 0.4:
            cx.add("A", cx.L(["需要您的身份证号核实一下。"], ["Could I take your ID number?"], ["需要 ID number verify 一下。"]))
        else:
            cx.add("A", cx.L(["方便留个联系电话吗？", "留个手机号吧？"], ["Can I take a contact number?", "Is there a mobile I can note down?"],
                             ["方便留个 phone number 吗？"]))
        cx.add("C", cx.L(["就打我注册的那个吧，我不想再报了。", "我现在不方便说，我回头去店里再登记。", "用我上次留的那个就行。"],
                         ["Just use the one on the account, I'd rather not say it over the phone.", "I'll bring it in person, if that's okay.",
                          "Same as last time, you should have it."],
                         ["就用 account 上那个吧。", "我 prefer 到店里再给。"]))
        cx.add("A", cx.L(["好的，没问题。", "可以的，那就用预留的号码。"], ["That's fine.", "No problem at all."], ["OK，no problem。"]))
        script = rng.choice(cx.D["neg"].get(lang) or cx.D["neg"][ll])
        for spk, t in script:
            cx.add(spk, t)
    elif v == "member":
        mn = la_member11(rng, lang)
        cx.add("A", cx.L(["您有会员号吗？", "报一下会员编号。"], ["Do you have a membership number?", "What's your loyalty number?"],
                         ["有 member number 吗？"]))
        cx.add("C", cx.L(["会员号是", "有，编号"], ["It's ", "Yes, "], ["member number 是 ", "有，"]) + mn + cx.L(["。"], ["."], ["。"]))
        cx.add("A", cx.L(["好的，积分还有{n}分，可以抵{small}。"], ["Thanks, you've got {n} points, worth {small}."],
                         ["OK，{n} points，可以抵 {small}。"]))
    else:
        script = rng.choice(cx.D["neg"].get(lang) or cx.D["neg"][ll])
        for spk, t in script:
            cx.add(spk, t)
        cx.add("A", cx.L(["另外提醒您，客服热线是{hotline}。"], ["You can also reach us on the helpline, option {opt}."],
                         ["有问题可以 call {hotline}。"]))
    cx.closing(follow=rng.random() < 0.5)
    if not any(ev.readable_count(it) for ln in cx.lines for it in ln.items if isinstance(it, str)):
        raise Redraw("negative with no digit")


def la_digits(s):
    return "".join(u[3] for u in ev.read_units(s))


NEG_VARIANTS = ["spelled"] * 36 + ["arabic_long"] * 6 + ["not_given"] * 6 + ["member"] * 6 + ["script"] * 6
random.Random(60).shuffle(NEG_VARIANTS)

BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
            "filler": b_filler, "asr-chunks": b_asr_chunks, "readback": b_readback, "check-char-apart": b_check_char,
            "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


# ============================================================================================
# The plan, the cases, the set
# ============================================================================================

# phenomenon: (cases, (zh, en, mixed), (text, vtt, asr-json))
QUOTA = {
    "plain": (30, (11, 11, 8), (17, 5, 8)),
    "interruption": (38, (15, 14, 9), (22, 6, 10)),
    "continuation": (32, (12, 12, 8), (17, 5, 10)),
    "correction": (42, (17, 15, 10), (24, 6, 12)),
    "filler": (34, (13, 12, 9), (19, 5, 10)),
    "asr-chunks": (34, (14, 12, 8), (10, 4, 20)),
    "readback": (40, (15, 15, 10), (23, 6, 11)),
    "check-char-apart": (26, (11, 9, 6), (14, 4, 8)),
    "glued-words": (26, (0, 16, 10), (14, 4, 8)),
    "multi-number": (38, (16, 13, 9), (22, 6, 10)),
    "negative": (60, (26, 21, 13), (38, 9, 13)),
}
KIND_CYCLE = ["phone", "id_number", "bank_card", "phone", "id_number", "phone", "bank_card"]


def plan_cases(seed):
    rng = random.Random(seed)
    plans = []
    used = Counter()
    for phen, (n, langs, fmts) in QUOTA.items():
        if sum(langs) != n or sum(fmts) != n:
            raise Bug(f"quota {phen}")
        ls = ["zh"] * langs[0] + ["en"] * langs[1] + ["mixed"] * langs[2]
        fs = ["text"] * fmts[0] + ["vtt"] * fmts[1] + ["asr-json"] * fmts[2]
        rng.shuffle(ls)
        rng.shuffle(fs)
        for j in range(n):
            if phen == "check-char-apart":
                kind = "id_number"
            elif phen in ("negative", "multi-number"):
                kind = None
            else:
                kind = KIND_CYCLE[(j + rng.randrange(2)) % len(KIND_CYCLE)]
            doms = [d for d in DOMAIN_NAMES if kind is None or kind in DOMAINS[d]["kinds"]]
            low = min(used[d] for d in doms)
            dom = rng.choice([d for d in doms if used[d] <= low + 1])
            used[dom] += 1
            plans.append({"phen": phen, "lang": ls[j], "fmt": fs[j], "kind": kind or "phone", "dom": dom, "j": j})
    rng.shuffle(plans)
    return plans


def build_case(idx, plan, seed, stats, seen):
    cid = f"{SET}-{idx + 1:04d}"
    for redraw in range(MAX_REDRAWS):
        rng = random.Random(seed * 1_000_003 + idx * 1009 + redraw)
        cx = Conv(rng, plan["lang"], plan["dom"], plan["fmt"], plan["kind"], plan["j"])
        try:
            BUILDERS[plan["phen"]](cx)
            frags = cx.all_frags()
            if (plan["phen"] == "negative") != (not frags):
                raise Bug(f"{cid}: negative iff no fragment")
            if plan["fmt"] == "text":
                r = layout_text(cx, rng)
            elif plan["fmt"] == "vtt":
                r = layout_vtt(cx, rng)
            else:
                whisper = rng.random() < (0.75 if plan["phen"] in ("continuation", "asr-chunks") else 0.5)
                r = layout_asr(cx, rng, whisper)
            if len(r.labels) != len(frags):
                raise Bug(f"{cid}: {len(r.labels)} labels for {len(frags)} fragments")
            check_labels(r, plan["fmt"], cid)
            check_surface(r, frags, cx.nums, cid)
            if any(f.num.digits in seen for f in frags):
                raise Redraw(f"{cid}: a number already used by another case")
        except Redraw as e:
            stats[plan["phen"]] += 1
            continue
        labs = []
        for fr, lab in r.labels:
            d = {}
            if "start" in lab:
                d["start"], d["end"] = lab["start"], lab["end"]
            d["kind"], d["last4_ok"], d["role"] = fr.kind, fr.last4, fr.role
            if "words" in lab:
                d["words"] = lab["words"]
            labs.append(d)
        case = {"id": cid, "set": SET, "phenomenon": plan["phen"], "lang": plan["lang"], "format": plan["fmt"],
                "domain": plan["dom"], "variant": "; ".join(cx.tags + [r.variant])}
        case.update(r.case_part)
        if plan["fmt"] == "asr-json":
            case["entities"] = labs
        else:
            case["spans"] = labs
        for n in {f.num.digits: f.num for f in frags}.values():
            if not n.valid():
                raise Bug(f"{cid}: invalid number {n.digits}")
        for f in frags:
            if f.last4 != (f.kind == "phone" and f.role != "abandoned" and f.final):
                raise Bug(f"{cid}: last4_ok {f.last4} on a {f.role} {f.kind} fragment {f.text!r}")
            if f.role in ("misheard", "wrong") and f.kind != "phone" and len(f.digits) == len(f.num.digits) \
                    and number_valid(f.kind, f.num.sub, f.digits):
                raise Bug(f"{cid}: a {f.role} {f.kind} passes its check")
        scorer_case_checks(case)
        seen.update(f.num.digits for f in frags)
        return case
    raise Bug(f"{cid}: no valid draw in {MAX_REDRAWS} tries ({plan})")


def generate(seed=MASTER_SEED):
    plans = plan_cases(seed)
    stats = Counter()
    seen = set()
    cases = [build_case(i, p, seed, stats, seen) for i, p in enumerate(plans)]
    report = ev.require_set_checks(cases, SET)
    return cases, report, stats


def summary(cases):
    lines = []
    for key in ("lang", "format", "phenomenon", "domain"):
        c = Counter(x[key] for x in cases)
        lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    asr = Counter("whisper" if "segments" in c["transcript"] else "words" for c in cases if c["format"] == "asr-json")
    lines.append("asr-json: " + ", ".join(f"{k} {v}" for k, v in sorted(asr.items())))
    labs = [l for c in cases for l in ev.labels_of(c)]
    lines.append(f"fragments: {len(labs)}; " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(l['kind'] for l in labs).items())) +
                 f"; last4_ok {sum(l['last4_ok'] for l in labs)}")
    lines.append("roles: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(l['role'] for l in labs).items())))
    main_kinds = Counter()
    for c in cases:
        for k in {l["kind"] for l in ev.labels_of(c)}:
            main_kinds[k] += 1
    lines.append("cases holding a kind: " + ", ".join(f"{k} {v}" for k, v in sorted(main_kinds.items())))
    negs = [c for c in cases if c["phenomenon"] == "negative"]
    lines.append(f"hard negatives: {len(negs)}, of them with a 15-19 digit run: "
                 f"{sum(1 for c in negs if any(t in c['variant'] for t in ('spelled', 'arabic_long')))} "
                 f"(spelled in words / numerals: {sum(1 for c in negs if 'spelled' in c['variant'])})")
    lines.append(f"cases with numbers of two or more kinds: {sum(1 for c in cases if len({l['kind'] for l in ev.labels_of(c)}) >= 2)}; "
                 f"with two or more numbers: {sum(1 for c in cases if 'second' in c['variant'] or c['phenomenon'] == 'multi-number')}")
    return lines


def main(argv=None):
    def run(seed):
        cases, report, redraws = generate(seed)
        return cases, report, cases, Counter(redraws)
    return ev.generator_main(argv, "estuary", run, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
