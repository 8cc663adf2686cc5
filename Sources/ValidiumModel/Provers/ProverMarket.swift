import SimCore
import Stochastic

/// What the market asks its host (the world) to do after a call: events to schedule, proofs to use.
public enum MarketEffect: Sendable, Equatable {
    /// Prover `prover` finishes assignment `assignment` (of `generation`) at `at`.
    case finish(prover: Int32, assignment: Int32, generation: Int32, at: SimTime)
    /// The deadline T of assignment `assignment` (of `generation`, held by `prover`) falls at `at`.
    case deadline(prover: Int32, assignment: Int32, generation: Int32, at: SimTime)
    /// A valid proof of `node`'s round (its ZKP record `record`) is in: the round may push it.
    case proven(node: Int32, record: Int32)
}

/// The prover market of the Scroll decentralized-prover design as a state machine (docs/model.md §9).
///
/// Proving jobs (one per validium round, its work = the timing model's proving time) are handed to
/// provers chosen at random with probability proportional to their normalised reputation, stake ×
/// reputation ratio. At most `window` jobs are out at once; the rest wait at the sequencer in order.
/// A prover works on one job at a time, the others wait in its queue. An assignment not proven
/// within T costs the prover reputation and the job goes to another prover as well (the first valid
/// proof is used); an invalid proof is fined (a fraction of the stake) and the job reassigned. A valid
/// proof within T earns the reward and some reputation back. State lives in arrays indexed by prover,
/// job slot and assignment slot; slots are recycled, and events carry a generation so that stale
/// ones are ignored.
public struct ProverMarket {
    let config: ProverMarketConfig
    let stream: RandomStream

    // Provers, by id.
    var stake: [Double]
    var ratio: [Double]
    let speed: [Distribution]
    let invalidRate: [Double]
    /// The assignment being proven (−1: idle), since when, and the queue of the others.
    var current: [Int32]
    var startedAt: [SimTime]
    var queueHead: [Int32]
    var queueTail: [Int32]
    /// ∫ stake × ratio dt up to `weightSince`.
    var weightArea: [Double]
    var weightSince: [SimTime]
    var rows: [ProverRow]
    var marked: [Bool]

    // Jobs, by slot.
    var jobNode: [Int32] = []
    var jobRecord: [Int32] = []
    var jobWork: [SimTime] = []
    var jobSubmitted: [SimTime] = []
    /// First live assignment of the job (list through `asgNextOfJob`).
    var jobFirst: [Int32] = []
    /// Index of the job's row in `sample` (−1: not sampled).
    var jobSample: [Int32] = []
    var jobAssignments: [Int32] = []
    var freeJobs: [Int32] = []
    var backlog: [Int32] = []
    var backlogHead = 0
    var outstanding = 0

    // Assignments, by slot.
    enum AssignmentState: UInt8 { case queued = 0, running = 1, dropped = 2, free = 3 }
    var asgJob: [Int32] = []
    var asgProver: [Int32] = []
    var asgNextInQueue: [Int32] = []
    var asgNextOfJob: [Int32] = []
    var asgGeneration: [Int32] = []
    var asgState: [AssignmentState] = []
    var asgLate: [Bool] = []
    var freeAssignments: [Int32] = []
    var scratch: [Int32] = []

    // Observations.
    var latencies: [SimTime] = []
    var sample: [ProofJobRow] = []
    let jobStride: Int64
    var submitted: Int64 = 0
    var totals = ProverResults()

    /// What the host must do; it empties the list after acting on it.
    public var effects: [MarketEffect] = []

    /// A market over `config.pool`, drawing from the run's stream "provers"; every `jobStride`-th job
    /// is kept in the sample.
    public init(config: ProverMarketConfig, seed: UInt64, jobStride: Int64 = 1) {
        self.config = config
        self.stream = RandomStream(seed: seed, name: "provers")
        self.jobStride = max(1, jobStride)
        var stake: [Double] = [], speed: [Distribution] = [], invalid: [Double] = []
        for g in config.pool {
            for _ in 0..<g.count {
                stake.append(g.stake); speed.append(g.speed); invalid.append(g.invalidRate ?? config.invalidRate)
            }
        }
        let n = stake.count
        self.stake = stake
        self.speed = speed
        self.invalidRate = invalid
        ratio = [Double](repeating: 1, count: n)
        current = [Int32](repeating: -1, count: n)
        startedAt = [SimTime](repeating: 0, count: n)
        queueHead = [Int32](repeating: -1, count: n)
        queueTail = [Int32](repeating: -1, count: n)
        weightArea = [Double](repeating: 0, count: n)
        weightSince = [SimTime](repeating: 0, count: n)
        marked = [Bool](repeating: false, count: n)
        rows = (0..<n).map { ProverRow(id: Int32($0), initialStake: stake[$0], speed: speed[$0].mean, invalidRate: invalid[$0]) }
        effects.reserveCapacity(16)
    }

