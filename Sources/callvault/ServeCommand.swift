import ArgumentParser
import Foundation
import VaultCore
import VaultLive
import VaultRTP
import VaultServer

/// `callvault serve`: runs the vault as an HTTP service with its background jobs.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the vault over HTTP (JSON API under /v1; OpenAPI at /openapi.yaml) and run its background jobs.",
        discussion: """
            Jobs: audit checkpoints, erasure of open requests, retention, key rotation when due, recovery of interrupted \
            ingests. On a vault whose PostgreSQL catalog several nodes share, one node at a time (the holder of the \
            catalog's leader lease) runs all but this node's own recovery. The CLI keeps working on the same vault \
            meanwhile. SIGTERM or SIGINT stops gracefully.
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
    @Option(name: .customLong("recovery-interval"),
            help: "Seconds between looks for ingests that a killed process left (this node's; on a shared catalog the leader also ends those of nodes gone).")
    var recoveryInterval = 300
    @Option(name: .customLong("backup-to"), help: ArgumentHelp("Take backups into this directory or s3:// bucket on a schedule (see callvault backup).", valueName: "dir|s3://…"))
    var backupTo: String?
    @Option(name: .customLong("backup-interval"), help: "Hours from the newest successful backup to the next (with --backup-to).") var backupInterval = 24.0
    @Option(name: .customLong("backup-keep"), help: "Backups kept in --backup-to.") var backupKeep = 14
    @Option(name: .customLong("standby-recipient"),
            help: ArgumentHelp("Backups also carry the key store, age-encrypted to this recipient (age1…, or a file holding it): for a standby (callvault standby) or `restore --identity`.",
                               valueName: "age1…|file")) var standbyRecipient: String?
    @Option(name: .customLong("io-threads"), help: "Event-loop threads for sockets and HTTP parsing (default: one a core).") var ioThreads: Int?
    @Option(name: .customLong("consent-fast-path"),
            help: "on: plain consent checks are answered on the event loop before the router; off: by the route, like every request.")
    var consentFastPath: OnOff = .on
    @OptionGroup(title: "Live recording (SIPREC)") var siprec: SIPRECOptions
    @Option(name: .customLong("monitor-webhook"),
            help: ArgumentHelp("Post high-severity phrases heard in live calls' streamed transcripts here (signed JSON; with --monitor-webhook-secret-file).", valueName: "url"))
    var monitorWebhook: String?
    @Option(name: .customLong("monitor-webhook-secret-file"),
            help: ArgumentHelp("A file holding the key the webhook's bodies are signed with (HMAC-SHA256; 16 bytes or more).", valueName: "file"))
    var monitorWebhookSecretFile: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if let ioThreads, !(1...256).contains(ioThreads) { throw ValidationError("--io-threads: 1 to 256") }
        guard backupInterval >= 1.0 / 60 else { throw ValidationError("--backup-interval: at least one minute (1/60 hours)") }
        guard backupKeep >= 1 else { throw ValidationError("--backup-keep: at least 1") }
        if standbyRecipient != nil, backupTo == nil { throw ValidationError("--standby-recipient goes with --backup-to") }
        try siprec.validate()
        if siprec.sipTLSListen != nil, tlsCertificate == nil {
            throw ValidationError("--sip-tls-listen needs --tls-cert and --tls-key (the certificate SIP over TLS presents)")
        }
        guard (monitorWebhook == nil) == (monitorWebhookSecretFile == nil) else {
            throw ValidationError("--monitor-webhook and --monitor-webhook-secret-file go together")
        }
        for (name, value) in [("--erasure-interval", erasureInterval), ("--retention-interval", retentionInterval), ("--checkpoint-interval", checkpointInterval),
                              ("--recovery-interval", recoveryInterval)] where value < 1 {
            throw ValidationError("\(name): at least 1 second")
        }
    }

    func run() async throws {
        let recipient = try standbyRecipient.map(BackupCommand.recipient)
        let vault = try await options.openVault()
        if vault.isFenced {
            throw ExitStatus(code: 69, message: "this vault is fenced: its standby was promoted (\(vault.layout.fenceURL.path)); serve the promoted vault")
        }
        var jobs = ServerConfiguration.Jobs()
        jobs.erasureInterval = .seconds(erasureInterval)
        jobs.retentionInterval = .seconds(retentionInterval)
        jobs.checkpointInterval = .seconds(checkpointInterval)
        jobs.recoveryInterval = .seconds(recoveryInterval)
        jobs.backup = backupTo.map { ServerConfiguration.ScheduledBackup(location: BackupLocation($0), interval: backupInterval * 3600, keep: backupKeep,
                                                                         standbyRecipient: recipient) }
        let tls = tlsCertificate.map { ServerConfiguration.TLSFiles(certificate: URL(fileURLWithPath: $0), privateKey: URL(fileURLWithPath: tlsKey!)) }
        var logger = options.logger()
        if logger.logLevel > .notice { logger.logLevel = .notice }  // the listening line is always shown
        var configuration = ServerConfiguration(host: host, port: port, tls: tls, jobs: jobs)
        configuration.consentCheckFastPath = consentFastPath == .on
        configuration.eventLoopThreads = ioThreads
        configuration.siprec = try siprec.configuration(tlsFiles: tls)
        configuration.monitorWebhook = try webhookConfiguration()
        let server = VaultAPIServer(vault: vault, configuration: configuration, logger: logger)
        try await server.run(handleSignals: true)
    }
}

/// `serve`'s SIPREC options: a Session Recording Server beside the API.
extension ServeCommand {
    /// The monitoring webhook's configuration, its secret read from its file (trailing line
    /// breaks and spaces dropped); nil without `--monitor-webhook`.
    func webhookConfiguration() throws -> MonitorWebhookConfiguration? {
        guard let monitorWebhook, let monitorWebhookSecretFile else { return nil }
        guard let url = URL(string: monitorWebhook) else { throw ValidationError("--monitor-webhook: \(monitorWebhook) is not a URL") }
        guard let data = FileManager.default.contents(atPath: monitorWebhookSecretFile) else {
            throw ValidationError("--monitor-webhook-secret-file: cannot read \(monitorWebhookSecretFile)")
        }
        var secret = Array(data)
        while let last = secret.last, last == 0x0A || last == 0x0D || last == 0x20 { secret.removeLast() }
        return try MonitorWebhookConfiguration(url: url, secret: secret)
    }
}

struct SIPRECOptions: ParsableArguments {
    @Flag(name: .customLong("siprec"), help: "Record calls that SBCs or PBXs send over SIPREC (RFC 7866).") var enabled = false
    @Option(name: .customLong("sip-listen"), help: ArgumentHelp("Where SIP is received, UDP and TCP ([v6]:port for IPv6).", valueName: "host:port"))
    var sipListen = "0.0.0.0:5060"
    @Option(name: .customLong("media-address"),
            help: ArgumentHelp("The IPv4 or IPv6 address RTP is received on and SDP answers name (default: the --sip-listen host).", valueName: "ip"))
    var mediaAddress: String?
    @Option(name: .customLong("rtp-ports"), help: ArgumentHelp("The RTP port range offered, one even port a stream.", valueName: "first-last"))
    var rtpPorts = "20000-29999"
    @Option(name: .customLong("siprec-max-calls"), help: "Recording sessions at once; more are answered 503.") var maximumCalls = 500
    @Option(name: .customLong("siprec-direction"), help: "outbound: the callee is the subject; inbound: the caller.") var direction = "outbound"
    @Option(name: .customLong("siprec-media-timeout"), help: "Seconds without RTP after which the server ends a session (it sends BYE).")
    var mediaTimeout = 120.0
    @Option(name: .customLong("siprec-max-rate"),
            help: ArgumentHelp("New recording sessions a second one address may open; more are answered 503 (0: no limit).", valueName: "per-second"))
    var maximumRate = 50.0
    @Option(name: .customLong("sip-tls-listen"),
            help: ArgumentHelp("Also receive SIP over TLS here, with the certificate of --tls-cert and --tls-key.", valueName: "host:port"))
    var sipTLSListen: String?
    @Option(name: .customLong("siprec-complexity"),
            help: "Opus encoder complexity of live calls, 0-10 (default: the vault's, 10); lower keeps more calls at once on few cores.")
    var complexity: Int?

    func validate() throws { _ = try configuration(tlsFiles: nil) }

    /// The host (as written) and port of `host:port` or `[v6]:port`; a port outside 0–65535, or
    /// none, is a validation error naming `option`.
    static func hostPort(_ text: String, option: String) throws -> (host: Substring, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("\(option): \(text) is not host:port")
        }
        return (text[..<colon], port)
    }

    /// An address as written in `host:port`, without the brackets of `[v6]:port`.
    static func unbracketed(_ text: Substring) -> String {
        text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : String(text)
    }

    /// The server's configuration, or nil without `--siprec`; `tlsFiles` (serve's `--tls-cert` and
    /// `--tls-key`) are the certificate `--sip-tls-listen` presents.
    func configuration(tlsFiles: ServerConfiguration.TLSFiles?) throws -> SIPRECConfiguration? {
        guard enabled else { return nil }
        let (listenHost, port) = try Self.hostPort(sipListen, option: "--sip-listen")
        let host = Self.unbracketed(listenHost)
        guard IPAddress(host) != nil else { throw ValidationError("--sip-listen: \(host) is not an IPv4 or IPv6 address") }
        let media = mediaAddress.map { Self.unbracketed($0[...]) } ?? host
        guard let mediaIP = IPAddress(media), mediaIP != IPAddress("0.0.0.0"), mediaIP != IPAddress("::") else {
            throw ValidationError("--media-address: give the IPv4 or IPv6 address SBCs send RTP to (the --sip-listen host is \(host))")
        }
        let bounds = rtpPorts.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1], bounds[0] >= 1024, bounds[1] <= 65535 else {
            throw ValidationError("--rtp-ports: \(rtpPorts) is not a range first-last within 1024-65535")
        }
        guard maximumCalls >= 1 else { throw ValidationError("--siprec-max-calls: at least 1") }
        guard let callDirection = CallDirection(rawValue: direction) else { throw ValidationError("--siprec-direction: outbound or inbound") }
        guard mediaTimeout >= 1, mediaTimeout.isFinite else { throw ValidationError("--siprec-media-timeout: at least 1 second") }
        if let complexity, !(0...10).contains(complexity) { throw ValidationError("--siprec-complexity: 0 to 10") }
        guard maximumRate >= 0, maximumRate.isFinite else { throw ValidationError("--siprec-max-rate: 0 (no limit) or more") }
        var tls: SIPRECConfiguration.TLS?
        if let sipTLSListen {
            let (given, tlsPort) = try Self.hostPort(sipTLSListen, option: "--sip-tls-listen")
            let tlsHost = given.isEmpty ? host : Self.unbracketed(given)
            if let tlsFiles {
                tls = SIPRECConfiguration.TLS(host: tlsHost, port: tlsPort, certificate: tlsFiles.certificate, privateKey: tlsFiles.privateKey)
            }
        }
        return SIPRECConfiguration(sipHost: host, sipPort: port, mediaAddress: media, rtpPorts: bounds[0]...min(bounds[1], 65534),
                                   maximumCalls: maximumCalls, direction: callDirection, mediaTimeout: mediaTimeout, complexity: complexity,
                                   tls: tls, maximumSessionRate: maximumRate > 0 ? maximumRate : nil)
    }
}

/// An `on|off` option value.
enum OnOff: String, ExpressibleByArgument {
    case on, off
}
