#!/usr/bin/env python3
"""Cove: 400 whole call-centre conversations for `callvault redact`, written by an eighteenth independent author.

    Tools/gen_redact_cove.py            # writes Tests/VaultRedactTests/Fixtures/conversations-cove.jsonl
    Tools/gen_redact_cove.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_cove.py --out PATH

Provenance. The set ("set": "cove", ids cove-0001 ... cove-0400) was written from the statement of issue #15
("Redaction that holds on real conversations") and the scorer Tools/eval_redact_conversations.py only: its case
schema, labelling conventions, digit reader, structure checks and built-in redactors (imported here;
ev.builtin_case_problem runs on every case as it is drawn and a case is drawn again on any problem,
ev.require_set_checks runs on the whole set before anything is written). The redactor's sources (Sources/),
its tests and every *.swift file were not read, nothing was built and the redactor was not run. Of the other
generators only their module docstrings were read (for the shared label conventions, the constructions they
leave out and to stay out of their domains), plus the wiring at the bottom of Tools/gen_redact_shoal.py
(generate / summary / main and the generator_main call), which main() here follows. Of the fixtures, the head
of one line per format of conversations-shoal.jsonl (text, WebVTT, flat and Whisper-style asr-json) was looked
at to confirm the JSON shapes. No template, phrase bank, sentence, layout or domain of another generator or
fixture was copied: the dialogue, the domain lines, the number renderings, the look-alikes, the speaker labels
and the layouts are this author's own. The scorer's --self-check lists its splits by name and does not list
this one; this generator runs the same checks itself.

Left out, where the sets' conventions disagree or the scorer could not label a construction unambiguously:
  - identity numbers other than the 18-character PRC resident ID (first-generation 15-digit IDs, Hong Kong /
    passport numbers): the scorer reads only digits and a lone X / 叉, so a letter-led ID could not be labelled
    whole, and a 15-digit ID could not be told from the 15-digit look-alikes every set uses as negatives;
  - no complete WRONG version of a phone number (a misheard phone read-back covers only its first groups, a
    phone correction abandons a prefix or fixes a middle group), and no misheard phone last four, so no label
    depends on whether a wrong phone's last four may stay visible;
  - no single-digit spoken correction ("那个四说错了，是九"), no "ninety-nine"-style pair readings (the reader
    would count one digit), no "x-ray"-style spelling of a check character;
  - no organisation landline with an area code (only 400 / 800 / 95xxx hotlines, which are look-alikes);
  - no "double" / "triple" at the start of a fragment (nor at the start of any piece a segment cut makes) or
    in the last five digits of a phone number;
  - no speaker label holding digits in text or WebVTT payloads (Speaker 1, spk_0): a label digit beside a
    number would make the fragment's edge depend on the layout parser (ASR speaker fields and WebVTT cue-id
    lines may hold digits; they never share a line with a number).

Domains (twelve, none used by another set; 33 or 34 calls each): a domestic-helper / maternity-nanny agency
(nanny), a campsite & glamping site (campsite), a wine club (wine), an organic veg-box subscription (vegbox),
a board-game café / script-murder rooms (boardgame), a drone-pilot licence school (drone), a children's swimming
school (swim), a seafood wholesaler with cold-chain delivery (seafood), a recording studio (studio), a mattress
retailer's 100-night trial returns (mattress), sewing-machine sales & repair (sewing) and a matchmaking agency
(matchmaking). Each has company names in Chinese and English, its own speaker labels (家政顾问/雇主, Warden/Camper,
Cellar team/Member, 配送中心/用户, Host/Player, 招生老师/学员, Swim desk/Parent, Dispatch/Chef, 录音师/歌手,
Aftercare/Customer, 维修部/机主, 红娘/会员 ...), reasons for calling with the agent's answer, a reason for wanting
each kind of number, wrap-ups and references (contracts, bookings, orders, subscriptions, waybills, enrolments,
member numbers, repair jobs, model numbers), in Chinese, English and code-switched Chinese/English. 111 calls
are outbound (the agent rings the customer), the others inbound; some open with an IVR / 系统 recording notice.

Languages: Chinese 144, English 150, mixed code-switching 106 (also inside numbers: Chinese numerals then
Arabic groups or English words, English words then Arabic groups).
Formats: plain text 220, WebVTT 60, ASR JSON 120.
  Text: 23 layouts of this author's: `lab｜`, `lab ~ `, `ts ◆ lab：`, `〖lab〗`, `(ts) lab —— `, `<ts lab> `,
  `lab 于 ts 说：`, `lab at ts said: `, `ts<TAB>lab<TAB>`, `lab「…」`, `- [ts] lab: `, numbered lines `007 lab: `,
  `[lab] `, `lab》`, `lab ⇒ `, `LAB: `, `lab ： `; header-line layouts (`lab · ts`, `== lab ==`, `ts — lab` on
  their own line, blank lines between turns); 27 with no speaker labels (bare, `• `-led, `ts » `-led). Stamps
  hh:mm:ss, mm:ss, m:ss, hh:mm:ss.mmm, 62.4s, 1分02秒 and wall clock. A turn that goes on is labelled again,
  bare, indented, `… `- or `+ `-led. Labels: the domain pairs above and 客服/客户, 坐席/来电人, 接线员/用户, 甲/乙,
  服务台/来电, Agent/Customer, Rep/Caller, AGT/CUST, Staff/Client, Operator/Member, mixed pairs (Agent/客户,
  客服/Customer ...), sometimes with the agent's name (坐席-阿杰, Operator (Tom)); in about one call in twenty the
  diariser's labels are swapped (the agent carries the caller's label). About half the files end in a line
  break.
  WebVTT: `<v lab>`, `<v lab>…</v>`, `lab: `, `lab：`, `(lab) `, `- ` and bare payloads; numeric, `cue-N` or no
  cue ids; long and short timings, some with `line:90%`; optional title, Kind / Language lines and a NOTE; a
  turn that goes on is a new cue with its voice, a new cue without it, or a second payload line of the cue.
  ASR JSON: 49 flat `words` (32 with per-word speakers, 21 with confidences, 22 with start_ms / end_ms) and
  71 Whisper-style `segments` with `words` (leading-space words, Chinese one character a word with Arabic
  chunks and Latin words whole, 39 with segment speakers, 30 with word probabilities, 39 with a top-level text);
  20 of the 120 without punctuation.

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 30 (11/11/8, 17/5/8): answered; volunteered ("you'll find me under …"); read out by the agent from
    the system and confirmed; mid-sentence ("just get them to ring … when they're outside"); given after
    "hang on, let me find it" with no context word in its line;
  interruption 40 (15/15/10, 22/6/12): one or two back-channels on their own line (嗯 / 在听，继续 / With you /
    [crosstalk] sorry - go on / [杂音] 嗯，您说 …); the agent echoing the first piece ("6259... yep, and the
    rest?"); a question in the middle (is that your own / slow down / you cut out); the agent's read-back cut
    by the caller's 对 / yes;
  continuation 32 (12/12/8, 18/5/9): the same speaker goes on on the next line / cue / segment (two or three
    pieces); "I'll read it out:" then the number alone on the next line; the agent reading it off the system
    over two lines;
  correction 44 (17/16/11, 25/7/12): an abandoned wrong prefix on the same line or the line before, a restart
    of a right prefix (重新说一下 / let me start again / from the top), two abandoned attempts (哦不是 / 不对 /
    说错了 / 看串行了 / sorry, no wait / scratch that / ugh, wrong card …); for phones a wrong prefix then
    "中间是…，不是…，后面…"; for IDs and cards a complete wrong version, the agent's "that doesn't validate",
    then the corrected last four ("最后四位是…，不是…"), the corrected middle group or the whole number again;
  filler 32 (12/12/8, 18/5/9): two or three of 呃 / 嗯 / 那个 / 额 / 就是 / 我看看啊 / um / uh / er / erm / hmm /
    let me see / uh, hang on inside one number (between groups or splitting a group), after a hesitant
    lead-in, and in the agent's read-back;
  asr-chunks 36 (14/12/10, 8/6/22): ITN chunks spread over tokens, Chinese numerals or English words mixed
    with Arabic chunks, a digit a token, a number cut over two segments / cues / lines (one Whisper entity
    over two segments; two fragments in text and WebVTT);
  readback 44 (17/16/11, 25/7/12): the whole number, its last four (尾号… / ending …), its first group, all but
    the last four ("所以是……？") finished by the caller; a misheard ID / card (failing its check) answered
    "不对，是…，不是…" and read back right; a misheard ID / card last four; a phone's first groups misheard,
    corrected, then read back whole;
  check-char-apart 26 (11/9/6, 15/4/7): an ID's seventeen characters, then ……末尾是X / 最后是个叉 / "and it
    ends with a capital X" on the same line, on the next line, or after the agent asks (X, x, Ｘ or 叉; some
    with a digit check character said apart);
  glued-words 26 (0/16/10, 14/4/8): English number words glued by the recogniser (onethreeeight,
    fivethree eightfive, doubletwo inside words) in a whole number, in the agent's read-back, or in two
    pieces around a back-channel;
  multi-number 32 (12/11/9, 19/4/9): two numbers of different kinds on one line, two or three numbers asked
    for turn by turn, a mobile and a backup number;
  negative 58 (23/20/15, 39/7/12): look-alikes only (16 calls combine two of the kinds below; counts are
    occurrences): 15-19 digit references (tracking, batch, serial, waybill, transaction, project … numbers)
    said in English number words or Chinese numerals (22), in Arabic digits (7), or said and then read back
    by the agent (10), all failing Luhn and MOD 11-2
    and said after no ID or card context word; 11-digit membership numbers not shaped like a mobile (8);
    a number asked for but not given (15); chatter with dates, times, amounts and 400 / 800 / 95xxx
    hotlines (12).
55 calls of the other phenomena carry a second number of another kind (87 cases hold two or more numbers, 84
of two or more kinds), and 68 say a look-alike (order / booking reference, amount, date) in the same line as
a number; greetings, reasons and wrap-ups of every call carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code, valid birth
date, MOD 11-2 check character, X in most check-char cases), a bank card (UnionPay 16 / 19 digits, Visa,
Mastercard incl. 2-series; Luhn-valid) or a phone number (PRC mobiles 1[3-9]x, landlines with their area
code, Hong Kong, UK and US numbers, some after +86 / 0086 / 加86 / plus eight six / +852 / (852) / 00852 /
+44 / 0044 / +1) said by anybody is one fragment of its kind, with a "role": said, piece, echo, readback,
misheard, abandoned, wrong, corrected, check-char. Counts: 759 fragments, id_number 285, phone 274,
bank_card 200 (188 with last4_ok); roles said 330, piece 159, readback 78, corrected 61, wrong 34, abandoned
33, misheard 31, check-char 26, echo 7; per phenomenon phone/id/card: plain 15/9/10, interruption 40/42/30,
continuation 28/27/14, correction 38/46/40, filler 18/17/12, asr-chunks 14/11/19, readback 66/41/40,
check-char-apart 2/52/1, glued-words 20/17/13, multi-number 33/23/21; cases holding a phone 157, an ID 163,
a card 119; numbers: mobiles 75, mobiles after a country code 17, landlines 31, HK 8, UK 14, US 15; cards
UnionPay 61, Visa 33, Mastercard 25. A fragment runs from its first digit-bearing word to its last and holds
the separators and fillers inside it; in text and WebVTT it is a code-point span within one line, in asr-json
the list of its words. A country code is not part of a phone fragment; a landline's area code is. `last4_ok`
is set exactly on phone fragments that end at the number's final digit with the right digits (the whole
number, its last piece, a full, last-four or last-piece read-back); never on IDs, cards, abandoned prefixes,
middle pieces or misheard / wrong digits.

Checks at generation (a failure of the generator aborts and nothing is written; a failed draw is drawn
again): every number valid (every misheard or wrong ID / card version fails its check, every wrong mobile is
still 1[3-9]x); every fragment says, with double / triple expanded, exactly the digits of its place in its
version and reads, with the scorer's reader, exactly its collapsed digits (in asr-json over its words); spans
hold no line break or outer white space and have no digit-bearing character (digit, numeral, X / 叉, Latin
letter) beside them. Look-alike safety, on what the redactor reads (the text with speaker-label / stamp
prefixes breaking runs, the WebVTT payloads, the ASR words): runs of unlabelled digits joined across spaces,
punctuation, line breaks, fillers and and / then / dash / 然后 / 和 / 加 / 杠, read with and without double /
triple expanded, have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn, no 18-character window
passing MOD 11-2, are no 10-12 digit run starting with 0, no 10-digit NANP-shaped run (400 / 800 aside), no
8-digit run starting 5 / 6 / 8 / 9, no 15 / 18-digit run starting with a province code, no 16 / 19-digit run
with a card prefix, hold no 6-digit piece of any version of a labelled number and never run into a fragment
(country codes aside). The scorer's structure check and built-in redactors pass on each case and on the set:
the oracle and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky
ones recall at most the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, domain, kind, second
number); each case draws from its own random.Random seeded from the seed passed to generate(), its index and
a redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
import eval_redact_conversations as ev  # noqa: E402

SET = "cove"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-cove.jsonl")
MASTER_SEED = 180_417
N_CASES = 400


class Bug(Exception):
    """The generator contradicts itself (a label that does not read back, an invalid number)."""


class Redraw(Exception):
    """This draw of a case is unusable (a look-alike validates, a number touches a digit): draw again."""


# ============================================================================================
# Numbers
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
REGIONS = ["110102", "110106", "120103", "130104", "130603", "140107", "150102", "210103", "210204", "220104",
           "230102", "310101", "310112", "320102", "320211", "320505", "330102", "330204", "340102", "350102",
           "350206", "360103", "370102", "370203", "410102", "410302", "420102", "420111", "430102", "430602",
           "440103", "440304", "440604", "450102", "460106", "500106", "510105", "510703", "520103", "530103",
           "540102", "610104", "620104", "630104", "640106", "650104"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "91"}
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185",
                   "186", "187", "188", "189", "191", "195", "198", "199"]
AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0311", "0371", "0431", "0451", "0471", "0512", "0531", "0571", "0574", "0591", "0731", "0755", "0757",
         "0769", "0871", "0898", "0931"]
UNIONPAY_BINS = ["622202", "622848", "621700", "622588", "623058", "622908", "621483", "622262", "621226",
                 "622609", "621661", "622155", "625906", "622521"]
VISA_BINS = ["431940", "438088", "455952", "402674", "476134", "415045"]
MC_BINS = ["512425", "524070", "535918", "547766", "552018", "222311", "230124", "271004"]


def id_check(d17):
    return ID_CHECK[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and (s[17].isdigit() or s[17] == "X") and id_check(s[:17]) == s[17]


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


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise Bug("luhn")


class Num:
    """A personal number: kind, sub-kind, its digits (X for an ID's check character), its natural
    groups (lengths), the country code said before it (not part of the number)."""

    def __init__(self, kind, sub, digits, groups, cc=None):
        self.kind, self.sub, self.digits, self.groups, self.cc = kind, sub, digits, groups, cc
        assert sum(groups) == len(digits)


def make_id(rng, want_x=None):
    for _ in range(2000):
        region = rng.choice(REGIONS)
        y = rng.randint(1958, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28 if m == 2 else 30)
        body = f"{region}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
        full = body + id_check(body)
        if want_x is None or (full[-1] == "X") == want_x:
            return Num("id_number", "id", full, rng.choice([[6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [18]]))
    raise Bug("id")


def make_card(rng):
    r = rng.random()
    if r < 0.55:
        n = 19 if rng.random() < 0.45 else 16
        body = rng.choice(UNIONPAY_BINS) + "".join(rng.choice("0123456789") for _ in range(n - 7))
        sub = f"unionpay{n}"
    elif r < 0.8:
        body = rng.choice(VISA_BINS) + "".join(rng.choice("0123456789") for _ in range(9))
        sub, n = "visa", 16
    else:
        body = rng.choice(MC_BINS) + "".join(rng.choice("0123456789") for _ in range(9))
        sub, n = "mastercard", 16
    full = luhn_complete(body)
    groups = [4, 4, 4, 4] if n == 16 else rng.choice([[4, 4, 4, 4, 3], [6, 13], [4, 4, 4, 7], [6, 6, 7]])
    if n == 16 and rng.random() < 0.15:
        groups = [6, 6, 4]
    return Num("bank_card", sub, full, groups)


def rand_digits(rng, n, first="0123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def make_phone(rng, lang, allow_foreign=True):
    r = rng.random()
    if r < 0.62 or not allow_foreign:
        d = rng.choice(MOBILE_PREFIXES) + rand_digits(rng, 8)
        cc = None
        if rng.random() < 0.2:
            cc = rng.choice(["+86", "0086", "+86"] if lang != "zh" else ["+86", "0086", "加86"])
            if lang == "en" and rng.random() < 0.4:
                cc = "plus eight six"
        return Num("phone", "mobile" + ("+cc" if cc else ""), d, rng.choice([[3, 4, 4], [3, 4, 4], [3, 3, 5], [11], [3, 8]]), cc)
    if r < 0.76:
        a = rng.choice(AREA3 + AREA4)
        rest = rand_digits(rng, 8 if len(a) == 3 or rng.random() < 0.6 else 7, "2345678")
        g = [len(a), len(rest)] if len(rest) == 7 else [len(a), 4, 4]
        return Num("phone", "landline", a + rest, g)
    if r < 0.84:
        d = rand_digits(rng, 8, "569")
        return Num("phone", "hk", d, [4, 4], rng.choice(["+852", "852", "(852)", "00852"]))
    if r < 0.92:
        d = "07" + rand_digits(rng, 9, "3456789")
        if rng.random() < 0.5:
            return Num("phone", "uk", d[1:], [4, 6], rng.choice(["+44", "0044"]))
        return Num("phone", "uk", d, [5, 6])
    d = rand_digits(rng, 1, "23456789") + rand_digits(rng, 2) + rand_digits(rng, 1, "23456789") + rand_digits(rng, 6)
    return Num("phone", "us", d, [3, 3, 4], rng.choice(["+1", "+1", None]))


def make_num(rng, kind, lang, **kw):
    if kind == "phone":
        return make_phone(rng, lang, kw.get("foreign", True))
    if kind == "id_number":
        return make_id(rng, kw.get("want_x"))
    return make_card(rng)


def num_valid(n, digits=None):
    d = digits or n.digits
    if n.kind == "id_number":
        return id_valid(d)
    if n.kind == "bank_card":
        return luhn_ok(d) and len(d) in (16, 19)
    if n.sub.startswith("mobile"):
        return bool(re.fullmatch(r"1[3-9]\d{9}", d))
    return d.isdigit()


def misheard(rng, n, lo=0, hi=None):
    """A version of n's digits with one digit changed (or two neighbours swapped) in [lo, hi); an ID /
    card version fails its check; a mobile stays 1[3-9]x."""
    hi = len(n.digits) if hi is None else hi
    for _ in range(500):
        d = list(n.digits)
        i = rng.randrange(max(lo, 3 if n.kind == "phone" else 0), hi)
        if d[i] == "X":
            continue
        if rng.random() < 0.5 and i + 1 < hi and d[i + 1] != d[i] and d[i + 1] != "X":
            d[i], d[i + 1] = d[i + 1], d[i]
        else:
            d[i] = rng.choice([c for c in "0123456789" if c != d[i]])
        s = "".join(d)
        if s == n.digits:
            continue
        if n.kind in ("id_number", "bank_card") and num_valid(n, s):
            continue
        if n.sub.startswith("mobile") and not re.fullmatch(r"1[3-9]\d{9}", s):
            continue
        return s
    raise Bug("misheard")


# ============================================================================================
# Saying digits
# ============================================================================================

ZH_DIG = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN_DIG = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}
FW = {c: chr(0xFF10 + int(c)) for c in "0123456789"}
FILLERS = {"zh": ["呃", "嗯", "那个", "额", "就是", "我看看啊", "嗯……"], "en": ["um", "uh", "er", "erm", "hmm", "let me see", "uh, hang on"],
           "mixed": ["呃", "嗯", "那个", "um", "uh", "er"]}


class Frag:
    """One fragment: atoms are (text, cls) with cls 'd' (digit-bearing), 'f' (filler inside the number),
    's' (separator), 'brk' (a segment / cue / line cut inside the number)."""

    def __init__(self, kind, last4_ok, role, atoms, said, read, num):
        self.kind, self.last4_ok, self.role, self.atoms, self.said, self.read, self.num = \
            kind, last4_ok, role, atoms, said, read, num

    def text(self):
        return "".join(a for a, c in self.atoms if c != "brk")


class CC:
    def __init__(self, text):
        self.text = text


def zh_digit(rng, c, kind, one_yao):
    if c == "X":
        return rng.choice(["X", "X", "叉", "x"])
    if c == "1":
        return "幺" if one_yao else "一"
    if c == "0":
        return "零" if rng.random() < 0.8 else "〇"
    if c == "2" and rng.random() < 0.08:
        return "两"
    return ZH_DIG[c]


def en_words(rng, grp, start_idx, nomult, glued=False):
    """English words for a group: list of (word, said digits, read digits). double / triple only where
    no index of the run is in nomult."""
    out = []
    i = 0
    while i < len(grp):
        c = grp[i]
        if c == "X":
            out.append(("X", "X", "X")); i += 1; continue
        j = i
        while j < len(grp) and grp[j] == c:
            j += 1
        run = j - i
        idxs = set(range(start_idx + i, start_idx + j))
        w = EN_DIG[c] if c != "0" else rng.choice(["oh", "oh", "zero"])
        if run >= 2 and not (idxs & nomult) and rng.random() < 0.55:
            if run >= 3 and rng.random() < 0.6:
                out.append(("triple", "", "")); out.append((w, c * 3, c)); i += 3; continue
            out.append(("double", "", "")); out.append((w, c * 2, c)); i += 2; continue
        out.append((w, c, c)); i += 1
    return out


def say_digits(rng, digits, offsets, groups, style, lang, kind, nomult, fillers=0, filler_lang=None, brk_at=None,
               one_yao=None, seps=None):
    """Atoms for digits (a slice starting at index offsets of the number), grouped by groups.
    style: ar, fw, zh, en, glued, or a mix like 'zh+ar'. Returns (atoms, said, read)."""
    if one_yao is None:
        one_yao = (kind == "phone" and rng.random() < 0.85) or rng.random() < 0.35
    mix = style.split("+")
    atoms = []
    said = ""
    read = ""
    pos = 0
    gstyles = []
    for gi, g in enumerate(groups):
        if len(mix) == 1:
            gstyles.append(mix[0])
        else:
            gstyles.append(mix[0] if gi < max(1, len(groups) // 2) else mix[1])
    if seps is None:
        if lang == "zh":
            seps = rng.choice([["，"], [" "], ["、"], ["", " "], ["，", " "], [""]])
        elif lang == "en":
            seps = rng.choice([[" "], [", "], [" - "], ["... "], [", ", " "]])
        else:
            seps = rng.choice([[" "], ["，"], [", "], [" ", "，"]])
    fill_slots = set()
    if fillers:
        cands = list(range(1, len(groups)))
        rng.shuffle(cands)
        fill_slots = set(cands[:fillers])
    for gi, g in enumerate(groups):
        grp = digits[pos:pos + g]
        st = gstyles[gi]
        if gi:
            if brk_at == gi:
                atoms.append(("", "brk"))
            elif gi in fill_slots:
                fl = rng.choice(FILLERS[filler_lang or lang])
                if lang == "zh" or (lang == "mixed" and fl[0] > "\u2e80"):
                    atoms += [(rng.choice(["，", "……", " "]), "s"), (fl, "f"), (rng.choice(["，", "……", " "]), "s")]
                else:
                    atoms += [(rng.choice([", ", "... ", " "]), "s"), (fl, "f"), (rng.choice([", ", "... ", " "]), "s")]
            else:
                sep = rng.choice(seps)
                if st in ("en", "glued") or gstyles[gi - 1] in ("en", "glued"):
                    if sep in ("", "，", "、"):
                        sep = " " if st != gstyles[gi - 1] or sep == "" else sep
                    if sep == "" or (gstyles[gi - 1] in ("en", "glued") and st in ("en", "glued") and sep == ""):
                        sep = " "
                if st == "zh" and gstyles[gi - 1] == "zh" and sep == "":
                    sep = ""
                atoms.append((sep, "s"))
        if st == "ar":
            atoms.append((grp.replace("X", rng.choice("Xx")) if "X" in grp else grp, "d"))
            said += grp; read += grp
        elif st == "fw":
            atoms.append(("".join(FW.get(c, "Ｘ") for c in grp), "d"))
            said += grp; read += grp
        elif st == "zh":
            atoms.append(("".join(zh_digit(rng, c, kind, one_yao) for c in grp), "d"))
            said += grp; read += grp
        elif st == "en":
            ws = en_words(rng, grp, offsets + pos, nomult | ({offsets} if pos == 0 else set()))
            for wi, (w, s_, r_) in enumerate(ws):
                if wi:
                    atoms.append((" ", "s"))
                atoms.append((w, "d"))
                said += s_; read += r_
        elif st == "glued":
            ws = en_words(rng, grp, offsets + pos, nomult | ({offsets} if pos == 0 else set()))
            # glue the words, X stays apart; cut into one or two glued words
            parts = [[]]
            for w, s_, r_ in ws:
                if w == "X":
                    parts.append([("X", "X", "X")]); parts.append([]); continue
                parts[-1].append((w, s_, r_))
            parts = [p for p in parts if p]
            out = []
            for p in parts:
                if len(p) >= 4 and rng.random() < 0.5:
                    k = rng.randint(2, len(p) - 2)
                    if p[k][0] in ("double", "triple"):
                        k += 0
                    while k < len(p) and k > 0 and p[k - 1][0] in ("double", "triple"):
                        k += 1
                    if 0 < k < len(p):
                        out += [p[:k], p[k:]]
                        continue
                out.append(p)
            for wi, p in enumerate(out):
                if wi:
                    atoms.append((" ", "s"))
                atoms.append(("".join(w for w, _, _ in p), "d"))
                said += "".join(s_ for _, s_, _ in p); read += "".join(r_ for _, _, r_ in p)
        else:
            raise Bug(f"style {st}")
        pos += g
    if pos != len(digits):
        raise Bug("groups do not cover the digits")
    while atoms and atoms[0][1] == "s":
        atoms.pop(0)
    return atoms, said, read


def slice_groups(groups, a, b):
    """The number's natural groups cut to the digit slice [a, b)."""
    res = []
    pos = 0
    for g in groups:
        s, e = max(pos, a), min(pos + g, b)
        if s < e:
            res.append(e - s)
        pos += g
    return res


def regroup(rng, n):
    """A random chunking of n digits (ASR-style: 1-5 digits a chunk)."""
    res = []
    while n:
        k = min(n, rng.choice([1, 2, 3, 3, 4, 4, 5]))
        res.append(k)
        n -= k
    return res


def pick_style(rng, lang, glued=False):
    if glued:
        return rng.choice(["glued", "glued", "en+glued", "glued+en", "ar+glued"] if lang == "en" else
                          ["glued", "zh+glued", "glued", "ar+glued"])
    if lang == "zh":
        return rng.choice(["ar", "ar", "zh", "zh", "zh", "ar+zh", "zh+ar", "fw"])
    if lang == "en":
        return rng.choice(["ar", "ar", "en", "en", "en", "ar+en", "en+ar"])
    return rng.choice(["ar", "zh", "en", "zh+en", "zh+ar", "ar+en", "en+zh", "ar+zh"])


# ============================================================================================
# Look-alike checks (on what the redactor reads)
# ============================================================================================

SEP_RE = re.compile(r"^(?:[\s,，、.。:：;；\-–—/()（）·…+|<>»«\[\]【】~?？!！'\"“”]|呃|嗯|额|那个|就是|um|uh|er|erm|hmm|"
                    r"and|then|dash|杠|然后|和|加|还有)*$", re.I)


def my_units(s):
    """(start, end, expanded digits, collapsed digits, pending multiplier) of every digit-bearing
    stretch of s, as the scorer reads it plus double / triple expanded."""
    res = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            res.append([i, i + 1, c, c, 1]); i += 1; continue
        if "０" <= c <= "９":
            d = str(ord(c) - 0xFF10)
            res.append([i, i + 1, d, d, 1]); i += 1; continue
        if c in ev.CN_VAL:
            res.append([i, i + 1, ev.CN_VAL[c], ev.CN_VAL[c], 1]); i += 1; continue
        if c in "Ｘ叉":
            res.append([i, i + 1, "X", "X", 1]); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                res.append([i, j, "X", "X", 1])
            else:
                parts = ev._decompose(w)
                if parts:
                    exp, col, mult = "", "", 1
                    for p in parts:
                        if p == "double":
                            mult = 2
                        elif p == "triple":
                            mult = 3
                        else:
                            exp += ev.EN_VAL[p] * mult; col += ev.EN_VAL[p]; mult = 1
                    res.append([i, j, exp, col, mult])
            i = j
            continue
        i += 1
    return res


def runs_of(s):
    units = my_units(s)
    runs = []
    for u in units:
        if runs and SEP_RE.match(s[runs[-1][-1][1]:u[0]]):
            runs[-1].append(u)
        else:
            runs.append([u])
    return runs


def run_digits(run):
    exp, col, mult = "", "", 1
    for u in run:
        e = u[2]
        if mult > 1 and e:
            e = e[0] * mult + e[1:]
        exp += e; col += u[3]
        mult = u[4]
    return exp, col


def bad_digits(d, pieces):
    """Why a run of unlabelled digits could be taken for a personal number, or None."""
    for part in d.split("X"):
        for i in range(len(part) - 10):
            if re.fullmatch(r"1[3-9]\d{9}", part[i:i + 11]):
                return "mobile-shaped window"
        for L in range(13, 20):
            for i in range(len(part) - L + 1):
                if luhn_ok(part[i:i + L]):
                    return "Luhn window"
    for i in range(len(d) - 17):
        w = d[i:i + 18]
        if "X" not in w[:17] and id_valid(w):
            return "MOD 11-2 window"
    if "X" not in d:
        if 10 <= len(d) <= 12 and d[0] == "0":
            return "landline-shaped run"
        if len(d) == 10 and re.fullmatch(r"[2-9]\d\d[2-9]\d{6}", d) and d[:3] not in ("400", "800"):
            return "NANP-shaped run"
        if len(d) == 8 and d[0] in "5689":
            return "8-digit local-phone-shaped run"
        if len(d) in (15, 18) and d[:2] in PROVINCES:
            return "ID-shaped run"
        if len(d) in (16, 19) and (d[0] == "4" or d[:2] in ("51", "52", "53", "54", "55", "62") or "22" <= d[:2] <= "27"):
            return "card-prefixed run"
    for p in pieces:
        for i in range(len(p) - 5):
            if p[i:i + 6] in d:
                return "holds a 6-digit piece of a labelled number"
    return None


def check_stream(s, labels, exempt, pieces):
    """labels / exempt: (start, end) ranges of s. Raises Redraw on a look-alike problem."""
    for run in runs_of(s):
        lab = [any(ev.overlaps(u[0], u[1], a, b) for a, b in labels) for u in run]
        ex = [any(ev.overlaps(u[0], u[1], a, b) for a, b in exempt) for u in run]
        if any(lab):
            if any(not l and not x for l, x in zip(lab, ex)):
                ctx = s[max(0, run[0][0] - 20):run[-1][1] + 20]
                raise Redraw(f"unlabelled digits run into a fragment: {ctx!r}")
            continue
        if any(ex):
            continue
        for d in run_digits(run):
            why = bad_digits(d, pieces)
            if why:
                raise Redraw(f"look-alike {why}: {s[max(0, run[0][0] - 10):run[-1][1] + 10]!r}")


def frag_neighbours_ok(text, s, e):
    def bearing(ch):
        return ch.isdigit() or ch in ev.CN_VAL or ch in "Ｘ叉" or (ch.isascii() and ch.isalpha())
    if s > 0 and bearing(text[s - 1]):
        return False
    if e < len(text) and bearing(text[e]):
        return False
    return True


# ============================================================================================
# Domains (twelve, none used by another set) and look-alikes
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def ordinal(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def lk_date(rng, lang):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.6):
        return rng.choice([f"{m}月{d}号", f"{m}月{d}日", f"{d}号", f"下周{rng.choice('一二三四五六')}"])
    return rng.choice([f"{MONTHS[m - 1]} {ordinal(d)}", f"the {ordinal(d)}", f"{ordinal(d)} of {MONTHS[m - 1]}"])


def lk_time(rng, lang):
    h, mm = rng.randint(1, 11), rng.choice([0, 15, 30, 45, 20, 10])
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.5):
        return rng.choice([f"下午{h}点", f"{h}点半", f"上午{h}点{mm}分" if mm else f"上午{h}点", f"{h + 8}:{mm:02d}"])
    return rng.choice([f"{h}:{mm:02d}", f"{h} pm", f"half past {h}", f"{h}:{mm:02d} am"])


