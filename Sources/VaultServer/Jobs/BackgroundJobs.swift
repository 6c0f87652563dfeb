import Foundation
import Logging
import ServiceLifecycle
import VaultCore

/// The jobs a serving vault runs beside its API, each in its own loop of one task group:
/// audit checkpoints, erasure of open requests, retention, key rotation when due (also at
/// start), recovery of ingests another process left interrupted, and scheduled backups. A failed run is logged
/// (codes and counts, never numbers or keys) and tried again at the next interval. Stops on
/// graceful shutdown.
struct BackgroundJobs: Service {
    let vault: Vault
    let intervals: ServerConfiguration.Jobs
    let logger: Logger

    static let erasureActor = VaultActor(name: "callvault-erasure", authentication: "system")
    static let retentionActor = VaultActor(name: "callvault-retention", authentication: "system")
    static let backupActor = VaultActor(name: "callvault-backup", authentication: "system")

    func run() async throws {
        let vault = self.vault
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await self.every(intervals.keyRotationInterval, "key rotation") {
                        try await vault.keys.rotateIfDue().map { rotation in
                            ["from": "\(rotation.from)", "to": "\(rotation.to)", "rewrapped": "\(rotation.rewrapped)"]
                        }
                    }
                }
                group.addTask {
                    await self.every(intervals.checkpointInterval, "checkpoint") { await vault.audit.checkpointIfDue(); return nil }
                }
                group.addTask {
                    await self.every(intervals.erasureInterval, "erasure") {
                        let done = try await vault.erasure.run(actor: Self.erasureActor)
                        return done.isEmpty ? nil : ["completed": "\(done.count)"]
                    }
                }
                group.addTask {
                    await self.every(intervals.retentionInterval, "retention") {
                        let result = try await vault.retention.run(actor: Self.retentionActor)
                        return result.expired.isEmpty && result.restrictionsEnded.isEmpty ? nil
                            : ["purged": "\(result.expired.count)", "restrictions_ended": "\(result.restrictionsEnded.count)"]
                    }
                }
                if let backup = intervals.backup {
                    group.addTask { await self.backups(backup) }
                }
                group.addTask {
                    await self.every(intervals.recoveryInterval, "ingest recovery", runAtStart: false) {
                        let count = try await vault.recoverInterrupted()
                        return count == 0 ? nil : ["ended": "\(count)"]
                    }
                }
            }
        }
    }

    /// Takes a backup whenever the newest successful one (the audit log's, whoever took it) is
    /// `schedule.interval` old, looking every `schedule.checkInterval`; a failure is retried at the next look.
    private func backups(_ schedule: ServerConfiguration.ScheduledBackup) async {
        while !Task.isCancelled {
            do {
                let last = try await vault.backups.recent().last { $0.succeeded }?.at
                if vault.configuration.clock.now() >= (last ?? .distantPast) + schedule.interval {
                    let result = try await vault.backups.run(to: schedule.directory, keep: schedule.keep, actor: Self.backupActor)
                    logger.info("backup ran", metadata: ["backup.id": "\(result.backupID)", "backup.objects": "\(result.objects)",
                                                         "backup.objects_copied": "\(result.objectsCopied)"])
                }
            } catch {
                logger.error("backup failed; retrying at the next check", metadata: ["error": "\(APIError(error).code)"])
            }
            do { try await Task.sleep(for: schedule.checkInterval) } catch { return }
        }
    }

    /// Runs `job` every `interval` until cancelled (its blocking work on the blocking pool); logs what it did.
    private func every(_ interval: Duration, _ name: String, runAtStart: Bool = true,
                       _ job: @escaping @Sendable () async throws -> [String: String]?) async {
        var first = runAtStart
        while !Task.isCancelled {
            if !first {
                do { try await Task.sleep(for: interval) } catch { return }
            }
            first = false
            do {
                if let done = try await job() {
                    logger.info("\(name) ran", metadata: done.mapValues { .string($0) })
                }
            } catch {
                logger.error("\(name) failed; retrying at the next interval", metadata: ["error": "\(APIError(error).code)"])
            }
        }
    }
}
