#!/usr/bin/env python3
"""Lagoon: 400 whole call-centre conversations for `callvault redact`, written by a sixteenth independent author.

    Tools/gen_redact_lagoon.py            # writes Tests/VaultRedactTests/Fixtures/conversations-lagoon.jsonl
    Tools/gen_redact_lagoon.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_lagoon.py --out PATH

Provenance. The set ("set": "lagoon", ids lagoon-0001 ... lagoon-0400) was written from the task
description (the statement of issue #15, "Redaction that holds on real conversations") and the scorer
Tools/eval_redact_conversations.py only: its case schema, labelling conventions, digit reader and its
structure / oracle checks (imported here and run on every case while it is written, and on the whole
set before anything is written). The redactor's sources (Sources/) and tests were not read, nothing
was built and the redactor was not run. Of the other generators only their module docstrings were read
(for the shared label conventions and to keep out of their domains), plus, in Tools/gen_redact_fjord.py,
the code wiring the scorer's checks and the --stdout / --out handling, which this file follows. No
template, phrase bank or sentence of another generator or fixture was copied: the dialogue frames, the
domain lines, the number renderings, the look-alikes and the layouts are this author's own (the head of
one fixture line of each format was looked at to confirm the JSON shapes). The scorer's --self-check
lists its splits by name and does not list this one; this generator runs the same checks itself.

Where the other sets' conventions disagree, the construction was left out rather than guessed: no
complete WRONG version of a phone number is ever said (a misheard phone read-back covers only its first
groups, a phone correction abandons a prefix or fixes a middle group), so no label depends on whether a
wrong phone's last four may show; no single-digit spoken correction ("那个四说错了，是九"); no
organisation landline with an area code (only 400 / 800 hotlines, which all sets treat as look-alikes);
no "ninety-nine" pair reading (the scorer's reader would count one digit of it).

Domains (twelve, none used by another set; 33 or 34 calls each): a pet crematorium, a chimney & flue
sweep, kayak & paddleboard hire, a bakery's celebration-cake and catering orders, aquarium maintenance,
costume / hanfu hire, hot-air balloon flights, a pottery studio, a cord-blood bank, car valeting &
detailing subscriptions, riding stables and escape-room bookings. Each has its own company names,
greetings, reasons for calling, agent follow-ups, reasons for wanting each kind of number, wrap-ups,
speaker labels (善终顾问/宠物主人, Boathouse/Paddler, 飞行调度/乘客, Game master/Player ...) and
references (case numbers, microchip numbers, stove models, boat numbers, order and pickup codes, tank
sizes, garment codes, vouchers, kiln batches, contracts, sample barcodes, plates, invoices ...), in
Chinese, English and code-switched Chinese/English.

Languages: Chinese 150, English 150, mixed code-switching 100 (also inside numbers: 幺三八 then English
words, Chinese numerals then Arabic groups, English words then Arabic).
Formats: plain text 220 (50 label layouts of this author's, e.g. `lab：`, `【lab】`, `〔lab〕`, `lab ▸ `,
`lab » `, `#lab> `, `|lab| `, `~lab~ `, `《lab》`, `▎lab：`, `lab:: `, `— lab: `, `{ts} ⟩ lab ⟩ `,
`lab@{ts}: `, `<{ts}> [lab] `, `{ts} | lab | `, `lab（{ts}）：`, and header-line layouts with label and
stamp on their own line; labels 坐席/客户, 客服/来电人, 甲/乙, Agent/Customer, Ag/Cu, A/B, numbered speakers
(Speaker 1, 说话人1, SPEAKER_00, S1, spk0, 通道A, Ch1), domain labels, an agent's name after the label;
81 stamped in one of hh:mm:ss, mm:ss, m:ss, hh:mm:ss.mmm, 62.4s, mm:ss.s, 1m02s or wall-clock (with and
without AM/PM); a turn that goes on is labelled again, bare, indented or dash-led; 16 with no speaker
labels at all: bare, dash-, bullet-, `>`- or stamp-led). WebVTT 60 (`<v lab>`, `<v lab>…</v>`,
`<v.agent lab>…</v>`, `lab: `, `lab：`, `[lab] `, `>> lab: `, dash and bare payloads; numeric, `cue-N`
or no cue ids; long and short timings, some with cue settings; optional title, Kind / Language header
lines and NOTE blocks; a turn that goes on is a new cue with or without its voice, or a second payload
line of the same cue). ASR JSON 120: 53 flat `words` (39 with per-word speakers, 27 with confidences, 7
with start_ms / end_ms, some with language / duration) and 67 Whisper-style `segments` with `words`
(leading-space words, Chinese one character a word, 24 with segment speakers, 30 with word
probabilities, 20 with a top-level text).

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 30 (12/11/7, 18/4/8): answered; volunteered with the reason for the call ("I booked under my
    mobile, …"); read out by the agent from the system; mid-sentence ("just have them ring … when
    they're close"); given after "hang on, let me find it" with no context word;
  interruption 40 (16/14/10, 23/6/11): one or two back-channels on their own line (嗯 / 在听 / go on /
    [crosstalk] sorry, go on …); the agent echoing the first piece; the agent asking a question in the
    middle (is this your own …? / slow down / you broke up / the screen froze); the agent's read-back cut
    by the caller's 对 / yes;
  continuation 32 (13/11/8, 19/4/9): the same speaker goes on on the next line / cue / segment (two or
    three pieces, at a group boundary or inside a group); "I'll read it out:" then the number alone on
    the next line; the agent reading a number off the screen over two lines;
  correction 42 (16/16/10, 24/7/11): an abandoned wrong prefix (哦不是 / 不对 / 说错了 / sorry, no wait /
    scratch that …), a restart of a right prefix (重新说一下 / let me start again), two abandoned attempts;
    for IDs and cards a complete wrong version then the corrected last group, the corrected middle group
    ("中间是…，不是…") or the whole number again; for phones a misheard first-groups read-back corrected
    in the middle and read back again;
  filler 34 (14/12/8, 20/4/10): two or three of 呃 / 嗯 / 那个 / 额 / 就是 / um / uh / er / erm / hmm
    inside one number, between groups or splitting a group, after a hesitant lead-in, and in a read-back;
  asr-chunks 36 (14/13/9, 9/7/20): ITN chunks spread over tokens, a digit a token, Chinese numerals one a
    token mixed with Arabic chunks, English words then Arabic, a number cut inside a group over two
    segments (7 Whisper entities over two segments) / cues / lines;
  readback 42 (17/15/10, 24/6/12): the whole number, its last four (尾号… / ending …), its first group,
    the agent reading all but the last four ("所以是……？") and the caller finishing; a misheard ID / card
    (failing its check) answered "不对，是…，不是…" and read back again; a misheard card / ID last four;
  check-char-apart 26 (11/9/6, 15/4/7): an ID's seventeen characters, then ……末尾是X / 最后是个叉 / "and
    the last character is X" on the same line, on the next line, or after the agent asks for it (X, x,
    Ｘ or 叉; three with a digit check character said apart);
  glued-words 26 (0/16/10, 15/4/7): English number words glued by the recogniser (fiveeight,
    threefiveohone, doublefive, oneoneseven) in a whole number, in the agent's read-back, or in two
    pieces around a back-channel;
  multi-number 32 (13/12/7, 18/5/9): two numbers of different kinds on one line, two or three numbers
    asked for turn by turn, a mobile and a backup landline;
  negative 60 (24/21/15, 35/9/16): look-alikes only. 33 hold a 15-19 digit reference said in English
    number words or Chinese numerals and 9 an Arabic one (tracking, batch, contract, serial, docket,
    transaction … numbers, some read back), all failing Luhn and MOD 11-2 and said after no ID or card
    context word; 4 an 11-digit membership number not shaped like a mobile; 4 a number asked for but not
    given; 10 domain chatter (amounts, dates, times, codes, 400 / 800 hotlines, plates, postcodes).
42 calls of the other phenomena carry a second number of another kind (74 cases hold two or more
numbers, 70 of two or more kinds) and 62 say a look-alike (order code, date, amount, time) in the same
turn as the number; greetings, reasons, follow-ups and wrap-ups carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code, valid
birth date, MOD 11-2 check character, X in most of the check-char cases), a bank card (UnionPay 16 / 19
digits, Visa, Mastercard incl. 2-series; Luhn-valid) or a phone number (PRC mobiles 1[3-9]x, landlines
with their area code, Hong Kong, Singapore, UK and US numbers, some after +86 / 0086 / 加86 / plus
eight six / (852) / +65 / +44 / plus one …) said by anybody is one fragment of its kind, with a "role":
said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char. Counts: 754 fragments,
id_number 285, phone 278, bank_card 191 (190 with last4_ok); per phenomenon phone/id/card: plain
12/12/10, interruption 37/45/27, continuation 18/22/31, correction 69/31/24, filler 16/20/11,
asr-chunks 24/19/19, readback 50/52/35, check-char-apart 2/52/2, glued-words 17/14/13, multi-number
33/18/19; cases holding a phone 148, an ID 153, a card 113; numbers: mobiles 66, +86 mobiles 19,
landlines 28, HK 9, SG 12, UK 10, US 10; cards UnionPay 65, Visa 27, Mastercard 21. A fragment runs
from its first digit-bearing word to its last (never starting with "double" / "triple") and holds the
separators and fillers inside it; in text and WebVTT it is a code-point span within one line (a number
cut over two lines is two fragments), in asr-json the list of its words (one entity over two Whisper
segments). A country code is not part of a phone fragment; a landline's area code is. `last4_ok` is set
exactly on phone fragments that end at the number's final digit with the right digits (the whole
number, its last piece, a full or last-four read-back); never on IDs, cards, abandoned prefixes, middle
pieces or misheard / wrong digits. No "double" / "triple" is said in the last five digits of a phone
fragment that has last4_ok. Every number is used by one case only.

Checks at generation (a failure of the generator aborts and nothing is written; a failed draw is drawn
again): every number valid (every misheard or wrong ID / card fails its check, every wrong mobile is
still 1[3-9]x); every fragment says, with double / triple expanded, exactly the digits of its place in
its version and reads, with the scorer's reader, exactly its collapsed digits (in asr-json, over its
words); spans start and end on a digit-bearing token and have no digit-bearing character (digit,
numeral, X / 叉, Latin letter) beside them. On what the redactor reads (each line's content, outside
labels, stamps, cue timings and headers; turn by turn when speakers are shown, as one stream when they
are not), runs of unlabelled digits joined across spaces, punctuation, line breaks, fillers and
and / then / dash / plus, read with and without double / triple expanded, have no 11-digit window
1[3-9]…, no 13-19 digit window passing Luhn, no 18-character window passing MOD 11-2, are no 10-12
digit run starting with 0, no 10-digit NANP-shaped run (400 / 800 aside), no 8-digit run starting
5 / 6 / 8 / 9, no 15 / 18-digit run starting with a province code, no 16 / 19-digit run with a card
prefix, hold no 6-digit piece of a labelled number and never run into a fragment (country codes
aside). The scorer's structure check and its built-in redactors pass on each case
(ev.builtin_case_problem) and on the set (ev.check_fixture_structure, ev.builtin_set_checks): the oracle
and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky ones
recall at most the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape,
domain, kind, second number); each case draws from its own random.Random seeded from the master seed,
its index and a redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import os
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: reader, structure and oracle checks)

SET = "lagoon"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-lagoon.jsonl")
MASTER_SEED = 5_240_117
N_CASES = 400
MAX_REDRAWS = 300


class Bug(Exception):
    """The generator itself is wrong (never a bad random draw): abort, write nothing."""


class Redraw(Exception):
    """This draw of a case broke a rule (a look-alike validates, a run touches a number ...)."""


# ============================================================================================
# Numbers
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_MAP = "10X98765432"


def id_check(d17):
    return ID_MAP[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] in "0123456789X" and id_check(s[:17]) == s[17]


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
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise Bug("no luhn digit")


COUNTIES = ["110105", "110108", "110114", "120104", "130104", "130602", "140105", "150102", "210102",
            "210203", "220104", "230103", "310104", "310115", "310112", "320106", "320583", "320214",
            "330106", "330212", "330302", "340104", "350203", "350102", "360102", "370212", "370102",
            "410105", "420106", "430111", "440106", "440305", "440604", "450103", "460106", "500105",
            "510107", "510681", "520102", "530111", "610113", "620102", "630104", "640104", "650102"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
             "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
             "65", "71", "81", "82", "91"}
MOBILE_PREFIX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151",
                 "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178",
                 "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195",
                 "197", "198", "199"]
AREA_CODES = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029", "0571", "0755", "0512",
              "0532", "0731", "0591", "0871", "0898", "0351", "0574", "0760"]
AREA_ZH = {"010": "北京", "021": "上海", "020": "广州", "022": "天津", "023": "重庆", "024": "沈阳", "025": "南京",
           "027": "武汉", "028": "成都", "029": "西安", "0571": "杭州", "0755": "深圳", "0512": "苏州", "0532": "青岛",
           "0731": "长沙", "0591": "福州", "0871": "昆明", "0898": "海口", "0351": "太原", "0574": "宁波", "0760": "中山"}
UNIONPAY_BINS = ["622202", "622848", "621700", "622588", "621483", "622262", "621661", "622700", "621226",
                 "622909", "623058", "621799", "622155", "621485"]
US_NPA = ["212", "312", "415", "617", "206", "303", "512", "646", "718", "925", "469", "503", "702", "919"]
UK_MOB = ["07700", "07911", "07387", "07452", "07508", "07723", "07849", "07960", "07412", "07594"]


@dataclass
class Num:
    kind: str            # phone | id_number | bank_card
    sub: str             # mobile, mobile86, landline, hk, sg, uk, uk44, us, us1, id, up16, up19, visa, mc
    digits: str          # what is said as the number (area code / trunk 0 included; country code not)
    cc: str | None       # country code said before it, or None
    groups: list

    def key(self):
        return (self.kind, self.digits)


def _rand_digits(rng, n, first=None):
    s = "".join(rng.choice("0123456789") for _ in range(n))
    if first:
        s = rng.choice(first) + s[1:]
    return s


def make_id(rng, check=None):
    while True:
        county = rng.choice(COUNTIES)
        y = rng.randint(1958, 2005)
        m = rng.randint(1, 12)
        dmax = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        d = rng.randint(1, dmax)
        seq = f"{rng.randint(0, 999):03d}"
        d17 = f"{county}{y:04d}{m:02d}{d:02d}{seq}"
        c = id_check(d17)
        if check == "X" and c != "X":
            continue
        if check == "digit" and c == "X":
            continue
        return d17 + c


def make_card(rng, sub):
    if sub in ("up16", "up19"):
        body = rng.choice(UNIONPAY_BINS) + _rand_digits(rng, (15 if sub == "up16" else 18) - 6)
    elif sub == "visa":
        body = "4" + _rand_digits(rng, 14)
    else:
        if rng.random() < 0.3:
            body = str(rng.randint(2221, 2720)) + _rand_digits(rng, 11)
        else:
            body = "5" + rng.choice("12345") + _rand_digits(rng, 13)
    return body + luhn_digit(body)


def make_phone_digits(rng, sub):
    if sub in ("mobile", "mobile86"):
        return rng.choice(MOBILE_PREFIX) + _rand_digits(rng, 8)
    if sub == "landline":
        ac = rng.choice(AREA_CODES)
        return ac + rng.choice("2345678") + _rand_digits(rng, 7)
    if sub == "hk":
        return rng.choice("569") + _rand_digits(rng, 7)
    if sub == "sg":
        return rng.choice("89") + _rand_digits(rng, 7)
    if sub == "uk":
        return rng.choice(UK_MOB) + _rand_digits(rng, 6)
    if sub == "uk44":
        return rng.choice(UK_MOB)[1:] + _rand_digits(rng, 6)
    if sub in ("us", "us1"):
        while True:
            nxx = rng.choice("23456789") + _rand_digits(rng, 2)
            if nxx != "555":
                return rng.choice(US_NPA) + nxx + _rand_digits(rng, 4)
    raise Bug(sub)


CC_OF = {"mobile86": "86", "hk": "852", "sg": "65", "uk44": "44", "us1": "1"}


def phone_groups(rng, sub, digits):
    n = len(digits)
    if sub in ("mobile", "mobile86"):
        return rng.choice([[3, 4, 4]] * 6 + [[11], [3, 3, 5], [4, 3, 4]])
    if sub == "landline":
        ac = 3 if digits[:3] in AREA_CODES else 4
        return rng.choice([[ac, 4, 4], [ac, 8], [ac, 4, 4], [ac, 3, 5]])
    if sub in ("hk", "sg"):
        return [4, 4]
    if sub == "uk":
        return rng.choice([[5, 6], [5, 3, 3], [5, 6]])
    if sub == "uk44":
        return rng.choice([[4, 6], [4, 3, 3]])
    if sub in ("us", "us1"):
        return [3, 3, 4]
    return [n]


def id_groups(rng):
    return rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18], [6, 6, 6], [4, 4, 4, 4, 2]])


def card_groups(rng, n):
    if n == 16:
        return rng.choice([[4, 4, 4, 4]] * 4 + [[16], [6, 6, 4]])
    return rng.choice([[4, 4, 4, 4, 3]] * 3 + [[19], [6, 6, 4, 3]])


# ============================================================================================
# Saying a number: tokens
# ============================================================================================

EN_WORD = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
           "7": "seven", "8": "eight", "9": "nine"}
CN_WORD = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}

ZH_FILLERS = ["呃", "嗯", "那个", "额", "就是", "呃呃", "嗯……"]
EN_FILLERS = ["um", "uh", "er", "erm", "uhh", "hmm", "um, like"]


@dataclass
class Tok:
    text: str
    kind: str            # 'd' digit-bearing, 'f' filler, 'm' a lone double/triple
    exp: str = ""        # digits said (double/triple expanded); for 'm' empty
    sep: str = ""        # text before it inside the fragment
    join: bool = False   # ASR: part of the previous word
    mult: int = 1        # for 'm'
    coll: str = ""       # digits as the scorer's reader collapses them


BRK = Tok("", "brk")


@dataclass
class Frag:
    kind: str
    role: str
    toks: list
    said: str            # the digits of the version this fragment belongs to (real or wrong)
    lo: int
    hi: int
    correct: bool
    num: Num
    merge: int = 0       # fragments cut by a line break share a merge id (one entity in ASR)

    @property
    def last4(self):
        return (self.kind == "phone" and self.correct and self.hi == len(self.num.digits)
                and self.role not in ("abandoned", "wrong", "misheard"))

    def text(self):
        return "".join((t.sep if i else "") + t.text for i, t in enumerate(self.toks))


@dataclass
class CC:
    """A country code said before a phone: not part of the fragment."""
    text: str


@dataclass
class NumStyle:
    lang: str = "zh"          # zh / en / mixed: picks defaults
    form: str = "ar"          # ar | cn | en | fw | mix (per group) | cnar (Chinese first groups, then Arabic)
    sep: str | None = None    # between groups
    fillers: int = 0
    glue: float = 0.0         # English: probability of gluing the next word on
    dbl: float = 0.0          # English: probability of double/triple on a repeated digit
    chunks: list | None = None  # ASR ITN chunk lengths instead of groups
    per_char: bool = False    # Chinese numerals / digits one token each
    one: str = "幺"           # 1 in Chinese numerals
    zero_en: str = "zero"
    xform: str = "X"
    filler_inside: bool = False


def _en_digit(d, st):
    if d == "X":
        return "X"
    if d == "0":
        return st.zero_en
    return EN_WORD[d]


def _cn_digit(d, st, rng):
    if d == "X":
        return "叉" if rng.random() < 0.5 else "X"
    if d == "1":
        return st.one
    if d == "0":
        return "零" if rng.random() < 0.9 else "〇"
    if d == "2" and rng.random() < 0.06:
        return "两"
    return CN_WORD[d]


def _x_text(st):
    return st.xform


def _piece_groups(groups, lo, hi):
    """Group lengths of the digits lo..hi of a number grouped as `groups`."""
    res = []
    pos = 0
    for g in groups:
        a, b = max(pos, lo), min(pos + g, hi)
        if a < b:
            res.append(b - a)
        pos += g
    return res


def say_digits(rng, digits, groups, st: NumStyle, protect_tail=0):
    """Tokens saying `digits` (already the piece), grouped by `groups` (lengths summing to len)."""
    assert sum(groups) == len(digits), (groups, digits)
    if st.chunks:
        groups = st.chunks
        assert sum(groups) == len(digits)
    lang = st.lang
    # group forms
    forms = []
    for gi, g in enumerate(groups):
        f = st.form
        if f == "mix":
            f = rng.choice(["cn", "en", "ar"]) if gi else rng.choice(["cn", "ar", "en"])
        elif f == "cnar":
            f = "cn" if gi < max(1, len(groups) // 2) else "ar"
        elif f == "encn":
            f = "cn" if gi < max(1, len(groups) // 2) else "en"
        elif f == "mixchunk":
            f = "cn" if (rng.random() < 0.45 and gi) else "ar"
        elif f == "enar":
            f = "en" if gi < max(1, len(groups) // 2) else "ar"
        forms.append(f)
    if st.sep is not None:
        gsep = st.sep
    elif lang == "zh":
        gsep = rng.choice([" ", " ", "，", "-", "、", ""]) if st.form in ("ar", "fw") else rng.choice([" ", "，", "", " "])
    elif lang == "en":
        gsep = rng.choice([" ", " ", "-", ", "]) if st.form in ("ar", "fw") else rng.choice([" ", ", ", "... ", ", "])
    else:
        gsep = rng.choice([" ", "，", " ", ", "])
    toks = []
    pos = 0
    n = len(digits)
    for gi, g in enumerate(groups):
        seg = digits[pos:pos + g]
        f = forms[gi]
        first_sep = gsep if gi else ""
        if f in ("en", "cn") and gi and forms[gi - 1] != f and gsep == "":
            first_sep = " "
        if gi and forms[gi - 1] != f and gsep == "" and "en" in (f, forms[gi - 1]):
            first_sep = " "
        if f in ("ar", "fw") and gi and forms[gi - 1] in ("ar", "fw") and gsep == "" and st.chunks:
            first_sep = " "
        gtoks = []
        if f in ("ar", "fw"):
            conv = (lambda c: FW.get(c, "Ｘ") if f == "fw" else c)
            if st.per_char:
                for k, c in enumerate(seg):
                    t = conv(c) if c != "X" else _x_text(st)
                    gtoks.append(Tok(t, "d", c, " " if k else first_sep))
            else:
                body = "".join(conv(c) if c != "X" else _x_text(st) for c in seg)
                if seg.endswith("X") and len(seg) > 1 and rng.random() < 0.3:
                    gtoks.append(Tok("".join(conv(c) for c in seg[:-1]), "d", seg[:-1], first_sep))
                    gtoks.append(Tok(_x_text(st), "d", "X", rng.choice([" ", ""]), join=False))
                else:
                    gtoks.append(Tok(body, "d", seg, first_sep, join=(gsep in ("-", "") and gi > 0 and not st.chunks and forms[gi - 1] in ("ar", "fw"))))
        elif f == "cn":
            chars = [_cn_digit(c, st, rng) for c in seg]
            if st.per_char or st.form == "mixchunk":
                for k, (c, ch) in enumerate(zip(seg, chars)):
                    gtoks.append(Tok(ch, "d", c, first_sep if k == 0 else ""))
            else:
                gtoks.append(Tok("".join(chars), "d", seg, first_sep))
        else:  # en words
            k = 0
            while k < len(seg):
                c = seg[k]
                absolute = pos + k
                run = 1
                while k + run < len(seg) and seg[k + run] == c and run < 3:
                    run += 1
                can_mult = (st.dbl and run >= 2 and c != "X" and absolute > 0
                            and absolute + run <= n - protect_tail and rng.random() < st.dbl)
                sp = first_sep if k == 0 else " "
                if can_mult:
                    if run == 3 and rng.random() < 0.6:
                        m, cnt = "triple", 3
                    else:
                        m, cnt = "double", 2
                    w = _en_digit(c, st)
                    if rng.random() < 0.35:
                        gtoks.append(Tok(m + w, "d", c * cnt, sp))
                    else:
                        gtoks.append(Tok(m, "m", "", sp, mult=cnt))
                        gtoks.append(Tok(w, "d", c, " "))
                    k += cnt
                    continue
                gtoks.append(Tok(_en_digit(c, st), "d", c, sp))
                k += 1
            if st.glue:
                merged = []
                for t in gtoks:
                    if merged and t.kind == "d" and merged[-1].kind == "d" and t.sep == " " and t.text != "X" \
                            and merged[-1].text != "X" and rng.random() < st.glue:
                        p = merged[-1]
                        merged[-1] = Tok(p.text + t.text, "d", p.exp + t.exp, p.sep)
                    else:
                        merged.append(t)
                gtoks = merged
        toks.extend(gtoks)
        pos += g
    # collapsed readings
    for t in toks:
        if t.kind == "d":
            t.coll = "".join(u[3] for u in ev.read_units(t.text))
    # fillers
    if st.fillers:
        slots = [i for i in range(1, len(toks)) if toks[i].kind == "d" and toks[i - 1].kind == "d"]
        rng.shuffle(slots)
        chosen = sorted(slots[:st.fillers], reverse=True)
        for i in chosen:
            nxt = toks[i]
            if lang == "en" or (lang == "mixed" and rng.random() < 0.5):
                fw = rng.choice(EN_FILLERS)
                fsep, nsep = rng.choice([(" ", " "), (", ", ", "), ("... ", "... "), (" ", "... ")])
            else:
                fw = rng.choice(ZH_FILLERS)
                fsep, nsep = rng.choice([("，", "，"), (" ", " "), ("", ""), ("……", ""), ("，", " ")])
            toks.insert(i, Tok(fw, "f", "", fsep))
            toks[i + 1] = Tok(nxt.text, nxt.kind, nxt.exp, nsep, False, nxt.mult, nxt.coll)
    return toks


def expand_exp(toks):
    out = []
    pend = 1
    for t in toks:
        if t.kind == "m":
            pend = t.mult
        elif t.kind == "d":
            e = t.exp
            if pend > 1:
                e = e[0] * pend + e[1:]
                pend = 1
            out.append(e)
    return "".join(out)


def coll_of(toks):
    return "".join(t.coll for t in toks if t.kind == "d")


def cut_tokens(rng, toks, inside=None):
    """Insert a line / segment cut (BRK) between two digit tokens; inside=True prefers a cut inside
    a group (tokens glued without a separator or one-digit tokens)."""
    slots = [i for i in range(1, len(toks)) if toks[i].kind == "d" and toks[i - 1].kind == "d"]
    if not slots:
        raise Redraw("no place to cut a number")
    if inside is not None:
        pref = [i for i in slots if (toks[i].sep in ("", " ") and (len(toks[i].exp) == 1 or toks[i].sep == "")) == inside]
        if pref:
            slots = pref
    i = rng.choice(slots)
    nt = toks[i]
    out = toks[:i] + [BRK, Tok(nt.text, nt.kind, nt.exp, "", False, nt.mult, nt.coll)] + toks[i + 1:]
    return out


# ============================================================================================
# A call: turns, lines, pieces
# ============================================================================================

@dataclass
class Turn:
    spk: str                 # A agent, C caller, S system / IVR, B second voice on the caller's side
    lines: list              # each a list of pieces: str | Frag | CC


def split_brk(turns):
    """Fragments holding a cut become two fragments on two lines of the same turn (text, WebVTT,
    Whisper segments); they share a merge id so that ASR keeps them as one entity."""
    out = []
    mid = 0
    for t in turns:
        lines = []
        for line in t.lines:
            cur = []
            for p in line:
                if isinstance(p, Frag) and any(x.kind == "brk" for x in p.toks):
                    k = next(i for i, x in enumerate(p.toks) if x.kind == "brk")
                    mid += 1
                    a_toks, b_toks = p.toks[:k], p.toks[k + 1:]
                    na = len(expand_exp(a_toks))
                    fa = Frag(p.kind, "piece" if p.role == "said" else p.role, a_toks, p.said, p.lo, p.lo + na, p.correct, p.num, mid)
                    fb = Frag(p.kind, "piece" if p.role == "said" else p.role, b_toks, p.said, p.lo + na, p.hi, p.correct, p.num, mid)
                    fa.orig = p
                    fb.orig = p
                    cur.append(fa)
                    lines.append(cur)
                    cur = [fb]
                else:
                    cur.append(p)
            lines.append(cur)
        out.append(Turn(t.spk, lines))
    return out


# ============================================================================================
# Layouts: plain text
# ============================================================================================

def ts_hms(t):
    t = int(t)
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def ts_ms(t):
    t = int(t)
    return f"{t // 60:02d}:{t % 60:02d}"


def ts_m(t):
    t = int(t)
    return f"{t // 60}:{t % 60:02d}"


def ts_hmsf(t):
    return f"{ts_hms(t)}.{int((t % 1) * 1000):03d}"


def ts_sec(t):
    return f"{t:.1f}s"


def ts_msf(t):
    return f"{int(t) // 60:02d}:{t % 60:04.1f}"


def ts_mins(t):
    t = int(t)
    return f"{t // 60}m{t % 60:02d}s"


def make_wall(rng):
    base = rng.randint(8 * 3600, 19 * 3600)
    ampm = rng.random() < 0.4

    def f(t):
        s = base + int(t)
        h, m, sec = s // 3600, s % 3600 // 60, s % 60
        if ampm:
            return f"{(h - 1) % 12 + 1}:{m:02d}:{sec:02d} {'AM' if h < 12 else 'PM'}"
        return f"{h:02d}:{m:02d}:{sec:02d}"
    return f


TS_STYLES = {
    "hms": ts_hms, "ms": ts_ms, "m": ts_m, "hmsf": ts_hmsf, "sec": ts_sec, "msf": ts_msf, "mins": ts_mins,
}

# label formats ({lab} label, {ts} stamp); my own layouts and common ones
LAB_FMTS = ["{lab}：", "{lab}: ", "【{lab}】", "[{lab}] ", "<{lab}> ", "{lab} - ", "〔{lab}〕", "{lab} ▸ ",
            "{lab} » ", "#{lab}> ", "({lab}) ", "|{lab}| ", "{lab} >> ", "{lab}｜", "— {lab}: ", "▎{lab}：",
            "{lab} => ", "《{lab}》", "{lab}:: ", "~{lab}~ "]
LAB_TS_FMTS = ["[{ts}] {lab}：", "[{ts}] {lab}: ", "{ts} {lab}: ", "{lab} ({ts}): ", "{ts} | {lab} | ",
               "{lab}@{ts}: ", "{ts} ⟩ {lab} ⟩ ", "<{ts}> [{lab}] ", "{lab} [{ts}]：", "{ts}  {lab}  ",
               "{lab}（{ts}）：", "【{ts}】{lab}：", "{lab} {ts}: ", "({ts}) {lab} - ", "{ts} 〔{lab}〕"]
BARE_FMTS = ["", "- ", "• ", "[{ts}] ", "{ts}  ", "> ", "· "]

LABELS = {
    "zh": [("坐席", "客户"), ("客服", "来电人"), ("接线员", "来电者"), ("话务员", "用户"), ("工作人员", "顾客"),
           ("客服专员", "客户"), ("甲", "乙"), ("服务台", "来电"), ("客服小组", "客户本人"), ("专员", "用户")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("A", "B"), ("CSR", "Client"), ("Operator", "Caller"),
           ("Advisor", "Customer"), ("AGENT", "CALLER"), ("Staff", "Guest"), ("Desk", "Member"), ("Host", "Caller"),
           ("Ag", "Cu")],
    "mixed": [("Agent", "客户"), ("客服", "Customer"), ("坐席", "Caller"), ("A", "B"), ("Rep", "来电人"),
              ("CS", "客户")],
    "num": [("Speaker 1", "Speaker 2"), ("说话人1", "说话人2"), ("SPEAKER_00", "SPEAKER_01"), ("S1", "S2"),
            ("spk0", "spk1"), ("通道A", "通道B"), ("Ch1", "Ch2")],
}
SYS_LABEL = {"zh": "系统", "en": "IVR", "mixed": "IVR"}
B_LABEL = {"zh": "家属", "en": "Partner", "mixed": "家属"}


@dataclass
class TextLayout:
    fmt: str
    labels: dict
    ts: object
    cont: str                 # relabel | bare | indent | dash
    header: bool = False
    nolabel: bool = False
    name: str = ""


def pick_text_layout(rng, ctx):
    lang = ctx.lang
    r = rng.random()
    ts = None
    tsname = None
    if r < 0.42:
        tsname = rng.choice(list(TS_STYLES) + ["wall"])
        ts = make_wall(rng) if tsname == "wall" else TS_STYLES[tsname]
    r2 = rng.random()
    if r2 < 0.1:
        fmt = rng.choice(BARE_FMTS)
        if "{ts}" in fmt and ts is None:
            tsname, ts = "hms", ts_hms
        if "{ts}" not in fmt:
            ts = None
        return TextLayout(fmt, {}, ts, "relabel", nolabel=True, name=f"nolabel:{fmt.strip() or 'bare'}" + (f"+{tsname}" if ts else ""))
    pool = LABELS[lang] * 2 + LABELS["num"] + [ctx.dom["labels"][lang if lang != "mixed" else rng.choice(["zh", "en"])]] * 2
    a, c = rng.choice(pool)
    labels = {"A": a, "C": c, "S": SYS_LABEL[lang], "B": B_LABEL[lang]}
    if rng.random() < 0.1 and ctx.agent_name:
        labels["A"] = f"{a}/{ctx.agent_name}" if lang != "en" else f"{a} ({ctx.agent_name})"
    header = rng.random() < 0.08
    if header:
        fmt = rng.choice(["{lab}", "{lab} {ts}", "[{ts}] {lab}", "{lab}（{ts}）", "### {lab}", "{lab} @ {ts}"])
        if "{ts}" in fmt and ts is None:
            tsname, ts = "ms", ts_ms
    elif ts is not None:
        fmt = rng.choice(LAB_TS_FMTS)
    else:
        fmt = rng.choice(LAB_FMTS)
    if "{ts}" not in fmt:
        ts = None
    cont = rng.choice(["relabel", "relabel", "bare", "indent", "dash"])
    return TextLayout(fmt, labels, ts, cont, header=header, name=f"{fmt}|{a}/{c}|{cont}" + (f"|{tsname}" if ts else ""))


def content_of(pieces):
    """Render a line's pieces: the string, fragment ranges [(frag, start, end)] and country-code ranges."""
    s = ""
    frs = []
    ccs = []
    for p in pieces:
        if isinstance(p, Frag):
            txt = p.text()
            frs.append((p, len(s), len(s) + len(txt)))
            s += txt
        elif isinstance(p, CC):
            ccs.append((len(s), len(s) + len(p.text)))
            s += p.text
        else:
            s += p
    return s, frs, ccs


