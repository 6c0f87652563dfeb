#!/usr/bin/env python3
"""Bayou: 400 whole call-centre conversations for `callvault redact`, written by an independent author.

    Tools/gen_redact_bayou.py            # writes Tests/VaultRedactTests/Fixtures/conversations-bayou.jsonl
    Tools/gen_redact_bayou.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_bayou.py --out PATH

Provenance. The set ("set": "bayou", ids bayou-0001 ... bayou-0400) was written from the task statement given to this
author (PRC resident IDs, payment cards and Chinese / foreign phone numbers said across interruptions, corrections,
restarts, fillers, ASR chunking, read-backs including misheard ones, continuations, a check character said apart and
glued English number words, beside hard negatives; the recall / precision / negative targets; for this set an emphasis
on corrections of every form, on WebVTT, on phones said the hard ways, on ASR messiness and on look-alike negatives)
and the scorer Tools/eval_redact_conversations.py, read in full (case schema, labelling conventions, digit reader,
structure checks, built-in redactors, builtin_case_problem, require_set_checks, generator_main; imported here). What
else was read or seen, exactly:
  - of the other generators (Tools/gen_redact_*.py), their module docstrings only, printed by a small ast script that
    printed nothing else (for the shared conventions, what they leave out and which domains are taken);
  - of Tools/gen_redact_cove.py, lines 165-167 (`ROOT = ...`, `sys.path.insert(...)`, `import
    eval_redact_conversations as ev`), found by a grep for those patterns that printed exactly those three lines;
  - of the fixtures, the first 300 characters of the first line of each format (text, flat asr-json, Whisper-style
    asr-json, WebVTT) of conversations-strait.jsonl, printed by a script that parsed the file and printed nothing else;
    the file names in Tools/ and Tests/VaultRedactTests/Fixtures/ (ls) and the line count of the scorer (wc);
  - the scorer's own `_decompose`, called from a one-line script on a list of ordinary English words, to see which of
    them the digit reader takes for number words.
Not read: the redactor's sources (Sources/), its tests, any *.swift file, the bodies of the other generators, any other
fixture content, git history (no git log / diff / show / status). Nothing was built; neither swift, nor the redactor
(callvault), nor Tools/test was run. The dialogue, phrase banks, domains, speaker labels, layouts, number renderings
and look-alikes are this author's own; apart from generic correction words (不对, sorry, no wait ...) the example
phrasings quoted in the other docstrings are not used. The scorer's --self-check lists its splits by name and does not
list this one; this generator runs the same checks itself: ev.builtin_case_problem on every case as it is drawn (a case
with any problem is drawn again) and ev.require_set_checks on the whole set before anything is written.

Left out, where the sets' conventions disagree or the scorer could not label a construction unambiguously:
  - no complete WRONG or misheard version of a phone number: a phone correction abandons a prefix (wrong, right and
    restarted, or with two digits swapped) or fixes a middle group, a misheard phone read-back covers only groups before
    the last, a "no sorry, the last bit is ..." correction follows a phone broken off before its end; so no last4_ok
    depends on whether a wrong phone's tail may stay visible (complete wrong IDs / cards, which fail their check, are in:
    role "wrong"). A caller who first gives an OLD number in full and a turn later the current one gives two real
    phones, both labelled whole with last4_ok (role "old", then "corrected");
  - no single-digit spoken correction ("the four should be a nine"), no "ninety-nine" pair readings (the reader has no
    word for them), no identity numbers other than the 18-character PRC resident ID;
  - no organisation landline with an area code: organisations appear only with 400 / 800 / 4008 / 95xxx hotlines (a
    hotline extension said after 分机 / extension is not labelled); a caller's landline carries its area code inside
    the fragment, with the trunk 0 when said nationally and without it after +86 / 0086 / 加八六;
  - a country code (+44, 0086, 加八六, plus four four, country code 44, (+852) ...) is never part of a fragment;
  - no "double" / "triple" at the start of a group, a fragment or a piece a cut makes, none in a phone's last five
    digits; no stutter (a digit word said twice) in a phone's last five digits;
  - no digit in a speaker label; line numbers (`#05`) and stamps stand before a label, never directly before a number;
    no lone X / x / o / oh / one / 叉 / Ｘ outside a labelled number; no English number word at all in the shared phrase
    banks (checked at start-up), a few in the domains' prose ("three to five working days") far from any number;
  - no check character X inside glued words (a glued "...nineX" reads as nothing): glued IDs say X as its own word;
  - a stutter or ASR repetition inside a number ("one three three eight ...") stays inside ONE fragment, which then
    reads one or two digits more than the number; no card's last four said alone as a look-alike, no birth date said
    apart from its ID.

Domains (twelve, none named in another set's docstring; 33 or 34 calls each): roadside assistance & towing (roadside),
a go-kart track (karting), a taekwondo / martial-arts school (dojo), a cookery school (cookery), a coffee-bean
subscription roastery (coffee), fire-extinguisher servicing & inspection (firesafe), wheelchair / mobility-aid hire
(mobility), dog & cat boarding kennels (kennel), a surf school (surf), doorstep fresh-milk delivery (dairy), garden &
lawn care (garden) and magazine / periodical subscriptions (periodicals). Each has two company names in Chinese and
two in English, its own speaker labels (救援调度/车主, Dispatch/Motorist, 赛道前台/车手, Track desk/Racer, 教务/家长,
Front desk/Parent, 课程顾问/学员, Course desk/Student, 订阅客服/会员, Roastery/Subscriber, 检测预约/业主, Service
desk/Site manager, 租赁顾问/家属, Hire desk/Customer, 寄养前台/主人, Kennel desk/Owner, 冲浪前台/学员, Surf desk/Guest,
配送客服/订户, Dairy desk/Subscriber, 养护顾问/业主, Garden desk/Homeowner, 订阅专员/读者, Subscriptions/Reader),
reasons for calling with the agent's answer (Chinese, English and code-switched), chatter for the negatives and
look-alikes of its own (job / booking / voucher / course / subscription / work-order / hire / survey codes, mileage
and per-mile rates, lap times and session numbers, grading candidate numbers, oven temperatures and grams, waybills and
pickup codes, extinguisher pressures and extensions, seat widths and kilos, 15-digit pet microchips, room numbers,
swell heights and knots, pints and bills, square metres and hedge heights, ISSNs and postal distribution codes).
78 calls are outbound (the agent rings about a booking); some open with an IVR / 系统 recording line; in 10 text /
WebVTT calls the diariser swapped the agent's and the caller's labels.

Languages: Chinese 160, English 140, mixed code-switching 100 (every mixed call has a line mixing Chinese and Latin
words; also inside numbers: Chinese numerals, English words and Arabic groups in one number).
Formats: plain text 178, WebVTT 122 (30.5 %), ASR JSON 100.
  Text: 20 inline layouts of this author's (`lab：`, `lab: `, `[ts] lab: `, `ts lab｜`, `lab (ts) — `, `<lab> `,
  `lab ▹ `, `ts · lab: `, `「lab」`, `lab＞ `, `(lab) `, `lab 说：` / `lab said: `, `ts<TAB>lab<TAB>`, `《lab》`,
  `lab —— `, `#NN lab: `, `lab/ts/ `, `▍lab｜ts｜`, `lab ❭ `, `lab ∷ `; 117 calls), 4 header layouts (`lab  ts` above
  indented text, `=== lab ===`, `ts — lab`, `▼ lab`; blank lines between turns in most; 39 calls) and 3 without labels
  (bare, `> `-led, `· `-led; 22 calls). Stamps hh:mm:ss, mm:ss, m:ss, 62.4s, hh:mm:ss.mmm, 1分02秒 and wall clock. A
  turn that goes on is labelled again, bare, indented, `↳ `- or `… `-led. Labels: the domain pair in about a third of
  the calls, otherwise 客服/客户, 坐席/来电人, 接线员/顾客, 服务台/用户, 甲/乙, 客服/来电者, Agent/Customer, Rep/Caller,
  Advisor/Client, Staff/Member, AGT/CLR, Operator/Caller, and mixed pairs (Agent/客户, 客服/Customer, CS/来电人 ...),
  sometimes with the agent's name (客服-小谭, Agent (Nadia), 甲·阿澜); a third voice (家属 / Partner ...) and an IVR voice.
  92 files end in a line break.
  WebVTT: payloads `<v lab>` 27, `<v lab>…</v>` 12, `<v.class lab>…</v>` 9, `lab: ` 15, `[lab] ` 10, `>> lab: ` 20,
  `- ` 17, bare 12; cue ids numeric 28, `cN` 40, `a-N` / `b-N` 31, none 23; long and short timings; cue settings
  (align / line / position / size) in 53 files; overlapping cue timings at speaker changes in most; a title in 46,
  Kind / Language lines, STYLE blocks (27) and NOTE blocks (56, at the top or between cues); a turn that goes on is a
  new cue with its voice (40 files), a new cue without it (48) or a second payload line of the same cue (34). In about
  a third of the numbers said in WebVTT a cue boundary falls anywhere inside the number (51 files hold such a split).
  ASR JSON: 41 flat `words` (27 with per-word speakers, 19 with confidences, 12 with start_ms / end_ms, 11 with
  language / duration, 15 Chinese, one CJK character a word) and 59 Whisper-style `segments` with `words` (leading-
  space Latin / Arabic words, Chinese one character a word, 36 with segment speakers, 26 with word probabilities, 30
  with a top-level text, 25 Chinese; 10 entities run over two segments); 24 of the 100 without punctuation.

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 26 (8/11/7, 10/6/10): answered 9; volunteered with the reason for the call 5; read off the system by the
    agent and confirmed 4; mid-sentence ("让师傅到小区门口打 ... 就行") 4; after the caller searches a bag / drawer 4;
  interruption 34 (16/8/10, 14/10/10): one back-channel between two pieces 9; two back-channels, three pieces 5; a
    question in the middle (mobile or landline? / 是借记卡吧？) answered before the rest 5; the agent echoing the first
    piece 5; the agent's read-back cut by the caller's 对 / yes 5; a cut inside a group, the agent echoing the half
    group ("Sorry, 0 0 and then what?") and the caller saying the group again 5;
  continuation 30 (9/13/8, 15/10/5): two lines / cues / segments at a group edge 10, three 5, "我念给您啊：" then the
    number alone 5, the agent reading it off the screen over two lines 5, a cut inside a group 5;
  correction 64 (29/24/11, 31/22/11): a wrong prefix abandoned then the whole number 11 (…不对，/ — no sorry, /
    ……sorry 不对，); a wrong group fixed mid-number, the caller going on from that group 4 (plus the wrong-prefix
    fallback for numbers said in fewer than three groups); a right prefix restarted 6; two abandoned attempts 6; a digit
    pair swap noticed by the caller 10 (a phone: the swapped group abandoned and said again; an ID / card: said whole
    and wrong, then "我有俩数念反了，应该是…，不是…" / "I swapped a pair of digits — it's …, not …" and the agent's read-back);
    the agent's read-back corrected by the caller group by group 7 (agent "138?" - 对 - "5529?" - "不是，5525" -
    "5525, then 3710?"); "no sorry, the last bit is …" after a whole wrong ID / card or a phone broken off before its
    end 6; a correction a turn or two later, after the agent's unrelated question 9 (a group of an ID / card fixed,
    then read back whole; a phone first given as an OLD number, then the current one; the agent's misheard read-back of
    a phone's early groups corrected after the other talk); "that number won't validate" then the whole again 5;
  filler 30 (13/11/6, 18/7/5): one to three fillers between groups 10, inside a group 5, a hesitant lead-in 5, in the
    agent's read-back 5, a long hesitation ("... let me see... um...", "……我看看啊……") inside 5 (呃 / 嗯 / 那个 / 额 / 就是 /
    我看看啊 / um / uh / er / erm / hmm / let me see);
  asr-chunks 32 (14/15/3, 3/13/16): irregular ITN chunks over tokens 9, a digit a token 4, Chinese numerals or English
    words alternating with Arabic chunks 3, a number cut inside a group over two lines / cues / segments 12 (one entity
    in asr-json, two spans in text and WebVTT), a repeated digit word ("one three three eight", "138 8 0013") 4;
  readback 46 (21/12/13, 20/17/9): the whole number 12, its last four (尾号… / Ending …?) 6, its first group 6, all
    but the last four finished by the caller 6, a disfluent agent who starts the read-back, stops and reads it again 6,
    a misheard ID / card (failing its check) answered "不对，是…，不是…" and read back right 2, a misheard ID / card last
    four corrected 5, a phone's early groups misheard, corrected, then read back whole 3;
  check-char-apart 24 (5/10/9, 11/6/7): seventeen characters, then the check character on the same line (，最后一位是X
    / "... plus an X") 10, on the next line 5, or when the agent asks for the last character 9 (X, x, Ｘ, 叉; a digit
    check character in 5);
  glued-words 24 (0/10/14, 12/8/4): English number words glued by the recogniser group by group (onethreeeight,
    fivedoubletwo) in a whole number 9, glued and spaced groups alternating 5, in the agent's read-back 5, in two
    pieces around a back-channel 5;
  multi-number 34 (16/10/8, 14/11/9): two or three kinds asked turn by turn 13, two or three kinds in one line 7, a
    mobile plus a backup (second mobile, landline, landline after +86 or a foreign number) 7, the caller handing the
    phone to a family member who gives the numbers 7;
  negative 56 (29/16/11, 30/12/14): look-alikes only, two or three parts a call (counts are calls): a 15-19 digit
    reference (waybill, tracking, order, policy, invoice, serial, transaction, batch, contract number) in English words,
    Chinese numerals or Arabic groups 22 and said then read back by the agent 16 (all failing Luhn and MOD 11-2, none
    led by a province code or a card prefix where the length would fit, none after an ID / card / phone word); an
    11-digit membership number not shaped like a mobile 23; a 400 / 800 / 4008 / 95xxx hotline with times 23; a
    six-digit verification code read out 18; domain chatter with amounts, dates, times, codes, microchips, lap times,
    temperatures, ISSNs 31. Nothing in them asks for an ID, a card or a phone number.
37 calls of the other phenomena carry a second number of another kind asked after the first (64 cases hold two or
more kinds); some say an order / booking code in the same line as the number; reasons, answers and wrap-ups of every
call carry look-alikes too.

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, a real-looking county code, a valid
birth date, the MOD 11-2 check character), a bank card (UnionPay 16 / 19, Visa, Mastercard incl. 2-series, Amex 15;
Luhn-valid) or a phone number (PRC mobiles 1[3-9]x grouped 3-4-4, 4-4-3, 3-8, 3-3-5, in pairs or ungrouped; mobiles
after +86 / 0086 / 加八六; landlines with their area code, with the trunk 0 or after +86; UK, US, Canada, Hong Kong,
Singapore, Australia, Japan, Germany, France, Korea, Malaysia, Taiwan and India numbers in national form or after a
country code; the generator can also say a US / Canada number as "(212) 555-0147", which this seed does not draw)
said by anybody is one fragment of its kind, with a "role": said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char, old. Counts (spans in text / WebVTT, entities
in asr-json): 811 labels, phone 352, id_number 265, bank_card 194; 219 with last4_ok; roles said 326, piece 167,
readback 106, corrected 77, abandoned 44, wrong 31, check-char 24, misheard 23, echo 10, old 3; per phenomenon
phone/id/card: plain 12/10/11, interruption 42/34/27, continuation 27/18/21, correction 102/60/45, filler 22/12/8,
asr-chunks 18/10/15, readback 56/41/41, check-char-apart 0/48/0, glued-words 28/8/4, multi-number 45/24/22. Numbers:
138 IDs, 106 cards (UnionPay 63, Visa 23, Mastercard 10, Amex 10), phones: mobiles 97, mobiles after +86 12,
landlines 21, landlines after +86 9, foreign 41. 30 fragments hold a double / triple, 83 fragments are split over two
or three lines / cues / segments, 两 and 幺 are said inside Chinese phone numbers. A fragment runs from its first
digit-bearing word to its last and holds the separators and fillers inside it; in text and WebVTT it is a code-point
span within one line (a number cut over lines or cues is one span per piece), in asr-json the list of its words (one
entity over two Whisper segments when a segment ends mid-number). `last4_ok` is set exactly on phone fragments that end
at the number's final digit with its real digits (the whole number, its last piece, a full, last-four or caller-
finished read-back, a corrected tail, an old number said whole); never on IDs, cards, abandoned prefixes, middle
pieces, echoes, wrong or misheard digits. Every number is used by one case only.

Checks at generation (a contradiction of the generator aborts and nothing is written; a failed draw is drawn again):
every number valid, every wrong / misheard ID or card version fails its check; every fragment piece reads, with the
scorer's reader, exactly the digits it was built from (double / triple collapsed, a stutter counted twice); it starts
and ends on a digit-bearing word, has no white space at its edges and no digit-bearing character (digit, numeral,
X / 叉 / Ｘ, Latin letter) beside it; in asr-json no word next to an entity carries digits of its own (country codes
aside). Look-alike safety on what the redactor reads (each line's content, outside labels, stamps, cue timings and
headers; a visible speaker change is a hard break, everything else — spaces, punctuation, line breaks, cue breaks,
fillers, and / then / dash / plus / double / triple / 那个 / 就是 / 然后 / 和 / 加 / 杠 — joins): runs of unlabelled digits,
read with and without double / triple expanded, have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn,
no 18-character window passing MOD 11-2, are no 10-12 digit run led by 0, no NANP-shaped 10-digit run (400 / 800
aside), no 8-digit run led by 5 / 6 / 8 / 9, no 15 / 18-digit run led by a province code, no 16 / 19-digit run with a
card prefix, hold no lone X, no 6-digit piece of any version of a labelled number, and never join a fragment (a country
code before its phone aside). Then ev.builtin_case_problem per case and ev.require_set_checks on the set: the oracle
and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky ones recall at most
the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape, domain, kinds and a
slot that walks each phenomenon through its variants); each case draws its dialogue and, separately, its layout from
random.Random instances seeded with strings built from the seed, its index and a redraw counter, so PYTHONHASHSEED does
not matter; two runs write identical bytes. --seed N gives another valid set.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
import eval_redact_conversations as ev  # noqa: E402

SET = "bayou"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-bayou.jsonl")
MASTER_SEED = 7319
N_CASES = 400
MAX_REDRAWS = 400


class Bug(Exception):
    """A contradiction inside the generator itself: abort, write nothing."""


class Redraw(Exception):
    """This draw of a case fails a check: draw it again."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why


# ============================================================================================
# Numbers
# ============================================================================================

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}


def id_check(d17):
    return ID_C[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and s[:2] in PROVINCES and id_check(s[:17]) == s[17].upper()


def luhn_ok(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
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


MOBILE_PREFIX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
                 "152", "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176", "177", "178",
                 "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "197",
                 "198", "199"]
AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0571", "0755", "0532", "0512", "0731", "0871", "0591", "0898", "0411", "0351", "0769", "0574", "0551",
         "0931", "0371", "0451"]
REGIONS = ["110101", "110105", "110108", "120104", "130102", "130604", "140105", "150102", "210102", "210203",
           "220102", "230103", "310104", "310110", "310115", "320102", "320583", "330106", "330203", "340104",
           "350203", "360102", "370102", "370203", "410105", "420106", "430104", "440106", "440305", "450103",
           "460106", "500103", "510104", "510107", "520102", "530102", "610113", "620102", "630102", "640104",
           "650102", "441302", "321102", "371302", "411302"]
UNIONPAY = ["621700", "622202", "622848", "621661", "622588", "622262", "621483", "623058", "621226", "622908",
            "625965", "621799", "622609", "628288"]


class Num:
    """A number as it is said in one conversation: `d` its digits (an ID's last may be X), `groups` how the
    speaker groups it, `cc` the country code said before it (not part of the fragment)."""

    def __init__(self, kind, d, sub, groups, cc=None):
        assert sum(groups) == len(d), (d, groups)
        self.kind, self.d, self.sub, self.groups, self.cc = kind, d, sub, list(groups), cc

    def bounds(self):
        out, acc = [], 0
        for g in self.groups[:-1]:
            acc += g
            out.append(acc)
        return out

    def group_of(self, pos):
        acc = 0
        for g in self.groups:
            if acc <= pos < acc + g:
                return acc, acc + g
            acc += g
        raise Bug("pos")


def rdig(r, n, first="0123456789"):
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def wpick(r, pairs):
    tot = sum(w for _, w in pairs)
    x = r.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def new_mobile(r, cc=False):
    d = r.choice(MOBILE_PREFIX) + rdig(r, 8)
    g = wpick(r, [([3, 4, 4], 52), ([4, 4, 3], 16), ([3, 2, 2, 2, 2], 10), ([3, 8], 5), ([11], 9), ([3, 3, 5], 4),
                  ([2, 3, 2, 2, 2], 4)])
    return Num("phone", d, "mobile+86" if cc else "mobile", g, "86" if cc else None)


def new_landline(r, intl=False):
    if r.random() < 0.5:
        area = r.choice(AREA3)
        local = rdig(r, 8, "2345678")
        g = [3, 4, 4] if r.random() < 0.7 else [3, 8]
    else:
        area = r.choice(AREA4)
        if r.random() < 0.5:
            local = rdig(r, 7, "2345678")
            g = [4, 3, 4] if r.random() < 0.7 else [4, 7]
        else:
            local = rdig(r, 8, "2345678")
            g = [4, 4, 4] if r.random() < 0.7 else [4, 8]
    if intl:
        d = area[1:] + local
        g = [g[0] - 1] + g[1:]
        return Num("phone", d, "landline+86", g, "86")
    return Num("phone", area + local, "landline", g, None)


