#!/usr/bin/env python3
"""Write Tests/VaultRedactTests/Fixtures/conversations-quay.jsonl: the eighth, independent
evaluation set for `callvault redact` (schema and scoring rules: Tools/eval_redact_conversations.py).

    python3 Tools/gen_redact_quay.py [--out PATH] [--seed N]

Deterministic: the same seed writes the same file byte for byte.

Each case is a short call-centre conversation (agent, caller, now and then a second caller voice)
written as turns; a turn is a list of plain strings, number fragments (`Frag`) and line breaks
(`BR`: the same speaker goes on on the next line / next WebVTT cue / next Whisper segment). A
fragment is one contiguous piece of a sensitive number as it was said in one place: it starts at
its first digit / numeral / number word and ends at its last one, and may hold fillers and
separators in between. The same call is laid out as plain text (one of ~24 speaker-label layouts,
several of them odd), as WebVTT (several voice / label styles), or as ASR json (a flat `words`
list with per-word speakers, or Whisper-style `segments` with `words`).

Labelling conventions
  * every piece of a phone / ID / card number said by anybody is labelled with the number's kind,
    including agent read-backs (full, partial, misheard), abandoned prefixes and the digits of a
    spoken correction ("那个四说错了，是九" -> the span runs from 四 to 九);
  * `last4_ok` only on phone fragments whose last digit is the phone's own final digit;
  * an ID's check character said on its own ("……末尾是X") is a fragment of its own;
  * hard negatives hold no labelled fragment: amounts, dates, times, counts, hotlines
    (400/800/95xxx), extensions, verification codes, policy / order / tracking / meter numbers
    (long digit runs built so that no 16-19 window passes Luhn, no 18-digit window passes
    MOD 11-2 and no 11-digit window looks like a mobile number), example formats.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "VaultRedactTests", "Fixtures", "conversations-quay.jsonl")
SEED = 8_0521_1937
SET = "quay"

R = random.Random(SEED)


def pick(seq):
    return seq[R.randrange(len(seq))]


def chance(p):
    return R.random() < p


# ============================================================================================
# Numbers
# ============================================================================================

PHONE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                "155", "156", "157", "158", "159", "166", "176", "177", "180", "181", "182", "183",
                "185", "186", "187", "188", "189", "191", "198", "199"]
AREA = ["010", "021", "020", "0755", "028", "0571", "027", "025"]
REGION = ["110101", "110105", "310104", "310115", "440305", "440106", "510107", "330106", "420111",
          "350203", "320102", "610113", "370202", "210202", "450103", "530102", "430104", "120103"]
CARD_PREFIX = ["622202", "622848", "621700", "622588", "622609", "625956", "621483", "436742",
               "518710", "622155", "403391", "524090"]
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = "10X98765432"


def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        s += v
    return s % 10 == 0


def id_check(d17):
    return ID_C[sum(int(c) * w for c, w in zip(d17, ID_W)) % 11]


def id_ok(d):
    return len(d) == 18 and d[:17].isdigit() and id_check(d[:17]) == d[17].upper()


def digits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


def gen_phone():
    return pick(PHONE_PREFIX) + digits(8)


def gen_landline():
    a = pick(AREA)
    return a, str(R.randrange(2, 9)) + digits(7 if len(a) == 3 else 6 + R.randrange(2))


def gen_id(want_x=None):
    if want_x is None:
        want_x = chance(0.28)
    while True:
        y = R.randrange(1952, 2004)
        m = R.randrange(1, 13)
        dd = R.randrange(1, 29)
        d17 = pick(REGION) + f"{y:04d}{m:02d}{dd:02d}" + digits(3)
        c = id_check(d17)
        if (c == "X") == want_x:
            return d17 + c


def gen_card(n=None):
    if n is None:
        n = pick([16, 16, 19, 19, 19])
    p = pick(CARD_PREFIX)
    if p[0] in "45":
        n = 16
    while True:
        body = p + digits(n - len(p) - 1)
        for c in "0123456789":
            if luhn_ok(body + c):
                return body + c


def gen_kind_number(kind):
    return {"phone": gen_phone, "id_number": gen_id, "bank_card": gen_card}[kind]()


def neg_ok(d):
    """A harmless long digit run: nothing in it passes a check the redactor may use."""
    if re.search(r"1[3-9]\d{9}", d):
        return False
    for n in (16, 17, 18, 19):
        for i in range(0, len(d) - n + 1):
            if luhn_ok(d[i:i + n]):
                return False
    for i in range(0, len(d) - 17):
        if id_check(d[i:i + 17]) == d[i + 17]:
            return False
    return True


def gen_neg_run(n, first=None):
    while True:
        d = (first or str(R.randrange(1, 10))) + digits(n - len(first or "x"))
        if neg_ok(d):
            return d


def mutate(d, pos=None):
    """d with one digit changed (never the ID check character)."""
    lim = len(d) - 1 if not d[-1].isdigit() else len(d)
    if pos is None:
        pos = R.randrange(3, lim)
    old = d[pos]
    new = pick([c for c in "0123456789" if c != old])
    return d[:pos] + new + d[pos + 1:], pos, old, new


# ============================================================================================
# Spoken forms
# ============================================================================================

ZH = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七", "8": "八", "9": "九"}
EN = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
      "8": "eight", "9": "nine"}
FW = {str(i): chr(0xFF10 + i) for i in range(10)}
CN_PUNCT = "，。、？！；：…）」』"
EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
CN_SMALL = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七",
            "十八", "十九"]
ZH_ORD = ["第一位", "第二位", "第三位", "第四位", "第五位", "第六位", "第七位", "第八位", "第九位", "第十位",
          "第十一位", "第十二位", "第十三位", "第十四位", "第十五位", "第十六位", "第十七位", "第十八位", "第十九位"]


def zh_say(d, one="一", liang=0.0, x="X", pairs=0.0):
    out = []
    i = 0
    while i < len(d):
        c = d[i]
        if pairs and i + 1 < len(d) and d[i + 1] == c and c != "X" and chance(pairs):
            out.append("两个" + (one if c == "1" else ZH[c]))
            i += 2
            continue
        if c == "1":
            out.append(one)
        elif c == "2" and liang and chance(liang):
            out.append("两")
        elif c in "Xx":
            out.append(x)
        else:
            out.append(ZH[c])
        i += 1
    return "".join(out)


def en_say(d, zero="zero", compress=False):
    words = []
    i = 0
    while i < len(d):
        c = d[i]
        if c in "Xx":
            words.append("X")
            i += 1
            continue
        run = 1
        while i + run < len(d) and d[i + run] == c:
            run += 1
        w = EN[c]
        if c == "0":
            w = zero if zero != "mix" else pick(["oh", "zero"])
        if compress and run >= 3:
            words.append("triple " + w)
            i += 3
        elif compress and run == 2:
            words.append("double " + w)
            i += 2
        else:
            words.append(w)
            i += 1
    return " ".join(words)


def split_pat(d, pat):
    out, i = [], 0
    for k, n in enumerate(pat):
        if i >= len(d):
            break
        if k == len(pat) - 1:
            out.append(d[i:])
        else:
            out.append(d[i:i + n])
        i += n
    if i < len(d) and len(out) == len(pat) and sum(pat) < len(d):
        pass
    return [g for g in out if g]


def nat_pat(kind, d):
    n = len(d)
    if kind == "phone":
        return pick([(3, 4, 4), (3, 4, 4), (3, 3, 5), (3, 8), (4, 3, 4)]) if n == 11 else (n,)
    if kind == "id_number":
        return pick([(6, 8, 4), (6, 8, 4), (6, 4, 4, 4), (3, 3, 4, 4, 4), (6, 4, 4, 3, 1)])
    return pick([(4, 4, 4, 4, 3), (4, 4, 4, 4, 3), (6, 6, 7), (4, 4, 4, 4)]) if n == 19 else (4, 4, 4, 4)


def rand_cuts(n, k, minlen=2, maxlen=6):
    """k+1 piece lengths summing to n."""
    for _ in range(200):
        cuts = sorted(R.sample(range(1, n), k))
        lens = [b - a for a, b in zip([0] + cuts, cuts + [n])]
        if all(minlen <= x <= maxlen for x in lens):
            return lens
    base = [n // (k + 1)] * (k + 1)
    base[-1] += n - sum(base)
    return base


class Style:
    """How a speaker says digits."""

    def __init__(self, kind, lang, forced=None):
        if forced:
            self.form = forced
        elif lang == "zh":
            self.form = pick(["zh", "zh", "zh", "ar", "ar", "fw"]) if kind == "phone" else pick(["zh", "zh", "ar", "ar"])
        else:
            self.form = pick(["en", "en", "en", "ar"])
        self.one = "幺" if (kind == "phone" and chance(0.8)) or chance(0.25) else "一"
        self.liang = 0.4 if (kind == "phone" and chance(0.12)) else 0.0
        self.pairs = 0.5 if (self.form == "zh" and chance(0.12)) else 0.0
        self.zero = pick(["oh", "oh", "zero", "mix"])
        self.compress = chance(0.45)
        self.x = "叉" if chance(0.12) else "X"
        if self.form == "zh":
            self.sep = pick(["", "", "，", " ", "、"])
        elif self.form == "en":
            self.sep = pick([" ", ", ", ", ", " - ", "... "])
        elif self.form == "fw":
            self.sep = pick([" ", "－", ""])
        elif lang == "zh":
            self.sep = pick([" ", " ", "-", "", "，"])
        else:
            self.sep = pick([" ", " ", "-", "", ", "])

    def word(self, g):
        if self.form == "zh":
            return zh_say(g, self.one, self.liang, self.x, self.pairs)
        if self.form == "en":
            return en_say(g, self.zero, self.compress)
        if self.form == "fw":
            return "".join(FW.get(c, "Ｘ") for c in g)
        return g

    def parts(self, gs, sep=None):
        sep = self.sep if sep is None else sep
        ws = [self.word(g) for g in gs]
        text = sep.join(ws)
        asr = []
        s = sep.strip()
        for i, w in enumerate(ws):
            tail = s if (s and i < len(ws) - 1 and s not in "-－") else ""
            if self.form in ("en",):
                ts = w.split()
                ts[-1] += tail
                asr += ts
            elif self.form == "zh" and len(w) > 5:
                ch = chunk_zh(w, [2, 3, 4])
                ch[-1] += tail
                asr += ch
            else:
                asr.append(w + tail)
        return text, asr


def chunk_zh(w, sizes):
    """Split a run of Chinese numerals into ASR-like words (never inside 两个X)."""
    ch, k = [], 0
    while k < len(w):
        n = R.choice(sizes)
        j = min(len(w), k + n)
        while j < len(w) and (w[j - 1] == "两" and w[j] == "个" or w[j - 1] == "个"):
            j += 1
        ch.append(w[k:j])
        k = j
    if len(ch) > 1 and len(ch[-1]) == 1:
        ch[-2:] = [ch[-2] + ch[-1]]
    return ch


class Frag:
    def __init__(self, kind, text, last4=False, asr=None):
        assert text == text.strip() and "\n" not in text and text, repr(text)
        if kind != "phone":
            last4 = False
        self.kind, self.text, self.last4 = kind, text, bool(last4)
        if asr is None:
            if re.search(r"[\u3400-\u9fff]", text):
                asr = [t.strip() for t in re.findall(r"[^，、\s]+[，、]?", text)]
            else:
                asr = [t for t in re.split(r"\s+", text) if t]
        self.asr = asr


class _BR:
    pass


BR = _BR()


def F(kind, num, a, b, style, pat=None, sep=None, last4=None):
    """A fragment of number `num` covering num[a:b], said in `style`."""
    sub = num[a:b]
    if pat is None:
        gs = [sub] if len(sub) <= 4 or style.form in ("zh",) and chance(0.4) else split_pat(sub, nat_pat(kind, sub) if b - a == len(num) else (4, 4, 4, 4, 4))
    else:
        gs = split_pat(sub, pat)
    text, asr = style.parts(gs, sep)
    if last4 is None:
        last4 = kind == "phone" and b == len(num)
    return Frag(kind, text, last4, asr)


def Fwhole(kind, num, style, pat=None, sep=None, last4=None):
    return F(kind, num, 0, len(num), style, pat or nat_pat(kind, num), sep, last4)


def Ftext(kind, text, last4=False, asr=None):
    return Frag(kind, text, last4, asr)


# ============================================================================================
# Call furniture: domains, names, harmless lines
# ============================================================================================

SURN = ["张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡", "郭"]
AGENT_ZH = ["小王", "李娜", "晓雯", "小刘", "陈静", "小周", "海燕", "志强"]
AGENT_EN = ["Priya", "Tom", "Hannah", "Marcus", "Dana", "Grace", "Leo", "Sofia", "Ahmed", "Chloe", "Niamh", "Ravi"]
CUST_EN = ["Mr Zhang", "Ms Lee", "Mrs Chen", "Mr Okafor", "Ms Patel", "Mr Wong", "Mrs Hughes", "Mr Li"]

DOMAINS = {
    "bank": dict(zh_co="东岸银行信用卡中心", en_co="Quay Bank card services",
                 zh_issue=["我的卡昨天在外地被冻结了，刷不了。", "我想查一下上个月那笔分期。", "我收到一条短信说有笔消费，不是我刷的。"],
                 en_issue=["My card got declined at the petrol station this morning.", "There's a payment on my statement I don't recognise.",
                           "I'd like to raise my credit limit."],
                 kinds=["bank_card", "id_number", "phone"]),
    "telecom": dict(zh_co="九州移动客服", en_co="Northline Mobile",
                    zh_issue=["我家宽带从前天开始就一直掉线。", "我想办个号码过户。", "这个月话费怎么多扣了那么多？"],
                    en_issue=["My broadband keeps dropping out every evening.", "I want to move my number onto a new contract.",
                              "My bill's gone up and I don't know why."],
                    kinds=["phone", "id_number"]),
    "courier": dict(zh_co="顺达快递", en_co="Swift Parcel", zh_issue=["我的包裹显示签收了，但我没收到。", "我想改一下派送地址。", "快递员说联系不上我。"],
                    en_issue=["My parcel says delivered but it's not here.", "I need to change the delivery address.", "The driver says he couldn't reach me."],
                    kinds=["phone"]),
    "clinic": dict(zh_co="仁和医院预约中心", en_co="St Anne's Clinic", zh_issue=["我想挂下周二的专家号。", "我妈的检查报告出来了没有？", "我要改一下复诊时间。"],
                   en_issue=["I'd like to book a follow-up appointment.", "I'm calling about my blood test results.", "I need to move my appointment."],
                   kinds=["id_number", "phone"]),
    "insurance": dict(zh_co="安康保险理赔专线", en_co="Harbourside Insurance claims", zh_issue=["我上周车被追尾了，想报个案。", "住院的费用想申请理赔。", "理赔款一直没到账。"],
                      en_issue=["I need to make a claim, my car was hit in a car park.", "I'm chasing a claim payment.", "I'd like to add my wife to the policy."],
                      kinds=["id_number", "bank_card", "phone"]),
    "air": dict(zh_co="云程航空", en_co="Skyway Air reservations", zh_issue=["我想改签明天的航班。", "行李没跟着到。", "我要给我爸订一张票。"],
                en_issue=["I need to change tomorrow's flight.", "My suitcase didn't arrive.", "I'm booking a ticket for my father."],
                kinds=["id_number", "phone", "bank_card"]),
    "shop": dict(zh_co="优品商城售后", en_co="ShopMore customer care", zh_issue=["我退的那个货，钱还没退回来。", "收到的东西是坏的。", "我想开个发票。"],
                 en_issue=["I returned a kettle two weeks ago and I'm still waiting on the refund.", "The item arrived broken.", "I was charged twice."],
                 kinds=["bank_card", "phone"]),
    "power": dict(zh_co="城南供电营业厅", en_co="Cityside Power", zh_issue=["我家突然停电了。", "我想改一下户主信息。", "电费怎么比上个月高这么多？"],
                  en_issue=["I want to submit a meter reading.", "I'm moving house and need to close the account.", "My direct debit went up."],
                  kinds=["phone", "id_number"]),
    "hotel": dict(zh_co="澜庭酒店前台", en_co="The Lantern Hotel", zh_issue=["我想订周五的两间房。", "我昨晚退房的时候押金还没退。", "想加一晚。"],
                  en_issue=["I'd like to book a room for next weekend.", "My deposit still hasn't come back.", "Can I extend my stay by a night?"],
                  kinds=["id_number", "bank_card", "phone"]),
    "gov": dict(zh_co="市民服务热线", en_co="City Helpline", zh_issue=["我想咨询一下居住证怎么续签。", "小区门口的路灯坏了好久了。", "社保转移的事情想问一下。"],
                en_issue=["I'm calling about my residence permit renewal.", "I want to report a broken street light.", "I need to update my address for council tax."],
                kinds=["id_number", "phone"]),
    "rental": dict(zh_co="易行租车", en_co="EasyDrive Car Hire", zh_issue=["我想租一辆车，周六取。", "还车的时候说我划了一道，要扣钱。", "我想延长两天。"],
                   en_issue=["I'd like to hire a car for Saturday.", "I've been charged for a scratch I didn't cause.", "Can I keep the car two more days?"],
                   kinds=["id_number", "bank_card", "phone"]),
    "loan": dict(zh_co="安信消费金融", en_co="Brightline Loans", zh_issue=["我想提前还款。", "这个月的还款日能不能往后推几天？", "我想改一下还款卡。"],
                 en_issue=["I'd like to pay my loan off early.", "Can I move my payment date?", "I want to change the card my repayments come from."],
                 kinds=["bank_card", "id_number", "phone"]),
}
DOMAIN_NAMES = list(DOMAINS)


def ordinal(n):
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def amt_zh():
    return pick([f"{R.randrange(1, 9)},{R.randrange(0, 1000):03d}.{R.randrange(0, 100):02d}", f"{R.randrange(20, 999)}",
                 pick(["三千二百", "一千八百五十", "四百六十八", "两千三", "九十九", "一万两千八"]), f"{R.randrange(100, 9999)}.00"])


def amt_en():
    return pick([f"£{R.randrange(10, 999)}.{R.randrange(0, 100):02d}", f"${R.randrange(1, 20)},{R.randrange(0, 1000):03d}.{R.randrange(0, 100):02d}",
                 f"{R.randrange(20, 900)} pounds", f"¥{R.randrange(100, 9999)}", "two hundred and forty quid",
                 "one thousand three hundred and eighty pounds"])


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
HOTLINES = ["400-820-5531", "400 689 1200", "800-820-6688", "95511", "95588", "12345", "10086", "4006 123 888", "800 810 8888"]


def harmless(lang, domain, role="A"):
    zh = lang == "zh"
    if role != "A":
        if zh:
            return pick([
                lambda: f"我上个月{R.randrange(1, 29)}号已经打过一次电话了。",
                lambda: f"我下午{pick(['两', '三', '四', '五'])}点以后都方便接电话。",
                lambda: f"我在你们这儿用了{pick(['五', '六', '七', '十'])}年多了。",
                lambda: f"上次那个客服说{R.randrange(3, 8)}个工作日就好，现在都两个礼拜了。",
            ])()
        return pick([
            lambda: f"I already rang on the {ordinal(R.randrange(2, 28))}.",
            lambda: f"I'm free after half {pick(['two', 'three', 'four'])} most days.",
            lambda: f"I've been with you {pick(['six', 'seven', 'ten', '12'])} years.",
            lambda: f"Last time they said {R.randrange(3, 8)} working days and that was two weeks ago.",
        ])()
    extra_zh = {"courier": [lambda: f"您这单一共{R.randrange(2, 9)}件，已经签收了{R.randrange(1, 2)}件。"],
                "shop": [lambda: f"您这单一共{R.randrange(2, 9)}件，退回了{R.randrange(1, 2)}件。"],
                "hotel": [lambda: f"房价是{R.randrange(380, 1600)}一晚，含两份早餐。"],
                "air": [lambda: f"航班是{R.randrange(6, 22):02d}:{pick(['05', '20', '35', '50'])}起飞，提前{pick(['四十五', '九十'])}分钟停止值机。"],
                "clinic": [lambda: f"给您约在{R.randrange(1, 13)}月{R.randrange(1, 29)}号{pick(['上午九', '上午十', '下午两', '下午三'])}点，{R.randrange(2, 9)}楼{R.randrange(1, 20)}号诊室。"],
                "rental": [lambda: f"日租金{R.randrange(150, 600)}元，押金{pick(['三千', '五千', '两千'])}。"]}
    extra_en = {"courier": [lambda: f"That's {pick(['two', 'three', '4'])} parcels, {pick(['one', '1'])} already delivered."],
                "hotel": [lambda: f"The rate's {R.randrange(80, 300)} pounds a night including breakfast for two."],
                "air": [lambda: f"It departs at {R.randrange(6, 22):02d}:{pick(['05', '20', '35', '50'])}, boarding closes 30 minutes before."],
                "clinic": [lambda: f"I've got the {pick(EN_ORD[1:12])} of {pick(MONTHS)} at {R.randrange(9, 12)}:{pick(['00', '15', '30', '45'])} in room {R.randrange(2, 30)}."],
                "rental": [lambda: f"It's {R.randrange(30, 90)} pounds a day with a {pick(['250', '500', '1,000'])} pound excess."]}
    if zh:
        pool = [
            lambda: f"这边显示费用是{amt_zh()}元。",
            lambda: f"一般{R.randrange(1, 4)}到{R.randrange(5, 8)}个工作日处理完。",
            lambda: f"后面有问题可以直接打{pick(HOTLINES)}。",
            lambda: f"处理完我帮您转分机{R.randrange(2000, 8999)}做个回访。",
            lambda: f"我的工号是{R.randrange(1000, 9999)}，您有问题可以找我。",
            lambda: f"现在是{R.randrange(9, 17)}:{R.randrange(0, 60):02d}，今天{R.randrange(17, 21)}点前能处理好。",
        ] + extra_zh.get(domain, [])
        if domain in ("bank", "telecom", "loan", "power"):
            pool.append(lambda: f"系统显示您是{R.randrange(2012, 2024)}年{R.randrange(1, 13)}月开户的。")
    else:
        pool = [
            lambda: f"I can see a balance of {amt_en()} on there.",
            lambda: f"It usually takes {R.randrange(2, 4)} to {R.randrange(5, 8)} working days.",
            lambda: f"If anything changes, ring us on {pick(HOTLINES)}.",
            lambda: f"I'll put you through to extension {R.randrange(2000, 8999)} afterwards for a quick survey.",
            lambda: f"My staff number is {R.randrange(1000, 9999)} if you need to quote it.",
            lambda: f"It's {R.randrange(2, 11)} minutes past {pick(['ten', 'two', 'four'])} now, so we should have it sorted by five.",
            lambda: f"You've been with us since {R.randrange(2008, 2024)}.",
        ] + extra_en.get(domain, [])
    return pick(pool)()


def opener(lang, domain, agent, lc=None):
    d = DOMAINS[domain]
    lc = lc or lang
    if lang == "zh":
        a = pick([f"您好，{d['zh_co']}，工号{R.randrange(1000, 9999)}为您服务。", f"您好，这里是{d['zh_co']}，我是{agent}，请问有什么可以帮您？",
                  f"{d['zh_co']}，您好，请讲。"])
    else:
        a = pick([f"Good morning, {d['en_co']}, {agent} speaking.", f"Thank you for calling {d['en_co']}, my name's {agent}, how can I help?",
                  f"Hi, you're through to {d['en_co']}, it's {agent}."])
    if lc == "zh":
        c = pick(["你好，", "喂，你好，", "哎你好，", ""]) + pick(d["zh_issue"])
    else:
        iss = pick(d["en_issue"])
        pre = pick(["Hi, ", "Hiya, ", "Hello, yes, ", ""])
        if pre and not re.match(r"I\b|I'", iss):
            iss = iss[0].lower() + iss[1:]
        c = pre + iss
    return [("A", [a]), ("C", [c])]


def closer(la, lc=None):
    lc = lc or la
    a1 = pick(["好的，已经帮您登记好了，还有其他问题吗？", "好的，稍后会有短信通知您，请注意查收。", "收到，我这边马上处理。",
               "感谢您的耐心等待，请问还有别的需要吗？"]) if la == "zh" else \
        pick(["Lovely, that's all updated. Anything else I can help with?", "You'll get a text once it's sorted.",
              "Great, bear with me while I put that through.", "Thanks for your patience. Is there anything else?"])
    c1 = pick(["没有了，谢谢。", "好，麻烦你了。", "行，谢谢啊。", "没了没了，拜拜。"]) if lc == "zh" else \
        pick(["No, that's everything, thanks.", "Brilliant, cheers.", "Sure, no rush.", "No, that's it. Bye."])
    out = [("A", [a1]), ("C", [c1])]
    if chance(0.4):
        out.append(("A", [pick(["不客气，祝您生活愉快，再见。", "感谢来电，再见。"]) if la == "zh" else pick(["Have a good day now.", "Thanks for calling, bye."])]))
    return out


# ============================================================================================
# Phrases
# ============================================================================================

ASK = {
    ("phone", "zh"): ["方便留一个您的手机号吗？", "您的联系电话是多少？", "麻烦报一下您登记的手机号码。", "回访的话打哪个电话？",
                      "留个能联系到您的手机号吧。"],
    ("phone", "en"): ["What's the best mobile number to reach you on?", "Can I take a contact number for you?",
                      "Could you confirm the mobile number on the account?", "And a phone number in case we get cut off?"],
    ("id_number", "zh"): ["请您报一下身份证号码。", "为了核实身份，需要您的身份证号，您报一下？", "麻烦提供一下本人的身份证号码。",
                          "您的证件号码，就是身份证号是多少？"],
    ("id_number", "en"): ["For security, could you read me your resident ID number?", "Can I take your ID number, the eighteen-character one?",
                          "What's the number on your resident identity card?"],
    ("bank_card", "zh"): ["请提供一下您的银行卡号。", "麻烦报一下卡号。", "您用的是哪张卡？卡号报一下。"],
    ("bank_card", "en"): ["Can I have the long number across the front of the card?", "Read me the card number when you're ready.",
                          "What's the card number, please?"],
}
ASK_MIXED = {
    "phone": ["您的 mobile number 是多少？", "Can I have your 手机号?", "留个 contact number 给我，方便回访。"],
    "id_number": ["麻烦报一下您的 ID number，身份证上那个。", "Can I have your 身份证号 please?"],
    "bank_card": ["退款的 card number 报一下？", "Which 银行卡 should we refund to? The card number please."],
}
LEAD = {
    ("phone", "zh"): ["我的手机是", "手机号", "是", "嗯，", "打这个吧，", "好，", "号码是"],
    ("phone", "en"): ["Sure, it's ", "Yeah, it's ", "It's ", "OK, ", "You can get me on ", "Best one is "],
    ("id_number", "zh"): ["身份证号是", "好的，", "是", "我念一下啊，", "嗯，"],
    ("id_number", "en"): ["Sure, it's ", "OK, it's ", "Right, ", "It's ", "Yep, "],
    ("bank_card", "zh"): ["卡号是", "是这张，", "我看一下卡啊……", "好，", "嗯，"],
    ("bank_card", "en"): ["OK, it's ", "Right, the card number is ", "Sure: ", "It's ", "Got it here, "],
}
END = {"zh": ["。", "。", "，这个号一直在用。", "。", "，就这个。"], "en": [".", ".", ".", ", that's the one.", "."]}
END_KIND = {"phone": {"zh": ["。", "，这个号一直在用。", "，就这个。"], "en": [".", ", that's my mobile.", "."]},
            "id_number": {"zh": ["。", "。", "，就这些。"], "en": [".", ".", ", that's it."]},
            "bank_card": {"zh": ["。", "，是一张储蓄卡。", "。"], "en": [".", ", it's a debit card.", "."]}}

BACKCH_ZH = ["嗯。", "嗯嗯。", "好。", "对，您说。", "然后呢？", "稍等，我记一下……好了，您继续。", "慢一点，我这边在记。", "后面呢？",
             "嗯，在听。", "好的，请继续。", "您说，我在记。"]
BACKCH_EN = ["Mm-hm.", "Yep.", "Go on.", "Okay.", "Right, and then?", "Hang on, let me grab a pen... okay, go ahead.",
             "Slow down a bit for me.", "Uh-huh, keep going.", "Got that.", "Sure, carry on."]
QUESTION_ZH = {"phone": [("这是您本人的号吗？", ["对，本人的，", "是的，"]), ("是手机还是座机？", ["手机，", "手机号，"]), ("这个号能收短信吧？", ["能，", "可以的，"])],
               "id_number": [("是本人的身份证吧？", ["对，", "是本人的，"]), ("是十八位那个吧？", ["对，十八位，", "对对，"]),
                             ("您是看着证件念的吧？", ["嗯，看着念的，", "对，"])],
               "bank_card": [("是储蓄卡还是信用卡？", ["储蓄卡，", "信用卡，"]), ("是卡正面那串数字吧？", ["对，", "是的，"]), ("是本人名下的卡吧？", ["是我自己的，", "对，"])]}
QUESTION_EN = {"phone": [("Is that your own mobile?", ["Yeah, mine, ", "Yes, "]), ("Is that a landline or a mobile?", ["Mobile, ", "It's a mobile, "]),
                         ("Can that one take texts?", ["Yep, ", "It can, "])],
               "id_number": [("That's your own ID, yeah?", ["Yeah, ", "Yes, mine, "]), ("Reading it off the card?", ["Yep, ", "Yeah, "]),
                             ("Is that the eighteen-digit one?", ["Yes, ", "That's right, "])],
               "bank_card": [("Is that debit or credit?", ["Debit, ", "Credit, "]), ("The long number on the front, yes?", ["Yes, ", "Yep, "]),
                             ("Is the card in your name?", ["It is, ", "Yeah, "])]}
ASIDE_ZH = ["，你稍等啊，我戴一下眼镜，", "，哎你别吵，妈妈在打电话，", "，信号不太好，你能听到吗？能啊，那我接着说，",
            "，不好意思刚才有人敲门，", "，我在开车，开着免提呢，", "，我想想啊，这个我老记不住，"]
ASIDE_EN = [", sorry, the dog's going mad, ", ", I can never remember this bit, ", ", you still there? Line's a bit crackly. Anyway, ",
            ", sorry, someone at the door, right, where was I, ", ", let me just find my glasses, ", ", I'm driving, you're on speaker, "]
ASIDE_KIND_ZH = {"bank_card": ["，等一下，我把卡从钱包里拿出来……", "，这数字印得太小了，", "，卡面有点磨损，看不太清，"],
                 "id_number": ["，我把身份证翻出来看着念，", "，这个是我爱人帮我办的，我找找证件，", "，我对着复印件念的啊，"],
                 "phone": ["，这是新办的号我还没背熟，", "，我看看手机设置里，找到了，", "，这个号是我单位给的，"]}
ASIDE_KIND_EN = {"bank_card": [", hang on, I'm just getting it out of my wallet... ", ", the numbers are half worn off this card, "],
                 "id_number": [", hold on, reading it off the card, ", ", it's my wife's handwriting on this copy, "],
                 "phone": [", it's a new number, I haven't learnt it yet, ", ", hold on, checking in my settings, "]}


def asides(kind, zh, k):
    pool = (ASIDE_ZH + ASIDE_KIND_ZH[kind]) if zh else (ASIDE_EN + ASIDE_KIND_EN[kind])
    pool = list(pool)
    R.shuffle(pool)
    return (pool * 3)[:k]
FILL_ZH = ["呃", "嗯", "那个", "就是", "呃", "然后", "嗯"]
FILL_EN = ["um", "uh", "like", "er", "um, let me think", "hmm", "uh, hang on", "erm"]


DOMAIN_ASK = {
    ("courier", "phone"): (["收件人的手机号是多少？", "快递员打哪个号码联系您？"], ["Which number should the driver ring when he's outside?", "What's the recipient's mobile?"]),
    ("telecom", "phone"): (["您要办理的是哪个号码？", "宽带绑定的手机号是多少？"], ["Which mobile number is this about?", "What's the number on the contract?"]),
    ("telecom", "id_number"): (["机主的身份证号码报一下。"], ["And the account holder's ID number?"]),
    ("clinic", "id_number"): (["就诊人的身份证号码是多少？"], ["Can I have the patient's ID number?"]),
    ("clinic", "phone"): (["预约短信发到哪个手机号？"], ["Which mobile should the reminder text go to?"]),
    ("air", "id_number"): (["乘机人的身份证号报一下。"], ["I'll need the passenger's ID number, the eighteen-character one."]),
    ("insurance", "id_number"): (["被保险人的身份证号是多少？"], ["Can you give me the policyholder's ID number?"]),
    ("insurance", "bank_card"): (["理赔款打到哪张卡？卡号报一下。"], ["Which card should the settlement be paid to? The card number, please."]),
    ("shop", "bank_card"): (["退款退到哪张卡？卡号报一下。"], ["Which card should the refund go back to? The full card number, please."]),
    ("hotel", "bank_card"): (["押金用哪张卡担保？麻烦报一下卡号。"], ["Which card would you like to guarantee the booking with?"]),
    ("hotel", "id_number"): (["入住人的身份证号报一下。"], ["And the guest's ID number for registration?"]),
    ("loan", "bank_card"): (["要还款的那张卡卡号是多少？"], ["What's the number of the card the repayments should come from?"]),
    ("bank", "bank_card"): (["您说的是哪张卡？卡号报一下我查一下。"], ["Which card is it? Read me the number."]),
    ("bank", "id_number"): (["麻烦提供一下持卡人本人的身份证号。"], ["And the cardholder's ID number for security?"]),
    ("power", "id_number"): (["户主的身份证号是多少？"], ["The account holder's ID number, please?"]),
    ("power", "phone"): (["停电通知发到哪个手机号？"], ["Which mobile should the outage texts go to?"]),
    ("gov", "id_number"): (["办理人的身份证号是多少？"], ["What's the applicant's ID number?"]),
    ("rental", "id_number"): (["驾驶人的身份证号报一下。"], ["The driver's ID number, please?"]),
    ("rental", "bank_card"): (["预授权用哪张信用卡？卡号报一下。"], ["Which card shall we put the deposit hold on?"]),
}
CUR_DOMAIN = ["bank"]
CUR_LANGS = ["zh", "en"]


def ask(kind, lang):
    if lang == "mixed":
        return pick(ASK_MIXED[kind])
    fl = DOMAIN_ASK.get((CUR_DOMAIN[0], kind))
    if fl and chance(0.55):
        return pick(fl[0] if lang == "zh" else fl[1])
    return pick(ASK[(kind, lang)])


def lead(kind, lang):
    return pick(LEAD[(kind, "zh" if lang == "zh" else "en")])


def end(kind, lang):
    return pick(END_KIND[kind]["zh" if lang == "zh" else "en"])


def speaker_langs(lang):
    """(agent language, caller language, caller's digit language)."""
    if lang == "zh":
        return "zh", "zh", "zh"
    if lang == "en":
        return "en", "en", "en"
    a, c = CUR_LANGS
    if a == c:
        dl = "en" if c == "zh" else "zh"
    else:
        dl = pick([c, c, "en" if c == "zh" else "zh"])
    return a, c, dl


def style_for(kind, dl, forced=None):
    return Style(kind, dl, forced)


def rb_style(kind, la, orig):
    """The agent's read-back style: usually different from the caller's."""
    s = Style(kind, la)
    if chance(0.5) and orig.form != "ar":
        s = Style(kind, la, "ar")
    return s


# ============================================================================================
# Phenomena (positive cases)
# ============================================================================================

def piece_frags(kind, num, lens, style, pat_inner=True):
    frags, i = [], 0
    for n in lens:
        frags.append(F(kind, num, i, i + n, style, pat=(n,) if n <= 8 else None))
        i += n
    return frags


def ph_plain(lang, kind):
    la, lc, dl = speaker_langs(lang)
    st = style_for(kind, dl)
    sub = "whole"
    if kind == "phone" and chance(0.25):
        if chance(0.5):
            area, local = gen_landline()
            sub = "landline"
            if lc == "zh":
                c = ["是座机，区号", F(kind, area, 0, len(area), st, pat=(len(area),), last4=False), "，号码", Fwhole(kind, local, st, pat=(4, 4) if len(local) == 8 else (3, 4)), "。"]
            else:
                c = ["It's a landline: area code ", F(kind, area, 0, len(area), st, pat=(len(area),), last4=False), ", then ",
                     Fwhole(kind, local, st, pat=(4, 4) if len(local) == 8 else (3, 4)), "."]
        else:
            num = gen_phone()
            sub = "plus86"
            cc = pick(["+86 ", "+86-", "(+86) "]) if lc == "zh" else pick(["+86 ", "plus eight six, ", "double oh eight six, "])
            c = [lead(kind, lc) + cc, Fwhole(kind, num, st), end(kind, lc)]
    else:
        num = gen_kind_number(kind)
        c = [lead(kind, lc), Fwhole(kind, num, st), end(kind, lc)]
    turns = [("A", [ask(kind, lang if lang != "mixed" else pick(["mixed", la]))]), ("C", c)]
    if chance(0.5):
        turns.append(("A", [pick(["好的，收到。", "好，记下了。"]) if la == "zh" else pick(["Lovely, got that.", "Perfect, thank you."])]))
    return turns, f"{kind}-{sub}-{st.form}"


def ph_interruption(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    st = style_for(kind, dl)
    n = len(num)
    k = pick([1, 2, 2, 3]) if n > 11 else pick([1, 1, 2])
    if chance(0.5):
        lens = [len(g) for g in split_pat(num, nat_pat(kind, num))]
        # merge groups to k+1 pieces
        while len(lens) > k + 1:
            j = R.randrange(len(lens) - 1)
            lens[j:j + 2] = [lens[j] + lens[j + 1]]
    else:
        lens = rand_cuts(n, k, 2, 8)
    frags = piece_frags(kind, num, lens, st)
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)])]
    turns.append(("C", [lead(kind, lc), frags[0], pick(["……", "", "，"]) if lc == "zh" else pick(["...", "", ","])]))
    pos = lens[0]
    rb = rb_style(kind, la, st)
    sub = []
    for i in range(1, len(frags)):
        prev_a = pos - lens[i - 1]
        r = R.random()
        if r < 0.35:
            turns.append(("A", [pick(BACKCH_ZH if la == "zh" else BACKCH_EN)]))
            sub.append("bc")
            turns.append(("C", [pick(["", "", "然后", "后面是", "呃，", "对，"]) if lc == "zh" else pick(["", "then ", "and ", "yeah, "]), frags[i],
                                ("。" if lc == "zh" else ".") if i == len(frags) - 1 else ("，" if lc == "zh" else ",")]))
        elif r < 0.65:
            echo = F(kind, num, prev_a, pos, rb, pat=(pos - prev_a,))
            if la == "zh":
                a = pick([[echo, "，然后呢？"], [echo, "，嗯，后面？"], ["是", echo, "吗？"], ["刚才是", echo, "对吧？"]])
            else:
                a = pick([[echo, ", and then?"], ["Sorry, ", echo, "?"], ["Was that ", echo, "?"], [echo, ", got it, go on."]])
            turns.append(("A", a))
            sub.append("echo")
            turns.append(("C", [pick(["对，", "对对，", "嗯，", "是，"]) if lc == "zh" else pick(["Yes, ", "Yeah, ", "That's it, "]), frags[i],
                                "。" if lc == "zh" else "."]))
        elif r < 0.82:
            qa = pick(QUESTION_ZH[kind] if la == "zh" else QUESTION_EN[kind])
            turns.append(("A", [qa[0]]))
            sub.append("question")
            if (la == "zh") == (lc == "zh"):
                ans = pick(qa[1])
            else:
                ans = pick(["对，", "是，", "嗯，"]) if lc == "zh" else pick(["Yes, ", "Yeah, "])
            turns.append(("C", [ans + (pick(["接着是", "后面", ""]) if lc == "zh" else pick(["then ", "next is ", ""])),
                                frags[i], "。" if lc == "zh" else "."]))
        else:
            turns.append(("A", [pick(["不好意思，刚才没听清。", "喂？刚才断了一下，您再说一遍？"]) if la == "zh" else pick(["Sorry, you cut out there.", "Say that last bit again?"])]))
            sub.append("repeat")
            rep = F(kind, num, prev_a, pos, st, pat=(pos - prev_a,))
            turns.append(("C", [rep, "，" if lc == "zh" else ", ", frags[i], "。" if lc == "zh" else "."]))
        pos += lens[i]
    return turns, f"{kind}-{len(frags)}pieces-{'+'.join(sub)}-{st.form}"


