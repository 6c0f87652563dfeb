import Testing
@testable import VaultSIP

/// Inputs a review found that trapped or misled the parsers and the session table.
@Suite("Hostile and truncated SIP input")
struct HostileInputTests {
    func parse(_ text: String) throws -> SIPMessage { try SIPMessage.parse(Array(text.utf8)) }

    @Test("an empty Content-Type, or a part's, is malformed, never a trap")
    func emptyContentType() throws {
        let message = try parse("INVITE sip:r SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nContent-Type:\r\nContent-Length: 3\r\n\r\nabc")
        #expect(message.mediaType == nil)
        #expect(throws: SIPError.self) { try SIPRECOffer(message) }
        let body = "--b\r\nContent-Type: ;\r\n\r\nv=0\r\n--b--\r\n"
        let part = try parse("INVITE sip:r SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nContent-Type: multipart/mixed;boundary=b\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(try SIPRECOffer(part).sdp == nil)
    }

    @Test("SDP lines made of slashes are malformed, never a trap", arguments: ["v=0\r\nc=IN IP4 /\r\n", "v=0\r\nm=audio / RTP/AVP 0\r\n", "v=0\r\nc=IN IP4 //\r\n"])
    func slashes(_ text: String) {
        #expect(throws: SIPError.self) { try SessionDescription.parse(text) }
    }

    @Test("a capture's SDP cut short keeps the lines it has (lenient), a live one is refused")
    func lenient() throws {
        let cut = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-ev"
        #expect(throws: SIPError.self) { try SessionDescription.parse(cut) }
        #expect(try SessionDescription.parse(cut, lenient: true).media.first?.port == 4000)
    }

    @Test("a stream's huge or conflicting Content-Length is refused, never an overflow or a desync")
    func framerLengths() throws {
        var huge = SIPStreamFramer()
        huge.append(Array("BYE sip:x SIP/2.0\r\nCall-ID: y\r\nContent-Length: 9223372036854775807\r\n\r\n".utf8))
        #expect(throws: SIPError.self) { try huge.next() }
        var twice = SIPStreamFramer()
        twice.append(Array("BYE sip:x SIP/2.0\r\nCall-ID: y\r\nContent-Length: 0\r\nContent-Length: 200\r\n\r\n".utf8))
        #expect(throws: SIPError.self) { try twice.next() }
        #expect(throws: SIPError.self) { try parse("BYE sip:x SIP/2.0\r\nCall-ID: y\r\nl: 0\r\nContent-Length: 4\r\n\r\nabcd") }
    }

    @Test("the session table: an empty Via, a BYE without the dialog's tag, a re-INVITE with other lines, an expired session")
    func sessions() throws {
        var table = SIPRECSessions(address: "192.0.2.10", maximumSessions: 1) { $0.name == "PCMU" }
        var next = 30000
        let allocate: (Int) -> [Int]? = { n in defer { next += 2 * n }; return (0..<n).map { next + 2 * $0 } }
        let emptyVia = table.handle(try parse("OPTIONS sip:a SIP/2.0\r\nVia:\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n"), allocate: allocate)
        #expect(emptyVia.count == 1)
        let sdp = "v=0\r\nc=IN IP4 198.51.100.1\r\nm=audio 4000 RTP/AVP 0\r\n"
        let invite = try parse("INVITE sip:r SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:r>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: \(sdp.utf8.count)\r\n\r\n\(sdp)")
        guard case .send(let ok)? = table.handle(invite, allocate: allocate).first, let tag = SIPMessage.tag(of: ok["To"] ?? "") else {
            Issue.record("no answer"); return
        }
        let untagged = table.handle(try parse("BYE sip:r SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z2\r\nTo: <sip:r>\r\nCall-ID: c\r\nCSeq: 2 BYE\r\n\r\n"), allocate: allocate)
        #expect(untagged.count == 1 && table.openSessions == 1)  // 481, the recording goes on
        let two = sdp + "m=audio 4002 RTP/AVP 0\r\n"
        let reinvite = try parse("INVITE sip:r SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z3\r\nTo: <sip:r>;tag=\(tag)\r\nCall-ID: c\r\nCSeq: 3 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: \(two.utf8.count)\r\n\r\n\(two)")
        guard case .send(let refused)? = table.handle(reinvite, allocate: allocate).first else { Issue.record("no answer"); return }
        #expect(refused.status == 488)
        #expect(table.expire(callID: "c") && table.openSessions == 0)
    }
}
