#!/usr/bin/env python3
"""Creek: 400 whole call-centre conversations for `callvault redact`, written by a twenty-second independent author.

    Tools/gen_redact_creek.py            # writes Tests/VaultRedactTests/Fixtures/conversations-creek.jsonl
    Tools/gen_redact_creek.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_creek.py --out PATH

Provenance. The set ("set": "creek", ids creek-0001 ... creek-0400) was written from the task statement given to this
author (PRC resident IDs, payment cards and Chinese / foreign phones said through interruptions, corrections and
restarts, fillers, ASR chunking, read-backs with misheard digits, continuations, a check character said apart and glued
number words, beside hard negatives; the recall / precision / negative targets; for this set an emphasis on several
numbers of different kinds close together and next to look-alikes, on late corrections and corrections of a middle
group, on agent read-backs, on English and code-switched calls, on foreign phones, on messy ASR and on speaker-label /
stamp layouts of this author's own) and the scorer Tools/eval_redact_conversations.py, read in full (case schema,
labelling conventions, digit reader, structure checks, built-in redactors, builtin_case_problem, require_set_checks,
generator_main; imported here). What else was read or seen, exactly:
  - of the other generators (Tools/gen_redact_*.py), their module docstrings only, written to a scratch file by a small
    script using ast.get_docstring that printed nothing else, then read in portions and searched for the domain names
    (for the shared conventions, what they leave out, which domains are taken and which example phrasings to avoid);
    no line of their code was read (the import of the scorer here follows the scorer's own generator_main docstring);
  - the file names in Tools/ and in Tests/VaultRedactTests/Fixtures/ (ls) and the line count of the scorer (wc);
    no fixture content at all;
  - the scorer's own `_decompose` / `readable_count`, called from a one-line script on a list of words (twenty,
    twentyone, eighteen, hundred, oneoh, ohoh, doubleoh, O, X, someone, often, cmH2O, 6x12, ...) to see what its digit
    reader takes for digits.
Not read: the redactor's sources (Sources/), its tests, any *.swift file, README.md, git history (no git log / diff /
show / status / blame). Nothing was built; neither swift, nor the redactor (callvault), nor Tools/test or
Tools/bench-redact was run. The dialogue, phrase banks, domains, speaker labels, layouts, stamp styles, number
renderings and look-alikes are this author's own; apart from the generic correction words of the brief (哦不是, 不对,
说错了, 重新说一下, sorry, no wait, let me start again, ……末尾是X) the example phrasings quoted in the other docstrings are
not used. The scorer's --self-check and --set list their splits by name and do not list this one; this generator runs
the same checks itself: ev.builtin_case_problem on every case as it is drawn (a case with any problem is drawn again)
and ev.require_set_checks on the whole set before anything is written.

Left out, where the scorer could not label a construction or the conventions disagree:
  - pair and hundred readings ("twenty-one", "nine hundred"): the reader has no word for "twenty" or "hundred" (they
    read as nothing), so a label could not say the number's digits and a leaked "twenty" would not count;
  - 400 / 800 / 95xxx hotlines: the task statement lists hotlines among the phones to mask, while the earlier sets'
    docstrings treat published organisation hotlines as look-alikes; rather than take a side, none is said at all
    (neither labelled nor as a negative), and no organisation landline either: every landline is the caller's own,
    with its area code inside the fragment;
  - no wrong or misheard phone whose last four differ from the real ones: a phone is only ever got wrong in a middle
    group (never in its first three digits nor its last four), so a COMPLETE wrong or misheard phone (a late correction,
    a misheard read-back) ends in the phone's real last four and carries last4_ok (showing those four shows nothing that
    a correct keep-last-4 redaction of the same phone would not); the lone wrong / misheard group said in the
    correction ("……刚才说成4771了", "you've got 0599 there") never does. Some earlier sets never set last4_ok on
    wrong digits; here the label is the lenient one only where the tail is the real tail;
  - no single-digit spoken correction (the seven should be a one), no identity numbers other than the 18-character
    PRC resident ID, no check character glued into a glued word (X is always its own word), no "x-ray"-style spelling;
  - a country code (+44, 0044, plus six one, 加六五，, (+1)) is never part of a fragment and is always said directly
    before its number (only a space or a comma between), so a redactor masking it too masks one run with the number;
  - no "double" / "triple" at the start of a fragment, of a group or of any piece a cut, a filler or an interruption
    makes, none in a phone's last five digits; a phone's last piece (after a cut, an interruption, a restart) always
    holds at least four digits, so last4_ok never depends on digits shown on another line;
  - no digits in text / WebVTT speaker labels; a stamp always stands before a label word, never directly before what
    is said; the unlabelled layouts carry no stamps; no lone X / x / 叉 / Ｘ, "oh", "o" or English number word in the
    phrase banks (checked at start-up; Chinese prose does say ordinary numerals such as 一下 / 一共, never joinable to a
    number); no "*" anywhere; no card's last four said alone as a look-alike, no birth date said apart from its ID.

Domains (twelve, none named in another set's docstring; 33 or 34 calls each): skip hire (skip), firewood & log delivery
(firewood), trophies & engraving (trophies), shop signs & vehicle lettering (signs), home-buyer surveys & inspections
(survey), a physiotherapy clinic (physio), CPAP / sleep-apnoea equipment (sleep), pet relocation abroad (petmove),
travel SIM & pocket Wi-Fi rental (travelsim), a poultry hatchery (hatchery), overseas student housing (studyhome) and
marquee & event-tent hire (marquee). Each has two company names in Chinese and two in English, its own speaker labels
(调度台/租斗客户, Yard/Hirer, 木柴铺/买家, Log yard/Buyer, 刻字店/订制人, Engraver/Customer, 标识部/商户, Sign shop/Shopkeeper,
验房师/买房人, Surveyor/Buyer, 康复前台/患者, Clinic desk/Patient, 呼吸机客服/用户, Sleep care/User, 托运顾问/宠主, Pet
travel/Owner, 流量客服/旅客, SIM desk/Traveller, 孵化场/养殖户, Hatchery/Farmer, 公寓顾问/学生家长, Housing desk/Student,
篷房租赁/活动方, Marquee hire/Organiser), a reason for wanting each kind of number, three reasons for calling in each
language with the agent's matching answer, and look-alikes of its own (skip sizes, permit days and tonnes, cubic
metres and moisture per cent, trophy counts and heights, sign sizes and Pantone codes, floor areas and years built,
session counts and treatment rooms, CPAP pressures and filters, flight numbers, crate sizes and kilos, data plans and
device codes, chick counts and incubator temperatures, room numbers, weekly rents and UK postcodes, marquee sizes and
guest counts; order / docket / quote / report / batch / contract references, amounts, dates and times). 76 calls are
outbound (the agent rings); some open with an IVR / 系统 line; a value said once (an amount, a date) is often said
again by the other side.

Emphasis of this set, and where it is:
  1. numbers close together and beside look-alikes: 54 multi-number calls (two or three kinds: a phone right after an
     order number in one breath, a card followed by the amount being taken, an ID followed by its expiry date, two
     numbers in one line, two phones, a second voice after a hand-over, a regrouped read-back of the last one), plus
     look-alikes beside the number in plain calls; 54 calls hold numbers of two or more kinds; every look-alike is
     separated from a number by words only (never by a bare comma or space), so the boundary is there to be found;
  2. late corrections: of the 56 correction calls, 28 fix the number a turn or more later (11 by the caller after the
     agent's unrelated question, 6 two exchanges later and on the last group, 11 after the agent says the number will
     not validate or does not connect), each followed by the agent's read-back; plus middle groups fixed mid-number,
     wrong prefixes abandoned, right prefixes restarted (also after a back-channel) and two abandoned attempts;
  3. read-backs: 48 read-back calls (whole and regrouped (3-4-4 read back 4-4-3, 6-8-4 read back 3-3-4-4-4, cards 6-6-4),
     partial, in another rendering than the caller's (Arabic read back as words or numerals), group by group with a
     confirmation after each, finished by the caller, and 14 misheard by one digit and put right, with or without the
     wrong group said), plus read-backs in 56 calls of the other phenomena;
  4. English and code-switched: 155 English and 112 mixed calls (67 %); numbers as words with "oh" or "zero",
     "double" / "triple", glued words, and mixed renderings (Chinese numerals, English words and Arabic groups inside
     one number; English read-backs of numbers said in Chinese);
  5. foreign phones: the generator draws UK mobiles and London numbers, US, Canada, Australia, Japan, Korea, Germany,
     France, Singapore, Hong Kong, New Zealand, Ireland, Italy, Spain, the Netherlands, Thailand, Malaysia, the UAE,
     Vietnam, the Philippines, Taiwan, Switzerland and Brazil numbers (24 plans; this seed's 67 foreign phones cover
     21 of them), in national form (trunk 0 inside the fragment) or after a country code said directly before them
     (+cc, 00cc, plus + words, 加 + numerals, (+cc)); 33 country codes are said;
  6. messy ASR: Whisper segments cut at a random word (numbers over two segments, one entity), short lines of
     different speakers merged into one segment when the transcript has no speaker field (pieces of a number and the
     other party's back-channel in one segment), Arabic chunks split into sub-words without a leading space,
     punctuation attached to words and, in some numbers, put in the wrong place (138. 0013, ...); 20 of the 135
     transcripts without punctuation; 26 Whisper entities run over two segments;
  7. layouts and stamps of this author's own (below).

Languages: Chinese 133, English 155, mixed code-switching 112.
Formats: plain text 187, WebVTT 78, ASR JSON 135 (53 flat `words`, 82 Whisper-style `segments`).
  Text: 18 inline layouts (`lab⦂ `, `lab ⋮ `, `«lab» `, `⦗lab⦘ `, `lab ╎ `, `spk=lab | `, `(ts) lab ∶ `, `ts ‖ lab ‖ `,
  `【ts·lab】`, `◖lab◗ `, `✆ lab: `, a right-aligned label column `   lab │ `, `lab ▷ `, `[ts] lab ⦂ `, `lab: `,
  `lab：`, `ts ⸺ lab: `, `t=62.4 spk=lab | `), 4 header layouts (`ts ── lab`, `::lab::`, `⧗ ts · lab`, `~~ lab ~~`
  above the turn, indented or not, blank lines between turns in most) and 2 without labels (bare, `‣ `). Stamps:
  00h01m02s, 1'02", SMPTE 00:01:02;15, +62.4s, t=62.4, 0:01:02.34, mm:ss and wall clock. A turn that goes on is
  labelled again, bare, indented, `  ┊ `- or `  ⋯ `-led. Labels: the domain pair (about 30 %), generic pairs (客服/客户,
  坐席/来电人, 服务方/来电方, 接待/顾客, Agent/Customer, Rep/Caller, Support/Client, Desk/Caller, Agent/客户, 客服/Client,
  CS/来电人, 坐席/Customer), A/B (a third voice is also B, the IVR SYS) and stereo channels L/R (the agent's channel L,
  the caller's R, a third voice on R, the IVR on L); sometimes with the agent's name (客服·小岑, Agent Priya); in 6 calls
  the labels are swapped. About half the files end in a line break.
  WebVTT: payloads `<v lab>`, `<c.agent>…</c>` / `<c.caller>…</c>` (class only, no name), `&gt;&gt; LAB: `,
  `<b>lab</b> `, `<i>lab:</i> `, `lab — `, `<v lab><lang zh-CN>…</lang></v>`; cue ids none, numeric, cN, q001 or
  turn-N; long or short timings, cue settings in most, overlapping timings at some speaker changes; a title, Kind /
  Language lines, NOTE and STYLE blocks in some; a turn that goes on is a second payload line of the cue, a new cue with
  the voice or a new cue without it, so a number cut over lines is cut over cues too.
  ASR JSON: flat `words` (speaker / spk / channel fields with A-B, spk_N, agent-customer, L-R or SPEAKER_0N values,
  or none; confidences; start / end or start_ms / end_ms; language / duration) and Whisper `segments` (leading-space
  Latin / Arabic words, Chinese one character a word, speakers in 55, word probabilities in 50, a top-level text in
  40); Chinese flat words are one character a word too.

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json):
  plain 22 (8/8/6, 11/4/7): answered (sometimes read back), a look-alike beside it in the same breath, volunteered,
    read off the system by the agent and confirmed, a foreign phone answered;
  interruption 34 (12/13/9, 17/7/10): one back-channel between two pieces, a question in the middle answered before
    the rest, the agent echoing the first piece, two interruptions and three pieces, the agent's read-back cut by the
    caller's 对 / yes, a cut inside a group with the agent saying the line crackled;
  continuation 26 (9/10/7, 13/5/8): the same speaker on the next line / cue / segment at a group edge, over three
    lines, announced and then alone on the next line, cut inside a group, the agent reading it over two lines;
  correction 56 (20/21/15, 27/11/18): see emphasis 2;
  filler 26 (9/10/7, 13/5/8): one to three of 呃 / 嗯 / 那个 / 额 / 就是 / um / uh / er / erm / hmm between groups,
    inside groups, after a hesitant lead-in, in the agent's read-back, and long hesitations (嗯…… / um...);
  asr-chunks 32 (11/12/9, 6/5/21): irregular ITN chunks, a digit a token, numerals or words alternating with Arabic
    groups, a number split over two segments / cues / lines inside a group, misplaced punctuation;
  readback 48 (17/18/13, 24/10/14): see emphasis 3;
  check-char-apart 22 (8/8/6, 11/4/7): seventeen characters and then X (X, x, Ｘ or 叉) on the same line, on the next
    line, or when the agent asks for the last character; a digit check character said apart in 5;
  glued-words 24 (0/14/10, 12/5/7): glued group by group, glued and spaced groups alternating, a glued read-back, glued
    pieces around a back-channel;
  multi-number 54 (19/20/15, 26/11/17): see emphasis 1;
  negative 56 (20/21/15, 27/11/18): look-alikes only: a 15-20 digit reference (tracking, serial, batch, report,
    consignment, transaction, dispatch-note, microchip, device, traceability, property-unit numbers) in Arabic groups,
    English words or Chinese numerals (32 calls; 17 read back by the agent; all failing Luhn and MOD 11-2 in
    every window, none led by a province code or a card prefix where the length would fit, none after an ID / card /
    phone word), an 11-digit member number not shaped like a mobile (8), a number asked for and declined (8), domain
    chatter with amounts, dates, times, sizes and counts (8).

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, a real county code, a valid birth date,
the MOD 11-2 check character), a bank card (UnionPay 16 / 19, Visa, Mastercard incl. 2-series, Amex 15; Luhn-valid)
or a phone (PRC mobiles, landlines with area code, the foreign numbers above) said by anybody is one fragment of its
kind, with a "role": said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char, onfile (read off
the system by the agent). Counts (spans in text / WebVTT, entities in asr-json) are printed by the generator
(summary): with the fixed seed 816 fragments, phone 290, bank_card 283, id_number 243; 221 with last4_ok (18 of them
complete wrong / misheard phones ending in the real last four); by format text 384, WebVTT 169, flat 113, Whisper 150. A fragment runs from its first digit-bearing word to its last and holds
the separators and fillers inside it; in text and WebVTT it is a code-point span within one line (a number cut over
lines is one span per line), in asr-json the list of its words (one entity over two Whisper segments when a segment
ends inside the number). `last4_ok` is set exactly on phone fragments that end at the number's final digit with its
real last four (the whole number, its last piece, a last-four or whole read-back, a caller-finished read-back, a
complete wrong / misheard version as above); never on IDs, cards, abandoned prefixes, middle pieces or lone wrong
groups. Every number is used by one case only.

Checks at generation (a contradiction of the generator aborts and nothing is written; a failed draw is drawn again):
every number valid, every wrong / misheard ID or card version fails its check, every wrong phone version keeps the
real first three and last four digits; every fragment reads, with the scorer's reader, exactly the digits it was built
from (double / triple collapsed; over all its spans or words); spans have no digit-bearing character (digit, numeral,
X / 叉 / Ｘ, Latin letter) beside them. Look-alike safety on what is said (the whole call as one stream: line, cue,
segment and speaker changes, spaces, punctuation, fillers and and / then / dash / plus / double / triple / 那个 / 就是 /
然后 / 和 / 加 / 杠 all join): unlabelled digits, read with and without double / triple expanded, have no 11-digit window
1[3-9]…, no 13-19 digit window passing Luhn, no 18-digit window passing MOD 11-2, hold no X, are no 10-12 digit run led
by 0, no NANP-shaped 10-digit run, no 7-8 digit run led by 2-9, no 9+ digit run led by 00, no 15 / 18-digit run led by
a province code, no 16 / 19-digit run with a card prefix, no 15-digit run led by 34 / 37, hold no 6-digit piece of any
version of a labelled number, and never join a fragment (a country code directly before its phone aside); fragments
of two different numbers never join either. Then ev.builtin_case_problem per case and ev.require_set_checks on the
set: the oracle and keep-last-4 redactors give recall 1, precision 1 and no negative masked, the identity and leaky
ones recall at most the short last-4 share, the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, variant, language, format, domain, kinds,
outbound); each case draws its dialogue and, separately, its layout from random.Random instances seeded with strings
built from the seed, its index and a redraw counter, so PYTHONHASHSEED does not matter; two runs write identical bytes.
--seed N gives another valid set.
"""
from __future__ import annotations

import collections
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402

SET = "creek"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-creek.jsonl")
MASTER_SEED = 220522
N_CASES = 400


class Bug(Exception):
    """A contradiction inside this generator: nothing is written."""


class Redraw(Exception):
    """This draw of a case is unusable; draw it again."""


# ============================================================================================
# Numbers
# ============================================================================================

ID_REGIONS = ["110105", "110108", "120103", "130104", "140105", "150102", "210102", "220104", "230103",
              "310104", "310115", "320106", "320583", "330106", "330382", "340104", "350203", "360102",
              "370202", "370683", "410105", "420106", "430104", "440106", "440305", "441900", "450103",
              "460106", "500103", "510107", "520102", "530102", "610113", "620102", "630104", "640104",
              "650102"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
             "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
             "65", "71", "81", "82"}


def id_check(d17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(d17, ID_W)) % 11]


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


def luhn_digit(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise Bug("luhn")


def rdig(rng, n, first=None):
    s = "".join(rng.choice("0123456789") for _ in range(n))
    if first is not None and n:
        s = rng.choice(first) + s[1:]
    return s


UNIONPAY_BINS = ["622202", "622208", "621226", "622848", "621700", "622588", "621485", "623668", "622262",
                 "625965", "621661", "622609"]
MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                 "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
                 "181", "182", "183", "185", "186", "187", "188", "189", "191", "195", "198", "199"]
AREA_CODES = [("010", "北京", "Beijing"), ("021", "上海", "Shanghai"), ("020", "广州", "Guangzhou"),
              ("022", "天津", "Tianjin"), ("023", "重庆", "Chongqing"), ("024", "沈阳", "Shenyang"),
              ("025", "南京", "Nanjing"), ("027", "武汉", "Wuhan"), ("028", "成都", "Chengdu"),
              ("029", "西安", "Xi'an"), ("0755", "深圳", "Shenzhen"), ("0571", "杭州", "Hangzhou"),
              ("0512", "苏州", "Suzhou"), ("0532", "青岛", "Qingdao"), ("0731", "长沙", "Changsha"),
              ("0871", "昆明", "Kunming"), ("0591", "福州", "Fuzhou"), ("0371", "郑州", "Zhengzhou"),
              ("0898", "海口", "Haikou"), ("0931", "兰州", "Lanzhou")]


class Num:
    """A real number: digits (an ID may end in X), kind, sub-type, natural grouping."""

    def __init__(self, kind, d, groups, sub, cc=None, cc_words=None, place=None):
        self.kind, self.d, self.groups, self.sub = kind, d, groups, sub
        self.cc = cc              # country code digits said before it ("44"), or None
        self.place = place        # (zh, en) country / city name
        assert sum(groups) == len(d), (d, groups)

    def __len__(self):
        return len(self.d)


def gen_id(rng, want_x=None):
    for _ in range(400):
        region = rng.choice(ID_REGIONS)
        y = rng.randint(1956, 2004)
        m = rng.randint(1, 12)
        dd = rng.randint(1, 28)
        body = f"{region}{y:04d}{m:02d}{dd:02d}{rng.randint(1, 999):03d}"
        s = body + id_check(body)
        if want_x is None or (s[-1] == "X") == want_x:
            return Num("id_number", s, rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 4]]), "id")
    raise Bug("id draw")


