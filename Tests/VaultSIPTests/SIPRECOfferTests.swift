import Testing
@testable import VaultSIP

@Suite("SIPREC offers: SDP and recording metadata")
struct SIPRECOfferTests {
    @Test("either part order, with or without Content-Disposition, gives the same offer", arguments: [(true, true), (false, true), (true, false), (false, false)])
    func partsInAnyOrder(sdpFirst: Bool, disposition: Bool) throws {
        let offer = try SIPRECOffer(try SIPMessage.parse(siprecInvite(sdpFirst: sdpFirst, disposition: disposition)))
        let sdp = try #require(offer.sdp)
        #expect(sdp.media.map(\.label) == ["96", "97", "98"])
        #expect(sdp.media.map(\.direction) == [.sendonly, .sendonly, .sendonly])
        #expect(sdp.media[0].encodings[0]?.name == "PCMU" && sdp.media[0].encodings[101]?.name == "telephone-event")
        #expect(sdp.media[1].encodings[0]?.clockRate == 8000)  // a static type without a=rtpmap
        #expect(sdp.connection == "198.51.100.1")
        let metadata = try #require(offer.metadata)
        #expect(metadata.callID == "d253c800-b0d1ea39-4a7dd-3f0e20a")
        #expect(metadata.sessionIDs == ["hVpd7YQgRW2nD22h7q60JQ=="])
        #expect(metadata.startTime == "2026-12-05T09:00:00Z")
        #expect(offer.metadataXML.map { String(decoding: $0, as: UTF8.self).contains("<recording") } == true)
    }

    @Test("label 97 is sent by the customer and 96 by the agent: the association decides, not the order")
    func association() throws {
        let metadata = try #require(try SIPRECOffer(try SIPMessage.parse(siprecInvite())).metadata)
        #expect(metadata.sender(ofLabel: "97")?.aors == ["sip:+8613912345678@carrier.example.com;user=phone"])
        #expect(metadata.sender(ofLabel: "96")?.name == "Agent 1007")
        #expect(metadata.sender(ofLabel: "98") == nil)
    }

    @Test("the recorder's answer: recvonly with the chosen format on the accepted lines, port 0 on the others")
    func answer() throws {
        let sdp = try #require(try SIPRECOffer(try SIPMessage.parse(siprecInvite())).sdp)
        let text = sdp.answer(address: "192.0.2.10", sessionID: 42, accepted: [(20000, 0, nil), (20002, 0, nil), nil])
        let answer = try SessionDescription.parse(text)
        #expect(answer.media.map(\.port) == [20000, 20002, 0])
        #expect(answer.media[0].formats == [0, 101])  // the chosen codec and the DTMF events
        #expect(answer.media[0].direction == .recvonly && answer.media[1].label == "97")
        #expect(answer.connection == "192.0.2.10")
    }

    @Test("a plain SDP body is an offer without metadata; a body of only metadata is an update")
    func singleParts() throws {
        let sdpBody = "v=0\r\nc=IN IP4 10.1.1.1\r\nm=audio 4000 RTP/AVP 8\r\n"
        let sdpOnly = "INVITE sip:r SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: \(sdpBody.utf8.count)\r\n\r\n\(sdpBody)"
        let offer = try SIPRECOffer(try SIPMessage.parse(Array(sdpOnly.utf8)))
        #expect(offer.sdp?.media.first?.encodings[8]?.name == "PCMA" && offer.metadata == nil)
        let xml = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode></recording>"
        let update = "UPDATE sip:r SIP/2.0\r\nCall-ID: a\r\nCSeq: 2 UPDATE\r\nContent-Type: application/rs-metadata+xml\r\nContent-Length: \(xml.utf8.count)\r\n\r\n\(xml)"
        let meta = try SIPRECOffer(try SIPMessage.parse(Array(update.utf8)))
        #expect(meta.sdp == nil && meta.metadata?.dataMode == "partial")
    }

    @Test("broken metadata, broken SDP and a multipart body without a boundary are clear errors", arguments: [
        ("application/rs-metadata+xml", "<recording><unclosed></recording>"),
        ("application/rs-metadata+xml", "<notrecording/>"),
        ("application/rs-metadata+xml", "not xml at all"),
        ("application/sdp", "m=audio 4000 RTP/AVP 0\r\n"),
        ("application/sdp", "v=0\r\nm=audio notaport RTP/AVP 0\r\n"),
        ("application/sdp", "v=0\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n"),
        ("multipart/mixed", "--x\r\n\r\nv=0\r\n--x--\r\n"),
    ])
    func broken(type: String, body: String) {
        let text = "INVITE sip:r SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        #expect(throws: SIPError.self) { try SIPRECOffer(try SIPMessage.parse(Array(text.utf8))) }
    }

    @Test("metadata in another namespace prefix, with unknown elements, reads the same")
    func namespaces() throws {
        let xml = """
        <rs:recording xmlns:rs="urn:ietf:params:xml:ns:recording:1" xmlns:x="urn:vendor">
          <x:unknown><x:deep>ignored</x:deep></x:unknown>
          <rs:stream stream_id="s1"><rs:label>1</rs:label></rs:stream>
          <rs:participant participant_id="p1"><rs:nameID aor="tel:+8613912345678"/></rs:participant>
          <rs:participantstreamassoc participant_id="p1"><rs:send>s1</rs:send></rs:participantstreamassoc>
        </rs:recording>
        """
        let metadata = try RecordingMetadata.parse(Array(xml.utf8))
        #expect(metadata.sender(ofLabel: "1")?.aors == ["tel:+8613912345678"])
    }
}
