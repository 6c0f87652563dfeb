import Foundation
import Logging
import NIOConcurrencyHelpers
import VaultBase
import VaultCore
import VaultLive
import VaultRedact
import VaultStore

/// The transcripts of live calls, as speech recognisers stream them
/// (`POST /v1/recordings/live/{id}/transcript`): one stream at a time per call, a transcript that
/// outlives a stream that broke off (a recogniser that reconnects goes on with it), and its
/// storing once the call is stored and no stream is open: the final words as an ASR JSON
/// transcript, added exactly as `transcripts add` adds one (redacted, its numbers muted in the
/// audio, its phrases found, stored and audited as `monitor.hit`).
final class LiveTranscripts: Sendable {
    /// What the stream's answer says of the transcript.
    enum Outcome: String, Encodable, Sendable {
        /// Added to the stored recording.
        case stored
        /// Kept until the call ends (or a stream that reconnects goes on with it).
        case pending
        /// No final word came: nothing to store.
        case none
    }

    private struct Entry {
        var transcript: LiveTranscript
        /// Raised at each stream's opening: a store scheduled by an earlier stream leaves the
        /// transcript to the newer one.
        var generation = 0
        var streaming = false
        /// The store of the transcript, once scheduled (it waits for the call to be stored).
        var storing: Task<Result<Recording, any Error>, Never>?
        /// Set when the store took the transcript to add it: no stream opens any more.
        var committing = false
    }

    private let live: LiveCallsHandle
    private let vault: Vault
    private let logger: Logger
    private let entries = NIOLockedValueBox<[RecordingID: Entry]>([:])

    init(live: LiveCallsHandle, vault: Vault, logger: Logger) {
        self.live = live
        self.vault = vault
        self.logger = logger
    }

    /// Opens a stream for the call recorded as `id`: its transcript so far, and the generation to
    /// close it with. Throws not found when no such call is being recorded, conflict when a stream
    /// is open or, the call having ended, the transcript is being stored.
    func open(_ id: RecordingID) throws -> (LiveTranscript, Int) {
        let server = live.server
        let recording = server?.isRecording(id) ?? false, going = server?.isLive(id) ?? false
        return try entries.withLockedValue { entries in
            guard recording || entries[id] != nil else {
                throw VaultError(.notFound, "no call is being recorded as \(id)")
            }
            var entry = entries[id] ?? Entry(transcript: LiveTranscript(recordingID: id))
            guard !entry.streaming else { throw VaultError(.conflict, "a transcript stream for \(id) is open already") }
            // While the call goes on, a store waiting for its end gives way to the new stream;
            // once it ended, the store is under way.
            guard !entry.committing, entry.storing == nil || going else {
                throw VaultError(.conflict, "the call recorded as \(id) has ended and its transcript is being stored")
            }
            entry.generation += 1
            entry.streaming = true
            entry.storing = nil
            entries[id] = entry
            return (entry.transcript, entry.generation)
        }
    }

    /// Closes a stream, keeping `transcript`: once the call is stored (at once when it already
    /// is), the transcript is added to it, unless a newer stream took it over meanwhile. Returns
    /// when the transcript is stored, or as soon as it is pending; throws why it was not stored
    /// when the call had ended.
    func close(_ transcript: LiveTranscript, generation: Int, actor: VaultActor) async throws -> (Outcome, Recording?) {
        let id = transcript.recordingID
        let server = live.server
        let task = entries.withLockedValue { entries -> Task<Result<Recording, any Error>, Never>? in
            guard var entry = entries[id], entry.generation == generation else { return nil }
            let task = Task { [self] () -> Result<Recording, any Error> in
                // The call is stored when its last dialog ends (nil: it already was).
                let call = await server?.stored(id)
                return await self.store(id, generation: generation, call: call, actor: actor)
            }
            entry.transcript = transcript
            entry.streaming = false
            entry.storing = task
            entries[id] = entry
            return task
        }
        guard let task, !transcript.words.isEmpty else { return (.none, nil) }
        if server?.isLive(id) ?? false { return (.pending, nil) }
        // A call that ended is stored within moments (its last audio encoded and committed): wait.
        switch await task.value {
        case .success(let recording): return (.stored, recording)
        case .failure(let error): throw error
        }
    }

    /// Adds the transcript of generation `generation` to the recording `id`, once the `call`'s
    /// ingest ended (nil: it had ended before). The entry goes, unless a newer stream has it.
    private func store(_ id: RecordingID, generation: Int, call: Result<Recording, any Error>?, actor: VaultActor) async -> Result<Recording, any Error> {
        let taken = entries.withLockedValue { entries -> LiveTranscript? in
            guard var entry = entries[id], entry.generation == generation, !entry.streaming else { return nil }
            entry.committing = true
            entries[id] = entry
            return entry.transcript
        }
        guard let transcript = taken else { return .failure(VaultError(.conflict, "a newer stream took the transcript of \(id) over")) }
        defer { entries.withLockedValue { if $0[id]?.generation == generation { $0[id] = nil } } }
        if case .failure(let error)? = call {
            logger.error("live transcript not stored: the call was not stored", metadata: ["recording": "\(id)", "error": "\(error)"])
            return .failure(VaultError(.conflict, "the call recorded as \(id) was not stored, so neither is its transcript: \(error)"))
        }
        guard !transcript.words.isEmpty else { return .failure(VaultError(.notFound, "the live transcript of \(id) has no final word")) }
        do {
            let recording = try await vault.recordings.addTranscript(id, bytes: transcript.document, format: .asrJSON, actor: actor)
            logger.info("live transcript stored", metadata: ["recording": "\(id)", "words": "\(transcript.words.count)"])
            return .success(recording)
        } catch {
            logger.error("live transcript not stored", metadata: ["recording": "\(id)", "error": "\(error)"])
            return .failure(error)
        }
    }

    /// Waits for every transcript being stored (the server's last step, after the calls are).
    func drain() async {
        let tasks = entries.withLockedValue { $0.values.compactMap(\.storing) }
        for task in tasks { _ = await task.value }
    }
}
