#!/usr/bin/env python3
"""Firth: 400 whole call-centre conversations for `callvault redact`, written by a twenty-third independent author.

    Tools/gen_redact_firth.py            # writes Tests/VaultRedactTests/Fixtures/conversations-firth.jsonl
    Tools/gen_redact_firth.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_firth.py --out PATH # writes them to PATH
    (--quiet: no summary on standard error; the scorer's generator_main also takes a hidden --seed N)

Provenance. The set ("set": "firth", ids firth-0001 ... firth-0400) was written from the brief given to this author
(PRC resident IDs, payment cards and Chinese / foreign phones said through interruptions, corrections and restarts,
fillers, ASR chunking, read-backs with misheard digits, continuations, a check character said apart and glued number
words, beside hard negatives; for this set an emphasis on English and code-switched calls, foreign phones said the
ways people say them, WebVTT with numbers running across cues and speakers, word-timed ASR with messy chunking,
several numbers of different kinds near look-alikes, corrections of a middle group and late corrections, and
speaker-label / stamp layouts of this author's own) and the scorer Tools/eval_redact_conversations.py, read in full
(case schema, labelling conventions, digit reader, structure checks, built-in redactors, builtin_case_problem,
require_set_checks, generator_main; imported here as `ev` from this file's directory). What else was read or seen,
exactly:
  - of the other generators (Tools/gen_redact_*.py), their module docstrings only, written to a scratch file under
    /tmp by a small script using ast.get_docstring that printed nothing else, then read in portions and searched for
    domain names; no line of their code was read. This file's phrase banks were then compared by a script with that
    scratch file and reworded wherever they echoed a phrasing quoted there (generic words and the brief's own
    phrases aside);
  - the file names in Tools/ and in Tests/VaultRedactTests/Fixtures/ (ls) and the line count of the scorer (wc);
    no fixture content;
  - the scorer's `_decompose` / `readable_count`, called from a one-line script on a list of words (someone, often,
    oo, ohoh, o, Oh, twenty, eighteen, ten, x, X, one-off, doubleoh, tripleseven, onethreeeight, mm-hm, Oxford ...)
    to see what its digit reader takes for digits.
Not read: the redactor's sources (Sources/), any *.swift file, README.md, ARCHITECTURE.md, any fixture's content,
git history (no git log / diff / show / status / blame). Nothing was built; neither swift, nor the redactor
(callvault), nor Tools/test or Tools/bench-redact was run, and the scorer was run neither against a binary nor with
--set or --self-check. Dialogue, phrase banks, domains, speaker labels, layouts, stamp styles, number renderings and
look-alikes are this author's own; the brief's correction words and examples (哦不是, 不对, 说错了, 重新说一下, sorry,
no wait, let me start again, ……末尾是X, twotwo, fiveeight) are used as given. The scorer lists its splits by name and does not
list this one (the maintainers register it); this generator runs the scorer's checks itself: ev.builtin_case_problem
on every case as it is drawn (a case with any problem is drawn again) and ev.require_set_checks on the whole set
before anything is written.

Left out, where the scorer could not label a construction or the earlier sets' conventions disagree:
  - no complete wrong or misheard phone number: a phone is only ever got wrong in a middle group (never its first
    group, never its last four digits); a phone correction abandons a prefix (wrong, right and restarted, or the
    start of an old number) or fixes a middle group and goes on from it, and a misheard phone read-back covers only
    the groups up to the wrong one, so no last4_ok depends on whether a wrong phone's tail may stay visible.
    Complete wrong / misheard IDs and cards, which fail their check, are in (roles wrong, misheard);
  - no single-digit spoken correction ("the four should be a nine"), no pair or hundred readings (twenty-one,
    French pairs as words, nine hundred) and no call-centre "radio" digits 拐 / 洞 / 勾 (7 / 0 / 9): the reader has
    no word for any of them, so a label could not say their digits and a leak of them would not count;
  - no identity number other than the 18-character PRC resident ID; no check character glued into a glued word
    (a glued "…nineX" reads as nothing): X is always its own word;
  - no 400 / 800 / 95xxx hotlines, no organisation landlines and no extensions: the brief counts landlines among
    the phones while earlier sets treat published hotlines as look-alikes, so none is said; every landline is the
    caller's own, its area code inside the fragment (with the trunk 0 in national form, without it after +86);
  - a country code (+44, 0086, (+852), plus double four, country code 971, 加八六 ...) is never part of a fragment
    and is always said directly before its number (a space or a comma between); no "(0)" trunk after a country code
    ("+44 (0)20 …"), whose 0 belongs on neither side of that convention;
  - no "double" / "triple" at the start of a fragment, a group or any piece a cut or a filler makes, none in a
    phone's last five digits; a phone's last piece holds at least four digits (a group-by-group read-back joins a
    short last group to the group before), so last4_ok never depends on digits shown on another line;
  - no digits in text / WebVTT speaker labels; a stamp always stands before a label word, never directly before what
    is said, and the unlabelled layouts carry no stamps;
  - no English number word, lone o / oh / x / X and no `*` in the phrase banks (checked at start-up); Chinese
    numerals in prose only in the brief's 重新说一下 and in 每周六, never beside a number (the look-alike check sees to
    that);
  - no card's last four said alone as a look-alike, no birth date said apart from its ID.

Domains (twelve, none named in another set's docstring; 33 or 34 calls each): calligraphy & ink-painting classes
(calligraphy), mushroom spawn & grow kits (mushroom), a ceramic-tile & stone showroom (tiles), model-railway &
hobby kits (models), rainwater tanks & greywater systems (rainwater), alpaca-farm treks (alpaca), home-brew supplies
& a taproom (homebrew), a yarn shop (yarn), a livestock feed mill (feedmill), non-emergency patient transport
(transfer), rope-access facade cleaning (facade) and candle & soap-making supplies (candles). Each has two company
names in Chinese and two in English, its own speaker labels (书画院前台/书友, Studio office/Pupil, 菌种客服/种植户, Spawn
desk/Cultivator, 展厅顾问/装修户, Showroom/Renovator, 模型店客服/模友, Hobby desk/Modeller, 安装调度/户主, Install
desk/Householder, 牧场前台/徒步客, Farm office/Trekker, 自酿客服/酿友, Brew shop/Brewer, 毛线铺客服/织友, Yarn desk/
Knitter, 饲料调度/养殖场, Feed desk/Herd manager, 转运调度/陪护人, Transport desk/Relative, 项目调度/物业, Ops desk/Site
contact, 材料客服/手作人, Supplies desk/Maker), three reasons for calling with the agent's answer in Chinese, English
and code-switched form, an outbound reason, a reason for wanting each kind of number, a wrap-up, two reference nouns
for long look-alikes (spawn batch, shade batch, dye lot, malt lot, weighbridge ticket, transfer job number, liability
policy reference, fragrance lot ...) and look-alikes of its own (class times and fees, grow-bag counts and room
temperatures, tile sizes and floor areas, model scales, tank litres, group sizes and ages, specific gravities and
keg litres, ply and ball weights, tonnes and protein per cent, kilometres, storeys, floors and wind force, wax
weights and fragrance per cent; order / voucher / job codes, amounts, dates, times, postcodes). 80 calls are
outbound (the agent rings); some inbound calls open with an IVR line.

Languages: Chinese 120, English 156, mixed code-switching 124 (70 % English or mixed; every mixed call has a line
mixing Chinese and Latin words; 74 text / WebVTT spans mix Chinese numerals, English words and Arabic digits in one
number). Formats: plain text 164, WebVTT 98, ASR JSON 138 (59 flat `words`, 79 Whisper-style `segments`).
  Text: 20 inline layouts (`lab ⊳ `, `⌜lab⌟ `, `‹lab› `, `lab ⁝ `, `ts ⌁ lab ⌁ `, `lab (at ts) ⟹ `, `〘lab〙`,
  `lab ⫶ `, `⟦ts⟧ lab ⊳ `, `lab ≻ `, `lab ⊢ts⊣ `, `lab ⋙ `, `@ts lab ⊸ `, `lab ⫽ `, `✎ lab ⟶ `, `ts ◇ lab ◇ `,
  `lab▕ `, `lab ⦙ `, `[ts · lab] `, `lab ⸽ `; 121 calls), 4 header layouts (`⟪ lab ⟫`, `@ts lab`, `┄┄ lab ┄┄`,
  `※ (ts) lab` on a line of their own, the turn below indented or not, blank lines between turns in some; 21) and 3
  without labels (bare, `◦ `-, `⋄ `-led; 22). Stamps T+01:02, 62400ms, 01:02.40, 00:01:02, 62.4s, 62.4秒 and wall
  clock. A turn that goes on is labelled again, bare, indented, `  ⤷ `- or `  ⁘ `-led. Labels: the domain pair in
  about 40 % of calls, otherwise this author's generic pairs (热线坐席/来电用户, 服务岗/客户方, 值班客服/致电方, 接听/拨入方,
  客服岗/咨询人, Desk/Enquirer, Advisor/Account holder, Helpline/Customer, Svc/Cust, Team/Member, Helpline/客户方,
  客服岗/Caller, Desk/来电用户, 值班/Customer, Advisor/咨询人), sometimes with the agent's name (客服岗·晓棠, Desk Imani); a
  third voice (家里人, 老伴, 儿子, 同事, Husband, Son, Flatmate, Daughter) after a hand-over and an IVR voice (语音导航,
  自动语音, IVR prompt, Auto-attendant); in 5 text / WebVTT calls the diariser swapped agent and caller. 78 text files
  end in a line break.
  WebVTT: payloads `<v lab>` 13, `<v lab>…</v>` 13, `<v.agent lab>…</v>` / `<v.caller lab>…</v>` 14, `lab: ` 6,
  `‹lab› ` 14, `lab ⊳ ` 12, `- ` 18, bare 8; cue ids none, numeric, `r-NN`, `line.N`; long and short timings, cue
  settings (align / line / position / size) in 37, overlapping timings at some speaker changes; a title in 36, Kind /
  Language lines in 50, a STYLE block in 34, a NOTE in 44; a turn that goes on is a new cue with its voice (25 files),
  a new cue without it (35) or a second payload line of the cue (38); in 36 files a short line of the other speaker
  shares a cue (two voices in one cue, so a number can run across cues and speakers).
  ASR JSON: flat `words` with `speaker` / `spk` / `channel` fields (A-B, spk_N, agent-customer, L-R, SPEAKER_0N, or
  none), confidences in 32, start / end or start_ms / end_ms, language / duration in some; Whisper `segments` with
  segment speakers in 66, word probabilities in 37, avg_logprob in some, a top-level text and language in some.
  Chinese is one character a word (numerals too), Latin and Arabic runs are whole words with a leading space where a
  space stood; messy chunking: some lines cut into two segments at a random word (13 entities run over two
  segments), short lines of different speakers merged into one segment when no speaker field is given, glued ITN
  chunks split into sub-words without a leading space, punctuation stuck to words (26 of the 138 without
  punctuation at all).

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed, text/vtt/asr-json; fragments phone/id/card):
  plain 26 (8/10/8, 11/7/8; 16/11/9): answered 11, volunteered 3, read off the system and confirmed 3, with an
    order code in the same breath 4, after a long reference in words or numerals 3, a foreign phone given after the
    caller says where they are 2;
  interruption 38 (12/15/11, 16/10/12; 44/34/31): a back-channel on the agent's own line between two pieces 12, two
    back-channels and three pieces 6, a question in the middle answered before the rest 5, the agent echoing the
    first piece 5, the agent's read-back cut by the caller's 对 / yes 5, a cut inside a group with the agent echoing
    the half group and the caller saying the group again 5;
  continuation 30 (10/11/9, 13/7/10; 29/23/17): two lines at a group edge 10, three lines 5, announced and then said
    alone on the next line 5, the agent reading it off the screen over two lines 5, a cut inside a group 5;
  correction 50 (16/19/15, 22/12/16; 66/50/41): a wrong prefix abandoned 8, a right prefix restarted 7, two
    abandoned attempts 6, a middle group fixed mid-number and the caller going on from it (then read back) 7, the
    start of an old phone number abandoned 3; late: a complete wrong ID / card fixed a turn later, after the
    agent's unrelated question, in a middle group 6 or the last group 4 (the right and the wrong group both said,
    then the agent's read-back), "that one isn't going through" and the whole again 2, the agent's misheard read-back
    of a phone's early groups late in the call put right by the caller, then read back whole 7;
  filler 30 (10/11/9, 13/7/10; 22/13/10): two or three fillers between groups 10, splitting groups 5, after a
    hesitant lead-in 5, in the agent's read-back 5, a long hesitation inside 5 (呃 / 嗯 / 那个 / 额 / 就是 / ……我瞅瞅…… /
    um / uh / er / erm / hmm / … um, bear with me …);
  asr-chunks 36 (11/14/11, 8/7/21; 23/16/15): irregular ITN chunks 10, a digit a token 5, numerals or English words
    alternating with Arabic groups 5, a number cut inside a group over two lines / cues / segments 8 (one entity in
    asr-json, two spans in text and WebVTT), glued chunks split into ASR sub-words 4, misplaced punctuation 4;
  readback 44 (14/17/13, 19/11/14; 52/43/39): whole 12, in another grouping and rendering 5, its last four 5, its
    first group 5, all but the last four finished by the caller 5, group by group with a 对 after each 3, a
    misheard ID / card (failing its check) put right with the right and wrong group, then read back again 6, a
    phone's early groups misheard, corrected, then read back whole 3;
  check-char-apart 24 (8/9/7, 10/6/8; 3/53/7): seventeen characters then the check character on the same line 10, on
    the next line 5, or when the agent asks 9 (X, x, Ｘ or 叉 in about four fifths, a digit otherwise);
  glued-words 26 (0/14/12, 11/7/8; 21/13/10): glued group by group (long groups in clusters of two to four words)
    11, glued and spaced groups alternating 5, in the agent's read-back 5, in two pieces around a back-channel 5;
  multi-number 40 (13/15/12, 17/10/13; 44/28/31): two or three kinds asked turn by turn 14, two kinds in one line
    then a read-back 7, a mobile and a backup (landline, second mobile, foreign number) 7, a hand-over to a second
    voice who gives the numbers 6, numbers beside an order code and an amount in one line, some after a long
    reference 6;
  negative 56 (18/21/17, 24/14/18): look-alikes only, two parts a call (counts are parts): a 15-20 digit reference
    (batch, lot, docket, ticket, job, policy ... numbers) in English words, Chinese numerals or Arabic groups 26 (8
    read back by the agent; all failing Luhn and MOD 11-2 in every window, none led by a province code or a card
    prefix where the length would fit, none after an ID / card / phone word); an 11-digit membership number not
    shaped like a mobile 17; a number asked for and declined 27; a six-digit verification code and a postcode 23;
    domain chatter with dates, times, amounts, sizes and counts 19.
Besides the multi-number calls, 90 calls carry a second number of another kind asked after the first (130 cases hold
two or more kinds); every call's reason, answer or wrap-up carries look-alikes (order / job codes, amounts, dates,
times, postcodes, counts, sizes).

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, a real county code, a valid birth
date, the MOD 11-2 check character), a bank card (UnionPay 16 / 19, Visa, Mastercard incl. 2-series, Amex 15;
Luhn-valid) or a phone (PRC mobiles, mobiles after +86 / 0086 / 加86, landlines with area code, landlines after +86,
and foreign numbers: UK mobiles and London numbers, US and Canada (sometimes said "(415) 823-4410"), Singapore, Hong
Kong, Germany, France (in pairs), Japan, Korea, India, Malaysia, UAE, Ireland, Brazil, South Africa, Australia,
Italy, Spain, Philippines, New Zealand, in national form with the trunk 0 or after a country code) said by anybody
is one fragment of its kind, with a "role": said, onfile (read off the system by the agent), piece, echo, readback,
misheard, abandoned, wrong, corrected, check-char. Counts: 814 fragments, phone 320, id_number 284, bank_card 210;
235 with last4_ok; roles said 372, piece 156, readback 109, corrected 49, abandoned 37, wrong 28, check-char 24,
misheard 16, onfile 13, echo 10; by format text 354, WebVTT 199, asr-json 261. Numbers: 164 IDs, 129 cards (Visa 27,
UnionPay 25 + 20 of 19 digits, Mastercard 22 + 21 2-series, Amex 14), 200 phones (Chinese mobiles 80 and 14 after a
country code, landlines 21 and 6 after +86; 79 foreign phones of 20 countries); 68 country codes said; 33 fragments
hold a double / triple, 31 glued number words. A fragment runs from its first digit-bearing word to its last and
holds the separators and fillers inside it; in text and WebVTT it is a code-point span within one line (a number cut
over lines or cues is one span per piece), in asr-json the list of its words (one entity over two Whisper segments
when a segment ends inside the number). `last4_ok` is set exactly on phone fragments that end at the number's final
digit with its real digits (the whole number, its last piece, a whole, last-four, regrouped or caller-finished
read-back, a corrected tail); never on IDs, cards, abandoned prefixes, middle pieces, echoes, wrong or misheard
digits. Every number is used by one case only.

Checks at generation (a contradiction of the generator aborts and nothing is written; a failed draw is drawn again):
every number valid (IDs MOD 11-2, cards Luhn, Chinese mobiles 1[3-9]x), every complete wrong / misheard ID or card
fails its check, no complete wrong phone, last4_ok only on phones ending in their real last four; every fragment
reads, with the scorer's reader, exactly the digits it was built from (double / triple collapsed; over all its spans
or words); no digit-bearing character (digit, numeral, X / 叉 / Ｘ, Latin letter) stands beside a text / WebVTT span
(in asr-json no unlabelled digit joins an entity, see below). Look-alike
safety on what is said (the whole call as one stream: line, cue, segment and speaker changes, spaces, punctuation,
fillers and and / then / plus / dash / double / triple / 那个 / 就是 / 然后 / 和 / 加 / 杠 all join): unlabelled digits,
read with and without double / triple expanded, have no 11-digit window 1[3-9]…, no 13-19 digit window passing Luhn,
no 18-digit window passing MOD 11-2, hold no X, are no 10-12 digit run led by 0, no NANP-shaped 10-digit run, no
8-digit run led by 5 / 6 / 8 / 9, no 15 / 18-digit run led by a province code, no 16 / 19-digit run with a card
prefix, no 15-digit run led by 34 / 37, hold no 6-digit piece of any version of a labelled number and never join a
fragment (a country code directly before its phone aside); fragments of two different numbers never join either.
Then ev.builtin_case_problem per case and ev.require_set_checks on the set: the oracle and keep-last-4 redactors give
recall 1, precision 1 and no negative masked, the identity and leaky ones recall at most the short last-4 share, the
over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape, kinds, second
number, domain, and a slot that walks each phenomenon through its variants); each case draws its dialogue and,
separately, its layout from random.Random instances seeded with strings built from the seed, its index and a redraw
counter, so PYTHONHASHSEED does not matter; two runs write identical bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402

SET = "firth"
N_CASES = 400
MASTER_SEED = 90417
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-firth.jsonl")
MAX_REDRAWS = 400


class Redraw(Exception):
    """A drawn case breaks a rule; draw it again."""


class Bug(Exception):
    """A contradiction in the generator itself: abort, write nothing."""


# ============================================================================================
# Numbers
# ============================================================================================

DIG = "0123456789"


def luhn_ok(d):
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(p):
    for c in DIG:
        if luhn_ok(p + c):
            return p + c
    raise Bug("luhn")


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(d17):
    return "10X98765432"[sum(int(a) * w for a, w in zip(d17, ID_W)) % 11]


def id_ok(d):
    return len(d) == 18 and d[:17].isdigit() and id_check(d[:17]) == d[17].upper()


COUNTIES = ["110102", "110106", "110108", "120104", "130104", "130602", "140106", "150103", "210103", "210204",
            "220104", "230102", "310106", "310112", "320106", "320583", "321002", "330105", "330212", "330602",
            "340103", "350206", "350102", "360103", "370203", "370102", "410104", "420106", "420111", "430104",
            "430602", "440103", "440304", "440606", "450102", "460106", "500105", "500112", "510104", "510722",
            "520103", "530103", "610104", "610303", "620103", "640104", "650103"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

UNIONPAY_BINS = ["622202", "621226", "622848", "621700", "622700", "621483", "622588", "621661", "622262",
                 "623058", "622908", "621799", "622609", "621467", "623668"]
CN_MOB = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
          "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
          "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
CN_AREA8 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0755", "0571", "0512",
            "0532", "0731", "0591", "0592", "0871", "0351", "0311", "0574", "0757"]


def rdig(rng, n):
    return "".join(rng.choice(DIG) for _ in range(n))


class Num:
    """A personal number: its kind, the digits said as a fragment (an ID may end in X), the
    grouping the owner says it in, and for a phone the country code said before it."""

    def __init__(self, kind, sub, digits, groups, cc=None, country=None):
        self.kind = kind
        self.sub = sub
        self.digits = digits
        self.groups = groups
        self.cc = cc
        self.country = country
        assert sum(groups) == len(digits), (digits, groups)

    def __repr__(self):
        return f"Num({self.kind},{self.sub},{self.digits})"


def gen_id(rng, want_x=None):
    for _ in range(2000):
        county = rng.choice(COUNTIES)
        y = rng.randint(1952, 2005)
        m = rng.randint(1, 12)
        dmax = MDAYS[m - 1] + (1 if m == 2 and y % 4 == 0 else 0)
        d = rng.randint(1, dmax)
        seq = f"{rng.randint(0, 999):03d}"
        d17 = f"{county}{y:04d}{m:02d}{d:02d}{seq}"
        full = d17 + id_check(d17)
        if want_x is True and full[-1] != "X":
            continue
        if want_x is False and full[-1] == "X":
            continue
        groups = rng.choice([[6, 8, 4], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 4, 4, 4], [18], [6, 8, 4]])
        return Num("id_number", "id", full, groups)
    raise Bug("gen_id")


def gen_card(rng, sub=None):
    sub = sub or rng.choice(["unionpay", "unionpay", "unionpay19", "visa", "mastercard", "mc2", "amex"])
    if sub == "unionpay":
        d = luhn_complete(rng.choice(UNIONPAY_BINS) + rdig(rng, 9))
        g = rng.choice([[4, 4, 4, 4], [4, 4, 4, 4], [6, 6, 4], [16]])
    elif sub == "unionpay19":
        d = luhn_complete(rng.choice(UNIONPAY_BINS) + rdig(rng, 12))
        g = rng.choice([[4, 4, 4, 4, 3], [6, 6, 4, 3], [6, 13], [4, 4, 4, 4, 3]])
    elif sub == "visa":
        d = luhn_complete("4" + rdig(rng, 14))
        g = [4, 4, 4, 4]
    elif sub == "mastercard":
        d = luhn_complete("5" + rng.choice("12345") + rdig(rng, 13))
        g = [4, 4, 4, 4]
    elif sub == "mc2":
        d = luhn_complete(str(rng.randint(2221, 2720)) + rdig(rng, 11))
        g = [4, 4, 4, 4]
    else:
        d = luhn_complete("3" + rng.choice("47") + rdig(rng, 12))
        g = [4, 6, 5]
    return Num("bank_card", sub, d, g)


# Foreign phones: (country, national digits builder, national groups, cc, international digits, intl groups)
def _nat(rng, spec):
    out = []
    for part in spec:
        if isinstance(part, list):
            out.append(rng.choice(part))
        elif part.startswith("#"):
            out.append(rdig(rng, int(part[1:])))
        elif part.startswith("@"):
            out.append(rng.choice("23456789") + rdig(rng, int(part[1:]) - 1))
        else:
            out.append(part)
    return "".join(out)


FOREIGN = {
    # key: (country name, spec for national form incl. trunk, national groups, cc, trunk digits to drop)
    "uk_mob": ("UK", ["07", ["4", "5", "7", "8", "9"], "#8"], [[5, 6], [5, 3, 3]], "44", 1, [[4, 6], [4, 3, 3]]),
    "uk_lon": ("UK", ["020", ["7", "8", "3"], "#7"], [[3, 4, 4]], "44", 1, [[2, 4, 4]]),
    "uk_man": ("UK", ["0161", "@3", "#4"], [[4, 3, 4]], "44", 1, [[3, 3, 4]]),
    "us": ("US", [["212", "415", "617", "312", "206", "503", "646", "773", "512", "303"], "@3", "#4"], [[3, 3, 4]], "1", 0, [[3, 3, 4]]),
    "ca": ("Canada", [["416", "604", "514", "403", "613"], "@3", "#4"], [[3, 3, 4]], "1", 0, [[3, 3, 4]]),
    "au_mob": ("Australia", ["04", "#8"], [[4, 3, 3]], "61", 1, [[3, 3, 3]]),
    "sg": ("Singapore", [["8", "9"], "#7"], [[4, 4]], "65", 0, [[4, 4]]),
    "hk": ("Hong Kong", [["5", "6", "9"], "#7"], [[4, 4]], "852", 0, [[4, 4]]),
    "jp_mob": ("Japan", [["090", "080", "070"], "#8"], [[3, 4, 4]], "81", 1, [[2, 4, 4]]),
    "de_mob": ("Germany", [["0151", "0160", "0170", "0176"], "#8"], [[4, 4, 4], [4, 8]], "49", 1, [[3, 4, 4]]),
    "fr_mob": ("France", [["06", "07"], "#8"], [[2, 2, 2, 2, 2]], "33", 1, [[1, 2, 2, 2, 2]]),
    "kr_mob": ("Korea", ["010", "#8"], [[3, 4, 4]], "82", 1, [[2, 4, 4]]),
    "in_mob": ("India", [["9", "8", "7"], "#9"], [[5, 5]], "91", 0, [[5, 5]]),
    "ie_mob": ("Ireland", ["08", ["3", "5", "6", "7"], "#7"], [[3, 3, 4]], "353", 1, [[2, 3, 4]]),
    "nz_mob": ("New Zealand", ["02", ["1", "2"], "#7"], [[3, 3, 4]], "64", 1, [[2, 3, 4]]),
    "it_mob": ("Italy", ["3", ["3", "4", "8", "9"], "#8"], [[3, 3, 4]], "39", 0, [[3, 3, 4]]),
    "es_mob": ("Spain", [["6", "7"], "#8"], [[3, 3, 3]], "34", 0, [[3, 3, 3]]),
    "nl_mob": ("Netherlands", ["06", "#8"], [[2, 4, 4]], "31", 1, [[1, 4, 4]]),
    "br_mob": ("Brazil", [["11", "21", "31"], "9", "#8"], [[2, 5, 4]], "55", 0, [[2, 5, 4]]),
    "za_mob": ("South Africa", ["08", ["2", "3", "4"], "#7"], [[3, 3, 4]], "27", 1, [[2, 3, 4]]),
    "ae_mob": ("UAE", ["05", ["0", "2", "5", "6"], "#7"], [[3, 3, 4]], "971", 1, [[2, 3, 4]]),
    "ph_mob": ("Philippines", ["09", "#9"], [[4, 3, 4]], "63", 1, [[3, 3, 4]]),
    "my_mob": ("Malaysia", ["01", ["2", "3", "6", "7", "9"], "#7"], [[3, 3, 4]], "60", 1, [[2, 3, 4]]),
    "se_mob": ("Sweden", ["07", ["0", "2", "3", "6"], "#7"], [[3, 3, 2, 2]], "46", 1, [[2, 3, 2, 2]]),
}
FOREIGN_KEYS = sorted(FOREIGN)
_FW = {"uk_mob": 4, "uk_lon": 2, "us": 4, "ca": 2, "au_mob": 3, "sg": 3, "hk": 3, "jp_mob": 2, "de_mob": 2, "fr_mob": 2,
       "kr_mob": 1, "in_mob": 2, "ie_mob": 1, "nz_mob": 1, "it_mob": 1, "es_mob": 1, "nl_mob": 1, "br_mob": 1, "za_mob": 1,
       "ae_mob": 2, "ph_mob": 1, "my_mob": 2, "se_mob": 1, "uk_man": 1}
FOREIGN_W = [_FW[k] for k in FOREIGN_KEYS]
# said with the country code (never in national form) in these
CC_ONLY = {"it_mob", "es_mob", "br_mob", "in_mob"}


def gen_phone(rng, sub):
    if sub == "cn_mob" or sub == "cn_mob_cc":
        d = rng.choice(CN_MOB) + rdig(rng, 8)
        g = rng.choice([[3, 4, 4], [3, 4, 4], [3, 4, 4], [3, 4, 4], [4, 4, 3], [3, 3, 5], [11], [3, 8]])
        return Num("phone", sub, d, g, cc="86" if sub == "cn_mob_cc" else None, country="China")
    if sub == "cn_land" or sub == "cn_land_cc":
        area = rng.choice(CN_AREA8)
        local = rng.choice("2345678") + rdig(rng, 7)
        if sub == "cn_land":
            d = area + local
            g = [len(area), 4, 4] if rng.random() < 0.6 else [len(area), 8]
            return Num("phone", sub, d, g, country="China")
        d = area[1:] + local
        g = [len(area) - 1, 4, 4]
        return Num("phone", sub, d, g, cc="86", country="China")
    country, spec, ngroups, cc, trunk, igroups = FOREIGN[sub]
    nat = _nat(rng, spec)
    intl = rng.random() < 0.55 or sub in CC_ONLY
    if intl:
        d = nat[trunk:]
        g = rng.choice(igroups)
        return Num("phone", sub, d, g, cc=cc, country=country)
    return Num("phone", sub, nat, rng.choice(ngroups), country=country)


def variant_fail(rng, num, mode=None, lo=None, hi=None):
    """A wrong / misheard version of an ID or card: one digit changed or two neighbours swapped,
    failing its check; returns (digits, first changed index, last changed index)."""
    d = num.digits
    n = len(d)
    lo = 0 if lo is None else lo
    hi = (n - 1 if num.kind == "id_number" else n) if hi is None else hi
    for _ in range(500):
        m = mode or rng.choice(["change", "swap"])
        if m == "swap":
            i = rng.randrange(lo, hi - 1)
            if d[i] == d[i + 1] or not d[i + 1].isdigit():
                continue
            v = d[:i] + d[i + 1] + d[i] + d[i + 2:]
            j = i + 1
        else:
            i = rng.randrange(lo, hi)
            if not d[i].isdigit():
                continue
            v = d[:i] + rng.choice([c for c in DIG if c != d[i]]) + d[i + 1:]
            j = i
        ok = id_ok(v) if num.kind == "id_number" else luhn_ok(v)
        if not ok:
            return v, i, j
    raise Redraw("variant")


def phone_mid_variant(rng, num):
    """A phone's version with one digit changed inside a middle group (never the first group, never the
    last four digits): (digits, index of the group changed)."""
    starts = []
    s = 0
    for gl in num.groups:
        starts.append((s, s + gl))
        s += gl
    n = len(num.digits)
    cands = [gi for gi, (a, b) in enumerate(starts) if gi > 0 and b <= n - 4]
    if not cands:
        raise Redraw("no middle group")
    gi = rng.choice(cands)
    a, b = starts[gi]
    i = rng.randrange(a, b)
    v = num.digits[:i] + rng.choice([c for c in DIG if c != num.digits[i]]) + num.digits[i + 1:]
    return v, gi


def group_bounds(groups):
    out = []
    s = 0
    for gl in groups:
        out.append((s, s + gl))
        s += gl
    return out


# ============================================================================================
# Saying digits
# ============================================================================================

ZH_NUM = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN_NUM = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
          "8": "eight", "9": "nine"}
FW = {c: chr(0xFF10 + int(c)) for c in DIG}


class Tok:
    __slots__ = ("text", "frag", "dig", "split", "cc", "look")

    def __init__(self, text, frag=None, dig=False, split=False, cc=False, look=None):
        self.text = text
        self.frag = frag
        self.dig = dig
        self.split = split
        self.cc = cc
        self.look = look


class Frag:
    """One labelled fragment (it may run over two lines when a number is cut: one span per line in text
    and WebVTT, one entity in asr-json)."""
    _n = 0

    def __init__(self, num, role, digits, last4):
        Frag._n += 1
        self.uid = Frag._n
        self.num = num
        self.kind = num.kind
        self.role = role
        self.digits = digits      # the digits this fragment says (collapsed reading expected)
        self.last4 = last4
        self.expect = ""          # digits its words read, filled by speak()


class Voice:
    """How one speaker says one number: style per group, zero word, separators, doubles, fillers."""

    def __init__(self, style="ar", zero="oh", one="幺", sep=" ", dbl=0.0, xform="X", two="二", zero_zh="零",
                 lang="zh"):
        self.lang = lang
        self.style = style        # ar / fw / zh / en / gl / itn / digit / mix:<a>,<b>...
        self.zero = zero
        self.one = one
        self.sep = sep
        self.dbl = dbl
        self.xform = xform
        self.two = two
        self.zero_zh = zero_zh


def _render_chunk(digs, st, v, rng, dbl_ok, frag):
    """A chunk of digits in style st -> (list of Tok, collapsed digits read). dbl_ok(k): a double /
    triple may cover the chunk's digit k."""
    if st in ("ar", "fw"):
        if st == "fw":
            txt = "".join(FW.get(c, "Ｘ") for c in digs)
        else:
            txt = "".join(c if c != "X" else ("x" if v.xform == "x" else "X") for c in digs)
        return [Tok(txt, frag, True)], digs
    if st == "zh":
        out = []
        for c in digs:
            if c == "1":
                out.append(v.one)
            elif c == "2":
                out.append(v.two)
            elif c == "0":
                out.append(v.zero_zh)
            elif c == "X":
                out.append(v.xform if v.xform in ("X", "叉", "Ｘ", "x") else "X")
            else:
                out.append(ZH_NUM[c])
        return [Tok("".join(out), frag, True)], digs
    # English words, spaced (en) or glued (gl); X always its own word
    words = []
    read = ""
    i = 0
    n = len(digs)
    while i < n:
        c = digs[i]
        if c == "X":
            words.append(("X", True))
            read += "X"
            i += 1
            continue
        w = v.zero if c == "0" else EN_NUM[c]
        if i > 0:
            if i + 2 < n and digs[i + 1] == c and digs[i + 2] == c and all(dbl_ok(k) for k in (i, i + 1, i + 2)) \
                    and rng.random() < v.dbl:
                words.append(("triple " + w, False))
                read += c
                i += 3
                continue
            if i + 1 < n and digs[i + 1] == c and dbl_ok(i) and dbl_ok(i + 1) and rng.random() < v.dbl:
                words.append(("double " + w, False))
                read += c
                i += 2
                continue
        words.append((w, False))
        read += c
        i += 1
    if st == "en":
        return [Tok(" ".join(w for w, _ in words), frag, True)], read
    # glued: a recogniser runs number words together, a long chunk in clusters of two to four words;
    # X always stays its own word
    toks = []
    cur = ""
    k = 0
    limit = 99 if len(words) <= 5 else rng.choice([2, 3, 3, 4])
    for w, isx in words:
        if isx:
            if cur:
                toks.append(cur)
                cur = ""
            toks.append("X")
            k = 0
            continue
        if k >= limit:
            toks.append(cur)
            cur = ""
            k = 0
            limit = rng.choice([2, 3, 3, 4])
        cur += w.replace(" ", "")
        k += 1
    if cur:
        toks.append(cur)
    return [Tok(" ".join(toks), frag, True)], read


