internal import CVaultOgg

/// Salvages an Ogg Opus stream that its writer never finished (the process died mid-call): the
/// pages that are intact, up to the last one that ends a packet, with that page marked the end of
/// the stream. libogg finds the pages and checks their CRCs; a torn or damaged page and anything
/// after it are dropped.
public enum OggOpusSalvage {
    /// What a salvage kept.
    public struct Result: Sendable, Equatable {
        /// The audio's length, from the last kept page's granule position less the pre-skip.
        public let durationSeconds: Double
        /// Pages written.
        public let pages: Int
        /// Bytes written.
        public let bytes: Int
    }

    /// Reads the stream's bytes from `read` (fills the buffer it is given, returns how many bytes
    /// it wrote, 0 at the end) and writes the salvaged stream's pages to `write`. Returns nil,
    /// having written at most the header pages, when not one page of audio is intact; throws
    /// `.decodeFailed` when the bytes do not start an Ogg Opus stream.
    public static func salvage(read: (UnsafeMutableRawBufferPointer) throws -> Int,
                               write: (UnsafeRawBufferPointer) throws -> Void) throws -> Result? {
        var sync = ogg_sync_state()
        ogg_sync_init(&sync)
        defer { ogg_sync_clear(&sync) }
        var serial: Int32?
        var preSkip = 0
        var pagesSeen = 0
        // The last page that ends a packet (granule ≥ 0), held back to be marked the end.
        var last: (bytes: [UInt8], granule: Int64)?
        var written = 0, pages = 0
        func emit(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
            written += bytes.count
            pages += 1
        }
        // Pages after `last` that end no packet: kept only if a later page ends one.
        var tail: [[UInt8]] = []
        reading: while true {
            var page = ogg_page()
            var result = ogg_sync_pageout(&sync, &page)
            while result == 0 {
                guard let buffer = ogg_sync_buffer(&sync, 64 * 1024) else { throw AudioError(.decodeFailed, "libogg cannot allocate a read buffer") }
                let n = try read(UnsafeMutableRawBufferPointer(start: buffer, count: 64 * 1024))
                if n == 0 { break reading }  // the end; a partial page stays unread
                ogg_sync_wrote(&sync, n)
                result = ogg_sync_pageout(&sync, &page)
            }
            // A page that fails its checksum: the intact part ends before it.
            guard result == 1 else { break }
            let pageSerial = ogg_page_serialno(&page)
            if let serial {
                guard pageSerial == serial else { break }
            } else {
                guard ogg_page_bos(&page) != 0, page.body_len >= 19,
                      Array(UnsafeRawBufferPointer(start: page.body, count: 8)) == Array("OpusHead".utf8) else {
                    throw AudioError(.decodeFailed, "the bytes do not start an Ogg Opus stream")
                }
                serial = pageSerial
                preSkip = Int(page.body[10]) | Int(page.body[11]) << 8
            }
            pagesSeen += 1
            let bytes = Array(UnsafeRawBufferPointer(start: page.header, count: page.header_len))
                + Array(UnsafeRawBufferPointer(start: page.body, count: page.body_len))
            let granule = ogg_page_granulepos(&page)
            if granule >= 0 {
                if let held = last { try emit(held.bytes) }
                for t in tail { try emit(t) }
                tail.removeAll()
                last = (bytes, granule)
            } else {
                tail.append(bytes)
            }
            if ogg_page_eos(&page) != 0 { break }
        }
        // Audio needs a page past the two header pages (OpusHead, OpusTags) with a granule.
        guard var final = last, pagesSeen >= 3, final.granule > 0 else { return nil }
        markEndOfStream(&final.bytes)
        try emit(final.bytes)
        let duration = Double(max(0, final.granule - Int64(preSkip))) / 48_000
        return Result(durationSeconds: duration, pages: pages, bytes: written)
    }

    /// Sets a page's end-of-stream flag and its CRC again.
    static func markEndOfStream(_ bytes: inout [UInt8]) {
        bytes[5] |= 0x04
        let headerLength = 27 + Int(bytes[26])
        bytes.withUnsafeMutableBufferPointer { buffer in
            var page = ogg_page()
            page.header = buffer.baseAddress
            page.header_len = headerLength
            page.body = buffer.baseAddress! + headerLength
            page.body_len = buffer.count - headerLength
            ogg_page_checksum_set(&page)
        }
    }
}
