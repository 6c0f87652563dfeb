/// A small JSON reader that remembers where each value sits in the source bytes, so that
/// redaction can replace string values in place and leave every other byte (key order, number
/// spelling, whitespace) exactly as it came.
struct JSONScanner {
    /// A parsed value with its byte range in the source.
    struct Node {
        enum Value {
            case object([(key: String, value: Node)])
            case array([Node])
            /// Its UTF-8, escapes resolved and validated: the source's own bytes where it has no escape.
            case string(ArraySlice<UInt8>)
            case number(Double)
            case bool(Bool)
            case null
        }
        var value: Value
        var range: Range<Int>

        /// The member `key` of an object.
        subscript(key: String) -> Node? {
            if case .object(let members) = value { return members.first { $0.key == key }?.value }
            return nil
        }
        /// The text of a string value.
        var string: String? { if case .string(let u) = value { return String(decoding: u, as: UTF8.self) } else { return nil } }
        /// The UTF-8 of a string value (valid), without making a `String` of it.
        var utf8: ArraySlice<UInt8>? { if case .string(let u) = value { return u } else { return nil } }
        /// The value of a number.
        var number: Double? { if case .number(let d) = value { return d } else { return nil } }
        /// The elements of an array.
        var array: [Node]? { if case .array(let a) = value { return a } else { return nil } }
    }

    private let b: [UInt8]
    private var i = 0
    private var depth = 0

    /// Parses one JSON document from `bytes` (whitespace around it allowed).
    static func parse(_ bytes: [UInt8]) throws(RedactionError) -> Node {
        var p = JSONScanner(b: bytes)
        p.skipSpace()
        let node = try p.value()
        p.skipSpace()
        guard p.i == bytes.count else { throw p.fail("unexpected data after the JSON value") }
        return node
    }

    private init(b: [UInt8]) { self.b = b }

    private func fail(_ what: String) -> RedactionError {
        RedactionError(.malformed, "malformed JSON at byte \(i): \(what)")
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(RedactionError) -> Node {
        guard i < b.count else { throw fail("unexpected end") }
        let start = i
        switch b[i] {
        case UInt8(ascii: "{"):
            depth += 1
            guard depth < 512 else { throw fail("nested too deeply") }
            i += 1; skipSpace()
            var members: [(key: String, value: Node)] = []
            var keys: Set<String>? = nil  // built once an object has many members, so a check stays O(1)
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; depth -= 1; return Node(value: .object(members), range: start..<i) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let keyStart = i
                let key = String(decoding: try string(), as: UTF8.self)
                // A repeated name is ambiguous (RFC 8259 §4): which "words" would a reader take?
                // Refused, so no reader can see a copy the redactor did not.
                if members.count >= 16, keys == nil { keys = Set(members.map(\.key)) }
                let repeated = keys != nil ? !keys!.insert(key).inserted : members.contains { $0.key == key }
                if repeated { i = keyStart; throw fail("a key appears twice in one object") }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1; skipSpace()
                members.append((key, try value()))
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                guard b[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                i += 1; depth -= 1
                return Node(value: .object(members), range: start..<i)
            }
        case UInt8(ascii: "["):
            depth += 1
            guard depth < 512 else { throw fail("nested too deeply") }
            i += 1; skipSpace()
            var elements: [Node] = []
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; depth -= 1; return Node(value: .array(elements), range: start..<i) }
            while true {
                skipSpace()
                elements.append(try value())
                skipSpace()
                guard i < b.count else { throw fail("unexpected end") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                guard b[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                i += 1; depth -= 1
                return Node(value: .array(elements), range: start..<i)
            }
        case UInt8(ascii: "\""):
            let s = try string()
            return Node(value: .string(s), range: start..<i)
        case UInt8(ascii: "t"): try literal("true"); return Node(value: .bool(true), range: start..<i)
        case UInt8(ascii: "f"): try literal("false"); return Node(value: .bool(false), range: start..<i)
        case UInt8(ascii: "n"): try literal("null"); return Node(value: .null, range: start..<i)
        default:
            while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2D || b[i] == 0x2B || b[i] == 0x2E || b[i] | 0x20 == 0x65 { i += 1 }
            guard i > start, let d = Double(String(decoding: b[start..<i], as: UTF8.self)) else { throw fail("unexpected character") }
            return Node(value: .number(d), range: start..<i)
        }
    }

    private mutating func literal(_ word: String) throws(RedactionError) {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<(i + w.count)]) == w else { throw fail("unexpected character") }
        i += w.count
    }