def _split_itn(rng, digs):
    sizes = []
    left = len(digs)
    while left > 0:
        k = min(left, rng.choice([1, 2, 3, 3, 4, 4, 5]))
        sizes.append(k)
        left -= k
    out = []
    p = 0
    for k in sizes:
        out.append(digs[p:p + k])
        p += k
    return out


SEP_BY_STYLE = {
    "ar": [" ", " ", " ", "-", " - ", ", ", "，", " … "],
    "fw": [" ", "　"],
    "zh": ["", " ", "，", " ", "、", "…"],
    "en": [", ", " ", " ", " - ", "... ", "… "],
    "gl": [" ", " ", ", "],
}


def seps_for(st, lang):
    ch = SEP_BY_STYLE.get(st, [" "])
    if lang == "en":
        ch = [x for x in ch if not any(is_cjk(y) or y in "，、　" for y in x)] or [" "]
    return ch


def speak(rng, frag, digits, groups, voice, *, offset=0, full_len=None, fillers=(), filler_inside=False,
          subsplit=0.0, tail_guard=0, group_styles=None, fixed_seps=None):
    """The words of a fragment saying `digits` (grouped as `groups`) in `voice`: a list of Tok (digit
    chunks marked dig; separators and fillers inside it carry the fragment but not dig); frag.expect
    gets the digits they read (double / triple collapsed). tail_guard: no double / triple among the last
    tail_guard digits of the whole number (offset / full_len place this piece in it)."""
    full_len = len(digits) + offset if full_len is None else full_len
    seq = []
    p = 0
    for gi, gl in enumerate(groups):
        st = group_styles[gi] if group_styles else voice.style
        if st == "itn":
            for part in _split_itn(rng, digits[p:p + gl]):
                seq.append([p, p + len(part), "ar"])
                p += len(part)
            continue
        if st == "digit":
            for q in range(p, p + gl):
                seq.append([q, q + 1, "ar"])
            p += gl
            continue
        seq.append([p, p + gl, st])
        p += gl
    if p != len(digits):
        raise Bug(f"groups {groups} vs {digits}")
    for f in fillers:
        chunk_idx = [i for i, x in enumerate(seq) if isinstance(x, list)]
        between = [i for i in range(1, len(seq)) if isinstance(seq[i], list) and isinstance(seq[i - 1], list)]
        splittable = [i for i in chunk_idx if seq[i][1] - seq[i][0] >= 3]
        if (filler_inside and splittable) or (not between and splittable):
            i = rng.choice(splittable)
            a, b, st = seq[i]
            cut = rng.randrange(a + 1, b)
            seq[i:i + 1] = [[a, cut, st], f, [cut, b, st]]
        elif between:
            i = rng.choice(between)
            seq.insert(i, f)
    toks = []
    read = ""

    def ok_factory(a):
        return lambda k: offset + a + k < full_len - tail_guard

    prev = None
    pending_filler = False
    nb = 0
    for x in seq:
        if isinstance(x, str):
            toks.append(Tok(x, frag))
            pending_filler = True
            continue
        a, b, st = x
        glue = False
        if prev is not None and not pending_filler:
            pst = prev[2]
            nb += 1
            if fixed_seps is not None and nb - 1 < len(fixed_seps):
                sep = fixed_seps[nb - 1]
            elif pst == "ar" and st == "ar" and subsplit and rng.random() < subsplit:
                sep = ""
            elif voice.style in ("itn", "digit"):
                sep = " "
            elif voice.sep is not None and pst == voice.style and st == voice.style:
                sep = voice.sep
            else:
                sep = rng.choice(seps_for(st, voice.lang))
            if sep == "" and (pst != "zh" or st != "zh"):
                if pst == "ar" and st == "ar":
                    glue = True
                else:
                    sep = " "
            if sep:
                toks.append(Tok(sep, frag))
        ts, r = _render_chunk(digits[a:b], st, voice, rng, ok_factory(a), frag)
        if glue:
            for t in ts:
                t.split = True
        toks.extend(ts)
        read += r
        prev = x
        pending_filler = False
    frag.expect += read
    return toks


# ============================================================================================
# A call: lines of tokens
# ============================================================================================

CJK_NUMERALS = set("零〇一二三四五六七八九幺两")


