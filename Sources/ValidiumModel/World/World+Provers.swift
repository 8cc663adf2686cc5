import SimCore

/// The prover market hook (MODEL.md §9, `provers:`): a round's proving job goes to the market
/// instead of taking the timing model's time on the validium itself; the round's `proveDone` is
/// scheduled when the market has a valid proof.
extension World {
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
    func submitProvingJob(_ v: Int32, record r: Int32, work: SimTime) {
        market!.submit(node: v, record: r, work: work, now: engine.now)
        applyMarketEffects()
    }

    /// A prover finished an assignment.
    func proverFinished(_ e: ModelEvent) {
        market!.finished(prover: e.node, assignment: e.arg, generation: e.aux, now: engine.now)
        applyMarketEffects()
    }

    /// An assignment's deadline fell.
    func proverDeadlinePassed(_ e: ModelEvent) {
        market!.deadlinePassed(prover: e.node, assignment: e.arg, generation: e.aux, now: engine.now)
        applyMarketEffects()
    }

    /// Schedules what the market asked for, in its order.
    func applyMarketEffects() {
        for effect in market!.effects {
            switch effect {
            case .finish(let p, let a, let g, let at):
                engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.proverDone, node: p, arg: a, aux: g))
            case .deadline(let p, let a, let g, let at):
                engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.proverDeadline, node: p, arg: a, aux: g))
            case .proven(let v, let r):
                engine.schedule(at: engine.now, phase: EventPhase.delivery, ModelEvent(.proveDone, node: v, arg: r))
            }
        }
        market!.effects.removeAll(keepingCapacity: true)
    }
}
