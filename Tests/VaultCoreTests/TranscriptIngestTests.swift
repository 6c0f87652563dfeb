import Foundation
import Testing
import VaultAudio
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("Ingest with a transcript: redacted, muted, sealed beside the audio")
struct TranscriptIngestTests {
    func ingestWithTranscript(_ t: TestVault, _ vault: Vault) throws -> RecordingRecord {
        let wav = try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))
        let transcript = t.tmp.path("call.json")
        try Data(TranscriptFixture.asrJSON.utf8).write(to: transcript)
        var request = IngestRequest(source: wav)
        request.transcript = transcript
        return try vault.ingest(request, actor: .tester)
    }

    @Test("the number's audio is silent, the stored transcript is masked, the catalog and audit hold hashes and spans only")
    func redactedAndMuted() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try ingestWithTranscript(t, vault)
        #expect(record.transcriptFormat == "asr-json")
        #expect(record.transcriptPath == vault.objects.transcriptRelativePath(for: record.id))
        let metadata = try JSONSerialization.jsonObject(with: Data((record.metadata ?? "{}").utf8)) as? [String: String]
        #expect(metadata?["redacted_spans"] == "1500-2500:phone")
        #expect(try t.open().recording(record.id) == record)

        // Audio: silent over the number, the tone elsewhere.
        let out = t.tmp.path("out.opus")
        _ = try vault.exportAudio(record.id, to: out, actor: .tester)
        let pcm = try OggOpusProbe.decodeMono(out, rate: 8000)
        let inside = TranscriptFixture.rms(pcm, rate: 8000, from: 1.6, to: 2.4)
        let before = TranscriptFixture.rms(pcm, rate: 8000, from: 0.3, to: 1.3)
        let after = TranscriptFixture.rms(pcm, rate: 8000, from: 2.7, to: 3.7)
        #expect(before > 5000 && after > 5000, "tone RMS \(before), \(after)")
        #expect(inside < before / 100, "muted RMS \(inside) vs \(before)")

        // Transcript: masked, last four visible, the rest of the JSON byte-identical.
        let (_, data) = try vault.readTranscript(record.id, actor: .tester)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"word\": \"***\""))
        #expect(text.contains("\"word\": \"****\""))
        #expect(text.contains("\"word\": \"5678\""))
        #expect(text.contains("\"speaker\": \"customer\""))
        #expect(SHA256Hasher.hash(data).hexString == record.transcriptSha256)

        let entries = try vault.auditEntries()
        #expect(entries.map(\.action) == ["vault.init", "recording.ingest", "recording.audio.export", "transcript.read"])
        #expect(entries[1].detail["transcript_sha256"] == record.transcriptSha256)
        #expect(entries[3].target == record.id.description)

        // Nothing unredacted anywhere on disk.
        for file in t.files(under: t.vaultURL) + t.files(under: t.keyStoreURL) {
            let bytes = Array(try Data(contentsOf: file))
            for needle in TranscriptFixture.needles {
                #expect(!bytes.contains(needle), "unredacted digits found in \(file.path)")
            }
        }
        let report = try await vault.verify(actor: .tester)
        #expect(report.isClean, "\(report.problems)")
        #expect(report.checked == 1)
    }

    @Test("a number split across turns by the agent's back-channel: both halves muted, the back-channel kept")
    func splitAcrossTurnsIsMutedInBothHalves() throws {
        let t = TestVault()
        let vault = try t.create()
        let wav = try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))
        // Customer: "138 1234" (0.5–1.2 s) · Agent: "go on" (1.4–2.0 s) · Customer: "5678" (2.2–2.6 s).
        let json = """
            {"words": [
              {"word": "my", "start_ms": 100, "end_ms": 300, "speaker": "customer"},
              {"word": "number", "start_ms": 300, "end_ms": 450, "speaker": "customer"},
              {"word": "138", "start_ms": 500, "end_ms": 800, "speaker": "customer"},
              {"word": "1234", "start_ms": 800, "end_ms": 1200, "speaker": "customer"},
              {"word": "go", "start_ms": 1400, "end_ms": 1700, "speaker": "agent"},
              {"word": "on", "start_ms": 1700, "end_ms": 2000, "speaker": "agent"},
              {"word": "5678", "start_ms": 2200, "end_ms": 2600, "speaker": "customer"},
              {"word": "thanks", "start_ms": 3000, "end_ms": 3400, "speaker": "customer"}
            ]}
            """
        let transcript = t.tmp.path("split.json")
        try Data(json.utf8).write(to: transcript)
        var request = IngestRequest(source: wav)
        request.transcript = transcript
        let record = try vault.ingest(request, actor: .tester)
        let metadata = try JSONSerialization.jsonObject(with: Data((record.metadata ?? "{}").utf8)) as? [String: String]
        #expect(metadata?["redacted_spans"] == "500-1200:phone,2200-2600:phone")

        let out = t.tmp.path("split.opus")
        _ = try vault.exportAudio(record.id, to: out, actor: .tester)
        let pcm = try OggOpusProbe.decodeMono(out, rate: 8000)
        let tone = TranscriptFixture.rms(pcm, rate: 8000, from: 3.5, to: 3.9)
        #expect(tone > 5000)
        #expect(TranscriptFixture.rms(pcm, rate: 8000, from: 0.55, to: 1.15) < tone / 100, "first half")
        #expect(TranscriptFixture.rms(pcm, rate: 8000, from: 2.25, to: 2.55) < tone / 100, "second half")
        #expect(TranscriptFixture.rms(pcm, rate: 8000, from: 1.45, to: 1.95) > tone / 2, "the agent's back-channel stays")
        let (_, data) = try vault.readTranscript(record.id, actor: .tester)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"word\": \"***\"") && text.contains("\"word\": \"****\"") && text.contains("\"word\": \"go\""))
    }

    @Test("the format comes from the extension: WebVTT cues mute their whole cue, plain text mutes nothing")
    func inferredFormats() throws {
        let t = TestVault()
        let vault = try t.create()
        let wav = try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))
        let vtt = t.tmp.path("call.vtt")
        try Data("WEBVTT\n\n00:00.200 --> 00:01.400\nmy number is\n\n00:01.500 --> 00:02.500\n138 1234 5678\n".utf8).write(to: vtt)
        var request = IngestRequest(source: wav)
        request.transcript = vtt
        let a = try vault.ingest(request, actor: .tester)
        #expect(a.transcriptFormat == "vtt")
        #expect(a.metadata?.contains("\"redacted_spans\":\"1500-2500:phone\"") == true)
        #expect(String(decoding: try vault.readTranscript(a.id, actor: .tester).data, as: UTF8.self).contains("*********5678"))

        let text = t.tmp.path("call.txt")
        try Data("my number is 138 1234 5678".utf8).write(to: text)
        request.transcript = text
        let b = try vault.ingest(request, actor: .tester)
        #expect(b.transcriptFormat == "text")
        #expect(String(decoding: try vault.readTranscript(b.id, actor: .tester).data, as: UTF8.self) == "my number is *********5678")

        request.transcript = t.tmp.path("call.docx")
        try Data("x".utf8).write(to: request.transcript!)
        let unknown = #expect(throws: VaultError.self) { try vault.ingest(request, actor: .tester) }
        #expect(unknown?.code == .malformedTranscript)
        #expect(try vault.allRecordings().count == 2)
    }

    @Test("a malformed transcript fails the ingest with a clear error and stores nothing")
    func malformed() throws {
        let t = TestVault()
        let vault = try t.create()
        let wav = try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))
        let transcript = t.tmp.path("bad.json")
        try Data(#"{"words": [{"word": "138", "start_ms": 1500}]}"#.utf8).write(to: transcript)
        var request = IngestRequest(source: wav)
        request.transcript = transcript
        let error = #expect(throws: VaultError.self) { try vault.ingest(request, actor: .tester) }
        #expect(error?.code == .malformedTranscript)
        #expect(error?.message.contains("bad.json") == true)
        #expect(error?.message.contains("138") == false)
        #expect(try vault.allRecordings().isEmpty)
        #expect(try vault.catalog.pendingIngests().isEmpty)
        #expect(vault.files.allObjectPaths().isEmpty)
        #expect(try vault.objects.sweepPartials() == 0)
        #expect(try vault.auditEntries().last?.outcome == "failed")

        request.transcriptFormat = "docx"
        let unknown = #expect(throws: VaultError.self) { try vault.ingest(request, actor: .tester) }
        #expect(unknown?.code == .malformedTranscript)
    }

    @Test("rollback and crash recovery remove the transcript object too")
    func rollbackAndRecovery() async throws {
        let t = TestVault()
        let vault = try t.create()
        let wav = try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav"))
        let transcript = t.tmp.path("call.json")
        try Data(TranscriptFixture.asrJSON.utf8).write(to: transcript)
        var request = IngestRequest(source: wav)
        request.transcript = transcript

        do {  // the job holds the ingest lock until it is gone
            let job = try IngestJob(vault: vault, request: request, source: try WAVFileReader(url: wav), actor: .tester)
            try job.journal()
            try job.writeObject()
            try job.place()
            #expect(vault.files.allObjectPaths().count == 2)
            job.rollBack()
            #expect(vault.files.allObjectPaths().isEmpty)
        }

        var crashed: IngestJob? = try IngestJob(vault: vault, request: request, source: try WAVFileReader(url: wav), actor: .tester)
        try crashed!.journal()
        try crashed!.writeObject()
        try crashed!.place()
        #expect(vault.files.allObjectPaths().count == 2)
        crashed = nil
        #expect(try vault.recoverInterruptedIngests() == 1)
        #expect(vault.files.allObjectPaths().isEmpty)

        var partial: IngestJob? = try IngestJob(vault: vault, request: request, source: try WAVFileReader(url: wav), actor: .tester)
        try partial!.journal()
        try partial!.writeObject()
        partial = nil
        #expect(try vault.recoverInterruptedIngests() == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.vaultURL.appendingPathComponent("objects/.partial").path).isEmpty)
        #expect(try await vault.verify(actor: .tester).isClean)
    }

    @Test("verify authenticates the transcript object: tampering, loss and swaps are reported on its path")
    func verifyChecksTranscript() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try ingestWithTranscript(t, vault)
        let path = try #require(record.transcriptPath)
        let url = vault.files.url(forRelativePath: path)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count - 20] ^= 0x01
        try bytes.write(to: url)
        var report = try await vault.verify(actor: .tester)
        #expect(report.problems.map(\.kind) == [.tampered])
        #expect(report.problems.first?.objectPath == path)

        try FileManager.default.removeItem(at: url)
        report = try await vault.verify(actor: .tester)
        #expect(report.problems.map(\.kind) == [.missingObject])
        #expect(throws: StoreError.self) { try vault.readTranscript(record.id, actor: .tester) }
    }

    @Test("purged, shredded and restricted recordings' transcripts are refused like their audio, and the refusal audited")
    func refusals() throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try ingestWithTranscript(t, vault)
        try t.sql("UPDATE recordings SET state = 'restricted', restricted_until = '2027-01-01 00:00:00.000' WHERE id = '\(record.id)'")
        let restricted = #expect(throws: VaultError.self) { try vault.readTranscript(record.id, actor: .tester) }
        #expect(restricted?.code == .restricted)
        #expect(try vault.auditEntries().last?.action == "transcript.read")
        #expect(try vault.auditEntries().last?.outcome == "denied")
        let (_, data) = try vault.readTranscript(record.id, actor: .tester, restrictedAccessReason: "court order 17")
        #expect(String(decoding: data, as: UTF8.self).contains("5678"))
        #expect(try vault.auditEntries().suffix(2).map(\.action) == ["recording.restricted_access", "transcript.read"])

        try t.sql("UPDATE recordings SET state = 'purged', purged_at = '2026-03-02 00:00:00.000' WHERE id = '\(record.id)'")
        let purged = #expect(throws: VaultError.self) { try vault.readTranscript(record.id, actor: .tester) }
        #expect(purged?.code == .purged)
    }
}
