#!/usr/bin/env python3
"""Wharf: 400 whole call-centre conversations for `callvault redact`, written by a twentieth independent author.

    Tools/gen_redact_wharf.py            # writes Tests/VaultRedactTests/Fixtures/conversations-wharf.jsonl
    Tools/gen_redact_wharf.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_wharf.py --out PATH

Provenance. The set ("set": "wharf", ids wharf-0001 ... wharf-0400) was written from the task statement given to this
author (IDs, cards and phones said through interruptions, corrections and restarts, fillers, ASR chunking, read-backs,
continuations, a check character said apart and glued number words, beside hard negatives; recall / precision /
negative targets) and the scorer Tools/eval_redact_conversations.py, read in full (case schema, labelling conventions,
digit reader, structure checks, built-in redactors, builtin_case_problem, require_set_checks, generator_main; imported
here: ev.builtin_case_problem runs on every case as drawn and a case is drawn again on any problem, ev.require_set_checks
runs on the whole set before anything is written). Not read: the redactor's sources (Sources/), its tests
(Tests/**/*.swift), any *.swift file; nothing was built, neither swift nor the redactor was run, git log / diff / show
were not used. Of the other generators only their module docstrings were read (printed by a script that printed
nothing else), for the shared conventions, what they leave out and which domains are taken, plus the last 60 lines of
Tools/gen_redact_inlet.py (summary_stats / summary / main wiring, which main() here follows) and, by a grep, its
import / ROOT / SET lines. Of the fixtures only the first 300 characters of the first line of each format in
conversations-inlet.jsonl (text, WebVTT, flat and Whisper-style asr-json) were looked at, for the JSON shapes. The
dialogue, phrase banks, domains, speaker labels, layouts, number renderings and look-alikes are this author's own. The
scorer's --self-check did not list this set when it was written (it was registered there after); this generator runs the same checks itself.

Left out, where the conventions disagree or the scorer could not label a construction unambiguously:
  - no complete WRONG version of a phone number and no misheard phone last four: a phone correction abandons a prefix
    or fixes the middle group, a misheard phone read-back covers only the first groups ("您刚才说八六七八……后面？") and
    the caller corrects that group; so no last4_ok depends on whether a wrong phone's tail may stay visible (complete
    wrong IDs / cards, which fail their check, are in: role "wrong");
  - no single-digit spoken correction ("那个四说错了，是九") and no "ninety-nine" style pair readings (the reader has no
    word for them);
  - identity numbers other than the 18-character PRC resident ID (15-digit IDs, passports, HK IDs);
  - no organisation landline with an area code (hotlines only as 400 / 800 / 4008 / 95xxx look-alikes); a caller's own
    landline carries its area code inside the fragment. A landline's EXTENSION is said after a word (分机 / 转分机 /
    extension / ext) and is not labelled: it is not part of the number and names nobody on its own, so a redactor
    that masks it as well is counted a wrong mask there;
  - a country code (+852, 0044, 加86, plus six one, 加一 ...) is never part of a phone fragment (shared convention);
  - no "double" / "triple" at the start of a group (hence of any fragment or piece) or in a phone's last five digits;
  - no digits in text / WebVTT speaker labels, and no stamp directly before a number: stamped layouts always put the
    label between stamp and text; no lone X / 叉 outside a labelled check character; no card last four said alone as
    a look-alike, no birth date said apart from its ID. English "one" as a pronoun ("the one ending in …", "one
    moment") occurs, but never joinable to a number.

Domains (twelve, none used by another set; 33 or 34 calls each): mobile crane hire (crane), septic-tank pumping
(septic), fireworks displays (fireworks), hydroponics kits and nutrient subscriptions (hydro), a bowling alley (bowling),
knife sharpening by post and on site (knife), a scuba-diving school (scuba), a film-development lab (filmlab), pool
maintenance (pool), an observatory's stargazing tours (stargaze), a traditional-Chinese-medicine clinic (tcm) and
generator hire (genset). Each has company names in Chinese and English, its own speaker labels (调度/工地, Scheduler/
Homeowner, 策划/Client, Grow support/Grower, 前台/Bowler, 师傅/Customer, 教练/Diver, 冲洗部/Shooter, 服务台/Owner,
Bookings/Visitor, 导诊/Patient, 租赁部/Hirer), reasons for calling with a matching answer, a reason for wanting each kind
of number, wrap-ups and look-alikes (job sheets, work orders, tonnage, kVA, litres, shell sizes, EC readings, lanes,
degrees, depths, ISO ratings, ppm, prescriptions, session times ...). 67 calls are outbound; some open with an IVR line.

Languages: Chinese 131, English 139, mixed code-switching 130 (also inside numbers: Chinese numerals, English words and
Arabic groups in one number, e.g. "430104 一九五六，一二零八，422", "four three eight zero eight eight 二八四零三九二二幺零").
Formats: plain text 218, WebVTT 63, ASR JSON 119.
  Text: 20 inline layouts of this author's (`lab ▸ `, `ts/lab: `, `(lab) `, `ts ┆ lab ┆ `, `lab ❯ `, `▌lab　`,
  `（ts）lab：`, `<<lab>> `, `lab —› `, `**lab**: `, `ts @ lab: `, `【ts】lab：`, `lab ⁞ `, chat export
  `[date wall] lab: `, `lab:: `, `lab ┃ `, `~lab~ `, `(ts) lab - `, `lab：`, `lab: `), 4 header layouts (`lab · ts`
  above indented text, `┌ lab` / `│ ` boxes, `ts` above `lab> `, a bare `lab` header) and 2 without labels (bare,
  `– `-led); a turn that goes on is relabelled (32), bare (30), indented (32), `↪ `- (30) or `… `-led (36); stamps
  hh:mm:ss, mm:ss, m:ss, 12.5s, 1分02秒, hh:mm:ss.mmm, wall clock; labels: generic pairs (客服/客户, 坐席/来电人, Agent/
  Caller, Rep/Customer, Agent/客户, 客服/Customer ...) or the domain pair, a fifth with the agent's name, a system voice,
  a second caller voice; in 8 calls the diariser swapped the labels. 105 files end in a line break.
  WebVTT: `<v lab>`, `<v lab>…</v>`, `<v.agent lab>…</v>`, `lab: `, `[lab] `, `- ` and bare payloads; numeric, `cN` or
  no cue ids; long and short timings, some cue settings; optional title, Kind / Language lines, NOTE; a turn that goes
  on is a new cue with its voice, a new cue without it, or a second payload line.
  ASR JSON: 41 flat `words` (per-word speakers, confidences, start/end or start_ms/end_ms, some language / duration)
  and 78 Whisper-style `segments` with `words` (leading-space Latin / Arabic words, Chinese one character a word,
  segment speakers SPEAKER_0n, word probabilities, 40 with a top-level text); 23 without punctuation; 36 Chinese.

Phenomena (one per case; cases zh/en/mixed, text/vtt/asr-json; fragments phone/id/card):
  plain 30 (10/10/10, 17/5/8; 13/11/12): answered 9; the question a few lines above the answer (the caller goes to find
    it, "稍等啊，我翻一下名片" … "在这儿，…", the number alone or after "found it") 13; volunteered unasked 5; read off the
    system by the agent 2; mid-sentence 1;
  interruption 42 (15/14/13, 25/6/11; 58/35/29): one back-channel between two pieces 13; a phone in three or four short
    pieces with back-channels between 6; a question in the middle and its answer on their own lines 9; the agent
    echoing the first piece 6; the agent's read-back cut by the caller's 对 / yes 8;
  continuation 32 (11/11/10, 18/5/9; 30/20/16): two lines 7, three lines 8, "我念一下啊：" then the number alone 10, the
    agent reading it off the screen over two lines 7;
  correction 48 (17/16/15, 28/7/13; 72/38/31): a wrong prefix abandoned (哦不是 / 不对 / 说错了 / sorry, no wait / scratch
    that …) 6; a right prefix abandoned and restarted (重新说一下 / let me start again / from the top) 10; two abandoned
    attempts then the whole number 13; a phone's wrong middle group ("不对不对，中间是…，不是…，后面…") then the agent's
    read-back 7; a complete wrong ID / card, "that doesn't validate", then the corrected last group or the whole again 12;
  filler 30 (10/10/10, 17/5/8; 17/15/19): fillers between groups 11, inside ITN chunks 4, a hesitant lead-in 4, in the
    agent's read-back 11;
  asr-chunks 36 (13/12/11, 7/7/22; 22/14/17): ITN chunks (`136 040 1 8147`) 13, a digit a token 8, Chinese numerals /
    English words mixed with Arabic chunks 4, a number cut over two lines / cues / segments of the same speaker 11 (one
    entity in asr-json, two spans in text and WebVTT);
  readback 46 (16/15/15, 27/7/12; 49/41/46): whole 14, last four 3, first group 9, all but the last four finished by
    the caller 10, a misheard ID / card (failing its check) answered "不对，是…，不是…" and read back right 7, a phone's
    first groups misheard and corrected by the caller, then read back whole 3;
  check-char-apart 24 (8/8/8, 14/4/6; 1/57/6): seventeen characters then ……末尾是X / "ends with an X" on the same line 9,
    on the next line 4, or after the agent asks 11 (X, x, Ｘ, 叉; a digit check character in about a fifth);
  glued-words 24 (0/14/10, 14/4/6; 13/14/10): glued English words (onethreeeight, zerodoubletwofive) in a whole number
    14, in the agent's read-back 3, in two pieces around a back-channel 7;
  multi-number 28 (10/9/9, 16/4/8; 46/11/9): two or three kinds asked turn by turn 8; two people's phones (the caller's
    and a spouse's or colleague's, given by the caller or by the second voice after a hand-over) 8; a mobile plus an
    office landline with area code and extension 5; a phone and an ID / card in one line 7;
  negative 60 (21/20/19, 35/9/16): look-alikes only: 15-19 digit tracking / transaction / serial / batch / invoice /
    warranty numbers in Arabic digits, Chinese numerals or English words, said 32 times and said then read back by the
    agent 20 times (all failing Luhn and MOD 11-2, none after an ID / card word); an 11-digit membership number not shaped
    like a mobile 17; a phone asked for and declined 20; chatter with amounts, dates, times, references and 400 / 800 /
    95xxx hotlines 19.
59 calls of the other phenomena carry a second number of another kind (74 cases hold two or more kinds).

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code, valid birth date, MOD
11-2 check character), a bank card (UnionPay 16 / 19, Visa, Mastercard incl. 2-series, Amex; Luhn-valid) or a phone
(PRC mobiles, mobiles after +86, landlines with area code, UK mobiles / landlines, US, Canada, Hong Kong, Singapore,
Australia, Japan, Germany, Malaysia, Taiwan, New Zealand, with and without +, 00, "plus", 加 country codes) said by
anybody is one fragment of its kind, with a "role" (said, piece, echo, readback, misheard, abandoned, wrong,
corrected, check-char). Counts: 772 fragments, phone 321 (42 %), id_number 256, bank_card 195; 203 with last4_ok;
roles said 315, piece 200, readback 105, abandoned 49, wrong 34, corrected 29, check-char 24, misheard 10, echo 6.
A fragment runs from its first digit-bearing word to its last and holds the separators and fillers inside it; in text
and WebVTT it is a code-point span within one line, in asr-json the list of its words. last4_ok is set exactly on phone
fragments that end at the number's final digit with its real last four (whole, last piece, full / last-four / finished
read-back); never on IDs, cards, abandoned prefixes, middle pieces, wrong or misheard digits. Every number is used once.

Checks at generation (a failure aborts and nothing is written; a failed draw is drawn again): every number valid,
every changed ID / card version fails its check; every fragment reads, with the scorer's reader, exactly the digits it
was built from (double / triple collapsed; in asr-json over its words, a cut entity as its two pieces); spans have no
digit-bearing character (digit, numeral, X / 叉, Latin letter) beside them and no ASR word straddles a fragment edge.
Look-alike safety on the said content (no labels, stamps or cue timings; the whole call as one stream): unlabelled
digits joined across spaces, punctuation, line breaks, fillers and and / then / dash / plus / double / 然后 / 和 / 加 /
杠 have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn, no 18-character window passing MOD 11-2, are no
10-12 digit run starting with 0, no NANP-shaped 10-digit run (400 / 800 aside), no 8-digit run starting 5 / 6 / 8 / 9,
no 15 / 18-digit run starting with a province code, no 16 / 19-digit run with a card prefix, hold no 6-digit piece of
any version of a labelled number, and never join a fragment (country codes aside). Then ev.builtin_case_problem per
case and ev.require_set_checks on the set (oracle and keep-last-4: recall 1, precision 1, no negative masked; identity
and leaky: recall at most the short last-4 share; the over-masker masks every negative).

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, kind, domain); each case draws
from random.Random seeded with the seed, its index and a redraw counter (string seeds, so PYTHONHASHSEED does not
matter); two runs write identical bytes. --seed N gives another valid set.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402

SET = "wharf"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-wharf.jsonl")
MASTER_SEED = 61727
N_CASES = 400


class Bug(Exception):
    """The generator contradicts itself: abort, write nothing."""


class Redraw(Exception):
    """This draw of a case is unusable: draw it again."""


# =============================================================================================
# Numbers
# =============================================================================================

ID_REGIONS = ["110105", "110108", "310104", "310115", "440106", "440305", "330106", "330382", "510107", "420106",
              "320102", "320583", "370202", "350203", "350583", "610113", "430104", "120101", "500103", "210102",
              "230103", "530102", "450105", "340104", "360102", "520102", "620102", "650102", "460106", "130102",
              "140105", "150102", "220102", "441900", "371302", "410105", "450305", "321282", "330281", "431102"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
PROVINCES = {r[:2] for r in ID_REGIONS} | {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
                                           "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
                                           "61", "62", "63", "64", "65"}
MOBILE_PFX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153", "155",
              "156", "157", "158", "159", "166", "172", "173", "175", "176", "177", "178", "180", "181", "182", "183",
              "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
AREA = [("010", 8), ("021", 8), ("020", 8), ("022", 8), ("023", 8), ("0755", 8), ("0571", 8), ("028", 8), ("027", 8),
        ("025", 8), ("0532", 8), ("0592", 7), ("029", 8), ("0731", 8), ("0591", 8), ("0898", 8), ("0871", 8), ("0451", 8)]
US_AREA = ["212", "415", "617", "312", "206", "503", "720", "646", "713", "305", "404", "858", "917", "773"]
CA_AREA = ["416", "604", "514", "647", "778"]
CARD_BINS = {"unionpay": ["622202", "621700", "622848", "621661", "622588", "622262", "621483", "622908", "623058",
                          "621226", "622700", "621799"],
             "visa": ["427010", "438088", "476173", "404119", "455951", "421869"],
             "mastercard": ["512425", "524047", "552599", "530990", "222360", "271801"],
             "amex": ["377165", "345678"]}


def id_check(s17):
    return ID_C[sum(int(a) * b for a, b in zip(s17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] in "0123456789X" and id_check(s[:17]) == s[17]


def luhn_ok(s):
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


def luhn_complete(p):
    for d in "0123456789":
        if luhn_ok(p + d):
            return p + d
    raise Bug("luhn")


class Num:
    """A number as said: chars (digits, an ID may end in X), its natural grouping, an optional country code."""

    def __init__(self, kind, sub, chars, groups, cc=None):
        self.kind, self.sub, self.chars, self.groups, self.cc = kind, sub, chars, list(groups), cc
        assert sum(self.groups) == len(chars), (chars, groups)

    def bounds(self):
        b, p = [0], 0
        for g in self.groups:
            p += g
            b.append(p)
        return b


def rdig(rng, n, first="0123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1)) if n else ""


def make_id(rng, want=None):
    while True:
        reg = rng.choice(ID_REGIONS)
        y = rng.randint(1956, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        s17 = f"{reg}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
        ch = id_check(s17)
        if want == "X" and ch != "X":
            continue
        if want == "digit" and ch == "X":
            continue
        s = s17 + ch
        g = rng.choice([[6, 8, 4], [6, 8, 4], [3, 3, 4, 4, 4], [6, 4, 4, 4], [6, 4, 4, 4], [18]])
        return Num("id_number", "id_x" if ch == "X" else "id", s, g)


def make_card(rng, sub=None):
    sub = sub or rng.choices(["unionpay", "unionpay19", "visa", "mastercard", "amex"], [40, 12, 22, 20, 6])[0]
    if sub == "unionpay19":
        body = rng.choice(["621700", "622848", "621226", "623058"]) + rdig(rng, 12)
        s = luhn_complete(body)
        return Num("bank_card", sub, s, rng.choice([[4, 4, 4, 4, 3], [6, 13], [4, 4, 4, 4, 3]]))
    if sub == "amex":
        s = luhn_complete(rng.choice(CARD_BINS["amex"]) + rdig(rng, 8))
        return Num("bank_card", sub, s, [4, 6, 5])
    s = luhn_complete(rng.choice(CARD_BINS[sub]) + rdig(rng, 9))
    return Num("bank_card", sub, s, rng.choice([[4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [6, 10], [8, 8]]))


PHONE_SUBS = ["mobile", "mobile_cc", "landline", "uk", "uk_land", "us", "hk", "sg", "au", "jp", "de", "my", "tw", "nz", "ca"]


def make_phone(rng, sub):
    if sub in ("mobile", "mobile_cc"):
        s = rng.choice(MOBILE_PFX) + rdig(rng, 8)
        g = rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [3, 3, 5], [11]])
        return Num("phone", sub, s, g, "86" if sub == "mobile_cc" else None)
    if sub == "landline":
        ac, n = rng.choice(AREA)
        s = ac + rdig(rng, n, "2345678")
        g = [len(ac), 4, 4] if n == 8 else [len(ac), 3, 4]
        return Num("phone", sub, s, g)
    if sub == "uk":
        if rng.random() < 0.55:
            s = "7" + rng.choice("123456789") + rdig(rng, 8)
            return Num("phone", sub, s, rng.choice([[4, 6], [4, 3, 3]]), "44")
        s = "07" + rng.choice("123456789") + rdig(rng, 8)
        return Num("phone", sub, s, rng.choice([[5, 6], [5, 3, 3]]))
    if sub == "uk_land":
        if rng.random() < 0.5:
            s = "20" + rng.choice("378") + rdig(rng, 7)
            return Num("phone", sub, s, [2, 4, 4], "44")
        s = "020" + rng.choice("378") + rdig(rng, 7)
        return Num("phone", sub, s, [3, 4, 4])
    if sub in ("us", "ca"):
        s = rng.choice(US_AREA if sub == "us" else CA_AREA) + rng.choice("23456789") + rdig(rng, 6)
        return Num("phone", sub, s, [3, 3, 4], "1" if rng.random() < 0.6 else None)
    if sub == "hk":
        s = rng.choice("569") + rdig(rng, 7)
        return Num("phone", sub, s, [4, 4], "852" if rng.random() < 0.75 else None)
    if sub == "sg":
        s = rng.choice("89") + rdig(rng, 7)
        return Num("phone", sub, s, [4, 4], "65" if rng.random() < 0.75 else None)
    if sub == "au":
        if rng.random() < 0.55:
            s = "4" + rdig(rng, 8)
            return Num("phone", sub, s, [3, 3, 3], "61")
        s = "04" + rdig(rng, 8)
        return Num("phone", sub, s, [4, 3, 3])
    if sub == "jp":
        if rng.random() < 0.6:
            s = rng.choice(["90", "80", "70"]) + rdig(rng, 8)
            return Num("phone", sub, s, [2, 4, 4], "81")
        s = rng.choice(["090", "080"]) + rdig(rng, 8)
        return Num("phone", sub, s, [3, 4, 4])
    if sub == "de":
        if rng.random() < 0.6:
            s = rng.choice(["151", "160", "170", "176"]) + rdig(rng, 8)
            return Num("phone", sub, s, [3, 4, 4], "49")
        s = rng.choice(["0151", "0160", "0170", "0176"]) + rdig(rng, 8)
        return Num("phone", sub, s, [4, 4, 4])
    if sub == "my":
        s = "1" + rng.choice("2679") + rdig(rng, 7)
        return Num("phone", sub, s, [2, 3, 4], "60")
    if sub == "tw":
        if rng.random() < 0.6:
            s = "9" + rdig(rng, 8)
            return Num("phone", sub, s, [3, 3, 3], "886")
        s = "09" + rdig(rng, 8)
        return Num("phone", sub, s, [4, 3, 3])
    if sub == "nz":
        s = "2" + rng.choice("17") + rdig(rng, 7)
        return Num("phone", sub, s, [2, 3, 4], "64")
    raise Bug(sub)


def pick_phone_sub(rng, lang):
    w = {"zh": [40, 12, 16, 4, 2, 3, 7, 4, 3, 2, 1, 2, 3, 1, 1],
         "en": [18, 8, 8, 12, 6, 10, 8, 7, 8, 3, 3, 2, 2, 2, 3],
         "mixed": [28, 10, 12, 7, 3, 6, 8, 6, 5, 3, 2, 3, 3, 2, 2]}[lang]
    return rng.choices(PHONE_SUBS, w)[0]


def wrong_version(rng, num, lo, hi):
    """The number's chars with one digit in [lo, hi) changed (an ID / card so changed fails its check)."""
    ch = list(num.chars)
    i = rng.randrange(lo, hi)
    while not ch[i].isdigit():
        i = rng.randrange(lo, hi)
    ch[i] = rng.choice([d for d in "0123456789" if d != ch[i]])
    v = "".join(ch)
    if num.kind == "id_number" and id_valid(v):
        raise Bug("a changed ID validates")
    if num.kind == "bank_card" and luhn_ok(v):
        raise Bug("a changed card validates")
    return v, i


