import SimCore

/// L1 gas (docs/model.md §8, `l1.gas`, `l1.gas_limit`): what each block costs, and, with a limit,
/// which validium ZKPs wait for a later block.
///
/// Every L1 transaction is priced from `L1GasConfig`: a validium ZKP (and an exit proof or an
/// emergency ZKP at the L1) costs tx base + verification + calldata + stored state; a message the L1
/// processes costs `message`. Without `l1.gas_limit` this only observes: no event, draw or order
/// changes. With it, each block first takes its exits, emergency ZKPs and via-L1 messages (never
/// deferred), then the validium ZKPs in arrival order while they fit; the rest go back to the front of
/// the L1's queue for the next block (their wait is measured in blocks).
final class L1Gas {
    let ctx: ModelContext
    /// Gas of one validium ZKP, exit proof or emergency ZKP; of one message.
    let perZkp: Int64
    let perMessage: Int64
    /// Gas a block may use (nil: unlimited).
    let limit: Int64?
    /// ZKPs submitted in the current step (after the limit), and the deferred (child, record) pairs.
    private var submitted = 0
    private var deferred: [Int32] = []
    /// Blocks waited so far by each ZKP at the front of the L1 queue (the ones deferred last block).
    private var waits: [Int32] = []
    /// Totals seen at the previous block (exits, messages, emergency ZKPs at the L1).
    private var lastExits: Int64 = 0, lastMessages: Int64 = 0, lastEmergency: Int64 = 0
    /// The results so far.
    private(set) var results: L1GasResults

    // What the L1 also carries (wired through the L1).
    unowned(unsafe) let l1: L1

    init(ctx: ModelContext, l1: L1) {
        self.ctx = ctx
        self.l1 = l1
        let c = ctx.config
        perZkp = c.l1.gas.zkp(c.proofs)
        perMessage = c.l1.gas.message
        limit = c.l1.gasLimit
        results = L1GasResults(perZkp: perZkp, perMessage: perMessage, limit: limit)
    }

    /// Exits, emergency ZKPs and messages processed since the last block: (exits, emergency, messages).
    private func otherTransactions() -> (Int64, Int64, Int64) {
        (l1.exits.l1Transactions - lastExits, l1.behaviors.elections.l1Transactions - lastEmergency,
         l1.bridge.l1MessageTransactions - lastMessages)
    }

    /// At the start of a block step: with a limit, keeps in `pending` the ZKPs that fit and sets the
    /// others aside (in arrival order); counts the ZKPs submitted.
    @inline(__always)
    func takeBlock(_ pending: inout [Int32]) {
        let zkps = pending.count / 2
        guard let limit else { submitted = zkps; return }
        // Gas this block owes first: exits waiting, emergency ZKPs since the last block, messages due.
        let (_, emergency, messages) = otherTransactions()
        let reserved = Int64(l1.exits.l1PendingCount) * perZkp + emergency * perZkp
            + (messages + Int64(l1.bridge.l1MessagesDue)) * perMessage
        let fit = min(zkps, Int(max(0, limit - reserved) / perZkp))
        var newWaits: [Int32] = []
        for i in 0..<zkps {
            let waited = i < waits.count ? waits[i] : 0
            if i < fit {
                if waited > 0 {
                    results.waitedBlocks += Int64(waited)
                    results.maxWaitBlocks = max(results.maxWaitBlocks, waited)
                }
            } else {
                if waited == 0 { results.deferredZkps += 1 }
                newWaits.append(waited + 1)
            }
        }
        waits = newWaits
        deferred = Array(pending[(2 * fit)...])
        pending.removeSubrange((2 * fit)...)
        submitted = fit
    }

    /// At the end of block step `k`: the block's gas, and the deferred ZKPs back at the front of the queue.
    func endBlock(_ k: Int32, pending: inout [Int32]) {
        let (exits, emergency, messages) = otherTransactions()
        lastExits += exits; lastEmergency += emergency; lastMessages += messages
        let gas = Int64(submitted) * perZkp + (exits + emergency) * perZkp + messages * perMessage
        results.perBlock.append(gas)
        results.zkps += Int64(submitted)
        results.exits += exits
        results.emergency += emergency
        results.messages += messages
        results.maxQueue = max(results.maxQueue, Int32(deferred.count / 2))
        submitted = 0
        if !deferred.isEmpty {
            pending.insert(contentsOf: deferred, at: 0)
            deferred.removeAll(keepingCapacity: true)
        }
    }
}

/// The L1's gas over a run (docs/model.md §8): one figure per block and what made it up.
public struct L1GasResults: Sendable, Equatable {
    /// Gas of one validium ZKP (also an exit proof or an emergency ZKP at the L1), of one message.
    public var perZkp: Int64
    public var perMessage: Int64
    /// `l1.gas_limit` (nil: unlimited).
    public var limit: Int64?
    /// Gas of each block, in block order (block k at index k − 1).
    public var perBlock: [Int64] = []
    /// Validium ZKPs, exits, emergency ZKPs and messages the L1 processed.
    public var zkps: Int64 = 0
    public var exits: Int64 = 0
    public var emergency: Int64 = 0
    public var messages: Int64 = 0
    /// ZKPs deferred at least once by the limit; blocks waited by the ZKPs included after a deferral; the longest wait.
    public var deferredZkps: Int64 = 0
    public var waitedBlocks: Int64 = 0
    public var maxWaitBlocks: Int32 = 0
    /// Most ZKPs left waiting after a block.
    public var maxQueue: Int32 = 0

    /// Results for these prices.
    public init(perZkp: Int64, perMessage: Int64, limit: Int64?) {
        self.perZkp = perZkp; self.perMessage = perMessage; self.limit = limit
    }

    /// Total gas.
    public var total: Int64 { perBlock.reduce(0, +) }
}
