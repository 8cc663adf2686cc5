import SimCore
import Stochastic
import ValidiumModel
import Yams

/// Reading the sections other than `tree` and `expect`; each fills in the config's defaults.
extension Ctx {
    /// `l1:` (docs/model.md §8): mode, block time, capacity; single_node: stall timeout and fork choice.
    func l1(_ node: Node, into config: inout L1Config) throws(ScenarioError) {
        let s = try Section(node, path: "l1", allowed: KeyRegistry.children(of: "l1"), ctx: self)
        if let v = s["capacity"] { config.messageCapacity = try int(v, s.sub("capacity"), in: KeyRegistry.intRange("l1.capacity")) }
        if let v = s["mode"] {
            config.mode = L1Mode(rawValue: try keyword(v, s.sub("mode"), KeyRegistry.choices("l1.mode"))) ?? .pos
        }
        if let v = s["block_time"] {
            config.blockTime = try duration(v, s.sub("block_time"), key: "l1.block_time")
        }
        // stall_timeout and fork_choice only act with single_node; they are accepted with pos so
        // that `--set l1.mode=pos` compares the same file under a PoS L1.
        var blocks = self
        blocks.blockTime = config.blockTime
        config.stallTimeout = 10 * config.blockTime
        if let v = s["stall_timeout"] {
            config.stallTimeout = try blocks.duration(v, s.sub("stall_timeout"), key: "l1.stall_timeout")
        }
        if let v = s["fork_choice"] {
            config.forkChoice = ForkChoiceRule(rawValue: try keyword(v, s.sub("fork_choice"), KeyRegistry.choices("l1.fork_choice"))) ?? .heaviest
        }
        try l1Gas(s, into: &config)
    }

    /// `update:` (docs/model.md §3.1 rule 4): `every` or `mode`, and `phase`.
    func update(_ node: Node, into config: inout UpdateConfig) throws(ScenarioError) {
        let s = try Section(node, path: "update", allowed: KeyRegistry.children(of: "update"), ctx: self)
        var mode = "periodic"
        if let v = s["mode"] { mode = try keyword(v, s.sub("mode"), KeyRegistry.choices("update.mode")) }
        if mode == "eager" {
            if let k = s.keyNode("every") {
                throw fail(k, s.sub("every"), "cannot be combined with update.mode: eager (eager rounds have no period)")
            }
            config.mode = .eager
        } else if let v = s["every"] {
            config.mode = .periodic(every: try duration(v, s.sub("every"), key: "update.every"))
        }
        if let v = s["phase"] {
            config.phase = PhasePolicy(rawValue: try keyword(v, s.sub("phase"), KeyRegistry.choices("update.phase"))) ?? .random
        }
    }

    /// `finality:` (docs/model.md §4, §3.1 rule 10).
    func finality(_ node: Node, into config: inout FinalityConfig) throws(ScenarioError) {
        let s = try Section(node, path: "finality", allowed: KeyRegistry.children(of: "finality"), ctx: self)
        if let v = s["threshold"] {
            config.threshold = try number(v, s.sub("threshold"), key: "finality.threshold")
        }
        if let v = s["window"] {
            if case .scalar(let sc) = v, sc.string.trimmingSpaces == "exact" {
                config.windowBlocks = nil
            } else {
                guard case .scalar(let sc) = v, Units.number(sc.string) != nil else {
                    throw fail(v, s.sub("window"), "expected exact or a positive number of L1 blocks, got \(describe(v))")
                }
                config.windowBlocks = try int(v, s.sub("window"), in: KeyRegistry.intRange("finality.window"))
            }
        }
    }

    /// `network:`: latency distribution and bandwidth.
    func network(_ node: Node, into config: inout NetworkConfig) throws(ScenarioError) {
        let s = try Section(node, path: "network", allowed: KeyRegistry.children(of: "network"), ctx: self)
        if let v = s["latency"] { config.latency = try distribution(v, s.sub("latency")) }
        if let v = s["bandwidth"] { config.bandwidthBitsPerSecond = try bandwidth(v, s.sub("bandwidth")) }
    }

    /// `proofs:` (docs/model.md §9): a preset, then explicit values.
    func proofs(_ node: Node) throws(ScenarioError) -> ProofConfig {
        let s = try Section(node, path: "proofs",
                            allowed: KeyRegistry.children(of: "proofs"),
                            ctx: self)
        var system = ProofSystem.plonky2
        if let v = s["system"] {
            let name = try keyword(v, s.sub("system"), KeyRegistry.choices("proofs.system"))
            system = ProofSystem(rawValue: name) ?? .plonky2
        }
        var config = ProofConfig(system: system)
        if let v = s["core"] {
            config.core = ProofCoreKind(rawValue: try keyword(v, s.sub("core"), KeyRegistry.choices("proofs.core"))) ?? .mock
        }
        if system == .custom {
            for key in ["recursion_step", "verification", "proof_size"] where s[key] == nil {
                throw fail(s.node, s.sub(key), "missing required key (system: custom needs recursion_step, verification and proof_size)")
            }
        }
        if let v = s["recursion_step"] { config.recursionStep = try distribution(v, s.sub("recursion_step")) }
        if let v = s["verification"] { config.verification = try distribution(v, s.sub("verification")) }
        if let v = s["proving_fixed"] { config.provingFixed = try duration(v, s.sub("proving_fixed"), key: "proofs.proving_fixed") }
        if let v = s["per_tx"] { config.perTransaction = try distribution(v, s.sub("per_tx")) }
        if let v = s["proof_size"] { config.proofSize = try size(v, s.sub("proof_size"), key: "proofs.proof_size") }
        return config
    }

    /// `workload:`: own transaction rate.
    func workload(_ node: Node, into config: inout WorkloadConfig) throws(ScenarioError) {
        let s = try Section(node, path: "workload", allowed: KeyRegistry.children(of: "workload"), ctx: self)
        if let v = s["tx_rate"] { config.txRate = try rate(v, s.sub("tx_rate")) }
        if let v = s["bridge"] { config.bridge = try bridge(v) }
    }

    /// `metrics:`: sampling interval, tracking targets, trace.
    func metrics(_ node: Node, into config: inout MetricsConfig) throws(ScenarioError) {
        let s = try Section(node, path: "metrics",
                            allowed: KeyRegistry.children(of: "metrics"), ctx: self)
        if let v = s["sample_every"] { config.sampleEvery = try duration(v, s.sub("sample_every"), key: "metrics.sample_every") }
        if let v = s["trace"] { config.trace = try bool(v, s.sub("trace")) }
        if let v = s["tracked_transactions"] {
            config.trackedTransactions = try int(v, s.sub("tracked_transactions"), in: KeyRegistry.intRange("metrics.tracked_transactions"))
        }
        if let v = s["tracked_updates"] {
            config.trackedUpdates = try int(v, s.sub("tracked_updates"), in: KeyRegistry.intRange("metrics.tracked_updates"))
        }
    }
}
