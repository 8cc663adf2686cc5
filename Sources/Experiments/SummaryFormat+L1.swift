import Metrics
import SimCore
import ValidiumModel

extension SummaryFormat {
    /// The fork-aware L1 section (docs/model.md §8): blocks produced and final, forks, the stall, the
    /// L1 elections with the slashed operator, wasted proving and the safety check.
    static func renderL1(_ r: RunResults, _ fig: [String: SummaryFigure], into out: inout String) {
        func t(_ x: SimTime) -> String { x < 0 ? "never" : duration(x) }
        let l = r.l1
        let c = r.config.l1
        let produced = l.blocks.count - 1
        let final = l.blocks.filter { $0.id > 0 && $0.finalAt >= 0 }.count
        var head = "L1 node      mode \(c.mode.rawValue)"
        if c.mode == .singleNode { head += " · stall timeout \(duration(c.stallTimeout)) · fork choice \(c.forkChoice.rawValue)" }
        out += head + "\n"
        out += "  blocks \(produced) produced, \(final) final, \(l.blocks.filter(\.abandoned).count) abandoned · forks seen "
            + "\(max(0, l.forks.count - 1))" + (l.firstConflictAt >= 0 ? " (first conflicting block at \(t(l.firstConflictAt)))" : "")
            + " · wasted proofs \(l.wastedProofs) · tracked items re-included after their block was abandoned \(l.orphanedItems) times\n"
        for f in l.forks where f.id > 0 {
            out += "  fork \(f.id): from block \(f.base) at \(t(f.createdAt)), operator \(f.operatorGeneration), tip height "
                + "\(f.tipHeight), alive up to height \(f.aliveUpTo)\n"
        }
        if l.stall >= 0 { out += "  stall \(duration(l.stall)) (first conflicting block → first final block of the new L1 node)\n" }
        for e in l.elections {
            out += "  L1 election \(e.id): stall seen \(t(e.startedAt)) · votes weight \(e.weight) of \(e.needed) needed from "
                + "\(e.voters) L2 validiums (\(e.nonVoters) did not vote) · "
            out += e.newOperator >= 0
                ? "majority \(t(e.majorityAt)): node \(e.newOperator)'s operator runs the L1 from block \(e.resumedFrom); "
                    + "operator \(e.slashedGeneration) SLASHED · first final block of the new node \(t(e.firstFinalAt))\n"
                : "no majority: the election failed\n"
        }
        let s = l.safety
        if s.holds {
            out += "  safety holds: no two conflicting L1 blocks were both final\n\n"
        } else {
            out += "  SAFETY VIOLATED at \(t(s.firstAt)): block \(s.conflictingBlock) (acceptance \(s.conflictingAcceptance)) "
                + "final although it conflicts with final block \(s.finalBlock) (acceptance \(s.finalAcceptance)); "
                + "\(s.violations) conflicting finalisation(s)\n\n"
        }
    }
}
