#!/usr/bin/env python3
"""Writes Tests/VaultRedactTests/Fixtures/conversations-reef.jsonl (--set reef of
Tools/eval_redact_conversations.py): 400 call transcripts written by an eighth independent author.

    Tools/gen_redact_reef.py            # writes the fixture (same bytes on every run)
    Tools/gen_redact_reef.py --stdout   # prints it instead

Calls to a water utility, a hospital appointment line, a car-hire desk, a mobile carrier's
retention team, a pension fund, a delivery riders' support line and a ferry booking office, in
Chinese, English and mixed Chinese/English, as plain text (many speaker-label layouts), WebVTT and
ASR JSON (flat `words` with speakers, and Whisper-style `segments`).

Labels follow the shared conventions: every piece of a Chinese resident ID (18 characters, MOD 11-2
check character), a bank card (16-19 digits, Luhn) or a mobile number (11 digits, 13x-19x) said by
anybody is a fragment of that kind -- read-backs (full, partial, misheard), abandoned prefixes
before a correction and spoken corrections included. A fragment runs from its first digit / numeral
/ number word to its last one. `last4_ok` is set on phone fragments that end at the number's final
digit. Hard negatives hold no fragment; every digit run in them (and every unlabelled run in the
positive calls) is checked so that no 16-19 window passes Luhn, no 18-character window passes
MOD 11-2 and no 11-digit window starts with 13-19.
"""

from __future__ import annotations

import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-reef.jsonl")
SEED = 0x5EEF2025
SET = "reef"
N_CASES = 400

sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import eval_redact_conversations as ev  # noqa: E402  (the scorer's digit reader, for sanity checks)

# ============================================================================================
# Numbers
# ============================================================================================

