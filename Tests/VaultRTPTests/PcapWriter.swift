import Foundation
import VaultAudio
import VaultRTP

/// Writes classic pcap files (Ethernet / IPv4 / UDP) for tests, with known ground truth.
struct PcapWriter {
    var data = Data()
    var linkType: UInt32 = 1

    init(linkType: UInt32 = 1) {
        self.linkType = linkType
        append32(0xA1B2_C3D4); append16(2); append16(4); append32(0); append32(0); append32(65535); append32(linkType)
    }

    mutating func append16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func append32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }

    /// One UDP datagram at `time` (seconds) from `src` to `dst` (`a.b.c.d`, port).
    mutating func udp(time: Double, src: (String, UInt16), dst: (String, UInt16), payload: [UInt8], cutTo: Int? = nil) {
        func ip(_ s: String) -> [UInt8] { s.split(separator: ".").map { UInt8($0)! } }
        var frame: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00]
        let udpLength = 8 + payload.count
        let total = 20 + udpLength
        frame += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0] + ip(src.0) + ip(dst.0)
        frame += [UInt8(src.1 >> 8), UInt8(src.1 & 0xFF), UInt8(dst.1 >> 8), UInt8(dst.1 & 0xFF),
                  UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        frame += payload
        record(time: time, frame: frame, cutTo: cutTo)
    }

    /// One TCP segment at `time` (seconds) from `src` to `dst`, with sequence number `seq` and
    /// `flags` (0x18 PSH+ACK; 0x11 FIN+ACK; 0x02 SYN).
    mutating func tcp(time: Double, src: (String, UInt16), dst: (String, UInt16), seq: UInt32, flags: UInt8 = 0x18, payload: [UInt8], cutTo: Int? = nil) {
        func ip(_ s: String) -> [UInt8] { s.split(separator: ".").map { UInt8($0)! } }
        var frame: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00]
        let total = 20 + 20 + payload.count
        frame += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 6, 0, 0] + ip(src.0) + ip(dst.0)
        frame += [UInt8(src.1 >> 8), UInt8(src.1 & 0xFF), UInt8(dst.1 >> 8), UInt8(dst.1 & 0xFF),
                  UInt8(seq >> 24), UInt8(seq >> 16 & 0xFF), UInt8(seq >> 8 & 0xFF), UInt8(seq & 0xFF),
                  0, 0, 0, 1, 0x50, flags, 0xFF, 0xFF, 0, 0, 0, 0]
        frame += payload
        record(time: time, frame: frame, cutTo: cutTo)
    }

    /// One record: `frame` captured at `time`, cut to `cutTo` bytes when given (a snap length).
    private mutating func record(time: Double, frame: [UInt8], cutTo: Int?) {
        let captured = cutTo.map { min($0, frame.count) } ?? frame.count
        let seconds = time.rounded(.down)
        append32(UInt32(seconds)); append32(UInt32(((time - seconds) * 1e6).rounded()))
        append32(UInt32(captured)); append32(UInt32(frame.count))
        data.append(contentsOf: frame[0..<captured])
    }

    /// An RTP packet's bytes.
    static func rtp(pt: UInt8, seq: UInt16, ts: UInt32, ssrc: UInt32, marker: Bool = false, payload: [UInt8]) -> [UInt8] {
        [0x80, pt | (marker ? 0x80 : 0), UInt8(seq >> 8), UInt8(seq & 0xFF),
         UInt8(ts >> 24), UInt8(ts >> 16 & 0xFF), UInt8(ts >> 8 & 0xFF), UInt8(ts & 0xFF),
         UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)] + payload
    }

    func write(to url: URL) throws { try data.write(to: url) }
}

/// G.711 mu-law encoding (ITU-T G.711, the classic bias-and-segment algorithm).
func ulawEncode(_ sample: Float) -> UInt8 {
    var pcm = Int(max(-1, min(1, sample)) * 32767)
    let sign: Int = pcm < 0 ? 0x80 : 0
    if pcm < 0 { pcm = -pcm }
    pcm = min(pcm + 0x84, 32635 + 0x84)
    var exponent = 7
    var mask = 0x4000
    while exponent > 0 && pcm & mask == 0 { exponent -= 1; mask >>= 1 }
    let mantissa = (pcm >> (exponent + 3)) & 0x0F
    return UInt8(~(sign | exponent << 4 | mantissa) & 0xFF)
}

/// A generated G.711 call: a tone per direction, 20 ms packets, with the faults a test asks for.
struct SyntheticCall {
    var seconds = 2.0
    var leftFrequency: Float = 440
    var rightFrequency: Float = 1000
    var twoWay = true
    var startSeq: UInt16 = 1000
    var startTS: UInt32 = 5000
    var lose: Set<Int> = []           // packet indices (left direction) never sent
    var duplicate: Set<Int> = []      // sent twice
    var swapWithNext: Set<Int> = []   // sent after the next one
    var ssrcChangeAt: Int? = nil      // left direction gets a new SSRC (and seq/ts) from this index
    var silentFrom: Int? = nil, silentTo: Int? = nil  // silence suppression: no packets in [from, to)
    var dtmfAt: Int? = nil            // RFC 4733 events replace audio for 5 packets from here (left)
    var dtmfDigit: UInt8 = 7
    var cutLast = false

