import ValidiumModel

/// The summary's L1 gas line (docs/model.md §8, `l1.gas`).
extension SummaryFormat {
    /// `L1 gas        1,234,567/block mean (max …) · … /h · … /included tx · … per ZKP`, and the queue with `l1.gas_limit`.
    static func gasLine(_ r: RunResults, _ f: (String) -> String) -> String {
        var s = "L1 gas        \(f("l1.gas.per_block.mean"))/block mean (max \(f("l1.gas.per_block.max"))) · \(f("l1.gas.per_hour"))/h · "
            + "\(f("l1.gas.per_tx"))/included tx · \(f("l1.gas.per_zkp"))/ZKP"
        if let limit = r.gas.limit {
            s += " · limit \(grouped(limit)): \(f("l1.gas.deferred")) ZKPs deferred, queue max \(f("l1.gas.queue.max")), "
                + "wait mean \(f("l1.gas.wait.mean")) max \(f("l1.gas.wait.max"))"
        }
        return s
    }
}
