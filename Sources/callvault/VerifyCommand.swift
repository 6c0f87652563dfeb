import ArgumentParser
import Foundation
import VaultCore

/// `callvault verify`: re-checks every sealed object.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check every sealed object against the catalog.",
        discussion: """
            Checks authentication tags, segment order and completeness, the sealed and Ogg Opus SHA-256 recorded \
            in the catalog, and that every object on disk belongs to a recording. Prints one line per problem \
            (recording id, kind, details) and exits 3 when there is any.
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(help: "Print the report as JSON.") var json = false

    struct ProblemView: Encodable {
        var recording: String?
        var object: String
        var kind: String
        var message: String
    }

    struct ReportView: Encodable {
        var checked: Int
        var shredded: Int
        var ok: Bool
        var problems: [ProblemView]
    }

    func run() async throws {
        let vault = try await options.openVault()
        let report = try await vault.verify(actor: .localUser)
        let problems = report.problems.map {
            ProblemView(recording: $0.recordingID?.description, object: $0.objectPath, kind: $0.kind.rawValue, message: $0.message)
        }
        if json {
            print(JSONOutput.string(ReportView(checked: report.checked, shredded: report.shredded, ok: report.isClean, problems: problems), pretty: true))
        } else {
            for p in problems { print("\(p.recording ?? "-")\t\(p.kind)\t\(p.message)") }
        }
        guard report.isClean else {
            throw ExitStatus(code: ExitStatus.integrityProblems,
                             message: "verify: \(report.problems.count) problem(s) among \(report.checked) recordings")
        }
        printError("callvault: verified \(report.checked) recordings: all sealed objects are intact"
                   + (report.shredded > 0 ? " (\(report.shredded) shredded: intact but unreadable by design)" : ""))
    }
}
