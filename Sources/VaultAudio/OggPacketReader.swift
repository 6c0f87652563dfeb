internal import CVaultOgg

/// Splits one logical Ogg stream, pulled from a byte source, into packets with libogg. Owns its
/// `ogg_sync_state` and `ogg_stream_state`; not `Sendable`.
final class OggPacketReader {
    /// Bytes pulled from the source per read.
    static let readBlock = 64 * 1024

    private let sync: UnsafeMutablePointer<ogg_sync_state>
    private let stream: UnsafeMutablePointer<ogg_stream_state>
    private var serial: Int32?
    private let read: (UnsafeMutableRawBufferPointer) throws -> Int

    /// A reader over `read`, which fills a buffer and returns how many bytes it wrote (0 at the end).
    init(read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.read = read
        sync = .allocate(capacity: 1)
        ogg_sync_init(sync)
        stream = .allocate(capacity: 1)
        stream.initialize(to: ogg_stream_state())  // cleared safely even if never initialised
    }

    deinit {
        ogg_stream_clear(stream)
        stream.deallocate()
        ogg_sync_clear(sync)
        sync.deallocate()
    }

    /// Pulls pages until one packet is out and passes it to `body` (the bytes are valid only
    /// inside it), with its granule position (-1 unless it ends a page) and whether it is the
    /// stream's last. Returns false, without calling `body`, at the end of the bytes.
    func next(_ body: (_ packet: UnsafeRawBufferPointer, _ granule: Int64, _ isLast: Bool) throws -> Void) throws -> Bool {
        var packet = ogg_packet()
        while true {
            if serial != nil {
                switch ogg_stream_packetout(stream, &packet) {
                case 1:
                    try body(UnsafeRawBufferPointer(start: packet.packet, count: packet.bytes), packet.granulepos, packet.e_o_s != 0)
                    return true
                case 0: break
                default: throw AudioError(.decodeFailed, "the Ogg stream has a gap (a page is missing)")
                }
            }
            var page = ogg_page()
            var result = ogg_sync_pageout(sync, &page)
            while result != 1 {
                guard result == 0 else { throw AudioError(.decodeFailed, "the Ogg stream is damaged (a page fails its checksum, or bytes are not a page)") }
                guard let buffer = ogg_sync_buffer(sync, Self.readBlock) else { throw AudioError(.decodeFailed, "libogg cannot allocate a read buffer") }
                let n = try read(UnsafeMutableRawBufferPointer(start: buffer, count: Self.readBlock))
                if n == 0 { return false }
                ogg_sync_wrote(sync, n)
                result = ogg_sync_pageout(sync, &page)
            }
            let pageSerial = ogg_page_serialno(&page)
            if let serial {
                guard pageSerial == serial else { throw AudioError(.decodeFailed, "the Ogg file holds more than one logical stream (chained or multiplexed)") }
            } else {
                guard ogg_page_bos(&page) != 0 else { throw AudioError(.decodeFailed, "the Ogg stream does not start with a beginning-of-stream page") }
                ogg_stream_init(stream, pageSerial)
                serial = pageSerial
            }
            guard ogg_stream_pagein(stream, &page) == 0 else { throw AudioError(.decodeFailed, "libogg rejected a page") }
        }
    }
}
