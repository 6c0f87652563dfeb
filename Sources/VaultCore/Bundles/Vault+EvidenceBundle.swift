public import Foundation
import VaultAudit
public import VaultBase
import VaultBundle
public import VaultCrypto
import VaultStore

/// What an evidence bundle holds and why (`callvault export bundle`). Every selector given must
/// match (they combine with AND); at least one is required.
public struct EvidenceBundleRequest: Sendable {
    /// Calls to or from this number.
    public var subject: PhoneNumber?
    /// These recordings (each must exist).
    public var recordings: [RecordingID]
    /// Calls started at or after this instant.
    public var since: Date?
    /// Calls started before this instant.
    public var until: Date?
    /// Calls of this campaign.
    public var campaign: String?
    /// When set, audio and transcripts are age-encrypted to this X25519 recipient; otherwise
    /// they are written decrypted (the bundle leaves the vault by design).
    public var recipient: AgeX25519PublicKey?
    /// Why the bundle is made (required; audited).
    public var reason: String
    /// Whether restricted recordings (erasure requested, kept for now) may be included; each
    /// such access is audited with `reason`. Without it a restricted recording refuses the export.
    public var restrictedAccess: Bool

    /// Creates a request.
    public init(subject: PhoneNumber? = nil, recordings: [RecordingID] = [], since: Date? = nil, until: Date? = nil,
                campaign: String? = nil, recipient: AgeX25519PublicKey? = nil, reason: String, restrictedAccess: Bool = false) {
        self.subject = subject; self.recordings = recordings; self.since = since; self.until = until
        self.campaign = campaign; self.recipient = recipient; self.reason = reason; self.restrictedAccess = restrictedAccess
    }

    /// Whether any selector is set.
    public var hasSelection: Bool { subject != nil || !recordings.isEmpty || since != nil || until != nil || campaign != nil }
}

/// What one export wrote.
public struct EvidenceBundleResult: Sendable {
    /// The bundle's id (the `bundle` detail of its audit entries).
    public var bundleID: String
    /// Where it was written; nil when it was streamed.
    public var destination: URL?
    /// Recordings whose audio (and transcript) are in it.
    public var released: [RecordingID]
    /// Recordings listed with their fate but without content (purged, shredded).
    public var withheld: [RecordingID]
    /// Audit entries included, each with its inclusion proof.
    public var auditEntries: Int
    /// The sequence number of the bundle's own `bundle.export` entry.
    public var exportSeq: Int64
    /// The size of the signed checkpoint the proofs lead to.
    public var checkpointSize: Int64
}

extension Vault {
    /// Writes an evidence bundle (`docs/evidence-bundle.md`) of the selected recordings to
    /// `destination`: a directory, or a zip file when its name ends in `.zip`. It must not exist.
    ///
    /// Log before act: after the access rules (purged and shredded recordings are listed with their
    /// fate and no content; restricted ones need `restrictedAccess`, each access audited), one
    /// `bundle.export` entry per released recording and one for the bundle are appended, durably,
    /// before a byte is decrypted. Then every entry whose target is a selected recording or its
    /// subject is proven against a fresh checkpoint. Audio streams from its sealed object through
    /// decryption (and age encryption) into the bundle in 64 KiB blocks, hashed on the way; memory
    /// does not grow with the bundle. Nothing appears at `destination` unless the whole bundle
    /// was written and signed. Blocking: call it off the cooperative pool.
    package func exportEvidenceBundle(_ request: EvidenceBundleRequest, to destination: URL, actor: VaultActor) throws -> EvidenceBundleResult {
        let parent = destination.deletingLastPathComponent().resolvingSymlinksInPath().path
        let vaultRoot = layout.root.resolvingSymlinksInPath().path
        guard parent != vaultRoot, !parent.hasPrefix(vaultRoot + "/") else {
            throw VaultError(.refused, "an evidence bundle holds decrypted data: write it outside the vault directory \(vaultRoot)")
        }
        return try exportEvidenceBundle(request, actor: actor) { try BagWriter(destination: destination, date: $0) }
    }

