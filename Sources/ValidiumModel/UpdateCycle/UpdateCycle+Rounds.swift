import SimCore
import Stochastic

/// The rounds of an honest validium (docs/model.md §3, §3.1 rules 4–8):
/// wait → fetch DA → collect input → prove → push.
extension UpdateCycle {
    /// Schedules a round start of `v` at `time` (round starts run after deliveries and blocks).
    /// A later start already pending is superseded (its generation no longer matches).
    @inline(__always)
    func scheduleRound(_ v: Int32, at time: SimTime) {
        let i = Int(v)
        let nodes = ctx.nodes
        if nodes[i].roundState == .scheduled { nodes[i].roundGeneration &+= 1 }
        nodes[i].roundState = .scheduled
        nodes[i].scheduledAt = time
        ctx.schedule(.round(.start(node: v, generation: nodes[i].roundGeneration)), at: time,
                     phase: EventPhase.roundStart(depth: nodes[i].depth))
    }

    /// The next periodic slot of `v` after its current round, or idle past the end of the run.
    func scheduleNextSlot(_ v: Int32, every e: SimTime) {
        let i = Int(v)
        let start = ctx.nodes[i].roundStart
        let steps = max(1, (ctx.now - start + e - 1) / e)
        let next = start + steps * e
        if next <= ctx.config.duration { scheduleRound(v, at: next) } else { ctx.nodes[i].roundState = .idle }
    }

    /// Time of `v`'s next own transaction after `t` (Poisson arrivals at its `tx_rate`).
    @inline(__always)
    func drawTransactionGap(after t: SimTime, node v: Int) -> SimTime {
        t + max(1, Time.micros(txStream.exponential(mean: 1e6 / ctx.txRate(of: v))))
    }

    /// A round starts: send the DA request to the parent.
    func beginRound(_ v: Int32) {
        let i = Int(v)
        let nodes = ctx.nodes
        if behaviors.isOffline(i) || (bridge.isOn && bridge.frozenFully(i)) {
            // An offline operator (or a fully frozen sender) does nothing; periodic slots keep coming.
            nodes[i].roundState = .idle
            if let e = ctx.every(of: i), ctx.now + e <= ctx.config.duration { scheduleRound(v, at: ctx.now + e) }
            return
        }
        nodes[i].roundState = .busy
        nodes[i].roundStart = ctx.now
        ctx.schedule(.round(.daServe(node: v)), at: ctx.now + ctx.linkDelay(of: i))
    }

    /// The request reaches the parent, which serves its chain as of now (rule 5).
    func serveFetch(_ v: Int32) {
        let i = Int(v)
        let nodes = ctx.nodes
        let p = Int(nodes[i].parent)
        var late: SimTime = 0
        if behaviors.code(p) != 0 {
            switch behaviors.answer(by: p, to: i, sentAt: nodes[i].roundStart) {
            case .failed(let at):
                ctx.schedule(.fault(.daFailed(node: v, parent: Int32(p))), at: at)
                return
            case .served(let l): late = l
            }
        }
        // §9 check 5: the child checks that the parent's state includes its latest accepted commitment.
        if !proofs.parentStateHolds(child: v, parent: Int32(p), at: ctx.now + nodes[i].daTransfer + late) {
            ctx.schedule(.fault(.daFailed(node: v, parent: Int32(p))), at: ctx.now + nodes[i].daTransfer + late)
            return
        }
        nodes[i].fetchSnapshot = p == 0 ? l1.lastBlock : nodes[p].knownL1
        if l1.forkAware { l1.serveFork(i, parent: p) }
        if bridge.isOn { forced.noteServed(i) }
        counts[i].daFetched += counts[i].daBytes
        let transfer = nodes[i].daTransfer + late
        if transfer == 0 {
            collectAndProve(v)
        } else {
            ctx.schedule(.round(.daResponse(node: v)), at: ctx.now + transfer)
        }
    }

