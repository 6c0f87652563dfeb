public import Foundation
public import VaultBase
import VaultAudit
public import VaultStore

extension Vault {
    /// Every recording, oldest call first.
    package func allRecordings() throws -> [RecordingRecord] { try catalog.recordings() }

    /// One recording; `StoreError.notFound` when there is none with that id.
    package func recording(_ id: RecordingID) throws -> RecordingRecord {
        guard let record = try catalog.recording(id) else { throw StoreError(.notFound, "no recording \(id)") }
        return record
    }

    /// Writes a recording's decrypted Ogg Opus to `destination`.
    ///
    /// Log before act: the access is audited before a byte is decrypted. The file is written
    /// beside the destination (mode 0600), checked against the catalog's SHA-256, and renamed
    /// into place only when whole; on any failure nothing is left at `destination`.
    package func exportAudio(_ id: RecordingID, to destination: URL, actor: VaultActor, restrictedAccessReason: String? = nil) throws -> RecordingRecord {
        let record = try authorizeRead(id, action: .recordingAudioExport, actor: actor, restrictedAccessReason: restrictedAccessReason)
        try logAudit(.recordingAudioExport, actor: actor, target: id.description, detail: ["opus_sha256": record.opusSha256])
        let opener = try SealedObjectOpener(vault: self, record: record)
        let file = try AtomicFile(destination: destination)
        try opener.stream { chunk in try chunk.withUnsafeBytes { try file.write($0) } }
        try file.commit()
        return record
    }

    /// Looks a recording up and decides whether its content may be read, for `action`.
    ///
    /// Purged and shredded recordings are refused; restricted ones need a non-blank reason, and
    /// the restricted access is audited with it. A refusal is audited as `action` with outcome
    /// `denied` and the refusal's code, then thrown. The caller audits the granted read itself.
    func authorizeRead(_ id: RecordingID, action: AuditAction, actor: VaultActor, restrictedAccessReason: String?) throws -> RecordingRecord {
        let record = try recording(id)
        func refuse(_ error: VaultError) throws -> Never {
            try logAudit(action, actor: actor, target: id.description, outcome: .denied, detail: ["reason": "\(error.code)"])
            throw error
        }
        switch record.state {
        case .purged:
            try refuse(VaultError(.purged, "recording \(id) was purged at \(record.purgedAt.map(Timestamp.format) ?? "?"): its data key is destroyed"))
        case .shredded:
            try refuse(try shreddedError(record))
        case .restricted:
            guard let reason = restrictedAccessReason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                try refuse(VaultError(.restricted, "recording \(id) is restricted until \(record.restrictedUntil.map(Timestamp.format) ?? "?") (its subject asked for erasure); access needs --restricted-access --reason TEXT, and is audited"))
            }
            try logAudit(.recordingRestrictedAccess, actor: actor, target: id.description, detail: ["reason": reason])
        default:
            break
        }
        return record
    }
}
