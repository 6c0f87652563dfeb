import Foundation
import Testing
import VaultRTP
import VaultTestSupport

/// SIP signalled over TCP in a capture: segments out of order, retransmitted and split mid-header,
/// a connection taken up mid-stream, and TCP that is not SIP; the call is paired by its SDP as
/// over UDP.
@Suite struct SIPOverTCPTests {
    let tmp = TemporaryDirectory("rtp-sip-tcp")
    let t0 = 1_700_000_000.0
    let caller = ("10.0.0.1", UInt16(40000)), callee = ("10.0.0.2", UInt16(50000))
    let callerSIP = ("10.0.0.1", UInt16(35112)), calleeSIP = ("10.0.0.2", UInt16(5060))

    func sip(_ startLine: String, method: String, cseq: Int, sdpAt: (String, UInt16)?) -> [UInt8] {
        let body = sdpAt.map { "v=0\r\no=- 1 1 IN IP4 \($0.0)\r\ns=-\r\nc=IN IP4 \($0.0)\r\nt=0 0\r\nm=audio \($0.1) RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n" } ?? ""
        let text = "\(startLine)\r\nVia: SIP/2.0/TCP 10.0.0.1:35112;branch=z9hG4bK\(cseq)\r\n"
            + "From: <sip:+441632960001@10.0.0.1>;tag=a\r\nTo: <sip:+441632960002@10.0.0.2>;tag=b\r\n"
            + "Call-ID: tcp-call@10.0.0.1\r\nCSeq: \(cseq) \(method)\r\n"
            + (sdpAt == nil ? "" : "Content-Type: application/sdp\r\n") + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        return Array(text.utf8)
    }

    func write(_ build: (inout PcapWriter) -> Void) throws -> Capture {
        var w = PcapWriter()
        build(&w)
        let url = tmp.path("call-\(UUID().uuidString).pcap")
        try w.write(to: url)
        return try Capture.read(url: url)
    }

    /// RTP both ways for one second, from t0.
    func rtp(_ w: inout PcapWriter) {
        for k in 0..<50 {
            let t = t0 + Double(k) * 0.02
            w.udp(time: t, src: caller, dst: callee, payload: PcapWriter.rtp(pt: 0, seq: UInt16(k), ts: UInt32(k * 160), ssrc: 0xA1, payload: [UInt8](repeating: 0x7E, count: 160)))
            w.udp(time: t + 0.01, src: callee, dst: caller, payload: PcapWriter.rtp(pt: 0, seq: UInt16(k), ts: UInt32(k * 160), ssrc: 0xB2, payload: [UInt8](repeating: 0x7E, count: 160)))
        }
    }

    @Test("an INVITE in three segments, the second first and the last sent twice, pairs the call by its SDP; its 200 OK and BYE too")
    func reorderedAndRetransmitted() throws {
        let invite = sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", method: "INVITE", cseq: 1, sdpAt: caller)
        let a = Array(invite[0..<40]), b = Array(invite[40..<200]), c = Array(invite[200...])
        let base: UInt32 = 4_294_967_000  // the sequence number wraps inside the message
        let capture = try write { w in
            w.tcp(time: t0 - 1, src: callerSIP, dst: calleeSIP, seq: base - 1, flags: 0x02, payload: [])  // SYN
            // Not SIP: a web request on another connection is never taken up.
            w.tcp(time: t0 - 0.95, src: ("10.0.0.9", 40001), dst: ("10.0.0.8", 80), seq: 7, payload: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            w.tcp(time: t0 - 0.9, src: callerSIP, dst: calleeSIP, seq: base &+ 40, payload: b)
            w.tcp(time: t0 - 0.89, src: callerSIP, dst: calleeSIP, seq: base, payload: a)
            w.tcp(time: t0 - 0.88, src: callerSIP, dst: calleeSIP, seq: base &+ 200, payload: c)
            w.tcp(time: t0 - 0.70, src: callerSIP, dst: calleeSIP, seq: base &+ 200, payload: c)  // retransmitted
            w.tcp(time: t0 - 0.5, src: calleeSIP, dst: callerSIP, seq: 9_000,
                  payload: sip("SIP/2.0 200 OK", method: "INVITE", cseq: 1, sdpAt: callee))
            rtp(&w)
            let bye = sip("BYE sip:+441632960002@10.0.0.2 SIP/2.0", method: "BYE", cseq: 2, sdpAt: nil)
            w.tcp(time: t0 + 1.1, src: callerSIP, dst: calleeSIP, seq: base &+ UInt32(invite.count), payload: bye)
        }
        func starting(_ prefix: String) -> Int {
            capture.datagrams.filter { d in d.length >= 4 && capture.bytes[d.offset..<(d.offset + 4)].elementsEqual(prefix.utf8.prefix(4)) }.count
        }
        #expect(starting("INVI") == 1, "the INVITE is one message, its retransmitted tail no second one")
        #expect(starting("SIP/") == 1 && starting("BYE ") == 1)
        #expect(starting("GET ") == 0, "TCP that is not SIP is never handed on")
        let calls = try CallFinder.calls(in: capture)
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.callID == "tcp-call@10.0.0.1" && call.fromUser == "+441632960001" && call.toUser == "+441632960002")
        #expect(call.left.map(\.label).allSatisfy { $0.hasPrefix("10.0.0.1:40000") }, "\(call.left.map(\.label))")
    }