    /// The DA response is in: collect input, build the new state's summary, start proving.
    func collectAndProve(_ v: Int32) {
        let i = Int(v)
        let now = ctx.now
        let nodes = ctx.nodes
        let forkAware = l1.forkAware
        let stamp = forkAware ? l1.chooseFork(i) : nodes[i].fetchSnapshot
        if stamp > nodes[i].knownL1 || (forkAware && stamp != nodes[i].knownL1) {
            nodes[i].knownL1 = stamp
            if ctx.eager { notifyChildren(of: i) }
        }

        // Own transactions since the last collection (Poisson), a thinned sample of them tracked.
        // Periodic rounds draw the count; eager rounds know when the next transaction arrives
        // (that arrival is what wakes an idle node), so the count is 1 + Poisson after it.
        var newTx: Int64 = 0
        var from = nodes[i].lastCollect
        let txRate = ctx.txRate(of: i)
        if txRate > 0 {
            if ctx.eager {
                if nodes[i].nextTransaction <= now {
                    from = nodes[i].nextTransaction
                    newTx = 1 + Int64(txStream.poisson(mean: txRate * Time.seconds(now - from)))
                    nodes[i].nextTransaction = drawTransactionGap(after: now, node: i)
                }
            } else if now > from {
                newTx = Int64(txStream.poisson(mean: txRate * Time.seconds(now - from)))
            }
        }
        let elapsed = now - from
        if newTx > 0 {
            let tracked = trackStream.binomial(n: UInt64(newTx), p: txTrackProbability)
            if tracked > 0 {
                for _ in 0..<tracked {
                    let created = from + SimTime((trackStream.uniformPositive() * Double(elapsed)).rounded(.up))
                    let item = store.add(TrackedItem(kind: .transaction, origin: v, depth: Int16(nodes[i].depth),
                                                         created: min(created, now)))
                    nodes[i].inbox.append(item, store)
                }
            }
        }
        nodes[i].lastCollect = now
        counts[i].txCreated += newTx
        ctx.counters.txCreated += newTx
        nodes[i].pendingTx += newTx

        if trackStream.bernoulli(updateTrackProbability) {
            var item = TrackedItem(kind: .update, origin: v, depth: Int16(nodes[i].depth), created: nodes[i].roundStart)
            item.stamp = stamp
            let idx = store.add(item)
            nodes[i].inbox.append(idx, store)
            appendLocal(idx, node: i)
        }

        if bridge.isOn { bridge.collect(v) }
        if behaviors.anyMissedForced { behaviors.seeMissedForcedOperations(by: v) }

        // The new ZKP: stamp, summary of the subtree, the items and transactions it covers.
        let r = pool.allocate()
        pool[r].stamp = stamp
        pool[r].itemsHead = nodes[i].inbox.head
        pool[r].itemsTail = nodes[i].inbox.tail
        nodes[i].inbox = ItemList()
        pool[r].txCount = nodes[i].pendingTx
        nodes[i].pendingTx = 0
        if forkAware { l1.buildForkSummary(record: r, node: i, stamp: stamp) } else { buildSummary(record: r, node: i, stamp: stamp) }
        nodes[i].hasInput = false

        // Prove (the chosen core commits, or flags, the update), then the proving time (rule 7):
        // one recursion-step draw × proofs verified (+ inline transactions).
        proofs.proveUpdate(node: v, record: r, stamp: stamp, round: counts[i].rounds + 1, transactions: counts[i].txCreated)
        var proving = ctx.provingTime(node: i, children: Int(nodes[i].childCount), newTransactions: newTx)
        if behaviors.code(i) == Behaviors.slow { proving *= behaviors.slowFactor(of: v) }
        var duration = max(0, Time.micros(proving))
        if ctx.eager && duration == 0 { duration = 1 }  // eager rounds of zero length would never let time advance
        if let market { market.submit(v, record: r, work: duration); return }  // outsourced (Provers/)
        ctx.schedule(.round(.proveDone(node: v, record: r)), at: now + duration)
    }

