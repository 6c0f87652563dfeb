/// What the consent check's wire fast path finds at the front of a connection's unread bytes.
public enum WireCheckScan: Equatable, Sendable {
    /// A prefix of a plain check: wait for more bytes.
    case incomplete
    /// Anything else: the bytes are NIO's HTTP/1 decoder's from here on.
    case other
    /// A complete plain check. Offsets are from the front of the scanned bytes; `length` is the
    /// whole request's (head and body).
    case check(authorization: Range<Int>?, contentType: Range<Int>?, body: Range<Int>, length: Int)
}

extension WireCheckScan {
    /// A head longer than this is left to the decoder (which has its own limits).
    public static let maximumHeadSize = 8 * 1024

    /// Reads one request of the strict subset of HTTP/1.1 the wire fast path answers:
    /// `requestLine` (`POST /v1/consent/check HTTP/1.1` and CRLF), header lines `name: value` ended by CRLF (names are
    /// tokens; values are visible ASCII, spaces and tabs), exactly one `Host`, exactly one
    /// decimal `Content-Length` up to `bodyLimit`, at most one `Authorization` and one
    /// `Content-Type`, and none of `Transfer-Encoding`, `Connection`, `Expect`, `Upgrade`
    /// (whose handling is the decoder's and Hummingbird's). Anything outside the subset, even
    /// when valid HTTP, is `.other`: the decoder then reads it, so the subset only decides
    /// which requests are fast, never how a request is understood.
    public static func scan(_ bytes: UnsafeRawBufferPointer, requestLine line: [UInt8], bodyLimit: Int) -> WireCheckScan {
        guard bytes.count >= line.count else { return bytes.elementsEqual(line.prefix(bytes.count)) ? .incomplete : .other }
        guard UnsafeRawBufferPointer(rebasing: bytes[0..<line.count]).elementsEqual(line) else { return .other }
        var position = line.count
        var authorization: Range<Int>?, contentType: Range<Int>?, contentLength: Int?, hosts = 0
        let headLimit = min(bytes.count, maximumHeadSize)
        while true {
            guard let lineFeed = (position..<headLimit).first(where: { bytes[$0] == 0x0A }) else {
                return bytes.count >= maximumHeadSize ? .other : .incomplete
            }
            guard lineFeed > position, bytes[lineFeed - 1] == 0x0D else { return .other }  // bare LF
            let lineEnd = lineFeed - 1
            if lineEnd == position {  // the empty line
                position = lineFeed + 1
                break
            }
            var colon = position
            while colon < lineEnd, isTokenByte(bytes[colon]) { colon += 1 }
            guard colon > position, colon < lineEnd, bytes[colon] == UInt8(ascii: ":") else { return .other }
            var valueStart = colon + 1, valueEnd = lineEnd
            while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
            for i in valueStart..<valueEnd where !(0x20...0x7E).contains(bytes[i]) && bytes[i] != 0x09 { return .other }
            let name = UnsafeRawBufferPointer(rebasing: bytes[position..<colon])
            switch HeaderName(name) {
            case .contentLength:
                guard contentLength == nil, (1...7).contains(valueEnd - valueStart) else { return .other }
                var value = 0
                for i in valueStart..<valueEnd {
                    guard (0x30...0x39).contains(bytes[i]) else { return .other }
                    value = value * 10 + Int(bytes[i] - 0x30)
                }
                contentLength = value
            case .authorization:
                guard authorization == nil else { return .other }
                authorization = valueStart..<valueEnd
            case .contentType:
                guard contentType == nil else { return .other }
                contentType = valueStart..<valueEnd
            case .host:
                hosts += 1
            case .handledElsewhere:
                return .other
            case .ignored:
                break
            }
            position = lineFeed + 1
        }
        guard hosts == 1, let contentLength, contentLength <= bodyLimit else { return .other }
        guard bytes.count >= position + contentLength else { return .incomplete }
        return .check(authorization: authorization, contentType: contentType, body: position..<position + contentLength,
                      length: position + contentLength)
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// The header names the scan tells apart (compared case-insensitively).
    private enum HeaderName {
        case contentLength, authorization, contentType, host, handledElsewhere, ignored

        init(_ name: UnsafeRawBufferPointer) {
            func equals(_ expected: StaticString) -> Bool {
                guard name.count == expected.utf8CodeUnitCount else { return false }
                let lowercase = UnsafeRawBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount)
                return zip(name, lowercase).allSatisfy { ((0x41...0x5A).contains($0) ? $0 | 0x20 : $0) == $1 }
            }
            switch name.count {
            case 4 where equals("host"): self = .host
            case 14 where equals("content-length"): self = .contentLength
            case 13 where equals("authorization"): self = .authorization
            case 12 where equals("content-type"): self = .contentType
            case 17 where equals("transfer-encoding"), 10 where equals("connection"), 6 where equals("expect"),
                 7 where equals("upgrade"):
                self = .handledElsewhere
            default: self = .ignored
            }
        }
    }
}
