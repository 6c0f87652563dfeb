import Foundation

/// A JSON value restricted to what audit entries hold, and its canonical serialisation in the
/// style of RFC 8785 (JCS): object keys sorted by code unit, no white space, integers only,
/// strings escaped minimally (`"`, `\`, and control characters; `\b \t \n \f \r` short forms,
/// others as `\u00xx`), everything else raw UTF-8.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case null
    case object([String: CanonicalJSON])

    /// The canonical bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]!.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `s` as a canonical JSON string.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x0a: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0c: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0x0d: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0..<0x20: out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Converts a JSON value as `JSONSerialization` returns it, for documents made only of
    /// strings, nulls and objects (signed receipts); throws `AuditError(.malformed)` otherwise.
    public init(any value: Any) throws {
        switch value {
        case let s as String: self = .string(s)
        case is NSNull: self = .null
        case let o as [String: Any]: self = .object(try o.mapValues { try CanonicalJSON(any: $0) })
        default: throw AuditError(.malformed, "this document holds only strings, nulls and objects")
        }
    }

    /// The canonical form of a string, as bytes.
    static func string(_ s: String) -> [UInt8] {
        var out = [UInt8]()
        writeString(s, into: &out)
        return out
    }
}
