// callvault-bench-tool: the audit-log and key-rotation workloads behind `Tools/bench`. A benchmark
// tool, not part of the product: it drives the public `Vault` / `AuditLog` API and prints one
// JSON object per run on standard output; logs go to standard error.

import Foundation
import ArgumentParser
import Logging
import VaultAudit
import VaultBase
import VaultCore
import VaultStore

/// The workloads, run by `callvault-bench-tool <appends|fill|verify|rewrap|consent> [options]`
/// (see `BenchToolCommand`).
///
/// Everything runs synchronously on real threads (the main thread and `Thread`s), never on
/// Swift's cooperative pool: `AuditLog.append` blocks until its entry is committed.
enum BenchTool {
    // MARK: appends

    /// Creates a vault, then `writers` threads call `append` in a loop until `seconds` have
    /// passed. Prints the count, the rate and the per-append latency (each call returns only
    /// once its entry is committed, so the latency includes the group commit's wait).
    static func runAppends(vault: URL, writers: Int, seconds: Double) throws {
        let opened = try createVault(at: vault)
        let log = opened.auditLog
        let results = WriterResults(writers: writers)
        let group = DispatchGroup()
        let start = ContinuousClock.now
        let deadline = start + .nanoseconds(Int64(seconds * 1e9))
        for index in 0..<writers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                var latencies = [Double]()
                latencies.reserveCapacity(1 << 16)
                do {
                    while ContinuousClock.now < deadline {
                        let before = ContinuousClock.now
                        try log.append(Drafts.realistic())
                        latencies.append((ContinuousClock.now - before).seconds)
                    }
                    results.finish(writer: index, latencies: latencies, error: nil)
                } catch {
                    results.finish(writer: index, latencies: latencies, error: error)
                }
            }
            thread.name = "audit-writer-\(index)"
            thread.start()
        }
        group.wait()
        let elapsed = (ContinuousClock.now - start).seconds
        if let error = results.firstError { throw error }
        let latencies = results.allLatencies.sorted()
        printJSON(AppendsReport(
            writers: writers, appends: latencies.count, seconds: elapsed,
            perSecond: Double(latencies.count) / elapsed,
            latencyP50Ms: percentile(latencies, 0.50) * 1000, latencyP99Ms: percentile(latencies, 0.99) * 1000,
            entriesInLog: try log.count(), synchronous: try writerPragma("synchronous", vault: opened),
            journalMode: try writerPragma("journal_mode", vault: opened)))
    }

    /// A pragma as the catalog's writer connection has it. `Vault` keeps its catalog private, so
    /// this opens a second `Catalog` on the same file: the setting comes from `Catalog.init`,
    /// which every catalog, the vault's included, goes through. `synchronous` is given by name.
    static func writerPragma(_ name: String, vault: Vault) throws -> String {
        let value = try Catalog(url: vault.layout.catalogURL).pragma(name)
        guard name == "synchronous" else { return value }
        return ["0": "OFF", "1": "NORMAL", "2": "FULL", "3": "EXTRA"][value] ?? value
    }

    // MARK: fill

    /// Creates a vault and appends `entries` realistic entries in transactions of `batch`.
    static func runFill(vault: URL, entries: Int, batch: Int) throws {
        let log = try createVault(at: vault).auditLog
        let start = ContinuousClock.now
        var written = 0
        while written < entries {
            let count = min(batch, entries - written)
            try log.append(contentsOf: (0..<count).map { _ in Drafts.realistic() })
            written += count
        }
        let elapsed = (ContinuousClock.now - start).seconds
        printJSON(FillReport(entries: written, seconds: elapsed, perSecond: Double(written) / elapsed,
                             entriesInLog: try log.count()))
    }

    // MARK: verify

    /// Opens the vault and verifies its log, timing the two apart. Unlike `callvault audit
    /// verify` it appends no `audit.verify` entry (and so triggers no checkpoint).
    static func runVerify(vault: URL) throws {
        let start = ContinuousClock.now
        let opened = try Vault.open(VaultConfiguration(vaultURL: vault), logger: logger)
        let openedAt = ContinuousClock.now
        let result = try opened.auditLog.verify()
        let verifiedAt = ContinuousClock.now
        printJSON(VerifyReport(entries: result.entries, openSeconds: (openedAt - start).seconds,
                               verifySeconds: (verifiedAt - openedAt).seconds,
                               checkpointsChecked: result.checkpointsChecked))
    }

    // MARK: rewrap

    /// Creates a vault, bulk-creates `subjects` subject keys under KEK version 1 (timed), then
    /// rotates the KEK (timed): every key is unwrapped under version 1 and wrapped under version 2,
    /// 10,000 per transaction, and version 1 is retired. Then checks with `keyStatus()` that every
    /// key is under version 2 and version 1 is retired, and prints both states.
    static func runRewrap(vault: URL, subjects: Int, pkcs11: String?) throws {
        let opened = try createVault(at: vault, pkcs11: pkcs11)
        let createStart = ContinuousClock.now
        let created = try opened.bulkCreateSubjectKeys(count: subjects, prefix: "bench-")
        let createSeconds = (ContinuousClock.now - createStart).seconds
        let before = try opened.keyStatus()

        let rotateStart = ContinuousClock.now
        let result = try opened.rotateKeys(actor: actor)
        let rotateSeconds = (ContinuousClock.now - rotateStart).seconds
        let after = try opened.keyStatus()

        let current = after.versions.first(where: \.isCurrent)
        let first = after.versions.first(where: { $0.version == 1 })
        let verified = created == subjects && result.from == 1 && result.to == 2 && result.rewrapped == subjects
            && current?.version == 2 && current?.subjectKeys == subjects
            && first?.retiredAt != nil && first?.subjectKeys == 0 && !after.rotationUnfinished
        printJSON(RewrapReport(
            subjects: subjects, createSeconds: createSeconds, rotateSeconds: rotateSeconds,
            perSecond: rotateSeconds > 0 ? Double(result.rewrapped) / rotateSeconds : 0,
            kek: pkcs11 == nil ? "file" : "pkcs11", rewrapped: result.rewrapped,
            rotation: RotationReport(from: result.from, to: result.to, createdVersion: result.createdVersion, retired: result.retired),
            before: before.versions.map(VersionReport.init), after: after.versions.map(VersionReport.init),
            rotationUnfinished: after.rotationUnfinished, verified: verified))
    }

    // MARK: consent

    struct ConsentReport: Encodable {
        var subjects: Int, reused: Bool, importSeconds: Double?, openSeconds: Double
        var checks: Int, threads: Int, checkSeconds: Double, checksPerSecond: Double, allowed: Int
        var pregeneratedCheckSeconds: Double, pregeneratedChecksPerSecond: Double
        /// CPU time (user + system, all threads) of the pregenerated checks: their cost whatever else loads the machine.
        var pregeneratedCheckCPUSeconds: Double
        var screened: Int, screenSeconds: Double, screenCPUSeconds: Double
        var erasures: Int, optOutSeconds: Double, erasureSeconds: Double, erasuresCompleted: Int
    }

    /// The `i`-th benchmark number: +86 139 then eight digits, so ten million stay distinct.
    static func number(_ i: Int) -> PhoneNumber { try! PhoneNumber(parsing: String(format: "+86139%08d", i)) }

    /// What `DIR-consent.json` records about a filled consent vault.
    struct ConsentFill: Codable {
        var subjects: Int
    }

    /// The consent readers' options, defaults unless `--reader-cache-mib`, `--reader-mmap-mib` or
    /// `--screen-threads` say otherwise (for tuning runs).
    static func runConsent(vault: URL, subjects: Int, checks: Int, threads: Int, screen: Int, erasures: Int, reuse: Bool,
                           readers: ConsentReaderOptions) throws {
        let fillRecord = URL(fileURLWithPath: vault.path + "-consent.json")
        let openStart = ContinuousClock.now
        let opened: Vault
        var importSeconds: Double?
        let reused = reuse && FileManager.default.fileExists(atPath: fillRecord.path)
        if reused {
            let fill = try JSONDecoder().decode(ConsentFill.self, from: Data(contentsOf: fillRecord))
            guard fill.subjects == subjects else {
                throw ValidationError("\(vault.path) holds \(fill.subjects) numbers, not \(subjects)")
            }
            let configuration = VaultConfiguration(vaultURL: vault, keyStoreURL: URL(fileURLWithPath: vault.path + "-keys"), consentReaders: readers)
            opened = try Vault.open(configuration, logger: logger)
        } else {
            opened = try createVault(at: vault, consentReaders: readers)
            let importStart = ContinuousClock.now
            var next = 0
            while next < subjects {
                let count = min(1_000_000, subjects - next)
                try opened.importConsents((next..<(next + count)).map(number), purposes: ["marketing"], source: "bench", actor: actor)
                next += count
            }
            importSeconds = (ContinuousClock.now - importStart).seconds
            try JSONEncoder().encode(ConsentFill(subjects: subjects)).write(to: fillRecord)
        }
        let openSeconds = (ContinuousClock.now - openStart).seconds - (importSeconds ?? 0)

        // Single checks, as a dialer makes them: each a full check (pseudonym, catalog read, decision).
        let perThread = checks / threads
        let allowedCount = LockedCounter()
        let checkStart = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var generator = SystemRandomNumberGenerator()
            var allowed = 0
            for _ in 0..<perThread {
                let phone = number(Int.random(in: 0..<subjects, using: &generator))
                if (try? opened.checkConsent(phone: phone, purpose: "marketing", actor: actor))?.allowed == true { allowed += 1 }
            }
            allowedCount.add(allowed)
            _ = thread
        }
        let checkSeconds = (ContinuousClock.now - checkStart).seconds

        // The same checks with the numbers made and parsed beforehand, untimed: the vault's own cost.
        let pregenerated: [[PhoneNumber]] = (0..<threads).map { _ in
            var generator = SystemRandomNumberGenerator()
            return (0..<perThread).map { _ in number(Int.random(in: 0..<subjects, using: &generator)) }
        }
        let pregeneratedStart = ContinuousClock.now
        let pregeneratedCPUStart = processCPUSeconds()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for phone in pregenerated[thread] { _ = try? opened.checkConsent(phone: phone, purpose: "marketing", actor: actor) }
        }
        let pregeneratedSeconds = (ContinuousClock.now - pregeneratedStart).seconds
        let pregeneratedCPUSeconds = processCPUSeconds() - pregeneratedCPUStart

        let screenNumbers = (0..<screen).map { number(($0 * 7_919) % subjects) }
        let screenStart = ContinuousClock.now
        let screenCPUStart = processCPUSeconds()
        _ = try opened.screen(screenNumbers, purpose: "marketing")
        let screenSeconds = (ContinuousClock.now - screenStart).seconds
        let screenCPUSeconds = processCPUSeconds() - screenCPUStart

        let optOutStart = ContinuousClock.now
        for i in 0..<erasures { try opened.optOut(phone: number(i), actor: actor) }
        let optOutSeconds = (ContinuousClock.now - optOutStart).seconds
        let erasureStart = ContinuousClock.now
        let done = try opened.runErasures(actor: actor)
        let erasureSeconds = (ContinuousClock.now - erasureStart).seconds

        printJSON(ConsentReport(subjects: subjects, reused: reused, importSeconds: importSeconds, openSeconds: openSeconds, checks: perThread * threads, threads: threads,
                                checkSeconds: checkSeconds, checksPerSecond: Double(perThread * threads) / checkSeconds, allowed: allowedCount.value,
                                pregeneratedCheckSeconds: pregeneratedSeconds,
                                pregeneratedChecksPerSecond: Double(perThread * threads) / pregeneratedSeconds,
                                pregeneratedCheckCPUSeconds: pregeneratedCPUSeconds,
                                screened: screen, screenSeconds: screenSeconds, screenCPUSeconds: screenCPUSeconds, erasures: erasures, optOutSeconds: optOutSeconds,
                                erasureSeconds: erasureSeconds, erasuresCompleted: done.filter { $0.state == .completed }.count))
    }

    /// User + system CPU seconds of this process so far, every thread.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A counter shared by benchmark threads.
    final class LockedCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var total = 0
        func add(_ n: Int) { lock.withLock { total += n } }
        var value: Int { lock.withLock { total } }
    }

    // MARK: helpers

    /// The actor every benchmark action is audited as.
    static let actor = VaultActor(name: "callvault-bench-tool", authentication: "local")

    /// Logs go to standard error, warnings and worse only, so standard output stays one JSON object.
    static let logger: Logger = {
        var logger = Logger(label: "callvault-bench-tool", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }()

    /// A new vault at `url` (which must not exist) with its key store beside it, at `url`-keys;
    /// with `pkcs11`, its KEK is made in that token.
    static func createVault(at url: URL, pkcs11: String? = nil, consentReaders: ConsentReaderOptions = ConsentReaderOptions()) throws -> Vault {
        if FileManager.default.fileExists(atPath: url.path) {
            throw ValidationError("\(url.path) exists; the benchmark needs a new vault")
        }
        let keys = URL(fileURLWithPath: url.path + "-keys")
        var configuration = VaultConfiguration(vaultURL: url, keyStoreURL: keys, consentReaders: consentReaders)
        configuration.pkcs11KEK = pkcs11
        let (vault, _) = try Vault.create(configuration, actor: actor, logger: logger)
        return vault
    }

    /// The value at quantile `q` of sorted `values` (nearest rank); 0 when empty.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((Double(sorted.count) * q).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
    }
}

