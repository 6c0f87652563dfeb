import Foundation
import Testing
@testable import VaultBundle

@Suite("A recording's document in a bundle")
struct EvidenceRecordingTests {
    @Test("a document of the first version (no Recording keys beyond these) still reads for verification")
    func firstVersion() throws {
        let v1 = #"""
        {"id": "0b6f3c1e-3f1a-4b8e-9c57-2d1f6a0e9b11", "state": "stored", "started_at": "2026-03-01T09:30:00.000Z",
         "ingested_at": "2026-03-01T09:31:00.000Z", "duration_ms": 4200, "channels": 1, "input_sample_rate": 8000,
         "opus_sample_rate": 8000, "bitrate": 16000, "source_format": "WAV PCM 16-bit", "subject_masked": "*******5678",
         "opus_sha256": "aa", "opus_size": 100, "sealed_sha256": "bb", "audio": "data/recordings/x.opus",
         "transcript": {"file": "data/transcripts/x.txt", "format": "text", "sha256": "cc"},
         "retention": {"minimum_retention_end": "2026-09-01T09:30:00.000Z", "holds": []}}
        """#
        let facts = try JSONDecoder().decode(EvidenceRecordingFacts.self, from: Data(v1.utf8))
        #expect(facts.id == "0b6f3c1e-3f1a-4b8e-9c57-2d1f6a0e9b11" && facts.opusSha256 == "aa")
        #expect(facts.audio == "data/recordings/x.opus" && facts.transcript?.sha256 == "cc")
        // It is not a current document: those carry the whole Recording.
        #expect(throws: (any Error).self) { try JSONDecoder().decode(EvidenceRecording.self, from: Data(v1.utf8)) }
    }
}
