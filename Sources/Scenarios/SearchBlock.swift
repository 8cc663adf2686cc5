import Stochastic
import ValidiumModel
import Yams

/// Where the parts of one parsed template were written, for the errors found when its candidates are built.
struct SearchTemplateSource {
    /// `search.adversary[t]`.
    let path: String
    /// Each behaviour's node and key path, in order.
    let behaviors: [(node: Node, path: String)]
    /// For each key of the template (in its order), each value's node and key path.
    let values: [[(node: Node, path: String)]]
    /// The `nodes:` value, when given.
    let nodes: Node?
}

/// A parsed `search:` block and where its values were written.
struct ParsedSearch {
    var spec: SearchSpec
    var sources: [SearchTemplateSource]
}

/// Reading the `search:` block into a `SearchSpec`: templates (pools resolved on the tree), objective, options.
/// The values of the templates' keys are checked later, by building one candidate per value (`checkSearchBlock`).
extension Ctx {
    /// Keys of a template that are not adversary entry keys.
    static let searchTemplateOwnKeys = ["behavior", "operators", "nodes"]
    /// The adversary entry keys a template may set besides its own (`from`, `until`, `factor`, …).
    static let searchEntryKeys = KeyRegistry.children(of: "adversary[]").filter { !["nodes", "behavior"].contains($0) }
    /// Behaviours that are faults of the L1 node (node 0), not of validiums.
    static let l1FaultBehaviors = ["equivocate", "reorg"]

