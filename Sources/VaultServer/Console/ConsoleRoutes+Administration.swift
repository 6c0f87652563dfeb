import Foundation
import HTTPTypes
import Hummingbird
import VaultBase
import VaultCore

/// The administrators' console page: console accounts (disable one) and API tokens (names,
/// roles, dates; never a secret or hash).
extension ConsoleRoutes {
    func registerAdministration(_ registry: EndpointRegistry) {
        page(registry, .get, "/ui/admin") { console, visit, _ in try await console.administration(visit) }
        page(registry, .post, "/ui/admin/users/disable") { console, visit, _ in try await console.disableUser(visit) }
        page(registry, .post, "/ui/admin/users") { console, visit, _ in try await console.addUser(visit) }
        page(registry, .post, "/ui/admin/tokens") { console, visit, _ in try await console.createToken(visit) }
        page(registry, .post, "/ui/admin/tokens/revoke") { console, visit, _ in try await console.revokeToken(visit) }
        page(registry, .post, "/ui/language") { console, visit, _ in try await console.chooseLanguage(visit) }
    }

    /// A role named in a form.
    private static func role(_ visit: Visit) throws -> APIRole {
        guard let role = APIRole(rawValue: visit.form["role"] ?? "") else { throw APIError.badRequest("choose a role") }
        return role
    }

    /// Adds an account with a random password, shown once on the page that answers.
    func addUser(_ visit: Visit) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let password = try UserService.randomPassword()
        let account = try await vault.users.add(name: visit.form["name"] ?? "", role: try Self.role(visit), password: password, actor: me.actor)
        let words = ConsoleText.table(visit.language)
        return try await administration(visit, notice: ConsoleText.fill(words["userAdded"] ?? "", ["name": account.name]), secret: password)
    }

    /// Creates an API token, its secret shown once on the page that answers.
    func createToken(_ visit: Visit) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let (record, secret) = try await vault.tokens.create(name: visit.form["name"] ?? "", role: try Self.role(visit), actor: me.actor)
        let words = ConsoleText.table(visit.language)
        return try await administration(visit, notice: ConsoleText.fill(words["tokenCreated"] ?? "", ["name": record.name]), secret: secret)
    }

    func revokeToken(_ visit: Visit) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let name = visit.form["name"] ?? ""
        try await vault.tokens.revoke(name: name, actor: me.actor)
        return try await administration(visit, notice: ConsoleText.fill(ConsoleText.table(visit.language)["tokenRevoked"] ?? "", ["name": name]))
    }

    /// The language the signed-in account chose, kept on the account (and in this session).
    func chooseLanguage(_ visit: Visit) async throws -> Response {
        let me = try await signedIn(visit)
        let language = visit.form["language"].flatMap { ConsoleText.languages.contains($0) ? $0 : nil }
        try await vault.users.setLanguage(name: me.name, language: language)
        if let cookie = visit.cookie {
            sessions.update(cookie) { session in
                if case .signedIn(var account) = session.stage {
                    account.language = language
                    session.stage = .signedIn(account)
                }
            }
        }
        let back = visit.form["back"].flatMap { $0.hasPrefix("/ui/") && !$0.contains("//") ? $0 : nil } ?? "/ui/"
        return Self.redirect(back)
    }

    func administration(_ visit: Visit, notice: String? = nil, secret: String? = nil) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let now = vault.configuration.clock.now()
        let users: [[String: Any]] = try await vault.users.list().map { a in
            ["name": a.name, "role": a.role.rawValue, "created": pages.time(Timestamp.format(a.createdAt)),
             "state": a.disabled ? "disabled" : (a.lockedUntil.map { $0 > now } == true ? "locked" : "enabled"),
             "totp": a.secondFactorEnrolled, "canDisable": !a.disabled && a.name != me.name]
        }
        let tokens: [[String: Any]] = try await vault.tokens.list().map { t in
            ["name": t.name, "role": t.role, "created": pages.time(Timestamp.format(t.createdAt)),
             "revoked": t.revokedAt.map { pages.time(Timestamp.format($0)) } ?? "", "live": t.revokedAt == nil]
        }
        let roles = APIRole.allCases.map { ["value": $0.rawValue] }
        return pages.render("admin", visit, title: "administration",
                            extra: ["users": users, "tokens": tokens, "notice": notice ?? "", "secret": secret ?? "", "roles": roles])
    }

    func disableUser(_ visit: Visit) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let name = visit.form["name"] ?? ""
        guard name != me.name else { throw APIError.badRequest("an administrator does not disable their own account here") }
        try await vault.users.disable(name: name, actor: me.actor)
        sessions.removeAll(of: name)
        return try await administration(visit, notice: ConsoleText.fill(ConsoleText.table(visit.language)["userDisabled"] ?? "", ["name": name]))
    }
}
