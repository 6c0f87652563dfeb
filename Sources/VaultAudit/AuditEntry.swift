import Foundation
import VaultBase
import VaultCrypto
import VaultStore

/// The actions the audit log knows: a fixed enumeration, extended as features arrive.
public enum AuditAction: String, Sendable, CaseIterable, Codable {
    /// A vault was created.
    case vaultInit = "vault.init"
    /// A recording was ingested (or an ingest was refused: outcome `failed`).
    case recordingIngest = "recording.ingest"
    /// Crash recovery rolled back an interrupted ingest.
    case recordingIngestRollback = "recording.ingest.rollback"
    /// A recording's decrypted audio was released.
    case recordingAudioExport = "recording.audio.export"
    /// The sealed objects were re-checked.
    case vaultVerify = "vault.verify"
    /// The audit log itself was verified.
    case auditVerify = "audit.verify"
    /// Audit entries were exported.
    case auditExport = "audit.export"
    /// The chain started in a vault whose earlier log had no chain (entries kept in `audit_log_v1`).
    case auditChainStart = "audit.chain.start"
    /// A subject's key was destroyed (crypto-shredding); target is the pseudonym.
    case subjectShred = "subject.shred"
    /// A new KEK version was created and the subject keys rewrapped under it.
    case keyRotate = "key.rotate"
    /// A KEK version's material was destroyed once nothing was wrapped under it.
    case keyRetire = "key.retire"
    /// Every wrapped key was checked.
    case keyVerify = "key.verify"
    /// A new policy was applied.
    case policyApply = "policy.apply"
    /// An authorisation to call was recorded.
    case consentGrant = "consent.grant"
    /// An authorisation was withdrawn.
    case consentRevoke = "consent.revoke"
    /// A number opted out of every purpose.
    case consentOptOut = "consent.opt_out"
    /// A number was blacklisted or cleared.
    case consentBlacklist = "consent.blacklist"
    /// A number's customer tag changed.
    case consentTag = "consent.tag"
    /// A dialer claimed a call attempt (outcome `ok` when allowed, `denied` with the reasons).
    case consentClaim = "consent.claim"
    /// A legal hold was placed.
    case holdPlace = "hold.place"
    /// A legal hold was released.
    case holdRelease = "hold.release"
    /// A recording was purged (retention, deletion or erasure): data key destroyed, object deleted.
    case recordingPurge = "recording.purge"
    /// A recording was restricted (erasure requested but it must be kept for now).
    case recordingRestrict = "recording.restrict"
    /// A restricted recording was accessed with a stated reason.
    case recordingRestrictedAccess = "recording.restricted_access"
    /// An erasure request was opened.
    case erasureRequest = "erasure.request"
    /// A subject's consent data was erased (the suppression kept).
    case erasureConsent = "erasure.consent"
    /// An erasure request finished (outcome `ok` with its receipt hash, or `failed`).
    case erasureComplete = "erasure.complete"
    /// The key store was backed up, encrypted under an operator passphrase.
    case keyBackup = "key.backup"
    /// A key store was restored from a backup.
    case keyRestore = "key.restore"
    /// A backup of the vault was taken (target: the backup's id; detail: where, and once written
    /// its manifest's SHA-256 and counts; outcome `failed` with the error code when it failed).
    case vaultBackup = "vault.backup"
    /// The vault was restored from a backup (the first entry after the backup's log: detail the
    /// backup's id and checkpoint, the previous log's head from the key store, and what the key
    /// journal replayed).
    case vaultRestore = "vault.restore"
    /// A standby was promoted: this vault became the primary (target: the backup it ran from;
    /// detail: where the fence that stops the old primary was put up).
    case vaultPromote = "vault.promote"
    /// A recording's redacted transcript was decrypted and read.
    case transcriptRead = "transcript.read"
    /// A live call's SIPREC metadata (which names its parties) was decrypted and read (detail:
    /// how many documents).
    case rsMetadataRead = "recording.rs_metadata.read"
    /// A transcript was added to a stored recording; when it had timed spans the audio was
    /// re-encoded with them muted (a new version) and the old version's data key destroyed. The
    /// detail holds both versions' hashes and the spans (times and kinds, never values).
    case transcriptAdd = "transcript.add"
    /// A transcript add interrupted by a crash was undone by recovery.
    case transcriptAddRollback = "transcript.add.rollback"
    /// Recordings were released in an evidence bundle: one entry per recording (target its id,
    /// detail the bundle id and the reason) and one for the bundle (target null, the selection).
    case bundleExport = "bundle.export"
    /// An HTTP API token was created (target: its name; detail: its role).
    case tokenCreate = "token.create"
    /// An HTTP API token was revoked (target: its name).
    case tokenRevoke = "token.revoke"
    /// A console account was created (target: its name; detail: its role).
    case userCreate = "user.create"
    /// A console account was disabled (target: its name).
    case userDisable = "user.disable"
    /// A console account's password was reset and its second factor cleared (target: its name).
    case userReset = "user.reset"
    /// A console account enrolled its TOTP second factor (target: its name).
    case userEnrol = "user.totp_enrol"
    /// A console sign-in: `ok` once every factor passed, `denied` for a wrong password or code,
    /// a locked or disabled account (detail `why`); the actor is the name given.
    case userSignIn = "user.sign_in"
    /// A console account was locked out after repeated failures (detail: until when).
    case userLockOut = "user.lock_out"
    /// A console session ended (detail `why`: `sign-out` or `idle`).
    case userSignOut = "user.sign_out"
    /// A live recording session was refused (a SIPREC INVITE answered 4xx or 5xx): target null,
    /// detail the SIP status, why, and the recording client's address; outcome `denied`.
    case recordingLiveRefused = "recording.live.refused"
    /// A live call's recording was paused from the API (PCI: a card number about to be given):
    /// target the recording id it will be stored under; detail the seconds into the call.
    case recordingLivePause = "recording.live.pause"
    /// A live call's recording was resumed from the API: target and detail as for a pause.
    case recordingLiveResume = "recording.live.resume"
    /// A prohibited phrase was found in a stored transcript: target the recording; detail the
    /// hit's id, category, severity, the lexicon's phrase, the speaker and its times (never the
    /// transcript's words).
    case monitorHit = "monitor.hit"
    /// A reviewer's verdict on a phrase hit: target the hit; detail its `state` and the `note`.
    case monitorReview = "monitor.review"
    /// The lexicon changed (a new version): target the version; detail the applied file's
    /// `sha256`, or the `exception_sha256` of the words a review added and its `hit`.
    case monitorLexicon = "monitor.lexicon"
    /// A live call's phrase alert was posted to the monitoring webhook, one entry per attempt:
    /// target the recording; detail the alert's id, category, severity and phrase, the attempt,
    /// and the receiver's HTTP status or the error; outcome `ok` on a 2xx, else `failed`.
    case monitorAlert = "monitor.alert"
    /// A `serve` node took the cluster's leader lease, so from now it signs the checkpoints and
    /// runs erasure, retention, key rotation and scheduled backups for every node (a vault whose
    /// catalog several nodes share): target the node (host and vault directory).
    case clusterLead = "cluster.lead"
}

