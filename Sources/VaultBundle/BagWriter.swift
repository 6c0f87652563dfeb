public import Foundation
import VaultCrypto

/// Writes a BagIt bag (RFC 8493, version 1.0) file by file, in one pass: each payload file is
/// streamed through SHA-256 as it is written, so memory holds one manifest line a file, never a
/// file. `finish` adds `bagit.txt`, `bag-info.txt` (with `Payload-Oxum`), `manifest-sha256.txt`,
/// `tagmanifest-sha256.txt` and `tagmanifest-sha256.txt.sig`: a raw signature over the tag
/// manifest (which covers the payload manifest, which covers every payload byte).
///
/// The destination is a directory, or a zip file when its name ends in `.zip`; either way
/// nothing appears there until ``finish(bagInfo:sign:)`` has written everything, and an
/// unfinished writer leaves nothing behind (see `DirectoryBagStorage`, `ZipBagStorage`).
/// Not `Sendable`; one thread writes a bag.
public final class BagWriter {
    /// Where the bag appears; nil when it streams as a zip to a caller's sink.
    public let destination: URL?
    /// Whether it is written as a zip file.
    public let isZip: Bool
    private let storage: any BagStorage
    private var manifest: [UInt8] = []
    private var payloadPaths: Set<String> = []
    private var payloadBytes = 0
    private var finished = false

    /// Starts a bag for `destination`, which must not exist (`BundleError.exists`) and whose
    /// parent directory must. `date` is the zip entries' modification time (directories get the
    /// file system's).
    public init(destination: URL, date: Date) throws {
        self.destination = destination
        isZip = destination.pathExtension.lowercased() == "zip"
        var isDirectory: ObjCBool = false
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw BundleError(.exists, "\(destination.path) already exists; a bundle never overwrites anything")
        }
        guard FileManager.default.fileExists(atPath: destination.deletingLastPathComponent().path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw BundleError(.notFound, "the directory \(destination.deletingLastPathComponent().path) does not exist")
        }
        storage = isZip ? try ZipBagStorage(destination: destination, date: date) : try DirectoryBagStorage(destination: destination)
    }

    /// Starts a bag streamed as a zip file to `sink` (for an HTTP response), its files under
    /// the folder `name`. The zip is complete only once ``finish(bagInfo:sign:)`` returned; a
    /// sink that throws stops the bag with its error.
    public init(zipStreamNamed name: String, date: Date, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        guard BagManifest.isSafe(name), !name.contains("/") else { throw BundleError(.malformed, "\(name) is not a plain folder name") }
        destination = nil
        isZip = true
        storage = try ZipBagStorage(rootName: name, date: date, sink: sink)
    }

    /// One payload file being written: bytes written to it are hashed on the way.
    public final class FileOutput {
        fileprivate let storage: any BagStorage
        fileprivate let hasher = SHA256Hasher()
        /// Bytes written so far.
        public fileprivate(set) var byteCount = 0

        fileprivate init(storage: any BagStorage) { self.storage = storage }

        /// Appends bytes to the file.
        public func write(_ bytes: UnsafeRawBufferPointer) throws {
            hasher.update(bytes)
            byteCount += bytes.count
            try storage.write(bytes)
        }

        /// Appends bytes to the file.
        public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
    }

    /// Adds the payload file `path` (under `data/`), its bytes written by `body`; returns its
    /// SHA-256 (hex) and size.
    @discardableResult
    public func addPayloadFile(_ path: String, _ body: (FileOutput) throws -> Void) throws -> (sha256: String, size: Int) {
        precondition(!finished, "the bag is finished")
        guard path.hasPrefix("data/"), BagManifest.isSafe(path), payloadPaths.insert(path).inserted else {
            throw BundleError(.malformed, "\(path) is not a new payload path under data/")
        }
        try storage.beginFile(path)
        let output = FileOutput(storage: storage)
        try body(output)
        try storage.endFile()
        let sha = output.hasher.finalize().hexString
        manifest += Array(BagManifest.line(sha256: sha, path: path).utf8)
        payloadBytes += output.byteCount
        return (sha, output.byteCount)
    }

    /// Adds the payload file `path` (under `data/`) with `bytes`.
    @discardableResult
    public func addPayloadFile(_ path: String, bytes: [UInt8]) throws -> (sha256: String, size: Int) {
        try addPayloadFile(path) { try $0.write(bytes) }
    }

    /// Writes the tag files, signs the tag manifest with `sign` (which returns a raw signature
    /// over the bytes it is given) and makes the bag appear at its destination.
    ///
    /// `bagInfo` are `bag-info.txt` fields in order (labels and values on one line each);
    /// `Payload-Oxum` is added.
    public func finish(bagInfo: [(label: String, value: String)], sign: ([UInt8]) throws -> [UInt8]) throws {
        precondition(!finished, "finish called twice")
        finished = true
        var tagManifest: [UInt8] = []
        func addTagFile(_ name: String, _ bytes: [UInt8], listed: Bool = true) throws {
            try storage.beginFile(name)
            try bytes.withUnsafeBytes { try storage.write($0) }
            try storage.endFile()
            if listed { tagManifest += Array(BagManifest.line(sha256: SHA256Hasher.hash(bytes).hexString, path: name).utf8) }
        }
        try addTagFile("bagit.txt", Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8))
        var info = bagInfo.map { "\($0.label): \($0.value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))\n" }
        info.append("Payload-Oxum: \(payloadBytes).\(payloadPaths.count)\n")
        try addTagFile("bag-info.txt", Array(info.joined().utf8))
        try addTagFile(BagManifest.payload, manifest)
        try addTagFile(BagManifest.tag, tagManifest, listed: false)
        try addTagFile(BagManifest.tag + ".sig", try sign(tagManifest), listed: false)
        try storage.commit()
    }
}