    /// Streams an evidence bundle as a zip file to `sink` (the auditors' HTTP endpoint), its
    /// files under the folder `name`; the same rules, audit entries and contents as
    /// ``exportEvidenceBundle(_:to:actor:)``. Refusals (no reason, no selection, nothing
    /// selected, a restricted recording without restricted access) are thrown before the sink
    /// receives a byte; an error later (the sink's included) leaves the zip unfinished, which
    /// its receiver must discard. Blocking: call it off the cooperative pool.
    package func exportEvidenceBundle(_ request: EvidenceBundleRequest, zipStreamNamed name: String, actor: VaultActor,
                                     sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws -> EvidenceBundleResult {
        try exportEvidenceBundle(request, actor: actor) { try BagWriter(zipStreamNamed: name, date: $0, sink: sink) }
    }

    /// The export itself, into the bag `makeBag` starts (given the export's time).
    private func exportEvidenceBundle(_ request: EvidenceBundleRequest, actor: VaultActor,
                                      makeBag: (Date) throws -> BagWriter) throws -> EvidenceBundleResult {
        guard !request.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw VaultError(.refused, "an evidence bundle needs a reason (--reason): who, what and why are audited")
        }
        guard request.hasSelection else {
            throw VaultError(.refused, "select the recordings to export: a subject, recording ids, a time range or a campaign")
        }
        let subject = request.subject.map(pseudonym(of:))
        let selected = try selectRecordings(request, subject: subject)
        let createdAt = now
        let bag = try makeBag(createdAt)

        // Access rules, then the release is audited before anything is decrypted.
        var released = [RecordingRecord](), withheld = [RecordingID: String]()
        for record in selected {
            switch record.state {
            case .purged:
                withheld[record.id] = "purged at \(record.purgedAt.map(Timestamp.format) ?? "?"): its data key is destroyed"
            case .shredded:
                withheld[record.id] = try shreddedError(record).message
            case .restricted:
                released.append(try authorizeRead(record.id, action: .bundleExport, actor: actor,
                                                  restrictedAccessReason: request.restrictedAccess ? request.reason : nil))
            case .stored:
                released.append(record)
            }
        }
        let bundleID = UUID().uuidString.lowercased()
        let recipient = request.recipient?.description
        let selection = EvidenceBundleIndex.Selection(
            subjectPseudonym: subject, subjectMasked: request.subject?.masked,
            recordings: request.recordings.isEmpty ? nil : request.recordings.map(\.description),
            since: request.since.map(Timestamp.format), until: request.until.map(Timestamp.format), campaign: request.campaign)
        var drafts = released.map { record in
            draft(.bundleExport, actor: actor, target: record.id.description, detail: [
                "bundle": bundleID, "reason": request.reason, "opus_sha256": record.opusSha256, "encrypted_to": recipient ?? "none",
            ])
        }
        drafts.append(draft(.bundleExport, actor: actor, target: nil, detail: [
            "bundle": bundleID, "reason": request.reason, "released": "\(released.count)", "withheld": "\(withheld.count)",
            "encrypted_to": recipient ?? "none", "selection": Self.describe(selection),
        ]))
        let exportSeq = try auditLog.append(contentsOf: drafts).last!.seq

        // Content, then the audit trail: every entry touching the items, proven against one fresh checkpoint.
        let holds = try catalog.activeHolds()
        for record in selected {
            try writeRecording(record, withheld: withheld[record.id], recipient: request.recipient, holds: holds, into: bag)
        }
        let subjects = Set(selected.compactMap(\.subjectPseudonym)).sorted()
        for subject in subjects {
            try writeConsentHistory(of: subject, masked: selected.first { $0.subjectPseudonym == subject }?.subjectMasked, into: bag)
        }
        let seqs = Array(Set(try auditLog.seqs(targets: selected.map(\.id.description) + subjects) + [exportSeq])).sorted()
        let checkpoint = try writeAuditTrail(seqs, into: bag)
        let index = EvidenceBundleIndex(
            bundleID: bundleID, origin: auditLog.origin, createdAt: Timestamp.format(createdAt), actor: actor.name, reason: request.reason,
            selection: selection, released: released.map(\.id.description), withheld: selected.filter { withheld[$0.id] != nil }.map(\.id.description),
            encryptedTo: recipient, exportSeq: exportSeq, checkpointSize: checkpoint.treeSize)
        try bag.addPayloadFile(EvidenceBundleLayout.index, bytes: try Self.json(index))
        try bag.finish(bagInfo: [
            ("Bag-Software-Agent", "callvault"),
            ("Bagging-Date", String(Timestamp.format(createdAt).prefix(10))),
            ("External-Identifier", bundleID),
            ("External-Description", "callvault evidence bundle: \(released.count) recordings released, \(withheld.count) withheld; signed by the vault's audit key (data/audit/vault-public.pem)"),
            ("Callvault-Log-Origin", auditLog.origin),
            ("Callvault-Export-Seq", "\(exportSeq)"),
        ], sign: { try auditLog.signer.signature(for: $0) })
        logger.info("evidence bundle written", metadata: ["bundle": "\(bundleID)", "released": "\(released.count)", "withheld": "\(withheld.count)"])
        return EvidenceBundleResult(bundleID: bundleID, destination: bag.destination, released: released.map(\.id),
                                    withheld: selected.filter { withheld[$0.id] != nil }.map(\.id), auditEntries: seqs.count,
                                    exportSeq: exportSeq, checkpointSize: checkpoint.treeSize)
    }