    /// Number of provers.
    public var count: Int { stake.count }

    /// Jobs handed out and not yet proven.
    public var outstandingJobs: Int { outstanding }

    /// Jobs waiting for room in the window.
    public var waitingJobs: Int { backlog.count - backlogHead }

    /// The selection weight of prover `p`: stake × reputation ratio.
    @inline(__always) public func weight(_ p: Int) -> Double { stake[p] * ratio[p] }

    /// The normalised reputation of prover `p` now: its probability of being chosen for a new job.
    public func normalisedReputation(_ p: Int) -> Double {
        var total = 0.0
        for q in 0..<count { total += weight(q) }
        return total > 0 ? weight(p) / total : 0
    }

    /// Prover `p`'s reputation ratio, in (0, 1].
    public func reputation(_ p: Int) -> Double { ratio[p] }

    /// Prover `p`'s stake now.
    public func currentStake(_ p: Int) -> Double { stake[p] }

    /// A proving job for `node`'s round (ZKP record `record`) of reference work `work` µs.
    public mutating func submit(node: Int32, record: Int32, work: SimTime, now: SimTime) {
        let j: Int32
        if let free = freeJobs.popLast() {
            j = free
            jobNode[Int(j)] = node; jobRecord[Int(j)] = record; jobWork[Int(j)] = work
            jobSubmitted[Int(j)] = now; jobFirst[Int(j)] = -1; jobSample[Int(j)] = -1; jobAssignments[Int(j)] = 0
        } else {
            j = Int32(jobNode.count)
            jobNode.append(node); jobRecord.append(record); jobWork.append(work)
            jobSubmitted.append(now); jobFirst.append(-1); jobSample.append(-1); jobAssignments.append(0)
        }
        if submitted % jobStride == 0 {
            jobSample[Int(j)] = Int32(sample.count)
            sample.append(ProofJobRow(job: submitted, node: node, work: work, submitted: now))
        }
        submitted += 1
        if outstanding < config.window {
            dispatch(j, now: now)
        } else {
            backlog.append(j)
            totals.windowWaits += 1
            totals.maxBacklog = max(totals.maxBacklog, Int64(backlog.count - backlogHead))
        }
    }

    /// Prover `prover`'s work on `assignment` is done (the event of a `.finish` effect).
    public mutating func finished(prover: Int32, assignment a: Int32, generation: Int32, now: SimTime) {
        let ai = Int(a), p = Int(prover)
        guard ai < asgState.count, asgGeneration[ai] == generation, asgState[ai] == .running else { return }
        rows[p].busy += now - startedAt[p]
        // `current[p]` stays set until `startNext`: jobs handed out meanwhile (a reassignment, the
        // next job of the window) queue behind the ones already waiting for this prover.
        let j = asgJob[ai]
        if stream.bernoulli(invalidRate[p]) {
            rows[p].invalidProofs += 1
            totals.invalidProofs += 1
            if jobSample[Int(j)] >= 0 { sample[Int(jobSample[Int(j)])].invalid += 1 }
            let amount = stake[p] * config.fine
            changeWeight(p, now: now) { $0.stake[p] -= amount }
            rows[p].fines += amount
            unlink(a, from: j)
            release(a)
            if jobFirst[Int(j)] < 0 { assign(j, now: now, avoiding: prover) }
        } else {
            if asgLate[ai] {
                rows[p].lateProofs += 1
            } else {
                rows[p].onTime += 1
                rows[p].rewards += config.reward * Time.seconds(jobWork[Int(j)])
                let up = config.recovery
                changeWeight(p, now: now) { $0.ratio[p] = min(1, $0.ratio[p] + up) }
            }
            unlink(a, from: j)
            release(a)
            complete(j, by: prover, now: now)
        }
        startNext(p, now: now)
    }

    /// The deadline of `assignment` fell (the event of a `.deadline` effect).
    public mutating func deadlinePassed(prover: Int32, assignment a: Int32, generation: Int32, now: SimTime) {
        let ai = Int(a), p = Int(prover)
        guard ai < asgState.count, asgGeneration[ai] == generation,
              asgState[ai] == .queued || asgState[ai] == .running else { return }
        asgLate[ai] = true
        rows[p].missedDeadlines += 1
        totals.missedDeadlines += 1
        let j = asgJob[ai]
        if jobSample[Int(j)] >= 0 { sample[Int(jobSample[Int(j)])].missed += 1 }
        let keep = 1 - config.latePenalty
        let floor = config.minReputation
        changeWeight(p, now: now) { $0.ratio[p] = Swift.max($0.ratio[p] * keep, floor) }
        assign(j, now: now, avoiding: -1)
    }
}
