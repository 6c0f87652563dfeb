#!/usr/bin/env python3
"""Marsh: 400 whole call-centre conversations for `callvault redact`, written by a twelfth independent author.

    Tools/gen_redact_marsh.py            # writes Tests/VaultRedactTests/Fixtures/conversations-marsh.jsonl
    Tools/gen_redact_marsh.py --stdout   # prints the cases instead of writing them
    Tools/gen_redact_marsh.py --out PATH

Provenance. The set ("set": "marsh", ids marsh-0001 ...) was written from the task description
(issue #15) and the scorer Tools/eval_redact_conversations.py only: its case schema, its labelling
conventions, its digit reader and its structure / oracle checks (imported here to check the set while
it is written). The redactor's sources were not read; of the other generators only their module
docstrings were read (for the shared label conventions and to keep out of the domains they use); no
sentence of another set's fixtures was copied (one line of an existing fixture was looked at to
confirm the JSON shape).

Domains (none used by another set): sports-lottery customer care (prize claims, withdrawals,
betting limits), a private tutoring agency, crop insurance for farmers, museum ticketing, a city
marathon's registration desk, a wedding-photography studio, a ski resort's season passes, bike-share
deposit refunds, musical-instrument rental, home renovation, a blood-donation centre and a public
library's reader services.

Languages: Chinese (40 %), English (35 %), mixed Chinese/English code-switching (25 %).
Formats: plain text (55 %: 坐席/客户, 客服/用户, 工作人员/来电人, 接线员/客户, Agent/Customer,
Rep/Caller, A/B, Operator/Member, ... in `lab：`, `lab: `, `【lab】`, `[lab] `, `<lab> `, `lab - ` and
header-line layouts, with or without [00:01:02] / 00:01:02 / (01:02) / [01:02.4] / wall-clock
timestamps, continuation lines labelled again or bare, and some transcripts with no labels at all),
WebVTT (15 %: `<v lab>`, `lab：`, bare and dash payloads, with or without cue ids, long and short
timings) and ASR JSON (30 %: flat `words` with or without speakers and confidences, and
Whisper-style `segments` with `words`).

Phenomena (one per case, as the scorer counts them): plain; interruption (the other party's
back-channel on its own line, an agent echoing a piece, an agent's read-back interrupted by the
caller's 对 / yes); continuation (the same speaker goes on on the next line / cue / segment);
correction (abandoned prefixes such as 一八幺，哦不是，幺八幺四…, restarts, a complete wrong version
followed by the corrected last group, "X not Y" for a middle group; 不对, 说错了, 重新说一下, sorry no
wait, let me start again); filler (呃 / 嗯 / 那个 / um / uh inside the number); asr-chunks (ITN
chunks spread over tokens `136` `040` `1` `8147`, Chinese numerals mixed with Arabic chunks, a
number cut over two segments / cues / lines); readback (full, last four, first group, a misheard
digit that fails the check and the caller's correction); check-char-apart (an ID's 17 digits, then
……末尾是X / the last character is X, on the same line or after the agent asks); glued-words
(twotwo, fiveeight, onethreeeight); multi-number (two or three numbers of different kinds, with
look-alikes on the same line); negative (look-alikes only). Many positive calls carry a second
number and look-alikes as well.

Labels (scorer conventions): every piece of a PRC ID number (18 characters, MOD 11-2 check
character, sometimes X), bank card number (16-19 digits, Luhn-valid) or PRC mobile number (11
digits, 13x-19x) said by anybody is one fragment of its kind ("role" says which: said, piece,
echo, readback, misheard, abandoned, wrong, corrected, check-char): pieces around an interruption,
each line of a continuation, abandoned prefixes and wrong versions, read-backs (misheard ones
included) and the check character said apart. A fragment runs from its first digit-bearing word to
its last (never starting with "double"/"triple") and holds the separators and fillers inside it; in
text and WebVTT it is a code-point span within one line, in asr-json the list of its words (one
line / segment each). `last4_ok` is set exactly on phone fragments that end at the 11th digit of
the number or of a wrong version of it (the whole number, its last piece, a read-back of the last
four, a misheard read-back, a wrong version, a corrected last group); never on IDs, cards,
abandoned prefixes or middle pieces. No "double"/"triple" is said in the last five digits of a
phone.

Hard negatives and the unlabelled digits of every case: booking, order, contract, policy, claim,
entry, bib, pass, trip, bike, serial, barcode, ISBN and transaction numbers, organisations'
landlines (with extensions) and 400/800 hotlines, amounts, dates, times, counts, rooms, unlock /
pickup codes, and long references spelled in English number words or Chinese numerals after no
ID or card context word. They are checked with the scorer's digit reader on what the redactor
reads (the text, the VTT cue payloads, the ASR words): runs of unlabelled digits joined across
spaces, punctuation, line breaks and fillers, read with and without "double"/"triple" expanded,
have no 11-digit window starting 13-19, no 13-19 digit window passing Luhn and no 18-character
window passing MOD 11-2; a case is drawn again until none has.

Checks at generation (any failure aborts): every number valid (every misheard ID / card fails its
check); every fragment reads back, with the scorer's reader, exactly the digits it was built from
(and, with double/triple expanded, exactly its piece of the number); spans hold no line break and
no outer white space and cut no word; the characters beside a span are not digit-bearing; last4_ok
as above; no unlabelled window validates; the scorer's structure check passes and its oracle and
keep-last-4 redactors give recall 1, precision 1 and no negative masked (identity / leaky /
over-masker behave as the scorer's own self-check expects).

Deterministic: a fixed master seed plans the 400 cases; each case draws from its own random.Random
seeded from the master seed, its index and a redraw counter; two runs write identical bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402

ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-marsh.jsonl")
SET = "marsh"
SEED = 20250615
N_CASES = 400

# ------------------------------------------------------------------------------------------
# Numbers
# ------------------------------------------------------------------------------------------

PHONE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
                  "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "171", "173",
                  "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187",
                  "188", "189", "191", "193", "195", "198", "199"]
REGIONS = ["110108", "120104", "130203", "140107", "150204", "210211", "220104", "230102", "320106",
           "320211", "330205", "340111", "350104", "360103", "370103", "370612", "410302", "420106",
           "430111", "440106", "440304", "450105", "460105", "500106", "510104", "520103", "530111",
           "610112", "620104", "630102", "640105", "650104", "431102", "341203", "522401"]
BINS = {16: ["622202", "621700", "622848", "621661", "622588", "622262", "436742", "524091", "622700",
             "625965", "621483", "622609"],
        17: ["6259650"],
        18: ["6228450"],
        19: ["6222021", "6217000", "6228480", "6216610", "6230520", "6215581", "6214830"]}
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


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
    raise AssertionError


def id_check(s17):
    return ID_C[sum(int(a) * w for a, w in zip(s17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17] == id_check(s[:17])


def phone_ok(s):
    return re.fullmatch(r"1[3-9]\d{9}", s) is not None


def valid(kind, s):
    return {"phone": phone_ok, "id_number": id_ok, "bank_card": lambda x: 16 <= len(x) <= 19 and luhn_ok(x)}[kind](s)


def gen_phone(rng):
    return rng.choice(PHONE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))


def gen_id(rng, want_x=None):
    while True:
        y = rng.randint(1956, 2004)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        s17 = rng.choice(REGIONS) + f"{y:04d}{m:02d}{d:02d}" + f"{rng.randint(0, 999):03d}"
        c = id_check(s17)
        if want_x is None or (c == "X") == want_x:
            return s17 + c


def gen_card(rng):
    n = rng.choice([16] * 6 + [19] * 3 + [17, 18])
    b = rng.choice(BINS[n])
    body = b + "".join(rng.choice("0123456789") for _ in range(n - 1 - len(b)))
    return body + luhn_digit(body)


def gen_number(rng, kind, want_x=None):
    s = {"phone": gen_phone, "bank_card": gen_card}[kind](rng) if kind != "id_number" else gen_id(rng, want_x)
    assert valid(kind, s)
    return s


def bad_window(ds):
    """ds: list of single characters (digits or 'X'). True when some window looks like a number."""
    n = len(ds)
    for i in range(n):
        w = ds[i:i + 11]
        if len(w) == 11 and all(c.isdigit() for c in w) and w[0] == "1" and w[1] in "3456789":
            return True
        for L in range(13, 20):
            w = ds[i:i + L]
            if len(w) == L and all(c.isdigit() for c in w) and luhn_ok("".join(w)):
                return True
        w = ds[i:i + 18]
        if len(w) == 18 and all(c.isdigit() for c in w[:17]) and id_check("".join(w[:17])) == w[17]:
            return True
    return False


def harmless(rng, n, lead="123456789"):
    while True:
        s = rng.choice(lead) + "".join(rng.choice("0123456789") for _ in range(n - 1))
        if not bad_window(list(s)):
            return s


def wrong_digit(rng, kind, s, lo, hi):
    """s with one digit in [lo, hi) replaced (a misheard or misspoken digit)."""
    while True:
        p = rng.randrange(lo, hi)
        if not s[p].isdigit():
            continue
        d = rng.choice([c for c in "0123456789" if c != s[p]])
        w = s[:p] + d + s[p + 1:]
        if kind == "phone":
            assert phone_ok(w)
        else:
            assert not valid(kind, w), (kind, s, w)
        return w, p


# ------------------------------------------------------------------------------------------
# Rendering digits as said
# ------------------------------------------------------------------------------------------

EN_WORD = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
           "7": "seven", "8": "eight", "9": "nine"}
CN_BASE = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}


def reading(s):
    return "".join(u[3] for u in ev.read_units(s))


def semantic(words):
    """Digits meant by a list of words: the scorer's reading, with double/triple expanded."""
    out, mult = [], 0
    for w in words:
        for part in w.split():
            core = part.strip(",.;:!?，。、；：！？…").lower()
            if core in ("double", "triple"):
                mult = 2 if core == "double" else 3
                continue
            d = reading(part)
            if d:
                if mult:
                    d = d[0] * mult + d[1:]
                    mult = 0
                out.append(d)
    return "".join(out)


class Tok:
    __slots__ = ("text", "sp", "fid", "dig")

    def __init__(self, text, sp, fid=None, dig=False):
        self.text, self.sp, self.fid, self.dig = text, sp, fid, dig


class Frag:
    def __init__(self, kind, said, a, b, role, toks, lead_sp):
        self.kind = kind
        self.said = said
        self.a, self.b = a, b
        self.digits = said[a:b]
        self.role = role
        self.last4_ok = kind == "phone" and b == len(said) == 11 and role != "abandoned"
        self.toks = toks
        self.lead_sp = lead_sp
        self.read = "".join(reading(t.text) for t in toks)
        sem = semantic([t.text for t in toks])
        assert sem == self.digits, (sem, self.digits, [t.text for t in toks])
        assert toks[0].dig and toks[-1].dig
        assert toks[0].text.split()[0].lower().strip(",") not in ("double", "triple")


