import VaultAudio

/// One RTP stream, assembled as its packets arrive: statistics (duplicates, reordering, loss,
/// RFC 3550 jitter, key presses, comfort noise) counted in arrival order, and the audio packets
/// placed on the call's time line in sequence order behind a jitter buffer. The one copy of this
/// logic: a capture's calls feed it every packet and then release all (``AssembledCall``); a live
/// call feeds it as datagrams come and releases what is older than its playout delay.
///
/// Placement: within a segment a packet plays at the segment's first packet's arrival plus its
/// timestamp distance; a packet whose timestamp-predicted time strays from its arrival by more
/// than ``reanchorThreshold`` (a sender clock running off, a burst after a stall, a timestamp jump)
/// or whose clock rate changes starts a new segment anchored at its arrival.
struct StreamAssembler {
    /// A packet's facts, without its bytes: `payload` is the caller's handle for them (an offset
    /// into a capture's bytes, or into a live call's payload store).
    struct Packet {
        var time: Double
        var sequence: UInt16
        var timestamp: UInt32
        var payloadType: UInt8
        var payload: Int
        var length: Int
        var truncated: Bool
        /// Audio frames in the payload (nil or 0: not decodable audio).
        var frames: Int?
    }

    /// How far (seconds) the timestamp-predicted time may stray from a packet's arrival before re-anchoring.
    static let reanchorThreshold = 0.1

    private(set) var kinds: [UInt8: PayloadKind]
    let callStart: Double
    /// The RTP clock jitter is measured in: the stream's main codec's (a capture's call knows it),
    /// or the first audio packet's (a live call, which learns it as packets come).
    private var clock: Double

    /// Counts of this stream (its `ssrcs` and `codecs` are the caller's to fill).
    private(set) var stats = DirectionStatistics()
    /// RFC 3550 jitter samples, summed (milliseconds) and counted, for the direction's mean.
    private(set) var jitterSum = 0.0, jitterCount = 0
    /// Audio packets that arrived after their place was released (a live call's jitter buffer was too short).
    private(set) var late = 0
    /// Whether the last packet that arrived was kept for placement (new decodable audio, in time).
    private(set) var keptLast = false

    private var seen = Set<Int64>()
    private var maxExt: Int64 = -1, minExt = Int64.max
    private var lastExt: Int64?
    private var uniqueCount = 0
    private var jitter = 0.0
    private var lastTransit: Double?
    private var eventKeys = Set<UInt32>()
    /// Unique audio packets not yet placed, by extended sequence number.
    private var pending: [(ext: Int64, packet: Packet, codec: RTPAudioCodec)] = []

    // Placement state.
    private var lastPlacedExt = Int64.min
    private var lastPlaced: Packet?
    private var lastTS: Int64 = 0
    private var segmentClock = 0
    private var anchorTime = 0.0

    /// Names payload types not named yet (a live call learns them as they come).
    mutating func learn(_ more: [UInt8: PayloadKind]) { kinds.merge(more) { known, _ in known } }

    /// A stream whose payload types carry `kinds`, on a call that starts at `callStart`; `clockRate`
    /// is its main codec's RTP clock (for jitter).
    init(kinds: [UInt8: PayloadKind], clockRate: Int?, callStart: Double) {
        self.kinds = kinds
        self.clock = Double(clockRate ?? 0)
        self.callStart = callStart
    }

    /// Counts one arriving packet; keeps it for placement when it is new decodable audio. Returns
    /// the key press it starts, if any (its time only).
    mutating func arrive(_ packet: Packet) -> DTMFEvent? {
        stats.packets += 1
        keptLast = false
        let ext: Int64
        if let lastExt {
            ext = lastExt + Int64(Int16(bitPattern: packet.sequence &- UInt16(truncatingIfNeeded: lastExt)))
        } else {
            ext = Int64(packet.sequence) + 65536
        }
        guard seen.insert(ext).inserted else {
            stats.duplicates += 1
            return nil
        }
        if ext < maxExt { stats.reordered += 1 }
        maxExt = max(maxExt, ext)
        minExt = min(minExt, ext)
        lastExt = ext
        uniqueCount += 1
        if packet.truncated { stats.truncatedPackets += 1 }
        var event: DTMFEvent?
        switch kinds[packet.payloadType] {
        case .telephoneEvent?:
            if eventKeys.insert(packet.timestamp).inserted { event = DTMFEvent(offset: packet.time - callStart) }
        case .comfortNoise?:
            stats.comfortNoise += 1
        case .audio(let codec)?:
            if clock == 0 { clock = Double(codec.clockRate) }
            let transit = packet.time * clock - Double(packet.timestamp)
            if let lastTransit {
                var d = abs(transit - lastTransit)
                if d > clock * 10 { d = 0 }  // a timestamp jump, not jitter
                jitter += (d - jitter) / 16
                jitterSum += jitter / clock * 1000
                jitterCount += 1
                stats.maxJitterMs = max(stats.maxJitterMs, jitter / clock * 1000)
            }
            lastTransit = transit
            if let frames = packet.frames, frames > 0 {
                if ext < lastPlacedExt {
                    late += 1
                } else {
                    pending.append((ext, packet, codec))
                    keptLast = true
                }
            }
        default:
            break
        }
        stats.lost = Int(maxExt - minExt + 1) - uniqueCount
        return event
    }

    /// Places the pending packets that arrived at or before `horizon` (all of them for nil), in
    /// sequence order, and returns them as schedule items (start: seconds from the call's start).
    mutating func release(upTo horizon: Double?) -> [ChannelSchedule.Item] {
        var ready: [(ext: Int64, packet: Packet, codec: RTPAudioCodec)]
        if let horizon {
            ready = pending.filter { $0.packet.time <= horizon }
            pending.removeAll { $0.packet.time <= horizon }
            // A live call runs for hours: forget sequence numbers far behind the newest (a
            // duplicate that old arrives after its place anyway and counts as late).
            if seen.count > 8192 {
                let floor = maxExt - 4096
                seen = seen.filter { $0 >= floor }
            }
        } else {
            ready = pending
            pending.removeAll()
        }
        ready.sort { $0.ext < $1.ext }
        var items: [ChannelSchedule.Item] = []
        items.reserveCapacity(ready.count)
        for (ext, packet, codec) in ready {
            if let previous = lastPlaced {
                let ts = lastTS + Int64(Int32(bitPattern: packet.timestamp &- previous.timestamp))
                let expected = anchorTime + Double(ts) / Double(segmentClock)
                if codec.clockRate != segmentClock || abs(packet.time - expected) > Self.reanchorThreshold {
                    lastTS = 0
                    segmentClock = codec.clockRate
                    anchorTime = packet.time
                } else {
                    lastTS = ts
                }
            } else {
                segmentClock = codec.clockRate
                lastTS = 0
                anchorTime = packet.time
            }
            let offset = anchorTime - Double(0) / Double(segmentClock)
            items.append(.init(start: offset + Double(lastTS) / Double(segmentClock) - callStart, codec: codec,
                               offset: packet.payload, length: packet.length, frames: packet.frames ?? 0))
            lastPlaced = packet
            lastPlacedExt = ext
        }
        return items
    }
}
