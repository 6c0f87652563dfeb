public import Foundation
internal import GRDBSQLite
import Synchronization

/// A consent reader for one thread that keeps its read transaction from one check to the next
/// for as long as the catalog has not changed, so a run of checks costs one transaction instead
/// of one each (a transaction's start and end take SQLite's WAL read lock: two `fcntl` calls and
/// a process-wide mutex that threads contend for).
///
/// Freshness is SQLite's own test: a reader's snapshot is the latest exactly when the WAL-index
/// header in the `-shm` file is byte for byte the header the snapshot was taken under (every
/// commit, from any connection or process, rewrites it; its change counter only grows). This is
/// how SQLite decides whether a reader must reload; the layout is documented in "The WAL-Index
/// File Format" (sqlite.org/walformat.html, section 2.1). So before each check the reader reads
/// the header (both copies, which a writer updates one after the other, and which must agree)
/// and reuses its transaction only when nothing was committed since; otherwise it ends it and
/// starts a new one. A check therefore never reads older data than a check in a fresh
/// transaction would.
///
/// An open read transaction keeps a checkpoint from copying later frames back into the database
/// (writers are never blocked), so a snapshot is held for at most `maximumHold`, and an idle one
/// is let go by `releaseSnapshot(heldLongerThan:)`, which its owner calls on a timer.
///
/// Not `Sendable`: one thread at a time (the server keeps one per event loop).
public final class ConsentSnapshotReader {
    private let reader: ConsentReaders.Reader
    private let walIndex: WALIndexHeaderView
    /// How long one read transaction may be kept.
    public let maximumHold: Duration
    private var heldHeader: WALIndexHeaderView.Header?
    private var heldSince = ContinuousClock.now

    init?(path: String, sql: String, options: ConsentReaderOptions, maximumHold: Duration) {
        guard let reader = ConsentReaders.Reader(path: path, sql: sql, options: options) else { return nil }
        // A first read maps the WAL index into this connection (SQLite's own mapping, through
        // the VFS's `xShmMap`): valid for as long as the connection is open, which is this
        // reader's whole life. (Never `open` and `close` the `-shm` file here: closing any
        // descriptor of a file drops every POSIX lock the process holds on it, SQLite's
        // included, and another process could then reset the file under this one.)
        guard sqlite3_exec(reader.connection, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK,
              let walIndex = WALIndexHeaderView(connection: reader.connection) else { return nil }
        self.reader = reader
        self.walIndex = walIndex
        self.maximumHold = maximumHold
    }

    deinit {
        endSnapshot()
    }

    /// `Catalog.consentRecord(subject:since:)` from this reader's snapshot, which is the latest.
    public func consentRecord(subject: String, since: Date) throws -> ConsentRecord {
        let sinceText = SQLiteTime.text(since)
        let now = ContinuousClock.now
        if let heldHeader, now - heldSince < maximumHold, walIndex.header() == heldHeader {
            return try read(subject: subject, since: sinceText)
        }
        endSnapshot()
        // A new snapshot, kept only when no commit fell between the header read before it and
        // the one after it: then the snapshot is the state that header describes.
        let before = walIndex.header()
        guard sqlite3_exec(reader.connection, "BEGIN", nil, nil, nil) == SQLITE_OK else {
            throw StoreError(.catalog, "cannot read consent: \(reader.errorMessage)")
        }
        let record = try read(subject: subject, since: sinceText)
        if let before, walIndex.header() == before {
            heldHeader = before
            heldSince = now
        } else {
            endSnapshot()
        }
        return record
    }

    /// One check inside the open transaction; a failed one ends it.
    private func read(subject: String, since: String) throws -> ConsentRecord {
        do {
            return try Catalog.consentRecord(reader, subject: subject, since: since)
        } catch {
            endSnapshot()
            throw error
        }
    }

    /// Ends the read transaction if it has been held longer than `age` (a timer's call, so an
    /// idle reader does not hold back checkpoints).
    public func releaseSnapshot(heldLongerThan age: Duration) {
        if heldHeader != nil, ContinuousClock.now - heldSince >= age { endSnapshot() }
    }

    /// True while a read transaction is kept (for tests).
    public var holdsSnapshot: Bool { heldHeader != nil }

    private func endSnapshot() {
        heldHeader = nil
        if sqlite3_get_autocommit(reader.connection) == 0 { sqlite3_exec(reader.connection, "COMMIT", nil, nil, nil) }
    }
}

extension Catalog {
    /// A consent reader for one thread that keeps its snapshot while the catalog is unchanged
    /// (see `ConsentSnapshotReader`); nil when it cannot be opened (the caller then uses
    /// `consentRecord(subject:since:)`).
    public func makeConsentSnapshotReader(maximumHold: Duration = .milliseconds(50)) -> ConsentSnapshotReader? {
        ConsentSnapshotReader(path: url.path, sql: Self.consentStateSQL, options: consentReaders.options, maximumHold: maximumHold)
    }
}

/// A read-only view of the WAL-index header at the start of a connection's WAL index (the
/// first region of the `-shm` file, as SQLite itself has mapped it). Valid while the connection
/// is open; used on the connection's thread.
final class WALIndexHeaderView {
    /// One copy of the header (`WalIndexHdr`, 48 bytes), compared byte for byte.
    struct Header: Equatable {
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)

        static func == (a: Header, b: Header) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2
                && a.words.3 == b.words.3 && a.words.4 == b.words.4 && a.words.5 == b.words.5
        }
    }

    private static let headerSize = 48
    /// SQLite's WAL-index region size (`WALINDEX_PGSZ`); `xShmMap` must be asked for this size.
    private static let regionSize: Int32 = 32768
    private let base: UnsafeRawPointer

    /// The view of `connection`'s WAL index; nil when the database has none mapped (not in WAL
    /// mode, or a VFS without shared memory).
    init?(connection: OpaquePointer) {
        var file: UnsafeMutablePointer<sqlite3_file>?
        guard sqlite3_file_control(connection, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK, let file,
              let methods = file.pointee.pMethods, methods.pointee.iVersion >= 2, let map = methods.pointee.xShmMap else { return nil }
        var region: UnsafeMutableRawPointer?
        // Region 0 exists once the connection has read; bExtend 0 never creates or grows anything.
        let status = withUnsafeMutablePointer(to: &region) { pointer in
            pointer.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: 1) { map(file, 0, Self.regionSize, 0, $0) }
        }
        guard status == SQLITE_OK, let region else { return nil }
        precondition(MemoryLayout<Header>.size == Self.headerSize)
        base = UnsafeRawPointer(region)
    }

    /// The current header, or nil while a writer is between its two copies. A writer writes the
    /// second copy, then the first; reading the first, then the second, and requiring them
    /// equal (as SQLite's readers do) gives a whole header.
    func header() -> Header? {
        var first = Header(), second = Header()
        withUnsafeMutableBytes(of: &first) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: Self.headerSize)) }
        atomicMemoryFence(ordering: .acquiring)
        withUnsafeMutableBytes(of: &second) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: base + Self.headerSize, count: Self.headerSize))
        }
        return first == second ? first : nil
    }
}
