import Foundation
import Testing
import VaultAudio
import VaultRTP
import VaultTestSupport

/// Captures written by the test with known ground truth, one fault each.
@Suite struct GeneratedCaptureTests {
    let tmp = TemporaryDirectory("rtp-gen")

    func assemble(_ call: SyntheticCall, name: String = "call.pcap") throws -> (AssembledCall, [[Float]]) {
        let url = tmp.path(name)
        try call.write(to: url)
        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        #expect(calls.count == 1)
        let assembled = try calls[0].assemble()
        return (assembled, try readAll(try assembled.makeSource()))
    }

    /// Duration within 60 ms of first-to-last packet (plus the last packet's 20 ms).
    func expectDuration(_ a: AssembledCall) {
        let span = a.call.lastTime - a.call.firstTime
        #expect(abs(a.duration - span) <= 0.06, "duration \(a.duration) vs packets span \(span)")
    }

    @Test func cleanTwoWayCallIsStereoAndAligned() throws {
        let (a, audio) = try assemble(SyntheticCall())
        #expect(a.sampleRate == 8000)
        #expect(audio.count == 2)
        #expect(a.left.packets == 100 && a.right.packets == 100)
        #expect(a.left.lost == 0 && a.left.duplicates == 0 && a.left.reordered == 0)
        expectDuration(a)
        // Left is the 440 Hz direction (heard first), right the 1000 Hz one.
        let reference = (0..<16000).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
        #expect(bestCorrelation(Array(audio[0][0..<8000]), Array(reference[0..<8000])) > 0.99)
        #expect(rms(audio[1][8000..<12000]) > 0.2)
    }

    @Test func lossLeavesSilenceWithoutTimeCompression() throws {
        let (a, audio) = try assemble(SyntheticCall(lose: Set(40..<45)))
        #expect(a.left.lost == 5)
        #expect(a.left.packets == 95)
        expectDuration(a)
        // The 5 lost packets (100 ms at 0.8 s) are silence; the tone resumes at its own time.
        #expect(rms(audio[0][(40 * 160 + 20)..<(45 * 160 - 20)]) < 0.01)
        #expect(rms(audio[0][(46 * 160)..<(50 * 160)]) > 0.2)
        let reference = (0..<16000).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
        #expect(bestCorrelation(Array(audio[0][(50 * 160)..<(90 * 160)]), Array(reference[(50 * 160)..<(90 * 160)]), maxLag: 2) > 0.99)
    }

    @Test func reorderedAndDuplicatedPacketsAreCountedAndPlacedInOrder() throws {
        let (a, audio) = try assemble(SyntheticCall(duplicate: [10, 30], swapWithNext: [60, 70]))
        #expect(a.left.duplicates == 2)
        #expect(a.left.reordered == 2)
        #expect(a.left.lost == 0)
        #expect(a.left.packets == 102)
        expectDuration(a)
        let reference = (0..<16000).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
        #expect(bestCorrelation(Array(audio[0][0..<15000]), Array(reference[0..<15000]), maxLag: 2) > 0.99)
    }

    @Test func sequenceAndTimestampWrapAround() throws {
        let (a, audio) = try assemble(SyntheticCall(startSeq: 65500, startTS: UInt32.max - 160 * 30))
        #expect(a.left.lost == 0 && a.left.reordered == 0 && a.left.duplicates == 0)
        expectDuration(a)
        let reference = (0..<16000).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
        #expect(bestCorrelation(Array(audio[0][0..<15000]), Array(reference[0..<15000]), maxLag: 2) > 0.99)
    }

    @Test func ssrcChangeMidCallKeepsTime() throws {
        let (a, audio) = try assemble(SyntheticCall(ssrcChangeAt: 50))
        #expect(a.left.ssrcs == 2)
        #expect(a.left.lost == 0)
        #expect(a.notes.contains("SSRC changed mid-call"))
        expectDuration(a)
        #expect(rms(audio[0][(55 * 160)..<(95 * 160)]) > 0.2)
    }

    @Test func silenceSuppressionGapKeepsDuration() throws {
        let (a, audio) = try assemble(SyntheticCall(seconds: 3, silentFrom: 50, silentTo: 100))
        #expect(a.left.lost == 0)  // the sequence continues: nothing lost, time passed
        expectDuration(a)
        #expect(audio[0].count == a.frames)
        // Timestamps jumped over the gap: no audio there, tone after it at 2.0 s.
        let gap = audio[0][(52 * 160)..<(98 * 160)]
        #expect(rms(gap) < 0.01)
        #expect(rms(audio[0][(101 * 160)..<(140 * 160)]) > 0.2)
    }

