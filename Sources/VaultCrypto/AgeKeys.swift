/// Whom an age file is encrypted to.
public enum AgeRecipient: Sendable {
    /// Anyone who knows `passphrase` (age's scrypt recipient, `age -p`). The key derivation costs
    /// 2^`workFactor` scrypt iterations and 2^`workFactor` KiB of memory; 18 (age's default) is
    /// about a second and 256 MiB. An scrypt recipient must be a file's only recipient.
    case scrypt(passphrase: String, workFactor: Int = 18)
    /// The holder of the identity behind an `age1…` public key (`age -r`).
    case x25519(AgeX25519PublicKey)
}

/// An age X25519 recipient: a 32-byte Curve25519 public key, written `age1…` (Bech32, HRP `age`).
public struct AgeX25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    static let hrp = "age"

    /// The raw 32-byte public key.
    public let rawRepresentation: [UInt8]

    /// Wraps a raw 32-byte public key.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == X25519PrivateKey.byteCount else {
            throw CryptoError(.malformed, "an age X25519 public key is 32 bytes, not \(rawRepresentation.count)")
        }
        self.rawRepresentation = rawRepresentation
    }

    /// Parses an `age1…` recipient string (lower case, as age writes it; surrounding whitespace is ignored).
    public init(parsing text: String) throws {
        let trimmed = text.trimmingASCIIWhitespace()
        guard let (hrp, data) = Bech32.decode(trimmed), hrp == Self.hrp else {
            throw CryptoError(.malformed, "not an age X25519 recipient (expected 'age1…' in Bech32)")
        }
        try self.init(rawRepresentation: data)
    }

    /// The `age1…` form, as `age -r` takes it.
    public var description: String { Bech32.encode(hrp: Self.hrp, data: rawRepresentation) }
}

/// An age X25519 identity: the private key that decrypts files sent to its ``publicKey``, written
/// `AGE-SECRET-KEY-1…` (upper-case Bech32, HRP `age-secret-key-`) as `age-keygen` does.
///
/// Its `description` names only the public key, so that interpolating an identity into a log line
/// cannot leak it; ``exportSecretKey()`` gives the secret form on purpose.
/// `Sendable`: it holds an immutable OpenSSL key (see `X25519PrivateKey`).
public final class AgeX25519Identity: Sendable, CustomStringConvertible {
    static let hrp = "AGE-SECRET-KEY-"

    private let key: X25519PrivateKey
    /// The recipient that files for this identity are encrypted to.
    public let publicKey: AgeX25519PublicKey

    private init(key: X25519PrivateKey) throws {
        self.key = key
        publicKey = try AgeX25519PublicKey(rawRepresentation: key.publicKey)
    }

    /// A fresh random identity.
    public static func generate() throws -> AgeX25519Identity {
        try AgeX25519Identity(key: .generate())
    }

    /// The identity of 32 raw private-key bytes.
    public convenience init(rawRepresentation: [UInt8]) throws {
        try self.init(key: X25519PrivateKey(rawRepresentation: rawRepresentation))
    }

    /// Parses an `AGE-SECRET-KEY-1…` string (upper case, as age writes it; surrounding whitespace
    /// is ignored). The error message never repeats the text.
    public convenience init(parsing text: String) throws {
        guard let decoded = Bech32.decode(text.trimmingASCIIWhitespace()), decoded.hrp == Self.hrp else {
            throw CryptoError(.malformed, "not an age X25519 identity (expected 'AGE-SECRET-KEY-1…' in upper-case Bech32)")
        }
        var raw = decoded.data
        defer { wipe(&raw) }
        try self.init(rawRepresentation: raw)
    }

    /// The identities in an identity file as `age-keygen` writes it: one `AGE-SECRET-KEY-1…` a
    /// line, ignoring empty lines and lines starting with `#`. Throws `.malformed` when a line is
    /// anything else (for instance an SSH key or a plugin identity) or when there is none.
    public static func parseIdentityFile(_ text: String) throws -> [AgeX25519Identity] {
        var identities = [AgeX25519Identity]()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingASCIIWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                identities.append(try AgeX25519Identity(parsing: trimmed))
            } catch let error as CryptoError {
                throw CryptoError(error.code, "identity file line \(number + 1): \(error.message)")
            }
        }
        guard !identities.isEmpty else { throw CryptoError(.malformed, "the identity file holds no age identity") }
        return identities
    }

    /// The `AGE-SECRET-KEY-1…` form, for writing an identity file. It is the secret: never log it.
    public func exportSecretKey() throws -> String {
        var raw = try key.exportRawRepresentation()
        defer { wipe(&raw) }
        return Bech32.encode(hrp: Self.hrp, data: raw)
    }

    /// An identity file in `age-keygen`'s layout (`# public key: age1…` then the secret key line).
    public func exportIdentityFile() throws -> String {
        "# public key: \(publicKey)\n\(try exportSecretKey())\n"
    }

    /// Names the identity by its public key; never the secret.
    public var description: String { "age X25519 identity for \(publicKey)" }

    /// X25519(this identity, `share`).
    func sharedSecret(with share: [UInt8]) throws -> [UInt8] { try key.sharedSecret(with: share) }
}

extension String {
    /// The string without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
