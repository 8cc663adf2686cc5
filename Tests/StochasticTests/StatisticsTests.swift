import Foundation
import Testing
@testable import Stochastic

/// Least-squares fits against known coefficients on synthetic data, and the order statistics.
@Suite struct StatisticsTests {
    @Test func exactLineIsRecovered() throws {
        let x = (0..<20).map(Double.init)
        let y = x.map { 3 - 2.5 * $0 }
        let fit = try #require(Statistics.linearFit(x: x, y: y))
        #expect(abs(fit.intercept - 3) < 1e-12 && abs(fit.slope + 2.5) < 1e-12)
        #expect(fit.residualSumOfSquares < 1e-20)
        #expect(fit.rSquared == 1)
    }

    /// y = a + b·x + Gaussian noise of σ: the fitted coefficients lie within 5 standard errors
    /// (SE(b) = σ/√Σ(x−x̄)², SE(a) = σ·√(1/n + x̄²/Σ(x−x̄)²)) and RSS/(n−2) estimates σ².
    @Test(arguments: [(1.5, 0.75, 0.1), (-40.0, 12.0, 5.0), (0.002, -0.0003, 1e-4)])
    func noisyLineIsRecoveredWithinItsStandardErrors(_ a: Double, _ b: Double, _ sigma: Double) throws {
        let s = RandomStream(seed: 77, name: "fit")
        let n = 5_000
        let x = (0..<n).map { _ in 10 * s.uniform() }
        let y = x.map { a + b * $0 + sigma * gaussian(s) }
        let fit = try #require(Statistics.linearFit(x: x, y: y))
        let mx = x.reduce(0, +) / Double(n)
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let seSlope = sigma / sxx.squareRoot()
        let seIntercept = sigma * (1 / Double(n) + mx * mx / sxx).squareRoot()
        #expect(abs(fit.slope - b) <= 5 * seSlope, "slope \(fit.slope) vs \(b) ± \(seSlope)")
        #expect(abs(fit.intercept - a) <= 5 * seIntercept, "intercept \(fit.intercept) vs \(a) ± \(seIntercept)")
        let s2 = fit.residualSumOfSquares / Double(n - 2)
        #expect(abs(s2 / (sigma * sigma) - 1) < 0.1, "residual variance \(s2) vs σ² \(sigma * sigma)")
        #expect(fit.rSquared > 0 && fit.rSquared < 1)
    }

    /// The log-N fit that `bounds` makes: y = c0 + c1·log N over depths of a tree.
    @Test func logarithmicGrowthFitsWithTheRightSlope() throws {
        let n = (3...11).map { pow(4.0, Double($0)) }
        let y = n.map { 12 + 0.8 * log($0) }
        let fit = try #require(Statistics.linearFit(x: n.map(log), y: y))
        #expect(abs(fit.slope - 0.8) < 1e-12 && abs(fit.intercept - 12) < 1e-10)
    }

    @Test func degenerateInputsGiveNil() {
        #expect(Statistics.linearFit(x: [1], y: [2]) == nil)
        #expect(Statistics.linearFit(x: [1, 2, 3], y: [2, 3]) == nil)
        #expect(Statistics.linearFit(x: [], y: []) == nil)
        #expect(Statistics.mean([]) == nil && Statistics.standardDeviation([1]) == nil)
        #expect(Statistics.nearestRank([], 50) == nil && Statistics.gini([]) == nil)
    }

    /// A flat y has no variance to explain: R² is 1 by convention when the line fits exactly.
    @Test func flatLineHasZeroSlope() throws {
        let fit = try #require(Statistics.linearFit(x: [1, 2, 3, 4], y: [5, 5, 5, 5]))
        #expect(fit.slope == 0 && fit.intercept == 5 && fit.rSquared == 1)
    }

    @Test func meanAndStandardDeviation() {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        // Sample standard deviation (n − 1): of 2, 4, 4, 4, 5, 5, 7, 9 it is √(32/7).
        let sd = Statistics.standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])!
        #expect(abs(sd - (32.0 / 7).squareRoot()) < 1e-12)
    }

    @Test func nearestRankPercentiles() {
        let v = (1...10).map(Double.init)
        #expect(Statistics.nearestRank(v, 50) == 5)
        #expect(Statistics.nearestRank(v, 51) == 6)
        #expect(Statistics.nearestRank(v, 90) == 9)
        #expect(Statistics.nearestRank(v, 100) == 10)
        #expect(Statistics.nearestRank(v, 0.1) == 1)
        #expect(Statistics.nearestRank([4, 7], 50) == 4)
    }

    @Test func giniCoefficient() {
        #expect(Statistics.gini([3, 3, 3]) == 0)
        #expect(Statistics.gini([0, 0, 0]) == 0)
        #expect(abs(Statistics.gini([0, 0, 0, 8])! - 0.75) < 1e-12)   // (n − 1)/n
        // 1, 2, 3: mean absolute difference 8/9, mean 2 → 2/9.
        #expect(abs(Statistics.gini([3, 1, 2])! - 2.0 / 9) < 1e-12)
    }
}

/// A standard normal draw from the stream (lognormal with median 1 and σ 1, logged).
func gaussian(_ s: RandomStream) -> Double { log(s.lognormal(median: 1, sigma: 1)) }
