import Foundation
import Testing
@testable import VaultRedact

/// The labelled evaluation set (Fixtures/eval.jsonl, made by Tools/gen_redact_eval.py plus hand-written cases).
@Suite struct EvaluationTests {
    struct Case {
        var tag: String
        var text: String
        var spans: [(start: Int, end: Int, kind: SensitiveNumberKind)]
    }

    static func loadCases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/eval.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let spans = (object["spans"] as! [[String: Any]]).map {
                (start: $0["start"] as! Int, end: $0["end"] as! Int, kind: SensitiveNumberKind(rawValue: $0["kind"] as! String)!)
            }
            return Case(tag: object["tag"] as! String, text: object["text"] as! String, spans: spans)
        }
    }

    /// Whether every scalar of `start..<end` is hidden in `redacted` (a phone's last four digits may stay).
    static func hidden(_ original: [Unicode.Scalar], _ redacted: [Unicode.Scalar], _ start: Int, _ end: Int, phone: Bool) -> Bool {
        var visibleDigits = 0
        for i in (start..<end).reversed() where redacted[i] != "*" && !(redacted[i] == "\n") {
            if original[i] == " " || original[i] == "\u{3000}" || original[i] == "-" { continue }
            visibleDigits += 1
        }
        // Phones may show the last four digits (as words: up to four words, i.e. up to ~26 scalars).
        if phone { return redacted[start] == "*" && (end - start <= 4 || redacted[start..<max(start, end - 4)].contains("*")) }
        return visibleDigits == 0
    }

    @Test func recallPrecisionAndHardNegatives() throws {
        let cases = try Self.loadCases()
        #expect(cases.count >= 500)
        let redactor = TextRedactor()
        var expected: [SensitiveNumberKind: Int] = [:], found: [SensitiveNumberKind: Int] = [:]
        var predicted: [SensitiveNumberKind: Int] = [:], correct: [SensitiveNumberKind: Int] = [:]
        var negatives = 0, maskedNegatives = 0
        var perTag: [String: Int] = [:]
        var misses: [String] = []
        for c in cases {
            perTag[c.tag.split(separator: "-").prefix(2).joined(separator: "-"), default: 0] += 1
            let result = redactor.redact(c.text)
            let original = Array(c.text.unicodeScalars), redacted = Array(result.text.unicodeScalars)
            if c.spans.isEmpty { negatives += 1; if !result.spans.isEmpty { maskedNegatives += 1; misses.append("FP \(c.tag)") } }
            for e in c.spans {
                expected[e.kind, default: 0] += 1
                // A number said over several lines is hidden as one span per line: every span over
                // it counts, and the masked text decides whether it is hidden.
                let over = result.spans.filter { $0.start < e.end && e.start < $0.end }
                let ok = !over.isEmpty && over.allSatisfy { $0.kind != .phone || e.kind == .phone }
                if ok && Self.hidden(original, redacted, e.start, e.end, phone: e.kind == .phone) {
                    found[e.kind, default: 0] += 1
                } else {
                    misses.append("FN \(c.tag) #\(cases.firstIndex { $0.text == c.text }!) \(result.spans.map { "\($0.start)-\($0.end) \($0.kind)" })")
                }
            }
            for p in result.spans {
                predicted[p.kind, default: 0] += 1
                if c.spans.contains(where: { $0.start < p.end && p.start < $0.end }) { correct[p.kind, default: 0] += 1 }
                else if !c.spans.isEmpty { misses.append("FP \(c.tag)") }
            }
        }
        var report = "redaction evaluation: \(cases.count) cases, \(negatives) hard negatives\n"
        for kind in SensitiveNumberKind.allCases {
            let r = Double(found[kind, default: 0]) / Double(max(1, expected[kind, default: 0]))
            let p = Double(correct[kind, default: 0]) / Double(max(1, predicted[kind, default: 0]))
            report += "  \(kind.rawValue): recall \(String(format: "%.4f", r)) (\(found[kind, default: 0])/\(expected[kind, default: 0])), precision \(String(format: "%.4f", p)) (\(correct[kind, default: 0])/\(predicted[kind, default: 0]))\n"
        }
        let totalExpected = expected.values.reduce(0, +), totalFound = found.values.reduce(0, +)
        let totalPredicted = predicted.values.reduce(0, +), totalCorrect = correct.values.reduce(0, +)
        let recall = Double(totalFound) / Double(totalExpected), precision = Double(totalCorrect) / Double(max(1, totalPredicted))
        let negativeRate = Double(maskedNegatives) / Double(max(1, negatives))
        report += "  all: recall \(String(format: "%.4f", recall)), precision \(String(format: "%.4f", precision)), hard negatives masked \(String(format: "%.4f", negativeRate)) (\(maskedNegatives)/\(negatives))\n"
        report += "  cases per form: " + perTag.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print(report)
        if !misses.isEmpty { print("misses (tags only):\n  " + misses.joined(separator: "\n  ")) }
        #expect(recall >= 0.995)
        #expect(precision >= 0.98)
        #expect(negativeRate <= 0.02)
        for kind in SensitiveNumberKind.allCases {
            #expect(Double(found[kind, default: 0]) / Double(max(1, expected[kind, default: 0])) >= 0.995, "recall of \(kind.rawValue)")
        }
    }
}
