import GRDB
import SimCore
import Stochastic
import ValidiumModel

/// The tables of the fork-aware L1 (docs/model.md §8): `l1_blocks`, `forks`, `l1_elections`, `safety`.
/// Empty for a PoS L1 without injected faults (its blocks are in `blocks`).
enum L1Schema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS l1_blocks (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, height INTEGER NOT NULL,
          parent INTEGER, fork INTEGER NOT NULL, produced_s REAL NOT NULL, final_s REAL,
          acceptance_at_final INTEGER, zkps INTEGER NOT NULL, txs INTEGER NOT NULL, abandoned INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS forks (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, base INTEGER, tip INTEGER NOT NULL,
          tip_height INTEGER NOT NULL, operator_generation INTEGER NOT NULL, created_s REAL NOT NULL,
          alive_up_to INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS l1_elections (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, started_s REAL NOT NULL,
          majority_s REAL, weight INTEGER NOT NULL, needed INTEGER NOT NULL, voters INTEGER NOT NULL,
          non_voters INTEGER NOT NULL, new_operator INTEGER, slashed_generation INTEGER NOT NULL,
          resumed_from INTEGER, first_final_s REAL, failed_s REAL, attempt INTEGER)
        """,
        """
        CREATE TABLE IF NOT EXISTS safety (
          run_id INTEGER NOT NULL REFERENCES run(id), holds INTEGER NOT NULL, violations INTEGER NOT NULL,
          first_s REAL, final_block INTEGER, conflicting_block INTEGER, final_acceptance INTEGER,
          conflicting_acceptance INTEGER)
        """,
    ]

    /// The tables' names.
    static let tableNames = ["l1_blocks", "forks", "l1_elections", "safety"]

    /// Writes the L1 rows of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ l: L1Results) throws {
        func optional<I: BinaryInteger>(_ v: I) -> I? { v < 0 ? nil : v }
        try batch.insert(l.blocks, insertSQL("l1_blocks", 11)) { b in
            [id, b.id, b.height, optional(b.parent), b.fork, Time.seconds(b.produced), seconds(b.finalAt),
             optional(b.acceptanceAtFinal), b.zkps, b.txs, b.abandoned ? 1 : 0]
        }
        try batch.insert(l.forks, insertSQL("forks", 8)) { f in
            [id, f.id, optional(f.base), f.tip, f.tipHeight, f.operatorGeneration, Time.seconds(f.createdAt), f.aliveUpTo]
        }
        try batch.insert(l.elections, insertSQL("l1_elections", 14)) { e in
            [id, e.id, Time.seconds(e.startedAt), seconds(e.majorityAt), e.weight, e.needed, e.voters, e.nonVoters,
             optional(e.newOperator), e.slashedGeneration, optional(e.resumedFrom), seconds(e.firstFinalAt),
             seconds(e.failedAt), e.attempt]
        }
        let s = l.safety
        try batch.insert([s], insertSQL("safety", 8)) { s in
            [id, s.holds ? 1 : 0, s.violations, seconds(s.firstAt), optional(s.finalBlock), optional(s.conflictingBlock),
             optional(s.finalAcceptance), optional(s.conflictingAcceptance)]
        }
    }
}

extension SummaryBuilder {
    /// The L1 figures (every run): forks, final and abandoned blocks, the stall, L1 elections,
    /// wasted proofs and the safety check (`holds` or `violated`).
    static func l1Figures(_ r: RunResults) -> [SummaryFigure] {
        let l = r.l1
        let finalBlocks = l.forkAware ? l.blocks.filter { $0.id > 0 && $0.finalAt >= 0 }.count
                                      : r.blocks.filter { $0.finalAt >= 0 }.count
        let installed = l.elections.filter { $0.newOperator >= 0 }
        return [
            .number("l1.forks", Double(max(0, l.forks.count - 1)), "count"),
            .number("l1.final_blocks", Double(finalBlocks), "count"),
            .number("l1.abandoned_blocks", Double(l.blocks.filter(\.abandoned).count), "count"),
            .number("l1.stall", l.stall >= 0 ? Time.seconds(l.stall) : nil, "s"),
            .number("l1.elections", Double(installed.count), "count"),
            .number("l1.elections.failed", Double(l.elections.count - installed.count), "count"),
            .number("l1.election_time", installed.first.map { Time.seconds($0.majorityAt - $0.startedAt) }, "s"),
            .number("wasted_proofs", Double(l.wastedProofs), "count"),
            .number("l1.orphaned_items", Double(l.orphanedItems), "count"),
            .number("l1.held_zkps", Double(l.heldZKPs), "count"),
            SummaryFigure(name: "safety", value: nil, text: l.safety.holds ? "holds" : "violated", unit: ""),
        ]
    }
}
