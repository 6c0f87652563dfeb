import Foundation
import NIOCore
import VaultCore
import VaultPolicy

/// The route's answer to a plain consent check, computed synchronously on an event loop: what
/// both fast paths (`ConsentCheckWireFastPath` on raw bytes, `ConsentCheckFastPath` on decoded
/// HTTP parts) ask before they answer a request themselves.
///
/// It answers only when every step `ConsentRoutes` takes succeeds with the route's own helpers
/// (a live token from `TokenAuthenticator`, the dialer role, the route's media-type rule,
/// `ConsentRoutes.flatCheckRequest`, the `Field` checks, and the decision of `Vault.checkConsent`
/// without a claim, taken from the loop's `ConsentChecker` when there is one), so its answer is
/// the route's; nil means "let the route answer". One per connection (it remembers the
/// connection's last `Authorization` value, its token and the `Date` of the current second),
/// used on that connection's event loop only.
struct ConsentCheckAnswerer {
    /// What the fast paths need of the server; shared by every connection.
    struct Dependencies: Sendable {
        var vault: Vault
        var authenticator: TokenAuthenticator
        var metrics: ServerMetrics
        /// The id of `POST /v1/consent/check` in `metrics` (the route's own entry).
        var metricsID: Int
        /// The `Server` header value Hummingbird adds.
        var serverName: String
        /// Each event loop's `ConsentChecker` (none: checks go to `Vault.checkConsent`).
        var checkers = LoopCheckers()
    }

    /// One `ConsentChecker` per event loop, each used on its loop only.
    struct LoopCheckers: Sendable {
        private var checkers: [ObjectIdentifier: NIOLoopBound<ConsentChecker>] = [:]

        /// One checker for each loop of `group` (made on the loop), and on each loop a timer that
        /// lets go of a snapshot held longer than `hold`; cancel the returned tasks at shutdown.
        static func make(vault: Vault, group: any EventLoopGroup, hold: Duration) async throws -> (LoopCheckers, [RepeatedTask]) {
            var made = LoopCheckers(), timers = [RepeatedTask]()
            let delay = TimeAmount(hold)
            for loop in group.makeIterator() {
                let bound = try await loop.submit { () -> NIOLoopBound<ConsentChecker>? in
                    vault.makeConsentChecker(maximumHold: hold).map { NIOLoopBound($0, eventLoop: loop) }
                }.get()
                guard let bound else { continue }
                made.checkers[ObjectIdentifier(loop)] = bound
                timers.append(loop.scheduleRepeatedTask(initialDelay: delay, delay: delay) { _ in
                    bound.value.releaseSnapshot(heldLongerThan: hold)
                })
            }
            return (made, timers)
        }

        /// The checker of `loop` (call on `loop`).
        func checker(on loop: any EventLoop) -> ConsentChecker? {
            checkers[ObjectIdentifier(loop)]?.value
        }
    }

    /// The path answered.
    static let path = "/v1/consent/check"

    /// The router middleware whose effect the fast paths reproduce, so a request they answer is
    /// answered as if it had gone through the router: `APIErrorMiddleware` (a check they cannot
    /// answer with a 200 is forwarded, so every error still comes from the router) and
    /// `HostHeaderMiddleware` (the wire scan reads only requests with exactly one `Host`; the
    /// decoded path forwards any other). Middleware added to the router but not listed here turns
    /// the fast path off at start (logged), and a test fails.
    static let reproducedMiddleware: Set<String> = ["APIErrorMiddleware", "HostHeaderMiddleware"]

    let dependencies: Dependencies
    /// This connection's loop's checker, once `bind(to:)` has run.
    private var checker: ConsentChecker?
    /// The last `Authorization` value on this connection and its credential: a client repeats
    /// it on every request, and hashing it each time would cost more than the lookup.
    private var lastAuthorization: [UInt8]?
    private var lastCredential: TokenAuthenticator.Credential?
    /// Its token, and until when it may be used without asking `TokenAuthenticator` (whose own
    /// cache entry ends then, so a revocation takes effect as fast as elsewhere).
    private var lastToken: (token: APIToken, reusableUntil: ContinuousClock.Instant)?
    private var dateSecond = -1
    private var dateText = ""

    init(_ dependencies: Dependencies) {
        self.dependencies = dependencies
    }

    /// Uses the checker of the loop the connection runs on.
    mutating func bind(to loop: any EventLoop) {
        checker = dependencies.checkers.checker(on: loop)
    }

    /// The JSON body of the route's 200 answer to a check with these header values and body,
    /// or nil when the route must answer it. Records the answer in the route's metrics.
    mutating func answer(authorization: (some Collection<UInt8>)?, contentType: (some Collection<UInt8>)?,
                         body: some Collection<UInt8>) -> String? {
        let dependencies = self.dependencies
        // A catalog that cannot read without waiting on the network (PostgreSQL) is never read on
        // an event loop: the route answers, off the loop.
        guard dependencies.vault.hasLocalCatalog else { return nil }
        let start = ContinuousClock.now
        guard let authorization else { return nil }
        if lastAuthorization == nil || !authorization.elementsEqual(lastAuthorization!) {
            lastAuthorization = Array(authorization)
            lastCredential = TokenAuthenticator.credential(authorization: String(decoding: authorization, as: UTF8.self))
            lastToken = nil
        }
        guard let credential = lastCredential else { return nil }
        if lastToken == nil || start >= lastToken!.reusableUntil {
            lastToken = dependencies.authenticator.tokenEntry(for: credential)
        }
        guard let token = lastToken?.token, token.role == .dialer else { return nil }
        if let contentType, !Self.isJSON(contentType) { return nil }
        guard let request = ConsentRoutes.flatCheckRequest(body), request.claim != true else { return nil }
        let decision: ConsentDecision
        do {
            let phone = try Field.phone(request.number, vault: dependencies.vault)
            let purpose = try Field.text(request.purpose, field: "purpose", maximum: 100)
            let at = try request.at.map { try Field.time($0, field: "at") }
            if let checker {
                decision = try checker.check(phone: phone, purpose: purpose, at: at)
            } else {
                decision = try dependencies.vault.consent.check(phone: phone, purpose: purpose, at: at)
            }
        } catch {
            return nil
        }
        dependencies.metrics.record(dependencies.metricsID, status: 200, duration: ContinuousClock.now - start)
        return ConsentRoutes.decisionJSON(decision, claimed: false)
    }

    /// The route's media-type rule (`ConsentRoutes.checkRequest`: the value, lowercased, starts
    /// with `application/json`), for ASCII values; any other value is left to the route.
    private static func isJSON(_ contentType: some Collection<UInt8>) -> Bool {
        let expected = "application/json".utf8
        guard contentType.count >= expected.count, contentType.allSatisfy({ $0 < 0x80 }) else { return false }
        return zip(contentType, expected).allSatisfy { (0x41...0x5A).contains($0) ? $0 | 0x20 == $1 : $0 == $1 }
    }

    /// The `Date` header (RFC 9110 IMF-fixdate), formatted once a second.
    mutating func httpDate() -> String {
        var now = time(nil)
        if now != dateSecond {
            dateSecond = now
            var parts = tm()
            gmtime_r(&now, &parts)
            let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
            dateText = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
                + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        }
        return dateText
    }
}