def line_times(rng, turns):
    t = rng.uniform(0.3, 2.5)
    res = []
    for tu in turns:
        row = []
        for line in tu.lines:
            s, _, _ = content_of(line)
            dur = max(0.8, len(s) * (0.18 if re.search(r"[\u4e00-\u9fff]", s) else 0.065)) * rng.uniform(0.8, 1.25)
            row.append((t, t + dur))
            t += dur + rng.uniform(0.05, 0.5)
        res.append(row)
        t += rng.uniform(0.2, 1.4)
    return res


def render_text(rng, turns, lay: TextLayout):
    times = line_times(rng, turns)
    out = []
    spans = []
    pos = 0

    def emit(line):
        nonlocal pos
        out.append(line)
        pos += len(line) + 1

    for ti, tu in enumerate(turns):
        lab = lay.labels.get(tu.spk, "")
        if lay.header:
            if ti:
                emit("")
            emit(lay.fmt.format(lab=lab, ts=lay.ts(times[ti][0][0]) if lay.ts else ""))
        for li, line in enumerate(tu.lines):
            s, frs, _ = content_of(line)
            ts = lay.ts(times[ti][li][0]) if lay.ts else ""
            if lay.header:
                prefix = ""
            elif lay.nolabel:
                prefix = lay.fmt.format(ts=ts)
            elif li == 0 or lay.cont == "relabel":
                prefix = lay.fmt.format(lab=lab, ts=ts)
            elif lay.cont == "bare":
                prefix = ""
            elif lay.cont == "indent":
                prefix = " " * rng.choice([2, 4, 6])
            else:
                prefix = "  - "
            for f, a, b in frs:
                spans.append((f, pos + len(prefix) + a, pos + len(prefix) + b))
            emit(prefix + s)
    text = "\n".join(out)
    if rng.random() < 0.5:
        text += "\n"
    return text, spans


# ============================================================================================
# Layouts: WebVTT
# ============================================================================================

def vtt_time(t, short):
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


VTT_PAYLOADS = ["<v {lab}>{txt}", "<v {lab}>{txt}</v>", "{lab}: {txt}", "{lab}：{txt}", "[{lab}] {txt}",
                "- {txt}", "{txt}", "<v.{cls} {lab}>{txt}</v>", ">> {lab}: {txt}"]


def render_vtt(rng, turns, ctx):
    times = line_times(rng, turns)
    lang = ctx.lang
    a, c = rng.choice(LABELS[lang] + [ctx.dom["labels"][lang if lang != "mixed" else "zh"]])
    labels = {"A": a, "C": c, "S": SYS_LABEL[lang], "B": B_LABEL[lang]}
    pay = rng.choice(VTT_PAYLOADS)
    short = rng.random() < 0.35
    ids = rng.choice(["num", "num", "cue", "none", "none"])
    cont = rng.choice(["cue-voice", "cue-bare", "same-cue"])
    settings = rng.choice(["", "", "", " align:start", " line:85% align:center", " position:10% align:start"])
    head = ["WEBVTT" + rng.choice(["", "", " - call recording", " transcript"])]
    if rng.random() < 0.4:
        head.append("Kind: captions")
        head.append("Language: " + ("zh-CN" if lang != "en" else "en-GB"))
    parts = ["\n".join(head), ""]
    if rng.random() < 0.3:
        parts += [rng.choice(["NOTE automatic transcript, speaker names by diarisation",
                              "NOTE\nexported from the recorder, not reviewed",
                              "NOTE 自动转写，未经人工校对"]), ""]
    text = "\n".join(parts) + "\n"
    spans = []
    cue_no = rng.randint(1, 3)
    variant = f"vtt:{pay}|{ids}|{cont}|{'short' if short else 'long'}"
    for ti, tu in enumerate(turns):
        lab = labels[tu.spk]
        li = 0
        while li < len(tu.lines):
            group = [li]
            if cont == "same-cue":
                while len(group) < 2 and li + len(group) < len(tu.lines):
                    group.append(li + len(group))
            st, en = times[ti][group[0]][0], times[ti][group[-1]][1]
            if ids == "num":
                text += f"{cue_no}\n"
            elif ids == "cue":
                text += f"cue-{cue_no}\n"
            cue_no += 1
            text += f"{vtt_time(st, short)} --> {vtt_time(en, short)}{settings}\n"
            for gi, lj in enumerate(group):
                s, frs, _ = content_of(tu.lines[lj])
                first = gi == 0 and (lj == 0 or cont == "cue-voice")
                if first:
                    if "{lab}" in pay:
                        pre, post = pay.split("{txt}")
                        pre = pre.format(lab=lab, cls={"A": "agent", "S": "system"}.get(tu.spk, "caller"))
                    else:
                        pre, post = pay.split("{txt}")
                else:
                    pre, post = "", ""
                    if "</v>" in pay and gi == 0:
                        pre = "<v {lab}>".format(lab=lab) if cont == "cue-voice" else ""
                if "</v>" in pay and not (gi == len(group) - 1 and (first or pre)):
                    post = ""
                line = pre + s + post
                for f, a0, b0 in frs:
                    spans.append((f, len(text) + len(pre) + a0, len(text) + len(pre) + b0))
                text += line + "\n"
            text += "\n"
            li += len(group)
    return text, spans, variant


# ============================================================================================
# Layouts: ASR JSON
# ============================================================================================

# ============================================================================================
# Generic dialogue frames (this author's own); § marks where a number fragment goes
# ============================================================================================

KNAME = {
    "mobile": {"zh": ["手机号", "手机号码", "联系电话", "电话"], "en": ["mobile number", "phone number", "contact number", "mobile"],
               "mixed": ["手机号", "phone number", "mobile", "联系电话"]},
    "landline": {"zh": ["座机", "家里座机", "固定电话", "办公室电话"], "en": ["landline", "home number", "office line"],
                 "mixed": ["座机", "landline", "office 电话"]},
    "id_number": {"zh": ["身份证号", "身份证号码", "证件号码"], "en": ["ID number", "resident ID number", "ID card number"],
                  "mixed": ["身份证号", "ID number", "身份证 number"]},
    "bank_card": {"zh": ["银行卡号", "卡号", "银行卡卡号"], "en": ["card number", "long card number", "bank card number"],
                  "mixed": ["卡号", "card number", "银行卡 number"]},
}

G = {}


def bank(name, zh, en, mixed):
    G[name] = {"zh": zh, "en": en, "mixed": mixed}


