internal import CVaultOpenSSL

/// MD5 (OpenSSL), for transport checksums that a protocol demands (S3's `Content-MD5` on writes
/// to Object Lock buckets); never for anything that must resist an adversary.
public enum MD5 {
    /// The 16-byte MD5 of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let ok = EVP_Digest(bytes.baseAddress, bytes.count, &out, &length, EVP_md5(), nil)
        precondition(ok == 1 && length == 16, "OpenSSL MD5 failed")
        return out
    }
}
