#!/usr/bin/env python3
"""Fjord: 400 whole call-centre conversations for `callvault redact`, written by a fifteenth independent author.

    Tools/gen_redact_fjord.py            # writes Tests/VaultRedactTests/Fixtures/conversations-fjord.jsonl
    Tools/gen_redact_fjord.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_fjord.py --out PATH

Provenance. The set ("set": "fjord", ids fjord-0001 ... fjord-0400) was written by a fifteenth,
independent author from the task description (issue #15, "Redaction that holds on real
conversations") and the scorer Tools/eval_redact_conversations.py only: its case schema, its
labelling conventions, its digit reader and its structure / oracle checks (imported here and run on
every case while it is written, and on the whole set before anything is written). The redactor's
sources (Sources/) and its tests were not read, nothing was built and the redactor was not run. Of
the other generators only their module docstrings were read (for the shared label conventions and to
keep out of the domains they use), plus, in Tools/gen_redact_estuary.py, the code wiring the scorer's
checks and the --stdout / --out handling, which this file follows. No template, phrase bank or
sentence of another generator or fixture was copied: the dialogue, the number renderings and the
layouts are this author's own (the head of one existing fixture line was looked at to confirm the
JSON shape of a Whisper-style transcript). The scorer's --self-check lists its splits by name and
does not list this one; this generator runs the same checks itself.

Domains (none used by another set): piano tuning, scaffolding hire, a school-uniform supplier,
beekeeping supplies, a tailor's (alterations and bespoke), drain clearing, window glazing,
badminton-court bookings, picture framing, a tree nursery selling by post, tyre fitting and a stamp &
coin auction house; 33 or 34 calls each. Each domain has its own greetings, reasons for calling,
replies, small talk, reasons for wanting a number, wrap-ups and reference names (delivery dockets,
lot numbers, DOT codes, plant-passport numbers ...), in Chinese, English and mixed wording.

Languages: Chinese 150, English 150, mixed Chinese/English code-switching 100 (also inside numbers:
幺三八 then "zero zero one three", Chinese numerals then Arabic groups, English words then Chinese).
Formats: plain text 220: speaker labels 坐席/客户, 客服/来电人, 接线员/来电者, 话务员/用户, 工作人员/顾客,
服务专员/客户, 客服代表/客户, 甲/乙, A/B, Agent/Customer, Rep/Caller, CSR/Customer, Operator/Caller,
Advisor/Client, Support/Member, AGENT/CUSTOMER, Staff/Caller, mixed pairs (Agent/客户, 客服/Customer
...), numbered speakers (Speaker 1, 说话人1, SPEAKER_00, S1) and domain labels (前台/琴主, 调度/工长,
Hire desk/Contractor, 校服中心/家长, 蜂农, Fitter, Dispatch/Resident, 测量预约, Desk/Member, Framer,
Orders/Gardener, 服务顾问/车主, 拍卖行/委托人, Auction house/Consignor ...) in `lab：`, `lab: `, `【lab】`,
`[lab] `, `<lab> `, `lab - `, `lab > `, `**lab:** `, `ts | lab | `, `ts lab: `, `lab ts: `,
`lab（ts）：` and header-line layouts (label and stamp on a line of their own, blank lines between
turns); 101 of them stamped ([00:01:02], 00:01:02, (01:02), [01:02.4], 【00:01:02】, +01:02,
wall-clock); a turn that goes on is labelled again, bare or indented; 22 with no speaker labels at
all (bare, dash-, bullet- or stamp-led). WebVTT 60: `<v lab>`, `<v lab>…</v>`, `lab：`, `lab: `,
`[lab] `, dash and bare payloads; numeric, `cue-N` or no cue ids; long and short timings, some
`align:start`; optional title, Kind / Language header lines and NOTE blocks; a turn that goes on is a
new cue with its voice, a new cue without it, or a second payload line of the same cue. ASR JSON 120:
54 flat `words` (35 with per-word speakers, 26 with confidences, some with language / duration) and
66 Whisper-style `segments` with `words` (leading-space words in English and before Latin / Arabic
words in Chinese, 20 with segment speakers, 26 with word probabilities).

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 30 (11/11/8, 17/5/8): answered; volunteered as the reason for the call ("you rang me on …");
    read out by the agent from the system; mid-sentence ("get them to ring … when they're close");
    given after "hang on, let me find it" with no context word; read off a card or business card;
  interruption 38 (15/14/9, 21/6/11): a back-channel (嗯 / 在听 / go on / uh-huh …) on its own line,
    or two; the agent echoing the first piece; the agent stopping for a pen or a frozen screen; the
    agent talking over the caller ("— is that the mobile?"); "you broke up, after that?"; the agent's
    read-back cut by the caller's 对 / yes;
  continuation 32 (12/12/8, 17/6/9): the same speaker goes on on the next line / cue / segment: two
    or three pieces, "I'll read it out" then the number alone, a cut inside a group, the agent
    reading a number off the screen over two lines;
  correction 42 (16/16/10, 24/6/12): an abandoned wrong prefix (一二八，不对不对，幺八八…), a restart
    of a right prefix, a complete wrong version then "the last bit's …", "the middle bit is …, not
    …", a complete wrong version then the whole number again a turn later (哦不是 / 不对 / 说错了 /
    重新说一下 / sorry, no wait / let me start again / scratch that / I've muddled it …);
  filler 34 (13/12/9, 19/5/10): one to three of 呃 / 嗯 / 那个 / 额 / 就是 / um / uh / er / erm between
    groups or splitting a group, some after a hesitant lead-in;
  asr-chunks 34 (13/12/9, 10/4/20): ITN chunks spread over tokens (3 30106 19911 …), Chinese numerals
    one per token mixed with Arabic chunks, a digit a token, a number cut over two segments / cues /
    lines inside a group (one entity over two Whisper segments; two spans in text and WebVTT);
  readback 40 (15/15/10, 23/6/11): the whole number, its last four (尾号… / ending …), its first group;
    a misheard whole number (a misheard ID / card fails its check) answered "不对，是…，不是…" and read
    back again; a misheard last four corrected by the caller;
  check-char-apart 26 (12/8/6, 14/4/8): an ID's seventeen characters, then ……末尾是X / 最后是个叉 /
    "and the last character is X" on the same line, on the next line, or after the agent asks for
    it (X, x, Ｘ or 叉; four with a digit check character said apart);
  glued-words 26 (0/16/10, 14/4/8): English number words glued by the recogniser (twoonefour,
    fivetwooh, doubleone) in a whole number, in the agent's read-back, or in two pieces;
  multi-number 38 (15/13/10, 23/5/10): two numbers of different kinds on one line, two or three
    numbers asked for turn by turn, a mobile and a backup landline / office number;
  negative 60 (28/21/11, 38/9/13): look-alikes only. 34 hold a 15-19 digit reference said in English
    number words or Chinese numerals (a docket, lot, tracking, batch, certificate, plant-passport,
    DOT-code … number) and 8 an Arabic one, all failing Luhn and MOD 11-2 and said after no ID or
    card context word; 6 an 11-digit membership number not shaped like a mobile; 6 a number asked
    for but not given; 6 domain chatter (amounts, dates, times, promo / collection codes, 400 / 800
    hotlines).
37 calls of the other phenomena carry a second number of another kind (75 cases hold two or more
numbers), and 89 say a look-alike (order code, amount, date, time) in the same turn as the number,
just before or after it; the reasons, small talk and wrap-ups of most calls carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code,
valid birth date, MOD 11-2 check character, X in most of the check-char cases), a bank card
(UnionPay 16 / 19 digits, Visa, Mastercard incl. 2-series; Luhn-valid) or a phone number (PRC
mobiles 1[3-9]x, landlines with their area code, UK / US / HK / SG / AU numbers, some after +86 /
0086 / 加八六 / +44 / "plus six one" …) said by anybody is one fragment of its kind, with a "role":
said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char. Counts: 670
fragments, id_number 259, phone 226, bank_card 185 (167 with last4_ok); cases holding an ID 156, a
phone 142, a card 122; 75 cases hold numbers of two or more kinds. A fragment runs from its first
digit-bearing word to its last (never starting with "double" / "triple") and holds the separators
and fillers inside it; in text and WebVTT it is a code-point span within one line, in asr-json the
list of its words. A country code is not part of a phone fragment; a landline's area code is.
`last4_ok` is set exactly on phone fragments that end at the final digit of the number or of a
wrong / misheard version of it; never on IDs, cards, abandoned prefixes or middle pieces. No
"double" / "triple" is said in the last five digits of a phone. Every number is used by one case
only.

Checks at generation (a failure of the generator aborts and nothing is written; a failed draw is
drawn again): every number valid (every misheard or wrong ID / card version fails its check); every
fragment says, with double / triple expanded, exactly the digits of its place in its version and
reads, with the scorer's reader, exactly its collapsed digits; spans hold no line break and no outer
white space, start and end on a digit-bearing character and have no digit-bearing character (digit,
numeral, X / 叉, Latin letter) beside them; last4_ok as above. On what the redactor reads (the text,
the WebVTT file outside cue timings / ids / headers, the ASR words), runs of unlabelled digits joined
across spaces, punctuation, line breaks, fillers and "and / then / dash" (a speaker label between
two speakers breaks a run, the same speaker's label does not), read with and without double /
triple expanded, have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn, no
18-character window passing MOD 11-2, are no 10-12 digit run starting with 0, no 10-digit NANP-shaped
run (400 / 800 hotlines aside), no 8-digit run starting 5 / 6 / 8 / 9, hold no 6-digit piece of a
labelled number and never run into a fragment (country codes aside). The scorer's structure check
and its built-in redactors pass on each case (ev.builtin_case_problem) and on the set
(ev.check_fixture_structure, ev.builtin_set_checks): the oracle and keep-last-4 redactors give
recall 1, precision 1 and no negative masked, the identity and leaky ones recall at most the short
last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape,
domain, kind, second number, negative variant); each case draws from its own random.Random seeded
from the master seed, its index and a redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: reader, structure and oracle checks)

SET = "fjord"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-fjord.jsonl")
MASTER_SEED = 73_019_884
N_CASES = 400
MAX_REDRAWS = 400


class Bug(Exception):
    """A generator bug or a failed set check: abort, write nothing."""


class Redraw(Exception):
    """This draw of a case broke a rule: draw it again."""


# ============================================================================================
# Personal numbers
# ============================================================================================

COUNTIES = ["110101", "110102", "110105", "110106", "110108", "120101", "120104", "130102", "130104",
            "140105", "150102", "210102", "210202", "220102", "230102", "230103", "310101", "310104",
            "310105", "310115", "320102", "320106", "320505", "330102", "330106", "330203", "340104",
            "350102", "350203", "360102", "370102", "370202", "410105", "420102", "420106", "430104",
            "440103", "440104", "440106", "440303", "440304", "440305", "450103", "460106", "500103",
            "500106", "510104", "510107", "520102", "530102", "610103", "610113", "620102", "630102",
            "640104", "650102"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
MOBILE_PREFIX = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
                 "166", "172", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187",
                 "188", "189", "191", "193", "195", "198", "199"]
AREA_CODES = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029", "0755", "0571", "0512",
              "0532", "0731", "0591", "0871", "0351", "0431", "0898"]
UP_BINS16 = ["622202", "622208", "621226", "622848", "622845", "621700", "622700", "622588", "621483",
             "621661", "622260", "622262", "623058", "622155", "622609", "621799"]
UP_BINS19 = ["622848", "621700", "622202", "621226", "623668", "622845"]


def id_check(d17):
    return "10X98765432"[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


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


def luhn_complete(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise Bug("luhn")


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def rdigits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


class Num:
    """A personal number: kind, sub-kind, the digits that are labelled (with a country code
    said, the international form), the groups it is said in, and an optional country code."""

    def __init__(self, kind, sub, digits, groups, cc=None):
        self.kind, self.sub, self.digits, self.groups, self.cc = kind, sub, digits, groups, cc
        assert sum(groups) == len(digits), (digits, groups)


def make_id(rng, want_x=None):
    while True:
        y = rng.randint(1958, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, days_in(y, m))
        d17 = rng.choice(COUNTIES) + f"{y:04d}{m:02d}{d:02d}" + rdigits(rng, 3)
        full = d17 + id_check(d17)
        if want_x is None or (full[-1] == "X") == want_x:
            break
    groups = rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [6, 6, 6]])
    return Num("id_number", "prc-id", full, groups)


def make_card(rng, brand=None):
    brand = brand or rng.choice(["up16", "up16", "up19", "visa", "mc"])
    if brand == "up16":
        digits = luhn_complete(rng.choice(UP_BINS16) + rdigits(rng, 9))
        groups = rng.choice([[4, 4, 4, 4], [4, 4, 4, 4], [6, 6, 4], [4, 4, 4, 4]])
    elif brand == "up19":
        digits = luhn_complete(rng.choice(UP_BINS19) + rdigits(rng, 12))
        groups = rng.choice([[4, 4, 4, 4, 3], [6, 6, 7], [4, 4, 4, 4, 3]])
    elif brand == "visa":
        digits = luhn_complete("4" + rdigits(rng, 14))
        groups = [4, 4, 4, 4]
    else:
        pre = rng.choice(["51", "52", "53", "54", "55", str(rng.randint(2221, 2720))])
        digits = luhn_complete(pre + rdigits(rng, 15 - len(pre)))
        groups = [4, 4, 4, 4]
    return Num("bank_card", brand, digits, groups)


def make_phone(rng, sub, with_cc=False):
    if sub == "mobile":
        d = rng.choice(MOBILE_PREFIX) + rdigits(rng, 8)
        return Num("phone", sub, d, rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [11]]), "+86" if with_cc else None)
    if sub == "landline":
        ac = rng.choice(AREA_CODES)
        d = ac + str(rng.randint(2, 8)) + rdigits(rng, 7)
        return Num("phone", sub, d, rng.choice([[len(ac), 4, 4], [len(ac), 8], [len(ac), 4, 4]]))
    if sub == "uk":
        d = "07" + str(rng.randint(4, 9)) + rdigits(rng, 8)
        if with_cc:
            return Num("phone", sub, d[1:], [4, 6], "+44")
        return Num("phone", sub, d, rng.choice([[5, 6], [5, 3, 3]]))
    if sub == "us":
        while True:
            a = str(rng.randint(2, 9)) + rdigits(rng, 2)
            x = str(rng.randint(2, 9)) + rdigits(rng, 2)
            if a[1:] != "11" and x[1:] != "11" and x != "555" and a not in ("800", "888", "877", "866", "400"):
                break
        return Num("phone", sub, a + x + rdigits(rng, 4), [3, 3, 4], "+1" if with_cc else None)
    if sub == "hk":
        return Num("phone", sub, rng.choice("569") + rdigits(rng, 7), [4, 4], "+852" if with_cc else None)
    if sub == "sg":
        return Num("phone", sub, rng.choice("89") + rdigits(rng, 7), [4, 4], "+65" if with_cc else None)
    if sub == "au":
        d = "04" + rdigits(rng, 8)
        if with_cc:
            return Num("phone", sub, d[1:], [3, 3, 3], "+61")
        return Num("phone", sub, d, [4, 3, 3])
    raise Bug(sub)


def num_valid(n):
    d = n.digits
    if n.kind == "id_number":
        return id_valid(d) and d[:6] in COUNTIES
    if n.kind == "bank_card":
        return luhn_ok(d) and len(d) in (16, 19)
    if n.sub == "mobile":
        return re.fullmatch(r"1[3-9]\d{9}", d) is not None
    if n.sub == "landline":
        return re.fullmatch(r"0\d{9,11}", d) is not None
    return d.isdigit() and 8 <= len(d) <= 11


def wrong_version(rng, num, how=None):
    """A wrong (misheard / misspoken) version of num's digits: one digit changed or two
    neighbours swapped; an ID / card version always fails its check."""
    d = num.digits
    for _ in range(200):
        how2 = how or rng.choice(["sub", "sub", "swap"])
        lo = 3 if num.kind == "phone" else 6
        if how2 == "swap":
            i = rng.randint(lo, len(d) - 2)
            if d[i] == d[i + 1] or "X" in d[i:i + 2]:
                continue
            w = d[:i] + d[i + 1] + d[i] + d[i + 2:]
        else:
            i = rng.randint(lo, len(d) - 1)
            if d[i] == "X":
                continue
            w = d[:i] + rng.choice([c for c in "0123456789" if c != d[i]]) + d[i + 1:]
        if num.kind == "id_number" and id_valid(w):
            continue
        if num.kind == "bank_card" and luhn_ok(w):
            continue
        return w
    raise Bug("no wrong version")


def wrong_at(rng, num, lo, hi):
    """A wrong version differing from the number inside positions [lo, hi) only."""
    d = num.digits
    for _ in range(300):
        if rng.random() < 0.5 and hi - lo >= 2:
            i = rng.randint(lo, hi - 2)
            if d[i] == d[i + 1] or "X" in d[i:i + 2]:
                continue
            w = d[:i] + d[i + 1] + d[i] + d[i + 2:]
        else:
            i = rng.randint(lo, hi - 1)
            if d[i] == "X":
                continue
            w = d[:i] + rng.choice([c for c in "0123456789" if c != d[i]]) + d[i + 1:]
        if num.kind == "id_number" and id_valid(w):
            continue
        if num.kind == "bank_card" and luhn_ok(w):
            continue
        return w
    raise Redraw("no wrong version in range")


# ============================================================================================
# Saying a number: tokens and fragments
# ============================================================================================

EN_WORD = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FW = "０１２３４５６７８９"
MULT = {"double": 2, "triple": 3}
FILLERS = {"zh": ["呃", "嗯", "那个", "额", "就是"], "en": ["um", "uh", "er", "erm"]}


class Tok:
    """One word of a fragment (one ASR word): its text, the glue said before it in text, the
    digits it stands for (exp, with double / triple expanded) and those the reader reads (col)."""
    __slots__ = ("text", "glue", "exp", "col", "kind")

    def __init__(self, text, glue="", exp="", col="", kind="d"):
        self.text, self.glue, self.exp, self.col, self.kind = text, glue, exp, col, kind


class Frag:
    """A labelled fragment: tokens, kind, role, the version of the number it belongs to and its
    place in it ([a, b)); last4_ok follows from those. labelled=False: a look-alike said the same
    way (a spelled-out reference), laid out like a fragment but not labelled."""

    def __init__(self, toks, num, version, a, b, role, cut=None, labelled=True):
        self.toks, self.num, self.version, self.a, self.b, self.role = toks, num, version, a, b, role
        self.cut = cut
        self.kind = num.kind
        self.labelled = labelled

    @property
    def last4_ok(self):
        return self.kind == "phone" and self.role != "abandoned" and self.b == len(self.version)

    @property
    def text(self):
        return "".join((t.glue if i else "") + t.text for i, t in enumerate(self.toks))

    @property
    def exp(self):
        return "".join(t.exp for t in self.toks)

    @property
    def col(self):
        return "".join(t.col for t in self.toks)


class CC:
    """A country code said before a phone (not part of the fragment)."""

    def __init__(self, text):
        self.text = text


BR = object()   # the same speaker goes on on the next line / cue / segment


def cn_digit_map(rng, kind):
    one = "幺" if (kind == "phone" and rng.random() < 0.8) or (kind != "phone" and rng.random() < 0.35) else "一"
    zero = "〇" if rng.random() < 0.1 else "零"
    two = "两" if (kind == "phone" and rng.random() < 0.08) else "二"
    m = dict(zip("0123456789", "零一二三四五六七八九"))
    m["1"], m["0"], m["2"] = one, zero, two
    m["X"] = "叉" if rng.random() < 0.5 else "X"
    return m


class Voice:
    """How one speaker says numbers in one fragment (chosen per fragment)."""

    def __init__(self, rng, kind, style, asr, lang):
        self.rng, self.kind, self.style, self.asr, self.lang = rng, kind, style, asr, lang
        self.cn = cn_digit_map(rng, kind)
        self.zero = rng.choice(["oh", "oh", "zero"]) if kind == "phone" else rng.choice(["zero", "zero", "oh"])
        self.xch = rng.choice(["X", "X", "x"])
        self.cn_per_char = asr and rng.random() < 0.6 or (not asr and rng.random() < 0.1)


def seg_styles(rng, style, n):
    if style in ("ar", "fw", "cn", "en", "glued", "chunks"):
        return [style] * n
    if style == "mixcn":
        pool = ["cn", "ar"]
    elif style == "mixen":
        pool = ["cn", "en"]
    elif style == "mixar":
        pool = ["en", "ar"]
    else:
        pool = ["cn", "en", "ar"]
    out = [rng.choice(pool) for _ in range(n)]
    if n >= 2 and len(set(out)) == 1:
        out[rng.randrange(n)] = rng.choice([p for p in pool if p != out[0]])
    return out


def render_seg(v, digits, pos0, sty, fa, nver, mult_ok):
    """Tokens for one group of digits (absolute start pos0 in a version of length nver)."""
    rng = v.rng
    if sty in ("ar", "fw"):
        t = digits if sty == "ar" else "".join(FW[int(c)] if c.isdigit() else "Ｘ" for c in digits)
        if "X" in digits and sty == "ar":
            t = t.replace("X", v.xch)
        return [Tok(t, "", digits, digits)]
    if sty == "cn":
        chars = [v.cn[c] for c in digits]
        if v.cn_per_char:
            return [Tok(ch, "", c, c) for ch, c in zip(chars, digits)]
        if digits.endswith("X") and v.cn["X"] == "X":
            return [Tok("".join(chars[:-1]), "", digits[:-1], digits[:-1]), Tok("X", "", "X", "X")] if len(digits) > 1 \
                else [Tok("X", "", "X", "X")]
        return [Tok("".join(chars), "", digits, digits)]
    # English words, possibly with double / triple and glued by the recogniser
    toks = []
    i = 0
    while i < len(digits):
        c = digits[i]
        if c == "X":
            toks.append(Tok("X", " ", "X", "X"))
            i += 1
            continue
        j = i
        while j < len(digits) and digits[j] == c:
            j += 1
        run = j - i
        p = pos0 + i
        allowed = mult_ok and p != fa and run >= 2 and (v.kind != "phone" or p + min(run, 3) - 1 < nver - 5)
        word = v.zero if c == "0" else EN_WORD[int(c)]
        if allowed and rng.random() < 0.45:
            k = 3 if run >= 3 and rng.random() < 0.6 else 2
            toks.append(Tok("triple" if k == 3 else "double", " ", "", "", "m"))
            toks.append(Tok(word, " ", c * k, c))
            i += k
            continue
        toks.append(Tok(word, " ", c, c))
        i += 1
    toks[0].glue = ""
    if sty == "glued" and len(toks) >= 2:
        merged = [toks[0]]
        for t in toks[1:]:
            prev = merged[-1]
            glue_it = prev.kind == "m" or (t.text != "X" and prev.text != "X" and rng.random() < 0.6)
            if glue_it:
                merged[-1] = Tok(prev.text + t.text, prev.glue, prev.exp + t.exp, prev.col + t.col,
                                 "d" if (prev.kind == "d" or t.kind == "d") else "m")
            else:
                merged.append(t)
        toks = merged
    return toks


def group_cuts(groups, a, b):
    cuts, acc = [], 0
    for g in groups[:-1]:
        acc += g
        if a < acc < b:
            cuts.append(acc)
    return cuts


def build_toks(v, version, groups, a, b, fillers=0, gsep=None, mult_ok=True, chunks=None):
    """The tokens of version[a:b] said in voice v."""
    rng = v.rng
    if v.style == "chunks":
        cuts, p = [], a
        while True:
            p += rng.choice([1, 2, 2, 3, 3, 3, 4, 5]) if chunks is None else chunks
            if p >= b:
                break
            cuts.append(p)
    else:
        cuts = group_cuts(groups, a, b)
    bounds = [a] + cuts + [b]
    segs = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    stys = seg_styles(rng, v.style if v.style != "chunks" else "ar", len(segs))
    if v.style == "chunks" and rng.random() < 0.3 and v.lang != "en":
        stys = [rng.choice(["ar", "ar", "cn"]) for _ in segs]
    wordy = {"en", "glued"}
    if gsep is None:
        if v.asr:
            gsep = rng.choice([" ", " ", ", "]) if any(s in wordy for s in stys) else rng.choice([" ", " ", "，", ""])
        elif all(s in wordy for s in stys):
            gsep = rng.choice([", ", " ", ", ", " - ", "... "])
        elif all(s == "cn" for s in stys):
            gsep = rng.choice(["", " ", "，", "、", " "])
        elif all(s in ("ar", "fw") for s in stys):
            gsep = rng.choice([" ", " ", "-", "", " "]) if v.style != "chunks" else " "
        else:
            gsep = rng.choice([" ", " ", "，"])
    if v.lang == "en" and gsep in ("，", "、"):
        gsep = ", "
    out = []
    for (s, e), sty in zip(segs, stys):
        ts = render_seg(v, version[s:e], s, sty, a, len(version), mult_ok)
        if out:
            g = gsep
            if sty in wordy or out[-1].text.isascii() and out[-1].text.isalpha():
                if g == "":
                    g = " "
            # Arabic groups glued or joined by a hyphen are one word (one ASR token)
            if g in ("", "-") and sty in ("ar", "fw") and out[-1].kind == "d" and \
                    all(ch.isdigit() or ch in "-xXＸ" or ch in FW for ch in out[-1].text) and not out[-1].text.endswith(("X", "x", "Ｘ")):
                prev = out[-1]
                out[-1] = Tok(prev.text + g + ts[0].text, prev.glue, prev.exp + ts[0].exp, prev.col + ts[0].col)
                ts = ts[1:]
            elif ts:
                ts[0].glue = g
        out.extend(ts)
    for i in range(1, len(out)):
        t, prev = out[i], out[i - 1]
        if t.glue == "" and (t.text[0].isascii() and t.text[0].isalpha() or prev.text[-1].isascii() and prev.text[-1].isalpha()):
            t.glue = " "
    # numbers said in chunks that are all Arabic: glued Arabic tokens must stay apart
    for i in range(1, len(out)):
        if out[i].glue == "" and out[i].text[0].isdigit() and out[i - 1].text[-1].isdigit():
            out[i].glue = " "
    if fillers:
        out = add_fillers(v, out, fillers)
    return out


def add_fillers(v, toks, n):
    rng = v.rng
    bank = FILLERS["en"] if v.lang == "en" else FILLERS["zh"] if v.lang == "zh" else FILLERS["zh"] + FILLERS["en"]
    for _ in range(n):
        # split an Arabic / Chinese token inside its group now and then
        if rng.random() < 0.35:
            cand = [i for i, t in enumerate(toks) if t.kind == "d" and len(t.text) >= 3 and t.exp == t.col
                    and (t.text.isdigit() or all(ch in "零〇一二三四五六七八九幺两" for ch in t.text))]
            if cand:
                i = rng.choice(cand)
                t = toks[i]
                k = rng.randint(1, len(t.text) - 1)
                toks[i:i + 1] = [Tok(t.text[:k], t.glue, t.exp[:k], t.col[:k]), Tok(t.text[k:], "", t.exp[k:], t.col[k:])]
        slots = [i for i in range(1, len(toks)) if toks[i - 1].kind != "m" and toks[i].kind != "f" and toks[i - 1].kind != "f"]
        if not slots:
            break
        i = rng.choice(slots)
        f = rng.choice(bank)
        latin = f.isascii()
        if latin:
            g1, g2 = rng.choice([(" ", " "), (", ", ", "), ("... ", " "), (" ", ", ")])
        else:
            g1, g2 = rng.choice([("，", "，"), ("", ""), (" ", " "), ("", "，"), ("……", "")])
        nxt = toks[i]
        prv = toks[i - 1]
        if prv.text[-1].isascii() and prv.text[-1].isalnum() and not g1.strip() and g1 == "" and latin:
            g1 = " "
        toks.insert(i, Tok(f, g1, "", "", "f"))
        nxt.glue = g2 if not (g2 == "" and (nxt.text[0].isascii() and nxt.text[0].isalnum() and latin)) else " "
        if latin and nxt.glue == "":
            nxt.glue = " "
        if not latin and g1 == "" and prv.text[-1].isascii() and prv.text[-1].isalpha():
            toks[i].glue = " "
        if not latin and nxt.glue == "" and nxt.text[0].isascii() and nxt.text[0].isalpha():
            nxt.glue = " "
    return toks


# ============================================================================================
# Look-alikes: dates, times, amounts, codes, counts (checked like everything else)
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
WEEKDAYS_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "礼拜三", "星期四", "星期六"]


def ordinal(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def la_date(rng, lang):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if lang == "en" or (lang == "mixed" and rng.random() < 0.35):
        return rng.choice([f"{MONTHS[m - 1]} {ordinal(d)}", f"the {ordinal(d)}", f"{d}/{m:02d}",
                           f"{WEEKDAYS_EN[rng.randrange(6)]} the {ordinal(d)}", f"{ordinal(d)} {MONTHS[m - 1]}"])
    return rng.choice([f"{m}月{d}号", f"{m}月{d}日", f"{d}号", f"{m}月{d}号", f"{d}号那天"])


def la_time(rng, lang):
    h = rng.randint(8, 17)
    mm = rng.choice([0, 15, 30, 45])
    if lang == "en" or (lang == "mixed" and rng.random() < 0.35):
        h12 = h if h <= 12 else h - 12
        return rng.choice([f"{h12}:{mm:02d}", f"{h12} {'am' if h < 12 else 'pm'}", f"half {h12}",
                           f"quarter past {h12}", f"{h:02d}:{mm:02d}"])
    hz = h if h <= 12 else h - 12
    return rng.choice([f"下午{hz}点" if h >= 12 else f"上午{hz}点", f"{h}:{mm:02d}", f"{hz}点半", f"{h}点{mm}分" if mm else f"{h}点"])


def la_small_amount(rng, lang):
    n = rng.randint(25, 160)
    if lang == "en" or (lang == "mixed" and rng.random() < 0.3):
        return rng.choice([f"£{n}", f"${n}", f"{n} dollars", f"£{n}.{rng.randint(10, 99)}"])
    return rng.choice([f"{n}元", f"{n}块", f"¥{n}"])


def la_amount(rng, lang):
    n = rng.choice([rng.randint(30, 99), rng.randint(100, 999), rng.randint(100, 999), rng.randint(1000, 4800)])
    if lang == "en" or (lang == "mixed" and rng.random() < 0.3):
        return rng.choice([f"£{n}", f"${n}", f"{n} dollars", f"£{n}.{rng.randint(10, 99)}", f"{n} quid", f"${n}.00"])
    return rng.choice([f"{n}元", f"{n}块", f"¥{n}", f"{n}块钱", f"{n:,}元"])


def la_code(rng, lang):
    L = "ABCDEFGHJKLMNPRSTUVWYZ"
    a, b = rng.choice(L), rng.choice(L)
    return rng.choice([f"{a}{b}{rng.randint(1000, 99999)}", f"{a}-{rng.randint(100, 9999)}", f"#{rng.randint(1000, 99999)}",
                       f"{a}{b}-{rng.randint(10, 99)}-{rng.randint(100, 999)}", f"{a}{rng.randint(10, 999)}{b}"])


def la_count(rng, lang):
    return str(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40]))


def la_small(rng, lang):
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.5):
        return rng.choice(["两", "三", "四", "五", "六", "七", "八"])
    return rng.choice(["two", "three", "four", "five", "six", "seven", "eight"])


def la_floor(rng, lang):
    return str(rng.randint(2, 32))


PLACEHOLDERS = {"date": la_date, "time": la_time, "amt": la_amount, "samt": la_small_amount, "code": la_code, "qty": la_count,
                "n": la_small, "fl": la_floor}


# ============================================================================================
# The case context
# ============================================================================================

class Turn:
    def __init__(self, spk, parts):
        self.spk, self.parts = spk, parts


class Ctx:
    def __init__(self, rng, plan, used):
        self.rng, self.plan, self.used = rng, plan, used
        self.lang, self.fmt = plan["lang"], plan["format"]
        self.asr = self.fmt == "asr-json"
        self.dom = DOMAINS[plan["domain"]]
        self.local = set()
        self.sticky = {}
        self.nums = []
        self.versions = []
        self.tags = []
        self.org = rng.choice(self.dom["org"][self.lang])

    # ---- text helpers -----------------------------------------------------------------
    def fill(self, s):
        def rep(m):
            key = m.group(1)
            if key == "org":
                return self.org
            if key not in PLACEHOLDERS:
                return m.group(0)       # a slot filled later ({F}, {c} ...)
            if key in ("date", "time"):
                # a call keeps coming back to its own day and hour
                if key not in self.sticky:
                    self.sticky[key] = PLACEHOLDERS[key](self.rng, self.lang)
                    return self.sticky[key]
                if self.rng.random() < 0.45:
                    return self.sticky[key]
            return PLACEHOLDERS[key](self.rng, self.lang)
        return re.sub(r"\{(\w+)\}", rep, s)

    def p(self, bank):
        """A phrase from a bank: a list, or a dict by language."""
        if isinstance(bank, dict):
            bank = bank[self.lang]
        return self.fill(self.rng.choice(bank))

    def chance(self, x):
        return self.rng.random() < x

    # ---- numbers ----------------------------------------------------------------------
    def new_num(self, kind, sub=None, want_x=None, with_cc=None):
        rng = self.rng
        for _ in range(50):
            if kind == "id_number":
                n = make_id(rng, want_x)
            elif kind == "bank_card":
                if sub is None:
                    sub = rng.choice(["visa", "mc", "up16", "up16"]) if self.lang == "en" else \
                        rng.choice(["up16", "up16", "up19", "visa", "mc"])
                n = make_card(rng, sub)
            else:
                if sub is None:
                    if self.lang == "en":
                        sub = rng.choice(["uk", "us", "hk", "sg", "au", "mobile", "mobile", "uk", "landline"])
                    elif self.lang == "mixed":
                        sub = rng.choice(["mobile"] * 6 + ["landline", "hk", "sg", "uk"])
                    else:
                        sub = rng.choice(["mobile"] * 7 + ["landline", "landline"])
                cc = with_cc if with_cc is not None else (sub not in ("landline",) and rng.random() < 0.12)
                n = make_phone(rng, sub, cc)
            key = n.digits.lstrip("0")[-10:]
            if key in self.used or key in self.local or not num_valid(n):
                continue
            self.local.add(key)
            self.nums.append(n)
            self.versions.append(n.digits)
            return n
        raise Redraw("number collision")

    def style(self, kind, forced=None):
        rng = self.rng
        if forced:
            return forced
        if self.lang == "zh":
            pool = ["ar"] * 9 + ["cn"] * 7 + ["mixcn"] * 3 + ([] if self.asr else ["fw"])
        elif self.lang == "en":
            pool = ["en"] * 11 + ["ar"] * 9 + ["mixar"] * 2
        else:
            pool = ["mixen"] * 5 + ["ar"] * 5 + ["cn"] * 3 + ["en"] * 3 + ["mix3"] * 3 + ["mixcn"] * 2
        return rng.choice(pool)

    def frag(self, num, role, a=0, b=None, version=None, style=None, fillers=0, gsep=None, mult_ok=True,
             chunks=None, cut=None, voice=None):
        version = version or num.digits
        if version not in self.versions:
            self.versions.append(version)
        b = len(version) if b is None else b
        v = voice or Voice(self.rng, num.kind, self.style(num.kind, style), self.asr, self.lang)
        toks = build_toks(v, version, num.groups, a, b, fillers, gsep, mult_ok, chunks)
        if cut == "auto":
            cut = None
            cand = [i for i in range(1, len(toks)) if toks[i].kind == "d" and toks[i - 1].kind in ("d", "f")]
            if cand:
                cut = self.rng.choice(cand)
        return Frag(toks, num, version, a, b, role, cut)

    def voice(self, kind, style=None):
        return Voice(self.rng, kind, self.style(kind, style), self.asr, self.lang)

    def split_points(self, num, n_pieces, inside=False):
        """Where a number is cut into pieces: group boundaries, or inside a group."""
        L = len(num.digits)
        bounds = []
        acc = 0
        for g in num.groups[:-1]:
            acc += g
            bounds.append(acc)
        if len(bounds) < n_pieces - 1 and not inside:
            # how the number is usually grouped when it was said in one breath
            nat = {11: [3, 7], 18: [6, 10, 14], 16: [4, 8, 12], 19: [4, 8, 12, 16]}.get(L, [])
            if num.sub == "landline":
                ac = 4 if num.digits[1] in "3456789" else 3
                nat = [ac, ac + 4]
            bounds = sorted(set(bounds) | set(b for b in nat if 0 < b < L))
        if inside or len(bounds) < n_pieces - 1:
            pts = sorted(self.rng.sample(range(2, L - 1), n_pieces - 1))
        else:
            pts = sorted(self.rng.sample(bounds, n_pieces - 1))
        return [0] + pts + [L]

    def mk(self, template, **frags):
        """A template with {F} / {G} / {H} fragment slots (and look-alike placeholders) as parts."""
        parts = []
        for piece in re.split(r"(\{[FGHK]\})", template):
            if not piece:
                continue
            m = re.fullmatch(r"\{([FGHK])\}", piece)
            if m:
                x = frags[m.group(1)]
                if isinstance(x, list):
                    parts.extend(x)
                else:
                    parts.append(x)
            else:
                parts.append(self.fill(piece))
        return parts

    def say_phone_parts(self, frag, cc_said=None):
        """A phone fragment, with its country code said before it when it has one."""
        n = frag.num
        if not n.cc:
            return [frag]
        code = n.cc[1:]
        if self.lang == "en" or (self.lang == "mixed" and self.rng.random() < 0.5):
            opts = [n.cc + " ", "00" + code + " ", "plus " + " ".join(EN_WORD[int(c)] for c in code) + ", "]
        else:
            opts = [n.cc + " ", "00" + code + " ", "加" + "".join("零幺二三四五六七八九"[int(c)] for c in code) + " "]
        return [CC(cc_said or self.rng.choice(opts)), frag]


def T(spk, *parts):
    flat = []
    for p in parts:
        if isinstance(p, list):
            flat.extend(p)
        else:
            flat.append(p)
    return Turn(spk, flat)


# ============================================================================================
# Generic phrase banks (this author's own)
# ============================================================================================

KIND_WORD = {
    "zh": {"phone": ["手机号", "电话", "联系电话", "号码"], "id_number": ["身份证号", "身份证号码", "证件号"],
           "bank_card": ["卡号", "银行卡号", "卡号"]},
    "en": {"phone": ["number", "mobile", "phone number", "contact number"], "id_number": ["ID number", "resident ID number", "ID card number"],
           "bank_card": ["card number", "card", "long number"]},
    "mixed": {"phone": ["phone number", "手机号", "mobile", "电话"], "id_number": ["ID number", "身份证号", "ID card 号码"],
              "bank_card": ["card number", "卡号", "card 号"]},
}

ASK = {
    "phone": {
        "zh": ["方便留一个联系电话吗？", "您的手机号是多少？", "麻烦报一下您的手机号码。", "留个电话给我吧，有变动好通知您。",
               "您登记的是哪个手机号？我这边核对一下。", "回访电话留哪个号？", "您说一下手机，我记一下。",
               "电话号码给我一个，到时候好联系。", "您把能打通的号码报给我。", "那您的联系方式是？"],
        "en": ["What's the best number to reach you on?", "Can I grab a contact number?", "And a phone number for the booking?",
               "Which mobile should we ring when we're outside?", "Could you give me the number you'd like us to text?",
               "Is there a number I can call you back on?", "What number have we got for you on file?",
               "Let me take a phone number, just in case.", "Can I take a mobile for the job sheet?"],
        "mixed": ["留个 phone number 给我吧？", "你的 mobile 是多少？", "contact number 方便说一下吗？",
                  "到了会 call 你，号码是？", "登记的电话是哪个，我 check 一下。", "给个 number，有 update 我们 text 你。",
                  "手机号 please，我记一下。"],
    },
    "id_number": {
        "zh": ["麻烦报一下身份证号码。", "实名登记需要身份证号，您说一下？", "请提供一下证件号码，身份证的。",
               "合同上要写身份证号，您报一下吧。", "我需要核实一下身份，身份证号码多少？", "身份证号码报我一下，我录进去。"],
        "en": ["For the agreement I need your Chinese resident ID number.", "Could you read me the number on your resident ID card?",
               "I'll need the ID card number to register this properly.", "We verify with the national ID; what's the number on it?",
               "Can you give me your ID number, the eighteen-character one?"],
        "mixed": ["ID number 麻烦报一下，身份证上的那个。", "合同要填你的 ID card 号码。", "你的身份证 number 是多少？",
                  "verify 一下身份，身份证号给我。"],
    },
    "bank_card": {
        "zh": ["押金从哪张卡扣？卡号报一下。", "退款打到哪张银行卡？请报一下卡号。", "麻烦念一下银行卡号。",
               "您用哪张卡付？把卡号告诉我。", "卡号您报一下，我这边走代扣。", "银行卡号码给我一下，我登记到合同上。"],
        "en": ["Which card would you like to pay with? The long number on the front, please.", "Can you read me the card number?",
               "For the deposit I'll need the card number.", "Where should the refund go? Which card?",
               "If you want to pay now, I can take the card details. Long number first."],
        "mixed": ["付 deposit 用哪张 card？卡号念一下。", "refund 退到你的银行卡，card number 多少？",
                  "用 Visa 还是银联？卡号 read 给我。", "payment 的话，卡号报一下。"],
    },
}

LEAD = {
    "phone": {
        "zh": ["是", "好，", "嗯，", "您记一下，", "手机是", "号码是", "就打这个：", "我的是", "行，"],
        "en": ["Sure, it's ", "Yeah, it's ", "It's ", "Okay, ", "Got a pen? It's ", "Right, so it's ", "That'd be ", "Mobile's "],
        "mixed": ["OK，是", "嗯 sure，", "number 是", "好，", "my mobile 是"],
    },
    "id_number": {
        "zh": ["身份证是", "好的，", "号码是", "嗯，我念了啊，", "证件号是", "我看着念："],
        "en": ["Okay, it's ", "Right, ", "It's ", "Sure. ", "Reading off the card: "],
        "mixed": ["OK，身份证是", "好，ID 是", "嗯，", "number 是"],
    },
    "bank_card": {
        "zh": ["卡号是", "好，", "嗯，", "我看着卡念：", "是", "您记一下："],
        "en": ["Okay, it's ", "Sure, ", "It's ", "Right, the long number is ", "Let me get it out. It's "],
        "mixed": ["OK，卡号是", "card number 是", "好，", "嗯，"],
    },
}

TAIL = {
    "zh": ["。", "。", "，就这个。", "，这个号一直开着。", "，没错。", "。您记好了吗？", "，就这些。"],
    "en": [".", ".", ", that's the one.", ". Did you get that?", ".", ", yeah.", " - got that?"],
    "mixed": ["。", "，OK？", "，就这个。", "。got it？", "。"],
}

TAIL_NEAR = {  # a look-alike said in the same turn, just after the number
    "zh": ["，{time}以后打都行。", "。我{date}都在家。", "，上次付了{amt}那个。", "，单号是{code}那单。",
           "，要{qty}个的那单。", "，你们{date}{time}来就好。"],
    "en": [", and I'm free after {time}.", ". The order was {code}, by the way.", ". I paid {amt} last time.",
           ", any time before {time}.", ", and it's for {date}.", ". Booking ref {code}."],
    "mixed": ["，{time} 以后 call 都 OK。", "，order 是 {code}。", "，上次付了 {amt}。", "，{date} 我都 free。"],
}

LEAD_NEAR = {  # a look-alike just before the number
    "zh": ["订单{code}，", "我{date}约的，", "付了{amt}，", "{time}那个预约，"],
    "en": ["Order {code}, and ", "It's for {date}, and ", "I paid {amt}; ", "Booked for {time} - "],
    "mixed": ["order {code}，", "{date} 那个 booking，", "付了 {amt}，"],
}

BACKCH = {
    "zh": ["嗯。", "嗯嗯。", "好，您继续。", "对，然后呢？", "好的。", "嗯，后面呢？", "您说。", "在听。", "好，还有呢？"],
    "en": ["Mm-hm.", "Okay.", "Go on.", "Yep.", "Right, and then?", "Got that.", "Uh-huh.", "Yes?", "Okay, keep going."],
    "mixed": ["嗯 OK。", "go on，继续。", "好，then？", "嗯嗯，keep going。", "OK，后面呢？"],
}

CORR = {
    "zh": ["哦不是", "不对", "说错了", "重新说一下", "不对不对", "等下，我看错了", "哎，念错了", "不好意思说错了"],
    "en": ["sorry, no wait", "let me start again", "scratch that", "hang on, that's wrong", "no, sorry", "actually no",
           "wait, I've muddled it"],
    "mixed": ["sorry 说错了", "不对 wait", "let me 重新说一下", "哦不是 sorry", "no no，不对"],
}

NEUTRAL_TAIL = {"zh": ["。", "。", "……"], "en": [".", ".", "..."], "mixed": ["。", "……"]}

ACK = {"zh": ["嗯。", "好的。", "嗯，好。", "嗯，我记着。"], "en": ["Okay.", "Right.", "Mm-hm.", "Okay, typing."],
       "mixed": ["嗯，OK。", "好的。", "OK。"]}

YES = {
    "zh": ["对。", "对的。", "没错。", "嗯，对。", "是的。", "对对对。"],
    "en": ["Yes.", "That's right.", "Correct.", "Yep, that's it.", "Spot on.", "Yes, that's it."],
    "mixed": ["对，correct。", "Yes，对的。", "没错。", "yep，对。"],
}

GOT = {
    "zh": ["好的，记下了。", "好，收到。", "好嘞，我录进去了。", "嗯，已经登记上了。", "好的，系统里改好了。"],
    "en": ["Lovely, got that.", "Great, that's in.", "Perfect, noted.", "Okay, that's on the system now.", "Thanks, got it."],
    "mixed": ["OK，记下了。", "好，updated。", "收到，noted。", "好的，已经 key in 了。"],
}

GENERIC_CLOSE = {
    "zh": [[("A", "还有其他问题吗？"), ("C", "没有了，谢谢啊。"), ("A", "不客气，再见。")],
           [("A", "那就这样，有事再打过来。"), ("C", "好，拜拜。")],
           [("C", "行，那先这样。"), ("A", "好的，感谢来电。")],
           [("A", "稍后会有短信确认，注意查收。"), ("C", "好的好的。")]],
    "en": [[("A", "Anything else I can help with today?"), ("C", "No, that's everything. Thanks."), ("A", "Take care, bye.")],
           [("C", "Brilliant, thanks for sorting that."), ("A", "No problem at all. Bye now.")],
           [("A", "You'll get a confirmation text shortly."), ("C", "Great, cheers.")],
           [("C", "Right, I'll let you go."), ("A", "Thanks for calling, have a good day.")]],
    "mixed": [[("A", "还有别的 question 吗？"), ("C", "没有了，thanks。")],
              [("A", "稍后会有 confirmation 短信。"), ("C", "OK，拜拜。")],
              [("C", "好，那先这样，bye。"), ("A", "Bye，感谢来电。")]],
}


# ============================================================================================
# Domains (none used by another set): twelve call centres
# ============================================================================================

DOMAINS = {
    "piano-tuning": {
        "org": {"zh": ["知音钢琴调律", "声和琴行调律部"], "en": ["Keynote Piano Tuning", "Harmony Hall Piano Service"],
                "mixed": ["Keynote 钢琴调律", "声和 Piano Service"]},
        "labels": {"zh": [("前台", "琴主"), ("调律预约", "客户")], "en": [("Scheduler", "Owner"), ("Office", "Client")],
                   "mixed": [("前台", "Client")]},
        "open": {"zh": ["您好，{org}，我是小林，请问有什么可以帮您？", "{org}预约专线，您好。", "喂，{org}，请讲。"],
                 "en": ["Good morning, {org}, Dana speaking.", "{org}, how can I help?", "Hello, {org}. Tuning bookings, this is Marc."],
                 "mixed": ["您好，{org}，是要 book tuning 吗？", "Hi，{org}，有什么可以帮您？"]},
        "reason": {"zh": ["我家那台立式琴好久没调了，中间那几个键有点跑音，想约个师傅上门。",
                          "上个月搬家，琴搬过去以后音全不准了，能不能{date}来调一下？",
                          "孩子{date}要考级，想赶在前面把琴调好，顺便看看有个键按下去不回弹。",
                          "我是{date}约过调律的，师傅走了以后踏板又开始吱吱响。"],
                   "en": ["Hi, I'd like to book a tuning for an upright. It hasn't been touched in years, honestly.",
                          "We've just moved house and the piano sounds dreadful now. Could someone come out on {date}?",
                          "My daughter's got her grade exam on {date} and a couple of the keys are sticking.",
                          "Your tuner came on {date} and now the sustain pedal squeaks. Bit annoying."],
                   "mixed": ["我想约一个 piano tuning，家里那台 upright 很久没调了。",
                             "搬家以后琴的 pitch 全乱了，{date} 能来吗？",
                             "孩子要考 grade，有两个 key 卡住了，想请师傅看看。"]},
        "reply": {"zh": ["可以的，普通调律一次{amt}，修键另外算。", "好的，{date}我看看，师傅那天{time}之后有空。",
                         "明白，我先给您登记。"],
                  "en": ["Sure. A standard tuning is {amt}; sticking keys we'd quote on the day.",
                         "Let me check the diary. We've got a slot on {date} at {time}.", "No trouble, let's get you booked in."],
                  "mixed": ["可以，standard tuning 是 {amt}，修 key 要另外 quote。", "我看下 schedule，{date} {time} 有 slot。"]},
        "chat": {"zh": [[("A", "琴是什么牌子的？大概买了几年？"), ("C", "珠江的，买了有{n}年了吧，放在客厅靠窗那边。")],
                        [("A", "靠窗的话容易受潮，师傅来了可能建议您挪一下位置。"), ("C", "行，听师傅的。")],
                        [("A", "您住几楼？有电梯吗？"), ("C", "{fl}楼，有电梯的。")]],
                 "en": [[("A", "What make is it, do you know?"), ("C", "It says Yamaha on the fallboard. We bought it second-hand.")],
                        [("A", "Is it near a radiator at all?"), ("C", "Right next to one, actually. Is that bad?"),
                         ("A", "It doesn't help. The tuner will talk you through it.")],
                        [("A", "And is there parking outside?"), ("C", "There's a bay right by the door, number {fl}.")]],
                 "mixed": [[("A", "什么 brand 的琴？"), ("C", "Kawai，second-hand 买的。")],
                           [("A", "琴放在 radiator 旁边吗？"), ("C", "有点近，会有影响吗？"), ("A", "会 affect tuning，师傅会跟你说。")]]},
        "why": {"zh": ["师傅出发前会先打电话跟您确认，", "调完我们会发保养提醒，"],
                "en": ["The tuner rings ahead when he's on his way, so ", "We send a reminder the day before. "],
                "mixed": ["师傅出发前会 call 你，", "调完会发 reminder，"]},
        "wrap": {"zh": [[("A", "那就定{date}{time}，师傅姓周，大概一个半小时。"), ("C", "好，我在家等。")],
                        [("A", "费用现场付就行，一共{amt}，可以扫码。"), ("C", "好的。")]],
                 "en": [[("A", "So that's {date}, arriving around {time}. Payment on the day, {amt}."), ("C", "Perfect.")],
                        [("A", "He'll need about ninety minutes and clear access to the keyboard."), ("C", "No problem, I'll move the plants.")]],
                 "mixed": [[("A", "那就 {date} {time}，师傅大概要 ninety minutes。"), ("C", "OK，我在家。")],
                           [("A", "费用 {amt}，现场 pay 就行。"), ("C", "好的。")]]},
        "ref": {"zh": ["钢琴出厂编号", "琴身背板上的编号", "保修登记单号"], "en": ["serial number on the frame", "warranty registration reference", "job reference"],
                "mixed": ["琴的 serial number", "warranty reference"]},
        "member": {"zh": ["保养卡会员号"], "en": ["care-plan member number"], "mixed": ["care plan 会员号"]},
    },
    "scaffold-hire": {
        "org": {"zh": ["稳固脚手架租赁", "恒架建材租赁"], "en": ["Northgate Scaffold Hire", "Apex Access Scaffolding"],
                "mixed": ["稳固 Scaffold Hire", "Apex 脚手架"]},
        "labels": {"zh": [("业务员", "客户"), ("调度", "工长")], "en": [("Hire desk", "Contractor"), ("Yard", "Site manager")],
                   "mixed": [("业务员", "Contractor")]},
        "open": {"zh": ["{org}，您好，租架子还是退架子？", "您好，这里是{org}，请讲。", "{org}调度，您好。"],
                 "en": ["{org}, hire desk, Phil speaking.", "Morning, {org}. What can we do for you?", "{org} yard office, go ahead."],
                 "mixed": ["{org}，您好，是 hire 还是 return？", "Hi，{org} 调度，请讲。"]},
        "reason": {"zh": ["我们工地要加{qty}米的钢管，还有扣件，{date}能送到吗？",
                          "上回租的那批架子想续租两周，合同快到期了。",
                          "外墙刷完了，想约{date}上午来拆架子拉回去。",
                          "你们上次送来的踏板少了{qty}块，现场对不上数。"],
                   "en": ["We need another {qty} tubes and a box of couplers on site by {date}, if you can.",
                          "I'd like to extend the hire on the tower we took out, another fortnight probably.",
                          "The render's done, so can we book a strike and collection for {date}?",
                          "Your delivery was short by {qty} boards. The driver's docket says otherwise."],
                   "mixed": ["工地要加 {qty} 根 tube，还有 couplers，{date} 能 deliver 吗？",
                             "那个 tower 想 extend 两个礼拜。",
                             "外墙弄完了，{date} 能来 strike 吗？"]},
        "reply": {"zh": ["可以，{date}有车，运费{amt}。", "续租没问题，日租金还是按{amt}一天算。", "好，我先查一下库存。"],
                  "en": ["We can do that. Delivery's {amt} on top.", "Extension's fine, same daily rate of {amt}.", "Let me check stock first."],
                  "mixed": ["可以，{date} 有 truck，delivery 费 {amt}。", "extend 没问题，rate 不变。"]},
        "chat": {"zh": [[("A", "工地在哪儿？车进得去吗？"), ("C", "开发区那边，门口限高，小货车能进。")],
                        [("A", "要不要安全网？"), ("C", "要，按{qty}平米配。")],
                        [("A", "现场有人签收吧？"), ("C", "有，我们工长{time}以后都在。")]],
                 "en": [[("A", "Is there access for a flatbed on site?"), ("C", "Through the side gate. Mind the height barrier.")],
                        [("A", "Do you need netting with that?"), ("C", "Yes, about {qty} square metres.")],
                        [("A", "Someone on site to sign for it?"), ("C", "Foreman's there from {time}.")]],
                 "mixed": [[("A", "site 在哪里？truck 进得去吗？"), ("C", "side gate 可以进，有 height barrier。")],
                           [("A", "要 netting 吗？"), ("C", "要，大概 {qty} 平米。")]]},
        "why": {"zh": ["司机到了会直接打给现场的人，", "合同上要留联系人信息，"],
                "en": ["The driver calls ahead before he arrives, so ", "It's for the hire agreement. "],
                "mixed": ["driver 到之前会 call，", "hire agreement 要填，"]},
        "wrap": {"zh": [[("A", "那就{date}上午送，送货单号到时候短信发您。"), ("C", "行。")],
                        [("A", "押金{amt}，退架子验收完退。"), ("C", "明白。")]],
                 "en": [[("A", "Right, delivery {date} before {time}. You'll get the docket by text."), ("C", "Cheers.")],
                        [("A", "Deposit's {amt}, refunded when it's all back and checked."), ("C", "Understood.")]],
                 "mixed": [[("A", "{date} 早上 deliver，docket 会 text 给你。"), ("C", "OK。")],
                           [("A", "deposit {amt}，验收完 refund。"), ("C", "明白。")]]},
        "ref": {"zh": ["送货单号", "租赁合同编号", "出库单号"], "en": ["delivery docket number", "hire contract reference", "yard ticket number"],
                "mixed": ["docket number", "合同 reference"]},
        "member": {"zh": ["施工单位客户编号"], "en": ["trade account number"], "mixed": ["trade account 号"]},
    },
    "school-uniform": {
        "org": {"zh": ["启明校服", "育才校服供应中心"], "en": ["Bramble & Co School Outfitters", "Crestline Uniforms"],
                "mixed": ["启明 School Uniform", "Crestline 校服"]},
        "labels": {"zh": [("客服", "家长"), ("校服中心", "家长")], "en": [("Shop", "Parent"), ("Orders", "Parent")],
                   "mixed": [("客服", "Parent")]},
        "open": {"zh": ["您好，{org}，请问孩子是哪个学校的？", "{org}，您好，我是客服小周。", "您好，{org}订购热线。"],
                 "en": ["Hello, {org}, Priya speaking.", "{org}, good afternoon.", "Thanks for calling {org}, how can I help?"],
                 "mixed": ["您好，{org}，是要 order 校服吗？", "Hi，{org}，请问有什么可以帮您？"]},
        "reason": {"zh": ["孩子的冬季校服尺码订小了，想换大一号。", "开学前要订{qty}套夏装，{date}之前能到吗？",
                          "上周订的运动服少发了一条裤子。", "学校说{date}统一量体，我们那天去不了，能不能单独量？"],
                   "en": ["The blazer we ordered is too small, can we swap it for the next size up?",
                          "I need {qty} polo shirts before term starts on {date}.", "We're missing a PE skirt from the last order.",
                          "We missed the fitting day on {date}; can we come in separately?"],
                   "mixed": ["孩子的 blazer 太小了，想换 bigger size。", "要订 {qty} 件 polo，{date} 前能到吗？",
                             "上次 order 少了一条 PE shorts。"]},
        "reply": {"zh": ["可以换，吊牌别剪就行。", "现货有，{date}能发出。", "我帮您查一下订单。"],
                  "en": ["No problem, as long as the tags are still on.", "We have those in stock; they'd go out {date}.", "Let me pull up the order."],
                  "mixed": ["可以 exchange，tag 别剪。", "有 stock，{date} 可以 ship。"]},
        "chat": {"zh": [[("A", "孩子身高多少？"), ("C", "一米三几吧，偏瘦。")], [("A", "是哪个年级？"), ("C", "{n}年级，今年刚转学过来。")],
                        [("A", "要不要绣名字？绣一个{amt}。"), ("C", "绣吧，省得丢。")]],
                 "en": [[("A", "What year is your son going into?"), ("C", "Year {n}. He's shot up over the summer.")],
                        [("A", "Would you like name tapes? They're {amt} for a pack."), ("C", "Go on then, he loses everything.")],
                        [("A", "Is it the crest with the gold trim?"), ("C", "That's the one, the senior school crest.")]],
                 "mixed": [[("A", "孩子 height 多少？"), ("C", "一米四左右，比较 slim。")],
                           [("A", "要 name tapes 吗？{amt} 一包。"), ("C", "要，他老是丢东西。")]]},
        "why": {"zh": ["快递员送货会打电话，", "到货我们短信通知，"], "en": ["The courier texts on the day, so ", "We'll text when it's ready to collect. "],
                "mixed": ["courier 会 call，", "到货会 text 你，"]},
        "wrap": {"zh": [[("A", "换货单我开好了，{date}之前寄回来就行。"), ("C", "好的。")],
                        [("A", "运费{samt}，满两百包邮。"), ("C", "那我凑一凑。")]],
                 "en": [[("A", "I've raised the exchange; just post it back by {date}."), ("C", "Will do.")],
                        [("A", "Delivery's {samt}, free over a hundred."), ("C", "I'll add some socks then.")]],
                 "mixed": [[("A", "exchange 开好了，{date} 前寄回来。"), ("C", "OK。")]]},
        "ref": {"zh": ["订单编号", "物流单号", "换货单号"], "en": ["order reference", "parcel tracking number", "exchange reference"],
                "mixed": ["order number", "tracking number"]},
        "member": {"zh": ["学生学籍号"], "en": ["pupil account number"], "mixed": ["student account 号"]},
    },
    "beekeeping-supply": {
        "org": {"zh": ["百花蜂具", "蜂之源养蜂器材"], "en": ["Hivecraft Beekeeping Supplies", "Goldcomb Apiary Store"],
                "mixed": ["Hivecraft 蜂具", "蜂之源 Apiary"]},
        "labels": {"zh": [("客服", "蜂农"), ("销售", "客户")], "en": [("Sales", "Beekeeper"), ("Support", "Customer")],
                   "mixed": [("客服", "Beekeeper")]},
        "open": {"zh": ["您好，{org}，请问要订什么？", "{org}客服，您好。"],
                 "en": ["{org}, good morning, Tom here.", "Hello, {org}. How can I help?"],
                 "mixed": ["您好，{org}，要 order 什么？", "Hi，{org} 客服。"]},
        "reason": {"zh": ["我要订{qty}个巢框和一台摇蜜机，{date}前要用。", "上次买的蜂王到了就死了，想问能不能补发。",
                          "防护服拉链坏了，刚买不到一个月。", "想咨询一下越冬用的保温箱，{qty}箱蜂够不够。"],
                   "en": ["I'd like {qty} frames and a two-frame extractor, ideally before {date}.",
                          "The queen you posted arrived dead, I'm afraid.", "The zip's gone on the bee suit I bought last month.",
                          "I'm after a hive wrap for winter; I've got {qty} colonies."],
                   "mixed": ["我要 order {qty} 个 frames，还有 extractor。", "上次寄的 queen 到了就死了。", "bee suit 的 zip 坏了。"]},
        "reply": {"zh": ["可以补发，您拍个照片发我们。", "巢框现货，摇蜜机要{date}才到货。", "好的，我看下库存。"],
                  "en": ["We'll replace it; send us a photo if you can.", "Frames are in stock, the extractor lands on {date}.", "Let me check what we've got."],
                  "mixed": ["可以 replace，发个 photo 给我们。", "frames 有 stock，extractor {date} 到。"]},
        "chat": {"zh": [[("A", "蜂场在哪个县？"), ("C", "山里，快递只能到镇上。")], [("A", "是中蜂还是意蜂？"), ("C", "中蜂，{qty}箱。")],
                        [("A", "今年流蜜怎么样？"), ("C", "油菜花那阵还行，摇了{qty}斤。")]],
                 "en": [[("A", "How many hives are you running?"), ("C", "Just {qty} at the allotment.")],
                        [("A", "Was the cage still sealed when it arrived?"), ("C", "Sealed, but the attendants were dead too.")],
                        [("A", "Do you want foundation sheets with those?"), ("C", "Yes, wired please.")]],
                 "mixed": [[("A", "你有几个 hives？"), ("C", "{qty} 箱，在山上。")],
                           [("A", "要 foundation 吗？"), ("C", "要 wired 的。")]]},
        "why": {"zh": ["活蜂快递要电话联系，", "发货后会短信通知，"], "en": ["Live bees go by courier who'll ring first, so ", "It's for dispatch updates. "],
                "mixed": ["live bees 快递会 call，", "dispatch 会 text 你，"]},
        "wrap": {"zh": [[("A", "补发的蜂王{date}寄出，三天左右到。"), ("C", "好，谢谢。")],
                        [("A", "一共{amt}，含运费。"), ("C", "行。")]],
                 "en": [[("A", "The replacement queen goes out {date}, should be with you in a couple of days."), ("C", "Thanks.")],
                        [("A", "That comes to {amt} including postage."), ("C", "Fine.")]],
                 "mixed": [[("A", "replacement {date} 寄出。"), ("C", "OK，thanks。")]]},
        "ref": {"zh": ["快递单号", "批次号", "质检单编号"], "en": ["tracking number", "batch number on the jar", "dispatch reference"],
                "mixed": ["tracking number", "batch 号"]},
        "member": {"zh": ["蜂农协会会员号"], "en": ["association member number"], "mixed": ["association 会员号"]},
    },
    "tailoring": {
        "org": {"zh": ["锦衣裁缝铺", "量体定制工作室"], "en": ["Saville Lane Tailors", "Stitch & Measure"],
                "mixed": ["锦衣 Tailors", "Stitch 定制"]},
        "labels": {"zh": [("店员", "顾客"), ("裁缝店", "客人")], "en": [("Shop", "Client"), ("Fitter", "Customer")],
                   "mixed": [("店员", "Client")]},
        "open": {"zh": ["您好，{org}。", "{org}，您好，改衣服还是定做？"], "en": ["{org}, hello.", "Good afternoon, {org}, Hugo speaking."],
                 "mixed": ["您好，{org}，alteration 还是 bespoke？", "Hi，{org}。"]},
        "reason": {"zh": ["我{date}送过去一条西裤改裤长，想问好了没有。", "想定做一套婚礼穿的西装，{date}之前要。",
                          "上次改的袖子长短不一样，想再来调一下。", "大衣内衬破了，能换吗？"],
                   "en": ["I dropped off trousers for hemming on {date}; are they ready?", "I need a suit made for a wedding on {date}.",
                          "The sleeves you took up are uneven, I'm afraid.", "Can you replace a coat lining?"],
                   "mixed": ["我 {date} 送去改的 trousers 好了吗？", "想做一套 wedding suit，{date} 之前要。", "袖子改得不一样长。"]},
        "reply": {"zh": ["我查一下取衣单。", "定做一般要{qty}天，来得及。", "不好意思，您拿过来我们免费返工。"],
                  "en": ["Let me find the ticket.", "Bespoke is about {qty} days, so that works.", "Sorry about that, bring it in and we'll redo it."],
                  "mixed": ["我查一下 ticket。", "bespoke 大概 {qty} 天，来得及。"]},
        "chat": {"zh": [[("A", "面料选好了吗？"), ("C", "想要深灰的羊毛，不要太亮。")], [("A", "要几次试身？"), ("C", "两次吧，我{date}有空。")],
                        [("A", "改裤长是{amt}，收腰另算。"), ("C", "可以。")]],
                 "en": [[("A", "Have you chosen a cloth?"), ("C", "Something charcoal, wool, not too shiny.")],
                        [("A", "Two fittings normally. Are you free {date}?"), ("C", "After {time}, yes.")],
                        [("A", "Hemming is {amt}, taking in the waist is extra."), ("C", "Fine.")]],
                 "mixed": [[("A", "fabric 选好了吗？"), ("C", "想要 charcoal 的 wool。")], [("A", "fitting 要两次。"), ("C", "{date} 我 free。")]]},
        "why": {"zh": ["衣服好了我们打电话通知，", "预约试身要留联系方式，"], "en": ["We ring when it's ready, so ", "We need it for the fitting. "],
                "mixed": ["好了会 call 你，", "fitting 要留 contact，"]},
        "wrap": {"zh": [[("A", "那{date}{time}来试身。"), ("C", "好。")], [("A", "定金{amt}，取衣付尾款。"), ("C", "明白。")]],
                 "en": [[("A", "First fitting {date} at {time}, then."), ("C", "Lovely.")],
                        [("A", "Deposit's {amt}, balance on collection."), ("C", "Okay.")]],
                 "mixed": [[("A", "{date} {time} 来 fitting。"), ("C", "OK。")]]},
        "ref": {"zh": ["取衣单号", "面料批号"], "en": ["ticket number", "cloth bolt number"], "mixed": ["ticket 号", "fabric batch number"]},
        "member": {"zh": ["贵宾卡会员号"], "en": ["loyalty account number"], "mixed": ["VIP 会员号"]},
    },
    "drain-clearing": {
        "org": {"zh": ["通达管道疏通", "快通下水道服务"], "en": ["FlowRight Drain Services", "ClearPath Drainage"],
                "mixed": ["通达 Drain Services", "ClearPath 疏通"]},
        "labels": {"zh": [("调度", "住户"), ("客服", "业主")], "en": [("Dispatch", "Resident"), ("Control", "Caller")],
                   "mixed": [("调度", "Resident")]},
        "open": {"zh": ["{org}，您好，哪里堵了？", "您好，{org}，请说。"], "en": ["{org}, what's the problem?", "{org}, dispatch, go ahead."],
                 "mixed": ["{org}，您好，哪里 blocked？", "Hi，{org} dispatch。"]},
        "reason": {"zh": ["厨房下水道堵了，水都漫出来了，能不能今天来？", "楼下化粪池冒水，整个单元都有味儿。",
                          "上次{date}通过的卫生间又堵了。", "想约一个管道内窥检测，房子要卖。"],
                   "en": ["The kitchen sink's backed up and it's coming out the floor trap.", "There's sewage coming up in the yard.",
                          "You cleared our toilet on {date} and it's blocked again.", "I'd like a CCTV drain survey, we're selling."],
                   "mixed": ["厨房 sink 堵了，水漫出来了。", "上次 {date} 通的 toilet 又堵了。", "想做个 CCTV survey，房子要卖。"]},
        "reply": {"zh": ["今天{time}之后有师傅。", "上门费{amt}，疏通不了不收钱。", "返修的话免费。"],
                  "en": ["We can have someone there after {time}.", "Call-out's {amt}, no fix no fee.", "A return visit's free of charge."],
                  "mixed": ["今天 {time} 之后有师傅。", "call-out {amt}，no fix no fee。"]},
        "chat": {"zh": [[("A", "是老小区吗？管子是铸铁的还是PVC？"), ("C", "九十年代的楼，应该是铸铁。")],
                        [("A", "小区有门禁吗？"), ("C", "有，到了按{fl}楼。")], [("A", "堵了多久了？"), ("C", "昨天晚上开始。")]],
                 "en": [[("A", "Is it a shared drain or just yours?"), ("C", "I think it's shared with next door.")],
                        [("A", "Any access issues? Gates, dogs?"), ("C", "Side gate's unlocked. The dog's friendly.")],
                        [("A", "How long has it been like this?"), ("C", "Since last night.")]],
                 "mixed": [[("A", "是 shared drain 吗？"), ("C", "应该跟隔壁 shared。")], [("A", "有 gate 吗？"), ("C", "side gate 没锁。")]]},
        "why": {"zh": ["师傅出发前会打给您，", "出工单要留电话，"], "en": ["The engineer phones when he's twenty minutes out, so ", "It goes on the job sheet. "],
                "mixed": ["engineer 出发会 call，", "job sheet 要填，"]},
        "wrap": {"zh": [[("A", "好，师傅大概{time}到。"), ("C", "好的，我在家等。")], [("A", "检测报告{date}发您。"), ("C", "好。")]],
                 "en": [[("A", "He should be with you by {time}."), ("C", "Great.")], [("A", "You'll have the survey report by {date}."), ("C", "Thanks.")]],
                 "mixed": [[("A", "师傅大概 {time} 到。"), ("C", "OK。")]]},
        "ref": {"zh": ["工单号", "检测报告编号"], "en": ["job number", "survey report reference"], "mixed": ["job number", "report 编号"]},
        "member": {"zh": ["物业报修账户号"], "en": ["landlord account number"], "mixed": ["landlord account 号"]},
    },
    "window-glazing": {
        "org": {"zh": ["明窗门窗玻璃", "透亮玻璃安装"], "en": ["Clearview Glazing", "Brightpane Windows"],
                "mixed": ["明窗 Glazing", "Brightpane 门窗"]},
        "labels": {"zh": [("客服", "业主"), ("测量预约", "客户")], "en": [("Office", "Homeowner"), ("Sales", "Customer")],
                   "mixed": [("客服", "Homeowner")]},
        "open": {"zh": ["您好，{org}。", "{org}，您好，是换玻璃还是装窗？"], "en": ["{org}, Sarah speaking.", "Good morning, {org}."],
                 "mixed": ["您好，{org}，repair 还是 new windows？", "Hi，{org}。"]},
        "reason": {"zh": ["阳台的中空玻璃起雾了，想换。", "想约个师傅{date}来量一下尺寸，全屋换断桥铝。",
                          "孩子把卧室窗玻璃打碎了，能不能尽快来？", "上次装的窗户关不严，漏风。"],
                   "en": ["One of our double-glazed units has misted up.", "Could someone measure up on {date}? We want all the windows replaced.",
                          "The kids have put a ball through the bedroom window.", "The window you fitted doesn't close properly."],
                   "mixed": ["阳台的 double glazing 起雾了。", "想约 {date} 来 measure，全屋换窗。", "窗户关不严，有 draught。"]},
        "reply": {"zh": ["可以，量尺免费。", "玻璃单换的话大概{amt}一平。", "先临时封一下，{date}装新的。"],
                  "en": ["Measuring is free.", "A single unit is roughly {amt}.", "We'll board it today and glaze on {date}."],
                  "mixed": ["measure 免费。", "单换 unit 大概 {amt}。"]},
        "chat": {"zh": [[("A", "几扇窗？"), ("C", "{qty}扇，客厅那个最大。")], [("A", "住几楼？要吊装吗？"), ("C", "{fl}楼，应该不用。")],
                        [("A", "要不要加纱窗？"), ("C", "加吧，夏天蚊子多。")]],
                 "en": [[("A", "How many windows are we talking?"), ("C", "{qty}, plus the back door.")],
                        [("A", "Which floor?"), ("C", "Ground and first.")], [("A", "Any preference on frame colour?"), ("C", "Anthracite grey.")]],
                 "mixed": [[("A", "几扇 windows？"), ("C", "{qty} 扇。")], [("A", "frame 要什么颜色？"), ("C", "grey。")]]},
        "why": {"zh": ["测量师傅上门前会联系您，", "报价单发短信，"], "en": ["The surveyor rings beforehand, so ", "We text the quote over. "],
                "mixed": ["surveyor 会 call 你，", "quote 会 text 过去，"]},
        "wrap": {"zh": [[("A", "那{date}{time}上门测量。"), ("C", "好。")], [("A", "定金{amt}。"), ("C", "行。")]],
                 "en": [[("A", "Survey {date}, {time}."), ("C", "Great.")], [("A", "Deposit's {amt} when you accept the quote."), ("C", "Okay.")]],
                 "mixed": [[("A", "{date} {time} 来 measure。"), ("C", "好。")]]},
        "ref": {"zh": ["报价单号", "玻璃批次编号"], "en": ["quote reference", "unit serial on the spacer bar"], "mixed": ["quote number", "serial 号"]},
        "member": {"zh": ["质保卡编号"], "en": ["guarantee account number"], "mixed": ["guarantee 号"]},
    },
    "badminton-courts": {
        "org": {"zh": ["飞羽羽毛球馆", "超越羽毛球中心"], "en": ["Shuttle Point Badminton Centre", "Smash Hall Courts"],
                "mixed": ["飞羽 Badminton", "Smash Hall 球馆"]},
        "labels": {"zh": [("前台", "会员"), ("订场", "客户")], "en": [("Desk", "Member"), ("Reception", "Caller")],
                   "mixed": [("前台", "Member")]},
        "open": {"zh": ["飞羽前台，您好。", "您好，{org}，订场吗？"], "en": ["{org}, reception.", "Hi, {org}, how can I help?"],
                 "mixed": ["您好，{org}，要 book court 吗？", "Hi，{org} 前台。"]},
        "reason": {"zh": ["想订{date}晚上的场，{n}个人打双打。", "我的月卡想续一下。", "周末的培训班还有名额吗？孩子{n}岁。",
                          "昨天落了一个球拍在{fl}号场。"],
                   "en": ["I'd like a court for {date} evening, doubles.", "I want to renew my monthly pass.",
                          "Any spaces left in the Saturday junior session?", "I left a racket on court {fl} last night."],
                   "mixed": ["想 book {date} 晚上的 court，打 doubles。", "月卡想 renew。", "昨天球拍落在 {fl} 号 court 了。"]},
        "reply": {"zh": ["{time}到{time}有空场，一小时{amt}。", "续卡{amt}一个月。", "有的，前台帮您收着呢。"],
                  "en": ["We've got {time} free, {amt} an hour.", "Renewal is {amt} a month.", "Yes, it's behind the desk."],
                  "mixed": ["{time} 有空 court，{amt} 一小时。", "renew 是 {amt} 一个月。"]},
        "chat": {"zh": [[("A", "要租球拍吗？"), ("C", "不用，自己带。")], [("A", "要买球吗？一筒{samt}。"), ("C", "来一筒。")],
                        [("A", "停车场在B{fl}。"), ("C", "好的。")]],
                 "en": [[("A", "Racket hire?"), ("C", "No thanks, we've got our own.")], [("A", "Tube of shuttles is {samt}."), ("C", "Add one, please.")],
                        [("A", "Parking's on level {fl}."), ("C", "Great.")]],
                 "mixed": [[("A", "要租 racket 吗？"), ("C", "不用。")], [("A", "shuttles 一筒 {samt}。"), ("C", "来一筒。")]]},
        "why": {"zh": ["订场要留会员电话，", "有变动我们短信通知，"], "en": ["Bookings go under a phone number, so ", "We text if a court's cancelled. "],
                "mixed": ["booking 要留 number，", "有 change 会 text 你，"]},
        "wrap": {"zh": [[("A", "给您订好了，{date}{time}，{fl}号场。"), ("C", "好嘞。")], [("A", "提前{qty}分钟到前台签到。"), ("C", "知道了。")]],
                 "en": [[("A", "You're booked, {date} at {time}, court {fl}."), ("C", "Cheers.")],
                        [("A", "Check in at the desk ten minutes before."), ("C", "Will do.")]],
                 "mixed": [[("A", "booked 了，{date} {time}，{fl} 号 court。"), ("C", "好。")]]},
        "ref": {"zh": ["订场流水号", "储物柜编号"], "en": ["booking reference", "locker tag number"], "mixed": ["booking reference", "locker 号"]},
        "member": {"zh": ["会员卡号"], "en": ["membership number"], "mixed": ["membership number"]},
    },
    "picture-framing": {
        "org": {"zh": ["墨韵装裱", "雅集画框工作室"], "en": ["Gilt Edge Framing", "The Frame Workshop"],
                "mixed": ["墨韵 Framing", "Gilt Edge 装裱"]},
        "labels": {"zh": [("店员", "顾客"), ("装裱部", "客户")], "en": [("Studio", "Customer"), ("Framer", "Client")],
                   "mixed": [("店员", "Customer")]},
        "open": {"zh": ["您好，{org}。", "{org}，您好，请讲。"], "en": ["{org}, good afternoon.", "Hello, {org}, Leo here."],
                 "mixed": ["您好，{org}，要 frame 什么？", "Hi，{org}。"]},
        "reason": {"zh": ["我有一幅字要装裱，大概四尺整张。", "上周送去裱的画好了吗？", "想给毕业证做个框，{date}要送人。", "画框玻璃碎了。"],
                   "en": ["I've got a watercolour I'd like framed, about A2.", "Is the print I dropped off on {date} ready?",
                          "I need a frame for a certificate by {date}; it's a gift.", "The glass in a frame you did has cracked."],
                   "mixed": ["有一幅 watercolour 想 frame，大概 A2。", "{date} 送去的 print 好了吗？", "frame 的玻璃碎了。"]},
        "reply": {"zh": ["可以，立轴还是镜框？", "我看一下取件单。", "换玻璃{amt}。"],
                  "en": ["Of course. Any thoughts on moulding?", "Let me look for your ticket.", "Replacement glass is {amt}."],
                  "mixed": ["可以，想要什么 moulding？", "我查一下 ticket。"]},
        "chat": {"zh": [[("A", "要不要加卡纸？"), ("C", "加，米白的。")], [("A", "用普通玻璃还是防反光的？"), ("C", "防反光的贵多少？"), ("A", "贵{amt}。")],
                        [("A", "多久要？"), ("C", "{date}前。")]],
                 "en": [[("A", "Would you like a mount?"), ("C", "Yes, off-white.")],
                        [("A", "Standard glass or anti-reflective?"), ("C", "How much more is the anti-reflective?"), ("A", "About {amt}.")],
                        [("A", "When do you need it?"), ("C", "Before {date} ideally.")]],
                 "mixed": [[("A", "要 mount 吗？"), ("C", "要，off-white。")], [("A", "anti-reflective 玻璃贵 {amt}。"), ("C", "OK，用那个。")]]},
        "why": {"zh": ["裱好了打电话叫您来取，", "取件要核对电话，"], "en": ["We'll ring when it's ready, so ", "Collection goes by phone number. "],
                "mixed": ["好了会 call 你，", "collection 要对 number，"]},
        "wrap": {"zh": [[("A", "大概{qty}天，{date}可以取。"), ("C", "好。")], [("A", "一共{amt}，取件时付。"), ("C", "行。")]],
                 "en": [[("A", "About {qty} days, so ready {date}."), ("C", "Lovely.")], [("A", "That's {amt}, pay on collection."), ("C", "Fine.")]],
                 "mixed": [[("A", "大概 {qty} 天，{date} 可以 collect。"), ("C", "OK。")]]},
        "ref": {"zh": ["取件单号", "作品登记编号"], "en": ["ticket number", "artwork inventory number"], "mixed": ["ticket 号", "inventory number"]},
        "member": {"zh": ["画廊会员号"], "en": ["gallery friends number"], "mixed": ["gallery 会员号"]},
    },
    "tree-nursery": {
        "org": {"zh": ["青禾苗圃", "绿荫花木基地"], "en": ["Oakfield Tree Nursery", "Greenbough Plants by Post"],
                "mixed": ["青禾 Nursery", "Greenbough 苗圃"]},
        "labels": {"zh": [("客服", "买家"), ("苗圃", "客户")], "en": [("Orders", "Customer"), ("Nursery", "Gardener")],
                   "mixed": [("客服", "Customer")]},
        "open": {"zh": ["您好，{org}。", "{org}客服，您好。"], "en": ["{org}, orders desk.", "Good morning, {org}."],
                 "mixed": ["您好，{org}，要 order 苗木吗？", "Hi，{org} 客服。"]},
        "reason": {"zh": ["想订{qty}棵桂花，胸径八公分左右的。", "上次寄来的樱花苗有一棵是死的。", "我要的果树苗{date}能发吗？",
                          "院子想种一排绿篱，问问要多少棵。"],
                   "en": ["I'd like {qty} bare-root apple trees.", "One of the cherry whips you sent arrived dead.",
                          "Can my fruit trees ship by {date}?", "I want a hedge along the back fence; how many plants would I need?"],
                   "mixed": ["想 order {qty} 棵 apple trees，bare-root 的。", "寄来的 cherry 苗有一棵死了。", "{date} 能 ship 吗？"]},
        "reply": {"zh": ["可以补发，麻烦拍个照。", "一棵{amt}，十棵以上打九折。", "裸根苗{date}开始发。"],
                  "en": ["We'll replace it; a photo would help.", "They're {amt} each, ten percent off over ten.", "Bare-root season starts {date}."],
                  "mixed": ["可以 replace，拍个 photo。", "一棵 {amt}。"]},
        "chat": {"zh": [[("A", "种在哪儿？土壤偏酸吗？"), ("C", "院子里，黄土。")], [("A", "要不要配营养土？"), ("C", "要{qty}袋。")],
                        [("A", "收货地址能进货车吗？"), ("C", "村口要转小车。")]],
                 "en": [[("A", "What's the soil like?"), ("C", "Heavy clay, I'm afraid.")], [("A", "Want stakes and ties with them?"), ("C", "Yes please.")],
                        [("A", "Can a van get down your lane?"), ("C", "Just about.")]],
                 "mixed": [[("A", "soil 是什么样的？"), ("C", "clay，比较黏。")], [("A", "要 stakes 吗？"), ("C", "要。")]]},
        "why": {"zh": ["物流到了会打电话，", "发货通知走短信，"], "en": ["The haulier phones before delivery, so ", "Dispatch notes go by text. "],
                "mixed": ["物流会 call 你，", "dispatch 会 text，"]},
        "wrap": {"zh": [[("A", "{date}发货，大概{qty}天到。"), ("C", "好。")], [("A", "运费{amt}。"), ("C", "可以。")]],
                 "en": [[("A", "Dispatch {date}; allow a few days."), ("C", "Perfect.")], [("A", "Carriage is {amt}."), ("C", "Fine.")]],
                 "mixed": [[("A", "{date} ship，几天到。"), ("C", "OK。")]]},
        "ref": {"zh": ["物流单号", "检疫证编号"], "en": ["consignment tracking number", "plant passport number"], "mixed": ["tracking number", "plant passport 号"]},
        "member": {"zh": ["园艺俱乐部会员号"], "en": ["garden club number"], "mixed": ["garden club 号"]},
    },
    "tyre-fitting": {
        "org": {"zh": ["驰安轮胎服务", "快换轮胎中心"], "en": ["Roadgrip Tyre Centre", "QuickFit Tyres"],
                "mixed": ["驰安 Tyres", "QuickFit 轮胎"]},
        "labels": {"zh": [("服务顾问", "车主"), ("客服", "客户")], "en": [("Service desk", "Driver"), ("Advisor", "Customer")],
                   "mixed": [("服务顾问", "Driver")]},
        "open": {"zh": ["您好，{org}。", "{org}，您好，换胎还是补胎？"], "en": ["{org}, good morning.", "{org}, Jay speaking."],
                 "mixed": ["您好，{org}，换 tyre 吗？", "Hi，{org}。"]},
        "reason": {"zh": ["我想换{n}条胎，225/45 R17的。", "左前胎扎了个钉子，能补吗？", "上次做的四轮定位，方向还是偏。", "想预约{date}换雪地胎。"],
                   "en": ["I need {n} new tyres, 205/55 R16.", "I've picked up a nail in the front left.",
                          "The alignment you did still pulls to the left.", "Can I book winter tyres on for {date}?"],
                   "mixed": ["想换 {n} 条 tyres，205/55 R16。", "前胎扎钉了，能 repair 吗？", "alignment 做完还是跑偏。"]},
        "reply": {"zh": ["有货，一条{amt}含安装。", "补胎{amt}，十分钟。", "您开过来我们免费复查。"],
                  "en": ["We've got those, {amt} each fitted.", "A puncture repair's {amt}, about twenty minutes.", "Bring it back and we'll recheck it free."],
                  "mixed": ["有 stock，{amt} 一条含 fitting。", "repair {amt}。"]},
        "chat": {"zh": [[("A", "车牌号多少？"), ("C", "沪A，后面我看一下……")], [("A", "要不要做动平衡？"), ("C", "做吧。")],
                        [("A", "旧胎我们回收？"), ("C", "你们处理吧。")]],
                 "en": [[("A", "What's the car?"), ("C", "A silver estate, about {n} years old.")], [("A", "Want them balanced too?"), ("C", "Yes please.")],
                        [("A", "Shall we dispose of the old ones?"), ("C", "Please.")]],
                 "mixed": [[("A", "要做 balancing 吗？"), ("C", "做。")], [("A", "旧 tyres 我们回收？"), ("C", "OK。")]]},
        "why": {"zh": ["车好了会打电话，", "预约要留车主电话，"], "en": ["We ring when the car's ready, so ", "Bookings go against a phone number. "],
                "mixed": ["车好了会 call 你，", "booking 要留 number，"]},
        "wrap": {"zh": [[("A", "{date}{time}到店，大概一小时。"), ("C", "好。")], [("A", "一共{amt}。"), ("C", "行。")]],
                 "en": [[("A", "See you {date} at {time}, it takes about an hour."), ("C", "Great.")], [("A", "Total {amt}."), ("C", "Okay.")]],
                 "mixed": [[("A", "{date} {time} 到店。"), ("C", "OK。")]]},
        "ref": {"zh": ["轮胎DOT码", "工单编号"], "en": ["DOT code on the sidewall", "work order number"], "mixed": ["DOT code", "work order 号"]},
        "member": {"zh": ["保养套餐编号"], "en": ["service plan number"], "mixed": ["service plan 号"]},
    },
    "stamp-auction": {
        "org": {"zh": ["华邮邮币拍卖", "嘉藏拍卖行"], "en": ["Penny Black Auctions", "Hallmark Stamp & Coin"],
                "mixed": ["华邮 Auctions", "Hallmark 拍卖"]},
        "labels": {"zh": [("拍卖行", "委托人"), ("客服", "藏家")], "en": [("Auction house", "Consignor"), ("Client services", "Bidder")],
                   "mixed": [("客服", "Bidder")]},
        "open": {"zh": ["您好，{org}。", "{org}客户服务，您好。"], "en": ["{org}, client services.", "Good afternoon, {org}."],
                 "mixed": ["您好，{org}，是 consign 还是 bid？", "Hi，{org}。"]},
        "reason": {"zh": ["我有一批老邮票想委托拍卖，都是八十年代的。", "{date}那场我拍到了{qty}个拍品，想问怎么付款。",
                          "想登记电话委托竞拍，{date}的专场。", "寄过去的纪念币收到了吗？"],
                   "en": ["I'd like to consign a collection of early definitives.", "I won {qty} lots on {date}; how do I pay?",
                          "Can I register to bid by phone on {date}?", "Did the coins I posted arrive safely?"],
                   "mixed": ["想 consign 一批老邮票。", "{date} 那场拍到 {qty} 个 lots，怎么 pay？", "想登记 phone bidding。"]},
        "reply": {"zh": ["可以，佣金是成交价的百分之{qty}。", "收到了，正在鉴定。", "电话委托要先登记身份。"],
                  "en": ["Certainly, commission is {qty} percent.", "They've arrived, they're with the valuer.", "Phone bidders need to register first."],
                  "mixed": ["可以，commission 是 {qty}%。", "收到了，在 valuation。"]},
        "chat": {"zh": [[("A", "有没有评级？"), ("C", "有几张做过评级。")], [("A", "估价大概多少？"), ("C", "我自己估{amt}左右。")],
                        [("A", "拍品要不要拍照上图录？"), ("C", "要的。")]],
                 "en": [[("A", "Are any of them graded?"), ("C", "A few, yes.")], [("A", "Any idea of value?"), ("C", "I'd guess around {amt}.")],
                        [("A", "Would you like them in the printed catalogue?"), ("C", "Yes please.")]],
                 "mixed": [[("A", "有 graded 的吗？"), ("C", "有几张。")], [("A", "estimate 多少？"), ("C", "大概 {amt}。")]]},
        "why": {"zh": ["竞拍时我们会打这个电话，", "结算单要发短信，"], "en": ["On sale day we'll call you on this number, so ", "It's for the settlement statement. "],
                "mixed": ["拍卖当天会 call 你，", "settlement 会 text，"]},
        "wrap": {"zh": [[("A", "{date}{time}开拍，提前十分钟给您打电话。"), ("C", "好。")], [("A", "成交款{date}后结算。"), ("C", "明白。")]],
                 "en": [[("A", "The sale starts {date} at {time}; we'll ring ten minutes before your lots."), ("C", "Great.")],
                        [("A", "Settlement follows {date}."), ("C", "Understood.")]],
                 "mixed": [[("A", "{date} {time} 开拍，会提前 call 你。"), ("C", "OK。")]]},
        "ref": {"zh": ["拍品编号", "鉴定证书编号", "委托收据号"], "en": ["lot reference", "certificate number", "consignment receipt number"],
                "mixed": ["lot number", "certificate 号"]},
        "member": {"zh": ["竞买号牌"], "en": ["bidder account number"], "mixed": ["bidder 号"]},
    },
}
DOMAIN_KEYS = list(DOMAINS)


# ============================================================================================
# Building blocks of a call
# ============================================================================================

def L(ctx, zh, en, mixed):
    return ctx.fill(ctx.rng.choice({"zh": zh, "en": en, "mixed": mixed}[ctx.lang]))


def kw(ctx, kind):
    return ctx.rng.choice(KIND_WORD[ctx.lang][kind])


LEAD_NEAR_T = {
    "zh": ["订单{code}，{kw}是", "我{date}约的，{kw}是", "上次付了{amt}那单，{kw}是", "{time}那个预约，留的{kw}是"],
    "en": ["It's order {code}, and the {kw} is ", "It's for {date}; the {kw} is ", "I paid {amt} last time. The {kw}'s ",
           "Booked for {time}, and the {kw} is "],
    "mixed": ["order {code}，{kw} 是", "{date} 那个 booking，{kw} 是", "付了 {amt} 那单，{kw} 是"],
}


def lead(ctx, kind, near=False):
    if near:
        t = ctx.rng.choice(LEAD_NEAR_T[ctx.lang]).replace("{kw}", kw(ctx, kind))
        t = re.sub(r"([\u4e00-\u9fff]) 是", r"\1是", t)
        return ctx.fill(t)
    return ctx.p(LEAD[kind])


def tail(ctx, near=False):
    return ctx.p(TAIL_NEAR if near else TAIL)


def ask_turn(ctx, kind, why=None):
    why = (kind == "phone" and ctx.chance(0.5)) if why is None else (why and kind == "phone")
    pre = ctx.p(ctx.dom["why"]) if why else ""
    q = ctx.p(ASK[kind])
    if pre and ctx.lang == "en" and pre.endswith("so "):
        q = q[0].lower() + q[1:]
    return T("A", pre + q)


def give_turn(ctx, kind, fparts, near=None):
    """The caller's answer: lead-in, the number (its parts), tail; a look-alike before or after sometimes."""
    near = near if near is not None else ctx.rng.choice([None, None, "before", "after"])
    ld = lead(ctx, kind, near == "before")
    tl = tail(ctx, near == "after")
    if near:
        ctx.tags.append("near")
    return T("C", ld, *fparts, tl)


