import Foundation
import GRDB
import GRDBSQLite
import SimCore
import ValidiumModel

/// The `trace` table: every processed event of a traced run (`--trace`, `metrics.trace: true`).
///
/// One row per event, integers only (SQLite stores small integers in 1–4 bytes). The table exists
/// only in databases holding a traced run: an untraced run neither creates nor fills it. Rows are
/// inserted in event order; there is no index (readers scan in rowid order, which is event order).
enum TraceSchema {
    /// The table's DDL.
    static let table = """
        CREATE TABLE IF NOT EXISTS trace (
          run_id INTEGER NOT NULL REFERENCES run(id), seq INTEGER NOT NULL, time_us INTEGER NOT NULL,
          phase INTEGER NOT NULL, kind INTEGER NOT NULL, node INTEGER NOT NULL, arg INTEGER NOT NULL,
          aux INTEGER NOT NULL)
        """

    /// Rows per transaction for the trace (larger than other tables: millions of small rows).
    static let batchSize = 250_000

    /// Writes the trace of run `id` (nothing, not even the table, when `trace` is empty).
    ///
    /// Called inside `insertRun`'s open transaction; commits every `batchSize` rows. Binds with
    /// SQLite's C API: millions of rows, eight integers each, without boxing a value per column.
    static func insert(_ db: Database, id: Int64, _ trace: [TraceEvent]) throws {
        guard !trace.isEmpty else { return }
        try db.execute(sql: table)
        let statement = try db.makeStatement(sql: "INSERT INTO trace VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        defer { withExtendedLifetime(statement) {} }   // the raw handle lives only as long as GRDB's statement
        let s = statement.sqliteStatement
        var pending = 0
        for (seq, e) in trace.enumerated() {
            sqlite3_bind_int64(s, 1, id)
            sqlite3_bind_int64(s, 2, Int64(seq))
            sqlite3_bind_int64(s, 3, e.time)
            sqlite3_bind_int64(s, 4, Int64(e.phase))
            sqlite3_bind_int64(s, 5, Int64(e.kind))
            sqlite3_bind_int64(s, 6, Int64(e.node))
            sqlite3_bind_int64(s, 7, Int64(e.arg))
            sqlite3_bind_int64(s, 8, Int64(e.aux))
            let code = sqlite3_step(s)
            sqlite3_reset(s)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            pending += 1
            if pending >= batchSize {
                try db.commit()
                try db.beginTransaction()
                pending = 0
            }
        }
    }
}

extension ResultsDatabase {
    /// Number of stored trace events of run `runID` (0 when the run was not traced).
    public static func traceCount(path: String, runID: Int64) throws -> Int {
        try read(path) { db in
            guard try db.tableExists("trace") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM trace WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }

    /// Calls `body` with each stored trace event of run `runID` in event order, with its position
    /// (`seq`), starting at the first event at or after `from` µs; `body` returns false to stop.
    /// Returns false when the run has no stored trace.
    @discardableResult
    public static func forEachTraceEvent(path: String, runID: Int64, from: SimTime = 0,
                                         _ body: (Int, TraceEvent) throws -> Bool) throws -> Bool {
        try read(path) { db in
            guard try db.tableExists("trace") else { return false }
            let statement = try db.makeStatement(sql: """
                SELECT seq, time_us, phase, kind, node, arg, aux FROM trace
                WHERE run_id = ? AND time_us >= ? ORDER BY rowid
                """)
            let st = statement.sqliteStatement
            defer { sqlite3_reset(st) }
            sqlite3_bind_int64(st, 1, runID)
            sqlite3_bind_int64(st, 2, from)
            var any = false
            while true {
                let code = sqlite3_step(st)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                any = true
                func int(_ k: Int32) -> Int64 { sqlite3_column_int64(st, k) }
                let event = TraceEvent(time: int(1), phase: UInt16(truncatingIfNeeded: int(2)),
                                       kind: UInt8(truncatingIfNeeded: int(3)), node: Int32(truncatingIfNeeded: int(4)),
                                       arg: Int32(truncatingIfNeeded: int(5)), aux: Int32(truncatingIfNeeded: int(6)))
                if try !body(Int(int(0)), event) { break }
            }
            if any { return true }
            return try Int.fetchOne(db, sql: "SELECT 1 FROM trace WHERE run_id = ? LIMIT 1", arguments: [runID]) != nil
        }
    }
}