# =============================================================================================
# Saying digits
# =============================================================================================

CN = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
      "8": "eight", "9": "nine"}
FW = {d: chr(0xFF10 + int(d)) for d in "0123456789"}
DIGIT_BEARING = set("0123456789") | set(FW.values()) | set(ev.CN_VAL) | set("Ｘ叉")


def bearing(ch):
    return ch in DIGIT_BEARING or (ch.isascii() and ch.isalpha())


class Voice:
    """How one speaker says digits in one call: 幺 or 一, 零 or 〇, oh or zero, X or x ..."""

    def __init__(self, rng, kind):
        self.one = "幺" if (kind == "phone" and rng.random() < 0.8) or rng.random() < 0.25 else "一"
        self.zero_cn = "〇" if rng.random() < 0.1 else "零"
        self.two_cn = "两" if kind == "phone" and rng.random() < 0.12 else "二"
        self.zero_en = rng.choice(["oh", "oh", "zero", "mix"])
        self.x = rng.choice(["X", "X", "X", "x"])
        self.x_cn = rng.choice(["叉", "X", "叉"])
        self.dbl = rng.random() < 0.45


def say_group(rng, voice, num, chars, s, e, style):
    """chars[s:e] in one style: (text, reads)."""
    seg = chars[s:e]
    n = len(num.chars)
    if style == "ar":
        return "".join(voice.x if c == "X" else c for c in seg), seg
    if style == "fw":
        return "".join("Ｘ" if c == "X" else FW[c] for c in seg), seg
    if style == "cn":
        out = []
        for c in seg:
            out.append({"X": voice.x_cn, "1": voice.one, "0": voice.zero_cn, "2": voice.two_cn}.get(c, CN.get(c)))
        return "".join(out), seg
    if style in ("en", "glue"):
        words, reads = [], ""
        i = s
        while i < e:
            c = chars[i]
            if c == "X":
                words.append(voice.x)
                reads += "X"
                i += 1
                continue
            zero = voice.zero_en if voice.zero_en != "mix" else rng.choice(["oh", "zero"])
            w = EN[c] if c != "0" else zero
            run = 1
            while i + run < e and chars[i + run] == c and run < 3:
                run += 1
            ok_pos = i > s and (num.kind != "phone" or i + run <= n - 5)
            if voice.dbl and ok_pos and run >= 2 and rng.random() < 0.7:
                if run == 3 and rng.random() < 0.6:
                    words += ["triple", w]
                    reads += c
                    i += 3
                    continue
                words += ["double", w]
                reads += c
                i += 2
                continue
            words.append(w)
            reads += c
            i += 1
        if style == "glue":
            if words and words[-1] in ("X", "x"):
                return "".join(words[:-1]) + " " + words[-1] if len(words) > 1 else words[-1], reads
            return "".join(words), reads
        return " ".join(words), reads
    raise Bug(style)


STYLE_SETS = {"ar": ["ar"], "cn": ["cn"], "en": ["en"], "glue": ["glue"], "fw": ["fw"],
              "mixcn": ["cn", "ar"], "mixen": ["en", "ar"], "mixall": ["cn", "en", "ar"], "mixglue": ["glue", "ar", "en"]}


def pick_style(rng, lang, kind=None):
    if lang == "zh":
        return rng.choices(["ar", "cn", "mixcn", "fw"], [44, 32, 20, 4])[0]
    if lang == "en":
        return rng.choices(["ar", "en", "mixen"], [40, 44, 16])[0]
    return rng.choices(["ar", "cn", "en", "mixall", "mixcn", "mixen"], [22, 14, 12, 30, 12, 10])[0]


FILL = {"zh": ["呃", "嗯", "那个", "就是", "额"], "en": ["um", "uh", "er", "erm", "hmm"],
        "mixed": ["呃", "嗯", "那个", "um", "uh"]}


def fill_sep(rng, lang, prev_style, next_style):
    w = rng.choice(FILL[lang])
    if lang == "en" or (lang == "mixed" and w in ("um", "uh")):
        return rng.choice([f", {w}, ", f" {w} ", f"... {w}... ", f" - {w} - "])
    return rng.choice([f"，{w}，", f"……{w}……", f" {w} ", f"，{w}……"])


def group_sep(rng, lang, a, b, prefs):
    if a == b == "ar":
        return prefs["ar"]
    if a == b == "fw":
        return prefs["ar"] if prefs["ar"] != "-" else " "
    if a == b == "cn":
        return prefs["cn"]
    if a == b == "en":
        return prefs["en"]
    if "glue" in (a, b):
        return " "
    return rng.choice([" ", " ", "，"]) if lang != "en" else rng.choice([" ", ", "])


class Frag:
    def __init__(self, num, role, text, reads, said, s, e, join=None):
        self.num, self.kind, self.role = num, num.kind, role
        self.text, self.reads, self.said, self.s, self.e = text, reads, said, s, e
        self.join = join
        end_at_last = e == len(num.chars)
        self.last4 = bool(num.kind == "phone" and end_at_last and role not in ("abandoned", "wrong", "misheard")
                          and said[-4:] == num.chars[-4:])


class CC(str):
    """A country code as said before a phone: never part of the fragment."""


def natural_groups(num, s, e):
    b = [x for x in num.bounds() if s < x < e]
    pts = [s] + b + [e]
    return [pts[i + 1] - pts[i] for i in range(len(pts) - 1)]