def lk_amt(rng, lang):
    n = rng.choice([rng.randint(20, 999), rng.randint(1000, 9999), rng.randint(100, 4000) * 10])
    if lang == "zh":
        return rng.choice([f"{n}元", f"{n}块", f"¥{n:,}", f"{n}块钱"])
    if lang == "en":
        return rng.choice([f"£{n}.{rng.randint(0, 99):02d}", f"${n:,}", f"{n} pounds", f"€{n}"])
    return rng.choice([f"{n} 块", f"{n} RMB", f"¥{n}", f"{n} 元"])


def lk_hotline(rng):
    return rng.choice([f"400-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}", f"400 {rng.randint(600, 999)} {rng.randint(1000, 9999)}",
                       f"800-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}", f"95{rng.randint(100, 999)}"])


def ref_code(rng, prefix, ndig, sep="-"):
    return f"{prefix}{sep}{rand_digits(rng, ndig, '123456789')}"


DOMAINS = {}


def domain(key, **kw):
    DOMAINS[key] = kw


domain("nanny",
       co={"zh": ["安心家政", "暖巢月嫂中心"], "en": ["HomeNest Helpers", "Little Harbour Nannies"]},
       labs={"zh": [("家政顾问", "雇主"), ("顾问", "宝妈")], "en": [("Coordinator", "Parent"), ("Placement desk", "Client")],
             "mixed": [("顾问", "Client"), ("Coordinator", "雇主")]},
       thing={"zh": "月嫂合同", "en": "nanny placement", "mixed": "月嫂 contract"},
       ref=lambda rng: ref_code(rng, "HT", 6),
       reasons={"zh": [("我想约个月嫂，预产期{date}，预算{amt}左右。", "好的，{date}前后能上户的阿姨我们有几位。"),
                       ("合同{ref}的阿姨下个月要换人，怎么办手续？", "换人的话我们这边先给您安排面试。")],
                "en": [("We need a live-out nanny from {date}, three days a week.", "Lovely, I can line up a couple of interviews."),
                       ("I'm calling about placement {ref}, the trial week ends {date}.", "Right, let me pull that up.")],
                "mixed": [("我想找个育儿嫂，part-time，{date}开始。", "OK，我先帮您 match 几位阿姨。"),
                          ("合同 {ref} 的 deposit {amt} 什么时候退？", "Deposit 一般七个工作日内退回。")]},
       why={"phone": {"zh": "阿姨面试的时间要电话跟您确认", "en": "the nanny will ring to arrange the trial day", "mixed": "面试 schedule 要打电话 confirm"},
            "id_number": {"zh": "签家政服务合同要登记雇主身份证", "en": "the employment contract has to carry your ID", "mixed": "签 contract 要登记雇主身份证"},
            "bank_card": {"zh": "每月服务费从卡上代扣", "en": "the monthly fee is taken by direct debit", "mixed": "monthly fee 是自动扣款的"}},
       wraps={"zh": ["阿姨{date}{time}上门面试，服务费{amt}一个月。", "合同编号{ref}，您收到短信核对一下。"],
              "en": ["The interview's on {date} at {time}; the fee is {amt} a month.", "Your placement reference is {ref}."],
              "mixed": ["面试定在 {date} {time}，fee 是 {amt}。"]})

