/// Turns a normalised phone number into a stable pseudonym: hex HMAC-SHA256 under the key
/// store's pseudonym secret. Without that secret (which never sits in the vault's data) no
/// pseudonym can be brute-forced back to its number. `Sendable`: holds only an immutable key.
public struct Pseudonymizer: Sendable {
    private let key: SymmetricKey
    private static let label = Array("callvault.pseudonym.v1:".utf8)

    /// Creates a pseudonymizer with the key store's secret.
    public init(key: SymmetricKey) { self.key = key }

    /// The pseudonym of an E.164 number (`+8613812345678`): 64 hex characters.
    public func pseudonym(e164: String) -> String {
        HMACSHA256.authenticate(Self.label + Array(e164.utf8), key: key).hexString
    }
}