def fparts(ctx, frag):
    return ctx.say_phone_parts(frag) if frag.kind == "phone" and frag.a == 0 else [frag]


def pieces_of(ctx, num, n, inside=False, role="piece", style=None, **kw_):
    pts = ctx.split_points(num, n, inside)
    v = ctx.voice(num.kind, style)
    return [ctx.frag(num, role, pts[i], pts[i + 1], voice=v, **kw_) for i in range(n)]


def readback_frame(ctx, what):
    if what == "whole":
        return L(ctx, ["我复述一下：{F}，对吗？", "{F}，没错吧？", "好，{F}，我再念一遍对一下。", "记下了，{F}。是这个吧？", "您听一下对不对：{F}。"],
                 ["Let me read that back: {F}. Is that right?", "So that's {F}?", "{F}, correct?", "I've got {F}. Yes?",
                  "Just to confirm, {F}."],
                 ["我 read back 一下，{F}，对吗？", "{F}，correct 吧？", "OK，{F}，对不对？"])
    if what == "last":
        return L(ctx, ["尾号{F}是吧？", "最后几位是{F}对吧？", "后四位{F}，对吗？", "嗯，结尾是{F}。"],
                 ["Ending {F}, yes?", "And the last four were {F}?", "Finishing {F}, right?", "So it ends in {F}."],
                 ["ending in {F} 对吧？", "last four 是 {F}？", "尾号 {F}，right？"])
    return L(ctx, ["前面是{F}对吧？", "开头{F}，是吗？", "{F}开头的，对吧？"],
             ["Starting {F}?", "It begins {F}, yes?", "First part {F}, right?"],
             ["开头是 {F}，right？", "starting {F} 对吗？"])


