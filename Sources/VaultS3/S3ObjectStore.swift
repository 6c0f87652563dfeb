public import Foundation
public import VaultStore
import VaultCrypto

/// Sealed objects in an S3 bucket with Object Lock. An object is written to the local spool
/// first (as with a directory), then uploaded in one step: one PUT up to `partSize`, a multipart
/// upload beyond it (read from the spool a part at a time, so memory stays bounded). Each version
/// is locked in COMPLIANCE mode until the recording's minimum retention ends, and read back with
/// HEAD before `place` returns, so the catalog never commits an object that is not locked.
///
/// A version still locked cannot be deleted by anyone: `remove` then hides it under a delete
/// marker and reports ``ObjectRemoval/retained(until:)``; what stays is ciphertext whose data key
/// the vault has destroyed. Reads fetch `readChunk` bytes at a time, pinned to the version the
/// first read saw.
public struct S3ObjectStore: ObjectStore {
    /// The bucket's client.
    public let client: S3Client
    /// Where objects are written before they are uploaded.
    public let spool: PartialSpool
    /// Objects above this size go up as a multipart upload of parts this size (S3's minimum is 5 MiB).
    public let partSize: Int
    /// Bytes fetched per ranged GET.
    public let readChunk: Int

    /// A store in `client`'s bucket spooling in `spoolDirectory`.
    public init(client: S3Client, spoolDirectory: URL, partSize: Int = 8 << 20, readChunk: Int = 4 << 20) {
        self.client = client
        self.spool = PartialSpool(directory: spoolDirectory)
        self.partSize = max(partSize, 5 << 20)
        self.readChunk = readChunk
    }

    /// The bucket's location.
    public var description: String { client.location.description }

    /// Creates the spool and the bucket (with Object Lock) when it is missing; refuses a bucket
    /// without Object Lock, which could not keep the vault's objects write-once.
    public func create() throws {
        try spool.create()
        do {
            guard try client.bucketHasObjectLock() else {
                throw S3Error(.configuration, "the bucket \(client.location.bucket) exists without Object Lock; a vault needs a bucket created with Object Lock enabled")
            }
        } catch let error as S3Error where error.code == .notFound {
            try client.createBucket(objectLock: true)
        }
    }

    /// Starts writing the object to the spool.
    public func createPartial(forRelativePath relativePath: String) throws -> PartialObject {
        try spool.createPartial(forRelativePath: relativePath)
    }

    /// Uploads the partial object, locks it until `retainUntil` (when that is still ahead), checks the stored version with
    /// HEAD (size, lock mode and date), then deletes the partial file.
    public func place(_ partial: PartialObject, at relativePath: String, retainUntil: Date?) throws {
        try partial.finishWriting()
        let size = partial.byteCount
        // S3 refuses a retain-until date in the past (an old call ingested late): such an object's
        // minimum retention is over, so it goes up unlocked. S3 judges by its own clock: so does this.
        let lock = retainUntil.flatMap { $0 > Date() ? ObjectLock(mode: .compliance, retainUntil: $0) : nil }
        let file = try FileObjectReader(url: partial.url)
        let version: String?
        if size <= partSize {
            version = try client.putObject(key: relativePath, body: try Self.read(file, count: size), lock: lock)
        } else {
            version = try uploadInParts(file, size: size, key: relativePath)
            // Multipart uploads may not carry lock headers (RGW ignores them): lock the version now.
            if let lock { try client.putRetention(key: relativePath, versionID: version, lock: lock) }
        }
        guard let head = try client.head(key: relativePath, versionID: version) else {
            throw S3Error(.malformed, "\(relativePath) is not in \(client.location.bucket) after it was uploaded")
        }
        guard head.size == size else {
            throw S3Error(.malformed, "\(relativePath) was stored with \(head.size) bytes, not \(size)")
        }
        if let lock {
            guard let stored = head.lock, stored.mode == .compliance, stored.retainUntil >= lock.retainUntil.addingTimeInterval(-1) else {
                throw S3Error(.malformed, "\(relativePath) was stored without its COMPLIANCE lock until \(S3Time.format(lock.retainUntil)): does the bucket enforce Object Lock?")
            }
        }
        // The file uploaded, which recovery may have named apart from the key's own partial.
        if unlink(partial.url.path) != 0, errno != ENOENT {
            throw S3Error(.io, "cannot delete \(partial.url.path) after uploading it: \(String(cString: strerror(errno)))")
        }
    }

