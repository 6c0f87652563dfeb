internal import CVaultOgg

/// Packs packets into Ogg pages with libogg (one logical stream) and hands each page to a sink.
/// Owns the `ogg_stream_state`; not `Sendable`.
final class OggPacketWriter {
    private let stream: UnsafeMutablePointer<ogg_stream_state>
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var packetNumber: Int64 = 0
    private var packetsInPage = 0
    /// Bytes handed to the sink so far.
    private(set) var byteCount = 0

    init(serial: Int32, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        stream = .allocate(capacity: 1)
        ogg_stream_init(stream, serial)
        self.sink = sink
    }

    deinit {
        ogg_stream_clear(stream)
        stream.deallocate()
    }

    /// Adds a packet. `flushAfter` ends the page right after it (headers get pages of their own);
    /// `maxPacketsPerPage` bounds how much audio one page holds (RFC 7845 recommends at most 1 s).
    func write(_ bytes: UnsafeRawBufferPointer, granule: Int64, isLast: Bool = false,
               flushAfter: Bool = false, maxPacketsPerPage: Int = .max) throws {
        var packet = ogg_packet()
        packet.packet = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        packet.bytes = bytes.count
        packet.b_o_s = packetNumber == 0 ? 1 : 0
        packet.e_o_s = isLast ? 1 : 0
        packet.granulepos = granule
        packet.packetno = packetNumber
        packetNumber += 1
        guard ogg_stream_packetin(stream, &packet) == 0 else {
            throw AudioError(.encoderFailed, "libogg rejected a packet")
        }
        packetsInPage += 1
        if flushAfter || isLast || packetsInPage >= maxPacketsPerPage {
            try drain(force: true)
        } else {
            try drain(force: false)
        }
    }

    private func drain(force: Bool) throws {
        var page = ogg_page()
        while (force ? ogg_stream_flush(stream, &page) : ogg_stream_pageout(stream, &page)) != 0 {
            try emit(UnsafeRawBufferPointer(start: page.header, count: page.header_len))
            try emit(UnsafeRawBufferPointer(start: page.body, count: page.body_len))
            packetsInPage = 0
        }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
        byteCount += bytes.count
    }
}
