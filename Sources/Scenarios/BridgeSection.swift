import SimCore
import ValidiumModel
import Yams

/// Reading `workload.bridge` and `forced` (docs/model.md §6).
extension Ctx {
    /// `workload.bridge:` rate, destinations, route, freeze, force_after, l1_hash, bots.
    func bridge(_ node: Node) throws(ScenarioError) -> BridgeConfig {
        let path = "workload.bridge"
        let s = try Section(node, path: path, allowed: KeyRegistry.children(of: "workload.bridge"), ctx: self)
        guard let rateNode = s["rate"] else { throw fail(node, s.sub("rate"), "missing required key (messages per validium, e.g. 0.01/s)") }
        var b = BridgeConfig(rate: try rate(rateNode, s.sub("rate")))
        if let v = s["destinations"] {
            if case .sequence(let pairs) = v {
                var list: [[Int32]] = []
                for (k, pair) in pairs.enumerated() {
                    guard case .sequence(let ends) = pair, ends.count == 2 else {
                        throw fail(pair, "\(s.sub("destinations"))[\(k)]", "expected a pair [sender, recipient], got \(describe(pair))")
                    }
                    let a = try int(ends[0], "\(s.sub("destinations"))[\(k)][0]", in: 1...20_000_000)
                    let z = try int(ends[1], "\(s.sub("destinations"))[\(k)][1]", in: 1...20_000_000)
                    if a == z { throw fail(pair, "\(s.sub("destinations"))[\(k)]", "a validium does not bridge to itself") }
                    list.append([Int32(a), Int32(z)])
                }
                if list.isEmpty { throw fail(v, s.sub("destinations"), "expected at least one pair") }
                b.destinations = .pairs(list)
            } else {
                switch try keyword(v, s.sub("destinations"), KeyRegistry.choices("workload.bridge.destinations")) {
                case "siblings": b.destinations = .siblings
                case "far": b.destinations = .far
                default: b.destinations = .uniform
                }
            }
        }
        if let v = s["route"] {
            b.route = BridgeRoute(rawValue: try keyword(v, s.sub("route"), KeyRegistry.choices("workload.bridge.route"))) ?? .direct
        }
        if let v = s["freeze"] { b.freeze = FreezeMode(rawValue: try keyword(v, s.sub("freeze"), KeyRegistry.choices("workload.bridge.freeze"))) ?? .outbound }
        if let v = s["force_after"] { b.forceAfter = try duration(v, s.sub("force_after"), key: "workload.bridge.force_after") }
        if let v = s["l1_hash"] {
            b.l1Hash = L1HashDelivery(rawValue: try keyword(v, s.sub("l1_hash"), KeyRegistry.choices("workload.bridge.l1_hash"))) ?? .viaTree
        }
        if let v = s["bots"] {
            let y = try Section(v, path: s.sub("bots"), allowed: KeyRegistry.children(of: "workload.bridge.bots"), ctx: self)
            if let c = y["count"] { b.bots.count = try int(c, y.sub("count"), in: KeyRegistry.intRange("workload.bridge.bots.count")) }
            if let d = y["delay"] { b.bots.delay = try distribution(d, y.sub("delay")) }
            if let a = y["availability"] { b.bots.availability = try number(a, y.sub("availability"), key: "workload.bridge.bots.availability") }
            if let d = y["duplicate"] { b.bots.duplicate = try number(d, y.sub("duplicate"), key: "workload.bridge.bots.duplicate") }
        }
        return b
    }

    /// `forced: { deadline: N }` — rounds a node has to include a forced message.
    func forced(_ node: Node, into config: inout BridgeConfig?) throws(ScenarioError) {
        let s = try Section(node, path: "forced", allowed: KeyRegistry.children(of: "forced"), ctx: self)
        if let v = s["deadline"] {
            let d = try int(v, s.sub("deadline"), in: KeyRegistry.intRange("forced.deadline"))
            config?.forcedDeadline = d
        }
    }

    /// A number in [0, 1].
    func fraction(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
        let x = try number(node, path)
        guard x >= 0, x <= 1 else { throw fail(node, path, "out of range: expected a probability in [0, 1]") }
        return x
    }
}
