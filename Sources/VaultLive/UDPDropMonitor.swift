import Foundation

/// Watches the kernel's count of UDP datagrams dropped because a socket's receive buffer was full
/// (`RcvbufErrors` in `/proc/net/snmp`, `Udp6RcvbufErrors` in `/proc/net/snmp6`): when it grows
/// while calls are recorded, the recorder is falling behind and calls lose audio, which must never
/// happen silently. The counters are the host's (any UDP socket's drops count), so a rise is a
/// reason to look, not proof that a call lost a packet.
struct UDPDropMonitor: Sendable {
    /// Reads the two files' text (tests inject their own).
    typealias Reader = @Sendable () -> (snmp: String?, snmp6: String?)
    private let read: Reader
    private var last: UInt64?

    /// The kernel's own files.
    static let kernel: Reader = {
        (try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8), try? String(contentsOfFile: "/proc/net/snmp6", encoding: .utf8))
    }

    init(read: @escaping Reader = UDPDropMonitor.kernel) {
        self.read = read
        last = Self.total(read())
    }

    /// The drops counted since the last look (0 at the first, or when the counters cannot be read).
    mutating func newDrops() -> UInt64 {
        guard let now = Self.total(read()) else { return 0 }
        defer { last = now }
        guard let last, now > last else { return 0 }
        return now - last
    }

    /// IPv4 and IPv6 receive-buffer drops together; nil when neither file says.
    static func total(_ files: (snmp: String?, snmp6: String?)) -> UInt64? {
        let v4 = files.snmp.flatMap(receiveBufferErrors(snmp:)), v6 = files.snmp6.flatMap(receiveBufferErrors(snmp6:))
        guard v4 != nil || v6 != nil else { return nil }
        return (v4 ?? 0) + (v6 ?? 0)
    }

    /// `RcvbufErrors` from `/proc/net/snmp`: the `Udp:` header line names the columns, the next
    /// `Udp:` line holds the values.
    static func receiveBufferErrors(snmp text: String) -> UInt64? {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Udp: ") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " "), values = lines[1].split(separator: " ")
        guard let column = names.firstIndex(of: "RcvbufErrors"), column < values.count else { return nil }
        return UInt64(values[column])
    }

    /// `Udp6RcvbufErrors` from `/proc/net/snmp6` (one `name value` pair a line).
    static func receiveBufferErrors(snmp6 text: String) -> UInt64? {
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count == 2, fields[0] == "Udp6RcvbufErrors" { return UInt64(fields[1]) }
        }
        return nil
    }
}
