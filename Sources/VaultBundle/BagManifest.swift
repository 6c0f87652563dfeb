/// BagIt manifest lines (RFC 8493 §2.1.3, §2.2.1): `<checksum> <path>`, one a line, paths
/// relative to the bag with `%`, CR and LF percent-encoded.
public enum BagManifest {
    /// The payload manifest's name.
    public static let payload = "manifest-sha256.txt"
    /// The tag manifest's name.
    public static let tag = "tagmanifest-sha256.txt"

    /// One line: checksum, two spaces, encoded path, LF (as bagit-python writes them).
    static func line(sha256: String, path: String) -> String { "\(sha256)  \(encode(path))\n" }

    /// The path with `%`, CR and LF percent-encoded.
    static func encode(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The path with `%0A`, `%0D` and `%25` decoded (case-insensitive).
    static func decode(_ path: String) -> String {
        var out = ""
        var rest = Substring(path)
        while let index = rest.firstIndex(of: "%") {
            out += rest[..<index]
            let code = rest[index...].prefix(3).uppercased()
            switch code {
            case "%0A": out += "\n"
            case "%0D": out += "\r"
            case "%25": out += "%"
            default: out += code.count == 3 ? String(rest[index...].prefix(3)) : String(rest[index...])
            }
            rest = rest[index...].dropFirst(3)
        }
        return out + rest
    }

    /// Parses a manifest: (path, lower-case checksum) pairs in order. A line that is not a
    /// checksum and a path is returned as a problem naming `manifest`.
    static func parse(_ bytes: [UInt8], manifest: String) -> (entries: [(path: String, sha256: String)], problems: [BagProblem]) {
        var entries = [(path: String, sha256: String)]()
        var problems = [BagProblem]()
        for (number, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                problems.append(BagProblem(path: manifest, message: "line \(number + 1) is not '<checksum> <path>'"))
                continue
            }
            let sum = text[..<space].lowercased()
            let path = text[space...].drop(while: { $0 == " " || $0 == "\t" })
            guard sum.count == 64, sum.allSatisfy(\.isHexDigit), !path.isEmpty else {
                problems.append(BagProblem(path: manifest, message: "line \(number + 1) is not a SHA-256 checksum and a path"))
                continue
            }
            entries.append((decode(String(path)), sum))
        }
        return (entries, problems)
    }

    /// Whether `path` is a safe relative path inside a bag: no leading `/`, no empty, `.` or
    /// `..` component, no backslash.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
