import Stochastic

/// Random valid scenarios, small enough to run in a fraction of a second in a debug build: random
/// tree shapes (complete by depth or by nodes, explicit), block times, update rules, finality,
/// latency distributions, proof systems, workloads, sometimes bridging or a faulty operator.
public enum RandomScenario {
    /// One scenario text drawn from `rng`.
    public static func make(_ rng: inout SplitMix64) -> String {
        var y = "name: random-\(rng.below(1_000_000))\n"
        y += "seed: \(rng.below(1 << 30))\n"
        y += "duration: \(rng.int(in: 1...4))m\n"
        var nodes = 0
        y += "tree:\n"
        switch rng.below(3) {
        case 0:
            let width = rng.int(in: 1...3), depth = rng.int(in: 1...3)
            nodes = (0...depth).reduce(0) { total, d in total + Int(pow(width, d)) }
            y += "  shape: complete\n  width: \(width)\n  depth: \(depth)\n"
        case 1:
            nodes = rng.int(in: 2...30)
            y += "  shape: complete\n  width: \(rng.int(in: 2...5))\n  nodes: \(nodes)\n"
        default:
            nodes = rng.int(in: 2...20)
            let parents = (1..<nodes).map { String(rng.below($0)) }
            y += "  shape: explicit\n  parents: [\(parents.joined(separator: ", "))]\n"
        }
        if rng.below(4) == 0 { y += "  own_state: inline\n" }
        y += "l1: { block_time: \(rng.int(in: 2...20))s }\n"
        if rng.below(5) == 0 {
            y += "update: { mode: eager }\n"
        } else {
            y += "update: { every: \(rng.int(in: 5...30))s, phase: \(rng.pick(["random", "aligned"])) }\n"
        }
        y += "finality: { threshold: \(rng.pick(["0", "0.25", "0.5", "0.66", "0.9"])), window: \(rng.below(2) == 0 ? "exact" : String(rng.int(in: 5...50))) }\n"
        let latency = rng.pick(["10ms", "{ dist: constant, value: 15ms }", "{ dist: uniform, min: 5ms, max: 50ms }",
                                "{ dist: exponential, mean: 20ms }", "{ dist: lognormal, median: 30ms, sigma: 0.\(rng.int(in: 1...9)) }",
                                "{ dist: gamma, shape: 2, scale: 10ms }", "{ dist: gamma, shape: 3, mean: 40ms }"])
        y += "network: { latency: \(latency), bandwidth: \(rng.pick(["unlimited", "10Mbit/s", "1Gbit/s", "500kbit/s"])) }\n"
        if rng.below(2) == 0 {
            y += "proofs: { system: \(rng.pick(["groth16", "plonk", "stark", "plonky2"])) }\n"
        } else {
            y += "proofs: { system: custom, recursion_step: \(rng.int(in: 50...500))ms, verification: \(rng.int(in: 1...5))ms, proof_size: \(rng.int(in: 1...100))KB }\n"
        }
        y += "workload:\n  tx_rate: \(rng.pick(["0", "0.5/s", "2/s", "30/m"]))\n"
        if nodes >= 3, rng.below(4) == 0 {
            y += "  bridge: { rate: \(rng.int(in: 1...6))/m, route: \(rng.pick(["direct", "via_l1"])), force_after: \(rng.int(in: 5...30)) blocks }\n"
        }
        y += "metrics: { sample_every: \(rng.pick(["30s", "1m", "90s"])), tracked_transactions: \(rng.int(in: 10...2_000)), tracked_updates: \(rng.int(in: 10...500)) }\n"
        if nodes >= 3, rng.below(4) == 0 {
            let behavior = rng.pick(["offline", "withhold_da", "slow", "collude", "censor"])
            y += "recovery: \(rng.pick(["replace", "exit"]))\n"
            y += "adversary:\n  - nodes: { depth: 1, pick: 1 }\n    behavior: \(behavior)\n    from: \(rng.int(in: 10...50))s\n"
            if behavior == "slow" { y += "    factor: \(rng.int(in: 2...8))\n" }
        }
        return y
    }

    /// `base` raised to `exponent` (small integers).
    static func pow(_ base: Int, _ exponent: Int) -> Double {
        Double((0..<exponent).reduce(1) { acc, _ in acc * base })
    }
}
