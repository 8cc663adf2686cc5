import SimCore
import Stochastic
import ValidiumModel
import Yams

/// Reading `provers:` (docs/model.md §9, the prover market; docs/prover-market.md).
extension Ctx {
    /// Most provers a pool may have (selection scans the pool once per job).
    static let maxProvers = 100_000

    /// `provers:` pool, deadline, window, late_penalty, recovery, min_reputation, fine, invalid_rate, reward.
    func provers(_ node: Node) throws(ScenarioError) -> ProverMarketConfig {
        let s = try Section(node, path: "provers", allowed: KeyRegistry.children(of: "provers"), ctx: self)
        guard let poolNode = s["pool"] else {
            throw fail(s.node, s.sub("pool"), "missing required key (a number of provers, e.g. pool: 8, or a list of "
                       + "groups such as [{ count: 4, stake: 100, speed: 1 }])")
        }
        var m = ProverMarketConfig(pool: try proverPool(poolNode, s.sub("pool")))
        if let v = s["deadline"] { m.deadline = try duration(v, s.sub("deadline"), key: "provers.deadline") }
        if let v = s["window"] { m.window = try int(v, s.sub("window"), in: KeyRegistry.intRange("provers.window")) }
        if let v = s["late_penalty"] { m.latePenalty = try number(v, s.sub("late_penalty"), key: "provers.late_penalty") }
        if let v = s["recovery"] { m.recovery = try number(v, s.sub("recovery"), key: "provers.recovery") }
        if let v = s["min_reputation"] {
            m.minReputation = try fraction(v, s.sub("min_reputation"))
            if m.minReputation <= 0 { throw fail(v, s.sub("min_reputation"), "must be positive (a prover at 0 could never earn reputation back), got 0") }
        }
        if let v = s["fine"] { m.fine = try number(v, s.sub("fine"), key: "provers.fine") }
        if let v = s["invalid_rate"] { m.invalidRate = try number(v, s.sub("invalid_rate"), key: "provers.invalid_rate") }
        if let v = s["reward"] { m.reward = try number(v, s.sub("reward"), key: "provers.reward") }
        return m
    }

    /// `pool: N` (N provers of stake 1 and speed 1) or a list of groups.
    func proverPool(_ node: Node, _ path: String) throws(ScenarioError) -> [ProverGroup] {
        var groups: [ProverGroup] = []
        if case .sequence(let items) = node {
            for (k, item) in items.enumerated() {
                let p = "\(path)[\(k)]"
                let g = try Section(item, path: p, allowed: KeyRegistry.children(of: "provers.pool[]"), ctx: self,
                                    expected: "a group such as { count: 4, stake: 100, speed: 1 }")
                var group = ProverGroup(count: 1)
                if let v = g["count"] { group.count = try int(v, g.sub("count"), in: 1...Ctx.maxProvers) }
                if let v = g["stake"] {
                    group.stake = try nonNegative(v, g.sub("stake"))
                    if group.stake <= 0 { throw fail(v, g.sub("stake"), "must be positive (a prover without stake is never chosen)") }
                }
                if let v = g["speed"] { group.speed = try factorDistribution(v, g.sub("speed")) }
                if let v = g["invalid_rate"] { group.invalidRate = try number(v, g.sub("invalid_rate"), key: "provers.pool[].invalid_rate") }
                groups.append(group)
            }
            if groups.isEmpty { throw fail(node, path, "expected at least one group of provers") }
        } else if case .scalar = node, !isNull(node) {
            groups = [ProverGroup(count: try int(node, path, in: 1...Ctx.maxProvers))]
        } else {
            throw fail(node, path, "expected a number of provers or a list of groups such as "
                       + "[{ count: 4, stake: 100, speed: 1 }], got \(describe(node))")
        }
        let total = groups.reduce(0) { $0 + $1.count }
        if total > Ctx.maxProvers {
            throw fail(node, path, "too many provers: at most \(grouped(Int64(Ctx.maxProvers))), got \(grouped(Int64(total)))")
        }
        return groups
    }