def std_bounds(kind, n):
    if kind == "phone":
        return [3, 7]
    if kind == "id_number":
        return [6, 14]
    return list(range(4, n, 4))


def group_words_en(rng, ds, abs0, kind, allow_mult, zero, first_in_frag):
    """English words for ds (absolute start abs0), with double / triple now and then."""
    words = []
    i = 0
    while i < len(ds):
        c = ds[i]
        if c in "Xx":
            words.append(rng.choice(["X", "X", "x"]))
            i += 1
            continue
        run = 1
        while i + run < len(ds) and ds[i + run] == c and run < 3:
            run += 1
        ok_pos = kind != "phone" or abs0 + i + run <= 6
        first = first_in_frag and i == 0
        if allow_mult and run >= 2 and ok_pos and not first and rng.random() < 0.7:
            if run == 3 and rng.random() < 0.6:
                words += ["triple", zero if c == "0" else EN_WORD[c]]
                i += 3
                continue
            words += ["double", zero if c == "0" else EN_WORD[c]]
            i += 2
            continue
        words.append(zero if c == "0" else EN_WORD[c])
        i += 1
    return words


def glue_words(rng, words, force):
    """Glue some neighbouring number words into one token (ASR gluing), never double/triple/X."""
    out = []
    i = 0
    glued_any = False
    while i < len(words):
        w = words[i]
        if w in EN_WORD.values() or w in ("oh",):
            j = i + 1
            while j < len(words) and j - i < 3 and (words[j] in EN_WORD.values() or words[j] == "oh") \
                    and (j == i + 1 or rng.random() < 0.3):
                j += 1
            if j - i >= 2 and (i == 0 or words[i - 1] not in ("double", "triple")) and rng.random() < (0.55 if force else 0.25):
                out.append("".join(words[i:j]))
                glued_any = True
                i = j
                continue
        out.append(w)
        i += 1
    return out, glued_any


def cn_digits(ds, m):
    return "".join(m.get(c, c) for c in ds)


def render(rng, kind, said, a, b, dstyle, sep, lang, fillers=0, chunks=False, allow_mult=True):
    """Tokens saying said[a:b]. dstyle: ar fw cn mix en glued; sep: space none dash comma."""
    n = len(said)
    if chunks:
        cuts = []
        p = a
        while True:
            p += rng.choice([1, 2, 3, 3, 4, 4, 5])
            if p >= b:
                break
            cuts.append(p)
    else:
        cuts = [c for c in std_bounds(kind, n) if a < c < b]
        if kind == "id_number" and rng.random() < 0.4:
            cuts = [c for c in [6, 10, 14] if a < c < b]
        if kind == "bank_card" and n == 19 and rng.random() < 0.3:
            cuts = [c for c in [6] if a < c < b]
    bounds = [a] + cuts + [b]
    groups = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    cn = dict(CN_BASE)
    if kind == "phone" or rng.random() < 0.5:
        cn["1"] = "幺"
    if rng.random() < 0.1:
        cn["0"] = "〇"
    if kind == "phone" and rng.random() < 0.15:
        cn["2"] = "两"
    cn["X"] = rng.choice(["X", "叉", "X"])
    xar = rng.choice(["X", "X", "x"])
    zero = rng.choice(["zero", "oh", "oh"])
    filler_after = set(rng.sample(range(len(groups) - 1), min(fillers, len(groups) - 1))) if len(groups) > 1 else set()
    zh_like = lang in ("zh", "mixed")
    toks = []
    mixs = None
    if dstyle == "mix":
        mixs = [rng.choice(["cn", "ar"]) for _ in groups]
        if len(set(mixs)) == 1 and len(groups) > 1:
            mixs[rng.randrange(len(groups))] = "ar" if mixs[0] == "cn" else "cn"
    merge_next = False
    for gi, (ga, gb) in enumerate(groups):
        ds = said[ga:gb]
        st = mixs[gi] if mixs else dstyle
        if st in ("en", "glued"):
            words = group_words_en(rng, ds, ga, kind, allow_mult and st == "en", zero, gi == 0)
            if st == "glued":
                words, _ = glue_words(rng, words, True)
            gt = [Tok(w, True, dig=True) for w in words]
        else:
            if st == "ar":
                s = ds.replace("X", xar)
            elif st == "fw":
                s = "".join(FW.get(c, "Ｘ" if c == "X" else c) for c in ds)
            else:
                s = cn_digits(ds, cn)
            gt = [Tok(s, True, dig=True)]
        # join with previous
        if toks and merge_next and st not in ("en", "glued") and toks[-1].dig and not toks[-1].text[-1] in "Xx":
            toks[-1].text += ("-" if sep == "dash" else "") + gt[0].text
            gt = gt[1:]
        elif toks:
            gt[0].sp = not (zh_like and sep in ("comma", "none") and st not in ("en", "glued")) or \
                (sep == "comma" and st in ("en", "glued"))
            if st not in ("en", "glued") and sep == "comma" and zh_like:
                gt[0].sp = False
        if toks and not toks[-1].dig and zh_like and st not in ("en", "glued"):
            gt[0].sp = rng.random() < 0.3
        toks += gt
        merge_next = sep in ("none", "dash") and st not in ("en", "glued")
        if gi < len(groups) - 1:
            if sep == "comma":
                toks[-1].text += "，" if (zh_like and st not in ("en", "glued")) else ","
                merge_next = False
            if gi in filler_after:
                if lang == "en" or (lang == "mixed" and st in ("en", "glued")):
                    f = rng.choice(["um", "uh", "er", "umm", "uh,", "um,"])
                    toks.append(Tok(f, True))
                else:
                    f = rng.choice(["呃", "嗯", "那个", "呃，", "嗯……", "那个，", "就是"])
                    toks.append(Tok(f, rng.random() < 0.3))
                merge_next = False
    for t in toks:
        if t.dig and not reading(t.text):
            t.dig = False
    # a token gluing may have produced reading-less tokens only for fillers
    return toks


# ------------------------------------------------------------------------------------------
# Phrase banks
# ------------------------------------------------------------------------------------------

ASK = {
    "zh": {"phone": ["麻烦留一个您的手机号。", "您的联系电话是多少？", "请报一下手机号码，后面短信通知您。", "方便说一下手机号吗？",
                     "登记用的是哪个手机号？"],
           "id_number": ["麻烦报一下身份证号码。", "请提供一下本人的身份证号。", "要核实身份，您的身份证号是多少？",
                         "实名登记需要身份证号，您说我记。"],
           "bank_card": ["钱退到哪张卡？麻烦报一下卡号。", "请提供一下收款的银行卡号。", "您绑定的银行卡卡号是多少？",
                         "麻烦说一下借记卡的卡号。"]},
    "en": {"phone": ["Can I take a mobile number for you?", "What's the best number to reach you on?",
                     "Could you give me the mobile number on the account?", "And your mobile, please?"],
           "id_number": ["For verification I'll need your resident ID number.", "Could you read me the ID number, please?",
                         "What's the ID number on the registration?"],
           "bank_card": ["Which card should the refund go to? The full card number, please.",
                         "Can you read me the bank card number?", "What's the debit card number for the payout?"]},
    "mixed": {"phone": ["麻烦留个 mobile number。", "Could you 报一下手机号？", "您的 contact number 是多少？"],
              "id_number": ["需要 verify 身份，身份证号是多少？", "Please 报一下身份证号码。", "ID number 麻烦说一下。"],
              "bank_card": ["退款的 card number 麻烦说一下。", "请提供 bank card 卡号，for the refund。", "Card number 是多少？"]},
}
INTRO = {
    "zh": {"phone": ["手机号是", "我的手机是", "号码是", "你记一下，", "电话是"],
           "id_number": ["身份证号是", "我的身份证号码是", "身份证是", "证件号码"],
           "bank_card": ["卡号是", "我的卡号", "是农行的卡，卡号", "银行卡号是"]},
    "en": {"phone": ["It's", "My mobile is", "You can reach me on", "The number is", "Sure, it's"],
           "id_number": ["My ID number is", "The resident ID is", "It's", "Sure, the ID is"],
           "bank_card": ["The card number is", "It's", "Card number:", "Okay, it's"]},
    "mixed": {"phone": ["我的 phone number 是", "手机号 is", "Mobile 是", "号码你记一下，"],
              "id_number": ["ID number 是", "我的身份证 number 是", "身份证号 is"],
              "bank_card": ["Card number 是", "卡号 is", "我的 bank card 是"]},
}
BACK = {"zh": ["嗯。", "嗯嗯。", "好。", "对，您继续。", "嗯，您说。", "好的，请讲。", "记着呢。", "嗯，后面呢？"],
        "en": ["Mm-hm.", "Okay.", "Yep.", "Go on.", "Got it, go ahead.", "Right.", "Uh-huh.", "Sure, and then?"],
        "mixed": ["嗯，OK。", "OK，继续。", "好的，go ahead。", "Right，您说。", "嗯嗯，got it。"]}
BACK_C = {"zh": ["嗯。", "好的。", "嗯嗯。", "哦，好。", "明白。"], "en": ["Okay.", "Right.", "Mm-hm.", "I see.", "Got it."],
          "mixed": ["OK。", "嗯，明白。", "好的，got it。"]}
CORR = {"zh": ["哦不是，", "不对不对，", "说错了，", "我重新说一下，", "等等，我重说，", "错了错了，"],
        "en": ["sorry, no wait,", "let me start again,", "no hang on, that's wrong,", "scratch that,",
               "sorry, I mixed it up,", "wait, let me redo that,"],
        "mixed": ["sorry 说错了，", "不对，let me start again，", "no wait，重新说，", "哦不是，sorry，"]}
ACK = {"zh": ["好的，记下了。", "收到，我这边录入一下。", "好的，系统里已经更新了。", "好，稍等我核实一下。"],
       "en": ["Great, I've noted that.", "Thanks, that's updated.", "Perfect, got it.", "Lovely, bear with me while I check."],
       "mixed": ["OK，记下了。", "好的，system 里更新了。", "Got it，稍等我查一下。"]}
YES = {"zh": ["对。", "对的，没错。", "是的。", "嗯，对。"], "en": ["Yes.", "That's right.", "Correct.", "Yep, that's it."],
       "mixed": ["对，correct。", "Yes，没错。", "对的。"]}
RB_FULL = {"zh": [("我跟您核对一下，", "，对吗？"), ("您说的是", "，没错吧？"), ("好，", "，是这个吧？"), ("我复述一遍：", "。")],
           "en": [("Let me read that back:", ". Is that right?"), ("So that's", ", correct?"), ("I have", ". Did I get that right?")],
           "mixed": [("我 read back 一下，", "，对吗？"), ("So 是", "，correct？")]}
