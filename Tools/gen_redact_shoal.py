#!/usr/bin/env python3
"""Shoal: 400 whole call-centre conversations for `callvault redact`, written by a seventeenth independent author.

    Tools/gen_redact_shoal.py            # writes Tests/VaultRedactTests/Fixtures/conversations-shoal.jsonl
    Tools/gen_redact_shoal.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_shoal.py --out PATH

Provenance. The set ("set": "shoal", ids shoal-0001 ... shoal-0400) was written from the statement of
issue #15 ("Redaction that holds on real conversations") and the scorer Tools/eval_redact_conversations.py
only: its case schema, labelling conventions, digit reader, structure checks and built-in redactors
(imported here; ev.builtin_case_problem runs on every case as it is drawn, ev.require_set_checks on the
whole set before anything is written). The redactor's sources (Sources/), its tests and every *.swift file
were not read, nothing was built and the redactor was not run. Of the other generators only their module
docstrings were read (for the shared label conventions, the constructions they leave out and to stay out of
their domains), plus, in Tools/gen_redact_lagoon.py, the code wiring the scorer's checks (render_case /
build_case / generate) and the --stdout / --out handling, which this file follows. Of the fixtures, the head
of one line of conversations-lagoon.jsonl per format (text, vtt, flat and Whisper asr-json) was looked at to
confirm the JSON shapes, and whether the text / WebVTT fixtures end in a line break was counted (both occur,
so both are used here). No template, phrase bank, sentence or layout of another generator or fixture was
copied: the dialogue, domain lines, number renderings, look-alikes, speaker labels and layouts are this
author's own. The scorer's --self-check lists its splits by name and does not list this one; this generator
runs the same checks itself.

Left out, where the sets' conventions disagree or the scorer could not label a construction unambiguously:
no complete WRONG version of a phone number is ever said (a misheard phone read-back covers only its first
groups, a phone correction abandons a prefix or fixes a middle group), so no label depends on whether a
wrong phone's last four may show; no misheard phone last four; no single-digit spoken correction; no
organisation landline with an area code (only 400 / 800 / 95xxx hotlines, which are look-alikes); no
"ninety-nine" pair readings; no card's last four said alone as a look-alike; no "x-ray"-style spelling of a
check character; no "double" / "triple" at the start of a fragment or in the last five digits of a phone.

Domains (twelve, none used by another set; 33 or 34 calls each): mail-order tea merchant, golf club tee
times, tattoo studio, furniture upholstery, DNA / ancestry test kits, photobook printing, lift (elevator)
maintenance contractor, hot-spring resort, notary office, watch & clock repair, coach charter and home
alarm monitoring. Each has its company names, speaker labels (茶庄客服/茶友, Pro shop/Golfer, 公证员/当事人,
Monitoring/Keyholder ...), reasons for calling with the agent's matching answer, reasons for wanting each
kind of number, wrap-ups and references (order, batch, design, quote, sample barcode, coupon, lift and
contract, locker tag, certificate, repair ticket, itinerary and plate, zone and sensor codes), in Chinese,
English and code-switched Chinese/English.

Languages: Chinese 150, English 151, mixed code-switching 99 (also inside numbers: 幺三八 then English
words, English words then Arabic groups, Chinese numerals then Arabic). Formats: plain text 223, WebVTT 59,
ASR JSON 118.
  Text: 30 layouts of this author's: inline `lab：`, `lab: `, `[ts] lab: `, `ts  lab  ` columns, `lab（ts）：`,
  `(lab) `, `lab ｜ `, `lab => `, `<ts> lab :: `, `lab说：`, `@lab `, `lab/ts：`, numbered lines `12. lab: `,
  `ts,lab,` (CSV), `lab<TAB>`, `lab->`, `[lab ts] `, `lab says: `, `〈ts〉lab：`; header-line layouts (56 cases)
  with the label and / or stamp on their own line (`lab ts`, `[ts] lab`, `### lab`, `lab`, `— lab · ts —`,
  `ts` above `lab: `, `lab（ts）`), blank lines between turns in most; 18 with no speaker labels (bare,
  `[ts] `, `ts - `, `(ts) `). 106 stamped: hh:mm:ss, mm:ss, m:ss, hh:mm:ss.mmm, 62.5s, 1分02秒, wall clock
  with and without AM/PM. 75 label pairs: 坐席/客户, 客服专员/来电客户, 接待/来电人, 话务/用户, Agent/Customer,
  Associate/Caller, Host/Guest, Specialist/Client, numbered speakers (发言人1/2, 角色A/B, 声道1/2, 讲话人甲/乙,
  Party 1/2, Speaker A/B, spk_1/2, CH-L/CH-R, Line 1/2, P1/P2; the caller is sometimes the first), labels
  with the agent's name (客服-<name>, 坐席（<name>）, Agent <name>, Rep (<name>), <name> (agent)), domain labels and an
  IVR / 系统 / Recording voice. A turn that goes on is labelled again, bare, indented or `↳`-led.
  WebVTT: `<v lab>`, `<v lab>…</v>`, `lab: ` / `lab：`, `[lab] `, `- `, `>> ` and bare payloads; numeric,
  `seg-N` or no cue ids; long and short timings, some with cue settings; optional title, Kind / Language
  lines and a NOTE; a turn that goes on is a new cue with its voice, a new cue without it, or a second
  payload line of the same cue.
  ASR JSON: 38 flat `words` (30 with per-word speakers, 16 with confidences, 7 with start_ms / end_ms, 11
  without punctuation, some with language / duration) and 80 Whisper-style `segments` with `words`
  (leading-space words, Chinese one character a word with Arabic chunks and Latin words whole, 37 with
  segment speakers, 39 with word probabilities, 58 with a top-level text). 67 of the 118 are Chinese (42
  Whisper), 58 of them in correction / asr-chunks / interruption / readback.

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json; Chinese asr-json):
  plain 28 (11/10/7, 19/4/5; 1): answered; answered with a look-alike in the same breath; volunteered with
    the reason for the call; read out by the agent from the system; mid-sentence ("tell them to call … from
    the gate"); given after "hang on, let me find it" with no context word;
  interruption 42 (17/15/10, 18/6/18; 13): one or two back-channels on their own line (嗯 / 在记 / 收到，然后呢？ /
    Mhm / With you / Okay, writing it down); the agent echoing the first piece; a question in the middle
    (is that your own number / you cut out / slow down, my screen's lagging / grabbing a pen); line noise
    ("喂？您那边有点杂音"); the agent's read-back cut by the caller's 对 / yes;
  continuation 30 (12/11/7, 21/4/5; 2): the same speaker goes on on the next line / cue / segment (two or
    three pieces, at a group edge or inside a group); "我念一下：" then the number alone on the next line;
    the agent reading a number off the screen over two lines;
  correction 46 (18/17/11, 20/7/19; 14): an abandoned wrong prefix, a restart of a right prefix, two
    attempts (phrases drawn from 哦不是 / 不对 / 说错了 / 重新说一下 / 哎，看错行了 / 不是不是，我拿反了 / sorry, no wait / let me
    start again / scratch that / hang on, I'm reading the wrong line / ugh, my glasses); for IDs and cards
    a complete wrong version then the corrected last group, the corrected middle group ("中间那段是…，不是…")
    or the whole number again; for phones a prefix with a wrong middle group, then "中间是…，不是…，后面…";
  filler 30 (12/11/7, 21/4/5; 1): two or three of 呃 / 嗯 / 那个 / 额 / 就是 / 我看看 / um / uh / er / erm /
    hmm / let me see / what is it inside one number, between groups or splitting a group, after a hesitant
    lead-in, and in the agent's read-back;
  asr-chunks 42 (17/15/10, 12/6/24; 17): ITN chunks spread over tokens, a digit a token, Chinese numerals
    one a token mixed with Arabic chunks, English words then Arabic groups, a number cut inside a group over
    two segments / cues / lines (9 Whisper entities over two segments; two spans in text and WebVTT);
  readback 46 (18/17/11, 20/7/19; 14): the whole number, its last four (尾号… / ending …), its first group,
    all but the last four ("所以是……？") finished by the caller; a misheard ID / card (failing its check)
    answered "不对，是…，不是…" and read back again; a misheard ID / card last four; a phone's first groups
    misheard, corrected and the whole number read back;
  check-char-apart 24 (10/9/5, 16/4/4; 1): an ID's seventeen characters, then ……末尾是X / 尾巴上是X /
    "and the last character is X" on the same line, on the next line, or after the agent asks (X, x, Ｘ or
    叉; one with a digit check character said apart);
  glued-words 24 (0/14/10, 16/4/4; 0): English number words glued by the recogniser (onedoublenine,
    fourohtwooneeight, fiveohoneoh, doubles inside glued words) in a whole number, in the agent's read-back, or in two
    pieces around a back-channel;
  multi-number 30 (12/11/7, 21/4/5; 1): two numbers of different kinds on one line with a booking
    reference, two or three numbers asked for turn by turn, a mobile and a backup landline or second mobile;
  negative 58 (23/21/14, 39/9/10; 3): look-alikes only. 28 hold a 15-19 digit reference said in English
    number words (9), Chinese numerals (11) or Arabic digits (8) (tracking, warranty serial, contract,
    batch, transaction, invoice, barcode, job numbers; 6 read back by the agent), all failing Luhn and
    MOD 11-2 and said after no ID or card context word; 8 an 11-digit membership number not shaped like a
    mobile; 10 a number asked for but not given; 12 domain chatter (amounts, dates, times, codes, 400 / 800 /
    95xxx hotlines, plates, postcodes).
50 calls of the other phenomena carry a second number of another kind (80 cases hold two or more numbers, 75
of two or more kinds) and 92 say a look-alike (order code, date, amount, time) in the same line as a number;
reasons, answers and wrap-ups carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code, valid birth
date, MOD 11-2 check character, X in most check-char cases), a bank card (UnionPay 16 / 19 digits, Visa,
Mastercard incl. 2-series; Luhn-valid) or a phone number (PRC mobiles 1[3-9]x, landlines with their area
code, Hong Kong, Singapore, UK and US numbers, some after +86 / 0086 / 加86 / plus eight six / +852 / (852) /
+65 / +44 / 0044 / +1 …) said by anybody is one fragment of its kind, with a "role": said, piece, echo,
readback, misheard, abandoned, wrong, corrected, check-char. Counts: 764 fragments, phone 323, id_number
255, bank_card 186 (218 with last4_ok); roles said 273, piece 197, readback 109, corrected 61, abandoned 48,
wrong 29, check-char 24, misheard 15, echo 8; per phenomenon phone/id/card: plain 14/13/4, interruption
50/21/32, continuation 31/18/20, correction 63/25/34, filler 17/15/8, asr-chunks 37/19/14, readback
59/41/47, check-char-apart 3/61/0, glued-words 13/17/6, multi-number 36/25/21; cases holding a phone 172, an
ID 148, a card 103; numbers: mobiles 74, mobiles after a country code 32, landlines 17, HK 16, SG 12, UK 14,
US 12; cards UnionPay 57, Visa 27, Mastercard 19. A fragment runs from its first digit-bearing word to its
last (never starting with "double" / "triple") and holds the separators and fillers inside it; in text and
WebVTT it is a code-point span within one line (a number cut over two lines is two fragments), in asr-json
the list of its words (one entity over two Whisper segments). A country code is not part of a phone
fragment; a landline's area code is. `last4_ok` is set exactly on phone fragments that end at the number's
final digit with the right digits (the whole number, its last piece, a full or last-four read-back); never on
IDs, cards, abandoned prefixes, middle pieces or misheard / wrong digits. Every number is used by one case
only.

Checks at generation (a failure of the generator aborts and nothing is written; a failed draw is drawn
again): every number valid (every misheard or wrong ID / card version fails its check, every wrong mobile is
still 1[3-9]x); every fragment says, with double / triple expanded, exactly the digits of its place in its
version and reads, with the scorer's reader, exactly its collapsed digits (in asr-json over its words); no
double / triple in a last4_ok phone's last five digits; spans start and end on a digit-bearing token and
have no digit-bearing character (digit, numeral, X / 叉, Latin letter) beside them; no ASR word mixes a
fragment with other digits. Look-alike safety, on what the redactor reads (each line's content outside
labels, stamps, cue timings and headers; turn by turn when speakers are shown, as one stream when they are
not): runs of unlabelled digits joined across spaces, punctuation, line breaks, fillers and and / then /
dash / plus / 然后 / 和 / 加 / 杠, read with and without double / triple expanded, have no 11-digit window
1[3-9]…, no 13-19 digit window passing Luhn, no 18-character window passing MOD 11-2, are no 10-12 digit run
starting with 0, no 10-digit NANP-shaped run (400 / 800 aside), no 8-digit run starting 5 / 6 / 8 / 9, no
15 / 18-digit run starting with a province code, no 16 / 19-digit run with a card prefix, hold no 6-digit
piece of a labelled number (or of a wrong version) and never run into a fragment or a country code. The
scorer's structure check and built-in redactors pass on each case (ev.builtin_case_problem) and on the set
(ev.require_set_checks: ev.check_fixture_structure and ev.builtin_set_checks): the oracle and keep-last-4
redactors give recall 1, precision 1 and no negative masked, the identity and leaky ones recall at most the
short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape, domain,
kind, second number, negative variant); each case draws from its own random.Random seeded from the master
seed, its index and a redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import calendar
import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer: reader, structure and built-in redactor checks)

SET = "shoal"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-shoal.jsonl")
MASTER_SEED = 8_306_451
N_CASES = 400
MAX_REDRAWS = 400


class Bug(Exception):
    """The generator is wrong (not an unlucky draw): abort and write nothing."""


class Redraw(Exception):
    """This draw broke a rule (a look-alike validates, a run touches a number ...): draw the case again."""


# ============================================================================================
# Numbers and their checks
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_MAP = "10X98765432"


def id_check(d17):
    return ID_MAP[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] == id_check(s[:17])


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
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise Bug("no Luhn digit")


# Real county-level division codes (district / county of a prefecture-level city).
COUNTIES = ["110101", "110102", "110105", "110108", "120101", "120103", "130102", "130104", "140105", "150102",
            "210102", "210202", "220102", "230102", "310101", "310104", "310105", "310112", "310115", "320102",
            "320106", "320506", "330102", "330106", "330203", "340102", "350102", "350203", "360102", "370102",
            "370202", "410102", "420102", "420106", "430102", "440103", "440106", "440304", "440305", "450103",
            "460105", "500103", "500106", "510104", "510107", "520102", "530102", "540102", "610102", "610113",
            "620102", "630102", "640104", "650102"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
                   "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"]
AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0571", "0755", "0512", "0532", "0731", "0591", "0871", "0757", "0769", "0574"]
UNIONPAY_BINS = ["622202", "622848", "621700", "622588", "621483", "622262", "621226", "622150", "621661",
                 "623668", "622609", "621785", "622700", "621098", "622823"]
VISA_BINS = ["4367", "4392", "4514", "4581", "4033", "4890", "4000", "4218"]
US_AREAS = ["212", "312", "415", "617", "206", "303", "404", "512", "702", "718", "646", "213", "305", "503",
            "619", "773", "510", "614", "919", "480"]


def ok_number(kind, sub, d):
    if kind == "id_number":
        return id_ok(d) and d[:6] in COUNTIES
    if kind == "bank_card":
        return luhn_ok(d) and len(d) in (16, 19)
    if sub in ("cn_mobile", "cn_mobile_cc"):
        return len(d) == 11 and re.fullmatch(r"1[3-9]\d{9}", d) is not None
    if sub == "cn_land":
        return d[0] == "0" and len(d) in (11, 12)
    if sub in ("hk", "sg"):
        return len(d) == 8
    if sub == "uk":
        return (len(d) == 11 and d.startswith("07")) or (len(d) == 10 and d.startswith("7"))
    if sub == "us":
        return len(d) == 10 and d[0] in "23456789" and d[3] in "23456789"
    return False


class Num:
    """A personal number of one case: its digits (the ID's check character may be X), its natural
    groupings and the country code said before it, if any."""

    def __init__(self, kind, sub, digits, groupings, cc=None):
        self.kind, self.sub, self.digits, self.groupings, self.cc = kind, sub, digits, groupings, cc
        self.versions = [digits]

    def __repr__(self):
        return f"Num({self.kind},{self.sub},{self.digits})"


def _rd(rng, n, first=None):
    s = "".join(rng.choice("0123456789") for _ in range(n))
    return (first + s[1:]) if first else s


def make_id(rng, want_x=None):
    while True:
        county = rng.choice(COUNTIES)
        y = rng.randint(1956, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        body = f"{county}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
        ch = id_check(body)
        if want_x is True and ch != "X":
            continue
        if want_x is False and ch == "X":
            continue
        return body + ch


def make_card(rng, sub):
    if sub == "unionpay16":
        body = rng.choice(UNIONPAY_BINS) + _rd(rng, 9)
    elif sub == "unionpay19":
        body = rng.choice(UNIONPAY_BINS) + _rd(rng, 12)
    elif sub == "visa":
        body = rng.choice(VISA_BINS) + _rd(rng, 11)
    elif sub == "mc":
        body = "5" + rng.choice("12345") + _rd(rng, 13)
    else:  # 2-series Mastercard
        body = rng.choice(["2221", "2345", "2490", "2567", "2631", "2718"]) + _rd(rng, 11)
    return body + luhn_digit(body)


def make_phone(rng, sub, lang):
    """(digits, groupings, country code text or None)."""
    if sub in ("cn_mobile", "cn_mobile_cc"):
        d = rng.choice(MOBILE_PREFIXES) + _rd(rng, 8)
        cc = None
        if sub == "cn_mobile_cc":
            cc = rng.choice({"zh": ["+86 ", "0086 ", "加86 ", "+86-"], "en": ["+86 ", "0086 ", "plus eight six, ", "+86 "],
                             "mixed": ["+86 ", "0086 ", "加86 ", "plus 86, "]}[lang])
        return d, [[3, 4, 4], [3, 4, 4], [3, 8], [11]], cc
    if sub == "cn_land":
        if rng.random() < 0.5:
            area = rng.choice(AREA3)
            d = area + rng.choice("2345678") + _rd(rng, 7)
            return d, [[3, 4, 4], [3, 8], [3, 4, 4]], None
        area = rng.choice(AREA4)
        d = area + rng.choice("2345678") + _rd(rng, 7)
        return d, [[4, 4, 4], [4, 8]], None
    if sub == "hk":
        d = rng.choice("5692") + _rd(rng, 7)
        cc = rng.choice([None, "+852 ", "(852) ", "852-"]) if lang != "zh" else rng.choice([None, "+852 ", "852 "])
        return d, [[4, 4], [8]], cc
    if sub == "sg":
        d = rng.choice("896") + _rd(rng, 7)
        cc = rng.choice([None, "+65 ", "(65) "])
        return d, [[4, 4], [8]], cc
    if sub == "uk":
        if rng.random() < 0.5:
            d = "07" + rng.choice("12345789") + _rd(rng, 8)
            return d, [[5, 6], [5, 3, 3]], None
        d = "7" + rng.choice("12345789") + _rd(rng, 8)
        return d, [[4, 6], [4, 3, 3]], rng.choice(["+44 ", "+44 ", "0044 "])
    if sub == "us":
        d = rng.choice(US_AREAS) + rng.choice("23456789") + _rd(rng, 2)
        while d[4:6] == "11":
            d = d[:4] + _rd(rng, 2)
        d += _rd(rng, 4)
        cc = rng.choice([None, None, "+1 ", "1-"])
        return d, [[3, 3, 4]], cc
    raise Bug(f"phone sub {sub}")


# ============================================================================================
# Saying digits: tokens and fragments
# ============================================================================================

CN_DIG = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN_DIG = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}
FW_DIG = {str(i): chr(0xFF10 + i) for i in range(10)}


class Tok:
    """One said word of a number: sep (what stands before it), text, the digits the scorer reads in it
    (coll), the digits it says with double / triple expanded (exp) and its sort: d digit-bearing,
    m a double / triple word, f a filler."""
    __slots__ = ("sep", "text", "coll", "exp", "sort")

    def __init__(self, sep, text, coll="", exp="", sort="d"):
        self.sep, self.text, self.coll, self.exp, self.sort = sep, text, coll, exp, sort


class Frag:
    """One labelled fragment: a stretch in which a piece of a number (or a wrong / misheard version of
    it) is said in one place."""

    def __init__(self, kind, role, toks, num, ver, lo, hi, last4):
        self.kind, self.role, self.toks, self.num, self.ver, self.lo, self.hi, self.last4 = \
            kind, role, toks, num, ver, lo, hi, last4
        self.join = None        # a number cut over two lines: the same join id on both halves

    def text(self):
        return self.toks[0].text + "".join(t.sep + t.text for t in self.toks[1:])


class CC:
    """A country code said before a phone number: not part of its fragment."""

    def __init__(self, text):
        self.text = text


class LA:
    """A look-alike (amount, date, code ...) placed in a line."""

    def __init__(self, text, what):
        self.text, self.what = text, what


def split_by(s, bounds):
    out, p = [], 0
    for b in bounds:
        out.append(s[p:p + b])
        p += b
    if p != len(s):
        raise Bug(f"bounds {bounds} do not cover {s!r}")
    return out


def slice_bounds(grouping, lo, hi):
    edges, acc = [], 0
    for g in grouping:
        acc += g
        edges.append(acc)
    pts = [lo] + [e for e in edges if lo < e < hi] + [hi]
    return [b - a for a, b in zip(pts, pts[1:])]


def _digit_word(ch, mode, st):
    if ch == "X":
        return st["x"]
    if mode == "cn":
        if ch == "1":
            return st["one"]
        if ch == "0":
            return st["zero_cn"]
        return CN_DIG[ch]
    if mode in ("en", "glued"):
        if ch == "0":
            return st["zero_en"]
        return EN_DIG[ch]
    if mode == "fw":
        return FW_DIG[ch]
    return ch


def _x_text(st, mode):
    if mode == "fw":
        return "Ｘ"
    if mode in ("en", "glued"):
        return st["x"] if st["x"] in ("X", "x") else "X"
    return st["x"]


def _group_tokens(rng, g, mode, st, abs0, no_dbl_from, first):
    """Tokens of one group g (abs0: its offset in the number; no double/triple on digits at or after
    no_dbl_from; first: the group starts the fragment)."""
    if mode in ("ar", "fw"):
        if mode == "ar":
            text = "".join(("X" if st["x"] in ("X", "叉", "Ｘ") else "x") if ch == "X" else ch for ch in g)
        else:
            text = "".join("Ｘ" if ch == "X" else FW_DIG[ch] for ch in g)
        return [Tok("", text, g, g)]
    if mode == "digit":
        return [Tok(" " if i else "", ("X" if ch == "X" else ch), ch, ch) for i, ch in enumerate(g)]
    if mode == "cn":
        toks = []
        for i, ch in enumerate(g):
            t = _x_text(st, "cn") if ch == "X" else _digit_word(ch, "cn", st)
            sep = ""
            if ch == "X" and t in ("X", "x", "Ｘ") and i and rng.random() < 0.4:
                sep = "，"
            toks.append(Tok(sep, t, ch, ch))
        return toks
    # English words, with double / triple inside the group
    toks = []
    i = 0
    while i < len(g):
        ch = g[i]
        if ch == "X":
            toks.append(Tok(" " if toks else "", _x_text(st, "en"), "X", "X"))
            i += 1
            continue
        run = 1
        while i + run < len(g) and g[i + run] == ch and run < 3:
            run += 1
        use = 0
        if run >= 2 and st["dbl"] and not (first and i == 0) and rng.random() < st["dbl"]:
            use = 3 if (run == 3 and rng.random() < 0.5) else 2
            if abs0 + i + use > no_dbl_from:
                use = 0
        word = _digit_word(ch, "en", st)
        if use:
            toks.append(Tok(" " if toks else "", "double" if use == 2 else "triple", "", "", "m"))
            toks.append(Tok(" ", word, ch, ch * use))
            i += use
        else:
            toks.append(Tok(" " if toks else "", word, ch, ch))
            i += 1
    if mode == "glued":
        toks = _glue(rng, toks, st.get("glue", 0.65))
    return toks


def _glue(rng, toks, p):
    out = [toks[0]]
    for t in toks[1:]:
        prev = out[-1]
        if "X" in prev.coll + t.coll:
            out.append(t)
            continue
        if rng.random() < p or prev.sort == "m":
            if prev.sort == "m" and rng.random() < 0.5:
                out.append(t)
                continue
            out[-1] = Tok(prev.sep, prev.text + t.text, prev.coll + t.coll, prev.exp + t.exp,
                          "d" if "d" in (prev.sort, t.sort) else prev.sort)
        else:
            out.append(t)
    return out


def render_digits(rng, s, bounds, st, abs0, no_dbl_from):
    mode = st["mode"]
    if mode in ("itn", "cnmix"):
        toks, i = [], 0
        while i < len(s):
            k = min(len(s) - i, rng.choice([1, 1, 2, 3, 3, 4, 4, 5]) if mode == "itn" else rng.choice([1, 2, 3, 4]))
            chunk = s[i:i + k]
            if len(s) - i - k == 1 and s[-1] == "X":
                k += 1
                chunk = s[i:i + k]
            if mode == "cnmix" and rng.random() < 0.45 and "X" not in chunk:
                for j, ch in enumerate(chunk):
                    toks.append(Tok(" " if toks else "", _digit_word(ch, "cn", st), ch, ch))
            else:
                toks.append(Tok(" " if toks else "", chunk, chunk, chunk))
            i += k
        return toks
    groups = split_by(s, bounds)
    toks = []
    pos = 0
    prev_mode = None
    for gi, g in enumerate(groups):
        gmode = mode
        if mode == "mix":
            gmode = rng.choice(st["mix_modes"])
        elif mode == "seq":
            gmode = st["seq"][gi]
        gt = _group_tokens(rng, g, gmode, st, abs0 + pos, no_dbl_from, gi == 0)
        if gi:
            if mode in ("mix", "seq"):
                sep = rng.choice([" ", "，", ", "] if st.get("x") in ("叉", "Ｘ") or "cn" in (gmode, prev_mode) else [" ", ", "]) \
                    if gmode != prev_mode else st["gsep"][gmode]
                if gmode in ("ar",) and prev_mode == "ar" and sep == "":
                    sep = " "
            else:
                sep = st["gsep"][gmode]
            if gmode in ("ar", "fw") and sep == "" and toks and toks[-1].sort == "d" and \
                    (toks[-1].text[-1:].isdigit() or "０" <= toks[-1].text[-1:] <= "９"):
                # groups said without a pause: one token
                last = toks[-1]
                toks[-1] = Tok(last.sep, last.text + gt[0].text, last.coll + gt[0].coll, last.exp + gt[0].exp)
                toks += gt[1:]
                prev_mode = gmode
                pos += len(g)
                continue
            gt[0].sep = sep
        toks += gt
        prev_mode = gmode
        pos += len(g)
    return toks


FILLERS = {"zh": ["呃", "嗯", "那个", "额", "就是", "呃……", "嗯，那个", "我看看"],
           "en": ["um", "uh", "er", "erm", "hmm", "let me see", "uh, hang on", "what is it"],
           "mixed": ["呃", "um", "那个", "uh", "嗯", "er", "就是"]}


def insert_fillers(rng, toks, k, lang, inside_group_ok=True):
    """Put k fillers between tokens (never after a double / triple word)."""
    cands = [j for j in range(1, len(toks)) if toks[j - 1].sort != "m"]
    if not inside_group_ok:
        gb = [j for j in cands if toks[j].sep not in ("",) or toks[j - 1].sort == "f"]
        cands = gb or cands
    if not cands:
        return toks, 0
    k = min(k, len(cands))
    picks = sorted(rng.sample(cands, k), reverse=True)
    for j in picks:
        fill = rng.choice(FILLERS[lang])
        latin = fill[0].isascii()
        if latin:
            a, b = rng.choice([(", ", ", "), (" ", " "), ("... ", " "), (", ", " ")])
        else:
            a, b = rng.choice([("，", "，"), (" ", " "), ("", ""), ("……", ""), ("，", "")])
        toks[j].sep = b
        toks.insert(j, Tok(a, fill, "", "", "f"))
    return toks, k


# ============================================================================================
# Domains: twelve call centres of this set's own
# ============================================================================================
# Templates: {ref} a reference code of the domain, {amt} an amount, {date}, {time}, {cnt} a count,
# {hot} a 400 / 800 hotline, {plate} a number plate, {post} a postcode, {code} a short code, {room}.

DOMAINS = {
    "tea": dict(
        zh_co=["云岫茶庄", "云岫茶庄网店"], en_co=["Cloudpeak Tea Merchants", "Cloudpeak Tea"],
        zh_lab=("茶庄客服", "茶友"), en_lab=("Tea desk", "Buyer"),
        refs=[("订单号", "order", "YX-DDDDD"), ("批次", "batch", "LL-DDDD"), ("礼盒编码", "gift box code", "GBDDDD")],
        zh_reason=["我{date}订的那饼普洱到现在还没发货，订单号{ref}。", "上回买的{cnt}罐白茶，有一罐封口漏气了，想换一罐。",
                   "我想开你们那个月度品鉴盒，就是每月{amt}那个。", "快递今天到了，箱子压扁了，里面茶饼碎了好几块。"],
        en_reason=["I ordered the aged oolong on {date}, order {ref}, and it still hasn't shipped.",
                   "A tin in my last box arrived with the seal broken, I'd like a replacement.",
                   "I'd like to start the monthly tasting box, the {amt} tier.",
                   "The parcel came today and it's been crushed, a couple of the cakes are in bits."],
        mx_reason=["我{date}下了个 order，{ref}，一直显示 processing。", "那个 tasting box 我想 upgrade 到{amt}的。",
                   "包裹到了但是 box 压坏了，想申请 replacement。"],
        zh_follow=["我查到了，这单在仓库待发，{date}之前能寄出。", "好的，换货不用寄回原罐，拍个照就行。", "品鉴盒首月{amt}，之后按月扣。", "抱歉，压坏的我们补寄，{date}前发出。"],
        en_follow=["Found it, it's sitting in the warehouse, it should leave by {date}.", "No need to send the tin back, a photo is enough.", "First month is {amt}, then it renews monthly.", "Sorry about that, we'll send replacements out by {date}."],
        mx_follow=["查到了，这个 order 在 warehouse，{date}前 ship。", "upgrade 可以，下个月开始按{amt}扣。", "不用寄回，拍个 photo 给我们就 OK。"],
        why={"phone": {"zh": ["快递派送前会先打电话。", "换货寄出后给您发短信。"],
                       "en": ["The courier rings before dropping it off.", "We text you once the replacement is on its way."],
                       "mixed": ["快递 deliver 之前会打电话。", "寄出后我们会 send 短信给你。"]},
             "id_number": {"zh": ["这批是境外直邮的茶样，清关要收件人身份证号。", "开品鉴会员需要实名登记。"],
                           "en": ["The samples ship from abroad, so customs needs the recipient's resident ID number.",
                                  "The tasting club is real-name registered."],
                           "mixed": ["这个是 cross-border 的，清关要身份证号。", "会员要实名，需要 ID。"]},
             "bank_card": {"zh": ["差价退回原付款卡。", "品鉴盒每月从卡上扣费。"],
                           "en": ["The difference goes back to the card you paid with.", "The box charges monthly to a card."],
                           "mixed": ["refund 会原路退回卡上。", "每个月 auto-charge 到卡上。"]}},
        zh_wrap=["换货{date}寄出，运费我们出。", "品鉴盒下个月{date}发第一期。"],
        en_wrap=["The replacement goes out by {date}, postage on us.", "Your first tasting box ships on {date}."],
        mx_wrap=["replacement {date}寄出，shipping 我们付。"],
    ),
    "golf": dict(
        zh_co=["翠湖高尔夫俱乐部", "翠湖球会订场中心"], en_co=["Larkspur Downs Golf Club", "Larkspur Downs pro shop"],
        zh_lab=("订场处", "球友"), en_lab=("Pro shop", "Golfer"),
        refs=[("订场单", "booking", "TT-DDDD"), ("会籍号", "membership ref", "LM-DDDDD"), ("球车", "buggy", "BDD")],
        zh_reason=["想订{date}早上{time}的场，{cnt}人。", "上周打球把测距仪落在{ref}号球车上了。",
                   "会籍快到期了，续费是{amt}吗？", "我{date}那场想改到下午。"],
        en_reason=["I'd like a tee time on {date}, around {time}, for a four-ball.", "I left my rangefinder in buggy {ref} last week.",
                   "My membership's up for renewal, is it still {amt}?", "Can I move my {date} round to the afternoon?"],
        mx_reason=["想 book 一个{date}的 tee time，{time}左右。", "我的 rangefinder 落在 buggy {ref} 上了。", "membership 续费还是{amt}吗？"],
        zh_follow=["{date}{time}还有空位，果岭费{amt}一位。", "失物在前台，登记的是{ref}。", "续费还是{amt}，这个月续送{cnt}场练习。", "下午{time}有位置，帮您改过去。"],
        en_follow=["{date} at {time} is free, green fee's {amt} each.", "Lost property has it, logged under {ref}.", "It's {amt} if you renew this month.", "I can do {time} that afternoon."],
        mx_follow=["{date} {time} 有 slot，green fee 每位{amt}。", "rangefinder 在 reception，登记号{ref}。", "续费还是{amt}，这个月有 promotion。"],
        why={"phone": {"zh": ["霜冻推迟开场的话出发台会打电话。", "我们短信发确认。"],
                       "en": ["The starter rings if there's a frost delay.", "We text the confirmation."],
                       "mixed": ["如果 frost delay，starter 会打给你。"]},
             "id_number": {"zh": ["来宾下场要实名登记。", "会籍续费要核对会员本人身份证号。"],
                           "en": ["Guests have to be registered by ID number before they play.", "Renewals are checked against the member's ID number."],
                           "mixed": ["guest 下场要实名，需要身份证号。"]},
             "bank_card": {"zh": ["球车押金要预授权。", "续费从卡上扣。"],
                           "en": ["The buggy needs a deposit on a card.", "The renewal goes on a card."],
                           "mixed": ["buggy 押金要 pre-auth 一下卡。"]}},
        zh_wrap=["{date}{time}，提前二十分钟到出发台。", "测距仪在前台，凭{ref}领取。"],
        en_wrap=["See you on {date}, be at the first tee by {time}.", "Pick the rangefinder up at reception, quote {ref}."],
        mx_wrap=["{date} 见，{time} 前到 first tee。"],
    ),
    "tattoo": dict(
        zh_co=["墨岛纹身工作室", "墨岛纹身"], en_co=["Inkwell & Anchor Tattoo", "Inkwell & Anchor"],
        zh_lab=("前台", "顾客"), en_lab=("Studio", "Client"),
        refs=[("设计稿", "design ref", "IA-DDDD"), ("预约号", "booking ref", "BKDDDD")],
        zh_reason=["我想约{date}的补色，上次那个是{ref}。", "设计稿{ref}我想改一下，线条太细了。", "定金交了{amt}，想问问能不能改期。",
                   "纹完第{cnt}天了，有点红肿，正常吗？"],
        en_reason=["I'd like to book a touch-up on {date}, the original was {ref}.", "Can I make a change to design {ref}? The lines are too fine.",
                   "I paid a {amt} deposit and need to move my session.", "It's been a few days and it's still a bit raised, is that normal?"],
        mx_reason=["想 book 一个 touch-up，{date}，之前的 design 是{ref}。", "deposit 交了{amt}，能不能 reschedule？"],
        zh_follow=["{date}下午{time}师傅有空。", "改稿不收费，师傅{date}前发新稿。", "可以改期，定金{amt}保留。", "头几天红肿正常，要是超过一周再来看看。"],
        en_follow=["The artist has {time} free on {date}.", "Design changes are free, the new sketch comes by {date}.", "Moving is fine, the {amt} deposit carries over.", "A bit of swelling is normal for the first week."],
        mx_follow=["artist {date} {time} 有空。", "可以 reschedule，deposit {amt} 保留。"],
        why={"phone": {"zh": ["师傅会把改好的稿子发到手机上。"], "en": ["The artist sends the sketch to your phone."],
                       "mixed": ["artist 会把 sketch 发到你手机。"]},
             "id_number": {"zh": ["纹身要确认满十八岁，得登记身份证号。"],
                           "en": ["We have to check you're over eighteen, so I need your ID card number."],
                           "mixed": ["要确认满十八岁，需要登记 ID number。"]},
             "bank_card": {"zh": ["定金退回要原卡。", "改期要重新付定金。"], "en": ["Deposits are refunded to the original card.", "A new deposit is taken by card."],
                           "mixed": ["deposit 退回原卡。"]}},
        zh_wrap=["{date}见，来之前别喝酒。", "护理膏在前台，{amt}一支。"],
        en_wrap=["See you on {date}, no alcohol the night before.", "Aftercare balm is {amt} at the desk."],
        mx_wrap=["{date} 见，aftercare 记得做。"],
    ),
    "upholstery": dict(
        zh_co=["匠心软装翻新", "匠心沙发翻新"], en_co=["Thornbury Upholstery", "Thornbury Upholstery workshop"],
        zh_lab=("门店", "客户"), en_lab=("Workshop", "Customer"),
        refs=[("报价单", "quote", "QDDDD"), ("布样", "fabric sample", "FB-DDD"), ("工单", "job", "JDDDDD")],
        zh_reason=["我那张单人沙发想换面料，报价单{ref}。", "布样{ref}那个颜色还有货吗？", "师傅{date}来取沙发，几点到？",
                   "翻新费是{amt}，能分期吗？"],
        en_reason=["I want the armchair re-covered, quote {ref}.", "Is fabric {ref} still in stock?", "Your van's collecting my sofa on {date}, what time?",
                   "The quote was {amt}, can I pay in instalments?"],
        mx_reason=["我的 armchair 想换 fabric，quote {ref}。", "{date} 来 collect 沙发，几点？"],
        zh_follow=["面料换好报价单会更新，大概多{amt}。", "那个布样还有，翻新周期大概{cnt}周。", "{date}上午{time}左右到。", "可以分期，分{cnt}期免息。"],
        en_follow=["I'll update the quote, it's roughly {amt} more.", "That fabric's in stock, turnaround is about three weeks.", "The van should be with you about {time} on {date}.", "Yes, we do interest-free instalments."],
        mx_follow=["quote 我 update 一下，大概多{amt}。", "van {date} {time} 左右到。"],
        why={"phone": {"zh": ["司机出发前半小时会打给您。"], "en": ["The driver rings half an hour ahead."], "mixed": ["driver 出发前会 call 你。"]},
             "id_number": {"zh": ["分期要实名，需要身份证号。"], "en": ["The instalment plan is in your name, so I need your ID number."],
                           "mixed": ["分期 plan 要实名，要身份证号。"]},
             "bank_card": {"zh": ["先付三成定金。"], "en": ["We take a thirty percent deposit by card."], "mixed": ["先付 deposit，三成。"]}},
        zh_wrap=["{date}取货，大概{cnt}周送回。"], en_wrap=["Collection on {date}, back to you in a few weeks."], mx_wrap=["{date} collect，几周后送回。"],
    ),
    "dna": dict(
        zh_co=["源谱基因", "源谱基因检测客服"], en_co=["RootLine DNA", "RootLine DNA kit support"],
        zh_lab=("检测客服", "用户"), en_lab=("Kit support", "Customer"),
        refs=[("样本条码", "sample barcode", "RL-DDDDDD"), ("订单", "order", "DNDDDDD")],
        zh_reason=["我{date}寄回的唾液样本，条码{ref}，到现在没出报告。", "检测盒要激活，说要实名。", "报告里祖源那部分看不懂。",
                   "买了两盒，第二盒想退，{amt}。"],
        en_reason=["I sent my saliva sample back on {date}, barcode {ref}, no results yet.", "I'm trying to activate my kit and it wants real-name details.",
                   "I don't understand the ancestry part of my report.", "I bought two kits and want to return the second, it was {amt}."],
        mx_reason=["我{date}把 sample 寄回去了，barcode {ref}，还没有 report。", "kit 激活要实名？"],
        zh_follow=["样本{date}签收了，实验室排队中。", "对，激活是实名的，我这边帮您登记。", "报告里那部分我给您发个解读链接。", "未拆封可以退，退款{amt}。"],
        en_follow=["The lab logged it on {date}, it's in the queue.", "That's right, activation is real-name, I can do it with you now.", "I'll send you a guide to the ancestry section.", "Unopened kits are refundable, that's {amt}."],
        mx_follow=["lab {date} 收到了，在 queue 里。", "对，activation 要实名，我帮你登记。"],
        why={"phone": {"zh": ["报告出来会短信通知。"], "en": ["We text you when the report's ready."], "mixed": ["report 出来会 SMS 通知。"]},
             "id_number": {"zh": ["检测盒激活是实名的，要登记身份证号。"], "en": ["Kit activation is real-name, it needs your resident ID number."],
                           "mixed": ["kit activation 要实名，身份证号码。"]},
             "bank_card": {"zh": ["退款退回付款卡。"], "en": ["The refund goes back to your card."], "mixed": ["refund 退到卡上。"]}},
        zh_wrap=["报告预计{date}前出。"], en_wrap=["Results should be with you by {date}."], mx_wrap=["report 大概{date}出。"],
    ),
    "photobook": dict(
        zh_co=["拾光印社", "拾光印社冲印服务"], en_co=["Paperlight Photobooks", "Paperlight"],
        zh_lab=("印社客服", "用户"), en_lab=("Print support", "Customer"),
        refs=[("订单", "order", "PL-DDDDDD"), ("优惠码", "coupon", "LLDDDD"), ("作品", "project", "PBDDDD")],
        zh_reason=["相册订单{ref}卡在印刷中好几天了。", "有{cnt}页颜色印偏了，想重印。", "优惠码{ref}结账的时候用不了。",
                   "我想冲印一版证件照，两寸的。"],
        en_reason=["My photobook order {ref} has been stuck in printing for days.", "A few pages came out with a colour cast, I'd like a reprint.",
                   "Coupon {ref} won't apply at checkout.", "I need some passport-style photos printed."],
        mx_reason=["我的 photobook order {ref} 一直 stuck 在 printing。", "coupon {ref} 结账用不了。"],
        zh_follow=["印刷排期满了，{date}前一定发出。", "重印免费，{date}前寄出。", "优惠码满{amt}才能用。", "证件照一版{amt}，当天可取。"],
        en_follow=["The printers are backed up, it'll ship by {date}.", "The reprint's free and will ship by {date}.", "That code needs a basket over {amt}.", "A sheet of those is {amt}, ready same day."],
        mx_follow=["printing 排期满了，{date}前 ship。", "coupon 要满{amt}才能用。"],
        why={"phone": {"zh": ["快递员联系用。"], "en": ["For the courier."], "mixed": ["给 courier 联系用。"]},
             "id_number": {"zh": ["证件照冲印要登记持证人身份证号。"], "en": ["For ID photo orders we log the holder's resident ID number."],
                           "mixed": ["证件照 order 要登记 ID number。"]},
             "bank_card": {"zh": ["退差价到卡上。"], "en": ["The difference is refunded to your card."], "mixed": ["差价 refund 到卡。"]}},
        zh_wrap=["重印单{date}发出。"], en_wrap=["Your reprint leaves on {date}."], mx_wrap=["reprint {date} 发出。"],
    ),
    "lift": dict(
        zh_co=["恒升电梯维保", "恒升电梯调度中心"], en_co=["Meridian Lift Services", "Meridian Lifts control room"],
        zh_lab=("维保调度", "物业"), en_lab=("Lift desk", "Site manager"),
        refs=[("工单", "job", "ML-DDDDD"), ("梯号", "lift", "LDDD"), ("合同", "contract", "HT-DDDD")],
        zh_reason=["我们小区{cnt}号楼的电梯又停了，梯号{ref}。", "电梯门关的时候有异响。", "维保合同{ref}{date}到期，想续。",
                   "上次年检是{date}，报告还没拿到。"],
        en_reason=["Lift {ref} in block C is out of service again.", "The car doors are grinding when they close.",
                   "Our maintenance contract {ref} ends on {date}, we'd like to renew.", "We still haven't had the report from the {date} inspection."],
        mx_reason=["我们这边 lift {ref} 又 out of service 了。", "contract {ref} {date} 到期，想 renew。"],
        zh_follow=["工程师{time}左右到场。", "我派人去看看门机，{time}前到。", "续约报价{amt}一年。", "报告在质检那边，{date}前寄给您。"],
        en_follow=["An engineer can be on site by {time}.", "I'll get someone to look at the door operator, by {time}.", "Renewal comes to {amt} a year.", "The report's with our compliance team, you'll have it by {date}."],
        mx_follow=["engineer 大概{time}到。", "renew 的话一年{amt}。"],
        why={"phone": {"zh": ["工程师到了会打电话。"], "en": ["The engineer calls when he arrives."], "mixed": ["engineer 到了会 call 你。"]},
             "id_number": {"zh": ["续约签字人要登记身份证号。"], "en": ["The contract signatory has to be registered with an ID number."],
                           "mixed": ["合同 signatory 要身份证号。"]},
             "bank_card": {"zh": ["加急出车费用刷卡付。"], "en": ["The emergency call-out fee goes on a card."], "mixed": ["call-out fee 刷卡。"]}},
        zh_wrap=["工单已派，{time}前到。"], en_wrap=["Job's logged, engineer by {time}."], mx_wrap=["job 已派，{time}前到。"],
    ),
    "hotspring": dict(
        zh_co=["汤泉谷温泉度假村", "汤泉谷温泉"], en_co=["Silverbrook Hot Springs", "Silverbrook Hot Springs resort"],
        zh_lab=("前台", "宾客"), en_lab=("Reservations", "Guest"),
        refs=[("预订", "booking", "SB-DDDDD"), ("手牌", "locker tag", "DDD"), ("房间", "room", "DDDD")],
        zh_reason=["想订{date}的汤屋，两大一小。", "昨天手牌{ref}弄丢了，押金能退吗？", "会员卡充值{amt}送什么？",
                   "儿童池几点开放？我们大概{time}到。"],
        en_reason=["I'd like a private bath suite on {date}, two adults and a child.", "I lost locker tag {ref} yesterday, can I get the deposit back?",
                   "If I top up the member card by {amt}, what's the bonus?", "What time does the kids' pool open? We'll arrive about {time}."],
        mx_reason=["想 book {date} 的 private suite。", "locker tag {ref} 丢了，deposit 能退吗？"],
        zh_follow=["{date}还有园景汤屋，{amt}一晚。", "手牌补办扣{amt}，剩下的押金退回。", "充{amt}送两次温泉券。", "儿童池{time}开，晚上九点关。"],
        en_follow=["We have a garden suite on {date} at {amt} a night.", "Replacing a tag costs {amt} from the deposit.", "Top up {amt} and you get two free spa passes.", "The kids' pool opens at {time}."],
        mx_follow=["{date} 还有 garden suite，{amt} 一晚。", "补 tag 扣{amt}，其余 deposit 退回。"],
        why={"phone": {"zh": ["确认短信发到手机上。"], "en": ["The confirmation comes by text."], "mixed": ["confirmation 发 SMS。"]},
             "id_number": {"zh": ["入住登记需要身份证号。", "办理会员要实名。"], "en": ["Check-in registration needs each adult's ID number.", "Membership is real-name."],
                           "mixed": ["check-in 登记要身份证号。"]},
             "bank_card": {"zh": ["订房需要信用卡担保。"], "en": ["We hold the room with a card guarantee."], "mixed": ["订房要信用卡 guarantee。"]}},
        zh_wrap=["{date}下午{time}后可以入住。"], en_wrap=["Check-in from {time} on {date}."], mx_wrap=["{date} {time} 后 check-in。"],
    ),
    "notary": dict(
        zh_co=["明德公证处", "明德公证处预约中心"], en_co=["Harcourt Notarial Services", "Harcourt Notaries"],
        zh_lab=("公证员", "当事人"), en_lab=("Notary clerk", "Applicant"),
        refs=[("受理号", "file", "GZ-DDDDD"), ("公证书", "certificate", "CDDDDD")],
        zh_reason=["想预约{date}办委托公证。", "公证书{ref}做好了吗？我{date}要用。", "办学历公证要带什么材料？", "费用是{amt}吗？"],
        en_reason=["I'd like an appointment on {date} for a power of attorney.", "Is certificate {ref} ready? I need it by {date}.",
                   "What do I bring to notarise my degree certificate?", "Is the fee still {amt}?"],
        mx_reason=["想 book {date} 办 power of attorney。", "certificate {ref} ready 了吗？"],
        zh_follow=["{date}上午{time}有号。", "公证书{date}可以领。", "带毕业证原件和身份证，费用{amt}。", "对，{amt}，另加翻译费。"],
        en_follow=["There's a slot at {time} on {date}.", "It'll be ready to collect on {date}.", "Bring the original certificate and your ID, the fee is {amt}.", "Yes, {amt}, translation is extra."],
        mx_follow=["{date} {time} 有 slot。", "certificate {date} 可以领。"],
        why={"phone": {"zh": ["做好了会电话通知您来领。"], "en": ["We'll ring when it's ready to collect."], "mixed": ["ready 了会打电话。"]},
             "id_number": {"zh": ["预约需要当事人的身份证号码。"], "en": ["The appointment is booked against the applicant's ID card number."],
                           "mixed": ["预约要当事人的 ID number。"]},
             "bank_card": {"zh": ["预约费可以提前刷卡。"], "en": ["You can prepay the fee by card."], "mixed": ["fee 可以先刷卡。"]}},
        zh_wrap=["{date}{time}，记得带原件。"], en_wrap=["That's {date} at {time}, bring the originals."], mx_wrap=["{date} {time}，带原件。"],
    ),
    "watch": dict(
        zh_co=["时匠钟表维修", "时匠表行"], en_co=["Greaves & Holt Watch Repair", "Greaves & Holt"],
        zh_lab=("表行", "客人"), en_lab=("Bench", "Owner"),
        refs=[("维修单", "repair ticket", "GH-DDDD"), ("保卡", "warranty card", "WDDDDD")],
        zh_reason=["表{date}寄过去的，维修单{ref}，报价出来了吗？", "换电池要多久？", "表进水了，表盘起雾。", "保养报价{amt}，有点贵。"],
        en_reason=["I sent my watch in on {date}, ticket {ref}, is there a quote yet?", "How long does a battery change take?",
                   "Water got in and the dial's fogged up.", "The service quote was {amt}, that's a bit steep."],
        mx_reason=["我{date} 寄了表，ticket {ref}，有 quote 了吗？", "表进水了，dial 起雾。"],
        zh_follow=["报价{amt}，含保养。", "换电池当天就好，{amt}。", "进水要尽快拆开烘干，{date}前寄过来。", "可以只做机芯清洗，{amt}。"],
        en_follow=["The quote's {amt} including a full service.", "Battery changes are done same day, {amt}.", "Get it to us by {date} so we can dry the movement.", "We can do a movement clean only, {amt}."],
        mx_follow=["quote 是{amt}，含 service。", "进水要尽快寄来，{date}前。"],
        why={"phone": {"zh": ["师傅看完会打电话报价。"], "en": ["The watchmaker rings with the quote."], "mixed": ["watchmaker 会 call 你报价。"]},
             "id_number": {"zh": ["保价寄回要收件人实名。"], "en": ["Insured return post needs the recipient's ID number."],
                           "mixed": ["insured 寄回要实名 ID。"]},
             "bank_card": {"zh": ["维修费刷卡。"], "en": ["The repair goes on a card."], "mixed": ["repair fee 刷卡。"]}},
        zh_wrap=["修好{date}寄回。"], en_wrap=["We'll post it back by {date}."], mx_wrap=["{date} 寄回。"],
    ),
    "coach": dict(
        zh_co=["顺程包车", "顺程旅游包车调度"], en_co=["Bluefield Coach Charter", "Bluefield Coaches"],
        zh_lab=("调度", "客户"), en_lab=("Dispatch", "Hirer"),
        refs=[("行程单", "itinerary", "BC-DDDD"), ("车牌", "plate", "PLATE")],
        zh_reason=["{date}公司团建要包一辆{cnt}座的大巴。", "行程单{ref}上的接人时间想改到{time}。", "报价{amt}含过路费吗？",
                   "司机师傅电话打不通。"],
        en_reason=["We need a coach for a works outing on {date}, about forty seats.", "Can we move the pick-up on itinerary {ref} to {time}?",
                   "Does the {amt} quote include tolls?", "I can't get through to the driver."],
        mx_reason=["{date} team building 要包一辆大巴。", "itinerary {ref} 的 pick-up 想改到{time}。"],
        zh_follow=["{date}有车，报价{amt}含司机食宿。", "可以，改到{time}，行程单会重新发。", "含过路费，不含停车费。", "车牌是{plate}，司机{time}到，我帮您联系。"],
        en_follow=["We have a vehicle on {date}, {amt} including the driver's meals.", "No problem, {time} it is, I'll reissue the itinerary.", "Tolls are included, parking isn't.", "It's plate {plate}, due at {time}, I'll chase him."],
        mx_follow=["{date} 有车，quote {amt}。", "OK，改到{time}，itinerary 重新发。"],
        why={"phone": {"zh": ["司机当天会联系。"], "en": ["The driver rings on the day."], "mixed": ["driver 当天会 call。"]},
             "id_number": {"zh": ["乘客意外险要联系人身份证号。"], "en": ["The passenger insurance needs the organiser's ID number."],
                           "mixed": ["乘客 insurance 要联系人的身份证号。"]},
             "bank_card": {"zh": ["定金三成刷卡。"], "en": ["We take a deposit by card to hold the coach."], "mixed": ["deposit 刷卡。"]}},
        zh_wrap=["{date}{time}发车，司机会提前到。"], en_wrap=["Departure {time} on {date}, the driver arrives early."], mx_wrap=["{date} {time} 发车。"],
    ),
    "alarm": dict(
        zh_co=["卫安报警监控中心", "卫安安防"], en_co=["Sentinel Home Alarm Monitoring", "Sentinel monitoring centre"],
        zh_lab=("监控中心", "用户"), en_lab=("Monitoring", "Keyholder"),
        refs=[("防区", "zone", "ZDD"), ("账户", "account", "SN-DDDDD"), ("探头", "sensor", "PIR-DD")],
        zh_reason=["昨晚{time}报警响了，其实没人进来。", "想加一个紧急联系人。", "月费{amt}的扣款卡要换。", "{ref}号探头老是低电量。"],
        en_reason=["The alarm went off at {time} last night and nobody was there.", "I want to add another keyholder.",
                   "I need to change the card for the {amt} monthly fee.", "Sensor {ref} keeps saying low battery."],
        mx_reason=["昨晚{time} alarm 响了，false alarm。", "想加一个 keyholder。"],
        zh_follow=["记录显示{time}，{ref}防区触发。", "可以，加在第二顺位。", "可以换，下次扣款{date}。", "探头电池{amt}一颗，可以寄。"],
        en_follow=["The log shows zone {ref} triggered at {time}.", "Sure, I'll put them second on the list.", "No problem, next payment is {date}.", "Replacement batteries are {amt}, we can post them."],
        mx_follow=["log 显示{time}，{ref} 触发。", "OK，加在 second。"],
        why={"phone": {"zh": ["报警时我们按顺序打紧急联系人。"], "en": ["When the alarm goes we ring the keyholders in order."],
                       "mixed": ["alarm 响的时候我们会 call keyholder。"]},
             "id_number": {"zh": ["改账户资料要核对户主身份证号。"], "en": ["Account changes are verified with the holder's ID number."],
                           "mixed": ["改 account 要核对身份证号。"]},
             "bank_card": {"zh": ["月费自动扣款。"], "en": ["The monthly fee is taken automatically."], "mixed": ["monthly fee 自动扣。"]}},
        zh_wrap=["已更新，下次扣款{date}。"], en_wrap=["All updated, next payment {date}."], mx_wrap=["updated，下次扣款{date}。"],
    ),
}

ZH_AGENTS = ["小林", "小周", "陈静", "阿杰", "李敏", "小唐", "王芳", "小邹", "何蕾", "阿宁"]
EN_AGENTS = ["Megan", "Tom", "Hamish", "Leanne", "Marco", "Oksana", "Rhys", "Tasha", "Colm", "Bea", "Gareth", "Nell"]

GREET = {"zh": ["您好，{co}，我是{name}，请问有什么可以帮您？", "{co}，您好，请讲。", "喂，您好，这里是{co}。",
                "您好，{co}客服{name}，很高兴为您服务。", "{co}，我是{name}，您请说。"],
         "en": ["Good morning, {co}, {name} speaking.", "Hi, you're through to {co}, this is {name}.", "{co}, how can I help?",
                "Thanks for calling {co}, you're speaking to {name}.", "Hello, {co}, {name} here, what can I do for you?"],
         "mixed": ["您好，{co}，我是{name}，有什么可以 help 您？", "Hi，{co}，{name} 在线。", "{co} 您好，我是{name}，请说。"]}
CALLER_HI = {"zh": ["喂，你好。", "你好，", "嗯，你好，", "喂？听得到吗？哦好，"], "en": ["Hi there.", "Hello, yes.", "Hiya.", "Morning."],
             "mixed": ["Hi，你好。", "喂，hello，", "你好，"]}
IVR = {"zh": ["您的通话可能会被录音。", "本次通话将被录音，以便提升服务质量。", "欢迎致电，正在为您转接人工服务。"],
       "en": ["This call may be recorded.", "Calls are recorded for quality and training.", "Connecting you to an adviser now."],
       "mixed": ["本通话将会录音，this call may be recorded。", "正在转接 agent，请稍候。"]}

ASK = {
    "phone": {"zh": ["方便留个联系电话吗？", "您的手机号是多少？", "留一个能打通的号码吧。", "您手机号报一下？", "联系电话说一下，我备注上。",
                     "回访打哪个号码好？"],
              "en": ["What's the best number to reach you on?", "Can I grab a contact number?", "And a mobile number for you?",
                     "What number should we call you back on?", "Could you give me a phone number for the booking?"],
              "mixed": ["留个 contact number 给我？", "你的 mobile 是多少？", "phone number 方便报一下吗？", "callback 打哪个号码？"]},
    "id_number": {"zh": ["麻烦报一下您的身份证号码。", "身份证号多少？我登记一下。", "您证件号码念一下？", "需要您的身份证号，十八位的。"],
                  "en": ["Could you read me your resident ID number?", "I'll need the ID card number, all eighteen characters.",
                         "What's your Chinese ID number, please?", "Can I take the number on your ID card?"],
                  "mixed": ["ID 号码麻烦报一下。", "你的身份证 number 是多少？", "ID card 上面的号码念一下？"]},
    "bank_card": {"zh": ["卡号麻烦念一下。", "用哪张卡？卡号报一下。", "银行卡号是多少？", "退到哪张卡？把卡号告诉我。"],
                  "en": ["Could you read out the long number on the card?", "What's the card number?",
                         "Which card would you like to use? The full number, please.", "Go ahead with the card number when you're ready."],
                  "mixed": ["card number 念一下？", "你的银行卡号 provide 一下。", "用哪张 card？卡号报一下。"]},
}
NOUN = {"phone": {"zh": ["手机号", "电话", "号码", "联系电话"], "en": ["mobile", "number", "phone number", "contact number"],
                  "mixed": ["mobile", "号码", "phone number"]},
        "id_number": {"zh": ["身份证号", "身份证", "证件号"], "en": ["ID number", "ID card number", "resident ID"], "mixed": ["ID", "身份证号", "ID number"]},
        "bank_card": {"zh": ["卡号", "银行卡", "银行卡号"], "en": ["card number", "card", "debit card"], "mixed": ["card", "卡号", "card number"]}}

ANSWER = {"zh": ["{n}。", "是{n}。", "我的是{n}。", "好的，{n}。", "嗯，{n}，您记一下。", "你记一下啊，{n}。", "{n}，就这个。"],
          "en": ["It's {n}.", "Sure, {n}.", "Yeah, it's {n}.", "Okay, {n}.", "Right, so {n}.", "Got a pen? {n}.", "That'd be {n}."],
          "mixed": ["是{n}。", "我的是{n}。", "OK，{n}。", "嗯，{n}，got it？", "好，{n}。"]}
ANSWER_NEAR = {"zh": ["{n}，订单那个是{ref}。", "是{n}。哦对了，我约的是{date}。", "{n}，上次付了{amt}也是用的这个。", "{n}，我一般{time}以后才方便接。"],
               "en": ["It's {n}, and the reference is {ref}.", "{n}. And it's for {date}.", "{n}, same as when I paid the {amt}.",
                      "{n}, but I'm only free after {time}."],
               "mixed": ["{n}，order 是{ref}。", "{n}，我约的是{date}。", "{n}，上次付{amt}也是这个。"]}

BACKCH = {"zh": ["嗯。", "嗯嗯。", "好。", "您说。", "在记。", "记着呢。", "嗯，接着说。", "好的，然后呢？", "对，继续。"],
          "en": ["Mhm.", "Yep.", "Got that.", "Okay, keep going.", "Right.", "Sure, and then?", "With you.", "Go ahead.", "Okay, writing it down."],
          "mixed": ["嗯，OK。", "好，go ahead。", "OK，继续。", "嗯嗯，got it。", "收到，然后呢？"]}
MID_Q = {"zh": [("等一下，这是您本人的号码吗？", "对，我自己的。后面是"), ("不好意思，刚才信号不太好，后面是什么？", "后面是"),
                ("您慢一点，我这边系统有点卡。", "好，"), ("稍等，我拿支笔……好了，您说。", "嗯，接着是"), ("前面几位我记下了，后面呢？", "后面是")],
         "en": [("Sorry, is that your own number?", "Yeah, mine. Then it's "), ("Hang on, you cut out for a second. After that?", "After that, "),
                ("Could you slow down a touch? My screen's lagging.", "Sure. "), ("Just a sec, grabbing a pen. Okay, go on.", "Okay, then "),
                ("Got the first part. And the rest?", "The rest is ")],
         "mixed": [("等一下，这是你本人的 number 吗？", "对，我自己的，后面是"), ("sorry，信号不好，后面是？", "后面是"),
                   ("慢一点，我的 system 有点卡。", "OK，")]}
CORR = {"zh": ["哦不是，", "不对，", "说错了，", "重新说一下，", "等会儿，我看串行了，", "不不不，", "哎呀念错了，", "错了错了，我重来，",
               "哎，看错行了，是", "不是不是，我拿反了，", "呃……等下我戴个眼镜，是"],
        "en": ["sorry, no wait, ", "let me start again, ", "no hang on, that's wrong, ", "scratch that, ", "hmm, no, I've jumbled it, ",
               "wait, I misread that, ", "ugh, sorry, from the top: ", "no no, ", "hang on, I'm reading the wrong line, it's ",
               "ugh, my glasses, sorry, ", "that's not it, it's "],
        "mixed": ["哦不是，sorry，", "wait 不对，", "说错了 sorry，", "let me start again，", "不好意思 I misread 了，", "哎 wrong line，是"]}
RESTART = {"zh": ["重新说一下，", "我从头念，", "不好意思重来，"], "en": ["let me start again, ", "from the top, ", "sorry, again, "],
           "mixed": ["重新说一下，", "let me start again，", "from the top，"]}
RB_FULL = {"zh": ["我复述一下，{n}，对吗？", "好，{n}，没错吧？", "跟您确认，{n}？", "所以是{n}？", "我念一遍：{n}，对不对？"],
           "en": ["Let me read that back: {n}. Correct?", "So that's {n}?", "Just to confirm, {n}?", "I've got {n}, is that right?",
                  "Reading it back, {n}."],
           "mixed": ["我 confirm 一下，{n}，对吗？", "So 是{n}？", "OK，{n}，correct？"]}
RB_LAST4 = {"zh": ["尾号{n}对吧？", "最后四位是{n}？", "后四位{n}，没错吧？"], "en": ["Ending {n}, yes?", "And the last four are {n}?",
                                                                          "That's the one ending in {n}?"],
            "mixed": ["尾号{n}，right？", "last four 是{n}？"]}
RB_FIRST = {"zh": ["{n}开头的，对吧？", "前面是{n}？"], "en": ["Starting {n}, yes?", "It begins {n}?"], "mixed": ["{n}开头，right？", "前面是{n}？"]}
YES = {"zh": ["对。", "对的，没错。", "是的。", "嗯，对。", "没错。"], "en": ["Yes, that's it.", "Correct.", "Spot on.", "Yep.", "That's right."],
       "mixed": ["对，correct。", "Yes，没错。", "对的。"]}
DENY = {"zh": ["不对，是{a}，不是{b}。", "不是{b}，是{a}。", "错了，那里是{a}，不是{b}。"],
        "en": ["No, it's {a}, not {b}.", "Not quite, {a}, not {b}.", "Close, but that bit's {a}, not {b}."],
        "mixed": ["不对，是{a}，not {b}。", "No no，是{a}，不是{b}。"]}
NEG_AFTER = {"zh": ["查到了，这单{date}已经处理过了。", "好的，系统里有记录，{date}前会有人跟进。", "收到，我转给同事，{time}前回复您。"],
             "en": ["Found it, that was processed on {date}.", "Right, it's on the system, someone will follow up by {date}.",
                    "Thanks, I'll pass it on, you'll hear back by {time}."],
             "mixed": ["查到了，这个 {date} 已经 process 了。", "OK，我 follow up 一下，{date}前回复你。"]}
ACK = {"zh": ["好的，我帮您查一下。", "明白，我看一下系统。", "好，查到了。"], "en": ["Okay, let me check that for you.", "Right, I've found it.", "Bear with me, I'm looking now."],
       "mixed": ["OK，我 check 一下。", "好的，找到了。"]}
WRAP = {"zh": ["好的，还有别的需要帮忙的吗？", "信息都登记好了。还有其他问题吗？"],
        "en": ["Lovely, anything else I can help with?", "That's all noted. Anything else today?"],
        "mixed": ["OK，还有别的 question 吗？", "都 update 好了，还有别的吗？"]}
BYE_C = {"zh": ["没有了，谢谢。", "就这些，辛苦了。", "没了，拜拜。"], "en": ["No, that's everything, thanks.", "That's it, cheers.", "All good, thank you."],
         "mixed": ["没有了，thanks。", "就这些，thank you。"]}
BYE_A = {"zh": ["感谢来电，再见。", "好的，祝您生活愉快，再见。"], "en": ["Thanks for calling, bye now.", "Take care, bye."],
         "mixed": ["Thanks for calling，拜拜。", "好的，bye bye。"]}


# ============================================================================================
# Look-alikes
# ============================================================================================

SAFE_L = "ABCDEFGHJKLMNPRSTUVWYZ"      # no O / X / I: they could read as digits
ZH_PROV = "京沪粤苏浙川鄂湘闽鲁"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEK_ZH = "一二三四五六日"


def pattern(rng, pat):
    out = []
    for ch in pat:
        if ch == "L":
            out.append(rng.choice(SAFE_L))
        elif ch == "D":
            out.append(rng.choice("0123456789"))
        else:
            out.append(ch)
    return "".join(out)


def _suffix(d):
    return "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def la_text(rng, what, lang, dom):
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.6)
    if what in ("ref", "ref2"):
        pat = rng.choice(dom["refs"])[2]
        if pat == "PLATE":
            return la_text(rng, "plate", lang, dom)
        return pattern(rng, pat)
    if what == "amt":
        a = rng.choice([68, 98, 128, 199, 260, 288, 360, 420, 598, 680, 880, 1280, 1680, 2400, 3600])
        cents = rng.random() < 0.2
        if zh:
            return rng.choice([f"{a}元", f"{a}块", f"¥{a}", f"{a}块钱", f"{a:,}元"])
        return rng.choice([f"£{a}", f"${a}", f"¥{a:,}", f"{a} yuan", f"RMB {a}", f"£{a}.50" if cents else f"${a}.00"])
    if what == "date":
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        if zh:
            return rng.choice([f"{m}月{d}日", f"{m}月{d}号", f"下周{rng.choice(WEEK_ZH[:5])}", f"{d}号", f"这个月{d}号"])
        return rng.choice([f"the {d}{_suffix(d)}", f"{MONTHS[m - 1]} {d}{_suffix(d)}", f"{d} {MONTHS[m - 1]}",
                           f"Friday the {d}{_suffix(d)}", "next Tuesday", f"{MONTHS[m - 1]} {d}"])
    if what == "time":
        h, mm = rng.randint(7, 11), rng.choice(["00", "15", "30", "40", "45"])
        if zh:
            return rng.choice([f"{h}点", f"{h}点半", f"{h}:{mm}", f"{h}点{mm}"])
        return rng.choice([f"{h}:{mm}", f"{h}am", f"{h}.{mm}", f"half past {h}"])
    if what == "cnt":
        return rng.choice(["3", "4", "5", "12", "20", "两", "三"] if zh else ["3", "4", "5", "12", "20"])
    if what == "hot":
        return rng.choice([f"400-{rng.randint(600, 899)}-{rng.randint(1000, 9999)}", f"400 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                           f"800-{rng.randint(810, 830)}-{rng.randint(1000, 9999)}", f"95{rng.randint(100, 999)}"])
    if what == "plate":
        if zh:
            return rng.choice(ZH_PROV) + rng.choice(SAFE_L) + "·" + pattern(rng, rng.choice(["DLDDD", "DDLLD", "LDDDD", "DDDLD"]))
        return pattern(rng, rng.choice(["LLDD LLL", "LLDD LLL"]))
    if what == "post":
        if zh:
            return rng.choice(["200", "100", "518", "310", "610"]) + pattern(rng, "0DD")
        return rng.choice([pattern(rng, "LLD DLL"), pattern(rng, "LDD DLL"), pattern(rng, "9DDDD")])
    if what == "code":
        return pattern(rng, rng.choice(["DDDD", "LLDD", "DDDD", "LDDL"]))
    if what == "room":
        r = f"{rng.randint(2, 9)}{rng.randint(0, 2)}{rng.randint(1, 9)}"
        return f"{r}房" if zh else f"room {r}"
    raise Bug(f"look-alike {what}")


# ============================================================================================
# The conversation being built
# ============================================================================================

class Turn:
    def __init__(self, spk, pieces):
        self.spk = spk
        self.lines = [pieces]


LA_NAMES = {"ref", "ref2", "amt", "date", "time", "cnt", "hot", "plate", "post", "code", "room"}


def alter(rng, digits, positions, kind):
    """digits with one digit changed at one of positions: an ID / card version that fails its check."""
    for _ in range(100):
        p = rng.choice(positions)
        new = rng.choice([d for d in "0123456789" if d != digits[p]])
        v = digits[:p] + new + digits[p + 1:]
        if kind == "id_number" and id_ok(v):
            continue
        if kind == "bank_card" and luhn_ok(v):
            continue
        return v, p
    raise Bug("cannot alter")


class Ctx:
    def __init__(self, rng, plan, used):
        self.rng = rng
        self.plan = plan
        self.lang = plan["lang"]
        self.fmt = plan["format"]
        self.dkey = plan["domain"]
        self.dom = DOMAINS[plan["domain"]]
        self.used = used
        self.turns = []
        self.nums = []
        self.tags = []
        self.joins = 0
        self.styles = {}
        self.ridx = None
        self.followed = False
        self.name = rng.choice(EN_AGENTS if self.lang == "en" or (self.lang == "mixed" and rng.random() < 0.4) else ZH_AGENTS)

    # ---- text -------------------------------------------------------------------------------
    def t(self, bank):
        return self.rng.choice(bank[self.lang])

    def d(self, key):
        pre = {"zh": "zh_", "en": "en_", "mixed": "mx_"}[self.lang]
        return self.rng.choice(self.dom[pre + key])

    def follow(self):
        """The agent's answer to the caller's reason for calling (or a neutral one)."""
        pre = {"zh": "zh_", "en": "en_", "mixed": "mx_"}[self.lang]
        if self.ridx is not None:
            return self.dom[pre + "follow"][self.ridx]
        return self.t(ACK)

    def why(self, kind):
        return self.rng.choice(self.dom["why"][kind][self.lang])

    def co(self):
        if self.lang == "zh" or (self.lang == "mixed" and self.rng.random() < 0.5):
            return self.rng.choice(self.dom["zh_co"])
        return self.rng.choice(self.dom["en_co"])

    def P(self, tpl, **kw):
        out = []
        for i, part in enumerate(re.split(r"\{(\w+)\}", tpl)):
            if i % 2 == 0:
                if part:
                    out.append(part)
                continue
            if part in kw:
                v = kw[part]
            elif part in LA_NAMES:
                v = LA(la_text(self.rng, part, self.lang, self.dom), part)
            else:
                raise Bug(f"template field {part} in {tpl!r}")
            if isinstance(v, list):
                out += v
            else:
                out.append(v)
        return out

    def _line(self, tpl, kw):
        pieces = self.P(tpl, **kw) if isinstance(tpl, str) else flatten(tpl)
        pieces = [p for p in pieces if not (isinstance(p, str) and p == "")]
        if self.lang != "zh" and pieces:
            p0 = pieces[0]
            if isinstance(p0, str) and p0[:1].isascii() and p0[:1].islower():
                pieces[0] = p0[0].upper() + p0[1:]
        return pieces

    def say(self, spk, tpl, **kw):
        self.turns.append(Turn(spk, self._line(tpl, kw)))
        return self.turns[-1]

    def cont(self, tpl, **kw):
        self.turns[-1].lines.append(self._line(tpl, kw))

    # ---- numbers ----------------------------------------------------------------------------
    def num(self, kind, sub=None, want_x=None):
        rng = self.rng
        for _ in range(200):
            if kind == "id_number":
                sub = "prc_id"
                d = make_id(rng, want_x if want_x is not None else (None if rng.random() < 0.85 else True))
                groupings = [[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18], [6, 8, 3, 1]]
                cc = None
            elif kind == "bank_card":
                if sub is None:
                    w = {"zh": [("unionpay16", 5), ("unionpay19", 3), ("visa", 1), ("mc", 1)],
                         "en": [("unionpay16", 2), ("unionpay19", 1), ("visa", 3), ("mc", 2), ("mc2", 1)],
                         "mixed": [("unionpay16", 3), ("unionpay19", 2), ("visa", 2), ("mc", 1), ("mc2", 1)]}[self.lang]
                    sub = wchoice(rng, w)
                d = make_card(rng, sub)
                groupings = [[4, 4, 4, 4], [4, 4, 4, 4], [8, 8], [16]] if len(d) == 16 else [[4, 4, 4, 4, 3], [4, 4, 4, 4, 3], [6, 13], [19]]
                cc = None
            else:
                if sub is None:
                    w = {"zh": [("cn_mobile", 12), ("cn_mobile_cc", 2), ("cn_land", 3), ("hk", 1), ("sg", 1)],
                         "en": [("cn_mobile", 5), ("cn_mobile_cc", 3), ("cn_land", 2), ("hk", 2), ("sg", 2), ("uk", 4), ("us", 3)],
                         "mixed": [("cn_mobile", 6), ("cn_mobile_cc", 2), ("cn_land", 2), ("hk", 2), ("sg", 2), ("uk", 1), ("us", 1)]}[self.lang]
                    sub = wchoice(rng, w)
                d, groupings, cc = make_phone(rng, sub, self.lang)
            if d in self.used or not ok_number(kind, sub, d):
                continue
            self.used.add(d)
            n = Num(kind, sub, d, groupings, cc)
            self.nums.append(n)
            return n
        raise Bug("no fresh number")

    def version(self, num, positions):
        v, p = alter(self.rng, num.digits, positions, num.kind)
        if v in self.used:
            raise Redraw("version reused")
        self.used.add(v)
        num.versions.append(v)
        return v, p

    def style(self, spk, **over):
        if spk not in self.styles:
            self.styles[spk] = self._new_style(spk)
        st = dict(self.styles[spk])
        st.update(over)
        return st

    def _new_style(self, spk):
        rng, lang = self.rng, self.lang
        if lang == "zh":
            mode = wchoice(rng, [("ar", 50), ("cn", 42), ("fw", 3 if self.fmt == "text" else 0), ("digit", 5 if self.fmt == "asr-json" else 0)])
        elif lang == "en":
            mode = wchoice(rng, [("ar", 45), ("en", 55)])
        else:
            mode = wchoice(rng, [("mix", 50), ("ar", 20), ("en", 15), ("cn", 15)])
        zh_like = lang != "en"
        gsep = {"ar": rng.choice([" ", " ", "", "-", "，" if zh_like else ", "]), "fw": rng.choice([" ", ""]),
                "cn": rng.choice(["", "", "，", " "]), "en": rng.choice([", ", " ", ", ", " - "]), "glued": rng.choice([", ", " "]),
                "digit": " "}
        return {"mode": mode, "gsep": gsep, "one": "幺" if rng.random() < 0.7 else "一", "zero_cn": "零" if rng.random() < 0.9 else "〇",
                "zero_en": rng.choice(["oh", "zero", "oh"]), "dbl": 0.4 if rng.random() < 0.6 else 0.0,
                "x": rng.choice(["X", "X", "x", "叉", "Ｘ"]) if zh_like else rng.choice(["X", "X", "x"]),
                "mix_modes": ["cn", "en", "ar"] if lang == "mixed" else (["cn", "ar"] if lang == "zh" else ["en", "ar"])}

    def frag(self, num, lo=0, hi=None, role="said", ver=None, spk="C", st=None, fillers=0, grouping=None, inside=True):
        ver = ver or num.digits
        hi = len(ver) if hi is None else hi
        if not (0 <= lo < hi <= len(ver)):
            raise Bug(f"frag bounds {lo}-{hi}")
        st = st or self.style(spk)
        grouping = grouping or self.rng.choice(num.groupings)
        bounds = slice_bounds(grouping, lo, hi)
        no_dbl_from = len(ver) - 5 if num.kind == "phone" else 10 ** 6
        toks = render_digits(self.rng, ver[lo:hi], bounds, st, lo, no_dbl_from)
        if fillers:
            toks, got = insert_fillers(self.rng, toks, fillers, self.lang, inside)
            if got < min(2, fillers):
                raise Redraw("no room for fillers")
        last4 = num.kind == "phone" and hi == len(ver) and ver == num.digits and role not in ("abandoned", "wrong", "misheard")
        return Frag(num.kind, role, toks, num, ver, lo, hi, last4)

    def whole(self, num, role="said", spk="C", cc=True, **kw):
        f = self.frag(num, role=role, spk=spk, **kw)
        if cc and num.cc:
            return [CC(num.cc), f]
        return [f]

    def cuts(self, num, k, grouping=None, inside=False, min_len=2):
        """k pieces of the number: [(lo, hi)], cut at the grouping's edges (or inside a group)."""
        n = len(num.digits)
        grouping = grouping or max(num.groupings, key=len)
        edges, acc = [], 0
        for g in grouping[:-1]:
            acc += g
            edges.append(acc)
        cands = [e for e in range(min_len, n - min_len + 1)] if inside else [e for e in edges if min_len <= e <= n - min_len]
        if len(cands) < k - 1:
            cands = list(range(min_len, n - min_len + 1))
        for _ in range(50):
            pts = sorted(self.rng.sample(cands, k - 1))
            allp = [0] + pts + [n]
            if all(b - a >= min_len for a, b in zip(allp, allp[1:])):
                return list(zip(allp, allp[1:])), grouping
        raise Redraw("no cut")


def flatten(xs):
    out = []
    for x in xs:
        if isinstance(x, list):
            out += flatten(x)
        else:
            out.append(x)
    return out


def wchoice(rng, pairs):
    tot = sum(w for _, w in pairs)
    x = rng.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# ============================================================================================
# The calls: opening, the phenomenon, a second number, closing
# ============================================================================================

def L(c, zh, en, mixed=None):
    """A choice by the case's language."""
    bank = {"zh": zh, "en": en, "mixed": mixed if mixed is not None else zh}[c.lang]
    return c.rng.choice(bank) if isinstance(bank, list) else bank


def opening(c, reason=True):
    rng = c.rng
    if rng.random() < 0.25:
        c.say("S", c.t(IVR))
    c.say("A", c.t(GREET), co=c.co(), name=c.name)
    if not reason:
        return
    pre = {"zh": "zh_", "en": "en_", "mixed": "mx_"}[c.lang]
    c.ridx = rng.randrange(len(c.dom[pre + "reason"]))
    c.say("C", c.t(CALLER_HI) + (" " if c.lang == "en" else "") + c.dom[pre + "reason"][c.ridx])
    if rng.random() < 0.65:
        c.say("A", c.follow())
        c.followed = True
        if rng.random() < 0.5:
            c.say("C", L(c, ["好的。", "行，那就这样。", "明白了。"], ["Okay, great.", "Right, fine.", "That works."], ["OK，好的。", "好，got it。"]))


def ask(c, kind, why=True):
    rng = c.rng
    parts = []
    if why and rng.random() < 0.75:
        parts.append(c.why(kind))
    parts.append(c.t(ASK[kind]))
    sep = "" if c.lang != "en" else " "
    c.say("A", sep.join(parts))


def closing(c):
    rng = c.rng
    if rng.random() < 0.75:
        c.say("A", c.d("wrap") + (" " if c.lang == "en" else "") + c.t(WRAP))
    else:
        c.say("A", c.t(WRAP))
    c.say("C", c.t(BYE_C))
    if rng.random() < 0.7:
        c.say("A", c.t(BYE_A))


def noun(c, kind, num=None):
    if num is not None and num.sub == "cn_land":
        return L(c, ["座机", "电话", "家里电话"], ["landline", "home number", "office line"], ["座机", "landline"])
    return c.rng.choice(NOUN[kind][c.lang])


def lead(c):
    return L(c, ["", "是", "嗯，", "好，", "号码是"], ["", "it's ", "okay, ", "right, "], ["", "是", "OK，", "嗯，"])


def endp(c):
    return L(c, ["。", "。", "，对。", "。"], [".", ".", ", yeah.", "."], ["。", "，OK。", "。"])


NEAR_TAIL = {"zh": ["。订单是{ref}。", "，我{date}要用的。", "。上回付了{amt}。", "，我{time}以后都在。", "。对了，我那单是{ref}。"],
             "en": [". The booking ref is {ref}.", ", and it's for {date}.", ". Last time I paid {amt} on it.", ". I'm around after {time}.",
                    ". And the order's {ref}."],
             "mixed": ["。order 是{ref}。", "，我{date}要用。", "。上次 pay 了{amt}。", "，我{time}以后都 OK。"]}
NEAR_LEAD = {"zh": ["订单{ref}的，号码是", "{date}那单，是", "哦，那个{ref}的，是"], "en": ["For booking {ref}, that's ", "Right, for {date}, it's "],
             "mixed": ["order {ref} 的，是", "{date} 那个，是"]}


def endn(c):
    """The end of a line that says a number: sometimes a look-alike right after it."""
    if c.rng.random() < 0.25:
        return c.P(c.t(NEAR_TAIL))
    return [endp(c)]


def leadn(c):
    if c.rng.random() < 0.12:
        return c.P(c.t(NEAR_LEAD))
    return [lead(c)]


def csep(c):
    """What stands between an abandoned attempt and the correction phrase."""
    return L(c, ["，", "，", "……", ""], ["... ", ", ", " — ", ", "], ["，", "... ", "，"])


def pause(c):
    return L(c, ["……", "，", "", "…"], ["...", ",", " —", ""], ["……", "，", "..."])


# ---- plain -----------------------------------------------------------------------------------

def ph_plain(c, kind):
    rng = c.rng
    num = c.num(kind)
    vs = ["answer", "answer", "near", "volunteer", "system", "lookup"] + (["midsentence", "midsentence"] if kind == "phone" else [])
    v = rng.choice(vs)
    c.tags.append("plain-" + v)
    opening(c, reason=(v != "volunteer"))
    if v == "volunteer":
        tpl = {"phone": L(c, ["你好，我是用{n}这个号订的，想改一下时间。", "喂，我手机{n}，你们之前打给我了？"],
                          ["Hi, I booked under {n}, I need to change the time.", "Hello, you rang me earlier on {n}, what was it about?"],
                          ["Hi，我是用{n}这个 number 订的，想改时间。"]),
               "id_number": L(c, ["你好，我身份证号是{n}，帮我查一下预约。", "你好，我报一下身份证：{n}，我想查进度。"],
                              ["Hi, my ID number's {n}, can you pull up my booking?", "Hello, I'm calling about my file, ID card number {n}."],
                              ["Hi，我 ID number 是{n}，帮我 check 一下。"]),
               "bank_card": L(c, ["你好，我卡号{n}，昨天被扣了两次钱。", "喂，卡号是{n}的这张，扣款失败了，怎么回事？"],
                              ["Hi, I've been charged twice on card {n}.", "Hello, the payment on card {n} was declined, can you tell me why?"],
                              ["Hi，我的 card {n} 被扣了两次。"])}[kind]
        c.say("C", tpl, n=c.whole(num))
        c.say("A", L(c, ["好的，我查一下。", "稍等，我看看系统。"], ["Okay, let me have a look.", "Bear with me, checking now."], ["OK，我 check 一下。"]))
        c.say("A", c.t(ACK) if rng.random() < 0.5 else L(c, ["查到了，没问题。"], ["Found you, all good."], ["找到了，OK。"]))
        return
    if v == "system":
        tpl = {"phone": L(c, ["系统里留的号码是{n}，还在用吧？", "我看到登记的联系电话是{n}，没变吧？"],
                          ["The number we have on file is {n}, is that still good?", "I've got {n} as your contact, still current?"],
                          ["系统里的 number 是{n}，还在用吧？"]),
               "id_number": L(c, ["系统登记的身份证号是{n}，对吧？"], ["The ID number on the account is {n}, that's you?"], ["系统里的 ID 是{n}，对吧？"]),
               "bank_card": L(c, ["绑定的卡是{n}，没换吧？"], ["The card on file is {n}, still the same one?"], ["绑定的 card 是{n}，没换吧？"])}[kind]
        c.say("A", tpl, n=c.whole(num, spk="A", role="said"))
        c.say("C", c.t(YES))
        return
    if v == "midsentence":
        c.say("A", L(c, ["师傅到了怎么联系您？", "到时候怎么找您？"], ["How will the driver reach you when he's there?", "Who should they ask for on arrival?"],
                     ["到了怎么 contact 你？"]))
        c.say("C", L(c, ["到了你就打{n}找我，我在门口等。", "让他到了打{n}，我下来拿。"],
                     ["Just have them ring {n} when they're outside and I'll come down.", "Tell them to call {n} from the gate."],
                     ["到了 call {n} 就行，我在楼下。"]), n=c.whole(num))
        return
    ask(c, kind)
    if v == "lookup":
        c.say("C", L(c, ["稍等，我找一下。", "等我翻一下包。"], ["Hang on, let me find it.", "One sec, it's in my bag somewhere."], ["等一下，我找找。"]))
        c.say("A", L(c, ["好的，不着急。", "没事，您慢慢找。"], ["No rush.", "Take your time."], ["没事，take your time。"]))
        c.say("C", L(c, ["找到了，{n}。", "好了，{n}。"], ["Got it, {n}.", "Here we go, {n}."], ["找到了，{n}。"]), n=c.whole(num))
    elif v == "near":
        c.say("C", c.t(ANSWER_NEAR), n=c.whole(num))
    else:
        c.say("C", c.t(ANSWER), n=c.whole(num))


# ---- interruption ----------------------------------------------------------------------------

def ph_interruption(c, kind):
    rng = c.rng
    num = c.num(kind)
    v = rng.choice(["bc1", "bc1", "bc2", "echo", "question", "rbcut", "noise"])
    c.tags.append("interruption-" + v)
    opening(c)
    ask(c, kind)
    if v == "rbcut":
        c.say("C", c.t(ANSWER), n=c.whole(num))
        (a, b), (b2, e) = c.cuts(num, 2)[0]
        c.say("A", L(c, ["我念一下，{p}", "我确认下，{p}"], ["Let me check, {p}", "Reading back, {p}"], ["我 confirm 一下，{p}"]),
              p=c.frag(num, a, b, role="readback", spk="A") )
        c.turns[-1].lines[0].append(pause(c) or "—")
        c.say("C", L(c, ["对。", "嗯，对。"], ["Yes.", "Yep."], ["对。", "Yes。"]))
        c.say("A", L(c, ["{p}，没错吧？", "后面{p}？"], ["Then {p}, right?", "{p}?"], ["{p}，right？"]), p=c.frag(num, b2, e, role="readback", spk="A"))
        c.say("C", c.t(YES))
        return
    k = 3 if v == "bc2" else 2
    pieces, grouping = c.cuts(num, k, inside=rng.random() < 0.25)
    st = c.style("C")
    first = [CC(num.cc)] if num.cc else []
    p0 = c.frag(num, *pieces[0], role="piece", st=st, grouping=grouping)
    c.say("C", leadn(c) + first + [p0, pause(c)])
    if v in ("bc1", "bc2"):
        c.say("A", c.t(BACKCH))
        p1 = c.frag(num, *pieces[1], role="piece", st=st, grouping=grouping)
        if v == "bc2":
            c.say("C", [p1, pause(c)])
            c.say("A", c.t(BACKCH))
            c.say("C", [c.frag(num, *pieces[2], role="piece", st=st, grouping=grouping), endn(c)])
        else:
            c.say("C", [p1, endn(c)])
    elif v == "echo":
        echo = c.frag(num, *pieces[0], role="echo", spk="A", grouping=grouping)
        c.say("A", L(c, ["{e}，然后呢？", "{e}，嗯，后面？"], ["{e}, and then?", "{e}... go on."], ["{e}，then？"]), e=echo)
        c.say("C", [L(c, ["然后", "后面是", ""], ["then ", "", "and "], ["然后", "then "]), c.frag(num, *pieces[1], role="piece", st=st, grouping=grouping), endn(c)])
    elif v == "question":
        q, a = c.t(MID_Q)
        c.say("A", q)
        c.say("C", [a, c.frag(num, *pieces[1], role="piece", st=st, grouping=grouping), endn(c)])
    else:  # noise
        c.say("A", L(c, ["喂？您那边有点杂音……", "[杂音] 喂，还在吗？"], ["[crackle] Hello? Still there?", "Sorry, the line went funny there."],
                     ["喂？line 有点杂音……"]))
        c.say("C", [L(c, ["在的，接着是", "听得到吗？后面是"], ["I'm here, then it's ", "Can you hear me? Then "], ["在，然后是"]),
                    c.frag(num, *pieces[1], role="piece", st=st, grouping=grouping), endn(c)])
    if rng.random() < 0.6:
        c.say("A", L(c, ["好的，记下了。", "收到。"], ["Lovely, got it.", "Great, that's down."], ["OK，记下了。"]))


# ---- continuation ----------------------------------------------------------------------------

def ph_continuation(c, kind):
    rng = c.rng
    num = c.num(kind)
    v = rng.choice(["two", "two", "three", "readout", "screen"])
    c.tags.append("continuation-" + v)
    opening(c)
    if v == "screen":
        c.say("C", L(c, ["我之前登记过的，你查一下？"], ["You should have it from last time, can you check?"], ["上次登记过，你 check 一下？"]))
        pieces, grouping = c.cuts(num, 2)
        st = c.style("A")
        c.say("A", [L(c, ["我看到系统里是", "系统显示"], ["I've got ", "On screen it says "], ["system 里是"]),
                    c.frag(num, *pieces[0], role="said", spk="A", st=st, grouping=grouping)])
        c.cont([c.frag(num, *pieces[1], role="said", spk="A", st=st, grouping=grouping), L(c, ["，对吧？"], [", is that right?"], ["，对吗？"])])
        c.say("C", c.t(YES))
        return
    ask(c, kind)
    if v == "readout":
        c.say("C", L(c, ["我念一下啊：", "好，你记：", "我看着念："], ["I'll read it out:", "Okay, ready?", "Reading it off now:"], ["我念一下："]))
        c.cont(c.whole(num) + [endn(c)])
        return
    k = 3 if v == "three" else 2
    pieces, grouping = c.cuts(num, k, inside=rng.random() < 0.3)
    st = c.style("C")
    first = [CC(num.cc)] if num.cc else []
    c.say("C", leadn(c) + first + [c.frag(num, *pieces[0], role="piece", st=st, grouping=grouping), pause(c)])
    for i in range(1, k):
        tail = endn(c) if i == k - 1 else pause(c)
        c.cont([c.frag(num, *pieces[i], role="piece", st=st, grouping=grouping), tail])


# ---- correction ------------------------------------------------------------------------------

def _wrong_prefix(c, num, k):
    lo_pos = 2 if num.sub in ("cn_mobile", "cn_mobile_cc") else 1
    v, p = c.version(num, list(range(lo_pos, k)))
    return v


def ph_correction(c, kind):
    rng = c.rng
    num = c.num(kind)
    vs = ["abandon", "abandon", "restart", "two"]
    if kind != "phone":
        vs += ["wrong_last", "wrong_mid", "again"]
    elif any(len(g) >= 3 for g in num.groupings):
        vs += ["midfix", "midfix"]
    v = rng.choice(vs)
    c.tags.append("correction-" + v)
    opening(c)
    ask(c, kind)
    n = len(num.digits)
    cc = [CC(num.cc)] if num.cc else []
    if v in ("abandon", "restart", "two"):
        k = rng.randint(3, min(8, n - 3))
        parts = leadn(c) + cc
        if v in ("abandon", "two"):
            wv = _wrong_prefix(c, num, k)
            parts += [c.frag(num, 0, k, role="abandoned", ver=wv), csep(c), c.t(CORR)]
        if v in ("restart", "two"):
            k2 = rng.randint(3, min(8, n - 3))
            parts += [c.frag(num, 0, k2, role="abandoned"), L(c, ["……呃，", "，嗯……", "……"], ["... uh, ", ", hmm... ", "... "], ["……um，"]),
                      c.t(RESTART)]
        parts += cc if len(cc) and rng.random() < 0.5 else []
        parts += [c.frag(num, role="corrected"), endn(c)]
        c.say("C", parts)
    elif v == "midfix":
        g = [x for x in num.groupings if len(x) >= 3][0]
        a0, a1 = g[0], g[0] + g[1]
        wv, _ = c.version(num, list(range(a0, a1)))
        c.say("C", leadn(c) + cc + [c.frag(num, 0, a1, role="abandoned", ver=wv, grouping=g), csep(c), c.t(CORR)]
              + c.P(L(c, ["中间是{a}，不是{b}，后面{z}。", "中间那几位是{a}，不是{b}，然后{z}。"],
                        ["the middle bit is {a}, not {b}, then {z}.", "it's {a} in the middle, not {b}, and then {z}."],
                        ["中间是{a}，not {b}，然后{z}。"]),
                    a=c.frag(num, a0, a1, role="corrected", grouping=g), b=c.frag(num, a0, a1, role="wrong", ver=wv, grouping=g),
                    z=c.frag(num, a1, n, role="piece", grouping=g)))
        if rng.random() < 0.6:
            c.say("A", c.t(RB_FULL), n=c.whole(num, role="readback", spk="A", cc=False))
            c.say("C", c.t(YES))
    else:
        grouping = [g for g in num.groupings if len(g) >= 3][0]
        edges = [sum(grouping[:i]) for i in range(len(grouping) + 1)]
        if v == "wrong_last":
            g0, g1 = edges[-2], edges[-1]
            wv, _ = c.version(num, [p for p in range(g0, g1) if num.digits[p] != "X"])
        else:
            gi = rng.randint(1, len(grouping) - 2)
            g0, g1 = edges[gi], edges[gi + 1]
            wv, _ = c.version(num, list(range(g0, g1)))
        c.say("C", [lead(c), c.frag(num, role="wrong", ver=wv, grouping=grouping), endn(c)])
        if rng.random() < 0.5:
            c.say("A", c.t(BACKCH))
        if v == "again":
            c.say("C", [L(c, ["哎等等，我念错了一位，重新说：", "不对不对，刚才错了，是"], ["Hang on, I got a digit wrong. Again: ", "No wait, that's wrong, it's "],
                          ["Wait，我念错了，重新说："]), c.frag(num, role="corrected", grouping=grouping), endn(c)])
        elif v == "wrong_last":
            c.say("C", c.P(L(c, ["等等，最后几位念错了，是{a}。", "不对，最后那段是{a}。"], ["Wait, the last bit's wrong, it's {a}.", "Sorry, it ends {a}."],
                             ["等等，最后几位错了，是{a}。"]), a=c.frag(num, g0, g1, role="corrected", grouping=grouping)))
        else:
            c.say("C", c.P(L(c, ["说错了，中间那段是{a}，不是{b}。"], ["Sorry, the middle section is {a}, not {b}."], ["说错了，中间是{a}，not {b}。"]),
                           a=c.frag(num, g0, g1, role="corrected", grouping=grouping), b=c.frag(num, g0, g1, role="wrong", ver=wv, grouping=grouping)))
    if rng.random() < 0.5:
        c.say("A", L(c, ["好的，以后面这个为准。", "明白，已经改过来了。"], ["No problem, I've corrected it.", "Got it, updated."], ["OK，我 update 了。"]))


# ---- filler ----------------------------------------------------------------------------------

def ph_filler(c, kind):
    rng = c.rng
    num = c.num(kind)
    v = rng.choice(["between", "between", "inside", "leadin", "readback"])
    c.tags.append("filler-" + v)
    opening(c)
    ask(c, kind)
    k = rng.choice([2, 2, 3])
    if v == "readback":
        c.say("C", c.t(ANSWER), n=c.whole(num))
        st = c.style("A")
        c.say("A", c.t(RB_FULL), n=c.whole(num, role="readback", spk="A", cc=False, fillers=k, st=st))
        c.say("C", c.t(YES))
        return
    pre = L(c, ["呃，我想想，", "那个……", ""], ["Um, let me think, ", "Er, right, ", ""], ["呃，let me see，", ""]) if v == "leadin" else lead(c)
    g = max(num.groupings, key=len)
    st = c.style("C")
    if st["mode"] in ("ar", "fw") and st["gsep"][st["mode"]] == "":
        st["gsep"] = dict(st["gsep"], **{st["mode"]: " "})
    if v == "inside":
        i = max(range(len(g)), key=lambda j: g[j])
        h = rng.randint(1, g[i] - 1)
        g = g[:i] + [h, g[i] - h] + g[i + 1:]
    f = c.frag(num, role="said", fillers=k, grouping=g, st=st, inside=(v == "inside"))
    c.say("C", [pre] + ([CC(num.cc)] if num.cc else []) + [f, endn(c)])


# ---- asr-chunks ------------------------------------------------------------------------------

def ph_asr_chunks(c, kind):
    rng = c.rng
    num = c.num(kind)
    opts = ["itn", "itn", "digit", "cut", "cut_itn"]
    if c.lang != "en":
        opts += ["cnmix", "cnmix"]
    if c.lang != "zh":
        opts += ["enar"]
    if c.fmt == "asr-json":
        opts += ["cut", "cut_itn", "cut"]       # one entity over two segments
    v = rng.choice(opts)
    c.tags.append("asr-" + v)
    opening(c)
    ask(c, kind)
    cc = [CC(num.cc)] if num.cc else []
    if v in ("itn", "digit", "cnmix"):
        st = c.style("C", mode=v)
        c.say("C", leadn(c) + cc + [c.frag(num, st=st), endn(c)])
    elif v == "enar":
        g = max(num.groupings, key=len)
        k = rng.randint(1, len(g) - 1)
        st = c.style("C", mode="mix", mix_modes=None)
        st["mode"] = "seq"
        st["seq"] = ["en"] * k + ["ar"] * (len(g) - k)
        c.say("C", leadn(c) + cc + [c.frag(num, st=st, grouping=g), endn(c)])
    else:
        inside = True
        (a, b), (b2, e) = c.cuts(num, 2, inside=inside)[0]
        st = c.style("C", mode="itn") if v == "cut_itn" else c.style("C")
        fa = c.frag(num, a, b, role="piece", st=st)
        fb = c.frag(num, b2, e, role="piece", st=st)
        c.joins += 1
        fa.join = fb.join = c.joins
        c.say("C", leadn(c) + cc + [fa])
        c.cont([fb, endn(c)])
    if rng.random() < 0.5:
        c.say("A", c.t(RB_LAST4 if kind == "phone" else RB_FIRST),
              n=c.frag(num, len(num.digits) - 4, role="readback", spk="A") if kind == "phone" else c.frag(num, 0, 6, role="readback", spk="A"))
        c.say("C", c.t(YES))


# ---- readback --------------------------------------------------------------------------------

def ph_readback(c, kind):
    rng = c.rng
    num = c.num(kind)
    vs = ["full", "full", "last4", "first", "allbut"]
    vs += ["misheard", "misheard", "misheard_last"] if kind != "phone" else ["misheard_head", "misheard_head"]
    v = rng.choice(vs)
    c.tags.append("readback-" + v)
    opening(c)
    ask(c, kind)
    n = len(num.digits)
    c.say("C", c.t(ANSWER), n=c.whole(num))
    if v == "full":
        c.say("A", c.t(RB_FULL), n=c.whole(num, role="readback", spk="A", cc=rng.random() < 0.3))
        c.say("C", c.t(YES))
    elif v == "last4":
        c.say("A", c.t(RB_LAST4), n=c.frag(num, n - 4, role="readback", spk="A"))
        c.say("C", c.t(YES))
    elif v == "first":
        k = {"phone": 3, "id_number": 6, "bank_card": rng.choice([4, 6])}[kind]
        if num.sub in ("hk", "sg"):
            k = 4
        c.say("A", c.t(RB_FIRST), n=c.frag(num, 0, k, role="readback", spk="A"))
        c.say("C", c.t(YES))
    elif v == "allbut":
        c.say("A", [L(c, ["所以是", "我念一下，", "好，"], ["So that's ", "Okay, ", "I've got "], ["So 是", "OK，"]),
                    c.frag(num, 0, n - 4, role="readback", spk="A"), L(c, ["……？", "……", "，然后？"], ["...?", " and...?", "..."], ["……？"])])
        c.say("C", [L(c, ["", "后面", "最后是"], ["", "then ", "and "], ["", "然后"]), c.frag(num, n - 4, role="piece"), endn(c)])
    elif v in ("misheard", "misheard_head"):
        if v == "misheard":
            grouping = [g for g in num.groupings if len(g) >= 3][0]
        else:
            grouping = [g for g in num.groupings if len(g) >= 2 and g[0] <= 4][0]
        edges = [sum(grouping[:i]) for i in range(len(grouping) + 1)]
        gi = rng.randint(0, len(grouping) - 2) if v == "misheard" else rng.randint(1, max(1, len(grouping) - 2))
        if v == "misheard_head" and len(grouping) == 2:
            gi = 0
        g0, g1 = edges[gi], edges[gi + 1]
        lo_pos = 2 if (num.sub in ("cn_mobile", "cn_mobile_cc") and g0 == 0) else g0
        if v == "misheard_head" and num.sub in ("hk", "sg", "us") and g0 == 0:
            lo_pos = 1
        wv, _ = c.version(num, [p for p in range(lo_pos, g1) if num.digits[p] != "X"])
        hi = n if v == "misheard" else g1 if g1 < n else edges[-2]
        if v == "misheard_head" and hi >= n:
            raise Redraw("misheard head covers the number")
        ast = c.style("A")
        if v == "misheard":
            c.say("A", c.t(RB_FULL), n=c.frag(num, role="misheard", ver=wv, spk="A", st=ast, grouping=grouping))
        else:
            c.say("A", L(c, ["是{n}……？", "我记的是{n}，对吗？"], ["So {n}...?", "I've got {n} so far, right?"], ["是{n}……right？"]),
                  n=c.frag(num, 0, hi, role="misheard", ver=wv, spk="A", st=ast, grouping=grouping))
        c.say("C", c.t(DENY), a=c.frag(num, g0, g1, role="corrected", grouping=grouping),
              b=c.frag(num, g0, g1, role="wrong", ver=wv, grouping=grouping))
        c.say("A", L(c, ["抱歉，那是{n}，对吧？", "不好意思，重新确认：{n}。"], ["Sorry about that, so {n}?", "My mistake. {n}, correct?"],
                     ["Sorry，是{n}，对吧？"]), n=c.frag(num, role="readback", spk="A", st=ast, grouping=grouping))
        c.say("C", c.t(YES))
    else:  # misheard_last (ID / card)
        g0 = n - 4
        wv, _ = c.version(num, [p for p in range(g0, n) if num.digits[p] != "X"])
        c.say("A", c.t(RB_LAST4), n=c.frag(num, g0, role="misheard", ver=wv, spk="A"))
        c.say("C", c.t(DENY), a=c.frag(num, g0, role="corrected"), b=c.frag(num, g0, role="wrong", ver=wv))
        if rng.random() < 0.6:
            c.say("A", L(c, ["好的，{n}，记下了。"], ["Right, {n}, noted."], ["OK，{n}，noted。"]), n=c.frag(num, g0, role="readback", spk="A"))


# ---- check character said apart -------------------------------------------------------------

def ph_check_char(c, kind):
    rng = c.rng
    digit_check = rng.random() < 0.15
    num = c.num("id_number", want_x=not digit_check)
    v = rng.choice(["same", "same", "next", "asked", "asked"])
    c.tags.append("checkchar-" + v + ("-digit" if digit_check else ""))
    opening(c)
    ask(c, "id_number")
    st = c.style("C")
    xf = c.frag(num, 17, 18, role="check-char", st=st)
    body = c.frag(num, 0, 17, role="piece", st=st)
    if v == "same":
        c.say("C", [lead(c), body, L(c, ["，最后一位是", "……末尾是", "，最后是个", "，尾巴上是"],
                                      [", and the last character is ", "... then ", ", and it ends with ", ", last one's "],
                                      ["，最后一位是", ", last one is "]), xf, endn(c)])
    elif v == "next":
        c.say("C", [lead(c), body, pause(c)])
        c.cont([L(c, ["最后一位是", "最后是", "末位"], ["The last one is ", "And finally ", "Then "], ["最后是", "last 是"]), xf, endn(c)])
    else:
        c.say("C", [lead(c), body, pause(c)])
        c.say("A", L(c, ["最后一位呢？", "还差最后一位。", "嗯，最后一个是？"], ["And the last character?", "That's seventeen, what's the last?",
                                                                  "And the final one?"], ["最后一位呢？", "last one 是？"]))
        latin = xf.text().isascii() or xf.text() == "Ｘ"
        c.say("C", [L(c, ["", "是", "就是"], ["", "It's ", "That's "], ["", "是"]), xf,
                    L(c, ["。", "，字母。", "，大写的。"] if latin else ["。"], [".", ", the letter.", ", capital."] if latin else ["."],
                      ["。", "，letter。"] if latin else ["。"])])
    if rng.random() < 0.5:
        c.say("A", c.t(RB_LAST4), n=c.frag(num, 14, role="readback", spk="A"))
        c.say("C", c.t(YES))


# ---- glued words -----------------------------------------------------------------------------

def _has_glued(f):
    return any(t.sort == "d" and len(t.coll) >= 2 and t.text.isalpha() for t in f.toks)


def ph_glued(c, kind):
    rng = c.rng
    num = c.num(kind)
    v = rng.choice(["whole", "whole", "rb", "pieces"])
    c.tags.append("glued-" + v)
    opening(c)
    ask(c, kind)
    gst = dict(c.style("C"), mode="glued", glue=0.7, dbl=0.2)
    if v == "whole":
        f = c.frag(num, st=gst)
        if not _has_glued(f):
            raise Redraw("nothing glued")
        c.say("C", leadn(c) + ([CC(num.cc)] if num.cc else []) + [f, endn(c)])
    elif v == "rb":
        c.say("C", c.t(ANSWER), n=c.whole(num))
        ast = dict(c.style("A"), mode="glued", glue=0.7)
        f = c.frag(num, role="readback", spk="A", st=ast)
        if not _has_glued(f):
            raise Redraw("nothing glued")
        c.say("A", c.t(RB_FULL), n=[f])
        c.say("C", c.t(YES))
    else:
        pieces, grouping = c.cuts(num, 2)
        f0 = c.frag(num, *pieces[0], role="piece", st=gst, grouping=grouping)
        f1 = c.frag(num, *pieces[1], role="piece", st=gst, grouping=grouping)
        if not (_has_glued(f0) or _has_glued(f1)):
            raise Redraw("nothing glued")
        c.say("C", leadn(c) + ([CC(num.cc)] if num.cc else []) + [f0, pause(c)])
        c.say("A", c.t(BACKCH))
        c.say("C", [f1, endn(c)])


# ---- several numbers -------------------------------------------------------------------------

def ph_multi(c, kind):
    rng = c.rng
    others = [k for k in ("phone", "id_number", "bank_card") if k != kind]
    k2 = rng.choice(others)
    v = rng.choice(["same_line", "same_line", "turns", "turns3", "backup"] if kind != "bank_card" else ["same_line", "turns", "turns3"])
    c.tags.append("multi-" + v)
    opening(c)
    if v == "backup":
        kind, k2 = "phone", "phone"
    n1 = c.num(kind)
    n2 = c.num(k2, sub=("cn_land" if v == "backup" and rng.random() < 0.5 else None))
    if v == "same_line":
        c.say("A", L(c, ["要登记一下{a}和{b}。"], ["I'll need your {a} and your {b}."], ["需要你的{a}和{b}。"]), a=noun(c, kind, n1), b=noun(c, k2, n2))
        c.say("C", L(c, ["{na}{x}，{nb}{y}，还有订单是{ref}。", "{na}是{x}，{nb}是{y}。"],
                     ["{na} is {x}, and the {nb} is {y}.", "Okay: {na} {x}, {nb} {y}, and the booking's {ref}."],
                     ["{na}是{x}，{nb} 是{y}。"]), na=noun(c, kind, n1), nb=noun(c, k2, n2), x=c.whole(n1), y=c.whole(n2))
    elif v == "backup":
        ask(c, "phone")
        c.say("C", c.t(ANSWER), n=c.whole(n1))
        c.say("A", L(c, ["还有备用号码吗？", "有没有第二个联系方式？"], ["Is there a backup number?", "Any other number in case that's off?"],
                     ["有 backup 号码吗？"]))
        land = n2.sub == "cn_land"
        c.say("C", L(c, ["备用的打{n}，白天{time}前一般有人。"] + (["座机{n}。", "家里座机是{n}。"] if land else ["我还有个号，{n}。"]),
                     ["Try {n}, there's usually someone there before {time}."] + (["My landline, {n}.", "The home phone is {n}."] if land else ["I've a second mobile, {n}."]),
                     ["backup 是{n}。"] + (["座机 {n}。"] if land else [])), n=c.whole(n2))
    else:
        for num in ([n1, n2] + ([c.num([k for k in others if k != k2][0])] if v == "turns3" else [])):
            ask(c, num.kind, why=rng.random() < 0.5)
            c.say("C", c.t(ANSWER_NEAR if rng.random() < 0.3 else ANSWER), n=c.whole(num))
    if rng.random() < 0.4:
        c.say("A", c.t(RB_LAST4), n=c.frag(n1, len(n1.digits) - 4, role="readback", spk="A"))
        c.say("C", c.t(YES))


# ---- negatives -------------------------------------------------------------------------------

NEG_REF = {"zh": ["快递单号", "保修序列号", "合同编号", "批次号", "流水号", "发票代码", "条形码", "工单编号"],
           "en": ["tracking number", "warranty serial", "contract number", "batch number", "transaction reference", "barcode",
                  "invoice reference", "job number"],
           "mixed": ["tracking number", "serial", "合同编号", "barcode", "流水号", "invoice reference"]}


def long_ref(rng, n):
    for _ in range(5000):
        d = rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(n - 1))
        if harmless(d):
            return d
    raise Bug("no harmless reference")


