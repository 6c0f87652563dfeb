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
        let placedExists = FileManager.default.fileExists(atPath: vault.objects.url(forRelativePath: path).path)
        #expect(partialExists == (state == .objectWritten))
        #expect(placedExists == (state == .placed))

        let reopened = try t.open()  // recovery runs here
        #expect(try reopened.catalog.pendingIngests().isEmpty)
        let rollback = try reopened.auditEntries(action: "recording.ingest.rollback")
        #expect(rollback.map(\.target) == [id.description])
        #expect(rollback.first?.actor == "callvault-recovery")
        #expect(rollback.first?.authentication == "system")
        #expect(try reopened.allRecordings().map(\.id) == [kept.id])
        #expect(reopened.objects.allObjectPaths() == [kept.objectPath])
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
        #expect(vault.objects.allObjectPaths().isEmpty)
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
}