domain("campsite",
       co={"zh": ["松涛露营地", "野趣营地"], "en": ["Fernside Campsite", "Ridgeback Glamping"]},
       labs={"zh": [("营地前台", "营友"), ("预订", "客人")], "en": [("Warden", "Camper"), ("Bookings", "Guest")],
             "mixed": [("营地前台", "Guest"), ("Bookings", "客人")]},
       thing={"zh": "营位预订", "en": "pitch booking", "mixed": "营位 booking"},
       ref=lambda rng: ref_code(rng, "YW", 5),
       reasons={"zh": [("想订{date}的营位，两个帐篷，{n}个人。", "{date}的湖边营位还有空。"),
                       ("预订{ref}那天下雨，能改期吗？", "可以改一次，不收手续费。")],
                "en": [("Have you got a hook-up pitch for {n} nights from {date}?", "We've got pitch C-{n} free, yes."),
                       ("I want to cancel booking {ref}, we can't make it.", "No problem, let me find it.")],
                "mixed": [("我想 book 一个 bell tent，{date} 入住。", "Bell tent {date} 还有两顶。"),
                          ("订单 {ref} 的 firewood 能加吗？", "可以，一捆{amt}。")]},
       why={"phone": {"zh": "下雨改期的话我们会打电话通知", "en": "the warden rings on the morning if the field floods", "mixed": "天气不好要 call 您"},
            "id_number": {"zh": "营地住宿要登记入住人身份证", "en": "overnight stays need the lead camper's ID registered", "mixed": "check-in 要登记身份证"},
            "bank_card": {"zh": "押金要从卡上预授权", "en": "we hold a damage deposit on a card", "mixed": "deposit 要预授权一张卡"}},
       wraps={"zh": ["入营时间{time}以后，押金{amt}退房时退。", "预订号{ref}，营位在湖边第{n}排。"],
              "en": ["Check-in's from {time}; the deposit's {amt}.", "You're booked, reference {ref}."],
              "mixed": ["Check-in {time} 以后，押金 {amt}。"]})

domain("wine",
       co={"zh": ["橡木桶葡萄酒会", "藏窖酒业"], "en": ["Cellar Door Wine Club", "Old Vine Merchants"]},
       labs={"zh": [("会员顾问", "会员"), ("酒窖客服", "顾客")], "en": [("Cellar team", "Member"), ("Sommelier desk", "Customer")],
             "mixed": [("Cellar team", "会员"), ("酒窖客服", "Member")]},
       thing={"zh": "季度配酒", "en": "quarterly case", "mixed": "季度 case"},
       ref=lambda rng: ref_code(rng, "WC", 6),
       reasons={"zh": [("我这季度的{n}瓶配酒还没到，订单{ref}。", "我查一下物流。"),
                       ("想把{date}的配送改成全红，不要白葡萄。", "可以，全红每箱{amt}。")],
                "en": [("My mixed case, order {ref}, arrived with {n} bottles broken.", "Sorry about that - we'll replace them."),
                       ("Can I skip the {date} shipment? We're away.", "Of course, I'll pause it.")],
                "mixed": [("我想 upgrade 到 reserve 会员，年费 {amt}？", "对，reserve 是 {amt} 一年。"),
                          ("订单 {ref} 里有一瓶 corked 了。", "不好意思，我们补发一瓶。")]},
       why={"phone": {"zh": "配送员送酒前要电话确认有人签收", "en": "the courier needs an adult to sign and will ring first", "mixed": "courier 送之前会打电话"},
            "id_number": {"zh": "买酒要核实年满十八周岁", "en": "we have to verify age for alcohol", "mixed": "买酒要 age check"},
            "bank_card": {"zh": "会员费每季度从卡上扣", "en": "the membership renews on a card each quarter", "mixed": "quarterly 从卡上扣"}},
       wraps={"zh": ["下一箱{date}发出，运费{amt}。", "订单号{ref}，有问题再打{hotline}。"],
              "en": ["Next case ships {date}; that's {amt} with delivery.", "Any trouble, ring {hotline}."],
              "mixed": ["Next case {date} 发货，{amt}。"]})

domain("vegbox",
       co={"zh": ["田园有机菜箱", "小农鲜蔬"], "en": ["Greenfold Veg Box", "Muddy Boots Organics"]},
       labs={"zh": [("客服", "订户"), ("配送中心", "用户")], "en": [("Rep", "Subscriber"), ("Deliveries", "Customer")],
             "mixed": [("客服", "Subscriber"), ("Rep", "订户")]},
       thing={"zh": "菜箱订阅", "en": "veg box subscription", "mixed": "菜箱 subscription"},
       ref=lambda rng: ref_code(rng, "CX", 6, ""),
       reasons={"zh": [("这周的菜箱少了一袋土豆，订阅号{ref}。", "不好意思，下周给您补上。"),
                       ("想从小箱换成家庭箱，{amt}那档的。", "可以，{date}起生效。")],
                "en": [("My box didn't turn up {date}, subscription {ref}.", "Sorry, let me check the van route."),
                       ("Can I swap the medium box for the large one at {amt}?", "Sure, from {date}.")],
                "mixed": [("这周 box 里没有 eggs，订阅号 {ref}。", "Sorry，我们下周 refund。"),
                          ("我想 pause 两周，{date} 再恢复。", "OK，已经帮您 pause。")]},
       why={"phone": {"zh": "司机送到门口会打电话", "en": "the driver texts when the van is ten minutes out", "mixed": "driver 到了会 call 您"},
            "id_number": {"zh": "开发票要登记身份证", "en": "the farm-share agreement has to name you by ID", "mixed": "开 invoice 要身份证"},
            "bank_card": {"zh": "每周自动扣费要绑一张卡", "en": "the weekly charge goes on a card", "mixed": "weekly 扣费要绑卡"}},
       wraps={"zh": ["每周{date}配送，{time}前送到。", "本周菜箱{amt}，已经扣过了。"],
              "en": ["Deliveries are before {time}.", "This week's box is {amt}."],
              "mixed": ["每周 delivery {time} 之前。"]})

domain("boardgame",
       co={"zh": ["骰子桌游馆", "方寸棋牌室"], "en": ["Meeple Den", "Tabletop Tavern"]},
       labs={"zh": [("前台", "玩家"), ("店员", "客人")], "en": [("Host", "Player"), ("Front desk", "Guest")],
             "mixed": [("前台", "Player"), ("Host", "客人")]},
       thing={"zh": "包间预订", "en": "table booking", "mixed": "包间 booking"},
       ref=lambda rng: ref_code(rng, "BG", 4),
       reasons={"zh": [("订{date}晚上的包间，{n}个人玩剧本杀。", "{date}晚上{time}有空房。"),
                       ("上次在{n}号包间落了一副眼镜。", "我们捡到一副，您来拿就行。")],
                "en": [("Can I book a big table for {n} on {date}?", "We've got the back room at {time}."),
                       ("I'd like a refund on booking {ref}, the session was cancelled.", "Let me see.")],
                "mixed": [("我想 book 一个 room，{n} 个人，{date}。", "OK，{time} 那场可以。"),
                          ("Membership 卡里还剩 {amt} 吗？", "还剩一点，我帮您查。")]},
       why={"phone": {"zh": "到点没来的话我们会打电话", "en": "we ring if you're running late, the table goes after fifteen minutes", "mixed": "迟到的话我们会 call"},
            "id_number": {"zh": "夜场要登记身份证", "en": "late sessions need ID on the booking", "mixed": "夜场要登记 ID"},
            "bank_card": {"zh": "包场要先付定金", "en": "a whole-room booking takes a card deposit", "mixed": "包场要 deposit"}},
       wraps={"zh": ["包间{date}{time}，最低消费{amt}。", "预订号{ref}。"],
              "en": ["See you {date} at {time}, minimum spend {amt}.", "Booking reference {ref}."],
              "mixed": ["{date} {time} 见，minimum {amt}。"]})

domain("drone",
       co={"zh": ["翔鹰无人机培训", "云驾航空学校"], "en": ["SkyTrack Drone Academy", "Rotor School"]},
       labs={"zh": [("招生老师", "学员"), ("教务", "考生")], "en": [("Admissions", "Student"), ("Course office", "Trainee")],
             "mixed": [("教务", "Student"), ("Admissions", "学员")]},
       thing={"zh": "执照培训报名", "en": "licence course", "mixed": "执照 course"},
       ref=lambda rng: ref_code(rng, "UAV", 5),
       reasons={"zh": [("想报{date}开班的视距内驾驶员培训，学费多少？", "学费{amt}，包考试。"),
                       ("报名号{ref}，理论考试能推迟吗？", "可以推到下一期。")],
                "en": [("I'd like to enrol on the course starting {date}.", "There are {n} places left; it's {amt}."),
                       ("My practical exam under {ref} clashes with work.", "We can move it.")],
                "mixed": [("我想报名 drone 执照班，{date} 开课的。", "OK，fee 是 {amt}。"),
                          ("报名号 {ref} 的 flight hours 够了吗？", "还差{n}小时。")]},
       why={"phone": {"zh": "考试安排会电话通知", "en": "the instructor rings to confirm field days", "mixed": "exam 安排会电话通知"},
            "id_number": {"zh": "考执照要用身份证报名", "en": "the aviation authority registers candidates by ID", "mixed": "考执照要身份证 register"},
            "bank_card": {"zh": "学费分期要绑卡", "en": "the instalments come off a card", "mixed": "学费 instalment 要绑卡"}},
       wraps={"zh": ["{date}{time}到训练场报到，学费{amt}。", "报名号{ref}请保存好。"],
              "en": ["Report to the airfield on {date} at {time}.", "Your enrolment is {ref}."],
              "mixed": ["{date} {time} 到 airfield 报到。"]})

