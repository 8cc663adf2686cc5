import SimCore

/// Lookahead prefetching (issue 9). With 797,161 nodes a round's state is out of the caches by the
/// time its next event fires (tens of thousands of events later), and every event waited on a
/// miss or two. The calendar queue shows the model each bucket (≈2 ms, a few hundred events) as it
/// is loaded, ahead of processing them; these passes ask the CPU for the lines those events will
/// touch — in dependency order, so that a pass reads what the previous one prefetched — and the
/// misses overlap instead of coming one after another. Hints only: nothing here changes the model,
/// so results and digests do not depend on it.
extension World {
    /// Below this many nodes the round state stays in the caches and the passes only cost time
    /// (measured, release, 1 h or 30 min: −8 % at 9,841 nodes, +4 % at 29,524, +5 % at 88,573,
    /// +11 % at 265,720, +30 % at 797,161; BENCHMARKS.md).
    static let prefetchFromNodes = 20_000

    /// Installs `prefetch(_:)` as the engine's load hook on trees large enough to gain from it
    /// (`always`: on any tree, for tests).
    func installPrefetch(always: Bool = false) {
        guard always || n >= World.prefetchFromNodes else { return }
        engine.setLoadHook { [unowned(unsafe) self] events in self.prefetch(events) }
    }

    /// Prefetches the state of the round events in `events`.
    func prefetch(_ events: UnsafeBufferPointer<ScheduledEvent<ModelEvent>>) {
        prefetchedBatches += 1
        // The arrays' buffers are taken once per bucket (a buffer taken per event would retain).
        tree.children.withUnsafeBufferPointer { children in
            deliveredRecord.withUnsafeBufferPointer { delivered in
                retained.withChildRecords { retainedChild in
                    prefetch(events, children: children, delivered: delivered, retainedChild: retainedChild)
                }
            }
        }
    }

    @inline(__always)
    private func prefetch(_ events: UnsafeBufferPointer<ScheduledEvent<ModelEvent>>, children: UnsafeBufferPointer<Int32>,
                          delivered: UnsafeBufferPointer<Int32>, retainedChild: (Int) -> UnsafeRawPointer?) {
        // 1. The node's own record; the ZKP record an event carries; the child's slots at its parent.
        for e in events {
            let i = Int(e.payload.node)
            switch e.payload.kind {
            case .roundStart:
                nodes.prefetch(i)
            case .daServe, .daResponse:
                nodes.prefetch(i); counts.prefetch(i)
            case .proveDone:
                nodes.prefetch(i); counts.prefetch(i); pool.prefetch(e.payload.arg)
            case .zkpDelivered:
                nodes.prefetch(i); pool.prefetch(e.payload.arg)
                if let p = retainedChild(i) { prefetchLine(p) }
                if i < delivered.count { prefetchLine(delivered.baseAddress! + i) }
            default:
                break
            }
        }
        // 2. What the node's record points to: its parent's record, its children's list.
        for e in events {
            let i = Int(e.payload.node)
            guard i < nodes.count else { continue }
            switch e.payload.kind {
            case .daServe, .zkpDelivered:
                nodes.prefetch(Int(nodes[i].parent))
            case .daResponse where nodes[i].childCount > 0:
                prefetchLine(children.baseAddress! + Int(nodes[i].childStart))
            default:
                break
            }
        }
        // 3. The summaries a round merges (its children's latest ZKPs) or a delivery replaces.
        for e in events {
            let i = Int(e.payload.node)
            guard i < nodes.count else { continue }
            switch e.payload.kind {
            case .daResponse:
                let start = Int(nodes[i].childStart)
                for k in start..<start + Int(nodes[i].childCount) {
                    let c = Int(children[k])
                    if c < delivered.count { pool.prefetch(delivered[c]) }
                }
            case .zkpDelivered:
                if i < delivered.count { pool.prefetch(delivered[i]) }
            default:
                break
            }
        }
    }
}