def ph_continuation(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    st = style_for(kind, dl)
    n = len(num)
    v = pick(["br", "br", "aside", "aside", "aside-br", "short-pieces"])
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)])]
    zhc = lc == "zh"
    if v == "br":
        lens = rand_cuts(n, pick([1, 2]) if n > 11 else 1, 3, 12)
        frags = piece_frags(kind, num, lens, st)
        parts = [lead(kind, lc)]
        for i, f in enumerate(frags):
            if i:
                parts += [BR, pick(["", "", "呃", "然后"]) if zhc else pick(["", "", "then ", "and "])]
            parts.append(f)
        parts.append("。" if zhc else ".")
        turns.append(("C", [p for p in parts if p != ""]))
    elif v in ("aside", "short-pieces", "aside-br"):
        k = pick([2, 3, 4]) if n > 11 else pick([2, 3])
        if v == "short-pieces":
            k = -(-n * 2 // 7) - 1
            lens = rand_cuts(n, k, 2, 4)
        else:
            lens = rand_cuts(n, k, 2, 8)
        frags = piece_frags(kind, num, lens, st)
        parts = [lead(kind, lc), frags[0]]
        asd = asides(kind, zhc, len(frags))
        for i, f in enumerate(frags[1:], 1):
            if v == "short-pieces" and chance(0.5):
                parts.append(pick(["，", "，嗯，", "……"]) if zhc else pick([", ", "... ", ", um, "]))
            else:
                parts.append(asd[i])
            if v == "aside-br" and i == len(frags) - 1:
                parts.append(BR)
            parts.append(f)
        parts.append("。" if zhc else ".")
        turns.append(("C", parts))
        if chance(0.5):
            turns.append(("A", [pick(["好的，我记下了。", "没关系，慢慢来，已经记好了。"]) if la == "zh" else pick(["No rush, got all of that.", "Perfect, that's in."])]))
    return turns, f"{kind}-{v}-{st.form}"


def corr_phrase(lc, kind, num, pos, wrong, right, st):
    """Correction of one digit: returns parts; the span runs from the wrong digit to the right one."""
    w, r = st.word(wrong), st.word(right)
    last4 = kind == "phone" and pos >= len(num) - 4
    nth = ZH_ORD[pos] if pos < len(num) - 1 else "最后一位"
    nth_en = EN_ORD[pos] if pos < len(num) - 1 else "last"
    if lc == "zh":
        tpl = pick(["a", "b", "c", "d"])
        if tpl == "a":
            return ["，", "那个" if chance(0.5) else "", Ftext(kind, f"{w}说错了，是{r}", last4), "。"], "zh-said-wrong"
        if tpl == "b":
            return [f"，不对，{nth}不是", Ftext(kind, f"{w}，是{r}", last4), "。"], "zh-nth-not"
        if tpl == "c":
            return ["……哎不对，", Ftext(kind, f"{w}应该是{r}", last4), "，我看错了。"], "zh-should-be"
        where = f"倒数第{CN_SMALL[len(num) - pos]}位" if pos < len(num) - 1 else "最后一位"
        return [f"，等等，{where}我说错了，不是", Ftext(kind, f"{w}是{r}", last4), "。"], "zh-from-end"
    tpl = pick(["a", "b", "c"])
    if tpl == "a":
        return [f", sorry, the {nth_en} one is a ", Ftext(kind, f"{r} not a {w}", last4), "."], "en-nth-not"
    if tpl == "b":
        return [", no wait, that ", Ftext(kind, f"{w} should be a {r}", last4), "."], "en-should-be"
    return ["... hang on, I said ", Ftext(kind, f"{w}, it's {r}", last4), ", sorry."], "en-said-it's"


def ph_correction(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    st = style_for(kind, dl)
    n = len(num)
    zhc = lc == "zh"
    v = pick(["restart", "restart", "digit", "digit", "digit", "old-number", "agent-restart", "swap"])
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)])]
    if v == "restart":
        k = R.randrange(3, min(9, n - 2))
        pre = F(kind, num, 0, k, st, pat=(3, 4, 4) if kind == "phone" else (6, 4), last4=False)
        if zhc:
            mid = pick(["……不对不对，我重新说，", "……哎说乱了，从头来，", "……等下，我再说一遍，"])
        else:
            mid = pick(["... no wait, let me start again. ", "... sorry, scrap that, from the top: ", "... hang on, I've muddled it, again: "])
        turns.append(("C", [lead(kind, lc), pre, mid, Fwhole(kind, num, st), "。" if zhc else "."]))
    elif v == "old-number":
        other = gen_kind_number(kind)
        k = R.randrange(4, min(9, n - 2))
        pre = F(kind, other, 0, k, st, pat=(3, 4, 4) if kind == "phone" else (6, 4), last4=False)
        if zhc:
            mid = pick(["……哦不对，那是我以前的号，现在用的是", "……不是不是，这是我爱人的，我的是", "……哎念成旧的了，新的是"])
        else:
            mid = pick(["... oh no, that's my old one. The current one's ", "... no, that's my husband's. Mine is ", "... sorry, that was the expired one, the new one's "])
        turns.append(("C", [lead(kind, lc), pre, mid, Fwhole(kind, num, st), "。" if zhc else "."]))
    elif v == "agent-restart":
        k = R.randrange(3, min(10, n - 2))
        pre = F(kind, num, 0, k, st, pat=(3, 4, 4) if kind == "phone" else (6, 4), last4=False)
        turns.append(("C", [lead(kind, lc), pre, "……" if zhc else "..."]))
        turns.append(("A", [pick(["您说得有点快，能从头再来一遍吗？", "不好意思，从第一位开始再报一次？"]) if la == "zh" else pick(["Sorry, could you start again from the top?", "You're breaking up, one more time from the beginning?"])]))
        turns.append(("C", [pick(["好，", "行，"]) if zhc else pick(["Sure, ", "OK, "]), Fwhole(kind, num, st), "。" if zhc else "."]))
    elif v == "digit":
        lim = n - 1 if kind == "id_number" and num[-1] == "X" else n
        pos = R.randrange(2, lim)
        bad, _, old, new = mutate(num, pos)
        wrong_frag = Fwhole(kind, bad, st, last4=(pos != n - 1) and kind == "phone")
        extra, tag = corr_phrase(lc, kind, num, pos, new, old, st)
        v = "digit-" + tag
        turns.append(("C", [lead(kind, lc), wrong_frag] + [e for e in extra if e != ""]))
    else:  # swap two adjacent digits at the end
        i = n - 2 if num[-1] != "X" else n - 3
        while num[i] == num[i + 1] and i > n - 6:
            i -= 1
        bad = num[:i] + num[i + 1] + num[i] + num[i + 2:]
        wrong_frag = Fwhole(kind, bad, st, last4=False)
        tail_r, tail_w = num[-4:], bad[-4:]
        if zhc:
            ws = st.word(tail_r), st.word(tail_w)
            extra = ["，不对，后四位是", Ftext(kind, f"{ws[0]}，不是{ws[1]}", kind == "phone"), "，我念反了。"]
        else:
            ws = st.word(tail_r), st.word(tail_w)
            extra = [", no sorry, the last four are ", Ftext(kind, f"{ws[0]}, not {ws[1]}", kind == "phone"), ", I swapped them."]
        turns.append(("C", [lead(kind, lc), wrong_frag] + extra))
    if chance(0.6):
        rs = rb_style(kind, la, st)
        if la == "zh":
            turns.append(("A", ["好，那我确认一下，", Fwhole(kind, num, rs), "，对吗？"]))
            turns.append(("C", [pick(["对。", "对的，没错。"])]))
        else:
            turns.append(("A", ["OK, so reading that back: ", Fwhole(kind, num, rs), ", correct?"]))
            turns.append(("C", [pick(["That's right.", "Yep, spot on."])]))
    return turns, f"{kind}-{v}-{st.form}"


