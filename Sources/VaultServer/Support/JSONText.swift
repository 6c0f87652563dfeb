/// Hand-written JSON for the hot paths (consent checks, batch lines, errors), where building an
/// `Encodable` and running `JSONEncoder` would cost more than the vault's own work.
enum JSONText {
    /// `text` as a JSON string literal, quoted and escaped (RFC 8259).
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON string, or `null`.
    static func quotedOrNull(_ text: String?) -> String { text.map(quoted) ?? "null" }
}
