import Foundation
import Testing
import VaultAudio
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("transcripts add: a new audio version with the spans muted, the old version's key destroyed")
struct TranscriptAddTests {
    let subject = try! PhoneNumber(parsing: "+8613911112222")

    /// Writes the word-timed ASR fixture (a number spoken at 1.5–2.5 s) and returns its URL.
    func asrTranscript(_ t: TestVault) throws -> URL {
        let url = t.tmp.path("later.json")
        try Data(TranscriptFixture.asrJSON.utf8).write(to: url)
        return url
    }

    /// Decodes a recording's current audio with ffmpeg (8 kHz mono).
    func exportPCM(_ vault: Vault, _ id: RecordingID, _ t: TestVault, name: String) throws -> (url: URL, pcm: [Int16]) {
        let out = t.tmp.path(name)
        _ = try vault.exportAudio(id, to: out, actor: .tester)
        return (out, try OggOpusProbe.decodeMono(out, rate: 8000))
    }

    func correlation(_ a: [Int16], _ b: [Int16], from: Double, to: Double) -> Double {
        let lo = Int(from * 8000), hi = min(a.count, b.count, Int(to * 8000))
        let x = a[lo..<hi].map(Double.init), y = b[lo..<hi].map(Double.init)
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (p, q) in zip(x, y) { sxy += (p - mx) * (q - my); sxx += (p - mx) * (p - mx); syy += (q - my) * (q - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test("real speech: the span is silent in version 2, the rest kept, same duration, old object and key gone, both hashes audited")
    func speechRoundTrip() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: Fixtures.speech8k, subject: subject), actor: .tester)
        let sibling = try vault.ingest(IngestRequest(source: try t.wav("other.wav", seconds: 2), subject: subject), actor: .tester)
        #expect(record.version == 1 && record.keySubject == sibling.keySubject)
        let before = try exportPCM(vault, record.id, t, name: "v1.opus")
        let oldSealed = try Data(contentsOf: vault.files.url(forRelativePath: record.objectPath))
        let oldKeyID = try #require(record.keySubject)

        let added = try vault.addTranscript(record.id, transcript: try asrTranscript(t), actor: .tester)
        #expect(added.version == 2)
        #expect(added.objectPath == vault.objects.relativePath(for: record.id, version: 2))
        #expect(added.transcriptPath == vault.objects.transcriptRelativePath(for: record.id, version: 2))
        #expect(added.transcriptFormat == "asr-json")
        #expect(added.durationMs == record.durationMs)
        #expect(added.opusSha256 != record.opusSha256 && added.sealedSha256 != record.sealedSha256)
        #expect(added.keySubject != oldKeyID)
        let metadata = try JSONSerialization.jsonObject(with: Data((added.metadata ?? "{}").utf8)) as? [String: String]
        #expect(metadata?["redacted_spans"] == "1500-2500:phone")
        #expect(try t.open().recording(record.id) == added)

        // The audio: silent over the span, the speech elsewhere, the same length.
        let after = try exportPCM(vault, record.id, t, name: "v2.opus")
        #expect(after.pcm.count == before.pcm.count)
        #expect(abs(try OggOpusProbe(after.url).duration - OggOpusProbe(before.url).duration) <= 0.02)
        #expect(try OggOpusProbe.opusinfo(after.url).status == 0)
        let spoken = TranscriptFixture.rms(before.pcm, rate: 8000, from: 1.5, to: 2.5)
        let muted = TranscriptFixture.rms(after.pcm, rate: 8000, from: 1.52, to: 2.48)
        #expect(spoken > 500, "the fixture speaks in the span (RMS \(spoken))")
        #expect(muted < spoken / 100, "muted RMS \(muted) vs \(spoken) before")
        for (from, to) in [(0.1, 1.4), (2.6, 4.1)] {
            let r = correlation(before.pcm, after.pcm, from: from, to: to)
            let ratio = TranscriptFixture.rms(after.pcm, rate: 8000, from: from, to: to) / TranscriptFixture.rms(before.pcm, rate: 8000, from: from, to: to)
            #expect(r > 0.8, "\(from)–\(to) s: correlation \(r) with version 1")
            #expect(ratio > 0.8 && ratio < 1.25, "\(from)–\(to) s: energy ratio \(ratio)")
        }

        // The old version: object deleted, key destroyed; the saved bytes open with nothing.
        #expect(!FileManager.default.fileExists(atPath: vault.files.url(forRelativePath: record.objectPath).path))
        #expect(Set(vault.files.allObjectPaths()) == [added.objectPath, added.transcriptPath!, sibling.objectPath])
        #expect(try vault.keyRing.subjectKey(oldKeyID, create: false) == nil)
        #expect(try vault.keyRing.subjects.row(for: oldKeyID) == nil)
        #expect(try vault.catalog.pendingKeyDestructions().isEmpty)
        try oldSealed.write(to: vault.files.url(forRelativePath: record.objectPath))
        #expect(throws: (any Error).self) { try SealedObjectOpener(vault: vault, record: record) }
        let newSubjectKey = try #require(try vault.keyRing.subjectKey(added.keySubject!, create: false))
        #expect(throws: CryptoError.self) {
            try KeyWrap.unwrap(Array(record.wrappedDataKey), under: newSubjectKey, context: KeyContext.dataKey(recording: record.id, subject: added.keySubject!))
        }
        try FileManager.default.removeItem(at: vault.files.url(forRelativePath: record.objectPath))

