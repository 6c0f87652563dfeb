import Testing
@testable import VaultSIP

/// A SIPREC INVITE as RFC 7866 §6.1.1 shows one (SDP first, then the metadata), `\n` line ends
/// turned into CRLF. `sdpFirst: false` swaps the parts; `disposition: false` drops their
/// Content-Disposition lines, as some SBCs do.
func siprecInvite(sdpFirst: Bool = true, disposition: Bool = true, callID: String = "d253c800-b0d1ea39-4a7dd-3f0e20a") -> [UInt8] {
    let sdp = """
    v=0
    o=SRC 2890844526 2890844526 IN IP4 198.51.100.1
    s=-
    c=IN IP4 198.51.100.1
    t=0 0
    m=audio 12240 RTP/AVP 0 8 101
    a=rtpmap:0 PCMU/8000
    a=rtpmap:101 telephone-event/8000
    a=label:96
    a=sendonly
    m=audio 12242 RTP/AVP 0
    a=label:97
    a=sendonly
    m=video 12244 RTP/AVP 31
    a=label:98
    a=sendonly

    """
    let metadata = """
    <?xml version="1.0" encoding="UTF-8"?>
    <recording xmlns='urn:ietf:params:xml:ns:recording:1'>
      <datamode>complete</datamode>
      <session session_id="hVpd7YQgRW2nD22h7q60JQ==">
        <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2</sipSessionID>
        <start-time>2026-12-05T09:00:00Z</start-time>
      </session>
      <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
        <nameID aor="sip:+8613912345678@carrier.example.com;user=phone"><name xml:lang="zh">客户</name></nameID>
      </participant>
      <participant participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
        <nameID aor="sip:agent1007@callcentre.example.com"><name>Agent 1007</name></nameID>
      </participant>
      <stream stream_id="UAAMm5GRQKSCMVvLyl4rFw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>96</label></stream>
      <stream stream_id="i1Pz3to5hGk8fuXl+PbwCw==" session_id="hVpd7YQgRW2nD22h7q60JQ=="><label>97</label></stream>
      <participantstreamassoc participant_id="srfBElmCRp2QB23b7Mpk0w==">
        <send>i1Pz3to5hGk8fuXl+PbwCw==</send><recv>UAAMm5GRQKSCMVvLyl4rFw==</recv>
      </participantstreamassoc>
      <participantstreamassoc participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
        <send>UAAMm5GRQKSCMVvLyl4rFw==</send><recv>i1Pz3to5hGk8fuXl+PbwCw==</recv>
      </participantstreamassoc>
      <extensiondata xmlns:apkt="http://acmepacket.com/siprec/extensiondata"><apkt:callid>\(callID)</apkt:callid></extensiondata>
    </recording>

    """
    let sdpPart = (disposition ? "Content-Type: application/sdp\nContent-Disposition: session\n" : "Content-Type: application/sdp\n") + "\n" + sdp
    let xmlPart = (disposition ? "Content-Type: application/rs-metadata+xml\nContent-Disposition: recording-session\n" : "Content-Type: application/rs-metadata+xml\n") + "\n" + metadata
    let parts = sdpFirst ? [sdpPart, xmlPart] : [xmlPart, sdpPart]
    let body = "--foobar\n" + parts.joined(separator: "--foobar\n") + "--foobar--\n"
    let crlfBody = body.replacingOccurrences(of: "\n", with: "\r\n")
    let head = [
        "INVITE sip:recorder@vault.example.com SIP/2.0",
        "Via: SIP/2.0/UDP src.example.com:5060;branch=z9hG4bKdf6b622b648d9",
        "From: <sip:2000@src.example.com>;tag=35e195d2-947d-4585-946f-09839247",
        "To: <sip:recorder@vault.example.com>",
        "Call-ID: d253c800-b0d1ea39-4a7dd-3f0e20a-siprec",
        "CSeq: 101 INVITE",
        "Max-Forwards: 70",
        "Require: siprec",
        "Accept: application/sdp, application/rs-metadata, application/rs-metadata-request",
        "Contact: <sip:2000@src.example.com>;+sip.src",
        "Content-Type: multipart/mixed;boundary=foobar",
        "Content-Length: \(crlfBody.utf8.count)",
    ].joined(separator: "\r\n") + "\r\n\r\n"
    return Array((head + crlfBody).utf8)
}

@Suite("SIP messages")
struct SIPMessageTests {
    @Test("a SIPREC INVITE reads: start line, headers, body by Content-Length")
    func invite() throws {
        let message = try SIPMessage.parse(siprecInvite())
        #expect(message.method == "INVITE")
        #expect(message["call-id"] == "d253c800-b0d1ea39-4a7dd-3f0e20a-siprec")
        #expect(message["i"] == "d253c800-b0d1ea39-4a7dd-3f0e20a-siprec")  // compact form asked for
        #expect(message.cseq?.number == 101 && message.cseq?.method == "INVITE")
        #expect(message.mediaType == "multipart/mixed")
        #expect(message.body.count == Int(message["Content-Length"]!))
    }

