import SimCore

/// How a message ended up travelling.
public enum MessageRoute: String, Sendable, Equatable {
    /// Minted through a relayer bot's inclusion proof.
    case direct
    /// Pushed up to the common ancestor and pulled down to the recipient.
    case forced
    /// Through the L1's message queue.
    case viaL1 = "via_l1"
}

/// One cross-validium message, from the send request to its confirmation (−1: not reached).
public struct MessageRow: Sendable, Equatable {
    /// Message id.
    public var id: Int32
    /// Sender and recipient.
    public var sender: Int32
    public var recipient: Int32
    /// Route it took (or is taking).
    public var route: MessageRoute
    /// The sender asked to send it.
    public var created: SimTime
    /// It left the sender's queue (the sender was not frozen any more).
    public var sent: SimTime
    /// The burn was collected into the sender's update.
    public var burnIncluded: SimTime
    /// The burn reached the L1 (block time).
    public var burnAtL1: SimTime
    /// The recipient minted it.
    public var minted: SimTime
    /// The recipient's receipt reached the L1.
    public var receiptAtL1: SimTime
    /// The sender was unfrozen (confirmation, or its forced push).
    public var confirmed: SimTime
    /// Hops up to the common ancestor and down to the recipient.
    public var hopsUp: Int32
    public var hopsDown: Int32
    /// L1 transactions it cost.
    public var l1Transactions: Int32
    /// How long the sender stayed frozen because of it (µs; −1 while still frozen).
    public var freezeTime: SimTime
}

/// What the bridge recorded, and its ledger.
public struct BridgeResults: Sendable, Equatable {
    /// Every message.
    public var messages: [MessageRow] = []
    /// Tokens burned and minted (one per message).
    public var burned: Int64 = 0
    public var minted: Int64 = 0
    /// Deliveries refused because the message was already minted (nullifier).
    public var doubleMintsRejected: Int64 = 0
    /// Mints without a burn (must stay 0).
    public var mintsWithoutBurn: Int64 = 0
    /// Proof deliveries by bots, and attempts lost to unavailability.
    public var botDeliveries: Int64 = 0
    public var botMisses: Int64 = 0
    /// Forced-routing deadlines missed (a fault).
    public var missedDeadlines: Int64 = 0
    /// Messages the L1 processed per block (via_l1), largest seen.
    public var maxL1MessagesPerBlock: Int32 = 0
    /// Empty.
    public init() {}

    /// Ledger invariants: no mint without a burn, no double mint, burned = minted + in flight.
    public var invariantsHold: Bool {
        let inFlight = Int64(messages.filter { $0.burnIncluded >= 0 && $0.minted < 0 }.count)
        return mintsWithoutBurn == 0 && minted <= burned && burned == minted + inFlight
            && messages.filter { $0.minted >= 0 }.count == Int(minted)
    }
}
