public import Foundation
public import VaultAudio
public import VaultBase
import VaultCrypto
public import VaultRTP
public import VaultStore

/// What is known about the calls of one capture, beyond the packets.
public struct CaptureIngestOptions: Sendable {
    /// Outbound (the subject is the callee, To: the default) or inbound (the caller, From).
    public var direction: CallDirection = .outbound
    /// The subject for every call of the capture, overriding SIP's From/To.
    public var subject: PhoneNumber?
    /// The campaign, when known.
    public var campaign: String?
    /// The agent, when known.
    public var agent: String?
    /// When the call started; nil means the capture time of its first RTP packet.
    public var startedAt: Date?
    /// Stops the ingest of every call not yet stored (a client that left, a server stopping).
    public var cancellation: IngestCancellation?

    /// Creates options.
    public init(direction: CallDirection = .outbound, subject: PhoneNumber? = nil, campaign: String? = nil,
                agent: String? = nil, startedAt: Date? = nil) {
        self.direction = direction
        self.subject = subject
        self.campaign = campaign
        self.agent = agent
        self.startedAt = startedAt
    }
}

/// The outcome of one call of a capture.
public struct CaptureCallOutcome: Sendable {
    /// The call's position in the capture (1-based).
    public let index: Int
    /// SHA-256 (hex) of the SIP Call-ID, when signalling was captured: the recording's `call_id_sha256`.
    public let callIDHash: String?
    /// The request the call was ingested with (metadata included).
    public let request: IngestRequest
    /// The stored recording, or why it was not stored.
    public let result: Result<RecordingRecord, any Error>
}

