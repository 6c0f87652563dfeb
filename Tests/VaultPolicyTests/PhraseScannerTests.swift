import Foundation
import Testing
@testable import VaultPolicy

/// The prohibited-phrase scan, rule by rule, on the shipped lexicon.
@Suite struct PhraseScannerTests {
    let scanner = PhraseScanner(lexicon: .default)

    func categories(_ text: String) -> [String] { scanner.scan(text).map(\.category) }

    @Test func theShippedLexiconIsTheEmbeddedOne() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Policies/lexicon.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .newlines) == DefaultLexicon.yaml.trimmingCharacters(in: .newlines))
        #expect(try Lexicon(yaml: text) == Lexicon.default)
    }

    @Test(arguments: [
        ("这个产品高收益，您放心", "high_return_promise"), ("我们保证您的收益", "high_return_promise"), ("收益保证没问题", "high_return_promise"),
        ("这是國家認證的产品", "false_advertising"), ("稳賺不賠的", "high_return_promise"), ("高收溢的理财", "high_return_promise"),
        ("It is a GUARANTEED return.", "high_return_promise"), ("you simply can't lose with this", "high_return_promise"),
        ("this offer is today only", "pressure_selling"), ("名额有限，要抓紧", "pressure_selling"), ("这个药百分之百有效", "false_advertising"),
        ("ＧＵＡＲＡＮＴＥＥＤ ＲＥＴＵＲＮ", "high_return_promise"),
    ])
    func findsEachVariant(text: String, category: String) {
        #expect(categories(text) == [category], "\(text)")
    }

    @Test(arguments: [
        "我们不承诺高收益", "这个不是零风险的产品", "理财有风险，没有保证收益", "we never promise a guaranteed return", "this is not risk free",
        "we do not guarantee any profit", "it secures your account",
    ])
    func negatedOrNoMentionIsNoViolation(text: String) {
        #expect(categories(text).isEmpty, "\(text)")
    }

    /// Words that hold a negator but negate nothing, said by an agent in one breath with a promise.
    @Test(arguments: [
        "没关系 我给您介绍 高回报", "没关系 零风险", "特别高收益的产品", "未来高收益", "这款不错 稳赚不赔", "不管怎样都保证收益",
        "not only a guaranteed return but more", "no matter what guaranteed profit",
    ])
    func aNegatorInsideAWordThatNegatesNothingHidesNothing(text: String) {
        #expect(categories(text) == ["high_return_promise"], "\(text)")
        // The same negator standing alone still negates.
        #expect(categories("不高收益").isEmpty && categories("没有零风险").isEmpty && categories("not guaranteed returns").isEmpty)
    }

    @Test func anEnglishNotNegatingEntryIsTwoWords() throws {
        let yaml = DefaultLexicon.yaml.replacingOccurrences(of: "\"not only\", ", with: "\"not\", ")
        #expect(throws: PolicyError.self) { try Lexicon(yaml: yaml) }
    }

    @Test func theFoldTableIsFoldSlowForEveryBMPCharacter() {
        let table = PhraseScanner.foldTable
        #expect(table.count == 0x10000)
        #expect((0..<0x10000).allSatisfy { UInt32(table[$0]) == PhraseScanner.foldSlow(UInt32($0)) })
    }

    @Test func aNegatorInAnotherClauseDoesNotHideTheMention() {
        #expect(categories("不用担心，保证收益") == ["high_return_promise"])
        #expect(categories("don't worry. guaranteed profit") == ["high_return_promise"])
    }

    @Test func fillerIsBoundedAndHitsCarryTheirPlace() {
        let text = "客户您好，保证您这一次的收益"  // 保证 … 收益 with five characters between: past the gap of 4
        #expect(categories(text).isEmpty)
        let hit = scanner.scan("您好，保证您的收益翻倍")
        #expect(hit.map(\.text) == ["保证您的收益", "翻倍"] && hit.first?.start == 3 && hit.first?.end == 9)
    }

    @Test func overlappingPhrasesGiveOneHit() {
        // 稳赚不赔 contains 稳赚: one hit, the longer.
        let hits = scanner.scan("这个稳赚不赔")
        #expect(hits.map(\.phrase) == ["稳赚不赔"])
    }

    @Test func exceptionsAndBadLexicons() throws {
        var yaml = DefaultLexicon.yaml.replacingOccurrences(of: "exceptions: []", with: "exceptions: [高收益债券]")
        let scanner = PhraseScanner(lexicon: try Lexicon(yaml: yaml))
        #expect(scanner.scan("这只高收益债券").isEmpty)
        #expect(scanner.scan("这只高收益产品").count == 1)
        yaml = DefaultLexicon.yaml.replacingOccurrences(of: "severity: high", with: "severity: extreme")
        #expect { try Lexicon(yaml: yaml) } throws: { ($0 as? PolicyError)?.line != nil }
        #expect { try Lexicon(yaml: DefaultLexicon.yaml.replacingOccurrences(of: "max_gap: 4", with: "max_gap: 40")) } throws: { $0 is PolicyError }
        #expect { try Lexicon(yaml: "format: 1\nmax_gap: 4\nnegation_window: 6\nnegators: {zh: [], en: []}\ncategories: []\nsurprise: 1") } throws: {
            ($0 as? PolicyError)?.description.contains("unknown key surprise") == true
        }
    }
}
