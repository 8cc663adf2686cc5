import CGSL

/// Order statistics and fits used by summaries and `bounds`.
public enum Statistics {
    /// Nearest-rank percentile (docs/model.md §3.1 rule 15) of already sorted values; nil when empty.
    /// `p` in (0, 100].
    public static func nearestRank(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// Mean of the values (GSL); nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation (GSL); nil with fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        return values.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// Gini coefficient of non-negative values: 0 when all are equal, (n − 1)/n when one holds
    /// everything; mean absolute difference over twice the mean, computed on the sorted values as
    /// Σ (2i − n − 1)·x₍ᵢ₎ / (n·Σx). nil when empty; 0 when every value is 0.
    public static func gini(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = Double(sorted.count)
        var total = 0.0, weighted = 0.0
        for (k, x) in sorted.enumerated() {
            total += x
            weighted += (2 * Double(k + 1) - n - 1) * x
        }
        return total > 0 ? weighted / (n * total) : 0
    }

    /// A least-squares line y = c0 + c1·x with its residual sum of squares.
    public struct LinearFit: Sendable, Equatable {
        /// Intercept.
        public var intercept: Double
        /// Slope.
        public var slope: Double
        /// Sum of squared residuals.
        public var residualSumOfSquares: Double
        /// Coefficient of determination R².
        public var rSquared: Double
    }

    /// Ordinary least squares of y on x (GSL `gsl_fit_linear`); nil with fewer than two points.
    public static func linearFit(x: [Double], y: [Double]) -> LinearFit? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        let status = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                gsl_fit_linear(xp.baseAddress, 1, yp.baseAddress, 1, x.count, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
            }
        }
        guard status == 0 else { return nil }
        let my = y.reduce(0, +) / Double(y.count)
        let tss = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return LinearFit(intercept: c0, slope: c1, residualSumOfSquares: sumsq, rSquared: tss > 0 ? 1 - sumsq / tss : 1)
    }
}
