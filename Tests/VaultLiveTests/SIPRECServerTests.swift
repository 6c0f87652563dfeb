import Foundation
import Logging
import NIOPosix
import Testing
import VaultAudit
import VaultBase
import VaultCore
import VaultCrypto
@testable import VaultLive
import VaultStore
import VaultTestSupport

/// A vault and a SIPREC server on loopback, for one test.
final class LiveFixture: @unchecked Sendable {
    let tmp = TemporaryDirectory("callvault-live")
    let vault: Vault
    let server: SIPRECServer
    let sipPort: Int
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// The server's clock: real time plus `skew`, which a test moves forward to make time pass.
    final class SkewedClock: @unchecked Sendable {
        private let lock = NSLock()
        private var skew = 0.0
        private var frozenAt: Double?
        func advance(by seconds: Double) { lock.withLock { skew += seconds } }
        /// Stops real time from passing (a test whose rule counts per second, on a loaded machine).
        func freeze() { lock.withLock { frozenAt = Date().timeIntervalSince1970 } }
        var now: Double { lock.withLock { (frozenAt ?? Date().timeIntervalSince1970) + skew } }
    }
    let clock = SkewedClock()

    init(maximumCalls: Int = 50, mediaTimeout: Double = 120, maximumSessionRate: Double? = 50) async throws {
        let configuration = VaultConfiguration(vaultURL: tmp.path("vault"), keyStoreURL: tmp.path("keys"), concurrency: 2)
        vault = try await OffPool.run { [configuration] in try Vault.create(configuration, actor: VaultActor(name: "tester", authentication: "local"), logger: LiveFixture.quiet).0 }
        // A range of its own per fixture, so tests running side by side do not contend for ports.
        let base = 40000 + 200 * Int.random(in: 0..<100)
        let holder = StoredHolder()
        server = try SIPRECServer(configuration: SIPRECConfiguration(sipHost: "127.0.0.1", sipPort: 0, mediaAddress: "127.0.0.1",
                                                                   rtpPorts: base...(base + 199), maximumCalls: maximumCalls,
                                                                   mediaTimeout: mediaTimeout, maximumSessionRate: maximumSessionRate),
                                  vault: vault, group: MultiThreadedEventLoopGroup.singleton, logger: Self.quiet,
                                  clock: { [clock] in clock.now }, onStored: { holder.append($0) })
        self.holder = holder
        sipPort = try await server.start()
    }

    private let holder: StoredHolder

    /// The sessions stored so far, waiting up to `timeout` seconds for at least `count`.
    func stored(atLeast count: Int, timeout: Double = 20) async -> [SIPRECServer.StoredCall] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let now = holder.all
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return holder.all
    }

    /// A recording session of an outbound call (labels 1 and 2, `outboundMetadata()`), answered
    /// and acknowledged: its client and an RTP sender to each answered port (customer, agent).
    func openOutboundCall() throws -> (src: TestSRC, customer: RTPSender, agent: RTPSender) {
        let src = try TestSRC(serverPort: sipPort)
        let answer = try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: outboundMetadata(), cseq: 1))
        try #require(answer.status == 200)
        try src.ack(cseq: 1)
        let ports = TestSRC.ports(inAnswer: answer.body)
        try #require(ports.count == 2 && ports.allSatisfy { $0 > 0 })
        return (src, try RTPSender(to: ports[0]), try RTPSender(to: ports[1]))
    }

    /// Sends `packets` 20 ms packets of a tone on each side, paced in real time, off the pool.
    static func talk(_ packets: Int, customer: RTPSender, agent: RTPSender) async throws {
        try await OffPool.run {
            let start = Date()
            for packet in 0..<packets {
                try customer.sendTone(1000)
                try agent.sendTone(440)
                Thread.sleep(until: start.addingTimeInterval(Double(packet + 1) * 0.02))
            }
        }
    }

    final class StoredHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [SIPRECServer.StoredCall] = []
        func append(_ call: SIPRECServer.StoredCall) { lock.withLock { calls.append(call) } }
        var all: [SIPRECServer.StoredCall] { lock.withLock { calls } }
    }
}

