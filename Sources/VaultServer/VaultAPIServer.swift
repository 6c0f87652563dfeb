public import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import VaultLive
public import VaultCore

/// The vault as an HTTP service: the `/v1` JSON API (Hummingbird 2 on SwiftNIO), its
/// authorisation, and the background jobs (checkpoints, erasure, retention, key rotation,
/// recovery), run together under one service group.
public struct VaultAPIServer: Sendable {
    /// The vault served.
    public let vault: Vault
    /// How it is served.
    public let configuration: ServerConfiguration
    let logger: Logger
    /// The SIPREC server once `run` made it (`--siprec`), for the live-recording routes.
    let live = LiveCallsHandle()

    /// Creates a server for an open vault.
    public init(vault: Vault, configuration: ServerConfiguration, logger: Logger) {
        self.vault = vault
        self.configuration = configuration
        self.logger = logger
        self.console = ConsoleRoutes(vault: vault, logger: logger)
        self.transcripts = LiveTranscripts(live: live, vault: vault, logger: logger)
        self.webhook = configuration.monitorWebhook.map { MonitorWebhook(configuration: $0, vault: vault, logger: logger) }
    }

    /// Live calls' streamed transcripts, and the webhook their alerts go to.
    let transcripts: LiveTranscripts
    let webhook: MonitorWebhook?

    /// The web console (its sessions live as long as this server).
    let console: ConsoleRoutes

    /// Every endpoint and the roles allowed to call it (the public ones have no roles).
    public var endpoints: [EndpointDescription] {
        makeRouter(metrics: ServerMetrics()).endpoints
    }

    /// Every console page (`/ui/…`; not API endpoints, so not in `endpoints`).
    public var consolePages: [EndpointDescription] {
        makeRouter(metrics: ServerMetrics()).pages
    }

    /// Builds the router with every route registered.
    func makeRouter(metrics: ServerMetrics) -> EndpointRegistry {
        let router = Router(context: APIRequestContext.self)
        let registry = EndpointRegistry(
            router: router, authenticator: TokenAuthenticator(vault: vault, recheckInterval: configuration.tokenRecheckInterval),
            metrics: metrics, logger: logger)
        registry.add(middleware: APIErrorMiddleware(metrics: metrics))
        registry.add(middleware: HostHeaderMiddleware())
        OperationsRoutes(vault: vault, configuration: configuration, metrics: metrics).register(registry)
        ConsentRoutes(vault: vault, configuration: configuration).register(registry)
        DPORoutes(vault: vault, configuration: configuration).register(registry)
        AuditorRoutes(vault: vault).register(registry)
        MonitorRoutes(vault: vault).register(registry)
        RecordingUploadRoutes(vault: vault, configuration: configuration, metrics: metrics).register(registry)
        LiveRecordingRoutes(live: live, vault: vault, transcripts: transcripts, webhook: webhook, logger: logger).register(registry)
        console.register(registry)
        return registry
    }

