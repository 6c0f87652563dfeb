import VaultBase

/// The associated data that binds each wrapped key to its owner, so a wrapped key copied to
/// another row, or checked under another KEK version, fails to unwrap.
enum KeyContext {
    /// A recording's data key, wrapped under KEK `kekVersion`.
    static func dataKey(recording id: RecordingID, kekVersion: Int) -> [UInt8] {
        Array("datakey|kek:\(kekVersion)|recording:\(id)".utf8)
    }

    /// The audit log's Ed25519 signing seed, wrapped under KEK `kekVersion`.
    static func auditSigningKey(kekVersion: Int) -> [UInt8] { Array("audit-signing|kek:\(kekVersion)".utf8) }

    /// The check value stored for KEK `version`.
    static func kekCheck(version: Int) -> [UInt8] { Array("kekcheck|kek:\(version)".utf8) }
}
