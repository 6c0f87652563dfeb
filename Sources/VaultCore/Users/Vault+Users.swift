public import Foundation
import Logging
import Synchronization
import VaultAudit
import VaultCrypto
public import VaultPolicy
import VaultStore

extension APIRole {
    /// Whether an account of this role has console pages (dialers and recorders are machines' roles).
    public var hasConsole: Bool { self == .auditor || self == .dpo || self == .admin }
    /// Whether an account of this role must pass a TOTP second factor (PCI DSS 8.4: every
    /// access to the data or its administration).
    public var needsSecondFactor: Bool { hasConsole }
}

/// A console account as the CLI's `--json` and the console show it: never its password hash
/// or TOTP secret.
public struct UserAccount: Sendable, Codable, Equatable {
    /// The sign-in name.
    public var name: String
    /// Its role.
    public var role: APIRole
    /// When it was created.
    public var createdAt: Date
    /// Whether it was disabled.
    public var disabled: Bool
    /// Whether its TOTP second factor is enrolled.
    public var secondFactorEnrolled: Bool
    /// Until when it is locked out after failed sign-ins, if it is.
    public var lockedUntil: Date?
    /// The console language it chose, if any.
    public var language: String?

    /// The actor its console actions are audited as.
    public var actor: VaultActor { VaultActor(name: name, authentication: "console:\(role.rawValue)") }

    private enum CodingKeys: String, CodingKey {
        case name, role, createdAt = "created_at", disabled, secondFactorEnrolled = "second_factor_enrolled", lockedUntil = "locked_until", language
    }

    /// Times as RFC 3339 text, keys in snake_case, as the API writes them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(role, forKey: .role)
        try c.encode(Self.time(createdAt), forKey: .createdAt)
        try c.encode(disabled, forKey: .disabled)
        try c.encode(secondFactorEnrolled, forKey: .secondFactorEnrolled)
        try c.encodeIfPresent(lockedUntil.map(Self.time), forKey: .lockedUntil)
        try c.encodeIfPresent(language, forKey: .language)
    }

    /// Reads what `encode(to:)` wrote.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ text: String, _ key: CodingKeys) throws -> Date {
            guard let date = try? Date(text, strategy: .iso8601) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an RFC 3339 time")
            }
            return date
        }
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(APIRole.self, forKey: .role)
        createdAt = try date(try c.decode(String.self, forKey: .createdAt), .createdAt)
        disabled = try c.decode(Bool.self, forKey: .disabled)
        secondFactorEnrolled = try c.decode(Bool.self, forKey: .secondFactorEnrolled)
        lockedUntil = try c.decodeIfPresent(String.self, forKey: .lockedUntil).map { try date($0, .lockedUntil) }
        language = try c.decodeIfPresent(String.self, forKey: .language)
    }

    init(name: String, role: APIRole, createdAt: Date, disabled: Bool, secondFactorEnrolled: Bool, lockedUntil: Date?, language: String?) {
        self.name = name; self.role = role; self.createdAt = createdAt; self.disabled = disabled
        self.secondFactorEnrolled = secondFactorEnrolled; self.lockedUntil = lockedUntil; self.language = language
    }

    private static func time(_ date: Date) -> String { date.formatted(.iso8601) }
}

/// Where a sign-in stands after one step.
public enum SignInStep: Sendable, Equatable {
    /// Refused: a wrong name, password or code, or a locked or disabled account. One answer for
    /// all of them, so the console tells a guesser nothing.
    case refused
    /// The password passed; the account's TOTP code is next.
    case needsCode(UserAccount)
    /// The password passed; the account must enrol a second factor before it signs in.
    case needsEnrolment(UserAccount)
    /// Every factor passed (audited `user.sign_in`).
    case signedIn(UserAccount)
}

/// Console accounts' use cases, as `vault.users`: create, list, disable, reset, and each step of
/// a sign-in. Every password check runs scrypt on the blocking pool; every decision about
/// failures and lock-outs is `SignInRules`'.
public struct UserService: Sendable {
    let vault: Vault
    /// The lock-out and password rules (VaultPolicy's defaults: PCI DSS 8.3).
    public let rules: SignInRules = .default

