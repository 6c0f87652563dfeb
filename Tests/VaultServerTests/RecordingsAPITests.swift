import Foundation
import Testing
import VaultAudit
import VaultStore
import VaultBase
import VaultBundle
import VaultCore
import VaultServer
import VaultTestSupport

@Suite("Recorder, auditor, DPO and operations endpoints")
struct RecordingsAPITests {
    /// Uploads a generated WAV as the recorder; returns the recording's JSON.
    static func upload(_ t: TestServer, token: String, seconds: Double = 2, query: String = "") async throws -> [String: Any] {
        let wav = try WAVSynth.write(to: t.tmp.path("up-\(UUID().uuidString).wav"), seconds: seconds, sampleRate: 8000, channels: 1)
        let reply = try await t.client.send("POST", "/v1/recordings" + query, token: token, body: try Data(contentsOf: wav),
                                            headers: ["Content-Type": "audio/wav"])
        guard reply.status == 201 else { throw TestServerError(message: "upload: \(reply.status) \(reply.text)") }
        return reply.json
    }

    @Test("a WAV upload is ingested whole; search, metadata, audio (whole and ranges) equal the vault's export; reads are audited")
    func uploadSearchAudio() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder, name: "rec-1"), auditor = try t.token(.auditor, name: "aud-1")
        let one = try await Self.upload(t, token: recorder, query: "?campaign=spring&agent=a7&subject=%2B8613800138099&started_at=2026-03-01T08:00:00Z")
        _ = try await Self.upload(t, token: recorder, seconds: 1, query: "?campaign=autumn")
        #expect(one["duration_ms"] as? Int == 2000)
        #expect(one["subject"] as? String == "*******8099")
        let id = try #require(one["id"] as? String)

        var reply = try await t.client.send("GET", "/v1/recordings?campaign=spring", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        reply = try await t.client.send("GET", "/v1/recordings?subject=%2B8613800138099&since=2026-03-01T07:00:00Z&until=2026-03-01T09:00:00Z", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.count == 1)
        reply = try await t.client.send("GET", "/v1/recordings?agent=nobody", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.isEmpty == true)
        // The console's filters are the API's too: state, transcript, hold, order.
        reply = try await t.client.send("GET", "/v1/recordings?order=newest", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.last?["id"] as? String == id)
        reply = try await t.client.send("GET", "/v1/recordings?state=stored&has_transcript=false&held=false", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.count == 2)
        reply = try await t.client.send("GET", "/v1/recordings?held=true", token: auditor)
        #expect((reply.json["recordings"] as? [[String: Any]])?.isEmpty == true)
        for bad in ["state=lost", "held=maybe", "order=random", "has_transcript=1"] {
            #expect(try await t.client.send("GET", "/v1/recordings?\(bad)", token: auditor).status == 400, "\(bad)")
        }
        reply = try await t.client.send("GET", "/v1/recordings/\(id)", token: auditor)
        #expect(reply.json["campaign"] as? String == "spring")
        #expect(try await t.client.send("GET", "/v1/recordings/\(UUID().uuidString.lowercased())", token: auditor).status == 404)
        #expect(try await t.client.send("GET", "/v1/recordings/not-an-id", token: auditor).status == 404)

        let exported = t.tmp.path("export.ogg")
        _ = try t.vault.exportAudio(RecordingID(id)!, to: exported, actor: TestServer.admin)
        let expected = try Data(contentsOf: exported)
        reply = try await t.client.send("GET", "/v1/recordings/\(id)/audio", token: auditor)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "audio/ogg")
        #expect(reply.body == expected)
        #expect(expected.count > 1000)
        for (header, range) in [("bytes=0-99", 0..<100), ("bytes=100-", 100..<expected.count), ("bytes=-50", (expected.count - 50)..<expected.count),
                                ("bytes=500-\(expected.count + 99)", 500..<expected.count)] {
            reply = try await t.client.send("GET", "/v1/recordings/\(id)/audio", token: auditor, headers: ["Range": header])
            #expect(reply.status == 206, "\(header)")
            #expect(reply.body == expected.subdata(in: range), "\(header)")
            #expect(reply.headers["content-range"] == "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(expected.count)")
        }
        reply = try await t.client.send("GET", "/v1/recordings/\(id)/audio", token: auditor, headers: ["Range": "bytes=\(expected.count + 10)-"])
        #expect(reply.status == 416)
        let reads = try await t.vault.audit.entries(actor: "aud-1", action: "recording.audio.export")
        #expect(reads.count >= 4)
        #expect(reads.first?.detail["range"] == "whole")
        #expect(try await t.client.send("GET", "/v1/recordings/\(id)/transcript", token: auditor).status == 404)  // none was given
        await t.stop()
    }

    @Test("an evidence bundle streams as a zip that verify-bundle accepts; the export is audited; refusals are 4xx JSON")
    func evidenceBundle() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder, name: "rec-1"), auditor = try t.token(.auditor, name: "aud-1")
        let one = try await Self.upload(t, token: recorder, query: "?campaign=spring&subject=%2B8613800138099&started_at=2026-03-01T08:00:00Z")
        _ = try await Self.upload(t, token: recorder, seconds: 1, query: "?campaign=autumn")
        let id = try #require(one["id"] as? String)

        var reply = try await t.client.send("POST", "/v1/evidence-bundles", token: auditor,
                                            json: ["campaign": "spring", "reason": "case 7: calls in March"])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "application/zip")
        let zip = t.tmp.path("bundle.zip")
        try reply.body.write(to: zip)
        let verification = try EvidenceBundleVerifier().verify(at: zip)
        #expect(verification.isValid, "\(verification.problems)")
        #expect(verification.index?.released == [id])
        #expect(verification.audioChecked == 1)
        let exports = try await t.vault.audit.entries(actor: "aud-1", action: "bundle.export")
        #expect(exports.map(\.target) == [id, nil])
        #expect(exports.first?.detail["reason"] == "case 7: calls in March")

        // A cut-short copy of the same stream is rejected.
        try reply.body.prefix(reply.body.count / 2).write(to: t.tmp.path("half.zip"))
        #expect((try? EvidenceBundleVerifier().verify(at: t.tmp.path("half.zip")))?.isValid != true)

        for (body, status, code) in [
            (["campaign": "spring"], 400, nil),  // no reason
            (["campaign": "spring", "reason": " "], 400, "invalid_field"),
            (["reason": "why"], 422, nil),  // no selection
            (["campaign": "nowhere", "reason": "why"], 404, "not_found"),
            (["campaign": "spring", "reason": "why", "recipient_key": "age1nope"], 400, "invalid_field"),
            (["campaign": "spring", "reason": "why", "since": "March"], 400, "invalid_time"),
        ] as [([String: String], Int, String?)] {
            reply = try await t.client.send("POST", "/v1/evidence-bundles", token: auditor, json: body)
            #expect(reply.status == status, "\(body): \(reply.status) \(reply.text)")
            if let code { #expect((reply.json["error"] as? [String: Any])?["code"] as? String == code, "\(body)") }
        }
        await t.stop()
    }

    @Test("a client that hangs up after sending a long capture: its ingest is cancelled and rolled back, not run to the end")
    func ingestCancelledWhenTheClientLeaves() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder)
        let port = t.client.baseURL.port!
        // Under 4 KB: one G.711 packet every 10 minutes for 3 hours, i.e. three hours of silence to
        // render and encode (minutes of CPU) from a file that arrives at once. The client hangs up.
        let body = t.tmp.path("silent.pcap")
        try SilentCapture.pcap().write(to: body)
        let script = """
            import socket, sys, time
            body = open(sys.argv[1], 'rb').read()
            s = socket.create_connection(('127.0.0.1', int(sys.argv[2])))
            s.sendall(('POST /v1/recordings HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer %s\\r\\nContent-Type: application/vnd.tcpdump.pcap\\r\\nContent-Length: %d\\r\\n\\r\\n' % (sys.argv[3], len(body))).encode() + body)
            time.sleep(1)
            s.close()
            """
        let started = ContinuousClock.now
        let result = try await OffPool.run { try Subprocess.run("python3", ["-c", script, body.path, "\(port)", recorder]) }
        #expect(result.status == 0, "\(result.stderr)")
        var polls = 0
        while polls < 300, try await t.vault.audit.entries(action: "recording.ingest").isEmpty {
            polls += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        let entries = try await t.vault.audit.entries(action: "recording.ingest")
        #expect(entries.map(\.outcome) == ["failed"] && entries.first?.detail["error"] == "vault.cancelled", "\(entries.map(\.detail))")
        #expect(ContinuousClock.now - started < .seconds(30), "the ingest ran on after the client left")
        #expect(try t.vault.allRecordings().isEmpty)
        #expect(try t.vault.serviceStatus(atRiskWithin: 0).pendingIngests == 0)
        await t.stop()
    }

    @Test("an upload cut short by the client commits nothing and leaves no journal entry")
    func truncatedUpload() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder)
        let wav = try Data(contentsOf: try WAVSynth.write(to: t.tmp.path("cut.wav"), seconds: 4, sampleRate: 8000, channels: 1))
        let port = t.client.baseURL.port!
        // A raw client announces the whole length, sends half and hangs up.
        let script = """
            import socket, sys
            body = open(sys.argv[1], 'rb').read()
            s = socket.create_connection(('127.0.0.1', int(sys.argv[2])))
            s.sendall(('POST /v1/recordings HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer %s\\r\\nContent-Type: audio/wav\\r\\nContent-Length: %d\\r\\n\\r\\n' % (sys.argv[3], len(body))).encode())
            s.sendall(body[:len(body) // 2])
            s.close()
            """
        try wav.write(to: t.tmp.path("cut-body.wav"))
        let result = try Subprocess.run("python3", ["-c", script, t.tmp.path("cut-body.wav").path, "\(port)", recorder])
        #expect(result.status == 0, "\(result.stderr)")
        // The server notices the hang-up, fails the ingest (audited) and rolls it back.
        var polls = 0
        while polls < 100, try await t.vault.audit.entries(action: "recording.ingest").isEmpty {
            polls += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try t.vault.allRecordings().isEmpty)
        #expect(try t.vault.serviceStatus(atRiskWithin: 0).pendingIngests == 0)
        #expect(try await t.vault.audit.entries(action: "recording.ingest").map(\.outcome) == ["failed"])
        await t.stop()
    }

    @Test("captures upload like files: every call of a pcap or rtpdump stored as the CLI stores it; undecodable, cut short or malformed stores nothing")
    func captureUploads() async throws {
        guard let pcap = Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap"),
              let rtpdump = Fixtures.shared("rtpdump/rtptools__bark.rtp"), let g729 = Fixtures.shared("pcap/miarec__12a_g729.pcap") else {
            print(Fixtures.sharedMissing); return
        }
        let t = try await TestServer()
        let recorder = try t.token(.recorder, name: "rec-1")
        let pcapType = ["Content-Type": "application/vnd.tcpdump.pcap"]
        var reply = try await t.client.send("POST", "/v1/recordings?campaign=c1&agent=a1", token: recorder,
                                            body: try Data(contentsOf: pcap), headers: pcapType)
        #expect(reply.status == 201, "\(reply.text)")
        let calls = try #require(reply.json["calls"] as? [[String: Any]])
        #expect(calls.map { $0["call"] as? Int } == [1, 2])
        let recordings = calls.compactMap { $0["recording"] as? [String: Any] }
        #expect(recordings.count == 2 && calls.allSatisfy { ($0["call_id_sha256"] as? String)?.count == 64 })
        #expect(recordings.allSatisfy { $0["duration_ms"] as? Int == 26922 && $0["channels"] as? Int == 2 && $0["campaign"] as? String == "c1" },
                "\(recordings)")
        #expect(try t.vault.allRecordings().count == 2)

        // rtpdump, declared as such; the direction names the subject's side.
        reply = try await t.client.send("POST", "/v1/recordings?direction=inbound", token: recorder, body: try Data(contentsOf: rtpdump),
                                        headers: ["Content-Type": "application/x-rtpdump"])
        #expect(reply.status == 201 && (reply.json["calls"] as? [Any])?.count == 1, "\(reply.status) \(reply.text)")
        #expect(try t.vault.allRecordings().count == 3)

        // No decodable call: the call's error, nothing stored.
        reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: try Data(contentsOf: g729), headers: pcapType)
        #expect(reply.status == 422 && reply.text.contains("G729") && !reply.text.contains("/dev/fd"), "\(reply.text)")
        for query in ["?transcript_format=vtt", "?direction=sideways"] {
            reply = try await t.client.send("POST", "/v1/recordings" + query, token: recorder, body: try Data(contentsOf: pcap), headers: pcapType)
            #expect(reply.status == 400, "\(query): \(reply.text)")
        }
        #expect(try t.vault.allRecordings().count == 3)

        // Cut short: the client sends half the body it announced and goes away. The ingest
        // fails (audited) and stores no call.
        let failuresBefore = try await t.vault.audit.entries(action: "recording.ingest").filter { $0.outcome == "failed" }.count
        let bytes = try Data(contentsOf: pcap)
        let port = t.client.baseURL.port!
        try await OffPool.run {
            let connection = try RawHTTPConnection(port: port)
            try connection.write("POST /v1/recordings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(recorder)\r\n"
                                 + "Content-Type: application/vnd.tcpdump.pcap\r\nContent-Length: \(bytes.count)\r\n\r\n")
            try connection.write(bytes: bytes.prefix(bytes.count / 2))
        }
        var failed = failuresBefore
        for _ in 0..<100 where failed == failuresBefore {
            try await Task.sleep(for: .milliseconds(100))
            failed = try await t.vault.audit.entries(action: "recording.ingest").filter { $0.outcome == "failed" }.count
        }
        #expect(failed == failuresBefore + 1)
        #expect(try t.vault.allRecordings().count == 3)

        let small = try await TestServer { $0.maxCaptureUploadSize = 1000 }
        reply = try await small.client.send("POST", "/v1/recordings", token: try small.token(.recorder), body: try Data(contentsOf: pcap), headers: pcapType)
        #expect(reply.status == 413)
        await small.stop()
        await t.stop()
    }

    @Test("uploads past a limit are 422 limit_exceeded and store nothing; with every upload slot taken, 503 busy with Retry-After")
    func limitsAndBusy() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder)
        // 1 Hz mono: 32 KB that used to store nine hours.
        let slow = WAVSynth.wav(samples: [Int16](repeating: 100, count: 16_000), sampleRate: 1, channels: 1)
        let reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: slow, headers: ["Content-Type": "audio/wav"])
        #expect(reply.status == 422, "\(reply.text)")
        let error = reply.json["error"] as? [String: Any]
        #expect(error?["code"] as? String == "limit_exceeded" && (error?["message"] as? String)?.contains("1 Hz is outside") == true, "\(reply.text)")
        #expect(try t.vault.allRecordings().isEmpty && t.vault.serviceStatus(atRiskWithin: 0).pendingIngests == 0)
        await t.stop()

        let full = try await TestServer { $0.maxConcurrentUploads = 0 }
        let token = try full.token(.recorder)
        let wav = try Data(contentsOf: try WAVSynth.write(to: full.tmp.path("a.wav"), seconds: 1, sampleRate: 8000, channels: 1))
        let busy = try await full.client.send("POST", "/v1/recordings", token: token, body: wav, headers: ["Content-Type": "audio/wav"])
        #expect(busy.status == 503 && busy.headers["retry-after"] == "5" && busy.text.contains("\"busy\""), "\(busy.status) \(busy.headers) \(busy.text)")
        #expect(try full.vault.allRecordings().isEmpty)
        await full.stop()
    }

    @Test("malformed uploads are 4xx: not a WAV, wrong media type, not a capture, too large")
    func badUploads() async throws {
        let t = try await TestServer { $0.maxUploadSize = 10_000 }
        let recorder = try t.token(.recorder)
        var reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: Data("garbage".utf8), headers: ["Content-Type": "audio/wav"])
        #expect(reply.status == 422)
        #expect((reply.json["error"] as? [String: Any])?["message"] as? String == "the upload: not a WAV file")
        reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: Data("x".utf8), headers: ["Content-Type": "text/plain"])
        #expect(reply.status == 415)
        reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: Data("x".utf8), headers: ["Content-Type": "application/vnd.tcpdump.pcap"])
        #expect(reply.status == 422 && reply.text.contains("not a pcap, pcapng or rtpdump capture"), "\(reply.text)")
        let big = try Data(contentsOf: try WAVSynth.write(to: t.tmp.path("big.wav"), seconds: 2, sampleRate: 8000, channels: 1))
        reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: big, headers: ["Content-Type": "audio/wav"])
        #expect(reply.status == 413)
        reply = try await t.client.send("POST", "/v1/recordings?started_at=soon", token: recorder, body: big, headers: ["Content-Type": "audio/wav"])
        #expect(reply.status == 400)
        #expect(try t.vault.allRecordings().isEmpty)
        await t.stop()
    }

    @Test("DPO: erasure request, receipt once the job ran, holds placed and released")
    func dpo() async throws {
        let t = try await TestServer()
        let dpo = try t.token(.dpo, name: "dpo-1"), recorder = try t.token(.recorder)
        let recording = try await Self.upload(t, token: recorder, query: "?subject=%2B8613800138077")
        let id = try #require(recording["id"] as? String)

        var reply = try await t.client.send("POST", "/v1/holds", token: dpo, json: ["recording_id": id, "reason": "case 12"])
        #expect(reply.status == 201)
        reply = try await t.client.send("GET", "/v1/holds", token: dpo)
        #expect((reply.json["holds"] as? [[String: Any]])?.first?["recording_id"] as? String == id)
        reply = try await t.client.send("POST", "/v1/holds", token: dpo, json: ["recording_id": id, "number": "+8613800138077", "reason": "x"])
        #expect(reply.status == 400)
        reply = try await t.client.send("POST", "/v1/holds/release", token: dpo, json: ["recording_id": id, "reason": "case closed"])
        #expect(reply.json["released"] as? Int == 1)
        reply = try await t.client.send("POST", "/v1/holds/release", token: dpo, json: ["recording_id": id, "reason": "again"])
        #expect(reply.status == 404)

        reply = try await t.client.send("POST", "/v1/erasure-requests", token: dpo, json: ["number": "+8613800138077", "reason": "ticket 9"])
        #expect(reply.status == 201)
        let request = try #require(reply.json["id"] as? String)
        #expect(reply.json["state"] as? String == "open")
        reply = try await t.client.send("GET", "/v1/erasure-requests/\(request)/receipt", token: dpo)
        #expect(reply.status == 409)
        _ = try t.vault.runErasures(actor: TestServer.admin)
        reply = try await t.client.send("GET", "/v1/erasure-requests?state=completed", token: dpo)
        #expect((reply.json["erasure_requests"] as? [[String: Any]])?.map { $0["id"] as? String } == [request])
        reply = try await t.client.send("GET", "/v1/erasure-requests/\(request)/receipt", token: dpo)
        #expect(reply.status == 200)
        #expect(t.vault.verifyErasureReceipt(reply.text))
        #expect(try await t.client.send("GET", "/v1/erasure-requests?state=bogus", token: dpo).status == 400)
        await t.stop()
    }

    @Test("audit: entries paged, verification audited, checkpoint, inclusion proof that verifies; metrics")
    func auditAndMetrics() async throws {
        let t = try await TestServer()
        let auditor = try t.token(.auditor, name: "aud-2"), admin = try t.token(.admin)
        var reply = try await t.client.send("GET", "/v1/audit/entries?limit=2", token: auditor)
        let first = try #require(reply.json["entries"] as? [[String: Any]])
        #expect(first.map { $0["seq"] as? Int } == [1, 2])
        reply = try await t.client.send("GET", "/v1/audit/entries?after_seq=2&action=token.create", token: auditor)
        #expect((reply.json["entries"] as? [[String: Any]])?.allSatisfy { ($0["seq"] as? Int ?? 0) > 2 && $0["action"] as? String == "token.create" } == true)

        reply = try await t.client.send("POST", "/v1/audit/verify", token: auditor, json: [String: Any]())
        #expect(reply.json["ok"] as? Bool == true)
        #expect(try await t.vault.audit.entries(action: "audit.verify").last?.actor == "aud-2")
        let checkpoint = try t.vault.auditLog.checkpoint()
        reply = try await t.client.send("GET", "/v1/audit/checkpoint", token: auditor)
        #expect(reply.json["tree_size"] as? Int == Int(checkpoint.treeSize))
        reply = try await t.client.send("POST", "/v1/audit/verify", token: auditor, json: ["checkpoint": reply.json["note"] as? String ?? ""])
        #expect(reply.json["extends_checkpoint"] as? Bool == true)
        reply = try await t.client.send("POST", "/v1/audit/verify", token: auditor, json: ["checkpoint": "not a note"])
        #expect(reply.status == 400)

        reply = try await t.client.send("GET", "/v1/audit/entries/2/proof", token: auditor)
        #expect(reply.status == 200)
        let proof = try JSONDecoder().decode(InclusionProof.self, from: reply.body)
        try proof.verify(publicKey: t.vault.auditLog.publicKey)
        #expect(try await t.client.send("GET", "/v1/audit/entries/999999/proof", token: auditor).status == 404)

        _ = try t.vault.optOut(phone: try PhoneNumber(parsing: "+8613800138055"), actor: TestServer.admin)
        t.clock.advance(by: 60 * 3600)  // 12 h left of the 72 h deadline: at risk
        reply = try await t.client.send("GET", "/metrics", token: admin)
        #expect(reply.status == 200)
        #expect(reply.text.contains("callvault_http_requests_total{endpoint=\"GET /v1/audit/entries\",status=\"200\"} 2"))
        #expect(reply.text.contains("callvault_erasure_deadlines_at_risk 1"))
        #expect(reply.text.contains("callvault_kek_age_seconds"))
        #expect(reply.text.contains("callvault_ingest_backlog 0"))
        #expect(try await t.client.send("GET", "/readyz").status == 200)
        await t.stop()
    }
}