    /// Uploads what `reader` yields to `relativePath` without spooling it, unlocked: for a copy
    /// whose source is durable already (a backup of the vault's objects). One PUT when it fits in
    /// a part, else a multipart upload read a part at a time (memory: one part); the stored size is
    /// checked with HEAD. Returns the bytes uploaded and their SHA-256, which is also what a
    /// single PUT signs: the store refuses any other bytes, and no byte is hashed twice.
    public func upload(from reader: any ObjectReader, to relativePath: String) throws -> (bytes: Int64, sha256: [UInt8]) {
        let whole = SHA256Hasher()
        // Straight into a part's worth of uninitialised storage: only the pages read into are ever touched.
        func nextPart() throws -> [UInt8] {
            try [UInt8](unsafeUninitializedCapacity: partSize) { buffer, filled in
                while filled < buffer.count {
                    let free = UnsafeMutableBufferPointer(rebasing: buffer[filled...])
                    let n = try reader.read(into: UnsafeMutableRawBufferPointer(free))
                    if n == 0 { break }
                    whole.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: free[..<(filled + n)])))
                    filled += n
                }
            }
        }
        var part = try nextPart()
        var total = part.count
        let version: String?, digest: [UInt8]
        if part.count < partSize {
            digest = whole.finalize()
            version = try client.putObject(key: relativePath, body: part, lock: nil, sha256: digest)
        } else {
            version = try uploadInParts(key: relativePath, first: part) {
                part = try nextPart()
                total += part.count
                return part
            }
            digest = whole.finalize()
        }
        guard let head = try client.head(key: relativePath, versionID: version), head.size == total else {
            throw S3Error(.malformed, "\(relativePath) is not in \(client.location.bucket) with its \(total) bytes after it was uploaded")
        }
        return (Int64(total), digest)
    }

    private func uploadInParts(_ file: FileObjectReader, size: Int, key: String) throws -> String? {
        var left = size
        func next() throws -> [UInt8] {
            guard left > 0 else { return [] }
            let part = try Self.read(file, count: min(partSize, left))
            left -= part.count
            return part
        }
        return try uploadInParts(key: key, first: try next(), next: next)
    }

    /// A multipart upload of `first` and each part `next` yields until an empty one; aborted when
    /// anything fails. The version it made.
    private func uploadInParts(key: String, first: [UInt8], next: () throws -> [UInt8]) throws -> String? {
        let uploadID = try client.createMultipartUpload(key: key)
        do {
            var etags = [String](), part = first
            while !part.isEmpty {
                etags.append(try client.uploadPart(key: key, uploadID: uploadID, number: etags.count + 1, body: part))
                part = try next()
            }
            return try client.completeMultipartUpload(key: key, uploadID: uploadID, partETags: etags)
        } catch {
            try? client.abortMultipartUpload(key: key, uploadID: uploadID)
            throw error
        }
    }

    /// Exactly `count` bytes from `file`; `.io` when it ends first.
    private static func read(_ file: FileObjectReader, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count), filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            guard n > 0 else { throw S3Error(.io, "\(file.url.path) ended after \(filled) of \(count) bytes") }
            filled += n
        }
        return bytes
    }

    /// Deletes every version of the object (and its partial file). A version whose lock has not
    /// expired is refused by the store: the key is then hidden under a delete marker and the
    /// removal reports the latest retain-until date among the versions kept.
    @discardableResult
    public func remove(relativePath: String) throws -> ObjectRemoval {
        try spool.remove(relativePath: relativePath)
        let versions = try client.listVersions(prefix: relativePath).filter { $0.key == relativePath }
        var keptUntil: [Date?] = []
        for version in versions where !version.isDeleteMarker {
            do {
                try client.delete(key: relativePath, versionID: version.versionID)
            } catch let error as S3Error where error.code == .denied {
                keptUntil.append(try client.head(key: relativePath, versionID: version.versionID)?.lock?.retainUntil)
            }
        }
        guard keptUntil.isEmpty else {
            if versions.first(where: \.isLatest)?.isDeleteMarker != true { try client.delete(key: relativePath) }
            return .retained(until: keptUntil.compactMap { $0 }.max())
        }
        for marker in versions where marker.isDeleteMarker { try client.delete(key: relativePath, versionID: marker.versionID) }
        return .deleted
    }

    /// Deletes every leftover partial file in the spool.
    @discardableResult
    public func sweepPartials() throws -> Int { spool.sweep() }

    /// Every key whose latest version is a sealed object.
    public func allObjectPaths() throws -> [String] {
        try client.listKeys().filter { $0.hasSuffix(".cvseal") }.sorted()
    }

    /// Whether the key's latest version is data.
    public func exists(relativePath: String) throws -> Bool { try client.head(key: relativePath) != nil }

    /// Opens the spooled partial file of `relativePath`.
    public func openPartialForReading(relativePath: String) throws -> any ObjectReader {
        try spool.openForReading(relativePath: relativePath)
    }

    /// Opens the object for ranged reads; `StoreError(.notFound)` when the key has no data.
    public func openForReading(relativePath: String) throws -> any ObjectReader {
        do {
            return try S3ObjectReader(client: client, key: relativePath, chunk: readChunk)
        } catch let error as S3Error where error.code == .notFound {
            throw StoreError(.notFound, "object \(relativePath) is not in \(client.location.bucket)")
        }
    }

    /// Sets the S3 legal hold of the object's current version; an object not there is skipped
    /// (a transcript path of a recording without one, say).
    public func setLegalHold(_ on: Bool, relativePath: String) throws {
        guard let head = try client.head(key: relativePath) else { return }
        try client.putLegalHold(key: relativePath, versionID: head.versionID, on: on)
    }

    /// Versions of sealed objects beyond the first, and keys hidden under a delete marker: what
    /// a write or delete made through S3 directly, around the vault, leaves (for `verify`).
    public func anomalies() throws -> [String: String] {
        var byKey = [String: [ObjectVersion]]()
        for version in try client.listVersions() where version.key.hasSuffix(".cvseal") { byKey[version.key, default: []].append(version) }
        var anomalies = [String: String]()
        for (key, versions) in byKey {
            let data = versions.filter { !$0.isDeleteMarker }
            if data.count > 1 { anomalies[key] = "\(data.count) versions: it was overwritten through S3" }
        }
        return anomalies
    }
}

