import Foundation
import Synchronization
import VaultCore
import VaultCrypto

/// The console's sessions, in this server's memory: a browser holds only a random 256-bit id in
/// an HttpOnly cookie, the server keeps the session under the id's SHA-256. A session is dropped
/// after `idleTimeout` without a request; a sign-in step replaces it with a new id (no fixation).
final class ConsoleSessions: Sendable {
    /// Where a session stands.
    enum Stage: Sendable {
        /// Nobody signed in yet (the sign-in form's session, for its CSRF token).
        case anonymous
        /// The password passed; a TOTP code is next.
        case needsCode(UserAccount)
        /// The password passed; enrolment with this freshly made secret is next.
        case needsEnrolment(UserAccount, secret: [UInt8])
        /// Signed in.
        case signedIn(UserAccount)
    }

    /// Leave to play one recording: the reason given for it, audited with every byte range.
    struct Grant: Sendable {
        var reason: String
        var until: Date
    }

    /// One session.
    struct Session: Sendable {
        var stage: Stage
        /// The token every form of this session carries.
        var csrf: String
        var lastSeen: Date
        /// Recordings this session stated a reason for, by id.
        var grants: [String: Grant] = [:]

        /// The account signed in, if any.
        var account: UserAccount? {
            if case .signedIn(let account) = stage { return account }
            return nil
        }
    }

    /// How long a session lives without a request (PCI DSS 8.2.8: 15 minutes).
    let idleTimeout: TimeInterval
    /// Sessions kept at most; past it the oldest anonymous ones go first, then the oldest.
    static let capacity = 100_000
    private let now: @Sendable () -> Date
    private let sessions = Mutex<[[UInt8]: Session]>([:])

    init(idleTimeout: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date) {
        self.idleTimeout = idleTimeout
        self.now = now
    }

    /// What a lookup found.
    enum Lookup: Sendable {
        /// A live session (its last-seen time now updated).
        case live(Session)
        /// The cookie named a session that expired (it is removed).
        case expired(Session)
        /// No session.
        case none
    }

    /// The session a cookie value names.
    func find(_ cookie: String?) -> Lookup {
        guard let cookie, let key = Self.key(cookie) else { return .none }
        let now = self.now()
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return .none }
            if now.timeIntervalSince(session.lastSeen) >= idleTimeout {
                sessions[key] = nil
                return .expired(session)
            }
            session.lastSeen = now
            sessions[key] = session
            return .live(session)
        }
    }

    /// A new session at `stage`; returns the cookie value (shown to the browser only).
    func create(_ stage: Stage, replacing old: String? = nil) throws -> (cookie: String, session: Session) {
        let cookie = Self.base64URL(try SecureRandom.bytes(32))
        let session = Session(stage: stage, csrf: Self.base64URL(try SecureRandom.bytes(32)), lastSeen: now())
        let now = self.now(), idle = idleTimeout
        sessions.withLock { sessions in
            if let old, let key = Self.key(old) { sessions[key] = nil }
            if sessions.count >= Self.capacity {
                sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idle }
                if sessions.count >= Self.capacity {
                    let oldest = sessions.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(Self.capacity / 10)
                    for (key, _) in oldest { sessions[key] = nil }
                }
            }
            sessions[Self.key(cookie)!] = session
        }
        return (cookie, session)
    }

    /// Changes the session a cookie names; false when it is gone.
    @discardableResult
    func update(_ cookie: String, _ change: (inout Session) -> Void) -> Bool {
        guard let key = Self.key(cookie) else { return false }
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return false }
            change(&session)
            sessions[key] = session
            return true
        }
    }

    /// Ends the session a cookie names.
    func remove(_ cookie: String) {
        guard let key = Self.key(cookie) else { return }
        _ = sessions.withLock { $0.removeValue(forKey: key) }
    }

    /// When the last sweep ran (`sweepExpired`).
    private let lastSweep = Mutex<Date?>(nil)

    /// Removes every session idle for `idleTimeout`, at most once a minute, and returns the
    /// signed-in ones' accounts with when each was last seen (their ends, to audit). Sessions
    /// whose browsers never come back end here, not only at their next request.
    func sweepExpired() -> [(account: UserAccount, lastSeen: Date)] {
        let now = self.now(), idle = idleTimeout
        let due = lastSweep.withLock { last -> Bool in
            guard last.map({ now.timeIntervalSince($0) >= 60 }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return [] }
        return sessions.withLock { sessions in
            var ended: [(UserAccount, Date)] = []
            sessions = sessions.filter { _, session in
                guard now.timeIntervalSince(session.lastSeen) >= idle else { return true }
                if let account = session.account { ended.append((account, session.lastSeen)) }
                return false
            }
            return ended
        }
    }

    /// Ends every session of the account `name` (it was disabled or reset).
    func removeAll(of name: String) {
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.account?.name != name }
        }
    }

    /// The map key of a cookie value: its SHA-256, so a memory dump holds no usable cookie.
    private static func key(_ cookie: String) -> [UInt8]? {
        guard cookie.utf8.count == 43 else { return nil }
        return SHA256Hasher.hash(Array(cookie.utf8))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
