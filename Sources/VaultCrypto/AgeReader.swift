internal import CVaultOpenSSL

/// Decrypts an age v1 file (https://age-encryption.org/v1) chunk by chunk, verifying each 64 KiB
/// chunk before returning its plaintext.
///
/// `init` reads the header, unwraps the file key with the passphrase or identities offered, and
/// checks the header MAC, so a wrong key or an altered header is refused before any plaintext
/// appears. Errors: `.wrongKey` (wrong passphrase or identity, or a passphrase offered for a file
/// encrypted to public keys and the reverse), `.malformed` (not a canonical age file, or an scrypt
/// work factor above the limit), `.authenticationFailed` (header MAC or a chunk does not verify:
/// altered bytes, bytes appended, or a cut inside a chunk), `.truncated` (the file ends inside the
/// header, before the payload, or at a chunk boundary before the last chunk). Not `Sendable`.
public final class AgeReader {
    private enum Key {
        case passphrase(String, maxWorkFactor: Int)
        case identities([AgeX25519Identity])
    }

    private let input: AgeInput
    private let cipher: AEADCipher
    private var block: [UInt8]
    private var plaintext: [UInt8]
    private var blocks = SegmentBlockReader()
    private var chunkIndex: UInt64 = 0
    private var done = false

    /// Opens a passphrase-encrypted (scrypt) file. `source` fills the buffer it is given with up to
    /// its size and returns how many bytes it wrote, 0 at the end.
    ///
    /// Files whose scrypt work factor exceeds `maxWorkFactor` (1...30; default 22, as age) are
    /// refused with `.malformed` before any work is done: each step doubles time and memory.
    public convenience init(passphrase: String, maxWorkFactor: Int = 22,
                            source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        precondition((1...30).contains(maxWorkFactor), "the scrypt work factor limit must be 1...30")
        try self.init(key: .passphrase(passphrase, maxWorkFactor: maxWorkFactor), source: source)
    }

    /// Opens a file encrypted to `identity`'s public key; see ``init(passphrase:maxWorkFactor:source:)`` for `source`.
    public convenience init(identity: AgeX25519Identity, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        try self.init(key: .identities([identity]), source: source)
    }

    /// Opens a file encrypted to any of `identities`' public keys.
    public convenience init(identities: [AgeX25519Identity], source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        precondition(!identities.isEmpty, "at least one identity is needed")
        try self.init(key: .identities(identities), source: source)
    }

    private init(key: Key, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        let input = AgeInput(source: source)
        self.input = input
        let header = try AgeHeader(reading: input)
        var fileKey = try Self.unwrapFileKey(header.stanzas, with: key)
        defer { wipe(&fileKey) }
        let mac = try AgeFormat.headerMAC(fileKey: fileKey, headerText: header.macInput)
        guard CRYPTO_memcmp(mac, header.mac, mac.count) == 0 else {
            throw CryptoError(.authenticationFailed, "the age header MAC does not verify: the header was altered")
        }
        var nonce = [UInt8](repeating: 0, count: AgeFormat.payloadNonceByteCount)
        let got = try nonce.withUnsafeMutableBytes { try input.readFully(into: $0) }
        guard got == nonce.count else { throw CryptoError(.truncated, "the age file ends before its payload") }
        cipher = try AEADCipher(.chaCha20Poly1305, key: AgeFormat.payloadKey(fileKey: fileKey, nonce: nonce), direction: .open)
        block = [UInt8](repeating: 0, count: AgeFormat.chunkByteCount + AEADCipher.tagByteCount)
        plaintext = [UInt8](repeating: 0, count: AgeFormat.chunkByteCount)
    }

    deinit { wipe(&plaintext) }

    /// The next chunk's verified plaintext (at most 64 KiB), or nil
    /// after the last chunk.
    public func next() throws -> ArraySlice<UInt8>? {
        guard !done else { return nil }
        let input = self.input
        let (filled, isLast) = try block.withUnsafeMutableBytes { try blocks.read(into: $0) { try input.readFully(into: $0) } }
        guard filled >= AEADCipher.tagByteCount else {
            throw CryptoError(.truncated, filled == 0 ? "the age payload is missing" : "the age payload ends inside chunk \(chunkIndex)")
        }
        let count = filled - AEADCipher.tagByteCount
        do {
            try open(filled, isLast: isLast)
        } catch let error as CryptoError where error.code == .authenticationFailed && isLast && count == AgeFormat.chunkByteCount {
            // A full chunk that verifies as a non-last one means the file was cut after it.
            if (try? open(filled, isLast: false)) != nil {
                throw CryptoError(.truncated, "the age file is truncated after payload chunk \(chunkIndex)")
            }
            throw CryptoError(.authenticationFailed, "age payload chunk \(chunkIndex) fails authentication: the file was altered")
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw CryptoError(.authenticationFailed,
                              "age payload chunk \(chunkIndex) fails authentication: the file was altered, extended or truncated")
        }
        if isLast, count == 0, chunkIndex > 0 {
            throw CryptoError(.malformed, "the age payload ends with an empty chunk, which the format forbids")
        }
        chunkIndex += 1
        if isLast { done = true }
        return plaintext[0..<count]
    }

