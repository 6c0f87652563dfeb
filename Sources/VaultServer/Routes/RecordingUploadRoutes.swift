import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization
import VaultAudio
import VaultBase
import VaultCore
import VaultStore
import VaultRTP

/// `POST /v1/recordings` (recorder): a WAV body, or a pcap, pcapng or rtpdump capture, streamed
/// straight into the ingest.
///
/// The body never touches disk: its chunks go into a pipe whose read end the ingest reads
/// (`/dev/fd/N`) on a blocking-work thread, libsndfile for a WAV, libpcap or the rtpdump reader
/// for a capture (its format known from the body's first bytes, so the pipe is read once, front
/// to back). A WAV is never held whole: plaintext audio exists only in the pipe's kernel buffer
/// and the pipeline's blocks. A capture's RTP payloads are held in memory until its calls are
/// assembled, as in `callvault ingest` (hence `maxCaptureUploadSize`). Nothing commits unless
/// the whole body arrived: a WAV cut short fails its ingest, which rolls back; a capture cut
/// short is refused before any call is stored. Metadata comes in the query string.
struct RecordingUploadRoutes {
    let vault: Vault
    let configuration: ServerConfiguration
    let metrics: ServerMetrics

    static let wavTypes: Set<String> = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"]
    static let captureTypes: Set<String> = ["application/vnd.tcpdump.pcap", "application/x-pcapng", "application/x-rtpdump"]

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault, maximum = configuration.maxUploadSize, metrics = self.metrics
        let captureMaximum = configuration.maxCaptureUploadSize, concurrentLimit = configuration.maxConcurrentUploads
        registry.add(.post, "/v1/recordings", roles: [.recorder]) { call in
            let mediaType = (call.request.headers[.contentType] ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            let multipartBoundary = MultipartStream.boundary(of: call.request.headers[.contentType] ?? "")
            let isCapture = Self.captureTypes.contains(mediaType)
            guard isCapture || Self.wavTypes.contains(mediaType) || multipartBoundary != nil else {
                throw APIError(.unsupportedMediaType, "unsupported_media_type",
                               "send the recording as audio/wav (or application/octet-stream), multipart/form-data with a transcript part and an audio part, "
                               + "or a capture as application/vnd.tcpdump.pcap, application/x-pcapng or application/x-rtpdump")
            }
            let q = call.request
            var request = IngestRequest(source: URL(fileURLWithPath: "/dev/null"))
            request.subject = try q.query("subject").map { try Field.phone($0, field: "subject", vault: vault) }
            request.campaign = try q.query("campaign").map { try Field.text($0, field: "campaign", maximum: 200) }
            request.agent = try q.query("agent").map { try Field.text($0, field: "agent", maximum: 200) }
            request.startedAt = try q.query("started_at").map { try Field.time($0, field: "started_at") }
            let limit = isCapture ? captureMaximum : maximum
            if let length = q.headers[.contentLength].flatMap(Int.init), length > limit {
                throw APIError(.contentTooLarge, "payload_too_large", "\(isCapture ? "captures" : "uploads") are limited to \(limit) bytes")
            }
            if isCapture {
                let options = try Self.captureOptions(q, request: request)
                guard metrics.startUpload(limit: concurrentLimit) else { throw Self.busy(concurrentLimit) }
                defer { metrics.uploads(-1) }
                return try await Self.ingestCapture(call, options: options, vault: vault, maximum: limit)
            }
            request.transcriptFormat = try q.query("transcript_format").map { name in
                guard Self.transcriptFormats.contains(name) else {
                    throw APIError.badRequest("'transcript_format' must be one of \(Self.transcriptFormats.sorted().joined(separator: ", "))", code: "invalid_field")
                }
                return name
            }
            guard metrics.startUpload(limit: concurrentLimit) else { throw Self.busy(concurrentLimit) }
            defer { metrics.uploads(-1) }
            guard let multipartBoundary else {
                return try await Self.ingest(call, request: request, audio: .raw(call.request.body), vault: vault, maximum: maximum)
            }
            // Multipart: an optional "transcript" part (kept in memory, redacted before anything is
            // stored), then the "audio" part, streamed like a raw body.
            var parts = MultipartStream(body: call.request.body, boundary: multipartBoundary)
            var event = try await parts.next()
            if case .part("transcript", let contentType) = event {
                var transcript = [UInt8]()
                while true {
                    event = try await parts.next()
                    guard case .content(let chunk) = event else { break }
                    transcript += chunk.readableBytesView
                    guard transcript.count <= Self.maximumTranscriptSize else {
                        throw APIError(.contentTooLarge, "payload_too_large", "a transcript is limited to \(Self.maximumTranscriptSize) bytes")
                    }
                }
                request.transcriptBytes = transcript
                if request.transcriptFormat == nil { request.transcriptFormat = Self.transcriptFormat(contentType: contentType) }
            }
            guard case .part("audio", _) = event else {
                throw APIError.badRequest("multipart uploads are an optional 'transcript' part, then an 'audio' part", code: "malformed_multipart")
            }
            return try await Self.ingest(call, request: request, audio: .multipart(parts), vault: vault, maximum: maximum)
        }
    }