def gen_card(rng, sub=None):
    sub = sub or rng.choice(["unionpay", "unionpay", "unionpay", "visa", "mastercard", "amex"])
    if sub == "unionpay":
        n = rng.choice([16, 16, 19])
        body = rng.choice(UNIONPAY_BINS) + rdig(rng, n - 7)
        groups = [4, 4, 4, 4] if n == 16 else rng.choice([[4, 4, 4, 4, 3], [6, 13], [4, 4, 4, 4, 3]])
    elif sub == "visa":
        n = 16
        body = "4" + rdig(rng, 14)
        groups = [4, 4, 4, 4]
    elif sub == "mastercard":
        n = 16
        pre = rng.choice(["51", "52", "53", "54", "55", "2221", "2300", "2517", "2699"])
        body = pre + rdig(rng, 15 - len(pre))
        groups = [4, 4, 4, 4]
    else:
        n = 15
        body = rng.choice(["34", "37"]) + rdig(rng, 12)
        groups = [4, 6, 5]
    s = body + luhn_digit(body)
    assert len(s) == n and luhn_ok(s)
    return Num("bank_card", s, groups, sub)


def gen_mobile(rng):
    s = rng.choice(MOBILE_PREFIX) + rdig(rng, 8)
    return Num("phone", s, rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [4, 4, 3], [3, 3, 5], [11]]), "cn-mobile")


def gen_landline(rng):
    code, zh, en = rng.choice(AREA_CODES)
    sub = rdig(rng, 8, "2345678")
    s = code + sub
    return Num("phone", s, rng.choice([[len(code), 4, 4], [len(code), 8]]), "cn-landline", place=(zh, en))


# country: (zh, en, cc, trunk-national body generator, national groups, international groups)
def _f(rng, pat):
    """pat: digits and 'd' (any), 'n' (2-9)."""
    out = []
    for ch in pat:
        if ch == "d":
            out.append(rng.choice("0123456789"))
        elif ch == "n":
            out.append(rng.choice("23456789"))
        else:
            out.append(ch)
    return "".join(out)


FOREIGN = [
    # key, zh, en, cc, national pattern (with trunk), national groups, trunk length (stripped after cc)
    ("uk-mobile", "英国", "the UK", "44", "07ndddddddd", [5, 6], 1),
    ("uk-london", "伦敦", "London", "44", "0207ddddddd", [3, 4, 4], 1),
    ("us", "美国", "the States", "1", "nddnddDDDD", [3, 3, 4], 0),
    ("canada", "加拿大", "Canada", "1", "416nddDDDD", [3, 3, 4], 0),
    ("australia", "澳大利亚", "Australia", "61", "04dddddddd", [4, 3, 3], 1),
    ("japan", "日本", "Japan", "81", "090dddddddd", [3, 4, 4], 1),
    ("korea", "韩国", "Korea", "82", "010dddddddd", [3, 4, 4], 1),
    ("germany", "德国", "Germany", "49", "017ddddddddd", [4, 8], 1),
    ("france", "法国", "France", "33", "06dddddddd", [2, 2, 2, 2, 2], 1),
    ("singapore", "新加坡", "Singapore", "65", "9ddddddd", [4, 4], 0),
    ("hongkong", "香港", "Hong Kong", "852", "6ddddddd", [4, 4], 0),
    ("newzealand", "新西兰", "New Zealand", "64", "021ddddddd", [3, 3, 4], 1),
    ("ireland", "爱尔兰", "Ireland", "353", "087ddddddd", [3, 3, 4], 1),
    ("italy", "意大利", "Italy", "39", "3ddddddddd", [3, 3, 4], 0),
    ("spain", "西班牙", "Spain", "34", "6dddddddd", [3, 3, 3], 0),
    ("netherlands", "荷兰", "the Netherlands", "31", "06dddddddd", [2, 4, 4], 1),
    ("thailand", "泰国", "Thailand", "66", "08dddddddd", [3, 3, 4], 1),
    ("malaysia", "马来西亚", "Malaysia", "60", "012ddddddd", [3, 3, 4], 1),
    ("uae", "阿联酋", "Dubai", "971", "05dddddddd", [3, 3, 4], 1),
    ("vietnam", "越南", "Vietnam", "84", "09dddddddd", [3, 3, 4], 1),
    ("philippines", "菲律宾", "the Philippines", "63", "09dddddddd", [4, 3, 3], 1),
    ("taiwan", "台湾", "Taiwan", "886", "09dddddddd", [4, 3, 3], 1),
    ("switzerland", "瑞士", "Switzerland", "41", "07dddddddd", [3, 3, 2, 2], 1),
    ("brazil", "巴西", "Brazil", "55", "119dddddddd", [2, 5, 4], 0),
]


def gen_foreign(rng, key=None, intl=None):
    ent = [f for f in FOREIGN if f[0] == key][0] if key else rng.choice(FOREIGN)
    k, zh, en, cc, pat, groups, trunk = ent
    for _ in range(200):
        nat = _f(rng, pat.replace("D", "d"))
        if k in ("us", "canada") and (nat[3] in "01" or nat[:3] in ("800", "888", "877", "866", "855", "844", "833")):
            continue
        break
    if intl is None:
        intl = rng.random() < 0.55
    if intl:
        body = nat[trunk:]
        # international grouping: drop the trunk from the first group
        g = list(groups)
        g[0] -= trunk
        if g[0] == 0:
            g = g[1:]
        if k == "uk-mobile":
            g = [4, 6]
        return Num("phone", body, g, "foreign-intl:" + k, cc=cc, place=(zh, en))
    return Num("phone", nat, list(groups), "foreign-nat:" + k, place=(zh, en))


def gen_phone(rng, foreign_p=0.3, landline_p=0.15):
    r = rng.random()
    if r < foreign_p:
        return gen_foreign(rng)
    if r < foreign_p + landline_p:
        return gen_landline(rng)
    return gen_mobile(rng)


def gen_num(rng, kind, **kw):
    if kind == "phone":
        return gen_phone(rng, **kw)
    if kind == "id_number":
        return gen_id(rng, **kw)
    return gen_card(rng, **kw)


def num_valid(num, s):
    if num.kind == "id_number":
        return id_valid(s)
    if num.kind == "bank_card":
        return luhn_ok(s)
    return True


def wrong_version(rng, num, gi=None, swap=False):
    """A version of num with one digit changed (or two adjacent swapped) inside group gi; an ID / card
    version fails its check; a phone version keeps its last four and its first three digits."""
    d = num.d
    starts = [sum(num.groups[:i]) for i in range(len(num.groups))]
    n = len(d)
    for _ in range(300):
        if gi is None:
            if num.kind == "phone":
                cand = [i for i in range(len(num.groups)) if starts[i] + num.groups[i] <= n - 4 and starts[i] + num.groups[i] > 3]
                if not cand:
                    raise Redraw("no middle group")
                g = rng.choice(cand)
            else:
                g = rng.randrange(len(num.groups))
        else:
            g = gi
        lo, hi = starts[g], starts[g] + num.groups[g]
        lo2 = lo
        if num.kind == "phone":
            lo2 = max(lo, 3)
            hi = min(hi, n - 4)
        if num.kind == "id_number":
            hi = min(hi, 17)
        if hi - lo2 < 1:
            continue
        if swap and hi - lo2 >= 2:
            p = rng.randrange(lo2, hi - 1)
            if d[p] == d[p + 1]:
                continue
            s = d[:p] + d[p + 1] + d[p] + d[p + 2:]
        else:
            p = rng.randrange(lo2, hi)
            s = d[:p] + rng.choice([c for c in "0123456789" if c != d[p]]) + d[p + 1:]
        if num.kind != "phone" and num_valid(num, s):
            continue
        if num.kind == "phone" and s[-4:] != d[-4:]:
            continue
        return s, g
    raise Redraw("no wrong version")


# ============================================================================================
# Tokens and sayings
# ============================================================================================

CN = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
      "8": "eight", "9": "nine"}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}
ALNUM = re.compile(r"[A-Za-z0-9\uFF10-\uFF19]+(?:[.,:'’/\-][A-Za-z0-9\uFF10-\uFF19]+)*")
PREFIX_SYM = set("¥$£€+#(（「“《‘[")


def is_cjk(c):
    return "\u3400" <= c <= "\u9fff" or c == "〇"


class T:
    """One token: a word, a CJK character or a punctuation mark (space before it or not)."""
    __slots__ = ("text", "sp", "frag", "cc", "cut", "punct", "dg")

    def __init__(self, text, sp=False, frag=None, cc=False, cut=False, punct=False):
        self.text, self.sp, self.frag, self.cc, self.cut, self.punct = text, sp, frag, cc, cut, punct
        self.dg = 0 if cut else ev.readable_count(text)


def CUT():
    return T("", cut=True)


def toks(s):
    out = []
    i, n, sp = 0, len(s), False
    while i < n:
        c = s[i]
        if c.isspace():
            sp = True
            i += 1
            continue
        if is_cjk(c):
            out.append(T(c, sp))
            sp = False
            i += 1
            continue
        m = ALNUM.match(s, i)
        if m:
            out.append(T(m.group(), sp))
            i = m.end()
            sp = False
            continue
        out.append(T(c, sp, punct=True))
        sp = False
        i += 1
    return out


FILLERS = {
    "zh": ["呃", "嗯", "那个", "额", "就是"],
    "en": ["um", "uh", "er", "erm", "hmm"],
}
FILLERS["mixed"] = FILLERS["zh"] + ["um", "uh"]


class Style:
    """How one saying renders digits."""

    def __init__(self, mode="ar", sep=" ", zero="oh", yao=0.0, dbl=0.0, fill_at=(), fillers=None,
                 grouping=None, xform="X", per_group=None, lang="zh", odd_punct=False):
        self.mode, self.sep, self.zero, self.yao, self.dbl = mode, sep, zero, yao, dbl
        self.fill_at, self.fillers, self.grouping = set(fill_at), fillers, grouping
        self.xform, self.per_group, self.lang, self.odd_punct = xform, per_group, lang, odd_punct


def sep_tokens(sep, rng=None):
    """Tokens between two groups; returns (tokens, sp of the next digit token)."""
    if sep == "":
        return [], False
    if sep == " ":
        return [], True
    if sep.strip() == "":
        return [], True
    core = sep.strip()
    pre = sep[0] == " "
    post = sep[-1] == " "
    return [T(ch, pre if k == 0 else False, punct=True) for k, ch in enumerate(core)], post


class Frag:
    """One contiguous piece of a number as said in one place (may hold CUTs: a line / cue / segment
    break of the same speaker inside the number)."""

    def __init__(self, num, version, a, b, role, tokens, said, read, no_last4=False):
        self.num, self.kind, self.version, self.a, self.b, self.role = num, num.kind, version, a, b, role
        self.toks, self.said, self.read = tokens, said, read
        self.last4 = (num.kind == "phone" and b == len(num.d) and version[-4:] == num.d[-4:] and not no_last4)
        for t in tokens:
            t.frag = self
        if not tokens or not tokens[0].dg or not tokens[-1].dg:
            raise Bug("fragment must start and end on a digit-bearing token")


def render_digits(rng, num, version, a, b, st, cuts=(), grouping=None):
    """Tokens saying version[a:b] in style st (cuts: positions where a CUT goes)."""
    n = len(version)
    groups = grouping or st.grouping or num.groups
    gstarts = set()
    acc = 0
    for g in groups:
        gstarts.add(acc)
        acc += g
    if acc != n:
        raise Bug(f"grouping {groups} for {n} digits")
    # runs: maximal ranges without a group edge, filler or cut inside
    edges = sorted(set([a, b] + [p for p in gstarts if a < p < b] + [p for p in st.fill_at if a < p < b]
                       + [p for p in cuts if a < p < b]))
    runs = [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    out, said, read = [], [], []
    last5 = n - 5 if num.kind == "phone" else n + 1
    gi_of = {}
    acc = 0
    for gi, g in enumerate(groups):
        for p in range(acc, acc + g):
            gi_of[p] = gi
        acc += g
    mode_of_group = {}
    for gi in range(len(groups)):
        if st.mode == "mix":
            mode_of_group[gi] = st.per_group[gi % len(st.per_group)] if st.per_group else "ar"
        else:
            mode_of_group[gi] = st.mode
    next_sp = None  # sp of the next digit token; None: first token (sp set by the caller)
    for ri, (p, q) in enumerate(runs):
        if ri > 0:
            if p in st.fill_at:
                f = rng.choice(st.fillers or FILLERS[st.lang if st.lang in FILLERS else "zh"])
                latin = f.isascii()
                if latin:
                    punct_before = rng.random() < 0.5
                    if punct_before:
                        out.append(T(",", False, punct=True))
                    out.append(T(f, True))
                    if rng.random() < 0.5:
                        out.append(T(",", False, punct=True))
                    next_sp = True
                else:
                    pre = rng.choice(["，", "", "……"])
                    for ch in pre:
                        out.append(T(ch, False, punct=True))
                    for ch in f:
                        out.append(T(ch, False))
                    post = rng.choice(["，", "", "……"])
                    for ch in post:
                        out.append(T(ch, False, punct=True))
                    next_sp = mode_of_group[gi_of[p]] != "zh" and rng.random() < 0.5
            if p in cuts:
                if rng.random() < 0.35:
                    out.append(T(rng.choice(["……", "…", ","]) if st.lang == "en" else rng.choice(["……", "，"]), False, punct=True))
                out.append(CUT())
                next_sp = False
            elif p in gstarts and p not in st.fill_at:
                sep = st.sep if not callable(st.sep) else st.sep(rng)
                if st.odd_punct and rng.random() < 0.4:
                    sep = rng.choice([". ", ", ", "? ", "。", "，"])
                if mode_of_group[gi_of[p]] == "glued" or mode_of_group[gi_of[p - 1]] == "glued":
                    if sep == "":
                        sep = " "
                tk, next_sp = sep_tokens(sep)
                out.extend(tk)
        gm = mode_of_group[gi_of[p]]
        seg = version[p:q]
        if gm == "ar" or gm == "fw":
            text = "".join(FW.get(ch, "Ｘ" if ch == "X" else ch) for ch in seg) if gm == "fw" else seg
            if gm == "ar" and seg.endswith("X") and st.xform != "X":
                text = seg[:-1] + (st.xform if st.xform in ("x", "X") else "X")
            out.append(T(text, bool(next_sp)))
            said.append(seg)
            read.append(seg)
        elif gm == "perdigit":
            for k, ch in enumerate(seg):
                out.append(T(ch, bool(next_sp) if k == 0 else True))
                said.append(ch)
                read.append(ch)
        elif gm == "zh":
            for k, ch in enumerate(seg):
                if ch == "X":
                    c = st.xform if st.xform in ("叉", "Ｘ", "X") else "X"
                elif ch == "1" and rng.random() < st.yao:
                    c = "幺"
                elif ch == "0" and rng.random() < 0.08:
                    c = "〇"
                elif ch == "2" and num.kind == "phone" and rng.random() < 0.08:
                    c = "两"
                else:
                    c = CN[ch]
                out.append(T(c, bool(next_sp) if k == 0 else False))
                said.append(ch)
                read.append(ch)
        elif gm in ("en", "glued"):
            words, wread, wsaid = [], [], []
            k = 0
            while k < len(seg):
                ch = seg[k]
                pos = p + k
                if ch == "X":
                    words.append(("X" if st.xform not in ("x",) else "x", "X", "X", True))
                    k += 1
                    continue
                run = 1
                while k + run < len(seg) and seg[k + run] == ch and run < 3:
                    run += 1
                w0 = st.zero if ch == "0" else EN[ch]
                can = (k > 0 and pos > a and pos not in gstarts and pos + run - 1 < last5 and run >= 2
                       and rng.random() < st.dbl)
                if can:
                    if run == 3 and rng.random() < 0.6:
                        words.append(("triple", "", "", False))
                        words.append((w0, ch, ch * 3, False))
                        k += 3
                    else:
                        words.append(("double", "", "", False))
                        words.append((w0, ch, ch * 2, False))
                        k += 2
                else:
                    words.append((w0, ch, ch, False))
                    k += 1
            if gm == "en":
                for j, (w, r, s_, _) in enumerate(words):
                    out.append(T(w, bool(next_sp) if j == 0 else True))
                    read.append(r)
                    said.append(s_)
            else:
                # glued: one token per group part; an X stays its own word
                buf, br, bs = "", "", ""
                first = True
                for (w, r, s_, isx) in words:
                    if isx:
                        if buf:
                            out.append(T(buf, bool(next_sp) if first else True))
                            first = False
                            read.append(br)
                            said.append(bs)
                        out.append(T(w, bool(next_sp) if first else True))
                        first = False
                        read.append(r)
                        said.append(s_)
                        buf, br, bs = "", "", ""
                    else:
                        buf += w
                        br += r
                        bs += s_
                if buf:
                    out.append(T(buf, bool(next_sp) if first else True))
                    read.append(br)
                    said.append(bs)
        elif gm == "chunks":
            k = 0
            first = True
            while k < len(seg):
                m = min(len(seg) - k, rng.choice([1, 2, 3, 3, 4, 5]))
                out.append(T(seg[k:k + m], bool(next_sp) if first else True))
                said.append(seg[k:k + m])
                read.append(seg[k:k + m])
                first = False
                k += m
        else:
            raise Bug("mode " + gm)
        next_sp = None
    said_s, read_s = "".join(said), "".join(read)
    if said_s != version[a:b]:
        raise Bug(f"said {said_s} != {version[a:b]}")
    return out, read_s


class Ctx:
    """What a case's builder knows: language, format, domain, rng, the numbers and fragments."""

    def __init__(self, plan, rng):
        self.plan, self.rng = plan, rng
        self.lang, self.fmt, self.dom = plan["lang"], plan["fmt"], plan["domain"]
        self.frags = []
        self.nums = []
        self.versions = []   # every version said (real, wrong, misheard)
        self.asr = self.fmt in ("flat", "whisper")
        self.tags = collections.Counter()
        self.la_cache = {}

    # ---- numbers
    def num(self, kind, **kw):
        for _ in range(50):
            n = gen_num(self.rng, kind, **kw)
            if n.d not in USED and all(n.d != m.d for m in self.nums):
                self.nums.append(n)
                self.versions.append(n.d)
                return n
        raise Redraw("number draw")

    # ---- styles
    def style(self, num, mode=None, **kw):
        rng, lang = self.rng, self.lang
        if mode is None:
            if lang == "zh":
                mode = "fw" if rng.random() < 0.08 else rng.choice(["ar", "ar", "ar", "zh", "zh", "mix"])
            elif lang == "en":
                mode = rng.choice(["ar", "en", "en", "en", "mix"])
            else:
                mode = rng.choice(["ar", "zh", "en", "mix", "mix"])
        per_group = None
        if mode == "mix":
            pool = {"zh": ["zh", "ar"], "en": ["en", "ar"], "mixed": ["zh", "en", "ar"]}[lang]
            per_group = [rng.choice(pool) for _ in range(6)]
            if len(set(per_group[:len(num.groups)])) == 1:
                per_group[1] = [m for m in pool if m != per_group[0]][0]
        if mode in ("zh",):
            sep = rng.choice(["", "", " ", "，"])
        elif mode in ("en", "glued"):
            sep = rng.choice([" ", ", ", " - ", " "])
        elif mode == "chunks":
            sep = " "
        else:
            sep = rng.choice([" ", " ", "-", " ", ", "]) if lang != "zh" else rng.choice([" ", " ", "-", "，", ""])
        if mode == "ar" and len(num.groups) == 1:
            sep = " "
        st = Style(mode=mode, sep=sep, zero=rng.choice(["oh", "oh", "zero"]) if num.kind != "id_number" else rng.choice(["zero", "oh"]),
                   yao=(0.75 if num.kind == "phone" else 0.15), dbl=(0.45 if lang != "zh" else 0.0),
                   per_group=per_group, lang=lang, xform=rng.choice(["X", "X", "x", "叉", "Ｘ"]) if lang == "zh" else rng.choice(["X", "X", "x"]))
        for k, v in kw.items():
            setattr(st, k, v)
        return st

    def say(self, num, a=0, b=None, role="said", version=None, st=None, cuts=(), grouping=None, fill=0,
            no_last4=False, **stkw):
        b = len(num.d) if b is None else b
        version = version or num.d
        if version not in self.versions:
            self.versions.append(version)
        st = st or self.style(num, **stkw)
        if fill:
            inner = [p for p in range(a + 1, b) if p not in cuts]
            if num.kind == "phone" and b == len(num.d):
                inner = [p for p in inner if p < len(num.d) - 4 or p == len(num.d) - 4]
            k = min(fill, len(inner))
            st = _copy_style(st)
            st.fill_at = set(self.rng.sample(inner, k)) if k else set()
        tk, read = render_digits(self.rng, num, version, a, b, st, cuts=cuts, grouping=grouping)
        fr = Frag(num, version, a, b, role, tk, version[a:b], read, no_last4=no_last4)
        self.frags.append(fr)
        return fr


def _copy_style(st):
    s2 = Style()
    for k in ("mode", "sep", "zero", "yao", "dbl", "fill_at", "fillers", "grouping", "xform", "per_group", "lang", "odd_punct"):
        setattr(s2, k, getattr(st, k))
    s2.fill_at = set(st.fill_at)
    return s2


USED = set()


# ============================================================================================
# Look-alike values (unlabelled numbers) and domains
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
WEEKDAYS_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "下周一", "下周三", "这周五"]


