import Foundation
import Testing
import VaultCrypto
import VaultStore
import VaultTestSupport
@testable import VaultS3

/// The S3 object store against a real radosgw (Ceph 16, started by `Tools/ceph`): what is placed
/// is locked in COMPLIANCE mode and reads back byte for byte; S3 itself refuses to delete a locked
/// version; writes made around the vault show up as anomalies.
@Suite("S3 object store on radosgw", .serialized)
struct S3ObjectStoreTests {
    let tmp = TemporaryDirectory("callvault-s3")

    func client(bucket: String, attempts: Int = 4) throws -> S3Client {
        let env = try TestCeph.environmentBlocking()
        let location = try S3Location(parsing: "s3://\(bucket)?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)&region=us-east-1")
        return S3Client(location: location, credentials: try S3Credentials.fromEnvironment(env), attempts: attempts)
    }

    func store(_ label: String, readChunk: Int = 4 << 20) throws -> S3ObjectStore {
        let store = S3ObjectStore(client: try client(bucket: TestCeph.bucketName(label)), spoolDirectory: tmp.path("spool-\(label)"),
                                  partSize: 5 << 20, readChunk: readChunk)
        try store.create()
        return store
    }

    func place(_ bytes: [UInt8], at path: String, in store: S3ObjectStore, until: Date?) throws {
        let partial = try store.createPartial(forRelativePath: path)
        try bytes.withUnsafeBytes { try partial.write($0) }
        try store.place(partial, at: path, retainUntil: until)
    }

    func readAll(_ reader: any ObjectReader) throws -> [UInt8] {
        var out = [UInt8](), buffer = [UInt8](repeating: 0, count: 7000)  // not a divisor of the chunk
        while true {
            let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
            if n == 0 { return out }
            out += buffer[..<n]
        }
    }

