import ArgumentParser
import Foundation
import VaultBundle
import VaultCore
import VaultCrypto

/// `callvault verify-bundle`: checks an evidence bundle without a vault.
struct VerifyBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify an evidence bundle (no vault needed).",
        discussion: """
            Checks the BagIt manifests, the Ed25519 signature over the tag manifest, the signed checkpoint, every \
            inclusion proof, and that each recording's SHA-256 (after decryption with --identity, for age files) is \
            the one its ingest entry recorded. Prints one line per problem, naming the file, and exits 3 when there is any.
            """
    )

    @Argument(help: ArgumentHelp("The bundle: a directory or a zip file.", valueName: "path")) var path: String
    @Option(help: ArgumentHelp("An age identity file (age-keygen) that decrypts the bundle's age files.", valueName: "file")) var identity: String?
    @Option(name: .customLong("public-key"),
            help: ArgumentHelp("The vault's public key (PEM) as obtained elsewhere (`callvault audit public-key`); the bundle must be signed by it.", valueName: "pem"))
    var publicKey: String?
    @Flag(help: "Print the result as JSON.") var json = false

    struct ResultView: Encodable {
        var ok: Bool
        var bundle: String?
        var payload_files: Int
        var recordings: Int
        var audio_checked: Int
        var proven_entries: Int
        var checkpoint_size: Int64?
        var public_key_sha256: String?
        var problems: [[String: String]]
        var notes: [String]
    }

    func run() async throws {
        var identities: [AgeX25519Identity] = []
        if let identity {
            identities = try AgeX25519Identity.parseIdentityFile(try Self.read(identity, what: "the identity file"))
        }
        var trusted: Ed25519PublicKey?
        if let publicKey { trusted = try Ed25519PublicKey(pem: try Self.read(publicKey, what: "the public key")) }
        let url = URL(fileURLWithPath: path)
        let verifier = EvidenceBundleVerifier(identities: identities, trustedPublicKey: trusted)
        let result = try await BlockingWork.run { try verifier.verify(at: url) }
        if json {
            print(JSONOutput.string(ResultView(
                ok: result.isValid, bundle: result.index?.bundleID, payload_files: result.payloadFiles, recordings: result.recordings,
                audio_checked: result.audioChecked, proven_entries: result.provenEntries, checkpoint_size: result.checkpointSize,
                public_key_sha256: result.publicKeyFingerprint, problems: result.problems.map { ["file": $0.path, "message": $0.message] },
                notes: result.notes), pretty: true))
        } else {
            for problem in result.problems { print("\(problem.path)\t\(problem.message)") }
            for note in result.notes { printError("callvault: note: \(note)") }
        }
        guard result.isValid else {
            throw ExitStatus(code: ExitStatus.integrityProblems, message: "verify-bundle: \(result.problems.count) problem(s) in \(path)")
        }
        let bundle = result.index?.bundleID ?? "?", size = result.checkpointSize.map(String.init) ?? "?"
        let fingerprint = result.publicKeyFingerprint ?? "?"
        var summary = "callvault: bundle \(bundle) verified: \(result.payloadFiles) files match the signed manifests; "
        summary += "\(result.recordings) recordings, \(result.audioChecked) audio files equal to their ingest SHA-256; "
        summary += "\(result.provenEntries) audit entries proven against checkpoint \(size); "
        summary += "signing key SHA-256 \(fingerprint) (compare it with the vault's `callvault audit public-key`)"
        printError(summary)
    }

    private static func read(_ path: String, what: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ExitStatus(code: 66, message: "cannot read \(what) \(path)") }
        return text
    }
}