def say_plain_digits(c, d, mode, group=4):
    rng = c.rng
    gs = [d[i:i + group] for i in range(0, len(d), group)]
    if mode == "en":
        zero = rng.choice(["oh", "zero"])
        sep = rng.choice([", ", " ", ", "])
        return sep.join(" ".join(zero if ch == "0" else EN_DIG[ch] for ch in g) for g in gs)
    if mode == "cn":
        one = rng.choice(["幺", "一"])
        return rng.choice(["", "，", " "]).join("".join(one if ch == "1" else CN_DIG[ch] for ch in g) for g in gs)
    return rng.choice([" ", "-", ""]).join(gs)


def ph_negative(c, kind):
    rng = c.rng
    v = c.plan["neg"]
    mode = None
    if v.startswith("longref"):
        mode = wchoice(rng, [("en", 5 if c.lang != "zh" else 0), ("cn", 4 if c.lang != "en" else 0), ("ar", 3)])
    c.tags.append("neg-" + v + (("-" + mode) if mode else ""))
    opening(c)
    if v.startswith("longref"):
        d = long_ref(rng, rng.randint(15, 19))
        what = c.t(NEG_REF)
        said = say_plain_digits(c, d, mode)
        c.say("A", L(c, ["方便报一下{w}吗？我帮您查。", "您手上有{w}吗？"], ["Have you got the {w} handy? I'll look it up.", "Can you read me the {w}?"],
                     ["{w} 方便报一下吗？"]), w=what)
        c.say("C", L(c, ["有的，{s}。", "我看下……{s}。"], ["Yeah, it's {s}.", "Let me see... {s}."], ["有，{s}。"]), s=said)
        if v == "longref_rb":
            c.say("A", L(c, ["我重复一下，{s}，对吗？"], ["Reading that back, {s}?"], ["我 repeat 一下，{s}？"]), s=say_plain_digits(c, d, mode))
            c.say("C", c.t(YES))
        c.say("A", c.t(NEG_AFTER))
    elif v == "member":
        d = rng.choice("23456789") + "".join(rng.choice("0123456789") for _ in range(10))
        if not harmless(d):
            raise Redraw("member number")
        c.say("A", L(c, ["您有会员号吗？", "会员卡号报一下？"], ["Do you have a membership number?", "What's your member number?"], ["有 member number 吗？"]))
        c.say("C", L(c, ["有，{s}。", "会员号是{s}。"], ["Yes, {s}.", "It's {s}."], ["有，{s}。"]), s=say_plain_digits(c, d, rng.choice(["ar", "ar", "en" if c.lang != "zh" else "cn"])))
        c.say("A", c.t(NEG_AFTER))
    elif v == "notgiven":
        k = rng.choice(["phone", "id_number", "bank_card"])
        ask(c, k)
        c.say("C", L(c, ["这个不方便在电话里说，我到店里再给吧。", "我现在手边没有，晚点我自己在 APP 上填。", "用我上次留的那个就行，别再问了。"],
                     ["I'd rather not give that over the phone, I'll sort it in person.", "I don't have it on me, I'll add it online later.",
                      "Just use whatever you had last time."],
                     ["这个我不想在 phone 上说，我 online 填吧。", "手边没有，later 再给你。"]))
        c.say("A", L(c, ["没问题，那您到时候带上原件就行。费用是{amt}。", "理解，那我先备注一下。"],
                     ["That's fine. It'll be {amt} when you come in.", "No problem, I'll make a note."], ["OK 没问题，到时候 pay {amt} 就行。"]))
    else:
        c.say("A", c.t(NEG_AFTER) if c.followed else c.follow())
        c.say("C", L(c, ["那我{date}{time}过来，有问题打你们{hot}吧？", "好，我记一下你们的热线{hot}。"],
                     ["So I'll come on {date} at {time}, and I can ring {hot} if anything changes?", "Let me note your hotline, {hot}."],
                     ["OK，那我{date}过来，有问题 call {hot}。"]))
        c.say("A", L(c, ["对，{hot}，工作日{time}到下午六点。", "是的。停车的话车牌{plate}登记一下就能进。"],
                     ["That's right, {hot}, weekdays from {time}.", "Yes. If you're driving, register plate {plate} at the gate."],
                     ["对，{hot}，weekday 都有人。"]))
        c.say("C", L(c, ["好，邮编是{post}对吧？", "行，验证码{code}我收到了。"], ["Great, and the postcode is {post}?", "Okay, I've got the code {code}."],
                     ["OK，code {code} 收到了。"]))


