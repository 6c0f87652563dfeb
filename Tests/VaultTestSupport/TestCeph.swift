public import Foundation

/// The single-node Ceph cluster with radosgw that `Tools/ceph` starts, shared by every test in
/// the process: started on first use (about 2 s), stopped when the process exits.
public enum TestCeph {
    /// The S3 settings of the running cluster (`CALLVAULT_S3_ENDPOINT`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`), for the environment of a child or a client. Waits
    /// off the cooperative pool: the first caller starts the cluster (seconds), the others wait
    /// for it, and tests that hold every cooperative thread would stall every async test.
    public static func environment() async throws -> [String: String] {
        try await OffPool.run { try started.get() }
    }

    /// The same, blocking: for a test body already running off the cooperative pool (`OffPool`).
    public static func environmentBlocking() throws -> [String: String] {
        try started.get()
    }

    /// A fresh bucket name for one test (lower-case, unique).
    public static func bucketName(_ label: String) -> String {
        "cv-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// One cluster for the tests: a run that died before stopping it leaves it for the next run,
    /// which reuses it (`Tools/ceph up` does when radosgw answers).
    private static let directory = "/tmp/callvault-ceph-tests"
    private static let port = "7690"

    // Started with popen(3), not Foundation's Process: the first test to ask holds a cooperative
    // thread in this initializer while the others wait on it, and Process's wait cannot finish
    // when every cooperative thread is blocked.
    private static let started: Result<[String: String], TestCephError> = {
        let result = Result { try up(directory: directory, port: port) }.mapError { $0 as! TestCephError }
        // Stopped with system(3) for the same reason, while the process exits.
        if case .success = result {
            atexit { TestCeph.down(directory: "/tmp/callvault-ceph-tests") }
        }
        return result
    }()

    /// Starts a cluster of its own in `directory` on `port` (for a test that breaks it: kills its
    /// radosgw, say) and returns its S3 settings; stop it with ``down(directory:)``.
    public static func up(directory: String, port: String) throws -> [String: String] {
        let (status, text) = shell("CALLVAULT_CEPH_PORT=\(port) '\(script)' up '\(directory)' 2>&1")
        guard status == 0 else { throw TestCephError(message: "Tools/ceph up failed (\(status)): \(text.suffix(800))") }
        var settings = [String: String]()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }) {
                settings[String(parts[0])] = String(parts[1])
            }
        }
        guard settings["CALLVAULT_S3_ENDPOINT"] != nil else {
            throw TestCephError(message: "Tools/ceph up printed no S3 settings: \(text.suffix(800))")
        }
        return settings
    }

    /// Kills the cluster's radosgw (SIGKILL), keeps it down `seconds`, starts it again and waits
    /// until it answers.
    public static func restartGateway(directory: String, port: String, downSeconds: Double) throws {
        let (status, text) = shell("CALLVAULT_CEPH_PORT=\(port) CALLVAULT_CEPH_DOWN_SECONDS=\(downSeconds) '\(script)' restart-rgw '\(directory)' 2>&1")
        guard status == 0 else { throw TestCephError(message: "Tools/ceph restart-rgw failed (\(status)): \(text.suffix(800))") }
    }

    /// Stops the cluster in `directory` and deletes it.
    public static func down(directory: String) {
        _ = shell("'\(script)' down '\(directory)' 2>&1")
    }

    private static var script: String { Fixtures.packageRoot.appendingPathComponent("Tools/ceph").path }

    private static func shell(_ command: String) -> (Int32, String) { Shell.run(command) }
}

/// Why the test cluster could not start.
public struct TestCephError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