    /// The recordings `request` selects (subject by pseudonym, ids, start-time range, campaign; AND),
    /// oldest first. `StoreError.notFound` for an unknown id or an empty selection.
    private func selectRecordings(_ request: EvidenceBundleRequest, subject: String?) throws -> [RecordingRecord] {
        for id in request.recordings { _ = try recording(id) }
        let ids = Set(request.recordings)
        let selected = try catalog.recordings().filter { record in
            (subject == nil || record.subjectPseudonym == subject) && (ids.isEmpty || ids.contains(record.id))
                && (request.since.map { record.startedAt >= $0 } ?? true) && (request.until.map { record.startedAt < $0 } ?? true)
                && (request.campaign == nil || record.campaign == request.campaign)
        }
        guard !selected.isEmpty else { throw StoreError(.notFound, "no recording matches the selection") }
        return selected
    }

    /// Writes one recording's audio (streamed from its sealed object, age-encrypted to
    /// `recipient` when given) and transcript unless it is `withheld`, then its metadata.
    private func writeRecording(_ record: RecordingRecord, withheld: String?, recipient: AgeX25519PublicKey?, holds: [HoldRecord],
                                into bag: BagWriter) throws {
        let id = record.id.description
        var audioPath: String?, transcriptPath: String?, rsMetadataPath: String?
        if withheld == nil {
            let audio = EvidenceBundleLayout.audio(id, encrypted: recipient != nil)
            let opener = try SealedObjectOpener(vault: self, record: record)
            try bag.addPayloadFile(audio) { file in
                if let recipient {
                    let age = try AgeWriter(recipient: .x25519(recipient)) { try file.write($0) }
                    try opener.stream { chunk in try chunk.withUnsafeBytes { try age.write($0) } }
                    try age.finish()
                } else {
                    try opener.stream { chunk in try chunk.withUnsafeBytes { try file.write($0) } }
                }
            }
            audioPath = audio
            if let format = record.transcriptFormat, record.transcriptSha256 != nil {
                let path = EvidenceBundleLayout.transcript(id, format: format, encrypted: recipient != nil)
                let text = try openTranscript(of: record)
                try bag.addPayloadFile(path, bytes: try recipient.map { try AgeEncryption.encrypt(text, to: .x25519($0)) } ?? text)
                transcriptPath = path
            }
            if let sealed = try catalog.rsMetadata(of: record.id) {
                let path = EvidenceBundleLayout.rsMetadata(id, encrypted: recipient != nil)
                let json = try Self.json(try openRSMetadata(sealed, of: record))
                try bag.addPayloadFile(path, bytes: try recipient.map { try AgeEncryption.encrypt(json, to: .x25519($0)) } ?? json)
                rsMetadataPath = path
            }
        }
        var document = metadata(of: record, audio: audioPath, withheld: withheld, transcriptFile: transcriptPath, holds: holds)
        document.rsMetadata = rsMetadataPath
        try bag.addPayloadFile(EvidenceBundleLayout.metadata(id), bytes: try Self.json(document))
    }

