import Foundation
import GRDB
import SimCore
import ValidiumModel

/// Appends the runs of one sweep to its database, from one thread, in the order given.
///
/// Opening checks that an existing database holds the same sweep and removes what an interrupted
/// invocation left behind (incomplete runs, runs without a `sweep` row), so that a rerun resumes.
public final class SweepWriter {
    /// The database file.
    public let path: String
    /// The sweep being written.
    public let info: SweepInfo
    /// Run indexes already complete in the database when it was opened (skip them to resume).
    public let completedRunIndexes: [Int]
    let queue: DatabaseQueue

    /// Opens or creates the database at `path` for the sweep `info`.
    public init(path: String, info: SweepInfo) throws {
        self.path = path
        self.info = info
        queue = try ResultsDatabase.writableQueue(path)
        do {
            completedRunIndexes = try queue.inDatabase { db in
                if let found = try SweepDatabase.readInfo(db) {
                    guard found.identity == info.identity else {
                        throw SweepDatabaseError.otherSweep(path: path, found: found, expected: info)
                    }
                } else if try db.tableExists("run"), try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0 > 0 {
                    throw SweepDatabaseError.notASweep(path: path)
                }
                // One transaction: a process killed while creating the tables leaves none of them
                // (not a `sweep_info` without its program version, which reads as another sweep).
                try db.inTransaction {
                    try ResultsDatabase.createSchema(db)
                    try SweepDatabase.createTables(db, info: info)
                    return .commit
                }
                try SweepWriter.removeLeftovers(db)
                return try SweepDatabase.readRows(db, info: info).map(\.runIndex)
            }
        } catch {
            try? queue.close()
            throw error
        }
    }

    /// Writes one run and its `sweep` row; returns the run id (`row.runID` is ignored).
    @discardableResult
    public func append(record: RunRecord, results: RunResults, figures: [SummaryFigure],
                       expectations: [ExpectationOutcome], row: SweepRow) throws -> Int64 {
        try queue.inDatabase { db in
            let id = try ResultsDatabase.insertRun(db, record: record, results: results, figures: figures,
                                                   expectations: expectations)
            var stored = row
            stored.runID = id
            try db.inTransaction {
                try SweepDatabase.insertRow(db, stored)
                return .commit
            }
            return id
        }
    }

    /// Closes the database.
    public func close() throws { try queue.close() }

    /// Deletes incomplete runs, runs that no row of `rows` (`sweep`, `search`) names, and rows of missing runs.
    static func removeLeftovers(_ db: Database, rows: String = "sweep") throws {
        try db.inTransaction {
            try db.execute(sql: "DELETE FROM \(rows) WHERE run_id NOT IN (SELECT id FROM run WHERE completed = 1)")
            let stale = try Int64.fetchAll(db, sql: "SELECT id FROM run WHERE completed = 0 OR id NOT IN (SELECT run_id FROM \(rows)) ORDER BY id")
            if !stale.isEmpty {
                let list = stale.map(String.init).joined(separator: ", ")
                for table in try runTables(db) where table != rows {
                    try db.execute(sql: "DELETE FROM \(quote(table)) WHERE run_id IN (\(list))")
                }
                try db.execute(sql: "DELETE FROM run WHERE id IN (\(list))")
            }
            return .commit
        }
    }

    /// Tables (other than `run` and `sweep`) that have a `run_id` column, in creation order.
    static func runTables(_ db: Database, schema: String = "main") throws -> [String] {
        let names = try String.fetchAll(db, sql: "SELECT name FROM \(schema).sqlite_master WHERE type = 'table' ORDER BY rowid")
        return try names.filter { name in
            guard name != "sweep", name != "run", !name.hasPrefix("sqlite_") else { return false }
            return try Row.fetchAll(db, sql: "PRAGMA \(schema).table_info(\(quote(name)))").contains { ($0["name"] as String) == "run_id" }
        }
    }

    /// An SQL identifier in double quotes.
    static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// The figures of one completed run of a sweep.
public struct SweepRunFigures: Sendable {
    /// Its `sweep` row.
    public var row: SweepRow
    /// Its trace digest.
    public var traceDigest: String
    /// The requested summary figures, in summary order.
    public var figures: [SummaryFigure]
    /// `expect:` entries that failed in this run.
    public var failedExpectations: Int
}

extension SweepDatabase {
    /// The completed runs with the summary figures named in `names` (all when nil), by run index.
    public static func readFigures(path: String, names: [String]? = nil) throws -> [SweepRunFigures] {
        try ResultsDatabase.read(path) { db in
            guard let info = try readInfo(db) else { throw SweepDatabaseError.notASweep(path: path) }
            let summary = try db.makeStatement(sql: "SELECT name, value, text, unit FROM summary WHERE run_id = ? ORDER BY position")
            return try readRows(db, info: info).map { row in
                let digest = try String.fetchOne(db, sql: "SELECT trace_digest FROM run WHERE id = ?", arguments: [row.runID]) ?? ""
                let figures = try Row.fetchAll(summary, arguments: [row.runID]).map {
                    SummaryFigure(name: $0["name"], value: $0["value"], text: $0["text"], unit: $0["unit"])
                }.filter { names?.contains($0.name) ?? true }
                let failed = try Int.fetchOne(db, sql: "SELECT count(*) FROM expectations WHERE run_id = ? AND held = 0",
                                              arguments: [row.runID]) ?? 0
                return SweepRunFigures(row: row, traceDigest: digest, figures: figures, failedExpectations: failed)
            }
        }
    }

    /// A digest of a sweep's results: for every completed run in run order, its index, seed, trace
    /// digest and summary figures, wall-clock figures (`run.*`) left out. Equal for `--jobs 1` and
    /// `--jobs 2`, and for a merged and an unsharded sweep.
    public static func resultsDigest(path: String) throws -> String {
        var d = TraceDigest()
        for run in try readFigures(path: path) {
            d.combine("\(run.row.runIndex) \(run.row.point) \(run.row.replicate) \(run.row.seed) \(run.traceDigest)\n")
            for f in run.figures where !f.name.hasPrefix("run.") {
                d.combine("\(f.name)=\(f.value.map { String($0.bitPattern) } ?? "nil") \(f.text ?? "") \(f.unit)\n")
            }
        }
        return d.hex
    }
}
