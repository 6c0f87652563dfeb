internal import GRDB

extension CatalogMigration {
    /// Migration v5: checkpoint compact ranges.
    static let v5 = CatalogMigration("v5: checkpoint compact ranges") { db in
        // The stack of perfect subtrees behind each checkpoint's root, so the next checkpoint
        // extends it instead of re-reading the whole log. Its fold must equal the signed root.
        try db.alter(table: "audit_checkpoints") { t in t.add(column: "compact_range", .blob) }
    }
}
