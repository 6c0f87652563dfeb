import Foundation
import Hummingbird
import Synchronization
import VaultAudio
import VaultBase
import VaultCore

/// `POST /v1/recordings` (recorder): a WAV body, streamed straight into the ingest pipeline.
///
/// The body never touches disk and is never held whole: its chunks go into a pipe whose read
/// end libsndfile decodes (`/dev/fd/N`) on a blocking-work thread, so plaintext audio exists
/// only in the pipe's kernel buffer and the pipeline's blocks, as in a file ingest. The
/// recording commits only if the whole body arrived: an upload cut short (client gone, size
/// limit) fails its ingest, which rolls back. Metadata comes in the query string.
/// Captures (pcap, rtpdump) are not accepted over HTTP yet: their reader needs a seekable file,
/// and a capture is plaintext audio that must not be spooled to disk.
struct RecordingUploadRoutes {
    let vault: Vault
    let configuration: ServerConfiguration
    let metrics: ServerMetrics

    static let wavTypes: Set<String> = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"]
    static let captureTypes: Set<String> = ["application/vnd.tcpdump.pcap", "application/x-pcapng", "application/x-rtpdump"]

    func register(_ registry: EndpointRegistry) {
        let vault = self.vault, maximum = configuration.maxUploadSize, metrics = self.metrics
        registry.add(.post, "/v1/recordings", roles: [.recorder]) { call in
            let mediaType = (call.request.headers[.contentType] ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            let multipartBoundary = MultipartStream.boundary(of: call.request.headers[.contentType] ?? "")
            if Self.captureTypes.contains(mediaType) {
                throw APIError(.unsupportedMediaType, "unsupported_media_type",
                               "captures (pcap, rtpdump) cannot be uploaded over HTTP yet; ingest them with `callvault ingest` on the vault host")
            }
            guard Self.wavTypes.contains(mediaType) || multipartBoundary != nil else {
                throw APIError(.unsupportedMediaType, "unsupported_media_type",
                               "send the recording as audio/wav (or application/octet-stream), or multipart/form-data with a transcript part and an audio part")
            }
            let q = call.request
            var request = IngestRequest(source: URL(fileURLWithPath: "/dev/null"))
            request.subject = try q.query("subject").map { try Field.phone($0, field: "subject", vault: vault) }
            request.campaign = try q.query("campaign").map { try Field.text($0, field: "campaign", maximum: 200) }
            request.agent = try q.query("agent").map { try Field.text($0, field: "agent", maximum: 200) }
            request.startedAt = try q.query("started_at").map { try Field.time($0, field: "started_at") }
            if let length = q.headers[.contentLength].flatMap(Int.init), length > maximum {
                throw APIError(.contentTooLarge, "payload_too_large", "uploads are limited to \(maximum) bytes")
            }
            request.transcriptFormat = try q.query("transcript_format").map { name in
                guard Self.transcriptFormats.contains(name) else {
                    throw APIError.badRequest("'transcript_format' must be one of \(Self.transcriptFormats.sorted().joined(separator: ", "))", code: "invalid_field")
                }
                return name
            }
            metrics.uploads(1)
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

    /// Where the audio bytes come from.
    enum AudioBody {
        /// The whole request body.
        case raw(RequestBody)
        /// The rest of a multipart body, positioned in its audio part.
        case multipart(MultipartStream)
    }

    /// Feeds the audio into a pipe while the vault ingests from its read end.
    static func ingest(_ call: APICall, request: IngestRequest, audio: AudioBody, vault: Vault, maximum: Int) async throws -> Response {
        let pipe = Pipe()
        let completion = UploadCompletion()
        var request = request
        request.source = URL(fileURLWithPath: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
        let actor = call.actor, ingestRequest = request
        let reader = pipe.fileHandleForReading, writer = pipe.fileHandleForWriting
        let ingest = Task {
            defer { try? reader.close() }  // a writer still writing then gets EPIPE and drains the rest
            return try await BlockingWork.run {
                try vault.ingest(ingestRequest, actor: actor) {
                    CompletedUploadSource(try WAVFileReader(url: ingestRequest.source), completion: completion)
                }
            }
        }
        var received = 0, readerGone = false
        func feed(_ buffer: ByteBuffer) async throws {
            received += buffer.readableBytes
            guard received <= maximum else {
                throw APIError(.contentTooLarge, "payload_too_large", "uploads are limited to \(maximum) bytes")
            }
            guard !readerGone else { return }
            let bytes = Data(buffer.readableBytesView)
            do { try await BlockingWork.run { try writer.write(contentsOf: bytes) } } catch { readerGone = true }
        }
        do {
            switch audio {
            case .raw(let body):
                for try await buffer in body { try await feed(buffer) }
            case .multipart(var parts):
                reading: while true {
                    switch try await parts.next() {
                    case .content(let buffer): try await feed(buffer)
                    case .part: throw APIError.badRequest("the 'audio' part must be the last", code: "malformed_multipart")
                    case .end: break reading
                    }
                }
            }
            completion.finish(complete: true)
        } catch {
            completion.finish(complete: false)
            try? writer.close()
            _ = try? await ingest.value
            throw error
        }
        try? writer.close()
        do {
            let record = try await ingest.value
            return .json(RecordingJSON.text(record), status: .created)
        } catch let error as AudioError {
            // The decoder names its input; the client's is "the upload", not a descriptor path.
            throw AudioError(error.code, error.message.replacingOccurrences(of: ingestRequest.source.path, with: "the upload"))
        }
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
