import Foundation
import Testing
import VaultBase
@testable import VaultCore
import VaultCrypto
import VaultStore
import VaultTestSupport

/// Compliance monitoring in the vault: every stored transcript is scanned after redaction, its
/// hits stored and audited with it, listed, counted per agent, and gone with the recording.
@Suite("Prohibited phrases in stored transcripts")
struct MonitorTests {
    /// The agent promises returns at 2.0–2.9 s and the customer gives a number; "不承诺高收益" is negated.
    static let asr = """
        {"words": [
          {"word": "这款", "start_ms": 1500, "end_ms": 2000, "speaker": "agent"},
          {"word": "稳赚", "start_ms": 2000, "end_ms": 2400, "speaker": "agent"},
          {"word": "不赔", "start_ms": 2400, "end_ms": 2900, "speaker": "agent"},
          {"word": "我的", "start_ms": 3000, "end_ms": 3200, "speaker": "customer"},
          {"word": "电话", "start_ms": 3200, "end_ms": 3400, "speaker": "customer"},
          {"word": "13812345678", "start_ms": 3400, "end_ms": 4400, "speaker": "customer"},
          {"word": "我们", "start_ms": 5000, "end_ms": 5200, "speaker": "agent"},
          {"word": "不承诺", "start_ms": 5200, "end_ms": 5600, "speaker": "agent"},
          {"word": "高收益", "start_ms": 5600, "end_ms": 6000, "speaker": "agent"}
        ]}
        """

    func ingest(_ t: TestVault, _ vault: Vault, agent: String, transcript: String?, format: String = "asr-json", at seconds: Double = 0) throws -> RecordingRecord {
        var request = IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")))
        request.agent = agent
        request.campaign = "spring"
        request.startedAt = t.clock.now().addingTimeInterval(seconds)
        if let transcript {
            request.transcriptBytes = Array(transcript.utf8)
            request.transcriptFormat = format
        }
        return try vault.ingest(request, actor: .tester)
    }

