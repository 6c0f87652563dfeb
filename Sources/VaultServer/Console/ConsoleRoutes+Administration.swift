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
    }

    func administration(_ visit: Visit, notice: String? = nil) async throws -> Response {
        let me = try await signedIn(visit, roles: [.admin])
        let now = vault.configuration.clock.now()
        let users: [[String: Any]] = try await vault.users.list().map { a in
            ["name": a.name, "role": a.role.rawValue, "created": pages.time(Timestamp.format(a.createdAt)),
             "state": a.disabled ? "disabled" : (a.lockedUntil.map { $0 > now } == true ? "locked" : "enabled"),
             "totp": a.secondFactorEnrolled, "canDisable": !a.disabled && a.name != me.name]
        }
        let tokens: [[String: Any]] = try await vault.tokens.list().map { t in
            ["name": t.name, "role": t.role, "created": pages.time(Timestamp.format(t.createdAt)),
             "revoked": t.revokedAt.map { pages.time(Timestamp.format($0)) } ?? ""]
        }
        return pages.render("admin", visit, title: "administration", extra: ["users": users, "tokens": tokens, "notice": notice ?? ""])
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
