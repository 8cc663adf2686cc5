import SimCore

/// Lookahead prefetching (issue 9). With 797,161 nodes a round's state is out of the caches by the
/// time its next event fires (tens of thousands of events later), and every event waited on a
/// miss or two. The calendar queue shows the model each bucket (≈2 ms, a few hundred events) as it
/// is loaded, ahead of processing them; these passes ask the CPU for the lines those events will
/// touch — in dependency order, so that a pass reads what the previous one prefetched — and the
/// misses overlap instead of coming one after another. Hints only: nothing here changes the model,
/// so results and digests do not depend on it.
extension UpdateCycle {
    /// Below this many nodes the round state stays in the caches and the passes only cost time
    /// (measured, release, 1 h or 30 min: −8 % at 9,841 nodes, +4 % at 29,524, +5 % at 88,573,
    /// +11 % at 265,720, +30 % at 797,161; BENCHMARKS.md).
    static let prefetchFromNodes = 20_000

    /// Prefetches the state of the round events in `events`.
    func prefetch(_ events: UnsafeBufferPointer<ScheduledEvent<ModelEvent>>) {
        // The arrays' buffers are taken once per bucket (a buffer taken per event would retain).
        ctx.tree.children.withUnsafeBufferPointer { children in
            ctx.delivered.withUnsafeBufferPointer { delivered in
                retained.withChildRecords { retainedChild in
                    prefetch(events, children: children, delivered: delivered, retainedChild: retainedChild)
                }
            }
        }
    }

    @inline(__always)
    private func prefetch(_ events: UnsafeBufferPointer<ScheduledEvent<ModelEvent>>, children: UnsafeBufferPointer<Int32>,
                          delivered: UnsafeBufferPointer<Int32>, retainedChild: (Int) -> UnsafeRawPointer?) {
        let nodes = ctx.nodes, pool = ctx.pool
        // 1. The node's own record; the ZKP record an event carries; the child's slots at its parent.
        for e in events {
            switch Event(e.payload) {
            case .round(.start(let v, _)):
                nodes.prefetch(Int(v))
            case .round(.daServe(let v)), .round(.daResponse(let v)):
                nodes.prefetch(Int(v)); counts.prefetch(Int(v))
            case .round(.proveDone(let v, let r)):
                nodes.prefetch(Int(v)); counts.prefetch(Int(v)); pool.prefetch(r)
            case .round(.delivered(let c, let r)):
                let i = Int(c)
                nodes.prefetch(i); pool.prefetch(r)
                if let p = retainedChild(i) { prefetchLine(p) }
                if i < delivered.count { prefetchLine(delivered.baseAddress! + i) }
            default:
                break
            }
        }
        // 2. What the node's record points to: its parent's record, its children's list.
        for e in events {
            switch Event(e.payload) {
            case .round(.daServe(let v)), .round(.delivered(let v, _)):
                guard Int(v) < nodes.count else { continue }
                nodes.prefetch(Int(nodes[Int(v)].parent))
            case .round(.daResponse(let v)):
                let i = Int(v)
                guard i < nodes.count, nodes[i].childCount > 0 else { continue }
                prefetchLine(children.baseAddress! + Int(nodes[i].childStart))
            default:
                break
            }
        }
        // 3. The summaries a round merges (its children's latest ZKPs) or a delivery replaces.
        for e in events {
            switch Event(e.payload) {
            case .round(.daResponse(let v)):
                let i = Int(v)
                guard i < nodes.count else { continue }
                let start = Int(nodes[i].childStart)
                for k in start..<start + Int(nodes[i].childCount) {
                    let c = Int(children[k])
                    if c < delivered.count { pool.prefetch(delivered[c]) }
                }
            case .round(.delivered(let c, _)):
                if Int(c) < delivered.count { pool.prefetch(delivered[Int(c)]) }
            default:
                break
            }
        }
    }
}
