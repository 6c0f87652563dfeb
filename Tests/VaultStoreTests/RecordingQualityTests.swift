import Testing
import VaultStore

/// Packet loss as a quality fact: read from an RTP call's per-direction counts, flagged past 3 %.
@Suite("Recording quality: packet loss")
struct RecordingQualityTests {
    let measured = Recording.Quality(active: [0.6, 0.5], clipped: [0, 0], longestSilenceMs: 1200, flags: [])

    @Test("each channel's share of packets lost, from received and lost; past 3 % the recording is flagged packet_loss")
    func flagged() {
        let fine = measured.addingPacketLoss(from: ["left.packets": "990", "left.lost": "10", "right.packets": "1000", "right.lost": "0"], channels: 2)
        #expect(fine.packetLoss == [0.01, 0] && fine.flags.isEmpty)
        let lossy = measured.addingPacketLoss(from: ["left.packets": "1000", "left.lost": "0", "right.packets": "900", "right.lost": "100"], channels: 2)
        #expect(lossy.packetLoss == [0, 0.1] && lossy.flags == ["packet_loss"])
        // Exactly 3 % is not past it.
        #expect(measured.addingPacketLoss(from: ["left.packets": "97", "left.lost": "3"], channels: 1).flags.isEmpty)
        // Kept in the metadata and read back the same.
        #expect(Recording.Quality(metadata: lossy.metadata) == lossy)
        #expect(lossy.metadata["quality_packet_loss"] == "0.000,0.100")
    }

    @Test("audio that came as a file, or counts that are missing, leave packet loss unknown (null), not zero")
    func unknown() {
        #expect(measured.addingPacketLoss(from: [:], channels: 2) == measured)
        #expect(measured.addingPacketLoss(from: ["left.packets": "100", "left.lost": "0"], channels: 2).packetLoss == nil)
        #expect(Recording.Quality(metadata: measured.metadata)?.packetLoss == nil)
        // A direction that sent nothing lost nothing.
        #expect(measured.addingPacketLoss(from: ["left.packets": "0", "left.lost": "0"], channels: 1).packetLoss == [0])
    }
}
