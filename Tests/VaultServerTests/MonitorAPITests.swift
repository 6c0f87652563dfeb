import Foundation
import Testing
import VaultBase
import VaultCore
import VaultTestSupport

/// `GET /v1/monitor/hits` and `/v1/monitor/report`: a transcript uploaded with its recording is
/// scanned, and its hits are listed and counted over HTTP exactly as the vault keeps them.
@Suite("Compliance monitoring over HTTP")
struct MonitorAPITests {
    @Test("an uploaded transcript's hits are listed with speaker and redacted words, filtered, counted per agent; bad filters are 400")
    func hitsAndReport() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder), auditor = try t.token(.auditor), dpo = try t.token(.dpo)
        let wav = try Data(contentsOf: try WAVSynth.write(to: t.tmp.path("m.wav"), seconds: 2, sampleRate: 8000, channels: 1))
        let transcript = Data("坐席：这款理财稳赚不赔，您的号码是13800138000吗\n客户：是的\n".utf8)
        let boundary = "cv-monitor-1"
        let body = MultipartUploadTests.multipart(boundary: boundary, parts: [("transcript", "text/plain", transcript), ("audio", "audio/wav", wav)])
        var reply = try await t.client.send("POST", "/v1/recordings?agent=a7&campaign=spring", token: recorder, body: body,
                                            headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        #expect(reply.status == 201, "\(reply.text)")
        let id = try #require(reply.json["id"] as? String)

        reply = try await t.client.send("GET", "/v1/monitor/hits?agent=a7", token: auditor)
        #expect(reply.status == 200, "\(reply.text)")
        let hits = try #require(reply.json["hits"] as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(hits.first?["recording_id"] as? String == id)
        #expect(hits.first?["speaker"] as? String == "坐席" && hits.first?["words"] as? String == "稳赚不赔")
        #expect(hits.first?["start_ms"] is NSNull)
        let context = try #require(hits.first?["context"] as? String)
        #expect(context.contains("稳赚不赔") && !context.contains("13800138000"), "\(context)")
        // The same list as the vault's, field for field.
        let direct = try await t.vault.monitor.hits(.init())
        #expect(reply.body == (try JSONEncoder.sorted.encode(["hits": direct])))
        for query in ["agent=nobody", "category=pressure_selling", "recording_id=\(UUID().uuidString.lowercased())", "since=2999-01-01T00:00:00Z"] {
            reply = try await t.client.send("GET", "/v1/monitor/hits?\(query)", token: dpo)
            #expect((reply.json["hits"] as? [Any])?.isEmpty == true, "\(query)")
        }

        reply = try await t.client.send("GET", "/v1/monitor/report?by=agent", token: dpo)
        let lines = try #require(reply.json["lines"] as? [[String: Any]])
        #expect(lines.count == 1 && lines[0]["name"] as? String == "a7" && lines[0]["calls"] as? Int == 1)
        #expect(lines[0]["hits_per_100_calls"] as? Double == 100 && lines[0]["high_severity"] as? Int == 1)

        // A review over HTTP; bad ones are 400, an unknown hit 404.
        let hitID = try #require(hits.first?["id"] as? String)
        reply = try await t.client.send("POST", "/v1/monitor/hits/\(hitID)/review", token: dpo,
                                        body: Data(#"{"state": "false_positive", "note": "a fund's name", "exception": "稳赚不赔基金"}"#.utf8),
                                        headers: ["Content-Type": "application/json"])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["state"] as? String == "false_positive" && reply.json["note"] as? String == "a fund's name")
        #expect(try await t.vault.monitor.lexicon().lexicon.exceptions == ["稳赚不赔基金"])
        for (path, body, status) in [("/v1/monitor/hits/\(hitID)/review", #"{"state": "new"}"#, 400),
                                     ("/v1/monitor/hits/\(hitID)/review", #"{"state": "confirmed", "exception": "x"}"#, 400),
                                     ("/v1/monitor/hits/\(hitID)/review", #"{"note": "x"}"#, 400),
                                     ("/v1/monitor/hits/\(hitID)/review", #"{"state": "false_positive", "exception": "call 13800138000"}"#, 422),
                                     ("/v1/monitor/hits/\(UUID().uuidString.lowercased())/review", #"{"state": "confirmed"}"#, 404)] {
            reply = try await t.client.send("POST", path, token: auditor, body: Data(body.utf8), headers: ["Content-Type": "application/json"])
            #expect(reply.status == status, "\(body): \(reply.status) \(reply.text)")
        }
        for bad in ["/v1/monitor/hits?since=yesterday", "/v1/monitor/hits?limit=0", "/v1/monitor/hits?recording_id=x",
                    "/v1/monitor/hits?state=maybe", "/v1/monitor/report?by=team"] {
            reply = try await t.client.send("GET", bad, token: auditor)
            #expect(reply.status == 400, "\(bad): \(reply.status)")
        }
        await t.stop()
    }

    @Test("GET /v1/monitor/quality lists the short and the one-sided upload, filters by flag and agent, lists every one with all=true; bad filters are 400")
    func quality() async throws {
        let t = try await TestServer()
        let recorder = try t.token(.recorder), auditor = try t.token(.auditor)
        let good = try await RecordingsAPITests.upload(t, token: recorder, seconds: 6, query: "?agent=a1")
        let short = try await RecordingsAPITests.upload(t, token: recorder, seconds: 1, query: "?agent=a2")
        var dead = WAVSynth.signal(frames: 8000 * 6, sampleRate: 8000, channels: 2)
        for i in 0..<(8000 * 6) { dead[i * 2 + 1] = 0 }
        let reply = try await t.client.send("POST", "/v1/recordings?agent=a3", token: recorder,
                                            body: WAVSynth.wav(samples: dead, sampleRate: 8000, channels: 2), headers: ["Content-Type": "audio/wav"])
        let oneSided = try #require(reply.json["id"] as? String, "\(reply.text)")
        func ids(_ query: String) async throws -> [String] {
            let reply = try await t.client.send("GET", "/v1/monitor/quality\(query)", token: auditor)
            #expect(reply.status == 200, "\(query): \(reply.text)")
            return (reply.json["recordings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        // (The uploads start at the same moment: the order among them is their ids'.)
        #expect(Set(try await ids("")) == [short["id"] as! String, oneSided])
        #expect(try await ids("?flag=one_sided") == [oneSided])
        let shortOfA2 = try await ids("?flag=short&agent=a2"), shortOfA3 = try await ids("?flag=short&agent=a3")
        #expect(shortOfA2 == [short["id"] as! String] && shortOfA3.isEmpty)
        #expect(Set(try await ids("?all=true")) == [good["id"] as! String, short["id"] as! String, oneSided])
        #expect(try await ids("?all=true&limit=1").count == 1)
        // The same as the vault's, field for field.
        let listed = try await t.client.send("GET", "/v1/monitor/quality", token: auditor)
        let direct = try await t.vault.monitor.quality(since: nil, until: nil)
        #expect(listed.body == (try JSONEncoder.sorted.encode(["recordings": direct])))
        for bad in ["flag=loud", "all=maybe", "limit=0", "since=yesterday"] {
            #expect(try await t.client.send("GET", "/v1/monitor/quality?\(bad)", token: auditor).status == 400, "\(bad)")
        }
        await t.stop()
    }

    @Test("GET /v1/monitor/unrecorded lists an allowed claim without a recording once its window has passed; bad windows are 400")
    func unrecorded() async throws {
        let t = try await TestServer()
        let dialer = try t.token(.dialer), dpo = try t.token(.dpo)
        for number in ["+8613900001111", "+8613900002222"] {
            var reply = try await t.client.send("POST", "/v1/consents", token: dialer,
                                                json: ["number": number, "purpose": "marketing", "source": "signup", "evidence": "doc"])
            #expect(reply.status == 201)
            reply = try await t.client.send("POST", "/v1/consent/check", token: dialer, json: ["number": number, "purpose": "marketing", "claim": true])
            #expect(reply.json["claimed"] as? Bool == true, "\(reply.text)")
        }
        let recorder = try t.token(.recorder)
        let claimedAt = Timestamp.format(t.clock.now())
        _ = try await RecordingsAPITests.upload(t, token: recorder, query: "?subject=%2B8613900001111&started_at=\(claimedAt)")
        var reply = try await t.client.send("GET", "/v1/monitor/unrecorded", token: dpo)
        #expect((reply.json["calls"] as? [Any])?.isEmpty == true)  // the window has not passed
        t.clock.advance(by: 3 * 3600)
        reply = try await t.client.send("GET", "/v1/monitor/unrecorded", token: dpo)
        let calls = try #require(reply.json["calls"] as? [[String: Any]])
        let missed = t.vault.pseudonym(of: try PhoneNumber(parsing: "+8613900002222"))
        #expect(calls.count == 1 && calls.first?["subject_pseudonym"] as? String == missed)
        #expect(calls.first?["claimed_at"] as? String == claimedAt)
        for bad in ["window_minutes=0", "window_minutes=20000", "limit=0", "since=yesterday"] {
            reply = try await t.client.send("GET", "/v1/monitor/unrecorded?\(bad)", token: dpo)
            #expect(reply.status == 400, "\(bad): \(reply.status)")
        }
        await t.stop()
    }
}

extension JSONEncoder {
    /// The server's encoder: sorted keys, slashes as they are.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
