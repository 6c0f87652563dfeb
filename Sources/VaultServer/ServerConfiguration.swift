public import Foundation
public import VaultLive
public import VaultCore
public import VaultCrypto

/// How `callvault serve` runs: where it listens, its limits, and how often its background jobs
/// run. Every field has a documented default; nothing here is global.
public struct ServerConfiguration: Sendable {
    /// TLS material: a PEM certificate chain and its PEM private key.
    public struct TLSFiles: Sendable, Equatable {
        /// The certificate chain (PEM).
        public var certificate: URL
        /// The private key (PEM).
        public var privateKey: URL
        /// Creates TLS settings from the two files.
        public init(certificate: URL, privateKey: URL) {
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }

    /// Backups `serve` takes on a schedule (`callvault serve --backup-to`).
    public struct ScheduledBackup: Sendable, Equatable {
        /// Where backups go: a directory or a bucket.
        public var location: BackupLocation
        /// How long after the newest successful backup the next is due (a server started later
        /// than that backs up at once).
        public var interval: TimeInterval
        /// How many backups are kept there.
        public var keep: Int
        /// How often the job looks whether one is due. Default a minute.
        public var checkInterval: Duration
        /// A standby's age recipient: each backup also carries the key store encrypted to it
        /// (see `StandbySite`). Nil: no key material in the backups.
        public var standbyRecipient: AgeX25519PublicKey?

        /// Creates a schedule.
        public init(location: BackupLocation, interval: TimeInterval = 86_400, keep: Int = 14, checkInterval: Duration = .seconds(60),
                    standbyRecipient: AgeX25519PublicKey? = nil) {
            self.location = location
            self.interval = interval
            self.keep = keep
            self.checkInterval = checkInterval
            self.standbyRecipient = standbyRecipient
        }
    }

    /// Intervals of the jobs `serve` runs beside the API.
    public struct Jobs: Sendable, Equatable {
        /// How often a checkpoint is considered (signed when the log has grown; the audit log
        /// itself waits a minute between checkpoints). Default 30 s.
        public var checkpointInterval: Duration
        /// How often open erasure requests are executed. Default 60 s.
        public var erasureInterval: Duration
        /// How often retention (expired recordings, ended restrictions) runs. Default 1 hour.
        public var retentionInterval: Duration
        /// How often key rotation is checked (it rotates when the policy's period ends). Default 1 day; also at start.
        public var keyRotationInterval: Duration
        /// How often ingests interrupted by a crash of another process are rolled back. Default 5 minutes.
        public var recoveryInterval: Duration
        /// Scheduled backups; nil takes none.
        public var backup: ScheduledBackup?
        /// How often the server looks whether the vault was fenced: at the backup location for a
        /// promoted standby's fence (with `backup`), and for `fenced.json` another process wrote.
        public var fenceCheckInterval: Duration = .seconds(5)
        /// How often a node of a shared vault checks the cluster's leader lease (takes it when
        /// free, confirms it while held). Default 2 s.
        public var leaseInterval: Duration = .seconds(2)

        /// Creates job intervals; every parameter has the documented default.
        public init(checkpointInterval: Duration = .seconds(30), erasureInterval: Duration = .seconds(60),
                    retentionInterval: Duration = .seconds(3600), keyRotationInterval: Duration = .seconds(86_400),
                    recoveryInterval: Duration = .seconds(300)) {
            self.checkpointInterval = checkpointInterval
            self.erasureInterval = erasureInterval
            self.retentionInterval = retentionInterval
            self.keyRotationInterval = keyRotationInterval
            self.recoveryInterval = recoveryInterval
        }
    }

    /// The address to listen on. Default `127.0.0.1` (loopback only).
    public var host: String
    /// The port; 0 picks a free one (tests). Default 8080.
    public var port: Int
    /// TLS, when set. Default none (plain HTTP, for loopback or behind a TLS proxy).
    public var tls: TLSFiles?
    /// The largest JSON request body accepted. Default 8 MiB (a batch check of 100,000 numbers is about 2 MiB).
    public var maxJSONBodySize: Int
    /// The largest upload accepted (`POST /v1/recordings`). Default 2 GiB.
    public var maxUploadSize: Int
    /// The largest capture (pcap, pcapng, rtpdump) upload, in bytes. Default 512 MiB: a
    /// capture's RTP payloads are held in memory until its calls are assembled.
    public var maxCaptureUploadSize: Int
    /// The most numbers in one batch check. Default 100,000.
    public var maxBatchNumbers: Int
    /// Uploads ingested at once; one more is answered 503 with `Retry-After`. Default: the
    /// number of cores (each upload decodes and encodes on a thread of its own).
    public var maxConcurrentUploads: Int
    /// A connection idle this long is closed. Default 60 s.
    public var idleTimeout: Duration
    /// How long an authenticated token is trusted before it is looked up again, so a revocation
    /// made by the CLI takes effect within this time. Default 1 s.
    public var tokenRecheckInterval: Duration
    /// An open erasure request whose deadline is nearer than this counts as at risk in `/metrics`. Default 24 hours.
    public var erasureAtRiskWindow: TimeInterval
    /// The background jobs' intervals. Nil runs no jobs (tests that drive jobs themselves).
    public var jobs: Jobs?
    /// Answer plain consent checks (no claim) with a valid cached dialer token on the event
    /// loop (`ConsentCheckWireFastPath` from the connection's bytes, `ConsentCheckFastPath` from
    /// decoded parts), with the same answer as the route; anything else goes through the router
    /// as before. Default on.
    public var consentCheckFastPath: Bool
    /// With the fast path, each event loop's checks share one read transaction while the catalog
    /// is unchanged (`ConsentChecker`), for at most this long, which is also how long a
    /// checkpoint may wait for it. Default 50 ms.
    public var consentSnapshotHold: Duration
    /// SwiftNIO event-loop threads (socket I/O and HTTP parsing). Default: NIO's shared group,
    /// one thread a core.
    public var eventLoopThreads: Int?
    /// The SIPREC recording server to run beside the API (on the same event loops), when set.
    /// Default none.
    public var siprec: SIPRECConfiguration?
    /// Where high-severity phrases heard in live calls' streamed transcripts are posted, when
    /// set. Default none: hits are still stored with each transcript.
    public var monitorWebhook: MonitorWebhookConfiguration?

    /// Creates a configuration; every parameter has the documented default.
    public init(host: String = "127.0.0.1", port: Int = 8080, tls: TLSFiles? = nil, maxJSONBodySize: Int = 8 << 20,
                maxUploadSize: Int = 2 << 30, maxBatchNumbers: Int = 100_000, idleTimeout: Duration = .seconds(60),
                tokenRecheckInterval: Duration = .seconds(1), erasureAtRiskWindow: TimeInterval = 24 * 3600, jobs: Jobs? = Jobs(),
                consentCheckFastPath: Bool = true) {
        self.host = host
        self.port = port
        self.tls = tls
        self.maxJSONBodySize = maxJSONBodySize
        self.maxUploadSize = maxUploadSize
        self.maxCaptureUploadSize = 512 << 20
        self.maxConcurrentUploads = max(2, ProcessInfo.processInfo.activeProcessorCount)
        self.maxBatchNumbers = maxBatchNumbers
        self.idleTimeout = idleTimeout
        self.tokenRecheckInterval = tokenRecheckInterval
        self.erasureAtRiskWindow = erasureAtRiskWindow
        self.jobs = jobs
        self.consentCheckFastPath = consentCheckFastPath
        self.consentSnapshotHold = .milliseconds(50)
    }
}
