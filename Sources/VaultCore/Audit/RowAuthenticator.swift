import Foundation
import VaultCrypto
import VaultStore

/// Authenticates the catalog rows that decide access with a key only the key store holds, so
/// that whoever can write the vault directory but not the key store cannot insert or alter them:
/// an API token's row (its role, its hash, whether it was revoked) carries an HMAC-SHA256 over
/// its fields, checked every time the token is used and by `verify`; so does each consent
/// grant (who may be called for what, since when, on what evidence, whether withdrawn), checked
/// by `verify`.
///
/// The key is derived from the key store's pseudonym secret (HMAC under it of a fixed label), so
/// it needs no new key file and is backed up with the key store. Fields are length-prefixed
/// before they are MACed, so no two rows' fields run together into the same bytes.
struct RowAuthenticator: Sendable {
    private let key: SymmetricKey
    /// Seals the secrets a row must keep but the catalog alone must not reveal (a console
    /// account's TOTP secret), derived the same way under its own label.
    private let secretKey: SymmetricKey

    /// The label the row key is derived with.
    static let label = Array("callvault.catalog-rows.v1".utf8)
    /// The label the row-secret key is derived with.
    static let secretLabel = Array("callvault.catalog-row-secrets.v1".utf8)

    init(keyStore: KeyStore) throws {
        let root = try keyStore.pseudonymKey()
        key = try SymmetricKey(bytes: HMACSHA256.authenticate(Self.label, key: root))
        secretKey = try SymmetricKey(bytes: HMACSHA256.authenticate(Self.secretLabel, key: root))
    }

    /// `secret` sealed (AES-GCM) for the row `rowID` of `table`: it opens only there.
    func sealSecret(_ secret: [UInt8], table: String, rowID: String) throws -> Data {
        Data(try AESGCM.seal(secret, key: secretKey, aad: Array("\(table)/\(rowID)".utf8)))
    }

    /// A secret `sealSecret` sealed for the row `rowID` of `table`; throws when it was moved or altered.
    func openSecret(_ sealed: Data, table: String, rowID: String) throws -> [UInt8] {
        try AESGCM.open(Array(sealed), key: secretKey, aad: Array("\(table)/\(rowID)".utf8))
    }

    /// The MAC of `fields`.
    func mac(_ fields: [String]) -> Data {
        var message: [UInt8] = []
        for field in fields {
            let bytes = Array(field.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { message += $0 }
            message += bytes
        }
        return Data(HMACSHA256.authenticate(message, key: key))
    }

    /// Whether `mac` is the MAC of `fields` (compared in constant time).
    func verify(_ fields: [String], mac: Data?) -> Bool {
        guard let mac, mac.count == 32 else { return false }
        return ConstantTime.equal(mac, self.mac(fields))
    }

    /// The fields of a token row that decide what it may do. Times as whole milliseconds, the
    /// precision the catalog stores them at (`wholeMilliseconds` makes them so before they are stored).
    static func fields(of token: APITokenRecord) -> [String] {
        ["api_token", token.id, token.name, token.role, token.tokenSha256.map { String(format: "%02x", $0) }.joined(),
         "\(milliseconds(token.createdAt))", token.revokedAt.map { "\(milliseconds($0))" } ?? ""]
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// `date` at the catalog's precision, so a MAC over it survives the round trip.
    static func wholeMilliseconds(_ date: Date) -> Date { Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000) }

    /// The fields of a consent grant row, times as whole milliseconds.
    static func fields(of grant: ConsentGrantRow) -> [String] {
        ["consent_grant", grant.subject, grant.purpose, grant.source, grant.evidence, "\(milliseconds(grant.grantedAt))",
         grant.revokedAt.map { "\(milliseconds($0))" } ?? ""]
    }

    /// The sealer the catalog calls for each grant row it writes.
    var grantSealer: ConsentGrantSealer { { [self] in mac(Self.fields(of: $0)) } }

    /// Whether a grant row is one the vault wrote.
    func authentic(_ grant: ConsentGrantRow) -> Bool { verify(Self.fields(of: grant), mac: grant.mac) }

    /// A token row with its MAC set.
    func sealed(_ token: APITokenRecord) -> APITokenRecord {
        var token = token
        token.mac = mac(Self.fields(of: token))
        return token
    }

    /// Whether a token row is one the vault wrote.
    func authentic(_ token: APITokenRecord) -> Bool { verify(Self.fields(of: token), mac: token.mac) }

    /// The fields of a console account that decide access: its name, role, password hash,
    /// second factor and whether it is disabled. The failure count and lock-out are left out:
    /// changing them by hand only unlocks an account whose password is still needed.
    static func fields(of user: UserRecord) -> [String] {
        ["user", user.id, user.name, user.role, user.passwordHash, user.totpSecret.map { $0.map { String(format: "%02x", $0) }.joined() } ?? "",
         "\(milliseconds(user.createdAt))", user.disabledAt.map { "\(milliseconds($0))" } ?? ""]
    }

    /// An account row with its MAC set.
    func sealed(_ user: UserRecord) -> UserRecord {
        var user = user
        user.mac = mac(Self.fields(of: user))
        return user
    }

    /// Whether an account row is one the vault wrote.
    func authentic(_ user: UserRecord) -> Bool { verify(Self.fields(of: user), mac: user.mac) }
}

extension Vault {
    /// The key-store file that says this vault's token rows are sealed.
    static let rowsSealedMarker = "catalog-rows.v1"
    /// The key-store file that says this vault's consent grant rows are sealed.
    static let grantsSealedMarker = "consent-rows.v1"

    /// Seals the rows of a vault made before they were authenticated, once per kind of row: the
    /// key store then says so, and from then on a row without a valid MAC is a forgery, never "old".
    func sealRowsOnce() throws {
        let rows = self.rows
        try sealOnce(marker: Self.rowsSealedMarker, what: "API token") {
            try self.catalog.write("cannot seal API tokens") { tx in
                let unsealed = try tx.tokens.unsealed()
                for token in unsealed { try tx.tokens.update(rows.sealed(token)) }
                return unsealed.count
            }
        }
        try sealOnce(marker: Self.grantsSealedMarker, what: "consent grant") { try self.catalog.sealUnsealedConsentGrants(rows.grantSealer) }
    }

    private func sealOnce(marker: String, what: String, _ seal: () throws -> Int) throws {
        guard !FileManager.default.fileExists(atPath: keyRing.keyStore.url.appendingPathComponent(marker).path) else { return }
        let sealed = try seal()
        if sealed > 0 { logger.notice("sealed the \(what) rows of a vault made before they were authenticated", metadata: ["rows": "\(sealed)"]) }
        try keyRing.keyStore.replacePrivateFile(named: marker, contents: Array("sealed\n".utf8))
    }
}
