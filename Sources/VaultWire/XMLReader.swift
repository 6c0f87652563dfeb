/// A small, strict reader of the XML that SIPREC metadata and S3 responses use (elements, attributes, text,
/// comments, processing instructions, CDATA, the five predefined entities and character
/// references), written here rather than taken from libxml2 through FoundationXML: it has no
/// DTDs, so no external or expanding entities to fear, it allocates nothing a failed parse leaks,
/// and it is linear in its input. Names are reported by their local part (`rs:label` → `label`),
/// lower-cased. A document must be one root element, every end tag closing the element open.
public struct XMLReader {
    /// What the reader found, in document order.
    public enum Event: Equatable, Sendable {
        /// An element starts, with its attributes (local names, lower-cased).
        case start(name: String, attributes: [String: String])
        /// Character data inside the current element (entities decoded).
        case text(String)
        /// The current element ends.
        case end(name: String)
    }

    /// Why a document cannot be read.
    public struct Failure: Error, Sendable {
        /// What is wrong, for an operator.
        public var reason: String
        /// A failure for `reason` (also for a caller that refuses a well-formed document).
        public init(reason: String) { self.reason = reason }
    }

    private let s: [UInt8]
    private var i = 0

    /// Reads `bytes` (UTF-8) and hands each event to `body`.
    public static func read(_ bytes: [UInt8], _ body: (Event) throws -> Void) throws {
        var reader = XMLReader(s: bytes)
        try reader.document(body)
    }

    private init(s: [UInt8]) { self.s = s }

    private mutating func document(_ body: (Event) throws -> Void) throws {
        var open: [String] = []
        var sawRoot = false
        if s.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // a byte-order mark
        var text: [UInt8] = []
        func flushText() throws {
            guard !text.isEmpty else { return }
            if open.isEmpty {
                guard text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { throw Failure(reason: "text outside the root element") }
            } else {
                try body(.text(String(decoding: text, as: UTF8.self)))
            }
            text.removeAll()
        }
        while i < s.count {
            if s[i] != 0x3C {  // character data
                if s[i] == 0x26 { text += try entity() } else { text.append(s[i]); i += 1 }
                continue
            }
            if starts("<!--") {
                guard let end = find("-->", from: i + 4) else { throw Failure(reason: "an unclosed comment") }
                i = end + 3
            } else if starts("<?") {
                guard let end = find("?>", from: i + 2) else { throw Failure(reason: "an unclosed processing instruction") }
                i = end + 2
            } else if starts("<![CDATA[") {
                guard !open.isEmpty, let end = find("]]>", from: i + 9) else { throw Failure(reason: "CDATA outside an element or unclosed") }
                text += s[(i + 9)..<end]
                i = end + 3
            } else if starts("<!") {
                throw Failure(reason: "a document type declaration (not accepted: no DTDs)")
            } else if starts("</") {
                try flushText()
                i += 2
                let name = try self.name()
                skipSpace()
                guard i < s.count, s[i] == 0x3E else { throw Failure(reason: "an end tag without its >") }
                i += 1
                guard open.last == name else { throw Failure(reason: "</\(name)> closes <\(open.last ?? "nothing")>") }
                open.removeLast()
                try body(.end(name: name))
            } else {
                try flushText()
                guard !(open.isEmpty && sawRoot) else { throw Failure(reason: "a second root element") }
                i += 1
                let name = try self.name()
                var attributes: [String: String] = [:]
                while true {
                    let spaced = skipSpace()
                    guard i < s.count else { throw Failure(reason: "an unclosed start tag") }
                    if s[i] == 0x3E || starts("/>") { break }
                    guard spaced else { throw Failure(reason: "attributes without space between them") }
                    let key = try self.name()
                    skipSpace()
                    guard i < s.count, s[i] == 0x3D else { throw Failure(reason: "an attribute without =") }
                    i += 1
                    skipSpace()
                    guard i < s.count, s[i] == 0x22 || s[i] == 0x27 else { throw Failure(reason: "an attribute value without quotes") }
                    let quote = s[i]
                    i += 1
                    var value: [UInt8] = []
                    while i < s.count, s[i] != quote {
                        guard s[i] != 0x3C else { throw Failure(reason: "< inside an attribute value") }
                        if s[i] == 0x26 { value += try entity() } else { value.append(s[i]); i += 1 }
                    }
                    guard i < s.count else { throw Failure(reason: "an unclosed attribute value") }
                    i += 1
                    attributes[key] = String(decoding: value, as: UTF8.self)
                }
                sawRoot = true
                try body(.start(name: name, attributes: attributes))
                if s[i] == 0x3E {
                    i += 1
                    open.append(name)
                } else {
                    i += 2
                    try body(.end(name: name))
                }
            }
        }
        try flushText()
        guard sawRoot, open.isEmpty else { throw Failure(reason: sawRoot ? "<\(open.last!)> is never closed" : "no root element") }
    }

    private func starts(_ text: String) -> Bool {
        let t = Array(text.utf8)
        return i + t.count <= s.count && s[i..<(i + t.count)].elementsEqual(t)
    }

    private func find(_ text: String, from start: Int) -> Int? {
        let t = Array(text.utf8)
        var k = start
        while k + t.count <= s.count {
            if s[k] == t[0], s[k..<(k + t.count)].elementsEqual(t) { return k }
            k += 1
        }
        return nil
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let from = i
        while i < s.count, s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0A || s[i] == 0x0D { i += 1 }
        return i > from
    }

    /// A name (`prefix:local`), as its lower-cased local part.
    private mutating func name() throws -> String {
        let from = i
        while i < s.count, !(s[i] == 0x20 || s[i] == 0x09 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x3E || s[i] == 0x2F || s[i] == 0x3D
                              || s[i] == 0x3C || s[i] == 0x22 || s[i] == 0x27) {
            i += 1
        }
        guard i > from, i - from <= 256 else { throw Failure(reason: "a missing or overlong name") }
        var local = s[from..<i]
        if let colon = local.lastIndex(of: 0x3A) { local = local[(colon + 1)...] }
        guard !local.isEmpty else { throw Failure(reason: "a name without a local part") }
        return String(decoding: local, as: UTF8.self).lowercased()
    }

    /// An entity or character reference at `i` ("&amp;", "&#x41;"), decoded.
    private mutating func entity() throws -> [UInt8] {
        guard let semicolon = s[i..<min(s.count, i + 12)].firstIndex(of: 0x3B) else { throw Failure(reason: "an & that starts no reference") }
        let body = String(decoding: s[(i + 1)..<semicolon], as: UTF8.self)
        i = semicolon + 1
        switch body {
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "amp": return [0x26]
        case "quot": return [0x22]
        case "apos": return [0x27]
        default:
            let code: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") { code = UInt32(body.dropFirst(2), radix: 16) } else if body.hasPrefix("#") { code = UInt32(body.dropFirst()) } else { code = nil }
            guard let code, code != 0, let scalar = Unicode.Scalar(code) else { throw Failure(reason: "an unknown entity &\(body);") }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