def chunk_groups(rng, n):
    out = []
    while n > 0:
        k = min(n, rng.choice([1, 2, 3, 3, 4, 4]))
        out.append(k)
        n -= k
    if len(out) < 2 and sum(out) > 2:
        a = sum(out)
        out = [a // 2, a - a // 2]
    return out


def mkfrag(c, num, s, e, role, style=None, fills=0, chars=None, grouping=None, voice=None, join=None, sep=None):
    rng = c.rng
    chars = chars or num.chars
    if grouping is None:
        grouping = natural_groups(num, s, e)
    elif grouping == "chunk":
        grouping = chunk_groups(rng, e - s)
    elif grouping == "single":
        grouping = [1] * (e - s)
    elif grouping == "merge":
        grouping = [e - s]
    assert sum(grouping) == e - s, (grouping, s, e)
    style = style or c.style
    voice = voice or c.voice(num)
    opts = STYLE_SETS[style]
    gst = [rng.choice(opts) for _ in grouping]
    if len(opts) > 1 and len(grouping) > 1 and len(set(gst)) == 1:
        gst[rng.randrange(len(gst))] = rng.choice([o for o in opts if o != gst[0]])
    prefs = {"ar": sep if sep is not None else rng.choice([" ", " ", " ", "-", ""]),
             "cn": sep if sep is not None else rng.choice(["", "，", " ", "", "，"]),
             "en": sep if sep is not None else rng.choice([" ", ", ", " ", ", "])}
    if prefs["cn"] == "-":
        prefs["cn"] = " "
    if prefs["en"] in ("", "-"):
        prefs["en"] = " "
    parts = []
    p = s
    for gl, st in zip(grouping, gst):
        parts.append(say_group(rng, voice, num, chars, p, p + gl, st))
        p += gl
    nb = len(parts) - 1
    fill_at = set(rng.sample(range(nb), min(fills, nb))) if nb else set()
    text, reads = parts[0][0], parts[0][1]
    for i in range(1, len(parts)):
        a, b = gst[i - 1], gst[i]
        if (i - 1) in fill_at:
            text += fill_sep(rng, c.lang, a, b)
        else:
            sp = group_sep(rng, c.lang, a, b, prefs)
            if sp == "" and (a != b or a not in ("ar", "cn", "fw")):
                sp = " "
            text += sp
        text += parts[i][0]
        reads += parts[i][1]
    f = Frag(num, role, text, reads, chars[s:e], s, e, join)
    if chars != num.chars and chars not in c.versions:
        c.versions.append(chars)
    got = "".join(u[3] for u in ev.read_units(text))
    if got != reads:
        raise Redraw(f"fragment {text!r} reads {got!r}, not {reads!r}")
    if not bearing(text[0]) or not bearing(text[-1]):
        raise Bug(f"fragment edge {text!r}")
    return f


def cc_form(rng, lang, cc):
    words = " ".join(EN[d] for d in cc)
    cnw = "".join(CN[d] for d in cc)
    if lang == "zh":
        return rng.choice([f"+{cc}", f"00{cc}", f"加{cc}", f"+{cc}", f"加{cnw}"])
    if lang == "en":
        return rng.choice([f"+{cc}", f"00{cc}", f"plus {words}", f"+{cc}", f"plus {cc}", f"+ {cc}"])
    return rng.choice([f"+{cc}", f"00{cc}", f"plus {cc}", f"加{cc}", f"plus {cnw}", f"+{cc}"])


# =============================================================================================
# Words around the numbers (this author's own)
# =============================================================================================

NOUN = {"phone": {"zh": "电话", "en": "number", "mixed": "phone number"},
        "id_number": {"zh": "身份证号", "en": "ID number", "mixed": "身份证 number"},
        "bank_card": {"zh": "卡号", "en": "card number", "mixed": "card number"}}

GREET = {
    "zh": ["您好，{co}，我是{ag}，请讲。", "{co}您好，{ag}为您服务。", "喂，您好，这里是{co}，我姓{agsn}。", "您好，{co}客服{ag}，有什么需要？"],
    "en": ["{co}, {ag} speaking, how can I help?", "Good afternoon, {co}, you're through to {ag}.", "Hi there, {co}, this is {ag}.",
           "Thanks for calling {co}. {ag} here, what can I do for you?"],
    "mixed": ["您好，{co}，我是{ag}，how can I help？", "Hi，{co}，{ag} 这边，您请说。", "您好 {co}，{ag} speaking。"],
}
OUTBOUND = {
    "zh": ["喂，您好，请问是{cu}吗？我这边是{co}的{ag}。", "您好，{cu}是吧？{co}的，打扰您两分钟。"],
    "en": ["Hello, is that {cu}? It's {ag} calling from {co}.", "Hi, am I speaking with {cu}? {ag} from {co} here."],
    "mixed": ["喂，{cu}吗？我是{co}的 {ag}。", "Hello，请问是{cu}吗？这边 {co}。"],
}
GENERIC_ANS = {"zh": ["好的，我帮您处理。", "明白，我这边跟进。"], "en": ["Sure, I can sort that out.", "Right, leave that with me."],
               "mixed": ["OK，我帮您处理。", "明白，我 follow up。"]}
OUTREASON = {"zh": ["关于您{D}的预约，跟您确认几个信息。", "您之前在我们这儿下过单，补登记一点资料。"],
             "en": ["It's about your booking for {D}, just a couple of details to confirm.", "We're updating a few details on your account."],
             "mixed": ["关于您 {D} 的 booking，confirm 几个信息。", "您的 account 要补一点资料。"]}
OUT_OK = {"zh": ["好的，您问吧。", "行。"], "en": ["Sure, fire away.", "Okay."], "mixed": ["OK，您问。", "好的，go ahead。"]}
OUT_ANS = {"zh": ["是我，什么事？", "对，您说。"], "en": ["Speaking, yes.", "That's me, go ahead."],
           "mixed": ["是我，what's up？", "对，您说。"]}
IVR = {"zh": ["为了提升服务质量，您的通话可能会被录音。", "欢迎致电{co}，正在为您转接人工。"],
       "en": ["This call may be recorded for training and quality purposes.", "Welcome to {co}. Connecting you to the team."],
       "mixed": ["欢迎致电{co}，this call may be recorded。", "Your call is being connected，请稍候。"]}
ASK = {
    "phone": {"zh": ["方便留个联系电话吗？{why}。", "{why}，您留个电话给我吧。", "您的手机号是多少？{why}。", "麻烦报一下联系方式，{why}。"],
              "en": ["Could I grab a contact number? {why}", "What's the best number for you? {why}", "{why} Can I take a phone number?",
                     "And a number we can reach you on?"],
              "mixed": ["您的 mobile number 是多少？{why}。", "留个 contact number 给我？{why}。", "{why}，phone 留一个？"]},
    "id_number": {"zh": ["{why}，麻烦报一下您的身份证号。", "需要登记一下身份证号码，{why}。", "您身份证号多少？{why}。"],
                  "en": ["{why} Could you read me your ID card number?", "I'll need the number on your resident ID. {why}",
                         "Can I take your ID number, please? {why}"],
                  "mixed": ["{why}，您的 ID number 报一下？", "身份证号码 read 给我一下，{why}。", "麻烦给我您的 ID，{why}。"]},
    "bank_card": {"zh": ["{why}，您报一下卡号吧。", "用哪张卡？麻烦把卡号念一下，{why}。", "银行卡号多少？{why}。"],
                  "en": ["{why} What's the long number on the card?", "Which card is it going on? Read me the number. {why}",
                         "Go ahead with the card number when you're ready. {why}"],
                  "mixed": ["{why}，card number 念一下？", "哪张 card？卡号报一下，{why}。", "您把 card 上的号码 read 给我。"]},
}
LEAD = {
    "phone": {"zh": ["{N}。", "是{N}。", "我手机{N}。", "嗯，{N}。", "您记一下，{N}。", "打这个，{N}。"],
              "en": ["It's {N}.", "Sure, {N}.", "Yeah, {N}.", "Best is {N}.", "You can get me on {N}."],
              "mixed": ["我的 number 是{N}。", "OK，{N}。", "打{N}就行。", "嗯，{N}，this one。"]},
    "id_number": {"zh": ["{N}。", "是{N}。", "好的，{N}。", "我念啊，{N}。"],
                  "en": ["Right, it's {N}.", "Sure: {N}.", "It's {N}.", "Okay, {N}."],
                  "mixed": ["OK，{N}。", "身份证是{N}。", "我 read 一下，{N}。"]},
    "bank_card": {"zh": ["{N}。", "卡号是{N}。", "好，{N}。", "我看着念，{N}。"],
                  "en": ["It's {N}.", "Okay, {N}.", "Card number's {N}.", "Got it here, {N}."],
                  "mixed": ["卡号是{N}。", "OK，{N}。", "Card 是{N}。"]},
}
ACK = {"zh": ["好的，记下了。", "收到。", "好，录进去了。", "行，我这边备注上。"],
       "en": ["Got it, thanks.", "Lovely, that's in.", "Perfect, noted.", "Great, I've put that down."],
       "mixed": ["OK，记下了。", "好的，noted。", "收到，thanks。"]}
BC = {"zh": ["嗯。", "嗯嗯，您说。", "好，在记。", "嗯，然后呢？", "对，继续。", "好的好的。"],
      "en": ["Mhm.", "Yep, go on.", "Okay, with you.", "Right, and then?", "Got that bit.", "Uh-huh."],
      "mixed": ["嗯，OK。", "OK，继续。", "好的，go on。", "Yes，然后呢？", "嗯嗯，got it。"]}
MIDQ = {"phone": {"zh": [("等下，这是您本人的号码吗？", "对，我自己的。"), ("您说慢点，我这边在打字。", "好。"),
                         ("喂？刚才信号不太好，您接着说。", "哦好。")],
                  "en": [("Sorry, is that your own number?", "Yeah, mine."), ("Slow down a touch, my screen's lagging.", "Sure, sorry."),
                         ("You broke up there, carry on?", "Okay.")],
                  "mixed": [("等下，这是您自己的 number 吗？", "对，mine。"), ("Sorry，信号不好，您继续。", "OK。")]},
        "id_number": {"zh": [("是您本人的证件吧？", "对，本人的。"), ("稍等，系统有点卡……好了，您继续。", "嗯。")],
                      "en": [("Is that your own ID?", "Yes, it is."), ("Hang on, the form's reloading... okay, go on.", "Right.")],
                      "mixed": [("是您本人的 ID 吗？", "Yes，本人。"), ("Sorry，系统卡了，您继续。", "好。")]},
        "bank_card": {"zh": [("是您名下的卡吗？", "对，我的。"), ("您稍等，我换个页面……好，继续。", "嗯。")],
                      "en": [("Is the card in your name?", "It is, yeah."), ("Sorry, just a moment... okay, keep going.", "Sure.")],
                      "mixed": [("Card 是您本人的吗？", "对，我的。"), ("Sorry，页面刷新了，继续。", "OK。")]}}
CORR = {"zh": ["哦不是", "不对", "说错了", "不对不对", "哎，看错了", "等等，不对"],
        "en": ["sorry, no wait", "scratch that", "no hang on, that's wrong", "sorry, wrong way round", "hold on, no"],
        "mixed": ["哦 sorry，不对", "wait，说错了", "不对，sorry", "no no，不是这个"]}
RESTART = {"zh": ["我重新说一下", "从头再来", "重新报啊", "我再说一遍"],
           "en": ["let me start again", "from the top", "let me do that again", "I'll start over"],
           "mixed": ["我 start again", "重新来，from the top", "let me 重新说"]}
FIND = {"zh": ["稍等啊，我翻一下名片。", "您等会儿，我去拿卡。", "等等，我看看手机里存的。", "哎，我找找，压在哪儿了……"],
        "en": ["Hang on, let me dig it out.", "Give me a sec, it's in my other bag.", "Bear with me, I'll find the card.",
               "Hold on, it's written down somewhere."],
        "mixed": ["等一下，我找下那张 card。", "Hold on，我翻一下。", "Wait，我看看 phone 里存的。"]}
WAIT = {"zh": ["好的，不着急。", "没事，您慢慢找。", "好，我等您。"],
        "en": ["No rush.", "Take your time.", "Sure, I'll hang on."],
        "mixed": ["OK，不急。", "No problem，您慢慢来。"]}
FILLER_TALK = {"zh": ["……嗯……", "还没找到，等下啊。", "哦在这儿在这儿。"],
               "en": ["...right...", "Still looking, sorry.", "Ah, here it is."],
               "mixed": ["……嗯……", "还在找，sorry。", "OK 找到了。"]}
FOUND = {"zh": ["找到了，{N}。", "{N}。", "好了，是{N}。", "在这儿，{N}。"],
         "en": ["Right, got it: {N}.", "{N}.", "Here we go, {N}.", "Okay, it's {N}."],
         "mixed": ["找到了，{N}。", "OK，{N}。", "{N}，this one。"]}
RB = {"zh": ["我核对一下，{N}，对吗？", "跟您确认一下：{N}，没错吧？", "好的，{N}，对吧？", "{N}，是这个吗？"],
      "en": ["Let me read that back: {N}. Correct?", "So that's {N}?", "I have {N}, is that right?", "Just checking, {N}?"],
      "mixed": ["我 double check 一下，{N}，对吗？", "OK，{N}，correct 吗？", "So 是{N}，对吧？"]}
RB_LAST = {"phone": {"zh": ["尾号{N}的，对吧？", "最后是{N}，对吗？"], "en": ["Ending {N}, yes?", "The one ending in {N}?"],
                     "mixed": ["尾号{N}，right？", "Ending {N}，对吧？"]},
           "id_number": {"zh": ["末尾{N}，对吧？"], "en": ["And it finishes {N}?"], "mixed": ["最后是{N}，right？"]},
           "bank_card": {"zh": ["尾号{N}的卡，对吧？", "就是{N}结尾那张？"], "en": ["The card ending {N}?", "Ending in {N}, right?"],
                         "mixed": ["尾号{N}的 card，对吗？", "Ending {N} 那张？"]}}
RB_FIRST = {"zh": ["是{N}开头的吧？", "前面是{N}，对吧？"], "en": ["Starts with {N}, yeah?", "That begins {N}?"],
            "mixed": ["{N}开头，right？", "Starts with {N}，对吧？"]}
FINISH = {"zh": ["所以是{N}……？", "您刚才说{N}……后面？"], "en": ["So that's {N}...?", "I've got {N}... and the rest?"],
          "mixed": ["So 是{N}……？", "我这里是{N}……then？"]}
CONFIRM = {"zh": ["对的。", "没错。", "对，就是这个。", "嗯，对。"], "en": ["Yes, that's right.", "Spot on.", "Yep, that's it.", "Correct."],
           "mixed": ["对，correct。", "Yes，没错。", "对的对的。"]}
DENY = {"zh": ["不对，是{A}，不是{B}。", "不是{B}，是{A}。", "错了，是{A}，不是{B}。"],
        "en": ["No, it's {A}, not {B}.", "Not {B}, {A}.", "Close, but it's {A} rather than {B}."],
        "mixed": ["No，是{A}，不是{B}。", "不是{B}，it's {A}。"]}
DENY_MID = {"zh": ["不对不对，中间是{A}，不是{B}，后面{C}。", "中间那段是{A}，不是{B}，然后{C}。"],
            "en": ["No, the middle's {A}, not {B}, then {C}.", "Middle bit is {A}, not {B}. Then {C}."],
            "mixed": ["不对，middle 是{A}，不是{B}，后面{C}。", "No no，中间是{A}，not {B}，then {C}。"]}
CHECKQ = {"zh": ["最后一位呢？", "末尾那个是什么？"], "en": ["And the last character?", "What's the final one?"],
          "mixed": ["最后一位呢？", "And the last one 是？"]}
CHECKA = {"zh": ["末尾是{X}。", "最后是个{X}。", "……末尾是{X}。", "最后那个是{X}。"],
          "en": ["It ends with an {X}.", "The last character's {X}.", "Then a capital {X}.", "And {X} at the end."],
          "mixed": ["最后是个 {X}。", "末尾是 {X}，letter 那个。", "Ends with {X}。"]}
CHECKA_D = {"zh": ["最后一位是{X}。", "末尾是{X}。"], "en": ["And the last digit is {X}.", "Then {X} at the end."],
            "mixed": ["最后一位是{X}。", "Last digit 是{X}。"]}
READOUT = {"zh": ["我念一下啊：", "您记一下：", "我看着念："], "en": ["I'll read it out:", "Here it is:", "Okay, ready?"],
           "mixed": ["我 read 一下：", "OK，我念："]}
SCREEN = {"zh": ["我这边系统里显示的是", "您预留的是"], "en": ["What I've got on screen is", "The one on file is"],
          "mixed": ["系统里 show 的是", "On file 是"]}
HESIT = {"zh": ["呃……我想想，", "那个……", "嗯，就是，"], "en": ["Um, let me think, ", "Uh, right, ", "Erm, "],
         "mixed": ["呃，let me see，", "那个，um，"]}
BYE = {"zh": ["好的，谢谢，再见。", "行，麻烦了。", "好嘞，拜拜。"], "en": ["Brilliant, thanks. Bye.", "Cheers, bye now.", "Great, thank you."],
       "mixed": ["OK，谢谢，bye。", "好的 thanks，拜拜。"]}
VOL = {"phone": {"zh": ["对了，到时候让人打我{N}就行。", "你们要是找不到人，直接打{N}。", "我留个号，{N}，有事打这个。"],
                 "en": ["Oh and if they get lost, ring me on {N}.", "My number's {N}, by the way, in case.", "Just call {N} when you're outside."],
                 "mixed": ["对了，有事打我{N}，OK？", "By the way，my number 是{N}。"]},
       "id_number": {"zh": ["上次说要身份证，我先报了吧，{N}。"], "en": ["You'll want my ID again, so: {N}."],
                     "mixed": ["上次要 ID，我直接报了，{N}。"]},
       "bank_card": {"zh": ["退款就退到这张卡，{N}。"], "en": ["Put the refund back on {N}, please."],
                     "mixed": ["Refund 退到这张卡，{N}。"]}}
SYSTEM = {"phone": {"zh": ["系统里留的号码是{N}，还在用吗？"], "en": ["I've got {N} on file for you, still current?"],
                    "mixed": ["系统里的 number 是{N}，还在用吗？"]},
          "id_number": {"zh": ["登记的证件号是{N}，对吗？"], "en": ["The ID we hold is {N}, correct?"],
                        "mixed": ["登记的 ID 是{N}，right？"]},
          "bank_card": {"zh": ["绑定的卡是{N}，对吗？"], "en": ["The card on the account is {N}, right?"],
                        "mixed": ["绑定的 card 是{N}，对吗？"]}}
STILL = {"zh": ["对，还是这个。", "对的，没换。"], "en": ["Yes, still the same.", "Yep, that's current."],
         "mixed": ["对，still 这个。", "Yes，没换。"]}
MIDSENT = {"zh": ["你让师傅到了打{N}找我，我在门口等。", "到时候{N}这个号能找到我，白天都在。"],
           "en": ["Tell them to ring {N} from the gate and I'll come down.", "Anyone can reach me on {N} during the day."],
           "mixed": ["到了打{N}，I'll come down。", "白天打{N}就行，anytime。"]}
OTHER = {"zh": [("我爱人", "家属"), ("我同事", "同事"), ("我儿子", "家属")],
         "en": [("my wife", "Spouse"), ("my colleague", "Colleague"), ("my husband", "Spouse")],
         "mixed": [("我老公", "家属"), ("我 colleague", "同事")]}
HANDOVER = {"zh": ["您稍等，让{who}跟您说。", "我把电话给{who}。"], "en": ["Hang on, I'll put {who} on.", "Let me pass you to {who}."],
            "mixed": ["等下，我让{who}跟您说。", "Hold on，{who}来说。"]}
SECOND_ASK = {"zh": ["再留一个备用号码吧？", "家里人的电话也留一个？"], "en": ["Is there a second number, just in case?", "Any backup number?"],
              "mixed": ["Backup number 留一个？", "再留一个 second number？"]}
LANDLINE_EXT = {"zh": ["座机是{N}，分机{E}。", "办公室座机{N}，转分机{E}。"], "en": ["The office line is {N}, extension {E}.", "Landline's {N}, then ext {E}."],
                "mixed": ["Office 座机{N}，extension {E}。", "座机{N}，分机{E}。"]}


# =============================================================================================
# Domains (twelve; none used by another set)
# =============================================================================================

def _code(rng, pfx, n):
    return f"{pfx}{rdig(rng, n, '23456789')}"


DOMAINS = [
    dict(key="crane", co={"zh": "鼎力吊装", "en": "LiftRight Crane Hire"}, lab={"zh": ("调度", "工地"), "en": ("Dispatch", "Site lead")},
         vars=lambda r: {"O": _code(r, "JS-", 5), "Q": r.choice(["25", "50", "80", "130"]), "M": r.choice(["QY25K", "ZTC550", "LTM1090"])},
         reason={"zh": ["我想订一台{Q}吨的汽车吊，周六上午要用。", "你们的吊车司机还没到，工单{O}。", "上周那次吊装的发票开错了，单号{O}。"],
                 "en": ["I need a {Q}-tonne mobile crane on site Saturday morning.", "Your operator's not turned up, job sheet {O}.",
                        "The invoice for last week's lift is wrong, job {O}."],
                 "mixed": ["我要订一台 {Q} tonne 的 crane，周六用。", "司机还没到 site，job sheet {O}。", "Invoice 开错了，单号{O}。"]},
         answer={"zh": ["好的，{M}那台周六有空档，我帮您锁定。", "我查到{O}了，司机在路上，我再催一下。"],
                 "en": ["Okay, the {M} is free Saturday, I'll hold it.", "Found {O}, the driver's en route, I'll chase him."],
                 "mixed": ["OK，{M} 周六 available，我帮您 hold。", "{O} 查到了，driver 在路上。"]},
         why={"phone": {"zh": "司机到现场要联系您", "en": "The operator rings ahead from the gate.", "mixed": "driver 到 site 要 call 您"},
              "id_number": {"zh": "租赁合同要实名登记", "en": "The hire contract has to be in a named person's ID.", "mixed": "contract 要实名"},
              "bank_card": {"zh": "押金要先预授权", "en": "We pre-authorise the deposit.", "mixed": "deposit 要先 pre-auth"}},
         wrap={"zh": ["合同编号{O}，周六早上七点半到场。", "好，我把{O}的发票重开，三个工作日内发您。"],
               "en": ["Your job ref is {O}, crane on site from half seven.", "I'll reissue the invoice on {O} within three working days."],
               "mixed": ["Job ref {O}，周六 7:30 到场。", "Invoice 重开，three working days 内发您。"]}),
    dict(key="septic", amap=[0, None, 1], co={"zh": "清源环卫", "en": "ClearFlow Septic"}, lab={"zh": ("调度员", "业主"), "en": ("Scheduler", "Homeowner")},
         vars=lambda r: {"O": _code(r, "WO", 5), "Q": r.choice(["4", "6", "8", "10"]), "M": r.choice(["3.5", "5", "7.5"])},
         reason={"zh": ["我家化粪池满了，往外冒，能不能今天来抽？", "每年例行清掏，想约一下，工单{O}。", "房子要卖，买家要一份清掏证明。"],
                 "en": ["Our septic tank's backing up, can someone come today?", "It's the annual pump-out, work order {O}.",
                        "We're selling the house and the buyer wants a pump-out certificate."],
                 "mixed": ["化粪池满了，can you come today？", "Annual pump-out 想约一下，{O}。", "卖房子要一份 certificate。"]},
         answer={"zh": ["您的池子{Q}立方对吧，今天下午能排上。", "证明我们抽完当场开。"],
                 "en": ["That's the {Q} cubic metre tank? We can fit you in this afternoon.", "The certificate's issued on the day."],
                 "mixed": ["{Q} 立方的 tank，今天下午 OK。", "Certificate 当天就开。"]},
         why={"phone": {"zh": "罐车到了要跟您联系", "en": "The tanker driver calls before arriving.", "mixed": "tanker 到之前 call 您"},
              "id_number": {"zh": "清掏证明要写户主身份证", "en": "The certificate carries the owner's ID.", "mixed": "certificate 上要写户主 ID"},
              "bank_card": {"zh": "上门费要先扣", "en": "The call-out fee is taken upfront.", "mixed": "call-out fee 要先付"}},
         wrap={"zh": ["好，{O}安排好了，{M}吨的车过去。", "今天下午两点到四点之间上门。"],
               "en": ["Right, {O} is booked, the {M}-tonne tanker's coming.", "Between two and four this afternoon."],
               "mixed": ["{O} 安排好了，下午 2 点到 4 点。", "OK，{M} 吨的 truck 过去。"]}),
    dict(key="fireworks", co={"zh": "焰火工坊", "en": "Skyburst Displays"}, lab={"zh": ("策划", "客户"), "en": ("Planner", "Client")},
         vars=lambda r: {"O": _code(r, "SB", 4), "Q": r.choice(["3", "4", "6"]), "M": r.choice(["8", "12", "15"])},
         reason={"zh": ["婚礼那天想放一场{M}分钟的烟花，在湖边。", "我们的燃放许可还没批下来，订单{O}。", "明天风太大了，想改期。"],
                 "en": ["We'd like a {M}-minute display at the wedding, by the lake.", "Our firing permit hasn't come through, booking {O}.",
                        "Tomorrow's forecast is too windy, can we move the show?"],
                 "mixed": ["婚礼想放一场 {M} 分钟的 display。", "许可还没批，booking {O}。", "明天 wind 太大，想 reschedule。"]},
         answer={"zh": ["湖边可以，最大用{Q}寸的弹。", "许可我们帮您跟进，{O}我看一下。"],
                 "en": ["Lakeside's fine, {Q}-inch shells max.", "We'll chase the permit, let me pull up {O}."],
                 "mixed": ["湖边 OK，max {Q} inch。", "Permit 我们 follow up。"]},
         why={"phone": {"zh": "燃放当天安全员要联系您", "en": "The safety officer calls on the night.", "mixed": "当天 safety officer 要联系您"},
              "id_number": {"zh": "申请燃放许可要身份证", "en": "The permit application needs your ID.", "mixed": "permit 申请要 ID"},
              "bank_card": {"zh": "定金要刷一下", "en": "We take the deposit now.", "mixed": "deposit 要先刷"}},
         wrap={"zh": ["订单{O}，我们会提前一天踩点。", "改期不收费，您放心。"],
               "en": ["Booking {O}, we'll do a site walk the day before.", "No charge for moving it."],
               "mixed": ["Booking {O}，前一天 site walk。", "改期 free，放心。"]}),
    dict(key="hydro", amap=[0, None, 1], co={"zh": "绿立方水培", "en": "GrowCube Hydroponics"}, lab={"zh": ("技术支持", "用户"), "en": ("Grow support", "Grower")},
         vars=lambda r: {"O": _code(r, "GC", 6), "Q": r.choice(["1.6", "1.8", "2.2"]), "M": r.choice(["GC-240", "GC-80", "GC-360"])},
         reason={"zh": ["我那台{M}的水泵不转了，生菜都蔫了。", "营养液订阅想改成每月一次，订单{O}。", "EC一直是{Q}，正常吗？"],
                 "en": ["The pump on my {M} has stopped, the lettuce is wilting.", "I want the nutrient subscription monthly, order {O}.",
                        "My EC keeps reading {Q}, is that okay?"],
                 "mixed": ["我的 {M} pump 不转了。", "Nutrient subscription 改 monthly，{O}。", "EC 一直 {Q}，normal 吗？"]},
         answer={"zh": ["水泵在保修期内，给您寄新的。", "{Q}偏高一点，兑点清水就行。"],
                 "en": ["The pump's under warranty, we'll post a new one.", "{Q}'s a little high, top up with plain water."],
                 "mixed": ["Pump 在 warranty 内，寄新的。", "{Q} 偏高，加点 water。"]},
         why={"phone": {"zh": "快递员送件要打电话", "en": "The courier texts before delivery.", "mixed": "courier 送件要 call"},
              "id_number": {"zh": "保修登记要实名", "en": "Warranty registration is in a named ID.", "mixed": "warranty 要实名"},
              "bank_card": {"zh": "订阅要绑扣款卡", "en": "The subscription needs a card to charge.", "mixed": "subscription 要绑 card"}},
         wrap={"zh": ["新泵明天发，单号跟{O}一起。", "好的，订阅改好了。"],
               "en": ["New pump ships tomorrow under {O}.", "Done, subscription's monthly now."],
               "mixed": ["新 pump 明天发，{O}。", "OK subscription 改好了。"]}),
    dict(key="bowling", co={"zh": "星击保龄", "en": "Strike Alley Lanes"}, lab={"zh": ("前台", "顾客"), "en": ("Front desk", "Bowler")},
         vars=lambda r: {"O": _code(r, "BK", 4), "Q": r.choice(["12", "16", "20"]), "M": r.choice(["7", "9", "11"])},
         reason={"zh": ["周五晚上想订两条道，{Q}个人过生日。", "我报名了秋季联赛，还没收到确认，{O}。", "上次在{M}号道落了一双球鞋。"],
                 "en": ["Two lanes Friday night, a birthday for {Q} people.", "I signed up to the autumn league, no confirmation yet, {O}.",
                        "I left my shoes at lane {M} last time."],
                 "mixed": ["周五想订 two lanes，{Q} 个人 birthday。", "秋季 league 报了名，{O}。", "鞋落在 lane {M} 了。"]},
         answer={"zh": ["周五七点半有两条相邻的道。", "{O}查到了，确认短信漏发了。"],
                 "en": ["There are two side-by-side lanes at half seven Friday.", "Found {O}, the confirmation didn't go out."],
                 "mixed": ["周五 7:30 有两条 lanes。", "{O} 查到了，confirmation 漏发了。"]},
         why={"phone": {"zh": "到时候前台叫号要联系您", "en": "We text when the lane is ready.", "mixed": "lane ready 了要 call 您"},
              "id_number": {"zh": "联赛报名要实名", "en": "League entries are registered to an ID.", "mixed": "league 报名要 ID"},
              "bank_card": {"zh": "包场要付订金", "en": "Party bookings take a deposit.", "mixed": "party 要付 deposit"}},
         wrap={"zh": ["订好了，编号{O}，周五见。", "鞋子我们收在前台了。"],
               "en": ["Booked under {O}, see you Friday.", "Your shoes are behind the desk."],
               "mixed": ["Booking {O}，周五见。", "鞋在 front desk。"]}),
    dict(key="knife", co={"zh": "利刃研磨坊", "en": "Keen Edge Sharpening"}, lab={"zh": ("师傅", "客户"), "en": ("Workshop", "Customer")},
         vars=lambda r: {"O": _code(r, "KE", 5), "Q": r.choice(["15", "17", "20"]), "M": r.choice(["6", "8", "10"])},
         reason={"zh": ["我寄了{M}把刀过去，邮寄袋编号{O}。", "主厨刀崩了个口子，还能磨吗？", "我们饭店想签个每月上门磨刀的合同。"],
                 "en": ["I posted {M} knives to you, mailer {O}.", "My chef's knife has a chip, can it be saved?",
                        "Our restaurant wants a monthly on-site sharpening contract."],
                 "mixed": ["寄了 {M} 把 knives 过去，mailer {O}。", "主厨刀 chip 了，能修吗？", "饭店想签 monthly 上门的 contract。"]},
         answer={"zh": ["收到了，按{Q}度给您开刃。", "崩口可以修，会短一点点。"],
                 "en": ["They've arrived, we'll put a {Q}-degree edge on.", "A chip can be ground out, it'll lose a little length."],
                 "mixed": ["收到了，{Q} degree 开刃。", "Chip 能修，会短一点。"]},
         why={"phone": {"zh": "寄回的时候快递要联系您", "en": "The return courier will ring.", "mixed": "return courier 要 call 您"},
              "id_number": {"zh": "管制刀具寄递要实名", "en": "Blades by post need a named ID.", "mixed": "寄刀要实名 ID"},
              "bank_card": {"zh": "合同月费要自动扣", "en": "The monthly fee is taken by card.", "mixed": "monthly fee 要扣 card"}},
         wrap={"zh": ["三天内寄回，还是{O}这个袋子。", "合同我发邮件给您。"],
               "en": ["Back to you in three days in mailer {O}.", "I'll email the contract."],
               "mixed": ["三天内寄回，{O}。", "Contract 发您邮箱。"]}),
    dict(key="scuba", amap=[0, None, 1], co={"zh": "蓝洞潜水", "en": "Blue Hole Dive School"}, lab={"zh": ("教练", "学员"), "en": ("Instructor", "Diver")},
         vars=lambda r: {"O": _code(r, "OW-", 4), "Q": r.choice(["12", "18", "30"]), "M": r.choice(["07:45", "08:15", "13:30"])},
         reason={"zh": ["想报开放水域课程，下个月的。", "体检表我填好了，要发给谁？", "周日的船潜还有位置吗？{M}那班。"],
                 "en": ["I'd like to book the open water course next month.", "I've filled in the medical form, where does it go?",
                        "Any space on Sunday's boat dive, the {M}?"],
                 "mixed": ["想报 open water course，下个月。", "Medical form 填好了，发给谁？", "周日 {M} 的 boat dive 还有位吗？"]},
         answer={"zh": ["课程编号{O}，理论课加四次下水，最深{Q}米。", "船上还有三个位置。"],
                 "en": ["That's course {O}, theory plus four dives to {Q} metres.", "Three places left on the boat."],
                 "mixed": ["Course {O}，max {Q} 米。", "Boat 还有 three places。"]},
         why={"phone": {"zh": "天气取消要第一时间通知您", "en": "We call if the weather cancels the boat.", "mixed": "天气不好 cancel 要通知您"},
              "id_number": {"zh": "潜水保险要身份证", "en": "The dive insurance is issued against your ID.", "mixed": "insurance 要 ID"},
              "bank_card": {"zh": "装备租赁押金要刷卡", "en": "Gear rental needs a card deposit.", "mixed": "gear rental 要 deposit"}},
         wrap={"zh": ["{M}码头集合，带好泳衣。", "课程{O}给您留位了。"],
               "en": ["Meet at the jetty for {M}.", "I've held a place on {O}."],
               "mixed": ["{M} 码头集合。", "{O} 给您 hold 了。"]}),
    dict(key="filmlab", co={"zh": "银盐冲扫", "en": "Silver Grain Film Lab"}, lab={"zh": ("冲洗部", "客户"), "en": ("Lab desk", "Shooter")},
         vars=lambda r: {"O": _code(r, "SG", 5), "Q": r.choice(["3", "5", "8"]), "M": r.choice(["ISO 400", "ISO 200", "ISO 800"])},
         reason={"zh": ["我寄了{Q}卷135，扫描件少了一卷，单号{O}。", "这卷{M}的想推一档冲。", "底片寄回来压坏了。"],
                 "en": ["I sent {Q} rolls of 35mm and one scan set is missing, order {O}.", "Can you push this {M} roll a stop?",
                        "My negatives came back creased."],
                 "mixed": ["寄了 {Q} 卷 35mm，少了一卷 scan，{O}。", "这卷 {M} 想 push 一档。", "Negatives 寄回来压坏了。"]},
         answer={"zh": ["我查一下{O}，可能是扫描机漏了。", "推一档加收十块。"],
                 "en": ["Let me check {O}, the scanner may have skipped it.", "Pushing's an extra fiver a roll."],
                 "mixed": ["{O} 我 check 一下。", "Push 加收十块。"]},
         why={"phone": {"zh": "扫描好了短信通知您", "en": "We text when scans are ready.", "mixed": "scans ready 了 text 您"},
              "id_number": {"zh": "理赔要实名", "en": "A damage claim has to be in your name and ID.", "mixed": "claim 要实名 ID"},
              "bank_card": {"zh": "退款退回原卡", "en": "Refunds go back to a card.", "mixed": "refund 退到 card"}},
         wrap={"zh": ["重扫好了发您网盘，还是{O}。", "压坏的我们按赔付标准处理。"],
               "en": ["Rescans will land in your folder under {O}.", "We'll handle the creasing under our damage policy."],
               "mixed": ["Rescan 发您 cloud，{O}。", "压坏的按 policy 赔。"]}),
    dict(key="pool", co={"zh": "碧波泳池维护", "en": "AquaClear Pool Care"}, lab={"zh": ("服务台", "业主"), "en": ("Service desk", "Owner")},
         vars=lambda r: {"O": _code(r, "PC", 5), "Q": r.choice(["40", "60", "85"]), "M": r.choice(["3", "5"])},
         reason={"zh": ["我家泳池水变绿了，{Q}立方的。", "水泵声音特别大，合同号{O}。", "想签每周一次的保养。"],
                 "en": ["Our pool's gone green, it's about {Q} cubic metres.", "The pump is really loud, contract {O}.",
                        "We'd like a weekly maintenance plan."],
                 "mixed": ["泳池变绿了，{Q} 立方。", "Pump 声音很大，contract {O}。", "想签 weekly 保养。"]},
         answer={"zh": ["先冲击加氯，余氯打到{M}个ppm。", "技师明天下午过去看泵。"],
                 "en": ["We'll shock it and bring chlorine to {M} ppm.", "A technician can look at the pump tomorrow afternoon."],
                 "mixed": ["先 shock，chlorine 到 {M} ppm。", "Technician 明天下午过去。"]},
         why={"phone": {"zh": "技师上门前打电话", "en": "The technician calls before coming round.", "mixed": "technician 上门前 call"},
              "id_number": {"zh": "保养合同要实名", "en": "Service contracts are in a named ID.", "mixed": "contract 要实名"},
              "bank_card": {"zh": "每周费用自动扣款", "en": "The weekly fee comes off a card.", "mixed": "weekly fee 扣 card"}},
         wrap={"zh": ["合同{O}，每周二上门。", "明天下午两点左右到。"],
               "en": ["Contract {O}, visits every Tuesday.", "Around two tomorrow afternoon."],
               "mixed": ["Contract {O}，每周二。", "明天下午 2 点左右。"]}),
    dict(key="stargaze", co={"zh": "星野天文台", "en": "Dark Sky Observatory"}, lab={"zh": ("预约", "游客"), "en": ("Bookings", "Visitor")},
         vars=lambda r: {"O": _code(r, "DS", 5), "Q": r.choice(["4", "6", "9"]), "M": r.choice(["20:30", "21:00", "22:15"])},
         reason={"zh": ["周六晚上观星团还有位置吗？{Q}个人。", "昨晚阴天没看成，想退票，订单{O}。", "想租一台望远镜带回家两天。"],
                 "en": ["Any room on Saturday's stargazing tour? {Q} of us.", "Last night was cloudy, can I get a refund on {O}?",
                        "I'd like to hire a telescope for two nights."],
                 "mixed": ["周六 stargazing tour 还有位吗？{Q} 个人。", "昨晚 cloudy，想退 {O}。", "想租 telescope 两晚。"]},
         answer={"zh": ["{M}那场还有位置。", "阴天取消的全额退。"],
                 "en": ["The {M} session has space.", "Cloud-outs are refunded in full."],
                 "mixed": ["{M} 那场有位。", "Cloudy 的全额 refund。"]},
         why={"phone": {"zh": "天气不好当天会通知", "en": "We ring on the day if the sky's bad.", "mixed": "天气差当天 call 您"},
              "id_number": {"zh": "望远镜外借要登记身份证", "en": "Telescope loans are logged against an ID.", "mixed": "telescope 外借要 ID"},
              "bank_card": {"zh": "押金要冻结一下", "en": "We hold a deposit on a card.", "mixed": "deposit 要 hold"}},
         wrap={"zh": ["订单{O}，{M}山门集合。", "退款三到五天到账。"],
               "en": ["Booking {O}, meet at the gate for {M}.", "Refunds take three to five days."],
               "mixed": ["{O}，{M} 山门集合。", "Refund 三到五天到。"]}),
    dict(key="tcm", co={"zh": "杏林堂中医馆", "en": "Apricot Grove TCM Clinic"}, lab={"zh": ("导诊", "患者"), "en": ("Reception", "Patient")},
         vars=lambda r: {"O": _code(r, "CF-", 5), "Q": r.choice(["5", "7", "14"]), "M": r.choice(["30", "45"])},
         reason={"zh": ["想约周三的针灸，{M}分钟那种。", "代煎的中药还没送到，处方{O}。", "上次那{Q}剂吃完了，想续方。"],
                 "en": ["I'd like Wednesday's acupuncture, the {M}-minute session.", "The decoction delivery hasn't come, prescription {O}.",
                        "I've finished the {Q} doses, can I get a repeat?"],
                 "mixed": ["想约周三 acupuncture，{M} 分钟。", "代煎的药还没到，{O}。", "{Q} 剂吃完了，想 repeat。"]},
         answer={"zh": ["周三下午有号。", "处方{O}今天上午已经发出了。"],
                 "en": ["Wednesday afternoon is free.", "Prescription {O} went out this morning."],
                 "mixed": ["周三下午 available。", "{O} 今天上午发了。"]},
         why={"phone": {"zh": "送药的师傅要联系您", "en": "The delivery rider calls on arrival.", "mixed": "送药 rider 要 call 您"},
              "id_number": {"zh": "建档要身份证", "en": "Your patient record is opened on your ID.", "mixed": "建档要 ID"},
              "bank_card": {"zh": "药费要先支付", "en": "The herbs are paid in advance.", "mixed": "药费要先 pay"}},
         wrap={"zh": ["续方{Q}剂，明天送到。", "周三下午三点，请提前十分钟到。"],
               "en": ["{Q} doses, delivered tomorrow.", "Wednesday at three, please come ten minutes early."],
               "mixed": ["{Q} 剂，明天 deliver。", "周三 3 点，早到 ten minutes。"]}),
    dict(key="genset", amap=[0, None, 1], co={"zh": "恒电发电机租赁", "en": "PowerBridge Generator Hire"}, lab={"zh": ("租赁部", "租户"), "en": ("Hire desk", "Hirer")},
         vars=lambda r: {"O": _code(r, "PB", 5), "Q": r.choice(["60", "200", "500"]), "M": r.choice(["300", "600"])},
         reason={"zh": ["户外音乐节要一台{Q}千瓦的发电机。", "机器半夜停了，租赁单{O}。", "油快没了，能来加一下吗？"],
                 "en": ["We need a {Q} kVA generator for an outdoor festival.", "The set cut out overnight, hire {O}.",
                        "We're nearly out of diesel, can you top it up?"],
                 "mixed": ["音乐节要一台 {Q} kVA 的 generator。", "机器半夜 cut out 了，{O}。", "Diesel 快没了，能来加吗？"]},
         answer={"zh": ["{Q}千瓦的有，带静音箱。", "加油车两小时内到，按{M}升算。"],
                 "en": ["We've a {Q} kVA silenced set available.", "The bowser can be there in two hours, {M} litres."],
                 "mixed": ["{Q} kVA 有，silent 的。", "Bowser 两小时到，{M} 升。"]},
         why={"phone": {"zh": "工程师到场要联系现场负责人", "en": "The engineer needs a site contact.", "mixed": "engineer 要 site contact"},
              "id_number": {"zh": "设备租赁要实名", "en": "Plant hire is registered to an ID.", "mixed": "hire 要实名 ID"},
              "bank_card": {"zh": "押金走预授权", "en": "The deposit is a card pre-authorisation.", "mixed": "deposit 走 pre-auth"}},
         wrap={"zh": ["租赁单{O}，周四早上送达。", "工程师带备用机过去。"],
               "en": ["Hire {O}, delivery Thursday morning.", "The engineer's bringing a spare set."],
               "mixed": ["{O}，周四早上 deliver。", "Engineer 带 spare set 过去。"]}),
]
DOMAIN_KEYS = [d["key"] for d in DOMAINS]
SPEAKERS = {"zh": [("客服", "客户"), ("坐席", "来电人"), ("工作人员", "顾客"), ("接线员", "来电者"), ("话务", "用户")],
            "en": [("Agent", "Caller"), ("Rep", "Customer"), ("Advisor", "Client"), ("Staff", "Member"), ("Operator", "Caller")],
            "mixed": [("Agent", "客户"), ("客服", "Customer"), ("CS", "用户"), ("坐席", "Caller")]}
AG_ZH = ["小林", "小周", "阿梅", "小唐", "晓雯", "小韩", "阿杰", "小乔"]
AG_EN = ["Priya", "Tom", "Grace", "Marcus", "Elena", "Dev", "Sophie", "Callum"]
SN_ZH = ["林", "周", "梅", "唐", "徐", "韩", "杜", "乔"]
CU_ZH = ["陈先生", "刘女士", "王老师", "赵先生", "孙女士", "郑总", "何小姐"]
CU_EN = ["Mr Haldane", "Ms Okafor", "Mrs Brennan", "Mr Castillo", "Dr Nakamura", "Ms Lindgren"]


# =============================================================================================
# A call: lines of items (plain strings, CC country codes, Frag fragments)
# =============================================================================================

class Line:
    def __init__(self, spk, items):
        self.spk, self.items = spk, items


class Call:
    def __init__(self, rng, lang, dom, fmt, used):
        self.rng, self.lang, self.dom, self.fmt = rng, lang, dom, fmt
        self.lines = []
        self.nums = []      # (Num, role tag)
        self.voices = {}
        self.used = used
        self.style = pick_style(rng, lang)
        self.tags = set()
        self.near = False
        self.lookalikes = []
        self.versions = []
        v = dict(dom["vars"](rng))
        v["co"] = dom["co"]["zh" if lang == "zh" else "en"] if lang != "mixed" else dom["co"][rng.choice(["zh", "en"])]
        if lang == "en" or (lang == "mixed" and rng.random() < 0.5):
            v["ag"] = rng.choice(AG_EN)
            v["agsn"] = rng.choice(SN_ZH)
        else:
            v["ag"] = rng.choice(AG_ZH)
            v["agsn"] = v["ag"][-1] if v["ag"][0] == "小" else rng.choice(SN_ZH)
        v["cu"] = rng.choice(CU_EN if lang == "en" else CU_ZH)
        self.vars = v

    # -- choosing ------------------------------------------------------------------------
    def pick(self, bank):
        lst = bank[self.lang] if isinstance(bank, dict) else bank
        return self.rng.choice(lst)

    def voice(self, num, who="C"):
        k = (id(num), who)
        if k not in self.voices:
            self.voices[k] = Voice(self.rng, num.kind)
        return self.voices[k]

    def new(self, kind, sub=None, want=None):
        for _ in range(200):
            if kind == "phone":
                n = make_phone(self.rng, sub or pick_phone_sub(self.rng, self.lang))
            elif kind == "id_number":
                n = make_id(self.rng, want)
            else:
                n = make_card(self.rng, sub)
            if n.chars not in self.used:
                self.used.add(n.chars)
                self.nums.append(n)
                return n
        raise Bug("no fresh number")

    # -- saying --------------------------------------------------------------------------
    def fill(self, tpl, **kw):
        items = []
        pos = 0
        for m in re.finditer(r"\{(\w+)\}", tpl):
            if m.start() > pos:
                items.append(tpl[pos:m.start()])
            k = m.group(1)
            if k in kw:
                val = kw[k]
            elif k == "why":
                val = self.dom["why"][kw.get("_kind", "phone")][self.lang]
            else:
                val = self.vars[k]
            if isinstance(val, list):
                items.extend(val)
            else:
                items.append(val)
            pos = m.end()
        if pos < len(tpl):
            items.append(tpl[pos:])
        return items

    def T(self, bank, **kw):
        return self.fill(self.pick(bank), **kw)

    def say(self, spk, *parts):
        items = []
        for p in parts:
            if isinstance(p, list):
                items.extend(p)
            else:
                items.append(p)
        self.lines.append(Line(spk, items))

    def with_cc(self, num, frag, force=None):
        """The fragment with its country code before it, when the number has one (said most times)."""
        if num.cc and (force or (force is None and self.rng.random() < 0.85)):
            return [CC(cc_form(self.rng, self.lang, num.cc)), " ", frag]
        if num.cc and not force:
            return [frag]
        return [frag]

    def frag(self, num, s=0, e=None, role="said", **kw):
        e = len(num.chars) if e is None else e
        return mkfrag(self, num, s, e, role, **kw)


# -- shared moves ---------------------------------------------------------------------------

def opening(c, outbound=None):
    r = c.rng
    if outbound is None:
        outbound = r.random() < 0.18
    if r.random() < 0.14:
        c.say("S", c.T(IVR))
    if outbound:
        c.tags.add("outbound")
        c.say("A", c.T(OUTBOUND))
        c.say("C", c.T(OUT_ANS))
        c.say("A", c.T(OUTREASON))
        c.say("C", c.T(OUT_OK))
    else:
        c.say("A", c.T(GREET))
        i = r.randrange(len(c.dom["reason"][c.lang]))
        c.say("C", c.fill(c.dom["reason"][c.lang][i]))
        j = c.dom.get("amap", [0, 1, None])[i]
        c.say("A", c.fill(c.dom["answer"][c.lang][j]) if j is not None else c.T(GENERIC_ANS))


def ask(c, kind):
    c.say("A", c.T(ASK[kind], _kind=kind))


def wrap(c):
    c.say("A", c.T(c.dom["wrap"]))
    c.say("C", c.T(BYE))


def give(c, num, spk="C", role="said", **kw):
    f = c.frag(num, role=role, **kw)
    c.say(spk, c.T(LEAD[num.kind], N=c.with_cc(num, f)))
    return f


def split_points(c, num, k):
    """Cut positions (k pieces of two characters or more) at group edges, or inside groups when there are
    too few edges (a mobile in four pieces: 3 / 4 / 2 / 2)."""
    n = len(num.chars)
    edges = num.bounds()[1:-1]
    r = c.rng
    inner = list(range(2, n - 1))
    for _ in range(200):
        if len(edges) >= k - 1 and r.random() < 0.7:
            cuts = sorted(r.sample(edges, k - 1))
        elif edges and k >= 3:
            cuts = sorted(set(r.sample(edges, min(len(edges), k - 2)) + r.sample(inner, 1)))
        else:
            cuts = sorted(r.sample(inner, k - 1))
        pts = [0] + cuts + [n]
        if len(pts) == k + 1 and all(pts[i + 1] - pts[i] >= 2 for i in range(k)):
            return pts
    raise Redraw("split")


def second_number(c, kind_not):
    """A second number of another kind, asked and said plainly."""
    r = c.rng
    kind = r.choice([k for k in ("phone", "id_number", "bank_card") if k != kind_not])
    num = c.new(kind)
    ask(c, kind)
    give(c, num)
    if r.random() < 0.5:
        c.say("A", c.T(ACK))
    c.tags.add("second")
    return num


# =============================================================================================
# Phenomena
# =============================================================================================

ECHO = {"zh": ["{N}，嗯，然后？", "{N}……好，继续。", "{N}，对吧，后面呢？"], "en": ["{N}, yep, and then?", "{N}... okay, go on.", "{N}, right, next?"],
        "mixed": ["{N}，OK，然后？", "{N}……got it，继续。"]}
NEXTP = {"zh": ["{N}。", "然后{N}。", "后面是{N}。", "{N}……", "再往后{N}。"], "en": ["{N}.", "Then {N}.", "And {N}.", "{N}..."],
         "mixed": ["{N}。", "然后 {N}。", "Then {N}。", "后面 {N}。"]}
CUTRB = {"zh": ["我读一遍：{N}……", "我复述一下，{N}……"], "en": ["Reading it back: {N}...", "Let me repeat that, {N}..."],
         "mixed": ["我 read back 一下：{N}……", "Repeat 一下，{N}……"]}
YES_CUT = {"zh": ["对对。", "嗯对。", "对。"], "en": ["Yes.", "Yep.", "That's it."], "mixed": ["对，yes。", "Yes 对。"]}
RB_TAIL = {"zh": ["{N}，好的。", "{N}，记下了。"], "en": ["{N}, got it.", "{N}, lovely."], "mixed": ["{N}，OK。", "{N}，got it。"]}
NOVALID = {"zh": ["这个号码系统校验不通过，您再核对一下？", "嗯……我这边提示格式不对，您再看看？"],
           "en": ["That one doesn't validate on my side, could you check it?", "Hmm, the system won't accept that, can you look again?"],
           "mixed": ["这个 number validate 不过，您再 check 一下？", "System 说格式不对，您再看看？"]}
LAST_FIX = {"zh": ["哦，最后那段是{A}，不是{B}。", "我看错了，后面是{A}，不是{B}。"],
            "en": ["Ah, the end is {A}, not {B}.", "Sorry, the last bit's {A}, not {B}."],
            "mixed": ["Sorry，最后是{A}，不是{B}。", "哦，the end 是{A}，not {B}。"]}
AGAIN = {"zh": ["不好意思，是{N}。", "我重新报：{N}。"], "en": ["Sorry, it's {N}.", "Let me redo it: {N}."], "mixed": ["Sorry，是{N}。", "重新报：{N}。"]}
SLOW = {"zh": ["没事，您慢慢说。", "不着急。"], "en": ["No worries, take it slowly.", "That's fine."], "mixed": ["没事，take your time。", "OK 不急。"]}


def agent_style(c):
    return pick_style(c.rng, c.lang)


def b_plain(c, kind):
    r = c.rng
    opts = ["answer", "answer", "find", "find", "system"] + (["volunteer", "midsentence", "volunteer"] if kind == "phone" else ["volunteer"])
    v = r.choice(opts)
    num = c.new(kind)
    opening(c)
    if v == "answer":
        ask(c, kind)
        give(c, num)
        c.say("A", c.T(ACK))
    elif v == "volunteer":
        c.say("C", c.T(VOL[kind], N=c.with_cc(num, c.frag(num))))
        c.say("A", c.T(ACK))
    elif v == "find":
        ask(c, kind)
        c.say("C", c.T(FIND))
        c.say("A", c.T(WAIT))
        if r.random() < 0.6:
            c.say("C", c.T(FILLER_TALK))
        if r.random() < 0.3:
            c.say("A", c.T(WAIT))
        c.say("C", c.T(FOUND, N=c.with_cc(num, c.frag(num))))
        c.say("A", c.T(ACK))
    elif v == "system":
        f = c.frag(num, voice=c.voice(num, "A"), style=agent_style(c))
        c.say("A", c.T(SYSTEM[kind], N=c.with_cc(num, f)))
        c.say("C", c.T(STILL))
    else:
        c.say("C", c.T(MIDSENT, N=c.with_cc(num, c.frag(num))))
        c.say("A", c.T(ACK))
    if r.random() < 0.3:
        second_number(c, kind)
    wrap(c)
    return v


def b_interruption(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    v = r.choice(["bc", "pieces", "pieces", "question", "echo", "cut"] if kind == "phone" else ["bc", "bc", "question", "echo", "cut"])
    if v == "cut":
        give(c, num)
        pts = split_points(c, num, 2)
        av, st = c.voice(num, "A"), agent_style(c)
        c.say("A", c.T(CUTRB, N=c.frag(num, pts[0], pts[1], role="readback", voice=av, style=st)))
        c.say("C", c.T(YES_CUT))
        c.say("A", c.T(RB_TAIL, N=c.frag(num, pts[1], pts[2], role="readback", voice=av, style=st)))
        c.say("C", c.T(CONFIRM))
    else:
        k = 2 if v in ("bc", "question", "echo") else r.choice([3, 4] if len(num.chars) >= 10 else [3])
        pts = split_points(c, num, k)
        for i in range(k):
            f = c.frag(num, pts[i], pts[i + 1], role="piece")
            if i == 0:
                c.say("C", c.T(LEAD[kind], N=c.with_cc(num, f, force=True) if num.cc else [f]))
            else:
                c.say("C", c.T(NEXTP, N=f))
            if i < k - 1:
                if v == "question" and i == 0:
                    q, a = c.pick(MIDQ[kind])
                    c.say("A", q)
                    c.say("C", a)
                elif v == "echo" and i == 0:
                    c.say("A", c.T(ECHO, N=c.frag(num, pts[0], pts[1], role="echo", voice=c.voice(num, "A"))))
                else:
                    c.say("A", c.T(BC))
        c.say("A", c.T(ACK) if r.random() < 0.6 else c.T(RB, N=c.frag(num, role="readback", voice=c.voice(num, "A"))))
        if c.lines[-1].items and any(isinstance(x, Frag) for x in c.lines[-1].items):
            c.say("C", c.T(CONFIRM))
    if r.random() < 0.2:
        second_number(c, kind)
    wrap(c)
    return v


def b_continuation(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    v = r.choice(["lines2", "lines3", "readout", "screen"])
    if v == "screen":
        av = c.voice(num, "A")
        pts = split_points(c, num, 2)
        c.say("A", c.T(SCREEN), " ", *c.with_cc(num, c.frag(num, pts[0], pts[1], role="piece", voice=av)))
        c.say("A", c.frag(num, pts[1], pts[2], role="piece", voice=av), r.choice(["，对吗？", "，对吧？"]) if c.lang != "en" else r.choice([", is that right?", ", still current?"]))
        c.say("C", c.T(CONFIRM))
    else:
        ask(c, kind)
        if v == "readout":
            c.say("C", c.T(READOUT))
            c.say("C", *c.with_cc(num, c.frag(num)), r.choice(["", "。", ".", "……"]))
        else:
            k = 2 if v == "lines2" else 3
            pts = split_points(c, num, k)
            for i in range(k):
                f = c.frag(num, pts[i], pts[i + 1], role="piece")
                if i == 0:
                    c.say("C", c.T(LEAD[kind], N=c.with_cc(num, f, force=True) if num.cc else [f]))
                else:
                    if c.lang == "en":
                        c.say("C", f, r.choice(["", ",", "...", "."]) if i < k - 1 else r.choice([".", ""]))
                    else:
                        c.say("C", f, r.choice(["", "。", "……", "，"]) if i < k - 1 else r.choice(["。", ""]))
        c.say("A", c.T(ACK))
    if r.random() < 0.25:
        second_number(c, kind)
    wrap(c)
    return v


def b_correction(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    n = len(num.chars)
    opts = ["prefix", "restart", "twice"]
    if kind == "phone" and len(num.groups) >= 3:
        opts += ["middle", "middle"]
    if kind != "phone":
        opts += ["wrong_whole", "wrong_whole"]
    v = r.choice(opts)
    corr = c.pick(CORR)
    if v in ("prefix", "restart"):
        cut = r.choice([x for x in num.bounds()[1:-1]] or [n // 2]) if r.random() < 0.7 else r.randint(3, max(3, n - 5))
        if v == "prefix":
            wv, _ = wrong_version(r, num, 1 if kind == "phone" else 0, cut)
            a = c.frag(num, 0, cut, role="abandoned", chars=wv)
            mid = corr
        else:
            a = c.frag(num, 0, cut, role="abandoned")
            mid = c.pick(RESTART)
        full = c.frag(num)
        sep1, sep2 = ("，", "，") if c.lang != "en" else (", ", ", ")
        if r.random() < 0.35:
            c.say("C", [a, r.choice(["……", "…", sep1.strip() + " " if c.lang == "en" else "……"]) + mid + r.choice(["。", "……"] if c.lang != "en" else [".", "..."])])
            c.say("A", c.T(SLOW))
            c.say("C", c.T(LEAD[kind], N=c.with_cc(num, full)))
        else:
            c.say("C", *c.with_cc(num, a), sep1 + mid + sep2, full, "。" if c.lang != "en" else ".")
    elif v == "twice":
        c1 = r.choice([x for x in num.bounds()[1:-1]] or [4])
        w1, _ = wrong_version(r, num, 1, c1)
        c2 = r.randint(2, max(2, c1 + 2)) if c1 + 2 < n else c1
        a1 = c.frag(num, 0, c1, role="abandoned", chars=w1)
        a2 = c.frag(num, 0, min(c2, n - 1), role="abandoned")
        sep = "，" if c.lang != "en" else ", "
        c.say("C", *c.with_cc(num, a1), sep + corr + sep, a2, sep + c.pick(RESTART) + ("：" if c.lang != "en" else ": "), c.frag(num), "。" if c.lang != "en" else ".")
    elif v == "middle":
        b = num.bounds()
        s1, e1 = b[1], b[2]
        wv, _ = wrong_version(r, num, s1, e1)
        c.say("C", *c.with_cc(num, c.frag(num, 0, e1, role="abandoned", chars=wv)), "……")
        c.say("C", c.T(DENY_MID, A=c.frag(num, s1, e1, role="corrected"), B=c.frag(num, s1, e1, role="wrong", chars=wv),
                       C=c.frag(num, e1, n, role="piece")))
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=c.voice(num, "A"), style=agent_style(c))))
        c.say("C", c.T(CONFIRM))
    else:
        lo = n - 4
        wv, pos = wrong_version(r, num, lo, n)
        c.say("C", c.T(LEAD[kind], N=c.frag(num, role="wrong", chars=wv)))
        c.say("A", c.T(NOVALID))
        if r.random() < 0.55:
            c.say("C", c.T(LAST_FIX, A=c.frag(num, lo, n, role="corrected", grouping="merge"),
                           B=c.frag(num, lo, n, role="wrong", chars=wv, grouping="merge")))
        else:
            c.say("C", c.T(AGAIN, N=c.frag(num, role="corrected")))
        c.say("A", c.T(ACK))
    if r.random() < 0.15:
        second_number(c, kind)
    wrap(c)
    return v


def b_filler(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    v = r.choice(["between", "split", "lead", "readback"])
    ng = len(num.groups)
    if v == "between":
        g = None if ng >= 3 else "chunk"
        give(c, num, fills=r.choice([1, 2, 2]), grouping=g)
        c.say("A", c.T(ACK))
    elif v == "split":
        give(c, num, fills=r.choice([2, 3]), grouping="chunk")
        c.say("A", c.T(ACK))
    elif v == "lead":
        f = c.frag(num, fills=1, grouping=None if ng >= 2 else "chunk")
        c.say("C", c.pick(HESIT), *c.with_cc(num, f), "。" if c.lang != "en" else ".")
        c.say("A", c.T(ACK))
    else:
        give(c, num)
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=c.voice(num, "A"), fills=r.choice([1, 2]),
                                    grouping=None if ng >= 3 else "chunk")))
        c.say("C", c.T(CONFIRM))
    if r.random() < 0.2:
        second_number(c, kind)
    wrap(c)
    return v


def b_asr(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    v = r.choice(["itn", "itn", "cnmix" if c.lang != "en" else "enmix", "single", "cut", "cut"])
    if v == "itn":
        give(c, num, grouping="chunk", style="ar", sep=" ")
    elif v == "cnmix":
        give(c, num, grouping="chunk", style="mixcn" if c.lang == "zh" else "mixall")
    elif v == "enmix":
        give(c, num, grouping="chunk", style="mixen")
    elif v == "single":
        give(c, num, grouping="single", style=r.choice(["ar", "ar", "cn"] if c.lang != "en" else ["ar", "en"]), sep=" ")
    else:
        n = len(num.chars)
        cut = r.randint(3, n - 3)
        if num.kind == "id_number":
            cut = min(cut, 16)
        st = r.choice(["ar", "ar", c.style])
        f1 = c.frag(num, 0, cut, role="piece", grouping="chunk", style=st, join=1)
        f2 = c.frag(num, cut, n, role="piece", grouping="chunk" if n - cut > 2 else None, style=st, join=1)
        c.say("C", c.fill(r.choice({"zh": ["是{N}", "号码{N}"], "en": ["It's {N}", "Okay so {N}"], "mixed": ["是 {N}", "OK {N}"]}[c.lang]),
                     N=c.with_cc(num, f1, force=True) if num.cc else [f1]))
        c.say("C", f2, r.choice(["。", "", "，对。"] if c.lang != "en" else [".", "", ", yeah."]))
    c.say("A", c.T(ACK))
    if r.random() < 0.2:
        second_number(c, kind)
    wrap(c)
    return v


def b_readback(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    n = len(num.chars)
    opts = ["whole", "whole", "last4", "first", "finish", "misheard"] + (["misheard"] if kind == "phone" else [])
    v = r.choice(opts)
    av, st = c.voice(num, "A"), agent_style(c)
    give(c, num)
    if v == "whole":
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=av, style=st)))
        c.say("C", c.T(CONFIRM))
    elif v == "last4":
        c.say("A", c.T(RB_LAST[kind], N=c.frag(num, n - 4, n, role="readback", voice=av, style=st, grouping="merge")))
        c.say("C", c.T(CONFIRM))
    elif v == "first":
        e = num.groups[0] if num.groups[0] < n else min(6, n - 4)
        c.say("A", c.T(RB_FIRST, N=c.frag(num, 0, e, role="readback", voice=av, style=st)))
        c.say("C", c.T(CONFIRM))
    elif v == "finish":
        c.say("A", c.T(FINISH, N=c.frag(num, 0, n - 4, role="readback", voice=av, style=st)))
        c.say("C", c.T(NEXTP, N=c.frag(num, n - 4, n, role="piece", grouping="merge")))
        c.say("A", c.T(ACK))
    else:
        b = num.bounds()
        if kind == "phone":
            gi = 1 if len(num.groups) >= 3 else 0
            s1, e1 = b[gi], b[gi + 1]
            lo = max(s1, 1) if gi == 0 else s1
            wv, _ = wrong_version(r, num, lo, e1)
            c.say("A", c.T(FINISH, N=c.frag(num, 0, e1, role="misheard", chars=wv, voice=av, style=st)))
            c.say("C", c.T(DENY, A=c.frag(num, s1, e1, role="corrected"), B=c.frag(num, s1, e1, role="wrong", chars=wv)))
            v = "phone_fix"
        else:
            gi = r.randrange(len(num.groups)) if len(num.groups) > 1 else 0
            if len(num.groups) == 1:
                s1, e1 = n - 4, n
            else:
                s1, e1 = b[gi], b[gi + 1]
            wv, _ = wrong_version(r, num, s1, e1)
            c.say("A", c.T(RB, N=c.frag(num, role="misheard", chars=wv, voice=av, style=st)))
            c.say("C", c.T(DENY, A=c.frag(num, s1, e1, role="corrected", grouping="merge" if e1 - s1 <= 8 else None),
                           B=c.frag(num, s1, e1, role="wrong", chars=wv, grouping="merge" if e1 - s1 <= 8 else None)))
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=av, style=st)))
        c.say("C", c.T(CONFIRM))
    if r.random() < 0.15:
        second_number(c, kind)
    wrap(c)
    return v


