import Foundation
import Metrics
import SimCore
import ValidiumModel

/// What a timeline line is about; `--kind` takes these names (or event kind names).
public enum TimelineCategory: String, CaseIterable, Sendable {
    /// Round starts, proven updates, ZKP deliveries.
    case updates
    /// DA requests, responses and failures.
    case da
    /// L1 blocks.
    case blocks
    /// Adversary windows, own checks, detections, recoveries.
    case faults
    /// Alarms received.
    case alarms
    /// Emergency ZKPs and vote counts.
    case votes
    /// Elections opening, reaching a majority, installing an operator.
    case elections
    /// Exits of child subtrees.
    case exits
    /// Attacker validiums trying to join.
    case sybil
    /// Cross-validium messages (sends, bot deliveries, direct L1 reads).
    case bridge
    /// Forced routing and its deadlines.
    case forced
    /// Metric samples.
    case samples
    /// Parents telling children that the L1 advanced (eager updates).
    case notify
    /// The prover market: provers finishing jobs, deadlines falling.
    case provers

    /// The category of an event kind.
    public static func of(_ kind: EventKind) -> TimelineCategory {
        switch kind {
        case .roundStart, .proveDone, .zkpDelivered: return .updates
        case .daServe, .daResponse, .daFailed: return .da
        case .l1Block: return .blocks
        case .behavior, .checkDone: return .faults
        case .alarm: return .alarms
        case .voteReady, .voteDeliver, .electionTimeout: return .votes
        case .exitReady, .exitArrive: return .exits
        case .sybilJoin: return .sybil
        case .bridgeSend, .bridgeProof, .bridgeConfirm, .bridgeL1Read: return .bridge
        case .bridgeForce, .forcedDeadline: return .forced
        case .sample: return .samples
        case .notify: return .notify
        case .l1Watch: return .faults
        case .l1Vote, .l1ElectionTimeout: return .elections
        case .proverDone, .proverDeadline: return .provers
        }
    }

    /// Event kinds left out of the default story (too many, too little news): DA plumbing, samples,
    /// notifications, direct L1 reads, prover deadlines. `--kind` names them to see them.
    public static let quietKinds: [EventKind] = [.daServe, .daResponse, .sample, .notify, .bridgeL1Read, .proverDeadline]
}

/// What the stored tables say about nodes and messages: names for the timeline's lines.
struct TimelineContext {
    /// Parent of each node by id (−1 for the L1 or unknown).
    var parent: [Int32] = []
    /// Behavior of each adversary entry of the scenario, by entry.
    var behaviors: [String] = []
    /// Sender and recipient of each message, by id.
    var messages: [Int32: (Int32, Int32)] = [:]

    func parentOf(_ v: Int32) -> Int32 { v >= 0 && Int(v) < parent.count ? parent[Int(v)] : -1 }

    /// `node 4`, or `the L1` for node 0.
    static func name(_ v: Int32) -> String { v == 0 ? "the L1" : "node \(v)" }

    /// The nodes an event is about: its node and the nodes among its arguments.
    func involved(_ e: TraceEvent) -> [Int32] {
        guard let event = e.event else { return [e.node] }
        switch event {
        case .round(.delivered(let c, _)): return [c, parentOf(c)]
        case .prover: return []   // a prover, not a validium
        case .bridge(.force(let v, let m)), .bridge(.proof(let v, let m)), .bridge(.confirm(let v, let m)),
             .bridge(.l1Read(let v, let m, _)), .forcedDeadline(let v, let m):
            if let (s, r) = messages[m] { return [v, s, r] }
            return [v]
        default: return event.nodes
        }
    }

    /// One sentence for an event.
    func describe(_ e: TraceEvent) -> String {
        let n = TimelineContext.name(e.node)
        guard let event = e.event else { return "\(n): event kind \(e.kind) (arg \(e.arg), aux \(e.aux))" }
        let p = TimelineContext.name(parentOf(e.node))
        func message(_ m: Int32) -> String {
            guard let (s, r) = messages[m] else { return "message \(m)" }
            return "message \(m) (node \(s) → node \(r))"
        }
        func name(_ v: Int32) -> String { TimelineContext.name(v) }
        switch event {
        case .round(let r):
            switch r {
            case .start: return "\(n): round starts, DA request to its parent \(p)"
            case .daServe: return "\(n): DA request served by \(p)"
            case .daResponse: return "\(n): DA data received, proving"
            case .proveDone: return "\(n): update proven, ZKP pushed to \(p)"
            case .delivered: return "\(n): ZKP delivered to \(p) (checked there)"
            case .notify: return "\(n): told by its parent that the L1 advanced"
            }
        case .fault(let f):
            switch f {
            case .behavior(_, let entry, let starts):
                let what = entry >= 0 && Int(entry) < behaviors.count ? behaviors[Int(entry)] : "adversary entry \(entry)"
                return starts ? "\(n): starts to misbehave: \(what)" : "\(n): stops misbehaving (\(what) ends)"
            case .daFailed(_, let parent): return "\(n): DA fetch from node \(parent) FAILED (refused or timed out)"
            case .alarm(_, let faulty, let from): return "\(n): alarm about faulty node \(faulty) received from \(name(from))"
            case .checkDone(_, let faulty, let failed):
                return failed ? "\(n): own check confirms node \(faulty) faulty" : "\(n): own check of node \(faulty): data served"
            }
        case .election(let v):
            switch v {
            case .voteReady(_, let id): return "\(n): emergency ZKP proven; sends its vote count for election \(id)"
            case .voteDeliver(_, let id, let count): return "election \(id): vote count \(count) from \(n) arrives at its next hop"
            case .timeout(_, let id): return "election \(id) about node \(n) reaches its timeout"
            }
        case .exit(let x):
            switch x {
            case .ready(_, let faulty): return "\(n): exit proof against faulty parent node \(faulty) proven; exit sent"
            case .arrive(_, let faulty): return "\(n): exit from faulty node \(faulty) arrives"
            }
        case .sybilJoin: return "\(n): an attacker validium asks to join under it"
        case .bridge(let b):
            switch b {
            case .send: return "\(n): asks to send a cross-validium message"
            case .force(_, let m): return "\(message(m)): not confirmed after force_after: FORCED ROUTING via the common ancestor"
            case .proof(_, let m): return "\(n): a bot delivers the burn proof of \(message(m))"
            case .confirm(_, let m): return "\(n): a bot delivers the confirmation of \(message(m))"
            case .l1Read(_, let m, let purpose):
                let why: String
                switch purpose {
                case .relayBurn: why = "to relay its burn"
                case .relayReceipt: why = "to relay its receipt"
                case .mintViaL1: why = "to mint it via the L1"
                }
                return "\(n): reads the L1 state directly for \(message(m)) \(why)"
            }
        case .forcedDeadline(_, let m): return "\(n): forced-routing deadline of \(message(m))"
        case .l1(let l):
            switch l {
            case .block(let k): return "the L1 produces block \(k)"
            case .watch: return "the L2 validiums check the L1 for a stall (no block final for l1.stall_timeout)"
            case .vote(_, let id): return "\(n): its vote to replace the L1 node (L1 election \(id)) reaches the other L2 validiums"
            case .electionTimeout(let id): return "L1 election \(id) reaches its timeout"
            }
        case .prover(let q):
            switch q {
            case .done(let prover, let a, _): return "prover \(prover): finishes job assignment \(a) (checked by the sequencer)"
            case .deadline(let prover, let a, _): return "prover \(prover): deadline T of assignment \(a) (missed if not proven yet)"
            }
        case .sample: return "metrics sample"
        }
    }
}