    @Test func oneWayStreamGivesASilentChannelAndANote() throws {
        let (a, audio) = try assemble(SyntheticCall(twoWay: false))
        #expect(a.notes.contains("one-way: right channel silent"))
        #expect(rms(audio[1][...]) == 0)
        #expect(rms(audio[0][...]) > 0.2)
        expectDuration(a)
    }

    @Test func dtmfIsCountedNeverRenderedNeverStored() throws {
        let (a, audio) = try assemble(SyntheticCall(dtmfAt: 50, dtmfDigit: 9))
        #expect(a.dtmf.count == 1)
        #expect(abs(a.dtmf[0].offset - 1.0) < 0.05)
        #expect(rms(audio[0][(51 * 160)..<(54 * 160)]) < 0.01)
        let metadata = a.metadata
        #expect(metadata["dtmf_events"] == "1")
        #expect(!metadata.keys.contains { $0.contains("digit") })
        #expect(!metadata.values.contains { $0.contains("9") && $0.count == 1 })
    }

    @Test func truncatedLastPacketIsKeptAndNoted() throws {
        let (a, _) = try assemble(SyntheticCall(cutLast: true))
        #expect(a.left.truncatedPackets + a.right.truncatedPackets == 1)
        #expect(a.notes.contains { $0.contains("truncated") })
        expectDuration(a)
    }