def ordinal(d):
    suf = "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return f"{d}{suf}"


def L_ref(prefix, nd, seps=("", "-", " ")):
    def f(rng, lang):
        return prefix + rng.choice(seps) + rdig(rng, nd, "123456789")
    return f


def L_amt(lo, hi, cur_en="¥", step=1, dec=False):
    def f(rng, lang):
        v = rng.randrange(lo, hi, step)
        if lang == "zh" or (lang == "mixed" and rng.random() < 0.6):
            return rng.choice([f"{v}元", f"{v}块", f"¥{v:,}" if v >= 1000 else f"{v}块钱"])
        cents = f".{rng.choice(['50', '99', '00', '20'])}" if dec and rng.random() < 0.4 else ""
        return f"{cur_en}{v:,}{cents}" if cur_en != "yuan" else f"{v:,} yuan"
    return f


def L_date(rng, lang):
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.7):
        return rng.choice([f"{m}月{d}号", f"{d}号", f"{m}月{d}日", rng.choice(WEEKDAYS_ZH)])
    return rng.choice([f"the {ordinal(d)}", f"{MONTHS[m - 1]} {ordinal(d)}", f"{rng.choice(WEEKDAYS_EN)} the {ordinal(d)}",
                       f"{ordinal(d)} {MONTHS[m - 1]}"])


def L_time(rng, lang):
    h = rng.randint(8, 17)
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.6):
        hh = h if h <= 12 else h - 12
        return rng.choice([f"{hh}点", f"{hh}点半", f"下午{hh}点" if h > 12 else f"上午{hh}点", f"{h}:{rng.choice(['00', '15', '30', '45'])}"])
    return rng.choice([f"{h}:{rng.choice(['00', '15', '30', '45'])}", f"{h if h <= 12 else h - 12}{'pm' if h >= 12 else 'am'}",
                       f"half past {h if h <= 12 else h - 12}", f"quarter to {h if h <= 12 else h - 12}"])


def L_qty(lo, hi, zh, en, step=1):
    def f(rng, lang):
        v = rng.randrange(lo, hi + 1, step)
        if lang == "en" or (lang == "mixed" and rng.random() < 0.4):
            return f"{v} {en}"
        return f"{v}{zh}"
    return f


def L_fix(zh, en, fn):
    """A value with a unit in a fixed pattern: fn(rng) -> dict of fields."""
    def f(rng, lang):
        kv = fn(rng)
        return (en if lang == "en" or (lang == "mixed" and rng.random() < 0.4) else zh).format(**kv)
    return f


# Each domain: organisations, speaker labels, reasons for wanting each kind of number, reasons for
# calling (caller / agent, zh / en / mixed; {slot} = a look-alike), look-alike makers, a wrap-up.
DOMAINS = {
    "skip": dict(
        org_zh=["恒通建筑垃圾斗", "绿箱清运"], org_en=["Crestway Skip Hire", "BinBox Skips"],
        lab_zh=("调度台", "租斗客户"), lab_en=("Yard", "Hirer"),
        why=dict(phone=("司机放斗之前会先打给您", "the driver rings before he drops the skip off"),
                 id_number=("占道许可要用身份证登记", "the roadside permit has to be registered to an ID"),
                 bank_card=("押金要先做个预授权", "we put a hold on a card for the deposit")),
        la=dict(ref=L_ref("SK", 6), amt=L_amt(180, 2600, "£"), size=L_qty(4, 12, "立方的斗", "yard skip", 2),
                days=L_qty(7, 21, "天", "days"), weight=L_fix("{t}.{u}吨", "{t}.{u} tonnes", lambda r: dict(t=r.randint(1, 3), u=r.randint(1, 9)))),
        reasons=[
            ("我{date}订了个{size}，订单{ref}，想多用几天。", "可以的，{days}以内不加钱，超了每天{amt}。",
             "I've got a {size} booked from {date}, order {ref}, and I need it a bit longer.", "That's fine — {days} is included, after that it's {amt} a day.",
             "我{date}订了个 skip，{size}，order {ref}，想 extend 几天。", "OK 没问题，{days}以内 free，超出每天{amt}。"),
            ("斗已经装满了，{date}能来换个空的吗？", "可以，换斗收{amt}，超过{weight}要另外算。",
             "The skip's full already. Could you swap it on {date}?", "Sure, a swap is {amt}, and anything over {weight} is charged on top.",
             "skip 已经满了，{date}能来 swap 一下吗？", "可以，swap 收{amt}，超过{weight}另外算。"),
            ("斗放马路边上的话要办许可吗？", "要的，我们代办，大概{days}出证，费用{amt}。",
             "If the skip goes on the road, do I need a permit?", "You do. We apply for you; it takes about {days} and costs {amt}.",
             "放 road 边上要 permit 吗？", "要的，我们帮您 apply，大概{days}，fee 是{amt}。"),
        ]),
    "firewood": dict(
        org_zh=["松林木柴坊", "暖炉柴火配送"], org_en=["Hearthside Logs", "Oak & Ash Firewood"],
        lab_zh=("木柴铺", "买家"), lab_en=("Log yard", "Buyer"),
        why=dict(phone=("送柴的车到村口会打电话", "the lorry calls when it's at the end of the lane"),
                 id_number=("开发票要实名", "the invoice has to be in your registered name"),
                 bank_card=("月结要绑一张卡", "the monthly account needs a card on file")),
        la=dict(ref=L_ref("FW", 6), amt=L_amt(260, 1900, "£"), vol=L_qty(1, 6, "立方", "cubic metres"),
                moist=L_qty(12, 20, "%的含水率", "percent moisture"), bags=L_qty(10, 60, "袋引火柴", "bags of kindling", 5)),
        reasons=[
            ("上次{date}送的{vol}，单号{ref}，有一半是湿的。", "不好意思，我们标准是低于{moist}，我安排给您补{bags}。",
             "The {vol} you dropped on {date}, docket {ref}, half of it's damp.", "Sorry about that — ours should be under {moist}. I'll send {bags} to make up for it.",
             "{date}送的{vol}，docket {ref}，一半是 wet 的。", "Sorry，我们标准是低于{moist}，给您补{bags}。"),
            ("想再订{vol}硬木，还是{amt}吗？", "价格没变，{vol}一共{amt}，{date}能送。",
             "I'd like another {vol} of hardwood. Still {amt}?", "Same price: {vol} comes to {amt}, and we can deliver {date}.",
             "想再订{vol} hardwood，还是{amt}吗？", "价格一样，{amt}，{date}可以 deliver。"),
            ("送柴能不能卸到后院？车进不去。", "可以，人工搬运加{amt}，大概{bags}的量一起搬。",
             "Can you stack it round the back? The lorry won't fit down the side.", "We can, hand-balling is {amt} extra, and we'll bring {bags} with it.",
             "能卸到 back garden 吗？车进不去。", "可以，carry 进去加{amt}。"),
        ]),
    "trophies": dict(
        org_zh=["金杯奖杯刻字", "荣誉工坊"], org_en=["Podium Trophies", "Laurel Engraving Co."],
        lab_zh=("刻字店", "订制人"), lab_en=("Engraver", "Customer"),
        why=dict(phone=("刻好了短信通知您", "we text you when the engraving's done"),
                 id_number=("定制发票要登记身份证", "the custom-order invoice is registered to an ID"),
                 bank_card=("定金从卡上扣", "the deposit comes off a card")),
        la=dict(ref=L_ref("TR", 6), amt=L_amt(90, 3800, "£"), qty=L_qty(6, 48, "座奖杯", "trophies", 2),
                lines=L_qty(2, 4, "行字", "lines of text"), height=L_qty(18, 45, "厘米高", "centimetres tall")),
        reasons=[
            ("我们球队订了{qty}，单号{ref}，想问刻字好了没。", "在做了，{date}能取，一共{amt}。",
             "Our club ordered {qty}, order {ref} — is the engraving done?", "It's on the bench now; ready {date}, and it comes to {amt}.",
             "我们 club 订了{qty}，order {ref}，engraving 好了吗？", "在做，{date}可以 pick up，一共{amt}。"),
            ("奖牌背面想刻{lines}，会不会太挤？", "{height}的那款刻{lines}没问题。",
             "We'd like {lines} on the back — is that too much?", "On the {height} model, {lines} fits fine.",
             "背面想刻{lines}，会不会太 crowded？", "{height}那款没问题的。"),
            ("有个名字刻错了，能重刻吗？", "可以，重刻一个牌子{amt}，{date}之前给您。",
             "A name has been spelt wrong on a plate. Can you redo it?", "Yes, a new plate is {amt}, and you'll have it before {date}.",
             "有个 name 刻错了，能 redo 吗？", "可以，一个 plate {amt}，{date}前给您。"),
        ]),
    "signs": dict(
        org_zh=["亮点招牌制作", "大道标识"], org_en=["Brightline Signs", "Fascia & Fleet Graphics"],
        lab_zh=("标识部", "商户"), lab_en=("Sign shop", "Shopkeeper"),
        why=dict(phone=("安装师傅上门前联系您", "the fitter phones ahead on the day"),
                 id_number=("门头招牌报备要身份证", "the shopfront sign application needs an ID"),
                 bank_card=("尾款从这张卡扣", "the balance goes on a card")),
        la=dict(ref=L_ref("Q", 5, ("-",)), amt=L_amt(450, 8800, "£"),
                size=L_fix("{w}米乘{h}厘米", "{w} metres by {h} centimetres", lambda r: dict(w=r.randint(2, 6), h=r.choice([60, 80, 90, 120]))),
                pantone=L_fix("潘通{p}", "Pantone {p}", lambda r: dict(p=r.choice(['186', '286', '347', '021', '485', '7406']))),
                vans=L_qty(2, 9, "台货车", "vans")),
        reasons=[
            ("门头招牌的报价{ref}我收到了，{size}是这个价吗？", "对，含安装{amt}，颜色按{pantone}做。",
             "I got quote {ref} for the fascia — is that for {size}?", "Yes, {amt} fitted, and we'll match {pantone}.",
             "quote {ref} 收到了，{size}是这个 price 吗？", "对，含 install {amt}，颜色按{pantone}。"),
            ("我们有{vans}要贴车身广告。", "可以，每台大概{amt}，{date}可以排期。",
             "We've got {vans} that need lettering.", "No problem, roughly {amt} a van, and we can start {date}.",
             "我们有{vans}要做 vehicle wrap。", "可以，每台大概{amt}，{date}排期。"),
            ("灯箱不亮了，保修期内吧？", "您是{date}装的，还在保修，师傅{time}过去。",
             "The lightbox has gone dark. Is it still under warranty?", "It was fitted {date}, so yes; an engineer can come at {time}.",
             "lightbox 不亮了，还在 warranty 吗？", "{date}装的，在保修，{time}师傅过去。"),
        ]),
    "survey": dict(
        org_zh=["安居验房", "明鉴房屋检测"], org_en=["Keystone Home Surveys", "Plumbline Inspections"],
        lab_zh=("验房师", "买房人"), lab_en=("Surveyor", "Buyer"),
        why=dict(phone=("验房师到楼下会打电话", "the surveyor calls from outside the property"),
                 id_number=("出具报告要登记委托人身份证", "the report is issued against the client's ID"),
                 bank_card=("检测费先付", "the survey fee is paid up front")),
        la=dict(ref=L_ref("RPT", 6, ("-", "")), amt=L_amt(600, 4200, "£"), area=L_qty(48, 160, "平", "square metres"),
                year=L_fix("{y}年的房子", "built in {y}", lambda r: dict(y=r.randint(1988, 2019))),
                floor=L_fix("{f}楼", "floor {f}", lambda r: dict(f=r.randint(2, 28)))),
        reasons=[
            ("我买了个{area}的二手房，{year}，想约个验房。", "可以，{area}的收{amt}，{date}有空档。",
             "I'm buying a flat, {area}, {year}, and I'd like a survey.", "Sure, for {area} it's {amt}, and we have {date} free.",
             "买了个{area}的 flat，{year}，想 book 个 survey。", "可以，收{amt}，{date}有 slot。"),
            ("报告{ref}里说墙面空鼓，严重吗？", "在{floor}那面墙，修补大概{amt}，不影响结构。",
             "Report {ref} mentions hollow plaster. Is that serious?", "It's the wall on {floor}; about {amt} to patch, nothing structural.",
             "report {ref} 说墙面空鼓，serious 吗？", "{floor}那面墙，修一下大概{amt}。"),
            ("能加测一下甲醛吗？", "可以，加{amt}，{date}一起测，{time}到。",
             "Can you add an air-quality test?", "We can, it's {amt} more; we'll do it on {date} and arrive at {time}.",
             "能加个 air quality test 吗？", "可以，加{amt}，{date} {time}到。"),
        ]),
    "physio": dict(
        org_zh=["康途理疗", "骨正康复中心"], org_en=["Motion Works Physio", "Riverside Physiotherapy"],
        lab_zh=("康复前台", "患者"), lab_en=("Clinic desk", "Patient"),
        why=dict(phone=("治疗前一天短信提醒", "we text a reminder the day before"),
                 id_number=("医保备案需要身份证", "the insurer wants your ID on the claim"),
                 bank_card=("疗程包用卡付", "the treatment package goes on a card")),
        la=dict(ref=L_ref("PT", 5), amt=L_amt(220, 2400, "£"), sess=L_qty(4, 12, "次", "sessions"),
                room=L_fix("{r}号治疗室", "treatment room {r}", lambda r: dict(r=r.randint(2, 9))),
                mins=L_qty(30, 60, "分钟", "minutes", 15)),
        reasons=[
            ("我膝盖术后要做{sess}康复，预约号{ref}。", "好的，每次{mins}，整个疗程{amt}。",
             "I need {sess} after my knee operation; booking {ref}.", "Right, each is {mins}, and the course is {amt}.",
             "膝盖术后要做{sess} rehab，booking {ref}。", "OK，每次{mins}，整个 course {amt}。"),
            ("{date}那次能改到{time}吗？", "可以，{time}在{room}，您提前十分钟到。",
             "Could I move {date} to {time}?", "Yes, {time} in {room}; come a little early.",
             "{date}那次能改到{time}吗？", "可以，{time}，{room}。"),
            ("上次做完有点疼，正常吗？", "前{sess}有点酸痛是正常的，冰敷别超过{mins}。",
             "I've been sore since the last session. Is that normal?", "Some soreness in the first {sess} is normal; ice it, but not for more than {mins}.",
             "上次做完有点 sore，正常吗？", "正常的，ice 一下，不要超过{mins}。"),
        ]),
    "sleep": dict(
        org_zh=["安眠呼吸机服务", "静夜睡眠设备"], org_en=["QuietNight CPAP Supplies", "RestWell Sleep Care"],
        lab_zh=("呼吸机客服", "用户"), lab_en=("Sleep care", "User"),
        why=dict(phone=("快递员送面罩前联系您", "the courier rings before delivering the mask"),
                 id_number=("医疗器械租赁要实名", "medical equipment rental is registered to an ID"),
                 bank_card=("租金每月自动扣", "the monthly rental is taken from a card")),
        la=dict(ref=L_ref("SL", 6), amt=L_amt(120, 6800, "£"), press=L_fix("压力{p}", "pressure {p}", lambda r: dict(p=r.randint(6, 14))),
                hours=L_qty(4, 9, "个小时", "hours"), filt=L_qty(2, 6, "片滤棉", "filters")),
        reasons=[
            ("机器一晚上只用了{hours}就报警了，订单{ref}。", "可能是漏气，您现在是{press}吧？我给您寄{filt}先换上。",
             "The machine alarms after {hours} every night. Order {ref}.", "Sounds like a leak. You're on {press}? I'll post you {filt} to start with.",
             "机器用{hours}就 alarm 了，order {ref}。", "可能漏气，您是{press}吧？先寄{filt}。"),
            ("面罩有点大，能换小一号吗？", "可以，换货{date}前寄回来就行，运费{amt}我们出。",
             "The mask's a bit big. Can I swap it for the next size down?", "Yes, send it back before {date}; we cover the {amt} postage.",
             "mask 有点大，能换 size 吗？", "可以，{date}前寄回，shipping {amt}我们付。"),
            ("租了半年了，想直接买下来。", "可以，扣掉已付的租金还差{amt}。",
             "I've rented it for half a year. Can I buy it outright now?", "You can; after the rent already paid, it's {amt} more.",
             "rent 了半年，想直接 buy 下来。", "可以，还差{amt}。"),
        ]),
    "petmove": dict(
        org_zh=["萌宠出境托运", "环球宠物搬家"], org_en=["Paws Abroad Relocation", "PetPassage International"],
        lab_zh=("托运顾问", "宠主"), lab_en=("Pet travel", "Owner"),
        why=dict(phone=("落地后目的地代理会联系您", "our agent at the other end calls you on arrival"),
                 id_number=("出境检疫申报要身份证", "the export health declaration needs an ID"),
                 bank_card=("托运费和检疫费一起扣", "the freight and vet fees go on a single card")),
        la=dict(ref=L_ref("PA", 6), amt=L_amt(1800, 26000, "$"), flight=lambda r, l: r.choice(["CA", "MU", "CZ", "BA", "EK", "QF", "SQ"]) + str(r.randint(101, 989)),
                crate=L_fix("{c}型航空箱", "a size {c} crate", lambda r: dict(c=r.choice([200, 300, 400, 500, 700]))),
                kg=L_fix("{k}.{d}公斤", "{k}.{d} kilos", lambda r: dict(k=r.randint(3, 38), d=r.randint(1, 9))),
                days=L_qty(21, 180, "天", "days")),
        reasons=[
            ("我家狗{kg}，要飞{flight}，用{crate}够吗？", "{kg}的话要{crate}，托运费大概{amt}。",
             "My dog is {kg} and flying on {flight}. Will {crate} do?", "At {kg} you'll need {crate}; freight is roughly {amt}.",
             "我家 dog {kg}，飞{flight}，{crate}够吗？", "{kg}要{crate}，freight 大概{amt}。"),
            ("狂犬疫苗打了{days}了，能出境了吗？", "超过{days}可以，{date}去做血清检测。",
             "The rabies jab was {days} ago. Can she travel yet?", "After {days}, yes; the blood test is booked for {date}.",
             "rabies 打了{days}，可以出境了吗？", "可以，{date}去做 blood test。"),
            ("航班改到{date}了，订单{ref}要改吗？", "要的，改签手续费{amt}，箱子还是{crate}。",
             "Our flight's moved to {date}. Does order {ref} need changing?", "Yes, the change fee is {amt}; the crate stays {crate}.",
             "flight 改到{date}，order {ref}要改吗？", "要，change fee {amt}。"),
        ]),
    "travelsim": dict(
        org_zh=["漫游宝随身WiFi", "出境流量站"], org_en=["RoamEasy Travel SIM", "GlobeHop Pocket Wi-Fi"],
        lab_zh=("流量客服", "旅客"), lab_en=("SIM desk", "Traveller"),
        why=dict(phone=("设备到了机场柜台会短信通知", "we text you when the device is at the airport counter"),
                 id_number=("实名制开卡需要身份证", "activating the plan requires your ID"),
                 bank_card=("押金在卡上冻结", "the deposit is held on a card")),
        la=dict(ref=L_ref("W", 6), amt=L_amt(30, 900, "$"), gb=L_qty(3, 30, "G流量", "GB of data"), days=L_qty(3, 21, "天", "days"),
                dev=L_ref("WF", 5, ("-",))),
        reasons=[
            ("我租的WiFi {dev} 在那边连不上。", "您重启一下，{days}的套餐{gb}应该都还在。",
             "The pocket Wi-Fi, {dev}, won't connect over here.", "Try a restart; your {days} plan still has {gb} left.",
             "我租的 WiFi {dev} 连不上网。", "restart 一下，{gb}都还在。"),
            ("我想续{days}，订单{ref}。", "可以，续{days}加{amt}，流量{gb}。",
             "I'd like to extend by {days}, order {ref}.", "Sure — {days} more is {amt}, with {gb}.",
             "想续{days}，order {ref}。", "可以，加{amt}，{gb}。"),
            ("设备还的时候押金多久退？", "机场还了以后{days}内原路退回，一共{amt}。",
             "How soon do I get the deposit back once I return it?", "Within {days} of the airport return; {amt} in total.",
             "device 还了 deposit 多久退？", "{days}内退，{amt}。"),
        ]),
    "hatchery": dict(
        org_zh=["丰禾孵化场", "金羽种禽"], org_en=["Meadowbrook Hatchery", "Goldcrest Poultry"],
        lab_zh=("孵化场", "养殖户"), lab_en=("Hatchery", "Farmer"),
        why=dict(phone=("鸡苗到站物流会打电话", "the haulier phones when the chicks reach the depot"),
                 id_number=("种禽购买要登记养殖户身份证", "breeding-stock sales are registered to the keeper's ID"),
                 bank_card=("货款从这张卡走", "payment for the order comes off a card")),
        la=dict(ref=L_ref("B", 5), amt=L_amt(300, 9000, "£"), chicks=L_qty(50, 2000, "只鸡苗", "chicks", 50),
                temp=L_fix("{t}.{u}度", "{t}.{u} degrees", lambda r: dict(t=37, u=r.randint(2, 9))),
                boxes=L_qty(2, 20, "箱", "boxes")),
        reasons=[
            ("我要订{chicks}，{date}能出苗吗？", "可以，{date}出壳，{boxes}装好发过去，一共{amt}。",
             "I'd like {chicks}. Can you hatch them for {date}?", "Yes, they'll hatch {date} and go out in {boxes}, {amt} altogether.",
             "要订{chicks}，{date}能出吗？", "可以，{boxes}装，一共{amt}。"),
            ("上批{ref}到的时候死了好几只。", "抱歉，路上温度要保持{temp}左右，我给您补{chicks}。",
             "Batch {ref} arrived with a few dead in the boxes.", "I'm sorry; they need about {temp} in transit. I'll send {chicks} to replace them.",
             "上批 batch {ref} 死了几只。", "Sorry，运输要{temp}，补您{chicks}。"),
            ("孵化机能借吗？自己孵{chicks}。", "可以，租金{amt}，设到{temp}。",
             "Can I hire an incubator to do {chicks} myself?", "You can, hire is {amt}; set it to {temp}.",
             "incubator 能租吗？自己孵{chicks}。", "可以，{amt}，设{temp}。"),
        ]),
    "studyhome": dict(
        org_zh=["学舍海外公寓", "青藤留学住宿"], org_en=["Campus Nest Student Living", "Ivygate Student Housing"],
        lab_zh=("公寓顾问", "学生家长"), lab_en=("Housing desk", "Student"),
        why=dict(phone=("入住当天管家会联系", "the building manager calls on move-in day"),
                 id_number=("担保人要登记身份证", "the guarantor has to be registered with an ID"),
                 bank_card=("租金和押金用卡付", "rent and deposit are paid by card")),
        la=dict(ref=L_ref("ST", 6), amt=L_amt(140, 420, "£"), weeks=L_qty(40, 51, "周", "weeks"),
                room=L_fix("{r}房", "room {r}", lambda r: dict(r=r.choice([204, 312, 418, 507, 615, 708, 902, 1106]))),
                pc=lambda r, l: r.choice(["M14 6HP", "LS2 9JT", "G12 8QQ", "EH8 9YL", "BS8 1TH", "NE1 7RU"])),
        reasons=[
            ("孩子要住{weeks}，{room}还能订吗？合同号{ref}。", "可以，每周{amt}，{date}可以入住。",
             "I'd like {room} for {weeks}, contract {ref}.", "It's available: {amt} a week, and you can move in {date}.",
             "孩子要住{weeks}，{room}还有吗？contract {ref}。", "有的，每周{amt}，{date}入住。"),
            ("公寓地址邮编是{pc}对吧？", "对，{pc}，快递写{room}就能收到。",
             "The postcode for the building is {pc}, right?", "Yes, {pc}; parcels just need {room} on them.",
             "address 的 postcode 是{pc}吧？", "对，{pc}，写{room}。"),
            ("暖气坏了，{room}一直不热。", "抱歉，维修{time}过去，这周租金减{amt}。",
             "The heating's broken in {room}.", "Sorry, maintenance will be there at {time}, and we'll take {amt} off this week.",
             "heating 坏了，{room}不热。", "Sorry，{time}去修，减{amt}。"),
        ]),
    "marquee": dict(
        org_zh=["喜棚婚庆帐篷", "晴空活动篷房"], org_en=["Canopy & Co Marquees", "Fieldday Event Tents"],
        lab_zh=("篷房租赁", "活动方"), lab_en=("Marquee hire", "Organiser"),
        why=dict(phone=("搭建队到场地会联系", "the crew calls when they reach the field"),
                 id_number=("场地报备需要负责人身份证", "the site notice needs the organiser's ID"),
                 bank_card=("定金用卡付", "the deposit is taken by card")),
        la=dict(ref=L_ref("MQ", 5), amt=L_amt(800, 24000, "£"), guests=L_qty(40, 300, "位客人", "guests", 10),
                size=L_fix("{w}米乘{h}米", "{w} by {h} metres", lambda r: dict(w=r.choice([6, 9, 12]), h=r.choice([12, 15, 18, 24]))),
                heaters=L_qty(2, 8, "台暖风机", "heaters")),
        reasons=[
            ("婚礼大概{guests}，{size}够吗？", "{guests}的话{size}刚好，含桌椅{amt}。",
             "We're expecting {guests} for the wedding. Is {size} enough?", "For {guests}, {size} is right; {amt} with tables and chairs.",
             "wedding 大概{guests}，{size}够吗？", "刚好，含桌椅{amt}。"),
            ("订单{ref}想加{heaters}。", "可以，每台{amt}，{date}一起送。",
             "Could I add {heaters} to order {ref}?", "Of course, {amt} each, delivered with the marquee on {date}.",
             "order {ref}想加{heaters}。", "可以，每台{amt}，{date}送。"),
            ("如果下雨能延期吗？", "{date}之前说都可以，改期费{amt}。",
             "If it pours, can we postpone?", "Tell us before {date} and it's fine; the change fee is {amt}.",
             "如果下雨能 postpone 吗？", "{date}前说就行，{amt}。"),
        ]),
}
DOMAIN_KEYS = list(DOMAINS)
_LA_GENERIC = dict(date=L_date, time=L_time)


