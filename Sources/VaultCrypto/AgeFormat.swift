internal import CVaultOpenSSL

/// The byte-level pieces of the age v1 format (https://age-encryption.org/v1, C2SP age):
/// constants, canonical unpadded base64, stanzas, and the header with its MAC.
enum AgeFormat {
    /// The first line of every age file (without its newline).
    static let intro = Array("age-encryption.org/v1".utf8)
    /// The file key length in bytes.
    static let fileKeyByteCount = 16
    /// The payload nonce length in bytes.
    static let payloadNonceByteCount = 16
    /// Plaintext bytes per payload chunk (the last chunk may hold fewer).
    static let chunkByteCount = 64 * 1024
    /// Base64 characters per full stanza body line.
    static let columnsPerLine = 64
    /// The most stanzas a file may carry before it is refused (as age does).
    static let maxStanzaCount = 20
    /// The longest header line accepted, newline excluded.
    static let maxLineByteCount = 4096
    /// The largest header accepted.
    static let maxHeaderByteCount = 256 * 1024
    /// The highest scrypt work factor (log2 N) age accepts when decrypting by default.
    static let maxScryptWorkFactor = 22
    /// The HKDF info of the X25519 wrap key.
    static let x25519Label = Array("age-encryption.org/v1/X25519".utf8)
    /// The scrypt salt prefix.
    static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)
    /// The scrypt salt length in bytes (before the label is prefixed).
    static let scryptSaltByteCount = 16
    /// The body length of X25519 and scrypt stanzas: the sealed file key.
    static let wrappedFileKeyByteCount = fileKeyByteCount + AEADCipher.tagByteCount
    /// The all-zero nonce used to seal a file key (each wrap key seals exactly one message).
    static let zeroNonce = [UInt8](repeating: 0, count: AEADCipher.nonceByteCount)

    /// The header MAC: HMAC-SHA256 under HKDF(file key, "", "header") of the header text up to and
    /// including `---`.
    static func headerMAC(fileKey: [UInt8], headerText: [UInt8]) throws -> [UInt8] {
        let macKey = try HKDFSHA256.deriveKey(inputKeyMaterial: fileKey, salt: [], info: Array("header".utf8))
        return HMACSHA256.authenticate(headerText, key: macKey)
    }

    /// The payload key: HKDF(file key, nonce, "payload").
    static func payloadKey(fileKey: [UInt8], nonce: [UInt8]) throws -> SymmetricKey {
        try HKDFSHA256.deriveKey(inputKeyMaterial: fileKey, salt: nonce, info: Array("payload".utf8))
    }

    /// The STREAM nonce of payload chunk `index`: 11-byte big-endian counter ‖ 0x01 for the last
    /// chunk, else 0x00.
    static func chunkNonce(_ index: UInt64, isLast: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: AEADCipher.nonceByteCount)
        for i in 0..<8 { nonce[3 + i] = UInt8(truncatingIfNeeded: index >> UInt64(8 * (7 - i))) }
        nonce[11] = isLast ? 1 : 0
        return nonce
    }
}

/// One recipient stanza of an age header: `-> type args…` and a binary body.
struct AgeStanza: Equatable {
    /// The first argument, naming the recipient type (`X25519`, `scrypt`, …).
    var type: String
    /// The remaining arguments.
    var arguments: [String]
    /// The decoded body.
    var body: [UInt8]

    /// The stanza's header text: the argument line, then the body in base64 wrapped at 64 columns,
    /// ending with a line shorter than 64 columns (empty when the body fills its last line).
    var encoded: [UInt8] {
        var out = Array("->".utf8)
        for argument in [type] + arguments {
            out.append(UInt8(ascii: " "))
            out += argument.utf8
        }
        out.append(UInt8(ascii: "\n"))
        let text = AgeBase64.encode(body)
        var start = 0
        while true {
            let end = min(start + AgeFormat.columnsPerLine, text.count)
            out += text[start..<end]
            out.append(UInt8(ascii: "\n"))
            if end - start < AgeFormat.columnsPerLine { break }
            start = end
        }
        return out
    }
}

/// A parsed age header.
struct AgeHeader {
    /// The recipient stanzas, in file order.
    var stanzas: [AgeStanza]
    /// The header text the MAC covers: everything up to and including `---`.
    var macInput: [UInt8]
    /// The 32-byte MAC from the `---` line.
    var mac: [UInt8]

    /// The encoded header for `stanzas` under `fileKey`, MAC line included.
    static func encode(stanzas: [AgeStanza], fileKey: [UInt8]) throws -> [UInt8] {
        var text = AgeFormat.intro + [UInt8(ascii: "\n")]
        for stanza in stanzas { text += stanza.encoded }
        text += Array("---".utf8)
        let mac = try AgeFormat.headerMAC(fileKey: fileKey, headerText: text)
        return text + Array(" ".utf8) + AgeBase64.encode(mac) + [UInt8(ascii: "\n")]
    }

