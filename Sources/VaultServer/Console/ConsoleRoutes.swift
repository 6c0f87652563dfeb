import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore
import VaultBase
import VaultCore
import VaultCrypto

/// The web console at `/ui/`: server-rendered pages over the same vault, roles and audit log as
/// the API. People sign in with a password and, for the roles that see recordings or change
/// them, a TOTP code; the session lives in this server (`ConsoleSessions`), the browser holds
/// only its id in an HttpOnly, Secure, SameSite=Strict cookie. Every form carries the session's
/// CSRF token; every page is sent with a strict Content-Security-Policy (no inline script, no
/// other origin) and is never cached.
struct ConsoleRoutes: Sendable {
    let vault: Vault
    let sessions: ConsoleSessions
    let pages: ConsolePages
    let logger: Logger

    /// The session cookie's name.
    static let cookieName = "callvault_session"
    /// A recording's play leave lasts as long as a session may idle.
    static let grantLifetime: TimeInterval = 15 * 60
    /// Console forms are small: a larger body is refused.
    static let formLimit = 16 * 1024
    /// Recordings per page.
    static let pageSize = 50

    init(vault: Vault, logger: Logger) {
        self.vault = vault
        self.sessions = ConsoleSessions(now: { [configuration = vault.configuration] in configuration.clock.now() })
        self.pages = ConsolePages()
        self.logger = logger
    }

