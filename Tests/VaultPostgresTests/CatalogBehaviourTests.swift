import Foundation
import Logging
import Testing
import VaultBase
import VaultPostgres
import VaultStore
import VaultTestSupport

/// One catalog behaviour, asserted on both catalogs: SQLite's `Catalog` and `PostgresCatalog`
/// (a real PostgreSQL 15 started by `Tools/postgres`). Each test opens the catalog twice, as two
/// vault nodes would, and both handles work on the same data.
@Suite struct CatalogBehaviourTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// Two handles on one new catalog ("two nodes").
    static func nodes(_ backend: Backend, _ label: String) throws -> (any CatalogStores, any CatalogStores, keep: Any) {
        switch backend {
        case .sqlite:
            let directory = TemporaryDirectory("catalog-\(label)")
            let url = directory.path("catalog.sqlite")
            let first = try Catalog(url: url, create: true)
            return (first, try Catalog(url: url), directory)
        case .postgres:
            let database = try TestPostgres.database(label)
            let location = try PostgresLocation(parsing: database.location)
            let first = try PostgresCatalog(location: location, password: database.password, create: true, logger: Logger(label: "test"))
            return (first, try PostgresCatalog(location: location, password: database.password, logger: Logger(label: "test")), ())
        }
    }

    /// Journals the ingests of `records` (their commits end the entries).
    static func journal(_ catalog: any CatalogStores, _ records: RecordingRecord...) throws {
        for record in records { try catalog.beginIngest(PendingIngest(id: record.id, objectPath: record.objectPath, startedAt: record.startedAt)) }
    }

    /// A time both catalogs keep exactly (whole milliseconds).
    static func time(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_764_000_000 + seconds) }

    static func recording(_ n: Int, subject: String = "subject-a", campaign: String? = "spring") -> RecordingRecord {
        var record = RecordingRecord(
            id: RecordingID(String(format: "00000000-0000-4000-8000-%012x", n))!, state: .stored, startedAt: time(Double(n) * 60), ingestedAt: time(Double(n) * 60 + 5),
            durationMs: 61_250, channels: 2, inputSampleRate: 8000, opusSampleRate: 16000, bitrate: 24000, sourceFormat: "wav",
            subjectPseudonym: subject, subjectMasked: "138****5678", campaign: campaign, agent: "agent-7", opusSha256: String(repeating: "a", count: 64),
            opusSize: 12345, sealedSha256: String(repeating: "b", count: 64), sealedSize: 12400, objectPath: "ab/\(n).cvseal",
            wrappedDataKey: Data([1, 2, 3, UInt8(n % 256)]), kekVersion: 0, keySubject: subject, metadata: #"{"k":"v"}"#)
        record.transcriptPath = "ab/\(n).transcript.cvseal"
        return record
    }

    /// An audit row maker whose leaf hash is the previous one's bytes shifted by the sequence
    /// number: a chain the test can check link by link.
    static func entry(_ action: String, target: String? = nil) -> AuditRowMaker {
        { link in
            let leaf = Data(link.previousLeafHash.enumerated().map { UInt8(truncatingIfNeeded: Int($1) + Int(link.seq) + $0) })
            return AuditRow(seq: link.seq, at: "2026-12-05T10:00:00Z", actor: "cli", auth: "local", action: action, target: target,
                            outcome: "ok", entry: Data("{\"seq\":\(link.seq)}".utf8), leafHash: leaf)
        }
    }

    @Test("an ingest commit stores the recording and its audit entry together; reads and searches return it field for field",
          arguments: Backend.allCases)
    func recordingsRoundTrip(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "recordings")
            _ = keep
            #expect(try node.recordingTotals() == RecordingTotals(count: 0, sealedBytes: 0, oldestStart: nil), "an empty catalog has totals too")
            let subject = SubjectRecord(subject: "subject-a", masked: "138****5678", createdAt: Self.time(0))
            for n in 1...3 {
                try node.beginIngest(PendingIngest(id: Self.recording(n).id, objectPath: "ab/\(n).cvseal", startedAt: Self.time(Double(n))))
                try node.write("test ingest") { tx in
                    try tx.recordings.commitIngest(Self.recording(n, campaign: n == 2 ? "autumn" : "spring"), subject: subject)
                    try tx.appendAudit([Self.entry("recording.ingest", target: Self.recording(n).id.description)])
                }
            }
            #expect(try other.pendingIngests().isEmpty)
            #expect(try other.recording(Self.recording(1).id) == Self.recording(1))
            #expect(try other.recordings().map(\.id) == (1...3).map { Self.recording($0).id })
            #expect(try other.recordingCount() == 3)
            #expect(try other.searchRecordings(RecordingQuery(campaign: "autumn")).map(\.id) == [Self.recording(2).id])
            #expect(try other.searchRecordings(RecordingQuery(since: Self.time(120), limit: 5)).map(\.id) == [Self.recording(2).id, Self.recording(3).id])
            #expect(try other.searchRecordings(RecordingQuery(limit: 1, offset: 2)).map(\.id) == [Self.recording(3).id])
            #expect(try other.recordings(ofSubject: "subject-a").count == 3)
            #expect(try other.recordings(underKey: "subject-a").count == 3)
            #expect(try other.subjectKeyedRecordingCount() == 3)
            #expect(try other.auditCount() == 3)
            #expect(try other.auditSeqs(targets: [Self.recording(2).id.description, "nothing"]) == [2])
            // A second commit of the same id stores nothing and leaves no audit entry.
            try Self.journal(node, Self.recording(1))
            #expect(throws: StoreError.self) {
                try node.write("test ingest") { tx in
                    try tx.appendAudit([Self.entry("recording.ingest")])
                    try tx.recordings.commitIngest(Self.recording(1), subject: subject)
                }
            }
            #expect(try other.auditCount() == 3)
        }
    }

    @Test("a live call's sealed rs-metadata is stored with its commit, replaced by a new version's, and goes with a purge, a destroyed key and a shred",
          arguments: Backend.allCases)
    func rsMetadataFollowsTheRecording(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "rsmetadata")
            _ = keep
            let subject = SubjectRecord(subject: "subject-a", masked: "138****5678", createdAt: Self.time(0))
            let sealed = { (n: UInt8) in SealedRSMetadata(sealed: Data([0x43, 0x56, n, 0x00, 0xff]), documents: Int(n)) }
            for n in 1...4 {
                try Self.journal(node, Self.recording(n))
                try node.write("test ingest") { tx in
                    try tx.recordings.commitIngest(Self.recording(n), subject: subject)
                    try tx.recordings.putRSMetadata(Self.recording(n).id, sealed(UInt8(n)))
                }
            }
            #expect(try other.rsMetadata(of: Self.recording(1).id) == sealed(1))
            try node.write("test version") { tx in try tx.recordings.putRSMetadata(Self.recording(1).id, sealed(9)) }
            #expect(try other.rsMetadata(of: Self.recording(1).id) == sealed(9))
            #expect(try other.rsMetadata(of: RecordingID()) == nil)

            try node.write("test purge") { tx in
                try tx.retention.purge(Self.recording(1).id, oldKeyID: "subject-a", rewrapped: [2, 3, 4].map { (Self.recording($0).id, Data([9])) },
                                       newKeyID: "subject-a#2", subject: "subject-a", newGeneration: 2, at: Self.time(1000))
            }
            #expect(try other.rsMetadata(of: Self.recording(1).id) == nil)
            try node.write("test replay") { tx in try tx.recordings.markKeyDestroyed(Self.recording(2).id, at: Self.time(1001)) }
            #expect(try other.rsMetadata(of: Self.recording(2).id) == nil)
            try node.completeShred("subject-a", at: Self.time(1002))
            #expect(try other.rsMetadata(of: Self.recording(3).id) == nil && other.rsMetadata(of: Self.recording(4).id) == nil)
        }
    }

    @Test("the console's search: state, transcript, held (recording or subject), newest first, and keyset pages that meet exactly",
          arguments: Backend.allCases)
    func searchFilters(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "search")
            _ = keep
            // Six recordings; 3 and 4 start at the same instant (ties go by id); 5 has no transcript
            // and another subject; 2 is restricted.
            for n in 1...6 {
                let subject = SubjectRecord(subject: n == 5 ? "subject-b" : "subject-a", masked: "138****5678", createdAt: Self.time(0))
                var record = Self.recording(n, subject: subject.subject)
                if n == 4 { record.startedAt = Self.recording(3).startedAt }
                if n == 5 { record.transcriptPath = nil }
                if n == 2 { record.state = .restricted }
                try node.beginIngest(PendingIngest(id: record.id, objectPath: record.objectPath, startedAt: record.startedAt))
                try node.write("ingest") { tx in try tx.recordings.commitIngest(record, subject: subject) }
            }
            func ids(_ configure: (inout RecordingQuery) -> Void) throws -> [Int] {
                var query = RecordingQuery(limit: 100)
                configure(&query)
                return try other.searchRecordings(query).map { record in (1...6).first { Self.recording($0).id == record.id }! }
            }
            #expect(try ids { _ in } == [1, 2, 3, 4, 5, 6])
            #expect(try ids { $0.newestFirst = true } == [6, 5, 4, 3, 2, 1])
            #expect(try ids { $0.state = "restricted" } == [2])
            #expect(try ids { $0.hasTranscript = false } == [5])
            #expect(try ids { $0.hasTranscript = true }.count == 5)
            #expect(try ids { $0.held = true }.isEmpty)
            try node.write("hold") { tx in
                try tx.holds.place(HoldRecord(id: "h1", recordingId: Self.recording(5).id, subject: nil, reason: "case", placedAt: Self.time(1)))
            }
            #expect(try ids { $0.held = true } == [5])
            try node.write("hold") { tx in
                try tx.holds.place(HoldRecord(id: "h2", recordingId: nil, subject: "subject-a", reason: "case", placedAt: Self.time(2)))
            }
            #expect(try ids { $0.held = true } == [1, 2, 3, 4, 5, 6])
            _ = try node.write("release") { tx in try tx.holds.release(recording: nil, subject: "subject-a", at: Self.time(3)) }
            #expect(try ids { $0.held = false } == [1, 2, 3, 4, 6])
            // Keyset pages of two, both orders: every row once, in order, across the tie.
            for newest in [false, true] {
                var seen: [Int] = [], after: RecordingCursor?
                repeat {
                    var query = RecordingQuery(limit: 2)
                    query.newestFirst = newest
                    query.after = after
                    let page = try other.searchRecordings(query)
                    seen += page.map { record in (1...6).first { Self.recording($0).id == record.id }! }
                    after = page.count == 2 ? page.last.map { RecordingCursor(startedAt: $0.startedAt, id: $0.id) } : nil
                } while after != nil
                #expect(seen == (newest ? [6, 5, 4, 3, 2, 1] : [1, 2, 3, 4, 5, 6]))
            }
            let cursor = RecordingCursor(startedAt: Self.time(1.5), id: Self.recording(3).id)
            #expect(RecordingCursor(token: cursor.token) == cursor && RecordingCursor(token: "x_y") == nil)
        }
    }

    @Test("audit entries appended by two nodes at once form one chain: contiguous sequence numbers, each linked to the one before",
          arguments: Backend.allCases)
    func oneAuditChainAcrossNodes(_ backend: Backend) async throws {
        let (node, other, keep) = try Self.nodes(backend, "audit")
        _ = keep
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                let catalog = worker.isMultiple(of: 2) ? node : other
                group.addTask {
                    try await OffPool.run {
                        for k in 0..<10 { _ = try catalog.appendAudit([Self.entry("w\(worker)"), Self.entry("w\(worker).\(k)")]) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let rows = try node.auditRows(AuditFilter())
        #expect(rows.map(\.seq) == Array(1...80))
        var previous = [UInt8](repeating: 0, count: 32)
        for row in rows {
            let expected = Data(previous.enumerated().map { UInt8(truncatingIfNeeded: Int($1) + Int(row.seq) + $0) })
            #expect(row.leafHash == expected, "entry \(row.seq) does not link to entry \(row.seq - 1)")
            previous = Array(row.leafHash)
        }
        var raw: [Int64] = []
        try other.forEachAuditRawRow(after: 70) { raw.append($0.seq) }
        #expect(raw == Array(71...80))
        #expect(try other.auditLeafHashes(count: 5) == rows.prefix(5).map { Array($0.leafHash) })
        #expect(try other.auditRows(AuditFilter(action: "w1", limit: 3)).count == 3)
        try node.storeCheckpoint(CheckpointRow(treeSize: 40, rootHash: Data([9]), note: "n40", at: "t"))
        try other.storeCheckpoint(CheckpointRow(treeSize: 40, rootHash: Data([8]), note: "again", at: "t"))  // once per size
        try other.storeCheckpoint(CheckpointRow(treeSize: 80, rootHash: Data([7]), note: "n80", at: "t", compactRange: Data([1, 2])))
        #expect(try node.checkpoints().map(\.note) == ["n40", "n80"])
        #expect(try node.latestCheckpoint()?.compactRange == Data([1, 2]))
    }

    @Test("a consent claim is atomic across nodes: of eight claims at once for one number, exactly one records its attempt",
          arguments: Backend.allCases)
    func consentClaimsAcrossNodes(_ backend: Backend) async throws {
        let (node, other, keep) = try Self.nodes(backend, "claims")
        _ = keep
        try node.write("number") { tx in try tx.consent.ensureNumber(subject: "n1", sealedNumber: Data([1])) }
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                let catalog = worker.isMultiple(of: 2) ? node : other
                group.addTask {
                    try await OffPool.run {
                        try catalog.write("claim") { tx in
                            // The frequency rule of the test: one call per window.
                            guard try tx.consent.state(subject: "n1", since: Self.time(0)).attempts.isEmpty else { return false }
                            try tx.consent.recordAttempt(subject: "n1", purpose: "sales", at: Self.time(Double(10 + worker)))
                            return true
                        }
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(allowed.filter { $0 }.count == 1)
        #expect(try other.consentRecord(subject: "n1", since: Self.time(0)).attempts.count == 1)
    }

    @Test("consent state, history and the blacklist read the same on both catalogs", arguments: Backend.allCases)
    func consentReads(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "consent")
            _ = keep
            try node.write("consent") { tx in
                try tx.consent.ensureNumber(subject: "n1", sealedNumber: Data([1]))
                try tx.consent.upsertGrant(ConsentGrantRow(subject: "n1", purpose: "sales", source: "web", evidence: "form-1", grantedAt: Self.time(1)))
                try tx.consent.upsertGrant(ConsentGrantRow(subject: "n1", purpose: "survey", source: "web", evidence: "form-2", grantedAt: Self.time(2)))
                try tx.consent.setTag(subject: "n1", tag: "vip")
                try tx.consent.recordAttempt(subject: "n1", purpose: "sales", at: Self.time(3))
                try tx.consent.recordAttempt(subject: "n1", purpose: "sales", at: Self.time(9))
                try tx.consent.ensureNumber(subject: "n2", sealedNumber: nil)
                try tx.consent.setBlacklisted(subject: "n2", at: Self.time(4), reason: "complaint")
            }
            try node.write("revoke") { tx in
                var grant = try #require(try tx.consent.activeGrant(subject: "n1", purpose: "survey"))
                grant.revokedAt = Self.time(5)
                try tx.consent.updateGrant(grant)
            }
            let state = try other.consentRecord(subject: "n1", since: Self.time(4))
            #expect(state.grantedPurposes == ["sales"] && state.tag == "vip" && state.attempts == [Self.time(9)] && state.optedOutAt == nil)
            #expect(try other.consentRecord(subject: "nobody", since: Self.time(0)) == .unknown)
            let screened = try other.consentRecords(subjects: ["n2", "n1", "nobody"], since: Self.time(0)) { index, record in (index, record.blacklistedAt) }
            #expect(screened.map(\.0) == [0, 1, 2] && screened[0].1 == Self.time(4) && screened[1].1 == nil)
            #expect(try other.blacklist().map(\.subject) == ["n2"])
            #expect(try other.consentHistory(subject: "n1").map(\.kind) == ["grant", "grant", "attempt", "revoke", "attempt"])
            var grants = 0
            try other.forEachConsentGrant { _ in grants += 1 }
            #expect(grants == 2)
            #expect(try other.sealUnsealedConsentGrants { Data($0.purpose.utf8) } == 2)
            #expect(try other.sealUnsealedConsentGrants { _ in Data() } == 0)
            try node.write("opt out") { tx in try tx.consent.optOut(subject: "n1", at: Self.time(6)) }
            #expect(try other.consentRecord(subject: "n1", since: Self.time(0)).optedOutAt == Self.time(6))
        }
    }

    @Test("a hold on the subject refuses the purge inside its own transaction; released, the purge goes and queues the old key",
          arguments: Backend.allCases)
    func holdsAndPurges(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "holds")
            _ = keep
            let subject = SubjectRecord(subject: "subject-a", masked: nil, createdAt: Self.time(0))
            try Self.journal(node, Self.recording(1))
            try node.write("ingest") { tx in try tx.recordings.commitIngest(Self.recording(1), subject: subject) }
            try node.write("hold") { tx in
                try tx.holds.place(HoldRecord(id: "h1", recordingId: nil, subject: "subject-a", reason: "case 7", placedAt: Self.time(1)))
            }
            #expect(try other.isHeld(Self.recording(1)))
            #expect(try other.activeHolds().map(\.id) == ["h1"])
            let purge = { (catalog: any CatalogStores) in
                try catalog.write("purge") { tx in
                    try tx.retention.purge(Self.recording(1).id, oldKeyID: "subject-a", rewrapped: [], newKeyID: nil, subject: "subject-a",
                                           newGeneration: 2, at: Self.time(9))
                }
            }
            #expect { try purge(other) } throws: { ($0 as? StoreError)?.code == .conflict }
            #expect(try node.write("release") { tx in try tx.holds.release(recording: nil, subject: "subject-a", at: Self.time(2)) } == 1)
            try purge(other)
            let purged = try #require(try node.recording(Self.recording(1).id))
            #expect(purged.state == .purged && purged.purgedAt == Self.time(9) && purged.wrappedDataKey.isEmpty)
            #expect(try node.pendingKeyDestructions() == ["subject-a"])
            #expect(try node.subject("subject-a")?.keyGeneration == 2)
            #expect(try node.subjectKeyIDs("subject-a") == ["subject-a", "subject-a#2"])
            try other.endKeyDestruction("subject-a")
            #expect(try node.pendingKeyDestructions().isEmpty)
        }
    }

    @Test("an erasure completes in one unit of work: grants and attempts gone, keys queued, the request completed", arguments: Backend.allCases)
    func erasure(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "erasure")
            _ = keep
            let request = ErasureRequestRecord(id: "e1", subject: "n1", masked: "138****5678", requestedAt: Self.time(1), deadline: Self.time(3600), reason: "opt-out")
            try node.write("request") { tx in
                try tx.consent.ensureNumber(subject: "n1", sealedNumber: Data([5]))
                try tx.consent.upsertGrant(ConsentGrantRow(subject: "n1", purpose: "sales", source: "web", evidence: "f", grantedAt: Self.time(0)))
                try tx.consent.insertErasureRequest(request)
            }
            #expect(try other.write("open") { tx in try tx.consent.openErasureRequest(subject: "n1") } == "e1")
            #expect(try other.erasureRequests(state: .open).map(\.id) == ["e1"])
            try other.write("complete") { tx in try tx.erasure.complete(request, keyIDs: ["n1", "n1#2"], receipt: "signed", at: Self.time(60)) }
            let done = try #require(try node.erasureRequest("e1"))
            #expect(done.state == .completed && done.receipt == "signed" && done.completedAt == Self.time(60))
            #expect(try node.erasureRequests().map(\.id) == ["e1"] && node.erasureRequests(state: .open).isEmpty)
            #expect(Set(try node.pendingKeyDestructions()) == ["n1", "n1#2"])
            let state = try node.consentRecord(subject: "n1", since: Self.time(0))
            #expect(state.grantedPurposes.isEmpty && state.optedOutAt == Self.time(60))
        }
    }

    @Test("journals: an ingest and a transcript add are found after a crash until ended; a second add of the same recording is refused",
          arguments: Backend.allCases)
    func journals(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "journals")
            _ = keep
            let id = Self.recording(1).id
            try node.beginIngest(PendingIngest(id: id, objectPath: "ab/1.cvseal", startedAt: Self.time(1)))
            try other.recordCompletion(Data([7, 7]), of: id)
            #expect(try node.pendingIngests() == [PendingIngest(id: id, objectPath: "ab/1.cvseal", startedAt: Self.time(1), completion: Data([7, 7]))])
            try other.endIngest(id)
            #expect(try node.pendingIngests().isEmpty)
            let pending = PendingVersion(id: id, version: 2, oldObjectPath: "ab/1.cvseal", newObjectPath: nil, transcriptPath: "ab/1.v2.transcript.cvseal",
                                         subject: "subject-a", newKeyID: nil, startedAt: Self.time(2))
            #expect(try node.beginVersion(pending))
            #expect(try !other.beginVersion(pending))
            #expect(try other.pendingVersions() == [pending])
            try other.endVersion(id)
            #expect(try node.pendingVersions().isEmpty)
            try node.storePolicy(yaml: "a: 1", sha256: "x", at: Self.time(1))
            try other.storePolicy(yaml: "a: 2", sha256: "y", at: Self.time(2))
            #expect(try node.currentPolicyYAML() == "a: 2")
            try node.storeKEKCheck(version: 1, checkValue: Data([1]))
            try other.storeKEKCheck(version: 1, checkValue: Data([2]))
            #expect(try node.kekCheck(version: 1) == Data([2]) && node.kekCheck(version: 2) == nil)
        }
    }

    @Test("a version switch commits only over the recording the caller read, and clears what the new row leaves out",
          arguments: Backend.allCases)
    func versionSwitch(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "versions")
            _ = keep
            let subject = SubjectRecord(subject: "subject-a", masked: nil, createdAt: Self.time(0))
            let original = Self.recording(1)
            try Self.journal(node, original)
            try node.write("ingest") { tx in try tx.recordings.commitIngest(original, subject: subject) }
            var next = original
            next.version = 2
            next.metadata = nil
            next.transcriptSha256 = "c0ffee"
            var stale = original
            stale.agent = "someone else"
            #expect(throws: StoreError.self) { try other.write("switch") { tx in try tx.recordings.switchVersion(next, expected: stale, rekey: nil, at: Self.time(5)) } }
            try other.write("switch") { tx in try tx.recordings.switchVersion(next, expected: original, rekey: nil, at: Self.time(5)) }
            #expect(try node.recording(original.id) == next)
            #expect(try node.isKeyInUse("subject-a", subject: "subject-a"))
            #expect(try !node.isKeyInUse("subject-a#2", subject: "subject-a"))
        }
    }

    @Test("tokens: one live token per name; a revoked name may be reused; a token is found by its hash while live", arguments: Backend.allCases)
    func tokens(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "tokens")
            _ = keep
            var token = APITokenRecord(id: "t1", name: "dialer", role: "dialer", tokenSha256: Data(repeating: 1, count: 32), createdAt: Self.time(0))
            try node.write("token") { tx in try tx.tokens.insert(token) }
            #expect { try other.write("token") { tx in
                try tx.tokens.insert(APITokenRecord(id: "t2", name: "dialer", role: "dialer", tokenSha256: Data(repeating: 2, count: 32), createdAt: Self.time(1)))
            } } throws: { ($0 as? StoreError)?.code == .conflict }
            #expect(try other.liveAPIToken(sha256: Data(repeating: 1, count: 32))?.id == "t1")
            #expect(try other.write("unsealed") { tx in try tx.tokens.unsealed() }.map(\.id) == ["t1"])
            token.revokedAt = Self.time(2)
            try node.write("revoke") { tx in try tx.tokens.update(token) }
            #expect(try other.liveAPIToken(sha256: Data(repeating: 1, count: 32)) == nil)
            try other.write("token") { tx in
                try tx.tokens.insert(APITokenRecord(id: "t3", name: "dialer", role: "auditor", tokenSha256: Data(repeating: 3, count: 32), createdAt: Self.time(3)))
            }
            #expect(try node.apiTokens().map(\.id) == ["t1", "t3"])
        }
    }

    @Test("console accounts: names are unique, disabled ones included; an update clears what the record leaves out", arguments: Backend.allCases)
    func users(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "users")
            _ = keep
            var alice = UserRecord(id: "u1", name: "alice", role: "auditor", passwordHash: "$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA", createdAt: Self.time(0))
            alice.mac = Data(repeating: 7, count: 32)
            try node.write("user") { tx in try tx.users.insert(alice) }
            #expect { try other.write("user") { tx in
                try tx.users.insert(UserRecord(id: "u2", name: "alice", role: "dpo", passwordHash: "x", createdAt: Self.time(1)))
            } } throws: { ($0 as? StoreError)?.code == .conflict }
            #expect(try other.user(named: "alice") == alice)
            try other.write("lock") { tx in
                var user = try #require(try tx.users.user(named: "alice"))
                user.failedSignIns = 5
                user.lockedUntil = Self.time(1800)
                user.totpSecret = Data([1, 2, 3])
                user.totpLastStep = 58_800_000
                user.disabledAt = Self.time(60)
                try tx.users.update(user)
            }
            let locked = try #require(try node.user(named: "alice"))
            #expect(locked.failedSignIns == 5 && locked.lockedUntil == Self.time(1800) && locked.totpSecret == Data([1, 2, 3])
                    && locked.totpLastStep == 58_800_000 && locked.disabledAt == Self.time(60))
            try node.write("reset") { tx in try tx.users.update(alice) }
            #expect(try other.user(named: "alice") == alice)
            try other.write("user") { tx in
                try tx.users.insert(UserRecord(id: "u3", name: "bob", role: "dpo", passwordHash: "y", createdAt: Self.time(2)))
            }
            #expect(try node.users().map(\.name) == ["alice", "bob"])
            #expect(try node.user(named: "carol") == nil)
        }
    }

    @Test("shredding a subject: begun once, then the subject and its recordings are shredded", arguments: Backend.allCases)
    func shredding(_ backend: Backend) async throws {
        // Blocking database work: off the cooperative pool, which the in-process servers' handlers need.
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "shred")
            _ = keep
            let subject = SubjectRecord(subject: "subject-a", masked: "m", createdAt: Self.time(0))
            try Self.journal(node, Self.recording(1), Self.recording(2))
            try node.write("ingest") { tx in
                try tx.recordings.commitIngest(Self.recording(1), subject: subject)
                try tx.recordings.commitIngest(Self.recording(2), subject: subject)
            }
            #expect(try other.write("shred") { tx in try tx.subjects.beginShred("subject-a", at: Self.time(5)) })
            #expect(try !node.write("shred") { tx in try tx.subjects.beginShred("subject-a", at: Self.time(6)) })
            #expect(try node.subjects(in: .shredding).map(\.shredRequestedAt) == [Self.time(5)])
            try other.completeShred("subject-a", at: Self.time(7))
            #expect(try node.recordings().allSatisfy { $0.state == .shredded })
            #expect(try node.subjectCounts() == [.shredded: 1])
        }
    }

    static func hit(_ n: Int, recording r: Int, category: String = "false_advertising", startMs: Int? = nil) -> PhraseHitRecord {
        let record = recording(r, campaign: r == 2 ? "autumn" : "spring")
        return PhraseHitRecord(
            id: String(format: "00000000-0000-4000-9000-%012x", n), recordingId: record.id, version: 1, lexiconVersion: 0, category: category,
            severity: category == "false_advertising" ? "high" : "medium", phrase: "包治百病", words: "包治百病", context: "我们这个产品包治百病，真的",
            speaker: startMs == nil ? nil : "agent", startMs: startMs, endMs: startMs.map { $0 + 900 }, agent: record.agent,
            campaign: record.campaign, callStartedAt: record.startedAt, foundAt: time(1_000))
    }

    @Test("phrase hits: stored with their recording, filtered, replaced by a new version's, gone with a purge or a shred; calls counted per agent",
          arguments: Backend.allCases)
    func phraseHits(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "hits")
            _ = keep
            let a = SubjectRecord(subject: "subject-a", masked: nil, createdAt: Self.time(0))
            let b = SubjectRecord(subject: "subject-b", masked: nil, createdAt: Self.time(0))
            try Self.journal(node, Self.recording(1), Self.recording(2, subject: "subject-b", campaign: "autumn"), Self.recording(3))
            try node.write("ingest") { tx in
                try tx.recordings.commitIngest(Self.recording(1), subject: a)
                try tx.monitor.replaceHits(of: Self.recording(1).id, with: [Self.hit(1, recording: 1, startMs: 5_000), Self.hit(2, recording: 1, category: "pressure_selling")])
                try tx.recordings.commitIngest(Self.recording(2, subject: "subject-b", campaign: "autumn"), subject: b)
                try tx.monitor.replaceHits(of: Self.recording(2).id, with: [Self.hit(3, recording: 2, startMs: 700)])
                var untranscribed = Self.recording(3)
                untranscribed.transcriptPath = nil
                try tx.recordings.commitIngest(untranscribed, subject: a)
            }
            // Field for field, newest call first, untimed before timed within a call.
            let all = try other.phraseHits(PhraseHitQuery())
            #expect(all.map(\.id) == [Self.hit(3, recording: 2).id, Self.hit(2, recording: 1).id, Self.hit(1, recording: 1).id])
            #expect(all.last == Self.hit(1, recording: 1, startMs: 5_000))
            #expect(try other.phraseHits(PhraseHitQuery(category: "pressure_selling")).map(\.id) == [Self.hit(2, recording: 1).id])
            #expect(try other.phraseHits(PhraseHitQuery(campaign: "autumn")).map(\.id) == [Self.hit(3, recording: 2).id])
            #expect(try other.phraseHits(PhraseHitQuery(since: Self.time(120))).map(\.id) == [Self.hit(3, recording: 2).id])
            #expect(try other.phraseHits(PhraseHitQuery(until: Self.time(120))).count == 2)
            #expect(try other.phraseHits(PhraseHitQuery(agent: "agent-7", recording: Self.recording(1).id, limit: 1)).count == 1)
            #expect(try other.phraseHits(PhraseHitQuery(agent: "nobody")).isEmpty)
            #expect(try other.transcribedCalls(since: nil, until: nil, by: .agent) == ["agent-7": 2])
            #expect(try other.transcribedCalls(since: nil, until: nil, by: .campaign) == ["spring": 1, "autumn": 1])
            #expect(try other.transcribedCalls(since: Self.time(120), until: nil, by: .campaign) == ["autumn": 1])
            // A new version's scan replaces the old one's hits.
            try other.write("switch") { tx in try tx.monitor.replaceHits(of: Self.recording(1).id, with: [Self.hit(4, recording: 1)]) }
            #expect(try node.phraseHits(PhraseHitQuery(recording: Self.recording(1).id)).map(\.id) == [Self.hit(4, recording: 1).id])
            // A purge takes its recording's hits; a shred its subject's.
            try node.write("purge") { tx in
                try tx.retention.purge(Self.recording(1).id, oldKeyID: "subject-a", rewrapped: [(Self.recording(3).id, Data([9]))], newKeyID: "subject-a#2",
                                       subject: "subject-a", newGeneration: 2, at: Self.time(9))
            }
            #expect(try other.phraseHits(PhraseHitQuery()).map(\.id) == [Self.hit(3, recording: 2).id])
            #expect(try other.transcribedCalls(since: nil, until: nil, by: .agent) == ["agent-7": 1])
            // A review: the hit's state, reviewer, note and time; an unknown hit is not found.
            let reviewed = try node.write("review") { tx in
                try tx.monitor.review(Self.hit(3, recording: 2).id, state: .falsePositive, reviewer: "qa-1", note: "a product's name", at: Self.time(11))
            }
            #expect(reviewed.state == .falsePositive && reviewed.reviewer == "qa-1" && reviewed.reviewedAt == Self.time(11))
            #expect(try other.phraseHits(PhraseHitQuery(state: .falsePositive)) == [reviewed])
            #expect(try other.phraseHits(PhraseHitQuery(state: .new)).isEmpty)
            #expect { try other.write("review") { tx in try tx.monitor.review("nothing", state: .confirmed, reviewer: "qa", note: nil, at: Self.time(12)) } }
                throws: { ($0 as? StoreError)?.code == .notFound }
            // Lexicon changes are numbered in order, whichever node stores them.
            #expect(try node.lexiconVersion() == 0)
            let first = try node.write("lexicon") { tx in try tx.monitor.appendLexiconChange(LexiconChangeRecord(kind: .apply, yaml: "format: 1", actor: "ops", at: Self.time(13))) }
            let second = try other.write("lexicon") { tx in
                try tx.monitor.appendLexiconChange(LexiconChangeRecord(kind: .exception, exception: "高收益债券", hitId: reviewed.id, actor: "qa-1", at: Self.time(14)))
            }
            #expect((first, second) == (1, 2))
            #expect(try node.lexiconVersion() == 2)
            #expect(try node.lexiconChanges().map(\.kind) == [.apply, .exception])
            #expect(try node.lexiconChanges().last?.exception == "高收益债券" && node.lexiconChanges().last?.at == Self.time(14))
            try other.completeShred("subject-b", at: Self.time(10))
            #expect(try node.phraseHits(PhraseHitQuery()).isEmpty)
            #expect(try node.transcribedCalls(since: nil, until: nil, by: .campaign).isEmpty)
        }
    }

    @Test("reconciliation: an allowed claim with its number's recording inside the window is reconciled; one without, or recorded too late, is listed",
          arguments: Backend.allCases)
    func unrecordedClaims(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "unrecorded")
            _ = keep
            // Recording 1 is subject-a's call at time(60) (started_at = n * 60).
            try Self.journal(node, Self.recording(1))
            try node.write("ingest") { tx in
                try tx.recordings.commitIngest(Self.recording(1), subject: SubjectRecord(subject: "subject-a", masked: nil, createdAt: Self.time(0)))
            }
            try node.write("claims") { tx in
                try tx.consent.recordAttempt(subject: "subject-a", purpose: "marketing", at: Self.time(30))    // recorded 30 s later
                try tx.consent.recordAttempt(subject: "subject-a", purpose: "marketing", at: Self.time(90))    // recorded 30 s before: clock skew
                try tx.consent.recordAttempt(subject: "subject-b", purpose: "service", at: Self.time(40))      // never recorded
                try tx.consent.recordAttempt(subject: "subject-a", purpose: "marketing", at: Self.time(-4000)) // recorded over an hour later
            }
            let listed = try other.unrecordedClaims(since: Self.time(-5000), until: Self.time(5000), window: 3600, skew: 60, limit: 10)
            #expect(listed == [UnrecordedCall(subjectPseudonym: "subject-a", purpose: "marketing", claimedAt: Self.time(-4000)),
                               UnrecordedCall(subjectPseudonym: "subject-b", purpose: "service", claimedAt: Self.time(40))])
            #expect(try other.unrecordedClaims(since: Self.time(0), until: Self.time(5000), window: 3600, skew: 60, limit: 10).map(\.subjectPseudonym) == ["subject-b"])
            #expect(try other.unrecordedClaims(since: Self.time(-5000), until: Self.time(5000), window: 7200, skew: 60, limit: 1).count == 1)
            // With no allowance for skew, the claim made after its call's start is listed too.
            #expect(try other.unrecordedClaims(since: Self.time(0), until: Self.time(5000), window: 3600, skew: 0, limit: 10).count == 2)
        }
    }

    @Test("the leader lease: one node holds it, the other is refused until the holder gives it up or its session dies; SQLite always grants it")
    func leaderLease() async throws {
        try await OffPool.run {
            let (single, _, keepSQLite) = try Self.nodes(.sqlite, "lease")
            _ = keepSQLite
            #expect(try single.holdsLeaderLease(), "a catalog of one node always leads")

            let database = try TestPostgres.database("lease")
            let location = try PostgresLocation(parsing: database.location)
            func open(create: Bool = false) throws -> PostgresCatalog {
                try PostgresCatalog(location: location, password: database.password, create: create, logger: Logger(label: "test"))
            }
            var a: PostgresCatalog? = try open(create: true)
            let b = try open()
            #expect(try a!.holdsLeaderLease())
            #expect(try !b.holdsLeaderLease(), "a second node is refused while the first holds the lease")
            #expect(try a!.holdsLeaderLease(), "the holder keeps it")
            a!.releaseLeaderLease()
            #expect(try b.holdsLeaderLease(), "released, it goes to the next node that asks")
            #expect(try !a!.holdsLeaderLease())

            // The holder's session dies (as when its process is killed or its link lost): the
            // server frees the lock, another node takes it, and the old holder finds it lost.
            let killed = try Self.terminateLockHolders(database)
            #expect(killed.status == 0 && killed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(killed.stdout)\(killed.stderr)")
            #expect(try eventually(within: 5) { try a!.holdsLeaderLease() }, "the lock of a dead session goes to the next node that asks")
            #expect(try !b.holdsLeaderLease(), "the old holder finds its lease lost, and another node's")

            // A catalog closed (its process ending) frees the lease, once the server has seen the session end.
            a = nil
            #expect(try eventually(within: 5) { try b.holdsLeaderLease() })
        }
    }

    @Test("node presence: a node is gone once no process of it has the catalog open; SQLite has no other node")
    func nodePresence() async throws {
        try await OffPool.run {
            let (single, _, keepSQLite) = try Self.nodes(.sqlite, "presence")
            _ = keepSQLite
            try single.announce(node: "host:/a")
            #expect(try single.whileGone("host:/b") { 1 } == nil, "a catalog of one node finds no other node gone")

            let database = try TestPostgres.database("presence")
            let location = try PostgresLocation(parsing: database.location)
            func open(create: Bool = false) throws -> PostgresCatalog {
                try PostgresCatalog(location: location, password: database.password, create: create, logger: Logger(label: "test"))
            }
            let observer = try open(create: true)
            var first: PostgresCatalog? = try open(), second: PostgresCatalog? = try open()
            try first!.announce(node: "host:/a")
            try second!.announce(node: "host:/a")  // a second process of the same node (the CLI beside serve)
            #expect(try observer.whileGone("host:/a") { 1 } == nil, "alive while a process of it is")
            #expect(try observer.whileGone("host:/never-seen") { 7 } == 7, "a node nobody announced is gone")
            first = nil
            #expect(try observer.whileGone("host:/a") { 1 } == nil, "alive while one of its processes is")
            _ = second
            second = nil
            #expect(try eventually(within: 5) { try observer.whileGone("host:/a") { 2 } == 2 }, "gone once none is (once the server has seen its session end)")
            // Its lease connection lost (a PostgreSQL restart, say), a process announces itself again when it next checks the lease.
            let third = try open()
            try third.announce(node: "host:/c")
            _ = try third.holdsLeaderLease()
            let killed = try Self.terminateLockHolders(database)
            #expect(killed.status == 0, "\(killed.stderr)")
            #expect(try eventually(within: 5) { try observer.whileGone("host:/c") { 3 } == 3 })
            _ = try third.holdsLeaderLease()
            #expect(try observer.whileGone("host:/c") { 3 } == nil, "announced again with its new connection")
        }
    }

    @Test("an ingest whose journal entry was ended meanwhile (rolled back by another node's recovery) commits nothing", arguments: Backend.allCases)
    func commitAfterRollback(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.nodes(backend, "ended")
            _ = keep
            let record = Self.recording(1)
            try Self.journal(node, record)
            try other.endIngest(record.id)
            let subject = SubjectRecord(subject: "subject-a", masked: nil, createdAt: Self.time(0))
            let error = #expect(throws: StoreError.self) {
                try node.write("ingest") { tx in
                    try tx.recordings.commitIngest(record, subject: subject)
                    try tx.appendAudit([Self.entry("recording.ingest", target: record.id.description)])
                }
            }
            #expect(error?.message.contains("rolled back meanwhile") == true, "\(error?.message ?? "")")
            #expect(try other.recording(record.id) == nil && other.auditCount() == 0 && other.subject("subject-a") == nil)
        }
    }

    @Test("TLS to the server: verify-full with its CA, and require, are encrypted; another CA's certificate is refused with a clear error at once")
    func tlsToTheServer() async throws {
        try await OffPool.run {
            let database = try TestPostgres.database("tls")
            let ca = try TestPostgres.certificateAuthority()
            let log = CapturedLog()
            func open(_ options: String, create: Bool = false) throws -> PostgresCatalog {
                try PostgresCatalog(location: try PostgresLocation(parsing: database.location + options), password: database.password,
                                    create: create, logger: log.logger)
            }
            func encrypted() throws -> [String] {
                let name = URL(string: database.location)!.lastPathComponent
                let result = try Self.psql(database, "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = '\(name)' AND a.pid <> pg_backend_pid() ORDER BY 1")
                return result.stdout.split(separator: "\n").map(String.init)
            }
            var verified: PostgresCatalog? = try open("?sslmode=verify-full&sslrootcert=\(ca)", create: true)
            #expect(try verified!.recordingCount() == 0)
            #expect(try encrypted() == ["t"], "the catalog's connection is TLS")
            verified = nil
            var loose: PostgresCatalog? = try open("?sslmode=require")
            #expect(try loose!.recordingCount() == 0)
            #expect(try encrypted() == ["t"])
            loose = nil
            var plain: PostgresCatalog? = try open("")
            #expect(try plain!.recordingCount() == 0)
            #expect(try encrypted() == ["f"], "loopback is plain by default")
            plain = nil

            // A root that did not sign the server's certificate: refused in the handshake, never tried again.
            let other = TemporaryDirectory("other-ca")
            let otherCA = other.path("ca.pem").path
            let made = try Subprocess.run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                                                      "-subj", "/CN=someone else", "-keyout", other.path("ca.key").path, "-out", otherCA])
            #expect(made.status == 0, "\(made.stderr)")
            let error = #expect(throws: StoreError.self) { _ = try open("?sslmode=verify-full&sslrootcert=\(otherCA)") }
            #expect(error?.message.contains("certificate was not accepted") == true, "\(error?.message ?? "")")
            let retries = log.entries.filter { $0.message == PostgresCatalog.connectRetryMessage }
            #expect(retries.isEmpty, "a refused certificate is not tried again: \(retries)")
            let missing = #expect(throws: StoreError.self) { _ = try open("?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem") }
            #expect(missing?.message.contains("cannot read the catalog server's root certificate /nonexistent/ca.pem") == true)
        }
    }

    /// Two handles on one new store of subject keys: the key store's SQLite file, or a PostgreSQL
    /// catalog's own (each handle a node).
    static func subjectKeys(_ backend: Backend) throws -> (any SubjectKeyStorage, any SubjectKeyStorage, keep: Any) {
        switch backend {
        case .sqlite:
            let directory = TemporaryDirectory("subject-keys")
            let url = directory.path("subject-keys.sqlite")
            let first = try SubjectKeyStore(url: url, create: true)
            return (first, try SubjectKeyStore(url: url, create: false), directory)
        case .postgres:
            let (a, b, keep) = try nodes(.postgres, "keys")
            return (try #require(a.sharedSubjectKeys), try #require(b.sharedSubjectKeys), (a, b, keep))
        }
    }

    @Test("subject keys: stored once per subject, read by every node, destroyed with a tombstone and their journalled data keys; rotation's pages; the journal",
          arguments: Backend.allCases)
    func subjectKeyStorage(_ backend: Backend) async throws {
        try await OffPool.run {
            let (node, other, keep) = try Self.subjectKeys(backend)
            _ = keep
            let first = SubjectKeyRow(subject: "subject-a", kekVersion: 1, wrapped: Data([1, 2, 3]))
            #expect(try node.insert(first) == first)
            #expect(try other.insert(SubjectKeyRow(subject: "subject-a", kekVersion: 1, wrapped: Data([9]))) == first, "the first key stored stays")
            #expect(try other.row(for: "subject-a") == first)
            #expect(try node.row(for: "nobody") == nil)
            try node.insertBatch((0..<5).map { SubjectKeyRow(subject: "bulk-\($0)", kekVersion: 1, wrapped: Data([UInt8($0)])) })
            #expect(try other.countsByKEKVersion() == [1: 6])

            // A rotation's pages, in storage order, then the rewrap.
            var seen = [SubjectKeyRow](), after: Int64 = 0
            while true {
                let page = try other.rows(notUnder: 2, afterRowID: after, limit: 4)
                guard let last = page.last else { break }
                seen += page.map(\.row)
                after = last.rowID
            }
            #expect(Set(seen.map(\.subject)) == Set(["subject-a"] + (0..<5).map { "bulk-\($0)" }) && seen.count == 6)
            try node.update(seen.map { SubjectKeyRow(subject: $0.subject, kekVersion: 2, wrapped: $0.wrapped + Data([2])) })
            #expect(try other.countsByKEKVersion() == [2: 6])
            #expect(try other.rows(notUnder: 2, afterRowID: 0, limit: 10).isEmpty)
            var ordered = [String]()
            try other.forEach { ordered.append($0.subject) }
            #expect(ordered == ordered.sorted() && ordered.count == 6)

            // The journal, and a destruction on one node seen by the other.
            try node.journalRewraps([(recording: "rec-1", keySubject: "subject-a", wrapped: Data([5])), (recording: "rec-2", keySubject: "bulk-1", wrapped: Data([6]))])
            try other.journalRewraps([(recording: "rec-1", keySubject: "subject-a", wrapped: Data([7]))])
            #expect(try node.journalledDataKey(of: "rec-1")?.wrapped == Data([7]), "the newest rewrap wins")
            #expect(try other.destroy(["subject-a", "never-had-one"]) == 1)
            #expect(try node.row(for: "subject-a") == nil)
            #expect(try node.wasDestroyed("subject-a") && node.wasDestroyed("never-had-one") && !node.wasDestroyed("bulk-1"))
            #expect(try node.journalledDataKey(of: "rec-1") == nil, "the data keys under a destroyed key go with it")
            #expect(try node.journalledDataKey(of: "rec-2")?.keySubject == "bulk-1")
            try node.journalOptOut(subject: "subject-b", request: "r2", at: Self.time(20))
            try other.journalOptOut(subject: "subject-c", request: "r1", at: Self.time(10))
            try other.journalOptOut(subject: "subject-c", request: "r1", at: Self.time(10))  // once
            #expect(try node.journalledOptOuts().map(\.request) == ["r1", "r2"])
            #expect(try node.journalledOptOuts().first?.requestedAt == Self.time(10))
        }
    }

    /// Runs one statement with `psql` on a test database (as an operator or an outage would).
    static func psql(_ database: (location: String, password: String), _ sql: String) throws -> ProcessResult {
        try TestPostgres.psql(database.location, password: database.password, sql)
    }

    /// Ends, as a lost link would, every session of the test database that holds a session
    /// advisory lock (a leader lease, a node's presence); returns what `psql` printed.
    static func terminateLockHolders(_ database: (location: String, password: String)) throws -> ProcessResult {
        try psql(database, "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
    }
}
