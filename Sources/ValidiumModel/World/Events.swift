import SimCore

/// The model's events, typed by the mechanism that handles them. This file is the one place where
/// they are encoded to and decoded from the 16-byte `ModelEvent` the engine queues (kind, node,
/// arg, aux): the world, the prefetcher and the timeline all decode through `Event(_:)`.
public enum Event: Equatable, Sendable {
    /// The update cycle (docs/model.md §3): rounds, DA fetches, proving, delivery.
    case round(RoundEvent)
    /// Operator behaviours and detection (docs/model.md §5).
    case fault(FaultEvent)
    /// Emergency-control elections (docs/model.md §5.1).
    case election(ElectionEvent)
    /// Exits (docs/model.md §5, `recovery: exit`).
    case exit(ExitEvent)
    /// Sybil admission (docs/model.md §5).
    case sybilJoin(under: Int32)
    /// Direct and via-L1 bridging with relayer bots (docs/model.md §6).
    case bridge(BridgeEvent)
    /// Forced routing's deadline of `message` at `node` (docs/model.md §6).
    case forcedDeadline(node: Int32, message: Int32)
    /// The L1: blocks, stall watch, L1 election (docs/model.md §3.1, §8).
    case l1(L1Event)
    /// The prover market (docs/model.md §9).
    case prover(ProverEvent)
    /// A metrics sample.
    case sample
}

/// Events of the update cycle.
public enum RoundEvent: Equatable, Sendable {
    /// `node` starts a round (stale unless `generation` is its current one).
    case start(node: Int32, generation: Int32)
    /// `node`'s DA request reaches its parent.
    case daServe(node: Int32)
    /// The DA response reaches `node`.
    case daResponse(node: Int32)
    /// `node` finished proving ZKP `record`.
    case proveDone(node: Int32, record: Int32)
    /// `child`'s ZKP `record` is delivered to its parent after the check.
    case delivered(child: Int32, record: Int32)
    /// `node`'s parent tells it the L1 block it knows advanced (eager updates).
    case notify(node: Int32)
}

/// Events of operator behaviours and detection.
public enum FaultEvent: Equatable, Sendable {
    /// Adversary entry `entry` starts or ends for `node`.
    case behavior(node: Int32, entry: Int32, starts: Bool)
    /// `node`'s round fetch from `parent` failed.
    case daFailed(node: Int32, parent: Int32)
    /// An alarm about `faulty` reaches `node` from `sender`.
    case alarm(node: Int32, faulty: Int32, from: Int32)
    /// `node`'s own check of `faulty` ended (`failed`: the fault is confirmed).
    case checkDone(node: Int32, faulty: Int32, failed: Bool)
}

/// Events of emergency-control elections.
public enum ElectionEvent: Equatable, Sendable {
    /// `node`'s emergency ZKP for `election` is proven.
    case voteReady(node: Int32, election: Int32)
    /// A cumulative vote `count` for `election` sent by `node` reaches its next hop.
    case voteDeliver(node: Int32, election: Int32, count: Int32)
    /// `election` reaches its `election.timeout` (`node`: its faulty node).
    case timeout(node: Int32, election: Int32)
}

/// Events of exits.
public enum ExitEvent: Equatable, Sendable {
    /// `node`'s exit proof against faulty `parent` is proven.
    case ready(node: Int32, from: Int32)
    /// `node`'s exit reaches the node that processes it.
    case arrive(node: Int32, from: Int32)
}

/// Events of bridging.
public enum BridgeEvent: Equatable, Sendable {
    /// `node` asks to send a message.
    case send(node: Int32)
    /// `message` waited `force_after` unconfirmed (at its sender `node`).
    case force(node: Int32, message: Int32)
    /// A bot delivers `message`'s burn inclusion proof to its recipient `node`.
    case proof(node: Int32, message: Int32)
    /// A bot delivers `message`'s confirmation to its sender `node`.
    case confirm(node: Int32, message: Int32)
    /// `node` read the L1 directly (`l1_hash: direct`) for `message`, for `purpose`.
    case l1Read(node: Int32, message: Int32, purpose: L1Purpose)
}

