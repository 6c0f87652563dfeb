import Foundation
import Testing
import VaultCrypto
import VaultStore
import VaultTestSupport
@testable import VaultS3

/// radosgw killed (SIGKILL) and restarted while objects go up, on a cluster of this suite's own:
/// every placement either succeeds through the retries or fails with a clear error, and none is
/// stored twice (one data version a key). `Tools/test` runs it in a phase of its own
/// (`CALLVAULT_FAULT_TESTS=1`): run beside the whole suite on two cores, its outages and restarts
/// delayed the in-process servers' timing-bound tests past their timeouts.
@Suite("S3 store while radosgw restarts", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["CALLVAULT_FAULT_TESTS"] == "1", "a phase of its own: Tools/test sets CALLVAULT_FAULT_TESTS=1"))
struct S3FaultTests {
    static let directory = "/tmp/callvault-ceph-faults"
    static let port = "7694"

    @Test func placementsSurviveAGatewayRestartAndAreStoredOnce() async throws {
        // Seconds of blocking work: on a thread of its own, never holding a cooperative one.
        try await OffPool.run { try Self.restartsMidUpload() }
    }

    static func restartsMidUpload() throws {
        let env = try TestCeph.up(directory: directory, port: port)
        defer { TestCeph.down(directory: directory) }
        let tmp = TemporaryDirectory("callvault-s3-faults")
        let location = try S3Location(parsing: "s3://\(TestCeph.bucketName("faults"))?endpoint=\(env["CALLVAULT_S3_ENDPOINT"]!)")
        let store = S3ObjectStore(client: S3Client(location: location, credentials: try S3Credentials.fromEnvironment(env)),
                                  spoolDirectory: tmp.path("spool"), partSize: 5 << 20)
        try store.create()
        var placed = [String: [UInt8]]()
        for round in 0..<4 {
            // Small objects (one PUT) and one above the part size (multipart), the gateway killed
            // as each round starts and kept down half a second.
            let restart = Thread { try? TestCeph.restartGateway(directory: directory, port: port, downSeconds: 0.5) }
            restart.start()
            usleep(100_000)  // the kill lands before the first request of the round
            let roundStart = Date()
            for n in 0..<3 {
                let path = "f\(round)/object-\(n).cvseal"
                let bytes = try SecureRandom.bytes(n == 2 ? 6 << 20 : 200_000)
                let partial = try store.createPartial(forRelativePath: path)
                try bytes.withUnsafeBytes { try partial.write($0) }
                try store.place(partial, at: path, retainUntil: Date().addingTimeInterval(3600))
                placed[path] = bytes
            }
            // The placements waited out the outage (through async-http-client's reconnects and the
            // client's retries): the round cannot have been faster than the time the gateway was down.
            #expect(Date().timeIntervalSince(roundStart) > 0.4, "round \(round) did not meet the restart")
            while restart.isExecuting || !restart.isFinished { usleep(50_000) }
        }
        let versions = try store.client.listVersions()
        for (path, bytes) in placed {
            #expect(versions.filter { $0.key == path && !$0.isDeleteMarker }.count == 1, "\(path) stored once")
            let reader = try store.openForReading(relativePath: path)
            var read = [UInt8](), buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if n == 0 { break }
                read += buffer[..<n]
            }
            #expect(SHA256Hasher.hash(read) == SHA256Hasher.hash(bytes), "\(path) reads back whole")
            #expect(try store.client.head(key: path)?.lock?.mode == .compliance)
        }
        #expect(try store.anomalies().isEmpty)
    }
}
