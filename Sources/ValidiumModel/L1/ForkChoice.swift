/// One input of a validium's fork choice: a block and the subtree weight behind it.
struct ForkCandidate: Equatable {
    /// The chosen L1 block of a child's latest ZKP, or the block the node itself sees.
    var block: Int32
    /// b(c) for a child; 1 for the node's own view.
    var weight: Int64
}

/// The fork choice of a validium (docs/model.md §8): its children's choices and its own view must lie
/// on one chain, and it picks the newest; when they conflict, it follows the fork with the larger
/// subtree weight (`heaviest`, ties broken as `first_seen`) or the fork it saw first (`first_seen`:
/// the one its previous choice lies on, else the older block). Under `pos` the L1's chain is
/// authoritative: a node follows what its parent served. Candidates on abandoned blocks are ignored.
enum ForkChoice {
    /// The block to follow.
    static func choose(_ chain: L1Chain, mode: L1Mode, rule: ForkChoiceRule, own: Int32,
                       candidates: [ForkCandidate], previous: Int32) -> Int32 {
        let ownLive = chain.liveAncestor(own)
        if mode == .pos { return ownLive }
        var live: [ForkCandidate] = [ForkCandidate(block: ownLive, weight: 1)]
        for c in candidates where !chain.isDead(c.block) { live.append(c) }

        // The maximal blocks: no other candidate descends from them.
        var tips: [Int32] = []
        for c in live where !tips.contains(c.block) {
            let superseded = live.contains { $0.block != c.block && chain.isAncestor(c.block, of: $0.block) }
            if !superseded { tips.append(c.block) }
        }
        if tips.count == 1 { return tips[0] }

        // Conflict.
        func weight(_ t: Int32) -> Int64 { live.reduce(0) { chain.isAncestor($1.block, of: t) ? $0 + $1.weight : $0 } }
        func firstSeen(_ among: [Int32]) -> Int32 {
            let onPrevious = among.filter { !chain.conflict($0, previous) }
            return (onPrevious.isEmpty ? among : onPrevious).min()!
        }
        switch rule {
        case .firstSeen:
            return firstSeen(tips)
        case .heaviest:
            let weights = tips.map(weight)
            let best = weights.max()!
            return firstSeen(zip(tips, weights).filter { $0.1 == best }.map(\.0))
        }
    }
}