domain("swim",
       co={"zh": ["蓝鲸游泳培训", "浪花少儿游泳"], "en": ["Splash Swim School", "Blue Lane Swimming"]},
       labs={"zh": [("课程顾问", "家长"), ("前台", "学员家长")], "en": [("Swim desk", "Parent"), ("Coach office", "Caller")],
             "mixed": [("课程顾问", "Parent"), ("Swim desk", "家长")]},
       thing={"zh": "游泳课", "en": "swimming lessons", "mixed": "游泳 class"},
       ref=lambda rng: ref_code(rng, "SW", 5),
       reasons={"zh": [("孩子{n}岁，想报暑期游泳班，{date}开始的。", "暑期班{amt}一期，十节课。"),
                       ("学员卡{ref}还剩几节课？", "我帮您查一下。")],
                "en": [("My daughter's {n}, can she join the beginners on {date}?", "Yes, lane two, {time} on Saturdays."),
                       ("We missed two lessons under {ref}, can they be made up?", "Let me check the make-up slots.")],
                "mixed": [("我想给孩子报 beginner class，{date} 开始。", "OK，{amt} 十节课。"),
                          ("学员卡 {ref} 能 transfer 给弟弟吗？", "可以转一次。")]},
       why={"phone": {"zh": "停课或者换教练我们会打电话", "en": "if the pool closes we ring parents first", "mixed": "停课的话会打电话"},
            "id_number": {"zh": "买意外险要登记学员身份证", "en": "the lesson insurance is registered against an ID", "mixed": "买 insurance 要身份证"},
            "bank_card": {"zh": "课时费每期从卡上扣", "en": "each term is charged to a card", "mixed": "每期 fee 从卡上扣"}},
       wraps={"zh": ["第一节课{date}{time}，带泳帽。", "学员卡号{ref}，课时费{amt}。"],
              "en": ["First lesson {date} at {time}, bring goggles.", "Reference {ref}, {amt} for the term."],
              "mixed": ["First lesson {date} {time}，记得带泳帽。"]})

domain("seafood",
       co={"zh": ["渔港海鲜批发", "东湾冷链水产"], "en": ["Harbourline Seafood Wholesale", "ColdTide Fish Supply"]},
       labs={"zh": [("销售", "采购"), ("冷链客服", "老板")], "en": [("Sales", "Buyer"), ("Dispatch", "Chef")],
             "mixed": [("销售", "Buyer"), ("Sales", "老板")]},
       thing={"zh": "冷链订单", "en": "cold-chain order", "mixed": "冷链 order"},
       ref=lambda rng: ref_code(rng, "SF", 9, ""),
       reasons={"zh": [("订{n}箱冻虾，{date}要到店里。", "冻虾现在{amt}一箱。"),
                       ("运单{ref}的帝王蟹到了是死的。", "不好意思，拍照给我们走理赔。")],
                "en": [("I need {n} kilos of scallops for the {date}.", "We can do that at {amt} a kilo."),
                       ("Waybill {ref} arrived warm, the ice had gone.", "That shouldn't happen, I'll log it.")],
                "mixed": [("我要订{n}箱 salmon，{date} 到。", "OK，{amt} 一箱，cold chain 配送。"),
                          ("运单 {ref} 的 oysters 少了一箱。", "我查一下 packing list。")]},
       why={"phone": {"zh": "冷链车到了要电话联系收货", "en": "the refrigerated van rings ahead to be let in", "mixed": "冷链车到了会 call"},
            "id_number": {"zh": "月结账户要法人身份证", "en": "a trade credit account needs the owner's ID", "mixed": "开月结 account 要身份证"},
            "bank_card": {"zh": "货款从对公以外的卡上扣要登记卡号", "en": "payment on delivery goes on a card", "mixed": "货款要刷卡"}},
       wraps={"zh": ["{date}凌晨{time}前送到，零下18度保存。", "货款{amt}，运单{ref}。"],
              "en": ["Delivery before {time} on {date}; keep it at minus 18.", "That's {amt}, waybill {ref}."],
              "mixed": ["{date} {time} 前送到，total {amt}。"]})

domain("studio",
       co={"zh": ["回声录音棚", "声场音乐工作室"], "en": ["Echo Room Studios", "Tapehouse Recording"]},
       labs={"zh": [("录音师", "歌手"), ("棚务", "客户")], "en": [("Studio manager", "Artist"), ("Engineer", "Client")],
             "mixed": [("录音师", "Artist"), ("Engineer", "客户")]},
       thing={"zh": "录音棚预订", "en": "studio session", "mixed": "studio session"},
       ref=lambda rng: ref_code(rng, "ST", 4),
       reasons={"zh": [("想订{date}的大棚，录{n}首歌。", "大棚{amt}一小时。"),
                       ("订单{ref}的混音什么时候能出？", "混音师说{date}给。")],
                "en": [("Can we block-book Studio B for {n} days from {date}?", "B is {amt} a day, yes."),
                       ("Session {ref} overran two hours, I want to check the bill.", "Sure, let me look.")],
                "mixed": [("我想 book 一个 vocal session，{date} 下午。", "OK，{amt} per hour。"),
                          ("订单 {ref} 的 stems 能发邮箱吗？", "可以，今晚发。")]},
       why={"phone": {"zh": "设备有问题改时间会电话通知", "en": "if a session moves the engineer calls", "mixed": "session 改时间会 call"},
            "id_number": {"zh": "版权登记要用身份证", "en": "the copyright filing needs your ID", "mixed": "版权 registration 要身份证"},
            "bank_card": {"zh": "订棚要先付定金", "en": "we take a deposit to hold the room", "mixed": "book 要付 deposit"}},
       wraps={"zh": ["{date}{time}开棚，定金{amt}。", "订单号{ref}。"],
              "en": ["Doors at {time} on {date}; deposit {amt}.", "Reference {ref}."],
              "mixed": ["{date} {time} 开棚，deposit {amt}。"]})

domain("mattress",
       co={"zh": ["眠栖床垫", "深睡家居"], "en": ["Dozewell Mattresses", "Slumber & Spring"]},
       labs={"zh": [("售后", "顾客"), ("睡眠顾问", "客户")], "en": [("Aftercare", "Customer"), ("Sleep advisor", "Caller")],
             "mixed": [("售后", "Customer"), ("Aftercare", "顾客")]},
       thing={"zh": "试睡退货", "en": "trial return", "mixed": "试睡 return"},
       ref=lambda rng: ref_code(rng, "MT", 7),
       reasons={"zh": [("床垫睡了{n}晚还是腰疼，想在{n}0天试睡期内退。", "可以，我给您登记上门取件。"),
                       ("订单{ref}的1.8米床垫什么时候送？", "预计{date}送到。")],
                "en": [("I'm inside the 100-night trial and want to return it, order {ref}.", "That's fine, we'll collect."),
                       ("The king size I ordered for {amt} still hasn't come.", "Let me track it.")],
                "mixed": [("我想 return 这个床垫，trial 还没过。", "OK，订单号多少？"),
                          ("订单 {ref} 的 topper 能单独退吗？", "Topper 可以单独退。")]},
       why={"phone": {"zh": "上门取件师傅会提前打电话", "en": "the collection crew rings the day before", "mixed": "取件师傅会先 call"},
            "id_number": {"zh": "分期购买要核实身份证", "en": "the finance agreement needs your ID checked", "mixed": "分期要核实身份证"},
            "bank_card": {"zh": "退款退回原卡要核对卡号", "en": "the refund goes back to the card you paid with", "mixed": "refund 退到原卡"}},
       wraps={"zh": ["{date}上门取件，退款{amt}七个工作日到账。", "售后单号{ref}。"],
              "en": ["Collection on {date}; {amt} back within a week.", "Your return is {ref}."],
              "mixed": ["{date} 上门取件，refund {amt}。"]})

domain("sewing",
       co={"zh": ["巧手缝纫机", "金梭缝纫机维修"], "en": ["Bobbin & Thread Sewing Machines", "StitchRight Repairs"]},
       labs={"zh": [("维修部", "机主"), ("客服", "顾客")], "en": [("Workshop", "Owner"), ("Service desk", "Customer")],
             "mixed": [("维修部", "Owner"), ("Workshop", "顾客")]},
       thing={"zh": "维修单", "en": "repair job", "mixed": "维修 job"},
       ref=lambda rng: ref_code(rng, "JS", 5),
       reasons={"zh": [("家里那台缝纫机跳线，型号JH-{n}0，还在保修吗？", "保修是{n}年，我查一下。"),
                       ("维修单{ref}修好了吗？", "修好了，维修费{amt}。")],
                "en": [("My overlocker keeps snapping thread, I bought it {date}.", "Sounds like tension, bring it in."),
                       ("Is repair {ref} ready? You said {date}.", "Let me check the bench.")],
                "mixed": [("我的 sewing machine 卡线了，型号 JH-{n}0。", "OK，可以寄过来 repair。"),
                          ("维修单 {ref} 的 quote 是 {amt}？", "对，含配件。")]},
       why={"phone": {"zh": "修好了我们电话通知取机", "en": "we ring when it's off the bench", "mixed": "修好了会 call 您"},
            "id_number": {"zh": "延保登记要身份证", "en": "the extended warranty is registered to your ID", "mixed": "延保 registration 要身份证"},
            "bank_card": {"zh": "维修费可以刷卡预付", "en": "we take the repair fee on a card", "mixed": "repair fee 刷卡"}},
       wraps={"zh": ["维修费{amt}，{date}可以来取。", "单号{ref}，取机带上收据。"],
              "en": ["It's {amt}; collect from {date}.", "Job number {ref}."],
              "mixed": ["{date} 可以来取，{amt}。"]})

domain("matchmaking",
       co={"zh": ["缘来婚恋", "知音婚介"], "en": ["Kindred Introductions", "Second Glance Matchmaking"]},
       labs={"zh": [("红娘", "会员"), ("婚恋顾问", "客户")], "en": [("Matchmaker", "Member"), ("Consultant", "Client")],
             "mixed": [("红娘", "Member"), ("Consultant", "会员")]},
       thing={"zh": "会员服务", "en": "membership", "mixed": "membership"},
       ref=lambda rng: ref_code(rng, "YL", 5),
       reasons={"zh": [("想了解一下你们的VIP会员，{amt}是一年吗？", "对，一年，包{n}次线下见面。"),
                       ("会员号{ref}，{date}那场相亲活动还能报吗？", "还有名额。")],
                "en": [("I'd like to join; is the {amt} package for a year?", "Yes, with {n} introductions."),
                       ("Member {ref} here, can I move my {date} introduction?", "Of course.")],
                "mixed": [("我想 sign up 你们的 premium 会员，{amt}？", "对，包括{n}次 dinner。"),
                          ("会员 {ref}，{date} 的 speed dating 还有位吗？", "有的。")]},
       why={"phone": {"zh": "红娘安排见面会电话联系", "en": "the matchmaker calls to set up each introduction", "mixed": "红娘会打电话 arrange"},
            "id_number": {"zh": "会员都要实名认证", "en": "every member is identity-verified", "mixed": "会员都要实名 verify"},
            "bank_card": {"zh": "会员费可以分期从卡上扣", "en": "the fee can be split over a card", "mixed": "会员费可以分期刷卡"}},
       wraps={"zh": ["活动{date}{time}开始，会员费{amt}。", "会员号{ref}。"],
              "en": ["The evening starts {time} on {date}.", "Your member number is {ref}."],
              "mixed": ["Event {date} {time} 开始。"]})

AGENTS = {"zh": ["小林", "阿宁", "小蒋", "晓雯", "小邓", "思琪", "阿杰"], "en": ["Priya", "Tom", "Nadia", "Gareth", "Yusuf", "Carmen", "Ollie"]}
CALLERS = {"zh": ["王女士", "陈先生", "刘女士", "赵先生", "孙女士", "何先生", "郑女士"], "en": ["Ms Patel", "Mr Okafor", "Mrs Lindqvist", "Mr Ruiz", "Ms Brennan", "Mr Haddad"]}


# ============================================================================================
# A call: context, lines, fragments
# ============================================================================================

NOUN = {"phone": {"zh": ["手机号", "联系电话", "手机号码", "电话"], "en": ["mobile number", "phone number", "contact number", "best number"],
                  "mixed": ["手机号", "phone number", "contact number", "电话"]},
        "id_number": {"zh": ["身份证号", "身份证号码"], "en": ["ID number", "Chinese ID number", "ID card number"],
                      "mixed": ["身份证号", "ID number", "身份证 number"]},
        "bank_card": {"zh": ["银行卡号", "卡号"], "en": ["card number", "debit card number", "long card number"],
                      "mixed": ["卡号", "card number", "银行卡 number"]}}
BACKCHANNEL = {"zh": ["嗯。", "嗯嗯。", "好，您说。", "在听，继续。", "稍等我记下来……好了，您继续。", "对，然后呢？", "嗯，记着呢。", "好的好的。", "[杂音] 嗯，您说。"],
               "en": ["Mm-hm.", "Okay.", "Go on.", "Yep, got that.", "Right, keep going.", "Sorry, just typing - go ahead.", "Uh-huh.", "With you.", "[crosstalk] sorry - go on."],
               "mixed": ["嗯，OK。", "Okay，您继续。", "Got it，然后呢？", "嗯嗯，go on。", "OK OK。"]}
OOPS = {"zh": ["哦不是", "不对", "说错了", "不对不对", "哎，看串行了", "等下，我说反了"],
        "en": ["sorry, no wait", "no - scratch that", "hang on, that's wrong", "ugh, wrong card", "no, no, sorry"],
        "mixed": ["哦不是，sorry", "不对，wait", "sorry 说错了", "No no，不对"]}
RESTART = {"zh": ["重新说一下", "我重新报啊", "从头说"], "en": ["let me start again", "from the top", "let me redo that"],
           "mixed": ["我 again 重新说", "let me 重新报", "从头 again"]}
YES = {"zh": ["对。", "对的。", "没错。", "是的。"], "en": ["Yes.", "That's right.", "Correct.", "Yep."], "mixed": ["对，correct。", "Yes，对的。", "对。"]}
BYE = {"zh": ["好的，谢谢，再见。", "行，那先这样，拜拜。", "好嘞，麻烦了。"], "en": ["Great, thanks. Bye.", "Cheers, bye now.", "Perfect, thank you."],
       "mixed": ["OK，谢谢，bye。", "好的 thank you，拜拜。"]}


