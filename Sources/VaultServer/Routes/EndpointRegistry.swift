import Foundation
public import HTTPTypes
import Hummingbird
import Logging
public import VaultCore

/// One endpoint of the API and who may call it.
public struct EndpointDescription: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path as routed, with `{parameters}` (e.g. `/v1/recordings/{id}`).
    public var path: String
    /// The roles allowed; nil for the public endpoints (no token needed).
    public var roles: Set<APIRole>?

    public var description: String { "\(method) \(path)" }
}

/// What a protected endpoint's handler gets: the request, its context and the caller's token.
struct APICall: Sendable {
    var request: Request
    var context: APIRequestContext
    var token: APIToken
    /// The caller, as the audit log names it.
    var actor: VaultActor { token.actor }
}

/// Registers endpoints on the router, each wrapped with the one authorisation check (401
/// without a live token, 403 for a role not listed), the one error mapping and the metrics.
/// Every endpoint goes through `add`, so the list it keeps is the whole API.
final class EndpointRegistry {
    /// Private: routes and middleware come in only through `add`, so `endpoints` and `middleware`
    /// list all of them (the consent fast path's guard relies on it).
    private let router: Router<APIRequestContext>
    /// The one token check of every protected endpoint (shared with `ConsentCheckFastPath`).
    let authenticator: TokenAuthenticator
    private let metrics: ServerMetrics
    private let logger: Logger
    private(set) var endpoints: [EndpointDescription] = []
    /// The console's pages (`/ui/…`): routed and measured like endpoints, but not the API, so
    /// not in `endpoints` (nor in the OpenAPI document). Each authorises itself by session.
    private(set) var pages: [EndpointDescription] = []
    /// The router's middleware, by type name, in the order added (the consent-check fast path
    /// answers in front of the router, so it must reproduce each: see `ConsentCheckAnswerer`).
    private(set) var middleware: [String] = []

    init(router: Router<APIRequestContext>, authenticator: TokenAuthenticator, metrics: ServerMetrics, logger: Logger) {
        self.router = router
        self.authenticator = authenticator
        self.metrics = metrics
        self.logger = logger
    }

    /// The finished router, for the `Application` that serves it.
    var responderRouter: Router<APIRequestContext> { router }

    /// Adds router middleware (the only way in, so `middleware` lists all of it).
    func add(middleware: some RouterMiddleware<APIRequestContext>) {
        router.add(middleware: middleware)
        self.middleware.append(String(describing: type(of: middleware)))
    }

    /// A protected endpoint, callable by `roles` only.
    func add(_ method: HTTPRequest.Method, _ path: String, roles: Set<APIRole>,
             _ handler: @escaping @Sendable (APICall) async throws -> Response) {
        let authenticator = self.authenticator
        let label = "\(method) \(path)"
        register(method, path, roles: roles) { request, context in
            let token = try await authenticator.authenticate(authorization: request.headers[.authorization])
            guard roles.contains(token.role) else {
                throw APIError(.forbidden, "forbidden", "the \(token.role.rawValue) role may not call \(label)")
            }
            return try await handler(APICall(request: request, context: context, token: token))
        }
    }

    /// A public endpoint (no token).
    func addPublic(_ method: HTTPRequest.Method, _ path: String,
                   _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
        register(method, path, roles: nil, handler)
    }

    /// A console page: its handler renders its own errors (HTML, not the API's JSON).
    func addPage(_ method: HTTPRequest.Method, _ path: String,
                 _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
        pages.append(EndpointDescription(method: method, path: path, roles: nil))
        route(method, path, handler)
    }

    private func register(_ method: HTTPRequest.Method, _ path: String, roles: Set<APIRole>?,
                          _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
        endpoints.append(EndpointDescription(method: method, path: path, roles: roles))
        route(method, path, handler)
    }

    private func route(_ method: HTTPRequest.Method, _ path: String,
                       _ handler: @escaping @Sendable (Request, APIRequestContext) async throws -> Response) {
        let metrics = self.metrics, logger = self.logger
        let routed = RouterPath(path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
        let label = "\(method) \(path)"
        let id = metrics.register(label)
        router.on(routed, method: method) { request, context -> Response in
            let start = ContinuousClock.now
            do {
                let response = try await handler(request, context)
                metrics.record(id, status: response.status.code, duration: ContinuousClock.now - start)
                return response
            } catch {
                let apiError = APIError(error)
                if apiError.isServerFault {
                    logger.error("request failed", metadata: ["endpoint": "\(label)", "error": "\(String(describing: type(of: error))): \(error)"])
                }
                metrics.record(id, status: apiError.status.code, duration: ContinuousClock.now - start)
                return try apiError.response(from: request, context: context)
            }
        }
    }
}

/// Turns failures outside any endpoint (unknown path or method) into the API's JSON errors.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(error)
            metrics.record(ServerMetrics.unmatched, status: apiError.status.code, duration: .zero)
            return try apiError.response(from: request, context: context)
        }
    }
}
