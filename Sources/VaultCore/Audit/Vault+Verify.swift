import Foundation
import VaultAudit
public import VaultBase
import VaultCrypto
import VaultStore

/// What `verify` found.
public struct VerificationReport: Sendable {
    /// One thing wrong with one recording or object.
    public struct Problem: Sendable, Equatable {
        /// The kinds of problem.
        public enum Kind: String, Sendable {
            /// The catalog names an object that is not on disk.
            case missingObject = "missing_object"
            /// The object store holds more than one version of an object: it was written again
            /// around the vault (S3 keeps the first, locked version; reads see the newest).
            case overwrittenObject = "overwritten_object"
            /// The object's bytes differ from what the catalog recorded (size or SHA-256).
            case sealedHashMismatch = "sealed_hash_mismatch"
            /// A segment fails authentication: flipped bits, reordering, a changed header.
            case tampered
            /// The object ends before its final segment.
            case truncated
            /// The object was sealed for another recording.
            case wrongObject = "wrong_object"
            /// The decrypted audio's SHA-256 differs from the catalog's.
            case opusHashMismatch = "opus_hash_mismatch"
            /// The recording's data key does not unwrap.
            case keyUnwrapFailed = "key_unwrap_failed"
            /// An object on disk that no recording owns.
            case orphanObject = "orphan_object"
            /// An API token row the vault did not write: inserted, or its role, hash or revocation
            /// changed outside the vault. The server refuses such a token.
            case forgedToken = "forged_token"
            /// A consent grant row the vault did not write: inserted, renewed, its evidence
            /// changed or its withdrawal undone outside the vault. Checks would allow calls on it.
            case forgedConsent = "forged_consent"
            /// The catalog disagrees with the signed audit log about a decision (a hold, an
            /// opt-out, a blacklisting, a recording, an erasure, the policy).
            case catalogDisagreesWithAudit = "catalog_disagrees_with_audit"
        }
        /// The recording, when the problem belongs to one.
        public var recordingID: RecordingID?
        /// The object path, relative to `objects/`.
        public var objectPath: String
        /// What is wrong.
        public var kind: Kind
        /// In words.
        public var message: String
    }

    /// How many recordings were checked.
    public var checked: Int
    /// How many of them are shredded: their sealed bytes were checked, but by design they can no
    /// longer be decrypted. Not a problem.
    public var shredded: Int
    /// Everything found wrong, in recording order.
    public var problems: [Problem]
    /// True when nothing is wrong.
    public var isClean: Bool { problems.isEmpty }
}

extension Vault {
    /// Re-checks every sealed object against the catalog: present, same size and SHA-256, every
    /// segment authentic and in order, sealed for its own recording, and decrypting to the
    /// recorded Ogg Opus SHA-256; and reports objects no recording owns. Runs
    /// `configuration.concurrency` checks at once, off the cooperative pool. Audited.
    public func verify(actor: VaultActor) async throws -> VerificationReport {
        // Objects on disk are listed before the catalog is read: an ingest running meanwhile journals
        // before it writes, so every object listed here is in the journal or the catalog read after.
        let onDisk = try await BlockingWork.run { try self.objects.allObjectPaths() }
        // Purged recordings have no object and no key left: nothing to check.
        let records = try await BlockingWork.run { try self.catalog.recordings().filter { $0.state != .purged } }
        var problems = [VerificationReport.Problem?](repeating: nil, count: records.count)
        var shredded = 0
        try await withThrowingTaskGroup(of: (Int, CheckOutcome).self) { group in
            var next = 0
            func submit() {
                guard next < records.count else { return }
                let index = next, record = records[index]
                next += 1
                group.addTask { (index, try await BlockingWork.run { try self.check(record) }) }
            }
            for _ in 0..<configuration.concurrency { submit() }
            while let (index, outcome) = try await group.next() {
                switch outcome {
                case .sound: break
                case .shredded: shredded += 1
                case .problem(let problem): problems[index] = problem
                }
                submit()
            }
        }
        var found = problems.compactMap { $0 }
        let orphans = try await BlockingWork.run {
            let recordings = try self.catalog.recordings()
            let known = Set(recordings.map(\.objectPath)).union(recordings.compactMap(\.transcriptPath))
                .union(try self.catalog.pendingIngests().flatMap { [$0.objectPath, self.objects.transcriptRelativePath(for: $0.id)] })
                .union(try self.catalog.pendingVersions().flatMap { [$0.newObjectPath, $0.transcriptPath].compactMap { $0 } })
            // An object rolled back since the listing is gone, not orphaned.
            return try onDisk.filter { path in
                guard !known.contains(path) else { return false }
                return try self.objects.exists(relativePath: path)
            }
        }
        for (path, message) in try await BlockingWork.run({ try self.objects.anomalies() }).sorted(by: { $0.key < $1.key }) {
            found.append(.init(recordingID: nil, objectPath: path, kind: .overwrittenObject, message: "object \(path): \(message)"))
        }
        for path in orphans {
            found.append(.init(recordingID: nil, objectPath: path, kind: .orphanObject,
                               message: "object \(path) belongs to no recording"))
        }
        for disagreement in try await BlockingWork.run({ try self.catalogDisagreements() }) {
            found.append(.init(recordingID: nil, objectPath: "", kind: .catalogDisagreesWithAudit, message: disagreement))
        }
        for token in try await BlockingWork.run({ try self.forgedAPITokens() }) {
            found.append(.init(recordingID: nil, objectPath: "", kind: .forgedToken,
                               message: "API token row \(token.id) (named \(token.name), role \(token.role)) was not written by this vault: inserted or altered"))
        }
        for grant in try await BlockingWork.run({ try self.forgedConsentGrants() }) {
            found.append(.init(recordingID: nil, objectPath: "", kind: .forgedConsent,
                               message: "the consent grant of \(grant.subject) for \(grant.purpose) was not written by this vault: "
                                   + (grant.revokedAt == nil ? "inserted, or altered (a withdrawal undone?)" : "altered")))
        }
        let outcome: AuditOutcome = found.isEmpty ? .ok : .failed, checked = records.count, problemCount = found.count
        try await BlockingWork.run {
            try self.logAudit(.vaultVerify, actor: actor, target: nil, outcome: outcome,
                           detail: ["checked": "\(checked)", "problems": "\(problemCount)"])
        }
        return VerificationReport(checked: records.count, shredded: shredded, problems: found)
    }