def fill_la(ctx, tpl, dom=None):
    """Replace {slot} look-alike slots (not the bare {} of fragments) with values for this case."""
    d = DOMAINS[dom or ctx.dom]["la"]

    def rep(m):
        k = m.group(1)
        f = d.get(k) or _LA_GENERIC.get(k)
        if f is None:
            raise Bug("slot " + k)
        # a value said earlier in the call is often said again (the agent repeats the caller's amount)
        if k in ctx.la_cache and ctx.rng.random() < 0.6:
            v = ctx.la_cache[k]
        else:
            v = f(ctx.rng, ctx.lang)
            ctx.la_cache[k] = v
        ctx.tags["look-alike values said"] += 1
        return v
    return re.sub(r"\{([a-z]+)\}", rep, tpl)


# ============================================================================================
# Phrase banks (this author's own; shared by the domains)
# ============================================================================================

def B(zh, en, mixed):
    return {"zh": zh, "en": en, "mixed": mixed}


GREET = B(["{org}，您好，请讲。", "您好，这里是{org}，有什么需要？", "{org}客服，{agent}为您服务。"],
          ["{org}, {agent} speaking.", "Good morning, {org}, you're through to {agent}.", "Hi there, {org} — how can I help?"],
          ["您好，{org_en}，我是{agent}。", "Hi 您好，{org}，请讲。", "{org_en}，您好，how can I help？"])
OUTBOUND = B(["喂，您好，我是{org}的{agent}，跟您确认一下预约。", "您好，{org}这边，想跟您核对几项信息。"],
             ["Hello, it's {agent} from {org}, calling about your booking.", "Hi, {agent} at {org} here — just a couple of details to confirm."],
             ["喂您好，我是{org_en}的{agent}，confirm 一下您的 booking。", "Hi，{org}这边，核对一下 details。"])
OUT_ANS = B(["哦，好的，您说。", "嗯，是我，怎么了？"], ["Ah, right — yes, go ahead.", "Yes, speaking."],
            ["OK，您说。", "嗯，yes，什么事？"])
IVR = B(["您的通话可能被录音。", "正在为您转接人工服务，请稍候。"],
        ["Calls are recorded for quality and training.", "Please hold while we connect you."],
        ["Your call may be recorded，通话可能被录音。", "正在转接 agent，请稍候。"])
AGENTS = {"zh": ["小岑", "阿宁", "小蒋", "老周", "小麦"], "en": ["Priya", "Declan", "Marta", "Kofi", "Ines"],
          "mixed": ["Wendy", "小岑", "Kevin", "阿宁"]}
KN = {"phone": B("电话", "number", "电话"), "id_number": B("身份证号", "ID number", "ID 号"),
      "bank_card": B("卡号", "card number", "card 号")}
ASK = {
    "phone": B(["{why}，麻烦留个电话。", "您手机号多少？{why}。", "留个能联系上的号码吧。"],
               ["What's the best number for you? {why_cap}.", "Could I take a contact number? {why_cap}.", "And a phone number, please."],
               ["留个 phone number 吧，{why}。", "您的 contact number 是？", "电话多少？{why}。"]),
    "id_number": B(["{why}，需要您的身份证号码。", "身份证号麻烦报一下。", "实名登记，请报一下身份证号。"],
                   ["{why_cap}, so I'll need your resident ID number.", "Could you read me the ID number on your identity card?", "I'll need your Chinese ID number, please."],
                   ["{why}，要登记一下身份证 number。", "ID number 麻烦报一下，身份证上的。"]),
    "bank_card": B(["{why}，卡号报一下？", "用哪张银行卡？麻烦念一下卡号。", "扣款的卡号是多少？"],
                   ["{why_cap} — which card, and the long number on the front?", "Can I take the card number?", "Go ahead with the card number when you're ready."],
                   ["{why}，card number 念一下？", "用哪张卡？卡号 read 给我一下。"]),
}
GIVE = B(["{}。", "好，{}。", "是{}。", "嗯，{}。", "您记下：{}。"],
         ["It's {}.", "Sure — {}.", "Okay, {}.", "Right, it's {}.", "{}."],
         ["OK，{}。", "是{}。", "就是{}。", "{}，OK？"])
GIVE_PH = B(["打我手机{}就行。", "号码是{}，白天都能接。", "{}，这是我的。"],
            ["You can get me on {}.", "{} — that's my mobile.", "Best to ring {}."],
            ["打{}就行，any time。", "我 mobile 是{}。"])
READBACK = B(["我复述一遍：{}，没错吧？", "跟您对一下，{}？", "{}，对吗？", "记下了，{}。", "好，{}，我再核一下没问题吧？"],
             ["Let me repeat that back: {}?", "So that's {} — correct?", "Reading it back, {}.", "I've got {}. Is that right?"],
             ["我 repeat 一下：{}，对吗？", "{}，correct 吗？", "OK，{}，没错吧？"])
CONFIRM = B(["对。", "没错。", "对的对的。", "嗯，是的。"], ["Yes.", "That's right.", "Yep, spot on.", "Correct."],
            ["对，correct。", "Yes 没错。", "对的。"])
RB_LAST = B(["后四位是{}对吧？", "末四位{}？"], ["And it ends {}?", "Ending in {}, yes?"], ["后四位{}，right？", "ends with {}，对吧？"])
RB_FIRST = B(["开头是{}？", "前面是{}对吧？"], ["Starting with {}, yes?", "It begins {}?"], ["开头{}对吧？", "starts with {}？"])
BACKCH = B(["嗯。", "嗯嗯，记着呢。", "好，往下。", "对，接着说。", "好的，后面？"],
           ["Mm-hmm.", "Yep, got that.", "Okay, and?", "Right, keep going.", "Sure."],
           ["嗯，OK。", "OK，接着说。", "Yes，后面呢？", "Got it，继续。"])
ECHO = B(["{}……好，后面？", "{}，嗯，然后？"], ["{} — okay, then?", "{}, got it, and the rest?"], ["{}，OK，后面？", "{}……got it，然后？"])
QMID = {
    "phone": B([("这是您自己的号码吧？", "对，我自己的。"), ("这个号平时能打通吧？", "能，一直开机。")],
               [("Is that your own phone?", "Yes, it's mine."), ("Can we reach you on it during the day?", "Yes, any time.")],
               [("这个是您本人的吧？", "对，mine。"), ("白天能 reach 到您吧？", "可以的。")]),
    "id_number": B([("是现在这张身份证上的吧？", "对，新换的那张。"), ("您本人的对吧？", "是我本人的。")],
                   [("Is that from the card you have now?", "Yes, the new card."), ("And it's your own, not the guarantor's?", "Mine, yes.")],
                   [("是 current 那张身份证吧？", "对，新的。"), ("您本人的 ID？", "Yes，我的。")]),
    "bank_card": B([("卡是您本人名下的吧？", "对，我自己的。"), ("这张卡能刷外币吗？", "可以的。")],
                   [("Is the card in your own name?", "It is, yes."), ("Is that a debit card?", "Credit, actually.")],
                   [("卡是您本人的吧？", "Yes，我自己的。"), ("是 credit card 吗？", "对。")]),
}
ABANDON = B(["哦不是", "不对", "说错了", "不对不对，重来", "哎呀念岔了", "等下，这是旧的"],
            ["sorry, no wait", "no wait", "sorry", "hold on, that's wrong", "ugh, let me start again", "no, that's my old number"],
            ["sorry 不对", "wait，说错了", "no no，重新说一下"])
ABANDON_MID = B(["哦不是", "不对", "说错了", "不对，是"], ["no wait", "sorry, I mean", "no, sorry", "correction,"],
                ["sorry 不对", "no wait，是", "不对，I mean"])
RESTART = B(["……重新说一下：", "……乱了，我从头念：", "……等下，再来一遍："],
            ["— sorry, let me start again:", "— hmm, I'll go from the beginning:", "— let me redo that:"],
            ["……sorry，重新说一下：", "……let me start again，"])
ANNOUNCE = B(["您记一下：", "我拿着念啊："], ["Got a pen? Right:", "Here we go:", "Okay, ready:"], ["您 note 一下：", "OK，ready："])
LEADIN = B(["呃，等我找找啊，", "嗯……我翻一下，", "那个，稍等，"], ["Um, hold on, where is it — right,", "Uh, give me a sec... okay,", "Erm, bear with me —"],
           ["呃，等一下，OK，", "um，我找找，"])
GROUP_ZH = ["第一组", "第二组", "第三组", "第四组", "第五组"]
GROUP_EN = ["the first block", "the second block", "the third block", "the fourth block", "the fifth block"]
MISHEARD_FIX = B(["不太对，{g}是{}。", "差一点，{g}应该是{}。", "{g}错了，是{}。"],
                 ["Nearly — {g} is {}.", "Not quite, {g} should be {}.", "Close, but {g}'s {}."],
                 ["差一点，{g}是{}。", "Not quite，{g}是{}。"])
MISHEARD_FIX_W = B(["{g}是{}，您听成{}了。", "{g}应该是{}，刚才那个{}不对。"],
                   ["{g} is {}, you've got {} there.", "{g} should be {}, not {}."],
                   ["{g}是{}，you heard {}。", "{g}应该是{}，{}是错的。"])
LATE_FIX = B(["等一下，刚才那个{kn}，{g}我报错了，应该是{}。", "诶对了，{kn}{g}是{}，前面说错了。", "不好意思，回头说一下{kn}：{g}其实是{}。"],
             ["Ah, wait — going back to the {kn}: {g} was wrong, it's {}.", "Sorry, before we move on — {g} of that {kn} should be {}. I misread it.",
              "Actually, I gave you {g} of the {kn} wrong. It's {}."],
             ["Wait，刚才的{kn}，{g}错了，是{}。", "Sorry，回到那个{kn}，{g}应该是{}。"])
LATE_FIX_W = B(["等等，{kn}{g}是{}，我刚才念成{}了。"], ["Hang about — {g} of the {kn} is {}. I said {} by mistake."],
               ["Sorry，{kn}{g}是{}，刚才说成{}了。"])
PROMPT_BAD = {
    "check": B(["这个{kn}系统校验没通过，您再核对一下？", "我录进去提示格式有误，麻烦再看下{kn}？"],
               ["Hmm, the {kn} isn't passing our check. Could you look at it again?", "The system won't take that {kn}. Can you check it for me?"],
               ["{kn} system 校验不通过，麻烦 check 一下？", "系统说 invalid，您再看下{kn}？"]),
    "phone": B(["我刚试拨了一下，提示号码不存在，您再确认下？", "这个号码我这边拨不通，是不是哪里记错了？"],
               ["I just tried that number and it didn't connect. Could you check it?", "That number isn't going through for me. Did I take it down right?"],
               ["我 dial 了一下打不通，您再 check 一下？"]),
}
PROMPT_ANS = B(["哦……{g}是{}，刚才念错了。", "我看看……{g}应该是{}。"], ["Ah — {g} is {}. Sorry.", "Let me look... right, {g} is {}."],
               ["哦，{g}是{}，sorry。", "我 check 一下……{g}是{}。"])
PROMPT_ANS_W = B(["哦，{g}是{}，我说成{}了。"], ["Ah — {g} is {}, not {}. Sorry."], ["哦，{g}是{}，不是{}，sorry。"])
SIDE_Q = B([("您是哪天要用？", "{date}。"), ("送货地址还是原来那个吧？", "对，没变。"), ("需要发票吗？", "要的，开个人的。")],
           [("Which day do you need it?", "{date}, please."), ("Same address as before?", "Yes, no change."), ("Would you like a receipt emailed?", "Yes please.")],
           [("哪天要用？", "{date}。"), ("address 还是原来那个吧？", "对，same。"), ("要 invoice 吗？", "要的。")])
THANKS = B(["好的，谢谢。", "行，麻烦了。", "没别的了，谢谢啊。"], ["Great, thanks.", "Lovely, cheers.", "That's everything, thank you."],
           ["OK，谢谢。", "好的 thanks。", "没了，thank you。"])
WRAP = B(["好的，已经登记了，{date}{time}见。", "没问题，单号{ref}，有事再打过来。", "好，都记下了，还有别的吗？"],
         ["Lovely, that's all booked — {date}, around {time}.", "All done. Your reference is {ref} if you need us.", "Great, I've noted everything. Anything else?"],
         ["OK，都登记了，{date} {time}见。", "好的，reference 是{ref}，有事 call 我们。", "都记下了，anything else？"])
FOREIGN_INTRO = B(["我现在人在{place}，", "我在{place}这边，"], ["I'm in {place} at the moment, so", "I'm over in {place} for now —"],
                  ["我现在在{place}，", "人在{place}，"])


# ============================================================================================
# A call: turns of lines; helpers
# ============================================================================================

class Call:
    def __init__(self, ctx):
        self.ctx = ctx
        self.turns = []        # [speaker, [line tokens, ...]]

    def _line(self, items):
        if isinstance(items, (str, Frag)):
            items = [items]
        out = []
        prev_ws = prev_ascii = False
        for it in items:
            if isinstance(it, str):
                if not it:
                    continue
                tk = toks(it)
                if tk:
                    if not out:
                        tk[0].sp = False
                    out.extend(tk)
                prev_ws = it[-1].isspace()
                prev_ascii = it[-1] in ",:;.!?" or (it[-1].isascii() and it[-1].isalnum())
            elif isinstance(it, Frag):
                it.toks[0].sp = (prev_ws or prev_ascii) if out else False
                out.extend(it.toks)
                prev_ws = False
            elif isinstance(it, tuple) and it[0] == "cc":
                tk = it[1]
                if out:
                    tk[0].sp = prev_ws
                else:
                    tk[0].sp = False
                out.extend(tk)
                prev_ws = it[2]
            elif isinstance(it, T) and it.cut:
                out.append(it)
                prev_ws = False
            else:
                raise Bug(f"line item {it!r}")
        return out

    def add(self, spk, *lines):
        self.turns.append([spk, [self._line(l) for l in lines]])

    def more(self, *lines):
        self.turns[-1][1].extend(self._line(l) for l in lines)


def pick(ctx, bank):
    return ctx.rng.choice(bank[ctx.lang])


def P(tpl, *args):
    parts = tpl.split("{}")
    if len(parts) != len(args) + 1:
        raise Bug(f"template {tpl!r} takes {len(parts) - 1} fragments, got {len(args)}")
    items = []
    for i, p in enumerate(parts):
        if p:
            items.append(p)
        if i < len(args):
            a = args[i]
            if isinstance(a, list):
                items.extend(a)
            else:
                items.append(a)
    return items


