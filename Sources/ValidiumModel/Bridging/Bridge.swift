import SimCore
import Stochastic

/// Cross-validium messages by direct bridging (docs/model.md §6), the via-L1 baseline, relayer bots and
/// the recipients' nullifier ledger. A sender burns in its next update and is frozen; the burn
/// climbs the ZKP chain to the L1; once the recipient knows an L1 state that includes it, a relayer
/// bot delivers the inclusion proof; the recipient verifies and mints in its next update; its
/// receipt climbs to the L1; a bot brings the confirmation back and the sender unfreezes.
///
/// Messages live in one array indexed by id; the per-node waiting lists are dictionaries of arrays,
/// looked up, never iterated. Off (`isOn` false) without `workload.bridge`. Draws from the stream
/// `bridge`. Forced routing (`ForcedRouting`) takes over a message that waited `force_after`.
final class Bridge {
    let ctx: ModelContext
    /// True when the scenario has a `workload.bridge` section.
    let isOn: Bool
    let config: BridgeConfig
    let stream: RandomStream
    /// Every message, by id.
    private(set) var messages: [MessageRow] = []
    /// The message a sender waits to have confirmed (−1: none): it is frozen meanwhile.
    private var outstanding: [Int32]
    /// Messages queued behind a freeze, oldest first.
    private var queued: [Int32: [Int32]] = [:]
    /// Burns to collect into the sender's next update.
    private var pendingBurn: [Int32: [Int32]] = [:]
    /// Verified deliveries to mint at the recipient's next update, with the time they are ready.
    private var pendingMint: [Int32: [(message: Int32, ready: SimTime)]] = [:]
    /// Messages a node waits on until it knows an L1 block: (message, block, what for).
    private var awaitL1: [Int32: [(message: Int32, block: Int32, purpose: L1Purpose)]] = [:]
    /// Minted messages (the recipients' nullifiers).
    private var nullifiers = Set<Int32>()
    /// When each bot is free again.
    private var botFree: [SimTime]
    /// The L1's message queue (via_l1), processed `l1.capacity` a block.
    private var l1Queue: [Int32] = []
    private var l1QueueHead = 0
    /// Messages processed by the L1 so far, via_l1 or forced (L1 gas, `L1Gas`).
    private(set) var l1MessageTransactions: Int64 = 0
    /// Messages the L1 processes at its next block (route: via_l1).
    var l1MessagesDue: Int { isOn ? min(l1Queue.count - l1QueueHead, ctx.config.l1.messageCapacity) : 0 }
    /// Partners of each sender with `destinations: pairs`.
    private var partners: [Int32: [Int32]] = [:]
    /// Counts for the results.
    private(set) var results = BridgeResults()

    // The mechanisms the bridge asks (wired by the world).
    var behaviors: Behaviors!
    var cycle: UpdateCycle!
    var proofs: ProofChecks!
    var forced: ForcedRouting!

    init(ctx: ModelContext) {
        self.ctx = ctx
        isOn = ctx.config.workload.bridge != nil
        config = ctx.config.workload.bridge ?? BridgeConfig(rate: 0)
        stream = RandomStream(seed: ctx.seed, name: "bridge")
        outstanding = [Int32](repeating: -1, count: isOn ? ctx.n : 0)
        botFree = [SimTime](repeating: 0, count: max(1, config.bots.count))
        if case .pairs(let list) = config.destinations {
            for pair in list where pair.count == 2 { partners[pair[0], default: []].append(pair[1]) }
        }
    }

    /// Handles one of the mechanism's events.
    func handle(_ e: BridgeEvent) {
        switch e {
        case .send(let s): send(s)
        case .force(_, let m): forced.force(m)
        case .proof(let r, let m): proofDelivered(m, to: r)
        case .confirm(let s, let m): confirmationDelivered(m, to: s)
        case .l1Read(let v, let m, let purpose): l1StateKnown(m, by: v, purpose: purpose)
        }
    }

    /// A validium joins.
    func appendNode() { if isOn { outstanding.append(-1) } }

