public import Foundation
public import Logging
public import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import NIOSSL
public import VaultBase
public import VaultCore
public import VaultRTP
import VaultCrypto
import VaultSIP
public import VaultStore

/// How the SIPREC recording server listens and what it records.
public struct SIPRECConfiguration: Sendable {
    /// Where SIP is received, on UDP and TCP (an IPv4 or IPv6 address, `0.0.0.0` or `::` for all).
    public var sipHost: String, sipPort: Int
    /// The IPv4 or IPv6 address RTP is received on and that SDP answers name (never 0.0.0.0 or ::: an SRC must
    /// be able to send to it).
    public var mediaAddress: String
    /// The RTP ports offered (even ones; each stream takes one).
    public var rtpPorts: ClosedRange<Int>
    /// Recording sessions open at once; more are answered 503.
    public var maximumCalls: Int
    /// Outbound calls record the callee as the subject, inbound ones the caller.
    public var direction: CallDirection
    /// A session whose ports received nothing for this many seconds is ended by the server: it
    /// sends the SRC a BYE and stores what arrived, noted as ended by media timeout.
    public var mediaTimeout: Double
    /// New recording sessions a second that one source address may open (a token bucket holding a
    /// second's worth); more are answered 503 with Retry-After and audited. Nil: no limit.
    public var maximumSessionRate: Double?
    /// SIP over TLS (`sips:`, RFC 3261 §26): where it listens, and the PEM certificate chain and
    /// private key it presents; nil for none.
    public var tls: TLS?
    /// The TLS listener's address and certificate.
    public struct TLS: Sendable {
        /// Where SIP over TLS is received (IPv4).
        public var host: String, port: Int
        /// PEM files: the certificate chain and its private key.
        public var certificate: URL, privateKey: URL
        /// Creates the TLS settings.
        public init(host: String, port: Int, certificate: URL, privateKey: URL) {
            self.host = host
            self.port = port
            self.certificate = certificate
            self.privateKey = privateKey
        }
    }
    /// The Opus encoder complexity (0–10) of live calls; nil for the vault's (10 by default). A
    /// lower one keeps more calls at once on few cores (`Tools/bench`'s live section measures it).
    public var complexity: Int?

    /// Creates a configuration.
    public init(sipHost: String = "0.0.0.0", sipPort: Int = 5060, mediaAddress: String, rtpPorts: ClosedRange<Int> = 20000...29999,
                maximumCalls: Int = 500, direction: CallDirection = .outbound, mediaTimeout: Double = 120, complexity: Int? = nil,
                tls: TLS? = nil, maximumSessionRate: Double? = 50) {
        self.complexity = complexity
        self.maximumSessionRate = maximumSessionRate
        self.tls = tls
        self.sipHost = sipHost
        self.sipPort = sipPort
        self.mediaAddress = mediaAddress
        self.rtpPorts = rtpPorts
        self.maximumCalls = maximumCalls
        self.direction = direction
        self.mediaTimeout = mediaTimeout
    }
}

/// A SIPREC Session Recording Server (RFC 7866): answers recording sessions on UDP and TCP,
/// receives their RTP on ports of its own, and stores each recorded call while it goes on: from
/// the first INVITE an ingest (`Vault.ingestLiveCall`) encodes and seals the call's
/// `LiveCallAudio`, caller left and callee right, and commits it when the last dialog recording
/// the call ends.
///
/// Signalling is `SIPRECSessions` (pure); this type carries out its actions: sockets, RTP
/// receivers, the media timeout (the server's own BYE, sent back the way the INVITE came),
/// storing. Once `shutdown` has begun, new requests are answered 503.
public final class SIPRECServer: Sendable {
    /// What the server does with a session that ended: where the stored recording is reported.
    public struct StoredCall: Sendable {
        /// The SIPREC dialog's Call-ID.
        public var sessionCallID: String
        /// The stored recording, or why it was not stored.
        public var result: Result<Recording, any Error>
    }

    private let configuration: SIPRECConfiguration
    private let vault: Vault
    private let group: any EventLoopGroup
    private let logger: Logger
    private let clock: @Sendable () -> Double
    private let ports: RTPPortPool
    private let mediaAddress: IPAddress
    private let onStored: @Sendable (StoredCall) -> Void

    /// One recording dialog (an SRC's session) and what it holds.
    fileprivate struct Dialog {
        var call: LiveCall
        var ports: [Int]
        var channels: [any Channel] = []
        /// Set when the dialog ended while its channels were still being opened.
        var ended = false
        /// Sends a request of ours (a BYE) back the way the dialog came.
        var send: @Sendable (SIPMessage) -> Void
        /// Our Via's transport and address on that way.
        var sentBy: String
        var invitedAt: Double
        /// The session timer (RFC 4028): its interval, who refreshes, and when it was last set.
        var timer: (interval: Int, refresher: SIPRECSessions.Refresher, since: Double)?
    }