extension TraceEvent {
    /// The typed event this trace row records (nil for an unknown kind).
    var event: Event? {
        guard let kind = EventKind(rawValue: kind) else { return nil }
        return Event(ModelEvent(kind, node: node, arg: arg, aux: aux))
    }
}

/// One line of a timeline, before rendering.
struct TimelineEntry {
    var time: SimTime
    var category: TimelineCategory
    var text: String
}

extension TimelineContext {
    /// Lines from the fault, election and exit tables (what the trace does not say directly).
    /// `withTrace` false adds the adversary windows, which the trace otherwise shows.
    static func tableEntries(path: String, runID: Int64, withTrace: Bool) throws -> [(TimelineEntry, [Int32])] {
        var out: [(TimelineEntry, [Int32])] = []
        let args = ["run": runID]
        func us(_ v: QueryValue) -> SimTime? { v.number.map { SimTime(($0 * 1e6).rounded()) } }
        func node(_ v: QueryValue) -> Int32 { Int32(v.number ?? -1) }
        func add(_ t: QueryValue, _ c: TimelineCategory, _ text: String, _ nodes: [Int32]) {
            if let time = us(t) { out.append((TimelineEntry(time: time, category: c, text: text), nodes)) }
        }
        if try ResultsDatabase.tableExists(path: path, "faults") {
            let f = try ResultsDatabase.query(path: path, sql: """
                SELECT node, behavior, from_s, until_s, detected_s, first_detector, recovered_s FROM faults
                WHERE run_id = :run ORDER BY rowid
                """, arguments: args)
            for r in f.rows {
                let v = node(r[0]), b = r[1].string ?? "?"
                if !withTrace {
                    add(r[2], .faults, "node \(v): starts to misbehave: \(b)", [v])
                    add(r[3], .faults, "node \(v): stops misbehaving (\(b) ends)", [v])
                }
                add(r[4], .faults, "node \(v)'s fault (\(b)) confirmed, first by node \(node(r[5]))", [v, node(r[5])])
                add(r[6], .faults, "node \(v)'s fault recovered", [v])
            }
            let e = try ResultsDatabase.query(path: path, sql: """
                SELECT id, faulty, counter, subtree_size, votes_needed, started_s, majority_s, installed_s,
                  new_operator, first_update_s, finality_resumed_s FROM elections WHERE run_id = :run ORDER BY rowid
                """, arguments: args)
            for r in e.rows {
                let id = node(r[0]), faulty = node(r[1]), counter = node(r[2]), op = node(r[8])
                let nodes = [faulty, counter, op]
                add(r[5], .elections, "election \(id) for faulty node \(faulty) opens: counted at "
                    + "\(name(counter)), \(r[4].string ?? "?") votes of b = \(r[3].string ?? "?") needed", nodes)
                add(r[6], .elections, "election \(id): majority reached at \(name(counter))", nodes)
                add(r[7], .elections, "election \(id): node \(op) installed as the new operator of node \(faulty)", nodes)
                add(r[9], .elections, "election \(id): the new operator of node \(faulty) pushes its first update", nodes)
                add(r[10], .elections, "election \(id): local finality of node \(faulty) resumes", nodes)
            }
            let x = try ResultsDatabase.query(path: path, sql: """
                SELECT node, faulty, completed_s, new_parent, on_l1 FROM exits WHERE run_id = :run ORDER BY rowid
                """, arguments: args)
            for r in x.rows {
                let v = node(r[0]), faulty = node(r[1]), np = node(r[3])
                add(r[2], .exits, "node \(v)'s subtree has exited faulty node \(faulty): re-attached under \(name(np))"
                    + (r[4].number == 1 ? " (an L1 transaction)" : ""), [v, faulty, np])
            }
        }
        return out.enumerated().sorted { ($0.element.0.time, $0.offset) < ($1.element.0.time, $1.offset) }.map(\.element)
    }
}
