import SimCore

/// The fork-aware L1's rows at the end of a run: blocks, forks, elections, safety.
extension L1 {
    /// The L1 results, and the `blocks` rows (the operator's chain at the end, by height).
    func forkResults() -> (L1Results, [BlockRow]) {
        guard let f = forks else { return (L1Results(), blocks) }
        var out = f.results
        let c = f.chain
        var rows: [BlockRow] = []
        for id in 0..<c.blockCount {
            let b = Int32(id)
            out.blocks.append(L1BlockRow(
                id: b, height: c.height[id], parent: c.parent[id], fork: c.fork[id], produced: c.produced[id],
                finalAt: c.finalAt[id], acceptanceAtFinal: c.acceptanceAtFinal[id], zkps: c.zkps[id], txs: c.txs[id],
                abandoned: c.isDead(b)))
        }
        // `blocks` keeps one row per height: the chain the L1 operator extends at the end.
        var b = c.tip[Int(f.activeForks[0])]
        while b > 0 {
            let id = Int(b)
            rows.append(BlockRow(number: c.height[id], time: c.produced[id], zkpsIncluded: c.zkps[id],
                                 txsIncluded: c.txs[id], finalAt: c.finalAt[id]))
            b = c.parent[id]
        }
        rows.reverse()
        for k in 0..<c.forkCount {
            out.forks.append(ForkRow(id: Int32(k), base: c.base[k], tip: c.tip[k], tipHeight: c.height[Int(c.tip[k])],
                                     operatorGeneration: c.operatorOf[k], createdAt: c.createdAt[k],
                                     aliveUpTo: c.aliveUpTo[k] == .max ? c.height[Int(c.tip[k])] : c.aliveUpTo[k]))
        }
        return (out, rows)
    }
}
