import VaultSIP

/// SIP carried over TCP in a capture (RFC 3261 §18: SBCs and PBXs often signal over TCP): each
/// direction of a connection put back in sequence order and cut into SIP messages by VaultSIP's
/// ``SIPStreamFramer``; each message is handed on as if it were one datagram, so SIP over TCP
/// reaches the same dialog tracking as SIP over UDP.
///
/// Only connections that carry SIP are followed: a direction is taken up at its SYN (so segments
/// that overtake the first one wait for it) or, in a capture that began mid-connection, at a
/// segment whose data starts with a SIP start line; it is dropped when its first bytes are no SIP
/// start line, at its first unreadable message (a stream cannot be resynchronised), at FIN or RST,
/// or when idle. Memory is bounded: at most ``maximumFlows`` directions, each holding at most
/// ``maximumPendingBytes`` of segments that came early (``maximumUnconfirmedPendingBytes``
/// before its first bytes showed SIP) and the framer's one message (`SIPMessage.maximumSize`).
/// A direction not yet known to carry SIP never displaces one that is. TLS (5061) is
/// ciphertext: not SIP here.
struct TCPSIPStreams {
    /// One direction of a connection.
    struct Key: Hashable {
        var source: Endpoint
        var destination: Endpoint
    }

    struct Flow {
        /// The sequence number of the next byte expected.
        var next: UInt32
        /// Segments that came before the bytes preceding them, by sequence number.
        var pending: [UInt32: [UInt8]] = [:]
        /// Their bytes.
        var pendingBytes = 0
        var framer = SIPStreamFramer()
        var lastSeen: Double
        /// Whether its first bytes were a SIP start line (a flow opened at its SYN is not yet).
        var confirmed: Bool
    }

    /// Directions followed at once, at most.
    static let maximumFlows = 4_096
    /// Bytes of early segments held per direction, at most.
    static let maximumPendingBytes = 64 * 1024
    /// Bytes of early segments held per direction before its first bytes showed SIP, at most.
    static let maximumUnconfirmedPendingBytes = 8 * 1024
    /// A segment further behind what was taken than this is stale (a sequence number from another
    /// time of the connection, or forged), not a retransmission: ignored.
    static let staleDistance: Int32 = 1 << 20

    private var flows: [Key: Flow] = [:]
    /// Directions given up: an unreadable message, a gap that never filled, too many at once.
    private(set) var abandoned = 0

