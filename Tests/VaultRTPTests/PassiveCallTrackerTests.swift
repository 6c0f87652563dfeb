import Foundation
import Testing
import VaultAudio
@testable import VaultRTP
import VaultTestSupport

/// The passive capture's call finding against the file path's: a real capture's datagrams, fed
/// one at a time in arrival order to `PassiveCallTracker` (as `callvault capture` feeds what an
/// interface sees), find the calls `CallFinder` finds in the whole file, with the same sides,
/// statistics and samples.
@Suite("Passive capture follows calls as the file path finds them")
struct PassiveCallTrackerTests {
    /// One call's result, from either path.
    struct Found {
        var metadata: [String: String]
        var samples: [Float]
    }

    /// The calls `CallFinder` finds in `capture`, rendered whole.
    static func filePath(_ capture: Capture) throws -> [Found] {
        try CallFinder.calls(in: capture).filter(\.isDecodable).map { call in
            let assembled = try call.assemble()
            return Found(metadata: assembled.metadata, samples: try LiveCallAudioTests.readAll(try assembled.makeSource()))
        }
    }

    /// The calls a tracker finds when `capture`'s datagrams arrive in capture order, time
    /// passing as the capture's clock says; each read once it has ended.
    static func livePath(_ capture: Capture, configuration: PassiveCallTracker.Configuration = .init(),
                         keep: (Datagram) -> Bool = { _ in true }, idleAfter: Double = 0) throws -> (found: [Found], events: [String]) {
        let clock = LiveCallAudioTests.SetClock()
        let tracker = PassiveCallTracker(configuration: configuration, clock: { clock.now })
        var ended: [PassiveCall] = []
        var log: [String] = []
        func note(_ events: [PassiveCallTracker.Event]) {
            for event in events {
                switch event {
                case .started(let call): log.append("start \(call.index)")
                case .ended(let call): log.append("end \(call.index)"); ended.append(call)
                case .notRecorded(let reason): log.append("not recorded: \(reason)")
                }
            }
        }
        var nextTick = capture.datagrams.first?.time ?? 0
        capture.bytes.withUnsafeBytes { all in
            for d in capture.datagrams where keep(d) {
                clock.set(d.time)
                if d.time >= nextTick {
                    note(tracker.expire(now: d.time))
                    nextTick = d.time + 0.5
                }
                note(tracker.take(CapturedDatagram(time: d.time, source: d.source, destination: d.destination,
                                                   payload: UnsafeRawBufferPointer(rebasing: all[d.offset..<(d.offset + d.length)]), truncated: d.truncated)))
            }
        }
        if idleAfter > 0, let last = capture.datagrams.last?.time {
            // The interface stays quiet: time passes without a datagram.
            var now = last
            while now < last + idleAfter {
                now += 0.5
                clock.set(now)
                note(tracker.expire(now: now))
            }
        }
        log.append("capture ends")
        note(tracker.finishAll(note: "the capture ended"))
        let found = try ended.sorted { $0.firstTime < $1.firstTime }.map { call in
            Found(metadata: call.audio.facts, samples: try LiveCallAudioTests.readAll(call.audio))
        }
        return (found, log)
    }