FOREIGN = ["uk", "ukland", "us", "ca", "hk", "sg", "au", "jp", "de", "fr", "kr", "my", "tw", "in"]


def new_foreign(r, which=None):
    w = which or r.choice(FOREIGN)
    intl = r.random() < 0.7
    if w == "uk":
        core = "7" + r.choice("1234578") + rdig(r, 8)
        return Num("phone", core, "uk", r.choice([[4, 6], [4, 3, 3]]), "44") if intl else \
            Num("phone", "0" + core, "uk", r.choice([[5, 6], [5, 3, 3]]))
    if w == "ukland":
        core = "20" + r.choice("378") + rdig(r, 7)
        return Num("phone", core, "ukland", [2, 4, 4], "44") if intl else Num("phone", "0" + core, "ukland", [3, 4, 4])
    if w in ("us", "ca"):
        area = r.choice(["212", "415", "646", "312", "617", "206", "503", "718"] if w == "us" else ["416", "604", "514", "647", "778"])
        core = area + rdig(r, 3, "23456789") + rdig(r, 4)
        return Num("phone", core, w, [3, 3, 4], "1")
    if w == "hk":
        return Num("phone", rdig(r, 8, "569"), "hk", [4, 4], "852")
    if w == "sg":
        return Num("phone", rdig(r, 8, "89"), "sg", [4, 4], "65")
    if w == "au":
        core = "4" + rdig(r, 8)
        return Num("phone", core, "au", [3, 3, 3], "61") if intl else Num("phone", "0" + core, "au", [4, 3, 3])
    if w == "jp":
        core = r.choice(["90", "80", "70"]) + rdig(r, 8)
        return Num("phone", core, "jp", [2, 4, 4], "81") if intl else Num("phone", "0" + core, "jp", [3, 4, 4])
    if w == "de":
        core = r.choice(["151", "152", "160", "170", "176"]) + rdig(r, 8)
        return Num("phone", core, "de", [3, 4, 4], "49") if intl else Num("phone", "0" + core, "de", [4, 4, 4])
    if w == "fr":
        core = r.choice("67") + rdig(r, 8)
        return Num("phone", core, "fr", [1, 2, 2, 2, 2], "33") if intl else Num("phone", "0" + core, "fr", [2, 2, 2, 2, 2])
    if w == "kr":
        core = "10" + rdig(r, 8)
        return Num("phone", core, "kr", [2, 4, 4], "82") if intl else Num("phone", "0" + core, "kr", [3, 4, 4])
    if w == "my":
        core = "1" + r.choice("2679") + rdig(r, 7)
        return Num("phone", core, "my", [2, 3, 4], "60")
    if w == "tw":
        core = "9" + rdig(r, 8)
        return Num("phone", core, "tw", [3, 3, 3], "886") if intl else Num("phone", "0" + core, "tw", [4, 3, 3])
    if w == "in":
        return Num("phone", rdig(r, 10, "6789"), "in", [5, 5], "91")
    raise Bug(w)


def new_id(r, want_x=None):
    while True:
        y = r.randint(1952, 2006)
        m = r.randint(1, 12)
        dd = r.randint(1, [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1])
        d17 = r.choice(REGIONS) + f"{y:04d}{m:02d}{dd:02d}" + rdig(r, 3)
        c = id_check(d17)
        if want_x is True and c != "X":
            continue
        if want_x is False and c == "X":
            continue
        g = wpick(r, [([6, 8, 4], 46), ([6, 4, 4, 4], 14), ([3, 3, 4, 4, 4], 10), ([18], 14), ([6, 6, 6], 8),
                      ([4, 4, 4, 4, 2], 8)])
        return Num("id_number", d17 + c, "id", g)


def new_card(r, which=None):
    w = which or wpick(r, [("up16", 34), ("up19", 22), ("visa", 20), ("mc", 16), ("amex", 8)])
    if w == "up16":
        d = luhn_complete(r.choice(UNIONPAY) + rdig(r, 9))
        g = wpick(r, [([4, 4, 4, 4], 70), ([16], 15), ([6, 10], 8), ([4, 4, 8], 7)])
    elif w == "up19":
        d = luhn_complete(r.choice(UNIONPAY) + rdig(r, 12))
        g = wpick(r, [([4, 4, 4, 4, 3], 55), ([19], 15), ([6, 13], 15), ([6, 6, 7], 15)])
    elif w == "visa":
        d = luhn_complete("4" + rdig(r, 14))
        g = wpick(r, [([4, 4, 4, 4], 80), ([16], 20)])
    elif w == "mc":
        pre = r.choice(["51", "52", "53", "54", "55"]) if r.random() < 0.7 else str(r.randint(2221, 2720))
        d = luhn_complete(pre + rdig(r, 15 - len(pre)))
        g = wpick(r, [([4, 4, 4, 4], 85), ([16], 15)])
    else:
        d = luhn_complete(r.choice(["34", "37"]) + rdig(r, 12))
        g = [4, 6, 5]
    return Num("bank_card", d, w, g)


def number_ok(num):
    if num.kind == "id_number":
        return id_valid(num.d)
    if num.kind == "bank_card":
        return luhn_ok(num.d) and 15 <= len(num.d) <= 19
    if num.sub == "mobile" or num.sub == "mobile+86":
        return re.fullmatch(r"1[3-9]\d{9}", num.d) is not None
    return num.d.isdigit() and 8 <= len(num.d) <= 12


def version_valid(num, dig):
    if num.kind == "id_number":
        return id_valid(dig)
    if num.kind == "bank_card":
        return luhn_ok(dig)
    return True


def swapped(r, num, lo=0, hi=None):
    """Two neighbouring digits of one group swapped (an ID / card version then fails its check)."""
    d = num.d
    hi = len(d) - (1 if num.kind == "id_number" else 0) if hi is None else hi
    cands = []
    for i in range(lo, hi - 1):
        if d[i] != d[i + 1] and num.group_of(i) == num.group_of(i + 1) and d[i + 1] != "X":
            cands.append(i)
    r.shuffle(cands)
    for i in cands:
        w = d[:i] + d[i + 1] + d[i] + d[i + 2:]
        if num.kind == "phone" or not version_valid(num, w):
            return w, i
    return None, None


def changed(r, num, lo=0, hi=None):
    """One digit said wrong (an ID / card version then fails its check)."""
    d = num.d
    hi = len(d) - (1 if num.kind == "id_number" else 0) if hi is None else hi
    for _ in range(50):
        i = r.randrange(lo, hi)
        if num.kind == "phone" and i < 3 and num.sub.startswith("mobile"):
            continue
        c = r.choice([x for x in "0123456789" if x != d[i]])
        w = d[:i] + c + d[i + 1:]
        if num.kind == "phone" or not version_valid(num, w):
            return w, i
    return None, None


# ============================================================================================
# Saying digits
# ============================================================================================

EN = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
      "8": "eight", "9": "nine"}
ZH = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
FWD = {str(i): chr(0xFF10 + i) for i in range(10)}


class Sty:
    """How one speaker says one number."""

    def __init__(self, st):
        self.st = st            # ar fw zh en glued mix
        self.mix = None         # group styles for mix
        self.gsep = " "
        self.one = "幺"
        self.zero = "zero"
        self.liang = False
        self.ling = "零"
        self.dbl = 0.0
        self.hyph = False
        self.xar = "X"
        self.xzh = "叉"

    def gstyle(self, gi):
        if self.st == "mix":
            return self.mix[gi % len(self.mix)]
        return self.st


GSEP = {"ar": [" ", " ", " ", "-", "", " - "], "fw": [" ", "　", ""], "zh": ["，", "，", " ", "", "、"],
        "en": [", ", ", ", " ", " ", " - ", "... "], "glued": [" ", " ", ", "], "mix": [" ", "，", " "]}


def make_sty(cx, num, base=None, speaker="C"):
    r, lang = cx.rng, cx.lang
    if base is None:
        if lang == "zh":
            base = wpick(r, [("ar", 50), ("zh", 38), ("mix", 12)])
        elif lang == "en":
            base = wpick(r, [("ar", 42), ("en", 58)])
        else:
            base = wpick(r, [("ar", 26), ("zh", 20), ("en", 22), ("mix", 32)])
        if base == "ar" and cx.fmt != "asr-json" and r.random() < 0.08:
            base = "fw"
    s = Sty(base)
    if base == "mix":
        if lang == "zh":
            pool = ["zh", "ar"]
        elif lang == "en":
            pool = ["en", "ar"]
        else:
            pool = r.choice([["zh", "ar"], ["en", "ar"], ["zh", "en"], ["zh", "en", "ar"], ["ar", "en"]])
        s.mix = pool[:]
        r.shuffle(s.mix)
        if lang == "en":
            s.gsep = r.choice([" ", ", "])
    s.gsep = r.choice(GSEP[base]) if base != "mix" or lang != "en" else s.gsep
    s.one = "幺" if (num.kind == "phone" and r.random() < 0.75) or r.random() < 0.3 else "一"
    s.zero = r.choice(["zero", "oh", "oh", "zero", "mixz"])
    s.liang = num.kind == "phone" and r.random() < 0.5
    s.ling = "〇" if r.random() < 0.07 else "零"
    s.dbl = r.choice([0.0, 0.45, 0.8]) if base in ("en", "glued", "mix") else 0.0
    s.hyph = base == "en" and r.random() < 0.06
    s.xar = "x" if r.random() < 0.25 else "X"
    s.xzh = r.choice(["叉", "叉", "X", "Ｘ"])
    return s


FILL = {
    "zh": ["，呃，", "……呃……", "，嗯，", "，那个，", "……就是……", " 呃 ", "，我看看啊，", "，额，", "……嗯……"],
    "en": [", um, ", "... uh... ", " er ", ", erm, ", "... hmm... ", ", let me see, ", " uh ", ", um... "],
}


def fill_text(cx):
    lang = cx.lang if cx.lang != "mixed" else cx.rng.choice(["zh", "en"])
    return cx.rng.choice(FILL[lang])


class Frag:
    def __init__(self, num, role, last4, parts, reads, dig, a, b, cc_text=None, lead=None):
        self.num, self.kind, self.role, self.last4 = num, num.kind, role, last4
        self.parts, self.reads, self.dig, self.a, self.b = parts, reads, dig, a, b
        self.cc_text, self.lead = cc_text, lead


BAD_ROLES = {"abandoned", "wrong", "misheard"}


def say(cx, num, a=0, b=None, *, dig=None, sty=None, base=None, groups=None, fills=None, cuts=None, role="said",
        stut=None, cc=False, last4=None, vcut=True):
    """Frag for digits [a, b) of num (or of a wrong version `dig`): the text in parts (a cut makes a new line /
    cue / segment), each part's collapsed reading, checked with the scorer's reader."""
    r = cx.rng
    d = dig if dig is not None else num.d
    b = len(d) if b is None else b
    if not (0 <= a < b <= len(d)):
        raise Bug(f"range {a} {b}")
    if sty is None:
        if base is None and id(num) in cx.sty_cache and r.random() < 0.85:
            sty = cx.sty_cache[id(num)]
        else:
            sty = make_sty(cx, num, base)
            if base is None:
                cx.sty_cache.setdefault(id(num), sty)
    if groups is None:
        starts = [a] + [p for p in num.bounds() if a < p < b]
    else:
        starts, acc = [], a
        for g in groups:
            starts.append(acc)
            acc += g
        if acc != b:
            raise Bug("groups")
    fills = dict(fills or {})
    cuts = set(cuts or ())
    stut = set(stut or ())
    if vcut and not cuts and cx.auto_cut and b - a >= 6 and r.random() < cx.auto_cut:
        cuts = {r.randint(a + 2, b - 2)}
        cx.auto_cuts += 1
    for p in list(fills) + list(cuts):
        if not (a < p < b):
            raise Bug(f"fill/cut at {p} outside ({a},{b})")
    n = len(num.d)
    atoms = []   # (type, text, reads)  d digit word, j joiner, c cut
    for gi, g0 in enumerate(starts):
        g1 = starts[gi + 1] if gi + 1 < len(starts) else b
        gs = sty.gstyle(gi)
        i = g0
        while i < g1:
            ch = d[i]
            if i > a:
                if i in cuts:
                    atoms.append(("c", "", ""))
                elif i in fills:
                    atoms.append(("j", fills[i], ""))
                elif i == g0:
                    atoms.append(("j", sty.gsep, ""))
                elif gs == "en":
                    atoms.append(("j", " " if ch == "X" or not sty.hyph else "-", ""))
                elif gs == "glued" and ch == "X":
                    atoms.append(("j", " ", ""))
                else:
                    atoms.append(("j", "", ""))
            run = 1
            if gs in ("en", "glued") and ch != "X" and i > g0 and i > a and sty.dbl > 0:
                k = 1
                while i + k < g1 and d[i + k] == ch and (i + k) not in cuts and (i + k) not in fills \
                        and (i + k) not in stut and k < 3:
                    k += 1
                late = num.kind == "phone" and i + k - 1 >= n - 5
                if k >= 2 and not late and i not in stut and i not in cuts and r.random() < sty.dbl:
                    run = k
            w = digit_word(cx, ch, gs, sty)
            if run == 2:
                w = ("double " if gs == "en" else "double") + w
            elif run == 3:
                w = ("triple " if gs == "en" else "triple") + w
            if i in stut:
                if num.kind == "phone" and i >= n - 5:
                    raise Bug("stutter late in phone")
                jn = " " if gs in ("en", "glued") else ("" if gs == "zh" else " ")
                atoms.append(("d", w + jn + w, ch + ch))
            else:
                atoms.append(("d", w, ch))
            i += run
    parts, reads, cur, curr = [], [], [], []
    for t, txt, rd in atoms:
        if t == "c":
            parts.append("".join(cur))
            reads.append("".join(curr))
            cur, curr = [], []
        else:
            cur.append(txt)
            curr.append(rd)
    parts.append("".join(cur))
    reads.append("".join(curr))
    for p, rd in zip(parts, reads):
        got = "".join(u[3] for u in ev.read_units(p))
        if got != rd or p != p.strip() or not p:
            raise Bug(f"reading {p!r}: {got} != {rd}")
    if dig is not None and dig != num.d:
        cx.versions.add(dig)
    if last4 is None:
        last4 = num.kind == "phone" and b == n and d == num.d and role not in BAD_ROLES \
            and not any(i >= n - 5 for i in stut)
    if last4 and num.kind != "phone":
        raise Bug("last4 on non-phone")
    cc_text = None
    if cc and num.cc:
        cc_text = cc_form(cx, num)
    lead = None
    if num.sub in ("us", "ca") and a == 0 and sty.st == "ar" and not groups and r.random() < 0.5 and not fills and not cuts:
        # (212) 555-0147
        lead = "("
        parts = [parts[0].replace(" ", "").replace("-", "")]
        dd = parts[0]
        parts = [dd[:3] + ") " + dd[3:6] + "-" + dd[6:]] if len(dd) == 10 else parts
        if "".join(u[3] for u in ev.read_units(parts[0])) != reads[0]:
            raise Bug("nanp")
    f = Frag(num, role, last4, parts, reads, d, a, b, cc_text, lead)
    cx.frags.append(f)
    return f


def digit_word(cx, ch, gs, sty):
    r = cx.rng
    if gs == "ar":
        return sty.xar if ch == "X" else ch
    if gs == "fw":
        return "Ｘ" if ch == "X" else FWD[ch]
    if gs == "zh":
        if ch == "X":
            return sty.xzh
        if ch == "1":
            return sty.one
        if ch == "0":
            return sty.ling
        if ch == "2" and sty.liang and r.random() < 0.6:
            return "两"
        return ZH[ch]
    if ch == "X":
        return "X"
    if ch == "0":
        z = sty.zero if sty.zero != "mixz" else r.choice(["zero", "oh"])
        return z
    return EN[ch]


CC_FORMS = {
    "zh": ["+{c} ", "+{c} ", "00{c} ", "加{z} ", "({c}) ", "+{c}-"],
    "en": ["+{c} ", "+{c} ", "00{c} ", "plus {e}, ", "(+{c}) ", "country code {c}, "],
}


def cc_form(cx, num):
    lang = cx.lang if cx.lang != "mixed" else cx.rng.choice(["zh", "en"])
    f = cx.rng.choice(CC_FORMS[lang])
    return f.format(c=num.cc, z="".join(ZH[x] for x in num.cc), e=" ".join(EN[x] for x in num.cc))


# ============================================================================================
# Conversation model
# ============================================================================================

class FP:
    """Part i of a fragment, as an item of a line."""

    def __init__(self, frag, i):
        self.frag, self.i = frag, i


class CC:
    def __init__(self, text):
        self.text = text


BR = "<BR>"


class Turn:
    def __init__(self, spk, items):
        self.spk, self.items = spk, items


def frag_items(f):
    out = []
    if f.cc_text:
        out.append(CC(f.cc_text))
    if f.lead:
        out.append(f.lead)
    for i in range(len(f.parts)):
        if i:
            out.append(BR)
        out.append(FP(f, i))
    return out


def text_items(s):
    out = []
    for k, seg in enumerate(s.split("¶")):
        if k:
            out.append(BR)
        if seg:
            out.append(seg)
    return out


def content_lines(turns):
    """[(turn index, speaker, items, first line of the turn)]"""
    out = []
    for ti, t in enumerate(turns):
        cur, first = [], True
        for it in t.items:
            if it is BR:
                out.append((ti, t.spk, cur, first))
                cur, first = [], False
            else:
                cur.append(it)
        out.append((ti, t.spk, cur, first))
    res = []
    for ti, spk, items, first in out:
        items = normalise_items(items)
        if not items:
            raise Bug(f"empty line in turn {ti}")
        res.append((ti, spk, items, first))
    return res


def normalise_items(items):
    """Merge neighbouring strings, strip the line's outer white space."""
    out = []
    for it in items:
        if isinstance(it, str) and out and isinstance(out[-1], str):
            out[-1] += it
        elif isinstance(it, str) and not it:
            continue
        else:
            out.append(it)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
        if not out[0]:
            out.pop(0)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
        if not out[-1]:
            out.pop()
    return out


def item_text(it):
    if isinstance(it, str):
        return it
    if isinstance(it, CC):
        return it.text
    return it.frag.parts[it.i]


def line_text(items):
    """(text, [(start, end, FP)])"""
    s, spans = "", []
    for it in items:
        t = item_text(it)
        if isinstance(it, FP):
            spans.append((len(s), len(s) + len(t), it))
        s += t
    return s, spans


# ============================================================================================
# Look-alike safety (on what the redactor reads)
# ============================================================================================

SOFT_WORDS = {"and", "then", "dash", "plus", "um", "uh", "er", "erm", "hmm", "mm", "uhm", "ah", "hyphen"}
SOFT_CJK = set("呃嗯额啊哦唔和加杠跟")
SOFT_BI = {"那个", "就是", "然后"}


def is_cjk(c):
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF


def scan(s, out):
    """Tokens of s appended to out: ('d', digit) ('m', n) (double / triple) ('s',) soft ('h',) hard."""
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            out.append(("d", c)); i += 1; continue
        if "０" <= c <= "９":
            out.append(("d", str(ord(c) - 0xFF10))); i += 1; continue
        if c in ev.CN_VAL:
            out.append(("d", ev.CN_VAL[c])); i += 1; continue
        if c in "Ｘ叉":
            out.append(("d", "X")); i += 1; continue
        if c.isascii() and c.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j].lower()
            i = j
            if w == "x":
                out.append(("d", "X")); continue
            parts = ev._decompose(w)
            if parts:
                for p in parts:
                    if p in ev.EN_VAL:
                        out.append(("d", ev.EN_VAL[p]))
                    else:
                        out.append(("m", 2 if p == "double" else 3))
                continue
            out.append(("s",) if w in SOFT_WORDS else ("h",))
            continue
        if s[i:i + 2] in SOFT_BI:
            out.append(("s",)); i += 2; continue
        if c in SOFT_CJK:
            out.append(("s",)); i += 1; continue
        if is_cjk(c):
            out.append(("h",)); i += 1; continue
        out.append(("s",))
        i += 1
    return out


def readings(toks):
    """Collapsed and expanded digit strings of a run of tokens."""
    col = "".join(t[1] for t in toks if t[0] == "d")
    exp, mult = [], 1
    for t in toks:
        if t[0] == "m":
            mult = t[1]
        elif t[0] == "d":
            exp.append(t[1] * mult)
            mult = 1
    return col, "".join(exp)


CARD_PRE = re.compile(r"^(4|5[1-5]|2[2-7]|62|3[47])")


def lookalike_problem(s, pieces6=frozenset()):
    n = len(s)
    for i in range(n - 10):
        if re.fullmatch(r"1[3-9]\d{9}", s[i:i + 11]):
            return "mobile-shaped window"
    for L in range(13, 20):
        for i in range(n - L + 1):
            w = s[i:i + L]
            if w.isdigit() and luhn_ok(w):
                return "Luhn window"
    for i in range(n - 17):
        if id_valid(s[i:i + 18]):
            return "MOD 11-2 window"
    if s.isdigit():
        if 10 <= n <= 12 and s[0] == "0":
            return "0-led 10-12 digits"
        if n == 10 and s[0] in "23456789" and s[3] in "23456789" and not s.startswith(("400", "800")):
            return "NANP-shaped"
        if n == 8 and s[0] in "5689":
            return "8 digits 5/6/8/9"
        if n in (15, 18) and s[:2] in PROVINCES:
            return "province-led 15/18"
        if n in (16, 19) and CARD_PRE.match(s):
            return "card-prefixed 16/19"
    if "X" in s:
        return "lone X"
    for i in range(n - 5):
        if s[i:i + 6] in pieces6:
            return "6-digit piece of a labelled number"
    return None