extension Vault {
    /// Ingests every call of a pcap, pcapng or rtpdump capture, each as one stereo recording
    /// (caller left, callee right) with its RTP statistics as metadata, `configuration.concurrency`
    /// calls at a time. Blocking: call it off the cooperative pool. A file that is no capture,
    /// has an unsupported link type, is cut before its first packet or holds no RTP throws one
    /// error naming the file, and nothing is stored; a call whose payloads cannot be decoded
    /// (e.g. G.729) is a failed outcome while the other calls are stored.
    ///
    /// `format` skips reading the file's first bytes to learn it (for a pipe, whose bytes can be
    /// read only once); `check` runs after the whole capture is read and before any call is
    /// stored (an upload checks there that its body arrived whole), and what it throws ends
    /// the ingest like a bad file.
    public func ingestCapture(at url: URL, format: CaptureFormat? = nil, options: CaptureIngestOptions, actor: VaultActor,
                              check: () throws -> Void = {}) throws -> [CaptureCallOutcome] {
        let calls: [RTPCall]
        do {
            let capture = try format.map { try Capture.read(url: url, format: $0) } ?? Capture.read(url: url)
            try check()
            calls = try CallFinder.calls(in: capture)
        } catch {
            _ = try? logAudit(.recordingIngest, actor: actor, target: nil, outcome: .failed,
                           detail: ["error": (error as? RTPError).map { "rtp.\($0.code)" } ?? Self.errorCode(error)])
            throw error
        }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var outcomes: [CaptureCallOutcome?]
            init(_ count: Int) { outcomes = Array(repeating: nil, count: count) }
        }
        let results = Results(calls.count)
        DispatchQueue.concurrentPerform(iterations: calls.count) { i in
            let outcome = self.ingestCall(calls[i], source: url, options: options, actor: actor)
            results.lock.withLock { results.outcomes[i] = outcome }
        }
        return results.outcomes.map { $0! }
    }

    /// Stores one call found in a capture: subject from SIP (unless `options` names one), its RTP
    /// statistics and `metadata` kept with it, the SHA-256 of its Call-ID (`call_id_sha256`;
    /// `sip_call_id_sha256` is its first 16 hex digits). Blocking: call it off the cooperative pool.
    public func ingestCall(_ call: RTPCall, source url: URL, options: CaptureIngestOptions, metadata extra: [String: String] = [:],
                           actor: VaultActor) -> CaptureCallOutcome {
        var request = IngestRequest(source: url, subject: options.subject, campaign: options.campaign, agent: options.agent,
                                    startedAt: options.startedAt ?? Date(timeIntervalSince1970: call.firstTime))
        request.cancellation = options.cancellation
        let sip = sipFacts(user: call.subjectUser(direction: options.direction), callID: call.callID, options: options)
        if request.subject == nil { request.subject = sip.subject }
        let callIDHash = sip.metadata["call_id_sha256"]
        guard call.isDecodable else {
            let error = RTPError(.unsupportedCodec, "\(url.path): call \(call.index): no decodable audio: " + call.unsupportedReport.joined(separator: "; "))
            _ = try? logAudit(.recordingIngest, actor: actor, target: nil, outcome: .failed, detail: ["error": "rtp.\(error.code)"])
            return CaptureCallOutcome(index: call.index, callIDHash: callIDHash, request: request, result: .failure(error))
        }
        do {
            let assembled = try call.assemble(limits: audioLimits)
            request.metadata = assembled.metadata.merging(extra) { $1 }.merging(sip.metadata) { $1 }
            let notes = [assembled.metadata["notes"], extra["notes"], sip.note].compactMap { $0 }
            if !notes.isEmpty { request.metadata["notes"] = notes.joined(separator: "; ") }
            let record = try ingest(request, actor: actor) { try assembled.makeSource() }
            return CaptureCallOutcome(index: call.index, callIDHash: callIDHash, request: request, result: .success(record))
        } catch {
            return CaptureCallOutcome(index: call.index, callIDHash: callIDHash, request: request, result: .failure(error))
        }
    }

    /// Stores a call received live while it goes on: the ingest reads `audio` as it is rendered,
    /// encoding and sealing as it goes, and returns when the call has ended (`audio.finish`) and
    /// is committed. Subject, Call-ID hashes and notes as ``ingestCall(_:source:options:metadata:actor:)``;
    /// `subjectUser` is the user part of the subject's SIP address; `complexity` (0–10), when
    /// given, replaces the vault's Opus encoder complexity for this call; `rsMetadata`, the SIPREC
    /// metadata its SRC sends, is sealed with it. Blocking for the whole call: run it on a thread
    /// of its own (`BlockingWork.runLong`).
    public func ingestLiveCall(_ audio: LiveCallAudio, subjectUser: String?, callID: String?, options: CaptureIngestOptions,
                               metadata extra: [String: String] = [:], recordingID: RecordingID? = nil,
                               complexity: Int? = nil, rsMetadata: RSMetadataFeed? = nil, actor: VaultActor) throws -> RecordingRecord {
        var request = IngestRequest(source: URL(fileURLWithPath: "live"), subject: options.subject, campaign: options.campaign,
                                    agent: options.agent, startedAt: options.startedAt)
        request.id = recordingID
        request.opus = complexity.map { complexity in
            var opus = configuration.opus
            opus.complexity = complexity
            return opus
        }
        request.cancellation = options.cancellation
        request.completesAfterCrash = true  // the call cannot be recorded again
        request.rsMetadata = rsMetadata
        let sip = sipFacts(user: subjectUser, callID: callID, options: options)
        if request.subject == nil { request.subject = sip.subject }
        request.metadata = extra.merging(sip.metadata) { $1 }
        let notes = [extra["notes"], sip.note].compactMap { $0 }
        if !notes.isEmpty { request.metadata["notes"] = notes.joined(separator: "; ") }
        return try ingest(request, actor: actor) { audio }
    }

    /// What SIP says about a call: the subject from the user part of its address (a note when that
    /// is not a phone number), and the SHA-256 of its Call-ID (never the Call-ID itself).
    private func sipFacts(user: String?, callID: String?, options: CaptureIngestOptions) -> (subject: PhoneNumber?, note: String?, metadata: [String: String]) {
        var metadata: [String: String] = [:]
        if let callID {
            let digest = SHA256Hasher.hash(Array(callID.utf8)).map { String(format: "%02x", $0) }.joined()
            metadata["call_id_sha256"] = digest
            metadata["sip_call_id_sha256"] = String(digest.prefix(16))
        }
        guard options.subject == nil, let user else { return (nil, nil, metadata) }
        if let number = try? PhoneNumber(parsing: user, defaultCountryCode: configuration.defaultCountryCode) { return (number, nil, metadata) }
        return (nil, "the SIP \(options.direction == .outbound ? "callee" : "caller") is not a phone number; no subject", metadata)
    }

    /// Whether `url` is a capture file (pcap, pcapng or rtpdump), by its magic bytes.
    public static func isCapture(_ url: URL) -> Bool {
        CaptureFormat.sniff(url: url) != nil
    }
}
