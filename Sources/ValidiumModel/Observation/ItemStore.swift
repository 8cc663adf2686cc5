import SimCore

/// Tracked transactions and updates, and the intrusive lists that move them up the tree with the
/// ZKPs that carry them: a node's inbox, the state it proves, a ZKP in flight, the L1's queue
/// awaiting finality. Moving a whole list is O(1); nothing is allocated per hop. A class: the
/// mechanisms that move items hold it directly (a stored reference is used without retaining it).
final class ItemStore {
    var items: [TrackedItem] = []
    /// Next item in the list the item currently rides in (−1: end).
    var next: [Int32] = []
    /// Next update waiting for local finality at its origin's parent (−1: end).
    var localNext: [Int32] = []
    /// Items replaced by a re-included copy (`TrackedItem.supersededBy`), left out of the results.
    var superseded = 0
    /// Path finality (`PathFinality`): each item's newest hop (−1: none) and its open hops.
    var lastHop: [Int32] = []
    var openHops: [Int32] = []

    init(reserve: Int) {
        items.reserveCapacity(reserve)
        next.reserveCapacity(reserve)
        localNext.reserveCapacity(reserve)
        lastHop.reserveCapacity(reserve)
        openHops.reserveCapacity(reserve)
    }

    /// Adds an item and returns its index.
    func add(_ item: TrackedItem) -> Int32 {
        items.append(item); next.append(-1); localNext.append(-1); lastHop.append(-1); openHops.append(0)
        return Int32(items.count - 1)
    }
}

/// A list of items held as (head, tail) indices into `ItemStore.next`.
struct ItemList {
    var head: Int32 = -1
    var tail: Int32 = -1

    @inline(__always) var isEmpty: Bool { head < 0 }

    /// Appends one item.
    @inline(__always) mutating func append(_ i: Int32, _ store: ItemStore) {
        store.next[Int(i)] = -1
        if tail >= 0 { store.next[Int(tail)] = i } else { head = i }
        tail = i
    }

    /// Moves every item of `other` to the end of this list and empties `other`.
    @inline(__always) mutating func splice(head h: Int32, tail t: Int32, _ store: ItemStore) {
        guard h >= 0 else { return }
        if tail >= 0 { store.next[Int(tail)] = h } else { head = h }
        tail = t
    }
}

/// Per child, the hashes its parent retains (docs/model.md §3.1 rule 12): the newest locally final ZKP
/// plus every newer one. Newer ZKPs are kept as runs of (stamp, count) in a pooled linked list.
struct RetainedHashes {
    /// Consecutive ZKPs of one child with the same stamp.
    private struct Run { var stamp: Int32; var count: Int32; var next: Int32 }
    /// A child's runs (oldest first) and its retained count, in one record (one cache line per
    /// delivery instead of three).
    private struct Child { var head: Int32 = -1; var tail: Int32 = -1; var retained: Int32 = 1 }
    private var runs: [Run] = []
    private var free: [Int32] = []
    private var children: [Child]

    init(nodes: Int) {
        children = [Child](repeating: Child(), count: nodes)
    }

    /// Calls `body` with a function giving the address of a child's record (nil out of range), for
    /// prefetching before a delivery.
    func withChildRecords<T>(_ body: ((Int) -> UnsafeRawPointer?) -> T) -> T {
        children.withUnsafeBufferPointer { b in
            body { child in child >= 0 && child < b.count ? UnsafeRawPointer(b.baseAddress! + child) : nil }
        }
    }

    /// Hashes retained for node `v` at its parent (1 = only the newest final one).
    func count(of v: Int) -> Int32 { children[v].retained }

    /// Records a ZKP of `child` stamped `stamp`, not yet final.
    mutating func add(child: Int, stamp: Int32) {
        children[child].retained += 1
        let t = children[child].tail
        if t >= 0, runs[Int(t)].stamp == stamp { runs[Int(t)].count += 1; return }
        let r: Int32
        if let f = free.popLast() {
            r = f; runs[Int(r)] = Run(stamp: stamp, count: 1, next: -1)
        } else {
            r = Int32(runs.count); runs.append(Run(stamp: stamp, count: 1, next: -1))
        }
        if t >= 0 { runs[Int(t)].next = r } else { children[child].head = r }
        children[child].tail = r
    }

    /// Room for one more node (a validium joining during the run).
    mutating func appendNode() {
        children.append(Child())
    }

    /// Drops the non-final hashes of `child` (a takeover or an exit resumes from the final state).
    mutating func dropPending(child: Int) {
        var h = children[child].head
        while h >= 0 {
            free.append(h)
            h = runs[Int(h)].next
        }
        children[child] = Child()
    }

    /// The newest non-final stamp of `child` at most `limit` (nil: none).
    func newestStamp(of child: Int, atMost limit: Int32) -> Int32? {
        var best: Int32? = nil
        var h = children[child].head
        while h >= 0, runs[Int(h)].stamp <= limit { best = runs[Int(h)].stamp; h = runs[Int(h)].next }
        return best
    }

    /// Drops the hashes of `child` stamped later than `stamp` (an election installed on that state)
    /// and returns how many were dropped.
    mutating func dropNewer(child: Int, than stamp: Int32) -> Int32 {
        var dropped: Int32 = 0
        var last: Int32 = -1
        var h = children[child].head
        while h >= 0, runs[Int(h)].stamp <= stamp { last = h; h = runs[Int(h)].next }
        while h >= 0 {
            dropped += runs[Int(h)].count
            free.append(h)
            h = runs[Int(h)].next
        }
        if last >= 0 { runs[Int(last)].next = -1 } else { children[child].head = -1 }
        children[child].tail = last
        children[child].retained -= dropped
        return dropped
    }

    /// Every ZKP of `child` stamped ≤ `finalStamp` is final: keep only the newest of them.
    mutating func finalize(child: Int, finalStamp: Int32) {
        var h = children[child].head
        while h >= 0, runs[Int(h)].stamp <= finalStamp {
            children[child].retained -= runs[Int(h)].count
            free.append(h)
            h = runs[Int(h)].next
        }
        children[child].head = h
        if h < 0 { children[child].tail = -1 }
    }
}