def second_number(c, exclude):
    kind = c.rng.choice([k for k in ("phone", "id_number", "bank_card") if k != exclude])
    num = c.num(kind)
    ask(c, kind, why=True)
    c.say("C", c.t(ANSWER_NEAR if c.rng.random() < 0.3 else ANSWER), n=c.whole(num))


PH_FN = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
         "filler": ph_filler, "asr-chunks": ph_asr_chunks, "readback": ph_readback, "check-char-apart": ph_check_char,
         "glued-words": ph_glued, "multi-number": ph_multi, "negative": ph_negative}


# ============================================================================================
# Layouts
# ============================================================================================

def content_of(pieces):
    """The line's text, its fragments [(frag, start, end)] and its country codes [(start, end)]."""
    out, frags, ccs = [], [], []
    pos = 0
    for p in pieces:
        if isinstance(p, Frag):
            t = p.text()
            frags.append((p, pos, pos + len(t)))
        elif isinstance(p, CC):
            t = p.text
            ccs.append((pos, pos + len(t)))
        elif isinstance(p, LA):
            t = p.text
        else:
            t = p
        out.append(t)
        pos += len(t)
    return "".join(out), frags, ccs


def pick_labels(c):
    rng, lang = c.rng, c.lang
    zhish = lang == "zh" or (lang == "mixed" and rng.random() < 0.6)
    name = c.name
    if zhish:
        opts = [("坐席", "客户"), ("客服", "顾客"), ("客服专员", "来电客户"), ("接待", "来电人"), ("专员", "客户"), ("话务", "用户"),
                c.dom["zh_lab"], c.dom["zh_lab"], ("发言人1", "发言人2"), ("角色A", "角色B"), ("声道1", "声道2"), ("讲话人甲", "讲话人乙"),
                (f"客服-{name}", "客户"), (f"坐席（{name}）", "来电人")]
        sysl = rng.choice(["系统", "IVR", "语音提示"])
    else:
        opts = [("Agent", "Customer"), ("Associate", "Caller"), ("Host", "Guest"), ("Specialist", "Client"), ("Desk", "Caller"),
                ("Coordinator", "Customer"), c.dom["en_lab"], c.dom["en_lab"], ("Party 1", "Party 2"), ("Speaker A", "Speaker B"),
                ("spk_1", "spk_2"), ("CH-L", "CH-R"), ("Line 1", "Line 2"), ("P1", "P2"), (f"Agent {name}", "Customer"),
                (f"Rep ({name})", "Caller"), (f"{name} (agent)", "Caller")]
        sysl = rng.choice(["IVR", "System", "Recording"])
    a, b = rng.choice(opts)
    if rng.random() < 0.3 and (a[-1:].isdigit() or a[-1:] in "AB甲乙" or a in ("CH-L",)):
        a, b = b, a       # numbered speakers: the caller may be the first
    return {"A": a, "C": b, "S": sysl}