def is_cjk(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or ch == "〇"


def is_alnum(ch):
    return (ch.isascii() and ch.isalnum()) or ("０" <= ch <= "９") or ch in "ＸＡＢＣ"


def digit_bearing(ch):
    return (ch.isascii() and ch.isalnum()) or ("０" <= ch <= "９") or ch in CJK_NUMERALS or ch in "叉Ｘ"


class Line:
    def __init__(self, who, toks, cut=False):
        self.who = who
        self.toks = toks
        self.cut = cut

    def content(self):
        out = []
        pos = 0
        spans = {}
        for t in self.toks:
            if t.dig:
                s, e = pos, pos + len(t.text)
                if t.frag in spans:
                    spans[t.frag][1] = e
                else:
                    spans[t.frag] = [s, e]
            out.append(t.text)
            pos += len(t.text)
        return "".join(out), spans


class Call:
    def __init__(self, rng, lang, dom, fmt, ph):
        self.rng = rng
        self.lang = lang
        self.dom = dom
        self.fmt = fmt
        self.ph = ph
        self.lines = []
        self.nums = []
        self.frags = []
        self.voices = {}
        self.vals = {}
        self.variant = ""
        self.outbound = False
        self.look_kinds = Counter()
        self.third = False

    # -- phrase choice
    def t(self, zh, en, mx=None):
        if self.lang == "zh":
            x = zh
        elif self.lang == "en":
            x = en
        else:
            x = mx if mx is not None else (zh if self.rng.random() < 0.5 else en)
        if isinstance(x, (list, tuple)):
            x = self.rng.choice(x)
        return x

    def add(self, who, *items, cut=False):
        toks = []
        for it in items:
            if it is None or it == "":
                continue
            if isinstance(it, str):
                toks.append(Tok(it))
            elif isinstance(it, Tok):
                toks.append(it)
            else:
                toks.extend(it)
        # keep letters / digits of plain words off a number's edge
        fixed = []
        for t in toks:
            if fixed:
                p = fixed[-1]
                a, b = p.text[-1:], t.text[:1]
                edge = (p.frag is not None or p.cc) != (t.frag is not None or t.cc) or (p.frag is not t.frag)
                if edge and a and b and (is_alnum(a) or a in "叉Ｘ" or a in CJK_NUMERALS) and \
                        (is_alnum(b) or b in "叉Ｘ" or b in CJK_NUMERALS):
                    fixed.append(Tok(" "))
            fixed.append(t)
        full = "".join(t.text for t in fixed)
        owner = []
        for ti, t in enumerate(fixed):
            owner.extend([ti] * len(t.text))
        for m in re.finditer(r"(?:^\s*|[.?!]\s+)([a-z])", full):
            pos = m.start(1)
            t = fixed[owner[pos]]
            if t.frag is None and not t.cc and t.look is None:
                off = pos - sum(len(x.text) for x in fixed[:owner[pos]])
                t.text = t.text[:off] + t.text[off].upper() + t.text[off + 1:]
        self.lines.append(Line(who, fixed, cut))
        return self.lines[-1]


# ============================================================================================
# Layouts of this author's own
# ============================================================================================

def fmt_stamp(style, sec):
    m, s = divmod(int(sec), 60)
    h, m = divmod(m, 60)
    frac = sec - int(sec)
    if style == "tplus":
        return f"T+{m + 60 * h:02d}:{s:02d}"
    if style == "ms":
        return f"{int(sec * 1000)}ms"
    if style == "cs":
        return f"{m + 60 * h:02d}:{s:02d}.{int(frac * 100):02d}"
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if style == "sec":
        return f"{sec:.1f}s"
    if style == "zhs":
        return f"{sec:.1f}秒"
    if style == "wall":
        base = 9 * 3600 + 17 * 60 + 5
        t = base + int(sec)
        return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"
    raise Bug(style)


INLINE = [
    ("{lab} ⊳ ", False), ("⌜{lab}⌟ ", False), ("‹{lab}› ", False), ("{lab} ⁝ ", False),
    ("{ts} ⌁ {lab} ⌁ ", True), ("{lab} (at {ts}) ⟹ ", True), ("〘{lab}〙", False), ("{lab} ⫶ ", False),
    ("⟦{ts}⟧ {lab} ⊳ ", True), ("{lab} ≻ ", False), ("{lab} ⊢{ts}⊣ ", True), ("{lab} ⋙ ", False),
    ("@{ts} {lab} ⊸ ", True), ("{lab} ⫽ ", False), ("✎ {lab} ⟶ ", False), ("{ts} ◇ {lab} ◇ ", True),
    ("{lab}▕ ", False), ("{lab} ⦙ ", False), ("[{ts} · {lab}] ", True), ("{lab} ⸽ ", False),
]
HEADER = [("⟪ {lab} ⟫", False), ("@{ts} {lab}", True), ("┄┄ {lab} ┄┄", False), ("※ ({ts}) {lab}", True)]
UNLABELLED = ["", "◦ ", "⋄ "]
CONT_STYLES = ["relabel", "bare", "indent", "mark", "mark2"]
STAMPS = ["tplus", "ms", "cs", "hms", "sec", "zhs", "wall"]

GENERIC_LABELS = {
    "zh": [("热线坐席", "来电用户"), ("服务岗", "客户方"), ("值班客服", "致电方"), ("接听", "拨入方"), ("客服岗", "咨询人")],
    "en": [("Desk", "Enquirer"), ("Advisor", "Account holder"), ("Helpline", "Customer"), ("Svc", "Cust"), ("Team", "Member")],
    "mixed": [("Helpline", "客户方"), ("客服岗", "Caller"), ("Desk", "来电用户"), ("值班", "Customer"), ("Advisor", "咨询人")],
}
AGENT_NAMES = {"zh": ["阿宁", "小蔓", "晓棠", "俊豪", "思远"], "en": ["Bea", "Rory", "Imani", "Tomas", "Priyanka"]}
THIRD = {"zh": ["家里人", "老伴", "儿子", "同事"], "en": ["Husband", "Son", "Flatmate", "Daughter"]}
IVR = {"zh": ["语音导航", "自动语音"], "en": ["IVR prompt", "Auto-attendant"]}


def pick_labels(c, rng):
    d = c.dom
    if rng.random() < 0.4:
        if c.lang == "zh":
            a, b = d["lab_zh"]
        elif c.lang == "en":
            a, b = d["lab_en"]
        else:
            a, b = rng.choice([(d["lab_zh"][0], d["lab_en"][1]), (d["lab_en"][0], d["lab_zh"][1])])
    else:
        a, b = rng.choice(GENERIC_LABELS[c.lang])
    if rng.random() < 0.18:
        if re.search(r"[A-Za-z]", a):
            a = f"{a} {rng.choice(AGENT_NAMES['en'])}"
        else:
            a = f"{a}·{rng.choice(AGENT_NAMES['zh'])}"
    third = rng.choice(THIRD["zh" if c.lang == "zh" else ("en" if c.lang == "en" else rng.choice(["zh", "en"]))])
    ivr = rng.choice(IVR["zh" if c.lang == "zh" else "en"])
    labs = {"A": a, "C": b, "T": third, "S": ivr}
    swapped = False
    if rng.random() < 0.03:
        labs["A"], labs["C"] = labs["C"], labs["A"]
        swapped = True
    return labs, swapped


def line_times(c, rng):
    """A start / end second for every line (overlaps at some speaker changes)."""
    out = []
    t = rng.uniform(0.4, 2.5)
    prev_who = None
    for ln in c.lines:
        content, _ = ln.content()
        dur = max(0.6, 0.09 * len(content) + rng.uniform(0.2, 0.9))
        if prev_who is not None and ln.who != prev_who and rng.random() < 0.25:
            t -= rng.uniform(0.1, 0.5)
        s = max(0.0, t)
        e = s + dur
        out.append((round(s, 3), round(e, 3)))
        t = e + rng.uniform(0.05, 0.9)
        prev_who = ln.who
    return out


def render_text(c, rng):
    kind = rng.choices(["inline", "header", "bare"], [0.72, 0.18, 0.10])[0]
    labs, swapped = pick_labels(c, rng)
    stamp = rng.choice(STAMPS)
    cont = rng.choice(CONT_STYLES)
    times = line_times(c, rng)
    out = []
    spans = []
    pos = 0
    layout = None
    blank_between = rng.random() < 0.6
    if kind == "inline":
        layout = rng.choice(INLINE)
    elif kind == "header":
        layout = rng.choice(HEADER)
        cont = "indent" if rng.random() < 0.5 else "bare"
    else:
        layout = rng.choice(UNLABELLED)
        cont = rng.choice(["bare", "same"])
    prev_who = None
    n_lines = len(c.lines)
    last_line_of = {}
    for i, ln in enumerate(c.lines):
        for f in ln.content()[1]:
            last_line_of[f] = i
    for i, ln in enumerate(c.lines):
        content, fsp = ln.content()
        same = ln.who == prev_who
        lab = labs[ln.who]
        ts = fmt_stamp(stamp, times[i][0])
        if kind == "inline":
            tpl = layout[0]
            if same and cont != "relabel":
                prefix = {"bare": "", "indent": "    ", "mark": "  ⤷ ", "mark2": "  ⁘ "}[cont]
            else:
                prefix = tpl.format(lab=lab, ts=ts)
        elif kind == "header":
            if same:
                prefix = "  " if cont == "indent" else ""
            else:
                head = layout[0].format(lab=lab, ts=ts)
                if i > 0 and blank_between:
                    out.append("\n")
                    pos += 1
                out.append(head + "\n")
                pos += len(head) + 1
                prefix = "  " if cont == "indent" else ""
        else:
            prefix = layout if not (same and cont == "bare") else ""
        out.append(prefix)
        pos += len(prefix)
        for f, (s, e) in fsp.items():
            spans.append({"start": pos + s, "end": pos + e, "kind": f.kind,
                          "last4_ok": bool(f.last4 and last_line_of[f] == i), "role": f.role, "_f": f})
        out.append(content)
        pos += len(content)
        if i < n_lines - 1:
            out.append("\n")
            pos += 1
        prev_who = ln.who
    end_nl = rng.random() < 0.5
    text = "".join(out) + ("\n" if end_nl else "")
    meta = {"layout": kind, "pattern": layout[0] if isinstance(layout, tuple) else layout, "stamp":
            stamp if (isinstance(layout, tuple) and layout[1]) else None, "cont": cont, "swapped": swapped,
            "end_nl": end_nl, "blank": kind == "header" and blank_between}
    return text, spans, meta


def vtt_ts(sec, short):
    ms = int(round(sec * 1000))
    h, rem = divmod(ms, 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


VTT_PAYLOAD = ["v", "v_close", "v_class", "colon", "angle", "dash", "bare", "tri"]
VTT_IDS = ["none", "num", "r", "dot"]
VTT_SETTINGS = ["", "align:start", "line:88%", "position:10% align:left", "size:80% line:-2", "line:0 align:center"]


def render_vtt(c, rng):
    labs, swapped = pick_labels(c, rng)
    for k in labs:
        labs[k] = labs[k].replace("<", "").replace(">", "")
    pay = rng.choice(VTT_PAYLOAD)
    ids = rng.choice(VTT_IDS)
    short = rng.random() < 0.4
    settings = rng.choice(VTT_SETTINGS) if rng.random() < 0.45 else ""
    cont = rng.choice(["cue_voice", "cue_bare", "same_cue"])
    merge_p = 0.35 if pay in ("v", "v_close", "v_class", "dash", "colon") else 0.0
    times = line_times(c, rng)
    head = "WEBVTT"
    vm = {}
    if rng.random() < 0.4:
        head += " - " + c.t(["通话记录", "来电转写"], ["Call transcript", "Support call"], ["Call transcript", "通话转写"])
        vm["title"] = True
    parts = [head + "\n"]
    if rng.random() < 0.4:
        parts.append("Kind: captions\n")
        parts.append(f"Language: {'zh-CN' if c.lang == 'zh' else ('en-GB' if c.lang == 'en' else 'zh-Hans')}\n")
        vm["kindlang"] = True
    parts.append("\n")
    if rng.random() < 0.3:
        parts.append("STYLE\n::cue(v) { color: gold }\n\n")
        vm["style"] = True
    if rng.random() < 0.45:
        vm["note"] = True
        parts.append(rng.choice(["NOTE machine transcript, not reviewed\n\n", "NOTE\nspeaker names from the diariser\n\n",
                                 "NOTE 自动转写，未人工校对\n\n"]))
    pos = sum(len(p) for p in parts)
    spans = []
    last_line_of = {}
    for i, ln in enumerate(c.lines):
        for f in ln.content()[1]:
            last_line_of[f] = i
    # group lines into cues
    cues = []
    prev_who = None
    for i, ln in enumerate(c.lines):
        same = ln.who == prev_who
        if cues and same and cont == "same_cue":
            cues[-1]["lines"].append((i, False))
        elif cues and not same and merge_p and len(ln.content()[0]) < 16 and len(cues[-1]["lines"]) == 1 \
                and rng.random() < merge_p:
            cues[-1]["lines"].append((i, True))
        else:
            cues.append({"lines": [(i, not (same and cont == "cue_bare"))]})
        prev_who = ln.who
    n = 0
    for q in cues:
        n += 1
        idxs = [i for i, _ in q["lines"]]
        s = times[idxs[0]][0]
        e = max(times[j][1] for j in idxs)
        block = ""
        if ids == "num":
            block += f"{n}\n"
        elif ids == "r":
            block += f"r-{n:02d}\n"
        elif ids == "dot":
            block += f"line.{n}\n"
        block += f"{vtt_ts(s, short)} --> {vtt_ts(e, short)}{(' ' + settings) if settings else ''}\n"
        parts.append(block)
        pos += len(block)
        for k, (i, voiced) in enumerate(q["lines"]):
            ln = c.lines[i]
            lab = labs[ln.who]
            content, fsp = ln.content()
            pre, post = "", ""
            if voiced or k > 0:
                if pay == "v":
                    pre = f"<v {lab}>"
                elif pay == "v_close":
                    pre, post = f"<v {lab}>", "</v>"
                elif pay == "v_class":
                    cls = "agent" if ln.who in ("A", "S") else "caller"
                    pre, post = f"<v.{cls} {lab}>", "</v>"
                elif pay == "colon":
                    pre = f"{lab}: "
                elif pay == "angle":
                    pre = f"‹{lab}› "
                elif pay == "dash":
                    pre = "- "
                elif pay == "tri":
                    pre = f"{lab} ⊳ "
            parts.append(pre)
            pos += len(pre)
            for f, (a, b) in fsp.items():
                spans.append({"start": pos + a, "end": pos + b, "kind": f.kind,
                              "last4_ok": bool(f.last4 and last_line_of[f] == i), "role": f.role, "_f": f})
            parts.append(content + post + "\n")
            pos += len(content) + len(post) + 1
        parts.append("\n")
        pos += 1
    text = "".join(parts)
    if rng.random() < 0.5:
        text = text.rstrip("\n") + "\n"
    meta = {"payload": pay, "cue_ids": ids, "cont": cont, "short_timings": short, "settings": bool(settings),
            "swapped": swapped, "cues": len(cues), "two_voice_cues": sum(1 for q in cues if len({c.lines[i].who for i, _ in q["lines"]}) > 1),
            "end_nl": text.endswith("\n\n") is False, **vm}
    return text, spans, meta


# ---- ASR words

PUNCT_INWORD = set(".,:/-'’")


def asr_tokens(ln, nopunct):
    """Words of a line: list of dicts {w, lead, s, e} with char ranges in the line's content."""
    content, _ = ln.content()
    tokstart = []
    forced = set()
    owner = []
    pos = 0
    for ti, t in enumerate(ln.toks):
        if t.split:
            forced.add(pos)
        owner.extend([ti] * len(t.text))
        pos += len(t.text)
    n = len(content)
    cores = []  # (s, e)
    i = 0
    while i < n:
        ch = content[i]
        if ch.isspace():
            i += 1
            continue
        if is_alnum(ch):
            j = i + 1
            while j < n and j not in forced:
                cj = content[j]
                if is_alnum(cj):
                    j += 1
                    continue
                if cj in PUNCT_INWORD and j + 1 < n and is_alnum(content[j + 1]) and owner[j - 1] == owner[j + 1] \
                        and (j + 1) not in forced:
                    j += 1
                    continue
                break
            cores.append([i, j])
            i = j
            continue
        if is_cjk(ch):
            cores.append([i, i + 1])
            i += 1
            continue
        # punctuation run
        j = i
        while j < n and not content[j].isspace() and not is_alnum(content[j]) and not is_cjk(content[j]):
            j += 1
        cores.append([i, j, "p"])
        i = j
    # attach punctuation
    words = []
    k = 0
    while k < len(cores):
        cr = cores[k]
        if len(cr) == 3:
            s, e = cr[0], cr[1]
            if words and words[-1][1] == s:
                words[-1][1] = e
            elif k + 1 < len(cores) and len(cores[k + 1]) == 2 and cores[k + 1][0] == e:
                cores[k + 1][0] = s
            k += 1
            continue
        words.append([cr[0], cr[1]])
        k += 1
    out = []
    for s, e in words:
        w = content[s:e]
        if nopunct:
            w2 = "".join(ch for ch in w if is_alnum(ch) or is_cjk(ch) or ch in "'’叉")
            if not w2:
                continue
            w = w2
        lead = s > 0 and content[s - 1].isspace()
        out.append({"w": w, "lead": lead, "s": s, "e": e})
    return out


def render_asr(c, rng):
    shape = c.asr_shape
    nopunct = rng.random() < 0.2
    times = line_times(c, rng)
    lines_words = [asr_tokens(ln, nopunct) for ln in c.lines]
    spk_style = rng.choice(["none", "spk", "agentcust", "AB", "SPEAKER", "ch"])
    spk_map = {
        "spk": {"A": "spk_0", "C": "spk_1", "T": "spk_2", "S": "spk_0"},
        "agentcust": {"A": "agent", "C": "customer", "T": "customer", "S": "system"},
        "AB": {"A": "A", "C": "B", "T": "B", "S": "A"},
        "SPEAKER": {"A": "SPEAKER_00", "C": "SPEAKER_01", "T": "SPEAKER_02", "S": "SPEAKER_00"},
        "ch": {"A": "L", "C": "R", "T": "R", "S": "L"},
    }.get(spk_style)
    with_conf = rng.random() < 0.5
    ms = rng.random() < 0.35
    # timings per word
    flat = []
    for li, (ln, ws) in enumerate(zip(c.lines, lines_words)):
        s, e = times[li]
        step = (e - s) / max(1, len(ws))
        for wi, w in enumerate(ws):
            ws_ = s + wi * step
            we_ = ws_ + step * rng.uniform(0.7, 0.98)
            flat.append((li, wi, w, round(ws_, 2), round(we_, 2)))
    frag_words = defaultdict(list)   # frag -> list of (li, wi)
    for li, ln in enumerate(c.lines):
        _, fsp = ln.content()
        for f, (a, b) in fsp.items():
            for wi, w in enumerate(lines_words[li]):
                if w["s"] < b and a < w["e"]:
                    frag_words[f].append((li, wi))
    meta = {"shape": shape, "speakers": spk_style, "nopunct": nopunct, "conf": with_conf, "ms": ms}
    if shape == "flat":
        words = []
        index = {}
        for li, wi, w, s, e in flat:
            d = {"word": w["w"]}
            if ms:
                d["start_ms"], d["end_ms"] = int(s * 1000), int(e * 1000)
            else:
                d["start"], d["end"] = s, e
            if spk_map:
                key = "channel" if spk_style == "ch" else ("spk" if spk_style == "spk" else "speaker")
                d[key] = spk_map[c.lines[li].who]
            if with_conf:
                d["confidence"] = round(rng.uniform(0.62, 0.995), 3)
            index[(li, wi)] = len(words)
            words.append(d)
        tr = {"words": words}
        if rng.random() < 0.4:
            tr["language"] = "zh" if c.lang == "zh" else ("en" if c.lang == "en" else "zh")
            tr["duration"] = round(flat[-1][4] + 0.8, 2) if flat else 0.0
        ents = []
        for f in c.frags:
            if f not in frag_words:
                continue
            ents.append({"kind": f.kind, "last4_ok": bool(f.last4), "role": f.role,
                         "words": [index[k] for k in frag_words[f]]})
        return tr, ents, meta
    # Whisper-style segments: one a line, some lines cut at a word, some short lines of different speakers merged
    segs = []
    index = {}
    merge_ok = spk_map is None
    cur = None
    for li, ln in enumerate(c.lines):
        ws = lines_words[li]
        if not ws:
            continue
        cut_at = None
        if len(ws) >= 6 and rng.random() < 0.18:
            cut_at = rng.randrange(2, len(ws) - 1)
        if cur is not None and merge_ok and len(ws) <= 4 and ln.who != c.lines[li - 1].who and rng.random() < 0.35:
            pass  # keep adding to cur
        else:
            cur = {"who": ln.who, "words": []}
            segs.append(cur)
        for wi, w in enumerate(ws):
            if cut_at is not None and wi == cut_at:
                cur = {"who": ln.who, "words": []}
                segs.append(cur)
            cur["words"].append((li, wi, w))
        meta["seg_cuts"] = meta.get("seg_cuts", 0) + (cut_at is not None)
    tlook = {(li, wi): (s, e) for li, wi, w, s, e in flat}
    out_segs = []
    for si, sg in enumerate(segs):
        words = []
        for wi2, (li, wi, w) in enumerate(sg["words"]):
            s, e = tlook[(li, wi)]
            first = wi2 == 0
            lead = w["lead"] or (first and (w["w"][:1].isascii()))
            if first and not w["w"][:1].isascii():
                lead = False
            d = {"word": (" " if lead else "") + w["w"], "start": s, "end": e}
            if with_conf:
                d["probability"] = round(rng.uniform(0.55, 0.999), 3)
            index[(li, wi)] = (si, wi2)
            words.append(d)
        seg = {"id": si, "start": words[0]["start"], "end": words[-1]["end"],
               "text": "".join(d["word"] for d in words), "words": words}
        if spk_map:
            seg["speaker"] = spk_map[sg["who"]]
        if rng.random() < 0.3:
            seg["avg_logprob"] = round(rng.uniform(-0.6, -0.05), 3)
        out_segs.append(seg)
    tr = {"segments": out_segs}
    if rng.random() < 0.45:
        tr["text"] = "".join(s["text"] for s in out_segs).strip()
    if rng.random() < 0.5:
        tr["language"] = "zh" if c.lang != "en" else "en"
    ents = []
    for f in c.frags:
        if f not in frag_words:
            continue
        ws = [list(index[k]) for k in frag_words[f]]
        ents.append({"kind": f.kind, "last4_ok": bool(f.last4), "role": f.role, "words": ws})
    meta["segments"] = len(out_segs)
    meta["entities_over_segments"] = sum(1 for e in ents if len({w[0] for w in e["words"]}) > 1)
    return tr, ents, meta


# ============================================================================================
# Look-alike safety: what the redactor reads, as one stream
# ============================================================================================

ZH_JOIN2 = ("那个", "就是", "然后")
ZH_JOIN1 = set("呃嗯额和加杠")
EN_JOIN = {"um", "uh", "er", "erm", "hmm", "and", "then", "plus", "dash"}
CARD_PREFIX = re.compile(r"^(4|5[1-5]|2[2-7]|62|3[47])")


def _units_of_line(ln):
    """Items of a line: ('d', digit, frag, cc) / ('m', mult) / ('j',) / ('b',)."""
    content, spans = ln.content()
    n = len(content)
    owner = [None] * n
    ccmark = [False] * n
    pos = 0
    for t in ln.toks:
        for k in range(len(t.text)):
            if t.cc:
                ccmark[pos + k] = True
        pos += len(t.text)
    for f, (a, b) in spans.items():
        for k in range(a, b):
            owner[k] = f
    out = []
    i = 0
    while i < n:
        ch = content[i]
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and content[j].isascii() and content[j].isalpha():
                j += 1
            w = content[i:j]
            f = owner[i]
            lw = w.lower()
            parts = ev._decompose(w)
            if lw == "x":
                out.append(("d", "X", f, ccmark[i]))
            elif parts and any(p in ev.EN_VAL for p in parts):
                for p in parts:
                    if p in ev.EN_VAL:
                        out.append(("d", ev.EN_VAL[p], f, ccmark[i]))
                    else:
                        out.append(("m", 2 if p == "double" else 3))
            elif lw in ("double", "triple"):
                out.append(("m", 2 if lw == "double" else 3))
            elif lw in EN_JOIN or f is not None:
                out.append(("j",))
            else:
                out.append(("b",))
            i = j
            continue
        if "0" <= ch <= "9" or "０" <= ch <= "９":
            d = ch if ch <= "9" else str(ord(ch) - 0xFF10)
            out.append(("d", d, owner[i], ccmark[i]))
            i += 1
            continue
        if ch in ev.CN_VAL:
            out.append(("d", ev.CN_VAL[ch], owner[i], ccmark[i]))
            i += 1
            continue
        if ch in "叉Ｘ":
            out.append(("d", "X", owner[i], ccmark[i]))
            i += 1
            continue
        if is_cjk(ch):
            if content[i:i + 2] in ZH_JOIN2:
                out.append(("j",))
                i += 2
                continue
            if ch in ZH_JOIN1 or owner[i] is not None:
                out.append(("j",))
            else:
                out.append(("b",))
            i += 1
            continue
        out.append(("j",))
        i += 1
    return out


def _bad_run(ds, grams):
    """Why an unlabelled digit run could be taken for a personal number, or None."""
    if "X" in ds:
        return "lone check character"
    n = len(ds)
    for L in range(13, 20):
        for s in range(0, n - L + 1):
            if luhn_ok(ds[s:s + L]):
                return f"Luhn window {ds[s:s + L]}"
    for s in range(0, n - 10):
        if ds[s] == "1" and ds[s + 1] in "3456789":
            return f"mobile window {ds[s:s + 11]}"
    for s in range(0, n - 17):
        w = ds[s:s + 18]
        if id_ok(w):
            return f"ID window {w}"
    if 10 <= n <= 12 and ds[0] == "0":
        return "0-led 10-12 digits"
    if n == 10 and re.match(r"^[2-9]\d\d[2-9]\d{6}$", ds):
        return "NANP-shaped"
    if n == 8 and ds[0] in "5689":
        return "HK/SG-shaped"
    if n in (15, 18) and ds[:2] in PROVINCES:
        return "province-led"
    if n in (16, 19) and CARD_PREFIX.match(ds):
        return "card-prefixed"
    if n == 15 and ds[:2] in ("34", "37"):
        return "amex-prefixed"
    for s in range(0, n - 5):
        if ds[s:s + 6] in grams:
            return f"piece of a labelled number {ds[s:s + 6]}"
    return None


def safety_problem(c):
    grams = set()
    for f in c.frags:
        d = f.digits
        for s in range(0, len(d) - 5):
            grams.add(d[s:s + 6])
    for num in c.nums:
        d = num.digits
        for s in range(0, len(d) - 5):
            grams.add(d[s:s + 6])
    stream = []
    for ln in c.lines:
        stream.extend(_units_of_line(ln))
        stream.append(("j",))
    runs = []
    cur = []
    for it in stream:
        if it[0] in ("d", "m"):
            cur.append(it)
        elif it[0] == "b":
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:
        digs = [x for x in run if x[0] == "d"]
        if not digs:
            continue
        frags = [x[2] for x in digs if x[2] is not None]
        unl = [x for x in digs if x[2] is None and not x[3]]
        ccs = [x for x in digs if x[3]]
        if frags:
            if unl:
                return "unlabelled digits join a fragment: " + "".join(x[1] for x in digs)
            if len({id(f.num) for f in frags}) > 1:
                return "fragments of two numbers join: " + "".join(x[1] for x in digs)
            if ccs:
                # a country code only directly before its number
                first_frag = next(k for k, x in enumerate(digs) if x[2] is not None)
                if any(x[3] for x in digs[first_frag:]):
                    return "country code after a number"
            continue
        if ccs:
            return "country code with no number after it"
        collapsed = "".join(x[1] for x in digs)
        expanded = ""
        mult = 1
        for x in run:
            if x[0] == "m":
                mult = x[1]
            else:
                expanded += x[1] * mult
                mult = 1
        for ds in {collapsed, expanded}:
            why = _bad_run(ds, grams)
            if why:
                return f"look-alike {ds}: {why}"
    return None


# ============================================================================================
# Look-alike values
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def ordinal(d):
    if 10 <= d % 100 <= 20:
        return f"{d}th"
    return f"{d}" + {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def look_value(c, key):
    """A look-alike value for placeholder `key`, in the call's language."""
    rng = c.rng
    zh = c.lang == "zh" or (c.lang == "mixed" and rng.random() < 0.5)
    if key in ("code", "wref"):
        pre = rng.choice(c.dom["code"])
        body = str(rng.randint(1, 9)) + rdig(rng, rng.choice([2, 3, 4]))
        return rng.choice([f"{pre}-{body}", f"{pre}{body}", f"{pre} {body}", f"{pre}-{body[:2]}-{body[2:]}"]) \
            if len(body) > 3 else f"{pre}-{body}"
    if key == "amt":
        n = rng.choice([rng.randint(18, 99), rng.randint(100, 980), rng.randint(1000, 4800)])
        if zh:
            return rng.choice([f"{n}元", f"¥{n}", f"{n}块", f"{n}块{rng.randint(1, 9)}"])
        return rng.choice([f"£{n}.{rng.randint(0, 99):02d}", f"${n}", f"€{n}", f"£{n}"])
    if key == "time":
        h = rng.randint(8, 19)
        m = rng.choice([0, 15, 30, 45, 10, 40])
        if zh:
            hh = h if h <= 12 else h - 12
            return rng.choice([f"{h}:{m:02d}", f"{'下午' if h > 12 else '上午'}{hh}点", f"{hh}点半"])
        return rng.choice([f"{h}:{m:02d}", f"{h if h <= 12 else h - 12}{'pm' if h >= 12 else 'am'}",
                           f"{h if h <= 12 else h - 12}.{m:02d}"])
    if key == "date":
        mo = rng.randint(1, 12)
        d = rng.randint(1, 28)
        if zh:
            return rng.choice([f"{mo}月{d}号", f"{mo}月{d}日", f"{d}号"])
        return rng.choice([f"{MONTHS[mo - 1]} {ordinal(d)}", f"the {ordinal(d)}", f"{d} {MONTHS[mo - 1]}",
                           f"{d:02d}/{mo:02d}"])
    if key in ("qty", "n2"):
        return str(rng.randint(2, 48) if key == "qty" else rng.randint(3, 14))
    if key == "dim":
        a, b = sorted(rng.sample([300, 450, 600, 750, 800, 900, 1200], 2))
        return f"{a}×{b}" if zh else rng.choice([f"{a}×{b}", f"{a} by {b}"])
    if key == "area":
        return str(rng.randint(4, 30)) + ("平米" if zh else " square metres")
    if key == "pct":
        return rng.choice([f"{rng.randint(2, 18)}.{rng.randint(1, 9)}%", f"{rng.randint(3, 25)}%"])
    if key == "temp":
        n = rng.randint(12, 30)
        return f"{n}度" if zh else f"{n}°C"
    if key == "scale":
        return rng.choice(["1:87", "1:160", "1:76", "1:43", "1:148"])
    if key == "sg":
        return f"1.0{rng.randint(8, 30):02d}"
    if key == "age":
        return str(rng.randint(6, 12))
    if key == "ply":
        return str(rng.choice([2, 3, 4, 5, 8]))
    if key == "wt":
        n = rng.choice([50, 100, 200, 500])
        return f"{n}克" if zh else f"{n}g"
    if key == "vol":
        n = rng.choice([500, 750, 1000, 2000, 3000, 5000])
        return f"{n}升" if zh else f"{n} litre"
    if key == "km":
        return str(rng.randint(5, 80))
    if key == "floors":
        return str(rng.randint(8, 40))
    if key == "floor":
        return str(rng.randint(2, 30))
    if key == "wind":
        return str(rng.randint(5, 7))
    if key == "pc":
        if zh:
            return rng.choice(["100", "200", "310", "510", "610", "430", "350"]) + rdig(rng, 3)
        L = "ABDEFGHJLNPQRSTUWXYZ"
        return rng.choice([f"{rng.choice(['LS', 'BS', 'M', 'EH', 'CF', 'NG', 'SE'])}{rng.randint(1, 19)} "
                           f"{rng.randint(1, 9)}{rng.choice(L)}{rng.choice(L)}", f"{rng.randint(10000, 99999)}"])
    raise Bug(f"look key {key}")


PLACE = re.compile(r"\{(\w+)\}")


def fill(c, template, extra=None):
    """A phrase with {key} placeholders -> list of items (look-alike values as Tok with look set;
    a value drawn once a call per key, so the other side says the same value again)."""
    out = []
    pos = 0
    for m in PLACE.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        key = m.group(1)
        if extra and key in extra:
            v = extra[key]
            if isinstance(v, str):
                out.append(v)
            else:
                out.extend(v if isinstance(v, list) else [v])
        else:
            if key not in c.vals:
                c.vals[key] = look_value(c, key)
            out.append(Tok(c.vals[key], look=key))
            c.look_kinds[key] += 1
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    return out


def safe_digits(rng, n, lead, grams=()):
    for _ in range(5000):
        d = rng.choice(lead) + rdig(rng, n - 1)
        if _bad_run(d, set(grams)) is None:
            return d
    raise Bug("safe_digits")


def member_digits(rng):
    for _ in range(500):
        d = rng.choice("2356789") + rdig(rng, 10)
        if _bad_run(d, set()) is None:
            return d
    raise Bug("member")


def say_plain_digits(c, ds, style, groups=None):
    """A look-alike run said in words / numerals / Arabic groups (not a fragment)."""
    rng = c.rng
    if groups is None:
        groups = []
        left = len(ds)
        while left:
            k = min(left, rng.choice([3, 4, 4, 5]))
            groups.append(k)
            left -= k
    parts = []
    p = 0
    zero = rng.choice(["oh", "zero"])
    for g in groups:
        chunk = ds[p:p + g]
        p += g
        if style == "en":
            ws = []
            i = 0
            while i < len(chunk):
                w = zero if chunk[i] == "0" else EN_NUM[chunk[i]]
                if i > 0 and i + 1 < len(chunk) and chunk[i + 1] == chunk[i] and rng.random() < 0.4:
                    ws.append("double " + w)
                    i += 2
                    continue
                ws.append(w)
                i += 1
            parts.append(" ".join(ws))
        elif style == "zh":
            parts.append("".join({"1": rng.choice("一幺"), "0": "零"}.get(ch, ZH_NUM[ch]) for ch in chunk))
        else:
            parts.append(chunk)
    sep = {"en": rng.choice([", ", " ", " - "]), "zh": rng.choice(["，", " ", ""]), "ar": rng.choice([" ", "-", " "])}[style]
    return sep.join(parts)


# ============================================================================================
# Phrase banks (this author's own). Each entry: (Chinese, English, code-switched) lists.
# {n} a number's words, {kw} the kind's word, {x} a check character, {r}/{w} right / wrong group,
# other {keys} look-alike values or call facts.
# ============================================================================================

B = {
    "GREET_IN": (["您好，{co}，请讲。", "{co}您好，您请说。", "这里是{co}客服，请问有什么事？"],
                 ["Morning, {co}, how can I help?", "{co}, you're through to the service desk.",
                  "Hi there, {co} — what can I do for you?"],
                 ["您好，{co}，how can I help？", "Hi，这里是{co}，请讲。", "{co} 您好，what can I do for you？"]),
    "GREET_OUT": (["您好，我是{co}的，请问是{name}吗？", "喂，您好，{co}这边，找下{name}。"],
                  ["Hello, it's {co} calling — am I speaking with {name}?", "Hi, this is {co}; is that {name}?"],
                  ["Hi，我是{co}的，请问是{name}吗？", "您好，{co} calling，is this {name}？"]),
    "OUT_YES": (["对，我是。", "是我，您说。"], ["Speaking.", "Yes, that's me."], ["对，是我。", "Yes，我是。"]),
    "IVR": (["您的通话将被录音，以便提升服务质量。", "欢迎致电，通话可能会被录音。"],
            ["This call may be recorded for training and quality purposes.", "Please hold while we connect you."],
            ["This call may be recorded，通话可能会被录音。", "欢迎致电，please hold。"]),
    "THANKS": (["好的，谢谢。", "行，麻烦您了。", "好嘞，谢谢啊。"], ["Brilliant, thanks.", "Cheers, that's great.", "Lovely, thank you."],
               ["OK，谢谢啊。", "好的，thanks。", "Great，麻烦了。"]),
    "BYE": (["不客气，再见。", "好的，祝您愉快，再见。"], ["You're welcome — bye now.", "No problem at all, take care."],
            ["不客气，bye bye。", "OK，have a nice day，再见。"]),
    "ASK_phone": (["{why}，麻烦留个手机号。", "{why}，方便留个能联系到您的电话吗？", "{why}，您的联系电话是？"],
                  ["{why} — what's the best number for you?", "Could I take a contact number? {why}.",
                   "{why}, so which number should we use?"],
                  ["{why}，留个 phone number 给我？", "您的 contact number 是多少？{why}。", "Can I get 您的手机号？{why}。"]),
    "ASK_id_number": (["{why}，请报下身份证号码。", "{why}，麻烦提供下身份证号。"],
                      ["{why} — could you read me your resident ID number?",
                       "I'll need the number on your Chinese ID card; {why}."],
                      ["{why}，需要您的 ID number，就是身份证号。", "麻烦报下身份证号，{why}。"]),
    "ASK_bank_card": (["{why}，卡号是多少？", "请报下银行卡号，{why}。"],
                      ["{why} — what's the long number on the card?", "Could I have the card number? {why}."],
                      ["{why}，card number 报下？", "麻烦给我 card 的卡号，{why}。"]),
    "LEAD_phone": (["好的，", "嗯，是", "您记下，", "手机是", ""], ["Sure, it's ", "Yeah — ", "Okay, so ", "Right, it's ", ""],
                   ["OK，是", "好的，it's ", "嗯，", "Sure，"]),
    "LEAD_id_number": (["好，身份证是", "嗯，", "号码是", ""], ["Sure, it's ", "Okay — ", "Right, ", ""],
                       ["OK，身份证是", "好的，it's ", "Sure，"]),
    "LEAD_bank_card": (["卡号是", "好，", "嗯，", ""], ["It's ", "Okay, the card's ", "Right, ", ""],
                       ["OK，卡号是", "好的，it's ", "Sure，"]),
    "END": (["。", "。", "，就这个。", ""], [".", ".", ", that's it.", ""], ["。", ".", "，that's it。"]),
    "ACK": (["好的，记下了。", "收到。", "好，我录进去了。"], ["Lovely, got that.", "Great, that's in.", "Thanks, noted."],
            ["OK，记下了。", "好的，got it。", "收到，thanks。"]),
    "BACKCH": (["嗯嗯。", "好，您说。", "记着呢。", "嗯，往下。", "唔，好。"],
               ["Mm-hm.", "Yep, keep going.", "Okay…", "Right.", "Uh-huh, got that bit.", "Go ahead."],
               ["嗯, carry on.", "OK，继续。", "Got it，往下说。", "嗯嗯，okay。"]),
    "VOLUNTEER": (["我先把{kw}给您吧，", "顺便说下，我的{kw}是", "您记下我{kw}，"],
                  ["I'll give you my {kw} first: ", "Before I forget, my {kw} is ", "Let me give you the {kw} now, "],
                  ["我先给您 {kw}，", "By the way，我的{kw}是", "Let me give you 我的{kw}，"]),
    "ONFILE": (["我看系统里登记的{kw}是{n}，还在用吗？", "您留的{kw}是{n}吧？"],
               ["I've got your {kw} on file as {n} — still current?", "We have {n} as your {kw}, is that still right?"],
               ["系统里的 {kw} 是 {n}，still current 吗？", "We have {n}，还是这个吗？"]),
    "ONFILE_YES": (["对，没换。", "是的，还是那个。"], ["Yes, still the same.", "That's right."], ["对，still the same。", "Yes，没变。"]),
    "SAME_BREATH": (["我订单是{code}，{kw}是{n}", "单子{code}，您打{n}找我就行", "{kw}是{n}，订单{code}"],
                    ["Order {code}, and the {kw} is {n}", "It's under {code} — {kw} {n}", "The {kw}'s {n}, order reference {code}"],
                    ["Order {code}，{kw}是{n}", "我的 order 是 {code}，{kw} {n}"]),
    "ABROAD": (["我人在{country}，打我这边的号吧：{n}", "最近在{country}出差，号码是{n}"],
               ["I'm in {country} at the moment, so use my number here: {n}", "I'm based in {country} for a few weeks — {n}"],
               ["我现在在{country}，number 是 {n}", "I'm in {country} 这阵子，打这个：{n}"]),
    "MIDQ_phone": ([("这个号是手机吧？", "手机。"), ("这是您本人在用的号吗？", "对，我自己的。"), ("您说慢些，我这边在敲。", "好。")],
                   [("That'd be a cell number?", "Cell, yes."), ("That's a personal number, yes?", "Yeah, mine."),
                    ("Bear with me, I'm typing this in.", "No worries.")],
                   [("是 mobile 吗？", "对，mobile。"), ("Is that 您本人的号？", "Yes，我的。"), ("慢点，I'm typing。", "OK。")]),
    "MIDQ_id_number": ([("是您本人的身份证吧？", "对，本人的。"), ("稍等，系统有点慢……好了，您继续。", "好。")],
                       [("Is that your own ID?", "It is, yes."), ("Hang about, the screen's catching up… okay.", "Right.")],
                       [("是您本人的 ID 吧？", "对，my own。"), ("Wait，系统有点慢……OK，继续。", "好。")]),
    "MIDQ_bank_card": ([("储蓄卡还是信用卡？", "储蓄卡。"), ("是您名下的卡吗？", "是的。")],
                       [("Debit or credit?", "Debit."), ("Is the card in your name?", "Yep.")],
                       [("Debit 还是 credit？", "Debit 卡。"), ("卡是您名下的吗？", "Yes。")]),
    "ECHO": (["{n}？", "{n}……然后？", "前面是{n}对吧？"], ["{n}…?", "So far {n}, yes?", "{n}, and after that?"],
             ["{n}，接着呢？", "{n}… and then？"]),
    "ECHO_YES": (["对，后面是", "对，", "嗯，"], ["Yes, then ", "That's right, ", "Yep — "], ["对，then ", "Yes，后面"]),
    "LOST": (["您那边卡了下，我这儿只听到{n}……", "信号断了，{n}后面是？"],
             ["Lost you for a second there. I have {n} and then…?", "You dropped out after {n} — go on?"],
             ["信号不好，I only got {n}……", "Sorry，{n} 之后断了，您再说下？"]),
    "REPEAT": (["哦，我从那段重说：", "那段再说下，"], ["Right, from that bit again: ", "Okay, that block again — "],
               ["OK，那段重说：", "Sure，from there："]),
    "RB_WHOLE": (["我跟您核对下：{n}，对吗？", "{n}，没错吧？", "复述下，{n}。"],
                 ["Let me read that back: {n}?", "So that's {n}, correct?", "I've got {n} — right?"],
                 ["我 read back 下：{n}，对吗？", "So 是 {n}，correct？"]),
    "RB_YES": (["对。", "没错。", "对的。"], ["Yes.", "That's it.", "Spot on."], ["对，that's it。", "Yes，没错。"]),
    "RB_CUT_YES": (["对对——", "嗯对，"], ["Yes —", "Yep, yep —"], ["对对，yes —", "Yes，对——"]),
    "RB_CONT": (["然后是{n}？", "{n}，对吧？"], ["and then {n}?", "then {n}, yes?"], ["然后 {n}？", "then {n}，对吧？"]),
    "RB_LAST4": (["尾数{n}的这个号，对吧？", "尾数是{n}，对吗？", "末几位是{n}？"],
                 ["The tail end being {n}?", "And it finishes {n}?", "Just the tail end — {n}?"],
                 ["尾数 {n}，right？", "It finishes {n}，对吧？"]),
    "RB_FIRST": (["{n}开头的，对吗？", "前面是{n}吧？"], ["Starting {n}?", "That begins {n}, yeah?"],
                 ["{n} 开头，right？", "Starts with {n}，对吧？"]),
    "RB_PART": (["我这边记的是{n}……", "目前是{n}……"], ["So I've got {n}…", "That's {n}…"], ["我记的是 {n}……", "So far {n}……"]),
    "RB_FINISH": (["{n}。", "后面{n}。"], ["{n}.", "Then {n}."], ["{n}。", "then {n}。"]),
    "MISHEARD_FIX": (["差了位，应该是{r}，您念成{w}了。", "不是{w}，是{r}。", "{w}不对，是{r}。"],
                     ["Not quite — it's {r}, not {w}.", "You've got {w} there; it should be {r}.",
                      "Close, but that bit's {r} rather than {w}."],
                     ["不是 {w}，是 {r}。", "Almost，应该是 {r}，not {w}。"]),
    "MISHEARD_PHONE_FIX": (["中段应该是{r}，您听岔了。", "不是，那段是{r}。"],
                           ["No — that middle block's {r}.", "The second bit should be {r}."],
                           ["不是，middle 那段是 {r}。", "No，那段是 {r}。"]),
    "RB_AGAIN": (["好，重新核对：{n}。", "明白，那就是{n}。"], ["Right, so: {n}.", "Okay, corrected — {n}."],
                 ["OK，重新 check：{n}。", "Got it，那是 {n}。"]),
    "CORR": (["哦不是，", "不对，", "说错了，", "等等，念串了，", "口误，", "诶不对，"],
             ["sorry, no wait, ", "erm, not that — ", "ugh, I misread that, ", "ignore that — ", "strike that, ", "nope, "],
             ["不对, sorry, ", "oops，说错了，", "wait wait，不是，", "no no，"]),
    "RESTART": (["重新说一下，", "我重来，", "我从头报，"], ["let me start again: ", "let me redo that: ", "I'll go again: "],
                ["重新说一下，", "let me start again，", "我 redo 下："]),
    "OLD": (["啊不是，那是旧号，现在用的是", "等下，那是以前的号，新的是"],
            ["no wait, that's my old number — these days it's ", "wait, that's the old line; it's now "],
            ["不对，那是 old number，现在是", "wait，那是旧号，new number 是"]),
    "DISTRACT": ([("地址还是原来的吧？", "对，没变。"), ("这次要开发票吗？", "不用了。"), ("您方便什么时间收货？", "下午都行。")],
                 [("Is the address still the same?", "Yes, same place."), ("Do you need a receipt emailing?", "Please, yes."),
                  ("What time suits you best?", "Afternoons are easiest.")],
                 [("Address 还是原来的吗？", "对，same。"), ("要 receipt 吗？", "要的，email 给我。")]),
    "LATE_MID": (["对了，刚才的号中间那段我说错了，是{r}，不是{w}。", "哎，我刚才那串有段报错了：{w}应该是{r}。"],
                 ["Ah — I gave you a block wrong earlier: it's {r}, not {w}.",
                  "Actually, going back to that number, the {w} should be {r}."],
                 ["对了，刚才那段 wrong 了，是 {r}，not {w}。", "Sorry，前面那串 {w} 应该是 {r}。"]),
    "LATE_LAST": (["还有，最后那段应该是{r}，我刚才念成{w}了。", "对了，末尾是{r}，不是{w}。"],
                  ["And the last block is {r}, I think I said {w}.", "And another thing — the end is {r}, not {w}."],
                  ["还有，最后是 {r}，not {w}。", "Sorry，the end 是 {r}，不是 {w}。"]),
    "INVALID": (["系统提示这个号码校验不通过，您再看下？", "这串号码系统不认，麻烦再核对下。"],
                ["That number isn't going through — the system says it's invalid. Could you check it?",
                 "Hmm, the system rejects that number."],
                ["系统说 invalid，麻烦再 check 下？", "This number 过不了校验，您再看看？"]),
    "REREAD": (["啊，我再报下：", "哦，我看错了，是"], ["Ah — let me read it off again: ", "Ah, sorry, it's "],
               ["哦，let me 再报下：", "Sorry，是"]),
    "ANNOUNCE": (["我念了啊，您记：", "拿笔了吗？我报了："], ["Right, here it comes:", "Got a pen? Here goes:"],
                 ["OK 我念了，您记：", "Ready？我报了："]),
    "SCREEN": (["我看下系统……登记的是", "系统里这个号是"], ["Let me pull it up… it's showing", "On the screen I've got"],
               ["我看下 system……登记的是", "系统里 showing"]),
    "SCREEN_END": (["，对吗？", "，是这个吧？"], [", is that right?", " — that right?"], ["，对吗？", "，right？"]),
    "HESIT": (["呃……那个……", "嗯……我找找……", "额，稍等……"], ["Um… just a moment…", "Uh, right, um…", "Er… let me look…"],
              ["呃… just a sec…", "Um，我找下……"]),
    "CHECK_SAME": (["……末尾是{x}", "，最后是字母{x}", "，再加个{x}"],
                   [", closing with an {x}", " — last character's an {x}", ", followed by the letter {x}"],
                   ["，最后是 letter {x}", "，末尾是{x}"]),
    "CHECK_NEXT": (["末尾是{x}。", "最后那位是{x}。"], ["And it ends in {x}.", "Then {x} to finish."],
                   ["最后是 {x}。", "Then {x}，末尾。"]),
    "CHECK_ASK": (["最后那位呢？", "还差最后那位。"], ["And the final character?", "That's seventeen so far — what's at the end?"],
                  ["最后那位呢？", "And the final character？"]),
    "CHECK_ANS": (["{x}。", "是{x}。", "字母{x}。"], ["{x}.", "It's an {x}.", "Letter {x}."], ["{x}。", "是 {x}。"]),
    "HANDOVER": (["我让家里人跟您说，证件都在那。", "稍等，我把电话给家里人。"],
                 ["Bear with me, I'll pass you over — they've got the details.", "Just a sec, someone here has them; I'll hand you over."],
                 ["Wait，我让家里人跟您说。", "稍等，my son 跟您说。"]),
    "HANDOVER_HI": (["喂，您好，我来报。", "您好，我跟您说。"], ["Hi, I've got it here.", "Hello — right, ready?"],
                    ["Hi，我来报。", "您好，ready？"]),
    "BACKUP_ASK": (["还有备用号码吗？", "要是打不通，还有别的号吗？"], ["Is there a backup number?", "Anything else if that doesn't answer?"],
                   ["有 backup number 吗？", "还有别的 number 吗？"]),
    "BACKUP_GIVE": (["有，备用的是", "打这个也行："], ["Yes — you can also try ", "There's also "], ["有，backup 是", "也可以打 "]),
    "ONE_LINE": (["{kw1}是{n1}，{kw2}是{n2}。", "{kw1}{n1}，然后{kw2}是{n2}。"],
                 ["The {kw1} is {n1}, and the {kw2} is {n2}.", "{kw1}: {n1}; {kw2}: {n2}."],
                 ["{kw1} 是 {n1}，{kw2} 是 {n2}。", "My {kw1} {n1}，{kw2} 是 {n2}。"]),
    "NEAR_LOOKS": (["订单{code}，金额{amt}，{kw1}是{n1}。", "{kw1}是{n1}，费用{amt}，单号{code}。"],
                   ["Order {code}, that's {amt}, and the {kw1} is {n1}.", "{kw1} {n1} — the amount was {amt}, order {code}."],
                   ["Order {code}，{amt}，{kw1} 是 {n1}。", "{kw1} 是 {n1}，amount {amt}，order {code}。"]),
    "SECOND": (["另外，还需要您的{kw}。", "还有个事，{kw}也报下。"], ["I'll also need the {kw}, please.", "And could I take the {kw} as well?"],
               ["另外，{kw} 也需要。", "Also，{kw} 报下？"]),
    "NEG_REF_ASK": (["麻烦报下{ref}。", "您那张单上的{ref}是多少？"], ["Could you read me the {ref}?", "What's the {ref} on your paperwork?"],
                    ["麻烦报下 {ref}。", "Could you 报下{ref}？"]),
    "NEG_REF_GIVE": (["好，{ref}是{n}。", "{n}。", "您记下，{n}。"], ["Sure, it's {n}.", "Right, {n}.", "It's {n}."],
                     ["好，{ref} 是 {n}。", "OK，{n}。"]),
    "NEG_REF_RB": (["{n}，对吧？", "我复述下：{n}。"], ["So {n}, correct?", "Reading back: {n}."], ["{n}，right？", "Let me check：{n}。"]),
    "NEG_MEMBER": (["会员号是{n}。", "我的会员编号{n}。"], ["My membership number's {n}.", "Member number {n}."],
                   ["Member number 是 {n}。", "会员号 {n}。"]),
    "NEG_DECLINE_ASK": (["要不要留个电话？", "方便留个联系方式吗？"], ["Would you like to leave a contact number?", "Can I take a number for you?"],
                        ["要留个 phone number 吗？", "Can I 留个您的电话？"]),
    "NEG_DECLINE_OK": (["好的，那您有需要随时打过来。", "行，不留也没关系。"], ["That's fine, no problem.", "No worries, we'll leave it there."],
                       ["OK，no problem。", "没关系，that's fine。"]),
    "NEG_WHEN_C": (["那我{date}{time}过来方便吗？", "最快{date}能弄好吗？"], ["Could I come by on {date} at {time}?", "Is {date} the earliest?"],
                   ["{date} {time} 我过来 OK 吗？", "最快 {date} 吗？"]),
    "NEG_WHEN_OK": (["可以，到时候见。", "行，我给您记上。"], ["That works, see you then.", "Yes, I'll pencil that in."],
                    ["OK，到时见。", "可以，I'll pencil it in。"]),
    "NEG_DECLINE": (["电话就不留了，有事我自己打过来。", "不用了，我回头直接来店里。"],
                    ["I'd rather not, I'll ring back myself.", "No need, I'll pop in instead."],
                    ["不用了，I'll call back myself。", "No thanks，我自己打过来。"]),
    "NEG_CODE": (["验证码发您手机了，念下？", "我们刚发了验证码，您看下是多少？"],
                 ["We've just sent a code — could you read it out?", "There's a verification code on its way, what does it say?"],
                 ["刚发了 code，您念下？", "Verification code 是多少？"]),
    "NEG_CODE_GIVE": (["是{n}。", "{n}。"], ["It says {n}.", "{n}."], ["是 {n}。", "{n}。"]),
    "NEG_PC": (["邮编是{pc}。", "寄到的邮编{pc}。"], ["The postcode is {pc}.", "It's going to {pc}."], ["邮编 {pc}。", "Postcode 是 {pc}。"]),
    "NEG_WHEN": (["那{date}{time}可以吗？", "最快{date}。"], ["Would {date} at {time} do?", "Earliest is {date}."],
                 ["{date} {time} OK 吗？", "Earliest {date}。"]),
    "WRAP_REF": (["您的单号是{wref}，有问题随时打过来。", "这次的记录编号{wref}。"],
                 ["Your reference is {wref} if you need to chase it.", "I've logged it under {wref}."],
                 ["Reference 是 {wref}，有问题再打来。", "记录编号 {wref}，thanks。"]),
    "WRAP_PC": (["发票寄到邮编{pc}那个地址，对吧？", "东西寄到{pc}这个邮编的地址。"],
                ["The paperwork goes to {pc}, yes?", "We'll post it to the {pc} address."],
                ["Invoice 寄到邮编 {pc}，right？", "We'll post 到 {pc} 那个地址。"]),
    "LONGREF_ASK": (["先报下{ref}吧。", "您手上有{ref}吗？"], ["First, do you have the {ref} handy?", "Can you give me the {ref} first?"],
                    ["先报下 {ref}？", "Do you have 那个{ref}？"]),
}

KW = {
    "phone": (["手机号", "电话", "联系电话"], ["number", "mobile", "contact number"], ["phone number", "手机号", "mobile"]),
    "id_number": (["身份证号", "身份证号码"], ["ID number", "resident ID"], ["ID number", "身份证号"]),
    "bank_card": (["卡号", "银行卡号"], ["card number", "card"], ["card number", "卡号"]),
}
NAMES = (["王女士", "陈先生", "林女士", "赵先生", "何女士", "周先生"],
         ["Ms Okafor", "Mr Lindqvist", "Mrs Hale", "Mr Dubois", "Ms Reyes", "Mr Brennan"],
         ["Ms Lin", "陈先生", "Mr Zhao", "何女士"])
FILLERS = {"zh": ["呃", "嗯", "那个", "额", "就是"], "en": ["um", "uh", "er", "erm", "hmm"]}
LONG_HESIT = {"zh": ["……我瞅瞅……", "嗯……等下……", "……那个……"], "en": ["… hmm, where was I …", "… um, bear with me …", "… uh …"]}
COUNTRY_ZH = {"UK": "英国", "US": "美国", "Canada": "加拿大", "Australia": "澳洲", "Singapore": "新加坡", "Hong Kong": "香港",
              "Japan": "日本", "Germany": "德国", "France": "法国", "Korea": "韩国", "India": "印度", "Ireland": "爱尔兰",
              "New Zealand": "新西兰", "Italy": "意大利", "Spain": "西班牙", "Netherlands": "荷兰", "Brazil": "巴西",
              "South Africa": "南非", "UAE": "迪拜", "Philippines": "菲律宾", "Malaysia": "马来西亚", "Sweden": "瑞典",
              "China": "国内"}


def D(key, co_zh, co_en, lab_zh, lab_en, code, refs, reasons, answers, why, out, wrap):
    return dict(key=key, co_zh=co_zh, co_en=co_en, lab_zh=lab_zh, lab_en=lab_en, code=code, refs=refs,
                reasons=reasons, answers=answers, why=why, out=out, wrap=wrap)


DOMAINS = [
    D("calligraphy", ["墨缘书画院", "砚池书法工作室"], ["Willow Ink Atelier", "Brushwork Hall"], ("书画院前台", "书友"),
      ("Studio office", "Pupil"), ["CL", "BH"], [("教材订单号", "materials order number"), ("证书编号", "certificate reference")],
      [("想给孩子报周末的软笔班，{time}那节还有位置吗？", "I'd like to book my daughter into the weekend brush class — is the {time} session still open?", "想报周末的 brush class，{time}那节还有 spot 吗？"),
       ("上次订的宣纸只到了{qty}刀，订单是{code}。", "The rice paper from order {code} came short — only {qty} packs turned up.", "我订的 rice paper 少发了，order {code}，只收到{qty}刀。"),
       ("成人楷书班是{date}开课吗？", "Is the adult regular-script course still starting on {date}?", "成人楷书那个 course，是 {date} start 吗？")],
      [("还有位置，学费{amt}每期，我先帮您占上。", "There is, it's {amt} for the term — I'll hold a place.", "有的，学费 {amt} 每个 term，我先帮您 hold 住。"),
       ("抱歉，缺的今天补发，快递走。", "Sorry about that — the rest goes out by courier today.", "Sorry，缺的今天就 resend。"),
       ("对，{date}开课，每周六上午。", "Yes, {date}, and Saturday mornings after that.", "对，{date} 开课，every Saturday morning。")],
      {"phone": ("老师调课会打电话通知", "so the tutor can ring if a class moves"),
       "id_number": ("学员意外险需要实名", "the student accident cover is registered by ID"),
       "bank_card": ("学费按期自动扣款", "the term fee comes off a card")},
      ("您报的暑期班名额确认下来了，想跟您核对下信息。", "I'm calling to confirm your place on the summer course and check a couple of details.", "您的 summer course 名额 confirm 了，想核对下信息。"),
      ("那就{date}见，记得带毛毡垫。", "See you on {date} — bring a felt pad if you have spare.", "OK，{date} 见，记得带毛毡。")),
    D("mushroom", ["菇乐菌种站", "森屿菌菇"], ["Spore & Log", "Hollow Oak Mushrooms"], ("菌种客服", "种植户"), ("Spawn desk", "Cultivator"),
      ["SP", "OL"], [("菌包批次号", "spawn batch number"), ("冷链运单号", "chilled consignment number")],
      [("上周收的菌包有{qty}袋发黑了，批次{code}。", "Out of the last delivery, {qty} grow bags went dark — batch {code}.", "上周的 grow bags 有{qty}袋发黑，batch {code}。"),
       ("菇房温度总在{temp}，正常吗？", "My fruiting room keeps sitting at {temp} — is that alright?", "菇房 temperature 总是 {temp}，OK 吗？"),
       ("想加订香菇段木，{date}前能到吗？", "Can I add shiitake logs and still get them before {date}?", "想 add 些香菇段木，{date} 之前能到吗？")],
      [("发黑的拍照给我们，按{amt}每袋补偿。", "Send us photos and we'll credit {amt} per bag.", "拍个照片 send 给我们，每袋补 {amt}。"),
       ("偏高了，最好控制在{temp}以下。", "A bit warm — try to keep it under {temp}.", "有点高，最好 keep 在 {temp} 以下。"),
       ("来得及，{date}前冷链送到。", "Yes, they'd arrive chilled before {date}.", "来得及，{date} 前 deliver 到。")],
      {"phone": ("冷链司机到了会打电话", "the chilled van driver rings on arrival"),
       "id_number": ("菌种购买要实名登记", "spawn purchases are registered against an ID"),
       "bank_card": ("订阅按月从卡上扣", "the monthly kit subscription is charged to a card")},
      ("您订的平菇菌包明天发货，跟您确认下收货信息。", "Your oyster-mushroom kits ship tomorrow; I just want to confirm delivery details.", "您的 oyster mushroom 菌包明天 ship，确认下收货信息。"),
      ("菌包到了先放阴凉处，别晒太阳。", "Keep the bags somewhere cool and out of the sun when they land.", "到了先放阴凉处，no direct sun。")),
    D("tiles", ["瑞石瓷砖展厅", "青岩石材"], ["Ridgestone Tiles", "Flagstone & Slate Co"], ("展厅顾问", "装修户"), ("Showroom", "Renovator"),
      ["RT", "FS"], [("色号批次", "shade batch"), ("送货单号", "delivery docket number")],
      [("我订的{dim}地砖色差很明显，单号{code}。", "The {dim} floor tiles on order {code} have a visible shade difference.", "我订的 {dim} 地砖有 colour difference，order {code}。"),
       ("卫生间大概{area}，要订多少箱？", "The bathroom's about {area} — how many boxes do I need?", "卫生间大概 {area}，需要几箱 tiles？"),
       ("想改到{date}送货，可以吗？", "Could the delivery move to {date}?", "可以把 delivery 改到 {date} 吗？")],
      [("我们派人上门看看，不同批次确实会差些。", "We'll send someone out; different batches can vary a little.", "我们派人上门 check，different batch 确实会有点差。"),
       ("建议多备损耗，按{amt}每箱算。", "Allow extra for cuts — it works out at {amt} a box.", "建议多备些 for cutting，{amt} 每箱。"),
       ("可以，{date}上午送。", "Yes, {date}, morning slot.", "可以，{date} morning 送过去。")],
      {"phone": ("送货师傅到楼下会联系", "the driver rings from the kerb"),
       "id_number": ("定制石材合同要登记身份证", "the bespoke stone contract is registered to your ID"),
       "bank_card": ("尾款从卡上扣", "the balance is taken from a card")},
      ("您的瓷砖到仓了，约个送货时间。", "Your tiles have landed at the depot, so I'm booking in delivery.", "您的 tiles 到仓了，约个 delivery 时间。"),
      ("送货当天记得清出通道。", "Clear a path on the day, the pallets are heavy.", "送货那天记得 clear 下通道。")),
    D("models", ["轨迹模型社", "小站模型"], ["Branch Line Models", "Gauge & Girder Hobbies"], ("模型店客服", "模友"), ("Hobby desk", "Modeller"),
      ["BL", "GG"], [("预售编号", "pre-order reference"), ("物流单号", "tracking reference")],
      [("我预订的{scale}蒸汽机车到了吗？编号{code}。", "Has my {scale} steam loco pre-order come in? Reference {code}.", "我 pre-order 的 {scale} 机车到了吗？ref {code}。"),
       ("收到的车厢掉了{qty}个轮子。", "The coaches arrived with {qty} wheels knocked off.", "收到的 coaches 掉了 {qty} 个 wheels。"),
       ("{date}的模型展还有摊位吗？", "Are there still tables left at the swap meet on {date}?", "{date} 那个 model show 还有摊位吗？")],
      [("到了，补款{amt}就能发。", "It's in — {amt} left to pay and it ships.", "到了，补 {amt} 就可以 ship。"),
       ("拍照发来，我们寄配件。", "Send a photo and we'll post spares.", "拍照 send 过来，我们寄 spare parts。"),
       ("还有，摊位费{amt}。", "A few, tables are {amt} each.", "还有，table fee {amt}。")],
      {"phone": ("到货了店员打电话通知", "so we can ring when it arrives"),
       "id_number": ("预售满额需要实名", "big pre-orders are registered against an ID"),
       "bank_card": ("定金从卡里扣", "the deposit goes on a card")},
      ("您预订的机车到货了，跟您确认下发货。", "Your locomotive pre-order has arrived; I'm ringing to arrange shipping.", "您的 loco 到货了，confirm 下 shipping。"),
      ("收到后先试跑再拆封条。", "Give it a test run before you peel the seals.", "收到先 test run 再拆封条。")),
    D("rainwater", ["润泽雨水收集", "青禾水循环"], ["Cloudcatch Tanks", "Greyleaf Water Systems"], ("安装调度", "户主"),
      ("Install desk", "Householder"), ["CC", "GW"], [("水箱序列号", "tank serial"), ("安装工单号", "install job reference")],
      [("想装个{vol}的雨水箱，院子够不够？", "I'm thinking of a {vol} rain tank — will it fit the yard?", "想装个 {vol} 的 rain tank，院子够吗？"),
       ("过滤器堵了，工单{code}还没人来。", "The filter's blocked and nobody's come about job {code}.", "过滤器堵了，job {code} 还没人来。"),
       ("{date}能上门装吗？", "Could you install on {date}?", "{date} 可以上门 install 吗？")],
      [("要{area}左右的平地，我们先派人量。", "It usually needs about {area} of level ground; we'll send someone to measure.", "要 {area} 的平地，先派人 measure。"),
       ("抱歉，今天给您排上，师傅下午到。", "Sorry — I've slotted you in today, the fitter comes this afternoon.", "Sorry，今天给您排上，afternoon 师傅到。"),
       ("{date}可以，安装费{amt}。", "{date} works; fitting is {amt}.", "{date} OK，installation {amt}。")],
      {"phone": ("师傅出发前会打电话", "the fitter rings before setting off"),
       "id_number": ("申请节水补贴要身份证号", "the water-saving rebate is claimed against your ID"),
       "bank_card": ("押金从卡上预授权", "the deposit is held on a card")},
      ("您申请的雨水箱补贴通过了，核对下资料。", "Your rain-tank rebate was approved; I need to check a few details.", "您的 rebate approve 了，核对下资料。"),
      ("装好后下头场雨记得看下溢流口。", "After the first proper rain, have a look at the overflow.", "装好后下雨记得 check 溢流口。")),
    D("alpaca", ["云坡羊驼牧场", "白桦羊驼庄园"], ["Fellside Alpacas", "Briar Hill Alpaca Treks"], ("牧场前台", "徒步客"),
      ("Farm office", "Trekker"), ["FA", "BR"], [("预约编号", "booking reference"), ("礼品券序号", "gift voucher serial")],
      [("想约{date}的羊驼徒步，{qty}个人。", "I'd like an alpaca walk on {date} for {qty} of us.", "想 book {date} 的 alpaca walk，{qty} 个人。"),
       ("礼品券{code}过期了还能用吗？", "Gift voucher {code} has lapsed — can I still use it?", "gift voucher {code} expired 了还能用吗？"),
       ("孩子多大可以牵羊驼？", "How old do children need to be to lead an alpaca?", "小朋友多大可以 lead alpaca？")],
      [("{date}{time}那场还有位，每人{amt}。", "There's room at {time} on {date}, {amt} a head.", "{date} {time} 那场还有位，{amt} per person。"),
       ("可以延期使用，我帮您改下。", "We can extend it — I'll update it now.", "可以 extend，我帮您改。"),
       ("满{age}岁就行，要大人陪同。", "From age {age}, with an adult alongside.", "{age} 岁以上就行，需要大人陪。")],
      {"phone": ("天气不好会电话通知改期", "so we can ring if the weather cancels it"),
       "id_number": ("户外活动保险要实名", "the outdoor activity cover needs each ID"),
       "bank_card": ("预约要刷卡押金", "bookings are secured on a card")},
      ("您约的羊驼徒步因为天气要调下时间。", "I'm calling because the weather means we need to move your alpaca walk.", "您的 alpaca walk 因为天气要改时间。"),
      ("记得穿防滑鞋。", "Wear boots with a decent grip.", "记得穿防滑的 boots。")),
    D("homebrew", ["麦芽坊自酿", "酒花巷精酿"], ["Mash Tun Supplies", "Hopyard Taproom"], ("自酿客服", "酿友"), ("Brew shop", "Brewer"),
      ["MT", "HY"], [("麦芽批号", "malt lot number"), ("桶装订单号", "keg order reference")],
      [("发酵到第{n2}天比重还是{sg}，正常吗？", "Day {n2} of fermentation and the gravity is still {sg} — normal?", "发酵 day {n2} 了，gravity 还是 {sg}，normal 吗？"),
       ("订的{vol}桶装，订单{code}能提前吗？", "Can my {vol} keg order {code} come earlier?", "我订的 {vol} keg，order {code} 能提前吗？"),
       ("酒馆{date}晚上还能包场吗？", "Is the taproom free for a private booking on {date}?", "taproom {date} 晚上能包场吗？")],
      [("温度{temp}左右的话再等等。", "If it's sitting around {temp}, give it a few more days.", "如果 {temp} 左右，再等几天。"),
       ("可以，加急费{amt}。", "We can, with a {amt} rush charge.", "可以，rush fee {amt}。"),
       ("可以，最低消费{amt}。", "Yes, there's a minimum spend of {amt}.", "可以，minimum spend {amt}。")],
      {"phone": ("取货时间会短信通知", "we'll text when it's ready to collect"),
       "id_number": ("买酒类要核实年龄", "alcohol orders need an age check against your ID"),
       "bank_card": ("桶押金刷卡", "the keg deposit goes on a card")},
      ("您订的桶装啤酒到了，确认下取货。", "Your keg order's in; I'm ringing to sort collection.", "您的 keg 到了，confirm 下 pickup。"),
      ("桶要冷藏，别放太阳底下。", "Keep the keg chilled, not in the sun.", "keg 要冷藏，别晒。")),
    D("yarn", ["绒线铺", "暖棉手作"], ["Purl & Skein", "Woolgather Yarns"], ("毛线铺客服", "织友"), ("Yarn desk", "Knitter"),
      ["PS", "WG"], [("染缸批号", "dye lot number"), ("包裹单号", "parcel reference")],
      [("上次买的{ply}股线，同色号还有吗？", "Do you still have the {ply}-ply in the same shade I bought last time?", "上次那个 {ply}-ply，same colour 还有吗？"),
       ("收到的毛线少了{qty}团，单号{code}。", "My parcel {code} was {qty} balls short.", "包裹 {code} 少了 {qty} 团 yarn。"),
       ("{date}的钩针课还能报吗？", "Is there space on the crochet class on {date}?", "{date} 的 crochet class 还能报吗？")],
      [("同色号还有，每团{wt}，{amt}。", "Yes, same shade, {wt} balls at {amt} each.", "还有，每团 {wt}，{amt}。"),
       ("抱歉，马上补寄。", "Apologies — I'll post the missing ones today.", "Sorry，今天补寄。"),
       ("还有位置，{time}开始。", "Yes, it starts at {time}.", "还有位，{time} start。")],
      {"phone": ("到货了短信通知", "we'll text when it's dispatched"),
       "id_number": ("会员积分要实名", "the loyalty scheme is registered by ID"),
       "bank_card": ("包月毛线盒从卡上扣", "the monthly yarn box is charged to a card")},
      ("您订的手染线到了，确认下寄送地址。", "Your hand-dyed order's ready; I'm checking where to send it.", "您的 hand-dyed yarn 到了，确认下 address。"),
      ("织之前先把线绕成团。", "Wind it into a cake before you start.", "织之前先 wind 成线团。")),
    D("feedmill", ["丰牧饲料厂", "禾源饲料"], ["Northfield Feeds", "Millbrook Livestock Feed"], ("饲料调度", "养殖场"),
      ("Feed desk", "Herd manager"), ["NF", "MB"], [("饲料批次号", "feed batch number"), ("过磅单号", "weighbridge ticket")],
      [("下周要{qty}吨育肥料，{date}能送吗？", "I'll need {qty} tonnes of finisher next week — can it come on {date}?", "下周要 {qty} 吨 finisher，{date} 能送吗？"),
       ("上批料的蛋白含量好像只有{pct}。", "The last load tested at only {pct} protein.", "上批 feed 的 protein 好像只有 {pct}。"),
       ("过磅单{code}跟实际重量对不上。", "Weighbridge ticket {code} doesn't match what we got.", "过磅单 {code} 和实际 weight 对不上。")],
      [("可以，每吨{amt}，{date}上午到。", "Yes, {amt} a tonne, arriving the morning of {date}.", "可以，{amt} 每吨，{date} morning 到。"),
       ("我们取样复检，有问题给您补。", "We'll re-test a sample and make it good if it's off.", "我们 re-test 下 sample，有问题补给您。"),
       ("我查下，差的吨数给您补上。", "I'll check and credit the difference.", "我 check 下，差的给您补。")],
      {"phone": ("司机进场前会打电话", "the driver rings before the gate"),
       "id_number": ("赊账合同要身份证", "a credit account is registered to your ID"),
       "bank_card": ("货款刷卡结算", "the load is paid by card")},
      ("您订的饲料明天装车，确认下卸货点。", "Your feed loads tomorrow; I'm checking the drop point.", "您的 feed 明天装车，confirm 卸货点。"),
      ("卸货时注意防潮。", "Keep it off damp concrete when it comes off.", "卸货时注意 keep dry。")),
    D("transfer", ["康途转运服务", "安行医疗转运"], ["CareLift Transfers", "Steadyway Patient Transport"], ("转运调度", "陪护人"),
      ("Transport desk", "Relative"), ["CT", "SW"], [("转运单号", "transfer job number"), ("病案号", "case reference")],
      [("我父亲{date}出院，要轮椅车接回家。", "My father's discharged on {date} and needs a wheelchair vehicle home.", "我爸 {date} 出院，需要 wheelchair 车接回家。"),
       ("{time}的透析接送能提前吗？", "Can the {time} dialysis pickup come earlier?", "{time} 的 dialysis pickup 能早点吗？"),
       ("上次转运收费{amt}，怎么算的？", "Last trip was {amt} — how was that worked out?", "上次 transfer 收了 {amt}，怎么算的？")],
      [("可以，{date}{time}到病房楼下。", "Yes, we'll be at the ward entrance at {time} on {date}.", "可以，{date} {time} 到病房楼下。"),
       ("我跟司机协调，尽量提前。", "I'll ask the crew to come earlier if they can.", "我跟 driver 协调，尽量 earlier。"),
       ("按{km}公里加担架费算的。", "It's {km} kilometres plus the stretcher fee.", "按 {km} 公里 plus 担架费。")],
      {"phone": ("车到了司机打电话", "the crew ring when they pull up"),
       "id_number": ("转运登记需要患者身份证号", "we register the patient's ID for the transfer"),
       "bank_card": ("费用刷卡预付", "the fare is prepaid on a card")},
      ("明天的转运车已经排好了，核对下信息。", "Tomorrow's transfer is booked and I'm checking the details.", "明天的 transfer 排好了，核对下信息。"),
      ("出院手续办完提前告诉我们。", "Let us know once the discharge papers are done.", "discharge 手续办完跟我们说。")),
    D("facade", ["高洁外墙清洗", "攀净绳索作业"], ["Skyline Rope Access", "Clearview Facades"], ("项目调度", "物业"),
      ("Ops desk", "Site contact"), ["SR", "CF"], [("工单号", "work order"), ("保险单号", "liability policy reference")],
      [("写字楼{floors}层的玻璃幕墙要洗，{date}能排吗？", "Our office block is {floors} storeys of glass — can you fit us in on {date}?", "我们楼 {floors} 层的 glass facade，{date} 能排吗？"),
       ("上次清洗后{floor}楼有水渍，工单{code}。", "There are streaks on floor {floor} since the clean — work order {code}.", "上次洗完 {floor} 楼有 streaks，work order {code}。"),
       ("风大的话还施工吗？", "Do your crews still go up when it's windy?", "风大还 go up 吗？")],
      [("可以，报价{amt}，{date}早上进场。", "We can — {amt} quoted, crew on site early {date}.", "可以，quote {amt}，{date} 早上进场。"),
       ("抱歉，我们安排返工。", "Sorry — we'll send a crew back.", "Sorry，安排 redo。"),
       ("风力超过{wind}级就停工。", "We stand down above force {wind}.", "风力超过 {wind} 级就停。")],
      {"phone": ("进场前会打电话确认", "the supervisor rings before the crew arrive"),
       "id_number": ("高空作业登记需要对接人身份证", "the permit lists the site contact by ID"),
       "bank_card": ("定金刷卡", "the deposit is taken by card")},
      ("下周的外墙清洗要跟您确认进场时间。", "I'm ringing to confirm access times for next week's facade clean.", "下周的 facade cleaning 确认下进场时间。"),
      ("施工当天楼下要拉警戒线。", "We cordon off the pavement on the day.", "施工那天楼下会拉警戒线。")),
    D("candles", ["烛光手作材料", "皂语工坊"], ["Wick & Wax Supply", "Lathercraft Studio"], ("材料客服", "手作人"),
      ("Supplies desk", "Maker"), ["WW", "LC"], [("香精批号", "fragrance lot number"), ("快递单号", "courier reference")],
      [("大豆蜡{wt}装的还有货吗？", "Is the soy wax in the {wt} bags back in stock?", "soy wax {wt} 装的有货吗？"),
       ("香精加到{pct}会不会出油？", "Will the fragrance sweat if I load it at {pct}?", "fragrance 加到 {pct} 会出油吗？"),
       ("{date}的冷制皂课还有名额吗？", "Any spaces on the cold-process soap class on {date}?", "{date} 的 cold process soap class 还有名额吗？")],
      [("有货，{amt}每袋。", "Yes, {amt} a bag.", "有货，{amt} 每袋。"),
       ("建议别超过{pct}。", "I'd keep it under {pct}.", "建议别超过 {pct}。"),
       ("还有，{time}开课。", "There are, it starts at {time}.", "还有，{time} 开始。")],
      {"phone": ("发货后短信通知", "we'll text the courier slot"),
       "id_number": ("批发账户要实名", "trade accounts are registered by ID"),
       "bank_card": ("材料费刷卡", "supplies are paid by card")},
      ("您订的香精里有款缺货了，跟您商量下。", "I'm calling because a fragrance on your order is out of stock.", "您订的 fragrance 有款缺货，跟您商量下。"),
      ("蜡收到后避光保存。", "Keep the wax out of direct light once it lands.", "收到后 wax 避光保存。")),
]


def _prose_strings():
    for name, trip in B.items():
        for lst in trip:
            for s in lst:
                if isinstance(s, tuple):
                    yield from s
                else:
                    yield s
    for trip in KW.values():
        for lst in trip:
            yield from lst
    for lst in NAMES:
        yield from lst
    for d in DOMAINS:
        yield from d["co_zh"] + d["co_en"]
        yield from d["lab_zh"] + d["lab_en"]
        for r in d["refs"]:
            yield from r
        for tri in d["reasons"] + d["answers"] + [d["out"], d["wrap"]]:
            yield from tri
        for pair in d["why"].values():
            yield from pair
    for lst in FILLERS.values():
        yield from lst
    for lst in LONG_HESIT.values():
        yield from lst
    yield from COUNTRY_ZH.values()
    yield from COUNTRY_ZH.keys()
    for lst in GENERIC_LABELS.values():
        for a, b in lst:
            yield a
            yield b
    for lst in list(AGENT_NAMES.values()) + list(THIRD.values()) + list(IVR.values()):
        yield from lst


# Chinese prose that says a numeral and is kept on purpose (the brief's own restart phrase, a weekday):
# never beside a number (the look-alike check sees to that).
NUMERAL_PROSE = {"重新说一下，", "对，{date}开课，每周六上午。"}


def check_banks():
    """No phrase of the banks may read as a digit (placeholders and NUMERAL_PROSE aside), hold a `*`,
    or a line break."""
    for s in _prose_strings():
        bare = PLACE.sub(" ", s)
        if (ev.readable_count(bare) and s not in NUMERAL_PROSE) or "*" in bare or "\n" in bare:
            raise Bug(f"phrase bank string reads digits: {s!r}")


# ============================================================================================
# Saying numbers in a call
# ============================================================================================

def P(c, bank, **kw):
    return fill(c, c.t(*B[bank]), kw)


def kwd(c, kind):
    return c.t(*KW[kind])


def sub_groups(groups, a, b):
    out = []
    s = 0
    for gl in groups:
        e = s + gl
        lo, hi = max(s, a), min(e, b)
        if hi > lo:
            out.append(hi - lo)
        s = e
    return out


def mix_styles(rng, n, base):
    pool = ["zh", "ar"] if base == "mixzh" else ["zh", "en", "ar"]
    s = [rng.choice(pool) for _ in range(n)]
    for _ in range(30):
        if n < 2 or len(set(s)) >= 2:
            break
        s = [rng.choice(pool) for _ in range(n)]
    return s


def get_voice(c, who, num, style=None):
    key = (who, id(num), style)
    if key in c.voices:
        return c.voices[key]
    rng = c.rng
    base = style
    if base is None:
        if c.lang == "zh":
            base = rng.choices(["ar", "zh", "mixzh", "fw"], [0.52, 0.28, 0.14, 0.06])[0]
        elif c.lang == "en":
            base = rng.choices(["en", "ar"], [0.62, 0.38])[0]
        else:
            base = rng.choices(["mix", "en", "ar", "zh", "mixzh", "fw"], [0.43, 0.2, 0.14, 0.1, 0.1, 0.03])[0]
    if base in ("mix", "mixzh"):
        sep = None
    elif base in ("itn", "digit"):
        sep = " "
    else:
        sep = rng.choice(seps_for(base, c.lang))
    v = Voice(lang=c.lang, style=base, zero=rng.choice(["oh", "oh", "zero"]),
              one="幺" if (num.kind == "phone" or rng.random() < 0.35) else "一", sep=sep,
              dbl=((0.55 if num.kind == "phone" else 0.3) if c.lang != "zh" else 0.15),
              xform=rng.choice(["X", "X", "x", "Ｘ", "叉"] if c.lang != "en" else ["X", "X", "x"]),
              two="两" if (num.kind == "phone" and rng.random() < 0.2) else "二",
              zero_zh="〇" if rng.random() < 0.06 else "零")
    c.voices[key] = v
    return v


def say(c, who, num, a=0, b=None, role="said", ver=None, last4=None, fillers=(), inside=False, style=None,
        groups=None, subsplit=0.0, gstyles=None, frag=None, voice=None):
    n = len(num.digits)
    b = n if b is None else b
    ver = ver or num.digits
    ds = ver[a:b]
    if groups is None:
        groups = sub_groups(num.groups, a, b)
    if frag is None:
        if last4 is None:
            last4 = num.kind == "phone" and b == n and ver[a:] == num.digits[a:] and \
                role not in ("abandoned", "wrong", "misheard", "echo")
        frag = Frag(num, role, ds, last4)
        c.frags.append(frag)
    else:
        frag.digits += ds
    v = voice or get_voice(c, who, num, style)
    if gstyles is None and v.style in ("mix", "mixzh"):
        gstyles = mix_styles(c.rng, len(groups), v.style)
    nanp = num.sub in ("us", "ca") and v.style == "ar" and a == 0 and groups == [3, 3, 4] and not fillers \
        and c.rng.random() < 0.6
    toks = speak(c.rng, frag, ds, groups, v, offset=a, full_len=n, fillers=fillers, filler_inside=inside,
                 subsplit=subsplit, tail_guard=5 if num.kind == "phone" else 0, group_styles=gstyles,
                 fixed_seps=[") ", "-"] if nanp else None)
    if nanp:
        toks = [Tok("(")] + toks
    c.last_frag = frag
    return toks


def cc_toks(c, num):
    if not num.cc:
        return []
    rng = c.rng
    cc = num.cc
    forms = [f"+{cc}", f"+{cc}", f"00{cc}", f"(+{cc})"]
    if c.lang != "zh":
        forms += ["plus " + " ".join(EN_NUM[d] for d in cc), "country code " + cc]
        if len(cc) == 2 and cc[0] == cc[1]:
            forms.append("plus double " + EN_NUM[cc[0]])
    if c.lang != "en":
        forms += ["加" + cc, "加" + "".join(ZH_NUM[d] for d in cc)]
    return [Tok(rng.choice(forms), cc=True), Tok(rng.choice([" ", ", ", " "]))]


def filler_toks(c, k, long=False):
    rng = c.rng
    out = []
    for _ in range(k):
        zh = c.lang == "zh" or (c.lang == "mixed" and rng.random() < 0.5)
        if long:
            w = rng.choice(LONG_HESIT["zh" if zh else "en"])
            out.append(w if zh else f" {w} ")
            continue
        f = rng.choice(FILLERS["zh" if zh else "en"])
        out.append(rng.choice([f" {f} ", f"，{f}，", f"{f}…"] if zh else [f" {f}, ", f" {f} ", f"… {f} … ", f", {f}, "]))
    return out


def new_num(c, kind, foreign=None, want_x=None, sub=None):
    rng = c.rng
    if kind == "phone":
        if sub is None:
            pf = {"zh": 0.15, "en": 0.55, "mixed": 0.4}[c.lang] if foreign is None else (1.0 if foreign else 0.0)
            if rng.random() < pf:
                sub = rng.choices(FOREIGN_KEYS, FOREIGN_W)[0]
            else:
                sub = rng.choices(["cn_mob", "cn_mob_cc", "cn_land", "cn_land_cc"], [0.62, 0.14, 0.16, 0.08])[0]
        num = gen_phone(rng, sub)
    elif kind == "id_number":
        num = gen_id(rng, want_x)
    else:
        num = gen_card(rng)
    c.nums.append(num)
    return num


def edges_of(num):
    n = len(num.digits)
    ks = [b for a, b in group_bounds(num.groups)[:-1]]
    if num.kind == "phone":
        ks = [k for k in ks if n - k >= 4]
    return ks


def pick_cuts(c, num, m):
    """m cut points, at group edges where the grouping allows, every piece at least 2 digits long and
    a phone's last piece at least 4."""
    n = len(num.digits)
    ks = edges_of(num)
    pool = ks
    if len(ks) < m:
        lo, hi = 3, (n - 4 if num.kind == "phone" else n - 3)
        pool = sorted(set(ks) | set(range(lo, hi + 1)))
    for _ in range(200):
        cut = sorted(c.rng.sample(pool, m))
        if all(b - a >= 2 for a, b in zip([0] + cut, cut + [n])):
            return cut
    raise Redraw("no cut")


def inside_points(num, min_rest):
    """(group start, cut) pairs with the cut strictly inside a group and min_rest digits from the cut on."""
    n = len(num.digits)
    out = []
    for a, b in group_bounds(num.groups):
        for k in range(a + 1, b):
            if n - k >= min_rest and k >= 2:
                out.append((a, k))
    return out


def alt_groups(c, num):
    n = len(num.digits)
    opts = {11: [[3, 4, 4], [4, 4, 3], [3, 3, 5], [3, 8]], 18: [[6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1]],
            16: [[4, 4, 4, 4], [6, 6, 4], [8, 8]], 19: [[4, 4, 4, 4, 3], [6, 6, 4, 3], [6, 13]], 15: [[4, 6, 5], [5, 5, 5]],
            10: [[3, 3, 4], [4, 3, 3], [5, 5]], 12: [[4, 4, 4], [3, 3, 3, 3]], 9: [[3, 3, 3]], 8: [[4, 4], [2, 2, 2, 2]]}
    cands = [g for g in opts.get(n, [num.groups]) if g != num.groups]
    return c.rng.choice(cands) if cands else num.groups


def ask(c, kind):
    why = c.dom["why"][kind]
    w = why[0] if c.lang == "zh" else why[1] if c.lang == "en" else c.rng.choice(why)
    c.add("A", *P(c, "ASK_" + kind, why=w))


def give(c, who, num, role="said", lead=True, **kw):
    c.add(who, *(P(c, "LEAD_" + num.kind) if lead else []), cc_toks(c, num), say(c, who, num, role=role, **kw),
          *P(c, "END"))


def ack(c):
    c.add("A", *P(c, "ACK"))


def wrong_prefix_ver(c, num, k):
    i = c.rng.randrange(1, k)
    d = num.digits
    return d[:i] + c.rng.choice([x for x in DIG if x != d[i]]) + d[i + 1:]


# ============================================================================================
# Phenomena
# ============================================================================================

def pick_variant(c, vs):
    """The plan walks each phenomenon through its variants (slot = the case's place in its phenomenon)."""
    return vs[c.slot % len(vs)]


def ph_plain(c, kind):
    rng = c.rng
    vs = ["answered", "answered", "volunteered", "on_file", "same_breath", "ref_then"] + \
        (["abroad", "abroad"] if kind == "phone" else [])
    v = c.variant = pick_variant(c, vs)
    num = new_num(c, kind, foreign=True if v == "abroad" else None)
    if v in ("answered", "ref_then"):
        if v == "ref_then":
            long_ref_exchange(c, ask_bank="LONGREF_ASK")
        ask(c, kind)
        give(c, "C", num)
        ack(c)
    elif v == "volunteered":
        c.add("C", *P(c, "VOLUNTEER", kw=kwd(c, kind)), cc_toks(c, num), say(c, "C", num), *P(c, "END"))
        ack(c)
    elif v == "on_file":
        c.add("A", *P(c, "ONFILE", kw=kwd(c, kind), n=cc_toks(c, num) + say(c, "A", num, role="onfile")))
        c.add("C", *P(c, "ONFILE_YES"))
    elif v == "same_breath":
        ask(c, kind)
        c.add("C", *P(c, "SAME_BREATH", kw=kwd(c, kind), n=cc_toks(c, num) + say(c, "C", num)), *P(c, "END"))
        ack(c)
    else:
        ask(c, kind)
        ctry = num.country
        if c.lang == "zh" or (c.lang == "mixed" and rng.random() < 0.5):
            ctry = COUNTRY_ZH[ctry]
        c.add("C", *P(c, "ABROAD", country=ctry, n=cc_toks(c, num) + say(c, "C", num)), *P(c, "END"))
        ack(c)
    return num


def ph_interruption(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["bc1", "bc1", "bc2", "question", "echo", "rb_cut", "midgroup"])
    num = new_num(c, kind)
    n = len(num.digits)
    ask(c, kind)
    trail = lambda: rng.choice(["……", "…", "，", ",", ""])
    if v == "bc1":
        (k,) = pick_cuts(c, num, 1)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"), trail())
        c.add("A", *P(c, "BACKCH"))
        c.add("C", say(c, "C", num, k, n, "piece"), *P(c, "END"))
    elif v == "bc2":
        k1, k2 = pick_cuts(c, num, 2)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k1, "piece"), trail())
        c.add("A", *P(c, "BACKCH"))
        c.add("C", say(c, "C", num, k1, k2, "piece"), trail())
        c.add("A", *P(c, "BACKCH"))
        c.add("C", say(c, "C", num, k2, n, "piece"), *P(c, "END"))
    elif v == "question":
        (k,) = pick_cuts(c, num, 1)
        q, a = c.t(*B["MIDQ_" + kind])
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"), trail())
        c.add("A", q)
        c.add("C", a, " ", say(c, "C", num, k, n, "piece"), *P(c, "END"))
    elif v == "echo":
        (k,) = pick_cuts(c, num, 1)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"), trail())
        c.add("A", *P(c, "ECHO", n=say(c, "A", num, 0, k, "echo")))
        c.add("C", *P(c, "ECHO_YES"), say(c, "C", num, k, n, "piece"), *P(c, "END"))
    elif v == "rb_cut":
        give(c, "C", num)
        (k,) = pick_cuts(c, num, 1)
        c.add("A", *P(c, "RB_PART", n=say(c, "A", num, 0, k, "readback")))
        c.add("C", *P(c, "RB_CUT_YES"))
        c.add("A", *P(c, "RB_CONT", n=say(c, "A", num, k, n, "readback")))
        c.add("C", *P(c, "RB_YES"))
    else:
        pts = [(a, k) for a, k in inside_points(num, 1) if k - a >= 2 and n - a >= (5 if kind == "phone" else 3)]
        if not pts:
            raise Redraw("no mid-group cut")
        gs, k = rng.choice(pts)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"), trail())
        c.add("A", *P(c, "LOST", n=say(c, "A", num, gs, k, "echo")))
        c.add("C", *P(c, "REPEAT"), say(c, "C", num, gs, n, "piece"), *P(c, "END"))
    return num


def ph_continuation(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["two", "two", "three", "announced", "screen", "midgroup"])
    num = new_num(c, kind)
    n = len(num.digits)
    if v != "screen":
        ask(c, kind)
    if v == "two":
        (k,) = pick_cuts(c, num, 1)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"), rng.choice(["", "，", ",", "…"]))
        c.add("C", say(c, "C", num, k, n, "piece"), *P(c, "END"))
    elif v == "three":
        k1, k2 = pick_cuts(c, num, 2)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k1, "piece"), rng.choice(["", "，", ","]))
        c.add("C", say(c, "C", num, k1, k2, "piece"), rng.choice(["", "，", ","]))
        c.add("C", say(c, "C", num, k2, n, "piece"), *P(c, "END"))
    elif v == "announced":
        c.add("C", *P(c, "ANNOUNCE"))
        c.add("C", cc_toks(c, num), say(c, "C", num), *P(c, "END"))
        ack(c)
    elif v == "screen":
        (k,) = pick_cuts(c, num, 1)
        c.add("A", *P(c, "SCREEN"), " ", cc_toks(c, num), say(c, "A", num, 0, k, "onfile"))
        c.add("A", say(c, "A", num, k, n, "onfile"), *P(c, "SCREEN_END"))
        c.add("C", *P(c, "RB_YES"))
    else:
        pts = inside_points(num, 4 if kind == "phone" else 2)
        if not pts:
            raise Redraw("no mid-group cut")
        gs, k = rng.choice(pts)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece"))
        c.add("C", say(c, "C", num, k, n, "piece"), *P(c, "END"))
    return num