    private func open(_ filled: Int, isLast: Bool) throws {
        let nonce = AgeFormat.chunkNonce(chunkIndex, isLast: isLast)
        try nonce.withUnsafeBytes { n in
            try block.withUnsafeBytes { c in
                try plaintext.withUnsafeMutableBytes { o in
                    try cipher.open(nonce: n, ciphertextAndTag: UnsafeRawBufferPointer(rebasing: c[0..<filled]), into: o)
                }
            }
        }
    }

    /// The 16-byte file key from the stanza that `key` opens. Callers wipe it.
    private static func unwrapFileKey(_ stanzas: [AgeStanza], with key: Key) throws -> [UInt8] {
        let isScrypt = stanzas.contains { $0.type == "scrypt" }
        if isScrypt, stanzas.count != 1 {
            throw CryptoError(.malformed, "an age scrypt stanza must be the file's only recipient stanza")
        }
        switch key {
        case let .passphrase(passphrase, maxWorkFactor):
            guard isScrypt else {
                throw CryptoError(.wrongKey, "this age file is not passphrase-encrypted: it is encrypted to public keys, and needs an identity")
            }
            return try unwrapScrypt(stanzas[0], passphrase: passphrase, maxWorkFactor: maxWorkFactor)

        case let .identities(identities):
            guard !isScrypt else {
                throw CryptoError(.wrongKey, "this age file is passphrase-encrypted: it needs its passphrase, not an identity")
            }
            for stanza in stanzas where stanza.type == "X25519" {
                guard stanza.arguments.count == 1, let share = AgeBase64.decode(stanza.arguments[0]),
                      share.count == X25519PrivateKey.byteCount, stanza.body.count == AgeFormat.wrappedFileKeyByteCount else {
                    throw CryptoError(.malformed, "invalid X25519 stanza in the age header")
                }
                for identity in identities {
                    var secret = try identity.sharedSecret(with: share)
                    defer { wipe(&secret) }
                    let wrapKey = try HKDFSHA256.deriveKey(inputKeyMaterial: secret, salt: share + identity.publicKey.rawRepresentation,
                                                           info: AgeFormat.x25519Label)
                    do {
                        return try ChaCha20Poly1305.open(stanza.body, key: wrapKey, nonce: AgeFormat.zeroNonce)
                    } catch let error as CryptoError where error.code == .authenticationFailed {
                        continue  // this stanza is for another recipient
                    }
                }
            }
            throw CryptoError(.wrongKey, "no identity offered matches a recipient of this age file")
        }
    }

    private static func unwrapScrypt(_ stanza: AgeStanza, passphrase: String, maxWorkFactor: Int) throws -> [UInt8] {
        guard stanza.arguments.count == 2, let salt = AgeBase64.decode(stanza.arguments[0]),
              salt.count == AgeFormat.scryptSaltByteCount, stanza.body.count == AgeFormat.wrappedFileKeyByteCount else {
            throw CryptoError(.malformed, "invalid scrypt stanza in the age header")
        }
        // A decimal without sign or leading zeros, as the spec writes it.
        let text = Array(stanza.arguments[1].utf8)
        guard (1...2).contains(text.count), text.allSatisfy({ (48...57).contains($0) }), text[0] != 48,
              let logN = Int(stanza.arguments[1]) else {
            throw CryptoError(.malformed, "invalid scrypt work factor in the age header")
        }
        guard logN <= maxWorkFactor else {
            throw CryptoError(.malformed, "the age file's scrypt work factor \(logN) is above the accepted limit \(maxWorkFactor); refused to bound the work")
        }
        var password = Array(passphrase.utf8)
        defer { wipe(&password) }
        let key = try Scrypt.deriveKey(passphrase: password, salt: AgeFormat.scryptLabel + salt, logN: logN)
        do {
            return try ChaCha20Poly1305.open(stanza.body, key: key, nonce: AgeFormat.zeroNonce)
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw CryptoError(.wrongKey, "wrong passphrase for this age file")
        }
    }
}
