/// One SIP message (RFC 3261 §7): a request or a response, its header fields in order (names in
/// their full form, compact forms expanded), and its body. Parsed from one UDP datagram or one
/// message framed from a TCP/TLS stream (`SIPStreamFramer`), and serialised to send.
public struct SIPMessage: Sendable, Equatable {
    /// A request line or a status line.
    public enum StartLine: Sendable, Equatable {
        /// `METHOD request-URI SIP/2.0`.
        case request(method: String, uri: String)
        /// `SIP/2.0 status reason`.
        case response(status: Int, reason: String)
    }

    /// One header field.
    public struct Header: Sendable, Equatable {
        /// The field name in its full form ("Call-ID" for "i").
        public var name: String
        /// The value, folded lines joined, outer white space removed.
        public var value: String

        /// A header field.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The start line.
    public var startLine: StartLine
    /// The header fields, in order.
    public var headers: [Header]
    /// The body (Content-Length bytes).
    public var body: [UInt8]

    /// Largest message accepted: a SIPREC INVITE with SDP and metadata is a few KiB.
    public static let maximumSize = 64 * 1024
    /// Most header fields accepted.
    public static let maximumHeaders = 200

    /// A message.
    public init(_ startLine: StartLine, headers: [Header], body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    /// The request method, or nil for a response.
    public var method: String? {
        if case .request(let method, _) = startLine { return method }
        return nil
    }

    /// The status code, or nil for a request.
    public var status: Int? {
        if case .response(let status, _) = startLine { return status }
        return nil
    }

    /// The first value of header `name` (any case, compact form or full).
    public subscript(_ name: String) -> String? { headers.first { Self.same($0.name, name) }?.value }

    /// Every value of header `name`, in order; comma-separated values stay together.
    public func values(_ name: String) -> [String] { headers.filter { Self.same($0.name, name) }.map(\.value) }

    /// The CSeq number and method.
    public var cseq: (number: UInt32, method: String)? {
        guard let value = self["CSeq"] else { return nil }
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let number = UInt32(parts[0]) else { return nil }
        return (number, String(parts[1]))
    }

    /// The Content-Type's media type, lower-cased, without parameters.
    public var mediaType: String? {
        guard let value = self["Content-Type"] else { return nil }
        let type = (value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingWhitespace().lowercased()
        return type.isEmpty ? nil : type
    }

    // MARK: - Names

    /// Compact header forms (RFC 3261 §7.3.3 and later RFCs).
    static let compact: [Character: String] = [
        "i": "Call-ID", "m": "Contact", "e": "Content-Encoding", "l": "Content-Length", "c": "Content-Type",
        "f": "From", "t": "To", "v": "Via", "k": "Supported", "s": "Subject", "x": "Session-Expires",
        "o": "Event", "u": "Allow-Events", "r": "Refer-To", "b": "Referred-By", "a": "Accept-Contact", "j": "Reject-Contact",
        "d": "Request-Disposition", "y": "Identity",
    ]

    /// The full form of a field name: a compact letter expanded, the rest as written.
    static func fullName(_ name: Substring) -> String {
        if name.count == 1, let letter = name.lowercased().first, let full = compact[letter] { return full }
        return String(name)
    }

    static func same(_ a: String, _ b: String) -> Bool {
        let b = b.count == 1 ? fullName(Substring(b)) : b
        return a.caseInsensitiveCompare(b)
    }

    // MARK: - Parsing

    /// Parses one whole message (a datagram). Lines may end in CRLF or a bare LF; folded header
    /// lines are joined; leading empty lines (keep-alives) are skipped. The body is the
    /// Content-Length bytes after the blank line (all of what follows on UDP when the header is
    /// missing; a shorter body is malformed).
    /// `shortBody`: a body shorter than its Content-Length is kept as it is (a capture that cut
    /// the datagram short) instead of refused.
    public static func parse(_ bytes: [UInt8], shortBody: Bool = false) throws(SIPError) -> SIPMessage {
        guard bytes.count <= maximumSize else { throw SIPError(.tooLarge, "a SIP message of \(bytes.count) bytes (limit \(maximumSize))") }
        var i = 0
        while i < bytes.count, bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
        guard let headEnd = headerEnd(bytes, from: i) else { throw SIPError(.malformed, "a SIP message without the blank line that ends its headers") }
        var lines = splitLines(bytes[i..<headEnd.start])
        guard !lines.isEmpty else { throw SIPError(.malformed, "an empty SIP message") }
        let startLine = try parseStartLine(lines.removeFirst())
        var message = SIPMessage(startLine, headers: try headerFields(lines[...]))
        let rest = bytes[headEnd.end...]
        if let length = try contentLength(message.headers) {
            guard length <= rest.count || shortBody else { throw SIPError(.malformed, "a body shorter than its Content-Length (\(rest.count) of \(length) bytes)") }
            message.body = Array(rest.prefix(length))
        } else {
            message.body = Array(rest)
        }
        return message
    }

    /// The header fields of the lines after the start line: folded lines joined, names in their
    /// full form, at most `maximumHeaders`.
    static func headerFields(_ lines: ArraySlice<String>) throws(SIPError) -> [Header] {
        var headers: [Header] = []
        for line in lines {
            // A carriage return anywhere but at a line's end is no SIP (and would split the line
            // differently once the message is written again).
            guard !line.unicodeScalars.contains("\r") else { throw SIPError(.malformed, "a carriage return inside a header line") }
            if let first = line.first, first == " " || first == "\t" {
                guard !headers.isEmpty else { throw SIPError(.malformed, "a folded header line before any header") }
                let more = line.trimmingWhitespace()
                let value = headers[headers.count - 1].value
                headers[headers.count - 1].value = value.isEmpty ? more : more.isEmpty ? value : value + " " + more
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw SIPError(.malformed, "a header line without a colon") }
            let name = line[..<colon].trimmingWhitespace()
            guard !name.isEmpty, name.allSatisfy(isToken) else { throw SIPError(.malformed, "a header name with characters a token cannot hold") }
            headers.append(Header(fullName(Substring(name)), line[line.index(after: colon)...].trimmingWhitespace()))
            guard headers.count <= maximumHeaders else { throw SIPError(.tooLarge, "more than \(maximumHeaders) header fields") }
        }
        return headers
    }

    /// The body length the Content-Length fields give, nil when there is none; fields that
    /// disagree, or one that is not a number, are malformed (a stream and a datagram read alike).
    static func contentLength(_ headers: [Header]) throws(SIPError) -> Int? {
        let values = headers.filter { same($0.name, "Content-Length") }.map(\.value)
        guard let text = values.first else { return nil }
        guard Set(values).count == 1 else { throw SIPError(.malformed, "Content-Length headers that disagree") }
        guard let length = Int(text), length >= 0 else { throw SIPError(.malformed, "a Content-Length that is not a number") }
        return length
    }

    /// Where the header section ends: the blank line's start and the body's start.
    static func headerEnd(_ bytes: [UInt8], from start: Int) -> (start: Int, end: Int)? {
        var i = start
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { return (i, i + 2) }
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { return (i, i + 3) }
                if i + 1 == bytes.count { return nil }
            }
            i += 1
        }
        return nil
    }

