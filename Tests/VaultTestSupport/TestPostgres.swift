public import Foundation

/// The PostgreSQL server that `Tools/postgres` starts, shared by every test in the process:
/// started on first use (about 1 s), stopped when the process exits. Each test takes a database
/// of its own (`database(_:)`).
public enum TestPostgres {
    /// A new, empty database on the shared server, as a catalog location
    /// (`postgres://callvault@127.0.0.1:PORT/NAME`), with the password to give it.
    public static func database(_ label: String) throws -> (location: String, password: String) {
        let settings = try started.get()
        let name = "cv_\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(UUID().uuidString.prefix(8).lowercased())"
        let (status, text) = Shell.run("CALLVAULT_POSTGRES_PORT=\(port) '\(script)' createdb \(name) '\(directory)' 2>&1")
        guard status == 0 else { throw TestPostgresError(message: "Tools/postgres createdb failed (\(status)): \(text.suffix(800))") }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("CALLVAULT_POSTGRES=") }) else {
            throw TestPostgresError(message: "Tools/postgres createdb printed no location: \(text.suffix(800))")
        }
        return (String(line.dropFirst("CALLVAULT_POSTGRES=".count)), settings.password)
    }

    /// The certificate that signed the test server's own (it speaks TLS as well as plain TCP),
    /// for locations with `sslmode=verify-full&sslrootcert=`.
    public static func certificateAuthority() throws -> String {
        _ = try started.get()
        return "\(directory)/tls/ca.crt"
    }

    /// Runs one statement with `psql` on the database at `location` (as an operator, or an
    /// outage, would); rows unaligned, one a line, without headers.
    public static func psql(_ location: String, password: String, _ sql: String) throws -> ProcessResult {
        let url = URL(string: location)!
        return try Subprocess.run("psql", ["-X", "-A", "-t", "-h", url.host!, "-p", "\(url.port!)", "-U", url.user!, "-d", url.lastPathComponent, "-c", sql],
                                  environment: ["PGPASSWORD": password])
    }

    /// Kills the server as a crash would (immediate shutdown), keeps it down `seconds` and starts it again.
    public static func restart(downSeconds: Double) throws {
        _ = try started.get()
        let (status, text) = Shell.run("CALLVAULT_POSTGRES_PORT=\(port) CALLVAULT_POSTGRES_DOWN_SECONDS=\(downSeconds) '\(script)' restart '\(directory)' 2>&1")
        guard status == 0 else { throw TestPostgresError(message: "Tools/postgres restart failed (\(status)): \(text.suffix(800))") }
    }

    private static let directory = "/tmp/callvault-postgres-tests"
    private static let port = "7433"

    // popen and system, not Process: see `TestCeph`.
    private static let started: Result<(location: String, password: String), TestPostgresError> = {
        let (status, text) = Shell.run("CALLVAULT_POSTGRES_PORT=\(port) '\(script)' up '\(directory)' 2>&1")
        var settings = [String: String]()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { settings[String(parts[0])] = String(parts[1]) }
        }
        guard status == 0, let location = settings["CALLVAULT_POSTGRES"], let password = settings["PGPASSWORD"] else {
            return .failure(TestPostgresError(message: "Tools/postgres up failed (\(status)): \(text.suffix(800))"))
        }
        atexit { _ = Shell.run("'\(TestPostgres.script)' down /tmp/callvault-postgres-tests >/dev/null 2>&1") }
        return .success((location, password))
    }()

    private static var script: String { Fixtures.packageRoot.appendingPathComponent("Tools/postgres").path }
}

/// Why the test server could not start.
public struct TestPostgresError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
