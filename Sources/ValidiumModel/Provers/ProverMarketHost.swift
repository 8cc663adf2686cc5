import SimCore

/// The prover market in the model (docs/model.md §9, `provers:`): a round's proving job goes to the
/// market instead of taking the timing model's time on the validium itself; the round's `proveDone`
/// is scheduled when the market has a valid proof. This adapter turns the market's effects into
/// scheduled events, in the market's order.
final class ProverMarketHost {
    let ctx: ModelContext
    private(set) var market: ProverMarket

    /// The market of `ctx.config.provers`; nil without a `provers:` section.
    init?(ctx: ModelContext) {
        guard let config = ctx.config.provers else { return nil }
        self.ctx = ctx
        let jobStride = ProverMarketHost.proofJobStride(ctx.config, validiums: ctx.n - 1)
        market = ProverMarket(config: config, seed: ctx.seed, jobStride: jobStride)
    }

    /// Keep one job in this many in the `proof_jobs` sample: about `metrics.tracked_updates` jobs
    /// over the run (one job per validium round).
    static func proofJobStride(_ config: ModelConfig, validiums: Int) -> Int64 {
        let round: Double
        switch config.update.mode {
        case .periodic(let e): round = Double(e)
        case .eager: round = Swift.max(1, config.proofs.recursionStep.mean * 2)
        }
        let expected = Double(validiums) * Double(config.duration) / round
        let target = Double(Swift.max(1, config.metrics.trackedUpdates))
        return Swift.max(1, Int64((expected / target).rounded(.up)))
    }

    /// Hands `v`'s proving job (ZKP record `r`, reference work `work` µs) to the market.
    func submit(_ v: Int32, record r: Int32, work: SimTime) {
        market.submit(node: v, record: r, work: work, now: ctx.now)
        scheduleEffects()
    }

    /// Handles one of the market's events.
    func handle(_ e: ProverEvent) {
        switch e {
        case .done(let p, let a, let g): market.finished(prover: p, assignment: a, generation: g, now: ctx.now)
        case .deadline(let p, let a, let g): market.deadlinePassed(prover: p, assignment: a, generation: g, now: ctx.now)
        }
        scheduleEffects()
    }

    /// The market's results at the end of the run.
    func results() -> ProverResults { market.results(end: ctx.now) }

    /// Schedules what the market asked for, in its order.
    private func scheduleEffects() {
        for effect in market.effects {
            switch effect {
            case .finish(let p, let a, let g, let at):
                ctx.schedule(.prover(.done(prover: p, assignment: a, generation: g)), at: at)
            case .deadline(let p, let a, let g, let at):
                ctx.schedule(.prover(.deadline(prover: p, assignment: a, generation: g)), at: at)
            case .proven(let v, let r):
                ctx.schedule(.round(.proveDone(node: v, record: r)), at: ctx.now)
            }
        }
        market.effects.removeAll(keepingCapacity: true)
    }
}
