import SimCore
import Stochastic
import ValidiumModel
import Yams

/// Reading `adversary:` (docs/model.md §5): a list of entries, each a node selector, a behaviour and a
/// time window. Selectors are resolved here, on the scenario's tree with the seeded stream
/// `adversary`, so that a selector matching nothing is an input error with its line.
///
/// Selector keys intersect: `ids` (a list), `depth`, `subtree` (the descendants of a node, the node
/// itself excluded); then `fraction` keeps round(f × matched) of them and `pick` keeps k, both
/// drawn without replacement from the matched nodes in id order. The L1 (node 0) is never selected.
extension Ctx {
    /// The adversary entries, selectors resolved.
    func adversaries(_ node: Node, tree: Tree, seed: UInt64, runDuration: SimTime,
                     l1Mode: L1Mode = .pos) throws(ScenarioError) -> [AdversaryEntry] {
        guard case .sequence(let list) = node else {
            if isNull(node) { return [] }
            throw fail(node, "adversary", "expected a list of entries (- nodes: …, behavior: …), got \(describe(node))")
        }
        let stream = RandomStream(seed: seed, name: "adversary")
        var entries: [AdversaryEntry] = []
        for (index, item) in list.enumerated() {
            let path = "adversary[\(index)]"
            let s = try Section(item, path: path, allowed: KeyRegistry.children(of: "adversary[]"),
                                ctx: self, expected: "an entry with nodes and behavior")
            guard let behaviorNode = s["behavior"] else { throw fail(item, s.sub("behavior"), "missing required key") }
            let word = try keyword(behaviorNode, s.sub("behavior"), KeyRegistry.choices("adversary[].behavior"),
                                   unsupported: ["honest": " (honest is the default)"])
            let behavior = Behavior(rawValue: word) ?? .offline
            let l1Only = behavior == .equivocate || behavior == .reorg
            let nodes: [Int32]
            if l1Only {
                if let k = s.keyNode("nodes") {
                    throw fail(k, s.sub("nodes"), "\(word) is a fault of the L1 node (node 0): remove nodes")
                }
                nodes = [0]
            } else {
                guard let nodesNode = s["nodes"] else { throw fail(item, s.sub("nodes"), "missing required key (a node selector)") }
                for key in ["forks", "split", "shown_to", "depth"] {
                    if let k = s.keyNode(key) { throw fail(k, s.sub(key), "only used with behavior: equivocate or reorg") }
                }
                nodes = try select(nodesNode, path: s.sub("nodes"), tree: tree, stream: stream)
            }
            var entry = AdversaryEntry(nodes: nodes, behavior: behavior)
            if l1Only { entry.l1Fault = try l1Fault(s, behavior: behavior, tree: tree, stream: stream, l1Mode: l1Mode) }
            (entry.from, entry.until) = try window(s)
            if entry.from >= runDuration { throw fail(s["from"], s.sub("from"), "starts after the end of the run (duration)") }
            if let v = s["factor"] {
                guard behavior == .slow else { throw fail(s.keyNode("factor"), s.sub("factor"), "only used with behavior: slow") }
                entry.factor = try number(v, s.sub("factor"), key: "adversary[].factor")
            } else if behavior == .slow {
                entry.factor = 2
            }
            if let v = s["forge"] {
                guard behavior == .forge else { throw fail(s.keyNode("forge"), s.sub("forge"), "only used with behavior: forge") }
                entry.forged = ForgeTarget(rawValue: try keyword(v, s.sub("forge"), KeyRegistry.choices("adversary[].forge"))) ?? .update
            }
            if let v = s["operator"] {
                entry.target = OperatorTarget(rawValue: try keyword(v, s.sub("operator"), KeyRegistry.choices("adversary[].operator"))) ?? .original
            }
            if let v = s["delay"] {
                guard behavior == .delayDA else { throw fail(s.keyNode("delay"), s.sub("delay"), "only used with behavior: delay_da") }
                entry.delay = try distribution(v, s.sub("delay"))
            } else if behavior == .delayDA {
                throw fail(item, s.sub("delay"), "missing required key (how late the parent answers, e.g. { dist: constant, value: 20s })")
            }
            if let v = s["children"] {
                guard behavior == .censor else {
                    throw fail(s.keyNode("children"), s.sub("children"), "only used with behavior: censor")
                }
                entry.censored = try ids(v, s.sub("children"), tree: tree)
            }
            entries.append(entry)
        }
        return entries
    }

