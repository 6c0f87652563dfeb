public import Foundation

/// A classic pcap of one G.711 stream with packets far apart: a few kilobytes that render to
/// hours of silence, so an ingest of it runs long (for the cancellation tests).
public enum SilentCapture {
    /// `packets` RTP packets (160 bytes of µ-law silence each), `secondsApart` seconds apart.
    public static func pcap(packets: Int = 19, secondsApart: Int = 600) -> Data {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func be32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
        var out = le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(1)
        for k in 0..<packets {
            let payload = [0x80, 0, UInt8(k >> 8), UInt8(k & 0xFF)] + be32(UInt32(k * 160)) + be32(7) + [UInt8](repeating: 0xFF, count: 160)
            let total = 28 + payload.count
            var frame = Array(0..<12) + [0x08, 0x00] as [UInt8]
            frame += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
            frame += [0x0F, 0xA0, 0x13, 0x88, UInt8((8 + payload.count) >> 8), UInt8((8 + payload.count) & 0xFF), 0, 0] + payload
            out += le32(UInt32(1_700_000_000 + k * secondsApart)) + le32(0) + le32(UInt32(frame.count)) + le32(UInt32(frame.count)) + frame
        }
        return Data(out)
    }
}
