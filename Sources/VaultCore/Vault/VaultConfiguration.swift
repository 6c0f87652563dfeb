public import Foundation
public import VaultAudio
public import VaultBase
public import VaultPolicy
public import VaultStore

/// Everything a vault needs to know to run, with documented defaults. No globals: each
/// command or server builds one and passes it down.
public struct VaultConfiguration: Sendable {
    /// The vault directory.
    public var vaultURL: URL
    /// The key store to use; nil means the path recorded in `vault.json` at init.
    public var keyStoreURL: URL?
    /// For `create` only: a `pkcs11:` URI naming the token that holds the KEK (non-extractable),
    /// with its PIN in a `pin-source` file. Nil (the default) keeps the KEK in a key-store file.
    public var pkcs11KEK: String?
    /// For `create` only: where the sealed objects go, `s3://BUCKET?endpoint=…&region=…` (an
    /// S3 bucket with Object Lock, created when missing; keys from `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`). Nil (the default) keeps them in the vault's `objects/`. An open
    /// vault uses what `vault.json` names.
    public var objectStore: String?
    /// For `create` only: where the catalog goes, `postgres://USER@HOST[:PORT]/DATABASE` (a
    /// database holding no catalog yet; the password from `PGPASSWORD`). Nil (the default) keeps
    /// it in the vault's `catalog.sqlite`. An open vault uses what `vault.json` names.
    public var catalog: String?
    /// Where an S3 object store's keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_SESSION_TOKEN`) and a PostgreSQL catalog's password (`PGPASSWORD`) are read.
    /// Default: the process environment.
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// How audio is encoded. Default: 16 kbit/s a channel, complexity 10, 20 ms frames.
    public var opus: OpusEncodingOptions
    /// Plaintext bytes per sealed segment. Default 64 KiB.
    public var segmentSize: Int
    /// The country calling code for numbers given without one. Default `86`.
    public var defaultCountryCode: String
    /// How many recordings are ingested or verified at once. Default: the number of cores.
    public var concurrency: Int
    /// The source of "now". Default: the system clock.
    public var clock: any VaultClock
    /// Page cache, memory map and parallelism of the connections behind consent checks and
    /// screens. Default: `ConsentReaderOptions()` (64 MiB of page cache a reader, screens on
    /// every core).
    public var consentReaders: ConsentReaderOptions
    /// The scrypt cost of console passwords set from now on, as log2 N (14 to 20). Default 17
    /// (128 MiB and a few hundred milliseconds a hash, OWASP's minimum); a stored hash keeps the
    /// cost it was made at, so changing this affects only passwords set later.
    public var passwordCost: Int = 17
    /// The prohibited phrases every stored transcript is scanned for. Default: the shipped
    /// lexicon (`Policies/lexicon.yaml`).
    public var lexicon: Lexicon = .default

    /// Creates a configuration; every parameter but the vault has the documented default.
    public init(
        vaultURL: URL, keyStoreURL: URL? = nil, opus: OpusEncodingOptions = OpusEncodingOptions(),
        segmentSize: Int = 64 * 1024, defaultCountryCode: String = "86",
        concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, clock: any VaultClock = SystemClock(),
        consentReaders: ConsentReaderOptions = ConsentReaderOptions()
    ) {
        self.vaultURL = vaultURL
        self.keyStoreURL = keyStoreURL
        self.opus = opus
        self.segmentSize = segmentSize
        self.defaultCountryCode = defaultCountryCode
        self.concurrency = max(1, concurrency)
        self.clock = clock
        self.consentReaders = consentReaders
    }
}

/// Who performs an action, as the audit log records it.
public struct VaultActor: Sendable, Equatable {
    /// The name: an operating-system user, an API token's name or a system job.
    public var name: String
    /// How it authenticated: `local`, `token` or `system`.
    public var authentication: String

    /// Creates an actor.
    public init(name: String, authentication: String) {
        self.name = name
        self.authentication = authentication
    }

    /// The crash-recovery job.
    public static let recovery = VaultActor(name: "callvault-recovery", authentication: "system")

    /// The job that rotates the KEK when its period ends.
    public static let keyRotation = VaultActor(name: "callvault-key-rotation", authentication: "system")

    /// A `serve` node taking the cluster's leader lease.
    public static let cluster = VaultActor(name: "callvault-cluster", authentication: "system")

    /// The operating-system user running this process, authenticated locally.
    public static var localUser: VaultActor {
        let name = getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
        return VaultActor(name: name, authentication: "local")
    }
}