bank("ask",
     ["麻烦说一下您的{k}。", "您的{k}是多少？", "{k}方便报一下吗？", "那您把{k}告诉我，我这边录一下。", "请问{k}是？",
      "我这边要登记您的{k}，您慢慢说。", "您{k}多少来着？", "那{k}呢？", "先把{k}给我吧。", "{k}您念一下，我打字。"],
     ["Could I take your {k}, please?", "And your {k}?", "Can you give me your {k}?",
      "I'll just need your {k} for the record.", "Mind reading me your {k}?", "What {k} should I put down?",
      "Right, {k} next, whenever you're ready.", "Go ahead with the {k}."],
     ["麻烦给我您的{k}，thanks。", "Can I have 您的{k}？", "那{k}呢？I'll note it down.", "您的{k} please？",
      "OK，{k}报一下？", "Next 是{k}，您说。"])
bank("ask_phone",
     ["留一个能打通的{k}吧。", "方便的话留个{k}，白天能接的。", "您看留哪个{k}合适？"],
     ["What's the best {k} for you?", "Which {k} is easiest to reach you on?", "What's a good {k} during the day?"],
     ["留个{k}吧，daytime 能接的。", "Which {k} 比较方便？"])
bank("ack",
     ["好的。", "明白了。", "哦，好的。", "行。", "了解。", "嗯，知道了。", "哦这样，好。"],
     ["Okay.", "Right, thanks.", "Ah, fair enough.", "Sounds good.", "Okay, great.", "Oh right, okay.", "Lovely."],
     ["OK 明白。", "好的 thanks。", "Got it，好的。", "哦 OK。"])
bank("answer",
     ["§。", "是§。", "好的，§。", "我的是§。", "您记一下：§。", "嗯，§，这是我本人的。", "§，您记好了。", "我报一下啊，§。",
      "那个……是§。", "行，你记：§。", "§，就这个。"],
     ["It's §.", "Sure, it's §.", "Yeah, §.", "Okay, so it's §.", "Right, got a pen? It's §.", "That'd be §.",
      "It is §, that's my own.", "Here we go: §.", "Yes — §.", "Let me see... §."],
     ["OK，是§。", "嗯，my number is §。", "好的，it's §。", "我的是§, OK？", "Sure，§。", "你记一下 ha，§。"])
bank("lead",
     ["好的，是", "嗯，我的是", "您记一下，", "是这样，", "好，前面是", "行，", "我看着念啊，"],
     ["Right, it's", "So it starts", "Okay, it's", "Yeah, so", "Ready? It's", "Sure, so that's"],
     ["OK，是", "嗯，it's", "好的 so，", "Right，前面是"])
bank("tail",
     ["。", "，就这些。", "，好了。", "，记下了吗？", "，没了。", "。"],
     [".", ", that's it.", ", and that's everything.", " — got that?", ".", ", done."],
     ["，that's it。", "。", "，OK 了。", ", 就这些。"])
bank("bc",
     ["嗯。", "嗯嗯。", "好。", "您说。", "在听。", "嗯，然后？", "好的，继续。", "对，您往下说。", "记着呢。", "嗯哼。", "好，后面呢？", "嗯，您接着说。",
      "[同时说话] 嗯，您先说。", "（听不清）……嗯，您继续。"],
     ["Mm-hm.", "Go on.", "Yep.", "Okay...", "Right, and then?", "Got that, keep going.", "Uh-huh.", "Sure.", "With you.",
      "Yeah, I'm writing.", "And?", "Mhm, carry on.", "[crosstalk] sorry, go on.", "— yep, sorry, after that?"],
     ["OK，您继续。", "嗯，go on.", "好的 got it，然后呢？", "Yes，记下了。", "嗯嗯 OK。", "Right，继续。", "[crosstalk] sorry，您说。"])
bank("resume",
     ["", "然后是", "后面是", "接着是", "嗯，", "对，"],
     ["", "then", "and then", "after that it's", "so,", "yeah,"],
     ["", "然后", "then", "后面是"])
bank("question",
     ["不好意思，是您本人的{k}吧？", "您慢一点，我在记。", "稍等，我这边刚卡了一下……好，您继续。", "等等我拿支笔……好了。",
      "不好意思信号不好，刚才后面没听清。"],
     ["Sorry — is this your own {k}?", "Slow down a touch for me?",
      "Sorry, you broke up there, after that?", "Just a sec, the screen froze... okay, carry on.", "Wait, let me grab a pen... right."],
     ["Sorry，是您本人的{k}吗？", "稍等，screen 卡了……OK 您继续。", "Slow 一点 please，我在记。", "信号不好，after that 是？"])
bank("question_phone",
     ["是手机号对吧？", "这是手机还是座机？"],
     ["Sorry — is that the mobile?", "Is that a mobile or a landline?"],
     ["是 mobile 对吧？"])
bank("q_reply",
     ["对，后面是", "是的，接着", "嗯，", "好，后面是", "对对，", "没事，"],
     ["Yes, then", "Yeah, it's mine, so", "Sure,", "After that it's", "No worries,", "Yep,"],
     ["对，then", "Yes，后面是", "嗯，", "OK，"])
bank("echo",
     ["§，嗯。", "§……好。", "§是吧？", "§，记下了。"],
     ["§, yep.", "§... okay.", "§, got it.", "§, right."],
     ["§，OK。", "§, 嗯。", "§，got it。"])
bank("echo_reply",
     ["对，", "对对，后面", "嗯，然后", "是，"],
     ["Yes, and", "That's it, then", "Yep, then", "Right, and"],
     ["对，then", "Yes，", "嗯，"])
bank("corr",
     ["，哦不是，", "……不对，", "，说错了，", "，重新说一下，", "，等等，我看错行了，", "，不好意思，刚才那个不对，", "……不对不对，",
      "，哎我报错了，是", "，呃不是这个，"],
     [", sorry, no wait, ", "... let me start again, ", ", scratch that, ", ", no no, hold on, ", " — hang on, that's wrong, ",
      "... sorry, I've jumbled it, from the top: ", ", wait, not that, it's ", " — ugh, wrong way round, "],
     ["，不对，sorry，", "... wait，说错了，", "，no no，重新说，", "，哎 sorry，从头来：", "... 不对不对, let me start again, "])
bank("rb_full",
     ["我复述一下，§，对吗？", "好，§，没错吧？", "跟您确认一下：§。", "§，对吧？", "我念一遍您听听，§。", "所以是§……？", "那我录的是§，您核对一下。"],
     ["So that's §, correct?", "Let me read that back: §.", "I've got §, is that right?", "Just to confirm, §?",
      "§ — have I got that right?", "Reading it back: §."],
     ["OK 我确认一下，§，right？", "So 是§，对吗？", "我 read back 一下：§。", "§，correct 吗？"])
bank("rb_last",
     ["尾号§对吧？", "后四位是§？", "最后四位§，没错吧？", "尾数§，是这个吧？"],
     ["Ending §?", "The last four are §, yes?", "And it finishes §?", "So it ends in §?"],
     ["尾号§, right?", "last four 是§？", "Ending 是§对吧？"])
bank("rb_first",
     ["开头是§？", "前面是§对吧？", "开头那几位是§？"],
     ["Starting §?", "It begins §, yes?", "And the start is §?"],
     ["开头是§, right?", "Starting 是§？"])
bank("confirm",
     ["对。", "没错。", "是的。", "对对对。", "嗯，对的。", "对，就是这个。"],
     ["Yes, that's it.", "Spot on.", "Correct.", "Yep, that's right.", "That's right.", "Yes."],
     ["对，correct。", "Yes，没错。", "对的 yes。", "嗯 that's right。"])
bank("deny",
     ["不对，是§，不是§。", "不是§，是§。", "错了一位，应该是§，您念成§了。"],
     ["No, it's §, not §.", "Not quite — §, not §.", "Close — it's § rather than §."],
     ["不对，是§, not §。", "No no，是§，不是§。"])
bank("deny_order", ["rw", "wr", "rw"], ["rw", "rw", "rw"], ["rw", "rw"])
bank("ok_fixed",
     ["好的，改过来了。", "抱歉抱歉，已经改了。", "明白，我更正一下。"],
     ["Sorry about that, fixed.", "Got it, corrected.", "My mistake, changed now."],
     ["OK，改好了，sorry。", "Got it，已经更正。"])
bank("thanks_num",
     ["好的，记下了。", "收到。", "好，录好了。", "行，没问题。"],
     ["Lovely, got that.", "Thanks, that's noted.", "Perfect.", "Great, all down."],
     ["OK，记下了。", "收到，thanks。", "Perfect，录好了。"])
bank("hang_on",
     ["您等一下，我找找……", "稍等，我去拿一下。", "我翻一下包，您别挂。", "等会儿啊，我得看一下。"],
     ["Hang on, let me find it...", "Bear with me, it's in my other bag...", "Two secs, I'll have to look it up.",
      "Just a moment, it's written down somewhere..."],
     ["等一下 ha，let me find it...", "Hold on，我找一下……"])
bank("no_rush",
     ["不着急。", "好的您慢慢来。", "没事，我等您。"],
     ["No rush.", "Take your time.", "That's fine, I'll wait."],
     ["No rush，慢慢来。", "没事，take your time。"])
bank("found",
     ["好了，§。", "找到了，§。", "喂，在吗？§。", "行了行了，§。"],
     ["Right, here it is: §.", "Okay, found it. §.", "Still there? §.", "Got it — §."],
     ["OK 找到了，§。", "Here，§。"])
bank("read_it",
     ["我念一下啊：", "您记：", "我对着卡念：", "我慢慢报："],
     ["I'll read it out:", "Okay, reading it off the card:", "Here goes:", "Right, slowly then:"],
     ["我念一下 ha：", "OK，reading it out："])
bank("screen",
     ["系统里显示的是§", "我这边看到的是§", "登记的是§"],
     ["The system's showing §", "What I've got here is §", "On file it says §"],
     ["System 里显示的是§", "我这边 show 的是§"])
bank("screen2",
     ["§，对吗？", "§，是这个吧？", "§，没变吧？"],
     ["§, is that right?", "§, still current?", "§ — does that sound right?"],
     ["§, 对吗？", "§，right？"])
bank("hesitant",
     ["呃……我想想啊，", "嗯，这个我得想一下，", "哎，那个……", "让我想想，"],
     ["Um, let me think,", "Uh, hang on, it's", "Er, right, so", "Erm, okay,"],
     ["呃，let me think，", "Um，那个，"])
bank("cut_reply",
     ["对。", "对对。", "嗯，对。"],
     ["Yes.", "Yep.", "That's it."],
     ["对，yes。", "Yes 对。"])
bank("cut_go",
     ["§，好的。", "§，嗯，记下了。", "§，没问题。"],
     ["§, lovely.", "§, great.", "§, perfect."],
     ["§, OK。", "§，好的 thanks。"])
bank("check_same",
     ["，最后一位是§", "，末尾是§", "……末尾是§", "，最后是个§", "，最后那个是§"],
     [", and the last character is §", ", then § at the end", "... ending in §", ", and it finishes with §"],
     ["，last 一位是§", "，最后是个§", ", and ends with §"])
bank("check_next",
     ["末尾是§。", "最后一位是§。", "最后是个§。", "还有最后一位，§。"],
     ["And the last character's §.", "Then §.", "Last of all, §.", "Plus § at the end."],
     ["最后是个§。", "And last 是§。"])
bank("check_ask",
     ["最后一位是？", "最后一个字符呢？", "末尾是数字还是字母？", "还差最后一位。"],
     ["And the last character?", "What's the final character, a digit or a letter?", "I'm missing the last bit.",
      "And it ends with?"],
     ["最后一位呢？the last character？", "还差 last 一位。"])
bank("check_ans",
     ["§。", "是§。", "大写的§。", "字母§。"],
     ["§.", "It's §.", "Capital §.", "Letter §."],
     ["§。", "大写的§，capital。"])
bank("check_ans_digit",
     ["§。", "是§。", "最后是§。"],
     ["§.", "It's §.", "Just §."],
     ["§。", "是§。"])
bank("wrong_whole",
     ["哎呀不对，我看错了一位，应该是§。", "等下，刚才那个有一位错了，是§。", "不好意思，重新报：§。"],
     ["Oh no, I misread a digit, it's actually §.", "Sorry, that was wrong, the right number is... §.",
      "Let me redo that properly: §."],
     ["Sorry，我看错了，应该是§。", "不对不对，redo 一下：§。"])
bank("wrong_last",
     ["不对，最后几位是§。", "后面那段错了，应该是§。", "最后一组说错了，是§。"],
     ["Sorry, the last bit's §.", "No, the end should be §.", "The final group's wrong — §."],
     ["不对，last 几位是§。", "Sorry，最后一组是§。"])
bank("mid_fix",
     ["中间是§，不是§。", "中间那段应该是§，不是§。"],
     ["The middle bit is §, not §.", "In the middle it's §, not §."],
     ["中间是§, not §。", "Middle 那段是§，不是§。"])
bank("ok_wait",
     ["好的……", "嗯，我输一下……", "稍等，录入中……"],
     ["Okay...", "Typing that in...", "Right, just entering it..."],
     ["OK……", "嗯，typing……"])
bank("volunteer_phone",
     ["我是用§这个号预约的，", "预约的时候留的电话是§，", "你们之前打的是我§这个手机，"],
     ["I booked under my mobile, §, and ", "You called me earlier from the booking on §, and ",
      "The booking's against §, "],
     ["我用§这个号 book 的，", "booking 是§这个 number，"])
bank("volunteer_card",
     ["我付款用的是§这张卡，", "上次刷的是尾号……不对，整张卡是§，"],
     ["I paid with the card ending... actually the whole card's §, and ", "The payment went on §, "],
     ["我 pay 的卡是§，"])
bank("volunteer_id",
     ["登记的是我身份证§，", "我的身份证号§，上次已经报过了，"],
     ["It's registered under my ID number, §, and ", "My ID number's §, I gave it last time, "],
     ["我身份证 number 是§，"])
bank("system_read",
     ["系统里登记的{k}是§，还是这个吗？", "我这边看到您的{k}是§，没变吧？", "您留的{k}是§，现在还用吗？"],
     ["I've got § on file as your {k}, is that still current?", "Your {k} on the system is §, still good?",
      "The {k} we have is §, has that changed?"],
     ["系统里您的{k}是§，still current 吗？", "我这边 show 的{k}是§，没变吧？"])
bank("still",
     ["对，还是这个。", "没变，就这个。", "嗯，能打通。"],
     ["Yes, same as ever.", "That's still right.", "Yep, unchanged."],
     ["对，same。", "Yes 没变。"])
bank("mid_phone",
     ["到了让师傅打§就行，我一般都在。", "你们到了直接打§，我下楼接。", "有事打§找我，白天都开机。"],
     ["Just have them ring § when they're close.", "Text § when it's ready and I'll pop in.",
      "If there's a problem, § is the number to try, any time after lunch."],
     ["到了 call §就行，我都在。", "有事 text §，OK？"])
bank("mid_card",
     ["钱退到§这张卡就行，别的卡我不用了。", "扣款就从§这张扣吧。"],
     ["Put the refund back on § please, that's the card I paid with.", "Take it from § — that's the card I use."],
     ["refund 退到§这张卡就行。"])
bank("mid_id",
     ["登记就用§这个证件，我本人的。", "写我的身份证§就行。"],
     ["Register it under §, that's my ID number.", "Put it under § — my ID number."],
     ["登记用§，我的 ID number。"])
bank("two_on_line",
     ["{k1}是§，{k2}是§。", "{k1}§，{k2}§。", "好，{k1}§，然后{k2}是§。", "我{k1}是§，{k2}的话是§。"],
     ["My {k1}'s §, and the {k2} is §.", "The {k1} is §. And {k2}, §.", "Right, {k1} §, {k2} §."],
     ["{k1}是§，{k2} is §。", "My {k1} 是§，{k2}是§。"])
bank("ask_two",
     ["麻烦把{k1}和{k2}都报一下。", "{k1}和{k2}我都需要登记一下。"],
     ["I'll need both your {k1} and your {k2}, please.", "Could I take the {k1} and the {k2}?"],
     ["{k1} 和 {k2} 都要，please。", "麻烦报一下{k1} and {k2}。"])
bank("more_contact",
     ["还有别的联系方式吗？万一打不通。", "有没有备用的号码？"],
     ["Is there a backup number, in case we can't reach you?", "Anything else we can try if that doesn't answer?"],
     ["有没有 backup number？", "万一打不通，还有别的 number 吗？"])
bank("backup",
     ["另外留个{k}吧，§，白天一般有人接。", "打不通就打{k}，§。"],
     ["If I don't answer, try the {k}, §.", "There's also a {k}, §, during office hours."],
     ["打不通就打{k}，§。", "Backup 是{k}，§。"])
bank("foreign_pre",
     ["我用的是{where}的号码，", "这是{where}的手机，"],
     ["It's a {where} number,", "That's my {where} mobile,"],
     ["是{where}的 number，", "{where} 的号码 ha，"])
bank("ivr",
     ["您好，为了保证服务质量，您的通话可能会被录音。", "欢迎致电，本次通话将被录音。"],
     ["This call may be recorded for quality and training purposes.", "Thanks for calling, calls are recorded."],
     ["您的通话可能会被录音，calls may be recorded。"])
bank("close",
     ["好的，那就这样，还有别的问题吗？", "没别的事了吧？那我先挂了。", "感谢来电，祝您生活愉快。", "行，有问题再联系我们。"],
     ["Is there anything else I can help with?", "Right, that's everything, thanks for calling.", "Lovely, have a good day.",
      "Anything else while I've got you?"],
     ["OK 那就这样，anything else？", "感谢来电，have a nice day。", "Thanks，有问题再 call 我们。"])
bank("bye",
     ["没了，谢谢。", "好的，再见。", "行，拜拜。", "没有了，麻烦你了。"],
     ["No, that's all, thanks.", "That's it, cheers.", "Great, bye now.", "Nothing else, thank you."],
     ["没了，thanks。", "OK bye bye。", "No 了，谢谢。"])
bank("not_given",
     ["号码我现在手边没有，回头发给你们行吗？", "卡不在身上，我晚点再打过来。", "这个我得问我老公，他身份证在他那。"],
     ["I haven't got it on me, can I ring back later?", "The card's at home, I'll call you back this evening.",
      "My husband has the details, I'll get him to call."],
     ["我现在没带，later 再打给你们行吗？", "卡不在身上，I'll call back。"])
bank("not_given_ok",
     ["没问题，您方便的时候打{hot}就行。", "可以的，记得报一下{ref}。"],
     ["No problem, ring {hot} whenever suits.", "That's fine, just quote {ref} when you call."],
     ["没问题，call {hot} 就行。", "OK，记得 quote {ref}。"])


# ============================================================================================
# Domains (twelve, none used by another set)
# refs: patterns for look-alike references ('#' digit, '%' digit 1-9, '@' letter without I/O/X),
# or a named generator; {r0} {r1} {r2} in a line are fresh values of them
# ============================================================================================

def dom(key, **kw):
    DOMAINS[key] = kw


DOMAINS = {}

