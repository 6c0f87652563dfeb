/// Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3): each message ends after its
/// Content-Length bytes of body, which a stream message must carry. CRLF keep-alives between
/// messages (RFC 5626 §3.5.1) are skipped. Bytes go in as they arrive (`append`), whole messages
/// come out (`next`); memory is bounded by `SIPMessage.maximumSize`.
public struct SIPStreamFramer: Sendable {
    private var buffer: [UInt8] = []

    /// A framer with nothing buffered.
    public init() {}

    /// More bytes of the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// Bytes received and not yet handed out.
    public var bufferedBytes: Int { buffer.count }

    /// The next whole message, or nil when more bytes are needed. A message that cannot be read
    /// throws; the stream cannot be resynchronised after that and should be closed.
    public mutating func next() throws(SIPError) -> SIPMessage? {
        var start = 0
        while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
        if start > 0 { buffer.removeSubrange(0..<start) }
        guard !buffer.isEmpty else { return nil }
        guard let end = SIPMessage.headerEnd(buffer, from: 0) else {
            if buffer.count > SIPMessage.maximumSize { throw SIPError(.tooLarge, "SIP headers longer than \(SIPMessage.maximumSize) bytes") }
            return nil
        }
        var length: Int?
        for line in SIPMessage.splitLines(buffer[0..<end.start]) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = SIPMessage.fullName(Substring(line[..<colon].trimmingWhitespace()))
            if name.caseInsensitiveCompare("Content-Length") { length = Int(line[line.index(after: colon)...].trimmingWhitespace()) }
        }
        guard let length, length >= 0 else { throw SIPError(.malformed, "a SIP message on a stream without a Content-Length") }
        guard end.end + length <= SIPMessage.maximumSize else { throw SIPError(.tooLarge, "a SIP message of \(end.end + length) bytes") }
        guard buffer.count >= end.end + length else { return nil }
        let message = try SIPMessage.parse(Array(buffer[0..<(end.end + length)]))
        buffer.removeSubrange(0..<(end.end + length))
        return message
    }
}