    /// Creates an account. Throws `VaultError(.refused)` for a bad name, role-less or weak
    /// password, `StoreError(.conflict)` for a taken name. Audited (`user.create`).
    public func add(name: String, role: APIRole, password: String, actor: VaultActor) async throws -> UserAccount {
        let name = try Self.validName(name)
        if let problem = rules.passwordProblem(password, name: name) { throw VaultError(.refused, problem) }
        let hash = try await BlockingWork.run { try PasswordHash.make(password, logN: Self.cost(vault)) }
        return try await BlockingWork.run {
            let record = vault.rows.sealed(UserRecord(id: UUID().uuidString.lowercased(), name: name, role: role.rawValue, passwordHash: hash,
                                                      createdAt: RowAuthenticator.wholeMilliseconds(vault.now)))
            let audit = vault.auditLog.rowMaker(for: vault.draft(.userCreate, actor: actor, target: name, detail: ["role": role.rawValue]))
            try vault.catalog.write("cannot store the console account") { tx in
                try tx.users.insert(record)
                try tx.appendAudit([audit])
            }
            return try Self.account(record)
        }
    }

    /// Every account, oldest first.
    public func list() async throws -> [UserAccount] {
        try await BlockingWork.run { try vault.catalog.users().map(Self.account) }
    }

    /// The account named `name`, nil when there is none or its row was not written by the vault.
    public func account(named name: String) async throws -> UserAccount? {
        try await BlockingWork.run {
            guard let record = try vault.catalog.user(named: name), vault.rows.authentic(record) else { return nil }
            return try Self.account(record)
        }
    }

    /// Disables the account: it can no longer sign in, and its sessions end at their next
    /// request. Audited (`user.disable`); `StoreError(.notFound)` when there is no such account.
    public func disable(name: String, actor: VaultActor) async throws {
        try await update(name, "cannot disable the console account", audit: vault.draft(.userDisable, actor: actor, target: name)) { user, now in
            if user.disabledAt == nil { user.disabledAt = RowAuthenticator.wholeMilliseconds(now) }
        }
    }

    /// Sets a new password, clears the second factor (enrolled again at the next sign-in), the
    /// failures and any lock-out, and enables the account again. Audited (`user.reset`).
    public func reset(name: String, password: String, actor: VaultActor) async throws {
        if let problem = rules.passwordProblem(password, name: name) { throw VaultError(.refused, problem) }
        let hash = try await BlockingWork.run { try PasswordHash.make(password, logN: Self.cost(vault)) }
        try await update(name, "cannot reset the console account", audit: vault.draft(.userReset, actor: actor, target: name)) { user, _ in
            user.passwordHash = hash
            user.totpSecret = nil
            user.totpLastStep = nil
            user.failedSignIns = 0
            user.lockedUntil = nil
            user.disabledAt = nil
        }
    }

    /// The first step of a sign-in: the password of `name`. Runs scrypt even for an unknown
    /// name, so the time taken does not tell which names exist. A failure counts towards the
    /// account's lock-out and is audited (`user.sign_in`, denied).
    public func checkPassword(name: String, password: String) async throws -> SignInStep {
        let record = try await BlockingWork.run { try vault.catalog.user(named: name) }
        let matches = try await BlockingWork.run {
            (try? PasswordHash.verify(password, against: record?.passwordHash ?? Self.decoyHash(vault))) ?? false
        }
        return try await BlockingWork.run {
            guard let record, vault.rows.authentic(record) else {
                if let forged = record {
                    vault.logger.warning("a console account row does not authenticate; refused", metadata: ["user.id": "\(forged.id)"])
                }
                try vault.logAudit(.userSignIn, actor: Self.claimed(name), target: nil, outcome: .denied, detail: ["why": "unknown account"])
                return .refused
            }
            guard let role = APIRole(rawValue: record.role) else { return .refused }
            if let why = refusal(record) {
                try vault.logAudit(.userSignIn, actor: Self.claimed(name), target: nil, outcome: .denied, detail: ["why": why])
                return .refused
            }
            guard matches else { try fail(name, why: "wrong password"); return .refused }
            let account = try Self.account(record)
            if !role.needsSecondFactor { return try succeed(name) }
            return record.totpSecret == nil ? .needsEnrolment(account) : .needsCode(account)
        }
    }

