import Foundation
import Hummingbird

/// A streaming reader of `multipart/form-data` (RFC 7578): it yields each part's headers, then
/// its content chunk by chunk as the body arrives, holding back only enough bytes to recognise
/// the next delimiter. Nothing is buffered whole; part headers are limited to 16 KiB.
struct MultipartStream {
    /// What the reader found next.
    enum Event: Equatable {
        /// A part begins: its form-field name and Content-Type, if given.
        case part(name: String, contentType: String?)
        /// Bytes of the current part's content.
        case content(ByteBuffer)
        /// The closing delimiter: no more parts.
        case end
    }

    private var body: RequestBody.AsyncIterator
    private let delimiter: [UInt8]  // CRLF "--" boundary
    private var buffer: [UInt8] = []
    private var state = State.preamble
    private var finishedInput = false
    private enum State { case preamble, headers, content, done }
    static let maximumHeaderBytes = 16 * 1024

    /// A reader over `body`, for the `boundary` parameter of its Content-Type.
    init(body: RequestBody, boundary: String) {
        self.body = body.makeAsyncIterator()
        delimiter = Array("\r\n--\(boundary)".utf8)
        buffer = Array("\r\n".utf8)  // so the first delimiter matches like the others
    }

    /// The boundary of a `multipart/form-data` Content-Type, or nil for another type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            let value = parameter.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if (1...70).contains(value.utf8.count) { return value }
        }
        return nil
    }

    /// Reads more of the body into the buffer; false at its end.
    private mutating func fill() async throws -> Bool {
        guard !finishedInput, let chunk = try await body.next() else { finishedInput = true; return false }
        buffer.append(contentsOf: chunk.readableBytesView)
        return true
    }

    /// The index of `needle` in the buffer, if it is there.
    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        var i = 0
        while i <= buffer.count - needle.count {
            if buffer[i] == needle[0], buffer[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func malformed(_ why: String) -> APIError { APIError.badRequest("malformed multipart body: \(why)", code: "malformed_multipart") }

    /// The next event; throws 400 for a malformed body.
    mutating func next() async throws -> Event {
        while true {
            switch state {
            case .done:
                return .end
            case .preamble:
                if let at = find(delimiter) {
                    buffer.removeFirst(at + delimiter.count)
                    state = .headers
                } else if try await !fill() {
                    throw Self.malformed("no opening boundary")
                }
            case .headers:
                // After a delimiter: "--" ends the body, CRLF starts a part's headers.
                while buffer.count < 2 { guard try await fill() else { throw Self.malformed("cut short after a boundary") } }
                if buffer[0] == 0x2D, buffer[1] == 0x2D { state = .done; return .end }
                guard let end = find(Array("\r\n\r\n".utf8)) else {
                    guard buffer.count <= Self.maximumHeaderBytes else { throw Self.malformed("part headers over 16 KiB") }
                    guard try await fill() else { throw Self.malformed("cut short in part headers") }
                    continue
                }
                guard buffer[0] == 0x0D, buffer[1] == 0x0A else { throw Self.malformed("no line break after a boundary") }
                let headerText = String(decoding: buffer[2..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var name: String?, contentType: String?
                for line in headerText.split(separator: "\r\n") {
                    guard let colon = line.firstIndex(of: ":") else { throw Self.malformed("a part header without a colon") }
                    let field = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    if field == "content-type" { contentType = value }
                    if field == "content-disposition", let match = value.firstMatch(of: /(?:^|;)\s*name="([^"]*)"/) { name = String(match.1) }
                }
                guard let name else { throw Self.malformed("a part without a form-field name") }
                state = .content
                return .part(name: name, contentType: contentType)
            case .content:
                if let at = find(delimiter) {
                    if at > 0 {
                        let content = ByteBuffer(bytes: buffer[..<at])
                        buffer.removeFirst(at)
                        return .content(content)
                    }
                    buffer.removeFirst(delimiter.count)
                    state = .headers
                    continue
                }
                // Hand over all but what could be the start of a delimiter.
                let safe = buffer.count - (delimiter.count - 1)
                if safe > 0 {
                    let content = ByteBuffer(bytes: buffer[..<safe])
                    buffer.removeFirst(safe)
                    return .content(content)
                }
                guard try await fill() else { throw Self.malformed("cut short in a part") }
            }
        }
    }
}
