import Foundation
import Testing
import VaultTestSupport

/// `callvault ingest` of captures: one recording per call, statistics as metadata, no clear
/// numbers or DTMF digits anywhere, and clear one-line errors for bad input with nothing stored.
@Suite struct CaptureCLITests {
    /// A two-call SIP-less capture: PCMU both ways on one 5-tuple, written as raw bytes.
    static func writeCapture(to url: URL, dtmfDigit: UInt8 = 8) throws {
        var data = Data()
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        le32(0xA1B2_C3D4); le16(2); le16(4); le32(0); le32(0); le32(65535); le32(1)
        func packet(_ t: Double, _ src: [UInt8], _ sp: UInt16, _ dst: [UInt8], _ dp: UInt16, _ rtp: [UInt8]) {
            let udp = 8 + rtp.count, total = 20 + udp
            var f: [UInt8] = Array(repeating: 0, count: 12) + [0x08, 0x00]
            f += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0] + src + dst
            f += [UInt8(sp >> 8), UInt8(sp & 0xFF), UInt8(dp >> 8), UInt8(dp & 0xFF), UInt8(udp >> 8), UInt8(udp & 0xFF), 0, 0] + rtp
            le32(UInt32(t)); le32(UInt32((t - t.rounded(.down)) * 1e6)); le32(UInt32(f.count)); le32(UInt32(f.count))
            data.append(contentsOf: f)
        }
        func rtp(_ pt: UInt8, _ seq: Int, _ ts: Int, _ ssrc: UInt32, _ payload: [UInt8]) -> [UInt8] {
            [0x80, pt, UInt8(seq >> 8 & 0xFF), UInt8(seq & 0xFF), UInt8(ts >> 24 & 0xFF), UInt8(ts >> 16 & 0xFF), UInt8(ts >> 8 & 0xFF), UInt8(ts & 0xFF),
             UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)] + payload
        }
        let t0 = 1_767_225_600.0  // 2026-01-01T00:00:00Z
        let tone: [UInt8] = (0..<160).map { UInt8(truncatingIfNeeded: 0x80 + Int(40 * sin(Double($0) * 0.35))) }
        for i in 0..<150 {
            let t = t0 + Double(i) * 0.02
            if (60..<64).contains(i) {  // a key press, left direction
                let duration = (i - 59) * 160
                packet(t, [10, 0, 0, 1], 4000, [10, 0, 0, 2], 5000,
                       rtp(101, i, 60 * 160, 0xAAAA, [dtmfDigit, i == 63 ? 0x8A : 0x0A, UInt8(duration >> 8), UInt8(duration & 0xFF)]))
            } else {
                packet(t, [10, 0, 0, 1], 4000, [10, 0, 0, 2], 5000, rtp(0, i, i * 160, 0xAAAA, tone))
            }
            packet(t + 0.005, [10, 0, 0, 2], 5000, [10, 0, 0, 1], 4000, rtp(0, 3000 + i, i * 160, 0xBBBB, tone))
            // A second call on other ports, one-way.
            packet(t + 0.007, [10, 0, 0, 3], 6000, [10, 0, 0, 4], 7000, rtp(8, i, i * 160, 0xCCCC, tone))
        }
        try data.write(to: url)
    }

    @Test func captureIngestStoresOneRecordingPerCall() throws {
        let cli = CLI()
        try cli.initVault()
        let capture = cli.tmp.path("calls.pcap")
        try Self.writeCapture(to: capture)
        let result = try cli.run(["ingest", "--json", "--subject-phone", "+86 138 1234 5678", capture.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = CLI.lines(result.stdout)
        #expect(lines.count == 2)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.allSatisfy { $0["channels"] as? Int == 2 })
        let rtp = try #require(objects.first { $0["call_index"] as? Int == 1 }?["rtp"] as? [String: String])
        #expect(rtp["dtmf_events"] == "1")
        #expect(rtp["left.packets"] == "150" && rtp["right.packets"] == "150")
        let oneWay = try #require(objects.first { $0["call_index"] as? Int == 2 }?["rtp"] as? [String: String])
        #expect(oneWay["notes"]?.contains("one-way") == true)
        for object in objects { #expect(abs(Double(object["duration_ms"] as? Int ?? 0) / 1000 - 3.0) < 0.06) }
        #expect(try cli.list().count == 2)
        // No clear number and no keyed digit anywhere in the vault (catalog, WAL, objects).
        let grep = try Subprocess.run("grep", ["-r", "-a", "-l", "-e", "13812345678", "-e", "dtmf_digit", cli.vault])
        #expect(grep.stdout.isEmpty)
        let metadata = try cli.sqlScalar("SELECT group_concat(metadata, '|') FROM recordings")
        #expect(metadata.contains("\"dtmf_events\":\"1\""))
        #expect(!metadata.contains("digit"))
    }

    @Test func badCapturesAreOneClearLineAndStoreNothing() throws {
        let cli = CLI()
        try cli.initVault()
        let garbage = cli.tmp.path("garbage.pcap")
        try Data([0xA1, 0xB2, 0xC3, 0xD4] + (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: garbage)
        let bad = try cli.run(["ingest", garbage.path])
        #expect(bad.status == 65)
        #expect(CLI.lines(bad.stderr).count == 1)
        #expect(bad.stderr.contains("garbage.pcap"))

        let empty = cli.tmp.path("nortp.pcap")
        var data = Data()
        for v: UInt32 in [0xA1B2_C3D4] { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: [2, 0, 4, 0] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0, 0, 1, 0, 0, 0])
        try data.write(to: empty)
        let noRTP = try cli.run(["ingest", empty.path])
        #expect(noRTP.status == 65)
        #expect(noRTP.stderr.contains("no RTP"))

        if let crash = Fixtures.shared("pcap/asterisk__crash.pcap") {
            let result = try cli.run(["ingest", crash.path])
            #expect(result.status == 65)
        }
        #expect(try cli.list().isEmpty)
    }

    @Test func realCaptureIngests() throws {
        guard let url = Fixtures.shared("pcap/voipshark__SIP-RTP-Normal_Call_two_parties.pcap") else { print(Fixtures.sharedMissing); return }
        let cli = CLI()
        try cli.initVault()
        let result = try cli.run(["ingest", "--json", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = CLI.lines(result.stdout)
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["call_id_sha256"] != nil)
            #expect((object["rtp"] as? [String: String])?["signalling"] == "SIP")
        }
    }
}