    /// Runs until cancelled or, with `handleSignals`, until SIGTERM or SIGINT (graceful:
    /// open requests finish). `onListening` gets the bound port (useful with port 0).
    public func run(handleSignals: Bool, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // Uploads stream into a pipe whose reader may stop early (a bad WAV); a write then must
        // fail with EPIPE, not kill the server.
        signal(SIGPIPE, SIG_IGN)
        let metrics = ServerMetrics()
        let registry = makeRouter(metrics: metrics)
        let tls = try configuration.tls.map(Self.tlsConfiguration)  // before anything needs undoing
        let eventLoopGroup = configuration.eventLoopThreads.map { MultiThreadedEventLoopGroup(numberOfThreads: max(1, $0)) }
        let loops: any EventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        var checkers = ConsentCheckAnswerer.LoopCheckers(), snapshotTimers = [RepeatedTask]()
        /// Stops the snapshot timers, then a group of our own (the timers run on its loops).
        func shutDown() async {
            for timer in snapshotTimers { timer.cancel() }
            try? await eventLoopGroup?.shutdownGracefully()
        }
        // The fast path answers in front of the router: only while it reproduces every middleware.
        var configuration = self.configuration
        let unreproduced = Set(registry.middleware).subtracting(ConsentCheckAnswerer.reproducedMiddleware)
        if configuration.consentCheckFastPath, !unreproduced.isEmpty {
            logger.error("consent-check fast path off: it does not reproduce router middleware", metadata: ["middleware": "\(unreproduced.sorted())"])
            configuration.consentCheckFastPath = false
        }
        if configuration.consentCheckFastPath {
            do {
                (checkers, snapshotTimers) = try await ConsentCheckAnswerer.LoopCheckers.make(
                    vault: vault, group: loops, hold: configuration.consentSnapshotHold)
            } catch {
                await shutDown()
                throw error
            }
        }
        var server = httpServer(registry: registry, metrics: metrics, checkers: checkers, fastPath: configuration.consentCheckFastPath)
        if let tls {
            do { server = try .tls(server, tlsConfiguration: tls) } catch { await shutDown(); throw error }
        }
        let logger = self.logger
        let app = Application(
            router: registry.responderRouter,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: Self.serverName),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("callvault API listening", metadata: ["host": "\(channel.localAddress?.ipAddress ?? "?")", "port": "\(port)"])
                await onListening(port)
            },
            eventLoopGroupProvider: .shared(loops),
            logger: logger)
        // A service group stops its services last to first: the HTTP server first, so an upload
        // still encoding is cancelled at once rather than after the jobs' current runs.
        var services: [any Service] = []
        if let jobs = configuration.jobs { services.append(BackgroundJobs(vault: vault, intervals: jobs, metrics: metrics, logger: logger)) }
        if let siprec = configuration.siprec {
            do {
                let server = try SIPRECServer(configuration: siprec, vault: vault, group: loops, logger: logger)
                live.server = server
                services.append(SIPRECService(server: server))
            } catch {
                await shutDown()
                throw error
            }
        }
        services.append(app)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        do {
            try await group.run()
        } catch {
            await finishLive()
            await shutDown()
            throw error
        }
        await finishLive()
        await shutDown()
    }

    /// Stores the live transcripts of the calls the SIPREC server stored as it stopped, then ends
    /// the webhook's retries.
    private func finishLive() async {
        await transcripts.drain()
        await webhook?.shutdown()
    }

    /// The `Server` header of every response.
    static let serverName = "callvault"

    /// The HTTP/1.1 channel: Hummingbird's with the idle timeout, or, when `consentCheckFastPath`
    /// is on, `APIHTTP1Channel` (the same with the consent-check fast paths in front).
    func httpServer(registry: EndpointRegistry, metrics: ServerMetrics, checkers: ConsentCheckAnswerer.LoopCheckers,
                    fastPath: Bool) -> HTTPServerBuilder {
        let idleTimeout = TimeAmount(configuration.idleTimeout)
        guard fastPath else {
            return .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [ClientHangUpHandler()], idleTimeout: idleTimeout))
        }
        let label = "POST \(ConsentCheckAnswerer.path)"
        guard let metricsID = metrics.id(of: label) else { preconditionFailure("\(label) is not registered") }
        let dependencies = ConsentCheckAnswerer.Dependencies(
            vault: vault, authenticator: registry.authenticator, metrics: metrics, metricsID: metricsID, serverName: Self.serverName,
            checkers: checkers)
        return HTTPServerBuilder { responder in
            APIHTTP1Channel(responder: responder, dependencies: dependencies, idleTimeout: idleTimeout)
        }
    }

    /// The server's TLS settings from PEM files; a bad file is a refused configuration.
    static func tlsConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate.path)
            let key = try NIOSSLPrivateKey(file: files.privateKey.path, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        } catch {
            throw VaultError(.refused, "cannot use the TLS certificate or key: \(error)")
        }
    }
}
