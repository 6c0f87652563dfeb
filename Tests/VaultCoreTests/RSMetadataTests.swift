import Foundation
import Testing
import VaultAudio
import VaultBase
import VaultBundle
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

@Suite("a live call's SIPREC metadata: sealed with the recording, through crashes, new versions, purges and verify")
struct RSMetadataTests {
    /// An rs-metadata document naming `customer` (written independently of the SIPREC parser:
    /// only its bytes matter here).
    static func document(customer: String, dataMode: String = "complete") -> [UInt8] {
        Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
              <datamode>\(dataMode)</datamode>
              <participant participant_id="p1"><nameID aor="sip:\(customer)@carrier.example;user=phone"/></participant>
              <participant participant_id="p2"><nameID aor="sip:agent7@pbx.example"><name xml:lang="zh">坐席七</name></nameID></participant>
            </recording>

            """.utf8)
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256Hasher.hash(bytes).hexString }

    /// Every byte of the catalog's files (the database and its write-ahead log).
    func catalogBytes(_ t: TestVault) throws -> Data {
        let base = t.vaultURL.appendingPathComponent("catalog.sqlite")
        return try [base, URL(fileURLWithPath: base.path + "-wal")].filter { FileManager.default.fileExists(atPath: $0.path) }
            .reduce(into: Data()) { $0 += try Data(contentsOf: $1) }
    }

    @Test("every document comes back as received, in order, its read audited; the catalog holds none of it in the clear; a recording without any says so")
    func sealedAndRead() async throws {
        let t = TestVault()
        let vault = try t.create()
        let first = Self.document(customer: "+8613912345678"), update = Self.document(customer: "+8613912345678", dataMode: "partial")
        let feed = RSMetadataFeed()
        feed.append(first, at: Date(timeIntervalSince1970: 1_772_357_400))
        feed.append(first, at: Date(timeIntervalSince1970: 1_772_357_401))  // a retransmitted body is kept once
        feed.append(update, at: Date(timeIntervalSince1970: 1_772_357_405))
        var request = IngestRequest(source: try t.wav())
        request.rsMetadata = feed
        let record = try vault.ingest(request, actor: .tester)
        let plain = try vault.ingest(IngestRequest(source: try t.wav("plain.wav")), actor: .tester)

        let metadata = try vault.readRSMetadata(record.id, actor: .tester)
        #expect(metadata.recordingId == record.id.description)
        #expect(metadata.documents.map { Array($0.xml.utf8) } == [first, update])
        #expect(metadata.documents.map(\.sha256) == [Self.sha256(first), Self.sha256(update)])
        #expect(metadata.documents.map(\.receivedAt) == ["2026-03-01T09:30:00.000Z", "2026-03-01T09:30:05.000Z"])
        let ingest = try #require(try vault.auditEntries(action: "recording.ingest").first { $0.target == record.id.description })
        #expect(ingest.detail["rs_metadata_sha256"] == "\(Self.sha256(first)),\(Self.sha256(update))")
        let read = try vault.auditEntries(action: "recording.rs_metadata.read")
        #expect(read.map(\.target) == [record.id.description] && read.first?.detail["documents"] == "2")

        let catalog = try catalogBytes(t)
        for text in ["8613912345678", "agent7@pbx.example", "urn:ietf:params:xml:ns:recording"] {
            #expect(catalog.range(of: Data(text.utf8)) == nil, "\(text) is in the catalog's files in the clear")
        }
        let none = #expect(throws: StoreError.self) { try vault.readRSMetadata(plain.id, actor: .tester) }
        #expect(none?.code == .notFound)
        #expect(try await vault.verify(actor: .tester).isClean)

        // An evidence bundle carries the documents, as the one RSMetadata, beside the recording's.
        let out = t.tmp.path("bundle")
        _ = try vault.exportEvidenceBundle(EvidenceBundleRequest(recordings: [record.id, plain.id], reason: "regulator inquiry"), to: out, actor: .tester)
        #expect(try EvidenceBundleVerifier(trustedPublicKey: vault.auditLog.publicKey).verify(at: out).problems == [])
        let file = "data/rs-metadata/\(record.id).json"
        #expect(try JSONDecoder().decode(RSMetadata.self, from: Data(contentsOf: out.appendingPathComponent(file))) == metadata)
        let document = try JSONDecoder().decode(EvidenceRecording.self, from: Data(contentsOf: out.appendingPathComponent("data/recordings/\(record.id).json")))
        #expect(document.rsMetadata == file)
        let other = try JSONDecoder().decode(EvidenceRecording.self, from: Data(contentsOf: out.appendingPathComponent("data/recordings/\(plain.id).json")))
        #expect(other.rsMetadata == nil)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data/rs-metadata/\(plain.id).json").path))
    }

    @Test("an SRC that never stops sending updates costs bounded memory: 64 documents are kept, the rest counted in the audit entry")
    func boundedFeed() throws {
        let t = TestVault()
        let vault = try t.create()
        let feed = RSMetadataFeed()
        for n in 0..<70 { feed.append(Self.document(customer: "+86139000\(String(format: "%05d", n))"), at: Date()) }
        #expect(feed.snapshot.documents.count == RSMetadataFeed.maximumDocuments && feed.dropped == 70 - RSMetadataFeed.maximumDocuments)
        var request = IngestRequest(source: try t.wav())
        request.rsMetadata = feed
        let record = try vault.ingest(request, actor: .tester)
        #expect(try vault.readRSMetadata(record.id, actor: .tester).documents.count == RSMetadataFeed.maximumDocuments)
        let entry = try #require(try vault.auditEntries(action: "recording.ingest").first { $0.target == record.id.description })
        #expect(entry.detail["rs_metadata_dropped"] == "6")
    }

    @Test("verify names metadata that was changed or moved to another recording")
    func verifyFindsTampering() async throws {
        let t = TestVault()
        let vault = try t.create()
        var records: [RecordingRecord] = []
        for name in ["a.wav", "b.wav"] {
            let feed = RSMetadataFeed()
            feed.append(Self.document(customer: "+8613900000\(records.count)"), at: Date())
            var request = IngestRequest(source: try t.wav(name))
            request.rsMetadata = feed
            records.append(try vault.ingest(request, actor: .tester))
        }
        let a = try #require(try vault.catalog.rsMetadata(of: records[0].id))
        // A's sealed documents put in B's row: they open under no key but A's, for no recording but A.
        try vault.catalog.write("test") { tx in try tx.recordings.putRSMetadata(records[1].id, a) }
        var flipped = a
        flipped.sealed[flipped.sealed.count - 5] ^= 0x01
        try vault.catalog.write("test") { tx in try tx.recordings.putRSMetadata(records[0].id, flipped) }
        let report = try await vault.verify(actor: .tester)
        #expect(Set(report.problems.compactMap(\.recordingID)) == Set(records.map(\.id)), "\(report.problems)")
        #expect(report.problems.allSatisfy { $0.message.contains("rs-metadata") }, "\(report.problems)")
        #expect(throws: (any Error).self) { try vault.readRSMetadata(records[1].id, actor: .tester) }
    }

    /// A live call's audio that, `updateAfter` seconds in, receives a metadata update, then dies
    /// `seconds` in (as its process would when killed).
    final class UpdatedLiveCall: PCMSource {
        let format = PCMFormat(sampleRate: 8000, channels: 2)
        let sourceDescription = "live call (test)"
        let total: Int, updateAt: Int, feed: RSMetadataFeed, update: [UInt8]
        var done = 0
        struct Killed: Error {}
        init(seconds: Double, updateAfter: Double, feed: RSMetadataFeed, update: [UInt8]) {
            (total, updateAt, self.feed, self.update) = (Int(seconds * 8000), Int(updateAfter * 8000), feed, update)
        }
        func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
            if done >= updateAt, done - frames < updateAt { feed.append(update, at: Date(timeIntervalSince1970: 1_772_357_460)) }
            if done == total { throw Killed() }
            let n = min(frames, total - done)
            for k in 0..<n { buffer[2 * k] = Float(sin(Double(done + k) * 0.3)) * 0.2; buffer[2 * k + 1] = 0 }
            done += n
            return n
        }
    }

    @Test("a live call killed mid-call after a metadata update is completed with both documents; one killed before the update with the first")
    func crashKeepsJournaledDocuments() async throws {
        let t = TestVault()
        let vault = try t.create()
        let first = Self.document(customer: "+8613911110000"), update = Self.document(customer: "+8613911110000", dataMode: "partial")
        var ids: [RecordingID] = []
        for updateAfter in [3.0, 60.0] {
            let feed = RSMetadataFeed()
            feed.append(first, at: Date(timeIntervalSince1970: 1_772_357_400))
            var request = IngestRequest(source: URL(fileURLWithPath: "live"))
            request.completesAfterCrash = true
            request.rsMetadata = feed
            let job = try IngestJob(vault: vault, request: request, source: UpdatedLiveCall(seconds: 10, updateAfter: updateAfter, feed: feed, update: update),
                                    actor: .tester)
            try job.journal()
            #expect(throws: UpdatedLiveCall.Killed.self) { try job.writeObject() }
            ids.append(job.id)
        }
        let reopened = try t.open()  // recovery completes both
        let updated = try reopened.readRSMetadata(ids[0], actor: .tester)
        #expect(updated.documents.map { Array($0.xml.utf8) } == [first, update])
        #expect(try reopened.readRSMetadata(ids[1], actor: .tester).documents.map { Array($0.xml.utf8) } == [first])
        for id in ids {
            #expect(Recording(try reopened.recording(id)).interrupted)
            let entry = try #require(try reopened.auditEntries(action: "recording.ingest").first { $0.target == id.description })
            #expect(entry.detail["rs_metadata_sha256"]?.hasPrefix(Self.sha256(first)) == true)
        }
        #expect(try await reopened.verify(actor: .tester).isClean)
    }

    @Test("a new audio version seals the metadata again under its new key; a purge takes it with the key")
    func followsTheKey() async throws {
        let t = TestVault()
        let vault = try t.create()
        let document = Self.document(customer: "+8613922223333")
        let feed = RSMetadataFeed()
        feed.append(document, at: Date())
        var request = IngestRequest(source: Fixtures.speech8k, subject: try PhoneNumber(parsing: "+8613922223333"))
        request.rsMetadata = feed
        let record = try vault.ingest(request, actor: .tester)
        let before = try #require(try vault.catalog.rsMetadata(of: record.id))
        let transcript = t.tmp.path("later.json")
        try Data(TranscriptFixture.asrJSON.utf8).write(to: transcript)
        let added = try vault.addTranscript(record.id, transcript: transcript, actor: .tester)
        #expect(added.version == 2 && added.keySubject != record.keySubject)  // the old data key is destroyed
        #expect(try vault.catalog.rsMetadata(of: record.id) != before)
        #expect(try vault.readRSMetadata(record.id, actor: .tester).documents.map { Array($0.xml.utf8) } == [document])
        #expect(try await vault.verify(actor: .tester).isClean)

        _ = try vault.purge(added, actor: .tester, why: "test")
        #expect(try vault.catalog.rsMetadata(of: record.id) == nil)
        #expect((#expect(throws: VaultError.self) { try vault.readRSMetadata(record.id, actor: .tester) })?.code == .purged)
    }
}
