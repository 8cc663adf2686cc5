import SimCore
import Stochastic
import ValidiumModel

/// The L1 gas figures (docs/model.md §8, `l1.gas`): per block, per hour, per included transaction,
/// and the queue that `l1.gas_limit` makes.
extension SummaryBuilder {
    /// `l1.gas.*`, always listed (no value where nothing was measured).
    static func gasFigures(_ r: RunResults) -> [SummaryFigure] {
        let g = r.gas
        let blockSeconds = Time.seconds(r.config.l1.blockTime)
        let hours = Time.seconds(r.simulatedEnd) / 3600
        let total = Double(g.total)
        let blocks = g.perBlock.map(Double.init)
        let included = r.counters.txIncluded
        let waitedZkps = g.deferredZkps
        return [
            .number("l1.gas.total", total, "gas"),
            .number("l1.gas.per_block.mean", Statistics.mean(blocks), "gas"),
            .number("l1.gas.per_block.max", blocks.max(), "gas"),
            .number("l1.gas.per_hour", hours > 0 ? total / hours : nil, "gas"),
            .number("l1.gas.per_tx", included > 0 ? total / Double(included) : nil, "gas"),
            .number("l1.gas.per_zkp", Double(g.perZkp), "gas"),
            .number("l1.gas.zkps", Double(g.zkps), "count"),
            .number("l1.gas.deferred", Double(g.deferredZkps), "count"),
            .number("l1.gas.queue.max", Double(g.maxQueue), "count"),
            .number("l1.gas.wait.mean", waitedZkps > 0 ? Double(g.waitedBlocks) * blockSeconds / Double(waitedZkps) : nil, "s"),
            .number("l1.gas.wait.max", g.limit == nil ? nil : Double(g.maxWaitBlocks) * blockSeconds, "s"),
        ]
    }
}
