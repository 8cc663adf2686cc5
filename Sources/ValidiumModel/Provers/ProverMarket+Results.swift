import SimCore

/// The market's measurements at the end of a run.
extension ProverMarket {
    /// Per-prover rows with shares filled in, the job sample, sorted latencies and totals, as of `end`.
    public func results(end: SimTime) -> ProverResults {
        var r = totals
        r.jobStride = jobStride
        r.submitted = submitted
        r.pending = submitted - Int64(latencies.count)
        r.latencies = latencies.sorted().map { Time.seconds($0) }
        r.jobs = sample
        var out = rows
        var areas = [Double](repeating: 0, count: count)
        var totalWeight = 0.0, totalArea = 0.0, totalRewards = 0.0
        for p in 0..<count {
            areas[p] = weightArea[p] + weight(p) * Double(end - weightSince[p])
            totalWeight += weight(p)
            totalArea += areas[p]
            totalRewards += rows[p].rewards
        }
        for p in 0..<count {
            out[p].stake = stake[p]
            out[p].reputation = ratio[p]
            out[p].reputationShare = totalWeight > 0 ? weight(p) / totalWeight : 0
            out[p].reputationShareMean = totalArea > 0 ? areas[p] / totalArea
                : (totalWeight > 0 ? weight(p) / totalWeight : 0)
            out[p].rewardShare = totalRewards > 0 ? rows[p].rewards / totalRewards : 0
            if current[p] >= 0 { out[p].busy += end - startedAt[p] }
        }
        r.provers = out
        return r
    }
}