def insert_fillers(kind, num, st, lc, nfill):
    gs = split_pat(num, nat_pat(kind, num))
    # a filler may also split a group in two
    if chance(0.4):
        j = R.randrange(len(gs))
        if len(gs[j]) >= 4:
            c = R.randrange(1, len(gs[j]))
            gs[j:j + 1] = [gs[j][:c], gs[j][c:]]
    slots = list(range(1, len(gs)))
    R.shuffle(slots)
    fill_at = set(slots[:max(2, min(nfill, len(slots)))])
    words = [st.word(g) for g in gs]
    text, asr = "", []
    zhp = lc == "zh" and st.form != "en"
    for i, w in enumerate(words):
        if i:
            if i in fill_at:
                f = pick(FILL_ZH) if lc == "zh" else pick(FILL_EN)
                if chance(0.3):
                    f2 = pick(FILL_ZH) if lc == "zh" else pick(FILL_EN)
                    if f2 != f:
                        f = f + ("，" if lc == "zh" else ", ") + f2
                if lc == "zh":
                    sep = pick(["，" + f + "，", f, "，" + f + "……", "……" + f + "，"]) if st.form != "en" else " " + f + " "
                else:
                    sep = pick([", " + f + ", ", " " + f + " ", "... " + f + "... "]) if st.form != "zh" else "，" + f + "，"
                text += sep
                asr += [t for t in re.split(r"[\s，]+", sep) if t and t not in (",", "，")]
            else:
                s = pick(["，", ""]) if st.form == "zh" else (" " if st.form != "en" else pick([" ", ", "]))
                text += s
        text += w
        asr += w.split() if st.form == "en" else [w]
    return Frag(kind, text.strip(), kind == "phone", asr), len(fill_at)