    func register(_ registry: EndpointRegistry) {
        let console = self
        registry.addPage(.get, "/ui/") { request, _ in
            await console.handle(request) { visit in
                let account = try await console.signedIn(visit)
                if account.role == .auditor { return Self.redirect("/ui/recordings") }
                return console.pages.message(visit, heading: "notYet", message: "notYetDetail", status: .ok)
            }
        }
        registry.addPage(.get, "/ui/assets/console.css") { _, _ in
            var headers = ConsolePages.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.console_css)))
        }
        registry.addPage(.get, "/ui/sign-in") { request, _ in await console.handle(request) { try await console.signInPage($0) } }
        registry.addPage(.post, "/ui/sign-in") { request, _ in await console.handle(request) { try await console.signIn($0) } }
        registry.addPage(.get, "/ui/sign-in/code") { request, _ in await console.handle(request) { try console.codePage($0) } }
        registry.addPage(.post, "/ui/sign-in/code") { request, _ in await console.handle(request) { try await console.checkCode($0) } }
        registry.addPage(.get, "/ui/sign-in/enrol") { request, _ in await console.handle(request) { try console.enrolPage($0) } }
        registry.addPage(.post, "/ui/sign-in/enrol") { request, _ in await console.handle(request) { try await console.enrol($0) } }
        registry.addPage(.post, "/ui/sign-out") { request, _ in await console.handle(request) { try await console.signOut($0) } }
        registry.addPage(.get, "/ui/recordings") { request, _ in await console.handle(request) { try await console.recordings($0) } }
        registry.addPage(.post, "/ui/recordings") { request, _ in await console.handle(request) { try await console.recordings($0) } }
        registry.addPage(.get, "/ui/recordings/{id}") { request, context in
            await console.handle(request) { try await console.recording($0, id: context.parameters.get("id")) }
        }
        registry.addPage(.post, "/ui/recordings/{id}/access") { request, context in
            await console.handle(request) { try await console.access($0, id: context.parameters.get("id")) }
        }
        registry.addPage(.get, "/ui/recordings/{id}/audio") { request, context in
            await console.handle(request) { try await console.audio($0, id: context.parameters.get("id")) }
        }
    }

    // MARK: - Visits

    /// One request as the console sees it: its session (if any), its form, its language.
    struct Visit: Sendable {
        var request: Request
        /// The session cookie's value, when the browser sent one that names a live session.
        var cookie: String?
        var session: ConsoleSessions.Session?
        /// The session that the cookie named had expired.
        var expired: Bool
        var language: String
        /// The body's fields, for a POST (read once, at most `formLimit` bytes).
        var form: [String: String] = [:]
    }

    /// What stops a page early: a redirect, or a message page with its status.
    enum Interrupt: Error {
        case redirect(String)
        case message(heading: String, message: String, status: HTTPResponse.Status)
    }

    /// Runs a page: finds the session, reads a POST's form and checks its CSRF token, and
    /// turns every failure into an HTML page (errors mapped once, by `APIError`).
    func handle(_ request: Request, _ page: (Visit) async throws -> Response) async -> Response {
        var visit: Visit
        let cookie = Self.cookie(in: request)
        switch sessions.find(cookie) {
        case .live(let session):
            visit = Visit(request: request, cookie: cookie, session: session, expired: false,
                          language: ConsoleText.language(account: session.account?.language, acceptLanguage: request.headers[.acceptLanguage]))
        case .expired(let session):
            if let account = session.account { try? await vault.users.signedOut(account, why: "idle") }
            visit = Visit(request: request, cookie: nil, session: nil, expired: true,
                          language: ConsoleText.language(account: nil, acceptLanguage: request.headers[.acceptLanguage]))
        case .none:
            visit = Visit(request: request, cookie: nil, session: nil, expired: false,
                          language: ConsoleText.language(account: nil, acceptLanguage: request.headers[.acceptLanguage]))
        }
        do {
            if request.method == .post {
                visit.form = try await Self.form(request)
                guard let session = visit.session, let given = visit.form["csrf"],
                      ConstantTime.equal(Array(given.utf8), Array(session.csrf.utf8)) else {
                    if visit.expired { throw Interrupt.redirect("/ui/sign-in?expired=1") }
                    throw Interrupt.message(heading: "forbidden", message: "badForm", status: .forbidden)
                }
            }
            return try await page(visit)
        } catch Interrupt.redirect(let location) {
            return Self.redirect(location)
        } catch Interrupt.message(let heading, let message, let status) {
            return pages.message(visit, heading: heading, message: message, status: status)
        } catch {
            let apiError = APIError(error)
            if apiError.isServerFault {
                logger.error("console page failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(describing: type(of: error))): \(error)"])
            }
            let heading = apiError.status == .notFound ? "notFound" : apiError.isServerFault ? "failed" : "badInput"
            return pages.message(visit, heading: heading, literal: apiError.isServerFault ? nil : apiError.message, status: apiError.status)
        }
    }

    /// The account signed in on this visit, allowed for `roles`; else a redirect to sign in
    /// (no or expired session) or a 403 page. The account is read again, so a disabled or
    /// reset account's sessions end at their next request.
    func signedIn(_ visit: Visit, roles: Set<APIRole> = [.auditor, .dpo, .admin]) async throws -> UserAccount {
        guard let cookie = visit.cookie, let signed = visit.session?.account else {
            throw Interrupt.redirect(visit.expired ? "/ui/sign-in?expired=1" : "/ui/sign-in")
        }
        guard let account = try await vault.users.account(named: signed.name), !account.disabled, account.role == signed.role,
              account.secondFactorEnrolled || !account.role.needsSecondFactor else {
            sessions.remove(cookie)
            throw Interrupt.redirect("/ui/sign-in")
        }
        guard account.role.hasConsole else { throw Interrupt.message(heading: "noConsole", message: "noConsoleDetail", status: .forbidden) }
        guard roles.contains(account.role) else { throw Interrupt.message(heading: "forbidden", message: "forbiddenDetail", status: .forbidden) }
        return account
    }

    // MARK: - Sign-in

    func signInPage(_ visit: Visit) async throws -> Response {
        if visit.session?.account != nil { return Self.redirect("/ui/") }
        // A fresh anonymous session for the form's CSRF token (a kept one would let a planted
        // cookie survive into the signed-in session; each step below replaces it anyway).
        let (cookie, session) = try sessions.create(.anonymous, replacing: visit.cookie)
        var visit = visit
        visit.session = session
        let error = visit.request.uri.queryParameters.get("expired") != nil ? ConsoleText.table(visit.language)["expired"] : nil
        return pages.render("sign-in", visit, title: "signIn", error: error, setCookie: cookie)
    }

    func signIn(_ visit: Visit) async throws -> Response {
        let name = visit.form["name"] ?? "", password = visit.form["password"] ?? ""
        guard !name.isEmpty, !password.isEmpty, name.count <= 64, password.utf8.count <= 1024 else { return try await refused(visit, template: "sign-in") }
        switch try await vault.users.checkPassword(name: name, password: password) {
        case .refused: return try await refused(visit, template: "sign-in")
        case .needsCode(let account): return try advance(visit, to: .needsCode(account), "/ui/sign-in/code")
        case .needsEnrolment(let account): return try advance(visit, to: .needsEnrolment(account, secret: try TOTP.generateSecret()), "/ui/sign-in/enrol")
        case .signedIn(let account): return try advance(visit, to: .signedIn(account), "/ui/")
        }
    }

    func codePage(_ visit: Visit) throws -> Response {
        guard case .needsCode = visit.session?.stage else { return Self.redirect("/ui/sign-in") }
        return pages.render("code", visit, title: "secondFactor")
    }

    func checkCode(_ visit: Visit) async throws -> Response {
        guard case .needsCode(let account) = visit.session?.stage else { return Self.redirect("/ui/sign-in") }
        switch try await vault.users.checkCode(name: account.name, code: visit.form["code"] ?? "") {
        case .signedIn(let account): return try advance(visit, to: .signedIn(account), "/ui/")
        default: return pages.render("code", visit, title: "secondFactor", error: ConsoleText.table(visit.language)["signInFailed"], status: .unauthorized)
        }
    }

    func enrolPage(_ visit: Visit) throws -> Response {
        guard case .needsEnrolment(let account, let secret) = visit.session?.stage else { return Self.redirect("/ui/sign-in") }
        return pages.render("enrol", visit, title: "enrolTitle", extra: Self.enrolment(account, secret))
    }

    func enrol(_ visit: Visit) async throws -> Response {
        guard case .needsEnrolment(let account, let secret) = visit.session?.stage else { return Self.redirect("/ui/sign-in") }
        switch try await vault.users.enrol(name: account.name, secret: secret, code: visit.form["code"] ?? "") {
        case .signedIn(let account): return try advance(visit, to: .signedIn(account), "/ui/")
        default:
            return pages.render("enrol", visit, title: "enrolTitle", error: ConsoleText.table(visit.language)["signInFailed"],
                                status: .unauthorized, extra: Self.enrolment(account, secret))
        }
    }

    func signOut(_ visit: Visit) async throws -> Response {
        if let cookie = visit.cookie {
            sessions.remove(cookie)
            if let account = visit.session?.account { try await vault.users.signedOut(account, why: "sign-out") }
        }
        return Self.redirect("/ui/sign-in", clearCookie: true)
    }

    /// Replaces the session with a new one at `stage` (a new id: no fixation) and redirects.
    private func advance(_ visit: Visit, to stage: ConsoleSessions.Stage, _ location: String) throws -> Response {
        let (cookie, _) = try sessions.create(stage, replacing: visit.cookie)
        return Self.redirect(location, setCookie: cookie)
    }

    /// The sign-in form again, with the one refusal message, and a new anonymous session.
    private func refused(_ visit: Visit, template: String) async throws -> Response {
        let (cookie, session) = try sessions.create(.anonymous, replacing: visit.cookie)
        var visit = visit
        visit.session = session
        return pages.render(template, visit, title: "signIn", error: ConsoleText.table(visit.language)["signInFailed"], status: .unauthorized,
                            setCookie: cookie)
    }

    private static func enrolment(_ account: UserAccount, _ secret: [UInt8]) -> [String: Any] {
        let totp = TOTP(secret: secret)
        let key = Base32.encode(secret)
        let grouped = stride(from: 0, to: key.count, by: 4).map { i in String(key.dropFirst(i).prefix(4)) }.joined(separator: " ")
        return ["qr": QRCode.svg(totp.provisioningURI(account: account.name, issuer: "callvault")) ?? "", "secret": grouped]
    }

    // MARK: - Recordings

    /// The search: filters from the address (`GET`, paged) or from the form (`POST`, which alone
    /// may carry a customer number, so a number never sits in an address, a history or a log).
    func recordings(_ visit: Visit) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let q = visit.request.uri.queryParameters
        let posted = visit.request.method == .post
        func text(_ name: String) -> String? {
            let value = posted ? visit.form[name] : (name == "number" ? nil : q.get(name).map { String($0) })
            return value.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let since = try text("since").map { try Self.localTime($0, field: "since") }
        let until = try text("until").map { try Self.localTime($0, field: "until") }
        let number = try text("number").map { try Field.phone($0, field: "number", vault: vault) }
        let page = posted ? 0 : max(0, min(Int(q.get("page") ?? "") ?? 0, 100_000))
        let found = try await vault.recordings.search(since: since, until: until, campaign: text("campaign"), agent: text("agent"), subject: number,
                                                      limit: Self.pageSize + 1, offset: page * Self.pageSize)
        let rows: [[String: Any]] = found.prefix(Self.pageSize).map { r in
            ["id": r.id, "started": pages.time(r.startedAt), "duration": Self.duration(r.durationMs), "campaign": r.campaign ?? "",
             "agent": r.agent ?? "", "subject": r.subject ?? "", "state": r.state]
        }
        // Page links carry the filters but never the number (it would sit in the address bar
        // and the server's logs); a number search is one page.
        var base = URLComponents()
        base.path = "/ui/recordings"
        let kept = ["since", "until", "campaign", "agent"].compactMap { name in text(name).map { URLQueryItem(name: name, value: $0) } }
        func link(_ page: Int) -> String {
            base.queryItems = kept + [URLQueryItem(name: "page", value: "\(page)")]
            return base.string ?? "/ui/recordings"
        }
        var extra: [String: Any] = [
            "rows": rows,
            "q": ["since": text("since") ?? "", "until": text("until") ?? "", "campaign": text("campaign") ?? "", "agent": text("agent") ?? ""],
        ]
        if let number { extra["numberSearched"] = number.masked }
        if page > 0, number == nil { extra["previous"] = link(page - 1) }
        if found.count > Self.pageSize, number == nil { extra["next"] = link(page + 1) }
        return pages.render("recordings", visit, title: "recordings", extra: extra)
    }

    func recording(_ visit: Visit, id: String?) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        let r = try await vault.recordings.get(id)
        var extra: [String: Any] = [
            "r": ["id": r.id, "campaign": r.campaign ?? "", "agent": r.agent ?? "", "subject": r.subject ?? "", "state": r.state,
                  "version": "\(r.version)", "opusSha256": r.opusSha256, "sealedSha256": r.sealedSha256],
            "started": pages.time(r.startedAt), "duration": Self.duration(r.durationMs),
        ]
        if let until = r.restrictedUntil { extra["restrictedUntil"] = pages.time(until) }
        if let grant = visit.session?.grants[r.id], grant.until > vault.configuration.clock.now() { extra["granted"] = grant.reason }
        return pages.render("recording", visit, title: "recording", extra: extra)
    }

    /// Records the reason for playing a recording in the session; every byte range then served
    /// is audited with it (`recording.audio.export`, via `console`).
    func access(_ visit: Visit, id: String?) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        let reason = (visit.form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...500).contains(reason.count) else { throw APIError.badRequest("a reason is 4 to 500 characters") }
        _ = try await vault.recordings.get(id)  // a 404 for an unknown id, before any leave is kept
        let until = vault.configuration.clock.now().addingTimeInterval(Self.grantLifetime)
        guard let cookie = visit.cookie, sessions.update(cookie, { $0.grants[id.description] = .init(reason: reason, until: until) }) else {
            throw Interrupt.redirect("/ui/sign-in")
        }
        return Self.redirect("/ui/recordings/\(id)#player")
    }

    func audio(_ visit: Visit, id: String?) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        guard let grant = visit.session?.grants[id.description], grant.until > vault.configuration.clock.now() else {
            throw APIError(.forbidden, "reason_required", "state a reason on the recording's page before playing it")
        }
        let record = try await vault.recordings.get(id)
        let restricted = record.restrictedUntil != nil
        var response = try await AuditorRoutes.audioResponse(
            vault: vault, id: id, actor: account.actor, restrictedAccessReason: restricted ? grant.reason : nil,
            range: visit.request.headers[.range], detail: ["via": "console", "reason": grant.reason])
        for field in ConsolePages.securityHeaders { response.headers[field.name] = field.value }
        return response
    }

    // MARK: - Helpers

    static func cookie(in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == cookieName { return kv[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return nil
    }

    static func redirect(_ location: String, setCookie: String? = nil, clearCookie: Bool = false) -> Response {
        var headers = ConsolePages.securityHeaders
        headers[.location] = location
        if let setCookie { headers[.setCookie] = Self.setCookie(setCookie) }
        if clearCookie { headers[.setCookie] = "\(cookieName)=; Path=/ui; Max-Age=0; HttpOnly; Secure; SameSite=Strict" }
        return Response(status: .seeOther, headers: headers)
    }

    /// The session cookie: only for `/ui`, never readable by script, only over HTTPS (or to
    /// localhost), never sent with another site's request. No expiry: the server ends it.
    static func setCookie(_ value: String) -> String { "\(cookieName)=\(value); Path=/ui; HttpOnly; Secure; SameSite=Strict" }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ request: Request) async throws -> [String: String] {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "console forms are sent as application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: formLimit)
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: buffer.readableBytesView, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] where fields[item.name] == nil { fields[item.name] = item.value ?? "" }
        return fields
    }

    /// A `datetime-local` value (no zone) read in the vault's zone.
    static func localTime(_ text: String, field: String) throws -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return try Field.time(text, field: field)
    }

    static func duration(_ ms: Int) -> String {
        let s = ms / 1000
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
