import Foundation
public import VaultCrypto

/// A signed tree head in the C2SP tlog-checkpoint signed-note format:
///
/// ```
/// <origin>
/// <tree size>
/// <base64 root hash>
///
/// — <origin> <base64(key hash[4] ‖ Ed25519 signature[64])>
/// ```
///
/// The signature covers the note text (the first three lines with their newlines); the key hash
/// is the first 4 bytes of SHA-256(origin ‖ "\n" ‖ 0x01 ‖ public key), as C2SP signed-note defines
/// for Ed25519 keys.
public struct Checkpoint: Sendable, Equatable {
    /// The log's name, `callvault/<vault id>`.
    public let origin: String
    /// How many entries it covers.
    public let treeSize: Int64
    /// The RFC 6962 root of those entries.
    public let rootHash: [UInt8]
    /// The full signed note.
    public let note: String

    /// The text that is signed.
    static func body(origin: String, treeSize: Int64, rootHash: [UInt8]) -> String {
        "\(origin)\n\(treeSize)\n\(Data(rootHash).base64EncodedString())\n"
    }

    /// The C2SP key hash of an Ed25519 key named `name`.
    static func keyHash(name: String, publicKey: Ed25519PublicKey) -> [UInt8] {
        Array(SHA256Hasher.hash(Array(name.utf8) + [0x0a, 0x01] + publicKey.rawRepresentation).prefix(4))
    }

    /// Signs a tree head.
    public init(origin: String, treeSize: Int64, rootHash: [UInt8], signer: Ed25519PrivateKey) throws {
        let text = Self.body(origin: origin, treeSize: treeSize, rootHash: rootHash)
        let signature = try signer.signature(for: Array(text.utf8))
        let blob = Self.keyHash(name: origin, publicKey: signer.publicKey) + signature
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.note = text + "\n\u{2014} \(origin) \(Data(blob).base64EncodedString())\n"
    }

    /// Parses a signed note and checks its signature under `publicKey`.
    public init(note: String, publicKey: Ed25519PublicKey) throws {
        let parts = note.components(separatedBy: "\n\n")
        guard parts.count == 2 else { throw AuditError(.malformed, "a checkpoint is a note, a blank line and signature lines") }
        let text = parts[0] + "\n"
        let lines = parts[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, let size = Int64(lines[1]), size >= 0,
              let root = Data(base64Encoded: lines[2]), root.count == 32 else {
            throw AuditError(.malformed, "the checkpoint body is not origin, tree size and base64 root hash")
        }
        let origin = lines[0]
        let expectedHash = Self.keyHash(name: origin, publicKey: publicKey)
        var verified = false
        for line in parts[1].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "\u{2014}", fields[1] == origin,
                  let blob = Data(base64Encoded: String(fields[2])), blob.count == 68 else { continue }
            if Array(blob.prefix(4)) == expectedHash,
               publicKey.isValidSignature(Array(blob.dropFirst(4)), for: Array(text.utf8)) {
                verified = true
            }
        }
        guard verified else {
            throw AuditError(.badSignature, "the checkpoint for \(origin) at size \(size) carries no valid signature by this vault's key")
        }
        self.origin = origin
        self.treeSize = size
        self.rootHash = Array(root)
        self.note = note
    }
}