def b_checkchar(c, kind):
    r = c.rng
    num = c.new("id_number", want="X" if r.random() < 0.8 else "digit")
    opening(c)
    ask(c, "id_number")
    v = r.choice(["same", "next", "asked", "asked"])
    f1 = c.frag(num, 0, 17, role="piece")
    x = c.frag(num, 17, 18, role="check-char", grouping=[1])
    bank = CHECKA if num.chars[17] == "X" else CHECKA_D
    if v == "same":
        sep = "，" if c.lang != "en" else ", "
        c.say("C", [f1, sep] + c.T(bank, X=x))
    elif v == "next":
        c.say("C", c.T(LEAD["id_number"], N=f1))
        c.say("C", c.T(bank, X=x))
    else:
        c.say("C", c.T(LEAD["id_number"], N=f1))
        c.say("A", c.T(CHECKQ))
        c.say("C", c.T(bank, X=x))
    if r.random() < 0.4:
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=c.voice(num, "A"), style=agent_style(c))))
        c.say("C", c.T(CONFIRM))
    else:
        c.say("A", c.T(ACK))
    if r.random() < 0.2:
        second_number(c, "id_number")
    wrap(c)
    return v


def b_glued(c, kind):
    r = c.rng
    num = c.new(kind)
    opening(c)
    ask(c, kind)
    v = r.choice(["whole", "whole", "readback", "pieces"])
    st = "glue" if c.lang == "en" or r.random() < 0.5 else "mixglue"
    if v == "whole":
        give(c, num, style=st)
        c.say("A", c.T(ACK))
    elif v == "readback":
        give(c, num)
        c.say("A", c.T(RB, N=c.frag(num, role="readback", voice=c.voice(num, "A"), style=st)))
        c.say("C", c.T(CONFIRM))
    else:
        pts = split_points(c, num, 2)
        f1 = c.frag(num, pts[0], pts[1], role="piece", style=st)
        c.say("C", c.T(LEAD[kind], N=c.with_cc(num, f1, force=True) if num.cc else [f1]))
        c.say("A", c.T(BC))
        c.say("C", c.T(NEXTP, N=c.frag(num, pts[1], pts[2], role="piece", style=st)))
        c.say("A", c.T(ACK))
    if r.random() < 0.2:
        second_number(c, kind)
    wrap(c)
    return v