    /// Resolves a selector mapping to node ids.
    func select(_ node: Node, path: String, tree: Tree, stream: RandomStream) throws(ScenarioError) -> [Int32] {
        let s = try Section(node, path: path, allowed: KeyRegistry.children(of: "adversary[].nodes"), ctx: self,
                            expected: "a selector such as { depth: 1, pick: 1 } or { ids: [4, 5] }")
        var matched = [Bool](repeating: true, count: tree.count)
        matched[0] = false
        if let v = s["ids"] {
            let chosen = try ids(v, s.sub("ids"), tree: tree)
            var keep = [Bool](repeating: false, count: tree.count)
            for id in chosen { keep[Int(id)] = true }
            for i in 0..<tree.count where !keep[i] { matched[i] = false }
        }
        if let v = s["depth"] {
            let d = try int(v, s.sub("depth"), in: 1...tree.maxDepth)
            for i in 0..<tree.count where tree.depth[i] != Int32(d) { matched[i] = false }
        }
        if let v = s["subtree"] {
            let root = try int(v, s.sub("subtree"), in: 0...(tree.count - 1))
            var inside = [Bool](repeating: false, count: tree.count)
            for i in tree.breadthFirstOrder() where i != root {
                let p = Int(tree.parent[i])
                if p == root || (p >= 0 && inside[p]) { inside[i] = true }
            }
            for i in 0..<tree.count where !inside[i] { matched[i] = false }
        }
        var candidates = (0..<tree.count).filter { matched[$0] }.map { Int32($0) }
        if candidates.isEmpty { throw fail(node, path, "this selector matches no node of the tree") }
        if let v = s["fraction"] {
            let f = try number(v, s.sub("fraction"), key: "adversary[].nodes.fraction")
            candidates = draw(Int((f * Double(candidates.count)).rounded()), from: candidates, stream: stream)
            if candidates.isEmpty { throw fail(v, s.sub("fraction"), "selects no node (fraction × matched rounds to 0)") }
        }
        if let v = s["pick"] {
            let k = try int(v, s.sub("pick"), in: 1...candidates.count)
            candidates = draw(k, from: candidates, stream: stream)
        }
        return candidates
    }

    /// A list of existing validium ids.
    private func ids(_ node: Node, _ path: String, tree: Tree) throws(ScenarioError) -> [Int32] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw fail(node, path, "expected a non-empty list of node ids, got \(describe(node))")
        }
        var out: [Int32] = []
        for (k, item) in items.enumerated() {
            out.append(Int32(try int(item, "\(path)[\(k)]", in: 1...(tree.count - 1))))
        }
        return out.sorted()
    }

    /// k of `from` without replacement (partial Fisher–Yates), returned in id order.
    private func draw(_ k: Int, from: [Int32], stream: RandomStream) -> [Int32] {
        var pool = from
        let k = min(k, pool.count)
        for i in 0..<k {
            let j = i + Int(stream.uniformInt(UInt64(pool.count - i)))
            pool.swapAt(i, j)
        }
        return Array(pool[0..<k]).sorted()
    }

    /// `da:`, `recovery:`, `election:`, `exit:` (docs/model.md §5).
    func faultSections(_ s: Section, into config: inout FaultConfig) throws(ScenarioError) {
        if let v = s["da"] {
            let d = try Section(v, path: "da", allowed: KeyRegistry.children(of: "da"), ctx: self)
            if let t = d["timeout"] { config.daTimeout = try duration(t, d.sub("timeout"), key: "da.timeout") }
        }
        if let v = s["recovery"] {
            config.recovery = RecoveryMode(rawValue: try keyword(v, "recovery", KeyRegistry.choices("recovery"))) ?? .replace
        }
        if let v = s["election"] {
            let e = try Section(v, path: "election", allowed: KeyRegistry.children(of: "election"), ctx: self)
            if let t = e["timeout"], !(t.scalar?.string == "auto") {
                config.electionTimeout = try duration(t, e.sub("timeout"), key: "election.timeout")
            }
            if let c = e["candidate"] {
                config.candidate = CandidateRule(rawValue: try keyword(c, e.sub("candidate"),
                                                                        KeyRegistry.choices("election.candidate"))) ?? .firstDetector
            }
        }
        if let v = s["exit"] {
            let e = try Section(v, path: "exit", allowed: KeyRegistry.children(of: "exit"), ctx: self)
            if let r = e["reattach"] {
                config.reattach = ReattachRule(rawValue: try keyword(r, e.sub("reattach"),
                                                                     KeyRegistry.choices("exit.reattach"))) ?? .grandparent
            }
        }
    }

    /// `admission:` and `sybil:` (docs/model.md §5): attacker validiums joining under a node.
    func sybil(_ s: Section, tree: Tree, into config: inout FaultConfig) throws(ScenarioError) {
        if let v = s["admission"] {
            config.admission = Admission(rawValue: try keyword(v, "admission", KeyRegistry.choices("admission"))) ?? .permissioned
        }
        guard let v = s["sybil"] else { return }
        let y = try Section(v, path: "sybil", allowed: KeyRegistry.children(of: "sybil"), ctx: self)
        guard let rateNode = y["rate"] else { throw fail(v, y.sub("rate"), "missing required key (joins per second, e.g. 10/m)") }
        guard let underNode = y["under"] else { throw fail(v, y.sub("under"), "missing required key (the node they join under)") }
        let rate = try self.rate(rateNode, y.sub("rate"))
        guard rate > 0 else { throw fail(rateNode, y.sub("rate"), "must be positive") }
        var sybil = SybilConfig(rate: rate, under: Int32(try int(underNode, y.sub("under"), in: 0...(tree.count - 1))))
        (sybil.from, sybil.until) = try window(y)
        config.sybil = sybil
    }

    /// A time window `from` (default 0) … `until` (a duration or `end`, default the end).
    func window(_ s: Section) throws(ScenarioError) -> (from: SimTime, until: SimTime) {
        var from: SimTime = 0, until: SimTime = .max
        if let v = s["from"] { from = try duration(v, s.sub("from"), positive: false) }
        if let v = s["until"] {
            if case .scalar(let sc) = v, sc.string.trimmingSpaces == "end" { return (from, .max) }
            until = try duration(v, s.sub("until"), positive: true)
            if until <= from { throw fail(v, s.sub("until"), "must be later than from") }
        }
        return (from, until)
    }
}
