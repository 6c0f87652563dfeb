import Foundation
internal import GRDB
internal import GRDBSQLite

/// Dedicated read-only SQLite connections for single consent checks, a dialer's hot path.
///
/// A `DatabasePool` read costs more than the lookup itself at 100,000 checks a second (reader
/// checkout, locks, a dispatch queue hop), so single checks go straight to SQLite: each reader is
/// one read-only connection with the check's statement prepared once. A reader is checked out
/// under a lock for one statement and returned, so there are about as many as concurrent
/// checkers. The catalog is in WAL mode and every statement runs in autocommit, so each check
/// reads the latest committed state (a claim committed by the pool's writer is seen by the next
/// check). When a reader cannot be opened, `Catalog` falls back to its pool. Cache and map sizes
/// come from `ConsentReaderOptions`.
final class ConsentReaders: @unchecked Sendable {
    private let path: String
    private let sql: String
    /// Cache, map and pool sizes.
    let options: ConsentReaderOptions
    private let lock = NSLock()
    private var idle: [Reader] = []

    init(path: String, sql: String, options: ConsentReaderOptions) {
        self.path = path
        self.sql = sql
        self.options = options
    }

    /// One connection with its prepared statement. `Sendable` because one thread at a time uses
    /// it: a reader is checked out (under the lock) by one checker, or handed to one screening
    /// thread, and the connection is opened in SQLite's multi-thread mode (`NOMUTEX`).
    final class Reader: @unchecked Sendable {
        let connection: OpaquePointer
        let statement: OpaquePointer

        init?(path: String, sql: String, options: ConsentReaderOptions) {
            var connection: OpaquePointer?
            guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let connection else {
                if let connection { sqlite3_close_v2(connection) }
                return nil
            }
            sqlite3_busy_timeout(connection, 15_000)  // as the pool's busyMode
            // Large enough for every interior page of the consent tables: a check then reads only leaves.
            sqlite3_exec(connection, "PRAGMA cache_size = -\(options.pageCacheBytes / 1024)", nil, nil, nil)
            // Random point reads: mapping the file spares each page miss a read() copy. (Only these
            // readers map it, so a streaming audit verification's RSS does not grow with the log.)
            sqlite3_exec(connection, "PRAGMA mmap_size = \(options.memoryMapBytes)", nil, nil, nil)
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                if let statement { sqlite3_finalize(statement) }
                sqlite3_close_v2(connection)
                return nil
            }
            self.connection = connection
            self.statement = statement
        }

        deinit {
            sqlite3_finalize(statement)
            sqlite3_close_v2(connection)
        }

        /// A column of the current row, as GRDB would see it.
        func value(_ index: Int32) -> DatabaseValue {
            switch sqlite3_column_type(statement, index) {
            case SQLITE_INTEGER: return sqlite3_column_int64(statement, index).databaseValue
            case SQLITE_FLOAT: return sqlite3_column_double(statement, index).databaseValue
            case SQLITE_TEXT:
                guard let text = sqlite3_column_text(statement, index) else { return .null }
                return String(cString: text).databaseValue
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, index))
                guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return Data().databaseValue }
                return Data(bytes: bytes, count: count).databaseValue
            default: return .null
            }
        }

        var errorMessage: String { String(cString: sqlite3_errmsg(connection)) }
    }

    /// Runs `body` with an idle reader (opening one when none is idle); nil when none can be opened.
    func withReader<T>(_ body: (Reader) throws -> T) rethrows -> T? {
        guard let reader = checkOut() else { return nil }
        defer { checkIn(reader) }
        return try body(reader)
    }

    /// Runs `body` with `count` readers at once; nil when they cannot all be opened.
    func withReaders<T>(_ count: Int, _ body: ([Reader]) throws -> T) rethrows -> T? {
        var readers = [Reader]()
        defer { readers.forEach(checkIn) }
        for _ in 0..<count {
            guard let reader = checkOut() else { return nil }
            readers.append(reader)
        }
        return try body(readers)
    }

    private func checkOut() -> Reader? {
        lock.withLock { idle.popLast() } ?? Reader(path: path, sql: sql, options: options)
    }

    private func checkIn(_ reader: Reader) {
        // A reader left inside a transaction would keep reading an old snapshot: drop it.
        guard sqlite3_get_autocommit(reader.connection) != 0 else { return }
        lock.withLock { if idle.count < options.maxIdleReaders { idle.append(reader) } }
    }
}
