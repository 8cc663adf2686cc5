import SimCore

/// The hot per-node state of the update cycle (docs/model.md §3), one 128-byte record per node: the
/// fields a round reads and writes at its node and at its parent, which were ≈20 parallel arrays.
/// With 797,161 nodes those arrays leave the caches and every event paid a miss per array; one
/// record is two adjacent cache lines, which the hardware fetches together.
struct NodeState {
    /// Start of the current round (its DA request).
    var roundStart: SimTime = 0
    /// When the pending round start fires.
    var scheduledAt: SimTime = 0
    /// Own transactions are counted up to this time.
    var lastCollect: SimTime = 0
    /// Arrival (before the check) and delivery of the newest ZKP pushed; pushes arrive in order.
    var lastArrival: SimTime = 0
    var lastDelivery: SimTime = 0
    /// Eager updates: time of the next own transaction not yet collected (`.max`: none).
    var nextTransaction: SimTime = .max
    /// Transactions waiting for the next ZKP (own and from children).
    var pendingTx: Int64 = 0
    /// Transfer time of the node's DA fetch (from `daBytes`, recomputed with the shape).
    var daTransfer: SimTime = 0
    /// Generation of the pending round start (stale starts are skipped).
    var roundGeneration: Int32 = 0
    /// Newest L1 block the node knows, the one its parent served at its fetch, and the stamp of its
    /// newest ZKP.
    var knownL1: Int32 = 0
    var fetchSnapshot: Int32 = 0
    var latestStamp: Int32 = 0
    /// Newest stamp final for the node at its parent (−1: none).
    var finalStamp: Int32 = -1
    /// Tracked items for its next ZKP, and its update items waiting for local finality.
    var inbox = ItemList()
    var localPending = ItemList()
    /// The node's place in the tree, mirrored from the tree by `UpdateCycle.reshape` (the only place
    /// the shape changes) so that a round reads it from this record.
    var parent: Int32 = -1
    var childStart: Int32 = 0
    var childCount: Int32 = 0
    var subtreeSize: Int32 = 1
    var depth: Int32 = 0
    var roundState: UpdateCycle.RoundState = .idle
    /// Eager updates: input arrived since the last collection.
    var hasInput = false
    /// Tracked items carried by the node's ZKPs wait for its local finality (`PathFinality`): read
    /// here, in the record a delivery already holds, so that most deliveries never touch the tracker.
    var pathOpen = false
}

/// Per-node counters for the results, written once per round and read only at the end (kept out
/// of `NodeState` so that its record stays within two cache lines), and the node's DA storage,
/// which the fetch adds to `daFetched`.
struct NodeCounters {
    /// Own transactions created, rounds proven, DA bytes fetched.
    var txCreated: Int64 = 0
    var rounds: Int64 = 0
    var daFetched: Int64 = 0
    /// Bytes of the node's DA chain (its ancestors' group VMs), recomputed with the shape.
    var daBytes: Int64 = 0
}

/// Records indexed by node id in one allocation aligned to 128 bytes (a `NodeState` never
/// straddles a pair of lines). Unlike an array, a write through it needs no uniqueness check; its
/// owner frees it in `deinit`. Grows when validiums join.
struct NodeTable<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private var capacity: Int

    /// `count` copies of `initial`.
    init(count: Int, _ initial: Element) {
        self.count = count
        capacity = max(count, 16)
        base = NodeTable.allocate(capacity)
        base.initialize(repeating: initial, count: count)
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride, alignment: 128)
        return raw.bindMemory(to: Element.self, capacity: capacity)
    }

    /// The record of node `i`.
    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "node \(i) out of range")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "node \(i) out of range")
            return base + i
        }
    }

    /// Prefetches the record of node `i` (both of its lines for a 128-byte record).
    @inline(__always)
    func prefetch(_ i: Int) {
        guard UInt(bitPattern: i) < UInt(bitPattern: count) else { return }
        let p = UnsafeRawPointer(base + i)
        prefetchLine(p)
        if MemoryLayout<Element>.stride > 64 { prefetchLine(p + 64) }
    }

    /// Appends a record (a joining validium).
    mutating func append(_ state: Element) {
        if count == capacity {
            let bigger = NodeTable.allocate(capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: state)
        count += 1
    }

    /// Frees the records (called once, by the owner's `deinit`).
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