/// What a node waits to know an L1 block for (bridging).
public enum L1Purpose: UInt8, Equatable, Sendable { case relayBurn, relayReceipt, mintViaL1 }

/// Events of the L1.
public enum L1Event: Equatable, Sendable {
    /// The L1 produces block (time step) `number`.
    case block(number: Int32)
    /// The L2 validiums' stall watch fires.
    case watch
    /// L2 validium `node`'s vote in L1 election `election` reaches the others.
    case vote(node: Int32, election: Int32)
    /// L1 election `election` reaches its `election.timeout`.
    case electionTimeout(election: Int32)
}

/// Events of the prover market.
public enum ProverEvent: Equatable, Sendable {
    /// `prover` finishes `assignment` (of `generation`).
    case done(prover: Int32, assignment: Int32, generation: Int32)
    /// The deadline of `prover`'s `assignment` (of `generation`) falls.
    case deadline(prover: Int32, assignment: Int32, generation: Int32)
}

extension Event {
    /// The event carried by `e`.
    @inline(__always)
    public init(_ e: ModelEvent) {
        let v = e.node, a = e.arg, x = e.aux
        switch e.kind {
        case .roundStart: self = .round(.start(node: v, generation: a))
        case .daServe: self = .round(.daServe(node: v))
        case .daResponse: self = .round(.daResponse(node: v))
        case .proveDone: self = .round(.proveDone(node: v, record: a))
        case .zkpDelivered: self = .round(.delivered(child: v, record: a))
        case .notify: self = .round(.notify(node: v))
        case .l1Block: self = .l1(.block(number: a))
        case .sample: self = .sample
        case .behavior: self = .fault(.behavior(node: v, entry: a, starts: x == 1))
        case .daFailed: self = .fault(.daFailed(node: v, parent: a))
        case .alarm: self = .fault(.alarm(node: v, faulty: a, from: x))
        case .checkDone: self = .fault(.checkDone(node: v, faulty: a, failed: x == 1))
        case .voteReady: self = .election(.voteReady(node: v, election: a))
        case .voteDeliver: self = .election(.voteDeliver(node: v, election: a, count: x))
        case .electionTimeout: self = .election(.timeout(node: v, election: a))
        case .exitReady: self = .exit(.ready(node: v, from: a))
        case .exitArrive: self = .exit(.arrive(node: v, from: a))
        case .sybilJoin: self = .sybilJoin(under: v)
        case .bridgeSend: self = .bridge(.send(node: v))
        case .bridgeForce: self = .bridge(.force(node: v, message: a))
        case .bridgeProof: self = .bridge(.proof(node: v, message: a))
        case .bridgeConfirm: self = .bridge(.confirm(node: v, message: a))
        case .bridgeL1Read: self = .bridge(.l1Read(node: v, message: a, purpose: L1Purpose(rawValue: UInt8(truncatingIfNeeded: x)) ?? .relayBurn))
        case .forcedDeadline: self = .forcedDeadline(node: v, message: a)
        case .l1Watch: self = .l1(.watch)
        case .l1Vote: self = .l1(.vote(node: v, election: a))
        case .l1ElectionTimeout: self = .l1(.electionTimeout(election: a))
        case .proverDone: self = .prover(.done(prover: v, assignment: a, generation: x))
        case .proverDeadline: self = .prover(.deadline(prover: v, assignment: a, generation: x))
        }
    }

