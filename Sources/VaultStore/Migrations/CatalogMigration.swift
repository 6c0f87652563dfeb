internal import GRDB

/// One change of the catalog's schema, in a file of its own (`MigrationNN.swift`). A migration
/// runs once, inside one transaction, at the first open of a catalog that lacks it; once shipped
/// it is never edited (a later migration changes what it made). Its identifier is what the
/// catalog records as applied.
struct CatalogMigration: Sendable {
    /// The identifier GRDB records (`vN: what it does`).
    let identifier: String
    /// The schema change.
    let migrate: @Sendable (Database) throws -> Void

    init(_ identifier: String, _ migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }

    /// Every migration, in the order catalogs applied them (v5 went out before v4, so that order
    /// stays); a new one is appended here.
    static let all: [CatalogMigration] = [.v1, .v2, .v3, .v5, .v4, .v6, .v7, .v8, .v9, .v10, .v11, .v12, .v13, .v14, .v15, .v16, .v17, .v18]

    /// A migrator with every migration registered, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all { migrator.registerMigration(migration.identifier, migrate: migration.migrate) }
        return migrator
    }
}