    /// 503 with Retry-After: every upload slot is taken (each holds two threads and its memory).
    static func busy(_ limit: Int) -> APIError {
        var error = APIError(.serviceUnavailable, "busy", "\(limit) uploads are being ingested; retry shortly")
        error.headers[.retryAfter] = "5"
        return error
    }

    /// A capture's options: the request's metadata, and `direction` (no transcript).
    static func captureOptions(_ q: Request, request: IngestRequest) throws -> CaptureIngestOptions {
        guard q.query("transcript_format") == nil else {
            throw APIError.badRequest("a capture is uploaded without a transcript", code: "invalid_field")
        }
        var options = CaptureIngestOptions(subject: request.subject, campaign: request.campaign, agent: request.agent, startedAt: request.startedAt)
        if let direction = q.query("direction") {
            guard let value = CallDirection(rawValue: direction) else {
                throw APIError.badRequest("'direction' must be outbound or inbound", code: "invalid_field")
            }
            options.direction = value
        }
        return options
    }

    static let transcriptFormats: Set<String> = ["text", "asr-json", "whisper-json", "vtt", "srt"]
    static let maximumTranscriptSize = 8 << 20

    /// A transcript format from a part's media type (text/vtt, application/x-subrip, application/json, text/plain).
    static func transcriptFormat(contentType: String?) -> String {
        switch contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "text/vtt": "vtt"
        case "application/x-subrip", "text/srt": "srt"
        case "application/json": "asr-json"
        default: "text"
        }
    }

    /// Where the uploaded bytes come from.
    enum AudioBody {
        /// The whole request body.
        case raw(RequestBody)
        /// The rest of a multipart body, positioned in its audio part.
        case multipart(MultipartStream)
        /// Bytes already read from the request body, then the rest of it.
        case prefixed(ByteBuffer, RequestBody.AsyncIterator)
        /// Bytes already read from the audio part, then the rest of the multipart body.
        case prefixedMultipart(ByteBuffer, MultipartStream)

        /// The first `count` bytes (fewer when the body is shorter), and the body to pipe: those
        /// bytes, then the rest.
        consuming func head(_ count: Int) async throws -> (ByteBuffer, AudioBody) {
            var head = ByteBuffer()
            switch consume self {
            case .raw(let body):
                var rest = body.makeAsyncIterator()
                while head.readableBytes < count, let chunk = try await rest.next() { head.writeImmutableBuffer(chunk) }
                return (head, .prefixed(head, rest))
            case .multipart(var parts):
                reading: while head.readableBytes < count {
                    switch try await parts.next() {
                    case .content(let chunk): head.writeImmutableBuffer(chunk)
                    case .part: throw APIError.badRequest("the 'audio' part must be the last", code: "malformed_multipart")
                    case .end: break reading
                    }
                }
                return (head, .prefixedMultipart(head, parts))
            case let other:
                return (head, other)
            }
        }
    }

    /// Runs `body` with a cancellation that is set when the client's connection closes or the
    /// server begins to stop: an ingest never runs on for a client that left, and SIGTERM
    /// does not wait for an upload to finish encoding (it rolls back; nothing is stored).
    static func cancellable<T>(_ call: APICall, _ body: (IngestCancellation) async throws -> T) async throws -> T {
        let cancellation = IngestCancellation()
        call.context.whenClientHangsUp { cancellation.cancel("the client hung up") }
        return try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await body(cancellation)
            } onCancel: {
                cancellation.cancel("the request was cancelled")
            }
        } onGracefulShutdown: {
            cancellation.cancel("the server is stopping")
        }
    }

    /// Ingests a WAV from the upload. Its header is checked from the first bytes before the
    /// pipe is fed (a pipe can be read once only), so a lying header is refused before any work.
    static func ingest(_ call: APICall, request: IngestRequest, audio: AudioBody, vault: Vault, maximum: Int) async throws -> Response {
        try await cancellable(call) { cancellation in
            var request = request
            request.cancellation = cancellation
            return try await ingestCancellable(call, request: request, audio: audio, vault: vault, maximum: maximum)
        }
    }

    private static func ingestCancellable(_ call: APICall, request: IngestRequest, audio: AudioBody, vault: Vault,
                                          maximum: Int) async throws -> Response {
        let actor = call.actor
        do {
            let (head, audio) = try await audio.head(4096)
            let header = try WAVHeader.inspect(Array(head.readableBytesView), fileSize: nil, name: "the upload")
            let limits = vault.audioLimits
            let record = try await throughPipe(audio, maximum: maximum) { source, completion in
                var request = request
                request.source = source
                return try vault.ingest(request, actor: actor) {
                    CompletedUploadSource(try WAVFileReader(url: source, limits: limits, header: header), completion: completion)
                }
            }
            return .json(Recording(record).json, status: .created)
        } catch let error as AudioError {
            // The decoder names its input; the client's is "the upload", not a descriptor path.
            throw AudioError(error.code, Self.namingTheUpload(error.message))
        }
    }

    /// Ingests every call of a capture from the upload: 201 with one entry per call (its
    /// recording, or why it was not stored) when any call was stored, else the first call's error.
    static func ingestCapture(_ call: APICall, options: CaptureIngestOptions, vault: Vault, maximum: Int) async throws -> Response {
        try await cancellable(call) { cancellation in
            var options = options
            options.cancellation = cancellation
            return try await ingestCapture(call, cancellableOptions: options, vault: vault, maximum: maximum)
        }
    }

    private static func ingestCapture(_ call: APICall, cancellableOptions options: CaptureIngestOptions, vault: Vault,
                                      maximum: Int) async throws -> Response {
        // The format from the first bytes, which then go into the pipe ahead of the rest.
        var body = call.request.body.makeAsyncIterator()
        var head = ByteBuffer()
        while head.readableBytes < 16, let chunk = try await body.next() { head.writeImmutableBuffer(chunk) }
        guard let format = CaptureFormat.sniff(Array(head.readableBytesView.prefix(16))) else {
            throw APIError(.unprocessableContent, "malformed_capture", "the upload is not a pcap, pcapng or rtpdump capture")
        }
        let actor = call.actor
        let outcomes: [CaptureCallOutcome]
        do {
            outcomes = try await throughPipe(.prefixed(head, body), maximum: maximum) { source, completion in
                try vault.ingestCapture(at: source, format: format, options: options, actor: actor) {
                    guard completion.isComplete else {
                        throw APIError.badRequest("the upload ended before the whole body arrived", code: "incomplete_upload")
                    }
                }
            }
        } catch let error as RTPError {
            throw RTPError(error.code, Self.namingTheUpload(error.message))
        }
        guard outcomes.contains(where: { (try? $0.result.get()) != nil }) else {
            if case .failure(let error)? = outcomes.first?.result {
                throw (error as? RTPError).map { RTPError($0.code, Self.namingTheUpload($0.message)) } ?? error
            }
            throw APIError(.unprocessableContent, "malformed_capture", "the capture holds no call")
        }
        let entries = outcomes.map { outcome in
            let head = "\"call\":\(outcome.index),\"call_id_sha256\":\(JSONText.quotedOrNull(outcome.callIDHash))"
            switch outcome.result {
            case .success(let record): return "{\(head),\"recording\":\(Recording(record).json)}"
            case .failure(let error):
                let mapped = APIError(error)
                let message = Self.namingTheUpload(mapped.message)
                return "{\(head),\"error\":{\"code\":\(JSONText.quoted(mapped.code)),\"message\":\(JSONText.quoted(message))}}"
            }
        }
        return .json("{\"calls\":[\(entries.joined(separator: ","))]}", status: .created)
    }

    /// A reader's message about its input, which names the pipe (`/dev/fd/N`): the client's
    /// input is "the upload".
    static func namingTheUpload(_ message: String) -> String {
        message.replacing(#/\/dev\/fd\/[0-9]+/#, with: "the upload")
    }

    /// Feeds the upload into a pipe while `consume` reads the pipe's read end (`/dev/fd/N`) on a
    /// blocking-work thread. `consume` learns through its `UploadCompletion` whether the body
    /// arrived whole (known before the read end sees the end of the pipe).
    static func throughPipe<T: Sendable>(_ audio: AudioBody, maximum: Int,
                                         consume: @escaping @Sendable (URL, UploadCompletion) throws -> T) async throws -> T {
        let pipe = Pipe()
        let completion = UploadCompletion()
        let source = URL(fileURLWithPath: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
        let reader = pipe.fileHandleForReading, writer = pipe.fileHandleForWriting
        // The decode and encode, and the pipe writes that wait for them, each on a thread of the
        // upload's own: however long they block, the shared blocking-work threads stay free.
        let decoding = DedicatedThread(name: "callvault upload decode"), feeding = DedicatedThread(name: "callvault upload pipe")
        defer { decoding.close(); feeding.close() }
        let consumer = Task {
            defer { try? reader.close() }  // a writer still writing then gets EPIPE and drains the rest
            return try await decoding.run { try consume(source, completion) }
        }
        var received = 0, readerGone = false
        func feed(_ buffer: ByteBuffer) async throws {
            received += buffer.readableBytes
            guard received <= maximum else {
                throw APIError(.contentTooLarge, "payload_too_large", "uploads are limited to \(maximum) bytes")
            }
            guard !readerGone else { return }
            let bytes = Data(buffer.readableBytesView)
            do { try await feeding.run { try writer.write(contentsOf: bytes) } } catch { readerGone = true }
        }
        do {
            func feedParts(_ parts: inout MultipartStream) async throws {
                while true {
                    switch try await parts.next() {
                    case .content(let buffer): try await feed(buffer)
                    case .part: throw APIError.badRequest("the 'audio' part must be the last", code: "malformed_multipart")
                    case .end: return
                    }
                }
            }
            switch audio {
            case .raw(let body):
                for try await buffer in body { try await feed(buffer) }
            case .prefixed(let head, var rest):
                try await feed(head)
                while let buffer = try await rest.next() { try await feed(buffer) }
            case .multipart(var parts):
                try await feedParts(&parts)
            case .prefixedMultipart(let head, var parts):
                try await feed(head)
                try await feedParts(&parts)
            }
            completion.finish(complete: true)
        } catch {
            completion.finish(complete: false)
            try? writer.close()
            _ = try? await consumer.value
            throw error
        }
        try? writer.close()
        return try await consumer.value
    }
}

/// Whether the request body arrived whole; set before the pipe's write end closes.
final class UploadCompletion: Sendable {
    private let state = Mutex<Bool?>(nil)
    func finish(complete: Bool) { state.withLock { $0 = complete } }
    var isComplete: Bool { state.withLock { $0 } == true }
}

/// A WAV source over the upload pipe that fails at its end unless the body arrived whole, so
/// a truncated upload never commits as a shorter recording.
final class CompletedUploadSource: PCMSource {
    private let source: WAVFileReader
    private let completion: UploadCompletion
    var format: PCMFormat { source.format }
    var sourceDescription: String { source.sourceDescription }
    var expectedFrames: Int? { source.expectedFrames }
    var notes: [String] { source.notes }
    var facts: [String: String] { source.facts }

    init(_ source: WAVFileReader, completion: UploadCompletion) {
        self.source = source
        self.completion = completion
    }

    func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let count = try source.read(into: buffer, frames: frames)
        if count == 0, !completion.isComplete {
            throw APIError.badRequest("the upload ended before the whole body arrived", code: "incomplete_upload")
        }
        return count
    }
}
