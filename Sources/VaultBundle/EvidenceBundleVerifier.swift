public import Foundation
import VaultAudit
public import VaultCrypto

/// The outcome of ``EvidenceBundleVerifier/verify(at:)``.
public struct EvidenceVerification: Sendable {
    /// What does not hold, each naming its file; empty when the bundle verifies.
    public var problems: [BagProblem] = []
    /// What could not be checked and why (e.g. encrypted audio without an identity).
    public var notes: [String] = []
    /// The bundle's index, when it could be read.
    public var index: EvidenceBundleIndex?
    /// Payload files, recordings described, audio files whose SHA-256 matched their ingest entry.
    public var payloadFiles = 0, recordings = 0, audioChecked = 0
    /// Audit entries proven included under the signed checkpoint.
    public var provenEntries = 0
    /// The checkpoint's tree size.
    public var checkpointSize: Int64?
    /// SHA-256 (hex) of the raw Ed25519 public key the bundle is signed with.
    public var publicKeyFingerprint: String?

    /// Whether everything checked holds.
    public var isValid: Bool { problems.isEmpty }
}

/// Verifies an evidence bundle without a vault (`docs/evidence-bundle.md`): the BagIt manifests,
/// the Ed25519 signature over the tag manifest, the signed checkpoint, every inclusion proof,
/// that `entries.jsonl` holds exactly the proven entries, and that each recording's (decrypted)
/// SHA-256 is the one its proven `recording.ingest` entry recorded, and each transcript's too.
/// Reads each file once; audio is streamed (and age-decrypted) in blocks.
public struct EvidenceBundleVerifier: Sendable {
    /// Identities that decrypt age-encrypted recordings and transcripts; none leaves them to the
    /// manifest check alone (reported as notes).
    public var identities: [AgeX25519Identity]
    /// The vault's public key as obtained elsewhere; when set, the bundle must be signed by it
    /// (otherwise the key inside the bundle is used, and its fingerprint reported).
    public var trustedPublicKey: Ed25519PublicKey?

    /// The largest JSON, text or PEM file read into memory.
    static let smallFileLimit = 16 * 1024 * 1024

    /// Creates a verifier.
    public init(identities: [AgeX25519Identity] = [], trustedPublicKey: Ed25519PublicKey? = nil) {
        self.identities = identities
        self.trustedPublicKey = trustedPublicKey
    }

    /// Verifies the bundle at `url` (a directory or a zip file). Throws only when it cannot be
    /// read at all; findings are in the result.
    public func verify(at url: URL) throws -> EvidenceVerification {
        var small = [String: [UInt8]]()
        var decrypted = [String: String]()  // age file → SHA-256 of its plaintext
        var problems = [BagProblem]()
        let report = try BagVerifier.verify(at: url) { path, input in
            if path.hasSuffix(".age") {
                guard !identities.isEmpty else { return }
                do {
                    let hasher = SHA256Hasher()
                    let reader = try AgeReader(identities: identities) { try input.read(into: $0) }
                    while let chunk = try reader.next() { chunk.withUnsafeBytes { hasher.update($0) } }
                    decrypted[path] = hasher.finalize().hexString
                } catch let error as CryptoError {
                    problems.append(BagProblem(path: path, message: "does not decrypt with the given identity: \(error.message)"))
                }
            } else if path.hasPrefix("data/") && (path.hasSuffix(".json") || path.hasSuffix(".jsonl") || path.hasSuffix(".txt") || path.hasSuffix(".pem")) {
                small[path] = try input.readAll(limit: Self.smallFileLimit)
            }
        }
        var result = EvidenceVerification()
        result.payloadFiles = report.payloadCount
        result.problems = report.problems + problems
        check(report: report, small: small, decrypted: decrypted, into: &result)
        return result
    }

