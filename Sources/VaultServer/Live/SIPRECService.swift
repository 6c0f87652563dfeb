import ServiceLifecycle
import VaultLive

/// The SIPREC recording server as a service of `serve`'s group: listens while the group runs;
/// on graceful shutdown (after the HTTP server stopped) it ends the open sessions and stores what
/// they received before the jobs stop.
struct SIPRECService: Service {
    let server: SIPRECServer

    func run() async throws {
        try await server.start()
        try? await gracefulShutdown()
        await server.shutdown()
    }
}
