import SimCore
import ValidiumModel
import Yams

/// The validated contents of a scenario file, before rendering.
struct Resolved: Sendable {
    var name: String
    var description: String
    var seed: UInt64
    var config: ModelConfig
    var expectations: [Expectation]

    /// The scenario it makes, read from `path` (whose text, without other files, is `sourceText`)
    /// with `overrides`: its canonical text and digest computed here.
    func scenario(path: String, sourceText: String, overrides: [String]) -> Scenario {
        let canonical = Canonical.render(self)
        return Scenario(path: path, name: name, description: description, seed: seed, config: config,
                        expectations: expectations, sourceText: sourceText, overrides: overrides,
                        canonical: canonical, digest: Canonical.digest(canonical))
    }
}

/// Reading the top level and dispatching to the sections.
extension Ctx {
    /// Every top-level key, supported or not (unknown keys get a suggestion from this list).
    static let topKeys = KeyRegistry.children(of: "")
    /// Top-level keys of docs/scenarios.md that are not implemented yet: an error, never silently ignored.
    static let unsupportedKeys: [String] = []

    /// Validates the whole tree of a scenario file into a `Resolved`.
    mutating func build(_ root: Node, defaultName: String, seedOverride: UInt64?) throws(ScenarioError) -> Resolved {
        let s = try Section(root, path: "", allowed: Ctx.topKeys, ctx: self,
                            expected: "a mapping of keys (such as tree and duration) at the top level")
        for key in Ctx.unsupportedKeys {
            if let k = s.keyNode(key) { throw fail(k, key, "not supported yet") }
        }
        if let k = s.keyNode("extends") {  // a file's extends: is resolved before; this one came from --set
            throw fail(k, "extends", "only read from a scenario file (its first lines), not set with --set")
        }
        for key in ["duration", "tree"] where s[key] == nil {
            throw fail(root, key, "missing required key (a scenario needs at least tree and duration)")
        }

        // The block time first: durations anywhere may be written in blocks.
        var l1Config = L1Config()
        blockTime = nil
        if let v = s["l1"] { try l1(v, into: &l1Config) }
        blockTime = l1Config.blockTime

        var name = defaultName
        if let v = s["name"] {
            name = try text(v, "name", expected: "a name")
            if name.trimmingSpaces.isEmpty || name.contains("/") || name.contains("\n") || name.contains("\r") {
                throw fail(v, "name", "expected a name without slashes or line breaks, got \(describe(v))")
            }
            if name.utf8.count > 100 {  // it names the results database file
                throw fail(v, "name", "too long: at most 100 bytes (it names the results database), got \(name.utf8.count)")
            }
        }
        var description = ""
        if let v = s["description"], !isNull(v) { description = try text(v, "description", expected: "a text") }
        var seed: UInt64 = 1
        if let v = s["seed"] { seed = try uint64(v, "seed") }
        if let seedOverride { seed = seedOverride }

        let duration = try self.duration(s["duration"] ?? root, "duration", key: "duration")
        var config = ModelConfig(tree: try tree(s["tree"] ?? root), duration: duration)
        config.l1 = l1Config
        if let v = s["update"] { try update(v, into: &config.update) }
        if let v = s["finality"] { try finality(v, into: &config.finality) }
        if let v = s["network"] { try network(v, into: &config.network) }
        if let v = s["proofs"] { config.proofs = try proofs(v) }
        if let v = s["workload"] { try workload(v, into: &config.workload) }
        if let v = s["metrics"] { try metrics(v, into: &config.metrics) }
        if let v = s["provers"] { config.provers = try provers(v) }
        try checkRunSize(config, s)
        try checkGasLimit(config, s)
        if let v = s["forced"] { try forced(v, into: &config.workload.bridge) }
        let nodeCount = Tree.nodeCount(of: config.tree.shape) ?? 0
        if case .pairs(let list) = config.workload.bridge?.destinations {
            for pair in list where Int(pair[0]) >= nodeCount || Int(pair[1]) >= nodeCount {
                throw fail(s["workload"], "workload.bridge.destinations",
                           "the pair [\(pair[0]), \(pair[1])] names a node the tree does not have (it has \(nodeCount))")
            }
        }
        try faultSections(s, into: &config.faults)
        // Building a tree of millions of nodes takes seconds: only for the sections that select nodes.
        let tree = s["sybil"] == nil && s["adversary"] == nil && s["classes"] == nil && s["search"] == nil
            ? Tree(shape: .complete(width: 1, depth: 1))
            : Tree(shape: config.tree.shape, seed: seed)
        try sybil(s, tree: tree, into: &config.faults)
        if let v = s["adversary"] {
            config.faults.adversaries = try adversaries(v, tree: tree, seed: seed, runDuration: config.duration,
                                                        l1Mode: config.l1.mode)
        }
        if let v = s["classes"] { config.classes = try classes(v, tree: tree, seed: seed, config: config) }
        var expectations: [Expectation] = []
        if let v = s["expect"] { expectations = try self.expectations(v) }
        try checkSweepBlocks(s, root: root, defaultName: defaultName, seedOverride: seedOverride)
        try checkSearchBlock(s, root: root, tree: tree, shape: config.tree.shape, defaultName: defaultName, seedOverride: seedOverride)
        return Resolved(name: name, description: description, seed: seed, config: config, expectations: expectations)
    }
}