    @Test func captureCutMidFileIsIngestedUpToTheCut() throws {
        let url = tmp.path("cut.pcap")
        try SyntheticCall().write(to: url)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count - 100).write(to: url)
        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        #expect(calls.count == 1)
        let a = try calls[0].assemble()
        #expect(a.notes.contains("capture cut mid-file"))
    }

    @Test func g729StreamIsReportedWhileTheOtherIsIngested() throws {
        var w = PcapWriter()
        let t0 = 1_700_000_000.0
        for i in 0..<100 {
            w.udp(time: t0 + Double(i) * 0.02, src: ("10.0.0.1", 4000), dst: ("10.0.0.2", 5000),
                  payload: PcapWriter.rtp(pt: 0, seq: UInt16(i), ts: UInt32(i * 160), ssrc: 1, payload: [UInt8](repeating: 0x55, count: 160)))
            w.udp(time: t0 + 0.01 + Double(i) * 0.02, src: ("10.0.0.2", 5000), dst: ("10.0.0.1", 4000),
                  payload: PcapWriter.rtp(pt: 18, seq: UInt16(i), ts: UInt32(i * 160), ssrc: 2, payload: [UInt8](repeating: 0x11, count: 20)))
            w.udp(time: t0 + Double(i) * 0.02, src: ("10.0.0.3", 6000), dst: ("10.0.0.4", 7000),
                  payload: PcapWriter.rtp(pt: 18, seq: UInt16(i), ts: UInt32(i * 160), ssrc: 3, payload: [UInt8](repeating: 0x11, count: 20)))
        }
        let url = tmp.path("g729.pcap")
        try w.write(to: url)
        let calls = try CallFinder.calls(in: try Capture.read(url: url))
        #expect(calls.count == 2)
        let mixed = try #require(calls.first { $0.streams.count == 2 })
        #expect(mixed.isDecodable)
        let a = try mixed.assemble()
        #expect(a.notes.contains { $0.contains("G729") })
        #expect(a.right.packets == 100)
        let g729Only = try #require(calls.first { $0.streams.count == 1 })
        #expect(!g729Only.isDecodable)
        #expect(g729Only.unsupportedReport.first?.contains("G729 (100 packets)") == true)
    }

    @Test func badInputsAreClearErrors() throws {
        let garbage = tmp.path("garbage.pcap")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: garbage)
        #expect(throws: RTPError.self) { try Capture.read(url: garbage) }
        do { _ = try Capture.read(url: garbage) } catch let e as RTPError { #expect(e.code == .notACapture && e.message.contains("garbage.pcap")) }

        var noRTP = PcapWriter()
        for i in 0..<20 {
            noRTP.udp(time: Double(i), src: ("1.1.1.1", 1), dst: ("2.2.2.2", 2), payload: Array("GARBAGE \(i)".utf8))
        }
        let noRTPURL = tmp.path("nortp.pcap")
        try noRTP.write(to: noRTPURL)
        do { _ = try CallFinder.calls(in: try Capture.read(url: noRTPURL)); Issue.record("no error") } catch let e as RTPError { #expect(e.code == .noRTP) }

        var other = PcapWriter(linkType: 105)  // IEEE 802.11
        other.udp(time: 0, src: ("1.1.1.1", 1), dst: ("2.2.2.2", 2), payload: [1, 2, 3])
        let otherURL = tmp.path("wifi.pcap")
        try other.write(to: otherURL)
        do { _ = try Capture.read(url: otherURL); Issue.record("no error") } catch let e as RTPError { #expect(e.code == .unsupportedLinkType) }

        let headerOnly = tmp.path("header.pcap")
        try PcapWriter().data.prefix(10).write(to: headerOnly)
        #expect(throws: RTPError.self) { try Capture.read(url: headerOnly) }
    }

    @Test func rtpdumpIsRead() throws {
        guard let url = Fixtures.shared("rtpdump/rtptools__bark.rtp") else { print(Fixtures.sharedMissing); return }
        let capture = try Capture.read(url: url)
        #expect(capture.format == .rtpdump)
        let calls = try CallFinder.calls(in: capture)
        #expect(calls.count == 1)
        #expect(calls[0].left.first?.packets.count == 15)
        let a = try calls[0].assemble()
        #expect(abs(a.duration - 0.3) < 0.03)
    }
}

/// Capture times that jump by years in a few hundred bytes (issue 14): refused before any
/// rendering; a long gap within the limit renders a block at a time.
@Suite struct CaptureLimitTests {
    let tmp = TemporaryDirectory("rtp-limits")

    /// A one-way G.711 stream whose packets arrive at `times`.
    func capture(_ name: String, times: [Double]) throws -> [RTPCall] {
        var pcap = PcapWriter()
        for (k, t) in times.enumerated() {
            let payload = [UInt8](repeating: 0xFF, count: 160)
            pcap.udp(time: t, src: ("10.0.0.1", 4000), dst: ("10.0.0.2", 5000),
                     payload: PcapWriter.rtp(pt: 0, seq: UInt16(k), ts: UInt32(k * 160), ssrc: 7, payload: payload))
        }
        let url = tmp.path(name)
        try pcap.write(to: url)
        return try CallFinder.calls(in: try Capture.read(url: url))
    }

    @Test func alternatingTimestampsAreRefused() throws {
        // Capture times alternating between 0 and 2^31 s (read as -2^31: libpcap's seconds are
        // signed) made rendering allocate terabytes.
        let calls = try capture("alternate.pcap", times: (0..<20).map { $0 % 2 == 0 ? 0 : 2_147_483_648 })
        for call in calls {
            #expect { _ = try call.assemble() } throws: { error in
                (error as? RTPError)?.code == .limitExceeded && (error as? RTPError)?.message.contains("not one call") == true
            }
        }
    }

    @Test func aJumpOfYearsIsRefused() throws {
        let calls = try capture("jump.pcap", times: [100, 100.02, 100.04, 1_000_000_100])
        #expect(calls.count == 1)
        #expect(throws: RTPError.self) { _ = try calls[0].assemble() }
    }

    @Test func aLongGapWithinTheLimitRendersAsSilence() throws {
        // By default a call may be silent for 15 minutes at most: packets an hour apart are refused.
        let hour = try capture("hour.pcap", times: [10, 10.02, 3610, 3610.02])
        #expect { _ = try hour[0].assemble() } throws: { ($0 as? RTPError)?.message.contains("no packet for 3600 s") == true }
        // Packets ten minutes apart: ten minutes of silence, rendered in blocks, not one allocation.
        let calls = try capture("gap.pcap", times: [10, 10.02, 610, 610.02])
        let assembled = try calls[0].assemble()
        #expect(abs(assembled.duration - 600.06) < 0.1)
        let source = try assembled.makeSource()
        #expect(source.expectedFrames == assembled.frames)
        var block = [Float](repeating: 1, count: 8192 * 2)
        var total = 0, peakInGap: Float = 0
        while true {
            let n = try block.withUnsafeMutableBufferPointer { try source.read(into: $0.baseAddress!, frames: 8192) }
            if n == 0 { break }
            if total > 8000, total < 599 * 8000 { peakInGap = max(peakInGap, block[0..<(n * 2)].map(abs).max() ?? 0) }
            total += n
        }
        #expect(total == assembled.frames)
        #expect(peakInGap == 0)
        #expect(throws: RTPError.self) { _ = try calls[0].assemble(limits: AudioLimits(maximumSeconds: 300)) }
    }
}