RB_LAST4 = {"zh": [("尾号", "对吧？"), ("后四位是", "，对吗？"), ("最后几位是", "，没错吧？")],
            "en": [("That's the one ending in", ", right?"), ("And it ends", ", yes?")],
            "mixed": [("Ending in", "，对吗？"), ("尾号", "，right？")]}
RB_FIRST = {"zh": [("前面是", "开头的，对吧？"), ("开头是", "吧？")],
            "en": [("Starting with", ", yes?"), ("It begins", ", right?")],
            "mixed": [("开头是", "，right？"), ("Starting with", "，对吧？")]}
MISFIX = {"zh": ["不对，是", "不是，应该是", "错了，是"], "en": ["No, it's", "Not quite, it's", "Close, but it's"],
          "mixed": ["不对，it's", "No，是"]}
CHK_SAME = {"zh": [("……末尾是", "。"), ("，最后一位是", "。"), ("，最后是个", "。"), ("……尾巴上是", "。")],
            "en": [(", and the last character is", "."), (", ending with an", "."), (", then the letter", " at the end.")],
            "mixed": [("，最后一位是", "。"), ("，last one is", "。")]}
CHK_ASK = {"zh": ["最后一位呢？", "还差最后一位。", "就十七位？最后一位是什么？"],
           "en": ["And the last character?", "I've only got seventeen there, what's the last one?"],
           "mixed": ["最后一位呢？the last one？", "Last character 是什么？"]}
CHK_ANS = {"zh": [("是", "。"), ("最后是", "。"), ("大写的", "。")], "en": [("It's", "."), ("It's an", ", the letter.")],
           "mixed": [("是", "。"), ("It's", "。")]}
CLOSE = {"zh": [("A", "还有别的需要帮您的吗？"), ("C", "没有了，谢谢。"), ("A", "感谢您的来电，再见。")],
         "en": [("A", "Anything else I can help with today?"), ("C", "No, that's all, thanks."), ("A", "Thanks for calling, bye now.")],
         "mixed": [("A", "OK，还有别的吗？"), ("C", "没有了，thanks。"), ("A", "好的，bye bye。")]}
GREET = {"zh": ["您好，{org}，请问有什么可以帮您？", "{org}您好，请讲。", "喂，您好，这里是{org}。"],
         "en": ["Thank you for calling {org}, how can I help?", "Hello, {org}, you're speaking with Dana.", "Good afternoon, {org}."],
         "mixed": ["您好，{org}，how can I help？", "Hi，这里是{org}，请讲。"]}
NOTGIVEN = {"zh": {"phone": ["手机号就用账户上那个，不用改。", "电话还是原来那个，没换过。"],
                   "id_number": ["身份证我得回家找一下，回头再打过来。", "证件不在身上，明天再说行吗？"],
                   "bank_card": ["我现在手边没带卡，晚点再打过来可以吗？", "卡在我爱人那儿，等她回来再说。"]},
            "en": {"phone": ["Just keep the mobile that's already on file.", "Same mobile as before, nothing's changed."],
                   "id_number": ["I'll have to dig out my ID and ring back.", "My ID is upstairs, can we do that part later?"],
                   "bank_card": ["I don't have the card on me, can I call back later?", "My husband has the card, I'll phone again tonight."]},
            "mixed": {"phone": ["Mobile 就用原来那个，no change。"], "id_number": ["ID 我回家找一下，later 再打。"],
                      "bank_card": ["卡不在身边，I'll call back later。"]}}
ANSREF = {"zh": ["是{R10}。", "单号{R12}。", "我看一下，{RG12}。"], "en": ["It's {R10}.", "Sure, {RG12}.", "I've got {R12} on the email."],
          "mixed": ["是 {R10}。", "Sure，{RG12}。"]}
ASKREF = {"zh": ["请问您的订单号或者预约号是多少？", "麻烦报一下单号，我查一下。"],
          "en": ["Could I have your reference number?", "What's the order or booking number?"],
          "mixed": ["Reference number 是多少？", "麻烦报一下 order number。"]}