/// The file's base name without its extension (`scenarios/x.yaml` → `x`), or `scenario`.
func baseName(_ path: String) -> String {
    let last = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
    var base = last
    if let dot = last.lastIndex(of: "."), dot != last.startIndex { base = String(last[..<dot]) }
    return base.isEmpty ? "scenario" : base
}

/// Reading `expect:`: dotted summary names mapped to a value or a comparison string.
extension Ctx {
    /// The expectations in file order.
    func expectations(_ node: Node) throws(ScenarioError) -> [Expectation] {
        let s = try Section(node, path: "expect", allowed: nil, ctx: self,
                            expected: "a mapping of summary names to values, e.g. { victims: 0 }")
        var result: [Expectation] = []
        for entry in s.entries {
            let path = s.sub(entry.key)
            if entry.key.trimmingSpaces.isEmpty { throw fail(entry.keyNode, path, "expected a summary name") }
            if let names = summaryNames, !names.contains(entry.key) {
                throw fail(entry.keyNode, path, "no summary figure of that name (the README lists them)",
                           suggestion: Suggest.best(entry.key, among: names).map { "expect." + $0 })
            }
            let raw = try text(entry.value, path,
                               expected: "a value or a comparison such as \"< 5m\", \">= 1\" or holds")
            let (comparison, value) = try expectation(raw, entry.value, path)
            if summaryNames != nil, case .text(let t) = value, !textFigures.contains(entry.key) {
                throw fail(entry.value, path, "expected a number, a duration or a size (optionally after <, <=, >, >=, == or !=), got \"\(t)\"")
            }
            result.append(Expectation(path: entry.key, comparison: comparison, value: value,
                                      source: raw.trimmingSpaces, line: entry.keyNode.mark?.line ?? 0))
        }
        return result
    }

    /// Splits `"< 5m"` into (.lt, .number(300)); a bare value means `==`.
    func expectation(_ raw: String, _ node: Node, _ path: String) throws(ScenarioError) -> (Comparison, ExpectedValue) {
        let t = raw.trimmingSpaces
        var comparison = Comparison.eq
        var rest = t
        let operators: [Comparison] = [.le, .ge, .eq, .ne, .lt, .gt]
        if let op = operators.first(where: { t.hasPrefix($0.rawValue) }) {
            comparison = op
            rest = String(t.dropFirst(op.rawValue.count)).trimmingSpaces
            if rest.isEmpty { throw fail(node, path, "expected a value after \(op.rawValue)") }
        } else if let first = t.unicodeScalars.first, "<>=!".unicodeScalars.contains(first) {
            throw fail(node, path, "expected a comparison <, <=, >, >=, == or != followed by a value, got \"\(t)\"")
        }
        let value = try expectedValue(rest, node, path)
        if case .text = value, comparison != .eq, comparison != .ne {
            throw fail(node, path,
                       "expected a number, a duration or a size after \(comparison.rawValue), got \"\(rest)\"")
        }
        return (comparison, value)
    }

    /// A number, a duration (in seconds), a size (in bytes) or else a word.
    private func expectedValue(_ text: String, _ node: Node, _ path: String) throws(ScenarioError) -> ExpectedValue {
        if let x = Units.number(text) { return .number(x) }
        switch Units.duration(text, blockTime: blockTime) {
        case .value(let micros): return .number(Time.seconds(micros))
        case .invalid(let message) where Units.splitDecimal(text)?.unit != "": throw fail(node, path, message)
        default: break
        }
        switch Units.size(text) {
        case .value(let bytes): return .number(Double(bytes))
        case .invalid(let message) where Units.splitDecimal(text)?.unit != "": throw fail(node, path, message)
        default: break
        }
        return .text(text)
    }
}