def ph_correction(c, kind):
    rng = c.rng
    if kind == "phone":
        vs = ["wrong_prefix", "restart", "two_attempts", "mid_fix", "mid_fix", "old_number", "late_misheard", "late_misheard"]
    else:
        vs = ["wrong_prefix", "restart", "two_attempts", "mid_fix", "late_group", "late_group", "late_last", "invalid"]
    v = c.variant = pick_variant(c, vs)
    num = new_num(c, kind)
    n = len(num.digits)
    bounds = group_bounds(num.groups)
    if v == "mid_fix" and len(bounds) < 3:
        v = c.variant = "wrong_prefix"
    if v in ("late_group",) and len(bounds) < 3:
        v = c.variant = "late_last"
    ask(c, kind)
    two_lines = rng.random() < 0.35
    if v == "wrong_prefix":
        k = rng.randint(3, min(7, n - 4))
        wv = wrong_prefix_ver(c, num, k)
        first = [*P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "abandoned", ver=wv), rng.choice(["，", ", ", "… ", " — "])]
        if two_lines:
            c.add("C", *first)
            c.add("C", *P(c, "CORR"), say(c, "C", num, role="corrected"), *P(c, "END"))
        else:
            c.add("C", *first, *P(c, "CORR"), say(c, "C", num, role="corrected"), *P(c, "END"))
        ack(c)
    elif v == "restart":
        k = rng.randint(2, min(10, n - 5))
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "abandoned"), rng.choice(["… ", " — ", "，"]),
              *P(c, "RESTART"), say(c, "C", num), *P(c, "END"))
        ack(c)
    elif v == "two_attempts":
        k1 = rng.randint(3, min(6, n - 4))
        k2 = rng.randint(2, min(8, n - 4))
        wv = wrong_prefix_ver(c, num, k1)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k1, "abandoned", ver=wv), rng.choice(["… ", " — ", "，"]),
              *P(c, "CORR"), say(c, "C", num, 0, k2, "abandoned"), rng.choice(["… ", " — ", "，"]))
        c.add("C", *P(c, "RESTART"), say(c, "C", num, role="corrected"), *P(c, "END"))
        ack(c)
    elif v == "mid_fix":
        if kind == "phone":
            wv, gi = phone_mid_variant(rng, num)
        else:
            gi = rng.randrange(1, len(bounds) - 1)
            gs_, ge_ = bounds[gi]
            i = rng.randrange(gs_, ge_)
            wv = num.digits[:i] + rng.choice([x for x in DIG if x != num.digits[i]]) + num.digits[i + 1:]
        gs, ge = bounds[gi]
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, ge, "abandoned", ver=wv),
              rng.choice(["… ", " — ", "，", ", "]), *P(c, "CORR"), say(c, "C", num, gs, n, "corrected"), *P(c, "END"))
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="readback")))
        c.add("C", *P(c, "RB_YES"))
    elif v in ("late_group", "late_last", "invalid"):
        if v == "late_group":
            gi = rng.randrange(1, len(bounds) - 1)
        else:
            gi = len(bounds) - 1
        gs, ge = bounds[gi]
        if v == "invalid":
            wv, i, j = variant_fail(rng, num)
        else:
            hi = ge - 1 if (kind == "id_number" and ge == n) else ge
            if hi - gs < 2:
                raise Redraw("short group")
            wv, i, j = variant_fail(rng, num, lo=gs, hi=hi)
        give(c, "C", num, role="wrong", ver=wv)
        if v == "invalid":
            c.add("A", *P(c, "INVALID"))
            c.add("C", *P(c, "REREAD"), say(c, "C", num, role="corrected"), *P(c, "END"))
            ack(c)
        else:
            ack(c)
            q, a = c.t(*B["DISTRACT"])
            c.add("A", q)
            c.add("C", a)
            frame = "LATE_MID" if v == "late_group" else "LATE_LAST"
            c.add("C", *P(c, frame, r=say(c, "C", num, gs, ge, "corrected"), w=say(c, "C", num, gs, ge, "wrong", ver=wv)))
            c.add("A", *P(c, "RB_AGAIN", n=say(c, "A", num, role="readback")))
            c.add("C", *P(c, "RB_YES"))
    elif v == "old_number":
        old = new_num(c, "phone", sub=num.sub if num.sub in ("cn_mob", "cn_land") else "cn_mob")
        k = rng.randint(3, 7)
        c.add("C", *P(c, "LEAD_" + kind), say(c, "C", old, 0, k, "abandoned"), rng.choice(["… ", " — ", "，"]),
              *P(c, "OLD"), cc_toks(c, num), say(c, "C", num), *P(c, "END"))
        ack(c)
    else:  # late_misheard: the agent's read-back of the early groups, late in the call, put right
        give(c, "C", num)
        ack(c)
        q, a = c.t(*B["DISTRACT"])
        c.add("A", q)
        c.add("C", a)
        wv, gi = phone_mid_variant(rng, num)
        gs, ge = bounds[gi]
        c.add("A", *P(c, "RB_PART", n=say(c, "A", num, 0, ge, "misheard", ver=wv)))
        c.add("C", *P(c, "MISHEARD_PHONE_FIX", r=say(c, "C", num, gs, ge, "corrected")))
        c.add("A", *P(c, "RB_AGAIN", n=say(c, "A", num, role="readback")))
        c.add("C", *P(c, "RB_YES"))
    return num