/// Reads one S3 object version in ranged GETs of `chunk` bytes.
final class S3ObjectReader: ObjectReader {
    private let client: S3Client
    private let key: String
    private let chunk: Int
    private var versionID: String?
    private var buffer: [UInt8]
    private var bufferOffset = 0
    private var nextOffset: Int
    private let size: Int

    init(client: S3Client, key: String, chunk: Int) throws {
        (self.client, self.key, self.chunk) = (client, key, chunk)
        let first = try client.get(key: key, offset: 0, length: chunk)
        guard first.start == 0 else { throw S3Error(.malformed, "\(key): the store answered a read from 0 with bytes from \(first.start)") }
        (buffer, size, versionID, nextOffset) = (first.bytes, first.totalSize, first.versionID, first.bytes.count)
    }

    func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        guard out.count > 0 else { return 0 }
        if bufferOffset == buffer.count {
            guard nextOffset < size else { return 0 }
            let next = try client.get(key: key, versionID: versionID, offset: nextOffset, length: chunk)
            // A short object, or a server that ignored the range, must not pass for the end or be spliced in.
            guard !next.bytes.isEmpty, next.start == nextOffset else {
                throw S3Error(.malformed, "\(key): the store sent \(next.bytes.count) bytes from \(next.start) when asked for bytes from \(nextOffset) of \(size)")
            }
            (buffer, bufferOffset) = (next.bytes, 0)
            nextOffset += next.bytes.count
        }
        let n = min(out.count, buffer.count - bufferOffset)
        buffer.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress! + bufferOffset, byteCount: n) }
        bufferOffset += n
        return n
    }
}
