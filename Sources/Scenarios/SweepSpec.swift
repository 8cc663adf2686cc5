import Yams

/// Which block of a scenario file describes a grid of runs.
public enum SweepBlockKind: String, Sendable, Equatable {
    /// `sweep:`: any number of axes over dotted keys, gridded or zipped.
    case sweep
    /// `bounds:`: one N axis (`tree.depth` or `tree.nodes`) for `fractalsim bounds`.
    case bounds
}

/// How the seeds of a sweep's replicates are derived.
public enum SweepSeedRule: String, Sendable, Equatable {
    /// Replicate r of every point runs with the point's seed + r (common random numbers).
    case common
    /// Replicate r runs with a 64-bit hash of (the point's seed, its overrides) + r: independent points.
    case perPoint = "per_point"
}

/// One axis of a sweep: a dotted scenario key and the values it takes.
public struct SweepAxis: Sendable, Equatable {
    /// Dotted key path, e.g. `tree.width`.
    public var key: String
    /// Each value as `--set` value text (a YAML scalar or flow collection), in file order.
    public var values: [String]
}

/// The parsed `sweep:` or `bounds:` block (docs/scenarios.md): axes, zipped groups, replicates, seeds.
public struct SweepSpec: Sendable, Equatable {
    /// The block it came from.
    public var kind: SweepBlockKind
    /// Axes in file order.
    public var axes: [SweepAxis]
    /// Groups of axis keys that advance together (`zip:`); every other axis is gridded.
    public var zipGroups: [[String]]
    /// Runs per point (≥ 1).
    public var replicates: Int
    /// How replicate seeds are derived.
    public var seeds: SweepSeedRule
    /// `bounds.metric`, when given (`finality`, `l1_hashes`, `storage`, `throughput`).
    public var metric: String?

    /// The factors of the grid in order: each a list of axis indexes advancing together.
    ///
    /// A factor starts where its first axis appears in the block; the first factor varies slowest.
    public var factors: [[Int]] {
        var result: [[Int]] = []
        var placed = Array(repeating: false, count: axes.count)
        for (i, axis) in axes.enumerated() where !placed[i] {
            let group = zipGroups.first { $0.contains(axis.key) } ?? [axis.key]
            let members = axes.indices.filter { group.contains(axes[$0].key) }
            for m in members { placed[m] = true }
            result.append(members)
        }
        return result
    }
}

/// Metrics that `bounds` can check.
public let boundsMetrics = ["finality", "l1_hashes", "storage", "throughput", "l1_gas"]

/// Reading `sweep:` and `bounds:` blocks.
extension Ctx {
    /// Keys of a `sweep:` block that are not axes.
    static let sweepReserved = KeyRegistry.children(of: "sweep")
    /// Keys of a `bounds:` block that are not the N axis.
    static let boundsReserved = KeyRegistry.children(of: "bounds")
    /// The axes a `bounds:` block may use for N.
    static let boundsAxes = ["tree.depth", "tree.nodes"]
    /// Axis pairs that replace each other when set, so cannot both vary.
    static let exclusiveAxes = [("tree.depth", "tree.nodes"), ("update.every", "update.mode")]

    /// Parses the block at `node` (named `kind`) into a spec; values are checked later, point by point.
    func sweepSpec(_ node: Node, kind: SweepBlockKind) throws(ScenarioError) -> SweepSpec {
        let name = kind.rawValue
        let s = try Section(node, path: name, allowed: nil, ctx: self,
                            expected: kind == .sweep ? "a mapping of dotted keys to lists of values, e.g. { tree.width: [2, 3] }"
                                : "a mapping with the N axis, e.g. { tree.depth: [3, 4, 5], replicates: 2 }")
        var spec = SweepSpec(kind: kind, axes: [], zipGroups: [], replicates: 1, seeds: .common, metric: nil)
        let reserved = kind == .sweep ? Ctx.sweepReserved : Ctx.boundsReserved
        var zipNode: Node?
        for entry in s.entries {
            let path = s.sub(entry.key)
            switch entry.key {
            case "replicates": spec.replicates = try int(entry.value, path, in: KeyRegistry.intRange("sweep.replicates"))
            case "seeds":
                spec.seeds = SweepSeedRule(rawValue: try keyword(entry.value, path, KeyRegistry.choices("sweep.seeds"))) ?? .common
            case "metric" where kind == .bounds: spec.metric = try keyword(entry.value, path, KeyRegistry.choices("bounds.metric"))
            case "zip" where kind == .sweep: zipNode = entry.value
            default:
                if kind == .bounds, !Ctx.boundsAxes.contains(entry.key) {
                    throw fail(entry.keyNode, path, "unknown key; bounds: takes the N axis (tree.depth or tree.nodes), replicates, seeds and metric",
                               suggestion: Suggest.best(entry.key, among: Ctx.boundsAxes + reserved).map { "bounds." + $0 })
                }
                spec.axes.append(SweepAxis(key: entry.key, values: try axisValues(entry.value, path, keyNode: entry.keyNode)))
            }
        }
        guard !spec.axes.isEmpty else {
            throw fail(node, name, kind == .sweep ? "expected at least one axis, e.g. tree.width: [2, 3, 4]"
                                                  : "expected the N axis: tree.depth or tree.nodes with a list of values")
        }
        if kind == .bounds, spec.axes.count > 1 {
            throw fail(s.keyNode(spec.axes[1].key), s.sub(spec.axes[1].key), "bounds: takes one N axis, tree.depth or tree.nodes, not both")
        }
        try checkAxisKeys(spec.axes, s)
        if let zipNode { spec.zipGroups = try zipGroups(zipNode, axes: spec.axes, path: s.sub("zip")) }
        try checkGridSize(spec, node: node)
        return spec
    }

