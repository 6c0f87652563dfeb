public import Foundation
internal import GRDB
public import VaultBase

extension Catalog {
    /// Writes a consistent copy of the whole catalog to `destination`, a new file (SQLite's
    /// `VACUUM INTO`: one read snapshot, compacted; writers go on meanwhile and are not in it).
    public func copy(to destination: URL) throws {
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw StoreError(.vaultExists, "\(destination.path) exists already")
        }
        try readStatement("cannot copy the catalog to \(destination.path)") { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [destination.path])
        }
    }

    /// The paths (relative to `objects/`) of every object the catalog file at `url` holds a
    /// recording for, with the recording's id: audio and transcript of each stored or restricted
    /// recording, in id order. Opens the file read-only; it is not a live catalog (a backup's copy).
    public static func objectPaths(inCopy url: URL) throws -> [(recording: String, path: String)] {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                var paths = [(recording: String, path: String)]()
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT id, object_path, transcript_path FROM recordings WHERE state IN ('stored', 'restricted') ORDER BY id
                    """)
                while let row = try rows.next() {
                    let id: String = row[0]
                    paths.append((id, row[1]))
                    if let transcript: String = row[2] { paths.append((id, transcript)) }
                }
                return paths
            }
        } catch let error as DatabaseError {
            throw StoreError(.catalog, "cannot read the catalog copy \(url.path): \(error.message ?? "\(error)")")
        }
    }

    /// Whether the catalog file at `url` passes SQLite's own structural check (`PRAGMA
    /// quick_check`); the problems it names otherwise.
    public static func structuralProblems(inCopy url: URL) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            defer { try? queue.close() }
            let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            return lines == ["ok"] ? [] : lines
        } catch let error as DatabaseError {
            return [error.message ?? "\(error)"]
        }
    }

    /// What a restore's key check reads of a kept recording.
    public struct KeptRecordingKey: Sendable {
        /// The recording.
        public var id: RecordingID
        /// The subject key that wraps its data key (nil: wrapped directly under a KEK, before subject keys).
        public var keySubject: String?
        /// The wrapped data key.
        public var wrappedDataKey: Data
        /// The KEK version of a data key wrapped directly under a KEK.
        public var kekVersion: Int
        /// The recording's subject.
        public var subjectPseudonym: String?
    }

    /// Calls `body` with the key columns of every stored or restricted recording, streamed from
    /// one read (memory stays flat however many there are; no whole rows decoded).
    public func forEachKeptRecordingKey(_ body: (KeptRecordingKey) throws -> Void) throws {
        try readCatalog("cannot read the recordings' keys") { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, key_subject, wrapped_data_key, kek_version, subject_pseudonym FROM recordings
                WHERE state IN ('stored', 'restricted')
                """)
            while let row = try rows.next() {
                let text: String = row[0]
                guard let id = RecordingID(text) else { throw StoreError(.catalog, "a recording's id is not an id: \(text)") }
                try body(KeptRecordingKey(id: id, keySubject: row[1], wrappedDataKey: row[2], kekVersion: row[3], subjectPseudonym: row[4]))
            }
        }
    }
}