class Ctx:
    def __init__(self, rng, lang, dom_key, fmt):
        self.rng, self.lang, self.dom_key, self.fmt = rng, lang, dom_key, fmt
        self.dom = DOMAINS[dom_key]
        self.nums = []          # (Num, subkind)
        self.versions = set()   # every digit string said for a number (true, wrong, misheard)
        self.styles = {}
        self.near = False
        self.co = rng.choice(self.dom["co"]["zh" if lang == "zh" else "en"] if lang != "mixed" else
                             self.dom["co"]["zh"] + self.dom["co"]["en"])
        self.agent = rng.choice(AGENTS["zh" if lang == "zh" else ("en" if lang == "en" else rng.choice(["zh", "en"]))])
        self.cname = rng.choice(CALLERS["en" if lang == "en" else "zh"])

    # --- words -------------------------------------------------------------------------------
    def t(self, zh, en, mx):
        v = {"zh": zh, "en": en, "mixed": mx}[self.lang]
        return self.rng.choice(v) if isinstance(v, list) else v

    def noun(self, kind):
        return self.rng.choice(NOUN[kind][self.lang])

    def fill(self, s):
        rng, lang = self.rng, self.lang
        vals = {}
        for key in re.findall(r"\{(\w+)\}", s):
            if key in vals:
                continue
            if key == "date":
                vals[key] = lk_date(rng, lang)
            elif key == "time":
                vals[key] = lk_time(rng, lang)
            elif key == "amt":
                vals[key] = lk_amt(rng, lang)
            elif key == "ref":
                vals[key] = self.dom["ref"](rng)
            elif key == "n":
                vals[key] = str(rng.randint(2, 9))
            elif key == "hotline":
                vals[key] = lk_hotline(rng)
            elif key == "co":
                vals[key] = self.co
            elif key == "agent":
                vals[key] = self.agent
            elif key == "cname":
                vals[key] = self.cname
            elif key == "thing":
                vals[key] = self.dom["thing"][lang]
            else:
                raise Bug(f"unknown slot {key}")
        for k, v in vals.items():
            s = s.replace("{" + k + "}", v)
        return s

    def L(self, tpl, **frags):
        """One line: a template whose {NAME} slots hold fragments, the others look-alikes."""
        for name in frags:
            tpl = tpl.replace("{" + name + "}", "\x01" + name + "\x01")
        tpl = self.fill(tpl)
        parts = tpl.split("\x01")
        pieces = []
        for i, p in enumerate(parts):
            if i % 2 == 0:
                if p:
                    pieces.append(p)
            else:
                f = frags[p]
                if isinstance(f, Frag) and getattr(f, "cc", None):
                    pieces.append(CC(f.cc))
                pieces.append(f)
        if any(isinstance(p, Frag) for p in pieces) and re.search(r"\d", "".join(p for p in pieces if isinstance(p, str))):
            self.near = True
        return pieces

    # --- numbers -----------------------------------------------------------------------------
    def new(self, kind, **kw):
        n = make_num(self.rng, kind, self.lang, **kw)
        self.nums.append(n)
        self.versions.add(n.digits)
        return n

    def style_for(self, num, glued=False):
        if glued:
            return pick_style(self.rng, self.lang, True)
        if num.digits not in self.styles or self.rng.random() < 0.35:
            self.styles[num.digits] = pick_style(self.rng, self.lang)
        return self.styles[num.digits]

    def F(self, num, role, a=0, b=None, digits=None, style=None, fillers=0, brk=False, chunks=False, cc=False,
          glued=False, groups=None):
        rng = self.rng
        digits = digits or num.digits
        b = len(digits) if b is None else b
        seg = digits[a:b]
        if groups is None:
            groups = regroup(rng, len(seg)) if chunks else slice_groups(num.groups, a, b)
        while fillers and len(groups) - 1 < fillers:
            i = max(range(len(groups)), key=lambda k: groups[k])
            if groups[i] < 2:
                break
            h = groups[i] // 2
            groups = groups[:i] + [h, groups[i] - h] + groups[i + 1:]
        if brk and len(groups) < 2:
            h = len(seg) // 2
            groups = [h, len(seg) - h]
        style = style or self.style_for(num, glued)
        nomult = set(range(len(digits) - 5, len(digits))) if num.kind == "phone" else set()
        nomult.add(a)
        brk_at = rng.randint(1, len(groups) - 1) if brk else None
        if brk:
            pos = a
            for g in groups:
                nomult.add(pos)
                pos += g
        seps = None
        if chunks or (groups and max(groups) == 1):
            seps = rng.choice([[" "], [" "], [" "], ["，" if self.lang != "en" else ", "]])
        atoms, said, read = say_digits(rng, seg, a, groups, style, self.lang, num.kind, nomult, fillers, brk_at=brk_at, seps=seps)
        if said != seg:
            raise Bug(f"said {said} for {seg}")
        if atoms[0][0] in ("double", "triple") or atoms[0][1] != "d" or atoms[-1][1] != "d":
            raise Bug(f"fragment edges {atoms}")
        last4 = (num.kind == "phone" and b == len(digits) and digits == num.digits
                 and role in ("said", "readback", "piece", "corrected", "echo"))
        f = Frag(num.kind, last4, role, atoms, said, read, num)
        f.cc = num.cc if (cc and a == 0 and num.cc) else None
        self.versions.add(digits)
        return f

    def cuts(self, num, k):
        """k-1 cut points at group edges (or inside a group when there are too few edges)."""
        edges = []
        pos = 0
        for g in num.groups[:-1]:
            pos += g
            edges.append(pos)
        n = len(num.digits)
        if num.kind == "phone":
            edges = [e for e in edges if e <= n - 3] or [n - 4]
        while len(edges) < k - 1:
            c = self.rng.randint(2, n - 2)
            if c not in edges:
                edges.append(c)
        pts = sorted(self.rng.sample(sorted(edges), k - 1))
        return [0] + pts + [n]

    # --- turns -------------------------------------------------------------------------------
    def A(self, *lines):
        return ("A", [l if isinstance(l, list) else [l] for l in lines])

    def C(self, *lines):
        return ("C", [l if isinstance(l, list) else [l] for l in lines])

    def ask(self, kind):
        lang = self.lang
        why = self.dom["why"][kind][lang]
        noun = self.noun(kind)
        tpl = self.t(["{why}，麻烦您留一下{noun}。", "方便说一下您的{noun}吗？{why}。", "那我这边需要登记您的{noun}，{why}。", "您的{noun}是多少？"],
                     ["{Why}, so could I take your {noun}?", "Can I grab your {noun}? {Why}.", "What's your {noun}, please?",
                      "I'll need your {noun} - {why}."],
                     ["{why}，麻烦给我一下您的{noun}。", "Could you 报一下您的{noun}？", "您的{noun}是多少？{why}。", "{why}，can I have your {noun}？"])
        s = tpl.replace("{Why}", why[0].upper() + why[1:]).replace("{why}", why).replace("{noun}", noun)
        return self.A(self.L(s))

    def answer(self, f, kind):
        tpl = self.t(["{N}。", "是{N}。", "我的是{N}。", "好，{N}。", "您记着，{N}。", "{noun}是{N}，没错。"],
                     ["It's {N}.", "Sure - {N}.", "Yeah, it's {N}.", "{N}.", "OK, got a pen? {N}."],
                     ["是 {N}。", "OK，{N}。", "我的{noun}是 {N}。", "Sure，{N}。"])
        if self.rng.random() < 0.3:
            tpl = self.t(["{N}。对了，我是{date}下的单。", "{N}，上回付了{amt}。", "我{date}登记过的，{N}。", "{N}。预订单号是{ref}。"],
                         ["{N}. And it was booked on {date}, if that helps.", "{N} - I paid {amt} last time.", "Booking's {ref}, and the number is {N}."],
                         ["{N}，order 是 {date} 下的。", "{N}。Booking 是 {ref}。", "上次付了 {amt}，{noun}是 {N}。"])
        return self.C(self.L(tpl.replace("{noun}", self.noun(kind)), N=f))


# ============================================================================================
# Phenomena: the exchange in which the number is said
# ============================================================================================

def ex_plain(c, n):
    v = c.rng.choice(["answer", "volunteer", "system", "mid", "nocontext"] if n.kind == "phone" else
                     ["answer", "volunteer", "system", "nocontext"])
    N = c.F(n, "said", cc=True)
    noun = c.noun(n.kind)
    if v == "answer":
        return [c.ask(n.kind), c.answer(N, n.kind)], v
    if v == "volunteer":
        return [c.C(c.L(c.t(f"对了，我登记的{noun}是{{N}}，您可以查一下。", f"Oh and you'll find me under {noun} {{N}}.",
                            f"我登记的{noun}是 {{N}}，你 check 一下。"), N=N)),
                c.A(c.t(["查到了。", "好的，找到您了。"], ["Found you.", "Got it, thanks."], ["找到了，thanks。"]))], v
    if v == "system":
        N.role = "said"
        return [c.A(c.L(c.t(f"系统里您的{noun}是{{N}}，对吗？", f"I've got your {noun} as {{N}} - still right?",
                            f"系统显示{noun}是 {{N}}，对吗？"), N=N)), c.C(c.rng.choice(YES[c.lang]))], v
    if v == "mid":
        return [c.ask(n.kind), c.C(c.L(c.t("让师傅到了直接打{N}，我{time}以后都在。", "Just get them to ring {N} when they're outside.",
                                           "到了打 {N} 就行，我都在家。"), N=N))], v
    return [c.ask(n.kind), c.C(c.t("稍等，我找找……", "Hang on, let me find it...", "等等，let me find it……")),
            c.A(c.t("不着急。", "No rush.", "No rush，慢慢来。")), c.C(c.L(c.t("{N}。", "{N}.", "{N}。"), N=N))], v


def ex_interruption(c, n):
    rng = c.rng
    v = rng.choice(["bc", "bc", "bc2", "echo", "question", "rbcut"])
    k = 3 if v == "bc2" else 2
    pts = c.cuts(n, k)
    P = [c.F(n, "piece", pts[i], pts[i + 1], cc=(i == 0)) for i in range(k)]
    turns = [c.ask(n.kind)]
    lead = c.t(["{P}……", "是{P}，", "{P}"], ["It's {P}...", "{P}...", "So, {P}"], ["{P}……", "是 {P}，"])
    if v in ("bc", "bc2"):
        turns.append(c.C(c.L(lead, P=P[0])))
        for i in range(1, k):
            turns.append(c.A(rng.choice(BACKCHANNEL[c.lang])))
            turns.append(c.C(c.L(c.t(["{P}。", "然后{P}。", "后面是{P}。"], ["{P}.", "then {P}.", "and {P}."], ["{P}。", "then {P}。"]), P=P[i])))
        return turns, v
    if v == "echo":
        E = c.F(n, "echo", pts[0], pts[1])
        turns.append(c.C(c.L(lead, P=P[0])))
        turns.append(c.A(c.L(c.t(["{E}，然后呢？", "{E}……嗯，后面？"], ["{E}, and then?", "{E}... yep, and the rest?"], ["{E}，then？"]), E=E)))
        turns.append(c.C(c.L(c.t(["{P}。", "对，后面{P}。"], ["{P}.", "Yes, then {P}."], ["对，{P}。"]), P=P[1])))
        return turns, v
    if v == "question":
        q = c.t(["等一下，这是您本人的吗？", "您稍微慢点，我在记。", "不好意思刚才信号断了，后面是？"],
                ["Sorry, is that your own?", "Slow down a sec - I'm typing.", "You cut out there, what came after?"],
                ["Sorry，这是您本人的吗？", "慢一点，I'm typing。"])
        turns.append(c.C(c.L(lead, P=P[0])))
        turns.append(c.A(q))
        turns.append(c.C(c.L(c.t(["是的。后面是{P}。", "好，{P}。"], ["Yeah, mine. Then {P}.", "Sorry. {P}."], ["是的，后面 {P}。"]), P=P[1])))
        return turns, v
    N = c.F(n, "said", cc=True)
    R = [c.F(n, "readback", pts[0], pts[1]), c.F(n, "readback", pts[1], pts[2])]
    turns.append(c.answer(N, n.kind))
    turns.append(c.A(c.L(c.t("我重复一遍，{R}……", "Let me read that back: {R}...", "我 repeat 一下，{R}……"), R=R[0])))
    turns.append(c.C(rng.choice(YES[c.lang])))
    turns.append(c.A(c.L(c.t("{R}，对吧？", "{R}, yes?", "{R}，对吗？"), R=R[1])))
    turns.append(c.C(rng.choice(YES[c.lang])))
    return turns, v


def ex_continuation(c, n):
    rng = c.rng
    v = rng.choice(["two", "two", "three", "readout", "agent"])
    if v in ("two", "three"):
        k = 3 if v == "three" else 2
        pts = c.cuts(n, k)
        P = [c.F(n, "piece", pts[i], pts[i + 1], cc=(i == 0)) for i in range(k)]
        lines = [c.L(c.t(["{P}，", "是{P}"], ["{P},", "It's {P}"], ["{P}，", "是 {P}"]), P=P[0])]
        for i in range(1, k):
            lines.append(c.L(c.t(["{P}", "{P}。", "然后{P}。"], ["{P}", "{P}.", "then {P}."], ["{P}。", "then {P}"]), P=P[i]))
        return [c.ask(n.kind), c.C(*lines)], v
    if v == "readout":
        N = c.F(n, "said", cc=True)
        return [c.ask(n.kind), c.C(c.t(["我念给您啊：", "您记下，我报："], ["Right, I'll read it out:", "Ready? Here goes:"], ["我 read 给您："]),
                                    c.L("{N}", N=N))], v
    pts = c.cuts(n, 2)
    P = [c.F(n, "piece", pts[0], pts[1]), c.F(n, "piece", pts[1], pts[2])]
    return [c.C(c.t("我记不清了，你们系统里有吗？", "I can't remember it - is it on your system?", "我不记得了，你们 system 里有吗？")),
            c.A(c.L(c.t("系统里是{P}", "It's showing {P}", "系统里是 {P}"), P=P[0]),
                c.L(c.t("{P}，对吧？", "{P}, right?", "{P}，对吗？"), P=P[1])),
            c.C(rng.choice(YES[c.lang]))], v


def wrong_prefix(c, n, k):
    w = misheard(c.rng, n, 0, k)
    c.versions.add(w)
    return w


