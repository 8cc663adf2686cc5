import Foundation
import GRDB
import Testing

/// A throwaway directory for one test's scenario files and databases.
struct Scratch {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("fractalsim-exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// The path of `name` inside the directory.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: root.appendingPathComponent(name))
        return path(name)
    }
}

/// A small fast base scenario (runs take milliseconds in a debug build); `sweep` is appended.
func sweepScenario(_ block: String, duration: String = "2m") -> String {
    """
    name: small-sweep
    seed: 3
    duration: \(duration)
    tree: { shape: complete, width: 2, depth: 2 }
    l1: { block_time: 2s }
    update: { every: 5s }
    network: { latency: 20ms, bandwidth: unlimited }
    proofs: { system: custom, recursion_step: 50ms, verification: 1ms, proof_size: 43KB }
    workload: { tx_rate: 0.5/s }
    metrics: { sample_every: 30s, tracked_transactions: 300, tracked_updates: 100 }
    \(block)
    """
}

/// Every row of every table of a results database, as text, tables by name and rows in insertion
/// order, with the wall-clock columns and figures blanked: what must be equal between two sweeps.
func dumpDatabase(_ path: String) throws -> [String: [String]] {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
        var out: [String: [String]] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY rowid")
            out[table] = rows.map { row in
                var cells: [String] = []
                let figureName: String? = row.hasColumn("name") ? row["name"] : nil
                let path: String? = row.hasColumn("path") ? row["path"] : nil
                for (column, value) in row {
                    if table == "run", ["started_at", "wall_s", "peak_rss_bytes"].contains(column) { cells.append("-"); continue }
                    if table == "summary", column == "value", figureName?.hasPrefix("run.") == true { cells.append("-"); continue }
                    if table == "expectations", column == "actual", path?.hasPrefix("run.") == true { cells.append("-"); continue }
                    cells.append("\(column)=\(value)")
                }
                return cells.joined(separator: "|")
            }
        }
        return out
    }
}

/// The first difference between two dumps, for messages; nil when equal.
func firstDifference(_ a: [String: [String]], _ b: [String: [String]]) -> String? {
    if a.keys.sorted() != b.keys.sorted() { return "tables \(a.keys.sorted()) vs \(b.keys.sorted())" }
    for table in a.keys.sorted() {
        let x = a[table] ?? [], y = b[table] ?? []
        if x.count != y.count { return "\(table): \(x.count) rows vs \(y.count)" }
        for (i, (r, s)) in zip(x, y).enumerated() where r != s { return "\(table) row \(i):\n  \(r)\n  \(s)" }
    }
    return nil
}