DOMAINS = {
    "lottery": dict(
        zh_org="星河体彩服务中心", en_org="Starfield Sports Lottery customer care",
        kinds=["id_number", "bank_card", "phone"],
        zh_purpose=["我上周买的竞彩中了，想问一下怎么兑奖。", "我账户里的奖金提现三天了还没到账。", "我想申请暂停投注，给自己设个限额。",
                    "我的投注账户被冻结了，不知道为什么。"],
        en_purpose=["I think I've won on last weekend's football pool and want to claim it.", "My withdrawal still hasn't come through.",
                    "I'd like to set a weekly betting limit on my account.", "My betting account got locked after I changed my password."],
        mx_purpose=["我上周的 parlay 中了，想 claim 一下奖金。", "我的 withdrawal 还没到账，都三天了。", "Hi，我想给 account 设个 betting limit。"],
        zh_look=[("A", "您这张彩票的期号是{R5}，奖金是{AMZ}。"), ("A", "投注单号{R16}，我查到了，开奖日期是{DZ}。"),
                 ("C", "彩票背面的序列号是{RG20}。"), ("A", "大额奖金需要到兑奖中心领取，兑奖热线{HL}。"),
                 ("A", "提现单号是{R14}，预计{N}个工作日到账。")],
        en_look=[("A", "That ticket is draw {R5}, and the prize is {AME}."), ("A", "I can see bet slip {R16}, settled on {DE}."),
                 ("C", "The serial number on the back reads {RG20}."), ("A", "For large prizes please call the claims line on {HL}."),
                 ("A", "Your withdrawal reference is {RW16}.")],
        mx_look=[("A", "您的 bet slip 号码是 {R16}，奖金 {AMZ}。"), ("A", "Withdrawal reference 是 {R14}，{N} 个工作日到账。")]),
    "tutoring": dict(
        zh_org="启明家教服务中心", en_org="Brightpath Tutoring",
        kinds=["phone", "bank_card", "phone"],
        zh_purpose=["孩子的数学课还剩十几节没上，我想申请退费。", "想给孩子约节英语试听课。", "现在这个老师时间总对不上，能换个老师吗？",
                    "上个月多扣了一次课时费。"],
        en_purpose=["I'd like a refund for the maths lessons my son hasn't used.", "Can I book a trial chemistry session for my daughter?",
                    "We need to switch tutors, the schedule isn't working.", "I was charged twice for last month's sessions."],
        mx_purpose=["孩子的 physics 课想退费。", "Hi，想约个 trial lesson，数学的。", "老师的 schedule 总对不上，能换人吗？"],
        zh_look=[("A", "您的合同编号是{R12}，剩余课时{N}节。"), ("A", "每节课{AMZ}，退费会扣除{AMZ}手续费。"),
                 ("A", "试听课安排在{DZ}{TZ}，地址是学府路{R2}号。"), ("C", "我付款的交易单号是{R18}。"), ("A", "有问题可以打我们前台{LL}。")],
        en_look=[("A", "Your contract number is {R12} with {N} sessions left."), ("A", "Each session is {AME}, so the refund comes to {AME}."),
                 ("A", "The trial is on {DE} at {TE}, room {R3}."), ("C", "The payment reference on my statement is {R18}."),
                 ("A", "You can also reach the front desk on {LL}.")],
        mx_look=[("A", "Contract number 是 {R12}，还剩 {N} 节课。"), ("C", "我的 payment reference 是 {RG16}。")]),
    "crop_insurance": dict(
        zh_org="丰穗农业保险服务站", en_org="Harvest Shield Crop Insurance",
        kinds=["id_number", "bank_card", "phone"],
        zh_purpose=["前天下冰雹，我家的麦子倒了一大片，想报案。", "我家玉米地被水淹了，理赔款打到哪张卡？", "去年的保费补贴到现在还没到账。",
                    "想问一下今年的水稻险怎么投保。"],
        en_purpose=["Hail flattened most of my wheat on Tuesday and I need to file a claim.",
                    "The flood took out the lower maize field; where do I send the payout details?",
                    "My premium subsidy from last season never arrived.", "I want to insure this year's rice crop."],
        mx_purpose=["我家的 wheat 被冰雹打了，想 file 个 claim。", "玉米地淹了，payout 打哪张卡？"],
        zh_look=[("A", "您的保单号是{R15}，投保面积{R2}亩。"), ("A", "报案号{R13}，查勘员会在{DZ}前到现场。"),
                 ("C", "我们村委会电话是{LL}。"), ("A", "每亩保额{AMZ}，免赔率是百分之{R2}。"), ("A", "地块编号{RC10}，我这边登记了。")],
        en_look=[("A", "Your policy number is {R15}, covering {R2} mu."),
                 ("A", "The claim reference is {RW14}; the assessor will be out before {DE}."),
                 ("C", "The village office number is {LL}."), ("A", "Cover is {AME} per mu with a {R2} percent deductible."),
                 ("A", "Field plot {R10} is on file.")],
        mx_look=[("A", "Policy number 是 {R15}，面积 {R2} 亩。"), ("A", "Claim reference {R13}，assessor {DZ} 过去。")]),
    "museum": dict(
        zh_org="江城博物馆票务中心", en_org="Riverside Museum ticket office",
        kinds=["id_number", "phone", "bank_card"],
        zh_purpose=["我想预约周六的参观，需要实名吗？", "我订的特展门票想退掉。", "带老人去参观，有没有优惠票？", "我预约成功了但没收到短信。"],
        en_purpose=["I'd like to book the Saturday entry for three of us.", "I need to cancel my tickets for the special exhibition.",
                    "Are there concession tickets for seniors?", "I booked a slot but never got the confirmation text."],
        mx_purpose=["我想 book 周六的 museum 门票。", "Special exhibition 的票能退吗？"],
        zh_look=[("A", "您的预约号是{R10}，入馆时段{TZ}。"), ("A", "特展票每张{AMZ}，一共{N}张。"), ("A", "退款单号{R17}，原路退回。"),
                 ("A", "咨询电话{LL}，{TZ}以后人少一点。"), ("A", "您的订单号{RG16}，在{N}号展厅入口核验。")],
        en_look=[("A", "Your booking reference is {R10} for the {TE} slot."), ("A", "Special exhibition tickets are {AME} each, {N} in total."),
                 ("A", "Refund number {R17} will go back the way you paid."), ("A", "The information desk is on {LL}."),
                 ("A", "Order {RG16}, scanned at the gate to hall {N}.")],
        mx_look=[("A", "Booking reference 是 {R10}，{TZ} 入场。"), ("A", "Order number {RG16}，一共 {N} 张票。")]),
    "marathon": dict(
        zh_org="湖畔城市马拉松组委会", en_org="Lakeshore City Marathon",
        kinds=["id_number", "phone"],
        zh_purpose=["我报名了全马，想改成半马。", "报名的时候紧急联系人电话填错了。", "我中签了，但是缴费失败了。", "比赛当天领物要带什么？"],
        en_purpose=["I registered for the full marathon but want to drop to the half.", "I put the wrong emergency contact number on my entry.",
                    "I got a place in the ballot but the payment failed.", "What do I need to bring to collect my race pack?"],
        mx_purpose=["我想从 full marathon 改成 half。", "Emergency contact 的电话填错了。"],
        zh_look=[("A", "您的报名编号是{R12}，号码布是{R5}。"), ("A", "报名费{AMZ}，退费截止到{DZ}。"),
                 ("A", "去年您的完赛成绩是{R1}小时{R2}分。"), ("A", "领物地点在会展中心{N}号馆，咨询电话{HL}。"), ("C", "我的缴费流水号{R20}。")],
        en_look=[("A", "Your entry number is {R12} and your bib is {R5}."), ("A", "The entry fee was {AME}; transfers close on {DE}."),
                 ("A", "Last year you finished in {R1} hours {R2} minutes."), ("A", "Pack collection is in hall {N}; the helpline is {HL}."),
                 ("C", "The payment transaction number is {R20}.")],
        mx_look=[("A", "Bib number 是 {R5}，entry number {R12}。"), ("A", "Entry fee {AMZ}，{DZ} 之前可以退。")]),
    "wedding_photo": dict(
        zh_org="初见婚纱摄影", en_org="Golden Hour Wedding Studio",
        kinds=["bank_card", "phone"],
        zh_purpose=["我们取消了婚礼，想退定金。", "想改一下外景拍摄的日期。", "精修照片说好一个月给，现在还没收到。", "想加订一本相册。"],
        en_purpose=["We've called off the wedding and would like the deposit back.", "Can we move the outdoor shoot to another weekend?",
                    "We were promised the retouched photos a month ago.", "I'd like to order an extra album."],
        mx_purpose=["婚礼取消了，deposit 能退吗？", "我们想 reschedule 外景拍摄。"],
        zh_look=[("A", "合同编号{R11}，套餐价{AMZ}，定金{AMZ}。"), ("A", "外景拍摄改到{DZ}，{TZ}集合。"), ("A", "精修{R2}张，相册编号{RC8}。"),
                 ("A", "门店电话{LL}，周一休息。"), ("C", "我转账的流水号是{R19}。")],
        en_look=[("A", "Contract {R11}: package price {AME}, deposit {AME}."), ("A", "The outdoor shoot is now {DE} at {TE}."),
                 ("A", "That's {R2} retouched photos and album {R8}."), ("A", "The studio line is {LL}, closed Mondays."),
                 ("C", "The transfer reference was {RW16}.")],
        mx_look=[("A", "Package 价格 {AMZ}，contract number {R11}。"), ("A", "外景 shoot 改到 {DE}。")]),
    "ski_resort": dict(
        zh_org="雪松岭滑雪场", en_org="Pine Ridge Ski Resort",
        kinds=["id_number", "bank_card", "phone"],
        zh_purpose=["我买了季票，想办实名激活。", "季票能不能转给我爱人用？", "上周缆车停运，想申请补偿。", "雪具租赁押金还没退回来。"],
        en_purpose=["I bought a season pass and need to activate it.", "Can I transfer my season pass to my wife?",
                    "The lift was closed all last Saturday; can I get compensation?", "My equipment rental deposit hasn't been refunded."],
        mx_purpose=["Season pass 想激活一下。", "雪具 rental 的 deposit 还没退。"],
        zh_look=[("A", "季票编号{R12}，有效期到{DZ}。"), ("A", "雪具押金{AMZ}，柜号{R3}。"), ("A", "缆车停运补偿券编号{R10}。"),
                 ("A", "雪场救援电话{LL}。"), ("C", "订单号{R18}，{DZ}买的。")],
        en_look=[("A", "Pass number {R12}, valid until {DE}."), ("A", "The rental deposit was {AME}, locker {R3}."),
                 ("A", "Your compensation voucher is {R10}."), ("A", "Ski patrol can be reached on {LL}."),
                 ("C", "The order number is {RG18}, bought on {DE}.")],
        mx_look=[("A", "Pass number {R12}，有效期到 {DZ}。"), ("A", "Locker {R3}，deposit {AMZ}。")]),
    "bike_share": dict(
        zh_org="小蓝单车客服", en_org="Citycycle bike share support",
        kinds=["phone", "bank_card"],
        zh_purpose=["我的押金申请退了一个星期还没到。", "车锁不上，一直在计费。", "我想注销账号。", "骑行扣了双倍的钱。"],
        en_purpose=["I asked for my deposit back a week ago and nothing's come through.", "The lock won't close and it's still charging me.",
                    "I'd like to close my account.", "I was charged twice for one ride."],
        mx_purpose=["押金 refund 一个星期了还没到。", "车 lock 不上，一直在 charge。"],
        zh_look=[("A", "车辆编号{R9}，这单骑行{R2}分钟。"), ("A", "订单号{R16}，扣款{AMZ}。"), ("A", "开锁码是{C4}。"),
                 ("A", "押金{AMZ}，{N}到{N}个工作日原路退回。"), ("C", "车把上那个编号是{RC9}。")],
        en_look=[("A", "Bike {R9}, and that ride was {R2} minutes."), ("A", "Trip number {R16}, charged {AME}."),
                 ("A", "Your unlock code is {C4}."), ("A", "The deposit of {AME} goes back in {N} to {N} working days."),
                 ("C", "The number on the handlebar says {RW9}.")],
        mx_look=[("A", "Trip number {R16}，charge 了 {AMZ}。"), ("A", "Unlock code 是 {C4}。")]),
    "instrument_rental": dict(
        zh_org="悦音乐器租赁", en_org="Harmony Instrument Rentals",
        kinds=["id_number", "bank_card", "phone"],
        zh_purpose=["我想租一台立式钢琴，给孩子练琴用。", "小提琴租满一年了，想买下来。", "退租以后押金一直没退。", "琴送来的时候琴弦断了一根。"],
        en_purpose=["I'd like to rent an upright piano for my daughter.", "We've rented the violin for a year and want to buy it outright.",
                    "We returned the cello but the deposit never came back.", "The guitar arrived with a broken string."],
        mx_purpose=["想 rent 一台 piano，孩子练琴用。", "大提琴 return 了，deposit 没退。"],
        zh_look=[("A", "乐器序列号{R12}，租赁合同号{R10}。"), ("A", "月租{AMZ}，押金{AMZ}。"), ("A", "上门调音安排在{DZ}{TZ}。"),
                 ("A", "门店电话{LL}。"), ("C", "琴身里面贴的条码是{RG16}。")],
        en_look=[("A", "The serial number is {R12} and the rental agreement is {R10}."), ("A", "Monthly rent is {AME} with a deposit of {AME}."),
                 ("A", "The tuner will come on {DE} at {TE}."), ("A", "Our shop line is {LL}."), ("C", "The barcode inside the body reads {RG16}.")],
        mx_look=[("A", "Serial number {R12}，月租 {AMZ}。"), ("A", "调音 appointment 在 {DE}。")]),
    "renovation": dict(
        zh_org="安居装修工程公司", en_org="Brightwall Home Renovation",
        kinds=["phone", "bank_card"],
        zh_purpose=["我家厨房改造的工期拖了两个星期了。", "想申请一下分期付款。", "卫生间做完漏水了，要返修。", "想约设计师上门量房。"],
        en_purpose=["The kitchen job is two weeks behind schedule.", "I'd like to pay the remaining balance in instalments.",
                    "The bathroom has been leaking since you finished it.", "Can a designer come and measure the flat?"],
        mx_purpose=["厨房 renovation 拖了两个星期。", "想做个 instalment plan。"],
        zh_look=[("A", "合同号{R13}，总价{AMZ}。"), ("A", "建筑面积{R3}平方，报价{AMZ}。"), ("A", "师傅{DZ}{TZ}上门。"),
                 ("A", "售后电话{HL}。"), ("C", "我家是{R2}栋{R4}室。")],
        en_look=[("A", "Contract number {R13}, total {AME}."), ("A", "That's {R3} square metres, quoted at {AME}."),
                 ("A", "The fitter will be there {DE} at {TE}."), ("A", "Our aftercare line is {HL}."), ("C", "We're in block {R2}, flat {R4}.")],
        mx_look=[("A", "Contract {R13}，总价 {AMZ}。"), ("A", "师傅 {DE} {TE} 上门。")]),
    "blood_donation": dict(
        zh_org="市中心血站", en_org="Central Blood Donation Centre",
        kinds=["id_number", "phone"],
        zh_purpose=["我想查一下上次献血的检测结果。", "献血证丢了，想补办。", "想预约下周的成分献血。", "我家里人要用血，想问用血报销。"],
        en_purpose=["I'd like my test results from the last donation.", "I've lost my donor certificate.",
                    "Can I book a platelet donation next week?", "My father needs a transfusion; how does the reimbursement work?"],
        mx_purpose=["想 book 下周的 platelet donation。", "上次献血的 test result 怎么查？"],
        zh_look=[("A", "您的献血条码是{R12}，献血量{R3}毫升。"), ("A", "下次可以献血的日期是{DZ}。"),
                 ("A", "献血屋地址是解放路{R3}号，电话{LL}。"), ("A", "用血报销额度{AMZ}。"), ("A", "预约编号{RC10}。")],
        en_look=[("A", "Your donation barcode is {R12}; you gave {R3} ml."), ("A", "You can donate again from {DE}."),
                 ("A", "The donor centre on Station Road is open until {TE}, phone {LL}."), ("A", "The reimbursement covers up to {AME}."),
                 ("A", "Your appointment number is {RW10}.")],
        mx_look=[("A", "Donation barcode {R12}，{R3} 毫升。"), ("A", "Next donation 可以在 {DZ} 之后。")]),
    "library": dict(
        zh_org="市图书馆读者服务部", en_org="City Library reader services",
        kinds=["id_number", "phone", "bank_card"],
        zh_purpose=["我想办一个借阅账号。", "借的书逾期了，罚款怎么交？", "押金想退掉。", "预约的书到了没有？"],
        en_purpose=["I'd like to register for borrowing.", "I have overdue books; how do I pay the fine?",
                    "I want my membership deposit refunded.", "Has my reserved book come in yet?"],
        mx_purpose=["想注册一个 borrowing account。", "Overdue 的书罚款怎么交？"],
        zh_look=[("A", "这本书的ISBN是{ISBN}。"), ("A", "借阅号{R10}，逾期{N}天，罚款{AMZ}。"),
                 ("A", "预约的书放在{N}楼取书架，取书码{C6}。"), ("A", "总服务台电话{LL}。")],
        en_look=[("A", "The ISBN is {ISBN}."), ("A", "Borrower number {R10}, {N} days overdue, fine {AME}."),
                 ("A", "Your reservation is on the hold shelf, pickup code {C6}."), ("A", "The main desk is on {LL}.")],
        mx_look=[("A", "ISBN 是 {ISBN}，overdue {N} 天。"), ("A", "Pickup code {C6}，在 {N} 楼。")]),
}

