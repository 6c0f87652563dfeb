import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore
import Synchronization
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
        asset(registry, "/ui/assets/console.css", type: "text/css; charset=utf-8", PackageResources.console_css)
        asset(registry, "/ui/assets/console.js", type: "text/javascript; charset=utf-8", PackageResources.console_js)
        page(registry, .get, "/ui/sign-in") { console, visit, _ in try await console.signInPage(visit) }
        page(registry, .post, "/ui/sign-in") { console, visit, _ in try await console.signIn(visit) }
        page(registry, .get, "/ui/sign-in/code") { console, visit, _ in try console.codePage(visit) }
        page(registry, .post, "/ui/sign-in/code") { console, visit, _ in try await console.checkCode(visit) }
        page(registry, .get, "/ui/sign-in/enrol") { console, visit, _ in try console.enrolPage(visit) }
        page(registry, .post, "/ui/sign-in/enrol") { console, visit, _ in try await console.enrol(visit) }
        page(registry, .post, "/ui/sign-out") { console, visit, _ in try await console.signOut(visit) }
        registerDashboard(registry)
        registerRecordings(registry)
        registerAudit(registry)
        registerPrivacy(registry)
        registerAdministration(registry)
    }

    /// Registers an asset embedded in the binary (no session needed; cached for an hour).
    private func asset(_ registry: EndpointRegistry, _ path: String, type: String, _ bytes: [UInt8]) {
        registry.addPage(.get, path) { _, _ in
            var headers = ConsolePages.securityHeaders
            headers[.contentType] = type
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Registers one console page: `body` runs inside `handle` (session, form, CSRF, errors).
    func page(_ registry: EndpointRegistry, _ method: HTTPRequest.Method, _ path: String,
              _ body: @escaping @Sendable (ConsoleRoutes, Visit, APIRequestContext) async throws -> Response) {
        let console = self
        registry.addPage(method, path) { request, context in await console.handle(request) { try await body(console, $0, context) } }
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
        // This visit's own session first (an expired one is told so), then every other session
        // left idle ends (at most once a minute), audited with when it was last used.
        let lookup = sessions.find(cookie)
        for (account, lastSeen) in sessions.sweepExpired() { try? await vault.users.signedOut(account, why: "idle", lastSeen: lastSeen) }
        switch lookup {
        case .live(let session):
            visit = Visit(request: request, cookie: cookie, session: session, expired: false,
                          language: ConsoleText.language(account: session.account?.language, acceptLanguage: request.headers[.acceptLanguage]))
        case .expired(let session):
            if let account = session.account { try? await vault.users.signedOut(account, why: "idle", lastSeen: session.lastSeen) }
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
        if let date = localForms.withLock({ forms in forms.lazy.compactMap { $0.date(from: text) }.first }) { return date }
        return try Field.time(text, field: field)
    }

    /// `datetime-local`'s two forms, in the vault's zone (made once).
    private static let localForms = Mutex<[DateFormatter]>(["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"].map { format in
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = format
        return formatter
    })

    static func duration(_ ms: Int) -> String {
        let s = ms / 1000
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