def ph_filler(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["between", "between", "inside", "leadin", "readback", "long"])
    num = new_num(c, kind)
    ask(c, kind)
    if v == "between":
        give(c, "C", num, fillers=filler_toks(c, rng.choice([2, 3])))
    elif v == "inside":
        give(c, "C", num, fillers=filler_toks(c, 2), inside=True)
    elif v == "leadin":
        c.add("C", *P(c, "HESIT"), cc_toks(c, num), say(c, "C", num, fillers=filler_toks(c, rng.choice([1, 2]))), *P(c, "END"))
    elif v == "readback":
        give(c, "C", num, fillers=filler_toks(c, 1))
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="readback", fillers=filler_toks(c, 2))))
        c.add("C", *P(c, "RB_YES"))
        return num
    else:
        give(c, "C", num, fillers=filler_toks(c, 1, long=True) + filler_toks(c, 1))
    ack(c)
    return num


def ph_asr(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["itn", "itn", "digit", "numerals", "cut", "cut", "subword", "punct"])
    num = new_num(c, kind)
    n = len(num.digits)
    ask(c, kind)
    if v == "itn":
        give(c, "C", num, style="itn")
    elif v == "digit":
        give(c, "C", num, style="digit")
    elif v == "numerals":
        groups = num.groups if len(num.groups) >= 2 else alt_groups(c, num)
        pool = {"zh": ["zh", "ar"], "en": ["en", "ar"], "mixed": ["zh", "en", "ar"]}[c.lang]
        start = rng.randrange(len(pool))
        gst = [pool[(start + i) % len(pool)] for i in range(len(groups))]
        give(c, "C", num, groups=groups, gstyles=gst)
    elif v == "cut":
        pts = inside_points(num, 4 if kind == "phone" else 2)
        gs, k = rng.choice(pts)
        t1 = say(c, "C", num, 0, k, "said", last4=False)
        f = c.last_frag
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), t1)
        t2 = say(c, "C", num, k, n, frag=f)
        f.last4 = kind == "phone"
        c.add("C", t2, *P(c, "END"), cut=True)
    elif v == "subword":
        give(c, "C", num, style="itn", subsplit=0.8)
    else:
        vo = Voice(style="ar", sep=rng.choice([". ", ", ", ". "] + (["，"] if c.lang != "en" else [])), lang=c.lang)
        give(c, "C", num, voice=vo, fillers=[rng.choice([". ", ", "])] if rng.random() < 0.5 else (), inside=True)
    ack(c)
    return num


