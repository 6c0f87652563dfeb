/// The evaluation / pipeline form: one `{"id": ..., "text": ...}` object a line in,
/// one `{"id": ..., "redacted_text": ..., "spans": [{"start","end","kind","confidence"}]}` a line out.
///
/// `id` is copied byte for byte (any JSON value); offsets are Unicode scalar offsets into `text`.
public struct JSONLinesRedactor: Sendable {
    private let redactor = TextRedactor()

    /// Creates a redactor.
    public init() {}

    /// Redacts one input line (without its line break) into one output line (without its line break).
    public func redactLine(_ line: [UInt8]) throws(RedactionError) -> [UInt8] {
        let node = try JSONScanner.parse(line)
        guard let textNode = node["text"], let text = textNode.utf8 else {
            throw RedactionError(.malformed, "each line must be a JSON object with a \"text\" string")
        }
        var scalars = UTF8Scalars.decode(text)
        let spans = redactor.redact(&scalars)
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 40 + 70 * spans.count)
        out += "{\"id\":".utf8
        if let id = node["id"] { out += line[id.range] } else { out += "null".utf8 }
        out += ",\"redacted_text\":".utf8
        if spans.isEmpty, !line[textNode.range].contains(0x5C) {
            out += line[textNode.range]   // unchanged and unescaped: the literal is what quoting would write
        } else {
            JSONScanner.quote(scalars: scalars, into: &out)
        }
        out += ",\"spans\":[".utf8
        for (k, s) in spans.enumerated() {
            if k > 0 { out.append(0x2C) }
            out += "{\"start\":\(s.start),\"end\":\(s.end),\"kind\":\"\(s.kind.rawValue)\",\"confidence\":\"\(s.confidence.rawValue)\"}".utf8
        }
        out += "]}".utf8
        return out
    }
}
