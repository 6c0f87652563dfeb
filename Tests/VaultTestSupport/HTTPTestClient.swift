public import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif

/// A real HTTP client (URLSession over loopback sockets) for tests of the API server.
public struct HTTPTestClient: Sendable {
    /// An answer: status, headers and body.
    public struct Reply: Sendable {
        /// The HTTP status.
        public var status: Int
        /// Response headers (names lower-cased).
        public var headers: [String: String]
        /// The body.
        public var body: Data
        /// The body parsed as a JSON object (empty when it is not one).
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public var baseURL: URL
    private let session: URLSession

    /// A client for the server at `baseURL`, with its own connection pool.
    public init(baseURL: URL) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration)
    }

    /// Sends a request: `json` becomes an `application/json` body, `body` is sent as is.
    public func send(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                     headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields = [String: String]()
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }
}
