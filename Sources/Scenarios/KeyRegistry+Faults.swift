import ValidiumModel

/// The keys of faults, the bridge, the prover market and the sweep blocks.
extension KeyRegistry {
    static let faultKeys: [ScenarioKey] = [
        .init("da.timeout", .duration, default: "30s", unit: "µs", min: 0, exclusiveMin: true, "time before a DA request counts as refused"),
        .init("election.candidate", .keyword, default: "first_detector", words: ["first_detector", "lowest_id", "random"], "who becomes the new operator"),
        .init("election.timeout", .duration, default: "auto", unit: "µs", words: ["auto"], min: 0, exclusiveMin: true, "no majority by then: the election fails and is retried with the next candidate (auto: 10 update periods)"),
        .init("exit.reattach", .keyword, default: "grandparent", words: ["grandparent", "least_loaded_sibling"], "where exiting children reattach"),
        .init("sybil.rate", .rate, note: "required", unit: "/s", min: 0, max: 1e6, exclusiveMin: true, "joins per second"),
        .init("sybil.under", .integer, note: "required", min: 0, "the node they join under"),
        .init("sybil.from", .duration, default: "0s", unit: "µs", min: 0, "start"),
        .init("sybil.until", .duration, default: "end", unit: "µs", words: ["end"], "end (a duration after from, or end)"),
    ]

    static let adversaryKeys: [ScenarioKey] = [
        .init("adversary[].nodes", .selector, note: "required", "the nodes (not with equivocate or reorg, faults of the L1 node)"),
        .init("adversary[].behavior", .keyword, note: "required", words: Behavior.allCases.map(\.rawValue), "what they do"),
        .init("adversary[].from", .duration, default: "0s", unit: "µs", min: 0, "start"),
        .init("adversary[].until", .duration, default: "end", unit: "µs", words: ["end"], "end (a duration after from, or end)"),
        .init("adversary[].factor", .number, default: "2", min: 0, max: 1_000, exclusiveMin: true, "slow: proving time multiplier"),
        .init("adversary[].children", .special, note: "all", "censor: the children whose messages are dropped, a list of node ids"),
        .init("adversary[].forge", .keyword, default: "update", words: ForgeTarget.allCases.map(\.rawValue), "forge: what is forged (update, burn, vote; fork, replay: refused by check 1; l1_choice: check 3; stale_key: check 2 after an election; drop_child: check 5, by its children)"),
        .init("adversary[].operator", .keyword, default: "original", words: OperatorTarget.allCases.map(\.rawValue), "which operator misbehaves: the original, the first successor an election installs in the window (a bribed successor), or any operator"),
        .init("adversary[].delay", .distribution, note: "required with delay_da", unit: "µs", "delay_da: how late DA requests are answered"),
        .init("adversary[].forks", .integer, default: "2", min: 2, max: 8, "equivocate: forks shown"),
        .init("adversary[].split", .special, default: "even", "equivocate: even, or one fraction of the tree per fork"),
        .init("adversary[].shown_to", .special, note: "none", "equivocate: one node selector per fork (instead of split)"),
        .init("adversary[].depth", .integer, default: "1", min: 1, max: 1_000, "reorg: blocks reorganised"),
        .init("adversary[].nodes.ids", .special, note: "all", "node ids (a list)"),
        .init("adversary[].nodes.depth", .integer, note: "all", min: 1, "nodes at this depth"),
        .init("adversary[].nodes.subtree", .integer, note: "all", min: 0, "the descendants of this node"),
        .init("adversary[].nodes.fraction", .number, note: "all", min: 0, max: 1, exclusiveMin: true, "keep round(f × matched), drawn with the seed"),
        .init("adversary[].nodes.pick", .integer, note: "all", min: 1, "keep k of the matched, drawn with the seed"),
    ]