def b_multi(c, kind):
    r = c.rng
    opening(c)
    v = r.choice(["turns", "turns", "two_people", "two_people", "landline", "one_line"])
    if v == "turns":
        kinds = r.sample(["phone", "id_number", "bank_card"], r.choice([2, 3]))
        if "phone" not in kinds:
            kinds[0] = "phone"
        for k in kinds:
            num = c.new(k)
            ask(c, k)
            give(c, num)
            c.say("A", c.T(ACK))
    elif v == "two_people":
        n1 = c.new("phone")
        ask(c, "phone")
        give(c, n1)
        who, lab = c.pick(OTHER)
        n2 = c.new("phone")
        if r.random() < 0.5:
            c.say("C", c.T(HANDOVER, who=who))
            c.tags.add("voice_b:" + lab)
            c.say("B", c.T(LEAD["phone"], N=c.with_cc(n2, c.frag(n2, voice=c.voice(n2, "B")))))
            c.say("A", c.T(RB_LAST["phone"], N=c.frag(n2, len(n2.chars) - 4, len(n2.chars), role="readback", voice=c.voice(n2, "A"), grouping="merge")))
            c.say("B", c.T(CONFIRM))
        else:
            c.say("A", c.T(SECOND_ASK))
            tpl = {"zh": "{who}的是{N}。", "en": "Yeah, {who}'s is {N}.", "mixed": "{who} 的是{N}。"}[c.lang]
            c.say("C", c.fill(tpl, who=who, N=c.with_cc(n2, c.frag(n2))))
            c.say("A", c.T(ACK))
    elif v == "landline":
        n1 = c.new("phone", sub="mobile" if c.lang != "en" else r.choice(["uk", "us", "au"]))
        ask(c, "phone")
        give(c, n1)
        c.say("A", c.T(SECOND_ASK))
        n2 = c.new("phone", sub="landline" if c.lang != "en" else "uk_land")
        c.say("C", c.T(LANDLINE_EXT, N=c.with_cc(n2, c.frag(n2)), E=str(r.randint(201, 899))))
        c.say("A", c.T(ACK))
    else:
        k2 = r.choice(["id_number", "bank_card"])
        n1, n2 = c.new("phone"), c.new(k2)
        c.say("A", {"zh": "需要您的电话和{k}。", "en": "I'll need your phone and your {k}.", "mixed": "需要 phone 和{k}。"}[c.lang].format(k=NOUN[k2][c.lang]))
        tpl = {"zh": ["电话{N}，{k}{M}。", "{k}是{M}，手机{N}。"], "en": ["Phone's {N}, and the {k} is {M}.", "{k}: {M}. Mobile: {N}."],
               "mixed": ["Phone {N}，{k}是{M}。", "{k} {M}，mobile 是{N}。"]}[c.lang]
        c.say("C", c.fill(r.choice(tpl), N=c.with_cc(n1, c.frag(n1)), M=c.frag(n2), k=NOUN[k2][c.lang] if c.lang != "en" else NOUN[k2]["en"]))
        c.say("A", c.T(RB, N=c.frag(n1, role="readback", voice=c.voice(n1, "A"))) if r.random() < 0.5 else c.T(ACK))
        if any(isinstance(x, Frag) for x in c.lines[-1].items):
            c.say("C", c.T(CONFIRM))
    wrap(c)
    return v


