import Foundation
import GRDB

/// The formats `fractalsim export` writes itself (Parquet goes through pyarrow: see `ParquetExport`).
public enum TableFormat: String, Sendable, CaseIterable {
    /// RFC 4180 CSV with a header row; NULL is an empty field.
    case csv
    /// A JSON array of row objects (column → value), one row per line; NULL is `null`.
    case json
}

/// Whole tables of a results database written as files, streamed row by row (a traced run's
/// million-row tables never sit in memory).
public enum TableExport {
    /// The tables of the database at `path`, in creation order (SQLite's own tables left out).
    public static func tables(path: String) throws -> [String] {
        try ResultsDatabase.read(path) { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        }
    }

    /// The declared columns (name, type) of `table`.
    public static func columns(path: String, table: String) throws -> [(name: String, type: String)] {
        try ResultsDatabase.read(path) { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(\(SweepWriter.quote(table)))").map { ($0["name"], $0["type"]) }
        }
    }

    /// Writes `table` of the database at `path` to `file` in `format`; returns the number of rows.
    @discardableResult
    public static func export(path: String, table: String, format: TableFormat, to file: String) throws -> Int {
        guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
            throw OutputPathError("cannot create \(file): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        var buffer = ""
        func flush(_ force: Bool = false) throws {
            if force || buffer.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        var count = 0
        try ResultsDatabase.read(path) { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(SweepWriter.quote(table))")
            var names: [String]?
            while let row = try cursor.next() {
                let columns = names ?? Array(row.columnNames)
                if names == nil {
                    names = columns
                    buffer += format == .csv ? columns.map(csvField).joined(separator: ",") + "\r\n" : "["
                }
                switch format {
                case .csv:
                    buffer += (0..<row.count).map { csvField(row[$0] as DatabaseValue) }.joined(separator: ",") + "\r\n"
                case .json:
                    buffer += (count == 0 ? "\n{" : ",\n{")
                        + (0..<row.count).map { jsonString(columns[$0]) + ":" + jsonValue(row[$0] as DatabaseValue) }.joined(separator: ",") + "}"
                }
                count += 1
                try flush()
            }
            if names == nil {   // an empty table: the header (CSV) or an empty array
                let declared = try Row.fetchAll(db, sql: "PRAGMA table_info(\(SweepWriter.quote(table)))").map { $0["name"] as String }
                buffer += format == .csv ? declared.map(csvField).joined(separator: ",") + "\r\n" : "["
            }
        }
        if format == .json { buffer += "\n]\n" }
        try flush(true)
        return count
    }

    /// One CSV field: quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func csvField(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let i): return String(i)
        case .double(let x): return number(x)
        case .string(let s): return csvField(s)
        case .blob(let d): return d.map { String(format: "%02x", $0) }.joined()
        }
    }

    static func jsonValue(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "null"
        case .int64(let i): return String(i)
        case .double(let x): return x.isFinite ? number(x) : "null"
        case .string(let s): return jsonString(s)
        case .blob(let d): return jsonString(d.map { String(format: "%02x", $0) }.joined())
        }
    }

    /// The shortest text that reads back as `x` (integral values without a fraction).
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