def cc_item(ctx, num):
    """The country code said before an international phone (never part of the fragment)."""
    rng, lang = ctx.rng, ctx.lang
    cc = num.cc
    forms = ["+" + cc, "00" + cc]
    if lang != "zh":
        forms += ["plus " + " ".join(EN[d] for d in cc)]
    if lang != "en":
        forms += ["加" + "".join(CN[d] for d in cc) + "，"]
    if lang == "en":
        forms += ["(+" + cc + ")"]
    f = rng.choice(forms)
    tk = toks(f)
    for t in tk:
        t.cc = True
    ctx.tags["country code said"] += 1
    return ("cc", tk, not f.endswith("，"))


def NUMI(ctx, num, fr):
    """Items saying a fragment that starts a number: with its country code when it has one."""
    if num.cc and fr.a == 0:
        return [cc_item(ctx, num), fr]
    return [fr]


def kname(ctx, kind):
    return KN[kind][ctx.lang]


def why(ctx, kind):
    zh, en = DOMAINS[ctx.dom]["why"][kind]
    return en if ctx.lang == "en" else zh


def fmt_ask(ctx, kind):
    t = pick(ctx, ASK[kind])
    w = why(ctx, kind)
    return t.replace("{why_cap}", w[0].upper() + w[1:]).replace("{why}", w)


def cm(ctx):
    return ", " if ctx.lang == "en" else "，"


def F(ctx, tpl):
    return fill_la(ctx, tpl)


def ask(c, kind):
    c.add("A", fmt_ask(c.ctx, kind))


def give_tpl(ctx, kind, num=None):
    if kind == "phone" and num is not None and num.sub.startswith("foreign") and ctx.rng.random() < 0.7:
        place = num.place[1] if ctx.lang == "en" else num.place[0]
        return pick(ctx, FOREIGN_INTRO).replace("{place}", place) + (" it's {}." if ctx.lang == "en" else "号码是{}。")
    if kind == "phone" and ctx.rng.random() < 0.5:
        return pick(ctx, GIVE_PH)
    return pick(ctx, GIVE)


def group_bounds(num, grouping=None):
    g = grouping or num.groups
    out, acc = [], 0
    for x in g:
        out.append((acc, acc + x))
        acc += x
    return out


def gname(ctx, gi, ngroups):
    if gi == ngroups - 1 and ctx.rng.random() < 0.5:
        return {"zh": "最后一组", "en": "the last block", "mixed": "最后一组"}[ctx.lang]
    return (GROUP_EN if ctx.lang == "en" else GROUP_ZH)[gi]


def pieces(ctx, num, cuts, role="piece", st=None, version=None):
    st = st or ctx.style(num)
    edges = [0] + list(cuts) + [len(num.d)]
    return [ctx.say(num, edges[i], edges[i + 1], role=role, st=st, version=version) for i in range(len(edges) - 1)]


def group_cut(ctx, num, inside=False):
    """A cut position: at a group edge (or inside a group); a phone keeps at least 4 digits after it."""
    n = len(num.d)
    lim = n - 4 if num.kind == "phone" else n - 1
    if inside:
        cand = list(range(2, lim + 1))
        edges = set(e for _, e in group_bounds(num))
        cand = [p for p in cand if p not in edges] or cand
    else:
        cand = [e for _, e in group_bounds(num)[:-1] if 2 <= e <= lim]
        if not cand:
            cand = [min(lim, max(2, n // 2))]
    return ctx.rng.choice(cand)


def two_cuts(ctx, num):
    n = len(num.d)
    lim = n - 4 if num.kind == "phone" else n - 1
    edges = [e for _, e in group_bounds(num)[:-1] if 2 <= e <= lim]
    if len(edges) >= 2:
        a = sorted(ctx.rng.sample(edges, 2))
    else:
        a = sorted(ctx.rng.sample(range(2, lim + 1), 2))
    if a[1] - a[0] < 2:
        raise Redraw("cuts too close")
    return a


# ============================================================================================
# Phenomenon builders
# ============================================================================================

OKAY = B(["好的。", "好，记下了。", "收到。"], ["Great.", "Got it, thanks.", "Perfect."], ["OK 好的。", "好，got it。"])
ADJ = {
    "phone": B(["订单号{ref}，电话{}。", "我是{date}那单，手机{}。"], ["The order's {ref}, and my mobile is {}.", "It's booked for {date}; ring {}."],
               ["order {ref}，手机{}。", "{date}那单，call {}。"]),
    "id_number": B(["身份证{}，有效期到{date}。", "我身份证号是{}，是{date}刚换的证。"], ["It's {}, and the card expires on {date}.", "ID number {}. I renewed it on {date}."],
                   ["身份证{}，expire 是{date}。", "ID 是{}，是{date}刚换的。"]),
    "bank_card": B(["卡号{}，扣{amt}就行。", "{}，这次是付{amt}对吧？"], ["It's {}, for the {amt}.", "{} — and you're taking {amt}, yes?"],
                   ["卡号{}，charge {amt}。", "{}，付{amt}对吧？"]),
}
VOLUNTEER = {
    "phone": B(["对了，我电话是{}，有事直接打。", "先说一下，我手机{}。"], ["By the way, my number's {} if anything comes up.", "Before I forget, my mobile is {}."],
               ["对了，my number 是{}。", "先说下，手机{}。"]),
    "id_number": B(["我先报一下身份证吧，{}。"], ["I'll give you my ID number now to save time: {}."], ["先给你 ID number 吧，{}。"]),
    "bank_card": B(["钱直接从这张卡扣吧，{}。"], ["You can take it from this card: {}."], ["直接从这张 card 扣，{}。"]),
}
ONFILE = {
    "phone": B(["系统里留的电话是{}，还用这个吗？"], ["I have {} on file for you — still the best number?"], ["系统里是{}，还用这个 number 吗？"]),
    "id_number": B(["系统里登记的身份证是{}，没变吧？"], ["The ID on the account is {} — is that still current?"], ["登记的 ID 是{}，对吧？"]),
    "bank_card": B(["上次用的卡是{}，还扣这张？"], ["Last time you paid with {} — same card?"], ["上次的 card 是{}，还用这张吗？"]),
}
PIECE1 = B(["{}……", "是{}，", "{}"], ["{}...", "It's {},", "{} —"], ["{}……", "是{}，"])
PIECE2 = B(["{}。", "后面是{}。", "然后{}。"], ["{}.", "then {}.", "and {}."], ["{}。", "然后{}。", "then {}。"])
PIECE_MID = B(["{}……", "{}，"], ["{}...", "{},"], ["{}……", "{}，"])
CRACKLE = B(["信号不太好，后面呢？", "嗯？后面没听清。"], ["Sorry, the line crackled — after that?", "You went quiet there. Go on?"],
            ["信号不好，after that？", "Sorry，后面没听清？"])
CC_SAME_NEUTRAL = B(["，末尾是{}。", "，最后一位{}。"], [", and the final character is {}.", ", then {} to finish."], ["，最后是{}。", "，ends with {}。"])
CC_SAME_LETTER = B(["，再加一个字母{}。", "——收尾是字母{}。"], [", and it finishes with the letter {}.", " — and the last character's a letter, {}."],
                   ["，最后是 letter {}。", "，plus letter {}。"])
CC_NEXT = B(["末位是{}。", "后面还有个{}。"], ["Then {} at the end.", "And {} after that."], ["最后 {}。", "还有个{}。"])
ASK_LAST = B(["最后一位呢？是数字还是字母？", "还差最后一位吧？"], ["I'm missing the final character — what is it?", "And the very last character?"],
             ["最后一位是什么？letter 还是 digit？", "last character 呢？"])
CC_ANS = B(["{}。", "是{}。"], ["{}.", "It's {}."], ["是{}。", "{}，yes。"])
HANDOVER = B(["我让我爱人跟你说，她记得。", "等下，我家里人来说。"], ["Hang about, I'll pass you to my partner — she has it.", "Just a sec — my husband's got the details."],
             ["等下，my wife 来说。", "我让家里人 talk to you。"])
THIRD_HI = B(["喂，你好，我来说。", "你好，我是他家里人。"], ["Hi, hello — I've got it here.", "Hello, it's his partner speaking."], ["Hi，我来说。", "你好，我是家属。"])
TWO_IN_LINE = B(["卡号{}，预留手机{}。", "身份证{}，手机号{}。", "我说两个啊，身份证{}，还有卡号{}。"],
                ["Card {}, and the phone on the account is {}.", "ID first: {}. And my mobile, {}.", "The ID is {} and the card is {}."],
                ["card 号{}，手机{}。", "ID 是{}，phone 是{}。"])
SECOND_PHONE = B(["另外一个备用的，在{place}的，{}。", "家里座机也留一个吧，{}。"], ["And a backup, the number in {place}: {}.", "Or my home landline, {}."],
                 ["还有个 backup，{place}的，{}。", "家里 landline 是{}。"])
PC_LINE = B(["我住{pc}那边，", "地址邮编{pc}，"], ["I'm at {pc} for now, and", "Postcode's {pc}, and"], ["我在{pc}，", "postcode {pc}，"])
LONG_NAMES = B(["运单号", "设备序列号", "批次号", "报告编号", "合同编号", "交易流水号", "出库单号"],
               ["tracking number", "serial number", "batch reference", "report reference", "consignment number", "transaction reference",
                "dispatch note number"],
               ["tracking number", "序列号", "batch number", "运单号", "reference"])
LONG_SAY = B(["{name}是{v}。", "我念一下{name}：{v}。", "{name}{v}，您查一下。"], ["The {name} is {v}.", "Here's the {name}: {v}.", "It's got {v} as the {name}."],
             ["{name}是{v}。", "{name}: {v}，check 一下。"])
LONG_RB = B(["{v}，对吧？我查一下。", "好，{v}，稍等。"], ["{v} — right, let me look it up.", "Okay, {v}. Bear with me."], ["{v}，OK，我 check 一下。"])
MEMBER = B(["会员号{v}。", "我的会员编号是{v}。"], ["My membership number is {v}.", "Member number {v}."], ["member number 是{v}。"])
DECLINE = {
    "phone": B(["电话就不留了吧，我回头自己打过来。"], ["I'd rather not give a number; I'll ring you back."], ["phone 就不留了，我自己 call 回来。"]),
    "id_number": B(["身份证我手边没有，晚点再补行吗？"], ["I haven't got my ID on me — can I send it later?"], ["ID 不在身边，later 再给你行吗？"]),
    "bank_card": B(["卡号我不想在电话里说，我去店里付。"], ["I'm not comfortable reading a card out over the phone. I'll pay in person."],
                   ["card 号不想电话里说，我 in person 付。"]),
}
DECLINE_OK = B(["没问题，您方便的时候再说。", "可以的，那先这样。"], ["That's absolutely fine.", "No problem at all."], ["OK 没问题。", "好的，no problem。"])


def numkw(ctx, kind, **kw):
    if kind == "phone" and "foreign_p" not in kw:
        fp = {"zh": 0.18, "en": 0.5, "mixed": 0.35}[ctx.lang]
        if ctx.dom in ("petmove", "travelsim", "studyhome"):
            fp += 0.25
        kw["foreign_p"] = fp
    return kw


def new_num(ctx, kind, **kw):
    return ctx.num(kind, **numkw(ctx, kind, **kw))


def maybe_readback(c, num, p):
    """Now and then the agent reads the number back (whole, regrouped, or a phone's last four)."""
    ctx = c.ctx
    if ctx.rng.random() >= p:
        return
    n = len(num.d)
    r = ctx.rng.random()
    if num.kind == "phone" and r < 0.35:
        rb = ctx.say(num, n - 4, n, role="readback", mode="ar" if ctx.rng.random() < 0.6 else None)
        c.add("A", P(pick(ctx, RB_LAST), rb))
    elif r < 0.7:
        rb = ctx.say(num, role="readback", grouping=alt_grouping(ctx, num))
        c.add("A", P(pick(ctx, READBACK), rb))
    else:
        rb = ctx.say(num, role="readback")
        c.add("A", P(pick(ctx, READBACK), NUMI(ctx, num, rb)))
    c.add("C", pick(ctx, CONFIRM))
    ctx.tags["extra read-back"] += 1


def b_plain(c, v):
    ctx = c.ctx
    kind = ctx.plan["kinds"][0]
    if v == 4 and kind == "phone":
        num = ctx.num("phone", foreign_p=1.0)
    else:
        num = new_num(ctx, kind)
    fr = ctx.say(num, role="said")
    if v in (0, 4):
        ask(c, kind)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
        if ctx.rng.random() < 0.5:
            maybe_readback(c, num, 1.0)
        else:
            c.add("A", pick(ctx, OKAY))
    elif v == 1:
        ask(c, kind)
        c.add("C", P(F(ctx, pick(ctx, ADJ[kind])), NUMI(ctx, num, fr)))
        ctx.tags["look-alike beside the number"] += 1
        c.add("A", pick(ctx, OKAY))
    elif v == 2:
        c.add("C", P(pick(ctx, VOLUNTEER[kind]), NUMI(ctx, num, fr)))
        c.add("A", pick(ctx, OKAY))
    else:
        fr.role = "onfile"
        c.add("A", P(pick(ctx, ONFILE[kind]), NUMI(ctx, num, fr)))
        c.add("C", pick(ctx, CONFIRM))


def b_interrupt(c, v):
    ctx = c.ctx
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    ask(c, kind)
    if v == 0:
        p1, p2 = pieces(ctx, num, [group_cut(ctx, num)])
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", pick(ctx, BACKCH))
        c.add("C", P(pick(ctx, PIECE2), p2))
    elif v == 1:
        p1, p2 = pieces(ctx, num, [group_cut(ctx, num)])
        q, a = ctx.rng.choice(QMID[kind][ctx.lang])
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", q)
        c.add("C", P(a + pick(ctx, PIECE2), p2))
    elif v == 2:
        cut = group_cut(ctx, num)
        p1, p2 = pieces(ctx, num, [cut])
        e = ctx.say(num, 0, cut, role="echo")
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", P(pick(ctx, ECHO), e))
        c.add("C", P(pick(ctx, PIECE2), p2))
    elif v == 3:
        p1, p2, p3 = pieces(ctx, num, two_cuts(ctx, num))
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", pick(ctx, BACKCH))
        c.add("C", P(pick(ctx, PIECE_MID), p2))
        c.add("A", pick(ctx, BACKCH))
        c.add("C", P(pick(ctx, PIECE2), p3))
    elif v == 4:
        fr = ctx.say(num)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
        r1, r2 = pieces(ctx, num, [group_cut(ctx, num)], role="readback")
        c.add("A", P(pick(ctx, PIECE1), r1))
        c.add("C", pick(ctx, B(["对。", "对对。"], ["Yes.", "Yep."], ["对。", "Yes。"])))
        c.add("A", P(pick(ctx, B(["{}，对吧？", "{}？"], ["{}, right?", "{}?"], ["{}，right？", "{}？"])), r2))
        c.add("C", pick(ctx, CONFIRM))
    else:
        p1, p2 = pieces(ctx, num, [group_cut(ctx, num, inside=True)])
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", pick(ctx, CRACKLE))
        c.add("C", P(pick(ctx, PIECE2), p2))
        ctx.tags["interrupted inside a group"] += 1
    if v != 4:
        maybe_readback(c, num, 0.4)


def b_continuation(c, v):
    ctx = c.ctx
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    if v != 4:
        ask(c, kind)
    if v == 0:
        fr = ctx.say(num, cuts=[group_cut(ctx, num)])
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 1:
        fr = ctx.say(num, cuts=two_cuts(ctx, num))
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 2:
        fr = ctx.say(num)
        end = "。" if ctx.lang != "en" else "."
        c.add("C", [pick(ctx, ANNOUNCE), CUT()] + NUMI(ctx, num, fr) + [end])
    elif v == 3:
        fr = ctx.say(num, cuts=[group_cut(ctx, num, inside=True)])
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
        ctx.tags["cut inside a group"] += 1
    else:
        fr = ctx.say(num, role="onfile", cuts=[group_cut(ctx, num)])
        c.add("A", P(pick(ctx, ONFILE[kind]), NUMI(ctx, num, fr)))
        c.add("C", pick(ctx, CONFIRM))
    if v != 4:
        maybe_readback(c, num, 0.4)


def _wrong(ctx, num, last=False):
    if last and num.kind != "phone":
        return wrong_version(ctx.rng, num, gi=len(num.groups) - 1, swap=ctx.rng.random() < 0.4)
    return wrong_version(ctx.rng, num, swap=ctx.rng.random() < 0.3)


def _side(c):
    ctx = c.ctx
    q, a = ctx.rng.choice(SIDE_Q[ctx.lang])
    c.add("A", F(ctx, q))
    c.add("C", F(ctx, a))


def b_correction(c, v):
    ctx = c.ctx
    rng = ctx.rng
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    n = len(num.d)
    gb = group_bounds(num)
    ask(c, kind)
    abandon = pick(ctx, ABANDON)
    if v == 0:
        w, gi = _wrong(ctx, num)
        ab = ctx.say(num, 0, gb[gi][1], version=w, role="abandoned")
        whole = ctx.say(num, role="corrected")
        c.add("C", P(cm(ctx).join(["{}", abandon, "{}"]) + ("." if ctx.lang == "en" else "。"), NUMI(ctx, num, ab), NUMI(ctx, num, whole)))
        ctx.tags["correction: wrong prefix abandoned"] += 1
    elif v in (1, 7):
        cut = group_cut(ctx, num)
        st = ctx.style(num)
        ab = ctx.say(num, 0, cut, role="abandoned", st=st)
        whole = ctx.say(num, role="corrected", st=st)
        if v == 1:
            c.add("C", P("{}" + pick(ctx, RESTART) + "{}" + ("." if ctx.lang == "en" else "。"), NUMI(ctx, num, ab), NUMI(ctx, num, whole)))
            ctx.tags["correction: right prefix restarted"] += 1
        else:
            c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, ab)))
            c.add("A", pick(ctx, BACKCH))
            c.add("C", P(pick(ctx, RESTART).lstrip("—… ").lstrip("…") + "{}" + ("." if ctx.lang == "en" else "。"), NUMI(ctx, num, whole)))
            ctx.tags["correction: restart after a back-channel"] += 1
    elif v == 2:
        w, gi = _wrong(ctx, num)
        if gi == 0:
            raise Redraw("middle fix needs a group after the first")
        ab = ctx.say(num, 0, gb[gi][1], version=w, role="abandoned")
        corr = ctx.say(num, gb[gi][0], n, role="corrected")
        abandon = pick(ctx, ABANDON_MID)
        c.add("C", P(cm(ctx).join(["{}", abandon, "{}"]) + ("." if ctx.lang == "en" else "。"), NUMI(ctx, num, ab), corr))
        ctx.tags["correction: middle group fixed mid-number"] += 1
    elif v in (3, 6):
        w, gi = _wrong(ctx, num, last=(v == 6))
        wr = ctx.say(num, version=w, role="wrong")
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, wr)))
        c.add("A", pick(ctx, OKAY))
        _side(c)
        if v == 6:
            c.add("A", F(ctx, pick(ctx, B(["好，{date}给您安排上。", "行，我备注一下。"], ["Fine, I'll put you down for {date}.", "Okay, I've made a note."],
                                               ["OK，{date}给您 arrange。", "好，note 一下。"]))))
        g = gname(ctx, gi, len(gb))
        corr = ctx.say(num, gb[gi][0], gb[gi][1], role="corrected")
        if rng.random() < 0.5:
            wg = ctx.say(num, gb[gi][0], gb[gi][1], version=w, role="wrong", st=ctx.style(num, mode="ar"))
            t = pick(ctx, LATE_FIX_W).replace("{kn}", kname(ctx, kind)).replace("{g}", g)
            c.add("C", P(t, corr, wg))
        else:
            t = pick(ctx, LATE_FIX).replace("{kn}", kname(ctx, kind)).replace("{g}", g)
            c.add("C", P(t, corr))
        rb = ctx.say(num, role="readback")
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
        ctx.tags["correction: late, by the caller"] += 1
    elif v == 4:
        w, gi = _wrong(ctx, num)
        wr = ctx.say(num, version=w, role="wrong")
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, wr)))
        if rng.random() < 0.6:
            _side(c)
        t = pick(ctx, PROMPT_BAD["phone" if kind == "phone" else "check"]).replace("{kn}", kname(ctx, kind))
        c.add("A", t)
        g = gname(ctx, gi, len(gb))
        corr = ctx.say(num, gb[gi][0], gb[gi][1], role="corrected")
        if rng.random() < 0.5:
            wg = ctx.say(num, gb[gi][0], gb[gi][1], version=w, role="wrong", st=ctx.style(num, mode="ar"))
            c.add("C", P(pick(ctx, PROMPT_ANS_W).replace("{g}", g), corr, wg))
        else:
            c.add("C", P(pick(ctx, PROMPT_ANS).replace("{g}", g), corr))
        rb = ctx.say(num, role="readback")
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
        ctx.tags["correction: late, prompted by the agent"] += 1
    else:
        w, gi = _wrong(ctx, num)
        st = ctx.style(num)
        ab1 = ctx.say(num, 0, gb[gi][1], version=w, role="abandoned", st=st)
        cut = group_cut(ctx, num)
        ab2 = ctx.say(num, 0, cut, role="abandoned", st=st)
        whole = ctx.say(num, role="corrected", st=st)
        c.add("C", P(cm(ctx).join(["{}", abandon, "{}"]) + pick(ctx, RESTART) + "{}" + ("." if ctx.lang == "en" else "。"),
                     NUMI(ctx, num, ab1), NUMI(ctx, num, ab2), NUMI(ctx, num, whole)))
        ctx.tags["correction: two abandoned attempts"] += 1


