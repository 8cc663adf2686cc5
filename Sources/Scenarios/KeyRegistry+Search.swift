/// The keys of the `search:` block (`fractalsim search`): adversary templates, objective, strategy.
extension KeyRegistry {
    static let searchKeys: [ScenarioKey] = [
        .init("search.adversary", .special, note: "required", "adversary templates (a non-empty list): behavior, operators, nodes, and any adversary[] key, each a value or { one_of: [...] }"),
        .init("search.adversary[].behavior", .special, note: "required", "a behaviour, or { one_of: [...] } of node behaviours or of L1 faults (equivocate, reorg)"),
        .init("search.adversary[].operators", .special, default: "1", "how many operators: an integer, { min, max } (searched), or { fraction: f } of the validiums; none for an L1 fault without nodes"),
        .init("search.adversary[].nodes", .special, note: "every validium", "where operators may sit: a selector with ids, depth, subtree (no fraction, pick), or a list of them (their union); equivocate: the nodes that may be shown the second fork"),
        .init("search.objective", .mapping, note: "required", "what the adversary aims for: maximize or minimize, and subject_to"),
        .init("search.objective.maximize", .text, note: "maximize or minimize", "a summary figure to make large (the names expect: takes), or operators"),
        .init("search.objective.minimize", .text, note: "maximize or minimize", "a summary figure to make small, or operators (the smallest coalition)"),
        .init("search.objective.subject_to", .text, note: "none", "a constraint FIGURE OP VALUE (\"elections.failed > 0\"), compared like expect: values; candidates breaking it are infeasible"),
        .init("search.strategy", .keyword, default: "local", words: SearchStrategy.allCases.map(\.rawValue), "exhaustive (every candidate), random (samples drawn), local (samples, then hill climbing)"),
        .init("search.samples", .integer, default: "16", min: 1, max: 100_000, "candidates drawn by random, and the starts of local"),
        .init("search.budget", .integer, default: "64", min: 1, max: 1_000_000, "local: the most runs (candidates × replicates, samples included)"),
        .init("search.neighbors", .integer, default: "8", min: 1, max: 10_000, "local: neighbours tried per step"),
        .init("search.max_candidates", .integer, default: "10000", min: 1, max: 10_000_000, "exhaustive: the largest space accepted"),
        .init("search.replicates", .integer, default: "1", min: 1, max: 10_000, "runs per candidate (judged on their mean)"),
        .init("search.seeds", .keyword, default: "common", words: ["common", "per_point"], "replicate seeds: seed + r, or derived per candidate (as sweep.seeds)"),
        .init("search.seed", .integer, note: "the scenario's seed", min: 0, "the seed of the draws of random and local"),
    ]
}