    /// The ports of a delayed offer sent in a 200 OK, and how to send the session a BYE of ours.
    fileprivate struct Reservation {
        var leases: [RTPPortPool.Lease]
        var at: Double
        var sentBy: String
        var send: @Sendable (SIPMessage) -> Void
        /// Over UDP, the 200 OK, sent again until the ACK comes (RFC 3261 §13.3.1.4): when it
        /// was last sent and the interval to the next (T1 = 0.5 s, doubled up to T2 = 4 s).
        var ok: SIPMessage?
        var lastSent: Double, interval = 0.5
    }

    fileprivate struct State {
        var sessions: SIPRECSessions
        var dialogs: [String: Dialog] = [:]
        /// Calls by their metadata session id: a second dialog of the same session records into
        /// the same call (one recording per recorded session).
        var callsBySession: [String: LiveCall] = [:]
        /// Ports leased for delayed offers sent in a 200 OK, until their ACK starts the session
        /// (or ``SIPRECServer/unacknowledgedOfferTimeout`` passes), by Call-ID.
        var reserved: [String: Reservation] = [:]
        var listeners: [any Channel] = []
        var sipPort = 0
        /// The TLS listener's port (0 without TLS).
        var sipsPort = 0
        /// Set by `shutdown`: no new dialog is opened.
        var stopping = false
        /// Refused INVITEs already audited (Call-ID and CSeq), oldest first, bounded.
        var refusalsAudited = Set<String>()
        var refusalOrder: [String] = []
        var timeoutTask: RepeatedTask?
        /// Stores in progress, so `shutdown` can wait for them.
        var storing = 0
        /// The kernel's UDP receive-buffer drops, looked at every 5 s while calls are recorded.
        var drops: UDPDropMonitor
        var dropsCheckedAt = 0.0
        var droppedByKernel: UInt64 = 0
        /// Per source address: the new-session tokens left and when they were counted.
        var buckets: [String: (tokens: Double, at: Double)] = [:]
    }

    private let state: NIOLockedValueBox<State>
    /// Each call's ingest, running from its first INVITE until it is finished and committed.
    private let ingests = NIOLockedValueBox<[RecordingID: Task<Result<Recording, any Error>, Never>]>([:])
    private let idle = NIOLockedValueBox<[CheckedContinuation<Void, Never>]>([])

    /// A server that stores calls in `vault`. `clock` gives seconds since the epoch (tests inject
    /// theirs); `onStored` hears of each session stored or failed.
    public convenience init(configuration: SIPRECConfiguration, vault: Vault, group: any EventLoopGroup, logger: Logger,
                            clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                            onStored: @escaping @Sendable (StoredCall) -> Void = { _ in }) throws {
        try self.init(configuration: configuration, vault: vault, group: group, logger: logger, clock: clock, onStored: onStored,
                      kernelCounters: UDPDropMonitor.kernel)
    }

    /// A server whose alert on kernel drops reads `kernelCounters` (tests inject their own).
    init(configuration: SIPRECConfiguration, vault: Vault, group: any EventLoopGroup, logger: Logger,
         clock: @escaping @Sendable () -> Double, onStored: @escaping @Sendable (StoredCall) -> Void,
         kernelCounters: @escaping UDPDropMonitor.Reader) throws {
        guard let address = IPAddress(configuration.mediaAddress), address != IPAddress("0.0.0.0"), address != IPAddress("::") else {
            throw LiveError(.configuration, "the media address \(configuration.mediaAddress) must be this host's IPv4 or IPv6 address that SRCs can reach")
        }
        guard configuration.maximumCalls > 0 else { throw LiveError(.configuration, "the call limit must be at least 1") }
        self.configuration = configuration
        self.vault = vault
        self.group = group
        self.logger = logger
        self.clock = clock
        self.onStored = onStored
        mediaAddress = address
        ports = try RTPPortPool(host: configuration.mediaAddress, range: configuration.rtpPorts)
        let maximum = min(configuration.maximumCalls, ports.capacity)
        state = NIOLockedValueBox(State(sessions: SIPRECSessions(address: configuration.mediaAddress, maximumSessions: maximum,
                                                                 decodable: { decodesAudio(encodingName: $0.name) }),
                                        drops: UDPDropMonitor(read: kernelCounters)))
    }

