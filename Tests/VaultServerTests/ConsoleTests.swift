import Foundation
import Testing
import VaultBase
import VaultCore
import VaultCrypto
@testable import VaultServer
import VaultTestSupport

/// A browser's side of the console over a raw socket: the session cookie kept by hand, no
/// redirect followed, so every status, header and cookie is seen as sent.
struct ConsoleClient: Sendable {
    let port: Int
    var cookie: String?

    struct Page: Sendable {
        var status: Int
        var headers: [String: String]
        var html: String
        /// The session cookie this response set, if any.
        var setCookie: String? {
            headers["set-cookie"].flatMap { $0.split(separator: ";").first }.flatMap { pair in
                pair.hasPrefix("callvault_session=") ? String(pair.dropFirst("callvault_session=".count)) : nil
            }
        }
        /// The CSRF token of the page's forms.
        var csrf: String? {
            guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    init(_ t: TestServer) { port = t.client.baseURL.port! }

    func request(_ method: String, _ path: String, form: [String: String]? = nil) async throws -> Page {
        let body = form.map { fields in
            fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        } ?? ""
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept-Language: en\r\n"
        if let cookie { head += "Cookie: callvault_session=\(cookie)\r\n" }
        if form != nil { head += "Content-Type: application/x-www-form-urlencoded\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        let port = self.port, text = head + body
        let reply = try await OffPool.run {
            let connection = try RawHTTPConnection(port: port)
            try connection.write(text)
            return try connection.readReply()
        }
        return Page(status: reply.status, headers: reply.headers, html: reply.text)
    }

    /// Opens the sign-in form (a new anonymous session) and signs in with a password; keeps the cookie.
    mutating func signIn(_ name: String, password: String) async throws -> Page {
        let form = try await request("GET", "/ui/sign-in")
        cookie = form.setCookie
        let page = try await request("POST", "/ui/sign-in", form: ["name": name, "password": password, "csrf": form.csrf ?? ""])
        if let next = page.setCookie { cookie = next }
        return page
    }

    /// Signs in an enrolled or new auditor all the way (enrolling `secret` when asked); keeps the cookie.
    mutating func signInFully(_ name: String, password: String, totp: TOTP, at date: Date) async throws {
        let page = try await signIn(name, password: password)
        let form = try await request("GET", page.headers["location"] ?? "")
        let step = page.headers["location"] == "/ui/sign-in/enrol" ? "/ui/sign-in/enrol" : "/ui/sign-in/code"
        var code = totp.code(at: date)
        if step == "/ui/sign-in/enrol" {
            // The secret is on the page; the test's TOTP must be made from it.
            let key = form.html.range(of: "id=\"totp-secret\">").map { String(form.html[$0.upperBound...].prefix { $0 != "<" }) } ?? ""
            code = TOTP(secret: Base32.decode(key) ?? []).code(at: date)
        }
        let done = try await request("POST", step, form: ["code": code, "csrf": form.csrf ?? ""])
        #expect(done.status == 303 && done.headers["location"] == "/ui/", "\(done.status) \(done.html.prefix(300))")
        cookie = done.setCookie
    }
}

@Suite(.serialized) struct ConsoleTests {
    static let password = "correct horse battery 7"

    @Test("every console response carries the CSP, nosniff, no-store; the cookie is HttpOnly, Secure, SameSite=Strict")
    func headersOnEveryPage() async throws {
        let t = try await TestServer()
        let client = ConsoleClient(t)
        for path in ["/ui/sign-in", "/ui/assets/console.css", "/ui/recordings", "/ui/", "/ui/sign-in/code"] {
            let page = try await client.request("GET", path)
            let csp = try #require(page.headers["content-security-policy"], "\(path)")
            #expect(csp.contains("default-src 'none'") && !csp.contains("unsafe") && csp.contains("frame-ancestors 'none'"), "\(path)")
            #expect(page.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        let form = try await client.request("GET", "/ui/sign-in")
        let cookie = try #require(form.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/ui"))
        #expect(form.headers["cache-control"] == "no-store")
        #expect(!form.html.contains("<script"))
        await t.stop()
    }

    @Test("a form without the session's CSRF token is refused before anything is checked")
    func csrf() async throws {
        let t = try await TestServer()
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        let form = try await client.request("GET", "/ui/sign-in")
        client.cookie = form.setCookie
        #expect(try await client.request("POST", "/ui/sign-in", form: ["name": "alice", "password": Self.password]).status == 403)
        #expect(try await client.request("POST", "/ui/sign-in", form: ["name": "alice", "password": Self.password, "csrf": "forged"]).status == 403)
        client.cookie = nil
        #expect(try await client.request("POST", "/ui/sign-in", form: ["name": "alice", "password": Self.password, "csrf": form.csrf ?? ""]).status == 403)
        // Nothing was checked: no sign-in was audited.
        #expect(try await t.vault.audit.entries(action: "user.sign_in").isEmpty)
        await t.stop()
    }

    @Test("each sign-in step gets a new session id; a planted cookie is worth nothing after sign-in")
    func noFixation() async throws {
        let t = try await TestServer()
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        let planted = try await client.request("GET", "/ui/sign-in").setCookie
        client.cookie = planted
        let form = try await client.request("GET", "/ui/sign-in")
        #expect(form.setCookie != planted)
        client.cookie = form.setCookie
        let page = try await client.request("POST", "/ui/sign-in", form: ["name": "alice", "password": Self.password, "csrf": form.csrf ?? ""])
        #expect(page.status == 303 && page.headers["location"] == "/ui/sign-in/enrol")
        #expect(page.setCookie != nil && page.setCookie != form.setCookie)
        client.cookie = form.setCookie  // the id before the step is gone
        #expect(try await client.request("GET", "/ui/sign-in/enrol").headers["location"] == "/ui/sign-in")
        await t.stop()
    }

    @Test("a session idle for 15 minutes goes back to sign-in, and its end is audited")
    func idleTimeout() async throws {
        let t = try await TestServer()
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        try await client.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        t.clock.advance(by: 14 * 60)
        #expect(try await client.request("GET", "/ui/recordings").status == 200)
        t.clock.advance(by: 15 * 60)
        let page = try await client.request("GET", "/ui/recordings")
        #expect(page.status == 303 && page.headers["location"] == "/ui/sign-in?expired=1")
        #expect(try await client.request("GET", "/ui/sign-in?expired=1").html.contains("15 idle minutes"))
        let ended = try await t.vault.audit.entries(action: "user.sign_out")
        #expect(ended.map(\.actor) == ["alice"] && ended.first?.detail["why"] == "idle")
        await t.stop()
    }

    @Test("a session whose browser never comes back is ended and audited at the next console visit of anyone")
    func idleSweep() async throws {
        let t = try await TestServer()
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var alice = ConsoleClient(t)
        try await alice.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        let signedInAt = t.clock.now()
        t.clock.advance(by: 16 * 60)
        _ = try await ConsoleClient(t).request("GET", "/ui/sign-in")  // somebody else, not alice
        let ended = try await t.vault.audit.entries(action: "user.sign_out")
        #expect(ended.map(\.actor) == ["alice"] && ended.first?.detail["why"] == "idle")
        #expect(ended.first?.detail["last_seen"].flatMap { try? Date($0, strategy: .iso8601) } == signedInAt)
        #expect(try await alice.request("GET", "/ui/recordings").headers["location"] == "/ui/sign-in")
        await t.stop()
    }

    @Test("a disabled account's open session ends at its next request")
    func disabledAccount() async throws {
        let t = try await TestServer()
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        try await client.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        #expect(try await client.request("GET", "/ui/recordings").status == 200)
        try await t.vault.users.disable(name: "alice", actor: TestServer.admin)
        #expect(try await client.request("GET", "/ui/recordings").headers["location"] == "/ui/sign-in")
        await t.stop()
    }

    @Test("no customer number in clear in any page; a number search goes by POST, never in an address")
    func maskedNumbers() async throws {
        let t = try await TestServer()
        let upload = try await RecordingsAPITests.upload(t, token: try t.token(.recorder), seconds: 1, query: "?campaign=spring&subject=%2B8613800138099")
        let id = try #require(upload["id"] as? String)
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        try await client.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        let list = try await client.request("GET", "/ui/recordings")
        let search = try await client.request("POST", "/ui/recordings", form: ["number": "+86 138 0013 8099", "csrf": list.csrf ?? ""])
        #expect(search.status == 200 && search.html.contains(id))
        let ignored = try await client.request("GET", "/ui/recordings?number=%2B8613900000000")
        #expect(ignored.html.contains(id), "a number in the address is not a filter")
        let detail = try await client.request("GET", "/ui/recordings/\(id)")
        for page in [list, search, detail] {
            #expect(page.html.contains("*******8099"))
            for clear in ["13800138099", "138 0013 8099", "8613800138099"] { #expect(!page.html.contains(clear)) }
        }
        #expect(try await client.request("GET", "/ui/recordings/\(id)/audio").status == 403, "audio before a reason")
        #expect(try await client.request("GET", "/ui/recordings/not-a-uuid").status == 404)
        await t.stop()
    }

    @Test("a restricted recording shows why it is restricted, and plays only with the reason, audited as restricted access")
    func restrictedRecording() async throws {
        let t = try await TestServer()
        let upload = try await RecordingsAPITests.upload(t, token: try t.token(.recorder), seconds: 1, query: "?subject=%2B8613800138099")
        let id = try #require(upload["id"] as? String)
        let phone = try PhoneNumber(parsing: "+8613800138099", defaultCountryCode: "86")
        let request = try await t.vault.erasure.request(phone: phone, reason: "opt-out 77", actor: TestServer.admin)
        _ = try await t.vault.erasure.run(actor: TestServer.admin)
        _ = try await t.vault.users.add(name: "alice", role: .auditor, password: Self.password, actor: TestServer.admin)
        var client = ConsoleClient(t)
        try await client.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        let page = try await client.request("GET", "/ui/recordings/\(id)")
        #expect(page.html.contains("erasure request \(request.id) found it still kept by the retention minimum"), "\(page.html)")
        #expect(try await client.request("GET", "/ui/recordings/\(id)/audio").status == 403)
        let access = try await client.request("POST", "/ui/recordings/\(id)/access", form: ["reason": "court order 12", "csrf": page.csrf ?? ""])
        #expect(access.status == 303)
        let port = client.port, cookie = client.cookie ?? ""
        let audio = try await OffPool.run {
            let connection = try RawHTTPConnection(port: port)
            try connection.write("GET /ui/recordings/\(id)/audio HTTP/1.1\r\nHost: x\r\nCookie: callvault_session=\(cookie)\r\nRange: bytes=0-99\r\nConnection: close\r\n\r\n")
            return try connection.readReply()
        }
        #expect(audio.status == 206 && audio.headers["content-type"] == "audio/ogg")
        let reads = try await t.vault.audit.entries(action: "recording.restricted_access")
        #expect(reads.contains { $0.target == id && $0.actor == "alice" && ($0.detail["reason"] ?? "").contains("court order 12") }, "\(reads)")
        await t.stop()
    }

    @Test("bad input gets a clear 400 page and changes nothing: filters, a cursor, a short reason, a hold naming two targets")
    func badInput() async throws {
        let t = try await TestServer()
        let upload = try await RecordingsAPITests.upload(t, token: try t.token(.recorder), seconds: 1, query: "?subject=%2B8613800138099")
        let id = try #require(upload["id"] as? String)
        for (role, name) in [(APIRole.auditor, "alice"), (.dpo, "dora")] {
            _ = try await t.vault.users.add(name: name, role: role, password: Self.password, actor: TestServer.admin)
        }
        var alice = ConsoleClient(t)
        try await alice.signInFully("alice", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        for (query, message) in [("state=lost", "is one of stored, restricted"), ("held=maybe", "is yes, no or empty"),
                                 ("after=garbage", "is not a place in the list")] {
            let page = try await alice.request("GET", "/ui/recordings?\(query)")
            #expect(page.status == 400 && page.html.contains(message), "\(query): \(page.status) \(page.html.prefix(400))")
        }
        let form = try await alice.request("GET", "/ui/recordings/\(id)")
        let short = try await alice.request("POST", "/ui/recordings/\(id)/access", form: ["reason": "ab", "csrf": form.csrf ?? ""])
        #expect(short.status == 400 && short.html.contains("a reason is 4 to 500 characters"))
        #expect(try await alice.request("GET", "/ui/recordings/\(id)/audio").status == 403, "no leave was kept")
        var dora = ConsoleClient(t)
        try await dora.signInFully("dora", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
        let holds = try await dora.request("GET", "/ui/holds")
        let both = try await dora.request("POST", "/ui/holds", form: ["recording": id, "number": "+8613800138099", "reason": "case 1", "csrf": holds.csrf ?? ""])
        #expect(both.status == 400 && both.html.contains("give a recording id or a number, not both"))
        #expect(try await t.vault.retention.holds().isEmpty)
        #expect(try await t.vault.recordings.get(try #require(RecordingID(id))).state == "stored")
        await t.stop()
    }

    @Test("console pages are not API endpoints, and every one is under /ui/")
    func pagesApartFromTheAPI() async throws {
        let t = try await TestServer()
        #expect(!t.server.consolePages.isEmpty && t.server.consolePages.allSatisfy { $0.path.hasPrefix("/ui/") })
        #expect(t.server.endpoints.allSatisfy { !$0.path.hasPrefix("/ui") })
        await t.stop()
    }

    @Test("Chinese pages for a browser that asks for them")
    func chinese() async throws {
        let t = try await TestServer()
        let port = ConsoleClient(t).port
        let reply = try await OffPool.run {
            let connection = try RawHTTPConnection(port: port)
            try connection.write("GET /ui/sign-in HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN,zh;q=0.9,en;q=0.5\r\nConnection: close\r\n\r\n")
            return try connection.readReply()
        }
        #expect(reply.text.contains("<html lang=\"zh-CN\">") && reply.text.contains("登录"))
        await t.stop()
    }

    @Test("each role opens its own pages and gets 403 on the others'; the dashboard is everyone's")
    func rolePages() async throws {
        let t = try await TestServer()
        let pages: [String: Set<APIRole>] = [
            "/ui/": [.auditor, .dpo, .admin], "/ui/recordings": [.auditor], "/ui/audit": [.auditor], "/ui/erasure": [.dpo],
            "/ui/holds": [.dpo], "/ui/consent": [.dpo], "/ui/admin": [.admin],
        ]
        for role in [APIRole.auditor, .dpo, .admin] {
            _ = try await t.vault.users.add(name: "\(role.rawValue)-1", role: role, password: Self.password, actor: TestServer.admin)
            var client = ConsoleClient(t)
            try await client.signInFully("\(role.rawValue)-1", password: Self.password, totp: TOTP(secret: []), at: t.clock.now())
            for (path, roles) in pages {
                let page = try await client.request("GET", path)
                #expect(page.status == (roles.contains(role) ? 200 : 403), "\(role) \(path): \(page.status)")
            }
            let home = try await client.request("GET", "/ui/")
            for (path, roles) in pages where path != "/ui/" {
                #expect(home.html.contains("href=\"\(path)\"") == roles.contains(role), "\(role)'s navigation and \(path)")
            }
        }
        await t.stop()
    }

    @Test("both languages have every word")
    func wordTables() {
        #expect(Set(ConsoleText.en.keys) == Set(ConsoleText.zh.keys))
        #expect(ConsoleText.language(account: nil, acceptLanguage: "fr-FR, zh-TW;q=0.8") == "zh-CN")
        #expect(ConsoleText.language(account: "en", acceptLanguage: "zh-CN") == "en")
        #expect(ConsoleText.language(account: nil, acceptLanguage: nil) == "en")
    }
}

@Suite struct TranscriptCuesTests {
    @Test func webVTTAndSRTCuesKeepTheirTimes() {
        let vtt = "WEBVTT\n\n1\n00:00:01.500 --> 00:00:03.000 align:start\nhello\nthere\n\n00:01:02.000 --> 00:01:04.250\n****\n"
        #expect(TranscriptCues.cues(Array(vtt.utf8), format: "vtt") == [
            TranscriptCue(startS: 1.5, endS: 3, text: "hello there"), TranscriptCue(startS: 62, endS: 64.25, text: "****"),
        ])
        let srt = "1\r\n00:00:00,000 --> 00:00:02,500\r\nfirst\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,000\r\nsecond\r\n"
        #expect(TranscriptCues.cues(Array(srt.utf8), format: "srt").map(\.text) == ["first", "second"])
        #expect(TranscriptCues.cues(Array(srt.utf8), format: "srt").last?.endS == 4)
    }

    @Test func asrWordsGroupByTwelveAndBySpeaker() throws {
        var words: [[String: Any]] = (0..<14).map { ["word": "w\($0)", "start_ms": $0 * 500, "end_ms": $0 * 500 + 400, "speaker": "A"] }
        words.append(["word": "yes", "start_ms": 7000, "end_ms": 7300, "speaker": "B"])
        let data = try JSONSerialization.data(withJSONObject: ["words": words])
        let cues = TranscriptCues.cues(Array(data), format: "asr-json")
        #expect(cues.count == 3)
        #expect(cues[0].text.hasPrefix("A: w0 w1") && cues[0].startS == 0 && cues[0].endS == 5.9)
        #expect(cues[1].text == "A: w12 w13")
        #expect(cues[2].text == "B: yes" && cues[2].startS == 7)
        let whisper = try JSONSerialization.data(withJSONObject: ["segments": [["start": 0.0, "end": 2.5, "text": " hi "], ["start": 2.5, "end": 3.0, "text": ""]]])
        #expect(TranscriptCues.cues(Array(whisper), format: "asr-json") == [TranscriptCue(startS: 0, endS: 2.5, text: "hi")])
    }

    @Test func plainTextIsOneUntimedCue() {
        #expect(TranscriptCues.cues(Array("just text".utf8), format: "text") == [TranscriptCue(startS: nil, endS: nil, text: "just text")])
        #expect(TranscriptCues.cues([], format: "text").isEmpty)
        #expect(TranscriptCues.cues(Array("{not json".utf8), format: "asr-json").count == 1)
    }
}