def b_filler(c, v):
    ctx = c.ctx
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    ask(c, kind)
    edges = [e for _, e in group_bounds(num)[:-1]]
    if v == 0:
        k = min(len(edges), ctx.rng.randint(1, 3)) or 1
        st = ctx.style(num)
        st.fill_at = set(ctx.rng.sample(edges, k)) if edges else {len(num.d) // 2}
        fr = ctx.say(num, st=st)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 1:
        fr = ctx.say(num, fill=ctx.rng.randint(2, 3))
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 2:
        fr = ctx.say(num, fill=ctx.rng.randint(1, 2))
        c.add("C", [pick(ctx, LEADIN)] + NUMI(ctx, num, fr) + ["。" if ctx.lang != "en" else "."])
    elif v == 3:
        fr = ctx.say(num)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
        rb = ctx.say(num, role="readback", fill=ctx.rng.randint(2, 3))
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
    else:
        st = ctx.style(num)
        st.fillers = ["……呃", "嗯……", "那个……"] if ctx.lang != "en" else ["um...", "uh...", "er..."]
        fr = ctx.say(num, st=st, fill=3)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    if v != 3:
        maybe_readback(c, num, 0.35)


def b_asr(c, v):
    ctx = c.ctx
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    ask(c, kind)
    if v == 0:
        fr = ctx.say(num, mode="chunks")
    elif v == 1:
        fr = ctx.say(num, mode="perdigit")
    elif v == 2:
        pool = {"zh": ["zh", "ar"], "en": ["en", "ar"], "mixed": ["zh", "ar", "en"]}[ctx.lang]
        pg = [pool[i % len(pool)] for i in range(6)]
        if ctx.rng.random() < 0.5:
            pg = pg[1:] + pg[:1]
        fr = ctx.say(num, mode="mix", per_group=pg)
    elif v == 3:
        fr = ctx.say(num, mode=ctx.rng.choice(["chunks", "ar"]), cuts=[group_cut(ctx, num, inside=True)])
        ctx.tags["number split over two segments / lines"] += 1
    else:
        fr = ctx.say(num, mode=ctx.rng.choice(["chunks", "ar", "mix"]), odd_punct=True)
        ctx.tags["punctuation misplaced inside the number"] += 1
    c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    maybe_readback(c, num, 0.4)


def alt_grouping(ctx, num):
    n = len(num.d)
    opts = {11: [[4, 4, 3], [3, 4, 4], [3, 3, 5], [2, 3, 2, 4]], 18: [[3, 3, 4, 4, 4], [6, 4, 4, 4], [4, 4, 4, 6], [6, 8, 4]],
            16: [[4, 4, 4, 4], [6, 6, 4], [3, 3, 3, 3, 4], [8, 8]], 19: [[4, 4, 4, 4, 3], [6, 6, 7], [3, 4, 4, 4, 4]],
            15: [[4, 6, 5], [5, 5, 5], [3, 4, 4, 4]]}
    cand = [g for g in opts.get(n, []) if g != num.groups]
    if num.kind == "phone":
        cand = [g for g in cand if g[-1] >= 4]
    if not cand:
        if n >= 8:
            half = n - 4
            return [half // 2, half - half // 2, 4] if half >= 4 else [half, 4]
        return None
    return ctx.rng.choice(cand)


def b_readback(c, v):
    ctx = c.ctx
    rng = ctx.rng
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    n = len(num.d)
    ask(c, kind)
    st0 = ctx.style(num)
    fr = ctx.say(num, st=st0)
    c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    if v == 0:
        g = alt_grouping(ctx, num)
        rb = ctx.say(num, role="readback", grouping=g)
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
        ctx.tags["read-back regrouped"] += 1
    elif v == 1:
        if kind == "phone" or (kind == "bank_card" and rng.random() < 0.6):
            rb = ctx.say(num, n - 4, n, role="readback", mode=rng.choice(["ar", st0.mode if st0.mode != "mix" else "ar"]))
            c.add("A", P(pick(ctx, RB_LAST), rb))
        else:
            g0 = num.groups[0]
            rb = ctx.say(num, 0, g0, role="readback")
            c.add("A", P(pick(ctx, RB_FIRST), rb))
        c.add("C", pick(ctx, CONFIRM))
    elif v == 2:
        w, gi = _wrong(ctx, num)
        mh = ctx.say(num, version=w, role="misheard", grouping=None)
        c.add("A", P(pick(ctx, READBACK), mh))
        gb = group_bounds(num)
        g = gname(ctx, gi, len(gb))
        corr = ctx.say(num, gb[gi][0], gb[gi][1], role="corrected")
        if rng.random() < 0.5:
            wg = ctx.say(num, gb[gi][0], gb[gi][1], version=w, role="misheard", st=ctx.style(num, mode="ar"))
            c.add("C", P(pick(ctx, MISHEARD_FIX_W).replace("{g}", g), corr, wg))
        else:
            c.add("C", P(pick(ctx, MISHEARD_FIX).replace("{g}", g), corr))
        rb = ctx.say(num, role="readback", grouping=alt_grouping(ctx, num) if rng.random() < 0.4 else None)
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
        ctx.tags["misheard read-back put right"] += 1
    elif v == 3:
        other = {"zh": ["zh", "ar"], "en": ["en", "ar"], "mixed": ["en", "zh", "ar"]}[ctx.lang]
        m = [x for x in other if x != st0.mode] or other
        rb = ctx.say(num, role="readback", mode=rng.choice(m))
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
        ctx.tags["read-back in another rendering"] += 1
    elif v == 4:
        g = alt_grouping(ctx, num) or num.groups
        bounds = group_bounds(num, g)
        if num.kind == "phone" and bounds[-1][1] - bounds[-1][0] < 4:
            bounds = bounds[:-2] + [(bounds[-2][0], n)]
        st = ctx.style(num)
        gg = [b - a for a, b in bounds]
        for i, (a, b) in enumerate(bounds):
            p = ctx.say(num, a, b, role="readback", st=st, grouping=gg)
            c.add("A", P(pick(ctx, B(["{}？", "{}，"], ["{}?", "{}..."], ["{}？", "{}，right？"])), p))
            c.add("C", pick(ctx, B(["对。", "嗯。", "对的。"], ["Yes.", "Yep.", "Mm-hmm."], ["对。", "Yes。"])))
        ctx.tags["read-back group by group"] += 1
    else:
        cut = group_cut(ctx, num)
        if num.kind == "phone":
            cut = min(cut, n - 4)
        st = ctx.style(num)
        rb = ctx.say(num, 0, cut, role="readback", st=st)
        c.add("A", P(pick(ctx, B(["我念一遍：{}……", "是{}……"], ["So that's {}...", "I've got {}, and then..."], ["我 read 一下：{}……"])), rb))
        fin = ctx.say(num, cut, n, role="piece", st=st)
        c.add("C", P(pick(ctx, B(["{}。", "后面{}。"], ["{}.", "Then {}."], ["{}。", "then {}。"])), fin))
        ctx.tags["read-back finished by the caller"] += 1


def b_checkchar(c, v):
    ctx = c.ctx
    rng = ctx.rng
    num = ctx.num("id_number", want_x=(v != 3))
    ask(c, "id_number")
    st = ctx.style(num)
    d17 = ctx.say(num, 0, 17, st=st)
    letter = num.d[-1] == "X" and rng.random() < 0.5
    xf = rng.choice(["X", "X", "x"] + (["叉", "Ｘ"] if ctx.lang == "zh" and not letter else []))
    xs = ctx.style(num, mode="ar", xform=xf) if num.d[-1] == "X" else ctx.style(num, mode=rng.choice(["ar", "zh"] if ctx.lang != "en" else ["ar", "en"]))
    if num.d[-1] == "X" and xf in ("叉", "Ｘ"):
        xs.mode = "zh"
    x = ctx.say(num, 17, 18, role="check-char", st=xs)
    if v in (0, 3) and rng.random() < 0.7 or v == 0:
        bank = CC_SAME_LETTER if letter else CC_SAME_NEUTRAL
        c.add("C", P("{}" + pick(ctx, bank), d17, x))
    elif v == 1 or v == 3:
        c.add("C", P(pick(ctx, PIECE1), d17))
        c.more(P(pick(ctx, CC_NEXT), x))
    else:
        c.add("C", P(pick(ctx, GIVE), d17))
        c.add("A", pick(ctx, ASK_LAST))
        c.add("C", P(pick(ctx, CC_ANS), x))
    if rng.random() < 0.35:
        rb = ctx.say(num, role="readback")
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))


def b_glued(c, v):
    ctx = c.ctx
    rng = ctx.rng
    kind = ctx.plan["kinds"][0]
    num = new_num(ctx, kind)
    if len(num.groups) == 1:
        num.groups = [3, 4, 4] if len(num.d) == 11 else [len(num.d) - 4, 4]
    ask(c, kind)
    if v == 0:
        fr = ctx.say(num, mode="glued")
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 1:
        pg = ["glued", "en"] * 3 if rng.random() < 0.5 else ["en", "glued"] * 3
        fr = ctx.say(num, mode="mix", per_group=pg)
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    elif v == 2:
        fr = ctx.say(num, mode=rng.choice(["ar", "en"]))
        c.add("C", P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
        rb = ctx.say(num, role="readback", mode="glued")
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))
    else:
        p1, p2 = pieces(ctx, num, [group_cut(ctx, num)], st=ctx.style(num, mode="glued"))
        c.add("C", P(pick(ctx, PIECE1), NUMI(ctx, num, p1)))
        c.add("A", pick(ctx, BACKCH))
        c.add("C", P(pick(ctx, PIECE2), p2))
    if v != 2:
        maybe_readback(c, num, 0.3)


def exchange(c, kind, adj=False, num=None, spk="C"):
    ctx = c.ctx
    num = num or new_num(ctx, kind)
    ask(c, kind)
    fr = ctx.say(num)
    if adj:
        c.add(spk, P(F(ctx, pick(ctx, ADJ[kind])), NUMI(ctx, num, fr)))
        ctx.tags["look-alike beside the number"] += 1
    else:
        c.add(spk, P(give_tpl(ctx, kind, num), NUMI(ctx, num, fr)))
    return num, fr


def b_multi(c, v):
    ctx = c.ctx
    rng = ctx.rng
    kinds = ctx.plan["kinds"]
    if v == 0 or v == 1:
        first = "phone" if v == 0 else "bank_card"
        order = [first] + [k for k in kinds if k != first]
        for i, k in enumerate(order):
            exchange(c, k, adj=(i == 0 or rng.random() < 0.5))
            if i < len(order) - 1:
                c.add("A", pick(ctx, OKAY))
    elif v == 2:
        for i, k in enumerate(kinds):
            exchange(c, k, adj=rng.random() < 0.4)
            if i < len(kinds) - 1:
                _side(c)
    elif v == 3:
        k1, k2 = kinds[0], kinds[1]
        tpl = pick(ctx, TWO_IN_LINE)
        first_kind = "bank_card" if ("卡" in tpl.split("{}")[0] or "ard" in tpl.split("{}")[0]) else "id_number"
        second_kind = "bank_card" if ("卡" in tpl.split("{}")[1] or "card" in tpl.split("{}")[1]) else "phone"
        n1, n2 = new_num(ctx, first_kind), new_num(ctx, second_kind)
        f1, f2 = ctx.say(n1), ctx.say(n2)
        c.add("A", pick(ctx, B(["需要登记两个信息。", "我这边要核两项。"], ["I need a couple of details.", "There are two things I need to take."],
                                    ["要登记两个 details。"])))
        c.add("C", P(tpl, NUMI(ctx, n1, f1), NUMI(ctx, n2, f2)))
        c.add("A", pick(ctx, OKAY))
        for k in kinds:
            if k not in (first_kind, second_kind):
                exchange(c, k)
        ctx.tags["two numbers in one line"] += 1
    elif v == 4:
        m, fr = exchange(c, "phone", num=ctx.num("phone", foreign_p=0.0, landline_p=0.0))
        n2 = ctx.num("phone", foreign_p=0.7, landline_p=0.3)
        f2 = ctx.say(n2)
        place = ""
        if n2.place:
            place = n2.place[1] if ctx.lang == "en" else n2.place[0]
        tpl = SECOND_PHONE[ctx.lang][0 if n2.sub.startswith("foreign") else 1].replace("{place}", place)
        pre = F(ctx, pick(ctx, PC_LINE).replace("{pc}", "{pc}")) if ctx.dom == "studyhome" else ""
        c.add("C", P(pre + tpl, NUMI(ctx, n2, f2)))
        for k in kinds:
            if k != "phone":
                exchange(c, k)
        ctx.tags["two phones"] += 1
    elif v == 5:
        exchange(c, kinds[0])
        c.add("A", pick(ctx, OKAY))
        ask(c, kinds[1])
        c.add("C", pick(ctx, HANDOVER))
        c.add("T", pick(ctx, THIRD_HI))
        n2 = new_num(ctx, kinds[1])
        f2 = ctx.say(n2)
        c.add("T", P(give_tpl(ctx, kinds[1], n2), NUMI(ctx, n2, f2)))
        for k in kinds[2:]:
            exchange(c, k, spk="T")
        ctx.tags["second voice gives a number"] += 1
    else:
        nums = []
        for k in kinds:
            nums.append(exchange(c, k, adj=rng.random() < 0.5))
        num, _ = nums[-1]
        rb = ctx.say(num, role="readback", grouping=alt_grouping(ctx, num))
        c.add("A", P(pick(ctx, READBACK), rb))
        c.add("C", pick(ctx, CONFIRM))


def long_ref_digits(ctx, n):
    for _ in range(300):
        s = rdig(ctx.rng, n, "123456789")
        if unsafe_run(s) is None:
            return s
    raise Redraw("long reference")


def render_long(ctx, s, mode):
    rng = ctx.rng
    if mode == "ar":
        g = rng.choice([4, 4, 3, 5])
        parts = [s[i:i + g] for i in range(0, len(s), g)]
        return rng.choice([" ", "-", " "]).join(parts)
    if mode == "en":
        z = rng.choice(["zero", "oh"])
        return " ".join(z if ch == "0" else EN[ch] for ch in s)
    return "".join("幺" if ch == "1" and rng.random() < 0.3 else CN[ch] for ch in s)


def b_negative(c, v):
    ctx = c.ctx
    rng = ctx.rng
    lang = ctx.lang
    names = LONG_NAMES[lang]
    dom_names = {"petmove": ("芯片号", "microchip number"), "sleep": ("机器序列号", "device serial"), "travelsim": ("设备编号", "device number"),
                 "hatchery": ("批次追溯码", "flock traceability code"), "survey": ("不动产单元号", "property unit reference")}
    name = rng.choice(names)
    if ctx.dom in dom_names and rng.random() < 0.5:
        name = dom_names[ctx.dom][1 if lang == "en" else 0]
    if v in (0, 1, 2, 6):
        s = long_ref_digits(ctx, rng.choice([15, 16, 17, 18, 19, 20]))
        mode = {0: "ar", 1: "en", 2: "zh", 6: "en"}[v]
        if mode == "zh" and lang == "en":
            mode = "en"
        if mode == "en" and lang == "zh":
            mode = "zh"
        val = render_long(ctx, s, mode)
        c.add("A", pick(ctx, B([f"麻烦报一下{name}。", f"您有{name}吗？"], [f"Do you have the {name} handy?", f"Could you read me the {name}?"],
                                   [f"{name}有吗？", f"麻烦报一下{name}。"])))
        c.add("C", pick(ctx, LONG_SAY).replace("{name}", name).replace("{v}", val))
        if v in (2, 6) or rng.random() < 0.4:
            c.add("A", pick(ctx, LONG_RB).replace("{v}", render_long(ctx, s, mode if rng.random() < 0.6 else "ar")))
            ctx.tags["negative: long reference read back"] += 1
        if v == 6:
            c.add("C", F(ctx, pick(ctx, B(["顺便问下，还要补多少钱？{amt}对吗？"], ["And what's left to pay — {amt}?"], ["还要补多少？{amt}？"]))))
            c.add("A", F(ctx, pick(ctx, B(["对，{amt}，{date}前付就行。"], ["That's right, {amt}, any time before {date}."], ["对，{amt}，{date}前。"]))))
        ctx.tags[f"negative: long reference ({mode})"] += 1
    elif v == 3:
        first = rng.choice(["2", "3", "5", "6", "8", "9"])
        for _ in range(200):
            s = rdig(rng, 11, first)
            if unsafe_run(s) is None:
                break
        else:
            raise Redraw("member")
        val = s if rng.random() < 0.6 else (s[:3] + " " + s[3:7] + " " + s[7:])
        c.add("A", pick(ctx, B(["您是会员吧？会员号多少？"], ["Are you a member with us? What's the membership number?"], ["您有 membership 吗？号码多少？"])))
        c.add("C", pick(ctx, MEMBER).replace("{v}", val))
        ctx.tags["negative: 11-digit member number"] += 1
    elif v == 4:
        k = rng.choice(["phone", "id_number", "bank_card"])
        ask(c, k)
        c.add("C", pick(ctx, DECLINE[k]))
        c.add("A", pick(ctx, DECLINE_OK))
        ctx.tags["negative: number asked for and declined"] += 1
    else:
        r = rng.choice(DOMAINS[ctx.dom]["reasons"])
        li = {"zh": 0, "en": 2, "mixed": 4}[lang]
        c.add("C", F(ctx, r[li]))
        c.add("A", F(ctx, r[li + 1]))
        ctx.tags["negative: domain chatter"] += 1
    _side(c)


BUILDERS = {"plain": (b_plain, 5), "interruption": (b_interrupt, 6), "continuation": (b_continuation, 5),
            "correction": (b_correction, 8), "filler": (b_filler, 5), "asr-chunks": (b_asr, 5), "readback": (b_readback, 6),
            "check-char-apart": (b_checkchar, 4), "glued-words": (b_glued, 4), "multi-number": (b_multi, 7),
            "negative": (b_negative, 7)}


def opening(c):
    ctx = c.ctx
    rng = ctx.rng
    d = DOMAINS[ctx.dom]
    org_zh, org_en = rng.choice(d["org_zh"]), rng.choice(d["org_en"])
    org = org_en if ctx.lang == "en" else org_zh
    agent = rng.choice(AGENTS[ctx.lang])
    ctx.agent_name = agent
    if rng.random() < 0.22:
        c.add("S", pick(ctx, IVR))
    li = {"zh": 0, "en": 2, "mixed": 4}[ctx.lang]
    r = rng.choice(d["reasons"])
    if ctx.plan["outbound"]:
        c.add("A", pick(ctx, OUTBOUND).replace("{org}", org).replace("{org_en}", org_en).replace("{agent}", agent))
        c.add("C", pick(ctx, OUT_ANS))
        if rng.random() < 0.5:
            c.add("C", F(ctx, r[li]))
            c.add("A", F(ctx, r[li + 1]))
    else:
        c.add("A", pick(ctx, GREET).replace("{org}", org).replace("{org_en}", org_en).replace("{agent}", agent))
        c.add("C", F(ctx, r[li]))
        c.add("A", F(ctx, r[li + 1]))


def closing(c):
    ctx = c.ctx
    c.add("A", F(ctx, pick(ctx, WRAP)))
    c.add("C", pick(ctx, THANKS))


# ============================================================================================
# Physical lines, look-alike safety
# ============================================================================================