    /// Reads and parses a header from `input`, leaving it at the first payload byte. Throws
    /// `.malformed` for anything that is not a canonical age v1 header and `.truncated` when the
    /// input ends inside it.
    init(reading input: AgeInput) throws {
        var consumed = 0
        func line() throws -> [UInt8] {
            guard let line = try input.readLine(maxLength: AgeFormat.maxLineByteCount) else {
                throw CryptoError(.truncated, "the age header ends before its closing '---' line")
            }
            consumed += line.count + 1
            guard consumed <= AgeFormat.maxHeaderByteCount else {
                throw CryptoError(.malformed, "the age header is longer than \(AgeFormat.maxHeaderByteCount) bytes")
            }
            return line
        }
        let first = try line()
        guard first == AgeFormat.intro else {
            if first.starts(with: Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)) {
                throw CryptoError(.malformed, "ASCII-armored age files are not supported; remove the armor first (age -d writes the binary form)")
            }
            throw CryptoError(.malformed, "not an age v1 file (its first line is not 'age-encryption.org/v1')")
        }
        var text = first + [UInt8(ascii: "\n")]
        var stanzas = [AgeStanza]()
        while true {
            let current = try line()
            if current.starts(with: Array("---".utf8)) {
                let parts = current.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                guard parts.count == 2, Array(parts[0]) == Array("---".utf8),
                      let mac = AgeBase64.decode(Array(parts[1])), mac.count == 32 else {
                    throw CryptoError(.malformed, "the age header's closing line is malformed")
                }
                text += Array("---".utf8)
                self.stanzas = stanzas
                self.macInput = text
                self.mac = mac
                return
            }
            guard current.starts(with: Array("->".utf8)) else {
                throw CryptoError(.malformed, "unexpected line in the age header")
            }
            let parts = current.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard parts.count >= 2, Array(parts[0]) == Array("->".utf8),
                  parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.allSatisfy { (33...126).contains($0) } }) else {
                throw CryptoError(.malformed, "malformed recipient stanza line in the age header")
            }
            guard stanzas.count < AgeFormat.maxStanzaCount else {
                throw CryptoError(.malformed, "the age header has more than \(AgeFormat.maxStanzaCount) recipient stanzas")
            }
            text += current + [UInt8(ascii: "\n")]
            let arguments = parts.dropFirst().map { String(decoding: $0, as: UTF8.self) }
            var body = [UInt8]()
            while true {
                let bodyLine = try line()
                guard bodyLine.count <= AgeFormat.columnsPerLine, let bytes = AgeBase64.decode(bodyLine) else {
                    throw CryptoError(.malformed, "malformed stanza body line in the age header")
                }
                text += bodyLine + [UInt8(ascii: "\n")]
                body += bytes
                if bodyLine.count < AgeFormat.columnsPerLine { break }
            }
            stanzas.append(AgeStanza(type: arguments[0], arguments: Array(arguments.dropFirst()), body: body))
        }
    }
}

/// Canonical base64 as age writes it: the standard alphabet, no padding, no line breaks, and no
/// non-zero trailing bits (so that every byte string has exactly one encoding).
enum AgeBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, c) in alphabet.enumerated() { table[Int(c)] = Int8(index) }
        return table
    }()

    /// The unpadded base64 text of `bytes`, as ASCII bytes.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        switch bytes.count - i {
        case 1:
            let v = UInt32(bytes[i]) << 16
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)]]
        case 2:
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)]]
        default:
            break
        }
        return out
    }

    /// The unpadded base64 text of `bytes`.
    static func encodeString(_ bytes: [UInt8]) -> String { String(decoding: encode(bytes), as: UTF8.self) }

    /// Decodes canonical unpadded base64; nil for padding, any other character, an impossible
    /// length or non-zero trailing bits.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(text.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            let value = reverse[Int(c)]
            guard value >= 0 else { return nil }
            acc = acc << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        guard acc == 0 else { return nil }  // non-canonical: the leftover bits must be zero
        return out
    }

    /// Decodes a canonical unpadded base64 string.
    static func decode(_ text: String) -> [UInt8]? { decode(Array(text.utf8)) }
}

/// A buffered byte source: header lines first, then raw payload bytes, from a caller's
/// `(buffer) -> count` reader (0 at the end).
final class AgeInput {
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var buffer = [UInt8]()
    private var position = 0
    private var atEnd = false

    init(source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.source = source }

    /// Reads more bytes into the buffer; false at the end of the input.
    private func refill() throws -> Bool {
        guard !atEnd else { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let old = buffer.count
        buffer += [UInt8](repeating: 0, count: 4096)
        let n = try buffer.withUnsafeMutableBytes { try source(UnsafeMutableRawBufferPointer(rebasing: $0[old...])) }
        buffer.removeLast(4096 - n)
        if n == 0 { atEnd = true }
        return n > 0
    }

    /// The next line without its `\n`; nil when the input ends first. Throws `.malformed` for a
    /// line longer than `maxLength`.
    func readLine(maxLength: Int) throws -> [UInt8]? {
        var scanned = position
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                guard newline - position <= maxLength else { throw CryptoError(.malformed, "an age header line is too long") }
                let line = Array(buffer[position..<newline])
                position = newline + 1
                return line
            }
            guard buffer.count - position <= maxLength else { throw CryptoError(.malformed, "an age header line is too long") }
            scanned = buffer.count - position
            guard try refill() else { return nil }
        }
    }

    /// Fills `out` as far as the input allows; returns the bytes written (fewer only at the end).
    func readFully(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        let buffered = min(buffer.count - position, out.count)
        if buffered > 0 {
            buffer.withUnsafeBytes { b in
                UnsafeMutableRawBufferPointer(rebasing: out[0..<buffered])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: b[position..<(position + buffered)]))
            }
            position += buffered
            filled = buffered
            if position == buffer.count {
                buffer.removeAll()
                position = 0
            }
        }
        while filled < out.count, !atEnd {
            let n = try source(UnsafeMutableRawBufferPointer(rebasing: out[filled...]))
            if n == 0 { atEnd = true } else { filled += n }
        }
        return filled
    }
}
