import Foundation
import GRDB
import ValidiumModel

/// Appends the runs and candidates of one search to its database, from one thread, in order.
///
/// Opening checks that an existing database holds the same search and removes what an interrupted
/// invocation left behind, so that a rerun resumes: `completed` holds the runs already done.
public final class SearchWriter {
    /// The database file.
    public let path: String
    /// The search being written.
    public let info: SearchInfo
    /// Runs already complete when the database was opened.
    public let completed: [SearchRunRow]
    let queue: DatabaseQueue

    /// Opens or creates the database at `path` for the search `info`.
    public init(path: String, info: SearchInfo) throws {
        self.path = path
        self.info = info
        queue = try ResultsDatabase.writableQueue(path)
        do {
            completed = try queue.inDatabase { db in
                if let found = try SearchDatabase.readIdentity(db) {
                    guard found.identity == info.identity else {
                        throw SearchDatabaseError.otherSearch(path: path, found: found.identity, expected: info.identity,
                                                              foundVersion: found.version, version: info.programVersion)
                    }
                } else if try db.tableExists("run"), try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0 > 0 {
                    throw SearchDatabaseError.notASearch(path: path)
                }
                try db.inTransaction {
                    try ResultsDatabase.createSchema(db)
                    try SearchDatabase.createTables(db, info: info)
                    return .commit
                }
                try SweepWriter.removeLeftovers(db, rows: "search")
                return try SearchDatabase.readRuns(db)
            }
        } catch {
            try? queue.close()
            throw error
        }
    }

    /// Writes one run and its `search` row; returns the run id (`row.runID` is ignored). The run's
    /// per-item `finality` rows are left out (12 MB a run on a 121-node tree in 20 minutes): its
    /// figures and every other table are kept, and the written-out scenario gives the rows again.
    @discardableResult
    public func append(record: RunRecord, results: RunResults, figures: [SummaryFigure], finalityByDepth: [FinalityByDepthRow],
                       expectations: [ExpectationOutcome], row: SearchRunRow) throws -> Int64 {
        try queue.inDatabase { db in
            let id = try ResultsDatabase.insertRun(db, record: record, results: results, figures: figures,
                                                   expectations: expectations, finalityByDepth: finalityByDepth, itemRows: false)
            var stored = row
            stored.runID = id
            try db.inTransaction {
                try SearchDatabase.insertRun(db, stored)
                return .commit
            }
            return id
        }
    }

    /// Replaces the `search_candidates` rows with `rows` (every candidate tried so far, ranked).
    public func writeCandidates(_ rows: [SearchCandidateRow]) throws {
        try queue.inDatabase { db in
            try db.inTransaction {
                try db.execute(sql: "DELETE FROM search_candidates")
                let insert = try db.makeStatement(sql: "INSERT INTO search_candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                for r in rows {
                    try insert.execute(arguments: [r.candidate, r.phase, r.key, r.override, r.operators, r.replicates,
                                                   r.objectiveMean, r.constraintMean, r.feasible ? 1 : 0, r.violation,
                                                   r.error, r.rank])
                }
                return .commit
            }
        }
    }

    /// Closes the database.
    public func close() throws { try queue.close() }
}
