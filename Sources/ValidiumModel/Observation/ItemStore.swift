import SimCore

/// Tracked transactions and updates, and the intrusive lists that move them up the tree with the
/// ZKPs that carry them: a node's inbox, the state it proves, a ZKP in flight, the L1's queue
/// awaiting finality. Moving a whole list is O(1); nothing is allocated per hop.
struct ItemStore {
    var items: [TrackedItem] = []
    /// Next item in the list the item currently rides in (−1: end).
    var next: [Int32] = []
    /// Next update waiting for local finality at its origin's parent (−1: end).
    var localNext: [Int32] = []

    init(reserve: Int) {
        items.reserveCapacity(reserve)
        next.reserveCapacity(reserve)
        localNext.reserveCapacity(reserve)
    }

    /// Adds an item and returns its index.
    mutating func add(_ item: TrackedItem) -> Int32 {
        items.append(item); next.append(-1); localNext.append(-1)
        return Int32(items.count - 1)
    }
}

/// A list of items held as (head, tail) indices into `ItemStore.next`.
struct ItemList {
    var head: Int32 = -1
    var tail: Int32 = -1

    @inline(__always) var isEmpty: Bool { head < 0 }

    /// Appends one item.
    @inline(__always) mutating func append(_ i: Int32, _ store: inout ItemStore) {
        store.next[Int(i)] = -1
        if tail >= 0 { store.next[Int(tail)] = i } else { head = i }
        tail = i
    }

    /// Moves every item of `other` to the end of this list and empties `other`.
    @inline(__always) mutating func splice(head h: Int32, tail t: Int32, _ store: inout ItemStore) {
        guard h >= 0 else { return }
        if tail >= 0 { store.next[Int(tail)] = h } else { head = h }
        tail = t
    }
}

/// Per child, the hashes its parent retains (MODEL.md §3.1 rule 12): the newest locally final ZKP
/// plus every newer one. Newer ZKPs are kept as runs of (stamp, count) in a pooled linked list.
struct RetainedHashes {
    private var runStamp: [Int32] = []
    private var runCount: [Int32] = []
    private var runNext: [Int32] = []
    private var free: [Int32] = []
    private var head: [Int32]
    private var tail: [Int32]
    /// Hashes retained for each node at its parent (1 = only the newest final one).
    private(set) var retained: [Int32]

    init(nodes: Int) {
        head = [Int32](repeating: -1, count: nodes)
        tail = [Int32](repeating: -1, count: nodes)
        retained = [Int32](repeating: 1, count: nodes)
    }

    /// Records a ZKP of `child` stamped `stamp`, not yet final.
    mutating func add(child: Int, stamp: Int32) {
        retained[child] += 1
        let t = tail[child]
        if t >= 0, runStamp[Int(t)] == stamp { runCount[Int(t)] += 1; return }
        let r: Int32
        if let f = free.popLast() {
            r = f; runStamp[Int(r)] = stamp; runCount[Int(r)] = 1; runNext[Int(r)] = -1
        } else {
            r = Int32(runStamp.count); runStamp.append(stamp); runCount.append(1); runNext.append(-1)
        }
        if t >= 0 { runNext[Int(t)] = r } else { head[child] = r }
        tail[child] = r
    }

    /// Room for one more node (a validium joining during the run).
    mutating func appendNode() {
        head.append(-1); tail.append(-1); retained.append(1)
    }

    /// Drops the non-final hashes of `child` (a takeover or an exit resumes from the final state).
    mutating func dropPending(child: Int) {
        var h = head[child]
        while h >= 0 {
            free.append(h)
            h = runNext[Int(h)]
        }
        head[child] = -1
        tail[child] = -1
        retained[child] = 1
    }

    /// Every ZKP of `child` stamped ≤ `finalStamp` is final: keep only the newest of them.
    mutating func finalize(child: Int, finalStamp: Int32) {
        var h = head[child]
        while h >= 0, runStamp[Int(h)] <= finalStamp {
            retained[child] -= runCount[Int(h)]
            free.append(h)
            h = runNext[Int(h)]
        }
        head[child] = h
        if h < 0 { tail[child] = -1 }
    }
}