    /// Summary of v's new state: its children's latest summaries plus v stamped `stamp`.
    @inline(__always)
    func buildSummary(record r: Int32, node i: Int, stamp: Int32) {
        let start = Int(ctx.nodes[i].childStart)
        let ctx = ctx
        pool.merge(into: r, ownStamp: stamp, count: Int(ctx.nodes[i].childCount)) { ctx.delivered[Int(ctx.tree.children[start + $0])] }
    }

    /// Proving is done: push the ZKP to the parent and schedule the next round.
    func finishRound(_ v: Int32, record r: Int32) {
        let i = Int(v)
        let now = ctx.now
        let nodes = ctx.nodes
        counts[i].rounds += 1
        ctx.counters.rounds += 1
        if bridge.isOn { forced.proven(v) }
        nodes[i].latestStamp = pool[r].stamp

        // Push (rule 8): one delay plus transfer; pushes from one child arrive in order.
        let arrival = max(now + ctx.linkDelay(of: i) + ctx.pushTransfer(of: i), nodes[i].lastArrival)
        nodes[i].lastArrival = arrival
        pool[r].arrival = arrival
        let check = ctx.verificationTime()
        let delivery = max(arrival + check, nodes[i].lastDelivery)
        nodes[i].lastDelivery = delivery
        ctx.schedule(.round(.delivered(child: v, record: r)), at: delivery)

        // The next round (rule 4).
        if let e = ctx.every(of: i) {
            scheduleNextSlot(v, every: e)
        } else if nodes[i].hasInput || nodes[i].nextTransaction <= now {
            scheduleRound(v, at: now)
        } else if nodes[i].nextTransaction <= ctx.config.duration {
            scheduleRound(v, at: nodes[i].nextTransaction)   // wait for the next own transaction
        } else {
            nodes[i].roundState = .idle
        }
    }

    /// Input arrived for `i` (eager updates): start a round now if it is idle.
    @inline(__always)
    func inputArrived(_ i: Int) {
        let nodes = ctx.nodes
        nodes[i].hasInput = true
        guard ctx.eager else { return }
        if nodes[i].roundState == .idle || (nodes[i].roundState == .scheduled && nodes[i].scheduledAt > ctx.now) {
            scheduleRound(Int32(i), at: ctx.now)
        }
    }

    /// Wakes an idle validium now (a new operator took over, an honest operator came back).
    func wakeIfIdle(_ v: Int32) {
        if ctx.nodes[Int(v)].roundState == .idle { scheduleRound(v, at: ctx.now) }
    }

    /// Tells each child of `i`, after one network delay, that the L1 block `i` knows advanced.
    func notifyChildren(of i: Int) {
        for k in Int(ctx.tree.childStart[i])..<Int(ctx.tree.childStart[i + 1]) {
            ctx.schedule(.round(.notify(node: ctx.tree.children[k])), at: ctx.now + ctx.networkDelay())
        }
    }

    /// `v`'s round fetch failed (refused or timed out): the round is abandoned; the next one comes
    /// at its periodic slot, or after `da.timeout` with eager updates.
    func abandonRound(_ v: Int32) {
        if let e = ctx.every(of: Int(v)) {
            scheduleNextSlot(v, every: e)
        } else {
            let next = ctx.now + ctx.config.faults.daTimeout   // eager: retry after a timeout
            if next <= ctx.config.duration { scheduleRound(v, at: next) } else { ctx.nodes[Int(v)].roundState = .idle }
        }
    }

    /// Adds a tracked item (a bridge burn, receipt or forced item) to `v`'s inbox: it rides v's next
    /// ZKP upward.
    func addToInbox(_ idx: Int32, node v: Int32) {
        ctx.nodes[Int(v)].inbox.append(idx, store)
    }
}