# -- hard negatives ---------------------------------------------------------------------------

REFNAME = {"zh": ["运单号", "交易流水号", "设备序列号", "批次号", "发票号码", "保修编号"],
           "en": ["tracking number", "transaction reference", "serial number", "batch number", "invoice number", "warranty reference"],
           "mixed": ["tracking number", "流水号", "serial number", "批次号", "invoice number", "warranty 编号"]}
REF_SAY = {"zh": ["我这边有个{k}，{R}，您查一下？", "{k}是{R}。", "您看这个{k}：{R}。"],
           "en": ["I've got a {k} here, {R}, can you look it up?", "The {k} is {R}.", "It says {k} {R} on the slip."],
           "mixed": ["我有个{k}，{R}，您 check 一下？", "{k} 是{R}。", "这个{k}：{R}。"]}
REF_ASK = {"zh": ["您手上有{k}吗？"], "en": ["Do you have the {k} handy?"], "mixed": ["您有 {k} 吗？"]}
REF_RB = {"zh": ["好，{R}，我查一下。", "{R}，稍等。"], "en": ["Okay, {R}, one moment.", "{R}, let me search."],
          "mixed": ["OK，{R}，稍等。", "{R}，let me check。"]}
REF_FOUND = {"zh": ["查到了，在处理中。", "好的，这一单显示已经签收了。", "嗯，系统里有，我帮您催一下。"],
             "en": ["Found it, it's being processed.", "Okay, that one shows as delivered.", "Yes, I can see it, I'll chase it up."],
             "mixed": ["查到了，processing 中。", "OK，这单 show 已签收。"]}