    /// Full freeze: a frozen sender skips its rounds, unless it has a forced push to make.
    @inline(__always)
    func frozenFully(_ v: Int) -> Bool {
        guard config.freeze == .full, outstanding[v] >= 0 else { return false }
        return !forced.hasPendingPush(Int32(v)) && pendingBurn[Int32(v)] == nil
    }

    /// The results, messages included.
    func finalResults(missedDeadlines: Int64) -> BridgeResults {
        var r = results
        r.messages = messages
        r.missedDeadlines = missedDeadlines
        return r
    }

    // MARK: What forced routing reads and changes

    /// Message `m`.
    func message(_ m: Int32) -> MessageRow { messages[Int(m)] }

    /// Message `m` becomes a forced one, with its hops to and from the common ancestor.
    func reroute(_ m: Int32, hopsUp: Int32, hopsDown: Int32) {
        messages[Int(m)].route = .forced
        messages[Int(m)].hopsUp = hopsUp
        messages[Int(m)].hopsDown = hopsDown
    }

    /// Message `m` cost one more L1 transaction.
    func addL1Transaction(_ m: Int32) { messages[Int(m)].l1Transactions += 1; l1MessageTransactions += 1 }
}

/// The life of a direct or via-L1 message (docs/model.md §6): hops up to the L1 and down to the
/// recipient (the burn and the L1 state travel that way), relayer bots, minting and unfreezing.
extension Bridge {
    /// Each sender's first message request.
    func scheduleSends() {
        guard isOn else { return }
        for v in 1..<ctx.n { scheduleNextSend(Int32(v)) }
    }

    func scheduleNextSend(_ s: Int32) {
        guard config.rate > 0 else { return }
        if case .pairs = config.destinations, partners[s] == nil { return }
        let at = ctx.now + max(1, Time.micros(stream.exponential(mean: 1e6 / config.rate)))
        if at <= ctx.config.duration { ctx.schedule(.bridge(.send(node: s)), at: at) }
    }

    /// `s` asks to send a message: now, or queued behind its freeze.
    func send(_ s: Int32) {
        scheduleNextSend(s)
        guard !behaviors.isOffline(Int(s)), let r = pickRecipient(for: s) else { return }
        let id = Int32(messages.count)
        let route: MessageRoute = config.route == .viaL1 ? .viaL1 : .direct
        messages.append(MessageRow(
            id: id, sender: s, recipient: r, route: route, created: ctx.now, sent: -1, burnIncluded: -1, burnAtL1: -1,
            minted: -1, receiptAtL1: -1, confirmed: -1, hopsUp: ctx.tree.depth[Int(s)], hopsDown: ctx.tree.depth[Int(r)],
            l1Transactions: 0, freezeTime: -1))
        if route != .viaL1 && outstanding[Int(s)] >= 0 {
            queued[s, default: []].append(id)
        } else {
            startMessage(id)
        }
    }

    /// The message leaves the queue: its burn goes into the sender's next update.
    func startMessage(_ m: Int32) {
        let s = messages[Int(m)].sender
        messages[Int(m)].sent = ctx.now
        if messages[Int(m)].route != .viaL1 { outstanding[Int(s)] = m }
        pendingBurn[s, default: []].append(m)
        cycle.inputArrived(Int(s))
    }

    func pickRecipient(for s: Int32) -> Int32? {
        let n = ctx.n, tree = ctx.tree
        guard n > 2 else { return nil }
        func uniform() -> Int32 {
            let k = Int32(1 + stream.uniformInt(UInt64(n - 2)))
            return k >= s ? k + 1 : k
        }
        switch config.destinations {
        case .uniform: return uniform()
        case .siblings:
            let p = Int(tree.parent[Int(s)])
            let count = ctx.tree.childCount(p)
            guard count > 1 else { return uniform() }
            var k = Int(stream.uniformInt(UInt64(count - 1)))
            let start = Int(ctx.tree.childStart[p])
            if ctx.tree.children[start + k] == s { k = count - 1 }
            return ctx.tree.children[start + k]
        case .far:
            let top = ctx.l1Child(of: Int(s))
            for _ in 0..<32 {
                let r = uniform()
                if ctx.l1Child(of: Int(r)) != top { return r }
            }
            return uniform()
        case .pairs:
            guard let list = partners[s], !list.isEmpty else { return nil }
            return list[Int(stream.uniformInt(UInt64(list.count)))]
        }
    }

