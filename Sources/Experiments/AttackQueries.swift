import Foundation

/// A table of what happened in a run (faults, elections, exits…), shown in index.html when it has rows.
struct ReportTableSpec: Sendable {
    /// The dataset (`<name>.csv`).
    var dataset: ReportDataset
    /// Heading.
    var heading: String
    /// What a row is.
    var caption: String
}

/// The datasets of attack-aware reports: the fault, election, exit, fork, L1 election, rejection
/// and prover tables of a run, and what the attack plots draw. `SELECT *` keeps columns added later
/// (outcomes, reasons) in the CSVs and tables.
enum AttackQueries {
    static func d(_ name: String, _ table: String, _ sql: String) -> ReportDataset { ReportDataset(name: name, table: table, sql: sql) }

    static let faults = d("faults", "faults", "SELECT * FROM faults WHERE run_id = :run ORDER BY from_s, node")
    static let elections = d("elections", "elections", "SELECT * FROM elections WHERE run_id = :run ORDER BY started_s, id")
    static let exits = d("exits", "exits", "SELECT * FROM exits WHERE run_id = :run ORDER BY detected_s, node")
    static let victims = d("victims", "victims", """
        SELECT faulty, COUNT(*) AS victims, MIN(node) AS first_node, MAX(node) AS last_node FROM victims
        WHERE run_id = :run GROUP BY faulty ORDER BY faulty
        """)
    static let forks = d("forks", "forks", "SELECT * FROM forks WHERE run_id = :run ORDER BY created_s, id")
    static let l1Elections = d("l1_elections", "l1_elections", "SELECT * FROM l1_elections WHERE run_id = :run ORDER BY started_s, id")
    static let safety = d("safety", "safety", """
        SELECT s.* FROM safety s WHERE s.run_id = :run AND EXISTS (SELECT 1 FROM forks f WHERE f.run_id = :run)
        """)
    static let rejections = d("rejections", "rejections", """
        SELECT kind, reason, COUNT(*) AS count, MIN(t_s) AS first_s, MAX(t_s) AS last_s,
               COUNT(DISTINCT node) AS nodes, COUNT(DISTINCT checker) AS checkers
        FROM rejections WHERE run_id = :run GROUP BY kind, reason ORDER BY first_s, kind, reason
        """)
    /// Reverted items (databases that have the table).
    static let reversions = d("reversions", "reversions", "SELECT * FROM reversions WHERE run_id = :run")
    static let provers = d("provers", "provers", """
        SELECT id, stake_initial, stake, speed, invalid_rate, jobs, on_time, late_proofs, missed_deadlines, invalid_proofs,
               cancelled, ROUND(fines, 6) AS fines, ROUND(rewards, 6) AS rewards, ROUND(reward_share, 6) AS reward_share,
               ROUND(busy_s, 3) AS busy_s
        FROM provers WHERE run_id = :run ORDER BY id
        """)
    /// Blocks of a fork-aware L1 (for the fork plot).
    static let l1Blocks = d("l1_blocks", "l1_blocks", """
        SELECT id, height, fork, produced_s, final_s, abandoned FROM l1_blocks WHERE run_id = :run ORDER BY produced_s, id
        """)
    /// Proof jobs: submitted → delivered latency, as a cut CDF over every sampled job (missed ones never reach 1).
    static let proofJobs = d("proof_jobs", "proof_jobs", """
        WITH total AS (SELECT COUNT(*) AS jobs FROM proof_jobs WHERE run_id = :run),
        ranked AS (
          SELECT latency_s, ROW_NUMBER() OVER (ORDER BY latency_s) AS k, COUNT(*) OVER () AS n
          FROM proof_jobs WHERE run_id = :run AND latency_s IS NOT NULL)
        SELECT ROUND(latency_s, 6) AS latency_s, ROUND(CAST(k AS REAL) / total.jobs, 6) AS fraction, n, total.jobs AS jobs
        FROM ranked, total WHERE \(ReportQueries.keep) ORDER BY k
        """)
    /// Finality of transactions created in a faulty node's subtree against the rest of the tree (the
    /// subtrees of nodes that exited count as affected: the `nodes` table holds their new parents).
    static let affected = d("finality_affected", "faults", """
        WITH RECURSIVE sub(id) AS (
          SELECT node FROM faults WHERE run_id = :run
          UNION SELECT node FROM exits WHERE run_id = :run
          UNION SELECT n.id FROM nodes n JOIN sub ON n.parent = sub.id AND n.run_id = :run AND n.id != n.parent),
        tx AS (
          SELECT CASE WHEN origin IN (SELECT id FROM sub) THEN 'affected' ELSE 'rest' END AS part, global_final_s - created_s AS latency_s
          FROM finality WHERE run_id = :run AND kind = 'transaction'),
        totals AS (SELECT part, COUNT(*) AS tracked FROM tx GROUP BY part),
        ranked AS (
          SELECT part, latency_s, ROW_NUMBER() OVER (PARTITION BY part ORDER BY latency_s) AS k,
                 COUNT(*) OVER (PARTITION BY part) AS n
          FROM tx WHERE latency_s IS NOT NULL)
        SELECT r.part, ROUND(r.latency_s, 6) AS latency_s, ROUND(CAST(r.k AS REAL) / t.tracked, 6) AS fraction, r.n, t.tracked
        FROM ranked r JOIN totals t ON t.part = r.part
        WHERE r.k = 1 OR r.k = r.n OR r.k * \(ReportQueries.cdfPoints) / r.n > (r.k - 1) * \(ReportQueries.cdfPoints) / r.n
        ORDER BY r.part, r.k
        """)

