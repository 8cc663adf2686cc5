import SimCore

/// Exits (docs/model.md §5, `recovery: exit`): each child subtree of the faulty node proves its state
/// against a retained hash at the counter and re-attaches elsewhere; one transaction at the
/// counter each, an L1 transaction (processed at the next block) when the counter is the L1.
final class Exits {
    let ctx: ModelContext
    /// Row of `rows` for each exiting child, and exits waiting for the next L1 block (arrival order).
    private var exitRow: [Int32: Int] = [:]
    private var l1Pending: [Int32] = []
    /// The `exits` rows, and L1 transactions (exits processed by the L1).
    private(set) var rows: [ExitRow] = []
    private(set) var l1Transactions: Int64 = 0
    /// Exits waiting for the next L1 block (L1 gas, `L1Gas`).
    var l1PendingCount: Int { l1Pending.count }

    // The mechanisms an exit reads and changes (wired by the world).
    var behaviors: Behaviors!
    var cycle: UpdateCycle!

    init(ctx: ModelContext) { self.ctx = ctx }

    /// Handles one of the mechanism's events.
    func handle(_ e: ExitEvent) {
        switch e {
        case .ready(let c, let p): ready(c, from: p)
        case .arrive(let c, let p): arrived(c, from: p)
        }
    }

    /// Child `c` of faulty `p` starts its exit: one recursion step to prove its state.
    func start(_ c: Int32, from p: Int32) {
        guard exitRow[c] == nil else { return }
        exitRow[c] = rows.count
        var row = ExitRow(node: c, faulty: p, detectedAt: ctx.now, completedAt: -1, newParent: -1, onL1: false)
        row.subtreeSize = ctx.tree.subtreeSize[Int(c)]
        rows.append(row)
        let step = ctx.recursionStepTime()
        ctx.schedule(.exit(.ready(node: c, from: p)), at: ctx.now + step)
    }

    /// The exit proof is ready: send it to the counter.
    func ready(_ c: Int32, from p: Int32) {
        ctx.schedule(.exit(.arrive(node: c, from: p)), at: ctx.now + ctx.networkDelay() + ctx.pushTransfer)
    }

    /// The exit reaches the counter: the L1 takes it in its next block, a validium at once.
    func arrived(_ c: Int32, from p: Int32) {
        if behaviors.counter(for: Int(p)) == 0 {
            l1Pending.append(c)
        } else {
            completeExit(c)
        }
    }

    /// Exits included in the L1 block produced now.
    func processL1() {
        guard !l1Pending.isEmpty else { return }
        let pending = l1Pending
        l1Pending.removeAll()
        for c in pending {
            l1Transactions += 1
            if let row = exitRow[c] { rows[row].onL1 = true }
            completeExit(c)
        }
    }

    /// Re-attaches c's subtree (`exit.reattach`) and rebuilds the tree; depth and storage follow.
    func completeExit(_ c: Int32) {
        guard let row = exitRow[c], rows[row].completedAt < 0 else { return }
        let p = rows[row].faulty
        let g = behaviors.counter(for: Int(p))
        var target = g
        if ctx.config.faults.reattach == .leastLoadedSibling {
            var best: Int32 = -1
            ctx.forEachChild(Int(g)) { s in
                guard s != p, !behaviors.isFaulty(Int(s)) else { return }
                if best < 0 || ctx.tree.subtreeSize[Int(s)] < ctx.tree.subtreeSize[Int(best)] { best = s }
            }
            if best >= 0 { target = best }
        }
        var parents = ctx.tree.parent
        parents[Int(c)] = target
        cycle.reshape(parents: parents)
        cycle.dropPendingHashes(of: Int(c))
        rows[row].completedAt = ctx.now
        rows[row].newParent = target
        // Recovered once no honest child is left under p.
        var honestLeft = false
        ctx.forEachChild(Int(p)) { if !behaviors.isFaulty(Int($0)) { honestLeft = true } }
        if !honestLeft { behaviors.noteRecovered(p) }
    }

}
