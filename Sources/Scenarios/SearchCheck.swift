import ValidiumModel
import Yams

extension SearchTemplate {
    /// The adversary entry of one candidate as flow YAML, as `fractalsim search` appends it to the
    /// file's `adversary:` list: `behavior`, `values[k]` for `keys[k]`, and the operators on `nodes`
    /// (ids of the pool; with `choosesFork`, the nodes shown the second fork). For example
    /// `{nodes: {ids: [3, 5]}, behavior: withhold_da, from: 10m}`.
    public func entry(behavior: String, values: [String], nodes: [Int32]) -> String {
        func ids(_ list: [Int32]) -> String { "{ids: [" + list.map(String.init).joined(separator: ", ") + "]}" }
        var parts: [String] = []
        if choosesFork {
            let rest = pool.filter { !nodes.contains($0) }
            parts = ["behavior: \(behavior)", "shown_to: [\(ids(rest)), \(ids(nodes))]"]
        } else if !pool.isEmpty {
            parts = ["nodes: \(ids(nodes))", "behavior: \(behavior)"]
        } else {
            parts = ["behavior: \(behavior)"]
        }
        for (k, key) in keys.enumerated() where k < values.count { parts.append("\(key.key): \(values[k])") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}

/// The file's own `adversary:` entries, each as one flow-YAML mapping (the fixed background of every candidate).
enum SearchBackground {
    /// The entries of `root`'s `adversary:` list in file order ([] when it has none).
    static func entries(_ root: Node) -> [String] {
        guard case .mapping(let m) = root, let list = m.first(where: { $0.key.scalar?.string == "adversary" })?.value,
              case .sequence(let items) = list else { return [] }
        return items.map(FlowText.render)
    }

    /// The `--set` override that replaces the adversary list with `entries`.
    static func override(_ entries: [String]) -> String { "adversary=[" + entries.joined(separator: ", ") + "]" }
}

/// Checking the `search:` block while a scenario is built: one candidate per behaviour and per value of
/// every key (the others at their first value, the fewest operators on the first nodes of the pool) is
/// appended to the file's adversary list and built, so that a value the adversary reader refuses is an
/// error now, at its line, rather than a failed candidate later.
extension Ctx {
    /// Validates the `search:` block of the top-level section `s`, whose tree is `tree` (of `shape`).
    func checkSearchBlock(_ s: Section, root: Node, tree: Tree, shape: TreeShape, defaultName: String,
                          seedOverride: UInt64?) throws(ScenarioError) {
        guard let node = s["search"] else { return }
        if case .random(let spec) = shape, spec.seed == nil {
            throw fail(s.keyNode("search"), "search", "its pools are resolved on one tree: with tree.shape: random, set tree.seed "
                       + "so that every candidate and replicate runs on that tree")
        }
        let parsed = try searchBlock(node, tree: tree)
        let base = SweepGrid.removingBlocks(root)
        let background = SearchBackground.entries(root)
        for (t, template) in parsed.spec.templates.enumerated() {
            let source = parsed.sources[t]
            let first = [Int](repeating: 0, count: template.keys.count)
            try checkCandidate(template, source, behavior: 0, values: first, varying: nil,
                               base: base, background: background, defaultName: defaultName, seedOverride: seedOverride)
            for b in template.behaviors.indices.dropFirst() {
                try checkCandidate(template, source, behavior: b, values: first, varying: (source.behaviors[b], "behavior", template.behaviors[b]),
                                   base: base, background: background, defaultName: defaultName, seedOverride: seedOverride)
            }
            for (k, key) in template.keys.enumerated() {
                for v in key.values.indices.dropFirst() {
                    var values = first
                    values[k] = v
                    try checkCandidate(template, source, behavior: 0, values: values, varying: (source.values[k][v], key.key, key.values[v]),
                                       base: base, background: background, defaultName: defaultName, seedOverride: seedOverride)
                }
            }
        }
    }

    /// Builds the scenario with one candidate of `template`; an error is laid at the value that
    /// `varying` names (else at the value of the key the error is about, else at the behaviour).
    private func checkCandidate(_ template: SearchTemplate, _ source: SearchTemplateSource, behavior b: Int, values: [Int],
                                varying: ((node: Node, path: String), key: String, text: String)?, base: Node,
                                background: [String], defaultName: String, seedOverride: UInt64?) throws(ScenarioError) {
        let entry = template.entry(behavior: template.behaviors[b], values: template.keys.indices.map { template.keys[$0].values[values[$0]] },
                                   nodes: Array(template.pool.prefix(template.operators.lowerBound)))
        do {
            try buildPoint(base, [SearchBackground.override(background + [entry])], defaultName: defaultName, seedOverride: seedOverride)
        } catch {
            // The key path of the error inside the candidate's entry (`from`, `delay.value`), if it is there.
            let prefix = "adversary[\(background.count)]"
            var inner: String?
            if let k = error.keyPath, k.hasPrefix(prefix) {
                inner = String(k.dropFirst(prefix.count).drop { $0 == "." })
            }
            let innerKey = inner.map { String($0.prefix { $0 != "." && $0 != "[" }) }
            var blame = varying
            if blame == nil {
                if let k = template.keys.firstIndex(where: { $0.key == innerKey }) {
                    blame = (source.values[k][0], template.keys[k].key, template.keys[k].values[0])
                } else if let nodes = source.nodes, ["nodes", "shown_to"].contains(innerKey ?? "") {
                    blame = ((nodes, "\(source.path).nodes"), "nodes", FlowText.render(nodes))
                } else {
                    blame = (source.behaviors[0], "behavior", template.behaviors[0])
                }
            }
            guard let blame else { throw error }
            var detail = error.message
            if let inner {
                if !inner.isEmpty, inner != blame.key { detail = "\(inner): " + detail }
            } else if let k = error.keyPath, !k.isEmpty {
                detail = "\(k): " + detail
            }
            throw fail(blame.0.node, blame.0.path, "value \(Ctx.short(blame.text)): \(detail)", suggestion: error.suggestion)
        }
    }
}
