import Foundation
import Testing
@testable import VaultCrypto

/// Seals `plaintext` in memory with a small segment size, so edge cases need few bytes.
func seal(_ plaintext: [UInt8], key: SymmetricKey, segmentSize: Int = 16, id: [UInt8] = Array(repeating: 7, count: 16)) throws -> [UInt8] {
    var out = [UInt8]()
    let writer = try SealedStreamWriter(key: key, objectID: id, segmentSize: segmentSize) { out.append(contentsOf: $0) }
    // Feed in uneven pieces to exercise buffering across segment boundaries.
    var rest = plaintext[...]
    var piece = 1
    while !rest.isEmpty {
        try writer.write(Array(rest.prefix(piece)))
        rest = rest.dropFirst(piece)
        piece = piece % 23 + 5
    }
    try writer.finish()
    #expect(writer.sealedByteCount == out.count)
    return out
}

/// A reader of sealed bytes held in memory.
func reader(of sealed: [UInt8], key: SymmetricKey) throws -> SealedStreamReader {
    var offset = 0
    return try SealedStreamReader(key: key) { buffer in
        let n = min(buffer.count, sealed.count - offset)
        buffer.copyBytes(from: sealed[offset..<(offset + n)])
        offset += n
        return n
    }
}

/// Opens sealed bytes in memory.
func open(_ sealed: [UInt8], key: SymmetricKey) throws -> [UInt8] {
    let reader = try reader(of: sealed, key: key)
    var out = [UInt8]()
    while let chunk = try reader.next() { out += chunk }
    return out
}

@Suite("Segmented AES-256-GCM stream")
struct SealedStreamTests {
    let key = try! SymmetricKey.random()

    @Test("round-trips every length around segment boundaries", arguments: [0, 1, 15, 16, 17, 31, 32, 33, 48, 100, 1000])
    func roundTrip(length: Int) throws {
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let sealed = try seal(plaintext, key: key)
        let segments = max(1, (length + 15) / 16 + (length % 16 == 0 && length > 0 ? 0 : 0))
        #expect(sealed.count == SealedObjectHeader.byteCount + length + 16 * (length == 0 ? 1 : segments))
        #expect(try open(sealed, key: key) == plaintext)
    }

    /// What `nextIntact()` returns from `sealed`, and whether it saw the final segment.
    func salvage(_ sealed: [UInt8]) throws -> (plaintext: [UInt8], complete: Bool) {
        let reader = try reader(of: sealed, key: key)
        var out = [UInt8]()
        while let chunk = try reader.nextIntact() { out += chunk }
        return (out, reader.isComplete)
    }

    @Test("salvaging a stream its writer never finished keeps every whole segment before the cut, at every cut")
    func salvageCutStreams() throws {
        let plaintext = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var sealed = [UInt8]()
        let writer = try SealedStreamWriter(key: key, objectID: Array(repeating: 7, count: 16), segmentSize: 16) { sealed.append(contentsOf: $0) }
        try writer.write(plaintext)  // six full segments sealed as non-final; the seventh waits in the writer
        #expect(sealed.count == SealedObjectHeader.byteCount + 6 * 32)
        for cut in SealedObjectHeader.byteCount...sealed.count {
            let whole = (cut - SealedObjectHeader.byteCount) / 32
            let result = try salvage(Array(sealed[..<cut]))
            #expect(result.plaintext == Array(plaintext.prefix(16 * whole)), "cut at \(cut)")
            #expect(!result.complete)
        }
        // A finished stream salvages whole and says so; a damaged segment ends what is kept.
        let finished = try seal(plaintext, key: key)
        #expect(try salvage(finished) == (plaintext, true))
        var damaged = finished
        damaged[SealedObjectHeader.byteCount + 2 * 32 + 5] ^= 0x40
        #expect(try salvage(damaged).plaintext == Array(plaintext.prefix(32)))
    }

    @Test("a flipped bit anywhere is detected")
    func flippedBits() throws {
        let sealed = try seal(Array(repeating: 0x41, count: 40), key: key)
        for index in sealed.indices {
            var damaged = sealed
            damaged[index] ^= 0x01
            #expect(throws: CryptoError.self, "byte \(index)") { try open(damaged, key: key) }
        }
    }

    @Test("reordered segments are detected")
    func reordered() throws {
        let sealed = try seal(Array(0..<48), key: key)
        let h = SealedObjectHeader.byteCount, s = 32  // 16 bytes + tag
        var swapped = Array(sealed[0..<h]) + Array(sealed[(h + s)..<(h + 2 * s)]) + Array(sealed[h..<(h + s)])
        swapped += sealed[(h + 2 * s)...]
        let error = #expect(throws: CryptoError.self) { try open(swapped, key: key) }
        #expect(error?.code == .authenticationFailed)
    }

    @Test("a stream cut after a whole segment is reported as truncated")
    func truncatedAtBoundary() throws {
        let sealed = try seal(Array(0..<48), key: key)  // three full segments and an empty final one
        let cut = Array(sealed.prefix(SealedObjectHeader.byteCount + 2 * 32))
        let error = #expect(throws: CryptoError.self) { try open(cut, key: key) }
        #expect(error?.code == .truncated)
    }

    @Test("a stream cut inside a segment, or down to its header, fails")
    func truncatedInside() throws {
        let sealed = try seal(Array(0..<40), key: key)
        for length in [SealedObjectHeader.byteCount, SealedObjectHeader.byteCount + 5, sealed.count - 1] {
            #expect(throws: CryptoError.self, "cut at \(length)") { try open(Array(sealed.prefix(length)), key: key) }
        }
        let error = #expect(throws: CryptoError.self) { try open(Array(sealed.prefix(20)), key: key) }
        #expect(error?.code == .malformed)
    }

    @Test("bytes appended after the final segment are detected")
    func extended() throws {
        let sealed = try seal(Array(0..<40), key: key)
        #expect(throws: CryptoError.self) { try open(sealed + [0], key: key) }
        #expect(throws: CryptoError.self) { try open(sealed + Array(sealed.suffix(24)), key: key) }
    }

    @Test("the wrong key fails")
    func wrongKey() throws {
        let sealed = try seal(Array(0..<40), key: key)
        let error = #expect(throws: CryptoError.self) { try open(sealed, key: try SymmetricKey.random()) }
        #expect(error?.code == .authenticationFailed)
    }

    @Test("the header is parsed back and names the object")
    func header() throws {
        let id = (0..<16).map { UInt8($0) }
        let sealed = try seal([1, 2, 3], key: key, segmentSize: 65_536, id: id)
        let header = try SealedObjectHeader(parsing: Array(sealed.prefix(SealedObjectHeader.byteCount)))
        #expect(header.objectID == id)
        #expect(header.segmentSize == 65_536)
        #expect(Array(sealed.prefix(6)) == Array("CVSEAL".utf8))
    }

    @Test("segment sizes outside 1 byte to 16 MiB are refused")
    func segmentSizeBounds() throws {
        for size in [0, -1, 16 << 20 + 1] {
            #expect(throws: CryptoError.self, "\(size)") {
                try SealedStreamWriter(key: key, objectID: Array(repeating: 0, count: 16), segmentSize: size) { _ in }
            }
        }
        _ = try seal([1], key: key, segmentSize: 1)
    }

    @Test("garbage is not a sealed object")
    func garbage() {
        let error = #expect(throws: CryptoError.self) { try open(Array(repeating: 0x55, count: 100), key: key) }
        #expect(error?.code == .malformed)
    }
}
