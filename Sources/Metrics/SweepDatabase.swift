import Foundation
import GRDB
import SimCore
import ValidiumModel

/// What identifies a sweep in its database (`sweep_info`): shards of one sweep have equal infos.
public struct SweepInfo: Sendable, Equatable {
    /// Digest of the base scenario's canonical text, the grid, the seeds and the program version.
    public var identity: String
    /// Version of the program that ran the sweep.
    public var programVersion: String
    /// Scenario name.
    public var name: String
    /// Scenario file as given.
    public var scenarioPath: String
    /// `sweep` or `bounds`: the block the grid came from.
    public var block: String
    /// Axis keys, in order.
    public var axes: [String]
    /// Points in the grid.
    public var points: Int
    /// Runs per point.
    public var replicates: Int
    /// How the axes combine, one line per factor.
    public var layout: [String]
    /// The text the identity digests.
    public var identityText: String

    /// Every run of the sweep (points × replicates).
    public var runs: Int { points * replicates }

    /// An info.
    public init(identity: String, programVersion: String, name: String, scenarioPath: String, block: String,
                axes: [String], points: Int, replicates: Int, layout: [String], identityText: String) {
        self.identity = identity; self.programVersion = programVersion; self.name = name
        self.scenarioPath = scenarioPath; self.block = block; self.axes = axes; self.points = points
        self.replicates = replicates; self.layout = layout; self.identityText = identityText
    }
}

/// One row of the `sweep` table: which run of the results holds which point and replicate.
public struct SweepRow: Sendable, Equatable {
    /// 0-based run index: point × replicates + replicate.
    public var runIndex: Int
    /// 0-based point.
    public var point: Int
    /// 0-based replicate.
    public var replicate: Int
    /// The run's seed.
    public var seed: UInt64
    /// The point's `KEY=VALUE` overrides.
    public var overrides: [String]
    /// Axis values (as `--set` value text), in axis order.
    public var values: [String]
    /// The run's id in the `run` table.
    public var runID: Int64

    /// A row.
    public init(runIndex: Int, point: Int, replicate: Int, seed: UInt64, overrides: [String], values: [String], runID: Int64) {
        self.runIndex = runIndex; self.point = point; self.replicate = replicate; self.seed = seed
        self.overrides = overrides; self.values = values; self.runID = runID
    }
}

/// Why a sweep database cannot be used.
public enum SweepDatabaseError: Error, Equatable, CustomStringConvertible {
    /// The file is a results database without a sweep (e.g. from `fractalsim run`).
    case notASweep(path: String)
    /// The file holds another sweep.
    case otherSweep(path: String, found: SweepInfo, expected: SweepInfo)
    /// Shards to merge come from different sweeps or program versions.
    case mismatchedShards(first: String, other: String, reason: String)
    /// The same run differs between two shards.
    case conflictingRun(runIndex: Int, first: String, other: String)

    /// A message for the user.
    public var description: String {
        switch self {
        case .notASweep(let path):
            return "\(path) is not a sweep database (it has no sweep_info table); choose another --db"
        case .otherSweep(let path, let found, let expected):
            let why = found.programVersion != expected.programVersion
                ? "it was written by fractalsim \(found.programVersion), this is \(expected.programVersion)"
                : "its identity is \(found.identity.prefix(12)) (\(found.name), \(found.points) points × \(found.replicates)), "
                    + "this sweep's is \(expected.identity.prefix(12)): the scenario, its overrides, the grid or the program differ"
            return "\(path) holds another sweep: \(why); choose another --db or remove it"
        case .mismatchedShards(let first, let other, let reason):
            return "refusing to merge: \(other) and \(first) are not shards of one sweep: \(reason)"
        case .conflictingRun(let index, let first, let other):
            return "refusing to merge: run \(index) differs between \(first) and \(other) (another trace digest)"
        }
    }
}

/// The `sweep` and `sweep_info` tables next to the runs of a results database.
public enum SweepDatabase {
    /// Fixed columns of the `sweep` table; an axis with one of these names gets the column `axis:NAME`.
    static let fixedColumns = ["run_index", "point", "replicate", "seed", "run_id", "overrides"]

