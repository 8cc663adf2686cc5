import GRDB
import SimCore
import Stochastic
import ValidiumModel

/// One group of validiums of a run with operator classes: a class's members, the validiums below
/// them (their descendants outside the class), or the rest.
public struct ClassRow: Sendable, Equatable {
    /// The class name ("" for the rest).
    public var name: String
    /// `members`, `below` or `rest`.
    public var group: String
    /// Validiums in the group.
    public var nodes: Int
    /// Tracked transactions created by them, and latencies of those to L1 inclusion and global finality (s).
    public var transactions: Int
    public var l1P50: Double?, l1P99: Double?
    public var globalP50: Double?, globalP99: Double?
    /// Mean bytes stored and mean rounds per validium.
    public var storageMean: Double?
    public var roundsMean: Double?
}

/// The `classes` and `node_classes` tables and the L1 gas of each block (`l1_gas`).
enum ClassSchema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS classes (
          run_id INTEGER NOT NULL REFERENCES run(id), class TEXT NOT NULL, grp TEXT NOT NULL, nodes INTEGER NOT NULL,
          transactions INTEGER NOT NULL, l1_p50_s REAL, l1_p99_s REAL, global_p50_s REAL, global_p99_s REAL,
          storage_mean_bytes REAL, rounds_mean REAL)
        """,
        """
        CREATE TABLE IF NOT EXISTS node_classes (
          run_id INTEGER NOT NULL REFERENCES run(id), node INTEGER NOT NULL, class TEXT NOT NULL,
          PRIMARY KEY (run_id, node))
        """,
        """
        CREATE TABLE IF NOT EXISTS l1_gas (
          run_id INTEGER NOT NULL REFERENCES run(id), step INTEGER NOT NULL, gas INTEGER NOT NULL,
          PRIMARY KEY (run_id, step))
        """,
    ]

    /// The tables' names.
    static let tableNames = ["classes", "node_classes", "l1_gas"]

    /// Writes the class rows, each classed node's class, and the gas of each L1 block step of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ r: RunResults) throws {
        try batch.insert(ClassSummary.rows(r), insertSQL("classes", 11)) { c in
            [id, c.name, c.group, c.nodes, c.transactions, c.l1P50, c.l1P99, c.globalP50, c.globalP99, c.storageMean, c.roundsMean]
        }
        let members = r.config.classes.flatMap { k in k.nodes.map { (k.name, $0) } }.sorted { $0.1 < $1.1 }
        try batch.insert(members, insertSQL("node_classes", 3)) { m in [id, m.1, m.0] }
        try batch.insert(r.gas.perBlock.enumerated(), insertSQL("l1_gas", 3)) { (k, g) in [id, k + 1, g] }
    }
}

/// Results by operator class (`classes:`).
public enum ClassSummary {
    /// Per class its members and the validiums below them, then the rest; empty without classes.
    public static func rows(_ r: RunResults) -> [ClassRow] {
        let classes = r.config.classes
        guard !classes.isEmpty else { return [] }
        let n = r.nodes.count
        var parent = [Int32](repeating: -1, count: n)
        for row in r.nodes where Int(row.id) < n { parent[Int(row.id)] = row.parent }
        // Group of each node: 2c = members of class c, 2c + 1 = below class c, 2·count = rest.
        var memberOf = [Int](repeating: -1, count: n)
        for (c, k) in classes.enumerated() { for v in k.nodes where Int(v) < n { memberOf[Int(v)] = c } }
        let rest = 2 * classes.count
        var group = [Int](repeating: rest, count: n)
        for v in 1..<max(n, 1) {
            if memberOf[v] >= 0 { group[v] = 2 * memberOf[v]; continue }
            var x = Int(parent[v])
            while x > 0 {
                if memberOf[x] >= 0 { group[v] = 2 * memberOf[x] + 1; break }
                x = Int(parent[x])
            }
        }
        var byGroup = [[TrackedItem]](repeating: [], count: rest + 1)
        for item in r.items where item.kind == .transaction && Int(item.origin) < n { byGroup[group[Int(item.origin)]].append(item) }
        var nodesBy = [[NodeRow]](repeating: [], count: rest + 1)
        for row in r.nodes where row.depth > 0 && Int(row.id) < n { nodesBy[group[Int(row.id)]].append(row) }
        var out: [ClassRow] = []
        for g in 0...rest {
            let name = g == rest ? "" : classes[g / 2].name
            let kind = g == rest ? "rest" : (g % 2 == 0 ? "members" : "below")
            let l1 = Latencies(byGroup[g], \.l1Included), global = Latencies(byGroup[g], \.globalFinal)
            let nodes = nodesBy[g]
            out.append(ClassRow(name: name, group: kind, nodes: nodes.count, transactions: byGroup[g].count,
                                l1P50: l1.percentile(50), l1P99: l1.percentile(99),
                                globalP50: global.percentile(50), globalP99: global.percentile(99),
                                storageMean: Statistics.mean(nodes.map { Double($0.storageBytes) }),
                                roundsMean: Statistics.mean(nodes.map { Double($0.rounds) })))
        }
        return out
    }
}
