import SimCore
import Stochastic

/// Operator behaviours and data availability (docs/model.md §5): who misbehaves when (the adversary
/// windows of the scenario), how a parent answers its children's DA requests and ZKPs, and the
/// detection that follows — a failed fetch confirms a fault, an alarm spreads by gossip through the
/// faulty node's subtree, and every descendant checks for itself before it votes or exits.
///
/// Dense per-node arrays where the hot path reads them (`code`); dictionaries and sets, never
/// iterated, for the sparse rest. It records the `faults` rows; the other mechanisms add to a row
/// through `noteDetected` and `noteRecovered`.
final class Behaviors {
    let ctx: ModelContext
    /// Current behaviour of each node's operator: 0 honest, else `Behavior` index + 1.
    private(set) var behavior: [UInt8]
    /// What each node forges now (docs/model.md §9): 0 nothing, else `ForgeTarget` index + 1. An
    /// update forger is also faulty (`behavior` = forge); burn and vote forgers otherwise act
    /// honestly; a stale-key forger withholds (`Behaviors.code(forging:)`, Forgery.swift).
    private(set) var forging: [UInt8]
    /// Update forgers whose refusal already raised the alarm.
    private var forgeryReported = Set<Int32>()
    /// Proving factor of `slow` nodes.
    private var slowFactors: [Int32: Double] = [:]
    /// How late `delay_da` nodes answer, and the stream `behaviors` their delays are drawn from.
    private var answerDelays: [Int32: Distribution] = [:]
    private let stream: RandomStream
    /// Children refused by `censor` nodes (nil: all).
    private var censored: [Int32: [Int32]?] = [:]
    /// First time a child's ZKP was refused by its censoring parent.
    private var censoredSince: [Int32: SimTime] = [:]
    /// Nodes whose operator was replaced by an election: honest from then on, unless an adversary
    /// entry targets the elected operator (`operator: elected | any`, §5.1 rule 6).
    private var replaced = Set<Int32>()
    /// (entry << 32 | node) pairs whose `operator: elected` entry already bribed a successor (once).
    private var bribed = Set<Int64>()
    /// Nodes that missed a forced-operation deadline (docs/model.md §6): visible to every descendant.
    private var missedForced = Set<Int32>()
    /// (node << 32 | faulty) pairs: alarm received, fault confirmed.
    private var alerted = Set<Int64>()
    private var confirmed = Set<Int64>()
    /// Row of `rows` for (entry << 32 | node), and the latest row of each faulty node.
    private var faultRow: [Int64: Int] = [:]
    private var latestFaultRow: [Int32: Int] = [:]
    /// The `faults` rows, and alarms received.
    private(set) var rows: [FaultRow] = []
    private(set) var alarms: Int64 = 0

    // The mechanisms a fault sets in motion (wired by the world).
    var cycle: UpdateCycle!
    var elections: Elections!
    var exits: Exits!
    var l1: L1!

    init(ctx: ModelContext) {
        self.ctx = ctx
        stream = RandomStream(seed: ctx.seed, name: "behaviors")
        behavior = [UInt8](repeating: 0, count: ctx.n)
        forging = [UInt8](repeating: 0, count: ctx.n)
    }

    static func code(_ b: Behavior) -> UInt8 { UInt8(Behavior.allCases.firstIndex(of: b)! + 1) }
    // Literal codes (= `code(_:)`, checked by FaultTests.literalFaultCodesMatchTheEnums): a computed
    // `static let` is a lazy global whose once-check the event loop would pay at every read.
    static let offline: UInt8 = 1, withhold: UInt8 = 2, censor: UInt8 = 3
    static let slow: UInt8 = 4, collude: UInt8 = 5, forge: UInt8 = 8, delayDA: UInt8 = 9
    static func forgeCode(_ t: ForgeTarget) -> UInt8 { UInt8(ForgeTarget.allCases.firstIndex(of: t)! + 1) }
    static let forgesUpdate: UInt8 = 1, forgesBurn: UInt8 = 2, forgesVote: UInt8 = 3

    // MARK: Queries