AREA = ["010", "021", "022", "023", "020", "027", "028", "025", "029", "0571", "0755", "0531", "0871", "0591", "0731"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def fill(rng, name):
    m = re.fullmatch(r"(R|RG|RW|RC)(\d+)", name)
    if m:
        kind, n = m.group(1), int(m.group(2))
        s = harmless(rng, n) if n > 1 else str(rng.randint(1, 9))
        if kind == "R":
            return s
        if kind == "RG":
            return " ".join(s[i:i + 4] for i in range(0, n, 4))
        if kind == "RW":
            z = rng.choice(["zero", "oh"])
            return " ".join(z if c == "0" else EN_WORD[c] for c in s)
        cn = dict(CN_BASE)
        cn["1"] = rng.choice(["一", "幺"])
        return cn_digits(s, cn)
    if name == "N":
        return str(rng.randint(2, 9))
    if name == "AMZ":
        v = rng.choice([rng.randint(20, 990), rng.randint(1000, 9800), rng.randint(100, 999)])
        return rng.choice([f"{v}元", f"{v}.{rng.randint(10, 99)}元", f"¥{v:,}"])
    if name == "AME":
        v = rng.choice([rng.randint(20, 990), rng.randint(1000, 9800)])
        return rng.choice([f"{v} yuan", f"RMB {v:,}", f"{v}.{rng.randint(10, 99)} yuan", f"¥{v:,}"])
    if name == "DZ":
        mo, d = rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{mo}月{d}日", f"{mo}月{d}号", f"{rng.randint(2024, 2026)}年{mo}月{d}日"])
    if name == "DE":
        mo, d = rng.randint(1, 12), rng.randint(1, 28)
        suf = "th" if 4 <= d <= 20 or d >= 24 else {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}[d]
        return rng.choice([f"{MONTHS[mo - 1]} {d}{suf}", f"the {d}{suf} of {MONTHS[mo - 1]}", f"{d:02d}/{mo:02d}/{rng.randint(2024, 2026)}"])
    if name == "TZ":
        h = rng.randint(8, 17)
        part = "上午" if h < 12 else ("中午" if h == 12 else "下午")
        return rng.choice([f"{h}:{rng.choice(['00', '15', '30', '45'])}", f"{part}{h - 12 if h > 12 else h}点", f"{h}点半"])
    if name == "TE":
        h = rng.randint(8, 17)
        return rng.choice([f"{h}:{rng.choice(['00', '15', '30', '45'])}", f"{h - 12 if h > 12 else h}:{rng.choice(['00', '30'])} {'pm' if h >= 12 else 'am'}"])
    if name == "C4":
        return harmless(rng, 4)
    if name == "C6":
        return harmless(rng, 6)
    if name == "HL":
        return rng.choice([f"400-{harmless(rng, 3)}-{harmless(rng, 4)}", f"800-{harmless(rng, 3)}-{harmless(rng, 4)}",
                           f"400 {harmless(rng, 3)} {harmless(rng, 4)}"])
    if name == "LL":
        a = rng.choice(AREA)
        loc = str(rng.randint(2, 8)) + harmless(rng, 7 if len(a) == 3 else rng.choice([6, 7]), "0123456789")
        s = rng.choice([f"{a}-{loc}", f"({a}){loc[:4]} {loc[4:]}", f"{a} {loc[:4]} {loc[4:]}"])
        if rng.random() < 0.35:
            s += rng.choice([f" 转 {harmless(rng, 3)}", f" ext. {harmless(rng, 3)}", f"转{harmless(rng, 4)}"])
        return s
    if name == "ISBN":
        while True:
            body = "9787" + "".join(rng.choice("0123456789") for _ in range(8))
            chk = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
            s = body + str(chk)
            if not bad_window(list(s)):
                return f"{s[:3]}-{s[3]}-{s[4:8]}-{s[8:12]}-{s[12]}"
    raise KeyError(name)


def fill_template(rng, t):
    return re.sub(r"\{(\w+)\}", lambda m: fill(rng, m.group(1)), t)


# ------------------------------------------------------------------------------------------
# Conversations
# ------------------------------------------------------------------------------------------

CJK_PUNCT = "，。？！、：；…“”（）《》—～"


def wordish(ch):
    return ch.isdigit() or ch in ev.CN_VAL or ch in "Ｘ叉" or (ch.isascii() and ch.isalpha())


def is_punct_only(s):
    return all(not c.isalnum() for c in s)


class Line:
    def __init__(self, speaker, parts):
        self.speaker = speaker
        self.parts = parts
        self.toks = None


class Conv:
    def __init__(self, rng, lang, domain):
        self.rng, self.lang, self.domain = rng, lang, domain
        self.d = DOMAINS[domain]
        self.lines = []
        self.frags = []
        self.kinds_used = []
        self.looks_used = set()

    # -- text choice
    def pick(self, bank):
        return self.rng.choice(bank[self.lang])

    def org(self):
        return self.d["en_org"] if self.lang == "en" or (self.lang == "mixed" and self.rng.random() < 0.5) else self.d["zh_org"]

    def add(self, spk, *parts):
        self.lines.append(Line(spk, [p for p in parts if p != ""]))

    # -- numbers
    def style(self, kind):
        r = self.rng
        if self.lang == "zh":
            return r.choice([("ar", "space")] * 3 + [("ar", "none")] * 3 + [("cn", "none")] * 2 + [("cn", "comma")] * 2 +
                            [("mix", "space"), ("mix", "none"), ("fw", "none"), ("ar", "dash")])
        if self.lang == "en":
            return r.choice([("ar", "space")] * 3 + [("en", "space")] * 3 + [("en", "comma")] + [("ar", "none"), ("ar", "dash")])
        return r.choice([("ar", "space")] * 2 + [("en", "space")] * 2 + [("cn", "none"), ("cn", "comma"), ("mix", "space"),
                                                                         ("ar", "none")] + [("ar", "none")])

    def frag(self, kind, said, a, b, role, style=None, fillers=0, chunks=False):
        r = self.rng
        dstyle, sep = style or self.style(kind)
        toks = render(r, kind, said, a, b, dstyle, sep, self.lang, fillers=fillers, chunks=chunks)
        first_ascii = toks[0].text[0].isascii()
        if self.lang == "en":
            lead = True
        elif self.lang == "zh":
            lead = r.random() < (0.6 if first_ascii else 0.15)
        else:
            lead = r.random() < (0.75 if first_ascii else 0.3)
        f = Frag(kind, said, a, b, role, toks, lead)
        f.fid = len(self.frags)
        for t in toks:
            t.fid = f.fid
        self.frags.append(f)
        return f

    def end(self):
        return "." if self.lang == "en" else "。"

    # -- tokenising lines
    def tokenize(self, s):
        r = self.rng
        toks = []
        i, n = 0, len(s)
        sp = False
        while i < n:
            c = s[i]
            if c.isspace():
                sp = True
                i += 1
                continue
            if c.isascii():
                j = i
                while j < n and s[j].isascii() and not s[j].isspace():
                    j += 1
                toks.append(Tok(s[i:j], sp))
            elif c in CJK_PUNCT:
                j = i
                while j < n and s[j] in CJK_PUNCT:
                    j += 1
                toks.append(Tok(s[i:j], sp))
            else:
                j = i + 1
                lim = i + r.choice([1, 2, 2, 3])
                while j < n and j < lim and not s[j].isascii() and not s[j].isspace() and s[j] not in CJK_PUNCT:
                    j += 1
                toks.append(Tok(s[i:j], sp))
            sp = False
            i = j
        return toks

    def assemble(self):
        for ln in self.lines:
            out = []
            for p in ln.parts:
                if isinstance(p, Frag):
                    ts = list(p.toks)
                    ts[0].sp = p.lead_sp
                else:
                    ts = self.tokenize(p)
                for t in ts:
                    if out and not t.sp and is_punct_only(t.text) and t.fid is None:
                        out[-1].text += t.text
                        continue
                    if out and not t.sp and out[-1].text[-1].isascii() and out[-1].text[-1].isalnum() and \
                            t.text[0].isascii() and t.text[0].isalnum():
                        t.sp = True
                    if out and not t.sp and out[-1].fid != t.fid and wordish(out[-1].text[-1]) and wordish(t.text[0]):
                        t.sp = True
                    out.append(t)
            if out:
                out[0].sp = False
            ln.toks = out


def look_line(c):
    d = c.d
    if c.lang == "zh":
        bank = d["zh_look"]
    elif c.lang == "en":
        bank = d["en_look"]
    else:
        bank = d["mx_look"] + d["mx_look"] + d["zh_look"][:2] + d["en_look"][:2]
    fresh = [x for x in bank if x[1] not in c.looks_used] or bank
    spk, t = c.rng.choice(fresh)
    c.looks_used.add(t)
    c.add(spk, fill_template(c.rng, t))


def purpose(c):
    key = {"zh": "zh_purpose", "en": "en_purpose", "mixed": "mx_purpose"}[c.lang]
    return c.rng.choice(c.d[key])


def opening(c):
    c.add("A", c.pick(GREET).format(org=c.org()))
    c.add("C", purpose(c))


def closing(c):
    r = c.rng
    cl = CLOSE[c.lang]
    k = r.choice([1, 2, 3])
    for spk, t in cl[3 - k:]:
        c.add(spk, t)


def num_for(c, kind, want_x=None):
    s = gen_number(c.rng, kind, want_x)
    c.kinds_used.append(kind)
    return s


def split_points(r, kind, n, k):
    if kind == "phone":
        opts = [3, 7, 5, 4, 8]
    elif kind == "id_number":
        opts = [6, 14, 10, 12, 8]
    else:
        opts = [4, 8, 12, 6, 10] if n >= 16 else [4, 8]
    pts = sorted(r.sample([o for o in opts if 0 < o < n], k))
    return pts


def intro_of(c, kind):
    return c.rng.choice(INTRO[c.lang][kind])


def ask_of(c, kind):
    return c.rng.choice(ASK[c.lang][kind])


# -- exchanges ----------------------------------------------------------------------------

def ex_plain(c, kind, style=None, fillers=0):
    s = num_for(c, kind)
    c.add("A", ask_of(c, kind))
    c.add("C", intro_of(c, kind), c.frag(kind, s, 0, len(s), "said", style=style, fillers=fillers), c.end())
    c.add("A", c.pick(ACK))
    return "plain"


def ex_interruption(c, kind):
    r = c.rng
    s = num_for(c, kind)
    n = len(s)
    v = r.choice(["back", "back", "back2", "echo", "rb_cut"])
    c.add("A", ask_of(c, kind))
    if v == "rb_cut":
        p = split_points(r, kind, n, 1)[0]
        c.add("C", intro_of(c, kind), c.frag(kind, s, 0, n, "said"), c.end())
        c.add("A", r.choice(RB_FULL[c.lang])[0], c.frag(kind, s, 0, p, "readback"), "……" if c.lang != "en" else "...")
        c.add("C", c.pick(YES))
        c.add("A", c.frag(kind, s, p, n, "readback"), "，对吧？" if c.lang != "en" else ", right?")
        c.add("C", c.pick(YES))
        return "rb_cut"
    k = 2 if v == "back2" else 1
    pts = split_points(r, kind, n, k)
    bounds = [0] + pts + [n]
    st = c.style(kind)
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        parts = []
        if i == 0:
            parts.append(intro_of(c, kind))
        parts.append(c.frag(kind, s, a, b, "piece", style=st))
        parts.append(c.end() if i == len(bounds) - 2 else ("……" if c.lang != "en" else "..."))
        c.add("C", *parts)
        if i < len(bounds) - 2:
            if v == "echo" and i == 0:
                pre = {"zh": "嗯，", "en": "Okay,", "mixed": "OK，"}[c.lang]
                post = {"zh": "，然后呢？", "en": ", and then?", "mixed": "，then？"}[c.lang]
                c.add("A", pre, c.frag(kind, s, a, b, "echo"), post)
            else:
                c.add("A", c.pick(BACK))
    c.add("A", c.pick(ACK))
    return v


def ex_continuation(c, kind):
    r = c.rng
    s = num_for(c, kind)
    n = len(s)
    k = r.choice([1, 1, 2])
    pts = split_points(r, kind, n, k)
    bounds = [0] + pts + [n]
    st = c.style(kind)
    c.add("A", ask_of(c, kind))
    for i in range(len(bounds) - 1):
        parts = [intro_of(c, kind)] if i == 0 else []
        parts.append(c.frag(kind, s, bounds[i], bounds[i + 1], "piece", style=st))
        if i == len(bounds) - 2:
            parts.append(c.end())
        elif r.random() < 0.5:
            parts.append("，" if c.lang != "en" else ",")
        c.add("C", *parts)
    c.add("A", c.pick(ACK))
    return f"{k + 1} lines"


def ex_correction(c, kind):
    r = c.rng
    s = num_for(c, kind)
    n = len(s)
    v = r.choice(["wrong_prefix", "wrong_prefix", "restart", "restart_line", "wrong_full", "middle"])
    c.add("A", ask_of(c, kind))
    marker = c.pick(CORR)
    st = c.style(kind)
    if v in ("wrong_prefix", "restart", "restart_line"):
        L = r.randint(3, 7) if kind == "phone" else r.randint(4, 10)
        if v == "wrong_prefix":
            w, _ = wrong_digit_any(r, s, 2 if kind == "phone" else 0, L)
        else:
            w = s
        f1 = c.frag(kind, w, 0, L, "abandoned", style=st)
        if v == "restart_line":
            c.add("C", intro_of(c, kind), f1, "……")
            c.add("C", marker, c.frag(kind, s, 0, n, "said", style=st), c.end())
        else:
            c.add("C", intro_of(c, kind), f1, "，" if c.lang != "en" else ",", marker,
                  c.frag(kind, s, 0, n, "said", style=st if r.random() < 0.7 else None), c.end())
        c.add("A", c.pick(ACK))
        return v
    if v == "wrong_full":
        w, _ = wrong_digit(r, kind, s, n - 4, n)
        c.add("C", intro_of(c, kind), c.frag(kind, w, 0, n, "wrong", style=st), c.end())
        last = {"zh": "后四位是", "en": "the last four are", "mixed": "last four 是"}[c.lang]
        if r.random() < 0.5:
            c.add("C", marker, last, c.frag(kind, s, n - 4, n, "corrected"), c.end())
        else:
            c.add("A", c.pick(BACK))
            c.add("C", marker, last, c.frag(kind, s, n - 4, n, "corrected"), c.end())
        c.add("A", c.pick(ACK))
        return v
    # middle group said wrong, corrected "X not Y"
    a, b = (3, 7) if kind == "phone" else ((6, 14) if kind == "id_number" else (4, 8))
    w, _ = wrong_digit_any(r, s, a, b)
    c.add("C", intro_of(c, kind), c.frag(kind, w, 0, n, "wrong", style=st), c.end())
    mid = {"zh": ("不对，中间是", "，不是", "。"), "en": ("sorry, the middle bit is", ", not", "."),
           "mixed": ("sorry，中间是", "，not", "。")}[c.lang]
    c.add("C", mid[0], c.frag(kind, s, a, b, "corrected"), mid[1], c.frag(kind, w, a, b, "wrong"), mid[2])
    c.add("A", c.pick(ACK))
    return v


def wrong_digit_any(r, s, lo, hi):
    p = r.randrange(lo, hi)
    while not s[p].isdigit():
        p = r.randrange(lo, hi)
    d = r.choice([x for x in "0123456789" if x != s[p]])
    return s[:p] + d + s[p + 1:], p


def ex_filler(c, kind):
    r = c.rng
    s = num_for(c, kind)
    c.add("A", ask_of(c, kind))
    pre = {"zh": r.choice(["呃，", "嗯……", "那个，", ""]), "en": r.choice(["Um,", "Uh, okay,", ""]),
           "mixed": r.choice(["呃，", "Um，", ""])}[c.lang]
    f = c.frag(kind, s, 0, len(s), "said", fillers=r.choice([1, 2, 2, 3]))
    c.add("C", pre, intro_of(c, kind), f, c.end())
    c.add("A", c.pick(ACK))
    return "fillers inside"


def ex_asr_chunks(c, kind, fmt):
    r = c.rng
    s = num_for(c, kind)
    n = len(s)
    c.add("A", ask_of(c, kind))
    if c.lang == "en":
        st = ("ar", "space")
    else:
        st = r.choice([("ar", "space"), ("mix", "space"), ("mix", "space"), ("cn", "space")])
    cut = fmt in ("asr-json", "vtt") and r.random() < 0.45 or r.random() < 0.1
    if cut:
        p = r.randint(3, n - 3)
        c.add("C", intro_of(c, kind), c.frag(kind, s, 0, p, "piece", style=st, chunks=True))
        c.add("C", c.frag(kind, s, p, n, "piece", style=st, chunks=True), c.end())
        c.add("A", c.pick(ACK))
        return "chunks cut over two segments"
    c.add("C", intro_of(c, kind), c.frag(kind, s, 0, n, "said", style=st, chunks=True), c.end())
    c.add("A", c.pick(ACK))
    return "chunks"


def ex_readback(c, kind):
    r = c.rng
    s = num_for(c, kind)
    n = len(s)
    v = r.choice(["full", "last4", "first", "misheard", "misheard"])
    c.add("A", ask_of(c, kind))
    c.add("C", intro_of(c, kind), c.frag(kind, s, 0, n, "said"), c.end())
    if v == "full":
        pre, post = r.choice(RB_FULL[c.lang])
        c.add("A", pre, c.frag(kind, s, 0, n, "readback"), post)
        c.add("C", c.pick(YES))
    elif v == "last4":
        pre, post = r.choice(RB_LAST4[c.lang])
        c.add("A", pre, c.frag(kind, s, n - 4, n, "readback"), post)
        c.add("C", c.pick(YES))
    elif v == "first":
        g = 3 if kind == "phone" else (6 if kind == "id_number" else r.choice([4, 6]))
        pre, post = r.choice(RB_FIRST[c.lang])
        c.add("A", pre, c.frag(kind, s, 0, g, "readback"), post)
        c.add("C", c.pick(YES))
    else:
        lo = 3 if kind == "phone" else 6
        w, p = wrong_digit(r, kind, s, lo, n if kind == "phone" else n - 1)
        pre, post = r.choice(RB_FULL[c.lang])
        c.add("A", pre, c.frag(kind, w, 0, n, "misheard"), post)
        bounds = [0] + std_bounds(kind, n) + [n]
        ga = max(x for x in bounds if x <= p)
        gb = min(x for x in bounds if x > p)
        if r.random() < 0.6:
            c.add("C", c.pick(MISFIX), c.frag(kind, s, ga, gb, "corrected"), c.end())
        else:
            c.add("C", c.pick(MISFIX), c.frag(kind, s, 0, n, "said"), c.end())
        c.add("A", c.pick(ACK))
    return v


def ex_checkchar(c):
    r = c.rng
    kind = "id_number"
    s = num_for(c, kind, want_x=r.random() < 0.85)
    c.add("A", ask_of(c, kind))
    if s[17] == "X":
        xs = {"zh": ["X", "叉", "X"], "en": ["X", "x"], "mixed": ["X", "叉"]}[c.lang]
        xch = r.choice(xs)
    else:
        xch = None
    f17 = c.frag(kind, s, 0, 17, "piece")

    def xfrag():
        if xch is None:
            return c.frag(kind, s, 17, 18, "check-char")
        f = Frag(kind, s, 17, 18, "check-char", [Tok(xch, True, dig=True)], c.lang != "zh" and r.random() < 0.7)
        f.fid = len(c.frags)
        f.toks[0].fid = f.fid
        c.frags.append(f)
        return f

    if r.random() < 0.5:
        pre, post = r.choice(CHK_SAME[c.lang])
        c.add("C", intro_of(c, kind), f17, pre, xfrag(), post)
        v = "same line"
    else:
        c.add("C", intro_of(c, kind), f17, c.end())
        c.add("A", c.pick(CHK_ASK))
        pre, post = r.choice(CHK_ANS[c.lang])
        c.add("C", pre, xfrag(), post)
        v = "asked"
    c.add("A", c.pick(ACK))
    return v + (" X" if xch else " digit")


def ex_glued(c, kind):
    r = c.rng
    s = num_for(c, kind)
    c.add("A", ask_of(c, kind))
    st = ("glued", r.choice(["space", "space", "comma"]))
    f = c.frag(kind, s, 0, len(s), "said", style=st)
    tries = 0
    while not any(t.dig and len(semantic([t.text])) >= 2 for t in f.toks):
        c.frags.pop()
        f = c.frag(kind, s, 0, len(s), "said", style=st)
        tries += 1
        assert tries < 50
    c.add("C", intro_of(c, kind), f, c.end())
    if r.random() < 0.4:
        pre, post = r.choice(RB_LAST4[c.lang])
        g = c.frag(kind, s, len(s) - 4, len(s), "readback", style=("glued", "space"))
        c.add("A", pre, g, post)
        c.add("C", c.pick(YES))
    else:
        c.add("A", c.pick(ACK))
    return "glued"


def ex_multi(c):
    r = c.rng
    kinds = list(dict.fromkeys(c.d["kinds"]))
    r.shuffle(kinds)
    if len(kinds) < 2:
        kinds.append("phone")
    k = min(len(kinds), r.choice([2, 2, 3]))
    kinds = kinds[:k]
    # one number said beside a look-alike on the same line
    side = r.randrange(k)
    for i, kind in enumerate(kinds):
        if i == side:
            s = num_for(c, kind)
            c.add("A", ask_of(c, kind))
            ref = harmless(r, r.choice([8, 10, 12, 14]))
            if c.lang == "en":
                lead = r.choice([f"The reference is {ref}, and ", f"Booking {ref}, and ", f"My order was {ref}, and "]) + {"phone": "my mobile is", "id_number": "my ID number is",
                                                          "bank_card": "the card number is"}[kind]
            else:
                lead = (r.choice([f"订单号是{ref}，", f"单号{ref}，", f"预约号{ref}，"]) if c.lang == "zh"
                        else r.choice([f"Reference {ref}，", f"Order number {ref}，"])) + intro_of(c, kind)
            c.add("C", lead, c.frag(kind, s, 0, len(s), "said"), c.end())
            c.add("A", c.pick(ACK))
        elif r.random() < 0.3:
            ex_continuation(c, kind)
        else:
            ex_plain(c, kind)
        if r.random() < 0.4:
            look_line(c)
    return f"{k} numbers"


def ex_negative(c):
    r = c.rng
    c.add("A", c.pick(ASKREF))
    c.add("C", fill_template(r, c.pick(ANSREF)))
    v = "look-alikes"
    for _ in range(r.randint(2, 4)):
        look_line(c)
        if r.random() < 0.4:
            if c.lines[-1].speaker == "A":
                c.add("C", c.pick(BACK_C))
            else:
                c.add("A", c.pick(BACK))
    if r.random() < 0.5:
        kind = r.choice(c.d["kinds"])
        c.add("A", ask_of(c, kind))
        c.add("C", r.choice(NOTGIVEN[c.lang][kind]))
        v += " + number asked, not given"
    return v


def build_conv(rng, phen, lang, fmt, domain):
    c = Conv(rng, lang, domain)
    opening(c)
    if rng.random() < 0.5:
        look_line(c)
    kinds = c.d["kinds"]
    kind = rng.choice(kinds)
    if phen == "plain":
        v = ex_plain(c, kind)
    elif phen == "interruption":
        v = ex_interruption(c, kind)
    elif phen == "continuation":
        v = ex_continuation(c, kind)
    elif phen == "correction":
        v = ex_correction(c, kind)
    elif phen == "filler":
        v = ex_filler(c, kind)
    elif phen == "asr-chunks":
        v = ex_asr_chunks(c, kind, fmt)
    elif phen == "readback":
        v = ex_readback(c, kind)
    elif phen == "check-char-apart":
        v = ex_checkchar(c)
    elif phen == "glued-words":
        v = ex_glued(c, kind)
    elif phen == "multi-number":
        v = ex_multi(c)
    else:
        v = ex_negative(c)
    if phen not in ("negative", "multi-number") and rng.random() < 0.35:
        others = [k for k in ("phone", "id_number", "bank_card") if k not in c.kinds_used and k in kinds]
        if others:
            ex_plain(c, rng.choice(others))
            v += " +second number"
    if rng.random() < 0.6:
        look_line(c)
    closing(c)
    c.assemble()
    return c, v


# ------------------------------------------------------------------------------------------
# Layouts
# ------------------------------------------------------------------------------------------

ZH_LABELS = [("坐席", "客户"), ("客服", "用户"), ("工作人员", "来电人"), ("座席", "客户"), ("接线员", "客户"), ("客服代表", "来电者")]
EN_LABELS = [("Agent", "Customer"), ("Rep", "Caller"), ("A", "B"), ("Operator", "Member"), ("AGENT", "CALLER"), ("Advisor", "Client")]
LABEL_FMTS = {"colon_zh": "{lab}：", "colon": "{lab}: ", "lent": "【{lab}】", "brack": "[{lab}] ", "angle": "<{lab}> ", "dash": "{lab} - "}
TS_STYLES = ["none", "none", "br_hms", "hms", "par_ms", "br_ms_frac", "clock"]


def fmt_ts(style, t, base):
    t = int(t * 10) / 10
    h, rem = divmod(int(t), 3600)
    m, s = divmod(rem, 60)
    if style == "br_hms":
        return f"[{h:02d}:{m:02d}:{s:02d}] "
    if style == "hms":
        return f"{h:02d}:{m:02d}:{s:02d} "
    if style == "par_ms":
        return f"({m + 60 * h:02d}:{s:02d}) "
    if style == "br_ms_frac":
        return f"[{m + 60 * h:02d}:{s:02d}.{int(t * 10) % 10}] "
    if style == "clock":
        w = base + int(t)
        return f"{w // 3600 % 24:02d}:{w // 60 % 60:02d}:{w % 60:02d} "
    return ""


def line_content(ln):
    parts, offs = [], []
    pos = 0
    for i, t in enumerate(ln.toks):
        if i > 0 and t.sp:
            parts.append(" ")
            pos += 1
        offs.append(pos)
        parts.append(t.text)
        pos += len(t.text)
    return "".join(parts), offs


def frag_spans_in_line(ln, offs):
    """{fid: (start, end)} within the line content, first digit to last digit."""
    res = {}
    for i, t in enumerate(ln.toks):
        if t.fid is None or not t.dig:
            continue
        us = ev.read_units(t.text)
        s0, e0 = offs[i] + us[0][0], offs[i] + us[-1][1]
        if t.fid in res:
            res[t.fid] = (min(res[t.fid][0], s0), max(res[t.fid][1], e0))
        else:
            res[t.fid] = (s0, e0)
    return res


def choose_text_layout(r, lang):
    if r.random() < 0.13:
        ts = r.choice(["none", "br_hms", "hms", "br_ms_frac"])
        return {"labels": None, "ts": ts, "cont": "repeat", "header": False, "name": "unlabelled ts=" + ts}
    if lang == "zh" or (lang == "mixed" and r.random() < 0.6):
        labs = r.choice(ZH_LABELS)
        fmtk = r.choice(["colon_zh", "colon_zh", "lent", "brack", "colon"])
    else:
        labs = r.choice(EN_LABELS)
        fmtk = r.choice(["colon", "colon", "brack", "angle", "dash"])
    header = r.random() < 0.12
    ts = r.choice(TS_STYLES)
    if header and ts == "none":
        ts = "hms"
    cont = r.choice(["repeat", "repeat", "bare"])
    return {"labels": labs, "fmt": fmtk, "ts": ts, "cont": cont, "header": header,
            "name": f"{fmtk}{'+header' if header else ''} ts={ts} cont={cont}"}


def timeline(r, conv):
    t = r.uniform(0.3, 4.0)
    times = []
    for ln in conv.lines:
        dur = 0.35 * max(1, len(ln.toks)) + r.uniform(0.2, 1.0)
        times.append((t, t + dur))
        t += dur + r.uniform(0.2, 1.6)
    return times


def render_text(r, conv, lay):
    times = timeline(r, conv)
    base = r.randint(8 * 3600, 18 * 3600)
    out = []
    pos = 0
    spans = {}
    view_lines = []
    prev = None
    for li, ln in enumerate(conv.lines):
        content, offs = line_content(ln)
        cont = prev == ln.speaker
        ts = fmt_ts(lay["ts"], times[li][0], base)
        if lay["labels"] is None:
            prefix = ts
        elif cont and lay["cont"] == "bare":
            prefix = ""
        else:
            lab = lay["labels"][0] if ln.speaker == "A" else lay["labels"][1]
            if lay["header"]:
                head = f"{lab} {ts.strip()}"
                out.append(head)
                pos += len(head) + 1
                prefix = ""
            else:
                prefix = ts + LABEL_FMTS[lay["fmt"]].format(lab=lab)
        line = prefix + content
        for fid, (s, e) in frag_spans_in_line(ln, offs).items():
            spans[fid] = (pos + len(prefix) + s, pos + len(prefix) + e)
        out.append(line)
        pos += len(line) + 1
        prev = ln.speaker
    text = "\n".join(out)
    return text, spans


def render_vtt(r, conv, lang):
    times = timeline(r, conv)
    header = r.choice(["WEBVTT", "WEBVTT", "WEBVTT - call recording", "WEBVTT\nKind: captions\nLanguage: " + ("en" if lang == "en" else "zh")])
    ids = r.choice(["none", "num", "num"])
    short = r.random() < 0.35
    if lang == "zh" or (lang == "mixed" and r.random() < 0.6):
        labs = r.choice(ZH_LABELS)
        sep = "："
    else:
        labs = r.choice(EN_LABELS)
        sep = ": "
    pay = r.choice(["voice", "voice", "voice_close", "label", "bare", "dash"])

    def tc(t):
        h, rem = divmod(t, 3600)
        m, s = divmod(rem, 60)
        return f"{int(m):02d}:{s:06.3f}" if short and h < 1 else f"{int(h):02d}:{int(m):02d}:{s:06.3f}"

    out = header + "\n\n"
    spans = {}
    view = []
    vspans = {}
    vpos = 0
    for li, ln in enumerate(conv.lines):
        content, offs = line_content(ln)
        lab = labs[0] if ln.speaker == "A" else labs[1]
        if pay == "voice":
            pre, post = f"<v {lab}>", ""
        elif pay == "voice_close":
            pre, post = f"<v {lab}>", "</v>"
        elif pay == "label":
            pre, post = lab + sep, ""
        elif pay == "dash":
            pre, post = "- ", ""
        else:
            pre, post = "", ""
        cue = ""
        if ids == "num":
            cue += f"{li + 1}\n"
        cue += f"{tc(times[li][0])} --> {tc(times[li][1])}\n"
        start = len(out) + len(cue) + len(pre)
        for fid, (s, e) in frag_spans_in_line(ln, offs).items():
            spans[fid] = (start + s, start + e)
            vspans[fid] = (vpos + len(pre) + s, vpos + len(pre) + e)
        payload = pre + content + post
        view.append(payload)
        vpos += len(payload) + 1
        out += cue + payload + "\n\n"
    return out, spans, "\n".join(view), vspans, f"vtt-{pay}-{ids}-{'short' if short else 'long'}"


def render_asr(r, conv, lang, whisper):
    times = timeline(r, conv)
    spk_style = r.choice(["none", "role", "spk", "ab"]) if not whisper else r.choice(["none", "none", "spk"])
    spk_names = {"role": ("agent", "customer"), "spk": ("SPEAKER_00", "SPEAKER_01"), "ab": ("A", "B")}.get(spk_style)
    conf = r.random() < 0.6
    words_flat = []
    segs = []
    ent_words = {}
    view = []
    vspans = {}
    vpos = 0
    for li, ln in enumerate(conv.lines):
        t0, t1 = times[li]
        step = (t1 - t0) / max(1, len(ln.toks))
        seg_words = []
        vline = []
        lpos = 0
        for wi, t in enumerate(ln.toks):
            ws = round(t0 + wi * step + r.uniform(0, 0.05), 2)
            we = round(t0 + (wi + 1) * step - r.uniform(0.01, 0.08), 2)
            if we <= ws:
                we = round(ws + 0.05, 2)
            if whisper:
                lead = " " if (t.sp or (wi == 0 and t.text[0].isascii())) else ""
                w = {"word": lead + t.text, "start": ws, "end": we, "probability": round(r.uniform(0.55, 0.99), 2)}
                key = [len(segs), len(seg_words)]
                seg_words.append(w)
            else:
                w = {"word": t.text, "start": ws, "end": we}
                if spk_names:
                    w["speaker"] = spk_names[0] if ln.speaker == "A" else spk_names[1]
                if conf:
                    w["confidence"] = round(r.uniform(0.55, 0.99), 2)
                key = len(words_flat)
                words_flat.append(w)
            if wi > 0:
                lpos += 1
            if t.fid is not None:
                ent_words.setdefault(t.fid, []).append(key)
                us = ev.read_units(t.text)
                if us and t.dig:
                    s0, e0 = vpos + lpos + us[0][0], vpos + lpos + us[-1][1]
                    if t.fid in vspans:
                        vspans[t.fid] = (min(vspans[t.fid][0], s0), max(vspans[t.fid][1], e0))
                    else:
                        vspans[t.fid] = (s0, e0)
            vline.append(t.text)
            lpos += len(t.text)
        if whisper:
            seg = {"id": len(segs), "start": seg_words[0]["start"], "end": seg_words[-1]["end"],
                   "text": "".join(w["word"] for w in seg_words).strip(), "words": seg_words}
            if spk_names:
                seg["speaker"] = spk_names[0] if ln.speaker == "A" else spk_names[1]
            segs.append(seg)
        vl = " ".join(vline)
        view.append(vl)
        vpos += len(vl) + 1
    lang_code = "en" if lang == "en" else "zh"
    if whisper:
        tr = {"language": lang_code, "segments": segs}
    else:
        tr = {"words": words_flat, "language": lang_code}
        if r.random() < 0.5:
            tr["duration"] = round(times[-1][1] + 0.5, 2)
    return tr, ent_words, "\n".join(view), vspans, f"{'whisper' if whisper else 'flat'}-speakers_{spk_style}{'-conf' if conf else ''}"


# ------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------

SEPS = set(" \t\n-–—.,，、:：/()（）[]【】…·;；+#~_|<>\"'“”‘’。？！?!")
FILL_RE = re.compile(r"(?i)\b(um+|uh+|er+|double|triple)\b")
ZH_FILLERS = ["呃", "嗯", "那个", "啊", "就是"]


def gap_info(gap):
    s = gap
    mult = 0
    m = re.search(r"(?i)\b(double|triple)\W*$", s)
    if m:
        mult = 2 if m.group(1).lower() == "double" else 3
    s = FILL_RE.sub(" ", s)
    for f in ZH_FILLERS:
        s = s.replace(f, " ")
    return all(ch in SEPS for ch in s), mult


def check_unlabelled(view, spans):
    """No window of unlabelled digits (joined across separators / fillers) validates."""
    units = ev.read_units(view)
    lab = []
    for u in units:
        inside = any(s <= u[0] and u[1] <= e for s, e in spans)
        cross = any(u[0] < e and s < u[1] for s, e in spans) and not inside
        assert not cross, ("unit crosses a span", view[u[0]:u[1]])
        lab.append(inside)
    runs = []
    cur = []
    prev_end = None
    for u, l in zip(units, lab):
        joinable, mult_here = gap_info(view[(prev_end or 0):u[0]])
        joinable = joinable and prev_end is not None
        if l or not joinable:
            if cur:
                runs.append(cur)
            cur = []
        if not l:
            cur.append((u[3], mult_here))
        prev_end = u[1]
    if cur:
        runs.append(cur)
    for run in runs:
        raw = [ch for d, _ in run for ch in d]
        exp = []
        for d, m in run:
            exp += [d[0]] * (m or 1) + list(d[1:])
        if bad_window(raw) or bad_window(exp):
            return False
    return True


def check_frag_text(text, s, e, f):
    assert 0 <= s < e <= len(text)
    seg = text[s:e]
    assert "\n" not in seg and seg == seg.strip(), seg
    assert reading(seg) == f.read, (seg, f.read)
    for p in (s - 1, e):
        if 0 <= p < len(text):
            ch = text[p]
            assert not (ch.isdigit() or ch in ev.CN_VAL or ch in "Ｘ叉" or (ch.isascii() and ch.isalpha())), (text[max(0, s - 5):e + 5])


# ------------------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------------------

PHEN_COUNTS = [("negative", 60), ("multi-number", 36), ("interruption", 36), ("correction", 36), ("readback", 36),
               ("continuation", 32), ("filler", 32), ("asr-chunks", 32), ("check-char-apart", 32), ("glued-words", 32),
               ("plain", 36)]
ID_DOMAINS = [d for d, v in DOMAINS.items() if "id_number" in v["kinds"]]


def plan(rng):
    phens = [p for p, k in PHEN_COUNTS for _ in range(k)]
    assert len(phens) == N_CASES
    rng.shuffle(phens)
    langs_pool = ["zh"] * 160 + ["en"] * 140 + ["mixed"] * 100
    # glued words are said in English number words: English or mixed calls only
    glued_idx = [i for i, p in enumerate(phens) if p == "glued-words"]
    langs = [None] * N_CASES
    for j, i in enumerate(glued_idx):
        langs[i] = "en" if j < 18 else "mixed"
        langs_pool.remove(langs[i])
    rng.shuffle(langs_pool)
    it = iter(langs_pool)
    for i in range(N_CASES):
        if langs[i] is None:
            langs[i] = next(it)
    fmt_pool = ["text"] * 220 + ["vtt"] * 60 + ["asr-flat"] * 60 + ["asr-whisper"] * 60
    chunk_idx = [i for i, p in enumerate(phens) if p == "asr-chunks"]
    fmts = [None] * N_CASES
    want = ["asr-flat"] * 9 + ["asr-whisper"] * 9 + ["vtt"] * 6 + ["text"] * 8
    for i, f in zip(chunk_idx, want):
        fmts[i] = f
        fmt_pool.remove(f)
    rng.shuffle(fmt_pool)
    it = iter(fmt_pool)
    for i in range(N_CASES):
        if fmts[i] is None:
            fmts[i] = next(it)
    doms = list(DOMAINS)
    out = []
    for i in range(N_CASES):
        if phens[i] == "check-char-apart":
            d = ID_DOMAINS[i % len(ID_DOMAINS)]
        else:
            d = doms[(i * 7 + rng.randrange(3)) % len(doms)]
        out.append((phens[i], langs[i], fmts[i], d))
    return out


def make_case(idx, phen, lang, fmt0, domain):
    attempt = 0
    while True:
        rng = random.Random(f"{SEED}-{idx}-{attempt}")
        attempt += 1
        assert attempt < 200, idx
        conv, variant = build_conv(rng, phen, lang, fmt0, domain)
        frags = conv.frags
        for f in frags:
            if f.role not in ("misheard", "wrong", "abandoned"):
                assert valid(f.kind, f.said), (f.kind, f.said)
            if f.role == "misheard" and f.kind != "phone":
                assert not valid(f.kind, f.said)
            if f.last4_ok:
                assert f.kind == "phone" and f.b == 11 and len(f.said) == 11
            if f.last4_ok:
                got = 0
                for t in reversed(f.toks):
                    if got >= 5:
                        break
                    assert t.text.lower().strip(",") not in ("double", "triple"), f.toks
                    got += len(reading(t.text))
        case = {"id": f"{SET}-{idx + 1:04d}", "set": SET, "phenomenon": phen, "lang": lang,
                "format": "asr-json" if fmt0.startswith("asr") else fmt0, "domain": domain}
        if fmt0 == "text":
            lay = choose_text_layout(rng, lang)
            text, spans = render_text(rng, conv, lay)
            view, vspans = text, spans
            case["variant"] = f"{variant}; text {lay['name']}"
            case["text"] = text
            labels = []
            for f in frags:
                s, e = spans[f.fid]
                check_frag_text(text, s, e, f)
                labels.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role})
            case["spans"] = sorted(labels, key=lambda x: x["start"])
        elif fmt0 == "vtt":
            text, spans, view, vspans, vname = render_vtt(rng, conv, lang)
            case["variant"] = f"{variant}; {vname}"
            case["transcript_text"] = text
            labels = []
            for f in frags:
                s, e = spans[f.fid]
                check_frag_text(text, s, e, f)
                labels.append({"start": s, "end": e, "kind": f.kind, "last4_ok": f.last4_ok, "role": f.role})
            case["spans"] = sorted(labels, key=lambda x: x["start"])
        else:
            tr, ents, view, vspans, aname = render_asr(rng, conv, lang, fmt0 == "asr-whisper")
            case["variant"] = f"{variant}; {aname}"
            case["transcript"] = tr
            ws = {k if not isinstance(k, tuple) else k: w for k, w, _ in ev.asr_words(tr)}
            labels = []
            for f in frags:
                keys = ents[f.fid]
                words = [ws[tuple(k) if isinstance(k, list) else k] for k in keys]
                assert reading(" ".join(words)) == f.read, (words, f.read)
                labels.append({"kind": f.kind, "last4_ok": f.last4_ok, "role": f.role, "words": keys})
            case["entities"] = labels
        for f in frags:
            s, e = vspans[f.fid]
            assert reading(view[s:e]) == f.read
        if not check_unlabelled(view, list(vspans.values())):
            continue
        if phen == "negative":
            assert not frags
            if readable_count_total(view) == 0:
                continue
        else:
            assert frags
        return case