def ph_filler(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    st = style_for(kind, dl)
    fr, nf = insert_fillers(kind, num, st, lc, pick([2, 2, 3, 4]))
    zhc = lc == "zh"
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)]), ("C", [lead(kind, lc), fr, end(kind, lc)])]
    if chance(0.4):
        turns.append(("A", [pick(["好的，不着急。", "嗯，记下了。"]) if la == "zh" else pick(["No worries, got it.", "That's fine, thank you."])]))
    return turns, f"{kind}-{nf}fillers-{st.form}"


def itn_chunks(num, kind):
    """ASR inverse-text-normalised chunks: split differently from how it was said."""
    n = len(num)
    k = pick([2, 3, 3, 4]) if n <= 11 else pick([3, 4, 5])
    lens = rand_cuts(n, k, 1 if chance(0.25) else 2, 6)
    out, i = [], 0
    for l in lens:
        out.append(num[i:i + l])
        i += l
    return out


def ph_asr(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    chunks = itn_chunks(num, kind)
    v = pick(["itn", "itn", "mixed-numerals", "split-segment", "itn-lower-x", "itn-year"])
    zhc = lc == "zh"
    if v == "itn-lower-x" and not num.endswith("X"):
        v = "itn"
    if v == "itn-year" and kind != "id_number":
        v = "mixed-numerals" if zhc else "itn"
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)])]
    if v in ("itn", "itn-lower-x"):
        ch = list(chunks)
        if v == "itn-lower-x":
            last = ch[-1]
            ch = ch[:-1] + ([last[:-1], "x"] if len(last) > 1 else ["x"])
        fr = Ftext(kind, " ".join(ch), kind == "phone", ch)
        c = [lead(kind, lc), fr, "。" if zhc else "."]
    elif v == "itn-year":
        y = num[6:10]
        ch = [num[:6], y, num[10:14], num[14:17], num[17]] if chance(0.5) else [num[:3], num[3:6], y, num[10:12], num[12:14], num[14:]]
        fr = Ftext(kind, " ".join(ch), False, ch)
        c = [lead(kind, lc), fr, "。" if zhc else "."]
    elif v == "mixed-numerals":
        ch = []
        for i, c_ in enumerate(chunks):
            if (i % 2 == 0) == chance(0.5):
                ch.append(zh_say(c_, "幺" if kind == "phone" else "一"))
            else:
                ch.append(c_)
        fr = Ftext(kind, " ".join(ch), kind == "phone", ch)
        c = [lead(kind, lc), fr, "。" if zhc else "."]
    else:
        cut = R.randrange(max(3, len(num) // 3), len(num) - 2)
        a, b = num[:cut], num[cut:]
        ca, cb = itn_chunks(a, kind) if len(a) > 5 else [a], itn_chunks(b, kind) if len(b) > 5 else [b]
        f1 = Ftext(kind, " ".join(ca), False, ca)
        f2 = Ftext(kind, " ".join(cb), kind == "phone", cb)
        c = [lead(kind, lc), f1, BR, f2, "。" if zhc else "."]
    turns.append(("C", c))
    if chance(0.35):
        turns.append(("A", [pick(["好的。", "收到。"]) if la == "zh" else pick(["Great.", "Thanks."])]))
    return turns, f"{kind}-{v}"


def ph_readback(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    st = style_for(kind, dl)
    n = len(num)
    zha = la == "zh"
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)]), ("C", [lead(kind, lc), Fwhole(kind, num, st), end(kind, lc)])]
    rs = rb_style(kind, la, st)
    v = pick(["full", "first3", "last4", "last2", "last3", "misheard", "misheard", "half", "full-pieces"])
    if kind == "bank_card" and v == "first3":
        v = "first6"
    if v == "full":
        turns.append(("A", ["好，跟您核对一下，", Fwhole(kind, num, rs), "，对吧？"] if zha else ["Let me read that back: ", Fwhole(kind, num, rs), ", is that right?"]))
        turns.append(("C", [pick(["对。", "没错。"]) if lc == "zh" else pick(["Yes.", "That's it."])]))
    elif v == "full-pieces":
        lens = [len(g) for g in split_pat(num, nat_pat(kind, num))]
        fr = piece_frags(kind, num, lens, rs)
        parts = ["我复述一下，" if zha else "So that's "]
        for i, f in enumerate(fr):
            if i:
                parts.append(pick(["，", "——"]) if zha else pick([", ", " ... "]))
            parts.append(f)
        parts.append("，没错吧？" if zha else ", yeah?")
        turns.append(("A", parts))
        turns.append(("C", [pick(["对的。", "嗯，对。"]) if lc == "zh" else pick(["Yep.", "Correct."])]))
    elif v in ("first3", "first6"):
        k = 3 if v == "first3" else 6
        f = F(kind, num, 0, k, rs, pat=(k,), last4=False)
        turns.append(("A", [f, "开头的，对吧？"] if zha else ["Starting ", f, ", yes?"]))
        turns.append(("C", [pick(["对。", "是的。"]) if lc == "zh" else pick(["Yes.", "That's right."])]))
    elif v in ("last4", "last2", "last3"):
        k = {"last4": 4, "last2": 2, "last3": 3}[v]
        f = F(kind, num, n - k, n, rs, pat=(k,))
        if zha:
            kk = "两三四"[k - 2]
            what = {"phone": pick(["尾号", "尾号是", f"最后{kk}位"]), "id_number": pick([f"身份证末{kk}位是", f"最后{kk}位是", "尾号"]),
                    "bank_card": pick(["尾号", f"卡号最后{kk}位是", "尾号是"])}[kind]
            a = [what, f, "，对吗？"]
        else:
            what = {"phone": "ending in ", "id_number": f"the last {['two', 'three', 'four'][k - 2]} of the ID being ", "bank_card": "the card ending "}[kind]
            a = ["So that's " + what, f, ", right?"]
        turns.append(("A", a))
        turns.append(("C", [pick(["对。", "是的。"]) if lc == "zh" else pick(["Yes.", "That's right."])]))
    elif v == "half":
        h = n // 2
        f1 = F(kind, num, 0, h, rs)
        turns.append(("A", ["前面是", f1, "，后面我没听清。"] if zha else ["I got ", f1, ", then you cut out."]))
        f2 = F(kind, num, h, n, st)
        turns.append(("C", ["后面是", f2, "。"] if lc == "zh" else ["The rest is ", f2, "."]))
    else:  # misheard read-back: one digit off, fails the check
        lim = n - 1 if num[-1] == "X" else n
        pos = R.randrange(2, lim - 1)
        bad, _, old, new = mutate(num, pos)
        fb = Fwhole(kind, bad, rs, last4=False)
        turns.append(("A", ["好的，", fb, "，对吗？"] if zha else ["OK, so ", fb, "?"]))
        fb.last4 = kind == "phone" and pos != n - 1
        ws = st.word(old) if st.form in ("zh", "en") else old
        wb = st.word(new) if st.form in ("zh", "en") else new
        if lc == "zh":
            turns.append(("C", ["不对，", ZH_ORD[pos] if pos < n - 1 else "最后一位", "是", Ftext(kind, f"{ws}，不是{wb}", kind == "phone" and pos >= n - 4), "。"]))
        else:
            turns.append(("C", ["No, the ", EN_ORD[pos] if pos < n - 1 else "last", " digit's a ", Ftext(kind, f"{EN[old]}, not a {EN[new]}", kind == "phone" and pos >= n - 4), "."]))
        turns.append(("A", ["抱歉，那就是", Fwhole(kind, num, rs), "。"] if zha else ["Sorry, so it's ", Fwhole(kind, num, rs), "."]))
    return turns, f"{kind}-{v}-{st.form}>{rs.form}"


