import GRDB
import SimCore
import Stochastic
import ValidiumModel

/// The `provers` and `proof_jobs` tables and the prover market's figures (docs/model.md §9).
enum ProverSchema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS provers (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, stake_initial REAL NOT NULL,
          stake REAL NOT NULL, speed REAL NOT NULL, invalid_rate REAL NOT NULL, reputation REAL NOT NULL,
          reputation_share REAL NOT NULL, reputation_share_mean REAL NOT NULL, jobs INTEGER NOT NULL,
          on_time INTEGER NOT NULL, late_proofs INTEGER NOT NULL, missed_deadlines INTEGER NOT NULL,
          invalid_proofs INTEGER NOT NULL, cancelled INTEGER NOT NULL, fines REAL NOT NULL, rewards REAL NOT NULL,
          reward_share REAL NOT NULL, busy_s REAL NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS proof_jobs (
          run_id INTEGER NOT NULL REFERENCES run(id), job INTEGER NOT NULL, node INTEGER NOT NULL,
          work_s REAL NOT NULL, submitted_s REAL NOT NULL, dispatched_s REAL, delivered_s REAL, latency_s REAL,
          prover INTEGER, assignments INTEGER NOT NULL, missed INTEGER NOT NULL, invalid INTEGER NOT NULL)
        """,
    ]

    /// The tables' names.
    static let tableNames = ["provers", "proof_jobs"]

    /// Writes the provers and the job sample of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ r: ProverResults) throws {
        try batch.insert(r.provers, insertSQL("provers", 19)) { p in
            [id, p.id, p.initialStake, p.stake, p.speed, p.invalidRate, p.reputation, p.reputationShare,
             p.reputationShareMean, p.jobs, p.onTime, p.lateProofs, p.missedDeadlines, p.invalidProofs, p.cancelled,
             p.fines, p.rewards, p.rewardShare, Time.seconds(p.busy)]
        }
        try batch.insert(r.jobs, insertSQL("proof_jobs", 12)) { j in
            [id, j.job, j.node, Time.seconds(j.work), Time.seconds(j.submitted), seconds(j.dispatched),
             seconds(j.delivered), j.delivered < 0 ? nil : Time.seconds(j.delivered - j.submitted),
             j.prover < 0 ? nil : j.prover, j.assignments, j.missed, j.invalid]
        }
    }
}

extension SummaryBuilder {
    /// Prover market figures, when the run has `provers:`.
    static func proverFigures(_ r: RunResults) -> [SummaryFigure] {
        guard r.config.provers != nil else { return [] }
        let m = r.provers
        let rows = m.provers
        // The fastest prover by mean speed (lowest id on a tie): the one "fastest wins" would pay.
        let fastest = rows.indices.max { rows[$0].speed < rows[$1].speed || (rows[$0].speed == rows[$1].speed && $0 > $1) }
        let totalSpeed = rows.reduce(0) { $0 + $1.speed }
        func gap(_ share: (ProverRow) -> Double) -> Double? {
            rows.isEmpty ? nil : rows.map { abs($0.rewardShare - share($0)) }.max()
        }
        var out: [SummaryFigure] = [
            .number("provers.count", Double(rows.count), "count"),
            .number("provers.jobs", Double(m.latencies.count), "count"),
            .number("provers.jobs.pending", Double(m.pending), "count"),
        ]
        for p in [50, 95, 99] { out.append(.number("provers.latency.p\(p)", Statistics.nearestRank(m.latencies, Double(p)), "s")) }
        out += [
            .number("provers.latency.mean", Statistics.mean(m.latencies), "s"),
            .number("provers.latency.max", m.latencies.last, "s"),
            .number("provers.missed_deadlines", Double(m.missedDeadlines), "count"),
            .number("provers.invalid_proofs", Double(m.invalidProofs), "count"),
            .number("provers.reassignments", Double(m.reassignments), "count"),
            .number("provers.window_waits", Double(m.windowWaits), "count"),
            .number("provers.fines", rows.reduce(0) { $0 + $1.fines }, ""),
            .number("provers.reward_gini", Statistics.gini(rows.map(\.rewards)), ""),
            .number("provers.reputation_gini", Statistics.gini(rows.map(\.reputationShareMean)), ""),
            .number("provers.reward_share.max", rows.map(\.rewardShare).max(), ""),
            .number("provers.fastest_reward_share", fastest.map { rows[$0].rewardShare }, ""),
            .number("provers.reward_vs_reputation", gap { $0.reputationShareMean }, ""),
            .number("provers.reward_vs_speed", totalSpeed > 0 ? gap { $0.speed / totalSpeed } : nil, ""),
        ]
        return out
    }
}
