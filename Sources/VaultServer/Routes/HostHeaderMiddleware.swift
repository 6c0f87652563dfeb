import HTTPTypes
import Hummingbird

/// RFC 9112 §3.2: a server answers 400 to a request without a `Host` header or with more than
/// one. The one rule for every path in: this middleware for the router, and the decoded
/// consent-check fast path forwards such a request to the router instead of answering it (the
/// wire fast path reads exactly one `Host` itself, or hands the bytes on).
struct HostHeaderMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// Whether `head` carries exactly one `Host` (the first becomes the authority; any other
    /// stays among the header fields).
    static func hasOneHost(_ head: HTTPRequest) -> Bool {
        head.authority != nil && !head.headerFields.contains { $0.name.canonicalName == "host" }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.hasOneHost(request.head) else {
            // Read a small body first: a connection closed with unread bytes is reset, and the
            // client would never see the 400.
            _ = try? await request.body.collect(upTo: 64 << 10)
            throw APIError.badRequest("a request needs exactly one Host header", code: "bad_host")
        }
        return try await next(request, context)
    }
}