def corr_phrase(ctx):
    return ctx.p(CORR)


# ============================================================================================
# Phenomena: the core of each call (this author's own dialogue)
# ============================================================================================

def b_plain(ctx, kind):
    var = ctx.rng.choice(["answer", "answer", "volunteer", "system", "midsentence", "delayed", "offcard"])
    num = ctx.new_num(kind)
    f = ctx.frag(num, "said")
    fp = fparts(ctx, f)
    out = []
    if var == "answer":
        out = [ask_turn(ctx, kind), give_turn(ctx, kind, fp), T("A", ctx.p(GOT))]
    elif var == "volunteer":
        t = {"phone": (["我之前是用{F}这个号码登记的，想问一下进度。", "刚才你们有人打我电话，{F}，我没接到。", "你好，我电话{F}，上午在你们这边约过。"],
                       ["Hi, I had a missed call from you. My number's {F}, if that helps.", "I'm calling about a booking under {F}.",
                        "Hello, you rang me earlier on {F} and I couldn't get to it."],
                       ["我的 booking 是用 {F} 登记的。", "刚才有个 missed call，我的 number 是 {F}。"]),
             "id_number": (["我要查一下登记，身份证{F}，名字叫王丽。", "我用身份证{F}办过会员，想查一下。"],
                            ["Hi, I registered with my Chinese ID, {F}, and heard nothing back.", "My resident ID is {F}; I'm checking on my file."],
                            ["我用 ID {F} 登记过，想 check 一下。", "身份证是 {F}，想查一下 status。"]),
             "bank_card": (["我这张卡{F}被你们扣了两次钱。", "你好，我用{F}这张卡付的定金，一直没收到确认。"],
                            ["You've charged my card twice. The card number is {F}.", "I paid a deposit with my card, {F}, and got no receipt."],
                            ["我的 card {F} 被 charge 了两次。", "用 {F} 这张卡 pay 的 deposit，没收到 receipt。"])}[kind]
        out = [T("C", *ctx.mk(L(ctx, *t), F=fp)), T("A", L(ctx, ["好的，我查一下。", "稍等，我看看。"], ["Let me have a look.", "One moment, I'll check."],
                                                              ["OK，我 check 一下。", "稍等，let me see。"]))]
        ctx.tags.append("replaces-reason")
    elif var == "system":
        t = {"phone": (["系统里您留的号码是{F}，还在用吗？", "我这边看到登记的手机是{F}，对吧？"],
                       ["I've got {F} on the system for you. Still current?", "The number on your account is {F}, is that right?"],
                       ["系统里的 number 是 {F}，还在用吗？", "我看到 record 上是 {F}，对吗？"]),
             "id_number": (["档案里的身份证号是{F}，我核对一下，对吧？", "登记的证件号是{F}，没错吧？"],
                            ["The ID we hold is {F}; is that still right?", "On the file I've got ID {F}. Correct?"],
                            ["file 上的 ID 是 {F}，对吗？"]),
             "bank_card": (["绑定的卡是{F}，还用这张吗？", "上次付款用的是{F}这张卡。"],
                            ["The card on file is {F}. Same card?", "Last time you paid with {F}."],
                            ["绑定的 card 是 {F}，还用这张吗？"])}[kind]
        out = [T("A", *ctx.mk(L(ctx, *t), F=fp)), T("C", ctx.p(YES))]
    elif var == "midsentence":
        t = {"phone": (["你让师傅到了打{F}找我就行，我下午都在。", "有事就打{F}，白天一般都能接。"],
                       ["Just get them to ring {F} when they're close and I'll come down.", "Text {F} if anything changes, I don't always pick up."],
                       ["让他们打 {F} 找我就行。", "有 update 就 text {F}。"]),
             "id_number": (["合同写我的名字，身份证{F}，地址写店里的。", "登记就用我的，{F}，我姓陈。"],
                            ["Put it under my name, ID {F}, and the shop address.", "Register it to me, ID {F}, surname Chen."],
                            ["合同写我名字，ID {F}。"]),
             "bank_card": (["就从{F}这张卡扣吧，别用上次那张。", "退款退到{F}，这张还在用。"],
                            ["Take it from {F}, not the old card.", "Refund it to {F}, that one's still active."],
                            ["就从 {F} 这张 card 扣吧。"])}[kind]
        out = [ask_turn(ctx, kind), T("C", *ctx.mk(L(ctx, *t), F=fp))]
    elif var == "delayed":
        out = [ask_turn(ctx, kind),
               T("C", L(ctx, ["等一下，我找一下……", "您稍等，我翻一下。"], ["Hang on, let me find it...", "Bear with me a sec."],
                        ["wait 一下，我找找。", "稍等，let me check。"])),
               T("A", L(ctx, ["不着急。", "好，您慢慢来。"], ["No rush.", "Take your time."], ["不急，take your time。"])),
               T("C", *fp, tail(ctx))]
    else:
        t = {"phone": (["名片上印的是{F}。", "我看一下手机上存的……{F}。"], ["It's on my business card: {F}.", "Reading it off my other phone: {F}."],
                       ["name card 上印的是 {F}。"]),
             "id_number": (["身份证上是{F}。", "我拿着证呢，{F}。"], ["I'm reading it off the card: {F}.", "The card says {F}."],
                            ["我看着 ID card 念：{F}。"]),
             "bank_card": (["卡上写着{F}。", "卡面上的号是{F}。"], ["Reading off the front of the card: {F}.", "The card says {F}."],
                            ["card 上写的是 {F}。"])}[kind]
        out = [ask_turn(ctx, kind), T("C", *ctx.mk(L(ctx, *t), F=fp)), T("A", ctx.p(GOT))]
    return out, "plain-" + var


