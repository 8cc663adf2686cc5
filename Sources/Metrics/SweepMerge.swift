import Foundation
import GRDB

/// What a merge produced.
public struct SweepMergeReport: Sendable, Equatable {
    /// The sweep.
    public var info: SweepInfo
    /// Runs written to the output.
    public var runs: Int
    /// Runs found in more than one input (identical, kept once).
    public var duplicates: Int
    /// Run indexes of the sweep found in no input, ascending.
    public var missing: [Int]
}

extension SweepDatabase {
    /// Joins shard databases of one sweep into `output`, runs in run order with fresh ids, so that
    /// the result equals the unsharded sweep's database. Refuses shards of different sweeps or
    /// program versions. The output is built beside `output` and renamed over it when complete.
    public static func merge(inputs: [String], output: String) throws -> SweepMergeReport {
        guard let firstPath = inputs.first else { throw SweepDatabaseError.notASweep(path: "(no input)") }
        var info: SweepInfo?
        // run index → (input, run id, trace digest)
        var sources: [Int: (input: Int, runID: Int64, digest: String, row: SweepRow)] = [:]
        var duplicates = 0
        for (k, path) in inputs.enumerated() {
            let (found, runs) = try ResultsDatabase.read(path) { db -> (SweepInfo, [(SweepRow, String)]) in
                guard let found = try readInfo(db) else { throw SweepDatabaseError.notASweep(path: path) }
                let rows = try readRows(db, info: found).map { row in
                    (row, try String.fetchOne(db, sql: "SELECT trace_digest FROM run WHERE id = ?", arguments: [row.runID]) ?? "")
                }
                return (found, rows)
            }
            if let first = info {
                if found.programVersion != first.programVersion {
                    throw SweepDatabaseError.mismatchedShards(first: firstPath, other: path, reason:
                        "written by fractalsim \(found.programVersion) and \(first.programVersion); rerun the shards with one version")
                }
                if found.identity != first.identity {
                    throw SweepDatabaseError.mismatchedShards(first: firstPath, other: path, reason:
                        "sweep identities \(found.identity.prefix(12)) (\(found.name)) and \(first.identity.prefix(12)) (\(first.name)) "
                        + "differ: another scenario, --set overrides, grid or program")
                }
            } else {
                info = found
            }
            for (row, digest) in runs {
                if let seen = sources[row.runIndex] {
                    guard seen.digest == digest else {
                        throw SweepDatabaseError.conflictingRun(runIndex: row.runIndex, first: inputs[seen.input], other: path)
                    }
                    duplicates += 1
                } else {
                    sources[row.runIndex] = (k, row.runID, digest, row)
                }
            }
        }
        guard let info else { throw SweepDatabaseError.notASweep(path: firstPath) }
        try ResultsDatabase.createParentDirectory(of: output)
        let partial = PartialFiles.path(for: output)
        ResultsDatabase.removeDatabaseFiles(partial)
        do {
            let queue = try DatabaseQueue(path: partial)
            try queue.inDatabase { db in
                try ResultsDatabase.createSchema(db)
                try createTables(db, info: info)
                var attached: Int?
                for index in sources.keys.sorted() {
                    guard let source = sources[index] else { continue }
                    if attached != source.input {
                        if attached != nil { try db.execute(sql: "DETACH DATABASE src") }
                        try db.execute(sql: "ATTACH DATABASE ? AS src", arguments: [inputs[source.input]])
                        attached = source.input
                    }
                    try db.inTransaction {
                        try copyRun(db, runID: source.runID, row: source.row)
                        return .commit
                    }
                }
                if attached != nil { try db.execute(sql: "DETACH DATABASE src") }
                for sql in Schema.indexes { try db.execute(sql: sql) }
            }
            try queue.close()
        } catch {
            ResultsDatabase.removeDatabaseFiles(partial)
            throw error
        }
        for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: output + suffix) }
        guard rename(partial, output) == 0 else {
            let e = errno
            ResultsDatabase.removeDatabaseFiles(partial)
            throw ResultsDatabaseError.renameFailed(from: partial, to: output, errno: e)
        }
        let missing = (0..<info.runs).filter { sources[$0] == nil }
        return SweepMergeReport(info: info, runs: sources.count, duplicates: duplicates, missing: missing)
    }

    /// Copies run `runID` of the attached `src` into main under the next id, every table with a `run_id`.
    static func copyRun(_ db: Database, runID: Int64, row: SweepRow) throws {
        let newID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM run") ?? 0) + 1
        let runColumns = try columns(db, "run", schema: "src").filter { $0 != "id" }
        let list = runColumns.map(SweepWriter.quote).joined(separator: ", ")
        try db.execute(sql: "INSERT INTO main.run (id, \(list)) SELECT ?, \(list) FROM src.run WHERE id = ?",
                       arguments: [newID, runID])
        let mainTables = try SweepWriter.runTables(db)
        for table in try SweepWriter.runTables(db, schema: "src") {
            if !mainTables.contains(table), let sql = try String.fetchOne(db, sql:
                "SELECT sql FROM src.sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) {
                try db.execute(sql: sql)
            }
            let cols = try columns(db, table, schema: "src")
            let select = cols.map { $0 == "run_id" ? "?" : SweepWriter.quote($0) }.joined(separator: ", ")
            try db.execute(sql: """
                INSERT INTO main.\(SweepWriter.quote(table)) (\(cols.map(SweepWriter.quote).joined(separator: ", ")))
                SELECT \(select) FROM src.\(SweepWriter.quote(table)) WHERE run_id = ? ORDER BY rowid
                """, arguments: [newID, runID])
        }
        var stored = row
        stored.runID = newID
        try insertRow(db, stored)
    }

    /// Column names of `table` in `schema`, in order.
    static func columns(_ db: Database, _ table: String, schema: String) throws -> [String] {
        try Row.fetchAll(db, sql: "PRAGMA \(schema).table_info(\(SweepWriter.quote(table)))").map { $0["name"] }
    }
}