    @Test("every call of a real capture is found live with the file path's sides, counts and samples",
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"),
          arguments: [
            // SIP dialogs with BYE; a SIPREC session (two flows to one SDP side); RFC 2833 key
            // presses; G.722; SRTP (reported, not decoded); several calls with SIP over IPv6 and
            // fragments; no SIP at all (the RTP heuristic and Opus found by its shape, lateness and
            // loss); a T.38 fax switch on a re-INVITE from the callee.
            "voipshark__SIP-RTP-Normal_Call_two_parties.pcap", "miarec__siprec_dual_channel_udp.pcap", "miarec__09a_2833_dtmf.pcap",
            "miarec__10a_g722.pcap", "voipshark__SIP-SRTP-Normal_Call_two_parties.pcap", "sngrep__ipv6frag.pcap", "sngrep__aaa.pcap",
            "sipp__g711a.pcap", "asterisk__CARRIER_G711U.pcap", "ms2__rtp-534late-24loss-7000total.pcapng", "sipp__dtmf_2833_pound.pcap",
            "asterisk__opus-2013785496.pcap", "ms2__pcmu_8k_no_jitter.pcap", "ndpi__FAX-Call-t38-CA-TDM-SIP-FB-1.pcap",
          ])
    func liveEqualsFile(name: String) throws {
        let capture = try Capture.read(url: try #require(Fixtures.shared("pcap/\(name)")))
        // A capture without RTP has no call either way; SRTP calls are not recorded either way.
        let file = (try? Self.filePath(capture)) ?? []
        let (live, log) = try Self.livePath(capture)
        #expect(live.count == file.count, "\(live.count) calls live, \(file.count) from the file: \(log)")
        for (i, (l, f)) in zip(live, file).enumerated() {
            for key in ["left.packets", "right.packets", "lost", "reordered", "duplicates", "left.codec", "right.codec", "dtmf_events",
                        "left.ssrcs", "right.ssrcs", "t38_packets", "sample_rate", "signalling"] {
                #expect(l.metadata[key] == f.metadata[key], "call \(i + 1): \(key) live \(l.metadata[key] ?? "-"), file \(f.metadata[key] ?? "-")")
            }
            #expect(l.samples.count == f.samples.count, "call \(i + 1): \(l.samples.count / 2) live frames, \(f.samples.count / 2) from the file")
            let differing = zip(l.samples, f.samples).filter { $0 != $1 }.count
            #expect(differing == 0, "call \(i + 1): \(differing) samples differ")
        }
    }

    @Test("a call ends at its BYE, a call without SIP after its RTP timeout, and a SIP call that never says BYE after the timeout with a note",
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"))
    func callsEnd() throws {
        let sip = try Capture.read(url: try #require(Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap")))
        let byBye = try Self.livePath(sip)
        #expect(byBye.events.firstIndex(of: "end 1")! < byBye.events.firstIndex(of: "capture ends")!, "\(byBye.events)")
        #expect(byBye.found.first?.metadata["notes"]?.contains("without RTP") != true)

        // The same call with its BYE lost: the timeout ends it, and says so.
        let isBye: (Datagram) -> Bool = { d in
            sip.bytes[d.offset..<(d.offset + min(d.length, 4))].elementsEqual("BYE ".utf8)
        }
        #expect(sip.datagrams.contains(where: isBye))
        let noBye = try Self.livePath(sip, configuration: .init(rtpTimeout: 2), keep: { !isBye($0) }, idleAfter: 3)
        #expect(noBye.events.firstIndex(of: "end 1")! < noBye.events.firstIndex(of: "capture ends")!, "\(noBye.events)")
        #expect(noBye.found.first?.metadata["notes"]?.contains("ended after 2 s without RTP (no BYE seen)") == true)
        #expect(noBye.found.first?.samples == byBye.found.first?.samples)

        let plain = try Capture.read(url: try #require(Fixtures.shared("pcap/sipp__g711a.pcap")))
        let timedOut = try Self.livePath(plain, configuration: .init(rtpTimeout: 2), idleAfter: 3)
        #expect(timedOut.events.firstIndex(of: "end 1")! < timedOut.events.firstIndex(of: "capture ends")!, "\(timedOut.events)")
        #expect(timedOut.found.first?.metadata["notes"]?.contains("without RTP") != true)
    }

    @Test("SRTP calls and calls over the limit are not recorded, and say why",
          .enabled(if: Fixtures.sharedReal != nil, "\(Fixtures.sharedMissing)"))
    func notRecorded() throws {
        let srtp = try Capture.read(url: try #require(Fixtures.shared("pcap/voipshark__SIP-SRTP-Normal_Call_two_parties.pcap")))
        let secret = try Self.livePath(srtp)
        #expect(secret.found.isEmpty)
        #expect(secret.events.contains { $0.hasPrefix("not recorded: SRTP") }, "\(secret.events)")

        // Two legs of a call through a B2BUA at once, one recorded at a time: the other is refused once.
        let many = try Capture.read(url: try #require(Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap")))
        let all = try Self.livePath(many)
        let limited = try Self.livePath(many, configuration: .init(maximumCalls: 1))
        var open = 0, most = 0
        for event in limited.events {
            if event.hasPrefix("start") { open += 1 } else if event.hasPrefix("end") { open -= 1 }
            most = max(most, open)
        }
        #expect(most == 1)
        let refusals = limited.events.filter { $0.hasPrefix("not recorded: 1 calls") }.count
        #expect(refusals > 0 && limited.found.count + refusals == all.found.count, "\(limited.events) against \(all.events)")
    }
}