def ph_readback(c, kind):
    rng = c.rng
    vs = ["whole", "whole", "last4", "first", "regroup", "misheard", "misheard", "finish", "by_group"]
    v = c.variant = pick_variant(c, vs)
    if kind == "phone" and v == "misheard":
        v = c.variant = "misheard_phone"
    num = new_num(c, kind)
    n = len(num.digits)
    bounds = group_bounds(num.groups)
    if v == "by_group" and len(bounds) < 2:
        v = c.variant = "whole"
    if v == "misheard_phone" and len([1 for gi, (a, b) in enumerate(bounds) if gi > 0 and b <= n - 4]) == 0:
        v = c.variant = "whole"
    ask(c, kind)
    give(c, "C", num)
    if v == "whole":
        c.add("A", *P(c, "RB_WHOLE", n=cc_toks(c, num) + say(c, "A", num, role="readback")))
        c.add("C", *P(c, "RB_YES"))
    elif v == "last4":
        c.add("A", *P(c, "RB_LAST4", n=say(c, "A", num, n - 4, n, "readback", groups=[4])))
        c.add("C", *P(c, "RB_YES"))
    elif v == "first":
        c.add("A", *P(c, "RB_FIRST", n=say(c, "A", num, 0, bounds[0][1], "readback")))
        c.add("C", *P(c, "RB_YES"))
    elif v == "regroup":
        g = alt_groups(c, num)
        st = rng.choice({"zh": ["ar", "zh"], "en": ["en", "ar"], "mixed": ["en", "zh", "ar"]}[c.lang])
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="readback", groups=g, style=st)))
        c.add("C", *P(c, "RB_YES"))
    elif v == "misheard":
        wv, i, j = variant_fail(rng, num)
        gs = max(a for a, b in bounds if a <= i)
        ge = min(b for a, b in bounds if b > j)
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="misheard", ver=wv)))
        c.add("C", *P(c, "MISHEARD_FIX", r=say(c, "C", num, gs, ge, "corrected"), w=say(c, "C", num, gs, ge, "wrong", ver=wv)))
        c.add("A", *P(c, "RB_AGAIN", n=say(c, "A", num, role="readback")))
        c.add("C", *P(c, "RB_YES"))
    elif v == "misheard_phone":
        wv, gi = phone_mid_variant(rng, num)
        gs, ge = bounds[gi]
        c.add("A", *P(c, "RB_PART", n=say(c, "A", num, 0, ge, "misheard", ver=wv)))
        c.add("C", *P(c, "MISHEARD_PHONE_FIX", r=say(c, "C", num, gs, ge, "corrected")))
        c.add("A", *P(c, "RB_AGAIN", n=say(c, "A", num, role="readback")))
        c.add("C", *P(c, "RB_YES"))
    elif v == "finish":
        c.add("A", *P(c, "RB_PART", n=say(c, "A", num, 0, n - 4, "readback")))
        c.add("C", *P(c, "RB_FINISH", n=say(c, "C", num, n - 4, n, "piece", groups=[4])))
    else:
        bl = list(bounds)
        if kind == "phone" and bl[-1][1] - bl[-1][0] < 4:
            bl[-2:] = [(bl[-2][0], bl[-1][1])]
        for gi, (a, b) in enumerate(bl):
            c.add("A", say(c, "A", num, a, b, "readback", groups=[b - a]), rng.choice(["？", "?", "…?"]))
            c.add("C", *P(c, "RB_YES"))
    return num


