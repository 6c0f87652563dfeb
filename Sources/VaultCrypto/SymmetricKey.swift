internal import CVaultOpenSSL
import Foundation

/// 256 bits of secret key material, wiped from memory when the last reference goes.
///
/// `Sendable`: the bytes are written once in `init` and only read afterwards.
public final class SymmetricKey: @unchecked Sendable {
    /// The key length in bytes (AES-256).
    public static let byteCount = 32
    private let storage: UnsafeMutableRawBufferPointer

    /// Wraps existing key bytes (exactly 32).
    public init(bytes: some Collection<UInt8>) throws {
        guard bytes.count == Self.byteCount else {
            throw CryptoError(.malformed, "a key must be \(Self.byteCount) bytes, not \(bytes.count)")
        }
        storage = .allocate(byteCount: Self.byteCount, alignment: 16)
        storage.copyBytes(from: bytes)
    }

    /// A fresh random key.
    public static func random() throws -> SymmetricKey {
        var bytes = try SecureRandom.bytes(byteCount)
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return try SymmetricKey(bytes: bytes)
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Calls `body` with the raw key bytes; they must not escape it.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// A copy of the key bytes, for writing a key file. Callers wipe it when done.
    public func exportBytes() -> [UInt8] { Array(storage) }
}