MEMBER = {"zh": ["会员号是{R}。", "我的会员编号{R}。"], "en": ["My membership number is {R}.", "Member number {R}."],
          "mixed": ["Member number 是{R}。", "会员号 {R}。"]}
DECLINE = {"zh": ["电话就不留了，您发短信到注册的号码就行。", "我现在不方便说号码，你们邮件联系我吧。", "用账户里那个就行，我记不住。"],
           "en": ["I'd rather not give a number, email is fine.", "Just use whatever's on the account, I don't have it to hand.",
                  "Can you email instead? I'm not giving my mobile out."],
           "mixed": ["Phone 就不留了，email 联系吧。", "用 account 里那个就行，我记不住。"]}
OKAY = {"zh": ["好的，没问题。", "行，那就邮件联系。"], "en": ["That's fine.", "No problem, email it is."], "mixed": ["OK，没问题。", "好的，email 联系。"]}
CHAT = {"zh": ["费用一共{A}，{D}之前付就行。", "有问题可以打我们热线{H}。", "师傅{TM}左右到。", "您的单号是{O}对吧？"],
        "en": ["It comes to {A}, due by {D}.", "If anything comes up, our helpline is {H}.", "They'll be with you around {TM}.",
               "That's reference {O}, right?"],
        "mixed": ["Total 是{A}，{D}之前付。", "有问题打热线 {H}。", "{TM} 左右到。", "单号是 {O} 对吧？"]}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def safe_run(rng, n, first="789"):
    for _ in range(500):
        d = rng.choice(first) + rdig(rng, n - 1)
        if run_problem(d, []) is None:
            return d
    raise Bug("no safe look-alike")


def say_lookalike(c, d):
    r = c.rng
    st = r.choice(["ar", "ar", "cn" if c.lang != "en" else "en", "en" if c.lang != "zh" else "cn"])
    if st == "ar":
        if r.random() < 0.5:
            return d
        return " ".join(d[i:i + 4] for i in range(0, len(d), 4))
    if st == "cn":
        return "".join(CN[x] if x != "1" else r.choice("一幺") for x in d)
    return " ".join(EN[x] if x != "0" else "oh" for x in d)


def gvars(c):
    r = c.rng
    lang = c.lang
    n = r.choice([86, 120, 260, 480, 1250, 3600, 980])
    if lang == "en":
        c.vars.setdefault("A", r.choice([f"£{n}", f"${n}.50", f"{n} pounds"]))
        c.vars.setdefault("D", r.choice([f"the {r.randint(4, 28)}th of {r.choice(MONTHS)}", f"{r.choice(MONTHS)} {r.randint(4, 28)}"]))
        c.vars.setdefault("TM", r.choice(["half two", "quarter past ten", f"{r.randint(1, 5)} pm", f"{r.randint(9, 11)}:{r.choice(['15', '30', '45'])}"]))
    else:
        c.vars.setdefault("A", r.choice([f"{n}元", f"{n}块", "三千二百块", f"{n}.5元"]))
        c.vars.setdefault("D", r.choice([f"{r.randint(1, 12)}月{r.randint(1, 28)}号", f"下周{r.choice('一二三四五')}", f"{r.randint(1, 28)}号"]))
        c.vars.setdefault("TM", r.choice([f"下午{r.randint(2, 5)}点", f"{r.randint(9, 11)}:{r.choice(['15', '30', '45'])}", "十点半"]))
    c.vars.setdefault("H", r.choice([f"400-{r.randint(600, 899)}-{r.randint(1000, 9999)}", f"95{r.randint(100, 999)}",
                                     f"800-{r.randint(810, 830)}-{r.randint(1000, 9999)}", f"4008-{r.randint(100, 999)}-{r.randint(100, 999)}"]))


def b_negative(c, kind):
    r = c.rng
    opening(c)
    parts = r.sample(["ref", "ref", "readref", "member", "decline", "chatter"], r.choice([1, 2, 2]))
    parts = sorted(set(parts), key=parts.index)
    for p in parts:
        k = c.pick(REFNAME)
        if p in ("ref", "readref"):
            d = safe_run(r, r.randint(15, 19))
            c.lookalikes.append(d)
            if r.random() < 0.5:
                c.say("A", c.T(REF_ASK, k=k))
            c.say("C", c.T(REF_SAY, k=k, R=say_lookalike(c, d)))
            if p == "readref":
                c.say("A", c.T(REF_RB, R=say_lookalike(c, d)))
            else:
                c.say("A", c.T(REF_FOUND))
        elif p == "member":
            d = safe_run(r, 11, "23456789")
            c.lookalikes.append(d)
            c.say("C", c.T(MEMBER, R=say_lookalike(c, d)))
            c.say("A", c.T(ACK))
        elif p == "decline":
            ask(c, "phone")
            c.say("C", c.T(DECLINE))
            c.say("A", c.T(OKAY))
        else:
            for _ in range(r.choice([1, 2])):
                c.say("A", c.T(CHAT))
                c.say("C", c.T(CONFIRM))
    wrap(c)
    return "+".join(parts)


BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
            "filler": b_filler, "asr-chunks": b_asr, "readback": b_readback, "check-char-apart": b_checkchar,
            "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


# =============================================================================================
# Look-alike safety (on the said content only: no labels, stamps or cue timings)
# =============================================================================================

JOIN_WORDS = sorted(["呃", "嗯", "那个", "就是", "额", "然后", "和", "加", "杠", "um", "uh", "er", "erm", "hmm", "and", "then",
                     "dash", "plus", "double", "triple"], key=len, reverse=True)
JOIN_CHARS = set(" ,，.。、:：;；-–—/()（）+…'\"“”‘’!?！？·~\n\t　\x01")
CARD_PFX = ("4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27", "62", "34", "37", "35")


def joinable(gap):
    g = gap.lower()
    for w in JOIN_WORDS:
        g = g.replace(w, " ")
    return all(ch in JOIN_CHARS for ch in g)


def run_problem(d, pieces):
    n = len(d)
    for i in range(n - 10):
        if re.fullmatch(r"1[3-9]\d{9}", d[i:i + 11]):
            return "mobile window"
    for L in range(13, 20):
        for i in range(n - L + 1):
            if luhn_ok(d[i:i + L]):
                return "luhn window"
    for i in range(n - 17):
        if id_valid(d[i:i + 18]):
            return "id window"
    if 10 <= n <= 12 and d[0] == "0":
        return "landline shape"
    if n == 10 and d[0] in "23456789" and d[3] in "23456789" and not d.startswith(("400", "800")):
        return "nanp shape"
    if n == 8 and d[0] in "5689":
        return "hk/sg shape"
    if n in (15, 18) and d[:2] in PROVINCES:
        return "province start"
    if n in (16, 19) and d.startswith(CARD_PFX):
        return "card prefix"
    if n >= 6:
        for p in pieces:
            for i in range(len(p) - 5):
                if p[i:i + 6] in d:
                    return "piece of a labelled number"
    return None


def content_problem(c, lines):
    """lines: [(text, frag ranges, cc ranges)] of the call, in order."""
    buf = []
    for text, frs, ccs in lines:
        t = list(text)
        for s, e, _ in frs:
            for i in range(s, e):
                t[i] = "\x00"
        for s, e in ccs:
            for i in range(s, e):
                t[i] = "\x01"
        buf.append("".join(t))
    stream = "\n".join(buf)
    pieces = []
    for num in c.nums:
        pieces.append(num.chars)
    pieces += c.versions
    units = [(u[0], u[1], u[3]) for u in ev.read_units(stream)]
    els = units + [(m.start(), m.end(), None) for m in re.finditer("\x00+", stream)]
    els.sort()
    runs, cur = [], []
    prev = None
    for el in els:
        if prev is not None:
            gap = stream[prev[1]:el[0]]
            j = joinable(gap)
            if j and (prev[2] is None) != (el[2] is None):
                return "runs into a fragment"
            if not j or el[2] is None or prev[2] is None:
                if cur:
                    runs.append(cur)
                cur = []
        if el[2] is not None:
            cur.append(el[2])
        prev = el
    if cur:
        runs.append(cur)
    if any(u[2] == "X" for u in units):
        return "a lone X outside a label"
    for run in runs:
        d = "".join(run)
        p = run_problem(d, pieces)
        if p:
            return f"look-alike {p}: {d}"
    return None


# =============================================================================================
# Layouts
# =============================================================================================

INLINE = [("tri", "{lab} ▸ ", False), ("ts-slash", "{ts}/{lab}: ", True), ("paren", "({lab}) ", False),
          ("ts-dotted", "{ts} ┆ {lab} ┆ ", True), ("chev", "{lab} ❯ ", False), ("bar", "▌{lab}　", False),
          ("ts-cnparen", "（{ts}）{lab}：", True), ("angle2", "<<{lab}>> ", False), ("arrow", "{lab} —› ", False),
          ("bold", "**{lab}**: ", False), ("ts-at", "{ts} @ {lab}: ", True), ("ts-lent", "【{ts}】{lab}：", True),
          ("vdots", "{lab} ⁞ ", False), ("chat", "[{date} {wall}] {lab}: ", True), ("dcolon", "{lab}:: ", False),
          ("heavy", "{lab} ┃ ", False), ("tilde", "~{lab}~ ", False), ("ts-dash", "({ts}) {lab} - ", True),
          ("colon", "{lab}：", False), ("colon-en", "{lab}: ", False)]
HEADER = [("hdr-dot", "{lab} · {ts}", "  ", True), ("box", "┌ {lab}", "│ ", False), ("hdr-ts", "{ts}", "{lab}> ", False),
          ("hdr-plain", "{lab}", "", True)]
BARE = [("bare", ""), ("dash", "– ")]
TS_FMT = ["hms", "ms", "m:ss", "sec", "cn", "ms3"]


def fmt_ts(kind, t, wall0):
    t = max(0.0, t)
    m, s = divmod(int(t), 60)
    h, m2 = divmod(m, 60)
    if kind == "hms":
        return f"{h:02d}:{m2:02d}:{s:02d}"
    if kind == "ms":
        return f"{m:02d}:{s:02d}"
    if kind == "m:ss":
        return f"{m}:{s:02d}"
    if kind == "sec":
        return f"{t:.1f}s"
    if kind == "cn":
        return f"{m}分{s:02d}秒"
    if kind == "ms3":
        return f"{h:02d}:{m2:02d}:{s:02d}.{int((t % 1) * 1000):03d}"
    w = wall0 + int(t)
    return f"{w // 3600:02d}:{(w // 60) % 60:02d}:{w % 60:02d}"


def labels_for(c):
    r = c.rng
    lang = c.lang
    if r.random() < 0.35:
        a, b = c.dom["lab"]["zh" if lang == "zh" or (lang == "mixed" and r.random() < 0.5) else "en"]
    else:
        a, b = r.choice(SPEAKERS[lang])
    if r.random() < 0.2:
        nm = c.vars["ag"]
        a = f"{a}-{nm}" if re.search(r"[\u4e00-\u9fff]", a) else f"{a} ({nm})"
    other = next((t.split(":", 1)[1] for t in c.tags if t.startswith("voice_b:")), None) or ("家属" if lang != "en" else "Partner")
    sysl = r.choice(["系统", "IVR"] if lang != "en" else ["IVR", "Recording", "System"])
    labs = {"A": a, "C": b, "B": other, "S": sysl}
    if r.random() < 0.04:
        labs["A"], labs["C"] = labs["C"], labs["A"]
        c.tags.add("swapped")
    return labs


def times(c, contents):
    r = c.rng
    t = r.uniform(0.5, 4.0)
    out = []
    for spk, text, _, _ in contents:
        d = 0.8 + len(text) * (0.2 if re.search(r"[\u4e00-\u9fff]", text) else 0.07) + r.uniform(0, 0.6)
        out.append((t, t + d))
        t += d + r.uniform(0.15, 1.2)
    return out


def layout_text(c, contents):
    r = c.rng
    labs = labels_for(c)
    tms = times(c, contents)
    tsk = r.choice(TS_FMT)
    wall0 = r.randint(8 * 3600, 18 * 3600)
    date = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    fam = r.choices(["inline", "header", "bare"], [72, 18, 10])[0]
    out, spans = [], []
    pos = 0
    blank = r.random() < 0.3

    def emit(line, frs=(), off=0):
        nonlocal pos
        for s, e, f in frs:
            spans.append((pos + off + s, pos + off + e, f))
        out.append(line)
        pos += len(line) + 1

    if fam == "inline":
        name, tpl, has_ts = r.choice(INLINE)
        if name == "chat":
            tsk = "wall"
        cont = r.choice(["relabel", "bare", "indent", "hook", "dots"])
        name += "|" + cont
        prev = None
        for i, (spk, text, frs, _) in enumerate(contents):
            pre = tpl.format(lab=labs[spk], ts=fmt_ts(tsk, tms[i][0], wall0), wall=fmt_ts("wall", tms[i][0], wall0), date=date)
            if prev == spk and cont != "relabel":
                pre = {"bare": "", "indent": "    ", "hook": "↪ ", "dots": "… "}[cont]
            elif blank and prev is not None:
                emit("")
            emit(pre + text, frs, len(pre))
            prev = spk
    elif fam == "header":
        name, htpl, cpre, bl = r.choice(HEADER)
        prev = None
        for i, (spk, text, frs, _) in enumerate(contents):
            if prev != spk:
                if bl and prev is not None:
                    emit("")
                emit(htpl.format(lab=labs[spk], ts=fmt_ts(tsk, tms[i][0], wall0)))
            pre = cpre.format(lab=labs[spk])
            emit(pre + text, frs, len(pre))
            prev = spk
    else:
        name, pre = r.choice(BARE)
        for spk, text, frs, _ in contents:
            emit(pre + text, frs, len(pre))
    txt = "\n".join(out) + ("\n" if r.random() < 0.5 else "")
    return txt, spans, "text:" + name


VTT_PAY = ["voice", "voice-close", "colon", "bracket", "dash", "bare", "voice-class"]


def vtt_ts(t, short):
    m, s = divmod(t, 60)
    h, m = divmod(int(m), 60)
    if short and h == 0:
        return f"{int(m):02d}:{s:06.3f}"
    return f"{h:02d}:{int(m):02d}:{s:06.3f}"


