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
        let onDisk = try await BlockingWork.run { self.objects.allObjectPaths() }
        let records = try await BlockingWork.run { try self.catalog.recordings() }
        var problems = [VerificationReport.Problem?](repeating: nil, count: records.count)
        try await withThrowingTaskGroup(of: (Int, VerificationReport.Problem?).self) { group in
            var next = 0
            func submit() {
                guard next < records.count else { return }
                let index = next, record = records[index]
                next += 1
                group.addTask { (index, try await BlockingWork.run { try self.check(record) }) }
            }
            for _ in 0..<configuration.concurrency { submit() }
            while let (index, problem) = try await group.next() {
                problems[index] = problem
                submit()
            }
        }
        var found = problems.compactMap { $0 }
        let orphans = try await BlockingWork.run {
            let known = Set(try self.catalog.recordings().map(\.objectPath))
                .union(try self.catalog.pendingIngests().map(\.objectPath))
            // An object rolled back since the listing is gone, not orphaned.
            return onDisk.filter { !known.contains($0) && FileManager.default.fileExists(atPath: self.objects.url(forRelativePath: $0).path) }
        }
        for path in orphans {
            found.append(.init(recordingID: nil, objectPath: path, kind: .orphanObject,
                               message: "object \(path) belongs to no recording"))
        }
        let outcome: AuditOutcome = found.isEmpty ? .ok : .failed, checked = records.count, problemCount = found.count
        try await BlockingWork.run {
            try self.audit(.vaultVerify, actor: actor, target: nil, outcome: outcome,
                           detail: ["checked": "\(checked)", "problems": "\(problemCount)"])
        }
        return VerificationReport(checked: records.count, problems: found)
    }

    /// Checks one recording's object; nil when it is sound. Throws only for failures that are not
    /// the object's (the key store unreadable, OpenSSL failing), which stop the whole check.
    func check(_ record: RecordingRecord) throws -> VerificationReport.Problem? {
        func problem(_ kind: VerificationReport.Problem.Kind, _ message: String) -> VerificationReport.Problem {
            .init(recordingID: record.id, objectPath: record.objectPath, kind: kind, message: "recording \(record.id): \(message)")
        }
        do {
            let opener = try SealedObjectOpener(vault: self, record: record)
            try opener.stream { _ in }
            return nil
        } catch let error as StoreError where error.code == .notFound {
            return problem(.missingObject, "object \(record.objectPath) is missing")
        } catch let error as CryptoError {
            let detail = error.message.replacingOccurrences(of: "recording \(record.id): ", with: "")
            switch error.code {
            case .truncated: return problem(.truncated, "object is truncated (\(detail))")
            case .wrongKey: return problem(.keyUnwrapFailed, "data key does not unwrap")
            case .authenticationFailed, .malformed: return problem(.tampered, "object fails authentication (\(detail))")
            default: throw error
            }
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