    /// The behaviour code of `v`'s operator now (0: honest).
    @inline(__always) func code(_ v: Int) -> UInt8 { behavior[v] }
    /// True for an operator that misbehaves (a `slow` operator is honest).
    @inline(__always) func isFaulty(_ v: Int) -> Bool { behavior[v] != 0 && behavior[v] != Behaviors.slow }
    /// True for an honest operator, `slow` included (it acts on what it detects).
    @inline(__always) func actsHonestly(_ v: Int) -> Bool { behavior[v] == 0 || behavior[v] == Behaviors.slow }
    @inline(__always) func isOffline(_ v: Int) -> Bool { behavior[v] == Behaviors.offline }
    @inline(__always) func colludes(_ v: Int) -> Bool { behavior[v] == Behaviors.collude }
    /// The proving-time factor of a `slow` operator.
    func slowFactor(of v: Int32) -> Double { slowFactors[v] ?? 1 }
    /// True when `v` currently publishes forged updates or states (what a descendant's own check finds).
    @inline(__always) func publishesForgedUpdates(_ v: Int32) -> Bool { forging[Int(v)] != 0 && updateForgery(v) != nil }
    /// True when `v` forges its burns, its votes.
    func forgesBurns(_ v: Int32) -> Bool { forging[Int(v)] == Behaviors.forgesBurn }
    func forgesVotes(_ v: Int32) -> Bool { forging[Int(v)] == Behaviors.forgesVote }
    /// Operators replaced by an election.
    var hasReplacements: Bool { !replaced.isEmpty }
    func isReplaced(_ v: Int32) -> Bool { replaced.contains(v) }
    /// Nodes that missed a forced operation.
    var anyMissedForced: Bool { !missedForced.isEmpty }

    /// True when censoring node `p` refuses child `c`'s ZKPs.
    @inline(__always)
    func isCensoring(_ p: Int, _ c: Int) -> Bool {
        guard behavior[p] == Behaviors.censor, let spec = censored[Int32(p)] else { return false }
        return spec.map { $0.contains(Int32(c)) } ?? true
    }

    /// True when parent `p` drops child `c`'s delivered ZKP (offline, or censoring c); a censoring
    /// parent's first refusal of c starts the `da.timeout` after which c sees it.
    func dropsDelivery(parent p: Int, child c: Int) -> Bool {
        guard behavior[p] == Behaviors.offline || isCensoring(p, c) else { return false }
        if behavior[p] == Behaviors.censor && censoredSince[Int32(c)] == nil { censoredSince[Int32(c)] = ctx.now }
        return true
    }

    // MARK: Behaviour windows

    /// Schedules the start and end of every adversary window.
    func scheduleAdversaries() {
        for (k, entry) in ctx.config.faults.adversaries.enumerated() {
            for v in entry.nodes where Int(v) < ctx.n {
                ctx.schedule(.fault(.behavior(node: v, entry: Int32(k), starts: true)), at: entry.from)
                if entry.until != .max && entry.until <= ctx.config.duration {
                    ctx.schedule(.fault(.behavior(node: v, entry: Int32(k), starts: false)), at: entry.until)
                }
            }
        }
    }

    /// Adversary entry `k` starts (`starts`) or ends for node `v`.
    func changeBehavior(_ v: Int32, entry k: Int32, starts: Bool) {
        let entry = ctx.config.faults.adversaries[Int(k)]
        let i = Int(v)
        // A new operator is honest unless the entry targets it; `elected` entries wait for one.
        if starts && !appliesTo(entry, v) { return }
        // A forger's behaviour code by what it forges (Forgery.swift): burn and vote forgers stay honest.
        let code = entry.behavior == .forge ? Behaviors.code(forging: entry.forged) : Behaviors.code(entry.behavior)
        let key = Int64(k) << 32 | Int64(v)
        if starts {
            behavior[i] = code
            if entry.behavior == .forge { forging[i] = Behaviors.forgeCode(entry.forged) }
            if entry.behavior == .slow { slowFactors[v] = entry.factor }
            if entry.behavior == .delayDA, let d = entry.delay { answerDelays[v] = d }
            if entry.behavior == .censor { censored[v] = .some(entry.censored) }
            if let fault = entry.l1Fault, l1.forkAware { l1.faultStarts(fault, behavior: entry.behavior) }
            faultRow[key] = rows.count
            latestFaultRow[v] = rows.count
            rows.append(FaultRow(
                node: v, behavior: entry.behavior.rawValue, from: ctx.now, until: entry.until == .max ? -1 : entry.until,
                detectedAt: -1, firstDetector: -1, recoveredAt: -1))
        } else if behavior[i] == code && (entry.behavior != .forge || forging[i] == Behaviors.forgeCode(entry.forged)) {
            behavior[i] = 0
            if entry.behavior == .equivocate, l1.forkAware { l1.equivocationEnds() }
            forging[i] = 0
            if let row = faultRow[key], rows[row].recoveredAt < 0 {
                rows[row].recoveredAt = ctx.now   // the operator came back by itself
            }
            if ctx.eager { cycle.wakeIfIdle(v) }
        }
    }

