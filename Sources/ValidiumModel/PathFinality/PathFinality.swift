import SimCore

/// Path finality and finality safety (docs/model.md §4): a tracked item is final when the root state
/// that includes it is globally final and every ZKP on its way up is locally final at the parent
/// that received it. Each ZKP that carries an item is one *hop* (sender, stamp); a hop is open until
/// its sender's newest locally final stamp at the receiver reaches the hop's stamp. Open hops wait
/// in a per-sender FIFO (a sender's stamps only grow), so closing them costs O(1) per hop.
///
/// Observation only: it never schedules an event, so it cannot change a run's digest. Items
/// dropped by an election (§5.1 rule 2) are marked dead here: a dead item never becomes final, and
/// a final item that is dropped is a finality-safety violation.
final class PathFinality {
    let store: ItemStore
    /// One ZKP carrying one item: its sender and stamp, the item, the item's previous hop, and the
    /// sender's next open hop (−1: none).
    struct Hop { var node: Int32; var stamp: Int32; var item: Int32; var prev: Int32; var wait: Int32 }
    /// Every hop so far (20 bytes each; one per tracked item per ZKP that carried it).
    private(set) var hops: [Hop] = []
    /// Per sender: its open hops, oldest first.
    private var waitHead: [Int32]
    private var waitTail: [Int32]
    /// Items that were final and then dropped (finality-safety violations), in the order found.
    private(set) var violations: [SafetyViolationRow] = []

    /// Open-hop count of a dropped item: it never reaches zero.
    static let dead: Int32 = 1 << 30

    /// A tracker for `nodes` nodes, with room for `expectedHops` hops.
    init(store: ItemStore, nodes: Int, expectedHops: Int = 0) {
        self.store = store
        waitHead = [Int32](repeating: -1, count: nodes)
        waitTail = [Int32](repeating: -1, count: nodes)
        hops.reserveCapacity(expectedHops)
    }

    /// Room for one more node (a validium joining during the run).
    func appendNode() { waitHead.append(-1); waitTail.append(-1) }

    /// The items from `head` to `tail` ride a ZKP of `sender` stamped `stamp`, which its receiver has
    /// just accepted; the receiver holds `sender`'s states up to `finalStamp` as locally final.
    @inline(never)   // the rare path of a delivery: most ZKPs carry no tracked item
    func carried(from sender: Int, stamp: Int32, head: Int32, tail: Int32, finalStamp: Int32) {
        var i = head
        let open = stamp > finalStamp
        while i >= 0 {
            let h = Int32(hops.count)
            hops.append(Hop(node: Int32(sender), stamp: stamp, item: i, prev: store.lastHop[Int(i)], wait: -1))
            store.lastHop[Int(i)] = h
            if open {
                store.openHops[Int(i)] += 1
                let t = waitTail[sender]
                if t >= 0 { hops[Int(t)].wait = h } else { waitHead[sender] = h }
                waitTail[sender] = h
            }
            if i == tail { break }
            i = store.next[Int(i)]
        }
    }

    /// `sender`'s states up to `finalStamp` became locally final now: close its hops up to there.
    /// Returns true while `sender` still has open hops.
    @discardableResult
    func advanced(_ sender: Int, to finalStamp: Int32, now: SimTime) -> Bool {
        var h = waitHead[sender]
        while h >= 0, hops[Int(h)].stamp <= finalStamp {
            let item = Int(hops[Int(h)].item)
            store.openHops[item] -= 1
            if store.openHops[item] == 0 && store.items[item].globalFinal >= 0 && store.items[item].pathFinal < 0 {
                store.items[item].pathFinal = now
            }
            h = hops[Int(h)].wait
        }
        waitHead[sender] = h
        if h < 0 { waitTail[sender] = -1 }
        return h >= 0
    }

