#if canImport(Glibc)
import Glibc
#endif
public import Foundation

/// One plain TCP connection to a loopback HTTP/1.1 server, for what `URLSession` cannot do:
/// pipelined requests written back to back, answers read in arrival order.
public final class RawHTTPConnection {
    /// One answer: status line's code, headers (names lower-cased) and body.
    public struct Reply: Sendable {
        /// The HTTP status.
        public var status: Int
        /// Response headers (names lower-cased).
        public var headers: [String: String]
        /// The body as text.
        public var text: String
    }

    private let socket: Int32
    private var received = [UInt8]()

    /// Connects to `127.0.0.1:port`.
    public init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    /// Writes `text` as is (one or several requests).
    public func write(_ text: String) throws {
        try write(bytes: Data(text.utf8))
    }

    /// Writes `bytes` as they are.
    public func write(bytes data: Data) throws {
        var bytes = Array(data)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw POSIXError(.EPIPE) }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// Reads the next answer (a body with `Content-Length`).
    public func readReply() throws -> Reply {
        let bytes = try readReplyBytes()
        let headEnd = bytes.firstRange(of: Self.headEnd)!.upperBound
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        return Reply(status: status, headers: Self.headers(head), text: String(decoding: bytes[headEnd...], as: UTF8.self))
    }

    /// Reads the next answer as the bytes received: status line, headers and body.
    public func readReplyBytes() throws -> [UInt8] {
        var headEnd: Int?
        while true {
            if headEnd == nil, let range = received.firstRange(of: Self.headEnd) { headEnd = range.upperBound }
            if let headEnd {
                let head = String(decoding: received[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
                let length = Int(Self.headers(head)["content-length"] ?? "0") ?? 0
                if received.count >= headEnd + length {
                    defer { received.removeFirst(headEnd + length) }
                    return Array(received[..<(headEnd + length)])
                }
            }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw POSIXError(.ECONNRESET) }
            received.append(contentsOf: chunk[..<count])
        }
    }

    private static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)

    private static func headers(_ head: [String]) -> [String: String] {
        var headers = [String: String]()
        for line in head.dropFirst() where line.contains(":") {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }
}