def b_interruption(ctx, kind):
    var = ctx.rng.choice(["bc", "bc", "bc2", "echo", "pen", "overtalk", "rb-cut", "broke-up"])
    num = ctx.new_num(kind)
    out = [ask_turn(ctx, kind)]
    if var in ("bc", "pen", "overtalk", "broke-up", "echo"):
        p1, p2 = pieces_of(ctx, num, 2, inside=ctx.chance(0.2))
        first = fparts(ctx, p1)
        if var == "bc":
            out += [T("C", lead(ctx, kind, ctx.chance(0.25)), *first), T("A", ctx.p(BACKCH)), T("C", p2, tail(ctx, ctx.chance(0.3)))]
        elif var == "pen":
            out += [T("C", lead(ctx, kind), *first, L(ctx, ["……", "，"], [" -", "..."], ["……", " -"])),
                    T("A", L(ctx, ["等一下，我拿支笔。", "稍等稍等，我打开系统。"], ["Sorry, hang on, just grabbing a pen.", "Wait, the screen's frozen, one sec."],
                             ["等一下，我拿个 pen。", "wait，系统卡了。"])),
                    T("C", L(ctx, ["好了吗？", "行。"], ["Ready?", "Okay."], ["OK 了吗？"])),
                    T("A", L(ctx, ["好了，您接着说。", "可以了，后面是？"], ["Go ahead, after that?", "Right, carry on."], ["好了，go ahead。"])),
                    T("C", L(ctx, ["后面是", "接着是"], ["Then ", "Next bit's "], ["后面是 ", "then "]), p2, tail(ctx))]
        elif var == "overtalk":
            out += [T("C", lead(ctx, kind), *first, " —"),
                    T("A", {"phone": lambda: L(ctx, ["——是手机吗？", "——不好意思，这是手机还是座机？"], ["— sorry, is that the mobile?", "— is that a mobile or a landline?"],
                                               ["— sorry，这是 mobile 吗？", "——是手机还是 office 的？"]),
                            "bank_card": lambda: L(ctx, ["——是这次付款的卡吗？", "——不好意思，哪张卡？"], ["— sorry, is that the card you want to use?", "— which card is this, sorry?"],
                                                   ["——是 pay 用的那张 card 吗？"]),
                            "id_number": lambda: L(ctx, ["——是身份证吧？"], ["— sorry, that's the ID?"], ["——这是 ID 对吧？"])}[kind]()),
                    T("C", L(ctx, ["对，", "是的，", "对对，"], ["Yes, ", "Yeah, ", "That's right, "], ["对，", "yes，"]), p2, tail(ctx))]
        elif var == "broke-up":
            out += [T("C", lead(ctx, kind), *first),
                    T("A", L(ctx, ["喂？后面没听清，信号不好。", "您再说一下后面的？"], ["Sorry, you broke up there. After that?", "Lost you for a second, what came next?"],
                             ["sorry，后面 cut 掉了。", "信号不好，后面是？"])),
                    T("C", p2, tail(ctx))]
        else:
            e1 = ctx.frag(num, "echo", p1.a, p1.b)
            out += [T("C", lead(ctx, kind), *first),
                    T("A", *ctx.mk(L(ctx, ["{F}，然后呢？", "{F}……好，后面？", "嗯，{F}。"], ["{F}, yep?", "{F}... okay, and then?", "Got {F}."],
                                        ["{F}，then？", "{F}，OK，后面呢？"]), F=e1)),
                    T("C", L(ctx, ["对，", "对，然后", ""], ["Yes, then ", "Yeah, ", ""], ["对，", "yes，"]), p2, tail(ctx))]
    elif var == "bc2":
        ps = pieces_of(ctx, num, 3)
        out += [T("C", lead(ctx, kind), *fparts(ctx, ps[0])), T("A", ctx.p(BACKCH)), T("C", ps[1]), T("A", ctx.p(BACKCH)),
                T("C", ps[2], tail(ctx))]
    else:  # the agent's read-back cut by the caller
        f = ctx.frag(num, "said")
        pts = ctx.split_points(num, 2)
        v = ctx.voice(kind)
        r1 = ctx.frag(num, "readback", pts[0], pts[1], voice=v)
        r2 = ctx.frag(num, "readback", pts[1], pts[2], voice=v)
        out += [give_turn(ctx, kind, fparts(ctx, f)),
                T("A", L(ctx, ["我念一遍：", "我复述一下，", "好，"], ["Let me read it back: ", "So that's ", "Okay, "], ["我 read back，", "OK，"]), r1,
                  L(ctx, ["……", "，"], ["...", ","], ["……", "，"])),
                T("C", L(ctx, ["对。", "嗯对。"], ["Yes.", "Yep."], ["对。", "yes。"])),
                T("A", r2, L(ctx, ["，好的。", "。"], [", lovely.", "."], ["，OK。", "。"]))]
    return out, "interruption-" + var


