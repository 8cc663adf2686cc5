import Foundation
import GRDB

/// What identifies a search in its database (`search_info`).
public struct SearchInfo: Sendable, Equatable {
    /// Digest of the program version, the search block and the base scenario.
    public var identity: String
    /// Version of the program that ran it.
    public var programVersion: String
    /// Scenario name.
    public var name: String
    /// Scenario file as given.
    public var scenarioPath: String
    /// `exhaustive`, `random` or `local`.
    public var strategy: String
    /// `maximize FIGURE` or `minimize FIGURE`, with ` subject to …` when constrained.
    public var objective: String
    /// Runs per candidate.
    public var replicates: Int
    /// The text the identity digests.
    public var identityText: String

    /// An info.
    public init(identity: String, programVersion: String, name: String, scenarioPath: String, strategy: String,
                objective: String, replicates: Int, identityText: String) {
        self.identity = identity; self.programVersion = programVersion; self.name = name
        self.scenarioPath = scenarioPath; self.strategy = strategy; self.objective = objective
        self.replicates = replicates; self.identityText = identityText
    }
}

/// One row of the `search` table: one run of one candidate.
public struct SearchRunRow: Sendable, Equatable {
    /// 0-based candidate, in the order the search tried them.
    public var candidate: Int
    /// 0-based replicate.
    public var replicate: Int
    /// The run's seed.
    public var seed: UInt64
    /// `exhaustive`, `random` or `local`: the phase that proposed the candidate.
    public var phase: String
    /// The candidate's readable unique text.
    public var key: String
    /// The `adversary=[…]` override the run applied.
    public var override: String
    /// The candidate's operator count.
    public var operators: Int
    /// The run's objective figure (nil: no value).
    public var objective: Double?
    /// The run's constraint figure (nil: no constraint or no value).
    public var constraint: Double?
    /// The run's trace digest.
    public var traceDigest: String
    /// The run's id in the `run` table.
    public var runID: Int64

    /// A row.
    public init(candidate: Int, replicate: Int, seed: UInt64, phase: String, key: String, override: String, operators: Int,
                objective: Double?, constraint: Double?, traceDigest: String, runID: Int64) {
        self.candidate = candidate; self.replicate = replicate; self.seed = seed; self.phase = phase; self.key = key
        self.override = override; self.operators = operators; self.objective = objective; self.constraint = constraint
        self.traceDigest = traceDigest; self.runID = runID
    }
}

/// One row of `search_candidates`: a candidate judged on the mean of its replicates.
public struct SearchCandidateRow: Sendable, Equatable {
    /// 0-based candidate.
    public var candidate: Int
    /// The phase that proposed it.
    public var phase: String
    /// Its readable unique text.
    public var key: String
    /// Its `adversary=[…]` override.
    public var override: String
    /// Its operator count.
    public var operators: Int
    /// Runs it took.
    public var replicates: Int
    /// Mean objective over its replicates (nil: none had a value).
    public var objectiveMean: Double?
    /// Mean constraint figure (nil: no constraint or no value).
    public var constraintMean: Double?
    /// Whether it meets the constraint (always, without one).
    public var feasible: Bool
    /// How far the constraint's mean is from holding (0 when feasible).
    public var violation: Double?
    /// Why it could not run (a scenario error), or nil.
    public var error: String?
    /// 1-based rank among the candidates tried so far (1: the adversary's best).
    public var rank: Int

    /// A row.
    public init(candidate: Int, phase: String, key: String, override: String, operators: Int, replicates: Int,
                objectiveMean: Double?, constraintMean: Double?, feasible: Bool, violation: Double?, error: String?, rank: Int) {
        self.candidate = candidate; self.phase = phase; self.key = key; self.override = override
        self.operators = operators; self.replicates = replicates; self.objectiveMean = objectiveMean
        self.constraintMean = constraintMean; self.feasible = feasible; self.violation = violation
        self.error = error; self.rank = rank
    }
}

/// Why a search database cannot be used.
public enum SearchDatabaseError: Error, Equatable, CustomStringConvertible {
    /// The file is a results database of something else (a run or a sweep).
    case notASearch(path: String)
    /// The file holds another search.
    case otherSearch(path: String, found: String, expected: String, foundVersion: String, version: String)