def safe_long(r, n, first="789"):
    for _ in range(2000):
        s = rdig(r, n, first)
        if lookalike_problem(s) is None:
            return s
    raise Bug("safe_long")


def stream_check(lines, marks, cx):
    """lines: content lines; marks[k]: a visible speaker change before line k (a hard break)."""
    toks = []
    for k, (ti, spk, items, first) in enumerate(lines):
        toks.append(("h",) if marks[k] else ("s",))
        for it in items:
            if isinstance(it, FP):
                toks.append(("F",))
            elif isinstance(it, CC):
                toks.append(("h",))
            else:
                scan(it, toks)
    toks.append(("h",))
    pieces = set()
    for v in [f.dig for f in cx.frags] + [n.d for n in cx.nums] + sorted(cx.versions):
        for i in range(len(v) - 5):
            pieces.add(v[i:i + 6])
    run = []
    for t in toks:
        if t[0] != "h":
            run.append(t)
            continue
        if run:
            has_f = any(x[0] == "F" for x in run)
            for seg in split_on_f(run):
                col, exp = readings(seg)
                if not col:
                    continue
                if has_f:
                    raise Redraw("unlabelled digits run into a fragment")
                for s in (col, exp):
                    p = lookalike_problem(s, pieces)
                    if p:
                        raise Redraw(f"look-alike: {p}")
        run = []


def split_on_f(run):
    out, cur = [], []
    for t in run:
        if t[0] == "F":
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    out.append(cur)
    return out


# ============================================================================================
# Layouts: plain text
# ============================================================================================

def stamp(lr, mode, t):
    t = max(t, 0.0)
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    if mode == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if mode == "ms":
        return f"{m + 60 * h:02d}:{s:02d}"
    if mode == "mss":
        return f"{m + 60 * h}:{s:02d}"
    if mode == "sec":
        return f"{t:.1f}s"
    if mode == "hmsm":
        return f"{h:02d}:{m:02d}:{s:02d}.{int((t % 1) * 1000):03d}"
    if mode == "cn":
        return f"{m + 60 * h}分{s:02d}秒"
    if mode == "wall":
        base = lr.wall0 + int(t)
        hh, r2 = divmod(base, 3600)
        mm, ss = divmod(r2, 60)
        return f"{hh % 24:02d}:{mm:02d}:{ss:02d}"
    raise Bug(mode)


INLINE = [
    ("colon", "{lab}：", False), ("colon-en", "{lab}: ", False), ("brts", "[{ts}] {lab}: ", True),
    ("tsbar", "{ts} {lab}｜", True), ("paren-ts", "{lab} ({ts}) — ", True), ("angle", "<{lab}> ", False),
    ("tri", "{lab} ▹ ", False), ("dot-ts", "{ts} · {lab}: ", True), ("corner", "「{lab}」", False),
    ("gt", "{lab}＞ ", False), ("paren", "({lab}) ", False), ("says", "{lab} {said}", False),
    ("tsv", "{ts}\t{lab}\t", True), ("book", "《{lab}》", False), ("dash2", "{lab} —— ", False),
    ("lineno", "#{ln} {lab}: ", False), ("slash-ts", "{lab}/{ts}/ ", True), ("bar", "▍{lab}｜{ts}｜", True),
    ("chev", "{lab} ❭ ", False), ("quad", "{lab} ∷ ", False),
]
HEADER = ["h-lab-ts", "h-eq", "h-ts-lab", "h-tri"]
NOLABEL = ["bare", "quote", "middot"]
STAMPS = ["hms", "ms", "mss", "sec", "hmsm", "cn", "wall"]


def pick_text_layout(lr, lang):
    k = wpick(lr, [("inline", 70), ("header", 18), ("nolabel", 12)])
    lay = {"kind": k, "stamp": lr.choice(STAMPS), "eol": lr.random() < 0.5}
    if k == "inline":
        lay["name"], lay["pre"], lay["ts"] = lr.choice(INLINE)
        lay["cont"] = lr.choice(["relabel", "bare", "indent", "arrow", "dots"])
    elif k == "header":
        lay["name"] = lr.choice(HEADER)
        lay["ts"] = lay["name"] in ("h-lab-ts", "h-ts-lab")
        lay["blank"] = lr.random() < 0.6 or lay["name"] in ("h-eq", "h-ts-lab")
    else:
        lay["name"] = lr.choice(NOLABEL)
        lay["ts"] = False
    return lay


def render_text(cx, lr, turns):
    lay = pick_text_layout(lr, cx.lang)
    lines = content_lines(turns)
    out, spans, marks = [], [], []
    pos = 0
    t = lr.uniform(0.5, 3.0)
    lr.wall0 = lr.randint(8, 19) * 3600 + lr.randint(0, 3599)
    ln = lr.randint(1, 5)
    prev_spk = None
    said = "说：" if cx.lang == "zh" else ("said: " if cx.lang == "en" else lr.choice(["说：", "said: "]))

    def emit(s):
        nonlocal pos
        out.append(s)
        pos += len(s)

    for k, (ti, spk, items, first) in enumerate(lines):
        lab = cx.labels[spk]
        ts = stamp(lr, lay["stamp"], t)
        txt, fsp = line_text(items)
        if lay["kind"] == "inline":
            if first or lay["cont"] == "relabel":
                pre = lay["pre"].format(lab=lab, ts=ts, ln=f"{ln:02d}", said=said)
                ln += 1
            else:
                pre = {"bare": "", "indent": "    ", "arrow": "  ↳ ", "dots": "… "}[lay["cont"]]
            marks.append(first and spk != prev_spk)
        elif lay["kind"] == "header":
            if first:
                if k and lay["blank"]:
                    emit("\n")
                head = {"h-lab-ts": f"{lab}  {ts}", "h-eq": f"=== {lab} ===", "h-ts-lab": f"{ts} — {lab}",
                        "h-tri": f"▼ {lab}"}[lay["name"]]
                emit(head + "\n")
            pre = {"h-lab-ts": "    ", "h-eq": "", "h-ts-lab": "", "h-tri": "  "}[lay["name"]]
            marks.append(first and spk != prev_spk)
        else:
            pre = {"bare": "", "quote": "> ", "middot": "· "}[lay["name"]]
            marks.append(False)
        emit(pre)
        for s, e, fp in fsp:
            spans.append((pos + s, pos + e, fp))
        emit(txt)
        if k < len(lines) - 1 or lay["eol"]:
            emit("\n")
        t += lr.uniform(0.8, 2.0) + 0.06 * len(txt)
        prev_spk = spk
    text = "".join(out)
    labs = []
    for s, e, fp in spans:
        f = fp.frag
        labs.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4 and fp.i == len(f.parts) - 1,
                     "role": f.role})
        check_span_edges(text, s, e, fp)
    return {"text": text, "spans": labs}, lines, marks, "text:" + lay["name"] + ("/" + lay.get("cont", "") if lay["kind"] == "inline" else "")


DIGITISH = set("0123456789０１２３４５６７８９Ｘ叉") | set(ev.CN_VAL)


def check_span_edges(text, s, e, fp):
    if text[s:e] != fp.frag.parts[fp.i]:
        raise Bug("span text")
    for c in (text[s - 1] if s > 0 else "", text[e] if e < len(text) else ""):
        if c and (c in DIGITISH or (c.isascii() and c.isalnum())):
            raise Redraw(f"digit-bearing character {c!r} beside a span")


# ============================================================================================
# Layouts: WebVTT
# ============================================================================================

VTT_TITLES = ["call recording", "通话录音", "QA sample", "客服质检", "transcript", "录音转写"]
VTT_NOTES = ["NOTE 自动转写，未经人工校对", "NOTE speaker names come from diarisation", "NOTE\nQA sample\nreviewer: M. Tan",
             "NOTE 本段为客服质检抽样", "NOTE crosstalk marked where both parties talk", "NOTE\n已脱敏前的原始字幕\n仅供内部使用",
             "NOTE timings approximate"]
VTT_STYLES = ["STYLE\n::cue {\n  color: white;\n  background-color: black;\n}",
              "STYLE\n::cue(v[voice=\"{a}\"]) {\n  color: yellow;\n}",
              "STYLE\n::cue(.agent) { color: cyan; }\n::cue(.caller) { color: lime; }"]
VTT_SETTINGS = ["align:start", "line:88%", "position:10% align:left", "size:80%", "line:0 align:center",
                "align:end"]


def vtime(t, short):
    t = max(t, 0.0)
    ms = int(round(t * 1000))
    h, rem = divmod(ms, 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def render_vtt(cx, lr, turns):
    lines = content_lines(turns)
    voice = lr.choice(["v", "v", "vclose", "vclass", "colon", "bracket", "dash", "bare", "chevron"])
    cont = lr.choice(["cue_voice", "cue_bare", "payload2"])
    ids = lr.choice(["none", "num", "c", "turn"])
    short = lr.random() < 0.35
    settings_p = lr.choice([0.0, 0.0, 0.25, 0.6])
    overlap_p = lr.choice([0.0, 0.2, 0.45])
    head = "WEBVTT"
    if lr.random() < 0.4:
        head += " - " + lr.choice(VTT_TITLES)
    hdr = [head]
    if lr.random() < 0.35:
        hdr.append("Kind: captions")
    if lr.random() < 0.35:
        hdr.append("Language: " + {"zh": "zh-CN", "en": "en-GB", "mixed": lr.choice(["zh-CN", "en-US"])}[cx.lang])
    blocks = ["\n".join(hdr)]
    if lr.random() < 0.3:
        blocks.append(lr.choice(VTT_STYLES).replace("{a}", cx.labels["A"]))
    if lr.random() < 0.3:
        blocks.append(lr.choice(VTT_NOTES))
    note_mid = lr.random() < 0.3
    # cues: list of dict(spk, lines[list of (items)], first flags, start, end)
    cues = []
    prev = None
    for k, (ti, spk, items, first) in enumerate(lines):
        if not first and cont == "payload2" and cues and cues[-1]["spk"] == spk and len(cues[-1]["lines"]) < 2 \
                and cues[-1]["ti"] == ti:
            cues[-1]["lines"].append((items, False))
        else:
            cues.append({"spk": spk, "ti": ti, "lines": [(items, first)], "voiced": first or cont == "cue_voice"})
        prev = spk
    t = lr.uniform(0.3, 2.5)
    out_blocks = []
    marks = []
    spans_raw = []
    prev_spk = None
    # timings
    for ci, cue in enumerate(cues):
        n = sum(len(line_text(it)[0]) for it, _ in cue["lines"])
        dur = 0.7 + 0.065 * n * (1.0 if cx.lang != "en" else 0.8)
        if ci and cue["spk"] != cues[ci - 1]["spk"] and lr.random() < overlap_p:
            start = cues[ci - 1]["end"] - lr.uniform(0.15, 0.7)
            start = max(start, cues[ci - 1]["start"] + 0.05)
        else:
            start = t + lr.uniform(0.05, 0.6)
        cue["start"], cue["end"] = start, start + dur
        t = max(t, cue["end"])
    text = "\n\n".join(blocks) + "\n\n"
    cue_no = lr.randint(1, 3)
    spans = []
    for ci, cue in enumerate(cues):
        if note_mid and ci == len(cues) // 2 and ci:
            text += lr.choice(VTT_NOTES) + "\n\n"
        if ids == "num":
            text += f"{cue_no}\n"
        elif ids == "c":
            text += f"c{cue_no}\n"
        elif ids == "turn":
            text += f"{'a' if cue['spk'] == 'A' else 'b'}-{cue_no}\n"
        cue_no += 1
        timing = f"{vtime(cue['start'], short)} --> {vtime(cue['end'], short)}"
        if settings_p and lr.random() < settings_p:
            timing += " " + lr.choice(VTT_SETTINGS)
        text += timing + "\n"
        lab = cx.labels[cue["spk"]]
        cls = "agent" if cue["spk"] == "A" else "caller"
        for li, (items, first) in enumerate(cue["lines"]):
            if li == 0 and cue["voiced"]:
                pre = {"v": f"<v {lab}>", "vclose": f"<v {lab}>", "vclass": f"<v.{cls} {lab}>", "colon": f"{lab}: ",
                       "bracket": f"[{lab}] ", "dash": "- ", "bare": "", "chevron": f">> {lab}: "}[voice]
            else:
                pre = ""
            visible = voice not in ("dash", "bare") and li == 0 and cue["voiced"]
            marks.append(visible and cue["spk"] != prev_spk)
            prev_spk = cue["spk"]
            txt, fsp = line_text(items)
            if "-->" in txt or "<" in txt or "&" in txt:
                raise Bug("vtt payload")
            text += pre
            base = len(text)
            for s, e, fp in fsp:
                spans.append((base + s, base + e, fp))
            text += txt
            if li == len(cue["lines"]) - 1 and voice in ("vclose", "vclass") and cue["voiced"]:
                text += "</v>"
            text += "\n"
        text += "\n"
    if lr.random() < 0.5:
        text = text.rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n")
    # marks must follow content_lines order
    labs = []
    for s, e, fp in spans:
        f = fp.frag
        labs.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4 and fp.i == len(f.parts) - 1,
                     "role": f.role})
        check_span_edges(text, s, e, fp)
    flat_lines = [(ti, cue["spk"], items, first) for cue in cues for items, first in cue["lines"]]
    variant = f"vtt:{voice}/{cont}/{ids}" + ("/overlap" if overlap_p else "") + ("/short" if short else "")
    return {"transcript_text": text, "spans": labs}, flat_lines, marks, variant


# ============================================================================================
# Layouts: ASR JSON
# ============================================================================================

CJK_PUNCT = set("，。？！、：；（）「」《》…—“”‘’")
OPENERS = set("([（「《“‘")
STRIP_P = ",.?!;:，。？！、；：…—"


def asr_tokens(s):
    """[(word, cjk, punct)] of a string."""
    toks, i, n = [], 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if is_cjk(c):
            toks.append([c, True, False]); i += 1; continue
        if c in CJK_PUNCT:
            toks.append([c, True, True]); i += 1; continue
        j = i
        while j < n and not s[j].isspace() and not is_cjk(s[j]) and s[j] not in CJK_PUNCT:
            j += 1
        w = s[i:j]
        toks.append([w, False, not any(ch.isalnum() for ch in w)])
        i = j
    return toks


def render_asr(cx, lr, turns, shape):
    lines = content_lines(turns)
    nopunct = lr.random() < 0.22
    # words per line: [word, cjk, frag or None]
    seg_lines = []
    for ti, spk, items, first in lines:
        words = []
        pending_open = ""
        for it in items:
            fr = it.frag if isinstance(it, FP) else None
            iscc = isinstance(it, CC)
            for w, cjk, punct in asr_tokens(item_text(it)):
                if punct and w and all(ch in OPENERS for ch in w):
                    pending_open += w
                    continue
                if punct and words:
                    words[-1][0] += w
                    continue
                if punct:
                    pending_open += w
                    continue
                words.append([pending_open + w, cjk, fr, iscc])
                pending_open = ""
        if pending_open:
            if not words:
                raise Bug("punctuation-only line")
            words[-1][0] += pending_open
        if nopunct:
            for wd in words:
                stripped = wd[0].strip(STRIP_P)
                if stripped:
                    wd[0] = stripped
        seg_lines.append((ti, spk, first, words))
    # speakers
    spk_names = lr.choice([{"A": "agent", "C": "customer", "T": "customer_2", "S": "ivr"},
                           {"A": "A", "C": "B", "T": "C", "S": "SYS"},
                           {"A": "spk_0", "C": "spk_1", "T": "spk_2", "S": "spk_3"},
                           {"A": "SPEAKER_00", "C": "SPEAKER_01", "T": "SPEAKER_02", "S": "SPEAKER_03"}])
    with_spk = lr.random() < 0.6
    with_conf = lr.random() < 0.45
    ms = shape == "flat" and lr.random() < 0.35
    t = lr.uniform(0.2, 1.5)
    ents = defaultdict(list)
    marks = []
    prev_spk = None
    if shape == "flat":
        words_out = []
        for ti, spk, first, words in seg_lines:
            marks.append(with_spk and first and spk != prev_spk)
            prev_spk = spk
            t += lr.uniform(0.2, 0.9)
            for w, cjk, fr, _ in words:
                dur = lr.uniform(0.12, 0.3) if cjk else lr.uniform(0.15, 0.45)
                rec = {"word": w}
                if ms:
                    rec["start_ms"], rec["end_ms"] = int(t * 1000), int((t + dur) * 1000)
                else:
                    rec["start"], rec["end"] = round(t, 2), round(t + dur, 2)
                if with_conf:
                    rec["confidence"] = round(lr.uniform(0.62, 0.99), 2)
                if with_spk:
                    rec["speaker"] = spk_names[spk]
                if fr is not None:
                    ents[id(fr)].append(len(words_out))
                words_out.append(rec)
                t += dur + lr.uniform(0.0, 0.08)
        tr = {"words": words_out}
        if lr.random() < 0.3:
            tr = {"language": "zh" if cx.lang == "zh" else ("en" if cx.lang == "en" else "zh"), "duration": round(t + 0.5, 2), "words": words_out}
        variant = "asr:flat" + ("|spk" if with_spk else "") + ("|conf" if with_conf else "") + ("|ms" if ms else "")
    else:
        segs = []
        for si, (ti, spk, first, words) in enumerate(seg_lines):
            marks.append(with_spk and first and spk != prev_spk)
            prev_spk = spk
            t += lr.uniform(0.2, 0.9)
            st = t
            wl = []
            for w, cjk, fr, _ in words:
                dur = lr.uniform(0.12, 0.3) if cjk else lr.uniform(0.15, 0.45)
                ww = w if cjk else " " + w
                rec = {"word": ww, "start": round(t, 2), "end": round(t + dur, 2)}
                if with_conf:
                    rec["probability"] = round(lr.uniform(0.6, 0.99), 3)
                if fr is not None:
                    ents[id(fr)].append([si, len(wl)])
                wl.append(rec)
                t += dur + lr.uniform(0.0, 0.08)
            seg = {"id": si, "start": round(st, 2), "end": round(t, 2), "text": "".join(x["word"] for x in wl).strip()}
            if with_spk:
                seg["speaker"] = spk_names[spk]
            seg["words"] = wl
            segs.append(seg)
        tr = {}
        top = lr.random() < 0.5
        if top:
            tr["text"] = "".join(s["text"] if cx.lang != "en" else " " + s["text"] for s in segs).strip()
        tr["segments"] = segs
        tr["language"] = "zh" if cx.lang != "en" else "en"
        variant = "asr:whisper" + ("|spk" if with_spk else "") + ("|prob" if with_conf else "") + ("|text" if top else "")
    if nopunct:
        variant += "|nopunct"
    entities = []
    seen = set()
    for ti, spk, first, words in seg_lines:
        for w, cjk, fr, _ in words:
            if fr is not None and id(fr) not in seen:
                seen.add(id(fr))
                entities.append({"kind": fr.kind, "last4_ok": fr.last4, "role": fr.role, "words": ents[id(fr)]})
    # neighbours of an entity carry no digits of their own (country codes aside)
    flat = [(w, fr, iscc) for _, _, _, words in seg_lines for w, _, fr, iscc in words]
    for k, (w, fr, iscc) in enumerate(flat):
        if fr is None and not iscc and ev.readable_count(w):
            for nb in (k - 1, k + 1):
                if 0 <= nb < len(flat) and flat[nb][1] is not None:
                    raise Redraw("ASR word with digits beside an entity")
    return {"transcript": tr, "entities": entities}, marks, variant


