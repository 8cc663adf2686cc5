import SimCore

/// Direct bridging (MODEL.md §6). Hops of a direct or via-L1 message: up to the L1 and down to the
/// recipient (the burn and the L1 state travel that way); of a forced one: to the common ancestor.
/// A sender burns in its next update and is frozen; the burn climbs
/// the ZKP chain to the L1; once the recipient knows an L1 state that includes it, a relayer bot
/// delivers the inclusion proof; the recipient verifies and mints in its next update; its receipt
/// climbs to the L1; a bot brings the confirmation back and the sender unfreezes.
extension World {
    /// Each sender's first message request.
    func scheduleBridgeSends() {
        guard bridge != nil else { return }
        for v in 1..<n { scheduleNextSend(Int32(v)) }
    }

    func scheduleNextSend(_ s: Int32) {
        guard let b = bridge, b.config.rate > 0 else { return }
        if case .pairs = b.config.destinations, b.partners[s] == nil { return }
        let at = engine.now + max(1, Time.micros(b.stream.exponential(mean: 1e6 / b.config.rate)))
        if at <= config.duration { engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.bridgeSend, node: s)) }
    }

    /// `s` asks to send a message: now, or queued behind its freeze.
    func bridgeSend(_ s: Int32) {
        scheduleNextSend(s)
        guard faults.behavior[Int(s)] != FaultState.offline, let r = pickRecipient(for: s) else { return }
        let id = Int32(bridge!.messages.count)
        let route: MessageRoute = bridge!.config.route == .viaL1 ? .viaL1 : .direct
        bridge!.messages.append(MessageRow(
            id: id, sender: s, recipient: r, route: route, created: engine.now, sent: -1, burnIncluded: -1, burnAtL1: -1,
            minted: -1, receiptAtL1: -1, confirmed: -1, hopsUp: tree.depth[Int(s)], hopsDown: tree.depth[Int(r)],
            l1Transactions: 0, freezeTime: -1))
        if route != .viaL1 && bridge!.outstanding[Int(s)] >= 0 {
            bridge!.queued[s, default: []].append(id)
        } else {
            startMessage(id)
        }
    }

    /// The message leaves the queue: its burn goes into the sender's next update.
    func startMessage(_ m: Int32) {
        let s = bridge!.messages[Int(m)].sender
        bridge!.messages[Int(m)].sent = engine.now
        if bridge!.messages[Int(m)].route != .viaL1 { bridge!.outstanding[Int(s)] = m }
        bridge!.pendingBurn[s, default: []].append(m)
        inputArrived(Int(s))
    }

    func pickRecipient(for s: Int32) -> Int32? {
        guard let b = bridge, n > 2 else { return nil }
        func uniform() -> Int32 {
            let k = Int32(1 + b.stream.uniformInt(UInt64(n - 2)))
            return k >= s ? k + 1 : k
        }
        switch b.config.destinations {
        case .uniform: return uniform()
        case .siblings:
            let p = Int(tree.parent[Int(s)])
            let count = tree.childCount(p)
            guard count > 1 else { return uniform() }
            var k = Int(b.stream.uniformInt(UInt64(count - 1)))
            let start = Int(tree.childStart[p])
            if tree.children[start + k] == s { k = count - 1 }
            return tree.children[start + k]
        case .far:
            let top = topAncestor(Int(s))
            for _ in 0..<32 {
                let r = uniform()
                if topAncestor(Int(r)) != top { return r }
            }
            return uniform()
        case .pairs:
            guard let list = b.partners[s], !list.isEmpty else { return nil }
            return list[Int(b.stream.uniformInt(UInt64(list.count)))]
        }
    }

    /// The child of the L1 above `v`.
    func topAncestor(_ v: Int) -> Int {
        var x = v
        while tree.parent[x] > 0 { x = Int(tree.parent[x]) }
        return x
    }

    /// The lowest common ancestor of `a` and `b`.
    func lowestCommonAncestor(_ a: Int, _ b: Int) -> Int {
        var x = a, y = b
        while tree.depth[x] > tree.depth[y] { x = Int(tree.parent[x]) }
        while tree.depth[y] > tree.depth[x] { y = Int(tree.parent[y]) }
        while x != y { x = Int(tree.parent[x]); y = Int(tree.parent[y]) }
        return x
    }

    /// What `v` collects for the bridge when its DA response is in (before its ZKP is built).
    func bridgeCollect(_ v: Int32) {
        let now = engine.now
        if let burns = bridge!.pendingBurn.removeValue(forKey: v) {
            for m in burns {
                bridge!.messages[Int(m)].burnIncluded = now
                bridge!.results.burned += 1
                proofs.commitBurn(m, sender: v, recipient: bridge!.messages[Int(m)].recipient,
                                  forged: faults.forging[Int(v)] == FaultState.forgesBurn)
                addBridgeItem(.burn, message: m, at: v)
                if bridge!.messages[Int(m)].route == .direct && bridge!.config.route == .direct {
                    engine.schedule(at: now + bridge!.config.forceAfter, phase: EventPhase.delivery,
                                    ModelEvent(.bridgeForce, node: v, arg: m))
                }
            }
        }
        if var mints = bridge!.pendingMint[v] {
            mints.removeAll { entry in
                guard entry.ready <= now else { return false }
                mint(entry.message, at: v)
                return true
            }
            bridge!.pendingMint[v] = mints.isEmpty ? nil : mints
        }
        if var waits = bridge!.awaitL1[v] {
            let known = nodes[Int(v)].knownL1
            waits.removeAll { w in
                guard w.block <= known else { return false }
                l1StateKnown(w.message, by: v, purpose: w.purpose)
                return true
            }
            bridge!.awaitL1[v] = waits.isEmpty ? nil : waits
        }
        forcedCollect(v)
    }

    /// Adds a bridge item (burn, receipt, forced) to `v`'s inbox: it rides v's next ZKP upward.
    func addBridgeItem(_ kind: TrackedKind, message m: Int32, at v: Int32) {
        var item = TrackedItem(kind: kind, origin: v, depth: Int16(tree.depth[Int(v)]), created: engine.now)
        item.message = m
        let idx = store.add(item)
        nodes[Int(v)].inbox.append(idx, &store)
    }

    /// A burn, receipt or forced item reached the L1 in block `k`.
    func bridgeItemIncluded(_ item: TrackedItem, block k: Int32) {
        let m = item.message
        switch item.kind {
        case .burn:
            bridge!.messages[Int(m)].burnAtL1 = engine.now
            if bridge!.messages[Int(m)].route == .viaL1 {
                bridge!.l1Queue.append(m)
            } else {
                waitForL1(bridge!.messages[Int(m)].recipient, message: m, block: k, purpose: .relayBurn)
            }
        case .receipt:
            bridge!.messages[Int(m)].receiptAtL1 = engine.now
            waitForL1(bridge!.messages[Int(m)].sender, message: m, block: k, purpose: .relayReceipt)
        case .forced:
            forcedReachedL1(m)
        default: break
        }
    }

    /// The L1 processes up to `l1.capacity` queued messages in this block (route: via_l1).
    func processL1Messages(block k: Int32) {
        guard let b = bridge, b.l1QueueHead < b.l1Queue.count else { return }
        let end = min(b.l1Queue.count, b.l1QueueHead + config.l1.messageCapacity)
        for i in b.l1QueueHead..<end {
            let m = b.l1Queue[i]
            bridge!.messages[Int(m)].l1Transactions += 1
            waitForL1(b.messages[Int(m)].recipient, message: m, block: k, purpose: .mintViaL1)
        }
        bridge!.results.maxL1MessagesPerBlock = max(b.results.maxL1MessagesPerBlock, Int32(end - b.l1QueueHead))
        bridge!.l1QueueHead = end
        if end == b.l1Queue.count { bridge!.l1Queue.removeAll(); bridge!.l1QueueHead = 0 }
    }

    /// `v` must know L1 block `k` before acting on message `m`: through the tree, or by reading the L1.
    func waitForL1(_ v: Int32, message m: Int32, block k: Int32, purpose: BridgeState.L1Purpose) {
        if bridge!.config.l1Hash == .direct {
            engine.schedule(at: engine.now + networkDelay(), phase: EventPhase.delivery,
                            ModelEvent(.bridgeL1Read, node: v, arg: m, aux: Int32(purpose.rawValue)))
        } else if nodes[Int(v)].knownL1 >= k {
            l1StateKnown(m, by: v, purpose: purpose)
        } else {
            bridge!.awaitL1[v, default: []].append((m, k, purpose))
        }
    }

    /// `v` knows an L1 state with what message `m` needs.
    func l1StateKnown(_ m: Int32, by v: Int32, purpose: BridgeState.L1Purpose) {
        switch purpose {
        case .relayBurn: relayByBot(.bridgeProof, to: v, message: m)
        case .relayReceipt: relayByBot(.bridgeConfirm, to: v, message: m)
        case .mintViaL1:
            bridge!.pendingMint[v, default: []].append((m, engine.now))
            inputArrived(Int(v))
        }
    }

    /// A bot picks up a delivery: the earliest free bot, after its delay; it may be unavailable
    /// (lost attempt) or broken (delivers twice).
    func relayByBot(_ kind: EventKind, to v: Int32, message m: Int32) {
        guard let b = bridge else { return }
        if !b.stream.bernoulli(b.config.bots.availability) { bridge!.results.botMisses += 1; return }
        var j = 0
        for k in 1..<b.botFree.count where b.botFree[k] < b.botFree[j] { j = k }
        let done = max(engine.now, b.botFree[j]) + max(0, Time.micros(b.config.bots.delay.sample(b.stream)))
        bridge!.botFree[j] = done
        bridge!.results.botDeliveries += 1
        engine.schedule(at: done, phase: EventPhase.delivery, ModelEvent(kind, node: v, arg: m))
        if b.stream.bernoulli(b.config.bots.duplicate) {
            engine.schedule(at: done + 1, phase: EventPhase.delivery, ModelEvent(kind, node: v, arg: m))
        }
    }

    /// The recipient receives a burn's inclusion proof: verify, then mint in its next update.
    func proofDelivered(_ m: Int32, to r: Int32) {
        let already = bridge!.nullifiers.contains(m) || (bridge!.pendingMint[r]?.contains { $0.message == m } ?? false)
        if already || bridge!.messages[Int(m)].route == .forced {
            bridge!.results.doubleMintsRejected += 1
            return
        }
        let check = config.proofs.verificationTime(provingStream)
        if let reason = proofs.verifyBurn(m, sender: bridge!.messages[Int(m)].sender, recipient: r) {
            refuseBurn(m, by: r, reason: reason)
            return
        }
        bridge!.pendingMint[r, default: []].append((m, engine.now + check))
        inputArrived(Int(r))
    }

    /// Mints message `m` at `r` (once: the nullifier refuses a second mint).
    func mint(_ m: Int32, at r: Int32) {
        guard bridge!.nullifiers.insert(m).inserted else { bridge!.results.doubleMintsRejected += 1; return }
        if bridge!.messages[Int(m)].burnIncluded < 0 { bridge!.results.mintsWithoutBurn += 1 }
        bridge!.messages[Int(m)].minted = engine.now
        bridge!.results.minted += 1
        switch bridge!.messages[Int(m)].route {
        case .direct: addBridgeItem(.receipt, message: m, at: r)
        case .viaL1, .forced: bridge!.messages[Int(m)].confirmed = engine.now
        }
    }

    /// The confirmation reaches the sender: it verifies and unfreezes.
    func confirmationDelivered(_ m: Int32, to s: Int32) {
        guard bridge!.messages[Int(m)].confirmed < 0, bridge!.messages[Int(m)].route == .direct else { return }
        let check = config.proofs.verificationTime(provingStream)
        bridge!.messages[Int(m)].confirmed = engine.now + check
        unfreeze(s, message: m, at: engine.now + check)
    }

    /// The sender is free again: its next queued message starts.
    func unfreeze(_ s: Int32, message m: Int32, at t: SimTime) {
        guard bridge!.outstanding[Int(s)] == m else { return }
        bridge!.outstanding[Int(s)] = -1
        bridge!.messages[Int(m)].freezeTime = t - bridge!.messages[Int(m)].burnIncluded
        if var q = bridge!.queued[s], !q.isEmpty {
            let next = q.removeFirst()
            bridge!.queued[s] = q.isEmpty ? nil : q
            startMessage(next)
        }
    }

    /// Full freeze: a frozen sender skips its rounds, unless it has a forced push to make.
    @inline(__always)
    func frozenFully(_ v: Int) -> Bool {
        guard let b = bridge, b.config.freeze == .full, b.outstanding[v] >= 0 else { return false }
        return b.pendingForcedPush[Int32(v)] == nil && b.pendingBurn[Int32(v)] == nil
    }
}
