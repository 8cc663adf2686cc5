import Foundation
import GRDB

/// One cell of a query result: what SQLite stores.
public enum QueryValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// An integer.
    case integer(Int64)
    /// A floating-point number.
    case real(Double)
    /// Text (blobs are read as UTF-8 text).
    case text(String)

    /// The value as a number (nil for NULL and non-numeric text).
    public var number: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }

    /// The value as text (nil for NULL).
    public var string: String? {
        switch self {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return QueryValue.format(v)
        case .text(let s): return s
        }
    }

    /// A double as CSV and HTML show it: integral values without a fraction, others in their
    /// shortest round-trip form.
    public static func format(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// The result of one query: column names and rows, in the query's order.
public struct QueryTable: Sendable, Equatable {
    /// Column names.
    public var columns: [String]
    /// Rows, each with one value per column.
    public var rows: [[QueryValue]]

    /// A table.
    public init(columns: [String], rows: [[QueryValue]]) {
        self.columns = columns; self.rows = rows
    }

    /// The position of `column` (nil when absent).
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    /// The numbers of `column`, one per row (nil for NULL).
    public func numbers(_ column: String) -> [Double?] {
        guard let k = index(of: column) else { return Array(repeating: nil, count: rows.count) }
        return rows.map { $0[k].number }
    }

    /// The texts of `column`, one per row.
    public func strings(_ column: String) -> [String?] {
        guard let k = index(of: column) else { return Array(repeating: nil, count: rows.count) }
        return rows.map { $0[k].string }
    }

    /// The table as CSV (RFC 4180: a header line, fields quoted when they hold a comma, quote or line
    /// break; NULL is an empty field; lines end in `\n`).
    public var csv: String {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = columns.map(field).joined(separator: ",") + "\n"
        for row in rows { out += row.map { field($0.string ?? "") }.joined(separator: ",") + "\n" }
        return out
    }
}

extension ResultsDatabase {
    /// Runs one read-only query on the database at `path` with named arguments (`:run`).
    public static func query(path: String, sql: String, arguments: [String: Int64] = [:]) throws -> QueryTable {
        try read(path) { db in try query(db, sql: sql, arguments: arguments) }
    }

    /// Whether `table` exists in the database at `path`.
    public static func tableExists(path: String, _ table: String) throws -> Bool {
        try read(path) { db in try db.tableExists(table) }
    }

    /// Runs one query on an open connection.
    static func query(_ db: Database, sql: String, arguments: [String: Int64]) throws -> QueryTable {
        let statement = try db.makeStatement(sql: sql)
        var named: [String: DatabaseValueConvertible?] = [:]
        for (key, value) in arguments { named[key] = value }
        statement.setUncheckedArguments(StatementArguments(named))
        let columns = statement.columnNames
        var rows: [[QueryValue]] = []
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            var cells: [QueryValue] = []
            cells.reserveCapacity(columns.count)
            for k in 0..<columns.count {
                let value: DatabaseValue = row[k]
                switch value.storage {
                case .null: cells.append(.null)
                case .int64(let v): cells.append(.integer(v))
                case .double(let v): cells.append(.real(v))
                case .string(let s): cells.append(.text(s))
                case .blob(let d): cells.append(.text(String(decoding: d, as: UTF8.self)))
                }
            }
            rows.append(cells)
        }
        return QueryTable(columns: columns, rows: rows)
    }
}
