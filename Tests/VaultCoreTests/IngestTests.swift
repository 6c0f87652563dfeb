import Foundation
import Testing
import VaultAudio
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("Ingest and export")
struct IngestTests {
    @Test("a WAV is ingested with its metadata and exported back as the exact Ogg Opus the catalog hashed")
    func roundTrip() throws {
        let t = TestVault()
        let vault = try t.create()
        let phone = try PhoneNumber(parsing: "+86 138 1234 5678")
        let started = Date(timeIntervalSince1970: 1_772_000_000)
        let record = try vault.ingest(IngestRequest(source: try t.wav(seconds: 3.0), subject: phone, campaign: "spring",
                                                    agent: "a-17", startedAt: started), actor: .tester)
        #expect(record.durationMs == 3000)
        #expect(record.channels == 1)
        #expect(record.opusSampleRate == 8000)
        #expect(record.bitrate == 16_000)
        #expect(record.sourceFormat == "WAV PCM 16-bit")
        #expect(record.subjectMasked == "*******5678")
        #expect(record.subjectPseudonym?.count == 64)
        #expect(record.startedAt == started)
        #expect(record.ingestedAt == t.clock.now())
        #expect(try t.open().recording(record.id) == record)

        let out = t.tmp.path("out.opus")
        _ = try vault.exportAudio(record.id, to: out, actor: .tester)
        let bytes = try Data(contentsOf: out)
        #expect(SHA256Hasher.hash(Array(bytes)).hexString == record.opusSha256)
        #expect(bytes.count == record.opusSize)
        #expect(abs(try OggOpusProbe(out).duration - 3.0) <= 0.02)

        let sealed = try Data(contentsOf: vault.files.url(forRelativePath: record.objectPath))
        #expect(SHA256Hasher.hash(Array(sealed)).hexString == record.sealedSha256)
        #expect(sealed.count == record.sealedSize)

        let entries = try vault.auditEntries()
        #expect(entries.map(\.action) == ["vault.init", "recording.ingest", "recording.audio.export"])
        #expect(entries[1].detail["opus_sha256"] == record.opusSha256)
        #expect(entries[1].detail["sealed_sha256"] == record.sealedSha256)
        #expect(entries[2].target == record.id.description)
        #expect(entries.allSatisfy { $0.actor == "tester" })
    }

    @Test("nothing readable reaches the disk: no Ogg, no PCM, no phone number in the vault or key store")
    func noPlaintextOnDisk() throws {
        let t = TestVault()
        let vault = try t.create()
        let wav = try t.wav(seconds: 2.0)
        let pcmWindow = Array(try Data(contentsOf: wav)[2000..<2064])
        let record = try vault.ingest(IngestRequest(source: wav, subject: try PhoneNumber(parsing: "13812345678")), actor: .tester)
        #expect(record.opusSize > 0)
        let needles: [(String, [UInt8])] = [
            ("Ogg page", Array("OggS".utf8)), ("Opus header", Array("OpusHead".utf8)), ("PCM", pcmWindow),
            ("national number", Array("13812345678".utf8)), ("E.164", Array("+8613812345678".utf8)),
        ]
        for file in t.files(under: t.vaultURL) + t.files(under: t.keyStoreURL) {
            let bytes = Array(try Data(contentsOf: file))
            for (what, needle) in needles {
                #expect(!bytes.contains(needle), "\(what) found in \(file.path)")
            }
        }
    }

    @Test("a bad input stores nothing and is audited as a failed attempt")
    func badInput() throws {
        let t = TestVault()
        let vault = try t.create()
        let junk = t.tmp.path("junk.wav")
        try Data("not audio at all".utf8).write(to: junk)
        let error = #expect(throws: AudioError.self) { try vault.ingest(IngestRequest(source: junk), actor: .tester) }
        #expect(error?.code == .notWAV)
        #expect(try vault.allRecordings().isEmpty)
        #expect(try vault.catalog.pendingIngests().isEmpty)
        #expect(vault.files.allObjectPaths().isEmpty)
        let failed = try vault.auditEntries(action: "recording.ingest")
        #expect(failed.map(\.outcome) == ["failed"])
        #expect(failed.first?.detail == ["error": "audio.notWAV"])  // a code, never a path
    }

    @Test("exporting an unknown recording is not-found and writes nothing")
    func exportUnknown() throws {
        let t = TestVault()
        let vault = try t.create()
        let out = t.tmp.path("x.opus")
        #expect((#expect(throws: StoreError.self) { try vault.exportAudio(RecordingID(), to: out, actor: .tester) })?.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("concurrent ingests all land, each whole")
    func concurrent() async throws {
        let t = TestVault()
        let vault = try t.create()
        let sources = try (0..<8).map { try t.wav("c\($0).wav", seconds: 0.5 + Double($0) * 0.1) }
        let ids = try await withThrowingTaskGroup(of: RecordingID.self) { group in
            for source in sources {
                group.addTask { try await BlockingWork.run { try vault.ingest(IngestRequest(source: source), actor: .tester).id } }
            }
            return try await group.reduce(into: [RecordingID]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 8)
        #expect(try vault.catalog.pendingIngests().isEmpty)
        let report = try await vault.verify(actor: .tester)
        #expect(report.checked == 8)
        #expect(report.isClean)
    }

    @Test("directories expand recursively to their WAV files, sorted; other paths pass through")
    func expandSources() throws {
        let t = TestVault()
        let dir = t.tmp.path("calls")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b/deeper"), withIntermediateDirectories: true)
        for name in ["b/deeper/2.WAV", "a.wav", "b/1.wave", "notes.txt"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        let missing = t.tmp.path("missing.wav")
        let expanded = Vault.expandSources([dir, missing]).map { $0.path.replacingOccurrences(of: dir.path + "/", with: "") }
        #expect(expanded == ["a.wav", "b/1.wave", "b/deeper/2.WAV", missing.path])
    }
}
