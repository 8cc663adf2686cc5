import Foundation
import GRDB
import SimCore
import ValidiumModel

/// Why a results database could not be written or read.
public enum ResultsDatabaseError: Error, Equatable, CustomStringConvertible {
    /// The database holds no run marked complete (an interrupted write, or not a results database).
    case noCompletedRun(path: String)
    /// The requested run is missing or was never completed.
    case runNotFound(path: String, id: Int64)
    /// The finished temporary file could not be renamed over the destination.
    case renameFailed(from: String, to: String, errno: Int32)

    /// A one-line message for the user.
    public var description: String {
        switch self {
        case .noCompletedRun(let path): return "\(path): no completed run in this results database"
        case .runNotFound(let path, let id): return "\(path): no completed run with id \(id)"
        case .renameFailed(let from, let to, let e):
            return "cannot rename \(from) to \(to): \(String(cString: strerror(e)))"
        }
    }
}

/// Reading and writing results databases (SQLite through GRDB); the schema is in docs/results-schema.md.
public enum ResultsDatabase {
    /// Rows per transaction when writing.
    public static let batchSize = 10_000

    /// Writes one complete run into a new database at `path`: written to a temporary file in the same directory (path + ".partial-<host>-<pid>") and renamed over `path` only when complete, so an interrupted run never leaves a file that reads as complete. Creates parent directories. Batched transactions (e.g. 10,000 rows each).
    /// `finalityByDepth`: the rows already computed for the summary, if the caller has them (else computed here).
    public static func write(path: String, record: RunRecord, results: RunResults, figures: [SummaryFigure],
                             expectations: [ExpectationOutcome], finalityByDepth: [FinalityByDepthRow]? = nil) throws {
        try createParentDirectory(of: path)
        let partial = partialPath(for: path)
        removeDatabaseFiles(partial)
        do {
            let queue = try DatabaseQueue(path: partial)
            try queue.inDatabase { db in
                try createSchema(db)
                _ = try insertRun(db, record: record, results: results, figures: figures, expectations: expectations,
                                  finalityByDepth: finalityByDepth)
            }
            try queue.close()
        } catch {
            removeDatabaseFiles(partial)
            throw error
        }
        // A leftover journal of the database being replaced would be "recovered" into the new file.
        for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(partial, path) == 0 else {
            let e = errno
            removeDatabaseFiles(partial)
            throw ResultsDatabaseError.renameFailed(from: partial, to: path, errno: e)
        }
    }

    /// The temporary file `write` fills before renaming it to `path`: `path.partial-<host>-<pid>`.
    public static func partialPath(for path: String) -> String { PartialFiles.path(for: path) }

    /// Removes a temporary database and its journals (what an interrupted `write` leaves).
    public static func removePartial(_ partial: String) { removeDatabaseFiles(partial) }

    /// Adds one run to the database at `path` (created if missing) and returns its run id; for sweeps that share a database.
    ///
    /// The run's `completed` flag is set in its last transaction, so an interrupted append leaves a run
    /// that readers skip.
    @discardableResult
    public static func append(path: String, record: RunRecord, results: RunResults, figures: [SummaryFigure],
                              expectations: [ExpectationOutcome]) throws -> Int64 {
        let queue = try writableQueue(path)
        let id = try queue.inDatabase { db in
            try createSchema(db)
            return try insertRun(db, record: record, results: results, figures: figures, expectations: expectations)
        }
        try queue.close()
        return id
    }

