import SimCore
import Stochastic

/// Per-run state of cross-validium messaging (MODEL.md §6). Messages live in one array indexed by
/// id; the per-node waiting lists are dictionaries of arrays, looked up, never iterated.
struct BridgeState {
    let config: BridgeConfig
    let stream: RandomStream
    var messages: [MessageRow] = []
    /// The message a sender waits to have confirmed (−1: none): it is frozen meanwhile.
    var outstanding: [Int32]
    /// Messages queued behind a freeze, oldest first.
    var queued: [Int32: [Int32]] = [:]
    /// Burns to collect into the sender's next update.
    var pendingBurn: [Int32: [Int32]] = [:]
    /// Verified deliveries to mint at the recipient's next update, with the time they are ready.
    var pendingMint: [Int32: [(message: Int32, ready: SimTime)]] = [:]
    /// Messages a node waits on until it knows an L1 block: (message, block, what for).
    var awaitL1: [Int32: [(message: Int32, block: Int32, purpose: L1Purpose)]] = [:]
    /// Forced pushes the sender makes in its next update.
    var pendingForcedPush: [Int32: [Int32]] = [:]
    /// Forced messages a node must process at its next update (the way down), and what it proves now.
    var forcedDown: [Int32: [Int32]] = [:]
    var provingForced: [Int32: [Int32]] = [:]
    /// Time the current holder of a forced message (on the way down) proved the state carrying it.
    var availableAt: [Int32: SimTime] = [:]
    /// The common ancestor of each forced message.
    var lca: [Int32: Int32] = [:]
    /// Forced items held back by a censoring node, and deadlines already armed (message << 32 | node).
    var held: [Int32: [Int32]] = [:]
    var deadlineArmed = Set<Int64>()
    /// Time each node's latest DA request was served (what the down path needs to have been proven).
    var servedAt: [SimTime]
    /// Minted messages (the recipient's nullifiers).
    var nullifiers = Set<Int32>()
    /// When each bot is free again.
    var botFree: [SimTime]
    /// The L1's message queue (via_l1), processed `l1Capacity` a block.
    var l1Queue: [Int32] = []
    var l1QueueHead = 0
    /// Forced items still climbing (the inbox is scanned only while some are).
    var forcedClimbing = 0
    /// Partners of each sender with `destinations: pairs`.
    var partners: [Int32: [Int32]] = [:]
    var results = BridgeResults()

    /// What a node waits for an L1 block to do.
    enum L1Purpose: UInt8 { case relayBurn, relayReceipt, mintViaL1 }

    init(config: BridgeConfig, nodes: Int, seed: UInt64) {
        self.config = config
        stream = RandomStream(seed: seed, name: "bridge")
        outstanding = [Int32](repeating: -1, count: nodes)
        servedAt = [SimTime](repeating: 0, count: nodes)
        botFree = [SimTime](repeating: 0, count: max(1, config.bots.count))
        if case .pairs(let list) = config.destinations {
            for pair in list where pair.count == 2 { partners[pair[0], default: []].append(pair[1]) }
        }
    }
}