def b_continuation(ctx, kind):
    var = ctx.rng.choice(["alone", "pieces2", "pieces2", "pieces3", "agent-system", "inside"])
    num = ctx.new_num(kind)
    if var == "alone":
        f = ctx.frag(num, "said")
        out = [ask_turn(ctx, kind),
               T("C", L(ctx, ["我念一下啊。", "好，您记一下。", "我看着念。"], ["I'll read it out.", "Okay, here goes.", "Right, got it here."],
                        ["我 read 给你。", "OK，你记一下。"]), BR, *fparts(ctx, f), tail(ctx)),
               T("A", ctx.p(GOT))]
    elif var in ("pieces2", "pieces3", "inside"):
        n = 3 if var == "pieces3" else 2
        ps = pieces_of(ctx, num, n, inside=(var == "inside"))
        parts = [lead(ctx, kind), *fparts(ctx, ps[0])]
        for p in ps[1:]:
            parts += [BR, p]
        parts.append(tail(ctx))
        out = [ask_turn(ctx, kind), T("C", *parts), T("A", ctx.p(GOT))]
    else:
        ps = pieces_of(ctx, num, 2)
        pre = L(ctx, ["我核对一下{k}，您登记的是", "跟您对一下{k}，系统里是", "您的{k}我这边看到是"],
                ["Let me just check the {k} we hold. What I've got here is ", "Quick check on the {k} on file. It's ", "I'm reading the {k} off the screen: "],
                ["check 一下 {k}，record 上是 ", "对一下 {k}，系统里是 "]).replace("{k}", kw(ctx, kind))
        out = [T("A", pre, *fparts(ctx, ps[0]),
                 BR, ps[1], L(ctx, ["，对吧？", "，没变吧？"], [", is that right?", ". Still the same?"], ["，对吗？", "，still OK？"])),
               T("C", ctx.p(YES))]
    return out, "continuation-" + var