@Suite("GET /v1/recordings/{id}/rs-metadata")
struct RSMetadataAPITests {
    @Test("an auditor reads a live call's SIPREC metadata as the one RSMetadata, audited; a recording without any is 404; other roles 403")
    func readsTheMetadata() async throws {
        let t = try await TestServer()
        let auditor = try t.token(.auditor), recorder = try t.token(.recorder)
        let xml = "<?xml version=\"1.0\"?><recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>complete</datamode></recording>"
        let feed = RSMetadataFeed()
        feed.append(Array(xml.utf8), at: Date(timeIntervalSince1970: 1_764_990_000))
        var request = IngestRequest(source: try WAVSynth.write(to: t.tmp.path("live.wav"), seconds: 1, sampleRate: 8000, channels: 1))
        request.rsMetadata = feed
        let record = try t.vault.ingest(request, actor: TestServer.admin)
        let plain = try t.vault.ingest(IngestRequest(source: try WAVSynth.write(to: t.tmp.path("plain.wav"), seconds: 1, sampleRate: 8000, channels: 1)),
                                       actor: TestServer.admin)

        let reply = try await t.client.send("GET", "/v1/recordings/\(record.id)/rs-metadata", token: auditor)
        #expect(reply.status == 200, "\(reply.text)")
        let metadata = try JSONDecoder().decode(RSMetadata.self, from: reply.body)
        #expect(metadata.recordingId == record.id.description && metadata.documents.map(\.xml) == [xml])
        #expect(metadata.documents.first?.receivedAt == "2025-12-06T03:00:00.000Z")
        #expect(try await t.vault.audit.entries(action: "recording.rs_metadata.read").map(\.target) == [record.id.description])
        #expect(try await t.client.send("GET", "/v1/recordings/\(plain.id)/rs-metadata", token: auditor).status == 404)
        #expect(try await t.client.send("GET", "/v1/recordings/\(record.id)/rs-metadata", token: recorder).status == 403)
    }
}

