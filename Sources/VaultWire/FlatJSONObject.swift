/// A fast reader for the small, flat JSON objects of the hot path (`{"number": "…",
/// "purpose": "…", "claim": true}`): string, boolean and null members only. Anything else (nested
/// values, numbers, duplicate keys, malformed text) makes it give up and return nil, and the
/// caller decodes with `JSONDecoder`, which also words the errors. It never accepts what
/// `JSONDecoder` would refuse.
public enum FlatJSONObject {
    /// A member's value.
    public enum Value: Equatable, Sendable {
        case string(String)
        case bool(Bool)
        case null
    }

    /// The members of `bytes` when it is one flat object, else nil.
    public static func parse(_ bytes: some Collection<UInt8>) -> [String: Value]? {
        if let members = bytes.withContiguousStorageIfAvailable({ parse(UnsafeRawBufferPointer($0)) }) { return members }
        return Array(bytes).withUnsafeBytes { parse($0) }
    }

    /// `parse` on contiguous bytes: one pass with an index, strings made straight from the bytes.
    private static func parse(_ bytes: UnsafeRawBufferPointer) -> [String: Value]? {
        var members = [String: Value](minimumCapacity: 4)
        var i = 0
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
        func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
        func expect(_ byte: UInt8) -> Bool {
            skipSpace()
            guard peek() == byte else { return false }
            i += 1
            return true
        }
        func string() -> String? {
            guard expect(0x22) else { return nil }
            let start = i
            while i < bytes.count {
                switch bytes[i] {
                case 0x22:
                    i += 1
                    return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<i - 1]), as: UTF8.self)
                case 0x5C: return nil  // escapes: leave them to JSONDecoder
                case 0..<0x20: return nil
                default: i += 1
                }
            }
            return nil
        }
        func literal(_ text: StaticString) -> Bool {
            let expected = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            guard bytes.count - i >= expected.count, UnsafeRawBufferPointer(rebasing: bytes[i..<i + expected.count]).elementsEqual(expected) else {
                return false
            }
            i += expected.count
            return true
        }
        guard expect(0x7B) else { return nil }
        skipSpace()
        if peek() == 0x7D {
            i += 1
        } else {
            while true {
                guard let key = string(), expect(0x3A) else { return nil }
                skipSpace()
                let value: Value
                switch peek() {
                case 0x22: guard let text = string() else { return nil }; value = .string(text)
                case 0x74: guard literal("true") else { return nil }; value = .bool(true)
                case 0x66: guard literal("false") else { return nil }; value = .bool(false)
                case 0x6E: guard literal("null") else { return nil }; value = .null
                default: return nil
                }
                guard members.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if peek() == 0x2C { i += 1; continue }
                guard expect(0x7D) else { return nil }
                break
            }
        }
        skipSpace()
        return i == bytes.count ? members : nil
    }
}