    /// True when adversary `entry` applies to the operator running `v` now.
    func appliesTo(_ entry: AdversaryEntry, _ v: Int32) -> Bool {
        switch entry.target {
        case .original: return !replaced.contains(v)
        case .elected: return replaced.contains(v)   // and only the first successor (`replaceOperator`)
        case .any: return true
        }
    }

    /// A validium joins (Sybil admission): honest unless `colluding`.
    func appendNode(colluding: Bool) {
        behavior.append(colluding ? Behaviors.collude : 0)
        forging.append(0)
    }

    // MARK: What other mechanisms record

    /// `p`'s newest fault was detected now, by `detector` when one node saw it (if not already).
    func noteDetected(_ p: Int32, by detector: Int32?) {
        if let row = latestFaultRow[p], rows[row].detectedAt < 0 {
            rows[row].detectedAt = ctx.now
            if let detector { rows[row].firstDetector = detector }
        }
    }

    /// `p`'s newest fault ended now (an exit left it with no honest child).
    func noteRecovered(_ p: Int32) {
        if let row = latestFaultRow[p], rows[row].recoveredAt < 0 { rows[row].recoveredAt = ctx.now }
    }

    /// An election installed a new operator at `p`: it is honest from now on, and whatever it
    /// missed (a forced operation) is behind it.
    func replaceOperator(_ p: Int32) {
        replaced.insert(p)
        missedForced.remove(p)
        behavior[Int(p)] = 0
        forging[Int(p)] = 0
        if let row = latestFaultRow[p] { rows[row].recoveredAt = ctx.now }
        // The tree may have to detect p again (a bribed successor): forget who confirmed the old one.
        confirmed = confirmed.filter { Int32(truncatingIfNeeded: $0) != p }
        alerted = alerted.filter { Int32(truncatingIfNeeded: $0) != p }
        forgeryReported.remove(p)
        // Entries in their window that target the next elected operator (once) or any operator start now.
        for (k, entry) in ctx.config.faults.adversaries.enumerated()
        where entry.target != .original && entry.from <= ctx.now && ctx.now < entry.until && entry.nodes.contains(p) {
            if entry.target == .elected && !bribed.insert(Int64(k) << 32 | Int64(p)).inserted { continue }
            changeBehavior(p, entry: Int32(k), starts: true)
        }
    }

    /// `v` missed a forced-operation deadline: every descendant sees it in v's published state.
    func noteMissedForced(_ v: Int32) { missedForced.insert(v) }
}

extension Behaviors {
    /// The victims at the end of the run: honest nodes under a node that still withholds data or is
    /// offline, never replaced and not left by their subtree (docs/model.md §5). A withholding operator
    /// serves its colluders, so their subtrees keep their data.
    func victims() -> [VictimRow] {
        var out: [VictimRow] = []
        let tree = ctx.tree
        var cutOff = [Int32](repeating: -1, count: ctx.n)
        for v in tree.breadthFirstOrder() where v > 0 {
            let p = Int(tree.parent[v])
            let b = behavior[p]
            let served = b == Behaviors.withhold && behavior[v] == Behaviors.collude
            if p > 0 && (b == Behaviors.withhold || b == Behaviors.offline) && !served {
                cutOff[v] = Int32(p)
            } else if cutOff[p] >= 0 {
                cutOff[v] = cutOff[p]
            }
            if cutOff[v] >= 0 && !isFaulty(v) { out.append(VictimRow(node: Int32(v), faulty: cutOff[v])) }
        }
        return out
    }
}