def line_times(rng, turns):
    t = rng.uniform(0.3, 2.5)
    res = []
    for turn in turns:
        row = []
        for pieces in turn.lines:
            text = content_of(pieces)[0]
            dur = max(0.8, len(text) * rng.uniform(0.06, 0.11))
            row.append((t, t + dur))
            t += dur + rng.uniform(0.15, 0.9)
        res.append(row)
        t += rng.uniform(0.1, 0.8)
    return res


def ts_text(style, t, base):
    t_ms = int(round(t * 1000))
    h, rem = divmod(t_ms, 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if style == "ms":
        return f"{m + 60 * h:02d}:{s:02d}"
    if style == "m_s":
        return f"{m + 60 * h}:{s:02d}"
    if style == "hmsf":
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    if style == "sec":
        return f"{t:.1f}s"
    if style == "cn":
        return f"{m + 60 * h}分{s:02d}秒"
    w = base + int(t)
    wh, wr = divmod(w, 3600)
    wm, ws = divmod(wr, 60)
    if style == "wall":
        return f"{wh % 24:02d}:{wm:02d}:{ws:02d}"
    if style == "wall_ampm":
        hh = wh % 12 or 12
        return f"{hh}:{wm:02d}:{ws:02d} {'AM' if wh % 24 < 12 else 'PM'}"
    raise Bug(style)


# name, kind, first-line format, header format, stamp needed
TEXT_LAYOUTS = [
    ("colon-zh", "inline", "{lab}：{txt}", None, False),
    ("colon", "inline", "{lab}: {txt}", None, False),
    ("bracket-ts", "inline", "[{ts}] {lab}: {txt}", None, True),
    ("columns", "inline", "{ts}  {lab}  {txt}", None, True),
    ("lab-paren-ts", "inline", "{lab}（{ts}）：{txt}", None, True),
    ("paren-lab", "inline", "({lab}) {txt}", None, False),
    ("fullbar", "inline", "{lab} ｜ {txt}", None, False),
    ("arrow", "inline", "{lab} => {txt}", None, False),
    ("angle-ts", "inline", "<{ts}> {lab} :: {txt}", None, True),
    ("shuo", "inline", "{lab}说：{txt}", None, False),
    ("at", "inline", "@{lab} {txt}", None, False),
    ("slash-ts", "inline", "{lab}/{ts}：{txt}", None, True),
    ("numbered", "inline", "{n}. {lab}: {txt}", None, False),
    ("csv", "inline", "{ts},{lab},{txt}", None, True),
    ("tab", "inline", "{lab}\t{txt}", None, False),
    ("dash-arrow", "inline", "{lab}->{txt}", None, False),
    ("lab-ts-bracket", "inline", "[{lab} {ts}] {txt}", None, True),
    ("says", "inline", "{lab} says: {txt}", None, False),
    ("corner-ts", "inline", "〈{ts}〉{lab}：{txt}", None, True),
    ("hdr-lab-ts", "header", "{txt}", "{lab} {ts}", True),
    ("hdr-ts-lab", "header", "{txt}", "[{ts}] {lab}", True),
    ("hdr-md", "header", "{txt}", "### {lab}", False),
    ("hdr-lab", "header", "{txt}", "{lab}", False),
    ("hdr-rule", "header", "{txt}", "— {lab} · {ts} —", True),
    ("hdr-ts-inline", "header", "{lab}: {txt}", "{ts}", True),
    ("hdr-lab-paren", "header", "{txt}", "{lab}（{ts}）", True),
    ("nolabel", "none", "{txt}", None, False),
    ("nolabel-ts", "none", "[{ts}] {txt}", None, True),
    ("nolabel-ts-dash", "none", "{ts} - {txt}", None, True),
    ("nolabel-paren-ts", "none", "({ts}) {txt}", None, True),
]


def pick_layout(c):
    rng = c.rng
    zhish = c.lang != "en"
    cands = []
    for lay in TEXT_LAYOUTS:
        name = lay[0]
        if name in ("shuo", "colon-zh", "lab-paren-ts", "slash-ts", "corner-ts", "hdr-lab-paren") and not zhish:
            continue
        if name in ("says",) and zhish:
            continue
        w = 3 if name in ("colon-zh", "colon") else 1
        if lay[1] == "none":
            w = 0.6
        cands.append((lay, w))
    return wchoice(rng, cands)


def render_text(c, turns):
    rng = c.rng
    name, kind, fmt, hfmt, stamped = pick_layout(c)
    labs = pick_labels(c)
    tstyle = rng.choice(["hms", "ms", "m_s", "hmsf", "sec", "wall", "wall_ampm", "cn"] if c.lang != "en" else
                        ["hms", "ms", "m_s", "hmsf", "sec", "wall", "wall_ampm"])
    if name == "csv" and tstyle == "wall_ampm":
        tstyle = "wall"
    base = rng.randint(8 * 3600, 17 * 3600)
    cont = rng.choice(["relabel", "bare", "indent", "hook"]) if kind == "inline" else rng.choice(["same", "same", "relabel"])
    blank = kind == "header" and rng.random() < 0.75 or (kind == "inline" and rng.random() < 0.12)
    times = line_times(rng, turns)
    out = []
    spans = []
    pos = 0
    lineno = 0

    def emit(s):
        nonlocal pos
        out.append(s)
        pos += len(s) + 1

    def prefix(f, lab, t):
        return f.split("{txt}")[0].format(lab=lab, ts=ts_text(tstyle, t, base), n=lineno)

    for ti, turn in enumerate(turns):
        if ti and blank:
            emit("")
        lab = labs[turn.spk]
        for li, pieces in enumerate(turn.lines):
            text, frags, _ = content_of(pieces)
            t0 = times[ti][li][0]
            lineno += 1
            if kind == "inline":
                if li == 0 or cont == "relabel":
                    pre = prefix(fmt, lab, t0)
                else:
                    pre = {"bare": "", "indent": "    ", "hook": "  ↳ "}[cont]
            elif kind == "header":
                if li == 0 or cont == "relabel":
                    emit(hfmt.format(lab=lab, ts=ts_text(tstyle, t0, base)))
                pre = prefix(fmt, lab, t0)
            else:
                pre = prefix(fmt, lab, t0)
            for f, a, b in frags:
                spans.append((f, pos + len(pre) + a, pos + len(pre) + b))
            emit(pre + text)
    full = "\n".join(out) + ("\n" if rng.random() < 0.3 else "")
    visible = kind != "none"
    return full, spans, f"text:{name}|{labs['A']}/{labs['C']}|{cont}" + ("|ts:" + tstyle if stamped else ""), visible


def vtt_time(t, short):
    t_ms = int(round(t * 1000))
    h, rem = divmod(t_ms, 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


VTT_STYLES = [("voice", "<v {lab}>{txt}", True), ("voice-close", "<v {lab}>{txt}</v>", True), ("colon", "{lab}: {txt}", True),
              ("bracket", "[{lab}] {txt}", True), ("dash", "- {txt}", False), ("bare", "{txt}", False), ("chevrons", ">> {txt}", False)]


def render_vtt(c, turns):
    rng = c.rng
    sname, sfmt, visible = wchoice(rng, [(s, 3 if s[0] in ("voice", "colon") else 1) for s in VTT_STYLES])
    labs = pick_labels(c)
    if sname == "colon" and c.lang != "en" and rng.random() < 0.5:
        sfmt = "{lab}：{txt}"
    short = rng.random() < 0.4
    ids = rng.choice(["none", "num", "num", "seg"])
    cont = rng.choice(["cue-voice", "cue-bare", "same-cue"])
    head = ["WEBVTT"]
    r = rng.random()
    if r < 0.25:
        head = ["WEBVTT - " + L(c, ["通话转写"], ["call transcript"], ["call transcript 通话转写"])]
    elif r < 0.45:
        head = ["WEBVTT", "Kind: captions", "Language: " + {"zh": "zh-CN", "en": rng.choice(["en-GB", "en-US"]), "mixed": "zh-CN"}[c.lang]]
    blocks = ["\n".join(head)]
    if rng.random() < 0.3:
        blocks.append("NOTE " + L(c, ["自动转写，未经人工校对"], ["machine transcript, speaker names from the CRM"], ["auto transcript，未校对"]))
    settings = rng.choice(["", "", " align:start", " line:85%", " position:50% align:center"])
    times = line_times(rng, turns)
    cues = []   # [id, start, end, [(payload text, frags)]]
    for ti, turn in enumerate(turns):
        for li, pieces in enumerate(turn.lines):
            text, frags, _ = content_of(pieces)
            t0, t1 = times[ti][li]
            if li == 0 or cont == "cue-voice":
                pay = sfmt.split("{txt}")
                pre, post = pay[0].format(lab=labs[turn.spk]), pay[1]
            else:
                pre, post = "", ""
            if li and cont == "same-cue":
                cues[-1][2] = t1
                cues[-1][3].append((pre, text, post, frags))
            else:
                cues.append([len(cues) + 1, t0, t1, [(pre, text, post, frags)]])
    spans = []
    out = "\n\n".join(blocks) + "\n\n"
    for k, (num_, t0, t1, lines) in enumerate(cues):
        block = ""
        if ids == "num":
            block += f"{num_}\n"
        elif ids == "seg":
            block += f"seg-{num_}\n"
        block += f"{vtt_time(t0, short)} --> {vtt_time(t1, short)}{settings}\n"
        for pre, text, post, frags in lines:
            start = len(out) + len(block) + len(pre)
            for f, a, b in frags:
                spans.append((f, start + a, start + b))
            block += pre + text + post + "\n"
        out += block + "\n"
    if rng.random() < 0.5:
        out = out[:-1]
    return out, spans, f"vtt:{sname}|{ids}|{cont}|{'short' if short else 'long'}", visible


# ---- ASR JSON ----------------------------------------------------------------------------------

CJK_PUNCT = set("，。？！：；、…（）“”‘’【】《》·—「」")


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def split_words(s):
    """Word ranges of a line as a recogniser would give them: a CJK character a word, Latin / Arabic runs
    one word, punctuation attached to the word before it."""
    words = []
    i, n = 0, len(s)
    pend = None
    while i < n:
        ch = s[i]
        if ch.isspace():
            i += 1
            continue
        if ch.isascii() and not ch.isalnum() and words and words[-1][1] == i:
            j = i
            while j < n and s[j].isascii() and not s[j].isalnum() and not s[j].isspace():
                j += 1
            words[-1][1] = j
            i = j
            continue
        if ch in CJK_PUNCT:
            if words and words[-1][1] == i:
                words[-1][1] = i + 1
            elif pend is None:
                pend = i
            i += 1
            continue
        if is_cjk(ch):
            j = i + 1
        else:
            j = i
            while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in CJK_PUNCT:
                j += 1
        words.append([pend if pend is not None else i, j])
        pend = None
        i = j
    if pend is not None:
        if words:
            words[-1][1] = n
    return words


def render_asr(c, turns):
    rng = c.rng
    whisper = c.plan["shape"] == "whisper"
    lang = c.lang
    spk_names = rng.choice([("agent", "customer"), ("spk_0", "spk_1"), ("A", "B"), ("SPEAKER_00", "SPEAKER_01"), ("ch1", "ch2")])
    with_spk = rng.random() < (0.45 if whisper else 0.7)
    with_conf = rng.random() < 0.45
    ms = (not whisper) and rng.random() < 0.25
    nopunct = (not whisper) and rng.random() < 0.3
    times = line_times(rng, turns)
    seg_list = []       # whisper segments
    flat = []           # flat words
    ents = {}           # frag -> list of keys
    order = []
    for ti, turn in enumerate(turns):
        spk = {"A": spk_names[0], "C": spk_names[1], "S": spk_names[0]}[turn.spk]
        for li, pieces in enumerate(turn.lines):
            text, frags, _ = content_of(pieces)
            t0, t1 = times[ti][li]
            wr = split_words(text)
            if nopunct:
                trimmed = []
                for a, b in wr:
                    while a < b and (text[a] in CJK_PUNCT or text[a] in ",.?!;:"):
                        a += 1
                    while b > a and (text[b - 1] in CJK_PUNCT or text[b - 1] in ",.?!;:"):
                        b -= 1
                    if a < b:
                        trimmed.append([a, b])
                wr = trimmed
            owners = [None] * len(text)
            for f, a, b in frags:
                for k in range(a, b):
                    owners[k] = f
            step = (t1 - t0) / max(1, len(wr))
            words = []
            for wi, (a, b) in enumerate(wr):
                w = text[a:b]
                if whisper and a > 0 and text[a - 1] == " ":
                    w = " " + w
                elif whisper and lang == "en" and wi == 0:
                    w = " " + w
                ws, we = t0 + wi * step, t0 + (wi + 1) * step - 0.02
                fo = {owners[k] for k in range(a, b) if owners[k] is not None}
                # a word holding a fragment's characters must hold no other digit-bearing character
                for k in range(a, b):
                    if owners[k] is None and fo and digit_bearing(text[k]):
                        raise Redraw("a word mixes a fragment with other digits")
                if len(fo) > 1:
                    raise Redraw("a word holds two fragments")
                words.append((w, ws, we, fo))
            if whisper:
                si = len(seg_list)
                seg = {"id": si, "seek": int(t0 * 100) // 3000 * 3000, "start": round(t0, 2), "end": round(t1, 2),
                       "text": "".join(w for w, _, _, _ in words), "words": []}
                if with_spk:
                    seg["speaker"] = spk
                for wi, (w, ws, we, fo) in enumerate(words):
                    wd = {"word": w, "start": round(ws, 2), "end": round(we, 2)}
                    if with_conf:
                        wd["probability"] = round(rng.uniform(0.55, 0.999), 3)
                    seg["words"].append(wd)
                    for f in fo:
                        ents.setdefault(id(f), (f, []))[1].append([si, wi])
                        if id(f) not in order:
                            order.append(id(f))
                seg_list.append(seg)
            else:
                for (w, ws, we, fo) in words:
                    if ms:
                        wd = {"word": w, "start_ms": int(ws * 1000), "end_ms": int(we * 1000)}
                    else:
                        wd = {"word": w, "start": round(ws, 3), "end": round(we, 3)}
                    if with_spk:
                        wd["speaker"] = spk
                    if with_conf:
                        wd["confidence"] = round(rng.uniform(0.55, 0.999), 3)
                    for f in fo:
                        ents.setdefault(id(f), (f, []))[1].append(len(flat))
                        if id(f) not in order:
                            order.append(id(f))
                    flat.append(wd)
    if whisper:
        tr = {"text": "".join(s["text"] for s in seg_list), "segments": seg_list, "language": "en" if lang == "en" else "zh"}
        if rng.random() < 0.3:
            del tr["text"]
    else:
        tr = {"words": flat}
        if rng.random() < 0.5:
            tr["language"] = "en" if lang == "en" else "zh"
        if rng.random() < 0.3:
            last = flat[-1]
            tr["duration"] = round((last.get("end") or last.get("end_ms", 0) / 1000) + 0.5, 2)
    # entities: fragments cut over two lines with a join id become one entity
    out = []
    merged = {}
    for k in order:
        f, keys = ents[k]
        if f.join is not None and f.join in merged:
            e = merged[f.join]
            e["words"] += keys
            e["_frags"].append(f)
            e["last4_ok"] = f.last4
            continue
        e = {"kind": f.kind, "last4_ok": f.last4, "role": f.role, "words": keys, "_frags": [f]}
        if f.join is not None:
            merged[f.join] = e
        out.append(e)
    visible = with_spk
    variant = f"asr:{'whisper' if whisper else 'flat'}" + ("+spk" if with_spk else "") + ("+conf" if with_conf else "") + \
              ("+ms" if ms else "") + ("+nopunct" if nopunct else "")
    return tr, out, variant, visible


# ============================================================================================
# Checks
# ============================================================================================

def digit_bearing(ch):
    return ch.isdigit() or ch in ev.CN_VAL or ch in "Ｘ叉" or (ch.isascii() and ch.isalpha()) or "０" <= ch <= "９"


def units_exp(s):
    """Readable digit units of s as the scorer reads them [(start, end, collapsed, expanded)], with
    double / triple expanded onto the next number word or digit (across white space or a hyphen only)."""
    res = []
    i, n = 0, len(s)
    pend, pend_end = 1, -1

    def take(a, b, coll, exp):
        nonlocal pend
        if pend > 1 and all(ch in " -" for ch in s[pend_end:a]) and exp:
            exp = exp[0] * pend + exp[1:]
        pend = 1
        res.append((a, b, coll, exp))

    while i < n:
        ch = s[i]
        if "0" <= ch <= "9":
            take(i, i + 1, ch, ch)
            i += 1
            continue
        if "０" <= ch <= "９":
            d = str(ord(ch) - 0xFF10)
            take(i, i + 1, d, d)
            i += 1
            continue
        if ch in ev.CN_VAL:
            take(i, i + 1, ev.CN_VAL[ch], ev.CN_VAL[ch])
            i += 1
            continue
        if ch in "Ｘ叉":
            take(i, i + 1, "X", "X")
            i += 1
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                take(i, j, "X", "X")
            else:
                parts = ev._decompose(w)
                if parts:
                    coll, exp, m = "", "", 1
                    first_digit = True
                    for p in parts:
                        if p in ("double", "triple"):
                            m = 2 if p == "double" else 3
                            continue
                        dgt = ev.EN_VAL[p]
                        if first_digit and pend > 1 and all(c2 in " -" for c2 in s[pend_end:i]) and m == 1:
                            m = pend
                        first_digit = False
                        coll += dgt
                        exp += dgt * m
                        m = 1
                    pend = 1
                    if coll:
                        res.append((i, j, coll, exp))
                    if m > 1:
                        pend, pend_end = m, j
                else:
                    pend = 1
            i = j
            continue
        if not ch.isspace() and ch != "-":
            pend = 1
        i += 1
    return res


def bad_run(d):
    """Why a run of unlabelled digits could be taken for a personal number, or None."""
    n = len(d)
    for i in range(n - 10):
        w = d[i:i + 11]
        if w.isdigit() and w[0] == "1" and w[1] in "3456789":
            return "mobile-shaped window"
    for L_ in range(13, 20):
        for i in range(n - L_ + 1):
            if luhn_ok(d[i:i + L_]):
                return "Luhn window"
    for i in range(n - 17):
        w = d[i:i + 18]
        if w[:17].isdigit() and id_check(w[:17]) == w[17]:
            return "MOD 11-2 window"
    if 10 <= n <= 12 and d[0] == "0":
        return "landline-shaped run"
    if n == 10 and d[0] in "23456789" and d[3] in "23456789" and not d.startswith(("400", "800")):
        return "NANP-shaped run"
    if n == 8 and d[0] in "5689":
        return "HK / SG-shaped run"
    if n in (15, 18) and d[:2] in PROVINCES:
        return "province-coded run"
    if n in (16, 19) and (d[0] == "4" or d[:2] in ("51", "52", "53", "54", "55", "62") or "22" <= d[:2] <= "27"):
        return "card-prefixed run"
    return None


def harmless(d):
    return bad_run(d) is None


JOIN_CHARS = set(" \t\n,.;:!?-–—/()（）[]【】，。；：！？、…·~'\"“”‘’")
JOIN_WORDS = ["那个", "就是", "然后", "呃", "嗯", "额", "和", "加", "杠", "erm", "hmm", "um", "uh", "er", "and", "then", "dash", "plus"]


def gap_joins(g):
    i, n = 0, len(g)
    while i < n:
        if g[i] in JOIN_CHARS:
            i += 1
            continue
        for w in JOIN_WORDS:
            if g[i:i + len(w)].lower() == w:
                e = i + len(w)
                if w.isascii() and ((e < n and g[e].isalpha()) or (i > 0 and g[i - 1].isalpha())):
                    continue
                i = e
                break
        else:
            return False
    return True


FRAG_MARK, CC_MARK = "\ue000", "\ue001"


def marked_line(pieces):
    out = []
    for p in pieces:
        if isinstance(p, Frag):
            out.append(FRAG_MARK)
        elif isinstance(p, CC):
            out.append(CC_MARK)
        elif isinstance(p, LA):
            out.append(p.text)
        else:
            out.append(p)
    return "".join(out)


def check_runs(turns, visible, versions):
    if visible:
        streams = ["\n".join(marked_line(l) for l in t.lines) for t in turns]
    else:
        streams = ["\n".join(marked_line(l) for t in turns for l in t.lines)]
    grams = set()
    for v in versions:
        for i in range(len(v) - 5):
            grams.add(v[i:i + 6])
    for s in streams:
        items = [(a, b, coll, exp) for a, b, coll, exp in units_exp(s)]
        items += [(i, i + 1, None, None) for i, ch in enumerate(s) if ch in (FRAG_MARK, CC_MARK)]
        items.sort()
        chains, cur = [], []
        for it in items:
            if cur and gap_joins(s[cur[-1][1]:it[0]]):
                cur.append(it)
            else:
                if cur:
                    chains.append(cur)
                cur = [it]
        if cur:
            chains.append(cur)
        for ch in chains:
            units = [u for u in ch if u[2] is not None]
            if not units:
                continue
            if len(units) != len(ch):
                raise Redraw("an unlabelled digit runs into a fragment: " + repr(s[max(0, ch[0][0] - 8):ch[-1][1] + 8]))
            for d in {"".join(u[2] for u in units), "".join(u[3] for u in units)}:
                why = bad_run(d)
                if why:
                    raise Redraw(f"{why}: {d}")
                for i in range(len(d) - 5):
                    if d[i:i + 6] in grams:
                        raise Redraw("a look-alike holds a piece of a labelled number")


def check_frag_text(frags, shown, where):
    coll = "".join(t.coll for f in frags for t in f.toks)
    got = "".join(u[3] for u in ev.read_units(shown))
    if got != coll:
        raise Bug(f"{where}: fragment {shown!r} reads {got!r}, built as {coll!r}")
    exp = "".join(u[3] for u in units_exp(shown))
    want = "".join(f.ver[f.lo:f.hi] for f in frags)
    if exp != want or "".join(t.exp for f in frags for t in f.toks) != want:
        raise Bug(f"{where}: fragment {shown!r} says {exp!r}, should say {want!r}")
    for f in frags:
        if f.toks[0].sort != "d" or f.toks[-1].sort != "d":
            raise Bug(f"{where}: fragment {f.text()!r} starts or ends on a word that is no digit")
        ok = ok_number(f.kind, f.num.sub, f.ver) if f.kind != "phone" else True
        if f.ver == f.num.digits and not ok_number(f.kind, f.num.sub, f.ver):
            raise Bug(f"{where}: number {f.ver} invalid")
        if f.ver != f.num.digits and f.kind in ("id_number", "bank_card") and ok:
            raise Bug(f"{where}: a wrong version {f.ver} passes its check")
        if f.ver != f.num.digits and f.kind == "phone" and f.num.sub in ("cn_mobile", "cn_mobile_cc") and not re.fullmatch(r"1[3-9]\d{9}", f.ver):
            raise Bug(f"{where}: a wrong mobile {f.ver} is not mobile-shaped")
        if f.last4 != (f.kind == "phone" and f.hi == len(f.ver) and f.ver == f.num.digits and f.role not in ("abandoned", "wrong", "misheard")):
            raise Bug(f"{where}: last4_ok wrong on {f.text()!r}")
        if f.last4:
            # no double / triple in the last five digits of a phone whose last four may show
            acc = 0
            for a, b, cl, ex in reversed(units_exp(f.text())):
                if acc >= 5:
                    break
                if len(ex) != len(cl):
                    raise Redraw("double / triple in a phone's last five digits")
                acc += len(ex)
        if f.role == "abandoned" and f.hi >= len(f.ver):
            raise Bug(f"{where}: an abandoned attempt reaches the end")
        if f.num.kind == "phone" and f.ver != f.num.digits and f.hi == len(f.ver):
            raise Bug(f"{where}: a complete wrong phone number")


def check_beside(turns):
    for t in turns:
        for l in t.lines:
            text, frags, ccs = content_of(l)
            for f, a, b in frags:
                if (a > 0 and digit_bearing(text[a - 1])) or (b < len(text) and digit_bearing(text[b])):
                    raise Redraw("a digit-bearing character beside a fragment: " + repr(text[max(0, a - 4):b + 4]))


# ============================================================================================
# One case
# ============================================================================================

def render_case(c, idx):
    plan = c.plan
    turns = c.turns
    cid = f"{SET}-{idx:04d}"
    case = {"id": cid, "set": SET, "phenomenon": plan["phenomenon"], "lang": plan["lang"], "format": plan["format"],
            "domain": plan["domain"]}
    frags_all = [p for t in turns for l in t.lines for p in l if isinstance(p, Frag)]
    check_beside(turns)
    if plan["format"] in ("text", "vtt"):
        if plan["format"] == "text":
            text, spans, lvar, visible = render_text(c, turns)
        else:
            text, spans, lvar, visible = render_vtt(c, turns)
        labels = []
        for f, a, b in spans:
            shown = text[a:b]
            if shown != f.text():
                raise Bug(f"{cid}: span offsets wrong: {shown!r} vs {f.text()!r}")
            if "\n" in shown:
                raise Bug(f"{cid}: a span over a line break")
            check_frag_text([f], shown, cid)
            if (a > 0 and digit_bearing(text[a - 1])) or (b < len(text) and digit_bearing(text[b])):
                raise Redraw("a digit-bearing character beside a span")
            labels.append({"start": a, "end": b, "kind": f.kind, "last4_ok": f.last4, "role": f.role})
        if len(spans) != len(frags_all):
            raise Bug(f"{cid}: {len(frags_all)} fragments, {len(spans)} spans")
        if plan["format"] == "text":
            case["text"] = text
        else:
            case["transcript_text"] = text
        case["spans"] = labels
    else:
        tr, ents, lvar, visible = render_asr(c, turns)
        flat = ev.asr_words(tr)
        wtext = {k: w for k, w, _ in flat}
        korder = {k: i for i, (k, _, _) in enumerate(flat)}
        out = []
        for e in ents:
            ks = [tuple(k) if isinstance(k, list) else k for k in e["words"]]
            idxs = [korder[k] for k in ks]
            if idxs != list(range(idxs[0], idxs[0] + len(idxs))):
                raise Bug(f"{cid}: entity words not consecutive: {e['words']}")
            shown = " ".join(wtext[k] for k in ks)
            check_frag_text(e["_frags"], shown, cid)
            out.append({"kind": e["kind"], "last4_ok": e["last4_ok"], "role": e["role"], "words": e["words"]})
        if sum(len(e["_frags"]) for e in ents) != len(frags_all):
            raise Bug(f"{cid}: {len(frags_all)} fragments, {sum(len(e['_frags']) for e in ents)} in entities")
        case["transcript"] = tr
        case["entities"] = out
    case["variant"] = ";".join(c.tags + [lvar])
    versions = [v for n in c.nums for v in n.versions]
    check_runs(turns, visible, versions)
    if plan["phenomenon"] == "negative":
        if frags_all:
            raise Bug(f"{cid}: a negative holds a fragment")
        if not any(ev.readable_count(content_of(l)[0]) for t in turns for l in t.lines):
            raise Redraw("a negative with no digit")
    elif not frags_all:
        raise Bug(f"{cid}: no fragment")
    problem = ev.builtin_case_problem(case, SET)
    if problem:
        raise Bug(problem)
    case["_nums"] = [(n.kind, n.sub) for n in c.nums]
    case["_near"] = any(any(isinstance(p, Frag) for p in l) and any(isinstance(p, LA) for p in l) for t in turns for l in t.lines)
    return case


def build_case(idx, plan, used, redraws, seed):
    for r in range(MAX_REDRAWS):
        rng = random.Random(f"{seed}/{idx}/{r}")
        local = set(used)
        c = Ctx(rng, plan, local)
        try:
            PH_FN[plan["phenomenon"]](c, plan["kind"])
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
# The plan and the set
# ============================================================================================

PH_COUNTS = {"plain": 28, "interruption": 42, "continuation": 30, "correction": 46, "filler": 30, "asr-chunks": 42,
             "readback": 46, "check-char-apart": 24, "glued-words": 24, "multi-number": 30, "negative": 58}
ASR_SHARE = {"asr-chunks": 0.57, "correction": 0.42, "interruption": 0.42, "readback": 0.42}
NEG_VARIANTS = [("longref", 22), ("longref_rb", 6), ("member", 8), ("notgiven", 10), ("chatter", 12)]
HEAVY = ("asr-chunks", "correction", "interruption", "readback")


def make_plan(seed):
    rng = random.Random(f"{seed}/plan")
    assert sum(PH_COUNTS.values()) == N_CASES
    rest_n = N_CASES - PH_COUNTS["glued-words"]
    plans = []
    for ph in ev.PHENOMENA:
        n = PH_COUNTS[ph]
        n_asr = round(n * ASR_SHARE.get(ph, 0.18))
        n_vtt = round(n * 0.15)
        fmts = ["asr-json"] * n_asr + ["vtt"] * n_vtt + ["text"] * (n - n_asr - n_vtt)
        if ph == "glued-words":
            langs = ["en"] * 14 + ["mixed"] * (n - 14)
        else:
            zh = round(n * 150 / rest_n)
            en = round(n * 136 / rest_n)
            langs = ["zh"] * zh + ["en"] * en + ["mixed"] * (n - zh - en)
        rng.shuffle(langs)
        if ph in HEAVY:
            # Chinese word-timed transcripts well represented where the phenomena are hardest
            want = min(langs.count("zh"), (n_asr * 7 + 9) // 10)
            zs = [l for l in langs if l == "zh"][:want]
            others = langs[:]
            for _ in zs:
                others.remove("zh")
            langs = zs + others
        else:
            rng.shuffle(fmts)
        for f, l in zip(fmts, langs):
            plans.append({"phenomenon": ph, "lang": l, "format": f})
    doms = [d for _ in range(N_CASES // len(DOMAINS) + 1) for d in DOMAINS][:N_CASES]
    rng.shuffle(doms)
    rng.shuffle(plans)
    negs = [v for v, k in NEG_VARIANTS for _ in range(k)]
    assert len(negs) == PH_COUNTS["negative"]
    rng.shuffle(negs)
    for p in plans:
        if p["phenomenon"] == "negative":
            p["neg"] = negs.pop()
    for p, d in zip(plans, doms):
        ph = p["phenomenon"]
        p["domain"] = d
        p["kind"] = "id_number" if ph == "check-char-apart" else (None if ph == "negative" else
                                                                  wchoice(rng, [("phone", 40), ("id_number", 32), ("bank_card", 28)]))
        p["second"] = ph not in ("negative", "multi-number") and rng.random() < 0.14
        p["shape"] = "whisper" if rng.random() < 0.58 else "flat"
    return plans


def generate(seed=MASTER_SEED):
    plans = make_plan(seed)
    used = set()
    redraws = Counter()
    cases = [build_case(i, plan, used, redraws, seed) for i, plan in enumerate(plans, 1)]
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
    st["sub"] = Counter(sub for c in cases for k, sub in c["_nums"])
    st["neg"] = Counter(c["variant"].split(";")[0] for c in cases if c["phenomenon"] == "negative")
    st["near"] = sum(1 for c in cases if c["_near"])
    st["second"] = sum(1 for c in cases if "second" in c["variant"].split(";"))
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pzasr"] = Counter(c["phenomenon"] for c in cases if c["lang"] == "zh" and c["format"] == "asr-json")
    st["pkf"] = Counter((c["phenomenon"], l["kind"]) for c in cases for l in ev.labels_of(c))
    st["variants"] = Counter(c["variant"].split(";")[0] for c in cases)
    st["layouts"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases)
    return st


def summary(st):
    lines = []
    lines.append("phenomena (zh/en/mixed, text/vtt/asr-json, zh asr-json): " + "; ".join(
        f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}, "
        f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]}, {st['pzasr'][p]})" for p in ev.PHENOMENA))
    lines.append("fragments per phenomenon phone/id/card: " + ", ".join(
        f"{p} {st['pkf'][(p, 'phone')]}/{st['pkf'][(p, 'id_number')]}/{st['pkf'][(p, 'bank_card')]}" for p in ev.PHENOMENA if p != "negative"))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(st["lang"].items())))
    lines.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(st["format"].items())) +
                 " (asr: " + ", ".join(f"{k} {v}" for k, v in sorted(st["shape"].items())) + ")")
    lines.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    lines.append(f"fragments {st['frags']}: " + ", ".join(f"{k} {v}" for k, v in sorted(st["kind"].items())) +
                 f"; last4_ok {st['last4']}; roles: " + ", ".join(f"{k} {v}" for k, v in sorted(st["role"].items())))
    lines.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(st["cases_with"].items())) +
                 f"; two or more kinds {st['multi_kind']}; two or more numbers {st['multi_num']}; second number {st['second']}; "
                 f"look-alike in a number's line {st['near']}")
    lines.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())))
    lines.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    lines.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(st["layouts"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