dom("pet_cremation",
    names={"zh": ["安宁宠物善终中心", "彩虹桥宠物纪念馆"], "en": ["Evergreen Paws Pet Cremation", "Quiet Meadow Pet Crematorium"]},
    labels={"zh": ("善终顾问", "宠物主人"), "en": ("Care team", "Owner")},
    refs=["PC-%###-##", "chip15", "U-%#"],
    greet={"zh": ["您好，{name}，我是{agent}。", "{name}您好，我是善终顾问{agent}，请讲。"],
           "en": ["{name}, {agent} speaking, how can I help?", "Good afternoon, you're through to {name}. This is {agent}."],
           "mixed": ["您好 {name}，我是{agent}，how can I help？"]},
    reason={"zh": ["我家狗狗昨晚走了，想约{date}的单独火化。", "上周送过去一只猫，档案号{r0}，想问问骨灰什么时候能取。",
                   "你们网站上写单独火化{amt}，包不包上门接？", "我想加一个爪印纪念，{date}之前能做好吗？",
                   "它的芯片号是{r1}，登记的时候要用吗？"],
            "en": ["Hi, our old spaniel died this morning and the vet gave us your details.",
                   "I'm ringing about my cat's ashes, reference {r0}, I was told {date}.",
                   "Your site says {amt} for a private cremation, does that include collection?",
                   "We'd like a paw-print keepsake too, is there still time before {date}?",
                   "Her microchip is {r1}, in case you need it for the paperwork."],
            "mixed": ["您好，我家狗狗今天早上走了，vet 推荐了你们，想约个 private cremation。",
                      "想问一下 ashes 什么时候能 pick up，reference 是{r0}。"]},
    follow={"zh": ["请节哀。单独火化是{amt}，含上门接送，最早可以{date}。", "骨灰盒有木质和陶瓷的，木质那款{amt}。",
                   "如果想留一撮毛发做纪念，当天跟接送师傅说就行。"],
            "en": ["I'm so sorry. A private cremation is {amt} including collection, and the earliest is {date}.",
                   "Ashes usually come back within the week, in whichever casket you choose.",
                   "If you'd like to keep a little fur, just mention it to the driver on the day."],
            "mixed": ["请节哀。private cremation 是{amt}，包含 collection。"]},
    why={"phone": {"zh": ["接宠物的司机到之前会先打给您，留个{k}吧。", "骨灰好了我们发短信通知，需要一个{k}。"],
                   "en": ["The driver rings ahead about twenty minutes out, so what's the best {k}?",
                          "We text when the ashes are ready, so which {k} should that go to?"],
                   "mixed": ["driver 到之前会 call 您，留个{k}吧。"]},
         "id_number": {"zh": ["火化登记需要主人的{k}，这是备案要求。", "开火化证明要登记您的{k}。"],
                       "en": ["The cremation register needs the owner's {k}, it's a legal requirement here.",
                              "For the certificate I'll need your {k}, as it's printed on your card."],
                       "mixed": ["登记需要 owner 的{k}，是 regulation。"]},
         "bank_card": {"zh": ["押金会原路退回，麻烦给一下付款的{k}。", "尾款可以直接扣卡，您报一下{k}。"],
                       "en": ["The deposit goes back to the card you paid with, so can I take the {k}?",
                              "I can take the balance over the phone if you have the {k} handy."],
                       "mixed": ["deposit 退回原卡，麻烦报一下{k}。"]}},
    wrap={"zh": ["好的，都登记好了，再次请节哀。", "有任何问题随时打我们{hot}。"],
          "en": ["That's all arranged. We'll take good care of her.", "If anything comes up, our line is {hot}."],
          "mixed": ["OK 都安排好了，take care。"]})

dom("chimney_sweep",
    names={"zh": ["暖居烟道清扫", "炉边烟囱清洁服务"], "en": ["Sootaway Chimney Sweeps", "Black Brush Sweeps"]},
    labels={"zh": ("调度", "房主"), "en": ("Bookings", "Homeowner")},
    refs=["SW%#####", "HT-%##", "CERT-%#-%##"],
    greet={"zh": ["{name}，您好，调度{agent}。", "您好，这里是{name}，请问要预约清扫吗？"],
           "en": ["{name}, good morning, {agent} here.", "Hello, {name} bookings, {agent} speaking."],
           "mixed": ["您好，{name}，我是{agent}，booking 还是 enquiry？"]},
    reason={"zh": ["家里壁炉好久没扫了，想约{date}上门。", "上次师傅扫完给的证书编号{r2}，保险公司要复印件。",
                   "烟囱里好像有鸟窝，一烧就倒烟。", "我们是{cnt}层的老房子，烟道比较长，要加钱吗？"],
            "en": ["We've got a wood burner that hasn't been swept since we moved in, could someone come {date}?",
                   "The insurers want a sweep certificate, ours was {r2}.",
                   "I think there's a nest in the flue, the smoke keeps coming back into the room.",
                   "It's a {cnt}-storey house, does the price change for a taller stack?"],
            "mixed": ["壁炉想约个 sweep，{date} morning 有空吗？", "insurance 要 certificate，上次的编号是{r2}。"]},
    follow={"zh": ["标准清扫{amt}，含烟道检测，师傅大概{time}到。", "您的炉子是{r1}型号吧？那款要拆挡烟板。", "扫完会出证书，保险那边认的。"],
            "en": ["A standard sweep is {amt} with a smoke test, and he'd be with you about {time}.",
                   "Is it the {r1} stove? That model needs the baffle plate out.",
                   "You'll get a certificate on the day for the insurer."],
            "mixed": ["standard sweep 是{amt}，包括 smoke test。"]},
    why={"phone": {"zh": ["师傅出发前会打电话，留一个{k}。", "怕路上堵，到之前跟您联系，{k}多少？"],
                   "en": ["The sweep calls when he leaves the previous job, what {k} should he use?",
                          "In case we're held up, which {k} gets you during the day?"],
                   "mixed": ["师傅出发前会 call 您，{k}多少？"]},
         "id_number": {"zh": ["老小区物业要求登记业主的{k}，不然不让上屋顶。", "高空作业要业主签字备案，需要{k}。"],
                       "en": ["Your building management wants the owner's {k} on the roof-access permit.",
                              "For roof access the block asks us to log the resident's {k}."],
                       "mixed": ["物业要 owner 的{k}做 permit。"]},
         "bank_card": {"zh": ["定金{amt}，可以刷卡，报一下{k}。"],
                       "en": ["We take a {amt} deposit to hold the slot, can I take the {k}?"],
                       "mixed": ["hold slot 要{amt} deposit，{k}报一下？"]}},
    wrap={"zh": ["好的，前一晚记得别生火。", "师傅会带防尘布，您不用准备。"],
          "en": ["Lovely. No fire the night before, please.", "He'll bring dust sheets, nothing to prepare."],
          "mixed": ["OK，前一晚别生火 please。"]})

dom("kayak_hire",
    names={"zh": ["蓝湾皮划艇俱乐部", "鹭岛桨板租赁"], "en": ["Tidewater Kayak Hire", "Paddle & Pine Outfitters"]},
    labels={"zh": ("码头前台", "租客"), "en": ("Boathouse", "Paddler")},
    refs=["KY-%####", "@-%#", "@@@%#"],
    greet={"zh": ["{name}，您好，我是{agent}。", "您好，{name}码头前台。"],
           "en": ["{name}, {agent} on the boathouse desk.", "Hiya, {name}, what can I do for you?"],
           "mixed": ["Hi，{name}，我是{agent}，请讲。"]},
    reason={"zh": ["想订{date}的双人皮划艇，我们{cnt}个人。", "{time}那一场还有位置吗？", "我订单号{r0}，想改到下午。",
                   "上次押金{amt}还没退回来。"],
            "en": ["We'd like two sit-on-tops for {date}, {cnt} of us.", "Is there space on the {time} sunrise paddle?",
                   "My booking's {r0}, can I move it to the afternoon?", "The {amt} deposit from last weekend hasn't come back yet."],
            "mixed": ["想 book {date} 的 double kayak，{cnt}个人。", "我的 booking {r0} 想改到 afternoon。"]},
    follow={"zh": ["双人艇半天{amt}，含救生衣和防水袋。", "那天涨潮在{time}左右，建议早点出发。", "您上次开的是{r1}号艇，还给您留着？"],
            "en": ["A double for a half day is {amt} with buoyancy aids and a dry bag.",
                   "High water's around {time} that day, so earlier is calmer.", "You had boat {r1} last time, shall I hold it again?"],
            "mixed": ["half day 是{amt}，life jacket 都 included。"]},
    why={"phone": {"zh": ["下水期间我们要能联系到岸上的人，留一个紧急{k}。", "天气不好取消会短信通知，留下{k}。"],
                   "en": ["We need an emergency contact on shore while you're out, what's the {k}?",
                          "If the wind picks up we cancel by text, best {k}?"],
                   "mixed": ["天气不好会 text 您 cancel，留个{k}。"]},
         "id_number": {"zh": ["租船要实名登记，报一下{k}。", "保险是按人买的，需要您的{k}。"],
                       "en": ["The water-sports insurance is issued per person, so I need the lead booker's {k}.",
                              "Harbour rules: every rental is registered against the hirer's {k}."],
                       "mixed": ["insurance 按人买的，需要{k}。"]},
         "bank_card": {"zh": ["押金走预授权，给一下{k}。"],
                       "en": ["We hold a deposit on a card, nothing's charged unless the boat comes back damaged. What's the {k}?"],
                       "mixed": ["deposit 走 pre-auth，报一下{k}。"]}},
    wrap={"zh": ["好的，提前到码头签免责书。", "记得带换洗衣服。"],
          "en": ["Great, please come early for the safety talk.", "Bring a change of clothes, you will get wet."],
          "mixed": ["OK，记得 early 到码头签 waiver。"]})

dom("bakery_catering",
    names={"zh": ["麦穗烘焙定制", "小满蛋糕工坊"], "en": ["Crumb & Co. Celebration Cakes", "Hearth Street Bakery"]},
    labels={"zh": ("订单组", "顾客"), "en": ("Orders", "Customer")},
    refs=["CK%#####", "%###", "B%##-@"],
    greet={"zh": ["您好，{name}订单组，我是{agent}。", "{name}，您好，订蛋糕还是查订单？"],
           "en": ["{name}, orders desk, {agent} speaking.", "Hello, {name}, how can I help?"],
           "mixed": ["您好 {name}，order 还是 enquiry？"]},
    reason={"zh": ["想订一个{cnt}寸的生日蛋糕，{date}要。", "公司年会要{cnt}份茶歇点心，能送到{post}这边吗？",
                   "我订单号{r0}，想把奶油换成动物奶油。", "取货码是{r1}，但是店里说没找到我的单。"],
            "en": ["I need a tiered cake for {date}, serves about {cnt}.", "Can you do a tray of pastries for an office do, delivered to {post}?",
                   "Order {r0}, could we swap the sponge to lemon?", "My collection code is {r1} but the shop couldn't find it."],
            "mixed": ["想订一个 birthday cake，{date} pick up，大概{cnt}个人。", "order {r0} 想换 lemon sponge 可以吗？"]},
    follow={"zh": ["{cnt}寸的是{amt}，写字免费，数字蜡烛另算。", "配送费{amt}，{time}之前送到。", "动物奶油要加{amt}。"],
            "en": ["A {cnt}-inch is {amt}, writing's free, candles are extra.", "Delivery is {amt} and we aim to be there before {time}.",
                   "Fresh cream adds {amt}."],
            "mixed": ["{cnt}寸的是{amt}，写字 free。"]},
    why={"phone": {"zh": ["配送员到楼下会打电话，{k}留一个。", "做好了我们发取货短信，需要{k}。"],
                   "en": ["The driver rings from the door, so which {k}?", "We'll text when it's boxed up, what {k} should I use?"],
                   "mixed": ["做好了会 text 您，{k}多少？"]},
         "id_number": {"zh": ["大额订单要签合同，需要经办人的{k}。"],
                       "en": ["For a corporate account we need the signatory's {k} on the contract."],
                       "mixed": ["corporate account 要签 contract，需要经办人{k}。"]},
         "bank_card": {"zh": ["定金付一半，刷卡的话报一下{k}。"],
                       "en": ["We take half up front, {k} when you're ready?"],
                       "mixed": ["先付一半 deposit，{k}报一下？"]}},
    wrap={"zh": ["好嘞，到时候来取就行。", "蛋糕要冷藏，路上别太久。"],
          "en": ["Lovely, it'll be boxed and ready.", "Keep it cool on the way home."],
          "mixed": ["OK，到时候来 pick up 就行。"]})

dom("aquarium_care",
    names={"zh": ["蓝鳍水族养护", "水草家鱼缸维护"], "en": ["Reefkeepers Aquarium Care", "Clearwater Tank Services"]},
    labels={"zh": ("养护中心", "缸主"), "en": ("Service desk", "Tank owner")},
    refs=["AC-%###-##", "tank", "V%####"],
    greet={"zh": ["{name}，您好，我是{agent}。", "您好，{name}养护中心，请讲。"],
           "en": ["{name}, {agent} speaking.", "Good morning, {name} service desk."],
           "mixed": ["您好 {name}，我是{agent}，what's up with the tank？"]},
    reason={"zh": ["鱼缸水突然发白，鱼都浮头了，今天能来吗？", "我们签的是包年维护，合同号{r0}，这个月还没上门。",
                   "想换一台过滤桶，{amt}左右的有推荐吗？", "海水缸测了一下硝酸盐{ppm}，是不是太高了？"],
            "en": ["The water's gone cloudy overnight and the fish are gasping, can anyone come today?",
                   "We're on the annual plan, contract {r0}, and nobody's been this month.",
                   "I'm after a new canister filter, something around {amt}.", "Nitrate's reading {ppm} on the reef tank, should I be worried?"],
            "mixed": ["鱼缸突然 cloudy 了，fish 都浮头，今天能来吗？", "annual plan 合同{r0}，这个月没人来。"]},
    follow={"zh": ["您的缸是{r1}的吧？那得两个人来换水。", "上门一次{amt}，包括换水和清洗过滤棉。", "先别喂食，师傅{time}之前到。"],
            "en": ["That's the {r1} tank? Then it's a two-person water change.", "A visit is {amt} including a partial water change.",
                   "Hold off feeding, the technician can be there by {time}."],
            "mixed": ["先别 feed，师傅{time}之前到。"]},
    why={"phone": {"zh": ["师傅到小区门口会打{k}。", "水质报告出来了发到您{k}上。"],
                   "en": ["The technician rings from the gate, what's your {k}?", "We text the water report, which {k}?"],
                   "mixed": ["technician 到了会 call 您的{k}。"]},
         "id_number": {"zh": ["小区物业要求上门服务登记业主的{k}。"],
                       "en": ["The estate office logs visiting contractors against the owner's {k}."],
                       "mixed": ["物业要登记 owner 的{k}。"]},
         "bank_card": {"zh": ["包年可以按月扣，绑一下{k}？"],
                       "en": ["The annual plan is paid monthly, I just need the {k} to set that up."],
                       "mixed": ["annual plan 按月扣，{k}报一下？"]}},
    wrap={"zh": ["好，先开着增氧泵，师傅到了跟您联系。", "水质报告我们发您。"],
          "en": ["Keep the air pump running till he gets there.", "We'll send the water report afterwards."],
          "mixed": ["air pump 先开着，师傅到了 call 您。"]})

dom("costume_hire",
    names={"zh": ["锦衣阁汉服租赁", "幕后戏服出租"], "en": ["Curtain Call Costume Hire", "The Wardrobe Room"]},
    labels={"zh": ("租赁部", "租客"), "en": ("Hire desk", "Hirer")},
    refs=["HF-%##", "R%#####", "@%##"],
    greet={"zh": ["您好，{name}，我是{agent}。", "{name}租赁部，您好。"],
           "en": ["{name}, hire desk, {agent} here.", "Hello, {name}, how can I help?"],
           "mixed": ["您好 {name}，我是{agent}，rental 还是 return？"]},
    reason={"zh": ["下周拍写真，想租{cnt}套汉服，款号{r0}还有吗？", "租单{r1}，衣服拉链坏了，扣押金吗？",
                   "学校排话剧要{cnt}套戏服，{date}之前要。", "想问一下押金{amt}什么时候退。"],
            "en": ["We're doing a school play and need {cnt} costumes by {date}.",
                   "I hired {r0} for a party and the zip's gone, will that come off the deposit?",
                   "Rental {r1}, I'd like to keep it an extra day.", "When does the {amt} deposit come back?"],
            "mixed": ["下周拍 photoshoot，想租{cnt}套汉服，{r0}还有吗？", "rental {r1} 想 extend 一天。"]},
    follow={"zh": ["汉服一天{amt}，干洗费另算。", "{date}还回来就行，过了按天算。", "那款从S码到XL码都有，您穿多大？"],
            "en": ["It's {amt} a day plus cleaning.", "Return by {date} and there's no late fee.", "That piece comes in small to extra large."],
            "mixed": ["一天{amt}，cleaning 另算。"]},
    why={"phone": {"zh": ["衣服寄出后快递员会打{k}。", "到期前一天提醒您，留个{k}。"],
                   "en": ["The courier rings on delivery, what {k}?", "We send a reminder the day before it's due, best {k}?"],
                   "mixed": ["due 之前提醒您，留个{k}。"]},
         "id_number": {"zh": ["贵重的款式要实名登记，需要{k}。", "租赁合同要填租客的{k}。"],
                       "en": ["For the period pieces we register the hirer's {k}, they're worth a fair bit.",
                              "The hire agreement needs your {k}."],
                       "mixed": ["贵的款要实名，需要{k}。"]},
         "bank_card": {"zh": ["押金从卡里预授权，报一下{k}。"],
                       "en": ["The deposit is held on a card, could I take the {k}?"],
                       "mixed": ["deposit 走卡，{k}多少？"]}},
    wrap={"zh": ["好的，记得别自己洗，直接还回来。", "衣服会熨好再寄。"],
          "en": ["Please don't wash it yourself, just bring it back.", "It'll be pressed before it goes out."],
          "mixed": ["记得别自己 wash，直接还回来。"]})

dom("balloon_flights",
    names={"zh": ["云端热气球飞行营地", "彩虹谷热气球"], "en": ["Skyward Balloon Flights", "Dawn Drift Ballooning"]},
    labels={"zh": ("飞行调度", "乘客"), "en": ("Flight office", "Passenger")},
    refs=["SKY-%####", "B%", "@@%# %@@"],
    greet={"zh": ["{name}，您好，飞行调度{agent}。", "您好，{name}。"],
           "en": ["{name}, flight office, {agent} speaking.", "Good morning, {name}."],
           "mixed": ["您好 {name}，flight office，我是{agent}。"]},
    reason={"zh": ["想给爸妈订{date}清晨那班，两位。", "我有一张礼券，编号{r0}，今年还能用吗？",
                   "上次因为风大取消了，改到{date}可以吗？", "我们{cnt}个人，体重要报吗？我大概{wt}。"],
            "en": ["I've got a gift voucher, {r0}, is it still valid this season?", "Our flight on {date} was scrubbed for wind, can we rebook?",
                   "Is there space for {cnt} of us on a sunrise flight?", "Do you need our weights? I'm about {wt}."],
            "mixed": ["想订{date}的 sunrise flight，{cnt}个人。", "gift voucher {r0} 还能用吗？"]},
    follow={"zh": ["起飞时间是早上{time}，在营地停车场集合。", "每位{amt}，含香槟和飞行证书。", "风太大就不飞，前一晚通知。"],
            "en": ["Launch is {time}, meet in the field car park.", "It's {amt} per person with a certificate afterwards.",
                   "We only confirm the night before, it all depends on the wind."],
            "mixed": ["launch 是{time}，停车场集合。"]},
    why={"phone": {"zh": ["前一晚会打电话确认是否起飞，留个{k}。", "集合点有变化会通知您，{k}是？"],
                   "en": ["We confirm the night before by phone, which {k} will you have with you?",
                          "If the launch field changes we'll ring, what's the {k}?"],
                   "mixed": ["前一晚会 call 您 confirm，{k}是？"]},
         "id_number": {"zh": ["载人飞行要实名，需要每位乘客的{k}。"],
                       "en": ["Aviation rules here mean every passenger's {k} goes on the manifest."],
                       "mixed": ["manifest 要每位乘客的{k}。"]},
         "bank_card": {"zh": ["订金不退但可以改期，刷哪张卡？报一下{k}。"],
                       "en": ["The deposit's non-refundable but transferable, what's the {k}?"],
                       "mixed": ["deposit 不退但可以改期，{k}报一下。"]}},
    wrap={"zh": ["好的，记得穿平底鞋，带件外套。", "天亮前就出发，别迟到。"],
          "en": ["Flat shoes and a warm layer, please.", "It's an early start, so set an alarm."],
          "mixed": ["记得穿 flat shoes，带件外套。"]})

dom("pottery_studio",
    names={"zh": ["泥巴时光陶艺工作室", "窑火陶艺"], "en": ["Kiln & Clay Studio", "Wheelhouse Pottery"]},
    labels={"zh": ("工作室", "学员"), "en": ("Studio", "Student")},
    refs=["P%###", "K%-%##", "M%#####"],
    greet={"zh": ["{name}，您好，我是{agent}。", "您好，这里是{name}。"],
           "en": ["{name}, {agent} speaking.", "Hi there, {name}."],
           "mixed": ["Hi，{name}，我是{agent}。"]},
    reason={"zh": ["我上周拉坯的作品什么时候烧好？批次号{r1}。", "想买{cnt}节课的套餐，{amt}那个。",
                   "周六下午{time}的亲子课还有位置吗？", "我的杯子烧裂了，能重做吗？"],
            "en": ["When will my pieces from last week be out of the kiln? Batch {r1}.", "I'd like the {cnt}-class pack, the {amt} one.",
                   "Any space on the Saturday {time} wheel class?", "My mug cracked in the firing, can I redo it?"],
            "mixed": ["我的 pieces 什么时候 fire 好？batch {r1}。", "想买{cnt}节课的 class pack。"]},
    follow={"zh": ["素烧加釉烧大概{cnt}天，烧好通知您。", "套餐有效期半年，会员号是{r2}。", "特殊釉料{amt}一种。"],
            "en": ["Bisque and glaze together take about {cnt} days, we'll message you.", "Your member number will be {r2}.",
                   "Special glazes are {amt} each."],
            "mixed": ["bisque 加 glaze 大概{cnt}天。"]},
    why={"phone": {"zh": ["作品烧好了发短信，留个{k}。", "课程调整会打{k}通知。"],
                   "en": ["We text when your pieces are ready, which {k}?", "If a class moves we ring round, what's your {k}?"],
                   "mixed": ["作品 ready 了会 text 您，{k}是？"]},
         "id_number": {"zh": ["办年卡要实名，{k}说一下。"],
                       "en": ["Annual memberships are registered against the member's {k}, could I take it?"],
                       "mixed": ["annual membership 要实名，{k}说一下。"]},
         "bank_card": {"zh": ["套餐可以刷卡，{k}报一下？"],
                       "en": ["I can take the pack on a card, what's the {k}?"],
                       "mixed": ["class pack 刷卡，{k}多少？"]}},
    wrap={"zh": ["好的，来的时候穿旧衣服。", "围裙工作室有，不用带。"],
          "en": ["Wear something you don't mind getting muddy.", "Aprons are provided."],
          "mixed": ["记得穿旧衣服，apron 我们有。"]})