def ex_correction(c, n):
    rng = c.rng
    L = len(n.digits)
    opts = ["abandon", "abandon2line", "restart", "two", "middle"]
    if n.kind != "phone":
        opts += ["lastgroup", "whole", "middle"]
    v = rng.choice(opts)
    oops = rng.choice(OOPS[c.lang])
    N = c.F(n, "corrected", cc=True)
    turns = [c.ask(n.kind)]
    if v in ("abandon", "abandon2line", "two"):
        k = rng.randint(4, min(L - 3, 9))
        W = c.F(n, "abandoned", 0, k, digits=wrong_prefix(c, n, k))
        cm, st, ell = c.t("，", ", ", "，"), c.t("。", ".", "。"), c.t("……", "... ", "……")
        if v == "abandon":
            turns.append(c.C(c.L("{W}" + cm + oops + cm + "{N}" + st, W=W, N=N)))
        elif v == "abandon2line":
            turns.append(c.C(c.L("{W}" + ell + oops, W=W), c.L(c.t("是{N}。", "{N}.", "{N}。"), N=N)))
        else:
            k2 = rng.randint(4, min(L - 3, 9))
            W2 = c.F(n, "abandoned", 0, k2, digits=wrong_prefix(c, n, k2))
            turns.append(c.C(c.L("{W}" + cm + oops + cm + "{V}" + ell + rng.choice(OOPS[c.lang]) + cm + "{N}" + st, W=W, V=W2, N=N)))
        return turns, v
    if v == "restart":
        k = rng.randint(3, min(L - 3, 8))
        P = c.F(n, "abandoned", 0, k)
        turns.append(c.C(c.L(c.t("{P}，呃，", "{P}, um, ", "{P}，呃，") + rng.choice(RESTART[c.lang]) + c.t("，{N}。", ": {N}.", "，{N}。"), P=P, N=N)))
        return turns, v
    if v == "middle":
        # a middle group said wrong, then fixed: "中间是G，不是Gw"
        edges = [0]
        for g in n.groups:
            edges.append(edges[-1] + g)
        mids = [(edges[i], edges[i + 1]) for i in range(1, len(edges) - 2)]
        if not mids:
            third = L // 3
            mids = [(third, 2 * third)]
        a, b = rng.choice(mids)
        w = misheard(rng, n, a, b)
        c.versions.add(w)
        G = c.F(n, "corrected", a, b)
        Gw = c.F(n, "wrong", a, b, digits=w)
        fix = c.t("中间那段是{G}，不是{H}", "the middle bit's {G}, not {H}", "中间是 {G}，not {H}")
        if n.kind == "phone":
            Wp = c.F(n, "abandoned", 0, b, digits=w)
            T = c.F(n, "piece", b, L)
            cm = c.t("，", ", ", "，")
            turns.append(c.C(c.L("{W}" + cm + oops + cm + fix + c.t("，后面{T}。", ", then {T}.", "，后面 {T}。"), W=Wp, G=G, H=Gw, T=T)))
            return turns, v
        WV = c.F(n, "wrong", digits=w, cc=True)
        turns.append(c.C(c.L(c.t("{W}。", "{W}.", "{W}。"), W=WV)))
        turns.append(c.A(c.t("嗯……系统提示校验不通过，您再核对一下？", "Hmm, that's not validating - could you check it?", "这个 number 校验不过，再 check 一下？")))
        turns.append(c.C(c.L(c.t("哦，", "Oh, sorry - ", "Sorry，") + fix + c.t("。", ".", "。"), G=G, H=Gw)))
        return turns, v
    w = misheard(rng, n, L - 4 if v == "lastgroup" else 0, L)
    c.versions.add(w)
    WV = c.F(n, "wrong", digits=w)
    turns.append(c.C(c.L(c.t("{W}。", "{W}.", "{W}。"), W=WV)))
    turns.append(c.A(c.t(["嗯……系统提示这个号不对。", "您确定吗？校验没通过。"], ["Hmm, the system's rejecting that.", "That doesn't validate, sorry."],
                         ["这个 number 好像不对。", "System 说 invalid。"])))
    if v == "lastgroup":
        G = c.F(n, "corrected", L - 4, L)
        H = c.F(n, "wrong", L - 4, L, digits=w)
        turns.append(c.C(c.L(c.t("哦，最后四位是{G}，不是{H}。", "Oh - the last four are {G}, not {H}.", "Sorry，最后四位是 {G}，不是 {H}。"), G=G, H=H)))
    else:
        turns.append(c.C(c.L(c.t("不好意思，" + oops + "，是{N}。", "Sorry - " + oops + " - it's {N}.", "不好意思，是 {N}。"), N=N)))
    return turns, v


def ex_filler(c, n):
    rng = c.rng
    v = rng.choice(["inside", "inside", "lead", "readback"])
    k = rng.choice([2, 2, 3])
    if v == "readback":
        N = c.F(n, "said", cc=True)
        R = c.F(n, "readback", fillers=k)
        return [c.ask(n.kind), c.answer(N, n.kind),
                c.A(c.L(c.t("好，{R}，对吗？", "OK so {R}, right?", "OK，{R}，对吗？"), R=R)), c.C(rng.choice(YES[c.lang]))], v
    N = c.F(n, "said", fillers=k, cc=True)
    if v == "lead":
        return [c.ask(n.kind), c.C(c.L(c.t("呃……我想想啊，{N}。", "Um, let me think... {N}.", "呃，let me see，{N}。"), N=N))], v
    return [c.ask(n.kind), c.answer(N, n.kind)], v


def ex_asr_chunks(c, n):
    rng = c.rng
    v = rng.choice(["itn", "numeral-mix", "cut", "digit-token"] + (["cut"] if c.fmt == "asr-json" else []))
    if v == "itn":
        N = c.F(n, "said", style="ar", chunks=True, cc=True)
    elif v == "numeral-mix":
        st = {"zh": ["ar+zh", "zh+ar"], "en": ["ar+en", "en+ar"], "mixed": ["zh+ar", "ar+zh", "ar+en"]}[c.lang]
        N = c.F(n, "said", style=rng.choice(st), chunks=True, cc=True)
    elif v == "digit-token":
        N = c.F(n, "said", style=rng.choice(["ar", "ar", "zh" if c.lang != "en" else "en"]), groups=[1] * len(n.digits), cc=True)
    else:
        N = c.F(n, "said", brk=True, chunks=rng.random() < 0.5, cc=True)
    turns = [c.ask(n.kind), c.answer(N, n.kind)]
    if rng.random() < 0.4:
        turns.append(c.A(c.t("好的，记下了。", "Great, got it.", "OK，记下了。")))
    return turns, v