    private func check(report: BagReport, small: [String: [UInt8]], decrypted: [String: String], into result: inout EvidenceVerification) {
        func problem(_ path: String, _ message: String) { result.problems.append(BagProblem(path: path, message: message)) }

        // The key, the signature over the tag manifest, the checkpoint.
        guard let pem = small[EvidenceBundleLayout.publicKey], let bundleKey = try? Ed25519PublicKey(pem: String(decoding: pem, as: UTF8.self)) else {
            problem(EvidenceBundleLayout.publicKey, "is missing or not an Ed25519 public key (PEM); nothing signed can be checked")
            return
        }
        if let trusted = trustedPublicKey, trusted != bundleKey {
            problem(EvidenceBundleLayout.publicKey, "is not the vault public key you gave: the bundle was signed by another key")
        }
        let key = trustedPublicKey ?? bundleKey
        result.publicKeyFingerprint = SHA256Hasher.hash(key.rawRepresentation).hexString
        if let tagManifest = report.tagFiles[BagManifest.tag], let signature = report.tagFiles[EvidenceBundleLayout.signature] {
            if !key.isValidSignature(signature, for: tagManifest) {
                problem(EvidenceBundleLayout.signature, "the Ed25519 signature over \(BagManifest.tag) does not verify: one of the two was changed")
            }
        } else {
            problem(EvidenceBundleLayout.signature, "\(BagManifest.tag) or its signature is missing")
        }
        let checkpointNote = small[EvidenceBundleLayout.checkpoint].map { String(decoding: $0, as: UTF8.self) }
        var checkpoint: Checkpoint?
        do {
            guard let checkpointNote else { throw AuditError(.malformed, "is missing") }
            checkpoint = try Checkpoint(note: checkpointNote, publicKey: key)
            result.checkpointSize = checkpoint?.treeSize
        } catch let error as AuditError {
            problem(EvidenceBundleLayout.checkpoint, "is not a checkpoint signed by the vault's key: \(error.message)")
        } catch {
            problem(EvidenceBundleLayout.checkpoint, "\(error)")
        }

        // Every proof, and entries.jsonl against the proven entries.
        var proven = [Int64: AuditEntry]()
        var provenBytes = [Int64: [UInt8]]()
        for path in small.keys.sorted() where path.hasPrefix("data/audit/proofs/") {
            guard let proof = try? JSONDecoder().decode(InclusionProof.self, from: Data(small[path]!)) else {
                problem(path, "is not an inclusion proof (callvault-inclusion-proof/v1)")
                continue
            }
            do {
                try proof.verify(publicKey: key)
            } catch let error as AuditError {
                problem(path, "does not prove its entry: \(error.message)")
                continue
            } catch {
                problem(path, "\(error)")
                continue
            }
            if path != EvidenceBundleLayout.proof(proof.seq) { problem(path, "proves entry \(proof.seq), not the entry its name says") }
            if let checkpointNote, proof.checkpoint != checkpointNote {
                problem(path, "proves against another checkpoint than \(EvidenceBundleLayout.checkpoint)")
            }
            let bytes = [UInt8](Data(base64Encoded: proof.entry) ?? Data())
            provenBytes[proof.seq] = bytes
            proven[proof.seq] = try? AuditEntry(canonical: bytes)
        }
        result.provenEntries = proven.count
        if let entries = small[EvidenceBundleLayout.auditEntries] {
            var listed = Set<Int64>()
            for (number, line) in entries.split(separator: 0x0a).enumerated() {
                guard let entry = try? AuditEntry(canonical: line) else {
                    problem(EvidenceBundleLayout.auditEntries, "line \(number + 1) is not an audit entry")
                    continue
                }
                listed.insert(entry.seq)
                if provenBytes[entry.seq] == nil {
                    problem(EvidenceBundleLayout.auditEntries, "entry \(entry.seq) (line \(number + 1)) has no valid inclusion proof")
                } else if provenBytes[entry.seq]! != Array(line) {
                    problem(EvidenceBundleLayout.auditEntries, "entry \(entry.seq) (line \(number + 1)) differs from the entry its proof proves")
                }
            }
            for seq in proven.keys.sorted() where !listed.contains(seq) {
                problem(EvidenceBundleLayout.auditEntries, "lacks entry \(seq), which \(EvidenceBundleLayout.proof(seq)) proves")
            }
        } else {
            problem(EvidenceBundleLayout.auditEntries, "is missing")
        }

        // The index, and each recording against its proven ingest entry.
        guard let indexBytes = small[EvidenceBundleLayout.index],
              let index = try? JSONDecoder().decode(EvidenceBundleIndex.self, from: Data(indexBytes)) else {
            problem(EvidenceBundleLayout.index, "is missing or not a callvault-evidence-bundle/v1 index")
            return
        }
        result.index = index
        if let checkpoint, checkpoint.treeSize != index.checkpointSize {
            problem(EvidenceBundleLayout.index, "names checkpoint size \(index.checkpointSize), but the checkpoint signs \(checkpoint.treeSize)")
        }
        if let checkpoint, !checkpoint.origin.isEmpty, checkpoint.origin != index.origin {
            problem(EvidenceBundleLayout.index, "names the log \(index.origin), but the checkpoint is of \(checkpoint.origin)")
        }
        if let export = proven[index.exportSeq] {
            if export.action != AuditAction.bundleExport.rawValue || export.detail["bundle"] != index.bundleID {
                problem(EvidenceBundleLayout.index, "its export entry \(index.exportSeq) is not this bundle's bundle.export entry")
            }
        } else {
            problem(EvidenceBundleLayout.index, "its export entry \(index.exportSeq) is not among the proven entries")
        }
        let ingests = Dictionary(proven.values.filter { $0.action == AuditAction.recordingIngest.rawValue && $0.outcome == "ok" }
            .compactMap { entry in entry.target.map { ($0, entry) } }, uniquingKeysWith: { first, _ in first })
        let releases = Set(proven.values.filter { $0.action == AuditAction.bundleExport.rawValue && $0.detail["bundle"] == index.bundleID }
            .compactMap(\.target))
        let described = Set(small.keys.filter { $0.hasPrefix("data/recordings/") && $0.hasSuffix(".json") })
        for id in index.released + index.withheld where !described.contains(EvidenceBundleLayout.metadata(id)) {
            problem(EvidenceBundleLayout.metadata(id), "is missing, though \(EvidenceBundleLayout.index) lists recording \(id)")
        }
        for path in described.sorted() {
            guard let recording = try? JSONDecoder().decode(EvidenceRecordingFacts.self, from: Data(small[path]!)) else {
                problem(path, "is not a recording's metadata")
                continue
            }
            result.recordings += 1
            guard path == EvidenceBundleLayout.metadata(recording.id) else { problem(path, "describes recording \(recording.id)"); continue }
            guard let ingest = ingests[recording.id] else {
                problem(path, "recording \(recording.id) has no proven recording.ingest entry")
                continue
            }
            if ingest.detail["opus_sha256"] != recording.opusSha256 {
                problem(path, "its opus_sha256 is not the \(ingest.detail["opus_sha256"] ?? "none") that ingest entry \(ingest.seq) recorded")
            }
            if let audio = recording.audio {
                if !releases.contains(recording.id) {
                    problem(path, "recording \(recording.id) is in the bundle but no proven bundle.export entry of this bundle releases it")
                }
                let plainSha: String?
                if audio.hasSuffix(".age") {
                    plainSha = decrypted[audio]
                    if plainSha == nil, identities.isEmpty {
                        result.notes.append("\(audio): encrypted; its content is checked only against the manifest (give an identity to decrypt it)")
                    }
                } else {
                    plainSha = report.files[audio]?.sha256
                }
                if report.files[audio] == nil {
                    problem(audio, "is missing, though \(path) names it")
                } else if let plainSha {
                    if plainSha == ingest.detail["opus_sha256"] {
                        result.audioChecked += 1
                    } else {
                        problem(audio, "its Ogg Opus SHA-256 \(plainSha) is not the \(ingest.detail["opus_sha256"] ?? "none") that ingest entry \(ingest.seq) recorded: it is not the original")
                    }
                }
            }
            if let transcript = recording.transcript {
                if ingest.detail["transcript_sha256"] != transcript.sha256 {
                    problem(path, "its transcript SHA-256 is not the one ingest entry \(ingest.seq) recorded")
                }
                if let file = transcript.file {
                    let sha = file.hasSuffix(".age") ? decrypted[file] : report.files[file]?.sha256
                    if report.files[file] == nil {
                        problem(file, "is missing, though \(path) names it")
                    } else if let sha, sha != ingest.detail["transcript_sha256"] {
                        problem(file, "its SHA-256 is not the redacted transcript's that ingest entry \(ingest.seq) recorded")
                    }
                }
            }
        }
    }
}