/// How an action ended.
public enum AuditOutcome: String, Sendable, Codable {
    /// It was done.
    case ok
    /// It was refused (policy, permissions).
    case denied
    /// It was attempted and failed.
    case failed
}

/// What a caller asks to log; the log adds the sequence number, the time and the chain link.
public struct AuditDraft: Sendable {
    /// Who acted.
    public var actor: String
    /// How they authenticated: `local`, `token` or `system`.
    public var authentication: String
    /// What was done.
    public var action: AuditAction
    /// What it was done to (a recording id or pseudonym; never a phone, ID or card number).
    public var target: String?
    /// How it ended.
    public var outcome: AuditOutcome
    /// Extra facts (hashes, counts, error codes); never secrets or clear numbers.
    public var detail: [String: String]

    /// Creates a draft.
    public init(actor: String, authentication: String, action: AuditAction, target: String? = nil,
                outcome: AuditOutcome = .ok, detail: [String: String] = [:]) {
        self.actor = actor; self.authentication = authentication; self.action = action
        self.target = target; self.outcome = outcome; self.detail = detail
    }
}

/// One audit entry as written: its canonical JSON is the Merkle leaf, and its `prev` field links
/// it to the entry before it.
///
/// ```
/// {"action":"recording.ingest","actor":{"auth":"local","name":"ops"},"detail":{…},"outcome":"ok",
///  "prev":"<hex leaf hash of entry seq-1, or 64 zeros>","seq":12,"target":"<id>|null",
///  "time":"2026-03-01T09:30:00.000Z","v":1}
/// ```
public struct AuditEntry: Sendable, Equatable {
    /// Sequence number, from 1.
    public let seq: Int64
    /// When it was written (wall clock, UTC, milliseconds; need not increase).
    public let time: String
    /// Who acted.
    public let actor: String
    /// How they authenticated.
    public let authentication: String
    /// The action's name (an ``AuditAction`` for entries this build writes).
    public let action: String
    /// The target, if any.
    public let target: String?
    /// `ok`, `denied` or `failed`.
    public let outcome: String
    /// Extra facts.
    public let detail: [String: String]
    /// The hex leaf hash of the entry before it.
    public let prev: String

