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
    /// Hops, in a pool: sender, stamp, item, the item's previous hop, the next open hop of the sender.
    private(set) var hopNode: [Int32] = []
    private(set) var hopStamp: [Int32] = []
    private var hopItem: [Int32] = []
    private(set) var hopPrev: [Int32] = []
    private var hopWait: [Int32] = []
    /// Per item: its newest hop (−1: none) and its open hops (`dead`: dropped, never final).
    private(set) var lastHop: [Int32] = []
    private var openHops: [Int32] = []
    /// Per sender: its open hops, oldest first.
    private var waitHead: [Int32]
    private var waitTail: [Int32]
    /// Items that were final and then dropped (finality-safety violations), in the order found.
    private(set) var violations: [SafetyViolationRow] = []

    /// Open-hop count of a dropped item: it never reaches zero.
    static let dead: Int32 = 1 << 30

    init(store: ItemStore, nodes: Int) {
        self.store = store
        waitHead = [Int32](repeating: -1, count: nodes)
        waitTail = [Int32](repeating: -1, count: nodes)
    }

    /// Room for one more node (a validium joining during the run).
    func appendNode() { waitHead.append(-1); waitTail.append(-1) }

    /// Room for items added since the last call (items are appended to the store by several mechanisms).
    @inline(__always)
    private func cover(_ item: Int32) {
        while lastHop.count <= Int(item) { lastHop.append(-1); openHops.append(0) }
    }

    /// The items from `head` to `tail` ride a ZKP of `sender` stamped `stamp`, which its receiver has
    /// just accepted; the receiver holds `sender`'s states up to `finalStamp` as locally final.
    @inline(__always)
    func carried(from sender: Int, stamp: Int32, head: Int32, tail: Int32, finalStamp: Int32) {
        var i = head
        while i >= 0 {
            cover(i)
            let h = Int32(hopNode.count)
            hopNode.append(Int32(sender)); hopStamp.append(stamp); hopItem.append(i)
            hopPrev.append(lastHop[Int(i)]); hopWait.append(-1)
            lastHop[Int(i)] = h
            if stamp > finalStamp {
                openHops[Int(i)] += 1
                let t = waitTail[sender]
                if t >= 0 { hopWait[Int(t)] = h } else { waitHead[sender] = h }
                waitTail[sender] = h
            }
            if i == tail { break }
            i = store.next[Int(i)]
        }
    }

    /// True when `sender` has open hops (the hot path asks before calling `advanced`).
    @inline(__always) func hasOpenHops(_ sender: Int) -> Bool { waitHead[sender] >= 0 }

    /// `sender`'s states up to `finalStamp` became locally final now: close its hops up to there.
    func advanced(_ sender: Int, to finalStamp: Int32, now: SimTime) {
        var h = waitHead[sender]
        while h >= 0, hopStamp[Int(h)] <= finalStamp {
            let item = Int(hopItem[Int(h)])
            openHops[item] -= 1
            if openHops[item] == 0 && store.items[item].globalFinal >= 0 && store.items[item].pathFinal < 0 {
                store.items[item].pathFinal = now
            }
            h = hopWait[Int(h)]
        }
        waitHead[sender] = h
        if h < 0 { waitTail[sender] = -1 }
    }

    /// Item `i` became globally final now: it is final on its path if no hop is open.
    @inline(__always)
    func globallyFinal(_ i: Int32, now: SimTime) {
        cover(i)
        if openHops[Int(i)] == 0 && store.items[Int(i)].pathFinal < 0 { store.items[Int(i)].pathFinal = now }
    }

    /// True when item `i` was carried by a ZKP of `sender` stamped later than `stamp`.
    func rode(_ i: Int32, with sender: Int32, after stamp: Int32) -> Bool {
        guard Int(i) < lastHop.count else { return false }
        var h = lastHop[Int(i)]
        while h >= 0 {
            if hopNode[Int(h)] == sender && hopStamp[Int(h)] > stamp { return true }
            h = hopPrev[Int(h)]
        }
        return false
    }

    /// Item `i` is dropped now (reverted, or replaced by its re-included copy): it never becomes
    /// final; if it already was, finality safety is violated.
    func drop(_ i: Int32, now: SimTime, byElectionAt node: Int32) {
        cover(i)
        openHops[Int(i)] = PathFinality.dead
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
    func copyHops(from: Int32, to: Int32, below node: Int32, tree: Tree, finalStamp: (Int) -> Int32) {
        cover(to)
        var path: [(Int32, Int32)] = []
        var h = Int(from) < lastHop.count ? lastHop[Int(from)] : -1
        while h >= 0 {
            let sender = hopNode[Int(h)]
            if sender != node && tree.isAncestor(Int(node), of: Int(sender)) { path.append((sender, hopStamp[Int(h)])) }
            h = hopPrev[Int(h)]
        }
        for (sender, stamp) in path.reversed() {
            let h = Int32(hopNode.count)
            hopNode.append(sender); hopStamp.append(stamp); hopItem.append(to)
            hopPrev.append(lastHop[Int(to)]); hopWait.append(-1)
            lastHop[Int(to)] = h
            if stamp > finalStamp(Int(sender)) {
                openHops[Int(to)] += 1
                enqueueInOrder(h, sender: Int(sender))
            }
        }
    }

    /// Puts open hop `h` among `sender`'s open hops by stamp (a copied hop may be older than the newest).
    private func enqueueInOrder(_ h: Int32, sender: Int) {
        var before: Int32 = -1
        var x = waitHead[sender]
        while x >= 0, hopStamp[Int(x)] <= hopStamp[Int(h)] { before = x; x = hopWait[Int(x)] }
        hopWait[Int(h)] = x
        if before >= 0 { hopWait[Int(before)] = h } else { waitHead[sender] = h }
        if x < 0 { waitTail[sender] = h }
    }
}
