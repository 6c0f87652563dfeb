/// The shipped lexicon, a copy of `Policies/lexicon.yaml` (a test keeps the two equal).
enum DefaultLexicon {
    static let yaml = #"""
# callvault prohibited-phrase lexicon (issue 21). Format 1.
#
# Each category lists phrases in Chinese (zh) and English (en). In a phrase:
#   - spaces separate parts that may have filler between them ("保证 收益" also finds
#     "保证您的收益"): up to `max_gap` characters in Chinese, two words in English;
#   - " & " joins parts that may come in either order ("保证 & 收益" finds "收益保证" too).
# Text is compared after folding: traditional characters to simplified, full-width to
# half-width, English to lower case; `homophones` lists characters a recogniser writes for
# another (a phrase's 益 also matches 溢).
# Negation: a phrase is no violation when a negator stands before it in the same clause (no
# 。，！？；,.!?; or line break between), within `negation_window` characters (Chinese) or
# words (English): "我们不承诺高收益", "we never promise guaranteed returns". `exceptions`
# lists phrases that are never a violation (false positives confirmed by review).
format: 1
max_gap: 4
negation_window: 6
negators:
  zh: [不, 没有, 没, 绝不, 从不, 并不, 不会, 不能, 无法, 不可能, 别, 勿, 禁止, 严禁, 不得, 未]
  en: [not, no, never, "don't", "doesn't", "won't", "can't", cannot, nobody, without, "isn't", "aren't"]
  # Words that hold a negator and negate nothing: "没关系，" never mind; "特别高收益" especially high
  # returns; "未来" the future; "不得不" must; "not only … but": none of them makes a mention negated.
  not_negating: [没关系, 没问题, 没错, 没事, 不错, 不过, 不好意思, 不少, 不同, 不断, 不仅, 不但, 不久, 不管, 不论, 不如, 不然,
                 不得不, 不得了, 了不起, 差不多, 不一样, 别人, 别的, 特别, 分别, 区别, 级别, 类别, 告别, 未来, 未曾有,
                 "not only", "not just", "no doubt", "no matter", "no problem", "no wonder"]
homophones:
  益: [溢, 意]
  赚: [转]
  证: [正]
  稳: [问, 吻]
  赔: [陪, 培]
categories:
  - name: high_return_promise
    severity: high
    description: 高收益承诺 — promising high or certain returns
    phrases:
      zh: [高收益, 高回报, 稳赚不赔, 只赚不赔, 稳赚, 保本保息, 保证 & 收益, 保证 & 回报, 收益 有保障, 零风险, 没有任何风险, 翻倍, 年化 收益 百分之二十]
      en: [guaranteed return, guaranteed returns, guaranteed profit, guarantee & profit, risk free, risk-free, no risk at all, "can't lose", double your money, high return]
  - name: false_advertising
    severity: high
    description: 虚假宣传 — claims a seller may not make
    phrases:
      zh: [国家认证, 官方指定, 政府 背书, 百分之百 有效, 绝对 有效, 全网最低, 全国第一, 最好的产品, 包治, 根治]
      en: [government approved, government endorsed, officially endorsed, one hundred percent effective, "100% effective", lowest price anywhere, number one in the country, cures]
  - name: pressure_selling
    severity: medium
    description: 诱导 — pressure to decide now
    phrases:
      zh: [最后一天, 今天 不办, 过了今天, 名额有限, 马上 就没了, 错过 就没有]
      en: [last chance, today only, act now, "offer ends today", limited places]
exceptions: []
"""#
}
