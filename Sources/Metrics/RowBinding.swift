import GRDB
import GRDBSQLite
import SimCore
import ValidiumModel

/// The two tables whose rows grow with the run — `nodes` (one per validium: 797,161 at d = 12) and
/// `finality` (one per tracked item) — bound through SQLite's C API, as the trace is: GRDB's
/// `StatementArguments` boxes every column (about 5,000 instructions a row in callgrind, as much
/// as SQLite's own insert). Same values, types and NULLs as the boxed path; same batching.
extension BatchInserter {
    /// Inserts one row per element with the prepared `sql`; `bind` binds the row's columns.
    mutating func insertBound<S: Sequence>(_ rows: S, _ sql: String,
                                           _ bind: (SQLiteRow, S.Element) -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        defer { withExtendedLifetime(statement) {} }   // the raw handle lives only as long as GRDB's statement
        let row = SQLiteRow(statement: statement.sqliteStatement)
        for element in rows {
            bind(row, element)
            let code = sqlite3_step(row.statement)
            sqlite3_reset(row.statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            pending += 1
            if pending >= limit {
                try db.commit()
                try db.beginTransaction()
                pending = 0
            }
        }
    }

    /// The `nodes` rows of run `id`.
    mutating func insertNodes(_ nodes: [NodeRow], id: Int64) throws {
        try insertBound(nodes, insertSQL("nodes", 12)) { s, n in
            s.int(1, id); s.int(2, Int64(n.id)); s.int(3, Int64(n.parent)); s.int(4, Int64(n.depth))
            s.int(5, Int64(n.children)); s.int(6, Int64(n.subtreeSize)); s.int(7, n.storageBytes)
            s.int(8, n.daBytesFetched); s.int(9, n.rounds); s.int(10, n.transactions)
            s.int(11, Int64(n.retainedAtParent)); s.int(12, Int64(n.lastStamp))
        }
    }

    /// The `finality` rows (tracked items) of run `id`.
    mutating func insertItems(_ items: [TrackedItem], id: Int64) throws {
        try insertBound(items, insertSQL("finality", 14)) { s, i in
            s.int(1, id)
            s.text(2, i.kind == .transaction ? "transaction" : "update")
            s.int(3, Int64(i.origin)); s.int(4, Int64(i.depth)); s.real(5, Time.seconds(i.created))
            s.real(6, seconds(i.l1Arrival)); s.real(7, seconds(i.l1Included))
            s.int(8, i.l1Block < 0 ? nil : Int64(i.l1Block))
            s.real(9, seconds(i.globalFinal)); s.real(10, seconds(i.localFinal))
            s.real(11, seconds(i.pathFinal)); s.real(12, seconds(i.revertedAt))
            s.real(13, seconds(i.reincludedAt)); s.real(14, seconds(i.firstL1Included))
        }
    }
}

/// Binds the columns (1-based) of one prepared statement's next row.
struct SQLiteRow {
    let statement: OpaquePointer?

    @inline(__always) func int(_ k: Int32, _ v: Int64) { sqlite3_bind_int64(statement, k, v) }
    @inline(__always) func int(_ k: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(statement, k, v) } else { sqlite3_bind_null(statement, k) }
    }
    @inline(__always) func real(_ k: Int32, _ v: Double) { sqlite3_bind_double(statement, k, v) }
    @inline(__always) func real(_ k: Int32, _ v: Double?) {
        if let v { sqlite3_bind_double(statement, k, v) } else { sqlite3_bind_null(statement, k) }
    }
    /// A constant string (its bytes outlive the statement: SQLITE_STATIC).
    @inline(__always) func text(_ k: Int32, _ v: StaticString) {
        sqlite3_bind_text(statement, k, UnsafeRawPointer(v.utf8Start).assumingMemoryBound(to: CChar.self),
                          Int32(v.utf8CodeUnitCount), nil)
    }
}
