import GRDB
import SimCore
import ValidiumModel

/// The tables of the fault mechanisms (docs/model.md §5): faults, elections, election votes, exits, victims.
enum FaultSchema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS faults (
          run_id INTEGER NOT NULL REFERENCES run(id), node INTEGER NOT NULL, behavior TEXT NOT NULL,
          from_s REAL NOT NULL, until_s REAL, detected_s REAL, first_detector INTEGER, recovered_s REAL)
        """,
        """
        CREATE TABLE IF NOT EXISTS elections (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, faulty INTEGER NOT NULL,
          counter INTEGER NOT NULL, subtree_size INTEGER NOT NULL, votes_needed INTEGER NOT NULL,
          started_s REAL NOT NULL, majority_s REAL, installed_s REAL, new_operator INTEGER,
          first_update_s REAL, finality_resumed_s REAL, votes INTEGER NOT NULL, outcome TEXT, reason TEXT,
          attempt INTEGER, installed_stamp INTEGER, supporters INTEGER, dropped_updates INTEGER,
          reverted_items INTEGER, reincluded_items INTEGER)
        """,
        """
        CREATE TABLE IF NOT EXISTS finality_safety (
          run_id INTEGER NOT NULL REFERENCES run(id), item INTEGER NOT NULL, origin INTEGER NOT NULL,
          final_s REAL NOT NULL, dropped_s REAL NOT NULL, node INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS election_votes (
          run_id INTEGER NOT NULL REFERENCES run(id), election INTEGER NOT NULL, t_s REAL NOT NULL,
          votes INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS exits (
          run_id INTEGER NOT NULL REFERENCES run(id), node INTEGER NOT NULL, faulty INTEGER NOT NULL,
          detected_s REAL NOT NULL, completed_s REAL, new_parent INTEGER, on_l1 INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS victims (
          run_id INTEGER NOT NULL REFERENCES run(id), node INTEGER NOT NULL, faulty INTEGER NOT NULL)
        """,
    ]

    /// The fault tables' names.
    static let tableNames = ["faults", "elections", "election_votes", "exits", "victims", "finality_safety"]

    /// Columns added to the fault tables after schema version 1 was first written.
    static let addedColumns: [(String, String, String)] = [
        ("elections", "outcome", "TEXT"), ("elections", "reason", "TEXT"), ("elections", "attempt", "INTEGER"),
        ("elections", "installed_stamp", "INTEGER"), ("elections", "supporters", "INTEGER"),
        ("elections", "dropped_updates", "INTEGER"), ("elections", "reverted_items", "INTEGER"),
        ("elections", "reincluded_items", "INTEGER"), ("l1_elections", "failed_s", "REAL"), ("l1_elections", "attempt", "INTEGER"),
    ]

    /// Writes the fault rows of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ f: FaultResults) throws {
        func optional(_ v: Int32) -> Int32? { v < 0 ? nil : v }
        try batch.insert(f.faults, insertSQL("faults", 8)) { x in
            [id, x.node, x.behavior, Time.seconds(x.from), seconds(x.until), seconds(x.detectedAt),
             optional(x.firstDetector), seconds(x.recoveredAt)]
        }
        try batch.insert(f.elections, insertSQL("elections", 21)) { e in
            [id, e.id, e.faulty, e.counter, e.subtreeSize, e.subtreeSize / 2 + 1, Time.seconds(e.startedAt),
             seconds(e.majorityAt), seconds(e.installedAt), optional(e.newOperator), seconds(e.firstUpdateAt),
             seconds(e.finalityResumedAt), e.votes, e.outcome, e.reason, e.attempt, optional(e.installedStamp),
             e.supporters, e.droppedUpdates, e.revertedItems, e.reincludedItems]
        }
        try batch.insert(f.safetyViolations, insertSQL("finality_safety", 6)) { v in
            [id, v.item, v.origin, Time.seconds(v.finalAt), Time.seconds(v.droppedAt), v.node]
        }
        try batch.insert(f.votes, insertSQL("election_votes", 4)) { v in [id, v.election, Time.seconds(v.time), v.votes] }
        try batch.insert(f.exits, insertSQL("exits", 7)) { x in
            [id, x.node, x.faulty, Time.seconds(x.detectedAt), seconds(x.completedAt), optional(x.newParent),
             x.onL1 ? 1 : 0]
        }
        try batch.insert(f.victims, insertSQL("victims", 3)) { v in [id, v.node, v.faulty] }
    }
}

extension SummaryBuilder {
    /// The fault figures: `faults`, `detection.max`, `elections`, `recovery.p50`, `recovery.max`,
    /// `victims`, `exits`, `l1_transactions`, `alarms`.
    static func faultFigures(_ f: FaultResults) -> [SummaryFigure] {
        let recoveries = f.faults.filter { $0.detectedAt >= 0 && $0.recoveredAt >= 0 }
            .map { Time.seconds($0.recoveredAt - $0.detectedAt) }.sorted()
        let detections = f.faults.filter { $0.detectedAt >= 0 }.map { Time.seconds($0.detectedAt - $0.from) }
        return [
            .number("faults", Double(f.faults.count), "count"),
            .number("faults.undetected", Double(f.faults.filter { $0.detectedAt < 0 }.count), "count"),
            .number("detection.max", detections.max(), "s"),
            .number("elections", Double(f.elections.filter { $0.installedAt >= 0 }.count), "count"),
            .number("elections.failed", Double(f.elections.filter { $0.outcome == "failed" }.count), "count"),
            .number("elections.open", Double(f.elections.filter { $0.outcome == "open" }.count), "count"),
            .number("recovery.p50", Statistics.nearestRank(recoveries, 50), "s"),
            .number("recovery.max", recoveries.last, "s"),
            .number("recovery.missing", Double(f.faults.filter { $0.detectedAt >= 0 && $0.recoveredAt < 0 }.count), "count"),
            .number("victims", Double(f.victims.count), "count"),
            .number("exits", Double(f.exits.filter { $0.completedAt >= 0 }.count), "count"),
            .number("exits.nodes_moved", Double(f.exits.filter { $0.completedAt >= 0 }.reduce(0) { $0 + Int($1.subtreeSize) }), "count"),
            .number("l1_transactions", Double(f.l1Transactions), "count"),
            .number("alarms", Double(f.alarms), "count"),
            .number("sybils.joined", Double(f.sybilsJoined), "count"),
            .number("sybils.refused", Double(f.sybilsRefused), "count"),
        ]
    }
}

import Stochastic

extension SummaryBuilder {
    /// What elections dropped (docs/model.md §5.1 rule 2), over the tracked items: reverted
    /// transactions and updates, how long after their L1 inclusion, how many had been globally
    /// (root-only) final; re-included items and the delay their recovery added; finality-safety
    /// violations (final items dropped).
    static func recoveryFigures(_ r: RunResults) -> [SummaryFigure] {
        let reverted = r.items.filter { $0.revertedAt >= 0 }
        let l1Delays = reverted.filter { $0.l1Included >= 0 }.map { Time.seconds($0.revertedAt - $0.l1Included) }
        let copies = r.items.filter { $0.reincludedAt >= 0 }
        let extra = copies.filter { $0.l1Included >= 0 && $0.firstL1Included >= 0 }
            .map { Time.seconds($0.l1Included - $0.firstL1Included) }.sorted()
        return [
            .number("reverted.transactions", Double(reverted.filter { $0.kind == .transaction }.count), "count"),
            .number("reverted.updates", Double(reverted.filter { $0.kind == .update }.count), "count"),
            .number("reverted.l1_delay.max", l1Delays.max(), "s"),
            .number("reverted.globally_final", Double(reverted.filter { $0.globalFinal >= 0 }.count), "count"),
            .number("reincluded.items", Double(copies.count), "count"),
            .number("reincluded.extra_latency.p50", Statistics.nearestRank(extra, 50), "s"),
            .number("reincluded.extra_latency.max", extra.last, "s"),
            .number("finality.safety_violations", Double(r.faults.safetyViolations.count), "count"),
            SummaryFigure(name: "finality.safety", value: nil, text: r.faults.safetyViolations.isEmpty ? "holds" : "violated", unit: ""),
        ]
    }
}
