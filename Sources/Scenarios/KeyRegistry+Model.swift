import ValidiumModel

/// The keys of the model's sections: tree, L1, rounds, finality, network, proofs, workload, metrics.
extension KeyRegistry {
    static let topKeys: [ScenarioKey] = [
        .init("extends", .text, note: "none", "a scenario file this one builds on, relative to this file (keys here override)"),
        .init("name", .text, note: "the file's name", "names the run and its results database; at most 100 bytes, no slashes or line breaks"),
        .init("description", .text, default: "\"\"", "free text shown in reports"),
        .init("seed", .integer, default: "1", min: 0, "the random seed, below 2^64; --seed overrides it"),
        .init("duration", .duration, note: "required", unit: "µs", min: 0, exclusiveMin: true, "simulated time"),
        .init("tree", .mapping, note: "required", "the validium tree"),
        .init("l1", .mapping, "the L1"),
        .init("update", .mapping, "validium rounds"),
        .init("finality", .mapping, "when the L1 finalizes"),
        .init("network", .mapping, "links between nodes"),
        .init("proofs", .mapping, "proving and verification times"),
        .init("workload", .mapping, "transactions and bridge messages"),
        .init("da", .mapping, "data availability requests"),
        .init("recovery", .keyword, default: "replace", words: ["replace", "exit"], "what a subtree does about a faulty operator: elect a new one, or exit"),
        .init("election", .mapping, "operator elections"),
        .init("exit", .mapping, "exits"),
        .init("adversary", .list, note: "none", "faulty operators: each entry selects nodes, a behaviour and a time window"),
        .init("admission", .keyword, default: "permissioned", words: ["permissioned", "permissionless"], "who may attach new validiums"),
        .init("sybil", .mapping, note: "none", "attacker validiums joining under a node (needs admission: permissionless to succeed)"),
        .init("forced", .mapping, "forced inclusion of bridge messages"),
        .init("provers", .mapping, note: "none", "the prover market"),
        .init("metrics", .mapping, "what a run samples and stores"),
        .init("expect", .special, note: "none", "end-of-run assertions: summary figure → value or comparison (\"< 5m\", \">= 1\", holds)"),
        .init("sweep", .special, note: "none", "a grid of runs: dotted key → list of values; replicates, zip, seeds"),
        .init("bounds", .special, note: "none", "the O(log N) check: tree.depth or tree.nodes → list; replicates, seeds, metric"),
        .init("search", .special, note: "none", "an attack search for fractalsim search: adversary templates, objective, strategy, budget"),
    ]

    static let treeKeys: [ScenarioKey] = [
        .init("tree.shape", .keyword, default: "complete", words: ["complete", "explicit", "random", "levels"], "complete (width and depth or nodes), explicit (parents), random (nodes, children) or levels (levels)"),
        .init("tree.width", .integer, note: "required (complete)", min: 1, max: 1_000, "children per node"),
        .init("tree.depth", .integer, note: "depth or nodes", min: 1, max: 40, "levels below the L1"),
        .init("tree.nodes", .integer, note: "depth or nodes; required (random)", min: 2, max: Double(Ctx.maxNodes), "node count, the L1 included; complete: the last level filled breadth-first"),
        .init("tree.children", .special, default: "{ dist: poisson, mean: 3 }", "random: children per node, a count or { dist: constant|poisson|geometric, value|mean } or { dist: weights, weights: [w0, w1, …] }"),
        .init("tree.max_depth", .integer, note: "none", min: 1, max: 1_000_000, "random: no node deeper than this"),
        .init("tree.seed", .integer, note: "the run's seed", min: 0, "random: the seed the tree is grown from (fix it to keep one tree across replicates)"),
        .init("tree.levels", .special, note: "required (levels)", "levels: children of every node at each depth, [1, 20, 5] = one hub, 20 chains under it, 5 under each"),
        .init("tree.parents", .special, note: "required (explicit)", "the parent of each node 1 … N−1, each below its child: [0, 0, 1]"),
        .init("tree.own_state", .keyword, default: "externalized", words: ["externalized", "inline"], "inline: proving costs proofs.per_tx per own transaction and the state joins the group VM"),
        .init("tree.state_size", .size, default: "1MB", unit: "B", min: 0, "own state size with own_state: inline"),
    ]

