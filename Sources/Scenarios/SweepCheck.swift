import Yams

/// YAML flow text of a node, as a `--set` value: `3`, `10ms`, `{dist: constant, value: 1s}`, `[1, 2]`.
enum FlowText {
    /// The node in flow style; plain scalars stay bare when that reads back the same, else double-quoted.
    static func render(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if s.style == .plain || s.style == .any {
                if isNull(node) { return "~" }
                if bare(s.string) { return s.string }
            }
            return quoted(s.string)
        case .mapping(let m):
            return "{" + m.map { "\(render($0.key)): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let q):
            return "[" + q.map(render).joined(separator: ", ") + "]"
        case .alias(let a):
            return "*" + a.anchor.rawValue
        }
    }

    /// Whether `text` reads back as the same plain scalar inside a flow collection and as a `--set` value.
    static func bare(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first != " ", last != " " else { return false }
        let allowed = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._+-/ µ".unicodeScalars.contains($0)
        }
        return allowed && !(first == "-" && text.unicodeScalars.dropFirst().first.map { !("0"..."9").contains($0) && $0 != "." } ?? true)
    }

    /// A double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F:
                let hex = String(u.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

/// Expanding a spec into points and applying a point to a scenario tree.
enum SweepGrid {
    /// Value indexes (one per axis) of every point, the first factor varying slowest.
    static func expand(_ spec: SweepSpec) -> [[Int]] {
        var points: [[Int]] = [Array(repeating: 0, count: spec.axes.count)]
        for factor in spec.factors {
            let length = spec.axes[factor[0]].values.count
            points = points.flatMap { partial in
                (0..<length).map { k in
                    var p = partial
                    for axis in factor { p[axis] = k }
                    return p
                }
            }
        }
        return points
    }

    /// The `KEY=VALUE` overrides of one point, in axis order.
    static func overrides(_ spec: SweepSpec, _ indexes: [Int]) -> [String] {
        spec.axes.indices.map { "\(spec.axes[$0].key)=\(spec.axes[$0].values[indexes[$0]])" }
    }

    /// The blocks that describe runs of a scenario, not one run: `sweep:`, `bounds:`, `search:`.
    static let blocks = ["sweep", "bounds", "search"]

    /// `root` without its `sweep:`, `bounds:` and `search:` blocks (points and candidates are plain scenarios).
    static func removingBlocks(_ root: Node) -> Node {
        guard case .mapping(let m) = root else { return root }
        let kept = m.filter { !blocks.contains($0.key.scalar?.string ?? "") }
        return .mapping(Node.Mapping(kept.map { ($0.key, $0.value) }, m.tag, m.style, m.mark))
    }
}

/// Checking the blocks while a scenario is built: every value alone, then every point of the grid.
extension Ctx {
    /// Validates the `sweep:` and `bounds:` blocks of the top-level section `s`; errors name the block's key.
    func checkSweepBlocks(_ s: Section, root: Node, defaultName: String, seedOverride: UInt64?) throws(ScenarioError) {
        for kind in [SweepBlockKind.sweep, .bounds] {
            guard let blockNode = s[kind.rawValue] else { continue }
            let spec = try sweepSpec(blockNode, kind: kind)
            let base = SweepGrid.removingBlocks(root)
            let block = try Section(blockNode, path: kind.rawValue, allowed: nil, ctx: self)
            for axis in spec.axes {
                let items: [Node] = block[axis.key]?.sequence.map { Array($0) } ?? []
                for (i, value) in axis.values.enumerated() {
                    do {
                        try buildPoint(base, ["\(axis.key)=\(value)"], defaultName: defaultName, seedOverride: seedOverride)
                    } catch {
                        let path = "\(kind.rawValue).\(axis.key)"
                        if error.keyPath == axis.key, error.message.hasPrefix("unknown key") {
                            throw fail(block.keyNode(axis.key), path, "unknown key",
                                       suggestion: error.suggestion.map { "\(kind.rawValue).\($0)" })
                        }
                        throw fail(i < items.count ? items[i] : block.keyNode(axis.key), "\(path)[\(i)]",
                                   "value \(Ctx.short(value)): \(inner(error, axis.key))", suggestion: error.suggestion)
                    }
                }
            }
            guard spec.axes.count > 1 else { continue }
            for (p, indexes) in SweepGrid.expand(spec).enumerated() {
                let overrides = SweepGrid.overrides(spec, indexes)
                do {
                    try buildPoint(base, overrides, defaultName: defaultName, seedOverride: seedOverride)
                } catch {
                    throw fail(s.keyNode(kind.rawValue), kind.rawValue,
                               "point \(p) (\(Ctx.short(overrides.joined(separator: ", "), 200))): \(inner(error, nil))", suggestion: error.suggestion)
                }
            }
        }
    }

    /// Builds `base` with `overrides` applied, in a copy of this context.
    func buildPoint(_ base: Node, _ overrides: [String], defaultName: String,
                    seedOverride: UInt64?) throws(ScenarioError) -> Void {
        _ = try resolvePoint(base, overrides, defaultName: defaultName, seedOverride: seedOverride)
    }

    /// `base` with `overrides` applied, validated.
    func resolvePoint(_ base: Node, _ overrides: [String], defaultName: String,
                      seedOverride: UInt64?) throws(ScenarioError) -> Resolved {
        var root = base
        var sub = self
        for text in overrides {
            let override = try Override(text)
            try override.apply(to: &root)
            sub.origins.append(OverrideOrigin(keyPath: override.keyPath, text: text))
        }
        return try sub.build(root, defaultName: defaultName, seedOverride: seedOverride)
    }

    /// The message of a point's error, prefixed by its key path unless that is `axisKey`.
    private func inner(_ error: ScenarioError, _ axisKey: String?) -> String {
        guard let k = error.keyPath, !k.isEmpty, k != axisKey else { return error.message }
        return "\(k): \(error.message)"
    }
}
