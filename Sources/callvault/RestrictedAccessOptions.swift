import Foundation
import ArgumentParser

/// `--restricted-access --reason TEXT`: reading a restricted recording (its subject asked for
/// erasure) needs a stated reason, which the vault audits.
struct RestrictedAccessOptions: ParsableArguments {
    @Flag(name: .customLong("restricted-access"), help: "Read a restricted recording (erasure requested); needs --reason; audited.")
    var restrictedAccess = false
    @Option(help: "Why a restricted recording is read.") var reason: String?

    func validate() throws {
        if restrictedAccess, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--restricted-access needs --reason") }
    }

    /// The reason to pass to the vault: set only with `--restricted-access`.
    var accessReason: String? { restrictedAccess ? reason : nil }
}