def ex_readback(c, n):
    rng = c.rng
    L = len(n.digits)
    v = rng.choice(["full", "last4", "first", "allbut4", "misheard", "misheard"] + (["misheard-last4"] if n.kind != "phone" else []))
    N = c.F(n, "said", cc=True)
    turns = [c.ask(n.kind), c.answer(N, n.kind)]
    if v == "full":
        R = c.F(n, "readback", style=c.style_for(n))
        turns += [c.A(c.L(c.t("好的，{R}，对吗？", "Lovely - {R}, is that right?", "OK，{R}，对吗？"), R=R)), c.C(rng.choice(YES[c.lang]))]
    elif v == "last4":
        R = c.F(n, "readback", L - 4, L)
        turns += [c.A(c.L(c.t("尾号{R}对吧？", "Ending {R}, yes?", "尾号 {R}，right？"), R=R)), c.C(rng.choice(YES[c.lang]))]
    elif v == "first":
        g = n.groups[0] if n.groups[0] < L else 3
        R = c.F(n, "readback", 0, g)
        turns += [c.A(c.L(c.t("是{R}开头的吧？", "That starts {R}, doesn't it?", "是 {R} 开头的吧？"), R=R)), c.C(rng.choice(YES[c.lang]))]
    elif v == "allbut4":
        R = c.F(n, "readback", 0, L - 4)
        T = c.F(n, "piece", L - 4, L)
        turns += [c.A(c.L(c.t("所以是{R}……？", "So that's {R}...?", "所以是 {R}……？"), R=R)),
                  c.C(c.L(c.t("{T}。", "{T}.", "{T}。"), T=T))]
    elif v == "misheard-last4":
        w = misheard(rng, n, L - 4, L)
        c.versions.add(w)
        M = c.F(n, "misheard", L - 4, L, digits=w)
        G = c.F(n, "corrected", L - 4, L)
        turns += [c.A(c.L(c.t("尾号是{M}？", "And it ends {M}?", "尾号是 {M}？"), M=M)),
                  c.C(c.L(c.t("不是，是{G}。", "No, {G}.", "No，是 {G}。"), G=G))]
    else:
        if n.kind == "phone":
            b = L - 4
            w = misheard(rng, n, 3, b)
            c.versions.add(w)
            M = c.F(n, "misheard", 0, b, digits=w)
            i = next(j for j in range(L) if w[j] != n.digits[j])
            a0 = max(3, i - 1)
            G = c.F(n, "corrected", a0, b)
            H = c.F(n, "misheard", a0, b, digits=w)
            R = c.F(n, "readback")
            turns += [c.A(c.L(c.t("{M}……", "{M}...", "{M}……"), M=M)),
                      c.C(c.L(c.t("不对，是{G}，不是{H}。", "No - {G}, not {H}.", "不对，是 {G}，not {H}。"), G=G, H=H)),
                      c.A(c.L(c.t("不好意思，{R}。", "Sorry - {R}.", "Sorry，{R}。"), R=R)), c.C(rng.choice(YES[c.lang]))]
        else:
            w = misheard(rng, n)
            c.versions.add(w)
            M = c.F(n, "misheard", digits=w)
            i = next(j for j in range(L) if w[j] != n.digits[j])
            a0 = (i // 4) * 4
            b0 = min(L, a0 + 4)
            if w[b0 - 1] != n.digits[b0 - 1] or (b0 < L and w[b0] != n.digits[b0]):
                b0 = min(L, b0 + 1)
            G = c.F(n, "corrected", a0, b0, groups=[b0 - a0])
            H = c.F(n, "misheard", a0, b0, digits=w, groups=[b0 - a0])
            R = c.F(n, "readback")
            turns += [c.A(c.L(c.t("我读一遍：{M}，对吗？", "Reading it back: {M}?", "我 read back：{M}，对吗？"), M=M)),
                      c.C(c.L(c.t("不对，是{G}，不是{H}。", "No, {G}, not {H}.", "不对，是 {G}，不是 {H}。"), G=G, H=H)),
                      c.A(c.L(c.t("好的，{R}。", "Right: {R}.", "OK，{R}。"), R=R)), c.C(rng.choice(YES[c.lang]))]
    return turns, v


XLEAD = {"zh": ["最后一位是", "末尾是", "最后是个", "尾巴上是", "最后一个是"],
         "en": ["and the last one's ", "then at the end ", "and it ends with a capital ", "last character "],
         "mixed": ["最后是 ", "last one 是 ", "末尾是 "]}


def ex_check_char(c, n):
    rng = c.rng
    v = rng.choice(["same", "next", "asked"])
    B = c.F(n, "said", 0, 17)
    xs = "ar" if rng.random() < 0.5 else ("zh" if c.lang != "en" else "ar")
    if c.lang == "en" and n.digits[17] != "X":
        xs = rng.choice(["ar", "en"])
    X = c.F(n, "check-char", 17, 18, style=xs, groups=[1])
    lead = rng.choice(XLEAD[c.lang])
    turns = [c.ask(n.kind)]
    if v == "same":
        turns.append(c.C(c.L(c.t("{B}，", "{B}, ", "{B}，") + lead + "{X}" + c.t("。", ".", "。"), B=B, X=X)))
    elif v == "next":
        lead2 = lead[0].upper() + lead[1:] if c.lang == "en" else lead
        turns.append(c.C(c.L(c.t("{B}", "{B}", "{B}"), B=B), c.L(lead2 + "{X}" + c.t("。", ".", "。"), X=X)))
    else:
        turns.append(c.C(c.L(c.t("是{B}……", "It's {B}...", "{B}……"), B=B)))
        turns.append(c.A(c.t("最后一位呢？", "And the last character?", "最后一位呢？")))
        turns.append(c.C(c.L(c.t("{X}。", "It's an {X}.", "{X}，大写的。") if n.digits[17] == "X" else c.t("{X}。", "{X}.", "{X}。"), X=X)))
    return turns, v


def ex_glued(c, n):
    rng = c.rng
    v = rng.choice(["whole", "readback", "pieces"])
    if v == "whole":
        N = c.F(n, "said", glued=True, cc=True)
        return [c.ask(n.kind), c.answer(N, n.kind)], v
    if v == "readback":
        N = c.F(n, "said", cc=True)
        R = c.F(n, "readback", glued=True)
        return [c.ask(n.kind), c.answer(N, n.kind), c.A(c.L(c.t("", "So {R}?", "所以是 {R}？"), R=R)), c.C(rng.choice(YES[c.lang]))], v
    pts = c.cuts(n, 2)
    P = [c.F(n, "piece", pts[0], pts[1], glued=True, cc=True), c.F(n, "piece", pts[1], pts[2], glued=True)]
    return [c.ask(n.kind), c.C(c.L(c.t("", "{P}...", "{P}……"), P=P[0])), c.A(rng.choice(BACKCHANNEL[c.lang])),
            c.C(c.L(c.t("", "{P}.", "{P}。"), P=P[1]))], v


def ex_multi(c, n):
    rng = c.rng
    kinds = [k for k in ("phone", "id_number", "bank_card") if k != n.kind]
    v = rng.choice(["oneline", "turns", "turns3"] + (["backup"] if n.kind == "phone" else []))
    if v == "backup":
        n2 = c.new("phone", foreign=rng.random() < 0.5)
        N1, N2 = c.F(n, "said", cc=True), c.F(n2, "said", cc=True)
        return [c.ask("phone"), c.answer(N1, "phone"),
                c.A(c.t("还有备用的号码吗？", "Is there a backup number?", "有 backup number 吗？")),
                c.C(c.L(c.t("备用的打{N}，家里的。", "Backup's {N}, that's my partner.", "Backup 打 {N}。"), N=N2))], v
    n2 = c.new(rng.choice(kinds))
    N1, N2 = c.F(n, "said", cc=True), c.F(n2, "said", cc=True)
    if v == "oneline":
        a, b = c.noun(n.kind), c.noun(n2.kind)
        return [c.A(c.t(f"需要登记您的{a}和{b}。", f"I'll need your {a} and your {b}.", f"需要您的{a}和{b}。")),
                c.C(c.L(c.t(f"{a}{{N}}，{b}{{M}}。", f"{a[0].upper() + a[1:]} {{N}}, and the {b} is {{M}}.", f"{a} {{N}}，{b} {{M}}。"), N=N1, M=N2))], v
    turns = [c.ask(n.kind), c.answer(N1, n.kind), c.ask(n2.kind), c.answer(N2, n2.kind)]
    if v == "turns3":
        k3 = [k for k in kinds if k != n2.kind][0]
        n3 = c.new(k3)
        turns += [c.ask(k3), c.answer(c.F(n3, "said", cc=True), k3)]
    return turns, v


EXCHANGE = {"plain": ex_plain, "interruption": ex_interruption, "continuation": ex_continuation, "correction": ex_correction,
            "filler": ex_filler, "asr-chunks": ex_asr_chunks, "readback": ex_readback, "check-char-apart": ex_check_char,
            "glued-words": ex_glued, "multi-number": ex_multi}


# ============================================================================================
# Hard negatives
# ============================================================================================

REFNAME = {"nanny": ("合同流水号", "contract reference"), "campsite": ("预订流水号", "booking reference"),
           "wine": ("物流单号", "tracking number"), "vegbox": ("配送批次号", "batch number"),
           "boardgame": ("交易流水号", "transaction number"), "drone": ("设备序列号", "serial number"),
           "swim": ("课程流水号", "enrolment reference"), "seafood": ("冷链运单号", "waybill number"),
           "studio": ("工程文件编号", "project number"), "mattress": ("物流单号", "consignment number"),
           "sewing": ("机身序列号", "serial number"), "matchmaking": ("活动流水号", "transaction reference")}


def safe_digits(rng, n, first="3456789"):
    for _ in range(5000):
        d = rand_digits(rng, n, first)
        if not bad_digits(d, []) and not re.search(r"(\d)\1\1\1", d):
            return d
    raise Bug("safe digits")


def say_ref(c, d, style):
    groups = []
    left = len(d)
    while left:
        g = min(left, c.rng.choice([3, 4, 4, 5]))
        groups.append(g)
        left -= g
    atoms, said, _ = say_digits(c.rng, d, 0, groups, style, c.lang, "ref", set(), one_yao=c.rng.random() < 0.5)
    if said != d:
        raise Bug("ref")
    return "".join(a for a, k in atoms if k != "brk")


def ex_negative(c, avoid=None):
    rng = c.rng
    zh_name, en_name = REFNAME[c.dom_key]
    name = c.t(zh_name, en_name, rng.choice([zh_name, en_name]))
    pool = ["longwords"] * 6 + ["longarabic"] * 3 + ["member"] * 2 + ["notgiven"] * 3 + ["chatter"] * 3 + ["readref"] * 2
    if avoid:
        pool = [p for p in pool if p not in avoid and not ({p, *avoid} <= {"longwords", "longarabic", "readref"})]
    v = rng.choice(pool)
    if v in ("longwords", "longarabic", "readref"):
        d = safe_digits(rng, rng.randint(15, 19))
        if v == "longarabic":
            style = "ar"
        else:
            style = {"zh": "zh", "en": "en", "mixed": rng.choice(["zh", "en", "zh+en"])}[c.lang]
        R = say_ref(c, d, style)
        turns = [c.C(c.L(c.t([f"我手上有张单子，{name}是{R}。", f"{name}我念一下：{R}。", f"单子上写着{name}{R}，您帮我看看。"],
                             [f"I've got the paperwork here - the {name} is {R}.", f"The {name}, reading off the label, {R}.",
                              f"Could you look up {name} {R} for me?"],
                             [f"{name}是 {R}，在单子上。", f"我 read 一下 {name}：{R}。"]))),
                 c.A(c.t("好的，我查一下。", "Thanks, searching now.", "OK，我 search 一下。"))]
        if v == "readref":
            R2 = say_ref(c, d, rng.choice(["ar", style]))
            turns += [c.A(c.L(c.t(f"我核对一下，{R2}，对吗？", f"Just to check: {R2}?", f"我 confirm 一下，{R2}，对吗？"))),
                      c.C(rng.choice(YES[c.lang]))]
        return turns, v
    if v == "member":
        d = safe_digits(rng, 11, "2345678")
        return [c.A(c.t("请问有会员号吗？", "Do you have a membership number?", "有 member number 吗？")),
                c.C(c.L(c.t(f"有，会员号{d}。", f"Yes, it's {d}.", f"有，{d}。"))),
                c.A(c.t("查到了，积分还有不少。", "Found it, thanks.", "找到了。"))], v
    if v == "notgiven":
        k = rng.choice(["phone", "id_number", "bank_card"])
        return [c.ask(k),
                c.C(c.t(["这个我不方便电话里说，回头我在小程序上填吧。", "我现在在外面，晚点发给你们。"],
                        ["I'd rather not give that over the phone - I'll add it online.", "I haven't got it on me, can I email it later?"],
                        ["这个我不太方便说，我 online 填吧。", "我等下 email 给你们。"])),
                c.A(c.t("好的，没问题。", "That's fine.", "OK，没问题。"))], v
    return [c.C(c.L(c.t("我{date}{time}打过你们{hotline}，一直没人接。", "I rang {hotline} at {time} on {date} and nobody picked up.",
                        "我 {date} 打过 {hotline}，没人接。"))),
            c.A(c.L(c.t("不好意思，那天系统升级。给您补偿{amt}的券。", "Sorry, we had a phone outage. I'll add a {amt} credit.",
                        "Sorry，那天 system 升级，补您 {amt}。")))], v


# ============================================================================================
# A whole call
# ============================================================================================

def build_turns(c, ph, second):
    rng = c.rng
    lang = c.lang
    turns = []
    if rng.random() < 0.3:
        turns.append(("S", [[c.t("您好，为保证服务质量，您的通话可能会被录音。", "This call may be recorded for training and quality.",
                                 "您好，this call may be recorded。")]]))
    outbound = rng.random() < 0.28
    if outbound:
        turns.append(c.A(c.L(c.t("您好，这里是{co}，请问是{cname}吗？", "Hi, it's {agent} from {co} - am I speaking to {cname}?",
                                 "Hi，这里是{co}，请问是{cname}吗？"))))
        turns.append(c.C(c.t("是我，什么事？", "Speaking.", "是我，what's up？")))
        turns.append(c.A(c.L(c.t("关于您的{thing}，有几项信息要跟您核对。", "It's about your {thing} - I just need to check a couple of details.",
                                 "关于您的 {thing}，需要 confirm 几个信息。"))))
        turns.append(c.C(c.t("好，你说。", "Sure, go ahead.", "OK，你说。")))
    else:
        turns.append(c.A(c.L(c.t(["您好，{co}，我是{agent}，请问有什么可以帮您？", "{co}您好，很高兴为您服务。", "喂您好，{co}，请讲。"],
                                 ["Good morning, {co}, {agent} speaking.", "Thanks for calling {co}, this is {agent}, how can I help?", "{co}, {agent} here."],
                                 ["您好，{co}，我是{agent}，how can I help？", "Hi，{co} 这边，请讲。"]))))
        reason, ans = rng.choice(c.dom["reasons"][lang])
        turns.append(c.C(c.L(reason)))
        turns.append(c.A(c.L(ans)))
    if ph == "negative":
        ex, v = ex_negative(c)
        turns += ex
        if rng.random() < 0.4:
            more, v2 = ex_negative(c, avoid={v})
            turns += more
            v += "+" + v2
    else:
        main = c.new(c.kind, want_x=(True if ph == "check-char-apart" and rng.random() < 0.85 else
                                     (False if ph == "check-char-apart" else None)))
        ex, v = EXCHANGE[ph](c, main)
        turns += ex
        if second:
            k2 = rng.choice([k for k in ("phone", "id_number", "bank_card") if k != c.kind])
            n2 = c.new(k2)
            turns += [c.ask(k2), c.answer(c.F(n2, "said", cc=True), k2)]
            v += ";second"
    turns.append(c.A(c.L(rng.choice(c.dom["wraps"][lang]))))
    turns.append(c.C(rng.choice(BYE[lang])))
    if rng.random() < 0.5:
        turns.append(c.A(c.t(["感谢来电，再见。", "不客气，祝您愉快。"], ["Thanks for calling, bye.", "Take care now."], ["Thanks，再见。", "不客气，bye。"])))
    return turns, v + (";outbound" if outbound else "")


def split_brk(turns):
    """Text / WebVTT: a fragment cut by a segment boundary becomes two fragments on two lines."""
    out = []
    for spk, lines in turns:
        nl = []
        for line in lines:
            cur = []
            for p in line:
                if isinstance(p, Frag) and any(k == "brk" for _, k in p.atoms):
                    i = next(j for j, (_, k) in enumerate(p.atoms) if k == "brk")
                    a1 = p.atoms[:i]
                    a2 = p.atoms[i + 1:]
                    while a1 and a1[-1][1] == "s":
                        a1.pop()
                    while a2 and a2[0][1] == "s":
                        a2.pop(0)
                    f1 = Frag(p.kind, False, "piece", a1, None, None, p.num)
                    f2 = Frag(p.kind, p.last4_ok, "piece", a2, None, None, p.num)
                    f1.read = "".join(u[3] for u in my_units(f1.text()))
                    f2.read = "".join(u[3] for u in my_units(f2.text()))
                    if f1.read + f2.read != p.read:
                        raise Bug("brk split")
                    f1.cc = getattr(p, "cc", None)
                    f2.cc = None
                    cur.append(f1)
                    nl.append(cur)
                    cur = [f2]
                else:
                    cur.append(p)
            nl.append(cur)
        out.append((spk, nl))
    return out


def render_line(pieces, lang):
    """Content string, fragment ranges [(s, e, frag)], exempt ranges (country codes)."""
    s = ""
    frs, ex = [], []
    for p in pieces:
        if isinstance(p, str):
            s += p
        elif isinstance(p, CC):
            t = p.text
            ex.append((len(s), len(s) + len(t)))
            s += t + ("" if t.startswith("加") and lang == "zh" else " ")
        else:
            t = p.text()
            frs.append((len(s), len(s) + len(t), p))
            s += t
    return s, frs, ex


# ---- timestamps ------------------------------------------------------------------------------

def ts_fmt(style, t, base):
    t = max(0.0, t)
    h, rem = divmod(int(t), 3600)
    m, sec = divmod(rem, 60)
    if style == "hms":
        return f"{h:02d}:{m:02d}:{sec:02d}"
    if style == "ms":
        return f"{m + 60 * h:02d}:{sec:02d}"
    if style == "m:ss":
        return f"{m + 60 * h}:{sec:02d}"
    if style == "hmsms":
        return f"{h:02d}:{m:02d}:{sec:02d}.{int((t % 1) * 1000):03d}"
    if style == "sec":
        return f"{t:.1f}s"
    if style == "cn":
        return f"{m}分{sec:02d}秒"
    w = base + int(t)
    wh, wr = divmod(w, 3600)
    wm, ws = divmod(wr, 60)
    return f"{wh % 24:02d}:{wm:02d}:{ws:02d}"


GENERIC_LABS = {"zh": [("客服", "客户"), ("坐席", "来电人"), ("接线员", "用户"), ("甲", "乙"), ("服务台", "来电")],
                "en": [("Agent", "Customer"), ("Rep", "Caller"), ("AGT", "CUST"), ("Staff", "Client"), ("Operator", "Member")],
                "mixed": [("Agent", "客户"), ("客服", "Customer"), ("坐席", "Caller"), ("Rep", "来电人")]}
IVR_LAB = {"zh": "系统", "en": "IVR", "mixed": "IVR"}

TEXT_LAYOUTS = {
    "pipe": "{lab}｜", "tilde": "{lab} ~ ", "diamond": "{ts} ◆ {lab}：", "lenticular": "〖{lab}〗", "paren-dash": "({ts}) {lab} —— ",
    "irc": "<{ts} {lab}> ", "said": "{lab} 于 {ts} 说：", "said-en": "{lab} at {ts} said: ", "tsv": "{ts}\t{lab}\t", "quote": "{lab}「",
    "dash-bracket": "- [{ts}] {lab}: ", "numbered": "{i:03d} {lab}: ", "square": "[{lab}] ", "guillemet": "{lab}》", "arrow": "{lab} ⇒ ",
    "caps": "{LAB}: ", "wide": "{lab} ： ", "hdr-dot": None, "hdr-eq": None, "hdr-ts": None, "nolab-bullet": "• ", "nolab-bare": "",
    "nolab-ts": "{ts} » ",
}


def pick_labels(c):
    rng = c.rng
    if rng.random() < 0.55:
        a, b = rng.choice(c.dom["labs"][c.lang])
    else:
        a, b = rng.choice(GENERIC_LABS[c.lang])
    if rng.random() < 0.15:
        a = f"{a}-{c.agent}" if c.lang != "en" else f"{a} ({c.agent})"
    if rng.random() < 0.05:
        return {"A": b, "C": a, "S": IVR_LAB[c.lang]}  # deliberately odd: diariser swapped the labels
    return {"A": a, "C": b, "S": IVR_LAB[c.lang]}


def render_text(c, turns, labs):
    rng = c.rng
    names = [k for k in TEXT_LAYOUTS if not (k == "said" and c.lang == "en") and not (k == "said-en" and c.lang == "zh")]
    layout = rng.choice(names)
    cont = rng.choice(["relabel", "bare", "indent", "ellipsis", "plus"])
    tstyle = rng.choice(["hms", "ms", "m:ss", "hmsms", "sec", "wall"] + (["cn"] if c.lang == "zh" else []))
    base = rng.randint(8, 20) * 3600 + rng.randint(0, 3599)
    blank = layout.startswith("hdr") or rng.random() < 0.2
    t = rng.uniform(0.5, 4.0)
    lines = []       # (string, frags [(s, e, frag)], exempt)
    i = 0
    for ti, (spk, tl) in enumerate(turns):
        lab = labs[spk]
        if blank and ti:
            lines.append(("", [], [], 0))
        for li, pieces in enumerate(tl):
            content, frs, ex = render_line(pieces, c.lang)
            i += 1
            ts = ts_fmt(tstyle, t, base)
            t += rng.uniform(1.5, 6.0)
            tpl = TEXT_LAYOUTS[layout]
            if layout.startswith("hdr"):
                if li == 0 or cont == "relabel":
                    hdr = {"hdr-dot": f"{lab} · {ts}", "hdr-eq": f"== {lab} ==", "hdr-ts": f"{ts} — {lab}"}[layout]
                    lines.append((hdr, [], [], len(hdr)))
                prefix = "" if li == 0 or cont in ("relabel", "bare") else {"indent": "    ", "ellipsis": "… ", "plus": "+ "}[cont]
            elif li > 0 and cont != "relabel" and not layout.startswith("nolab"):
                prefix = {"bare": "", "indent": "    ", "ellipsis": "… ", "plus": "+ "}[cont]
            else:
                prefix = tpl.format(lab=lab, ts=ts, i=i, LAB=lab.upper())
            suffix = "」" if layout == "quote" and (li == 0 or cont == "relabel") else ""
            lines.append((prefix + content + suffix, [(s + len(prefix), e + len(prefix), f) for s, e, f in frs],
                          [(s + len(prefix), e + len(prefix)) for s, e in ex], len(prefix)))
    text = ""
    readable = ""   # what the look-alike check reads: a speaker label / stamp prefix breaks digit runs
    spans, exempt = [], []
    for k, (ln, frs, ex, plen) in enumerate(lines):
        off = len(text)
        for s, e, f in frs:
            spans.append((s + off, e + off, f))
        exempt += [(s + off, e + off) for s, e in ex]
        nl = "\n" if k < len(lines) - 1 else ""
        text += ln + nl
        pre = ln[:plen]
        readable += (pre if SEP_RE.match(pre) else "#" * plen) + ln[plen:] + nl
    if rng.random() < 0.5:
        text += "\n"
        readable += "\n"
    return text, spans, exempt, readable, f"text:{layout}|{cont}|{tstyle}"


def vtt_time(t, short):
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    if short and h < 1:
        return f"{int(m):02d}:{s:06.3f}"
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def render_vtt(c, turns, labs):
    rng = c.rng
    pay = rng.choice(["v", "v-close", "colon", "paren", "wide", "dash", "bare"])
    cont = rng.choice(["newcue-voice", "newcue-bare", "sameline"])
    ids = rng.choice(["none", "num", "tagged"])
    short = rng.random() < 0.4
    header = rng.choice(["WEBVTT", "WEBVTT", "WEBVTT - call recording", "WEBVTT\nKind: captions\nLanguage: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[c.lang]])
    if rng.random() < 0.3:
        header += "\n\nNOTE\nspeaker names come from the diariser"
    out = header + "\n"
    mask = [False] * len(out)  # True where the redactor reads cue payload
    spans, exempt = [], []
    t = rng.uniform(0.2, 2.0)
    cue = 0

    def payload_prefix(lab):
        return {"v": f"<v {lab}>", "v-close": f"<v {lab}>", "colon": f"{lab}: ", "paren": f"({lab}) ", "wide": f"{lab}：",
                "dash": "- ", "bare": ""}[pay]

    for spk, tl in turns:
        lab = labs[spk]
        li = 0
        while li < len(tl):
            cue += 1
            dur = rng.uniform(1.2, 5.5)
            block = "\n"
            if ids == "num":
                block += f"{cue}\n"
            elif ids == "tagged":
                block += f"cue-{cue}\n"
            block += f"{vtt_time(t, short)} --> {vtt_time(t + dur, short)}" + (" line:90%" if rng.random() < 0.15 else "") + "\n"
            out += block
            mask += [False] * len(block)
            t += dur + rng.uniform(0.1, 1.0)
            group = [tl[li]]
            if cont == "sameline" and li + 1 < len(tl):
                group.append(tl[li + 1])
            li += len(group)
            first_of_turn = li - len(group) == 0
            for gi, pieces in enumerate(group):
                content, frs, ex = render_line(pieces, c.lang)
                pre = payload_prefix(lab) if gi == 0 and (first_of_turn or cont == "newcue-voice") else ""
                suf = "</v>" if pay == "v-close" and pre and len(group) == 1 else ""
                line = pre + content + suf
                off = len(out) + len(pre)
                spans += [(s + off, e + off, f) for s, e, f in frs]
                exempt += [(s + off, e + off) for s, e in ex]
                out += line + "\n"
                mask += [True] * len(line) + [False]
    if rng.random() < 0.5:
        out = out.rstrip("\n") + "\n"
        mask = mask[:len(out)]
    else:
        out = out.rstrip("\n")
        mask = mask[:len(out)]
    readable = "".join(ch if m or ch == "\n" else " " for ch, m in zip(out, mask))
    return out, spans, exempt, readable, f"vtt:{pay}|{cont}|{ids}|{'short' if short else 'long'}"


TOK_RE = re.compile(r"[A-Za-z0-9¥£$€%@#&'’\-.,:/+]+|[\u4e00-\u9fff]|\S")


def tokens_of_text(s):
    return TOK_RE.findall(s)


def has_core(tok):
    return bool(re.search(r"[A-Za-z0-9\u4e00-\u9fff¥£$€]", tok))


def render_asr(c, turns, labs):
    rng = c.rng
    whisper = rng.random() < c.whisper_share
    zh_split = c.lang != "en" and rng.random() < 0.75
    strip_punct = rng.random() < 0.2
    # words per line: list of (word, frag or None, is_frag_core)
    seg_words = []   # [(spk, [[word, frag_id or None], ...])]
    frag_words = {}  # frag id -> list of (seg index, word index) of its tokens
    frags = {}
    for spk, tl in turns:
        for pieces in tl:
            words = []
            for p in pieces:
                if isinstance(p, str):
                    for tok in tokens_of_text(p):
                        if not has_core(tok):
                            if words and not strip_punct:
                                words[-1][0] += tok
                            continue
                        words.append([tok, None])
                elif isinstance(p, CC):
                    for tok in p.text.split():
                        if tok.startswith("加") and len(tok) > 1:
                            words.append(["加", None]); words.append([tok[1:], "cc"])
                        else:
                            words.append([tok, "cc"])
                else:
                    fid = id(p)
                    frags[fid] = p
                    for text, k in p.atoms:
                        if k == "brk":
                            seg_words.append((spk, words))
                            words = []
                            continue
                        if k == "s":
                            punct = text.strip()
                            if punct and words and not strip_punct:
                                words[-1][0] += punct
                            continue
                        if k == "d" and zh_split and all(ch in ev.CN_VAL or ch in "叉" for ch in text):
                            for ch in text:
                                words.append([ch, fid])
                        elif k == "f":
                            for w in text.replace("，", " ").replace("……", " ").split():
                                words.append([w, fid])
                        else:
                            words.append([text, fid])
            seg_words.append((spk, words))
    # strip punctuation at the end when asked
    if strip_punct:
        for _, ws in seg_words:
            for w in ws:
                w[0] = w[0].rstrip("，。？！、,.?!…：:；;")
    seg_words = [(spk, [w for w in ws if w[0]]) for spk, ws in seg_words]
    seg_words = [(spk, ws) for spk, ws in seg_words if ws]
    t = rng.uniform(0.3, 2.5)
    ms = rng.random() < 0.3
    conf = rng.random() < 0.45
    spk_names = {"A": rng.choice(["agent", "spk_0", "A", "S0"]), "C": rng.choice(["customer", "spk_1", "B", "S1"]), "S": "ivr"}
    if spk_names["A"] == "spk_0":
        spk_names["C"] = "spk_1"
    with_spk = rng.random() < 0.7
    entities_idx = {}
    cc_keys = []
    if whisper:
        segs = []
        for si, (spk, ws) in enumerate(seg_words):
            t += rng.uniform(0.2, 1.2)
            wl = []
            for wi, (w, fid) in enumerate(ws):
                d = rng.uniform(0.12, 0.45)
                word = (" " + w) if (re.match(r"[A-Za-z0-9¥£$€+(]", w) or c.lang == "en") else w
                wd = {"word": word, "start": round(t, 2), "end": round(t + d, 2)}
                if conf:
                    wd["probability"] = round(rng.uniform(0.55, 0.99), 3)
                wl.append(wd)
                if fid == "cc":
                    cc_keys.append((si, wi))
                elif fid is not None:
                    entities_idx.setdefault(fid, []).append([si, wi])
                t += d + rng.uniform(0.0, 0.08)
            seg = {"id": si, "start": wl[0]["start"], "end": wl[-1]["end"], "text": "".join(x["word"] for x in wl).strip(), "words": wl}
            if with_spk:
                seg["speaker"] = spk_names[spk]
            segs.append(seg)
        tr = {"segments": segs}
        if rng.random() < 0.6:
            tr["text"] = "".join(("" if c.lang == "zh" else " ") + s["text"] for s in segs).strip()
        if rng.random() < 0.5:
            tr["language"] = {"zh": "zh", "en": "en", "mixed": "zh"}[c.lang]
    else:
        wl = []
        flat_idx = 0
        for si, (spk, ws) in enumerate(seg_words):
            t += rng.uniform(0.2, 1.2)
            for w, fid in ws:
                d = rng.uniform(0.12, 0.45)
                wd = {"word": w}
                if ms:
                    wd["start_ms"], wd["end_ms"] = int(t * 1000), int((t + d) * 1000)
                else:
                    wd["start"], wd["end"] = round(t, 3), round(t + d, 3)
                if with_spk:
                    wd["speaker"] = spk_names[spk]
                if conf:
                    wd["confidence"] = round(rng.uniform(0.55, 0.99), 3)
                wl.append(wd)
                if fid == "cc":
                    cc_keys.append(flat_idx)
                elif fid is not None:
                    entities_idx.setdefault(fid, []).append(flat_idx)
                flat_idx += 1
                t += d + rng.uniform(0.0, 0.08)
        tr = {"words": wl}
        if rng.random() < 0.3:
            tr["duration"] = round(t + 0.5, 2)
    # entities: from the first to the last token of each fragment
    entities = []
    for fid, idx in entities_idx.items():
        f = frags[fid]
        entities.append({"kind": f.kind, "last4_ok": f.last4_ok, "words": idx, "role": f.role, "_frag": f})
    order = (lambda e: tuple(e["words"][0])) if whisper else (lambda e: e["words"][0])
    entities.sort(key=order)
    # the stream the redactor reads, for the look-alike check
    stream = ""
    pos = {}
    if whisper:
        for si, seg in enumerate(tr["segments"]):
            for wi, w in enumerate(seg["words"]):
                pos[(si, wi)] = (len(stream), len(stream) + len(w["word"].strip()))
                stream += w["word"].strip() + " "
            stream += "\n"
    else:
        prev = None
        for i, w in enumerate(tr["words"]):
            if with_spk and prev is not None and w.get("speaker") != prev:
                stream += "\n"
            prev = w.get("speaker")
            pos[i] = (len(stream), len(stream) + len(w["word"]))
            stream += w["word"] + " "
    labels = []
    for e in entities:
        ks = [tuple(k) if isinstance(k, list) else k for k in e["words"]]
        labels.append((pos[ks[0]][0], pos[ks[-1]][1]))
    exempt = [pos[k] for k in cc_keys]
    return tr, entities, stream, labels, exempt, f"asr:{'whisper' if whisper else 'flat'}|{'ms' if ms else 's'}|{'spk' if with_spk else 'nospk'}|{'conf' if conf else 'noconf'}|{'nopunct' if strip_punct else 'punct'}"


# ============================================================================================
# Cases, plan, set
# ============================================================================================

# phenomenon: (cases, (zh, en, mixed), (text, vtt, asr-json))
PH_PLAN = {
    "plain": (30, (11, 11, 8), (17, 5, 8)),
    "interruption": (40, (15, 15, 10), (22, 6, 12)),
    "continuation": (32, (12, 12, 8), (18, 5, 9)),
    "correction": (44, (17, 16, 11), (25, 7, 12)),
    "filler": (32, (12, 12, 8), (18, 5, 9)),
    "asr-chunks": (36, (14, 12, 10), (8, 6, 22)),
    "readback": (44, (17, 16, 11), (25, 7, 12)),
    "check-char-apart": (26, (11, 9, 6), (15, 4, 7)),
    "glued-words": (26, (0, 16, 10), (14, 4, 8)),
    "multi-number": (32, (12, 11, 9), (19, 4, 9)),
    "negative": (58, (23, 20, 15), (39, 7, 12)),
}


def make_plan(seed):
    rng = random.Random(f"{seed}:plan")
    plans = []
    for ph, (cnt, langs, fmts) in PH_PLAN.items():
        ls = ["zh"] * langs[0] + ["en"] * langs[1] + ["mixed"] * langs[2]
        fs = ["text"] * fmts[0] + ["vtt"] * fmts[1] + ["asr-json"] * fmts[2]
        if len(ls) != cnt or len(fs) != cnt:
            raise Bug(f"plan for {ph}")
        rng.shuffle(ls)
        rng.shuffle(fs)
        for l, f in zip(ls, fs):
            plans.append({"phenomenon": ph, "lang": l, "format": f})
    if len(plans) != N_CASES:
        raise Bug("plan size")
    rng.shuffle(plans)
    doms = (sorted(DOMAINS) * (N_CASES // len(DOMAINS) + 1))[:N_CASES]
    rng.shuffle(doms)
    for p, d in zip(plans, doms):
        ph = p["phenomenon"]
        p["domain"] = d
        if ph == "check-char-apart":
            p["kind"] = "id_number"
        elif ph == "negative":
            p["kind"] = None
        else:
            r = rng.random()
            p["kind"] = "phone" if r < 0.4 else ("id_number" if r < 0.72 else "bank_card")
        p["second"] = ph not in ("negative", "multi-number") and rng.random() < 0.15
    return plans


def frag_read_ok(span_text, f):
    got = "".join(u[3] for u in ev.read_units(span_text))
    return got == f.read


def draw_case(rng, idx, plan):
    ph, lang, fmt = plan["phenomenon"], plan["lang"], plan["format"]
    c = Ctx(rng, lang, plan["domain"], fmt)
    c.kind = plan["kind"]
    c.whisper_share = 0.6
    turns, variant = build_turns(c, ph, plan["second"])
    labs = pick_labels(c)
    case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": ph, "lang": lang, "format": fmt, "domain": plan["domain"]}
    if fmt in ("text", "vtt"):
        turns = split_brk(turns)
        if fmt == "text":
            text, spans, exempt, stream, lay = render_text(c, turns, labs)
        else:
            text, spans, exempt, stream, lay = render_vtt(c, turns, labs)
        labels = []
        for s, e, f in spans:
            seg = text[s:e]
            if "\n" in seg or seg != seg.strip():
                raise Bug(f"span {seg!r}")
            if not frag_read_ok(seg, f):
                raise Bug(f"span {seg!r} does not read {f.read}")
            if not ev.fragment_hidden("*" * len(seg), seg, False):
                raise Bug("mask")
            if not frag_neighbours_ok(text, s, e):
                raise Redraw(f"digit-bearing character beside a fragment: {text[max(0, s - 6):e + 6]!r}")
            labels.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role})
        check_stream(stream, [(s, e) for s, e, _ in spans], exempt, c.versions)
        if fmt == "text":
            case["text"] = text
        else:
            case["transcript_text"] = text
        case["spans"] = labels
    else:
        tr, entities, stream, labels, exempt, lay = render_asr(c, turns, labs)
        words = {k: w for k, w, _ in ev.asr_words(tr)}
        for e in entities:
            f = e.pop("_frag")
            ks = [tuple(k) if isinstance(k, list) else k for k in e["words"]]
            if ks != sorted(ks) or len(set(ks)) != len(ks):
                raise Bug("entity words out of order")
            joined = " ".join(words[k] for k in ks)
            if not frag_read_ok(joined, f):
                raise Bug(f"entity {joined!r} does not read {f.read}")
        check_stream(stream, labels, exempt, c.versions)
        case["transcript"] = tr
        case["entities"] = entities
    case["variant"] = f"{variant};{lay}"
    meta = {"nums": [(n.kind, n.sub) for n in c.nums], "near": c.near, "second": plan["second"]}
    return case, meta


def build_case(idx, plan, redraws, seed):
    last = None
    for attempt in range(400):
        rng = random.Random(f"{seed}:{idx}:{attempt}")
        try:
            case, meta = draw_case(rng, idx, plan)
            prob = ev.builtin_case_problem(case, SET)
            if prob:
                raise Redraw("scorer: " + prob[:120])
            return case, meta
        except Redraw as e:
            last = str(e)
            redraws[re.sub(r"[:(].*", "", last).strip()] += 1
    raise Bug(f"case {idx}: no usable draw in 400 ({last})")


def generate(seed=MASTER_SEED):
    plans = make_plan(seed)
    redraws = Counter()
    cases, metas = [], []
    for i, plan in enumerate(plans, 1):
        case, meta = build_case(i, plan, redraws, seed)
        cases.append(case)
        metas.append(meta)
    stats = summary_stats(cases, metas)
    report = ev.require_set_checks(cases, SET)
    return cases, report, stats, redraws


def summary_stats(cases, metas):
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
    st["multi_num"] = sum(1 for m in metas if len(m["nums"]) >= 2)
    st["sub"] = Counter(sub for m in metas for _, sub in m["nums"])
    st["near"] = sum(1 for m in metas if m["near"])
    st["second"] = sum(1 for m in metas if m["second"])
    st["neg"] = Counter(v for c in cases if c["phenomenon"] == "negative" for v in c["variant"].split(";")[0].split("+"))
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pkf"] = Counter((c["phenomenon"], l["kind"]) for c in cases for l in ev.labels_of(c))
    st["variants"] = Counter(f"{c['phenomenon']}/{c['variant'].split(';')[0]}" for c in cases)
    st["layouts"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases)
    st["outbound"] = sum(1 for c in cases if "outbound" in c["variant"].split(";"))
    return st


def summary(st):
    lines = []
    lines.append("phenomena (zh/en/mixed, text/vtt/asr-json): " + "; ".join(
        f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}, "
        f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]})" for p in ev.PHENOMENA))
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
                 f"look-alike in a number's line {st['near']}; outbound calls {st['outbound']}")
    lines.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())))
    lines.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    lines.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(st["layouts"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
