import Testing
@testable import VaultSIP

/// Session timers (RFC 4028) in the signalling state machine: too short is 422 with Min-SE, the
/// SRC refreshes when it supports timers, the recorder when it does not; refreshes restart them.
@Suite("SIPREC session timers (RFC 4028)")
struct SessionTimerTests {
    /// The test INVITE with `headers` added after its CSeq line.
    func invite(_ headers: [String]) throws -> SIPMessage {
        var text = String(decoding: siprecInvite(), as: UTF8.self)
        let cseq = try #require(text.range(of: "\r\nCSeq:"))
        let lineEnd = try #require(text[cseq.upperBound...].range(of: "\r\n"))
        text.insert(contentsOf: headers.map { "\r\n" + $0 }.joined(), at: lineEnd.lowerBound)
        return try SIPMessage.parse(Array(text.utf8))
    }

    func timer(_ actions: [SIPRECSessions.Action]) -> (Int, SIPRECSessions.Refresher)? {
        for case .sessionTimer(_, let interval, let refresher) in actions { return (interval, refresher) }
        return nil
    }

    @Test("an interval below 90 s is answered 422 with Min-SE, and starts nothing")
    func tooSmall() throws {
        var sessions = SIPRECSessionsTests().table()
        let actions = sessions.handle(try invite(["Supported: timer", "Session-Expires: 60"]), allocate: SIPRECSessionsTests.Ports().allocate)
        let answer = try #require(SIPRECSessionsTests().sent(actions))
        #expect(answer.status == 422 && answer["Min-SE"] == "90" && actions.count == 1 && sessions.openSessions == 0)
    }

    @Test("an SRC that supports timers refreshes: 200 with refresher=uac and Require: timer; an asked refresher=uas is kept")
    func srcRefreshes() throws {
        var sessions = SIPRECSessionsTests().table()
        let actions = sessions.handle(try invite(["Supported: timer, 100rel", "x: 1800"]), allocate: SIPRECSessionsTests.Ports().allocate)
        let ok = try #require(SIPRECSessionsTests().sent(actions))
        #expect(ok.status == 200 && ok["Session-Expires"] == "1800;refresher=uac" && ok["Require"] == "timer")
        #expect(timer(actions)! == (1800, .uac))

        var other = SIPRECSessionsTests().table()
        let asked = other.handle(try invite(["Supported: timer", "Session-Expires: 600;refresher=uas"]), allocate: SIPRECSessionsTests.Ports().allocate)
        #expect(SIPRECSessionsTests().sent(asked)?["Session-Expires"] == "600;refresher=uas" && timer(asked)! == (600, .uas))
        #expect(SIPRECSessionsTests().sent(asked)?["Require"] == nil)
    }

    @Test("an SRC without timer support (a proxy added Session-Expires) leaves the refreshing to the recorder, whose UPDATE restates the interval")
    func recorderRefreshes() throws {
        var sessions = SIPRECSessionsTests().table()
        let actions = sessions.handle(try invite(["Session-Expires: 300"]), allocate: SIPRECSessionsTests.Ports().allocate)
        let ok = try #require(SIPRECSessionsTests().sent(actions))
        #expect(ok["Session-Expires"] == "300;refresher=uas" && timer(actions)! == (300, .uas))
        let refreshed = sessions.refresh(callID: "d253c800-b0d1ea39-4a7dd-3f0e20a-siprec", sentBy: "SIP/2.0/UDP 192.0.2.10:5060", branch: "z9hG4bKr1")
        let update = try #require(refreshed)
        #expect(update.method == "UPDATE" && update["Session-Expires"] == "300;refresher=uas" && update.cseq?.method == "UPDATE")
        #expect(update["To"] == ok["From"] && update["From"] == ok["To"])
        let none = sessions.refresh(callID: "no-such-call", sentBy: "SIP/2.0/UDP 192.0.2.10:5060", branch: "z9hG4bKr2")
        #expect(none == nil)
    }

    @Test("no Session-Expires: no timer, no timer headers; a re-INVITE that asks for one starts it")
    func noTimer() throws {
        var sessions = SIPRECSessionsTests().table()
        let actions = sessions.handle(try SIPMessage.parse(siprecInvite()), allocate: SIPRECSessionsTests.Ports().allocate)
        let ok = try #require(SIPRECSessionsTests().sent(actions))
        #expect(ok["Session-Expires"] == nil && timer(actions) == nil)
        let toTag = try #require(SIPMessage.tag(of: ok["To"]!))
        var text = String(decoding: siprecInvite(), as: UTF8.self)
        text = text.replacingOccurrences(of: "CSeq: 101 INVITE", with: "CSeq: 102 INVITE\r\nSupported: timer\r\nSession-Expires: 120")
        text = text.replacingOccurrences(of: "branch=z9hG4bK", with: "branch=z9hG4bKre")
        if let to = text.range(of: #"To: [^\r]*"#, options: .regularExpression) { text.replaceSubrange(to, with: String(text[to]) + ";tag=\(toTag)") }
        let refresh = sessions.handle(try SIPMessage.parse(Array(text.utf8)), allocate: { _ in nil })
        #expect(SIPRECSessionsTests().sent(refresh)?.status == 200, "\(refresh)")
        #expect(timer(refresh)! == (120, .uac))
    }
}