def physical_lines(call):
    """[(speaker, turn index, first line of its turn?, tokens)] with CUTs turned into line breaks."""
    out = []
    for ti, (spk, lines) in enumerate(call.turns):
        first = True
        for line in lines:
            cur = []
            for t in line:
                if t.cut:
                    if cur:
                        out.append((spk, ti, first, cur))
                        first = False
                    cur = []
                else:
                    cur.append(t)
            if cur:
                out.append((spk, ti, first, cur))
                first = False
    return out


JOIN_LATIN = {"and", "then", "dash", "plus", "double", "triple", "um", "uh", "er", "erm", "hmm", "mm"}
JOIN_CJK = ["那个", "就是", "然后", "呃", "嗯", "额", "和", "加", "杠", "啊", "哦", "唔"]


def _cjk_joiner(s):
    ok = [False] * (len(s) + 1)
    ok[0] = True
    for i in range(len(s)):
        if not ok[i]:
            continue
        for w in JOIN_CJK:
            if s.startswith(w, i):
                ok[i + len(w)] = True
    return ok[len(s)]


def gap_joins(gap):
    """Whether the tokens between two digit-bearing tokens let a reader join their digits."""
    cjk = ""
    for t in gap:
        if t.punct or t.cut:
            continue
        if is_cjk(t.text[0]):
            cjk += t.text
            continue
        if cjk and not _cjk_joiner(cjk):
            return False
        cjk = ""
        if t.text.lower() not in JOIN_LATIN:
            return False
    return _cjk_joiner(cjk) if cjk else True


def token_digits(t):
    return "".join(u[3] for u in ev.read_units(t.text))


def unsafe_run(s):
    """Why a run of unlabelled digits could be taken for a personal number, or None."""
    n = len(s)
    if "X" in s:
        return "holds an X"
    if n >= 11:
        for i in range(n - 10):
            if s[i] == "1" and s[i + 1] in "3456789":
                return "mobile-shaped 11-digit window"
    for L in range(13, 20):
        for i in range(0, n - L + 1):
            if luhn_ok(s[i:i + L]):
                return f"{L}-digit window passes Luhn"
    for i in range(0, n - 17):
        if id_check(s[i:i + 17]) == s[i + 17]:
            return "18-digit window passes MOD 11-2"
    if 10 <= n <= 12 and s[0] == "0":
        return "landline-shaped (0, 10-12 digits)"
    if n == 10 and s[0] in "23456789" and s[3] in "23456789":
        return "NANP-shaped"
    if 7 <= n <= 8 and s[0] in "23456789":
        return "local-number-shaped (7-8 digits)"
    if n >= 9 and s.startswith("00"):
        return "international-prefix-shaped"
    if n in (15, 18) and s[:2] in PROVINCES:
        return "province-code-led 15/18"
    if n in (16, 19) and (s[0] == "4" or s[:2] in ("51", "52", "53", "54", "55", "62") or "22" <= s[:2] <= "27"):
        return "card-prefix-led 16/19"
    if n == 15 and s[:2] in ("34", "37"):
        return "Amex-shaped"
    return None


def check_stream(call, ctx):
    """Look-alike safety on the said content (the whole call as one stream)."""
    seq = []
    for spk, ti, first, line in physical_lines(call):
        seq.extend(line)
    digit_idx = [i for i, t in enumerate(seq) if t.dg]
    runs = []
    cur = []
    for k, i in enumerate(digit_idx):
        if cur and not gap_joins(seq[cur[-1] + 1:i]):
            runs.append(cur)
            cur = []
        cur.append(i)
    if cur:
        runs.append(cur)
    six = set()
    for v in ctx.versions:
        dv = v.replace("X", "")
        for i in range(len(dv) - 5):
            six.add(dv[i:i + 6])
    for run in runs:
        frs = [seq[i].frag for i in run]
        labelled = [f for f in frs if f is not None]
        if labelled:
            nums = set(id(f.num) for f in labelled)
            if len(nums) > 1:
                raise Redraw("two numbers' fragments join")
            first_fr = min(k for k, i in enumerate(run) if seq[i].frag is not None)
            for k, i in enumerate(run):
                t = seq[i]
                if t.frag is None:
                    if t.cc and k < first_fr and all(seq[j].cc for j in run[:first_fr]):
                        continue
                    raise Redraw("unlabelled digits join a fragment")
            continue
        if any(seq[i].cc for i in run):
            raise Redraw("country code away from its number")
        for i in run:
            if seq[i].text in ("X", "x", "叉", "Ｘ"):
                raise Bug("lone check character outside a fragment")
        collapsed = "".join(token_digits(seq[i]) for i in run)
        expanded = []
        for j, i in enumerate(run):
            d = token_digits(seq[i])
            gap = seq[(run[j - 1] + 1 if j else i):i]
            mult = 1
            for g in gap:
                if g.text.lower() == "double":
                    mult = 2
                elif g.text.lower() == "triple":
                    mult = 3
            expanded.append(d[:1] * mult + d[1:] if d else d)
        for s in (collapsed, "".join(expanded)):
            why_ = unsafe_run(s)
            if why_:
                raise Redraw(f"look-alike: {why_}")
            for i in range(len(s) - 5):
                if s[i:i + 6] in six:
                    raise Redraw("look-alike: holds a piece of a labelled number")


# ============================================================================================
# Text layouts (this author's own)
# ============================================================================================

