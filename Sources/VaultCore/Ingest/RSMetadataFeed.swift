public import Foundation
import Synchronization
import VaultCrypto

/// The SIPREC metadata documents of a call being recorded, as its SRC sends them: the INVITE's,
/// then each re-INVITE's or UPDATE's. The recording server appends them while the ingest runs;
/// the ingest journals them sealed (so a crash completes the call with them) and seals them with
/// the recording at its commit (``Vault/readRSMetadata(_:actor:restrictedAccessReason:)``).
/// Never logged, never written in the clear.
public final class RSMetadataFeed: Sendable {
    /// One document as received.
    struct Document: Codable, Equatable {
        /// When it arrived.
        var receivedAt: Date
        /// The XML's bytes as received.
        var xml: Data
        /// SHA-256 (hex) of those bytes: what the audit log and every reader name it by.
        var sha256: String { SHA256Hasher.hash(Array(xml)).hexString }
    }

    /// At most this many documents are kept for a call, and at most `maximumBytes` of them: an
    /// SRC that sends updates without end costs bounded memory and journaling (the rest are
    /// counted, ``dropped``).
    static let maximumDocuments = 64, maximumBytes = 1 << 20

    private struct State {
        var documents: [Document] = []
        var generation = 0, bytes = 0, dropped = 0
    }

    private let state = Mutex(State())

    /// A feed without documents yet.
    public init() {}

    /// Adds a document that arrived at `time`; an empty one, or one equal to the last, is not
    /// kept, and one past the limits is counted instead.
    public func append(_ xml: [UInt8], at time: Date) {
        guard !xml.isEmpty else { return }
        state.withLock { state in
            guard state.documents.last?.xml != Data(xml) else { return }
            guard state.documents.count < Self.maximumDocuments, state.bytes + xml.count <= Self.maximumBytes else {
                state.dropped += 1
                return
            }
            state.documents.append(Document(receivedAt: time, xml: Data(xml)))
            state.bytes += xml.count
            state.generation += 1
        }
    }

    /// The documents so far, and a number that changes whenever one is added.
    var snapshot: (documents: [Document], generation: Int) { state.withLock { ($0.documents, $0.generation) } }

    /// Documents not kept because the call's limits were reached.
    var dropped: Int { state.withLock { $0.dropped } }
}
