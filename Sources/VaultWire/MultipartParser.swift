/// Why a `multipart/form-data` body could not be read.
public struct MultipartError: Error, Equatable, Sendable {
    /// In words, for the client: what was wrong where.
    public var reason: String
    /// An error with `reason`.
    public init(_ reason: String) { self.reason = reason }
}

/// A push parser of `multipart/form-data` (RFC 7578): bytes go in as they arrive (`append`,
/// then `finish` at the end of the body), events come out (`next`): each part's headers, then
/// its content in pieces, then the end. It holds back only what could be the start of the next
/// delimiter, so memory stays bounded by the largest piece appended plus the part headers
/// (at most 16 KiB each); the preamble and the epilogue are skipped, never kept. Every byte is
/// looked at a bounded number of times, so time is linear in the body.
public struct MultipartParser: Sendable {
    /// What the parser found next.
    public enum Event: Equatable, Sendable {
        /// A part begins: its form-field name and Content-Type, if given.
        case part(name: String, contentType: String?)
        /// Bytes of the current part's content.
        case content([UInt8])
        /// The closing delimiter: no more parts.
        case end
    }

    /// Part headers longer than this are refused.
    public static let maximumHeaderBytes = 16 * 1024

    private let delimiter: [UInt8]  // CRLF "--" boundary
    private let requiresName: Bool
    private var buffer: [UInt8]
    private var start = 0  // bytes before `start` are consumed
    private var searched = 0  // in `.headers`: no header end starts before this index
    private var finished = false
    private var state = State.preamble
    private enum State { case preamble, headers, content, done }

    /// A parser for the `boundary` parameter of the body's Content-Type. `requiresName`: every
    /// part must carry a form-field name (`multipart/form-data`); a `multipart/mixed` body (a
    /// SIPREC INVITE's SDP and metadata) has none, and its parts come out named "".
    public init(boundary: String, requiresName: Bool = true) {
        self.requiresName = requiresName
        delimiter = Array("\r\n--\(boundary)".utf8)
        buffer = Array("\r\n".utf8)  // so the first delimiter matches like the others
    }

    /// The boundary of a `multipart/<subtype>` Content-Type (1 to 70 bytes), or nil for another type.
    public static func boundary(of contentType: String, subtype: String = "form-data") -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmed(of: " \t") }
        guard parts.first?.lowercased() == "multipart/\(subtype)" else { return nil }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = parameter.dropFirst("boundary=".count)
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            if (1...70).contains(value.utf8.count) { return String(value) }
        }
        return nil
    }

    /// More of the body.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {  // compact: what is left moves to the front
            buffer.removeSubrange(0..<start)
            searched -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes appended but not yet handed out or skipped (what the parser holds).
    public var bufferedBytes: Int { buffer.count - start }

    /// The body ended: no more bytes will be appended.
    public mutating func finish() { finished = true }

    /// The next event, or nil when more bytes are needed first. Throws for a malformed body,
    /// including one that ended (`finish`) before its closing delimiter.
    public mutating func next() throws(MultipartError) -> Event? {
        while true {
            switch state {
            case .done:
                return .end
            case .preamble:
                if let at = find(delimiter, from: start) {
                    start = at + delimiter.count
                    searched = start
                    state = .headers
                    continue
                }
                // Nothing before the last delimiter-length bytes can begin the delimiter any more.
                start = max(start, buffer.count - (delimiter.count - 1))
                if finished { throw MultipartError("no opening boundary") }
                return nil
            case .headers:
                // After a delimiter: "--" ends the body, CRLF starts a part's headers.
                guard buffer.count - start >= 2 else {
                    if finished { throw MultipartError("cut short after a boundary") }
                    return nil
                }
                if buffer[start] == 0x2D, buffer[start + 1] == 0x2D {
                    state = .done
                    return .end
                }
                guard buffer[start] == 0x0D, buffer[start + 1] == 0x0A else { throw MultipartError("no line break after a boundary") }
                guard let end = find(Self.headerEnd, from: max(searched, start)) else {
                    guard buffer.count - start <= Self.maximumHeaderBytes else { throw MultipartError("part headers over 16 KiB") }
                    searched = max(start, buffer.count - (Self.headerEnd.count - 1))
                    if finished { throw MultipartError("cut short in part headers") }
                    return nil
                }
                guard end - start <= Self.maximumHeaderBytes else { throw MultipartError("part headers over 16 KiB") }
                // No header lines at all: the delimiter's CRLF is the first half of the blank line.
                let headers = try partHeaders(end >= start + 2 ? buffer[(start + 2)..<end] : [])
                start = end + Self.headerEnd.count
                state = .content
                return .part(name: headers.name, contentType: headers.contentType)
            case .content:
                if let at = find(delimiter, from: start) {
                    if at > start {
                        let content = Array(buffer[start..<at])
                        start = at
                        return .content(content)
                    }
                    start += delimiter.count
                    searched = start
                    state = .headers
                    continue
                }
                // Hand over all but what could be the start of a delimiter.
                let safe = buffer.count - (delimiter.count - 1)
                if safe > start {
                    let content = Array(buffer[start..<safe])
                    start = safe
                    return .content(content)
                }
                if finished { throw MultipartError("cut short in a part") }
                return nil
            }
        }
    }

    private static let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)

    /// The index of `needle` in the buffer at or after `from`, if it is there.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count - from >= needle.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            let first = needle[0], last = bytes.count - needle.count
            var i = from
            while i <= last {
                if bytes[i] == first {
                    var j = 1
                    while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
    }

    /// A part's form-field name (required unless `requiresName` is false) and Content-Type, from its header lines.
    private func partHeaders(_ bytes: ArraySlice<UInt8>) throws(MultipartError) -> (name: String, contentType: String?) {
        var name: String?, contentType: String?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError("a part header without a colon") }
            let field = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmed(of: " \t")
            if field == "content-type" { contentType = value }
            if field == "content-disposition" { name = Self.formFieldName(value) }
        }
        guard let name = name ?? (requiresName ? nil : "") else { throw MultipartError("a part without a form-field name") }
        return (name, contentType)
    }

    /// The `name="…"` parameter of a Content-Disposition value (not `filename`). Parameters are
    /// split at semicolons outside quoted strings (`filename="a; name=b.wav"` is one parameter).
    static func formFieldName(_ value: String) -> String? {
        var parameters: [Substring] = [], start = value.startIndex, quoted = false
        for index in value.indices {
            if value[index] == "\"" { quoted.toggle() }
            if value[index] == ";", !quoted {
                parameters.append(value[start..<index])
                start = value.index(after: index)
            }
        }
        parameters.append(value[start...])
        for parameter in parameters.dropFirst() {
            let trimmed = parameter.trimmed(of: " \t")
            guard trimmed.lowercased().hasPrefix("name=") else { continue }
            var quotedName = trimmed.dropFirst("name=".count)
            guard quotedName.count >= 2, quotedName.first == "\"", quotedName.last == "\"" else { return nil }
            quotedName = quotedName.dropFirst().dropLast()
            return quotedName.contains("\"") ? nil : String(quotedName)
        }
        return nil
    }
}

extension StringProtocol {
    /// The string without `characters` at either end.
    fileprivate func trimmed(of characters: String) -> String {
        let set = Set(characters)
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