    /// The second step: a TOTP code of `name`'s enrolled secret, good once (a code already
    /// used is refused). A failure counts towards the lock-out.
    public func checkCode(name: String, code: String) async throws -> SignInStep {
        try await BlockingWork.run {
            guard let record = try vault.catalog.user(named: name), vault.rows.authentic(record), let sealed = record.totpSecret else { return .refused }
            if let why = refusal(record) {
                try vault.logAudit(.userSignIn, actor: Self.claimed(name), target: nil, outcome: .denied, detail: ["why": why])
                return .refused
            }
            guard let secret = try? vault.rows.openSecret(sealed, table: "users", rowID: record.id) else {
                // Sealed for another row or under another key store: not this account's factor.
                vault.logger.warning("a console account's TOTP secret does not open; refused", metadata: ["user.id": "\(record.id)"])
                return .refused
            }
            guard let step = TOTP(secret: secret).matchingStep(code, at: vault.now), step > (record.totpLastStep ?? .min) else {
                try fail(name, why: "wrong code")
                return .refused
            }
            return try succeed(name, step: step)
        }
    }

    /// Enrols `secret` (made by `TOTP.generateSecret`, shown to the user as a QR code) as
    /// `name`'s second factor once `code` proves the user's app has it; signs in. Only for an
    /// account whose password just passed and that has no second factor yet.
    public func enrol(name: String, secret: [UInt8], code: String) async throws -> SignInStep {
        try await BlockingWork.run {
            guard let record = try vault.catalog.user(named: name), vault.rows.authentic(record), record.totpSecret == nil,
                  refusal(record) == nil else { return .refused }
            guard let step = TOTP(secret: secret).matchingStep(code, at: vault.now) else {
                try fail(name, why: "wrong enrolment code")
                return .refused
            }
            let sealed = try vault.rows.sealSecret(secret, table: "users", rowID: record.id)
            let enrolled = vault.auditLog.rowMaker(for: vault.draft(.userEnrol, actor: Self.claimed(name), target: name))
            try vault.catalog.write("cannot enrol the second factor") { tx in
                guard var user = try tx.users.user(named: name), user.totpSecret == nil else { throw VaultError(.conflict, "the account enrolled meanwhile") }
                user.totpSecret = sealed
                try tx.users.update(vault.rows.sealed(user))
                try tx.appendAudit([enrolled])
            }
            return try succeed(name, step: step)
        }
    }

    /// Sets the console language `name` chose (`en`, `zh-CN`), or nil for the browser's. Not audited:
    /// it decides nothing.
    public func setLanguage(name: String, language: String?) async throws {
        if let language, !["en", "zh-CN"].contains(language) { throw VaultError(.refused, "the console speaks en and zh-CN") }
        try await BlockingWork.run {
            try vault.catalog.write("cannot store the language") { tx in
                guard var user = try tx.users.user(named: name) else { throw StoreError(.notFound, "no console account is named '\(name)'") }
                user.language = language
                try tx.users.update(vault.rows.sealed(user))
            }
        }
    }

