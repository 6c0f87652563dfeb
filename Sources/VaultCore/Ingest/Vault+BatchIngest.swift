public import VaultStore

/// The outcome of one request of a batch ingest.
public struct IngestOutcome: Sendable {
    /// The request's position in the batch.
    public let index: Int
    /// The request.
    public let request: IngestRequest
    /// The stored recording, or why it was not stored.
    public let result: Result<RecordingRecord, any Error>
}

extension Vault {
    /// Ingests many recordings, `configuration.concurrency` at a time, each off the cooperative
    /// pool, and yields their outcomes in the order of `requests` as they become known. A
    /// failure of one request does not stop the others. Cancelling the consuming task stops
    /// starting new ingests; those under way finish or roll back.
    public func ingest(_ requests: [IngestRequest], actor: VaultActor) -> AsyncStream<IngestOutcome> {
        AsyncStream { continuation in
            let task = Task {
                await withTaskGroup(of: IngestOutcome.self) { group in
                    var next = 0
                    func submit() {
                        guard next < requests.count, !Task.isCancelled else { return }
                        let index = next, request = requests[index]
                        next += 1
                        group.addTask {
                            do {
                                let record = try await BlockingWork.run { try self.ingest(request, actor: actor) }
                                return IngestOutcome(index: index, request: request, result: .success(record))
                            } catch {
                                return IngestOutcome(index: index, request: request, result: .failure(error))
                            }
                        }
                    }
                    for _ in 0..<configuration.concurrency { submit() }
                    var ready = [Int: IngestOutcome]()
                    var nextToYield = 0
                    for await outcome in group {
                        ready[outcome.index] = outcome
                        while let outcome = ready.removeValue(forKey: nextToYield) {
                            continuation.yield(outcome)
                            nextToYield += 1
                        }
                        submit()
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
