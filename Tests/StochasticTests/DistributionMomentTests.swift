import Foundation
import Testing
@testable import Stochastic

/// Sample moments of every distribution against their formulas. Samples are large (200,000 draws)
/// and seeded, so each check is deterministic; tolerances are 5 standard errors of the estimate
/// (the standard error of a sample variance estimated from the sample's fourth central moment),
/// wide enough for any seed yet narrow enough to catch a wrong parameterisation (a rate for a
/// mean, σ² for σ, a scale for a shape).
@Suite struct DistributionMomentTests {
    static let n = 200_000

    /// Sample mean and variance with their standard errors.
    struct Moments {
        var mean = 0.0, variance = 0.0, meanError = 0.0, varianceError = 0.0

        init(_ x: [Double]) {
            let n = Double(x.count)
            mean = x.reduce(0, +) / n
            var m2 = 0.0, m4 = 0.0
            for v in x { let d = (v - mean) * (v - mean); m2 += d; m4 += d * d }
            variance = m2 / (n - 1)
            m4 /= n
            meanError = (variance / n).squareRoot()
            varianceError = (max(m4 - variance * variance, 0) / n).squareRoot()
        }
    }

    static func sample(_ d: Distribution, seed: UInt64) -> Moments {
        let s = RandomStream(seed: seed, name: "moments")
        return Moments((0..<n).map { _ in d.sample(s) })
    }

    /// The variance of each distribution, written from its textbook formula.
    static func variance(_ d: Distribution) -> Double {
        switch d {
        case .constant: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .exponential(let m): return m * m
        case .lognormal(let median, let sigma): return median * median * exp(sigma * sigma) * (exp(sigma * sigma) - 1)
        case .gamma(let k, let theta): return k * theta * theta
        }
    }

    static let cases: [Distribution] = [
        .uniform(min: 2, max: 10),
        .uniform(min: 0, max: 1),
        .exponential(mean: 0.1),
        .exponential(mean: 250_000),
        .lognormal(median: 80_000, sigma: 0.5),
        .lognormal(median: 1, sigma: 0.25),
        .gamma(shape: 2, scale: 3),
        .gamma(shape: 0.5, scale: 10),
        .gamma(shape: 9, scale: 0.5),
    ]

    @Test(arguments: cases)
    func meanAndVarianceMatchTheFormulas(_ d: Distribution) {
        let m = Self.sample(d, seed: 20_241)
        #expect(abs(m.mean - d.mean) <= 5 * m.meanError, "\(d.description): mean \(m.mean) ± \(m.meanError), formula \(d.mean)")
        let v = Self.variance(d)
        #expect(abs(m.variance - v) <= 5 * m.varianceError,
                "\(d.description): variance \(m.variance) ± \(m.varianceError), formula \(v)")
    }

    /// The `mean` property itself, against hand-computed values.
    @Test func meanFormulas() {
        #expect(Distribution.constant(4).mean == 4)
        #expect(Distribution.uniform(min: 2, max: 10).mean == 6)
        #expect(Distribution.exponential(mean: 3).mean == 3)
        #expect(abs(Distribution.lognormal(median: 2, sigma: 1).mean - 2 * exp(0.5)) < 1e-12)
        #expect(Distribution.gamma(shape: 2, scale: 3).mean == 6)
    }

    @Test func constantAlwaysDrawsItsValue() {
        let s = RandomStream(seed: 1, name: "c")
        #expect((0..<100).allSatisfy { _ in Distribution.constant(7.5).sample(s) == 7.5 })
        #expect(Distribution.constant(1).isConstant && Distribution.uniform(min: 3, max: 3).isConstant)
        #expect(!Distribution.uniform(min: 3, max: 4).isConstant && !Distribution.exponential(mean: 1).isConstant)
    }

    @Test func drawsStayInTheSupport() {
        let s = RandomStream(seed: 2, name: "support")
        let u = (0..<10_000).map { _ in Distribution.uniform(min: 2, max: 10).sample(s) }
        #expect(u.allSatisfy { $0 >= 2 && $0 <= 10 })
        for d in [Distribution.exponential(mean: 1), .lognormal(median: 1, sigma: 2), .gamma(shape: 0.3, scale: 1)] {
            #expect((0..<10_000).allSatisfy { _ in d.sample(s) >= 0 }, "\(d.description)")
        }
    }

    /// `scaled(by:)` is a unit conversion: the same draws, multiplied (σ and the shape unchanged).
    @Test func scalingScalesEveryDraw() {
        for d in Self.cases + [.constant(3)] {
            let a = RandomStream(seed: 9, name: "scale"), b = RandomStream(seed: 9, name: "scale")
            let scaled = d.scaled(by: 1000)
            for _ in 0..<100 {
                let x = d.sample(a) * 1000, y = scaled.sample(b)
                #expect(abs(x - y) <= 1e-9 * max(abs(x), 1), "\(d.description)")
            }
            #expect(abs(scaled.mean - 1000 * d.mean) <= 1e-9 * max(abs(scaled.mean), 1))
        }
    }

    /// The stream's other draws used by the model: Poisson, binomial, Bernoulli, uniform integers.
    @Test func countDistributionsMatchTheirMoments() {
        let s = RandomStream(seed: 31, name: "counts")
        let poisson = Moments((0..<Self.n).map { _ in Double(s.poisson(mean: 3.5)) })
        #expect(abs(poisson.mean - 3.5) <= 5 * poisson.meanError && abs(poisson.variance - 3.5) <= 5 * poisson.varianceError)
        let binomial = Moments((0..<Self.n).map { _ in Double(s.binomial(n: 40, p: 0.3)) })
        #expect(abs(binomial.mean - 12) <= 5 * binomial.meanError)
        #expect(abs(binomial.variance - 8.4) <= 5 * binomial.varianceError)
        let bernoulli = Moments((0..<Self.n).map { _ in s.bernoulli(0.2) ? 1.0 : 0.0 })
        #expect(abs(bernoulli.mean - 0.2) <= 5 * bernoulli.meanError)
        let dice = Moments((0..<Self.n).map { _ in Double(s.uniformInt(6)) })
        #expect(abs(dice.mean - 2.5) <= 5 * dice.meanError && abs(dice.variance - 35.0 / 12) <= 5 * dice.varianceError)
        let wide = Moments((0..<Self.n).map { _ in Double(s.uniformInt(1 << 40)) / Double(1 << 40) })
        #expect(abs(wide.mean - 0.5) <= 5 * wide.meanError && abs(wide.variance - 1.0 / 12) <= 5 * wide.varianceError)
    }
}