// MARK: - Drafts

/// Audit drafts shaped like production traffic: a dialer's API token exporting a recording's
/// audio, with a handful of detail fields.
enum Drafts {
    static func realistic() -> AuditDraft {
        AuditDraft(
            actor: "dialer-7", authentication: "token", action: .recordingAudioExport,
            target: UUID().uuidString.lowercased(), outcome: .ok,
            detail: [
                "format": "ogg-opus",
                "bytes": "\(Int.random(in: 40_000...4_000_000))",
                "client": "10.20.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))",
                "reason": "quality-review",
            ])
    }
}

// MARK: - Results

/// What the writer threads hand back, guarded by a lock.
final class WriterResults: @unchecked Sendable {
    // Safe to share: every field is read and written with `lock` held.
    private let lock = NSLock()
    private var latencies: [[Double]]
    private var errors: [any Error] = []

    init(writers: Int) { latencies = Array(repeating: [], count: writers) }

    func finish(writer: Int, latencies: [Double], error: (any Error)?) {
        lock.lock(); defer { lock.unlock() }
        self.latencies[writer] = latencies
        if let error { errors.append(error) }
    }

    var allLatencies: [Double] { lock.lock(); defer { lock.unlock() }; return latencies.flatMap { $0 } }
    var firstError: (any Error)? { lock.lock(); defer { lock.unlock() }; return errors.first }
}

