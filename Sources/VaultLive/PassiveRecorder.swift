public import Foundation
public import Logging
import NIOConcurrencyHelpers
import VaultBase
public import VaultCore
public import VaultRTP
import VaultCrypto
public import VaultStore

/// How a passive capture listens and what it records.
public struct PassiveCaptureConfiguration: Sendable {
    /// The interface to capture on (a SPAN or mirror port, or any interface).
    public var interface: String
    /// A BPF filter; nil for all UDP and SIP over TCP on port 5060 (``LiveCapture/defaultFilter``).
    public var filter: String?
    /// How calls are followed: RTP timeout, BYE grace, call limit, jitter buffer.
    public var tracking: PassiveCallTracker.Configuration
    /// Outbound calls record the callee as the subject, inbound ones the caller.
    public var direction: CallDirection
    /// The Opus encoder complexity (0–10) of the recorded calls; nil for the vault's.
    public var complexity: Int?

    /// Creates a configuration.
    public init(interface: String, filter: String? = nil, tracking: PassiveCallTracker.Configuration = .init(),
                direction: CallDirection = .outbound, complexity: Int? = nil) {
        self.interface = interface
        self.filter = filter
        self.tracking = tracking
        self.direction = direction
        self.complexity = complexity
    }
}

/// Records the calls seen on a network interface, passively (what Oreka and VoIPmonitor do on a
/// SPAN port): a ``LiveCapture`` hands each UDP datagram to a ``PassiveCallTracker`` (the file
/// path's call finding, one datagram at a time), and each call it finds is stored while it goes
/// on: from its first RTP packet an ingest (`Vault.ingestLiveCall`, on a thread of its own) reads
/// the call's `LiveCallAudio`, encodes and seals it segment by segment, and commits it when the
/// call ends (its BYE, or its RTP timeout). A crash mid-call leaves a recording that the next
/// vault open completes, marked interrupted, as for SIPREC calls.
///
/// The capture runs on a thread of its own (libpcap blocks), never on the cooperative pool.
/// Calls not recorded (the call limit, SRTP) are logged and audited as `recording.live.refused`;
/// frames the kernel dropped because the recorder fell behind are logged as errors.
public final class PassiveRecorder: Sendable {
    /// A call the capture stored, or failed to.
    public struct StoredCall: Sendable {
        /// The call's number in the capture (1-based).
        public var index: Int
        /// The stored recording, or why it was not stored.
        public var result: Result<Recording, any Error>
        /// The call's RTP statistics and notes, as stored with it (the metadata keys of a capture file's call).
        public var rtp: [String: String]
    }

    private let configuration: PassiveCaptureConfiguration
    private let vault: Vault
    private let logger: Logger
    private let capture: LiveCapture
    private let onStored: @Sendable (StoredCall) -> Void
    private let ingests = NIOLockedValueBox<[Int: Task<Void, Never>]>([:])

    /// Opens the interface (throws when it cannot be captured on, or the filter is not valid BPF);
    /// ``run()`` records. `onStored` hears of each call stored or failed.
    public init(configuration: PassiveCaptureConfiguration, vault: Vault, logger: Logger,
                onStored: @escaping @Sendable (StoredCall) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.vault = vault
        self.logger = logger
        self.onStored = onStored
        capture = try LiveCapture(interface: configuration.interface, filter: configuration.filter)
    }

    /// Records until ``stop()``: then ends every call in progress (noted as ended when the capture
    /// stopped), waits until each is stored, and returns what the kernel counted.
    public func run() async throws -> LiveCapture.Statistics {
        logger.notice("passive capture started", metadata: ["interface": "\(configuration.interface)", "filter": "\(capture.filter)"])
        let capture = self.capture, tracking = configuration.tracking
        try await BlockingWork.runLong("capture-\(configuration.interface)") {
            let tracker = PassiveCallTracker(configuration: tracking)
            var nextTick = 0.0, dropped: UInt64 = 0
            defer { self.handle(tracker.finishAll(note: "the capture stopped before the call ended")) }
            while try capture.poll({ datagram in self.handle(tracker.take(datagram)) }) {
                let now = Date().timeIntervalSince1970
                guard now >= nextTick else { continue }
                nextTick = now + 0.25
                self.handle(tracker.expire(now: now))
                let stats = capture.statistics
                if stats.dropped + stats.interfaceDropped > dropped {
                    self.logger.error("the capture is dropping frames: calls lose audio (the recorder falls behind, or the capture buffer is too small)",
                                      metadata: ["dropped": "\(stats.dropped)", "interface_dropped": "\(stats.interfaceDropped)"])
                    dropped = stats.dropped + stats.interfaceDropped
                }
            }
        }
        let pending = ingests.withLockedValue { Array($0.values) }
        for task in pending { await task.value }
        let stats = capture.statistics
        logger.notice("passive capture stopped", metadata: ["frames": "\(stats.received)", "dropped": "\(stats.dropped + stats.interfaceDropped)"])
        return stats
    }

    /// Ends ``run()``. Any thread.
    public func stop() { capture.stop() }

    /// Carries out what the tracker found (on the capture thread).
    private func handle(_ events: [PassiveCallTracker.Event]) {
        for event in events {
            switch event {
            case .started(let call):
                startIngest(call)
            case .ended(let call):
                logger.info("captured call ended", metadata: ["call": "\(call.index)"])
            case .notRecorded(let reason):
                logger.notice("captured call not recorded", metadata: ["reason": "\(reason)"])
                let vault = self.vault, logger = self.logger
                Task {
                    do {
                        try await vault.audit.recordRefusedLiveSession(status: nil, reason: reason, client: nil,
                                                                       actor: VaultActor(name: "capture", authentication: "local"))
                    } catch {
                        logger.error("cannot audit a call not recorded", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }

    /// Starts the ingest that encodes and seals `call` while it goes on.
    private func startIngest(_ call: PassiveCall) {
        let direction = configuration.direction
        let options = CaptureIngestOptions(direction: direction, startedAt: Date(timeIntervalSince1970: call.firstTime))
        let vault = self.vault, logger = self.logger, onStored = self.onStored
        let complexity = configuration.complexity
        logger.info("captured call started", metadata: ["call": "\(call.index)", "signalling": "\(call.callID == nil ? "none" : "SIP")"])
        // Registered before it can finish: it removes itself when stored.
        ingests.withLockedValue { ingests in ingests[call.index] = Task {
            let result: Result<Recording, any Error>
            do {
                let record = try await BlockingWork.runLong("capture-call") {
                    try vault.ingestLiveCall(call.audio, subjectUser: call.subjectUser(direction: direction), callID: call.callID,
                                             options: options, metadata: ["recorded_by": "capture"], complexity: complexity,
                                             actor: VaultActor(name: "capture", authentication: "local"))
                }
                logger.info("captured call stored", metadata: ["call": "\(call.index)", "recording": "\(record.id)"])
                result = .success(Recording(record))
            } catch {
                // Stop taking its media: nothing reads it any more.
                call.audio.finish(at: Date().timeIntervalSince1970)
                logger.error("captured call not stored", metadata: ["call": "\(call.index)", "error": "\(error)"])
                result = .failure(error)
            }
            onStored(StoredCall(index: call.index, result: result, rtp: call.audio.facts))
            _ = self.ingests.withLockedValue { $0.removeValue(forKey: call.index) }
        } }
    }
}
