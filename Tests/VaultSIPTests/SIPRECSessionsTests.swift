import Testing
@testable import VaultSIP

@Suite("SIPREC sessions: the signalling state machine")
struct SIPRECSessionsTests {
    func table(maximum: Int = 10) -> SIPRECSessions {
        SIPRECSessions(address: "192.0.2.10", maximumSessions: maximum) { ["PCMU", "PCMA", "G722", "opus"].contains($0.name.uppercased()) || $0.name == "opus" }
    }

    /// Ports from 20000 up, two a stream.
    final class Ports {
        var next = 20000
        func allocate(_ n: Int) -> [Int]? { defer { next += 2 * n }; return (0..<n).map { next + 2 * $0 } }
    }

    func request(_ method: String, cseq: Int, toTag: String? = nil, callID: String = "call-1", branch: String = "z9hG4bK1",
                 type: String? = nil, body: String = "") throws -> SIPMessage {
        var text = "\(method) sip:recorder@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.1:5060;branch=\(branch)\r\n"
            + "From: <sip:src@198.51.100.1>;tag=src1\r\nTo: <sip:recorder@192.0.2.10>\(toTag.map { ";tag=\($0)" } ?? "")\r\n"
            + "Call-ID: \(callID)\r\nCSeq: \(cseq) \(method)\r\n"
        if let type { text += "Content-Type: \(type)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        return try SIPMessage.parse(Array(text.utf8))
    }

    func sent(_ actions: [SIPRECSessions.Action]) -> SIPMessage? {
        for case .send(let message) in actions { return message }
        return nil
    }

    @Test("an INVITE starts one recording, answered recvonly on allocated ports; its retransmission starts nothing")
    func invite() throws {
        var sessions = table()
        let ports = Ports()
        let invite = try SIPMessage.parse(siprecInvite())
        let actions = sessions.handle(invite, allocate: ports.allocate)
        let ok = try #require(sent(actions))
        #expect(ok.status == 200 && SIPMessage.tag(of: ok["To"]!) != nil && ok["Contact"] != nil)
        let answer = try SessionDescription.parse(String(decoding: ok.body, as: UTF8.self))
        #expect(answer.media.map(\.port) == [20000, 20002, 0])  // the video line refused
        #expect(answer.media.prefix(2).allSatisfy { $0.direction == .recvonly })
        guard case .start(let callID, let offer, let streams)? = actions.dropFirst().first else { Issue.record("no start: \(actions)"); return }
        #expect(callID == invite["Call-ID"] && offer.metadata?.callID == "d253c800-b0d1ea39-4a7dd-3f0e20a")
        #expect(streams.map(\.label) == ["96", "97"] && streams.map(\.port) == [20000, 20002])
        let again = sessions.handle(invite, allocate: ports.allocate)
        #expect(again == [.send(ok)])
        #expect(sessions.openSessions == 1 && ports.next == 20004)
        #expect(sessions.handle(try request("ACK", cseq: 101), allocate: ports.allocate).isEmpty)
    }

    @Test("a re-INVITE with every line inactive pauses, sendonly resumes; new metadata is passed on; BYE stops once")
    func inDialog() throws {
        var sessions = table()
        let ports = Ports()
        let invite = try SIPMessage.parse(siprecInvite())
        let tag = SIPMessage.tag(of: sent(sessions.handle(invite, allocate: ports.allocate))!["To"]!)!
        let callID = invite["Call-ID"]!
        func sdp(_ direction: String) -> String {
            // The same three media lines as the INVITE (an answer never drops one, RFC 3264 §8).
            "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 12240 RTP/AVP 0\r\na=label:96\r\na=\(direction)\r\nm=audio 12242 RTP/AVP 0\r\na=label:97\r\na=\(direction)\r\n"
                + "m=video 12244 RTP/AVP 31\r\na=label:98\r\na=\(direction)\r\n"
        }
        let pause = sessions.handle(try request("INVITE", cseq: 102, toTag: tag, callID: callID, branch: "b2", type: "application/sdp", body: sdp("inactive")), allocate: ports.allocate)
        #expect(pause.dropFirst() == [.pause(callID: callID)])
        #expect(String(decoding: sent(pause)!.body, as: UTF8.self).contains("a=inactive"))
        let resume = sessions.handle(try request("INVITE", cseq: 103, toTag: tag, callID: callID, branch: "b3", type: "application/sdp", body: sdp("sendonly")), allocate: ports.allocate)
        #expect(resume.dropFirst() == [.resume(callID: callID)])
        let xml = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode></recording>"
        let update = sessions.handle(try request("UPDATE", cseq: 104, toTag: tag, callID: callID, branch: "b4", type: "application/rs-metadata+xml", body: xml), allocate: ports.allocate)
        guard case .updateMetadata(_, let metadata, _)? = update.dropFirst().first else { Issue.record("no update: \(update)"); return }
        #expect(metadata.dataMode == "partial" && sent(update)?.status == 200)
        let bye = try request("BYE", cseq: 105, toTag: tag, callID: callID, branch: "b5")
        #expect(sessions.handle(bye, allocate: ports.allocate).dropFirst() == [.stop(callID: callID)])
        #expect(sessions.handle(bye, allocate: ports.allocate).count == 1)  // the retransmitted BYE: its 200 again, no second stop
        #expect(sent(sessions.handle(try request("BYE", cseq: 106, toTag: tag, callID: callID, branch: "b6"), allocate: ports.allocate))?.status == 481)
        #expect(sessions.openSessions == 0)
    }

    @Test("a delayed offer (an INVITE without SDP): the 200 OK offers a recvonly line per metadata stream with its label; the ACK's answer starts the session with the lines and codecs it accepted")
    func delayedOffer() throws {
        var sessions = table()
        let ports = Ports()
        let xml = """
            <recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode>
            <stream stream_id='s1'><label>a1</label></stream><stream stream_id='s2'><label>a2</label></stream></recording>
            """
        let invite = try request("INVITE", cseq: 1, type: "application/rs-metadata+xml", body: xml)
        let actions = sessions.handle(invite, allocate: ports.allocate)
        let ok = try #require(sent(actions))
        #expect(ok.status == 200 && ok["Content-Type"] == "application/sdp")
        #expect(actions.dropFirst() == [.reserve(callID: "call-1")])
        let offer = try SessionDescription.parse(String(decoding: ok.body, as: UTF8.self))
        #expect(offer.media.map(\.port) == [20000, 20002] && offer.media.map(\.label) == ["a1", "a2"])
        #expect(offer.media.allSatisfy { $0.direction == .recvonly && $0.formats.contains(0) && $0.encodings[111]?.name == "opus" })
        // A retransmitted INVITE gets the same offer and reserves nothing more.
        #expect(sessions.handle(invite, allocate: ports.allocate) == [.send(ok)] && ports.next == 20004)
        let tag = try #require(SIPMessage.tag(of: ok["To"]!))
        // The answer: PCMA on the first line, the second refused (port 0).
        let answer = "v=0\r\no=src 1 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\nm=audio 0 RTP/AVP 0\r\n"
        let started = sessions.handle(try request("ACK", cseq: 1, toTag: tag, branch: "z9hG4bK2", type: "application/sdp", body: answer), allocate: ports.allocate)
        guard case .start(let callID, let startedOffer, let streams)? = started.first, started.count == 1 else { Issue.record("no start: \(started)"); return }
        #expect(callID == "call-1" && streams.map(\.port) == [20000] && streams.map(\.format) == [8] && streams.map(\.label) == ["a1"])
        #expect(startedOffer.metadata?.streams.map(\.label) == ["a1", "a2"] && startedOffer.sdp?.media.first?.label == "a1")
        // A second ACK (a retransmission) starts nothing; the session goes on as any other.
        #expect(sessions.handle(try request("ACK", cseq: 1, toTag: tag, branch: "z9hG4bK2", type: "application/sdp", body: answer), allocate: ports.allocate).isEmpty)
        #expect(sessions.handle(try request("BYE", cseq: 2, toTag: tag), allocate: ports.allocate).dropFirst() == [.stop(callID: "call-1")])

        // Without metadata: two unlabelled lines. An ACK without an answer, or one refusing every line, hangs up.
        for (n, body) in [(2, ""), (3, "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 0 RTP/AVP 0\r\nm=audio 0 RTP/AVP 0\r\n")] {
            let bare = sessions.handle(try request("INVITE", cseq: 1, callID: "call-\(n)"), allocate: ports.allocate)
            let offered = try SessionDescription.parse(String(decoding: try #require(sent(bare)).body, as: UTF8.self))
            #expect(offered.media.count == 2 && offered.media.allSatisfy { $0.label == nil })
            let bareTag = try #require(SIPMessage.tag(of: sent(bare)!["To"]!))
            let ack = sessions.handle(try request("ACK", cseq: 1, toTag: bareTag, callID: "call-\(n)", type: body.isEmpty ? nil : "application/sdp", body: body),
                                      allocate: ports.allocate)
            #expect(ack == [.hangUp(callID: "call-\(n)")])
            #expect(sessions.bye(callID: "call-\(n)", sentBy: "SIP/2.0/UDP 192.0.2.10:5060", branch: "z9hG4bKbye")?.method == "BYE")
        }
        #expect(sessions.openSessions == 0)
    }

    @Test("refusals: only codecs the vault cannot decode or SRTP (488), a broken body (400), full (503), an unknown method (405)")
    func refusals() throws {
        var sessions = table(maximum: 1)
        let ports = Ports()
        let g729 = "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 4000 RTP/AVP 18\r\n"
        #expect(sent(sessions.handle(try request("INVITE", cseq: 1, callID: "a", type: "application/sdp", body: g729), allocate: ports.allocate))?.status == 488)
        let srtp = "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x\r\n"
        #expect(sent(sessions.handle(try request("INVITE", cseq: 1, callID: "b", type: "application/sdp", body: srtp), allocate: ports.allocate))?.status == 488)
        #expect(sent(sessions.handle(try request("INVITE", cseq: 1, callID: "d", type: "application/sdp", body: "m=audio x"), allocate: ports.allocate))?.status == 400)
        let pcmu = "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 4000 RTP/AVP 0\r\n"
        #expect(sent(sessions.handle(try request("INVITE", cseq: 1, callID: "e", type: "application/sdp", body: pcmu), allocate: ports.allocate))?.status == 200)
        let full = sent(sessions.handle(try request("INVITE", cseq: 1, callID: "f", type: "application/sdp", body: pcmu), allocate: ports.allocate))
        #expect(full?.status == 503 && full?["Retry-After"] != nil)
        #expect(sent(sessions.handle(try request("REFER", cseq: 2, callID: "e"), allocate: ports.allocate))?.status == 405)
        #expect(sent(sessions.handle(try request("OPTIONS", cseq: 1, callID: "o"), allocate: ports.allocate))?.status == 200)
        var noPorts = table()
        #expect(sent(noPorts.handle(try request("INVITE", cseq: 1, callID: "g", type: "application/sdp", body: pcmu), allocate: { _ in nil }))?.status == 503)
        #expect(noPorts.openSessions == 0)
    }

    @Test("the server's own BYE for a session it ends: to the SRC's Contact, From and To swapped with our tag, CSeq of our own; then the session is gone")
    func serverBye() throws {
        var sessions = table()
        let invite = try SIPMessage.parse(siprecInvite())
        let callID = try #require(invite["Call-ID"])
        let actions = sessions.handle(invite, allocate: Ports().allocate)
        let ok = try #require(sent(actions))
        let made = sessions.bye(callID: callID, sentBy: "SIP/2.0/UDP 192.0.2.10:5060", branch: "z9hG4bKserver1")
        let bye = try #require(made)
        #expect(bye.method == "BYE")
        if case .request(_, let uri) = bye.startLine { #expect(uri == SIPRECSessions.uri(of: invite["Contact"] ?? invite["From"]!)) }
        #expect(bye["From"] == ok["To"] && bye["To"] == invite["From"])
        #expect(bye["Call-ID"] == callID && bye["CSeq"] == "1 BYE")
        #expect(bye["Via"] == "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKserver1")
        #expect(sessions.openSessions == 0)
        let again = sessions.bye(callID: callID, sentBy: "SIP/2.0/UDP 192.0.2.10:5060", branch: "z9hG4bKserver2")
        #expect(again == nil)
        // The SRC's own BYE afterwards finds no dialog.
        let late = try request("BYE", cseq: 9, toTag: SIPMessage.tag(of: ok["To"]!), callID: callID)
        let lateActions = sessions.handle(late, allocate: Ports().allocate)
        #expect(sent(lateActions)?.status == 481)
    }

    @Test("a Contact's URI, with or without angle brackets and parameters", arguments: [
        ("<sip:src@198.51.100.1:5070;transport=udp>;expires=60", "sip:src@198.51.100.1:5070;transport=udp"),
        ("sip:src@198.51.100.1;ob", "sip:src@198.51.100.1"), ("\"SBC\" <sips:sbc.example>", "sips:sbc.example"),
    ])
    func contactURI(value: String, uri: String) {
        #expect(SIPRECSessions.uri(of: value) == uri)
    }
}
