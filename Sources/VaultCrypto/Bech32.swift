/// Bech32 (BIP 173, the original checksum constant 1, not Bech32m) as age uses it for
/// `age1…` recipients and `AGE-SECRET-KEY-1…` identities. Unlike BIP 173 there is no 90-character
/// limit (age drops it too); mixed case is refused.
enum Bech32 {
    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, c) in charset.enumerated() { table[Int(c)] = Int8(index) }
        return table
    }()

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    private static func hrpExpand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Regroups bits; when decoding (`pad` false) refuses more than 4 bits of padding or non-zero padding.
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var acc: UInt32 = 0
        var bits = 0
        var out = [UInt8]()
        out.reserveCapacity(data.count * from / to + 1)
        let maxValue: UInt32 = (1 << UInt32(to)) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            acc = acc << UInt32(from) | UInt32(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> UInt32(bits)) & maxValue))
            }
            acc &= (1 << UInt32(bits)) - 1
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << UInt32(to - bits)) & maxValue)) }
        } else if bits >= from || (acc << UInt32(to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }

    /// Encodes `data` under `hrp` (all lower or all upper case; the result takes the same case).
    static func encode(hrp: String, data: [UInt8]) -> String {
        let upper = hrp.uppercased() == hrp && hrp.lowercased() != hrp
        let lowerHRP = Array(hrp.lowercased().utf8)
        precondition(!lowerHRP.isEmpty && lowerHRP.allSatisfy { (33...126).contains($0) }, "invalid bech32 HRP")
        let values = convertBits(data, from: 8, to: 5, pad: true)!
        let mod = polymod(hrpExpand(lowerHRP) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        let checksum = (0..<6).map { UInt8((mod >> UInt32(5 * (5 - $0))) & 31) }
        let text = String(decoding: lowerHRP + [UInt8(ascii: "1")] + (values + checksum).map { charset[Int($0)] }, as: UTF8.self)
        return upper ? text.uppercased() : text
    }

    /// Decodes a Bech32 string into its HRP (in the string's case) and data bytes; nil when the
    /// string is not valid Bech32 (mixed case, bad character, bad checksum, bad padding).
    static func decode(_ string: String) -> (hrp: String, data: [UInt8])? {
        let bytes = Array(string.utf8)
        let hasLower = bytes.contains { (97...122).contains($0) }
        let hasUpper = bytes.contains { (65...90).contains($0) }
        guard !(hasLower && hasUpper), let separator = bytes.lastIndex(of: UInt8(ascii: "1")),
              separator >= 1, separator + 7 <= bytes.count else { return nil }
        let hrp = Array(bytes[..<separator])
        guard hrp.allSatisfy({ (33...126).contains($0) }) else { return nil }
        let lowerHRP = hrp.map { (65...90).contains($0) ? $0 + 32 : $0 }
        var values = [UInt8]()
        values.reserveCapacity(bytes.count - separator - 1)
        for c in bytes[(separator + 1)...] {
            let lower = (65...90).contains(c) ? c + 32 : c
            guard lower < 128, reverse[Int(lower)] >= 0 else { return nil }
            values.append(UInt8(reverse[Int(lower)]))
        }
        guard polymod(hrpExpand(lowerHRP) + values) == 1,
              let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else { return nil }
        return (String(decoding: hrp, as: UTF8.self), data)
    }
}