@Suite("Multipart uploads")
struct MultipartUploadTests {
    static func multipart(boundary: String, parts: [(name: String, type: String, body: Data)]) -> Data {
        var data = Data()
        for part in parts {
            data += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; filename=\"x\"\r\nContent-Type: \(part.type)\r\n\r\n".utf8)
            data += part.body + Data("\r\n".utf8)
        }
        return data + Data("--\(boundary)--\r\n".utf8)
    }

    @Test("a transcript part and an audio part: the transcript is stored redacted, the audio whole; bad multipart bodies are 400")
    func transcriptAndAudio() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder), auditor = try t.token(.auditor)
        let wav = try Data(contentsOf: try WAVSynth.write(to: t.tmp.path("m.wav"), seconds: 3, sampleRate: 8000, channels: 1))
        let transcript = Data("Agent: please confirm your number.\nCustomer: it is 13800138000, thanks.\n".utf8)
        // A boundary that also appears, shifted, inside the audio would break a naive splitter.
        let boundary = "cv-boundary-7d1f"
        let body = Self.multipart(boundary: boundary, parts: [("transcript", "text/plain", transcript), ("audio", "audio/wav", wav)])
        var reply = try await t.client.send("POST", "/v1/recordings?campaign=m", token: recorder, body: body,
                                            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.json["duration_ms"] as? Int == 3000)
        #expect(reply.json["has_transcript"] as? Bool == true)
        let id = try #require(reply.json["id"] as? String)
        reply = try await t.client.send("GET", "/v1/recordings/\(id)/transcript", token: auditor)
        let text = try #require(reply.json["text"] as? String)
        #expect(text.contains("please confirm"))
        #expect(!text.contains("13800138000"))
        let exported = t.tmp.path("m.ogg")
        _ = try t.vault.exportAudio(RecordingID(id)!, to: exported, actor: TestServer.admin)
        reply = try await t.client.send("GET", "/v1/recordings/\(id)/audio", token: auditor)
        #expect(reply.body == (try Data(contentsOf: exported)))

        let bad: [Data] = [
            Data("no boundary here".utf8),
            Self.multipart(boundary: boundary, parts: [("audio", "audio/wav", wav), ("transcript", "text/plain", transcript)]),
            Self.multipart(boundary: boundary, parts: [("notes", "text/plain", transcript)]),
            Self.multipart(boundary: boundary, parts: [("audio", "audio/wav", wav)]).dropLast(30),
        ]
        for body in bad {
            reply = try await t.client.send("POST", "/v1/recordings", token: recorder, body: Data(body),
                                            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
            #expect(reply.status == 400, "\(reply.status) \(reply.text)")
        }
        #expect(try t.vault.allRecordings().count == 1)
        await t.stop()
    }
}
