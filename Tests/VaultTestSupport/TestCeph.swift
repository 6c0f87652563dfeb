public import Foundation

/// The single-node Ceph cluster with radosgw that `Tools/ceph` starts, shared by every test in
/// the process: started on first use (about 2 s), stopped when the process exits.
public enum TestCeph {
    /// The S3 settings of the running cluster (`CALLVAULT_S3_ENDPOINT`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`), for the environment of a child or a client.
    public static func environment() throws -> [String: String] {
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
        let script = Fixtures.packageRoot.appendingPathComponent("Tools/ceph").path
        guard let pipe = popen("CALLVAULT_CEPH_PORT=\(port) '\(script)' up \(directory) 2>&1", "r") else {
            return .failure(TestCephError(message: "cannot run Tools/ceph"))
        }
        var output = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output += buffer[..<n]
        }
        let status = pclose(pipe)
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0 else {
            return .failure(TestCephError(message: "Tools/ceph up failed (\(status)): \(text.suffix(800))"))
        }
        // Stopped with system(3) for the same reason, while the process exits.
        atexit {
            let script = Fixtures.packageRoot.appendingPathComponent("Tools/ceph").path
            _ = system("'\(script)' down /tmp/callvault-ceph-tests >/dev/null 2>&1")
        }
        var settings = [String: String]()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }) {
                settings[String(parts[0])] = String(parts[1])
            }
        }
        guard settings["CALLVAULT_S3_ENDPOINT"] != nil else {
            return .failure(TestCephError(message: "Tools/ceph up printed no S3 settings: \(text.suffix(800))"))
        }
        return .success(settings)
    }()
}

/// Why the test cluster could not start.
public struct TestCephError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
