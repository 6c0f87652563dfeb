import Foundation
import Synchronization
import Testing
import VaultAudio
@testable import VaultRTP
import VaultTestSupport

/// The live path against the file path: the same packets, fed as they arrived in a real capture
/// (with a clock that follows the capture's times) to `LiveCallAudio`, and read whole from a
/// capture's `AssembledCall`, render the same samples when no packet is later than the playout
/// delay. One assembler (`StreamAssembler`), two ways in.
@Suite("Live call audio renders what the file path renders")
struct LiveCallAudioTests {
    /// A clock a test sets.
    final class SetClock: Sendable {
        private let value = Mutex(0.0)
        func set(_ time: Double) { value.withLock { $0 = time } }
        var now: Double { value.withLock { $0 } }
    }

    /// Every frame of `source`.
    static func readAll(_ source: any PCMSource) throws -> [Float] {
        var out: [Float] = []
        var buffer = [Float](repeating: 0, count: 4096 * source.format.channels)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: 4096) }
            if n == 0 { return out }
            out += buffer[0..<(n * source.format.channels)]
        }
    }

    @Test("a real call, fed live in its capture's time order, renders sample for sample what the file path renders, with the same statistics",
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"),
          arguments: [
            // Two streams on one channel; Opus arriving in bursts; Opus with FEC and drops; RFC 2833
            // key presses; G.722; PCMA and Opus mixed; a real SIPREC session's two streams.
            ("voipshark__SIP-RTP-Normal_Call_two_parties.pcap", 0.3), ("ms2__rtp-60late-500total.pcapng", 0.3),
            ("asterisk__16_bit_48khz_60_fec_dropped.pcapng", 0.3), ("miarec__09a_2833_dtmf.pcap", 0.3), ("miarec__10a_g722.pcap", 0.3),
            ("ms2__poor_jitter_quality_22.pcapng", 0.3), ("miarec__siprec_dual_channel_udp.pcap", 0.3),
          ] as [(String, Double)])
    func liveEqualsFile(name: String, playoutDelay: Double) throws {
        let url = try #require(Fixtures.shared("pcap/\(name)"))
        let capture = try Capture.read(url: url)
        let call = try #require(try CallFinder.calls(in: capture).first)
        let assembled = try call.assemble()
        let file = try Self.readAll(try assembled.makeSource())

        var rtpmap: [UInt8: String] = [:]
        for stream in call.streams {
            for (pt, kind) in stream.kinds {
                switch kind {
                case .audio(let codec): rtpmap[pt] = codec.rawValue
                case .telephoneEvent: rtpmap[pt] = "telephone-event"
                case .comfortNoise: rtpmap[pt] = "CN"
                default: break
                }
            }
        }
        let clock = SetClock()
        let live = try LiveCallAudio(rtpmap: rtpmap, codecs: Array(Set(rtpmap.values)), playoutDelay: playoutDelay, clock: { clock.now })
        #expect(live.format.sampleRate == assembled.sampleRate && live.format.channels == 2)

        // The reader runs beside the feed, as an ingest does; the feed waits for it to render what
        // the clock allows, so packets are placed a little at a time, as on a live call.
        let result = Mutex<Result<[Float], any Error>?>(nil)
        let progress = Mutex(0)
        let reader = Thread {
            result.withLock { $0 = Result {
                var out: [Float] = []
                var buffer = [Float](repeating: 0, count: 4096 * 2)
                while true {
                    let n = try buffer.withUnsafeMutableBufferPointer { try live.read(into: $0.baseAddress!, frames: 4096) }
                    if n == 0 { return out }
                    out += buffer[0..<(n * 2)]
                    progress.withLock { $0 = out.count / 2 }
                }
            } }
        }
        reader.start()
        var packets: [(packet: RTPPacket, side: LiveCallAudio.Side, stream: RTPStream)] = []
        for stream in call.left { packets += stream.packets.map { ($0, .left, stream) } }
        for stream in call.right { packets += stream.packets.map { ($0, .right, stream) } }
        packets.sort { $0.packet.datagram < $1.packet.datagram }
        let start = packets.first!.packet.time, rate = Double(assembled.sampleRate)
        var nextCheck = start + 0.5
        for (packet, side, stream) in packets {
            if packet.time >= nextCheck {
                // Wait (bounded) until the reader has rendered what the previous packets allow.
                let due = Int((packet.time - start - live.playoutDelay - 0.35) * rate)
                let deadline = Date().addingTimeInterval(0.2)
                while progress.withLock({ $0 }) < due, Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
                nextCheck = packet.time + 0.5
            }
            clock.set(packet.time)
            let d = capture.datagrams[packet.datagram]
            capture.bytes.withUnsafeBytes { all in
                live.receive(UnsafeRawBufferPointer(rebasing: all[d.offset..<(d.offset + d.length)]), time: packet.time, side: side,
                             source: stream.source, destination: stream.destination)
            }
        }
        live.finish(at: packets.last!.packet.time)
        while result.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.01) }
        let rendered = try #require(try result.withLock { $0 }?.get())
        #expect(rendered.count == file.count, "\(rendered.count / 2) live frames, \(file.count / 2) from the file")
        let differing = zip(rendered, file).filter { $0 != $1 }.count
        let firstDifference = zip(rendered, file).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(differing == 0, "\(differing) samples differ, the first at frame \(firstDifference.map { $0 / 2 } ?? -1) (\(firstDifference.map { Double($0 / 2) / rate } ?? -1) s) on channel \(firstDifference.map { $0 % 2 } ?? -1)")
        // Jitter is measured in the stream's main codec's clock, which a live call cannot know
        // before the call ends: it takes the first packet's, the same unless a stream mixes codecs.
        let mixed = call.streams.contains { Set($0.kinds.values.compactMap { if case .audio(let c) = $0 { c } else { nil } }).count > 1 }
        for key in ["left.packets", "right.packets", "lost", "reordered", "duplicates", "left.codec", "right.codec", "dtmf_events"] + (mixed ? [] : ["jitter_ms"]) {
            #expect(live.facts[key] == assembled.metadata[key], "\(key)")
        }
    }

    @Test("an encoder holds one of the shared permits from a read that returned audio to its next read; none is lost at the end, at finish, or with a reader that stopped")
    func encoderPermits() throws {
        let gate = EncoderGate(permits: 2)
        let clock = SetClock()
        func call() throws -> LiveCallAudio {
            let live = try LiveCallAudio(kinds: [0: .audio(.pcmu)], codecs: [.pcmu], playoutDelay: 0.1, clock: { clock.now }, gate: gate)
            for k in 0..<100 {  // 2 s of PCMU from one source
                let packet = PcapWriter.rtp(pt: 0, seq: UInt16(k), ts: UInt32(160 * k), ssrc: 7, payload: [UInt8](repeating: 0x7E, count: 160))
                packet.withUnsafeBytes { live.receive($0, time: 1000 + Double(k) * 0.02, side: .left, source: Self.source, destination: Self.local) }
            }
            return live
        }
        clock.set(1003)
        var buffer = [Float](repeating: 0, count: 2 * 800)
        let a = try call()
        var b: LiveCallAudio? = try call()
        func read(_ live: LiveCallAudio) throws -> Int { try buffer.withUnsafeMutableBufferPointer { try live.read(into: $0.baseAddress!, frames: 800) } }
        #expect(try read(a) > 0 && gate.available == 1, "a reader that got audio encodes it under a permit")
        #expect(try read(b!) > 0 && gate.available == 0)
        #expect(try read(a) > 0 && gate.available == 0, "its next read gives the permit back, then takes one for what it returns")
        a.finish(at: 1003)
        #expect(gate.available == 1, "finish gives a reader's permit back (a failed ingest never reads again)")
        while try read(a) > 0 {}
        #expect(gate.available == 1, "read to the end, it holds none")
        b = nil
        #expect(gate.available == 2, "a reader dropped while holding one gives it back")
    }

    @Test("permits go first come, first served: a reader that gives one back and asks again at once queues behind one already waiting")
    func encoderPermitsInOrder() async throws {
        let gate = EncoderGate(permits: 1)
        let order = Mutex<[String]>([])
        gate.acquire()
        let other = Thread {
            gate.acquire()
            order.withLock { $0.append("waiting reader") }
            gate.release()
        }
        other.start()
        while gate.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        gate.release()
        gate.acquire()
        order.withLock { $0.append("the one that gave it back") }
        gate.release()
        #expect(order.withLock { $0 } == ["waiting reader", "the one that gave it back"])
        #expect(gate.available == 1 && gate.waiting == 0)
    }

    static let source = Endpoint(address: IPAddress("10.0.0.1")!, port: 4000)
    static let local = Endpoint(address: IPAddress("10.0.0.2")!, port: 20000)

}
