internal import CVaultOpenSSL

/// Incremental SHA-256 (OpenSSL EVP). Owns its digest context; not `Sendable`.
public final class SHA256Hasher {
    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not initialise SHA-256")  // only on allocation failure
        }
        context = ctx
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let ok = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        precondition(ok == 1, "OpenSSL SHA-256 update failed")
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Starts a new digest on the same context (cheaper than a new hasher in hot loops).
    public func reset() {
        let ok = EVP_DigestInit_ex2(context, nil, nil)
        precondition(ok == 1, "OpenSSL SHA-256 reset failed")
    }

    /// Ends the digest and returns the 32-byte hash. Call ``reset()`` before reusing the hasher.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = EVP_DigestFinal_ex(context, &out, &length)
        precondition(ok == 1 && length == 32, "OpenSSL SHA-256 final failed")
        return out
    }

    /// The SHA-256 of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal, two characters a byte.
    public var hexString: String {
        // Written in place (a pseudonym per consent check makes this a hot path).
        String(unsafeUninitializedCapacity: count * 2) { out in
            func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
            for (index, byte) in enumerated() {
                out[2 * index] = digit(byte >> 4)
                out[2 * index + 1] = digit(byte & 0x0f)
            }
            return count * 2
        }
    }

    /// Decodes lower- or upper-case hexadecimal; nil when the text is not hex of even length.
    public init?(hexString: String) {
        let chars = Array(hexString.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self = out
    }
}
