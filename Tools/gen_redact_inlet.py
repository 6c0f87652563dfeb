#!/usr/bin/env python3
"""Inlet: 400 whole call-centre conversations for `callvault redact`, written by a nineteenth independent author.

    Tools/gen_redact_inlet.py            # writes Tests/VaultRedactTests/Fixtures/conversations-inlet.jsonl
    Tools/gen_redact_inlet.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_inlet.py --out PATH

Provenance. The set ("set": "inlet", ids inlet-0001 ... inlet-0400) was written from the task statement (the
issue as given to this author: IDs, cards and phones said through interruptions, corrections, fillers, ASR
chunking, read-backs, continuations, a check character said apart and glued number words, beside hard
negatives; the recall / precision / negative targets) and the scorer Tools/eval_redact_conversations.py, read in
full: its case schema, labelling conventions, digit reader, structure checks, built-in redactors,
builtin_case_problem, require_set_checks and generator_main (imported here; ev.builtin_case_problem runs on every
case as it is drawn and a case is drawn again on any problem, ev.require_set_checks runs on the whole set before
anything is written). The redactor's sources (Sources/), its tests (Tests/**/*.swift) and every *.swift file were
not read, nothing was built, neither swift nor the redactor was run, and git log / diff / show were not used. Of
the other generators only their module docstrings were read (printed by a small script that printed nothing
else), for the shared label conventions, the constructions they leave out and to stay out of their domains,
plus the last 60 lines of Tools/gen_redact_cove.py (summary_stats / summary / main and the generator_main call),
which main() here follows. Of the fixtures, only the first line of each format in conversations-cove.jsonl
(text, WebVTT, flat and Whisper-style asr-json) was looked at, to confirm the JSON shapes. No template, phrase
bank, sentence, layout, label, domain or look-alike of another generator or fixture was copied: the dialogue,
the domain lines, the number renderings, the look-alikes, the speaker labels and the layouts are this author's
own. The scorer's --self-check did not list this set when it was written (it was registered there after);
this generator runs the same checks itself.

Left out, where the sets' conventions disagree or the scorer could not label a construction unambiguously:
  - no complete WRONG version of a phone number (a phone correction abandons a prefix or fixes the middle group,
    a misheard phone read-back covers only its first groups) and no misheard phone last four: some sets set
    last4_ok on a wrong phone's last four and some do not, so no label here depends on it;
  - no single-digit spoken correction ("那个四说错了，是九"): one set labels 四…九 as one span, the others leave it
    out; no "ninety-nine" / "twenty-one" pair readings (the scorer's reader has no word for them);
  - identity numbers other than the 18-character PRC resident ID (15-digit first-generation IDs, passports, HK
    IDs): the reader sees only digits and a lone X / 叉, and a 15-digit ID could not be told from the 15-19 digit
    look-alikes used as negatives;
  - no organisation landline with an area code (only 400 / 800 / 95xxx hotlines, as look-alikes); a caller's own
    landline always carries its area code, which is part of the fragment;
  - no "double" / "triple" at the start of a fragment or of a piece a cut makes, none in a phone's last five
    digits (the keep-last-4 reading of "double eight" would depend on the redactor's word boundaries);
  - no card's last four said alone as a look-alike, no birth date said apart from the ID it belongs to (neither
    could be called harmless), no lone X, O or 叉 anywhere outside a labelled check character (the reader
    counts them as digits), no "oh" / "one" interjection beside a number;
  - no digits inside a speaker label in text or WebVTT payloads; numbered-line prefixes (`01) `) and SRT cue
    numbers never share a line with a number without a label word between them. Kept on purpose: in 12 text
    cases a number opens a stamp-led unlabelled line or a table row with an empty speaker cell, so a stamp
    stands just before it (the label is still the number alone; the stamp must not be read into it).

Domains (twelve, none used by another set; 33 or 34 calls each): office copier leasing (copier), a water-purifier
filter subscription (purifier), carpet & rug cleaning (carpet), vending-machine refunds (vending), a trampoline
park (trampoline), a 3D-printing bureau (print3d), an archery club & range (archery), sneaker cleaning & repair
(sneaker), end-of-life vehicle recycling (scrapcar), outdoor billboard booking (billboard), a wig & hairpiece
studio (wig) and an ice rink's skating lessons (icerink). (Every example domain of this author's brief was
already taken: piano tuning and an auction house by fjord, funeral services, solar panels and a driving school
by tide, pet insurance and dental by gulf, bike-share and skiing by marsh, lift maintenance by shoal,
translation by delta, self-storage by estuary.) Each has company names in Chinese and English, speaker labels
(租赁顾问/承租方, Filter team/Subscriber, 预约中心/Homeowner, Vending support, 前台/家长, Print desk/Client,
Range office/Member, 门店/Workshop, 回收顾问/车主, 媒介经理/Advertiser, 造型师/Client, 冰场前台/Skater ...),
reasons for calling with the agent's answer, outbound reasons, a reason for wanting each kind of number,
wrap-ups and look-alikes of its own (lease contracts, meter readings, machine serials and models, filter
models and TDS readings, floor areas, machine codes and slots, transaction IDs, party and ticket references,
quote numbers, STL file names, layer heights, lane numbers and draw weights, pickup codes, style codes, plates,
VINs, billboard site codes, traffic counts, colour codes, head sizes, locker numbers, membership numbers).
110 calls are outbound; 67 open with an IVR / 系统 recording notice.

Languages: Chinese 136, English 133, mixed code-switching 131 (also inside numbers: 145 fragments mix two of
Chinese numerals, Arabic digits and English words, e.g. 幺五七 7438 9997, three one oh one one five 19700506).
Formats: plain text 216, WebVTT 62, ASR JSON 122.
  Text: 30 layouts of this author's: 18 inline (`lab：`, `lab: `, `ts lab：`, `[ts][lab] `, `lab (ts): `,
  `lab • ts • `, `⟨lab⟩ `, `lab ≫ `, `『lab』`, `lab——`, `ts;lab;`, `lab讲：`, `lab ¦ `, `-lab- `, `LAB > `,
  `ts ~ lab ~ `, `lab [ts] `, numbered `01) lab: `; 142 cases), 4 header-line (`lab`, `▍lab  ts`,
  `--- lab (ts) ---`, `ts · lab` above indented turns; 40), a Markdown table `| ts | lab | text |` (10), an
  SRT-style paste with cue numbers and `hh:mm:ss,mmm --> ...` lines (9) and 4 without speaker labels (bare,
  `ts  `-, `» `- and `· `-led; 15). 103 stamped: hh:mm:ss, mm:ss, m:ss, hh:mm:ss.mmm, 62.5s, 1分02秒, wall clock
  with and without AM/PM. A turn that goes on is labelled again (54), bare (43), indented (35), `… `- (49) or
  `+ `-led (35). Labels: generic pairs (客服/客户, 坐席/来电人, 话务员/用户, 甲/乙, Agent/Customer, Rep/Caller, A/B,
  mixed Agent/客户, 客服/Customer ...) in 150 cases, the domain pairs in 66, with the agent's name in 43, a
  third voice (家属 / Spouse) and an IVR voice; in 5 the diariser swapped agent and caller. 106 end in a line
  break.
  WebVTT: `<v lab>` 9, `<v lab>…</v>` 9, `lab: ` 8, `lab：` 6, `[lab] ` 12, `- ` 11, bare 7; numeric (20),
  `line-N` (16) or no cue ids; long and short timings, some with align / line / position settings; optional
  title, Kind / Language lines and a NOTE; a turn that goes on is a second payload line (29), a new cue without
  the voice (23) or a new cue with it (10).
  ASR JSON: 51 flat `words` (38 with per-word speakers, 21 with confidences, 27 with start_ms / end_ms, 17 with
  language / duration, 17 Chinese) and 71 Whisper-style `segments` with `words` (leading-space Latin / Arabic
  words, Chinese one character a word, 42 with segment speakers, 41 with word probabilities, 39 with a
  top-level text, 24 Chinese; 7 entities run over two segments); 26 of the 122 without punctuation.

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 30 (11/10/9, 17/5/8): answered 6; volunteered ("And my number, well the mobile, is ...") 5; read off
    the system by the agent and confirmed 2; mid-sentence ("到了打 ... 就行") 5; after "hang on, let me find
    it" 7; answered and read back with an order reference in the same breath 5;
  interruption 40 (14/13/13, 23/6/11): one or two back-channels on their own line between two or three pieces
    16; the agent echoing the first piece 5; a question in the middle (is that your own number / slow down /
    you broke up) 8; the agent's read-back cut by the caller's 对 / yes 5; an ID given 6-8-4 with the birth-date
    group set apart by the caller's own words (出生年月那段是 ... / the date bit's ...) 6;
  continuation 32 (12/10/10, 18/5/9): two lines 9, three lines 8, "I'll read it out:" then the number alone
    on the next line 9, the agent reading it off the system over two lines 6;
  correction 44 (16/14/14, 25/7/12): an abandoned wrong prefix (一七六，二四二四……哦不对) 8; a restart of a
    right prefix (重新说下 / let me start again) 8; two abandoned attempts 15; a phone's middle group ("中间是
    ...，不是 ...，后面是 ...") then the agent's read-back 4; for IDs / cards a complete wrong version, "that
    doesn't validate", then the corrected last four 4, the corrected middle group 2 or the whole number 3;
  filler 32 (12/10/10, 18/5/9): fillers between groups 4, splitting an ungrouped number 6, after a hesitant
    lead-in 9, in the agent's read-back 6, a card read 4-4-4-4 with a hesitation at every edge 6, an ID 6-8-4
    with two 1;
  asr-chunks 36 (13/12/11, 9/5/22): ITN chunks over tokens 6, a digit a token 8, Chinese numerals then Arabic
    chunks 2, English words then Arabic chunks 6, a number cut inside a group over two segments / cues / lines
    14 (one entity in Whisper and flat words, two fragments in text and WebVTT);
  readback 44 (16/14/14, 25/7/12): the whole number 12 (5 of them with an order reference in the same line),
    its last four 6, its first group 8, all but the last four finished by the caller 4, a misheard ID / card
    (failing its check) answered "不对，是 ...，不是 ..." and read back right 8, a misheard last four 3, a phone's
    first groups misheard, corrected, then read back whole 3;
  check-char-apart 26 (9/8/9, 15/4/7): an ID's seventeen characters, then ……末尾是X / 最后是个叉 / "and it ends
    with an X" on the same line 7, on the next line 6, or when the agent asks 13 (X, x, Ｘ or 叉 in 18; a digit
    check character in 8);
  glued-words 26 (0/13/13, 15/4/7): English number words glued by the recogniser (eightthreeseven,
    ohtwodoublefour) in a whole number 12, glued and spaced groups alternating 3, in the agent's read-back 6,
    in two pieces around a back-channel 5;
  multi-number 32 (12/10/10, 18/5/9): two kinds on one line 2, two or three numbers asked turn by turn 12, a
    mobile plus a spouse's mobile or an office landline 8, the spouse taking the phone and giving a card / ID
    and a phone 10;
  negative 58 (21/19/18, 33/9/16): look-alikes only (one or two parts a call; counts are occurrences): a 15-19
    digit reference (tracking, transaction, certificate, invoice, e-ticket ... numbers) in Arabic digits,
    Chinese numerals or English words, said 29 times and said then read back by the agent 13 times, all failing
    Luhn and MOD 11-2 and said after no ID or card context word; an 11-digit membership number not shaped like
    a mobile 21; a number asked for but not given 8; domain chatter with amounts, dates, times, codes and 400 /
    800 / 95xxx hotlines 18.
37 calls of the other phenomena carry a second number of another kind (69 hold two or more numbers, 66 of two
or more kinds); 45 say a look-alike (order / booking reference, amount, date, time) in the same line as a
number; greetings, reasons and wrap-ups of every call carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, real county code, valid birth
date, MOD 11-2 check character), a bank card (UnionPay 16 / 19 digits, Visa, Mastercard incl. 2-series;
Luhn-valid) or a phone number (PRC mobiles 1[3-9]x, landlines with their area code, Hong Kong, UK and US
numbers, some after +86 / 0086 / 加86 / plus eight six / +852 / 00852 / +44 / +1 / 001) said by anybody is one
fragment of its kind, with a "role": said, piece, echo, readback, misheard, abandoned, wrong, corrected,
check-char. Counts: 771 fragments, id_number 303, phone 266, bank_card 202 (192 with last4_ok); roles said 282,
piece 196, readback 113, corrected 58, abandoned 50, wrong 27, check-char 26, misheard 14, echo 5; per
phenomenon phone/id/card: plain 15/14/10, interruption 43/40/31, continuation 22/25/23, correction 51/48/38,
filler 17/13/13, asr-chunks 17/15/13, readback 40/53/38, check-char-apart 1/64/3, glued-words 16/14/11,
multi-number 44/17/22; cases holding a phone 150, an ID 149, a card 113; numbers: mobiles 81, mobiles after +86
13, landlines 21, HK 11, UK 15, US 17; cards UnionPay 66, Visa 21, Mastercard 26; 59 fragments hold a double /
triple, 31 glued words. A fragment runs from its first digit-bearing word to its last and holds the separators
and fillers inside it; in text and WebVTT it is a code-point span within one line, in asr-json the list of its
words. A country code is not part of a phone fragment; a landline's area code is. `last4_ok` is set exactly on
phone fragments that end at the number's final digit with the right digits (the whole number, its last piece,
a full, last-four or caller-finished read-back); never on IDs, cards, abandoned prefixes, middle pieces or
misheard / wrong digits. Every number is used by one case only.

Checks at generation (a failure of the generator aborts and nothing is written; a failed draw is drawn again):
every number valid (every misheard or wrong ID / card version fails its check, every wrong mobile is still
1[3-9]x); every fragment says, with double / triple expanded, exactly the digits of its place in its version
and reads, with the scorer's reader, exactly its collapsed digits (in asr-json over its words; a Whisper entity
over two segments as the two pieces together); spans hold no line break or outer white space and have no
digit-bearing character (digit, numeral, X / 叉, Latin letter) beside them. Look-alike safety, on what the
redactor reads (the turns' words without labels, stamps, cue timings or headers, all speakers as one stream):
runs of unlabelled digits joined across spaces, punctuation, line breaks, fillers and and / then / dash / plus /
然后 / 和 / 加 / 杠, read with and without double / triple expanded, have no 11-digit window 1[3-9]..., no 13-19
digit window passing Luhn, no 18-character window passing MOD 11-2, are no 10-12 digit run starting with 0, no
10-digit NANP-shaped run (400 / 800 aside) or 10-digit run starting 7, no 8-digit run starting 5 / 6 / 8 / 9, no
15 / 18-digit run starting with a province code, no 16 / 19-digit run with a card prefix, hold no 6-digit piece
of any version of a labelled number and never run into a fragment (country codes aside). The scorer's structure
check and built-in redactors pass on each case (ev.builtin_case_problem) and on the set (ev.require_set_checks):
the oracle and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky
ones recall at most the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, domain, kind, second
number, outbound); each case draws its dialogue and its layout from random.Random instances seeded from the
seed, its index and a redraw counter; two runs write identical bytes (also under another PYTHONHASHSEED).
"""

from __future__ import annotations

import os
import re
import sys
import random
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402

SET = "inlet"
OUT = os.path.join(ev.FIXTURES, f"conversations-{SET}.jsonl")
MASTER_SEED = 40417
N_CASES = 400
MAX_REDRAWS = 80


class Bug(Exception):
    """The generator itself is wrong (a template that can never pass, a number that fails its check)."""


class Redraw(Exception):
    """This draw of a case breaks a rule; draw the case again."""


# ============================================================================================
# Numbers
# ============================================================================================

DIGITS = "0123456789"
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
MOBILE_RE = re.compile(r"1[3-9]\d{9}$")


