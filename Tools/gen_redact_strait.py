#!/usr/bin/env python3
"""Strait: 400 whole call-centre conversations for `callvault redact`, written by an independent author.

    Tools/gen_redact_strait.py            # writes Tests/VaultRedactTests/Fixtures/conversations-strait.jsonl
    Tools/gen_redact_strait.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_strait.py --out PATH

Provenance. The set ("set": "strait", ids strait-0001 ... strait-0400) was written from the task statement given to
this author (PRC resident IDs, payment cards and Chinese / foreign phone numbers said through interruptions,
corrections and restarts, fillers, ASR chunking, read-backs with misheard digits, continuations, a check character
said apart and glued number words, beside hard negatives; the recall / precision / negative targets; for this set an
emphasis on English and code-switched calls, English corrections, mid-group interruptions, misheard read-backs,
unusual phone groupings and foreign numbers) and the scorer Tools/eval_redact_conversations.py, read in full (case
schema, labelling conventions, digit reader, structure checks, built-in redactors, builtin_case_problem,
require_set_checks, generator_main; imported here). What else was read or seen, exactly:
  - of the other generators, their module docstrings, printed by a small ast script that printed nothing else
    (for the shared conventions, what they leave out and which domains are taken);
  - of Tools/gen_redact_wharf.py, its last 60 lines (summary_stats / summary / main and the ev.generator_main call,
    which main() here follows) and lines 136-160 (imports, HERE / ROOT, the ev import, SET / OUT / MASTER_SEED /
    N_CASES, class Bug, the head of class Redraw). The grep used to find those import / ROOT / SET lines was too
    broad and also showed two lines of its docstring and the first lines of four of its outbound-call phrase banks
    (OUTBOUND, OUTREASON, OUT_OK, OUT_ANS: a few short Chinese / English / mixed answers such as "是我，什么事？");
    this file's own outbound banks were rewritten afterwards so that none of those strings is used;
  - of the fixtures, the first 300 characters of the first line of each format (WebVTT, text, flat and Whisper-style
    asr-json) of conversations-wharf.jsonl, for the JSON shapes (the script parsed the file's lines to find them
    and printed nothing else); the file names in Tools/ and in Tests/VaultRedactTests/Fixtures/ (ls) and the line
    counts of the scorer and of gen_redact_wharf.py (wc).
Not read: the redactor's sources (Sources/), its tests, any *.swift file, git history (no git log / diff / show;
one `git status --porcelain` slipped into a listing command by mistake, its output discarded unseen with
`head -0`). Nothing was built; neither swift nor the redactor (callvault) was run. The dialogue, phrase banks, domains,
speaker labels, layouts, number renderings and look-alikes are this author's own; a few generic phrasings that
other sets' docstrings quote as examples (e.g. "hang on, let me find it", "I'll read it out", "所以是……？",
"中间是…，不是…", "is that your own number", "you broke up", "最后是个叉", "ends with a capital X") were reworded
so as not to echo them, while the phrases of this author's brief (一八幺，哦不是，幺八幺四…, 不对, 说错了, 重新说一下,
sorry no wait, let me start again, wait scratch that, no hold on it's, I transposed two, back up, ……末尾是X, twotwo,
fiveeight) are used as given. The scorer's --self-check did not list this set when it was written (it was
registered there after); this generator runs the same checks itself: ev.builtin_case_problem on every case as it
is drawn (a case with any problem is drawn again) and ev.require_set_checks on the whole set before anything is
written.

Left out, where the sets' conventions disagree or the scorer could not label a construction unambiguously:
  - no complete WRONG version of a phone number and no misheard phone last four: a phone correction abandons a
    prefix (a wrong one, a right one restarted, or the start of an old / work number) or fixes a middle group, and a
    misheard phone read-back covers only groups before the last ("那就是 138 0031……再往后呢？"), so no last4_ok
    depends on whether a wrong phone's tail may show (complete wrong IDs / cards, which fail their check, are in:
    role "wrong");
  - no single-digit spoken correction ("那个四说错了，是九") and no "ninety-nine" pair readings (the reader has no
    word for them);
  - identity numbers other than the 18-character PRC resident ID (15-digit IDs, passports, HK IDs);
  - no organisation landline with an area code and no extensions: organisations appear only with 400 / 800 / 95xxx
    hotlines (look-alikes); a caller's landline carries its area code inside the fragment;
  - a country code (+44, 0086, 加八六, plus six one, (852) ...) is never part of a phone fragment;
  - no "double" / "triple" at the start of a fragment, a group or any piece a cut or a filler makes, none in a
    phone's last five digits (checked word by word, glued words included);
  - no ID whose check character is X in glued-words calls (a glued "…oneX" would read as nothing);
  - no digits in text / WebVTT speaker labels and no stamp directly before a number: stamped layouts put the label
    between stamp and text, unlabelled layouts carry no stamp; no lone X / x / O / oh / 叉 / Ｘ outside a labelled
    check character (checked: the generator stops on one); no card last four said alone as a look-alike, no birth
    date said apart from its ID, no "*" anywhere.

Domains (twelve, none used by another set's docstring; 33 or 34 calls each): an outbound group-tour agency (tour),
domain registration & web hosting (hosting), a tandem-skydiving centre (skydive), a pick-your-own orchard with
fruit gift boxes (orchard), a paintball & laser-tag arena (paintball), a nail & lash salon (nails), stage lighting
& sound hire (avrent), made-to-measure curtains & blinds (curtains), a dance school (dance), a rice & cooking-oil
wholesaler (grain), a fencing club (fencing) and massage-chair after-sales (massage). Each has two company names in
Chinese and two in English, its own speaker labels (旅游顾问/游客, Travel desk/Traveller, 技术支持/站长, Support/Webmaster,
跳伞中心/学员, Dropzone/Jumper, 果园客服/游客, Farm shop/Visitor, 场馆前台/玩家, Field desk/Player, 店长/顾客, Salon/Client,
租赁部/主办方, Hire desk/Organiser, 测量预约/业主, Design desk/Homeowner, 教务老师/家长, Front office/Parent, 业务员/店主,
Sales desk/Buyer, 俱乐部前台/会员, Club desk/Member, 售后/用户, Aftercare/Owner, and mixed pairs), three reasons for
calling per language with the agent's matching answer (shared look-alike values), two reasons for wanting each
kind of number per language, wrap-ups, domain chatter and look-alikes of its own (tour codes, tickets, IP addresses
and ports, bookings and altitudes, gift-box orders and weights, lockers and paintball counts, design codes,
quotes, window sizes and fabric codes, candidate references and studios, delivery notes, plates and prices per
jin, entry numbers and pistes, chair models, error codes and wattages, long references and member numbers).
88 calls are outbound (the agent rings); some open with an IVR / 系统 recording line.

Languages: Chinese 145, English 150, mixed code-switching 105 (255 of 400, 64 %, English or mixed; also inside
numbers: Chinese numerals, English words and Arabic groups in one number).
Formats: plain text 216, WebVTT 57, ASR JSON 127 (32 %: 56 flat `words`, 71 Whisper-style `segments`).
  Text: 22 inline layouts of this author's (`lab：`, `lab: `, `[ts] lab: `, `(ts) lab：`, `ts ▏lab ▏`, `lab ⟫ `,
  `lab -- `, `《ts》lab：`, `〔ts〕lab：`, `lab→ `, `ts — lab: `, `· lab: `, `lab ==> `, `【ts｜lab】`, `ts/lab/ `,
  `| lab | `, `>lab< `, `#lab `, `lab said: `, `ts @lab: `, `lab ~> `, `lab ： `), 4 header layouts (`[ts] lab`
  above indented text, `## lab`, `lab：` with blank lines between turns, `(ts) lab` above indented text; 50 cases)
  and 3 without labels (bare, `— `-led, `• `-led; 17 cases); 93 stamped (hh:mm:ss, mm:ss, m:ss, hh:mm:ss.mmm,
  62.4s, wall clock with and without AM/PM). A turn that goes on (the same speaker's next line) is labelled again,
  bare, indented, `~ `-led or `｜ `-led. Labels: the domain pair in about 30 % of calls, otherwise 坐席/客户,
  客服/来电人, 话务员/来电者, 客服/客户, Agent/Customer, Agent/Caller, Rep/Customer, Advisor/Caller, CSR/Client,
  Agent/客户, 客服/Customer, A/B; sometimes with the agent's name (坐席-小林, 客服（佳佳）, Agent (Maya)); a system /
  IVR voice and a second caller voice (家属, 爱人, Partner). 111 files end in a line break.
  WebVTT: `<v lab>`, `<v lab>…</v>`, `lab: `, `[lab] `, `- ` and bare payloads; numeric, `cN` or no cue ids; long
  and short timings, some cue settings; optional title, Kind / Language lines and a NOTE; a turn that goes on is a
  new cue with its voice (15), a new cue without it (23) or a second payload line of the same cue (19).
  ASR JSON: flat `words` (43 with per-word speakers spk_N / A-B / agent-customer / SPEAKER_0N, 21 with
  confidences, 21 with start_ms / end_ms, some language / duration; 23 Chinese) and Whisper-style `segments`
  (leading-space Latin / Arabic words, Chinese one character a word, 49 with segment speakers, 36 with word
  probabilities, 31 with a top-level text; 29 Chinese); Chinese flat words are one character a word too; 27 of the
  127 without punctuation (decimal points, colons and dashes inside words kept).

Phenomena (one per case, as the scorer counts them; cases zh/en/mixed; text/vtt/asr-json):
  plain 30 (12/11/7; 17/4/9): answered; volunteered with the reason for calling; read off the system by the agent
    and confirmed; mid-sentence ("just get the driver to ring … when he's outside"); after a search for the card;
    foreign numbers given after the caller says where they are and the agent asks for a local number, or
    volunteered ("I'm working out of Singapore this month; my number here is …");
  interruption 42 (17/15/10; 24/6/12): one back-channel between two pieces, two back-channels between three pieces,
    a cut inside a group with the agent echoing the half-group ("Sorry, two two what?" / "…什么？后面没听清。") and
    the caller starting the group again, a question on its own line answered before the caller finishes ("Is that
    a mobile or a landline?" → "Mobile. then …"), the agent echoing the first piece, the agent's read-back cut by
    the caller's 对 / yes;
  continuation 32 (13/11/8; 18/5/9): two or three lines of the same speaker at group edges, a cut inside a group,
    a read-out announced on one line with the number alone on the next, the agent reading it off the screen over
    two lines;
  correction 48 (14/20/14; 27/7/14): a wrong prefix abandoned ("— wait, scratch that. It's …", "... no hold on,
    it's …", "— back up, …", "，哦不是，…", "，说错了，是…"), a right prefix restarted ("— sorry, let me start again.",
    "……我重新说一下："), two abandoned attempts, a phone's wrong middle group fixed ("The middle bit is …, not …" /
    "中间四位应该是…，刚才报成…了") then read back whole, the start of an old / work number or of another card
    abandoned, a complete wrong ID / card (two digits transposed or one changed, failing its check), the agent's
    "that's not validating", then "I transposed two" with the corrected group and a read-back, or the whole again;
  filler 32 (13/11/8; 18/5/9): two or three of 呃 / 嗯 / 那个 / 额 / 就是 / 我看看 / um / uh / er / erm / hmm / let me
    see / what is it inside one number (at group edges and splitting groups), after a hesitant lead-in, and in the
    agent's read-back;
  asr-chunks 36 (14/13/9; 9/5/22): ITN chunks of irregular size spread over tokens, a digit a token, Chinese
    numerals or English words alternating with Arabic chunks, a number cut inside a group over two lines / cues /
    segments (one entity over both pieces in asr-json, two spans in text and WebVTT);
  readback 44 (18/15/11; 25/6/13): the whole number, its last four, its first group(s), all but the last four
    finished by the caller, a misheard ID / card (failing its check) corrected by group and read back again, a
    phone's early groups misheard, corrected, then read back whole;
  check-char-apart 24 (10/8/6; 14/3/7): seventeen characters, then the check character on the same line (……末尾是X /
    "and there's a capital X on the end"), on the next line, or when the agent asks (X, x, Ｘ, 叉; a digit check
    character in about a fifth);
  glued-words 26 (0/15/11; 15/4/7): English number words glued by the recogniser, group by group, in pairs or
    triples, or mixed with spaced words (twotwo, fiveeight, sixtwodoubletwo), in a whole number, in the agent's
    read-back or in two pieces around a back-channel;
  multi-number 30 (12/11/7; 17/4/9): two kinds on one line, two or three numbers asked turn by turn, a mobile and a
    backup (landline, second mobile or foreign number), a second voice giving the other number after a hand-over;
  negative 56 (22/20/14; 32/8/16): look-alikes only: a 15-20 digit reference (voucher, waybill, serial, e-ticket,
    batch, certificate … numbers) said in English words, Chinese numerals or Arabic groups (11), said and read
    back by the agent (12), all failing Luhn and MOD 11-2, none led by a province code or a card prefix where the
    length would fit, said after no ID / card word; an 11-digit member number not shaped like a mobile (11); a
    number asked for and declined (6) or not given (5); chatter with hotlines, amounts, dates and times (11).
98 calls of the other phenomena carry a second number of another kind (125 cases hold two or more kinds); 76 say
a look-alike (booking / order / ticket reference) in the same line as a number; reasons, answers and wrap-ups carry
look-alikes too (276 references said).

Labels (scorer conventions): every piece of a PRC resident ID (18 characters, a real county code, a valid birth
date, the MOD 11-2 check character, X in most check-char cases), a bank card (UnionPay 16 / 19, Visa, Mastercard
incl. 2-series, Amex 15; Luhn-valid) or a phone number (PRC mobiles, mobiles after +86 / 0086 / 加八六, landlines
with their area code, and US, Canada, UK mobiles and landlines, Australia, India, Singapore, Hong Kong, Japan,
Germany, Korea, France, New Zealand, UAE, Taiwan and Malaysia numbers in national form with the trunk 0 or
after a country code; 72 calls hold a foreign phone) said by anybody is one fragment of its kind, with a "role":
said, piece, echo, readback, misheard, abandoned, wrong, corrected, check-char. Counts: 811 fragments, phone 322,
id_number 288, bank_card 201; 212 with last4_ok; roles said 352, piece 178, readback 82, corrected 64, abandoned 44,
wrong 36, check-char 24, misheard 16, echo 15; 37 fragments hold a double / triple, 33 glued words. A fragment
runs from its first digit-bearing word to its last and holds the separators and fillers inside it; in text and
WebVTT it is a code-point span within one line, in asr-json the list of its words. `last4_ok` is set exactly on
phone fragments that end at the number's final digit with its real digits (the whole number, its last piece, a
full, last-four or caller-finished read-back, a corrected tail); never on IDs, cards, abandoned prefixes, middle
pieces, wrong or misheard digits. Every number is used by one case only.

Checks at generation (a contradiction of the generator aborts and nothing is written; a failed draw is drawn
again): every number valid, every wrong / misheard ID or card version fails its check; every fragment reads, with
the scorer's reader, exactly the digits it was built from (double / triple collapsed) and says them with double /
triple expanded; it starts and ends on a digit-bearing word, with no white space at its edges and no
digit-bearing character (digit, numeral, X / 叉, Latin letter) beside it; no ASR word holds a fragment's digits and
anything else's. Look-alike safety on the said content (the whole call as one stream, labels, stamps and cue
timings aside): unlabelled digits joined across spaces, punctuation, line breaks, fillers and and / then / dash /
plus / double / triple / 然后 / 和 / 加 / 杠, read with and without double / triple expanded, have no 11-digit
window 1[3-9]…, no 13-19 digit window passing Luhn, no 18-character window passing MOD 11-2, are no 10-12 digit run
starting with 0, no NANP-shaped 10-digit run (400 / 800 aside), no 8-digit run starting 5 / 6 / 8 / 9, no 15 /
18-digit run starting with a province code, no 16 / 19-digit run with a card prefix, hold no 6-digit piece of any
version of a labelled number, and never join a fragment (a country code before its phone aside). Then
ev.builtin_case_problem per case and ev.require_set_checks on the set: the oracle and keep-last-4 redactors give
recall 1, precision 1 and no negative masked, the identity and leaky ones recall at most the short last-4 share,
the over-masker masks every negative.

Deterministic: a fixed master seed plans the 400 cases (phenomenon, language, format, ASR shape, kind, foreign
phone or not, domain); each case draws its dialogue and, separately, its layout from random.Random instances
seeded with strings built from the seed, its index and a redraw counter, so PYTHONHASHSEED does not matter; two
runs write identical bytes. --seed N gives another valid set.
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

SET = "strait"
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-strait.jsonl")
MASTER_SEED = 90417
N_CASES = 400


class Bug(Exception):
    """The generator contradicts itself: abort, write nothing."""


class Redraw(Exception):
    """This draw of a case is unusable (a look-alike risk, a reading mismatch ...): draw it again."""


# =============================================================================================
# Numbers
# =============================================================================================

W_ID = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_check(d17):
    return CHECK[sum(int(c) * w for c, w in zip(d17, W_ID)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] == id_check(s[:17])


def luhn_ok(s):
    if not s.isdigit() or not s:
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


def luhn_digit(p):
    for c in "0123456789":
        if luhn_ok(p + c):
            return c
    raise Bug("no luhn digit")


def rdig(rng, k, first_nonzero=False):
    s = "".join(rng.choice("0123456789") for _ in range(k))
    if first_nonzero and s and s[0] == "0":
        s = rng.choice("123456789") + s[1:]
    return s


# county-level region codes (a real six-digit code each)
REGIONS = ["110101", "110105", "110108", "120103", "130102", "130602", "140105", "150102", "210102", "220102",
           "230103", "310104", "310115", "320102", "320505", "321002", "330102", "330106", "330205", "340104",
           "350102", "350203", "360102", "370102", "370202", "370602", "410105", "410305", "420106", "420111",
           "430104", "430602", "440103", "440106", "440304", "440305", "441302", "450103", "460105", "500103",
           "510104", "510107", "510703", "520102", "530102", "610113", "620102", "640104", "650102", "210211"]
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
             "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def make_id(rng, child=False, want_x=None):
    for _ in range(500):
        region = rng.choice(REGIONS)
        y = rng.randint(2009, 2018) if child else rng.randint(1956, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, days_in(y, m))
        seq = f"{rng.randint(1, 999):03d}"
        d17 = region + f"{y:04d}{m:02d}{d:02d}" + seq
        c = id_check(d17)
        if want_x is True and c != "X":
            continue
        if want_x is False and c == "X":
            continue
        return d17 + c
    raise Bug("no id drawn")


UP16 = ["622202", "621226", "622848", "622700", "621700", "622588", "621483", "621661", "622262", "623668",
        "622908", "621799", "625965", "622609"]
UP19 = ["622848", "621700", "623052", "621226", "622821", "621559", "623668"]


def make_card(rng, sub):
    if sub == "up16":
        p = rng.choice(UP16) + rdig(rng, 9)
    elif sub == "up19":
        p = rng.choice(UP19) + rdig(rng, 12)
    elif sub == "visa":
        p = "4" + rng.choice("0123456789") + rdig(rng, 13)
    elif sub == "mc":
        if rng.random() < 0.7:
            p = "5" + rng.choice("12345") + rdig(rng, 13)
        else:
            p = str(rng.randint(2221, 2720)) + rdig(rng, 11)
    elif sub == "amex":
        p = rng.choice(["34", "37"]) + rdig(rng, 12)
    else:
        raise Bug(sub)
    return p + luhn_digit(p)


MOB_PREFIX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
              "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176", "177", "178", "180",
              "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "196", "197",
              "198", "199"]
AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0571", "0755", "0512", "0532", "0731", "0591", "0871", "0898", "0451", "0311", "0371", "0577", "0769"]
US_NPA = ["212", "415", "617", "312", "206", "503", "646", "718", "303", "512", "213", "404", "702", "919", "347"]
CA_NPA = ["416", "604", "647", "514", "403", "613", "778", "905", "587", "902"]

# sub: (country code, zh name, en name)
COUNTRY = {
    "cnmob": ("86", "国内", "China"), "cnland": ("86", "国内", "China"),
    "us": ("1", "美国", "the US"), "ca": ("1", "加拿大", "Canada"), "uk_mob": ("44", "英国", "the UK"),
    "uk_land": ("44", "英国", "the UK"), "au_mob": ("61", "澳洲", "Australia"), "au_land": ("61", "澳洲", "Australia"),
    "in": ("91", "印度", "India"), "sg": ("65", "新加坡", "Singapore"), "hk": ("852", "香港", "Hong Kong"),
    "jp": ("81", "日本", "Japan"), "de": ("49", "德国", "Germany"), "kr": ("82", "韩国", "Korea"),
    "fr": ("33", "法国", "France"), "nz": ("64", "新西兰", "New Zealand"), "ae": ("971", "迪拜", "Dubai"),
    "tw": ("886", "台湾", "Taiwan"), "my": ("60", "马来西亚", "Malaysia"),
}
FOREIGN_SUBS = ["us", "ca", "uk_mob", "uk_land", "au_mob", "au_land", "in", "sg", "hk", "jp", "de", "kr", "fr",
                "nz", "ae", "tw", "my"]
FOREIGN_W = [10, 6, 9, 3, 7, 2, 6, 8, 8, 3, 3, 3, 2, 3, 2, 2, 3]


class Num:
    """A number as it is said in one case: kind, sub-kind, its digits (as said: a national form keeps its
    trunk 0, an international one drops it), the country code said before it (or None), its groupings."""

    def __init__(self, kind, sub, digits, cc=None, groupings=None):
        self.kind, self.sub, self.digits, self.cc = kind, sub, digits, cc
        self.groupings = groupings or [[len(digits)]]
        for g in self.groupings:
            if sum(g) != len(digits):
                raise Bug(f"grouping {g} of {sub} {digits}")

    @property
    def n(self):
        return len(self.digits)


def make_phone(rng, sub, with_cc):
    cc = COUNTRY[sub][0]
    if sub == "cnmob":
        d = rng.choice(MOB_PREFIX) + rdig(rng, 8)
        g = [[3, 4, 4]] * 6 + [[3, 3, 5], [4, 3, 4], [3, 4, 2, 2], [3, 2, 2, 2, 2], [2, 2, 3, 4], [3, 8], [11]]
        return Num("phone", sub, d, cc if with_cc else None, g)
    if sub == "cnland":
        area = rng.choice(AREA3 + AREA4)
        local = str(rng.randint(2, 8)) + rdig(rng, 7)
        a = len(area) - (1 if with_cc else 0)
        d = (area[1:] if with_cc else area) + local
        g = [[a, 4, 4]] * 3 + [[a, 8], [a, 2, 2, 2, 2], [a, 3, 5]]
        return Num("phone", sub, d, cc if with_cc else None, g)
    if sub in ("us", "ca"):
        npa = rng.choice(US_NPA if sub == "us" else CA_NPA)
        while True:
            nxx = str(rng.randint(2, 9)) + rdig(rng, 2)
            if nxx[1:] != "11" and nxx != "555":
                break
        d = npa + nxx + rdig(rng, 4)
        g = [[3, 3, 4]] * 4 + [[3, 3, 2, 2], [2, 2, 3, 3], [3, 7]]
        return Num("phone", sub, d, cc if with_cc else None, g)
    if sub == "uk_mob":
        core = "7" + rng.choice("45789") + rdig(rng, 8)
        if with_cc:
            return Num("phone", sub, core, cc, [[4, 6], [4, 3, 3], [2, 2, 3, 3], [3, 3, 4]])
        return Num("phone", sub, "0" + core, None, [[5, 6], [5, 6], [5, 3, 3], [4, 3, 4]])
    if sub == "uk_land":
        if rng.random() < 0.6:
            core = "20" + rng.choice("378") + rdig(rng, 7)
            g_int, g_nat = [[2, 4, 4]], [[3, 4, 4], [3, 8]]
        else:
            core = rng.choice(["161", "131", "113", "117"]) + str(rng.randint(2, 9)) + rdig(rng, 6)
            g_int, g_nat = [[3, 3, 4]], [[4, 3, 4], [4, 7]]
        if with_cc:
            return Num("phone", sub, core, cc, g_int)
        return Num("phone", sub, "0" + core, None, g_nat)
    if sub == "au_mob":
        core = "4" + rdig(rng, 8)
        if with_cc:
            return Num("phone", sub, core, cc, [[3, 3, 3], [1, 4, 4]])
        return Num("phone", sub, "0" + core, None, [[4, 3, 3], [4, 3, 3], [2, 2, 3, 3]])
    if sub == "au_land":
        core = rng.choice("2378") + str(rng.randint(2, 9)) + rdig(rng, 7)
        if with_cc:
            return Num("phone", sub, core, cc, [[1, 4, 4]])
        return Num("phone", sub, "0" + core, None, [[2, 4, 4]])
    if sub == "in":
        d = rng.choice("6789") + rdig(rng, 9)
        return Num("phone", sub, d, cc if with_cc else None, [[5, 5], [5, 5], [3, 3, 4], [2, 2, 3, 3], [4, 3, 3]])
    if sub == "sg":
        d = rng.choice("89") + rdig(rng, 7)
        return Num("phone", sub, d, cc if with_cc else None, [[4, 4], [4, 4], [2, 2, 2, 2]])
    if sub == "hk":
        d = rng.choice("569") + rdig(rng, 7)
        return Num("phone", sub, d, cc if with_cc else None, [[4, 4], [4, 4], [2, 2, 2, 2], [3, 5]])
    if sub == "jp":
        core = rng.choice(["90", "80", "70"]) + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[2, 4, 4]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[3, 4, 4]]))
    if sub == "de":
        core = rng.choice(["151", "152", "157", "160", "162", "170", "172", "176"]) + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[3, 4, 4], [3, 8]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[4, 4, 4], [4, 8]]))
    if sub == "kr":
        core = "10" + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[2, 4, 4]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[3, 4, 4]]))
    if sub == "fr":
        core = rng.choice("67") + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[1, 2, 2, 2, 2]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[2, 2, 2, 2, 2]]))
    if sub == "nz":
        core = rng.choice(["21", "22", "27"]) + rdig(rng, 7)
        return (Num("phone", sub, core, cc, [[2, 3, 4]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[3, 3, 4]]))
    if sub == "ae":
        core = "5" + rng.choice("0245") + rdig(rng, 7)
        return (Num("phone", sub, core, cc, [[2, 3, 4]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[3, 3, 4]]))
    if sub == "tw":
        core = "9" + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[3, 3, 3]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[4, 3, 3]]))
    if sub == "my":
        core = "1" + rng.choice("2346789") + rdig(rng, 8)
        return (Num("phone", sub, core, cc, [[2, 4, 4]]) if with_cc
                else Num("phone", sub, "0" + core, None, [[3, 4, 4]]))
    raise Bug(sub)


def make_idnum(rng, child=False, want_x=None):
    d = make_id(rng, child, want_x)
    g = [[6, 8, 4]] * 5 + [[18], [18], [6, 4, 4, 4], [3, 3, 4, 4, 4], [6, 8, 3, 1], [4, 4, 4, 4, 2], [6, 6, 6]]
    return Num("id_number", "id", d, None, g)


def make_cardnum(rng, sub):
    d = make_card(rng, sub)
    if len(d) == 16:
        g = [[4, 4, 4, 4]] * 5 + [[16], [4, 4, 8], [6, 10], [8, 8]]
    elif len(d) == 19:
        g = [[4, 4, 4, 4, 3]] * 3 + [[6, 13], [4, 4, 4, 7], [19], [6, 6, 7]]
    else:
        g = [[4, 6, 5]]
    return Num("bank_card", sub, d, None, g)


def bounds_of(groups):
    res, p = [], 0
    for k in groups:
        res.append((p, p + k))
        p += k
    return res


# =============================================================================================
# Saying a number: a fragment is a list of tokens
#   ("D", text, true digits, digits the scorer's reader sees)  a digit-bearing word or chunk
#   ("S", text)                                                 a separator (space, comma, dash ...)
#   ("F", text)                                                 a filler said inside the number
# =============================================================================================

EN_W = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
        "8": "eight", "9": "nine"}
CN_W = {"0": "零", "1": "幺", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}


class Frag:
    """One labelled fragment: kind, role, tokens; which number and which stretch [a, b) of which version."""

    def __init__(self, num, a, b, role, toks, version):
        self.num, self.a, self.b, self.role, self.toks, self.version = num, a, b, role, toks, version
        self.kind = num.kind
        self.text = "".join(t[1] for t in toks)
        self.true = "".join(t[2] for t in toks if t[0] == "D")
        self.reader = "".join(t[3] for t in toks if t[0] == "D")
        self.right = version == num.digits
        self.merge_next = None   # a Frag continuing this one over a cut (one entity in asr-json)
        self.merged = False      # this Frag continues another
        if self.true != version[a:b]:
            raise Bug(f"fragment says {self.true!r}, built from {version[a:b]!r}")
        if role == "abandoned" and b >= num.n:
            raise Bug("an abandoned fragment reaches the last digit")
        self.last4 = (self.kind == "phone" and self.right and b == num.n and role not in ("abandoned", "wrong",
                                                                                          "misheard"))


def en_word(d, zero, xr):
    if d == "X":
        return xr
    if d == "0":
        return zero
    return EN_W[d]


def render(num, a, b, rs, version=None):
    """Tokens saying digits [a, b) of `version` (default the number) as the spec rs says."""
    D = version if version is not None else num.digits
    n = len(D)
    gb = bounds_of(rs["groups"])
    fill = rs.get("fill", {})
    toks = []
    for gi, (gs, ge) in enumerate(gb):
        s, e = max(a, gs), min(b, ge)
        if s >= e:
            continue
        style = rs["gstyle"][gi]
        if toks:
            if s in fill:
                toks.extend(fill_toks(fill[s], rs))
            else:
                toks.append(("S", rs["seps"][gi]))
        cuts = [p for p in sorted(fill) if s < p < e]
        pts = [s] + cuts + [e]
        for k in range(len(pts) - 1):
            x, y = pts[k], pts[k + 1]
            if k > 0:
                toks.extend(fill_toks(fill[x], rs))
            toks.extend(render_run(D, x, y, style, rs, num, n, piece_start=(x == a or k > 0 or x == gs)))
    return toks


def fill_toks(word, rs):
    asr = rs.get("asr")
    if has_cjk(word):
        pre, post = rs.get("fillsep", ("，", "，"))
        if asr:
            pre, post = " ", " "
    else:
        pre, post = rs.get("fillsep_en", (", ", ", "))
        if asr:
            pre, post = (" ", " ") if rs.get("nopunct") else (", ", ", ")
    out = []
    if pre:
        out.append(("S", pre))
    out.append(("F", word))
    if post:
        out.append(("S", post))
    return out


def render_run(D, x, y, style, rs, num, n, piece_start):
    """Tokens for D[x:y] in one style, with double / triple where allowed."""
    toks = []
    xr = rs.get("x", "X")
    if style in ("ar", "fw"):
        t = "".join((FW[c] if style == "fw" else c) if c != "X" else ("Ｘ" if style == "fw" else xr) for c in D[x:y])
        return [("D", t, D[x:y], D[x:y])]
    if style == "cn":
        one = rs.get("one", "幺")
        zero = rs.get("zero_cn", "零")
        t = "".join((one if c == "1" else zero if c == "0" else CN_W[c]) if c != "X" else xr for c in D[x:y])
        return [("D", t, D[x:y], D[x:y])]
    if style in ("en", "gl"):
        words = []  # (text, true, reader)
        p = x
        zero = rs.get("zero", "zero")
        while p < y:
            c = D[p]
            run = 1
            while p + run < y and D[p + run] == c and run < 3:
                run += 1
            allowed = (c != "X" and not (p == x and piece_start) and rs.get("dbl", 0) > 0
                       and not (num.kind == "phone" and p + run - 1 >= n - 5))
            if run >= 2 and allowed and rs["_rng"].random() < rs["dbl"]:
                if run == 3 and rs["_rng"].random() < 0.6:
                    words.append(("triple " + en_word(c, zero, xr), c * 3, c))
                    p += 3
                    continue
                words.append(("double " + en_word(c, zero, xr), c * 2, c))
                p += 2
                continue
            words.append((en_word(c, zero, xr), c, c))
            p += 1
        if style == "en":
            for i, (t, tr, rd) in enumerate(words):
                if i:
                    toks.append(("S", " "))
                toks.append(("D", t, tr, rd))
            return toks
        # glued: chunks of words glued into one token each
        chunk = rs.get("glue", 0)  # 0: the whole run one word
        sizes = []
        if chunk:
            left = len(words)
            while left > 0:
                k = min(left, rs["_rng"].choice(chunk))
                sizes.append(k)
                left -= k
        else:
            sizes = [len(words)]
        i = 0
        for j, k in enumerate(sizes):
            part = words[i:i + k]
            i += k
            if j:
                toks.append(("S", " "))
            t = "".join(w[0].replace(" ", "") for w in part)
            if any(w[1] == "X" for w in part) and len(part) > 1:
                raise Bug("a glued check character")
            toks.append(("D", t, "".join(w[1] for w in part), "".join(w[2] for w in part)))
        return toks
    raise Bug(f"style {style}")


# =============================================================================================
# The call: turns of lines; a line is a list of items (plain strings, fragments, country codes)
# =============================================================================================

class CC:
    """A country code said before a phone number ("+44", "plus six one", "加八六"): not part of the fragment."""

    def __init__(self, text):
        self.text = text


class Turn:
    def __init__(self, spk):
        self.spk = spk
        self.lines = []


def item_text(it):
    if isinstance(it, Frag):
        return it.text
    if isinstance(it, CC):
        return it.text
    return it


# =============================================================================================
# Reading what the redactor reads: look-alike safety of everything outside the labels
# =============================================================================================

JOIN_EN = {"and", "then", "dash", "plus", "double", "triple", "um", "uh", "er", "erm", "hmm", "let", "me", "see",
           "what", "is", "it", "mm"}
JOIN_ZH = ["我看看啊", "我看看", "我找找", "那个", "就是", "然后", "呃", "嗯", "额", "和", "加", "杠", "啊"]
SPLIT_RE = re.compile(r"[\s，。、？！：；,.?!:;…—–\-\"“”‘’'（）()《》【】~+/·|▏⟫→<>=#@｜「」\[\]]+")
CARD_PREFIX = re.compile(r"^(4|5[1-5]|2[2-7]|62|3[47]|35|6011|65)")


def joinable(gap):
    g = gap
    for w in JOIN_ZH:
        g = g.replace(w, " ")
    for t in SPLIT_RE.split(g):
        if not t:
            continue
        if re.fullmatch(r"[A-Za-z]+", t) and t.lower() in JOIN_EN:
            continue
        return False
    return True


def risky(s, windows6):
    """Why an unlabelled digit run s could be taken for a personal number (or None)."""
    d = s
    for m in range(len(d) - 10):
        if re.fullmatch(r"1[3-9]\d{9}", d[m:m + 11]):
            return "mobile-shaped window"
    for L in range(13, 20):
        for m in range(len(d) - L + 1):
            w = d[m:m + L]
            if w.isdigit() and luhn_ok(w):
                return "luhn window"
    for m in range(len(d) - 17):
        w = d[m:m + 18]
        if w[:17].isdigit() and (w[17].isdigit() or w[17] == "X") and id_valid(w):
            return "mod11-2 window"
    if 10 <= len(d) <= 12 and d[0] == "0":
        return "0-led 10-12 run"
    if len(d) == 10 and re.fullmatch(r"[2-9]\d\d[2-9]\d{6}", d) and not d.startswith(("400", "800")):
        return "NANP-shaped run"
    if len(d) == 8 and d[0] in "5689":
        return "8-digit HK/SG-shaped run"
    if len(d) in (15, 18) and d[:2] in PROVINCES:
        return "province-led 15/18 run"
    if len(d) in (16, 19) and CARD_PREFIX.match(d):
        return "card-prefixed 16/19 run"
    for m in range(len(d) - 5):
        if d[m:m + 6] in windows6:
            return "piece of a labelled number"
    return None


def expand_unit(text):
    """Digits of one reader unit with double / triple inside glued words expanded."""
    if re.fullmatch(r"[A-Za-z]+", text) and text.lower() != "x":
        parts = ev._decompose(text) or []
        out, mult = "", 1
        for p in parts:
            if p == "double":
                mult = 2
            elif p == "triple":
                mult = 3
            else:
                out += ev.EN_VAL[p] * mult
                mult = 1
        return out
    return None


def check_stream(turns, windows6):
    """The call's said content as one stream (labels, stamps and cue timings are not content): no unlabelled
    digits join a fragment (a country code before its phone aside) and no unlabelled run is risky."""
    chunks, owners = [], []
    for t in turns:
        for line in t.lines:
            for it in line:
                s = item_text(it)
                chunks.append(s)
                owners.append(it if isinstance(it, (Frag, CC)) else None)
            chunks.append("\n")
            owners.append(None)
    stream = "".join(chunks)
    own = []
    for s, o in zip(chunks, owners):
        own.extend([o] * len(s))
    units = ev.read_units(stream)
    for u in units:
        o = own[u[0]]
        if any(own[i] is not o for i in range(u[0], u[1])):
            raise Redraw("a reader unit straddles a fragment edge")
        if o is None:
            w = stream[u[0]:u[1]]
            if w.lower() in ("x", "o", "oh") or w in ("叉", "Ｘ"):
                raise Bug(f"lone {w!r} outside a label: {stream[max(0, u[0] - 30):u[1] + 30]!r}")
    runs, cur = [], []
    for i, u in enumerate(units):
        if cur and joinable(stream[cur[-1][1]:u[0]]):
            cur.append(u)
        else:
            if cur:
                runs.append(cur)
            cur = [u]
    if cur:
        runs.append(cur)
    for run in runs:
        os_ = [own[u[0]] for u in run]
        if any(isinstance(o, Frag) for o in os_):
            first_frag = min(i for i, o in enumerate(os_) if isinstance(o, Frag))
            for i, o in enumerate(os_):
                if o is None:
                    raise Redraw("unlabelled digits join a fragment")
                if isinstance(o, CC) and i > first_frag and not isinstance(os_[i - 1], CC) \
                        and not any(isinstance(x, Frag) for x in os_[i + 1:]):
                    raise Redraw("a country code after a fragment")
            continue
        # unlabelled run (digits of ordinary words, references, amounts ...)
        col, exp, prev_end = "", "", None
        for u in run:
            col += u[3]
            gap = stream[prev_end:u[0]].lower() if prev_end is not None else ""
            e = expand_unit(stream[u[0]:u[1]])
            if e is None:
                e = u[3]
                if re.search(r"\bdouble\s*$", gap):
                    e = e * 2
                elif re.search(r"\btriple\s*$", gap):
                    e = e * 3
            exp += e
            prev_end = u[1]
        for s in ((col,) if col == exp else (col, exp)):
            why = risky(s, windows6)
            if why:
                raise Redraw(f"look-alike: {why}")
    return stream


BESIDE_BAD = re.compile(r"[0-9０-９A-Za-zＸ叉零〇一二三四五六七八九幺两]")


# =============================================================================================
# Words for ASR transcripts
# =============================================================================================

PUNCT = set("，。、？！：；,.?!:;…—–-\"“”（）()《》【】~")
INWORD = set(".:,-/")


def is_cjk(ch):
    return "\u3400" <= ch <= "\u9fff" or ch == "〇"


class WordSink:
    def __init__(self, whisper, rng, nopunct):
        self.words = []   # dicts: text, cjk, frag
        self.whisper, self.rng, self.nopunct = whisper, rng, nopunct
        self.pending = ""
        self.cur = None

    def flush(self):
        if self.cur is not None:
            self.words.append(self.cur)
            self.cur = None

    def add(self, s, frag):
        """Split s into words (a fragment's token never shares a word with anything else)."""
        for ci, ch in enumerate(s):
            if ch.isspace():
                self.flush()
                continue
            if ch in PUNCT:
                inword = (ch in INWORD and self.cur is not None and self.cur["text"][-1:].isalnum()
                          and s[ci + 1:ci + 2].isascii() and s[ci + 1:ci + 2].isalnum())
                if self.nopunct and not inword:
                    continue
                if self.cur is not None:
                    self.cur["text"] += ch
                elif self.words:
                    self.words[-1]["text"] += ch
                else:
                    self.pending += ch
                continue
            cj = is_cjk(ch)
            c = self.cur
            broke = bool(c is not None and c["text"] and c["text"][-1] in PUNCT
                         and not (c["text"][-1] in INWORD and len(c["text"]) > 1 and c["text"][-2].isalnum()
                                  and ch.isalnum() and not cj))
            if c is not None and (c["cjk"] != cj or (cj and (self.whisper or c["n"] >= c["lim"])) or broke):
                self.flush()
            if self.cur is None:
                self.cur = {"text": self.pending + ch, "cjk": cj, "frag": frag, "n": 1,
                            "lim": 1 if cj else 0}
                self.pending = ""
            else:
                self.cur["text"] += ch
                self.cur["n"] += 1
        self.flush()

    def add_sep(self, s):
        if self.nopunct:
            return
        p = "".join(ch for ch in s if ch in PUNCT)
        if p and self.words:
            self.words[-1]["text"] += p


def line_words(items, whisper, rng, nopunct):
    sink = WordSink(whisper, rng, nopunct)
    for it in items:
        if isinstance(it, Frag):
            for t in it.toks:
                if t[0] == "S":
                    sink.add_sep(t[1])
                else:
                    sink.add(t[1], it)
        else:
            s = item_text(it)
            # punctuation right after a fragment joins the fragment's last word
            sink.add(s, None)
    if sink.pending and sink.words:
        sink.words[-1]["text"] += sink.pending
    return sink.words


# =============================================================================================
# Layouts
# =============================================================================================

def fmt_stamp(kind, t, base):
    t = max(t, 0.0)
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    if kind == "hms":
        return f"{h:02d}:{m:02d}:{s:02d}"
    if kind == "ms":
        return f"{m + 60 * h:02d}:{s:02d}"
    if kind == "mss":
        return f"{m + 60 * h}:{s:02d}"
    if kind == "hmsm":
        return f"{h:02d}:{m:02d}:{t - 3600 * h - 60 * m:06.3f}"
    if kind == "sec":
        return f"{t:.1f}s"
    w = base + int(t)
    wh, wr = divmod(w, 3600)
    wm, ws = divmod(wr, 60)
    if kind == "wall":
        return f"{wh % 24:02d}:{wm:02d}:{ws:02d}"
    if kind == "wall12":
        hh = wh % 12 or 12
        return f"{hh}:{wm:02d}:{ws:02d} {'PM' if wh % 24 >= 12 else 'AM'}"
    raise Bug(kind)


STAMP_KINDS = ["hms", "hms", "ms", "mss", "hmsm", "sec", "wall", "wall12"]

# inline layouts: (name, stamped, prefix(label, stamp)); the label always stands between a stamp and the text
INLINE = [
    ("colon-zh", False, lambda L, ts: f"{L}："),
    ("colon", False, lambda L, ts: f"{L}: "),
    ("ts-brk", True, lambda L, ts: f"[{ts}] {L}: "),
    ("ts-paren", True, lambda L, ts: f"({ts}) {L}："),
    ("ts-bar", True, lambda L, ts: f"{ts} ▏{L} ▏"),
    ("dangle", False, lambda L, ts: f"{L} ⟫ "),
    ("dash2", False, lambda L, ts: f"{L} -- "),
    ("ts-book", True, lambda L, ts: f"《{ts}》{L}："),
    ("ts-tort", True, lambda L, ts: f"〔{ts}〕{L}："),
    ("arrow", False, lambda L, ts: f"{L}→ "),
    ("ts-emdash", True, lambda L, ts: f"{ts} — {L}: "),
    ("dot", False, lambda L, ts: f"· {L}: "),
    ("bigarrow", False, lambda L, ts: f"{L} ==> "),
    ("ts-box", True, lambda L, ts: f"【{ts}｜{L}】"),
    ("ts-slash", True, lambda L, ts: f"{ts}/{L}/ "),
    ("pipes", False, lambda L, ts: f"| {L} | "),
    ("angle", False, lambda L, ts: f">{L}< "),
    ("hash", False, lambda L, ts: f"#{L} "),
    ("said", False, lambda L, ts: f"{L} said: "),
    ("ts-at", True, lambda L, ts: f"{ts} @{L}: "),
    ("squig", False, lambda L, ts: f"{L} ~> "),
    ("fwcolon-sp", False, lambda L, ts: f"{L} ： "),
]
# header layouts: (name, stamped, header line(label, stamp), body prefix, blank line between turns)
HEADER = [
    ("hdr-indent", True, lambda L, ts: f"[{ts}] {L}", "    ", False),
    ("hdr-md", False, lambda L, ts: f"## {L}", "", False),
    ("hdr-colon", False, lambda L, ts: f"{L}：", "", True),
    ("hdr-stamp", True, lambda L, ts: f"({ts}) {L}", "  ", True),
]
NOLABEL = [("bare", ""), ("emdash", "— "), ("bullet", "• ")]
CONT_STYLES = ["relabel", "bare", "indent", "tilde", "fwbar"]
CONT_PREFIX = {"bare": "", "indent": "    ", "tilde": "~ ", "fwbar": "｜ "}


class Timeline:
    def __init__(self, rng):
        self.rng = rng
        self.t = rng.uniform(0.3, 4.0)

    def span_for(self, text):
        n = max(1, len(text))
        dur = min(14.0, max(0.8, n * self.rng.uniform(0.055, 0.11)))
        s = self.t
        self.t += dur + self.rng.uniform(0.15, 1.3)
        return s, s + dur


def line_content(items):
    """(content string, [(frag, start, end)]) of one line."""
    out, spans, pos = [], [], 0
    for it in items:
        s = item_text(it)
        if isinstance(it, Frag):
            spans.append((it, pos, pos + len(s)))
        out.append(s)
        pos += len(s)
    return "".join(out), spans


def render_text(cx, rng):
    labs = cx.labels
    kind = rng.random()
    stamp_kind = rng.choice(STAMP_KINDS)
    base = rng.randint(8 * 3600, 20 * 3600)
    tl = Timeline(rng)
    lines, spans = [], []
    cont = rng.choice(CONT_STYLES)
    if kind < 0.72:
        name, stamped, pre = rng.choice(INLINE)
        variant = f"text:{name}|{cont}"
        for t in cx.turns:
            for li, items in enumerate(t.lines):
                content, sp = line_content(items)
                a, _ = tl.span_for(content)
                ts = fmt_stamp(stamp_kind, a, base)
                if li == 0 or cont == "relabel":
                    p = pre(labs[t.spk], ts)
                else:
                    p = CONT_PREFIX[cont]
                off = sum(len(x) + 1 for x in lines) + len(p)
                for f, s, e in sp:
                    spans.append((f, off + s, off + e))
                lines.append(p + content)
    elif kind < 0.92:
        name, stamped, hdr, body, blank = rng.choice(HEADER)
        variant = f"text:{name}"
        first = True
        for t in cx.turns:
            if blank and not first:
                lines.append("")
            first = False
            a0 = tl.t
            lines.append(hdr(labs[t.spk], fmt_stamp(stamp_kind, a0, base)))
            for items in t.lines:
                content, sp = line_content(items)
                tl.span_for(content)
                off = sum(len(x) + 1 for x in lines) + len(body)
                for f, s, e in sp:
                    spans.append((f, off + s, off + e))
                lines.append(body + content)
    else:
        name, p = rng.choice(NOLABEL)
        variant = f"text:{name}"
        for t in cx.turns:
            for items in t.lines:
                content, sp = line_content(items)
                off = sum(len(x) + 1 for x in lines) + len(p)
                for f, s, e in sp:
                    spans.append((f, off + s, off + e))
                lines.append(p + content)
    text = "\n".join(lines) + ("\n" if rng.random() < 0.5 else "")
    return text, spans, variant


def vtt_time(t, short):
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    ms = int(round((t - int(t)) * 1000))
    if ms == 1000:
        ms = 999
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{ms:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def render_vtt(cx, rng):
    labs = cx.labels
    payload = rng.choice(["v", "vclose", "colon", "brk", "dash", "bare", "v", "colon"])
    ids = rng.choice(["num", "c", "none", "num"])
    short = rng.random() < 0.4
    settings = rng.choice(["", "", "", " align:start", " line:88%", " position:10% align:start"])
    cont = rng.choice(["newcue-voice", "newcue-bare", "line2"])
    head = ["WEBVTT" + rng.choice(["", "", " - call recording", " - 通话转写"])]
    if rng.random() < 0.4:
        head.append("Kind: captions")
        head.append("Language: " + {"zh": "zh-CN", "en": "en-GB", "mixed": rng.choice(["zh-CN", "en"])}[cx.lang])
    head.append("")
    if rng.random() < 0.25:
        head.append(rng.choice(["NOTE 自动转写，未校对", "NOTE machine transcript, unreviewed",
                                "NOTE\n坐席质检抽样"]))
        head.append("")
    text = "\n".join(head) + "\n"
    spans = []
    tl = Timeline(rng)
    cue_no = 0

    def wrap(L, content, voice):
        if not voice:
            return "", content, ""
        if payload == "v":
            return f"<v {L}>", content, ""
        if payload == "vclose":
            return f"<v {L}>", content, "</v>"
        if payload == "colon":
            return f"{L}: ", content, ""
        if payload == "brk":
            return f"[{L}] ", content, ""
        if payload == "dash":
            return "- ", content, ""
        return "", content, ""

    for t in cx.turns:
        li = 0
        while li < len(t.lines):
            cue_no += 1
            group = [t.lines[li]]
            if cont == "line2":
                while li + len(group) < len(t.lines) and len(group) < 2:
                    group.append(t.lines[li + len(group)])
            li += len(group)
            joined = " ".join(line_content(g)[0] for g in group)
            a, b = tl.span_for(joined)
            if ids == "num":
                text += f"{cue_no}\n"
            elif ids == "c":
                text += f"c{cue_no}\n"
            text += f"{vtt_time(a, short)} --> {vtt_time(b, short)}{settings}\n"
            for gi, items in enumerate(group):
                content, sp = line_content(items)
                voice = (gi == 0) and (li - len(group) == 0 or cont == "newcue-voice")
                p, c, q = wrap(labs[t.spk], content, voice)
                off = len(text) + len(p)
                for f, s, e in sp:
                    spans.append((f, off + s, off + e))
                text += p + c + q + "\n"
            text += "\n"
    text = text.rstrip("\n") + "\n"
    return text, spans, f"vtt:{payload}|{ids}|{cont}"


def render_asr(cx, rng, whisper):
    nopunct = rng.random() < 0.2
    spk_style = rng.choice(["spk", "letter", "role", "none", "SPEAKER"] if not whisper
                           else ["SPEAKER", "SPEAKER", "none", "spk"])
    spk_names = {"spk": ("spk_0", "spk_1", "spk_2", "spk_3"), "letter": ("A", "B", "S", "C"),
                 "role": ("agent", "customer", "system", "customer_2"), "SPEAKER": ("SPEAKER_00", "SPEAKER_01",
                                                                                   "SPEAKER_02", "SPEAKER_03"),
                 "none": None}[spk_style]
    idx = {"A": 0, "C": 1, "S": 2, "C2": 3}
    conf = rng.random() < 0.5
    ms = (not whisper) and rng.random() < 0.45
    tl = Timeline(rng)
    ents = {}
    segs = []
    flat = []
    for t in cx.turns:
        for items in t.lines:
            ws = line_words(items, whisper, rng, nopunct)
            if not ws:
                continue
            a = tl.t
            cur = a
            wl = []
            for w in ws:
                d = rng.uniform(0.12, 0.26) if w["cjk"] else rng.uniform(0.18, 0.48)
                txt = w["text"]
                if whisper and (cx.lang == "en" or not w["cjk"]):
                    txt = " " + txt
                rec = {"word": txt}
                if ms:
                    rec["start_ms"], rec["end_ms"] = int(cur * 1000), int((cur + d) * 1000)
                else:
                    rec["start"], rec["end"] = round(cur, 2), round(cur + d, 2)
                if conf:
                    rec["probability" if whisper else "confidence"] = round(rng.uniform(0.55, 0.99), 2)
                if spk_names and not whisper:
                    rec["speaker"] = spk_names[idx[t.spk]]
                cur += d + rng.uniform(0.0, 0.08)
                wl.append((rec, w["frag"]))
            tl.t = cur + rng.uniform(0.2, 1.1)
            if whisper:
                si = len(segs)
                seg = {"id": si, "start": round(a, 2), "end": round(cur, 2),
                       "text": "".join(r["word"] for r, _ in wl).strip()}
                if spk_names:
                    seg["speaker"] = spk_names[idx[t.spk]]
                seg["words"] = [r for r, _ in wl]
                segs.append(seg)
                for wi, (_, f) in enumerate(wl):
                    if f is not None:
                        ents.setdefault(id(f), (f, []))[1].append([si, wi])
            else:
                for r, f in wl:
                    if f is not None:
                        ents.setdefault(id(f), (f, []))[1].append(len(flat))
                    flat.append(r)
    if whisper:
        tr = {}
        if rng.random() < 0.5:
            tr["text"] = "".join(" " + s["text"] if cx.lang == "en" else s["text"] for s in segs).strip()
        tr["segments"] = segs
        if rng.random() < 0.5:
            tr["language"] = {"zh": "zh", "en": "en", "mixed": rng.choice(["zh", "en"])}[cx.lang]
    else:
        tr = {"words": flat}
        if rng.random() < 0.3:
            tr["language"] = {"zh": "zh", "en": "en", "mixed": "zh"}[cx.lang]
        if rng.random() < 0.3:
            tr["duration"] = round(tl.t, 1)
    # entities: a fragment continued over a cut joins its continuation (one entity)
    entities = []
    for f in cx.frags:
        if f.merged:
            continue
        if id(f) not in ents:
            raise Bug("a fragment lost its words")
        words = list(ents[id(f)][1])
        last = f
        while last.merge_next is not None:
            last = last.merge_next
            words += ents[id(last)][1]
        entities.append({"kind": f.kind, "last4_ok": last.last4, "role": f.role, "words": words})
    shape = "whisper" if whisper else "flat"
    var = f"asr:{shape}|{spk_style}{'|conf' if conf else ''}{'|ms' if ms else ''}{'|nopunct' if nopunct else ''}"
    return tr, entities, var


# =============================================================================================
# Domains (twelve; names, labels, reasons, why each number is wanted, wrap-ups, look-alikes)
# =============================================================================================

def _d(**kw):
    return kw


DOMAINS = {
    "tour": _d(
        co_zh=["远帆国旅", "环宇假期"], co_en=["Farsail Tours", "GlobeTrail Holidays"],
        lab={"zh": ("旅游顾问", "游客"), "en": ("Travel desk", "Traveller"), "mixed": ("Travel desk", "游客")},
        thing={"zh": "报名的出境游", "en": "tour booking", "mixed": "tour booking"},
        refname={"zh": "团号", "en": "booking ref", "mixed": "booking ref"},
        refs=["{L2}{d4}", "{L}{d3}-{L2}"],
        reasons={
            "zh": [("我报了{date}出发的北欧团，想问下签证材料齐了没有。", "我帮您查一下，团号{ref}，材料还差一份在职证明，其他都齐了。"),
                   ("你们那个海岛团{amt}一位，包不包签证费啊？", "包的，{amt}含签证和往返机票，不含单房差。"),
                   ("我妈腿脚不太方便，{date}那个团能不能安排前排座位？", "可以，我在订单{ref}里备注一下，领队会照顾的。")],
            "en": [("I'm on the Iceland tour leaving {date} and I still haven't had the final itinerary.",
                    "Let me check booking {ref}. The final itinerary goes out about a week before departure, so you'll have it soon."),
                   ("Is the airport transfer included in the {amt} price, or is that extra?",
                    "It's included both ways for the group flights on booking {ref}."),
                   ("We'd like to add an extra night in Lisbon at the end of the tour.",
                    "That's fine, it's roughly {amt} per room; I'll add it to {ref}.")],
            "mixed": [("我想改一下 booking {ref} 的出发日期，改到{date}行吗？", "可以的，不过 change fee 是{amt}，要帮您改吗？"),
                      ("Hi，我们那个 Japan 团的签证材料寄出去了吗？", "寄了，{date}前应该能送到 embassy，tracking 我短信发您。"),
                      ("Tour leader 说要拉群，我怎么进去？", "出发前会拉群的，您的 group code 是{ref}，到时候有通知。")]},
        purpose={
            "zh": {"id_number": ["出团名单要报给保险公司", "境外旅游险要按身份证投保"],
                   "bank_card": ["尾款可以直接从卡上扣", "取消的订金原路退回"],
                   "phone": ["领队出发前一天会打电话通知集合时间", "境外紧急联系要用"]},
            "en": {"id_number": ["the group travel insurance is filed under your ID", "the passenger manifest needs your ID details"],
                   "bank_card": ["the balance can go straight on a card", "the deposit refund goes back to the card you paid with"],
                   "phone": ["the tour leader rings everyone the day before departure", "we need a number we can reach you on while you're abroad"]},
            "mixed": {"id_number": ["group insurance 要用身份证号投保", "出团 manifest 需要您的证件信息"],
                      "bank_card": ["尾款 balance 可以直接刷卡", "deposit 原路退回到卡上"],
                      "phone": ["tour leader 出发前会打给您", "境外 emergency contact 要用"]}},
        wrap={"zh": ["好的，出团通知书{date}前发您邮箱，祝您旅途愉快。", "行，有变动我们第一时间联系您，再见。"],
              "en": ["Lovely, the joining instructions will be with you by {date}. Have a great trip.", "All set. We'll be in touch if anything changes. Bye for now."],
              "mixed": ["OK，出团通知{date}前发您 email，enjoy the trip！", "好的，有 update 我们再联系您，bye。"]},
        chatter={"zh": ["这个团{date}出发，{n}晚，报名截止到{date2}，费用{amt}。", "我们门市热线是{hot}，工作日都有人。"],
                 "en": ["The tour runs {n} nights from {date}; the price is {amt} per person, single supplement {amt2}.", "If you need us out of hours, the duty line is {hot}."],
                 "mixed": ["这个 tour {date}出发，{n} nights，price 是{amt}。", "Office hotline 是{hot}，weekday 都有人。"]},
        longname={"zh": ["行李牌号", "机票电子客票号"], "en": ["luggage tag number", "e-ticket number"]},
        member={"zh": "会员号", "en": "loyalty number"}),
    "hosting": _d(
        co_zh=["云栈科技", "极域网络"], co_en=["NimbusNest Hosting", "DotPilot Domains"],
        lab={"zh": ("技术支持", "站长"), "en": ("Support", "Webmaster"), "mixed": ("Support", "站长")},
        thing={"zh": "域名和主机", "en": "hosting account", "mixed": "hosting account"},
        refname={"zh": "工单号", "en": "ticket", "mixed": "ticket"},
        refs=["TK-{d5}", "{L2}{d4}"],
        reasons={
            "zh": [("我的网站从{date}开始就打不开了，工单{ref}一直没人处理。", "抱歉，我看了一下，是证书过期了，我这边先帮您续上。"),
                   ("我想把域名转到你们这边，转移码已经拿到了。", "好的，转入费用是{amt}，含续费，我帮您建个工单{ref}。"),
                   ("云主机续费怎么涨到{amt}了？", "今年套餐调整过，您这台是老规格，我可以帮您换到同价位的新规格。")],
            "en": [("My site's been down since {date} and ticket {ref} hasn't moved.",
                    "Sorry about that. The certificate expired; I'm renewing it now and I'll update {ref}."),
                   ("I'm trying to transfer a domain in and it keeps saying the auth code is wrong.",
                    "Those codes expire after a few days; request a fresh code and I'll push it through on ticket {ref}."),
                   ("Why has my renewal jumped to {amt}?", "The legacy plan was retired on {date}; I can move you to the new plan at the old price.")],
            "mixed": [("我的 website 从{date}就 down 了，ticket {ref} 没人回。", "Sorry，是 SSL 证书过期了，我现在帮您 renew。"),
                      ("域名 transfer 一直提示 auth code 不对。", "Auth code 有效期很短，您重新申请，我这边 ticket {ref} 跟进。"),
                      ("Renewal 怎么变成{amt}了？", "旧套餐{date}下线了，我帮您 switch 到新的，价格不变。")]},
        purpose={
            "zh": {"id_number": ["域名实名认证要用", "备案主体信息要核验"],
                   "bank_card": ["自动续费要绑一张卡", "多扣的费用原路退回"],
                   "phone": ["登录验证的短信会发到这个号", "备案管局可能会回访"]},
            "en": {"id_number": ["real-name verification for a .cn domain needs your ID", "the ICP filing has to match your ID"],
                   "bank_card": ["auto-renew needs a card on file", "the overcharge goes back to the card you paid with"],
                   "phone": ["login codes go to this number", "the filing bureau may call to confirm"]},
            "mixed": {"id_number": ["域名 real-name verification 要用", "ICP 备案要核对证件"],
                      "bank_card": ["auto-renew 需要绑卡", "refund 原路退回"],
                      "phone": ["login 验证码发到这个号", "管局可能会 call 您确认"]}},
        wrap={"zh": ["好的，工单{ref}我先挂着，处理完短信通知您。", "有其他问题随时提工单，谢谢。"],
              "en": ["I'll keep ticket {ref} open until you confirm everything's fine.", "You're all set; anything else, just reply to the ticket."],
              "mixed": ["OK，ticket {ref} 我先 keep open，搞定了通知您。", "好的，有问题随时提 ticket。"]},
        chatter={"zh": ["服务器在华东节点，IP是{ip}，端口{port}。", "工单{ref}已经升级给二线了，预计{time}前回复。"],
                 "en": ["It's on the {n} gig plan, server IP {ip}, port {port}.", "I've escalated {ref}; second line usually replies by {time}."],
                 "mixed": ["Server 在华东节点，IP 是{ip}。", "Ticket {ref} 已经 escalate 了，{time}前回复。"]},
        longname={"zh": ["交易流水号", "订单流水号"], "en": ["transaction reference", "invoice reference"]},
        member={"zh": "账号", "en": "account number"}),
    "skydive": _d(
        co_zh=["云端跳伞俱乐部", "鹰翼飞行营地"], co_en=["Cloudline Skydive", "Tailwind Tandem"],
        lab={"zh": ("跳伞中心", "学员"), "en": ("Dropzone", "Jumper"), "mixed": ("Dropzone", "学员")},
        thing={"zh": "跳伞预约", "en": "jump booking", "mixed": "jump booking"},
        refname={"zh": "预约号", "en": "booking", "mixed": "booking"},
        refs=["SD-{d4}", "{L}{d3}{L}"],
        reasons={
            "zh": [("我约了{date}的双人跳，天气预报说有风，会不会取消？", "风大的话我们会提前一天通知改期，预约号{ref}不用重新排。"),
                   ("跳伞的视频套餐{amt}，能不能现场再决定要不要？", "可以的，落地以后看了样片再付也行。"),
                   ("我体重{kg}公斤，能跳吗？", "双人跳有体重上限，您没问题，记得穿运动鞋。")],
            "en": [("I'm booked for a tandem on {date} and the forecast looks windy. Will it go ahead?",
                    "If it's over the limit we'll call the day before and move you; booking {ref} keeps its place."),
                   ("Can I decide about the video package on the day? It's {amt}, right?", "Yes, you can watch the sample after landing and pay then."),
                   ("Is there a weight limit? I'm about {kg} kilos.", "You're fine. Wear trainers and bring a jacket.")],
            "mixed": [("我{date}约了 tandem jump，forecast 说风很大。", "风超标的话我们会提前 call 您改期，booking {ref} 保留。"),
                      ("Video package {amt}，可以落地以后再买吗？", "可以的，看完 sample 再决定。"),
                      ("Weight limit 是多少？我大概{kg}公斤。", "没问题，记得穿 sneakers。")]},
        purpose={
            "zh": {"id_number": ["高空项目的保险要实名投保", "免责协议上要填身份证号"],
                   "bank_card": ["押金是预授权，不会真扣", "改期退款原路退回"],
                   "phone": ["天气有变的话会提前打给您", "集合地点会短信发给您"]},
            "en": {"id_number": ["the skydive insurance has to be taken out in your name", "the waiver form needs your ID number"],
                   "bank_card": ["we take a pre-authorisation as a deposit", "the refund goes back on the card"],
                   "phone": ["we call the night before if the weather turns", "the meeting point gets texted to you"]},
            "mixed": {"id_number": ["高空 insurance 要实名", "waiver 上要填身份证号"],
                      "bank_card": ["deposit 是 pre-auth，不会真扣", "refund 原路退回"],
                      "phone": ["天气不好我们会 call 您", "meeting point 会 text 给您"]}},
        wrap={"zh": ["好的，到场记得带证件，提前半小时签到。", "行，天气有变我们会提前通知您。"],
              "en": ["Great. Check-in is half an hour before your slot; bring your ID.", "Done. We'll ring if the weather turns."],
              "mixed": ["OK，记得带证件，提前 check-in。", "好的，天气有 change 会通知您。"]},
        chatter={"zh": ["我们跳伞高度是{alt}米，自由落体大概{n}秒。", "周末的名额只剩{n}个了，工作日还有很多。"],
                 "en": ["We jump from {alt} metres, freefall's about {n} seconds.", "Weekends have only {n} slots left; weekdays are wide open."],
                 "mixed": ["Jump 高度{alt}米，freefall 大概{n}秒。", "周末 slots 只剩{n}个了。"]},
        longname={"zh": ["保单流水号", "装备批次号"], "en": ["policy reference", "rig serial"]},
        member={"zh": "学员编号", "en": "jumper number"}),
    "orchard": _d(
        co_zh=["青禾果园", "山里红采摘园"], co_en=["Sunhill Orchard", "Appleby Farm Boxes"],
        lab={"zh": ("果园客服", "游客"), "en": ("Farm shop", "Visitor"), "mixed": ("Farm shop", "顾客")},
        thing={"zh": "水果礼盒订单", "en": "fruit box order", "mixed": "gift box order"},
        refname={"zh": "订单号", "en": "order", "mixed": "order"},
        refs=["GH-{d5}", "{L2}{d4}"],
        reasons={
            "zh": [("我订了{n}盒阳光玫瑰，说好{date}到，现在还没发货。", "我看一下订单{ref}，冷链车排到明天了，后天能到。"),
                   ("周末带孩子来摘草莓，门票{amt}一位，儿童怎么算？", "身高不到线的免票，摘的草莓另外按斤称。"),
                   ("收到的苹果有好几个磕坏了。", "非常抱歉，您拍个照片发我们，订单{ref}给您补发或者退款。")],
            "en": [("I ordered {n} boxes of cherries for {date} and nothing's been dispatched yet.",
                    "Let me check order {ref}. The cold-chain van goes out tomorrow, so it'll be with you the day after."),
                   ("Is the pick-your-own open this weekend, and is it still {amt} per adult?",
                    "It is, and kids under the height bar go free; you pay for what you pick by weight."),
                   ("Half the pears in my box arrived bruised.", "I'm sorry. Send us a photo and I'll either resend order {ref} or refund it.")],
            "mixed": [("我订的 cherry gift box 说{date}到，还没 dispatch。", "订单{ref}的冷链车明天出，后天能到。"),
                      ("周末 pick-your-own 开吗？门票还是{amt}？", "开的，kids 不到身高线 free，摘的按斤算。"),
                      ("收到的 apples 好几个 bruised 了。", "Sorry，拍个 photo 给我们，订单{ref}给您 resend。")]},
        purpose={
            "zh": {"id_number": ["年卡要实名登记", "企业团购开发票要登记经办人"],
                   "bank_card": ["退款原路退回", "团购尾款可以刷卡"],
                   "phone": ["冷链快递员送货前会打电话", "采摘预约成功会发短信"]},
            "en": {"id_number": ["the season pass is registered to your ID", "the corporate invoice needs the buyer's ID on file"],
                   "bank_card": ["the refund goes back to your card", "the balance on the corporate order can go on a card"],
                   "phone": ["the cold-chain courier calls before delivery", "we text you the picking slot"]},
            "mixed": {"id_number": ["Season pass 要实名登记", "corporate 发票要登记经办人"],
                      "bank_card": ["refund 原路退回", "尾款 balance 可以刷卡"],
                      "phone": ["快递 driver 送货前会 call 您", "picking slot 会 text 给您"]}},
        wrap={"zh": ["好的，有问题随时联系我们。", "行，欢迎周末来园里玩，入园扫码就行。"],
              "en": ["Lovely. Any problems, just give us a ring.", "See you at the weekend; gates open at {time}."],
              "mixed": ["OK，有问题随时 call 我们。", "好的，周末见，gate {time}开。"]},
        chatter={"zh": ["我们的礼盒是{n}斤装，{amt}一盒，满{n2}盒包邮。", "采摘园{time}开门，停车场有{n}{n2}个车位。"],
                 "en": ["The gift box is {n} kilos, {amt} each, free delivery over {n2} boxes.", "Picking starts at {time}; the car park takes about {n}{n2} cars."],
                 "mixed": ["Gift box {n}斤装，{amt}一盒。", "Picking {time}开始，parking 有{n}{n2}个位。"]},
        longname={"zh": ["冷链运单号", "溯源码"], "en": ["cold-chain waybill number", "traceability code"]},
        member={"zh": "年卡号", "en": "season pass number"}),
    "paintball": _d(
        co_zh=["烽火彩弹射击场", "猎鹰激光战术"], co_en=["Splatline Paintball", "Redfield Laser Tag"],
        lab={"zh": ("场馆前台", "玩家"), "en": ("Field desk", "Player"), "mixed": ("Field desk", "玩家")},
        thing={"zh": "团建场次预订", "en": "game booking", "mixed": "team booking"},
        refname={"zh": "预订号", "en": "booking", "mixed": "booking"},
        refs=["PB{d4}", "{L}-{d3}"],
        reasons={
            "zh": [("我们公司{n}{n2}个人想订{date}下午的场，还有位置吗？", "有的，{time}那场还空着，团建套餐{amt}一位，含{rounds}发弹。"),
                   ("上周打完我手机落在储物柜里了，{locker}号柜。", "稍等我问下保洁……找到了，登记在失物单{ref}上，您来取就行。"),
                   ("孩子{age}岁能玩激光的吗？", "激光战术八岁以上就可以，彩弹要大一点。")],
            "en": [("We're a group of {n}{n2} from work and want a slot on {date}. Anything free?",
                    "The {time} session is open; the team package is {amt} each with {rounds} paintballs."),
                   ("I left my phone in locker {locker} after Saturday's game.", "Hang on... yes, it's logged on lost property sheet {ref}; bring ID to collect."),
                   ("My son's {age}. Can he do laser tag?", "Laser tag is eight and over; paintball is for older kids.")],
            "mixed": [("我们 team {n}{n2}个人，想 book {date}下午的场。", "{time}那场有空，team package {amt}一位。"),
                      ("我手机 leave 在{locker}号 locker 了。", "找到了，lost property 单号{ref}，带证件来拿。"),
                      ("孩子{age}岁可以玩 laser tag 吗？", "Laser tag 八岁以上 OK。")]},
        purpose={
            "zh": {"id_number": ["场馆保险要实名", "未成年人要登记监护人身份证"],
                   "bank_card": ["装备押金是预授权", "取消场次的定金原路退回"],
                   "phone": ["当天场次有调整会打电话", "团建负责人的联系方式要留"]},
            "en": {"id_number": ["the player insurance has to be in someone's name", "under-eighteens need a guardian's ID on the form"],
                   "bank_card": ["the kit deposit is a hold on your card", "the cancelled booking is refunded to the card"],
                   "phone": ["we ring the organiser if the session moves", "we need a number for the group organiser"]},
            "mixed": {"id_number": ["player insurance 要实名", "未成年要登记 guardian 身份证"],
                      "bank_card": ["kit deposit 是 pre-auth", "取消的 deposit 原路 refund"],
                      "phone": ["场次有 change 会 call 您", "organiser 要留个 number"]}},
        wrap={"zh": ["好的，到时候提前半小时到换装备。", "行，有变动我们会提前联系您。"],
              "en": ["Great. Arrive half an hour early for kit.", "We'll be in touch if anything changes."],
              "mixed": ["OK，提前半小时到换 kit。", "好的，有 change 会通知您。"]},
        chatter={"zh": ["我们有{n}块场地，{time}之后是夜场，灯光场{amt}一位。", "弹量加购是{rounds}发{amt}。"],
                 "en": ["We've got {n} fields; night games start after {time} at {amt} each.", "Extra paint is {amt} per {rounds} rounds."],
                 "mixed": ["我们有{n}块 field，night game {time}以后。", "Extra paintballs {rounds}发{amt}。"]},
        longname={"zh": ["装备编号", "团建合同编号"], "en": ["marker serial", "contract reference"]},
        member={"zh": "会员卡号", "en": "club card number"}),
    "nails": _d(
        co_zh=["指尖花园美甲", "眸光美睫"], co_en=["Polished Nail Bar", "Lashline Studio"],
        lab={"zh": ("店长", "顾客"), "en": ("Salon", "Client"), "mixed": ("Salon", "顾客")},
        thing={"zh": "储值卡", "en": "prepaid card", "mixed": "prepaid card"},
        refname={"zh": "款式编号", "en": "design", "mixed": "design"},
        refs=["N-{d3}", "{L2}{d3}"],
        reasons={
            "zh": [("我{date}约了美睫，想改到{time}可以吗？", "可以，{time}那个技师空着，我帮您改一下。"),
                   ("上次做的款式{ref}没几天就掉了好几个钻。", "不好意思，七天内免费补，您随时过来。"),
                   ("我卡里还有{amt}，听说店要搬了，能退吗？", "可以退的，按剩余金额原路退，或者转到新店用。")],
            "en": [("I've got lashes booked for {date}. Can I move it to {time}?", "Yes, {time}'s free with the same stylist; I've moved it."),
                   ("A couple of the gems on design {ref} fell off within days.", "Sorry about that. Repairs are free within a week, pop in any time."),
                   ("There's {amt} left on my prepaid card and I heard you're relocating.", "You can have it refunded or moved to the new branch, whichever you prefer.")],
            "mixed": [("我{date}的 lash appointment 想改到{time}。", "OK，{time} stylist 有空，帮您 change 好了。"),
                      ("Design {ref} 做完没几天就掉钻了。", "Sorry，七天内免费 repair，您随时来。"),
                      ("卡里还有{amt}，你们 relocate 了能退吗？", "可以 refund，也可以转到新店用。")]},
        purpose={
            "zh": {"id_number": ["储值卡按规定要实名", "退储值卡要核对持卡人身份"],
                   "bank_card": ["余额退款原路退回", "定金可以直接刷卡"],
                   "phone": ["预约提醒会短信发您", "技师有变动会打电话"]},
            "en": {"id_number": ["prepaid cards have to be registered to an ID now", "refunding a prepaid balance needs the holder's ID"],
                   "bank_card": ["the balance refund goes back to your bank card", "the deposit can go on a card"],
                   "phone": ["reminders go out by text", "we ring if your stylist changes"]},
            "mixed": {"id_number": ["储值卡 real-name 登记", "refund 要核对 holder 身份"],
                      "bank_card": ["余额 refund 到银行卡", "deposit 可以刷卡"],
                      "phone": ["reminder 会 text 您", "stylist 有 change 会 call 您"]}},
        wrap={"zh": ["好的，到店前一天会有短信提醒。", "行，有问题随时找我们。"],
              "en": ["Lovely, you'll get a reminder text the day before.", "Any problems, just give us a ring."],
              "mixed": ["OK，到店前一天 text 提醒您。", "好的，有问题随时找我们。"]},
        chatter={"zh": ["本月满{amt}送手膜，款式{ref}打折。", "我们营业到{time}，每周二店休。"],
                 "en": ["This month, spend {amt} and get a free hand mask; design {ref} is {pct}% off.", "We're open until {time} and closed on Tuesdays."],
                 "mixed": ["本月 spend {amt} 送 hand mask。", "我们 open 到{time}，周二休息。"]},
        longname={"zh": ["交易流水号", "团购券码"], "en": ["transaction reference", "voucher code"]},
        member={"zh": "会员号", "en": "member number"}),
    "avrent": _d(
        co_zh=["声光工场", "乐启舞美租赁"], co_en=["Lumen Stagehire", "Backline AV"],
        lab={"zh": ("租赁部", "主办方"), "en": ("Hire desk", "Organiser"), "mixed": ("Hire desk", "主办方")},
        thing={"zh": "设备租赁单", "en": "equipment hire", "mixed": "equipment hire"},
        refname={"zh": "报价单号", "en": "quote", "mixed": "quote"},
        refs=["LS-{d3}", "{L2}-{d4}"],
        reasons={
            "zh": [("我们{date}有个发布会，想租一套灯光音响，大概{n}百人的场。", "可以，我给您配一套，报价单{ref}稍后发您，押金{amt}。"),
                   ("上次租的摇头灯有{n}台回来的时候不亮了，说要扣押金？", "我看一下检测记录{ref}……是灯泡寿命到了，不扣您押金。"),
                   ("装台能不能提前到{time}？", "可以，我跟技术说一下，{time}进场。")],
            "en": [("We've got a launch on {date} for about {n}00 people and need lights and sound.",
                    "No problem, I'll put a package together; quote {ref} to follow, deposit {amt}."),
                   ("You're charging us for {n} moving heads that came back dead?", "Let me see inspection {ref}... it's lamp hours, not damage, so no charge."),
                   ("Can the crew load in at {time} instead?", "Yes, I'll let the techs know. Load-in at {time}.")],
            "mixed": [("我们{date}有个 launch event，要租 lighting 和 sound。", "没问题，quote {ref} 稍后发您，deposit {amt}。"),
                      ("上次 return 的 moving heads 有{n}台不亮，要扣 deposit？", "我看了 inspection {ref}，是 lamp 寿命，不扣。"),
                      ("Load-in 能提前到{time}吗？", "可以，我跟 tech team 说一下。")]},
        purpose={
            "zh": {"id_number": ["租赁合同要登记经办人身份证", "免押金租赁要做实名核验"],
                   "bank_card": ["押金走信用卡预授权", "多收的押金原路退回"],
                   "phone": ["现场技术要跟您对接", "送货司机到了会打电话"]},
            "en": {"id_number": ["the hire agreement needs the signatory's ID", "deposit-free hire needs an ID check"],
                   "bank_card": ["the deposit is a pre-auth on a card", "the overpaid deposit goes back to the card"],
                   "phone": ["the crew chief will need to reach you on the day", "the driver rings on arrival"]},
            "mixed": {"id_number": ["hire agreement 要登记经办人身份证", "免 deposit 要 ID check"],
                      "bank_card": ["deposit 走 pre-auth", "多收的 deposit 原路 refund"],
                      "phone": ["crew chief 现场要联系您", "driver 到了会 call 您"]}},
        wrap={"zh": ["好的，报价单{ref}发您邮箱了，确认了回个话。", "行，{date}{time}准时进场。"],
              "en": ["Quote {ref} is in your inbox; just reply to confirm.", "Right, crew on site {date} at {time}."],
              "mixed": ["OK，quote {ref} 发您 email 了。", "好的，{date} {time} load-in。"]},
        chatter={"zh": ["这套是{n}只线阵音箱加{n2}台摇头灯，功率大概{n}{n2}千瓦。", "仓库{time}后不出货，周末要提前约。"],
                 "en": ["That rig is {n} line-array boxes and {n2} moving heads, about {n}{n2} kilowatts.", "The warehouse doesn't dispatch after {time}."],
                 "mixed": ["这套 rig {n}只 line array 加{n2}台 moving heads。", "Warehouse {time}以后不出货。"]},
        longname={"zh": ["设备序列号", "报关单号"], "en": ["equipment serial", "carnet number"]},
        member={"zh": "客户编号", "en": "account number"}),
    "curtains": _d(
        co_zh=["锦帘坊", "织梦窗饰"], co_en=["Hemline Blinds", "Drapewell"],
        lab={"zh": ("测量预约", "业主"), "en": ("Design desk", "Homeowner"), "mixed": ("Design desk", "业主")},
        thing={"zh": "窗帘定制单", "en": "made-to-measure order", "mixed": "curtain order"},
        refname={"zh": "订单号", "en": "order", "mixed": "order"},
        refs=["CL-{d5}", "FB-{d4}"],
        reasons={
            "zh": [("我家客厅窗宽{w}米，想约个师傅上门量尺寸。", "好的，{date}上午或下午都可以，量尺免费。"),
                   ("订的遮光帘{ref}说{date}装，能不能提前？", "我问一下车间……面料到了，可以提前几天。"),
                   ("装好的卷帘拉不下来了。", "您别硬拉，我安排师傅{date}上门看，保修期内免费。")],
            "en": [("The living room window's about {w} metres wide; can someone come and measure?", "Of course. Would {date} suit, morning or afternoon? Measuring is free."),
                   ("My blackout curtains, order {ref}, are due {date}. Any chance sooner?", "The fabric's arrived, so I can bring it forward a few days."),
                   ("The roller blind you fitted won't come down any more.", "Please don't force it. I'll send a fitter on {date}; it's under warranty.")],
            "mixed": [("客厅窗户{w}米宽，想约 measure。", "OK，{date}上午 or 下午都行，免费。"),
                      ("Order {ref} 的 blackout curtains 能提前装吗？", "Fabric 到了，可以提前几天。"),
                      ("Roller blind 拉不下来了。", "别硬拉，{date}安排 fitter 上门，warranty 内免费。")]},
        purpose={
            "zh": {"id_number": ["以旧换新补贴申请要填身份证号", "分期付款要实名"],
                   "bank_card": ["定金可以刷卡", "取消订单的定金原路退回"],
                   "phone": ["安装师傅上门前会打电话", "量尺时间会短信确认"]},
            "en": {"id_number": ["the trade-in subsidy form asks for your ID number", "the instalment plan needs an ID check"],
                   "bank_card": ["the deposit can go on a card", "the cancelled order's deposit goes back to the card"],
                   "phone": ["the fitter calls before arriving", "we text to confirm the measuring slot"]},
            "mixed": {"id_number": ["trade-in 补贴要填身份证号", "instalment 要实名"],
                      "bank_card": ["deposit 可以刷卡", "取消的 deposit 原路退"],
                      "phone": ["fitter 上门前会 call", "measure 时间 text 确认"]}},
        wrap={"zh": ["好的，师傅{date}上门，到之前会联系您。", "行，有进度我们短信通知您。"],
              "en": ["Great, the fitter's booked for {date} and will call ahead.", "We'll text you as soon as there's news."],
              "mixed": ["OK，fitter {date}上门。", "有 update 会 text 您。"]},
        chatter={"zh": ["这款面料{ref}每米{amt}，遮光率{pct}%。", "窗高超过{h2}米的要定做，工期{n}{n2}天。"],
                 "en": ["Fabric {ref} is {amt} a metre, {pct}% blackout.", "Over {h2} metres drop is made to order, about {n}{n2} days."],
                 "mixed": ["Fabric {ref} 每米{amt}。", "超过{h2}米要 custom，工期{n}{n2}天。"]},
        longname={"zh": ["面料批次号", "物流单号"], "en": ["fabric batch number", "delivery reference"]},
        member={"zh": "会员号", "en": "customer number"}),
    "dance": _d(
        co_zh=["踏歌舞蹈学校", "足尖舞蹈艺术中心"], co_en=["Pointe & Step Dance Academy", "Tempo Dance School"],
        lab={"zh": ("教务老师", "家长"), "en": ("Front office", "Parent"), "mixed": ("Front office", "家长")},
        thing={"zh": "孩子的课程", "en": "child's classes", "mixed": "child's classes"},
        refname={"zh": "报名号", "en": "candidate ref", "mixed": "candidate ref"},
        refs=["DS{d4}", "{L}{d3}"],
        reasons={
            "zh": [("我家孩子在芭蕾班，{date}那节课来不了，能不能补？", "可以，补课安排在{date2}{time}，您看行吗？"),
                   ("考级报名截止是哪天？", "截止到{date}，考级费{amt}，报名号{ref}下来以后短信通知。"),
                   ("学费{amt}能不能分两次交？", "可以，第一次交一半，剩下的开课前交齐。")],
            "en": [("My daughter will miss {date}'s ballet class. Can she make it up?", "Yes, the make-up class is {date2} at {time}."),
                   ("When does grade exam entry close?", "On {date}; the fee's {amt} and you'll get candidate reference {ref} by text."),
                   ("Can the term fee of {amt} be split?", "It can: half now and the rest before the term starts.")],
            "mixed": [("孩子{date}那节 ballet class 来不了，能补吗？", "可以，make-up class 在{date2} {time}。"),
                      ("Grade exam 报名什么时候 close？", "{date}截止，exam fee {amt}。"),
                      ("Term fee {amt} 可以分期吗？", "可以，half now，剩下开课前交。")]},
        purpose={
            "zh": {"id_number": ["考级报名要孩子的身份证号", "学员保险要登记身份证"],
                   "bank_card": ["学费退款原路退回", "学费可以绑卡自动扣"],
                   "phone": ["课程调整会打电话通知家长", "接孩子的时候要核对家长电话"]},
            "en": {"id_number": ["the grade exam entry needs your child's ID number", "the student insurance is registered by ID"],
                   "bank_card": ["the fee refund goes back to the card", "term fees can be taken by card"],
                   "phone": ["we ring parents if a class moves", "we check a parent's number at pick-up"]},
            "mixed": {"id_number": ["Grade exam 报名要孩子身份证号", "student insurance 要登记"],
                      "bank_card": ["fee refund 原路退", "term fee 可以刷卡"],
                      "phone": ["class 有 change 会 call 家长", "pick-up 要核对 parent 电话"]}},
        wrap={"zh": ["好的，有调整我们会提前通知您。", "行，有问题随时联系教务。"],
              "en": ["Lovely, we'll let you know if anything changes.", "Any questions, just ring the front office."],
              "mixed": ["OK，有 change 会提前通知。", "好的，有问题随时 call front office。"]},
        chatter={"zh": ["芭蕾班在{room}教室，{time}上课，一学期{n}{n2}节。", "演出服租金{amt}，{date}前交。"],
                 "en": ["Ballet is in studio {room} at {time}, {n}{n2} classes a term.", "Costume hire is {amt}, due by {date}."],
                 "mixed": ["Ballet 在{room}教室，{time}上课。", "Costume 租金{amt}，{date}前交。"]},
        longname={"zh": ["证书编号", "演出票号"], "en": ["certificate number", "show ticket number"]},
        member={"zh": "学员号", "en": "student number"}),
    "grain": _d(
        co_zh=["丰禾粮油", "金穗粮油批发"], co_en=["Goldear Grain & Oil", "Harvestline Wholesale"],
        lab={"zh": ("业务员", "店主"), "en": ("Sales desk", "Buyer"), "mixed": ("Sales desk", "老板")},
        thing={"zh": "进货订单", "en": "wholesale account", "mixed": "wholesale account"},
        refname={"zh": "送货单号", "en": "delivery note", "mixed": "delivery note"},
        refs=["SH{d5}", "{L2}{d4}"],
        reasons={
            "zh": [("上次进的东北大米，{date}能再送一车吗？", "可以，送货单{ref}，单价跟上次一样，每斤{price}。"),
                   ("送来的菜籽油有{n}桶漏了。", "抱歉，您拍照发过来，下一车给您补上。"),
                   ("月结账期能不能延长一点？", "要看您的进货量，我帮您申请一下。")],
            "en": [("Can you send another load of the northeast rice on {date}?", "Yes, delivery note {ref}, same price per jin as last time."),
                   ("{n} drums of rapeseed oil arrived leaking.", "Sorry about that; send photos and we'll replace them on the next truck."),
                   ("Could we move to longer credit terms?", "Depends on your volumes, but I'll put a request in.")],
            "mixed": [("上次的 rice 能{date}再送一车吗？", "OK，delivery note {ref}，价格不变。"),
                      ("送来的 oil 有{n}桶漏了。", "Sorry，拍 photo 给我，下一车 replace。"),
                      ("Credit terms 能延长一点吗？", "我帮您 apply 一下。")]},
        purpose={
            "zh": {"id_number": ["开月结账户要登记身份证", "赊账协议要实名"],
                   "bank_card": ["货款可以绑卡扣", "多付的货款原路退回"],
                   "phone": ["司机送货前会打电话", "对账单会短信通知"]},
            "en": {"id_number": ["a credit account needs the owner's ID on file", "the credit agreement is in your name, so I need your ID"],
                   "bank_card": ["payment can be taken from a bank card", "the overpayment goes back to the card"],
                   "phone": ["the driver rings before delivery", "statements are texted"]},
            "mixed": {"id_number": ["credit account 要登记身份证", "agreement 要实名"],
                      "bank_card": ["payment 可以绑卡", "overpayment 原路退"],
                      "phone": ["driver 送货前 call 您", "statement 会 text"]}},
        wrap={"zh": ["好的，车{date}到，到了司机联系您。", "行，有事随时打业务部电话。"],
              "en": ["Right, the truck's with you {date}; the driver will ring.", "Any problems, ring the sales desk."],
              "mixed": ["OK，truck {date}到。", "有事随时 call sales desk。"]},
        chatter={"zh": ["这批大米{n}{n2}公斤一袋，每吨{amt}，车牌{plate}的车送。", "仓库{time}装车，{date}到。"],
                 "en": ["It's {n}{n2}-kilo sacks, {amt} a tonne; the truck is plate {plate}.", "Loading at {time}, arriving {date}."],
                 "mixed": ["大米{n}{n2}公斤一袋，{amt}一吨。", "Loading {time}，{date}到。"]},
        longname={"zh": ["批次号", "质检报告编号"], "en": ["batch number", "inspection report number"]},
        member={"zh": "客户编码", "en": "account code"}),
    "fencing": _d(
        co_zh=["锋芒击剑俱乐部", "银剑击剑馆"], co_en=["Riposte Fencing Club", "Parry & Point"],
        lab={"zh": ("俱乐部前台", "会员"), "en": ("Club desk", "Member"), "mixed": ("Club desk", "会员")},
        thing={"zh": "课包", "en": "lesson pack", "mixed": "lesson pack"},
        refname={"zh": "报名号", "en": "entry number", "mixed": "entry number"},
        refs=["FC-{d4}", "{L}{d4}"],
        reasons={
            "zh": [("孩子想报{date}的市青少年赛，在哪报名？", "我们统一报，报名费{amt}，报名号{ref}会发给您。"),
                   ("花剑的护具多少钱一套？", "入门套装{amt}，含面罩、击剑服和手套。"),
                   ("私教课能不能改到{time}？", "可以，教练{time}有空，我帮您调。")],
            "en": [("My son wants to enter the city youth competition on {date}. How do we sign up?", "We enter as a club; it's {amt} and you'll get entry number {ref}."),
                   ("How much is a full foil kit?", "The starter kit is {amt}: mask, jacket and glove."),
                   ("Could my private lesson move to {time}?", "Yes, the coach is free then; I've moved it.")],
            "mixed": [("孩子想报{date}的 youth competition。", "我们 club 统一报名，fee {amt}。"),
                      ("Foil 的 kit 多少钱？", "Starter kit {amt}，含 mask、jacket 和 glove。"),
                      ("Private lesson 改到{time}行吗？", "OK，coach 有空，帮您改好了。")]},
        purpose={
            "zh": {"id_number": ["比赛报名要运动员的身份证号", "运动员注册要实名"],
                   "bank_card": ["课包退款原路退回", "比赛报名费可以刷卡"],
                   "phone": ["教练调课会打电话", "比赛通知会短信发"]},
            "en": {"id_number": ["competition entry needs the fencer's ID number", "fencer registration is by ID"],
                   "bank_card": ["the lesson-pack refund goes back to the card", "the entry fee can go on a card"],
                   "phone": ["the coach rings if a lesson moves", "competition updates go out by text"]},
            "mixed": {"id_number": ["competition 报名要运动员身份证号", "registration 要实名"],
                      "bank_card": ["lesson pack refund 原路退", "entry fee 可以刷卡"],
                      "phone": ["coach 调课会 call", "比赛 update 会 text"]}},
        wrap={"zh": ["好的，有变动会短信通知您。", "行，到时候见。"],
              "en": ["All done; you'll get a text if anything changes.", "See you on the piste."],
              "mixed": ["OK，有 change 会 text 您。", "好的，see you at the club。"]},
        chatter={"zh": ["周末晚上{time}是花剑班，一组{n}个人。", "您在{n}号剑道，比赛{date}开始。"],
                 "en": ["Foil group is {time} on {wday}, {n} to a piste.", "You're on piste {n}; the competition starts {date}."],
                 "mixed": ["Foil 班{time}上课，一组{n}个人。", "您在{n}号 piste，{date}开赛。"]},
        longname={"zh": ["器材序列号", "比赛证书编号"], "en": ["blade serial", "certificate number"]},
        member={"zh": "会员号", "en": "membership number"}),
    "massage": _d(
        co_zh=["舒途按摩椅", "倚云健康科技"], co_en=["RestWell Chairs", "Kneadwell"],
        lab={"zh": ("售后", "用户"), "en": ("Aftercare", "Owner"), "mixed": ("Aftercare", "用户")},
        thing={"zh": "按摩椅售后", "en": "chair warranty", "mixed": "chair warranty"},
        refname={"zh": "工单号", "en": "job", "mixed": "job"},
        refs=["RW-{d4}", "{L2}{d4}"],
        reasons={
            "zh": [("我家按摩椅型号{model}，开机就报错，显示E{e}。", "这个是气囊故障，我给您派个工单{ref}，师傅上门。"),
                   ("买了才{n}个月，靠背就有异响了。", "在保修期内的，免费上门，您看{date}方便吗？"),
                   ("想问下延保多少钱？", "延保两年{amt}，三年{amt2}。")],
            "en": [("My chair, model {model}, shows error E{e} as soon as it turns on.", "That's the airbag pump; I'll raise job {ref} and send an engineer."),
                   ("It's only {n} months old and the backrest is creaking.", "That's under warranty. Would {date} suit for a home visit?"),
                   ("How much is the extended warranty?", "Two years is {amt}, three is {amt2}.")],
            "mixed": [("Model {model} 开机就 error E{e}。", "是 airbag 的问题，开个 job {ref}，engineer 上门。"),
                      ("才买{n}个月 backrest 就响了。", "Warranty 内免费，{date}上门可以吗？"),
                      ("Extended warranty 多少钱？", "两年{amt}，三年{amt2}。")]},
        purpose={
            "zh": {"id_number": ["延保登记要实名", "以旧换新补贴要填身份证号"],
                   "bank_card": ["上门维修费可以刷卡", "退货款原路退回"],
                   "phone": ["师傅上门前会打电话", "维修进度会短信通知"]},
            "en": {"id_number": ["extended warranty registration is by ID", "the trade-in subsidy needs your ID number"],
                   "bank_card": ["the call-out fee can go on a card", "the return refund goes back to the card"],
                   "phone": ["the engineer calls before coming", "repair updates are texted"]},
            "mixed": {"id_number": ["extended warranty 要实名登记", "trade-in 补贴要身份证号"],
                      "bank_card": ["call-out fee 可以刷卡", "refund 原路退"],
                      "phone": ["engineer 上门前 call 您", "repair update 会 text"]}},
        wrap={"zh": ["好的，工单{ref}已派出，师傅上门前会联系您。", "行，有问题随时找售后。"],
              "en": ["Job {ref} is booked; the engineer will call ahead.", "Any problems, just ring aftercare."],
              "mixed": ["OK，job {ref} 派出了。", "好的，有问题随时 call aftercare。"]},
        chatter={"zh": ["这款椅子额定功率{watt}瓦，保修{n}年。", "师傅{date}{time}到，上门费{amt}。"],
                 "en": ["That model's rated at {watt} watts, {n}-year warranty.", "Engineer's due {date} at {time}, call-out fee {amt}."],
                 "mixed": ["这款 rated {watt}瓦，warranty {n}年。", "Engineer {date} {time}到。"]},
        longname={"zh": ["机身序列号", "维修单号"], "en": ["serial number", "repair job number"]},
        member={"zh": "会员号", "en": "customer number"}),
}
DOMAIN_KEYS = sorted(DOMAINS)


# =============================================================================================
# Look-alike values for the {placeholders} of the phrase banks
# =============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WDAYS_ZH = ["周五", "周六", "周日", "星期天", "下周五", "这周六"]
LETTERS = "ABCDEFGHJKLMNPRSTUVWYZ"
AGENT_ZH = ["小林", "小周", "阿静", "小贺", "文文", "小蒋", "晓雯", "阿凯", "小苏", "佳佳", "小罗", "思思"]
AGENT_EN = ["Maya", "Theo", "Priya", "Jonah", "Lena", "Callum", "Aisha", "Ravi", "Sofia", "Ben", "Imogen", "Dev"]
SUR_ZH = ["王", "李", "陈", "赵", "刘", "孙", "周", "吴", "郑", "冯", "何", "黄", "林", "罗"]
SUR_EN = ["Harper", "Okafor", "Lindqvist", "Brennan", "Nakamura", "Castillo", "Whitfield", "Moreau", "Patel",
          "Kowalski", "Fraser", "Delgado"]


def ordinal(d):
    if 10 <= d % 100 <= 20:
        return f"{d}th"
    return f"{d}" + {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def has_cjk(s):
    return any(is_cjk(c) for c in s)


def la_value(cx, key, zh):
    rng = cx.rng
    if key in ("date", "date2"):
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        if zh:
            return rng.choice([f"{m}月{d}号", f"{m}月{d}日", f"{d}号", rng.choice(WDAYS_ZH)])
        return rng.choice([f"{MONTHS[m - 1]} {ordinal(d)}", f"the {ordinal(d)}", rng.choice(WDAYS),
                           f"{rng.choice(WDAYS)} the {ordinal(d)}"])
    if key in ("amt", "amt2"):
        x = rng.choice([rng.randint(3, 99) * 10, rng.randint(1, 30) * 100, rng.randint(2, 12) * 500 - 20,
                        rng.randint(100, 999), rng.randint(20, 99)])
        if zh:
            return rng.choice([f"{x}元", f"{x}块", f"¥{x}", f"{x}块钱"])
        xs = f"{x:,}" if rng.random() < 0.5 else str(x)
        return rng.choice([f"¥{xs}", f"{xs} yuan", f"RMB {xs}", f"${xs}", f"£{xs}"])
    if key in ("time", "time2"):
        mm = rng.choice(["00", "15", "30", "45"])
        if zh:
            return rng.choice([f"下午{rng.randint(1, 5)}点", f"上午{rng.randint(8, 11)}点半", f"{rng.randint(8, 19)}:{mm}",
                               f"晚上{rng.randint(6, 9)}点"])
        return rng.choice([f"{rng.randint(1, 6)}:{mm}", f"{rng.randint(1, 7)} pm", f"{rng.randint(8, 11)}:{mm} am",
                           f"{rng.randint(8, 19)}:{mm}"])
    if key in ("n", "n2"):
        return str(rng.randint(2, 9))
    if key == "ref":
        return la_ref(cx)
    if key == "kg":
        return str(rng.randint(50, 95))
    if key == "alt":
        return rng.choice(["3000", "3500", "4000", "4500"])
    if key == "rounds":
        return rng.choice(["100", "200", "300", "500"])
    if key == "locker":
        return str(rng.randint(3, 120))
    if key == "age":
        return str(rng.randint(6, 15))
    if key == "ip":
        return f"{rng.choice(['47', '121', '139', '203', '118'])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}"
    if key == "port":
        return rng.choice(["443", "8080", "22", "3306", "8443"])
    if key == "pct":
        return str(rng.choice([10, 15, 20, 25, 30, 85, 90, 95]))
    if key == "w":
        return f"{rng.randint(1, 4)}.{rng.randint(1, 9)}"
    if key == "h2":
        return rng.choice(["2.6", "2.8", "3.2"])
    if key == "room":
        return str(rng.randint(1, 9))
    if key == "plate":
        return rng.choice(["鲁B", "豫A", "冀C", "苏E", "皖A"]) + "·" + rdig(rng, 3, True) + rng.choice(LETTERS) + str(rng.randint(1, 9))
    if key == "model":
        return rng.choice(["RW", "KN", "YL"]) + "-" + rng.choice(["8800", "6600", "A7", "S9", "3600"])
    if key == "e":
        return str(rng.randint(1, 9))
    if key == "watt":
        return str(rng.randint(10, 25) * 10)
    if key == "price":
        return rng.choice([f"{rng.randint(2, 3)}块{rng.randint(1, 9)}", f"{rng.randint(2, 3)}.{rng.randint(10, 99)}元"])
    if key == "wday":
        return rng.choice(WDAYS)
    if key == "hot":
        return rng.choice([f"400-{rdig(rng, 3, True)}-{rdig(rng, 4)}", f"400 {rdig(rng, 3, True)} {rdig(rng, 4)}",
                           f"95{rdig(rng, 3)}", f"800-{rdig(rng, 3, True)}-{rdig(rng, 4)}"])
    if key == "co":
        return cx.coz if zh else cx.coe
    if key == "coz":
        return cx.coz
    if key == "coe":
        return cx.coe
    if key == "nm":
        return cx.nm
    if key == "sur":
        return cx.rng.choice(SUR_ZH)
    if key == "cn":
        return cx.callee
    if key in ("thing", "refname"):
        return cx.dom[key][cx.lang]
    raise Bug(f"placeholder {key}")


def la_ref(cx):
    rng = cx.rng
    t = rng.choice(cx.dom["refs"])
    out = ""
    for tok in re.split(r"(\{\w+\})", t):
        m = re.fullmatch(r"\{(\w+)\}", tok)
        if not m:
            out += tok
            continue
        k = m.group(1)
        if k == "L":
            out += rng.choice(LETTERS)
        elif k == "L2":
            out += rng.choice(LETTERS) + rng.choice(LETTERS)
        elif k.startswith("d"):
            out += rdig(rng, int(k[1:]), True)
        else:
            raise Bug(k)
    cx.lookalikes += 1
    return out


# =============================================================================================
# Generic phrase banks (this author's own wording; per language)
# =============================================================================================

GREET = {
    "zh": ["您好，{co}，我是{nm}，请问有什么可以帮您？", "{co}您好，{nm}为您服务。", "喂您好，这里是{co}，请讲。",
           "您好，欢迎致电{co}，我是客服{nm}。", "{co}客服中心，您好，请问怎么称呼？", "您好，{co}售后，我是{nm}，您请说。"],
    "en": ["Thanks for calling {co}, this is {nm}. How can I help?", "{co}, {nm} speaking.",
           "Good morning, {co}, you're through to {nm}.", "Hi, {co} customer line, {nm} here. What can I do for you?",
           "Hello, {co}. How can I help today?", "Afternoon, {co}, {nm} on the line."],
    "mixed": ["您好，{coe}，我是{nm}，how can I help？", "Hi，{coz}客服，{nm}为您服务。", "{coe}您好，请问有什么可以帮您？",
              "Hello，这里是{coz}，请讲。", "{coe} customer service，您好。"],
}
HELLO = {"zh": ["你好，", "喂，您好，", "", "哎你好，", "您好，我想问一下，"], "en": ["Hi. ", "Hello. ", "", "Hiya. ", "Morning. ", "Hi there. "],
         "mixed": ["Hi，", "你好，", "", "Hello，"]}
OUTBOUND = {
    "zh": ["您好，请问是{cn}吗？这里是{co}，我姓{sur}，打来是为了您的{thing}。", "喂，{cn}您好，{co}的客服回访，占用您一点时间可以吗？"],
    "en": ["Hi, is that {cn}? It's {nm} from {co}, ringing about your {thing}.", "Hello, {cn}? {nm} at {co} here. Got a minute about your {thing}?"],
    "mixed": ["您好，是{cn}吗？{coe}这边，我是{nm}，ringing about your {thing}。", "Hi {cn}，{coz}回访，您的{thing}有点事想 check 一下。"],
}
OUT_ANS = {"zh": ["嗯，我就是，怎么了？", "是，哪位？", "对，我是，请讲。", "方便，你讲。"],
           "en": ["Yep, that's right. What's it about?", "This is, yes. Who's calling?", "Mm, yes, what's this regarding?", "Sure, I've got a minute."],
           "mixed": ["嗯我是，what's this about？", "Yes，请讲。", "方便的，go on。"]}
OUT_WHY = {"zh": ["您的档案里缺了点信息，想跟您核实。", "有点资料没填全，跟您确认下。"],
           "en": ["Your file's missing a detail or so and I'd like to fill it in.", "It won't take long, there's just a gap in your details."],
           "mixed": ["您的 file 缺了点信息，跟您核实一下。", "资料有个 gap，需要您帮忙补一下。"]}
IVR = {"zh": ["您好，欢迎致电{co}，为保证服务质量，您的通话可能会被录音。", "系统提示：通话正在录音。"],
       "en": ["Welcome to {co}. Calls may be recorded for quality and training.", "This call is being recorded."],
       "mixed": ["Welcome to {coe}，通话可能会被录音。", "您的 call 可能会被 record。"]}
ASK = {
    "id_number": {
        "zh": ["{purpose}，麻烦您报一下身份证号码。", "{purpose}，您的身份证号是多少？", "{purpose}，需要您本人的身份证号，方便说一下吗？",
               "那您身份证号报一下，{purpose}。", "{purpose}，证件号码您说一下？"],
        "en": ["{Purpose}. Could you read me the eighteen characters on your ID card?", "Could I take your resident ID number? {Purpose}.",
               "{Purpose}. What's the number on your ID card?", "I just need the ID number: {purpose}.",
               "Right, {purpose}. Can you give me the ID number?"],
        "mixed": ["{purpose}，麻烦 provide 一下您的身份证号。", "Could I have your 身份证号？{purpose}。", "{purpose}，ID number 报一下？"]},
    "bank_card": {
        "zh": ["{purpose}，您报一下卡号吧。", "{purpose}，银行卡号是多少？", "您用的是哪张卡？{purpose}，卡号说一下。",
               "{purpose}，麻烦提供一下银行卡号。"],
        "en": ["{Purpose}. Can I take the long number on the card?", "{Purpose}, so what's the card number?",
               "Which card would you like that on? {Purpose}, so I'll need the full number.", "Okay, {purpose}. Card number when you're ready."],
        "mixed": ["{purpose}，card number 报一下？", "您用哪张卡？{purpose}，卡号 please。", "OK，{purpose}，银行卡号是？"]},
    "phone": {
        "zh": ["{purpose}，留个手机号吧。", "您的联系电话是多少？{purpose}。", "{purpose}，方便留个电话吗？", "那您电话多少？{purpose}。"],
        "en": ["{Purpose}. What's the best number to reach you on?", "Can I grab a contact number? {Purpose}.",
               "{Purpose}, so a mobile number would be great.", "And a number for you? {Purpose}."],
        "mixed": ["{purpose}，留个 phone number 吧。", "Contact number 是多少？{purpose}。", "{purpose}，您电话 please？"]},
}
ACK = {"zh": ["好的，记下了。", "好，收到。", "嗯，我录进去了。", "好的，稍等，我登记一下。", "行，没问题。", "好嘞。"],
       "en": ["Got it, thanks.", "Lovely, that's in.", "Perfect, I've popped that on the account.", "Okay, noted.",
              "Great, bear with me while I save that.", "Brilliant, thank you.", "Cheers, that's saved."],
       "mixed": ["OK，收到。", "好的，got it。", "Noted，我这边记下了。", "好，saved 了。", "OK 没问题。"]}
LEAD = {"zh": ["好的，", "嗯，是", "我的是", "您记一下，", "号码是", "好，", "你记下啊，", "是这个："],
        "en": ["Sure, it's ", "Yeah, it's ", "Okay, so it's ", "Right, it's ", "It's ", "Got a pen? It's ", "Yep: ", "Sure thing: ", "Ready? "],
        "mixed": ["OK，是", "好的，it's ", "嗯，是", "Sure，", "我的 number 是"]}
TAIL = {"zh": ["。", "，就这个。", "，您记一下。", "，这是我本人的。", "。", "，没错。"],
        "en": [".", ", that's the one.", ".", ", yeah.", ". That's it.", ". Got that?"],
        "mixed": ["。", "，that's it。", ".", "，就这个。"]}
TAIL_LA = {"zh": ["，{refname}是{ref}。", "，下单时填的也是这个，{refname}{ref}。"],
           "en": [", and the {refname} is {ref}.", ". That's for {refname} {ref}."],
           "mixed": ["，{refname} 是{ref}。", "，for {refname} {ref}。"]}
WRAP_Q = {"zh": ["还有其他需要帮您的吗？", "其他还有什么问题吗？"], "en": ["Anything else I can help with?", "Is there anything else today?"],
          "mixed": ["还有别的 question 吗？", "Anything else 需要帮忙的吗？"]}
WRAP_A = {"zh": ["没有了，谢谢。", "没了，麻烦你了。", "暂时没有，谢谢啊。"], "en": ["No, that's everything, thanks.", "That's it, cheers.", "No, you've been great."],
          "mixed": ["没有了，thanks。", "That's all，谢谢。"]}
WRAP_THX = {"zh": ["好的，谢谢。", "行，辛苦了。", "好，麻烦了。"], "en": ["Great, thanks.", "Perfect, cheers.", "Thanks, bye."],
            "mixed": ["OK，谢谢。", "好的，thanks。"]}
BYE = {"zh": ["感谢来电，再见。", "好的，祝您生活愉快，再见。"], "en": ["Thanks for calling, bye now.", "Take care, bye."],
       "mixed": ["Thanks，再见。", "好的，bye bye。"]}
KNAME = {"zh": {"phone": "电话", "id_number": "身份证号", "bank_card": "卡号"},
         "en": {"phone": "number", "id_number": "ID number", "bank_card": "card number"},
         "mixed": {"phone": "phone number", "id_number": "身份证号", "bank_card": "card number"}}


def pick_lang(bank, lang):
    if isinstance(bank, dict):
        return bank[lang]
    return bank


# =============================================================================================
# The case context
# =============================================================================================

class Cx:
    def __init__(self, rng, plan, used):
        self.rng = rng
        self.plan = plan
        self.lang = plan["lang"]
        self.fmt = plan["format"]
        self.asr = self.fmt == "asr-json"
        self.phen = plan["phenomenon"]
        self.dk = plan["domain"]
        self.dom = DOMAINS[self.dk]
        self.used = used
        self.turns, self.frags, self.nums, self.versions, self.tags = [], [], [], [], []
        self.lookalikes = 0
        self.coz = rng.choice(self.dom["co_zh"])
        self.coe = rng.choice(self.dom["co_en"])
        if self.lang == "zh":
            self.nm = rng.choice(AGENT_ZH)
            self.callee = rng.choice(SUR_ZH) + rng.choice(["先生", "女士"])
        elif self.lang == "en":
            self.nm = rng.choice(AGENT_EN)
            self.callee = rng.choice(["Mr ", "Ms ", "Mrs "]) + rng.choice(SUR_EN)
        else:
            self.nm = rng.choice(AGENT_ZH + AGENT_EN)
            self.callee = rng.choice([rng.choice(SUR_ZH) + rng.choice(["先生", "女士"]), "Ms " + rng.choice(SUR_EN)])
        self.labels = self.pick_labels()
        self.extra = {}

    # ---- speakers ----
    def pick_labels(self):
        rng, lang = self.rng, self.lang
        generic = {"zh": [("坐席", "客户"), ("客服", "来电人"), ("话务员", "来电者"), ("客服", "客户"), ("A", "B"), ("坐席", "客户")],
                   "en": [("Agent", "Customer"), ("Agent", "Caller"), ("Rep", "Customer"), ("Advisor", "Caller"), ("CSR", "Client"),
                          ("A", "B"), ("Agent", "Customer")],
                   "mixed": [("Agent", "客户"), ("客服", "Customer"), ("Agent", "Caller"), ("坐席", "客户"), ("A", "B")]}[lang]
        r = rng.random()
        if r < 0.3:
            a, c = self.dom["lab"][lang]
        else:
            a, c = rng.choice(generic)
        if rng.random() < 0.18 and a not in ("A",):
            a = rng.choice([f"{a}-{self.nm}", f"{a}（{self.nm}）"] if has_cjk(a) or lang == "zh" else [f"{a} ({self.nm})", f"{a} {self.nm}"])
        sysl = rng.choice(["系统", "IVR", "录音提示"] if lang == "zh" else ["IVR", "Recording", "System"])
        c2 = rng.choice(["家属", "爱人"] if lang == "zh" else ["Partner", "Second caller"] if lang == "en" else ["家属", "Partner"])
        if a == "A":
            sysl, c2 = "S", "C"
        return {"A": a, "C": c, "S": sysl, "C2": c2}

    # ---- text ----
    def f(self, s, memo=None, **extra):
        zh = has_cjk(s) or (self.lang == "zh")
        ex = dict(self.extra)
        ex.update(extra)

        def sub(m):
            k = m.group(1)
            if k in ex:
                return ex[k]
            if k == "Purpose":
                v = ex["purpose"]
                return v[:1].upper() + v[1:]
            if memo is not None:
                if k not in memo:
                    memo[k] = la_value(self, k, zh)
                return memo[k]
            return la_value(self, k, zh)
        return re.sub(r"\{(\w+)\}", sub, s)

    def p(self, bank, **extra):
        return self.f(self.rng.choice(pick_lang(bank, self.lang)), **extra)

    def T(self, tpl, **parts):
        out = []
        keys = "|".join(sorted(parts, key=len, reverse=True)) or "(?!)"
        for piece in re.split(r"(\{(?:" + keys + r")\})", tpl):
            m = re.fullmatch(r"\{(" + keys + r")\}", piece)
            if m:
                v = parts[m.group(1)]
                out.extend(v if isinstance(v, list) else [v])
            elif piece:
                out.append(self.f(piece))
        return out

    def pt(self, bank, **parts):
        """A template of a bank with fragments put in."""
        return self.T(self.rng.choice(pick_lang(bank, self.lang)), **parts)

    def _items(self, items):
        out = []
        for it in items:
            if isinstance(it, list):
                out.extend(self._items(it))
            elif isinstance(it, str):
                if it:
                    out.append(it)
            else:
                out.append(it)
        return out

    def say(self, spk, *items):
        if self.turns and self.turns[-1].spk == spk:
            self.turns[-1].lines.append(self._items(items))
            return
        t = Turn(spk)
        t.lines.append(self._items(items))
        self.turns.append(t)

    def A(self, *items):
        self.say("A", *items)

    def C(self, *items):
        self.say("C", *items)

    def cont(self, *items):
        self.turns[-1].lines.append(self._items(items))

    # ---- numbers ----
    def register(self, num):
        key = num.digits
        if key in self.used:
            raise Redraw("number used before")
        self.used.add(key)
        self.nums.append(num)
        self.versions.append(num.digits)
        return num

    def phone_sub(self, foreign=None):
        rng = self.rng
        if foreign is None:
            foreign = rng.random() < 0.38
        if foreign:
            return rng.choices(FOREIGN_SUBS, FOREIGN_W)[0]
        return "cnmob" if rng.random() < 0.76 else "cnland"

    def new_num(self, kind, sub=None, with_cc=None, child=None, want_x=None):
        rng = self.rng
        if kind == "phone":
            sub = sub or self.phone_sub()
            if with_cc is None:
                with_cc = rng.random() < ({"cnmob": 0.14, "cnland": 0.08}.get(sub, 0.62))
            num = make_phone(rng, sub, with_cc)
        elif kind == "id_number":
            if child is None:
                child = self.dk in ("dance", "fencing") and rng.random() < 0.5
            num = make_idnum(rng, child, want_x)
        else:
            sub = sub or rng.choices(["up16", "up19", "visa", "mc", "amex"], [40, 14, 22, 18, 6])[0]
            num = make_cardnum(rng, sub)
        return self.register(num)

    def main_num(self):
        pl = self.plan
        if pl["kind"] == "phone":
            return self.new_num("phone", sub=self.phone_sub(pl.get("foreign")))
        if pl["kind"] == "id_number":
            return self.new_num("id_number", want_x=pl.get("want_x"))
        return self.new_num("bank_card")

    def cc_items(self, num):
        if not num.cc:
            return []
        rng, cc = self.rng, num.cc
        cn_digits = "".join("一" if c == "1" else CN_W[c] for c in cc)
        en_digits = " ".join(EN_W[c] for c in cc)
        if self.lang == "zh":
            forms = [(f"+{cc}", " "), (f"00{cc}", " "), ("加" + cn_digits, "，"), (f"+{cc}", "-")]
        elif self.lang == "en":
            forms = [(f"+{cc}", " "), (f"00{cc}", " "), ("plus " + en_digits, ", "), (f"+{cc}", " ")]
            if not self.asr:
                forms.append((f"({cc})", " "))
        else:
            forms = [(f"+{cc}", " "), ("加" + cn_digits, " "), ("plus " + en_digits, ", "), (f"00{cc}", " ")]
        if cc == "852" and not self.asr:
            forms.append(("(852)", " "))
        t, sep = rng.choice(forms)
        if self.asr and sep == "-":
            sep = " "
        self.tags.append("cc")
        return [CC(t), sep]

    def auto_style(self, num=None):
        rng = self.rng
        lang = self.lang
        if lang == "zh":
            st = rng.choices(["cn", "ar", "mix", "fw"], [40, 41, 14, 5 if not self.asr else 0])[0]
        elif lang == "en":
            st = rng.choices(["en", "ar", "mix"], [55, 38, 7])[0]
        else:
            st = rng.choices(["cn", "en", "ar", "mix"], [20, 22, 24, 34])[0]
        return st

    def spec(self, num, style=None, groups=None, dbl=None, asr=None):
        rng = self.rng
        asr = self.asr if asr is None else asr
        groups = list(groups if groups is not None else rng.choice(num.groupings))
        if sum(groups) != num.n:
            raise Bug("groups do not cover the number")
        style = style or self.auto_style(num)
        ng = len(groups)
        if style == "mix":
            pool = {"zh": ["cn", "ar"], "en": ["en", "ar"], "mixed": ["cn", "en", "ar"]}[self.lang]
            gst = [rng.choice(pool) for _ in groups]
            if ng > 1 and len(set(gst)) == 1:
                k = rng.randrange(ng)
                gst[k] = rng.choice([p for p in pool if p != gst[k]])
        elif isinstance(style, list):
            gst = list(style)
        else:
            gst = [style] * ng
        zh_ctx = self.lang == "zh" or (self.lang == "mixed" and "cn" in gst)
        if asr:
            sep_ar = rng.choice([" ", " ", "，" if zh_ctx else ", "])
            sep_cn = rng.choice(["，", " "])
            sep_en = rng.choice([", ", " "])
        else:
            sep_ar = rng.choice([" ", " ", "-", "，" if zh_ctx else ", ", ""] if zh_ctx else [" ", " ", "-", ", ", " - "])
            sep_cn = rng.choice(["，", " ", "", "、"])
            sep_en = rng.choice([", ", " ", " - ", "... ", ", "])
        seps = [None]
        for i in range(1, ng):
            a, b = gst[i - 1], gst[i]
            if a == b == "cn":
                seps.append(sep_cn)
            elif a in ("en", "gl") and b in ("en", "gl"):
                seps.append(sep_en)
            elif a in ("ar", "fw") and b in ("ar", "fw"):
                seps.append(sep_ar)
            else:
                seps.append(rng.choice(["，", " "]) if zh_ctx else rng.choice([" ", ", "]))
        if dbl is None:
            dbl = 0.45 if num.kind == "phone" else 0.25
        rs = {"groups": groups, "gstyle": gst, "seps": seps, "lang": self.lang, "asr": asr, "fill": {}, "_rng": rng,
              "one": rng.choice(["幺", "幺", "一"]) if num.kind == "phone" else rng.choice(["幺", "一", "一"]),
              "zero_cn": "零" if rng.random() < 0.9 else "〇",
              "zero": ("oh" if rng.random() < 0.45 else "zero") if num.kind == "phone" else ("zero" if rng.random() < 0.8 else "oh"),
              "x": rng.choice(["X", "X", "x", "叉"] if self.lang == "zh" and "cn" in gst else ["X", "X", "x"]),
              "dbl": dbl, "glue": 0, "fillsep": rng.choice([("，", "，"), (" ", " "), ("", ""), ("……", "，")]),
              "fillsep_en": rng.choice([(", ", ", "), (" ", " "), ("... ", " "), (", ", "... ")])}
        if asr:
            rs["fillsep"] = (" ", " ")
        return rs

    def R(self, num, a, b, role, rs=None, version=None):
        rs = rs or self.spec(num)
        toks = render(num, a, b, rs, version)
        fr = Frag(num, a, b, role, toks, version if version is not None else num.digits)
        if toks[0][0] != "D" or toks[-1][0] != "D" or not toks[0][3]:
            raise Bug("a fragment must start and end on a digit-bearing word")
        self.frags.append(fr)
        return fr

    def whole(self, num, role="said", rs=None):
        return self.R(num, 0, num.n, role, rs)

    def cuts(self, num, rs):
        g = rs["groups"] if len(rs["groups"]) > 1 else num.groupings[0]
        pos, res = 0, []
        for k in g[:-1]:
            pos += k
            res.append(pos)
        return res

    def wrong_version(self, num, lo, hi, mode=None):
        """The number with one digit changed (or two neighbours swapped) in [lo, hi); an ID / card version fails its check."""
        rng = self.rng
        D = num.digits
        for _ in range(200):
            m = mode or rng.choice(["swap", "change", "change"])
            hi2 = min(hi, 17) if num.kind == "id_number" else hi
            if m == "swap":
                if hi2 - lo < 2:
                    continue
                i = rng.randrange(lo, hi2 - 1)
                if D[i] == D[i + 1]:
                    continue
                v = D[:i] + D[i + 1] + D[i] + D[i + 2:]
            else:
                i = rng.randrange(lo, hi2)
                if num.kind == "phone" and num.sub == "cnmob" and i < 2:
                    continue
                c = rng.choice([x for x in "0123456789" if x != D[i]])
                v = D[:i] + c + D[i + 1:]
            if num.kind == "id_number" and id_valid(v):
                continue
            if num.kind == "bank_card" and luhn_ok(v):
                continue
            self.versions.append(v)
            return v
        raise Redraw("no wrong version")

    def kname(self, kind):
        return KNAME[self.lang][kind]

    def ask_items(self, kind):
        purpose = self.rng.choice(self.dom["purpose"][self.lang][kind])
        return [self.f(self.rng.choice(ASK[kind][self.lang]), purpose=purpose)]

    def lead(self):
        return self.p(LEAD)

    def tail(self):
        if self.rng.random() < 0.22:
            self.tags.append("la-same-line")
            return self.p(TAIL_LA)
        return self.p(TAIL)

    def opening(self):
        rng = self.rng
        if rng.random() < 0.12:
            self.say("S", self.p(IVR))
        if rng.random() < 0.2:
            self.tags.append("outbound")
            self.A(self.p(OUTBOUND))
            self.C(self.p(OUT_ANS))
            self.A(self.p(OUT_WHY))
            return
        self.A(self.p(GREET))
        why, ans = rng.choice(self.dom["reasons"][self.lang])
        memo = {}
        self.C(self.p(HELLO) + self.f(why, memo))
        self.A(self.f(ans, memo))

    def closing(self):
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            self.A(self.p(WRAP_Q))
            self.C(self.p(WRAP_A))
            self.A(self.p(self.dom["wrap"]) if rng.random() < 0.6 else self.p(BYE))
        elif r < 0.85:
            self.A(self.p(self.dom["wrap"]))
            self.C(self.p(WRAP_THX))
        else:
            self.A(self.p(self.dom["wrap"]))


# =============================================================================================
# Phenomena
# =============================================================================================

def cty_name(cx, num):
    z, e = COUNTRY[num.sub][1], COUNTRY[num.sub][2]
    if cx.lang == "zh":
        return z
    if cx.lang == "en":
        return e
    return cx.rng.choice([z, e])


def is_foreign(num):
    return num.kind == "phone" and num.sub not in ("cnmob", "cnland")


VOL = {
    "phone": {"zh": ["我手机号{CC}{N}，一直收不到你们的短信。", "你们之前打的那个号不对，打我这个：{CC}{N}。", "我换号了，新号{CC}{N}，麻烦改一下。"],
              "en": ["I'm calling because your texts never reach me. My mobile is {CC}{N}.", "You've got an old number for me; the right one is {CC}{N}.",
                     "Could you update my contact number? It's now {CC}{N}."],
              "mixed": ["我换号了，new number 是{CC}{N}。", "Texts 一直收不到，我的号是{CC}{N}。", "Please update 一下，我现在用{CC}{N}。"]},
    "id_number": {"zh": ["我身份证号{N}，你们系统里应该能查到我。", "登记的时候用的身份证是{N}，您查一下。"],
                  "en": ["My ID number is {N}, if that helps you find me.", "It'll be under my ID, {N}."],
                  "mixed": ["我 ID 是{N}，你们 system 应该能查到。", "用身份证{N}登记的，please check。"]},
    "bank_card": {"zh": ["我用{N}这张卡付的，钱扣了两次。", "退款别退余额了，退到卡上，卡号{N}。"],
                  "en": ["I paid with my card, {N}, and it's been charged twice.", "Please refund to the card rather than credit: {N}."],
                  "mixed": ["我用卡{N}付的，被 charge 了两次。", "Refund 退到这张卡：{N}。"]},
}
SYSREAD = {
    "phone": {"zh": ["我这边系统里登记的电话是{CC}{N}，还在用吗？", "您预留的号码是{CC}{N}，对吧？"],
              "en": ["I've got {CC}{N} on the system. Is that still right?", "The number we have is {CC}{N}, yes?"],
              "mixed": ["System 里是{CC}{N}，还在用吗？", "我们有的 number 是{CC}{N}，对吗？"]},
    "id_number": {"zh": ["系统里的身份证号是{N}，跟您证件上的一致吗？"], "en": ["I have your ID as {N}. Does that match?"],
                  "mixed": ["System 里的 ID 是{N}，对吗？"]},
    "bank_card": {"zh": ["您绑定的卡是{N}，对吗？"], "en": ["The card on file is {N}, correct?"], "mixed": ["绑定的 card 是{N}，correct？"]},
}
CONFIRM = {"zh": ["对的。", "对，没变。", "是的。"], "en": ["Yes, that's right.", "Yep, still the same.", "That's the one."],
           "mixed": ["对，that's right。", "Yes，没变。"]}
MIDSENT = {
    "phone": {"zh": ["到了让师傅打{CC}{N}，我下楼接。", "有事打我{CC}{N}就行，白天都在。"],
              "en": ["Just get the driver to ring {CC}{N} when he's outside and I'll come down.", "If anything changes, ring me on {CC}{N}, any time after lunch."],
              "mixed": ["到了 call 我{CC}{N}，我下楼。", "有问题 ring 我{CC}{N}。"]},
    "bank_card": {"zh": ["退款就退到{N}那张卡上吧，别退余额。", "尾款从{N}这张扣就行。"],
                  "en": ["Put the refund back on {N}, not store credit.", "Take the balance from {N}, that's my main card."],
                  "mixed": ["Refund 退到{N}这张卡。", "Balance 从{N}扣就行。"]},
    "id_number": {"zh": ["合同上写的身份证是{N}，您核对下。", "报名表上填的是{N}，应该没错。"],
                  "en": ["The form should say {N} under ID, can you check?", "I put {N} on the entry form."],
                  "mixed": ["Form 上填的是{N}，您 check 一下。"]},
}
FIND = {"zh": ["稍等，我找一下……", "您等会儿，我翻一下包。", "等一下，我去拿卡。"],
        "en": ["Hold on, I need to dig it out...", "Bear with me, it's in my bag somewhere.", "Give me a sec, I'll grab the card."],
        "mixed": ["等一下，I'll dig it out……", "Hold on，我找一下。"]}
WAIT = {"zh": ["好的，不着急。", "没事，您慢慢找。"], "en": ["No rush.", "Take your time."], "mixed": ["OK，不着急。", "No rush，您慢慢来。"]}
FOUND = {"zh": ["找到了，", "在这儿，", "好了，"], "en": ["Right, here it is: ", "Found it. ", "Okay, got it: "], "mixed": ["找到了，", "OK here，"]}
FOR_ASK = {"zh": ["您在{cty}期间用哪个号码联系您？", "有没有{cty}那边的号码？", "您人在{cty}的话，留个当地号码吧？"],
           "en": ["What's the best number for you while you're in {cty}?", "Do you have an overseas number we can use?",
                  "Is there a {cty} number I can put down?", "And what's the country code on that?"],
           "mixed": ["您在{cty}用哪个 number？", "有{cty}的号码吗？", "Overseas number 有吗？"]}
FOR_ANS = {"zh": ["有，", "用这个吧，", "有的，"], "en": ["Yes, it's ", "Sure: ", "Yeah, the local one is ", "It's "], "mixed": ["有的，", "Sure，", "有，it's "]}
FOR_VOL = {"zh": ["我现在人在{cty}，打我这边的号：{CC}{N}。", "这段时间我在{cty}，号码是{CC}{N}。"],
           "en": ["I'm in {cty} at the moment, so please use {CC}{N}.", "I'm working out of {cty} this month; my number here is {CC}{N}."],
           "mixed": ["我现在在{cty}，number 是{CC}{N}。", "I'm in {cty} 这段时间，打{CC}{N}。"]}


ABROAD = {"zh": ["我现在在{cty}。", "我这阵子不在国内，在{cty}。", "我人在{cty}，国内的号停了。"],
          "en": ["I'm actually in {cty} right now.", "I'm based in {cty} at the moment.", "I'm abroad, in {cty}, so my Chinese number's off."],
          "mixed": ["我现在在{cty}。", "I'm in {cty} now。", "人在{cty}，国内 number 停了。"]}


def ask_for(cx, num):
    """The agent asks for the number; for a foreign phone, sometimes the caller says where they are and the agent
    asks for a number there (the question on the line before the number)."""
    cx.A(cx.ask_items(num.kind))
    if is_foreign(num) and cx.rng.random() < 0.4:
        cx.tags.append("foreign-asked")
        cx.C(cx.p(ABROAD))
        cx.A(cx.p(FOR_ASK))


def give(cx, num, role="said", rs=None, lead=True):
    """Caller's answer line items: lead, country code, the number, tail."""
    return [cx.lead() if lead else "", cx.cc_items(num), cx.R(num, 0, num.n, role, rs), cx.tail()]


def ph_plain(cx):
    num = cx.main_num()
    opts = ["answer", "answer", "volunteer", "system", "midsentence", "findit"]
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
        opts = ["answer", "for_asked", "for_asked", "for_vol", "midsentence", "system"]
    v = cx.rng.choice(opts)
    cx.variant = v
    k = num.kind
    if v == "answer":
        ask_for(cx, num)
        cx.C(give(cx, num))
        cx.A(cx.p(ACK))
    elif v == "volunteer":
        cx.C(cx.pt(VOL[k], N=cx.whole(num), CC=cx.cc_items(num)))
        cx.A(cx.p(ACK))
    elif v == "system":
        cx.A(cx.pt(SYSREAD[k], N=cx.whole(num), CC=cx.cc_items(num)))
        cx.C(cx.p(CONFIRM))
    elif v == "midsentence":
        ask_for(cx, num)
        cx.C(cx.pt(MIDSENT[k], N=cx.whole(num), CC=cx.cc_items(num)))
        cx.A(cx.p(ACK))
    elif v == "findit":
        ask_for(cx, num)
        cx.C(cx.p(FIND))
        cx.A(cx.p(WAIT))
        cx.C(cx.p(FOUND), cx.cc_items(num), cx.whole(num), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "for_asked":
        cx.A(cx.ask_items(k))
        cx.C(cx.p(ABROAD))
        cx.A(cx.p(FOR_ASK))
        cx.C(cx.p(FOR_ANS), cx.cc_items(num), cx.whole(num), cx.p(TAIL))
        cx.A(cx.p(ACK))
    else:
        cx.A(cx.ask_items(k))
        cx.C(cx.pt(FOR_VOL, N=cx.whole(num), CC=cx.cc_items(num)))
        cx.A(cx.p(ACK))
    return [num]


TRAIL = {"zh": ["……", "，", "——", "…"], "en": ["...", " —", ",", "…"], "mixed": ["……", "...", " —", "，"]}
BC = {"zh": ["嗯。", "嗯嗯，请继续。", "好，继续。", "我听着呢，您说。", "嗯，然后呢？", "对，后面呢？", "好的好的。"],
      "en": ["Mm-hm.", "Yep, go on.", "Okay...", "Still here, carry on.", "Uh-huh, keep going.", "Got that bit.", "Right, and then?", "Sure."],
      "mixed": ["嗯，go on。", "OK，继续。", "Mm-hm，然后呢？", "好，next？", "Yep，您说。"]}
BC_C = {"zh": ["对。", "对对。", "嗯，对。", "是的。"], "en": ["Yes.", "Yep.", "That's right.", "Correct."], "mixed": ["对，yes。", "Yes。", "对的。"]}
RESUME = {"zh": ["", "然后是", "接着是", "后面是", "嗯，"], "en": ["", "then ", "and then ", "after that, ", "the rest is "],
          "mixed": ["", "然后 ", "then ", "后面是"]}
QINT = {  # (question, answers the caller gives before finishing the number)
    "phone": {"zh": [("这个号是登记在您本人名下的吗？", ["是的，本人的。", "对，我自己的。"]), ("是手机还是座机？", ["手机。", "是手机。"]),
                     ("您慢一点，我在记。", ["好的。", "嗯，好。"]), ("喂？刚才断了一下，您再接着说。", ["哦，", "喂？听得到吗？"])],
              "en": [("Is that number in your own name?", ["Yes, mine. ", "Yep, my own. "]), ("Is that a mobile or a landline?", ["Mobile. ", "It's a mobile. "]),
                     ("Could you go a bit slower?", ["Sure. ", "Sorry! "]), ("Your line dropped for a second. Where were we?", ["Can you hear me now? ", "Sorry, bad signal. "])],
              "mixed": [("这是您本人的 number 吗？", ["对，mine。", "Yes，本人的。"]), ("Mobile 还是座机？", ["Mobile。", "手机。"]),
                        ("慢一点，I'm typing。", ["OK，", "好的，"])]},
    "id_number": {"zh": [("是身份证上的号码吧？", ["对。", "是的。"]), ("您慢点，我这边在录。", ["好。", "嗯。"]),
                         ("稍等，我这边还在输前面几位……好了。", ["好，", "嗯，"])],
                  "en": [("That's the number on your ID card, yes?", ["Yes. ", "That's right. "]), ("Sorry, I'm still typing the first part... okay.", ["Okay. ", "Sure. "]),
                         ("Sorry, could you slow down?", ["Sorry! ", "Sure. "])],
                  "mixed": [("是 ID card 上的吧？", ["对。", "Yes，"]), ("我还在 typing 前面几位……OK。", ["OK，", "好，"])]},
    "bank_card": {"zh": [("是借记卡吧？", ["对，借记卡。", "是的。"]), ("是您本人的卡吗？", ["对，我的。", "是本人的。"]),
                         ("稍等，我这笔没水了……好，您说。", ["好，", "嗯，"])],
                  "en": [("Is that a debit card?", ["Yep, debit. ", "Yes. "]), ("Is the card in your name?", ["Yes, mine. ", "It is. "]),
                         ("Sec, my pen's died... right, carry on.", ["Okay. ", "Right. "])],
                  "mixed": [("Debit card 吗？", ["对，debit。", "Yes，"]), ("卡是您本人的吗？", ["对，mine。", "是的，"])]},
}
ECHO = {"zh": ["{N}，好，然后呢？", "{N}……嗯，接着说。", "前面是{N}，对吧？后面呢？"],
        "en": ["{N}, okay, and then?", "{N}... yep, keep going.", "So far I've got {N}. And the rest?"],
        "mixed": ["{N}，OK，然后呢？", "{N}... got it，继续。"]}
MIDQ = {"zh": ["{N}什么？后面没听清。", "{N}后面呢？", "{N}……然后？"], "en": ["Sorry, {N} what?", "{N} and then what? You cut out.", "Was that {N}...?"],
        "mixed": ["{N} 然后呢？没听清。", "Sorry，{N} what？"]}
MIDA = {"zh": ["", "我说的是", "是"], "en": ["", "Sorry, ", "It's "], "mixed": ["", "是", "Sorry，"]}
RB_PRE = {"zh": ["我重复一下，", "我跟您核对一下，", "好，", "我念一遍："], "en": ["Let me read that back: ", "So that's ", "Okay, I've got ", "Reading it back: "],
          "mixed": ["我 read back 一下：", "So，", "OK，我念一遍："]}
RB_POST = {"zh": ["，对吗？", "，没错吧？", "。", "，是这个吧？"], "en": [", is that right?", ". Correct?", "?", ", yes?"], "mixed": ["，对吗？", ", right?", "，correct？"]}


def ph_interruption(cx):
    rng = cx.rng
    num = cx.main_num()
    rs = cx.spec(num)
    cuts = cx.cuts(num, rs)
    k = num.kind
    v = rng.choice(["bc1", "bc1", "bc2", "midgroup", "midgroup", "midgroup", "question", "echo", "rbcut"])
    if v == "bc2" and len(cuts) < 2:
        v = "bc1"
    cx.variant = v
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    ask_for(cx, num)
    if v in ("bc1", "question"):
        c = rng.choice(cuts)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p(TRAIL))
        if v == "bc1":
            cx.A(cx.p(BC))
            cx.C(cx.p(RESUME), cx.R(num, c, num.n, "piece", rs), cx.p(TAIL))
        else:
            q, ans = rng.choice(QINT[k][cx.lang])
            cx.A(q)
            cx.C(rng.choice(ans), cx.p(RESUME), cx.R(num, c, num.n, "piece", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "bc2":
        c1, c2 = sorted(rng.sample(cuts, 2))
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c1, "piece", rs), cx.p(TRAIL))
        cx.A(cx.p(BC))
        cx.C(cx.p(RESUME), cx.R(num, c1, c2, "piece", rs), cx.p(TRAIL))
        cx.A(cx.p(BC))
        cx.C(cx.p(RESUME), cx.R(num, c2, num.n, "piece", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "midgroup":
        gb = bounds_of(rs["groups"] if len(rs["groups"]) > 1 else num.groupings[0])
        cand = [(gs, ge) for gs, ge in gb if ge - gs >= 3]
        gs, ge = rng.choice(cand)
        c = rng.randint(gs + (2 if gs == 0 else 1), ge - 1)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p({"zh": ["——", "……"], "en": [" —", "..."], "mixed": [" —", "……"]}))
        if gs == 0:
            # the interrupted group is the first: the agent asks, the caller starts again
            cx.A(cx.p({"zh": ["不好意思，没听清，您从头说？", "您那边断了一下，再说一遍？"], "en": ["Sorry, you cut out. From the start?", "Lost you for a second. Again?"],
                       "mixed": ["Sorry，没听清，从头说？", "断了一下，again？"]}))
            cx.C(cx.p(MIDA), cx.R(num, 0, num.n, "piece", rs), cx.p(TAIL))
        else:
            cx.A(cx.pt(MIDQ, N=cx.R(num, gs, c, "echo", cx.spec(num, groups=rs["groups"]))))
            cx.C(cx.p(MIDA), cx.R(num, gs, num.n, "piece", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "echo":
        c = rng.choice(cuts)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p(TRAIL))
        cx.A(cx.pt(ECHO, N=cx.R(num, 0, c, "echo", cx.spec(num, groups=rs["groups"]))))
        cx.C(cx.p({"zh": ["对，", "嗯，", ""], "en": ["Yep, ", "Right, ", ""], "mixed": ["对，", "Yes，", ""]}), cx.p(RESUME),
             cx.R(num, c, num.n, "piece", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    else:  # rbcut: the caller says it whole, the agent's read-back is cut by the caller's yes
        cx.C(give(cx, num, rs=rs))
        c = rng.choice(cuts)
        rs2 = cx.spec(num, groups=rs["groups"])
        cx.A(cx.p(RB_PRE), cx.R(num, 0, c, "readback", rs2), cx.p(TRAIL))
        cx.C(cx.p(BC_C))
        cx.A(cx.R(num, c, num.n, "readback", rs2), cx.p(RB_POST))
        cx.C(cx.p(BC_C))
    return [num]


READOUT = {"zh": ["我念给您听：", "您记一下，我念：", "好，我报一下："], "en": ["Right, reading it to you now:", "Okay, reading it off the card:", "Here goes, ready?"],
           "mixed": ["我 read 一下：", "OK，我念："]}
SCREEN = {"zh": ["我这边看到的是", "系统里显示"], "en": ["What I've got on screen is", "The system shows"], "mixed": ["System 显示", "我这边看到的是"]}


def ph_continuation(cx):
    rng = cx.rng
    num = cx.main_num()
    rs = cx.spec(num)
    cuts = cx.cuts(num, rs)
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    v = rng.choice(["two", "two", "three", "readout", "screen", "midcut"])
    if v == "three" and len(cuts) < 2:
        v = "two"
    cx.variant = v
    if v == "screen":
        cx.A(cx.p(OUT_WHY))
        c = rng.choice(cuts)
        cx.A(cx.p(SCREEN), " ", cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p({"zh": ["，", ""], "en": [",", ""], "mixed": [",", ""]}))
        cx.cont(cx.R(num, c, num.n, "piece", rs), cx.p(RB_POST))
        cx.C(cx.p(CONFIRM))
        return [num]
    ask_for(cx, num)
    if v == "readout":
        cx.C(cx.p(READOUT))
        cx.cont(cx.cc_items(num), cx.whole(num, rs=rs))
        cx.A(cx.p(ACK))
        return [num]
    if v == "two" or v == "midcut":
        if v == "midcut":
            gb = bounds_of(rs["groups"] if len(rs["groups"]) > 1 else num.groupings[0])
            cand = [(gs, ge) for gs, ge in gb if ge - gs >= 3 and gs > 0]
            if not cand:
                cand = [(gs, ge) for gs, ge in gb if ge - gs >= 3]
            gs, ge = rng.choice(cand)
            c = rng.randint(gs + 1, ge - 1)
        else:
            c = rng.choice(cuts)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p({"zh": ["，", ""], "en": [",", ""], "mixed": ["", ","]}))
        cx.cont(cx.R(num, c, num.n, "piece", rs), cx.tail())
    else:
        c1, c2 = sorted(rng.sample(cuts, 2))
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c1, "piece", rs))
        cx.cont(cx.R(num, c1, c2, "piece", rs))
        cx.cont(cx.R(num, c2, num.n, "piece", rs), cx.tail())
    cx.A(cx.p(ACK))
    return [num]


CORR_WRONG = {
    "en": [" — wait, scratch that. It's ", "... no hold on, it's ", " — sorry, no wait, ", " — back up, ", "... ugh, let me start again: ",
           " — hang on, I'm reading the old one. It's ", " — no no, sorry, ", " — strike that, ", "... hang on, I've muddled that. Once more: ",
           " — sorry, I misspoke, it's ", "... erm, no. Let me try that again: ", " — wait, that's not right. ", " — my bad, ", "... no, hold on. Okay: "],
    "zh": ["，哦不是，", "……不对不对，", "，说错了，是", "，等一下，我重新说一下：", "——不好意思，看错行了，是", "，嗯不对，重来：", "……哦抱歉，报错了，",
           "，不是不是，", "……搞错了，应该是"],
    "mixed": ["，sorry 不对，", "… wait，说错了，是", "，no no，重新说：", "——哦不是，let me start again，", " — 不对，scratch that，", "……sorry，重来："],
}
CORR_RESTART = {"en": [" — sorry, let me start again. ", "... actually, right back to the beginning: ", " — let me say that again slowly: ", " — sorry, I'll start over: ",
                       "... hang on, back up. ", " — no wait, let me do that properly: "],
                "zh": ["……我重新说一下：", "，算了，从头说：", "……我慢一点重报一遍：", "，不好意思，我从头再来："],
                "mixed": ["……let me start again，", "，sorry，从头说：", " — 我重新 say 一遍："]}
TRANSPOSED = {"en": ["Ah wait, I transposed two there. ", "Hang on, I think I swapped two digits. ", "Sorry, back up, I mixed up two numbers. "],
              "zh": ["哦不对，我把两位报反了。", "等下，中间有两位说反了。", "不好意思，我看错了一位。"],
              "mixed": ["Sorry，I transposed two，", "等一下，两位 swapped 了，"]}
INVALID = {"en": ["That one's not validating on my side. Could you check it?", "Hmm, the system's rejecting that. Can you read it again?",
                  "That doesn't seem to pass the check. Mind looking at the card again?"],
           "zh": ["系统提示号码有误，您再核对一下？", "这个号校验不通过，麻烦您再看一下。", "嗯……系统说格式不对，您再报一遍？"],
           "mixed": ["System 提示 invalid，您再 check 一下？", "这个号 check 不通过，再报一遍？"]}
FIXGROUP = {"en": ["{G} is {N}, not {W}.", "It's {N} for {G}, not {W}.", "{G} should be {N}. I said {W}."],
            "zh": ["{G}应该是{N}，刚才报成{W}了。", "{G}错了，是{N}，我刚说的{W}不对。", "{G}{N}，刚才那个{W}是我看错了。"],
            "mixed": ["{G} 是{N}，not {W}。", "{G} should be {N}，不是{W}。"]}
OLDNUM = {"en": [" — sorry, that's my old number. The new one's ", " — no, hang on, that's the work phone. Mine is ", " — wait, that's my wife's. Mine's "],
          "zh": ["……哎不对，这是我老号，新号是", "，不对，这是单位的，我自己的是", "……不是，那是我爱人的，我的是"],
          "mixed": [" — sorry，这是 old number，新号是", "……不对，that's my work phone，我的是"]}
WRONGCARD = {"en": [" — hold on, wrong card. This one: ", "... no, that's the credit card. The debit one is ", " — sorry, I grabbed the wrong card. It's "],
             "zh": ["……等下，拿错卡了，是这张：", "，不对，这是信用卡，借记卡是", "……哦拿错了，应该是"],
             "mixed": [" — wait，拿错卡了，是", "……sorry，wrong card，应该是"]}


def group_name(cx, num, gs, ge):
    last = ge == num.n
    if cx.lang == "zh" or (cx.lang == "mixed" and cx.rng.random() < 0.5):
        if last:
            return "最后四位" if ge - gs == 4 else "末尾几位"
        return cx.rng.choice(["中间四位" if ge - gs == 4 else "中间几位", "中间这一截"])
    if last:
        return cx.rng.choice(["the last four", "the last bit"]) if ge - gs == 4 else "the last bit"
    return cx.rng.choice(["the middle bit", "the middle block"])


def cap(s):
    return s[:1].upper() + s[1:]


def ph_correction(cx):
    rng = cx.rng
    num = cx.main_num()
    rs = cx.spec(num)
    cuts = cx.cuts(num, rs)
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    opts = ["wrongprefix", "wrongprefix", "restart", "restart", "twice"]
    if k == "phone":
        opts += ["midfix", "midfix", "oldnum"]
    else:
        opts += ["transposed", "transposed", "invalid"]
        if k == "bank_card":
            opts.append("wrongcard")
    v = rng.choice(opts)
    gb = bounds_of(rs["groups"] if len(rs["groups"]) > 1 else num.groupings[0])
    if v == "midfix" and len(gb) < 3:
        v = "wrongprefix"
    cx.variant = v
    ask_for(cx, num)
    if v in ("wrongprefix", "twice"):
        c = rng.choice([x for x in cuts if x < num.n - 2] or [cuts[0]])
        c = max(c, min(3, num.n - 4))
        wv = cx.wrong_version(num, 0 if num.kind != "phone" else 1, c)
        ab = cx.R(num, 0, c, "abandoned", rs, version=wv)
        items = [cx.lead(), cx.cc_items(num), ab, cx.p(CORR_WRONG)]
        if v == "twice":
            c2 = rng.choice([x for x in cuts if x < num.n - 2] or [cuts[0]])
            items += [cx.R(num, 0, c2, "abandoned", rs), cx.p(CORR_RESTART)]
        items += [cx.R(num, 0, num.n, "corrected", rs), cx.p(TAIL)]
        cx.C(items)
        cx.A(cx.p(ACK))
    elif v == "restart":
        c = rng.choice([x for x in cuts if x < num.n - 2] or [cuts[0]])
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "abandoned", rs), cx.p(CORR_RESTART), cx.R(num, 0, num.n, "corrected", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "midfix":
        mids = [(gs, ge) for gs, ge in gb if gs > 0 and ge < num.n]
        gs, ge = rng.choice(mids)
        wv = cx.wrong_version(num, gs, ge)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, ge, "abandoned", rs, version=wv), cx.p(
            {"en": [" — back up, ", " — no hold on, ", "... wait, "], "zh": ["——等下，不对，", "……不对不对，"], "mixed": [" — back up，", "……wait，不对，"]}))
        cx.cont(cx.pt(FIXGROUP, G=cap(group_name(cx, num, gs, ge)) if cx.lang == "en" else group_name(cx, num, gs, ge),
                      N=cx.R(num, gs, ge, "corrected", rs), W=cx.R(num, gs, ge, "wrong", rs, version=wv)))
        cx.A(cx.p(RB_PRE), cx.R(num, 0, num.n, "readback", cx.spec(num, groups=rs["groups"])), cx.p(RB_POST))
        cx.C(cx.p(BC_C))
    elif v == "oldnum":
        other = cx.new_num("phone", sub=num.sub if num.sub in ("cnmob",) else "cnmob", with_cc=False)
        ors = cx.spec(other)
        c = rng.choice(cx.cuts(other, ors)[:2])
        cx.C(cx.lead(), cx.R(other, 0, c, "abandoned", ors), cx.p(OLDNUM), cx.cc_items(num), cx.R(num, 0, num.n, "corrected", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    elif v == "wrongcard":
        other = cx.new_num("bank_card")
        ors = cx.spec(other)
        c = rng.choice(cx.cuts(other, ors)[:2])
        cx.C(cx.lead(), cx.R(other, 0, c, "abandoned", ors), cx.p(WRONGCARD), cx.R(num, 0, num.n, "corrected", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    else:  # transposed / invalid: a complete wrong ID / card first
        lim = 17 if k == "id_number" else num.n
        gs, ge = rng.choice([g for g in gb if g[0] > 0 and min(g[1], lim) - g[0] >= 2] or [(6, 14)])
        wv = cx.wrong_version(num, gs, ge, mode="swap" if v == "transposed" else None)
        cx.C(cx.lead(), cx.R(num, 0, num.n, "wrong", rs, version=wv), cx.p(TAIL))
        cx.A(cx.p(INVALID))
        if v == "transposed" and rng.random() < 0.6:
            cx.C(cx.p(TRANSPOSED), cx.pt(FIXGROUP, G=cap(group_name(cx, num, gs, ge)) if cx.lang == "en" else group_name(cx, num, gs, ge),
                                         N=cx.R(num, gs, ge, "corrected", rs), W=cx.R(num, gs, ge, "wrong", rs, version=wv)))
            cx.A(cx.p(RB_PRE), cx.R(num, 0, num.n, "readback", cx.spec(num, groups=rs["groups"])), cx.p(RB_POST))
            cx.C(cx.p(BC_C))
        else:
            cx.C(cx.p(TRANSPOSED) if v == "transposed" else cx.p({"zh": ["哦，我再看一下……", "啊？我再报一遍："], "en": ["Huh. Let me look again... ", "Really? Okay, again: "],
                                                                 "mixed": ["哦，let me check……", "OK，再来一遍："]}),
                 cx.R(num, 0, num.n, "corrected", rs), cx.p(TAIL))
            cx.A(cx.p(ACK))
    return [num]


FILL = {"zh": ["呃", "嗯", "那个", "额", "就是", "我看看"], "en": ["um", "uh", "er", "erm", "hmm", "let me see", "what is it"],
        "mixed": ["呃", "嗯", "那个", "um", "uh", "er"]}
HESITANT = {"zh": ["呃，我想想啊，", "嗯……", "那个，"], "en": ["Um, okay, so, ", "Uh, right, ", "Erm... "], "mixed": ["呃，", "Um，", "那个，"]}


def add_fillers(cx, num, rs, k_min=2, k_max=3):
    rng = cx.rng
    bnd = set(cx.cuts(num, rs))
    inner = [p for p in range(2, num.n - 1) if p not in bnd]
    cnt = rng.randint(k_min, k_max)
    pos = set()
    while len(pos) < cnt:
        if bnd and rng.random() < 0.55:
            pos.add(rng.choice(sorted(bnd)))
        else:
            pos.add(rng.choice(inner))
    words = pick_lang(FILL, cx.lang)
    rs["fill"] = {p: rng.choice(words) for p in sorted(pos)}
    return rs


def ph_filler(cx):
    rng = cx.rng
    num = cx.main_num()
    rs = add_fillers(cx, num, cx.spec(num))
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    v = rng.choice(["between", "between", "hesitant", "readback"])
    cx.variant = v
    ask_for(cx, num)
    if v == "readback":
        cx.C(give(cx, num, rs=cx.spec(num, groups=rs["groups"])))
        rb = add_fillers(cx, num, cx.spec(num, groups=rs["groups"]), 2, 2)
        cx.A(cx.p({"zh": ["我重复一下啊，", "好，我念一遍，"], "en": ["So that's ", "Let me read it back, "], "mixed": ["我 read back 一下，", "So，"]}),
             cx.R(num, 0, num.n, "readback", rb), cx.p(RB_POST))
        cx.C(cx.p(BC_C))
        return [num]
    lead = cx.p(HESITANT) if v == "hesitant" else cx.lead()
    cx.C(lead, cx.cc_items(num), cx.R(num, 0, num.n, "said", rs), cx.tail())
    cx.A(cx.p(ACK))
    return [num]


def itn_groups(rng, n):
    for _ in range(100):
        g, left = [], n
        while left > 0:
            k = min(left, rng.choice([1, 2, 3, 3, 4, 4, 5, 6]))
            g.append(k)
            left -= k
        if 3 <= len(g) <= 7:
            return g
    return [n // 3, n // 3, n - 2 * (n // 3)]


def ph_asr_chunks(cx):
    rng = cx.rng
    num = cx.main_num()
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    v = rng.choice(["itn", "itn", "digit", "cnmix" if cx.lang != "en" else "enmix", "enmix" if cx.lang != "zh" else "cnmix", "cut", "cut"])
    if cx.asr and rng.random() < 0.3:
        v = "cut"
    cx.variant = v
    if v == "itn":
        rs = cx.spec(num, style="ar", groups=itn_groups(rng, num.n))
        rs["seps"] = [None] + [" "] * (len(rs["groups"]) - 1)
    elif v == "digit":
        g = [1] * num.n
        rs = cx.spec(num, style="ar" if rng.random() < 0.7 or cx.lang == "en" else "cn", groups=g)
        rs["seps"] = [None] + [" "] * (num.n - 1)
    elif v in ("cnmix", "enmix"):
        g = itn_groups(rng, num.n)
        other = "cn" if v == "cnmix" else "en"
        st = [other if i % 2 == 0 else "ar" for i in range(len(g))]
        if rng.random() < 0.5:
            st = [("ar" if s == other else other) for s in st]
        rs = cx.spec(num, style=st, groups=g)
        rs["seps"] = [None] + [" "] * (len(g) - 1)
    else:
        g = itn_groups(rng, num.n)
        rs = cx.spec(num, style="ar", groups=g)
        rs["seps"] = [None] + [" "] * (len(g) - 1)
    ask_for(cx, num)
    if v == "cut":
        c = rng.randint(3, num.n - 3)
        while c in set(bounds_of(rs["groups"])[i][0] for i in range(len(rs["groups"]))) and rng.random() < 0.7:
            c = rng.randint(3, num.n - 3)
        # never start the continuation on a "double"
        rs["dbl"] = 0
        f1 = cx.R(num, 0, c, "piece", rs)
        f2 = cx.R(num, c, num.n, "piece", rs)
        f1.merge_next = f2
        f2.merged = True
        cx.C(cx.lead(), cx.cc_items(num), f1)
        cx.cont(f2, cx.tail())
    else:
        cx.C(give(cx, num, rs=rs))
    cx.A(cx.p(ACK))
    return [num]


RB_LAST4 = {"phone": {"zh": ["尾号{N}，对吧？", "好的，尾号是{N}的这个号码。", "最后四位{N}，没错吧？"],
                      "en": ["Ending {N}, yes?", "So the one ending in {N}.", "Last four {N}, right?"],
                      "mixed": ["尾号{N}，right？", "Ending in {N}，对吗？"]},
            "bank_card": {"zh": ["尾号{N}的卡，对吗？", "好的，卡号后四位{N}。"], "en": ["The card ending {N}?", "Okay, so the one ending in {N}."],
                          "mixed": ["尾号{N}的 card，对吗？"]},
            "id_number": {"zh": ["身份证后四位{N}，对吧？"], "en": ["And the ID ends {N}?"], "mixed": ["ID 后四位{N}，对吗？"]}}
RB_FIRST = {"zh": ["开头是{N}，对吧？", "前面{N}没错吧？"], "en": ["Starting {N}, yes?", "And it begins {N}?"], "mixed": ["开头是{N}，right？", "Starts with {N}，对吗？"]}
RB_FINISH = {"zh": ["那就是{N}……再往后呢？", "我这边记到{N}……后面？"], "en": ["So that's {N}...?", "I've got {N}, and then...?"], "mixed": ["So 是{N}……？", "我这边 {N}……然后？"]}
NOT_RIGHT = {"zh": ["不对，", "不是，", "不对不对，"], "en": ["No, ", "Not quite, ", "Sorry, no. "], "mixed": ["不对，", "No，", "Not quite，"]}


def ph_readback(cx):
    rng = cx.rng
    num = cx.main_num()
    rs = cx.spec(num)
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    opts = ["full", "full", "last4", "first", "finish", "misheard", "misheard"]
    v = rng.choice(opts)
    cx.variant = v
    gb = bounds_of(rs["groups"] if len(rs["groups"]) > 1 else num.groupings[0])
    ask_for(cx, num)
    cx.C(give(cx, num, rs=rs))
    rs2 = cx.spec(num, groups=[ge - gs for gs, ge in gb])
    if v == "full":
        cx.A(cx.p(RB_PRE), cx.R(num, 0, num.n, "readback", rs2), cx.p(RB_POST))
        cx.C(cx.p(BC_C))
    elif v == "last4":
        cx.A(cx.pt(RB_LAST4[k], N=cx.R(num, num.n - 4, num.n, "readback", rs2)))
        cx.C(cx.p(BC_C))
    elif v == "first":
        gs, ge = gb[0]
        if ge - gs < 3:
            ge = gb[1][1]
        cx.A(cx.pt(RB_FIRST, N=cx.R(num, 0, ge, "readback", rs2)))
        cx.C(cx.p(BC_C))
    elif v == "finish":
        cx.A(cx.pt(RB_FINISH, N=cx.R(num, 0, num.n - 4, "readback", rs2)))
        cx.C(cx.p({"zh": ["对，", "", "对，后面是"], "en": ["Yep, ", "", "Right, then "], "mixed": ["对，", "Yes，"]}), cx.R(num, num.n - 4, num.n, "said", rs2), "。" if cx.lang == "zh" else ".")
    else:  # misheard
        if k == "phone":
            early = [g for g in gb if g[1] < num.n and g[1] - g[0] >= 2]
            gs, ge = early[1] if len(early) > 1 else early[0]
            wv = cx.wrong_version(num, max(gs, 1), ge)
            cx.A(cx.pt(RB_FINISH, N=cx.R(num, 0, ge, "misheard", rs2, version=wv)))
            cx.C(cx.p(NOT_RIGHT), cx.pt(FIXGROUP, G=cap(group_name(cx, num, gs, ge)) if cx.lang == "en" else group_name(cx, num, gs, ge),
                                        N=cx.R(num, gs, ge, "corrected", rs2), W=cx.R(num, gs, ge, "wrong", rs2, version=wv)))
            cx.A(cx.p({"zh": ["抱歉，那完整的是", "好的，那就是"], "en": ["Sorry about that. So the full number is ", "Got it, so: "], "mixed": ["Sorry，所以是", "OK，so "]}),
                 cx.R(num, 0, num.n, "readback", rs2), cx.p(RB_POST))
            cx.C(cx.p(BC_C))
        else:
            lim = 17 if k == "id_number" else num.n
            gs, ge = rng.choice([g for g in gb[1:] if min(g[1], lim) - g[0] >= 2] or [(6, 14)])
            wv = cx.wrong_version(num, gs, ge)
            cx.A(cx.p(RB_PRE), cx.R(num, 0, num.n, "misheard", rs2, version=wv), cx.p(RB_POST))
            cx.C(cx.p(NOT_RIGHT), cx.pt(FIXGROUP, G=cap(group_name(cx, num, gs, ge)) if cx.lang == "en" else group_name(cx, num, gs, ge),
                                        N=cx.R(num, gs, ge, "corrected", rs2), W=cx.R(num, gs, ge, "wrong", rs2, version=wv)))
            if rng.random() < 0.6:
                cx.A(cx.p({"zh": ["不好意思，我再念一遍：", "好，改过来了："], "en": ["Sorry, once more: ", "Fixed. So that's "], "mixed": ["Sorry，再念一遍：", "OK fixed："]}),
                     cx.R(num, 0, num.n, "readback", cx.spec(num, groups=rs2["groups"])), cx.p(RB_POST))
                cx.C(cx.p(BC_C))
            else:
                cx.A(cx.p({"zh": ["好的，改好了。", "抱歉，已更正。"], "en": ["Sorry, corrected.", "Thanks, fixed that."], "mixed": ["OK，改好了。", "Sorry，fixed。"]}))
    return [num]


CCA_SAME = {"X": {"zh": ["{N}，末尾是{X}。", "{N}……最后一位是{X}。", "{N}，最后那位是{X}。"],
                  "en": ["{N}, and the final character's {X}.", "{N}, and there's a capital {X} on the end.", "{N}... plus an {X} at the end."],
                  "mixed": ["{N}，最后一位是 {X}。", "{N}，ends with {X}。"]},
            "d": {"zh": ["{N}，最后一位是{X}。", "{N}……末尾{X}。"], "en": ["{N}, and the last digit is {X}.", "{N}, and finally {X}."],
                  "mixed": ["{N}，最后一位{X}。", "{N}，last digit {X}。"]}}
CCA_NEXT = {"X": {"zh": ["末尾是{X}。", "最后一个是{X}，字母。"], "en": ["Last character's {X}.", "And then {X}, the letter."], "mixed": ["最后是 {X}。", "Then {X}。"]},
            "d": {"zh": ["最后一位{X}。"], "en": ["Last digit {X}."], "mixed": ["最后一位 {X}。"]}}
CCA_ASK = {"zh": ["最后一位呢？", "最后一位是数字还是字母？", "您最后一位没说。"], "en": ["And the last character?", "Is there a letter at the end?", "You missed the last one, I think?"],
           "mixed": ["最后一位呢？", "Last character 是？"]}
CCA_ANS = {"X": {"zh": ["是{X}。", "{X}，大写的。", "字母{X}。"], "en": ["It's {X}.", "{X}, capital.", "An {X}."], "mixed": ["是 {X}。", "{X}，capital。"]},
           "d": {"zh": ["是{X}。", "{X}。"], "en": ["It's {X}.", "{X}."], "mixed": ["是{X}。"]}}


def ph_check_char(cx):
    rng = cx.rng
    want_x = rng.random() < 0.8
    cx.plan = dict(cx.plan, want_x=want_x)
    num = cx.new_num("id_number", want_x=want_x)
    rs = cx.spec(num)
    xk = "X" if num.digits[17] == "X" else "d"
    if xk == "X":
        xs = cx.spec(num, style="ar")
        xs["x"] = rng.choice(["X", "X", "x", "叉", "Ｘ"] if cx.lang == "zh" else ["X", "X", "x"] if cx.lang == "en" else ["X", "x", "叉"])
    else:
        xs = cx.spec(num)
    v = rng.choice(["same", "same", "next", "asked", "asked"])
    cx.variant = v
    cx.A(cx.ask_items("id_number"))
    f17 = cx.R(num, 0, 17, "said", rs)
    fx = cx.R(num, 17, 18, "check-char", xs)
    if v == "same":
        cx.C(cx.lead(), cx.pt(CCA_SAME[xk], N=f17, X=fx))
    elif v == "next":
        cx.C(cx.lead(), f17, cx.p({"zh": ["，", ""], "en": [",", ""], "mixed": ["", ","]}))
        cx.cont(cx.pt(CCA_NEXT[xk], X=fx))
    else:
        cx.C(cx.lead(), f17, cx.p({"zh": ["。", "……"], "en": [".", "..."], "mixed": ["。", "..."]}))
        cx.A(cx.p(CCA_ASK))
        cx.C(cx.pt(CCA_ANS[xk], X=fx))
    cx.A(cx.p(ACK))
    return [num]


def ph_glued(cx):
    rng = cx.rng
    if cx.plan["kind"] == "id_number":
        cx.plan = dict(cx.plan, want_x=False)
    num = cx.main_num()
    k = num.kind
    if is_foreign(num):
        cx.extra["cty"] = cty_name(cx, num)
    groups = rng.choice(num.groupings)
    if len(groups) == 1:
        groups = num.groupings[0]
    mode = rng.choice(["group", "group", "pairs", "mixed"])
    if mode == "mixed":
        st = [rng.choice(["gl", "en"]) for _ in groups]
        if "gl" not in st:
            st[0] = "gl"
        rs = cx.spec(num, style=st, groups=groups)
    else:
        rs = cx.spec(num, style="gl", groups=groups)
    if mode == "pairs":
        rs["glue"] = [2, 3]
    v = rng.choice(["whole", "whole", "readback", "pieces"])
    cx.variant = f"{v}-{mode}"
    ask_for(cx, num)
    if v == "whole":
        cx.C(give(cx, num, rs=rs))
        cx.A(cx.p(ACK))
    elif v == "readback":
        cx.C(give(cx, num, rs=cx.spec(num, style=rng.choice(["en", "ar"]), groups=groups)))
        cx.A(cx.p(RB_PRE), cx.R(num, 0, num.n, "readback", rs), cx.p(RB_POST))
        cx.C(cx.p(BC_C))
    else:
        cuts = cx.cuts(num, rs)
        c = rng.choice(cuts)
        cx.C(cx.lead(), cx.cc_items(num), cx.R(num, 0, c, "piece", rs), cx.p(TRAIL))
        cx.A(cx.p(BC))
        cx.C(cx.p(RESUME), cx.R(num, c, num.n, "piece", rs), cx.p(TAIL))
        cx.A(cx.p(ACK))
    return [num]


SAMELINE = {"zh": ["{K1}{N}，{K2}{N2}。", "{K1}是{N}，然后{K2}是{N2}。"],
            "en": ["{K1} is {N}, and {K2} is {N2}.", "Right: {K1} {N}; {K2} {N2}."],
            "mixed": ["{K1} 是{N}，{K2} 是{N2}。", "{K1} {N}，然后 {K2} {N2}。"]}
KLEAD = {"zh": {"phone": "手机", "id_number": "身份证", "bank_card": "卡号"},
         "en": {"phone": "the mobile", "id_number": "the ID number", "bank_card": "the card"},
         "mixed": {"phone": "手机", "id_number": "ID", "bank_card": "card number"}}
BACKUP_ASK = {"zh": ["有没有备用号码？万一打不通。", "家里座机或者其他电话也留一个吧？"], "en": ["Is there a backup number, in case we can't get through?", "Any other number we can try?"],
              "mixed": ["有 backup number 吗？", "其他 number 也留一个？"]}
HANDOVER = {"zh": ["卡是我爱人的，我让她跟您说。", "这个我不清楚，我老公来说。"], "en": ["It's my partner's card, I'll pass you over.", "Hang on, my husband has the details."],
            "mixed": ["卡是我 partner 的，我让她说。", "Hold on，我老公来说。"]}
C2_HELLO = {"zh": ["喂，你好，", "你好，我来说，"], "en": ["Hi, hello, ", "Hello, it's me now. "], "mixed": ["Hi，", "你好，"]}


def ph_multi(cx):
    rng = cx.rng
    kinds = ["phone", "id_number", "bank_card"]
    k1 = cx.plan["kind"]
    k2 = rng.choice([x for x in kinds if x != k1])
    v = rng.choice(["sameline", "turns", "turns", "backup", "spouse"])
    cx.variant = v
    n1 = cx.main_num()
    if is_foreign(n1):
        cx.extra["cty"] = cty_name(cx, n1)
    if v == "sameline":
        n2 = cx.new_num(k2)
        cx.A(cx.p({"zh": ["麻烦您把{K1}和{K2}都报一下。"], "en": ["I'll need {K1} and {K2}, please."], "mixed": ["{K1}和{K2}都报一下？"]},
                  K1=KLEAD[cx.lang][k1], K2=KLEAD[cx.lang][k2]))
        cx.C(cx.T(rng.choice(SAMELINE[cx.lang]).replace("{K1}", KLEAD[cx.lang][k1]).replace("{K2}", KLEAD[cx.lang][k2]),
                  N=cx.cc_items(n1) + [cx.whole(n1)], N2=cx.cc_items(n2) + [cx.whole(n2)]))
        cx.A(cx.p(ACK))
        return [n1, n2]
    if v == "turns":
        nums = [n1, cx.new_num(k2)]
        if rng.random() < 0.4:
            nums.append(cx.new_num([x for x in kinds if x not in (k1, k2)][0]))
        for n in nums:
            cx.A(cx.ask_items(n.kind))
            if is_foreign(n):
                cx.extra["cty"] = cty_name(cx, n)
            cx.C(give(cx, n))
        cx.A(cx.p(ACK))
        return nums
    if v == "backup":
        if n1.kind != "phone":
            cx.A(cx.ask_items(n1.kind))
            cx.C(give(cx, n1))
        p1 = n1 if n1.kind == "phone" else cx.new_num("phone")
        if p1 is not n1:
            cx.A(cx.ask_items("phone"))
        else:
            cx.A(cx.ask_items("phone"))
        cx.C(give(cx, p1))
        cx.A(cx.p(BACKUP_ASK))
        p2 = cx.new_num("phone", sub=rng.choice(["cnland", "cnmob", cx.phone_sub(True)]))
        if is_foreign(p2):
            cx.extra["cty"] = cty_name(cx, p2)
        cx.C(give(cx, p2))
        cx.A(cx.p(ACK))
        return [x for x in (n1, p1, p2) if x is not None]
    # spouse: a second voice gives the other kind
    cx.A(cx.ask_items(n1.kind))
    cx.C(give(cx, n1))
    cx.A(cx.ask_items(k2))
    cx.C(cx.p(HANDOVER))
    n2 = cx.new_num(k2)
    cx.say("C2", cx.p(C2_HELLO), cx.lead(), cx.cc_items(n2), cx.whole(n2), cx.tail())
    cx.A(cx.p(ACK))
    return [n1, n2]


# ---- hard negatives ----

DECLINE = {"zh": ["这个我不太方便在电话里说，我到店里再给吧。", "卡号就不报了，我直接过去付。", "身份证号我回头发邮件给你们行吗？"],
           "en": ["I'd rather not give that over the phone, if that's all right.", "I'll pop in and show you the card instead.", "Can I email that through later?"],
           "mixed": ["这个我不方便电话里说，I'll come in。", "Card number 我就不报了，到店再付。"]}
DECLINE_OK = {"zh": ["没问题，那您到时候带上证件。", "好的，理解。"], "en": ["No problem at all.", "That's fine, bring it with you."], "mixed": ["OK，没问题。", "Sure，理解。"]}
LONG_SAY = {"zh": ["{name}是{N}。", "我这边{name}显示{N}。", "{name}：{N}，您查一下。"],
            "en": ["The {name} is {N}.", "I've got a {name} here, {N}.", "{name}: {N}. Can you look that up?"],
            "mixed": ["{name} 是{N}。", "我这边 {name} 是{N}。"]}


NEG_QA = {"zh": [("好的，那热线是多少？", "热线{hot}，{time}前都有人接。"), ("大概多少钱？", "一共{amt}，{date}前付就行。"),
                 ("你们几点下班？", "我们{time}下班，周末{time2}开门。")],
          "en": [("And what's the number for the helpline?", "It's {hot}, staffed until {time}."), ("Roughly how much is that?", "It comes to {amt}, payable by {date}."),
                 ("What time do you close?", "We close at {time}, and weekends we open at {time2}.")],
          "mixed": [("Hotline 是多少？", "Hotline {hot}，{time}前有人。"), ("大概多少钱？", "一共{amt}，{date}前付。")]}
NEG_EXTRA = {"zh": [("好的，那{date}之前能办好吗？", "可以的，{date}前肯定好。"), ("那大概要多少钱？", "费用是{amt}，到时候一起结。")],
             "en": [("Okay, and will that be done by {date}?", "Should be, by {time} on {date}."), ("And what will that cost?", "It's {amt} in total.")],
             "mixed": [("OK，{date}前能搞定吗？", "No problem，{date}前搞定。"), ("大概多少钱？", "Total {amt}。")]}


def long_lookalike(rng, n):
    """A reference number that passes nothing: no Luhn / MOD 11-2 / mobile-shaped window, no province or card prefix."""
    for _ in range(4000):
        first = rng.choice("789" if n in (16, 19) else "0789" if n in (15, 18) else "3456789")
        s = first + rdig(rng, n - 1)
        if s[0] == "0" and n <= 12:
            continue
        if risky(s, set()) is None:
            return s
    raise Redraw("no look-alike drawn")


def ph_negative(cx):
    rng = cx.rng
    v = rng.choice(["longref", "longref", "longref-rb", "member", "declined", "chatter", "notgiven"])
    cx.variant = v
    lang = cx.lang
    zh = lang == "zh" or (lang == "mixed" and rng.random() < 0.5)
    name = rng.choice(cx.dom["longname"]["zh" if zh else "en"])
    if v in ("longref", "longref-rb"):
        n = rng.choice([15, 16, 17, 18, 19, 20])
        s = long_lookalike(rng, n)
        cx.lookalikes += 1
        style = rng.choice(["cn", "ar"] if lang == "zh" else ["en", "ar", "en"] if lang == "en" else ["cn", "en", "ar"])
        cx.C(cx.T(rng.choice(LONG_SAY[lang]).replace("{name}", name), N=say_plain(cx, s, style)))
        if v == "longref-rb":
            cx.A(cx.p(RB_PRE), say_plain(cx, s, rng.choice(["ar", style])), cx.p(RB_POST))
            cx.C(cx.p(BC_C))
        cx.A(cx.p(cx.dom["chatter"]))
    elif v == "member":
        s = rng.choice("2456789") + rdig(rng, 10)
        while risky(s, set()):
            s = rng.choice("2456789") + rdig(rng, 10)
        cx.lookalikes += 1
        mem = cx.dom["member"]["zh" if zh else "en"]
        cx.A(cx.p({"zh": ["您的{m}是多少？", "报一下{m}？"], "en": ["What's your {m}?", "Have you got your {m} handy?"], "mixed": ["{m} 是多少？"]}, m=mem))
        cx.C(cx.lead(), say_plain(cx, s, rng.choice(["ar", "cn"] if lang == "zh" else ["ar", "en"])), cx.p(TAIL))
        cx.A(cx.p(cx.dom["chatter"]))
    elif v == "declined":
        k = rng.choice(["phone", "id_number", "bank_card"])
        cx.A(cx.ask_items(k))
        cx.C(cx.p(DECLINE))
        cx.A(cx.p(DECLINE_OK))
        cx.A(cx.p(cx.dom["chatter"]))
    elif v == "notgiven":
        cx.A(cx.ask_items("phone"))
        cx.C(cx.p({"zh": ["我等会儿短信发给你们吧，现在开车。", "号码我记不住，回头再打过来。"], "en": ["I'll text it over later, I'm driving.", "I don't know it by heart, I'll ring back."],
                   "mixed": ["我等下 text 给你们。", "I don't remember，回头再 call。"]}))
        cx.A(cx.p(cx.dom["chatter"]))
    else:
        cx.A(cx.p(cx.dom["chatter"]))
        q, a = rng.choice(NEG_QA[cx.lang])
        memo = {}
        cx.C(cx.f(q, memo))
        cx.A(cx.f(a, memo))
    return []


def say_plain(cx, s, style):
    """An unlabelled digit run said in a style (look-alikes): plain string."""
    rng = cx.rng
    g = []
    left = len(s)
    while left > 0:
        k = min(left, rng.choice([3, 4, 4, 5]))
        g.append(k)
        left -= k
    out, p = [], 0
    for k in g:
        part = s[p:p + k]
        p += k
        if style == "cn":
            out.append("".join(CN_W[c] if c != "1" else rng.choice("幺一") for c in part))
        elif style == "en":
            out.append(" ".join(EN_W[c] for c in part))
        else:
            out.append(part)
    sep = {"cn": rng.choice(["，", " ", ""]), "en": rng.choice([", ", " "]), "ar": rng.choice([" ", "-", ""])}[style]
    if cx.asr:
        sep = " " if style != "cn" else rng.choice([" ", "，"])
    return sep.join(out)


BUILDERS = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
            "filler": ph_filler, "asr-chunks": ph_asr_chunks, "readback": ph_readback, "check-char-apart": ph_check_char,
            "glued-words": ph_glued, "multi-number": ph_multi, "negative": ph_negative}


def extra_number(cx, have):
    rng = cx.rng
    kinds = [k for k in ("phone", "id_number", "bank_card") if k not in {n.kind for n in have}]
    if not kinds:
        return
    k = rng.choice(kinds)
    n = cx.new_num(k)
    if is_foreign(n):
        cx.extra["cty"] = cty_name(cx, n)
    cx.tags.append("second-number")
    pre = cx.p({"zh": ["另外，", "还有，", ""], "en": ["Also, ", "One more thing: ", ""], "mixed": ["另外，", "Also，"]})
    ask = cx.ask_items(k)[0]
    if ask.startswith(("And ", "Right, ", "Okay, ", "那您", "OK，")):
        pre = ""
    if pre and ask[:1].isascii() and ask[:1].isupper() and not ask[1:2].isupper() and not ask.startswith(("I ", "I'")):
        ask = ask[0].lower() + ask[1:]
    cx.A(pre, ask)
    cx.C(give(cx, n))
    cx.A(cx.p(ACK))


# =============================================================================================
# Building a case, checking it, planning the set
# =============================================================================================

def frag_check(cx):
    seen = Counter()
    for t in cx.turns:
        for line in t.lines:
            for it in line:
                if isinstance(it, Frag):
                    seen[id(it)] += 1
    for f in cx.frags:
        if seen[id(f)] != 1:
            raise Bug(f"fragment {f.text!r} placed {seen[id(f)]} times")
        got = "".join(u[3] for u in ev.read_units(f.text))
        if got != f.reader:
            raise Bug(f"fragment {f.text!r} reads {got!r}, built as {f.reader!r}")
        if f.text != f.text.strip() or "\n" in f.text:
            raise Bug(f"fragment {f.text!r} has outer white space")
        pos = f.a
        for i, t in enumerate(f.toks):
            if t[0] != "D":
                continue
            if re.search(r"double|triple", t[1]):
                if i == 0 and t[1].startswith(("double", "triple")):
                    raise Bug("a fragment starts on double / triple")
                acc = 0
                for w in t[1].split(" "):
                    parts = ev._decompose(w) or []
                    mult = 1
                    for part in parts:
                        if part in ("double", "triple"):
                            mult = 2 if part == "double" else 3
                            if f.kind == "phone" and pos + acc + mult > f.num.n - 5:
                                raise Bug("double / triple in a phone's last five digits")
                            continue
                        acc += mult
                        mult = 1
            pos += len(t[2])
    if len(cx.frags) != sum(seen.values()):
        raise Bug("a fragment in the lines is not registered")


def labels_text(text, spans):
    out = []
    for f, s, e in sorted(spans, key=lambda x: x[1]):
        if text[s:e] != f.text:
            raise Bug("span offsets off")
        if s > 0 and BESIDE_BAD.match(text[s - 1]):
            raise Redraw("digit-bearing character before a span")
        if e < len(text) and BESIDE_BAD.match(text[e]):
            raise Redraw("digit-bearing character after a span")
        out.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4, "role": f.role})
    return out


def build_case(plan, seed, idx, attempt, used):
    rng = random.Random(f"{SET}|{seed}|{idx}|{attempt}")
    cx = Cx(rng, plan, used)
    cx.variant = ""
    cx.opening()
    nums = BUILDERS[plan["phenomenon"]](cx)
    if plan["phenomenon"] not in ("multi-number", "negative") and rng.random() < 0.3:
        extra_number(cx, nums)
    if plan["phenomenon"] == "negative" and rng.random() < 0.5:
        q, a = rng.choice(NEG_EXTRA[cx.lang])
        memo = {}
        cx.C(cx.f(q, memo))
        cx.A(cx.f(a, memo))
    cx.closing()
    frag_check(cx)
    w6 = set()
    for v in cx.versions:
        for m in range(len(v) - 5):
            w6.add(v[m:m + 6])
    check_stream(cx.turns, w6)
    fmt = plan["format"]
    case = {"id": f"{SET}-{idx + 1:04d}", "set": SET, "phenomenon": plan["phenomenon"], "lang": plan["lang"], "format": fmt,
            "domain": plan["domain"]}
    lrng = random.Random(f"{SET}|layout|{seed}|{idx}|{attempt}")
    if fmt == "text":
        text, spans, lay = render_text(cx, lrng)
        case["variant"] = f"{cx.variant};{lay}"
        case["text"] = text
        case["spans"] = labels_text(text, spans)
    elif fmt == "vtt":
        text, spans, lay = render_vtt(cx, lrng)
        case["variant"] = f"{cx.variant};{lay}"
        case["transcript_text"] = text
        case["spans"] = labels_text(text, spans)
    else:
        tr, ents, lay = render_asr(cx, lrng, plan["shape"] == "whisper")
        case["variant"] = f"{cx.variant};{lay}"
        case["transcript"] = tr
        case["entities"] = ents
    labs = ev.labels_of(case)
    if (plan["phenomenon"] == "negative") != (not labs):
        raise Bug("negatives hold no label, the others some")
    prob = ev.builtin_case_problem(case, SET)
    if prob:
        raise Redraw("scorer: " + prob[:160])
    meta = {"nums": [(n.kind, n.sub + ("+cc" if n.cc else "")) for n in cx.nums], "tags": list(cx.tags),
            "lookalikes": cx.lookalikes, "roles": Counter(f.role for f in cx.frags)}
    return case, meta


PHEN_COUNTS = {"plain": 30, "interruption": 42, "continuation": 32, "correction": 48, "filler": 32, "asr-chunks": 36, "readback": 44,
               "check-char-apart": 24, "glued-words": 26, "multi-number": 30, "negative": 56}


def quota(n, weights):
    tot = sum(weights.values())
    raw = {k: n * w / tot for k, w in weights.items()}
    base = {k: int(v) for k, v in raw.items()}
    left = n - sum(base.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - base[k]), k))[:left]:
        base[k] += 1
    out = []
    for k in weights:
        out += [k] * base[k]
    return out


def make_plan(seed):
    rng = random.Random(f"{SET}|plan|{seed}")
    plans = []
    for ph, n in PHEN_COUNTS.items():
        if ph == "glued-words":
            langs = quota(n, {"en": 15, "mixed": 11})
        elif ph == "correction":
            langs = quota(n, {"zh": 30, "en": 42, "mixed": 28})
        else:
            langs = quota(n, {"zh": 40, "en": 35, "mixed": 25})
        if ph == "asr-chunks":
            fmts = quota(n, {"asr-json": 22, "text": 9, "vtt": 5})
        else:
            fmts = quota(n, {"text": 57, "vtt": 14, "asr-json": 29})
        if ph == "check-char-apart":
            kinds = ["id_number"] * n
        elif ph == "negative":
            kinds = [None] * n
        else:
            kinds = quota(n, {"phone": 42, "id_number": 32, "bank_card": 26})
        for lst in (langs, fmts, kinds):
            rng.shuffle(lst)
        nasr = fmts.count("asr-json")
        shapes = quota(nasr, {"whisper": 55, "flat": 45})
        rng.shuffle(shapes)
        nph = kinds.count("phone")
        foreign = quota(nph, {True: 42, False: 58}) if nph else []
        rng.shuffle(foreign)
        for i in range(n):
            pl = {"phenomenon": ph, "lang": langs[i], "format": fmts[i], "kind": kinds[i]}
            if fmts[i] == "asr-json":
                pl["shape"] = shapes.pop()
            if kinds[i] == "phone":
                pl["foreign"] = foreign.pop()
            plans.append(pl)
    rng.shuffle(plans)
    doms = []
    order = list(DOMAIN_KEYS)
    rng.shuffle(order)
    while len(doms) < len(plans):
        doms += order
    for pl, d in zip(plans, doms):
        pl["domain"] = d
    return plans


def generate(seed):
    plans = make_plan(seed)
    if len(plans) != N_CASES:
        raise Bug("plan size")
    used = set()
    cases, metas = [], []
    redraws = Counter()
    for idx, pl in enumerate(plans):
        for attempt in range(400):
            trial = set(used)
            try:
                case, meta = build_case(pl, seed, idx, attempt, trial)
            except Redraw as e:
                redraws[str(e).split(":")[0] if str(e).startswith("scorer") else str(e)] += 1
                continue
            used = trial
            cases.append(case)
            metas.append(meta)
            break
        else:
            raise Bug(f"case {idx + 1} ({pl}) could not be drawn")
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
    st["nums"] = Counter(sub for m in metas for _, sub in m["nums"])
    st["tags"] = Counter(t for m in metas for t in m["tags"])
    st["pl"] = Counter((c["phenomenon"], c["lang"]) for c in cases)
    st["pf"] = Counter((c["phenomenon"], c["format"]) for c in cases)
    st["pk"] = Counter((c["phenomenon"], l["kind"]) for c in cases for l in ev.labels_of(c))
    st["variants"] = Counter(f"{c['phenomenon']}/{c['variant'].split(';')[0]}" for c in cases)
    st["layouts"] = Counter(c["variant"].split(";")[-1].split("|")[0] for c in cases)
    st["lookalikes"] = sum(m["lookalikes"] for m in metas)
    st["neg"] = st["phenomenon"]["negative"]
    texts = []
    for c in cases:
        if c["format"] == "asr-json":
            ws = {k: w for k, w, _ in ev.asr_words(c["transcript"])}
            texts += [" ".join(ws[tuple(k) if isinstance(k, list) else k] for k in e["words"]) for e in c["entities"]]
        else:
            t = c["text"] if c["format"] == "text" else c["transcript_text"]
            texts += [t[sp["start"]:sp["end"]] for sp in c["spans"]]
    st["dbl"] = sum(1 for t in texts if re.search(r"double|triple", t))
    st["glued"] = sum(1 for t in texts if any(len(ev._decompose(w) or []) > 1 for w in re.findall(r"[A-Za-z]+", t)))
    st["fillers_in"] = sum(1 for t in texts if re.search(r"呃|嗯|那个|额|就是|我看看|\bum\b|\buh\b|\ber\b|\berm\b|\bhmm\b|let me see|what is it", t))
    st["foreign_cases"] = sum(1 for m in metas if any(sub.split("+")[0] in FOREIGN_SUBS for _, sub in m["nums"]))
    st["whisper_multiseg"] = sum(1 for c in cases if c["format"] == "asr-json" and "segments" in c["transcript"]
                                 and any(len({w[0] for w in e["words"]}) > 1 for e in c["entities"]))
    return st


def summary(st):
    L = []
    L.append("phenomena (zh/en/mixed; text/vtt/asr-json): " + "; ".join(
        f"{p} {st['phenomenon'][p]} ({st['pl'][(p, 'zh')]}/{st['pl'][(p, 'en')]}/{st['pl'][(p, 'mixed')]}; "
        f"{st['pf'][(p, 'text')]}/{st['pf'][(p, 'vtt')]}/{st['pf'][(p, 'asr-json')]})" for p in ev.PHENOMENA))
    L.append("fragments per phenomenon phone/id/card: " + ", ".join(
        f"{p} {st['pk'][(p, 'phone')]}/{st['pk'][(p, 'id_number')]}/{st['pk'][(p, 'bank_card')]}" for p in ev.PHENOMENA if p != "negative"))
    L.append("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(st["lang"].items())))
    L.append("formats: " + ", ".join(f"{k} {v}" for k, v in sorted(st["format"].items())) + " (asr: " +
             ", ".join(f"{k} {v}" for k, v in sorted(st["shape"].items())) + f"; without punctuation {st['nopunct']}; "
             f"Whisper entities over two segments in {st['whisper_multiseg']} cases)")
    L.append("domains: " + ", ".join(f"{k} {v}" for k, v in sorted(st["domain"].items())))
    L.append(f"fragments {st['frags']}: " + ", ".join(f"{k} {v}" for k, v in sorted(st["kind"].items())) +
             f"; last4_ok {st['last4']}; roles: " + ", ".join(f"{k} {v}" for k, v in sorted(st["role"].items())))
    L.append("cases holding: " + ", ".join(f"{k} {v}" for k, v in sorted(st["cases_with"].items())) +
             f"; two or more kinds {st['multi_kind']}; hard negatives {st['neg']}")
    L.append("numbers: " + ", ".join(f"{k} {v}" for k, v in sorted(st["nums"].items())) +
             f"; cases with a foreign phone {st['foreign_cases']}")
    L.append(f"fragments with double / triple {st['dbl']}, with glued number words {st['glued']}, with a filler inside {st['fillers_in']}")
    L.append("tags: " + ", ".join(f"{k} {v}" for k, v in sorted(st["tags"].items())) + f"; look-alike references said {st['lookalikes']}")
    L.append("variants: " + ", ".join(f"{k} {v}" for k, v in sorted(st["variants"].items())))
    L.append("layouts: " + ", ".join(f"{k} {v}" for k, v in sorted(st["layouts"].items())))
    return L


def main(argv=None):
    return ev.generator_main(argv, SET, generate, summary, OUT, MASTER_SEED, (Bug, Redraw), ROOT)


if __name__ == "__main__":
    sys.exit(main())