    /// A random password for a new or reset account: 20 letters and digits without look-alikes (116 bits).
    public static func randomPassword() throws -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var password = ""
        while password.count < 20 {
            for byte in try SecureRandom.bytes(32) where Int(byte) < 224 && password.count < 20 { password.append(alphabet[Int(byte) % alphabet.count]) }
        }
        return password
    }

    /// Records the end of a console session (`why`: `sign-out` or `idle`, with when it was last
    /// used). Audited (`user.sign_out`).
    public func signedOut(_ account: UserAccount, why: String, lastSeen: Date? = nil) async throws {
        var detail = ["why": why]
        if let lastSeen { detail["last_seen"] = lastSeen.formatted(.iso8601) }
        let entry = detail
        try await BlockingWork.run { try vault.logAudit(.userSignOut, actor: account.actor, target: nil, detail: entry) }
    }

    // MARK: - Steps

    /// Why `record` may not sign in now (disabled, locked), or nil.
    private func refusal(_ record: UserRecord) -> String? {
        if record.disabledAt != nil { return "disabled" }
        if rules.isLocked(.init(failures: record.failedSignIns, lockedUntil: record.lockedUntil), now: vault.now) { return "locked" }
        return nil
    }

    /// Counts a failure, locking the account at the limit; audits both.
    private func fail(_ name: String, why: String) throws {
        let now = vault.now
        try vault.catalog.write("cannot record the failed sign-in") { tx in
            guard var user = try tx.users.user(named: name) else { return }
            let after = rules.afterFailure(.init(failures: user.failedSignIns, lockedUntil: user.lockedUntil), now: now)
            user.failedSignIns = after.failures
            var audits = [vault.auditLog.rowMaker(for: vault.draft(.userSignIn, actor: Self.claimed(name), target: nil, outcome: .denied, detail: ["why": why]))]
            if after.lockedUntil != user.lockedUntil, let until = after.lockedUntil {
                user.lockedUntil = RowAuthenticator.wholeMilliseconds(until)
                audits.append(vault.auditLog.rowMaker(for: vault.draft(.userLockOut, actor: .console, target: name,
                                                                        detail: ["until": ISO8601DateFormatter().string(from: until)])))
            }
            try tx.users.update(vault.rows.sealed(user))
            try tx.appendAudit(audits)
        }
    }

    /// Clears the failures, keeps the code's step (so it is good once), audits the sign-in.
    private func succeed(_ name: String, step: Int64? = nil) throws -> SignInStep {
        try vault.catalog.write("cannot record the sign-in") { tx in
            guard var user = try tx.users.user(named: name), let role = APIRole(rawValue: user.role) else { return .refused }
            user.failedSignIns = 0
            user.lockedUntil = nil
            if let step { user.totpLastStep = step }
            try tx.users.update(vault.rows.sealed(user))
            let account = try Self.account(user)
            try tx.appendAudit([vault.auditLog.rowMaker(for: vault.draft(.userSignIn, actor: account.actor, target: nil,
                                                                          detail: ["factors": role.needsSecondFactor ? "password+totp" : "password"]))])
            return .signedIn(account)
        }
    }

    /// Reads, changes and rewrites one account with its audit entry, in one transaction.
    private func update(_ name: String, _ what: String, audit: AuditDraft, _ change: @escaping @Sendable (inout UserRecord, Date) -> Void) async throws {
        try await BlockingWork.run {
            let maker = vault.auditLog.rowMaker(for: audit), now = vault.now
            try vault.catalog.write(what) { tx in
                guard var user = try tx.users.user(named: name) else { throw StoreError(.notFound, "no console account is named '\(name)'") }
                change(&user, now)
                try tx.users.update(vault.rows.sealed(user))
                try tx.appendAudit([maker])
            }
        }
    }

    // MARK: - Values

    /// The configured scrypt cost, held to what `PasswordHash` accepts.
    static func cost(_ vault: Vault) -> Int {
        min(max(vault.configuration.passwordCost, PasswordHash.acceptedLogN.lowerBound), PasswordHash.acceptedLogN.upperBound)
    }

    /// The actor of an attempt that has not proved who it is: the name given, unauthenticated.
    static func claimed(_ name: String) -> VaultActor { VaultActor(name: String(name.prefix(128)), authentication: "console:unverified") }

    /// Hashes that match no password, one per cost, checked for unknown names (so they cost what
    /// a real account's check costs).
    private static let decoys = Mutex<[Int: String]>([:])

    /// The decoy hash at `vault`'s configured cost.
    static func decoyHash(_ vault: Vault) -> String {
        let cost = cost(vault)
        if let hash = decoys.withLock({ $0[cost] }) { return hash }
        let hash = (try? PasswordHash.make(UUID().uuidString, logN: cost)) ?? ""
        decoys.withLock { $0[cost] = hash }
        return hash
    }

    static func validName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 64,
              trimmed.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0) }) else {
            throw VaultError(.refused, "an account name is 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        return trimmed
    }

    static func account(_ record: UserRecord) throws -> UserAccount {
        guard let role = APIRole(rawValue: record.role) else { throw VaultError(.internal, "account '\(record.name)' has an unknown role") }
        return UserAccount(name: record.name, role: role, createdAt: record.createdAt, disabled: record.disabledAt != nil,
                           secondFactorEnrolled: record.totpSecret != nil, lockedUntil: record.lockedUntil, language: record.language)
    }
}

extension VaultActor {
    /// The console's own actions (a lock-out).
    public static let console = VaultActor(name: "callvault-console", authentication: "system")
}

extension Vault {
    /// Console accounts' use cases.
    public var users: UserService { UserService(vault: self) }
}