    static let l1Keys: [ScenarioKey] = [
        .init("l1.mode", .keyword, default: "pos", words: ["pos", "single_node"], "a PoS chain, or one node secured by the validium consensus"),
        .init("l1.block_time", .duration, default: "12s", unit: "µs", min: 0, max: 3_600_000_000, exclusiveMin: true, "time between L1 blocks (not in blocks)"),
        .init("l1.capacity", .integer, default: "100", min: 1, max: 10_000_000, "messages an L1 block holds"),
        .init("l1.stall_timeout", .duration, default: "10 blocks", unit: "µs", min: 0, exclusiveMin: true, "single_node: time without a final block before the tree re-elects the L1 node"),
        .init("l1.fork_choice", .keyword, default: "heaviest", words: ["heaviest", "first_seen"], "single_node: the fork a validium follows"),
        .init("l1.gas_limit", .integer, default: "unlimited", words: ["unlimited"], min: 1, max: 1e15, "gas per L1 block; validium ZKPs that do not fit wait for the next block (Ethereum: 36000000)"),
        .init("l1.gas", .mapping, "what L1 transactions cost in gas (docs/systems.md gives the sources)"),
        .init("l1.gas.tx_base", .integer, default: "21000", min: 0, max: 1e12, "intrinsic gas of every L1 transaction"),
        .init("l1.gas.verify", .integer, note: "by proof system", min: 0, max: 1e12, "gas to verify one ZKP on the L1: groth16 210000, plonk 300000, plonky2/custom 230000 (Groth16-wrapped), stark 2500000"),
        .init("l1.gas.calldata_byte", .integer, default: "16", min: 0, max: 1e6, "gas per calldata byte (EIP-2028)"),
        .init("l1.gas.proof_bytes", .integer, note: "by proof system", min: 0, max: 1e9, "calldata bytes per ZKP: plonky2 256 (wrapped), others proofs.proof_size"),
        .init("l1.gas.update", .integer, default: "44200", min: 0, max: 1e12, "gas to store a validium's new state on the L1 (two cold SSTOREs)"),
        .init("l1.gas.message", .integer, default: "65200", min: 0, max: 1e12, "gas of one bridge message the L1 processes (via_l1, or forced at the L1)"),
    ]

    static let roundKeys: [ScenarioKey] = [
        .init("update.every", .duration, default: "15s", unit: "µs", min: 0, exclusiveMin: true, "round period (not with mode: eager)"),
        .init("update.mode", .keyword, default: "periodic", words: ["periodic", "eager"], "eager: a round as soon as the last one is published"),
        .init("update.phase", .keyword, default: "random", words: ["random", "aligned"], "phase of periodic rounds"),
        .init("finality.threshold", .number, default: "0.5", min: 0, max: 1, exclusiveMax: true, "final when strictly more than this fraction of N accepts; below 1"),
        .init("finality.window", .integer, default: "exact", words: ["exact"], min: 1, max: 100_000_000, "exact, or the L1 blocks an acceptance counts for"),
    ]

    static let networkKeys: [ScenarioKey] = [
        .init("network.latency", .distribution, default: "{ dist: lognormal, median: 80ms, sigma: 0.5 }", unit: "µs", "one-way message delay"),
        .init("network.bandwidth", .bandwidth, default: "100Mbit/s", unit: "bit/s", words: ["unlimited"], "link bandwidth"),
    ]

    static let proofKeys: [ScenarioKey] = [
        .init("proofs.system", .keyword, default: "plonky2", words: ProofSystem.allCases.map(\.rawValue), "a preset of the values below; custom needs recursion_step, verification and proof_size"),
        .init("proofs.core", .keyword, default: "mock", words: ProofCoreKind.allCases.map(\.rawValue), "real: check real commitments and signatures (same timings)"),
        .init("proofs.recursion_step", .distribution, note: "by system", unit: "µs", "proving time per verified child proof"),
        .init("proofs.proving_fixed", .duration, default: "0s", unit: "µs", min: 0, "proving time per round besides the recursion steps"),
        .init("proofs.verification", .distribution, note: "by system", unit: "µs", "time to verify one proof"),
        .init("proofs.per_tx", .distribution, note: "by system", unit: "µs", "proving time per own transaction (own_state: inline)"),
        .init("proofs.proof_size", .size, note: "by system", unit: "B", min: 0, exclusiveMin: true, "bytes of one proof"),
    ]

    static let workloadKeys: [ScenarioKey] = [
        .init("workload.tx_rate", .rate, default: "5/s", unit: "/s", min: 0, max: 1e6, "own transactions per validium (Poisson)"),
        .init("workload.bridge", .mapping, note: "none", "cross-validium messages"),
    ]

    static let metricsKeys: [ScenarioKey] = [
        .init("metrics.sample_every", .duration, default: "1m", unit: "µs", min: 0, exclusiveMin: true, "time between samples"),
        .init("metrics.trace", .boolean, default: "false", "store every event (for replay --verify and --timeline); run --trace sets it"),
        .init("metrics.tracked_transactions", .integer, default: "100000", min: 0, max: 10_000_000, "transactions followed to finality (a sample)"),
        .init("metrics.tracked_updates", .integer, default: "100000", min: 0, max: 10_000_000, "updates followed to finality (a sample)"),
    ]
}