    /// Item `i` became globally final now: it is final on its path if no hop is open.
    @inline(__always)
    func globallyFinal(_ i: Int32, now: SimTime) {
        if store.openHops[Int(i)] == 0 && store.items[Int(i)].pathFinal < 0 { store.items[Int(i)].pathFinal = now }
    }

    /// The items carried by ZKPs of `sender` stamped later than `stamp` that are not locally final
    /// yet (its open hops), in the order they were carried. When `stamp` is at or after the sender's
    /// final stamp these are all the items any ZKP of the sender stamped later than `stamp` carried.
    func openItems(of sender: Int32, after stamp: Int32) -> [Int32] {
        var out: [Int32] = []
        var h = waitHead[Int(sender)]
        while h >= 0 {
            if hops[Int(h)].stamp > stamp { out.append(hops[Int(h)].item) }
            h = hops[Int(h)].wait
        }
        return out
    }

    /// True when item `i` was carried by a ZKP of `sender` stamped later than `stamp`.
    func rode(_ i: Int32, with sender: Int32, after stamp: Int32) -> Bool {
        var h = store.lastHop[Int(i)]
        while h >= 0 {
            if hops[Int(h)].node == sender && hops[Int(h)].stamp > stamp { return true }
            h = hops[Int(h)].prev
        }
        return false
    }

    /// Item `i` is dropped now (reverted, or replaced by its re-included copy): it never becomes
    /// final; if it already was, finality safety is violated.
    func drop(_ i: Int32, now: SimTime, byElectionAt node: Int32) {
        store.openHops[Int(i)] = PathFinality.dead
        let item = store.items[Int(i)]
        if item.pathFinal >= 0 {
            violations.append(SafetyViolationRow(item: i, origin: item.origin, finalAt: item.pathFinal,
                                                 droppedAt: now, node: node))
        }
    }

    /// Item `i`'s L1 inclusion was reverted (its block abandoned): a violation if it was final.
    func inclusionReverted(_ i: Int32, now: SimTime) {
        let item = store.items[Int(i)]
        guard item.pathFinal >= 0 else { return }
        violations.append(SafetyViolationRow(item: i, origin: item.origin, finalAt: item.pathFinal, droppedAt: now, node: 0))
    }

    /// Copies the hops of item `from` below `node` (senders in its subtree, strictly below it) to
    /// item `to`: a re-included copy keeps what its path below the new operator already achieved.
    /// Returns the senders given an open hop (their `NodeState.pathOpen` must be set).
    @discardableResult
    func copyHops(from: Int32, to: Int32, below node: Int32, tree: Tree, finalStamp: (Int) -> Int32) -> [Int32] {
        var opened: [Int32] = []
        var path: [(Int32, Int32)] = []
        var h = store.lastHop[Int(from)]
        while h >= 0 {
            let sender = hops[Int(h)].node
            if sender != node && tree.isAncestor(Int(node), of: Int(sender)) { path.append((sender, hops[Int(h)].stamp)) }
            h = hops[Int(h)].prev
        }
        for (sender, stamp) in path.reversed() {
            let h = Int32(hops.count)
            hops.append(Hop(node: sender, stamp: stamp, item: to, prev: store.lastHop[Int(to)], wait: -1))
            store.lastHop[Int(to)] = h
            if stamp > finalStamp(Int(sender)) {
                store.openHops[Int(to)] += 1
                enqueueInOrder(h, sender: Int(sender))
                opened.append(sender)
            }
        }
        return opened
    }

    /// Puts open hop `h` among `sender`'s open hops by stamp (a copied hop may be older than the newest).
    private func enqueueInOrder(_ h: Int32, sender: Int) {
        var before: Int32 = -1
        var x = waitHead[sender]
        while x >= 0, hops[Int(x)].stamp <= hops[Int(h)].stamp { before = x; x = hops[Int(x)].wait }
        hops[Int(h)].wait = x
        if before >= 0 { hops[Int(before)].wait = h } else { waitHead[sender] = h }
        if x < 0 { waitTail[sender] = h }
    }
}