    /// A queue on the database at `path` (its folder created if missing) that waits up to 60 s for a lock.
    static func writableQueue(_ path: String) throws -> DatabaseQueue {
        try createParentDirectory(of: path)
        var config = Configuration()
        config.busyMode = .timeout(60)
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// Reads back the summary rows (name → figure) of the run in a database (used by tests and later commands).
    ///
    /// `runID` nil reads the first completed run; an incomplete or missing run throws.
    public static func readSummary(path: String, runID: Int64? = nil) throws -> [SummaryFigure] {
        try read(path) { db in
            let id = try completedRunID(db, path: path, runID: runID)
            return try Row.fetchAll(db, sql: """
                SELECT name, value, text, unit FROM summary WHERE run_id = ? ORDER BY position
                """, arguments: [id]).map {
                SummaryFigure(name: $0["name"], value: $0["value"], text: $0["text"], unit: $0["unit"])
            }
        }
    }

    /// Reads the `run` rows of a database, completed or not, by id (what `replay` needs to re-run one).
    public static func readRuns(path: String) throws -> [StoredRun] {
        try read(path) { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map { row in
                let overrides = try JSONDecoder().decode([String].self, from: Data((row["overrides"] as String).utf8))
                let seedValue: DatabaseValue = row["seed"]
                let seed: UInt64
                switch seedValue.storage {
                case .int64(let v): seed = UInt64(bitPattern: v)
                case .string(let s): seed = UInt64(s) ?? 0
                default: seed = 0
                }
                let record = RunRecord(
                    name: row["name"], scenarioPath: row["scenario_path"], scenarioText: row["scenario_text"],
                    scenarioCanonical: row["scenario_canonical"], scenarioDigest: row["scenario_digest"],
                    overrides: overrides, seed: seed, programVersion: row["program_version"],
                    wallSeconds: row["wall_s"], peakRSSBytes: row["peak_rss_bytes"], startedAt: row["started_at"],
                    gitCommit: row["git_commit"], gitDirty: (row["git_dirty"] as Int64?).map { $0 != 0 })
                return StoredRun(id: row["id"], record: record, events: UInt64(clamping: row["events"] as Int64),
                                 simulatedEnd: row["simulated_end_us"], traceDigest: row["trace_digest"],
                                 completed: (row["completed"] as Int64) == 1)
            }
        }
    }

    // MARK: - Internals

    /// Opens `path` read-only and runs `body`.
    static func read<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        let value = try queue.inDatabase(body)
        try queue.close()
        return value
    }

    /// The requested run id if completed, or the first completed run when `runID` is nil.
    static func completedRunID(_ db: Database, path: String, runID: Int64?) throws -> Int64 {
        let found = try db.tableExists("run") ? try Int64.fetchOne(db, sql: """
            SELECT id FROM run WHERE completed = 1 AND (?1 IS NULL OR id = ?1) ORDER BY id LIMIT 1
            """, arguments: [runID]) : nil
        guard let found else {
            if let runID { throw ResultsDatabaseError.runNotFound(path: path, id: runID) }
            throw ResultsDatabaseError.noCompletedRun(path: path)
        }
        return found
    }

    /// Creates the tables if missing and stamps the schema version.
    static func createSchema(_ db: Database) throws {
        for sql in Schema.allTables { try db.execute(sql: sql) }
        // Databases written before the provenance columns: add them (NULL: unknown).
        let runColumns = try Row.fetchAll(db, sql: "PRAGMA table_info(run)").map { $0["name"] as String }
        for (column, type) in Schema.addedRunColumns where !runColumns.contains(column) {
            try db.execute(sql: "ALTER TABLE run ADD COLUMN \(column) \(type)")
        }
        // Databases written before path finality and election outcomes: add their columns.
        for (table, column, type) in Schema.addedColumns {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            if !columns.contains(column) { try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) \(type)") }
        }
        try db.execute(sql: "PRAGMA user_version = \(Schema.version)")
    }

    /// Creates the directory that will hold `path` (and its parents); a failure is one plain line.
    static func createParentDirectory(of path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty else { return }
        var st = stat()
        if stat(dir, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw OutputPathError("cannot write \(path): \(dir) is not a directory") }
            return
        }
        try createParentDirectory(of: dir)
        if mkdir(dir, 0o777) != 0 && errno != EEXIST {
            throw OutputPathError("cannot create the directory \(dir): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes a database file and its journals, ignoring files that do not exist.
    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// One row of the `run` table, read back.
public struct StoredRun: Sendable, Equatable {
    /// Run id (the `run_id` of the other tables).
    public var id: Int64
    /// The run's metadata.
    public var record: RunRecord
    /// Events processed.
    public var events: UInt64
    /// Simulated time at the end (µs).
    public var simulatedEnd: SimTime
    /// Digest of the event stream.
    public var traceDigest: String
    /// Whether every row of the run was written.
    public var completed: Bool

    /// A stored run.
    public init(id: Int64, record: RunRecord, events: UInt64, simulatedEnd: SimTime, traceDigest: String,
                completed: Bool) {
        self.id = id; self.record = record; self.events = events; self.simulatedEnd = simulatedEnd
        self.traceDigest = traceDigest; self.completed = completed
    }
}
