/// Encrypts a byte stream into an age v1 file (https://age-encryption.org/v1), chunk by chunk.
///
/// The header (one stanza per recipient, then the MAC line) and the 16-byte payload nonce go to
/// `sink` in `init`; plaintext is sealed in 64 KiB ChaCha20-Poly1305 chunks as it arrives, so memory
/// stays at one chunk whatever the length. The result decrypts with `age -d` (`-i identity.txt`
/// for X25519 recipients; the passphrase for scrypt). Not `Sendable`.
public final class AgeWriter {
    private let cipher: AEADCipher
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var buffer: [UInt8]
    private var buffered = 0
    private var output: [UInt8]
    private var chunkIndex: UInt64 = 0
    private var finished = false
    /// The encrypted bytes handed to the sink so far, header included.
    public private(set) var encryptedByteCount = 0

    /// Starts an age file for `recipients` and writes its header and payload nonce to `sink`.
    ///
    /// Throws `.malformed` for no recipients, an scrypt recipient that is not alone, an empty
    /// passphrase or a work factor outside 1...22, or a low-order X25519 public key.
    public init(recipients: [AgeRecipient], sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !recipients.isEmpty else { throw CryptoError(.malformed, "an age file needs at least one recipient") }
        if recipients.count > 1, recipients.contains(where: { if case .scrypt = $0 { true } else { false } }) {
            throw CryptoError(.malformed, "a passphrase (scrypt) recipient must be the only recipient of an age file")
        }
        guard recipients.count <= AgeFormat.maxStanzaCount else {
            throw CryptoError(.malformed, "age readers refuse more than \(AgeFormat.maxStanzaCount) recipients")
        }
        var fileKey = try SecureRandom.bytes(AgeFormat.fileKeyByteCount)
        defer { wipe(&fileKey) }
        let stanzas = try recipients.map { try Self.stanza(wrapping: fileKey, for: $0) }
        let header = try AgeHeader.encode(stanzas: stanzas, fileKey: fileKey)
        let nonce = try SecureRandom.bytes(AgeFormat.payloadNonceByteCount)
        cipher = try AEADCipher(.chaCha20Poly1305, key: AgeFormat.payloadKey(fileKey: fileKey, nonce: nonce), direction: .seal)
        self.sink = sink
        buffer = [UInt8](repeating: 0, count: AgeFormat.chunkByteCount)
        output = [UInt8](repeating: 0, count: AgeFormat.chunkByteCount + AEADCipher.tagByteCount)
        try emit(header)
        try emit(nonce)
    }

    /// Starts an age file for one recipient; see ``init(recipients:sink:)``.
    public convenience init(recipient: AgeRecipient, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        try self.init(recipients: [recipient], sink: sink)
    }

    deinit {
        wipe(&buffer)  // plaintext (the buffer keeps its full size, so this covers every byte it held)
    }

    /// Adds plaintext bytes; full chunks are sealed and passed on.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after finish")
        var offset = 0
        while offset < bytes.count {
            if buffered == AgeFormat.chunkByteCount {
                // A full chunk is sealed only once more data shows it is not the last one.
                try sealBuffer(isLast: false)
            }
            let take = min(AgeFormat.chunkByteCount - buffered, bytes.count - offset)
            buffer.withUnsafeMutableBytes { b in
                UnsafeMutableRawBufferPointer(rebasing: b[buffered..<(buffered + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            }
            buffered += take
            offset += take
        }
    }

    /// Adds plaintext bytes.
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    /// Seals the last chunk (empty only when nothing was written). The file is complete afterwards.
    public func finish() throws {
        precondition(!finished, "finish called twice")
        try sealBuffer(isLast: true)
        finished = true
    }

    private func sealBuffer(isLast: Bool) throws {
        let nonce = AgeFormat.chunkNonce(chunkIndex, isLast: isLast)
        let sealedCount = buffered + AEADCipher.tagByteCount
        try nonce.withUnsafeBytes { n in
            try buffer.withUnsafeBytes { p in
                try output.withUnsafeMutableBytes { o in
                    try cipher.seal(nonce: n, plaintext: UnsafeRawBufferPointer(rebasing: p[0..<buffered]), into: o)
                }
            }
        }
        try output.withUnsafeBytes { try emitRaw(UnsafeRawBufferPointer(rebasing: $0[0..<sealedCount])) }
        buffered = 0
        chunkIndex += 1
    }

    private func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emitRaw($0) } }

    private func emitRaw(_ bytes: UnsafeRawBufferPointer) throws {
        try sink(bytes)
        encryptedByteCount += bytes.count
    }

    /// The stanza that wraps `fileKey` for `recipient`.
    private static func stanza(wrapping fileKey: [UInt8], for recipient: AgeRecipient) throws -> AgeStanza {
        switch recipient {
        case let .scrypt(passphrase, workFactor):
            guard !passphrase.isEmpty else { throw CryptoError(.malformed, "an age passphrase must not be empty") }
            guard (1...AgeFormat.maxScryptWorkFactor).contains(workFactor) else {
                throw CryptoError(.malformed, "the scrypt work factor must be 1...\(AgeFormat.maxScryptWorkFactor) (age refuses higher ones), not \(workFactor)")
            }
            let salt = try SecureRandom.bytes(AgeFormat.scryptSaltByteCount)
            var password = Array(passphrase.utf8)
            defer { wipe(&password) }
            let key = try Scrypt.deriveKey(passphrase: password, salt: AgeFormat.scryptLabel + salt, logN: workFactor)
            let body = try ChaCha20Poly1305.seal(fileKey, key: key, nonce: AgeFormat.zeroNonce)
            return AgeStanza(type: "scrypt", arguments: [AgeBase64.encodeString(salt), String(workFactor)], body: body)

        case let .x25519(publicKey):
            let ephemeral = try X25519PrivateKey.generate()
            var secret = try ephemeral.sharedSecret(with: publicKey.rawRepresentation)
            defer { wipe(&secret) }
            let wrapKey = try HKDFSHA256.deriveKey(inputKeyMaterial: secret, salt: ephemeral.publicKey + publicKey.rawRepresentation,
                                                   info: AgeFormat.x25519Label)
            let body = try ChaCha20Poly1305.seal(fileKey, key: wrapKey, nonce: AgeFormat.zeroNonce)
            return AgeStanza(type: "X25519", arguments: [AgeBase64.encodeString(ephemeral.publicKey)], body: body)
        }
    }
}