    /// Parses the block at `node`; selectors are resolved on `tree`.
    func searchBlock(_ node: Node, tree: Tree) throws(ScenarioError) -> ParsedSearch {
        let s = try Section(node, path: "search", allowed: KeyRegistry.children(of: "search"), ctx: self,
                            expected: "a mapping with adversary and objective, e.g. { adversary: [{ behavior: withhold_da, operators: 2 }], "
                                + "objective: { maximize: finality.path.p99 } }")
        guard let list = s["adversary"] else {
            throw fail(node, "search.adversary", "missing required key (a list of templates, e.g. - { behavior: withhold_da, operators: 2 })")
        }
        guard let objectiveNode = s["objective"] else {
            throw fail(node, "search.objective", "missing required key (e.g. { maximize: finality.path.p99 })")
        }
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw fail(isNull(list) ? s.keyNode("adversary") : list, "search.adversary",
                       "expected a non-empty list of templates (- behavior: …, operators: …, nodes: …), got \(Ctx.describeList(list))")
        }
        var templates: [SearchTemplate] = []
        var sources: [SearchTemplateSource] = []
        for (t, item) in items.enumerated() {
            let (template, source) = try searchTemplate(item, path: "search.adversary[\(t)]", tree: tree)
            templates.append(template)
            sources.append(source)
        }
        let objective = try searchObjective(objectiveNode, templates: templates)
        var spec = SearchSpec(templates: templates, objective: objective)
        for entry in s.entries {
            let path = s.sub(entry.key)
            func count(_ key: String) throws(ScenarioError) -> Int { try int(entry.value, path, in: KeyRegistry.intRange(key)) }
            switch entry.key {
            case "strategy":
                spec.strategy = SearchStrategy(rawValue: try keyword(entry.value, path, KeyRegistry.choices(path))) ?? .local
            case "samples": spec.samples = try count(path)
            case "budget": spec.budget = try count(path)
            case "neighbors": spec.neighbors = try count(path)
            case "max_candidates": spec.maxCandidates = try count(path)
            case "replicates": spec.replicates = try count(path)
            case "seeds": spec.seeds = SweepSeedRule(rawValue: try keyword(entry.value, path, KeyRegistry.choices(path))) ?? .common
            case "seed": spec.seed = try uint64(entry.value, path)
            default: break   // adversary, objective
            }
        }
        return ParsedSearch(spec: spec, sources: sources)
    }

    /// One template: behaviours, pool, operators and the other keys' values.
    private func searchTemplate(_ node: Node, path: String, tree: Tree) throws(ScenarioError) -> (SearchTemplate, SearchTemplateSource) {
        let s = try Section(node, path: path, allowed: Ctx.searchTemplateOwnKeys + Ctx.searchEntryKeys, ctx: self,
                            expected: "a template such as { behavior: withhold_da, operators: 2, nodes: { depth: 2 } }")
        guard let behaviorNode = s["behavior"] else {
            throw fail(node, s.sub("behavior"), "missing required key (a behaviour, or { one_of: [withhold_da, offline] })")
        }
        let behaviorValues = try oneOf(behaviorNode, s.sub("behavior"))
        var behaviors: [String] = []
        for value in behaviorValues {
            behaviors.append(try keyword(value.node, value.path, KeyRegistry.choices("adversary[].behavior"),
                                         unsupported: ["honest": " (honest is the default)"]))
        }
        let faults = behaviors.filter { Ctx.l1FaultBehaviors.contains($0) }
        if !faults.isEmpty, faults.count < behaviors.count {
            throw fail(behaviorNode, s.sub("behavior"), "one_of mixes faults of the L1 node (\(faults.joined(separator: ", "))) "
                       + "with node behaviours (\(behaviors.filter { !faults.contains($0) }.joined(separator: ", "))); use one template for each")
        }
        let l1Fault = !faults.isEmpty
        var pool: [Int32]
        if let nodes = s["nodes"] {
            if l1Fault, behaviors != ["equivocate"] {
                throw fail(s.keyNode("nodes"), s.sub("nodes"), "reorg is a fault of the L1 node (node 0): remove nodes "
                           + "(only equivocate takes nodes: the validiums the search may show the second fork)")
            }
            pool = try searchPool(nodes, s.sub("nodes"), tree: tree)
        } else {
            pool = l1Fault ? [] : (1..<tree.count).map { Int32($0) }
        }
        let choosesFork = l1Fault && s["nodes"] != nil
        var operators = pool.isEmpty ? 0...0 : 1...1
        if let v = s["operators"] {
            if pool.isEmpty {
                throw fail(s.keyNode("operators"), s.sub("operators"), "\(behaviors[0]) is a fault of the L1 node (node 0): remove operators "
                           + "(with equivocate, nodes: lets the search choose the validiums shown the second fork)")
            }
            operators = try operatorRange(v, s.sub("operators"), validiums: tree.count - 1)
        }
        let most = choosesFork ? pool.count - 1 : pool.count
        if operators.upperBound > most {
            let at = s["operators"] ?? s["nodes"] ?? node
            throw fail(at, s.sub(s["operators"] == nil && s["nodes"] != nil ? "nodes" : "operators"), choosesFork
                       ? "\(operators.upperBound) chosen of a pool of \(pool.count) leaves no validium of the pool on the first fork; "
                           + "give operators at most \(most), or a larger pool (nodes)"
                       : "out of range: at most \(pool.count) operators, the nodes of the pool (nodes), got \(operators.upperBound)")
        }
        if choosesFork {
            for key in ["split", "shown_to"] {
                if let k = s.keyNode(key) {
                    throw fail(k, s.sub(key), "not with nodes: the search shows its chosen nodes the second fork "
                               + "(shown_to: [{ ids: rest of the pool }, { ids: chosen }]); remove \(key), or remove nodes")
                }
            }
        }
        var keys: [SearchKey] = []
        var values: [[(node: Node, path: String)]] = []
        for entry in s.entries where !Ctx.searchTemplateOwnKeys.contains(entry.key) {
            let list = try oneOf(entry.value, s.sub(entry.key))
            if choosesFork, entry.key == "forks", let other = list.first(where: { $0.text != "2" }) {
                throw fail(other.node, other.path, "with nodes, equivocate shows the chosen nodes the second of 2 forks: forks must be 2, got \(Ctx.short(other.text))")
            }
            keys.append(SearchKey(key: entry.key, values: list.map(\.text)))
            values.append(list.map { ($0.node, $0.path) })
        }
        let template = SearchTemplate(behaviors: behaviors, pool: pool, operators: operators, keys: keys, choosesFork: choosesFork)
        return (template, SearchTemplateSource(path: path, behaviors: behaviorValues.map { ($0.node, $0.path) },
                                               values: values, nodes: s["nodes"]))
    }

    /// A plain value (one value) or `{ one_of: [v1, v2, …] }` (a non-empty list without repeats), each as flow text.
    func oneOf(_ node: Node, _ path: String) throws(ScenarioError) -> [(node: Node, path: String, text: String)] {
        guard case .mapping(let m) = node, let (_, list) = m.first(where: { $0.key.scalar?.string == "one_of" }) else {
            if case .mapping(let m) = node, m.count == 1, let key = m.first?.key, let name = key.scalar?.string,
               Suggest.best(name, among: ["one_of"]) != nil {
                throw fail(key, join(path, name), "unknown key", suggestion: join(path, "one_of"))
            }
            return [(node, path, FlowText.render(node))]
        }
        if let other = m.first(where: { $0.key.scalar?.string != "one_of" }) {
            throw fail(other.key, join(path, other.key.scalar?.string ?? "?"), "a { one_of: [...] } takes no other key")
        }
        let at = join(path, "one_of")
        guard case .sequence(let items) = list, !items.isEmpty else {
            throw fail(list, at, "expected a non-empty list of values, e.g. { one_of: [5m, 10m] }, got \(Ctx.describeList(list))")
        }
        if items.count > InputLimits.maxSweepPoints {
            throw fail(list, at, "out of range: a one_of takes at most \(grouped(Int64(InputLimits.maxSweepPoints))) values, got \(grouped(Int64(items.count)))")
        }
        var out: [(node: Node, path: String, text: String)] = []
        for (i, item) in items.enumerated() {
            let text = FlowText.render(item)
            if out.contains(where: { $0.text == text }) {
                throw fail(item, "\(path)[\(i)]", "value \(Ctx.short(text)) appears twice in this one_of")
            }
            out.append((item, "\(path)[\(i)]", text))
        }
        return out
    }

    /// The nodes a selector, or a list of selectors (their union), matches: ascending, node 0 excluded.
    private func searchPool(_ node: Node, _ path: String, tree: Tree) throws(ScenarioError) -> [Int32] {
        let selectors: [(Node, String)]
        if case .sequence(let items) = node {
            guard !items.isEmpty else { throw fail(node, path, "expected a selector or a non-empty list of selectors, got an empty list") }
            selectors = items.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
        } else {
            selectors = [(node, path)]
        }
        var inPool = [Bool](repeating: false, count: tree.count)
        for (selector, at) in selectors {
            if case .mapping(let m) = selector {
                for (key, _) in m where ["fraction", "pick"].contains(key.scalar?.string ?? "") {
                    throw fail(key, join(at, key.scalar?.string ?? ""), "not in a search (the search chooses which nodes of the pool "
                               + "its operators take): give the pool with ids, depth or subtree")
                }
            }
            let unused = RandomStream(seed: 0, name: "search")   // no draws without fraction and pick
            for id in try select(selector, path: at, tree: tree, stream: unused) { inPool[Int(id)] = true }
        }
        return inPool.indices.filter { inPool[$0] }.map { Int32($0) }
    }

    /// `describe(node)`, with an empty list called so.
    static func describeList(_ node: Node) -> String {
        if case .sequence(let items) = node, items.isEmpty { return "an empty list" }
        return describe(node)
    }

    /// `operators`: an integer, `{ min, max }`, or `{ fraction: f }` (round(f × the tree's validiums), at least 1).
    private func operatorRange(_ node: Node, _ path: String, validiums: Int) throws(ScenarioError) -> ClosedRange<Int> {
        guard case .mapping = node else {
            let n = try int(node, path, in: 1...Int.max)
            return n...n
        }
        let r = try Section(node, path: path, allowed: ["min", "max", "fraction"], ctx: self,
                            expected: "an integer, { min: 1, max: 4 } or { fraction: 0.01 }")
        if let f = r["fraction"] {
            if let k = r.keyNode("min") ?? r.keyNode("max") {
                throw fail(k, path, "give either fraction or min and max, not both")
            }
            let x = try number(f, r.sub("fraction"))
            guard x > 0, x <= 1 else { throw fail(f, r.sub("fraction"), "out of range: expected a fraction in (0, 1] of the validiums") }
            let n = max(1, Int((x * Double(validiums)).rounded()))
            return n...n
        }
        guard let maxNode = r["max"] else { throw fail(node, r.sub("max"), "missing required key (the most operators)") }
        let most = try int(maxNode, r.sub("max"), in: 1...Int.max)
        var least = 1
        if let v = r["min"] { least = try int(v, r.sub("min"), in: 1...Int.max) }
        if least > most { throw fail(r["min"], r.sub("min"), "must be at most max (\(most)), got \(least)") }
        return least...most
    }
}