    static let bridgeKeys: [ScenarioKey] = [
        .init("workload.bridge.rate", .rate, note: "required", unit: "/s", min: 0, max: 1e6, "messages per validium (Poisson)"),
        .init("workload.bridge.destinations", .special, default: "uniform", words: ["uniform", "siblings", "far"], "recipients: a rule, or a list of [sender, recipient] pairs"),
        .init("workload.bridge.route", .keyword, default: "direct", words: ["direct", "via_l1", "direct_only"], "how messages travel"),
        .init("workload.bridge.freeze", .keyword, default: "outbound", words: ["outbound", "full"], "what a frozen validium stops"),
        .init("workload.bridge.force_after", .duration, default: "2m", unit: "µs", min: 0, exclusiveMin: true, "time before a stuck message is forced through the L1"),
        .init("workload.bridge.l1_hash", .keyword, default: "via_tree", words: ["via_tree", "direct"], "how validiums learn L1 hashes"),
        .init("workload.bridge.bots", .mapping, "relay bots"),
        .init("workload.bridge.bots.count", .integer, default: "10", min: 1, max: 1_000_000, "bots"),
        .init("workload.bridge.bots.delay", .distribution, default: "{ dist: exponential, mean: 2s }", unit: "µs", "delay before a bot relays"),
        .init("workload.bridge.bots.availability", .number, default: "0.99", min: 0, max: 1, "probability a bot is up"),
        .init("workload.bridge.bots.duplicate", .number, default: "0", min: 0, max: 1, "probability a relay is duplicated"),
        .init("forced.deadline", .integer, default: "2", min: 1, max: 1_000, "rounds a node has to include a forced message"),
    ]

    static let proverKeys: [ScenarioKey] = [
        .init("provers.pool", .special, note: "required", "a number of provers, or a list of groups { count, stake, speed, invalid_rate }"),
        .init("provers.deadline", .duration, default: "30s", unit: "µs", min: 0, exclusiveMin: true, "time a prover has for a job"),
        .init("provers.window", .integer, default: "100", min: 1, max: 10_000_000, "jobs a reputation remembers"),
        .init("provers.late_penalty", .number, default: "0.5", min: 0, max: 1, "reputation lost for a late proof"),
        .init("provers.recovery", .number, default: "0.05", min: 0, max: 1, "reputation regained per good proof"),
        .init("provers.min_reputation", .number, default: "0.01", min: 0, max: 1, exclusiveMin: true, "below this a prover is not chosen"),
        .init("provers.fine", .number, default: "0.5", min: 0, max: 1, "stake fraction lost for an invalid proof"),
        .init("provers.invalid_rate", .number, default: "0", min: 0, max: 1, "probability a proof is invalid"),
        .init("provers.reward", .number, default: "1", min: 0, max: 1e15, "reward per proof"),
        .init("provers.pool[].count", .integer, default: "1", min: 1, max: Double(Ctx.maxProvers), "provers in the group"),
        .init("provers.pool[].stake", .number, default: "1", min: 0, max: 1e15, exclusiveMin: true, "stake of each"),
        .init("provers.pool[].speed", .factor, default: "1", "speed factor (a number or a distribution)"),
        .init("provers.pool[].invalid_rate", .number, note: "provers.invalid_rate", min: 0, max: 1, "probability a proof of this group is invalid"),
    ]

    static let blockKeys: [ScenarioKey] = [
        .init("sweep.replicates", .integer, default: "1", min: 1, max: 10_000, "runs per point"),
        .init("sweep.zip", .special, note: "none", "axes that advance together: a list of keys, or a list of such lists"),
        .init("sweep.seeds", .keyword, default: "common", words: ["common", "per_point"], "replicate seeds: seed + r, or derived per point"),
        .init("bounds.replicates", .integer, default: "1", min: 1, max: 10_000, "runs per N"),
        .init("bounds.seeds", .keyword, default: "common", words: ["common", "per_point"], "replicate seeds"),
        .init("bounds.metric", .keyword, note: "finality", words: boundsMetrics, "the figure checked"),
    ]
}
