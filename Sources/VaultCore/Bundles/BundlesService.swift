public import Foundation

/// Evidence bundles' use cases, as `vault.bundles`: a bundle written to a directory or a zip
/// file, or streamed as a zip (the auditors' HTTP endpoint). Same rules either way: a reason and
/// a selection, restricted recordings only with restricted access, every release audited before
/// a byte is decrypted.
public struct BundlesService: Sendable {
    let vault: Vault

    /// Writes a bundle of the selected recordings to `destination` (a directory, or a zip file
    /// when its name ends in `.zip`); nothing appears there unless the whole bundle was written.
    public func export(_ request: EvidenceBundleRequest, to destination: URL, actor: VaultActor) async throws -> EvidenceBundleResult {
        try await BlockingWork.runLong("callvault-bundle") { try vault.exportEvidenceBundle(request, to: destination, actor: actor) }
    }

    /// Starts streaming a bundle as a zip whose files sit under the folder `name`. Refusals (no
    /// reason, no selection, nothing selected, restricted without restricted access) are thrown
    /// here, before a byte; an error later ends the stream with that error, the zip unfinished.
    ///
    /// The export runs on a thread of its own (it can take minutes), writing into a pipe whose
    /// other end the stream reads on a second thread of its own: a read that waits for the
    /// export never holds a thread of the shared pool that claims and token checks need.
    public func zipStream(_ request: EvidenceBundleRequest, named name: String, actor: VaultActor) async throws -> EvidenceBundleZipStream {
        let stream = EvidenceBundleZipStream()
        let writer = stream.pipe.fileHandleForWriting
        stream.export = Task {
            defer { try? writer.close() }  // the reader sees the end, whether the export finished or failed
            return try await BlockingWork.runLong("callvault-bundle") {
                try vault.exportEvidenceBundle(request, zipStreamNamed: name, actor: actor) { bytes in
                    try writer.write(contentsOf: Data(bytes))
                }
            }
        }
        guard let first = try await stream.read() else {
            // Nothing came: the export was refused before its first byte, and its error is the answer.
            _ = try await stream.export?.value
            throw VaultError(.refused, "the evidence bundle came out empty")
        }
        stream.pending = first
        return stream
    }
}

/// A zip evidence bundle being written, read block by block (`next()`); the export's result or
/// error comes with the end. Closing it (or dropping it) makes the export's next write fail.
public final class EvidenceBundleZipStream: @unchecked Sendable {
    // Safe to share: `export` and `pending` are set before the stream is handed out, then read
    // by its one reader.
    fileprivate let pipe = Pipe()
    /// Reads wait here, not on the shared pool: the export may take minutes between blocks.
    private let reader = DedicatedThread(name: "callvault-bundle-read")
    fileprivate var export: Task<EvidenceBundleResult, any Error>?
    fileprivate var pending: Data?

    fileprivate init() {}

    deinit {
        try? pipe.fileHandleForReading.close()
        reader.close()
    }

    fileprivate func read() async throws -> Data? {
        let handle = pipe.fileHandleForReading
        let data = try await reader.run { try handle.read(upToCount: 64 * 1024) ?? Data() }
        return data.isEmpty ? nil : data
    }

    /// The next block of the zip (up to 64 KiB); nil at the end of a bundle that was wholly
    /// written. An export that failed midway throws its error here instead of ending.
    public func next() async throws -> Data? {
        if let first = pending {
            pending = nil
            return first
        }
        if let data = try await read() { return data }
        _ = try await export?.value
        return nil
    }

    /// What the export did; waits for it to end.
    public func result() async throws -> EvidenceBundleResult? { try await export?.value }

    /// Stops reading: the export's next write fails and it ends.
    public func close() { try? pipe.fileHandleForReading.close() }
}

extension Vault {
    /// Evidence bundles' use cases.
    public var bundles: BundlesService { BundlesService(vault: self) }
}