def readable_count_total(s):
    return ev.readable_count(s)


def self_check(cases):
    probs = ev.check_fixture_structure(cases, SET)
    assert not probs, probs[:10]
    for mode in ("oracle", "last4", "identity", "leaky", "overmask"):
        outs = ev.builtin_outputs(cases, mode)
        results = [ev.score_case(c, outs[c["id"]]) for c in cases]
        groups, kind_prec, confusions, broken, notes = ev.aggregate(results)
        ov = groups["overall"]
        rec, prec, negr = ov.recall(), ov.precision(), ov.negrate()
        if mode in ("oracle", "last4"):
            assert rec == 1.0 and prec == 1.0 and negr == 0.0 and confusions == 0 and not broken, (mode, rec, prec, negr)
        elif mode in ("identity", "leaky"):
            assert rec <= ev.short_last4_share(cases) and negr == 0.0, (mode, rec)
        else:
            assert negr > 0.9 and prec < 1.0, (mode, negr, prec)
        print(f"self-check {mode}: recall {rec:.3f}, precision {ev.fmt_num(prec)}, negatives masked {negr:.3f}", file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--stdout", action="store_true")
    args = ap.parse_args(argv)
    rng = random.Random(SEED)
    cases = [make_case(i, *p) for i, p in enumerate(plan(rng))]
    self_check(cases)
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if args.stdout:
        sys.stdout.write(data)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(data)
        print(f"wrote {len(cases)} cases to {os.path.relpath(args.out, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
