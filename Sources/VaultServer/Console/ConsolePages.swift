import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import Synchronization
import VaultBase

/// Renders the console's pages from the Mustache templates embedded in the binary
/// (`Console/Templates`), in the visitor's language, with the headers every page carries.
struct ConsolePages: Sendable {
    private let library: MustacheLibrary

    /// The templates, by name.
    static let templates: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache), ("sign-in", PackageResources.sign_in_mustache), ("code", PackageResources.code_mustache),
        ("enrol", PackageResources.enrol_mustache), ("message", PackageResources.message_mustache),
        ("recordings", PackageResources.recordings_mustache), ("recording", PackageResources.recording_mustache),
        ("dashboard", PackageResources.dashboard_mustache), ("audit", PackageResources.audit_mustache),
        ("audit-entry", PackageResources.audit_entry_mustache), ("erasure", PackageResources.erasure_mustache),
        ("holds", PackageResources.holds_mustache), ("consent", PackageResources.consent_mustache), ("admin", PackageResources.admin_mustache),
    ]

    /// The Content-Security-Policy of every console response: nothing from another origin, no
    /// inline script or style (the one script is `/ui/assets/console.js`), forms only to the
    /// console itself, never framed.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The headers of every console response.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy,
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    /// Parses the embedded templates; one that does not parse is a defect of this build (the
    /// console tests render every one).
    init() {
        var library = MustacheLibrary()
        for (name, bytes) in Self.templates {
            do { try library.register(String(decoding: bytes, as: UTF8.self), named: name) } catch {
                preconditionFailure("console template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// `template` rendered for `visit`, as a response with the console's headers.
    func render(_ template: String, _ visit: ConsoleRoutes.Visit, title: String, error: String? = nil, status: HTTPResponse.Status = .ok,
                setCookie: String? = nil, extra: [String: Any] = [:]) -> Response {
        let words = ConsoleText.table(visit.language)
        var context: [String: Any] = ["lang": visit.language, "t": words, "title": words[title] ?? title, "zone": Self.zone(),
                                      "path": Self.returnPath(visit), "en": visit.language == "en", "zh": visit.language == "zh-CN"]
        if let csrf = visit.session?.csrf { context["csrf"] = csrf }
        if let account = visit.session?.account {
            let path = visit.request.uri.path
            let nav = ConsoleText.navigation(account.role.rawValue).map { item -> [String: Any] in
                ["href": item.path, "label": words[item.word] ?? item.word,
                 "current": item.path == "/ui/" ? path == "/ui/" : path.hasPrefix(item.path)]
            }
            context["account"] = ["name": account.name, "roleName": account.role.rawValue, "nav": nav]
        }
        if let error { context["error"] = error }
        context.merge(extra) { $1 }
        let html = library.render(context, withTemplate: template) ?? ""
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        if let setCookie { headers[.setCookie] = ConsoleRoutes.setCookie(setCookie) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A message page: `heading` and `message` are word keys.
    func message(_ visit: ConsoleRoutes.Visit, heading: String, message: String, status: HTTPResponse.Status) -> Response {
        self.message(visit, heading: heading, literal: ConsoleText.table(visit.language)[message], status: status)
    }

    /// A message page with a message already in words (an error's, in English).
    func message(_ visit: ConsoleRoutes.Visit, heading: String, literal: String?, status: HTTPResponse.Status, back: String? = nil) -> Response {
        let words = ConsoleText.table(visit.language)
        return render("message", visit, title: heading, status: status,
                      extra: ["heading": words[heading] ?? heading, "message": literal ?? "",
                              "back": back ?? (visit.session?.account != nil ? "/ui/" : "/ui/sign-in")])
    }

    /// Where a form on this page returns to: the page itself when it was a GET, else the
    /// navigation page it belongs to (a POST's answer is no address to go back to).
    static func returnPath(_ visit: ConsoleRoutes.Visit) -> String {
        let path = visit.request.uri.path
        if visit.request.method == .get { return path }
        let role = visit.session?.account?.role.rawValue ?? ""
        return ConsoleText.navigation(role).map(\.path).filter { $0 != "/ui/" && path.hasPrefix($0) }.max { $0.count < $1.count } ?? "/ui/"
    }

    /// An RFC 3339 time as the console shows it: in the vault's zone, with the offset.
    func time(_ text: String) -> String {
        guard let date = Timestamp.parse(text) else { return text }
        return Self.display.withLock { $0.string(from: date) }
    }

    /// The one formatter of shown times (made once: a page formats a time per row).
    private static let display = Mutex<DateFormatter>({
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter
    }())

    /// The vault's zone (the server's `TZ`) with its current offset.
    static func zone() -> String {
        let seconds = TimeZone.current.secondsFromGMT()
        return String(format: "%@ (UTC%@%02d:%02d)", TimeZone.current.identifier, seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) / 60 % 60)
    }
}