    /// The values of one axis: a non-empty list without repeats, each rendered as `--set` text.
    private func axisValues(_ node: Node, _ path: String, keyNode: Node) throws(ScenarioError) -> [String] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            let hint = node.mapping != nil ? "; axes are dotted keys, e.g. tree.width: [2, 3]" : ""
            throw fail(isNull(node) ? keyNode : node, path, "expected a non-empty list of values, e.g. [2, 3, 4], got \(describe(node))\(hint)")
        }
        if items.count > InputLimits.maxSweepPoints {
            throw fail(node, path, "out of range: an axis takes at most \(grouped(Int64(InputLimits.maxSweepPoints))) values, got \(grouped(Int64(items.count)))")
        }
        var values: [String] = []
        var seen = Set<String>()
        for (i, item) in items.enumerated() {
            let text = FlowText.render(item)
            if !seen.insert(text).inserted {
                throw fail(item, "\(path)[\(i)]", "value \(Ctx.short(text)) appears twice in this axis")
            }
            values.append(text)
        }
        return values
    }

    /// Axis keys must name scenario keys, not the blocks themselves, and must not overlap.
    private func checkAxisKeys(_ axes: [SweepAxis], _ s: Section) throws(ScenarioError) {
        for (i, axis) in axes.enumerated() {
            let first = axis.key.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if (SweepGrid.blocks + ["expect"]).contains(first) || axis.key.split(separator: ".", omittingEmptySubsequences: false).contains("") {
                throw fail(s.keyNode(axis.key), s.sub(axis.key), "cannot sweep this key (axes are dotted scenario keys such as tree.width)")
            }
            for other in axes[..<i] where axis.key.hasPrefix(other.key + ".") || other.key.hasPrefix(axis.key + ".") {
                throw fail(s.keyNode(axis.key), s.sub(axis.key), "overlaps the axis \(s.sub(other.key)); sweep one or the other")
            }
            for (a, b) in Ctx.exclusiveAxes where [a, b].contains(axis.key) {
                let partner = axis.key == a ? b : a
                if axes[..<i].contains(where: { $0.key == partner }) {
                    throw fail(s.keyNode(axis.key), s.sub(axis.key), "\(a) and \(b) replace each other; sweep one of them")
                }
            }
        }
    }

    /// `zip:` as a list of groups of axis keys (or one flat group); lists in a group have equal lengths.
    private func zipGroups(_ node: Node, axes: [SweepAxis], path: String) throws(ScenarioError) -> [[String]] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw fail(node, path, "expected a list of axis groups, e.g. [[tree.width, tree.depth]], got \(describe(node))")
        }
        let nested = items.allSatisfy { $0.sequence != nil }
        let groups: [(Node, [Node])] = nested ? items.map { ($0, $0.sequence.map { Array($0) } ?? []) } : [(node, Array(items))]
        var seen: [String] = []
        var result: [[String]] = []
        for (g, (groupNode, members)) in groups.enumerated() {
            let gpath = nested ? "\(path)[\(g)]" : path
            guard members.count >= 2 else { throw fail(groupNode, gpath, "a zipped group needs at least two axes") }
            var keys: [String] = []
            for member in members {
                let key = try text(member, gpath, expected: "an axis key such as tree.width")
                guard let axis = axes.first(where: { $0.key == key }) else {
                    throw fail(member, gpath, "\(key) is not an axis of this sweep",
                               suggestion: Suggest.best(key, among: axes.map(\.key)))
                }
                if seen.contains(key) { throw fail(member, gpath, "\(key) is zipped twice") }
                if let firstKey = keys.first, let first = axes.first(where: { $0.key == firstKey }),
                   first.values.count != axis.values.count {
                    throw fail(member, gpath, "zipped axes advance together and need lists of equal length: "
                               + "\(firstKey) has \(first.values.count) values, \(key) has \(axis.values.count)")
                }
                seen.append(key)
                keys.append(key)
            }
            result.append(keys)
        }
        return result
    }
}