def b_correction(ctx, kind):
    var = ctx.rng.choice(["wrong-prefix", "restart", "wrong-last", "wrong-last", "middle", "again"])
    num = ctx.new_num(kind)
    L0 = len(num.digits)
    out = [ask_turn(ctx, kind)]
    if var == "wrong-prefix":
        k = ctx.rng.randint(3, 4)
        pre = num.digits[:k]
        for _ in range(30):
            i = ctx.rng.randrange(1, k)
            w = pre[:i] + ctx.rng.choice([c for c in "0123456789" if c != pre[i]]) + pre[i + 1:]
            if w != pre:
                break
        ab = ctx.frag(num, "abandoned", 0, k, version=w + num.digits[k:])
        full = ctx.frag(num, "said")
        out.append(T("C", lead(ctx, kind), ab, "，" if ctx.lang != "en" else ", ", corr_phrase(ctx), "，" if ctx.lang != "en" else ", ",
                     *fparts(ctx, full), tail(ctx)))
        out.append(T("A", ctx.p(GOT)))
    elif var == "restart":
        k = ctx.rng.randint(3, min(8, L0 - 4))
        ab = ctx.frag(num, "abandoned", 0, k)
        full = ctx.frag(num, "said")
        out.append(T("C", lead(ctx, kind), *fparts(ctx, ab), L(ctx, ["……", "，"], ["... ", ", "], ["……", ", "]), corr_phrase(ctx),
                     L(ctx, ["，", "。"], [". ", ", "], ["，", ". "]), *fparts(ctx, full), tail(ctx)))
        out.append(T("A", ctx.p(GOT)))
    elif var == "wrong-last":
        lg = num.groups[-1] if num.groups[-1] >= 3 else num.groups[-1] + num.groups[-2]
        w = wrong_at(ctx.rng, num, L0 - lg, L0)
        wf = ctx.frag(num, "wrong", version=w)
        cf = ctx.frag(num, "corrected", L0 - lg, L0)
        out.append(T("C", lead(ctx, kind), *fparts(ctx, wf), ctx.p(NEUTRAL_TAIL)))
        if ctx.chance(0.5):
            out.append(T("A", L(ctx, ["好，我输一下……", "嗯。"], ["Okay, typing that in...", "Right."], ["OK，我 key in 一下……"])))
        out.append(T("C", *ctx.mk(L(ctx, ["{c}，最后{n}位是{F}。", "等下，{c}，后面是{F}才对。", "{c}——尾数是{F}。"],
                                       ["Oh — {c}, the last bit's {F}.", "Hang on, {c}. It ends {F}.", "{c}, the end is {F}, not what I said."],
                                       ["{c}，last part 是 {F}。", "wait，{c}，最后是 {F}。"]).replace("{c}", corr_phrase(ctx)).replace("{n}", str(lg)), F=cf)))
        out.append(T("A", ctx.p(GOT)))
    elif var == "middle":
        bounds = ctx.split_points(num, 3) if len(num.groups) < 3 else None
        if bounds is None:
            acc = [0]
            for g in num.groups:
                acc.append(acc[-1] + g)
            gi = ctx.rng.randrange(1, len(num.groups) - 1)
            ga, gb = acc[gi], acc[gi + 1]
        else:
            ga, gb = bounds[1], bounds[2]
        w = wrong_at(ctx.rng, num, ga, gb)
        wf = ctx.frag(num, "wrong", version=w)
        v = ctx.voice(kind)
        cf = ctx.frag(num, "corrected", ga, gb, voice=v)
        wg = ctx.frag(num, "wrong", ga, gb, version=w, voice=v)
        out.append(T("C", lead(ctx, kind), *fparts(ctx, wf), ctx.p(NEUTRAL_TAIL)))
        out.append(T("A", ctx.p(ACK)))
        out.append(T("C", *ctx.mk(L(ctx, ["{c}，中间那段是{F}，不是{G}。", "{c}，中间应该是{F}，刚才说成{G}了。"],
                                       ["Sorry — the middle bit is {F}, not {G}.", "{c}: the middle's {F}, I said {G}."],
                                       ["sorry，middle 那段是 {F}，不是 {G}。", "{c}，中间是 {F}，not {G}。"]).replace("{c}", corr_phrase(ctx)), F=cf, G=wg)))
        out.append(T("A", ctx.p(GOT)))
    else:
        w = wrong_version(ctx.rng, num)
        wf = ctx.frag(num, "wrong", version=w)
        full = ctx.frag(num, "said")
        out.append(T("C", lead(ctx, kind, ctx.chance(0.3)), *fparts(ctx, wf), ctx.p(NEUTRAL_TAIL)))
        out.append(T("A", L(ctx, ["好的……", "嗯，我记一下。"], ["Okay...", "Right, noting that."], ["OK……", "嗯，noted。"])))
        out.append(T("C", L(ctx, ["{c}，{c2}，是", "哎{c}，应该是"], ["{c}, {c2}. It's ", "Oh, {c}, it's actually "],
                             ["{c}，是 ", "{c}，应该是 "]).replace("{c2}", corr_phrase(ctx)).replace("{c}", corr_phrase(ctx)), *fparts(ctx, full), tail(ctx)))
        out.append(T("A", ctx.p(GOT)))
    return out, "correction-" + var


def b_filler(ctx, kind):
    var = ctx.rng.choice(["between", "inside", "hesitant", "many"])
    num = ctx.new_num(kind)
    n = {"between": 1, "inside": 2, "hesitant": 1, "many": 3}[var]
    f = ctx.frag(num, "said", fillers=n)
    if not any(t.kind == "f" for t in f.toks):
        raise Redraw("no filler")
    if var == "hesitant":
        ld = L(ctx, ["呃……", "嗯……那个，", "额，我想想，"], ["Um... ", "Uh, let me think, ", "Er, right, "], ["呃…… ", "um，", "嗯……"])
        out = [ask_turn(ctx, kind), T("C", ld, *fparts(ctx, f), tail(ctx)), T("A", ctx.p(GOT))]
    else:
        out = [ask_turn(ctx, kind), give_turn(ctx, kind, fparts(ctx, f)), T("A", ctx.p(GOT))]
    if var == "many" and ctx.chance(0.5):
        out.insert(2, T("A", L(ctx, ["不急，慢慢说。"], ["No rush."], ["不急，慢慢来。"])))
        out.insert(3, T("C", L(ctx, ["嗯，对，就这个。"], ["Yeah, that's it."], ["嗯，对，就这个。"])))
    return out, "filler-" + var


def b_asrchunks(ctx, kind):
    shape = ctx.plan.get("shape")
    if shape == "whisper" or ctx.fmt == "vtt":
        pool = ["itn", "itn", "cn-mix", "per-digit", "cut", "cut", "cut"]
    elif shape == "flat":
        pool = ["itn", "itn", "itn", "cn-mix", "per-digit"]
    else:
        pool = ["itn", "itn", "cn-mix", "per-digit", "cut"]
    var = ctx.rng.choice(pool)
    num = ctx.new_num(kind)
    if var == "itn":
        f = ctx.frag(num, "said", style="chunks" if ctx.lang != "en" or ctx.chance(0.7) else "mixar")
    elif var == "cn-mix":
        st = "mixcn" if ctx.lang == "zh" else ("mix3" if ctx.lang == "mixed" else "mixar")
        v = ctx.voice(kind, st)
        v.cn_per_char = True
        f = ctx.frag(num, "said", voice=v)
    elif var == "per-digit":
        f = ctx.frag(num, "said", style="chunks", chunks=1, gsep=" ")
    else:
        f = ctx.frag(num, "said", style="chunks" if ctx.chance(0.6) else None, cut="auto")
        if f.cut is None:
            raise Redraw("no cut")
    out = [ask_turn(ctx, kind), give_turn(ctx, kind, fparts(ctx, f)), T("A", ctx.p(GOT))]
    return out, "asr-chunks-" + var


def b_readback(ctx, kind):
    var = ctx.rng.choice(["whole", "whole", "last", "first", "misheard", "misheard-last"])
    num = ctx.new_num(kind)
    L0 = len(num.digits)
    f = ctx.frag(num, "said")
    out = [ask_turn(ctx, kind), give_turn(ctx, kind, fparts(ctx, f))]
    lg = 4
    if var == "whole":
        r = ctx.frag(num, "readback")
        out += [T("A", *ctx.mk(readback_frame(ctx, "whole"), F=r)), T("C", ctx.p(YES))]
    elif var == "last":
        r = ctx.frag(num, "readback", L0 - lg, L0, mult_ok=False)
        out += [T("A", *ctx.mk(readback_frame(ctx, "last"), F=r)), T("C", ctx.p(YES))]
    elif var == "first":
        r = ctx.frag(num, "readback", 0, num.groups[0])
        out += [T("A", *ctx.mk(readback_frame(ctx, "first"), F=r)), T("C", ctx.p(YES))]
    elif var == "misheard":
        w = wrong_version(ctx.rng, num)
        r = ctx.frag(num, "misheard", version=w)
        # the group holding the first difference
        i = next(k for k in range(L0) if w[k] != num.digits[k])
        acc = 0
        ga = gb = None
        for g in num.groups:
            if acc <= i < acc + g:
                ga, gb = acc, acc + g
            acc += g
        if gb - ga < 3:
            ga = max(0, ga - 2)
        j = max(k for k in range(L0) if w[k] != num.digits[k])
        gb = max(gb, j + 1)
        v = ctx.voice(kind)
        cf = ctx.frag(num, "corrected", ga, gb, voice=v)
        mf = ctx.frag(num, "misheard", ga, gb, version=w, voice=v)
        r2 = ctx.frag(num, "readback")
        out += [T("A", *ctx.mk(readback_frame(ctx, "whole"), F=r)),
                T("C", *ctx.mk(L(ctx, ["不对，是{F}，不是{G}。", "不是，那段是{F}，您说成{G}了。"],
                                    ["No, it's {F}, not {G}.", "Not quite: {F}, you said {G}."],
                                    ["不对，是 {F}，not {G}。", "no，是 {F}，不是 {G}。"]), F=cf, G=mf)),
                T("A", *ctx.mk(L(ctx, ["抱歉，那就是{F}。", "好，改过来了：{F}。"], ["Sorry, so {F}.", "Got it, {F}."], ["sorry，那就是 {F}。"]), F=r2)),
                T("C", ctx.p(YES))]
    else:
        w = wrong_at(ctx.rng, num, L0 - lg, L0)
        mv = ctx.voice(kind)
        r = ctx.frag(num, "misheard", L0 - lg, L0, version=w, mult_ok=False, voice=mv)
        cf = ctx.frag(num, "corrected", L0 - lg, L0, mult_ok=False)
        out += [T("A", *ctx.mk(readback_frame(ctx, "last"), F=r)),
                T("C", *ctx.mk(L(ctx, ["不是，是{F}。", "不对，最后是{F}。"], ["No, {F}.", "Not quite, it's {F} at the end."],
                                    ["no，是 {F}。", "不对，last four 是 {F}。"]), F=cf)),
                T("A", L(ctx, ["哦哦，抱歉，改好了。", "好的，我听错了。"], ["Ah, sorry, I misheard.", "Sorry, fixed that."], ["sorry，我听错了，改好了。"]))]
    return out, "readback-" + var


def b_checkchar(ctx, kind):
    digit_check = ctx.plan.get("digit_check", False)
    num = ctx.new_num("id_number", want_x=not digit_check)
    var = ctx.rng.choice(["same-line", "next-line", "agent-asks", "same-line"])
    v = ctx.voice("id_number")
    p17 = ctx.frag(num, "piece", 0, 17, voice=v)
    xv = Voice(ctx.rng, "id_number", "ar", ctx.asr, ctx.lang)
    if num.digits[17] == "X":
        opts = ["X", "X", "x"] if ctx.lang == "en" else ["X", "叉", "x"] + ([] if ctx.asr else ["Ｘ"])
        xt = ctx.rng.choice(opts)
        cc = Frag([Tok(xt, "", "X", "X")], num, num.digits, 17, 18, "check-char")
    else:
        cc = ctx.frag(num, "check-char", 17, 18, voice=xv)
    if var == "same-line":
        out = [ask_turn(ctx, "id_number"),
               T("C", lead(ctx, "id_number"), p17, *ctx.mk(L(ctx, ["，末尾是{F}。", "，最后是个{F}。", "，最后一位是{F}。"],
                                                               [", and then an {F} at the end.", ", and the last character is {F}.", ", then {F}."],
                                                               ["，最后是 {F}。", "，last character 是 {F}。"]), F=cc)),
               T("A", ctx.p(GOT))]
    elif var == "next-line":
        out = [ask_turn(ctx, "id_number"),
               T("C", lead(ctx, "id_number"), p17, BR, *ctx.mk(L(ctx, ["末尾是{F}。", "最后一位是{F}。", "最后是{F}。"],
                                                                    ["The last character's {F}.", "And {F} at the end.", "Ending with {F}."],
                                                                    ["最后是 {F}。", "last one 是 {F}。"]), F=cc)),
               T("A", ctx.p(GOT))]
    else:
        out = [ask_turn(ctx, "id_number"), T("C", lead(ctx, "id_number"), p17, L(ctx, ["……", "。"], ["...", "."], ["……", "。"])),
               T("A", L(ctx, ["最后一位呢？", "还差最后一位。", "嗯，最后一个字符是？"], ["And the last character?", "That's seventeen; what's the last?"],
                        ["last character 呢？", "还差最后一位。"])),
               T("C", *ctx.mk(L(ctx, ["{F}。", "是{F}。", "最后是{F}。"], ["{F}.", "It's {F}.", "An {F}."], ["是 {F}。", "{F}。"]), F=cc)),
               T("A", ctx.p(GOT))]
    return out, "check-char-" + var + ("-digit" if digit_check else "")


def b_glued(ctx, kind):
    var = ctx.rng.choice(["whole", "whole", "readback", "pieces"])
    num = ctx.new_num(kind)
    v = ctx.voice(kind, "glued")
    if var == "whole":
        f = ctx.frag(num, "said", voice=v)
        out = [ask_turn(ctx, kind), give_turn(ctx, kind, fparts(ctx, f)), T("A", ctx.p(GOT))]
    elif var == "readback":
        f = ctx.frag(num, "said", style="ar")
        r = ctx.frag(num, "readback", voice=v)
        out = [ask_turn(ctx, kind), give_turn(ctx, kind, fparts(ctx, f)), T("A", *ctx.mk(readback_frame(ctx, "whole"), F=r)), T("C", ctx.p(YES))]
    else:
        pts = ctx.split_points(num, 2)
        p1 = ctx.frag(num, "piece", pts[0], pts[1], voice=v)
        p2 = ctx.frag(num, "piece", pts[1], pts[2], voice=v)
        out = [ask_turn(ctx, kind), T("C", lead(ctx, kind), *fparts(ctx, p1)), T("A", ctx.p(BACKCH)), T("C", p2, tail(ctx))]
    if not any(t.kind == "d" and len(t.col) >= 2 and t.text.isalpha() for f2 in [x for tr in out for x in tr.parts if isinstance(x, Frag)]
               for t in f2.toks):
        raise Redraw("nothing glued")
    return out, "glued-" + var


def b_multi(ctx, kind):
    kinds = ctx.plan["kinds"]
    var = ctx.rng.choice(["same-line", "turns", "turns", "backup"] if "phone" in kinds else ["same-line", "turns", "turns"])
    out = []
    if var == "same-line":
        a, b = kinds[0], kinds[1]
        na, nb = ctx.new_num(a), ctx.new_num(b)
        fa, fb = ctx.frag(na, "said"), ctx.frag(nb, "said")
        out += [T("A", L(ctx, ["需要登记一下{a}和{b}。", "麻烦把{a}跟{b}都报一下。"], ["I'll need your {a} and your {b}.", "Can I take the {a} and the {b}?"],
                          ["{a} 和 {b} 都要报一下。"]).replace("{a}", kw(ctx, a)).replace("{b}", kw(ctx, b))),
                T("C", *ctx.mk(L(ctx, ["{ka}{F}，{kb}{G}。", "{ka}是{F}，然后{kb}是{G}。"], ["{ka} {F}, and the {kb} is {G}.", "The {ka}'s {F}; {kb}, {G}."],
                                    ["{ka} 是 {F}，{kb} 是 {G}。"]).replace("{ka}", kw(ctx, a)).replace("{kb}", kw(ctx, b)),
                               F=fparts(ctx, fa), G=fparts(ctx, fb))),
                T("A", ctx.p(GOT))]
    elif var == "turns":
        for k in kinds:
            n = ctx.new_num(k)
            f = ctx.frag(n, "said")
            out += [ask_turn(ctx, k), give_turn(ctx, k, fparts(ctx, f))]
        out.append(T("A", ctx.p(GOT)))
    else:
        m = ctx.new_num("phone", "mobile" if ctx.lang != "en" else None)
        ln = ctx.new_num("phone", "landline" if ctx.lang != "en" or ctx.chance(0.4) else "uk")
        fm, fl = ctx.frag(m, "said"), ctx.frag(ln, "said")
        out += [ask_turn(ctx, "phone"),
                T("C", *ctx.mk(L(ctx, ["手机{F}，打不通的话打单位座机{G}。", "主要打{F}，备用的是{G}，白天有人接。"],
                                    ["Mobile's {F}, and if I don't pick up try the office, {G}.", "Best on {F}; backup is {G} during the day."],
                                    ["mobile 是 {F}，backup 打 {G}。"]), F=fparts(ctx, fm), G=fparts(ctx, fl)))]
        for k in kinds:
            if k != "phone":
                n = ctx.new_num(k)
                out += [ask_turn(ctx, k), give_turn(ctx, k, fparts(ctx, ctx.frag(n, "said")))]
        out.append(T("A", ctx.p(GOT)))
    return out, "multi-" + var


def second_number(ctx, first_kind):
    k = ctx.rng.choice([k for k in ("phone", "id_number", "bank_card") if k != first_kind])
    n = ctx.new_num(k)
    f = ctx.frag(n, "said")
    ctx.tags.append("second")
    return [ask_turn(ctx, k, why=False), give_turn(ctx, k, fparts(ctx, f)), T("A", ctx.p(GOT))]


# ============================================================================================
# Hard negatives: look-alikes only
# ============================================================================================

def safe_ref_digits(rng, n, avoid=()):
    for _ in range(500):
        first = rng.choice("23456789")
        s = first + rdigits(rng, n - 1)
        if not lookalike_problem(s, avoid) and not lookalike_problem(s[::-1], ()):
            return s
    raise Redraw("no safe reference")


def spoken_ref(ctx, digits, style, groups=None):
    """An unlabelled reference said like a number (a look-alike)."""
    if groups is None:
        groups, left = [], len(digits)
        while left:
            g = min(left, ctx.rng.choice([3, 4, 4, 5]))
            groups.append(g)
            left -= g
        if groups[-1] == 1:
            groups[-2] += 1
            groups.pop()
    ref = Num("ref", "ref", digits, groups)
    v = Voice(ctx.rng, "ref", style, ctx.asr, ctx.lang)
    toks = build_toks(v, digits, groups, 0, len(digits), 0, None, True)
    return Frag(toks, ref, digits, 0, len(digits), "lookalike", labelled=False)


def hotline(ctx):
    return ctx.rng.choice(["400-", "400 ", "800-"]) + str(ctx.rng.randint(100, 999)) + ctx.rng.choice(["-", " "]) + str(ctx.rng.randint(1000, 9999))