    /// A finite number ≥ 0.
    func nonNegative(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
        let x = try number(node, path)
        guard x >= 0, x < 1e15 else { throw fail(node, path, x < 0 ? "must not be negative, got \(x)" : "out of range: at most 1e15, got \(x)") }
        return x
    }

    /// A distribution of a dimensionless positive factor: a plain number means `constant`, else
    /// `{ dist: lognormal, median: 2, sigma: 0.3 }` with the parameters of `distribution` as numbers.
    func factorDistribution(_ node: Node, _ path: String) throws(ScenarioError) -> Distribution {
        if case .scalar = node, !isNull(node) {
            let x = try nonNegative(node, path)
            if x <= 0 { throw fail(node, path, "must be positive (a factor such as 1 or 0.5), got \(x)") }
            return .constant(x)
        }
        let (name, keys, section) = try distSection(
            node, path, example: "a number or a distribution such as { dist: lognormal, median: 1, sigma: 0.3 }")
        func value(_ key: String, positive: Bool) throws(ScenarioError) -> Double {
            guard let v = section[key] else {
                let needs = name == "gamma" ? "shape and either scale or mean" : keys.joined(separator: " and ")
                throw fail(node, join(path, key), "missing required key (dist: \(name) needs \(needs))")
            }
            let x = try nonNegative(v, join(path, key))
            if positive, x <= 0 { throw fail(v, join(path, key), "must be positive, got \(x)") }
            return x
        }
        switch name {
        case "constant": return .constant(try value("value", positive: true))
        case "uniform":
            let lo = try value("min", positive: true), hi = try value("max", positive: true)
            if lo > hi, let maxNode = section["max"] { throw fail(maxNode, join(path, "max"), "must be at least min (\(lo)), got \(hi)") }
            return .uniform(min: lo, max: hi)
        case "exponential": return .exponential(mean: try value("mean", positive: true))
        case "lognormal":
            let median = try value("median", positive: true), sigma = try value("sigma", positive: false)
            if sigma > 10, let v = section["sigma"] { throw fail(v, join(path, "sigma"), "out of range: at most 10, got \(sigma)") }
            return .lognormal(median: median, sigma: sigma)
        default:
            let shape = try value("shape", positive: true)
            if section["scale"] != nil, let meanKey = section.keyNode("mean") {
                throw fail(meanKey, join(path, "mean"), "give either scale or mean, not both")
            }
            if section["mean"] != nil { return .gamma(shape: shape, scale: try value("mean", positive: true) / shape) }
            return .gamma(shape: shape, scale: try value("scale", positive: true))
        }
    }
}

extension Canonical {
    /// The `provers.*` lines of a market, pool groups resolved.
    static func provers(_ m: ProverMarketConfig) -> [(String, String)] {
        let groups = m.pool.map { g in
            "{ count: \(g.count), stake: \(number(g.stake)), speed: \(factor(g.speed))"
                + (g.invalidRate.map { ", invalid_rate: \(number($0))" } ?? "") + " }"
        }
        return [("provers.pool", "[" + groups.joined(separator: ", ") + "]"),
                ("provers.deadline", micros(m.deadline)), ("provers.window", String(m.window)),
                ("provers.late_penalty", number(m.latePenalty)), ("provers.recovery", number(m.recovery)),
                ("provers.min_reputation", number(m.minReputation)),
                ("provers.fine", number(m.fine)), ("provers.invalid_rate", number(m.invalidRate)),
                ("provers.reward", number(m.reward))]
    }

    /// A dimensionless distribution as a flow mapping, `dist` first, then its parameters alphabetically.
    static func factor(_ d: Distribution) -> String {
        switch d {
        case .constant(let v): return "{ dist: constant, value: \(number(v)) }"
        case .uniform(let a, let b): return "{ dist: uniform, max: \(number(b)), min: \(number(a)) }"
        case .exponential(let m): return "{ dist: exponential, mean: \(number(m)) }"
        case .lognormal(let m, let s): return "{ dist: lognormal, median: \(number(m)), sigma: \(number(s)) }"
        case .gamma(let k, let theta): return "{ dist: gamma, scale: \(number(theta)), shape: \(number(k)) }"
        }
    }
}