    private mutating func hex4() throws(RedactionError) -> UInt32 {
        guard i + 4 <= b.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x37
            case 0x61...0x66: d = c - 0x57
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// A string literal's UTF-8, escapes resolved and checked to be valid UTF-8.
    private mutating func string() throws(RedactionError) -> ArraySlice<UInt8> {
        i += 1
        let start = i
        // Fast path: no escapes.
        i = plainEnd(from: i)
        guard i < b.count else { throw fail("unterminated string") }
        if b[i] == UInt8(ascii: "\"") {
            let end = i
            guard b.withUnsafeBufferPointer({ UTF8Scalars.isValid(UnsafeBufferPointer(rebasing: $0[start..<end])) }) else { throw fail("invalid UTF-8") }
            i += 1
            return b[start..<end]
        }
        var out = Array(b[start..<i])
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard out.withUnsafeBufferPointer({ UTF8Scalars.isValid($0) }) else { throw fail("invalid UTF-8") }
                return out[...]
            }
            guard c >= 0x20 else { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { break }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if v >= 0xD800 && v < 0xDC00, i + 6 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("bad surrogate pair") }
                    v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(v) else { throw fail("bad \\u escape") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("bad escape")
            }
        }
        throw fail("unterminated string")
    }

    /// Where the bytes from `start` that a string holds as they are (no quote, backslash or control
    /// character) end: eight at a time, then one by one.
    private func plainEnd(from start: Int) -> Int {
        b.withUnsafeBufferPointer { p in
            let n = p.count
            var k = start
            if let base = p.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                /// Whether some byte of `v` is zero (exact: no byte is taken for zero that is not).
                func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
                while k + 8 <= n {
                    let w = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
                    // A quote, a backslash, or a byte below 0x20.
                    if hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C)) || (w &- ones &* 0x20) & ~w & highs != 0 { break }
                    k += 8
                }
            }
            while k < n, p[k] != UInt8(ascii: "\""), p[k] != UInt8(ascii: "\\"), p[k] >= 0x20 { k += 1 }
            return k
        }
    }

    /// `s` as a JSON string literal (quotes included; non-ASCII kept as UTF-8).
    static func quote(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        quote(s, into: &out)
        return out
    }

    /// Appends `s` as a JSON string literal; runs that need no escape are copied in bulk.
    static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { quote(utf8: $0, into: &out) }
    }

    /// Appends the text of `scalars` (Unicode scalar values) as a JSON string literal.
    static func quote(scalars: [UInt32], into out: inout [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3)
        UTF8Scalars.encode(scalars, into: &bytes)
        bytes.withUnsafeBufferPointer { quote(utf8: $0, into: &out) }
    }

    /// Appends the text of valid UTF-8 `u` as a JSON string literal.
    private static func quote(utf8 u: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + u.count + 2)
        out.append(0x22)
        var run = 0
        for k in 0..<u.count {
            let c = u[k]
            guard c < 0x20 || c == 0x22 || c == 0x5C else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<k]))
            run = k + 1
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            default:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count]))
        out.append(0x22)
    }

    /// `source` with each range replaced by its bytes (ranges must not overlap).
    static func splice(_ source: [UInt8], _ replacements: [(Range<Int>, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var at = 0
        for (range, bytes) in replacements.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            out += source[at..<range.lowerBound]
            out += bytes
            at = range.upperBound
        }
        out += source[at...]
        return out
    }
}
