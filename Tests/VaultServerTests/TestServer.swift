import Foundation
import Logging
import VaultBase
import VaultCore
import VaultServer
import VaultTestSupport

/// A real server on an ephemeral loopback port over a temp vault with a manual clock, spoken
/// to over real sockets. One per test; `stop()` cancels it.
final class TestServer: @unchecked Sendable {
    let tmp = TemporaryDirectory("callvault-server")
    /// 10:00 in Shanghai on a Monday: outside quiet hours for +86 numbers.
    let clock = ManualClock(Timestamp.parse("2026-03-02T10:00:00+08:00")!)
    let vault: Vault
    let server: VaultAPIServer
    let client: HTTPTestClient
    private let task: Task<Void, any Error>
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    static let admin = VaultActor(name: "test-admin", authentication: "local")

    /// A server over a new vault; with `postgres` (a location and its password), the vault's
    /// catalog is that PostgreSQL database.
    init(postgres: (location: String, password: String)? = nil, _ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        var configuration = VaultConfiguration(vaultURL: tmp.path("vault"), keyStoreURL: tmp.path("keys"), concurrency: 2, clock: clock)
        configuration.passwordCost = 14  // console passwords: the lowest cost accepted, so tests stay quick
        if let postgres {
            configuration.catalog = postgres.location
            configuration.environment["PGPASSWORD"] = postgres.password
        }
        vault = try Vault.create(configuration, actor: Self.admin, logger: Self.quiet).0
        var serverConfiguration = ServerConfiguration(port: 0, tokenRecheckInterval: .zero, jobs: nil)
        configure(&serverConfiguration)
        server = VaultAPIServer(vault: vault, configuration: serverConfiguration, logger: Self.quiet)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let server = self.server
        task = Task { try await server.run(handleSignals: false) { port in continuation.yield(port) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestServerError(message: "the server did not start") }
        client = HTTPTestClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!)
    }

    /// A fresh token with `role`.
    func token(_ role: APIRole, name: String? = nil) throws -> String {
        try vault.createAPIToken(name: name ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))", role: role, actor: Self.admin).secret
    }

    /// One token for every role.
    func tokens() throws -> [APIRole: String] {
        Dictionary(uniqueKeysWithValues: try APIRole.allCases.map { ($0, try token($0)) })
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
