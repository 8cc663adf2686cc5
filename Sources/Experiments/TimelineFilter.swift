import Foundation
import Metrics
import SimCore
import ValidiumModel

/// Which lines a timeline keeps: by kind, by node or subtree, by time.
struct TimelineFilter {
    /// Nodes of interest (nil: all).
    var nodes: [Bool]?
    /// The single node of `--node`, when given.
    var node: Int32?
    /// Selected event kinds, by raw value.
    var kinds: [Bool]
    /// Selected categories (for the table lines).
    var categories: [TimelineCategory]
    var from: SimTime
    var until: SimTime

    init(node: Int32?, subtree: [Bool]?, selected: (kinds: [Bool], categories: [TimelineCategory]),
         from: SimTime, until: SimTime) {
        self.node = node; self.nodes = subtree; self.kinds = selected.kinds; self.categories = selected.categories
        self.from = from; self.until = until
    }

    func involves(_ nodes: [Int32]) -> Bool {
        if let node, !nodes.contains(node) { return false }
        if let set = self.nodes, !nodes.contains(where: { $0 >= 0 && Int($0) < set.count && set[Int($0)] }) { return false }
        return true
    }

    /// Keeps a trace event of `kind` about `nodes` at `time`.
    func accepts(_ kind: EventKind, _ nodes: [Int32], time: SimTime) -> Bool {
        kinds[Int(kind.rawValue)] && time >= from && time <= until && involves(nodes)
    }

    /// Keeps a table line of `category` about `nodes` at `time`.
    func accepts(_ category: TimelineCategory, _ nodes: [Int32], time: SimTime) -> Bool {
        categories.contains(category) && time >= from && time <= until && involves(nodes)
    }

    /// Every event kind the model has, in raw-value order.
    static let allKinds: [EventKind] = (0...255).compactMap { EventKind(rawValue: UInt8($0)) }

    /// Parses `--kind` values (comma-separated or repeated): categories, event kind names (any case),
    /// `all`, `default`. No value: the default story (everything but `TimelineCategory.quietKinds`).
    static func kinds(_ values: [String]) throws(ReplayError) -> (kinds: [Bool], categories: [TimelineCategory]) {
        var kinds = [Bool](repeating: false, count: 256)
        var categories: [TimelineCategory] = []
        func add(_ k: EventKind) { kinds[Int(k.rawValue)] = true }
        func addDefault() {
            for k in allKinds where !TimelineCategory.quietKinds.contains(k) { add(k) }
            categories = TimelineCategory.allCases
        }
        let tokens = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if tokens.isEmpty { addDefault() }
        for token in tokens {
            let lower = token.lowercased()
            if lower == "all" {
                for k in allKinds { add(k) }
                categories = TimelineCategory.allCases
            } else if lower == "default" {
                addDefault()
            } else if let c = TimelineCategory(rawValue: lower) {
                for k in allKinds where TimelineCategory.of(k) == c { add(k) }
                if !categories.contains(c) { categories.append(c) }
            } else if let k = allKinds.first(where: { "\($0)".lowercased() == lower }) {
                add(k)
            } else {
                let names = TimelineCategory.allCases.map(\.rawValue).joined(separator: ", ")
                let kindNames = allKinds.map { "\($0)" }.joined(separator: ", ")
                throw .badInput("--kind \(token): unknown; expected all, default, a category (\(names)) or an event kind (\(kindNames))")
            }
        }
        return (kinds, categories)
    }

    /// The timeline's first line: which run, which filters, and what it is made of.
    static func header(run: StoredRun, options o: TimelineOptions, from: SimTime, until: SimTime, traced: Bool) -> String {
        var parts = ["Timeline of run \(run.id): \(run.record.name), seed \(run.record.seed)"]
        if let n = o.node { parts.append("node \(n)") }
        if let s = o.subtree { parts.append("subtree of node \(s)") }
        parts.append("kinds: " + (o.kinds.isEmpty ? "default (all but \(TimelineCategory.quietKinds.map { "\($0)" }.joined(separator: ", ")))"
                                  : o.kinds.joined(separator: ",")))
        if from > 0 || until != .max {
            parts.append("from \(ReplayFormat.time(from)) until " + (until == .max ? "the end" : ReplayFormat.time(until)))
        }
        var header = parts.joined(separator: " · ")
        if !traced {
            header += "\nNo stored trace in this run: only the fault, election and exit tables are shown. "
                + "Run the scenario with --trace (or metrics.trace: true) for the full story."
        }
        return header
    }
}

extension TimelineContext {
    /// Membership of the subtree of `root` (the root included), indexed by node id.
    func descendants(of root: Int32) -> [Bool] {
        var children = [[Int32]](repeating: [], count: parent.count)
        for (v, p) in parent.enumerated() where p >= 0 && Int(p) < parent.count { children[Int(p)].append(Int32(v)) }
        var inside = [Bool](repeating: false, count: parent.count)
        guard root >= 0 && Int(root) < parent.count else { return inside }
        var stack = [root]
        while let v = stack.popLast() {
            inside[Int(v)] = true
            stack.append(contentsOf: children[Int(v)])
        }
        return inside
    }
}
