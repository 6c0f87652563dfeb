public import Foundation
import VaultCrypto

/// One finding of a verification, naming the file it concerns.
public struct BagProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the bag's root.
    public var path: String
    /// What is wrong with it.
    public var message: String

    /// Creates a finding.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// What one read of a bag found: every file's SHA-256 and size, the tag files' bytes, and the
/// BagIt findings (RFC 8493 §3: manifests complete and matching, `Payload-Oxum`).
public struct BagReport: Sendable {
    /// Every regular file: path → (SHA-256 hex, size).
    public var files: [String: (sha256: String, size: Int)] = [:]
    /// The bytes of every tag file (a file outside `data/`).
    public var tagFiles: [String: [UInt8]] = [:]
    /// What does not hold, in the order found.
    public var problems: [BagProblem] = []
    /// The payload files' count.
    public var payloadCount: Int { files.keys.filter { $0.hasPrefix("data/") }.count }
}

/// Checks a BagIt bag as `bagit.py --validate` does (with SHA-256 manifests), reading each file
/// once and handing it to an inspector on the way, so that callers check content in the same
/// pass (memory stays at a block a file plus what the inspector keeps).
public enum BagVerifier {
    /// The largest tag file read (bytes).
    static let tagFileLimit = 64 * 1024 * 1024

    /// Reads the bag at `url` (a directory or a zip file) once and checks its manifests.
    /// `inspect` sees each file first and may read any part of it; the rest is hashed unseen.
    public static func verify(at url: URL, inspect: (String, BagFileInput) throws -> Void = { _, _ in }) throws -> BagReport {
        var report = BagReport()
        var duplicates = [BagProblem]()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        try BagReader.forEachFile(at: url) { path, raw in
            let hasher = SHA256Hasher()
            var size = 0
            let isTag = !path.hasPrefix("data/")
            var tagBytes = [UInt8]()
            let input = BagFileInput(source: { try raw.read(into: $0) }, observe: { bytes in
                hasher.update(bytes)
                size += bytes.count
                if isTag, tagBytes.count <= tagFileLimit { tagBytes += bytes }
            })
            try inspect(path, input)
            while try input.read(into: buffer) > 0 {}
            if report.files[path] != nil { duplicates.append(BagProblem(path: path, message: "appears more than once in the zip file")) }
            report.files[path] = (hasher.finalize().hexString, size)
            if isTag {
                guard tagBytes.count <= tagFileLimit else { throw BundleError(.malformed, "tag file \(path) is larger than \(tagFileLimit) bytes") }
                report.tagFiles[path] = tagBytes
            }
        }
        report.problems = duplicates + checkManifests(report)
        return report
    }

    /// The BagIt findings for files already hashed.
    static func checkManifests(_ report: BagReport) -> [BagProblem] {
        var problems = [BagProblem]()
        if let declaration = report.tagFiles["bagit.txt"] {
            let text = String(decoding: declaration, as: UTF8.self)
            if !text.split(separator: "\n").contains(where: { $0.hasPrefix("BagIt-Version: ") }) {
                problems.append(BagProblem(path: "bagit.txt", message: "has no BagIt-Version line"))
            }
        } else {
            problems.append(BagProblem(path: "bagit.txt", message: "is missing: this is not a BagIt bag"))
        }
        func check(_ manifest: String, scope: (String) -> Bool, requiredListed: [String]) {
            guard let bytes = report.tagFiles[manifest] else {
                problems.append(BagProblem(path: manifest, message: "is missing"))
                return
            }
            let (entries, lineProblems) = BagManifest.parse(bytes, manifest: manifest)
            problems += lineProblems
            var listed = Set<String>()
            for entry in entries {
                listed.insert(entry.path)
                guard let file = report.files[entry.path] else {
                    problems.append(BagProblem(path: entry.path, message: "is listed in \(manifest) but missing"))
                    continue
                }
                if file.sha256 != entry.sha256 {
                    problems.append(BagProblem(path: entry.path, message: "was changed: its SHA-256 \(file.sha256) is not the \(entry.sha256) that \(manifest) lists"))
                }
            }
            for path in report.files.keys.sorted() where scope(path) && !listed.contains(path) {
                problems.append(BagProblem(path: path, message: "is not listed in \(manifest) (added after the bag was made)"))
            }
            for path in requiredListed where !listed.contains(path) && report.files[path] != nil {
                problems.append(BagProblem(path: path, message: "is not listed in \(manifest)"))
            }
        }
        check(BagManifest.payload, scope: { $0.hasPrefix("data/") }, requiredListed: [])
        check(BagManifest.tag, scope: { _ in false }, requiredListed: ["bagit.txt", "bag-info.txt", BagManifest.payload])
        if let info = report.tagFiles["bag-info.txt"],
           let line = String(decoding: info, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Payload-Oxum: ") }) {
            let payload = report.files.filter { $0.key.hasPrefix("data/") }
            let actual = "\(payload.values.reduce(0) { $0 + $1.size }).\(payload.count)"
            let declared = line.dropFirst("Payload-Oxum: ".count).trimmingCharacters(in: .whitespaces)
            if declared != actual {
                problems.append(BagProblem(path: "bag-info.txt", message: "Payload-Oxum \(declared) (bytes.files) does not match the payload's \(actual)"))
            }
        }
        return problems
    }
}
