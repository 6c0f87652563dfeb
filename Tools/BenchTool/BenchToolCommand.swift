import ArgumentParser
import Foundation
import VaultStore

/// `callvault-bench-tool`: the audit-log, key-rotation and consent workloads behind `Tools/bench`.
/// Each subcommand prints one JSON object on standard output; logs go to standard error. A bad
/// command line exits 64 with the usage.
@main
struct BenchToolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callvault-bench-tool",
        abstract: "The workloads behind Tools/bench (not part of the product).",
        subcommands: [Appends.self, Fill.self, Verify.self, Rewrap.self, Consent.self])
}

/// The vault every subcommand works on.
struct VaultOption: ParsableArguments {
    @Option(help: "The vault directory (its key store is DIR-keys).", transform: { URL(fileURLWithPath: $0).standardizedFileURL })
    var vault: URL
}

/// Validates that a parsed number is at least `minimum`.
private func atLeast(_ minimum: Int, _ value: Int, _ name: String) throws {
    guard value >= minimum else { throw ValidationError("--\(name) must be a whole number >= \(minimum), not \(value)") }
}

extension BenchToolCommand {
    struct Appends: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a vault; N threads append audit entries for S seconds.")
        @OptionGroup var options: VaultOption
        @Option(help: "Writer threads.") var writers: Int
        @Option(help: "Seconds to run.") var seconds: Double

        func validate() throws {
            try atLeast(1, writers, "writers")
            guard seconds >= 0, seconds.isFinite else { throw ValidationError("--seconds must be a number >= 0") }
        }
        func run() throws { try BenchTool.runAppends(vault: options.vault, writers: writers, seconds: seconds) }
    }

    struct Fill: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a vault and append N entries with append(contentsOf:), in batches.")
        @OptionGroup var options: VaultOption
        @Option(help: "Entries to append.") var entries: Int
        @Option(help: "Entries per batch.") var batch = 10_000

        func validate() throws {
            try atLeast(0, entries, "entries")
            try atLeast(1, batch, "batch")
        }
        func run() throws { try BenchTool.runFill(vault: options.vault, entries: entries, batch: batch) }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the vault and time AuditLog.verify() alone (nothing appended), apart from opening it.")
        @OptionGroup var options: VaultOption
        func run() throws { try BenchTool.runVerify(vault: options.vault) }
    }

    struct Rewrap: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a vault, bulk-create N subject keys under KEK version 1, then time a KEK rotation and check the key status.")
        @OptionGroup var options: VaultOption
        @Option(help: "Subject keys to create.") var subjects: Int
        @Option(help: "A pkcs11: URI of the token holding the KEK (default: the key store).") var pkcs11: String?

        func validate() throws { try atLeast(0, subjects, "subjects") }
        func run() throws { try BenchTool.runRewrap(vault: options.vault, subjects: subjects, pkcs11: pkcs11) }
    }

    struct Consent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: """
            Create a vault, import N numbers with a marketing authorisation, then time M single checks on T threads, \
            one batch screen of K numbers, and the opt-out and erasure of E numbers.
            """)
        @OptionGroup var options: VaultOption
        @Option(help: "Numbers to import.") var subjects: Int
        @Option(help: "Single consent checks to time.") var checks: Int
        @Option(help: "Threads making the checks.") var threads = 1
        @Option(help: "Numbers in the batch screen.") var screen: Int
        @Option(help: "Numbers opted out and erased.") var erasures: Int
        @Option(help: "yes: open a vault this command filled with N numbers before (DIR-consent.json) instead of importing.")
        var reuse: YesNo = .no
        @Option(name: .customLong("reader-cache-mib"), help: "Page cache per consent reader, MiB.") var readerCacheMiB: Int?
        @Option(name: .customLong("reader-mmap-mib"), help: "Memory map per consent reader, MiB.") var readerMmapMiB: Int?
        @Option(name: .customLong("screen-threads"), help: "Threads of a batch screen.") var screenThreads: Int?

        func validate() throws {
            try atLeast(1, subjects, "subjects")
            try atLeast(1, checks, "checks")
            try atLeast(1, threads, "threads")
            try atLeast(0, screen, "screen")
            try atLeast(0, erasures, "erasures")
            if let readerCacheMiB { try atLeast(0, readerCacheMiB, "reader-cache-mib") }
            if let readerMmapMiB { try atLeast(0, readerMmapMiB, "reader-mmap-mib") }
            if let screenThreads { try atLeast(1, screenThreads, "screen-threads") }
        }

        func run() throws {
            let defaults = ConsentReaderOptions()
            let readers = ConsentReaderOptions(pageCacheBytes: (readerCacheMiB ?? defaults.pageCacheBytes >> 20) << 20,
                                               memoryMapBytes: (readerMmapMiB ?? defaults.memoryMapBytes >> 20) << 20,
                                               screenParallelism: screenThreads ?? defaults.screenParallelism)
            try BenchTool.runConsent(vault: options.vault, subjects: subjects, checks: checks, threads: threads, screen: screen,
                                     erasures: erasures, reuse: reuse == .yes, readers: readers)
        }
    }
}

/// A `yes|no` option value, as `Tools/bench` passes it.
enum YesNo: String, ExpressibleByArgument {
    case yes, no
}
