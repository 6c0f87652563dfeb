import AsyncHTTPClient
public import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
public import VaultCore
import VaultCrypto

/// Where live phrase alerts are posted (`serve --monitor-webhook URL --monitor-webhook-secret-file F`).
public struct MonitorWebhookConfiguration: Sendable {
    /// The receiver: http or https.
    public var url: URL
    /// The key every body is signed with (HMAC-SHA256), shared with the receiver.
    public var secret: [UInt8]
    /// How long one attempt may take before it counts as failed.
    public var timeout: Duration
    /// Waits before the 2nd, 3rd, … attempt; an alert is given up after the last.
    public var retryDelays: [Duration]

    /// The fewest bytes a secret may have.
    public static let minimumSecretBytes = 16

    /// A configuration; throws a clear error for a URL that is not http(s) or a short secret.
    public init(url: URL, secret: [UInt8], timeout: Duration = .seconds(2),
                retryDelays: [Duration] = [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)]) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw VaultError(.misconfigured, "the monitoring webhook must be an http:// or https:// URL")
        }
        guard secret.count >= Self.minimumSecretBytes else {
            throw VaultError(.misconfigured, "the monitoring webhook's secret must be at least \(Self.minimumSecretBytes) bytes")
        }
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self.retryDelays = retryDelays
    }
}

/// Posts live phrase alerts to the monitoring webhook: a JSON `LivePhraseAlert`, signed
/// (`Callvault-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the way
/// Stripe and GitHub sign theirs, so a receiver can refuse a forged or replayed body), retried
/// with growing waits on a failure or a 408, 429 or 5xx answer (a redirect or another 4xx is
/// final: no redirect is followed), and every attempt audited
/// (`monitor.alert`). The alert's id is the same on every attempt (`Callvault-Delivery`), so a
/// receiver that got it twice can tell. Deliveries live in memory: at shutdown those in flight get
/// a few seconds, then an alert still being retried is given up, its attempts so far in the audit log.
final class MonitorWebhook: Sendable {
    let configuration: MonitorWebhookConfiguration
    private let vault: Vault
    private let logger: Logger
    /// Deliveries in progress, so shutdown can end their waits.
    private let deliveries = NIOLockedValueBox<[UUID: Task<Void, Never>]>([:])
    /// A client of its own: no redirect is followed (a 303 would turn the signed POST into a GET
    /// that "succeeds", a 307 would post the alert elsewhere), and a receiver that stalls after
    /// its answer's head holds a connection no longer than the attempt's timeout.
    private let client: HTTPClient

    init(configuration: MonitorWebhookConfiguration, vault: Vault, logger: Logger) {
        self.configuration = configuration
        self.vault = vault
        self.logger = logger
        var http = HTTPClient.Configuration(redirectConfiguration: .disallow)
        http.timeout = HTTPClient.Configuration.Timeout(connect: TimeAmount(configuration.timeout), read: TimeAmount(configuration.timeout))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// The signature header's value for `body` sent at `time` (seconds since the epoch).
    static func signature(_ body: [UInt8], at time: Int, secret: [UInt8]) -> String {
        "t=\(time),v1=" + HMACSHA256.authenticate(Array("\(time).".utf8) + body, keyBytes: secret).hexString
    }

    /// Starts posting `alert` (found in the stream `actor` sends); returns at once.
    func post(_ alert: LivePhraseAlert, actor: VaultActor) {
        let id = UUID()
        // Registered and started under the lock: a delivery that ends at once still finds its entry.
        deliveries.withLockedValue { deliveries in
            deliveries[id] = Task { [self] in
                await deliver(alert, actor: actor)
                _ = self.deliveries.withLockedValue { $0.removeValue(forKey: id) }
            }
        }
    }

    /// How long shutdown lets deliveries in flight finish before it ends their retries.
    static let shutdownGrace: Duration = .seconds(3)

    /// Lets deliveries in flight finish for up to ``shutdownGrace`` (an alert found just before
    /// SIGTERM still goes out), then ends the rest's retries, waits for each to record its last
    /// attempt, and closes the client.
    func shutdown() async {
        let deadline = ContinuousClock.now + Self.shutdownGrace
        while ContinuousClock.now < deadline, !deliveries.withLockedValue({ $0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let tasks = deliveries.withLockedValue { Array($0.values) }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        try? await client.shutdown()
    }

    private func deliver(_ alert: LivePhraseAlert, actor: VaultActor) async {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? Array(encoder.encode(alert)) else { return }
        for attempt in 1...(configuration.retryDelays.count + 1) {
            if attempt > 1 {
                do { try await Task.sleep(for: configuration.retryDelays[attempt - 2]) } catch {
                    logger.error("monitoring webhook: alert given up, the server is stopping", metadata: ["alert": "\(alert.id)"])
                    return
                }
            }
            let (status, failure) = await send(body, alert: alert, attempt: attempt)
            do {
                try await vault.monitor.recordAlertDelivery(alert, attempt: attempt, status: status, error: failure, actor: actor)
            } catch {
                logger.error("monitoring webhook: the delivery could not be audited", metadata: ["alert": "\(alert.id)", "error": "\(error)"])
            }
            if let status, (200..<300).contains(status) { return }
            // A receiver that refuses the request itself, or sends it elsewhere, will do so again.
            if let status, (300..<500).contains(status), status != 408, status != 429 { break }
        }
        logger.error("monitoring webhook: alert not delivered", metadata: ["alert": "\(alert.id)", "recording": "\(alert.recordingId)"])
    }

    /// One attempt: the receiver's status, or nil and what went wrong.
    private func send(_ body: [UInt8], alert: LivePhraseAlert, attempt: Int) async -> (Int?, String?) {
        var request = HTTPClientRequest(url: configuration.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "callvault")
        request.headers.add(name: "Callvault-Event", value: alert.event)
        request.headers.add(name: "Callvault-Delivery", value: alert.id)
        request.headers.add(name: "Callvault-Attempt", value: "\(attempt)")
        request.headers.add(name: "Callvault-Signature",
                            value: Self.signature(body, at: Int(Date().timeIntervalSince1970), secret: configuration.secret))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.timeout))
            // The answer's body is not needed; reading it frees the connection for the next alert.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (Int(response.status.code), nil)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return (nil, "timed out after \(configuration.timeout)")
        } catch {
            return (nil, "\(String(describing: type(of: error))): \(error)")
        }
    }
}
