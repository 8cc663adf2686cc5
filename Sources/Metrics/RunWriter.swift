import Foundation
import GRDB
import SimCore
import ValidiumModel

/// Inserts rows with prepared statements, committing every `limit` rows.
struct BatchInserter {
    /// The connection, inside a transaction between calls.
    let db: Database
    /// Rows per transaction.
    let limit: Int
    /// Rows written in the open transaction.
    var pending = 0

    /// Inserts one row per element with the prepared `sql`.
    mutating func insert<S: Sequence>(_ rows: S, _ sql: String,
                                      _ arguments: (S.Element) -> StatementArguments) throws {
        let statement = try db.makeStatement(sql: sql)
        for row in rows {
            statement.setUncheckedArguments(arguments(row))
            try statement.execute()
            pending += 1
            if pending >= limit {
                try db.commit()
                try db.beginTransaction()
                pending = 0
            }
        }
    }
}

/// Seconds for a simulated time; nil for −1 ("not reached").
@inline(__always) func seconds(_ t: SimTime) -> Double? { t < 0 ? nil : Time.seconds(t) }

/// `INSERT INTO table VALUES (?, …)` with `count` placeholders.
func insertSQL(_ table: String, _ count: Int) -> String {
    "INSERT INTO \(table) VALUES (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
}

extension ResultsDatabase {
    /// Writes every row of one run in batched transactions and returns its run id.
    ///
    /// The last transaction writes the indexes and sets `run.completed = 1`; a failure rolls back
    /// the open transaction and rethrows (earlier batches stay, under a run with `completed = 0`).
    /// `itemRows: false` leaves out the per-item `finality` rows (a search's runs: their figures,
    /// `finality_by_depth` and every other table are kept).
    static func insertRun(_ db: Database, record: RunRecord, results r: RunResults, figures: [SummaryFigure],
                          expectations: [ExpectationOutcome], finalityByDepth: [FinalityByDepthRow]? = nil,
                          itemRows: Bool = true) throws -> Int64 {
        try db.beginTransaction()
        do {
            let id = try insertRunRow(db, record: record, results: r)
            var batch = BatchInserter(db: db, limit: batchSize)
            try batch.insertNodes(r.nodes, id: id)     // RowBinding.swift: the C API for the large tables
            if itemRows { try batch.insertItems(r.items, id: id) }
            try batch.insert(r.samples, insertSQL("samples", 9)) { s in
                [id, Time.seconds(s.time), s.l1Block, s.finalBlock, s.l1RetainedHashes, s.l1NonFinalStates,
                 s.txIncludedPerSecond, s.txFinalPerSecond, Int64(clamping: s.events)]
            }
            let n = Double(max(1, r.nodes.count))
            try batch.insert(r.acceptance, insertSQL("acceptance", 5)) { a in
                [id, Time.seconds(a.time), a.block, a.accepted, Double(a.accepted) / n]
            }
            try batch.insert(r.blocks, insertSQL("blocks", 6)) { b in
                [id, b.number, Time.seconds(b.time), b.zkpsIncluded, b.txsIncluded, seconds(b.finalAt)]
            }
            try batch.insert(SummaryBuilder.storageByDepth(r), insertSQL("storage", 8)) { s in
                [id, s.depth, s.nodes, s.bytesMean, s.bytesMax, s.daBytesPerNode, s.retainedHashesMean, s.roundsMean]
            }
            try batch.insert(finalityByDepth ?? SummaryBuilder.finalityByDepth(r), insertSQL("finality_by_depth", 11)) { f in
                [id, f.kind, f.itemKind, f.depth, f.count, f.missing, f.min, f.p50, f.p95, f.p99, f.max]
            }
            try batch.insert(figures.enumerated(), insertSQL("summary", 6)) { (k, f) in
                [id, k, f.name, f.value, f.text, f.unit]
            }
            try batch.insert(expectations.enumerated(), insertSQL("expectations", 6)) { (k, e) in
                [id, k, e.path, e.expected, e.actual, e.held ? 1 : 0]
            }
            try FaultSchema.insert(&batch, id: id, r.faults)
            try BridgeSchema.insert(&batch, id: id, r.bridge)
            try L1Schema.insert(&batch, id: id, r.l1)
            try ProverSchema.insert(&batch, id: id, r.provers)
            try ProofSchema.insert(&batch, id: id, r.proofs)
            try ClassSchema.insert(&batch, id: id, r)
            try TraceSchema.insert(db, id: id, r.trace)
            for sql in Schema.indexes { try db.execute(sql: sql) }
            try db.execute(sql: "UPDATE run SET completed = 1 WHERE id = ?", arguments: [id])
            try db.commit()
            return id
        } catch {
            if db.isInsideTransaction { try? db.rollback() }
            throw error
        }
    }

    /// Inserts the `run` row with `completed = 0` and returns its id.
    static func insertRunRow(_ db: Database, record: RunRecord, results r: RunResults) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let overrides = String(decoding: try encoder.encode(record.overrides), as: UTF8.self)
        // SQLite integers are signed: seeds ≥ 2^63 are stored as decimal text (the column has no affinity).
        let seed: any DatabaseValueConvertible =
            record.seed <= UInt64(Int64.max) ? Int64(record.seed) : String(record.seed)
        try db.execute(sql: """
            INSERT INTO run (name, scenario_path, scenario_text, scenario_canonical, scenario_digest, overrides,
              seed, program_version, started_at, wall_s, peak_rss_bytes, events, simulated_end_us, trace_digest,
              completed, git_commit, git_dirty)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
            """, arguments: [record.name, record.scenarioPath, record.scenarioText, record.scenarioCanonical,
                             record.scenarioDigest, overrides, seed, record.programVersion, record.startedAt,
                             record.wallSeconds, record.peakRSSBytes, Int64(clamping: r.events), r.simulatedEnd,
                             r.traceDigest, record.gitCommit, record.gitDirty.map { $0 ? 1 : 0 }])
        return db.lastInsertedRowID
    }
}