        // The subject's other recording moved to the new key and still plays.
        let moved = try vault.recording(sibling.id)
        #expect(moved.keySubject == added.keySubject && moved.wrappedDataKey != sibling.wrappedDataKey)
        _ = try vault.exportAudio(sibling.id, to: t.tmp.path("sibling.opus"), actor: .tester)

        // The audit entry: both versions' hashes, the spans, no value.
        let entry = try #require(try vault.auditEntries(action: "transcript.add").first)
        #expect(entry.outcome == "ok" && entry.target == record.id.description)
        #expect(entry.detail["old_opus_sha256"] == record.opusSha256 && entry.detail["old_sealed_sha256"] == record.sealedSha256)
        #expect(entry.detail["opus_sha256"] == added.opusSha256 && entry.detail["sealed_sha256"] == added.sealedSha256)
        #expect(entry.detail["version"] == "2" && entry.detail["old_version"] == "1")
        #expect(entry.detail["redacted_spans"] == "1500-2500:phone")
        #expect(entry.detail["transcript_sha256"] == added.transcriptSha256)

        let text = String(decoding: try vault.readTranscript(record.id, actor: .tester).data, as: UTF8.self)
        #expect(text.contains("\"word\": \"***\"") && text.contains("\"word\": \"5678\""))
        for file in t.files(under: t.vaultURL) + t.files(under: t.keyStoreURL) {
            let bytes = Array(try Data(contentsOf: file))
            for needle in TranscriptFixture.needles { #expect(!bytes.contains(needle), "unredacted digits in \(file.path)") }
        }
        let report = try await vault.verify(actor: .tester)
        #expect(report.isClean, "\(report.problems)")
        #expect(try await t.open().verify(actor: .tester).isClean)
    }