dom("cord_blood_bank",
    names={"zh": ["安康脐带血库", "生命源干细胞库"], "en": ["Lifeline Cord Blood Bank", "StemSafe Family Cord Bank"]},
    labels={"zh": ("客服中心", "家长"), "en": ("Client care", "Parent")},
    refs=["CB%#########", "barcode", "%###"],
    greet={"zh": ["{name}客服中心，您好，我是{agent}。", "您好，{name}，请问有什么可以帮您？"],
           "en": ["{name} client care, {agent} speaking.", "Hello, {name}, how can I help today?"],
           "mixed": ["您好 {name}，client care，我是{agent}。"]},
    reason={"zh": ["我是{date}签约的，合同号{r0}，想问今年的保管费。", "预产期是{date}，采集包还没寄到。",
                   "宝宝的样本条码是{r1}，想查一下检测报告。", "保管费{amt}能不能分期？"],
            "en": ["I signed up on {date}, contract {r0}, and want to check this year's storage fee.",
                   "My due date is {date} and the collection kit hasn't arrived.", "The sample barcode is {r1}, can I get the lab report?",
                   "Can the {amt} storage fee be spread out?"],
            "mixed": ["预产期是{date}，collection kit 还没到。", "合同{r0}，想问 storage fee。"]},
    follow={"zh": ["年度保管费是{amt}，{date}前缴就行。", "采集包今天发顺丰，单号{track}。", "报告一般{cnt}个工作日出来。"],
            "en": ["The annual fee is {amt}, due by {date}.", "The kit goes out today, tracking {track}.",
                   "Lab reports take about {cnt} working days."],
            "mixed": ["annual fee 是{amt}，{date}前交。"]},
    why={"phone": {"zh": ["分娩前后要随时联系，留一个家属{k}。", "采集员到医院会打{k}。"],
                   "en": ["We need a number we can reach around the birth, the birth partner's {k} is fine.",
                          "The collector rings when they reach the hospital, which {k}?"],
                   "mixed": ["生产前后要 contact 您，留个{k}。"]},
         "id_number": {"zh": ["签约和样本入库都要母亲的{k}。", "保管合同是实名的，需要{k}。"],
                       "en": ["The storage contract is in the mother's name, so I need her {k}.",
                              "The consent form needs the parent's {k}."],
                       "mixed": ["contract 是实名的，需要妈妈的{k}。"]},
         "bank_card": {"zh": ["保管费可以绑卡自动扣，{k}报一下。"],
                       "en": ["We can set the annual fee up on a card, what's the {k}?"],
                       "mixed": ["fee 可以 auto-pay，{k}报一下。"]}},
    wrap={"zh": ["好的，采集包收到后先别拆封。", "祝您生产顺利。"],
          "en": ["Keep the kit sealed until the day.", "Best of luck with the birth."],
          "mixed": ["kit 收到先别拆，祝一切顺利。"]})

dom("car_valeting",
    names={"zh": ["洁驰洗车美容", "光亮汽车美容"], "en": ["Shine Bay Car Valeting", "Gleam Team Detailing"]},
    labels={"zh": ("门店", "车主"), "en": ("Bay", "Driver")},
    refs=["plate", "W%#####", "@@-%"],
    greet={"zh": ["{name}，您好，我是{agent}。", "您好，{name}门店。"],
           "en": ["{name}, {agent} speaking.", "Hiya, {name}."],
           "mixed": ["您好 {name}，booking 还是 membership？"]},
    reason={"zh": ["我车牌{r0}，办的洗车年卡，怎么还扣钱了？", "想做一次镀晶，{amt}那个套餐。", "周日{time}能来洗吗？",
                   "上次打蜡的时候把后视镜刮了。"],
            "en": ["My reg's {r0}, I'm on the monthly plan but got charged again.", "I'd like the ceramic coat, the {amt} package.",
                   "Can I bring it in Sunday at {time}?", "The mirror got scratched at the last wax."],
            "mixed": ["车牌{r0}，monthly plan 怎么还扣钱？", "想做 ceramic coating，{amt}那个。"]},
    follow={"zh": ["年卡是{amt}，不限次数，周末要预约。", "精洗大概要{cnt}个小时。", "会员号{r1}，我看到了。"],
            "en": ["The plan is {amt} a month, unlimited washes.", "A full valet takes about {cnt} hours.", "Member {r1}, I can see it."],
            "mixed": ["full valet 大概{cnt}个小时。"]},
    why={"phone": {"zh": ["车洗好了短信通知您来取，{k}多少？", "师傅检车有问题会打{k}。"],
                   "en": ["We text when it's ready to collect, what {k}?", "If we spot damage on the walk-round we'll ring, which {k}?"],
                   "mixed": ["车 ready 了会 text 您，{k}？"]},
         "id_number": {"zh": ["年卡是实名的，需要登记{k}。"],
                       "en": ["Plan memberships are registered against the holder's {k}."],
                       "mixed": ["membership 实名，需要{k}。"]},
         "bank_card": {"zh": ["自动续费绑一张卡，{k}报一下。"],
                       "en": ["The plan renews on a card, what's the {k}?"],
                       "mixed": ["auto renew 绑卡，{k}报一下。"]}},
    wrap={"zh": ["好的，车里贵重物品记得拿走。", "到店报车牌就行。"],
          "en": ["Please take valuables out of the car.", "Just give your reg at the bay."],
          "mixed": ["记得把 valuables 拿走。"]})

dom("riding_stables",
    names={"zh": ["青骢马术俱乐部", "北坡马场"], "en": ["Hollybrook Riding Stables", "Meadowgate Equestrian"]},
    labels={"zh": ("马场前台", "骑手"), "en": ("Yard office", "Rider")},
    refs=["L%####", "INV-%####", "@%"],
    greet={"zh": ["{name}前台，您好，我是{agent}。", "您好，{name}。"],
           "en": ["{name}, yard office, {agent} speaking.", "Morning, {name}."],
           "mixed": ["您好 {name}，yard office。"]},
    reason={"zh": ["想给孩子报{cnt}节入门课，周六{time}有吗？", "我的马寄养在你们这，发票{r1}金额不对。",
                   "骑手体重{wt}，能骑大马吗？", "上次课取消了，退款{amt}还没到。"],
            "en": ["I'd like a block of {cnt} beginner lessons for my daughter, Saturdays at {time}.",
                   "My horse is on livery with you and invoice {r1} looks wrong.", "I'm about {wt}, is there a horse that'd suit?",
                   "The {amt} refund for the cancelled lesson hasn't come through."],
            "mixed": ["想给孩子 book {cnt}节 beginner lessons。", "livery invoice {r1} 金额不对。"]},
    follow={"zh": ["一节课{amt}，包含头盔和护具。", "马场{date}封场保养。", "课程编号{r0}，我给您留着。"],
            "en": ["A lesson is {amt} with a hat and body protector.", "The arena's closed on {date} for resurfacing.",
                   "Lesson booking {r0}, I've held it for you."],
            "mixed": ["一节课{amt}，helmet 包含。"]},
    why={"phone": {"zh": ["教练有变动会提前打{k}。", "下雨停课会发短信，留个{k}。"],
                   "en": ["If the instructor changes we ring ahead, what {k}?", "Rain cancellations go out by text, best {k}?"],
                   "mixed": ["下雨 cancel 会 text 您，{k}？"]},
         "id_number": {"zh": ["马术运动保险需要实名，要骑手的{k}。"],
                       "en": ["The riding insurance needs the rider's {k}."],
                       "mixed": ["insurance 需要骑手的{k}。"]},
         "bank_card": {"zh": ["寄养费月结，绑一张卡扣款，{k}是？"],
                       "en": ["Livery's billed monthly to a card, what's the {k}?"],
                       "mixed": ["livery 月结，{k}报一下。"]}},
    wrap={"zh": ["好的，记得穿有跟的靴子。", "第一次来提前到，要试头盔。"],
          "en": ["Boots with a small heel, please.", "Come early the first time so we can fit a hat."],
          "mixed": ["记得穿 boots，提前到。"]})

dom("escape_room",
    names={"zh": ["夜行者密室逃脱", "迷城密室"], "en": ["Locked Lantern Escape Rooms", "Cipher House"]},
    labels={"zh": ("前台", "玩家"), "en": ("Game master", "Player")},
    refs=["ER-%###", "@%", "@@@%#"],
    greet={"zh": ["{name}，您好，我是{agent}。", "您好，{name}前台。"],
           "en": ["{name}, {agent} speaking.", "Hi, {name}, bookings."],
           "mixed": ["Hi，{name}，我是{agent}。"]},
    reason={"zh": ["想订周五晚上{time}的古墓主题，{cnt}个人。", "团购券码{r2}，能用在恐怖本吗？", "订单{r0}想改人数，多了两个朋友。",
                   "上次落了一个充电宝在你们那。"],
            "en": ["Can we book the tomb room Friday at {time}, group of {cnt}?", "I've got a voucher code, {r2}, does it work on the horror rooms?",
                   "Booking {r0}, we've got extra friends joining.", "I think I left a power bank there on {date}."],
            "mixed": ["想 book 周五{time}的 tomb room，{cnt}个人。", "voucher {r2} 能用吗？"]},
    follow={"zh": ["每人{amt}，人多可以打折。", "提前到场，要讲规则。", "那个房间是{r1}，难度比较高。"],
            "en": ["It's {amt} per head, with a discount for bigger groups.", "Please arrive early for the briefing.",
                   "That's room {r1}, it's our hardest."],
            "mixed": ["每人{amt}，group 有折扣。"]},
    why={"phone": {"zh": ["开场前会发短信提醒，留个{k}。", "临时有变动会打{k}。"],
                   "en": ["We send a reminder text before the session, what {k}?", "If the room's delayed we'll ring, which {k}?"],
                   "mixed": ["开场前会 text 您，{k}？"]},
         "id_number": {"zh": ["夜场规定要登记一位成年人的{k}。"],
                       "en": ["For late sessions the venue requires an adult's {k} on the booking."],
                       "mixed": ["late session 要登记成年人的{k}。"]},
         "bank_card": {"zh": ["订金走卡，报个{k}。"],
                       "en": ["The deposit goes on a card, what's the {k}?"],
                       "mixed": ["deposit 走卡，{k}？"]}},
    wrap={"zh": ["好的，到时候见，别迟到哦。", "胆小的朋友可以选低恐版。"],
          "en": ["See you then, don't be late.", "We can tone the scares down if anyone's nervous."],
          "mixed": ["OK see you，别迟到。"]})

AGENT_NAMES = {"zh": ["小林", "王敏", "陈工", "阿杰", "周周", "李姐", "小唐", "胡老师", "安安", "老郑"],
               "en": ["Priya", "Tom", "Megan", "Dev", "Siobhan", "Marcus", "Hollie", "Gareth", "Wen", "Jo"]}


# ============================================================================================
# Look-alikes (never labelled): amounts, dates, times, references ...
# ============================================================================================

LETTERS = "ABCDEFGHJKLMNPQRSTUVWYZ"     # no I, O, X: they would read as digits / a check character
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ZH_WEEK = "一二三四五六日"
PLATE_PROV = "浙沪粤苏京川鄂湘闽鲁豫"
CN_SMALL = {2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 8: "八"}


def harmless(d):
    """An unlabelled run of digits (X allowed) that no personal-number rule would take."""
    n = len(d)
    if n >= 11:
        for i in range(n - 10):
            if re.fullmatch(r"1[3-9]\d{9}", d[i:i + 11]):
                return False
    if n >= 13:
        for L in range(13, min(19, n) + 1):
            for i in range(n - L + 1):
                if luhn_ok(d[i:i + L]):
                    return False
    if n >= 18:
        for i in range(n - 17):
            w = d[i:i + 18]
            if w[:17].isdigit() and id_ok(w):
                return False
    if 10 <= n <= 12 and d[0] == "0":
        return False
    if n == 10 and re.fullmatch(r"[2-9]\d\d[2-9]\d{6}", d) and d[:3] not in ("400", "800"):
        return False
    if n == 8 and d[0] in "5689":
        return False
    if n in (15, 18) and d[:2] in PROVINCES:
        return False
    if n in (16, 19) and d[0] in "23456":
        return False
    return True


def pattern(rng, pat):
    out = []
    for ch in pat:
        if ch == "#":
            out.append(rng.choice("0123456789"))
        elif ch == "%":
            out.append(rng.choice("123456789"))
        elif ch == "@":
            out.append(rng.choice(LETTERS))
        else:
            out.append(ch)
    return "".join(out)


def long_digits(rng, n, prefix=""):
    for _ in range(5000):
        d = prefix + "".join(rng.choice("0123456789") for _ in range(n - len(prefix)))
        if d[0] == "0" and not prefix:
            continue
        if harmless(d):
            return d
    raise Bug("no harmless long reference")


def en_words(rng, d, group=4):
    zero = rng.choice(["zero", "oh"])
    ws = [zero if c == "0" else EN_WORD[c] for c in d]
    if rng.random() < 0.5:
        return " ".join(ws)
    out = []
    for i in range(0, len(ws), group):
        out.append(" ".join(ws[i:i + group]))
    return ", ".join(out)


def cn_words(rng, d, group=4):
    one = rng.choice(["幺", "一"])
    ws = [one if c == "1" else CN_WORD[c] for c in d]
    if rng.random() < 0.5:
        return "".join(ws)
    return rng.choice([" ", "，"]).join("".join(ws[i:i + group]) for i in range(0, len(ws), group))


def ar_groups(rng, d, group=4):
    if rng.random() < 0.4:
        return d
    sep = rng.choice([" ", "-", " "])
    return sep.join(d[i:i + group] for i in range(0, len(d), group))