    /// The lines of the header section, split at LF bytes, a CR before it dropped (split as bytes:
    /// to Swift's `String`, CRLF is one character).
    static func splitLines(_ bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
    }

    private static func parseStartLine(_ line: String) throws(SIPError) -> StartLine {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        if line.hasPrefix("SIP/2.0 ") {
            guard parts.count >= 2, parts[1].count == 3, let status = Int(parts[1]), (100...699).contains(status) else {
                throw SIPError(.malformed, "a status line without a status code from 100 to 699")
            }
            return .response(status: status, reason: parts.count == 3 ? String(parts[2]) : "")
        }
        guard parts.count == 3, parts[2] == "SIP/2.0", !parts[0].isEmpty, parts[0].allSatisfy(isToken), !parts[1].isEmpty else {
            throw SIPError(.malformed, "a start line that is neither a SIP/2.0 request nor a response")
        }
        return .request(method: String(parts[0]), uri: String(parts[1]))
    }

    private static func isToken(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (0x30...0x39).contains(a) || (0x41...0x5A).contains(a) || (0x61...0x7A).contains(a) || "-.!%*_+`'~".utf8.contains(a)
    }

    // MARK: - Serialising

    /// The message as it goes on the wire: CRLF line ends, Content-Length set to the body's size.
    public var bytes: [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(method) \(uri) SIP/2.0\r\n"
        case .response(let status, let reason): text = "SIP/2.0 \(status) \(reason)\r\n"
        }
        for header in headers where !Self.same(header.name, "Content-Length") {
            text += "\(header.name): \(header.value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }

    /// A response to this request (RFC 3261 §8.2.6): its Via fields, From, To (with `toTag` added
    /// when the To has none), Call-ID and CSeq copied, then `headers` and `body`.
    public func response(_ status: Int, _ reason: String, toTag: String? = nil, headers extra: [Header] = [], body: [UInt8] = []) -> SIPMessage {
        var copied: [Header] = headers.filter { header in ["Via", "From", "Call-ID", "CSeq"].contains { Self.same(header.name, $0) } }
        if var to = headers.first(where: { Self.same($0.name, "To") }) {
            if let toTag, !Self.hasTag(to.value) { to.value += ";tag=\(toTag)" }
            copied.insert(to, at: copied.firstIndex { Self.same($0.name, "Call-ID") } ?? copied.count)
        }
        return SIPMessage(.response(status: status, reason: reason), headers: copied + extra, body: body)
    }

    /// Whether a From or To value carries a tag parameter (outside its URI's angle brackets).
    static func hasTag(_ value: String) -> Bool { tag(of: value) != nil }

    /// The tag parameter of a From or To value.
    public static func tag(of value: String) -> String? {
        // After the URI's closing ">", or after the bare URI (the first ";"-separated piece).
        let params = value.lastIndex(of: ">").map { value[value.index(after: $0)...].split(separator: ";") }
            ?? Array(value.split(separator: ";").dropFirst())
        for parameter in params where parameter.trimmingWhitespace().lowercased().hasPrefix("tag=") {
            return String(parameter.trimmingWhitespace().dropFirst(4))
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end.
    func trimmingWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }

    /// ASCII case-insensitive equality.
    func caseInsensitiveCompare(_ other: some StringProtocol) -> Bool { lowercased() == other.lowercased() }
}