    /// Starts listening; returns the SIP port bound (the configured one, or the one the system
    /// chose for port 0), the same for UDP and TCP.
    @discardableResult
    public func start() async throws -> Int {
        var udp: (any Channel)?, tcp: (any Channel)?
        var port = configuration.sipPort
        var attempts = 0
        while tcp == nil {
            let datagrams: any Channel
            do {
                datagrams = try await DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    // A SIPREC INVITE (SDP with keys, metadata) often passes NIO's default 2 KiB read: a
                    // datagram is read whole, up to UDP's limit.
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SIPDatagramHandler(server: self)) }
                    }
                    .bind(host: configuration.sipHost, port: configuration.sipPort).get()
            } catch {
                throw LiveError(.bind, "cannot listen for SIP on UDP \(configuration.sipHost):\(configuration.sipPort): \(error)")
            }
            port = datagrams.localAddress?.port ?? configuration.sipPort
            do {
                tcp = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SIPStreamHandler(server: self, transport: "TCP")) }
                    }
                    .bind(host: configuration.sipHost, port: port).get()
                udp = datagrams
            } catch {
                try? await datagrams.close()
                attempts += 1
                // Port 0: the UDP port the system chose has its TCP twin taken by someone else;
                // another pair is chosen (a port given by the operator is theirs to free).
                guard configuration.sipPort == 0, attempts < 8 else {
                    throw LiveError(.bind, "cannot listen for SIP on TCP \(configuration.sipHost):\(port): \(error)")
                }
            }
        }
        guard let udp, let tcp else { throw LiveError(.bind, "cannot listen for SIP on \(configuration.sipHost)") }
        var listeners: [any Channel] = [udp, tcp]
        if let tls = configuration.tls {
            do {
                listeners.append(try await listenTLS(tls))
            } catch {
                for channel in listeners { try? await channel.close() }
                throw error
            }
        }
        // Media timeouts are looked for twice a second, against the server's clock.
        let check = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(500), delay: .milliseconds(500)) { [weak self] _ in
            self?.endSilentDialogs()
        }
        state.withLockedValue { state in
            state.listeners = listeners
            state.sipsPort = listeners.count > 2 ? listeners[2].localAddress?.port ?? 0 : 0
            state.sipPort = port
            state.timeoutTask = check
        }
        logger.notice("SIPREC server listening", metadata: ["sip": "\(Self.hostPort(configuration.sipHost, port))",
                                                            "sips": "\(configuration.tls.map { Self.hostPort($0.host, $0.port) } ?? "off")",
                                                            "media": "\(configuration.mediaAddress)",
                                                            "rtp_ports": "\(configuration.rtpPorts.lowerBound)-\(configuration.rtpPorts.upperBound)"])
        return port
    }

    /// The TLS listener: the same framing and signalling as TCP, behind NIOSSL.
    private func listenTLS(_ tls: SIPRECConfiguration.TLS) async throws -> any Channel {
        let context: NIOSSLContext
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate.path)
            let key = try NIOSSLPrivateKey(file: tls.privateKey.path, format: .pem)
            context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw LiveError(.configuration, "cannot use the SIP TLS certificate or key: \(error)")
        }
        do {
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        try channel.pipeline.syncOperations.addHandler(SIPStreamHandler(server: self, transport: "TLS"))
                    }
                }
                .bind(host: tls.host, port: tls.port).get()
        } catch {
            throw LiveError(.bind, "cannot listen for SIP on TLS \(tls.host):\(tls.port): \(error)")
        }
    }

    /// The TLS listener's port (the configured one, or the one the system chose for 0); nil without TLS.
    public var tlsPort: Int? {
        state.withLockedValue { state in state.sipsPort > 0 ? state.sipsPort : nil }
    }

    /// Stops listening, ends every open session as if its BYE had come (storing what it
    /// received), and waits until everything is stored.
    public func shutdown() async {
        let (listeners, open) = state.withLockedValue { state in
            state.stopping = true
            let listeners = state.listeners
            state.listeners = []
            state.timeoutTask?.cancel()
            state.timeoutTask = nil
            let open = Array(state.dialogs.keys)
            for callID in open { state.sessions.expire(callID: callID) }
            for callID in state.reserved.keys { state.sessions.expire(callID: callID) }
            return (listeners, open)
        }
        for callID in state.withLockedValue({ Array($0.reserved.keys) }) { release(reservedFor: callID) }
        for channel in listeners { try? await channel.close() }
        for callID in open { end(callID, note: "the server stopped before the session's BYE") }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Registered under the same lock the last store takes to wake the waiters: no wake-up is missed.
            let waiting = state.withLockedValue { state -> Bool in
                guard state.storing > 0 || !state.dialogs.isEmpty else { return false }
                idle.withLockedValue { $0.append(continuation) }
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    /// UDP datagrams the kernel reported dropped (receive buffers full) while calls were recorded.
    public var droppedByKernel: UInt64 { state.withLockedValue { $0.droppedByKernel } }

    /// Recording dialogs open now.
    public var openSessions: Int { state.withLockedValue { $0.dialogs.count } }

    // MARK: Signalling

    /// Handles one SIP message from `source` over `transport` (`UDP`, `TCP`); `reply` sends a
    /// message back the way it came (kept for the dialog, to send our BYE).
    func handle(_ message: SIPMessage, from source: SocketAddress?, transport: String, reply: @escaping @Sendable (SIPMessage) -> Void) {
        let now = clock()
        if state.withLockedValue({ $0.stopping }) {
            if message.method != nil, message.method != "ACK" { reply(message.response(503, "Service Unavailable")) }
            return
        }
        // Our address in a Via: the listen address, or the media address when listening on all.
        let listening = configuration.sipHost == "0.0.0.0" || configuration.sipHost == "::" ? configuration.mediaAddress : configuration.sipHost
        let sentBy = "SIP/2.0/\(transport) \(Self.hostPort(listening, state.withLockedValue { transport == "TLS" ? $0.sipsPort : $0.sipPort }))"
        if let rate = configuration.maximumSessionRate, let client = source?.ipAddress,
           !state.withLockedValue({ $0.admit(message, from: client, rate: rate, at: now) }) {
            reply(message.response(503, "Service Unavailable", headers: [.init("Retry-After", "1")]))
            auditRefusal(of: message, status: 503, reason: "more than \(Self.rate(rate)) new sessions a second from this address", from: source)
            return
        }
        var leased: [RTPPortPool.Lease] = []
        // A delayed offer's ACK starts its session on the ports reserved for it: claimed under the
        // same lock as the state machine's step, so the sweep of unacknowledged offers never
        // frees them under a session that has just started.
        var claimed: [String: [RTPPortPool.Lease]] = [:]
        let actions = state.withLockedValue { state in
            let actions = state.sessions.handle(message) { count in
                guard let leases = ports.lease(count) else { return nil }
                leased = leases
                return leases.map(\.port)
            }
            for case .start(let callID, _, _) in actions {
                if let reservation = state.reserved.removeValue(forKey: callID) { claimed[callID] = reservation.leases }
            }
            return actions
        }
        var usedLeases = false
        for action in actions {
            switch action {
            case .send:
                continue
            case .reserve(let callID):
                usedLeases = true
                var ok: SIPMessage?
                if transport == "UDP", case .send(let response)? = actions.first { ok = response }
                let reservation = Reservation(leases: leased, at: now, sentBy: sentBy, send: reply, ok: ok, lastSent: now)
                state.withLockedValue { state in state.reserved[callID] = reservation }
            case .hangUp(let callID):
                let bye = state.withLockedValue { state in state.sessions.bye(callID: callID, sentBy: sentBy, branch: Self.newBranch()) }
                if let bye { reply(bye) }
                release(reservedFor: callID)
                logger.notice("recording session ended: its ACK had no usable answer to the offer", metadata: ["session": "\(Self.digest(callID))"])
            case .start(let callID, let offer, let streams):
                usedLeases = true
                // A delayed offer's session starts at its ACK, on the ports its INVITE reserved.
                let leases = claimed[callID] ?? leased
                let chosen = Set(streams.map(\.port))
                let unused = leases.filter { !chosen.contains($0.port) }
                for lease in unused { close(lease.descriptor) }
                ports.release(unused.map(\.port))
                begin(callID, offer: offer, streams: streams, leases: leases.filter { chosen.contains($0.port) }, at: now, source: source,
                      sentBy: sentBy, send: reply)
            case .pause(let callID):
                call(callID)?.pause(at: now)
                logger.info("recording paused", metadata: ["session": "\(Self.digest(callID))"])
            case .resume(let callID):
                call(callID)?.resume(at: now)
                logger.info("recording resumed", metadata: ["session": "\(Self.digest(callID))"])
            case .updateMetadata(let callID, let metadata, let xml):
                call(callID)?.updateMetadata(metadata, xml: xml, at: now)
            case .sessionTimer(let callID, let interval, let refresher):
                // The dialog exists once its start action (earlier in this list) was carried out.
                state.withLockedValue { state in state.dialogs[callID]?.timer = (interval, refresher, now) }
            case .rekey(let callID, let streams):
                do {
                    try call(callID)?.rekey(streams)
                    logger.info("SRTP keys changed", metadata: ["session": "\(Self.digest(callID))"])
                } catch {
                    logger.error("cannot take the new SRTP keys", metadata: ["session": "\(Self.digest(callID))", "error": "\(error)"])
                }
            case .stop(let callID):
                release(reservedFor: callID)
                end(callID, note: nil)
            }
        }
        if !usedLeases {
            for lease in leased { close(lease.descriptor) }
            ports.release(leased.map(\.port))
        }
        for case .send(let response) in actions { reply(response) }
        auditRefusal(of: message, actions: actions, from: source)
    }

    /// Records a refused new session (an INVITE outside a dialog answered 4xx or 5xx) in the audit
    /// log, once per INVITE however often it is retransmitted.
    private func auditRefusal(of message: SIPMessage, actions: [SIPRECSessions.Action], from source: SocketAddress?) {
        guard case .send(let response)? = actions.first, let status = response.status, status >= 400 else { return }
        let reason = switch status {
        case 400: "malformed request or body"
        case 422: "session interval too small"
        case 482: "the session is already being recorded"
        case 488: "no media line this recorder can record"
        case 503: "call or RTP port limit reached"
        default: "refused"
        }
        auditRefusal(of: message, status: status, reason: reason, from: source)
    }

    /// Records one refused new session with its status and reason (words only).
    private func auditRefusal(of message: SIPMessage, status: Int, reason: String, from source: SocketAddress?) {
        guard message.method == "INVITE", message["To"].flatMap(SIPMessage.tag(of:)) == nil,
              let callID = message["Call-ID"], let cseq = message.cseq else { return }
        let key = "\(callID)|\(cseq.number)"
        let first = state.withLockedValue { state -> Bool in
            guard state.refusalsAudited.insert(key).inserted else { return false }
            state.refusalOrder.append(key)
            if state.refusalOrder.count > 4096 { state.refusalsAudited.remove(state.refusalOrder.removeFirst()) }
            return true
        }
        guard first else { return }
        let vault = self.vault, logger = self.logger, client = source?.ipAddress
        Task {
            do {
                try await vault.audit.recordRefusedLiveSession(status: status, reason: reason, client: client,
                                                               actor: VaultActor(name: "siprec", authentication: "sip"))
            } catch {
                logger.error("cannot audit a refused session", metadata: ["error": "\(error)"])
            }
        }
        logger.notice("recording session refused", metadata: ["status": "\(status)", "reason": "\(reason)", "src": "\(client ?? "?")"])
    }

    private func call(_ callID: String) -> LiveCall? {
        state.withLockedValue { $0.dialogs[callID]?.call }
    }

    // MARK: - Calls in progress, for the API

    /// The calls being recorded now, oldest first.
    public func liveCalls() -> [LiveRecording] {
        let calls = state.withLockedValue { state in
            var seen = Set<ObjectIdentifier>()
            return state.dialogs.values.map(\.call).filter { seen.insert(ObjectIdentifier($0)).inserted }
        }
        return calls.sorted { $0.invitedAt < $1.invitedAt }.map(LiveRecording.init)
    }

    /// Whether the call that will be stored as `id` is going on now (a dialog records it).
    public func isLive(_ id: RecordingID) -> Bool {
        state.withLockedValue { $0.dialogs.values.contains { $0.call.recordingID == id } }
    }

    /// Whether the call that will be stored as `id` is being recorded, or stored, now.
    public func isRecording(_ id: RecordingID) -> Bool {
        ingests.withLockedValue { $0[id] != nil }
    }

    /// Waits until the call recorded as `id` has ended and is stored: its recording, or why it
    /// was not stored; nil when no call of that id is being recorded or stored now.
    public func stored(_ id: RecordingID) async -> Result<Recording, any Error>? {
        await ingests.withLockedValue { $0[id] }?.value
    }

    /// Pauses (or resumes) the recording of the call that will be stored as `id`, on behalf of
    /// `actor` (a recorder's API token), and audits it (`recording.live.pause` / `.resume`). A
    /// pause from the API holds until the API resumes it, whatever the SRC's re-INVITEs say.
    /// Throws `VaultError(.notFound)` when no such call is being recorded.
    public func setPaused(_ paused: Bool, recording id: RecordingID, actor: VaultActor) async throws -> LiveRecording {
        let found = state.withLockedValue { state in state.dialogs.values.first { $0.call.recordingID == id }?.call }
        let now = clock()
        guard let call = found, paused ? call.pause(at: now, by: .api) : call.resume(at: now, by: .api) else {
            throw VaultError(.notFound, "no call is being recorded as \(id)")
        }
        logger.info(paused ? "recording paused by the API" : "recording resumed by the API", metadata: ["recording": "\(id)"])
        try await vault.audit.recordLivePause(paused, recording: id, seconds: call.seconds(at: now), actor: actor)
        return LiveRecording(call)
    }

    /// Opens the RTP receivers of a new dialog; its call is a new one, or the call of the same
    /// recorded session when another dialog already records it.
    private func begin(_ callID: String, offer: SIPRECOffer, streams: [SIPRECSessions.Stream], leases: [RTPPortPool.Lease],
                       at now: Double, source: SocketAddress?, sentBy: String, send: @escaping @Sendable (SIPMessage) -> Void) {
        let sessionID = offer.metadata?.sessionIDs.first
        // The lookup of the session's call and the new dialog's entry are one step, so two dialogs
        // of one session never make two calls, and a BYE finds its dialog at once.
        let made = state.withLockedValue { state -> Result<(call: LiveCall, joined: Bool), any Error> in
            if let sessionID, let existing = state.callsBySession[sessionID] {
                do { try existing.attach(streams) } catch { return .failure(error) }
                if let metadata = offer.metadata, let xml = offer.metadataXML { existing.updateMetadata(metadata, xml: xml, at: now) }
                state.dialogs[callID] = Dialog(call: existing, ports: leases.map(\.port), send: send, sentBy: sentBy, invitedAt: now)
                return .success((existing, true))
            }
            do {
                let call = try LiveCall(sessionCallID: callID, offer: offer, streams: streams, invitedAt: now, clock: clock)
                if let sessionID { state.callsBySession[sessionID] = call }
                state.dialogs[callID] = Dialog(call: call, ports: leases.map(\.port), send: send, sentBy: sentBy, invitedAt: now)
                return .success((call, false))
            } catch {
                return .failure(error)
            }
        }
        let call: LiveCall, joined: Bool
        switch made {
        case .success(let made):
            (call, joined) = made
            if !joined { startIngest(call, sessionID: sessionID) }
        case .failure(let error):
            // The answer is sent; without a call to record into, its media is dropped.
            logger.error("cannot record a session", metadata: ["session": "\(Self.digest(callID))", "error": "\(error)"])
            for lease in leases { close(lease.descriptor) }
            ports.release(leases.map(\.port))
            return
        }
        logger.info(joined ? "recording session joined a call already recorded" : "recording session started",
                    metadata: ["session": "\(Self.digest(callID))", "streams": "\(streams.count)", "src": "\(source?.ipAddress ?? "?")"])
        for lease in leases {
            let local = Endpoint(address: mediaAddress, port: UInt16(lease.port))
            let clock = self.clock
            DatagramBootstrap(group: group)
                // RTP and SRTP packets are below an Ethernet MTU; 8 KiB also takes jumbo frames whole.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 8192))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(RTPReceiveHandler(call: call, local: local, clock: clock))
                    }
                }
                .withBoundSocket(NIOBSDSocket.Handle(lease.descriptor))
                .whenComplete { result in
                    switch result {
                    case .success(let channel):
                        let closeNow = self.state.withLockedValue { state -> Bool in
                            guard state.dialogs[callID]?.ended == false else { return true }
                            state.dialogs[callID]?.channels.append(channel)
                            return false
                        }
                        if closeNow { channel.close(promise: nil) }
                    case .failure(let error):
                        // The descriptor was handed to NIO, which closes it; closing it here too
                        // could close a number another socket has taken since.
                        self.logger.error("cannot receive RTP on a leased port", metadata: ["port": "\(lease.port)", "error": "\(error)"])
                    }
                }
        }
    }

    /// Ends the dialogs whose ports received nothing for the media timeout, or whose SRC let its
    /// session timer run out (RFC 4028 §10: the BYE goes before the session expires): a BYE goes
    /// to the SRC and what arrived is stored, noted. Sessions the recorder refreshes get an UPDATE
    /// at half their interval.
    private func endSilentDialogs() {
        let now = clock()
        // Never silently: a kernel that drops datagrams while calls are recorded is an alert.
        let dropped = state.withLockedValue { state -> (new: UInt64, calls: Int)? in
            guard now - state.dropsCheckedAt >= 5 else { return nil }
            state.dropsCheckedAt = now
            let new = state.drops.newDrops()
            guard new > 0, !state.dialogs.isEmpty else { return nil }
            state.droppedByKernel += new
            return (new, state.dialogs.count)
        }
        if let dropped {
            logger.error("the kernel dropped UDP datagrams while calls were recorded (receive buffers full): calls may lose audio; the recorder is falling behind",
                         metadata: ["dropped": "\(dropped.new)", "calls": "\(dropped.calls)"])
        }
        // Delayed offers whose ACK never came: the session ends with a BYE of ours (the SRC may
        // have sent its ACK and be sending media nobody reads) and its ports are freed.
        let unacknowledged = state.withLockedValue { state in
            state.reserved.filter { now - $0.value.at > Self.unacknowledgedOfferTimeout }.map { callID, reservation in
                (callID, state.sessions.bye(callID: callID, sentBy: reservation.sentBy, branch: Self.newBranch()), reservation.send)
            }
        }
        for (callID, bye, send) in unacknowledged {
            if let bye { send(bye) }
            release(reservedFor: callID)
            logger.notice("recording session ended: no ACK came for the offer", metadata: ["session": "\(Self.digest(callID))"])
        }
        // The others' 200 OK again, over UDP, until their ACK comes.
        let resend = state.withLockedValue { state -> [(SIPMessage, @Sendable (SIPMessage) -> Void)] in
            var out: [(SIPMessage, @Sendable (SIPMessage) -> Void)] = []
            for (callID, reservation) in state.reserved {
                guard let ok = reservation.ok, now - reservation.lastSent >= reservation.interval else { continue }
                state.reserved[callID]?.lastSent = now
                state.reserved[callID]?.interval = min(reservation.interval * 2, 4)
                out.append((ok, reservation.send))
            }
            return out
        }
        for (ok, send) in resend { send(ok) }
        let refreshes = state.withLockedValue { state -> [(update: SIPMessage, send: @Sendable (SIPMessage) -> Void)] in
            var out: [(SIPMessage, @Sendable (SIPMessage) -> Void)] = []
            for (callID, dialog) in state.dialogs where !dialog.ended {
                guard let timer = dialog.timer, timer.refresher == .uas, now - timer.since >= Double(timer.interval) / 2,
                      let update = state.sessions.refresh(callID: callID, sentBy: dialog.sentBy, branch: Self.newBranch()) else { continue }
                state.dialogs[callID]?.timer?.since = now
                out.append((update, dialog.send))
            }
            return out
        }
        for refresh in refreshes { refresh.send(refresh.update) }
        // Sessions to end: their timer ran out, or their media stopped. One pass, so one BYE each.
        let timeout = configuration.mediaTimeout
        let ending = state.withLockedValue { state -> [(callID: String, bye: SIPMessage?, send: @Sendable (SIPMessage) -> Void, why: String, note: String)] in
            state.dialogs.compactMap { callID, dialog in
                guard !dialog.ended else { return nil }
                let why: String, note: String
                if let timer = dialog.timer, timer.refresher == .uac,
                   now - timer.since >= Double(timer.interval) - min(32, Double(timer.interval) / 3) {
                    why = "its session timer was not refreshed"
                    note = "ended by the server: the SRC did not refresh its \(timer.interval) s session timer (RFC 4028)"
                } else if !dialog.call.isPaused,  // a paused call sends no media on purpose (a card payment may take minutes)
                          now - dialog.call.lastActivity(ports: dialog.ports, since: dialog.invitedAt) > timeout {
                    why = "no media"
                    note = String(format: "ended by the server after %.0f s without media (no BYE)", timeout)
                } else {
                    return nil
                }
                return (callID, state.sessions.bye(callID: callID, sentBy: dialog.sentBy, branch: Self.newBranch()), dialog.send, why, note)
            }
        }
        for dialog in ending {
            if let bye = dialog.bye { dialog.send(bye) }
            logger.notice("recording session ended: \(dialog.why)", metadata: ["session": "\(Self.digest(dialog.callID))"])
            end(dialog.callID, note: dialog.note)
        }
    }

    /// `host:port`, an IPv6 host bracketed (`[::1]:5060`), as a Via and the logs write it.
    static func hostPort(_ host: String, _ port: Int) -> String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// A fresh Via branch for a request of ours (RFC 3261's magic cookie first).
    private static func newBranch() -> String { "z9hG4bK-cv-\(UInt64.random(in: 1...UInt64.max))" }

    /// Ends a dialog: closes its receivers; when it was its call's last dialog, stores the call.
    private func end(_ callID: String, note: String?) {
        guard let dialog = state.withLockedValue({ state -> Dialog? in
            guard var dialog = state.dialogs[callID], !dialog.ended else { return nil }
            dialog.ended = true
            state.dialogs[callID] = nil
            state.storing += 1
            return dialog
        }) else { return }
        let endedAt = clock()
        Task {
            for channel in dialog.channels { try? await channel.close() }
            ports.release(dialog.ports)
            if let note { dialog.call.note(note) }
            if dialog.call.detach() {
                state.withLockedValue { state in
                    for (session, call) in state.callsBySession where call === dialog.call { state.callsBySession[session] = nil }
                }
                dialog.call.finish(at: endedAt)
                let id = dialog.call.recordingID
                // Taken out once stored, so `stored(_:)` finds either the ingest or the recording.
                let result = await ingests.withLockedValue { $0[id] }?.value ?? .failure(LiveError(.configuration, "the call had no ingest"))
                ingests.withLockedValue { $0[id] = nil }
                onStored(StoredCall(sessionCallID: callID, result: result))
            }
            let waiters = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
                state.storing -= 1
                guard state.storing == 0, state.dialogs.isEmpty else { return [] }
                return idle.withLockedValue { waiting in defer { waiting = [] }; return waiting }
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Starts the ingest that encodes and seals `call` while it goes on; it ends when the call
    /// is finished and committed.
    private func startIngest(_ call: LiveCall, sessionID: String?) {
        let direction = configuration.direction
        let party = direction == .outbound ? call.sides.callee : call.sides.caller
        let subjectUser = party?.aors.lazy.compactMap(RecordedCallSides.user(ofAOR:)).first
        let options = CaptureIngestOptions(direction: direction, startedAt: Date(timeIntervalSince1970: call.invitedAt))
        var facts = ["recorded_by": "siprec"]
        if let sessionID { facts["siprec_session_id"] = sessionID }
        // The recorded call may have started before its recording did (a transfer, a late start).
        if let started = call.recordedCallStartedAt { facts["siprec_call_started_at"] = Timestamp.format(started) }
        let metadata = facts
        let vault = self.vault, logger = self.logger, clock = self.clock
        let complexity = configuration.complexity
        let task = Task { () -> Result<Recording, any Error> in
            do {
                let record = try await BlockingWork.runLong("siprec-call") {
                    try vault.ingestLiveCall(call.audio, subjectUser: subjectUser, callID: call.recordedCallID, options: options,
                                             metadata: metadata, recordingID: call.recordingID, complexity: complexity,
                                             rsMetadata: call.rsMetadata, actor: VaultActor(name: "siprec", authentication: "sip"))
                }
                logger.info("live call stored", metadata: ["recording": "\(record.id)"])
                return .success(Recording(record))
            } catch {
                // Stop taking its media: nothing reads it any more.
                call.finish(at: clock())
                logger.error("live call not stored", metadata: ["error": "\(error)"])
                return .failure(error)
            }
        }
        ingests.withLockedValue { $0[call.recordingID] = task }
    }

    /// How long a delayed offer's ports stay reserved for its ACK: 64 × T1, as long as a UAS waits
    /// for the ACK of its 2xx (RFC 3261 §13.3.1.4), sending the 200 OK again meanwhile over UDP.
    static let unacknowledgedOfferTimeout = 32.0

    /// Frees the ports reserved for a delayed offer that will not start.
    private func release(reservedFor callID: String) {
        guard let reserved = state.withLockedValue({ $0.reserved.removeValue(forKey: callID) }) else { return }
        for lease in reserved.leases { close(lease.descriptor) }
        ports.release(reserved.leases.map(\.port))
    }

    /// A rate as words show it (`5`, `0.5`).
    static func rate(_ value: Double) -> String { value == value.rounded() ? "\(Int(value))" : "\(value)" }

    /// A Call-ID as logs may show it: the first 12 hex digits of its SHA-256.
    static func digest(_ callID: String) -> String {
        SHA256Hasher.hash(Array(callID.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}

extension SIPRECServer.State {
    /// Takes a token from `client`'s bucket when `message` opens a new session (retransmissions
    /// and in-dialog requests cost nothing); false when none is left. Buckets idle for a minute
    /// are forgotten, so a flood of addresses does not grow the table for long.
    fileprivate mutating func admit(_ message: SIPMessage, from client: String, rate: Double, at now: Double) -> Bool {
        guard sessions.isNewSession(message) else { return true }
        if buckets.count > 10_000 { buckets = buckets.filter { now - $0.value.at < 60 } }
        let capacity = max(1, rate)
        var bucket = buckets[client] ?? (capacity, now)
        bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.at) * rate)
        bucket.at = now
        guard bucket.tokens >= 1 else {
            buckets[client] = bucket
            return false
        }
        bucket.tokens -= 1
        buckets[client] = bucket
        return true
    }
}