struct AppendsReport: Encodable {
    var writers: Int, appends: Int, seconds: Double, perSecond: Double
    var latencyP50Ms: Double, latencyP99Ms: Double, entriesInLog: Int64
    /// The catalog writer's `PRAGMA synchronous` (FULL: the WAL is fsynced at every commit) and journal mode.
    var synchronous: String, journalMode: String
}

struct FillReport: Encodable {
    var entries: Int, seconds: Double, perSecond: Double, entriesInLog: Int64
}

struct VerifyReport: Encodable {
    var entries: Int64, openSeconds: Double, verifySeconds: Double, checkpointsChecked: Int
}

struct RewrapReport: Encodable {
    var subjects: Int, createSeconds: Double, rotateSeconds: Double, perSecond: Double
    /// Where the KEK lives: `file` (key store) or `pkcs11` (token).
    var kek: String
    var rewrapped: Int
    var rotation: RotationReport
    /// `keyStatus()` before and after the rotation, one entry per KEK version.
    var before: [VersionReport], after: [VersionReport]
    var rotationUnfinished: Bool
    /// True when every key is under version 2, version 1 is retired, and nothing is left to rewrap.
    var verified: Bool
}

struct RotationReport: Encodable {
    var from: Int, to: Int, createdVersion: Bool, retired: [Int]
}

struct VersionReport: Encodable {
    var version: Int, subjectKeys: Int, current: Bool, retired: Bool, wrapsSigningKey: Bool

    init(_ version: KeyStatus.Version) {
        self.version = version.version
        subjectKeys = version.subjectKeys
        current = version.isCurrent
        retired = version.retiredAt != nil
        wrapsSigningKey = version.wrapsSigningKey
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
