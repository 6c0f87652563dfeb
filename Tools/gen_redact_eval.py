#!/usr/bin/env python3
"""Generates Tests/VaultRedactTests/Fixtures/eval.jsonl, the labelled redaction evaluation set.

Every line: {"tag": FORM, "text": ..., "spans": [{"start", "end", "kind"}]}, offsets in Unicode
code points (Python str indices). Positive numbers are synthetic but valid (IDs with a real
MOD 11-2 check character, plausible region and birth date; cards passing Luhn; PRC mobiles and
landlines); hard negatives (tags starting "neg-") must stay readable. Hand-written hard cases are
appended from HAND below. Deterministic (fixed seed): re-run to regenerate.
"""
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "Tests/VaultRedactTests/Fixtures/eval.jsonl"
rng = random.Random(20260601)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
REGIONS = ["110105", "310104", "440305", "320102", "510107", "330106", "420111", "610113", "370202", "500103"]


def id18(force_x=False):
    while True:
        body = rng.choice(REGIONS) + f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        c = (12 - sum(int(a) * w for a, w in zip(body, W)) % 11) % 11
        if force_x != (c == 10):
            continue
        return body + ("X" if c == 10 else str(c))


def id15():
    return rng.choice(REGIONS) + f"{rng.randint(50, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"


def luhn_ok(s):
    total = 0
    for i, ch in enumerate(reversed(s)):
        x = int(ch)
        if i % 2 == 1:
            x = x * 2 - 9 if x * 2 > 9 else x * 2
        total += x
    return total % 10 == 0


def mod112_ok(s):
    if len(s) != 18:
        return False
    c = (12 - sum(int(a) * w for a, w in zip(s[:17], W)) % 11) % 11
    return s[17] == ("X" if c == 10 else str(c))


def card():
    prefix, length = rng.choice([("62", 16), ("62", 19), ("4", 16), ("51", 16), ("55", 16), ("3", 15)])
    if prefix == "3":
        prefix = rng.choice(["34", "37"])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d


def mobile():
    return "1" + rng.choice("3456789") + "".join(str(rng.randint(0, 9)) for _ in range(9))


def landline():
    area = rng.choice(["010", "021", "020", "025", "0755", "0571", "0512"])
    sub = str(rng.randint(2, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(7 if len(area) == 3 else rng.choice([6, 7])))
    return area, sub


ZH = {"0": ["零", "〇"], "1": ["一", "幺"], "2": ["二", "两"], "3": ["三"], "4": ["四"], "5": ["五"], "6": ["六"],
      "7": ["七"], "8": ["八"], "9": ["九"], "X": ["叉", "艾克斯", "X"]}
EN = {"0": ["zero", "oh", "o"], "1": ["one"], "2": ["two"], "3": ["three"], "4": ["four"], "5": ["five"], "6": ["six"],
      "7": ["seven"], "8": ["eight"], "9": ["nine"], "X": ["X", "x", "ex"]}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}
FW["X"] = "Ｘ"


def zh(digits):
    return "".join(rng.choice(ZH[d]) for d in digits)


def en(digits, allow_mult=True):
    words, i = [], 0
    while i < len(digits):
        d = digits[i]
        run = 1
        while i + run < len(digits) and digits[i + run] == d and run < 3:
            run += 1
        if allow_mult and run >= 2 and d != "X" and rng.random() < 0.7:
            words.append(("double " if run == 2 else "triple ") + rng.choice(EN[d]))
            i += run
            continue
        words.append(rng.choice(EN[d]))
        i += 1
    return " ".join(words)


