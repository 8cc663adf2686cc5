import SimCore
import Stochastic

/// Sybil validiums (docs/model.md §5): with permissionless admission an attacker adds colluding
/// validiums under a chosen node, each one more vote that never comes; permissioned (staked)
/// admission refuses them. Joins arrive as a Poisson process from the stream `sybil`.
final class SybilAdmission {
    let ctx: ModelContext
    let stream: RandomStream
    /// Validiums admitted and refused.
    private(set) var joined: Int64 = 0
    private(set) var refused: Int64 = 0
    /// Adds an admitted validium under a parent to every mechanism and returns its id (the world's).
    var admit: (Int32) -> Int32 = { _ in -1 }

    /// Wiring: the update cycle schedules the newcomer's rounds.
    var cycle: UpdateCycle!

    init(ctx: ModelContext) {
        self.ctx = ctx
        stream = RandomStream(seed: ctx.seed, name: "sybil")
    }

    /// The next join attempt after `t`, if the attack is configured and still on.
    func scheduleJoins(after t: SimTime) {
        guard let s = ctx.config.faults.sybil, s.rate > 0 else { return }
        let gap = max(1, Time.micros(stream.exponential(mean: 1e6 / s.rate)))
        let at = max(t, s.from) + (t < s.from ? 0 : gap)
        guard at <= ctx.config.duration, at < s.until else { return }
        ctx.schedule(.sybilJoin(under: s.under), at: at)
    }

    /// An attacker validium asks to join under `parent`.
    func join(under parent: Int32) {
        scheduleJoins(after: ctx.now)   // first, so the join times do not depend on admission
        guard ctx.config.faults.admission == .permissionless else {
            refused += 1
            return
        }
        let v = admit(parent)
        joined += 1
        if let e = ctx.every {
            // Its phase: a hash of (seed, id), so that joining draws nothing from the streams.
            let phase = SimTime(RandomStream.derive(seed: ctx.seed, name: "sybil-\(v)") % UInt64(e))
            cycle.scheduleRound(v, at: ctx.now + phase)
        } else {
            cycle.scheduleRound(v, at: ctx.now)
        }
    }
}
