/// One point of a search space: a choice for every template of the `search:` block.
public struct SearchCandidate: Hashable, Sendable {
    /// One choice per template, in template order.
    public var choices: [SearchChoice]

    /// A candidate from its choices.
    public init(_ choices: [SearchChoice]) { self.choices = choices }

    /// How many operators it controls (the `operators` objective): chosen nodes over every template
    /// that places operators (a fork's audience is not operators).
    public func operators(_ spec: SearchSpec) -> Int {
        zip(spec.templates, choices).reduce(0) { $0 + ($1.0.choosesFork ? 0 : $1.1.nodes.count) }
    }

    /// A readable text that names it uniquely: `withhold_da [3, 17] from=10m | collude [4]`.
    public func key(_ spec: SearchSpec) -> String {
        zip(spec.templates, choices).map { template, choice in
            var parts = [template.behaviors[choice.behavior]]
            if !template.pool.isEmpty {
                parts.append((template.choosesFork ? "fork 2 shown to " : "") + "[" + choice.nodes.map(String.init).joined(separator: ", ") + "]")
            }
            for (k, key) in template.keys.enumerated() where key.values.count > 1 {
                parts.append("\(key.key)=\(key.values[choice.values[k]])")
            }
            return parts.joined(separator: " ")
        }.joined(separator: " | ")
    }

    /// Its adversary entries as flow YAML mappings, one per template (appended to the file's own),
    /// in the form the loader validates (`SearchTemplate.entry`).
    public func entries(_ spec: SearchSpec) -> [String] {
        zip(spec.templates, choices).map { template, choice in
            template.entry(behavior: template.behaviors[choice.behavior],
                           values: template.keys.indices.map { template.keys[$0].values[choice.values[$0]] }, nodes: choice.nodes)
        }
    }

    /// The `--set` override that gives a run this candidate: `adversary=[fixed…, entries…]`.
    public func override(_ spec: SearchSpec, fixed: [String]) -> String {
        SearchBackground.override(fixed + entries(spec))
    }
}

/// What one template of a candidate chose.
public struct SearchChoice: Hashable, Sendable {
    /// The chosen nodes of the template's pool, ascending ([] for an L1 fault without `nodes:`).
    public var nodes: [Int32]
    /// Index into the template's behaviours.
    public var behavior: Int
    /// Index into each key's values, in key order.
    public var values: [Int]

    /// A choice from its parts.
    public init(nodes: [Int32], behavior: Int = 0, values: [Int]) {
        self.nodes = nodes
        self.behavior = behavior
        self.values = values
    }
}
