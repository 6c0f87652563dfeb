import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import VaultCore
import VaultLive
import VaultStore

/// The SIPREC server of a `serve --siprec`, once it is made: the live-recording routes reach it
/// through this (registered whether or not live recording is on, so the API is always the same).
final class LiveCallsHandle: Sendable {
    private let box = NIOLockedValueBox<SIPRECServer?>(nil)

    /// The server, nil while live recording is off.
    var server: SIPRECServer? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}

/// Calls being recorded live (`serve --siprec`): `GET /v1/recordings/live` (recorder, auditor)
/// lists them; `POST /v1/recordings/live/{id}/pause` and `/resume` (recorder) stop and restart
/// keeping a call's media (PCI: a payment being taken), by the id it will be stored under. A
/// paused span is silence in the stored audio and is listed in the recording's `paused_spans`;
/// each pause and resume is audited. 404 when live recording is off or no such call is live.
///
/// `POST /v1/recordings/live/{id}/transcript` (recorder) takes a speech recogniser's results for
/// the call as they come: a body of JSON lines (`application/x-ndjson`, sent chunked while the
/// call goes on), each a ``LiveTranscriptResult``. Each final result is redacted and scanned with
/// the words before it; a new high-severity hit is posted to the monitoring webhook at once. When
/// the body ends the answer says how many results came and whether the transcript is `stored`
/// (the call had ended: it is added to the recording as `transcripts add` adds one), `pending`
/// (stored when the call ends; a stream that reconnects goes on with it) or `none`; an error
/// when the call ended and the transcript could not be stored. A line that is not a result ends
/// the stream with 422 naming the line; the lines before it are kept.
struct LiveRecordingRoutes {
    let live: LiveCallsHandle
    let vault: Vault
    let transcripts: LiveTranscripts
    let webhook: MonitorWebhook?
    let logger: Logger

    func register(_ registry: EndpointRegistry) {
        let live = self.live
        @Sendable func server() throws -> SIPRECServer {
            guard let server = live.server else {
                throw APIError(.notFound, "not_found", "live recording is off on this server (callvault serve --siprec)")
            }
            return server
        }
        registry.add(.get, "/v1/recordings/live", roles: [.recorder, .auditor]) { _ in
            struct Calls: Encodable { var calls: [LiveRecording] }
            return try .json(Calls(calls: try server().liveCalls()))
        }
        let vault = self.vault, transcripts = self.transcripts, webhook = self.webhook, logger = self.logger
        registry.add(.post, "/v1/recordings/live/{id}/transcript", roles: [.recorder]) { call in
            let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
            _ = try server()
            let (transcript, generation) = try transcripts.open(id)
            var stream = LiveTranscriptStream(transcript: transcript)
            do {
                try await stream.read(call.request.body, vault: vault) { alert in
                    guard alert.fires, let webhook else { return }
                    webhook.post(alert, actor: call.actor)
                }
            } catch {
                // What came before the bad line (or the broken connection) is kept.
                _ = try? await transcripts.close(stream.transcript, generation: generation, actor: call.actor)
                throw error
            }
            let (outcome, recording) = try await transcripts.close(stream.transcript, generation: generation, actor: call.actor)
            logger.info("live transcript stream ended", metadata: ["recording": "\(id)", "finals": "\(stream.transcript.finals)",
                                                                 "alerts": "\(stream.alerts)", "transcript": "\(outcome.rawValue)"])
            return try .json(LiveTranscriptSummary(stream: stream, outcome: outcome, recording: recording))
        }
        for (action, paused) in [("pause", true), ("resume", false)] {
            registry.add(.post, "/v1/recordings/live/{id}/\(action)", roles: [.recorder]) { call in
                let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
                return try .json(try await server().setPaused(paused, recording: id, actor: call.actor))
            }
        }
    }
}

/// One stream's reading: its lines, split as they arrive, taken into the call's transcript.
struct LiveTranscriptStream {
    /// The call's transcript, with this stream's final words.
    var transcript: LiveTranscript
    /// Lines read, and alerts found (every severity) in them.
    private(set) var lines = 0, alerts = 0

    init(transcript: LiveTranscript) { self.transcript = transcript }

    /// Reads `body` to its end, taking each line's result; `alert` hears each new phrase hit at once.
    mutating func read(_ body: RequestBody, vault: Vault, alert: (LivePhraseAlert) -> Void) async throws {
        var pending: [UInt8] = []
        for try await chunk in body {
            // Only the new bytes are searched for a line break: the rest of `pending` has none.
            var searched = pending.count
            pending += chunk.readableBytesView
            var start = 0
            while let newline = pending[searched...].firstIndex(of: 0x0A) {
                try await take(Array(pending[start..<newline]), vault: vault, alert: alert)
                start = newline + 1
                searched = start
            }
            pending.removeFirst(start)
            guard pending.count <= LiveTranscriptResult.maximumLineBytes else {
                throw VaultError(.malformedTranscript, "line \(lines + 1): longer than \(LiveTranscriptResult.maximumLineBytes) bytes")
            }
        }
        try await take(pending, vault: vault, alert: alert)  // a last line without its line break
    }

    private mutating func take(_ line: [UInt8], vault: Vault, alert: (LivePhraseAlert) -> Void) async throws {
        lines += 1
        var line = line[...]
        while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line.removeLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }  // a blank line keeps the stream alive
        let result = try LiveTranscriptResult.parse(Array(line), line: lines)
        // A scan that fails (a stored lexicon that no longer parses) ends the stream; the words are
        // kept, taken before the scan.
        let found = try await vault.monitor.take(result, into: &transcript)
        alerts += found.count
        found.forEach(alert)
    }
}

/// What a transcript stream's answer says: the results taken, the alerts found, and the transcript's fate.
struct LiveTranscriptSummary: Encodable {
    var recordingId: String
    var partials: Int, finals: Int, words: Int, alerts: Int
    var transcript: LiveTranscripts.Outcome
    var recording: Recording?

    enum CodingKeys: String, CodingKey {
        case recordingId = "recording_id", partials, finals, words, alerts, transcript, recording
    }

    init(stream: LiveTranscriptStream, outcome: LiveTranscripts.Outcome, recording: Recording?) {
        recordingId = stream.transcript.recordingID.description
        partials = stream.transcript.partials; finals = stream.transcript.finals; words = stream.transcript.words.count
        alerts = stream.alerts
        transcript = outcome
        self.recording = recording
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(recordingId, forKey: .recordingId); try c.encode(partials, forKey: .partials); try c.encode(finals, forKey: .finals)
        try c.encode(words, forKey: .words); try c.encode(alerts, forKey: .alerts); try c.encode(transcript, forKey: .transcript)
        try c.encode(recording, forKey: .recording)
    }
}