    @Test("compact forms, folded lines, bare LF line ends and leading keep-alive CRLFs are read")
    func tolerant() throws {
        let text = "\r\n\r\nOPTIONS sip:vault SIP/2.0\nv: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\nf: <sip:a@b>;tag=1\nt: <sip:vault>\ni: abc\nCSeq: 7\n  OPTIONS\nl: 0\n\n"
        let message = try SIPMessage.parse(Array(text.utf8))
        #expect(message.method == "OPTIONS")
        #expect(message.headers.map(\.name) == ["Via", "From", "To", "Call-ID", "CSeq", "Content-Length"])
        #expect(message.cseq?.number == 7 && message.cseq?.method == "OPTIONS")
    }

    @Test("a response copies Via, From, To (adding our tag once), Call-ID and CSeq, and sets Content-Length")
    func response() throws {
        let invite = try SIPMessage.parse(siprecInvite())
        let ok = invite.response(200, "OK", toTag: "vault1", headers: [.init("Content-Type", "application/sdp")], body: Array("v=0\r\n".utf8))
        let reread = try SIPMessage.parse(ok.bytes)
        #expect(reread.status == 200)
        #expect(reread["Via"] == invite["Via"] && reread["Call-ID"] == invite["Call-ID"] && reread["CSeq"] == invite["CSeq"])
        #expect(SIPMessage.tag(of: reread["To"]!) == "vault1")
        #expect(reread["Content-Length"] == "5" && reread.body == Array("v=0\r\n".utf8))
        let again = reread.response(200, "OK", toTag: "other")
        #expect(SIPMessage.tag(of: again["To"]!) == "vault1")  // a To that has a tag keeps it
    }

    @Test("malformed messages are refused with a clear error, never a trap", arguments: [
        "", "\r\n\r\n", "INVITE sip:x SIP/2.0\r\nVia: a\r\n", "HELLO\r\n\r\n", "INVITE sip:x SIP/1.0\r\n\r\n",
        "SIP/2.0 99 Odd\r\n\r\n", "SIP/2.0 abc OK\r\n\r\n", "INVITE sip:x SIP/2.0\r\nNoColon\r\n\r\n",
        "INVITE sip:x SIP/2.0\r\n folded-first: x\r\n\r\n", "INVITE sip:x SIP/2.0\r\nContent-Length: 10\r\n\r\nshort",
        "INVITE sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n", "INVITE sip:x SIP/2.0\r\nBad Name: x\r\n\r\n",
        // A carriage return inside a line (here in a folded continuation): written again, it would split the line.
        "INVITE sip:x SIP/2.0\r\nSubject:\n \rInjected: 1\r\n\r\n", "INVITE sip:x SIP/2.0\r\nSubject: a\rb\r\n\r\n",
    ])
    func malformed(_ text: String) {
        #expect(throws: SIPError.self) { try SIPMessage.parse(Array(text.utf8)) }
    }

    @Test("a folded line onto an empty value reads the same once the message is written and read again")
    func foldOntoEmpty() throws {
        let message = try SIPMessage.parse(Array("INVITE sip:x SIP/2.0\r\nSubject:\r\n  late words\r\nContent-Length: 0\r\n\r\n".utf8))
        #expect(message["Subject"] == "late words")
        #expect(try SIPMessage.parse(message.bytes)["Subject"] == "late words")
    }

    @Test("a message over the size limit is refused as too large")
    func tooLarge() {
        let huge = Array("INVITE sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n".utf8) + [UInt8](repeating: 0x41, count: SIPMessage.maximumSize)
        let error = #expect(throws: SIPError.self) { try SIPMessage.parse(huge) }
        #expect(error?.code == .tooLarge)
    }

    @Test("a stream is cut into messages by Content-Length, whatever the pieces it arrives in; keep-alives are skipped")
    func framing() throws {
        let invite = siprecInvite()
        let bye = Array("BYE sip:recorder SIP/2.0\r\nCall-ID: x\r\nCSeq: 102 BYE\r\nContent-Length: 0\r\n\r\n".utf8)
        let stream = Array("\r\n\r\n".utf8) + invite + bye + Array("\r\n".utf8)
        for piece in [1, 7, 100, stream.count] {
            var framer = SIPStreamFramer()
            var got: [SIPMessage] = []
            var i = 0
            while i < stream.count {
                framer.append(stream[i..<min(i + piece, stream.count)])
                i += piece
                while let message = try framer.next() { got.append(message) }
            }
            #expect(got.map(\.method) == ["INVITE", "BYE"], "pieces of \(piece)")
            #expect(framer.bufferedBytes == 0)
        }
        var noLength = SIPStreamFramer()
        noLength.append(Array("BYE sip:x SIP/2.0\r\nCall-ID: y\r\n\r\n".utf8))
        #expect(throws: SIPError.self) { try noLength.next() }
    }
}