def ph_checkchar(lang, kind="id_number"):
    la, lc, dl = speaker_langs(lang)
    want_x = chance(0.8)
    num = gen_id(want_x)
    st = style_for("id_number", dl)
    zhc = lc == "zh"
    head = F("id_number", num, 0, 17, st, pat=pick([(6, 8, 3), (6, 4, 4, 3), (3, 3, 4, 4, 3)]))
    chk = num[17]
    if chk == "X":
        chtxt = pick(["X", "X", "x", "叉"]) if zhc else pick(["X", "X", "x"])
    else:
        chtxt = st.word(chk)
    cfrag = Ftext("id_number", chtxt)
    v = pick(["agent-asks", "same-line", "same-line", "next-line", "agent-choice", "after-aside"])
    turns = [("A", [ask("id_number", lang if lang != "mixed" else la)])]
    if v == "agent-asks":
        turns.append(("C", [lead("id_number", lc), head, "……" if zhc else "..."]))
        turns.append(("A", [pick(["嗯，最后那个是？", "最后一位呢？", "还差一位。"]) if la == "zh" else pick(["And the last one?", "That's seventeen, and the last character?"])]))
        if zhc:
            turns.append(("C", [pick(["是", "最后是", "", "哦，"]), cfrag, pick(["。", "，大写的。", "。"])]))
        else:
            turns.append(("C", [pick(["It's ", "Oh, ", "Last one's "]), cfrag, pick([".", ", capital.", "."])]))
    elif v == "agent-choice":
        turns.append(("C", [lead("id_number", lc), head, "，最后一位……" if zhc else ", and the last one..."]))
        turns.append(("A", ["最后一位是数字还是X？"] if la == "zh" else ["Is the last one a number or the letter X?"]))
        turns.append(("C", [pick(["是", ""]) if zhc else pick(["It's ", ""]), cfrag, "。" if zhc else "."]))
    elif v == "same-line":
        if zhc:
            mid = pick(["，末尾是", "，最后是个", "……然后最后一位是", "，结尾是字母"])
            tail = pick(["。", "。", "，就这些。"])
        else:
            mid = pick([", and it ends with an ", "... and then an ", ", then the letter ", ", last character "]) if chk == "X" else pick([", and it ends with a ", ", last one ", "... and then "])
            tail = "."
        if chk != "X" and zhc:
            mid = pick(["，最后是", "……最后一位是"])
        turns.append(("C", [lead("id_number", lc), head, mid, cfrag, tail]))
    elif v == "next-line":
        turns.append(("C", [lead("id_number", lc), head, BR, pick(["最后是", "末尾", "然后"]) if zhc else pick(["and ", "then ", "ending "]), cfrag, "。" if zhc else "."]))
    else:
        aside = asides("id_number", zhc, 1)[0]
        mid = pick(["最后是", "最后一位是"]) if zhc else pick(["and the last one is ", "it ends in "])
        turns.append(("C", [lead("id_number", lc), head, aside + mid, cfrag, "。" if zhc else "."]))
    return turns, f"id-{'X' if chk == 'X' else 'digit'}-{v}-{st.form}"


def glue_en(words, p=0.6):
    out = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and chance(p) and words[i] not in ("double", "triple") and words[i + 1] not in ("double", "triple"):
            out.append(words[i] + words[i + 1])
            i += 2
        elif words[i] in ("double", "triple") and i + 1 < len(words):
            if chance(0.5):
                out.append(words[i] + words[i + 1])
            else:
                out += [words[i], words[i + 1]]
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def ph_glued(lang, kind):
    la, lc, dl = speaker_langs(lang)
    num = gen_kind_number(kind)
    zhc = lc == "zh"
    digit_lang = dl
    turns = [("A", [ask(kind, lang if lang != "mixed" else la)])]
    if digit_lang == "en":
        ws = en_say(num, pick(["oh", "zero", "mix"]), chance(0.5)).split()
        gl = glue_en(ws, pick([0.5, 0.7, 0.9]))
        fr = Ftext(kind, " ".join(gl), kind == "phone", gl)
        sub = "en-glued"
    else:
        one = "幺" if kind == "phone" or chance(0.3) else "一"
        s = zh_say(num, one, 0.2 if (kind == "phone" and chance(0.3)) else 0, pick(["X", "叉"]))
        ch = chunk_zh(s, [3, 4, 4, 5, 6])
        sep = pick([" ", "", "，"])
        txt = sep.join(ch)
        asr = [c + (sep.strip() if j < len(ch) - 1 else "") for j, c in enumerate(ch)]
        fr = Ftext(kind, txt, kind == "phone", asr)
        sub = "zh-glued"
    turns.append(("C", [lead(kind, lc), fr, "。" if zhc else "."]))
    if chance(0.4):
        turns.append(("A", [pick(["好的，收到。", "嗯。"]) if la == "zh" else pick(["Lovely.", "Got it."])]))
    return turns, f"{kind}-{sub}"