    /// The 16-byte payload the engine queues.
    @inline(__always)
    public var encoded: ModelEvent {
        switch self {
        case .round(let r):
            switch r {
            case .start(let v, let g): return ModelEvent(.roundStart, node: v, arg: g)
            case .daServe(let v): return ModelEvent(.daServe, node: v)
            case .daResponse(let v): return ModelEvent(.daResponse, node: v)
            case .proveDone(let v, let r): return ModelEvent(.proveDone, node: v, arg: r)
            case .delivered(let c, let r): return ModelEvent(.zkpDelivered, node: c, arg: r)
            case .notify(let v): return ModelEvent(.notify, node: v)
            }
        case .fault(let f):
            switch f {
            case .behavior(let v, let k, let s): return ModelEvent(.behavior, node: v, arg: k, aux: s ? 1 : 0)
            case .daFailed(let v, let p): return ModelEvent(.daFailed, node: v, arg: p)
            case .alarm(let v, let p, let from): return ModelEvent(.alarm, node: v, arg: p, aux: from)
            case .checkDone(let v, let p, let failed): return ModelEvent(.checkDone, node: v, arg: p, aux: failed ? 1 : 0)
            }
        case .election(let e):
            switch e {
            case .voteReady(let v, let id): return ModelEvent(.voteReady, node: v, arg: id)
            case .voteDeliver(let v, let id, let count): return ModelEvent(.voteDeliver, node: v, arg: id, aux: count)
            case .timeout(let p, let id): return ModelEvent(.electionTimeout, node: p, arg: id)
            }
        case .exit(let e):
            switch e {
            case .ready(let v, let p): return ModelEvent(.exitReady, node: v, arg: p)
            case .arrive(let v, let p): return ModelEvent(.exitArrive, node: v, arg: p)
            }
        case .sybilJoin(let p): return ModelEvent(.sybilJoin, node: p)
        case .bridge(let b):
            switch b {
            case .send(let v): return ModelEvent(.bridgeSend, node: v)
            case .force(let v, let m): return ModelEvent(.bridgeForce, node: v, arg: m)
            case .proof(let v, let m): return ModelEvent(.bridgeProof, node: v, arg: m)
            case .confirm(let v, let m): return ModelEvent(.bridgeConfirm, node: v, arg: m)
            case .l1Read(let v, let m, let p): return ModelEvent(.bridgeL1Read, node: v, arg: m, aux: Int32(p.rawValue))
            }
        case .forcedDeadline(let v, let m): return ModelEvent(.forcedDeadline, node: v, arg: m)
        case .l1(let e):
            switch e {
            case .block(let k): return ModelEvent(.l1Block, node: 0, arg: k)
            case .watch: return ModelEvent(.l1Watch, node: 0)
            case .vote(let v, let id): return ModelEvent(.l1Vote, node: v, arg: id)
            case .electionTimeout(let id): return ModelEvent(.l1ElectionTimeout, node: 0, arg: id)
            }
        case .prover(let e):
            switch e {
            case .done(let p, let a, let g): return ModelEvent(.proverDone, node: p, arg: a, aux: g)
            case .deadline(let p, let a, let g): return ModelEvent(.proverDeadline, node: p, arg: a, aux: g)
            }
        case .sample: return ModelEvent(.sample, node: 0)
        }
    }

    /// The nodes an event concerns, for timeline filters (the node it happens to, and the other
    /// node it names: a faulty node, a sender, an alarm's origin).
    public var nodes: [Int32] {
        switch self {
        case .round(let r):
            switch r {
            case .start(let v, _), .daServe(let v), .daResponse(let v), .proveDone(let v, _), .notify(let v): return [v]
            case .delivered(let c, _): return [c]
            }
        case .fault(let f):
            switch f {
            case .behavior(let v, _, _): return [v]
            case .daFailed(let v, let p), .checkDone(let v, let p, _): return [v, p]
            case .alarm(let v, let p, let from): return [v, p, from]
            }
        case .election(let e):
            switch e { case .voteReady(let v, _), .voteDeliver(let v, _, _), .timeout(let v, _): return [v] }
        case .exit(let e):
            switch e { case .ready(let v, let p), .arrive(let v, let p): return [v, p] }
        case .sybilJoin(let p): return [p]
        case .bridge(let b):
            switch b {
            case .send(let v), .force(let v, _), .proof(let v, _), .confirm(let v, _), .l1Read(let v, _, _): return [v]
            }
        case .forcedDeadline(let v, _): return [v]
        case .l1(let e):
            switch e { case .block, .watch, .electionTimeout: return [0]; case .vote(let v, _): return [v] }
        case .prover: return []
        case .sample: return [0]
        }
    }
}
