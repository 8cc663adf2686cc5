import Testing
@testable import Stochastic

/// Named streams derived from (seed, name): reproducible, independent of each other, and of every
/// other stream's existence (adding a stream never shifts the draws of another).
@Suite struct RandomStreamTests {
    static func draws(_ stream: RandomStream, _ n: Int = 64) -> [Double] { (0..<n).map { _ in stream.uniform() } }

    /// `derive` is FNV-1a of the name added to the seed, then one splitmix64 step. The expected
    /// values come from an independent transcription (Python, 64-bit wrap-around arithmetic):
    ///     h = FNV-1a-64(name); z = seed + h + 0x9E3779B97F4A7C15
    ///     z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>27) * 0x94D049BB133111EB; z ^ z>>31
    @Test func derivedSeedsMatchAnIndependentTranscription() {
        #expect(RandomStream.derive(seed: 1, name: "network") == 0x190C_61C4_3172_B893)
        #expect(RandomStream.derive(seed: 42, name: "proving") == 0x27DF_EE00_6FFF_ABAA)
        #expect(RandomStream.derive(seed: 0, name: "") == 0xC381_7C01_6BA4_FF30)
        #expect(RandomStream.derive(seed: (1 << 63) + 5, name: "bridge") == 0xEA37_CA22_5724_C1C8)
        #expect(RandomStream(seed: 1, name: "network").derivedSeed == 0x190C_61C4_3172_B893)
        #expect(RandomStream(seed: 1, name: "network").name == "network")
    }

    @Test func sameSeedAndNameGiveTheSameStream() {
        #expect(Self.draws(RandomStream(seed: 7, name: "network")) == Self.draws(RandomStream(seed: 7, name: "network")))
    }

    @Test func anotherNameOrSeedGivesAnotherStream() {
        let base = Self.draws(RandomStream(seed: 7, name: "network"))
        #expect(Self.draws(RandomStream(seed: 7, name: "proving")) != base)
        #expect(Self.draws(RandomStream(seed: 8, name: "network")) != base)
        #expect(Self.draws(RandomStream(seed: 7, name: "network ")) != base)
        // Many names of one seed: all first draws differ (no two streams coincide).
        let names = (0..<200).map { "stream-\($0)" }
        let firsts = Set(names.map { RandomStream(seed: 7, name: $0).uniform() })
        #expect(firsts.count == names.count)
    }

    @Test func anotherStreamNeverShiftsTheDraws() {
        let alone = Self.draws(RandomStream(seed: 3, name: "transactions"))
        let a = RandomStream(seed: 3, name: "transactions")
        let b = RandomStream(seed: 3, name: "bridge")
        var interleaved: [Double] = []
        for _ in 0..<64 {
            _ = b.exponential(mean: 2)
            interleaved.append(a.uniform())
            _ = b.gamma(shape: 2, scale: 1)
        }
        #expect(interleaved == alone)
    }

    @Test func drawsStayInTheirRanges() {
        let s = RandomStream(seed: 11, name: "ranges")
        var outside = 0
        for _ in 0..<10_000 {
            let u = s.uniform(), p = s.uniformPositive()
            if !(u >= 0 && u < 1) || !(p > 0 && p < 1) { outside += 1 }
            if s.uniformInt(6) >= 6 || s.uniformInt(1 << 40) >= 1 << 40 { outside += 1 }   // past 32 bits: scaled
            if s.binomial(n: 5, p: 0.5) > 5 { outside += 1 }
        }
        #expect(outside == 0)
        #expect(s.uniformInt(0) == 0 && s.uniformInt(1) == 0)
        #expect(s.poisson(mean: 0) == 0 && s.poisson(mean: -1) == 0)
        #expect(s.binomial(n: 0, p: 0.5) == 0 && s.binomial(n: 9, p: 0) == 0 && s.binomial(n: 9, p: 1) == 9)
        #expect(s.bernoulli(1) && !s.bernoulli(0) && !s.bernoulli(-0.5))
    }

    /// The edge cases above draw nothing, so they do not shift the stream.
    @Test func degenerateDrawsConsumeNothing() {
        let a = RandomStream(seed: 5, name: "x"), b = RandomStream(seed: 5, name: "x")
        _ = a.uniformInt(1); _ = a.poisson(mean: 0); _ = a.binomial(n: 0, p: 0.3); _ = a.binomial(n: 4, p: 1)
        _ = a.bernoulli(1); _ = a.bernoulli(0)
        _ = Distribution.constant(3).sample(a)
        _ = Distribution.uniform(min: 2, max: 2).mean
        #expect(Self.draws(a) == Self.draws(b))
    }
}
