import SimCore

/// What an installation drops (docs/model.md §5.1 rule 2): p's updates newer than the installed state
/// s, at p's parent, and everything they carried. p's own tracked transactions and updates in them
/// are reverted; what they carried from p's descendants is re-included by the new operator's first
/// update (a copy of each tracked item joins p's inbox, keeping the path it had below p, and
/// replaces the original in the results). A dropped item that was already final on its path is a
/// finality-safety violation (`PathFinality.drop`). Bridged messages' items are left as they are.
extension Elections {
    /// Drops what installing a new operator for `p` on its state stamped `s` drops; returns the
    /// updates dropped and the tracked items reverted and re-included.
    func dropUpdates(of p: Int32, newerThan s: Int32) -> (dropped: Int32, reverted: Int32, reincluded: Int32) {
        let now = ctx.now
        let dropped = cycle.retained.dropNewer(child: Int(p), than: s)
        let store = ctx.store
        let path = cycle.path
        var reverted: Int32 = 0, reincluded: Int32 = 0
        // The items p's dropped updates carried are exactly p's open hops stamped later than s (s is at
        // or after p's final stamp, so none of them is closed): no scan of every tracked item.
        for i in path.openItems(of: p, after: s) {
            let item = store.items[Int(i)]
            guard item.message < 0, item.revertedAt < 0, item.supersededBy < 0 else { continue }
            path.drop(i, now: now, byElectionAt: p)
            if item.origin == p {
                store.items[Int(i)].revertedAt = now
                reverted += 1
                continue
            }
            var copy = TrackedItem(kind: item.kind, origin: item.origin, depth: item.depth, created: item.created)
            copy.stamp = item.stamp
            copy.localFinal = item.localFinal
            copy.reincludedAt = now
            copy.firstL1Included = item.firstL1Included >= 0 ? item.firstL1Included : item.l1Included
            let c = store.add(copy)
            store.items[Int(i)].supersededBy = c
            store.superseded += 1
            for sender in path.copyHops(from: i, to: c, below: p, tree: ctx.tree, finalStamp: { ctx.nodes[$0].finalStamp }) {
                ctx.nodes[Int(sender)].pathOpen = true
            }
            ctx.nodes[Int(p)].inbox.append(c, store)
            reincluded += 1
        }
        if reincluded > 0 { cycle.inputArrived(Int(p)) }
        return (dropped, reverted, reincluded)
    }
}