# ============================================================================================
# Look-alikes (placeholders in the dialogue lines)
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def th(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def g_lref(r):
    s = safe_long(r, r.randint(15, 19), r.choice(["789", "3", "6"]))
    style = r.choice(["plain", "g4", "g4", "prefix"])
    if style == "plain":
        return s
    if style == "g4":
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return r.choice(["YT", "SF", "JT", "ZTO", "EMS-", "DPD "]) + s


def g_lrefw(r, lang):
    s = safe_long(r, r.randint(15, 19), r.choice(["789", "3", "6"]))
    groups = [s[i:i + 4] for i in range(0, len(s), 4)]
    if lang == "zh":
        one = r.choice(["幺", "一"])
        return "，".join("".join(one if c == "1" else ZH[c] for c in g) for g in groups)
    z = r.choice(["zero", "oh"])
    return ", ".join(" ".join(z if c == "0" else EN[c] for c in g) for g in groups)


def g_mem(r):
    for _ in range(200):
        s = rdig(r, 11, "23456789")
        if lookalike_problem(s) is None:
            return s
    raise Bug("mem")


def g_hot(r):
    k = r.randrange(4)
    if k == 0:
        return f"400-{rdig(r, 3, '123456789')}-{rdig(r, 4)}"
    if k == 1:
        return "95" + rdig(r, 3, "123456789")
    if k == 2:
        return f"800-{rdig(r, 3, '123456789')}-{rdig(r, 4)}"
    return f"4008-{rdig(r, 3)}-{rdig(r, 3)}"


def i(r, lo, hi):
    return str(r.randint(lo, hi))


LOOK = {
    "amt": lambda r: r.choice([f"{i(r, 30, 2999)}元", f"¥{i(r, 30, 2999)}", f"{i(r, 30, 999)}块", f"{i(r, 30, 999)}.{i(r, 10, 99)}元"]),
    "amtE": lambda r: r.choice([f"£{i(r, 12, 480)}", f"${i(r, 15, 600)}", f"{i(r, 80, 2999)} yuan", f"£{i(r, 12, 480)}.{i(r, 10, 99)}", f"RMB {i(r, 80, 2999)}"]),
    "date": lambda r: r.choice([f"{i(r, 1, 12)}月{i(r, 1, 28)}号", f"{i(r, 1, 12)}月{i(r, 1, 28)}日", f"这周{r.choice('三四五六')}", f"{i(r, 1, 28)}号"]),
    "dateE": lambda r: r.choice([f"{r.choice(MONTHS)} {i(r, 1, 28)}", f"the {th(r.randint(1, 28))}", f"{r.choice(WEEKDAYS)} the {th(r.randint(1, 28))}", f"{i(r, 1, 28)}/{i(r, 1, 12)}"]),
    "time": lambda r: r.choice([f"{i(r, 8, 11)}点", f"下午{i(r, 2, 5)}点半", f"{r.randint(8, 20):02d}:{r.choice(['00', '15', '30', '45'])}", f"上午{i(r, 8, 11)}点{r.choice(['10', '20', '40'])}分"]),
    "timeE": lambda r: r.choice([f"{i(r, 2, 6)} pm", f"{r.randint(8, 20):02d}:{r.choice(['00', '15', '30', '45'])}", f"{i(r, 8, 11)}.{r.choice(['15', '30', '45'])} am", f"half past {i(r, 2, 6)}"]),
    "hot": g_hot,
    "code6": lambda r: rdig(r, 6, "123456789"),
    "lref": g_lref,
    "mem": g_mem,
    "n": lambda r: i(r, 2, 9), "n2": lambda r: i(r, 2, 9), "days": lambda r: i(r, 3, 30), "mins": lambda r: str(r.randint(3, 11) * 5),
    "hrs": lambda r: i(r, 1, 4), "ppl": lambda r: i(r, 2, 12), "age": lambda r: i(r, 5, 14), "g": lambda r: str(r.randint(2, 10) * 50),
    "cm": lambda r: i(r, 110, 185), "km": lambda r: i(r, 3, 90), "area": lambda r: str(r.randint(4, 60) * 10), "room": lambda r: i(r, 101, 530),
    "yrs": lambda r: i(r, 3, 6), "wk": lambda r: i(r, 8, 16), "rank": lambda r: i(r, 2, 30), "pts": lambda r: str(r.randint(5, 90) * 100),
    "pts2": lambda r: str(r.randint(10, 99) * 100), "size": lambda r: str(r.randint(12, 19) * 10), "ext": lambda r: i(r, 200, 8999),
    "temp": lambda r: str(r.randint(15, 22) * 10), "score": lambda r: i(r, 60, 98), "kg": lambda r: i(r, 100, 150),
    "mm": lambda r: i(r, 3, 5), "wave": lambda r: f"{r.randint(0, 2)}.{r.randint(1, 9)}", "kn": lambda r: i(r, 5, 25),
    "h": lambda r: f"{r.randint(1, 3)}.{r.randint(1, 9)}", "yr": lambda r: i(r, 2016, 2023), "lvl": lambda r: i(r, 1, 3),
    "exitno": lambda r: i(r, 2, 48), "hw": lambda r: str(r.choice([15, 25, 42, 60, 65, 70, 92])), "fk": lambda r: str(r.choice([5, 10, 15, 20])),
    "rate": lambda r: i(r, 3, 12), "rateE": lambda r: f"£{r.randint(1, 3)}.{r.choice(['10', '20', '50', '75'])}",
    "lap": lambda r: f"{i(r, 41, 58)}.{rdig(r, 3)}秒", "lapE": lambda r: f"{i(r, 41, 58)}.{rdig(r, 3)} seconds",
    "sess": lambda r: rdig(r, 2, "123456789"), "empno": lambda r: rdig(r, 4, "123456789"), "mincm": lambda r: str(r.choice([150, 155, 160])),
    "chip": lambda r: safe_long(r, 15, "9"), "issn": lambda r: f"{rdig(r, 4, '12')}-{rdig(r, 3)}{r.choice('0123456789')}",
    "post": lambda r: f"{i(r, 2, 82)}-{i(r, 100, 999)}", "model": lambda r: f"{r.choice(['KY', 'HB', 'DY', 'FS'])}-{i(r, 200, 990)}",
    "mpa": lambda r: f"1.{r.randint(0, 4)}MPa", "exam": lambda r: "KJ" + rdig(r, 6, "123456789"), "w1": lambda r: "41", "w2": lambda r: "46",
    "grade": lambda r: r.choice(["AA", "AAA", "A+"]), "bags": lambda r: i(r, 2, 6), "litre": lambda r: f"{r.randint(1, 2)}.{r.choice(['0', '5'])}",
}
for _k in list(LOOK):
    if not _k[-1].isdigit() and _k + "2" not in LOOK and _k not in ("n",):
        LOOK[_k + "2"] = LOOK[_k]
LOOK["amtE2"] = LOOK["amtE"]
LOOK["dateE2"] = LOOK["dateE"]
LOOK["timeE2"] = LOOK["timeE"]

ZH_NAMES = ["王先生", "李女士", "陈先生", "赵女士", "周先生", "吴女士", "郑先生", "孙女士", "何先生", "罗女士", "梁先生", "宋女士"]
EN_NAMES = ["Mr Hughes", "Ms Adeyemi", "Mrs Lin", "Mr Dowd", "Ms Carver", "Mr Okafor", "Mrs Baird", "Mr Novak",
            "Ms Ferreira", "Mr Quinn"]
ZH_AGENTS = ["小蒲", "小谭", "小阮", "阿澜", "小樊", "小葛", "小闫", "阿蕾", "小程", "小滕"]
EN_AGENTS = ["Priya", "Marcus", "Joanne", "Tobias", "Aisha", "Declan", "Ruth", "Femi", "Gwen", "Ivan", "Nadia",
             "Callum"]

# ============================================================================================
# Domains (twelve): company names, labels, reasons with the agent's answer, chatter for negatives
# ============================================================================================

DOMAINS = {}


def domain(key, zh_co, en_co, lab_zh, lab_en, ordp, reason, chat, why=None):
    DOMAINS[key] = {"key": key, "zh_co": zh_co, "en_co": en_co, "lab_zh": lab_zh, "lab_en": lab_en, "ordp": ordp,
                    "reason": reason, "chat": chat}


domain("roadside", ["途安道路救援", "快援汽车救援"], ["RoadMate Rescue", "Tow and Go Assist"], ("救援调度", "车主"),
       ("Dispatch", "Motorist"), ("RS", 8), {
           "zh": [("我车在高速上爆胎了，G{hw}往北大概{km}公里，能派个拖车过来吗？", "可以，给您建了救援单{ord}，拖车预计{mins}分钟到，先把警示牌放好。"),
                  ("车打不着火了，估计电瓶亏电，我在商场地库B{lvl}层。", "好的，搭电是免费项目，单号{ord}，师傅大概{mins}分钟到。"),
                  ("上周拖车那次扣了我{amt}，不是说会员免费吗？", "我查下……救援单{ord}，超出免费里程{km}公里，超出部分按公里计费。")],
           "en": [("My car's died on the ring road, just past junction {exitno}, engine cut out completely.", "Right, I've opened job {ord}; a recovery truck should be with you in about {mins} minutes. Stay behind the barrier."),
                  ("I've got a flat and the spare's flat too. I'm on level {lvl} of the multi-storey.", "No problem, I'll send a mobile tyre van, that's job {ord}, roughly {mins} minutes."),
                  ("You've charged me {amtE} for last week's tow and I thought my cover included it.", "Let me look. Job {ord} went {km} miles past the free distance, so the extra was billed per mile.")],
           "mx": [("我的车在 highway 上抛锚了，junction {exitno} 附近，能不能派个 tow truck？", "OK，job 已经开好了，{ord}，truck 大概{mins}分钟到。"),
                  ("Battery 没电了，打不着火，我在 B{lvl} 停车场。", "好的，jump start 是 free 的，单号{ord}，师傅{mins}分钟左右。")]},
       {
           "zh": [("想问下救援单{ord}怎么收费的，拖了{km}公里。", "前{fk}公里免费，超出每公里{rate}元，合计{amt}。"),
                  ("你们全国的救援热线是多少？我存着。", "{hot}，二十四小时有人接。"),
                  ("拖车师傅说车放修理厂了，我去取车要带什么？", "带上取车码{code6}就行，工作日{time}前去。")],
           "en": [("Quick question on job {ord}, how's the mileage charged? It was towed {km} miles.", "The first {fk} miles are free, then it's {rateE} a mile, so {amtE} in total."),
                  ("What's your round-the-clock recovery line? I want to save it.", "It's {hot}, staffed day and night."),
                  ("The garage has my car now. What do I need to collect it?", "Just the release code {code6}; they're open until {timeE} on weekdays.")],
           "mx": [("Job {ord} 的 mileage 怎么算？拖了{km}公里。", "前{fk}公里 free，之后每公里{rate}元，total 是{amt}。"),
                  ("你们 recovery 的 hotline 是多少？", "{hot}，anytime 都可以打。")]})

domain("karting", ["极速卡丁车馆", "风驰卡丁赛车场"], ["Apex Karting", "Redline Kart Club"], ("赛道前台", "车手"),
       ("Track desk", "Racer"), ("KT", 7), {
           "zh": [("想订周六下午的场，{ppl}个人，有青少年组吗？", "有的，{date}{time}那场还有位，我先给您锁上，订单{ord}。"),
                  ("上次联赛取消了，报名费{amt}什么时候退？", "我看下，订单{ord}，退款三到五个工作日原路回去。"),
                  ("我儿子身高{cm}厘米，能开成人车吗？", "成人车要{mincm}厘米以上，他先开青少年车，一圈大概{lap}。")],
           "en": [("Can I book the Saturday arrive-and-drive for {ppl} of us?", "Yes, the {timeE} session on {dateE} has space; I've held it under booking {ord}."),
                  ("Our league night was cancelled, when do I get the {amtE} entry back?", "Booking {ord}, refunds take three to five working days."),
                  ("What's the lap record at the moment? My mate reckons he's close.", "Best lap this month is {lapE}, set in session S{sess}.")],
           "mx": [("想 book 周六的 session，{ppl}个人。", "OK，{date} {time} 那场有位，booking 号{ord}。"),
                  ("League 取消了，entry fee {amt} 怎么退？", "Booking {ord}，refund 三到五个 working days。")]},
       {
           "zh": [("成绩单上我最好一圈是{lap}，排第几？", "本月排第{rank}，第一名是{lap2}。"),
                  ("团建包场多少钱？", "{ppl}人以内包场{amt}，含头盔护具，要提前{days}天订。"),
                  ("会员积分{pts}分能换什么？", "满{pts2}分可以换十圈体验，兑换码{code6}。")],
           "en": [("My timing sheet says {lapE} for my best lap, where does that put me?", "You're number {rank} on this month's board; the leader did {lapE2}."),
                  ("How much for a private hire for the office?", "Up to {ppl} drivers it's {amtE}, helmets included; book {days} days ahead."),
                  ("I've got {pts} points, what can I get?", "At {pts2} points you can claim a ten-lap taster, code {code6}.")],
           "mx": [("我的 best lap 是{lap}，ranking 第几？", "这个月第{rank}，top 是{lap2}。"),
                  ("公司 team building 包场多少？", "{ppl}人以内{amt}，helmet 都含。")]})

domain("dojo", ["正道跆拳道馆", "武韵武术学校"], ["Iron Crane Dojo", "Summit Taekwondo"], ("教务", "家长"),
       ("Front desk", "Parent"), ("TK", 6), {
           "zh": [("我想给孩子报跆拳道，{age}岁，周末有班吗？", "有，周六{time}的少儿班，学期{wk}周，学费{amt}。"),
                  ("{date}那次考级费用是多少？", "黄带考级{amt}，报名截止{date2}，准考证考前发。"),
                  ("孩子下周要请假，能补课吗？", "可以，补课券{ord}，{days}天内有效。")],
           "en": [("I'd like to sign my daughter up, she's {age}. Any weekend classes?", "Yes, Saturdays at {timeE}, a {wk}-week term for {amtE}."),
                  ("How much is the grading on {dateE}?", "Yellow belt grading is {amtE}; entries close on {dateE2}."),
                  ("My son's missing next week, can he make it up?", "Sure, I'll issue make-up voucher {ord}, valid {days} days.")],
           "mx": [("想给孩子报 taekwondo，{age}岁，weekend 有 class 吗？", "有，周六{time}，一个 term {wk}周，{amt}。"),
                  ("Grading 的费用多少？{date}那次。", "黄带 grading {amt}，deadline 是{date2}。")]},
       {
           "zh": [("上次考级成绩出来了吗？准考证号{exam}。", "出来了，{score}分，通过了，证书{date}发。"),
                  ("道服{size}码的还有吗？", "有的，{amt}一套，带腰带。"),
                  ("夏令营哪天开始？", "{date}开营，一期{days}天，{time}集合。")],
           "en": [("Are the grading results out? Candidate {exam}.", "They are, {score} marks, a pass; certificates go out on {dateE}."),
                  ("Have you got a size {size} uniform?", "Yes, {amtE} with the belt."),
                  ("When does the summer camp start?", "{dateE}, runs {days} days, drop-off at {timeE}.")],
           "mx": [("Grading 成绩出了吗？candidate 号{exam}。", "出了，{score}分，pass 了。"),
                  ("Summer camp 几号开始？", "{date}开营，{days}天，{time}到。")]})

domain("cookery", ["味道烹饪学堂", "灶台厨艺学校"], ["Saffron Cookery School", "The Knife and Ladle"], ("课程顾问", "学员"),
       ("Course desk", "Student"), ("CK", 6), {
           "zh": [("想报周末的烘焙课，法式甜点那门。", "好的，{date}和{date2}两天，课程编号{ord}，学费{amt}含材料。"),
                  ("上周的课临时取消了，费用怎么处理？", "课程{ord}取消的，可以转到下期，或者退{amt}。"),
                  ("结业考核是哪天？", "{date}下午，考核通过{days}个工作日内出证书。")],
           "en": [("I'd like a place on the knife skills evening.", "There's a {timeE} class on {dateE}, course {ord}, {amtE} with ingredients."),
                  ("Last week's class was cancelled on the day, what happens to my fee?", "Course {ord} moves to the next intake, or I refund the {amtE}."),
                  ("When's the final assessment?", "{dateE} in the afternoon; certificates follow within {days} working days.")],
           "mx": [("想报周末的 baking class，法式甜点。", "OK，{date}和{date2}，course {ord}，{amt}含 ingredients。"),
                  ("上周 class cancel 了，fee 怎么办？", "Course {ord}，可以 transfer 到下期或者 refund {amt}。")]},
       {
           "zh": [("配方里黄油写的{g}克，烤箱多少度？", "{temp}度，烤{mins}分钟，放中层。"),
                  ("课程{ord}还有几个名额？", "还有{n}个，{date}开课，每节{hrs}小时。"),
                  ("课上用的模具能买吗？", "圆模{amt}，到店自取，提货码{code6}。")],
           "en": [("The recipe says {g} grams of butter, what temperature?", "{temp} degrees for {mins} minutes, middle shelf."),
                  ("Are there places left on {ord}?", "{n} left, starting {dateE}, {hrs} hours a session."),
                  ("Can I buy the tin we used in class?", "The round tin is {amtE}, collect in store with code {code6}.")],
           "mx": [("Recipe 写 butter {g}克，oven 多少度？", "{temp}度，{mins}分钟，middle shelf。"),
                  ("Course {ord} 还有 place 吗？", "还有{n}个，{date}开始。")]})

domain("coffee", ["山谷咖啡烘焙", "豆仓精品咖啡"], ["Ember Roastery", "Daily Grind Beans"], ("订阅客服", "会员"),
       ("Roastery", "Subscriber"), ("CF", 7), {
           "zh": [("我的咖啡豆订阅想暂停两个月，出差。", "可以，订阅{ord}暂停到{date}，期间不扣费。"),
                  ("这期豆子磨得太细了，我要的是法压的粗度。", "抱歉，我给您补寄一袋{g}克的，运单号会短信发您。"),
                  ("快递显示签收了但我没收到，运单号{lref}。", "我查下……{date}放在驿站了，取件码{code6}。")],
           "en": [("Can I pause my bean subscription while I'm away?", "Of course, subscription {ord} is paused until {dateE}; no charges meanwhile."),
                  ("This month's bag was ground for espresso, I use a French press.", "Sorry about that, I'll send a fresh {g}g bag ground coarse."),
                  ("Tracking says delivered but nothing's here. Tracking {lref}.", "It went to the parcel locker on {dateE}; your pickup code is {code6}.")],
           "mx": [("我的 subscription 想 pause 两个月。", "OK，{ord} pause 到{date}，不会 charge。"),
                  ("这次的豆子 grind 太细了，我用 French press 的。", "Sorry，我补寄一袋{g}克 coarse 的。")]},
       {
           "zh": [("这款耶加雪菲哪天烘的？", "{date}烘的，建议{days}天内喝完，每袋{g}克。"),
                  ("年度订阅多少钱？", "年付{amt}，每月寄{bags}袋，随时可以换口味。"),
                  ("我有{pts}积分，能抵多少？", "每百分抵一元，这次能抵{amt2}。")],
           "en": [("When was the Yirgacheffe roasted?", "On {dateE}; best within {days} days, {g}g a bag."),
                  ("How much is the annual plan?", "{amtE} a year, {bags} bags a month, swap origins any time."),
                  ("I've got {pts} points, what are they worth?", "A hundred points is a pound, so {amtE2} off.")],
           "mx": [("这个 Yirgacheffe 哪天 roast 的？", "{date}，建议{days}天内喝完。"),
                  ("Annual plan 多少钱？", "{amt}一年，每月{bags}袋。")]})

domain("firesafe", ["安消消防设备", "卫安消防检测"], ["Blazeguard Fire Safety", "Redline Extinguishers"], ("检测预约", "业主"),
       ("Service desk", "Site manager"), ("FS", 7), {
           "zh": [("店里灭火器要年检了，{n}个，能上门吗？", "可以，{date}上午安排，每个{amt}，工单{ord}。"),
                  ("去年检测的报告找不到了，能补一份吗？", "报告编号{ord}，我重新发您一份电子版。"),
                  ("有几个压力表指针到红区了。", "那要重新充装，ABC干粉的充装费{amt}一个，工单{ord}。")],
           "en": [("Our extinguishers are due their annual service, we've got {n} on site.", "I can send an engineer on {dateE}; it's {amtE} per unit, work order {ord}."),
                  ("We've lost last year's inspection report.", "Report {ord}, I'll email a fresh copy today."),
                  ("A couple of gauges are showing red.", "Those need recharging, {amtE} each, I'll add them to job {ord}.")],
           "mx": [("灭火器要 annual check 了，{n}个，能上门吗？", "可以，{date}上午，每个{amt}，job {ord}。"),
                  ("去年的 report 找不到了。", "Report {ord}，我 email 一份给你。")]},
       {
           "zh": [("干粉灭火器有效期几年？", "一般{yrs}年，压力表在绿区就正常，额定{mpa}。"),
                  ("整改期限到什么时候？", "通知书写的是{date}前，整改单{ord}。"),
                  ("你们的服务热线？", "{hot}，预约转分机{ext}。")],
           "en": [("How long is a powder extinguisher good for?", "About {yrs} years; the gauge should sit in the green, rated {mpa}."),
                  ("What's the deadline on the improvement notice?", "{dateE}, notice reference {ord}."),
                  ("What's your service line?", "{hot}, extension {ext} for bookings.")],
           "mx": [("灭火器 expiry 是几年？", "一般{yrs}年，gauge 在 green 就 OK。"),
                  ("整改 deadline 是哪天？", "{date}前，notice 号{ord}。")]})

domain("mobility", ["康行辅具租赁", "安步轮椅租赁"], ["Stride Mobility Hire", "EasyWheels Rental"], ("租赁顾问", "家属"),
       ("Hire desk", "Customer"), ("MB", 7), {
           "zh": [("我爸做完手术要租个轮椅，大概一个月。", "好的，普通款月租{amt}，押金{amt2}，{date}可以送到。"),
                  ("轮椅已经还了，押金什么时候退？", "租赁单{ord}，验收完了，押金三个工作日退回。"),
                  ("电动代步车充不进电。", "型号{model}的吧？我登记换电池，工单{ord}。")],
           "en": [("My mum needs a wheelchair for about a month after her op.", "Of course, the standard chair is {amtE} a month plus a deposit, delivered {dateE}."),
                  ("We returned the wheelchair, when's the deposit back?", "Hire {ord} is checked in, the deposit goes back within three working days."),
                  ("The mobility scooter won't charge.", "Is it the {model}? I'll book a battery swap, job {ord}.")],
           "mx": [("我妈做完 surgery，想租个 wheelchair 一个月。", "OK，standard 款月租{amt}，{date}送到。"),
                  ("Wheelchair 还了，deposit 什么时候退？", "Hire {ord}，三个 working days。")]},
       {
           "zh": [("轮椅座宽有几种？", "有{w1}和{w2}厘米两种，承重{kg}公斤。"),
                  ("租满三个月有优惠吗？", "季租{amt}，比按月省{amt2}。"),
                  ("周末送货吗？", "周六{time}到{time2}都行，配送费{amt}。")],
           "en": [("What seat widths do you have?", "{w1} and {w2} centimetres, rated to {kg} kilos."),
                  ("Is there a discount for three months?", "Quarterly hire is {amtE}, saves you {amtE2}."),
                  ("Do you deliver at weekends?", "Saturdays between {timeE} and {timeE2}, delivery {amtE}.")],
           "mx": [("Wheelchair 的 seat width 有几种？", "{w1}和{w2}厘米，max {kg}公斤。"),
                  ("Weekend 送货吗？", "周六{time}到{time2}。")]})

domain("kennel", ["毛孩子宠物寄养", "暖窝宠物酒店"], ["Paws Inn Boarding", "Happy Tails Kennels"], ("寄养前台", "主人"),
       ("Kennel desk", "Owner"), ("PK", 6), {
           "zh": [("国庆想把狗寄养{n}晚，金毛，有位置吗？", "有的，大型犬每晚{amt}，订单{ord}，入住带上疫苗本。"),
                  ("接狗的时间能改到{time}吗？", "可以，订单{ord}改好了，前台{time2}下班。"),
                  ("寄养回来狗狗有点拉肚子。", "抱歉，我登记一下，订单{ord}，医生{date}回访。")],
           "en": [("We're away for {n} nights over half-term, have you room for a spaniel?", "We do, {amtE} a night for a medium dog, booking {ord}. Bring the vaccination card."),
                  ("Can I move pick-up to {timeE}?", "Done, booking {ord}; the desk closes at {timeE2}."),
                  ("She's come home with an upset stomach.", "Sorry to hear it; I've logged it on {ord} and the vet will ring on {dateE}.")],
           "mx": [("国庆想 board 我家狗{n}晚，有 space 吗？", "有，每晚{amt}，booking {ord}。"),
                  ("Pick-up 时间能改到{time}吗？", "OK，{ord}改好了。")]},
       {
           "zh": [("我家猫的芯片号是{chip}，能查到上次的记录吗？", "能，上次是{date}入住，住了{days}天。"),
                  ("疫苗要打多久以上才能寄养？", "最近一针要满{days}天，狂犬也要在有效期。"),
                  ("寄养期间能看监控吗？", "可以，{room}房，每天{time}发视频。")],
           "en": [("Her microchip is {chip}, can you find her last stay?", "Yes, she came in on {dateE} for {days} nights."),
                  ("How long after jabs can he board?", "{days} days after the last booster."),
                  ("Can I watch the webcam while we're away?", "Yes, room {room}, and we send a clip at {timeE}.")],
           "mx": [("我家猫的 microchip 是{chip}，能查到吗？", "能，上次是{date}，{days}晚。"),
                  ("寄养时能看 webcam 吗？", "可以，{room}房，每天{time}。")]})

domain("surf", ["浪人冲浪俱乐部", "海风冲浪学校"], ["Swell Surf School", "Breakline Surf Co"], ("冲浪前台", "学员"),
       ("Surf desk", "Guest"), ("SW", 6), {
           "zh": [("周末想上冲浪体验课，{n}个人。", "{date}{time}有一节，{amt}一位，订单{ord}，含板和防寒衣。"),
                  ("上次浪太大取消了，钱退了吗？", "订单{ord}，已经原路退{amt}。"),
                  ("防寒衣我穿多大？", "身高{cm}的话穿M，{mm}毫米厚的就够。")],
           "en": [("Can we book a taster lesson at the weekend, {n} of us?", "There's a slot at {timeE} on {dateE}, {amtE} each with board and wetsuit, booking {ord}."),
                  ("Last week's lesson was called off for swell, have I been refunded?", "Booking {ord}, {amtE} went back on the day."),
                  ("What wetsuit size am I at {cm} centimetres?", "A medium, {mm} millimetre is plenty this month.")],
           "mx": [("周末想上 surf lesson，{n}个人。", "{date}{time}，{amt}一位，booking {ord}。"),
                  ("上次 swell 太大 cancel 了，refund 了吗？", "{ord}，已经退了{amt}。")]},
       {
           "zh": [("明天浪高多少？", "预报{wave}米，风速{kn}节，{time}左右潮水最好。"),
                  ("长板租一天多少？", "{amt}一天，押金{amt2}，{time}前还。"),
                  ("进阶课几节？", "{n}节一期，每节{hrs}小时，课程{ord}。")],
           "en": [("What's the swell looking like tomorrow?", "{wave} metres, wind {kn} knots, best tide around {timeE}."),
                  ("How much to hire a longboard for the day?", "{amtE} a day, back by {timeE}."),
                  ("How long is the improver course?", "{n} sessions of {hrs} hours, course {ord}.")],
           "mx": [("明天 swell 多高？", "{wave}米，wind {kn}节。"),
                  ("Longboard 租一天多少？", "{amt}，{time}前还。")]})

domain("dairy", ["晨露鲜奶", "牧场直送鲜奶"], ["Morning Pint Dairy", "Meadowfresh Milk"], ("配送客服", "订户"),
       ("Dairy desk", "Subscriber"), ("DM", 7), {
           "zh": [("下周我们出门，鲜奶能停几天吗？", "可以，订单{ord}，{date}到{date2}暂停配送。"),
                  ("今早奶箱里少了一瓶。", "抱歉，明早补送，补单{ord}。"),
                  ("我想从每天{n}瓶改成{n2}瓶。", "好的，{date}起调整，月费变成{amt}。")],
           "en": [("We're away next week, can you pause the milk?", "Yes, order {ord} is paused from {dateE} to {dateE2}."),
                  ("We were a bottle short this morning.", "Sorry, I'll add it to tomorrow's round, reference {ord}."),
                  ("Can we go from {n} pints a day to {n2}?", "From {dateE}, the monthly bill becomes {amtE}.")],
           "mx": [("下周出门，milk 能 pause 吗？", "可以，{ord}，{date}到{date2} pause。"),
                  ("今天早上少了一瓶 milk。", "Sorry，明早补，单号{ord}。")]},
       {
           "zh": [("酸奶保质期几天？", "冷藏{days}天，今天送的是{date}生产的。"),
                  ("这个月账单{amt}，怎么算的？", "每瓶{amt2}，这个月送了{pts}毫升，扣了暂停的两天。"),
                  ("奶箱钥匙丢了。", "换锁{amt}，师傅{date}上门，工单{ord}。")],
           "en": [("How long does the yoghurt keep?", "{days} days chilled; today's batch was made on {dateE}."),
                  ("Why is this month's bill {amtE}?", "{amtE2} a pint, minus the two paused days."),
                  ("I've lost the key to the milk box.", "A new lock is {amtE}, fitted on {dateE}, job {ord}.")],
           "mx": [("酸奶 shelf life 几天？", "冷藏{days}天。"),
                  ("这个月 bill {amt}，怎么算的？", "每瓶{amt2}，扣了 pause 的两天。")]})

domain("garden", ["绿篱园艺养护", "青苑花园服务"], ["Greenthumb Garden Care", "Hedgerow Services"], ("养护顾问", "业主"),
       ("Garden desk", "Homeowner"), ("GD", 6), {
           "zh": [("草坪好久没剪了，大概{area}平米，能来吗？", "可以，{date}上午，报价{amt}，工单{ord}。"),
                  ("院子里那棵树想移走。", "要先看现场，胸径超过{cm}厘米的要审批，评估单{ord}。"),
                  ("上次修剪完垃圾没清走。", "抱歉，工单{ord}，明天{time}过去清。")],
           "en": [("The lawn's overgrown, it's about {area} square metres.", "We can come {dateE} morning, {amtE}, job {ord}."),
                  ("We'd like the old cherry tree taken out.", "We'll survey first; anything over {cm} centimetres needs consent, survey {ord}."),
                  ("The crew left the cuttings behind last time.", "Sorry, job {ord}, we'll clear it at {timeE} tomorrow.")],
           "mx": [("草坪要 mow 了，{area}平米左右。", "OK，{date}上午，quote {amt}，job {ord}。"),
                  ("上次 trimming 完垃圾没清。", "Sorry，job {ord}，明天{time}过去。")]},
       {
           "zh": [("草坪多久施一次肥？", "春秋各一次，每平米{g}克，隔{days}天浇一次水。"),
                  ("年度养护套餐多少钱？", "{area}平米以内{amt}一年，每月上门{n}次。"),
                  ("绿篱修剪怎么收费？", "按米算，每米{amt}，{h}米以上另算。")],
           "en": [("How often should the lawn be fed?", "Spring and autumn, {g} grams a square metre, water every {days} days."),
                  ("What's the annual care plan?", "Up to {area} square metres it's {amtE} a year, {n} visits a month."),
                  ("How do you price hedge cutting?", "By the metre, {amtE} a metre, more above {h} metres.")],
           "mx": [("Lawn 多久施一次肥？", "春秋各一次，每平米{g}克。"),
                  ("Annual plan 多少钱？", "{area}平米以内{amt}一年。")]})

domain("periodicals", ["书香报刊发行", "邮阅订阅中心"], ["Inkwell Subscriptions", "Page Turner Periodicals"], ("订阅专员", "读者"),
       ("Subscriptions", "Reader"), ("BK", 6), {
           "zh": [("我订的杂志这期没收到，第{n}期。", "订单{ord}，{date}寄出的，我给您补寄。"),
                  ("明年的想续订，价格多少？", "全年{wk}期，{amt}，含邮费，邮发代号{post}。"),
                  ("我搬家了，想改寄送地址。", "好的，订单{ord}，从下期开始寄新地址。")],
           "en": [("My magazine didn't arrive this month, issue {n}.", "Order {ord}, it was posted on {dateE}; I'll send a replacement."),
                  ("I'd like to renew for next year, how much?", "{wk} issues for {amtE} including postage."),
                  ("I've moved house, can you update the address?", "Done on order {ord}, from the next issue.")],
           "mx": [("这期 magazine 没收到，第{n}期。", "Order {ord}，{date}寄的，我 resend。"),
                  ("明年想 renew，多少钱？", "全年{wk}期，{amt}，含 postage。")]},
       {
           "zh": [("这本期刊的ISSN是多少？", "{issn}，邮发代号{post}。"),
                  ("过刊还能买吗？", "{yr}年的合订本还有，{amt}一本。"),
                  ("学生订阅有折扣吗？", "八折，全年{amt}，要学校开个证明。")],
           "en": [("What's the ISSN on that journal?", "{issn}."),
                  ("Can I still buy back issues?", "The {yr} bound volume is {amtE}."),
                  ("Is there a student rate?", "Twenty percent off, {amtE} a year with proof of study.")],
           "mx": [("这本 journal 的 ISSN 是多少？", "{issn}。"),
                  ("Back issues 还能买吗？", "{yr}年的合订本{amt}一本。")]})


def g_ord(r, ordp):
    pre, n = ordp
    for _ in range(200):
        s = rdig(r, n, "123456789")
        if lookalike_problem(s) is None:
            return pre + r.choice(["", "-", ""]) + s
    raise Bug("ord")


# ============================================================================================
# Case context
# ============================================================================================

LAB_GENERIC = {
    "zh": [("客服", "客户"), ("坐席", "来电人"), ("接线员", "顾客"), ("服务台", "用户"), ("甲", "乙"), ("客服", "来电者")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("Advisor", "Client"), ("Staff", "Member"), ("AGT", "CLR"),
           ("Operator", "Caller")],
    "mixed": [("Agent", "客户"), ("客服", "Customer"), ("CS", "来电人"), ("客服", "Caller"), ("Rep", "用户")],
}
THIRD = {"zh": ["家属", "爱人", "儿子", "女儿"], "en": ["Partner", "Son", "Daughter", "Spouse"],
         "mixed": ["家属", "Partner", "爱人"]}
SYSV = {"zh": ["系统", "语音提示"], "en": ["IVR", "Recording"], "mixed": ["IVR", "系统"]}


class Ctx:
    def __init__(self, rng, idx, plan):
        self.rng = rng
        self.idx = idx
        self.lang, self.fmt, self.phen = plan["lang"], plan["format"], plan["phenomenon"]
        self.dom = DOMAINS[plan["domain"]]
        self.plan = plan
        self.frags, self.nums, self.versions = [], [], set()
        self.cache = {}
        self.sty_cache = {}
        self.auto_cuts = 0
        cutp = {"vtt": 0.33, "text": 0.04, "asr-json": 0.12 if plan["shape"] == "whisper" else 0.0}[self.fmt]
        self.auto_cut = 0.0 if self.phen in ("negative", "check-char-apart") else cutp
        r = rng
        self.co = r.choice(self.dom["zh_co"] if self.lang == "zh" else self.dom["en_co"] if self.lang == "en"
                           else self.dom["zh_co"] + self.dom["en_co"])
        self.ag = r.choice(ZH_AGENTS if self.lang == "zh" else EN_AGENTS if self.lang == "en" else ZH_AGENTS + EN_AGENTS)
        self.cn = r.choice(ZH_NAMES if self.lang == "zh" else EN_NAMES if self.lang == "en" else ZH_NAMES + EN_NAMES)
        u = r.random()
        if u < 0.32:
            a, c = (self.dom["lab_zh"] if self.lang == "zh" else self.dom["lab_en"] if self.lang == "en"
                    else r.choice([self.dom["lab_zh"], self.dom["lab_en"], (self.dom["lab_en"][0], self.dom["lab_zh"][1])]))
        else:
            a, c = r.choice(LAB_GENERIC[self.lang])
        if r.random() < 0.15:
            a = r.choice([f"{a}-{self.ag}", f"{a}（{self.ag}）", f"{a} ({self.ag})", f"{a}·{self.ag}"])
        self.labels = {"A": a, "C": c, "T": r.choice(THIRD[self.lang]), "S": r.choice(SYSV[self.lang])}
        self.swapped_labels = r.random() < 0.03 and self.fmt != "asr-json"
        if self.swapped_labels:
            self.labels["A"], self.labels["C"] = self.labels["C"], self.labels["A"]

    # ---- language ----
    def pk(self, zh=(), en=(), mx=()):
        r = self.rng
        if self.lang == "zh":
            pool = zh
        elif self.lang == "en":
            pool = en
        else:
            if mx and (r.random() < 0.6 or not (zh or en)):
                pool = mx
            else:
                pool = zh if (r.random() < 0.5 and zh) or not en else en
        if not pool:
            raise Bug("empty bank")
        return r.choice(pool)

    def sublang(self):
        """zh or en for a line of this call (mixed calls switch)."""
        return self.lang if self.lang != "mixed" else self.rng.choice(["zh", "en"])

    def fill(self, s):
        def rep(m):
            k = m.group(1)
            if k in ("co", "ag", "cn"):
                return getattr(self, k)
            if k not in self.cache:
                if k == "ord" or k == "ord2":
                    self.cache[k] = g_ord(self.rng, self.dom["ordp"])
                elif k == "lrefw":
                    self.cache[k] = g_lrefw(self.rng, self.sublang())
                elif k in LOOK:
                    self.cache[k] = LOOK[k](self.rng)
                else:
                    raise Bug(f"placeholder {k}")
            return self.cache[k]
        return re.sub(r"\{([a-zA-Z0-9_]+)\}", rep, s)

    def line(self, tmpl, *frags):
        s = self.fill(tmpl)
        pieces = s.split("{}")
        if len(pieces) != len(frags) + 1:
            raise Bug(f"slots in {tmpl!r}")
        items = []
        for k, p in enumerate(pieces):
            items += text_items(p)
            if k < len(frags):
                items += frag_items(frags[k])
        return items

    def T(self, spk, tmpl, *frags):
        return Turn(spk, self.line(tmpl, *frags))

    def new(self, kind, sub=None):
        r = self.rng
        if kind == "phone":
            if sub is None:
                w = {"zh": [("mobile", 68), ("mobile+86", 7), ("landline", 13), ("landline+86", 3), ("foreign", 9)],
                     "en": [("mobile", 32), ("mobile+86", 8), ("landline", 10), ("landline+86", 5), ("foreign", 45)],
                     "mixed": [("mobile", 48), ("mobile+86", 8), ("landline", 10), ("landline+86", 4), ("foreign", 30)]}[self.lang]
                sub = wpick(r, w)
            if sub == "mobile":
                n = new_mobile(r)
            elif sub == "mobile+86":
                n = new_mobile(r, cc=True)
            elif sub == "landline":
                n = new_landline(r)
            elif sub == "landline+86":
                n = new_landline(r, intl=True)
            else:
                n = new_foreign(r)
        elif kind == "id_number":
            n = new_id(r, want_x=sub)
        else:
            n = new_card(r, sub)
        if not number_ok(n):
            raise Bug(f"invalid {n.kind} {n.d}")
        self.nums.append(n)
        return n


# ============================================================================================
# Shared phrase banks (this author's own)
# ============================================================================================

ASK = {
    "phone": {
        "zh": ["方便留个联系电话吗？", "您的手机号码是多少？", "回访用的号码麻烦报给我。", "到时候联系哪个号码？", "请问登记哪个电话？",
               "留个打得通的号码吧，有变动我们短信通知。", "师傅出发前会先打给您，号码是？"],
        "en": ["What's the best number to reach you on?", "Can I take a contact number for you?",
               "Which number should we ring when it's ready?", "And a phone number for the booking?",
               "What number should the confirmation text go to?", "If anything changes we'll call, so what number's best?"],
        "mx": ["方便留个 contact number 吗？", "你的 mobile 是多少？", "Phone number 给我下，我登记。", "留个电话吧，we'll call you back。"],
    },
    "id_number": {
        "zh": ["这边需要实名登记，麻烦报下身份证号。", "请提供办理人的身份证号码。", "身份证号我核对下，您念给我。",
               "开票要身份证号，您说下？", "保险登记要用身份证号，麻烦您报给我。"],
        "en": ["For the registration I'll need your Chinese resident ID number, please.",
               "Could I have the number on your resident ID card?", "We need the ID number of the person named on the contract.",
               "For the insurance cover I need the eighteen-character ID number."],
        "mx": ["需要实名，你的 ID number 报下。", "身份证号 please，我这边要 verify。", "Your 身份证号码是多少？"],
    },
    "bank_card": {
        "zh": ["退款原路返回，麻烦报下您的银行卡号。", "扣款用的哪张卡？卡号报我下。", "押金退到哪张卡？卡号是？",
               "要绑定自动续费的话，需要您的银行卡号。", "您付款那张卡的卡号是多少？"],
        "en": ["Which card should the refund go back to? The long number on the front, please.",
               "Can I take the card number for the deposit?", "What's the number of the card you paid with?",
               "To set up the auto-renewal I'll need the long card number."],
        "mx": ["Refund 退到哪张卡？card number 报下。", "付款那张卡的 number 是多少？", "押金要退，your card number？"],
    },
}
ANS = {"zh": ["{}", "好的，{}。", "是{}。", "我的是{}，您记下。", "{}，就这个。", "嗯，{}。", "号码是{}。"],
       "en": ["It's {}.", "Sure, {}.", "{}, that's it.", "Okay, it's {}.", "Yeah, {}.", "Right, so {}."],
       "mx": ["OK，{}。", "是 {}。", "{}，that's it。", "好，it's {}。"]}
ANS_TAIL = {"zh": ["{}，订单是{ord}，一起备注下。", "{}。您顺便查下{ord}那单？"],
            "en": ["{}. And the booking's {ord} if that helps.", "{}, booking {ord}."],
            "mx": ["{}，booking 是{ord}。"]}
ACK = {"zh": ["好的，记下了。", "收到。", "好，我录进去了。", "行，登记好了。"],
       "en": ["Lovely, got that.", "Great, that's in.", "Thanks, noted.", "Perfect, I've put that on."],
       "mx": ["OK，记下了。", "好的，noted。", "收到，thanks。"]}
CONFIRM = {"zh": ["对。", "对的。", "没错。", "嗯，对。", "是的是的。"],
           "en": ["Yes.", "That's right.", "Correct.", "Yep, that's it.", "Spot on."],
           "mx": ["对，correct。", "Yes，没错。", "对的，yes。"]}
BACKCH = {"zh": ["嗯。", "嗯嗯。", "好，您继续。", "在听，您说。", "记着呢。", "好的，然后呢？", "嗯，往下。"],
          "en": ["Mm-hm.", "Okay.", "Yep, go on.", "Got that.", "Right, and then?", "Uh-huh.", "With you."],
          "mx": ["嗯，go on。", "OK，继续。", "Got it，然后呢？", "嗯嗯，keep going。"]}
CORR = {"zh": ["……不对，", "，哎说岔了，", "——等下，不对，", "……啊念反了，", "，不是不是，", "……搞混了，"],
        "en": ["— no sorry, ", "... wait, no, ", "— hold on, that's wrong, ", "— sorry, I've mixed that up, ", "... no no, ",
               "— that's not right, "],
        "mx": ["……sorry 不对，", "——wait，不是，", "，哎 wrong，", "…… no no，"]}
RESTART = {"zh": ["我从头说：", "重来啊，", "我再完整报一遍：", "从头念："],
           "en": ["let me go from the beginning: ", "I'll start over: ", "right, the whole thing again: ", "properly this time: "],
           "mx": ["我 start over 啊，", "从头来：", "let me 重新报："]}
WRAP_A = {"zh": ["好的，还有别的需要吗？", "那就这样，稍后短信通知您。", "都登记好了，祝您生活愉快。", "好，这边给您处理，请留意短信。"],
          "en": ["Anything else I can help with?", "Lovely, you're all set.", "You'll get a text shortly.", "That's all sorted for you."],
          "mx": ["OK，还有别的吗？", "都 set 好了，请留意短信。", "好的，you're all set。"]}
WRAP_C = {"zh": ["没了，谢谢。", "好的，拜拜。", "行，辛苦了。"], "en": ["No, that's all, thanks.", "Great, cheers, bye.", "Brilliant, thank you."],
          "mx": ["没了，thanks。", "OK，拜拜。", "好的，bye。"]}
GREET = {"zh": ["您好，{co}，我是{ag}，请问有什么可以帮您？", "{co}您好，{ag}为您服务。", "您好，这里是{co}，请讲。", "{co}，您好，工号{empno}为您服务。"],
         "en": ["Good morning, {co}, {ag} speaking.", "Hi, you're through to {co}, this is {ag}.", "{co}, {ag} here, how can I help?",
                "Hello, {co} customer line, {ag} speaking."],
         "mx": ["您好 {co}，I'm {ag}，请讲。", "Hi，{co}，我是{ag}，有什么可以帮您？", "{co} 您好，this is {ag}。"]}
IVR = {"zh": ["您好，欢迎致电{co}，本次通话可能被录音。", "欢迎致电{co}，为保证服务质量，通话将被录音。"],
       "en": ["Welcome to {co}. Calls may be recorded for training and quality purposes.", "Thank you for calling {co}. This call is recorded."],
       "mx": ["欢迎致电{co}，this call may be recorded。", "Welcome to {co}，通话将被录音。"]}
OUTBOUND = {"zh": ["您好，请问是{cn}吗？我是{co}的{ag}，关于您的单子{ord}，要跟您核对几个信息。",
                   "喂，{cn}您好，这边是{co}，您{date}那个预约{ord}，需要补一下资料。"],
            "en": ["Hello, is that {cn}? It's {ag} calling from {co} about booking {ord}; I just need to check a couple of details.",
                   "Hi {cn}, {ag} from {co} here, ringing about {ord} on {dateE}. Have you got a minute?"],
            "mx": ["喂，{cn}吗？我是{co}的{ag}，about 您的 booking {ord}，要 check 一下资料。"]}
OUT_OK = {"zh": ["是我，你说吧。", "对，是我，什么事？", "嗯，你说。"], "en": ["Speaking, go ahead.", "Yes, that's me.", "Sure, what do you need?"],
          "mx": ["是我，go ahead。", "对，what's up？"]}
RB_FULL = {"zh": ["我复述下：{}，对吗？", "跟您核对：{}，没问题吧？", "好，{}，是这个吧？", "我念一遍啊，{}。"],
           "en": ["Let me read that back: {}. Is that right?", "So I have {}, correct?", "Just to confirm, {}?", "Reading it back: {}."],
           "mx": ["我 read back 下：{}，对吗？", "So 是 {}，right？", "Confirm 下：{}。"]}
RB_LAST4 = {"zh": ["尾号{}，对吧？", "最后四位是{}吧？", "后四位{}，没错？"],
            "en": ["Ending {}?", "And it ends {}?", "Finishing {}, yes?"],
            "mx": ["尾号 {}，right？", "Ending 是{}吧？"]}
RB_FIRST = {"zh": ["{}开头的，对吗？", "前面是{}？", "开头{}，是吧？"], "en": ["Starting {}?", "That begins {}, yes?", "Opening with {}?"],
            "mx": ["{}开头，right？", "Starts with {}，对吧？"]}
TAILQ = {"zh": ["……？", "……然后？", "……"], "en": ["...?", "... and then?", "..."], "mx": ["……？", "... 然后？"]}
NOTVALID = {"zh": ["系统提示这个号码校验不通过，您再看一下？", "这个号码格式对不上，麻烦再核对下。"],
            "en": ["The system won't accept that number, could you check it again?", "That number's not validating, can you have another look?"],
            "mx": ["System 说 invalid，您再 check 下？", "这个号码 not valid，再看下？"]}
LASTBIT = {"zh": ["不好意思，最后那段是", "哦不对，最后四位是", "后面那截念错了，是"],
           "en": ["no sorry, the last bit is ", "— no, sorry, the end is ", "actually the last group is "],
           "mx": ["sorry，最后几位是 ", "不对，last part 是 "]}
FOLLOW_Q = {"zh": [("您{date}上午方便吗？", "上午可以，十点以后都在。"), ("地址还是原来那个吗？", "对，没变。"), ("要开发票吗？", "要的，开个人的。")],
            "en": [("Does {dateE} morning work for you?", "Mornings are fine, after ten."), ("Same address as before?", "Yes, still the same."),
                   ("Do you need a receipt emailed?", "Please, yes.")],
            "mx": [("{date}上午 OK 吗？", "OK，上午都在。"), ("Address 还是原来的吗？", "对，no change。")]}
QUESTION = {"phone": {"zh": [("是手机还是座机？", "手机，"), ("这是您自己在用的吧？", "对，我自己的，"), ("能收短信吧？", "能，")],
                      "en": [("Sorry — mobile or landline?", "Mobile. "), ("Is this the number on the account?", "Yes it is. "), ("Can it take texts?", "Yep. ")],
                      "mx": [("Mobile 还是座机？", "Mobile，"), ("这个能收 text 吧？", "能，")]},
            "id_number": {"zh": [("是您本人的证件吗？", "是我的，"), ("身份证还在有效期吧？", "在的，")],
                          "en": [("Is that the ID of the person on the booking?", "It is, yes. "), ("Is the card still in date?", "Yes. ")],
                          "mx": [("是本人的 ID 吧？", "是，")]},
            "bank_card": {"zh": [("是借记卡吧？", "借记卡，"), ("是您本人名下的卡吗？", "是的，")],
                          "en": [("Debit or credit?", "Debit. "), ("Is the card in your name?", "It is. ")],
                          "mx": [("Debit card 吧？", "对，debit，")]}}
XPHRASE = {"zh": ["，最后一位是", "……末位是个", "，尾巴上还有个", "，最后带个", "，结尾是"],
           "en": [", and the last character is ", "... plus an ", ", and then it finishes with ", "... then a letter "],
           "mx": ["，last character 是", "，最后是个 letter ", "，结尾是 "]}
XPHRASE_D = {"zh": ["，最后一位是", "，结尾那位是"], "en": [", and the very last digit is ", "... and it ends in "],
             "mx": ["，last digit 是", "，最后一位是 "]}
HANDOVER = {"zh": ["您稍等，我让我家里人跟您说，证件在他那儿。", "我老婆拿着卡呢，我让她跟你说。"],
            "en": ["Hang about, I'll pass you to my partner, it's in their name.", "Just a sec — actually my wife has it, I'll hand you over."],
            "mx": ["等下，我让我 partner 跟你说。", "Hold on，我老公拿着，让他说。"]}
T_HELLO = {"zh": ["喂，你好，", "你好，我来说，"], "en": ["Hi there, ", "Hello, it's me now, "], "mx": ["Hi，我来说，", "喂你好，"]}


# ============================================================================================
# Phenomena: each builds the turns in which the numbers are said
# ============================================================================================

def B(cx, bank):
    return cx.pk(bank.get("zh", ()), bank.get("en", ()), bank.get("mx", ()))


def mid_bound(cx, num, lo=0.25, hi=0.75):
    n = len(num.d)
    bs = [p for p in num.bounds() if lo * n <= p <= hi * n]
    if not bs:
        bs = num.bounds()
    if bs:
        return cx.rng.choice(bs)
    return inner_pos(cx, num, n // 3, 2 * n // 3)


def inner_pos(cx, num, lo=2, hi=None):
    n = len(num.d)
    hi = n - 2 if hi is None else hi
    bs = set(num.bounds())
    cands = [p for p in range(max(1, lo), hi + 1) if p not in bs]
    if not cands:
        raise Bug("no inner position")
    return cx.rng.choice(cands)


def two_points(cx, num):
    bs = num.bounds()
    if len(bs) >= 2:
        a, b = sorted(cx.rng.sample(bs, 2))
        return a, b
    n = len(num.d)
    a = cx.rng.randint(3, n // 2 - 1)
    b = cx.rng.randint(n // 2 + 1, n - 3)
    return a, b


def early_span(num):
    """(lo, p): the early groups of a phone a read-back may mishear: lo is where a misheard digit may start, p where
    the misheard read-back stops (never at the phone's last digit)."""
    n, bs = len(num.d), num.bounds()
    if len(bs) >= 2 and bs[1] <= n - 2:
        return bs[0], bs[1]
    if bs and bs[0] + 2 <= n - 2:
        return bs[0], min(n - 2, bs[0] + 4)
    return 3, min(7, n - 2)


def vpick(cx, opts):
    """The variant of this case: the plan's slot within its phenomenon walks through the options in turn."""
    return opts[cx.plan["slot"] % len(opts)]


def ask(cx, kind):
    return cx.T("A", B(cx, ASK[kind]))


def answer(cx, f, tail_ok=True):
    if tail_ok and cx.rng.random() < 0.15:
        return cx.T("C", B(cx, ANS_TAIL), f)
    return cx.T("C", B(cx, ANS), f)


def ph_plain(cx, num):
    r, k = cx.rng, num.kind
    v = vpick(cx, ["answered", "volunteered", "system", "answered", "midsentence", "search"])
    cx.variant = v
    if v == "answered":
        return [ask(cx, k), answer(cx, say(cx, num, cc=True)), cx.T("A", B(cx, ACK))]
    if v == "volunteered":
        bank = {"phone": {"zh": ["我之前留的电话是{}，一直没人打过来。", "你们打{}找我就行，我白天都在。"],
                          "en": ["I left my number, {}, but nobody rang back.", "You can get me on {} any time before six."],
                          "mx": ["我留的 number 是{}，but 一直没人回。"]},
                "id_number": {"zh": ["预约是用我身份证{}登记的，您查下。", "我身份证是{}，上次就是用这个办的。"],
                              "en": ["It's all under my ID, {}, can you look it up?", "The booking used my resident ID, {}."],
                              "mx": ["Booking 用的是我身份证{}，您 check 下。"]},
                "bank_card": {"zh": ["钱是从我卡{}扣的，扣了两次。", "我用{}这张卡付的，到现在没退回来。"],
                              "en": ["You've taken the payment twice from my card, {}.", "I paid with {} and the refund never arrived."],
                              "mx": ["你们从我卡{}扣了两次 payment。"]}}[k]
        return [cx.T("C", B(cx, bank), say(cx, num, cc=True)), cx.T("A", B(cx, ACK))]
    if v == "system":
        f = say(cx, num, base="ar" if r.random() < 0.6 else None, cc=True)
        t1 = cx.T("A", cx.pk(zh=["系统里登记的是{}，还用这个吗？", "我这边看到留的是{}，没变吧？"],
                             en=["I've got {} on the system, is that still right?", "The file shows {}, still current?"],
                             mx=["System 里是{}，还用这个吗？"]), f)
        return [t1, cx.T("C", cx.pk(zh=["对，还是这个。", "没变，就这个。"], en=["Yes, still the same.", "That's the one."], mx=["对，same。"]))]
    if v == "midsentence":
        bank = {"phone": {"zh": ["让师傅到小区门口打{}就行，我下楼接。", "快递到了打{}，放门卫那儿也行。"],
                          "en": ["Tell whoever's coming to call {} from the gate and I'll come down.", "If the van's early just ring {} and I'll pop out."],
                          "mx": ["到了打{}，我 come down 接你。"]},
                "id_number": {"zh": ["合同上应该是我身份证号{}，你们对一下。", "登记的时候用的{}，您再查查。"],
                              "en": ["The agreement should show my ID number {} on it, can you match it?", "Try searching {} instead of my name."],
                              "mx": ["合同上应该是{}，you can check。"]},
                "bank_card": {"zh": ["退款就退到{}这张卡上，别的卡我注销了。", "押金从{}扣的，麻烦退回去。"],
                              "en": ["Put the refund back on {}, the other card's cancelled.", "The deposit came off {}, so that's where it goes back."],
                              "mx": ["Refund 退到{}这张卡，别的我 cancel 了。"]}}[k]
        return [ask(cx, k) if r.random() < 0.4 else cx.T("A", cx.pk(zh=["好的，您说。"], en=["Okay, go on."], mx=["OK，您说。"])),
                cx.T("C", B(cx, bank), say(cx, num, cc=True)), cx.T("A", B(cx, ACK))]
    # search
    return [ask(cx, k),
            cx.T("C", cx.pk(zh=["稍等，我翻翻……", "您等下啊，在抽屉里……"], en=["Bear with me, it's in my other bag...", "Give me a second, I wrote it down somewhere..."],
                            mx=["等下，我找找……", "Wait，I'm looking……"])),
            cx.T("A", cx.pk(zh=["不着急。", "好的，您慢慢找。"], en=["No rush.", "Take your time."], mx=["No rush，慢慢来。"])),
            cx.T("C", cx.pk(zh=["找到了：{}。", "在这儿，{}。", "{}"], en=["Right, here we go: {}.", "Found it. {}.", "{}"], mx=["Found it，{}。", "找到了，{}。"]),
                 say(cx, num, cc=True))]


def ph_interruption(cx, num):
    r, k = cx.rng, num.kind
    v = vpick(cx, ["one-bc", "two-bc", "question", "echo", "rb-cut", "midgroup", "one-bc"])
    cx.variant = v
    n = len(num.d)
    if v == "one-bc":
        p = mid_bound(cx, num)
        return [ask(cx, k), cx.T("C", "{}" + B(cx, TAILQ) if r.random() < 0.3 else "{}", say(cx, num, 0, p, role="piece", cc=True)),
                cx.T("A", B(cx, BACKCH)), cx.T("C", "{}", say(cx, num, p, n, role="piece"))]
    if v == "two-bc":
        p1, p2 = two_points(cx, num)
        return [ask(cx, k), cx.T("C", "{}", say(cx, num, 0, p1, role="piece", cc=True)), cx.T("A", B(cx, BACKCH)),
                cx.T("C", "{}", say(cx, num, p1, p2, role="piece")), cx.T("A", B(cx, BACKCH)),
                cx.T("C", "{}" + cx.pk(zh=["。", "，就这些。"], en=[".", ", that's all of it."], mx=["。", "，that's it。"]), say(cx, num, p2, n, role="piece"))]
    if v == "question":
        p = mid_bound(cx, num)
        q, a = B(cx, QUESTION[k])
        return [ask(cx, k), cx.T("C", "{}……", say(cx, num, 0, p, role="piece", cc=True)), cx.T("A", q),
                cx.T("C", a + "{}", say(cx, num, p, n, role="piece"))]
    if v == "echo":
        p = mid_bound(cx, num)
        f1 = say(cx, num, 0, p, role="piece", cc=True)
        e = say(cx, num, 0, p, role="echo", base="ar" if r.random() < 0.5 else None)
        return [ask(cx, k), cx.T("C", "{}", f1),
                cx.T("A", cx.pk(zh=["{}……然后呢？", "{}，嗯，后面？"], en=["{}, and then?", "{}... yep, carry on."], mx=["{}，then？", "{}，后面呢？"]), e),
                cx.T("C", "{}", say(cx, num, p, n, role="piece"))]
    if v == "rb-cut":
        p = mid_bound(cx, num)
        sty = make_sty(cx, num)
        return [ask(cx, k), answer(cx, say(cx, num, cc=True), tail_ok=False),
                cx.T("A", cx.pk(zh=["我核对下：{}", "好，{}"], en=["Let me check: {}", "So that's {}"], mx=["我 check 下：{}"]), say(cx, num, 0, p, role="readback", sty=sty)),
                cx.T("C", cx.pk(zh=["对对。", "嗯，对。"], en=["Yes, yes.", "Yep."], mx=["对，yes。"])),
                cx.T("A", cx.pk(zh=["{}，对吧？", "{}。"], en=["{}, right?", "{}."], mx=["{}，right？"]), say(cx, num, p, n, role="readback", sty=sty))]
    # midgroup: cut inside a group, the agent echoes the half group, the caller says the group again
    p = inner_pos(cx, num, 3, n - 3)
    g0, g1 = num.group_of(p)
    e = say(cx, num, g0, p, role="echo")
    return [ask(cx, k), cx.T("C", "{}——", say(cx, num, 0, p, role="piece", cc=True)),
            cx.T("A", cx.pk(zh=["{}后面是？", "稍等，{}然后呢？"], en=["Sorry, {} and then what?", "Hang on — {} what?"], mx=["{}后面是 what？"]), e),
            cx.T("C", cx.pk(zh=["{}。", "是{}。"], en=["{}.", "It's {}."], mx=["{}。"]), say(cx, num, g0, n, role="piece"))]


def ph_continuation(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    v = vpick(cx, ["two-lines", "three-lines", "announce", "screen", "midgroup", "two-lines"])
    cx.variant = v
    if v == "two-lines":
        p = mid_bound(cx, num)
        return [ask(cx, k), cx.T("C", "{}¶{}", say(cx, num, 0, p, role="piece", cc=True), say(cx, num, p, n, role="piece"))]
    if v == "three-lines":
        p1, p2 = two_points(cx, num)
        return [ask(cx, k), cx.T("C", "{}¶{}¶{}", say(cx, num, 0, p1, role="piece", cc=True), say(cx, num, p1, p2, role="piece"),
                                 say(cx, num, p2, n, role="piece"))]
    if v == "announce":
        return [ask(cx, k), cx.T("C", cx.pk(zh=["我念给您啊：¶{}", "您记下：¶{}"], en=["Okay, reading it out now:¶{}", "Right, got a pen?¶{}"],
                                             mx=["我念给你：¶{}", "OK，ready？¶{}"]), say(cx, num, cc=True))]
    if v == "screen":
        p = mid_bound(cx, num)
        sty = make_sty(cx, num, "ar" if r.random() < 0.5 else None)
        return [cx.T("A", cx.pk(zh=["我看系统里是¶{}¶{}，对吗？", "屏幕上显示¶{}¶{}，没错吧？"], en=["The screen shows¶{}¶{}, is that right?", "I'm seeing¶{}¶{} on file."],
                                 mx=["System 里是¶{}¶{}，对吗？"]), say(cx, num, 0, p, role="piece", sty=sty), say(cx, num, p, n, role="piece", sty=sty)),
                cx.T("C", B(cx, CONFIRM))]
    p = inner_pos(cx, num, 3, n - 3)
    return [ask(cx, k), cx.T("C", "{}¶{}", say(cx, num, 0, p, role="piece", cc=True), say(cx, num, p, n, role="piece"))]


def ph_correction(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    bs = num.bounds()
    if k == "phone":
        opts = ["wrong-prefix", "fix-group", "swap-noticed", "rb-groupwise", "last-bit", "later", "restart", "later-rb",
                "two-attempts", "fix-group", "rb-groupwise"]
    else:
        opts = ["wrong-prefix", "fix-group", "swap-noticed", "rb-groupwise", "last-bit", "later", "restart", "not-validate",
                "two-attempts", "swap-noticed", "later"]
    v = vpick(cx, opts)
    if v in ("fix-group", "rb-groupwise") and len(bs) < 2:
        v = "wrong-prefix"
    cx.variant = v
    sty = make_sty(cx, num)
    corr = B(cx, CORR)
    if v == "wrong-prefix":
        p = mid_bound(cx, num, 0.2, 0.7)
        w, _ = changed(r, num, 0, p)
        if w is None:
            raise Redraw("no wrong version")
        ab = say(cx, num, 0, p, dig=w, role="abandoned", sty=sty, cc=True, vcut=False)
        return [ask(cx, k), cx.T("C", "{}" + corr + "{}", ab, say(cx, num, role="corrected", sty=sty))]
    if v == "fix-group":
        gi = r.randrange(1, len(bs) + (0 if k == "phone" else 1))
        starts = [0] + bs
        g0 = starts[gi]
        g1 = starts[gi + 1] if gi + 1 < len(starts) else n
        hi = g1 if not (k == "id_number" and g1 == n) else n - 1
        w, _ = changed(r, num, g0, hi)
        if w is None:
            raise Redraw("no wrong group")
        ab = say(cx, num, 0, g1, dig=w, role="abandoned", sty=sty, cc=True, vcut=False)
        fix = say(cx, num, g0, n, role="corrected", sty=sty)
        return [ask(cx, k), cx.T("C", "{}" + corr + "{}", ab, fix), cx.T("A", B(cx, ACK))]
    if v == "restart":
        p = mid_bound(cx, num, 0.2, 0.8)
        ab = say(cx, num, 0, p, role="abandoned", sty=sty, cc=True, vcut=False)
        tmpl = "{}" + cx.pk(zh=["……等等，", "——哎，"], en=["... hang on, ", "— sorry, "], mx=["……wait，"]) + B(cx, RESTART) + "{}"
        return [ask(cx, k), cx.T("C", tmpl, ab, say(cx, num, role="corrected", sty=sty))]
    if v == "two-attempts":
        p1 = mid_bound(cx, num, 0.15, 0.5)
        w1, _ = changed(r, num, 0, p1)
        if w1 is None:
            raise Redraw("no wrong version")
        p2 = r.choice([q for q in range(p1, n - 2)] or [p1])
        w2, _ = changed(r, num, 0, p2) if r.random() < 0.5 else (num.d, None)
        if w2 is None:
            raise Redraw("no wrong version")
        a1 = say(cx, num, 0, p1, dig=w1, role="abandoned", sty=sty, cc=True, vcut=False)
        a2 = say(cx, num, 0, p2, dig=w2, role="abandoned", sty=sty, vcut=False)
        tmpl = "{}" + corr + "{}" + cx.pk(zh=["……唉，", "……"], en=["... ugh, ", "... "], mx=["……唉，"]) + B(cx, RESTART) + "{}"
        return [ask(cx, k), cx.T("C", tmpl, a1, a2, say(cx, num, role="corrected", sty=sty))]
    if v == "swap-noticed":
        if k == "phone":
            w, i0 = swapped(r, num, bs[0] if bs else 3, n - 5)
            if w is None:
                raise Redraw("no swap")
            g0, g1 = num.group_of(i0)
            ab = say(cx, num, 0, g1, dig=w, role="abandoned", sty=sty, cc=True, vcut=False)
            note = cx.pk(zh=["——哎，有俩数念反了，", "……不对，那俩颠倒了，"], en=["— wait, I swapped a pair in there, ", "— no, I've got those the wrong way round, "],
                         mx=["——sorry，有俩数 swap 了，"])
            return [ask(cx, k), cx.T("C", "{}" + note + "{}", ab, say(cx, num, g0, n, role="corrected", sty=sty))]
        w, i0 = swapped(r, num)
        if w is None:
            raise Redraw("no swap")
        g0, g1 = num.group_of(i0)
        wrong = say(cx, num, dig=w, role="wrong", sty=sty, vcut=False)
        good_g = say(cx, num, g0, g1, role="corrected", base="ar" if r.random() < 0.5 else None)
        bad_g = say(cx, num, g0, g1, dig=w, role="wrong", base="ar")
        return [ask(cx, k), answer(cx, wrong, tail_ok=False), cx.T("A", cx.pk(zh=["好的，我输一下……"], en=["Okay, typing that in..."], mx=["OK，我输入下……"])),
                cx.T("C", cx.pk(zh=["等一下，我有俩数念反了，应该是{}，不是{}。", "哎不对，那段是{}，刚才说成{}了。"],
                                en=["Wait, I swapped a pair of digits — it's {}, not {}.", "Sorry, that group should be {}; I said {}."],
                                mx=["Wait，有俩数念反了，应该是{}，not {}。"]), good_g, bad_g),
                cx.T("A", B(cx, RB_FULL), say(cx, num, role="readback", base="ar" if r.random() < 0.6 else None)), cx.T("C", B(cx, CONFIRM))]
    if v == "rb-groupwise":
        starts = [0] + bs
        ends = bs + [n]
        j = r.randrange(1, len(starts) - (1 if k == "phone" else 0))
        hi = ends[j] if not (k == "id_number" and ends[j] == n) else n - 1
        w, _ = changed(r, num, starts[j], hi)
        if w is None:
            raise Redraw("no misheard group")
        rs = make_sty(cx, num, "ar" if r.random() < 0.5 else None)
        turns = [ask(cx, k), answer(cx, say(cx, num, cc=True), tail_ok=False)]
        turns.append(cx.T("A", cx.pk(zh=["我一段一段对：{}？", "分段核对下，{}？"], en=["Let me take it in chunks: {}?", "Group by group then — {}?"],
                                     mx=["我分段 check：{}？"]), say(cx, num, 0, ends[0], role="readback", sty=rs)))
        turns.append(cx.T("C", B(cx, CONFIRM)))
        for gi in range(1, j):
            turns.append(cx.T("A", "{}？", say(cx, num, starts[gi], ends[gi], role="readback", sty=rs)))
            turns.append(cx.T("C", B(cx, CONFIRM)))
        turns.append(cx.T("A", "{}？", say(cx, num, starts[j], ends[j], dig=w, role="misheard", sty=rs)))
        turns.append(cx.T("C", cx.pk(zh=["不是，{}。", "不对，是{}。"], en=["No, {}.", "No — {}."], mx=["不是，{}。", "No，{}。"]),
                          say(cx, num, starts[j], ends[j], role="corrected")))
        if j + 1 < len(starts):
            turns.append(cx.T("A", cx.pk(zh=["好，{}，剩下{}？", "{}，后面{}？"], en=["Got it, {}, then {}?", "{}, and the rest {}?"], mx=["OK，{}，then {}？"]),
                              say(cx, num, starts[j], ends[j], role="readback", sty=rs), say(cx, num, starts[j + 1], n, role="readback", sty=rs)))
        else:
            turns.append(cx.T("A", cx.pk(zh=["好，{}。"], en=["Got it, {}."], mx=["OK，{}。"]), say(cx, num, starts[j], ends[j], role="readback", sty=rs)))
        turns.append(cx.T("C", B(cx, CONFIRM)))
        return turns
    if v == "last-bit":
        if k == "phone":
            ab = say(cx, num, 0, n - 2, role="abandoned", sty=sty, cc=True, vcut=False)
            return [ask(cx, k), cx.T("C", "{}……" + B(cx, LASTBIT) + "{}", ab, say(cx, num, n - 4, n, role="corrected", sty=sty))]
        gl = bs[-1] if bs else n - 4
        w, _ = changed(r, num, gl, n - 1 if k == "id_number" else n)
        if w is None:
            raise Redraw("no wrong tail")
        wrong = say(cx, num, dig=w, role="wrong", sty=sty, vcut=False)
        fix = say(cx, num, gl, n, role="corrected", sty=sty)
        if r.random() < 0.5:
            return [ask(cx, k), cx.T("C", "{}¶" + B(cx, LASTBIT) + "{}。", wrong, fix), cx.T("A", B(cx, ACK))]
        return [ask(cx, k), answer(cx, wrong, tail_ok=False), cx.T("A", cx.pk(zh=["好……"], en=["Okay..."], mx=["OK……"])),
                cx.T("C", B(cx, LASTBIT) + "{}。", fix), cx.T("A", B(cx, ACK))]
    if v == "later":
        q, a = B(cx, FOLLOW_Q)
        if k == "phone":
            old = cx.new("phone", "mobile")
            f_old = say(cx, old, role="old", cc=True)
            turns = [ask(cx, k), answer(cx, f_old, tail_ok=False), cx.T("A", q), cx.T("C", a),
                     cx.T("C", cx.pk(zh=["哎等下，刚才给您的是我以前的号，现在用的是{}。", "对了，前面那个号停了，换成{}。"],
                                     en=["Oh — sorry, that's my old number. The current number is {}.", "Actually scrap the earlier number, it's {} now."],
                                     mx=["Sorry，刚才那个是 old number，现在用{}。"]), say(cx, num, role="corrected", sty=sty, cc=True)),
                     cx.T("A", B(cx, ACK))]
            return turns
        bs2 = bs or [n // 2]
        starts = [0] + bs2
        ends = bs2 + [n]
        j = r.randrange(0, len(starts))
        hi = ends[j] if not (k == "id_number" and ends[j] == n) else n - 1
        w, _ = changed(r, num, starts[j], hi)
        if w is None:
            raise Redraw("no wrong group")
        wrong = say(cx, num, dig=w, role="wrong", sty=sty, vcut=False)
        fix = say(cx, num, starts[j], ends[j], role="corrected")
        return [ask(cx, k), answer(cx, wrong, tail_ok=False), cx.T("A", q), cx.T("C", a),
                cx.T("C", cx.pk(zh=["哦对了，刚才那个号有一段说错了，应该是{}。", "还有，前面报的号码里那截不对，是{}。"],
                                en=["Oh, and going back to that number — a part of it was wrong, it should be {}.", "Sorry, back to the number: that group is actually {}."],
                                mx=["对了，刚才 number 有一段错了，应该是{}。"]), fix),
                cx.T("A", B(cx, RB_FULL), say(cx, num, role="readback", base="ar" if r.random() < 0.5 else None)), cx.T("C", B(cx, CONFIRM))]
    if v == "later-rb":
        g0, p = early_span(num)
        w, _ = changed(r, num, g0, p)
        if w is None:
            raise Redraw("no misheard prefix")
        q, a = B(cx, FOLLOW_Q)
        mis = say(cx, num, 0, p, dig=w, role="misheard", base="ar" if r.random() < 0.5 else None)
        bad = say(cx, num, g0, p, dig=w, role="misheard", base="ar")
        good = say(cx, num, g0, n, role="corrected")
        return [ask(cx, k), answer(cx, say(cx, num, cc=True), tail_ok=False),
                cx.T("A", cx.pk(zh=["好，{}……那顺便问下，", "{}，嗯。另外，"], en=["Okay, {}... and while I've got you, ", "{}, right. Also, "],
                                mx=["OK，{}……另外，"]) + q, mis),
                cx.T("C", a),
                cx.T("C", cx.pk(zh=["还有，刚才您念的{}不对，是{}。", "对了，号码您念成{}了，应该是{}。"], en=["Also, you read back {} — it's {}.", "And the number: not {}, it's {}."],
                                mx=["还有，你念的{}不对，是{}。"]), bad, good),
                cx.T("A", B(cx, RB_FULL), say(cx, num, role="readback")), cx.T("C", B(cx, CONFIRM))]
    # not-validate (ID / card)
    w, _ = changed(r, num)
    if w is None:
        raise Redraw("no wrong version")
    return [ask(cx, k), answer(cx, say(cx, num, dig=w, role="wrong", sty=sty, vcut=False), tail_ok=False), cx.T("A", B(cx, NOTVALID)),
            cx.T("C", cx.pk(zh=["啊？我再看看……{}", "不好意思，是{}。"], en=["Oh? Let me look again... {}.", "Sorry, it's {}."],
                            mx=["啊？let me see……{}", "Sorry，是{}。"]), say(cx, num, role="corrected"))]


def ph_filler(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    v = vpick(cx, ["between", "inside", "leadin", "readback", "long", "between"])
    cx.variant = v
    bs = num.bounds()
    if v == "between" and bs:
        ps = r.sample(bs, min(len(bs), r.randint(1, 3)))
        f = say(cx, num, fills={p: fill_text(cx) for p in ps}, cc=True)
        return [ask(cx, k), answer(cx, f, tail_ok=False)]
    if v in ("inside", "between"):
        p = inner_pos(cx, num, 2, n - 2)
        fills = {p: fill_text(cx)}
        if bs and r.random() < 0.5:
            q = r.choice(bs)
            if q != p:
                fills[q] = fill_text(cx)
        return [ask(cx, k), answer(cx, say(cx, num, fills=fills, cc=True), tail_ok=False)]
    if v == "leadin":
        lead = cx.pk(zh=["呃……我看看啊，那个……", "嗯……就是……", "额，稍等，呃，"], en=["Um... let me think... er, ", "Uh, hmm, so... ", "Erm... right, "],
                     mx=["呃……let me see，", "Um……那个，"])
        fills = {}
        if r.random() < 0.7:
            fills[inner_pos(cx, num, 2, n - 2) if not bs or r.random() < 0.4 else r.choice(bs)] = fill_text(cx)
        return [ask(cx, k), cx.T("C", lead + "{}", say(cx, num, fills=fills, cc=True))]
    if v == "readback":
        p = mid_bound(cx, num) if bs else inner_pos(cx, num, 2, n - 2)
        rb = say(cx, num, role="readback", fills={p: fill_text(cx)})
        return [ask(cx, k), answer(cx, say(cx, num, cc=True), tail_ok=False), cx.T("A", B(cx, RB_FULL), rb), cx.T("C", B(cx, CONFIRM))]
    long = {"zh": ["……我看看啊……", "……那个，就是……", "，呃……嗯……"], "en": ["... let me see... um... ", ", uh, hang about, ", "... hmm, er, "]}
    lg = cx.sublang()
    p = mid_bound(cx, num)
    return [ask(cx, k), answer(cx, say(cx, num, fills={p: r.choice(long[lg])}, cc=True), tail_ok=False)]


def chunks(r, n, lo=1, hi=5):
    out = []
    while n > 0:
        c = min(n, r.randint(lo, hi))
        out.append(c)
        n -= c
    return out


def ph_asr_chunks(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    v = vpick(cx, ["itn", "cut", "digit-token", "numeral-mix", "cut", "stutter", "itn", "cut"])
    if v == "numeral-mix" and cx.lang == "en":
        v = "itn"
    cx.variant = v
    if v == "itn":
        g = chunks(r, n, 1, 5)
        sty = make_sty(cx, num, "ar")
        sty.gsep = " "
        return [ask(cx, k), answer(cx, say(cx, num, groups=g, sty=sty, cc=True), tail_ok=False)]
    if v == "digit-token":
        sty = make_sty(cx, num, "ar")
        sty.gsep = " "
        return [ask(cx, k), answer(cx, say(cx, num, groups=[1] * n, sty=sty, cc=True), tail_ok=False)]
    if v == "numeral-mix":
        sty = make_sty(cx, num, "mix")
        sty.mix = ["zh", "ar"] if r.random() < 0.5 or cx.lang == "zh" else ["en", "ar"]
        r.shuffle(sty.mix)
        sty.gsep = " "
        return [ask(cx, k), answer(cx, say(cx, num, groups=chunks(r, n, 2, 4), sty=sty, cc=True), tail_ok=False)]
    if v == "stutter":
        limit = n - 5 if k == "phone" else n - 1
        pos = set(r.sample(range(1, limit), r.choice([1, 1, 2])))
        sty = make_sty(cx, num, r.choice(["ar", "en"] if cx.lang != "zh" else ["ar", "zh"]))
        f = say(cx, num, stut=pos, sty=sty, cc=True)
        return [ask(cx, k), answer(cx, f, tail_ok=False)]
    p = inner_pos(cx, num, 3, n - 2)
    cuts = {p}
    if n >= 15 and r.random() < 0.4:
        q = inner_pos(cx, num, 3, n - 2)
        if abs(q - p) >= 2:
            cuts.add(q)
    sty = make_sty(cx, num, "ar" if r.random() < 0.5 else None)
    f = say(cx, num, cuts=cuts, sty=sty, cc=True)
    return [ask(cx, k), cx.T("C", "{}", f)]


def ph_readback(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    opts = ["full", "last4", "first", "finish", "agent-restart", "full"]
    opts += ["misheard-fix", "misheard-last4"] if k != "phone" else ["early-misheard", "early-misheard"]
    v = vpick(cx, opts)
    cx.variant = v
    bs = num.bounds()
    rb_base = "ar" if r.random() < 0.45 else None
    head = [ask(cx, k), answer(cx, say(cx, num, cc=True), tail_ok=False)]
    if v == "full":
        return head + [cx.T("A", B(cx, RB_FULL), say(cx, num, role="readback", base=rb_base, cc=r.random() < 0.5)), cx.T("C", B(cx, CONFIRM))]
    if v == "agent-restart":
        p = mid_bound(cx, num, 0.2, 0.6)
        sty = make_sty(cx, num, rb_base)
        ab = say(cx, num, 0, p, role="abandoned", sty=sty, vcut=False)
        return head + [cx.T("A", cx.pk(zh=["好，{}……呃，我重新念下，{}，对吧？", "我复述下，{}……啊不是，{}。"],
                                       en=["So that's {}... sorry, let me start that again, {}, yes?", "Reading back, {}, er, no, from the top: {}."],
                                       mx=["OK，{}……sorry，重新念：{}，right？"]), ab, say(cx, num, role="readback", sty=sty)),
                       cx.T("C", B(cx, CONFIRM))]
    if v == "last4":
        return head + [cx.T("A", B(cx, RB_LAST4), say(cx, num, n - 4, n, role="readback", base=rb_base)), cx.T("C", B(cx, CONFIRM))]
    if v == "first":
        e = bs[0] if bs else 6
        return head + [cx.T("A", B(cx, RB_FIRST), say(cx, num, 0, e, role="readback", base=rb_base)),
                       cx.T("C", cx.pk(zh=["对，后面也没错。", "对。"], en=["Yes, that's it.", "Yep."], mx=["对，yes。"]))]
    if v == "finish":
        a = say(cx, num, 0, n - 4, role="readback", base=rb_base)
        return head + [cx.T("A", cx.pk(zh=["所以是{}……", "那就是{}，最后？"], en=["So that's {}...", "I've got {} and then...?"], mx=["So 是{}……？"]), a),
                       cx.T("C", cx.pk(zh=["{}。", "最后{}。"], en=["{}.", "Then {}."], mx=["{}。"]), say(cx, num, n - 4, n, role="piece"))]
    if v == "misheard-fix":
        w, i0 = changed(r, num)
        if w is None:
            raise Redraw("no misheard version")
        g0, g1 = num.group_of(i0)
        if g1 - g0 > 8:
            g0, g1 = max(g0, i0 - 2), min(g1, i0 + 3)
        return head + [cx.T("A", B(cx, RB_FULL), say(cx, num, dig=w, role="misheard", base=rb_base, vcut=False)),
                       cx.T("C", cx.pk(zh=["不对，是{}，不是{}。", "那段错了，{}，不是{}。"], en=["No, it's {}, not {}.", "Not quite — {}, not {}."],
                                       mx=["不对，是{}，not {}。"]), say(cx, num, g0, g1, role="corrected"), say(cx, num, g0, g1, dig=w, role="misheard")),
                       cx.T("A", cx.pk(zh=["抱歉，再念一遍：{}。", "好的，{}。"], en=["Sorry — {}.", "Got it, {}."], mx=["Sorry，{}。"]), say(cx, num, role="readback", base=rb_base)),
                       cx.T("C", B(cx, CONFIRM))]
    if v == "misheard-last4":
        w, _ = changed(r, num, n - 4, n - 1 if k == "id_number" else n)
        if w is None:
            raise Redraw("no misheard tail")
        return head + [cx.T("A", B(cx, RB_LAST4), say(cx, num, n - 4, n, dig=w, role="misheard", base=rb_base)),
                       cx.T("C", cx.pk(zh=["不是，是{}。", "{}，不是那个。"], en=["No, {}.", "It's {}, actually."], mx=["No，{}。"]), say(cx, num, n - 4, n, role="corrected"))]
    # early-misheard (phone): the agent mishears the early groups, the caller corrects them, the agent reads it back whole
    lo, p = early_span(num)
    w, _ = changed(r, num, lo, p)
    if w is None:
        raise Redraw("no misheard prefix")
    return head + [cx.T("A", cx.pk(zh=["您刚才说的是{}……？", "{}……后面呢？"], en=["Was that {}...?", "I caught {}... then?"], mx=["刚才是{}……？"]),
                        say(cx, num, 0, p, dig=w, role="misheard", base=rb_base)),
                   cx.T("C", cx.pk(zh=["不是，{}。", "不对，{}。"], en=["No, {}.", "No — {}."], mx=["No，{}。"]), say(cx, num, lo, n, role="corrected")),
                   cx.T("A", B(cx, RB_FULL), say(cx, num, role="readback", base=rb_base)), cx.T("C", B(cx, CONFIRM))]


def ph_checkchar(cx, num):
    r = cx.rng
    v = vpick(cx, ["same-line", "next-line", "agent-asks", "same-line", "agent-asks"])
    cx.variant = v + ("/digit" if num.d[17] != "X" else "")
    xp = B(cx, XPHRASE if num.d[17] == "X" else XPHRASE_D)
    sty = make_sty(cx, num)
    body = say(cx, num, 0, 17, sty=sty, role="piece")
    cc = say(cx, num, 17, 18, sty=sty, role="check-char")
    if v == "same-line":
        return [ask(cx, "id_number"), cx.T("C", "{}" + xp + "{}" + cx.pk(zh=["。", "，大写的。"], en=[".", ", capital."], mx=["。"]), body, cc)]
    if v == "next-line":
        return [ask(cx, "id_number"), cx.T("C", "{}¶" + xp.lstrip("，,. ") + "{}。", body, cc)]
    return [ask(cx, "id_number"), cx.T("C", "{}……", body),
            cx.T("A", cx.pk(zh=["还差最后一位呢？", "最后一位是？"], en=["And the final character?", "That's seventeen — and the last?"], mx=["Last character 呢？"])),
            cx.T("C", cx.pk(zh=["{}。", "是{}。", "最后是{}。"], en=["{}.", "It's {}.", "An {}."] if num.d[17] == "X" else ["{}.", "It's {}."], mx=["{}。", "是 {}。"]), cc)]


def ph_glued(cx, num):
    r, k = cx.rng, num.kind
    n = len(num.d)
    v = vpick(cx, ["whole", "mixed", "readback", "two-pieces", "whole"])
    cx.variant = v
    g = make_sty(cx, num, "glued")
    if v == "whole":
        return [ask(cx, k), answer(cx, say(cx, num, sty=g, cc=True), tail_ok=False)]
    if v == "mixed":
        m = make_sty(cx, num, "mix")
        m.mix = ["glued", "en"] if r.random() < 0.5 else ["en", "glued"]
        m.gsep = r.choice([" ", ", "])
        m.dbl = g.dbl
        return [ask(cx, k), answer(cx, say(cx, num, sty=m, cc=True), tail_ok=False)]
    if v == "readback":
        return [ask(cx, k), answer(cx, say(cx, num, base=r.choice(["en", "ar"]), cc=True), tail_ok=False),
                cx.T("A", B(cx, RB_FULL), say(cx, num, sty=g, role="readback")), cx.T("C", B(cx, CONFIRM))]
    p = mid_bound(cx, num)
    return [ask(cx, k), cx.T("C", "{}", say(cx, num, 0, p, sty=g, role="piece", cc=True)), cx.T("A", B(cx, BACKCH)),
            cx.T("C", "{}", say(cx, num, p, n, sty=g, role="piece"))]


def ph_multi(cx, kinds):
    r = cx.rng
    v = vpick(cx, ["same-line", "turns", "backup", "handover", "turns"])
    if v == "backup":
        kinds = ["phone", "phone"]
    cx.variant = v + ":" + "+".join(k[:2] for k in kinds)
    nums = []
    for i, k in enumerate(kinds):
        if v == "backup" and i == 1:
            nums.append(cx.new("phone", r.choice(["landline", "foreign", "mobile", "landline+86"])))
        else:
            nums.append(cx.new(k))
    if v == "same-line":
        a, b = nums[0], nums[1]
        glue = {"phone": {"zh": "，电话", "en": ", and my number's ", "mx": "，phone 是"},
                "id_number": {"zh": "，身份证", "en": ", ID number ", "mx": "，ID 是"},
                "bank_card": {"zh": "，卡号", "en": ", card number ", "mx": "，card 是"}}[b.kind]
        lg = cx.lang if cx.lang != "mixed" else "mx"
        lead = {"phone": {"zh": "电话", "en": "Phone's ", "mx": "Phone 是"}, "id_number": {"zh": "身份证", "en": "ID is ", "mx": "身份证 number 是"},
                "bank_card": {"zh": "卡号", "en": "Card's ", "mx": "Card 是"}}[a.kind]
        t = [cx.T("A", cx.pk(zh=["需要您的联系方式和证件信息，都报一下吧。"], en=["I'll need a couple of details from you."], mx=["需要几个 details，您报下。"])),
             cx.T("C", lead[lg] + "{}" + glue[lg] + "{}。", say(cx, a, cc=True), say(cx, b, cc=True))]
        if len(nums) > 2:
            t += [ask(cx, nums[2].kind), answer(cx, say(cx, nums[2], cc=True))]
        return t + [cx.T("A", B(cx, ACK))]
    if v == "handover":
        t = [ask(cx, nums[0].kind), cx.T("C", B(cx, HANDOVER)), cx.T("T", B(cx, T_HELLO) + "{}。", say(cx, nums[0], cc=True))]
        for x in nums[1:]:
            t += [ask(cx, x.kind), cx.T("T", B(cx, ANS), say(cx, x, cc=True))]
        return t + [cx.T("A", B(cx, ACK))]
    if v == "backup":
        a, b = nums
        return [ask(cx, "phone"), answer(cx, say(cx, a, cc=True), tail_ok=False),
                cx.T("A", cx.pk(zh=["有备用号码吗？万一打不通。", "再留个备用电话？"], en=["Any backup number in case that one's off?", "Is there a second number we can try?"],
                                mx=["有 backup number 吗？"])),
                cx.T("C", B(cx, BACKUP[b.sub if b.sub in BACKUP else "foreign"]), say(cx, b, cc=True)), cx.T("A", B(cx, ACK))]
    t = []
    for x in nums:
        t += [ask(cx, x.kind), answer(cx, say(cx, x, cc=True))]
    return t + [cx.T("A", B(cx, ACK))]


BACKUP = {"mobile": {"zh": ["有，还有个手机，{}。", "我另一个号{}，白天打这个。"], "en": ["Yes, my other mobile is {}.", "Try {} as well, that's my work mobile."],
                     "mx": ["有，另一个 mobile 是{}。"]},
          "landline": {"zh": ["座机也行，{}。", "家里座机{}，晚上有人。"], "en": ["The landline, {}, evenings are best.", "There's the office line, {}."],
                       "mx": ["座机也可以，{}，evening 有人。"]},
          "landline+86": {"zh": ["打座机吧，{}。"], "en": ["From abroad you'd dial the landline as {}."], "mx": ["座机，from overseas 打{}。"]},
          "foreign": {"zh": ["我在国外的号是{}，这阵子在外面。", "国外那个号{}也行。"], "en": ["I'm abroad a lot, so {} as well.", "My overseas number, {}."],
                      "mx": ["我 overseas 的号{}也可以。"]}}
LREF_NAMES = {"zh": ["运单号", "快递单号", "订单号", "保单号", "发票号", "流水号", "序列号", "合同编号", "批次号"],
              "en": ["tracking number", "order number", "policy number", "invoice number", "serial number", "transaction reference",
                     "batch number", "contract number"]}


def ph_negative(cx):
    r = cx.rng
    first = vpick(cx, ["lref", "lref-rb", "mem", "hot", "code", "lref", "chat"])
    segs = [first] + r.sample([x for x in ["chat", "chat2", "lref", "lref-rb", "mem", "hot", "code"] if x != first], r.randint(1, 2))
    r.shuffle(segs)
    cx.variant = "+".join(segs)
    turns = []
    chats = list(cx.dom["chat"]["mx" if cx.lang == "mixed" and r.random() < 0.6 else cx.sublang()])
    r.shuffle(chats)
    for s in segs:
        lg = cx.sublang()
        if s in ("chat", "chat2"):
            c, a = chats.pop() if chats else r.choice(cx.dom["chat"][lg])
            turns += [cx.T("C", c), cx.T("A", a)]
        elif s in ("lref", "lref-rb"):
            name = r.choice(LREF_NAMES[lg])
            ref = g_lrefw(r, lg) if r.random() < 0.55 else g_lref(r)
            if lg == "zh":
                q = r.choice(["我想查一下，{name}是{ref}。", "帮我看看{name}{ref}到哪了？", "{name}{ref}，这个处理了没有？",
                              "我手上有个{name}，{ref}，麻烦查下。"]).format(name=name, ref=ref)
                a = r.choice(["稍等……查到了，{date}已经处理，状态正常。", "查到了，预计{date}到。", "这单还在处理，{days}个工作日内完成。"])
                turns += [cx.T("C", q)]
                if s == "lref-rb":
                    turns += [cx.T("A", r.choice(["您说的是{ref}，对吧？", "我重复下，{ref}，没错吧？"]).format(ref=ref)), cx.T("C", "对。")]
                turns += [cx.T("A", a)]
            else:
                q = r.choice(["Can you check something for me? The {name} is {ref}.", "I've got a {name} here, {ref}, what's happening with it?",
                              "Could you look up {name} {ref}?"]).format(name=name, ref=ref)
                a = r.choice(["Just a moment... yes, processed on {dateE}, all fine.", "Found it, due on {dateE}.",
                              "That's still in progress, give it {days} working days."])
                turns += [cx.T("C", q)]
                if s == "lref-rb":
                    turns += [cx.T("A", r.choice(["That's {ref}, yes?", "Let me repeat that: {ref}?"]).format(ref=ref)), cx.T("C", "Yes, that's it.")]
                turns += [cx.T("A", a)]
        elif s == "mem":
            m = g_mem(r)
            if lg == "zh":
                turns += [cx.T("C", f"我会员号是{m}，积分怎么少了？"), cx.T("A", "我看下，{date}兑换了一次，扣了{pts}分。")]
            else:
                turns += [cx.T("C", f"My membership number is {m}, why have my points dropped?"), cx.T("A", "Let me see, you redeemed {pts} points on {dateE}.")]
        elif s == "hot":
            if lg == "zh":
                turns += [cx.T("C", "你们有没有别的电话？晚上打不进来。"), cx.T("A", "可以打{hot}，{time}到晚上都有人。")]
            else:
                turns += [cx.T("C", "Is there another line? I can never get through in the evening."), cx.T("A", "Try {hot}; it's staffed from {timeE} until late.")]
        else:
            if lg == "zh":
                turns += [cx.T("A", "我给您发了个验证码，短信里六位数那个，您念下？"), cx.T("C", "{code6}。"), cx.T("A", "好的，验证通过，有效期{mins}分钟。")]
            else:
                turns += [cx.T("A", "I've just texted you a six-digit code, could you read it out?"), cx.T("C", "{code6}."), cx.T("A", "Thanks, that's verified; it lasts {mins} minutes.")]
    return turns


# ============================================================================================
# A whole call
# ============================================================================================

def intro(cx):
    r = cx.rng
    t = []
    if r.random() < 0.18:
        t.append(cx.T("S", B(cx, IVR)))
    lg = cx.lang if cx.lang != "mixed" else ("mx" if r.random() < 0.6 else r.choice(["zh", "en"]))
    if r.random() < 0.2 and cx.phen != "negative":
        cx.outbound = True
        t += [cx.T("A", B(cx, OUTBOUND)), cx.T("C", B(cx, OUT_OK))]
        return t
    c, a = r.choice(cx.dom["reason"][lg])
    t += [cx.T("A", B(cx, GREET)), cx.T("C", c), cx.T("A", a)]
    return t


def outro(cx):
    t = [cx.T("A", B(cx, WRAP_A))]
    if cx.rng.random() < 0.7:
        t.append(cx.T("C", B(cx, WRAP_C)))
    return t


PH_BUILD = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
            "filler": ph_filler, "asr-chunks": ph_asr_chunks, "readback": ph_readback, "check-char-apart": ph_checkchar,
            "glued-words": ph_glued}
EXTRA_OK = {"plain", "interruption", "continuation", "filler", "readback", "correction", "asr-chunks"}


def build_turns(cx):
    r = cx.rng
    cx.outbound = False
    turns = intro(cx)
    ph = cx.phen
    if ph == "negative":
        core = ph_negative(cx)
    elif ph == "multi-number":
        core = ph_multi(cx, cx.plan["kinds"])
    else:
        kind = cx.plan["kinds"][0]
        sub = None
        if ph == "check-char-apart":
            sub = r.random() < 0.8
        num = cx.new(kind, sub)
        core = PH_BUILD[ph](cx, num)
        if ph in EXTRA_OK and r.random() < 0.15:
            k2 = r.choice([k for k in ("phone", "id_number", "bank_card") if k != kind])
            n2 = cx.new(k2)
            core += [ask(cx, k2), answer(cx, say(cx, n2, cc=True))]
            cx.variant += "+extra"
    turns += core
    turns += outro(cx)
    return turns


# ============================================================================================
# Plan, rendering, checks, set
# ============================================================================================

PHEN_COUNTS = {"plain": 26, "interruption": 34, "continuation": 30, "correction": 64, "filler": 30, "asr-chunks": 32,
               "readback": 46, "check-char-apart": 24, "glued-words": 24, "multi-number": 34, "negative": 56}
LANG_COUNTS = {"zh": 160, "en": 140, "mixed": 100}
FMT_COUNTS = {"text": 178, "vtt": 122, "asr-json": 100}
DOM_KEYS = ["roadside", "karting", "dojo", "cookery", "coffee", "firesafe", "mobility", "kennel", "surf", "dairy", "garden",
            "periodicals"]
FMT_BIAS = {"asr-chunks": {"text": 0.35, "vtt": 1.4, "asr-json": 2.2}, "continuation": {"text": 1.0, "vtt": 1.5, "asr-json": 1.0},
            "interruption": {"text": 1.0, "vtt": 1.3, "asr-json": 1.0}}


def make_plan(seed):
    r = random.Random(f"{seed}:plan")
    phens = [p for p, c in PHEN_COUNTS.items() for _ in range(c)]
    assert len(phens) == N_CASES
    r.shuffle(phens)
    plans = [{"phenomenon": p} for p in phens]
    lq = dict(LANG_COUNTS)
    order = sorted(range(N_CASES), key=lambda i: (plans[i]["phenomenon"] != "glued-words", i))
    for i in order:
        ph = plans[i]["phenomenon"]
        w = [(l, c * (0 if (ph == "glued-words" and l == "zh") else 1)) for l, c in lq.items()]
        if sum(c for _, c in w) <= 0:
            raise Bug("language quota")
        l = wpick(r, w)
        plans[i]["lang"] = l
        lq[l] -= 1
    fq = dict(FMT_COUNTS)
    order = sorted(range(N_CASES), key=lambda i: (plans[i]["phenomenon"] not in FMT_BIAS, i))
    for i in order:
        ph = plans[i]["phenomenon"]
        bias = FMT_BIAS.get(ph, {})
        w = [(f, c * bias.get(f, 1.0)) for f, c in fq.items()]
        f = wpick(r, w)
        plans[i]["format"] = f
        fq[f] -= 1
    doms = [DOM_KEYS[i % len(DOM_KEYS)] for i in range(N_CASES)]
    r.shuffle(doms)
    slots = Counter()
    for i, p in enumerate(plans):
        p["slot"] = slots[p["phenomenon"]]
        slots[p["phenomenon"]] += 1
        p["domain"] = doms[i]
        p["shape"] = ("whisper" if r.random() < 0.55 else "flat") if p["format"] == "asr-json" else None
        ph = p["phenomenon"]
        if ph == "check-char-apart":
            p["kinds"] = ["id_number"]
        elif ph == "multi-number":
            ks = ["phone", "id_number", "bank_card"]
            r.shuffle(ks)
            p["kinds"] = ks[:3] if r.random() < 0.3 else ks[:2]
        elif ph == "negative":
            p["kinds"] = []
        else:
            p["kinds"] = [wpick(r, [("phone", 42), ("id_number", 31), ("bank_card", 27)])]
    return plans


def has_code_switch(lines):
    for _, _, items, _ in lines:
        s = "".join(it for it in items if isinstance(it, str))
        if any(is_cjk(c) for c in s) and re.search(r"[A-Za-z]{2,}", s):
            return True
    return False


def render_case(cx, lr, turns):
    lines = content_lines(turns)
    case = {"id": f"{SET}-{cx.idx:04d}", "set": SET, "phenomenon": cx.phen, "lang": cx.lang, "format": cx.fmt,
            "domain": cx.dom["key"], "variant": ""}
    if cx.fmt == "text":
        body, lines2, marks, lv = render_text(cx, lr, turns)
    elif cx.fmt == "vtt":
        body, lines2, marks, lv = render_vtt(cx, lr, turns)
    else:
        body, marks, lv = render_asr(cx, lr, turns, cx.plan["shape"])
        lines2 = lines
    stream_check(lines2, marks, cx)
    if cx.lang == "mixed" and not has_code_switch(lines):
        raise Redraw("mixed call without code-switching")
    for n in cx.nums:
        if not number_ok(n):
            raise Bug("number")
    for f in cx.frags:
        if f.dig != f.num.d and f.kind != "phone" and version_valid(f.num, f.dig):
            raise Bug("a wrong ID / card version passes its check")
    case["variant"] = cx.variant + ";" + lv + (";out" if cx.outbound else "") + (";cut" if cx.auto_cuts else "") + \
        (";swapped-labels" if cx.swapped_labels else "")
    case.update(body)
    return case


def draw_case(seed, idx, plan, used, redraws):
    for attempt in range(MAX_REDRAWS):
        rng = random.Random(f"{seed}:{idx}:{attempt}:dialogue")
        lr = random.Random(f"{seed}:{idx}:{attempt}:layout")
        cx = Ctx(rng, idx, plan)
        cx.variant = ""
        try:
            turns = build_turns(cx)
            case = render_case(cx, lr, turns)
            for n in cx.nums:
                if n.d in used:
                    raise Redraw("number used by another case")
            prob = ev.builtin_case_problem(case, SET)
            if prob:
                raise Redraw("scorer built-in check: " + prob.split(":")[1].strip()[:40])
        except Redraw as e:
            redraws[e.why] += 1
            continue
        for n in cx.nums:
            used.add(n.d)
        return case, cx
    raise Bug(f"case {idx}: no valid draw in {MAX_REDRAWS}")


NUMBER_WORDS = set(ev.EN_VAL) | ev.EN_ZERO_WEIGHT
SHARED_BANKS = ["ASK", "ANS", "ANS_TAIL", "ACK", "CONFIRM", "BACKCH", "CORR", "RESTART", "WRAP_A", "WRAP_C", "GREET", "IVR",
                "OUTBOUND", "OUT_OK", "RB_FULL", "RB_LAST4", "RB_FIRST", "TAILQ", "NOTVALID", "LASTBIT", "FOLLOW_Q", "QUESTION",
                "XPHRASE", "XPHRASE_D", "HANDOVER", "T_HELLO", "BACKUP", "FILL", "LREF_NAMES", "LAB_GENERIC", "THIRD", "SYSV", "ZH_NAMES",
                "EN_NAMES", "ZH_AGENTS", "EN_AGENTS", "VTT_TITLES", "VTT_NOTES"]


def strings_of(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings_of(v)
    elif isinstance(x, (list, tuple)):
        for v in x:
            yield from strings_of(v)


def lint_banks():
    """No English number word (nor o / oh / x) in the shared phrase banks, none of o / oh / one / x in the domain
    lines, no digit or number word in a speaker label, no `*` anywhere."""
    g = globals()
    for name in SHARED_BANKS:
        for s in strings_of(g[name]):
            for w in re.findall(r"[A-Za-z]+", re.sub(r"\{[a-zA-Z0-9_]*\}", " ", s)):
                if w.lower() in NUMBER_WORDS or w.lower() == "x":
                    raise Bug(f"number word {w!r} in {name}: {s!r}")
            if "*" in s:
                raise Bug("asterisk")
    for d in DOMAINS.values():
        for s in strings_of([d["reason"], d["chat"], d["zh_co"], d["en_co"], d["lab_zh"], d["lab_en"]]):
            for w in re.findall(r"[A-Za-z]+", re.sub(r"\{[a-zA-Z0-9_]*\}", " ", s)):
                if w.lower() in ("o", "oh", "one", "x"):
                    raise Bug(f"{w!r} in domain {d['key']}: {s!r}")
        for s in strings_of([d["lab_zh"], d["lab_en"], d["zh_co"], d["en_co"]]):
            if ev.readable_count(s):
                raise Bug(f"digits in a name or label: {s!r}")
    for s in strings_of([LAB_GENERIC, THIRD, SYSV, ZH_AGENTS, EN_AGENTS, ZH_NAMES, EN_NAMES]):
        if ev.readable_count(s):
            raise Bug(f"digits in a name or label: {s!r}")


def generate(seed):
    lint_banks()
    plans = make_plan(seed)
    used = set()
    redraws = Counter()
    cases = []
    stats = defaultdict(Counter)
    for i, plan in enumerate(plans):
        case, cx = draw_case(seed, i + 1, plan, used, redraws)
        cases.append(case)
        collect(stats, case, cx)
    report = ev.require_set_checks(cases, SET)
    return cases, report, stats, redraws


def collect(stats, case, cx):
    ph, lg, fm = case["phenomenon"], case["lang"], case["format"]
    stats["phenomenon"][ph] += 1
    stats["lang"][lg] += 1
    stats["format"][fm] += 1
    stats["ph-lang"][(ph, lg)] += 1
    stats["ph-fmt"][(ph, fm)] += 1
    stats["domain"][case["domain"]] += 1
    labels = ev.labels_of(case)
    for lab in labels:
        stats["label-kind"][lab["kind"]] += 1
        stats["label-role"][lab["role"]] += 1
        stats["label-last4"][lab["last4_ok"]] += 1
    stats["frag-kind"].update(f.kind for f in cx.frags)
    stats["frag-role"].update(f.role for f in cx.frags)
    stats["frag-cut"]["cut"] += sum(1 for f in cx.frags if len(f.parts) > 1)
    stats["nums"].update(n.kind + ":" + n.sub for n in cx.nums)
    kinds = {f.kind for f in cx.frags}
    stats["kinds-per-case"][len(kinds)] += 1
    for k in kinds:
        stats["cases-with"][k] += 1
    stats["layout"][case["variant"].split(";")[1].split("/")[0]] += 1
    if fm == "asr-json":
        stats["asr"]["whisper" if "segments" in case["transcript"] else "flat"] += 1
        if "nopunct" in case["variant"]:
            stats["asr"]["nopunct"] += 1
    if fm == "vtt":
        t = case["transcript_text"]
        stats["vtt"]["NOTE"] += "\nNOTE" in t
        stats["vtt"]["STYLE"] += "\nSTYLE" in t
        stats["vtt"]["<v"] += "<v" in t
        stats["vtt"]["settings"] += any(s in t for s in ("align:", "line:", "position:", "size:"))
        stats["vtt"]["overlap"] += "/overlap" in case["variant"]
        stats["vtt"]["split-frag"] += any(len(f.parts) > 1 for f in cx.frags)
    stats["variant"][(ph, case["variant"].split(";")[0])] += 1
    stats["double"]["frags"] += sum(1 for f in cx.frags if any("double" in p or "triple" in p for p in f.parts))
    stats["outbound"]["out"] += cx.outbound


def summary(stats):
    out = []
    out.append("phenomena: " + ", ".join(f"{p} {stats['phenomenon'][p]}" for p in ev.PHENOMENA))
    out.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["lang"].items())))
    out.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["format"].items())) +
               f" (asr-json: {dict(sorted(stats['asr'].items()))})")
    out.append("vtt: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["vtt"].items())))
    out.append("labels by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["label-kind"].items())) +
               f"; last4_ok {stats['label-last4'][True]}")
    out.append("fragments by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["frag-kind"].items())) +
               f"; split over lines/cues/segments {stats['frag-cut']['cut']}; with double/triple {stats['double']['frags']}")
    out.append("fragments by role: " + ", ".join(f"{k} {v}" for k, v in stats["frag-role"].most_common()))
    out.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["nums"].items())))
    out.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["cases-with"].items())) +
               "; kinds per case " + ", ".join(f"{k}:{v}" for k, v in sorted(stats["kinds-per-case"].items())))
    out.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["domain"].items())))
    for p in ev.PHENOMENA:
        zl = "/".join(str(stats["ph-lang"][(p, l)]) for l in ("zh", "en", "mixed"))
        fl = "/".join(str(stats["ph-fmt"][(p, f)]) for f in ("text", "vtt", "asr-json"))
        vs = ", ".join(f"{v} {c}" for (pp, v), c in sorted(stats["variant"].items()) if pp == p)
        out.append(f"  {p} {stats['phenomenon'][p]} ({zl}, {fl}): {vs}")
    out.append(f"outbound calls {stats['outbound']['out']}")
    out.append("layouts: " + ", ".join(f"{k} {v}" for k, v in stats["layout"].most_common()))
    return out


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