/// The recording metadata an SBC sends for an outbound call: the agent placed it and sends the
/// stream labelled 2, the customer sends the one labelled 1 (label 1 is not the caller).
func outboundMetadata(customer: String = "sip:+8613912345678@carrier.example;user=phone",
                      agent: String = "sip:agent1001@pbx.example", recordedCallID: String = "recorded-call-42@pbx.example",
                      sessionID: String = "urn:uuid:0e4a7c5c-2b1d-4c36-9d6e-6a2c1e3f0b01", startTime: String? = nil) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <recording xmlns="urn:ietf:params:xml:ns:recording:1">
      <datamode>complete</datamode>
      <session session_id="\(sessionID)">
        <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
        <extensiondata><callid>\(recordedCallID)</callid></extensiondata>\(startTime.map { "\n    <start-time>\($0)</start-time>" } ?? "")
      </session>
      <participant participant_id="agent-p">
        <nameID aor="\(agent)"><name xml:lang="en">Agent 1001</name></nameID>
      </participant>
      <participant participant_id="customer-p">
        <nameID aor="\(customer)"/>
      </participant>
      <stream stream_id="s-customer" session_id="\(sessionID)"><label>1</label></stream>
      <stream stream_id="s-agent" session_id="\(sessionID)"><label>2</label></stream>
      <participantstreamassoc participant_id="agent-p"><send>s-agent</send><recv>s-customer</recv></participantstreamassoc>
      <participantstreamassoc participant_id="customer-p"><send>s-customer</send><recv>s-agent</recv></participantstreamassoc>
    </recording>
    """
}

/// The level of `frequency` in `samples` (Goertzel), normalised to the signal's length.
func toneLevel(_ samples: ArraySlice<Int16>, frequency: Double, rate: Double) -> Double {
    let coefficient = 2 * cos(2 * Double.pi * frequency / rate)
    var s1 = 0.0, s2 = 0.0
    for sample in samples {
        let s0 = Double(sample) + coefficient * s1 - s2
        s2 = s1
        s1 = s0
    }
    let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
    return sqrt(max(0, power)) / Double(max(1, samples.count))
}

/// Decodes a stereo Ogg Opus file with ffmpeg into its two channels at `rate`.
func decodeStereo(_ url: URL, rate: Int) throws -> (left: [Int16], right: [Int16]) {
    let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", url.path, "-f", "s16le", "-ac", "2", "-ar", "\(rate)", "-"])
    guard result.status == 0 else { throw SRCError(message: "ffmpeg: \(result.stderr)") }
    let all = result.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    return (stride(from: 0, to: all.count - 1, by: 2).map { all[$0] }, stride(from: 1, to: all.count, by: 2).map { all[$0] })
}

@Suite("SIPREC recording server over real sockets")
struct SIPRECServerTests {
    @Test("a two-stream call is answered, recorded live and stored: caller left and callee right by the metadata, the customer as subject, a pause kept silent, key presses not rendered")
    func recordsACall() async throws {
        let fixture = try await LiveFixture()
        let src = try TestSRC(serverPort: fixture.sipPort)
        let sdp = TestSRC.offer(labels: ["1", "2"])
        let answer = try src.send(src.request("INVITE", sdp: sdp, metadata: outboundMetadata(), cseq: 1))
        #expect(answer.status == 200)
        #expect(answer.body.contains("a=recvonly"))
        try src.ack(cseq: 1)
        let ports = TestSRC.ports(inAnswer: answer.body)
        #expect(ports.count == 2 && ports.allSatisfy { $0 > 0 })
        let customer = try RTPSender(to: ports[0]), agent = try RTPSender(to: ports[1])

        // 0.0-0.6 s talking (with a key press), 0.6-1.0 s paused (a card number: another tone that
        // must never be stored), 1.0-1.6 s talking again. Sent in real time from a thread of its
        // own; what was really sent when (a loaded machine may fall behind the schedule) is what
        // the stored audio is checked against, as the receiver saw it.
        struct Sent: Sendable { var times: [Double]; var pausedAt: Double; var resumedAt: Double }
        let sent = try await OffPool.run { () throws -> Sent in
            let start = Date()
            var times: [Double] = [], pausedAt = 0.0, resumedAt = 0.0
            for packet in 0..<80 {
                if packet == 30 {
                    #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"], direction: "inactive"), metadata: nil)).status == 200)
                    pausedAt = Date().timeIntervalSince(start)
                }
                if packet == 50 {
                    resumedAt = Date().timeIntervalSince(start)
                    #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: nil)).status == 200)
                }
                times.append(Date().timeIntervalSince(start))
                let paused = (30..<50).contains(packet)
                try customer.sendTone(paused ? 2000 : 1000)
                try agent.sendTone(paused ? 2000 : 440)
                if packet == 10 { try customer.sendDTMF(5, end: false) }
                if packet == 12 { try customer.sendDTMF(5, end: true) }
                let next = start.addingTimeInterval(Double(packet + 1) * 0.02)
                if next > Date() { Thread.sleep(until: next) }
            }
            return Sent(times: times, pausedAt: pausedAt, resumedAt: resumedAt)
        }
        let (pausedAt, resumedAt, lastSent) = (sent.pausedAt, sent.resumedAt, sent.times.last!)
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)

        let stored = await fixture.stored(atLeast: 1)
        try #require(stored.count == 1)
        let recording = try stored[0].result.get()
        #expect(recording.channels == 2)
        #expect(abs(Double(recording.durationMs) / 1000 - (lastSent + 0.02)) < 0.1, "duration \(recording.durationMs) ms, sent over \(lastSent + 0.02) s")
        #expect(recording.subject == (try PhoneNumber(parsing: "+8613912345678")).masked)
        let expectedHash = try Subprocess.run("python3", ["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())",
                                                          "recorded-call-42@pbx.example"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recording.callIdSha256 == expectedHash)
        try #require(recording.pausedSpans.count == 1)
        // The pause starts when its answer was sent (at most the time the re-INVITE took) and ends
        // when the resuming re-INVITE arrived.
        #expect(recording.pausedSpans[0].startS >= pausedAt - 0.1 && recording.pausedSpans[0].startS <= pausedAt + 0.02, "\(recording.pausedSpans) paused at \(pausedAt)")
        #expect(abs(recording.pausedSpans[0].endS - resumedAt) < 0.1, "\(recording.pausedSpans) resumed at \(resumedAt)")

        let out = fixture.tmp.path("call.opus")
        _ = try await fixture.vault.recordings.exportAudio(try #require(RecordingID(recording.id)), to: out, actor: VaultActor(name: "tester", authentication: "local"))
        let (left, right) = try decodeStereo(out, rate: 16000)
        func frames(_ from: Double, _ to: Double) -> Range<Int> { Int(from * 16000)..<max(Int(from * 16000) + 1, Int(to * 16000)) }
        let talk = frames(sent.times[10], sent.times[28])
        let keyPress = frames(sent.times[10], sent.times[14])
        let pause = frames(pausedAt + 0.05, resumedAt - 0.05)
        #expect(toneLevel(left[talk], frequency: 440, rate: 16000) > 10 * toneLevel(left[talk], frequency: 1000, rate: 16000))
        #expect(toneLevel(right[talk], frequency: 1000, rate: 16000) > 10 * toneLevel(right[talk], frequency: 440, rate: 16000))
        // The key press went as RFC 4733 events: its tones (770 + 1336 Hz for 5) are not in the audio.
        #expect(toneLevel(right[keyPress], frequency: 1336, rate: 16000) < 0.05 * toneLevel(right[keyPress], frequency: 1000, rate: 16000))
        for channel in [left, right] {
            #expect(toneLevel(channel[pause], frequency: 2000, rate: 16000) < 0.05 * toneLevel(channel[talk], frequency: channel == left ? 440 : 1000, rate: 16000))
        }
        #expect(fixture.server.openSessions == 0)
        await fixture.server.shutdown()
    }

    @Test("the SRC's rs-metadata (the INVITE's, then a re-INVITE's update) is kept sealed with the recording, byte for byte and in order; a body sent again unchanged is kept once; the recorded call's start-time is a fact of the recording")
    func keepsTheMetadata() async throws {
        let fixture = try await LiveFixture()
        let src = try TestSRC(serverPort: fixture.sipPort)
        // The recorded call started before its recording (the SBC says when).
        let first = outboundMetadata(startTime: "2026-12-06T01:59:30.250Z")
        let answer = try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: first, cseq: 1))
        try #require(answer.status == 200)
        try src.ack(cseq: 1)
        let ports = TestSRC.ports(inAnswer: answer.body)
        let customer = try RTPSender(to: ports[0]), agent = try RTPSender(to: ports[1])
        try await LiveFixture.talk(10, customer: customer, agent: agent)
        // The call was transferred: the update names another agent (a partial update, as SBCs send them).
        let update = outboundMetadata(agent: "sip:agent2002@pbx.example").replacingOccurrences(of: "<datamode>complete</datamode>", with: "<datamode>partial</datamode>")
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: update)).status == 200)
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: update)).status == 200)
        try await LiveFixture.talk(10, customer: customer, agent: agent)
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)

        let stored = await fixture.stored(atLeast: 1)
        let recording = try #require(try stored.first?.result.get())
        let id = try #require(RecordingID(recording.id))
        let metadata = try await fixture.vault.recordings.readRSMetadata(id, actor: VaultActor(name: "tester", authentication: "local"))
        #expect(metadata.documents.map(\.xml) == [first, update])
        #expect(metadata.documents.map(\.sha256) == [first, update].map { SHA256Hasher.hash(Array($0.utf8)).hexString })
        let facts = try JSONSerialization.jsonObject(with: Data((try fixture.vault.recording(id).metadata ?? "{}").utf8)) as? [String: String]
        #expect(facts?["siprec_call_started_at"] == "2026-12-06T01:59:30.250Z", "\(facts ?? [:])")
        await fixture.server.shutdown()
    }

    @Test("a delayed offer (INVITE with metadata, no SDP) is offered in the 200 OK and recorded from the ACK's answer: caller and callee by the metadata's labels")
    func delayedOffer() async throws {
        let fixture = try await LiveFixture()
        let src = try TestSRC(serverPort: fixture.sipPort)
        let ok = try src.send(src.request("INVITE", sdp: nil, metadata: outboundMetadata(), cseq: 1))
        try #require(ok.status == 200, "\(ok)")
        #expect(ok.body.contains("a=label:1") && ok.body.contains("a=label:2") && ok.body.contains("a=recvonly"))
        let ports = TestSRC.ports(inAnswer: ok.body)
        try #require(ports.count == 2 && ports.allSatisfy { $0 > 0 })
        // The ACK carries the answer: PCMU on both lines, sent from the SRC.
        try src.ack(cseq: 1, sdp: TestSRC.offer(labels: ["1", "2"]))
        let customer = try RTPSender(to: ports[0]), agent = try RTPSender(to: ports[1])
        try await LiveFixture.talk(50, customer: customer, agent: agent)
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)

        let stored = await fixture.stored(atLeast: 1)
        let recording = try #require(try stored.first?.result.get())
        #expect(recording.channels == 2 && abs(Double(recording.durationMs) / 1000 - 1.0) < 0.15, "\(recording.durationMs) ms")
        #expect(recording.subject == (try PhoneNumber(parsing: "+8613912345678")).masked)
        let out = fixture.tmp.path("delayed.opus")
        _ = try await fixture.vault.recordings.exportAudio(try #require(RecordingID(recording.id)), to: out, actor: VaultActor(name: "tester", authentication: "local"))
        let (left, right) = try decodeStereo(out, rate: 16000)
        let talk = 4000..<12000
        // The agent (label 2) placed the call: left; the customer (label 1): right.
        #expect(toneLevel(left[talk], frequency: 440, rate: 16000) > 10 * toneLevel(left[talk], frequency: 1000, rate: 16000))
        #expect(toneLevel(right[talk], frequency: 1000, rate: 16000) > 10 * toneLevel(right[talk], frequency: 440, rate: 16000))
        #expect(fixture.server.openSessions == 0)
        await fixture.server.shutdown()
    }

    @Test("a delayed offer whose ACK never comes: its 200 OK is sent again over UDP, and after 64 × T1 (32 s) the session gets a BYE and its call slot is free; an ACK with no answer is hung up with a BYE")
    func delayedOfferWithoutAnswer() async throws {
        let fixture = try await LiveFixture(maximumCalls: 1)
        let silent = try TestSRC(serverPort: fixture.sipPort)
        #expect(try silent.send(silent.request("INVITE", sdp: nil, metadata: outboundMetadata(), cseq: 1)).status == 200)
        // Unacknowledged, the 200 OK comes again (T1 = 0.5 s, doubling).
        let retransmitted = try silent.sip.receive(timeout: 2).map { String(decoding: $0, as: UTF8.self) }
        #expect(retransmitted?.hasPrefix("SIP/2.0 200") == true, "\(retransmitted ?? "nothing")")
        let other = try TestSRC(serverPort: fixture.sipPort)
        #expect(try other.send(other.request("INVITE", sdp: nil, metadata: outboundMetadata(sessionID: "urn:uuid:1"), cseq: 1)).status == 503)
        fixture.clock.advance(by: 33)
        #expect(try silent.awaitRequest(timeout: 3)?.hasPrefix("BYE ") == true)
        let again = try TestSRC(serverPort: fixture.sipPort)
        #expect(try again.send(again.request("INVITE", sdp: nil, metadata: outboundMetadata(sessionID: "urn:uuid:2"), cseq: 1)).status == 200)
        // Its ACK has no answer: the server sends a BYE, and the slot is free again.
        try again.ack(cseq: 1)
        #expect(try again.awaitRequest(timeout: 3)?.hasPrefix("BYE ") == true)
        let last = try TestSRC(serverPort: fixture.sipPort)
        #expect(try last.send(last.request("INVITE", sdp: nil, metadata: outboundMetadata(sessionID: "urn:uuid:3"), cseq: 1)).status == 200)
        #expect(await fixture.stored(atLeast: 1, timeout: 0.5).isEmpty)
        await fixture.server.shutdown()
    }

    @Test("a session whose media stops without a BYE is ended by the server after the media timeout: it sends the SRC a BYE and stores what arrived, noted")
    func mediaTimeout() async throws {
        let fixture = try await LiveFixture(mediaTimeout: 300)
        let (src, customer, agent) = try fixture.openOutboundCall()
        let sentFor = try await OffPool.run { () throws -> Double in
            let start = Date()
            for packet in 0..<25 {
                try customer.sendTone(1000)
                try agent.sendTone(440)
                Thread.sleep(until: start.addingTimeInterval(Double(packet + 1) * 0.02))
            }
            return Date().timeIntervalSince(start)
        }
        // 240 s of the server's time without media, and a real second: nothing happens yet. The
        // clock is real time plus a skew, so the 60 s left are what a loaded machine may spend
        // between the last packet and this check (under a full run, 5 s were once not enough).
        fixture.clock.advance(by: 240)
        #expect(try src.awaitRequest(timeout: 1.0) == nil)
        #expect(fixture.server.openSessions == 1)
        // Past 300 s: the server sends BYE in the dialog and stores the half-second it received.
        fixture.clock.advance(by: 61)
        let bye = try #require(try src.awaitRequest(timeout: 5))
        #expect(bye.hasPrefix("BYE sip:src@127.0.0.1:"))
        #expect(bye.contains("Call-ID: \(src.callID)\r\n"))
        #expect(bye.contains("CSeq: 1 BYE\r\n"))
        #expect(bye.contains(";tag=\(src.toTag ?? "?")"))
        let stored = await fixture.stored(atLeast: 1)
        try #require(stored.count == 1)
        let recording = try stored[0].result.get()
        #expect(abs(Double(recording.durationMs) / 1000 - sentFor) < 0.1, "\(recording.durationMs) ms, sent for \(sentFor) s")
        #expect(recording.notes?.contains("without media") == true, "\(recording.notes ?? "no notes")")
        // The session is gone: a BYE from the SRC now finds no dialog.
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 481)
        await fixture.server.shutdown()
    }

    @Test("session timers (RFC 4028): one the SRC lets run out ends with the server's BYE before it expires, stored and noted; one the recorder refreshes gets an UPDATE at half its interval")
    func sessionTimers() async throws {
        let fixture = try await LiveFixture(mediaTimeout: 1000)
        let src = try TestSRC(serverPort: fixture.sipPort)
        let offer = TestSRC.offer(labels: ["1", "2"])
        let answer = try src.send(src.request("INVITE", sdp: offer, metadata: outboundMetadata(), cseq: 1,
                                              headers: ["Supported: timer", "Session-Expires: 90"]))
        #expect(answer.status == 200 && answer.headers.contains("Session-Expires: 90;refresher=uac") && answer.headers.contains("Require: timer"))
        try src.ack(cseq: 1)
        // A refresh at 40 s starts the interval again.
        fixture.clock.advance(by: 40)
        #expect(try src.send(src.request("INVITE", sdp: offer, metadata: nil, headers: ["Supported: timer", "Session-Expires: 90"])).status == 200)
        fixture.clock.advance(by: 40)
        #expect(try src.awaitRequest(timeout: 1.0) == nil)  // 40 s after the refresh: before 90 - 30
        fixture.clock.advance(by: 25)
        let bye = try #require(try src.awaitRequest(timeout: 5))
        #expect(bye.hasPrefix("BYE sip:src@127.0.0.1:"))
        let stored = await fixture.stored(atLeast: 1)
        let recording = try #require(stored.first).result
        #expect((try? recording.get())?.notes?.contains("did not refresh its 90 s session timer") == true, "\(recording)")

        // An SRC that does not support timers (a proxy added Session-Expires): the recorder refreshes.
        let other = try TestSRC(serverPort: fixture.sipPort)
        let second = try other.send(other.request("INVITE", sdp: offer, metadata: outboundMetadata(sessionID: "urn:uuid:5d1c0b6e-0000-4000-8000-000000000002"),
                                                  cseq: 1, headers: ["Session-Expires: 120"]))
        #expect(second.status == 200 && second.headers.contains("Session-Expires: 120;refresher=uas") && !second.headers.contains("Require: timer"))
        try other.ack(cseq: 1)
        fixture.clock.advance(by: 61)
        let update = try #require(try other.awaitRequest(timeout: 5))
        #expect(update.hasPrefix("UPDATE sip:src@127.0.0.1:") && update.contains("Session-Expires: 120;refresher=uas"), "\(update)")
        #expect(fixture.server.openSessions == 1)
        #expect(try other.send(other.request("BYE", sdp: nil, metadata: nil)).status == 200)
        #expect(await fixture.stored(atLeast: 2).count == 2)
        await fixture.server.shutdown()
    }

    @Test("a flood of new sessions from one address is held to its rate (503 with Retry-After, audited with the reason); retransmissions, other addresses and calls already open are not")
    func perSourceRate() async throws {
        let fixture = try await LiveFixture(maximumSessionRate: 3)
        // The eight INVITEs fall in one instant of the server's clock however slowly a loaded
        // machine sends them (real time let the bucket refill between them).
        fixture.clock.freeze()
        let offer = TestSRC.offer(labels: ["1", "2"])
        var statuses: [Int] = []
        var first: TestSRC?
        for i in 0..<8 {
            let src = try TestSRC(serverPort: fixture.sipPort)
            let invite = src.request("INVITE", sdp: offer, metadata: outboundMetadata(sessionID: "urn:uuid:00000000-0000-4000-8000-00000000000\(i)"), cseq: 1)
            let answer = try src.send(invite)
            statuses.append(answer.status)
            if i == 0 {
                first = src
                // Its retransmission is answered again, not counted.
                #expect(try src.send(invite).status == 200)
            }
            if answer.status == 503 { #expect(answer.headers.contains("Retry-After: 1")) }
        }
        #expect(statuses.prefix(3).allSatisfy { $0 == 200 } && statuses.dropFirst(3).contains(503), "\(statuses)")
        // Another address is not held back; the open call goes on (its BYE is in its dialog).
        let elsewhere = try TestSRC(serverPort: fixture.sipPort, localAddress: "127.0.0.2")
        #expect(try elsewhere.send(elsewhere.request("INVITE", sdp: offer, metadata: outboundMetadata(sessionID: "urn:uuid:00000000-0000-4000-8000-0000000000aa"), cseq: 1)).status == 200)
        #expect(try first!.send(first!.request("BYE", sdp: nil, metadata: nil)).status == 200)
        // Refusals are audited once each, with the reason in words.
        var refused: [AuditEntry] = []
        for _ in 0..<100 {
            refused = try await fixture.vault.audit.entries(action: "recording.live.refused")
            if refused.count == statuses.filter({ $0 == 503 }).count { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(refused.count == statuses.filter { $0 == 503 }.count)
        #expect(refused.allSatisfy { $0.detail["reason"] == "more than 3 new sessions a second from this address" }, "\(refused.map(\.detail))")
        await fixture.server.shutdown()
    }

    @Test("the same recorded session from two SRCs at once (a fork) is one recording, not two")
    func forkedSession() async throws {
        let fixture = try await LiveFixture()
        let first = try TestSRC(serverPort: fixture.sipPort), second = try TestSRC(serverPort: fixture.sipPort)
        var senders: [(RTPSender, RTPSender)] = []
        for src in [first, second] {
            let answer = try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: outboundMetadata(), cseq: 1))
            try #require(answer.status == 200)
            try src.ack(cseq: 1)
            let ports = TestSRC.ports(inAnswer: answer.body)
            senders.append((try RTPSender(to: ports[0]), try RTPSender(to: ports[1])))
        }
        #expect(fixture.server.openSessions == 2)
        let pairs = senders
        let sentFor = try await OffPool.run { () throws -> Double in
            let start = Date()
            for packet in 0..<40 {
                for (customer, agent) in pairs {
                    try customer.sendTone(1000)
                    try agent.sendTone(440)
                }
                Thread.sleep(until: start.addingTimeInterval(Double(packet + 1) * 0.02))
            }
            return Date().timeIntervalSince(start)
        }
        #expect(try first.send(first.request("BYE", sdp: nil, metadata: nil)).status == 200)
        #expect(try second.send(second.request("BYE", sdp: nil, metadata: nil)).status == 200)
        let stored = await fixture.stored(atLeast: 1)
        try await Task.sleep(for: .milliseconds(500))  // a second recording would have come by now
        #expect(await fixture.stored(atLeast: 2, timeout: 0).count == 1)
        let recording = try #require(try stored.first?.result.get())
        #expect(abs(Double(recording.durationMs) / 1000 - sentFor) < 0.1, "\(recording.durationMs) ms, sent for \(sentFor) s")
        #expect(recording.notes?.contains("more than one SIPREC session") == true, "\(recording.notes ?? "no notes")")
        await fixture.server.shutdown()
    }

    @Test("a pause from the API (PCI) holds until the API resumes, whatever the SRC's re-INVITEs say; both are audited, and the call is stored under the id it was listed with")
    func apiPause() async throws {
        let fixture = try await LiveFixture()
        let (src, customer, agent) = try fixture.openOutboundCall()
        let recorder = VaultActor(name: "payment-ivr", authentication: "token")
        func talk(_ packets: Int) async throws { try await LiveFixture.talk(packets, customer: customer, agent: agent) }
        try await talk(15)
        let listed = fixture.server.liveCalls()
        try #require(listed.count == 1)
        #expect(!listed[0].paused && listed[0].pausedBy.isEmpty)
        #expect(listed[0].callIdSha256 == SHA256Hasher.hash(Array("recorded-call-42@pbx.example".utf8)).hexString)
        let id = try #require(RecordingID(listed[0].id))

        let paused = try await fixture.server.setPaused(true, recording: id, actor: recorder)
        #expect(paused.paused && paused.pausedBy == ["api"])
        try await talk(10)  // a card number: never kept
        // The SRC pauses and resumes too; the API's pause still holds.
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"], direction: "inactive"), metadata: nil)).status == 200)
        #expect(fixture.server.liveCalls().first?.pausedBy == ["api", "sip"])
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: nil)).status == 200)
        #expect(fixture.server.liveCalls().first?.pausedBy == ["api"])
        try await talk(10)  // still paused
        let resumed = try await fixture.server.setPaused(false, recording: id, actor: recorder)
        #expect(!resumed.paused)
        try await talk(15)
        // An id that is no live call is not found.
        await #expect(throws: VaultError.self) { try await fixture.server.setPaused(true, recording: RecordingID(), actor: recorder) }
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)

        let stored = await fixture.stored(atLeast: 1)
        let recording = try #require(try stored.first?.result.get())
        #expect(recording.id == id.description)
        // One span, from the API's pause to its resume: after 0.3 s of talk, at least 0.4 s long.
        try #require(recording.pausedSpans.count == 1, "\(recording.pausedSpans)")
        let span = recording.pausedSpans[0]
        // (Bounds only: a loaded machine stretches the sleeps, never shortens them.)
        #expect(span.startS >= 0.28 && span.endS - span.startS >= 0.38, "\(span)")
        #expect(fixture.server.liveCalls().isEmpty)
        let entries = try await fixture.vault.audit.entries(target: id.description)
        #expect(entries.map(\.action).filter { $0.hasPrefix("recording.live") } == ["recording.live.pause", "recording.live.resume"],
                "\(entries.map(\.action))")
        #expect(entries.first { $0.action == "recording.live.pause" }?.actor == "payment-ivr")
        // The call has ended: it is no longer live, so not found.
        await #expect(throws: VaultError.self) { try await fixture.server.setPaused(false, recording: id, actor: recorder) }
        await fixture.server.shutdown()
    }

    @Test("a pause longer than the media timeout (a card payment) does not end the call: the timeout counts from the resume")
    func longPause() async throws {
        let fixture = try await LiveFixture(mediaTimeout: 300)
        let (src, customer, agent) = try fixture.openOutboundCall()
        func talk(_ packets: Int) async throws { try await LiveFixture.talk(packets, customer: customer, agent: agent) }
        try await talk(10)
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"], direction: "inactive"), metadata: nil)).status == 200)
        fixture.clock.advance(by: 90)  // three media timeouts of silence while paused
        #expect(try src.awaitRequest(timeout: 1.5) == nil)
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: nil)).status == 200)
        try await talk(10)
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)
        let stored = await fixture.stored(atLeast: 1)
        let recording = try #require(try stored.first?.result.get())
        try #require(recording.pausedSpans.count == 1)
        #expect(recording.pausedSpans[0].endS - recording.pausedSpans[0].startS > 89, "\(recording.pausedSpans)")
        #expect(recording.notes?.contains("without media") != true, "\(recording.notes ?? "")")
        await fixture.server.shutdown()
    }

    @Test("a session with nothing recordable is answered 488 and audited once, however often its INVITE is retransmitted")
    func refusalAudited() async throws {
        let fixture = try await LiveFixture()
        let src = try TestSRC(serverPort: fixture.sipPort)
        // G.729 only: no line this recorder decodes.
        let sdp = "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 31000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\na=label:1\r\na=sendonly\r\n"
        let invite = src.request("INVITE", sdp: sdp, metadata: outboundMetadata(), cseq: 1)
        #expect(try src.send(invite).status == 488)
        #expect(try src.send(invite).status == 488)  // the same INVITE again (a retransmission)
        var refused: [AuditEntry] = []
        // The audit entry is written by a task on the cooperative pool, which the whole suite
        // shares on two cores: its first appearance is waited for generously (a normal run sees
        // it in milliseconds); the wait ends as soon as it is there.
        let deadline = Date().addingTimeInterval(60)
        repeat {
            refused = try await fixture.vault.audit.entries(action: "recording.live.refused")
            if !refused.isEmpty { try await Task.sleep(for: .milliseconds(200)); refused = try await fixture.vault.audit.entries(action: "recording.live.refused"); break }
            try await Task.sleep(for: .milliseconds(20))
        } while Date() < deadline
        try #require(refused.count == 1)
        #expect(refused[0].outcome == "denied")
        #expect(refused[0].detail["sip_status"] == "488" && refused[0].detail["client"] == "127.0.0.1")
        #expect(fixture.server.openSessions == 0)
        await fixture.server.shutdown()
    }
}
