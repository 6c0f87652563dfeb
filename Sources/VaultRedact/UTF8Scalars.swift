/// Decoding and encoding between UTF-8 bytes and Unicode scalar values without a `String` or
/// `Character` in between (the redactor works on scalars; grapheme breaking is not needed and costs).
enum UTF8Scalars {
    /// Writes the scalar values of `bytes`, which must be valid UTF-8 (checked by the caller), to
    /// `out` (room for `bytes.count` values) and returns how many it wrote.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt32>) -> Int {
        let n = bytes.count
        var i = 0, o = 0
        while i < n {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 { out[o] = b0; i += 1 }
            else if b0 < 0xE0 { out[o] = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2 }
            else if b0 < 0xF0 {
                out[o] = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
            } else {
                out[o] = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                i += 4
            }
            o += 1
        }
        return o
    }

    /// Appends the scalar values of valid UTF-8 `bytes`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        guard !bytes.isEmpty else { return }
        out += [UInt32](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = decode(bytes, to: buffer.baseAddress!)
        }
    }

    /// The scalar values of a valid UTF-8 slice.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        bytes.withUnsafeBufferPointer { b in
            [UInt32](unsafeUninitializedCapacity: b.count) { buffer, count in count = b.isEmpty ? 0 : decode(b, to: buffer.baseAddress!) }
        }
    }

    /// The scalar values of a string.
    static func decode(_ text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { b in
            [UInt32](unsafeUninitializedCapacity: b.count) { buffer, count in count = b.isEmpty ? 0 : decode(b, to: buffer.baseAddress!) }
        }
    }

    /// Appends the UTF-8 encoding of `scalars`.
    static func encode<C: Collection<UInt32>>(_ scalars: C, into bytes: inout [UInt8]) {
        for v in scalars {
            if v < 0x80 { bytes.append(UInt8(v)) }
            else if v < 0x800 { bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F)) }
            else if v < 0x10000 {
                bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | (v >> 6) & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
            } else {
                bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | (v >> 12) & 0x3F))
                bytes.append(UInt8(0x80 | (v >> 6) & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
            }
        }
    }
}