    /// A message for the user.
    public var description: String {
        switch self {
        case .notASearch(let path):
            return "\(path) is not a search database (it holds runs without a search_info table); choose another --db"
        case .otherSearch(let path, let found, let expected, let foundVersion, let version):
            let why = foundVersion != version ? "it was written by fractalsim \(foundVersion), this is \(version)"
                : "its identity is \(found.prefix(12)), this search's is \(expected.prefix(12)): the scenario, its search block, its overrides or the program differ"
            return "\(path) holds another search: \(why); choose another --db or remove it"
        }
    }
}

/// The `search_info`, `search` and `search_candidates` tables beside the runs of a results database.
public enum SearchDatabase {
    /// Creates the tables if missing and stores `info`.
    static func createTables(_ db: Database, info: SearchInfo) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS search_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS search (candidate INTEGER NOT NULL, replicate INTEGER NOT NULL, seed NOT NULL,
              phase TEXT NOT NULL, candidate_key TEXT NOT NULL, overrides TEXT NOT NULL, operators INTEGER NOT NULL,
              objective REAL, constraint_value REAL, trace_digest TEXT NOT NULL,
              run_id INTEGER NOT NULL REFERENCES run(id), PRIMARY KEY (candidate, replicate))
            """)
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS search_candidates (candidate INTEGER PRIMARY KEY, phase TEXT NOT NULL,
              candidate_key TEXT NOT NULL, overrides TEXT NOT NULL, operators INTEGER NOT NULL, replicates INTEGER NOT NULL,
              objective_mean REAL, constraint_mean REAL, feasible INTEGER NOT NULL, violation REAL, error TEXT,
              rank INTEGER NOT NULL)
            """)
        let pairs: [(String, String)] = [
            ("identity", info.identity), ("program_version", info.programVersion), ("name", info.name),
            ("scenario_path", info.scenarioPath), ("strategy", info.strategy), ("objective", info.objective),
            ("replicates", String(info.replicates)), ("identity_text", info.identityText),
        ]
        for (key, value) in pairs {
            try db.execute(sql: "INSERT OR IGNORE INTO search_info (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// `identity` and `program_version` of the search in `db`, or nil when it has none.
    static func readIdentity(_ db: Database) throws -> (identity: String, version: String)? {
        guard try db.tableExists("search_info") else { return nil }
        let id = try String.fetchOne(db, sql: "SELECT value FROM search_info WHERE key = 'identity'")
        let version = try String.fetchOne(db, sql: "SELECT value FROM search_info WHERE key = 'program_version'")
        guard let id, let version else { return nil }
        return (id, version)
    }

    static func insertRun(_ db: Database, _ row: SearchRunRow) throws {
        try db.execute(sql: "INSERT INTO search VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arguments: [
            row.candidate, row.replicate, SweepDatabase.storedSeed(row.seed), row.phase, row.key, row.override,
            row.operators, row.objective, row.constraint, row.traceDigest, row.runID])
    }

    /// The completed runs of the search in `db`, by candidate and replicate.
    static func readRuns(_ db: Database) throws -> [SearchRunRow] {
        guard try db.tableExists("search") else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT s.* FROM search s JOIN run r ON r.id = s.run_id AND r.completed = 1 ORDER BY s.candidate, s.replicate
            """).map {
            SearchRunRow(candidate: $0["candidate"], replicate: $0["replicate"], seed: SweepDatabase.seedValue($0["seed"]),
                         phase: $0["phase"], key: $0["candidate_key"], override: $0["overrides"], operators: $0["operators"],
                         objective: $0["objective"], constraint: $0["constraint_value"], traceDigest: $0["trace_digest"],
                         runID: $0["run_id"])
        }
    }

    /// The completed runs of the search database at `path`.
    public static func readRuns(path: String) throws -> [SearchRunRow] {
        try ResultsDatabase.read(path) { try readRuns($0) }
    }

    /// The candidates of the search database at `path`, best first.
    public static func readCandidates(path: String) throws -> [SearchCandidateRow] {
        try ResultsDatabase.read(path) { db in
            guard try db.tableExists("search_candidates") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM search_candidates ORDER BY rank, candidate").map {
                SearchCandidateRow(candidate: $0["candidate"], phase: $0["phase"], key: $0["candidate_key"],
                                   override: $0["overrides"], operators: $0["operators"], replicates: $0["replicates"],
                                   objectiveMean: $0["objective_mean"], constraintMean: $0["constraint_mean"],
                                   feasible: ($0["feasible"] as Int) != 0, violation: $0["violation"], error: $0["error"],
                                   rank: $0["rank"])
            }
        }
    }
}