    /// What `v` collects for the bridge when its DA response is in (before its ZKP is built).
    func collect(_ v: Int32) {
        let now = ctx.now
        if let burns = pendingBurn.removeValue(forKey: v) {
            for m in burns {
                messages[Int(m)].burnIncluded = now
                results.burned += 1
                proofs.commitBurn(m, sender: v, recipient: messages[Int(m)].recipient, forged: behaviors.forgesBurns(v))
                addBridgeItem(.burn, message: m, at: v)
                if messages[Int(m)].route == .direct && config.route == .direct {
                    ctx.schedule(.bridge(.force(node: v, message: m)), at: now + config.forceAfter)
                }
            }
        }
        if var mints = pendingMint[v] {
            mints.removeAll { entry in
                guard entry.ready <= now else { return false }
                mint(entry.message, at: v)
                return true
            }
            pendingMint[v] = mints.isEmpty ? nil : mints
        }
        if var waits = awaitL1[v] {
            let known = ctx.nodes[Int(v)].knownL1
            waits.removeAll { w in
                guard w.block <= known else { return false }
                l1StateKnown(w.message, by: v, purpose: w.purpose)
                return true
            }
            awaitL1[v] = waits.isEmpty ? nil : waits
        }
        forced.collect(v)
    }

    /// Adds a bridge item (burn, receipt, forced) to `v`'s inbox: it rides v's next ZKP upward.
    func addBridgeItem(_ kind: TrackedKind, message m: Int32, at v: Int32) {
        var item = TrackedItem(kind: kind, origin: v, depth: Int16(ctx.tree.depth[Int(v)]), created: ctx.now)
        item.message = m
        let idx = ctx.store.add(item)
        cycle.addToInbox(idx, node: v)
    }

    /// A burn, receipt or forced item reached the L1 in block `k`.
    func itemIncluded(_ item: TrackedItem, block k: Int32) {
        let m = item.message
        switch item.kind {
        case .burn:
            messages[Int(m)].burnAtL1 = ctx.now
            if messages[Int(m)].route == .viaL1 {
                l1Queue.append(m)
            } else {
                waitForL1(messages[Int(m)].recipient, message: m, block: k, purpose: .relayBurn)
            }
        case .receipt:
            messages[Int(m)].receiptAtL1 = ctx.now
            waitForL1(messages[Int(m)].sender, message: m, block: k, purpose: .relayReceipt)
        case .forced:
            forced.reachedL1(m)
        default: break
        }
    }

    /// The L1 processes up to `l1.capacity` queued messages in this block (route: via_l1).
    func processL1Messages(block k: Int32) {
        guard isOn, l1QueueHead < l1Queue.count else { return }
        let end = min(l1Queue.count, l1QueueHead + ctx.config.l1.messageCapacity)
        for i in l1QueueHead..<end {
            let m = l1Queue[i]
            messages[Int(m)].l1Transactions += 1
            l1MessageTransactions += 1
            waitForL1(messages[Int(m)].recipient, message: m, block: k, purpose: .mintViaL1)
        }
        results.maxL1MessagesPerBlock = max(results.maxL1MessagesPerBlock, Int32(end - l1QueueHead))
        l1QueueHead = end
        if end == l1Queue.count { l1Queue.removeAll(); l1QueueHead = 0 }
    }