def ph_checkchar(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["same", "same", "next", "ask", "ask"])
    num = new_num(c, "id_number", want_x=rng.random() < 0.8)
    ask(c, "id_number")
    g17 = sub_groups(num.groups, 0, 17)
    body = say(c, "C", num, 0, 17, "piece", groups=g17)
    if v == "same":
        c.add("C", *P(c, "LEAD_id_number"), body, *P(c, "CHECK_SAME", x=say(c, "C", num, 17, 18, "check-char")), *P(c, "END"))
        ack(c)
    elif v == "next":
        c.add("C", *P(c, "LEAD_id_number"), body, rng.choice(["，", ",", "…", ""]))
        c.add("C", *P(c, "CHECK_NEXT", x=say(c, "C", num, 17, 18, "check-char")))
        ack(c)
    else:
        c.add("C", *P(c, "LEAD_id_number"), body, rng.choice(["。", ".", "…"]))
        c.add("A", *P(c, "CHECK_ASK"))
        c.add("C", *P(c, "CHECK_ANS", x=say(c, "C", num, 17, 18, "check-char")))
        if rng.random() < 0.4:
            c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="readback")))
            c.add("C", *P(c, "RB_YES"))
        else:
            ack(c)
    return num


def ph_glued(c, kind):
    rng = c.rng
    v = c.variant = pick_variant(c, ["groups", "groups", "alternate", "readback", "pieces"])
    num = new_num(c, kind)
    n = len(num.digits)
    ask(c, kind)
    if v == "groups":
        give(c, "C", num, style="gl")
        ack(c)
    elif v == "alternate":
        groups = num.groups if len(num.groups) >= 2 else alt_groups(c, num)
        s = rng.randrange(2)
        give(c, "C", num, groups=groups, gstyles=[("gl", "en")[(s + i) % 2] for i in range(len(groups))])
        ack(c)
    elif v == "readback":
        give(c, "C", num, style=rng.choice(["en", "ar"]))
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", num, role="readback", style="gl")))
        c.add("C", *P(c, "RB_YES"))
    else:
        (k,) = pick_cuts(c, num, 1)
        c.add("C", *P(c, "LEAD_" + kind), cc_toks(c, num), say(c, "C", num, 0, k, "piece", style="gl"), rng.choice(["…", ",", ""]))
        c.add("A", *P(c, "BACKCH"))
        c.add("C", say(c, "C", num, k, n, "piece", style="gl"), *P(c, "END"))
        ack(c)
    return num


