import Foundation
import Testing
import VaultAudio
import VaultRTP
import VaultTestSupport

/// SIP re-INVITEs that move a call's media to T.38 fax (`m=image … udptl t38`) and back.
@Suite struct T38SwitchTests {
    let tmp = TemporaryDirectory("rtp-t38")
    let t0 = 1_700_000_000.0
    let caller = ("10.0.0.1", UInt16(40000)), callee = ("10.0.0.2", UInt16(50000))
    let callerSIP = ("10.0.0.1", UInt16(5060)), calleeSIP = ("10.0.0.2", UInt16(5060))

    func sdp(_ address: String, _ port: UInt16, image: Bool) -> String {
        "v=0\r\no=- 1 1 IN IP4 \(address)\r\ns=-\r\nc=IN IP4 \(address)\r\nt=0 0\r\n"
            + (image ? "m=image \(port) udptl t38\r\na=T38FaxVersion:0\r\n" : "m=audio \(port) RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    }

    func sip(_ startLine: String, cseq: Int, body: String?) -> [UInt8] {
        var text = "\(startLine)\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK\(cseq)\r\n"
            + "From: <sip:+441632960001@10.0.0.1>;tag=a\r\nTo: <sip:+441632960002@10.0.0.2>\r\n"
            + "Call-ID: t38-switch@10.0.0.1\r\nCSeq: \(cseq) INVITE\r\n"
        if let body {
            text += "Content-Type: application/sdp\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        } else {
            text += "Content-Length: 0\r\n\r\n"
        }
        return Array(text.utf8)
    }

    /// A re-INVITE exchange at `time`: the offer, then the answer (`status` 200 with SDP, or a refusal without).
    func reinvite(_ w: inout PcapWriter, time: Double, cseq: Int, image: Bool, status: Int = 200) {
        w.udp(time: t0 + time, src: callerSIP, dst: calleeSIP,
              payload: sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", cseq: cseq, body: sdp(caller.0, caller.1, image: image)))
        w.udp(time: t0 + time + 0.005, src: calleeSIP, dst: callerSIP,
              payload: sip(status == 200 ? "SIP/2.0 200 OK" : "SIP/2.0 \(status) Not Acceptable Here", cseq: cseq,
                           body: status == 200 ? sdp(callee.0, callee.1, image: image) : nil))
    }

    /// RTP both ways in [from, to) seconds, continuing each direction's sequence numbers.
    func rtp(_ w: inout PcapWriter, from: Double, to: Double, seq: inout UInt16) {
        for k in 0..<Int(((to - from) / 0.02).rounded()) {
            let t = from + Double(k) * 0.02
            let ts = UInt32((t * 8000).rounded())
            w.udp(time: t0 + t + 0.0005, src: caller, dst: callee,
                  payload: PcapWriter.rtp(pt: 0, seq: seq, ts: ts, ssrc: 0xAAAA_0001, payload: [UInt8](repeating: 0x7E, count: 160)))
            w.udp(time: t0 + t + 0.0100, src: callee, dst: caller,
                  payload: PcapWriter.rtp(pt: 0, seq: seq &+ 3000, ts: ts, ssrc: 0xBBBB_0002, payload: [UInt8](repeating: 0x7E, count: 160)))
            seq &+= 1
        }
    }

    /// UDPTL both ways in [from, to): sequence numbers from 0x8000 on, so every datagram also parses
    /// as RTP version 2 (the case that fools a parser that does not follow the SDP).
    func udptl(_ w: inout PcapWriter, from: Double, to: Double) -> Int {
        var n = 0
        for k in 0..<Int(((to - from) / 0.02).rounded()) {
            let t = from + Double(k) * 0.02
            for (src, dst) in [(caller, callee), (callee, caller)] {
                let seq = 0x8000 + n
                w.udp(time: t0 + t + 0.001, src: src, dst: dst,
                      payload: [UInt8(seq >> 8), UInt8(seq & 0xFF), 0x06, 0xD0, 0x00, 0x40, 0x21, 0x0C, 0x05, 0x14, 0x33, 0x90, 0x01, 0x00])
                n += 1
            }
        }
        return n
    }

    @Test func refusedOfferKeepsRTPAcceptedOfferSwitchesToFaxAndBack() throws {
        var w = PcapWriter()
        var seq: UInt16 = 100
        w.udp(time: t0 - 0.5, src: callerSIP, dst: calleeSIP,
              payload: sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", cseq: 1, body: sdp(caller.0, caller.1, image: false)))
        w.udp(time: t0 - 0.1, src: calleeSIP, dst: callerSIP, payload: sip("SIP/2.0 200 OK", cseq: 1, body: sdp(callee.0, callee.1, image: false)))
        rtp(&w, from: 0, to: 0.6, seq: &seq)
        reinvite(&w, time: 0.6, cseq: 2, image: true, status: 488)  // refused: the audio goes on
        rtp(&w, from: 0.6, to: 1.0, seq: &seq)
        reinvite(&w, time: 0.99, cseq: 3, image: true)             // accepted at 0.995 s
        let faxDatagrams = udptl(&w, from: 1.0, to: 2.0)
        reinvite(&w, time: 2.0, cseq: 4, image: false)             // back to audio at 2.005 s
        rtp(&w, from: 2.01, to: 2.51, seq: &seq)
        let url = tmp.path("t38.pcap")
        try w.write(to: url)

        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call.left.count == 1 && call.right.count == 1, "UDPTL datagrams must not form RTP streams")
        #expect(call.left.first?.packets.count == 75)
        #expect(call.right.first?.packets.count == 75)
        #expect(call.t38Packets == faxDatagrams)
        let a = try call.assemble()
        #expect(a.left.lost == 0 && a.right.lost == 0)
        #expect(a.metadata["t38_packets"] == "\(faxDatagrams)")
        #expect(a.notes.contains("fax (T.38) after 0.99s"), "\(a.notes)")
        #expect(abs(a.duration - 2.53) < 0.03, "duration \(a.duration)")
    }

    @Test func refusedOfferAloneChangesNothing() throws {
        var w = PcapWriter()
        var seq: UInt16 = 7
        w.udp(time: t0 - 0.5, src: callerSIP, dst: calleeSIP,
              payload: sip("INVITE sip:+441632960002@10.0.0.2 SIP/2.0", cseq: 1, body: sdp(caller.0, caller.1, image: false)))
        w.udp(time: t0 - 0.1, src: calleeSIP, dst: callerSIP, payload: sip("SIP/2.0 200 OK", cseq: 1, body: sdp(callee.0, callee.1, image: false)))
        rtp(&w, from: 0, to: 0.5, seq: &seq)
        reinvite(&w, time: 0.5, cseq: 2, image: true, status: 488)
        rtp(&w, from: 0.5, to: 1.0, seq: &seq)
        let url = tmp.path("refused.pcap")
        try w.write(to: url)
        let call = try #require(try CallFinder.calls(in: try Capture.read(url: url)).first)
        #expect(call.left.first?.packets.count == 50)
        #expect(call.faxSince == nil && call.t38Packets == 0)
        let a = try call.assemble()
        #expect(a.metadata["t38_packets"] == nil)
        #expect(!a.notes.contains { $0.contains("T.38") })
    }
}