    /// The detail keys an entry may not use: they would shadow the entry's own fields.
    static let reservedDetailKeys: Set<String> = ["action", "actor", "detail", "outcome", "prev", "seq", "target", "time", "v"]

    /// The entry for `draft` at `link`, timed `time`.
    init(draft: AuditDraft, link: AuditLink, time: Date) {
        precondition(draft.detail.keys.allSatisfy { !Self.reservedDetailKeys.contains($0) }, "reserved audit detail key")
        seq = link.seq
        self.time = Timestamp.format(time)
        actor = draft.actor
        authentication = draft.authentication
        action = draft.action.rawValue
        target = draft.target
        outcome = draft.outcome.rawValue
        detail = draft.detail
        prev = link.previousLeafHash.hexString
    }

    /// The canonical JSON bytes: the Merkle leaf data.
    public var canonicalBytes: [UInt8] {
        CanonicalJSON.object([
            "v": .integer(1), "seq": .integer(seq), "time": .string(time),
            "actor": .object(["name": .string(actor), "auth": .string(authentication)]),
            "action": .string(action), "target": target.map(CanonicalJSON.string) ?? .null, "outcome": .string(outcome),
            "detail": .object(detail.mapValues(CanonicalJSON.string)), "prev": .string(prev),
        ]).bytes
    }

    /// The catalog row of this entry.
    var row: AuditRow {
        let bytes = canonicalBytes
        return AuditRow(seq: seq, at: time, actor: actor, auth: authentication, action: action, target: target,
                        outcome: outcome, entry: Data(bytes), leafHash: Data(MerkleTree.leafHash(bytes)))
    }

    /// Parses canonical entry bytes (as stored or exported).
    public init(canonical bytes: some Collection<UInt8>) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              object["v"] as? Int == 1,
              let seq = object["seq"] as? Int, let time = object["time"] as? String,
              let actor = object["actor"] as? [String: Any], let name = actor["name"] as? String, let auth = actor["auth"] as? String,
              let action = object["action"] as? String, let outcome = object["outcome"] as? String,
              let detail = object["detail"] as? [String: String], let prev = object["prev"] as? String else {
            throw AuditError(.malformed, "not a callvault audit entry")
        }
        self.seq = Int64(seq); self.time = time; self.actor = name; self.authentication = auth; self.action = action
        self.target = object["target"] as? String; self.outcome = outcome; self.detail = detail; self.prev = prev
    }

    /// The bytes a row's entry must start with, given its filter columns: the canonical form puts
    /// `action` and `actor` first, so these columns are checked exactly, without parsing.
    static func expectedPrefix(of row: AuditRow) -> [UInt8] {
        var out = Array(#"{"action":"#.utf8)
        out += CanonicalJSON.string(row.action)
        out += Array(#","actor":{"auth":"#.utf8)
        out += CanonicalJSON.string(row.auth)
        out += Array(#","name":"#.utf8)
        out += CanonicalJSON.string(row.actor)
        out += Array(#"},"detail":{"#.utf8)
        return out
    }

    /// The bytes a row's entry must end with, given its columns and its place in the chain:
    /// `outcome`, `prev`, `seq`, `target`, `time` and `v` follow `detail` in canonical order.
    static func expectedSuffix(of row: AuditRow, previousLeafHash: String) -> [UInt8] {
        var out = Array(#"},"outcome":"#.utf8)
        out += CanonicalJSON.string(row.outcome)
        out += Array(#","prev":"#.utf8)
        out += CanonicalJSON.string(previousLeafHash)
        out += Array(#","seq":\#(row.seq),"target":"#.utf8)
        out += row.target.map(CanonicalJSON.string) ?? Array("null".utf8)
        out += Array(#","time":"#.utf8)
        out += CanonicalJSON.string(row.at)
        out += Array(#","v":1}"#.utf8)
        return out
    }
}
