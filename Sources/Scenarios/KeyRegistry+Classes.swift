import ValidiumModel

/// The keys of `classes:` (operator classes: per-node overrides).
extension KeyRegistry {
    static let classKeys: [ScenarioKey] = [
        .init("classes", .list, note: "none", "operator classes: each entry selects validiums and overrides their proving, transactions, rounds or links"),
        .init("classes[].name", .text, note: "class1, class2, …", "the class's name in rows and summaries"),
        .init("classes[].nodes", .selector, note: "required", "its validiums (a node is in at most one class)"),
        .init("classes[].proving_factor", .number, default: "1", min: 0, max: 1_000, exclusiveMin: true, "proving time multiplier (slower or faster hardware)"),
        .init("classes[].recursion_step", .distribution, note: "proofs.recursion_step", unit: "µs", "its own recursion step"),
        .init("classes[].tx_rate", .rate, note: "workload.tx_rate", unit: "/s", min: 0, max: 1e6, "own transactions per second of each member"),
        .init("classes[].update_every", .duration, note: "update.every", unit: "µs", min: 0, exclusiveMin: true, "round period of each member (periodic updates only)"),
        .init("classes[].latency", .distribution, note: "network.latency", unit: "µs", "one-way delay of a member's link to its parent"),
        .init("classes[].bandwidth", .bandwidth, note: "network.bandwidth", unit: "bit/s", "bandwidth of a member's link to its parent"),
    ]
}