def b_negative(ctx, kind):
    var = ctx.plan["neg"]
    dom = ctx.dom
    out = []
    if var in ("spelled", "arabic"):
        n = ctx.rng.randint(15, 19)
        digits = safe_ref_digits(ctx.rng, n)
        if var == "spelled":
            st = {"zh": "cn", "en": "en", "mixed": ctx.rng.choice(["cn", "en", "mixen"])}[ctx.lang]
        else:
            st = "ar"
        r = spoken_ref(ctx, digits, st)
        name = ctx.p(dom["ref"])
        out += [T("A", L(ctx, ["麻烦报一下{r}，我查一下。", "您手上有{r}吗？", "{r}多少？我这边调记录。"],
                         ["Have you got the {r} handy?", "Could you read me the {r}?", "What's the {r}? I'll look it up."],
                         ["{r} 有吗？我 check 一下。", "麻烦报一下 {r}。"]).replace("{r}", name)),
                T("C", *ctx.mk(L(ctx, ["有，是{F}。", "我看一下……{F}。", "{F}，您查查。"], ["Yes, it's {F}.", "Let me see... {F}.", "It's {F}."],
                                    ["有，{F}。", "OK，是 {F}。"]), F=r)),
                T("A", L(ctx, ["查到了，{date}的记录。", "好，找到了，状态是已处理。", "嗯，这单{date}已经发出了。"],
                         ["Found it, dated {date}.", "Got it; that's been processed.", "Yes, that went out on {date}."],
                         ["找到了，{date} 的 record。", "OK，已经 processed 了。"]))]
        if ctx.chance(0.3):
            out += [T("C", L(ctx, ["那大概什么时候能到？"], ["So when will it turn up?"], ["那大概什么时候到？"])),
                    T("A", L(ctx, ["一般{date}前后。"], ["Usually by {date}."], ["一般 {date} 左右。"]))]
        return out, f"negative-{var}-{st}-{n}"
    if var == "member":
        while True:
            d = ctx.rng.choice("23456789") + rdigits(ctx.rng, 10)
            if not lookalike_problem(d, ()):
                break
        st = {"zh": ctx.rng.choice(["ar", "cn"]), "en": ctx.rng.choice(["ar", "en"]), "mixed": ctx.rng.choice(["ar", "mixen"])}[ctx.lang]
        r = spoken_ref(ctx, d, st, groups=ctx.rng.choice([[3, 4, 4], [4, 4, 3], [11]]))
        name = ctx.p(dom["member"])
        out += [T("A", L(ctx, ["您有{r}吗？报一下可以打折。", "请问{r}是多少？"], ["Do you have your {r}? It gets you the discount.", "What's your {r}?"],
                         ["有 {r} 吗？可以 discount。"]).replace("{r}", name)),
                T("C", *ctx.mk(L(ctx, ["有的，{F}。", "是{F}。"], ["Yes, {F}.", "It's {F}, I think."], ["有，{F}。"]), F=r)),
                T("A", L(ctx, ["好，已经给您打了折，一共{amt}。"], ["Great, that brings it to {amt}."], ["OK，discount 之后 {amt}。"]))]
        return out, f"negative-member-{st}"
    if var == "not-given":
        out += [ask_turn(ctx, "phone" if ctx.chance(0.6) else ctx.rng.choice(["id_number", "bank_card"])),
                T("C", L(ctx, ["不用留了，我{date}自己再打过来。", "电话就不留了吧，我回头去店里。", "这个我现在手边没有，晚点再说。", "就打我这个来电号码吧，你们那边能看到吧？"],
                         ["I'd rather not give that out. I'll ring back {date}.", "I don't have it on me right now, sorry.", "Can't you just use the number I'm calling from?",
                          "Let me call you back with it after {time}."],
                         ["这个不方便 share，我 {date} 再 call。", "我现在没带，later 再说。", "就用我现在 call 的号码吧。"])),
                T("A", L(ctx, ["好的，那您{time}之前打过来就行。", "没问题，来电号码我们这边能看到。", "可以的，到时候报一下预约时间{time}就行。"],
                         ["No problem, ring before {time} then.", "That's fine, it shows up on our end.", "Sure, just quote the {time} slot when you call."],
                         ["OK，{time} 之前 call 就行。", "没问题，我们这边看得到。"]))]
        return out, "negative-not-given"
    # domain chatter: amounts, dates, times, codes, hotlines
    hot = hotline(ctx)
    out += [T("A", L(ctx, ["改约的话可以打我们热线{h}，工作日{time}之后有人。", "费用一共{amt}，{date}之前付清就行。"],
                     ["If you need to move it, the helpline is {h}, staffed from {time}.", "That'll be {amt}, due by {date}."],
                     ["要改约打 hotline {h}，{time} 之后有人。", "一共 {amt}，{date} 前 pay 就行。"]).replace("{h}", hot)),
            T("C", L(ctx, ["好，那我{date}{time}过来，取件码是{code}对吧？", "行，优惠码{code}还能用吗？"],
                     ["Okay. And the collection code is {code}, right?", "Can I still use the promo code {code}?"],
                     ["OK，code 是 {code} 对吧？", "优惠码 {code} 还能用吗？"])),
            T("A", L(ctx, ["对，到时候出示就行。", "可以用，能减{amt}。"], ["That's right.", "Yes, that takes {amt} off."], ["对的。", "可以，减 {amt}。"]))]
    return out, "negative-chatter"


# ============================================================================================
# A whole call
# ============================================================================================

PHEN_BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation,
                 "correction": b_correction, "filler": b_filler, "asr-chunks": b_asrchunks, "readback": b_readback,
                 "check-char-apart": b_checkchar, "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


def exchange(ctx, ex):
    return [T(spk, ctx.fill(text)) for spk, text in ex]


def compose(ctx):
    plan = ctx.plan
    kind = plan["kind"]
    core, var = PHEN_BUILDERS[plan["phenomenon"]](ctx, kind)
    turns = []
    if ctx.chance(0.15):
        turns.append(T("C", L(ctx, ["喂？", "喂，你好？"], ["Hello?", "Hi, hello?"], ["喂？hello？"])))
    turns.append(T("A", ctx.p(ctx.dom["open"])))
    if "replaces-reason" not in ctx.tags:
        turns.append(T("C", ctx.p(ctx.dom["reason"])))
        turns.append(T("A", ctx.p(ctx.dom["reply"])))
    chats = list(ctx.dom["chat"][ctx.lang])
    ctx.rng.shuffle(chats)
    nchat = ctx.rng.choice([0, 1, 1, 2])
    for ex in chats[:nchat]:
        turns += exchange(ctx, ex)
    turns += core
    if plan.get("second"):
        turns += second_number(ctx, kind)
    if ctx.chance(0.75):
        turns += exchange(ctx, ctx.rng.choice(ctx.dom["wrap"][ctx.lang]))
    closes = [c for c in GENERIC_CLOSE[ctx.lang] if c[0][0] != turns[-1].spk] or GENERIC_CLOSE[ctx.lang]
    turns += exchange(ctx, ctx.rng.choice(closes))
    return merge_turns(ctx, turns), var


def merge_turns(ctx, turns):
    """Two turns of one speaker in a row become one turn (one line), as a transcript would have it."""
    out = []
    for t in turns:
        if out and out[-1].spk == t.spk and BR not in out[-1].parts and BR not in t.parts:
            sep = " " if ctx.lang == "en" or (out[-1].parts and isinstance(out[-1].parts[-1], str)
                                               and out[-1].parts[-1][-1:].isascii()) else ""
            out[-1] = Turn(t.spk, out[-1].parts + [sep] + t.parts)
        else:
            out.append(t)
    return out


def normalise_parts(turns):
    """Spaces where a number touches a word of another script; adjacent strings merged."""
    for t in turns:
        out = []
        for p in t.parts:
            if isinstance(p, str) and out and isinstance(out[-1], str):
                out[-1] += p
            elif isinstance(p, str) and p == "":
                continue
            else:
                out.append(p)
        for i in range(len(out)):
            p = out[i]
            if isinstance(p, (Frag, CC)):
                txt = p.text
                if i > 0 and isinstance(out[i - 1], str) and out[i - 1]:
                    prev = out[i - 1][-1]
                    if (is_cjk(prev) and txt[0].isascii() and txt[0].isalnum() and not txt[0].isdigit()) or \
                            (prev.isascii() and prev.isalnum()):
                        out[i - 1] += " "
                if i + 1 < len(out) and isinstance(out[i + 1], str) and out[i + 1]:
                    nxt = out[i + 1][0]
                    last = txt[-1]
                    if (last.isascii() and last.isalpha() and (is_cjk(nxt) or nxt.isalnum())) or (last.isascii() and last.isdigit() and nxt.isascii() and nxt.isalnum()):
                        out[i + 1] = " " + out[i + 1]
        t.parts = [p for p in out if not (isinstance(p, str) and p == "")]
    return turns


def is_cjk(c):
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def apply_cuts(turns, fmt, shape):
    """A fragment cut over two lines: two fragments on two lines in text / WebVTT; one entity over
    two segments in Whisper JSON; one entity in flat words."""
    for t in turns:
        out = []
        for p in t.parts:
            if isinstance(p, Frag) and p.cut:
                if fmt in ("text", "vtt"):
                    k = p.cut
                    mid = p.a + len("".join(x.exp for x in p.toks[:k]))
                    t1 = p.toks[:k]
                    t2 = p.toks[k:]
                    t2[0].glue = ""
                    while t1 and t1[-1].kind == "f":
                        t1 = t1[:-1]
                    role = "piece" if p.role == "said" else p.role
                    f1 = Frag(t1, p.num, p.version, p.a, mid, role)
                    f2 = Frag(t2, p.num, p.version, mid, p.b, role)
                    out += [f1, BR, f2]
                    continue
                if shape != "whisper":
                    p.cut = None
            out.append(p)
        t.parts = out
    return turns


# ============================================================================================
# Layouts: plain text, WebVTT, ASR JSON
# ============================================================================================

LABELS = {
    "zh": [("坐席", "客户"), ("客服", "来电人"), ("接线员", "来电者"), ("话务员", "用户"), ("工作人员", "顾客"), ("服务专员", "客户"),
           ("甲", "乙"), ("A", "B"), ("客服代表", "客户")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("CSR", "Customer"), ("Operator", "Caller"), ("Advisor", "Client"),
           ("Support", "Member"), ("AGENT", "CUSTOMER"), ("Staff", "Caller"), ("A", "B")],
    "mixed": [("Agent", "客户"), ("客服", "Customer"), ("坐席", "Caller"), ("Agent", "Customer"), ("客服", "客户"), ("A", "B")],
}
NUM_LABELS = [("Speaker 1", "Speaker 2"), ("说话人1", "说话人2"), ("SPEAKER_00", "SPEAKER_01"), ("S1", "S2")]


def pick_labels(ctx):
    r = ctx.rng.random()
    if r < 0.25:
        return ctx.rng.choice(ctx.dom["labels"][ctx.lang])
    if r < 0.3 and ctx.fmt == "text":
        return ctx.rng.choice(NUM_LABELS)
    return ctx.rng.choice(LABELS[ctx.lang])


def fmt_ts(style, t):
    t = int(t * 10) / 10
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    tenth = int(round((t - int(t)) * 10)) % 10
    return {"hms": f"[{h:02d}:{m:02d}:{s:02d}]", "hms-bare": f"{h:02d}:{m:02d}:{s:02d}", "ms-paren": f"({m:02d}:{s:02d})",
            "ms-tenth": f"[{m:02d}:{s:02d}.{tenth}]", "hms-cn": f"【{h:02d}:{m:02d}:{s:02d}】",
            "clock": f"{14 + h:02d}:{(m + 7) % 60:02d}:{s:02d}", "plus": f"+{m:02d}:{s:02d}"}[style]


TEXT_LAYOUTS = ["colon-cn", "colon", "bracket-cn", "square", "angle", "dash", "gt", "bold", "pipe-ts", "ts-lab", "lab-ts",
                "lab-paren-ts", "header", "none-bare", "none-dash", "none-ts", "none-bullet"]


def text_prefix(layout, lab, ts):
    return {"colon-cn": f"{lab}：", "colon": f"{lab}: ", "bracket-cn": f"【{lab}】", "square": f"[{lab}] ", "angle": f"<{lab}> ",
            "dash": f"{lab} - ", "gt": f"{lab} > ", "bold": f"**{lab}:** ", "pipe-ts": f"{ts} | {lab} | ", "ts-lab": f"{ts} {lab}: ",
            "lab-ts": f"{lab} {ts}: ", "lab-paren-ts": f"{lab}（{ts}）：", "none-bare": "", "none-dash": "- ",
            "none-ts": f"{ts} ", "none-bullet": "• "}[layout]


def turn_lines(turn):
    """A turn as lines: lists of parts (BR starts a new line)."""
    lines, cur = [], []
    for p in turn.parts:
        if p is BR:
            lines.append(cur)
            cur = []
        else:
            cur.append(p)
    lines.append(cur)
    return [ln for ln in lines if ln]


def render_payload(parts, base, lab_spans, ccs):
    """The text of a line's parts, recording fragment spans and country-code ranges."""
    s = ""
    for p in parts:
        if isinstance(p, Frag):
            if p.labelled:
                lab_spans.append((base + len(s), base + len(s) + len(p.text), p))
            s += p.text
        elif isinstance(p, CC):
            ccs.append((base + len(s), base + len(s) + len(p.text)))
            s += p.text
        else:
            s += p
    return s


def layout_text(ctx, turns):
    rng = ctx.rng
    layout = rng.choice(TEXT_LAYOUTS)
    if layout.startswith("none") and rng.random() < 0.5:
        layout = rng.choice(TEXT_LAYOUTS[:13])
    labs = pick_labels(ctx)
    if layout in ("colon-cn", "bracket-cn", "lab-paren-ts") and ctx.lang == "en":
        layout = "colon"
    ts_style = rng.choice(["hms", "hms-bare", "ms-paren", "ms-tenth", "hms-cn", "clock", "plus"])
    if layout == "pipe-ts" and ts_style in ("hms", "hms-cn"):
        ts_style = "hms-bare"
    add_ts = layout in ("pipe-ts", "ts-lab", "lab-ts", "lab-paren-ts", "none-ts") or (layout == "header" and rng.random() < 0.7)
    if not add_ts and layout not in ("none-bare", "none-dash", "none-bullet", "header") and rng.random() < 0.3:
        add_ts = True
        layout_ts_front = True
    else:
        layout_ts_front = False
    cont = rng.choice(["relabel", "bare", "indent"])
    blank = layout == "header" and rng.random() < 0.6
    labelled = not layout.startswith("none")
    t = rng.uniform(0.5, 3.0)
    text = ""
    spans, ccs, regions = [], [], []
    prev_spk = None
    for ti, turn in enumerate(turns):
        lab = labs[0] if turn.spk == "A" else labs[1]
        lines = turn_lines(turn)
        for li, parts in enumerate(lines):
            ts = fmt_ts(ts_style, t)
            t += rng.uniform(1.5, 7.5)
            if layout == "header":
                if li == 0:
                    if ti and blank:
                        text += "\n"
                    head = f"{lab}  {ts}" if add_ts else f"{lab}"
                    start = len(text)
                    text += head + "\n"
                    regions.append((start, len(text), "B" if prev_spk not in (None, turn.spk) else "J"))
                prefix = ""
            elif li == 0 or cont == "relabel":
                prefix = text_prefix(layout, lab, ts)
                if layout_ts_front:
                    prefix = ts + " " + prefix
            elif cont == "indent":
                prefix = "    "
            else:
                prefix = ""
            start = len(text)
            text += prefix
            if prefix:
                regions.append((start, len(text), "B" if labelled and prev_spk not in (None, turn.spk) else "J"))
            prev_spk = turn.spk
            text += render_payload(parts, len(text), spans, ccs)
            text += "\n"
    text = text.rstrip("\n")
    ctx.tags.append(f"text {layout}{' ts' if add_ts else ''} cont-{cont}")
    return {"text": text}, spans, ccs, regions


VTT_PAYLOAD = ["voice", "voice-close", "colon-cn", "colon", "square", "dash", "bare"]


def vtt_time(t, short):
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    if short and h < 1:
        return f"{int(m):02d}:{s:06.3f}"
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def layout_vtt(ctx, turns):
    rng = ctx.rng
    style = rng.choice(VTT_PAYLOAD)
    if style == "colon-cn" and ctx.lang == "en":
        style = "colon"
    labs = pick_labels(ctx)
    ids = rng.choice(["num", "num", "cue", "none"])
    short = rng.random() < 0.4
    text = "WEBVTT"
    regions = []
    if rng.random() < 0.3:
        text += rng.choice([" - call transcript", " - 通话转写", " - recording"])
    if rng.random() < 0.35:
        text += "\nKind: captions\nLanguage: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[ctx.lang]
    text += "\n\n"
    if rng.random() < 0.25:
        text += rng.choice(["NOTE\n自动转写，已人工抽检\n\n", "NOTE machine transcript, speaker tags added\n\n", "NOTE\ncall centre export\n\n"])
    regions.append((0, len(text), "J"))
    spans, ccs = [], []
    t = rng.uniform(0.3, 2.0)
    cue_no = 1
    prev_spk = None
    labelled = style not in ("dash", "bare")
    cont_mode = rng.choice(["new-cue-voice", "new-cue-bare", "same-cue"])
    for turn in turns:
        lab = labs[0] if turn.spk == "A" else labs[1]
        lines = turn_lines(turn)
        li = 0
        while li < len(lines):
            # one cue: one line, or (same-cue continuation) all the turn's remaining lines
            first_li = li
            group = [lines[li]]
            li += 1
            while cont_mode == "same-cue" and li < len(lines):
                group.append(lines[li])
                li += 1
            dur = sum(rng.uniform(1.2, 4.5) for _ in group)
            start = len(text)
            head = ""
            if ids == "num":
                head += f"{cue_no}\n"
            elif ids == "cue":
                head += f"cue-{cue_no}\n"
            cue_no += 1
            head += f"{vtt_time(t, short)} --> {vtt_time(t + dur, short)}"
            if rng.random() < 0.1:
                head += " align:start"
            head += "\n"
            t += dur + rng.uniform(0.1, 1.2)
            text += head
            regions.append((start, len(text), "J"))
            for gi, parts in enumerate(group):
                is_cont = gi > 0 or first_li > 0
                if style in ("voice", "voice-close"):
                    pre = "" if gi > 0 or (is_cont and cont_mode == "new-cue-bare") else f"<v {lab}>"
                elif style in ("colon-cn", "colon", "square"):
                    fmt = {"colon-cn": "{}：", "colon": "{}: ", "square": "[{}] "}[style]
                    pre = "" if gi > 0 or (is_cont and cont_mode != "new-cue-voice") else fmt.format(lab)
                elif style == "dash":
                    pre = "- " if gi == 0 else ""
                else:
                    pre = ""
                ps = len(text)
                text += pre
                if pre:
                    regions.append((ps, len(text), "B" if labelled and prev_spk not in (None, turn.spk) else "J"))
                prev_spk = turn.spk
                text += render_payload(parts, len(text), spans, ccs)
                if gi == 0:
                    opened = pre.startswith("<v")
                if style == "voice-close" and gi == len(group) - 1 and opened:
                    cs = len(text)
                    text += "</v>"
                    regions.append((cs, len(text), "J"))
                text += "\n"
            text += "\n"
            regions.append((len(text) - 1, len(text), "J"))
    text = text.rstrip("\n") + "\n"
    ctx.tags.append(f"vtt {style} ids-{ids}{' short' if short else ''} {cont_mode}")
    return {"transcript_text": text}, spans, ccs, regions


ASR_SPEAKERS = [("spk_0", "spk_1"), ("A", "B"), ("agent", "customer"), ("SPEAKER_00", "SPEAKER_01"), ("S1", "S2")]
CJK_PUNCT = set("，。？！、：；…—“”《》（）·")


def asr_split(s, rng):
    """Plain text as ASR words: [word, space_before]."""
    out = []
    i, n = 0, len(s)
    space = False
    while i < n:
        c = s[i]
        if c.isspace():
            space = True
            i += 1
            continue
        if is_cjk(c):
            k = rng.choice([1, 2, 2, 3])
            j = i
            while j < n and j - i < k and is_cjk(s[j]):
                j += 1
            out.append([s[i:j], space])
            i = j
        elif c in CJK_PUNCT or (not c.isalnum() and c not in "#£$¥€+-/.:@'%&(*[<" and out and not space):
            if out:
                out[-1][0] += c
            else:
                out.append([c, space])
            i += 1
        else:
            j = i
            while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in CJK_PUNCT:
                j += 1
            out.append([s[i:j], space])
            i = j
        space = False
    return out


