import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// The RTP ports the recorder offers, and the UDP sockets bound on them.
///
/// Leasing binds the sockets at once (plain `socket` and `bind`), so a port is offered in an SDP
/// answer only when it is really ours, and datagrams that arrive before the socket joins an event
/// loop wait in its kernel buffer. Each stream takes an even port (RTCP would be the odd one
/// above it, and stays free). A port another program holds is skipped.
final class RTPPortPool: Sendable {
    /// A bound socket on one port; its descriptor passes to NIO, which closes it.
    struct Lease: Sendable {
        var port: Int
        var descriptor: Int32
    }

    /// The address to bind, IPv4 or IPv6.
    private enum Address: Sendable { case v4(in_addr), v6(in6_addr) }
    private let address: Address
    private let ports: [Int]
    /// Ports leased now, and where the next search starts.
    private let state = NIOLockedValueBox((leased: Set<Int>(), next: 0))
    /// Receive buffer asked for each socket: a second of a burst of calls must not overflow it.
    static let receiveBufferBytes: Int32 = 1 << 20

    /// A pool of the even ports in `range` on `host` (IPv4 or IPv6).
    init(host: String, range: ClosedRange<Int>) throws {
        var v4 = in_addr(), v6 = in6_addr()
        let address: Address
        if inet_pton(AF_INET, host, &v4) == 1 {
            address = .v4(v4)
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            address = .v6(v6)
        } else {
            throw LiveError(.configuration, "the RTP address \(host) is not an IPv4 or IPv6 address")
        }
        guard range.lowerBound >= 1024, range.upperBound <= 65534 else {
            throw LiveError(.configuration, "the RTP port range \(range.lowerBound)-\(range.upperBound) must lie within 1024-65534")
        }
        self.address = address
        ports = range.filter { $0 % 2 == 0 }
        guard !ports.isEmpty else { throw LiveError(.configuration, "the RTP port range \(range.lowerBound)-\(range.upperBound) holds no even port") }
    }

    /// Ports in the pool.
    var capacity: Int { ports.count }

    /// Ports leased now.
    var leasedCount: Int { state.withLockedValue { $0.leased.count } }

    /// `count` bound sockets, or nil when the pool cannot give that many.
    func lease(_ count: Int) -> [Lease]? {
        state.withLockedValue { state in
            var leases: [Lease] = []
            var tried = 0
            while leases.count < count, tried < ports.count {
                let port = ports[state.next]
                state.next = (state.next + 1) % ports.count
                tried += 1
                guard !state.leased.contains(port), let descriptor = bind(port: port) else { continue }
                state.leased.insert(port)
                leases.append(Lease(port: port, descriptor: descriptor))
            }
            guard leases.count == count else {
                for lease in leases {
                    close(lease.descriptor)
                    state.leased.remove(lease.port)
                }
                return nil
            }
            return leases
        }
    }

    /// Gives ports back (their sockets are closed by whoever owns them now).
    func release(_ ports: [Int]) {
        state.withLockedValue { state in for port in ports { state.leased.remove(port) } }
    }

    /// A non-blocking UDP socket bound on `port`, or nil when the port is taken.
    private func bind(port: Int) -> Int32? {
        let family = if case .v6 = address { AF_INET6 } else { AF_INET }
        let descriptor = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var size = Self.receiveBufferBytes
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        /// Binds `descriptor` to a `sockaddr_in` or `sockaddr_in6`.
        func bind<Address>(_ socketAddress: Address) -> Int32 {
            withUnsafePointer(to: socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<Address>.size)) }
            }
        }
        let bound: Int32
        switch address {
        case .v4(let host):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
            socketAddress.sin_addr = host
            bound = bind(socketAddress)
        case .v6(let host):
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
            socketAddress.sin6_addr = host
            bound = bind(socketAddress)
        }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
