internal import CVaultOpenSSL

/// The scrypt password-based key derivation function (RFC 7914), through OpenSSL's EVP_PBE_scrypt.
enum Scrypt {
    /// A 256-bit key from `passphrase` and `salt` at cost N = 2^`logN`, block size `r`, parallelism `p`.
    ///
    /// Needs about 128·r·N bytes of memory (256 MiB at logN 18, r 8); callers bound `logN`.
    static func deriveKey(passphrase: [UInt8], salt: [UInt8], logN: Int, r: Int = 8, p: Int = 1) throws -> SymmetricKey {
        precondition((1...30).contains(logN) && r > 0 && p > 0)
        let n = UInt64(1) << UInt64(logN)
        // OpenSSL refuses to use more than `maxmem` (32 MiB when 0 is passed): allow exactly what
        // these parameters need (V and B, plus the XY scratch space), with a little slack.
        let maxmem = 128 * UInt64(r) * (n + UInt64(p) + 2) + (1 << 20)
        var out = [UInt8](repeating: 0, count: SymmetricKey.byteCount)
        defer { wipe(&out) }
        let ok = passphrase.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    pw.withMemoryRebound(to: CChar.self) { pwChars in
                        EVP_PBE_scrypt(pwChars.baseAddress, pwChars.count, s.baseAddress, s.count, n, UInt64(r), UInt64(p),
                                       maxmem, o.baseAddress, o.count)
                    }
                }
            }
        }
        guard ok == 1 else {
            ERR_clear_error()
            throw CryptoError(.openSSL, "scrypt (N = 2^\(logN)) failed; the system may lack the memory it needs")
        }
        return try SymmetricKey(bytes: out)
    }
}
