import GRDB

extension StoreError {
    /// Runs `body`, turning a SQLite error into a `catalog` error that says what was being done:
    /// "`context`: SQLite's message". Other errors pass through unchanged.
    static func mappingDatabaseErrors<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw StoreError(.catalog, "\(context()): \(error.message ?? "\(error)")")
        }
    }
}
