import SimCore
import Stochastic
import Testing
@testable import ValidiumModel

/// The prover market inside whole runs (docs/model.md §9): load against pool size, and the seed's
/// fairness claim with skewed stakes. Same tree and load as scenarios/provers/*.yaml.
@Suite struct ProverMarketRunTests {
    /// 121 nodes, 15 s rounds, plonky2 timing: about 4 provers' worth of proving work.
    static func config(_ pool: [ProverGroup], duration: SimTime = 10 * Time.minute) -> ModelConfig {
        var c = Fixture.baseline(depth: 4, duration: duration)
        c.workload.txRate = 1
        var m = ProverMarketConfig(pool: pool)
        m.deadline = 5 * Time.second
        m.window = 64
        c.provers = m
        return c
    }

    static let speed = Distribution.lognormal(median: 1, sigma: 0.2)

    @Test func aPoolTooSmallForTheLoadMissesDeadlinesAndSlowsProofs() {
        let adequate = Fixture.run(Self.config([ProverGroup(count: 8, stake: 100, speed: Self.speed)])).provers
        let small = Fixture.run(Self.config([ProverGroup(count: 3, stake: 100, speed: Self.speed)])).provers
        let p50 = { (r: ProverResults) in Statistics.nearestRank(r.latencies, 50) ?? .nan }
        let p99 = { (r: ProverResults) in Statistics.nearestRank(r.latencies, 99) ?? .nan }
        #expect(adequate.latencies.count > 4_000)
        #expect(p50(small) > 2 * p50(adequate), "p50 \(p50(small)) against \(p50(adequate))")
        #expect(p99(small) > 5 && p99(adequate) < 5, "p99 \(p99(small)) against \(p99(adequate))")
        #expect(small.missedDeadlines > 10 * max(adequate.missedDeadlines, 10),
                "missed \(small.missedDeadlines) against \(adequate.missedDeadlines)")
        #expect(small.latencies.count < adequate.latencies.count, "rounds stretch: fewer jobs proven")
    }

    @Test func withSkewedStakesRewardsFollowReputationNotRawSpeed() {
        let pool = [
            ProverGroup(count: 1, stake: 400, speed: .lognormal(median: 2.5, sigma: 0.2)),
            ProverGroup(count: 1, stake: 200, speed: .lognormal(median: 1.5, sigma: 0.2)),
            ProverGroup(count: 4, stake: 50, speed: Self.speed),
            ProverGroup(count: 1, stake: 25, speed: .lognormal(median: 6, sigma: 0.2)),   // the fastest
            ProverGroup(count: 1, stake: 100, speed: .lognormal(median: 0.4, sigma: 0.2)), // too slow for its stake
        ]
        let rows = Fixture.run(Self.config(pool, duration: 20 * Time.minute)).provers.provers
        for row in rows {
            #expect(abs(row.rewardShare - row.reputationShareMean) < 0.05,
                    "prover \(row.id): reward share \(row.rewardShare), reputation share \(row.reputationShareMean)")
        }
        #expect(rows[6].rewardShare < 0.1, "the fastest prover earns its small share, not everything")
        #expect(rows[0].rewardShare > 0.4, "the largest staker, fast enough, earns the most")
        #expect(rows[7].rewardShare < rows[7].initialStake / 925 / 2, "the slow prover lost reputation and rewards")
        #expect(rows[7].missedDeadlines > 0 && rows[7].reputation < 1)
    }

    @Test func withoutProversThereIsNoMarket() {
        let plain = Fixture.run(Fixture.baseline(depth: 3, duration: 5 * Time.minute))
        #expect(plain.provers == ProverResults())
        #expect(plain.counters.rounds > 0)
    }

    @Test func marketRunsAreDeterministic() {
        let c = Self.config([ProverGroup(count: 4, stake: 100, speed: Self.speed, invalidRate: 0.05)], duration: 5 * Time.minute)
        let a = Fixture.run(c), b = Fixture.run(c)
        #expect(a.traceDigest == b.traceDigest)
        #expect(a.provers == b.provers)
        #expect(a.provers.invalidProofs > 0)
    }
}