def ph_multi(c, kinds):
    rng = c.rng
    v = c.variant = pick_variant(c, ["turns", "turns", "one_line", "backup", "handover", "near_looks"])
    if v == "backup":
        kinds = ["phone"] + [k for k in kinds if k != "phone"][:1]
    nums = []
    if v == "turns":
        for kd in kinds:
            num = new_num(c, kd)
            ask(c, kd)
            give(c, "C", num)
            ack(c)
            nums.append(num)
    elif v == "one_line":
        k1, k2 = kinds[:2]
        n1, n2 = new_num(c, k1), new_num(c, k2)
        ask(c, k1)
        c.add("C", *P(c, "ONE_LINE", kw1=kwd(c, k1), kw2=kwd(c, k2), n1=cc_toks(c, n1) + say(c, "C", n1),
                       n2=cc_toks(c, n2) + say(c, "C", n2)))
        c.add("A", *P(c, "RB_WHOLE", n=say(c, "A", n2, role="readback")))
        c.add("C", *P(c, "RB_YES"))
        nums = [n1, n2]
        for kd in kinds[2:]:
            n3 = new_num(c, kd)
            ask(c, kd)
            give(c, "C", n3)
            ack(c)
            nums.append(n3)
    elif v == "backup":
        n1 = new_num(c, "phone", sub="cn_mob" if c.lang == "zh" else None)
        ask(c, "phone")
        give(c, "C", n1)
        c.add("A", *P(c, "BACKUP_ASK"))
        sub2 = rng.choice(["cn_land", "cn_land_cc", "cn_mob"] + sorted(FOREIGN)[:0]) if c.lang == "zh" else \
            rng.choice(["cn_land", "cn_mob"] + rng.choices(FOREIGN_KEYS, FOREIGN_W, k=4))
        n2 = new_num(c, "phone", sub=sub2)
        c.add("C", *P(c, "BACKUP_GIVE"), cc_toks(c, n2), say(c, "C", n2), *P(c, "END"))
        ack(c)
        nums = [n1, n2]
        for kd in kinds[1:]:
            n3 = new_num(c, kd)
            ask(c, kd)
            give(c, "C", n3)
            ack(c)
            nums.append(n3)
    elif v == "handover":
        k1 = kinds[0]
        ask(c, k1)
        c.add("C", *P(c, "HANDOVER"))
        c.add("T", *P(c, "HANDOVER_HI"))
        c.third = True
        for i, kd in enumerate(kinds):
            num = new_num(c, kd)
            if i > 0:
                ask(c, kd)
            give(c, "T", num)
            ack(c)
            nums.append(num)
    else:
        k1 = kinds[0]
        n1 = new_num(c, k1)
        if rng.random() < 0.5:
            long_ref_exchange(c, readback=rng.random() < 0.4, ask_bank="LONGREF_ASK")
        ask(c, k1)
        c.add("C", *P(c, "NEAR_LOOKS", kw1=kwd(c, k1), n1=cc_toks(c, n1) + say(c, "C", n1)))
        nums.append(n1)
        for kd in kinds[1:]:
            num = new_num(c, kd)
            ask(c, kd)
            give(c, "C", num)
            ack(c)
            nums.append(num)
    return nums


def long_ref_text(c, ds):
    rng = c.rng
    zh = c.lang == "zh" or (c.lang == "mixed" and rng.random() < 0.5)
    style = rng.choice(["zh", "ar", "zh"] if zh else ["en", "en", "en", "ar"])
    return say_plain_digits(c, ds, style), style


def long_ref_exchange(c, readback=False, ask_bank="NEG_REF_ASK"):
    """The agent asks for a domain reference and the caller says a 15-20 digit one (a look-alike)."""
    rng = c.rng
    ref = rng.choice(c.dom["refs"])
    ref = ref[0] if c.lang == "zh" else ref[1] if c.lang == "en" else rng.choice(ref)
    ds = safe_digits(rng, rng.randint(15, 20), "789")
    txt, st = long_ref_text(c, ds)
    c.add("A", *P(c, ask_bank, ref=ref))
    c.add("C", *P(c, "NEG_REF_GIVE", ref=ref, n=Tok(txt, look="long")))
    c.look_kinds["long_" + st] += 1
    if readback:
        txt2, st2 = long_ref_text(c, ds)
        c.add("A", *P(c, "NEG_REF_RB", n=Tok(txt2, look="long")))
        c.add("C", *P(c, "RB_YES"))
    else:
        ack(c)


def ph_negative(c, kind):
    rng = c.rng
    firsts = ["long_ref", "long_ref", "long_ref_rb", "long_ref_rb", "member", "declined", "codes", "chatter"]
    p1 = rng.choice(firsts)
    rest = [x for x in ["long_ref", "member", "declined", "codes", "chatter"] if not x.startswith(p1[:6])]
    parts = [p1, rng.choice(rest)]
    c.variant = "+".join(parts)
    for p in parts:
        if p in ("long_ref", "long_ref_rb"):
            long_ref_exchange(c, readback=p == "long_ref_rb")
        elif p == "member":
            ds = member_digits(rng)
            txt, st = long_ref_text(c, ds)
            c.add("C", *P(c, "NEG_MEMBER", n=Tok(txt, look="member")))
            c.look_kinds["member"] += 1
            ack(c)
        elif p == "declined":
            c.add("A", *P(c, "NEG_DECLINE_ASK"))
            c.add("C", *P(c, "NEG_DECLINE"))
            c.add("A", *P(c, "NEG_DECLINE_OK"))
        elif p == "codes":
            code = rng.choice("235679") + rdig(rng, 5)
            txt = say_plain_digits(c, code, rng.choice(["ar", "ar", "en" if c.lang != "zh" else "zh"]),
                                   groups=[6] if rng.random() < 0.5 else [3, 3])
            c.add("A", *P(c, "NEG_CODE"))
            c.add("C", *P(c, "NEG_CODE_GIVE", n=Tok(txt, look="code6")))
            c.add("A", *P(c, "ACK"))
            c.add("C", *P(c, "NEG_PC"))
            c.look_kinds["code6"] += 1
        else:
            i = (c.ri + 1 + rng.randrange(2)) % 3
            c.add("C", *fill(c, c.t(*[[x] for x in c.dom["reasons"][i]])))
            c.add("A", *fill(c, c.t(*[[x] for x in c.dom["answers"][i]])))
            c.add("C", *P(c, "NEG_WHEN_C"))
            c.add("A", *P(c, "NEG_WHEN_OK"))
    return []


PHEN = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation,
        "correction": ph_correction, "filler": ph_filler, "asr-chunks": ph_asr, "readback": ph_readback,
        "check-char-apart": ph_checkchar, "glued-words": ph_glued, "negative": ph_negative}


# ============================================================================================
# A whole call
# ============================================================================================

def build_call(rng, plan):
    c = Call(rng, plan["lang"], DOMAINS[plan["domain"]], plan["format"], plan["phenomenon"])
    c.asr_shape = plan.get("shape")
    c.slot = plan["slot"]
    d = c.dom
    c.outbound = rng.random() < 0.2
    if c.lang == "zh":
        co = rng.choice(d["co_zh"])
    elif c.lang == "en":
        co = rng.choice(d["co_en"])
    else:
        co = rng.choice(d["co_zh"] + d["co_en"])
    if not c.outbound and rng.random() < 0.2:
        c.add("S", *P(c, "IVR"))
    ri = c.ri = rng.randrange(3)
    if c.outbound:
        c.add("A", *P(c, "GREET_OUT", co=co, name=c.t(*NAMES)))
        c.add("C", *P(c, "OUT_YES"))
        c.add("A", *fill(c, c.t(*[[x] for x in d["out"]])))
    else:
        c.add("A", *P(c, "GREET_IN", co=co))
        c.add("C", *fill(c, c.t(*[[x] for x in d["reasons"][ri]])))
        c.add("A", *fill(c, c.t(*[[x] for x in d["answers"][ri]])))
    ph = plan["phenomenon"]
    if ph == "multi-number":
        nums = ph_multi(c, plan["kinds"])
    else:
        num = PHEN[ph](c, plan["kinds"][0] if plan["kinds"] else None)
        nums = [num] if num else []
        if ph != "negative" and plan.get("second"):
            kd = plan["second"]
            n2 = new_num(c, kd)
            c.add("A", *P(c, "SECOND", kw=kwd(c, kd)))
            give(c, "C", n2)
            ack(c)
    r = rng.random()
    if r < 0.5:
        c.add("A", *fill(c, c.t(*[[x] for x in d["wrap"]])))
    elif r < 0.82:
        c.add("A", *P(c, "WRAP_REF"))
    else:
        c.add("A", *P(c, "WRAP_PC"))
        c.add("C", *P(c, "RB_YES"))
    c.add("C", *P(c, "THANKS"))
    c.add("A", *P(c, "BYE"))
    return c


# ============================================================================================
# Checks and labels
# ============================================================================================

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def check_numbers(c):
    for num in c.nums:
        if num.kind == "id_number" and not id_ok(num.digits):
            raise Bug(f"invalid ID {num.digits}")
        if num.kind == "bank_card" and not luhn_ok(num.digits):
            raise Bug(f"invalid card {num.digits}")
        if num.sub.startswith("cn_mob") and not MOBILE.match(num.digits):
            raise Bug(f"invalid mobile {num.digits}")
    for f in c.frags:
        full = f.num.digits
        if f.role in ("wrong", "misheard") and len(f.digits) == len(full) and f.kind != "phone":
            ok = id_ok(f.digits) if f.kind == "id_number" else luhn_ok(f.digits)
            if ok:
                raise Bug("a wrong version passes its check")
        if f.kind == "phone" and f.role in ("wrong", "misheard") and len(f.digits) == len(full):
            raise Bug("a complete wrong phone")
        if f.last4 and f.kind != "phone":
            raise Bug("last4 on a non-phone")
        if f.last4 and not full.endswith(f.digits[-4:]):
            raise Bug("last4 on a fragment not ending in the real last four")


def digits_of(s):
    return "".join(u[3] for u in ev.read_units(s))


def check_labels(case, c):
    fmt = case["format"]
    if fmt in ("text", "vtt"):
        text = case["text"] if fmt == "text" else case["transcript_text"]
        got = defaultdict(str)
        uid_of = {}
        for sp in case["spans"]:
            f = sp["_f"]
            s, e = sp["start"], sp["end"]
            got[f.uid] += digits_of(text[s:e])
            uid_of[f.uid] = f
            if s > 0 and digit_bearing(text[s - 1]):
                raise Redraw("digit-bearing character before a span")
            if e < len(text) and digit_bearing(text[e]):
                raise Redraw("digit-bearing character after a span")
            if "*" in text:
                raise Bug("a star in the text")
        for f in c.frags:
            if got.get(f.uid) != f.expect:
                raise Bug(f"fragment reads {got.get(f.uid)!r}, built {f.expect!r} ({f.role})")
    else:
        words = {k: w for k, w, _ in ev.asr_words(case["transcript"])}
        if len(case["entities"]) != len(c.frags):
            raise Bug("a fragment without words")
        for e, f in zip(case["entities"], c.frags):
            ws = [words[tuple(x) if isinstance(x, list) else x] for x in e["words"]]
            if digits_of(" ".join(ws)) != f.expect:
                raise Bug(f"entity reads {digits_of(' '.join(ws))!r}, built {f.expect!r}")


# ============================================================================================
# The plan and the set
# ============================================================================================

PH_COUNTS = [("plain", 26), ("interruption", 38), ("continuation", 30), ("correction", 50), ("filler", 30),
             ("asr-chunks", 36), ("readback", 44), ("check-char-apart", 24), ("glued-words", 26),
             ("multi-number", 40), ("negative", 56)]
LANG_W = {"zh": 0.32, "en": 0.38, "mixed": 0.30}
FMT_W = {"text": 0.43, "vtt": 0.25, "asr-json": 0.32}
FMT_W_ASR = {"text": 0.22, "vtt": 0.20, "asr-json": 0.58}
KIND_W = {"phone": 0.45, "id_number": 0.30, "bank_card": 0.25}


def allot(n, weights):
    """Largest-remainder split of n over weights (dict, fixed order)."""
    keys = list(weights)
    tot = sum(weights.values())
    raw = {k: n * weights[k] / tot for k in keys}
    out = {k: int(raw[k]) for k in keys}
    left = n - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - out[k]), keys.index(k)))[:left]:
        out[k] += 1
    return [k for k in keys for _ in range(out[k])]


def plan_cases(seed):
    rng = random.Random(f"firth-plan:{seed}")
    plans = []
    for ph, n in PH_COUNTS:
        lw = {"en": 0.55, "mixed": 0.45} if ph == "glued-words" else LANG_W
        langs = allot(n, lw)
        fmts = allot(n, FMT_W_ASR if ph == "asr-chunks" else FMT_W)
        kinds = allot(n, KIND_W)
        rng.shuffle(langs)
        rng.shuffle(fmts)
        rng.shuffle(kinds)
        for i in range(n):
            p = {"phenomenon": ph, "lang": langs[i], "format": fmts[i], "slot": i}
            if ph == "check-char-apart":
                p["kinds"] = ["id_number"]
            elif ph == "negative":
                p["kinds"] = []
            elif ph == "multi-number":
                p["kinds"] = rng.sample(["phone", "id_number", "bank_card"], 3 if rng.random() < 0.3 else 2)
            else:
                p["kinds"] = [kinds[i]]
            if ph not in ("negative", "multi-number") and rng.random() < 0.3:
                p["second"] = rng.choice([k for k in KIND_W if k != p["kinds"][0]])
            if p["format"] == "asr-json":
                p["shape"] = "flat" if rng.random() < 0.4 else "whisper"
            plans.append(p)
    rng.shuffle(plans)
    doms = [i % len(DOMAINS) for i in range(len(plans))]
    rng.shuffle(doms)
    for p, d in zip(plans, doms):
        p["domain"] = d
    return plans


def build_case(seed, idx, plan, redraw, used):
    rng = random.Random(f"firth:{seed}:{idx}:{redraw}")
    lrng = random.Random(f"firth-layout:{seed}:{idx}:{redraw}")
    Frag._n = 0
    c = build_call(rng, plan)
    check_numbers(c)
    for num in c.nums:
        if num.digits in used:
            raise Redraw("number used before")
    prob = safety_problem(c)
    if prob:
        raise Redraw("look-alike: " + prob)
    fmt = plan["format"]
    case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": plan["phenomenon"], "lang": plan["lang"],
            "format": fmt, "variant": c.variant, "domain": c.dom["key"], "outbound": c.outbound}
    if fmt == "text":
        text, spans, meta = render_text(c, lrng)
        case["text"], case["spans"] = text, spans
    elif fmt == "vtt":
        text, spans, meta = render_vtt(c, lrng)
        case["transcript_text"], case["spans"] = text, spans
    else:
        tr, ents, meta = render_asr(c, lrng)
        case["transcript"], case["entities"] = tr, ents
    check_labels(case, c)
    if fmt != "asr-json":
        for sp in case["spans"]:
            sp.pop("_f", None)
    p = ev.builtin_case_problem(case, SET)
    if p:
        raise Redraw("scorer: " + p)
    info = {"nums": c.nums, "frags": c.frags, "meta": meta, "looks": c.look_kinds, "third": c.third,
            "country_codes": sum(1 for ln in c.lines for t in ln.toks if t.cc)}
    return case, info


def generate(seed):
    check_banks()
    plans = plan_cases(seed)
    cases = []
    redraws = Counter()
    used = set()
    infos = []
    for idx, plan in enumerate(plans, 1):
        for r in range(MAX_REDRAWS):
            try:
                case, info = build_case(seed, idx, plan, r, used)
                break
            except Redraw as e:
                redraws[str(e).split(":")[0]] += 1
        else:
            raise Bug(f"case {idx} ({plan}): no valid draw in {MAX_REDRAWS}")
        for num in info["nums"]:
            used.add(num.digits)
        cases.append(case)
        infos.append(info)
    report = ev.require_set_checks(cases, SET)
    return cases, report, summary_stats(cases, infos), redraws


def summary_stats(cases, infos):
    st = {"cases": len(cases)}
    st["phen"] = Counter(c["phenomenon"] for c in cases)
    st["phen_lang"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["phen_fmt"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["lang"] = Counter(c["lang"] for c in cases)
    st["fmt"] = Counter(c["format"] for c in cases)
    st["shape"] = Counter(i["meta"].get("shape") for c, i in zip(cases, infos) if c["format"] == "asr-json")
    st["domain"] = Counter(c["domain"] for c in cases)
    st["outbound"] = sum(1 for c in cases if c["outbound"])
    fr = Counter()
    roles = Counter()
    last4 = 0
    per_ph_kind = Counter()
    for c in cases:
        for lab in ev.labels_of(c):
            fr[lab["kind"]] += 1
            roles[lab["role"]] += 1
            last4 += lab["last4_ok"]
            per_ph_kind[(c["phenomenon"], lab["kind"])] += 1
    st["frags"] = fr
    st["roles"] = roles
    st["last4"] = last4
    st["per_ph_kind"] = per_ph_kind
    subs = Counter()
    countries = Counter()
    multi_kind = 0
    cc = 0
    for i in infos:
        kinds = set()
        for num in i["nums"]:
            subs[num.sub] += 1
            kinds.add(num.kind)
            if num.kind == "phone" and num.country and num.country != "China":
                countries[num.country] += 1
        multi_kind += len(kinds) >= 2
        cc += i["country_codes"]
    st["subs"] = subs
    st["countries"] = countries
    st["multi_kind"] = multi_kind
    st["cc"] = cc
    st["layouts"] = Counter(i["meta"].get("layout") for c, i in zip(cases, infos) if c["format"] == "text")
    st["vtt_payload"] = Counter(i["meta"].get("payload") for c, i in zip(cases, infos) if c["format"] == "vtt")
    st["ent_over_segs"] = sum(i["meta"].get("entities_over_segments", 0) for i in infos)
    st["variants"] = Counter((c["phenomenon"], c["variant"]) for c in cases)
    mt = defaultdict(Counter)
    for c, i in zip(cases, infos):
        m = i["meta"]
        key = c["format"] if c["format"] != "asr-json" else "asr-" + m.get("shape", "?")
        for k, v in m.items():
            if k in ("cues", "segments", "seg_cuts"):
                continue
            mt[key][(k, v if not isinstance(v, int) or isinstance(v, bool) else min(v, 1))] += 1
        if c["format"] == "asr-json":
            mt[key][("lang", c["lang"])] += 1
    st["meta"] = mt
    st["looks"] = sum((i["looks"] for i in infos), Counter())
    st["dbl"] = sum(1 for c in cases for lab in ev.labels_of(c)
                    if re.search(r"double|triple", label_text(c, lab)))
    st["glued"] = sum(1 for c in cases for lab in ev.labels_of(c)
                      if any((ev._decompose(w) or [None]) and len([p for p in (ev._decompose(w) or []) if p in ev.EN_VAL]) > 1
                             for w in re.findall(r"[A-Za-z]+", label_text(c, lab))))
    return st


def label_text(case, lab):
    if case["format"] == "asr-json":
        words = {k: w for k, w, _ in ev.asr_words(case["transcript"])}
        return " ".join(words[tuple(x) if isinstance(x, list) else x] for x in lab["words"])
    t = case["text"] if case["format"] == "text" else case["transcript_text"]
    return t[lab["start"]:lab["end"]]


def summary(st):
    out = [f"languages: " + ", ".join(f"{k} {st['lang'][k]}" for k in ("zh", "en", "mixed")),
           f"formats: " + ", ".join(f"{k} {st['fmt'][k]}" for k in ("text", "vtt", "asr-json")) +
           f" (asr-json: flat {st['shape'].get('flat', 0)}, whisper {st['shape'].get('whisper', 0)})"]
    for ph, _ in PH_COUNTS:
        out.append(f"{ph} {st['phen'][ph]} (" + "/".join(str(st['phen_lang'][(ph, l)]) for l in ("zh", "en", "mixed")) + ", " +
                   "/".join(str(st['phen_fmt'][(ph, f)]) for f in ("text", "vtt", "asr-json")) + "; frags phone/id/card " +
                   "/".join(str(st['per_ph_kind'][(ph, k)]) for k in ("phone", "id_number", "bank_card")) + ")")
    out.append(f"fragments {sum(st['frags'].values())}: " + ", ".join(f"{k} {v}" for k, v in st["frags"].most_common()) +
               f"; last4_ok {st['last4']}")
    out.append("roles: " + ", ".join(f"{k} {v}" for k, v in st["roles"].most_common()))
    out.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["subs"].items())))
    out.append("foreign phones by country: " + ", ".join(f"{k} {v}" for k, v in st["countries"].most_common()))
    out.append(f"country codes said {st['cc']}; cases with two or more kinds {st['multi_kind']}; outbound {st['outbound']}; "
               f"whisper entities over two segments {st['ent_over_segs']}; fragments with double/triple {st['dbl']}; "
               f"fragments with glued words {st['glued']}")
    out.append("text layouts: " + ", ".join(f"{k} {v}" for k, v in st["layouts"].most_common()) +
               "; vtt payloads: " + ", ".join(f"{k} {v}" for k, v in st["vtt_payload"].most_common()))
    out.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    out.append("variants: " + ", ".join(f"{p}/{v} {n}" for (p, v), n in sorted(st["variants"].items())))
    for key in sorted(st["meta"]):
        out.append(f"{key}: " + ", ".join(f"{k}={v} {n}" for (k, v), n in sorted(st["meta"][key].items(), key=lambda x: str(x))))
    out.append("look-alikes: " + ", ".join(f"{k} {v}" for k, v in st["looks"].most_common()))
    return out


def main(argv=None):
    return ev.generator_main(sys.argv[1:] if argv is None else argv, SET, generate, summary, OUT, MASTER_SEED,
                             (Bug,), ROOT)


if __name__ == "__main__":
    sys.exit(main())