def groups(digits, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(digits[i:i + s]); i += s
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


def sizes_for(kind, n):
    if kind == "phone" and n == 11:
        return [3, 4, 4]
    if kind == "id_number":
        return [6, 8, 4] if n == 18 else [6, 6, 3]
    return [4] * (n // 4)


def render(kind, digits, form):
    """The spoken/written form of `digits`."""
    if form == "arabic":
        return digits
    if form == "spaced":
        return groups(digits, sizes_for(kind, len(digits)), " ")
    if form == "dashed":
        return groups(digits, sizes_for(kind, len(digits)), "-")
    if form == "zh":
        return zh(digits)
    if form == "zh-grouped":
        return groups(zh(digits), [len(zh(g)) for g in [digits]], "") if False else " ".join(zh(g) for g in groups(digits, sizes_for(kind, len(digits)), " ").split(" "))
    if form == "en":
        return en(digits)
    if form == "fullwidth":
        return "".join(FW[d] for d in digits)
    if form == "mixed":
        a, b = len(digits) // 3, 2 * len(digits) // 3
        return digits[:a] + " " + zh(digits[a:b]) + " " + en(digits[b:], allow_mult=False)
    if form == "filler-zh":
        k = rng.randint(3, len(digits) - 3)
        return zh(digits[:k]) + rng.choice(["，呃，", "嗯", "，那个，", "啊"]) + zh(digits[k:])
    if form == "filler-en":
        k = rng.randint(3, len(digits) - 3)
        return en(digits[:k], False) + rng.choice([" um ", " uh, ", " er ", " hmm "]) + en(digits[k:], False)
    if form == "restart-zh":
        k = rng.randint(2, 4)
        wrong = digits[:k - 1] + str((int(digits[k - 1]) + 1) % 10) if digits[k - 1] != "X" else digits[:k]
        return zh(wrong) + rng.choice(["，不对，", "，我说错了，", "，不是，", " 错了 ", "，说错了，是"]) + zh(digits)
    if form == "restart-en":
        k = rng.randint(2, 4)
        wrong = digits[:k - 1] + str((int(digits[k - 1]) + 1) % 10)
        return en(wrong, False) + rng.choice([", sorry, ", ", I mean ", ", no wait, ", " no sorry "]) + en(digits, False)
    raise ValueError(form)


ZH_CONTEXT = {"id_number": ["我的身份证号是", "身份证号码", "证件号是", "我身份证"],
              "bank_card": ["我的卡号是", "银行卡号", "信用卡号是", "卡号"],
              "phone": ["我的手机号是", "你打这个电话", "联系电话", "手机"]}
EN_CONTEXT = {"id_number": ["my ID number is ", "the ID is ", "ID card "],
              "bank_card": ["my card number is ", "the card is ", "card number "],
              "phone": ["my phone number is ", "call me on ", "you can reach me at "]}
NEUTRAL_ZH = ["好的，", "嗯，是", "对，", "那就", ""]
NEUTRAL_EN = ["okay so ", "yes it's ", "right, ", "it's ", ""]
TAIL_ZH = ["，谢谢。", "。", "，您记一下。", "，对的。"]
TAIL_EN = [", thanks.", ".", ", got that?", " okay."]
ENGLISH_FORMS = {"en", "filler-en", "restart-en"}


def make(kind, digits, form, tag, context=True, prefix=""):
    english = form in ENGLISH_FORMS
    table = EN_CONTEXT if english else ZH_CONTEXT
    lead = rng.choice(table[kind]) if context else rng.choice(NEUTRAL_EN if english else NEUTRAL_ZH)
    number = prefix + render(kind, digits, form)
    tail = rng.choice(TAIL_EN if english else TAIL_ZH)
    text = lead + number + tail
    return {"tag": tag, "text": text, "spans": [{"start": len(lead), "end": len(lead) + len(number), "kind": kind}]}


cases = []
FORMS = ["arabic", "spaced", "dashed", "zh", "zh-grouped", "en", "fullwidth", "mixed", "filler-zh", "filler-en", "restart-zh", "restart-en"]
for form in FORMS:
    for i in range(14):
        ctx = i % 2 == 0
        cases.append(make("id_number", id18(), form, f"id18-{form}", ctx))
        cases.append(make("bank_card", card(), form, f"card-{form}", ctx))
        cases.append(make("phone", mobile(), form, f"mobile-{form}", ctx))
for i in range(24):
    digits = id18(force_x=True)[:-1]
    xform = rng.choice(["X", "x", "叉", "艾克斯", "ex", "Ｘ"])
    if xform in ("ex",):
        text_num = en(digits, False) + " ex"
        lead = rng.choice(EN_CONTEXT["id_number"] + NEUTRAL_EN)
    elif xform in ("叉", "艾克斯"):
        text_num = zh(digits) + xform
        lead = rng.choice(ZH_CONTEXT["id_number"] + NEUTRAL_ZH)
    elif xform == "Ｘ":
        text_num = "".join(FW[d] for d in digits) + xform
        lead = rng.choice(ZH_CONTEXT["id_number"])
    else:
        text_num = digits + xform
        lead = rng.choice(ZH_CONTEXT["id_number"] + NEUTRAL_ZH)
    cases.append({"tag": f"id18-x-{xform}", "text": lead + text_num + "。", "spans": [{"start": len(lead), "end": len(lead) + len(text_num), "kind": "id_number"}]})
for form in ["arabic", "spaced", "zh", "en"]:
    for i in range(6):
        cases.append(make("id_number", id15(), form, f"id15-{form}", True))
for i in range(20):
    area, sub = landline()
    form = rng.choice(["dash", "space", "paren", "zh"])
    text_num = {"dash": f"{area}-{sub}", "space": f"{area} {sub}", "paren": f"{area} {sub[:4]} {sub[4:]}", "zh": zh(area) + zh(sub)}[form]
    lead = rng.choice(["座机是", "办公室电话", "our office number is ", "固定电话："])
    cases.append({"tag": f"landline-{form}", "text": lead + text_num + "。", "spans": [{"start": len(lead), "end": len(lead) + len(text_num), "kind": "phone"}]})
for i in range(24):
    m = mobile()
    pfx, style = rng.choice([("+86 ", "plus"), ("+86", "plus"), ("0086 ", "0086"), ("86 ", "86"), ("+86-", "plus")])
    form = rng.choice(["arabic", "spaced", "dashed"])
    cases.append(make("phone", m, form, f"mobile-prefix-{style}", i % 2 == 0, prefix=pfx))
for i in range(8):
    pfx = rng.choice(["加八六", "零零八六"])
    m = mobile()
    lead = "手机号是"
    num = pfx + zh(m)
    cases.append({"tag": "mobile-prefix-zh", "text": lead + num + "。", "spans": [{"start": len(lead), "end": len(lead) + len(num), "kind": "phone"}]})

# Split across several numbers in one sentence.
for i in range(12):
    m, c = mobile(), card()
    a = "手机" + render("phone", m, rng.choice(["arabic", "spaced", "zh"]))
    b = "，卡号" + render("bank_card", c, rng.choice(["arabic", "spaced", "zh"])) + "。"
    text = a + b
    s1 = 2
    s2 = len(a) + 3
    cases.append({"tag": "two-numbers", "text": text, "spans": [{"start": s1, "end": len(a), "kind": "phone"}, {"start": s2, "end": len(text) - 1, "kind": "bank_card"}]})

# Low confidence: failing the check, after a context word.
for i in range(12):
    while True:
        d = "".join(str(rng.randint(0, 9)) for _ in range(16))
        if not luhn_ok(d):
            break
    lead = rng.choice(["我的卡号是", "card number "])
    cases.append({"tag": "lowconf-card", "text": lead + d + "。", "spans": [{"start": len(lead), "end": len(lead) + 16, "kind": "bank_card"}]})
    while True:
        d = id18()[:17] + str(rng.randint(0, 9))
        if not mod112_ok(d) and not luhn_ok(d):
            break
    lead = rng.choice(["身份证号", "ID number "])
    cases.append({"tag": "lowconf-id", "text": lead + d + "。", "spans": [{"start": len(lead), "end": len(lead) + 18, "kind": "id_number"}]})


def neg(tag, text):
    cases.append({"tag": "neg-" + tag, "text": text, "spans": []})


def failing(n):
    while True:
        d = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
        if luhn_ok(d) or mod112_ok(d) or (n == 11 and d[0] == "1" and d[1] in "3456789") or d.startswith("86") or d.startswith("0"):
            continue
        return d


for i in range(25):
    neg("money", rng.choice([f"一共是{rng.randint(1, 99)},{rng.randint(100, 999)}.{rng.randint(10, 99)}元",
                             f"余额 ¥{rng.randint(1000, 99999)}.{rng.randint(10, 99)}",
                             f"that's {rng.randint(100, 9999)} dollars and {rng.randint(1, 99)} cents",
                             f"您本月消费{rng.randint(1000, 9999)}元，还款{rng.randint(100, 999)}块",
                             f"the total is ${rng.randint(1, 999)},{rng.randint(100, 999)}.{rng.randint(10, 99)}",
                             f"转账一万两千三百四十五元",
                             f"{rng.randint(10000000000, 99999999999)}元的合同"]))
for i in range(25):
    y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    neg("date", rng.choice([f"{y}年{m}月{d}日到期", f"on {y}-{m:02d}-{d:02d} at 10:30", f"{d:02d}/{m:02d}/{y} 14:45:00",
                            f"二零二四年三月五日", f"预约在{y}/{m}/{d}，下午三点", f"{y}-{m:02d}-{d:02d} {y}-{m:02d}-{d:02d}",
                            f"时间 {y}.{m:02d}.{d:02d} 09:15"]))
for i in range(20):
    neg("time", rng.choice([f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", "下午三点半", "at half past ten",
                            f"{rng.randint(1, 12)}点{rng.randint(1, 59)}分", f"通话时长{rng.randint(100, 999)}秒"]))
for i in range(25):
    code = "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([4, 6])))
    neg("verification", rng.choice([f"验证码是{code}", f"your verification code is {code}", f"OTP {code}", f"验证码 {zh(code)}"]))
for i in range(30):
    n = rng.choice([11, 13, 16, 18, 19])
    d = "".join(str(rng.randint(0, 9)) for _ in range(n))
    neg("order", rng.choice([f"订单号是{d}", f"您的订单号{d}已发货", f"order number {d}", f"the order ID is {groups(d, [4] * 5, ' ')}",
                             f"订单号码{zh(d)}"]))
for i in range(30):
    n = rng.choice([12, 13, 15, 18])
    d = "".join(str(rng.randint(0, 9)) for _ in range(n))
    neg("tracking", rng.choice([f"快递单号{d}", f"运单号 {d}", f"tracking number {d}", f"SF{d}", f"顺丰 SF{d[:12]}", f"JD{d}",
                                f"物流单号是{d}"]))
for i in range(40):
    n = rng.choice([13, 15, 16, 18, 19])
    d = failing(n)
    neg("failing-check", rng.choice([f"这个号是{d}", f"reference {d}" if False else f"it's {d} okay", f"好的 {groups(d, [4] * 5, ' ')} 对",
                                     f"{zh(d)}", f"number {d}"]))
for i in range(15):
    neg("short-numbers", rng.choice([f"房间{rng.randint(100, 999)}", f"我{rng.randint(18, 80)}岁", "一下子", "一个一个来",
                                     f"extension {rng.randint(1000, 9999)}", "三四个人", f"第{rng.randint(1, 99)}期",
                                     f"version {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"]))

HAND = [
    ("hand-restart-zh", "我的手机号是一三八，不对，一三九一二三四五六七八，记一下", [("一三八，不对，一三九一二三四五六七八", "phone")]),
    ("hand-restart-en", "my number is one three eight, no wait, one three nine one two three four five six seven eight, yeah", [("one three eight, no wait, one three nine one two three four five six seven eight", "phone")]),
    ("hand-double", "call me on one three eight double five triple oh one two three", [("one three eight double five triple oh one two three", "phone")]),
    ("hand-filler", "卡号是六二二二，呃，零二一二，嗯，三四五六七八九零，好", []),
    ("neg-hand-amount", "本次还款12,345.67元，剩余应还8,000元", []),
    ("neg-hand-order-luhn", "您的订单号4111111111111111已经取消", []),
    ("neg-hand-tracking", "tracking number 1Z999AA10123456784 arrives tomorrow", []),
    ("neg-hand-otp", "验证码幺二三四五六，五分钟内有效", []),
    ("neg-hand-dates", "合同从2024-03-05到2025-03-04，共12个月", []),
    ("neg-hand-version", "app version 13.8.1234.5678", []),
    ("hand-vtt-like", "号码是幺三八\n一二三四\n五六七八", [("幺三八\n一二三四\n五六七八", "phone")]),
    ("hand-fullwidth-prefix", "电话＋８６　１３８１２３４５６７８", [("＋８６　１３８１２３４５６７８", "phone")]),
]
# The hand filler case carries a real card; compute it so that its Luhn digit is right.
body = "622202123456789"
for dch in "0123456789":
    if luhn_ok(body + dch):
        full = body + dch
        break
zhfull = "六二二二，呃，" + zh(full[4:8]) + "，嗯，" + zh(full[8:])
text = "卡号是" + zhfull + "，好"
HAND[3] = ("hand-filler", text, [(zhfull, "bank_card")])
for tag, text, spans in HAND:
    found = [(text.index(sub), text.index(sub) + len(sub), k) for sub, k in spans]
    cases.append({"tag": tag, "text": text, "spans": [{"start": s, "end": e, "kind": k} for s, e, k in found]})

OUT.parent.mkdir(parents=True, exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(f"{len(cases)} cases -> {OUT}")