    @Test("a transcript without timed spans keeps the audio and its key; only the transcript is sealed")
    func textOnly() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))), actor: .tester)
        let text = t.tmp.path("call.txt")
        try Data("my number is 138 1234 5678".utf8).write(to: text)
        let added = try vault.addTranscript(record.id, transcript: text, actor: .tester)
        #expect(added.version == 1)
        #expect(added.objectPath == record.objectPath && added.sealedSha256 == record.sealedSha256 && added.wrappedDataKey == record.wrappedDataKey)
        #expect(added.transcriptPath == vault.objects.transcriptRelativePath(for: record.id))
        #expect(String(decoding: try vault.readTranscript(record.id, actor: .tester).data, as: UTF8.self) == "my number is *********5678")
        let entry = try #require(try vault.auditEntries(action: "transcript.add").first)
        #expect(entry.detail["old_opus_sha256"] == nil && entry.detail["redacted_count"] == "1")
        #expect(try vault.keyRing.subjectKey(record.keySubject!, create: false) != nil)
        #expect(try await vault.verify(actor: .tester).isClean)
    }

    @Test("refused with nothing changed: unknown, malformed, already transcribed, held, restricted, purged")
    func refusals() throws {
        let t = TestVault()
        let vault = try t.create()
        let transcript = try asrTranscript(t)
        #expect(throws: StoreError.self) { try vault.addTranscript(RecordingID(), transcript: transcript, actor: .tester) }

        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")), subject: subject), actor: .tester)
        let bad = t.tmp.path("bad.json")
        try Data(#"{"words": [{"word": "138", "start_ms": 1500}]}"#.utf8).write(to: bad)
        let malformed = #expect(throws: VaultError.self) { try vault.addTranscript(record.id, transcript: bad, actor: .tester) }
        #expect(malformed?.code == .malformedTranscript)
        #expect(malformed?.message.contains("138") == false)

        try vault.placeHold(recording: record.id, reason: "case 7", actor: .tester)
        let held = #expect(throws: VaultError.self) { try vault.addTranscript(record.id, transcript: transcript, actor: .tester) }
        #expect(held?.code == .refused && held?.message.contains("legal hold") == true)
        _ = try vault.releaseHold(recording: record.id, reason: "closed", actor: .tester)

        try t.sql("UPDATE recordings SET state = 'restricted', restricted_until = '2027-01-01 00:00:00.000' WHERE id = '\(record.id)'")
        let restricted = #expect(throws: VaultError.self) { try vault.addTranscript(record.id, transcript: transcript, actor: .tester) }
        #expect(restricted?.message.contains("restricted") == true)
        try t.sql("UPDATE recordings SET state = 'stored', restricted_until = NULL WHERE id = '\(record.id)'")

        let unchanged = try vault.recording(record.id)
        #expect(unchanged == record)
        #expect(Set(vault.files.allObjectPaths()) == [record.objectPath])
        #expect(try vault.catalog.pendingVersions().isEmpty)
        #expect(try vault.auditEntries(action: "transcript.add").map(\.outcome) == ["failed", "failed", "denied", "denied"])
        #expect(try vault.auditEntries(action: "transcript.add").suffix(2).map { $0.detail["reason"] } == ["legal_hold", "restricted"])

        _ = try vault.addTranscript(record.id, transcript: transcript, actor: .tester)
        let twice = #expect(throws: VaultError.self) { try vault.addTranscript(record.id, transcript: transcript, actor: .tester) }
        #expect(twice?.message.contains("already has a transcript") == true)
        #expect(try vault.auditEntries(action: "transcript.add").last?.detail["reason"] == "has_transcript")

        let other = try vault.ingest(IngestRequest(source: try t.wav()), actor: .tester)
        try t.sql("UPDATE recordings SET state = 'purged', purged_at = '2026-03-02 00:00:00.000' WHERE id = '\(other.id)'")
        let purged = #expect(throws: VaultError.self) { try vault.addTranscript(other.id, transcript: transcript, actor: .tester) }
        #expect(purged?.code == .purged)
    }

    @Test("a damaged stored object fails the add part-way: rolled back, the recording as it was, no new key left")
    func damagedObjectRollsBack() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")), subject: subject), actor: .tester)
        let url = vault.files.url(forRelativePath: record.objectPath)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: url)
        let error = #expect(throws: CryptoError.self) { try vault.addTranscript(record.id, transcript: try asrTranscript(t), actor: .tester) }
        #expect(error?.message.contains("damaged") == true)
        #expect(try vault.recording(record.id) == record)
        #expect(vault.files.allObjectPaths() == [record.objectPath])
        #expect(try vault.objects.sweepPartials() == 0)
        #expect(try vault.catalog.pendingVersions().isEmpty)
        #expect(try vault.keyRing.subjects.row(for: "\(record.keySubject!)#2") == nil)
        #expect(try vault.keyRing.subjects.row(for: record.keySubject!) != nil)
        #expect(try vault.auditEntries(action: "transcript.add").map(\.outcome) == ["failed"])
    }

    @Test("an ingest of the same subject that wrapped its key under the replaced subject key is refused at commit, not lost")
    func concurrentIngestOfTheSubject() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")), subject: subject), actor: .tester)
        let source = try t.wav("next.wav")
        let job = try IngestJob(vault: vault, request: IngestRequest(source: source, subject: subject), source: try WAVFileReader(url: source), actor: .tester)
        #expect(job.keySubject == record.keySubject)
        try job.journal()
        try job.writeObject()  // data key wrapped under the subject's current key
        _ = try vault.addTranscript(record.id, transcript: try asrTranscript(t), actor: .tester)  // replaces that key
        #expect(throws: StoreError.self) { try job.place(); _ = try job.commit() }
        job.rollBack()
        #expect(try vault.allRecordings().map(\.id) == [record.id])
        #expect(try vault.ingest(IngestRequest(source: source, subject: subject), actor: .tester).keySubject == "\(record.keySubject!)#2")
    }

    /// Drives an add to `target` and drops the job there, as a kill -9 would leave it.
    func crash(at target: TranscriptAddState, vault: Vault, id: RecordingID, transcript: URL) throws -> PendingVersion {
        let job = try TranscriptAddJob(vault: vault, id: id, transcript: transcript, format: nil, actor: .tester)
        let steps: [(TranscriptAddState, () throws -> Void)] = [
            (.journaled, job.journal), (.versionWritten, job.writeVersion), (.placed, job.place),
            (.switched, job.switchCatalog), (.oldVersionDestroyed, job.destroyOldVersion),
        ]
        for (state, step) in steps {
            try step()
            #expect(job.state == state)
            if state == target { break }
        }
        return job.pending
    }

    @Test("a crash before the switch is undone at the next open; from the switch on it is completed", arguments: [
        TranscriptAddState.journaled, .versionWritten, .placed, .switched, .oldVersionDestroyed,
    ])
    func crashThenRecover(state: TranscriptAddState) async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")), subject: subject), actor: .tester)
        let pending = try crash(at: state, vault: vault, id: record.id, transcript: try asrTranscript(t))
        #expect(try vault.catalog.pendingVersions() == [pending])
        let newKeyID = try #require(pending.newKeyID)

        let reopened = try t.open()  // recovery runs here
        #expect(try reopened.catalog.pendingVersions().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.vaultURL.appendingPathComponent("objects/.partial").path).isEmpty)
        let now = try reopened.recording(record.id)
        if state == .switched || state == .oldVersionDestroyed {
            #expect(now.version == 2 && now.transcriptPath == pending.transcriptPath)
            #expect(Set(reopened.files.allObjectPaths()) == [pending.newObjectPath!, pending.transcriptPath])
            #expect(try reopened.keyRing.subjects.row(for: record.keySubject!) == nil)
            #expect(try reopened.auditEntries(action: "transcript.add.rollback").isEmpty)
        } else {
            #expect(now == record)
            #expect(reopened.files.allObjectPaths() == [record.objectPath])
            #expect(try reopened.keyRing.subjects.row(for: newKeyID) == nil)
            #expect(try reopened.keyRing.subjects.row(for: record.keySubject!) != nil)
            let rollback = try reopened.auditEntries(action: "transcript.add.rollback")
            #expect(rollback.map(\.target) == [record.id.description])
            #expect(rollback.first?.actor == "callvault-recovery")
            // And the add can be made again.
            #expect(try reopened.addTranscript(record.id, transcript: try asrTranscript(t), actor: .tester).version == 2)
        }
        _ = try reopened.exportAudio(record.id, to: t.tmp.path("after.opus"), actor: .tester)
        let report = try await reopened.verify(actor: .tester)
        #expect(report.isClean, "\(report.problems)")
    }

    @Test("recovery leaves an add in flight alone")
    func inFlightIsNotRecovered() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))), actor: .tester)
        var job: TranscriptAddJob? = try TranscriptAddJob(vault: vault, id: record.id, transcript: try asrTranscript(t), format: nil, actor: .tester)
        try job!.journal()
        try job!.writeVersion()
        #expect(try vault.recoverInterruptedIngests() == 0)
        #expect(try vault.catalog.pendingVersions().count == 1)
        // A second add of the same recording meanwhile is refused by the journal.
        let busy = #expect(throws: VaultError.self) { try vault.addTranscript(record.id, transcript: try asrTranscript(t), actor: .tester) }
        #expect(busy?.message.contains("already being added") == true)
        try job!.place()
        job!.rollBack()
        #expect(job!.state == .rolledBack)
        job = nil
        #expect(try vault.catalog.pendingVersions().isEmpty)
        #expect(vault.files.allObjectPaths() == [record.objectPath])
        #expect(try vault.recording(record.id) == record)
    }
}
