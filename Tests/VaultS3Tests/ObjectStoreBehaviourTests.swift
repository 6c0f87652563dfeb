import Foundation
import Testing
import VaultBase
import VaultCrypto
import VaultStore
import VaultTestSupport
@testable import VaultS3

/// One object store behaviour, asserted on both stores: the vault's `objects/` directory
/// (`LocalObjectStore`) and an S3 bucket with Object Lock on a real radosgw (`S3ObjectStore`,
/// `Tools/ceph`). Where the two differ by design (a lock keeps an S3 version), the test says so.
@Suite("Object stores: the same behaviour on local files and S3", .serialized)
struct ObjectStoreBehaviourTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case local, s3
        var testDescription: String { rawValue }
    }

    let tmp = TemporaryDirectory("callvault-objects")

    func store(_ backend: Backend, _ label: String) throws -> any ObjectStore {
        let store: any ObjectStore
        switch backend {
        case .local:
            store = LocalObjectStore(root: tmp.path("objects-\(label)"))
            try FileManager.default.createDirectory(at: tmp.path("objects-\(label)"), withIntermediateDirectories: true)
        case .s3:
            let env = try TestCeph.environmentBlocking()
            let location = try S3Location(parsing: "s3://\(TestCeph.bucketName(label))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&region=us-east-1")
            store = S3ObjectStore(client: S3Client(location: location, credentials: try S3Credentials.fromEnvironment(env)),
                                  spoolDirectory: tmp.path("spool-\(label)"), partSize: 5 << 20, readChunk: 16 << 10)
        }
        try store.create()
        return store
    }

    func readAll(_ reader: any ObjectReader) throws -> [UInt8] {
        var out = [UInt8](), buffer = [UInt8](repeating: 0, count: 7000)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { return out }
            out += buffer[..<n]
        }
    }

    @Test("a partial is readable, then placed whole under its path, listed and read back byte for byte; nothing else is there", arguments: Backend.allCases)
    func placeAndReadBack(_ backend: Backend) async throws {
        try await OffPool.run {
            let store = try store(backend, "place-\(backend)")
            let id = RecordingID()
            let path = store.relativePath(for: id)
            let bytes = try SecureRandom.bytes(150_000)
            let partial = try store.createPartial(for: id)
            try bytes.withUnsafeBytes { try partial.write($0) }
            #expect(try !store.exists(relativePath: path), "a partial is not an object")
            #expect(try store.allObjectPaths().isEmpty)
            try store.place(partial, at: path, retainUntil: Date().addingTimeInterval(3600))
            #expect(try store.exists(relativePath: path))
            #expect(try readAll(store.openForReading(relativePath: path)) == bytes)
            #expect(try store.allObjectPaths() == [path])
            #expect(try store.anomalies().isEmpty)
            #expect(try store.sweepPartials() == 0, "placing consumed the partial")
            let missing = store.relativePath(for: RecordingID())
            #expect(try !store.exists(relativePath: missing))
            let error = #expect(throws: StoreError.self) { _ = try store.openForReading(relativePath: missing) }
            #expect(error?.code == .notFound)
        }
    }

    @Test("an interrupted write: a partial left behind is swept, and a discarded one is gone with its transcript's", arguments: Backend.allCases)
    func partialsAreSweptAndDiscarded(_ backend: Backend) async throws {
        try await OffPool.run {
            let store = try store(backend, "partials-\(backend)")
            let left = try store.createPartial(for: RecordingID())
            try [UInt8](repeating: 7, count: 1000).withUnsafeBytes { try left.write($0) }
            let id = RecordingID()
            let audio = try store.createPartial(for: id), transcript = try store.createTranscriptPartial(for: id)
            try [UInt8](repeating: 1, count: 10).withUnsafeBytes { try audio.write($0) }
            try [UInt8](repeating: 2, count: 10).withUnsafeBytes { try transcript.write($0) }
            #expect(try readAll(store.openPartialForReading(relativePath: store.relativePath(for: id))) == [UInt8](repeating: 1, count: 10))
            #expect(try store.discard(relativePath: store.relativePath(for: id)) == .deleted)
            #expect(throws: StoreError.self) { _ = try store.openPartialForReading(relativePath: store.transcriptRelativePath(for: id)) }
            #expect(try store.sweepPartials() == 1, "the one left behind")
            #expect(try store.allObjectPaths().isEmpty)
        }
    }

    @Test("removing a placed object: deleted at once when nothing locks it; on S3 under a running lock the version stays, hidden, until its date",
          arguments: Backend.allCases)
    func removal(_ backend: Backend) async throws {
        try await OffPool.run {
            let store = try store(backend, "remove-\(backend)")
            let id = RecordingID()
            let path = store.relativePath(for: id)
            let partial = try store.createPartial(for: id)
            try [UInt8](repeating: 9, count: 2000).withUnsafeBytes { try partial.write($0) }
            let until = Date().addingTimeInterval(3600)
            try store.place(partial, at: path, retainUntil: until)
            let removal = try store.remove(relativePath: path)
            switch backend {
            case .local:
                #expect(removal == .deleted)
            case .s3:
                guard case .retained(let kept?) = removal else { Issue.record("a locked version is kept: \(removal)"); return }
                #expect(abs(kept.timeIntervalSince(until)) < 1.5)
            }
            #expect(try !store.exists(relativePath: path), "gone from the vault's view either way")
            #expect(try store.allObjectPaths().isEmpty)
        }
    }
}
