internal import CVaultOpenSSL

/// HKDF-SHA256 (RFC 5869), extract then expand, through OpenSSL's EVP_KDF "HKDF".
enum HKDFSHA256 {
    /// `outputByteCount` bytes derived from `inputKeyMaterial` (not empty), `salt` (may be empty:
    /// HashLen zero bytes) and `info`. Callers wipe the result when it is secret.
    static func deriveBytes(inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int) throws -> [UInt8] {
        precondition(!inputKeyMaterial.isEmpty && outputByteCount > 0 && outputByteCount <= 255 * 32)
        var out = [UInt8](repeating: 0, count: outputByteCount)
        let ok = inputKeyMaterial.withUnsafeBufferPointer { ikm in
            salt.withUnsafeBufferPointer { s in
                info.withUnsafeBufferPointer { i in
                    out.withUnsafeMutableBufferPointer { o in
                        cvault_hkdf_sha256(ikm.baseAddress, ikm.count, s.baseAddress, s.count, i.baseAddress, i.count,
                                           o.baseAddress, o.count)
                    }
                }
            }
        }
        guard ok == 1 else {
            ERR_clear_error()
            throw CryptoError(.openSSL, "HKDF-SHA256 derivation failed")
        }
        return out
    }

    /// A 256-bit key derived as in ``deriveBytes(inputKeyMaterial:salt:info:outputByteCount:)``.
    static func deriveKey(inputKeyMaterial: [UInt8], salt: [UInt8], info: [UInt8]) throws -> SymmetricKey {
        var bytes = try deriveBytes(inputKeyMaterial: inputKeyMaterial, salt: salt, info: info, outputByteCount: SymmetricKey.byteCount)
        defer { wipe(&bytes) }
        return try SymmetricKey(bytes: bytes)
    }
}
