import Foundation
import NIOCore
import PostgresNIO
import VaultBase

/// One bound parameter or column value, as the catalog stores it: text, a 64-bit integer, bytes
/// (`bytea`), a time (`timestamptz`), a double, a boolean or NULL.
enum SQLValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case bytes(Data)
    case date(Date)
    case double(Double)
    case bool(Bool)
    case texts([String])

    /// Appends the value to a query's bindings.
    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .text(let value): bindings.append(value)
        case .int(let value): bindings.append(value)
        case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
        case .date(let value): bindings.append(value)
        case .double(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .texts(let value): bindings.append(value)
        }
    }
}

/// What may be written as a bound parameter in the catalog's statements.
protocol SQLBindable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .int(Int64(self)) } }
extension Int64: SQLBindable { var sqlValue: SQLValue { .int(self) } }
extension Data: SQLBindable { var sqlValue: SQLValue { .bytes(self) } }
extension Date: SQLBindable { var sqlValue: SQLValue { .date(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .bool(self) } }
extension RecordingID: SQLBindable { var sqlValue: SQLValue { .text(description) } }
extension Array: SQLBindable where Element == String { var sqlValue: SQLValue { .texts(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row, read by column name.
struct SQLRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    /// Whether the column is NULL (or missing).
    func isNull(_ column: String) -> Bool { !row.contains(column) || row[column].bytes == nil }

    /// The column's value, or nil when it is NULL.
    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard !isNull(column) else { return nil }
        do { return try row[column].decode(T.self) } catch {
            throw StoreErrorMapping.unreadable(column)
        }
    }

    /// The column's value; NULL is a malformed row.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(column, as: T.self) else { throw StoreErrorMapping.unreadable(column) }
        return value
    }

    /// A `bytea` column as `Data`.
    func bytes(_ column: String) throws -> Data? {
        try optional(column, as: ByteBuffer.self).map { Data($0.readableBytesView) }
    }

    /// The value of the first column (for `SELECT count(*)` and the like).
    func first<T: PostgresDecodable>(as type: T.Type = T.self) throws -> T? {
        guard row.count > 0, row[0].bytes != nil else { return nil }
        do { return try row[0].decode(T.self) } catch { throw StoreErrorMapping.unreadable(row[0].columnName) }
    }

    /// The row as a catalog record: each field from its snake_case column.
    func decode<Record: Decodable>(_ type: Record.Type) throws -> Record {
        try Record(from: SQLRowDecoder(row: self))
    }
}

// MARK: - Records to and from rows

/// Decodes a `Codable` row type from a result row: a field named `startedAt` reads the column
/// `started_at`; `Date` from `timestamptz`, `Data` from `bytea`, integers from `bigint`, and any
/// other value (ids, enums) from its text through its own single-value decoding.
private struct SQLRowDecoder: Decoder {
    let row: SQLRow
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(row: row))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw StoreErrorMapping.unreadable("a list") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw StoreErrorMapping.unreadable("a value") }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func column(_ key: Key) -> String { snakeCase(key.stringValue) }
        func contains(_ key: Key) -> Bool { row.row.contains(column(key)) }
        func decodeNil(forKey key: Key) throws -> Bool { row.isNull(column(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.value(column(key)) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.value(column(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { Int(try row.value(column(key), as: Int64.self)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.value(column(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.value(column(key)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let name = column(key)
            if T.self == Date.self { return try row.value(name, as: Date.self) as! T }
            if T.self == Data.self {
                guard let data = try row.bytes(name) else { throw StoreErrorMapping.unreadable(name) }
                return data as! T
            }
            return try T(from: TextValueDecoder(text: try row.value(name, as: String.self)))
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw StoreErrorMapping.unreadable(column(key))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw StoreErrorMapping.unreadable(column(key)) }
        func superDecoder() throws -> any Decoder { throw StoreErrorMapping.unreadable("a value") }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw StoreErrorMapping.unreadable(column(key)) }
    }
}

/// Decodes an id or an enum from its stored text.
private struct TextValueDecoder: Decoder, SingleValueDecodingContainer {
    let text: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw StoreErrorMapping.unreadable("a value") }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw StoreErrorMapping.unreadable("a value") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }
    func decodeNil() -> Bool { false }
    func decode(_ type: String.Type) throws -> String { text }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self { return text as! T }
        throw StoreErrorMapping.unreadable("a value")
    }
}

/// Encodes a `Codable` row type as its columns (snake_case names) and values, in field order.
/// A field left out (a nil optional) is NULL.
struct SQLRowEncoder {
    /// The columns and values of `record`.
    static func columns(of record: some Encodable) throws -> [(String, SQLValue)] {
        let box = Box()
        try record.encode(to: Encoder(box: box))
        return box.columns
    }

    final class Box {
        var columns: [(String, SQLValue)] = []
    }

    struct Encoder: Swift.Encoder {
        let box: Box
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(Keyed<Key>(box: box)) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("catalog rows are keyed") }
        func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("catalog rows are keyed") }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey] { [] }
        func put(_ key: Key, _ value: SQLValue) { box.columns.append((snakeCase(key.stringValue), value)) }
        mutating func encodeNil(forKey key: Key) throws { put(key, .null) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(key, .text(value)) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, .bool(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(key, .int(Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, .int(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(key, .double(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let date = value as? Date { return put(key, .date(date)) }
            if let data = value as? Data { return put(key, .bytes(data)) }
            let text = TextValueEncoder()
            try value.encode(to: text)
            guard let string = text.box.text else { throw StoreErrorMapping.unreadable(snakeCase(key.stringValue)) }
            put(key, .text(string))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            fatalError("catalog rows are flat")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { fatalError("catalog rows are flat") }
        mutating func superEncoder() -> any Swift.Encoder { fatalError("catalog rows are flat") }
        mutating func superEncoder(forKey key: Key) -> any Swift.Encoder { fatalError("catalog rows are flat") }
    }
}

/// Encodes an id or an enum as its text.
private struct TextValueEncoder: Encoder, SingleValueEncodingContainer {
    final class Box { var text: String? }
    let box = Box()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { fatalError("a text value") }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a text value") }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }
    mutating func encodeNil() throws {}
    mutating func encode(_ value: String) throws { box.text = value }
    mutating func encode<T: Encodable>(_ value: T) throws {
        guard let string = value as? String else { throw StoreErrorMapping.unreadable("a value") }
        box.text = string
    }
}

/// `startedAt` → `started_at` (GRDB's `convertToSnakeCase`, for the names the row types use).
func snakeCase(_ name: String) -> String {
    var out = ""
    for c in name {
        if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
    return out
}