def la_value(rng, key, lang):
    """A look-alike's text in zh or en."""
    zh = lang == "zh"
    if key == "amt":
        v = rng.choice([38, 45, 68, 88, 99, 120, 158, 199, 268, 280, 360, 399, 458, 520, 680, 880, 1280, 1680, 2400, 3600])
        if zh:
            r = rng.random()
            if r < 0.15:
                return rng.choice(["三百八", "一千二", "两百五十块", "八百块", "四千五"])
            return rng.choice(["{}元", "{}块", "¥{}", "{}块钱", "{}.50元"]).format(v)
        return rng.choice(["£{}", "${}", "£{}.99", "€{}", "${}.50", "£{}"]).format(v)
    if key == "date":
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        if zh:
            return rng.choice([f"{m}月{d}号", f"{m}月{d}日", f"2025年{m}月{d}日", f"下周{ZH_WEEK[rng.randint(0, 6)]}",
                               f"这周{ZH_WEEK[rng.randint(0, 6)]}", f"{m}/{d}"])
        sfx = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return rng.choice([f"{MONTHS[m - 1]} {d}{sfx}", f"the {d}{sfx}", f"{d}/{m}", f"{rng.choice(WEEKDAYS)} the {d}{sfx}",
                           f"{d} {MONTHS[m - 1]}", f"next {rng.choice(WEEKDAYS)}"])
    if key == "time":
        h, mm = rng.randint(6, 11), rng.choice([0, 10, 15, 20, 30, 40, 45])
        if zh:
            return rng.choice([f"{h}点", f"{h}点半", f"{h}:{mm:02d}", f"下午{h - 5}点", f"早上{h}点{mm or 10}", f"晚上{h - 2}点"])
        hw = {6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten", 11: "eleven"}[h]
        return rng.choice([f"{h}:{mm:02d}", f"{h}:{mm:02d} am", f"half past {hw}", f"{h - 5} pm",
                           f"quarter to {hw}", f"{h}.{mm:02d}"])
    if key == "cnt":
        v = rng.choice([2, 3, 4, 5, 6, 8, 10, 12])
        if zh and v in CN_SMALL and rng.random() < 0.3:
            return CN_SMALL[v]
        return str(v)
    if key == "post":
        if zh:
            return rng.choice(["100", "200", "310", "510", "518", "610", "430", "210", "350", "650"]) + pattern(rng, "###")
        return rng.choice([pattern(rng, "@@% %@@"), pattern(rng, "@% %@@"), pattern(rng, "%####")])
    if key == "wt":
        w = rng.randint(45, 95)
        if zh:
            return rng.choice([f"{w}公斤", f"{w * 2}斤"])
        return rng.choice([f"{w} kilos", f"{w // 6} stone", f"{w} kg"])
    if key == "ppm":
        return rng.choice(["{}ppm", "{} ppm"]).format(rng.choice([5, 10, 25, 40, 50, 80]))
    if key == "hot":
        return pattern(rng, rng.choice(["400-%##-####", "400 %## ####", "800-%##-####", "400%######"]))
    if key == "track":
        return rng.choice(["SF", "YT", "JD"]) + long_digits(rng, rng.choice([12, 13]))
    if key == "plate":
        if zh:
            body = "".join(rng.choice(LETTERS + "0123456789") for _ in range(5))
            return rng.choice(PLATE_PROV) + rng.choice(LETTERS) + rng.choice(["·", "", " "]) + body
        return rng.choice([pattern(rng, "@@%# @@@"), pattern(rng, "%@@@%##")])
    if key == "code":
        return pattern(rng, "@@@%#")
    raise Bug(key)


def ref_value(rng, pat, lang):
    zh = lang == "zh"
    if pat == "chip15":
        return ar_groups(rng, long_digits(rng, 15, rng.choice(["985", "900", "941"])), rng.choice([3, 5, 15]))
    if pat == "barcode":
        d = long_digits(rng, rng.choice([15, 16, 17, 19]))
        r = rng.random()
        if r < 0.35:
            return cn_words(rng, d) if zh else en_words(rng, d)
        return ar_groups(rng, d)
    if pat == "tank":
        return rng.choice(["120×45×50", "90×45×45", "150×60×60", "60×30×36"]) + ("厘米" if zh else "cm")
    if pat == "plate":
        return la_value(rng, "plate", lang)
    return pattern(rng, pat)


# ============================================================================================
# The case context
# ============================================================================================

PH_SUBS = {"zh": [("mobile", 58), ("landline", 15), ("mobile86", 13), ("hk", 7), ("sg", 7)],
           "en": [("mobile", 14), ("mobile86", 12), ("uk", 12), ("uk44", 12), ("us", 12), ("us1", 12), ("hk", 9), ("sg", 9),
                  ("landline", 8)],
           "mixed": [("mobile", 34), ("mobile86", 14), ("hk", 14), ("sg", 12), ("landline", 12), ("uk44", 7), ("us1", 7)]}
CARD_SUBS = {"zh": [("up16", 50), ("up19", 35), ("visa", 8), ("mc", 7)],
             "en": [("up16", 25), ("up19", 15), ("visa", 35), ("mc", 25)],
             "mixed": [("up16", 35), ("up19", 25), ("visa", 22), ("mc", 18)]}
WHERE = {"hk": ("香港", "Hong Kong"), "sg": ("新加坡", "Singapore"), "uk": ("英国", "UK"), "uk44": ("英国", "UK"),
         "us": ("美国", "US"), "us1": ("美国", "US")}


def wchoice(rng, pairs):
    tot = sum(w for _, w in pairs)
    r = rng.uniform(0, tot)
    for v, w in pairs:
        r -= w
        if r <= 0:
            return v
    return pairs[-1][0]


class Ctx:
    def __init__(self, rng, plan, used):
        self.rng = rng
        self.plan = plan
        self.lang = plan["lang"]
        self.ph = plan["phenomenon"]
        self.format = plan["format"]
        self.dkey = plan["domain"]
        self.dom = DOMAINS[self.dkey]
        lname = self.lang if self.lang != "mixed" else rng.choice(["zh", "en"])
        self.agent_name = rng.choice(AGENT_NAMES[lname])
        self.name = rng.choice(self.dom["names"][lname])
        self.turns = []
        self.nums = []
        self.versions = []
        self.used = used
        self.styles = {}
        self.tags = []
        self.near = 0

    # ---- language choice -----------------------------------------------------------------
    def tl(self):
        """Language of the next utterance: mixed calls switch between mixed, Chinese and English lines."""
        if self.lang != "mixed":
            return self.lang
        return wchoice(self.rng, [("mixed", 55), ("zh", 30), ("en", 15)])

    def g(self, key, lang=None):
        lang = lang or self.tl()
        return self.rng.choice(G[key][lang]), lang

    def d(self, field, sub=None, lang=None):
        lang = lang or self.tl()
        src = self.dom[field] if sub is None else self.dom[field][sub]
        if lang not in src:
            lang = self.rng.choice(["zh", "en"])
        return self.rng.choice(src[lang]), lang

    # ---- filling ---------------------------------------------------------------------------
    def fill(self, tpl, lang, k=None, k1=None, k2=None):
        rng = self.rng
        lal = lang if lang != "mixed" else rng.choice(["zh", "en"])

        def rep(m):
            key = m.group(1)
            if key == "name":
                return self.name
            if key == "agent":
                return self.agent_name
            if key == "k":
                return k
            if key == "k1":
                return k1
            if key == "k2":
                return k2
            if key in ("r0", "r1", "r2"):
                return ref_value(rng, self.dom["refs"][int(key[1])], lal)
            if key == "ref":
                return ref_value(rng, self.dom["refs"][0], lal)
            return la_value(rng, key, lal)
        return re.sub(r"\{(\w+)\}", rep, tpl)

    def line(self, tpl, lang, *slots, **kw):
        s = self.fill(tpl, lang, **kw)
        parts = s.split("§")
        if len(parts) != len(slots) + 1:
            raise Bug(f"template {tpl!r} has {len(parts) - 1} slots, given {len(slots)}")
        out = []
        for i, ptxt in enumerate(parts):
            if ptxt:
                out.append(ptxt)
            if i < len(slots):
                sl = slots[i]
                out.extend(sl if isinstance(sl, list) else [sl])
        return out

    def glue(self, a, b, lang):
        """Join two line-piece lists (a sentence then another), with a space in English."""
        if lang == "en" or (lang == "mixed" and self.rng.random() < 0.5):
            return a + [" "] + b
        return a + b

    def say(self, spk, *lines):
        ls = [l if isinstance(l, list) else [l] for l in lines]
        self.turns.append(Turn(spk, ls))

    def A(self, *lines):
        self.say("A", *lines)

    def C(self, *lines):
        self.say("C", *lines)

    def gl(self, key, *slots, lang=None, **kw):
        tpl, lg = self.g(key, lang)
        return self.line(tpl, lg, *slots, **kw)

    def dl(self, field, sub=None, lang=None, **kw):
        tpl, lg = self.d(field, sub, lang)
        return self.line(tpl, lg, **kw)

    # ---- numbers ---------------------------------------------------------------------------
    def new_num(self, kind, sub=None):
        rng = self.rng
        for _ in range(200):
            if kind == "phone":
                sub = sub or wchoice(rng, PH_SUBS[self.lang])
                d = make_phone_digits(rng, sub)
                groups = phone_groups(rng, sub, d)
                n = Num("phone", sub, d, CC_OF.get(sub), groups)
            elif kind == "id_number":
                d = make_id(rng, sub if sub in ("X", "digit") else None)
                n = Num("id_number", "id", d, None, id_groups(rng))
            else:
                sub = sub or wchoice(rng, CARD_SUBS[self.lang])
                d = make_card(rng, sub)
                n = Num("bank_card", sub, d, None, card_groups(rng, len(d)))
            if d not in self.used:
                self.used.add(d)
                self.nums.append(n)
                self.versions.append(d)
                self.check_num(n)
                return n
        raise Bug("no fresh number")

    @staticmethod
    def check_num(n):
        if n.kind == "id_number" and not id_ok(n.digits):
            raise Bug(f"bad id {n.digits}")
        if n.kind == "bank_card" and not (luhn_ok(n.digits) and len(n.digits) in (16, 19)):
            raise Bug(f"bad card {n.digits}")
        if n.sub in ("mobile", "mobile86") and not re.fullmatch(r"1[3-9]\d{9}", n.digits):
            raise Bug(f"bad mobile {n.digits}")

    def kname(self, num, lang):
        lang = lang if lang in ("zh", "en", "mixed") else "zh"
        if num.kind == "phone":
            return self.rng.choice(KNAME["landline" if num.sub == "landline" else "mobile"][lang])
        return self.rng.choice(KNAME[num.kind][lang])

    def base_style(self, num):
        if id(num) in self.styles:
            return self.styles[id(num)]
        rng = self.rng
        lang = self.lang
        if lang == "zh":
            form = wchoice(rng, [("ar", 58), ("cn", 36), ("fw", 3), ("cnar", 3)])
        elif lang == "en":
            form = wchoice(rng, [("en", 52), ("ar", 48)])
        else:
            form = wchoice(rng, [("mix", 20), ("cnar", 15), ("encn", 12), ("enar", 10), ("ar", 23), ("cn", 12), ("en", 8)])
        st = NumStyle(lang=lang, form=form)
        if self.format == "asr-json":
            # recognisers write spaces or nothing between groups, not hyphens or commas
            st.sep = rng.choice([" ", " ", " ", ""]) if form in ("ar", "fw", "cn") else " "
        st.one = "幺" if (num.kind == "phone" and rng.random() < 0.85) or rng.random() < 0.3 else "一"
        st.zero_en = "oh" if (num.sub in ("uk", "uk44") or rng.random() < 0.3) else "zero"
        st.xform = wchoice(rng, [("X", 70), ("x", 20), ("Ｘ", 10)])
        if form == "en" and rng.random() < 0.3:
            st.dbl = 0.7
        self.styles[id(num)] = st
        return st

    def cc_text(self, num, lang):
        rng = self.rng
        cc = num.cc
        zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.5)
        if cc == "86":
            return rng.choice(["+86 ", "+86-", "0086 ", "加86 ", "（+86）"] if zh else ["+86 ", "plus eight six ", "0086 ", "+86 "])
        if cc == "852":
            return rng.choice(["+852 ", "（852）", "852-"] if zh else ["+852 ", "plus eight five two ", "(852) "])
        if cc == "65":
            return rng.choice(["+65 ", "65-"] if zh else ["+65 ", "plus six five "])
        if cc == "44":
            return rng.choice(["+44 ", "plus four four ", "0044 "])
        if cc == "1":
            return rng.choice(["+1 ", "plus one ", "+1-"])
        raise Bug(cc)

    def frag(self, num, lo=0, hi=None, role="said", version=None, st=None, groups=None, **over):
        version = version or num.digits
        hi = len(version) if hi is None else hi
        st = st or self.base_style(num)
        if over:
            st = NumStyle(**{**st.__dict__, **over})
        digits = version[lo:hi]
        groups = groups or _piece_groups(num.groups, lo, hi)
        if st.fillers and len(groups) < st.fillers + 1 and st.form in ("ar", "fw", "cn") and not st.chunks:
            groups = _regroup(len(digits), st.fillers + 1, self.rng)
        protect = 5 if (num.kind == "phone" and hi == len(version)) else 0
        toks = say_digits(self.rng, digits, groups, st, protect_tail=protect)
        correct = version == num.digits
        f = Frag(num.kind, role, toks, version, lo, hi, correct, num)
        if expand_exp(toks) != digits:
            raise Bug(f"fragment says {expand_exp(toks)} not {digits}")
        return f

    def pieces(self, num, f, lang, cc=None, paren=None):
        """The fragment with what goes before it: a country code, an opening bracket."""
        out = []
        if num.cc and f.lo == 0 and (cc if cc is not None else self.rng.random() < 0.85):
            out.append(CC(self.cc_text(num, lang)))
        if paren is None:
            paren = f.lo == 0 and num.sub in ("us", "us1", "landline") and self.rng.random() < 0.35 \
                and f.toks[0].exp == num.digits[:num.groups[0]] and f.toks[0].text.isdigit()
        if paren and f.toks[0].text.isdigit() and len(f.toks) > 1 and f.toks[1].sep in (" ", "-", "，", ", ") and not f.toks[1].join:
            out.append("（" if lang == "zh" else "(")
            t1 = f.toks[1]
            f.toks[1] = Tok(t1.text, t1.kind, t1.exp, ("）" if lang == "zh" else ") "), False, t1.mult, t1.coll)
        out.append(f)
        return out

    def wrong_version(self, num, region=None, avoid=()):
        """A misheard / misread version of a number: one digit changed (or two swapped) in region."""
        rng = self.rng
        d = num.digits
        n = len(d)
        lo, hi = region or (1, n)
        for _ in range(500):
            v = list(d)
            if rng.random() < 0.7 or hi - lo < 2:
                i = rng.randrange(lo, hi)
                if d[i] == "X":
                    continue
                v[i] = rng.choice([c for c in "0123456789" if c != d[i]])
            else:
                i = rng.randrange(lo, hi - 1)
                if d[i] == d[i + 1] or "X" in (d[i], d[i + 1]):
                    continue
                v[i], v[i + 1] = v[i + 1], v[i]
            w = "".join(v)
            if w == d or w in avoid:
                continue
            if num.kind == "id_number" and id_ok(w):
                continue
            if num.kind == "bank_card" and luhn_ok(w):
                continue
            if num.sub in ("mobile", "mobile86") and not re.fullmatch(r"1[3-9]\d{9}", w):
                continue
            self.versions.append(w)
            return w
        raise Bug("no wrong version")


