/// The header at the start of every sealed object; see `docs/sealed-object-format.md`.
///
/// `"CVSEAL" ‖ version(1) ‖ algorithm(1) ‖ segment size (u32 BE) ‖ nonce prefix(7) ‖ object id(16)`:
/// 35 bytes, authenticated as associated data of every segment.
public struct SealedObjectHeader: Sendable, Equatable {
    /// The header length in bytes.
    public static let byteCount = 35
    /// The only format version this build writes and reads.
    public static let currentVersion: UInt8 = 1
    /// Algorithm 1: AES-256-GCM, STREAM nonces.
    public static let aes256GCM: UInt8 = 1
    static let magic = Array("CVSEAL".utf8)

    /// Plaintext bytes per segment (the last segment may hold fewer).
    public let segmentSize: Int
    /// The random 7-byte nonce prefix of this object.
    public let noncePrefix: [UInt8]
    /// The 16-byte identity the object was sealed for (a recording id).
    public let objectID: [UInt8]

    /// The encoded header bytes.
    public var bytes: [UInt8] {
        let size = UInt32(segmentSize)
        return Self.magic + [Self.currentVersion, Self.aes256GCM,
                             UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
            + noncePrefix + objectID
    }

    init(segmentSize: Int, noncePrefix: [UInt8], objectID: [UInt8]) {
        self.segmentSize = segmentSize
        self.noncePrefix = noncePrefix
        self.objectID = objectID
    }

    /// Parses a header; throws `.malformed` for anything that is not one.
    public init(parsing bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount, Array(bytes[0..<6]) == Self.magic else {
            throw CryptoError(.malformed, "not a sealed object (bad magic)")
        }
        guard bytes[6] == Self.currentVersion else {
            throw CryptoError(.malformed, "sealed object format version \(bytes[6]) is not supported (this build reads \(Self.currentVersion))")
        }
        guard bytes[7] == Self.aes256GCM else { throw CryptoError(.malformed, "unknown sealing algorithm \(bytes[7])") }
        let size = Int(bytes[8]) << 24 | Int(bytes[9]) << 16 | Int(bytes[10]) << 8 | Int(bytes[11])
        guard SealedStreamWriter.segmentSizes.contains(size) else { throw CryptoError(.malformed, "segment size \(size) out of range") }
        self.init(segmentSize: size, noncePrefix: Array(bytes[12..<19]), objectID: Array(bytes[19..<35]))
    }

    /// The nonce of segment `index`: prefix ‖ index (u32 BE) ‖ 0x01 for the final segment, else 0x00.
    func nonce(segment index: UInt32, isFinal: Bool) -> [UInt8] {
        noncePrefix + [UInt8(index >> 24), UInt8(index >> 16 & 0xff), UInt8(index >> 8 & 0xff), UInt8(index & 0xff), isFinal ? 1 : 0]
    }
}

/// Seals a byte stream into the segmented AES-256-GCM format, segment by segment.
///
/// Memory stays at one segment whatever the stream's length. Bytes go to `sink` as they are
/// sealed; the caller decides where they land (never a plaintext file). Not `Sendable`.
public final class SealedStreamWriter {
    /// The default plaintext segment size, 64 KiB.
    public static let defaultSegmentSize = 64 * 1024
    /// The segment sizes the format allows (1 byte to 16 MiB).
    public static let segmentSizes = 1...(16 << 20)

    /// The header written first.
    public let header: SealedObjectHeader
    private let headerBytes: [UInt8]
    private let cipher: AEADCipher
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8]
    private var output: [UInt8]
    private var segmentIndex: UInt32 = 0
    private var finished = false
    /// The sealed bytes handed to the sink so far, header included.
    public private(set) var sealedByteCount = 0

    /// Starts a sealed stream for `objectID` (16 bytes) and writes its header to `sink`.
    public init(
        key: SymmetricKey, objectID: [UInt8], segmentSize: Int = SealedStreamWriter.defaultSegmentSize,
        sink: @escaping (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        precondition(objectID.count == 16, "object ids are 16 bytes")
        guard Self.segmentSizes.contains(segmentSize) else {
            throw CryptoError(.malformed, "segment size \(segmentSize) is outside 1 byte to 16 MiB")
        }
        header = SealedObjectHeader(segmentSize: segmentSize, noncePrefix: try SecureRandom.bytes(7), objectID: objectID)
        headerBytes = header.bytes
        cipher = try AEADCipher(.aes256GCM, key: key, direction: .seal)
        self.sink = sink
        buffer = []
        buffer.reserveCapacity(segmentSize)
        output = [UInt8](repeating: 0, count: segmentSize + AEADCipher.tagByteCount)
        try emit(headerBytes)
    }

    /// Adds plaintext bytes; full segments are sealed and passed on.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after finish")
        var rest = bytes[...]
        while !rest.isEmpty {
            if buffer.count == header.segmentSize {
                // A full segment is sealed only once more data shows it is not the last one.
                try sealBuffer(isFinal: false)
            }
            let take = min(header.segmentSize - buffer.count, rest.count)
            buffer.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
        }
    }

