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

    /// Appends the scalar values of valid UTF-8 `bytes` (no temporary array: a cue's text is
    /// decoded straight into the transcript's stream).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        guard !bytes.isEmpty else { return }
        // Room for the most scalars the bytes can hold, written in place, the rest given back.
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count))
        let written = out.withUnsafeMutableBufferPointer { decode(bytes, to: $0.baseAddress! + start) }
        out.removeLast(bytes.count - written)
    }

    /// Whether `bytes` are well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), checked without making a `String` of them.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII runs, eight bytes at a time where aligned reads allow.
            while i + 8 <= n, UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { k < n && range.contains(bytes[k]) }
            switch b0 {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                let second: ClosedRange<UInt8> = b0 == 0xE0 ? 0xA0...0xBF : b0 == 0xED ? 0x80...0x9F : 0x80...0xBF
                guard continuation(i + 1, second), continuation(i + 2) else { return false }
                i += 3
            case 0xF0...0xF4:
                let second: ClosedRange<UInt8> = b0 == 0xF0 ? 0x90...0xBF : b0 == 0xF4 ? 0x80...0x8F : 0x80...0xBF
                guard continuation(i + 1, second), continuation(i + 2), continuation(i + 3) else { return false }
                i += 4
            default:
                return false
            }
        }
        return true
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
