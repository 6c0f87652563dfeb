import Foundation
import Testing
import VaultAudio
import VaultBase
@testable import VaultCore
import VaultStore
import VaultTestSupport

@Suite("Ingest state machine and crash recovery")
struct IngestRecoveryTests {
    /// Drives a job to `target` and returns its id and object path; the job is then dropped
    /// without rolling back, as a crash would leave it.
    func crash(at target: IngestState, in vault: Vault, source: URL) throws -> (RecordingID, String) {
        let job = try IngestJob(vault: vault, request: IngestRequest(source: source), source: try WAVFileReader(url: source), actor: .tester)
        let steps: [(IngestState, () throws -> Void)] = [
            (.journaled, job.journal), (.objectWritten, job.writeObject), (.placed, job.place),
        ]
        for (state, step) in steps {
            try step()
            #expect(job.state == state)
            if state == target { break }
        }
        return (job.id, job.objectPath)
    }

    @Test("a crash in any state before commit is rolled back on the next open", arguments: [
        IngestState.journaled, .objectWritten, .placed,
    ])
    func crashThenRecover(state: IngestState) async throws {
        let t = TestVault()
        let vault = try t.create()
        let kept = try vault.ingest(IngestRequest(source: try t.wav("kept.wav")), actor: .tester)
        let (id, path) = try crash(at: state, in: vault, source: try t.wav("lost.wav", seconds: 2))

        // What the crash left: a journal entry, and a partial or placed object.
        #expect(try vault.catalog.pendingIngests().map(\.id) == [id])
        let partialExists = FileManager.default.fileExists(atPath: t.vaultURL.appendingPathComponent("objects/.partial/\(id).partial").path)
        let placedExists = FileManager.default.fileExists(atPath: vault.files.url(forRelativePath: path).path)
        #expect(partialExists == (state == .objectWritten))
        #expect(placedExists == (state == .placed))

        let reopened = try t.open()  // recovery runs here
        #expect(try reopened.catalog.pendingIngests().isEmpty)
        let rollback = try reopened.auditEntries(action: "recording.ingest.rollback")
        #expect(rollback.map(\.target) == [id.description])
        #expect(rollback.first?.actor == "callvault-recovery")
        #expect(rollback.first?.authentication == "system")
        #expect(try reopened.allRecordings().map(\.id) == [kept.id])
        #expect(reopened.files.allObjectPaths() == [kept.objectPath])
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.vaultURL.appendingPathComponent("objects/.partial").path).isEmpty)
        // The anonymous recording's key went with it (`keys verify` would name one left behind).
        #expect(try reopened.keyRing.subjects.row(for: KeyContext.anonymousSubject(for: id)) == nil)
        #expect(try reopened.verifyKeys(actor: .tester).isClean)
        #expect(try await reopened.verify(actor: .tester).isClean)
    }

    @Test("keys verify names an anonymous recording's key that no recording uses")
    func orphanKeyIsNamed() throws {
        let t = TestVault()
        let vault = try t.create()
        _ = try vault.ingest(IngestRequest(source: try t.wav("kept.wav")), actor: .tester)
        #expect(try vault.verifyKeys(actor: .tester).isClean)
        // What an ingest killed between creating its key and recovery would leave.
        let ghost = RecordingID()
        _ = try vault.keyRing.subjectKey(KeyContext.anonymousSubject(for: ghost), create: true)
        let report = try vault.verifyKeys(actor: .tester)
        #expect(report.failures.contains { $0.contains("anon-\(ghost)") && $0.contains("no recording uses it") }, "\(report.failures)")
    }

    @Test("a committed ingest is untouched by recovery")
    func committedSurvives() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try vault.ingest(IngestRequest(source: try t.wav()), actor: .tester)
        #expect(try vault.recoverInterruptedIngests() == 0)
        #expect(try t.open().recording(record.id) == record)
    }

    @Test("rolling back from each state removes every trace")
    func rollBack() throws {
        let t = TestVault()
        let vault = try t.create()
        for target in [IngestState.planned, .journaled, .objectWritten, .placed] {
            let source = try t.wav()
            let job = try IngestJob(vault: vault, request: IngestRequest(source: source), source: try WAVFileReader(url: source), actor: .tester)
            if target != .planned { try job.journal() }
            if target == .objectWritten || target == .placed { try job.writeObject() }
            if target == .placed { try job.place() }
            job.rollBack()
            #expect(job.state == .rolledBack)
        }
        #expect(try vault.catalog.pendingIngests().isEmpty)
        #expect(vault.files.allObjectPaths().isEmpty)
        #expect(try vault.objects.sweepPartials() == 0)
        #expect(try vault.allRecordings().isEmpty)
    }

    @Test("recovery leaves an ingest in flight alone, and cleans it once its owner is gone")
    func inFlightIsNotRecovered() throws {
        let t = TestVault()
        let vault = try t.create()
        let source = try t.wav()
        var job: IngestJob? = try IngestJob(vault: vault, request: IngestRequest(source: source), source: try WAVFileReader(url: source), actor: .tester)
        try job!.journal()
        try job!.writeObject()
        #expect(try vault.recoverInterruptedIngests() == 0)  // the job holds the ingest lock
        #expect(try vault.catalog.pendingIngests().count == 1)
        job = nil  // the owner dies without rolling back
        #expect(try vault.recoverInterruptedIngests() == 1)
        #expect(try vault.catalog.pendingIngests().isEmpty)
    }

    /// A live call's audio: `seconds` of a tone, then the end of the call, or, when `dies`, a
    /// read that throws, as the process running it would stop when killed (the job is then
    /// dropped without rolling back).
    final class LiveCall: PCMSource {
        let format = PCMFormat(sampleRate: 8000, channels: 2)
        let sourceDescription = "live call (test)"
        let total: Int, dies: Bool
        var done = 0
        init(seconds: Double, dies: Bool = true) { (total, self.dies) = (Int(seconds * 8000), dies) }
        struct Killed: Error {}
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            if done == total, dies { throw Killed() }
            let n = min(frames, total - done)
            for k in 0..<n { buffer[2 * k] = Float(sin(Double(done + k) * 0.3)) * 0.2; buffer[2 * k + 1] = 0 }
            done += n
            return n
        }
    }

    /// A live ingest (``IngestRequest/completesAfterCrash``) of `call`, journaled.
    func liveJob(_ call: LiveCall, in vault: Vault) throws -> IngestJob {
        var request = IngestRequest(source: URL(fileURLWithPath: "live"), subject: try PhoneNumber(parsing: "+8613900001111"), campaign: "c1")
        request.completesAfterCrash = true
        request.metadata = ["recorded_by": "siprec"]
        let job = try IngestJob(vault: vault, request: request, source: call, actor: .tester)
        try job.journal()
        return job
    }

    @Test("a live call whose process died mid-call is completed on the next open, as an interrupted recording of what was sealed")
    func liveCallCompleted() async throws {
        let t = TestVault()
        let vault = try t.create()
        let id: RecordingID
        do {
            let job = try liveJob(LiveCall(seconds: 12), in: vault)
            #expect(throws: LiveCall.Killed.self) { try job.writeObject() }
            id = job.id
        }
        #expect(try vault.catalog.pendingIngests().first?.completion != nil)

        let reopened = try t.open()  // recovery runs here
        #expect(try reopened.catalog.pendingIngests().isEmpty)
        let recording = Recording(try reopened.recording(id))
        #expect(recording.interrupted && recording.state == "stored" && recording.channels == 2)
        #expect(recording.subject == "*******1111" && recording.campaign == "c1")
        #expect(recording.notes?.contains("the recorder stopped mid-call") == true)
        // 4 KiB segments and 1 s pages: at most a little over 2 s of the 12 s is lost.
        #expect((9.5...12.0).contains(Double(recording.durationMs) / 1000), "\(recording.durationMs) ms")
        let entry = try #require(try reopened.auditEntries(action: "recording.ingest").first { $0.target == id.description })
        #expect(entry.actor == "callvault-recovery")
        // The completed object opens and plays the length the catalog says; nothing is left over.
        let exported = t.tmp.path("interrupted.opus")
        _ = try reopened.exportAudio(id, to: exported, actor: .tester)
        #expect(abs(try OggOpusProbe(exported).duration - Double(recording.durationMs) / 1000) < 0.05)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.vaultURL.appendingPathComponent("objects/.partial").path).isEmpty)
        #expect(try await reopened.verify(actor: .tester).isClean)
    }

    @Test("a live call that died before any audio was sealed is rolled back; one whose whole object was placed is kept whole")
    func liveCallTooShortOrWhole() async throws {
        let t = TestVault()
        let vault = try t.create()
        let short: RecordingID, whole: RecordingID
        do {
            let job = try liveJob(LiveCall(seconds: 0.3), in: vault)
            #expect(throws: LiveCall.Killed.self) { try job.writeObject() }
            short = job.id
        }
        do {
            let job = try liveJob(LiveCall(seconds: 3, dies: false), in: vault)
            try job.writeObject()
            try job.place()  // and the process dies before the commit
            whole = job.id
        }
        // A third whose partial object was damaged past its header: nothing to keep, and the vault opens.
        let damaged: RecordingID
        do {
            let job = try liveJob(LiveCall(seconds: 8), in: vault)
            #expect(throws: LiveCall.Killed.self) { try job.writeObject() }
            damaged = job.id
        }
        let partial = t.vaultURL.appendingPathComponent("objects/.partial/\(damaged).partial")
        var bytes = try Data(contentsOf: partial)
        for i in stride(from: 40, to: bytes.count, by: 7) { bytes[i] ^= 0x5A }
        try bytes.write(to: partial)
        let reopened = try t.open()
        #expect(throws: StoreError.self) { try reopened.recording(short) }
        #expect(throws: StoreError.self) { try reopened.recording(damaged) }
        #expect(Set(try reopened.auditEntries(action: "recording.ingest.rollback").map(\.target)) == [short.description, damaged.description])
        let kept = Recording(try reopened.recording(whole))
        #expect(kept.interrupted && abs(Double(kept.durationMs) / 1000 - 3) < 0.01, "\(kept.durationMs) ms")
        #expect(try await reopened.verify(actor: .tester).isClean)
    }
}
