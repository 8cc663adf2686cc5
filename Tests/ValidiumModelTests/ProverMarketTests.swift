import SimCore
import Stochastic
import Testing
@testable import ValidiumModel

/// Drives a `ProverMarket` alone: its effects become a time-ordered list of events (FIFO at equal times).
struct MarketHarness {
    var market: ProverMarket
    var pending: [(time: SimTime, seq: Int, effect: MarketEffect)] = []
    var seq = 0
    var now: SimTime = 0
    /// (node, record, time) of every proof the market delivered.
    var proven: [(node: Int32, record: Int32, time: SimTime)] = []
    /// Largest number of jobs out at once.
    var maxOutstanding = 0

    init(_ config: ProverMarketConfig, seed: UInt64 = 1) { market = ProverMarket(config: config, seed: seed) }

    mutating func collect() {
        for e in market.effects {
            switch e {
            case .proven(let n, let r): proven.append((n, r, now))
            case .finish(_, _, _, let at), .deadline(_, _, _, let at):
                pending.append((at, seq, e)); seq += 1
            }
        }
        market.effects.removeAll()
        maxOutstanding = max(maxOutstanding, market.outstandingJobs)
    }

    mutating func submit(node: Int32, work: SimTime) {
        market.submit(node: node, record: node, work: work, now: now)
        collect()
    }

    /// Processes every event up to `t` and sets the clock to `t`.
    mutating func run(until t: SimTime) {
        while let k = pending.indices.min(by: { (pending[$0].time, pending[$0].seq) < (pending[$1].time, pending[$1].seq) }),
              pending[k].time <= t {
            let e = pending.remove(at: k)
            now = e.time
            switch e.effect {
            case .finish(let p, let a, let g, _): market.finished(prover: p, assignment: a, generation: g, now: now)
            case .deadline(let p, let a, let g, _): market.deadlinePassed(prover: p, assignment: a, generation: g, now: now)
            case .proven: break
            }
            collect()
        }
        now = t
    }

    var rows: [ProverRow] { market.results(end: now).provers }
}

/// The prover market as a state machine (docs/model.md §9; docs/prover-market.md).
@Suite struct ProverMarketTests {
    static func config(_ groups: [ProverGroup], deadline: SimTime = Time.hour, window: Int = 1_000) -> ProverMarketConfig {
        var c = ProverMarketConfig(pool: groups)
        c.deadline = deadline
        c.window = window
        return c
    }

    @Test func selectionIsProportionalToNormalisedReputation() {
        // Jobs of 10 µs one after the other, deadline 50 µs: no prover is ever late or busy.
        var c = Self.config([ProverGroup(count: 1, stake: 1), ProverGroup(count: 1, stake: 2),
                             ProverGroup(count: 1, stake: 3)], deadline: 50)
        c.recovery = 0   // ratios stay where the test puts them
        var h = MarketHarness(c)
        #expect(abs(h.market.normalisedReputation(2) - 0.5) < 1e-12)
        let n = 6_000
        for k in 0..<n {
            h.submit(node: Int32(k % 100), work: 10)
            h.run(until: h.now + 100)
        }
        #expect(h.proven.count == n)
        let jobs = h.rows.map { Double($0.jobs) }
        for (p, share) in [1.0 / 6, 2.0 / 6, 3.0 / 6].enumerated() {
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            #expect(abs(jobs[p] - Double(n) * share) < 4 * sd, "prover \(p): \(jobs[p]) jobs")
        }

        // Reputation counts as much as stake: prover 2 at ratio 1/3 weighs as much as prover 0.
        h.market.ratio[2] = 1.0 / 3
        #expect(abs(h.market.normalisedReputation(0) - 0.25) < 1e-12)
        #expect(abs(h.market.normalisedReputation(1) - 0.5) < 1e-12)
        let before = h.rows.map { Double($0.jobs) }
        for k in 0..<n {
            h.submit(node: Int32(k % 100), work: 10)
            h.run(until: h.now + 100)
        }
        let after = zip(h.rows.map { Double($0.jobs) }, before).map { $0 - $1 }
        for (p, share) in [0.25, 0.5, 0.25].enumerated() {
            let sd = (Double(n) * share * (1 - share)).squareRoot()
            #expect(abs(after[p] - Double(n) * share) < 4 * sd, "prover \(p): \(after[p]) jobs")
        }
    }

