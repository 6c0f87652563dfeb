/// Cuts a TCP or TLS byte stream into SIP messages (RFC 3261 §18.3): each message ends after its
/// Content-Length bytes of body, which a stream message must carry. CRLF keep-alives between
/// messages (RFC 5626 §3.5.1) are skipped. Bytes go in as they arrive (`append`), whole messages
/// come out (`next`); memory is bounded by `SIPMessage.maximumSize`.
public struct SIPStreamFramer: Sendable {
    private var buffer: [UInt8] = []
    /// How far the current message's bytes were searched for the end of its headers.
    private var scanned = 0
    /// The current message's body start and length, once its headers are complete.
    private var head: (Int, Int)?

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
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned = 0
        }
        guard !buffer.isEmpty else { return nil }
        if head == nil {
            // Resume the search for the blank line where the last call stopped (minus the 3 bytes
            // it may straddle), so a header arriving byte by byte is scanned once.
            guard let end = SIPMessage.headerEnd(buffer, from: max(0, scanned - 3)) else {
                scanned = buffer.count
                if buffer.count > SIPMessage.maximumSize { throw SIPError(.tooLarge, "SIP headers longer than \(SIPMessage.maximumSize) bytes") }
                return nil
            }
            let lines = SIPMessage.splitLines(buffer[0..<end.start])
            guard let length = try SIPMessage.contentLength(try SIPMessage.headerFields(lines.dropFirst())) else {
                throw SIPError(.malformed, "a SIP message on a stream without a Content-Length")
            }
            guard length <= SIPMessage.maximumSize - end.end else { throw SIPError(.tooLarge, "a SIP message longer than \(SIPMessage.maximumSize) bytes") }
            head = (end.end, length)
        }
        guard let (bodyStart, length) = head, buffer.count >= bodyStart + length else { return nil }
        let message = try SIPMessage.parse(Array(buffer[0..<(bodyStart + length)]))
        buffer.removeSubrange(0..<(bodyStart + length))
        head = nil
        scanned = 0
        return message
    }
}