/// Refused or unanswered DA requests and the detection that follows (docs/model.md §5): a failed fetch
/// confirms the fault, an alarm spreads by gossip through the faulty node's subtree, and every
/// descendant checks for itself before acting (a vote, or an exit).
extension Behaviors {
    /// Handles one of the mechanism's events.
    func handle(_ e: FaultEvent) {
        switch e {
        case .behavior(let v, let k, let starts): changeBehavior(v, entry: k, starts: starts)
        case .daFailed(let v, let p): fetchFailed(v, parent: p)
        case .alarm(let v, let p, let from): alarmArrived(v, faulty: p, from: from)
        case .checkDone(let v, let p, let failed): if failed { confirmFault(by: v, faulty: p) }
        }
    }

    /// How a parent answers a DA request: served (`late` µs after it would have been), or failed,
    /// known to the child at `at`.
    enum DAAnswer: Equatable { case served(late: SimTime), failed(at: SimTime) }

    /// How parent `p` answers a DA request of child `v` sent at `sentAt`, now. A `delay_da` parent
    /// answers late by a draw of its `delay:`; an answer due at or after the child's `da.timeout`
    /// is a failed fetch, known then.
    @inline(__always)
    func answer(by p: Int, to v: Int, sentAt: SimTime) -> DAAnswer {
        if behavior[p] == Behaviors.delayDA, let d = answerDelays[Int32(p)] {
            let late = max(0, Time.micros(d.sample(stream)))
            let deadline = sentAt + ctx.config.faults.daTimeout
            return ctx.now + late >= deadline ? .failed(at: max(ctx.now, deadline)) : .served(late: late)
        }
        if let at = refusal(by: p, to: v, sentAt: sentAt) { return .failed(at: at) }
        return .served(late: 0)
    }

    /// How parent `p` answers a DA request of child `v` now: nil served, else the time at which `v`
    /// knows the fetch failed (a refusal travels back; silence lasts until `da.timeout`).
    @inline(__always)
    func refusal(by p: Int, to v: Int, sentAt: SimTime) -> SimTime? {
        let b = behavior[p]
        if b == 0 || b == Behaviors.slow || b == Behaviors.collude || b == Behaviors.forge { return nil }
        if behavior[v] == Behaviors.collude && b != Behaviors.offline { return nil }  // accomplices are served
        if b == Behaviors.offline { return max(ctx.now, sentAt + ctx.config.faults.daTimeout) }
        if b == Behaviors.withhold { return ctx.now + ctx.networkDelay() }
        // censor: the child sees its ZKP still missing from the parent's group VM after da.timeout.
        if b == Behaviors.censor, isCensoring(p, v), let since = censoredSince[Int32(v)],
           ctx.now - since >= ctx.config.faults.daTimeout {
            return ctx.now + ctx.networkDelay()
        }
        return nil
    }

    /// `v`'s round fetch from `p` failed: the round is abandoned, and `v` has detected the fault.
    func fetchFailed(_ v: Int32, parent p: Int32) {
        cycle.abandonRound(v)
        if ctx.tree.parent[Int(v)] == p { confirmFault(by: v, faulty: p) }
    }

    /// `v` has seen for itself that `p` fails: it acts (votes or exits) and raises the alarm.
    func confirmFault(by v: Int32, faulty p: Int32) {
        guard actsHonestly(Int(v)) else { return }  // faulty nodes don't act
        guard isFaulty(Int(p)) else { return }
        let key = Int64(v) << 32 | Int64(p)
        guard confirmed.insert(key).inserted else { return }
        noteDetected(p, by: v)
        switch ctx.config.faults.recovery {
        case .replace: elections.castVote(v, against: p)
        case .exit: if ctx.tree.parent[Int(v)] == p { exits.start(v, from: p) }
        }
        if alerted.insert(key).inserted { gossip(from: v, about: p, except: -1) }
    }

