/// One-shot age encryption and decryption of byte arrays in memory, over ``AgeWriter`` and
/// ``AgeReader``. For files of unbounded size use those streaming types directly.
public enum AgeEncryption {
    /// An age file of `plaintext` for `recipients` (an scrypt recipient must be alone).
    public static func encrypt(_ plaintext: [UInt8], to recipients: [AgeRecipient]) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(plaintext.count + plaintext.count / AgeFormat.chunkByteCount * 16 + 256 + 128 * recipients.count)
        let writer = try AgeWriter(recipients: recipients, sink: { out.append(contentsOf: $0) })
        try writer.write(plaintext)
        try writer.finish()
        return out
    }

    /// An age file of `plaintext` for one recipient.
    public static func encrypt(_ plaintext: [UInt8], to recipient: AgeRecipient) throws -> [UInt8] {
        try encrypt(plaintext, to: [recipient])
    }

    /// The plaintext of a passphrase-encrypted age file; see ``AgeReader`` for the errors.
    public static func decrypt(_ file: [UInt8], passphrase: String, maxWorkFactor: Int = 22) throws -> [UInt8] {
        try readAll(file) { try AgeReader(passphrase: passphrase, maxWorkFactor: maxWorkFactor, source: $0) }
    }

    /// The plaintext of an age file encrypted to `identity`'s public key; see ``AgeReader`` for the errors.
    public static func decrypt(_ file: [UInt8], identity: AgeX25519Identity) throws -> [UInt8] {
        try readAll(file) { try AgeReader(identity: identity, source: $0) }
    }

    /// The plaintext of an age file encrypted to any of `identities`' public keys.
    public static func decrypt(_ file: [UInt8], identities: [AgeX25519Identity]) throws -> [UInt8] {
        try readAll(file) { try AgeReader(identities: identities, source: $0) }
    }

    private static func readAll(
        _ file: [UInt8], open: (@escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws -> AgeReader
    ) throws -> [UInt8] {
        let input = ArrayInput(file)
        let reader = try open(input.read)
        var out = [UInt8]()
        out.reserveCapacity(file.count)
        while let chunk = try reader.next() { out += chunk }
        return out
    }
}

/// Serves an array's bytes to a `(buffer) -> count` reader.
private final class ArrayInput {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        if n > 0 {
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
        }
        offset += n
        return n
    }
}