    var packets: Int { Int(seconds * 50) }

    func tone(_ frequency: Float, packet: Int) -> [UInt8] {
        (0..<160).map { i in
            let n = Float(packet * 160 + i)
            return ulawEncode(0.5 * sin(2 * .pi * frequency * n / 8000))
        }
    }

    func write(to url: URL) throws {
        var w = PcapWriter()
        let t0 = 1_700_000_000.0
        let a = ("10.0.0.1", UInt16(40000)), b = ("10.0.0.2", UInt16(50000))
        var queued = [(Double, [UInt8])]()
        for i in 0..<packets {
            if lose.contains(i) { continue }
            if let from = silentFrom, let to = silentTo, i >= from && i < to { continue }
            var ssrc: UInt32 = 0x1111_1111
            // Silence suppression keeps sequence numbers consecutive while timestamps jump.
            let suppressed = silentFrom.map { from in i >= (silentTo ?? from) ? (silentTo ?? from) - from : 0 } ?? 0
            var seq = startSeq &+ UInt16(truncatingIfNeeded: i - suppressed)
            var ts = startTS &+ UInt32(i * 160)
            if let change = ssrcChangeAt, i >= change {
                ssrc = 0x2222_2222
                seq = 7 &+ UInt16(i - change)
                ts = 90_000 &+ UInt32((i - change) * 160)
            }
            var packet: [UInt8]
            if let d = dtmfAt, i >= d && i < d + 5 {
                let end: UInt8 = i == d + 4 ? 0x80 : 0
                let duration = UInt16((i - d + 1) * 160)
                packet = PcapWriter.rtp(pt: 101, seq: seq, ts: startTS &+ UInt32(d * 160), ssrc: ssrc, marker: i == d,
                                        payload: [dtmfDigit, end | 10, UInt8(duration >> 8), UInt8(duration & 0xFF)])
            } else {
                packet = PcapWriter.rtp(pt: 0, seq: seq, ts: ts, ssrc: ssrc, marker: i == 0, payload: tone(leftFrequency, packet: i))
            }
            queued.append((t0 + Double(i) * 0.02 + 0.0005, packet))
            if duplicate.contains(i) { queued.append((t0 + Double(i) * 0.02 + 0.001, packet)) }
        }
        // Reordering: swap arrival order of chosen packets with their successor.
        for i in swapWithNext.sorted() where i + 1 < queued.count {
            let t = queued[i].0
            queued[i].0 = queued[i + 1].0
            queued[i + 1].0 = t
            queued.swapAt(i, i + 1)
        }
        var all = queued.map { ($0.0, a, b, $0.1) }
        if twoWay {
            for i in 0..<packets {
                let packet = PcapWriter.rtp(pt: 0, seq: 20000 &+ UInt16(i), ts: 1_000 &+ UInt32(i * 160), ssrc: 0x3333_3333,
                                            payload: tone(rightFrequency, packet: i))
                all.append((t0 + 0.01 + Double(i) * 0.02, b, a, packet))
            }
        }
        all.sort { $0.0 < $1.0 }
        for (k, p) in all.enumerated() {
            let last = k == all.count - 1
            w.udp(time: p.0, src: p.1, dst: p.2, payload: p.3, cutTo: cutLast && last ? 42 + 12 + 60 : nil)
        }
        try w.write(to: url)
    }
}

/// Reads a whole source into one array per channel.
func readAll(_ source: any PCMSource) throws -> [[Float]] {
    let channels = source.format.channels
    var out = [[Float]](repeating: [], count: channels)
    var block = [Float](repeating: 0, count: 4096 * channels)
    while true {
        let n = try block.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: 4096) }
        if n == 0 { break }
        for c in 0..<channels { for i in 0..<n { out[c].append(block[i * channels + c]) } }
    }
    return out
}

func rms(_ x: ArraySlice<Float>) -> Float {
    guard !x.isEmpty else { return 0 }
    return (x.reduce(0) { $0 + $1 * $1 } / Float(x.count)).squareRoot()
}

/// Normalised cross-correlation at the best lag within ±maxLag.
func bestCorrelation(_ a: [Float], _ b: [Float], maxLag: Int = 8) -> Double {
    var best = -1.0
    let n = min(a.count, b.count)
    guard n > maxLag * 2 else { return 0 }
    for lag in -maxLag...maxLag {
        var ab = 0.0, aa = 0.0, bb = 0.0
        var i = max(0, -lag)
        while i < n && i + lag < n {
            let x = Double(a[i]), y = Double(b[i + lag])
            ab += x * y; aa += x * x; bb += y * y
            i += 1
        }
        if aa > 0 && bb > 0 { best = max(best, ab / (aa * bb).squareRoot()) }
    }
    return best
}
