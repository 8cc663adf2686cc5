import SimCore
import Stochastic

/// The update cycle of an honest validium (MODEL.md §3, §3.1 rules 4–8):
/// wait → fetch DA → collect input → prove → push.
extension World {
    /// Schedules a round start of `v` at `time` (round starts run after deliveries and blocks).
    /// A later start already pending is superseded (its generation no longer matches).
    @inline(__always)
    func scheduleRound(_ v: Int32, at time: SimTime) {
        let i = Int(v)
        if nodes[i].roundState == .scheduled { nodes[i].roundGeneration &+= 1 }
        nodes[i].roundState = .scheduled
        nodes[i].scheduledAt = time
        engine.schedule(at: time, phase: EventPhase.roundStart(depth: nodes[i].depth),
                        ModelEvent(.roundStart, node: v, arg: nodes[i].roundGeneration))
    }

    /// Time of the next own transaction after `t` (Poisson arrivals at `tx_rate`).
    @inline(__always)
    func drawTransactionGap(after t: SimTime) -> SimTime {
        t + max(1, Time.micros(txStream.exponential(mean: 1e6 / config.workload.txRate)))
    }

    /// A round starts: send the DA request to the parent.
    func beginRound(_ v: Int32) {
        let i = Int(v)
        if faults.behavior[i] == FaultState.offline || (bridge != nil && frozenFully(i)) {
            // An offline operator (or a fully frozen sender) does nothing; periodic slots keep coming.
            nodes[i].roundState = .idle
            if let e = every, engine.now + e <= config.duration { scheduleRound(v, at: engine.now + e) }
            return
        }
        nodes[i].roundState = .busy
        nodes[i].roundStart = engine.now
        engine.schedule(at: engine.now + networkDelay(), phase: EventPhase.delivery, ModelEvent(.daServe, node: v))
    }

    /// The request reaches the parent, which serves its chain as of now (rule 5).
    func serveFetch(_ v: Int32) {
        let i = Int(v)
        let p = Int(nodes[i].parent)
        if faults.behavior[p] != 0, let failedAt = refusal(by: p, to: i, sentAt: nodes[i].roundStart) {
            engine.schedule(at: failedAt, phase: EventPhase.delivery, ModelEvent(.daFailed, node: v, arg: Int32(p)))
            return
        }
        nodes[i].fetchSnapshot = p == 0 ? lastBlock : nodes[p].knownL1
        if forks != nil { serveFork(i, parent: p) }
        if bridge != nil { bridge!.servedAt[i] = engine.now }
        counts[i].daFetched += counts[i].daBytes
        let transfer = nodes[i].daTransfer
        if transfer == 0 {
            collectAndProve(v)
        } else {
            engine.schedule(at: engine.now + transfer, phase: EventPhase.delivery, ModelEvent(.daResponse, node: v))
        }
    }

    /// The DA response is in: collect input, build the new state's summary, start proving.
    func collectAndProve(_ v: Int32) {
        let i = Int(v)
        let now = engine.now
        let stamp = forks == nil ? nodes[i].fetchSnapshot : chooseFork(i)
        if stamp > nodes[i].knownL1 || (forks != nil && stamp != nodes[i].knownL1) {
            nodes[i].knownL1 = stamp
            if eager { notifyChildren(of: i) }
        }

        // Own transactions since the last collection (Poisson), a thinned sample of them tracked.
        // Periodic rounds draw the count; eager rounds know when the next transaction arrives
        // (that arrival is what wakes an idle node), so the count is 1 + Poisson after it.
        var newTx: Int64 = 0
        var from = nodes[i].lastCollect
        if config.workload.txRate > 0 {
            if eager {
                if nodes[i].nextTransaction <= now {
                    from = nodes[i].nextTransaction
                    newTx = 1 + Int64(txStream.poisson(mean: config.workload.txRate * Time.seconds(now - from)))
                    nodes[i].nextTransaction = drawTransactionGap(after: now)
                }
            } else if now > from {
                newTx = Int64(txStream.poisson(mean: config.workload.txRate * Time.seconds(now - from)))
            }
        }
        let elapsed = now - from
        if newTx > 0 {
            let tracked = trackStream.binomial(n: UInt64(newTx), p: txTrackProbability)
            if tracked > 0 {
                for _ in 0..<tracked {
                    let created = from + SimTime((trackStream.uniformPositive() * Double(elapsed)).rounded(.up))
                    let item = store.add(TrackedItem(kind: .transaction, origin: v, depth: Int16(nodes[i].depth), created: min(created, now)))
                    nodes[i].inbox.append(item, &store)
                }
            }
        }
        nodes[i].lastCollect = now
        counts[i].txCreated += newTx
        counters.txCreated += newTx
        nodes[i].pendingTx += newTx

        if trackStream.bernoulli(updateTrackProbability) {
            var item = TrackedItem(kind: .update, origin: v, depth: Int16(nodes[i].depth), created: nodes[i].roundStart)
            item.stamp = stamp
            let idx = store.add(item)
            nodes[i].inbox.append(idx, &store)
            appendLocal(idx, node: i)
        }

        if bridge != nil { bridgeCollect(v) }
        if !faults.missedForced.isEmpty { seeMissedForcedOperations(v) }

        // The new ZKP: stamp, summary of the subtree, the items and transactions it covers.
        let r = pool.allocate()
        pool[r].stamp = stamp
        pool[r].itemsHead = nodes[i].inbox.head
        pool[r].itemsTail = nodes[i].inbox.tail
        nodes[i].inbox = ItemList()
        pool[r].txCount = nodes[i].pendingTx
        nodes[i].pendingTx = 0
        if forks == nil { buildSummary(record: r, node: i, stamp: stamp) } else { buildForkSummary(record: r, node: i, stamp: stamp) }
        nodes[i].hasInput = false

        // Prove (the chosen core commits, or flags, the update), then the proving time (rule 7):
        // one recursion-step draw × proofs verified (+ inline transactions).
        proveUpdate(node: v, record: r, stamp: stamp)
        var proving = config.proofs.provingTime(children: Int(nodes[i].childCount), newTransactions: newTx,
                                         ownState: config.tree.ownState, provingStream)
        if faults.behavior[i] == FaultState.slow { proving *= faults.slowFactor[v] ?? 1 }
        var duration = max(0, Time.micros(proving))
        if eager && duration == 0 { duration = 1 }  // eager rounds of zero length would never let time advance
        if market != nil { submitProvingJob(v, record: r, work: duration); return }  // outsourced (World+Provers)
        engine.schedule(at: now + duration, phase: EventPhase.delivery, ModelEvent(.proveDone, node: v, arg: r))
    }

