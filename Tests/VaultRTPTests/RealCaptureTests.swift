import Foundation
import Testing
import VaultAudio
import VaultRTP
import VaultTestSupport

/// The real captures in ../shared/fixtures/real/pcap against tshark's view of them, and the
/// decoded audio against an independent decode (tshark payload bytes → sox / ffmpeg).
@Suite struct RealCaptureTests {
    struct TsharkStream { var start: Double; var end: Double; var srcPort: UInt16; var dstPort: UInt16; var ssrc: UInt32; var packets: Int }

    /// Captures whose T.38 offers were all refused (488): Wireshark's SDP dissector sets up a T.38
    /// conversation from the offer anyway and then dissects the RTP that goes on (same SSRC,
    /// consecutive sequence numbers, PCMA payloads) as malformed UDPTL. The reference for these is
    /// tshark with the T.38 dissector off; `refusedT38OfferKeepsTheAudio` checks the packets themselves.
    static let refusedT38Captures: Set<String> = ["ndpi__FAX-Call-t38-CA-TDM-SIP-FB-1.pcap"]

    static func tsharkStreams(_ url: URL) throws -> [TsharkStream] {
        let disable = refusedT38Captures.contains(url.lastPathComponent) ? ["--disable-protocol", "t38"] : []
        let out = try Subprocess.run("tshark", ["-q", "-z", "rtp,streams", "-o", "rtp.heuristic_rtp:TRUE"] + disable + ["-r", url.path]).stdout
        var streams = [TsharkStream]()
        for line in out.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count > 10, let start = Double(f[0]), let end = Double(f[1]), let sp = UInt16(f[3]), let dp = UInt16(f[5]),
                  f[6].hasPrefix("0x"), let ssrc = UInt32(f[6].dropFirst(2), radix: 16) else { continue }
            // Packets: the first integer after the payload names, followed by the lost count "N (x%)".
            guard let lostIndex = f.firstIndex(where: { $0.hasPrefix("(") && $0.hasSuffix("%)") }), lostIndex >= 2,
                  let packets = Int(f[lostIndex - 2]) else { continue }
            streams.append(TsharkStream(start: start, end: end, srcPort: sp, dstPort: dp, ssrc: ssrc, packets: packets))
        }
        return streams
    }

    static var captures: [URL] {
        guard let dir = Fixtures.shared("pcap"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func packetCountsAndDurationsMatchTshark() throws {
        guard Fixtures.sharedReal != nil else { print(Fixtures.sharedMissing); return }
        guard Subprocess.isAvailable("tshark") else { print("tshark not installed; skipped"); return }
        var checked = 0
        for url in Self.captures {
            let expected = try Self.tsharkStreams(url).filter { $0.packets >= 3 }
            let streams: [RTPStream]
            do { streams = try CallFinder.calls(in: try Capture.read(url: url)).flatMap(\.streams) } catch {
                #expect(expected.isEmpty, "\(url.lastPathComponent): \(error)")
                continue
            }
            for t in expected {
                let mine = streams.first { $0.ssrc == t.ssrc && $0.source.port == t.srcPort && $0.destination.port == t.dstPort }
                #expect(mine != nil, "\(url.lastPathComponent): stream ssrc=\(String(t.ssrc, radix: 16)) not found")
                guard let mine else { continue }
                #expect(mine.packets.count == t.packets, "\(url.lastPathComponent) ssrc=\(String(t.ssrc, radix: 16))")
                #expect(abs((mine.lastTime - mine.firstTime) - (t.end - t.start)) < 0.002, "\(url.lastPathComponent) duration")
                checked += 1
            }
        }
        #expect(checked >= 25)
    }

    /// The fax capture's re-INVITEs to T.38 (`m=image 16756 udptl t38`, at 64.46 s) are refused with
    /// 488 at every hop and the next re-INVITE keeps the audio: the 27 datagrams that follow on the
    /// RTP port are RTP (PCMA, consecutive sequence numbers and timestamps), so they stay in the call
    /// and no fax note is written. (Default tshark shows 132 packets here: it dissects them as UDPTL.)
    @Test func refusedT38OfferKeepsTheAudio() throws {
        guard let url = Fixtures.shared("pcap/ndpi__FAX-Call-t38-CA-TDM-SIP-FB-1.pcap") else { print(Fixtures.sharedMissing); return }
        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        let call = try #require(calls.first { $0.streams.contains { $0.ssrc == 0x0EAF_0EAF } })
        #expect(call.callID != nil)
        #expect(call.faxSince == nil && call.t38Packets == 0)
        let stream = try #require(call.streams.first { $0.ssrc == 0x0EAF_0EAF })
        #expect(stream.packets.count == 159)
        let late = stream.packets.filter { $0.time >= stream.packets[0].time + (64.72 - 27.80) }
        #expect(late.count == 27)
        for (a, b) in zip(late, late.dropFirst()) {
            #expect(b.sequence == a.sequence &+ 1 && b.timestamp == a.timestamp &+ 160 && b.payloadType == 8)
        }
        let a = try call.assemble()
        #expect(a.metadata["t38_packets"] == nil)
        #expect(!a.notes.contains { $0.contains("T.38") })
    }

    @Test func callDurationsMatchFirstToLastPacket() throws {
        guard Fixtures.sharedReal != nil else { print(Fixtures.sharedMissing); return }
        for url in Self.captures {
            guard let calls = try? CallFinder.calls(in: try Capture.read(url: url)) else { continue }
            for call in calls where call.isDecodable {
                let a = try call.assemble()
                let span = call.lastTime - call.firstTime
                // The last packet's own audio (at most 60 ms of it) plays after its arrival.
                let lastPacket = 0.0601
                #expect(a.duration >= span - 0.06 && a.duration <= span + lastPacket, "\(url.lastPathComponent) call \(call.index): \(a.duration) vs \(span)")
            }
        }
    }

    /// Decodes the payloads tshark extracts with sox (G.711) or ffmpeg (G.722) and correlates with ours.
    func independentDecode(_ url: URL, ssrc: UInt32, format: String, rate: Int) throws -> [Float] {
        let fields = try Subprocess.run("tshark", ["-r", url.path, "-o", "rtp.heuristic_rtp:TRUE", "-Y", "rtp.ssrc == 0x\(String(ssrc, radix: 16))",
                                                   "-T", "fields", "-e", "rtp.payload"]).stdout
        var bytes = [UInt8]()
        for line in fields.split(separator: "\n") {
            let hex = line.replacingOccurrences(of: ":", with: "")
            var i = hex.startIndex
            while i < hex.endIndex {
                let j = hex.index(i, offsetBy: 2)
                bytes.append(UInt8(hex[i..<j], radix: 16)!)
                i = j
            }
        }
        let dir = TemporaryDirectory("rtp-ref")
        let raw = dir.path("payload.raw"), pcm = dir.path("decoded.f32")
        try Data(bytes).write(to: raw)
        if format == "g722" {
            _ = try Subprocess.run("ffmpeg", ["-v", "error", "-y", "-f", "g722", "-i", raw.path, "-f", "f32le", "-ac", "1", pcm.path])
        } else {
            _ = try Subprocess.run("sox", ["-t", format, "-r", "\(rate)", "-c", "1", raw.path, "-t", "f32", pcm.path])
        }
        let data = try Data(contentsOf: pcm)
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test(arguments: [
        ("ms2__pcmu_8k_no_jitter.pcap", "ul", 8000, 0.99),
        ("sipp__g711a.pcap", "al", 8000, 0.99),
        ("asterisk__40msalaw.pcap", "al", 8000, 0.99),
        ("miarec__10a_g722.pcap", "g722", 16000, 0.95),
    ])
    func decodedAudioMatchesAnIndependentDecode(name: String, format: String, rate: Int, threshold: Double) throws {
        guard let url = Fixtures.shared("pcap/\(name)") else { print(Fixtures.sharedMissing); return }
        guard Subprocess.isAvailable("tshark"), Subprocess.isAvailable(format == "g722" ? "ffmpeg" : "sox") else { print("tshark/sox/ffmpeg missing; skipped"); return }
        let call = try #require(try CallFinder.calls(in: try Capture.read(url: url)).first)
        let stream = try #require(call.left.first)
        let a = try call.assemble()
        #expect(a.sampleRate == rate)
        let mine = try readAll(try a.makeSource())[0]
        let reference = try independentDecode(url, ssrc: stream.ssrc, format: format, rate: rate)
        let n = min(mine.count, reference.count)
        #expect(n > rate)
        let correlation = bestCorrelation(Array(mine[0..<n]), Array(reference[0..<n]), maxLag: 4)
        #expect(correlation >= threshold, "\(name): correlation \(correlation)")
    }

    @Test func opusCapturesDecodeAtFullRateWithLossConcealed() throws {
        guard let url = Fixtures.shared("pcap/asterisk__16_bit_48khz_60_fec_dropped.pcapng") else { print(Fixtures.sharedMissing); return }
        let call = try #require(try CallFinder.calls(in: try Capture.read(url: url)).first)
        #expect(call.left.first?.mainCodec == .opus)
        let a = try call.assemble()
        #expect(a.sampleRate == 48000)
        #expect(a.left.lost == 29)
        #expect(a.left.packets == 2971)
        let audio = try readAll(try a.makeSource())
        #expect(rms(audio[0][...]) > 0.001)
        // The clean capture decodes to nearly the same audio.
        let clean = try #require(Fixtures.shared("pcap/asterisk__16_bit_48khz_60_fec_rtp.pcapng"))
        let reference = try readAll(try try CallFinder.calls(in: try Capture.read(url: clean))[0].assemble().makeSource())[0]
        let n = min(reference.count, audio[0].count)
        #expect(bestCorrelation(Array(audio[0][0..<n]), Array(reference[0..<n]), maxLag: 0) > 0.9)
    }

    @Test func nonRTPAndRTCPAreRejected() throws {
        for name in ["asterisk__crash.pcap", "ndpi__rtcp_multiple_pkts_in_the_same_datagram.pcap", "sngrep__ipv6frag.pcap"] {
            guard let url = Fixtures.shared("pcap/\(name)") else { print(Fixtures.sharedMissing); return }
            do { _ = try CallFinder.calls(in: try Capture.read(url: url)); Issue.record("\(name): no error") } catch let e as RTPError {
                #expect(e.code == .noRTP)
            }
        }
    }

    @Test func sipPairsTheLegsOfABackToBackCall() throws {
        guard let url = Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap") else { print(Fixtures.sharedMissing); return }
        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        #expect(calls.count == 2)
        for call in calls {
            #expect(call.callID != nil)
            #expect(call.left.count == 1 && call.right.count == 1)
        }
        let srtp = try #require(Fixtures.shared("pcap/voipshark__SIP-SRTP-Normal_Call_two_parties.pcap"))
        let encrypted = try CallFinder.calls(in: try Capture.read(url: srtp))
        #expect(encrypted.allSatisfy { !$0.isDecodable })
    }
}