    /// An alarm about `p` reached `v` from `sender`: pass it on, then check `p` with an own fetch.
    func alarmArrived(_ v: Int32, faulty p: Int32, from sender: Int32) {
        alarms += 1
        let i = Int(v)
        guard actsHonestly(i) else { return }  // colluders stay silent
        let key = Int64(v) << 32 | Int64(p)
        guard alerted.insert(key).inserted else { return }
        gossip(from: v, about: p, except: sender)
        // The check: a DA request straight to p (every node holds its ancestors' group VMs); a
        // missed forced operation shows in p's published state.
        var failedAt: SimTime? = nil
        var late: SimTime = 0
        switch answer(by: Int(p), to: i, sentAt: ctx.now) {
        case .failed(let at): failedAt = at
        case .served(let l): late = l
        }
        if failedAt == nil && missedForced.contains(p) { failedAt = ctx.now + ctx.networkDelay() }
        if failedAt == nil && publishesForgedUpdates(p) { failedAt = ctx.now + ctx.networkDelay() }  // its update fails the check
        let at = failedAt ?? ctx.now + ctx.networkDelay() + ctx.nodes[i].daTransfer + late
        ctx.schedule(.fault(.checkDone(node: v, faulty: p, failed: failedAt != nil)), at: at)
    }

    /// Gossip to `v`'s neighbours inside p's subtree, along tree edges and around every faulty node
    /// (docs/model.md §5.1 rule 5): past a faulty parent to its other children's subtrees and on up,
    /// at p to p's other children, and past a faulty child or sibling to the honest nodes below it;
    /// one network delay per hop.
    func gossip(from v: Int32, about p: Int32, except sender: Int32) {
        var targets: [Int32] = []
        var came = v
        var up = ctx.tree.parent[Int(v)]
        while up > 0 && up != p && isFaulty(Int(up)) {
            ctx.forEachChild(Int(up)) { s in if s != came { honestFrontier(s, into: &targets) } }
            came = up
            up = ctx.tree.parent[Int(up)]
        }
        if up == p {
            ctx.forEachChild(Int(p)) { s in if s != came { honestFrontier(s, into: &targets) } }
        } else if up > 0 {
            targets.append(up)
        }
        ctx.forEachChild(Int(v)) { c in honestFrontier(c, into: &targets) }
        for t in targets where t != sender {
            ctx.schedule(.fault(.alarm(node: t, faulty: p, from: v)), at: ctx.now + ctx.networkDelay())
        }
    }

    /// `x` when it is honest, else the honest nodes nearest below it (around every faulty node).
    func honestFrontier(_ x: Int32, into targets: inout [Int32]) {
        if !isFaulty(Int(x)) { targets.append(x); return }
        ctx.forEachChild(Int(x)) { honestFrontier($0, into: &targets) }
    }

    /// The honest ancestor that counts votes or processes exits for faulty `p`: its parent, or
    /// above the whole faulty chain segment (docs/model.md §5 cascades).
    func counter(for p: Int) -> Int32 {
        var x = Int(ctx.tree.parent[p])
        while x > 0 && isFaulty(x) { x = Int(ctx.tree.parent[x]) }
        return Int32(max(x, 0))
    }

    /// `checker` refused an update of `forger` (docs/model.md §9): a confirmed fault. The fault row
    /// records the detection, and the alarm goes to the forger's children, who check its published
    /// update themselves and vote (or exit).
    func forgeryDetected(by checker: Int32, forger c: Int32) {
        guard behavior[Int(c)] == Behaviors.forge, forgeryReported.insert(c).inserted else { return }
        noteDetected(c, by: checker)
        ctx.forEachChild(Int(c)) { child in
            ctx.schedule(.fault(.alarm(node: child, faulty: c, from: checker)), at: ctx.now + ctx.networkDelay())
        }
    }

    /// The chain `v` fetched shows an ancestor that missed a forced operation: `v` has seen the
    /// fault for itself (every node holds its ancestors' group VMs).
    func seeMissedForcedOperations(by v: Int32) {
        var a = Int(ctx.tree.parent[Int(v)])
        while a > 0 {
            if missedForced.contains(Int32(a)) { confirmFault(by: v, faulty: Int32(a)) }
            a = Int(ctx.tree.parent[a])
        }
    }

    /// L2 validiums that did not vote in an L1 election are faulty (docs/model.md §8): for each
    /// offline or colluding child of the L1, its first honest child detects it and acts (§5).
    func reportNonVotingL2() {
        ctx.forEachChild(0) { c in
            let b = behavior[Int(c)]
            guard b == Behaviors.offline || b == Behaviors.collude else { return }
            var detector: Int32 = -1
            ctx.forEachChild(Int(c)) { g in if detector < 0 && !isFaulty(Int(g)) { detector = g } }
            if detector >= 0 { confirmFault(by: detector, faulty: c) }
        }
    }
}
