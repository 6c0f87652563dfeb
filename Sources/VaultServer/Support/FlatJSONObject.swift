/// A fast reader for the small, flat JSON objects of the hot path (`{"number": "…",
/// "purpose": "…", "claim": true}`): string, boolean and null members only. Anything else (nested
/// values, numbers, duplicate keys, malformed text) makes it give up and return nil, and the
/// caller decodes with `JSONDecoder`, which also words the errors. It never accepts what
/// `JSONDecoder` would refuse.
enum FlatJSONObject {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    /// The members of `bytes` when it is one flat object, else nil.
    static func parse(_ bytes: some Collection<UInt8>) -> [String: Value]? {
        var members = [String: Value]()
        var iterator = Array(bytes)[...]
        func skipSpace() { while let b = iterator.first, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { iterator.removeFirst() } }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard iterator.first == byte else { return false }
            iterator.removeFirst()
            return true
        }
        func string() -> String? {
            guard expect(0x22) else { return nil }
            var out = [UInt8]()
            while let b = iterator.popFirst() {
                switch b {
                case 0x22: return String(validating: out, as: UTF8.self)
                case 0x5C: return nil  // escapes: leave them to JSONDecoder
                case 0..<0x20: return nil
                default: out.append(b)
                }
            }
            return nil
        }
        func literal(_ text: StaticString) -> Bool {
            let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            guard iterator.starts(with: expected) else { return false }
            iterator.removeFirst(expected.count)
            return true
        }
        guard expect(0x7B) else { return nil }
        skipSpace()
        if iterator.first == 0x7D {
            iterator.removeFirst()
        } else {
            while true {
                guard let key = string(), expect(0x3A) else { return nil }
                skipSpace()
                let value: Value
                switch iterator.first {
                case 0x22: guard let text = string() else { return nil }; value = .string(text)
                case 0x74: guard literal("true") else { return nil }; value = .bool(true)
                case 0x66: guard literal("false") else { return nil }; value = .bool(false)
                case 0x6E: guard literal("null") else { return nil }; value = .null
                default: return nil
                }
                guard members.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if iterator.first == 0x2C { iterator.removeFirst(); continue }
                guard expect(0x7D) else { return nil }
                break
            }
        }
        skipSpace()
        return iterator.isEmpty ? members : nil
    }
}
