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
        case .voteReady, .voteDeliver: return .votes
        case .exitReady, .exitArrive: return .exits
        case .sybilJoin: return .sybil
        case .bridgeSend, .bridgeProof, .bridgeConfirm, .bridgeL1Read: return .bridge
        case .bridgeForce, .forcedDeadline: return .forced
        case .sample: return .samples
        case .notify: return .notify
        case .l1Watch: return .faults
        case .l1Vote: return .elections
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
        guard let kind = EventKind(rawValue: e.kind) else { return [e.node] }
        switch kind {
        case .zkpDelivered: return [e.node, parentOf(e.node)]
        case .daServe, .daResponse, .proveDone, .roundStart: return [e.node]
        case .daFailed, .checkDone, .exitReady, .exitArrive: return [e.node, e.arg]
        case .alarm: return [e.node, e.arg, e.aux]
        case .proverDone, .proverDeadline: return []   // `node` is a prover, not a validium
        case .bridgeForce, .bridgeProof, .bridgeConfirm, .bridgeL1Read, .forcedDeadline:
            if let (s, r) = messages[e.arg] { return [e.node, s, r] }
            return [e.node]
        default: return [e.node]
        }
    }

    /// One sentence for an event.
    func describe(_ e: TraceEvent) -> String {
        let n = TimelineContext.name(e.node)
        guard let kind = EventKind(rawValue: e.kind) else { return "\(n): event kind \(e.kind) (arg \(e.arg), aux \(e.aux))" }
        let p = TimelineContext.name(parentOf(e.node))
        func message(_ m: Int32) -> String {
            guard let (s, r) = messages[m] else { return "message \(m)" }
            return "message \(m) (node \(s) → node \(r))"
        }
        switch kind {
        case .roundStart: return "\(n): round starts, DA request to its parent \(p)"
        case .daServe: return "\(n): DA request served by \(p)"
        case .daResponse: return "\(n): DA data received, proving"
        case .proveDone: return "\(n): update proven, ZKP pushed to \(p)"
        case .zkpDelivered: return "\(n): ZKP delivered to \(p) (checked there)"
        case .l1Block: return "the L1 produces block \(e.arg)"
        case .sample: return "metrics sample"
        case .notify: return "\(n): told by its parent that the L1 advanced"
        case .behavior:
            let what = e.arg >= 0 && Int(e.arg) < behaviors.count ? behaviors[Int(e.arg)] : "adversary entry \(e.arg)"
            return e.aux == 1 ? "\(n): starts to misbehave: \(what)" : "\(n): stops misbehaving (\(what) ends)"
        case .daFailed: return "\(n): DA fetch from node \(e.arg) FAILED (refused or timed out)"
        case .alarm: return "\(n): alarm about faulty node \(e.arg) received from \(TimelineContext.name(e.aux))"
        case .checkDone:
            return e.aux == 1 ? "\(n): own check confirms node \(e.arg) faulty" : "\(n): own check of node \(e.arg): data served"
        case .voteReady: return "\(n): emergency ZKP proven; sends its vote count for election \(e.arg)"
        case .voteDeliver: return "election \(e.arg): vote count \(e.aux) from \(n) arrives at its next hop"
        case .exitReady: return "\(n): exit proof against faulty parent node \(e.arg) proven; exit sent"
        case .exitArrive: return "\(n): exit from faulty node \(e.arg) arrives"
        case .sybilJoin: return "\(n): an attacker validium asks to join under it"
        case .bridgeSend: return "\(n): asks to send a cross-validium message"
        case .bridgeForce: return "\(message(e.arg)): not confirmed after force_after: FORCED ROUTING via the common ancestor"
        case .bridgeProof: return "\(n): a bot delivers the burn proof of \(message(e.arg))"
        case .bridgeConfirm: return "\(n): a bot delivers the confirmation of \(message(e.arg))"
        case .bridgeL1Read:
            let purpose = ["to relay its burn", "to relay its receipt", "to mint it via the L1"]
            return "\(n): reads the L1 state directly for \(message(e.arg))"
                + (e.aux >= 0 && Int(e.aux) < purpose.count ? " " + purpose[Int(e.aux)] : "")
        case .forcedDeadline: return "\(n): forced-routing deadline of \(message(e.arg))"
        case .l1Watch: return "the L2 validiums check the L1 for a stall (no block final for l1.stall_timeout)"
        case .l1Vote: return "\(n): its vote to replace the L1 node (L1 election \(e.arg)) reaches the other L2 validiums"
        case .proverDone: return "prover \(e.node): finishes job assignment \(e.arg) (checked by the sequencer)"
        case .proverDeadline: return "prover \(e.node): deadline T of assignment \(e.arg) (missed if not proven yet)"
        }
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