ID_AREAS = ["110105", "110108", "120104", "130203", "210204", "310115", "310104", "320106", "320583",
            "330106", "330203", "340104", "350206", "360103", "370212", "410105", "420106", "430104",
            "440106", "440305", "441900", "450103", "500108", "510107", "520102", "530112", "610113",
            "620102", "650104", "371002", "222401", "460106"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"
PHONE_PFX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152",
             "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
             "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
CARD_PFX = [("622202", 19), ("622848", 19), ("621700", 19), ("621226", 19), ("623058", 19),
            ("622588", 16), ("622609", 16), ("625965", 16), ("436742", 16), ("489592", 16),
            ("524091", 16), ("552599", 16), ("621483", 18), ("622908", 17), ("621799", 19)]


def id_check(s17):
    return ID_C[sum(int(a) * w for a, w in zip(s17, ID_W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


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


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError


def days_in(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def make_id(r, want_x=None):
    while True:
        y = r.randint(1951, 2004)
        m = r.randint(1, 12)
        d = r.randint(1, days_in(y, m))
        s17 = r.choice(ID_AREAS) + f"{y:04d}{m:02d}{d:02d}" + f"{r.randint(1, 999):03d}"
        c = id_check(s17)
        if want_x is None or (c == "X") == want_x:
            return s17 + c


def make_card(r):
    pfx, n = r.choice(CARD_PFX)
    body = pfx + "".join(r.choice("0123456789") for _ in range(n - 1 - len(pfx)))
    return body + luhn_digit(body)


def make_phone(r):
    return r.choice(PHONE_PFX) + "".join(r.choice("0123456789") for _ in range(8))


def make_number(r, kind, want_x=None):
    if kind == "phone":
        return make_phone(r)
    if kind == "id_number":
        return make_id(r, want_x)
    return make_card(r)


def mishear(r, kind, d, lo=None, hi=None):
    """The number with one digit changed (an ID then fails MOD 11-2, a card fails Luhn)."""
    if lo is None:
        lo = 3 if kind == "phone" else 6
    if hi is None:
        hi = len(d) - 1 if kind != "id_number" else 16
    pos = r.randint(lo, hi)
    old = d[pos]
    new = r.choice([x for x in "0123456789" if x != old])
    out = d[:pos] + new + d[pos + 1:]
    if kind == "id_number":
        assert not id_valid(out)
    if kind == "bank_card":
        assert not luhn_ok(out)
    return out, pos


# ============================================================================================
# Spoken forms of a number
# ============================================================================================

EN_W = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
        "7": "seven", "8": "eight", "9": "nine"}
CN_W = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

FILL = {
    "zh": ["呃", "嗯", "那个", "就是", "呃……", "然后", "嗯……那个", "我看看"],
    "en": ["um", "uh", "like", "er", "erm", "hmm", "uh, hang on", "you know"],
}


class Num:
    """A labelled fragment: atoms [[text, sep_after], ...]."""

    def __init__(self, atoms, kind, last4):
        self.atoms = atoms
        self.kind = kind
        self.last4 = bool(last4 and kind == "phone")

    def text(self):
        out = ""
        for i, (t, s) in enumerate(self.atoms):
            out += t
            if i < len(self.atoms) - 1:
                out += s
        return out


def std_groups(r, kind, L):
    if kind == "phone" and L == 11:
        return r.choice([[3, 4, 4]] * 6 + [[11], [3, 8], [7, 4], [3, 3, 5]])
    if kind == "id_number" and L == 18:
        return r.choice([[6, 8, 4]] * 3 + [[6, 4, 4, 4]] * 2 + [[18], [3, 3, 4, 4, 4], [6, 6, 6]])
    if kind == "id_number" and L == 17:
        return r.choice([[6, 8, 3], [6, 4, 4, 3], [17], [3, 3, 4, 4, 3], [6, 11]])
    if kind == "bank_card" and L == 16:
        return r.choice([[4, 4, 4, 4]] * 4 + [[16], [6, 10], [4, 4, 8]])
    if kind == "bank_card" and L == 19:
        return r.choice([[4, 4, 4, 4, 3]] * 3 + [[19], [6, 13], [6, 6, 7]])
    if kind == "bank_card" and L == 17:
        return r.choice([[4, 4, 4, 5], [17], [6, 11]])
    if kind == "bank_card" and L == 18:
        return r.choice([[4, 4, 4, 6], [6, 6, 6], [18]])
    if L <= 4:
        return [L]
    g = []
    while L > 0:
        k = min(L, r.choice([3, 4, 4]))
        g.append(k)
        L -= k
    return g


def chunky_groups(r, L):
    """Irregular groups the way an ITN step splits spoken digits: 136 040 1 8147."""
    while True:
        g = []
        left = L
        while left > 0:
            k = min(left, r.choice([1, 2, 3, 3, 4, 4, 5]))
            g.append(k)
            left -= k
        if len(g) >= 3 and g not in ([3, 4, 4], [4, 4, 4, 4], [6, 8, 4]):
            return g


def split_groups(r, groups, kind):
    """Ensure at least 2 groups (for splitting a number across turns)."""
    if len(groups) >= 2:
        return groups
    L = groups[0]
    if kind == "phone" and L == 11:
        return [3, 4, 4]
    if L >= 8:
        a = r.randint(3, L - 4)
        return [a, L - a]
    return [L // 2, L - L // 2] if L >= 2 else groups


def new_style(r, lang, kind, fmt, phen, mode=None):
    """How this speaker says this number."""
    st = {"asr": fmt == "asr", "one": r.choice(["幺", "幺", "一"]), "zero_cn": r.choice(["零", "零", "〇"]),
          "two_cn": "两" if r.random() < 0.12 else "二", "zero_en": r.choice(["zero", "oh", "oh", "zero"]),
          "x_ar": r.choice(["X", "X", "x"]), "x_cn": r.choice(["X", "叉", "X"]), "double": False, "glue": False,
          "chunky": phen == "asr-chunks"}
    if mode is None:
        if lang == "zh":
            mode = r.choices(["ar", "cn", "fw", "mix"], [45, 40, 4 if fmt != "asr" else 0, 11])[0]
        elif lang == "en":
            mode = r.choices(["en", "ar", "mix"], [55, 38, 7])[0]
        else:
            mode = r.choices(["ar", "en", "cn", "mix"], [34, 30, 22, 14])[0]
    if phen == "asr-chunks" and mode not in ("mix",):
        mode = "mix"
    if phen == "glued-words":
        mode = "en"
        st["glue"] = r.random() < 0.8
        st["double"] = (not st["glue"]) or r.random() < 0.5
    elif mode == "en" and r.random() < 0.3:
        st["double"] = True
    st["mode"] = mode
    if mode == "mix":
        if lang == "zh":
            st["mix"] = ["ar", "ar", "cn"] if st["chunky"] else ["ar", "cn"]
        elif lang == "en":
            st["mix"] = ["ar", "ar", "en"] if st["chunky"] else ["ar", "en"]
        else:
            st["mix"] = r.choice([["ar", "cn"], ["ar", "en"], ["cn", "en"], ["ar", "cn", "en"]])
    # group separators
    if st["asr"]:
        if mode in ("en",):
            gseps = [" ", ", ", " "]
        else:
            gseps = [" ", "", "，" if lang != "en" else ", "]
    elif mode == "en":
        gseps = [", ", " ", "... ", " - ", ", "]
    elif mode == "cn":
        gseps = ["", "，", " ", "、", ""]
    else:
        gseps = [" ", "-", "", " ", "，" if lang != "en" else ", "]
    st["gsep"] = r.choice(gseps)
    st["gsep_var"] = r.random() < 0.2
    st["gseps"] = gseps
    st["lang"] = lang
    st["tag"] = mode + ("+glue" if st["glue"] else "") + ("+dbl" if st["double"] else "")
    return st


def group_mode(r, st):
    if st["mode"] == "mix":
        return r.choice(st["mix"])
    return st["mode"]


def render_group(r, digs, mode, st):
    atoms = []
    if mode in ("ar", "fw"):
        t = digs.replace("X", st["x_ar"])
        if mode == "fw":
            t = digs.translate(FW)
        atoms.append([t, ""])
    elif mode == "cn":
        t = ""
        for ch in digs:
            if ch == "X":
                t += st["x_cn"]
            elif ch == "1":
                t += st["one"]
            elif ch == "0":
                t += st["zero_cn"]
            elif ch == "2":
                t += st["two_cn"]
            else:
                t += CN_W[ch]
        i = 0
        while i < len(t):
            k = r.choice([1, 2, 3, 4]) if st["asr"] else len(t)
            atoms.append([t[i:i + k], ""])
            i += k
    else:  # en words
        words = []
        i = 0
        while i < len(digs):
            ch = digs[i]
            if ch == "X":
                words.append("X")
                i += 1
                continue
            w = st["zero_en"] if ch == "0" else EN_W[ch]
            run = 1
            while i + run < len(digs) and digs[i + run] == ch:
                run += 1
            if st["double"] and run >= 2 and r.random() < 0.85:
                k = 3 if run >= 3 and r.random() < 0.7 else 2
                words.append("triple" if k == 3 else "double")
                words.append(w)
                i += k
                continue
            words.append(w)
            i += 1
        if st["glue"]:
            merged = []
            j = 0
            while j < len(words):
                if words[j] in ("double", "triple", "X"):
                    merged.append(words[j])
                    j += 1
                    continue
                k = r.choice([1, 2, 2, 2, 3])
                if merged and merged[-1] in ("double", "triple"):
                    k = 1  # "double five", never "double fivesix"
                take = []
                while j < len(words) and len(take) < k and words[j] not in ("double", "triple", "X"):
                    take.append(words[j])
                    j += 1
                merged.append("".join(take))
            words = merged
        for w in words:
            atoms.append([w, " "])
    atoms[-1][1] = ""
    return atoms


def render_groups(r, digits, st, groups):
    out = []
    pos = 0
    for g in groups:
        out.append(render_group(r, digits[pos:pos + g], group_mode(r, st), st))
        pos += g
    assert pos == len(digits), (digits, groups)
    return out


def is_letter_atom(t):
    return t[:1].isascii() and t[:1].isalpha()


def join_groups(r, gl, st, kind, last4, fills=0):
    """One fragment from a list of rendered groups; `fills` fillers inserted at boundaries."""
    atoms = []
    for gi, g in enumerate(gl):
        g = [list(a) for a in g]
        if gi < len(gl) - 1:
            sep = r.choice(st["gseps"]) if st["gsep_var"] else st["gsep"]
            nxt = gl[gi + 1][0][0]
            if sep == "" and (is_letter_atom(g[-1][0]) or is_letter_atom(nxt)):
                sep = " "
            if sep == "" and st["asr"] is False and g[-1][0][-1:].isdigit() and nxt[:1].isdigit() and r.random() < 0.3:
                sep = " "
            g[-1][1] = sep
        atoms.extend(g)
    if fills:
        lang = "en" if st["mode"] == "en" or (st["lang"] == "en") else "zh"
        if st["lang"] == "mixed":
            lang = r.choice(["en", "zh"])
        bounds = list(range(len(atoms) - 1))
        r.shuffle(bounds)
        chosen = sorted(bounds[:fills], reverse=True)
        for b in chosen:
            f = r.choice(FILL[lang])
            if lang == "en":
                before, after = r.choice([(", ", ", "), (" ", " "), ("... ", " "), (", ", " ")])
            else:
                before, after = r.choice([("，", "，"), ("", ""), (" ", " "), ("……", "，"), ("，", "")])
            if st["asr"]:
                before, after = (" ", " ") if lang == "en" else r.choice([("", ""), ("，", "")])
            if (after == "" and is_letter_atom(atoms[b + 1][0])) or (before == "" and is_letter_atom(atoms[b][0])):
                before, after = " ", " "
            atoms[b][1] = before
            atoms.insert(b + 1, [f, after])
    n = Num(atoms, kind, last4)
    t = n.text()
    assert (ev.readable_count(n.atoms[0][0]) > 0 or n.atoms[0][0] in ("double", "triple")) \
        and ev.readable_count(n.atoms[-1][0]) > 0, t
    assert t == t.strip() and "\n" not in t
    return n


def say(r, digits, st, kind, last4, groups=None, fills=0):
    if groups is None:
        groups = chunky_groups(r, len(digits)) if st["chunky"] and len(digits) >= 5 else std_groups(r, kind, len(digits))
    return join_groups(r, render_groups(r, digits, st, groups), st, kind, last4, fills)


def say_split(r, digits, st, kind, nparts, fills=0, last_is_end=True):
    """The number split into nparts fragments at group boundaries."""
    groups = chunky_groups(r, len(digits)) if st["chunky"] else std_groups(r, kind, len(digits))
    groups = split_groups(r, groups, kind)
    while len(groups) < nparts:
        i = max(range(len(groups)), key=lambda k: groups[k])
        a = groups[i] // 2
        groups = groups[:i] + [a, groups[i] - a] + groups[i + 1:]
    gl = render_groups(r, digits, st, groups)
    cuts = sorted(r.sample(range(1, len(gl)), nparts - 1))
    bounds = [0] + cuts + [len(gl)]
    parts = []
    for k in range(nparts):
        last = (k == nparts - 1) and last_is_end
        parts.append(join_groups(r, gl[bounds[k]:bounds[k + 1]], st, kind, last, fills if k == 0 else 0))
    return parts


# ============================================================================================
# Checks that unlabelled text holds nothing that looks like the sensitive kinds
# ============================================================================================

SEPS = set(" \t-–.,，、·/()（）")


def _word_digits(w):
    wl = w.lower()
    if wl == "x":
        return "X"
    parts = ev._decompose(wl)
    if not parts:
        return None
    out = ""
    mult = 1
    for p in parts:
        if p == "double":
            mult = 2
        elif p == "triple":
            mult = 3
        else:
            out += ev.EN_VAL[p] * mult
            mult = 1
    return out


def digit_runs(s):
    runs, cur = [], []
    gap = 0
    i, n = 0, len(s)
    mult = 1

    def flush():
        if cur:
            runs.append("".join(cur))
            cur.clear()

    while i < n:
        ch = s[i]
        d = None
        if "0" <= ch <= "9":
            d = ch
        elif "０" <= ch <= "９":
            d = str(ord(ch) - 0xFF10)
        elif ch in ev.CN_VAL:
            d = ev.CN_VAL[ch]
        elif ch in "Ｘ叉":
            d = "X"
        if d is not None:
            cur.append(d * mult)
            mult = 1
            gap = 0
            i += 1
            continue
        if ch.isascii() and ch.isalpha():
            j = i
            while j < n and s[j].isascii() and s[j].isalpha():
                j += 1
            w = s[i:j]
            ds = _word_digits(w)
            if ds is None:
                flush()
            elif ds == "":
                mult = 3 if "triple" in w.lower() else 2
            else:
                cur.append(ds)
            gap = 0
            i = j
            continue
        if ch in SEPS and gap < 3:
            gap += 1
            i += 1
            continue
        flush()
        gap = 0
        i += 1
    flush()
    return runs


def run_problem(run):
    n = len(run)
    for L in range(16, 20):
        for a in range(0, n - L + 1):
            w = run[a:a + L]
            if w.isdigit() and luhn_ok(w):
                return f"luhn window {w}"
    for a in range(0, n - 17):
        w = run[a:a + 18]
        if w[:17].isdigit() and id_check(w[:17]) == w[17]:
            return f"id window {w}"
    for a in range(0, n - 10):
        w = run[a:a + 11]
        if w.isdigit() and w[0] == "1" and w[1] in "3456789":
            return f"phone window {w}"
    return None


def text_problem(s):
    for run in digit_runs(s):
        p = run_problem(run)
        if p:
            return p
    return None


def readable_at(s, i):
    ch = s[i]
    if ch.isascii() and ch.isalpha():
        a = i
        while a > 0 and s[a - 1].isascii() and s[a - 1].isalpha():
            a -= 1
        b = i
        while b < len(s) and s[b].isascii() and s[b].isalpha():
            b += 1
        return bool(_word_digits(s[a:b]))
    return ev.readable_count(ch) > 0


def adjacency_problem(s, spans):
    """An unlabelled digit within two separator characters of a fragment."""
    inside = [False] * len(s)
    for a, b in spans:
        for k in range(a, b):
            inside[k] = True
    for a, b in spans:
        i = a - 1
        while i >= 0 and s[i] in SEPS and a - i <= 3:
            i -= 1
        if i >= 0 and a - i <= 3 and not inside[i] and readable_at(s, i):
            return f"digit before fragment {s[max(0, i - 5):b]!r}"
        if i >= 0 and inside[i]:
            return f"two fragments touch {s[max(0, i - 5):b]!r}"
        j = b
        while j < len(s) and s[j] in SEPS and j - b < 3:
            j += 1
        if j < len(s) and j - b < 3 and not inside[j] and readable_at(s, j):
            return f"digit after fragment {s[a:j + 5]!r}"
    return None


# ============================================================================================
# Fillers of templates (hard-negative material)
# ============================================================================================

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
PLATE_LET = "ABCDEFGHJKLMNPQRSTUVWYZ"
UK_LET = "BCDFGHJKLMNPRSTVWYZ"
PROV = "沪京粤浙苏川鄂湘闽鲁渝陕"


def ordinal(d):
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def ref_digits(r, n, first_nonzero=True, prefix="", tries=None):
    k = 0
    while tries is None or k < tries:
        k += 1
        s = prefix + "".join(r.choice("0123456789") for _ in range(n - len(prefix)))
        if first_nonzero and s[0] == "0":
            continue
        if not run_problem(s):
            return s
    return None


def group_str(s, k, sep=" "):
    return sep.join(s[i:i + k] for i in range(0, len(s), k))


def fill(r, tpl, lang):
    out = ""
    i = 0
    while i < len(tpl):
        if tpl[i] == "{":
            j = tpl.index("}", i)
            out += placeholder(r, tpl[i + 1:j], lang)
            i = j + 1
        else:
            out += tpl[i]
            i += 1
    return out


def placeholder(r, key, lang):
    args = key.split(":")
    k = args[0]
    if k == "amt":
        return f"{r.randint(12, 3999)}.{r.randint(0, 99):02d}"
    if k == "amtc":
        v = r.randint(1000, 48000)
        return f"{v:,}.{r.randint(0, 99):02d}"
    if k == "amti":
        return str(r.choice([60, 88, 99, 128, 150, 199, 238, 300, 500, 800, 1200, 1500, 2000, 3000, 4500]))
    if k == "fee":
        return f"{r.randint(3, 18)}.{r.choice(['00', '50', '80', '20', '40'])}"
    if k == "fare":
        return f"{r.randint(40, 260)}.{r.choice(['00', '50', '20', '75'])}"
    if k == "plan":
        return str(r.choice([8, 10, 12, 15, 18, 20, 25, 30, 35]))
    if k == "plan_zh":
        return str(r.choice([38, 58, 88, 128, 158, 199, 239]))
    if k == "yrs":
        return str(r.randint(5, 38))
    if k == "cur":
        return r.choice(["£", "$", "€", "£"])
    if k == "n1":
        return str(r.randint(1, 9))
    if k == "n2":
        return str(r.randint(10, 59))
    if k == "n3":
        return str(r.randint(101, 980))
    if k == "room":
        return f"{r.randint(2, 31)}{r.randint(1, 4):02d}"
    if k == "date_zh":
        m = r.randint(1, 12)
        return f"{m}月{r.randint(1, days_in(2025, m))}{r.choice(['号', '日', '号'])}"
    if k == "date_cn":
        return r.choice(["三月五号", "十一月二十号", "下周三", "六月一号", "九月十八号", "大后天"])
    if k == "date_en":
        m = r.randint(1, 12)
        d = r.randint(1, days_in(2025, m))
        return r.choice([f"{ordinal(d)} of {MONTHS[m - 1]}", f"{MONTHS[m - 1]} {d}", f"{d:02d}/{m:02d}/2025",
                         f"{WEEKDAYS[r.randint(0, 5)]} the {ordinal(d)}"])
    if k == "ymd":
        m = r.randint(1, 12)
        y = r.randint(1985, 2012)
        return f"{y}-{m:02d}-{r.randint(1, days_in(y, m)):02d}"
    if k == "time_zh":
        h = r.randint(8, 17)
        return r.choice([f"{h}:{r.choice(['00', '15', '30', '45'])}", f"上午{r.choice(['九', '十', '十一'])}点半",
                         f"下午{r.randint(1, 5)}点{r.choice(['', '20', '40'])}", f"{h}点{r.randint(1, 5)}0分"])
    if k == "time_en":
        h = r.randint(7, 18)
        return r.choice([f"{h}:{r.choice(['05', '15', '30', '45'])}", f"{h % 12 or 12}.{r.choice(['15', '30', '40'])}"
                         f"{'am' if h < 12 else 'pm'}", f"half past {r.choice(['ten', 'two', 'four', 'eleven'])}",
                         f"quarter to {r.choice(['twelve', 'five', 'ten'])}"])
    if k == "hour":
        return str(r.randint(8, 11))
    if k == "hour2":
        return str(r.randint(1, 6))
    if k == "weekday":
        return r.choice(WEEKDAYS)
    if k == "month":
        return r.choice(MONTHS)
    if k == "hot":
        return r.choice([f"95{r.randint(100, 999)}", f"400-{r.randint(600, 899)}-{r.randint(1000, 9999)}",
                         f"400{r.randint(600, 899)}{r.randint(1000, 9999)}", "10086", "10010", "12345", "12315",
                         f"96{r.randint(100, 999)}", f"800-{r.randint(200, 899)}-{r.randint(1000, 9999)}"])
    if k == "hot_en":
        return r.choice([f"0800 {r.randint(200, 999)} {r.randint(1000, 9999)}", f"0345 {r.randint(200, 999)} {r.randint(1000, 9999)}",
                         f"0300 {r.randint(100, 999)} {r.randint(100, 999)}", f"1800 {r.randint(200, 899)} {r.randint(100, 999)}"])
    if k == "ext":
        return str(r.randint(200, 8999))
    if k == "ext_words":
        return " ".join(EN_W[c] for c in str(r.randint(200, 899)))
    if k == "code":
        return "".join(r.choice("0123456789") for _ in range(r.choice([4, 6, 6])))
    if k == "code_words":
        return " ".join(EN_W[r.choice("0123456789")] for _ in range(6))
    if k == "code_cn":
        return "".join(CN_W[r.choice("0123456789")] for _ in range(6))
    if k == "land_zh":
        area = r.choice(["021", "010", "0755", "0571", "028", "027", "0512", "0591", "020", "0898"])
        n = 8 if len(area) == 3 else r.choice([7, 8])
        while True:
            loc = str(r.randint(2, 8)) + "".join(r.choice("0123456789") for _ in range(n - 1))
            s = f"{area}-{loc[:4]} {loc[4:]}" if r.random() < 0.5 else f"{area}-{loc}"
            if not text_problem(s):
                return s
    if k == "land_en":
        return r.choice([f"020 7946 {r.randint(1000, 9999)}", f"0131 496 {r.randint(1000, 9999)}",
                         f"0161 {r.randint(200, 899)} {r.randint(1000, 9999)}", f"01632 {r.randint(100000, 999999)}"])
    if k == "zip_zh":
        return str(r.choice([200040, 518057, 310012, 610041, 430070, 100083, 570203, 215021, 350001]))
    if k == "zip_uk":
        return r.choice(["EH3 9QN", "G12 8QQ", "LS6 2AB", "BS8 4RT", "CF10 3NB", "M14 5TP", "PA34 4AR", "KW15 1HR"])
    if k == "plate_zh":
        body = "".join(r.choice("0123456789" + PLATE_LET) for _ in range(5))
        if not any(c.isdigit() for c in body):
            body = body[:2] + "7" + body[3:]
        if not any(c.isalpha() for c in body):
            body = body[:1] + r.choice(PLATE_LET) + body[2:]
        return f"{r.choice(PROV)}{r.choice(PLATE_LET)}{r.choice(['·', '', ' '])}{body}"
    if k == "plate_en":
        return (f"{r.choice(UK_LET)}{r.choice(UK_LET)}{r.randint(10, 74)} "
                f"{r.choice(UK_LET)}{r.choice(UK_LET)}{r.choice(UK_LET)}")
    if k == "cabin":
        return f"{r.choice('ABCDE')}{r.randint(101, 348)}"
    if k == "km":
        return f"{r.randint(1, 19)}.{r.randint(1, 9)}"
    if k == "reading":
        return f"{r.randint(1000, 9999)}.{r.randint(0, 9)}"
    if k == "pct":
        return str(r.choice([3, 4, 5, 6, 8, 12]))
    if k == "gb":
        return str(r.choice([10, 20, 30, 40, 60, 100]))
    if k == "age":
        return str(r.choice([55, 60, 63, 65, 67]))
    if k == "ref":
        n = int(args[1])
        s = ref_digits(r, n)
        if len(args) > 2:
            s = group_str(s, int(args[2]), args[3] if len(args) > 3 else " ")
        return s
    if k == "dref":  # date-prefixed order number
        n = int(args[1])
        while True:
            m = r.randint(1, 12)
            s = ref_digits(r, n, prefix=f"2025{m:02d}{r.randint(1, 28):02d}", tries=60)
            if s:
                return s
    if k == "aref":
        pfx = args[1]
        n = int(args[2])
        if pfx.isdigit():
            return ref_digits(r, n, prefix=pfx, tries=10000)
        return pfx + ref_digits(r, n)
    if k == "ordd":
        return ordinal(r.randint(1, 28))
    if k == "alnum":
        return (r.choice(["KH", "EV", "FX", "RB", "QC", "TW"]) + "-" + "".join(r.choice(UK_LET) for _ in range(2))
                + str(r.randint(1000, 9999)))
    if k == "agent":
        return r.choice(NAMES["agent"][lang if lang != "mixed" else r.choice(["zh", "en"])])
    raise KeyError(key)


# ============================================================================================
# Words
# ============================================================================================

NAMES = {
    "agent": {"zh": ["小周", "小林", "阿杰", "晓敏", "小邓", "文静", "小罗", "佳慧"],
              "en": ["Priya", "Callum", "Dev", "Morag", "Tomasz", "Aisling", "Kwame", "Rhian"]},
    "cust": {"zh": ["王女士", "刘先生", "陈阿姨", "赵师傅", "孙先生", "黄小姐", "马大爷", "郑女士"],
             "en": ["Mr Okafor", "Ms Lindqvist", "Mrs Patel", "Gareth", "Yusuf", "Mrs Chen", "Dr Byrne", "Fiona"]},
}

DOMAINS = {
    "water": {
        "kinds": [4, 1, 3],  # phone, id_number, bank_card weights
        "greet": {"zh": ["您好，澄江水务客户服务中心，工号{ext}为您服务。", "澄江水务，您好，我是{agent}，请讲。"],
                  "en": ["Brookvale Water, you're through to {agent}, how can I help?", "Good morning, Brookvale Water customer line, {agent} speaking."],
                  "mixed": ["您好，Brookvale Water 澄江水务，我是{agent}。", "Hello 澄江水务，{agent} 为您服务。"]},
        "reason": {"zh": ["我家水管好像漏了，水表一直在转。", "我想把水费改成自动扣款。", "这个月水费怎么这么高？", "我刚搬家，要过户。"],
                   "en": ["I think there's a leak, the meter keeps spinning.", "I'd like to set up a direct debit for the water bill.", "My bill's gone up a lot this quarter.", "I've just moved in and need to put the account in my name."],
                   "mixed": ["我想 set up 一个 direct debit 交水费。", "水费 bill 这个月特别高，能查一下吗？", "刚搬家，要 transfer 一下户名。"]},
        "facts": {"zh": [("A", "系统显示您家上个月用水{n2}吨，水费是{amt}元。"), ("A", "您的户号是{ref:10}，在账单左上角。"),
                         ("A", "表号{ref:12:4}，水表盖子里面能看到。"), ("C", "我住{n2}栋{n1}单元{room}室。"),
                         ("A", "抢修热线是{hot}，二十四小时都有人。"), ("A", "明天{time_zh}开始停水检修，大概{n1}个小时。"),
                         ("A", "邮寄地址邮编是{zip_zh}对吧？"), ("C", "上次抄表是{date_zh}，读数{reading}。")],
                  "en": [("A", "Your last bill was {cur}{amt}, covering {n2} days."), ("A", "The account reference is {ref:10}, top right of the bill."),
                         ("A", "Meter serial {ref:11}, printed under the lid."), ("C", "The reading today says {reading}."),
                         ("A", "An engineer can come on {weekday} between {hour} and {hour2}."), ("A", "For leaks the emergency line is {hot_en}."),
                         ("C", "It's flat {n3}, {n2} Quarry Lane, postcode {zip_uk}.")],
                  "mixed": [("A", "您这个季度的 bill 是{amt}元。"), ("C", "meter reading 现在是{reading}。"),
                            ("A", "account reference 是{ref:10}，您记一下。"), ("A", "engineer {weekday} 上午{hour}点左右到。")]},
    },
    "clinic": {
        "kinds": [4, 4, 1],
        "greet": {"zh": ["您好，仁和医院预约挂号中心，我是{agent}。", "仁和医院预约平台，请问预约哪个科室？"],
                  "en": ["St Aldric's Hospital appointments, {agent} speaking.", "Hello, St Aldric's booking line, this is {agent}."],
                  "mixed": ["您好，St Aldric's 仁和医院 appointments，我是{agent}。"]},
        "reason": {"zh": ["我想约一个皮肤科的号。", "上次的体检报告出来了吗？", "我要改一下复诊时间。", "帮我妈妈挂个眼科。"],
                   "en": ["I need to book a follow-up with the dermatology clinic.", "I'm ringing to move my scan appointment.", "Are my blood results back yet?", "I'd like to book my dad in with the eye clinic."],
                   "mixed": ["我想 book 一个 dermatology 的号。", "上次 blood test 的 results 出来没有？", "复诊的 appointment 想改个时间。"]},
        "facts": {"zh": [("A", "给您约的是{date_zh}上午{hour}点，{n2}诊室。"), ("A", "挂号费{n2}元，到了先去自助机缴费。"),
                         ("A", "就诊卡号是{ref:10}，您保存一下。"), ("A", "报告一般{n1}个工作日出来。"),
                         ("A", "请提前{n2}分钟到门诊楼{n1}楼取号。"), ("A", "先拍个X光，再看医生。"), ("A", "有变动可以打{land_zh}转{ext}。")],
                  "en": [("A", "You're booked for {date_en} at {time_en}, clinic {n2}."), ("A", "Your hospital number is {ref:10:3}."),
                         ("A", "Please arrive {n2} minutes early."), ("A", "The X-ray department is on level {n1}."),
                         ("A", "If you need to cancel, call {land_en}, extension {ext}."), ("C", "My GP surgery's postcode is {zip_uk}.")],
                  "mixed": [("A", "appointment 约在{date_zh}{time_zh}，{n2}号诊室。"), ("A", "hospital number 是{ref:10}。"),
                            ("A", "先去拍 X-ray，{n1}楼。")]},
        "ask": {"id_number": {"zh": ["就诊人的身份证号报一下？", "实名预约，需要就诊人身份证号码。"],
                              "en": ["For the booking I need the patient's resident ID number."],
                              "mixed": ["就诊人的 ID number 报一下？"]}},
    },
    "carhire": {
        "kinds": [3, 4, 3],
        "greet": {"zh": ["途安租车门店，您好，我是{agent}。", "您好，途安租车预订专线。"],
                  "en": ["Kestrel Car Hire, airport desk, {agent} here.", "Hi, Kestrel Car Hire bookings, you're speaking to {agent}."],
                  "mixed": ["Hi，途安租车 Kestrel Car Hire，我是{agent}。"]},
        "reason": {"zh": ["我想延长两天租期。", "还车的时候押金什么时候退？", "我订了明天的车，想改成SUV。", "车在路上爆胎了。"],
                   "en": ["I'd like to extend my rental by a couple of days.", "When does the deposit come back after I return the car?", "I've got a flat tyre on the motorway.", "I want to add a second driver."],
                   "mixed": ["我想 extend 一下租期。", "押金 deposit 什么时候退？", "车 flat tyre 了，在高速上。"]},
        "facts": {"zh": [("A", "车牌是{plate_zh}，白色的。"), ("A", "押金{amti}元，还车后3到5个工作日原路退回。"),
                         ("A", "取车时间{date_zh}{time_zh}。"), ("A", "您的订单号{dref:18}。"), ("C", "现在里程表是{ref:5}公里。"),
                         ("A", "道路救援电话{hot}。")],
                  "en": [("A", "It's the grey hatchback, registration {plate_en}."), ("A", "Your booking reference is {alnum}."),
                         ("A", "The excess is {cur}{amti}."), ("A", "Pick-up is at {time_en} on {date_en}."),
                         ("C", "The clock said {ref:5} miles when I collected it."), ("A", "Roadside assistance is {hot_en}.")],
                  "mixed": [("A", "车牌 plate 是{plate_zh}。"), ("A", "booking reference {alnum}，您记一下。"), ("A", "excess 是{amti}块。")]},
        "ask": {"id_number": {"zh": ["驾驶证号就是身份证号，麻烦报一下。", "加第二驾驶人需要他的身份证号。"],
                              "en": ["Your Chinese driving licence number, which is your resident ID number, please?"],
                              "mixed": ["驾驶证号，也就是 ID number，报一下？"]},
                "bank_card": {"zh": ["押金预授权的那张卡，卡号报一下？"], "en": ["Which card is the deposit going on? The long number, please."],
                              "mixed": ["deposit 用哪张卡？卡号报一下。"]}},
    },
    "carrier": {
        "kinds": [6, 2, 2],
        "greet": {"zh": ["您好，星联通信客户挽留专席，我是{agent}。", "星联通信，您好，工号{ext}。"],
                  "en": ["Orbit Mobile, retentions team, {agent} speaking.", "Hi, you've reached Orbit Mobile, I'm {agent}."],
                  "mixed": ["您好，Orbit Mobile 星联通信，retention team，我是{agent}。"]},
        "reason": {"zh": ["我想销号，换别家了。", "合约快到期了，有什么优惠吗？", "我要携号转网。", "这个月流量怎么扣这么多钱？"],
                   "en": ["I want to cancel, I've had a better offer elsewhere.", "My contract's nearly up, what can you do for me?", "I'd like my PAC code to switch.", "Why was I charged extra for data?"],
                   "mixed": ["我想 cancel 这个 plan。", "合约快到期了，有什么 offer 吗？", "要一个 PAC code 转网。"]},
        "facts": {"zh": [("A", "您现在的套餐每月{plan_zh}元，含{gb}G流量。"), ("A", "合约还剩{n1}个月。"), ("A", "手机串号IMEI是{aref:86:15}对吧？"),
                         ("A", "宽带账号是{ref:12}。"), ("C", "验证码是{code}。"), ("A", "给您优惠到每月{plan_zh}元，送{gb}G。"),
                         ("A", "有问题可以打{hot}。")],
                  "en": [("A", "You're on the {cur}{plan} a month plan with {gb} gigs."), ("A", "There are {n1} months left on the contract."),
                         ("C", "The text code says {code_words}."), ("A", "Your PUK is {ref:8}."), ("A", "I can do {gb} gigs for {cur}{plan} a month."),
                         ("A", "The IMEI on the handset is {aref:35:15}.")],
                  "mixed": [("A", "您的 plan 每月{plan_zh}块，{gb}G data。"), ("C", "verification code 是{code}。"), ("A", "contract 还剩{n1}个月。")]},
    },
    "pension": {
        "kinds": [2, 5, 4],
        "greet": {"zh": ["您好，长青养老金管理中心，我是{agent}。", "长青养老金热线，您好，请讲。"],
                  "en": ["Evergreen Pension Trust, member services, {agent} speaking.", "Good afternoon, Evergreen Pension Trust, this is {agent}."],
                  "mixed": ["您好，Evergreen Pension Trust 长青养老金，我是{agent}。"]},
        "reason": {"zh": ["我下个月退休，想问怎么领取。", "养老金发放的卡要换一张。", "我想查一下个人账户余额。", "我父亲去世了，要办理停发。"],
                   "en": ["I retire next month and want to know how to draw my pension.", "I need to change the account my pension is paid into.", "Could you tell me my current pot value?", "I'm calling about my late father's pension."],
                   "mixed": ["我下个月 retire，想问怎么领。", "pension 发放的卡要换一张。", "想查一下 pot value。"]},
        "facts": {"zh": [("A", "您目前累计缴费{yrs}年{n1}个月。"), ("A", "个人账户余额{amtc}元。"), ("A", "法定退休年龄是{age}岁。"),
                         ("A", "会员编号{ref:12:4}。"), ("A", "从{date_zh}开始按月发放，每月{amt}元。"), ("C", "我是{ymd}参加工作的。")],
                  "en": [("A", "Your projected pension is {cur}{amtc} a year."), ("A", "Your member number is {aref:EV:9}."), ("A", "You joined the scheme on {date_en}."),
                         ("A", "Normal retirement age is {age}."), ("A", "Contributions are {pct} per cent of salary."), ("A", "Payments go out on the {ordd} of each month.")],
                  "mixed": [("A", "您的 pot value 是{amtc}元。"), ("A", "member number {aref:EV:9}。"), ("A", "retirement age 是{age}岁。")]},
        "ask": {"bank_card": {"zh": ["养老金发放到哪张卡？卡号报一下。", "新的发放卡卡号是多少？"],
                              "en": ["Which card should the pension be paid to? The full card number, please."],
                              "mixed": ["pension 发放的新卡，card number 是？"]}},
    },
    "rider": {
        "kinds": [4, 2, 4],
        "greet": {"zh": ["飞骑配送骑手服务站，您好，我是{agent}。", "您好，飞骑骑手支持，请问有什么问题？"],
                  "en": ["Dashline rider support, {agent} here.", "Hi, Dashline riders helpline, you're through to {agent}."],
                  "mixed": ["飞骑 Dashline rider support，我是{agent}。"]},
        "reason": {"zh": ["上周的配送费还没到账。", "我这单被判超时了，想申诉。", "顾客电话打不通，餐放哪？", "我想换一张结算卡。"],
                   "en": ["Last week's earnings haven't landed.", "An order got flagged late and it wasn't my fault.", "The customer isn't answering, where do I leave it?", "I need to change my payout card."],
                   "mixed": ["上周的 earnings 还没到账。", "这单被判 late 了，我要申诉。", "customer 电话打不通。"]},
        "facts": {"zh": [("A", "这一单的订单号是{dref:19}。"), ("A", "配送费{fee}元，超时扣了{n1}块。"), ("A", "系统显示超时{n2}分钟。"),
                         ("C", "距离有{km}公里，还下雨。"), ("A", "您今天一共跑了{n2}单。"), ("A", "站点在文一路{n3}号。"), ("A", "骑手工号{ref:6}。")],
                  "en": [("A", "Order {dref:18} was marked late by {n2} minutes."), ("A", "The delivery fee was {cur}{fee}."), ("A", "You did {n2} drops today."),
                         ("A", "Your rider ID is R{ref:6}."), ("C", "It was {km} miles in the rain."), ("A", "Payouts run every {weekday}.")],
                  "mixed": [("A", "order number 是{dref:19}。"), ("A", "delivery fee {fee}元。"), ("A", "您今天跑了{n2}单 drops。")]},
        "ask": {"bank_card": {"zh": ["新的结算卡卡号报一下？", "配送费打到哪张卡？卡号说一下。"],
                              "en": ["What's the long number on the new payout card?"], "mixed": ["payout 的结算卡卡号是？"]}},
    },
    "ferry": {
        "kinds": [4, 3, 3],
        "greet": {"zh": ["海澜轮渡售票处，您好，我是{agent}。", "您好，海澜轮渡客服。"],
                  "en": ["Islay Sound Ferries, bookings, {agent} speaking.", "Hello, Islay Sound Ferries, {agent} here."],
                  "mixed": ["您好，Islay Sound Ferries 海澜轮渡，我是{agent}。"]},
        "reason": {"zh": ["我想订明天去岛上的船票，带车。", "船停航了，票怎么退？", "我要改签到下午的班次。", "帮老人订一张优惠票。"],
                   "en": ["I'd like to book the car over on Friday's sailing.", "The sailing was cancelled, how do I get a refund?", "Can I move to the afternoon crossing?", "I'm booking for my grandmother, she gets the concession fare."],
                   "mixed": ["我想 book 明天的 sailing，带车。", "sailing cancel 了，怎么 refund？", "改到下午的 crossing 可以吗？"]},
        "facts": {"zh": [("A", "{date_zh}{time_zh}那一班，{cabin}舱位。"), ("A", "车牌{plate_zh}，随船托运。"), ("A", "票价{amti}元每人，两个大人一个小孩。"),
                         ("A", "订票号{ref:14}。"), ("A", "航程大约{n2}分钟。"), ("A", "码头咨询电话{land_zh}。")],
                  "en": [("A", "That's the {time_en} sailing on {date_en}."), ("A", "Cabin {cabin}, starboard side."), ("A", "Vehicle registration {plate_en}."),
                         ("A", "Two adults and a child come to {cur}{fare}."), ("A", "Booking ref {alnum}."), ("A", "Check-in closes {n2} minutes before departure.")],
                  "mixed": [("A", "sailing 是{date_zh}{time_zh}，cabin {cabin}。"), ("A", "booking ref {alnum}。"), ("A", "vehicle 车牌{plate_zh}。")]},
    },
}

ASK = {
    "phone": {"zh": ["方便留个手机号吗？", "您的手机号码是多少？", "麻烦报一下您的联系电话。", "登记的手机号是？", "留一个能找到您的手机号吧。", "您手机号多少，我给您备注。"],
              "en": ["What's the best mobile number for you?", "Could I take a contact mobile, please?", "Can you give me the mobile number on the account?", "And a mobile we can text?", "Which mobile should we call you back on?"],
              "mixed": ["您的 mobile number 是多少？", "留个 phone number 给我们吧。", "Can you 报一下手机号？", "那 contact number 是？"]},
    "id_number": {"zh": ["请您报一下身份证号码。", "需要核对一下您的身份证号。", "麻烦提供一下证件号码，身份证的。", "办这个要身份证号，您说一下？"],
                  "en": ["For security, could I take your resident ID number?", "Could you read me the ID card number, please?", "Can you confirm the resident identity card number?"],
                  "mixed": ["请报一下您的 ID number。", "您的身份证 number 是？", "Please 报一下身份证号。"]},
    "bank_card": {"zh": ["退款打到哪张卡上？卡号说一下。", "请提供一下银行卡号。", "绑定的那张卡，卡号报一下？"],
                  "en": ["Which card should the refund go to? The long number, please.", "Can I take the card number?", "Could you read out the bank card number?"],
                  "mixed": ["银行卡 card number 报一下？", "refund 退到哪张卡？卡号多少？"]},
}
INTRO = {
    "phone": {"zh": ["我的手机是", "手机号", "号码是", "嗯，", "你记一下，", "是", ""], "en": ["Sure, it's ", "It's ", "Yeah, ", "OK so it's ", "Right, ", ""],
              "mixed": ["我的 number 是 ", "OK，是", "手机号是 ", "Sure，"]},
    "id_number": {"zh": ["身份证号是", "好的，", "证件号码", "我念一下：", ""], "en": ["It's ", "OK, ", "Sure, ", "Right, it's "],
                  "mixed": ["ID number 是 ", "好，", "OK，身份证是"]},
    "bank_card": {"zh": ["卡号是", "是张储蓄卡，", "我看一下卡……", "好，"], "en": ["The card number is ", "It's ", "Right, here it is: ", "OK, "],
                  "mixed": ["card number 是 ", "卡号 is ", "好，"]},
}
END = {"zh": ["。", "。", "，就这个。", "。"], "en": [".", ".", ", that's it.", "."], "mixed": ["。", ".", "，that's it。"]}
TRAIL = {"zh": ["……", "，", "——", "……"], "en": ["...", ",", " -", "..."], "mixed": ["……", "...", "，"]}
ACK = {"zh": ["好的，记下了。", "收到。", "好，我这边登记上了。", "好的，稍等，我录进去。", "行，已经备注了。"],
       "en": ["Got it, thanks.", "Lovely, that's noted.", "Perfect.", "OK, I've popped that in.", "Great, that's saved."],
       "mixed": ["OK，记下了。", "好的，noted。", "收到，thanks。"]}
BACK = {"zh": ["嗯。", "嗯嗯。", "好，您继续。", "对，然后呢？", "我在记，您说。", "后面呢？", "嗯，请讲。"],
        "en": ["Mm-hm.", "Yep.", "OK, go on.", "Got that, and then?", "Right.", "Sorry, the rest?", "Uh-huh, keep going."],
        "mixed": ["OK，您说。", "嗯，go ahead。", "Got it，后面呢？", "嗯嗯，continue。"]}
QUESTION = {"zh": ["这是您本人的号吗？", "您慢点说，我这边要录入。", "稍等，我切个页面……好了，您说。", "是储蓄卡还是信用卡？"],
            "en": ["Is that your own?", "Sorry, could you slow down a bit?", "Hang on, let me get the right screen up... OK.", "Is that a personal account?"],
            "mixed": ["这是您本人的吗？", "Sorry，慢一点说？", "等下，let me get a pen……OK。"]}
CORR = {"zh": ["不对不对，", "哦不是，", "说错了，", "等一下，我重新说，", "啊不好意思念错了，", "不是不是，重来：", "错了，看串行了，"],
        "en": ["sorry, no wait, ", "no, let me start again: ", "scratch that, ", "hang on, that's wrong. It's ", "actually no, ", "sorry, I mixed that up. "],
        "mixed": ["不对，sorry，", "no no，说错了，", "等下 let me start again，", "scratch that，重来，"]}
RB_INTRO = {"zh": ["跟您核对一下，", "我复述一遍：", "好的，是", "我这边记的是", "确认一下，"],
            "en": ["Let me read that back: ", "So that's ", "Just to confirm, ", "I've got "],
            "mixed": ["我 read back 一下：", "OK，so 是", "确认一下，"]}
RB_END = {"zh": ["，对吗？", "，没错吧？", "，是这个吧？", "？"], "en": [", is that right?", ", correct?", "?", ", yes?"], "mixed": ["，对吗？", ", right?", "，correct？"]}
RB_TAIL = {"zh": ["尾号{x}，对吗？", "后四位是{x}，对吧？", "最后几位是{x}吗？"], "en": ["That's the number ending {x}, yes?", "So the last digits are {x}?", "Ending {x}, right?"],
           "mixed": ["尾号 {x}，right？", "ending {x}，对吗？"]}
CONFIRM = {"zh": ["对。", "没错。", "对的对的。", "是的。"], "en": ["That's right.", "Yes.", "Correct.", "Yep, that's it."], "mixed": ["对，correct。", "Yes，没错。", "对的。"]}
DENY = {"zh": ["不对，是{x}。", "不是，{x}。", "错了，应该是{x}。", "最后那几个不对，是{x}。"], "en": ["No, it's {x}.", "Not quite, {x}.", "No, {x}.", "That's wrong, it should be {x}."],
        "mixed": ["不对，it's {x}。", "No，是{x}。"]}
CLOSE_A = {"zh": ["好的，还有别的问题吗？", "感谢来电，祝您生活愉快。", "那就先这样，有问题再打过来。"],
           "en": ["Anything else I can help with today?", "Thanks for calling, have a good day.", "That's all sorted, then."],
           "mixed": ["OK，还有别的吗？", "好的，have a nice day。", "Thanks，再见。"]}
CLOSE_C = {"zh": ["没有了，谢谢。", "好，拜拜。", "行，麻烦你了。"], "en": ["No, that's everything, thanks.", "Cheers, bye.", "Brilliant, thank you."],
           "mixed": ["没了，thanks。", "OK，拜拜。", "好，bye bye。"]}
CHECK_APART = {"zh": ["，最后一位是{X}。", "，末位是{X}。", "……最后是{X}。", "，尾巴上还有个{X}。"],
               "en": [", ending in {X}.", ", and the last character is {X}.", "... and then {X} at the end."],
               "mixed": ["，最后一位是 {X}。", ", ending in {X}。", "，last character 是{X}。"]}
CHECK_APART_X = {"zh": ["，然后最后一个是字母{X}。", "，最后是个大写的{X}。"], "en": [", then the letter {X}.", ", and a capital {X} on the end."],
                 "mixed": ["，最后是字母 {X}。", ", then the letter {X}。"]}
ASK_LAST = {"zh": ["最后一位呢？", "还差最后一位。", "最后一位是数字还是字母？"], "en": ["And the last character?", "I think I'm missing the last character?", "Is the last character a digit or a letter?"],
            "mixed": ["最后一位呢？last character？", "still missing the last 一位。"]}
MORE = {"phone": {"zh": ["再留一个紧急联系人的手机吧。", "家里人的电话也留一个？", "还有备用号码吗？"],
                  "en": ["Could I also take an emergency contact mobile?", "Is there a second number we can try?", "And your partner's mobile, in case?"],
                  "mixed": ["emergency contact 的手机也留一个？", "备用号码 second number 有吗？"]},
        "id_number": {"zh": ["还需要核对一下身份证号。", "另外身份证号也报一下。"], "en": ["I'll also need your resident ID number.", "And the ID card number as well, please."],
                      "mixed": ["还要 ID number。", "身份证 number 也报一下。"]},
        "bank_card": {"zh": ["那退款的卡号呢？", "还要一个银行卡号。"], "en": ["And the card number for the refund?", "Now the bank card, please."],
                      "mixed": ["refund 的卡号呢？", "bank card number 也要一下。"]}}
NEG_CORE = {
    "zh": [("A", "身份证号是18位的，最后一位可能是字母，您对着证件念就行。"), ("C", "卡号我现在手上没有，回头在APP里绑吧。"),
           ("C", "手机号就不留了，有事打这个座机{land_zh}。"), ("A", "卡号一般是16到19位，在卡正面。"), ("A", "验证码{code}已经发出去了，五分钟内有效。"),
           ("C", "我刚收到的验证码是{code_cn}。"), ("A", "您要是不方便，身份证号可以明天到柜台再补。"), ("A", "转人工请按{n1}，查询请按{n1}。")],
    "en": [("A", "The card number's the long one across the front, we'll take it at the desk."), ("C", "I'd rather not give my mobile over the phone."),
           ("A", "I've sent a code, it's valid for {n2} minutes."), ("C", "The code I've got is {code_words}."),
           ("C", "Best to ring the landline, {land_en}."), ("A", "Press {n1} for billing or stay on the line."), ("A", "Extension {ext_words} will put you straight through.")],
    "mixed": [("A", "ID number 是18位的，最后一位可能是字母。"), ("C", "card 不在身上，回头 app 里绑。"), ("A", "verification code {code} 发出去了，{n2}分钟有效。"),
              ("C", "打我 landline 吧，{land_zh}。")],
}


def pick(r, lang, bank):
    if lang == "mixed":
        opts = bank.get("mixed") or []
        if opts and r.random() < 0.65:
            return r.choice(opts)
        return r.choice(bank[r.choice(["zh", "en"])])
    return r.choice(bank[lang])


# ============================================================================================
# Turns and calls
# ============================================================================================

class Turn:
    def __init__(self, role, parts, cont=False):
        self.role = role
        self.parts = [p for p in parts if not (isinstance(p, str) and p == "")]
        self.cont = cont

    def build(self):
        """(text, spans [(start, end, kind, last4)], cuts)."""
        s = ""
        spans, cuts = [], set()
        for p in self.parts:
            if isinstance(p, str):
                if s and p and s[-1].isascii() and s[-1].isalpha() and not p[0].isascii():
                    if p[0] not in "，。？！、：；……——":
                        s += " "
                s += p
                continue
            first = p.atoms[0][0]
            if s and not s[-1].isspace() and not s[-1].isascii() and first[0].isascii() and first[0].isalpha():
                s += " "
            st = len(s)
            for k, (t, sep) in enumerate(p.atoms):
                cuts.add(len(s))
                s += t
                if k < len(p.atoms) - 1:
                    s += sep
            spans.append((st, len(s), p.kind, p.last4))
            cuts.add(len(s))
        return s, spans, cuts


class Ctx:
    def __init__(self, r, lang, dom, fmt, phen):
        self.r, self.lang, self.dom, self.fmt, self.phen = r, lang, dom, fmt, phen
        self.d = DOMAINS[dom]
        self.nl = lang if lang != "mixed" else r.choice(["zh", "en"])
        self.agent = r.choice(NAMES["agent"][self.nl])
        self.cust = r.choice(NAMES["cust"][self.nl])
        self.used = set()

    def pick(self, bank):
        return pick(self.r, self.lang, bank)

    def f(self, tpl):
        return fill(self.r, tpl.replace("{agent}", self.agent), self.lang)

    def kind(self):
        return self.r.choices(["phone", "id_number", "bank_card"], self.d["kinds"])[0]

    def ask(self, kind):
        bank = self.d.get("ask", {}).get(kind)
        if bank and self.r.random() < 0.5:
            return Turn("A", [self.pick(bank)])
        return Turn("A", [self.pick(ASK[kind])])

    def intro(self, kind):
        return self.pick(INTRO[kind])

    def style(self, kind, phen=None, mode=None):
        return new_style(self.r, self.lang, kind, self.fmt, phen or self.phen, mode)

    def agent_style(self, kind, like):
        """The agent's own way of reading back: often Arabic, else as heard."""
        if self.r.random() < 0.5:
            return like
        return self.style(kind, phen="plain")

    def fact(self, role_filter=None):
        r = self.r
        lang = self.lang
        facts = self.d["facts"]
        if lang == "mixed":
            src = facts["mixed"] if r.random() < 0.5 else facts[r.choice(["zh", "en"])]
        else:
            src = facts[lang]
        fresh = [x for x in src if x[1] not in self.used] or src
        role, tpl = r.choice(fresh)
        self.used.add(tpl)
        return Turn(role, [self.f(tpl)])

    def end(self):
        return self.pick(END)


def frame(c, core, nfacts_before=None, nfacts_after=None):
    r = c.r
    turns = [Turn("A", [c.f(c.pick(c.d["greet"]))]), Turn("C", [c.pick(c.d["reason"])])]
    if nfacts_before is None:
        nfacts_before = r.choice([0, 0, 1, 1, 2])
    if nfacts_after is None:
        nfacts_after = r.choice([0, 1, 1, 2])
    for _ in range(nfacts_before):
        turns.append(c.fact())
        if r.random() < 0.4:
            turns.append(Turn("C" if turns[-1].role == "A" else "A", [c.pick(ACK if turns[-1].role == "C" else CONFIRM)]))
    turns.extend(core)
    for _ in range(nfacts_after):
        turns.append(c.fact())
    turns.append(Turn("A", [c.pick(CLOSE_A)]))
    if r.random() < 0.7:
        turns.append(Turn("C", [c.pick(CLOSE_C)]))
    return turns


# ---------------------------------------------------------------------------------- scenarios

def sc_plain(c, fills=0):
    r = c.r
    kind = c.kind()
    d = make_number(r, kind)
    st = c.style(kind)
    num = say(r, d, st, kind, True, fills=fills)
    core = [c.ask(kind), Turn("C", [c.intro(kind), num, c.end()]), Turn("A", [c.pick(ACK)])]
    return core, f"{kind}/{st['tag']}"


def sc_filler(c):
    return sc_plain(c, fills=c.r.choice([2, 2, 3, 4]))


def sc_chunks(c):
    r = c.r
    kind = c.kind()
    d = make_number(r, kind)
    st = c.style(kind)
    num = say(r, d, st, kind, True, fills=1 if r.random() < 0.2 else 0)
    core = [c.ask(kind), Turn("C", [c.intro(kind), num, c.end()])]
    tag = f"{kind}/{st['tag']}"
    if r.random() < 0.35:  # the agent's read-back comes out of the recogniser in chunks too
        st2 = c.style(kind)
        core += [Turn("A", [c.pick(RB_INTRO), say(r, d, st2, kind, True), c.pick(RB_END)]), Turn("C", [c.pick(CONFIRM)])]
        tag += "/readback"
    else:
        core.append(Turn("A", [c.pick(ACK)]))
    return core, tag


def sc_glued(c):
    return sc_plain(c)


def sc_interruption(c):
    r = c.r
    kind = c.kind()
    d = make_number(r, kind)
    st = c.style(kind)
    other = "A"
    variant = r.random()
    if variant < 0.7:
        nparts = 2 if r.random() < 0.7 else 3
        parts = say_split(r, d, st, kind, nparts)
        core = [c.ask(kind), Turn("C", [c.intro(kind), parts[0], c.pick(TRAIL)])]
        said = set()
        for k in range(1, nparts):
            for _ in range(20):
                line = c.pick(BACK if r.random() < 0.7 else QUESTION)
                if line not in said:
                    break
            said.add(line)
            core.append(Turn(other, [line]))
            core.append(Turn("C", [parts[k], c.pick(TRAIL) if k < nparts - 1 else c.end()]))
        core.append(Turn("A", [c.pick(ACK)]))
        return core, f"{kind}/{st['tag']}/cust-split{nparts}"
    # the agent reads it back in pieces and the caller confirms in between
    whole = say(r, d, st, kind, True)
    st2 = c.agent_style(kind, st)
    parts = say_split(r, d, st2, kind, 2)
    core = [c.ask(kind), Turn("C", [c.intro(kind), whole, c.end()]),
            Turn("A", [c.pick(RB_INTRO), parts[0], c.pick(TRAIL)]), Turn("C", [c.pick(CONFIRM)]),
            Turn("A", [parts[1], c.pick(RB_END)]), Turn("C", [c.pick(CONFIRM)])]
    return core, f"{kind}/{st['tag']}/agent-readback-split"


def sc_continuation(c):
    r = c.r
    kind = c.kind()
    d = make_number(r, kind)
    st = c.style(kind)
    nparts = 2 if r.random() < 0.75 else 3
    parts = say_split(r, d, st, kind, nparts, fills=1 if r.random() < 0.2 else 0)
    core = [c.ask(kind), Turn("C", [c.intro(kind), parts[0], c.pick(TRAIL) if r.random() < 0.6 else ""])]
    for k in range(1, nparts):
        core.append(Turn("C", [parts[k], c.pick(TRAIL) if k < nparts - 1 else c.end()], cont=True))
    core.append(Turn("A", [c.pick(ACK)]))
    return core, f"{kind}/{st['tag']}/cont{nparts}"


def sc_correction(c):
    r = c.r
    kind = c.kind()
    d = make_number(r, kind)
    st = c.style(kind)
    v = r.choice(["prefix", "prefix", "wrong-tail", "full-wrong", "restart-same"])
    if v == "prefix":  # an abandoned start of a wrong number, then the right one
        wrong, pos = mishear(r, kind, d, lo=1 if kind == "phone" else 3, hi=5 if kind == "phone" else 9)
        cut = r.randint(pos + 1, min(len(d) - 3, pos + 5))
        pre = say(r, wrong[:cut], st, kind, False, groups=std_groups(r, kind, cut))
        core = [c.ask(kind), Turn("C", [c.intro(kind), pre, c.pick(TRAIL) if r.random() < 0.5 else "，" if c.lang != "en" else ",",
                                        " " if c.lang == "en" else "", c.pick(CORR), say(r, d, st, kind, True), c.end()]),
                Turn("A", [c.pick(ACK)])]
    elif v == "restart-same":  # the caller loses the place and starts again
        cut = r.randint(4, len(d) - 4)
        pre = say(r, d[:cut], st, kind, False, groups=std_groups(r, kind, cut))
        core = [c.ask(kind), Turn("C", [c.intro(kind), pre, c.pick(TRAIL)]),
                Turn("C", [c.pick(CORR), say(r, d, st, kind, True), c.end()], cont=r.random() < 0.5),
                Turn("A", [c.pick(ACK)])]
    elif v == "wrong-tail":  # whole number with a wrong ending, then only the ending again
        tail = 4
        wrong, _ = mishear(r, kind, d, lo=len(d) - tail, hi=len(d) - 1 if kind != "id_number" else 16)
        if kind == "id_number":
            wrong, _ = mishear(r, kind, d, lo=14, hi=16)
        full_wrong = say(r, wrong, st, kind, False)
        fixed = say(r, d[-tail:], st, kind, True, groups=[tail])
        corr = r.choice({"zh": ["不对不对，", "哦不是，", "说错了，", "啊不好意思念错了，"], "en": ["sorry, no wait, ", "scratch that, ", "actually no, "],
                         "mixed": ["不对，sorry，", "no no，说错了，"]}[c.lang])
        tpl = r.choice({"zh": ["最后四位是{x}", "后面是{x}", "尾号应该是{x}"], "en": ["the last bit is {x}", "it ends {x}", "the end is {x}"],
                        "mixed": ["最后是 {x}", "it ends {x}"]}[c.lang])
        a, b = tpl.split("{x}")
        core = [c.ask(kind), Turn("C", [c.intro(kind), full_wrong, "，" if c.lang != "en" else ", ", corr, a, fixed, b, c.end()]),
                Turn("A", [c.pick(ACK)])]
    else:  # a whole wrong number (one digit off in the middle), then the whole right one
        wrong, _ = mishear(r, kind, d, lo=3, hi=len(d) - 5)
        core = [c.ask(kind), Turn("C", [c.intro(kind), say(r, wrong, st, kind, True), c.end()]),
                Turn("C", [c.pick(CORR), say(r, d, st, kind, True), c.end()], cont=True),
                Turn("A", [c.pick(ACK)])]
    return core, f"{kind}/{st['tag']}/{v}"


def sc_readback(c):
    r = c.r
    v = r.choice(["full", "full", "tail", "misheard", "misheard", "tail-misheard"])
    kind = c.kind()
    if v == "misheard" and r.random() < 0.5:  # misheard IDs and cards fail their checks
        kind = r.choice(["id_number", "bank_card"])
    d = make_number(r, kind)
    st = c.style(kind)
    whole = say(r, d, st, kind, True)
    st2 = c.agent_style(kind, st)
    core = [c.ask(kind), Turn("C", [c.intro(kind), whole, c.end()])]
    if v == "full":
        core += [Turn("A", [c.pick(RB_INTRO), say(r, d, st2, kind, True), c.pick(RB_END)]), Turn("C", [c.pick(CONFIRM)])]
    elif v == "tail":
        k = 4 if kind != "id_number" else r.choice([4, 6])
        tpl = c.pick(RB_TAIL)
        if kind == "id_number" and k == 6:
            tpl = tpl.replace("后四位", "后六位").replace("last digits", "last six")
        a, b = tpl.split("{x}")
        core += [Turn("A", [a, say(r, d[-k:], st2, kind, True, groups=[k]), b]), Turn("C", [c.pick(CONFIRM)])]
    elif v == "misheard":
        wrong, pos = mishear(r, kind, d)
        core.append(Turn("A", [c.pick(RB_INTRO), say(r, wrong, st2, kind, True), c.pick(RB_END)]))
        if r.random() < 0.5:  # the caller repeats all of it
            a, b = c.pick(DENY).split("{x}")
            core.append(Turn("C", [a, say(r, d, st, kind, True), b]))
        else:  # the caller repeats the group holding the wrong digit, to the end
            start = max(0, pos - 2)
            a, b = c.pick(DENY).split("{x}")
            core.append(Turn("C", [a, say(r, d[start:], st, kind, True, groups=std_groups(r, kind, len(d) - start)), b]))
        if r.random() < 0.5:
            core.append(Turn("A", [c.pick(RB_INTRO), say(r, d, st2, kind, True), c.pick(RB_END)]))
            core.append(Turn("C", [c.pick(CONFIRM)]))
        else:
            core.append(Turn("A", [c.pick(ACK)]))
    else:  # tail read back wrong, corrected
        wrong, _ = mishear(r, kind, d, lo=len(d) - 4, hi=len(d) - 1 if kind != "id_number" else 16)
        a, b = c.pick(RB_TAIL).split("{x}")
        core.append(Turn("A", [a, say(r, wrong[-4:], st2, kind, True, groups=[4]), b]))
        a2, b2 = c.pick(DENY).split("{x}")
        core.append(Turn("C", [a2, say(r, d[-4:], st, kind, True, groups=[4]), b2]))
        core.append(Turn("A", [c.pick(ACK)]))
    return core, f"{kind}/{st['tag']}/{v}"


def sc_check_apart(c):
    r = c.r
    want_x = r.random() < 0.8
    d = make_id(r, want_x)
    st = c.style("id_number")
    body = say(r, d[:17], st, "id_number", False)
    xst = dict(st)
    if c.lang == "en" or (c.lang == "mixed" and r.random() < 0.5):
        xmode = "en" if d[17] != "X" else "ar"
    else:
        xmode = r.choice(["ar", "cn"])
    xchar = render_group(r, d[17], xmode, xst)
    if d[17] == "X":
        xchar = [[r.choice(["X", "X", "x", "叉", "Ｘ"]) if c.lang == "zh" else r.choice(["X", "X", "x"]), ""]]
    xnum = Num(xchar, "id_number", False)
    v = r.choice(["same-turn", "same-turn", "asked", "next-line"])
    core = [c.ask("id_number")]
    if v == "same-turn":
        bank = CHECK_APART_X if d[17] == "X" and r.random() < 0.4 else CHECK_APART
        a, b = c.pick(bank).split("{X}")
        core.append(Turn("C", [c.intro("id_number"), body, a, xnum, b]))
    elif v == "asked":
        core.append(Turn("C", [c.intro("id_number"), body, c.pick(TRAIL)]))
        core.append(Turn("A", [c.pick(ASK_LAST)]))
        core.append(Turn("C", [r.choice({"zh": ["是", "", "最后是"], "en": ["It's ", "", "Letter "], "mixed": ["是 ", "It's "]}[c.lang]), xnum,
                               c.end()]))
    else:
        core.append(Turn("C", [c.intro("id_number"), body, c.pick(TRAIL)]))
        core.append(Turn("C", [r.choice({"zh": ["最后是", "末位", "还有个"], "en": ["Then ", "And ", "Last character, "], "mixed": ["最后是 ", "And "]}[c.lang]),
                               xnum, c.end()], cont=True))
    core.append(Turn("A", [c.pick(ACK)]))
    return core, f"id_number/{st['tag']}/{v}/{'X' if d[17] == 'X' else 'digit'}"


def sc_multi(c):
    r = c.r
    kinds = r.sample(["phone", "id_number", "bank_card"], r.choice([2, 2, 3]))
    if r.random() < 0.2:
        kinds = ["phone", "phone"]
    core = []
    tags = []
    for i, kind in enumerate(kinds):
        d = make_number(r, kind)
        st = c.style(kind)
        ask = c.ask(kind) if i == 0 else Turn("A", [c.pick(MORE[kind])])
        core.append(ask)
        if r.random() < 0.25 and i > 0:
            parts = say_split(r, d, st, kind, 2)
            core += [Turn("C", [c.intro(kind), parts[0], c.pick(TRAIL)]), Turn("A", [c.pick(BACK)]), Turn("C", [parts[1], c.end()])]
        else:
            core.append(Turn("C", [c.intro(kind), say(r, d, st, kind, True), c.end()]))
        if r.random() < 0.35:
            a, b = c.pick(RB_TAIL).split("{x}")
            core.append(Turn("A", [a, say(r, d[-4:], c.agent_style(kind, st), kind, True, groups=[4]), b]))
            core.append(Turn("C", [c.pick(CONFIRM)]))
        else:
            core.append(Turn("A", [c.pick(ACK)]))
        if r.random() < 0.5:
            core.append(c.fact())
        tags.append(kind)
    return core, "+".join(tags)


REF_LABELS = {
    "water": [("户号", "account reference", [10, 12]), ("表号", "meter serial", [12, 14])],
    "clinic": [("就诊卡号", "hospital number", [10, 12]), ("预约单号", "booking number", [14, 16])],
    "carhire": [("订单号", "booking number", [16, 18]), ("合同号", "agreement number", [12, 11])],
    "carrier": [("宽带账号", "broadband account number", [12, 11]), ("工单号", "ticket number", [16, 19])],
    "pension": [("会员编号", "member number", [12, 18]), ("业务流水号", "transaction reference", [20, 19])],
    "rider": [("订单号", "order number", [19, 18]), ("骑手编号", "rider number", [8, 9])],
    "ferry": [("订票号", "booking number", [14, 16]), ("船票号", "ticket number", [18, 11])],
}


def speak(c, digits, fills=0, phen="plain"):
    st = c.style("ref", phen=phen)
    return say(c.r, digits, st, "ref", False, fills=fills).text()


def neg_dialogue(c):
    """A reference number (never one of the sensitive kinds) handled the way the numbers are."""
    r = c.r
    zh = c.lang == "zh" or (c.lang == "mixed" and r.random() < 0.5)
    zl, el, lens = r.choice(REF_LABELS[c.dom])
    label = zl if zh else el
    digits = ref_digits(r, r.choice(lens))
    v = r.choice(["readback", "split", "correction", "tail", "code", "landline", "ext", "fillers"])
    if v == "readback":
        first = Turn("C", [f"{label}是{speak(c, digits)}。" if zh else f"The {label} is {speak(c, digits)}."])
        back = Turn("A", [f"好的，{label}{speak(c, digits)}，对吗？" if zh else f"So that's {speak(c, digits)}, yes?"])
        return [first, back, Turn("C", [c.pick(CONFIRM)])], v
    if v == "split":
        g = std_groups(r, "ref", len(digits))
        g = split_groups(r, g, "ref")
        cut = sum(g[:max(1, len(g) // 2)])
        a, b = speak(c, digits[:cut]), speak(c, digits[cut:])
        t1 = Turn("C", [f"{label}是{a}……" if zh else f"The {label}'s {a}..."])
        return [t1, Turn("A", [c.pick(BACK)]), Turn("C", [f"{b}。" if zh else f"{b}."])], v
    if v == "correction":
        while True:
            k = r.randint(2, len(digits) - 1)
            wrong = digits[:k] + r.choice([x for x in "0123456789" if x != digits[k]]) + digits[k + 1:]
            if not run_problem(wrong):
                break
        corr = r.choice(["不对，", "说错了，", "哦不是，"]) if zh else r.choice(["sorry, no, ", "scratch that, ", "wait, "])
        txt = (f"{label}是{speak(c, wrong)}，{corr}{speak(c, digits)}。" if zh
               else f"The {label} is {speak(c, wrong)}, {corr}{speak(c, digits)}.")
        return [Turn("C", [txt]), Turn("A", [c.pick(ACK)])], v
    if v == "tail":
        tail = speak(c, digits[-4:])
        txt = f"是{label}尾号{tail}的那个吗？" if zh else f"Is that the {label} ending {tail}?"
        return [Turn("A", [txt]), Turn("C", [c.pick(CONFIRM)])], v
    if v == "code":
        code = "".join(r.choice("0123456789") for _ in range(r.choice([4, 6])))
        txt = f"验证码是{speak(c, code, fills=r.choice([0, 1, 2]))}。" if zh else f"The code's {speak(c, code, fills=r.choice([0, 1, 2]))}."
        return [Turn("A", ["验证码发到您手机上了，念一下？" if zh else "I've texted you a code, can you read it out?"]), Turn("C", [txt])], v
    if v == "landline":
        while True:
            if zh:
                area = r.choice(["021", "010", "0755", "0571", "028", "027", "0512"])
                d = area + str(r.randint(2, 8)) + "".join(r.choice("0123456789") for _ in range(7 if len(area) == 3 else 6))
            else:
                d = r.choice(["0207946", "0131496", "0161496", "0113496"]) + "".join(r.choice("0123456789") for _ in range(4))
            if not run_problem(d):
                break
        txt = f"座机是{speak(c, d)}，白天打。" if zh else f"The landline's {speak(c, d)}, best in the daytime."
        return [Turn("A", ["有固定电话吗？" if zh else "Is there a landline as well?"]), Turn("C", [txt])], v
    if v == "ext":
        e = str(r.randint(2000, 8999))
        txt = f"您直接拨总机，转分机{speak(c, e)}就是我。" if zh else f"Ask for extension {speak(c, e)}, that's my desk."
        return [Turn("A", [txt])], v
    txt = (f"{label}是{speak(c, digits, fills=r.choice([1, 2]))}。" if zh
           else f"The {label} is {speak(c, digits, fills=r.choice([1, 2]))}.")
    return [Turn("C", [txt]), Turn("A", [c.pick(ACK)])], v


def sc_negative(c):
    r = c.r
    core = []
    for _ in range(r.choice([1, 2, 3, 3])):
        core.append(c.fact())
        if r.random() < 0.5:
            core.append(Turn("C" if core[-1].role == "A" else "A", [c.pick(CONFIRM if core[-1].role == "A" else ACK)]))
    tag = "facts"
    if r.random() < 0.6:
        turns, v = neg_dialogue(c)
        at = r.randint(0, len(core))
        core[at:at] = turns
        tag += "+ref-" + v
    if r.random() < 0.4:
        role, tpl = pick(r, c.lang, NEG_CORE)
        core.insert(r.randint(0, len(core)), Turn(role, [c.f(tpl)]))
        tag += "+near-miss"
    return frame(c, core, 0, 0), tag


SCENARIOS = {"plain": sc_plain, "interruption": sc_interruption, "continuation": sc_continuation,
             "correction": sc_correction, "filler": sc_filler, "asr-chunks": sc_chunks, "readback": sc_readback,
             "check-char-apart": sc_check_apart, "glued-words": sc_glued, "multi-number": sc_multi}


# ============================================================================================
# Layouts
# ============================================================================================

def hms(t):
    t = int(t)
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def ms(t):
    return f"{int(t) // 60:02d}:{t % 60:06.3f}"


TEXT_LAYOUTS = [
    # name, langs it suits, fn(role, t, names) -> prefix
    ("cn-colon", ("zh", "mixed"), lambda ro, t, nm: {"A": "坐席：", "C": "客户："}[ro]),
    ("cn-colon-ascii", ("zh", "mixed"), lambda ro, t, nm: {"A": "客服: ", "C": "用户: "}[ro]),
    ("role-en", ("en", "mixed"), lambda ro, t, nm: {"A": "Agent: ", "C": "Customer: "}[ro]),
    ("AB", ("zh", "en", "mixed"), lambda ro, t, nm: {"A": "A: ", "C": "B: "}[ro]),
    ("ts-bracket-cn", ("zh", "mixed"), lambda ro, t, nm: f"[{hms(t)}] " + {"A": "坐席：", "C": "客户："}[ro]),
    ("speaker-n", ("en", "zh", "mixed"), lambda ro, t, nm: {"A": "Speaker 1: ", "C": "Speaker 2: "}[ro]),
    ("spk-tab", ("en", "zh", "mixed"), lambda ro, t, nm: {"A": "SPK_0\t", "C": "SPK_1\t"}[ro]),
    ("names", ("zh", "en", "mixed"), lambda ro, t, nm: nm[ro] + r_colon(nm)),
    ("pipe-ts", ("zh", "mixed"), lambda ro, t, nm: f"{hms(t)} | " + {"A": "坐席", "C": "客户"}[ro] + " | "),
    ("arrow", ("en", "mixed"), lambda ro, t, nm: {"A": ">> rep: ", "C": ">> caller: "}[ro]),
    ("bracket-cn", ("zh",), lambda ro, t, nm: {"A": "〔话务员〕", "C": "〔来电人〕"}[ro]),
    ("rc-angle", ("en", "zh", "mixed"), lambda ro, t, nm: {"A": "R> ", "C": "C> "}[ro]),
    ("guillemets", ("en", "mixed"), lambda ro, t, nm: {"A": "«agent» ", "C": "«caller» "}[ro]),
    ("paren-ts", ("en",), lambda ro, t, nm: f"({hms(t)}) " + {"A": "AGT ", "C": "CLR "}[ro]),
    ("jia-yi", ("zh",), lambda ro, t, nm: {"A": "甲：", "C": "乙："}[ro]),
    ("caps", ("en",), lambda ro, t, nm: {"A": "OPERATOR: ", "C": "CALLER: "}[ro]),
    ("phone-glyph", ("zh", "mixed"), lambda ro, t, nm: {"A": "☎ 坐席 › ", "C": "☎ 来电 › "}[ro]),
    ("ts-dash-en", ("en", "mixed"), lambda ro, t, nm: f"[{ms(t)[:5]}] " + {"A": "Agent — ", "C": "Caller — "}[ro]),
]


def r_colon(nm):
    return nm["colon"]


def render_text(c, turns, layout_rng):
    r = layout_rng
    lang = c.lang
    opts = [L for L in TEXT_LAYOUTS if lang in L[1]]
    name, _, fn = r.choice(opts)
    zl = c.nl
    nm = {"A": ("客服" if zl == "zh" else "") + c.agent, "C": c.cust,
          "colon": r.choice(["：", ":"]) if zl == "zh" else r.choice([": ", ": "])}
    if nm["colon"] == ":" and r.random() < 0.5:
        nm["colon"] = ": "
    nl = "\r\n" if r.random() < 0.06 else ("\n\n" if r.random() < 0.15 else "\n")
    cont_style = r.choice(["repeat", "repeat", "bare", "indent"])
    t = r.uniform(2, 80)
    out = ""
    spans = []
    if r.random() < 0.15:
        heads = {"zh": ["通话转写", "录音转写（自动）", "--- 通话记录 ---"], "en": ["Call transcript", "--- transcript ---", "TRANSCRIPT (auto)"]}
        out += r.choice(heads[lang] if lang != "mixed" else heads["zh"] + heads["en"]) + nl
    prev_role = None
    for i, tu in enumerate(turns):
        text, sp, _ = tu.build()
        if tu.cont and tu.role == prev_role and cont_style != "repeat":
            prefix = "" if cont_style == "bare" else "    "
        else:
            prefix = fn(tu.role, t, nm)
        if i > 0:
            out += nl
        base = len(out) + len(prefix)
        out += prefix + text
        for a, b, kind, l4 in sp:
            spans.append({"start": base + a, "end": base + b, "kind": kind, "last4_ok": l4})
        t += r.uniform(1.5, 7.5)
        prev_role = tu.role
    return out, spans, f"{name}" + (f"/cont-{cont_style}" if any(tu.cont for tu in turns) else "")


VTT_VOICE = {
    "v-cn": {"A": "坐席", "C": "客户"}, "v-en": {"A": "Agent", "C": "Caller"}, "v-spk": {"A": "Speaker 1", "C": "Speaker 2"},
    "v-names": None,
}


def split_at_sentence(text, spans, r):
    """Possible line break inside a cue (never inside a fragment): (first, second, offset) or None."""
    cands = []
    for i, ch in enumerate(text[:-1]):
        if ch in "。？！?!" or (ch == "." and i + 1 < len(text) and text[i + 1] == " "):
            pos = i + 1
            if all(not (a < pos <= b) for a, b, _, _ in spans) and text[pos:].strip():
                cands.append(pos)
    if not cands or r.random() < 0.6:
        return None
    pos = r.choice(cands)
    rest = text[pos:]
    skip = len(rest) - len(rest.lstrip(" "))
    return pos, pos + skip


def render_vtt(c, turns, r):
    lang = c.lang
    label = r.choice(["voice", "voice", "prefix", "dash", "none", "voice-close"])
    vkey = r.choice(["v-cn", "v-names"] if lang == "zh" else ["v-en", "v-spk", "v-names"] if lang == "en" else ["v-cn", "v-en", "v-names"])
    zl = c.nl if vkey == "v-names" else ("en" if vkey in ("v-en", "v-spk") else "zh")
    names = VTT_VOICE[vkey] or {"A": c.agent, "C": c.cust}
    ids = r.choice(["none", "num", "c", "none"])
    hours = r.random() < 0.5
    header = r.choice(["WEBVTT", "WEBVTT", "WEBVTT - call transcript", "WEBVTT\nKind: captions\nLanguage: " + ("en" if lang == "en" else "zh-CN")])
    out = header + "\n\n"
    if r.random() < 0.3:
        out += r.choice(["NOTE diarised automatically", "NOTE\nspeaker labels are machine guesses", "NOTE 自动转写，未经人工校对"]) + "\n\n"
    spans = []
    t = r.uniform(1, 60)
    for i, tu in enumerate(turns):
        text, sp, _ = tu.build()
        dur = max(0.8, len(text) * (0.07 if lang == "en" else 0.22)) + r.uniform(0, 0.8)
        a, b = t, t + dur
        if ids == "num":
            out += f"{i + 1}\n"
        elif ids == "c":
            out += f"c{i + 1:02d}\n"
        ts = (lambda x: f"{hms(x)}.{int((x % 1) * 1000):03d}") if hours else ms
        out += f"{ts(a)} --> {ts(b)}" + (" align:start" if r.random() < 0.2 else "") + "\n"
        if label in ("voice", "voice-close"):
            pre = f"<v {names[tu.role]}>"
        elif label == "prefix":
            pre = names[tu.role] + ("：" if zl == "zh" else ": ")
        elif label == "dash":
            pre = "- "
        else:
            pre = ""
        post = "</v>" if label == "voice-close" else ""
        brk = split_at_sentence(text, sp, r)
        base = len(out) + len(pre)
        if brk:
            pos, skip = brk
            body = text[:pos] + "\n" + text[skip:]
            for s0, e0, kind, l4 in sp:
                shift = 0 if e0 <= pos else (1 - (skip - pos))
                spans.append({"start": base + s0 + shift, "end": base + e0 + shift, "kind": kind, "last4_ok": l4})
        else:
            body = text
            for s0, e0, kind, l4 in sp:
                spans.append({"start": base + s0, "end": base + e0, "kind": kind, "last4_ok": l4})
        out += pre + body + post + "\n\n"
        t = b + r.uniform(0.2, 1.6)
    out = out.rstrip("\n") + "\n"
    return out, spans, f"{label}/{vkey}/ids-{ids}{'/hours' if hours else ''}"


PUNCT = set("，。？！、：；,.?!:;…—")


def cat(ch):
    if ch.isspace():
        return "sp"
    if ch in PUNCT:
        return "p"
    if ord(ch) >= 0x2E80:
        return "cjk"
    return "w"


def tokenize(text, spans, cuts, r):
    """Word tokens of a turn as (start, end, space_before); never crossing a cut."""
    toks = []
    i, n = 0, len(text)
    cutset = set(cuts)
    for a, b, _, _ in spans:
        cutset.add(a)
        cutset.add(b)
    while i < n:
        k = cat(text[i])
        if k == "sp":
            i += 1
            continue
        space = i > 0 and text[i - 1].isspace()
        if k == "p":
            if toks and toks[-1][1] == i:
                toks[-1] = (toks[-1][0], i + 1, toks[-1][2])
            else:
                toks.append((i, i + 1, space))
            i += 1
            continue
        j = i + 1
        while j < n and j not in cutset:
            kj = cat(text[j])
            if kj == k:
                j += 1
            elif k == "w" and kj == "p" and text[j] in ".,:" and j + 1 < n and cat(text[j + 1]) == "w" and j + 1 not in cutset:
                j += 1
            else:
                break
        if k == "cjk":
            m0 = i
            while m0 < j:
                m = min(j, m0 + r.choice([1, 2, 2, 3]))
                toks.append((m0, m, space if m0 == i else False))
                m0 = m
        else:
            toks.append((i, j, space))
        i = j
    return toks


def turns_to_words(c, turns, r):
    """[(turn index, role, [(word, is_space_before)], entities [(kind, last4, [word idx in turn])])]."""
    res = []
    for ti, tu in enumerate(turns):
        text, sp, cuts = tu.build()
        toks = tokenize(text, sp, cuts, r)
        words = [(text[a:b], s) for a, b, s in toks]
        ents = []
        for a, b, kind, l4 in sp:
            idx = [k for k, (x, y, _) in enumerate(toks) if x < b and a < y]
            for k in idx:
                x, y, _ = toks[k]
                assert x >= a and all(ch in PUNCT for ch in text[b:y]), (text, text[x:y], text[a:b])
            ents.append((kind, l4, idx))
        res.append((tu.role, words, ents))
    return res


def word_times(r, words, t):
    out = []
    for w, _ in words:
        dur = min(0.95, 0.12 + 0.06 * len(w.strip())) + r.uniform(0, 0.15)
        out.append((round(t, 2), round(t + dur, 2)))
        t += dur + r.uniform(0.01, 0.18)
    return out, t


def render_flat(c, turns, r):
    tw = turns_to_words(c, turns, r)
    spk = r.choice([("spk_0", "spk_1"), ("A", "B"), ("agent", "customer"), ("SPEAKER_00", "SPEAKER_01"), ("S1", "S2"), ("坐席", "客户")])
    with_spk = r.random() < 0.85
    use_ms = r.random() < 0.3
    conf = r.random() < 0.4
    words = []
    ents = []
    t = r.uniform(0.5, 70)
    for role, ws, es in tw:
        times, t = word_times(r, ws, t)
        base = len(words)
        for (w, _), (a, b) in zip(ws, times):
            o = {"word": w}
            if use_ms:
                o["start_ms"], o["end_ms"] = int(a * 1000), int(b * 1000)
            else:
                o["start"], o["end"] = a, b
            if with_spk:
                o["speaker"] = spk[0] if role == "A" else spk[1]
            if conf and r.random() < 0.5:
                o["confidence"] = round(r.uniform(0.45, 0.99), 2)
            words.append(o)
        for kind, l4, idx in es:
            ents.append({"kind": kind, "last4_ok": l4, "words": [base + k for k in idx]})
        t += r.uniform(0.3, 1.4)
    tr = {"words": words}
    if r.random() < 0.25:
        tr = {"language": "en" if c.lang == "en" else "zh", "words": words}
    return tr, ents, f"flat/{spk[0]}{'' if with_spk else '/no-speaker'}{'/ms' if use_ms else ''}"


def render_whisper(c, turns, r):
    tw = turns_to_words(c, turns, r)
    with_spk = r.random() < 0.7
    seek_on = r.random() < 0.7
    spk = r.choice([("A", "B"), ("agent", "caller"), ("SPEAKER_00", "SPEAKER_01")])
    segs = []
    ents = []
    t = r.uniform(0.5, 70)
    for si, (role, ws, es) in enumerate(tw):
        times, t2 = word_times(r, ws, t)
        wl = []
        for k, ((w, space), (a, b)) in enumerate(zip(ws, times)):
            lead = " " if (space or (k == 0 and c.lang == "en") or (k == 0 and w[:1].isascii() and w[:1].isalpha() and c.lang == "mixed")) else ""
            wl.append({"word": lead + w, "start": a, "end": b, "probability": round(r.uniform(0.4, 0.99), 3)})
        seg = {"id": si}
        if seek_on:
            seg["seek"] = int(times[0][0] * 100) // 3000 * 3000
        seg.update({"start": times[0][0], "end": times[-1][1], "text": "".join(w["word"] for w in wl), "words": wl})
        if with_spk:
            seg["speaker"] = spk[0] if role == "A" else spk[1]
        segs.append(seg)
        for kind, l4, idx in es:
            ents.append({"kind": kind, "last4_ok": l4, "words": [[si, k] for k in idx]})
        t = t2 + r.uniform(0.3, 1.4)
    tr = {}
    if r.random() < 0.6:
        tr["text"] = "".join(s["text"] for s in segs)
    tr["segments"] = segs
    if r.random() < 0.7:
        tr["language"] = "en" if c.lang == "en" else "zh"
    return tr, ents, f"whisper{'/spk' if with_spk else ''}{'' if seek_on else '/no-seek'}"


# ============================================================================================
# Plan and assembly
# ============================================================================================

PLAN = {"plain": 22, "interruption": 28, "continuation": 24, "correction": 28, "filler": 24, "asr-chunks": 24,
        "readback": 28, "check-char-apart": 20, "glued-words": 16, "multi-number": 26, "negative": 160}
FORMATS = {"text": 200, "vtt": 80, "flat": 60, "whisper": 60}
LANGS = {"zh": 168, "en": 132, "mixed": 100}


def make_plan(r):
    phens = [p for p, k in PLAN.items() for _ in range(k)]
    fmts = [f for f, k in FORMATS.items() for _ in range(k)]
    langs = [l for l, k in LANGS.items() for _ in range(k)]
    assert len(phens) == len(fmts) == len(langs) == N_CASES
    r.shuffle(phens)
    r.shuffle(fmts)
    r.shuffle(langs)
    # glued English number words need English in the call
    for i, p in enumerate(phens):
        if p == "glued-words" and langs[i] == "zh":
            j = next(j for j in range(N_CASES) if phens[j] not in ("glued-words",) and langs[j] != "zh")
            langs[i], langs[j] = langs[j], langs[i]
    doms = list(DOMAINS)
    return [(phens[i], fmts[i], langs[i], doms[(i * 3 + i // 7) % len(doms)]) for i in range(N_CASES)]


def check_turns(turns, positive):
    for tu in turns:
        text, sp, _ = tu.build()
        masked = list(text)
        for a, b, _, _ in sp:
            for k in range(a, b):
                masked[k] = "\u25a0"
        p = text_problem("".join(masked))
        if p:
            return f"unlabelled {p} in {text!r}"
        p = adjacency_problem(text, [(a, b) for a, b, _, _ in sp])
        if p:
            return p
        for a, b, kind, l4 in sp:
            frag = text[a:b]
            if frag != frag.strip() or "\n" in frag or ev.readable_count(frag) == 0:
                return f"bad fragment {frag!r}"
    nfr = sum(len(tu.build()[1]) for tu in turns)
    if positive and nfr == 0:
        return "positive without fragments"
    if not positive and nfr:
        return "negative with fragments"
    return None


def make_case(r, idx, phen, fmt, lang, dom):
    for attempt in range(200):
        c = Ctx(r, lang, dom, "asr" if fmt in ("flat", "whisper") else fmt, phen)
        if phen == "negative":
            turns, tag = sc_negative(c)
        else:
            core, tag = SCENARIOS[phen](c)
            turns = frame(c, core)
        prob = check_turns(turns, phen != "negative")
        if prob:
            continue
        case = {"id": f"{SET}-{idx:04d}", "set": SET, "phenomenon": phen, "lang": lang,
                "format": "asr-json" if fmt in ("flat", "whisper") else fmt}
        if fmt in ("text", "vtt"):
            text, spans, lay = (render_text if fmt == "text" else render_vtt)(c, turns, r)
            masked = list(text)
            for sp in spans:
                for k in range(sp["start"], sp["end"]):
                    masked[k] = "\u25a0"
            if any(text_problem(line) for line in "".join(masked).split("\n")):
                continue
            case["text" if fmt == "text" else "transcript_text"] = text
            case["spans"] = spans
        else:
            tr, ents, lay = (render_flat if fmt == "flat" else render_whisper)(c, turns, r)
            case["transcript"] = tr
            case["entities"] = ents
        case["variant"] = f"{dom}/{fmt}/{lay}/{tag}-{lang}"
        return case
    raise RuntimeError(f"case {idx}: could not build a clean {phen}/{fmt}/{lang} call")


def verify(case):
    """Label sanity: spans point at digits, kinds match the digits they cover."""
    if case["format"] in ("text", "vtt"):
        text = case["text"] if case["format"] == "text" else case["transcript_text"]
        frags = [text[s["start"]:s["end"]] for s in case["spans"]]
    else:
        ws = {k: w for k, w, _ in ev.asr_words(case["transcript"])}
        frags = [" ".join(ws[tuple(x) if isinstance(x, list) else x].strip() for x in e["words"]) for e in case["entities"]]
        for e in case["entities"]:
            first = ws[tuple(e["words"][0]) if isinstance(e["words"][0], list) else e["words"][0]]
            last = ws[tuple(e["words"][-1]) if isinstance(e["words"][-1], list) else e["words"][-1]]
            assert (ev.readable_count(first) > 0 or first.strip().lower() in ("double", "triple")) \
                and ev.readable_count(last) > 0, (case["id"], first, last)
    for f in frags:
        assert ev.readable_count(f) > 0, (case["id"], f)
        assert f == f.strip(), (case["id"], f)


def build():
    r = random.Random(SEED)
    plan = make_plan(r)
    cases = []
    for i, (phen, fmt, lang, dom) in enumerate(plan, start=1):
        case = make_case(r, i, phen, fmt, lang, dom)
        verify(case)
        cases.append(case)
    return cases


def main(argv):
    cases = build()
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    if "--stdout" in argv:
        sys.stdout.write(data)
        return 0
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write(data)
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
