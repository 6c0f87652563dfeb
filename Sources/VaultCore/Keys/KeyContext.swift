import VaultBase

/// The associated data that binds each wrapped key to its owner, so a wrapped key copied to
/// another row, or checked under another KEK version, fails to unwrap.
enum KeyContext {
    /// A recording's data key wrapped directly under KEK `kekVersion` (vaults before subject keys).
    static func legacyDataKey(recording id: RecordingID, kekVersion: Int) -> [UInt8] {
        Array("datakey|kek:\(kekVersion)|recording:\(id)".utf8)
    }

    /// A recording's data key, wrapped under its subject's key.
    static func dataKey(recording id: RecordingID, subject: String) -> [UInt8] {
        Array("datakey|subject:\(subject)|recording:\(id)".utf8)
    }

    /// A subject's key, wrapped under KEK `kekVersion`.
    static func subjectKey(subject: String, kekVersion: Int) -> [UInt8] {
        Array("subject|kek:\(kekVersion)|subject:\(subject)".utf8)
    }

    /// The subject entry of a recording without a known subject.
    static func anonymousSubject(for id: RecordingID) -> String { "anon-\(id)" }

    /// The audit log's Ed25519 signing seed, wrapped under KEK `kekVersion`.
    static func auditSigningKey(kekVersion: Int) -> [UInt8] { Array("audit-signing|kek:\(kekVersion)".utf8) }

    /// The check value stored for KEK `version`.
    static func kekCheck(version: Int) -> [UInt8] { Array("kekcheck|kek:\(version)".utf8) }
}