def stamp_fmt(kind, secs, base):
    m, s = divmod(int(secs), 60)
    h, m = divmod(m, 60)
    frac = secs - int(secs)
    if kind == "hms-letters":
        return f"{h:02d}h{m:02d}m{s:02d}s"
    if kind == "primes":
        return f"{m + 60 * h}'{s:02d}\""
    if kind == "smpte":
        return f"{h:02d}:{m:02d}:{s:02d};{int(frac * 25):02d}"
    if kind == "plus-secs":
        return f"+{secs:.1f}s"
    if kind == "t-eq":
        return f"t={secs:.1f}"
    if kind == "centis":
        return f"{h}:{m:02d}:{s:02d}.{int(frac * 100):02d}"
    if kind == "mmss":
        return f"{m + 60 * h:02d}:{s:02d}"
    w = base + int(secs)
    wh, wm, ws = (w // 3600) % 24, (w // 60) % 60, w % 60
    return f"{wh:02d}:{wm:02d}:{ws:02d}"


STAMP_KINDS = ["hms-letters", "primes", "smpte", "plus-secs", "t-eq", "centis", "mmss", "wall"]
INLINE = [
    ("colon-bar", "{lab}⦂ ", False), ("vdots", "{lab} ⋮ ", False), ("guillemets", "«{lab}» ", False),
    ("tortoise", "⦗{lab}⦘ ", False), ("dashbar", "{lab} ╎ ", False), ("kv", "spk={lab} | ", False),
    ("ratio", "({ts}) {lab} ∶ ", True), ("dbar", "{ts} ‖ {lab} ‖ ", True), ("lens", "【{ts}·{lab}】", True),
    ("half-circle", "◖{lab}◗ ", False), ("phone-glyph", "✆ {lab}: ", False), ("rcol", "{labr} │ ", False),
    ("triangle", "{lab} ▷ ", False), ("bracket-ts", "[{ts}] {lab} ⦂ ", True), ("plain-colon", "{lab}: ", False),
    ("zh-colon", "{lab}：", False), ("ts-dash", "{ts} ⸺ {lab}: ", True), ("kv-ts", "t={tsr} spk={lab} | ", True),
]
HEADERS = [("hdr-rule", "{ts} ── {lab}", True), ("hdr-colons", "::{lab}::", False), ("hdr-hourglass", "⧗ {ts} · {lab}", True),
           ("hdr-tilde", "~~ {lab} ~~", False)]
UNLABELLED = [("bare", ""), ("tri-bullet", "‣ ")]
CONT_STYLES = ["relabel", "bare", "indent", "mark", "dots"]

GENERIC_LABELS = {
    "zh": [("客服", "客户"), ("坐席", "来电人"), ("服务方", "来电方"), ("接待", "顾客")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("Support", "Client"), ("Desk", "Caller")],
    "mixed": [("Agent", "客户"), ("客服", "Client"), ("CS", "来电人"), ("坐席", "Customer")],
}
THIRD = {"zh": "家属", "en": "Partner", "mixed": "家属"}
SYSTEM = {"zh": "系统", "en": "IVR", "mixed": "系统"}


def choose_labels(ctx, lrng):
    lang = ctx.lang
    r = lrng.random()
    d = DOMAINS[ctx.dom]
    if r < 0.3:
        a, c = d["lab_en"] if lang == "en" else d["lab_zh"]
        if lang == "mixed" and lrng.random() < 0.5:
            a, c = d["lab_en"][0], d["lab_zh"][1]
        kind = "domain"
    elif r < 0.72:
        a, c = lrng.choice(GENERIC_LABELS[lang])
        kind = "generic"
    elif r < 0.86:
        a, c = "A", "B"
        kind = "letters"
    else:
        a, c = "L", "R"
        kind = "channel"
    if kind in ("domain", "generic") and lrng.random() < 0.2:
        nm = getattr(ctx, "agent_name", "")
        if nm and not any(ch.isdigit() for ch in nm):
            a = f"{a}·{nm}" if not nm.isascii() or lang != "en" else f"{a} {nm}"
    labs = {"A": a, "C": c, "T": THIRD[lang], "S": SYSTEM[lang]}
    if kind == "letters":
        labs["T"], labs["S"] = "B", "SYS"
    if kind == "channel":
        labs["T"], labs["S"] = "R", "L"
    return labs, kind


def content_of(tokens, esc=None):
    """(string, [(start, end)] per token)."""
    s = []
    pos = []
    n = 0
    for i, t in enumerate(tokens):
        if i > 0 and t.sp:
            s.append(" ")
            n += 1
        txt = esc(t.text) if esc else t.text
        pos.append((n, n + len(txt)))
        s.append(txt)
        n += len(txt)
    return "".join(s), pos


def frag_portions(tokens, pos, base):
    """Spans of the fragments in one physical line: {frag: (start, end)} (absolute offsets)."""
    res = {}
    for i, t in enumerate(tokens):
        if t.frag is not None and t.dg:
            a, b = pos[i]
            if t.frag in res:
                res[t.frag] = (res[t.frag][0], base + b)
            else:
                res[t.frag] = (base + a, base + b)
    return res


DIGITISH = set("0123456789零〇一二三四五六七八九幺两叉Ｘ") | set(FW.values())


def beside_ok(text, s, e):
    for p in (s - 1, e):
        if 0 <= p < len(text):
            ch = text[p]
            if ch in DIGITISH or (ch.isascii() and ch.isalpha()):
                return False
    return True


class Labels:
    def __init__(self):
        self.spans = []
        self.seen = collections.defaultdict(int)

    def add_portions(self, line, portions, frag_total, base):
        """portions: {frag: (start, end)} relative to line; base: offset of line in the file."""
        for fr, (s, e) in sorted(portions.items(), key=lambda kv: kv[1]):
            self.seen[fr] += 1
            last = self.seen[fr] == frag_total[fr]
            l4 = fr.last4 and last
            if l4 and ev.readable_count(line[s:e]) < 4:
                raise Redraw("last piece of a phone under four digits")
            if not beside_ok(line, s, e):
                raise Redraw(f"digit-bearing character beside a span: {line[max(0, s - 3):e + 3]!r}")
            self.spans.append({"start": base + s, "end": base + e, "kind": fr.kind, "last4_ok": l4, "role": fr.role})


def frag_line_counts(plines):
    cnt = collections.defaultdict(int)
    for spk, ti, first, toks_ in plines:
        seen = []
        for t in toks_:
            if t.frag is not None and t.dg and t.frag not in seen:
                seen.append(t.frag)
        for fr in seen:
            cnt[fr] += 1
    return cnt


def render_text(call, ctx, lrng):
    plines = physical_lines(call)
    fcount = frag_line_counts(plines)
    labs, labkind = choose_labels(ctx, lrng)
    swapped = False
    if labkind in ("domain", "generic") and lrng.random() < 0.05:
        labs["A"], labs["C"] = labs["C"], labs["A"]
        swapped = True
    r = lrng.random()
    if r < 0.68:
        fam = "inline"
        name, tpl, stamped = lrng.choice(INLINE)
    elif r < 0.9:
        fam = "header"
        name, tpl, stamped = lrng.choice(HEADERS)
    else:
        fam = "unlabelled"
        name, tpl = lrng.choice(UNLABELLED)
        stamped = False
    sk = lrng.choice(STAMP_KINDS)
    base = lrng.randint(8 * 3600, 18 * 3600)
    cont = lrng.choice(CONT_STYLES)
    blank = (fam == "header" and lrng.random() < 0.7) or (fam == "inline" and lrng.random() < 0.15)
    indent_hdr = fam == "header" and lrng.random() < 0.5
    width = max(len(v) for v in labs.values())
    out = []
    cursor = 0
    labels = Labels()
    t = lrng.uniform(0.5, 3.0)
    prev_ti = None

    def emit(line):
        nonlocal cursor
        out.append(line)
        start = cursor
        cursor += len(line) + 1
        return start

    for spk, ti, first, toks_ in plines:
        content, tpos = content_of(toks_)
        ts = stamp_fmt(sk, t, base)
        lab = labs[spk]
        if ti != prev_ti and blank and out:
            emit("")
        if fam == "inline":
            if first or cont == "relabel":
                prefix = tpl.format(lab=lab, ts=ts, labr=lab.rjust(width), tsr=f"{t:.1f}")
            elif cont == "bare":
                prefix = ""
            elif cont == "indent":
                prefix = " " * 4
            elif cont == "mark":
                prefix = "  ┊ "
            else:
                prefix = "  ⋯ "
        elif fam == "header":
            if first:
                emit(tpl.format(lab=lab, ts=ts))
            prefix = "  " if indent_hdr else ""
        else:
            prefix = tpl
        line = prefix + content
        start = emit(line)
        labels.add_portions(line, frag_portions(toks_, tpos, len(prefix)), fcount, start)
        t += 0.9 + 0.07 * len(content) + lrng.uniform(0, 1.5)
        prev_ti = ti
    text = "\n".join(out)
    if lrng.random() < 0.55:
        text += "\n"
    meta = {"layout": f"text:{fam}:{name}", "stamp": sk if stamped else None, "cont": cont if fam == "inline" else None,
            "labels": labkind, "swapped": swapped}
    return text, labels.spans, meta


# ============================================================================================
# WebVTT (this author's payload styles)
# ============================================================================================

def vtt_time(secs, short):
    ms = int(round(secs * 1000))
    h, rem = divmod(ms, 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt_esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


VTT_PAYLOADS = ["voice", "class-only", "chevrons", "bold", "italic", "emdash", "voice-lang"]
ROLE_CLASS = {"A": "agent", "C": "caller", "T": "caller", "S": "system"}


def render_vtt(call, ctx, lrng):
    plines = physical_lines(call)
    fcount = frag_line_counts(plines)
    labs, labkind = choose_labels(ctx, lrng)
    if labkind == "channel":
        labs, labkind = {"A": "Agent" if ctx.lang == "en" else "客服", "C": "Caller" if ctx.lang == "en" else "客户",
                         "T": THIRD[ctx.lang], "S": SYSTEM[ctx.lang]}, "generic"
    style = lrng.choice(VTT_PAYLOADS)
    ids = lrng.choice(["none", "num", "c", "q", "turn"])
    short = lrng.random() < 0.4
    settings = lrng.choice(["", "", "align:start", "line:88% align:left", "position:12% align:start", "size:80%"])
    cont_mode = lrng.choice(["same-cue", "new-cue-voice", "new-cue-bare"])
    lang_tag = {"zh": "zh-CN", "en": "en-GB", "mixed": "zh-CN"}[ctx.lang]
    head = "WEBVTT"
    if lrng.random() < 0.4:
        head += lrng.choice([" - 通话转写", " - call transcript", " - recorded line"]) if ctx.lang != "en" else lrng.choice([" - call transcript", " - recorded line"])
    parts = [head + "\n"]
    if lrng.random() < 0.4:
        parts.append(f"Kind: captions\nLanguage: {lang_tag}\n")
    parts.append("\n")
    if lrng.random() < 0.45:
        parts.append(lrng.choice(["NOTE 自动转写，未经人工复核\n\n", "NOTE machine transcript, speaker turns estimated\n\n",
                                  "NOTE\n说话人由系统自动区分\n\n"]))
    if lrng.random() < 0.2:
        parts.append("STYLE\n::cue(.agent) { color: lime }\n::cue(.caller) { color: yellow }\n\n")
    text = "".join(parts)
    labels = Labels()
    t = lrng.uniform(0.3, 2.0)
    cue_no = 0
    open_cue = None    # speaker of the cue being written (for second payload lines)
    prev_ti = None
    chunks = [text]
    cursor = len(text)
    for spk, ti, first, toks_ in plines:
        content, tpos = content_of(toks_, esc=vtt_esc)
        dur = 0.8 + 0.06 * len(content) + lrng.uniform(0, 0.8)
        lab = vtt_esc(labs[spk])
        same_cue = (not first) and open_cue == spk and cont_mode == "same-cue"
        if same_cue:
            prefix = ""
            line = prefix + content
            chunks.append(line + "\n")
            start = cursor
            cursor += len(line) + 1
        else:
            if open_cue is not None:
                chunks.append("\n")
                cursor += 1
            cue_no += 1
            cid = {"none": None, "num": str(cue_no), "c": f"c{cue_no}", "q": f"q{cue_no:03d}", "turn": f"turn-{cue_no}"}[ids]
            head_lines = ""
            if cid:
                head_lines += cid + "\n"
            t0 = t
            t1 = t + dur
            if prev_ti is not None and ti != prev_ti and lrng.random() < 0.3:
                t0 = max(0.0, t0 - lrng.uniform(0.1, 0.6))
            head_lines += f"{vtt_time(t0, short)} --> {vtt_time(t1, short)}" + (" " + settings if settings else "") + "\n"
            chunks.append(head_lines)
            cursor += len(head_lines)
            bare = (not first) and cont_mode == "new-cue-bare"
            if bare:
                prefix, suffix = "", ""
            elif style == "voice":
                prefix, suffix = f"<v {lab}>", ""
            elif style == "class-only":
                prefix, suffix = f"<c.{ROLE_CLASS[spk]}>", "</c>"
            elif style == "chevrons":
                prefix, suffix = f"&gt;&gt; {lab.upper() if lab.isascii() else lab}: ", ""
            elif style == "bold":
                prefix, suffix = f"<b>{lab}</b> ", ""
            elif style == "italic":
                prefix, suffix = f"<i>{lab}:</i> ", ""
            elif style == "emdash":
                prefix, suffix = f"{lab} — ", ""
            else:
                prefix, suffix = f"<v {lab}><lang {lang_tag if ctx.lang != 'mixed' else lrng.choice(['zh-CN', 'en'])}>", "</lang></v>"
            line = prefix + content + suffix
            start = cursor
            chunks.append(line + "\n")
            cursor += len(line) + 1
            open_cue = spk
            t = t1 + lrng.uniform(0.05, 0.9)
        labels.add_portions(line, frag_portions(toks_, tpos, len(prefix)), fcount, start)
        prev_ti = ti
    text = "".join(chunks)
    if lrng.random() < 0.3:
        text = text.rstrip("\n")
    meta = {"layout": f"vtt:{style}", "cue_ids": ids, "cont": cont_mode, "labels": labkind}
    return text, labels.spans, meta


# ============================================================================================
# ASR JSON: flat words and Whisper-style segments
# ============================================================================================

def words_of(tokens, lrng, punct=True, split_digits=0.0):
    """ASR words of one physical line: [{text, sp, frag, dg}] (punctuation attached to a word)."""
    words = []
    pending = ""
    pending_sp = None
    for t in tokens:
        if t.punct:
            if not punct and not t.cc:
                continue
            if t.text in PREFIX_SYM:
                if not pending:
                    pending_sp = t.sp
                pending += t.text
            elif t.sp and words and not is_cjk(t.text):
                words.append({"text": t.text, "sp": True, "frag": t.frag, "dg": 0, "cc": t.cc})
            elif words:
                words[-1]["text"] += t.text
            else:
                pending += t.text
            continue
        sp = t.sp if pending_sp is None else pending_sp
        pending_sp = None
        if (t.frag is not None and t.dg and t.text.isdigit() and len(t.text) >= 3 and t.text.isascii()
                and lrng.random() < split_digits):
            k = lrng.randint(1, len(t.text) - 1)
            words.append({"text": pending + t.text[:k], "sp": sp, "frag": t.frag, "dg": 1, "cc": t.cc})
            words.append({"text": t.text[k:], "sp": False, "frag": t.frag, "dg": 1, "cc": t.cc})
        else:
            words.append({"text": pending + t.text, "sp": sp, "frag": t.frag, "dg": t.dg, "cc": t.cc})
        pending = ""
    if pending and words:
        words[-1]["text"] += pending
    return words


SPK_STYLES = {
    "letters": {"A": "A", "C": "B", "T": "C", "S": "A"},
    "spk": {"A": "spk_0", "C": "spk_1", "T": "spk_2", "S": "spk_0"},
    "roles": {"A": "agent", "C": "customer", "T": "customer", "S": "system"},
    "channel": {"A": "L", "C": "R", "T": "R", "S": "L"},
    "SPEAKER": {"A": "SPEAKER_00", "C": "SPEAKER_01", "T": "SPEAKER_02", "S": "SPEAKER_00"},
}


def render_asr(call, ctx, lrng, whisper):
    plines = physical_lines(call)
    punct = lrng.random() < 0.8
    messy = lrng.random() < 0.55
    spk_style = lrng.choice(list(SPK_STYLES) + ([None] if whisper else [None]))
    if whisper and messy and lrng.random() < 0.5:
        spk_style = None
    spk_key = lrng.choice(["speaker", "speaker", "spk"]) if not whisper else "speaker"
    if spk_style == "channel":
        spk_key = "channel"
    lines = []
    for spk, ti, first, toks_ in plines:
        ws = words_of(toks_, lrng, punct=punct, split_digits=(0.35 if messy else 0.0))
        if ws:
            if not is_cjk(ws[0]["text"][0]):
                ws[0]["sp"] = True
            lines.append((spk, ti, ws))
    t = lrng.uniform(0.2, 1.5)
    conf = lrng.random() < 0.6
    ms = (not whisper) and lrng.random() < 0.4
    flat_words = []
    segs = []
    cjk_lang = ctx.lang != "en"
    for spk, ti, ws in lines:
        # Whisper: a line is one segment, cut again at a random word when messy; short lines of different
        # speakers may be merged when the transcript carries no speaker field
        cuts = set()
        if whisper and messy and len(ws) >= 6 and lrng.random() < 0.45:
            cuts.add(lrng.randint(2, len(ws) - 2))
        cur = []
        for wi, w in enumerate(ws):
            if wi in cuts and cur:
                segs.append([spk, cur])
                cur = []
            dur = 0.12 + 0.05 * len(w["text"])
            w2 = dict(w)
            w2["start"], w2["end"] = round(t, 2), round(t + dur, 2)
            w2["spk"] = spk
            t += dur + lrng.uniform(0.0, 0.12)
            cur.append(w2)
            flat_words.append(w2)
        if cur:
            if whisper and messy and spk_style is None and segs and len(cur) <= 4 and lrng.random() < 0.5:
                segs[-1][1].extend(cur)
            else:
                segs.append([spk, cur])
        t += lrng.uniform(0.2, 0.9)
    ents = collections.OrderedDict()
    if whisper:
        out_segs = []
        for si, (spk, ws) in enumerate(segs):
            wl = []
            for wi, w in enumerate(ws):
                lead = " " if (w["sp"] or (wi == 0 and not is_cjk(w["text"][0]))) and not is_cjk(w["text"][0]) else ""
                wd = {"word": lead + w["text"], "start": w["start"], "end": w["end"]}
                if conf:
                    wd["probability"] = round(lrng.uniform(0.55, 0.999), 3)
                wl.append(wd)
                if w["frag"] is not None:
                    ents.setdefault(w["frag"], []).append((si, wi, w["dg"]))
            seg = {"id": si, "start": ws[0]["start"], "end": ws[-1]["end"], "text": "".join(x["word"] for x in wl).strip(), "words": wl}
            if spk_style:
                seg["speaker"] = SPK_STYLES[spk_style][spk]
            out_segs.append(seg)
        tr = {"segments": out_segs}
        if lrng.random() < 0.5:
            tr["text"] = "".join(s["text"] if not s["text"] or is_cjk(s["text"][0]) else " " + s["text"] for s in out_segs).strip()
        tr["language"] = "en" if ctx.lang == "en" else "zh"
    else:
        wl = []
        for i, w in enumerate(flat_words):
            wd = {"word": w["text"]}
            if ms:
                wd["start_ms"], wd["end_ms"] = int(w["start"] * 1000), int(w["end"] * 1000)
            else:
                wd["start"], wd["end"] = w["start"], w["end"]
            if spk_style:
                wd[spk_key] = SPK_STYLES[spk_style][w["spk"]]
            if conf:
                wd["confidence"] = round(lrng.uniform(0.55, 0.999), 3)
            wl.append(wd)
            if w["frag"] is not None:
                ents.setdefault(w["frag"], []).append((i, None, w["dg"]))
        tr = {"words": wl}
        if lrng.random() < 0.4:
            tr["language"] = "en" if ctx.lang == "en" else "zh-CN"
            tr["duration"] = round(t, 2)
    entities = []
    order = {}
    for fr, ws in ents.items():
        # from the first digit-bearing word to the last
        idx = [k for k, (_, _, dg) in enumerate(ws) if dg]
        ws = ws[idx[0]: idx[-1] + 1]
        keys = [[a, b] for a, b, _ in ws] if whisper else [a for a, _, _ in ws]
        entities.append({"kind": fr.kind, "last4_ok": fr.last4, "role": fr.role, "words": keys})
    # a fragment's words must be consecutive in the flattened word order
    flat_keys = [[si, wi] for si, s in enumerate(tr["segments"]) for wi in range(len(s["words"]))] if whisper else list(range(len(tr["words"])))
    pos = {json.dumps(k): i for i, k in enumerate(flat_keys)}
    for e in entities:
        ix = [pos[json.dumps(k)] for k in e["words"]]
        if ix != list(range(ix[0], ix[0] + len(ix))):
            raise Bug("entity words not consecutive")
        if e["last4_ok"]:
            txt = " ".join(_word_at(tr, k, whisper) for k in e["words"])
            if ev.readable_count(txt) < 4:
                raise Redraw("phone entity under four digits")
    meta = {"layout": "asr:" + ("whisper" if whisper else "flat"), "speakers": spk_style, "punct": punct, "messy": messy,
            "segments_split_numbers": sum(1 for e in entities if whisper and len(set(k[0] for k in e["words"])) > 1)}
    return tr, entities, meta


def _word_at(tr, k, whisper):
    return tr["segments"][k[0]]["words"][k[1]]["word"] if whisper else tr["words"][k]["word"]


# ============================================================================================
# Plan, cases, checks, main
# ============================================================================================

PH_COUNTS = [("plain", 22), ("interruption", 34), ("continuation", 26), ("correction", 56), ("filler", 26),
             ("asr-chunks", 32), ("readback", 48), ("check-char-apart", 22), ("glued-words", 24), ("multi-number", 54),
             ("negative", 56)]
VARIANT_NAMES = {
    "plain": ["answered", "look-alike beside it", "volunteered", "read off the system", "foreign phone answered"],
    "interruption": ["back-channel", "question in the middle", "agent echoes the first piece", "two interruptions",
                     "read-back cut by the caller", "cut inside a group"],
    "continuation": ["next line at a group edge", "three lines", "announced, number alone on the next line",
                     "cut inside a group", "agent reads it over two lines"],
    "correction": ["wrong prefix abandoned", "right prefix restarted", "middle group fixed mid-number",
                   "late fix by the caller", "late fix prompted by the agent", "two abandoned attempts",
                   "late fix of the last group, two turns on", "restart after a back-channel"],
    "filler": ["fillers between groups", "fillers inside groups", "hesitant lead-in", "fillers in the read-back",
               "long hesitations"],
    "asr-chunks": ["ITN chunks", "a digit a token", "numerals and Arabic alternating", "split over two segments",
                   "misplaced punctuation"],
    "readback": ["whole, regrouped", "partial", "misheard digit put right", "in another rendering", "group by group",
                 "finished by the caller"],
    "check-char-apart": ["same line", "next line", "agent asks", "digit check character apart"],
    "glued-words": ["glued whole", "glued and spaced alternating", "glued read-back", "glued pieces around a back-channel"],
    "multi-number": ["phone after an order number", "card then amount", "turn by turn", "two in one line", "two phones",
                     "second voice", "with a regrouped read-back"],
    "negative": ["long reference (Arabic)", "long reference (English words)", "long reference (numerals / words) read back",
                 "11-digit member number", "asked for and declined", "domain chatter", "English words read back, amount"],
}
# late corrections and misheard read-backs come up more often than the other variants (this set's emphasis)
VARIANT_CYCLE = {"correction": [3, 0, 4, 1, 6, 2, 3, 5, 4, 7], "readback": [0, 2, 1, 3, 2, 4, 5]}
KIND_CYCLE = ["phone", "bank_card", "phone", "id_number", "bank_card", "phone", "id_number", "bank_card"]
MULTI_KINDS = [["phone", "id_number"], ["bank_card", "phone"], ["id_number", "bank_card"], ["phone", "id_number", "bank_card"]]


def make_plan(seed):
    rng = random.Random(f"{seed}:plan")
    plan = []
    for ph, n in PH_COUNTS:
        if ph == "glued-words":
            langs = ["en"] * 14 + ["mixed"] * 10
        else:
            nz = round(n * 0.35)
            ne = round(n * 0.375)
            langs = ["zh"] * nz + ["en"] * ne + ["mixed"] * (n - nz - ne)
        rng.shuffle(langs)
        if ph == "asr-chunks":
            fmts = ["text"] * 6 + ["vtt"] * 5 + ["flat"] * 8 + ["whisper"] * (n - 19)
        else:
            nt = round(n * 0.49)
            nv = round(n * 0.2)
            nf = round(n * 0.12)
            fmts = ["text"] * nt + ["vtt"] * nv + ["flat"] * nf + ["whisper"] * (n - nt - nv - nf)
        rng.shuffle(fmts)
        nvar = BUILDERS[ph][1]
        for i in range(n):
            if ph == "check-char-apart":
                kinds = ["id_number"]
            elif ph == "multi-number":
                kinds = list(MULTI_KINDS[i % len(MULTI_KINDS)])
                rng.shuffle(kinds)
            elif ph == "negative":
                kinds = []
            else:
                kinds = [KIND_CYCLE[(i + len(ph)) % len(KIND_CYCLE)]]
            cyc = VARIANT_CYCLE.get(ph)
            v = cyc[i % len(cyc)] if cyc else i % nvar
            if ph == "plain" and v == 4 and kinds[0] != "phone":
                kinds = ["phone"]
            plan.append({"ph": ph, "lang": langs[i], "fmt": fmts[i], "kinds": kinds, "variant": v,
                         "outbound": rng.random() < 0.2})
    if len(plan) != N_CASES:
        raise Bug(f"plan holds {len(plan)} cases")
    rng.shuffle(plan)
    doms = [DOMAIN_KEYS[i % len(DOMAIN_KEYS)] for i in range(len(plan))]
    rng.shuffle(doms)
    for i, p in enumerate(plan):
        p["domain"] = doms[i]
        p["idx"] = i + 1
    return plan


def check_readings(case, frag_of_label):
    """Every fragment reads, with the scorer's reader, exactly the digits it was built from."""
    got = collections.defaultdict(str)
    if case["format"] == "asr-json":
        whisper = "segments" in case["transcript"]
        for e, fr in zip(case["entities"], frag_of_label):
            got[fr] += "".join(u[3] for u in ev.read_units(" ".join(_word_at(case["transcript"], tuple(k) if whisper else k, whisper) for k in e["words"])))
    else:
        text = case["text"] if case["format"] == "text" else case["transcript_text"]
        for sp, fr in zip(case["spans"], frag_of_label):
            got[fr] += "".join(u[3] for u in ev.read_units(text[sp["start"]:sp["end"]]))
    for fr, r in got.items():
        if r != fr.read:
            raise Bug(f"{case['id']}: fragment reads {r!r}, built from {fr.read!r} ({fr.role})")


def build_case(seed, p, redraw):
    rng = random.Random(f"{seed}:{p['idx']}:{redraw}:dialogue")
    lrng = random.Random(f"{seed}:{p['idx']}:{redraw}:layout")
    ctx = Ctx(p, rng)
    c = Call(ctx)
    opening(c)
    fn, _ = BUILDERS[p["ph"]]
    fn(c, p["variant"])
    closing(c)
    if p["ph"] != "negative" and not ctx.frags:
        raise Bug("positive case without a fragment")
    if p["ph"] == "negative" and ctx.frags:
        raise Bug("negative with a fragment")
    check_stream(c, ctx)
    cid = f"{SET}-{p['idx']:04d}"
    base = {"id": cid, "set": SET, "phenomenon": p["ph"], "lang": p["lang"]}
    fmt = p["fmt"]
    if fmt == "text":
        text, spans, meta = render_text(c, ctx, lrng)
        case = dict(base, format="text", variant=VARIANT_NAMES[p["ph"]][p["variant"]], domain=p["domain"], text=text, spans=spans)
    elif fmt == "vtt":
        text, spans, meta = render_vtt(c, ctx, lrng)
        case = dict(base, format="vtt", variant=VARIANT_NAMES[p["ph"]][p["variant"]], domain=p["domain"], transcript_text=text, spans=spans)
    else:
        tr, ents, meta = render_asr(c, ctx, lrng, whisper=(fmt == "whisper"))
        case = dict(base, format="asr-json", variant=VARIANT_NAMES[p["ph"]][p["variant"]], domain=p["domain"], transcript=tr, entities=ents)
    case["layout"] = meta["layout"]
    # fragment of each label, in label order (for the reading check)
    labels = case.get("spans") or case.get("entities") or []
    frag_of_label = _frag_order(c, ctx, case)
    if len(frag_of_label) != len(labels):
        raise Bug(f"{cid}: {len(labels)} labels for {len(frag_of_label)} fragment pieces")
    check_readings(case, frag_of_label)
    prob = ev.builtin_case_problem(case, SET)
    if prob:
        raise Redraw("scorer: " + prob[:160])
    return case, ctx, meta, frag_of_label


def _frag_order(c, ctx, case):
    """The fragment behind each label, in the order the labels were written."""
    plines = physical_lines(c)
    if case["format"] == "asr-json":
        seen = []
        for spk, ti, first, toks_ in plines:
            for t in toks_:
                if t.frag is not None and t.dg and t.frag not in seen:
                    seen.append(t.frag)
        return seen
    out = []
    for spk, ti, first, toks_ in plines:
        here = []
        for t in toks_:
            if t.frag is not None and t.dg and t.frag not in here:
                here.append(t.frag)
        out.extend(here)
    return out


def generate(seed):
    USED.clear()
    plan = make_plan(seed)
    cases = []
    redraws = collections.Counter()
    st = collections.Counter()
    for p in plan:
        for attempt in range(200):
            try:
                case, ctx, meta, frags = build_case(seed, p, attempt)
            except Redraw as e:
                redraws[str(e)[:70]] += 1
                continue
            break
        else:
            raise Bug(f"case {p['idx']} ({p['ph']}/{p['lang']}/{p['fmt']}) could not be drawn")
        for n in ctx.nums:
            USED.add(n.d)
        cases.append(case)
        _count(st, case, ctx, meta, frags)
    report = ev.require_set_checks(cases, SET)
    return cases, report, st, redraws


def _count(st, case, ctx, meta, frags):
    fmt = case["format"]
    fk = fmt if fmt != "asr-json" else ("asr-json whisper" if "segments" in case["transcript"] else "asr-json flat")
    st[("case", case["phenomenon"], case["lang"], fk)] += 1
    st[("layout", meta["layout"])] += 1
    labels = case.get("spans") or case.get("entities") or []
    for lab in labels:
        st[("frag", lab["kind"])] += 1
        st[("role", lab["role"])] += 1
        st[("fragph", case["phenomenon"], lab["kind"])] += 1
        st[("fragfmt", fk)] += 1
        if lab["last4_ok"]:
            st[("last4",)] += 1
    for n in ctx.nums:
        st[("num", n.kind, n.sub.split(":")[0] if n.kind == "phone" else n.sub)] += 1
        if n.kind == "phone" and n.sub.startswith("foreign"):
            st[("country", n.sub.split(":")[1])] += 1
    kinds = set(n.kind for n in ctx.nums)
    if len(kinds) >= 2:
        st[("multi-kind cases",)] += 1
    for k, v in ctx.tags.items():
        st[("tag", k)] += v
    if case["format"] == "asr-json" and meta.get("segments_split_numbers"):
        st[("whisper entities over segments",)] += meta["segments_split_numbers"]
    if "swapped" in meta and meta["swapped"]:
        st[("swapped labels",)] += 1
    if case["format"] == "asr-json" and not meta.get("punct", True):
        st[("asr without punctuation",)] += 1
    if meta.get("stamp"):
        st[("stamp", meta["stamp"])] += 1


def summary(st):
    lines = []
    by = collections.Counter()
    for k, v in st.items():
        if k[0] == "case":
            _, ph, lang, fk = k
            by[("ph", ph)] += v
            by[("lang", lang)] += v
            by[("fmt", fk)] += v
            by[("phlang", ph, lang)] += v
            by[("phfmt", ph, fk.split()[0])] += v
    lines.append("languages: " + ", ".join(f"{l} {by[('lang', l)]}" for l in ("zh", "en", "mixed")))
    lines.append("formats: " + ", ".join(f"{f} {by[('fmt', f)]}" for f in ("text", "vtt", "asr-json flat", "asr-json whisper")))
    for ph, _ in PH_COUNTS:
        lines.append(f"{ph}: {by[('ph', ph)]} (zh/en/mixed {by[('phlang', ph, 'zh')]}/{by[('phlang', ph, 'en')]}/{by[('phlang', ph, 'mixed')]}, "
                     f"text/vtt/asr {by[('phfmt', ph, 'text')]}/{by[('phfmt', ph, 'vtt')]}/{by[('phfmt', ph, 'asr-json')]}; "
                     f"phone/id/card frags {st[('fragph', ph, 'phone')]}/{st[('fragph', ph, 'id_number')]}/{st[('fragph', ph, 'bank_card')]})")
    tot = sum(v for k, v in st.items() if k[0] == "frag")
    lines.append(f"fragments {tot}: " + ", ".join(f"{k} {st[('frag', k)]}" for k in ev.KINDS) + f"; last4_ok {st[('last4',)]}")
    lines.append("fragments by format: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items()) if k[0] == "fragfmt"))
    lines.append("roles: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items(), key=lambda kv: -kv[1]) if k[0] == "role"))
    lines.append("numbers: " + ", ".join(f"{k[1]}/{k[2]} {v}" for k, v in sorted(st.items()) if k[0] == "num"))
    lines.append("foreign phones by country: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items()) if k[0] == "country"))
    lines.append(f"cases with numbers of two or more kinds: {st[('multi-kind cases',)]}; Whisper entities over two segments: "
                 f"{st[('whisper entities over segments',)]}; swapped labels: {st[('swapped labels',)]}; "
                 f"asr-json without punctuation: {st[('asr without punctuation',)]}")
    lines.append("tags: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items()) if k[0] == "tag"))
    lines.append("layouts: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items()) if k[0] == "layout"))
    lines.append("stamps: " + ", ".join(f"{k[1]} {v}" for k, v in sorted(st.items()) if k[0] == "stamp"))
    return lines


def check_banks():
    """No English number word, lone X / o, Arabic digit or '*' in the phrase banks' own words."""
    strings = []
    g = globals()
    for name, val in g.items():
        if isinstance(val, dict) and set(val) == {"zh", "en", "mixed"}:
            for lst in val.values():
                for s in lst:
                    strings.extend(s if isinstance(s, tuple) else [s])
        elif isinstance(val, dict) and name in ("ASK", "QMID", "ADJ", "VOLUNTEER", "ONFILE", "DECLINE", "PROMPT_BAD", "KN"):
            for b in val.values():
                for lst in b.values():
                    for s in (lst if isinstance(lst, list) else [lst]):
                        strings.extend(s if isinstance(s, tuple) else [s])
    for d in DOMAINS.values():
        for r in d["reasons"]:
            strings.extend(r)
        for zh, en in d["why"].values():
            strings.extend([zh, en])
        strings.extend(d["org_zh"] + d["org_en"] + list(d["lab_zh"]) + list(d["lab_en"]))
    for s in strings:
        bare = re.sub(r"\{[a-z_]*\}", " ", s)
        if "*" in bare or re.search(r"[0-9０-９]", bare):
            raise Bug(f"bank string holds a digit or '*': {s!r}")
        for m in re.finditer(r"[A-Za-z]+", bare):
            if ev.readable_count(m.group()):
                raise Bug(f"bank string holds a number word: {m.group()!r} in {s!r}")


def main(argv=None):
    check_banks()
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