    @Test("an ingest stores each hit with its speaker and time and audits it; the words are redacted; verify is clean")
    func ingestStoresHits() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try ingest(t, vault, agent: "agent-7", transcript: Self.asr)
        let hits = try await vault.monitor.hits(PhraseHitQuery())
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.recordingId == record.id.description && hit.version == 1)
        #expect(hit.category == "high_return_promise" && hit.severity == "high" && hit.words == "稳赚不赔")
        #expect(hit.speaker == "agent" && hit.startMs == 2000 && hit.endMs == 2900)
        #expect(hit.agent == "agent-7" && hit.campaign == "spring" && hit.state == "new")
        #expect(hit.context.contains("稳赚不赔") && !hit.context.contains("1234"), "\(hit.context)")
        let entry = try #require(try vault.auditEntries(action: "monitor.hit").first)
        #expect(entry.target == record.id.description)
        #expect(entry.detail == ["hit": hit.id, "category": "high_return_promise", "severity": "high", "phrase": "稳赚不赔", "version": "1",
                                 "lexicon_version": "0", "speaker": "agent", "start_ms": "2000", "end_ms": "2900"])
        // One representation: every key present, nulls included.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(hit)) as! [String: Any]
        #expect(Set(json.keys) == Set(PhraseHit.CodingKeys.allCases.map(\.stringValue)))
        #expect(try await vault.verify(actor: .tester).isClean)
        #expect(!hit.withheld)

        // Restricted (an erasure keeps it for now): the hit stays listed, its transcript words withheld.
        try t.sql("UPDATE recordings SET state = 'restricted', restricted_until = '2027-01-01 00:00:00.000' WHERE id = '\(record.id)'")
        let restricted = try #require(try await vault.monitor.hits(PhraseHitQuery()).first)
        #expect(restricted.withheld && restricted.words.isEmpty && restricted.context.isEmpty && restricted.speaker == nil)
        #expect(restricted.category == "high_return_promise" && restricted.startMs == 2000)
    }

    @Test("a transcript added later replaces the old hits with its own; one with no phrase leaves none")
    func transcriptAddReplacesHits() async throws {
        let t = TestVault()
        let vault = try t.create()
        let record = try ingest(t, vault, agent: "agent-7", transcript: nil)
        #expect(try await vault.monitor.hits(PhraseHitQuery()).isEmpty)
        let file = t.tmp.path("later.txt")
        try Data("坐席：今天下单保证收益，机会难得\n客户：好的".utf8).write(to: file)
        _ = try vault.addTranscript(record.id, transcript: file, actor: .tester)
        let hits = try await vault.monitor.hits(PhraseHitQuery(recording: record.id))
        #expect(hits.map(\.speaker) == hits.map { _ in "坐席" } && !hits.isEmpty)
        #expect(hits.allSatisfy { $0.startMs == nil && $0.version == 1 })
        #expect(try vault.auditEntries(action: "monitor.hit").count == hits.count)
    }

    @Test("the report: hits per 100 transcribed calls per agent, calls without a transcript not counted, a purge takes its hits")
    func report() async throws {
        let t = TestVault()
        let vault = try t.create()
        let first = try ingest(t, vault, agent: "agent-7", transcript: Self.asr, at: 0)
        _ = try ingest(t, vault, agent: "agent-7", transcript: "坐席：您好，请问有什么可以帮您", format: "text", at: 60)
        _ = try ingest(t, vault, agent: "agent-9", transcript: "agent: it's a guaranteed return, and you must decide today only", format: "text", at: 120)
        _ = try ingest(t, vault, agent: "agent-9", transcript: nil, at: 180)
        let report = try await vault.monitor.report(since: nil, until: nil, by: .agent)
        #expect(report.lines.map(\.name) == ["agent-9", "agent-7"])
        let nine = report.lines[0], seven = report.lines[1]
        #expect(nine.calls == 1 && nine.hits == 2 && nine.hitsPer100Calls == 200, "\(nine)")
        #expect(nine.categories == ["high_return_promise": 1, "pressure_selling": 1])
        #expect(seven.calls == 2 && seven.hits == 1 && seven.highSeverity == 1 && seven.hitsPer100Calls == 50)
        // A hit reviewed as a false positive is no violation: the report no longer counts it.
        let agent9 = try await vault.monitor.hits(PhraseHitQuery(agent: "agent-9"))
        _ = try await vault.monitor.review(agent9[0].id, verdict: .falsePositive, note: nil, actor: .tester)
        #expect(try await vault.monitor.report(since: nil, until: nil, by: .agent).lines.first { $0.name == "agent-9" }?.hits == 1)
        let later = try await vault.monitor.report(since: t.clock.now().addingTimeInterval(60), until: nil, by: .campaign)
        #expect(later.lines.map(\.calls) == [2] && later.lines.first?.name == "spring")
        // A purge (deletion past retention) takes the hits quoting the transcript.
        t.clock.advance(by: 60 * 60 * 24 * 400)
        try await vault.retention.delete(first.id, reason: "test", actor: .tester)
        #expect(try await vault.monitor.hits(PhraseHitQuery(agent: "agent-7")).isEmpty)
    }

    @Test("reviews: a confirmed hit, a false positive whose exception becomes a lexicon version that later scans honour; bad reviews refused")
    func reviewsAndLexiconVersions() async throws {
        let t = TestVault()
        let vault = try t.create()
        let text = "坐席：这只高收益债券的票面利率是百分之三"
        _ = try ingest(t, vault, agent: "agent-7", transcript: text, format: "text")
        let hit = try #require(try await vault.monitor.hits(PhraseHitQuery()).first)
        #expect(hit.words == "高收益" && hit.lexiconVersion == 0)
        // Refused, nothing changed: an unknown hit, an exception with a number, one on a confirmation.
        await #expect(throws: StoreError.self) { _ = try await vault.monitor.review("nothing", verdict: .confirmed, note: nil, actor: .tester) }
        for (verdict, exception) in [(PhraseHitRecord.State.falsePositive, "客户13812345678的债券"), (.confirmed, "高收益债券"), (.falsePositive, "  "),
                                     (.falsePositive, "高收益"), (.falsePositive, "低风险债券")] {
            await #expect(throws: VaultError.self) { _ = try await vault.monitor.review(hit.id, verdict: verdict, note: nil, exception: exception, actor: .tester) }
        }
        #expect(try await vault.monitor.lexicon().version == 0)
        #expect(try await vault.monitor.hits(PhraseHitQuery()).first?.state == "new")

        let reviewed = try await vault.monitor.review(hit.id, verdict: .falsePositive, note: "a bond's name, not a promise", exception: "高收益债券", actor: .tester)
        #expect(reviewed.state == "false_positive" && reviewed.reviewer == "tester" && reviewed.note == "a bond's name, not a promise")
        #expect(reviewed.reviewedAt == Timestamp.format(t.clock.now()))
        let (version, lexicon) = try await vault.monitor.lexicon()
        #expect(version == 1 && lexicon.exceptions.contains("高收益债券"))
        #expect(try vault.auditEntries(action: "monitor.review").first?.detail == ["state": "false_positive", "note": "a bond's name, not a promise"])
        #expect(try vault.auditEntries(action: "monitor.lexicon").first?.detail == ["exception_sha256": SHA256Hasher.hash(Array("高收益债券".utf8)).hexString, "hit": hit.id])
        // Later transcripts: the bond is no hit, another promise still is, found at version 1.
        _ = try ingest(t, vault, agent: "agent-7", transcript: text + "，但这个保证收益", format: "text", at: 60)
        let later = try await vault.monitor.hits(PhraseHitQuery(since: t.clock.now().addingTimeInterval(30)))
        #expect(later.map(\.category) == ["high_return_promise"] && later.first?.words != "高收益" && later.first?.lexiconVersion == 1)

        // A file applied is the next version; the review's exception stays; a bad file is refused.
        await #expect(throws: VaultError.self) { _ = try await vault.monitor.applyLexicon(yaml: "format: 2", actor: .tester) }
        var yaml = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Policies/lexicon.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "[最后一天,", with: "[限时抢购, 最后一天,")
        #expect(try await vault.monitor.applyLexicon(yaml: yaml, actor: .tester) == 2)
        let applied = try await vault.monitor.lexicon()
        #expect(applied.version == 2 && applied.lexicon.exceptions == ["高收益债券"])
        #expect(applied.lexicon.categories.first { $0.name == "pressure_selling" }?.phrases.contains("限时抢购") == true)
        // Another process sees the new version at its next scan.
        let other = try t.open()
        #expect(try other.lexicon.current(in: other.catalog).version == 2)
        #expect(try await vault.verify(actor: .tester).isClean)
    }

    @Test("reconciliation: a claim whose number was recorded is reconciled, one whose was not is listed once its window has passed")
    func unrecordedCalls() async throws {
        let t = TestVault()
        let vault = try t.create()
        let recorded = try PhoneNumber(parsing: "+8613900001111"), missed = try PhoneNumber(parsing: "+8613900002222")
        t.clock.set(Timestamp.parse("2026-03-02T02:00:00Z")!)  // 10:00 in Shanghai: no quiet hours
        let start = t.clock.now()
        for phone in [recorded, missed] {
            try vault.grantConsent(phone: phone, purpose: "marketing", source: "signup", evidence: "doc", actor: .tester)
            #expect(try await vault.consent.claim(phone: phone, purpose: "marketing", actor: .tester).allowed)
        }
        var request = IngestRequest(source: try TranscriptFixture.toneWAV(to: t.tmp.path("tone.wav")), subject: recorded)
        request.startedAt = start.addingTimeInterval(45)
        _ = try vault.ingest(request, actor: .tester)
        // Within the window nothing is judged yet; once it has passed, the unrecorded claim shows.
        t.clock.advance(by: 3600)
        #expect(try await vault.monitor.unrecorded(since: start.addingTimeInterval(-60)).isEmpty)
        t.clock.advance(by: 3601)
        let listed = try await vault.monitor.unrecorded(since: start.addingTimeInterval(-60))
        #expect(listed == [UnrecordedCall(subjectPseudonym: vault.pseudonym(of: missed), purpose: "marketing", claimedAt: start)])
        #expect(try await vault.monitor.unrecorded(since: start.addingTimeInterval(-60), window: .seconds(60)).count == 1)
    }
}
