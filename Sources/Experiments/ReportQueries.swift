import Foundation
import Metrics

/// One table of a report: a query on the results database (parameter `:run`), whose result is
/// both the CSV file `<name>.csv` and what the plots and the notebook draw. The notebook runs the
/// same SQL against the database when it is there, so both sources give the same frames.
public struct ReportDataset: Sendable {
    /// File stem of the CSV (`finality_cdf` → `finality_cdf.csv`).
    public var name: String
    /// The query (SQLite; `:run` is the run id).
    public var sql: String
    /// A table it needs (the dataset is skipped when the database lacks it).
    public var table: String

    /// A dataset.
    public init(name: String, table: String, sql: String) { self.name = name; self.table = table; self.sql = sql }
}

/// The report's queries. Long tables are cut to what the plots need: distributions to about 200
/// points per curve (every rank where ⌊200·k/n⌋ steps, plus the first and last).
public enum ReportQueries {
    /// Points per cut distribution.
    public static let cdfPoints = 200

    /// The rows of a ranked CTE (`measure`, `latency_s`, `k`, `n`) kept for a cut CDF.
    static let keep = "k = 1 OR k = n OR k * \(cdfPoints) / n > (k - 1) * \(cdfPoints) / n"

    /// Transactions: created → L1 inclusion, → path finality (when the run has it) and → global
    /// finality, as cumulative fractions of every tracked transaction: a curve ends at the fraction
    /// that got there (`n` of `tracked`).
    public static let finalityCDF = finalityCDF(withPath: false)

    /// `finalityCDF`, with path finality when the database's `finality` table has `path_final_s`.
    public static func finalityCDF(path db: String) -> ReportDataset {
        let count = try? ResultsDatabase.query(path: db, sql: """
            SELECT COUNT(*) AS c FROM pragma_table_info('finality') WHERE name = 'path_final_s'
            """).numbers("c").first
        return finalityCDF(withPath: ((count ?? nil) ?? 0) > 0)
    }

    static func finalityCDF(withPath: Bool) -> ReportDataset {
        let path = withPath ? """

              UNION ALL
              SELECT 'path', path_final_s - created_s FROM finality
              WHERE run_id = :run AND kind = 'transaction' AND path_final_s IS NOT NULL
            """ : ""
        return ReportDataset(name: "finality_cdf", table: "finality", sql: """
            WITH lat AS (
              SELECT 'l1' AS measure, l1_included_s - created_s AS latency_s FROM finality
              WHERE run_id = :run AND kind = 'transaction' AND l1_included_s IS NOT NULL\(path)
              UNION ALL
              SELECT 'global', global_final_s - created_s FROM finality
              WHERE run_id = :run AND kind = 'transaction' AND global_final_s IS NOT NULL),
            tracked AS (SELECT COUNT(*) AS total FROM finality WHERE run_id = :run AND kind = 'transaction'),
            ranked AS (
              SELECT measure, latency_s, ROW_NUMBER() OVER (PARTITION BY measure ORDER BY latency_s) AS k,
                     COUNT(*) OVER (PARTITION BY measure) AS n FROM lat)
            SELECT measure, ROUND(latency_s, 6) AS latency_s, ROUND(CAST(k AS REAL) / tracked.total, 6) AS fraction, n,
                   tracked.total AS tracked
            FROM ranked, tracked WHERE \(keep)
            ORDER BY measure DESC, k
            """)
    }

    /// Transaction latency percentiles by origin depth, L1 inclusion and global finality.
    public static let finalityByDepth = ReportDataset(name: "finality_by_depth", table: "finality_by_depth", sql: """
        SELECT kind, depth, count, missing, p50_s, p95_s, p99_s FROM finality_by_depth
        WHERE run_id = :run AND item_kind = 'transaction' AND kind IN ('l1', 'path', 'global')
        ORDER BY kind DESC, depth
        """)

    /// Root acceptance a/N of the newest L1 blocks at each sample, by age (blocks behind the newest).
    public static let acceptance = ReportDataset(name: "acceptance", table: "acceptance", sql: """
        SELECT t_s, MAX(block) OVER (PARTITION BY t_s) - block AS age, block, accepted, ROUND(fraction, 6) AS fraction
        FROM acceptance WHERE run_id = :run ORDER BY t_s, block DESC
        """)

    /// The L1 over time: newest and final block, retained hashes, non-final root states.
    public static let samples = ReportDataset(name: "l1_samples", table: "samples", sql: """
        SELECT t_s, l1_block, final_block, l1_retained_hashes, l1_nonfinal_states FROM samples
        WHERE run_id = :run ORDER BY t_s
        """)

    /// Storage per validium by depth.
    public static let storage = ReportDataset(name: "storage", table: "storage", sql: """
        SELECT depth, nodes, ROUND(bytes_mean, 3) AS bytes_mean, bytes_max,
               ROUND(da_bytes_per_node, 3) AS da_bytes_per_node, ROUND(retained_hashes_mean, 4) AS retained_hashes_mean
        FROM storage WHERE run_id = :run ORDER BY depth
        """)

    /// Vote counts of each election over time, with the votes it needs.
    public static let electionVotes = ReportDataset(name: "election_votes", table: "election_votes", sql: """
        SELECT v.election, e.faulty, e.counter, e.votes_needed, v.t_s, v.votes
        FROM election_votes v JOIN elections e ON e.run_id = v.run_id AND e.id = v.election
        WHERE v.run_id = :run ORDER BY v.election, v.t_s, v.votes
        """)

    /// Cross-validium messages: sent → minted, by route, as cumulative fractions of those minted.
    public static let messageLatency = ReportDataset(name: "message_latency", table: "messages", sql: """
        WITH lat AS (
          SELECT route AS measure, minted_s - sent_s AS latency_s FROM messages
          WHERE run_id = :run AND sent_s IS NOT NULL AND minted_s IS NOT NULL),
        ranked AS (
          SELECT measure, latency_s, ROW_NUMBER() OVER (PARTITION BY measure ORDER BY latency_s) AS k,
                 COUNT(*) OVER (PARTITION BY measure) AS n FROM lat)
        SELECT measure AS route, ROUND(latency_s, 6) AS latency_s, ROUND(CAST(k AS REAL) / n, 6) AS fraction, n
        FROM ranked WHERE \(keep)
        ORDER BY measure, k
        """)

    /// The summary figures, the wall-clock ones aside (a report depends only on scenario, seed and version).
    public static let summary = ReportDataset(name: "summary", table: "summary", sql: """
        SELECT name, value, text, unit FROM summary
        WHERE run_id = :run AND (name NOT LIKE 'run.%' OR name = 'run.events') ORDER BY position
        """)

    /// Every dataset, in report order.
    public static let all = [finalityCDF, finalityByDepth, acceptance, samples, storage, electionVotes,
                             messageLatency, summary]

    /// Every dataset of the database at `path`, in report order (path finality when it has it).
    public static func all(path: String) -> [ReportDataset] {
        [finalityCDF(path: path)] + all.dropFirst() + AttackQueries.all
    }
}
