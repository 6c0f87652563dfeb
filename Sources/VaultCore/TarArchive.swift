import Foundation

/// The POSIX ustar format, as far as a key-store backup needs it: regular files and
/// directories with their modes, read and written in memory-bounded pieces.
enum TarArchive {
    /// One member.
    struct Member {
        var path: String
        var mode: Int
        var isDirectory: Bool
        var contents: [UInt8]
    }

    /// The archive bytes of `members`, followed by the two zero blocks that end an archive.
    static func write(_ members: [Member], into sink: ([UInt8]) throws -> Void) throws {
        for member in members {
            try sink(header(for: member))
            if !member.isDirectory {
                try sink(member.contents)
                let pad = (512 - member.contents.count % 512) % 512
                if pad > 0 { try sink([UInt8](repeating: 0, count: pad)) }
            }
        }
        try sink([UInt8](repeating: 0, count: 1024))
    }

    private static func header(for member: Member) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (i, byte) in text.utf8.prefix(width).enumerated() { h[offset + i] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count)) + String(value, radix: 8), at: offset, width: width - 1)
        }
        let name = member.isDirectory ? member.path + "/" : member.path
        precondition(name.utf8.count <= 100, "tar member names here are short")
        put(name, at: 0, width: 100)
        octal(member.mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(member.isDirectory ? 0 : member.contents.count, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        h[156] = member.isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for i in 148..<156 { h[i] = 0x20 }
        let sum = h.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        h[155] = 0x20
        return h
    }

    /// The members of an archive held in memory. Throws on a malformed header.
    static func read(_ bytes: [UInt8]) throws -> [Member] {
        var members = [Member]()
        var offset = 0
        func field(_ at: Int, _ width: Int) -> String {
            String(decoding: bytes[(offset + at)..<(offset + at + width)].prefix { $0 != 0 }, as: UTF8.self)
        }
        while offset + 512 <= bytes.count {
            if bytes[offset..<(offset + 512)].allSatisfy({ $0 == 0 }) { break }
            let name = field(0, 100)
            guard let mode = Int(field(100, 8).trimmingCharacters(in: .whitespaces), radix: 8),
                  let size = Int(field(124, 12).trimmingCharacters(in: .whitespaces), radix: 8),
                  !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."),
                  offset + 512 + size <= bytes.count else {
                throw VaultError(.refused, "the backup's archive is damaged or holds an unsafe path")
            }
            let isDirectory = bytes[offset + 156] == UInt8(ascii: "5")
            let start = offset + 512
            members.append(Member(path: isDirectory ? String(name.dropLast(name.hasSuffix("/") ? 1 : 0)) : name, mode: mode,
                                  isDirectory: isDirectory, contents: isDirectory ? [] : Array(bytes[start..<(start + size)])))
            offset = start + (size + 511) / 512 * 512
        }
        return members
    }
}