def layout_asr(ctx, turns, shape):
    rng = ctx.rng
    with_spk = shape == "flat" and rng.random() < 0.8 or shape == "whisper" and rng.random() < 0.3
    spk_names = rng.choice(ASR_SPEAKERS)
    conf = rng.random() < 0.5
    # lines -> words; each word: [text, space, spk, frag or None, cc?]
    lines = []   # (spk, [wordinfo])
    for turn in turns:
        cur = []
        segs = []
        for p in turn.parts:
            if p is BR:
                segs.append(cur)
                cur = []
                continue
            if isinstance(p, str):
                for w, sp in asr_split(p, rng):
                    if not w.strip():
                        continue
                    if not any(ch.isalnum() or is_cjk(ch) for ch in w):
                        # punctuation alone attaches to the word before it
                        if cur:
                            cur[-1]["w"] += w
                            continue
                        if segs and segs[-1]:
                            segs[-1][-1]["w"] += w
                            continue
                    cur.append({"w": w, "sp": sp, "frag": None, "cc": False})
            elif isinstance(p, CC):
                for w, sp in asr_split(p.text, rng):
                    cur.append({"w": w, "sp": True, "frag": None, "cc": True})
            else:
                for k, tk in enumerate(p.toks):
                    if p.cut and k == p.cut:
                        segs.append(cur)
                        cur = []
                    g = tk.glue if k else ""
                    punct = "".join(ch for ch in g if not ch.isspace())
                    if k and punct and cur:
                        cur[-1]["w"] += punct
                    sp = (k == 0) or any(ch.isspace() for ch in g) or tk.text[0].isascii()
                    cur.append({"w": tk.text, "sp": sp, "frag": p, "cc": False})
        segs.append(cur)
        for sg in segs:
            if sg:
                lines.append((turn.spk, sg))
    # timings
    t = rng.uniform(0.2, 1.5)
    for spk, ws in lines:
        for w in ws:
            d = rng.uniform(0.12, 0.45)
            w["start"], w["end"] = round(t, 2), round(t + d, 2)
            t += d + rng.uniform(0.01, 0.12)
        t += rng.uniform(0.3, 1.4)
    lang = ctx.lang
    ents = {}
    ccs = []
    if shape == "flat":
        words = []
        for spk, ws in lines:
            for w in ws:
                d = {"word": w["w"], "start": w["start"], "end": w["end"]}
                if with_spk:
                    d["speaker"] = spk_names[0] if spk == "A" else spk_names[1]
                if conf:
                    d["confidence"] = round(rng.uniform(0.62, 0.99), 2)
                if w["frag"] is not None and w["frag"].labelled:
                    ents.setdefault(id(w["frag"]), (w["frag"], []))[1].append(len(words))
                if w["cc"]:
                    ccs.append(len(words))
                w["key"] = len(words)
                words.append(d)
        tr = {"words": words}
        if rng.random() < 0.4:
            tr = {"language": "zh" if lang != "en" else "en", "duration": round(t, 2), "words": words}
    else:
        segs = []
        for si, (spk, ws) in enumerate(lines):
            wl = []
            for wi, w in enumerate(ws):
                txt = w["w"]
                if lang == "en" or (w["sp"] and (txt[0].isascii())) or (wi == 0 and lang == "en"):
                    txt = " " + txt
                d = {"word": txt, "start": w["start"], "end": w["end"]}
                if conf:
                    d["probability"] = round(rng.uniform(0.55, 0.99), 2)
                if w["frag"] is not None and w["frag"].labelled:
                    ents.setdefault(id(w["frag"]), (w["frag"], []))[1].append([si, wi])
                if w["cc"]:
                    ccs.append((si, wi))
                w["key"] = (si, wi)
                wl.append(d)
            seg = {"id": si, "start": wl[0]["start"], "end": wl[-1]["end"], "text": "".join(x["word"] for x in wl).strip(), "words": wl}
            if with_spk:
                seg["speaker"] = spk_names[0] if spk == "A" else spk_names[1]
            segs.append(seg)
        tr = {"language": "zh" if lang != "en" else "en", "segments": segs}
    entities = []
    for fid, (f, keys) in ents.items():
        entities.append((f, keys))
    ctx.tags.append(f"asr {shape}{' spk' if with_spk else ''}{' conf' if conf else ''}")
    return {"transcript": tr}, entities, ccs, lines, with_spk


# ============================================================================================
# Checks at generation
# ============================================================================================

CN_NUM = set(ev.CN_VAL)
JOIN_EN = {"um", "uh", "er", "erm", "hmm", "mm", "and", "then", "dash", "hyphen", "space"}
JOIN_ZH2 = ("那个", "就是", "然后")
JOIN_ZH1 = set("呃嗯额杠")
BREAK_CH = "\u0001"


def digit_bearing(c):
    return ("0" <= c <= "9") or ("０" <= c <= "９") or c in CN_NUM or c in "Ｘ叉" or (c.isascii() and c.isalpha())


def lookalike_problem(s, versions):
    """Why an unlabelled run of digits (collapsed or expanded reading) could pass for a personal
    number, or None."""
    n = len(s)
    for i in range(n - 10):
        if re.fullmatch(r"1[3-9]\d{9}", s[i:i + 11]):
            return "mobile-shaped window"
    for ln in range(13, 20):
        for i in range(n - ln + 1):
            w = s[i:i + ln]
            if w.isdigit() and luhn_ok(w):
                return "Luhn-valid window"
    for i in range(n - 17):
        w = s[i:i + 18]
        if w[:17].isdigit() and id_check(w[:17]) == w[17].upper():
            return "MOD 11-2-valid window"
    if s.isdigit() and 10 <= n <= 12 and s[0] == "0":
        return "landline-shaped run"
    if n == 10 and re.fullmatch(r"[2-9]\d\d[2-9]\d{6}", s) and not s.startswith(("400", "800")):
        return "NANP-shaped run"
    if n == 8 and s.isdigit() and s[0] in "5689":
        return "HK/SG-mobile-shaped run"
    if n >= 6:
        for v in versions:
            for i in range(n - 5):
                if s[i:i + 6] in v:
                    return "piece of a labelled number"
    return None


def _letter_digits(w):
    parts = ev._decompose(w)
    if not parts:
        return None
    col, exp, mult = "", "", 1
    for prt in parts:
        if prt in MULT:
            mult = MULT[prt]
        else:
            d = ev.EN_VAL[prt]
            col += d
            exp += d * mult
            mult = 1
    return col, exp, mult


def scan(T, regions):
    """T's digit-bearing units and what lies between them: (start, end, type, col, exp, mult);
    type D digit, M multiplier, J joiner, B break."""
    reg = {s: (e, typ) for s, e, typ in regions if e > s}
    toks = []
    i, n = 0, len(T)
    while i < n:
        if i in reg:
            e, typ = reg[i]
            toks.append((i, e, typ, "", "", 1))
            i = e
            continue
        c = T[i]
        if c == BREAK_CH:
            toks.append((i, i + 1, "B", "", "", 1))
            i += 1
        elif "0" <= c <= "9":
            toks.append((i, i + 1, "D", c, c, 1))
            i += 1
        elif "０" <= c <= "９":
            d = str(ord(c) - 0xFF10)
            toks.append((i, i + 1, "D", d, d, 1))
            i += 1
        elif c in CN_NUM:
            toks.append((i, i + 1, "D", ev.CN_VAL[c], ev.CN_VAL[c], 1))
            i += 1
        elif c in "Ｘ叉":
            toks.append((i, i + 1, "D", "X", "X", 1))
            i += 1
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and T[j].isascii() and T[j].isalpha() and (j == i or j not in reg):
                j += 1
            w = T[i:j].lower()
            if w in JOIN_EN:
                toks.append((i, j, "J", "", "", 1))
            elif w == "x":
                toks.append((i, j, "D", "X", "X", 1))
            else:
                r = _letter_digits(w)
                if r is None:
                    toks.append((i, j, "B", "", "", 1))
                elif not r[0]:
                    toks.append((i, j, "M", "", "", r[2]))
                else:
                    toks.append((i, j, "D", r[0], r[1], 1))
                    if r[2] > 1:
                        toks.append((j, j, "M", "", "", r[2]))
            i = j
        elif is_cjk(c):
            if T.startswith(JOIN_ZH2, i):
                toks.append((i, i + 2, "J", "", "", 1))
                i += 2
            elif c in JOIN_ZH1:
                toks.append((i, i + 1, "J", "", "", 1))
                i += 1
            else:
                toks.append((i, i + 1, "B", "", "", 1))
                i += 1
        else:
            toks.append((i, i + 1, "J", "", "", 1))
            i += 1
    return toks


def runs_of(toks):
    runs, cur = [], []
    for t in toks:
        if t[2] == "B":
            if cur:
                runs.append(cur)
            cur = []
        elif t[2] in ("D", "M"):
            cur.append(t)
    if cur:
        runs.append(cur)
    return [r for r in runs if any(t[2] == "D" for t in r)]


def check_runs(T, regions, label_ranges, cc_ranges, versions, where):
    toks = scan(T, regions)
    for run in runs_of(toks):
        lab = []
        for t in run:
            if t[2] != "D":
                lab.append(None)
                continue
            if any(t[0] < e and s < t[1] for s, e in label_ranges):
                lab.append("L")
            elif any(s <= t[0] and t[1] <= e for s, e in cc_ranges):
                lab.append("C")
            else:
                lab.append("U")
        if "L" in lab and "U" in lab:
            s0, e0 = run[0][0], run[-1][1]
            raise Redraw(f"{where}: unlabelled digits run into a fragment: {T[max(0, s0 - 10):e0 + 10]!r}")
        if "L" in lab or "C" in lab:
            continue
        col, exp, mult = "", "", 1
        for t in run:
            if t[2] == "M":
                mult = t[5]
                continue
            col += t[3]
            exp += t[4][0] * mult + t[4][1:] if t[4] else ""
            mult = 1
        for sdig in ((col,) if exp == col else (col, exp)):
            prob = lookalike_problem(sdig, versions)
            if prob:
                s0, e0 = run[0][0], run[-1][1]
                raise Redraw(f"{where}: {prob}: {T[max(0, s0 - 10):e0 + 10]!r}")


def check_frag(f, shown, where, exact_end=True):
    """A fragment: its digits, its reading with the scorer's reader, its boundaries."""
    if not f.toks or f.toks[0].kind != "d" or f.toks[-1].kind != "d":
        raise Bug(f"{where}: fragment does not start and end with a digit-bearing word: {f.text!r}")
    if f.exp != f.version[f.a:f.b]:
        raise Bug(f"{where}: fragment {f.text!r} says {f.exp}, expected {f.version[f.a:f.b]}")
    got = "".join(u[3] for u in ev.read_units(shown))
    if got != f.col:
        raise Redraw(f"{where}: fragment {shown!r} reads {got}, expected {f.col}")
    units = ev.read_units(shown)
    if not units or units[0][0] != 0:
        raise Bug(f"{where}: fragment {shown!r} does not start at a digit")
    if exact_end and units[-1][1] != len(shown):
        raise Bug(f"{where}: fragment {shown!r} does not end at a digit")
    if shown.split(" ")[0].lower() in MULT:
        raise Bug(f"{where}: fragment starts with a multiplier")
    n = f.num
    if f.role in ("said", "piece", "echo", "readback", "corrected", "check-char"):
        if f.version != n.digits:
            raise Bug(f"{where}: role {f.role} on a wrong version")
    elif f.role in ("wrong", "misheard"):
        if f.version == n.digits:
            raise Bug(f"{where}: wrong version equals the number")
        if n.kind == "id_number" and id_valid(f.version) or n.kind == "bank_card" and luhn_ok(f.version):
            raise Bug(f"{where}: wrong version passes its check")
    elif f.role == "abandoned":
        if f.a != 0 or f.b >= len(f.version):
            raise Bug(f"{where}: abandoned fragment is not a prefix")
    else:
        raise Bug(f"{where}: role {f.role}")
    if f.role == "check-char" and f.a != 17:
        raise Bug(f"{where}: check-char not the 18th character")
    if f.last4_ok:
        pos = f.a
        lim = len(f.version) - 5
        for t in f.toks:
            if (t.kind == "m" or any(m in t.text.lower() for m in MULT)) and pos + max(1, len(t.exp)) > lim:
                raise Redraw(f"{where}: double/triple in the last five digits of a last4_ok phone")
            pos += len(t.exp)


def check_case(ctx, case, frag_labels, ccs, regions, asr_info=None):
    where = case["id"]
    for n in ctx.nums:
        if not num_valid(n):
            raise Bug(f"{where}: invalid number {n.digits}")
    versions = list(ctx.versions)
    if case["format"] in ("text", "vtt"):
        T = case["text"] if case["format"] == "text" else case["transcript_text"]
        label_ranges = []
        for s, e, f in frag_labels:
            shown = T[s:e]
            if shown != f.text:
                raise Bug(f"{where}: span text differs")
            if "\n" in shown or shown != shown.strip():
                raise Bug(f"{where}: span {shown!r} holds a line break or outer space")
            if s > 0 and digit_bearing(T[s - 1]) or e < len(T) and digit_bearing(T[e]):
                raise Redraw(f"{where}: a digit-bearing character beside {shown!r}: {T[max(0, s - 3):e + 3]!r}")
            check_frag(f, shown, where)
            label_ranges.append((s, e))
        cc_ranges = ccs
        check_runs(T, regions, label_ranges, cc_ranges, versions, where)
    else:
        entities, cc_keys, lines, with_spk = asr_info
        # the words as one reading text: words joined by spaces, lines by line breaks, a break where the speaker changes
        T = ""
        pos = {}
        prev = None
        for spk, ws in lines:
            if T:
                T += (BREAK_CH if with_spk and prev != spk else "") + "\n"
            prev = spk
            for k, w in enumerate(ws):
                if k:
                    T += " "
                pos[_key(w["key"])] = (len(T), len(T) + len(w["w"]))
                T += w["w"]
        words = {}
        for spk, ws in lines:
            for w in ws:
                words[_key(w["key"])] = w["w"]
        label_ranges = []
        for f, keys in entities:
            ks = [_key(k) for k in keys]
            shown = " ".join(words[k] for k in ks)
            check_frag(f, shown, where, exact_end=False)
            label_ranges.append((pos[ks[0]][0], pos[ks[-1]][1]))
        cc_ranges = [pos[_key(k)] for k in cc_keys]
        check_runs(T, [], label_ranges, cc_ranges, versions, where)
    problem = ev.builtin_case_problem(case, SET)
    if problem:
        raise Bug(problem)


def _key(k):
    return tuple(k) if isinstance(k, list) else k


# ============================================================================================
# The plan, the cases, the set
# ============================================================================================

# phenomenon: (zh, en, mixed), (text, vtt, asr-json)
PLAN = {
    "plain": ((11, 11, 8), (17, 5, 8)),
    "interruption": ((15, 14, 9), (21, 6, 11)),
    "continuation": ((12, 12, 8), (17, 6, 9)),
    "correction": ((16, 16, 10), (24, 6, 12)),
    "filler": ((13, 12, 9), (19, 5, 10)),
    "asr-chunks": ((13, 12, 9), (10, 4, 20)),
    "readback": ((15, 15, 10), (23, 6, 11)),
    "check-char-apart": ((12, 8, 6), (14, 4, 8)),
    "glued-words": ((0, 16, 10), (14, 4, 8)),
    "multi-number": ((15, 13, 10), (23, 5, 10)),
    "negative": ((28, 21, 11), (38, 9, 13)),
}
NEG_VARIANTS = ["spelled"] * 34 + ["arabic"] * 8 + ["member"] * 6 + ["not-given"] * 6 + ["chatter"] * 6
MULTI_KINDS = [["phone", "id_number"], ["phone", "bank_card"], ["id_number", "bank_card"], ["phone", "id_number", "bank_card"],
               ["bank_card", "phone"], ["id_number", "phone"]]
N_SECOND = 37
N_DIGIT_CHECK = 4


def make_plan(seed):
    rng = random.Random(f"{seed}/plan")
    plans = []
    for ph, (langs, fmts) in PLAN.items():
        n = sum(langs)
        assert n == sum(fmts), ph
        ls = ["zh"] * langs[0] + ["en"] * langs[1] + ["mixed"] * langs[2]
        fs = ["text"] * fmts[0] + ["vtt"] * fmts[1] + ["asr-json"] * fmts[2]
        rng.shuffle(ls)
        rng.shuffle(fs)
        kinds = (["phone", "id_number", "bank_card"] * (n // 3 + 1))[:n]
        rng.shuffle(kinds)
        for i in range(n):
            p = {"phenomenon": ph, "lang": ls[i], "format": fs[i], "kind": kinds[i]}
            if ph == "check-char-apart":
                p["kind"] = "id_number"
                p["digit_check"] = i < N_DIGIT_CHECK
            if ph == "multi-number":
                p["kinds"] = MULTI_KINDS[i % len(MULTI_KINDS)]
                p["kind"] = p["kinds"][0]
            if ph == "negative":
                p["kind"] = None
                p["neg"] = NEG_VARIANTS[i]
            plans.append(p)
    assert len(plans) == N_CASES
    rng.shuffle(plans)
    asr = [p for p in plans if p["format"] == "asr-json"]
    shapes = ["flat"] * 54 + ["whisper"] * (len(asr) - 54)
    rng.shuffle(shapes)
    for p, s in zip(asr, shapes):
        p["shape"] = s
    doms = (DOMAIN_KEYS * (N_CASES // len(DOMAIN_KEYS) + 1))[:N_CASES]
    rng.shuffle(doms)
    for p, d in zip(plans, doms):
        p["domain"] = d
    cand = [p for p in plans if p["phenomenon"] not in ("negative", "multi-number")]
    for p in rng.sample(cand, N_SECOND):
        p["second"] = True
    return plans


def build_case(idx, plan, rng, used):
    ctx = Ctx(rng, plan, used)
    turns, var = compose(ctx)
    normalise_parts(turns)
    fmt = plan["format"]
    apply_cuts(turns, fmt, plan.get("shape"))
    case = {"id": f"{SET}-{idx + 1:04d}", "set": SET, "phenomenon": plan["phenomenon"], "lang": plan["lang"], "format": fmt,
            "domain": plan["domain"], "variant": ""}
    if fmt == "text":
        payload, spans, ccs, regions = layout_text(ctx, turns)
        case.update(payload)
        case["spans"] = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role} for s, e, f in spans]
        frag_labels, asr_info = spans, None
    elif fmt == "vtt":
        payload, spans, ccs, regions = layout_vtt(ctx, turns)
        case.update(payload)
        case["spans"] = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role} for s, e, f in spans]
        frag_labels, asr_info = spans, None
    else:
        payload, entities, cc_keys, lines, with_spk = layout_asr(ctx, turns, plan["shape"])
        case.update(payload)
        case["entities"] = [{"kind": f.kind, "last4_ok": f.last4_ok, "role": f.role, "words": keys} for f, keys in entities]
        frag_labels, ccs, regions = None, None, None
        asr_info = (entities, cc_keys, lines, with_spk)
    extra = [t for t in ctx.tags if t not in ("replaces-reason",)]
    case["variant"] = "; ".join([var] + sorted(set(t for t in extra if t in ("near", "second"))) +
                                [t for t in extra if t not in ("near", "second")])
    check_case(ctx, case, frag_labels, ccs, regions, asr_info)
    # remember what the summary needs
    case["_nums"] = [(n.kind, n.sub) for n in ctx.nums]
    return case, ctx


def generate(seed):
    plans = make_plan(seed)
    used = set()
    cases = []
    redraws = Counter()
    for idx, plan in enumerate(plans):
        for attempt in range(MAX_REDRAWS):
            rng = random.Random(f"{seed}/{idx}/{attempt}")
            try:
                case, ctx = build_case(idx, plan, rng, used)
            except Redraw as e:
                redraws[str(e).split(":")[1].strip()[:40] if ":" in str(e) else str(e)[:40]] += 1
                continue
            used |= ctx.local
            cases.append(case)
            break
        else:
            raise Bug(f"case {idx + 1} ({plan}) could not be drawn in {MAX_REDRAWS} attempts")
    stats = summary_stats(cases)
    for c in cases:
        del c["_nums"]
    report = ev.require_set_checks(cases, SET)
    return cases, report, stats, redraws


def summary_stats(cases):
    st = {}
    st["phenomenon"] = Counter(c["phenomenon"] for c in cases)
    st["lang"] = Counter(c["lang"] for c in cases)
    st["format"] = Counter(c["format"] for c in cases)
    st["shape"] = Counter(("whisper" if "segments" in c["transcript"] else "flat") for c in cases if c["format"] == "asr-json")
    st["domain"] = Counter(c["domain"] for c in cases)
    labs = [l for c in cases for l in ev.labels_of(c)]
    st["kind"] = Counter(l["kind"] for l in labs)
    st["role"] = Counter(l["role"] for l in labs)
    st["last4"] = sum(l["last4_ok"] for l in labs)
    st["frags"] = len(labs)
    st["cases_with"] = Counter(k for c in cases for k in {l["kind"] for l in ev.labels_of(c)})
    st["multi_kind"] = sum(1 for c in cases if len({l["kind"] for l in ev.labels_of(c)}) >= 2)
    st["multi_num"] = sum(1 for c in cases if len(c["_nums"]) >= 2)
    st["phone_sub"] = Counter(sub for c in cases for k, sub in c["_nums"] if k == "phone")
    st["card_sub"] = Counter(sub for c in cases for k, sub in c["_nums"] if k == "bank_card")
    st["neg"] = Counter(next(k for k in ("spelled", "arabic", "member", "not-given", "chatter") if c["variant"].startswith("negative-" + k))
                        for c in cases if c["phenomenon"] == "negative")
    st["near"] = sum(1 for c in cases if "near" in c["variant"])
    st["second"] = sum(1 for c in cases if "second" in c["variant"])
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["xcheck"] = Counter(c["variant"].split(";")[0] for c in cases if c["phenomenon"] == "check-char-apart")
    return st


def summary(st):
    lines = []
    lines.append("phenomena: " + ", ".join(f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}, "
                                           f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]})" for p in ev.PHENOMENA))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(st["lang"].items())))
    lines.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(st["format"].items())) +
                 " (asr: " + ", ".join(f"{k} {v}" for k, v in sorted(st["shape"].items())) + ")")
    lines.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    lines.append(f"fragments {st['frags']}: " + ", ".join(f"{k} {v}" for k, v in sorted(st["kind"].items())) +
                 f"; last4_ok {st['last4']}; roles: " + ", ".join(f"{k} {v}" for k, v in sorted(st["role"].items())))
    lines.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(st["cases_with"].items())) +
                 f"; two or more kinds {st['multi_kind']}; two or more numbers {st['multi_num']}; second number {st['second']}; "
                 f"look-alike in the number's turn {st['near']}")
    lines.append("phones: " + ", ".join(f"{k} {v}" for k, v in sorted(st["phone_sub"].items())) +
                 "; cards: " + ", ".join(f"{k} {v}" for k, v in sorted(st["card_sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
