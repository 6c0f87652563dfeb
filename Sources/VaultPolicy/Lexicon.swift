import Foundation
import Yams

/// The prohibited-phrase lexicon (`Policies/lexicon.yaml`): categories of phrases in Chinese and
/// English with their variants, the negators that make a mention no violation, the homophones a
/// recogniser writes, and confirmed exceptions. Read and validated like a policy: every error
/// names its line.
public struct Lexicon: Sendable, Equatable {
    /// How bad a category is; a `high` hit is the one a live call alerts on.
    public enum Severity: String, Sendable, Codable, CaseIterable { case low, medium, high }

    /// One category of violation.
    public struct Category: Sendable, Equatable {
        /// Its name (`high_return_promise`): what hits are filed under.
        public var name: String
        /// How bad it is.
        public var severity: Severity
        /// What it means, for reviewers.
        public var description: String
        /// Its phrases as written (see `Lexicon` for the syntax), Chinese then English.
        public var phrases: [String]
    }

    /// The categories, in file order.
    public var categories: [Category]
    /// Filler allowed between a phrase's parts, in characters (Chinese; English allows two words).
    public var maxGap: Int
    /// How far back a negator counts: characters in Chinese, words in English.
    public var negationWindow: Int
    /// Chinese negators.
    public var negatorsZH: [String]
    /// English negators.
    public var negatorsEN: [String]
    /// Words that hold a negator and negate nothing ("没关系" never mind, "特别" especially, "未来"
    /// the future; "not only"): a negator inside one of them makes no mention negated.
    public var notNegating: [String] = []
    /// Characters a recogniser may write for another: the key's spellings.
    public var homophones: [Character: [Character]]
    /// Phrases that are never a violation (confirmed false positives), as they appear.
    public var exceptions: [String]

    /// The shipped lexicon (`Policies/lexicon.yaml`, embedded; a test keeps the two equal).
    public static var `default`: Lexicon {
        // The embedded copy parses: a test reads it.
        try! Lexicon(yaml: DefaultLexicon.yaml)
    }

    /// Reads and validates a lexicon. Errors name the line.
    public init(yaml: String) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw PolicyError(.syntax, line: nil, "not valid YAML: \(error)")
        }
        guard let root = node?.mapping else { throw PolicyError(.schema, line: 1, "a lexicon is a mapping (format, categories, …)") }
        let reader = MappingReader(root, path: "")
        try reader.allow(["format", "max_gap", "negation_window", "negators", "homophones", "categories", "exceptions"])
        guard try reader.int("format") == 1 else { throw PolicyError(.schema, line: reader.line(of: "format"), "format must be 1") }
        maxGap = try reader.int("max_gap")
        negationWindow = try reader.int("negation_window")
        guard (0...12).contains(maxGap) else { throw PolicyError(.rule, line: reader.line(of: "max_gap"), "max_gap must be 0 to 12 characters") }
        guard (0...12).contains(negationWindow) else {
            throw PolicyError(.rule, line: reader.line(of: "negation_window"), "negation_window must be 0 to 12")
        }
        let negators = try reader.section("negators")
        try negators.allow(["zh", "en", "not_negating"])
        negatorsZH = try negators.stringList("zh")
        negatorsEN = try negators.stringList("en").map { $0.lowercased() }
        if negators.keys.contains("not_negating") {
            notNegating = try negators.stringList("not_negating").map { $0.lowercased() }
            // English ones are read as a negator and the word after it.
            for word in notNegating where word.unicodeScalars.allSatisfy(\.isASCII) && word.split(separator: " ").count != 2 {
                throw PolicyError(.rule, line: negators.line(of: "not_negating"),
                                  "negators.not_negating: '\(word)' — an English entry is a negator and the word after it ('not only')")
            }
        }
        var homophones: [Character: [Character]] = [:]
        if reader.keys.contains("homophones") {
            let section = try reader.section("homophones")
            for key in section.keys {
                guard key.count == 1, let character = key.first else {
                    throw PolicyError(.schema, line: section.line(of: key), "homophones: \(key) is not one character")
                }
                let spellings = try section.stringList(key)
                guard spellings.allSatisfy({ $0.count == 1 }) else {
                    throw PolicyError(.schema, line: section.line(of: key), "homophones.\(key): each spelling is one character")
                }
                homophones[character] = spellings.compactMap(\.first)
            }
        }
        self.homophones = homophones
        exceptions = reader.keys.contains("exceptions") ? try reader.stringList("exceptions") : []
        guard let list = root[Node("categories")]?.sequence else {
            throw PolicyError(.schema, line: reader.line(of: "categories"), "categories must be a list")
        }
        var categories: [Category] = []
        for item in list {
            guard let mapping = item.mapping else { throw PolicyError(.schema, line: item.mark?.line, "each category is a mapping") }
            let category = MappingReader(mapping, path: "categories")
            try category.allow(["name", "severity", "description", "phrases"])
            let name = try category.string("name")
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !categories.contains(where: { $0.name == name }) else {
                throw PolicyError(.rule, line: category.line(of: "name"), "category name '\(name)' must be unique letters, digits and _")
            }
            let severityText = try category.string("severity")
            guard let severity = Severity(rawValue: severityText) else {
                throw PolicyError(.schema, line: category.line(of: "severity"), "severity is low, medium or high, not '\(severityText)'")
            }
            let phrases = try category.section("phrases")
            try phrases.allow(["zh", "en"])
            var all: [String] = []
            for language in ["zh", "en"] where phrases.keys.contains(language) { all += try phrases.stringList(language) }
            for phrase in all where PhraseScanner.parts(of: phrase).isEmpty {
                throw PolicyError(.rule, line: phrases.line(of: "zh"), "category \(name): the phrase '\(phrase)' has no words")
            }
            guard !all.isEmpty else { throw PolicyError(.rule, line: category.line(of: "phrases"), "category \(name) has no phrase") }
            categories.append(Category(name: name, severity: severity, description: (try? category.string("description")) ?? "", phrases: all))
        }
        guard !categories.isEmpty else { throw PolicyError(.rule, line: reader.line(of: "categories"), "a lexicon needs a category") }
        self.categories = categories
    }
}