    /// What checking one recording found.
    enum CheckOutcome: Sendable {
        case sound, shredded
        case problem(VerificationReport.Problem)
    }

    /// Checks one recording's object. A shredded recording's sealed bytes are still checked
    /// against the catalog (size and SHA-256), but not decrypted. Throws only for failures that
    /// are not the object's (the key store unreadable, OpenSSL failing), which stop the whole check.
    func check(_ record: RecordingRecord) throws -> CheckOutcome {
        let outcome = try check(record, path: record.objectPath) {
            let opener = try SealedObjectOpener(vault: self, record: record)
            try opener.stream { _ in }
        }
        guard case .sound = outcome else { return outcome }
        // The sealed transcript, when there is one: authenticated and its SHA-256 compared.
        if let transcriptPath = record.transcriptPath {
            let transcript = try check(record, path: transcriptPath) { _ = try self.openTranscript(of: record) }
            guard case .sound = transcript else { return transcript }
        }
        // A SIPREC call's sealed metadata (in the catalog): authenticated and its documents counted.
        guard let rsMetadata = try catalog.rsMetadata(of: record.id) else { return outcome }
        return try check(record, path: "\(record.objectPath) (its rs-metadata)") { _ = try self.openRSMetadata(rsMetadata, of: record) }
    }

    /// Runs one object's check and turns what it throws into a problem with `path`.
    private func check(_ record: RecordingRecord, path: String, _ body: () throws -> Void) throws -> CheckOutcome {
        func problem(_ kind: VerificationReport.Problem.Kind, _ message: String) -> CheckOutcome {
            .problem(.init(recordingID: record.id, objectPath: path, kind: kind, message: "recording \(record.id): \(message)"))
        }
        do {
            if record.state == .shredded {
                let file = try objects.openForReading(relativePath: record.objectPath)
                let hasher = SHA256Hasher()
                var size = 0, buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = try buffer.withUnsafeMutableBytes { try file.read(into: $0) }
                    if n == 0 { break }
                    buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
                    size += n
                }
                guard hasher.finalize().hexString == record.sealedSha256, size == record.sealedSize else {
                    return problem(.sealedHashMismatch, "sealed object differs from the catalog's size or SHA-256")
                }
                return .shredded
            }
            try body()
            return .sound
        } catch let error as StoreError where error.code == .notFound {
            return problem(.missingObject, "object \(path) is missing")
        } catch let error as CryptoError {
            let detail = error.message.replacingOccurrences(of: "recording \(record.id): ", with: "")
            switch error.code {
            case .truncated: return problem(.truncated, "object is truncated (\(detail))")
            case .wrongKey: return problem(.keyUnwrapFailed, "data key does not unwrap")
            case .authenticationFailed, .malformed: return problem(.tampered, "object fails authentication (\(detail))")
            default: throw error
            }
        } catch let error as VaultError where error.code == .shredded {
            return problem(.keyUnwrapFailed, "its subject key is missing from the key store, though the catalog does not record a shred")
        } catch let error as VaultError {
            let kind: VerificationReport.Problem.Kind = switch error.code {
            case .objectMismatch: .wrongObject
            case .sealedHashMismatch: .sealedHashMismatch
            default: .opusHashMismatch
            }
            return problem(kind, error.message.replacingOccurrences(of: "recording \(record.id): ", with: ""))
        }
    }
}