    /// Writes a subject's consent and opt-out history as the catalog holds it.
    private func writeConsentHistory(of subject: String, masked: String?, into bag: BagWriter) throws {
        let events = try catalog.consentHistory(subject: subject).map {
            EvidenceConsent.Event(at: Timestamp.format($0.at), kind: $0.kind, purpose: $0.purpose, detail: $0.detail)
        }
        let history = EvidenceConsent(subjectPseudonym: subject, subjectMasked: try catalog.subject(subject)?.masked ?? masked, events: events)
        try bag.addPayloadFile(EvidenceBundleLayout.consent(subject), bytes: try Self.json(history))
    }

    /// Writes entries `seqs` (one proof file each, then `entries.jsonl` streamed from the same
    /// immutable rows), the fresh checkpoint they are proven against and the public key.
    private func writeAuditTrail(_ seqs: [Int64], into bag: BagWriter) throws -> Checkpoint {
        let checkpoint = try auditLog.inclusionProofs(seqs: seqs) { proof in
            try bag.addPayloadFile(EvidenceBundleLayout.proof(proof.seq), bytes: try Self.json(proof))
        }
        try bag.addPayloadFile(EvidenceBundleLayout.auditEntries) { file in
            for seq in seqs { try file.write([UInt8](try auditLog.canonicalEntry(seq: seq)) + [0x0a]) }
        }
        try bag.addPayloadFile(EvidenceBundleLayout.checkpoint, bytes: Array(checkpoint.note.utf8))
        try bag.addPayloadFile(EvidenceBundleLayout.publicKey, bytes: Array(auditLog.publicKey.pem.utf8))
        return checkpoint
    }

    /// A recording's metadata document.
    private func metadata(of record: RecordingRecord, audio: String?, withheld: String?, transcriptFile: String?,
                          holds: [HoldRecord]) -> EvidenceRecording {
        let source = record.metadata.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        let applying = holds.filter { $0.recordingId == record.id || ($0.subject != nil && $0.subject == record.subjectPseudonym) }
        return EvidenceRecording(
            recording: Recording(record), sourceMetadata: source, audio: audio, withheld: withheld,
            transcript: record.transcriptSha256.map { .init(file: transcriptFile, format: record.transcriptFormat ?? "text", sha256: $0) },
            retention: .init(minimumRetentionEnd: Timestamp.format(minimumRetentionEnd(of: record)),
                             restrictedUntil: record.restrictedUntil.map(Timestamp.format), purgedAt: record.purgedAt.map(Timestamp.format),
                             holds: applying.map { .init(id: $0.id, scope: $0.recordingId == nil ? "subject" : "recording", reason: $0.reason,
                                                         placedAt: Timestamp.format($0.placedAt)) }))
    }

    /// The selection in one line, for the audit entry (pseudonyms only, never a number).
    private static func describe(_ selection: EvidenceBundleIndex.Selection) -> String {
        [selection.subjectPseudonym.map { "subject=\($0)" }, selection.recordings.map { "recordings=\($0.count)" },
         selection.since.map { "since=\($0)" }, selection.until.map { "until=\($0)" }, selection.campaign.map { "campaign=\($0)" }]
            .compactMap { $0 }.joined(separator: " ")
    }

    /// Pretty, key-sorted JSON with a final newline.
    private static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0a]
    }
}
