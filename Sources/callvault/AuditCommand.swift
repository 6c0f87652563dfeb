import ArgumentParser
import Foundation
import VaultAudit
import VaultBase
import VaultCore
import VaultCrypto

/// `callvault audit`: the tamper-evident log of every action.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, prove, filter and export the audit log.",
        discussion: "The log is a hash chain of canonical JSON entries, the leaves of an RFC 6962 Merkle tree whose heads are signed checkpoints (docs/audit-log.md).",
        subcommands: [Verify.self, Checkpoint.self, Prove.self, PublicKey.self, List.self, Export.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the whole log and check it against its checkpoints.",
            discussion: "With --checkpoint, also prove the log extends a checkpoint kept elsewhere. Exit 4: tampered (the entry or range is named); exit 5: truncated."
        )
        @OptionGroup var options: VaultOptions
        @Option(help: ArgumentHelp("A signed checkpoint saved earlier (the output of `audit checkpoint`).", valueName: "file"))
        var checkpoint: String?
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let note = try checkpoint.map { path -> String in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ExitStatus(code: 66, message: "\(path): cannot read the checkpoint file")
                }
                return String(decoding: data, as: UTF8.self)
            }
            let vault = try await options.openVault()
            let result = try await vault.audit.verify(againstNote: note, actor: .localUser)
            if json {
                struct View: Encodable {
                    var ok = true
                    var entries: Int64, rootHash: String, checkpointsChecked: Int, signedSize: Int64, unsignedTail: Int64
                    var extendsCheckpoint: Int64?, consistencyProof: [String]
                    enum CodingKeys: String, CodingKey {
                        case ok, entries, rootHash = "root_hash", checkpointsChecked = "checkpoints_checked", signedSize = "signed_size"
                        case unsignedTail = "unsigned_tail", extendsCheckpoint = "extends_checkpoint", consistencyProof = "consistency_proof"
                    }
                }
                print(JSONOutput.string(View(entries: result.entries, rootHash: result.rootHash.hexString,
                                             checkpointsChecked: result.checkpointsChecked, signedSize: result.signedSize,
                                             unsignedTail: result.unsignedTail, extendsCheckpoint: result.extends?.treeSize,
                                             consistencyProof: result.consistencyProof.map(\.hexString)), pretty: true))
            } else {
                print("audit log intact: \(result.entries) entries, root \(result.rootHash.hexString)")
                print("signed checkpoints checked: \(result.checkpointsChecked); entries after the last one: \(result.unsignedTail)")
                if let extended = result.extends {
                    print("extends the given checkpoint at size \(extended.treeSize) (consistency proof of \(result.consistencyProof.count) hashes)")
                }
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign the current tree head and print it as a C2SP signed note.",
            discussion: "Keep the output somewhere the vault cannot write; `audit verify --checkpoint FILE` later proves the log extends it."
        )
        @OptionGroup var options: VaultOptions

        func run() async throws {
            let vault = try await options.openVault()
            let checkpoint = try await vault.audit.checkpoint()
            print(checkpoint.note, terminator: "")
        }
    }

    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prove",
            abstract: "Print an inclusion proof of one entry against the latest checkpoint (JSON, docs/audit-log.md).")
        @OptionGroup var options: VaultOptions
        @Argument(help: "The entry's sequence number.") var seq: Int64

        func run() async throws {
            let vault = try await options.openVault()
            let seq = self.seq
            let proof = try await vault.audit.inclusionProof(seq: seq)
            print(JSONOutput.string(proof, pretty: true))
        }
    }

    struct PublicKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key",
            abstract: "Print the vault's Ed25519 public key (SPKI PEM), as `openssl pkeyutl -verify -pubin` reads it.")
        @OptionGroup var options: VaultOptions

        func run() async throws {
            print(try await options.openVault().audit.publicKeyPEM, terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List entries, filtered by time, actor, action and target.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions
        @Option(help: "Only this actor.") var actor: String?
        @Option(help: ArgumentHelp("Only this action: \(AuditAction.allCases.map(\.rawValue).joined(separator: ", ")).")) var action: String?
        @Option(help: "Only this target (a recording id or pseudonym).") var target: String?
        @Flag(help: "Print a JSON array of entries.") var json = false

        func run() async throws {
            let vault = try await options.openVault()
            let (since, until, actor, action, target) = (range.sinceDate, range.untilDate, self.actor, self.action, self.target)
            let entries = try await vault.audit.entries(since: since, until: until, actor: actor, action: action, target: target)
            if json {
                print(JSONOutput.string(entries.map(EntryView.init), pretty: true))
                return
            }
            print(["SEQ", "TIME", "ACTOR", "AUTH", "ACTION", "TARGET", "OUTCOME"].joined(separator: "\t"))
            for e in entries {
                print(["\(e.seq)", e.time, e.actor, e.authentication, e.action, e.target ?? "-", e.outcome].joined(separator: "\t"))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write entries as JSON Lines: each line is an entry's canonical JSON, the exact Merkle leaf bytes.")
        @OptionGroup var options: VaultOptions
        @OptionGroup var range: TimeRangeOptions

        func run() async throws {
            let vault = try await options.openVault()
            let (since, until) = (range.sinceDate, range.untilDate)
            let entries = try await vault.audit.export(since: since, until: until, actor: .localUser)
            var out = Data()
            for entry in entries {
                out.append(entry)
                out.append(0x0a)
                if out.count > 1 << 20 {
                    FileHandle.standardOutput.write(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
            FileHandle.standardOutput.write(out)
        }
    }

    /// An entry as `audit list --json` prints it.
    struct EntryView: Encodable {
        var seq: Int64, time: String, actor: String, auth: String, action: String, target: String?, outcome: String
        var detail: [String: String], prev: String
        init(_ e: AuditEntry) {
            seq = e.seq; time = e.time; actor = e.actor; auth = e.authentication; action = e.action; target = e.target
            outcome = e.outcome; detail = e.detail; prev = e.prev
        }
        func encode(to encoder: any Encoder) throws {
            enum K: String, CodingKey { case seq, time, actor, auth, action, target, outcome, detail, prev }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(seq, forKey: .seq); try c.encode(time, forKey: .time); try c.encode(actor, forKey: .actor)
            try c.encode(auth, forKey: .auth); try c.encode(action, forKey: .action); try c.encode(target, forKey: .target)
            try c.encode(outcome, forKey: .outcome); try c.encode(detail, forKey: .detail); try c.encode(prev, forKey: .prev)
        }
    }
}