    /// Every victim (for the tree's colours).
    static let victimNodes = d("victim_nodes", "victims", "SELECT node, faulty FROM victims WHERE run_id = :run ORDER BY node")
    /// The tree's structure at the end of the run (for the tree SVG).
    static let nodes = d("tree_nodes", "nodes", "SELECT id, parent, depth, subtree_size FROM nodes WHERE run_id = :run ORDER BY id")

    /// The tables index.html shows, in order.
    static let tables: [ReportTableSpec] = [
        ReportTableSpec(dataset: faults, heading: "Faults",
                        caption: "One row per faulty node: its behaviour, the window (until empty: to the end), when an honest node first detected it, the detector, and when its subtree recovered."),
        ReportTableSpec(dataset: elections, heading: "Emergency elections",
                        caption: "One row per election: the faulty node, the counting ancestor, votes needed, when a majority was reached, when the new operator was installed and finality resumed."),
        ReportTableSpec(dataset: exits, heading: "Exits and re-attachments",
                        caption: "Nodes that left a faulty parent: detection, completion and the node they re-attached to (on_l1: through an L1 transaction)."),
        ReportTableSpec(dataset: victims, heading: "Victims", caption: "Honest nodes cut off by each faulty node."),
        ReportTableSpec(dataset: forks, heading: "L1 forks", caption: "Forks of the L1 chain: base, tip, operator generation, creation time."),
        ReportTableSpec(dataset: l1Elections, heading: "L1 operator elections",
                        caption: "Elections that replaced an equivocating or stalled L1 operator: weight gathered, majority time, the fork finality resumed from."),
        ReportTableSpec(dataset: safety, heading: "L1 safety", caption: "Whether two conflicting blocks were ever both final."),
        ReportTableSpec(dataset: rejections, heading: "Rejected proofs", caption: "Refused updates, burns and votes by kind and reason."),
        ReportTableSpec(dataset: reversions, heading: "Reversions",
                        caption: "Items whose inclusion was reverted (a state replaced after an election or a fork): kind, id, node, L1 inclusion and reversion times."),
        ReportTableSpec(dataset: provers, heading: "Provers", caption: "The prover market: stake, speed, jobs, missed deadlines, invalid proofs, fines and rewards per prover."),
    ]

    /// Every attack dataset, in report order.
    static let all: [ReportDataset] = tables.map(\.dataset) + [l1Blocks, proofJobs, affected, victimNodes, nodes]
}