def _regroup(n, k, rng):
    base = [n // k] * k
    for i in range(n % k):
        base[i] += 1
    return base


bank("near_pre",
     ["是{date}那单，我的是§。", "{r0}的订单，登记的是§。", "付了{amt}那个，用的是§。"],
     ["For booking {r0}, it's §.", "For the order on {date}, it's §.", "The {amt} one, and it's §."],
     ["{r0} 那单，是§。", "For the {date} booking，是§。"])
bank("near_post",
     ["另外{r0}那单也是我的。", "对了，{date}那天我不在家。", "顺便问下{amt}包括运费吗？", "我大概{time}以后方便接电话。"],
     ["Also, booking {r0} is mine too.", "By the way, I'm away on {date}.", "Does the {amt} include delivery?",
      "I'm free after {time} most days."],
     ["另外 {r0} 也是我的 booking。", "By the way，{date}我不在。"])


# ============================================================================================
# Phenomena: what is said around the numbers
# ============================================================================================

def opening(c, reason=True):
    rng = c.rng
    if rng.random() < 0.15:
        c.say("S", c.gl("ivr"))
    c.A(c.dl("greet"))
    if reason:
        c.C(c.dl("reason"))
        if rng.random() < 0.55:
            c.A(c.dl("follow"))
            if rng.random() < 0.5:
                c.C(c.gl("ack"))


def ask_num(c, num, why=True):
    rng = c.rng
    lang = c.tl()
    k = c.kname(num, lang)
    kk = num.kind
    key = "ask_phone" if (num.kind == "phone" and rng.random() < 0.35) else "ask"
    if why and rng.random() < 0.65:
        w = c.dl("why", kk, lang=lang, k=k)
        txt = "".join(x for x in w if isinstance(x, str))
        if re.search(r"[？?]|报一下|留个|留一个|留下|给一下|说一下|报个|what|which", txt, re.I):
            c.A(w)
            return lang
        c.A(c.glue(w, c.gl(key, lang=lang, k=k), lang))
        return lang
    c.A(c.gl(key, lang=lang, k=k))
    return lang


def foreign_prefix(c, num, lang):
    if num.sub in WHERE and c.rng.random() < 0.6:
        tpl, lg = c.g("foreign_pre", lang)
        where = WHERE[num.sub][0 if lg == "zh" else 1] if lg != "mixed" else c.rng.choice(WHERE[num.sub])
        return [tpl.replace("{where}", where)]
    return []


def answer(c, num, slot, lang=None, near=True):
    """The caller's turn giving a number (slot: pieces)."""
    rng = c.rng
    lang = lang or c.tl()
    fp = foreign_prefix(c, num, lang)
    if near and rng.random() < 0.18:
        body = c.gl("near_pre", slot, lang=lang)
        c.near += 1
    else:
        body = c.gl("answer", slot, lang=lang)
    ln = fp + ([" "] if fp and lang == "en" else []) + body
    if near and rng.random() < 0.15:
        ln = c.glue(ln, c.gl("near_post", lang=lang), lang)
        c.near += 1
    return ln


def full(c, num, role="said", lang=None, **over):
    f = c.frag(num, role=role, **over)
    return c.pieces(num, f, lang or c.lang), f


def cut_point(c, num, lo=0, hi=None, inside=False):
    """A place to break a number said from lo to hi: a group boundary, or inside a group."""
    hi = len(num.digits) if hi is None else hi
    bounds = []
    pos = 0
    for g in num.groups[:-1]:
        pos += g
        if lo < pos < hi:
            bounds.append(pos)
    if inside or not bounds:
        cands = [p for p in range(lo + 2, hi - 1) if p not in bounds]
        return c.rng.choice(cands)
    return c.rng.choice(bounds)


def lead_pieces(c, lang, slot):
    t, lg = c.g("lead", lang)
    sep = " " if (lg == "en" or (lg == "mixed" and t[-1:].isascii() and t[-1:].isalpha())) else ""
    return [t + sep] + (slot if isinstance(slot, list) else [slot])


def cut_mark(c, lang):
    return c.rng.choice(["……", "——", "，", "…"] if lang == "zh" else ["...", " —", ",", "..."])


def ph_plain(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    v = rng.choice(["answer", "answer", "volunteer", "system", "mid", "hangon"] if kind == "phone"
                   else ["answer", "answer", "volunteer", "system", "mid", "hangon"])
    c.tags.append("plain-" + v)
    if v == "volunteer":
        opening(c, reason=False)
        lang = c.tl()
        sl, _ = full(c, num, lang=lang)
        key = {"phone": "volunteer_phone", "bank_card": "volunteer_card", "id_number": "volunteer_id"}[kind]
        pre = c.gl(key, sl, lang=lang)
        rs, lg = c.d("reason", lang=lang if lang != "mixed" else None)
        rs = c.fill(rs, lg)
        if lang == "en" and rs[:1].isupper() and not rs.startswith("I "):
            rs = rs[0].lower() + rs[1:]
        c.C(pre + [rs])
        c.A(c.dl("follow"))
        return
    opening(c)
    if v == "answer":
        lang = ask_num(c, num)
        sl, _ = full(c, num)
        c.C(answer(c, num, sl))
        c.A(c.gl("thanks_num"))
    elif v == "system":
        lang = c.tl()
        sl, f = full(c, num, lang=lang)
        c.A(c.gl("system_read", sl, lang=lang, k=c.kname(num, lang)))
        c.C(c.gl("still"))
    elif v == "mid":
        if rng.random() < 0.5:
            ask_num(c, num)
        lang = c.tl()
        sl, _ = full(c, num, lang=lang)
        key = {"phone": "mid_phone", "bank_card": "mid_card", "id_number": "mid_id"}[kind]
        c.C(c.gl(key, sl, lang=lang))
        c.A(c.gl("thanks_num"))
    else:
        ask_num(c, num)
        c.C(c.gl("hang_on"))
        c.A(c.gl("no_rush"))
        lang = c.tl()
        sl, _ = full(c, num, lang=lang)
        c.C(c.gl("found", sl, lang=lang))
        c.A(c.gl("thanks_num"))


def ph_interruption(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    ask_num(c, num)
    n = len(num.digits)
    v = wchoice(rng, [("bc", 24), ("bc2", 12), ("echo", 22), ("question", 20), ("rbcut", 22)])
    c.tags.append("interruption-" + v)
    lang = c.tl()
    if v == "rbcut":
        sl, _ = full(c, num, lang=lang)
        c.C(answer(c, num, sl, lang=lang))
        p = cut_point(c, num)
        a = c.frag(num, 0, p, role="readback")
        b = c.frag(num, p, n, role="readback")
        lg = c.tl()
        intro = {"zh": "我复述一下，", "en": "Let me read that back: ", "mixed": "OK 我 read back 一下，"}[lg]
        c.A([intro] + c.pieces(num, a, lg, cc=False) + [cut_mark(c, lg)])
        c.C(c.gl("cut_reply"))
        c.A(c.gl("cut_go", [b]))
        return
    cuts = [cut_point(c, num, inside=rng.random() < 0.25)]
    if v == "bc2":
        lo2 = cuts[0]
        cands = [p for p in range(lo2 + 2, n - 1)]
        if cands:
            cuts.append(rng.choice(cands))
    bounds = [0] + cuts + [n]
    frs = [c.frag(num, bounds[i], bounds[i + 1], role="piece") for i in range(len(bounds) - 1)]
    first = c.pieces(num, frs[0], lang)
    c.C(lead_pieces(c, lang, first) + [cut_mark(c, lang)])
    for i, f in enumerate(frs[1:], 1):
        if v == "echo" and i == 1:
            e = c.frag(num, bounds[0], bounds[1], role="echo")
            c.A(c.gl("echo", [e]))
            r, lg = c.g("echo_reply")
        elif v == "question" and i == 1:
            lq = c.tl()
            qk = "question_phone" if (num.kind == "phone" and num.sub in ("mobile", "mobile86") and rng.random() < 0.4) else "question"
            c.A(c.gl(qk, lang=lq, k=c.kname(num, lq)))
            r, lg = c.g("q_reply")
        else:
            c.A(c.gl("bc"))
            r, lg = c.g("resume")
        tail, _ = c.g("tail", lg if lg != "mixed" else "mixed")
        sep = " " if r and (r[-1:].isascii() and r[-1:].isalpha() or r.endswith(",")) else ""
        if i < len(frs) - 1:
            tail = cut_mark(c, lg)
        c.C(([r + sep] if r else []) + [f, tail])
    if rng.random() < 0.4:
        c.A(c.gl("thanks_num"))


def ph_continuation(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    n = len(num.digits)
    v = rng.choice(["two", "two", "three", "readit", "screen"])
    c.tags.append("continuation-" + v)
    if v == "screen":
        lang = c.tl()
        p = cut_point(c, num)
        a = c.frag(num, 0, p, role="piece")
        b = c.frag(num, p, n, role="piece")
        l1 = c.gl("screen", c.pieces(num, a, lang), lang=lang)
        l2 = c.gl("screen2", [b], lang=lang)
        c.A(l1, l2)
        c.C(c.gl("confirm"))
        return
    ask_num(c, num)
    lang = c.tl()
    if v == "readit":
        sl, _ = full(c, num, lang=lang)
        tail, _ = c.g("tail", lang)
        c.C(c.gl("read_it", lang=lang), sl + [tail])
        c.A(c.gl("thanks_num"))
        return
    if v == "three":
        gb = _group_bounds(num)
        if len(gb) >= 2 and rng.random() < 0.8:
            cuts = sorted(rng.sample(gb, 2))
        else:
            a = rng.randint(3, n // 2 - 1)
            cuts = [a, rng.randint(a + 3, n - 2)]
    else:
        cuts = [cut_point(c, num, inside=rng.random() < 0.2)]
    bounds = [0] + cuts + [n]
    frs = [c.frag(num, bounds[i], bounds[i + 1], role="piece") for i in range(len(bounds) - 1)]
    lines = [lead_pieces(c, lang, c.pieces(num, frs[0], lang)) + [rng.choice(["", "，", ",", "…", " —"]) if lang != "en" else rng.choice(["", ",", "...", " —"])]]
    for f in frs[1:-1]:
        lines.append([f, rng.choice(["", "，", "…"]) if lang == "zh" else rng.choice(["", ",", "..."])])
    tail, _ = c.g("tail", lang)
    lines.append([frs[-1], tail])
    c.C(*lines)
    c.A(c.gl("thanks_num"))


def ph_correction(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    ask_num(c, num)
    n = len(num.digits)
    if kind == "phone":
        opts = [("wrongprefix", 30), ("restart", 20), ("multi", 15), ("midrb", 35)]
    else:
        opts = [("wrongprefix", 18), ("restart", 12), ("multi", 10), ("wronglast", 20), ("wrongwhole", 18), ("mid", 22)]
    v = wchoice(rng, opts)
    c.tags.append("correction-" + v)
    lang = c.tl()
    kmax = {"phone": 7, "id_number": 10, "bank_card": 8}[kind]
    if v in ("wrongprefix", "restart", "multi"):
        segs = []
        tries = 2 if v == "multi" else 1
        for _ in range(tries):
            k = rng.randint(3, kmax)
            if v == "restart" or (v == "multi" and rng.random() < 0.4):
                f = c.frag(num, 0, k, role="abandoned")
            else:
                w = c.wrong_version(num, (1, k))
                f = c.frag(num, 0, k, role="abandoned", version=w)
            segs.append(f)
        ln = lead_pieces(c, lang, c.pieces(num, segs[0], lang))
        for f in segs[1:]:
            ln += [c.g("corr", lang)[0]] + c.pieces(num, f, lang, cc=False)
        ln += [c.g("corr", lang)[0]]
        f = c.frag(num, role="corrected")
        tail, _ = c.g("tail", lang)
        c.C(ln + c.pieces(num, f, lang, cc=rng.random() < 0.3) + [tail])
        c.A(c.gl("thanks_num"))
        return
    if v == "midrb":
        sl, _ = full(c, num, lang=lang)
        c.C(answer(c, num, sl, lang=lang, near=False))
        g0, g1 = _mid_group(num)
        w = c.wrong_version(num, (g0, g1))
        m = c.frag(num, 0, g1, role="misheard", version=w)
        lg = c.tl()
        c.A(c.gl("rb_first", c.pieces(num, m, lg, cc=False), lang=lg))
        r = c.frag(num, g0, g1, role="corrected")
        x = c.frag(num, g0, g1, role="wrong", version=w)
        c.C(c.gl("mid_fix", [r], [x]))
        lg = c.tl()
        c.A(c.gl("rb_full", c.pieces(num, c.frag(num, role="readback"), lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
        return
    # ID / card: a complete wrong version first
    if v == "wronglast":
        glast = num.groups[-1] if num.groups[-1] < n else 4
        w = c.wrong_version(num, (n - glast, n))
    elif v == "mid":
        g0, g1 = _mid_group(num)
        w = c.wrong_version(num, (g0, g1))
    else:
        w = c.wrong_version(num, (2, n))
    wf = c.frag(num, role="wrong", version=w)
    c.C(answer(c, num, [wf], lang=lang, near=False))
    c.A(c.gl("ok_wait"))
    if v == "wronglast":
        r = c.frag(num, n - glast, n, role="corrected")
        c.C(c.gl("wrong_last", [r]))
    elif v == "mid":
        r = c.frag(num, g0, g1, role="corrected")
        x = c.frag(num, g0, g1, role="wrong", version=w)
        lg = c.tl()
        c.C([{"zh": "等下，", "en": "Wait — ", "mixed": "Wait，"}[lg]] + c.gl("mid_fix", [r], [x], lang=lg))
    else:
        f = c.frag(num, role="corrected")
        c.C(c.gl("wrong_whole", [f]))
    c.A(c.gl("ok_fixed"))


def _group_bounds(num):
    res, pos = [], 0
    for g in num.groups[:-1]:
        pos += g
        res.append(pos)
    return res


def _mid_group(num):
    gs = num.groups
    n = len(num.digits)
    if len(gs) >= 3:
        g0 = gs[0]
        return g0, g0 + gs[1]
    a = n // 3
    return a, a + 4


def ph_filler(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    v = rng.choice(["answer", "answer", "hesitant", "readback"])
    c.tags.append("filler-" + v)
    ask_num(c, num)
    lang = c.tl()
    nf = rng.choice([2, 2, 3])
    over = {"fillers": nf}
    if rng.random() < 0.35:
        over["chunks"] = _split_a_group(rng, num.groups if len(num.groups) > 1 else _regroup(len(num.digits), 3, rng))
    f = c.frag(num, **over)
    sl = c.pieces(num, f, lang)
    if v == "hesitant":
        t, lg = c.g("hesitant", lang)
        c.C([t + (" " if lg != "zh" else "")] + sl + [c.g("tail", lang)[0]])
    else:
        c.C(answer(c, num, sl, lang=lang))
    if v == "readback":
        lg = c.tl()
        rb = c.frag(num, role="readback", fillers=1)
        c.A(c.gl("rb_full", c.pieces(num, rb, lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    else:
        c.A(c.gl("thanks_num"))


def _split_a_group(rng, groups):
    gs = list(groups)
    i = rng.choice([k for k, g in enumerate(gs) if g >= 3] or [0])
    a = rng.randint(1, gs[i] - 1)
    return gs[:i] + [a, gs[i] - a] + gs[i + 1:]


def _partition(rng, n, k):
    k = max(2, min(max(k, (n + 3) // 4 + 1), n))
    while True:
        cuts = sorted(rng.sample(range(1, n), k - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [n])]
        if max(parts) <= 5 and sum(1 for x in parts if x >= 5) <= 1:
            return parts


def ph_asr_chunks(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    ask_num(c, num)
    lang = c.tl()
    n = len(num.digits)
    opts = [("itn", 22), ("cut", 75 if c.format == "asr-json" and c.plan["shape"] == "whisper" else 34), ("digits", 10)] + \
        ([("cnmix", 22)] if c.lang != "en" else [("enar", 12)])
    v = wchoice(rng, opts)
    c.tags.append("asr-chunks-" + v)
    if v == "itn":
        f = c.frag(num, chunks=_partition(rng, n, rng.randint(3, 6)), form="ar", sep=" ")
    elif v == "digits":
        f = c.frag(num, per_char=True, form=rng.choice(["ar", "cn"]) if c.lang != "en" else "ar", sep=" ")
    elif v == "cnmix":
        f = c.frag(num, chunks=_partition(rng, n, rng.randint(3, 6)), form="mixchunk", sep=" ")
    elif v == "enar":
        f = c.frag(num, form="enar", sep=" ")
    else:
        f = c.frag(num, chunks=_partition(rng, n, rng.randint(3, 5)), form=rng.choice(["ar", "ar", "mixchunk" if c.lang != "en" else "en"]), sep=" ")
        f.toks = cut_tokens(rng, f.toks, inside=True)
    sl = c.pieces(num, f, lang)
    c.C(answer(c, num, sl, lang=lang))
    if rng.random() < 0.35:
        lg = c.tl()
        c.A(c.gl("rb_full", c.pieces(num, c.frag(num, role="readback"), lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    else:
        c.A(c.gl("thanks_num"))


def ph_readback(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    ask_num(c, num)
    n = len(num.digits)
    if kind == "phone":
        opts = [("full", 25), ("last4", 20), ("first", 12), ("partial", 15), ("midrb", 28)]
    else:
        opts = [("full", 20), ("last4", 12), ("first", 10), ("partial", 12), ("misfull", 30), ("mislast", 16)]
    v = wchoice(rng, opts)
    c.tags.append("readback-" + v)
    lang = c.tl()
    sl, _ = full(c, num, lang=lang)
    c.C(answer(c, num, sl, lang=lang))
    lg = c.tl()
    if v == "full":
        c.A(c.gl("rb_full", c.pieces(num, c.frag(num, role="readback"), lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    elif v == "last4":
        f = c.frag(num, n - 4, n, role="readback", groups=[4])
        c.A(c.gl("rb_last", [f], lang=lg))
        c.C(c.gl("confirm"))
    elif v == "first":
        g = num.groups[0] if num.groups[0] < n else (3 if kind == "phone" else 6)
        f = c.frag(num, 0, g, role="readback")
        c.A(c.gl("rb_first", c.pieces(num, f, lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    elif v == "partial":
        p = n - 4
        f = c.frag(num, 0, p, role="readback")
        intro = {"zh": "所以是", "en": "So that's ", "mixed": "So 是"}[lg]
        c.A([intro] + c.pieces(num, f, lg, cc=False) + [{"zh": "……？", "en": "...?", "mixed": "……?"}[lg]])
        lc = c.tl()
        b = c.frag(num, p, n, role="piece", groups=[4])
        c.C([{"zh": "……", "en": "... ", "mixed": "……"}[lc], b, {"zh": "，对。", "en": ", yes.", "mixed": "，yes。"}[lc]])
    elif v == "midrb":
        g0, g1 = _mid_group(num)
        w = c.wrong_version(num, (g0, g1))
        m = c.frag(num, 0, g1, role="misheard", version=w)
        c.A(c.gl("rb_first", c.pieces(num, m, lg, cc=False), lang=lg))
        _deny(c, num, w, g0, g1)
        lg = c.tl()
        c.A(c.gl("rb_full", c.pieces(num, c.frag(num, role="readback"), lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    elif v == "misfull":
        w = c.wrong_version(num, (2, n))
        i = next(k for k in range(n) if w[k] != num.digits[k])
        g0, g1 = _group_around(num, i, w)
        m = c.frag(num, role="misheard", version=w)
        c.A(c.gl("rb_full", [m], lang=lg))
        _deny(c, num, w, g0, g1)
        lg = c.tl()
        c.A(c.gl("rb_full", [c.frag(num, role="readback")], lang=lg))
        c.C(c.gl("confirm"))
    else:  # mislast
        w = c.wrong_version(num, (n - 4, n))
        m = c.frag(num, n - 4, n, role="misheard", version=w, groups=[4])
        c.A(c.gl("rb_last", [m], lang=lg))
        _deny(c, num, w, n - 4, n)
        c.A(c.gl("ok_fixed"))


def _group_around(num, i, w):
    """The span of the group holding position i (both versions differ only there: a swap may run over)."""
    pos = 0
    j = max(k for k in range(len(w)) if w[k] != num.digits[k])
    for g in num.groups:
        if pos <= i < pos + g:
            a, b = pos, pos + g
            if j >= b:
                b = j + 1
            if b - a > 8:
                a, b = max(0, i - 2), min(len(w), j + 3)
            return a, b
        pos += g
    return max(0, i - 2), min(len(w), j + 3)


def _deny(c, num, w, g0, g1):
    r = c.frag(num, g0, g1, role="corrected")
    x = c.frag(num, g0, g1, role="wrong", version=w)
    tpl, lg = c.g("deny")
    # the right and the wrong digits in the template's order
    if tpl.startswith(("不是§", "Not §")):
        c.C(c.line(tpl, lg, [x], [r]))
    else:
        c.C(c.line(tpl, lg, [r], [x]))


def ph_check_char(c, kind):
    rng = c.rng
    num = c.new_num("id_number", "X" if rng.random() < 0.82 else "digit")
    opening(c)
    ask_num(c, num)
    v = rng.choice(["same", "next", "asked", "asked"])
    c.tags.append("check-char-" + v + ("-X" if num.digits[-1] == "X" else "-digit"))
    lang = c.tl()
    a = c.frag(num, 0, 17, role="piece")
    x = c.frag(num, 17, 18, role="check-char")
    isx = num.digits[-1] == "X"
    if v == "same":
        t, lg = c.g("check_same", lang)
        c.C(lead_pieces(c, lang, [a]) + c.line(t, lg, [x]) + [c.g("tail", lang)[0] if lang != "en" else "."])
    elif v == "next":
        t, lg = c.g("check_next", lang)
        c.C(lead_pieces(c, lang, [a]) + [rng.choice(["，", "……", ""]) if lang != "en" else rng.choice([",", "...", ""])],
            c.line(t, lg, [x]))
    else:
        c.C(answer(c, num, [a], lang=lang, near=False))
        c.A(c.gl("check_ask"))
        c.C(c.gl("check_ans" if isx else "check_ans_digit", [x]))
    c.A(c.gl("thanks_num"))


def _has_glued(toks):
    for t in toks:
        if t.kind == "d":
            parts = ev._decompose(t.text)
            if parts and len(parts) >= 2:
                return True
    return False


def ph_glued(c, kind):
    rng = c.rng
    num = c.new_num(kind)
    opening(c)
    ask_num(c, num)
    n = len(num.digits)
    v = wchoice(rng, [("whole", 40), ("readback", 30), ("pieces", 30)])
    c.tags.append("glued-" + v)
    gst = dict(form="en" if c.lang == "en" or rng.random() < 0.5 else rng.choice(["encn", "enar"]), glue=rng.uniform(0.5, 0.9),
               dbl=rng.choice([0, 0, 0.5]), sep=rng.choice([" ", ", ", " "]))

    def glued(lo, hi, role):
        for _ in range(30):
            f = c.frag(num, lo, hi, role=role, **gst)
            if _has_glued(f.toks):
                return f
        raise Redraw("no glued word")
    lang = c.tl()
    if v == "whole":
        f = glued(0, n, "said")
        c.C(answer(c, num, c.pieces(num, f, lang), lang=lang))
        c.A(c.gl("thanks_num"))
    elif v == "readback":
        sl, _ = full(c, num, lang=lang)
        c.C(answer(c, num, sl, lang=lang))
        lg = c.tl()
        c.A(c.gl("rb_full", c.pieces(num, glued(0, n, "readback"), lg, cc=False), lang=lg))
        c.C(c.gl("confirm"))
    else:
        p = cut_point(c, num)
        a = glued(0, p, "piece")
        c.C(lead_pieces(c, lang, c.pieces(num, a, lang)) + [cut_mark(c, lang)])
        c.A(c.gl("bc"))
        b = c.frag(num, p, n, role="piece", **{**gst, "glue": 0.9})
        r, lg = c.g("resume")
        c.C(([r + " "] if r else []) + [b, "."])


def ph_multi(c, kind):
    rng = c.rng
    kinds = [kind] + [k for k in ("phone", "id_number", "bank_card") if k != kind]
    v = rng.choice(["same_line", "turns", "turns", "backup"] if kind == "phone" else ["same_line", "turns", "turns"])
    c.tags.append("multi-" + v)
    opening(c)
    if v == "backup":
        mob = c.new_num("phone", "mobile")
        land = c.new_num("phone", "landline")
        ask_num(c, mob)
        sl, _ = full(c, mob)
        c.C(answer(c, mob, sl))
        c.A(c.gl("more_contact"))
        lg = c.tl()
        sl2, _ = full(c, land, lang=lg)
        c.C(c.gl("backup", sl2, lang=lg, k=c.kname(land, lg)))
        if rng.random() < 0.5:
            third = c.new_num(rng.choice(["id_number", "bank_card"]))
            ask_num(c, third)
            s3, _ = full(c, third)
            c.C(answer(c, third, s3))
        c.A(c.gl("thanks_num"))
        return
    k2 = rng.choice(kinds[1:])
    n1, n2 = c.new_num(kind), c.new_num(k2)
    if v == "same_line":
        lg = c.tl()
        c.A(c.gl("ask_two", lang=lg, k1=c.kname(n1, lg), k2=c.kname(n2, lg)))
        lg = c.tl()
        s1, _ = full(c, n1, lang=lg)
        s2, _ = full(c, n2, lang=lg)
        c.C(c.gl("two_on_line", s1, s2, lang=lg, k1=c.kname(n1, lg), k2=c.kname(n2, lg)))
        c.A(c.gl("thanks_num"))
        if rng.random() < 0.4:
            c.A(c.dl("follow"))
        return
    for num in (n1, n2):
        ask_num(c, num)
        sl, _ = full(c, num)
        c.C(answer(c, num, sl))
        r = rng.random()
        if r < 0.4:
            c.A(c.gl("thanks_num"))
        elif r < 0.55:
            c.A(c.dl("follow"))
            c.C(c.gl("ack"))
    if rng.random() < 0.45:
        k3 = [k for k in kinds if k not in (kind, k2)][0]
        n3 = c.new_num(k3)
        ask_num(c, n3)
        sl, _ = full(c, n3)
        c.C(answer(c, n3, sl))
    c.A(c.gl("thanks_num"))


LONG_NAMES = {"zh": ["快递单号", "运单号", "订单号", "批次号", "条码", "合同编号", "交易流水号", "设备序列号", "预约编号", "工单号"],
              "en": ["tracking number", "order reference", "batch number", "barcode", "contract reference", "transaction reference",
                     "serial number", "booking reference", "job reference", "docket number"]}


def ph_negative(c, kind):
    rng = c.rng
    v = wchoice(rng, [("spelled", 30), ("arabic", 9), ("member", 7), ("notgiven", 7), ("chatter", 7)])
    c.tags.append("negative-" + v)
    opening(c)
    if v in ("spelled", "arabic"):
        lang = c.tl()
        lz = lang if lang != "mixed" else rng.choice(["zh", "en"])
        name = rng.choice(LONG_NAMES[lz])
        d = long_digits(rng, rng.choice([15, 16, 16, 17, 18, 19]))
        if v == "spelled":
            txt = en_words(rng, d, rng.choice([3, 4])) if (lz == "en" or (lang == "mixed" and rng.random() < 0.5)) else cn_words(rng, d)
        else:
            txt = ar_groups(rng, d, rng.choice([4, 4, 3, 5]))
        ask = {"zh": f"麻烦报一下{name}。", "en": f"Could you read me the {name}?"}[lz]
        c.A(ask)
        if lz == "zh":
            c.C([rng.choice(["好，", "嗯，是", "我看一下，", ""]) + txt + rng.choice(["。", "，您查一下。", "，就这个。"])])
        else:
            c.C([rng.choice(["Sure, it's ", "Okay, it's ", "Right, ", "It's "]) + txt + rng.choice([".", ", that's the lot.", "."])])
        if rng.random() < 0.35:
            if lz == "zh":
                c.A(["我重复一遍，" + txt + "，对吧？"])
            else:
                c.A(["Reading it back: " + txt + "?"])
            c.C(c.gl("confirm"))
        c.A(c.dl("follow"))
    elif v == "member":
        lang = c.tl()
        lz = lang if lang != "mixed" else rng.choice(["zh", "en"])
        while True:
            d = rng.choice("2456789") + "".join(rng.choice("0123456789") for _ in range(10))
            if harmless(d):
                break
        txt = ar_groups(rng, d, rng.choice([3, 4])) if rng.random() < 0.6 else (cn_words(rng, d) if lz == "zh" else en_words(rng, d))
        if lz == "zh":
            c.A("您的会员编号是多少？")
            c.C(["会员编号是" + txt + "。"])
        else:
            c.A("What's your membership number?")
            c.C(["The membership number is " + txt + "."])
        c.A(c.dl("follow"))
    elif v == "notgiven":
        num = Num(rng.choice(["phone", "id_number", "bank_card"]), "x", "0", None, [1])
        lang = c.tl()
        k = c.kname(num, lang)
        c.A(c.gl("ask", lang=lang, k=k))
        c.C(c.gl("not_given"))
        c.A(c.gl("not_given_ok"))
        c.C(c.dl("reason"))
    else:
        c.A(c.dl("follow"))
        c.C(c.dl("reason"))
        c.A(c.dl("follow"))
        c.C(c.gl("near_post"))
    if rng.random() < 0.5:
        c.A(c.dl("wrap"))


def second_number(c, exclude):
    rng = c.rng
    k = rng.choice([x for x in ("phone", "id_number", "bank_card") if x != exclude])
    num = c.new_num(k)
    ask_num(c, num)
    sl, _ = full(c, num)
    c.C(answer(c, num, sl))
    c.A(c.gl("thanks_num"))


def closing(c):
    rng = c.rng
    if rng.random() < 0.5:
        c.A(c.dl("wrap"))
    c.A(c.gl("close"))
    c.C(c.gl("bye"))


PHENOM_FN = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation,
             "correction": ph_correction, "filler": ph_filler, "asr-chunks": ph_asr_chunks, "readback": ph_readback,
             "check-char-apart": ph_check_char, "glued-words": ph_glued, "multi-number": ph_multi, "negative": ph_negative}


# ============================================================================================
# ASR JSON rendering
# ============================================================================================

CJK = re.compile(r"[\u3400-\u9fff]")
CTX_TOKEN = re.compile(r"[A-Za-z0-9＋+#@£$€¥][A-Za-z0-9'’:.\-/%+#·＋×]*|[\u3400-\u9fff]|\s+|.", re.S)
OPENERS = "(（[【「《"


def line_words(rng, line, per_char=True):
    """One line's pieces as ASR words: dicts with text, space (a space before it), owner (a Frag,
    'cc' or None). Chinese in chunks of 1-3 characters, Latin and digit tokens whole, punctuation on
    the word before it (an opening bracket on the word after it)."""
    words = []
    space = False
    prefix = ""

    def add(text, owner, sp):
        nonlocal prefix
        words.append({"text": prefix + text, "space": sp, "owner": owner})
        prefix = ""

    for p in line:
        if isinstance(p, Frag):
            for i, t in enumerate(p.toks):
                if t.kind == "brk":
                    raise Bug("cut left in a line")
                if i and t.join:
                    words[-1]["text"] += t.sep + t.text
                    continue
                punct = t.sep.strip()
                if i and punct:
                    if punct in OPENERS:
                        prefix += punct
                    else:
                        words[-1]["text"] += punct
                add(t.text, p, (t.sep[-1:].isspace() if i else space))
            space = False
        elif isinstance(p, CC):
            ws = p.text.split()
            for j, w in enumerate(ws):
                add(w, "cc", space if j == 0 else True)
            space = p.text[-1:].isspace()
        else:
            toks = CTX_TOKEN.findall(p)
            i = 0
            while i < len(toks):
                t = toks[i]
                if t.isspace():
                    space = True
                    i += 1
                    continue
                if CJK.match(t):
                    n = 1 if per_char else rng.choice([1, 2, 2, 3])
                    chunk = t
                    j = i + 1
                    while j < len(toks) and len(chunk) < n and CJK.match(toks[j]):
                        chunk += toks[j]
                        j += 1
                    add(chunk, None, space)
                    i = j
                elif re.match(r"[A-Za-z0-9＋+#@£$€¥]", t):
                    add(t, None, space)
                    i += 1
                else:
                    if t in OPENERS:
                        prefix += t
                    elif words and not space:
                        words[-1]["text"] += t
                    elif words and t in ",.!?;:，。！？；：、…)）」』\"'—-":
                        words[-1]["text"] += t
                    else:
                        add(t, None, space)
                    i += 1
                space = False
    if prefix:
        if words:
            words[-1]["text"] += prefix
        else:
            add("", None, False)
    return [w for w in words if w["text"]]


SPK_STYLES = [("spk_0", "spk_1"), ("agent", "customer"), ("A", "B"), ("S1", "S2"), ("SPEAKER_00", "SPEAKER_01"),
              ("ch0", "ch1"), ("坐席", "客户")]


def render_asr(rng, turns, ctx):
    lang = ctx.lang
    whisper = ctx.plan["shape"] == "whisper"
    times = line_times(rng, turns)
    spk_names = rng.choice(SPK_STYLES if lang != "en" else SPK_STYLES[:-1])
    spk_map = {"A": spk_names[0], "C": spk_names[1], "S": "system" if rng.random() < 0.5 else spk_names[0], "B": spk_names[1]}
    with_spk = rng.random() < (0.35 if whisper else 0.7)
    with_conf = rng.random() < 0.45
    ms = (not whisper) and rng.random() < 0.12
    per_char = True   # Chinese ASR words one character each (no chunk may cross a word)
    owners = []          # per flattened word: owner
    keys = []
    segs = []
    flat = []
    for ti, tu in enumerate(turns):
        for li, line in enumerate(tu.lines):
            ws = line_words(rng, line, per_char)
            if not ws:
                continue
            st, en = times[ti][li]
            tot = sum(len(w["text"]) + 1 for w in ws)
            t = st
            out = []
            for w in ws:
                dur = (en - st) * (len(w["text"]) + 1) / tot
                is_en = lang == "en" or (w["text"][:1].isascii() and w["text"][:1].isalnum() and (w["space"] or lang == "en"))
                text = w["text"]
                if whisper and (lang == "en" or w["space"] or (is_en and out)):
                    text = " " + text
                ent = {"word": text}
                if ms:
                    ent["start_ms"], ent["end_ms"] = int(t * 1000), int((t + dur * 0.92) * 1000)
                else:
                    ent["start"], ent["end"] = round(t, 2), round(t + dur * 0.92, 2)
                if with_conf:
                    base = 0.62 if w["owner"] is not None else 0.8
                    ent["probability" if whisper else "confidence"] = round(min(0.999, rng.uniform(base, 1.0)), 3)
                if with_spk and not whisper:
                    ent["speaker"] = spk_map[tu.spk]
                out.append(ent)
                owners.append(w["owner"])
                t += dur
            if whisper:
                si = len(segs)
                seg = {"id": si, "seek": 0, "start": round(st, 2), "end": round(en, 2),
                       "text": "".join(w["word"] for w in out).strip(), "words": out}
                if with_spk:
                    seg["speaker"] = spk_map[tu.spk]
                segs.append(seg)
                keys += [[si, wi] for wi in range(len(out))]
            else:
                keys += list(range(len(flat), len(flat) + len(out)))
                flat += out
    if whisper:
        tr = {"language": "en" if lang == "en" else "zh"}
        if rng.random() < 0.35:
            tr["text"] = "".join((" " if lang == "en" else "") + s["text"] for s in segs).strip()
        tr["segments"] = segs
        if rng.random() < 0.3:
            tr["duration"] = round(segs[-1]["end"] + 0.8, 2)
    else:
        tr = {"words": flat}
        if rng.random() < 0.5:
            tr["language"] = "en" if lang == "en" else "zh"
        if rng.random() < 0.3:
            tr["duration"] = round((flat[-1].get("end") or flat[-1].get("end_ms") / 1000) + 0.8, 2)
    # entities: a fragment's words; the halves of a cut number are one entity
    ents = []
    by_merge = {}
    seen = []
    for k, o in zip(keys, owners):
        if isinstance(o, Frag):
            if o not in seen:
                seen.append(o)
    for f in seen:
        ks = [k for k, o in zip(keys, owners) if o is f]
        if f.merge:
            if f.merge in by_merge:
                e = by_merge[f.merge]
                e["words"] += ks
                e["_frags"].append(f)
                e["last4_ok"] = f.orig.last4
                continue
            e = {"kind": f.kind, "last4_ok": f.orig.last4, "role": f.orig.role, "words": ks, "_frags": [f]}
            by_merge[f.merge] = e
        else:
            e = {"kind": f.kind, "last4_ok": f.last4, "role": f.role, "words": ks, "_frags": [f]}
        ents.append(e)
    variant = ("asr:whisper" if whisper else "asr:flat") + ("+spk" if with_spk else "") + ("+conf" if with_conf else "") + ("+ms" if ms else "")
    return tr, ents, keys, owners, with_spk, variant


# ============================================================================================
# Checks on a case
# ============================================================================================

SEP_CHARS = set(" \t\n,.，。、:：;；-–—_/\\()（）[]【】·…'\"!?！？~「」《》+＋")
GAP_EN = {"um", "uh", "er", "erm", "uhh", "hmm", "and", "then", "dash", "like", "mm", "plus"}
GAP_ZH = ["那个", "就是", "然后", "呃", "嗯", "额", "杠", "加"]


def gap_joins(g):
    for w in GAP_ZH:
        g = g.replace(w, " ")
    g = re.sub(r"[A-Za-z]+", lambda m: " " if m.group(0).lower() in GAP_EN else "\x00", g)
    return all(ch in SEP_CHARS for ch in g)


def units_of(s):
    """Readable digits of s with double / triple expanded: [(start, end, collapsed, expanded, mult)]."""
    res = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if "0" <= ch <= "9":
            res.append((i, i + 1, ch, ch, 1))
        elif "０" <= ch <= "９":
            d = str(ord(ch) - 0xFF10)
            res.append((i, i + 1, d, d, 1))
        elif ch in ev.CN_VAL:
            res.append((i, i + 1, ev.CN_VAL[ch], ev.CN_VAL[ch], 1))
        elif ch in "Ｘ叉":
            res.append((i, i + 1, "X", "X", 1))
        elif ch.isascii() and ch.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                res.append((i, j, "X", "X", 1))
            else:
                parts = ev._decompose(w)
                if parts:
                    coll, exp, pend = "", "", 1
                    for p in parts:
                        if p in ("double", "triple"):
                            pend = 2 if p == "double" else 3
                        else:
                            coll += ev.EN_VAL[p]
                            exp += ev.EN_VAL[p] * pend
                            pend = 1
                    res.append((i, j, coll, exp, pend))
            i = j
            continue
        i += 1
    return res


def runs_of(s):
    us = units_of(s)
    runs = []
    for u in us:
        if runs and gap_joins(s[runs[-1][-1][1]:u[0]]):
            runs[-1].append(u)
        else:
            runs.append([u])
    return runs


def run_digits(run):
    coll = "".join(u[2] for u in run)
    exp = ""
    pend = 1
    for u in run:
        e = u[3]
        if pend > 1 and e:
            e = e[0] * pend + e[1:]
            pend = 1
        exp += e
        if u[4] > 1:
            pend = u[4]
    return coll, exp


def grams6(versions):
    gs = set()
    for v in versions:
        for i in range(len(v) - 5):
            gs.add(v[i:i + 6])
    return gs


def check_runs(turns, speakers_visible, versions):
    """What the redactor reads, turn by turn (or as one stream when no speaker is shown): unlabelled
    digits never run into a fragment, and no unlabelled run could be taken for a personal number."""
    streams = []
    cur = None
    for tu in turns:
        if cur is None or speakers_visible:
            cur = {"s": "", "fr": [], "cc": []}
            streams.append(cur)
        for line in tu.lines:
            s, frs, ccs = content_of(line)
            off = len(cur["s"])
            cur["fr"] += [(a + off, b + off) for _, a, b in frs]
            cur["cc"] += [(a + off, b + off) for a, b in ccs]
            cur["s"] += s + "\n"
    g6 = grams6(versions)
    for st in streams:
        s = st["s"]
        for run in runs_of(s):
            lab = [u for u in run if any(a <= u[0] < b for a, b in st["fr"])]
            cc = [u for u in run if any(a <= u[0] < b for a, b in st["cc"])]
            other = [u for u in run if u not in lab and u not in cc and (u[2] or u[4] == 1)]
            if lab and other:
                raise Redraw("unlabelled digits run into a fragment: " + repr(s[run[0][0]:run[-1][1]]))
            if not lab:
                rest = [u for u in run if u not in cc]
                if not rest:
                    continue
                coll, exp = run_digits(rest)
                for d in {coll, exp}:
                    if d and not harmless(d):
                        raise Redraw("unlabelled run looks like a personal number: " + repr(s[rest[0][0]:rest[-1][1]]))
                    for i in range(len(d) - 5):
                        if d[i:i + 6] in g6:
                            raise Redraw("unlabelled run holds a piece of a number: " + repr(d))


def digit_bearing(ch):
    return ch.isdigit() or ch in ev.CN_VAL or ch in "Ｘ叉" or (ch.isascii() and ch.isalpha()) or "０" <= ch <= "９"


def check_frag_text(f, shown, where):
    got = "".join(u[3] for u in ev.read_units(shown))
    want = coll_of(f.toks)
    if got != want:
        raise Bug(f"{where}: fragment {shown!r} reads {got!r}, built from {want!r}")
    if expand_exp(f.toks) != f.said[f.lo:f.hi]:
        raise Bug(f"{where}: fragment {shown!r} does not say {f.said[f.lo:f.hi]}")
    if f.kind == "phone":
        ws = [t for t in f.toks if t.kind in ("d", "m")]
        if f.last4:
            # no double / triple in the last five digits of a phone that may show its last four
            acc = 0
            for t in reversed(ws):
                if acc >= 5:
                    break
                if t.kind == "m" or "double" in t.text.lower() or "triple" in t.text.lower():
                    raise Bug(f"{where}: double/triple at the end of {shown!r}")
                acc += len(t.exp)
    if f.toks[0].kind != "d" or f.toks[-1].kind != "d":
        raise Bug(f"{where}: fragment {shown!r} starts or ends with a non-digit")
    t0 = f.toks[0].text.lower()
    if t0.startswith(("double", "triple")):
        raise Bug(f"{where}: fragment starts with double/triple")


# ============================================================================================
# A case: draw, lay out, label, check
# ============================================================================================

def label_of(f, start, end):
    return {"start": start, "end": end, "kind": f.kind, "last4_ok": f.last4, "role": f.role}


def render_case(c, idx):
    rng = c.rng
    plan = c.plan
    turns = split_brk(c.turns)
    case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": plan["phenomenon"], "lang": plan["lang"],
            "format": plan["format"], "domain": plan["domain"]}
    frags_all = [p for t in turns for l in t.lines for p in l if isinstance(p, Frag)]
    if plan["format"] in ("text", "vtt"):
        if plan["format"] == "text":
            lay = pick_text_layout(rng, c)
            text, spans = render_text(rng, turns, lay)
            visible = not lay.nolabel
            lvar = "text:" + lay.name
        else:
            text, spans, lvar = render_vtt(rng, turns, c)
            visible = "{lab}" in lvar.split("|")[0]
        labels = []
        for f, a, b in spans:
            shown = text[a:b]
            if shown != f.text():
                raise Bug(f"{case['id']}: span offsets wrong: {shown!r} vs {f.text()!r}")
            check_frag_text(f, shown, case["id"])
            if (a > 0 and digit_bearing(text[a - 1])) or (b < len(text) and digit_bearing(text[b])):
                raise Redraw("a digit-bearing character beside a span: " + repr(text[max(0, a - 3):b + 3]))
            labels.append(label_of(f, a, b))
        if len(spans) != len(frags_all):
            raise Bug(f"{case['id']}: {len(frags_all)} fragments, {len(spans)} spans")
        case["variant"] = ";".join(c.tags + [lvar])
        if plan["format"] == "text":
            case["text"] = text
        else:
            case["transcript_text"] = text
        case["spans"] = labels
    else:
        tr, ents, keys, owners, visible, lvar = render_asr(rng, turns, c)
        flat = ev.asr_words(tr)
        wtext = {k: w for k, w, _ in flat}
        out_ents = []
        for e in ents:
            ks = [tuple(k) if isinstance(k, list) else k for k in e["words"]]
            shown = " ".join(wtext[k] for k in ks)
            fr = e["_frags"]
            toks = [t for f in fr for t in f.toks]
            ff = Frag(fr[0].kind, fr[0].role, toks, fr[0].said, fr[0].lo, fr[-1].hi, fr[0].correct, fr[0].num)
            check_frag_text(ff, shown, case["id"])
            out_ents.append({"kind": e["kind"], "last4_ok": e["last4_ok"], "role": e["role"], "words": e["words"]})
        case["variant"] = ";".join(c.tags + [lvar])
        case["transcript"] = tr
        case["entities"] = out_ents
    check_runs(turns, visible, c.versions)
    if plan["phenomenon"] == "negative":
        if frags_all:
            raise Bug("a negative holds a fragment")
        if not any(ev.readable_count(content_of(l)[0]) for t in turns for l in t.lines):
            raise Redraw("a negative with no digit at all")
    elif not frags_all:
        raise Bug(f"{case['id']}: no fragment")
    problem = ev.builtin_case_problem(case, SET)
    if problem:
        raise Bug(problem)
    case["_nums"] = [(n.kind, n.sub) for n in c.nums]
    case["_near"] = c.near
    return case


def build_case(idx, plan, used, redraws, seed):
    for r in range(MAX_REDRAWS):
        rng = random.Random(f"{seed}/{idx}/{r}")
        local = set(used)
        c = Ctx(rng, plan, local)
        try:
            PHENOM_FN[plan["phenomenon"]](c, plan["kind"])
            if plan["second"]:
                second_number(c, plan["kind"])
                c.tags.append("second")
            closing(c)
            case = render_case(c, idx)
        except Redraw as e:
            redraws[str(e).split(":")[0]] += 1
            continue
        used |= local
        return case
    raise Bug(f"case {idx}: no good draw in {MAX_REDRAWS}")


# ============================================================================================
# The plan
# ============================================================================================

PH_COUNTS = {"plain": 30, "interruption": 40, "continuation": 32, "correction": 42, "filler": 34, "asr-chunks": 36,
             "readback": 42, "check-char-apart": 26, "glued-words": 26, "multi-number": 32, "negative": 60}
LANG_COUNTS = {"zh": 150, "en": 150, "mixed": 100}
FMT_COUNTS = {"text": 220, "vtt": 60, "asr-json": 120}


def make_plan(seed):
    rng = random.Random(f"{seed}/plan")
    phs = [p for p in ev.PHENOMENA for _ in range(PH_COUNTS[p])]
    assert len(phs) == N_CASES
    # languages: glued words are English or mixed; the rest from the remaining pool, spread per phenomenon
    langs = [None] * N_CASES
    pool = Counter(LANG_COUNTS)
    glued = [i for i, p in enumerate(phs) if p == "glued-words"]
    for j, i in enumerate(glued):
        langs[i] = "en" if j < 16 else "mixed"
        pool[langs[i]] -= 1
    rest = [i for i in range(N_CASES) if langs[i] is None]
    seq = [l for l in ("zh", "en", "mixed") for _ in range(pool[l])]
    rng.shuffle(seq)
    # deal the languages phenomenon by phenomenon in a balanced way
    order = sorted(rest, key=lambda i: (phs[i], rng.random()))
    cyc = _balanced(rng, seq)
    for i, l in zip(order, cyc):
        langs[i] = l
    fmts = [None] * N_CASES
    fpool = Counter(FMT_COUNTS)
    chunks = [i for i, p in enumerate(phs) if p == "asr-chunks"]
    for j, i in enumerate(chunks):
        fmts[i] = "asr-json" if j < 20 else ("text" if j < 29 else "vtt")
        fpool[fmts[i]] -= 1
    rest = sorted([i for i in range(N_CASES) if fmts[i] is None], key=lambda i: (phs[i], langs[i], rng.random()))
    fseq = _balanced(rng, [f for f in ("text", "vtt", "asr-json") for _ in range(fpool[f])])
    for i, f in zip(rest, fseq):
        fmts[i] = f
    doms = [list(DOMAINS)[i % len(DOMAINS)] for i in range(N_CASES)]
    rng.shuffle(doms)
    plans = []
    kinds_cycle = ["phone", "id_number", "bank_card", "phone", "id_number", "bank_card", "phone"]
    for i in range(N_CASES):
        ph = phs[i]
        kind = "id_number" if ph == "check-char-apart" else (None if ph == "negative" else rng.choice(kinds_cycle))
        second = ph not in ("negative", "multi-number") and rng.random() < 0.12
        shape = "whisper" if rng.random() < 0.55 else "flat"
        plans.append({"phenomenon": ph, "lang": langs[i], "format": fmts[i], "domain": doms[i], "kind": kind,
                      "second": second, "shape": shape})
    rng.shuffle(plans)
    return plans


def _balanced(rng, seq):
    """The items of seq reordered so that every stretch holds them in about their overall shares."""
    cnt = Counter(seq)
    total = len(seq)
    out = []
    acc = Counter()
    for k in range(total):
        best = max(cnt, key=lambda x: ((k + 1) * cnt[x] / total - acc[x], rng.random()) if acc[x] < cnt[x] else (-1e9, 0))
        out.append(best)
        acc[best] += 1
    return out


# ============================================================================================
# The set
# ============================================================================================

def generate(seed=MASTER_SEED):
    plans = make_plan(seed)
    used = set()
    redraws = Counter()
    cases = []
    for i, plan in enumerate(plans, 1):
        cases.append(build_case(i, plan, used, redraws, seed))
    stats = summary_stats(cases)
    for c in cases:
        del c["_nums"]
        del c["_near"]
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
    st["neg"] = Counter(c["variant"].split(";")[0] for c in cases if c["phenomenon"] == "negative")
    st["near"] = sum(1 for c in cases if c["_near"])
    st["second"] = sum(1 for c in cases if "second" in c["variant"].split(";"))
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pk"] = Counter((c["phenomenon"], k) for c in cases for k in sorted({l["kind"] for l in ev.labels_of(c)}))
    st["variants"] = Counter(c["variant"].split(";")[0] for c in cases)
    st["text_nolabel"] = sum(1 for c in cases if c["format"] == "text" and "text:nolabel" in c["variant"])
    st["text_stamped"] = sum(1 for c in cases if c["format"] == "text" and ("{ts}" in c["variant"] or "+" in c["variant"].split("text:")[-1][:30]))
    return st


def summary(st):
    lines = []
    lines.append("phenomena (zh/en/mixed, text/vtt/asr-json): " + ", ".join(
        f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}, "
        f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]})" for p in ev.PHENOMENA))
    lines.append("phenomenon x kind (cases holding): " + ", ".join(
        f"{p} {st['pk'][(p, 'phone')]}/{st['pk'][(p, 'id_number')]}/{st['pk'][(p, 'bank_card')]}" for p in ev.PHENOMENA if p != "negative"))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(st["lang"].items())))
    lines.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(st["format"].items())) +
                 " (asr: " + ", ".join(f"{k} {v}" for k, v in sorted(st["shape"].items())) + f"); text without labels {st['text_nolabel']}")
    lines.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    lines.append(f"fragments {st['frags']}: " + ", ".join(f"{k} {v}" for k, v in sorted(st["kind"].items())) +
                 f"; last4_ok {st['last4']}; roles: " + ", ".join(f"{k} {v}" for k, v in sorted(st["role"].items())))
    lines.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(st["cases_with"].items())) +
                 f"; two or more kinds {st['multi_kind']}; two or more numbers {st['multi_num']}; second number {st['second']}; "
                 f"look-alike in the number's turn {st['near']}")
    lines.append("phones: " + ", ".join(f"{k} {v}" for k, v in sorted(st["phone_sub"].items())) +
                 "; cards: " + ", ".join(f"{k} {v}" for k, v in sorted(st["card_sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())))
    lines.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