def layout_vtt(c, contents):
    r = c.rng
    labs = labels_for(c)
    tms = times(c, contents)
    pay = r.choice(VTT_PAY)
    ids = r.choice(["num", "c", "none"])
    short = r.random() < 0.5
    setting = r.choice(["", "", " align:start", " line:85%", " position:15%"])
    cont = r.choice(["newcue-voice", "newcue-bare", "second-line"])
    head = "WEBVTT" + r.choice(["", "", " - call transcript", " - 通话转写"])
    out = [head]
    if r.random() < 0.3:
        out.append("Kind: captions")
        out.append("Language: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[c.lang])
    out.append("")
    if r.random() < 0.3:
        out.append(r.choice(["NOTE machine transcript, not reviewed", "NOTE 自动转写，未经人工校对"]))
        out.append("")
    text = "\n".join(out) + "\n"
    spans = []
    prev = None
    cue = 0
    for i, (spk, t, frs, _) in enumerate(contents):
        if prev == spk and cont == "second-line":
            text = text[:-1]
            for s, e, f in frs:
                spans.append((len(text) + s, len(text) + e, f))
            text += t + "\n\n"
            continue
        cue += 1
        block = ""
        if ids == "num":
            block += f"{cue}\n"
        elif ids == "c":
            block += f"c{cue}\n"
        block += f"{vtt_ts(tms[i][0], short)} --> {vtt_ts(tms[i][1], short)}{setting}\n"
        lab = labs[spk]
        bare_cont = prev == spk and cont == "newcue-bare"
        if bare_cont or pay == "bare":
            pre, post = "", ""
        elif pay == "voice":
            pre, post = f"<v {lab}>", ""
        elif pay == "voice-close":
            pre, post = f"<v {lab}>", "</v>"
        elif pay == "voice-class":
            pre, post = f"<v.{'agent' if spk == 'A' else 'caller'} {lab}>", "</v>"
        elif pay == "colon":
            pre, post = f"{lab}: ", ""
        elif pay == "bracket":
            pre, post = f"[{lab}] ", ""
        else:
            pre, post = "- ", ""
        start = len(text) + len(block) + len(pre)
        for s, e, f in frs:
            spans.append((start + s, start + e, f))
        text += block + pre + t + post + "\n\n"
        prev = spk
    text = text.rstrip("\n") + "\n"
    return text, spans, f"vtt:{pay}|{ids}|{cont}"


# -- ASR ------------------------------------------------------------------------------------

PUNCT = set("，。？！、；：,.?!;:…—“”\"‘’（）()《》~·")


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or ch == "〇"


def tokenize(text):
    toks = []
    pending = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if is_cjk(ch):
            toks.append({"s": i, "e": i + 1, "w": pending + ch, "sp": i > 0 and text[i - 1] == " ", "cjk": True})
            pending = ""
            i += 1
            continue
        if ch in PUNCT:
            if toks and not pending:
                toks[-1]["w"] += ch
            else:
                pending += ch
            i += 1
            continue
        j = i
        while j < n:
            cj = text[j]
            if (cj.isascii() and cj.isalnum()) or "０" <= cj <= "９" or cj in "Ｘ%":
                j += 1
            elif cj in "+" and j == i:
                j += 1
            elif cj in "-'’.:/" and j + 1 < n and j > i and (text[j + 1].isascii() and text[j + 1].isalnum()):
                j += 1
            else:
                break
        if j == i:
            j = i + 1
        toks.append({"s": i, "e": j, "w": pending + text[i:j], "sp": i > 0 and text[i - 1] == " ", "cjk": False})
        pending = ""
        i = j
    if pending and toks:
        toks[-1]["w"] += pending
    return toks


def strip_punct(w):
    return w.strip("".join(PUNCT))


def layout_asr(c, contents):
    r = c.rng
    whisper = r.random() < 0.6
    spk_style = r.choice(["none", "role", "spk", "letter"]) if r.random() < 0.85 else "none"
    conf = r.random() < 0.5
    nopunct = r.random() < 0.22
    ms = (not whisper) and r.random() < 0.4
    tms = times(c, contents)
    spk_names = {"role": {"A": "agent", "C": "customer", "B": "customer_2", "S": "ivr"},
                 "spk": {"A": "spk_0", "C": "spk_1", "B": "spk_2", "S": "spk_3"},
                 "letter": {"A": "A", "C": "B", "B": "C", "S": "S"}}.get(spk_style)
    order = {"A": 0, "C": 1, "B": 2, "S": 3}
    segs = []
    ents = {}   # frag id or join key -> (frag list, keys)
    flat = []
    for li, (spk, text, frs, _) in enumerate(contents):
        toks = tokenize(text)
        t0, t1 = tms[li]
        per = (t1 - t0) / max(1, len(toks))
        words = []
        for k, tk in enumerate(toks):
            owner = None
            for s, e, f in frs:
                if tk["s"] < e and s < tk["e"]:
                    if not (s <= tk["s"] and tk["e"] <= e):
                        raise Redraw("asr: a word straddles a fragment edge")
                    owner = f
            w = tk["w"]
            if nopunct:
                w = strip_punct(w)
                if not w:
                    continue
            if whisper and not tk["cjk"] and (tk["sp"] or k == 0):
                w = " " + w
            ws = round(t0 + k * per, 2)
            we = round(t0 + (k + 0.85) * per, 2)
            wd = {"word": w}
            if ms:
                wd["start_ms"], wd["end_ms"] = int(ws * 1000), int(we * 1000)
            else:
                wd["start"], wd["end"] = ws, we
            if conf:
                wd["probability" if whisper else "confidence"] = round(r.uniform(0.55, 0.99) if owner is None else r.uniform(0.42, 0.97), 2)
            if spk_names and not whisper:
                wd["speaker"] = spk_names[spk]
            if owner is not None:
                key = ("j", id(owner.num), owner.join) if owner.join else ("f", id(owner))
                ent = ents.setdefault(key, ([], []))
                if owner not in ent[0]:
                    ent[0].append(owner)
                ent[1].append((len(segs), len(words)) if whisper else len(flat) + len(words))
            words.append(wd)
        if whisper:
            seg = {"id": len(segs), "start": round(t0, 2), "end": round(t1, 2), "text": "".join(w["word"] for w in words).strip()}
            if spk_names:
                seg["speaker"] = f"SPEAKER_{order[spk]:02d}"
            seg["words"] = words
            segs.append(seg)
        else:
            flat.extend(words)
    if whisper:
        tr = {"text": " ".join(s["text"] for s in segs)} if r.random() < 0.5 else {}
        tr["segments"] = segs
        tr["language"] = "zh" if c.lang != "en" else "en"
    else:
        tr = {"words": flat}
        if r.random() < 0.4:
            tr["language"] = "zh" if c.lang != "en" else "en"
            tr["duration"] = round(tms[-1][1] + 0.5, 2)
    entities = []
    allw = ev.asr_words(tr)
    wmap = {k: w for k, w, _ in allw}
    for key, (frs, keys) in ents.items():
        last = frs[-1]
        reads = "".join(f.reads for f in frs)
        got = "".join(u[3] for u in ev.read_units(" ".join(wmap[tuple(k) if isinstance(k, list) else k] for k in keys)))
        if got != reads:
            raise Redraw("asr: entity reads differently")
        entities.append({"kind": last.kind, "last4_ok": last.last4, "role": last.role if len(frs) == 1 else "piece",
                         "words": [list(k) for k in keys] if whisper else keys})
    shape = ("whisper" if whisper else "flat") + (f"|spk-{spk_style}" if spk_names else "") + ("|conf" if conf else "") + \
        ("|ms" if ms else "") + ("|nopunct" if nopunct else "")
    return tr, entities, "asr:" + shape


# =============================================================================================
# Cases
# =============================================================================================

PHEN_COUNTS = [("plain", 30), ("interruption", 42), ("continuation", 32), ("correction", 48), ("filler", 30),
               ("asr-chunks", 36), ("readback", 46), ("check-char-apart", 24), ("glued-words", 24), ("multi-number", 28),
               ("negative", 60)]
KIND_W = {"plain": (42, 29, 29), "interruption": (46, 30, 24), "continuation": (40, 32, 28), "correction": (44, 32, 24),
          "filler": (40, 30, 30), "asr-chunks": (42, 32, 26), "readback": (40, 30, 30), "glued-words": (40, 32, 28)}
FMT_SHARE = {"asr-chunks": (7, 7, 22)}


def spread(rng, n, items, weights):
    """n picks of items in proportion to weights (largest remainder), shuffled."""
    tot = sum(weights)
    raw = [n * w / tot for w in weights]
    cnt = [int(x) for x in raw]
    rest = sorted(range(len(items)), key=lambda i: (raw[i] - cnt[i], rng.random()), reverse=True)
    for i in rest[:n - sum(cnt)]:
        cnt[i] += 1
    out = [it for it, k in zip(items, cnt) for _ in range(k)]
    rng.shuffle(out)
    return out


def make_plan(seed):
    rng = random.Random(f"wharf-plan/{seed}")
    plan = []
    for ph, n in PHEN_COUNTS:
        langs = spread(rng, n, ["en", "mixed"], [14, 10]) if ph == "glued-words" else spread(rng, n, ["zh", "en", "mixed"], [35, 33, 32])
        fmts = spread(rng, n, ["text", "vtt", "asr-json"], FMT_SHARE.get(ph, (58, 15, 27)))
        if ph in KIND_W:
            kinds = spread(rng, n, ["phone", "id_number", "bank_card"], KIND_W[ph])
        else:
            kinds = ["id_number" if ph == "check-char-apart" else "phone"] * n
        for l, f, k in zip(langs, fmts, kinds):
            plan.append({"phenomenon": ph, "lang": l, "format": f, "kind": k})
    rng.shuffle(plan)
    doms = [DOMAIN_KEYS[i % len(DOMAIN_KEYS)] for i in range(len(plan))]
    rng.shuffle(doms)
    for p, d in zip(plan, doms):
        p["domain"] = d
    return plan


def line_content(line):
    text, frs, ccs = "", [], []
    for it in line.items:
        if isinstance(it, Frag):
            frs.append((len(text), len(text) + len(it.text), it))
            text += it.text
        elif isinstance(it, CC):
            ccs.append((len(text), len(text) + len(it)))
            text += it
        else:
            text += it
    return text, frs, ccs


def edge_problem(text, spans):
    for s, e, f in spans:
        if text[s:e] != f.text:
            raise Bug("span offsets")
        if s > 0 and bearing(text[s - 1]):
            return f"edge before {text[max(0, s - 8):e]!r}"
        if e < len(text) and bearing(text[e]):
            return f"edge after {text[s:e + 8]!r}"
    return None


def build_case(rng, idx, p, used, seed):
    dom = DOMAINS[DOMAIN_KEYS.index(p["domain"])]
    c = Call(rng, p["lang"], dom, p["format"], used)
    gvars(c)
    variant = BUILDERS[p["phenomenon"]](c, p["kind"])
    contents = []
    for ln in c.lines:
        text, frs, ccs = line_content(ln)
        if "\n" in text or text != text.strip():
            raise Bug(f"line {text!r}")
        contents.append((ln.spk, text, frs, ccs))
    prob = content_problem(c, [(t, f, cc) for _, t, f, cc in contents])
    if prob:
        raise Redraw(prob)
    frags = [f for _, _, frs, _ in contents for _, _, f in frs]
    if (p["phenomenon"] == "negative") != (not frags):
        raise Bug("negatives hold no fragment, the others some")
    case = {"id": f"{SET}-{idx + 1:04d}", "set": SET, "phenomenon": p["phenomenon"], "lang": p["lang"], "format": p["format"],
            "domain": p["domain"]}
    if p["format"] in ("text", "vtt"):
        text, spans, lay = (layout_text if p["format"] == "text" else layout_vtt)(c, contents)
        prob = edge_problem(text, spans)
        if prob:
            raise Redraw(prob)
        case["variant"] = f"{variant};{lay}"
        case["text" if p["format"] == "text" else "transcript_text"] = text
        case["spans"] = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4, "role": f.role} for s, e, f in spans]
    else:
        tr, ents, lay = layout_asr(c, contents)
        case["variant"] = f"{variant};{lay}"
        case["transcript"] = tr
        case["entities"] = ents
    meta = {"nums": [(n.kind, n.sub) for n in c.nums], "tags": sorted(c.tags), "lookalikes": len(c.lookalikes),
            "near": any(frs and re.search(r"[A-Z]{2}-?\d{4,}", t) for _, t, frs, _ in contents)}
    return case, meta


def generate(seed):
    plan = make_plan(seed)
    cases, metas = [], []
    redraws = Counter()
    used = set()
    for idx, p in enumerate(plan):
        for attempt in range(80):
            rng = random.Random(f"wharf/{seed}/{idx}/{attempt}")
            trial = set(used)
            try:
                case, meta = build_case(rng, idx, p, trial, seed)
                prob = ev.builtin_case_problem(case, SET)
                if prob:
                    raise Redraw("scorer: " + prob)
            except Redraw as e:
                redraws[re.split(r"[:(]", str(e))[0].strip()] += 1
                continue
            used = trial
            cases.append(case)
            metas.append(meta)
            break
        else:
            raise Bug(f"case {idx + 1}: no usable draw in 80")
    report = ev.require_set_checks(cases, SET)
    return cases, report, summary_stats(cases, metas), redraws


# =============================================================================================
# Summary
# =============================================================================================

def summary_stats(cases, metas):
    st = {}
    st["phenomenon"] = Counter(c["phenomenon"] for c in cases)
    st["lang"] = Counter(c["lang"] for c in cases)
    st["format"] = Counter(c["format"] for c in cases)
    st["shape"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases if c["format"] == "asr-json")
    st["nopunct"] = sum(1 for c in cases if "nopunct" in c["variant"])
    st["domain"] = Counter(c["domain"] for c in cases)
    labs = [l for c in cases for l in ev.labels_of(c)]
    st["frags"] = len(labs)
    st["kind"] = Counter(l["kind"] for l in labs)
    st["role"] = Counter(l["role"] for l in labs)
    st["last4"] = sum(l["last4_ok"] for l in labs)
    st["cases_with"] = Counter(k for c in cases for k in {l["kind"] for l in ev.labels_of(c)})
    st["multi_kind"] = sum(1 for c in cases if len({l["kind"] for l in ev.labels_of(c)}) >= 2)
    st["sub"] = Counter(sub for m in metas for _, sub in m["nums"])
    st["tags"] = Counter(t.split(":")[0] for m in metas for t in m["tags"])
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pkf"] = Counter((c["phenomenon"], l["kind"]) for c in cases for l in ev.labels_of(c))
    st["variants"] = Counter(f"{c['phenomenon']}/{c['variant'].split(';')[0]}" for c in cases if c["phenomenon"] != "negative")
    st["layouts"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases)
    st["neg"] = Counter(v for c in cases if c["phenomenon"] == "negative" for v in c["variant"].split(";")[0].split("+"))
    st["lookalikes"] = sum(m["lookalikes"] for m in metas)
    return st


def summary(st):
    lines = []
    lines.append("phenomena (zh/en/mixed, text/vtt/asr-json): " + "; ".join(
        f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}, "
        f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]})" for p in ev.PHENOMENA))
    lines.append("fragments per phenomenon phone/id/card: " + ", ".join(
        f"{p} {st['pkf'][(p, 'phone')]}/{st['pkf'][(p, 'id_number')]}/{st['pkf'][(p, 'bank_card')]}"
        for p in ev.PHENOMENA if p != "negative"))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(st["lang"].items())))
    lines.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(st["format"].items())) + " (asr: " +
                 ", ".join(f"{k} {v}" for k, v in sorted(st["shape"].items())) + f"; without punctuation {st['nopunct']})")
    lines.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    lines.append(f"fragments {st['frags']}: " + ", ".join(f"{k} {v}" for k, v in sorted(st["kind"].items())) +
                 f"; last4_ok {st['last4']}; roles: " + ", ".join(f"{k} {v}" for k, v in sorted(st["role"].items())))
    lines.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(st["cases_with"].items())) +
                 f"; two or more kinds {st['multi_kind']}; tags: " + ", ".join(f"{k} {v}" for k, v in sorted(st["tags"].items())))
    lines.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())) + f"; long look-alikes said {st['lookalikes']}")
    lines.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    lines.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(st["layouts"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