def ph_multi(lang):
    la, lc, dl = speaker_langs(lang)
    ks = DOMAINS[CUR_DOMAIN[0]]["kinds"]
    combos = [c for c in [("phone", "id_number"), ("bank_card", "phone"), ("id_number", "bank_card"), ("phone", "phone"),
                          ("id_number", "bank_card", "phone"), ("phone", "id_number"), ("id_number", "phone"), ("phone", "bank_card")]
              if all(k in ks for k in c)]
    combo = pick(combos)
    zhc = lc == "zh"
    turns = []
    tags = []
    for j, kind in enumerate(combo):
        num = gen_kind_number(kind)
        st = style_for(kind, dl)
        if kind == "phone" and j > 0 and combo[j - 1] == "phone":
            q = pick(["再留一个紧急联系人的电话吧。", "家里人的电话也留一个？"]) if la == "zh" else pick(["And an emergency contact number?", "Is there a second number we can try?"])
            l = pick(["我爱人的，", "我儿子的，", "我妈的，"]) if zhc else pick(["My wife's, ", "My son's: ", "My sister's, "])
        else:
            q = ask(kind, lang if lang != "mixed" else la)
            l = lead(kind, lc)
        turns.append(("A", [q]))
        turns.append(("C", [l, Fwhole(kind, num, st), end(kind, lc)]))
        tags.append(kind)
        if j < len(combo) - 1 and chance(0.7):
            turns.append(("A", [harmless(la, CUR_DOMAIN[0])]))
    if chance(0.5):
        turns.append(("C", [pick(["对了，你们热线是不是", "你们客服电话是"]) + pick(HOTLINES) + "？" if zhc else pick(["Oh, and is your helpline still ", "Your number's "]) + pick(HOTLINES) + "?"]))
        turns.append(("A", ["对的，二十四小时都有人接。"] if la == "zh" else ["That's right, open 24 hours."]))
    return turns, "+".join(tags)


# ============================================================================================
# Hard negatives
# ============================================================================================

def spaced(d, pat):
    return " ".join(split_pat(d, pat))


NEG_DOMAINS = {"tracking": ["courier", "shop"], "meter": ["power"], "amounts": ["bank", "loan", "shop"], "vcode": ["bank", "telecom", "shop", "loan"],
               "policy": ["insurance"], "order": ["shop"], "workorder": ["telecom", "power"], "reference": ["insurance", "gov", "power", "telecom"],
               "counts": ["hotel"], "example": ["bank", "telecom", "gov", "shop"], "train": ["air"], "flight": ["air"], "invoice": ["shop", "telecom"],
               "ticket": ["air"], "dates": ["telecom", "loan", "power"], "waybill": ["courier", "shop"]}


