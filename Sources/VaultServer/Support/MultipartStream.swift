import Hummingbird
import VaultWire

/// A streaming reader of `multipart/form-data` over a request body: `MultipartParser` fed as
/// the body arrives, its events handed out one by one (content as `ByteBuffer`s). A malformed
/// body is a 400 `malformed_multipart`.
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
    private var parser: MultipartParser

    /// A reader over `body`, for the `boundary` parameter of its Content-Type.
    init(body: RequestBody, boundary: String) {
        self.body = body.makeAsyncIterator()
        parser = MultipartParser(boundary: boundary)
    }

    /// The boundary of a `multipart/form-data` Content-Type, or nil for another type.
    static func boundary(of contentType: String) -> String? { MultipartParser.boundary(of: contentType) }

    /// The next event; throws 400 for a malformed body.
    mutating func next() async throws -> Event {
        while true {
            let event: MultipartParser.Event?
            do { event = try parser.next() } catch { throw APIError.badRequest("malformed multipart body: \(error.reason)", code: "malformed_multipart") }
            switch event {
            case .part(let name, let contentType): return .part(name: name, contentType: contentType)
            case .content(let bytes): return .content(ByteBuffer(bytes: bytes))
            case .end: return .end
            case nil:
                if let chunk = try await body.next() { parser.append(chunk.readableBytesView) } else { parser.finish() }
            }
        }
    }
}
