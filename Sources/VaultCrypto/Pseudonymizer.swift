/// Turns a normalised phone number into a stable pseudonym: hex HMAC-SHA256 under the key
/// store's pseudonym secret. Without that secret (which never sits in the vault's data) no
/// pseudonym can be brute-forced back to its number. `Sendable`: holds only an immutable key
/// (and its keyed HMAC context, only ever copied).
public struct Pseudonymizer: Sendable {
    private let key: SymmetricKey
    private let mac: HMACSHA256.Keyed
    private static let label = Array("callvault.pseudonym.v1:".utf8)

    /// Creates a pseudonymizer with the key store's secret.
    public init(key: SymmetricKey) {
        self.key = key
        mac = HMACSHA256.Keyed(key: key)
    }

    /// The pseudonym of an E.164 number (`+8613812345678`): 64 hex characters.
    public func pseudonym(e164: String) -> String {
        var message = Self.label
        message.append(contentsOf: e164.utf8)
        return mac.authenticate(message, fallbackKey: key).hexString
    }
}
