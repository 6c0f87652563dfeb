#!/usr/bin/env python3
"""Write Tests/VaultRedactTests/Fixtures/conversations-harbor.jsonl: the seventh, independent
evaluation set for `callvault redact` (see Tools/eval_redact_conversations.py for the schema and
the scoring rules).

    python3 Tools/gen_redact_harbor.py [--out PATH] [--seed N]

Deterministic: the same seed writes the same file byte for byte.

A case is built as a small call (turns of an agent, a caller and now and then an IVR / system
voice), each turn a list of plain strings and number fragments. A fragment is one contiguous piece
of a number said in one place; its atoms are digit-bearing chunks ("138", "幺三八", "double",
"eight"), fillers said inside the number ("呃", "um") and separators. The same call is then laid
out as plain text (one of many speaker-label layouts), as WebVTT, or as an ASR json transcript
(a flat `words` list or Whisper-style `segments`), and the labels are computed from the layout:
text and vtt spans run from the fragment's first digit / numeral / number word to its last;
asr-json entities list the words from the first to the last such word. `last4_ok` is set on phone
fragments only, and only when the fragment ends with the number's own final digit (a misheard or
abandoned tail does not). A `brk` atom inside a fragment is a segment / cue boundary in the middle
of the number: Whisper keeps one entity across it, WebVTT (where a span may not hold a line break)
gets one span per cue.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-harbor.jsonl")
SEED = 7_2719_0415
SET = "harbor"

# ============================================================================================
# Numbers
# ============================================================================================

MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
                   "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "172", "173",
                   "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187",
                   "188", "189", "191", "193", "195", "198", "199"]
# (area code, local length)
AREAS = [("010", 8), ("021", 8), ("020", 8), ("022", 8), ("023", 8), ("024", 8), ("025", 8), ("027", 8),
         ("028", 8), ("029", 8), ("0755", 8), ("0571", 8), ("0592", 7), ("0411", 8), ("0532", 8),
         ("0574", 8), ("0898", 8), ("0769", 8), ("0591", 8), ("0731", 8), ("0371", 8), ("0512", 8),
         ("0596", 7), ("0631", 7), ("0759", 7), ("0513", 8)]
# plausible county-level codes (province, city, district)
REGIONS = ["110101", "110105", "110108", "120103", "130102", "210202", "210204", "210211", "220104",
           "230103", "310104", "310107", "310115", "320102", "320506", "320602", "330106", "330203",
           "330212", "330302", "340104", "350102", "350203", "350206", "350211", "350521", "350583",
           "360102", "370202", "370212", "370602", "410105", "420106", "430104", "440106", "440305",
           "440306", "440803", "441302", "450103", "460105", "500103", "510107", "530102", "610113",
           "620102"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHK = "10X98765432"
UNIONPAY_BINS16 = ["622588", "621483", "625809", "622155", "628288", "622609"]
UNIONPAY_BINS19 = ["621700", "622848", "621226", "622202", "621661", "623052", "621799", "622208",
                   "621559", "623668"]


def rdigits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


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


def luhn_digit(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError


def id_check(s17):
    return ID_CHK[sum(int(a) * b for a, b in zip(s17, ID_W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


def split_by(s, sizes):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return [g for g in out if g]


class Num:
    """A labelled number: kind, national digit groups, optional country code."""

    def __init__(self, kind, digits, groups, cc=None, ccform="+", paren=False, sub=""):
        self.kind, self.digits, self.groups = kind, digits, groups
        self.cc, self.ccform, self.paren, self.sub = cc, ccform, paren, sub

    def regroup(self, sizes):
        self.groups = split_by(self.digits, sizes)
        return self


def new_mobile(rng):
    d = rng.choice(MOBILE_PREFIXES) + rdigits(rng, 8)
    r = rng.random()
    sizes = [3, 4, 4] if r < 0.78 else ([11] if r < 0.9 else [3, 8])
    return Num("phone", d, split_by(d, sizes), sub="mobile")


def new_phone(rng, lang):
    r = rng.random()
    if lang == "en":
        table = [(0.42, "mobile"), (0.55, "mobile86"), (0.67, "landline"), (0.8, "uk"), (0.9, "us"), (1.0, "hk")]
    else:
        table = [(0.70, "mobile"), (0.76, "mobile86"), (0.93, "landline"), (0.96, "hk"), (0.98, "uk"), (1.0, "us")]
    sub = next(s for p, s in table if r < p)
    if sub == "mobile":
        return new_mobile(rng)
    if sub == "mobile86":
        n = new_mobile(rng)
        n.cc, n.ccform, n.sub = "86", rng.choice(["+", "+", "00"]), "mobile86"
        if len(n.groups) == 1:
            n.regroup([3, 4, 4])
        return n
    if sub == "landline":
        area, ln = rng.choice(AREAS)
        local = rng.choice("2345678") + rdigits(rng, ln - 1)
        groups = [area] + (split_by(local, [4, 4]) if ln == 8 and rng.random() < 0.6 else
                           split_by(local, [3, 4]) if ln == 7 and rng.random() < 0.5 else [local])
        return Num("phone", area + local, groups, paren=rng.random() < 0.25, sub="landline")
    if sub == "uk":
        d = "7" + rng.choice(["4", "5", "8", "9"]) + rdigits(rng, 8)
        if rng.random() < 0.6:
            return Num("phone", d, split_by(d, [4, 6]), cc="44", sub="uk")
        return Num("phone", "0" + d, split_by("0" + d, [5, 6]), sub="uk")
    if sub == "us":
        area = rng.choice(["312", "415", "646", "617", "206", "713", "503", "917", "469", "858"])
        ex = rng.choice("23456789") + rdigits(rng, 2)
        while ex == "555":
            ex = rng.choice("23456789") + rdigits(rng, 2)
        d = area + ex + rdigits(rng, 4)
        return Num("phone", d, split_by(d, [3, 3, 4]), cc="1" if rng.random() < 0.5 else None,
                   paren=rng.random() < 0.5, sub="us")
    d = rng.choice("569") + rdigits(rng, 7)
    return Num("phone", d, split_by(d, [4, 4]), cc="852" if rng.random() < 0.7 else None, sub="hk")


def new_id(rng, want_x=None):
    while True:
        region = rng.choice(REGIONS)
        y = rng.randint(1952, 2006)
        m = rng.randint(1, 12)
        dmax = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        d = rng.randint(1, dmax)
        s17 = f"{region}{y:04d}{m:02d}{d:02d}{rdigits(rng, 3)}"
        c = id_check(s17)
        if want_x is None or (c == "X") == want_x:
            full = s17 + c
            break
    r = rng.random()
    sizes = [6, 8, 4] if r < 0.4 else [18] if r < 0.62 else [6, 4, 4, 4] if r < 0.74 else [3, 3, 4, 4, 4] if r < 0.87 else [6, 6, 6]
    return Num("id_number", full, split_by(full, sizes), sub="id")


def new_card(rng):
    r = rng.random()
    if r < 0.38:
        body = rng.choice(UNIONPAY_BINS19) + rdigits(rng, 12)
    elif r < 0.58:
        body = rng.choice(UNIONPAY_BINS16) + rdigits(rng, 9)
    elif r < 0.78:
        body = "4" + rdigits(rng, 14)
    elif r < 0.95:
        body = rng.choice(["51", "52", "53", "54", "55"]) + rdigits(rng, 13)
    elif r < 0.98:
        body = "62" + rdigits(rng, 15)      # 18 digits
    else:
        body = "2" + rng.choice(["221", "368", "511", "720"]) + rdigits(rng, 11)
    d = body + luhn_digit(body)
    n = len(d)
    r = rng.random()
    if n == 16:
        sizes = [4, 4, 4, 4] if r < 0.8 else [16] if r < 0.9 else [6, 10]
    elif n == 19:
        sizes = [4, 4, 4, 4, 3] if r < 0.6 else [6, 6, 7] if r < 0.78 else [19] if r < 0.88 else [4, 4, 4, 7]
    else:
        sizes = [6, 6, 6] if r < 0.5 else [4, 4, 4, 4, 2]
    return Num("bank_card", d, split_by(d, sizes), sub=f"card{n}")


def new_num(rng, kind, lang, want_x=None):
    if kind == "phone":
        return new_phone(rng, lang)
    if kind == "id_number":
        return new_id(rng, want_x)
    return new_card(rng)


def bad_long(rng, n, first=None):
    """n random digits that are no valid card, no valid ID and no mobile number."""
    while True:
        s = (first or "") + rdigits(rng, n - len(first or ""))
        if s[0] == "0" and first is None:
            continue
        if 13 <= n <= 19 and luhn_ok(s):
            continue
        if n == 18 and id_ok(s):
            continue
        if n == 11 and s[0] == "1" and s[1] in "3456789":
            continue
        return s


# ============================================================================================
# Spelling numbers (atoms)
# ============================================================================================

CN_D = "零一二三四五六七八九"
EN_D = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
FILL = {"zh": ["呃", "嗯", "那个", "呃……", "就是", "嗯……"],
        "en": ["um", "uh", "like", "er", "uhh", "um,"],
        "mixed": ["呃", "um", "那个", "uh", "嗯", "like"]}


def cn_digit(c, st, rng):
    if c in "Xx":
        return st.get("xch", "X")
    if c == "1" and st.get("yao"):
        return "幺"
    if c == "0":
        return st.get("ling", "零")
    if c == "2" and st.get("liang") and rng.random() < 0.35:
        return "两"
    return CN_D[int(c)]


def en_units(g, st, rng):
    """Words for a group: list of units, each a list of (type, word)."""
    units, i = [], 0
    while i < len(g):
        c = g[i]
        if c in "Xx":
            units.append([("d", "X")]); i += 1; continue
        w = ("oh" if st.get("oh") and rng.random() < 0.8 else "zero") if c == "0" else EN_D[int(c)]
        run = 1
        while i + run < len(g) and g[i + run] == c:
            run += 1
        if st.get("dbl") and run >= 3 and rng.random() < 0.7:
            units.append([("m", "triple"), ("d", w)]); i += 3; continue
        if st.get("dbl") and run >= 2 and rng.random() < 0.75:
            units.append([("m", "double"), ("d", w)]); i += 2; continue
        units.append([("d", w)]); i += 1
    return units


def group_atoms(g, mode, st, rng):
    if mode == "ar":
        return [("d", g if not st.get("lowx") else g.replace("X", "x"))]
    if mode == "fw":
        return [("d", "".join(chr(0xFF10 + int(c)) if c.isdigit() else "Ｘ" for c in g))]
    if mode == "cn":
        units, i = [], 0
        while i < len(g):
            c = g[i]
            if st.get("cnrep") and c.isdigit() and i + 2 < len(g) and g[i + 1] == c == g[i + 2] and rng.random() < 0.6:
                units.append("三个" + cn_digit(c, st, rng)); i += 3; continue
            if st.get("cnrep") and c.isdigit() and i + 1 < len(g) and g[i + 1] == c and rng.random() < 0.6:
                units.append("两个" + cn_digit(c, st, rng)); i += 2; continue
            units.append(cn_digit(c, st, rng)); i += 1
        if st.get("cnsplit"):
            return [("d", u) for u in units]
        return [("d", "".join(units))]
    # English words
    out = []
    for u in en_units(g, st, rng):
        if out:
            if st.get("glue") and rng.random() < st["glue"] and out[-1][0] == "d" and u[0][0] == "d" and len(u) == 1:
                out[-1] = ("d", out[-1][1] + u[0][1])
                continue
            out.append(("s", " "))
        for k, (t, w) in enumerate(u):
            if k:
                if st.get("glue") and rng.random() < st["glue"] * 0.5:
                    out[-1] = ("d", out[-1][1] + w)
                    continue
                out.append(("s", " "))
            out.append((t, w))
    return out


def spell(groups, st, rng, cc=None, ccform="+", paren=False, lang="zh"):
    """Atoms for digit groups said in style st."""
    atoms = []
    mode = st["mode"]
    if cc:
        if mode == "en" or (mode == "mix" and lang != "zh" and rng.random() < 0.5):
            if ccform == "+":
                atoms += [("p", "plus"), ("s", " ")] + group_atoms(cc, "en", {"oh": False}, rng) + [("s", " ")]
            else:
                atoms += group_atoms("00" + cc, "en", {"oh": st.get("oh"), "dbl": st.get("dbl")}, rng) + [("s", " ")]
        elif mode == "cn" and ccform == "00" and rng.random() < 0.6:
            atoms += [("d", "零零" + "".join(CN_D[int(c)] for c in cc)), ("s", "，")]
        else:
            atoms += [("d", ("+" if ccform == "+" else "00") + cc), ("s", " " if mode != "cn" else "")]
    gsep = st["gsep"]
    for gi, g in enumerate(groups):
        m = mode
        if mode == "mix":
            m = "ar" if rng.random() < 0.5 else ("cn" if lang != "en" else "en")
        ga = group_atoms(g, m, st, rng)
        if paren and gi == 0 and m == "ar" and not cc:
            ga = [("s", "(")] + ga + [("s", ")")]
        if gi:
            fills = st.get("fill", 0)
            if fills and rng.random() < fills:
                fsep = st.get("fsep", " ")
                atoms += [("s", fsep), ("f", rng.choice(st["fills"])), ("s", fsep)]
            elif paren and gi == 1 and m == "ar" and not cc:
                atoms.append(("s", " "))
            else:
                sep = gsep
                if m != mode or (mode == "mix" and sep == ""):
                    sep = sep or " "
                if m == "en" and sep in ("", "-"):
                    sep = ", "
                atoms.append(("s", sep))
        atoms += ga
    # a filler inside a long group now and then
    if st.get("fill_in") and len(atoms) > 2:
        idx = [i for i, a in enumerate(atoms) if a[0] == "d" and len(a[1]) >= 4 and a[1].isdigit()]
        if idx and rng.random() < st["fill_in"]:
            i = rng.choice(idx)
            s = atoms[i][1]
            cut = rng.randint(1, len(s) - 1)
            fsep = st.get("fsep", " ")
            atoms[i:i + 1] = [("d", s[:cut]), ("s", fsep), ("f", rng.choice(st["fills"])), ("s", fsep), ("d", s[cut:])]
    return atoms


class Frag:
    def __init__(self, atoms, kind, last4_ok):
        assert any(a[0] == "d" for a in atoms), atoms
        self.atoms, self.kind, self.last4_ok = atoms, kind, bool(last4_ok and kind == "phone")


BRK = ("brk", "")


def choose_style(rng, lang, kind, fmt, mode=None, **kw):
    if mode is None:
        r = rng.random()
        if lang == "zh":
            mode = "ar" if r < 0.52 else "cn" if r < 0.82 else "mix" if r < 0.95 else "fw"
        elif lang == "en":
            mode = "ar" if r < 0.5 else "en"
        else:
            mode = "ar" if r < 0.45 else "en" if r < 0.72 else "cn" if r < 0.92 else "mix"
        if fmt != "text" and mode == "fw":
            mode = "ar"
    st = {"mode": mode}
    if fmt == "asr-json":
        st["gsep"] = rng.choice([" ", " ", ", " if lang == "en" else "，", " "])
    elif mode == "ar":
        opts = [" ", " ", " ", "", "-"] + (["，", " "] if lang == "zh" else [", ", " "])
        if kind == "id_number":
            opts = [" ", " ", "", ""] + (["，"] if lang == "zh" else [", "])
        st["gsep"] = rng.choice(opts)
    elif mode == "cn":
        st["gsep"] = rng.choice(["", "，", " ", "，", "、" if lang == "zh" else " "])
    elif mode == "en":
        st["gsep"] = rng.choice([", ", ", ", " ", " ", " - ", "... "])
    elif mode == "fw":
        st["gsep"] = rng.choice(["", " "])
    else:
        st["gsep"] = rng.choice([" ", "，" if lang != "en" else ", "])
    st["yao"] = kind == "phone" and rng.random() < 0.65
    st["ling"] = "〇" if rng.random() < 0.1 else "零"
    st["liang"] = rng.random() < 0.15
    st["oh"] = rng.random() < 0.55
    st["dbl"] = lang != "zh" and rng.random() < 0.4
    st["cnrep"] = rng.random() < 0.12
    st["cnsplit"] = fmt == "asr-json" and rng.random() < 0.3
    st["xch"] = rng.choice(["X", "X", "x", "叉"]) if lang != "en" else "X"
    st["lowx"] = rng.random() < 0.15
    st["fills"] = FILL[lang]
    if lang == "zh":
        st["fsep"] = rng.choice(["", "，", " "]) if mode != "ar" else rng.choice([" ", "，", ""])
    else:
        st["fsep"] = rng.choice([" ", ", "])
    st.update(kw)
    return st


def frag_of(rng, num, st, lang, groups=None, last4=None, cc=False):
    """A fragment of num: the whole number, or the digit groups given (with the country code when cc)."""
    g = num.groups if groups is None else groups
    atoms = spell(g, st, rng, cc=num.cc if (groups is None or cc) else None, ccform=num.ccform,
                  paren=num.paren and groups is None, lang=lang)
    if last4 is None:
        last4 = num.kind == "phone" and "".join(g).endswith(num.digits[-1]) and (groups is None or "".join(g) == num.digits[-len("".join(g)):])
    return Frag(atoms, num.kind, last4)


def split_groups(rng, num, parts):
    """The number's groups in `parts` consecutive pieces (regrouping when there are too few)."""
    g = list(num.groups)
    if len(g) < parts:
        k = num.kind
        d = num.digits
        if k == "phone":
            sizes = [3, 4, 4] if len(d) == 11 else [len(d) - 8, 4, 4] if len(d) > 8 else [4, 4]
        elif k == "id_number":
            sizes = [6, 4, 4, 4] if parts > 3 else [6, 8, 4]
        else:
            sizes = [4] * (len(d) // 4)
        g = split_by(d, sizes)
    if len(g) < parts:
        parts = len(g)
    cuts = sorted(rng.sample(range(1, len(g)), parts - 1))
    out, prev = [], 0
    for c in cuts + [len(g)]:
        out.append(g[prev:c])
        prev = c
    return out


# ============================================================================================
# Scenes, names, phrase pools
# ============================================================================================

ZH_SURNAMES = list("林陈黄郑吴蔡许周王李张刘杨谢何罗高洪庄苏叶钟潘")
ZH_AGENTS = ["小周", "小林", "阿芳", "晓雯", "思琪", "小叶", "海燕", "小郑", "佳怡", "志强", "小罗"]
EN_AGENTS = ["Dana", "Priya", "Marcus", "Ellie", "Tom", "Wen", "Grace", "Luis", "Hannah", "Owen", "Farah", "Kofi"]
EN_CUSTS = ["Mr. Okafor", "Ms. Reyes", "Mrs. Whitfield", "Mr. Tan", "Ms. Chen", "Mr. Alvarez", "Jonah",
            "Kiera", "Mr. Lindqvist", "Mrs. Nakamura", "Ms. Doyle", "Mr. Haddad"]

SCENES = {
    "ferry": dict(
        org={"zh": ["鹭江轮渡票务中心", "海湾客运码头", "东岛渡轮服务热线"],
             "en": ["Harbour Line Ferries", "Baycross Ferries", "Island Link Ferries"],
             "mixed": ["Harbour Line 渡轮", "Island Link 票务中心"]},
        why={"zh": ["我想改签一下明天早上去岛上的船票。", "我在网上买的船票一直没收到短信。", "周末带老人坐船，想问下要不要实名。", "我昨天那班船停航了，票想退掉。"],
             "en": ["I need to move my ferry booking to a later sailing.", "My e-ticket never came through.", "Saturday's crossing got cancelled and I'd like a refund."],
             "mixed": ["我想 change 一下 ferry 的 booking。", "我的 e-ticket 一直没收到，可以帮我 check 一下吗？", "明天那班船 cancel 了，我想 refund。"]},
        kinds=["id_number", "phone", "bank_card"]),
    "freight": dict(
        org={"zh": ["东港货代客服", "远帆国际物流", "海川集运"], "en": ["Eastquay Logistics", "Bluefin Freight", "Portside Forwarding"],
             "mixed": ["Eastquay 物流", "Bluefin Freight 客服"]},
        why={"zh": ["我们有个柜子在码头压了三天了，想问下什么情况。", "想约一下明天下午提柜。", "报关资料我们发过去了，想确认下收到没有。"],
             "en": ["We've got a container stuck at the terminal, I want to know what's holding it.", "I'd like to book a pickup slot for tomorrow.", "Just checking you got our customs paperwork."],
             "mixed": ["我们的 container 还在 terminal，想 follow up 一下。", "想 book 一个明天的 pickup slot。"]},
        kinds=["phone", "bank_card"]),
    "marina": dict(
        org={"zh": ["帆影游艇会", "白鹭湾码头泊位管理处"], "en": ["Pier Nine Marina", "Gullwing Yacht Club"], "mixed": ["Pier Nine 游艇会", "Gullwing Marina 前台"]},
        why={"zh": ["我想续租一下泊位。", "我们的船下周要进坞保养，想约个时间。"],
             "en": ["I want to renew the berth for another season.", "Our boat needs a haul-out next week."],
             "mixed": ["我想 renew 一下 berth。", "船下个礼拜要 haul out，想 book 个时间。"]},
        kinds=["phone", "bank_card"]),
    "seafood": dict(
        org={"zh": ["鲜港冷链配送", "渔港直供客服"], "en": ["Coldtide Seafood Delivery", "Harbourfresh"], "mixed": ["Coldtide 海鲜配送", "鲜港 delivery"]},
        why={"zh": ["我订的海鲜礼盒到现在还没送到。", "昨天送来的螃蟹有几只死了。", "想改一下收货地址。"],
             "en": ["My seafood box hasn't turned up yet.", "Half the oysters arrived open, honestly.", "I need to change the delivery address."],
             "mixed": ["我订的 seafood box 还没到。", "昨天 deliver 的螃蟹有问题。"]},
        kinds=["phone", "bank_card"]),
    "bank": dict(
        org={"zh": ["星潮银行信用卡中心", "海西商业银行客服"], "en": ["Tidewater Bank card services", "Northgate Bank"], "mixed": ["Tidewater Bank 信用卡中心", "星潮银行 card services"]},
        why={"zh": ["我的卡在外地刷不了。", "想开通一下境外消费。", "有一笔扣款我不认识。", "新卡到了想激活一下。"],
             "en": ["My card got declined abroad.", "There's a charge on my statement I don't recognise.", "I just got my replacement card and want to activate it."],
             "mixed": ["我的 card 在国外被 decline 了。", "Statement 上有一笔 charge 我不认识。", "新卡到了想 activate 一下。"]},
        kinds=["bank_card", "id_number", "phone"]),
    "telecom": dict(
        org={"zh": ["海客通移动营业厅", "潮汐宽带客服"], "en": ["Anchor Mobile", "Tideline Broadband"], "mixed": ["Anchor Mobile 客服", "潮汐 broadband"]},
        why={"zh": ["我想办一下携号转网。", "家里宽带从昨天开始就断断续续的。", "我的副卡想注销掉。"],
             "en": ["I want to port my number out.", "The broadband keeps dropping since yesterday.", "I'd like to cancel the second SIM on my plan."],
             "mixed": ["我想 port 我的 number 出去。", "宽带一直 drop，很烦。"]},
        kinds=["phone", "id_number"]),
    "clinic": dict(
        org={"zh": ["北岸社区医院预约中心", "海滨口腔门诊"], "en": ["Bayview Clinic", "Harbourside Dental"], "mixed": ["Bayview Clinic 预约", "海滨 dental clinic"]},
        why={"zh": ["我想挂一个下周二的专家号。", "帮我妈妈预约一下体检。", "我约的号想改个时间。"],
             "en": ["I'd like to book a check-up for my father.", "I need to move my appointment.", "Can I get on the list for the physio?"],
             "mixed": ["我想 book 一个 appointment。", "我妈的 check-up 想改个时间。"]},
        kinds=["id_number", "phone"]),
    "utility": dict(
        org={"zh": ["港城燃气服务热线", "港城燃气客服中心"], "en": ["Saltmarsh Energy", "Harbour Gas & Power"], "mixed": ["Saltmarsh 燃气", "港城 gas service"]},
        why={"zh": ["这个月燃气费怎么突然这么高？", "我想办一下自动扣费。", "我们楼道里有点燃气味。"],
             "en": ["My gas bill has doubled this month.", "I want to set up direct debit.", "We've got no hot water since this morning."],
             "mixed": ["这个月的 bill 怎么这么贵？", "我想 set up 自动扣费。"]},
        kinds=["phone", "bank_card"]),
    "hotel": dict(
        org={"zh": ["海景酒店预订部", "渔人码头酒店前台"], "en": ["Seabright Hotels reservations", "The Quayside Hotel"], "mixed": ["Seabright Hotel 预订部", "Quayside 酒店 front desk"]},
        why={"zh": ["我想订下周五两晚的海景房。", "我的订单想加一张床。", "退房的时候押金一直没退回来。"],
             "en": ["I'd like to book two nights from Friday.", "My deposit still hasn't been released.", "Can I add a late check-out to my booking?"],
             "mixed": ["我想 book 两晚 sea view room。", "我的 deposit 还没退。"]},
        kinds=["bank_card", "phone", "id_number"]),
    "carhire": dict(
        org={"zh": ["泊岸租车", "顺帆汽车租赁"], "en": ["Gullwing Car Hire", "Coastline Rentals"], "mixed": ["Gullwing 租车", "Coastline rental 客服"]},
        why={"zh": ["我想延长一下租车时间。", "还车的时候说有刮痕，我想问问。", "想预订下个月的车。"],
             "en": ["I need to extend my rental by two days.", "They've charged me for a scratch that was already there.", "I'd like to book a car for next month."],
             "mixed": ["我想 extend 一下 rental。", "他们 charge 我一个刮痕，不是我弄的。"]},
        kinds=["id_number", "bank_card", "phone"]),
    "insurance": dict(
        org={"zh": ["安澜保险理赔中心", "海安渔船互保协会"], "en": ["Northcape Insurance claims", "Mariner Mutual"], "mixed": ["Northcape 保险理赔", "Mariner Mutual 客服"]},
        why={"zh": ["我家船上周台风损坏了，想报个案。", "理赔款什么时候能到账？", "车险到期了想续保。"],
             "en": ["I need to make a claim, the boat was damaged in the storm.", "When will my claim be paid out?", "I want to renew my policy."],
             "mixed": ["我想 file 一个 claim。", "理赔款什么时候 release？"]},
        kinds=["id_number", "bank_card", "phone"]),
    "courier": dict(
        org={"zh": ["顺潮快递", "海鸥同城配送"], "en": ["Swiftgull Couriers", "Harbour Express Parcels"], "mixed": ["Swiftgull 快递", "海鸥 express"]},
        why={"zh": ["我有个件显示签收了但是我没收到。", "想约个上门取件。", "快递员一直联系不上我。"],
             "en": ["My parcel says delivered but it isn't here.", "I'd like to book a collection.", "The driver couldn't get hold of me."],
             "mixed": ["我的 parcel 显示 delivered 但是我没收到。", "想 book 一个 pickup。"]},
        kinds=["phone"]),
    "cruise": dict(
        org={"zh": ["蓝鲸邮轮预订中心"], "en": ["Bluewhale Cruises"], "mixed": ["Bluewhale 邮轮"]},
        why={"zh": ["我想订国庆那班去日本的邮轮。", "我们一家四口的船票想改一下舱位。"],
             "en": ["I'd like to book the October sailing for two.", "We want to upgrade our cabin."],
             "mixed": ["我想 book 十月那班 cruise。", "想 upgrade 一下 cabin。"]},
        kinds=["id_number", "bank_card", "phone"]),
    "property": dict(
        org={"zh": ["南湾物业服务中心", "望海花园物业"], "en": ["Harbour Heights residents' line", "Quayview Property Management"], "mixed": ["Harbour Heights 物业", "望海 property management"]},
        why={"zh": ["楼上漏水漏到我家了。", "想登记一下装修。", "车位的事情想咨询一下。"],
             "en": ["There's water coming through my ceiling.", "I want to register some renovation work.", "I'm calling about the parking permit."],
             "mixed": ["楼上 leak 到我家了。", "想问一下 parking 的事。"]},
        kinds=["phone"]),
    "airline": dict(
        org={"zh": ["海燕航空行李服务", "鹭翔航空客服"], "en": ["Petrel Air baggage services", "Coastal Wings"], "mixed": ["Petrel Air 行李查询", "鹭翔航空 customer service"]},
        why={"zh": ["我的行李没跟我一起到。", "想改一下航班日期。"], "en": ["My bag didn't arrive with me.", "I need to change my flight date."],
             "mixed": ["我的 luggage 没有到。", "想 change 一下 flight。"]},
        kinds=["phone", "id_number", "bank_card"]),
}


def ordn(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def harmless_bits(rng, lang, scene):
    """A line (agent or caller) holding only harmless numbers."""
    hh = rng.randint(7, 20)
    mm = rng.choice([0, 10, 15, 20, 30, 40, 45, 50])
    mon, day = rng.randint(1, 12), rng.randint(1, 28)
    amt = rng.choice([68, 128, 236, 480, 1280, 2650, 3999, 75, 320]) + rng.choice([0, 0, 0.5, 0.8])
    amt_s = (f"{amt:.2f}" if amt != int(amt) else f"{int(amt)}")
    badge = rdigits(rng, 4)
    zh = {
        "ferry": [f"明天早上{hh}点{mm:02d}那班还有座位，票价一张{rng.choice([35, 68, 120])}块。", f"您是{mon}月{day}号{hh}点那班对吧，一共{rng.randint(2, 5)}张票。",
                  f"候船在{rng.randint(1, 4)}号候船厅，开船前{rng.choice([20, 30])}分钟停止检票。"],
        "freight": [f"柜号是TGHU{rdigits(rng, 7)}，40尺高柜。", f"船期是{mon}月{day}号，预计{hh}点靠泊{rng.randint(3, 12)}号泊位。",
                    f"提单号COSU{bad_long(rng, 10)}，一共{rng.randint(2, 9)}个柜。"],
        "marina": [f"泊位是B区{rng.randint(10, 48)}号，一年租金{rng.choice(['三万二', '28000', '4万'])}。", f"下周{rng.choice('一二三四五')}上午{hh}点可以安排上架。"],
        "seafood": [f"订单是{mon}月{day}号下的，{rng.randint(2, 4)}斤的帝王蟹。", f"运费{rng.choice([15, 20, 25])}块，一共{amt_s}元。"],
        "bank": [f"这笔是{mon}月{day}号的消费，金额{amt_s}元。", f"账单日是每月{rng.randint(1, 25)}号，还款日在{rng.randint(1, 28)}号。"],
        "telecom": [f"您现在的套餐是每月{rng.choice([58, 88, 128, 199])}元的。", f"师傅明天下午{rng.randint(1, 5)}点到{rng.randint(5, 7)}点之间上门。"],
        "clinic": [f"周{rng.choice('一二三四五')}上午还有{rng.randint(2, 9)}个号，挂号费{rng.choice([20, 50, 100])}元。", f"您在{rng.randint(2, 9)}楼{rng.randint(1, 30)}诊室。"],
        "utility": [f"这个月用了{rng.randint(20, 160)}方气，上个月才{rng.randint(10, 60)}方。", f"户号是{bad_long(rng, 9)}，地址是海滨路{rng.randint(1, 300)}号。"],
        "hotel": [f"{mon}月{day}号入住，住{rng.randint(1, 4)}晚，含早。", f"房价是{rng.choice([588, 728, 899, 1180])}一晚，押金{rng.choice([500, 1000])}。"],
        "carhire": [f"取车是{mon}月{day}号上午{rng.randint(8, 11)}点，在码头{rng.randint(1, 3)}号门店。", f"每天{rng.choice([168, 238, 299])}元，不限里程。"],
        "insurance": [f"出险时间是{mon}月{day}号晚上{rng.randint(8, 11)}点左右。", f"保单号PA{bad_long(rng, 12)}，保额{rng.choice(['50万', '80万', '一百万'])}。"],
        "courier": [f"运单号SF{bad_long(rng, 13)}，显示{hh}点{mm:02d}签收。", f"重量是{rng.randint(1, 20)}.{rng.randint(0, 9)}公斤，首重{rng.choice([12, 15, 18])}块。"],
        "cruise": [f"{mon}月{day}号出发，{rng.randint(4, 8)}天{rng.randint(3, 7)}晚，内舱房每人{rng.choice([3999, 4599, 5299])}。", f"登船时间是下午{rng.randint(1, 4)}点，{rng.randint(1, 3)}号航站楼。"],
        "property": [f"C|我是{rng.randint(1, 20)}栋{rng.randint(1, 3)}单元{rng.randint(2, 32)}0{rng.randint(1, 4)}的。", f"物业费一年{rng.choice([2400, 3180, 4560])}。"],
        "airline": [f"航班是MU{rng.randint(1000, 9999)}，{mon}月{day}号晚上到的。", f"行李牌号是{rng.choice(['MU', 'CZ', 'MF'])}{rdigits(rng, 6)}，一共{rng.randint(1, 3)}件。"],
    }
    en = {
        "ferry": [f"The {hh}:{mm:02d} sailing still has space, it's {rng.choice([12, 18, 24])} pounds per adult.", f"That's {rng.randint(2, 5)} passengers on the {mon}/{day} crossing."],
        "freight": [f"The container's MSKU{rdigits(rng, 7)}, a forty-foot high cube.", f"Vessel's due at berth {rng.randint(3, 12)} around {hh}:00 on the {ordn(day)}."],
        "marina": [f"You're on pontoon C, berth {rng.randint(10, 60)}.", f"The season rate is {rng.choice([2800, 3400, 4150])} dollars."],
        "seafood": [f"The order went in on the {ordn(day)}, {rng.randint(2, 6)} kilos of prawns.", f"Delivery was {rng.choice([6, 8, 9])}.99 on top of {amt_s}."],
        "bank": [f"That's a charge of {amt_s} on the {ordn(day)}.", f"Your statement closes on the {ordn(rng.randint(1, 25))} every month."],
        "telecom": [f"You're on the {rng.choice([20, 35, 50])} gig plan at {rng.choice([15, 25, 39])} a month.", f"An engineer can come between {rng.randint(8, 11)} and {rng.randint(12, 14)} on Thursday."],
        "clinic": [f"We've got {hh}:{mm:02d} next Tuesday with Dr. Moss.", f"It's room {rng.randint(2, 30)} on level {rng.randint(1, 5)}."],
        "utility": [f"You used {rng.randint(300, 1200)} kilowatt hours against {rng.randint(200, 700)} last month.", f"The bill is {amt_s}, due on the {ordn(day)}."],
        "hotel": [f"That's {rng.randint(1, 5)} nights from the {ordn(day)} at {rng.choice([129, 189, 240])} a night.", f"Check-out is {rng.choice([11, 12])} o'clock, late check-out until {rng.choice([14, 15])}:00."],
        "carhire": [f"Pick-up is {hh}:{mm:02d} on the {ordn(day)} at the ferry terminal desk.", f"It's {rng.choice([39, 45, 62])} a day with {rng.choice([200, 300])} miles included."],
        "insurance": [f"The incident was on the {ordn(day)}, around {rng.randint(8, 11)} pm.", f"Your excess is {rng.choice([250, 500, 1000])}."],
        "courier": [f"It shows delivered at {hh}:{mm:02d}, parcel {rng.randint(1, 3)} of {rng.randint(3, 4)}.", f"The weight is {rng.randint(1, 20)}.{rng.randint(0, 9)} kilos."],
        "cruise": [f"Embarkation is from {rng.randint(11, 15)}:00 on the {ordn(day)}, {rng.randint(5, 10)} nights.", f"An ocean-view cabin is {rng.choice([1499, 1899, 2250])} per person."],
        "property": [f"C|I'm in flat {rng.randint(1, 20)}{rng.choice('ABCD')}, block {rng.randint(1, 6)}.", f"The service charge is {rng.choice([95, 120, 140])} a month."],
        "airline": [f"Flight PX{rng.randint(100, 999)}, landed at {hh}:{mm:02d} on the {ordn(day)}.", f"You've got {rng.randint(2, 3)} bags on the tag."],
    }
    mixed = dict(zh)
    mixed.update({
        "ferry": [f"{hh}点{mm:02d}那班还有 seat，一张{rng.choice([68, 120])}块。", f"你是{mon}月{day}号那班对吗？{rng.randint(2, 4)} 个 passengers。"],
        "bank": [f"这笔 transaction 是{mon}月{day}号的，{amt_s} 块。", f"Statement date 是每个月{rng.randint(1, 25)}号。"],
        "hotel": [f"{mon}月{day}号 check in，{rng.randint(1, 4)} 晚。", f"Deposit 是{rng.choice([500, 1000])}，check out 的时候会 release。"],
        "courier": [f"Tracking 显示{hh}点{mm:02d}已经 delivered 了。", f"Parcel 重{rng.randint(1, 20)}公斤。"],
    })
    pool = {"zh": zh, "en": en, "mixed": mixed}[lang]
    return rng.choice(pool.get(scene) or pool["bank"])


def harm_turn(ctx):
    """A line of harmless numbers, never the same template twice in one call."""
    used = ctx.__dict__.setdefault("harm_used", [])
    for _ in range(12):
        s = harmless_bits(ctx.rng, ctx.lang, ctx.scene)
        key = re.sub(r"\d+", "#", s)[:10]
        if key not in used:
            break
    used.append(key)
    if s.startswith("C|"):
        return ["C", [s[2:]]]
    return ["A", [s]]


OPEN = {
    "zh": ["您好，{org}，工号{badge}，很高兴为您服务。", "您好，这里是{org}，我是{aname}，请问有什么可以帮您？", "喂您好，{org}。", "{org}您好，请讲。",
           "您好，{org}客服{aname}为您服务。"],
    "en": ["Thank you for calling {org}, my name is {aname}, how can I help you today?", "{org}, {aname} speaking.", "Hi, you've reached {org}. This is {aname}.",
           "Good afternoon, {org} customer care, {aname} here."],
    "mixed": ["Hello 您好，{org}，我是{aname}。", "Hi 你好，{org} customer service，请问有什么可以帮到你？", "{org} 您好，this is {aname}，请讲。"],
}
CALLER_HELLO = {
    "zh": ["喂，你好。", "你好，我想问一下。", "喂？听得到吗？", "你好你好。", ""],
    "en": ["Hi there.", "Hello, yeah, hi.", "Hi, hopefully you can help.", ""],
    "mixed": ["Hi，你好。", "喂，hello？", "Hello 你好。", ""],
}
ASK = {  # generic requests
    "phone": {
        "zh": ["方便留个手机号吗？后面有进展我们打给您。", "您的联系电话是多少？", "麻烦报一下您预留的手机号码，我这边核实下身份。", "请问回访电话打哪个号码方便？",
               "麻烦留一个能联系到您的电话。", "您登记的手机号是哪个？"],
        "en": ["What's the best number to reach you on?", "Can I take a callback number in case we get cut off?",
               "Could you confirm the mobile number on the account for me?", "What's a good contact number for you?"],
        "mixed": ["你的 contact number 是多少？", "可以留一个 mobile 给我吗？我们 arrange 好之后 call 你。", "麻烦 confirm 一下 account 上面的手机号。"],
    },
    "id_number": {
        "zh": ["为了核实身份，请提供一下您的身份证号。", "麻烦说一下您的身份证号码。", "请报一下身份证号码。"],
        "en": ["For verification I'll need the resident ID number on the account.", "Can I have your ID number, the long one on the card?"],
        "mixed": ["要 verify 一下身份，你的身份证号码是多少？", "麻烦讲一下你的 ID number。"],
    },
    "bank_card": {
        "zh": ["您要绑定的银行卡卡号是多少？", "麻烦说一下卡号。"],
        "en": ["Could you read me the card number, please?", "I'll need the number across the front of the card."],
        "mixed": ["你的 card number 是多少？", "卡号麻烦讲一下。"],
    },
}
ASK_SCENE = {  # (scene, kind) -> requests with the scene's own reason
    ("ferry", "id_number"): {"zh": ["乘船需要实名，麻烦报一下乘客的身份证号码。", "改签要核对乘船人身份证号，您说一下。"],
                             "en": ["Ferries here are real-name, so I need the passenger's ID card number."], "mixed": ["坐船要 real-name，passenger 的 ID number 是？"]},
    ("ferry", "bank_card"): {"zh": ["退款原路退回，麻烦核对一下您付款用的银行卡号。"], "en": ["Which card would you like the refund to go back to? I'll need the long number."],
                             "mixed": ["Refund 要退去哪张卡？card number 麻烦讲一下。"]},
    ("clinic", "id_number"): {"zh": ["挂号要用身份证号，您说一下。", "体检要登记就诊人的身份证号。"], "en": ["To register the patient I need their resident ID number."],
                              "mixed": ["Book appointment 要用身份证号，你讲一下。"]},
    ("insurance", "id_number"): {"zh": ["理赔这边要登记被保险人的身份证号。"], "en": ["I need the policyholder's Chinese ID number to open the claim."],
                                 "mixed": ["开 claim 要被保险人的身份证号。"]},
    ("insurance", "bank_card"): {"zh": ["理赔款打到哪张卡？麻烦报一下卡号。"], "en": ["Which account should the payout go to? The card number is fine."],
                                 "mixed": ["理赔款要 transfer 去哪张卡？"]},
    ("telecom", "id_number"): {"zh": ["麻烦说一下机主的身份证号码，我这边做个验证。"], "en": ["I'll need the account holder's ID number to authorise the port."],
                               "mixed": ["Port out 要机主的身份证号码。"]},
    ("hotel", "id_number"): {"zh": ["入住人需要登记身份证号，您先报一下。"], "en": ["For the police registration I'll need the guest's ID number."], "mixed": ["Check in 要登记身份证号。"]},
    ("hotel", "bank_card"): {"zh": ["押金从哪张卡预授权？麻烦说一下卡号。"], "en": ["What card would you like to guarantee the booking with?"],
                             "mixed": ["Deposit 要用哪张卡 guarantee？"]},
    ("cruise", "id_number"): {"zh": ["登船要实名，国内游客报一下身份证号就行。"], "en": ["For the manifest I need each passenger's ID number."], "mixed": ["Manifest 要每位 passenger 的身份证号。"]},
    ("cruise", "bank_card"): {"zh": ["定金从哪张卡扣？麻烦说一下卡号。"], "en": ["And the card for the deposit?"], "mixed": ["Deposit 用哪张 card？"]},
    ("carhire", "id_number"): {"zh": ["租车要核验驾驶人身份证号。"], "en": ["I need the main driver's ID number for the agreement."], "mixed": ["Main driver 的 ID number 是？"]},
    ("carhire", "bank_card"): {"zh": ["押金从哪张卡扣？麻烦说一下卡号。"], "en": ["Which card will you leave the deposit on?"], "mixed": ["押金要 hold 在哪张卡？"]},
    ("bank", "id_number"): {"zh": ["为了核实身份，请提供开户人的身份证号。"], "en": ["Before I go on, can you confirm your ID number?"], "mixed": ["先 verify 一下，开户人的身份证号是？"]},
    ("bank", "bank_card"): {"zh": ["请报一下需要激活的卡号。", "是哪张卡？麻烦报一下卡号。"], "en": ["Which card is it? Read me the long number."],
                            "mixed": ["要 activate 的是哪张卡？卡号是？"]},
    ("utility", "bank_card"): {"zh": ["自动扣费需要登记扣款卡号。"], "en": ["What card would you like the direct debit to come from?"], "mixed": ["Auto-debit 要登记一张卡，卡号是？"]},
    ("marina", "bank_card"): {"zh": ["续租费用从哪张卡扣？"], "en": ["What card shall I put the renewal on?"], "mixed": ["Renewal 要 charge 哪张卡？"]},
    ("airline", "id_number"): {"zh": ["改签需要乘机人的身份证号。"], "en": ["I need the passenger's ID number the ticket was issued on."], "mixed": ["改 flight 要乘机人的身份证号。"]},
    ("airline", "bank_card"): {"zh": ["差价从哪张卡付？"], "en": ["And the card for the fare difference?"], "mixed": ["差价用哪张 card 付？"]},
    ("seafood", "bank_card"): {"zh": ["退款原路退回，麻烦核对一下您付款用的银行卡号。"], "en": ["I'll refund it to the card you paid with, what's the number?"],
                               "mixed": ["Refund 退回原来的卡，card number 是？"]},
    ("freight", "bank_card"): {"zh": ["滞箱费可以刷卡，您报一下卡号。"], "en": ["You can pay the demurrage by card, what's the number?"], "mixed": ["Demurrage 可以 card 付，number 是？"]},
    ("courier", "phone"): {"zh": ["收件人电话留哪个？", "快递员上门前打哪个电话？"], "en": ["What number should the driver call when he's outside?"],
                           "mixed": ["Driver 到了会打给你，number 留哪个？"]},
    ("seafood", "phone"): {"zh": ["收货人电话是多少？冷链到了要当面签收。"], "en": ["And a number for the driver? It needs signing for."], "mixed": ["收货人 phone 是？要当面 sign。"]},
    ("freight", "phone"): {"zh": ["提柜司机的手机号是多少？"], "en": ["What's the haulier's mobile so the gate can call him?"], "mixed": ["Driver 的 mobile 是多少？gate 那边要 call 他。"]},
    ("property", "phone"): {"zh": ["维修师傅过去之前打哪个电话？"], "en": ["What number should the plumber ring before he comes up?"], "mixed": ["师傅上去之前 call 哪个 number？"]},
}
LEAD = {
    "phone": {"zh": ["我的手机号是", "号码是", "你记一下啊，", "打这个：", "", "嗯，", "手机是", "就留", "我报一下，"],
              "en": ["Sure, it's ", "Yeah, it's ", "It's ", "Okay, so it's ", "My mobile is ", "Best one is ", "You can get me on "],
              "mixed": ["OK，我的 number 是 ", "Mobile 是 ", "打这个啦，", "我的手机是 ", "Sure，"]},
    "id_number": {"zh": ["身份证号是", "我念一下，", "号码是", "", "好的，", "身份证是"],
                  "en": ["Okay, it's ", "Sure. ", "It's ", "Right, here it is: ", "The ID is "],
                  "mixed": ["ID number 是 ", "OK 我读给你，", "身份证号码是 "]},
    "bank_card": {"zh": ["卡号是", "我念一下，", "是这张，", "", "工行那张，", "就用这张吧，"],
                  "en": ["Okay, the number is ", "Sure, it's ", "It's a Visa, ", "Right, ", "Card number's "],
                  "mixed": ["Card number 是 ", "OK，是 ", "用这张 Visa 啦，", "我的卡号是 "]},
}
TAIL = {"zh": ["。", "。", "。", "，您记一下。", "。"], "en": [".", ".", ".", ", got that?", "."], "mixed": ["。", "。", "，OK？", "。"]}
PHONE_TAIL = {"zh": ["，这个微信同号。", "，白天都能打通。", "，打不通就发短信。"], "en": [", that's my personal one.", ", any time after ten."],
              "mixed": ["，WhatsApp 也是这个。", "，白天 call 都可以。"]}
ACK = {"zh": ["好的，已经记下了。", "好的，收到。", "嗯，好的。", "好，我这边登记一下。", "好的，稍等我录入一下。"],
       "en": ["Got it, thank you.", "Perfect, that's noted.", "Okay, thanks.", "Lovely, bear with me while I put that in.", "Great, one moment."],
       "mixed": ["OK 收到。", "好的 noted。", "OK，我 update 一下。", "好，稍等我 key in 一下。"]}
CLOSE = {
    "zh": [[("A", "还有其他可以帮您的吗？"), ("C", "没有了，谢谢。")], [("A", "好的，那就先这样，感谢来电。"), ("C", "好，拜拜。")],
           [("A", "处理好了会短信通知您，请保持电话畅通。"), ("C", "行，谢谢你啊。")], [("A", "稍后会有个满意度评价，麻烦您给个好评。")]],
    "en": [[("A", "Anything else I can help with today?"), ("C", "No, that's everything, thanks.")], [("A", "You'll get a text once it's sorted."), ("C", "Brilliant, cheers.")],
           [("A", "Thanks for your patience, have a good evening."), ("C", "You too, bye.")]],
    "mixed": [[("A", "还有其他 questions 吗？"), ("C", "没有了，thank you。")], [("A", "OK，搞定之后会 SMS 通知你。"), ("C", "好，thanks，拜拜。")]],
}
BACKCHANNEL = {"zh": ["嗯。", "嗯嗯。", "对。", "好。", "嗯，您说。", "嗯，您慢慢说。", "好的，然后呢？", "嗯，还有呢？"],
               "en": ["Mm-hm.", "Yep.", "Okay.", "Go on.", "Uh-huh.", "Got that, and then?", "Right."],
               "mixed": ["嗯。", "OK。", "Yes，然后呢？", "嗯，go ahead。", "对。"]}
INTERRUPT_Q = {  # (agent question, caller answer or None)
    "zh": [("不好意思，您说慢一点。", None), ("刚才没听清，您接着说。", None), ("这是您本人的吗？", "对，我自己的。"),
           ("稍等啊，我这边系统有点卡……好了，您继续。", None), ("喂？还在吗？", "在的在的。")],
    "en": [("Sorry, could you slow down a touch?", "Sorry."), ("You broke up a bit there, carry on.", None), ("Is that your own number?", "Yeah, it's mine."),
           ("Hang on, my screen just froze... okay, go ahead.", None), ("Hello? Are you still there?", "Yes, sorry.")],
    "mixed": [("Sorry，你讲慢一点。", "OK OK。"), ("刚刚 line 不好，你继续。", None), ("是你本人的吗？", "对，我自己的。")],
}
ASIDES = {
    "zh": {"bank_card": ["等一下，我找一下卡。", "卡在包里，你等我一下啊。", "这个数字有点磨掉了，我看一下。", "我换个手拿。"],
           "id_number": ["我拿一下身份证。", "等等，我翻一下。", "身份证在我老公那，我看照片。", "等下，字有点小。"],
           "phone": ["等一下，这个号我不太记得，我看一下。", "我看下手机里存的。", "信号不太好，你听得到吗？"]},
    "en": {"bank_card": ["hold on, it's in my other wallet.", "sorry, the numbers are worn on this one.", "let me just grab my glasses.", "bear with me, wrong card."],
           "id_number": ["hang on, I've got a photo of it somewhere.", "sorry, let me find it.", "the print's tiny on these."],
           "phone": ["hold on, it's a new number, I don't know it by heart.", "let me check, it's saved on my other phone.", "sorry, my kid's shouting."]},
    "mixed": {"bank_card": ["等一下，我找一下 card。", "Hold on，卡在另一个 wallet。"], "id_number": ["等等，我 check 一下 photo。", "Sorry，我找一下身份证。"],
              "phone": ["等一下，新 number 我记不住。", "Hold on，我 check 一下。"]},
}
KIND_NAME = {"phone": {"zh": "电话", "en": "number", "mixed": "number"},
             "id_number": {"zh": "身份证号", "en": "ID number", "mixed": "ID number"},
             "bank_card": {"zh": "卡号", "en": "card number", "mixed": "card number"}}


# ============================================================================================
# Conversation builders
# ============================================================================================

KIND_W = {"phone": 0.38, "bank_card": 0.34, "id_number": 0.28}


class Ctx:
    def __init__(self, rng, lang, fmt, scene):
        self.rng, self.lang, self.fmt, self.scene = rng, lang, fmt, scene
        self.aname = rng.choice(EN_AGENTS if lang == "en" else ZH_AGENTS + EN_AGENTS[:4] if lang == "mixed" else ZH_AGENTS)
        self.cname = rng.choice(EN_CUSTS) if lang == "en" else rng.choice(ZH_SURNAMES) + rng.choice(["女士", "先生", "阿姨", "小姐"])
        self.org = rng.choice(SCENES[scene]["org"][lang])
        self.notes = []

    def pick(self, pool):
        return self.rng.choice(pool[self.lang] if isinstance(pool, dict) else pool)

    def style(self, kind, **kw):
        return choose_style(self.rng, self.lang, kind, self.fmt, **kw)

    def kind(self):
        ks = SCENES[self.scene]["kinds"]
        return wpick(self.rng, ks, [KIND_W[k] for k in ks])

    def num(self, kind, want_x=None):
        return new_num(self.rng, kind, self.lang, want_x)


def intro(ctx, p_open=0.7):
    rng = ctx.rng
    t = []
    if rng.random() < p_open:
        t.append(["A", [ctx.pick(OPEN).format(org=ctx.org, aname=ctx.aname, badge=rdigits(rng, 4))]])
        h = ctx.pick(CALLER_HELLO)
        why = ctx.pick(SCENES[ctx.scene]["why"])
        t.append(["C", [(h + " " if h and ctx.lang == "en" else h) + why]])
    elif rng.random() < 0.5:
        t.append(["C", [ctx.pick(SCENES[ctx.scene]["why"])]])
    return t


def outro(ctx, p_ack=0.7, p_harm=0.35, p_close=0.5):
    rng = ctx.rng
    t = []
    if rng.random() < p_ack:
        t.append(["A", [ctx.pick(ACK)]])
    if rng.random() < p_harm:
        t.append(harm_turn(ctx))
    if rng.random() < p_close:
        t += [[r, [s]] for r, s in ctx.pick(CLOSE)]
    return t


def ask(ctx, kind):
    own = ASK_SCENE.get((ctx.scene, kind))
    if own and ctx.rng.random() < 0.7:
        return ["A", [ctx.pick(own)]]
    return ["A", [ctx.pick(ASK[kind])]]


def lead(ctx, kind, num=None):
    s = ctx.pick(LEAD[kind])
    if kind == "phone" and num is not None and num.sub == "landline":
        for a, b in (("我的手机号是", "我家座机是"), ("手机是", "座机是"), ("My mobile is ", "My home number is "), ("Mobile 是 ", "座机是 "),
                     ("我的手机是 ", "Office 电话是 ")):
            s = s.replace(a, b)
    if kind == "bank_card" and num is not None:
        scheme = {"4": "Visa", "5": "Mastercard", "2": "Mastercard"}.get(num.digits[0], "UnionPay")
        s = s.replace("Visa", scheme)
        if scheme != "UnionPay":
            s = s.replace("工行那张", "那张" + scheme)
    return s


def tail(ctx, kind):
    if kind == "phone" and ctx.rng.random() < 0.25:
        return ctx.pick(PHONE_TAIL)
    return ctx.pick(TAIL)


def sp(ctx):
    """Space between an English word and a following item."""
    return " " if ctx.lang != "zh" else ""


# ---- plain ------------------------------------------------------------------------------------

def b_plain(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind)
    f = frag_of(rng, num, st, ctx.lang)
    t = intro(ctx)
    if rng.random() < 0.3:
        t.append(harm_turn(ctx))
    t.append(ask(ctx, kind))
    t.append(["C", [lead(ctx, kind, num), f, tail(ctx, kind)]])
    t += outro(ctx)
    ctx.notes.append(f"{kind}-{st['mode']}")
    return t


# ---- interruption ------------------------------------------------------------------------------

def b_interruption(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind)
    nparts = rng.choice([2, 2, 3, 3, 4]) if len(num.digits) > 11 else rng.choice([2, 2, 3])
    pieces = split_groups(rng, num, nparts)
    t = intro(ctx, 0.5)
    t.append(ask(ctx, kind))
    for pi, g in enumerate(pieces):
        last = pi == len(pieces) - 1
        f = frag_of(rng, num, st, ctx.lang, groups=g, cc=pi == 0)
        if pi == 0:
            items = [lead(ctx, kind, num), f]
            t.append(["C", items + [rng.choice(["", "……", "，"] if ctx.lang != "en" else ["", "...", ","])]])
        else:
            t.append(["C", [f, ctx.pick(TAIL) if last else ("……" if ctx.lang != "en" else "...") if rng.random() < 0.4 else ""]])
        if not last:
            r = rng.random()
            if r < 0.6:
                t.append(["A", [ctx.pick(BACKCHANNEL)]])
            elif r < 0.8:
                q, ans = ctx.pick(INTERRUPT_Q)
                if kind != "phone" and "number" in q and "own" in q:
                    q, ans = "You broke up a bit there, carry on.", None
                t.append(["A", [q]])
                if ans and rng.random() < 0.7:
                    t.append(["C", [ans]])
            else:
                # the agent repeats the piece so far as a question
                rb = frag_of(rng, num, ctx.style(kind, mode=st["mode"] if st["mode"] != "fw" else "ar"), ctx.lang, groups=g)
                if ctx.lang == "en":
                    t.append(["A", [rng.choice(["", "Sorry, "]), rb, rng.choice([", and then?", "... yep?", ", got it, go on."])]])
                else:
                    t.append(["A", [rb, rng.choice(["，然后呢？", "，嗯，后面呢？", "，好，继续。"])]])
                ctx.notes.append("echo")
    t += outro(ctx)
    ctx.notes.append(f"{kind}-{len(pieces)}pieces")
    return t


# ---- continuation -----------------------------------------------------------------------------

def b_continuation(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind)
    nparts = rng.choice([2, 3, 3]) if len(num.digits) > 11 else 2
    pieces = split_groups(rng, num, nparts)
    t = intro(ctx, 0.5)
    t.append(ask(ctx, kind))
    asides = list(ASIDES[ctx.lang][kind])
    rng.shuffle(asides)
    for pi, g in enumerate(pieces):
        f = frag_of(rng, num, st, ctx.lang, groups=g, cc=pi == 0)
        if pi == 0:
            t.append(["C", [lead(ctx, kind, num), f, rng.choice(["……", "，"] if ctx.lang != "en" else ["...", ","])]])
        else:
            t.append(["C", [f, ctx.pick(TAIL) if pi == len(pieces) - 1 else ("，" if ctx.lang != "en" else ",")]])
        if pi < len(pieces) - 1:
            a = asides[pi % len(asides)]
            if ctx.lang == "en":
                a = a[0].upper() + a[1:]
            t.append(["C", [a]])
            if rng.random() < 0.3:
                t.append(["C", [rng.choice(["好，找到了。", "好了。", "嗯，接着说啊。"] if ctx.lang != "en" else ["Right, got it.", "Okay, here we go.", "Where was I."])]])
    t += outro(ctx)
    ctx.notes.append(f"{kind}-{len(pieces)}pieces")
    return t


# ---- correction -------------------------------------------------------------------------------

RESTART = {"zh": ["，不对不对，", "……啊说错了，", "，哦不是，重新说，", "，等一下，不对，是", "——不好意思，"],
           "en": [", no wait, sorry, ", "... sorry, scratch that, ", " - hang on, that's wrong, it's ", ", no, sorry, let me start again, "],
           "mixed": ["，不对不对，", "... sorry 讲错了，", "，wait wait，是 ", "，哦不是，"]}


def mutate_digit(rng, s, pos=None):
    i = rng.randrange(len(s)) if pos is None else pos
    while s[i] in "Xx":
        i = rng.randrange(len(s))
    c = rng.choice([d for d in "0123456789" if d != s[i]])
    return s[:i] + c + s[i + 1:]


def b_correction(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind)
    t = intro(ctx, 0.5)
    t.append(ask(ctx, kind))
    r = rng.random()
    if r < 0.35:
        # abandoned prefix, restart in the same breath
        k = rng.randint(1, max(1, len(num.groups) - 1))
        pre = num.groups[:k]
        if len(num.groups) == 1:
            pre = [num.digits[:rng.randint(3, 6)]]
        if rng.random() < 0.5:
            pre = pre[:-1] + [mutate_digit(rng, pre[-1])]
        bad = Frag(spell(pre, st, rng, lang=ctx.lang), kind, False)
        t.append(["C", [lead(ctx, kind, num), bad, ctx.pick(RESTART), frag_of(rng, num, st, ctx.lang), ctx.pick(TAIL)]])
        ctx.notes.append("restart")
    elif r < 0.6:
        # whole number with a wrong digit, then the corrected tail group
        if len(num.groups) < 3:
            num.regroup([3, 4, 4] if len(num.digits) == 11 else [6, 8, 4] if kind == "id_number" else [4] * (len(num.digits) // 4)
                        if kind == "bank_card" else [len(num.digits) - 4, 4])
        wrong = list(num.groups)
        gi = len(wrong) - 1 if rng.random() < 0.6 else rng.randrange(len(wrong))
        wrong[gi] = mutate_digit(rng, wrong[gi])
        wf = Frag(spell(wrong, st, rng, cc=num.cc, ccform=num.ccform, lang=ctx.lang), kind,
                  kind == "phone" and wrong[-1][-1] == num.digits[-1])
        fix_groups = [num.groups[gi]]
        fix = frag_of(rng, num, st, ctx.lang, groups=fix_groups) if gi == len(wrong) - 1 else \
            Frag(spell(fix_groups, st, rng, lang=ctx.lang), kind, False)
        where = "last" if gi == len(wrong) - 1 else "first" if gi == 0 else "middle"
        if ctx.lang == "en":
            fixer = rng.choice({"last": ["... no, sorry, the last bit's ", " - actually no, it's ", ". Oh hang on, that should end "],
                                "first": [" - no, sorry, it starts ", "... wait, the first part's "],
                                "middle": [". Sorry, the middle part is ", " - no, that middle group is "]}[where])
        else:
            fixer = rng.choice({"last": ["，啊不对，最后是", "……哦错了，后面是", "，不好意思，最后几位是"],
                                "first": ["，不对，前面是", "……等下，开头是"],
                                "middle": ["，不对，中间是", "……等下，中间那段是"]}[where])
        t.append(["C", [lead(ctx, kind, num), wf, fixer, fix, ctx.pick(TAIL)]])
        ctx.notes.append("wrong-digit")
    elif r < 0.8:
        # gave an old/other number entirely, then the right one on a later line
        old = ctx.num(kind)
        t.append(["C", [lead(ctx, kind, old), frag_of(rng, old, st, ctx.lang), ctx.pick(TAIL)]])
        if rng.random() < 0.5:
            t.append(["A", [ctx.pick(ACK)]])
        say = rng.choice({
            ("en", "phone"): ["Oh no, sorry, that's my old number. It's ", "Sorry, that's my husband's. Mine is ", "Actually, that's the landline, use my mobile: "],
            ("en", "bank_card"): ["Wait, that card's expired. Use this one: ", "Sorry, that's the joint account card, use my own: "],
            ("en", "id_number"): ["Sorry, that's my wife's, I've got both cards here. Mine is ", "Hang on, I read you my son's. Mine is "],
            ("zh", "phone"): ["哎不对，那个是我以前的号，现在用的是", "不好意思，刚才那个是我老公的，我的是"],
            ("zh", "bank_card"): ["等下，那张卡过期了，用这张：", "哎，那张是信用卡，退到储蓄卡吧，卡号是"],
            ("zh", "id_number"): ["不好意思，刚才念的是我女儿的，我的是", "哎不对，那是我爱人的身份证，我的是"],
            ("mixed", "phone"): ["Sorry 那个是旧的 number，新的是 ", "不对，that one 是我老婆的，我的是 "],
            ("mixed", "bank_card"): ["Wait，那张 expire 了，用这张：", "Sorry，那张是 credit card，用 debit card 吧："],
            ("mixed", "id_number"): ["Sorry，那个是我老公的 ID，我的是 ", "不对不对，that's my son's，我的是 "],
        }[(ctx.lang, kind)])
        t.append(["C", [say, frag_of(rng, num, st, ctx.lang), ctx.pick(TAIL)]])
        ctx.notes.append("replaced")
    else:
        # restart over lines
        k = rng.randint(1, max(1, len(num.groups) - 1))
        pre = num.groups[:k] if len(num.groups) > 1 else [num.digits[:4]]
        t.append(["C", [lead(ctx, kind, num), Frag(spell(pre, st, rng, lang=ctx.lang), kind, False), "……" if ctx.lang != "en" else "..."]])
        if rng.random() < 0.5:
            t.append(["A", [ctx.pick(BACKCHANNEL)]])
        t.append(["C", [rng.choice(["算了我从头说吧。", "不对，我重新报一遍。", "啊乱了，重来。"] if ctx.lang != "en" else
                                   ["Actually let me start over.", "Sorry, I lost my place, from the top."])]])
        t.append(["C", [frag_of(rng, num, st, ctx.lang), ctx.pick(TAIL)]])
        ctx.notes.append("restart-lines")
    t += outro(ctx)
    return t


# ---- filler -----------------------------------------------------------------------------------

def b_filler(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    if len(num.groups) < 3:
        if kind == "phone" and len(num.digits) == 11:
            num.regroup([3, 4, 4])
        elif kind == "id_number":
            num.regroup([6, 4, 4, 4])
        elif kind == "bank_card":
            num.regroup([4] * (len(num.digits) // 4))
    mode = None
    st = ctx.style(kind, mode=mode, fill=rng.choice([0.5, 0.7, 1.0]), fill_in=rng.choice([0, 0.3, 0.6]))
    f = frag_of(rng, num, st, ctx.lang)
    if not any(a[0] == "f" for a in f.atoms):
        st["fill"] = 1.0
        f = frag_of(rng, num, st, ctx.lang)
    t = intro(ctx, 0.6)
    t.append(ask(ctx, kind))
    t.append(["C", [lead(ctx, kind, num), f, tail(ctx, kind)]])
    t += outro(ctx)
    ctx.notes.append(f"{kind}-{st['mode']}")
    return t


# ---- asr-chunks -------------------------------------------------------------------------------

def b_asr_chunks(ctx):
    rng = ctx.rng
    kind = ctx.kind()
    num = ctx.num(kind)
    lang = ctx.lang
    variant = rng.choice(["itn", "mixnum", "split", "yao", "dbl", "split"])
    if variant == "split" and not (ctx.fmt == "vtt" or ctx.whisper):
        variant = rng.choice(["itn", "mixnum", "yao", "dbl"])
    if variant == "dbl" and lang == "zh":
        variant = "cnrep"
    if variant == "itn":
        # inverse text normalisation: uneven digit groups over tokens
        d = num.digits
        sizes = []
        left = len(d)
        while left:
            s = min(left, rng.choice([2, 3, 3, 4, 4, 5]))
            sizes.append(s)
            left -= s
        groups = split_by(d, sizes)
        st = ctx.style(kind, mode="ar", gsep=" ")
        f = Frag(spell(groups, st, rng, cc=num.cc, lang=lang), kind, kind == "phone")
    elif variant == "mixnum":
        # Chinese numerals (or spelled words) and Arabic chunks in one number
        g = num.groups if len(num.groups) > 2 else split_by(num.digits, [3, 4, 4] if kind == "phone" else [4, 4, 4, 4, 4])
        st = ctx.style(kind, mode="ar", gsep=" ", yao=kind == "phone" and rng.random() < 0.7, oh=True, dbl=False, cnsplit=False)
        other = "en" if lang == "en" or (lang == "mixed" and rng.random() < 0.4) else "cn"
        modes = [("ar" if rng.random() < 0.5 else other) for _ in g]
        if len(set(modes)) == 1:
            modes[rng.randrange(len(modes))] = "ar" if modes[0] != "ar" else other
        atoms = []
        for gi, (gg, m) in enumerate(zip(g, modes)):
            if gi:
                atoms.append(("s", " " if rng.random() < 0.8 or m == "en" or lang == "en" else ""))
            atoms += group_atoms(gg, m, st, rng)
        f = Frag(atoms, kind, kind == "phone")
    elif variant == "yao":
        st = ctx.style(kind, mode="cn" if lang != "en" else "en", yao=True, liang=True, gsep=rng.choice(["", " "]), oh=True)
        f = frag_of(rng, num, st, lang)
    elif variant in ("dbl", "cnrep"):
        st = ctx.style(kind, mode="en" if variant == "dbl" else "cn", dbl=True, cnrep=True, gsep=" ")
        f = frag_of(rng, num, st, lang)
    else:
        st = ctx.style(kind, mode="ar" if rng.random() < 0.6 else None, gsep=" ")
        if st["mode"] == "fw":
            st["mode"] = "ar"
        g = num.groups if len(num.groups) > 1 else split_by(num.digits, [3, 4, 4] if kind == "phone" else [6, 8, 4] if kind == "id_number" else [4, 4, 4, 4, 4])
        atoms = spell(g, st, rng, cc=num.cc, lang=lang)
        # a segment boundary after one of the inner separators
        seps = [i for i, a in enumerate(atoms) if a[0] == "s" and any(b[0] == "d" for b in atoms[:i]) and any(b[0] == "d" for b in atoms[i:])]
        i = rng.choice(seps)
        atoms = atoms[:i] + [BRK] + atoms[i + 1:]
        f = Frag(atoms, kind, kind == "phone")
    t = intro(ctx, 0.4)
    t.append(ask(ctx, kind))
    t.append(["C", [lead(ctx, kind, num), f, tail(ctx, kind) if rng.random() < 0.6 else ""]])
    t += outro(ctx, p_close=0.3)
    ctx.notes.append(f"{kind}-{variant}")
    return t


# ---- readback ---------------------------------------------------------------------------------

CONFUSE = {"zh": {"1": "7", "7": "1", "4": "0", "0": "4", "6": "9", "9": "6"},
           "en": {"5": "9", "9": "5", "3": "8", "8": "3", "6": "0", "0": "6"}}


def confusable(rng, g, lang):
    """A mishearing of digit group g: two neighbours swapped, or one digit heard as a similar one."""
    body = g[:-1] if g[-1] in "Xx" else g
    swaps = [i for i in range(len(body) - 1) if body[i] != body[i + 1]]
    table = CONFUSE["zh" if lang == "zh" else "en"]
    subs = [i for i, c in enumerate(body) if c in table]
    if swaps and (rng.random() < 0.5 or not subs):
        i = rng.choice(swaps)
        alt = body[:i] + body[i + 1] + body[i] + body[i + 2:]
    elif subs:
        i = rng.choice(subs)
        alt = body[:i] + table[body[i]] + body[i + 1:]
    else:
        alt = mutate_digit(rng, body)
    return alt + g[len(body):]


def b_readback(ctx):
    rng = ctx.rng
    lang = ctx.lang
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind)
    t = intro(ctx, 0.5)
    t.append(ask(ctx, kind))
    t.append(["C", [lead(ctx, kind, num), frag_of(rng, num, st, lang), tail(ctx, kind)]])
    st2 = ctx.style(kind)
    r = rng.random()
    kn = KIND_NAME[kind][lang]
    if r < 0.3:
        # full read-back, confirmed
        pre = rng.choice(["好的，我跟您核对一下，", "我重复一遍：", "好，是"]) if lang == "zh" else \
            rng.choice(["Let me read that back: ", "So that's ", "Just to confirm, "]) if lang == "en" else rng.choice(["OK，我 repeat 一次：", "Confirm 一下，"])
        t.append(["A", [pre, frag_of(rng, num, st2, lang), rng.choice(["，对吗？", "，没错吧？"] if lang != "en" else ["?", ", is that right?"])]])
        t.append(["C", [rng.choice(["对。", "对的。", "没错。"] if lang != "en" else ["That's right.", "Yep.", "Correct."])]])
        ctx.notes.append("full")
    elif r < 0.55:
        # partial read-back (last digits)
        k = 4 if rng.random() < 0.8 else rng.choice([3, 5, 6])
        tailg = [num.digits[-k:]]
        if lang == "zh":
            pre = rng.choice([f"{kn}尾号", f"尾号是", f"后{'四' if k == 4 else '几'}位是"])
        elif lang == "en":
            pre = rng.choice(["Ending ", "So the last four are ", "That's the one ending in "])
        else:
            pre = rng.choice(["Last four 是 ", "尾号 ", "ending "])
        t.append(["A", [pre, frag_of(rng, num, st2, lang, groups=tailg), rng.choice(["，对吧？", "的这个？", "，没错吧？"] if lang != "en" else [", right?", "?", ", yes?"])]])
        t.append(["C", [rng.choice(["对。", "是的。", "嗯对。"] if lang != "en" else ["Yes.", "That's it.", "Yep."])]])
        ctx.notes.append(f"last{k}")
    elif r < 0.8:
        # misheard digit, corrected by the caller
        wrong_digits = num.digits
        pos = rng.randrange(len(num.digits) - (1 if num.digits[-1] in "Xx" else 0))
        wrong_digits = mutate_digit(rng, num.digits, pos)
        wn = Num(kind, wrong_digits, split_by(wrong_digits, [len(g) for g in num.groups]), cc=num.cc, ccform=num.ccform)
        last4 = kind == "phone" and wrong_digits[-1] == num.digits[-1]
        t.append(["A", [rng.choice(["我核对一下，", "好，", "您看对不对，"] if lang != "en" else ["Okay, so ", "Reading back: "]), Frag(spell(wn.groups, st2, rng, cc=num.cc, ccform=num.ccform, lang=lang), kind, last4),
                        rng.choice(["？", "，对吗？"] if lang != "en" else ["?", ", correct?"])]])
        # which group holds the wrong digit
        acc, gi = 0, 0
        for gi, g in enumerate(num.groups):
            if pos < acc + len(g):
                break
            acc += len(g)
        fixg = [num.groups[gi]]
        fixf = frag_of(rng, num, st, lang, groups=fixg) if gi == len(num.groups) - 1 else Frag(spell(fixg, st, rng, lang=lang), kind, False)
        if lang == "en":
            t.append(["C", [rng.choice(["No, ", "Not quite, ", "Nope, "]), fixf, rng.choice([", not ", " — "]), Frag(spell([wn.groups[gi]], st2, rng, lang=lang), kind,
                                                                                                              kind == "phone" and gi == len(num.groups) - 1 and wn.groups[gi][-1] == num.digits[-1]), "."]])
        elif lang == "zh":
            t.append(["C", [rng.choice(["不对，是", "不是，那段是", "错了，是"]), fixf, rng.choice(["。", "，不是", "。"])]])
            if t[-1][1][-1] == "，不是":
                t[-1][1] += [Frag(spell([wn.groups[gi]], st2, rng, lang=lang), kind, kind == "phone" and gi == len(num.groups) - 1 and wn.groups[gi][-1] == num.digits[-1]), "。"]
        else:
            t.append(["C", [rng.choice(["No no，是 ", "不对，是 "]), fixf, "。"]])
        t.append(["A", [rng.choice(["好的，抱歉，已经改过来了。", "明白，改好了。"] if lang != "en" else ["Sorry about that, corrected.", "Got it, fixed."])]])
        ctx.notes.append("misheard")
    else:
        # two candidates for a group
        gi = len(num.groups) - 1 if len(num.groups) == 1 or rng.random() < 0.7 else rng.randrange(1, len(num.groups))
        g = num.groups[gi]
        if len(g) > 6:
            g = g[-4:]
        is_tail = gi == len(num.groups) - 1
        alt = confusable(rng, g, lang)
        cands = [g, alt]
        rng.shuffle(cands)
        fa = Frag(spell([cands[0]], st2, rng, lang=lang), kind, kind == "phone" and is_tail and cands[0][-1] == num.digits[-1])
        fb = Frag(spell([cands[1]], st2, rng, lang=lang), kind, kind == "phone" and is_tail and cands[1][-1] == num.digits[-1])
        if lang == "zh":
            t.append(["A", [rng.choice(["不好意思，是", "那一段是", "刚才是"]), fa, "还是", fb, "？"]])
            t.append(["C", [Frag(spell([g], st, rng, lang=lang), kind, kind == "phone" and is_tail), rng.choice(["。", "，对。", "。"])]])
        elif lang == "en":
            t.append(["A", [rng.choice(["Sorry, was that ", "Was it ", "Did you say "]), fa, " or ", fb, "?"]])
            t.append(["C", [Frag(spell([g], st, rng, lang=lang), kind, kind == "phone" and is_tail), rng.choice([".", ", yeah.", "."])]])
        else:
            t.append(["A", [rng.choice(["Sorry，是 ", "那段是 "]), fa, rng.choice([" 还是 ", " or "]), fb, "？"]])
            t.append(["C", [Frag(spell([g], st, rng, lang=lang), kind, kind == "phone" and is_tail), "。"]])
        ctx.notes.append("candidates")
    t += outro(ctx, p_ack=0.4)
    return t


# ---- check character apart --------------------------------------------------------------------

def b_check_char(ctx):
    rng = ctx.rng
    lang = ctx.lang
    num = ctx.num("id_number", want_x=True)
    st = ctx.style("id_number")
    body = num.digits[:17]
    groups = split_by(body, rng.choice([[6, 8, 3], [6, 11], [17], [6, 4, 4, 3], [3, 3, 4, 4, 3]]))
    xs = rng.choice(["X", "X", "x", "叉", "Ｘ"] if lang != "en" else ["X", "X", "x"])
    if ctx.fmt != "text" and xs == "Ｘ":
        xs = "X"
    body_f = Frag(spell(groups, st, rng, lang=lang), "id_number", False)
    xf = Frag([("d", xs)], "id_number", False)
    t = intro(ctx, 0.5)
    t.append(ask(ctx, "id_number"))
    r = rng.random()
    if r < 0.4:
        # agent asks for the last character
        t.append(["C", [lead(ctx, "id_number"), body_f, "……" if lang != "en" else "..."]])
        t.append(["A", [rng.choice(["最后一位呢？", "还差一位。", "嗯，最后那个是？"] if lang == "zh" else ["And the last character?", "That's seventeen, there's one more.", "And the final one?"]
                                   if lang == "en" else ["最后一个呢？", "还有一个 character 呢？"])]])
        if lang == "en":
            t.append(["C", [rng.choice(["Oh, it's an ", "It's a letter, ", "Capital "]), xf, "."]])
        else:
            t.append(["C", [rng.choice(["是", "最后是个", "字母", ""]), xf, rng.choice(["。", "，大写的。", "。"])]])
        ctx.notes.append("asked")
    elif r < 0.7:
        # same line, after a pause
        if lang == "en":
            mid = rng.choice([", and then it ends with an ", "... and then there's an ", ", then the letter "])
        elif lang == "zh":
            mid = rng.choice(["，最后是个", "……然后是字母", "，结尾是"])
        else:
            mid = rng.choice(["，最后是 letter ", "，然后 ending 是 "])
        t.append(["C", [lead(ctx, "id_number"), body_f, mid, xf, "。" if lang != "en" else "."]])
        ctx.notes.append("same-line")
    else:
        # interrupted: agent back-channel, then the X on its own line
        t.append(["C", [lead(ctx, "id_number"), body_f]])
        t.append(["A", [ctx.pick(BACKCHANNEL)]])
        t.append(["C", [xf, rng.choice(["。", "，大写的。", "。"] if lang != "en" else [".", ", capital X. That's it."])]])
        if lang == "en" and t[-1][1][-1].startswith(", capital X"):
            t[-1][1] = [Frag([("d", xs), ("s", ", capital "), ("d", "X")], "id_number", False), ". That's it."]
        ctx.notes.append("own-line")
    if rng.random() < 0.35:
        # read-back of the whole ID ending in its check character
        t.append(["A", [rng.choice(["我核对一下：", "好，"] if lang != "en" else ["So that's "]), frag_of(rng, num, ctx.style("id_number"), lang), "？" if lang != "en" else "?"]])
        t.append(["C", [rng.choice(["对。", "没错。"] if lang != "en" else ["Yes.", "Correct."])]])
    t += outro(ctx, p_ack=0.5)
    return t


# ---- glued words -------------------------------------------------------------------------------

def b_glued(ctx):
    rng = ctx.rng
    lang = ctx.lang
    kind = ctx.kind()
    num = ctx.num(kind)
    st = ctx.style(kind, mode="en", glue=rng.choice([0.25, 0.4, 0.55]), dbl=rng.random() < 0.3)
    f = frag_of(rng, num, st, lang)
    tries = 0
    while not any(a[0] == "d" and a[1].lower() not in EN_D + ["oh", "x"] for a in f.atoms) and tries < 20:
        f = frag_of(rng, num, st, lang)
        tries += 1
    t = intro(ctx, 0.5)
    t.append(ask(ctx, kind))
    t.append(["C", [lead(ctx, kind, num), f, tail(ctx, kind)]])
    if rng.random() < 0.3:
        # the read-back is glued too
        t.append(["A", [rng.choice(["So ", "That's "]) if lang == "en" else "OK，", frag_of(rng, num, dict(st, glue=0.3), lang), "?" if lang == "en" else "？"]])
        t.append(["C", ["Yes." if lang == "en" else "对。"]])
    t += outro(ctx)
    ctx.notes.append(f"{kind}")
    return t


# ---- multi-number ------------------------------------------------------------------------------

def b_multi(ctx):
    rng = ctx.rng
    lang = ctx.lang
    ks = SCENES[ctx.scene]["kinds"]
    z, e = lang == "zh", lang == "en"
    combos = []
    if "phone" in ks:
        combos += ["phone+phone", "phone+hotline"]
    if "id_number" in ks:
        combos += ["id+phone"]
    if "bank_card" in ks:
        combos += ["card+phone"]
    if "id_number" in ks and "bank_card" in ks:
        combos += ["id+card", "id+card+phone"]
    combo = rng.choice(combos)
    ctx.notes.append(combo)
    t = intro(ctx, 0.5)
    if combo == "phone+phone":
        a, b = ctx.num("phone"), ctx.num("phone")
        sa, sb = ctx.style("phone"), ctx.style("phone")
        if z:
            t.append(["A", ["麻烦留一个您的电话，再留一个紧急联系人的。"]])
            t.append(["C", ["我的是", frag_of(rng, a, sa, lang), "，紧急联系人是我爱人，", frag_of(rng, b, sb, lang), "。"]])
        elif e:
            t.append(["A", ["Can I take a contact number, and a second one just in case?"]])
            t.append(["C", ["Mine's ", frag_of(rng, a, sa, lang), ", and my wife's is ", frag_of(rng, b, sb, lang), "."]])
        else:
            t.append(["A", ["留一个你的 number，再留一个 emergency contact。"]])
            t.append(["C", ["我的是 ", frag_of(rng, a, sa, lang), "，emergency contact 是我老公，", frag_of(rng, b, sb, lang), "。"]])
    elif combo == "phone+hotline":
        a = ctx.num("phone")
        hot = f"400-{rdigits(rng, 3)}-{rdigits(rng, 4)}" if rng.random() < 0.6 else rng.choice(["95588", "10086", "12345"])
        t.append(ask(ctx, "phone"))
        if z:
            t.append(["C", [f"我打你们{hot}一直占线，才打到这边的。回电打我手机", frag_of(rng, a, ctx.style("phone"), lang), "。"]])
        elif e:
            t.append(["C", [f"I tried {hot} all morning and it just rang out. Call me back on ", frag_of(rng, a, ctx.style("phone"), lang), "."]])
        else:
            t.append(["C", [f"我打你们 {hot} 一直 busy，你 call back 我 ", frag_of(rng, a, ctx.style("phone"), lang), " 啦。"]])
    elif combo == "id+phone":
        a, b = ctx.num("id_number"), ctx.num("phone")
        sa, sb = ctx.style("id_number"), ctx.style("phone")
        t.append(ask(ctx, "id_number"))
        if z:
            t.append(["C", ["身份证", frag_of(rng, a, sa, lang), "，手机号", frag_of(rng, b, sb, lang), "，" + rng.choice(["其他的你们系统里都有。", "就这两个吧。"])]])
        elif e:
            t.append(["C", ["ID is ", frag_of(rng, a, sa, lang), ", and the phone on file is ", frag_of(rng, b, sb, lang), "."]])
        else:
            t.append(["C", ["身份证 ", frag_of(rng, a, sa, lang), "，phone 是 ", frag_of(rng, b, sb, lang), "。"]])
    elif combo in ("id+card", "id+card+phone"):
        a, b = ctx.num("id_number"), ctx.num("bank_card")
        t.append(ask(ctx, "id_number"))
        t.append(["C", [lead(ctx, "id_number"), frag_of(rng, a, ctx.style("id_number"), lang), ctx.pick(TAIL)]])
        t.append(["A", [rng.choice(["好的，验证通过。退款退到哪张卡？", "收到。那您报一下要退款的卡号。"] if z else ["Thanks, that matches. And the card for the refund?"] if e
                                   else ["OK verify 好了。Refund 去哪张卡？"])]])
        t.append(["C", [lead(ctx, "bank_card", b), frag_of(rng, b, ctx.style("bank_card"), lang), ctx.pick(TAIL)]])
        if combo == "id+card+phone":
            c = ctx.num("phone")
            t.append(["A", [rng.choice(["到账了会短信通知，手机号还是尾号", "短信发到哪个号码？"]) if z else "And we'll text you when it lands, which number?" if e else "到账会 SMS 你，number 是？"]])
            if t[-1][1][0].endswith("尾号"):
                t[-1][1] = ["到账了会短信通知，手机号还是尾号", frag_of(rng, c, ctx.style("phone"), lang, groups=[c.digits[-4:]]), "的吗？"]
                t.append(["C", ["对，就是这个。"]])
            else:
                t.append(["C", [frag_of(rng, c, ctx.style("phone"), lang), ctx.pick(TAIL)]])
    else:  # card+phone
        a, b = ctx.num("bank_card"), ctx.num("phone")
        t.append(ask(ctx, "bank_card"))
        t.append(["C", [lead(ctx, "bank_card", a), frag_of(rng, a, ctx.style("bank_card"), lang), ctx.pick(TAIL)]])
        t.append(["A", [rng.choice(["好的。银行预留手机号是多少？", "收到，这张卡绑定的手机号呢？"] if z else ["Thanks. And the mobile registered with the bank?"]
                                   if e else ["OK，bank 那边的 registered mobile 是？"])]])
        t.append(["C", [frag_of(rng, b, ctx.style("phone"), lang), ctx.pick(TAIL)]])
    # harmless numbers right beside
    for _ in range(rng.choice([1, 1, 2])):
        t.append(harm_turn(ctx))
    t += outro(ctx, p_harm=0.2)
    return t


# ---- negatives ---------------------------------------------------------------------------------

SCENE_NEG = {
    "ferry": ["order", "otp", "counts", "hotline", "counts"], "freight": ["container", "invoice", "plate", "container"],
    "marina": ["meter", "invoice", "meter"], "seafood": ["order", "tracking", "postcode", "hotline"],
    "bank": ["otp", "hotline", "otp"], "telecom": ["imei", "invalid", "otp", "hotline"], "clinic": ["otp", "counts"],
    "utility": ["meter", "invalid", "postcode", "meter"], "hotel": ["counts", "otp", "postcode", "order"],
    "carhire": ["plate", "flight", "otp"], "insurance": ["invalid", "plate", "invoice"], "courier": ["tracking", "postcode", "otp", "tracking"],
    "cruise": ["counts", "order", "otp"], "property": ["meter", "plate", "postcode"], "airline": ["flight", "tracking", "counts"],
}


def neg_lines(ctx):
    """A call holding only harmless numbers (one of many kinds)."""
    rng = ctx.rng
    lang = ctx.lang
    hh, mm = rng.randint(8, 21), rng.choice([0, 5, 15, 20, 30, 45])
    mon, day = rng.randint(1, 12), rng.randint(1, 28)
    nk = rng.choice(SCENE_NEG[ctx.scene] + ["amount", "datetime", "ticket", "extension", "notgiven", "example"])
    while nk in ctx.notes:
        nk = rng.choice(SCENE_NEG[ctx.scene] + ["amount", "datetime", "ticket", "notgiven"])
    ctx.notes.append(nk)
    t = []
    z, e = lang == "zh", lang == "en"
    sc = ctx.scene
    four = f"400-{rdigits(rng, 3)}-{rdigits(rng, 4)}" if rng.random() < 0.6 else f"400 {rdigits(rng, 3)} {rdigits(rng, 4)}"
    if nk == "order":
        o = bad_long(rng, rng.choice([16, 18, 19]), first=rng.choice(["2", "3", "4"]))
        if z:
            t += rng.choice([
                [["A", ["请问您的订单号是多少？"]], ["C", [f"订单号是{o}，{mon}月{day}号下的单。"]], ["A", [f"好的，查到了，金额{rng.randint(60, 900)}元。"]]],
                [["C", [f"我在小程序上下的单，订单编号{o[:4]} {o[4:10]} {o[10:]}。"]], ["A", ["稍等，我这边查一下……看到了，目前是待发货状态。"]]],
            ])
        elif e:
            t += [["A", ["Have you got the order number there?"]], ["C", [f"Yeah, it's {o[:6]} {o[6:12]} {o[12:]}."]], ["A", [f"Found it, placed on the {ordn(day)}."]]]
        else:
            t += [["A", ["你的 order number 是多少？"]], ["C", [f"Order number 是 {o}。"]], ["A", [f"OK，找到了，{mon}月{day}号的 order。"]]]
    elif nk == "tracking":
        if sc == "airline":
            tag = rng.choice(["MU", "CZ", "HO"]) + rdigits(rng, 6)
            if z:
                t += [["A", ["您行李牌上的号码是多少？"]], ["C", [f"{tag}，一共{rng.randint(1, 3)}件。"]], ["A", [f"找到了，在{rng.randint(1, 12)}号转盘那边的失物处。"]]]
            else:
                t += [["A", ["What's the number on your bag tag?" if e else "你的 bag tag 号码是？"]], ["C", [f"{tag}."]], ["A", ["It's been located, we'll courier it to you." if e else "找到了，我们会 deliver 给你。"]]]
        else:
            tr = rng.choice(["SF", "YT", "JT", "ZTO"]) + bad_long(rng, 13 if rng.random() < 0.5 else 12)
            if z:
                t += rng.choice([[["C", [f"快递单号{tr}，显示已签收，我没收到。"]], ["A", [f"我看一下，显示{hh}点{mm:02d}放在{rng.randint(1, 9)}号快递柜了。"]]],
                                 [["A", ["麻烦报一下运单号。"]], ["C", [f"{tr[:2]}开头的，{tr[2:]}。"]], ["A", ["好的，件还在中转场。"]]]])
            elif e:
                t += [["C", [f"The tracking number is {tr}."]], ["A", [f"It says left in locker {rng.randint(1, 40)} at {hh}:{mm:02d}."]]]
            else:
                t += [["C", [f"Tracking number 是 {tr}，显示 delivered 了。"]], ["A", [f"系统显示放在{rng.randint(1, 9)}号柜子。"]]]
    elif nk == "ticket":
        tk = f"{rng.choice(['GD', 'WO', 'CS', 'INC'])}{2023 + rng.randint(0, 2)}{mon:02d}{day:02d}-{rdigits(rng, 4)}"
        if z:
            t += [["A", [f"已经给您建了工单，工单号{tk}，{rng.choice([24, 48, 72])}小时内会有人联系您。"]], ["C", ["好，那我等你们电话。"]]]
        elif e:
            t += [["A", [f"I've raised a case for you, the reference is {tk}."]], ["C", ["Sorry, can you say that again?"]], ["A", [f"Sure, {tk[:2]}, then {tk[2:]}."]]]
        else:
            t += [["A", [f"我帮你开了一个 case，reference 是 {tk}。"]], ["C", ["OK 我记下了。"]]]
    elif nk == "amount":
        if z:
            t += rng.choice([
                [["C", [f"我上个月交了{rng.randint(1, 9)}千{rng.randint(1, 9)}百多，这个月怎么扣了{rng.randint(1000, 9999)}.{rdigits(rng, 2)}？"]],
                 ["A", [f"我看一下，这里面包括了{rng.randint(2, 12)}个月的服务费{rng.randint(100, 999)}元。"]]],
                [["C", ["一共多少钱？"]], ["A", [f"一共是{rng.randint(2, 9)}千{rng.randint(1, 9)}百{rng.choice(['五十', '八十', ''])}块，已经帮您减了{rng.randint(50, 300)}的优惠券。"]]],
            ])
        elif e:
            t += [["C", [f"I was charged {rng.randint(100, 999)}.{rdigits(rng, 2)} twice on the {ordn(day)}."]],
                  ["A", [f"I can see two, one's a pre-authorisation of {rng.randint(50, 300)} that'll drop off in {rng.randint(3, 7)} days."]]]
        else:
            t += [["C", [f"我被 charge 了两次，每次 {rng.randint(100, 999)} 块。"]], ["A", [f"其中一笔是 pre-auth，{rng.randint(3, 7)} 个工作日会 release。"]]]
    elif nk == "datetime":
        if z:
            t += [["A", [f"可以给您约到{mon}月{day}号下午{rng.randint(1, 5)}点半，或者{mon}月{day + 1}号上午{rng.randint(8, 11)}点。"]], ["C", ["第二个吧。"]],
                  ["A", [f"好的，{mon}月{day + 1}号上午，请提前{rng.choice([15, 30])}分钟到。"]]]
        elif e:
            t += [["A", [f"I can do the {ordn(day)} at {rng.randint(1, 5)}:30 or the {ordn(day + 1)} at {rng.randint(9, 11)}:15."]], ["C", ["The second one, please."]],
                  ["A", [f"Booked, that's {rng.choice(['Monday', 'Tuesday', 'Friday'])} the {ordn(day + 1)}."]]]
        else:
            t += [["A", [f"{mon}月{day}号下午{rng.randint(1, 5)}点可以吗？"]], ["C", [f"可以，{rng.randint(1, 5)} o'clock OK。"]]]
    elif nk == "postcode":
        if z:
            pc = rng.choice(["361", "266", "116", "200", "518", "315"]) + rdigits(rng, 3)
            t += [["A", ["地址是哪里？"]], ["C", [f"海滨路{rng.randint(1, 400)}号{rng.randint(1, 30)}栋{rng.randint(1, 3)}0{rng.randint(1, 8)}，邮编{pc}。"]]]
        elif e:
            pc = rng.choice([f"SW{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice('ABDEFGH')}{rng.choice('JLNPQRS')}", f"{rdigits(rng, 5)}", f"EC{rng.randint(1, 4)}A {rng.randint(1, 9)}BX"])
            t += [["A", ["And the postcode?"]], ["C", [f"It's {pc}, flat {rng.randint(1, 40)}."]]]
        else:
            t += [["A", ["Address 是？"]], ["C", [f"{rng.randint(1, 200)} 号 Harbour Road，postal code {rng.choice(['361', '518'])}{rdigits(rng, 3)}。"]]]
    elif nk == "extension":
        x = rdigits(rng, 4)
        if z:
            t += [["A", [f"这个需要财务处理，我帮您转过去，分机{x}，如果断线您可以直接拨总机转{x}。"]], ["C", ["好的。"]]]
        elif e:
            t += [["A", [f"I'll put you through to billing, that's extension {x} if we get cut off."]], ["C", [f"Extension {x}, okay."]]]
        else:
            t += [["A", [f"我 transfer 你去 billing，extension {x}。"]], ["C", ["OK。"]]]
    elif nk == "hotline":
        hl = {"bank": ["95588", "95566", "95555", "95528"], "telecom": ["10086", "10010", "10000"]}.get(sc, ["12315", "12345"])
        hl = rng.choice(hl)
        if z:
            if sc == "bank":
                t += [["A", [f"这个需要您联系发卡行，比如打{hl}问一下。"]], ["C", [f"{hl}是吧，好的。"]]]
            else:
                t += [["A", [f"这个您可以打我们的24小时服务热线{four}，或者投诉可以打{hl}。"]], ["C", [f"{four}是吧，好的。"]]]
        elif e:
            t += [["A", [f"You'd need to call the manufacturer on their free line, 1-800-{rdigits(rng, 3)}-{rdigits(rng, 4)}, or our support line {four}."]], ["C", ["Okay, I'll try them."]]]
        else:
            t += [["A", [f"你可以打我们 hotline {four}，twenty-four hours 都有人。"]], ["C", ["OK thanks。"]]]
    elif nk == "otp":
        code = rdigits(rng, 6)
        if z and sc == "courier":
            code = f"{rng.randint(1, 9)}-{rng.randint(1, 9)}-{rdigits(rng, 4)}"
            t += [["C", ["取件码是多少来着，短信我删了。"]], ["A", [f"取件码是{code}，在{rng.choice(['东门', '南门', '3号楼下'])}的丰巢柜。"]]]
        elif z:
            t += [["A", ["我这边给您发了一个验证码，您看一下收到没有。"]], ["C", [f"收到了，{code}。"]], ["A", ["好的，验证通过了。"]]]
        elif e:
            t += [["A", ["I've just sent a one-time code to your phone."]], ["C", [f"Yep, it's {code[:3]} {code[3:]}."]], ["A", ["Perfect, you're verified."]]]
        else:
            t += [["A", ["我 send 了一个 OTP 给你。"]], ["C", [f"收到，{code}。"]]]
    elif nk == "meter":
        rd = f"{rng.randint(100, 99999):05d}.{rng.randint(0, 9)}"
        what = {"marina": ("岸电电表", "shore power meter"), "property": ("水表", "water meter")}.get(sc, ("燃气表", "meter"))
        if z:
            t += [["A", [f"麻烦您看一下{what[0]}上的读数。"]], ["C", [f"现在是{rd}，上次抄表是{rng.randint(100, 9999)}。"]], ["A", ["好，跟我们系统的差不多。"]]]
        elif e:
            t += [["A", [f"Can you read me the {what[1]}?"]], ["C", [f"It says {rd}, and the serial underneath is {rdigits(rng, 2)}-{rdigits(rng, 6)}."]]]
        else:
            t += [["A", [f"{what[1].capitalize()} 读数是多少？"]], ["C", [f"{rd}。"]]]
    elif nk == "invalid":
        n = bad_long(rng, rng.choice([16, 17, 18, 19]))
        g = " ".join(split_by(n, [4] * 5))
        what = {"telecom": ("光猫背面有个设备序列号", "There's a serial on the back of the router, could you read it out?", "Router 后面有个 serial number，你读一下。"),
                "utility": ("表身上有一串表号", "There's a long number on the meter body, can you read it?", "Meter 上面有个 serial，你读一下。"),
                "insurance": ("保单右上角有个保单号", "There's a policy number top right of the schedule.", "Policy 右上角有个 policy number。")}[sc]
        if z:
            t += [["A", [f"{what[0]}，您念一下。"]], ["C", [f"是{g}。"]], ["A", ["好的，查到了。"]]]
        elif e:
            t += [["A", [what[1]]], ["C", [f"{g}."]], ["A", ["Thanks, that's come up."]]]
        else:
            t += [["A", [what[2]]], ["C", [f"{g}。"]]]
    elif nk == "example":
        ks = SCENES[sc]["kinds"]
        if z:
            opts = [[["C", ["手机号那里是不是要加86？"]], ["A", ["不用加，直接填11位手机号就可以。"]]]]
            if "id_number" in ks:
                opts.append([["C", ["身份证号要填多少位啊？"]], ["A", ["身份证是18位的，最后一位可能是字母，手机号就是1开头的11位。"]], ["C", ["哦，那我回头在网上填吧。"]]])
            if "bank_card" in ks:
                opts.append([["C", ["卡号填几位？"]], ["A", ["一般是16位或者19位，就是卡正面那一长串数字，不用填空格。"]], ["C", ["明白了。"]]])
        elif e:
            opts = [[["C", ["The form keeps rejecting my phone number."]], ["A", ["Leave off the plus and the country code, just the eleven digits starting with a one."]],
                     ["C", ["Ah, that'll be it."]]]]
            if sc in ("ferry", "hotel", "cruise", "airline", "carhire"):
                opts.append([["C", ["What format does the booking reference take?"]], ["A", ["It's two letters followed by six digits, something like HB and then the numbers."]],
                             ["C", ["Right, I'll dig out the email."]]])
            if "bank_card" in ks:
                opts.append([["C", ["Which number do you need off the card?"]],
                             ["A", ["The long one across the front, not the three digits on the back. But don't read it out, pop it in the secure form."]], ["C", ["Okay, will do."]]])
        else:
            opts = [[["C", ["Form 上面的 phone number 要加 plus 86 吗？"]], ["A", ["不用，直接填11位就可以。"]], ["C", ["OK。"]]]]
            if "bank_card" in ks:
                opts.append([["C", ["Card number 是要填几位的？"]], ["A", ["一般是16到19位，就是卡正面那串 number。"]], ["C", ["OK 明白。"]]])
        t += rng.choice(opts)
    elif nk == "notgiven":
        if z:
            t += rng.choice([
                [["A", ["为了核实身份，需要您提供一下身份证号码。"]], ["C", ["我现在在外面，不方便说，我回家再打过来吧。"]], ["A", ["好的，没问题。"]]],
                [["A", ["您留个联系电话吧。"]], ["C", ["就打我现在这个号码就行。"]], ["A", ["好的，系统已经显示了。"]]],
                [["A", ["退款需要您提供一下银行卡号。"]], ["C", ["卡不在身边，我晚点在APP上填可以吗？"]], ["A", ["可以的，在“我的-退款”里面填写。"]]],
            ])
        elif e:
            t += rng.choice([
                [["A", ["Could you read me the long number on the card?"]], ["C", ["I'd rather not do that over the phone, can I do it in the app?"]], ["A", ["Of course, it's under Payments."]]],
                [["A", ["Is the number you're calling from the best one?"]], ["C", ["Yes, use this one."]], ["A", ["Lovely, I've got it on screen."]]],
            ])
        else:
            t += rng.choice([
                [["A", ["留一个 contact number 给我？"]], ["C", ["就用我现在打进来的这个 number 就可以了。"]], ["A", ["OK，系统有显示。"]]],
                [["A", ["要 verify 一下，你的身份证号码是？"]], ["C", ["Sorry 我现在在 MTR 上面，不方便讲，我等下 call back 你。"]], ["A", ["OK 没问题。"]]],
                [["A", ["Refund 要一个 card number。"]], ["C", ["卡不在身上，我可以在 app 里面 update 吗？"]], ["A", ["可以的。"]]],
            ])
    elif nk == "flight":
        fl = rng.choice(["MU", "CZ", "MF", "HO", "BA", "CX"]) + str(rng.randint(100, 9999))
        if z:
            t += [["C", [f"我是{fl}航班，{mon}月{day}号{hh}:{mm:02d}落地的。"]], ["A", [f"好的，您的行李在{rng.randint(1, 12)}号转盘没有出来是吧？" if sc == "airline" else f"好的，我们在T{rng.randint(1, 3)}到达口等您。"]]]
        elif e:
            t += [["C", [f"I came in on {fl}, landed at {hh}:{mm:02d}."]], ["A", [f"Your bag's been traced to terminal {rng.randint(1, 3)}." if sc == "airline" else f"We'll meet you at arrivals, desk {rng.randint(1, 20)}."]]]
        else:
            t += [["C", [f"我坐 {fl}，{hh}点{mm:02d} land 的。"]], ["A", ["OK，我们会在 arrival hall 等你。"]]]
    elif nk == "plate":
        pl = rng.choice(["闽D", "鲁B", "辽B", "浙B", "粤B"]) + rng.choice("ABCDEFGHJK") + rdigits(rng, 3) + rng.choice("ABCDEFGHJK0123456789")
        if z:
            if sc == "freight":
                t += [["A", ["您是来提货的司机吗？车牌号多少？"]], ["C", [f"{pl}，挂车是{pl[:2]}{rdigits(rng, 4)}挂。"]], ["A", [f"好的，请到{rng.randint(1, 9)}号闸口排队。"]]]
            else:
                t += [["A", ["车牌号是多少？"]], ["C", [f"{pl}，白色的。"]], ["A", ["好的，登记上了。"]]]
        else:
            t += [["A", ["What's the vehicle registration?"] if e else ["你的 plate number 是？"]], ["C", [f"{pl}."]], ["A", ["Thanks, that's on the system."] if e else ["OK，登记了。"]]]
    elif nk == "invoice":
        if z:
            t += [["C", [f"发票代码{rdigits(rng, 12)}，发票号码{rdigits(rng, 8)}，开票金额{rng.randint(100, 9000)}元。"]], ["A", ["好的，我这边查一下是不是已经作废了。"]]]
        elif e:
            t += [["C", [f"Invoice number INV-{rdigits(rng, 6)}, for {rng.randint(100, 9000)}.00."]], ["A", ["That one's been paid, on the second."]]]
        else:
            t += [["C", [f"Invoice 号码是 {rdigits(rng, 8)}。"]], ["A", ["OK，我 check 一下。"]]]
    elif nk == "imei":
        body = "86" + rdigits(rng, 12)
        imei = body + luhn_digit(body)
        if z:
            t += [["A", ["麻烦在手机上按星号井号零六井号，看一下IMEI。"]], ["C", [f"IMEI是{imei}。"]], ["A", ["好的，这台设备没有被锁。"]]]
        else:
            t += [["A", ["Could you dial star hash zero six hash and read me the IMEI?" if e else "你 dial 一下星号井号零六井号，读一下 IMEI。"]], ["C", [f"{imei}."]]]
    elif nk == "container":
        cn = rng.choice(["TGHU", "MSKU", "CSNU", "OOLU", "TCLU"]) + rdigits(rng, 7)
        bl = rng.choice(["COSU", "MAEU", "OOLU"]) + bad_long(rng, 10)
        if z:
            t += [["C", [f"柜号{cn}，提单号{bl}，{mon}月{day}号到港的。"]], ["A", [f"查到了，目前在{rng.randint(1, 9)}号堆场，还没放行。"]]]
        elif e:
            t += [["C", [f"Container {cn[:4]} {cn[4:]}, bill of lading {bl}."]], ["A", [f"It's in yard {rng.randint(1, 9)}, customs hold."]]]
        else:
            t += [["C", [f"Container number {cn}，B/L 是 {bl}。"]], ["A", ["还在 customs hold。"]]]
    else:  # counts
        kids = rng.randint(2, 3)
        if z:
            t += [["C", [f"我们一共{rng.randint(4, 6)}个人，{kids}个小孩，{rng.randint(1, 2)}个老人。"]], ["A", [f"儿童是半价，{rng.randint(20, 60)}元一位，70岁以上的老人免费。"]]]
        elif e:
            t += [["C", [f"There's {rng.randint(4, 6)} of us, {kids} kids under {rng.randint(5, 12)}."]], ["A", [f"Kids go half price, that's {rng.randint(5, 15)} pounds each."]]]
        else:
            t += [["C", [f"我们 {rng.randint(4, 6)} 个人，有{kids}个小朋友。"]], ["A", ["Kids 半价。"]]]
    return t


def b_negative(ctx):
    rng = ctx.rng
    t = intro(ctx, 0.6)
    t += neg_lines(ctx)
    if rng.random() < 0.35:
        t += neg_lines(ctx)
    if rng.random() < 0.4:
        t.append(harm_turn(ctx))
    t += outro(ctx, p_ack=0.3, p_harm=0.0)
    return t


BUILDERS = {"plain": b_plain, "interruption": b_interruption, "continuation": b_continuation, "correction": b_correction,
            "filler": b_filler, "asr-chunks": b_asr_chunks, "readback": b_readback, "check-char-apart": b_check_char,
            "glued-words": b_glued, "multi-number": b_multi, "negative": b_negative}


# ============================================================================================
# Rendering: plain text
# ============================================================================================

TRIM_LEAD = "+(（"
TRIM_TAIL = ")）"


class TB:
    def __init__(self):
        self.parts, self.n, self.spans = [], 0, []

    def add(self, s):
        self.parts.append(s)
        self.n += len(s)

    def text(self):
        return "".join(self.parts)

    def frag(self, f, on_brk=None):
        start = end = None
        for a in f.atoms:
            t, s = a
            if t == "brk":
                if on_brk is None:
                    self.add(" ")
                    continue
                if start is not None:
                    self.spans.append([start, end, f.kind, False])
                start = end = None
                on_brk()
                continue
            pos = self.n
            self.add(s)
            if t in ("d", "m") and start is None:
                start = pos
            if t == "d":
                end = self.n
        assert start is not None and end is not None
        self.spans.append([start, end, f.kind, f.last4_ok])

    def items(self, items, on_brk=None):
        for it in items:
            if isinstance(it, Frag):
                self.frag(it, on_brk)
            elif it is BRK:
                if on_brk is None:
                    self.add(" ")
                else:
                    on_brk()
            else:
                self.add(it)

    def finish(self):
        text = self.text()
        out = []
        for s, e, k, l4 in self.spans:
            while text[s] in TRIM_LEAD:
                s += 1
            while text[e - 1] in TRIM_TAIL:
                e -= 1
            out.append({"start": s, "end": e, "kind": k, "last4_ok": l4})
        return text, out


def hms(t):
    t = int(t)
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def ms(t):
    t = int(t)
    return f"{t // 60:02d}:{t % 60:02d}"


def role_names(rng, lang):
    if lang == "zh" or (lang == "mixed" and rng.random() < 0.6):
        return rng.choice([("坐席", "客户", "系统"), ("客服", "客户", "IVR"), ("话务员", "来电人", "语音"), ("工作人员", "用户", "系统"),
                           ("客服", "来电", "系统提示"), ("A", "B", "IVR")])
    return rng.choice([("Agent", "Customer", "IVR"), ("Rep", "Caller", "System"), ("AGENT", "CALLER", "IVR"), ("Advisor", "Member", "System"),
                       ("Operator", "Caller", "IVR"), ("CSR", "CUST", "SYS")])


TEXT_LAYOUTS = ["colon", "ts-colon", "name-clock", "speaker-pipe", "tabs", "angle", "lenticular", "dash", "numbered",
                "label-above", "range", "bare", "markdown", "spk", "csv", "badge", "arrows", "bracket-clock", "said",
                "ab-paren", "indent"]


def render_text(turns, times, ctx, rng):
    lang = ctx.lang
    lay = rng.choice(TEXT_LAYOUTS)
    a_name, c_name, s_name = role_names(rng, lang)
    zh_colon = "：" if (a_name[0] >= "\u4e00" and rng.random() < 0.8) else ": "
    tb = TB()
    clock0 = rng.randint(8 * 3600, 19 * 3600)
    badge = rdigits(rng, 4)
    names = {"A": a_name, "C": c_name, "S": s_name}
    if lay == "said":
        names = {"A": (f"客服{ctx.aname}" if lang != "en" else f"{ctx.aname} (agent)"), "C": ctx.cname, "S": s_name}
    if lay == "tabs":
        if rng.random() < 0.5:
            tb.add("时间\t说话人\t内容\n" if a_name[0] >= "\u4e00" else "time\tspeaker\ttext\n")
    elif lay == "csv":
        tb.add("start,speaker,text\n")
    elif lay in ("label-above", "bare") and rng.random() < 0.4:
        tb.add(("通话记录 " if lang != "en" else "Call log ") + f"{hms(clock0)}\n\n")
    numbered_fmt = rng.choice(["{n}. ", "{n:03d} ", "#{n} ", "({n}) "])
    range_fmt = rng.choice(["[{a:.1f}s–{b:.1f}s] ", "[{a:.2f} - {b:.2f}] ", "({ma} → {mb}) "])
    dash = rng.choice(["- ", "— ", "– "])
    arrow = rng.choice([" >> ", " > ", "> "])
    prev = None
    spk_ids = {"A": rng.choice(["0", "1"]), "C": None, "S": "2"}
    spk_ids["C"] = "1" if spk_ids["A"] == "0" else "0"
    spk_n = {"A": "1", "C": "2", "S": "3"} if rng.random() < 0.5 else {"A": "2", "C": "1", "S": "3"}
    for i, (role, items) in enumerate(turns):
        t0, t1 = times[i]
        nm = names[role]
        post = "\n"
        if lay == "colon":
            pre = f"{nm}{zh_colon}"
        elif lay == "ts-colon":
            pre = f"[{hms(t0)}] {nm}{zh_colon}"
        elif lay == "name-clock":
            pre = f"{nm} {hms(clock0 + t0)}{zh_colon if zh_colon == '：' else ': '}"
        elif lay == "speaker-pipe":
            pre = f"Speaker {spk_n[role]} | "
        elif lay == "tabs":
            pre = f"{ms(t0)}\t{nm}\t"
        elif lay == "angle":
            pre = f"<{nm}> "
        elif lay == "lenticular":
            pre = f"【{nm}】"
        elif lay == "dash":
            pre = dash
        elif lay == "numbered":
            pre = numbered_fmt.format(n=i + 1) + f"{nm}{zh_colon}"
        elif lay == "label-above":
            pre = f"{nm}  {ms(t0)}\n"
            post = "\n\n"
        elif lay == "range":
            pre = range_fmt.format(a=t0, b=t1, ma=ms(t0), mb=ms(t1)) + (f"{role}: " if nm.isascii() else f"{nm}{zh_colon}")
        elif lay == "bare":
            pre = ""
        elif lay == "markdown":
            pre = f"**{nm}:** "
        elif lay == "spk":
            pre = f"spk_{spk_ids[role]}: "
        elif lay == "csv":
            pre = f"{ms(t0)},{nm},\""
            post = "\"\n"
        elif lay == "badge":
            pre = (f"客服(工号{badge})：" if lang != "en" else f"Agent #{badge}: ") if role == "A" else f"{nm}{zh_colon}"
        elif lay == "arrows":
            pre = f"{nm.upper() if nm.isascii() else nm}{arrow}"
        elif lay == "bracket-clock":
            pre = f"[{nm} {ms(t0)}] "
        elif lay == "said":
            pre = f"{nm} 说：" if lang != "en" else f"{nm} said: "
        elif lay == "ab-paren":
            ab = {"A": "A", "C": "B", "S": "S"}[role]
            pre = f"{ab}({nm})：" if not nm.isascii() else f"{ab} ({nm}): "
        else:  # indent
            lab = f"{nm}{zh_colon}"
            width = max(len(names['A']), len(names['C'])) + len(zh_colon)
            pre = lab.ljust(width) if prev != role else " " * width
        tb.add(pre)
        tb.items(items)
        tb.add(post)
        prev = role
    text, spans = tb.finish()
    if rng.random() < 0.5:
        text = text.rstrip("\n")
    return text, spans, lay


# ============================================================================================
# Rendering: WebVTT
# ============================================================================================

def vtt_time(t, short):
    msv = int(round(t * 1000))
    h, rem = divmod(msv, 3600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    if short and h == 0:
        return f"{m:02d}:{s:02d}.{milli:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{milli:03d}"


def render_vtt(turns, times, ctx, rng):
    lang = ctx.lang
    a_name, c_name, s_name = role_names(rng, lang)
    if rng.random() < 0.3:
        a_name, c_name = (f"{ctx.aname}", ctx.cname)
    names = {"A": a_name, "C": c_name, "S": s_name}
    voice = rng.choice(["v", "v", "v-close", "v-class", "prefix", "none", "speaker-n"])
    ids = rng.choice(["none", "num", "cue", "none"])
    short = rng.random() < 0.3
    settings = rng.choice(["", "", "", " align:start", " line:85%", " position:10% align:left"])
    tb = TB()
    tb.add("WEBVTT" + rng.choice(["", "", " - call recording", " Kind: captions"]) + "\n\n")
    if rng.random() < 0.25:
        tb.add("NOTE\n" + rng.choice(["speaker names from diarisation", "自动转写，未校对", "transcribed automatically"]) + "\n\n")
    cue_no = [0]
    state = {}

    def open_cue(role, t0, t1):
        cue_no[0] += 1
        if ids == "num":
            tb.add(f"{cue_no[0]}\n")
        elif ids == "cue":
            tb.add(f"cue-{cue_no[0]}\n")
        tb.add(f"{vtt_time(t0, short)} --> {vtt_time(t1, short)}{settings}\n")
        nm = names[role]
        if voice == "v":
            tb.add(f"<v {nm}>")
        elif voice == "v-close":
            tb.add(f"<v {nm}>")
        elif voice == "v-class":
            tb.add(f"<v.{'agent' if role == 'A' else 'caller' if role == 'C' else 'system'} {nm}>")
        elif voice == "prefix":
            tb.add(f"{nm}: " if nm.isascii() else f"{nm}：")
        elif voice == "speaker-n":
            tb.add(f"<v Speaker {'1' if role == 'A' else '2' if role == 'C' else '3'}>")

    def close_cue():
        if voice == "v-close":
            tb.add("</v>")
        tb.add("\n\n")

    for i, (role, items) in enumerate(turns):
        t0, t1 = times[i]
        nbrk = sum(1 for it in items if it is BRK) + sum(1 for it in items if isinstance(it, Frag) for a in it.atoms if a[0] == "brk")
        bounds = [t0 + (t1 - t0) * k / (nbrk + 1) for k in range(nbrk + 2)]
        state["k"] = 0
        open_cue(role, bounds[0], bounds[1])

        def on_brk(role=role, bounds=bounds):
            state["k"] += 1
            close_cue()
            open_cue(role, bounds[state["k"]], bounds[state["k"] + 1])
        # wrap a long first plain-text item onto a second line at a sentence end
        its = list(items)
        for j, it in enumerate(its):
            if isinstance(it, str) and len(it) > 18 and rng.random() < 0.5:
                m = re.search(r"(。|[.?!] |？|！)", it[: len(it) - 4]) or re.search(r"，", it[6: len(it) - 4])
                if m:
                    cut = m.end() + (6 if m.re.pattern == "，" else 0)
                    its[j] = it[:cut].rstrip(" ") + "\n" + it[cut:].lstrip(" ")
                break
        tb.items(its, on_brk)
        close_cue()
    text, spans = tb.finish()
    return text.rstrip("\n") + "\n", spans, f"vtt-{voice}-{ids}"


# ============================================================================================
# Rendering: ASR json
# ============================================================================================

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PUNCT = set("，。？！、：；…—,.?!;:）)」』")


def is_cjk(c):
    return bool(CJK.match(c))


def tokenize(s, rng):
    toks = []
    glue_next = False
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c in PUNCT and (i + 1 == n or s[i + 1].isspace() or is_cjk(s[i + 1]) or s[i + 1] in PUNCT or not c.isascii()):
            toks.append(("punct", c))
            i += 1
            continue
        if is_cjk(c):
            j = i
            while j < n and is_cjk(s[j]):
                j += 1
            run = s[i:j]
            k = 0
            while k < len(run):
                L = rng.choice([1, 2, 2, 2, 3])
                toks.append(("w", run[k:k + L]))
                k += L
            i = j
            continue
        j = i
        while j < n and not s[j].isspace() and not is_cjk(s[j]) and not (
                s[j] in PUNCT and (j + 1 == n or s[j + 1].isspace() or is_cjk(s[j + 1]) or s[j + 1] in PUNCT or not s[j].isascii())):
            j += 1
        toks.append(("w", s[i:j]))
        i = j
    return toks


def render_asr(turns, times, ctx, rng, whisper):
    lang = ctx.lang
    spk_style = rng.choice(["ab", "spk", "role", "num"])
    spk_val = {"ab": {"A": "A", "C": "B", "S": "C"}, "spk": {"A": "spk_0", "C": "spk_1", "S": "spk_2"},
               "role": {"A": "agent", "C": "customer", "S": "ivr"}, "num": {"A": "SPEAKER_00", "C": "SPEAKER_01", "S": "SPEAKER_02"}}[spk_style]
    with_speaker = rng.random() < 0.6
    with_conf = rng.random() < 0.5
    ms_keys = (not whisper) and rng.random() < 0.5
    segs = []       # list of dict(role, words=[word dicts])
    ents = []       # list of (kind, last4, [(seg index, word index)])
    merge_ok = whisper and not with_speaker and rng.random() < 0.4

    def new_seg(role):
        segs.append({"role": role, "words": []})

    def add_word(w, lead_space):
        seg = segs[-1]
        seg["words"].append({"word": (" " + w) if (whisper and lead_space) else w})
        return (len(segs) - 1, len(seg["words"]) - 1)

    def attach(p):
        seg = segs[-1]
        if seg["words"]:
            seg["words"][-1]["word"] += p
            return True
        return False

    def lead_space_for(w):
        return lang != "zh" or not is_cjk(w[0])

    for i, (role, items) in enumerate(turns):
        if merge_ok and segs and len(segs[-1]["words"]) < 14 and rng.random() < 0.5 and not any(isinstance(it, Frag) for it in items):
            pass
        else:
            new_seg(role)
        for it in items:
            if it is BRK:
                if whisper:
                    new_seg(role)
                continue
            if isinstance(it, Frag):
                keys = []  # (key, type)
                for t, s in it.atoms:
                    if t == "brk":
                        if whisper:
                            new_seg(role)
                        continue
                    if t == "s":
                        p = s.strip()
                        if p and not attach(p):
                            pass
                        continue
                    keys.append((add_word(s, not is_cjk(s[0])), t))
                # entity: first d/m .. last d
                first = next(k for k, (_, t) in enumerate(keys) if t in ("d", "m"))
                last = max(k for k, (_, t) in enumerate(keys) if t == "d")
                ents.append((it.kind, it.last4_ok, [keys[k][0] for k in range(first, last + 1)]))
                continue
            for typ, tok in tokenize(it, rng):
                if typ == "punct":
                    if not attach(tok):
                        add_word(tok, False)
                else:
                    add_word(tok, lead_space_for(tok))
    assert all(s["words"] for s in segs)
    # timing
    t = times[0][0]
    flat_words = []
    out = {}
    cur = t
    for si, seg in enumerate(segs):
        cur += rng.uniform(0.15, 0.9)
        s0 = cur
        for w in seg["words"]:
            L = len(w["word"].strip())
            dur = (0.2 + 0.16 * L) if not is_cjk(w["word"].strip()[:1] or "a") else 0.22 * L + 0.05
            dur = min(dur, 2.5) * rng.uniform(0.8, 1.25)
            w["_s"], w["_e"] = round(cur, 2), round(cur + dur, 2)
            cur += dur + rng.uniform(0.0, 0.12)
        seg["_s"], seg["_e"] = round(s0, 2), round(cur, 2)
    if whisper:
        seg_out = []
        for si, seg in enumerate(segs):
            words = []
            for w in seg["words"]:
                d = {"word": w["word"], "start": w["_s"], "end": w["_e"]}
                if with_conf:
                    d["probability"] = round(rng.uniform(0.55, 0.999), 3)
                words.append(d)
            text = "".join(w["word"] for w in seg["words"])
            so = {"id": si, "seek": int(seg["_s"] * 100) // 3000 * 3000, "start": seg["_s"], "end": seg["_e"], "text": text}
            if with_speaker:
                so["speaker"] = spk_val[seg["role"]]
            so["words"] = words
            seg_out.append(so)
        out = {"text": "".join(s["text"] for s in seg_out), "segments": seg_out,
               "language": {"zh": "zh", "en": "en", "mixed": "zh"}[lang]}
        if rng.random() < 0.3:
            out.pop("language")
        entities = [{"kind": k, "last4_ok": l4, "words": [[a, b] for a, b in keys]} for k, l4, keys in ents]
        var = f"whisper{'-spk' if with_speaker else ''}{'-merged' if merge_ok else ''}"
    else:
        index = {}
        for si, seg in enumerate(segs):
            for wi, w in enumerate(seg["words"]):
                index[(si, wi)] = len(flat_words)
                d = {"word": w["word"]}
                if ms_keys:
                    d["start_ms"], d["end_ms"] = int(w["_s"] * 1000), int(w["_e"] * 1000)
                else:
                    d["start"], d["end"] = w["_s"], w["_e"]
                if with_speaker:
                    d["speaker"] = spk_val[seg["role"]]
                if with_conf:
                    d["confidence"] = round(rng.uniform(0.5, 0.999), 3)
                flat_words.append(d)
        out = {"words": flat_words}
        if rng.random() < 0.3:
            out["language"] = {"zh": "zh", "en": "en", "mixed": "zh"}[lang]
        entities = [{"kind": k, "last4_ok": l4, "words": [index[tuple(x)] for x in keys]} for k, l4, keys in ents]
        var = f"words{'-ms' if ms_keys else ''}{'-spk' if with_speaker else ''}"
    return out, entities, var


# ============================================================================================
# Timing, plan, main
# ============================================================================================

def turn_text_len(items):
    n = 0
    for it in items:
        if isinstance(it, Frag):
            n += sum(len(s) for _, s in it.atoms)
        elif isinstance(it, str):
            n += len(it)
    return n


def turn_times(turns, rng, lang):
    t = rng.uniform(0.5, 40.0)
    out = []
    for role, items in turns:
        L = turn_text_len(items)
        dur = max(0.8, L * (0.2 if lang != "en" else 0.07) * rng.uniform(0.85, 1.2))
        out.append((round(t, 2), round(t + dur, 2)))
        t += dur + rng.uniform(0.2, 1.5)
    return out


PLAN = [  # phenomenon, count, language weights (zh, en, mixed)
    ("plain", 36, (0.45, 0.32, 0.23)),
    ("interruption", 34, (0.45, 0.32, 0.23)),
    ("continuation", 30, (0.45, 0.32, 0.23)),
    ("correction", 32, (0.45, 0.32, 0.23)),
    ("filler", 28, (0.45, 0.32, 0.23)),
    ("asr-chunks", 34, (0.5, 0.28, 0.22)),
    ("readback", 38, (0.45, 0.32, 0.23)),
    ("check-char-apart", 20, (0.65, 0.15, 0.2)),
    ("glued-words", 14, (0.0, 0.7, 0.3)),
    ("multi-number", 34, (0.45, 0.3, 0.25)),
    ("negative", 100, (0.45, 0.32, 0.23)),
]
FMT_W = {"asr-chunks": (0.25, 0.55, 0.2), "glued-words": (0.5, 0.4, 0.1)}
FMT_DEFAULT = (0.57, 0.235, 0.195)


def wpick(rng, opts, weights):
    r = rng.random() * sum(weights)
    for o, w in zip(opts, weights):
        if r < w:
            return o
        r -= w
    return opts[-1]


def build_case(rng, phen, lang, fmt):
    scene_keys = sorted(SCENES)
    if phen == "check-char-apart":
        scene_keys = [k for k in scene_keys if "id_number" in SCENES[k]["kinds"]]
    if phen == "multi-number":
        scene_keys = [k for k in scene_keys if len(SCENES[k]["kinds"]) > 1]
    scene = rng.choice(scene_keys)
    ctx = Ctx(rng, lang, fmt, scene)
    ctx.whisper = fmt == "asr-json" and rng.random() < 0.5
    turns = BUILDERS[phen](ctx)
    # drop empty strings, keep order
    turns = [[r, [it for it in items if not (isinstance(it, str) and it == "")]] for r, items in turns]
    turns = [[r, items] for r, items in turns if items]
    if fmt == "asr-json":
        # no full-width digits out of an ASR engine
        for _, items in turns:
            for it in items:
                if isinstance(it, Frag):
                    it.atoms = [(t, "".join(chr(ord(c) - 0xFF10 + 48) if "０" <= c <= "９" else ("X" if c == "Ｘ" else c) for c in s)) for t, s in it.atoms]
    times = turn_times(turns, rng, lang)
    case = {"id": None, "set": SET, "phenomenon": phen, "lang": lang, "format": fmt}
    if fmt == "text":
        text, spans, lay = render_text(turns, times, ctx, rng)
        case["text"], case["spans"] = text, spans
        var = lay
    elif fmt == "vtt":
        text, spans, lay = render_vtt(turns, times, ctx, rng)
        case["transcript_text"], case["spans"] = text, spans
        var = lay
    else:
        tr, ents, lay = render_asr(turns, times, ctx, rng, ctx.whisper)
        case["transcript"], case["entities"] = tr, ents
        var = lay
    case["variant"] = f"{scene}/{fmt}/{var}/" + "+".join(ctx.notes)
    return case


def generate(seed=SEED):
    rng = random.Random(seed)
    plan = []
    for phen, n, lw in PLAN:
        fw = FMT_W.get(phen, FMT_DEFAULT)
        for _ in range(n):
            lang = wpick(rng, ["zh", "en", "mixed"], lw)
            fmt = wpick(rng, ["text", "asr-json", "vtt"], fw)
            plan.append((phen, lang, fmt))
    rng.shuffle(plan)
    cases = []
    for i, (phen, lang, fmt) in enumerate(plan):
        sub = random.Random(f"{seed}-{i}")
        c = build_case(sub, phen, lang, fmt)
        c["id"] = f"{SET}-{i + 1:04d}"
        cases.append(c)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    cases = generate(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
