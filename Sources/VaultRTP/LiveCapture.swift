import Foundation
import Glibc
import Synchronization
internal import CVaultPcap

/// A live capture on a network interface through libpcap (a SPAN or mirror port, or any
/// interface): frames as they arrive, decoded to UDP datagrams by the same ``FrameDecoder`` as
/// capture files. Owns its `pcap_t`; ``poll(_:)`` is called from one thread, ``stop()`` from any.
public final class LiveCapture: @unchecked Sendable {
    /// What the kernel and libpcap counted since the capture began.
    public struct Statistics: Sendable, Equatable {
        /// Frames read (that passed the filter).
        public var received: UInt64
        /// Frames dropped because the capture buffer was full (the reader fell behind).
        public var dropped: UInt64
        /// Frames the interface or its driver dropped.
        public var interfaceDropped: UInt64
    }

    /// The interface.
    public let interface: String
    /// The BPF filter applied in the kernel.
    public let filter: String
    private let handle: OpaquePointer
    private let descriptor: Int32
    private var frames: UInt64 = 0
    private var decoder: FrameDecoder
    private let stopped = Atomic<Bool>(false)

    /// The filter used when none is given: UDP, and SIP's TCP port 5060, VLAN-tagged or not (IP
    /// fragments included, so a fragmented INVITE is whole again). SIP over TCP on another port
    /// needs a filter that names it.
    public static let defaultFilter = "udp or tcp port 5060 or (vlan and (udp or tcp port 5060))"

    /// Opens `interface` (e.g. `eth1`, `lo`) for capture, promiscuous, with `filter` (BPF syntax)
    /// applied in the kernel and a capture buffer of `bufferMegabytes`.
    public init(interface: String, filter: String? = nil, bufferMegabytes: Int = 64) throws {
        self.interface = interface
        self.filter = filter ?? Self.defaultFilter
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw RTPError(.interfaceUnavailable, "cannot capture on \(interface): \(Self.text(errorBuffer))")
        }
        _ = pcap_set_snaplen(handle, 65535)
        _ = pcap_set_promisc(handle, 1)
        _ = pcap_set_immediate_mode(handle, 1)
        _ = pcap_set_buffer_size(handle, Int32(clamping: bufferMegabytes << 20))
        let status = pcap_activate(handle)
        if status < 0 {
            let reason: String
            switch status {
            case PCAP_ERROR_NO_SUCH_DEVICE: reason = "no such interface"
            case PCAP_ERROR_PERM_DENIED: reason = "permission denied (capturing needs root or CAP_NET_RAW)"
            case PCAP_ERROR_IFACE_NOT_UP: reason = "the interface is down"
            default: reason = String(cString: pcap_geterr(handle))
            }
            pcap_close(handle)
            throw RTPError(.interfaceUnavailable, "cannot capture on \(interface): \(reason)")
        }
        let link = pcap_datalink(handle)
        guard let layer = LinkLayer(dlt: link) else {
            let name = pcap_datalink_val_to_name(link).map { String(cString: $0) } ?? "unknown"
            pcap_close(handle)
            throw RTPError(.unsupportedLinkType, "cannot capture on \(interface): link type \(name) (\(link)) is not supported (Ethernet, Linux cooked, raw IP and loopback are)")
        }
        var program = bpf_program()
        guard pcap_compile(handle, &program, self.filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw RTPError(.invalidFilter, "the capture filter \"\(self.filter)\" is not valid BPF: \(reason)")
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            let reason = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw RTPError(.invalidFilter, "cannot apply the capture filter on \(interface): \(reason)")
        }
        // Non-blocking, waited for with poll(2): libpcap's own timeout is not kept in immediate
        // mode on Linux, and the caller must get control back to end calls whose RTP stopped.
        guard pcap_setnonblock(handle, 1, &errorBuffer) == 0, pcap_get_selectable_fd(handle) >= 0 else {
            pcap_close(handle)
            throw RTPError(.interfaceUnavailable, "cannot capture on \(interface): \(Self.text(errorBuffer))")
        }
        self.handle = handle
        descriptor = pcap_get_selectable_fd(handle)
        decoder = FrameDecoder(layer: layer)
    }

    deinit { pcap_close(handle) }

    /// Hands each UDP datagram that arrives to `body`, until none is waiting (then it waits up to
    /// 100 ms for one) or 4096 frames were read; returns false once ``stop()`` was called.
    public func poll(_ body: (CapturedDatagram) -> Void) throws -> Bool {
        for _ in 0..<4096 {
            if stopped.load(ordering: .acquiring) { return false }
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            switch pcap_next_ex(handle, &header, &data) {
            case 1:
                guard let header, let data else { continue }
                frames += 1
                let time = Double(header.pointee.ts.tv_sec) + Double(header.pointee.ts.tv_usec) / 1e6
                decoder.decode(UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen)), time: time, body)
            case 0:
                // Nothing waiting: wait a little for the next frame, then give the caller its turn.
                decoder.forgetFragments(olderThan: Date().timeIntervalSince1970 - 30)
                decoder.forgetStreams(idleSince: Date().timeIntervalSince1970 - 300)  // SIP over TCP keeps its connection between calls
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = Glibc.poll(&waiting, 1, 100)
                return !stopped.load(ordering: .acquiring)
            case PCAP_ERROR_BREAK:
                return false
            default:
                throw RTPError(.interfaceUnavailable, "capture on \(interface) stopped: \(String(cString: pcap_geterr(handle)))")
            }
        }
        return !stopped.load(ordering: .acquiring)
    }

    /// Makes ``poll(_:)`` return false from now on (and wakes it). Any thread.
    public func stop() {
        stopped.store(true, ordering: .releasing)
        pcap_breakloop(handle)
    }

    /// Frames read so far, and what the kernel dropped. Called from the polling thread.
    public var statistics: Statistics {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return Statistics(received: frames, dropped: 0, interfaceDropped: 0) }
        return Statistics(received: frames, dropped: UInt64(stats.ps_drop), interfaceDropped: UInt64(stats.ps_ifdrop))
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
