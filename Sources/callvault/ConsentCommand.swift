import ArgumentParser
import Foundation
import VaultBase
import VaultCore
import VaultPolicy

/// Options naming one number.
struct PhoneOption: ParsableArguments {
    @Option(help: ArgumentHelp("The number (E.164 or national).", valueName: "number")) var phone: String

    func validate() throws {
        do { _ = try PhoneNumber(parsing: phone) } catch { throw ValidationError("--phone: \(error)") }
    }

    func number(_ vault: Vault) throws -> PhoneNumber { try PhoneNumber(parsing: phone, defaultCountryCode: vault.configuration.defaultCountryCode) }
}

/// `callvault consent`: authorisations, opt-outs, the blacklist, and the check dialers call.
struct ConsentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record consent and opt-outs; check whether a number may be called.",
        subcommands: [Check.self, Grant.self, Revoke.self, OptOut.self, Blacklist.self, Tag.self, Show.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "May this number be called for this purpose now (or --at another time)?",
            discussion: "With --claim an allowed check records the call attempt atomically and is audited. Exit 0 whatever the decision: a deny is an answer.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption
        @Option(help: "The purpose (from the policy, e.g. marketing, service, collections).") var purpose: String
        @Flag(help: "Record the call attempt if allowed (atomic with the decision; audited).") var claim = false
        @Option(help: ArgumentHelp("Decide for another time (campaign planning; changes nothing).", valueName: "time")) var at: String?
        @Flag(help: "Print JSON: decision, reasons, next_allowed_at.") var json = false

        func validate() throws {
            if let at, Timestamp.parse(at) == nil { throw ValidationError("--at: '\(at)' is not an ISO 8601 time") }
            if claim, at != nil { throw ValidationError("--at cannot be combined with --claim: a claim is made now") }
        }

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault), purpose = self.purpose, claim = self.claim, at = self.at.flatMap(Timestamp.parse)
            let decision = claim ? try await vault.consent.claim(phone: phone, purpose: purpose, actor: .localUser)
                : try vault.consent.check(phone: phone, purpose: purpose, at: at)
            if json {
                struct View: Encodable {
                    var decision: String, reasons: [String], nextAllowedAt: String?
                    enum CodingKeys: String, CodingKey { case decision, reasons, nextAllowedAt = "next_allowed_at" }
                    func encode(to encoder: any Encoder) throws {
                        var c = encoder.container(keyedBy: CodingKeys.self)
                        try c.encode(decision, forKey: .decision); try c.encode(reasons, forKey: .reasons); try c.encode(nextAllowedAt, forKey: .nextAllowedAt)
                    }
                }
                print(JSONOutput.string(View(decision: decision.allowed ? "allow" : "deny", reasons: decision.reasons.map(\.rawValue),
                                             nextAllowedAt: decision.nextAllowedAt.map(Timestamp.format)), pretty: false))
            } else {
                print(decision.allowed ? "allow" : "deny: " + decision.reasons.map(\.rawValue).joined(separator: ", ")
                      + (decision.nextAllowedAt.map { "; next allowed at \(Timestamp.format($0))" } ?? ""))
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Record an authorisation to call for a purpose, with its evidence.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption
        @Option var purpose: String
        @Option(help: "Where it came from: signup-agreement, sms-confirmation, verbal-recorded, …") var source: String
        @Option(help: "A reference to the evidence (document id, recording id, message id).") var evidence: String

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault), (purpose, source, evidence) = (self.purpose, self.source, self.evidence)
            try await vault.consent.grant(phone: phone, purpose: purpose, source: source, evidence: evidence, actor: .localUser)
            print("granted \(purpose) for \(phone.masked)")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Withdraw one purpose's authorisation.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption
        @Option var purpose: String

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault), purpose = self.purpose
            try await vault.consent.revoke(phone: phone, purpose: purpose, actor: .localUser)
            print("revoked \(purpose) for \(phone.masked)")
        }
    }

    struct OptOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opt-out",
            abstract: "Opt a number out of every purpose, at once; opens an erasure request due within the policy's deadline.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault)
            let id = try await vault.consent.optOut(phone: phone, actor: .localUser)
            print("opted out \(phone.masked); erasure request \(id)")
        }
    }

    struct Blacklist: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "blacklist", abstract: "Add, remove or list blacklisted numbers.")
        @OptionGroup var options: VaultOptions
        @Argument(help: "add, remove or list.") var action: String
        @Option(help: ArgumentHelp("The number (add, remove).", valueName: "number")) var phone: String?
        @Option(help: "Why (add).") var reason: String?

        func validate() throws {
            guard ["add", "remove", "list"].contains(action) else { throw ValidationError("blacklist takes add, remove or list") }
            if action != "list" {
                guard let phone else { throw ValidationError("--phone is required for \(action)") }
                do { _ = try PhoneNumber(parsing: phone) } catch { throw ValidationError("--phone: \(error)") }
            }
            if action == "add", (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason is required for add") }
        }

        func run() async throws {
            let vault = try await options.openVault()
            if action == "list" {
                for entry in try await vault.consent.blacklist() {
                    print("\(entry.masked)\t\(Timestamp.format(entry.at))\t\(entry.reason ?? "")")
                }
                return
            }
            let phone = try PhoneNumber(parsing: self.phone!, defaultCountryCode: vault.configuration.defaultCountryCode)
            let add = action == "add", reason = self.reason
            try await vault.consent.setBlacklisted(phone: phone, add, reason: reason, actor: .localUser)
            print("\(add ? "blacklisted" : "removed from the blacklist"): \(phone.masked)")
        }
    }

    struct Tag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tag", abstract: "Set or clear a number's customer tag (tag frequency rules apply to it).")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption
        @Option(help: "The tag, e.g. complaint_sensitive; omit to clear.") var tag: String?

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault), tag = self.tag
            try await vault.consent.setTag(phone: phone, tag: tag, actor: .localUser)
            print(tag.map { "tagged \(phone.masked) \($0)" } ?? "cleared the tag of \(phone.masked)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A number's consent history: grants, revocations, opt-out, blacklist, call attempts.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault)
            let events = try await vault.consent.history(phone: phone)
            print("\(phone.masked) (pseudonym \(vault.pseudonym(of: phone)))")
            for e in events { print("\(Timestamp.format(e.at))\t\(e.kind)\t\(e.purpose ?? "-")\t\(e.detail ?? "")") }
        }
    }
}