def id_check(d17):
    return ID_C[sum(int(c) * w for c, w in zip(d17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] in "0123456789X" and id_check(s[:17]) == s[17]


def luhn_ok(s):
    if not s.isdigit():
        return False
    t = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        t += d
    return t % 10 == 0


def luhn_digit(body):
    for d in DIGITS:
        if luhn_ok(body + d):
            return d
    raise Bug("no luhn digit")


REGIONS = ["110101", "110105", "110108", "120103", "130102", "130604", "140105", "150102", "210102", "210203",
           "220102", "230103", "310104", "310110", "310115", "320102", "320506", "330106", "330302", "340104",
           "350203", "360102", "370102", "370202", "410105", "420106", "430104", "440104", "440106", "440305",
           "450103", "460105", "500103", "510107", "520102", "530102", "610113", "620102", "640104", "650102"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
UP16 = ["622202", "622848", "621700", "622588", "621661", "623058", "622262", "621799", "622700", "625807", "622609"]
UP19 = ["621226", "622848", "621559", "623668", "621483", "622208"]
VISA = ["453211", "476173", "492960", "448590", "401288", "431940", "462263"]
MC = ["520082", "545762", "532610", "222300", "271011", "558915", "223108", "510510"]
MOB3 = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185",
        "186", "187", "188", "189", "191", "193", "195", "198", "199"]
AREA3 = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0755", "0571", "0512", "0731", "0591", "0871", "0532", "0411", "0760", "0898", "0351", "0471"]


class Num:
    def __init__(self, kind, sub, digits, groupings, cc=None, cc_opt=False):
        self.kind, self.sub, self.digits, self.groupings = kind, sub, digits, groupings
        self.cc, self.cc_opt = cc, cc_opt
        self.bad = []          # wrong / misheard versions said in the call

    def versions(self):
        return [self.digits] + self.bad


def rand_digits(rng, n, first=DIGITS):
    return rng.choice(first) + "".join(rng.choice(DIGITS) for _ in range(n - 1))


def make_id(rng, want=None):
    while True:
        y = rng.randint(1956, 2005)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28 if m == 2 else 30)
        d17 = f"{rng.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{rng.randint(1, 999):03d}"
        c = id_check(d17)
        if want == "X" and c != "X":
            continue
        if want == "digit" and c == "X":
            continue
        return Num("id_number", "id", d17 + c, [[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [18], [6, 8, 3, 1]])


def make_card(rng, sub=None):
    sub = sub or rng.choices(["unionpay16", "unionpay19", "visa", "mastercard"], [45, 15, 20, 20])[0]
    pre = rng.choice({"unionpay16": UP16, "unionpay19": UP19, "visa": VISA, "mastercard": MC}[sub])
    n = 19 if sub == "unionpay19" else 16
    body = pre + rand_digits(rng, n - 1 - len(pre))
    digits = body + luhn_digit(body)
    if n == 16:
        gr = [[4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [16], [6, 6, 4]]
    else:
        gr = [[4, 4, 4, 4, 3], [4, 4, 4, 4, 3], [6, 13], [19], [4, 4, 4, 7]]
    return Num("bank_card", sub, digits, gr)


def make_phone(rng, lang, sub=None):
    if sub is None:
        if lang == "en":
            sub = rng.choices(["mobile", "mobile+86", "uk", "us", "hk", "landline"], [30, 10, 25, 15, 10, 10])[0]
        else:
            sub = rng.choices(["mobile", "mobile+86", "landline", "hk"], [66, 12, 16, 6])[0]
    if sub in ("mobile", "mobile+86"):
        d = rng.choice(MOB3) + rand_digits(rng, 8)
        return Num("phone", sub, d, [[3, 4, 4], [3, 4, 4], [3, 4, 4], [11], [3, 3, 5]],
                   cc="86" if sub == "mobile+86" else None, cc_opt=True)
    if sub == "landline":
        area = rng.choice(AREA3 + AREA4)
        d = area + rand_digits(rng, 8, "2345678")
        a = len(area)
        return Num("phone", sub, d, [[a, 4, 4], [a, 8], [a, 4, 4]])
    if sub == "hk":
        d = rand_digits(rng, 8, "569")
        return Num("phone", sub, d, [[4, 4], [4, 4], [8]], cc="852")
    if sub == "uk":
        d = "7" + rng.choice("123456789") + rand_digits(rng, 8)
        return Num("phone", sub, d, [[4, 6], [4, 3, 3]], cc="44")
    if sub == "us":
        while True:
            npa = rng.choice("23456789") + rng.choice("012345678") + rng.choice(DIGITS)
            if npa[1:] == "11" or npa in ("800", "888", "877", "866", "855", "844", "833", "400", "555"):
                continue
            nxx = rng.choice("23456789") + rand_digits(rng, 2)
            if nxx[1:] == "11" or nxx == "555":
                continue
            return Num("phone", sub, npa + nxx + rand_digits(rng, 4), [[3, 3, 4]], cc="1")
    raise Bug(sub)


def number_ok(num):
    v = num.digits
    if num.kind == "id_number":
        ok = id_ok(v) and v[:6] in REGIONS
    elif num.kind == "bank_card":
        ok = luhn_ok(v) and len(v) in (16, 19)
    elif num.sub in ("mobile", "mobile+86"):
        ok = bool(MOBILE_RE.match(v))
    else:
        ok = v.isdigit() and 8 <= len(v) <= 12
    if not ok:
        raise Bug(f"invalid number {num.kind} {v}")
    for w in num.bad:
        if len(w) != len(v) or w == v:
            raise Bug(f"bad version {w} of {v}")
        if num.kind == "id_number" and id_ok(w):
            raise Bug(f"wrong ID {w} validates")
        if num.kind == "bank_card" and luhn_ok(w):
            raise Bug(f"wrong card {w} validates")
        if num.sub in ("mobile", "mobile+86") and not MOBILE_RE.match(w):
            raise Bug(f"wrong mobile {w} not 1[3-9]")


def mutate(rng, num, lo, hi):
    """A wrong version differing in one digit at a position in [lo, hi); IDs / cards fail their check."""
    v = num.digits
    for _ in range(200):
        i = rng.randrange(lo, hi)
        if v[i] == "X":
            continue
        d = rng.choice([c for c in DIGITS if c != v[i]])
        w = v[:i] + d + v[i + 1:]
        if num.kind == "id_number" and id_ok(w):
            continue
        if num.kind == "bank_card" and luhn_ok(w):
            continue
        if num.sub in ("mobile", "mobile+86") and not MOBILE_RE.match(w):
            continue
        if w in num.bad:
            continue
        num.bad.append(w)
        return w, i
    raise Bug("cannot mutate")


# ============================================================================================
# Look-alike rules and the run scanner (what a redactor reads, with the scorer's digit reader)
# ============================================================================================

CARD_PREFIX = ("4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27", "62")


def lookalike_ok(s):
    """A run of unlabelled digits that could not be taken for an ID, a card or a phone."""
    if "X" in s:
        return False
    n = len(s)
    for i in range(n - 10):
        if s[i] == "1" and s[i + 1] in "3456789":
            return False
    for L in range(13, min(19, n) + 1):
        for i in range(n - L + 1):
            if luhn_ok(s[i:i + L]):
                return False
    for i in range(n - 17):
        w = s[i:i + 18]
        if id_check(w[:17]) == w[17]:
            return False
    if 10 <= n <= 12 and s[0] == "0":
        return False
    if n == 10 and s[0] in "23456789" and s[3] in "23456789" and not s.startswith(("400", "800")):
        return False
    if n == 10 and s[0] == "7":
        return False
    if n == 8 and s[0] in "5689":
        return False
    if n in (15, 18) and s[:2] in PROVINCES:
        return False
    if n in (16, 19) and s.startswith(CARD_PREFIX):
        return False
    return True


def safe_run(rng, n, first=DIGITS):
    for _ in range(2000):
        s = rand_digits(rng, n, first)
        if lookalike_ok(s):
            return s
    raise Bug(f"no safe run of {n}")


EN_JOIN = {"um", "uh", "er", "erm", "hmm", "ah", "and", "then", "dash", "plus"}
CJK_JOIN = ["那个", "就是", "然后", "呃", "嗯", "额", "和", "加", "杠", "啊", "哦"]
FW = "０１２３４５６７８９"


def scan_tokens(s):
    """(pos, type, value): type d = a digit (value), m = double / triple, j = joins a run, b = breaks it."""
    toks = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            toks.append((i, "d", c)); i += 1; continue
        if c in FW:
            toks.append((i, "d", str(ord(c) - 0xFF10))); i += 1; continue
        if c in ev.CN_VAL:
            toks.append((i, "d", ev.CN_VAL[c])); i += 1; continue
        if c in "Ｘ叉":
            toks.append((i, "d", "X")); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            if w.lower() == "x":
                toks.append((i, "d", "X"))
            else:
                parts = ev._decompose(w)
                if parts:
                    for p in parts:
                        if p in ev.EN_VAL:
                            toks.append((i, "d", ev.EN_VAL[p]))
                        else:
                            toks.append((i, "m", p))
                elif w.lower() in EN_JOIN:
                    toks.append((i, "j", None))
                else:
                    toks.append((i, "b", None))
            i = j
            continue
        hit = None
        for f in CJK_JOIN:
            if s.startswith(f, i):
                hit = f
                break
        if hit:
            toks.append((i, "j", None)); i += len(hit); continue
        toks.append((i, "b" if c.isalpha() else "j", None))
        i += 1
    return toks


def digit_runs(s):
    """Runs of digit tokens joined only by joiners: lists of (pos, type, value)."""
    runs, cur = [], []
    for t in scan_tokens(s):
        if t[1] in "dm":
            cur.append(t)
        elif t[1] == "b":
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [r for r in runs if any(t[1] == "d" for t in r)]


def run_digits(run, expand):
    out, mult = [], 1
    for _, typ, val in run:
        if typ == "m":
            mult = 2 if val == "double" else 3
            continue
        out.append(val * (mult if expand else 1))
        mult = 1
    return "".join(out)


def said_digits(s):
    """The digits a stretch says, with double / triple expanded."""
    return "".join(run_digits(r, True) for r in digit_runs(s))


def reader_digits(s):
    return "".join(u[3] for u in ev.read_units(s))


DIGIT_BEARING = set(DIGITS) | set(FW) | set(ev.CN_VAL) | set("Ｘ叉")


def bears_digit(ch):
    return ch in DIGIT_BEARING or (ch.isascii() and ch.isalpha())


# ============================================================================================
# Rendering a stretch of a number
# ============================================================================================

EN_OF = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
         "8": "eight", "9": "nine"}
CN_OF = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}


class CC:
    """A country code said before a phone (not part of the fragment)."""

    def __init__(self, text):
        self.text = text


class Frag:
    def __init__(self, num, role, last4, atoms, version, a, b):
        self.num, self.kind, self.role, self.last4 = num, num.kind, role, last4
        self.atoms, self.version, self.a, self.b = atoms, version, a, b
        self.join_asr = False

    @property
    def text(self):
        return "".join(a[0] for a in self.atoms)

    def span(self):
        pos, first, last = 0, None, None
        for t, k, _, _ in self.atoms:
            if k == "d":
                if first is None:
                    first = pos
                last = pos + len(t)
            pos += len(t)
        return first, last

    @property
    def said(self):
        return "".join(a[2] for a in self.atoms if a[1] == "d")

    @property
    def read(self):
        return "".join(a[3] for a in self.atoms if a[1] == "d")


def slice_groups(grouping, a, b):
    segs, start = [], 0
    for g in grouping:
        end = start + g
        s, e = max(start, a), min(end, b)
        if s < e:
            segs.append((s, e))
        start = end
    return segs


FILLERS = {
    "zh": ["呃", "嗯", "那个", "额", "就是", "我看看"],
    "en": ["um", "uh", "er", "erm", "hmm", "let me see", "what is it"],
}


class Renderer:
    """Builds the atoms of one fragment: (text, type d/f/s, said digits, reader digits)."""

    def __init__(self, rng, lang, fmt):
        self.rng, self.lang, self.fmt = rng, lang, fmt

    def style_for(self, kind):
        r = self.rng
        asr = self.fmt == "asr-json"
        if self.lang == "zh":
            opts = [("ar", 44), ("zh", 34), ("mix-zh-ar", 10), ("ar-tight", 4), ("mix-ar-zh", 3)]
            if not asr:
                opts += [("fw", 4), ("ar-dash", 4)]
        elif self.lang == "en":
            opts = [("ar", 42), ("en", 44), ("mix-en-ar", 9), ("ar-tight", 3)]
            if not asr:
                opts += [("ar-dash", 5)]
        else:
            opts = [("ar", 30), ("zh", 16), ("en", 18), ("mix-zh-ar", 10), ("mix-zh-en", 8), ("mix-en-ar", 9),
                    ("mix-zh-en-ar", 5), ("ar-tight", 3)]
        return r.choices([o for o, _ in opts], [w for _, w in opts])[0]

    def seg_styles(self, style, n):
        if style in ("ar", "ar-dash", "ar-tight", "chunk", "digit"):
            return ["ar"] * n
        if style in ("fw", "zh", "en", "glued"):
            return [style] * n
        if style in ("mix-zh-ar", "chunk-zh-ar"):
            return ["zh"] + ["ar"] * (n - 1)
        if style == "mix-ar-zh":
            return ["ar"] * (n - 1) + ["zh"]
        if style in ("mix-en-ar", "chunk-en-ar"):
            k = 1 if style == "chunk-en-ar" else max(1, n // 2)
            return ["en"] * k + ["ar"] * (n - k)
        if style == "glued-en":
            return ["glued" if k % 2 == 0 else "en" for k in range(n)]
        if style == "mix-zh-en":
            return ["zh"] + ["en"] * (n - 1)
        if style == "mix-zh-en-ar":
            return (["zh", "en"] + ["ar"] * (n - 2))[:n] if n >= 2 else ["zh"]
        raise Bug(style)

    def render(self, num, v, a, b, style, grouping, fillers, xform):
        rng = self.rng
        mixed_style = style.startswith("mix") or style.startswith("chunk-")
        if style in ("chunk", "chunk-zh-ar", "chunk-en-ar"):
            segs, i = [], a
            if style != "chunk" and b - a >= 4:
                k = min(b - a - 1, rng.choice([3, 3, 4]))
                segs.append((i, i + k)); i += k
            while i < b:
                k = min(b - i, rng.choice([1, 2, 3, 3, 4, 4, 5]))
                segs.append((i, i + k)); i += k
            if len(segs) == 1 and b - a >= 2:
                m = a + (b - a) // 2
                segs = [(a, m), (m, b)]
        elif style == "digit":
            segs = [(i, i + 1) for i in range(a, b)]
        else:
            segs = slice_groups(grouping, a, b)
            if mixed_style and len(segs) == 1 and b - a >= 2:
                m = a + max(1, (b - a) // 2)
                segs = [(a, m), (m, b)]
        # a check character keeps to its own segment when words are glued
        if style == "glued":
            out = []
            for s, e in segs:
                if v[e - 1] == "X" and e - s > 1:
                    out += [(s, e - 1), (e - 1, e)]
                else:
                    out.append((s, e))
            segs = out
        # filler positions: boundaries between segments, splitting a segment when there are too few
        fill_at = set()
        for _ in range(fillers):
            free = [k for k in range(1, len(segs)) if k not in fill_at]
            if not free:
                longest = max(range(len(segs)), key=lambda k: segs[k][1] - segs[k][0])
                s, e = segs[longest]
                if e - s < 2:
                    break
                m = rng.randint(s + 1, e - 1)
                segs = segs[:longest] + [(s, m), (m, e)] + segs[longest + 1:]
                fill_at = {k + 1 if k > longest else k for k in fill_at}
                free = [longest + 1]
            fill_at.add(rng.choice(free))
        styles = self.seg_styles(style, len(segs))
        zero = rng.choice(["zero", "oh", "oh"]) if num.kind == "phone" else rng.choice(["zero", "zero", "oh"])
        one_cn = "幺" if rng.random() < (0.7 if num.kind == "phone" else 0.35) else "一"
        zero_cn = "〇" if rng.random() < 0.12 else "零"
        two_cn = "两" if rng.random() < 0.05 else "二"
        asr = self.fmt == "asr-json"
        sep_ar = " " if asr else rng.choice([" ", " ", " ", "-", "", "，" if self.lang != "en" else ", "])
        if style == "ar-dash":
            sep_ar = "-" if not asr else " "
        if style == "ar-tight":
            sep_ar = ""
        if style in ("chunk", "digit", "chunk-zh-ar", "chunk-en-ar"):
            sep_ar = " "
        sep_zh = rng.choice(["", "，", " ", "、"] if not asr else ["", "", "，"])
        sep_en = rng.choice([", ", " ", " - ", "... "] if not asr else [", ", " ", " "])
        sep_gl = rng.choice([" ", ", "])
        sep_fw = rng.choice([" ", "", "－"])
        no_dbl_from = len(v) - 5 if num.kind == "phone" else 10 ** 6
        atoms = []

        def dbl_ok(pos, run):
            return pos + run - 1 < no_dbl_from

        def words_for(s, e, first):
            out = []   # (word, said, read)
            i = s
            while i < e:
                c = v[i]
                if c == "X":
                    out.append((xform, "X", "X")); i += 1; continue
                w = zero if c == "0" else EN_OF[c]
                run = 1
                while i + run < e and v[i + run] == c and run < 3:
                    run += 1
                can = not (first and i == s) and dbl_ok(i, run)
                if run >= 2 and can and rng.random() < 0.5:
                    if run == 3 and rng.random() < 0.4:
                        out += [("triple", "", ""), (w, c * 3, c)]; i += 3
                    else:
                        out += [("double", "", ""), (w, c * 2, c)]; i += 2
                else:
                    out.append((w, c, c)); i += 1
            return out

        prev_st = None
        for k, ((s, e), st) in enumerate(zip(segs, styles)):
            first = k == 0
            if k > 0:
                if k in fill_at:
                    lang = "zh" if (self.lang == "zh" or (self.lang == "mixed" and rng.random() < 0.6)) else "en"
                    f = rng.choice(FILLERS[lang])
                    if lang == "zh":
                        pre, post = rng.choice([("，", "，"), ("", ""), ("……", "……"), (" ", " "), ("，", "")])
                    else:
                        pre, post = rng.choice([(", ", ", "), (" ", " "), ("... ", "... "), (", ", " ")])
                    if asr:
                        pre, post = pre.strip() or " ", post.strip() or " "
                    atoms += [(pre, "s", "", ""), (f, "f", "", ""), (post, "s", "", "")]
                else:
                    if st == prev_st == "ar":
                        sep = sep_ar
                    elif st == prev_st == "zh":
                        sep = sep_zh
                    elif st == prev_st == "en":
                        sep = sep_en
                    elif st == prev_st == "glued":
                        sep = sep_gl
                    elif st == prev_st == "fw":
                        sep = sep_fw
                    else:
                        sep = rng.choice([" ", "，"] if self.lang != "en" else [" ", ", "])
                        if st == "ar" and prev_st == "zh" and not asr and rng.random() < 0.3:
                            sep = ""
                    if sep == "" and st == prev_st == "ar" and atoms and atoms[-1][1] == "d":
                        t, kk, sd, rd = atoms[-1]
                        atoms[-1] = (t + v[s:e], kk, sd + v[s:e], rd + v[s:e])
                        prev_st = st
                        continue
                    atoms.append((sep, "s", "", ""))
            ds = v[s:e]
            if st == "ar":
                t = ds.replace("X", xform if xform in ("X", "x") else "X")
                atoms.append((t, "d", ds, ds))
            elif st == "fw":
                t = "".join(chr(0xFF10 + int(c)) if c != "X" else "Ｘ" for c in ds)
                atoms.append((t, "d", ds, ds))
            elif st == "zh":
                for c in ds:
                    if c == "X":
                        t = xform if xform in ("X", "x", "叉", "Ｘ") else "X"
                    elif c == "1":
                        t = one_cn
                    elif c == "0":
                        t = zero_cn
                    elif c == "2":
                        t = two_cn
                    else:
                        t = CN_OF[c]
                    atoms.append((t, "d", c, c))
            elif st == "en":
                ws = words_for(s, e, first)
                for j, (w, sd, rd) in enumerate(ws):
                    if j > 0:
                        atoms.append((" ", "s", "", ""))
                    atoms.append((w, "d", sd, rd))
            elif st == "glued":
                ws = words_for(s, e, first)
                if any(w == xform for w, _, _ in ws):
                    if len(ws) != 1:
                        raise Bug("X glued")
                    atoms.append((xform, "d", "X", "X"))
                else:
                    atoms.append(("".join(w for w, _, _ in ws), "d", "".join(sd for _, sd, _ in ws),
                                  "".join(rd for _, _, rd in ws)))
            prev_st = st
        said = "".join(x[2] for x in atoms if x[1] == "d")
        if said != v[a:b]:
            raise Bug(f"render said {said} for {v[a:b]} ({style})")
        if atoms[0][1] != "d" or atoms[0][0] in ("double", "triple") or atoms[-1][1] != "d":
            raise Bug("fragment edge")
        return atoms


# ============================================================================================
# Phrase banks (this author's own). "{}" is a number fragment, {R}/{W}/{T}/{M} named fragments,
# other {names} are filled with look-alikes and names.
# ============================================================================================

def B(zh, en, mixed):
    return {"zh": zh, "en": en, "mixed": mixed}


GREET_IN = B(["您好，{co}，我是{name}，请问有什么可以帮您？", "喂您好，这里是{co}客服，我姓{surname}，您请讲。",
              "{co}您好，很高兴为您服务，请讲。"],
             ["Good morning, {co}, {name} speaking. How can I help?", "Hi, you're through to {co}. This is {name}.",
              "Thanks for calling {co}, my name's {name}. What can I do for you today?"],
             ["Hello，{co}，我是{name}，有什么可以帮您？", "您好，这里是{co} customer service，{name} 为您服务。",
              "Hi，{co}，请问有什么 issue 需要处理？"])
GREET_OUT = B(["您好，请问是{cust}吗？我是{co}的{name}。", "喂，{cust}您好，这边是{co}，打扰您几分钟。"],
              ["Hello, is that {cust}? It's {name} from {co}.", "Hi {cust}, {name} here, calling from {co}. Have you got a minute?"],
              ["Hi，请问是{cust}吗？我是{co}的{name}。", "您好{cust}，this is {name} from {co}，方便说话吗？"])
OUT_OK = B(["是我，什么事？", "对，您说。", "嗯，我是，怎么了？"], ["Speaking.", "Yes, that's me.", "Sure, go ahead."],
           ["是我，what's up？", "对，您说。", "Yes，我是。"])
IVR = B(["您好，欢迎致电{co}，为保证服务质量，您的通话可能会被录音。", "{co}服务热线，通话将被录音，请稍候。"],
        ["Welcome to {co}. Calls may be recorded for training and quality purposes.", "You're through to {co}. Please hold while we connect you."],
        ["欢迎致电{co}，this call may be recorded。", "{co} hotline，通话会录音，please hold。"])
ASK = {
    "phone": B(["方便留个手机号吗？{why}", "您的联系电话是多少？{why}", "麻烦报一下您的手机号码，{why}"],
               ["What's the best number to reach you on? {why}", "Can I take a contact number? {why}",
                "Could I get your mobile number, please? {why}"],
               ["留个 contact number 给我吧？{why}", "您的手机 number 是多少？{why}", "{why}方便给个电话吗？"]),
    "id_number": B(["麻烦提供一下您的身份证号码，{why}", "需要核实身份，请报一下身份证号。{why}", "{why}您身份证号是多少？"],
                   ["I'll need your Chinese resident ID number. {why}", "Could you read me your ID card number? {why}",
                    "{why} What's your ID number, please?"],
                   ["麻烦报一下 ID number，就是身份证号。{why}", "需要 verify 身份，身份证号码是？{why}", "{why}ID number 是多少？"]),
    "bank_card": B(["请问您的银行卡号是多少？{why}", "麻烦报一下卡号，{why}", "{why}卡号方便说下吗？"],
                   ["Which card would you like to use? Go ahead with the long number. {why}", "Can I take the card number? {why}",
                    "{why} Could you read me the card number?"],
                   ["麻烦报一下 card number。{why}", "{why}卡号是多少？", "Card number 方便说下吗？{why}"]),
}
LEAD = {
    "phone": B(["我手机是{}。", "打这个就行：{}。", "手机号{}。", "{}，这是我手机。", "我的号码是{}。"],
               ["It's {}.", "Sure, it's {}.", "My number, well the mobile, is {}.", "You can get me on {}.", "Best to use {}."],
               ["我的 mobile 是 {}。", "手机 number 是 {}。", "打 {} 就行。", "我的号码，就是 mobile，是 {}。"]),
    "id_number": B(["身份证号是{}。", "我报一下啊，{}。", "号码是{}。", "好，{}。"],
                   ["Okay, it's {}.", "The ID number is {}.", "Right, here goes: {}.", "Sure. {}."],
                   ["ID number 是 {}。", "身份证是 {}。", "OK，{}。", "我念啊，{}。"]),
    "bank_card": B(["卡号是{}。", "我念一下卡号，{}。", "{}，就这张。", "用这张吧，{}。"],
                   ["The card number is {}.", "Long number's {}.", "It's {}.", "Okay, the card is {}."],
                   ["card number 是 {}。", "卡号是 {}。", "就用这张 card，{}。", "OK，{}，就这张。"]),
}
ACK = B(["好的，记下了。", "收到。", "好，我登记上了。", "嗯，好的。"], ["Great, got that.", "Lovely, thanks.",
        "Perfect, that's on the system.", "Okay, noted."], ["OK，记下了。", "好的，got it。", "收到，thanks。"])
CUST_BYE = B(["好的，谢谢，再见。", "行，麻烦你们了。", "好嘞，拜拜。"], ["Brilliant, thanks. Bye.", "Cheers, bye now.",
             "Okay, thank you."], ["OK，谢谢，拜拜。", "好的 thank you。", "行，bye。"])
AGENT_BYE = B(["不客气，祝您生活愉快，再见。", "感谢来电，再见。", "好的，不打扰了，再见。"],
              ["You're welcome. Have a good day.", "Thanks for calling, take care.", "No problem at all, bye for now."],
              ["不客气，have a nice day。", "Thanks，再见。", "好的，bye bye。"])
WAIT = B(["您稍等，我找找……", "等下啊，我翻翻。", "我看看，在包里……"], ["Hang on, let me find it.",
         "Bear with me, it's in my other bag.", "Just a sec, I'll dig it out."], ["等下，let me find it……", "Hold on，我找找。"])
WAIT_OK = B(["好的，不着急。", "没事，您慢慢找。"], ["No rush.", "Take your time."], ["没关系，take your time。", "OK，不急。"])
FOUND = B(["找到了，{}。", "在这儿，{}。", "{}。"], ["Got it. {}.", "Here we are: {}.", "{}."], ["找到了，{}。", "OK here，{}。", "{}。"])
BACK = B(["嗯。", "嗯嗯。", "好。", "在记，您说。", "嗯，继续。", "好的，然后呢？"],
         ["Mm-hm.", "Okay.", "Yep, go on.", "Got that bit.", "With you.", "Uh-huh."],
         ["嗯，go on。", "OK，继续。", "Yes，您说。", "嗯嗯，got it。"])
MIDQ = B([("这是您本人的号码吧？", "对，本人的。后面是{}。"), ("您慢点，我这边在输。", "好，接着是{}。"),
          ("喂？刚才断了一下，后面是？", "哦，后面是{}。"), ("稍等我拿支笔……好，您说。", "嗯，接下来是{}。")],
         [("Sorry, is that your own number?", "Yes, it's mine. Then {}."), ("Hang on, slow down a touch.", "Sure. After that it's {}."),
          ("You broke up there. After that?", "Sorry, it's {}."), ("Let me grab a pen... okay, go.", "Right, then {}.")],
         [("Sorry，是您本人的吗？", "对，my own。后面是 {}。"), ("慢点 please，我在输。", "OK，接着是 {}。"),
          ("信号不太好，after that？", "后面是 {}。")])
ECHO = B(["{}，然后呢？", "{}，嗯，后面？", "{}……好，继续。"], ["{}, yep, and then?", "{}... okay, carry on.", "So {}, and?"],
         ["{}，then？", "{}，OK，后面呢？"])
GO_ON = B(["{}。", "然后{}。", "接着是{}。", "后面是{}。"], ["{}.", "then {}.", "and {}.", "after that {}."],
          ["然后 {}。", "then {}。", "{}。", "后面 {}。"])
ABANDON = B(["哦不是", "不对", "说错了", "等下，看错行了", "不对不对", "哎，念串了"],
            ["sorry, no wait", "scratch that", "no hang on", "ugh, wrong card", "hang on, that's not right"],
            ["哦 sorry，不对", "no no，说错了", "wait，不对", "不对，sorry"])
RESTART = B(["重新说下", "我从头说啊", "重来"], ["let me start again", "from the top", "I'll start over"],
            ["重新说，again", "let me 从头说", "重来，from the top"])
RB_FULL = B(["我跟您核对下：{}，对吗？", "好，{}，没错吧？", "复述下，{}。"], ["Let me read that back: {}. Right?",
            "So that's {}, correct?", "I've got {}."], ["我 read back 下，{}，对吗？", "OK，{}，correct？", "Confirm 下：{}。"])
RB_LAST4 = B(["尾号{}，对吧？", "尾数是{}是吧？"], ["Ending {}, yes?", "And it finishes {}?", "The last four are {}?"],
             ["尾号 {}，right？", "尾数 {} 对吧？"])
RB_FIRST = B(["开头是{}对吧？", "前面是{}？"], ["Starting {}?", "It begins {}, yes?"], ["开头 {}，对吗？", "Starts with {}？"])
RB_PART = B(["所以是{}……？", "我记的是{}……"], ["So I've got {}...?", "That's {}, and then...?"], ["所以是 {}……？", "So {}……？"])
FINISH = B(["{}。", "后面{}。", "对，{}。"], ["{}.", "Yep, {}.", "then {}."], ["{}，对。", "然后 {}。", "yes，{}。"])
CONFIRM = B(["对。", "对的，没错。", "嗯，是的。"], ["Yes.", "That's right.", "Spot on."], ["对，correct。", "Yes，没错。", "嗯，对的。"])
FIX_RW = B(["不对，是{R}，不是{W}。", "不是{W}，是{R}。"], ["No, it's {R}, not {W}.", "Not {W}, it's {R}."],
           ["不对，是 {R}，not {W}。", "不是 {W}，是 {R}。"])
BAD_CHECK = B(["系统提示号码校验不通过，您再核对下？", "这个号好像不对，系统通不过。"],
              ["Hmm, the system won't accept that. Could you check it again?", "That doesn't seem to validate. Can you look again?"],
              ["系统说 invalid，您再 check 下？", "这个号码 system 通不过，再核对下？"])
CORR_LAST4 = B(["哦，最后四位是{R}，不是{W}。", "对不起，后四位{R}，我刚说成{W}了。"],
               ["Sorry, the last four are {R}, not {W}.", "My mistake, it ends {R}. I said {W}."],
               ["Sorry，最后四位是 {R}，不是 {W}。", "后四位 {R}，我刚说成 {W} 了，sorry。"])
CORR_MID = B(["中间那段是{R}，不是{W}。", "中间错了，应该是{R}，不是{W}。"],
             ["The middle bit's {R}, not {W}.", "I got the middle wrong: {R}, not {W}."],
             ["中间那段是 {R}，not {W}。", "Middle 那段应该是 {R}，不是 {W}。"])
CORR_WHOLE = B(["不好意思，我重新报：{}。", "我看错了，是{}。"], ["Sorry, let me give it again: {}.", "I misread it. It's {}."],
               ["Sorry，我重新报：{}。", "看错了，应该是 {}。"])
PHONE_MID = B(["{A}……哦不对，中间是{R}，不是{W}，后面是{T}。", "{A}，不对不对，中间是{R}，不是{W}，然后{T}。"],
              ["{A}, no wait, the middle is {R}, not {W}, then {T}.", "{A}... sorry, middle's {R}, not {W}, and then {T}."],
              ["{A}，wait，中间是 {R}，not {W}，后面 {T}。", "{A}，不对，middle 是 {R}，不是 {W}，然后 {T}。"])
MISHEAR_Q = B(["{M}……对吗？", "是{M}……？"], ["{M}...?", "So {M}...?"], ["{M}……right？", "是 {M}……？"])
MISHEAR_FIX = B(["不对，是{R}。", "不是，应该是{R}。"], ["No, it's {R}.", "No, that should be {R}."], ["不对，是 {R}。", "No，应该是 {R}。"])
MISLAST = B(["尾号{M}？", "最后是{M}对吧？"], ["Ending {M}?", "Finishing {M}, right?"], ["尾号 {M}？", "最后是 {M} 对吧？"])
MISLAST_FIX = B(["不是，是{R}。", "不对，{R}。"], ["No, {R}.", "Not quite, it's {R}."], ["不是，是 {R}。", "No，{R}。"])
CHECK_SAME = B(["{}，末尾是{X}。", "{}，最后一位是{X}。", "{}……最后是个{X}。"],
               ["{}, and it ends with an {X}.", "{}, the last character's a capital {X}.", "{}... and then an {X} at the end."],
               ["{}，最后是 {X}。", "{}，last character 是 {X}。", "{}，末尾是 {X}。"])
CHECK_SAME_D = B(["{}，末尾是{X}。", "{}，最后一位是{X}。"], ["{}, and the last digit is {X}.", "{}, and it ends in {X}."],
                 ["{}，最后是 {X}。", "{}，last digit 是 {X}。"])
CHECK_NEXT = B(["最后一位是{X}。", "末尾是个{X}。", "还有个{X}。"], ["And it ends with {X}.", "Last character's {X}.",
               "Then a capital {X}."], ["最后是 {X}。", "Last character 是 {X}。", "末尾 {X}。"])
CHECK_ASK = B(["还有最后一位呢？", "最后那位是什么？"], ["And the last character?", "What's the final character?"],
              ["最后一位呢？", "And the last character？"])
CHECK_ANS = B(["{X}。", "是{X}，大写的。", "最后是{X}。"], ["{X}.", "It's an {X}.", "Capital {X}."], ["{X}。", "是 {X}。", "Capital {X}。"])
CHECK_ANS_D = B(["{X}。", "是{X}。"], ["{X}.", "It's {X}."], ["{X}。", "是 {X}。"])
SPLIT_ASIDE = B(["{P}，出生年月那段是{Q}，后面是{T}。", "{P}，{Q}，就是我生日，然后{T}。", "{P}，中间是生日{Q}，最后{T}。"],
                ["{P}, then my birthday, {Q}, then {T}.", "{P}, the date bit's {Q}, and the end is {T}."],
                ["{P}，birthday 那段是 {Q}，后面 {T}。", "{P}，中间是我 birthday {Q}，最后 {T}。"])
READOUT = B(["我念给您：", "您记一下：", "号码在这，我念啊："], ["I'll read it out:", "Ready? Here it is:", "Okay, write this down:"],
            ["我念给您，ready？", "您记一下：", "OK，I'll read it："])
SYSTEM_RB = B(["我看下系统，登记的是{}", "系统里留的是{}"], ["Looking at the system, I have {}", "The account shows {}"],
              ["系统里 show 的是 {}", "我看下 system，登记的是 {}"])
MIDSENT = {
    "phone": B(["师傅到了让他打{}找我就行。", "有事打{}，白天都在。"], ["Just get them to ring {} when they're outside.",
                "If there's a problem, call {} after six."], ["到了打 {} 就行，I'll come down。", "有事 call {}，白天都在。"]),
    "id_number": B(["合同上写的是{}这个号。", "上次登记用的就是{}。"], ["The paperwork should say {} on it.",
                    "Last time you had me down as {} for the ID."], ["Contract 上写的是 {} 这个号。", "上次登记用的是 {}。"]),
    "bank_card": B(["退到{}这张卡上就行。", "钱从{}这张扣的。"], ["Put it back on {} please.", "It came off {}, my debit card."],
                   ["退到 {} 这张 card 上就行。", "钱从 {} 这张扣的。"]),
}
SECOND_INTRO = {
    "phone": B(["另外再留个电话吧。", "还得要个联系电话。"], ["I'll also need a phone number.", "And a contact number, please."],
               ["另外留个 phone number 吧。", "还要个 contact number。"]),
    "id_number": B(["还需要身份证号。", "另外登记下身份证。"], ["I'll need your ID number as well.", "And your ID number too."],
                   ["还要 ID number。", "另外登记下身份证 number。"]),
    "bank_card": B(["退款卡号也报一下吧。", "扣款卡号是？"], ["And the card number for the charge?", "Which card is it going on?"],
                   ["Card number 也报下吧。", "扣款的 card 是？"]),
}
SPOUSE_LEAD = B(["再留个我爱人的吧，{}。", "我老公的也记一下，{}。", "备用的话打我太太的，{}。"],
                ["And my wife's, just in case: {}.", "My husband's is {}, if I don't answer.", "Backup is my partner on {}."],
                ["再留个我老公的，backup 用，{}。", "我太太的也记下，{}。"])
SPOUSE_HANDOFF = B(["我让我爱人跟你说，她记得。", "等下，我老公来说。"], ["Hang on, I'll pass you to my husband.",
                   "My wife's here, she'll give it to you."], ["等下，我老婆跟你说，she knows。", "我让我老公来讲。"])
SPOUSE_HELLO = B(["喂，你好，", "你好，我是他爱人，"], ["Hi there, ", "Hello, it's his wife, "], ["Hi，我是她老公，", "喂你好，"])
BACKUP_LEAD = B(["公司座机也留一个：{}。", "还有一个号，{}，打不通再打这个。"], ["Office line as well: {}.",
                 "And a second number, {}, if the first one's off."], ["Office 的座机：{}。", "备用号码 {}，打不通打这个。"])
NOTGIVEN = {
    "phone": B(["手机号就不留了，我这边自己联系你们。", "我换号了，新号还没记住，晚点再说。"],
               ["I'd rather not give a number, I'll ring you.", "I've just changed number and don't know it yet."],
               ["手机号先不留了，I'll call you。", "我刚换号，还没记住 new number。"]),
    "id_number": B(["身份证号我记不住，回头发给你们行吗？", "身份证不在身边，下次再说。"],
                   ["I don't know my ID number by heart. Can I send it later?", "My ID isn't with me, can we do it another time?"],
                   ["ID number 我记不住，回头发你们。", "身份证不在身边，next time 吧。"]),
    "bank_card": B(["哎，卡不在身上，我晚点再打过来吧。", "卡号我不方便电话里说。"],
                   ["I haven't got the card on me, I'll ring back.", "I'd rather not read my card out over the phone."],
                   ["Card 不在身边，我 later 再打。", "卡号电话里不方便说，sorry。"]),
}
NOTGIVEN_OK = B(["没问题，那您方便时再联系我们。", "好的，那我先备注一下。"], ["No problem, call back whenever suits.",
                 "That's fine, I'll make a note."], ["没问题，您方便时再 call 我们。", "OK，我先备注下。"])
CHAT_GEN = B(["有问题可以打我们{hot}。", "这个{date}之前处理好。", "费用是{amt}，{date}结算。"],
             ["If anything comes up, our line is {hot}.", "That'll be done by {date}.", "The charge is {amt}, settled on {date}."],
             ["有问题打 {hot}。", "{date} 之前 done。", "费用 {amt}，{date} 结算。"])
LONG_SAY = B(["{lname}是{long}。", "我这有个{lname}，{long}。"], ["The {lname} is {long}.", "I've got the {lname} here: {long}."],
             ["{lname} 是 {long}。", "我有 {lname}，{long}。"])
LONG_RB = B(["好，{long}，我查下。", "{long}，收到，查询中。"], ["So {long}. Let me look that up.", "{long}, thanks, checking now."],
            ["OK，{long}，我 check 下。", "{long}，收到，查询中。"])
MEMBER_SAY = B(["会员号是{member}。", "我的会员号{member}。"], ["My membership number is {member}.", "Member number {member}."],
               ["Member number 是 {member}。", "会员号 {member}。"])
NEAR_RB = B(["好的，{}，订单{ref}我也备注上了。", "号码{}，单号{ref}，您核对下。"],
            ["Thanks, {}, and I've put it against reference {ref}.", "So that's {} on booking {ref}."],
            ["OK，{}，order {ref} 也备注了。", "{}，单号 {ref}，您 check 下。"])


# ============================================================================================
# Look-alike values (placeholders)
# ============================================================================================

SAFE_LET = "ABCDEFGHJKLMNPRSTUVWYZ"          # no O / I / Q / X: a lone O or X would read as a digit
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def letters(rng, n):
    return "".join(rng.choice(SAFE_LET) for _ in range(n))


def ordinal(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def g_amt(rng, lang):
    n = rng.choice([rng.randint(5, 99), rng.randint(100, 999), rng.randint(100, 999), rng.randint(1000, 9999)])
    zh = [f"{n}元", f"¥{n:,}", f"{n}块", f"{n}.5元"]
    en = [f"£{n}.{rng.choice([0, 50, 99, 25]):02d}", f"${n:,}", f"{n} pounds", f"€{n}"]
    pool = zh if lang == "zh" else en if lang == "en" else zh + en
    return rng.choice(pool)


def g_date(rng, lang):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    zh = [f"{m}月{d}号", f"{m}月{d}日", f"下周{rng.choice('一二三四五六日')}", f"{rng.choice([2024, 2025])}年{m}月{d}日"]
    en = [f"{ordinal(d)} {MONTHS[m - 1]}", f"{MONTHS[m - 1]} {ordinal(d)}", f"the {ordinal(d)}", f"{d}/{m}",
          f"next {rng.choice(['Monday', 'Tuesday', 'Thursday', 'Friday'])}"]
    pool = zh if lang == "zh" else en if lang == "en" else zh + en[:3]
    return rng.choice(pool)


def g_time(rng, lang):
    h, mm = rng.randint(8, 20), rng.choice([0, 15, 30, 45])
    zh = [f"{h}点", f"{h}点半", f"{h}:{mm:02d}", f"下午{rng.randint(1, 6)}点"]
    en = [f"{h}:{mm:02d}", f"{(h - 1) % 12 + 1} {'am' if h < 12 else 'pm'}", f"{(h - 1) % 12 + 1}:{mm:02d}"]
    pool = zh if lang == "zh" else en if lang == "en" else zh + en
    return rng.choice(pool)


def g_hot(rng, lang):
    return rng.choice([f"400-{rand_digits(rng, 3)}-{rand_digits(rng, 4)}", f"400 {rand_digits(rng, 3)} {rand_digits(rng, 4)}",
                       f"95{rand_digits(rng, 3)}", f"800-{rand_digits(rng, 3)}-{rand_digits(rng, 4)}"])


def g_member(rng, lang):
    return safe_run(rng, 11, "2456789")


def say_long(rng, lang, s):
    """A long look-alike said in Arabic digits, Chinese numerals or English words."""
    mode = rng.choices(["ar", "zh", "en"], [4, 4 if lang != "en" else 0, 4 if lang != "zh" else 0])[0]
    if mode == "ar":
        if rng.random() < 0.5:
            return s
        k = rng.choice([3, 4])
        return " ".join(s[i:i + k] for i in range(0, len(s), k))
    if mode == "zh":
        one = rng.choice("一幺")
        t = "".join(one if c == "1" else CN_OF[c] for c in s)
        if rng.random() < 0.5:
            return t
        return "，".join(t[i:i + 4] for i in range(0, len(t), 4))
    zero = rng.choice(["zero", "oh"])
    ws = [zero if c == "0" else EN_OF[c] for c in s]
    if rng.random() < 0.5:
        return " ".join(ws)
    return ", ".join(" ".join(ws[i:i + 4]) for i in range(0, len(ws), 4))


def g_long(rng, lang):
    return say_long(rng, lang, safe_run(rng, rng.randint(15, 19), "2356789"))


def num_between(lo, hi):
    return lambda rng, lang: str(rng.randint(lo, hi))


def pick_of(*opts):
    return lambda rng, lang: rng.choice(opts)


def by_lang(zh, en):
    return lambda rng, lang: (zh(rng) if lang == "zh" else en(rng) if lang == "en" else (zh(rng) if rng.random() < 0.5 else en(rng)))


GEN_PH = {
    "amt": g_amt, "amt2": g_amt, "date": g_date, "date2": g_date, "time": g_time, "hot": g_hot, "member": g_member,
    "long": g_long, "qty": num_between(2, 20), "kids": num_between(2, 12), "months": num_between(3, 24),
    "days": num_between(2, 14), "hours": pick_of("24", "48", "72"), "mins": pick_of("10", "15", "20", "30"),
    "weeks": num_between(2, 10), "year": num_between(2003, 2016),
}

ZH_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
ZH_AGENTS = ["小周", "晓敏", "阿杰", "李婷", "王磊", "陈欣", "赵悦", "孙浩", "小林", "佳琪"]
EN_AGENTS = ["Megan", "Priya", "Tom", "Callum", "Zoe", "Marcus", "Hannah", "Leo", "Aisha", "Rory"]
EN_CUSTS = ["Mr Patel", "Ms Hughes", "Mrs Carter", "Mr Adeyemi", "Ms Novak", "Mr Lindqvist", "Mrs Brennan", "Dr Shah"]


# ============================================================================================
# Domains (twelve, none used by another set)
# ============================================================================================

def T(zh, en, mixed):
    return (zh, en, mixed)


DOMAINS = {
    "copier": dict(
        co=("恒印办公租赁", "Clearline Office Leasing"), alab=("租赁顾问", "Leasing desk"), clab=("承租方", "Lessee"),
        reasons=[T("我们公司租的那台复印机又卡纸了，合同号{ref}。", "The copier we lease keeps jamming. Contract {ref}.",
                   "我们 office 那台 copier 又卡纸了，contract 是 {ref}。"),
                 T("这个月账单多了{amt}，计数器才{meter}张，不太对。", "This month's bill is up by {amt}, and the meter only says {meter} pages.",
                   "这个月 bill 多了 {amt}，meter reading 才 {meter}。"),
                 T("想把{model}换成彩色机，租期还剩{months}个月。", "We'd like to swap the {model} for a colour machine; {months} months are left on the lease.",
                   "想把 {model} upgrade 成彩色的，lease 还剩 {months} 个月。")],
        answers=[T("好的，合同找到了，可以安排工程师{date}上门。", "Right, I've found the contract. I can get an engineer out on {date}.",
                   "OK，合同找到了，engineer {date} 可以上门。"),
                 T("明白，我帮您提交一个账单核查。", "Understood, I'll raise a billing query for you.", "明白，我帮您开个 ticket 核查。")],
        outbound=[T("您的租赁合同{date}到期，想跟您确认续租的事。", "Your lease is up on {date}, so I'm calling about renewal.",
                    "您的 lease {date} 到期，想 confirm 续租的事。"),
                  T("上次报修的{model}我们准备换新机，需要核对信息。", "We're replacing the {model} you reported, so I need to check some details.",
                    "上次报修那台 {model} 要换新机，需要 check 几个信息。")],
        why={"phone": T("工程师上门前会先打电话。", "The engineer rings ahead before the visit.", "engineer 上门前会先 call 您。"),
             "id_number": T("续租合同需要实名登记。", "The renewal has to be registered to a named person.", "续签 contract 要实名。"),
             "bank_card": T("押金和月租从这张卡代扣。", "The deposit and monthly rental come off the card.", "deposit 和月租从卡上扣。")},
        chat=[T("机器序列号是{serial}，型号{model}。", "The serial's {serial}, model {model}.", "Serial number 是 {serial}，model {model}。"),
              T("下一次抄表在{date}，上次读数{meter}。", "Next meter read is {date}; last reading was {meter}.", "下次 meter reading 是 {date}，上次 {meter}。")],
        close=[T("工单已经建好，编号{ticket}，工程师{date}{time}到。", "I've logged it as job {ticket}; the engineer will be there {date} at {time}.",
                 "Ticket {ticket} 已经开好，engineer {date} {time} 到。")],
        lname=T("耗材快递单号", "toner tracking number", "toner 的 tracking number"),
        ph={"ref": lambda r, l: f"HT-{r.randint(2019, 2024)}-{r.randint(100, 9999):04d}", "meter": num_between(12000, 98000),
            "model": lambda r, l: f"CL-{r.choice([3, 4, 5])}{r.randint(100, 999)}", "serial": lambda r, l: f"{letters(r, 3)}{r.randint(2, 9)}{letters(r, 1)}{r.randint(1000, 9999)}",
            "ticket": lambda r, l: f"GD{r.randint(100000, 999999)}"}),
    "purifier": dict(
        co=("清泉净水", "PureDrop Filters"), alab=("滤芯客服", "Filter team"), clab=("用户", "Subscriber"),
        reasons=[T("滤芯订阅这个月没收到，订单号{ref}。", "My filter subscription didn't arrive this month. Order {ref}.",
                   "这个月的 filter 没收到，order number 是 {ref}。"),
                 T("净水器显示TDS{tds}，是不是该换滤芯了？", "The purifier's showing a TDS of {tds}. Is the filter due?",
                   "净水器 TDS 显示 {tds}，是不是该换 filter 了？"),
                 T("我想把{model}的订阅改成{months}个月寄一次。", "I want to change the {model} subscription to every {months} months.",
                   "想把 {model} 的 subscription 改成 {months} 个月寄。")],
        answers=[T("查到了，滤芯{date}已经发出，我帮您催下快递。", "Found it. The cartridge went out on {date}; I'll chase the courier.",
                   "查到了，{date} 已经 ship 了，我帮您催下。"),
                 T("TDS超过{tds2}建议更换，我帮您安排。", "Anything above {tds2} means it's time; I'll sort a replacement.",
                   "超过 {tds2} 就建议换，我帮您 arrange。")],
        outbound=[T("您家的{model}到了换芯周期，想约个上门时间。", "Your {model} is due a filter change, so I'd like to book a visit.",
                    "您家 {model} 该换 filter 了，想约个上门时间。")],
        why={"phone": T("安装师傅到小区会联系您。", "The fitter will ring when they reach your building.", "师傅到了会 call 您。"),
             "id_number": T("以旧换新补贴需要实名。", "The trade-in rebate has to be claimed in your own name.", "trade-in 补贴要实名登记。"),
             "bank_card": T("订阅费每期从卡上扣。", "The subscription is charged to a card each cycle.", "subscription fee 每期从卡上扣。")},
        chat=[T("滤芯型号{model}，一套{amt}。", "Cartridge {model} is {amt} a set.", "{model} 滤芯每套 {amt}。"),
              T("下次寄送是{date}。", "Next dispatch is {date}.", "下次 ship 是 {date}。")],
        close=[T("已经帮您改好，下一单{date}发货。", "All changed. The next parcel goes out {date}.", "改好了，next order {date} 发货。")],
        lname=T("物流单号", "courier tracking number", "tracking number"),
        ph={"ref": lambda r, l: f"P{safe_run(r, 10, '2')}", "tds": num_between(20, 400), "tds2": pick_of("50", "80", "100"),
            "model": lambda r, l: r.choice(["RO-600G", "RO-800G", "NF-75", "UF-20", "PD-400"]), "months": pick_of("3", "6", "12")}),
    "carpet": dict(
        co=("洁毯坊地毯清洗", "Deep Pile Carpet Care"), alab=("预约中心", "Bookings"), clab=("客户", "Homeowner"),
        reasons=[T("想约个地毯深度清洗，客厅大概{area}。", "I'd like a deep clean booked. The lounge is about {area}.",
                   "想约个 deep clean，客厅大概 {area}。"),
                 T("上周洗的羊毛地毯缩了，预约号{ref}。", "The wool rug you cleaned last week has shrunk. Booking {ref}.",
                   "上周洗的 wool rug 缩水了，booking 是 {ref}。"),
                 T("红酒渍能处理吗？报价单上写的是{amt}。", "Can you get red wine out? The quote says {amt}.",
                   "Red wine 的渍能洗吗？quote 上写 {amt}。")],
        answers=[T("可以的，{date}上午有空档。", "We can. There's a morning slot on {date}.", "可以，{date} morning 有空。"),
                 T("这个情况我们会安排复检。", "We'll send someone back to inspect it.", "我们会安排 re-inspection。")],
        outbound=[T("您预约的{date}清洗，师傅想提前确认下。", "About your clean on {date}, the technician wants to confirm.",
                    "您 {date} 的 cleaning，师傅想 confirm 下。")],
        why={"phone": T("师傅出发前会给您打电话。", "The technician calls before setting off.", "师傅出发前会 call 您。"),
             "id_number": T("赔付申请需要身份证号。", "For the damage claim we need your ID number.", "赔付 claim 要身份证号。"),
             "bank_card": T("定金从卡上预授权。", "We take the deposit as a card pre-authorisation.", "定金 pre-auth 在卡上。")},
        chat=[T("面积{area}，单价{amt}。", "That's {area} at {amt}.", "{area}，price {amt}。"),
              T("干燥需要{hours}小时。", "Drying takes about {hours} hours.", "dry 要 {hours} 个小时。")],
        close=[T("预约号{ref}，{date}{time}见。", "Your booking's {ref}; see you {date} at {time}.", "Booking {ref}，{date} {time} 见。")],
        lname=T("赔付单号", "claim reference", "claim number"),
        ph={"area": by_lang(lambda r: f"{r.randint(12, 60)}平方米", lambda r: f"{r.randint(12, 60)} square metres"),
            "ref": lambda r, l: safe_run(r, 7, "3479"), "hours": pick_of("4", "6", "8", "12")}),
    "vending": dict(
        co=("随手购自助售货", "SnackPoint Vending"), alab=("售后客服", "Vending support"), clab=("顾客", "Customer"),
        reasons=[T("地铁站的售货机扣了钱没出货，机器编号{machine}。", "A machine at the station took my money but nothing came out. Machine {machine}.",
                   "地铁站那台 machine 扣了钱没出货，编号 {machine}。"),
                 T("{slot}货道卡住了，付了{amt}。", "Slot {slot} is stuck, and I paid {amt}.", "{slot} 那个 slot 卡住了，付了 {amt}。"),
                 T("扫码付款付了两次，流水号{long}。", "I got charged twice scanning the code. The transaction ID is {long}.",
                   "扫码 charge 了两次，transaction ID {long}。")],
        answers=[T("抱歉，我帮您登记退款，{days}个工作日内到账。", "Sorry about that. I'll log a refund; it'll be back within {days} working days.",
                   "Sorry，帮您登记 refund，{days} 个工作日到账。"),
                 T("我远程看下机器状态。", "Let me check the machine remotely.", "我 remote 看下机器。")],
        outbound=[T("您上次反馈的{machine}退款，还需要补个信息。", "About the refund for machine {machine}, I need one more detail.",
                    "您反馈的 {machine} refund，还要补个信息。")],
        why={"phone": T("退款结果会短信通知。", "We text you when the refund goes through.", "refund 结果会 SMS 通知。"),
             "id_number": T("大额退款要实名核验。", "Refunds over the limit need ID verification.", "大额 refund 要实名 verify。"),
             "bank_card": T("退款原路退回到卡上。", "The refund goes back to the card you paid with.", "refund 原路退回 card。")},
        chat=[T("货道{slot}，商品价{amt}。", "Slot {slot}, item price {amt}.", "Slot {slot}，price {amt}。"),
              T("机器{machine}在{floor}层。", "Machine {machine} is on level {floor}.", "{machine} 在 {floor} 层。")],
        close=[T("退款单号{ref}，{days}个工作日到账。", "Refund reference {ref}; allow {days} working days.", "Refund 单号 {ref}，{days} 个 working days。")],
        lname=T("交易流水号", "transaction ID", "transaction ID"),
        ph={"machine": lambda r, l: f"SP{r.randint(200000, 799999)}", "slot": lambda r, l: f"{r.choice('ABCDE')}{r.randint(1, 12)}",
            "floor": pick_of("B1", "B2", "2", "3"), "ref": lambda r, l: f"RF{r.randint(10000000, 49999999)}"}),
    "trampoline": dict(
        co=("弹跳星球蹦床公园", "Bounce Orbit Trampoline Park"), alab=("前台", "Front desk"), clab=("家长", "Parent"),
        reasons=[T("想订周六{time}的场次，{kids}个小孩。", "I'd like to book Saturday's {time} session for {kids} kids.",
                   "想订周六 {time} 的 session，{kids} 个小朋友。"),
                 T("孩子生日派对的定金{amt}交了，单号{ref}。", "I paid the {amt} deposit for a birthday party. Reference {ref}.",
                   "Birthday party 的 deposit {amt} 交了，单号 {ref}。"),
                 T("年卡{member}过期了，想续。", "Our annual pass {member} has lapsed and I'd like to renew.", "Annual pass {member} 过期了，想续。")],
        answers=[T("好的，{time}那场还有位置，防滑袜每双{amt}。", "Sure, the {time} session has space; grip socks are {amt} a pair.",
                   "OK，{time} 那场还有位，防滑袜 {amt} 每双。"),
                 T("查到了，派对房间已经留好。", "Found it. The party room's held for you.", "查到了，party room 已经 hold 住了。")],
        outbound=[T("您预订的派对{date}举行，跟您确认人数。", "Your party is on {date} and I'm confirming numbers.",
                    "您的 party {date}，confirm 下人数。")],
        why={"phone": T("入场前会短信发核销码。", "We text an entry code before the session.", "入场前 SMS 发 code。"),
             "id_number": T("年卡办理需要家长身份证。", "Annual passes are registered to a parent's ID.", "年卡要家长 ID 登记。"),
             "bank_card": T("派对尾款从卡上扣。", "The party balance is taken from a card.", "Party 尾款从 card 扣。")},
        chat=[T("{kids}个孩子，每人{amt}。", "{kids} children at {amt} each.", "{kids} 个 kids，每人 {amt}。"),
              T("场次{time}开始，提前{mins}分钟到。", "The session starts {time}; arrive {mins} minutes early.", "{time} 开始，提前 {mins} 分钟到。")],
        close=[T("订单{ref}，{date}{time}见！", "That's order {ref}. See you {date} at {time}!", "Order {ref}，{date} {time} 见！")],
        lname=T("电子票号", "e-ticket number", "e-ticket number"),
        ph={"ref": lambda r, l: f"BP{r.randint(1000000, 4999999)}"}),
    "print3d": dict(
        co=("层叠三维打印", "Layerwise 3D Print"), alab=("打样工程师", "Print desk"), clab=("客户", "Client"),
        reasons=[T("我上传了{file}，报价{ref}能不能便宜点？", "I uploaded {file}. Can you do better on quote {ref}?",
                   "我 upload 了 {file}，quote {ref} 能便宜点吗？"),
                 T("打出来的零件层纹太明显，层厚是{layer}。", "The parts came out with obvious layer lines at {layer}.",
                   "打出来 layer lines 很明显，层厚 {layer}。"),
                 T("能用尼龙打{qty}件吗？{date}要。", "Can you print {qty} in nylon by {date}?", "能用 nylon 打 {qty} 件吗？{date} 要。")],
        answers=[T("可以，我让工程师重新切片，{date}前给您回复。", "Yes. I'll have an engineer re-slice it and get back to you by {date}.",
                   "可以，engineer 重新 slice，{date} 前回复您。"),
                 T("尼龙件单价{amt}，工期{days}天。", "Nylon's {amt} a part with a {days}-day lead time.", "Nylon 每件 {amt}，lead time {days} 天。")],
        outbound=[T("您的订单{ref}打印完成了，安排发货前核对信息。", "Your order {ref} has finished printing; I'm checking details before dispatch.",
                    "Order {ref} 打完了，发货前 check 下信息。")],
        why={"phone": T("快递员送件前会联系。", "The courier will ring on delivery.", "快递 deliver 前会 call。"),
             "id_number": T("工业件出口需要实名备案。", "Export parts need a named registration.", "出口的件要实名 register。"),
             "bank_card": T("尾款走信用卡。", "The balance goes on a card.", "尾款用 card 付。")},
        chat=[T("层厚{layer}，填充{infill}。", "Layer height {layer}, infill {infill}.", "Layer {layer}，infill {infill}。"),
              T("报价单{ref}有效期到{date}。", "Quote {ref} is valid until {date}.", "Quote {ref} valid 到 {date}。")],
        close=[T("订单{ref}已确认，预计{date}发出。", "Order {ref} is confirmed and should ship {date}.", "Order {ref} confirmed，{date} ship。")],
        lname=T("快递单号", "tracking number", "tracking number"),
        ph={"file": pick_of("bracket_v3.stl", "hinge_rev2.step", "housing_final.3mf", "gear_12t.stl", "clip_b.obj"),
            "layer": by_lang(lambda r: r.choice(["0.2毫米", "0.12毫米", "0.3毫米"]), lambda r: r.choice(["0.2 mm", "0.12 mm", "0.3 mm"])),
            "infill": pick_of("20%", "15%", "40%"), "ref": lambda r, l: f"Q{r.randint(300000, 899999)}"}),
    "archery": dict(
        co=("鸣镝射箭俱乐部", "Fletch & Field Archery"), alab=("教练", "Range office"), clab=("会员", "Member"),
        reasons=[T("想约{date}的体验课，{qty}个人。", "I'd like to book a taster session on {date} for {qty} people.",
                   "想约 {date} 的 taster class，{qty} 个人。"),
                 T("会员号{ref}，想续年费。", "Membership {ref}. I want to renew.", "Membership {ref}，想 renew 年费。"),
                 T("我租的{lbs}磅的弓弦断了。", "The {lbs}-pound bow I hired snapped its string.", "租的 {lbs} 磅 bow 断弦了。")],
        answers=[T("好的，{date}下午还有{lane}号靶道。", "Sure, lane {lane} is free on {date} in the afternoon.",
                   "OK，{date} 下午 lane {lane} 有空。"),
                 T("弓弦我们免费换，您带过来就行。", "We'll restring it free. Just bring it in.", "String 我们免费换，带过来就行。")],
        outbound=[T("您的年费{date}到期，提醒您续费。", "Your membership fee is due on {date}; this is a reminder.",
                    "您的 membership {date} 到期，提醒您 renew。")],
        why={"phone": T("下雨停课会电话通知。", "If rain cancels we'll ring you.", "下雨停课会 call 您。"),
             "id_number": T("射箭场入场需要实名登记。", "Range access has to be registered with ID.", "Range 入场要 ID 登记。"),
             "bank_card": T("年费走卡自动续。", "The fee auto-renews on a card.", "年费 auto-renew 在 card 上。")},
        chat=[T("靶距{dist}米，{lane}号靶道。", "{dist} metres, lane {lane}.", "{dist} 米，lane {lane}。"),
              T("年费{amt}，含{qty}节课。", "The fee is {amt}, including {qty} lessons.", "年费 {amt}，包括 {qty} 节课。")],
        close=[T("已经帮您约好，{date}{time}，{lane}号靶道。", "You're booked: {date}, {time}, lane {lane}.", "约好了，{date} {time}，lane {lane}。")],
        lname=T("装备订单物流号", "equipment shipment number", "equipment 的 tracking"),
        ph={"ref": lambda r, l: f"FA{r.randint(100000, 999999)}", "lbs": num_between(18, 40), "lane": num_between(1, 12),
            "dist": pick_of("18", "30", "50", "70")}),
    "sneaker": dict(
        co=("鞋匠铺球鞋护理", "Sole Revival"), alab=("门店", "Workshop"), clab=("顾客", "Customer"),
        reasons=[T("我寄过去洗的鞋还没收到，快递单号{long}。", "I sent my trainers in for cleaning and haven't had them back. Tracking {long}.",
                   "寄去洗的 sneakers 还没回来，tracking 是 {long}。"),
                 T("{size}码的小白鞋发黄了，能翻新吗？", "My white size {size} trainers have yellowed. Can you restore them?",
                   "{size} 码的小白鞋黄了，能 restore 吗？"),
                 T("取件码{code}，我想改到{date}取。", "Pickup code {code}. Can I collect on {date} instead?", "Pickup code {code}，想改到 {date} 拿。")],
        answers=[T("可以，深度清洗加去黄{amt}，{days}天。", "We can. Deep clean plus de-yellowing is {amt}, {days} days.",
                   "可以，deep clean 加去黄 {amt}，{days} 天。"),
                 T("我查下物流，稍等。", "Let me look up the courier, bear with me.", "我查下物流，稍等。")],
        outbound=[T("您的鞋{date}洗好了，约下寄回地址。", "Your shoes were ready on {date}; I'm arranging the return.",
                    "您的 shoes {date} 洗好了，确认下寄回地址。")],
        why={"phone": T("回寄快递要收件人电话。", "The courier needs a recipient phone number.", "回寄 courier 要电话。"),
             "id_number": T("保价超过限额要实名。", "Insured shipping above the limit requires ID.", "高保价要实名。"),
             "bank_card": T("翻新费用先预授权。", "We pre-authorise the restoration fee on a card.", "翻新费先 pre-auth。")},
        chat=[T("货号{style}，{size}码。", "Style code {style}, size {size}.", "Style code {style}，{size} 码。"),
              T("取件码{code}，{date}之后可取。", "Pickup code {code}, ready after {date}.", "Pickup code {code}，{date} 后可以拿。")],
        close=[T("工单{ref}，洗好会通知您。", "Job {ref}. We'll let you know when they're done.", "Job {ref}，洗好会 notify 您。")],
        lname=T("快递单号", "courier tracking number", "tracking number"),
        ph={"size": by_lang(lambda r: str(r.randint(35, 45)), lambda r: r.choice(["7", "8", "9", "10", "10.5", "11"])),
            "code": lambda r, l: f"{r.randint(100000, 999999)}", "style": lambda r, l: f"{letters(r, 2)}{r.randint(1000, 9999)}-{r.randint(100, 700)}",
            "ref": lambda r, l: f"SR{r.randint(1000000, 9999999)}"}),
    "scrapcar": dict(
        co=("绿途报废车回收", "EndRoad Vehicle Recycling"), alab=("回收顾问", "Collections desk"), clab=("车主", "Owner"),
        reasons=[T("我有辆车想报废，车牌{plate}，{year}年的。", "I've got a car to scrap. Plate {plate}, a {year} model.",
                   "有辆车要 scrap，车牌 {plate}，{year} 年的。"),
                 T("拖车说{date}来，还没到。", "The tow truck was due on {date} and hasn't shown.", "拖车说 {date} 来，still 没到。"),
                 T("回收价不是说好{amt}吗？", "I thought the agreed price was {amt}?", "回收价不是说好 {amt} 吗？")],
        answers=[T("好的，{year}年的车我们可以上门拖，残值大概{amt}。", "Fine. For a {year} car we collect, and the salvage value's around {amt}.",
                   "OK，{year} 年的可以上门拖，残值 around {amt}。"),
                 T("我联系拖车司机，您稍等。", "I'll get hold of the driver.", "我 call 下司机。")],
        outbound=[T("您的报废证明{date}出来了，核对下领取信息。", "Your certificate of destruction came through on {date}; I'm confirming details.",
                    "您的报废 certificate {date} 出了，confirm 下信息。")],
        why={"phone": T("拖车师傅到了会打电话。", "The tow driver will ring on arrival.", "拖车 driver 到了会 call 您。"),
             "id_number": T("注销车辆要车主身份证。", "Deregistration needs the owner's ID number.", "注销要车主 ID。"),
             "bank_card": T("回收款打到您的银行卡。", "We pay the scrap value into your bank card.", "回收款打到您的 card。")},
        chat=[T("车架号{vin}，{year}年出厂。", "VIN {vin}, built {year}.", "VIN {vin}，{year} 年出厂。"),
              T("回收价{amt}，{date}前付款。", "The price is {amt}, paid by {date}.", "回收价 {amt}，{date} 前付。")],
        close=[T("回收单{ref}，拖车{date}{time}到。", "Collection {ref}; the truck comes {date} at {time}.", "Collection {ref}，{date} {time} 来拖。")],
        lname=T("报废证明编号", "certificate number", "certificate number"),
        ph={"plate": by_lang(lambda r: f"{r.choice('沪京粤浙苏川鄂湘')}{r.choice('ABCDEFGH')}·{letters(r, 1)}{r.randint(1, 9)}{letters(r, 1)}{r.randint(10, 99)}",
                             lambda r: f"{letters(r, 2)}{r.randint(10, 69)} {letters(r, 3)}"),
            "vin": lambda r, l: f"L{letters(r, 4)}{r.randint(10, 99)}{letters(r, 1)}{r.randint(100, 999)}{letters(r, 1)}{r.randint(10000, 99999)}",
            "ref": lambda r, l: f"HS{r.randint(1000000, 8999999)}"}),
    "billboard": dict(
        co=("城光户外传媒", "Skyline Outdoor Media"), alab=("媒介经理", "Media sales"), clab=("广告主", "Advertiser"),
        reasons=[T("想订{site}那块牌子，档期{date}开始{days}天。", "I want the {site} board for {days} days from {date}.",
                   "想订 {site} 那块 board，{date} 开始 {days} 天。"),
                 T("刊例价{amt}能打折吗？", "Is there any discount on the {amt} rate card?", "Rate card {amt} 能 discount 吗？"),
                 T("画面尺寸{size}对吗？我们设计在做。", "Is the artwork {size}? Our designer's on it.", "Artwork size 是 {size} 吧？designer 在做。")],
        answers=[T("{site}点位{date}空着，我先帮您锁位{hours}小时。", "{site} is free from {date}; I'll hold it for {hours} hours.",
                   "{site} {date} 有空，先帮您 hold {hours} 个小时。"),
                 T("折扣要看投放周期，{weeks}周以上可以谈。", "Discounts depend on the run. Over {weeks} weeks we can talk.",
                   "Discount 看周期，{weeks} 周以上可以谈。")],
        outbound=[T("您预订的{site}点位上刊照片出来了，顺便确认开票信息。", "The proof photos for {site} are in, and I need to confirm invoicing details.",
                    "{site} 的上刊照片出来了，顺便 confirm 开票信息。")],
        why={"phone": T("上刊当天会电话通知。", "We ring on the day it goes up.", "上刊当天 call 您。"),
             "id_number": T("个体户签约需要身份证。", "Sole traders sign with their ID number.", "个体户签约要 ID。"),
             "bank_card": T("定金从卡上扣。", "The deposit goes on a card.", "定金 charge 在 card 上。")},
        chat=[T("点位{site}，尺寸{size}，日均车流{flow}。", "Site {site}, {size}, about {flow} cars a day.", "{site}，size {size}，日均 traffic {flow}。"),
              T("档期{date}到{date2}。", "Booked from {date} to {date2}.", "{date} 到 {date2}。")],
        close=[T("合同{ref}发您邮箱了，{date}前回签。", "Contract {ref} is in your inbox; please sign by {date}.", "Contract {ref} 发您 email 了，{date} 前签回。")],
        lname=T("发票号码", "invoice number", "invoice number"),
        ph={"site": lambda r, l: f"{r.choice(['SH', 'BJ', 'GZ', 'HZ'])}-{letters(r, 2)}-{r.randint(10, 999):04d}",
            "size": by_lang(lambda r: r.choice(["18米×6米", "12米×4米", "6米×3米"]), lambda r: r.choice(["6 by 3 metres", "a 48-sheet", "12 by 4 metres"])),
            "flow": lambda r, l: f"{r.randint(8, 90)},000" if l == "en" else f"{r.randint(8, 90)}000",
            "ref": lambda r, l: f"MC{r.randint(1000000, 4999999)}"}),
    "wig": dict(
        co=("青丝假发定制", "Crown & Strand Wigs"), alab=("造型师", "Stylist"), clab=("顾客", "Client"),
        reasons=[T("我定的假发{weeks}周了还没做好，订单{ref}。", "My wig was ordered {weeks} weeks ago and isn't ready. Order {ref}.",
                   "我的 wig 订了 {weeks} 周还没好，order {ref}。"),
                 T("头围{head}，想改下尺寸。", "My head measures {head}. I need the size changed.", "头围 {head}，想改下 size。"),
                 T("化疗用的医用假发能报销吗？发票{amt}。", "Can a medical wig for chemo be reimbursed? The invoice is {amt}.",
                   "化疗用的 medical wig 能报销吗？invoice {amt}。")],
        answers=[T("查到了，{colour}色在手工钩织，{date}能好。", "Found it. The {colour} piece is being hand-tied and will be ready {date}.",
                   "查到了，{colour} 色在手钩，{date} 能好。"),
                 T("可以开医疗发票，我们帮您备注。", "We can issue a medical invoice; I'll note it.", "可以开 medical invoice，帮您备注。")],
        outbound=[T("您的假发{date}到店了，约下试戴时间。", "Your wig arrived on {date}; let's book a fitting.", "您的 wig {date} 到店了，约个 fitting。")],
        why={"phone": T("试戴前一天会打电话提醒。", "We ring the day before the fitting.", "Fitting 前一天 call 您。"),
             "id_number": T("医保报销需要身份证号。", "Insurance reimbursement needs your ID number.", "报销要 ID number。"),
             "bank_card": T("尾款可以刷卡。", "The balance can go on a card.", "尾款刷 card。")},
        chat=[T("发长{len}，色号{colour}。", "Length {len}, colour {colour}.", "Length {len}，colour {colour}。"),
              T("定金{amt}已付，尾款{amt2}。", "Deposit {amt} paid, balance {amt2}.", "Deposit {amt} 付了，尾款 {amt2}。")],
        close=[T("订单{ref}，试戴约在{date}{time}。", "Order {ref}; the fitting is {date} at {time}.", "Order {ref}，fitting {date} {time}。")],
        lname=T("物流单号", "shipping number", "tracking number"),
        ph={"head": by_lang(lambda r: f"{r.randint(53, 59)}厘米", lambda r: r.choice(["21 inches", "22 inches", "22.5 inches"])),
            "colour": pick_of("#4/27", "#1B", "#60", "#8/613"),
            "len": by_lang(lambda r: f"{r.choice([10, 12, 14, 16, 18])}寸", lambda r: f"{r.choice([10, 12, 14, 16, 18])} inches"),
            "ref": lambda r, l: f"WG{r.randint(1000000, 9999999)}"}),
    "icerink": dict(
        co=("冰纹滑冰中心", "Glidepath Ice Rink"), alab=("冰场前台", "Rink desk"), clab=("学员家长", "Skater"),
        reasons=[T("孩子的花滑课包还剩{qty}节，想延期。", "My daughter has {qty} figure-skating lessons left and we need to pause.",
                   "孩子的 figure skating 课还剩 {qty} 节，想延期。"),
                 T("租的冰鞋{size}码太小了。", "The hire skates in size {size} are too small.", "租的 skates {size} 码太小。"),
                 T("储物柜{locker}打不开了。", "Locker {locker} won't open.", "Locker {locker} 打不开了。")],
        answers=[T("可以延期{months}个月，我帮您操作。", "We can pause for up to {months} months. I'll do that now.", "可以延期 {months} 个月，我帮您 set。"),
                 T("您到前台换双大的，免费。", "Swap them at the desk, no charge.", "到前台换双大的，free。")],
        outbound=[T("您的课包{date}到期，提醒您预约剩下的课。", "Your lesson block expires on {date}; just a reminder to book the rest.",
                    "您的课包 {date} 到期，remind 您约课。")],
        why={"phone": T("教练调课会电话通知。", "The coach rings if a lesson moves.", "调课教练会 call 您。"),
             "id_number": T("青少年比赛报名需要身份证号。", "Competition entries need an ID number.", "比赛报名要 ID number。"),
             "bank_card": T("课包续费走卡。", "Renewals go on a card.", "续费走 card。")},
        chat=[T("课程{time}开始，冰面零下{temp}度。", "Lessons start at {time}; the ice is at minus {temp} degrees.", "{time} 开课，冰面零下 {temp} 度。"),
              T("储物柜{locker}，押金{amt}。", "Locker {locker}, deposit {amt}.", "Locker {locker}，deposit {amt}。")],
        close=[T("已帮您约好{date}{time}的课，会员号{member}。", "You're booked for {date} at {time}; membership {member}.",
                 "约好了 {date} {time}，membership {member}。")],
        lname=T("储值卡流水号", "top-up transaction number", "top-up transaction"),
        ph={"locker": lambda r, l: f"{r.choice('ABCD')}-{r.randint(1, 299):03d}", "temp": num_between(3, 7),
            "size": by_lang(lambda r: str(r.randint(30, 45)), lambda r: r.choice(["4", "5", "6", "7", "8", "9"])),
            "ref": lambda r, l: f"GP{r.randint(100000, 999999)}"}),
}
DOMAIN_KEYS = list(DOMAINS)

SYSTEM_TAIL = B(["，还在用吗？", "，对吗？", "，没变吧？"], [". Still current?", ". Is that right?", ". Has that changed?"],
                ["，还在用吗？", "，correct？", "，没变吧？"])
VOLUNTEER = {
    "phone": B(["对了，我手机换了，新的是{}，你们更新下。", "您记个我手机吧，{}，白天都能打通。"],
               ["And my number, well the mobile, is {}, if you need it.", "You'll want my number too: {}."],
               ["对了，我换号了，new number 是 {}。", "您记下我手机，{}，白天都 OK。"]),
    "id_number": B(["我身份证号是{}，你们直接查吧。", "登记用的身份证是{}。"], ["My ID number's {}, if that helps you find it.",
                   "It was registered under ID {}."], ["我 ID number 是 {}，你们直接查吧。", "登记的身份证是 {}。"]),
    "bank_card": B(["扣款那张卡是{}。", "钱是从{}这张卡出去的。"], ["The card it went on was {}.", "It came off my card, {}."],
                   ["扣款那张 card 是 {}。", "钱从 {} 这张卡扣的。"]),
}
RB_CUT_A = B(["我核对下，{}……", "好，{}——"], ["Reading back, {}...", "So {}..."], ["我 read 一遍，{}……", "OK，{}——"])
RB_CUT_C = B(["对对。", "嗯，对。"], ["Yep.", "Yes."], ["对，yes。", "嗯嗯。"])
HESIT = B(["呃……我看看啊，", "嗯……那个，", "就是……"], ["Um, let me think... ", "Uh, right, so... ", "Erm... "],
          ["呃……let me see，", "嗯……那个，", "Um……"])
KIND_NAME = {"zh": {"phone": "手机", "id_number": "身份证", "bank_card": "卡号"},
             "en": {"phone": "mobile", "id_number": "ID number", "bank_card": "card number"},
             "mixed": {"phone": "mobile", "id_number": "身份证", "bank_card": "card number"}}
ASK_BOTH = B(["麻烦报下{n1}和{n2}。", "需要您的{n1}跟{n2}。"], ["I'll need your {n1} and your {n2}.", "Can I take the {n1} and the {n2}?"],
             ["{n1} 和 {n2} 都报下。", "需要 {n1} 跟 {n2}。"])
SAY_BOTH = B(["{n1}是{}，{n2}是{}。", "{n1}{}，{n2}{}。"], ["The {n1} is {}, and the {n2} is {}.", "{n1} {}, {n2} {}."],
             ["{n1} 是 {}，{n2} 是 {}。", "{n1}：{}，{n2}：{}。"])
LOOKALIKE_TAIL = B(["，订单是{ref}", "，{date}那天办的", "，上次付了{amt}", "，有事{time}以后打"],
                   [", booking {ref}", ", and it's about {ref}", ", I paid {amt} last time", ", any time after {time}"],
                   ["，order {ref}", "，{date} 办的", "，上次付了 {amt}", "，after {time} 都 OK"])


class Turn:
    def __init__(self, spk, line):
        self.spk = spk
        self.lines = [line]


LI = {"zh": 0, "en": 1, "mixed": 2}
CACHED = {"time", "ref", "machine", "model", "site", "member", "year", "plate", "locker", "size", "code", "colour", "file",
          "serial", "vin", "slot", "lane", "kids", "head", "style", "tds", "meter", "lbs"}
TOKEN_RE = re.compile(r"\{(\w*)\}")


class Call:
    def __init__(self, rng, lang, fmt, dk):
        self.rng, self.lang, self.fmt, self.dk = rng, lang, fmt, dk
        self.dom = DOMAINS[dk]
        self.turns, self.nums, self.tags = [], [], []
        self.rend = Renderer(rng, lang, fmt)
        self.grp, self.ccform = {}, {}
        self.why_kind = ""
        self.cache = {}
        zh_co, en_co = self.dom["co"]
        self.co = zh_co if lang == "zh" else en_co if lang == "en" else rng.choice([zh_co, en_co])
        self.agent = rng.choice(ZH_AGENTS) if lang == "zh" else rng.choice(EN_AGENTS) if lang == "en" else rng.choice(ZH_AGENTS + EN_AGENTS)
        sn = rng.choice(ZH_SURNAMES)
        self.cust = (sn + rng.choice(["先生", "女士"])) if lang != "en" else rng.choice(EN_CUSTS)
        self.surname = rng.choice(ZH_SURNAMES)

    # ---- text helpers --------------------------------------------------------------------
    def pick(self, bank):
        return self.rng.choice(bank[self.lang])

    def dline(self, key):
        return self.rng.choice(self.dom[key])[LI[self.lang]]

    def ph(self, key):
        if key == "co":
            return self.co
        if key == "name":
            return self.agent
        if key == "cust":
            return self.cust
        if key == "surname":
            return self.surname
        if key == "lname":
            return self.dom["lname"][LI[self.lang]]
        if key in self.cache:
            return self.cache[key]
        g = self.dom["ph"].get(key) or GEN_PH.get(key)
        if g is None:
            raise Bug(f"placeholder {key}")
        val = g(self.rng, self.lang)
        if key in CACHED:
            self.cache[key] = val
        return val

    def tpl(self, template, *frags, **named):
        items, last, seq = [], 0, iter(frags)
        for m in TOKEN_RE.finditer(template):
            items.append(template[last:m.start()])
            key = m.group(1)
            if key == "":
                items.extend(self.as_items(next(seq)))
            elif key in named:
                val = named[key]
                items.extend(self.as_items(val) if isinstance(val, Frag) else [val])
            elif key == "why":
                items.append(self.why_kind)
            else:
                items.append(self.ph(key))
            last = m.end()
        items.append(template[last:])
        return [x for x in items if not (isinstance(x, str) and x == "")]

    def as_items(self, f):
        if isinstance(f, Frag) and getattr(f, "cc_text", None):
            return [CC(f.cc_text), f.cc_sep, f]
        return [f]

    def say(self, spk, items):
        if isinstance(items, str):
            items = self.tpl(items)
        self.turns.append(Turn(spk, list(items)))

    def cont(self, items):
        if isinstance(items, str):
            items = self.tpl(items)
        self.turns[-1].lines.append(list(items))

    def line(self, spk, template, *frags, **named):
        self.say(spk, self.tpl(template, *frags, **named))

    # ---- numbers -------------------------------------------------------------------------
    def new_num(self, kind, sub=None, want=None):
        if kind == "phone":
            n = make_phone(self.rng, self.lang, sub)
        elif kind == "id_number":
            n = make_id(self.rng, want)
        else:
            n = make_card(self.rng, sub)
        self.nums.append(n)
        return n

    def grouping(self, num):
        if id(num) not in self.grp:
            self.grp[id(num)] = self.rng.choice(num.groupings[:2]) if self.rng.random() < 0.75 else self.rng.choice(num.groupings)
        return self.grp[id(num)]

    def cc_text(self, num):
        if id(num) in self.ccform:
            return self.ccform[id(num)]
        cc, r = num.cc, self.rng
        if cc is None or (num.cc_opt and r.random() < 0.35 and num.sub != "mobile+86"):
            t = None
        else:
            words = "plus " + " ".join(EN_OF[c] for c in cc)
            opts = [f"+{cc}", f"+{cc}", f"00{cc}"]
            if self.lang == "zh":
                opts += [f"加{cc}"]
            elif self.lang == "en":
                opts += [words]
            else:
                opts += [f"加{cc}", words]
            if self.fmt == "asr-json":
                opts = [o for o in opts if not o.startswith("(")]
            t = r.choice(opts)
        self.ccform[id(num)] = t
        return t

    def fr(self, num, a=0, b=None, role="said", version=None, style=None, fillers=0, grouping=None, xform=None):
        v = version or num.digits
        b = len(v) if b is None else b
        style = style or self.rend.style_for(num.kind)
        grouping = grouping or (self.grouping(num) if self.rng.random() < 0.8 else self.rng.choice(num.groupings))
        if xform is None:
            opts = {"zh": ["X", "X", "x", "叉"], "en": ["X", "X", "x"], "mixed": ["X", "x", "叉"]}[self.lang]
            if style == "fw":
                opts = ["Ｘ"]
            xform = self.rng.choice(opts)
        atoms = self.rend.render(num, v, a, b, style, grouping, fillers, xform)
        last4 = num.kind == "phone" and v == num.digits and b == len(v) and role not in ("abandoned", "wrong", "misheard")
        f = Frag(num, role, last4, atoms, v, a, b)
        f.style = style
        f.cc_text = self.cc_text(num) if (a == 0 and num.cc) else None
        f.cc_sep = " " if self.fmt == "asr-json" else self.rng.choice([" ", " ", " ", "-"]) if f.cc_text and f.cc_text[-1].isdigit() else " "
        return f

    def cuts(self, num, pieces, inside=0.25):
        """Cut positions splitting a number into pieces (at group edges, sometimes inside a group)."""
        n = len(num.digits)
        edges, acc = [], 0
        for x in self.grouping(num)[:-1]:
            acc += x
            edges.append(acc)
        hi = n - 2 if num.kind == "id_number" else n - 1
        pool = [e for e in edges if 2 <= e <= hi]
        for _ in range(300):
            pts = set()
            while len(pts) < pieces - 1:
                if pool and self.rng.random() > inside:
                    pts.add(self.rng.choice(pool))
                else:
                    pts.add(self.rng.randint(2, hi))
            seq = [0] + sorted(pts) + [n]
            if all(y - x >= 2 for x, y in zip(seq, seq[1:])):
                return seq
        raise Redraw("cuts")

    # ---- common exchanges ----------------------------------------------------------------
    def why(self, kind):
        return self.dom["why"][kind][LI[self.lang]] if self.rng.random() < 0.8 else ""

    def ask(self, kind):
        self.why_kind = self.why(kind)
        t = self.pick(ASK[kind])
        if not self.why_kind:
            t = t.replace("{why}", "").strip()
            if t.endswith("，"):
                t = t[:-1] + "。"
        self.line("A", t)

    def give(self, num, spk="C", template=None, **kw):
        f = self.fr(num, **kw)
        t = template or self.pick(LEAD[num.kind])
        if template is None and self.rng.random() < 0.16 and t[-1] in "。.":
            t = t[:-1] + self.pick(LOOKALIKE_TAIL) + t[-1]
            self.tags.append("lookalike-tail")
        self.line(spk, t, f)
        return f

CUT_LEAD = {
    "phone": B(["我手机是{}", "号码是{}", "{}", "好，{}"], ["It's {}", "Sure, {}", "{}", "Okay, {}"], ["我的 mobile 是 {}", "{}", "OK，{}"]),
    "id_number": B(["身份证号是{}", "{}", "好，{}"], ["It's {}", "Okay, {}", "{}"], ["ID number 是 {}", "{}", "OK，{}"]),
    "bank_card": B(["卡号是{}", "{}", "好，{}"], ["It's {}", "The card's {}", "{}"], ["card number 是 {}", "{}", "OK，{}"]),
}
PIECE_LEAD = {
    "phone": B(["我手机是{}……", "手机号{}，", "号码是{}……"], ["It's {}...", "My number, well the mobile, is {}...", "Sure, {},"],
               ["我的 mobile 是 {}……", "手机 number {}，"]),
    "id_number": B(["身份证号是{}……", "号码是{}，", "我报啊，{}……"], ["Okay, it's {}...", "The ID number is {}...", "Right, {},"],
                   ["ID number 是 {}……", "身份证是 {}，"]),
    "bank_card": B(["卡号是{}……", "卡号{}，", "我念啊，{}……"], ["The card number is {}...", "It's {}...", "Long number's {},"],
                   ["card number 是 {}……", "卡号 {}，"]),
}
CHECK_NEXT_D = B(["最后一位是{X}。", "末尾是{X}。"], ["And the last digit is {X}.", "Then {X} at the end."], ["最后是 {X}。", "Last digit 是 {X}。"])
ABANDON_LINE = B(["{}，{P}，{}。", "{}……{P}，{}。"], ["{}, {P}, {}.", "{}... {P}... {}."], ["{}，{P}，{}。", "{}……{P}，{}。"])
TWO_ATTEMPTS = B(["{}，{P}，{}……{Q}，{}。"], ["{}, {P}, {}... {Q}, {}."], ["{}，{P}，{}……{Q}，{}。"])


def other_kind(rng, kind):
    return rng.choice([k for k in ev.KINDS if k != kind])


def middle_group(num):
    if num.sub in ("mobile", "mobile+86"):
        return 3, 7
    if num.sub == "landline":
        a = 4 if num.digits[:4] in AREA4 else 3
        return a, a + 4
    if num.kind == "id_number":
        return 6, 14
    return 4, 8


def ph_plain(c, kind):
    num = c.new_num(kind)
    v = c.rng.choice(["answered", "answered", "volunteered", "system", "midsentence", "afterwait", "near"])
    c.tags.append(v)
    if v == "answered":
        c.ask(kind); c.give(num); c.say("A", c.pick(ACK))
    elif v == "volunteered":
        c.line("C", c.pick(VOLUNTEER[kind]), c.fr(num)); c.say("A", c.pick(ACK))
    elif v == "system":
        c.line("A", c.pick(SYSTEM_RB) + c.pick(SYSTEM_TAIL), c.fr(num)); c.say("C", c.pick(CONFIRM))
    elif v == "midsentence":
        c.line("C", c.pick(MIDSENT[kind]), c.fr(num)); c.say("A", c.pick(ACK))
    elif v == "afterwait":
        c.ask(kind); c.say("C", c.pick(WAIT)); c.say("A", c.pick(WAIT_OK)); c.line("C", c.pick(FOUND), c.fr(num))
    else:
        c.ask(kind); c.give(num); c.line("A", c.pick(NEAR_RB), c.fr(num, role="readback")); c.say("C", c.pick(CONFIRM))


def ph_interruption(c, kind):
    num = c.new_num(kind)
    opts = ["backchannel", "backchannel", "echo", "question", "rb-cut"]
    if kind == "id_number":
        opts += ["aside", "aside"]
    v = c.rng.choice(opts)
    c.ask(kind)
    if v == "aside":
        c.tags.append("aside-birthdate")
        st = c.rend.style_for(kind)
        c.line("C", c.pick(SPLIT_ASIDE), P=c.fr(num, 0, 6, role="piece", style=st), Q=c.fr(num, 6, 14, role="piece", style=st),
               T=c.fr(num, 14, 18, role="piece", style=st))
        c.say("A", c.pick(ACK))
        return
    if v == "rb-cut":
        c.tags.append("readback-cut")
        c.give(num)
        cut = c.cuts(num, 2)
        c.line("A", c.pick(RB_CUT_A), c.fr(num, 0, cut[1], role="readback"))
        c.say("C", c.pick(RB_CUT_C))
        c.line("A", c.pick(GO_ON), c.fr(num, cut[1], role="readback"))
        return
    pieces = 3 if c.rng.random() < 0.35 else 2
    c.tags.append(f"{v}{pieces}")
    cut = c.cuts(num, pieces)
    st = c.rend.style_for(kind)
    c.line("C", c.pick(PIECE_LEAD[kind]), c.fr(num, 0, cut[1], role="piece", style=st))
    for k in range(1, pieces):
        f = c.fr(num, cut[k], cut[k + 1], role="piece", style=st)
        if v == "echo" and k == 1:
            c.line("A", c.pick(ECHO), c.fr(num, 0, cut[1], role="echo"))
            c.line("C", c.pick(GO_ON), f)
        elif v == "question" and k == 1:
            q, ans = c.rng.choice(MIDQ[c.lang])
            c.say("A", q)
            c.line("C", ans, f)
        else:
            c.say("A", c.pick(BACK))
            c.line("C", c.pick(GO_ON), f)
    c.say("A", c.pick(ACK))


def ph_continuation(c, kind):
    num = c.new_num(kind)
    v = c.rng.choice(["two-lines", "two-lines", "three-lines", "readout", "agent-lines"])
    c.tags.append(v)
    if v == "readout":
        c.ask(kind)
        c.say("C", c.pick(READOUT))
        c.cont(c.tpl(c.rng.choice(["{}", "{}。" if c.lang != "en" else "{}."]), c.fr(num)))
        c.say("A", c.pick(ACK))
        return
    if v == "agent-lines":
        cut = c.cuts(num, 2)
        c.line("A", c.pick(SYSTEM_RB), c.fr(num, 0, cut[1], role="piece"))
        c.cont(c.tpl("{}" + c.pick(SYSTEM_TAIL), c.fr(num, cut[1], role="piece")))
        c.say("C", c.pick(CONFIRM))
        return
    pieces = 3 if v == "three-lines" else 2
    cut = c.cuts(num, pieces)
    st = c.rend.style_for(kind)
    c.ask(kind)
    c.line("C", c.pick(CUT_LEAD[kind]), c.fr(num, 0, cut[1], role="piece", style=st))
    for k in range(1, pieces):
        end = "。" if c.lang != "en" else "."
        t = c.rng.choice(["{}", "{}" + end, c.pick(GO_ON)]) if k == pieces - 1 else c.rng.choice(["{}", "{}，" if c.lang != "en" else "{},"])
        c.cont(c.tpl(t, c.fr(num, cut[k], cut[k + 1], role="piece", style=st)))
    c.say("A", c.pick(ACK))


def ph_correction(c, kind):
    num = c.new_num(kind)
    n = len(num.digits)
    if kind == "phone":
        opts = ["abandon", "restart", "two-attempts"] + (["phone-middle"] * 3 if num.sub in ("mobile", "mobile+86", "landline") else [])
    else:
        opts = ["abandon", "restart", "two-attempts", "wrong-last4", "wrong-middle", "wrong-whole"]
    v = c.rng.choice(opts)
    c.tags.append(v)
    c.ask(kind)
    st = c.rend.style_for(kind)
    r = c.rng
    if v in ("abandon", "two-attempts"):
        lo = 1 if kind == "phone" else 0
        wrong, i = mutate(r, num, lo, 4 if kind == "phone" else 6)
        k = r.randint(max(3, i + 1), min(n - 4, i + 4))
        ab = c.fr(num, 0, k, role="abandoned", version=wrong, style=st)
        if v == "abandon":
            if r.random() < 0.3:
                c.line("C", "{}……" if c.lang != "en" else "{}...", ab)
                c.cont(c.tpl(c.pick(ABANDON) + ("，{}。" if c.lang != "en" else ", {}."), c.fr(num, role="corrected", style=st)))
            else:
                c.line("C", c.pick(ABANDON_LINE), ab, c.fr(num, role="corrected", style=st), P=c.pick(ABANDON))
        else:
            k2 = r.randint(3, max(3, min(n - 4, 7)))
            ab2 = c.fr(num, 0, k2, role="abandoned", style=st)
            c.line("C", c.pick(TWO_ATTEMPTS), ab, ab2, c.fr(num, role="corrected", style=st), P=c.pick(ABANDON), Q=c.pick(RESTART))
    elif v == "restart":
        k = r.randint(3, min(n - 4, 8))
        ab = c.fr(num, 0, k, role="abandoned", style=st)
        c.line("C", c.pick(ABANDON_LINE), ab, c.fr(num, role="corrected", style=st), P=c.pick(RESTART))
    elif v == "phone-middle":
        g0, g1 = middle_group(num)
        wrong, i = mutate(r, num, g0, g1)
        c.line("C", c.pick(PHONE_MID), A=c.fr(num, 0, g1, version=wrong, role="abandoned", style=st),
               R=c.fr(num, g0, g1, role="corrected", style=st), W=c.fr(num, g0, g1, version=wrong, role="wrong", style=st),
               T=c.fr(num, g1, n, role="piece", style=st))
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
        c.say("C", c.pick(CONFIRM))
        return
    else:
        if v == "wrong-last4":
            g0, g1 = n - 4, n
        elif v == "wrong-middle":
            g0, g1 = middle_group(num) if kind == "id_number" else r.choice([(4, 8), (8, 12)])
        else:
            g0, g1 = 0, n
        wrong, i = mutate(r, num, g0, g1)
        c.give(num, version=wrong, role="wrong", style=st)
        c.say("A", c.pick(BAD_CHECK))
        if v == "wrong-whole":
            c.line("C", c.pick(CORR_WHOLE), c.fr(num, role="corrected", style=st))
        else:
            c.line("C", c.pick(CORR_LAST4 if v == "wrong-last4" else CORR_MID),
                   R=c.fr(num, g0, g1, role="corrected", style=st), W=c.fr(num, g0, g1, version=wrong, role="wrong", style=st))
        if r.random() < 0.6:
            c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
            c.say("C", c.pick(CONFIRM))
            return
    c.say("A", c.pick(ACK))


def ph_filler(c, kind):
    num = c.new_num(kind)
    opts = ["between", "split", "leadin", "readback"] + (["card-hesitant"] * 3 if kind == "bank_card" else [])
    if kind == "id_number":
        opts += ["id-684"]
    v = c.rng.choice(opts)
    c.tags.append(v)
    c.ask(kind)
    r = c.rng
    if v == "between":
        c.give(num, fillers=r.choice([2, 2, 3]))
    elif v == "split":
        c.give(num, fillers=r.choice([1, 2]), grouping=[len(num.digits)])
    elif v == "leadin":
        c.line("C", c.pick(HESIT) + c.pick(LEAD[kind]), c.fr(num, fillers=1))
    elif v == "readback":
        c.give(num)
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback", fillers=r.choice([1, 2])))
        c.say("C", c.pick(CONFIRM))
        return
    elif v == "card-hesitant":
        g = num.groupings[0]
        c.give(num, grouping=g, fillers=len(g) - 1)
    else:
        c.give(num, grouping=[6, 8, 4], fillers=2)
    c.say("A", c.pick(ACK))


def ph_asr(c, kind):
    num = c.new_num(kind)
    opts = ["itn", "itn", "digit", "seg-cut", "seg-cut"]
    if c.lang != "en":
        opts += ["zh-ar", "zh-ar"]
    if c.lang != "zh":
        opts += ["en-ar", "en-ar"]
    v = c.rng.choice(opts)
    c.tags.append(v)
    c.ask(kind)
    if v == "seg-cut":
        n = len(num.digits)
        p = c.rng.randint(3, n - 3)
        st = c.rng.choice(["chunk", "ar", c.rend.style_for(kind)])
        f1 = c.fr(num, 0, p, role="piece", style=st)
        f1.join_asr = True
        c.line("C", c.pick(CUT_LEAD[kind]), f1)
        c.cont(c.tpl(c.rng.choice(["{}", "{}。" if c.lang != "en" else "{}."]), c.fr(num, p, n, role="piece", style=st)))
    else:
        c.give(num, style={"itn": "chunk", "digit": "digit", "zh-ar": "chunk-zh-ar", "en-ar": "chunk-en-ar"}[v])
    c.say("A", c.pick(ACK))


def ph_readback(c, kind):
    num = c.new_num(kind)
    n = len(num.digits)
    opts = ["full", "full", "last4", "first", "partial"]
    if kind != "phone":
        opts += ["misheard", "misheard", "mis-last4"]
    elif num.sub in ("mobile", "mobile+86", "landline"):
        opts += ["phone-misheard", "phone-misheard"]
    v = c.rng.choice(opts)
    c.tags.append(v)
    c.ask(kind)
    c.give(num)
    r = c.rng
    if v == "full":
        if r.random() < 0.3:
            c.line("A", c.pick(NEAR_RB), c.fr(num, role="readback"))
            c.tags.append("with-ref")
        else:
            c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
        c.say("C", c.pick(CONFIRM))
    elif v == "last4":
        c.line("A", c.pick(RB_LAST4), c.fr(num, n - 4, n, role="readback"))
        c.say("C", c.pick(CONFIRM))
    elif v == "first":
        g = c.grouping(num)[0] if c.grouping(num)[0] < n else 6
        c.line("A", c.pick(RB_FIRST), c.fr(num, 0, g, role="readback"))
        c.say("C", c.pick(CONFIRM))
    elif v == "partial":
        c.line("A", c.pick(RB_PART), c.fr(num, 0, n - 4, role="readback"))
        c.line("C", c.pick(FINISH), c.fr(num, n - 4, n, role="piece"))
        c.say("A", c.pick(ACK))
    elif v == "misheard":
        wrong, i = mutate(r, num, 0, n)
        edges, acc = [0], 0
        for x in c.grouping(num):
            acc += x
            edges.append(acc)
        g0 = max(e for e in edges if e <= i)
        g1 = min(e for e in edges if e > i)
        if g1 - g0 > 8 or g1 - g0 < 3:
            g0, g1 = max(0, i - 2), min(n, max(0, i - 2) + 4)
        c.line("A", c.pick(RB_FULL), c.fr(num, version=wrong, role="misheard"))
        c.line("C", c.pick(FIX_RW), R=c.fr(num, g0, g1, role="corrected"), W=c.fr(num, g0, g1, version=wrong, role="wrong"))
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
        c.say("C", c.pick(CONFIRM))
    elif v == "mis-last4":
        wrong, i = mutate(r, num, n - 4, n)
        c.line("A", c.pick(MISLAST), M=c.fr(num, n - 4, n, version=wrong, role="misheard"))
        c.line("C", c.pick(MISLAST_FIX), R=c.fr(num, n - 4, n, role="corrected"))
        c.say("A", c.pick(ACK))
    else:
        g0, g1 = middle_group(num)
        wrong, i = mutate(r, num, g0, g1)
        c.line("A", c.pick(MISHEAR_Q), M=c.fr(num, 0, g1, version=wrong, role="misheard"))
        c.line("C", c.pick(MISHEAR_FIX), R=c.fr(num, g0, g1, role="corrected"))
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
        c.say("C", c.pick(CONFIRM))


def ph_check(c, kind):
    r = c.rng
    want = "X" if r.random() < 0.82 else "digit"
    num = c.new_num("id_number", want=want)
    v = r.choice(["same-line", "next-line", "ask"])
    c.tags.append(f"{v}-{want}")
    c.ask("id_number")
    body = c.fr(num, 0, 17, role="piece")
    if want == "X":
        xf = r.choice({"zh": ["X", "X", "x", "叉", "Ｘ"], "en": ["X", "X", "x"], "mixed": ["X", "x", "叉"]}[c.lang])
        if xf == "Ｘ" and c.fmt == "asr-json":
            xf = "X"
        x = c.fr(num, 17, 18, role="check-char", style="zh" if xf in ("叉", "Ｘ") else "ar", xform=xf)
    else:
        x = c.fr(num, 17, 18, role="check-char")
    if v == "same-line":
        c.line("C", c.pick(CHECK_SAME if want == "X" else CHECK_SAME_D), body, X=x)
    elif v == "next-line":
        c.line("C", c.pick(CUT_LEAD["id_number"]), body)
        c.cont(c.tpl(c.pick(CHECK_NEXT if want == "X" else CHECK_NEXT_D), X=x))
    else:
        c.line("C", c.pick(LEAD["id_number"]), body)
        c.say("A", c.pick(CHECK_ASK))
        c.line("C", c.pick(CHECK_ANS if want == "X" else CHECK_ANS_D), X=x)
    if r.random() < 0.4:
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback"))
        c.say("C", c.pick(CONFIRM))
    else:
        c.say("A", c.pick(ACK))


def ph_glued(c, kind):
    num = c.new_num(kind)
    v = c.rng.choice(["whole", "whole", "readback", "two-pieces", "mixed-glue"])
    c.tags.append(v)
    c.ask(kind)
    if v == "whole":
        c.give(num, style="glued")
    elif v == "mixed-glue":
        c.give(num, style="glued-en")
    elif v == "readback":
        c.give(num, style=c.rng.choice(["en", "ar"]))
        c.line("A", c.pick(RB_FULL), c.fr(num, role="readback", style="glued"))
        c.say("C", c.pick(CONFIRM))
        return
    else:
        cut = c.cuts(num, 2)
        c.line("C", c.pick(PIECE_LEAD[kind]), c.fr(num, 0, cut[1], role="piece", style="glued"))
        c.say("A", c.pick(BACK))
        c.line("C", c.pick(GO_ON), c.fr(num, cut[1], role="piece", style="glued"))
    c.say("A", c.pick(ACK))


def ph_multi(c, kind):
    r = c.rng
    v = r.choice(["same-line", "turn-by-turn", "turn-by-turn", "backup", "spouse-speaks"])
    c.tags.append(v)
    if v == "same-line":
        k2 = other_kind(r, kind)
        n1, n2 = c.new_num(kind), c.new_num(k2)
        names = KIND_NAME[c.lang]
        c.line("A", c.pick(ASK_BOTH), n1=names[kind], n2=names[k2])
        t = c.pick(SAY_BOTH)
        if r.random() < 0.4:
            t = t[:-1] + c.pick(LOOKALIKE_TAIL) + t[-1]
            c.tags.append("lookalike-tail")
        c.line("C", t, c.fr(n1), c.fr(n2), n1=names[kind], n2=names[k2])
        if r.random() < 0.4:
            c.line("A", c.pick(RB_LAST4), c.fr(n2, len(n2.digits) - 4, role="readback"))
            c.say("C", c.pick(CONFIRM))
        else:
            c.say("A", c.pick(ACK))
    elif v == "turn-by-turn":
        kinds = [kind, other_kind(r, kind)]
        if r.random() < 0.35:
            kinds.append([k for k in ev.KINDS if k not in kinds][0])
        for k in kinds:
            n = c.new_num(k)
            c.ask(k)
            c.give(n)
            if r.random() < 0.3:
                c.line("A", c.pick(RB_LAST4), c.fr(n, len(n.digits) - 4, role="readback"))
                c.say("C", c.pick(CONFIRM))
            else:
                c.say("A", c.pick(ACK))
    elif v == "backup":
        if kind != "phone":
            n0 = c.new_num(kind)
            c.ask(kind); c.give(n0); c.say("A", c.pick(ACK))
        n1 = c.new_num("phone", "mobile" if c.lang != "en" else None)
        c.ask("phone")
        c.give(n1)
        spouse = r.random() < 0.6
        n2 = c.new_num("phone", "mobile" if (spouse and c.lang != "en") else ("landline" if c.lang != "en" else None))
        if r.random() < 0.5:
            c.cont(c.tpl(c.pick(SPOUSE_LEAD if spouse else BACKUP_LEAD), c.fr(n2)))
        else:
            c.say("A", c.pick(ACK))
            c.line("C", c.pick(SPOUSE_LEAD if spouse else BACKUP_LEAD), c.fr(n2))
        c.tags.append("spouse" if spouse else "office")
        if r.random() < 0.5:
            c.line("A", c.pick(RB_LAST4), c.fr(n2, len(n2.digits) - 4, role="readback"))
            c.say("C", c.pick(CONFIRM))
        else:
            c.say("A", c.pick(ACK))
    else:
        n1 = c.new_num(kind)
        c.ask(kind)
        c.say("C", c.pick(SPOUSE_HANDOFF))
        lead = c.pick(LEAD[kind])
        if c.lang == "en":
            lead = lead[0].lower() + lead[1:]
        c.line("S", c.pick(SPOUSE_HELLO) + lead, c.fr(n1))
        c.say("A", c.pick(ACK))
        k2 = "phone" if kind != "phone" else other_kind(r, kind)
        n2 = c.new_num(k2)
        c.ask(k2)
        c.give(n2, spk="S")
        c.say("A", c.pick(ACK))


def ph_negative(c, kind):
    r = c.rng
    parts = r.sample(["long", "long", "long-rb", "member", "notgiven", "chatter"], r.choice([1, 2, 2]))
    parts = sorted(set(parts), key=lambda p: ["long", "long-rb", "member", "chatter", "notgiven"].index(p))
    c.tags.append("+".join(parts))
    for p in parts:
        if p in ("long", "long-rb"):
            s = safe_run(r, r.randint(15, 19), "2356789")
            c.line("C", c.pick(LONG_SAY), long=say_long(r, c.lang, s))
            if p == "long-rb":
                c.line("A", c.pick(LONG_RB), long=say_long(r, c.lang, s))
            else:
                c.say("A", c.pick(ACK))
        elif p == "member":
            c.line("C", c.pick(MEMBER_SAY))
            c.say("A", c.pick(ACK))
        elif p == "chatter":
            c.line("A", c.dline("chat"))
            c.say("C", c.pick(CONFIRM))
            c.line("A", c.pick(CHAT_GEN))
        else:
            k = r.choice(ev.KINDS)
            c.ask(k)
            c.say("C", c.pick(NOTGIVEN[k]))
            c.say("A", c.pick(NOTGIVEN_OK))


PH_FUNCS = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
            "filler": ph_filler, "asr-chunks": ph_asr, "readback": ph_readback, "check-char-apart": ph_check,
            "glued-words": ph_glued, "multi-number": ph_multi, "negative": ph_negative}


def second_number(c, kind):
    k2 = other_kind(c.rng, kind)
    n = c.new_num(k2)
    c.why_kind = c.why(k2)
    c.line("A", c.pick(SECOND_INTRO[k2]) + ((" {why}" if c.lang == "en" else "{why}") if c.rng.random() < 0.5 else ""))
    c.give(n)
    if c.rng.random() < 0.25:
        c.line("A", c.pick(RB_LAST4), c.fr(n, len(n.digits) - 4, role="readback"))
        c.say("C", c.pick(CONFIRM))
    else:
        c.say("A", c.pick(ACK))


def build_call(c, ph, kind, second, outbound):
    r = c.rng
    if outbound:
        c.line("A", c.pick(GREET_OUT))
        c.say("C", c.pick(OUT_OK))
        c.line("A", c.dline("outbound"))
        pre = ["outbound"]
    else:
        pre = []
        if r.random() < 0.25:
            c.line("I", c.pick(IVR))
            pre.append("ivr")
        c.line("A", c.pick(GREET_IN))
        c.line("C", c.dline("reasons"))
        c.line("A", c.dline("answers"))
    PH_FUNCS[ph](c, kind)
    c.tags += pre
    if second:
        second_number(c, kind)
        c.tags.append("second")
    if r.random() < 0.7 or "chatter" in "".join(c.tags):
        c.line("A", c.dline("close"))
    else:
        c.line("A", c.pick(CHAT_GEN))
    c.say("C", c.pick(CUST_BYE))
    if r.random() < 0.5:
        c.say("A", c.pick(AGENT_BYE))


# ============================================================================================
# Layouts
# ============================================================================================

def line_content(items):
    out, pos, frags, ccs = [], 0, [], []
    for it in items:
        if isinstance(it, Frag):
            t = it.text
            s, e = it.span()
            frags.append((it, pos + s, pos + e))
        elif isinstance(it, CC):
            t = it.text
            ccs.append((pos, pos + len(t)))
        else:
            t = it
        out.append(t)
        pos += len(t)
    return "".join(out), frags, ccs


GEN_LABELS = {
    "zh": [("客服", "客户"), ("坐席", "来电人"), ("话务员", "用户"), ("工作人员", "顾客"), ("接线员", "来电客户"), ("甲", "乙")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("Advisor", "Client"), ("Operator", "Member"), ("CSR", "Customer"), ("A", "B")],
    "mixed": [("Agent", "客户"), ("客服", "Customer"), ("CS", "用户"), ("坐席", "Caller"), ("客服", "客户"), ("Agent", "Caller")],
}
THIRD = {"zh": ["家属", "客户爱人"], "en": ["Spouse", "Partner"], "mixed": ["家属", "Spouse"]}
IVR_LAB = {"zh": ["系统", "语音提示"], "en": ["IVR", "Recording"], "mixed": ["IVR", "系统"]}


def choose_labels(c, rng):
    lang = c.lang
    if rng.random() < 0.3:
        d = c.dom
        if lang == "zh":
            a, cu = d["alab"][0], d["clab"][0]
        elif lang == "en":
            a, cu = d["alab"][1], d["clab"][1]
        else:
            a, cu = rng.choice(d["alab"]), rng.choice(d["clab"])
        src = "domain"
    else:
        a, cu = rng.choice(GEN_LABELS[lang])
        src = "generic"
    if rng.random() < 0.2 and a not in ("A", "甲"):
        a = rng.choice([f"{a}-{c.agent}", f"{a}（{c.agent}）"]) if lang != "en" else rng.choice([f"{a} ({c.agent})", f"{c.agent} ({a})"])
        src += "+name"
    labels = {"A": a, "C": cu, "S": rng.choice(THIRD[lang]), "I": rng.choice(IVR_LAB[lang])}
    if rng.random() < 0.05:
        labels["A"], labels["C"] = labels["C"], labels["A"]
        src += "+swapped"
    return labels, src


def fmt_ts(t, style, base):
    ms = int(round((t - int(t)) * 1000)) % 1000
    t_i = int(t)
    h, m, s = t_i // 3600, t_i % 3600 // 60, t_i % 60
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if style == "ms":
        return f"{t_i // 60:02d}:{s:02d}"
    if style == "m_ss":
        return f"{t_i // 60}:{s:02d}"
    if style == "hms_ms":
        return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    if style == "secs":
        return f"{t:.1f}s"
    if style == "zh":
        return f"{t_i // 60}分{s:02d}秒"
    w = base + t_i
    H, M, S = w // 3600 % 24, w % 3600 // 60, w % 60
    if style == "wall":
        return f"{H:02d}:{M:02d}:{S:02d}"
    return f"{(H - 1) % 12 + 1}:{M:02d}:{S:02d} {'AM' if H < 12 else 'PM'}"


TS_STYLES = ["hms", "ms", "m_ss", "hms_ms", "secs", "zh", "wall", "wall_ampm"]
INLINE = {
    "fwcolon": "{lab}：", "colon": "{lab}: ", "ts-fwcolon": "{ts} {lab}：", "brackets2": "[{ts}][{lab}] ",
    "paren-ts": "{lab} ({ts}): ", "bullets": "{lab} • {ts} • ", "angle": "⟨{lab}⟩ ", "dblgt": "{lab} ≫ ",
    "corner": "『{lab}』", "emdash": "{lab}——", "semicolon": "{ts};{lab};", "jiang": "{lab}讲：",
    "brokenbar": "{lab} ¦ ", "hyphens": "-{lab}- ", "upper-gt": "{LAB} > ", "tilde-ts": "{ts} ~ {lab} ~ ",
    "lab-bracket-ts": "{lab} [{ts}] ", "numbered": "{n:02d}) {lab}: ",
}
HEADER = {"hdr-plain": "{lab}", "hdr-bar": "▍{lab}  {ts}", "hdr-rule": "--- {lab} ({ts}) ---", "hdr-ts-dot": "{ts} · {lab}"}
NOLABEL = {"bare": "", "ts-led": "{ts}  ", "guillemet": "» ", "middot": "· "}
TEXT_LAYOUT_WEIGHTS = [(k, 3) for k in INLINE] + [(k, 3) for k in HEADER] + [(k, 2) for k in NOLABEL] + [("table", 3), ("srt", 3)]
TEXT_LAYOUT_WEIGHTS = [(k, 5 if k in ("fwcolon", "colon") else w) for k, w in TEXT_LAYOUT_WEIGHTS]


class Emitter:
    def __init__(self):
        self.parts, self.pos, self.spans = [], 0, []

    def raw(self, s):
        self.parts.append(s)
        self.pos += len(s)

    def content(self, items):
        text, frags, _ = line_content(items)
        for f, s, e in frags:
            self.spans.append((f, self.pos + s, self.pos + e))
        self.raw(text)

    def text(self):
        return "".join(self.parts)


def layout_text(c, rng):
    name = rng.choices([k for k, _ in TEXT_LAYOUT_WEIGHTS], [w for _, w in TEXT_LAYOUT_WEIGHTS])[0]
    labels, lsrc = choose_labels(c, rng)
    ts_style = rng.choice(TS_STYLES)
    if name == "semicolon" and ts_style in ("wall_ampm",):
        ts_style = "hms"
    base = rng.randint(8 * 3600, 19 * 3600)
    cont = rng.choice(["relabel", "bare", "indent", "ellipsis", "plus"])
    em = Emitter()
    t = rng.uniform(0.3, 4.0)
    lineno = 0
    blank_between = rng.random() < 0.7
    if name == "table":
        hdr = {"zh": "| 时间 | 角色 | 内容 |", "en": "| time | speaker | text |", "mixed": "| time | 角色 | 内容 |"}[c.lang]
        em.raw(hdr + "\n|---|---|---|\n")
    if name == "srt":
        cont = rng.choice(["relabel", "bare"])
    for ti, turn in enumerate(c.turns):
        lab = labels[turn.spk]
        if name in HEADER:
            if ti > 0 and blank_between:
                em.raw("\n")
            em.raw(HEADER[name].format(lab=lab, ts=fmt_ts(t, ts_style, base)) + "\n")
        for li, items in enumerate(turn.lines):
            ts = fmt_ts(t, ts_style, base)
            t0 = t
            t += rng.uniform(1.5, 7.0)
            lineno += 1
            if name in INLINE:
                if li == 0 or cont == "relabel":
                    pre = INLINE[name].format(lab=lab, LAB=lab.upper(), ts=ts, n=lineno)
                else:
                    pre = {"bare": "", "indent": "    ", "ellipsis": "… ", "plus": "+ "}[cont]
                em.raw(pre); em.content(items); em.raw("\n")
            elif name in HEADER:
                em.raw("  " if name == "hdr-ts-dot" else ""); em.content(items); em.raw("\n")
            elif name in NOLABEL:
                em.raw(NOLABEL[name].format(ts=ts)); em.content(items); em.raw("\n")
            elif name == "table":
                em.raw(f"| {ts} | {lab if (li == 0 or cont == 'relabel') else ''} | "); em.content(items); em.raw(" |\n")
            else:   # srt
                end = t - rng.uniform(0.2, 0.9)
                em.raw(f"{lineno}\n{fmt_ts(t0, 'hms_ms', base).replace('.', ',')} --> "
                       f"{fmt_ts(end, 'hms_ms', base).replace('.', ',')}\n")
                em.raw(f"{lab}: " if (li == 0 or cont == "relabel") else "")
                em.content(items); em.raw("\n\n")
    text = em.text()
    if text.endswith("\n\n"):
        text = text[:-1]
    if rng.random() < 0.5:
        text = text.rstrip("\n")
    uses_ts = name in ("ts-fwcolon", "brackets2", "paren-ts", "bullets", "semicolon", "tilde-ts", "lab-bracket-ts",
                       "hdr-bar", "hdr-rule", "hdr-ts-dot", "ts-led", "table", "srt")
    desc = f"text:{name}|{cont}|{ts_style if uses_ts else 'nots'}|{lsrc}"
    return text, em.spans, desc


def layout_vtt(c, rng):
    labels, lsrc = choose_labels(c, rng)
    pstyle = rng.choice(["v", "v-close", "colon", "fwcolon", "dash", "bare", "bracket"])
    ids = rng.choice(["num", "named", "none"])
    long_t = rng.random() < 0.6
    settings = rng.choice(["", "", " align:start", " line:85%", " position:10%"])
    cont = rng.choice(["newcue-voice", "newcue-bare", "line2"])
    em = Emitter()
    em.raw("WEBVTT" + (rng.choice([" - call recording", " - 通话转写", ""]) if rng.random() < 0.4 else "") + "\n")
    if rng.random() < 0.35:
        em.raw("Kind: captions\nLanguage: " + {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[c.lang] + "\n")
    em.raw("\n")
    if rng.random() < 0.3:
        em.raw(rng.choice(["NOTE auto-generated transcript\n\n", "NOTE 自动转写，仅供质检\n\n", "NOTE\nspeaker turns are approximate\n\n"]))
    t = rng.uniform(0.2, 3.0)
    cue = 0

    def stamp(x):
        h, m, s = int(x) // 3600, int(x) % 3600 // 60, x % 60
        return f"{h:02d}:{m:02d}:{s:06.3f}" if long_t else f"{int(x) // 60:02d}:{s:06.3f}"

    def payload_prefix(lab):
        return {"v": f"<v {lab}>", "v-close": f"<v {lab}>", "colon": f"{lab}: ", "fwcolon": f"{lab}：", "dash": "- ",
                "bare": "", "bracket": f"[{lab}] "}[pstyle]

    open_v = False
    for turn in c.turns:
        lab = labels[turn.spk]
        for li, items in enumerate(turn.lines):
            if li > 0 and cont == "line2":
                em.raw("\n")
                em.content(items)
                continue
            if cue > 0:
                if open_v:
                    em.raw("</v>")
                em.raw("\n\n")
            cue += 1
            if ids == "num":
                em.raw(f"{cue}\n")
            elif ids == "named":
                em.raw(f"line-{cue}\n")
            d = rng.uniform(1.2, 5.5)
            em.raw(f"{stamp(t)} --> {stamp(t + d)}{settings}\n")
            t += d + rng.uniform(0.1, 0.9)
            pre = payload_prefix(lab) if (li == 0 or cont == "newcue-voice") else ""
            em.raw(pre)
            open_v = pstyle == "v-close" and bool(pre)
            em.content(items)
    if open_v:
        em.raw("</v>")
    em.raw("\n")
    desc = f"vtt:{pstyle}|{cont}|{ids}|{'long' if long_t else 'short'}|{lsrc}"
    return em.text(), em.spans, desc


PUNCT = set("，。？！、：；,.?!:;…—~（）()“”\"《》「」『』-")


def is_cjk(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def piece_type(p):
    if any(is_cjk(ch) for ch in p):
        return "cjk"
    if all(ch in PUNCT for ch in p):
        return "punct"
    return "ascii"


def tokenize_str(s):
    """Words of a stretch of text: CJK one character a word, Latin / digit runs whole, punctuation on the word before."""
    pieces = []
    for chunk in s.split():
        cur = []
        for ch in chunk:
            last = piece_type(cur[-1]) if cur else None
            if ch in PUNCT:
                if cur:
                    cur[-1] += ch
                else:
                    cur.append(ch)
            elif is_cjk(ch):
                cur.append(ch)
            else:
                if last in ("ascii", "punct"):
                    cur[-1] += ch
                else:
                    cur.append(ch)
        pieces += cur
    return pieces


def line_tokens(items):
    """[{w, frag, d}] for one line; punctuation-only pieces go onto the previous word."""
    toks = []

    pending = [""]

    def add(w, frag=None, d=False, cc=False):
        if all(ch in PUNCT for ch in w):
            if toks:
                toks[-1]["w"] += w
            else:
                pending[0] += w
            return
        toks.append({"w": pending[0] + w, "frag": frag, "d": d, "cc": cc})
        pending[0] = ""

    for it in items:
        if isinstance(it, Frag):
            for t, k, _, _ in it.atoms:
                if k == "s":
                    p = t.strip()
                    if p:
                        add(p)
                    continue
                ws = tokenize_str(t)
                for w in ws:
                    add(w, it, k == "d")
        elif isinstance(it, CC):
            for w in tokenize_str(it.text):
                add(w, cc=True)
        else:
            for w in tokenize_str(it):
                add(w)
    return toks


ASR_SPK = [("spk_0", "spk_1", "spk_2", "spk_3"), ("SPEAKER_00", "SPEAKER_01", "SPEAKER_02", "SPEAKER_03"),
           ("A", "B", "C", "D"), ("agent", "customer", "other", "system"), ("ch0", "ch1", "ch2", "ch3")]


def layout_asr(c, rng):
    whisper = rng.random() < 0.56
    nopunct = rng.random() < 0.18
    spk_names = rng.choice(ASR_SPK)
    order = {"A": 0, "C": 1, "S": 2, "I": 3}
    if rng.random() < 0.3:
        order = {"A": 1, "C": 0, "S": 2, "I": 3}
    with_spk = rng.random() < (0.55 if whisper else 0.7)
    with_conf = rng.random() < 0.5
    ms_keys = (not whisper) and rng.random() < 0.45
    t = rng.uniform(0.3, 2.5)
    segs = []        # (spk, [tok])
    for turn in c.turns:
        for items in turn.lines:
            toks = line_tokens(items)
            if nopunct:
                for tk in toks:
                    w = tk["w"]
                    while w and w[0] in PUNCT:
                        w = w[1:]
                    while w and w[-1] in PUNCT:
                        w = w[:-1]
                    tk["w"] = w
                toks = [tk for tk in toks if tk["w"]]
            segs.append((turn.spk, toks))
    # timings and words
    ents = []        # (frag, [keys])
    cur = {}
    out_segs, flat = [], []
    for si, (spk, toks) in enumerate(segs):
        seg_words = []
        t += rng.uniform(0.25, 1.1)
        seg_start = t
        for tk in toks:
            dur = rng.uniform(0.12, 0.42) if not is_cjk(tk["w"][0]) else rng.uniform(0.1, 0.3)
            start, end = t, t + dur
            t = end + rng.uniform(0.0, 0.08)
            w = tk["w"]
            if whisper:
                word = {"word": (w if is_cjk(w[0]) or (w[0] in PUNCT) else " " + w), "start": round(start, 2), "end": round(end, 2)}
                if with_conf:
                    word["probability"] = round(rng.uniform(0.45, 0.999), 3)
                key = [si, len(seg_words)]
                seg_words.append(word)
            else:
                if ms_keys:
                    word = {"word": w, "start_ms": int(start * 1000), "end_ms": int(end * 1000)}
                else:
                    word = {"word": w, "start": round(start, 2), "end": round(end, 2)}
                if with_conf:
                    word["confidence"] = round(rng.uniform(0.45, 0.999), 3)
                if with_spk:
                    word["speaker"] = spk_names[order[spk]]
                key = len(flat)
                flat.append(word)
            f = tk["frag"]
            if f is not None:
                cur.setdefault(id(f), (f, []))[1].append((key, tk["d"]))
        if whisper:
            seg = {"id": si, "start": round(seg_start, 2), "end": round(t, 2),
                   "text": "".join(w["word"] for w in seg_words).strip(), "words": seg_words}
            if with_spk:
                seg["speaker"] = spk_names[order[spk]]
            out_segs.append(seg)
    # entities: each fragment's words from its first digit-bearing word to its last
    for f, keys in cur.values():
        idx = [i for i, (_, d) in enumerate(keys) if d]
        ents.append((f, [k for k, _ in keys[idx[0]:idx[-1] + 1]]))
    merged = []
    i = 0
    while i < len(ents):
        f, keys = ents[i]
        if f.join_asr and i + 1 < len(ents) and ents[i + 1][0].num is f.num:
            f2, keys2 = ents[i + 1]
            merged.append((f2, keys + keys2, f))
            i += 2
            continue
        merged.append((f, keys, None))
        i += 1
    if whisper:
        tr = {"segments": out_segs}
        if rng.random() < 0.5:
            tr = {"text": " ".join(s["text"] for s in out_segs), "segments": out_segs}
        if rng.random() < 0.4:
            tr["language"] = {"zh": "zh", "en": "en", "mixed": "zh"}[c.lang]
    else:
        tr = {"words": flat}
        if rng.random() < 0.3:
            tr = {"language": {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[c.lang], "duration": round(t + 0.5, 2), "words": flat}
    desc = (f"asr:{'whisper' if whisper else 'flat'}|{'spk' if with_spk else 'nospk'}|{'conf' if with_conf else 'noconf'}|"
            f"{'ms' if ms_keys else 's'}|{'nopunct' if nopunct else 'punct'}")
    return tr, merged, desc


# ============================================================================================
# Checks, cases, the set
# ============================================================================================

def lookalike_check(c):
    """On what the redactor reads (the turns' words, speaker after speaker as one stream): no unlabelled run
    could be taken for a personal number, none holds six digits of a labelled one, none runs into a fragment."""
    parts, spans, ccs, pos = [], [], [], 0
    for turn in c.turns:
        for items in turn.lines:
            text, fr, cc = line_content(items)
            spans += [(pos + s, pos + e) for _, s, e in fr]
            ccs += [(pos + s, pos + e) for s, e in cc]
            parts.append(text)
            pos += len(text) + 1
    stream = "\n".join(parts)
    grams = set()
    for n in c.nums:
        for v in n.versions():
            d = v.replace("X", "")
            grams |= {d[i:i + 6] for i in range(len(d) - 5)}

    def where(p):
        if any(s <= p < e for s, e in spans):
            return "L"
        if any(s <= p < e for s, e in ccs):
            return "C"
        return "U"

    near = False
    for run in digit_runs(stream):
        cls = {where(p) for p, typ, _ in run if typ == "d"}
        if "L" in cls and "U" in cls:
            raise Redraw("runs into a fragment: " + stream[run[0][0]:run[-1][0] + 8])
        if "C" in cls and "L" not in cls:
            raise Redraw("country code alone")
        if cls == {"U"}:
            for expand in (False, True):
                dg = run_digits(run, expand)
                if not lookalike_ok(dg):
                    raise Redraw(f"look-alike {dg}")
                if any(dg[i:i + 6] in grams for i in range(len(dg) - 5)):
                    raise Redraw("six digits of a labelled number")
    for turn in c.turns:
        for items in turn.lines:
            text, fr, cc = line_content(items)
            if fr:
                masked = list(text)
                for _, s, e in fr:
                    for i in range(s, e):
                        masked[i] = " "
                for s, e in cc:
                    for i in range(s, e):
                        masked[i] = " "
                if ev.readable_count("".join(masked)) > 0:
                    near = True
    return near


def check_label_text(t, f, where):
    got = reader_digits(t)
    if got != f.read:
        raise Bug(f"{where}: label {t!r} reads {got}, built {f.read}")
    said = said_digits(t)
    if said != f.said:
        raise Bug(f"{where}: label {t!r} says {said}, built {f.said}")


def check_spans(text, spans):
    for f, s, e in spans:
        check_label_text(text[s:e], f, "span")
        if (s > 0 and bears_digit(text[s - 1])) or (e < len(text) and bears_digit(text[e])):
            raise Redraw(f"digit-bearing character beside {text[max(0, s - 3):e + 3]!r}")
        if "\n" in text[s:e] or text[s:e] != text[s:e].strip():
            raise Bug("span shape")


def asr_word_list(tr):
    if "words" in tr:
        return {i: w["word"] for i, w in enumerate(tr["words"])}
    return {(si, wi): w["word"] for si, seg in enumerate(tr["segments"]) for wi, w in enumerate(seg["words"])}


PH_PLAN = [("plain", 30), ("interruption", 40), ("continuation", 32), ("correction", 44), ("filler", 32),
           ("asr-chunks", 36), ("readback", 44), ("check-char-apart", 26), ("glued-words", 26), ("multi-number", 32),
           ("negative", 58)]
SECOND_RATE = 0.12
OUTBOUND_RATE = 0.27


def make_plan(seed):
    rng = random.Random(f"{SET}-plan-{seed}")
    entries = []
    for ph, n in PH_PLAN:
        if ph == "glued-words":
            langs = ["en"] * (n // 2) + ["mixed"] * (n - n // 2)
        else:
            nz, ne = round(n * 0.36), round(n * 0.32)
            langs = ["zh"] * nz + ["en"] * ne + ["mixed"] * (n - nz - ne)
        if ph == "asr-chunks":
            nv, na = 5, 22
        else:
            nv, na = round(n * 0.151), round(n * 0.269)
        fmts = ["vtt"] * nv + ["asr-json"] * na + ["text"] * (n - nv - na)
        if ph == "check-char-apart":
            kinds = ["id_number"] * n
        elif ph == "negative":
            kinds = [None] * n
        else:
            npn, ni = round(n * 0.37), round(n * 0.35)
            kinds = ["phone"] * npn + ["id_number"] * ni + ["bank_card"] * (n - npn - ni)
        k2 = 0 if ph in ("multi-number", "negative") else round(n * SECOND_RATE)
        seconds = [True] * k2 + [False] * (n - k2)
        ko = round(n * OUTBOUND_RATE)
        outs = [True] * ko + [False] * (n - ko)
        for lst in (langs, fmts, kinds, seconds, outs):
            rng.shuffle(lst)
        for j in range(n):
            entries.append({"ph": ph, "lang": langs[j], "fmt": fmts[j], "kind": kinds[j], "second": seconds[j],
                            "outbound": outs[j]})
    rng.shuffle(entries)
    doms = (DOMAIN_KEYS * (N_CASES // len(DOMAIN_KEYS) + 1))[:N_CASES]
    rng.shuffle(doms)
    for e, d in zip(entries, doms):
        e["domain"] = d
    return entries


def build_case(i, p, seed, redraw):
    rng = random.Random(f"{SET}|{seed}|{i}|{redraw}")
    c = Call(rng, p["lang"], p["fmt"], p["domain"])
    build_call(c, p["ph"], p["kind"], p["second"], p["outbound"])
    for n in c.nums:
        number_ok(n)
    if p["ph"] == "negative" and c.nums:
        raise Bug("negative with a number")
    near = lookalike_check(c)
    cid = f"{SET}-{i + 1:04d}"
    case = {"id": cid, "set": SET, "phenomenon": p["ph"], "lang": p["lang"], "format": p["fmt"], "domain": p["domain"]}
    lay_rng = random.Random(f"{SET}|layout|{seed}|{i}|{redraw}")
    if p["fmt"] == "text":
        text, spans, desc = layout_text(c, lay_rng)
        check_spans(text, spans)
        case["text"] = text
        case["spans"] = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4, "role": f.role} for f, s, e in spans]
    elif p["fmt"] == "vtt":
        text, spans, desc = layout_vtt(c, lay_rng)
        check_spans(text, spans)
        case["transcript_text"] = text
        case["spans"] = [{"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4, "role": f.role} for f, s, e in spans]
    else:
        tr, ents, desc = layout_asr(c, lay_rng)
        words = asr_word_list(tr)
        labels = []
        for f, keys, first in ents:
            t = " ".join(words[tuple(k) if isinstance(k, list) else k] for k in keys)
            if first is not None:
                said = first.said + f.said
                if said_digits(t) != said or reader_digits(t) != first.read + f.read:
                    raise Bug(f"merged entity {t!r}")
                role = "said"
            else:
                check_label_text(t, f, "entity")
                role = f.role
            labels.append({"kind": f.kind, "last4_ok": f.last4, "role": role, "words": keys})
        case["transcript"] = tr
        case["entities"] = labels
    tags = c.tags[:]
    case["variant"] = ";".join([tags[0] if tags else "call"] + tags[1:] + [desc])
    prob = ev.builtin_case_problem(case, SET)
    if prob:
        raise Redraw("scorer: " + prob[:200])
    meta = {"nums": [(n.kind, n.sub) for n in c.nums], "near": near, "second": p["second"], "tags": tags}
    return case, meta


def generate(seed=MASTER_SEED):
    plan = make_plan(seed)
    cases, metas, redraws = [], [], Counter()
    for i, p in enumerate(plan):
        for r in range(MAX_REDRAWS):
            try:
                case, meta = build_case(i, p, seed, r)
                break
            except Redraw as e:
                redraws[re.sub(r"[0-9].*", "", str(e).split(":")[0])[:40].strip()] += 1
        else:
            raise Bug(f"case {i + 1}: no valid draw in {MAX_REDRAWS} ({p})")
        cases.append(case)
        metas.append(meta)
    report = ev.require_set_checks(cases, SET)
    return cases, report, summary_stats(cases, metas), redraws


def summary_stats(cases, metas):
    st = {}
    st["phenomenon"] = Counter(c["phenomenon"] for c in cases)
    st["lang"] = Counter(c["lang"] for c in cases)
    st["format"] = Counter(c["format"] for c in cases)
    st["shape"] = Counter(("whisper" if "segments" in c["transcript"] else "flat") for c in cases if c["format"] == "asr-json")
    st["nopunct"] = sum(1 for c in cases if "nopunct" in c["variant"])
    st["domain"] = Counter(c["domain"] for c in cases)
    labs = [l for c in cases for l in ev.labels_of(c)]
    st["frags"] = len(labs)
    st["kind"] = Counter(l["kind"] for l in labs)
    st["role"] = Counter(l["role"] for l in labs)
    st["last4"] = sum(l["last4_ok"] for l in labs)
    st["cases_with"] = Counter(k for c in cases for k in {l["kind"] for l in ev.labels_of(c)})
    st["multi_kind"] = sum(1 for c in cases if len({l["kind"] for l in ev.labels_of(c)}) >= 2)
    st["multi_num"] = sum(1 for m in metas if len(m["nums"]) >= 2)
    st["sub"] = Counter(sub for m in metas for _, sub in m["nums"])
    st["near"] = sum(1 for m in metas if m["near"])
    st["second"] = sum(1 for m in metas if m["second"])
    st["outbound"] = sum(1 for m in metas if "outbound" in m["tags"])
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pkf"] = Counter((c["phenomenon"], l["kind"]) for c in cases for l in ev.labels_of(c))
    st["variants"] = Counter(f"{c['phenomenon']}/{c['variant'].split(';')[0]}" for c in cases)
    st["layouts"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases)
    st["neg"] = Counter(v for c in cases if c["phenomenon"] == "negative" for v in c["variant"].split(";")[0].split("+"))
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
                 f"; two or more kinds {st['multi_kind']}; two or more numbers {st['multi_num']}; second number {st['second']}; "
                 f"look-alike in a number's line {st['near']}; outbound {st['outbound']}")
    lines.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["sub"].items())))
    lines.append("negatives: " + ", ".join(f"{k} {v}" for k, v in sorted(st["neg"].items())))
    lines.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    lines.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(st["layouts"].items())))
    return lines


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