    @Test func placedObjectsAreLockedAndReadBackInRanges() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.placedObjectsAreLockedAndReadBackInRangesBody() }
    }

    func placedObjectsAreLockedAndReadBackInRangesBody() throws {
        let store = try store("small", readChunk: 16 << 10)
        let bytes = try SecureRandom.bytes(100_000)
        let until = Date().addingTimeInterval(3600)
        try place(bytes, at: "ab/one.cvseal", in: store, until: until)
        let head = try #require(try store.client.head(key: "ab/one.cvseal"))
        #expect(head.lock?.mode == .compliance)
        #expect(abs(head.lock!.retainUntil.timeIntervalSince(until)) < 1.5)
        #expect(head.size == bytes.count)
        #expect(try readAll(store.openForReading(relativePath: "ab/one.cvseal")) == bytes)
        #expect(try store.allObjectPaths() == ["ab/one.cvseal"])
        #expect(!FileManager.default.fileExists(atPath: store.spool.url(forRelativePath: "ab/one.cvseal").path), "the spooled partial is gone")
        #expect(try store.anomalies().isEmpty)
    }

    @Test func largeObjectsGoUpInPartsAndAreLockedAfterwards() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.largeObjectsGoUpInPartsAndAreLockedAfterwardsBody() }
    }

    func largeObjectsGoUpInPartsAndAreLockedAfterwardsBody() throws {
        let store = try store("large")
        let bytes = try SecureRandom.bytes(11 << 20 + 12_345)  // three parts of 5 MiB, the last short
        try place(bytes, at: "cd/big.cvseal", in: store, until: Date().addingTimeInterval(3600))
        let head = try #require(try store.client.head(key: "cd/big.cvseal"))
        #expect(head.lock?.mode == .compliance, "RGW ignores lock headers on multipart uploads: the store sets retention after")
        #expect(head.size == bytes.count)
        #expect(SHA256Hasher.hash(try readAll(store.openForReading(relativePath: "cd/big.cvseal"))) == SHA256Hasher.hash(bytes))
    }

    @Test func theStoreRefusesToDeleteALockedVersion() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.theStoreRefusesToDeleteALockedVersionBody() }
    }

    func theStoreRefusesToDeleteALockedVersionBody() throws {
        let store = try store("locked")
        try place(Array("sealed".utf8), at: "ef/kept.cvseal", in: store, until: Date().addingTimeInterval(3600))
        let version = try #require(try store.client.listVersions().first)
        #expect {
            try store.client.delete(key: "ef/kept.cvseal", versionID: version.versionID)
        } throws: { ($0 as? S3Error)?.code == .denied }
        // The vault's own removal hides it and says it stays; the locked bytes are still there.
        guard case .retained(let until) = try store.remove(relativePath: "ef/kept.cvseal") else {
            Issue.record("a locked object was reported deleted")
            return
        }
        #expect(until != nil)
        #expect(try !store.exists(relativePath: "ef/kept.cvseal"))
        #expect(try store.allObjectPaths().isEmpty)
        #expect(try store.client.listVersions().contains { $0.versionID == version.versionID && !$0.isDeleteMarker })
        #expect(throws: StoreError.self) { try store.openForReading(relativePath: "ef/kept.cvseal") }
    }

    @Test func anUnlockedObjectIsDeletedWithEveryVersion() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.anUnlockedObjectIsDeletedWithEveryVersionBody() }
    }

    func anUnlockedObjectIsDeletedWithEveryVersionBody() throws {
        let store = try store("unlocked")
        try place(Array("transient".utf8), at: "gh/gone.cvseal", in: store, until: nil)
        #expect(try store.remove(relativePath: "gh/gone.cvseal") == .deleted)
        #expect(try store.client.listVersions().isEmpty)
        #expect(try store.remove(relativePath: "gh/never.cvseal") == .deleted, "removing what is not there is not an error")
    }

    @Test func anOverwriteAroundTheVaultIsAnAnomaly() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.anOverwriteAroundTheVaultIsAnAnomalyBody() }
    }

    func anOverwriteAroundTheVaultIsAnAnomalyBody() throws {
        let store = try store("overwrite")
        try place(Array("original".utf8), at: "ij/x.cvseal", in: store, until: Date().addingTimeInterval(3600))
        _ = try store.client.putObject(key: "ij/x.cvseal", body: Array("forged".utf8), lock: nil)
        #expect(try store.anomalies()["ij/x.cvseal"]?.contains("overwritten") == true)
    }

    @Test func aBucketWithoutObjectLockIsRefused() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.aBucketWithoutObjectLockIsRefusedBody() }
    }

    func aBucketWithoutObjectLockIsRefusedBody() throws {
        let client = try client(bucket: TestCeph.bucketName("nolock"))
        try client.createBucket(objectLock: false)
        let store = S3ObjectStore(client: client, spoolDirectory: tmp.path("spool-nolock"))
        #expect {
            try store.create()
        } throws: { error in
            guard let error = error as? S3Error, error.code == .configuration else { return false }
            return error.message.contains("without Object Lock")
        }
    }

    @Test func anUploadReturnsTheDigestOfWhatTheStoreHolds() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.anUploadReturnsTheDigestOfWhatTheStoreHoldsBody() }
    }

    func anUploadReturnsTheDigestOfWhatTheStoreHoldsBody() throws {
        let client = try client(bucket: TestCeph.bucketName("upload"))
        try client.createBucket(objectLock: false)
        let store = S3ObjectStore(client: client, spoolDirectory: tmp.path("spool-upload"), partSize: 5 << 20)
        // Empty, small, exactly one part (a multipart upload of one part), and a part and a bit.
        for (index, size) in [0, 70_001, 5 << 20, (5 << 20) + 12_345].enumerated() {
            let bytes = try SecureRandom.bytes(size)
            let file = tmp.path("upload-\(index)")
            try Data(bytes).write(to: file)
            let uploaded = try store.upload(from: try FileObjectReader(url: file), to: "copy/\(index)")
            #expect(uploaded.bytes == Int64(size))
            #expect(uploaded.sha256 == SHA256Hasher.hash(bytes), "the digest of \(size) bytes")
            #expect(try readAll(store.openForReading(relativePath: "copy/\(index)")) == bytes, "\(size) bytes read back")
        }
        // What a single PUT signs is checked by the store itself: bytes that are not the digest's are refused, and nothing is stored.
        let bytes = try SecureRandom.bytes(1000)
        #expect {
            _ = try client.putObject(key: "forged", body: bytes, lock: nil, sha256: SHA256Hasher.hash(Array(bytes.dropLast())))
        } throws: { ($0 as? S3Error)?.code == .rejected }
        #expect(try client.head(key: "forged") == nil)
    }

    @Test func wrongKeysAndADeadEndpointGiveClearErrors() async throws {
        // Seconds of blocking S3 and subprocess work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run { try self.wrongKeysAndADeadEndpointGiveClearErrorsBody() }
    }

    func wrongKeysAndADeadEndpointGiveClearErrorsBody() throws {
        let env = try TestCeph.environmentBlocking()
        let location = try S3Location(parsing: "s3://\(TestCeph.bucketName("keys"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)")
        let wrong = S3Client(location: location, credentials: S3Credentials(accessKeyID: env["AWS_ACCESS_KEY_ID"]!, secretAccessKey: "not-the-secret"))
        #expect {
            try wrong.createBucket()
        } throws: { error in
            guard let error = error as? S3Error, error.code == .denied else { return false }
            return error.message.contains("SignatureDoesNotMatch") && !error.message.contains("not-the-secret")
        }
        let dead = S3Client(location: try S3Location(parsing: "s3://nobody-home?endpoint=http://127.0.0.1:9"),
                            credentials: S3Credentials(accessKeyID: "a", secretAccessKey: "b"), attempts: 1, timeoutSeconds: 2)
        #expect { try dead.createBucket() } throws: { ($0 as? S3Error)?.code == .unreachable }
    }
}
