import Foundation
import Scenarios
import Stochastic
import Testing
import ValidiumModel

/// `provers:` (the prover market): reading, defaults, strict errors, overrides and round trips.
@Suite struct ProversSectionTests {
    static let market = minimalYAML + """

    provers:
      pool:
        - { count: 2, stake: 400, speed: { dist: lognormal, median: 2, sigma: 0.3 }, invalid_rate: 0.01 }
        - { count: 3, stake: 50, speed: 1.5 }
        - { count: 1, stake: 10, speed: { dist: gamma, shape: 2, mean: 3 } }
      deadline: 4s
      window: 32
      late_penalty: 0.25
      recovery: 0.1
      min_reputation: 0.05
      fine: 0.2
      invalid_rate: 0.001
      reward: 2
    """

    @Test func readsEveryKey() throws {
        let m = try #require(try scenario(Self.market).config.provers)
        #expect(m.count == 6)
        #expect(m.pool[0] == ProverGroup(count: 2, stake: 400, speed: .lognormal(median: 2, sigma: 0.3), invalidRate: 0.01))
        #expect(m.pool[1] == ProverGroup(count: 3, stake: 50, speed: .constant(1.5)))
        #expect(m.pool[2].speed == .gamma(shape: 2, scale: 1.5))
        #expect(m.deadline == 4_000_000 && m.window == 32 && m.latePenalty == 0.25 && m.recovery == 0.1)
        #expect(m.minReputation == 0.05 && m.fine == 0.2 && m.invalidRate == 0.001 && m.reward == 2)
    }

    @Test func absentMeansNoMarketAndAPlainCountMeansEqualProvers() throws {
        #expect(try scenario(minimalYAML).config.provers == nil)
        #expect(!(try scenario(minimalYAML).canonical.contains("provers.")))
        let m = try #require(try scenario(minimalYAML + "\nprovers: { pool: 4 }").config.provers)
        #expect(m.pool == [ProverGroup(count: 4, stake: 1, speed: .constant(1))])
        #expect(m == ProverMarketConfig(pool: [ProverGroup(count: 4)]), "the documented defaults")
    }

    @Test func overridesSetMarketKeys() throws {
        let s = try scenario(Self.market, overrides: ["provers.deadline=2s", "provers.window=8"])
        #expect(s.config.provers?.deadline == 2_000_000 && s.config.provers?.window == 8)
        let small = try scenario(minimalYAML, overrides: ["provers.pool=3"])
        #expect(small.config.provers?.count == 3)
        #expect(message(minimalYAML, overrides: ["provers.pool=0"]).contains("provers.pool: must be positive"))
    }

    @Test func canonicalLinesAreStableAndChangeWithTheMarket() throws {
        let c = try scenario(Self.market).canonical
        #expect(c.contains("provers.pool = [{ count: 2, stake: 400, speed: { dist: lognormal, median: 2, sigma: 0.3 }, "
                           + "invalid_rate: 0.01 }, { count: 3, stake: 50, speed: { dist: constant, value: 1.5 } }, "
                           + "{ count: 1, stake: 10, speed: { dist: gamma, scale: 1.5, shape: 2 } }]\n"))
        #expect(c.contains("provers.deadline = 4000000us\n") && c.contains("provers.min_reputation = 0.05\n"))
        let d = try scenario(Self.market).digest
        #expect(try scenario(Self.market, overrides: ["provers.fine=0.3"]).digest != d)
    }

    @Test func canonicalFormLoadsBack() throws {
        for text in [Self.market, minimalYAML + "\nprovers: { pool: 2 }"] {
            let first = try scenario(text)
            let second = try scenario(CanonicalYAML.render(first.canonical))
            #expect(second.canonical == first.canonical)
            #expect(second.config == first.config)
        }
    }

    @Test func badInputIsRefusedWithItsKey() {
        #expect(message(minimalYAML + "\nprovers: { deadline: 5s }").contains("provers.pool: missing required key"))
        #expect(message(minimalYAML + "\nprovers: { pool: 2, dedline: 5s }").contains("provers.dedline: unknown key; did you mean provers.deadline?"))
        #expect(message(minimalYAML + "\nprovers: { pool: [{ count: 2, speeed: 2 }] }").contains("provers.pool[0].speeed: unknown key; did you mean provers.pool[0].speed?"))
        #expect(message(minimalYAML + "\nprovers: { pool: [{ count: 2, stake: 0 }] }").contains("provers.pool[0].stake: must be positive"))
        #expect(message(minimalYAML + "\nprovers: { pool: [{ speed: -1 }] }").contains("provers.pool[0].speed: must not be negative"))
        #expect(message(minimalYAML + "\nprovers: { pool: [{ speed: { dist: lognormal, median: 1 } }] }").contains(
            "provers.pool[0].speed.sigma: missing required key"))
        #expect(message(minimalYAML + "\nprovers: { pool: 2, deadline: 5 }").contains("provers.deadline: expected a duration with a unit"))
        #expect(message(minimalYAML + "\nprovers: { pool: 2, fine: 1.5 }").contains("provers.fine: out of range"))
        #expect(message(minimalYAML + "\nprovers: { pool: 2, min_reputation: 0 }").contains("provers.min_reputation: must be positive"))
        #expect(message(minimalYAML + "\nprovers: { pool: 200000 }").contains("provers.pool: out of range: at most 100,000"))
        #expect(message(minimalYAML + "\nprovers: { pool: [] }").contains("provers.pool: expected at least one group"))
        let e = failure(minimalYAML + "\nprovers:\n  pool: 2\n  window: 0\n")
        #expect(e?.line == 7 && e?.keyPath == "provers.window")
    }
}