    @Test("a connection joined mid-message is taken up at the next message; a broken one is dropped without harm")
    func joinedMidStream() throws {
        let invite = sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", method: "INVITE", cseq: 1, sdpAt: caller)
        let capture = try write { w in
            // The tail of a message sent before the capture began, then the INVITE on the same connection.
            w.tcp(time: t0 - 1, src: callerSIP, dst: calleeSIP, seq: 100, payload: Array("a=sendrecv\r\n".utf8))
            w.tcp(time: t0 - 0.9, src: callerSIP, dst: calleeSIP, seq: 112, payload: invite)
            w.tcp(time: t0 - 0.5, src: calleeSIP, dst: callerSIP, seq: 1, payload: sip("SIP/2.0 200 OK", method: "INVITE", cseq: 1, sdpAt: callee))
            // SIP without a Content-Length on a stream cannot be framed: that connection is given up.
            w.tcp(time: t0 - 0.4, src: ("10.0.0.7", 5062), dst: ("10.0.0.2", 5060), seq: 1,
                  payload: Array("OPTIONS sip:x@10.0.0.2 SIP/2.0\r\nCall-ID: o\r\n\r\n".utf8))
            rtp(&w)
        }
        let call = try #require(try CallFinder.calls(in: capture).first)
        #expect(call.callID == "tcp-call@10.0.0.1")
    }

    @Test("a segment half the sequence space away (2^31), and one far behind, are stale: ignored, the call still read")
    func staleSegmentsAreIgnored() throws {
        let invite = sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", method: "INVITE", cseq: 1, sdpAt: caller)
        let capture = try write { w in
            w.tcp(time: t0 - 1, src: callerSIP, dst: calleeSIP, seq: 1000, payload: Array(invite[0..<100]))
            w.tcp(time: t0 - 0.99, src: callerSIP, dst: calleeSIP, seq: 1100 &+ (1 << 31), payload: Array("garbage".utf8))
            w.tcp(time: t0 - 0.98, src: callerSIP, dst: calleeSIP, seq: 1100 &- (1 << 24), payload: Array("garbage".utf8))
            w.tcp(time: t0 - 0.97, src: callerSIP, dst: calleeSIP, seq: 1100, payload: Array(invite[100...]))
            w.tcp(time: t0 - 0.5, src: calleeSIP, dst: callerSIP, seq: 1, payload: sip("SIP/2.0 200 OK", method: "INVITE", cseq: 1, sdpAt: callee))
            rtp(&w)
        }
        #expect(try CallFinder.calls(in: capture).first?.callID == "tcp-call@10.0.0.1")
    }

    @Test("a segment the snap length cut short gives its direction up (no message built across the hole); the next connection is read")
    func truncatedSegmentGivesUp() throws {
        let invite = sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", method: "INVITE", cseq: 1, sdpAt: caller)
        let capture = try write { w in
            w.tcp(time: t0 - 2, src: callerSIP, dst: calleeSIP, seq: 1, payload: Array(invite[0..<120]), cutTo: 14 + 40 + 60)
            w.tcp(time: t0 - 1.9, src: callerSIP, dst: calleeSIP, seq: 121, payload: Array(invite[120...]))
            // The SBC opens a new connection and sends the INVITE again, whole.
            w.tcp(time: t0 - 1, src: ("10.0.0.1", 35114), dst: calleeSIP, seq: 5000, payload: invite)
            w.tcp(time: t0 - 0.5, src: calleeSIP, dst: ("10.0.0.1", 35114), seq: 1, payload: sip("SIP/2.0 200 OK", method: "INVITE", cseq: 1, sdpAt: callee))
            rtp(&w)
        }
        let invites = capture.datagrams.filter { d in d.length >= 4 && capture.bytes[d.offset..<(d.offset + 4)].elementsEqual("INVI".utf8) }
        #expect(invites.count == 1, "only the whole INVITE of the second connection")
        #expect(try CallFinder.calls(in: capture).first?.callID == "tcp-call@10.0.0.1")
    }
}