    @Test func aMissedDeadlineLowersReputationAndTheJobIsReassigned() {
        // Prover 0 holds nearly all the weight but proves at 0.1×; prover 1 is 4× fast.
        var h = MarketHarness(Self.config([ProverGroup(count: 1, stake: 1_000, speed: .constant(0.1)),
                                           ProverGroup(count: 1, stake: 1e-9, speed: .constant(4))], deadline: 5 * Time.second))
        h.submit(node: 7, work: 10 * Time.second)
        #expect(h.market.current[0] >= 0 && h.market.current[1] < 0, "the heavy prover got the job")
        h.run(until: 5 * Time.second - 1)
        #expect(h.proven.isEmpty && h.market.reputation(0) == 1)
        h.run(until: 5 * Time.second)
        #expect(h.market.reputation(0) == 0.5, "late: ratio × (1 − late_penalty)")
        #expect(h.market.current[1] >= 0, "reassigned to the other prover")
        h.run(until: Time.minute)
        #expect(h.proven.count == 1)
        #expect(h.proven[0].node == 7 && h.proven[0].time == 7_500_000, "5 s + 10 s / 4")
        let rows = h.rows
        #expect(rows[0].missedDeadlines == 1 && rows[0].onTime == 0 && rows[0].cancelled == 1)
        #expect(rows[1].onTime == 1 && rows[1].rewards == 10, "reward: 1 per second of reference work")
        #expect(rows[1].rewardShare == 1 && rows[0].rewardShare == 0)
        #expect(h.market.current[0] < 0, "the late prover dropped the job once it was proven")
        let r = h.market.results(end: h.now)
        #expect(r.reassignments == 1 && r.missedDeadlines == 1 && r.pending == 0 && r.latencies == [7.5])
    }

    @Test func aLateProverThatIsFirstStillDeliversButEarnsNothing() {
        // Only one prover: nobody to reassign to, so its late proof is used, unrewarded.
        var h = MarketHarness(Self.config([ProverGroup(count: 1, stake: 1)], deadline: Time.second))
        h.submit(node: 3, work: 2 * Time.second)
        h.run(until: Time.minute)
        #expect(h.proven.count == 1 && h.proven[0].time == 2 * Time.second)
        let row = h.rows[0]
        #expect(row.missedDeadlines == 1 && row.lateProofs == 1 && row.onTime == 0 && row.rewards == 0)
        #expect(h.market.reputation(0) == 0.5)
    }

    @Test func anInvalidProofIsFinedAndTheJobReassigned() {
        var h = MarketHarness(Self.config([ProverGroup(count: 1, stake: 1_000, invalidRate: 1),
                                           ProverGroup(count: 1, stake: 1e-9, invalidRate: 0)]))
        h.submit(node: 2, work: Time.second)
        h.run(until: Time.second)
        #expect(h.market.currentStake(0) == 500, "fine: half the stake")
        #expect(h.market.current[1] >= 0, "reassigned to the other prover, not back to the cheater")
        h.run(until: Time.minute)
        #expect(h.proven.count == 1 && h.proven[0].time == 2 * Time.second)
        let rows = h.rows
        #expect(rows[0].invalidProofs == 1 && rows[0].fines == 500 && rows[0].rewards == 0)
        #expect(rows[1].onTime == 1 && rows[1].rewardShare == 1)
        #expect(h.market.results(end: h.now).invalidProofs == 1)
    }

    @Test func theWindowBoundsJobsOutAndTheRestWaitInOrder() {
        var h = MarketHarness(Self.config([ProverGroup(count: 1, stake: 1)], window: 2))
        for v in 1...5 { h.submit(node: Int32(v), work: Time.second) }
        #expect(h.market.outstandingJobs == 2 && h.market.waitingJobs == 3)
        h.run(until: Time.minute)
        #expect(h.maxOutstanding == 2)
        #expect(h.proven.map(\.node) == [1, 2, 3, 4, 5])
        #expect(h.proven.map(\.time) == [1, 2, 3, 4, 5].map { $0 * Time.second })
        let r = h.market.results(end: h.now)
        #expect(r.windowWaits == 3 && r.maxBacklog == 3 && r.latencies == [1, 2, 3, 4, 5])
    }

    @Test func jobsQueueAtABusyProver() {
        var h = MarketHarness(Self.config([ProverGroup(count: 1, stake: 1)]))
        for v in 1...3 { h.submit(node: Int32(v), work: Time.second) }
        h.run(until: Time.minute)
        #expect(h.proven.map(\.time) == [1, 2, 3].map { $0 * Time.second })
        #expect(h.rows[0].busy == 3 * Time.second)
    }

    @Test func reputationNeverFallsBelowItsFloor() {
        var c = Self.config([ProverGroup(count: 1, stake: 1, speed: .constant(0.001))], deadline: 1)
        c.minReputation = 0.2
        var h = MarketHarness(c)
        for v in 1...4 { h.submit(node: Int32(v), work: Time.second) }
        h.run(until: 10)
        #expect(h.market.reputation(0) == 0.2)
    }

    @Test func giniOfKnownShares() {
        #expect(Statistics.gini([]) == nil)
        #expect(Statistics.gini([0, 0]) == 0)
        #expect(Statistics.gini([5, 5, 5, 5]) == 0)
        #expect(abs(Statistics.gini([0, 0, 0, 1])! - 0.75) < 1e-12)
        #expect(abs(Statistics.gini([1, 2, 3])! - 2.0 / 9) < 1e-12)
    }
}
