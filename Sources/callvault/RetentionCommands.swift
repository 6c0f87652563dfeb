import ArgumentParser
import Foundation
import VaultBase
import VaultCore
import VaultStore

/// `callvault retention run`.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retention", abstract: "Purge what the retention policy no longer keeps.",
                                                    subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Purge expired recordings and ended restrictions (held recordings stay). Audited.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let result = try await vault.retention.run(actor: .localUser)
            print("purged \(result.expired.count) expired and \(result.restrictionsEnded.count) restricted recordings; \(result.held.count) held")
        }
    }
}

/// `callvault hold place|release|list`.
struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Legal holds: block purge and erasure-by-deletion.")

    @OptionGroup var options: VaultOptions
    @Argument(help: "place, release or list.") var action: String
    @Option(help: "The recording to hold or release.") var recording: String?
    @Option(help: ArgumentHelp("A number whose every recording is held or released.", valueName: "number")) var subject: String?
    @Option(help: "Why (place, release).") var reason: String?

    func validate() throws {
        guard ["place", "release", "list"].contains(action) else { throw ValidationError("hold takes place, release or list") }
        if action != "list" {
            guard (recording == nil) != (subject == nil) else { throw ValidationError("give --recording ID or --subject NUMBER") }
            guard !(reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason is required") }
            if let subject { do { _ = try PhoneNumber(parsing: subject) } catch { throw ValidationError("--subject: \(error)") } }
        }
    }

    func run() async throws {
        let vault = try await options.openVault()
        if action == "list" {
            for hold in try await vault.retention.holds() {
                print("\(hold.id)\t\(hold.recordingId?.description ?? "subject " + (hold.subject ?? "?"))\t\(Timestamp.format(hold.placedAt))\t\(hold.reason)")
            }
            return
        }
        let id = try recording.map(parseRecordingID)
        let phone = try subject.map { try PhoneNumber(parsing: $0, defaultCountryCode: vault.configuration.defaultCountryCode) }
        let reason = self.reason!
        if action == "place" {
            let hold = try await vault.retention.placeHold(recording: id, phone: phone, reason: reason, actor: .localUser)
            print("placed hold \(hold.id)")
        } else {
            let count = try await vault.retention.releaseHold(recording: id, phone: phone, reason: reason, actor: .localUser)
            print("released \(count) hold(s)")
        }
    }
}

/// `callvault erasure request|run|status`.
struct ErasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "erasure", abstract: "Erase a person's data within the policy's deadline (72 hours).",
                                                    subcommands: [Request.self, Run.self, Status.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "request", abstract: "Open an erasure request (a DPO's; an opt-out opens one too). Calls to the number are denied at once.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var number: PhoneOption
        @Option(help: "Why (a ticket, the legal basis).") var reason: String

        func run() async throws {
            let vault = try await options.openVault()
            let phone = try number.number(vault), reason = self.reason
            let id = try await vault.erasure.request(phone: phone, reason: reason, actor: .localUser).id
            print(id)
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Execute every open request now; each ends with a signed receipt.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let done = try await vault.erasure.run(actor: .localUser)
            for request in done { print("\(request.id)\t\(request.state.rawValue)\t\(request.failure ?? "")") }
            printError("callvault: \(done.count) erasure request(s) executed")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "List erasure requests with their deadlines and states (and receipts with --json).")
        @OptionGroup var options: VaultOptions
        @Flag(help: "Print JSON, receipts included.") var json = false

        func run() async throws {
            let vault = try await options.openVault()
            let requests = try await vault.erasure.requests()
            if json {
                let items: [[String: Any]] = requests.map { r in
                    var item: [String: Any] = ["id": r.id, "subject": r.subject, "masked": r.masked ?? NSNull(), "requested_at": Timestamp.format(r.requestedAt),
                                               "deadline": Timestamp.format(r.deadline), "state": r.state.rawValue, "reason": r.reason]
                    item["completed_at"] = r.completedAt.map(Timestamp.format) ?? NSNull()
                    item["failure"] = r.failure ?? NSNull()
                    item["receipt"] = r.receipt.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } ?? NSNull()
                    return item
                }
                print(String(decoding: try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
                return
            }
            print(["ID", "NUMBER", "REQUESTED_AT", "DEADLINE", "STATE"].joined(separator: "\t"))
            for r in requests {
                print([r.id, r.masked ?? "-", Timestamp.format(r.requestedAt), Timestamp.format(r.deadline),
                       r.state.rawValue + (r.failure.map { ": \($0)" } ?? "")].joined(separator: "\t"))
            }
        }
    }
}