    /// Adds plaintext bytes.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Seals the final segment (possibly empty). The stream is complete afterwards.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        try sealBuffer(isFinal: true)
        finished = true
    }

    private func sealBuffer(isFinal: Bool) throws {
        let nonce = header.nonce(segment: segmentIndex, isFinal: isFinal)
        let sealedCount = buffer.count + AEADCipher.tagByteCount
        try nonce.withUnsafeBytes { n in
            try headerBytes.withUnsafeBytes { aad in
                try buffer.withUnsafeBytes { p in
                    try output.withUnsafeMutableBytes { o in try cipher.seal(nonce: n, aad: aad, plaintext: p, into: o) }
                }
            }
        }
        try output.withUnsafeBytes { try emitRaw(UnsafeRawBufferPointer(rebasing: $0[0..<sealedCount])) }
        buffer.removeAll(keepingCapacity: true)
        guard segmentIndex < UInt32.max else { throw CryptoError(.malformed, "stream too long for its segment counter") }
        segmentIndex += 1
    }

    private func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emitRaw($0) } }

    private func emitRaw(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
        sealedByteCount += bytes.count
    }
}

/// Opens a sealed stream segment by segment, verifying each one before returning its plaintext.
///
/// Detects any flipped bit (tag), reordered or dropped segments (counter in the nonce), a missing
/// final segment (`.truncated`) and appended bytes (they make the true final segment read as a
/// non-final one, whose tag then fails: `.authenticationFailed`). Not `Sendable`.
public final class SealedStreamReader {
    /// The parsed header.
    public let header: SealedObjectHeader
    private let headerBytes: [UInt8]
    private let cipher: AEADCipher
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var block: [UInt8]
    private var plaintext: [UInt8]
    private var blocks = SegmentBlockReader()
    private var segmentIndex: UInt32 = 0
    private var done = false

    /// Reads and checks the header. `source` fills the buffer it is given with up to its size
    /// and returns how many bytes it wrote, 0 at the end.
    public init(key: SymmetricKey, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        self.source = source
        var head = [UInt8](repeating: 0, count: SealedObjectHeader.byteCount)
        let got = try head.withUnsafeMutableBytes { try Self.readFully(source, into: $0) }
        guard got == SealedObjectHeader.byteCount else {
            throw CryptoError(.malformed, "sealed object is \(got) bytes, shorter than its header")
        }
        header = try SealedObjectHeader(parsing: head)
        headerBytes = head
        cipher = try AEADCipher(.aes256GCM, key: key, direction: .open)
        block = [UInt8](repeating: 0, count: header.segmentSize + AEADCipher.tagByteCount)
        plaintext = [UInt8](repeating: 0, count: header.segmentSize)
    }

    /// The next segment's verified plaintext, or nil after the final segment.
    public func next() throws -> ArraySlice<UInt8>? {
        guard !done else { return nil }
        let source = self.source
        let (filled, isFinal) = try block.withUnsafeMutableBytes { try blocks.read(into: $0) { try Self.readFully(source, into: $0) } }
        guard filled >= AEADCipher.tagByteCount else {
            throw CryptoError(.truncated, "sealed stream ends inside segment \(segmentIndex)")
        }
        let count = filled - AEADCipher.tagByteCount
        do {
            try open(segment: filled, isFinal: isFinal)
        } catch let error as CryptoError where error.code == .authenticationFailed && isFinal && count == header.segmentSize {
            // A full segment that verifies as non-final means the stream was cut after it.
            if (try? open(segment: filled, isFinal: false)) != nil {
                throw CryptoError(.truncated, "sealed stream is truncated after segment \(segmentIndex)")
            }
            throw CryptoError(.authenticationFailed, "segment \(segmentIndex) fails authentication")
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw CryptoError(.authenticationFailed, "segment \(segmentIndex) fails authentication")
        }
        segmentIndex += 1
        if isFinal { done = true }
        return plaintext[0..<count]
    }

    /// The next segment that verifies, final or not, for salvaging a stream whose writer died
    /// (a crash mid-ingest leaves full non-final segments and perhaps a torn one after them).
    /// Returns nil at the end of the bytes, after the final segment, or at the first segment
    /// that verifies neither way (a torn or damaged tail): what it returned before is intact.
    /// ``isComplete`` says afterwards whether the stream had its final segment.
    public func nextIntact() throws -> ArraySlice<UInt8>? {
        guard !done else { return nil }
        let source = self.source
        let (filled, _) = try block.withUnsafeMutableBytes { try blocks.read(into: $0) { try Self.readFully(source, into: $0) } }
        guard filled >= AEADCipher.tagByteCount else {
            done = true
            return nil
        }
        let count = filled - AEADCipher.tagByteCount
        for isFinal in [false, true] where (try? open(segment: filled, isFinal: isFinal)) != nil {
            segmentIndex += 1
            if isFinal {
                done = true
                isComplete = true
            }
            return plaintext[0..<count]
        }
        done = true
        return nil
    }

    /// Whether ``nextIntact()`` reached the stream's final segment.
    public private(set) var isComplete = false

    private func open(segment filled: Int, isFinal: Bool) throws {
        let nonce = header.nonce(segment: segmentIndex, isFinal: isFinal)
        try nonce.withUnsafeBytes { n in
            try headerBytes.withUnsafeBytes { aad in
                try block.withUnsafeBytes { c in
                    try plaintext.withUnsafeMutableBytes { o in
                        try cipher.open(nonce: n, aad: aad, ciphertextAndTag: UnsafeRawBufferPointer(rebasing: c[0..<filled]), into: o)
                    }
                }
            }
        }
    }

    private static func readFully(_ source: (UnsafeMutableRawBufferPointer) throws -> Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = try source(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if n == 0 { break }
            filled += n
        }
        return filled
    }
}
