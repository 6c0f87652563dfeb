import Foundation
import Synchronization
public import VaultPolicy
import VaultStore

/// The lexicon a vault scans with, by version: the newest file applied (`monitor lexicon apply`),
/// else the configuration's (the shipped one by default), plus every exception a review added,
/// numbered by the catalog's lexicon changes. Several processes may change it; each scan reads the
/// current version (one small query) and rebuilds its scanner only when that changed.
final class VaultLexicon: Sendable {
    /// What a scan uses: a version, its lexicon and a scanner for it.
    struct Current: Sendable {
        var version: Int
        var lexicon: Lexicon
        var scanner: PhraseScanner
    }

    private let base: Lexicon
    private let current: Mutex<Current?> = Mutex(nil)
    /// When the cached version was last confirmed against the catalog.
    private let confirmedAt: Mutex<ContinuousClock.Instant?> = Mutex(nil)

    /// How long a live scan trusts the cached version without asking the catalog again.
    static let liveFreshness: Duration = .seconds(1)

    /// A lexicon over `base` (the configuration's), until a change is stored.
    init(base: Lexicon) { self.base = base }

    /// The lexicon at the catalog's current version.
    func current(in catalog: any MonitorStore) throws -> Current {
        let asked = ContinuousClock.now
        let version = try catalog.lexiconVersion()
        // Confirmed only once the cache holds this version (a version that fails to build is not).
        func confirmed(_ current: Current) -> Current {
            confirmedAt.withLock { $0 = max($0 ?? asked, asked) }
            return current
        }
        if let cached = current.withLock({ $0 }), cached.version == version { return confirmed(cached) }
        let lexicon = try Self.lexicon(base: base, changes: try catalog.lexiconChanges().filter { $0.version <= version })
        let made = Current(version: version, lexicon: lexicon, scanner: PhraseScanner(lexicon: lexicon))
        current.withLock { $0 = made }
        return confirmed(made)
    }

    /// The cached lexicon when the catalog confirmed its version within ``liveFreshness``: what
    /// a live scan uses without a query (a change made meanwhile reaches it within a second).
    func fresh() -> Current? {
        guard let at = confirmedAt.withLock({ $0 }), ContinuousClock.now - at < Self.liveFreshness else { return nil }
        return current.withLock { $0 }
    }

    /// `base` changed by `changes` in order: the last file applied replaces it; exceptions add up.
    static func lexicon(base: Lexicon, changes: [LexiconChangeRecord]) throws -> Lexicon {
        var lexicon = base
        if let yaml = changes.last(where: { $0.kind == .apply })?.yaml {
            do { lexicon = try Lexicon(yaml: yaml) } catch let error as PolicyError {
                // Stored only after it parsed: a file that no longer does was changed by hand, or a rule tightened.
                throw VaultError(.malformedPolicy, "the vault's stored lexicon is refused: \(error)")
            }
        }
        for exception in changes.compactMap(\.exception) where !lexicon.exceptions.contains(exception) {
            lexicon.exceptions.append(exception)
        }
        return lexicon
    }
}