    /// `v` must know L1 block `k` before acting on message `m`: through the tree, or by reading the L1.
    func waitForL1(_ v: Int32, message m: Int32, block k: Int32, purpose: L1Purpose) {
        if config.l1Hash == .direct {
            ctx.schedule(.bridge(.l1Read(node: v, message: m, purpose: purpose)), at: ctx.now + ctx.networkDelay())
        } else if ctx.nodes[Int(v)].knownL1 >= k {
            l1StateKnown(m, by: v, purpose: purpose)
        } else {
            awaitL1[v, default: []].append((m, k, purpose))
        }
    }

    /// `v` knows an L1 state with what message `m` needs.
    func l1StateKnown(_ m: Int32, by v: Int32, purpose: L1Purpose) {
        switch purpose {
        case .relayBurn: relayByBot(.proof, to: v, message: m)
        case .relayReceipt: relayByBot(.confirm, to: v, message: m)
        case .mintViaL1:
            pendingMint[v, default: []].append((m, ctx.now))
            cycle.inputArrived(Int(v))
        }
    }

    /// A bot picks up a delivery: the earliest free bot, after its delay; it may be unavailable
    /// (lost attempt) or broken (delivers twice).
    func relayByBot(_ delivery: BotDelivery, to v: Int32, message m: Int32) {
        if !stream.bernoulli(config.bots.availability) { results.botMisses += 1; return }
        var j = 0
        for k in 1..<botFree.count where botFree[k] < botFree[j] { j = k }
        let done = max(ctx.now, botFree[j]) + max(0, Time.micros(config.bots.delay.sample(stream)))
        botFree[j] = done
        results.botDeliveries += 1
        let event: BridgeEvent = delivery == .proof ? .proof(node: v, message: m) : .confirm(node: v, message: m)
        ctx.schedule(.bridge(event), at: done)
        if stream.bernoulli(config.bots.duplicate) {
            ctx.schedule(.bridge(event), at: done + 1)
        }
    }

    /// The recipient receives a burn's inclusion proof: verify, then mint in its next update.
    func proofDelivered(_ m: Int32, to r: Int32) {
        let already = nullifiers.contains(m) || (pendingMint[r]?.contains { $0.message == m } ?? false)
        if already || messages[Int(m)].route == .forced {
            results.doubleMintsRejected += 1
            return
        }
        let check = ctx.verificationTime()
        if let reason = proofs.verifyBurn(m, sender: messages[Int(m)].sender, recipient: r) {
            proofs.refuseBurn(m, sender: messages[Int(m)].sender, by: r, reason: reason)
            return
        }
        pendingMint[r, default: []].append((m, ctx.now + check))
        cycle.inputArrived(Int(r))
    }

    /// Mints message `m` at `r` (once: the nullifier refuses a second mint).
    func mint(_ m: Int32, at r: Int32) {
        guard nullifiers.insert(m).inserted else { results.doubleMintsRejected += 1; return }
        if messages[Int(m)].burnIncluded < 0 { results.mintsWithoutBurn += 1 }
        messages[Int(m)].minted = ctx.now
        results.minted += 1
        switch messages[Int(m)].route {
        case .direct: addBridgeItem(.receipt, message: m, at: r)
        case .viaL1, .forced: messages[Int(m)].confirmed = ctx.now
        }
    }

    /// The confirmation reaches the sender: it verifies and unfreezes.
    func confirmationDelivered(_ m: Int32, to s: Int32) {
        guard messages[Int(m)].confirmed < 0, messages[Int(m)].route == .direct else { return }
        let check = ctx.verificationTime()
        messages[Int(m)].confirmed = ctx.now + check
        unfreeze(s, message: m, at: ctx.now + check)
    }

    /// The sender is free again: its next queued message starts.
    func unfreeze(_ s: Int32, message m: Int32, at t: SimTime) {
        guard outstanding[Int(s)] == m else { return }
        outstanding[Int(s)] = -1
        messages[Int(m)].freezeTime = t - messages[Int(m)].burnIncluded
        if var q = queued[s], !q.isEmpty {
            let next = q.removeFirst()
            queued[s] = q.isEmpty ? nil : q
            startMessage(next)
        }
    }

}

/// What a bot delivers.
enum BotDelivery { case proof, confirm }