    /// The column of an axis, quoted for SQL.
    static func column(_ axis: String) -> String {
        let name = fixedColumns.contains(axis) ? "axis:" + axis : axis
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Creates the sweep tables for `info` if missing and stores the info.
    static func createTables(_ db: Database, info: SweepInfo) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS sweep_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        let axes = info.axes.map { column($0) + " NOT NULL" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS sweep (run_index INTEGER PRIMARY KEY, point INTEGER NOT NULL,
              replicate INTEGER NOT NULL, seed NOT NULL, run_id INTEGER NOT NULL REFERENCES run(id),
              overrides TEXT NOT NULL\(axes.isEmpty ? "" : ", " + axes))
            """)
        try createPointsView(db, axes: info.axes)
        let pairs: [(String, String)] = [
            ("identity", info.identity), ("program_version", info.programVersion), ("name", info.name),
            ("scenario_path", info.scenarioPath), ("block", info.block), ("axes", json(info.axes)),
            ("points", String(info.points)), ("replicates", String(info.replicates)), ("runs", String(info.runs)),
            ("layout", json(info.layout)), ("identity_text", info.identityText),
        ]
        for (key, value) in pairs {
            try db.execute(sql: "INSERT OR IGNORE INTO sweep_info (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    /// The sweep info of the database at `path`; nil when it has none.
    public static func readInfo(path: String) throws -> SweepInfo? {
        try ResultsDatabase.read(path) { try readInfo($0) }
    }

    static func readInfo(_ db: Database) throws -> SweepInfo? {
        guard try db.tableExists("sweep_info") else { return nil }
        var map: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sweep_info") { map[row["key"]] = row["value"] }
        func list(_ key: String) -> [String] {
            (try? JSONDecoder().decode([String].self, from: Data((map[key] ?? "[]").utf8))) ?? []
        }
        return SweepInfo(identity: map["identity"] ?? "", programVersion: map["program_version"] ?? "",
                         name: map["name"] ?? "", scenarioPath: map["scenario_path"] ?? "", block: map["block"] ?? "",
                         axes: list("axes"), points: Int(map["points"] ?? "") ?? 0,
                         replicates: Int(map["replicates"] ?? "") ?? 0, layout: list("layout"),
                         identityText: map["identity_text"] ?? "")
    }

    /// The rows of completed runs, by run index.
    public static func readRows(path: String) throws -> [SweepRow] {
        try ResultsDatabase.read(path) { db in
            guard let info = try readInfo(db) else { throw SweepDatabaseError.notASweep(path: path) }
            return try readRows(db, info: info)
        }
    }

    static func readRows(_ db: Database, info: SweepInfo) throws -> [SweepRow] {
        let axes = info.axes.map { "s." + column($0) }.joined(separator: ", ")
        return try Row.fetchAll(db, sql: """
            SELECT s.run_index, s.point, s.replicate, s.seed, s.run_id, s.overrides\(axes.isEmpty ? "" : ", " + axes)
            FROM sweep s JOIN run r ON r.id = s.run_id WHERE r.completed = 1 ORDER BY s.run_index
            """).map { row in
            let overrides = (try? JSONDecoder().decode([String].self, from: Data((row["overrides"] as String).utf8))) ?? []
            let values = info.axes.indices.map { i -> String in
                let v: DatabaseValue = row[6 + i]
                switch v.storage {
                case .int64(let x): return String(x)
                case .double(let x): return String(x)
                case .string(let s): return s
                default: return ""
                }
            }
            return SweepRow(runIndex: row["run_index"], point: row["point"], replicate: row["replicate"],
                            seed: seedValue(row["seed"]), overrides: overrides, values: values, runID: row["run_id"])
        }
    }

    /// Inserts the `sweep` row of one run.
    static func insertRow(_ db: Database, _ row: SweepRow) throws {
        let placeholders = Array(repeating: "?", count: 6 + row.values.count).joined(separator: ", ")
        var arguments: [(any DatabaseValueConvertible)?] = [row.runIndex, row.point, row.replicate,
                                                            storedSeed(row.seed), row.runID, json(row.overrides)]
        for v in row.values { arguments.append(axisValue(v)) }
        try db.execute(sql: "INSERT INTO sweep VALUES (\(placeholders))", arguments: StatementArguments(arguments))
    }

    /// An axis value as stored: an integer or real when it reads as a plain number, else its text.
    static func axisValue(_ text: String) -> any DatabaseValueConvertible {
        if let i = Int64(text) { return i }
        if let x = Double(text), x.isFinite, text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return x }
        return text
    }

    /// Seeds ≥ 2^63 are stored as decimal text (as in the `run` table).
    static func storedSeed(_ seed: UInt64) -> any DatabaseValueConvertible {
        seed <= UInt64(Int64.max) ? Int64(seed) : String(seed)
    }

    static func seedValue(_ value: DatabaseValue) -> UInt64 {
        switch value.storage {
        case .int64(let v): return UInt64(bitPattern: v)
        case .string(let s): return UInt64(s) ?? 0
        default: return 0
        }
    }

    static func json(_ list: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