    /// One TCP segment (`data`: header and payload) from `source` to `destination`; each SIP
    /// message it completes goes to `emit`. A segment the capture cut short (`truncated`: its
    /// snap length) leaves a hole no later byte fills: its direction is given up.
    mutating func segment(_ data: UnsafeRawBufferPointer, source: IPAddress, destination: IPAddress, time: Double,
                          truncated: Bool = false, _ emit: (CapturedDatagram) -> Void) {
        guard data.count >= 20 else { return }
        let offset = Int(data[12] >> 4) * 4
        guard offset >= 20, offset <= data.count else { return }
        let key = Key(source: Endpoint(address: source, port: be16(data, 0)), destination: Endpoint(address: destination, port: be16(data, 2)))
        let seq = UInt32(be16(data, 4)) << 16 | UInt32(be16(data, 6))
        let flags = data[13]
        let closing = flags & 0x05 != 0  // FIN or RST
        let payload = UnsafeRawBufferPointer(rebasing: data[offset...])
        defer { if closing { flows[key] = nil } }
        if truncated {
            if flows.removeValue(forKey: key) != nil { abandoned += 1 }
            return
        }
        if flags & 0x02 != 0 {  // SYN or SYN+ACK: the direction's data starts after it
            open(key, Flow(next: seq &+ 1, lastSeen: time, confirmed: false))
            return
        }
        guard !payload.isEmpty else { return }
        var flow: Flow
        if let existing = flows[key] {
            flow = existing
        } else {
            guard Self.startsSIP(payload) else { return }
            flow = Flow(next: seq, lastSeen: time, confirmed: true)
            open(key, flow)
        }
        flow.lastSeen = time
        let ahead = Int32(bitPattern: seq &- flow.next)
        if ahead > 0 {
            // Came early: kept until the bytes before it arrive.
            let budget = flow.confirmed ? Self.maximumPendingBytes : Self.maximumUnconfirmedPendingBytes
            guard ahead < Self.staleDistance, flow.pendingBytes + payload.count <= budget else {
                flows[key] = nil
                abandoned += 1
                return
            }
            if flow.pending[seq] == nil {
                flow.pending[seq] = Array(payload)
                flow.pendingBytes += payload.count
            }
            flows[key] = flow
            return
        }
        // Int32.min has no positive counterpart: a segment that far away is stale like any beyond the distance.
        guard ahead > -Self.staleDistance else { return }
        // The first bytes of a direction opened at its SYN say whether it carries SIP.
        if !flow.confirmed {
            guard ahead == 0, Self.startsSIP(payload) else {
                flows[key] = nil
                return
            }
            flow.confirmed = true
        }
        // In order, or a retransmission overlapping what was taken: only the new bytes.
        let skip = Int(-ahead)
        if skip < payload.count { take(UnsafeRawBufferPointer(rebasing: payload[skip...]), into: &flow) }
        while let (start, bytes) = flow.pending.first(where: { Int32(bitPattern: $0.key &- flow.next) <= 0 }) {
            flow.pending[start] = nil
            flow.pendingBytes -= bytes.count
            let skip = Int(Int32(bitPattern: flow.next &- start))
            if skip < bytes.count { bytes.withUnsafeBytes { take(UnsafeRawBufferPointer(rebasing: $0[skip...]), into: &flow) } }
        }
        do {
            while let message = try flow.framer.next() {
                message.bytes.withUnsafeBytes { bytes in
                    emit(CapturedDatagram(time: time, source: key.source, destination: key.destination, payload: bytes))
                }
            }
            flows[key] = flow
        } catch {
            flows[key] = nil
            abandoned += 1
        }
    }

    /// Starts following a direction, making room when ``maximumFlows`` are followed already: the
    /// longest idle direction goes, but a direction known to carry SIP only for another that does
    /// (a port scan's SYNs never displace a trunk). Finding it is a scan of the table, done only
    /// when the table is full.
    private mutating func open(_ key: Key, _ flow: Flow) {
        if flows[key] == nil, flows.count >= Self.maximumFlows {
            let candidates = flows.lazy.filter { flow.confirmed || !$0.value.confirmed }
            guard let oldest = candidates.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key else { return }
            flows[oldest] = nil
            abandoned += 1
        }
        flows[key] = flow
    }

    private func take(_ bytes: UnsafeRawBufferPointer, into flow: inout Flow) {
        flow.framer.append(bytes)
        flow.next = flow.next &+ UInt32(truncatingIfNeeded: bytes.count)
    }

    /// Forgets directions idle since before `time`.
    mutating func forget(idleSince time: Double) {
        flows = flows.filter { $0.value.lastSeen >= time }
    }

    /// Whether data starts with a SIP start line: a request (`INVITE sip:…`, an upper-case method
    /// and a space) or a response (`SIP/2.0 `).
    static func startsSIP(_ data: UnsafeRawBufferPointer) -> Bool {
        var k = 0
        while k < data.count, k < 16, data[k] >= 0x41, data[k] <= 0x5A { k += 1 }
        guard k >= 3, k < data.count else { return false }
        if data[k] == 0x20 {  // a request: "sip:", "sips:" or "tel:" follows
            guard data.count > k + 4 else { return false }
            return data[k + 1] == 0x73 && data[k + 2] == 0x69 && data[k + 3] == 0x70 || data[k + 1] == 0x74 && data[k + 2] == 0x65 && data[k + 3] == 0x6C
        }
        return k == 3 && data.count >= 8 && data[3] == 0x2F && data[4] == 0x32 && data[5] == 0x2E && data[6] == 0x30 && data[7] == 0x20
    }
}
