import GRDB

extension StoreError {
    /// Runs `body`, turning a SQLite error into a `catalog` error that says what was being done:
    /// "`context`: SQLite's message". Other errors pass through unchanged.
    static func mappingDatabaseErrors<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw StoreError(.catalog, "\(context()): \(error.message ?? "\(error)")")
        } catch is RowDecodingError {
            // A value this version cannot read (an unknown state, a wrong type): the catalog was
            // edited by hand or by a newer version. The row itself is never echoed (it may hold
            // pseudonyms and masked numbers).
            throw StoreError(.catalog, "\(context()): the catalog holds a value this version cannot read (edited outside callvault?)")
        } catch is DecodingError {
            throw StoreError(.catalog, "\(context()): the catalog holds a value this version cannot read (edited outside callvault?)")
        }
    }
}
