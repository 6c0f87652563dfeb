import Foundation
import Logging
import ServiceLifecycle
import VaultCore

/// The jobs a serving vault runs beside its API, each in its own loop of one task group:
/// audit checkpoints, erasure of open requests, retention, key rotation when due (also at
/// start), recovery of ingests another process left interrupted, and scheduled backups. A failed run is logged
/// (codes and counts, never numbers or keys) and tried again at the next interval. Stops on
/// graceful shutdown.
///
/// In a vault several nodes share, the cluster's jobs run on one node only: the holder of the
/// catalog's leader lease, checked every `leaseInterval`. Every node recovers its own interrupted
/// work; the leader also ends the ingests of nodes that are gone. A node that takes the lease
/// audits it (`cluster.lead`); at a graceful shutdown it gives the lease up, so another node takes
/// it at its next check.
struct BackgroundJobs: Service {
    let vault: Vault
    let intervals: ServerConfiguration.Jobs
    /// Where the lease's state is shown (`callvault_cluster_leader`) and read by the job loops.
    let metrics: ServerMetrics
    let logger: Logger

    static let erasureActor = VaultActor(name: "callvault-erasure", authentication: "system")
    static let retentionActor = VaultActor(name: "callvault-retention", authentication: "system")
    static let backupActor = VaultActor(name: "callvault-backup", authentication: "system")

    func run() async throws {
        let vault = self.vault
        var lease = LeaseWatch()
        await checkLease(&lease)  // before the first runs: they are the cluster's only on its leader
        let watched = lease
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watchLease(watched) }
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
                group.addTask { await self.watchFence(intervals.backup?.location) }
                group.addTask {
                    await self.every(intervals.recoveryInterval, "ingest recovery", runAtStart: false, clusterWide: false) {
                        let own = try await vault.recoverInterrupted()
                        // The ingests of nodes gone for good: the leader's to end, once for the cluster.
                        let others = self.metrics.leading ? try await vault.recoverGoneNodes() : 0
                        return own + others == 0 ? nil : ["ended": "\(own)", "ended_of_gone_nodes": "\(others)"]
                    }
                }
            }
        }
        if metrics.leading, vault.isShared { logger.notice("giving up the cluster's leader lease") }
        metrics.leading = false
        await vault.releaseLeaderLease()
    }

    /// What the lease watch knows between checks.
    struct LeaseWatch {
        /// Whether the last check failed (its error is logged once, not at every check).
        var failing = false
    }

    /// Checks the lease every `leaseInterval` until cancelled.
    private func watchLease(_ watch: LeaseWatch) async {
        var watch = watch
        while !Task.isCancelled {
            do { try await Task.sleep(for: intervals.leaseInterval) } catch { return }
            await checkLease(&watch)
        }
    }

    /// Takes or confirms the lease; logs and audits a change of leader.
    private func checkLease(_ watch: inout LeaseWatch) async {
        let was = metrics.leading
        var now = false
        do {
            now = try await vault.holdsLeaderLease()
            if watch.failing { logger.notice("the cluster's leader lease can be checked again") }
            watch.failing = false
        } catch {
            if !watch.failing {
                logger.error("cannot check the cluster's leader lease; this node runs no cluster job until it can",
                             metadata: ["error": "\(APIError(error).code)"])
            }
            watch.failing = true
        }
        metrics.leading = now
        guard vault.isShared, now != was else { return }
        if now {
            logger.notice("this node took the cluster's leader lease: it signs the checkpoints and runs erasure, retention, key rotation and backups",
                          metadata: ["node": "\(vault.nodeName)"])
            do { try await vault.recordLeadership() } catch {
                logger.error("could not audit the leader lease taken", metadata: ["error": "\(APIError(error).code)"])
            }
        } else {
            logger.warning("this node lost the cluster's leader lease; another node runs the cluster's jobs")
        }
    }

    /// Looks every `fenceCheckInterval` (on every node: each must stop) at the backup location,
    /// when there is one, for a promoted standby's fence, and for a `fenced.json` another process
    /// wrote, until the vault is fenced; from then on every write and consent check is refused and
    /// `/readyz` says so.
    private func watchFence(_ location: BackupLocation?) async {
        var failing = false
        while !Task.isCancelled, !vault.isFenced {
            do {
                if let location { _ = try await vault.backups.checkFence(at: location) }
                failing = false
            } catch {
                if !failing { logger.error("cannot look for a standby's fence at the backup location", metadata: ["error": "\(APIError(error).code)"]) }
                failing = true
            }
            do { try await Task.sleep(for: intervals.fenceCheckInterval) } catch { return }
        }
    }

    /// Takes a backup whenever the newest successful one (the audit log's, whoever took it) is
    /// `schedule.interval` old, looking every `schedule.checkInterval` while this node leads; a
    /// failure is retried at the next look.
    private func backups(_ schedule: ServerConfiguration.ScheduledBackup) async {
        while !Task.isCancelled {
            if metrics.leading, !vault.isFenced {
                do {
                    let last = try await vault.backups.recent().last { $0.succeeded }?.at
                    if vault.configuration.clock.now() >= (last ?? .distantPast) + schedule.interval {
                        let result = try await vault.backups.run(to: schedule.location, keep: schedule.keep,
                                                                 standbyRecipient: schedule.standbyRecipient, actor: Self.backupActor)
                        logger.info("backup ran", metadata: ["backup.id": "\(result.backupID)", "backup.objects": "\(result.objects)",
                                                             "backup.objects_copied": "\(result.objectsCopied)"])
                    }
                } catch {
                    logger.error("backup failed; retrying at the next check", metadata: ["error": "\(APIError(error).code)"])
                }
            }
            do { try await Task.sleep(for: schedule.checkInterval) } catch { return }
        }
    }

    /// Runs `job` every `interval` until cancelled (its blocking work on the blocking pool); logs
    /// what it did. A `clusterWide` job runs only while this node holds the leader lease.
    private func every(_ interval: Duration, _ name: String, runAtStart: Bool = true, clusterWide: Bool = true,
                       _ job: @escaping @Sendable () async throws -> [String: String]?) async {
        var first = runAtStart
        while !Task.isCancelled {
            if !first {
                do { try await Task.sleep(for: interval) } catch { return }
            }
            first = false
            if clusterWide, !metrics.leading { continue }
            // A fenced vault takes no write: its jobs (erasure, retention, rotation, recovery) stop, so
            // nothing of what it took since the standby's backup is purged or rolled back meanwhile.
            if vault.isFenced { continue }
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
