/// The SQL schema of a results database (documented in docs/results-schema.md).
///
/// Times are seconds of simulated time (REAL) unless the column name ends in `_us`; NULL marks
/// "not reached by the end of the run". Every table but `run` carries the `run_id` of its run, so a
/// sweep's runs can share one database.
enum Schema {
    /// `PRAGMA user_version` of databases written by this module.
    static let version = 1

    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS run (
          id INTEGER PRIMARY KEY, name TEXT NOT NULL, scenario_path TEXT NOT NULL,
          scenario_text TEXT NOT NULL, scenario_canonical TEXT NOT NULL, scenario_digest TEXT NOT NULL,
          overrides TEXT NOT NULL, seed NOT NULL, program_version TEXT NOT NULL, started_at TEXT NOT NULL,
          wall_s REAL NOT NULL, peak_rss_bytes INTEGER NOT NULL, events INTEGER NOT NULL,
          simulated_end_us INTEGER NOT NULL, trace_digest TEXT NOT NULL, completed INTEGER NOT NULL DEFAULT 0,
          git_commit TEXT, git_dirty INTEGER)
        """,
        """
        CREATE TABLE IF NOT EXISTS nodes (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, parent INTEGER NOT NULL,
          depth INTEGER NOT NULL, children INTEGER NOT NULL, subtree_size INTEGER NOT NULL,
          storage_bytes INTEGER NOT NULL, da_bytes_fetched INTEGER NOT NULL, rounds INTEGER NOT NULL,
          transactions INTEGER NOT NULL, retained_at_parent INTEGER NOT NULL, last_stamp INTEGER NOT NULL,
          PRIMARY KEY (run_id, id))
        """,
        """
        CREATE TABLE IF NOT EXISTS finality (
          run_id INTEGER NOT NULL REFERENCES run(id), kind TEXT NOT NULL, origin INTEGER NOT NULL,
          depth INTEGER NOT NULL, created_s REAL NOT NULL, l1_arrival_s REAL, l1_included_s REAL,
          l1_block INTEGER, global_final_s REAL, local_final_s REAL, path_final_s REAL, reverted_s REAL,
          reincluded_s REAL, first_l1_included_s REAL)
        """,
        """
        CREATE TABLE IF NOT EXISTS samples (
          run_id INTEGER NOT NULL REFERENCES run(id), t_s REAL NOT NULL, l1_block INTEGER NOT NULL,
          final_block INTEGER NOT NULL, l1_retained_hashes INTEGER NOT NULL,
          l1_nonfinal_states INTEGER NOT NULL, tx_included_per_s REAL NOT NULL,
          tx_final_per_s REAL NOT NULL, events INTEGER NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS acceptance (
          run_id INTEGER NOT NULL REFERENCES run(id), t_s REAL NOT NULL, block INTEGER NOT NULL,
          accepted INTEGER NOT NULL, fraction REAL NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS blocks (
          run_id INTEGER NOT NULL REFERENCES run(id), number INTEGER NOT NULL, t_s REAL NOT NULL,
          zkps_included INTEGER NOT NULL, txs_included INTEGER NOT NULL, final_s REAL,
          PRIMARY KEY (run_id, number))
        """,
        """
        CREATE TABLE IF NOT EXISTS storage (
          run_id INTEGER NOT NULL REFERENCES run(id), depth INTEGER NOT NULL, nodes INTEGER NOT NULL,
          bytes_mean REAL NOT NULL, bytes_max INTEGER NOT NULL, da_bytes_per_node REAL NOT NULL,
          retained_hashes_mean REAL NOT NULL, rounds_mean REAL NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS finality_by_depth (
          run_id INTEGER NOT NULL REFERENCES run(id), kind TEXT NOT NULL, item_kind TEXT NOT NULL,
          depth INTEGER NOT NULL, count INTEGER NOT NULL, missing INTEGER NOT NULL,
          min_s REAL, p50_s REAL, p95_s REAL, p99_s REAL, max_s REAL)
        """,
        """
        CREATE TABLE IF NOT EXISTS summary (
          run_id INTEGER NOT NULL REFERENCES run(id), position INTEGER NOT NULL, name TEXT NOT NULL,
          value REAL, text TEXT, unit TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS expectations (
          run_id INTEGER NOT NULL REFERENCES run(id), position INTEGER NOT NULL, path TEXT NOT NULL,
          expected TEXT NOT NULL, actual TEXT NOT NULL, held INTEGER NOT NULL)
        """,
    ]

    /// Columns added to `run` after schema version 1 was first written, added by `ALTER TABLE` to older databases.
    static let addedRunColumns: [(String, String)] = [("git_commit", "TEXT"), ("git_dirty", "INTEGER")]

    /// Columns added to other tables after schema version 1 was first written: (table, column, type).
    static let addedColumns: [(String, String, String)] = [
        ("finality", "path_final_s", "REAL"), ("finality", "reverted_s", "REAL"), ("finality", "reincluded_s", "REAL"),
        ("finality", "first_l1_included_s", "REAL"),
    ] + FaultSchema.addedColumns

    /// Every table's DDL: the core tables, then the fault tables.
    static var allTables: [String] {
        tables + FaultSchema.tables + BridgeSchema.tables + L1Schema.tables + ProverSchema.tables + ProofSchema.tables + ClassSchema.tables
    }

    /// Indexes, created after the bulk rows (cheaper than maintaining them row by row).
    static let indexes: [String] = [
        "CREATE INDEX IF NOT EXISTS finality_kind_depth ON finality(kind, depth)",
        "CREATE INDEX IF NOT EXISTS finality_run ON finality(run_id, kind, depth)",
        "CREATE INDEX IF NOT EXISTS samples_t ON samples(t_s)",
        "CREATE INDEX IF NOT EXISTS samples_run ON samples(run_id, t_s)",
        "CREATE INDEX IF NOT EXISTS acceptance_run ON acceptance(run_id, t_s)",
        "CREATE INDEX IF NOT EXISTS summary_run ON summary(run_id, name)",
    ]

    /// Every table, in creation order (used by tests and readers).
    static let tableNames = ["run", "nodes", "finality", "samples", "acceptance", "blocks", "storage",
                             "finality_by_depth", "summary", "expectations"] + FaultSchema.tableNames
        + BridgeSchema.tableNames + L1Schema.tableNames + ProverSchema.tableNames + ProofSchema.tableNames + ClassSchema.tableNames
}
