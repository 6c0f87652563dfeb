#!/usr/bin/env python3
"""Delta: 400 whole call-centre conversations for `callvault redact`, written by a thirteenth independent author.

    Tools/gen_redact_delta.py            # writes Tests/VaultRedactTests/Fixtures/conversations-delta.jsonl
    Tools/gen_redact_delta.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_delta.py --out PATH

Provenance. The set ("set": "delta", ids delta-0001 ... delta-0400) was written from the task
description (issue #15) and the scorer Tools/eval_redact_conversations.py only: its case schema, its
labelling conventions, its digit reader and its structure / oracle checks (imported here and run
on every case while it is written). The redactor's sources (Sources/) were not read and the
redactor was not run; of the other generators only their module docstrings were read (for the
shared label conventions and to keep out of the domains they use); no sentence of another set's
fixtures was copied (one line of an existing fixture was looked at to confirm the JSON shape).
The scorer's own --self-check does not list this split; this generator runs the same checks itself.

Domains (none used by another set): a hearing-aid fitting centre, a language-exchange app, a
student-loan servicer, an electric-scooter repair line, a campervan hire desk, a dry cleaner with
pick-up, a coworking space, a certified-translation agency, a locksmith, a pest-control company, a
metro lost-property office and a visa application centre.

Languages: Chinese (160 cases), English (140), mixed Chinese/English code-switching (100).
Formats: plain text (220: 坐席/客户, 客服/来电人, 工作人员/用户, 接线员/来电者, 话务员/客户, A/B,
Agent/Customer, Rep/Caller, Advisor/Member, Operator/Caller, Support/User, Staff/Client and a few
domain labels such as 验配师/顾客, in `lab：`, `lab: `, `【lab】`, `[lab] `, `<lab> `, `lab - `, `lab > `
and header-line layouts, with or without [00:01:02] / 00:01:02 / (01:02) / [01:02.4] / 【00:01:02】
/ wall-clock timestamps before or after the label, continuation lines labelled again, bare or
indented, and transcripts with no labels at all, bare or dash-led), WebVTT (60: `<v lab>`,
`lab：`, dash and bare payloads, with or without numeric cue ids, long and short timings; a turn
that goes on is a new cue, sometimes without the voice tag) and ASR JSON (120: 51 flat `words`
with or without speakers / confidences and punctuation, 69 Whisper-style `segments` with `words`).

Phenomena (one per case, as the scorer counts them; cases): plain 30, interruption 40, continuation
34, correction 42, filler 34, asr-chunks 36, readback 42, check-char-apart 26, glued-words 26,
multi-number 30, negative 60. Every phenomenon has Chinese, English and mixed cases (glued-words:
English and mixed only) and cases in each of the three formats.
  plain: a number said whole (answering the agent, volunteered with the reason for the call, read
    out by the agent from the system, or in the middle of a sentence);
  interruption: the caller says part of a number, the agent's back-channel, question or echo of
    the piece stands on its own speaker line, the caller finishes (once or twice); also the
    agent's read-back cut by the caller's 对 / yes;
  continuation: the same speaker goes on on the next line / cue / segment (two or three pieces);
  correction: abandoned wrong prefixes (一八幺，哦不是，幺八幺四…), restarts of a correct prefix,
    a complete wrong version followed by the corrected last group or by the whole number, "0013,
    not 0031" for a middle group (哦不是 / 不对 / 说错了 / 重新说一下 / sorry, no wait / let me start
    again / scratch that);
  filler: two or three of 呃 / 嗯 / 那个 / 额 / um / uh / er inside one number, between groups or
    inside a group;
  asr-chunks: inverse-text-normalised chunks spread over tokens (136 040 1 8147), Chinese numerals
    mixed with Arabic chunks (188 八 九 …), numerals one token each, a number cut over two segments;
  readback: the agent repeats the number whole, its last four, its first group, sometimes with a
    misheard digit (a misheard ID / card fails its check), and the caller corrects it;
  check-char-apart: an ID's seventeen digits, then ……末尾是X / the last character is X on the same
    line, on the next line, or after the agent asks;
  glued-words: English number words glued by the recogniser (twotwo, fiveeight, onethreeeight);
  multi-number: two or three numbers of different kinds, some on the same line, with look-alikes;
  negative: look-alikes only (60 hard negatives; 39 of them hold a 15-19 digit run spelled in
    English number words or Chinese numerals).
Many positive calls carry a second number (about a third) and look-alikes as well.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, valid region code
and birth date, MOD 11-2 check character, X in many), a bank card (16 or 19 digits, Luhn-valid,
UnionPay / Visa / Mastercard prefixes) or a phone number (PRC mobiles 1[3-9]x, landlines with
their area code, and UK / US / HK / SG / AU numbers) said by anybody is one fragment of its kind,
with a "role": said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char.
Counts: 787 fragments, phone 298, id_number 288, bank_card 201 (224 with last4_ok); cases holding
a phone 179, an ID 177, a card 133; 136 cases hold numbers of two or more kinds.
A fragment runs from its first digit-bearing word to its last (never starting with "double" /
"triple") and holds the separators and fillers inside it; in text and WebVTT it is a code-point
span within one line, in asr-json the list of its words. A country code (+86, 0044, +1 ...) is
not part of a phone fragment; a landline's area code is. `last4_ok` is set exactly on phone
fragments that end at the final digit of the number or of a wrong version of it (the whole
number, its last piece, a read-back of the last four, a misheard read-back, a wrong version, a
corrected last group); never on IDs, cards, abandoned prefixes or middle pieces. No "double" /
"triple" is said in the last five digits of a phone fragment that has last4_ok.

Hard negatives and the unlabelled digits of every case: booking, order, job, ticket, contract,
application, report, service and batch numbers, tracking and EMS numbers, frame (VIN-like) and
serial numbers, plates, desk / room / locker / counter numbers, amounts, dates, times, counts,
battery sizes and floor areas, published 400 / 800 / 95xxx hotlines, guest-pass codes, 11-digit
member numbers that do not start 1[3-9], 16-19 digit references failing Luhn / MOD 11-2, long digit
runs spelled in English number words or Chinese numerals (after no ID or card context word), and
numbers asked for but not given. They are checked with the scorer's digit reader on what the
redactor reads (the text, the WebVTT cue payloads, the ASR words): runs of unlabelled digits joined
across spaces, punctuation, line breaks and fillers, read with and without "double"/"triple"
expanded, have no 11-digit window 1[3-9]xxxxxxxxx, no 13-19 digit window passing Luhn, no 18
character window passing MOD 11-2 and are not a 10-12 digit run starting with 0; none is a
6+ digit piece of a labelled number; none touches a labelled fragment (only words or CJK text
that is not a numeral may stand between them). A case is drawn again until none does.

Checks at generation (any failure aborts, nothing is written): every number valid (every misheard
ID / card fails its check); every fragment reads back, with the scorer's reader, exactly the
digits it was built from (with double/triple expanded); spans hold no line break and no outer
white space, cut no word and have no digit-bearing character beside them; last4_ok as above; the
windows above; the scorer's structure check passes on each case and on the set; its oracle and
keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky
redactors recall at most the short last-4 share, the over-masker masks the negatives.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, domain,
kind); each case draws from its own random.Random seeded from the master seed, its index and a
redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import calendar
import copy
import os
import random
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: reader, structure and oracle checks)

SET = "delta"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-delta.jsonl")
MASTER_SEED = 15_0407
N_CASES = 400
MAX_REDRAWS = 400


class Bug(Exception):
    """A generator bug: abort loudly."""


class Redraw(Exception):
    """A harmless-look-alike check failed: draw the case again."""


# ============================================================================================
# Numbers
# ============================================================================================

DIG = "0123456789"
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(d17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(d17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17].upper() in DIG + "X" and id_check(s[:17]) == s[17].upper()


def luhn_ok(s):
    if not s.isdigit():
        return False
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in DIG:
        if luhn_ok(body + d):
            return d
    raise Bug("no luhn digit")


PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
REGIONS = ["110101", "110105", "110108", "120104", "130104", "130602", "140105", "150102", "210103", "210204",
           "220104", "230103", "310104", "310115", "320106", "320583", "330106", "330203", "330302", "340104",
           "350203", "350102", "360103", "370202", "370103", "410105", "420106", "420111", "430104", "440106",
           "440305", "441302", "450103", "460106", "500103", "500112", "510107", "510104", "520103", "530102",
           "610113", "620102", "630104", "640104", "650103"]
MOBILE_PFX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
              "152", "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176", "177", "178",
              "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
AREAS = [("010", 8), ("021", 8), ("020", 8), ("022", 8), ("023", 8), ("024", 8), ("025", 8), ("027", 8),
         ("028", 8), ("029", 8), ("0571", 8), ("0755", 8), ("0512", 8), ("0532", 8), ("0731", 8), ("0871", 7),
         ("0591", 8), ("0898", 8), ("0371", 8), ("0451", 8)]
BINS = [("622202", 19), ("621226", 19), ("622848", 19), ("621700", 19), ("621661", 19), ("623058", 19),
        ("621483", 16), ("622588", 16), ("622609", 16), ("622155", 16), ("625826", 16), ("436742", 16),
        ("518710", 16), ("404119", 16), ("524047", 16)]


def rd(r, n):
    return "".join(r.choice(DIG) for _ in range(n))


class Num:
    """A personal number: kind, its characters (digits, maybe a final X), grouping, country code."""

    def __init__(self, kind, digits, sub, groups, cc=None, wrong=False):
        assert sum(groups) == len(digits), (digits, groups)
        self.kind, self.digits, self.sub, self.groups, self.cc, self.wrong = kind, digits, sub, groups, cc, wrong

    def validate(self):
        d = self.digits
        if self.kind == "id_number":
            ok = id_ok(d) and d[:6] in REGIONS
            if ok:
                y, m, dd = int(d[6:10]), int(d[10:12]), int(d[12:14])
                ok = 1950 <= y <= 2006 and 1 <= m <= 12 and 1 <= dd <= calendar.monthrange(y, m)[1]
        elif self.kind == "bank_card":
            ok = len(d) in (16, 19) and luhn_ok(d)
        else:
            if self.sub in ("mobile", "mobile86"):
                ok = len(d) == 11 and d[0] == "1" and d[1] in "3456789" and d.isdigit()
            elif self.sub == "landline":
                ok = d[0] == "0" and len(d) in (10, 11, 12) and d.isdigit()
            else:
                ok = d.isdigit() and 8 <= len(d) <= 11
        if self.wrong:
            if self.kind == "id_number" and id_ok(d):
                raise Bug(f"misheard ID passes MOD 11-2: {d}")
            if self.kind == "bank_card" and luhn_ok(d):
                raise Bug(f"misheard card passes Luhn: {d}")
        elif not ok:
            raise Bug(f"invalid {self.kind} {self.sub}: {d}")


def gen_phone(r, sub):
    if sub in ("mobile", "mobile86"):
        d = r.choice(MOBILE_PFX) + rd(r, 8)
        g = r.choice([[3, 4, 4]] * 6 + [[11], [3, 8], [3, 3, 5]])
        return Num("phone", d, sub, g, "86" if sub == "mobile86" else None)
    if sub == "landline":
        area, n = r.choice(AREAS)
        local = r.choice("2345678") + rd(r, n - 1)
        g = [len(area), 4, 4] if n == 8 else [len(area), 3, 4]
        if r.random() < 0.25:
            g = [len(area), n]
        return Num("phone", area + local, sub, g)
    if sub == "uk":
        return Num("phone", "7700900" + rd(r, 3), sub, [4, 3, 3], "44")
    if sub == "us":
        return Num("phone", r.choice(["415", "212", "312", "617", "206", "503"]) + "55501" + rd(r, 2), sub, [3, 3, 4], "1")
    if sub == "hk":
        return Num("phone", r.choice("569") + rd(r, 7), sub, [4, 4], "852")
    if sub == "sg":
        return Num("phone", r.choice("89") + rd(r, 7), sub, [4, 4], "65")
    if sub == "au":
        return Num("phone", "4" + rd(r, 8), sub, [3, 3, 3], "61")
    raise Bug(sub)


def gen_id(r, want_x=None):
    while True:
        region = r.choice(REGIONS)
        y = r.randint(1958, 2004)
        m = r.randint(1, 12)
        d = r.randint(1, calendar.monthrange(y, m)[1])
        body = f"{region}{y:04d}{m:02d}{d:02d}{rd(r, 3)}"
        ch = id_check(body)
        if want_x is None or want_x == (ch == "X"):
            g = r.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 6, 6], [18], [6, 8, 3, 1]])
            return Num("id_number", body + ch, "id", g)


def gen_card(r):
    bin_, n = r.choice(BINS)
    body = bin_ + rd(r, n - len(bin_) - 1)
    d = body + luhn_digit(body)
    g = [4, 4, 4, 4] if n == 16 else r.choice([[4, 4, 4, 4, 3], [4, 4, 4, 4, 3], [6, 13], [19]])
    return Num("bank_card", d, "card", g)


def misheard(num, r, lo=None, hi=None):
    """A copy of num with one digit changed in [lo, hi) (phones: never in the first three)."""
    n = len(num.digits)
    lo = 0 if lo is None else lo
    hi = n if hi is None else hi
    if num.kind == "phone" and num.sub in ("mobile", "mobile86"):
        lo = max(lo, 3)
    cand = [i for i in range(lo, hi) if num.digits[i].isdigit()]
    i = r.choice(cand)
    new = r.choice([d for d in DIG if d != num.digits[i]])
    d = num.digits[:i] + new + num.digits[i + 1:]
    w = Num(num.kind, d, num.sub, list(num.groups), num.cc, wrong=True)
    w.validate()
    return w


def harmless_digits(r, n, first=None, avoid_start=""):
    """A digit run of length n that no window check could take for a personal number."""
    for _ in range(5000):
        d = (first if first is not None else r.choice("23456789")) + rd(r, n - 1)
        d = d[:n]
        if avoid_start and any(d.startswith(a) for a in avoid_start.split(",")):
            continue
        if n in (15, 18) and d[:2] in PROVINCES:
            continue
        if n in (16, 19) and (d.startswith("62") or d[0] in "45"):
            continue
        if bad_window(d) is None:
            return d
    raise Bug("cannot draw a harmless run")


def bad_window(d):
    n = len(d)
    for i in range(n):
        if i + 11 <= n and d[i] == "1" and d[i + 1] in "3456789" and d[i:i + 11].isdigit():
            return f"mobile-like window {d[i:i + 11]}"
        for L in range(13, 20):
            if i + L <= n and luhn_ok(d[i:i + L]):
                return f"Luhn-valid window {d[i:i + L]}"
        if i + 18 <= n and d[i:i + 17].isdigit() and d[i + 17] in DIG + "X" and id_check(d[i:i + 17]) == d[i + 17]:
            return f"MOD 11-2 window {d[i:i + 18]}"
    if 10 <= n <= 12 and d[0] == "0" and d.isdigit():
        return f"landline-like run {d}"
    return None


# ============================================================================================
# Fragments: a piece of a number as it is said
# ============================================================================================

CN_NUM = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN_NUM = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
FILLER_ZH = [("，", "呃", "，"), (" ", "呃", " "), ("……", "嗯", "……"), ("，", "那个", "，"), ("，", "额", "，"),
             (" ", "嗯", " "), ("，", "呃", "……")]
FILLER_EN = [(", ", "um", ", "), (" ", "uh", " "), ("... ", "um", "... "), (", ", "uh", ", "), (" ", "er", " "),
             (", ", "erm", ", ")]


class Frag:
    """atoms: [(type, text)], type d (digit-bearing), f (filler), s (separator); pre: country code atoms."""

    def __init__(self, num, lo, hi, atoms, role, pre=()):
        self.kind = num.kind
        self.expect = num.digits[lo:hi].upper()
        self.last4_ok = num.kind == "phone" and hi == len(num.digits)
        self.atoms = atoms
        self.role = role
        self.pre = list(pre)
        self.num = num
        self.lo, self.hi = lo, hi
        if not atoms or atoms[0][0] != "d" or atoms[-1][0] != "d":
            raise Bug(f"fragment must start and end with a digit atom: {atoms}")
        if atoms[0][1].lower() in ("double", "triple"):
            raise Bug("fragment starts with double/triple")

    def text(self):
        return "".join(t for _, t in self.atoms)


class BR:
    """The same speaker goes on on the next line / cue / segment."""


def cn_str(s, kind, r):
    out = []
    yao = kind == "phone" and r.random() < 0.85 or kind != "phone" and r.random() < 0.12
    for ch in s:
        if ch == "1":
            out.append("幺" if yao else "一")
        elif ch == "0":
            out.append("〇" if r.random() < 0.1 else "零")
        elif ch == "2" and kind == "phone" and r.random() < 0.12:
            out.append("两")
        elif ch == "X":
            out.append("叉" if r.random() < 0.35 else "X")
        else:
            out.append(CN_NUM[ch])
    return "".join(out)


def en_words(s, abs_lo, r, no_mult_from, first_of_frag, zero_word, mult=True):
    """[(word, n_digits)]; double/triple for repeats where allowed (not at the start, not in a
    phone's last five digits when the fragment may keep its last four)."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "X":
            out.append(("X", 1)); i += 1; continue
        w = zero_word if ch == "0" else EN_NUM[ch]
        can = mult and not (first_of_frag and i == 0 and not out)
        if can and i + 2 < len(s) and s[i + 1] == ch and s[i + 2] == ch and abs_lo + i + 3 <= no_mult_from and r.random() < 0.5:
            out.append(("triple", 0)); out.append((w, 3)); i += 3; continue
        if can and i + 1 < len(s) and s[i + 1] == ch and abs_lo + i + 2 <= no_mult_from and r.random() < 0.4:
            out.append(("double", 0)); out.append((w, 2)); i += 2; continue
        out.append((w, 1)); i += 1
    return out


def partition(n, r, lo=1, hi=4):
    parts = []
    while n > 0:
        k = min(n, r.randint(lo, hi))
        parts.append(k)
        n -= k
    return parts


def group_bounds(num, lo, hi):
    b, acc = [], 0
    for g in num.groups:
        acc += g
        b.append(acc)
    cuts = sorted({lo, hi} | {x for x in b if lo < x < hi})
    return list(zip(cuts, cuts[1:]))


STYLE_SEPS = {
    ("ar", "zh"): [" ", " ", "", "-", "，"], ("ar", "en"): [" ", " ", "-", ", "], ("ar", "mixed"): [" ", "-", "", ", "],
    ("fw", "zh"): [" ", "", "　"], ("fw", "en"): [" "], ("fw", "mixed"): [" ", ""],
    ("cn", "zh"): ["", "", " ", "，"], ("cn", "en"): [" "], ("cn", "mixed"): ["", " ", "，"],
    ("en", "zh"): [", ", " "], ("en", "en"): [", ", " ", " - ", ", "], ("en", "mixed"): [", ", " "],
    ("glued", "en"): [" ", ", "], ("glued", "mixed"): [" ", ", "], ("glued", "zh"): [" "],
}


def render_frag(c, num, lo, hi, style, role, fillers=0, sep=None, cc=False, x_form=None, min_glue=1,
                inner_filler=False):
    r = c.r
    lang = c.lang
    n = len(num.digits)
    last4 = num.kind == "phone" and hi == n
    no_mult_from = n - 5 if last4 else 10 ** 9
    zero_word = r.choice(["zero", "oh", "oh", "zero"])
    if style in ("chunks", "mix_cn_ar", "mix_en_ar", "cnchars"):
        sizes = partition(hi - lo, r, 1, 4) if style != "cnchars" else [1] * (hi - lo)
        bounds, a = [], lo
        for k in sizes:
            bounds.append((a, a + k)); a += k
    else:
        bounds = group_bounds(num, lo, hi)
    groups = []  # list of list of atoms
    mix_toggle = r.random() < 0.5
    for gi, (a, b) in enumerate(bounds):
        s = num.digits[a:b].upper()
        st = style
        if style == "mix_lang":
            st = r.choice(["en", "cn", "ar"]) if gi else r.choice(["en", "cn"])
        elif style == "mix_cn_ar":
            st = "cn" if (gi % 2 == 0) == mix_toggle else "ar"
        elif style == "mix_en_ar":
            st = "en" if (gi % 2 == 0) == mix_toggle else "ar"
        elif style in ("chunks",):
            st = "ar"
        elif style == "cnchars":
            st = "cn"
        if st == "ar":
            if "X" in s and x_form:
                s = s.replace("X", x_form)
            elif "X" in s and r.random() < 0.3:
                s = s.replace("X", "x")
            groups.append([("d", s)])
        elif st == "fw":
            groups.append([("d", s.translate(FW))])
        elif st == "cn":
            t = cn_str(s, num.kind, r)
            if x_form and "X" in s:
                t = t[:-1] + x_form
            groups.append([("d", t)])
        elif st in ("en", "glued"):
            ws = en_words(s, a, r, no_mult_from, gi == 0, zero_word, mult=(st == "en"))
            at = []
            for wi, (w, _) in enumerate(ws):
                if wi:
                    at.append(("s", " "))
                at.append(("d", w))
            groups.append(at)
        else:
            raise Bug(st)
    if style == "glued":
        groups = glue_groups(groups, r, min_glue)
    if sep is None:
        key = (style if style in ("ar", "fw", "cn", "en", "glued") else "mix", lang)
        if style == "mix_lang":
            sep = r.choice([" ", ", ", "，"] if lang != "en" else [" ", ", "])
        elif style in ("chunks", "mix_cn_ar", "mix_en_ar", "cnchars"):
            sep = " "
        else:
            sep = r.choice(STYLE_SEPS.get(key, [" "]))
    atoms = []
    for gi, g in enumerate(groups):
        if gi:
            atoms.append(("s", sep))
        atoms += g
    if fillers:
        atoms = insert_fillers(atoms, fillers, c, inner_filler)
    pre = []
    if cc and num.cc and lo == 0:
        form = r.choice(["+{}", "+{}", "+{}", "00{}"]) if lang == "en" else r.choice(["+{}", "+{}", "00{}", "加{}"])
        pre = [("c", form.format(num.cc)), ("s", " ")]
    return Frag(num, lo, hi, atoms, role, pre)


def glue_groups(groups, r, min_glue):
    """Glue neighbouring number words ("two" "two" -> "twotwo"); at least min_glue glued words."""
    words = []
    for g in groups:
        words.append([t for typ, t in g if typ == "d"])
    glued_count = 0
    out = []
    for ws in words:
        res = []
        i = 0
        while i < len(ws):
            if ws[i] != "X" and i + 1 < len(ws) and ws[i + 1] != "X" and r.random() < 0.55:
                k = 3 if (i + 2 < len(ws) and ws[i + 2] != "X" and r.random() < 0.3) else 2
                res.append("".join(ws[i:i + k])); i += k; glued_count += 1
            else:
                res.append(ws[i]); i += 1
        out.append(res)
    if glued_count < min_glue:
        for res in out:
            for j in range(len(res) - 1):
                if res[j] != "X" and res[j + 1] != "X":
                    res[j:j + 2] = [res[j] + res[j + 1]]
                    glued_count += 1
                    break
            if glued_count >= min_glue:
                break
    if glued_count < min_glue:
        raise Bug("cannot glue")
    res_groups = []
    for res in out:
        at = []
        for wi, w in enumerate(res):
            if wi:
                at.append(("s", " "))
            at.append(("d", w))
        res_groups.append(at)
    return res_groups


def insert_fillers(atoms, k, c, inner):
    r = c.r
    pool = FILLER_ZH if c.lang == "zh" else FILLER_EN if c.lang == "en" else r.choice([FILLER_ZH, FILLER_EN])
    # boundaries: index i such that atoms[i-1] is d and atoms[i] is s (a separator) or d (adjacent)
    cand = []
    for i in range(1, len(atoms)):
        if atoms[i - 1][0] == "d" and atoms[i][0] in ("s", "d") and atoms[i - 1][1].lower() not in MULT:
            cand.append(i)
    if len(cand) < k and inner:
        pass
    if not cand:
        raise Redraw("no place for a filler")
    k = min(k, len(cand))
    chosen = sorted(r.sample(cand, k), reverse=True)
    for i in chosen:
        pre, f, post = r.choice(pool)
        rep = [("s", pre), ("f", f), ("s", post)]
        if atoms[i][0] == "s":
            atoms = atoms[:i] + rep + atoms[i + 1:]
        else:
            atoms = atoms[:i] + rep + atoms[i:]
    return atoms


def split_digit_atom(frag, r):
    """Split one Arabic / Chinese numeral atom of 3+ characters in two (for a filler inside a group)."""
    idx = [i for i, (t, s) in enumerate(frag.atoms) if t == "d" and len(s) >= 3 and all(ch in DIG or ch in "零〇一二三四五六七八九幺两" for ch in s)]
    if not idx:
        return False
    i = r.choice(idx)
    s = frag.atoms[i][1]
    k = r.randint(1, len(s) - 1)
    frag.atoms[i:i + 1] = [("d", s[:k]), ("s", ""), ("d", s[k:])]
    return True


# ============================================================================================
# Digit reading (with the scorer's reader) and checks
# ============================================================================================

MULT = {"double": 2, "triple": 3}


def expanded_digits(s):
    """The digits s says, with "double"/"triple" applied to the following single number word."""
    units = ev.read_units(s)
    out = []
    prev_end = 0
    for (a, b, cnt, dg) in units:
        gap = s[prev_end:a]
        words = [w.lower() for w in "".join(ch if ch.isascii() and ch.isalpha() else " " for ch in gap).split()]
        m = MULT.get(words[-1], 1) if words else 1
        if m > 1 and cnt == 1 and s[a:b].isalpha():
            out.append(dg * m)
        else:
            out.append(dg)
        prev_end = b
    return "".join(out)


def plain_digits(s):
    return "".join(u[3] for u in ev.read_units(s))


JOIN_EXTRA = set(" \t\n\u3000")
CJK_FILLERS = ["那个", "呃", "嗯", "额", "啊"]
EN_FILLERS = {"um", "uh", "er", "erm", "hmm", "mm", "double", "triple"}


def is_cjk(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def gap_joins(g):
    """True when nothing but spaces, punctuation, line breaks and fillers stands in g."""
    t = g
    for f in CJK_FILLERS:
        t = t.replace(f, " ")
    i = 0
    while i < len(t):
        ch = t[i]
        if ch.isascii() and ch.isalpha():
            j = i
            while j < len(t) and t[j].isascii() and t[j].isalpha():
                j += 1
            if t[i:j].lower() not in EN_FILLERS:
                return False
            i = j
            continue
        if is_cjk(ch) or ch.isalnum():
            return False
        i += 1
    return True


def check_surface(surface, labels, exempt, numbers, where):
    """labels: [(start, end)] labelled ranges; exempt: ranges of country codes. Raises Redraw."""
    units = ev.read_units(surface)
    items = []
    for (a, b, cnt, dg) in units:
        if any(a < le and ls < b for ls, le in labels):
            cls = "L"
        elif any(a < xe and xs < b for xs, xe in exempt):
            cls = "E"
        else:
            cls = "U"
        items.append((a, b, dg, cls))
    runs, cur = [], []
    for it in items:
        if cur and gap_joins(surface[cur[-1][1]:it[0]]):
            cur.append(it)
        else:
            if cur:
                runs.append(cur)
            cur = [it]
    if cur:
        runs.append(cur)
    for run in runs:
        classes = [x[3] for x in run]
        for k in range(1, len(run)):
            pair = {classes[k - 1], classes[k]}
            if pair == {"L", "U"}:
                raise Redraw(f"{where}: unlabelled digits touch a fragment: {surface[run[k-1][0]:run[k][1]]!r}")
        # unlabelled sub-runs
        sub = []
        for it in run + [(None, None, None, "END")]:
            if it[3] == "U":
                sub.append(it)
                continue
            if sub:
                plain = "".join(x[2] for x in sub)
                exp = []
                prev = None
                for x in sub:
                    gap = surface[prev:x[0]] if prev is not None else ""
                    words = [w.lower() for w in "".join(ch if ch.isascii() and ch.isalpha() else " " for ch in gap).split()]
                    m = MULT.get(words[-1], 1) if words else 1
                    exp.append(x[2] * m if (m > 1 and len(x[2]) == 1 and surface[x[0]:x[1]].isalpha()) else x[2])
                    prev = x[1]
                for d in (plain, "".join(exp)):
                    bw = bad_window(d)
                    if bw:
                        raise Redraw(f"{where}: {bw} in unlabelled {surface[sub[0][0]:sub[-1][1]]!r}")
                    if len(d) >= 6:
                        for nd in numbers:
                            if d in nd.upper():
                                raise Redraw(f"{where}: unlabelled run {d} is a piece of a labelled number")
                sub = []


# ============================================================================================
# Calls and layouts
# ============================================================================================

class Turn:
    def __init__(self, role, items):
        self.role = role
        self.items = [x for x in items if not (isinstance(x, str) and x == "")]


def lines_of(turn):
    lines, cur = [], []
    for it in turn.items:
        if it is BR or isinstance(it, BR):
            lines.append(cur); cur = []
        else:
            cur.append(it)
    lines.append(cur)
    return lines


def est_dur(items, lang):
    n = 0
    for it in items:
        if isinstance(it, Frag):
            n += sum(len(t) for typ, t in it.atoms if typ != "s") * (0.25 if lang != "en" else 0.09)
        else:
            n += len(it) * (0.2 if lang != "en" else 0.065)
    return max(0.8, n)


LABELS = {
    "zh": [("坐席", "客户"), ("客服", "客户"), ("客服", "来电人"), ("工作人员", "用户"), ("接线员", "来电者"),
           ("话务员", "客户"), ("A", "B"), ("服务专员", "顾客")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("Advisor", "Member"), ("Operator", "Caller"), ("A", "B"),
           ("Support", "User"), ("Staff", "Client"), ("AGENT", "CALLER")],
}
LABELS["mixed"] = LABELS["zh"][:4] + LABELS["en"][:4] + [("Agent", "客户"), ("客服", "Caller"), ("Agent", "来电人")]
LABFMT = {"zh": ["{lab}：", "{lab}：", "{lab}: ", "【{lab}】", "[{lab}] ", "<{lab}> ", "{lab} - "],
          "en": ["{lab}: ", "{lab}: ", "[{lab}] ", "<{lab}> ", "{lab} - ", "{lab} > ", "{lab}:\t"]}
LABFMT["mixed"] = LABFMT["zh"] + LABFMT["en"][:3]
TS_STYLES = ["[hms]", "hms", "(ms)", "[ms.d]", "wall", "【hms】"]


def fmt_ts(style, t, base):
    t = max(0.0, t)
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    if style == "[hms]":
        return f"[{h:02d}:{m:02d}:{s:02d}]"
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if style == "(ms)":
        return f"({m + 60 * h:02d}:{s:02d})"
    if style == "[ms.d]":
        return f"[{m + 60 * h:02d}:{s:02d}.{int((t % 1) * 10)}]"
    if style == "【hms】":
        return f"【{h:02d}:{m:02d}:{s:02d}】"
    w = base + int(t)
    return f"{(w // 3600) % 24:02d}:{(w // 60) % 60:02d}:{w % 60:02d}"


class TextLayout:
    def __init__(self, r, lang, dom_labels=None):
        self.mode = r.choices(["inline", "header", "bare"], [76, 12, 12])[0]
        labs = r.choice(LABELS[lang])
        if dom_labels and lang != "en" and r.random() < 0.3:
            labs = dom_labels
        self.labs = {"A": labs[0], "C": labs[1]}
        self.labfmt = r.choice(LABFMT[lang])
        self.ts = r.choice(TS_STYLES) if (self.mode != "bare" and r.random() < 0.55) else None
        self.ts_pos = r.choice(["before", "before", "after"])
        self.cont = r.choice(["repeat", "repeat", "bare", "indent"])
        self.bare_lead = r.choice(["", "", "- ", "— "])
        self.header_blank = r.random() < 0.6
        self.base = r.randint(9 * 3600, 17 * 3600)
        self.t0 = r.uniform(0, 4)

    def desc(self):
        if self.mode == "bare":
            return f"text no labels{' dash' if self.bare_lead else ''}"
        s = f"text {self.mode} {self.labs['A']}/{self.labs['C']} {self.labfmt.format(lab='L').strip() or 'L'}"
        if self.ts:
            s += f" ts {self.ts} {self.ts_pos}"
        return s + f" cont {self.cont}"

    def prefix(self, role, t):
        lab = self.labs[role]
        if self.ts and self.ts_pos == "after":
            return self.labfmt.format(lab=f"{lab} {fmt_ts(self.ts, t, self.base)}")
        p = self.labfmt.format(lab=lab)
        if self.ts:
            p = fmt_ts(self.ts, t, self.base) + " " + p
        return p

    def header(self, role, t):
        lab = self.labs[role]
        if self.ts:
            return r_choice_header(self, lab, fmt_ts(self.ts, t, self.base))
        return lab


def r_choice_header(lay, lab, ts):
    return f"{lab}  {ts}" if lay.ts_pos != "before" else f"{ts} {lab}"


class Out:
    """Text under construction with fragment offsets."""

    def __init__(self):
        self.parts = []
        self.pos = 0
        self.spans = []      # (start, end, frag)
        self.exempt = []
        self.payload = []    # (start, end) of vtt payload lines

    def add(self, s):
        self.parts.append(s)
        self.pos += len(s)

    def add_frag(self, f):
        for typ, t in f.pre:
            if typ == "c":
                self.exempt.append((self.pos, self.pos + len(t)))
            self.add(t)
        first = last = None
        for typ, t in f.atoms:
            if typ == "d":
                if first is None:
                    first = self.pos
                last = self.pos + len(t)
            self.add(t)
        self.spans.append((first, last, f))

    def add_items(self, items):
        for it in items:
            if isinstance(it, Frag):
                self.add_frag(it)
            else:
                self.add(it)

    def text(self):
        return "".join(self.parts)


def render_text(turns, lay, lang):
    o = Out()
    t = lay.t0
    first_line = True
    for ti, turn in enumerate(turns):
        lines = lines_of(turn)
        if lay.mode == "header":
            if not first_line:
                o.add("\n\n" if lay.header_blank else "\n")
            o.add(lay.header(turn.role, t))
            first_line = False
        for li, items in enumerate(lines):
            if not first_line:
                o.add("\n")
            first_line = False
            if lay.mode == "inline":
                if li == 0 or lay.cont == "repeat":
                    o.add(lay.prefix(turn.role, t))
                elif lay.cont == "indent":
                    o.add("    ")
            elif lay.mode == "bare":
                o.add(lay.bare_lead)
            o.add_items(items)
            t += est_dur(items, lang) + (0.6 if li < len(lines) - 1 else 0.4)
        t += 0.3
    return o


def vtt_time(t, short):
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    ms = int(round((t - int(t)) * 1000)) % 1000
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


class VttLayout:
    def __init__(self, r, lang, dom_labels=None):
        labs = r.choice(LABELS[lang])
        if dom_labels and lang != "en" and r.random() < 0.25:
            labs = dom_labels
        self.labs = {"A": labs[0], "C": labs[1]}
        self.payload = r.choice(["voice", "voice", "label", "dash", "bare"])
        self.labsep = "：" if (lang == "zh" or (lang == "mixed" and r.random() < 0.5)) else ": "
        self.cue_ids = r.choice(["none", "num", "num"])
        self.short = r.random() < 0.35
        self.cont_voice = r.random() < 0.7
        self.title = r.random() < 0.2
        self.t0 = r.uniform(0.2, 3)

    def desc(self):
        return f"vtt {self.payload} {self.labs['A']}/{self.labs['C']} ids {self.cue_ids}{' short' if self.short else ''}"


def render_vtt(turns, lay, lang, r):
    o = Out()
    o.add("WEBVTT" + (" - call transcript" if lay.title else "") + "\n")
    t = lay.t0
    cue = 0
    for turn in turns:
        for li, items in enumerate(lines_of(turn)):
            cue += 1
            d = est_dur(items, lang)
            o.add("\n")
            if lay.cue_ids == "num":
                o.add(f"{cue}\n")
            o.add(f"{vtt_time(t, lay.short)} --> {vtt_time(t + d, lay.short)}\n")
            start = o.pos
            lab = lay.labs[turn.role]
            if lay.payload == "voice" and (li == 0 or lay.cont_voice):
                o.add(f"<v {lab}>")
            elif lay.payload == "label" and (li == 0 or lay.cont_voice):
                o.add(f"{lab}{lay.labsep}")
            elif lay.payload == "dash":
                o.add("- ")
            o.add_items(items)
            o.payload.append((start, o.pos))
            o.add("\n")
            t += d + r.uniform(0.05, 0.6)
    return o


PUNCT_CJK = set("，。？！：；、…—·“”‘’（）《》【】")


def tokenize(s, lang, r):
    """Words of a plain string as an ASR would give them: [(word, is_punct)]."""
    toks = []
    if lang == "en":
        for w in s.split():
            toks.append((w, all(not ch.isalnum() for ch in w)))
        return toks
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if is_cjk(ch):
            j = i
            while j < n and is_cjk(s[j]):
                j += 1
            run = s[i:j]
            k = 0
            while k < len(run):
                m = min(len(run) - k, r.choice([1, 2, 2, 2, 3]))
                toks.append((run[k:k + m], False))
                k += m
            i = j
            continue
        if ch in PUNCT_CJK:
            j = i
            while j < n and s[j] in PUNCT_CJK:
                j += 1
            toks.append((s[i:j], True))
            i = j
            continue
        j = i
        while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in PUNCT_CJK:
            j += 1
        w = s[i:j]
        toks.append((w, all(not c.isalnum() for c in w)))
        i = j
    return toks


class AsrLayout:
    def __init__(self, r, lang):
        self.shape = r.choice(["flat", "flat", "whisper", "whisper", "whisper"])
        self.speakers = r.choice([None, ("spk_0", "spk_1"), ("agent", "customer"), ("A", "B"), ("SPEAKER_00", "SPEAKER_01")])
        self.conf = r.random() < 0.5
        self.keep_punct = self.shape == "whisper" or r.random() < 0.4
        self.t0 = r.uniform(0.1, 2.0)

    def desc(self):
        return f"asr {self.shape}{' speakers ' + self.speakers[0] if self.speakers else ''}{' conf' if self.conf else ''}"


def render_asr(turns, lay, lang, r):
    """Returns transcript, entity list [(frag, [keys])], exempt keys, surface info."""
    segs = []   # list of (role, [(word, kind)]) kind: 'w', ('f', frag, atomtype) or ('c',)
    for turn in turns:
        for items in lines_of(turn):
            words = []
            for it in items:
                if isinstance(it, Frag):
                    for typ, t in it.pre:
                        if typ == "c":
                            words.append([t, ("c", it)])
                    for typ, t in it.atoms:
                        if typ in ("d", "f"):
                            words.append([t, ("F", it, typ)])
                else:
                    for w, is_p in tokenize(it, lang, r):
                        if is_p:
                            if lay.keep_punct and words:
                                words[-1][0] += w
                        else:
                            words.append([w, ("w",)])
            if words:
                segs.append((turn.role, words))
    t = lay.t0
    whisper = lay.shape == "whisper"
    out_segs, flat = [], []
    ents = {}
    exempt = []
    surface_words = []  # (key, word, seg index)
    for si, (role, words) in enumerate(segs):
        seg_words = []
        s0 = t
        for wi, (w, info) in enumerate(words):
            d = max(0.12, min(0.9, 0.07 * len(w) + (0.18 if is_cjk(w[0]) else 0.1))) + r.uniform(0, 0.08)
            ws = w
            if whisper and (lang == "en" or not is_cjk(w[0])):
                ws = " " + w
            rec = {"word": ws, "start": round(t, 2), "end": round(t + d, 2)}
            if lay.conf:
                rec["probability" if whisper else "confidence"] = round(r.uniform(0.62, 0.99), 2)
            if not whisper and lay.speakers:
                rec["speaker"] = lay.speakers[0 if role == "A" else 1]
            key = (si, len(seg_words)) if whisper else len(flat)
            if whisper:
                seg_words.append(rec)
            else:
                flat.append(rec)
            surface_words.append((key, ws, si))
            if info[0] == "F":
                ents.setdefault(id(info[1]), [info[1], []])[1].append((key, info[2]))
            elif info[0] == "c":
                exempt.append(key)
            t += d + r.uniform(0.02, 0.12)
        if whisper:
            seg = {"id": si, "start": round(s0, 2), "end": round(t, 2),
                   "text": "".join(x["word"] for x in seg_words).strip(), "words": seg_words}
            if lay.speakers:
                seg["speaker"] = lay.speakers[0 if role == "A" else 1]
            out_segs.append(seg)
        t += r.uniform(0.3, 1.1)
    if whisper:
        tr = {"segments": out_segs, "language": "zh" if lang != "en" else "en"}
    else:
        tr = {"words": flat}
        if r.random() < 0.5:
            tr["language"] = "zh" if lang != "en" else "en"
            tr["duration"] = round(t, 2)
    entities = []
    for frag, keys in ents.values():
        # trim to first..last digit word
        idx = [i for i, (_, typ) in enumerate(keys) if typ == "d"]
        keys = [k for k, _ in keys[idx[0]:idx[-1] + 1]]
        entities.append((frag, keys))
    return tr, entities, exempt, surface_words


# ============================================================================================
# Case assembly and per-case checks
# ============================================================================================

def label_dict(frag, **pos):
    d = dict(pos)
    d.update({"kind": frag.kind, "last4_ok": frag.last4_ok, "role": frag.role})
    return d


def check_span_text(text, s, e, frag, where):
    seg = text[s:e]
    if "\n" in seg or seg != seg.strip():
        raise Bug(f"{where}: span {seg!r} holds a line break or outer space")
    got = expanded_digits(seg)
    if got != frag.expect:
        raise Bug(f"{where}: span {seg!r} reads {got}, expected {frag.expect}")
    if ev.readable_count(seg) == 0:
        raise Bug(f"{where}: span {seg!r} reads nothing")
    if s > 0:
        before = text[s - 1]
        if ev.read_units(before) or (before.isascii() and before.isalnum() and text[s].isascii() and text[s].isalnum()):
            raise Bug(f"{where}: digit-bearing or word character before span {text[max(0, s - 8):e]!r}")
    if e < len(text):
        after = text[e]
        if ev.read_units(after) or (after.isascii() and after.isalnum() and text[e - 1].isascii() and text[e - 1].isalnum()):
            raise Bug(f"{where}: digit-bearing or word character after span {text[s:e + 8]!r}")


def same_line_gap_ok(text, spans):
    """Two fragments on one line need a non-joining word between them."""
    ss = sorted(spans, key=lambda x: x[0])
    for (a0, a1, _), (b0, b1, _) in zip(ss, ss[1:]):
        if a1 > b0:
            raise Bug("overlapping spans")
        gap = text[a1:b0]
        if "\n" not in gap and gap_joins(gap):
            raise Bug(f"two fragments on one line with only joiners between: {text[a0:b1]!r}")


def build_case(idx, plan, c, turns, variant):
    lang, fmt = c.lang, c.fmt
    r = c.r
    frags = [it for t in turns for it in t.items if isinstance(it, Frag)]
    numbers = list({id(f.num): f.num.digits for f in frags}.values())
    for f in frags:
        f.num.validate()
    case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": plan["phen"], "lang": lang, "format": fmt,
            "domain": plan["domain"]}
    where = case["id"]
    if fmt in ("text", "vtt"):
        if fmt == "text":
            lay = TextLayout(r, lang, DOMAINS[plan["domain"]].get("labels"))
            o = render_text(turns, lay, lang)
        else:
            lay = VttLayout(r, lang, DOMAINS[plan["domain"]].get("labels"))
            o = render_vtt(turns, lay, lang, r)
        text = o.text()
        spans = []
        for s, e, f in o.spans:
            check_span_text(text, s, e, f, where)
            spans.append(label_dict(f, start=s, end=e))
        same_line_gap_ok(text, o.spans)
        if fmt == "text":
            surface = text
        else:
            chars = [" "] * len(text)
            for a, b in o.payload:
                chars[a:b] = text[a:b]
            surface = "".join(chars)
        check_surface(surface, [(s, e) for s, e, _ in o.spans], o.exempt, numbers, where)
        case["variant"] = f"{variant}; {lay.desc()}"
        if fmt == "text":
            case["text"] = text
        else:
            case["transcript_text"] = text
        case["spans"] = spans
    else:
        lay = AsrLayout(r, lang)
        tr, ents, exempt_keys, sw = render_asr(turns, lay, lang, r)
        order = {k: i for i, (k, _, _) in enumerate(sw)}
        # surface: stripped words joined by spaces, segments by newlines
        pos = {}
        parts = []
        p = 0
        prev_seg = None
        for k, w, si in sw:
            if parts:
                sep = "\n" if (si != prev_seg) else " "
                parts.append(sep); p += 1
            w2 = w.strip()
            pos[k] = (p, p + len(w2))
            parts.append(w2); p += len(w2)
            prev_seg = si
        surface = "".join(parts)
        labels, entities = [], []
        for f, keys in ents:
            ii = [order[k] for k in keys]
            if ii != list(range(ii[0], ii[-1] + 1)):
                raise Bug(f"{where}: entity words not contiguous")
            words = [sw[i][1] for i in ii]
            joined = " ".join(words)
            got = expanded_digits(joined)
            if got != f.expect:
                raise Bug(f"{where}: entity {words} reads {got}, expected {f.expect}")
            if not ev.read_units(words[0]) or not ev.read_units(words[-1]):
                raise Bug(f"{where}: entity edge word reads nothing: {words}")
            labels.append((pos[keys[0]][0], pos[keys[-1]][1]))
            entities.append(label_dict(f, words=[list(k) if isinstance(k, tuple) else k for k in keys]))
        check_surface(surface, labels, [pos[k] for k in exempt_keys], numbers, where)
        case["variant"] = f"{variant}; {lay.desc()}"
        case["transcript"] = tr
        case["entities"] = entities
    if (plan["phen"] == "negative") != (not frags):
        raise Bug(f"{where}: negative iff no fragment")
    return case


def scorer_case_checks(case):
    """The scorer's structure check and its built-in redactors on one case."""
    problem = ev.builtin_case_problem(case, SET)
    if problem:
        raise Bug(problem)


# ============================================================================================
# Look-alike slots (each drawn harmless on its own; the whole case is checked again)
# ============================================================================================

MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
CN_WEEK = "一二三四五六"
LETTERS = "ABCDEFGHJKLMNPRSTUVWY"


def ordsuf(d):
    return "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def L1(r):
    return r.choice(LETTERS)


def spell_en(d, r):
    zero = r.choice(["zero", "oh"])
    words = [zero if ch == "0" else EN_NUM[ch] for ch in d]
    if r.random() < 0.5:
        return " ".join(words)
    out = []
    for i in range(0, len(words), 4):
        out.append(" ".join(words[i:i + 4]))
    return ", ".join(out)


def spell_zh(d, r):
    s = "".join(CN_NUM[ch] if not (ch == "1" and r.random() < 0.3) else "幺" for ch in d)
    if r.random() < 0.5:
        return s
    return "，".join(s[i:i + 4] for i in range(0, len(s), 4))


def slot(name, c):
    r = c.r
    lang = c.lang if c.lang != "mixed" else r.choice(["zh", "en"])
    if name in ("org", "agent_name"):
        return c.org if name == "org" else c.agent_name
    if name == "date":
        m, d = r.randint(1, 12), r.randint(1, 28)
        if lang == "zh":
            return r.choice([f"{m}月{d}号", f"{m}月{d}日", f"下周{r.choice(CN_WEEK)}", f"{m}月{d}号周{r.choice(CN_WEEK)}"])
        return r.choice([f"{MONTHS[m]} {d}{ordsuf(d)}", f"the {d}{ordsuf(d)}", f"{d} {MONTHS[m]}", f"next {r.choice(WEEKDAYS)}"])
    if name == "time":
        mm = r.choice(["00", "15", "30", "45"])
        if lang == "zh":
            return r.choice([f"下午{r.randint(1, 5)}点", f"上午{r.randint(8, 11)}点半", f"{r.randint(9, 18)}:{mm}",
                             f"晚上{r.randint(7, 9)}点"])
        return r.choice([f"{r.randint(1, 5)}:{mm} pm", f"{r.randint(8, 11)}:{mm} am", f"{r.randint(9, 18)}:{mm}"])
    if name in ("amount", "amount2"):
        n = r.choice([r.randint(30, 900), r.randint(30, 900), r.randint(900, 6800)]) if name == "amount" else r.randint(10, 400)
        cents = f"{r.randint(0, 99):02d}"
        if lang == "zh":
            return r.choice([f"{n}元", f"{n}块", f"¥{n:,}", f"{n}.{cents}元"])
        return r.choice([f"${n:,}", f"£{n}.{cents}", f"{n:,} yuan", f"{n} RMB"])
    if name == "hotline":
        return r.choice([f"400-{rd(r, 3)}-{rd(r, 4)}", f"400 {rd(r, 3)} {rd(r, 4)}", f"800-{rd(r, 3)}-{rd(r, 4)}",
                         f"95{rd(r, 3)}", f"4008-{rd(r, 3)}-{rd(r, 3)}"])
    if name == "order":
        n = r.randint(10, 14)
        return r.choice([f"{L1(r)}{L1(r)}{harmless_digits(r, n, '2')}", harmless_digits(r, n, "2"),
                         f"{L1(r)}{L1(r)}-{harmless_digits(r, 8, '2')}-{rd(r, 4)}"])
    if name == "ticket":
        return r.choice([f"{L1(r)}{rd(r, 4)}", f"#{r.randint(10000, 99999)}", f"{L1(r)}-{r.randint(100, 999)}"])
    if name == "track":
        return r.choice(["SF", "YT", "ZT", "JD", "DPK"]) + harmless_digits(r, r.choice([12, 13]), r.choice("2346789"))
    if name == "ems":
        return f"E{L1(r)}{harmless_digits(r, 9)}CN"
    if name == "serial":
        return f"{L1(r)}{L1(r)}{rd(r, 2)}-{rd(r, 5)}-{L1(r)}{rd(r, 1)}"
    if name == "model":
        return r.choice(["Aria 7", "Lumen R", "Sonara P3", "Vela 5", "Ossia M"])
    if name == "model2":
        return r.choice(["KS-20", "Mul-T 800", "Yale P-2", "Kaba 8", "Abloy 300"])
    if name == "batt":
        return r.choice(["10", "13", "312", "675"])
    if name == "floor":
        return str(r.randint(2, 28))
    if name == "floor_ord":
        return r.choice(["second", "third", "fourth", "fifth", "ninth"])
    if name == "room":
        rm = f"{r.randint(1, 32)}{r.randint(0, 2)}{r.randint(1, 9)}"
        if lang == "zh":
            return r.choice([f"{r.randint(1, 20)}号楼{r.randint(1, 6)}单元{rm}", f"{rm}室", f"{r.randint(3, 388)}号{rm}室"])
        return r.choice([f"flat {rm}", f"unit {rm}, block {L1(r)}", f"suite {rm}"])
    if name == "room_en":
        return f"flat {r.randint(1, 32)}{r.randint(0, 2)}{r.randint(1, 9)}, block {L1(r)}"
    if name == "room_simple":
        return f"{r.randint(1, 9)}{r.randint(0, 2)}{r.randint(1, 9)}"
    if name == "count":
        c.last_count = r.randint(2, 9)
        return str(c.last_count)
    if name == "count2":
        return str(getattr(c, "last_count", 3) + r.randint(2, 12))
    if name == "version":
        return f"{r.randint(3, 9)}.{r.randint(0, 12)}.{r.randint(0, 9)}"
    if name == "ref":
        return r.choice([f"{L1(r)}{L1(r)}-{r.randint(2019, 2025)}-{harmless_digits(r, 6)}",
                         f"{L1(r)}{L1(r)}{L1(r)}{harmless_digits(r, 8)}", f"{r.randint(2020, 2025)}{L1(r)}{rd(r, 5)}"])
    if name == "vin":
        s = "L" + L1(r) + L1(r)
        for _ in range(14):
            s += r.choice(LETTERS + "0123456789" * 2) if s[-1].isdigit() else r.choice("0123456789")
        return s
    if name == "volt":
        return r.choice(["36", "48", "60", "72"])
    if name == "ah":
        return r.choice(["12", "20", "24", "32"])
    if name == "street":
        return str(r.randint(3, 388))
    if name == "plate":
        return f"{L1(r)}{L1(r)}-{r.choice(LETTERS)}{rd(r, 1)}{L1(r)}{rd(r, 2)}"
    if name == "km":
        k = r.randint(120, 18000)
        return f"{k:,}" if lang == "en" else str(k)
    if name == "desk":
        return f"{L1(r)}-{r.randint(1, 60):02d}"
    if name == "room_code":
        return f"{r.randint(1, 9)}{L1(r)}"
    if name == "code":
        return harmless_digits(r, r.choice([4, 6]), r.choice(DIG))
    if name == "pages":
        return str(r.randint(2, 30))
    if name == "mins":
        return str(r.randint(15, 50))
    if name == "sqm":
        return str(r.randint(40, 220))
    if name == "lot":
        return f"{L1(r)}{harmless_digits(r, 6)}"
    if name == "line":
        return str(r.randint(1, 16))
    if name == "station":
        return r.choice(["人民广场", "西直门", "体育西路", "望京", "世纪大道", "中山公园", "滨江大道"])
    if name == "station_en":
        return r.choice(["Central", "Riverside", "Harbour Gate", "Museum Road", "Eastfield"])
    if name == "train":
        return f"T{r.randint(1000, 9999)}"
    if name == "locker":
        return str(r.randint(1, 240))
    if name == "window":
        return str(r.randint(1, 12))
    if name == "pct":
        return f"{r.randint(1, 9)}.{r.randint(0, 99):02d}%"
    if name == "spelled":
        if c.lang == "mixed":
            lang = "en" if r.random() < 0.7 else "zh"
        d = harmless_digits(r, r.randint(15, 19))
        return spell_en(d, r) if lang == "en" else spell_zh(d, r)
    if name == "long_ref":
        d = harmless_digits(r, r.choice([16, 18, 19]))
        return d if r.random() < 0.5 else " ".join(d[i:i + 4] for i in range(0, len(d), 4))
    if name == "member11":
        return harmless_digits(r, 11, r.choice("2356789"))
    if name == "ticket_no":
        return harmless_digits(r, 12, r.choice("23456789"))
    raise Bug(f"unknown slot {name}")


def fill(tpl, c):
    out, i = [], 0
    while i < len(tpl):
        j = tpl.find("{", i)
        if j < 0:
            out.append(tpl[i:]); break
        k = tpl.find("}", j)
        out.append(tpl[i:j])
        out.append(slot(tpl[j + 1:k], c))
        i = k + 1
    return "".join(out)


# ============================================================================================
# Phrase pools (zh / en / mixed); frames are (before, after) a number
# ============================================================================================

WHAT = {"zh": {"phone": "手机号", "id_number": "身份证号", "bank_card": "卡号"},
        "en": {"phone": "number", "id_number": "ID number", "bank_card": "card number"},
        "mixed": {"phone": "phone number", "id_number": "身份证号", "bank_card": "card number"}}

G = {
    "greet": {
        "zh": ["您好，{org}，请问有什么可以帮您？", "{org}您好，我是{agent_name}，请讲。", "您好，这里是{org}，请问您要办理什么业务？",
               "喂，您好，{org}客服。", "您好，{org}，我是客服{agent_name}。"],
        "en": ["Thank you for calling {org}, this is {agent_name}. How can I help?", "{org}, {agent_name} speaking.",
               "Hi, you've reached {org}. What can I do for you today?", "Good morning, {org} customer line.",
               "Hello, {org}, you're through to {agent_name}."],
        "mixed": ["您好，{org}，this is {agent_name}，请问有什么可以帮您？", "Hi, {org} 客服，请讲。",
                  "Hello，{org}，how can I help 您？", "{org} 您好，I'm {agent_name}。"]},
    "hello": {"zh": ["喂，你好。", "你好，", "喂？", "你好你好，"], "en": ["Hi, yes.", "Hello.", "Hi there.", "Yes, hello."],
              "mixed": ["Hi，你好，", "喂, hello,", "你好, yes,"]},
    "follow": {
        "zh": ["好的，我帮您看一下。", "没问题，我这边先登记一下。", "明白了，我先核实一下您的信息。", "好的，您别着急。", "了解。"],
        "en": ["Sure, I can help with that.", "No problem, let me look into it.", "OK, I'll need to check a few details first.",
               "Of course.", "Right, let's sort that out."],
        "mixed": ["OK，我帮您 check 一下。", "没问题, let me look into it.", "Sure，我先 verify 一下您的信息。", "了解, no problem。"]},
    "ack": {
        "zh": ["好的，记下了。", "好，收到。", "嗯，好的。", "好的，稍等我查一下。", "行，我这边备注上了。", "好的，谢谢您。"],
        "en": ["Great, got that.", "Thanks, noted.", "Perfect.", "OK, bear with me while I pull that up.", "Thank you.",
               "Lovely, that's on the file."],
        "mixed": ["OK，记下了。", "好的, got it。", "Thanks，我备注一下。", "Perfect，稍等。"]},
    "bc": {
        "zh": ["嗯。", "嗯嗯。", "好。", "您说。", "对，您继续。", "好的，然后呢？", "嗯，我在记。", "请讲。", "嗯哼。", "您接着说。"],
        "en": ["Mm-hmm.", "Go on.", "Uh-huh.", "OK.", "Yep, keep going.", "Got it so far.", "Right, and then?",
               "Sorry, go ahead.", "I'm with you.", "Sure."],
        "mixed": ["嗯, go on.", "OK，您继续。", "Yes，然后呢？", "好的, go ahead.", "Mm-hmm，继续。", "嗯嗯, OK."]},
    "question": {
        "zh": ["您慢点说，我在记。", "稍等，我换支笔……好了，您说。", "信号不太好，后面的再说一遍？", "这是您本人的吧？", "刚才那段我记下了，后面呢？"],
        "en": ["Sorry, could you slow down a little?", "Hang on, let me grab a pen... OK.", "You're breaking up, what came after that?",
               "Is that your own?", "I've got that part, what's next?"],
        "mixed": ["Sorry，慢一点，我在记。", "稍等, let me grab a pen。", "信号不好, what came after that?"]},
    "echo": {
        "zh": [("", "……"), ("", "，然后呢？"), ("", "，嗯，接着说。"), ("是", "，对吧？后面呢？"), ("", "，好，继续。")],
        "en": [("", "..."), ("", ", and then?"), ("", ", go on."), ("So far I have ", ", yes?"), ("", ", OK.")],
        "mixed": [("", "……"), ("", ", and then?"), ("是", "，后面呢？"), ("", ", OK，继续。")]},
    "trail": {"zh": ["……", "，", "", "，嗯"], "en": ["...", ",", "", " -"], "mixed": ["……", ",", ""]},
    "cont_lead": {"zh": ["", "", "然后是", "接着是", "后面是", "嗯，"], "en": ["", "", "then ", "and ", "after that "],
                  "mixed": ["", "然后 ", "and then ", "后面是"]},
    "corr": {
        "zh": ["哦不是，", "不对，", "说错了，", "重新说一下，", "不好意思，我重说，", "等等，不是这个，", "哎不对不对，", "我念错了，"],
        "en": ["sorry, no wait, ", "let me start again, ", "no, scratch that, ", "hang on, that's wrong, ", "sorry, I mean ",
               "actually no, ", "wait, let me start over: "],
        "mixed": ["sorry 说错了，", "不对, let me start again: ", "wait 不是，", "哦不对, sorry, ", "重新说一下, "]},
    "end": {"zh": ["。", "", "，对。", "，就这个。", "。"], "en": [".", "", ", yeah.", ".", ". That's it."],
            "mixed": ["。", "", ", yeah。", "，就这个。", "."]},
    "mid_post": {
        "zh": ["，是我自己的。", "，这个一直在用。", "，麻烦您登记一下。", "，您记一下。"],
        "en": [", that's my own.", ", I've had it for years.", ", if you could note it down.", ", that's the one I use."],
        "mixed": ["，是我自己的。", ", that's my own.", "，麻烦 note 一下。"]},
    "confirm": {"zh": ["对。", "对的。", "没错。", "是的。", "嗯，对。", "对对对。"], "en": ["Yes.", "That's right.", "Correct.", "Yep.", "Spot on."],
                "mixed": ["对, correct.", "Yes 没错。", "对的, yes.", "Yep，对。"]},
    "close_a": {
        "zh": ["还有其他可以帮您的吗？", "好的，那先这样，祝您生活愉快。", "感谢您的来电，再见。", "处理好了会通知您的。"],
        "en": ["Is there anything else I can help with?", "Thanks for calling {org}, have a good day.", "You're all set.",
               "We'll be in touch once it's done."],
        "mixed": ["还有其他 question 吗？", "OK，那先这样, have a nice day。", "Thanks for calling，再见。"]},
    "close_c": {"zh": ["没有了，谢谢。", "好的，谢谢你。", "行，再见。", "好，麻烦了。"], "en": ["No, that's all, thanks.", "Great, thank you.", "Bye now.", "Cheers."],
                "mixed": ["没有了, thanks.", "OK，谢谢。", "好的 bye。"]},
}

ASK = {
    "phone": {
        "zh": ["{why}，麻烦报一下您的手机号。", "您的联系电话是多少？", "方便留一个手机号吗？{why}。", "请问您登记的手机号码是？",
               "先核实一下，您预留的电话是多少？", "留个能联系到您的号码吧，{why}。"],
        "en": ["Could I take a contact number? {Why}.", "What's the best number to reach you on?",
               "Can I have the phone number on the account?", "First, could you confirm the number you registered with?",
               "{Why}. What's your mobile?"],
        "mixed": ["麻烦留一个 contact number，{why}。", "您的 mobile number 是多少？", "Can I have 您的手机号？", "请问 phone number 是？"]},
    "id_number": {
        "zh": ["{why}，请提供一下身份证号码。", "麻烦报一下身份证号，十八位的。", "需要核对一下证件号码。", "您的身份证号是多少？",
               "{why}，您把身份证号念一下。"],
        "en": ["{Why}. Could I have your Chinese resident ID number?", "Could you read me the ID card number, all eighteen characters?",
               "For verification, what's your ID number?", "May I have the ID number on the application?"],
        "mixed": ["麻烦报一下 ID number，身份证上的。", "For verification，需要您的身份证号。", "您的 ID card number 是？", "{why}, 身份证号是多少？"]},
    "bank_card": {
        "zh": ["{why}，请报一下银行卡号。", "您绑定的银行卡卡号是多少？", "麻烦提供一下卡号，{why}。", "扣款是哪张卡？卡号说一下。"],
        "en": ["{Why}. Could you read me the card number?", "What's the long number on the card you paid with?",
               "Which card should it go to? The full number, please.", "{Why}, so I'll need the card number."],
        "mixed": ["退款到哪张 card？卡号报一下。", "麻烦给我 card number，{why}。", "Can I have 银行卡号？", "您的 bank card 卡号是？"]},
}

GIVE = {
    "phone": {
        "zh": [("手机号是", "。"), ("我的号码是", "。"), ("好的，", "。"), ("嗯，是", "。"), ("", "。"), ("您记一下，", "。"), ("打这个：", "，白天都能接。")],
        "en": [("Sure, it's ", "."), ("It's ", "."), ("Yeah, ", "."), ("OK, ", "."), ("My mobile is ", "."), ("You can reach me on ", ".")],
        "mixed": [("OK，", "。"), ("我的 number 是", "。"), ("手机号 is ", "."), ("It's ", "。"), ("好的，", ", thanks.")]},
    "id_number": {
        "zh": [("身份证号是", "。"), ("证件号是", "。"), ("好，我念一下：", "。"), ("", "。"), ("是", "。")],
        "en": [("It's ", "."), ("OK, the ID number is ", "."), ("Right, ", "."), ("Let me get it out... it's ", ".")],
        "mixed": [("身份证号 is ", "."), ("OK，是", "。"), ("My ID number 是", "。"), ("", ", 这是我的。")]},
    "bank_card": {
        "zh": [("卡号是", "。"), ("是建行的卡，", "。"), ("我看一下……", "。"), ("", "。"), ("好的，", "，储蓄卡。")],
        "en": [("The card number is ", "."), ("It's ", "."), ("OK, the long number is ", "."), ("Sure: ", ".")],
        "mixed": [("Card number 是", "。"), ("OK，卡号", "。"), ("It's ", "，招行的卡。"), ("是", ", debit card.")]},
}

SYSF = {"zh": [("系统里登记的{what}是", "，现在还用这个吗？"), ("我这边看到留的{what}是", "，对吗？"), ("您之前留的是", "，没变吧？")],
        "en": [("I've got ", " on file, is that still current?"), ("The system shows ", ". Still the right one?"),
               ("The {what} we have is ", ", correct?")],
        "mixed": [("系统里是 ", "，still correct 吗？"), ("I see ", " 在系统里，对吗？"), ("您之前留的 {what} 是", "，没变吧？")]}

RB_FULL = {"zh": [("所以是", "……？"), ("我跟您核对一遍，", "，对吗？"), ("", "，没错吧？"), ("我重复一下：", "。"), ("好的，是", "，对吧？")],
           "en": [("So that's ", "?"), ("Let me read that back: ", "."), ("Just to confirm, ", ", is that right?"), ("I have ", ". Correct?"), ("", ", yes?")],
           "mixed": [("OK so 是", ", right?"), ("我 confirm 一下, ", "？"), ("Let me 核对一下：", "。"), ("所以是 ", ", correct?")]}
RB_LAST = {"zh": [("尾号", "，对吧？"), ("后四位是", "？"), ("最后四位", "，没错吧？")],
           "en": [("Ending in ", "?"), ("And the last four are ", ", right?"), ("The one ending ", "?")],
           "mixed": [("尾号 ", ", right?"), ("Last four 是", "？"), ("Ending in ", "，对吧？")]}
RB_FIRST = {"zh": [("", "开头的，是吧？"), ("前面是", "，对吗？")], "en": [("Starting ", ", right?"), ("It begins ", "?")],
            "mixed": [("", " 开头的, right?"), ("Starting ", "，对吗？")]}
DENY = {"zh": [("不对，", "。"), ("不是，是", "。"), ("错了一位，是", "。"), ("不对不对，那段是", "。")],
        "en": [("No, it's ", "."), ("Not quite, it's ", "."), ("Close, but that bit is ", "."), ("No no, ", ".")],
        "mixed": [("不对, it's ", "."), ("No，是", "。"), ("错了一位, ", "。")]}
LAST_LEAD = {"zh": ["最后四位是", "后面那段是", "末尾是"], "en": ["the last part is ", "it ends ", "the end is "],
             "mixed": ["last part 是", "最后是 "]}
MID_FRAME = {"zh": [("中间那段是", "，不是", "。"), ("中间是", "，不是", "，您别记错了。")],
             "en": [("The middle bit is ", ", not ", "."), ("That's ", " in the middle, not ", ".")],
             "mixed": [("中间是 ", ", not ", "。"), ("Middle part 是", "，不是", "。")]}
CHK_SAY = {"zh": [("，末尾是", "。"), ("，最后一位是", "。"), ("，最后是个", "。"), ("……最后是", "，大写的。")],
           "en": [(", and the last character is ", "."), (" and then ", " at the end."), (", ending in ", "."), (", then the letter ", ".")],
           "mixed": [("，最后一位是 ", "。"), (", last character 是 ", "。"), ("，末尾是 ", ", capital.")]}
CHK_LINE = {"zh": [("末尾是", "。"), ("最后一位是", "。"), ("还有个", "，在最后。")],
            "en": [("The last character is ", "."), ("Then ", " at the end."), ("And it ends with ", ".")],
            "mixed": [("最后一位是 ", "。"), ("Last character is ", "。")]}
CHK_ASK = {"zh": ["最后一位呢？", "还差最后一位。", "后面还有吗？"], "en": ["And the last character?", "I think there's one more?", "What's the final character?"],
           "mixed": ["最后一位呢？", "And the last character?", "还差一位, what's the last?"]}
DECLINE = {
    "zh": [[("C", "{what_id}我现在手边没有，晚点再打过来行吗？"), ("A", "可以的，您方便的时候再来电。")],
           [("A", "需要核对一下{what_card}。"), ("C", "卡号我不太方便在电话里说，我去门店办吧。"), ("A", "好的，没问题。")]],
    "en": [[("C", "I don't have my ID with me right now, can I call back?"), ("A", "Of course, whenever suits you.")],
           [("A", "I'd need the card number for that."), ("C", "I'd rather not read it out over the phone, I'll pop into the branch."), ("A", "That's fine.")]],
    "mixed": [[("C", "我的 ID 不在手边，later 再打过来可以吗？"), ("A", "No problem，您方便的时候再打。")]]}
SPELLED = {
    "zh": [[("C", "包装盒上有一串号码，我念一下：{spelled}，这个有用吗？"), ("A", "这是产品批次码，不用提供的。")],
           [("A", "您收到的短信里有个流水号，{spelled}，对上了吗？"), ("C", "对，是这个。")],
           [("C", "说明书背面印着{spelled}，是不是序列号？"), ("A", "那是生产批号，没关系的。")]],
    "en": [[("C", "There's a long number on the box, {spelled}, do you need that?"), ("A", "No, that's just the batch code.")],
           [("A", "For your records, the tracking reference is {spelled}."), ("C", "Let me write that down.")],
           [("A", "The reference on your letter should read {spelled}."), ("C", "Yes, that matches.")],
           [("C", "The sticker on the back says {spelled}. Is that the serial?"), ("A", "That's the production lot, you can ignore it.")]],
    "mixed": [[("C", "盒子上有个 long number，{spelled}，需要吗？"), ("A", "不用, that's the batch code。")],
              [("A", "Your reference 是 {spelled}。"), ("C", "OK 对上了。")]]}
LONGREF = {
    "zh": [[("A", "这笔的交易流水号是{long_ref}。"), ("C", "好，我截个图。")], [("A", "您的会员编号是{member11}。"), ("C", "嗯，对。")],
           [("C", "我这有张单子，上面写着{ticket_no}。"), ("A", "那个是受理单号，可以的。")]],
    "en": [[("A", "The transaction reference is {long_ref}."), ("C", "Let me screenshot that.")], [("A", "Your member number is {member11}."), ("C", "Yes.")],
           [("C", "I've got a slip here that says {ticket_no}."), ("A", "That's the receipt number, that's fine.")]],
    "mixed": [[("A", "Transaction reference 是 {long_ref}。"), ("C", "OK 我截图。")], [("A", "您的 member number 是{member11}。"), ("C", "对。")]]}
HOTLINE = {"zh": [[("A", "后续有问题可以直接打我们的服务热线{hotline}。"), ("C", "好的，记下了。")]],
           "en": [[("A", "If anything else comes up, our helpline is {hotline}."), ("C", "Great, I'll note that.")]],
           "mixed": [[("A", "有问题可以打我们的 hotline {hotline}。"), ("C", "OK，记下了。")]]}


# ============================================================================================
# Domains
# ============================================================================================

def dom(org, purpose, why, kinds, chatter, labels=None):
    return {"org": org, "purpose": purpose, "why": why, "kinds": kinds, "chatter": chatter, "labels": labels}


DOMAINS = {
    "hearing_aid": dom(
        {"zh": ["声悦助听器验配中心", "听美助听器"], "en": ["ClearTone Hearing Centre", "Bellwood Hearing"]},
        {"zh": ["我上个月配的助听器右耳老是啸叫，想约个时间再调一下。", "我想给我母亲预约一次听力检测。", "助听器的充电盒不亮了，不知道还在不在保修期。", "想问问残联的助听器补贴怎么申请。"],
         "en": ["My right hearing aid keeps whistling and I'd like it re-tuned.", "I'm calling to book a hearing test for my dad.",
                "The charging case has stopped lighting up. Is it still under warranty?", "I wanted to ask about the trial period on the rechargeable model."],
         "mixed": ["我想帮我爸 book 一个 hearing test。", "那个 charging case 不亮了，还在 warranty 里吗？", "我上周做的 fitting，hearing aid 一直有 feedback 的声音。"]},
        {"phone": ("好让验配师回电确认时间", "so the audiologist can ring you to confirm", "方便 audiologist 回电"),
         "id_number": ("补贴申请表上要填身份证号", "the subsidy form asks for it", "subsidy 申请要填"),
         "bank_card": ("补贴款会打到本人银行卡", "the subsidy is paid to your own card", "subsidy 会打到您的 bank card")},
        {"phone": 5, "id_number": 3, "bank_card": 2},
        {"zh": [[("A", "您登记的这副是{model}，机身序列号{serial}，对吧？"), ("C", "对，就是那副。")],
                [("C", "电池是{batt}号的，一板多少钱？"), ("A", "一板六粒，{amount}，会员打九折。")],
                [("A", "给您约在{date}{time}，{floor}楼{room_simple}诊室。"), ("C", "好的，我记一下。")],
                [("A", "保修到{date}，保修期内调试不收费。"), ("C", "那就好。")]],
         "en": [[("A", "The unit on file is the {model}, serial {serial}."), ("C", "Yes, that's the one.")],
                [("C", "How much are the size {batt} batteries?"), ("A", "{amount} for a pack of six.")],
                [("A", "I can do {date} at {time}, room {room_simple} on the {floor_ord} floor."), ("C", "Perfect.")],
                [("A", "The warranty runs until {date}, and tuning inside warranty is free."), ("C", "Good to know.")]],
         "mixed": [[("A", "您这副是 {model}，serial number 是 {serial}。"), ("C", "对，就是这个。")],
                   [("A", "我给您 book 在{date} {time}，{floor}楼。"), ("C", "OK，没问题。")]]},
        ("验配师", "顾客")),
    "lang_exchange": dom(
        {"zh": ["语伴 App", "LinguaPal 语伴"], "en": ["LinguaPal", "TandemTalk"]},
        {"zh": ["我的会员这个月扣了两次费，想退一笔。", "账号被冻结了，说我违反社区规定，我想申诉。", "我想把年费会员换成月付。"],
         "en": ["I was charged twice for the premium plan this month.", "My account got locked after I changed phones and I can't log in.",
                "I'd like to cancel the auto-renewal before it charges again."],
         "mixed": ["我的 premium 被扣了两次 fee。", "我换了手机之后 account 登不上了，一直说 verification failed。", "I want to cancel 自动续费，下个月不要再扣了。"]},
        {"phone": ("账号是用手机号注册的，我查一下", "accounts are looked up by the phone number you signed up with", "account 是用手机号注册的"),
         "id_number": ("实名认证要核对身份证号", "real-name verification needs it", "实名认证 need 身份证号"),
         "bank_card": ("退款原路退回到付款的银行卡", "the refund goes back to the paying card", "refund 会退回到付款的卡")},
        {"phone": 5, "bank_card": 4, "id_number": 2},
        {"zh": [[("A", "您这笔是{date}扣的，{amount}，订单号{order}。"), ("C", "对，就是那笔。")],
                [("A", "您现在已经完成了{count}次语音交换，还有{count2}次预约。"), ("C", "嗯，那些记录还在吧？")],
                [("A", "退款一般{count}到{count2}个工作日到账。"), ("C", "好的。")]],
         "en": [[("A", "I see two charges of {amount} on {date}, order {order}."), ("C", "That's them.")],
                [("A", "Your streak is at {count2} days and you've got {count} sessions booked."), ("C", "I don't want to lose those.")],
                [("A", "The app version you're on is {version}; updating usually fixes the login loop."), ("C", "OK, I'll try that.")]],
         "mixed": [[("A", "这笔 charge 是{date}的，{amount}，order number {order}。"), ("C", "Yes，就是它。")],
                   [("A", "您先把 app 升级到 {version} 再试一下。"), ("C", "OK 好的。")]]}),
    "student_loan": dom(
        {"zh": ["助学贷款服务中心", "启航助学贷款服务"], "en": ["Northbridge Student Loan Servicing", "Keystone Loan Servicing"]},
        {"zh": ["我想申请助学贷款延期还款，我还在读研。", "这个月的还款好像没扣成功，收到了提醒短信。", "我想把还款银行卡换一张。"],
         "en": ["I'd like to apply for a deferment while I'm in graduate school.", "My repayment didn't go through this month and I got a warning text.",
                "I want to change the card my monthly payment comes out of."],
         "mixed": ["我想申请 deferment，我还在读 master。", "这个月的 repayment 好像 failed 了。", "想换一下 auto-debit 的银行卡。"]},
        {"phone": ("逾期提醒会发到这个号", "repayment reminders go to that number", "reminder 会发到这个号"),
         "id_number": ("先核实借款人身份", "I need to verify the borrower first", "先 verify 一下借款人"),
         "bank_card": ("新的扣款卡要登记", "it's for the new debit card", "新的 auto-debit card 要登记")},
        {"id_number": 4, "bank_card": 4, "phone": 3},
        {"zh": [[("A", "您的合同编号是{ref}，贷款本金{amount}，{date}开始还本。"), ("C", "对。")],
                [("A", "本期应还{amount}，其中利息{amount2}。"), ("C", "那我下周补上行吗？")],
                [("A", "延期申请审核大概{count}个工作日。"), ("C", "明白了。")]],
         "en": [[("A", "Your contract is {ref}, principal {amount}, with repayment starting {date}."), ("C", "Right.")],
                [("A", "This month's instalment is {amount}, of which {amount2} is interest."), ("C", "Can I pay it next week?")],
                [("A", "The deferment review takes about {count} working days."), ("C", "OK.")]],
         "mixed": [[("A", "您的 contract number 是 {ref}，本期 instalment 是{amount}。"), ("C", "OK 明白。")],
                   [("A", "Review 大概需要{count}个工作日。"), ("C", "好的, thanks。")]]}),
    "scooter_repair": dom(
        {"zh": ["小驰电动车售后", "速骑电动车维修"], "en": ["VoltRide Scooter Service", "Zipline E-Scooter Repairs"]},
        {"zh": ["我的电动车充不进电了，想报修。", "车子刹车有异响，能上门修吗？", "上周换的电池又鼓包了。"],
         "en": ["My e-scooter won't charge anymore and I'd like to book a repair.", "The rear brake is squealing. Do you do home visits?",
                "The battery you replaced last week is swelling again."],
         "mixed": ["我的 e-scooter 充不进电了，想 book 个 repair。", "刹车有 noise，可以上门吗？", "上周换的 battery 又鼓包了。"]},
        {"phone": ("师傅上门前会先联系您", "the technician will call before the visit", "师傅上门前会 call 您"),
         "id_number": ("换电池要登记车主身份证", "battery swaps are registered to the owner's ID", "换 battery 需要登记车主"),
         "bank_card": ("维修费可以绑卡自动扣", "so the repair fee can be charged", "repair fee 可以绑卡扣")},
        {"phone": 5, "bank_card": 3, "id_number": 2},
        {"zh": [[("A", "您的车架号是{vin}，电池是{volt}伏{ah}安时的。"), ("C", "对，是这个。")],
                [("A", "上门检测费{amount}，工单号{order}。"), ("C", "好。")],
                [("A", "师傅大概{time}到，门店在{street}号。"), ("C", "行，我在家等。")]],
         "en": [[("A", "Frame number {vin}, a {volt}-volt {ah} amp-hour pack."), ("C", "That's right.")],
                [("A", "A home visit is {amount}; your job number is {order}."), ("C", "Fine.")],
                [("A", "The tech should be with you around {time}."), ("C", "Great, I'll be in.")]],
         "mixed": [[("A", "您的车架号 {vin}，battery 是 {volt}V 的。"), ("C", "对。")],
                   [("A", "上门 fee 是{amount}，job number {order}。"), ("C", "OK。")]]},
        ("维修客服", "车主")),
    "campervan": dom(
        {"zh": ["远途房车租赁", "野径房车"], "en": ["Roamwell Campervan Hire", "Open Road Campers"]},
        {"zh": ["我想订五一的房车，三天两晚。", "还车的时候说有个划痕，押金被扣了，想问问。", "想改一下取车日期。"],
         "en": ["I'd like to book a campervan for the long weekend.", "I returned the van on Sunday and part of my deposit was withheld.",
                "Can I move my pick-up date by two days?"],
         "mixed": ["我想 book 一辆 campervan，三天两晚。", "还车的时候有个 scratch，deposit 被扣了。", "想改一下 pick-up date。"]},
        {"phone": ("取车前一天会短信提醒", "we text a reminder the day before pick-up", "取车前会 text 您"),
         "id_number": ("驾驶人要登记身份证", "every driver has to be registered", "driver 需要登记"),
         "bank_card": ("押金预授权要用卡", "the deposit is held on a card", "deposit 要用 card 预授权")},
        {"id_number": 4, "bank_card": 4, "phone": 3},
        {"zh": [[("A", "订单号{order}，取车{date}，车牌{plate}。"), ("C", "对的。")],
                [("A", "押金{amount}，还车时里程是{km}公里。"), ("C", "我记得差不多。")],
                [("A", "营地在{street}号，取车时间{time}。"), ("C", "好的。")]],
         "en": [[("A", "Booking {order}, pick-up {date}, registration {plate}."), ("C", "Yes.")],
                [("A", "The deposit is {amount}; the odometer read {km} km at return."), ("C", "Sounds right.")],
                [("A", "The depot is at {street} Harbour Road, pick-up from {time}."), ("C", "Thanks.")]],
         "mixed": [[("A", "您的 booking 是 {order}，{date} pick-up。"), ("C", "对。")],
                   [("A", "Deposit 是{amount}，还车 mileage 是{km}公里。"), ("C", "OK。")]]}),
    "dry_clean": dom(
        {"zh": ["洁衣坊干洗", "净邦洗衣"], "en": ["Pressed & Co. Dry Cleaning", "Fold Street Cleaners"]},
        {"zh": ["我送洗的羊绒大衣有个洞，想投诉。", "想预约明天上门取衣。", "我只送了三件衬衫，怎么收了五件的钱。"],
         "en": ["My wool coat came back with a hole in the sleeve.", "I'd like to book a collection for tomorrow morning.",
                "I was charged for five shirts but only sent three."],
         "mixed": ["我的 coat 洗回来有个洞。", "想 book 明天上门 pickup。", "我只送了三件 shirt，却收了五件的钱。"]},
        {"phone": ("取件员会提前打电话", "the driver calls ahead", "driver 会先打电话"),
         "id_number": ("高价衣物理赔要登记身份证", "claims above the limit need it", "claim 需要登记"),
         "bank_card": ("赔付款打到银行卡", "compensation goes to a bank card", "compensation 打到银行卡")},
        {"phone": 6, "bank_card": 3, "id_number": 1},
        {"zh": [[("A", "您的取衣单号是{ticket}，一共{count}件。"), ("C", "对。")],
                [("A", "大衣干洗{amount}，加急另收{amount2}。"), ("C", "好。")],
                [("A", "上门时间{date}{time}，地址是{room}。"), ("C", "对的。")]],
         "en": [[("A", "Your ticket is {ticket}, {count} items."), ("C", "Yes.")],
                [("A", "The coat was {amount}, plus {amount2} for express."), ("C", "Right.")],
                [("A", "Collection is {date} at {time}, {room}."), ("C", "Yes.")]],
         "mixed": [[("A", "您的 ticket 是 {ticket}，一共{count}件。"), ("C", "对。")],
                   [("A", "Express 要加{amount2}。"), ("C", "OK 没问题。")]]}),
    "coworking": dom(
        {"zh": ["HiveDesk 共享办公", "栖木联合办公"], "en": ["HiveDesk Coworking", "Commonroom Workspace"]},
        {"zh": ["我想办一个固定工位的月卡。", "我的门禁今天早上刷不开了。", "上个月的发票抬头要改一下。"],
         "en": ["I want to sign up for a dedicated desk.", "My access fob stopped working this morning.",
                "I need to change the company name on last month's invoice."],
         "mixed": ["我想办 dedicated desk 的 membership。", "我的 access fob 刷不开门了。", "上个月的 invoice 抬头要改一下。"]},
        {"phone": ("门禁绑定的是手机号", "access is tied to your mobile number", "access 是绑定手机号的"),
         "id_number": ("入驻要实名登记", "building security needs it for each member", "入驻要实名登记"),
         "bank_card": ("月费自动扣款", "it's for the monthly direct debit", "monthly fee 自动扣款")},
        {"phone": 4, "id_number": 3, "bank_card": 3},
        {"zh": [[("A", "您在{floor}楼，工位{desk}，会议室{room_code}每月送{count}小时。"), ("C", "好的。")],
                [("A", "固定工位每月{amount}，押金{amount2}。"), ("C", "发票能开专票吗？")],
                [("A", "访客登记码是{code}，有效期到{time}。"), ("C", "收到。")]],
         "en": [[("A", "You're on floor {floor}, desk {desk}, with {count} free hours in meeting room {room_code}."), ("C", "Nice.")],
                [("A", "A dedicated desk is {amount} a month, with a {amount2} deposit."), ("C", "OK.")],
                [("A", "Your guest pass code is {code}, valid until {time}."), ("C", "Got it.")]],
         "mixed": [[("A", "您的 desk 是 {desk}，在{floor}楼。"), ("C", "OK。")],
                   [("A", "Monthly fee 是{amount}，deposit {amount2}。"), ("C", "好的。")]]}),
    "translation": dom(
        {"zh": ["信达翻译公司", "译林认证翻译"], "en": ["Meridian Certified Translation", "Lexica Translations"]},
        {"zh": ["我想翻译一份出生证明，要盖翻译章的。", "上次翻译的成绩单名字拼错了。", "加急件什么时候能好？"],
         "en": ["I need a certified translation of my degree certificate.", "My name is misspelled on the transcript you translated.",
                "When will my rush order be ready?"],
         "mixed": ["我需要 certified translation，是一份出生证明。", "上次 translate 的 transcript 名字拼错了。", "加急的 order 什么时候能好？"]},
        {"phone": ("译稿好了短信通知您", "we'll text you when it's ready", "好了会 text 您"),
         "id_number": ("译文里的证件号码要和原件一致", "the translation must show it exactly as on the original", "译文上的要和原件 match"),
         "bank_card": ("加急费从卡上扣", "it's for the rush fee", "rush fee 要刷卡")},
        {"id_number": 5, "phone": 3, "bank_card": 2},
        {"zh": [[("A", "一共{pages}页，每千字{amount}，订单号{order}。"), ("C", "好。")],
                [("A", "加急的话{date}{time}前能出稿。"), ("C", "那就加急。")],
                [("A", "快递单号{track}，已经寄出了。"), ("C", "好的。")]],
         "en": [[("A", "That's {pages} pages at {amount} per thousand words; order {order}."), ("C", "OK.")],
                [("A", "Rush delivery would be {date} by {time}."), ("C", "Let's do rush.")],
                [("A", "It went out by courier, tracking {track}."), ("C", "Thanks.")]],
         "mixed": [[("A", "一共{pages}页，order number 是 {order}。"), ("C", "OK。")],
                   [("A", "Tracking number 是 {track}。"), ("C", "好的 thanks。")]]}),
    "locksmith": dom(
        {"zh": ["安心开锁服务", "金钥匙锁具"], "en": ["KeyFast Locksmiths", "Tumbler & Pin Locksmiths"]},
        {"zh": ["我被锁在门外了，钥匙落屋里了。", "想换一个C级锁芯。", "昨天师傅开锁收费太高了。"],
         "en": ["I'm locked out of my flat, keys are inside.", "I'd like to get the lock cylinder upgraded.", "I was overcharged for a call-out last night."],
         "mixed": ["我被 lock out 了，钥匙在屋里。", "想换一个 smart lock。", "昨晚的 call-out fee 太贵了。"]},
        {"phone": ("师傅到了联系您", "the locksmith will call when they arrive", "师傅到了 call 您"),
         "id_number": ("开锁前要核对户主身份证", "we have to check the occupant's ID before opening", "开锁前要 check 身份证"),
         "bank_card": ("费用可以先预付", "it's to prepay the call-out", "可以先 prepay")},
        {"id_number": 4, "phone": 5, "bank_card": 1},
        {"zh": [[("A", "地址是{room}，对吧？师傅大概{mins}分钟到。"), ("C", "对，快点啊。")],
                [("A", "开锁{amount}，换锁芯另算{amount2}。"), ("C", "行。")],
                [("A", "锁的型号是{model2}吗？"), ("C", "对，门上写着。")]],
         "en": [[("A", "That's {room_en}? Someone can be there in about {mins} minutes."), ("C", "Please hurry.")],
                [("A", "Opening is {amount}; a new cylinder is {amount2} on top."), ("C", "OK.")],
                [("A", "Is the lock a {model2}?"), ("C", "Yes, it says so on the plate.")]],
         "mixed": [[("A", "地址是{room}，师傅{mins}分钟左右到。"), ("C", "OK 快点。")],
                   [("A", "开锁 fee 是{amount}。"), ("C", "好。")]]}),
    "pest_control": dom(
        {"zh": ["净宅除虫", "安居虫控"], "en": ["BrightHome Pest Control", "Clearwater Pest Services"]},
        {"zh": ["家里厨房有蟑螂，想约灭蟑服务。", "上次做完白蚁防治又出现了。", "想问一下年度套餐怎么收费。"],
         "en": ["We've got cockroaches in the kitchen again.", "The termite treatment last month didn't hold.", "What does the annual plan cost?"],
         "mixed": ["厨房又有 cockroach 了。", "上个月做的 termite treatment 好像没效果。", "想问一下 annual plan 多少钱。"]},
        {"phone": ("上门前确认时间", "to confirm the visit window", "上门前 confirm 时间"),
         "id_number": ("服务合同要实名", "the service contract is in the account holder's name", "contract 需要实名"),
         "bank_card": ("年度套餐按月扣款", "the annual plan is billed monthly", "annual plan 是按月扣卡")},
        {"phone": 6, "bank_card": 3, "id_number": 1},
        {"zh": [[("A", "面积大概{sqm}平米，做{count}次，总价{amount}。"), ("C", "好的。")],
                [("A", "服务单号{order}，{date}{time}上门。"), ("C", "可以。")],
                [("A", "用的药剂批号是{lot}，对宠物安全。"), ("C", "那就好。")]],
         "en": [[("A", "For about {sqm} square metres, {count} visits, it's {amount}."), ("C", "OK.")],
                [("A", "Service order {order}, visit on {date} at {time}."), ("C", "Works for me.")],
                [("A", "The gel's batch number is {lot}, it's pet-safe."), ("C", "Good.")]],
         "mixed": [[("A", "{sqm}平米，{count}次 treatment，一共{amount}。"), ("C", "OK。")],
                   [("A", "Service order 是 {order}。"), ("C", "好的。")]]}),
    "lost_found": dom(
        {"zh": ["地铁失物招领中心", "轨道交通失物招领"], "en": ["Metro Lost Property Office", "City Rail Lost Property"]},
        {"zh": ["我昨天在地铁{line}号线上丢了一个钱包。", "我的背包落在车厢里了，里面有电脑。", "想问问有没有人交过一把蓝色的伞。"],
         "en": ["I left my wallet on a Line {line} train yesterday evening.", "I lost a backpack with a laptop in it.", "Has anyone handed in a blue umbrella?"],
         "mixed": ["我昨天在 Line {line} 上丢了钱包。", "背包落在车厢里了，里面有 laptop。"]},
        {"phone": ("找到了第一时间通知您", "so we can call you if it turns up", "找到了会 call 您"),
         "id_number": ("钱包里的证件要核对身份证号", "to match any ID found in a wallet", "要 match 钱包里的证件"),
         "bank_card": ("钱包里有银行卡的话报一下卡号", "if a bank card was inside, the number helps us match it", "bank card 号码可以帮我们 match")},
        {"id_number": 4, "phone": 4, "bank_card": 3},
        {"zh": [[("A", "您是{time}左右在{station}站下车的？列车车次{train}。"), ("C", "对，差不多。")],
                [("A", "登记编号{ref}，保管期{count2}天，储物柜{locker}号。"), ("C", "好的。")],
                [("A", "钱包里大概有多少现金？"), ("C", "{amount}左右。")]],
         "en": [[("A", "You got off at {station_en} around {time}? That was train {train}."), ("C", "About then, yes.")],
                [("A", "Your report reference is {ref}; we hold items for {count2} days."), ("C", "OK.")],
                [("A", "How much cash was inside?"), ("C", "About {amount}.")]],
         "mixed": [[("A", "登记 reference 是 {ref}。"), ("C", "OK。")],
                   [("A", "您是{time}在{station}站下车的？"), ("C", "Yes 对。")]]}),
    "visa_centre": dom(
        {"zh": ["签证申请服务中心", "环球签证服务中心"], "en": ["Global Visa Application Centre", "VisaPoint Services"]},
        {"zh": ["我想改一下递签预约时间。", "我的护照寄回来了吗？", "签证费付了两次。"],
         "en": ["I need to reschedule my biometrics appointment.", "Has my passport been dispatched yet?", "I was charged the visa fee twice."],
         "mixed": ["我想 reschedule 一下 biometrics 的 appointment。", "我的 passport 寄出来了吗？", "Visa fee 被扣了两次。"]},
        {"phone": ("短信通知取件", "we send collection notices by text", "会 text 您取件"),
         "id_number": ("预约系统按身份证号查询", "bookings are looked up by the applicant's resident ID", "系统要用身份证号查"),
         "bank_card": ("重复的费用要退回", "it's to refund the duplicate fee", "refund 到原卡")},
        {"id_number": 5, "phone": 3, "bank_card": 3},
        {"zh": [[("A", "您的申请编号是{ref}，预约在{date}{time}，{window}号窗口。"), ("C", "对。")],
                [("A", "签证费{amount}，服务费{amount2}。"), ("C", "嗯。")],
                [("A", "护照已经寄出，EMS单号{ems}。"), ("C", "好的。")]],
         "en": [[("A", "Your application reference is {ref}; the appointment is {date} at {time}, counter {window}."), ("C", "Yes.")],
                [("A", "The visa fee was {amount} and the service charge {amount2}."), ("C", "Right.")],
                [("A", "Your passport was dispatched, tracking {ems}."), ("C", "Great.")]],
         "mixed": [[("A", "Application reference 是 {ref}，{date} {time}。"), ("C", "OK。")],
                   [("A", "Passport 已经寄了，tracking 是 {ems}。"), ("C", "好的 thanks。")]]}),
}
DOMAIN_KEYS = list(DOMAINS)
AGENT_NAMES = {"zh": ["小周", "小林", "王芳", "陈晨", "李娜", "赵磊", "小唐"], "en": ["Megan", "Tom", "Priya", "Daniel", "Aisha", "Liam", "Grace"]}


# ============================================================================================
# Building calls
# ============================================================================================

VOL = {"zh": {"phone": "我手机号是", "id_number": "我身份证号是", "bank_card": "我的卡号是"},
       "en": {"phone": "My number is ", "id_number": "My ID number is ", "bank_card": "The card is "},
       "mixed": {"phone": "我的 mobile 是 ", "id_number": "My 身份证号 is ", "bank_card": "Card number 是 "}}
KW = {"zh": {"phone": ["手机", "电话", "手机号"], "id_number": ["身份证", "身份证号"], "bank_card": ["卡号", "银行卡"]},
      "en": {"phone": ["my mobile is ", "phone "], "id_number": ["ID number ", "my ID is "], "bank_card": ["card ", "the card is "]},
      "mixed": {"phone": ["手机 ", "mobile "], "id_number": ["身份证 ", "ID "], "bank_card": ["card ", "卡号 "]}}
ASK_MANY = {"zh": ["麻烦提供一下{w}。", "需要登记一下{w}。", "我这边要核对{w}。"],
            "en": ["I'll need your {w}.", "Could you give me your {w}?", "For the file I need your {w}."],
            "mixed": ["麻烦提供一下 {w}。", "I'll need 您的 {w}。"]}
NAMES = {"zh": {"phone": "手机号", "id_number": "身份证号", "bank_card": "银行卡号"},
         "en": {"phone": "phone number", "id_number": "ID number", "bank_card": "card number"},
         "mixed": {"phone": "phone number", "id_number": "身份证号", "bank_card": "card number"}}
TAIL = {"zh": ["。订单号是{order}。", "，订单{order}。", "。上次付了{amount}。", "，预约的是{date}。"],
        "en": [", and the order was {order}.", ". I paid {amount} last time.", ", booked for {date}.", "."],
        "mixed": ["，order 是 {order}。", ". 上次付了{amount}。", ", booked {date}。"]}
PHONE_SUBS = {"zh": [("mobile", 80), ("landline", 12), ("mobile86", 8)],
              "en": [("mobile", 50), ("landline", 8), ("uk", 10), ("us", 10), ("hk", 8), ("sg", 7), ("au", 7)],
              "mixed": [("mobile", 62), ("landline", 10), ("mobile86", 10), ("hk", 6), ("sg", 6), ("us", 6)]}


def wchoice(r, pairs):
    return r.choices([a for a, _ in pairs], [w for _, w in pairs])[0]


def cat(a, b):
    if not a:
        return b
    if not b:
        return a
    if a[-1] in ".?!,;:" and b[0] != " ":
        return a + " " + b
    return a + b


def cap(s):
    return s[:1].upper() + s[1:] if s and s[0].isascii() else s


class Ctx:
    def __init__(self, r, plan):
        self.r = r
        self.lang = plan["lang"]
        self.fmt = plan["fmt"]
        self.phen = plan["phen"]
        self.kind = plan["kind"]
        self.D = DOMAINS[plan["domain"]]
        ol = self.lang if self.lang != "mixed" else r.choice(["zh", "en"])
        self.org = r.choice(self.D["org"][ol])
        self.used = set()
        self.agent_name = r.choice(AGENT_NAMES["en" if self.lang == "en" else r.choice(["zh", "en"]) if self.lang == "mixed" else "zh"])

    def pool(self, pools):
        lst = pools.get(self.lang) or pools[self.r.choice(["zh", "en"])]
        return self.r.choice(lst)

    def p(self, name):
        return fill(self.pool(G[name]), self)

    def frame(self, pools, kind=None):
        pre, post = self.pool(pools)[:2]
        w = WHAT[self.lang][kind] if kind else ""
        return fill(pre.replace("{what}", w), self), fill(post.replace("{what}", w), self)

    def t(self, role, *items):
        return Turn(role, list(items))

    def why(self, kind):
        zh, en, mixed = self.D["why"][kind]
        return {"zh": zh, "en": en, "mixed": mixed}[self.lang]

    def ask_text(self, kind):
        s = self.pool(ASK[kind])
        w = self.why(kind)
        s = s.replace("{Why}", cap(w)).replace("{why}", w)
        return cap(fill(s, self))

    def ask(self, kind, follow=None):
        s = self.ask_text(kind)
        if follow is None:
            follow = self.r.random() < 0.45
        if follow:
            s = cat(self.p("follow"), s)
        return self.t("A", s)

    def num(self, kind):
        r = self.r
        if kind == "phone":
            return gen_phone(r, wchoice(r, PHONE_SUBS[self.lang]))
        if kind == "id_number":
            return gen_id(r, True if r.random() < 0.25 else None)
        return gen_card(r)

    def other_kind(self, *used):
        rest = [k for k in ("phone", "id_number", "bank_card") if k not in used]
        return self.r.choices(rest, [self.D["kinds"].get(k, 1) for k in rest])[0]

    def style(self):
        r = self.r
        if self.lang == "zh":
            opts = [("ar", 45), ("cn", 37), ("fw", 5 if self.fmt == "text" else 0), ("mix_cn_ar", 4)]
        elif self.lang == "en":
            opts = [("ar", 45), ("en", 55)]
        else:
            opts = [("ar", 30), ("en", 22), ("cn", 22), ("mix_lang", 22), ("mix_cn_ar", 4)]
        return wchoice(r, opts)

    def F(self, num, lo=0, hi=None, style=None, role="said", **kw):
        hi = len(num.digits) if hi is None else hi
        cc = kw.pop("cc", None)
        if cc is None:
            cc = num.cc is not None and lo == 0 and role in ("said", "piece", "abandoned", "wrong") and self.r.random() < 0.8
        return render_frag(self, num, lo, hi, style or self.style(), role, cc=cc, **kw)

    def cuts(self, num, k):
        """k-1 cut points inside the number, at group boundaries when there are enough."""
        n = len(num.digits)
        b, acc = [], 0
        for g in num.groups[:-1]:
            acc += g
            b.append(acc)
        b = [x for x in b if 2 <= x <= n - 2]
        if len(b) >= k - 1 and self.r.random() < 0.8:
            return sorted(self.r.sample(b, k - 1))
        pts = set()
        while len(pts) < k - 1:
            pts.add(self.r.randint(3, n - 3))
        return sorted(pts)

    def chatter(self):
        lst = self.D["chatter"].get(self.lang) or self.D["chatter"][self.r.choice(["zh", "en"])]
        fresh = [ex for ex in lst if id(ex) not in self.used]
        ex = self.r.choice(fresh or lst)
        self.used.add(id(ex))
        return [self.t(role, fill(txt, self)) for role, txt in ex]

    def block(self, pools):
        ex = self.pool(pools)
        out = []
        for role, txt in ex:
            txt = txt.replace("{what_id}", WHAT["zh"]["id_number"]).replace("{what_card}", "银行卡号")
            out.append(self.t(role, fill(txt, self)))
        return out

    def sp(self):
        return " " if self.lang == "en" else ""


def opening(c):
    T = [c.t("A", c.p("greet"))]
    purpose = fill(c.pool(c.D["purpose"]), c)
    if c.r.random() < 0.4:
        purpose = cat(c.p("hello"), purpose)
    T.append(c.t("C", purpose))
    return T


def closing(c):
    T = [c.t("A", c.p("close_a"))]
    if c.r.random() < 0.8:
        T.append(c.t("C", c.p("close_c")))
    return T


def corr_phrase(c):
    s = c.p("corr")
    lead = "，" if c.lang == "zh" else c.r.choice([", ", "... "]) if c.lang == "en" else c.r.choice(["，", ", "])
    return lead + s


def give(c, num, frag, post=None):
    pre, p2 = c.frame(GIVE[num.kind])
    return c.t("C", pre, frag, post if post is not None else p2)


# -------------------------------------------------------------------------------- phenomena

def b_plain(c, T):
    num = c.main
    v = c.r.choice(["answer", "answer", "volunteer", "system", "midsentence"])
    if v == "volunteer":
        pre = VOL[c.lang][num.kind]
        _, post = c.frame(GIVE[num.kind])
        T[-1].items += [c.sp(), pre, c.F(num), post or "。" if c.lang != "en" else "."]
        T.append(c.t("A", cat(c.p("follow"), c.p("ack"))))
    elif v == "system":
        T.append(c.t("A", c.p("follow")))
        pre, post = c.frame(SYSF, num.kind)
        T.append(c.t("A", cap(pre), c.F(num, role="said", cc=False), post))
        T.append(c.t("C", c.p("confirm")))
    else:
        T.append(c.ask(num.kind))
        if v == "midsentence":
            T.append(give(c, num, c.F(num), c.p("mid_post")))
        else:
            T.append(give(c, num, c.F(num)))
        T.append(c.t("A", c.p("ack")))
    return v


def b_interruption(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    T.append(c.ask(num.kind))
    v = r.choice(["backchannel", "backchannel", "echo", "question", "twice", "readback-cut"])
    st = c.style()
    if v == "readback-cut":
        T.append(give(c, num, c.F(num)))
        a = c.cuts(num, 2)[0]
        rpre, rpost = c.frame(RB_FULL)
        st2 = c.style()
        T.append(c.t("A", cap(rpre), c.F(num, 0, a, st2, role="readback"), c.p("trail")))
        T.append(c.t("C", c.p("confirm")))
        T.append(c.t("A", c.F(num, a, n, st2, role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
        return v
    k = 3 if v == "twice" else 2
    pts = [0] + c.cuts(num, k) + [n]
    pre, post = c.frame(GIVE[num.kind])
    for i in range(len(pts) - 1):
        last = i == len(pts) - 2
        items = [pre] if i == 0 else [c.p("cont_lead")]
        items.append(c.F(num, pts[i], pts[i + 1], st, role="piece"))
        items.append(post if last else c.p("trail"))
        T.append(c.t("C", *items))
        if not last:
            w = v if v != "twice" else r.choice(["backchannel", "echo", "question"])
            if w == "echo":
                epre, epost = c.frame(G["echo"])
                lo = pts[i] if r.random() < 0.6 else max(pts[i], pts[i + 1] - 4)
                T.append(c.t("A", epre, c.F(num, lo, pts[i + 1], role="echo"), epost))
            elif w == "question":
                T.append(c.t("A", c.p("question")))
            else:
                T.append(c.t("A", c.p("bc")))
    T.append(c.t("A", c.p("ack")))
    return v


def b_continuation(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    who = "C" if r.random() < 0.85 else "A"
    k = r.choice([2, 2, 3])
    pts = [0] + c.cuts(num, k) + [n]
    st = c.style()
    if who == "C":
        T.append(c.ask(num.kind))
        pre, post = c.frame(GIVE[num.kind])
    else:
        T.append(c.t("A", c.p("follow")))
        pre, post = c.frame(SYSF, num.kind)
        pre = cap(pre)
    items = [pre]
    for i in range(len(pts) - 1):
        last = i == len(pts) - 2
        if i:
            items.append(BR)
            items.append(c.p("cont_lead"))
        items.append(c.F(num, pts[i], pts[i + 1], st, role="piece", cc=(i == 0 and None or False)))
        items.append(post if last else c.p("trail"))
    T.append(c.t(who, *items))
    T.append(c.t("C" if who == "A" else "A", c.p("confirm") if who == "A" else c.p("ack")))
    return f"{k} pieces by {'caller' if who == 'C' else 'agent'}"


def misheard_head(num, r, k):
    n = len(num.digits)
    lo = 1 if num.kind == "phone" else 0
    i = r.randint(lo, k - 1)
    new = r.choice([d for d in DIG if d != num.digits[i]])
    d = num.digits[:i] + new + num.digits[i + 1:]
    w = Num(num.kind, d, num.sub, list(num.groups), num.cc, wrong=True)
    w.validate()
    return w


def b_correction(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    T.append(c.ask(num.kind))
    vs = ["wrong-prefix", "wrong-prefix", "restart", "wrong-then-last-group", "wrong-then-whole", "wrong-prefix-next-line"]
    inner = [x for x in group_bounds(num, 0, n) if x[0] >= 3 and x[1] <= n - 2]
    if len(num.groups) >= 3 and inner:
        vs += ["middle-not", "middle-not"]
    v = r.choice(vs)
    pre, post = c.frame(GIVE[num.kind])
    st = c.style()
    if v in ("wrong-prefix", "wrong-prefix-next-line"):
        k0 = r.randint(3, min(6, n - 3))
        w = misheard_head(num, r, k0)
        fa = c.F(w, 0, k0, st, role="abandoned")
        if v == "wrong-prefix":
            T.append(c.t("C", pre, fa, corr_phrase(c), c.F(num, 0, n, st, role="said"), post))
        else:
            T.append(c.t("C", pre, fa, c.p("trail"), BR, cap(c.p("corr")), c.F(num, 0, n, st, role="said"), post))
    elif v == "restart":
        k0 = r.randint(2, min(7, n - 3))
        T.append(c.t("C", pre, c.F(num, 0, k0, st, role="abandoned"), corr_phrase(c), c.F(num, 0, n, c.style(), role="said"), post))
    elif v == "wrong-then-last-group":
        w = misheard(num, r, lo=n - 4)
        T.append(c.t("C", pre, c.F(w, 0, n, st, role="wrong"), post))
        if r.random() < 0.4:
            T.append(c.t("A", c.p("ack")))
        T.append(c.t("C", cap(c.p("corr")), c.pool(LAST_LEAD), c.F(num, n - 4, n, st, role="corrected"), c.p("end")))
    elif v == "wrong-then-whole":
        w = misheard(num, r)
        T.append(c.t("C", pre, c.F(w, 0, n, st, role="wrong"), corr_phrase(c), c.F(num, 0, n, st, role="said"), post))
    else:
        a, b = r.choice(inner)
        w = misheard(num, r, lo=a, hi=b)
        T.append(give(c, num, c.F(num, 0, n, st)))
        if r.random() < 0.5:
            T.append(c.t("A", c.p("ack")))
        m1, m2, m3 = c.pool(MID_FRAME)
        T.append(c.t("C", m1, c.F(num, a, b, st, role="corrected"), m2, c.F(w, a, b, st, role="wrong"), m3))
    T.append(c.t("A", c.p("ack")))
    return v


def b_filler(c, T):
    num = c.main
    r = c.r
    T.append(c.ask(num.kind))
    if len(num.groups) < 3:
        num.groups = {"phone": [3, 4, 4] if len(num.digits) == 11 else [len(num.digits) - 8, 4, 4] if len(num.digits) >= 10 else [4, 2, 2],
                      "id_number": [6, 8, 4], "bank_card": [4, 4, 4, 4] if len(num.digits) == 16 else [4, 4, 4, 4, 3]}[num.kind]
    k = r.choice([2, 2, 3])
    st = c.style()
    f = c.F(num, style=st)
    inner = r.random() < 0.35 or sum(1 for i in range(1, len(f.atoms)) if f.atoms[i - 1][0] == "d") < k
    force = None
    if inner:
        before = len(f.atoms)
        if split_digit_atom(f, r):
            force = [i for i in range(1, len(f.atoms)) if f.atoms[i][0] == "s" and f.atoms[i][1] == "" and f.atoms[i - 1][0] == "d"]
        if len(f.atoms) == before:
            inner = False
    f.atoms = insert_fillers_forced(f.atoms, k, c, force)
    pre, post = c.frame(GIVE[num.kind])
    if r.random() < 0.4:
        lead = r.choice(["呃，", "嗯……", "那个，"] if c.lang == "zh" else ["Um, ", "Uh, "] if c.lang == "en" else ["呃, ", "Um，"])
        if pre[:1].isupper() and not pre.startswith(("I ", "I'", "ID", "OK")):
            pre = pre[0].lower() + pre[1:]
        pre = cat(lead, pre)
    T.append(c.t("C", pre, f, post))
    T.append(c.t("A", c.p("ack")))
    return f"{k} fillers{' inside a group' if inner else ''}"


def insert_fillers_forced(atoms, k, c, force):
    r = c.r
    if not force:
        return insert_fillers(atoms, k, c, False)
    pool = FILLER_ZH if c.lang == "zh" else FILLER_EN if c.lang == "en" else r.choice([FILLER_ZH, FILLER_EN])
    i = force[0]
    pre, f, post = r.choice(pool)
    atoms = atoms[:i] + [("s", pre), ("f", f), ("s", post)] + atoms[i + 1:]
    if k > 1:
        atoms = insert_fillers(atoms, k - 1, c, False)
    return atoms


def b_asr_chunks(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    T.append(c.ask(num.kind))
    opts = {"zh": ["itn", "itn", "cn-ar", "cn-ar", "numeral-tokens", "split-segment"],
            "en": ["itn", "itn", "en-ar", "split-segment"],
            "mixed": ["itn", "cn-ar", "en-ar", "split-segment"]}[c.lang]
    v = r.choice(opts)
    style = {"itn": "chunks", "cn-ar": "mix_cn_ar", "en-ar": "mix_en_ar", "numeral-tokens": "cnchars"}.get(v)
    pre, post = c.frame(GIVE[num.kind])
    if v == "split-segment":
        a = r.randint(3, n - 3)
        st = r.choice(["chunks", "chunks", "mix_cn_ar" if c.lang != "en" else "mix_en_ar"])
        T.append(c.t("C", pre, c.F(num, 0, a, st, role="piece"), BR, c.F(num, a, n, st, role="piece"), post))
    else:
        T.append(c.t("C", pre, c.F(num, style=style), post))
    if r.random() < 0.35:
        rpre, rpost = c.frame(RB_FULL)
        T.append(c.t("A", cap(rpre), c.F(num, style=r.choice(["chunks", "ar"]), role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
    else:
        T.append(c.t("A", c.p("ack")))
    return v


def group_of(num, pos):
    for a, b in group_bounds(num, 0, len(num.digits)):
        if a <= pos < b:
            return a, b
    raise Bug("no group")


def b_readback(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    T.append(c.ask(num.kind))
    T.append(give(c, num, c.F(num)))
    vs = ["full", "full", "last-four", "first-group", "misheard", "misheard", "misheard-last-four", "misheard-then-full"]
    v = r.choice(vs)
    if v == "first-group" and num.sub == "landline":
        v = "last-four"   # an area code on its own says nothing about the caller
    st = c.style()
    if v == "full":
        rpre, rpost = c.frame(RB_FULL)
        T.append(c.t("A", cap(rpre), c.F(num, style=st, role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
    elif v == "last-four":
        rpre, rpost = c.frame(RB_LAST)
        T.append(c.t("A", cap(rpre), c.F(num, n - 4, n, st, role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
    elif v == "first-group":
        g = num.groups[0] if num.groups[0] < n else 3
        g = max(3, min(g, 6))
        rpre, rpost = c.frame(RB_FIRST)
        T.append(c.t("A", cap(rpre), c.F(num, 0, g, st, role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
    elif v in ("misheard", "misheard-then-full"):
        w = misheard(num, r)
        pos = next(i for i in range(n) if w.digits[i] != num.digits[i])
        a, b = group_of(num, pos)
        if b - a > 6:
            a, b = max(a, pos - 2), min(b, pos + 3)
        rpre, rpost = c.frame(RB_FULL)
        T.append(c.t("A", cap(rpre), c.F(w, style=st, role="misheard"), rpost))
        dpre, dpost = c.frame(DENY)
        T.append(c.t("C", dpre, c.F(num, a, b, st, role="corrected"), dpost))
        if v == "misheard-then-full":
            rpre, rpost = c.frame(RB_FULL)
            T.append(c.t("A", cap(rpre), c.F(num, style=st, role="readback"), rpost))
            T.append(c.t("C", c.p("confirm")))
        else:
            T.append(c.t("A", c.p("ack")))
    else:
        w = misheard(num, r, lo=n - 4)
        rpre, rpost = c.frame(RB_LAST)
        T.append(c.t("A", cap(rpre), c.F(w, n - 4, n, st, role="misheard"), rpost))
        dpre, dpost = c.frame(DENY)
        T.append(c.t("C", dpre, c.F(num, n - 4, n, st, role="corrected"), dpost))
        T.append(c.t("A", c.p("ack")))
    return v


def x_form(c):
    r = c.r
    if c.lang == "zh":
        return r.choice(["X", "X", "叉", "x"] + (["Ｘ"] if c.fmt == "text" else []))
    if c.lang == "en":
        return r.choice(["X", "X", "x"])
    return r.choice(["X", "x", "叉"])


def b_checkchar(c, T):
    num = c.main
    r = c.r
    T.append(c.ask("id_number"))
    v = r.choice(["same-line", "same-line", "next-line", "asked", "pieces-then-x"])
    st = c.style()
    xs = "ar" if num.digits[17] == "X" else st
    fx = c.F(num, 17, 18, xs, role="check-char", x_form=x_form(c))
    pre, post = c.frame(GIVE["id_number"])
    if v == "same-line":
        cp, cq = c.frame(CHK_SAY)
        T.append(c.t("C", pre, c.F(num, 0, 17, st), cp, fx, cq))
    elif v == "next-line":
        cp, cq = c.frame(CHK_LINE)
        T.append(c.t("C", pre, c.F(num, 0, 17, st), c.p("trail"), BR, cp, fx, cq))
    elif v == "asked":
        T.append(c.t("C", pre, c.F(num, 0, 17, st), c.p("trail")))
        T.append(c.t("A", c.p("bc") if r.random() < 0.2 else c.pool(CHK_ASK)))
        if r.random() < 0.5:
            cp, cq = c.frame(CHK_LINE)
            T.append(c.t("C", cp, fx, cq))
        else:
            T.append(c.t("C", fx, c.p("end")))
    else:
        a = r.choice([6, 6, 10, 14])
        T.append(c.t("C", pre, c.F(num, 0, a, st, role="piece"), c.p("trail")))
        T.append(c.t("A", c.p("bc")))
        cp, cq = c.frame(CHK_SAY)
        T.append(c.t("C", c.p("cont_lead"), c.F(num, a, 17, st, role="piece"), cp, fx, cq))
    T.append(c.t("A", c.p("ack")))
    return v + (" X" if num.digits[17] == "X" else " digit")


def b_glued(c, T):
    num = c.main
    n = len(num.digits)
    r = c.r
    T.append(c.ask(num.kind))
    v = r.choice(["said", "said", "continuation", "readback-in-digits"])
    pre, post = c.frame(GIVE[num.kind])
    if v == "continuation":
        a = r.randint(4, n - 4)
        T.append(c.t("C", pre, c.F(num, 0, a, "glued", role="piece"), c.p("trail"), BR, c.F(num, a, n, "glued", role="piece"), post))
        T.append(c.t("A", c.p("ack")))
    else:
        T.append(c.t("C", pre, c.F(num, style="glued", min_glue=r.choice([1, 2, 3])), post))
        if v == "readback-in-digits":
            rpre, rpost = c.frame(RB_FULL)
            T.append(c.t("A", cap(rpre), c.F(num, style="ar", role="readback"), rpost))
            T.append(c.t("C", c.p("confirm")))
        else:
            T.append(c.t("A", c.p("ack")))
    return v


def b_multi(c, T):
    r = c.r
    kinds = [c.main.kind, c.other_kind(c.main.kind)]
    if r.random() < 0.35:
        kinds.append(c.other_kind(*kinds))
    nums = [c.main] + [c.num(k) for k in kinds[1:]]
    v = r.choice(["same-line", "same-line", "sequence", "system-then-caller"])
    if v == "same-line":
        names = NAMES[c.lang]
        joiner = "和" if c.lang == "zh" else " and " if c.lang == "en" else r.choice(["和", " and "])
        w = joiner.join(names[k] for k in kinds) if c.lang != "en" else ", ".join(names[k] for k in kinds[:-1]) + " and " + names[kinds[-1]]
        T.append(c.t("A", cap(c.pool(ASK_MANY).replace("{w}", w))))
        items = [r.choice(["好的，", "嗯，", ""] if c.lang == "zh" else ["Sure, ", "OK, ", ""] if c.lang == "en" else ["OK，", "好的, ", ""])]
        for i, (k, nm) in enumerate(zip(kinds, nums)):
            if i:
                items.append("，" if c.lang == "zh" else ", " if c.lang == "en" else r.choice(["，", ", "]))
            kw = r.choice(KW[c.lang][k])
            items.append(kw if i or c.lang != "en" else cap(kw))
            items.append(c.F(nm))
        items.append(fill(c.pool(TAIL), c))
        T.append(c.t("C", *items))
        T.append(c.t("A", c.p("ack")))
    elif v == "sequence":
        for i, nm in enumerate(nums):
            T.append(c.ask(nm.kind, follow=(i == 0 and None or False)))
            T.append(give(c, nm, c.F(nm)))
            if nm.kind == "phone" and r.random() < 0.5:
                rpre, rpost = c.frame(RB_LAST)
                nn = len(nm.digits)
                T.append(c.t("A", cap(rpre), c.F(nm, nn - 4, nn, role="readback"), rpost))
                T.append(c.t("C", c.p("confirm")))
            else:
                T.append(c.t("A", c.p("ack")))
            if i == 0 and r.random() < 0.6:
                T += c.chatter()
    else:
        pre, post = c.frame(SYSF, nums[0].kind)
        T.append(c.t("A", cap(pre), c.F(nums[0], cc=False), post))
        items = [c.p("confirm")]
        conn = {"zh": ["另外", "还有", "顺便说一下，"], "en": ["Also ", "And ", "Plus "], "mixed": ["另外", "Also ", "还有 "]}[c.lang]
        conn = r.sample(conn, len(conn))
        for i, nm in enumerate(nums[1:]):
            kw = r.choice(KW[c.lang][nm.kind])
            items += [c.sp() + conn[i], kw, c.F(nm), "。" if c.lang != "en" else "."]
        T.append(c.t("C", *items))
        T.append(c.t("A", c.p("ack")))
    return f"{v} {'+'.join(kinds)}"


def b_negative(c, T):
    r = c.r
    parts = []
    k = r.choice([1, 2, 2, 3])
    chats = []
    for _ in range(k):
        chats.append(("chatter", c.chatter()))
    n_extra = r.choice([1, 1, 2])
    if c.lang != "zh" and r.random() < 0.6:
        extras = ["spelled"] + r.sample(["long-ref", "hotline", "declined"], n_extra - 1)
    else:
        extras = r.sample(["spelled", "long-ref", "hotline", "declined"], n_extra)
    for e in extras:
        pools = {"spelled": SPELLED, "long-ref": LONGREF, "hotline": HOTLINE, "declined": DECLINE}[e]
        chats.append((e, c.block(pools)))
    r.shuffle(chats)
    for name, turns in chats:
        parts.append(name)
        T += turns
    return "look-alikes: " + ", ".join(parts)


BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
            "filler": b_filler, "asr-chunks": b_asr_chunks, "readback": b_readback, "check-char-apart": b_checkchar,
            "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


def second_number(c, T):
    r = c.r
    k2 = c.other_kind(c.main.kind)
    n2 = c.num(k2)
    T.append(c.ask(k2, follow=False))
    T.append(give(c, n2, c.F(n2)))
    if k2 == "phone" and r.random() < 0.4:
        nn = len(n2.digits)
        rpre, rpost = c.frame(RB_LAST)
        T.append(c.t("A", cap(rpre), c.F(n2, nn - 4, nn, role="readback"), rpost))
        T.append(c.t("C", c.p("confirm")))
    else:
        T.append(c.t("A", c.p("ack")))


def compose(c, plan):
    r = c.r
    phen = plan["phen"]
    if phen != "negative":
        c.main = gen_id(r, r.random() < 0.8) if phen == "check-char-apart" else c.num(plan["kind"])
    T = opening(c)
    if phen != "negative" and r.random() < 0.3:
        T += c.chatter()
    variant = BUILDERS[phen](c, T)
    extra = []
    if phen not in ("negative", "multi-number") and r.random() < 0.33:
        second_number(c, T)
        extra.append("second number")
    if phen != "negative" and r.random() < 0.45:
        T += c.chatter()
        extra.append("look-alikes")
    T += closing(c)
    return T, variant + ("; " + ", ".join(extra) if extra else "")


# ============================================================================================
# Plan and main
# ============================================================================================

PHEN_COUNTS = [("plain", 30), ("interruption", 40), ("continuation", 34), ("correction", 42), ("filler", 34),
               ("asr-chunks", 36), ("readback", 42), ("check-char-apart", 26), ("glued-words", 26),
               ("multi-number", 30), ("negative", 60)]


def stream_assign(items, quotas):
    """Assign labels to items in order so that every stretch of the order gets its share."""
    total = sum(quotas.values())
    got = {k: 0 for k in quotas}
    out = []
    for i, _ in enumerate(items):
        k = max(quotas, key=lambda q: (quotas[q] * (i + 1) / total - got[q], quotas[q]))
        got[k] += 1
        out.append(k)
    if got != quotas:
        raise Bug(f"quota assignment {got} != {quotas}")
    return out


def make_plan(seed):
    r = random.Random(seed)
    slots = [{"phen": ph} for ph, n in PHEN_COUNTS for _ in range(n)]
    assert len(slots) == N_CASES
    glued = [s for s in slots if s["phen"] == "glued-words"]
    for s, l in zip(glued, stream_assign(glued, {"en": 16, "mixed": 10})):
        s["lang"] = l
    rest = [s for s in slots if s["phen"] != "glued-words"]
    for s, l in zip(rest, stream_assign(rest, {"zh": 160, "en": 124, "mixed": 90})):
        s["lang"] = l
    chunks = sorted([s for s in slots if s["phen"] == "asr-chunks"], key=lambda s: s["lang"])
    for s, f in zip(chunks, stream_assign(chunks, {"asr-json": 28, "text": 5, "vtt": 3})):
        s["fmt"] = f
    rest = sorted([s for s in slots if s["phen"] != "asr-chunks"], key=lambda s: (s["lang"], s["phen"]))
    for s, f in zip(rest, stream_assign(rest, {"text": 215, "vtt": 57, "asr-json": 92})):
        s["fmt"] = f
    order = sorted(slots, key=lambda s: (s["phen"], s["lang"], s["fmt"]))
    perm = DOMAIN_KEYS[:]
    r.shuffle(perm)
    for i, s in enumerate(order):
        s["domain"] = perm[i % len(perm)]
        if s["phen"] == "negative":
            s["kind"] = None
        elif s["phen"] == "check-char-apart":
            s["kind"] = "id_number"
        else:
            kinds = DOMAINS[s["domain"]]["kinds"]
            s["kind"] = r.choices(list(kinds), list(kinds.values()))[0]
    r.shuffle(slots)
    return slots


def gen_case(idx, plan, seed, stats):
    last = None
    for attempt in range(MAX_REDRAWS):
        r = random.Random(f"delta:{seed}:{idx}:{attempt}")
        c = Ctx(r, plan)
        try:
            turns, variant = compose(c, plan)
            case = build_case(idx, plan, c, turns, variant)
        except Redraw as e:
            last = e
            msg = str(e)
            stats["touching a fragment" if "touch" in msg else "piece of a labelled number" if "piece of" in msg
                  else "no filler place" if "filler" in msg else "window check"] += 1
            continue
        scorer_case_checks(case)
        stats["cases redrawn"] += attempt > 0
        return case
    raise Bug(f"case {idx} ({plan}): no harmless draw in {MAX_REDRAWS} tries; last: {last}")


def generate(seed=MASTER_SEED):
    plan = make_plan(seed)
    stats = Counter()
    cases = [gen_case(i + 1, p, seed, stats) for i, p in enumerate(plan)]
    report = ev.require_set_checks(cases, SET)
    return cases, report, stats


def summary(cases):
    lines = []
    for key in ("lang", "format", "phenomenon", "domain"):
        cnt = Counter(c[key] for c in cases)
        lines.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in sorted(cnt.items())))
    kinds = Counter()
    roles = Counter()
    last4 = 0
    for c in cases:
        for lab in ev.labels_of(c):
            kinds[lab["kind"]] += 1
            roles[lab["role"]] += 1
            last4 += lab["last4_ok"]
    lines.append("fragments by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + f" (total {sum(kinds.values())}, last4_ok {last4})")
    lines.append("fragments by role: " + ", ".join(f"{k} {v}" for k, v in sorted(roles.items())))
    main_kinds = Counter()
    for c in cases:
        ks = {lab["kind"] for lab in ev.labels_of(c)}
        for k in ks:
            main_kinds[k] += 1
    lines.append("cases holding a kind: " + ", ".join(f"{k} {v}" for k, v in sorted(main_kinds.items())))
    lines.append(f"hard negatives: {sum(1 for c in cases if c['phenomenon'] == 'negative')}")
    lines.append(f"cases with two or more numbers: {sum(1 for c in cases if len({(l['kind']) for l in ev.labels_of(c)}) >= 2)}")
    return lines


def main(argv=None):
    def run(seed):
        cases, report, redraws = generate(seed)
        return cases, report, cases, Counter(redraws)
    return ev.generator_main(argv, "delta", run, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