    /// Summary of v's new state: its children's latest summaries plus v stamped `stamp`.
    @inline(__always)
    func buildSummary(record r: Int32, node i: Int, stamp: Int32) {
        let start = Int(nodes[i].childStart)
        pool.merge(into: r, ownStamp: stamp, count: Int(nodes[i].childCount)) { deliveredRecord[Int(tree.children[start + $0])] }
    }

    /// Proving is done: push the ZKP to the parent and schedule the next round.
    func finishRound(_ v: Int32, record r: Int32) {
        let i = Int(v)
        let now = engine.now
        counts[i].rounds += 1
        counters.rounds += 1
        if bridge != nil { forcedProven(v) }
        nodes[i].latestStamp = pool[r].stamp

        // Push (rule 8): one delay plus transfer; pushes from one child arrive in order.
        let arrival = max(now + networkDelay() + pushTransfer, nodes[i].lastArrival)
        nodes[i].lastArrival = arrival
        pool[r].arrival = arrival
        let check = config.proofs.verificationTime(provingStream)
        let delivery = max(arrival + check, nodes[i].lastDelivery)
        nodes[i].lastDelivery = delivery
        engine.schedule(at: delivery, phase: EventPhase.delivery, ModelEvent(.zkpDelivered, node: v, arg: r))

        // The next round (rule 4).
        if let e = every {
            let start = nodes[i].roundStart
            let steps = max(1, (now - start + e - 1) / e)
            let next = start + steps * e
            if next <= config.duration { scheduleRound(v, at: next) } else { nodes[i].roundState = .idle }
        } else if nodes[i].hasInput || nodes[i].nextTransaction <= now {
            scheduleRound(v, at: now)
        } else if nodes[i].nextTransaction <= config.duration {
            scheduleRound(v, at: nodes[i].nextTransaction)   // wait for the next own transaction
        } else {
            nodes[i].roundState = .idle
        }
    }

    /// Input arrived for `i` (eager updates): start a round now if it is idle.
    @inline(__always)
    func inputArrived(_ i: Int) {
        nodes[i].hasInput = true
        guard eager else { return }
        if nodes[i].roundState == .idle || (nodes[i].roundState == .scheduled && nodes[i].scheduledAt > engine.now) {
            scheduleRound(Int32(i), at: engine.now)
        }
    }

    /// Tells each child of `i`, after one network delay, that the L1 block `i` knows advanced.
    func notifyChildren(of i: Int) {
        let start = Int(tree.childStart[i]), end = Int(tree.childStart[i + 1])
        for k in start..<end {
            engine.schedule(at: engine.now + networkDelay(), phase: EventPhase.delivery, ModelEvent(.notify, node: tree.children[k]))
        }
    }

    /// A notification of a newer L1 block reached `v`.
    func notified(_ v: Int32) { inputArrived(Int(v)) }
}
