import SimCore

/// Exits (MODEL.md §5, `recovery: exit`): each child subtree of the faulty node proves its state
/// against a retained hash at the counter and re-attaches elsewhere; one transaction at the
/// counter each, an L1 transaction (processed at the next block) when the counter is the L1.
extension World {
    /// Child `c` of faulty `p` starts its exit: one recursion step to prove its state.
    func startExit(_ c: Int32, from p: Int32) {
        guard faults.exitRow[c] == nil else { return }
        faults.exitRow[c] = faults.results.exits.count
        faults.results.exits.append(ExitRow(node: c, faulty: p, detectedAt: engine.now, completedAt: -1, newParent: -1, onL1: false))
        let step = config.proofs.recursionStepTime(provingStream)
        engine.schedule(at: engine.now + step, phase: EventPhase.delivery, ModelEvent(.exitReady, node: c, arg: p))
    }

    /// The exit proof is ready: send it to the counter.
    func exitReady(_ c: Int32, from p: Int32) {
        engine.schedule(at: engine.now + networkDelay() + pushTransfer, phase: EventPhase.delivery,
                        ModelEvent(.exitArrive, node: c, arg: p))
    }

    /// The exit reaches the counter: the L1 takes it in its next block, a validium at once.
    func exitArrived(_ c: Int32, from p: Int32) {
        if counter(for: Int(p)) == 0 {
            faults.l1PendingExits.append(c)
        } else {
            completeExit(c)
        }
    }

    /// Exits included in the L1 block produced now.
    func processL1Exits() {
        guard !faults.l1PendingExits.isEmpty else { return }
        let pending = faults.l1PendingExits
        faults.l1PendingExits.removeAll()
        for c in pending {
            faults.results.l1Transactions += 1
            if let row = faults.exitRow[c] { faults.results.exits[row].onL1 = true }
            completeExit(c)
        }
    }

    /// Re-attaches c's subtree (`exit.reattach`) and rebuilds the tree; depth and storage follow.
    func completeExit(_ c: Int32) {
        guard let row = faults.exitRow[c], faults.results.exits[row].completedAt < 0 else { return }
        let p = faults.results.exits[row].faulty
        let g = counter(for: Int(p))
        var target = g
        if config.faults.reattach == .leastLoadedSibling {
            var best: Int32 = -1
            forEachChild(Int(g)) { s in
                guard s != p, !faults.isFaulty(Int(s)) else { return }
                if best < 0 || tree.subtreeSize[Int(s)] < tree.subtreeSize[Int(best)] { best = s }
            }
            if best >= 0 { target = best }
        }
        var parents = tree.parent
        parents[Int(c)] = target
        rebuildTree(parents: parents)
        retained.dropPending(child: Int(c))
        faults.results.exits[row].completedAt = engine.now
        faults.results.exits[row].newParent = target
        // Recovered once no honest child is left under p.
        var honestLeft = false
        forEachChild(Int(p)) { if !faults.isFaulty(Int($0)) { honestLeft = true } }
        if !honestLeft, let fault = faults.latestFaultRow[p], faults.results.faults[fault].recoveredAt < 0 {
            faults.results.faults[fault].recoveredAt = engine.now
        }
    }

    /// A new shape: depths, subtree sizes, the node records' mirror of the tree and the DA chain
    /// (storage) of every node follow it.
    func rebuildTree(parents: [Int32]) {
        if tree.parent != parents { shapeChanges += 1 }
        tree = Tree(parents: parents)
        for v in 0..<n {
            nodes[v].parent = tree.parent[v]
            nodes[v].childStart = tree.childStart[v]
            nodes[v].childCount = tree.childStart[v + 1] - tree.childStart[v]
            nodes[v].subtreeSize = tree.subtreeSize[v]
            nodes[v].depth = tree.depth[v]
        }
        for v in tree.breadthFirstOrder() where v > 0 {
            let p = Int(tree.parent[v])
            counts[v].daBytes = counts[p].daBytes + groupVMBytes(p)
            nodes[v].daTransfer = transferTime(counts[v].daBytes)
        }
    }
}
