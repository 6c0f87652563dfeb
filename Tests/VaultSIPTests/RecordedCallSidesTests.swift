import Testing
@testable import VaultSIP

@Suite("Who is the caller: sides of a recorded call from its metadata")
struct RecordedCallSidesTests {
    /// Metadata with two participants; `flags` are the vendor caller flags (nil: none written).
    func metadata(firstSends: String, secondSends: String, flags: (String?, String?) = (nil, nil)) throws -> RecordingMetadata {
        func flag(_ value: String?) -> String {
            value.map { "<extensiondata xmlns:apkt=\"http://acmepacket.com/siprec/extensiondata\"><apkt:callingParty>\($0)</apkt:callingParty></extensiondata>" } ?? ""
        }
        let xml = """
        <?xml version="1.0"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1">
          <participant participant_id="A"><nameID aor="sip:+8613800000001@a.example;user=phone"/>\(flag(flags.0))</participant>
          <participant participant_id="B"><nameID aor="tel:+86-139-1234-5678"/>\(flag(flags.1))</participant>
          <stream stream_id="x"><label>10</label></stream>
          <stream stream_id="y"><label>20</label></stream>
          <participantstreamassoc participant_id="A"><send>\(firstSends)</send></participantstreamassoc>
          <participantstreamassoc participant_id="B"><send>\(secondSends)</send></participantstreamassoc>
        </recording>
        """
        return try RecordingMetadata.parse(Array(xml.utf8))
    }

    @Test("without a caller flag the first sending participant is the caller, whatever its label; the note says so")
    func firstSender() throws {
        let sides = RecordedCallSides.decide(metadata: try metadata(firstSends: "y", secondSends: "x"), labels: ["10", "20"])
        #expect(sides.callerLabels == ["20"])
        #expect(sides.calleeLabels == ["10"])
        #expect(sides.caller?.id == "A" && sides.callee?.id == "B")
        #expect(sides.notes.count == 1)
    }

    @Test("a vendor's caller flag wins over document order, and a not-caller flag names the other one", arguments: [
        ("false", "true"), (nil, "true"), ("false", nil),
    ] as [(String?, String?)])
    func flagged(flags: (String?, String?)) throws {
        let sides = RecordedCallSides.decide(metadata: try metadata(firstSends: "x", secondSends: "y", flags: flags), labels: ["10", "20"])
        #expect(sides.caller?.id == "B")
        #expect(sides.callerLabels == ["20"] && sides.calleeLabels == ["10"])
        #expect(sides.notes.isEmpty)
    }

    @Test("no metadata, or none that names a recorded stream: the first line is the caller's, with a note")
    func positional() throws {
        let none = RecordedCallSides.decide(metadata: nil, labels: ["7", nil])
        #expect(none.callerLabels == ["7"] && none.calleeLabels == ["#1"])
        #expect(none.notes.count == 1)
        let unrelated = RecordedCallSides.decide(metadata: try metadata(firstSends: "x", secondSends: "y"), labels: ["1", "2"])
        #expect(unrelated.callerLabels == ["1"] && unrelated.calleeLabels == ["2"])
        #expect(unrelated.notes.count == 1)
    }

    @Test("the user part of an address of record in the forms SBCs write", arguments: [
        ("sip:+8613912345678@carrier.example;user=phone", "+8613912345678"),
        ("<sips:agent1001@pbx.example:5061;transport=tls>", "agent1001"),
        ("tel:+86-139-1234-5678;phone-context=+86", "+86-139-1234-5678"),
        ("SIP:%2B8613912345678@x", "+8613912345678"),
        ("mailto:a@b", nil), ("sip:host.example", nil), ("", nil),
    ] as [(String, String?)])
    func aorUser(aor: String, user: String?) {
        #expect(RecordedCallSides.user(ofAOR: aor) == user)
    }
}
