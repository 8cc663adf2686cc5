/// Every mechanism of one run, built on a shared context and wired to the mechanisms each one
/// asks. The world holds one and routes events to it; mechanism tests build one on a tiny tree and
/// call its members at explicit times, without an engine.
final class Mechanisms {
    let ctx: ModelContext
    let cycle: UpdateCycle
    let behaviors: Behaviors
    let elections: Elections
    let exits: Exits
    let admission: SybilAdmission
    let bridge: Bridge
    let forced: ForcedRouting
    let l1: L1
    let proofs: ProofChecks
    let market: ProverMarketHost?
    let sampler: Sampler

    /// The mechanisms of `ctx`'s configuration. Pool records are allocated in a fixed order (the
    /// genesis ZKPs, then the L1's root view), so record ids, which events carry, never move.
    init(ctx: ModelContext) {
        self.ctx = ctx
        proofs = ProofChecks(ctx: ctx)
        behaviors = Behaviors(ctx: ctx)
        elections = Elections(ctx: ctx)
        exits = Exits(ctx: ctx)
        admission = SybilAdmission(ctx: ctx)
        bridge = Bridge(ctx: ctx)
        forced = ForcedRouting(ctx: ctx)
        l1 = L1(ctx: ctx)
        market = ProverMarketHost(ctx: ctx)
        // The genesis ZKPs: the first pool records.
        cycle = UpdateCycle(ctx: ctx, behaviors: behaviors, elections: elections, bridge: bridge, forced: forced, l1: l1,
                            proofs: proofs, market: market)
        sampler = Sampler(ctx: ctx)
        wire()
        l1.allocateRootRecord()
        cycle.reshape(parents: ctx.tree.parent)
    }

    /// The mechanisms refer to each other strongly (a stored `let`/`var` reference is called without
    /// retaining it; an unowned one is retained at every call): the cycles are broken here.
    deinit {
        behaviors.cycle = nil; behaviors.elections = nil; behaviors.exits = nil; behaviors.l1 = nil
        elections.behaviors = nil; elections.proofs = nil; elections.cycle = nil; elections.forced = nil
        exits.behaviors = nil; exits.cycle = nil
        admission.cycle = nil
        bridge.behaviors = nil; bridge.cycle = nil; bridge.proofs = nil; bridge.forced = nil
        forced.bridge = nil; forced.behaviors = nil; forced.cycle = nil; forced.proofs = nil
        l1.cycle = nil; l1.behaviors = nil; l1.exits = nil; l1.bridge = nil; l1.proofs = nil
        proofs.behaviors = nil; proofs.cycle = nil
        sampler.l1 = nil; sampler.cycle = nil
    }

    /// Tells each mechanism which others it asks.
    private func wire() {
        behaviors.cycle = cycle; behaviors.elections = elections; behaviors.exits = exits; behaviors.l1 = l1
        elections.behaviors = behaviors; elections.proofs = proofs; elections.cycle = cycle
        elections.forced = bridge.isOn ? forced : nil
        exits.behaviors = behaviors; exits.cycle = cycle
        admission.cycle = cycle
        admission.admit = { [unowned(unsafe) self] parent in self.addNode(under: parent) }
        bridge.behaviors = behaviors; bridge.cycle = cycle; bridge.proofs = proofs; bridge.forced = forced
        forced.bridge = bridge; forced.behaviors = behaviors; forced.cycle = cycle; forced.proofs = proofs
        l1.cycle = cycle; l1.behaviors = behaviors; l1.exits = exits; l1.bridge = bridge; l1.proofs = proofs
        proofs.behaviors = behaviors; proofs.cycle = cycle
        sampler.l1 = l1; sampler.cycle = cycle
    }

    /// Appends a validium under `parent` (an admitted Sybil): every mechanism makes room for it,
    /// then the tree is rebuilt. Returns its id.
    func addNode(under parent: Int32) -> Int32 {
        let v = cycle.appendNode(under: parent)
        behaviors.appendNode(colluding: true)
        bridge.appendNode()
        forced.appendNode()
        l1.appendNode(under: parent)
        cycle.appendGenesis(v, under: parent)
        cycle.reshape(parents: ctx.tree.parent + [parent])
        return v
    }
}