def neg_cases(lang):
    """Returns (turns, tag) with no sensitive number."""
    zh = lang == "zh"
    mixed = lang == "mixed"
    if mixed:
        zh = CUR_LANGS[0] == "zh"
    t = pick(["tracking-words", "tracking-words", "meter", "amounts", "hotline", "vcode", "vcode-pieces", "policy-letters",
              "order-long", "reference-pieces", "counts-times", "example-format", "travel", "declined", "invoice", "ticket",
              "dates-amounts", "worknum", "queue", "waybill-letters"])
    if t == "tracking-words":
        d = gen_neg_run(pick([12, 13, 14, 15, 16, 18]), pick(["7", "5", "3", "9", "2"]))
        g = split_pat(d, (4, 4, 4, 4, 4))
        if zh:
            s = "，".join(zh_say(x, pick(["一", "幺"])) for x in g)
            return [("A", ["您的快递单号是多少？我帮您查一下物流。"]), ("C", [f"单号是{s}。"]), ("A", [f"好的，显示已经到了转运中心，预计{R.randrange(1, 4)}天内送达。"]),
                    ("C", ["好的谢谢。"])], "tracking-zh-words"
        s = ", ".join(en_say(x, pick(["oh", "zero"])) for x in g)
        return [("A", ["Have you got the tracking number there?"]), ("C", [f"Yeah, it's {s}."]),
                ("A", [f"Thanks. It's at the depot, should be with you in {R.randrange(1, 4)} days."]), ("C", ["Great."])], "tracking-en-words"
    if t == "meter":
        d = gen_neg_run(pick([12, 14, 16]), "0")
        r = str(R.randrange(1000, 99999))
        if zh:
            return [("A", ["请您报一下表号和现在的读数。"]), ("C", [f"表号是{spaced(d, (4, 4, 4, 4))}，读数是{zh_say(r)}点{zh_say(str(R.randrange(10)))}。"]),
                    ("A", [f"好的，本期用电{R.randrange(100, 900)}度，电费{amt_zh()}元。"])], "meter-zh"
        return [("A", ["Can I take the meter serial and the reading?"]), ("C", [f"The serial is {en_say(d, 'oh')}, and it reads {en_say(r, 'oh')}."]),
                ("A", [f"Lovely, that's {R.randrange(100, 900)} units since last time, so about {amt_en()}."])], "meter-en"
    if t == "amounts":
        if zh:
            return [("C", [f"我上个月{R.randrange(1, 29)}号那笔{amt_zh()}的消费想分期。"]), ("A", [f"可以的，分{pick(['三', '六', '十二', '24'])}期的话，每期手续费是{amt_zh()}元。"]),
                    ("C", ["那就分十二期吧。"]), ("A", [f"好的，首期{R.randrange(3, 10)}月{R.randrange(1, 29)}号扣款。"])], "amounts-zh"
        a = amt_en()
        return [("C", [f"I paid {a} on the {ordinal(R.randrange(2, 28))} and it's showing twice."]),
                ("A", [f"I can see two of {a}, one's pending and will drop off in {R.randrange(3, 7)} days."]), ("C", ["OK, that makes sense."])], "amounts-en"
    if t == "hotline":
        h1, h2 = pick(HOTLINES), pick(HOTLINES)
        ext = R.randrange(1000, 9999)
        if zh:
            return [("C", ["你们人工电话是多少？我老打不通。"]), ("A", [f"您可以拨{h1}，按{R.randrange(1, 10)}转人工，或者直接转分机{ext}。"]),
                    ("C", [f"{h1}是吧？那{h2}还能打吗？"]), ("A", ["也可以的，都是我们的服务热线。"])], "hotline-zh"
        return [("C", ["What's the number for your customer service team? I can never get through."]), ("A", [f"It's {h1}, then press {R.randrange(1, 10)}, or ask for extension {ext}."]),
                ("C", [f"{h1}, got it. And {h2} is the general line?"]), ("A", ["That's right."])], "hotline-en"
    if t in ("vcode", "vcode-pieces"):
        code = str(R.randrange(100000, 999999))
        if zh:
            if t == "vcode":
                return [("A", ["我这边给您发了一个验证码，您念一下。"]), ("C", [f"验证码是{pick([' '.join(code), zh_say(code, '幺'), code])}。"]),
                        ("A", ["验证通过了。"])], "vcode-zh"
            return [("A", ["麻烦报一下短信验证码。"]), ("C", [f"{zh_say(code[:3], '幺')}……"]), ("A", ["嗯。"]), ("C", [f"{zh_say(code[3:], '幺')}。"]),
                    ("A", ["好的，核验成功。"])], "vcode-zh-pieces"
        if t == "vcode":
            return [("A", ["I've just texted you a six-digit code, can you read it out?"]), ("C", [f"It's {en_say(code, 'oh')}."]), ("A", ["That's matched, thanks."])], "vcode-en"
        return [("A", ["Can you read me the code we just sent?"]), ("C", [f"{en_say(code[:3], 'oh')}..."]), ("A", ["Mm-hm."]), ("C", [f"{en_say(code[3:], 'oh')}."]),
                ("A", ["Perfect, you're verified."])], "vcode-en-pieces"
    if t == "policy-letters":
        p = pick(["PA", "HX", "CPIC", "AB", "RZ"]) + str(R.randrange(2018, 2025)) + " " + str(R.randrange(1000, 9999)) + " " + str(R.randrange(1000, 9999)) + pick(["B", "K", ""])
        if zh:
            return [("A", ["请问保单号是多少？"]), ("C", [f"保单号是{p}。"]), ("A", [f"好的，这张保单{R.randrange(2019, 2025)}年生效，保额{amt_zh()}元。"])], "policy-zh"
        p2 = pick(["HX-", "POL-", "MTR/"]) + str(R.randrange(1000, 9999)) + "-" + str(R.randrange(1000, 9999)) + "-" + pick(["B", "C", "Q"])
        return [("A", ["What's your policy number?"]), ("C", [f"It's {p2}."]), ("A", [f"Thanks, and the incident was on the {ordinal(R.randrange(2, 28))} around {R.randrange(1, 12)} pm?"]),
                ("C", ["About half two, yes."])], "policy-en"
    if t == "order-long":
        d = gen_neg_run(pick([16, 18, 19, 20]), "2")
        if zh:
            return [("A", ["请提供一下订单号。"]), ("C", [f"订单号{pick([d, spaced(d, (4, 4, 4, 4, 4)), spaced(d, (8, 6, 6))])}。"]),
                    ("A", [f"查到了，这单{amt_zh()}元，{R.randrange(3, 10)}月{R.randrange(1, 29)}号已经退款。"])], "order-zh"
        return [("A", ["Have you got your order number?"]), ("C", [f"Yes, it's {spaced(d, (4, 4, 4, 4, 4))}."]),
                ("A", [f"Found it, {pick(['two', 'three'])} items, refunded on the {ordinal(R.randrange(2, 28))}."])], "order-en"
    if t == "reference-pieces":
        d = gen_neg_run(pick([12, 14, 16]), pick(["5", "7", "9"]))
        a, b = d[:len(d) // 2], d[len(d) // 2:]
        if zh:
            return [("A", ["您的工单编号报一下。"]), ("C", [f"工单号是{zh_say(a, '幺')}，"]), ("A", ["嗯，后面？"]), ("C", [f"{zh_say(b, '幺')}。"]),
                    ("A", ["好的，维修师傅明天下午两点到四点上门。"])], "workorder-zh-pieces"
        return [("A", ["Can you give me the reference on the letter?"]), ("C", [f"It's {en_say(a, 'oh')}"]), ("A", ["Mm-hm."]), ("C", [f"{en_say(b, 'oh')}."]),
                ("A", ["Thanks, I've got your case up."])], "reference-en-pieces"
    if t == "counts-times":
        if zh:
            return [("C", [f"我们一共{pick(['三', '四', '五'])}个人，订两间房，住{pick(['两', '三'])}晚。"]), ("A", [f"好的，入住时间是下午两点以后，退房是中午十二点前。"]),
                    ("C", [f"我们大概晚上{R.randrange(7, 11)}点到，能留房吗？"]), ("A", ["可以的，给您保留到凌晨。"])], "counts-zh"
        return [("C", [f"There's {pick(['three', 'four', 'five'])} of us, two rooms, {pick(['two', 'three'])} nights."]),
                ("A", [f"Lovely, check-in's from 3 pm and check-out by 11."]), ("C", [f"We won't get there till about half {pick(['seven', 'eight', 'nine'])}."]),
                ("A", ["No problem, we'll hold the rooms."])], "counts-en"
    if t == "example-format":
        if zh:
            return [("C", ["网页上让我填手机号，格式是什么样的？"]), ("A", ["填十一位就行，一开头的，前面不用加86。身份证号是十八位，最后一位如果是X要大写。"]),
                    ("C", ["银行卡呢？"]), ("A", ["银行卡一般是十六到十九位，62开头的比较多，中间不要加空格。"])], "example-zh"
        return [("C", ["The form keeps rejecting my number."]), ("A", ["Leave off the plus eight six, just the eleven digits starting with a one."]),
                ("C", ["And the card box?"]), ("A", ["That wants sixteen to nineteen digits, no spaces, and the ID box takes eighteen characters, the last can be an X."])], "example-en"
    if t == "travel":
        if zh:
            return [("A", [f"给您改到{R.randrange(3, 12)}月{R.randrange(1, 29)}号的{pick(['G', 'D'])}{R.randrange(100, 9999)}次，{R.randrange(1, 16):02d}车{R.randrange(1, 20):02d}{pick('ABCDF')}座。"]),
                    ("C", ["几点发车？"]), ("A", [f"{R.randrange(6, 21):02d}:{pick(['05', '18', '30', '47'])}发车，差价{amt_zh()}元。"])], "train-zh"
        return [("A", [f"I can move you to flight {pick(['SK', 'CA', 'MU', 'BA'])} {R.randrange(100, 2999)} on the {ordinal(R.randrange(2, 28))}, seat {R.randrange(5, 40)}{pick('ACDF')}."]),
                ("C", ["What time does it go?"]), ("A", [f"Departs {R.randrange(6, 21):02d}:{pick(['05', '40', '15'])}, gate {R.randrange(1, 60)}, and there's a {amt_en()} fare difference."])], "flight-en"
    if t == "declined":
        if zh:
            return [("A", ["方便留个电话吗？"]), ("C", [f"电话就不留了吧，有事你们打{pick(HOTLINES)}发短信给我也行。"]), ("A", ["好的，那我们通过App消息通知您。"])], "declined-zh"
        return [("A", ["Could I take a phone number?"]), ("C", ["I'd rather not, just email me please."]), ("A", [f"No problem, you'll hear from us within {R.randrange(2, 5)} days."])], "declined-en"
    if t == "invoice":
        code = gen_neg_run(12, "0")
        no = str(R.randrange(10_000_000, 99_999_999))
        if zh:
            return [("C", ["发票我收到了，但是抬头写错了。"]), ("A", [f"您报一下发票代码和号码。"]), ("C", [f"代码{code}，号码{no}。"]),
                    ("A", [f"好的，这张是{R.randrange(1, 13)}月开的，金额{amt_zh()}元，我给您重开。"])], "invoice-zh"
        return [("C", ["The invoice has the wrong company name."]), ("A", ["What's the invoice number on it?"]), ("C", [f"INV-{R.randrange(2019, 2025)}-{no}."]),
                ("A", ["Thanks, I'll reissue it today."])], "invoice-en"
    if t == "ticket":
        d = gen_neg_run(pick([13, 15, 17]), pick(["7", "9", "8"]))
        if zh:
            return [("A", ["票号是多少？"]), ("C", [f"票号是{zh_say(d[:3], '幺')}，杠，{zh_say(d[3:], '幺')}。"]), ("A", ["好，退票手续费是票价的百分之五。"])], "ticket-zh"
        return [("A", ["What's the e-ticket number?"]), ("C", [f"{en_say(d[:3], 'oh')} dash {en_say(d[3:], 'oh')}."]), ("A", ["Thanks, there's a 5 percent fee to cancel."])], "ticket-en"
    if t == "dates-amounts":
        if zh:
            return [("C", [f"我{R.randrange(2015, 2024)}年办的这个业务，每个月{R.randrange(1, 29)}号扣{R.randrange(50, 900)}块。"]),
                    ("A", [f"是的，合约到{R.randrange(2025, 2028)}年{R.randrange(1, 13)}月，提前解约要付{amt_zh()}元违约金。"])], "dates-zh"
        return [("C", [f"I signed up in {pick(MONTHS)} {R.randrange(2015, 2024)} and it's {amt_en()} a month."]),
                ("A", [f"That's right, the contract runs to {R.randrange(1, 28)}/{R.randrange(1, 12)}/{R.randrange(2025, 2028)}, with {amt_en()} to leave early."])], "dates-en"
    if t == "worknum":
        w = R.randrange(1000, 99999)
        if zh:
            return [("C", ["你工号多少？我要投诉。"]), ("A", [f"我的工号是{w}，{zh_say(str(w), '幺')}，您的意见我会记录。"]), ("C", [f"{w}是吧，好。"])], "worknum-zh"
        return [("C", ["What's your staff number?"]), ("A", [f"It's {w}, {en_say(str(w), 'oh')}."]), ("C", [f"{w}, thank you."])], "worknum-en"
    if t == "queue":
        if zh:
            return [("A", [f"您前面还有{R.randrange(2, 20)}位，大概等{R.randrange(3, 30)}分钟。"]), ("C", ["这么久啊。"]), ("A", ["或者您留言，我们两小时内回电。"])], "queue-zh"
        return [("A", [f"You're number {R.randrange(2, 15)} in the queue, about {R.randrange(3, 30)} minutes."]), ("C", ["Right, I'll hold."])], "queue-en"
    # waybill with letters
    d = gen_neg_run(12, pick(["3", "4", "7"]))
    if zh:
        return [("A", ["运单号报一下。"]), ("C", [f"SF{d[:4]}，{d[4:8]}，{d[8:]}。"]), ("A", [f"好的，今天{R.randrange(13, 19)}点派送。"])], "waybill-zh"
    return [("A", ["What's the waybill number?"]), ("C", [f"It's J D, {en_say(d[:4], 'oh')}, {en_say(d[4:], 'oh')}."]), ("A", ["Thanks, out for delivery today."])], "waybill-en"


# ============================================================================================
# Layouts
# ============================================================================================

def hms(t):
    t = int(t)
    return f"{t // 3600:02d}:{t % 3600 // 60:02d}:{t % 60:02d}"


def ms(t):
    t = int(t)
    return f"{t // 60:02d}:{t % 60:02d}"


ROLE_LABELS = {
    "zh": [("坐席", "客户"), ("客服", "用户"), ("话务员", "来电人"), ("工作人员", "客户")],
    "en": [("Agent", "Customer"), ("Rep", "Caller"), ("CSR", "Cust"), ("Advisor", "Client")],
}


class Layout:
    """A text layout: prefix/suffix of a line for a speaker."""

    def __init__(self, name, lang):
        self.name = name
        self.lang = lang
        zh = lang == "zh"
        self.zh = zh
        self.labels = pick(ROLE_LABELS["zh" if zh else "en"])
        self.agent_name = pick(AGENT_ZH) if zh else pick(AGENT_EN)
        self.cust_name = (pick(SURN) + pick(["先生", "女士"])) if zh else pick(CUST_EN)
        self.lineno = R.randrange(1, 40)
        self.en_tags = chance(0.5)
        self.zh_spk = chance(0.3)
        self.cont = pick(["repeat", "repeat", "indent", "bare"])
        if name in ("csv", "header-line", "tsv"):
            self.cont = "repeat" if name != "header-line" else "bare"

    def lab(self, role):
        if role == "C2":
            return "客户家属" if self.zh else "Caller 2"
        return self.labels[0] if role == "A" else self.labels[1]

    def line(self, role, t):
        n = self.name
        zh = self.zh
        L = self.lab(role)
        colon = "：" if zh else ": "
        idx = {"A": 0, "C": 1, "C2": 2}[role]
        self.lineno += 1
        if n == "speaker-paren-clock":
            return (f"说话人{idx + 1} ({hms(t)})：" if zh and self.zh_spk else f"Speaker {idx + 1} ({hms(t)}): "), ""
        if n == "spk_n":
            return f"spk_{idx}: ", ""
        if n == "chevrons":
            return f">> {L.upper() if not zh else L}{colon}", ""
        if n == "name-paren":
            if zh:
                return (f"客户({self.cust_name})：" if role != "A" else f"坐席({self.agent_name})："), ""
            return (f"Customer ({self.cust_name}): " if role != "A" else f"Agent ({self.agent_name}): "), ""
        if n == "bracket-clock":
            return f"[{L} {ms(t)}] ", ""
        if n == "angle-tag":
            return (f"<{'agent' if role == 'A' else 'customer'}> " if not zh or self.en_tags else f"<{L}> "), ""
        if n == "star-bold":
            return f"** {L} ** ", ""
        if n == "rep-dash":
            return (f"{'Rep' if role == 'A' else 'Caller'} - " if not zh else f"{L} - "), ""
        if n == "short":
            return (f"{'A' if role == 'A' else 'C'}: " if not zh else f"{'A' if role == 'A' else 'C'}："), ""
        if n == "lineno-clock":
            return f"{self.lineno:04d} {hms(t)} {L.upper() if not zh else L}{colon}", ""
        if n == "md-bold":
            return (f"**{L}:** " if not zh else f"**{L}**："), ""
        if n == "lower":
            return f"{'agent' if role == 'A' else 'customer'}: ", ""
        if n == "plain-colon":
            return f"{L}{colon}", ""
        if n == "header-line":
            nm = self.agent_name if role == "A" else (self.cust_name if not zh else "客户")
            return f"{L}-{nm} {hms(t)}\n" if zh else f"{L} ({nm}) {hms(t)}\n", ""
        if n == "tsv":
            return f"{hms(t)}\tSPEAKER_{idx:02d}\t", ""
        if n == "lenticular":
            return (f"【{L}】" if zh else f"[{L.upper()}] "), ""
        if n == "md-bullet":
            return (f"- **{L}**：" if zh else f"- **{L}**: "), ""
        if n == "pipe":
            return f"{L} | ", ""
        if n == "numbered":
            return f"{self.lineno}. {L}{colon}", ""
        if n == "paren-clock-dash":
            return f"({ms(t)}) {L} — ", ""
        if n == "spk-bracket-ms":
            return f"SPEAKER_{idx:02d} [{hms(t)}.{R.randrange(1000):03d}]: ", ""
        if n == "irc":
            nm = self.agent_name if role == "A" else ("客户" if zh else "caller")
            return f"[{hms(t)}] <{L} {nm}> ", ""
        if n == "csv":
            return f"{ms(t)},{L},\"", "\""
        if n == "bracket-role-clock":
            return f"[{L} {ms(t)}] ", ""
        raise ValueError(n)


TEXT_LAYOUTS = ["speaker-paren-clock", "spk_n", "chevrons", "name-paren", "bracket-clock", "angle-tag", "star-bold", "rep-dash",
                "short", "lineno-clock", "md-bold", "lower", "plain-colon", "header-line", "tsv", "lenticular", "md-bullet", "pipe",
                "numbered", "paren-clock-dash", "spk-bracket-ms", "irc", "csv"]


class Doc:
    def __init__(self):
        self.buf = []
        self.n = 0
        self.spans = []

    def add(self, s):
        self.buf.append(s)
        self.n += len(s)

    def rstrip(self):
        if self.buf and self.buf[-1] != self.buf[-1].rstrip(" "):
            last = self.buf[-1]
            if self.spans and self.spans[-1]["end"] > self.n - len(last):
                return
            self.buf[-1] = last.rstrip(" ")
            self.n -= len(last) - len(self.buf[-1])

    def frag(self, f):
        if self.buf and re.search(r"[\u3400-\u9fff]$", self.buf[-1]) and f.text[0].isascii() and f.text[0].isalpha():
            self.add(" ")
        s = self.n
        self.add(f.text)
        self.spans.append({"start": s, "end": self.n, "kind": f.kind, "last4_ok": f.last4})

    def text(self):
        return "".join(self.buf)


def clean_parts(parts):
    out = []
    for p in parts:
        if isinstance(p, str) and p == "":
            continue
        out.append(p)
    return out


def turn_len(parts):
    return sum(len(p.text) if isinstance(p, Frag) else (len(p) if isinstance(p, str) else 0) for p in parts)


def render_text(turns, lang):
    lay = Layout(pick(TEXT_LAYOUTS), lang if lang != "mixed" else pick(["zh", "en"]))
    doc = Doc()
    t = R.uniform(3, 120)
    if lay.name == "csv":
        doc.add("start,speaker,text\n")
    first = True
    for role, parts in turns:
        parts = clean_parts(parts)
        if not first:
            doc.add("\n")
        first = False
        pre, suf = lay.line(role, t)
        doc.add(pre)
        for p in parts:
            if p is BR:
                t += R.uniform(1, 3)
                doc.rstrip()
                doc.add(suf + "\n")
                if lay.cont == "repeat":
                    pre2, _ = lay.line(role, t)
                    doc.add(pre2)
                elif lay.cont == "indent":
                    doc.add(pick(["    ", "\t", "  "]))
                continue
            if isinstance(p, Frag):
                doc.frag(p)
            else:
                doc.add(p)
        doc.add(suf)
        t += turn_len(parts) * R.uniform(0.12, 0.3) + R.uniform(0.4, 2.5)
    return doc.text(), doc.spans, lay.name + ("" if lay.cont == "repeat" else "/" + lay.cont)


def vts(t, hours):
    h, m, s = int(t // 3600), int(t % 3600 // 60), t % 60
    return (f"{h:02d}:" if hours else "") + f"{m:02d}:{s:06.3f}"


def render_vtt(turns, lang):
    zh = lang == "zh" or (lang == "mixed" and chance(0.5))
    vstyle = pick(["v", "v-class", "v-zh" if zh else "v", "label", "bracket", "v-speaker-n", "v-spk", "dash"])
    labels = pick(ROLE_LABELS["zh" if zh else "en"])
    hours = chance(0.6)
    ids = pick(["num", "num", "none", "cue"])
    settings = pick(["", "", " align:start", " position:10% align:left", " line:85%"])
    close_v = chance(0.3)
    br_mode = pick(["cue", "cue", "line"])
    doc = Doc()
    doc.add(pick(["WEBVTT", "WEBVTT", "WEBVTT - call recording", f"WEBVTT - ticket {R.randrange(10000, 99999)}", "WEBVTT\nKind: captions\nLanguage: " + ("zh-CN" if zh else "en-GB")]))
    doc.add("\n\n")
    if chance(0.3):
        doc.add(pick(["NOTE\nspeaker names from diarisation", "NOTE auto-generated, not reviewed", "NOTE 通话录音自动转写"]) + "\n\n")
    t = R.uniform(2, 90)
    cue = [0]

    def open_cue(role, t0, t1):
        cue[0] += 1
        if ids == "num":
            doc.add(f"{cue[0]}\n")
        elif ids == "cue":
            doc.add(f"cue-{cue[0]}\n")
        doc.add(f"{vts(t0, hours)} --> {vts(t1, hours)}{settings}\n")
        idx = {"A": 0, "C": 1, "C2": 2}[role]
        L = labels[0] if role == "A" else (labels[1] if role == "C" else ("家属" if zh else "Caller 2"))
        if vstyle == "v":
            doc.add(f"<v {L}>")
        elif vstyle == "v-class":
            doc.add(f"<v.{'agent' if role == 'A' else 'caller'} {L}>")
        elif vstyle == "v-zh":
            doc.add(f"<v {L}>")
        elif vstyle == "label":
            doc.add(f"{L}：" if zh else f"{L}: ")
        elif vstyle == "bracket":
            doc.add(f"[{L}] ")
        elif vstyle == "v-speaker-n":
            doc.add(f"<v Speaker {idx + 1}>")
        elif vstyle == "v-spk":
            doc.add(f"<v SPEAKER_{idx:02d}>")
        elif vstyle == "dash":
            doc.add("- ")

    def close_cue():
        if close_v and vstyle.startswith("v"):
            doc.add("</v>")
        doc.add("\n\n")

    for role, parts in turns:
        parts = clean_parts(parts)
        # split into sub-utterances at BR
        subs, cur = [], []
        for p in parts:
            if p is BR:
                subs.append(cur)
                cur = []
            else:
                cur.append(p)
        subs.append(cur)
        for si, sp in enumerate(subs):
            dur = max(0.8, turn_len(sp) * R.uniform(0.1, 0.25))
            if si == 0 or br_mode == "cue":
                if si > 0:
                    close_cue()
                    t += R.uniform(0.05, 0.6)
                open_cue(role, t, t + dur)
            else:
                doc.rstrip()
                doc.add("\n")
            for p in sp:
                if isinstance(p, Frag):
                    doc.frag(p)
                else:
                    doc.add(p)
            t += dur
        close_cue()
        t += R.uniform(0.3, 2.0)
    text = doc.text().rstrip("\n") + "\n"
    return text, doc.spans, f"{vstyle}{'/hours' if hours else ''}/ids-{ids}/br-{br_mode}"


PUNCT_ONLY = re.compile(r"^[\s，。、？！；：…,.?!;:)）」』—\-\"']+$")


def tokenize(s, zh):
    out = []
    if not zh:
        return s.split()
    for m in re.finditer(r"[A-Za-z0-9'’\-:.%¥$£,/]+|[\u3400-\u9fff]+|\s+|.", s):
        t = m.group()
        if t.isspace():
            continue
        if re.match(r"[\u3400-\u9fff]", t):
            i = 0
            while i < len(t):
                n = R.choice([1, 2, 2, 2, 3])
                out.append(t[i:i + n])
                i += n
        else:
            out.append(t)
    return out


def has_cjk(parts):
    for p in parts:
        s = p.text if isinstance(p, Frag) else (p if isinstance(p, str) else "")
        if re.search(r"[\u3400-\u9fff]", s):
            return True
    return False


def asr_turn_words(parts, zh):
    """[(word, frag index or None, seg break before?)], frags in order of appearance."""
    words = []
    frags = []
    brk = False
    for p in parts:
        if p is BR:
            brk = True
            continue
        if isinstance(p, Frag):
            fi = len(frags)
            frags.append(p)
            for w in p.asr:
                words.append([w, fi, brk])
                brk = False
            continue
        for tk in tokenize(p, zh):
            if PUNCT_ONLY.match(tk) and words and not brk:
                words[-1][0] += tk.strip()
            else:
                words.append([tk, None, brk])
                brk = False
    return words, frags


def render_asr(turns, lang):
    whisper = chance(0.45)
    spk = pick([("SPEAKER_00", "SPEAKER_01", "SPEAKER_02"), ("spk_0", "spk_1", "spk_2"), ("agent", "customer", "customer_2"),
                ("A", "B", "C"), ("ch0", "ch1", "ch1")])
    with_spk = chance(0.85)
    t = R.uniform(1, 80)
    ents = []   # (kind, last4, [keys])
    if not whisper:
        words = []
        for role, parts in turns:
            parts = clean_parts(parts)
            zh = has_cjk(parts)
            ws, frags = asr_turn_words(parts, zh)
            fkeys = [[] for _ in frags]
            for w, fi, brk in ws:
                if brk:
                    t += R.uniform(0.6, 2.0)
                d = R.uniform(0.2, 0.7)
                rec = {"word": w, "start": round(t, 2), "end": round(t + d, 2)}
                if with_spk:
                    rec["speaker"] = spk[{"A": 0, "C": 1, "C2": 2}[role]]
                if chance(0.3):
                    rec["confidence"] = round(R.uniform(0.55, 0.99), 2)
                if fi is not None:
                    fkeys[fi].append(len(words))
                words.append(rec)
                t += d + R.uniform(0.0, 0.15)
            for f, ks in zip(frags, fkeys):
                ents.append({"kind": f.kind, "last4_ok": f.last4, "words": ks})
            t += R.uniform(0.4, 1.6)
        tr = {"words": words}
        if chance(0.3):
            tr = {"language": "zh" if lang == "zh" else ("en" if lang == "en" else "zh"), "words": words}
        return tr, ents, f"words{'-spk' if with_spk else ''}"
    segs = []
    for role, parts in turns:
        parts = clean_parts(parts)
        zh = has_cjk(parts)
        ws, frags = asr_turn_words(parts, zh)
        fkeys = [[] for _ in frags]
        cur = None
        for w, fi, brk in ws:
            if cur is None or brk:
                if cur is not None:
                    segs.append(cur)
                    t += R.uniform(0.3, 1.5)
                cur = {"id": 0, "seek": 0, "start": round(t, 2), "end": 0, "text": "", "words": []}
                if with_spk:
                    cur["speaker"] = spk[{"A": 0, "C": 1, "C2": 2}[role]]
            d = R.uniform(0.15, 0.6)
            ww = w if (zh and re.match(r"[\u3400-\u9fff]", w)) else " " + w
            if zh and not cur["words"]:
                ww = w
            rec = {"word": ww, "start": round(t, 2), "end": round(t + d, 2), "probability": round(R.uniform(0.4, 0.99), 3)}
            if fi is not None:
                fkeys[fi].append((len(segs), len(cur["words"])))
            cur["words"].append(rec)
            t += d + R.uniform(0.0, 0.1)
            cur["end"] = round(t, 2)
        if cur is not None:
            segs.append(cur)
        for f, ks in zip(frags, fkeys):
            ents.append({"kind": f.kind, "last4_ok": f.last4, "words": [list(k) for k in ks]})
        t += R.uniform(0.4, 1.6)
    for i, s in enumerate(segs):
        s["id"] = i
        s["seek"] = int(s["start"] // 30) * 3000
        s["text"] = "".join(w["word"] for w in s["words"])
    full = "".join(s["text"] for s in segs)
    tr = {"text": full, "segments": segs, "language": "zh" if lang != "en" else "en"}
    return tr, ents, f"whisper{'-spk' if with_spk else ''}"


def zh_text(s):
    return bool(re.search(r"[\u3400-\u9fff]", s))


# ============================================================================================
# Assembly
# ============================================================================================

PLAN = [("negative", 100), ("plain", 30), ("interruption", 36), ("continuation", 28), ("correction", 36), ("filler", 28),
        ("asr-chunks", 34), ("readback", 36), ("check-char-apart", 22), ("glued-words", 20), ("multi-number", 30)]


def pick_lang():
    r = R.random()
    return "zh" if r < 0.45 else ("en" if r < 0.78 else "mixed")


def pick_fmt(phen):
    r = R.random()
    if phen in ("asr-chunks", "glued-words"):
        return "asr-json" if r < 0.6 else ("text" if r < 0.85 else "vtt")
    return "text" if r < 0.5 else ("asr-json" if r < 0.77 else "vtt")


def pick_kind(phen, domain):
    if phen == "check-char-apart":
        return "id_number"
    ks = DOMAINS[domain]["kinds"]
    w = {"phone": 0.38, "id_number": 0.30, "bank_card": 0.40}
    tot = sum(w[k] for k in ks)
    r = R.random() * tot
    for k in ks:
        r -= w[k]
        if r < 0:
            return k
    return ks[-1]


GEN = {"plain": ph_plain, "interruption": ph_interruption, "continuation": ph_continuation, "correction": ph_correction,
       "filler": ph_filler, "asr-chunks": ph_asr, "readback": ph_readback, "check-char-apart": ph_checkchar,
       "glued-words": ph_glued}


def build_case(phen):
    lang = pick_lang()
    fmt = pick_fmt(phen)
    domain = pick(DOMAIN_NAMES)
    CUR_DOMAIN[0] = domain
    if phen == "glued-words" and lang == "zh" and chance(0.3):
        lang = "mixed"
    if lang == "mixed":
        CUR_LANGS[:] = pick([("en", "zh"), ("zh", "en"), ("zh", "zh"), ("en", "en")])
    else:
        CUR_LANGS[:] = [lang, lang]
    la, lc = CUR_LANGS
    agent = pick(AGENT_ZH) if la == "zh" else pick(AGENT_EN)
    if phen == "negative":
        core, tag = neg_cases(lang)
        doms = NEG_DOMAINS.get(tag.split("-")[0])
        if doms:
            domain = pick(doms)
            CUR_DOMAIN[0] = domain
    elif phen == "multi-number":
        core, tag = ph_multi(lang)
    else:
        kind = pick_kind(phen, domain)
        core, tag = GEN[phen](lang, kind)
    turns = opener(la, domain, agent, lc)
    if chance(0.35):
        turns.append(("A", [harmless(la, domain)]))
    turns += core
    if chance(0.4):
        role = "A" if chance(0.7) else "C"
        turns.append((role, [harmless(la if role == "A" else lc, domain, role)]))
    turns += closer(la, lc)
    case = {"set": SET, "phenomenon": phen, "lang": lang, "format": fmt}
    if fmt == "text":
        text, spans, lay = render_text(turns, lang)
        case["text"] = text
        case["spans"] = spans
    elif fmt == "vtt":
        text, spans, lay = render_vtt(turns, lang)
        case["transcript_text"] = text
        case["spans"] = spans
    else:
        tr, ents, lay = render_asr(turns, lang)
        case["transcript"] = tr
        case["entities"] = ents
    case["variant"] = f"{domain}/{fmt}/{lay}/{tag}"
    return case


def main():
    global R
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    R = random.Random(args.seed)
    order = [p for p, n in PLAN for _ in range(n)]
    R.shuffle(order)
    cases = []
    for i, phen in enumerate(order, 1):
        c = build_case(phen)
        case = {"id": f"{SET}-{i:04d}"}
        case.update(c)
        cases.append(case)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {args.out}")


if __name__ == "__main__":
    main()
