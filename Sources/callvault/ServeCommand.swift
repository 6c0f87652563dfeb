import ArgumentParser
import Foundation
import VaultCore
import VaultServer

/// `callvault serve`: runs the vault as an HTTP service with its background jobs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the vault over HTTP (JSON API under /v1; OpenAPI at /openapi.yaml) and run its background jobs.",
        discussion: """
            Jobs: audit checkpoints, erasure of open requests, retention, key rotation when due, recovery of interrupted \
            ingests. The CLI keeps working on the same vault meanwhile. SIGTERM or SIGINT stops gracefully.
            """)
    @OptionGroup var options: VaultOptions
    @Option(help: "The address to listen on (default loopback only).") var host = "127.0.0.1"
    @Option(help: "The port (0 picks a free one).") var port = 8080
    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("A PEM certificate chain; serves HTTPS with --tls-key.", valueName: "file"))
    var tlsCertificate: String?
    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The certificate's PEM private key.", valueName: "file"))
    var tlsKey: String?
    @Option(name: .customLong("erasure-interval"), help: "Seconds between erasure runs.") var erasureInterval = 60
    @Option(name: .customLong("retention-interval"), help: "Seconds between retention runs.") var retentionInterval = 3600
    @Option(name: .customLong("checkpoint-interval"), help: "Seconds between audit checkpoint checks.") var checkpointInterval = 30
    @Option(name: .customLong("io-threads"), help: "Event-loop threads for sockets and HTTP parsing (default: one a core).") var ioThreads: Int?
    @Option(name: .customLong("consent-fast-path"),
            help: "on: plain consent checks are answered on the event loop before the router; off: by the route, like every request.")
    var consentFastPath: OnOff = .on

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if let ioThreads, !(1...256).contains(ioThreads) { throw ValidationError("--io-threads: 1 to 256") }
        for (name, value) in [("--erasure-interval", erasureInterval), ("--retention-interval", retentionInterval), ("--checkpoint-interval", checkpointInterval)] where value < 1 {
            throw ValidationError("\(name): at least 1 second")
        }
    }

    func run() async throws {
        let vault = try await options.openVault()
        var jobs = ServerConfiguration.Jobs()
        jobs.erasureInterval = .seconds(erasureInterval)
        jobs.retentionInterval = .seconds(retentionInterval)
        jobs.checkpointInterval = .seconds(checkpointInterval)
        let tls = tlsCertificate.map { ServerConfiguration.TLSFiles(certificate: URL(fileURLWithPath: $0), privateKey: URL(fileURLWithPath: tlsKey!)) }
        var logger = options.logger()
        if logger.logLevel > .notice { logger.logLevel = .notice }  // the listening line is always shown
        var configuration = ServerConfiguration(host: host, port: port, tls: tls, jobs: jobs)
        configuration.consentCheckFastPath = consentFastPath == .on
        configuration.eventLoopThreads = ioThreads
        let server = VaultAPIServer(vault: vault, configuration: configuration, logger: logger)
        try await server.run(handleSignals: true)
    }
}

/// An `on|off` option value.
enum OnOff: String, ExpressibleByArgument {
    case on, off
}
