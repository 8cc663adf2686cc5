import Foundation
import Stochastic

/// A metric that `bounds` checks, with the summary figures it fits.
public enum BoundsMetric: String, Sendable, CaseIterable {
    /// Global finality of transactions, p50 and p99 (docs/model.md §10: O(log N)).
    case finality
    /// Most hashes retained on the L1 (`l1.retained.max`; O(log N)).
    case l1Hashes = "l1_hashes"
    /// Most bytes stored by one validium (`storage.max_bytes`; O(log N)).
    case storage
    /// Cross-validium messages minted per second (`bridge.throughput`; predicted O(N / log N), docs/model.md §10).
    case throughput
    /// L1 gas per block (`l1.gas.per_block.mean`; predicted O(1) for a fixed width: the L1 verifies its children's ZKPs only).
    case l1Gas = "l1_gas"

    /// The summary figures fitted, each a series of its own.
    public var figures: [String] {
        switch self {
        case .finality: return ["finality.global.p50", "finality.global.p99"]
        case .l1Hashes: return ["l1.retained.max"]
        case .storage: return ["storage.max_bytes"]
        case .throughput: return ["bridge.throughput"]
        case .l1Gas: return ["l1.gas.per_block.mean"]
        }
    }

    /// The model the proposal predicts: log N for costs, N / log N for throughput, a constant for L1 gas.
    public var predicted: GrowthModel {
        switch self {
        case .throughput: return .nOverLog
        case .l1Gas: return .constant
        default: return .log
        }
    }

    /// The three models fitted, the predicted one first (a constant is not fitted: log N, √N and N are shown).
    public var models: [GrowthModel] { predicted == .constant ? [.log, .sqrt, .linear] : [predicted, .sqrt, .linear] }
}

/// y = a + b·f(N) for one f.
public enum GrowthModel: String, Sendable, CaseIterable {
    /// f(N) = ln N.
    case log = "log N"
    /// f(N) = √N.
    case sqrt = "√N"
    /// f(N) = N.
    case linear = "N"
    /// f(N) = N / ln N.
    case nOverLog = "N/log N"
    /// f(N) = 1 (flat: judged by its spread, not fitted).
    case constant = "1"

    /// f(N).
    public func x(_ n: Double) -> Double {
        switch self {
        case .log: return Foundation.log(n)
        case .sqrt: return n.squareRoot()
        case .linear: return n
        case .nOverLog: return n / Foundation.log(n)
        case .constant: return 1
        }
    }
}

/// The pass/fail thresholds of `bounds`.
public struct BoundsThresholds: Sendable, Equatable {
    /// The predicted model must reach at least this R² (default 0.9).
    public var minRSquared: Double = 0.9
    /// Growth from the smallest to the largest N may exceed the predicted ratio by this fraction (default 0.5).
    public var slack: Double = 0.5

    /// Thresholds.
    public init(minRSquared: Double = 0.9, slack: Double = 0.5) { self.minRSquared = minRSquared; self.slack = slack }
}

/// One least-squares fit y = a + b·f(N) (GSL `gsl_fit_linear`).
public struct ModelFit: Sendable, Equatable {
    /// The model.
    public var model: GrowthModel
    /// a.
    public var intercept: Double
    /// b.
    public var slope: Double
    /// Coefficient of determination.
    public var rSquared: Double
    /// y − (a + b·f(N)) at each point, in N order.
    public var residuals: [Double]
}

/// The fits and verdict of one figure against N.
public struct BoundsSeries: Sendable, Equatable {
    /// Summary figure name.
    public var figure: String
    /// Its unit.
    public var unit: String
    /// N (nodes, the L1 included) of each point, ascending.
    public var n: [Double]
    /// Mean of the figure over replicates at each point.
    public var mean: [Double]
    /// Sample standard deviation at each point (0 with one replicate).
    public var spread: [Double]
    /// One fit per model, the predicted model first.
    public var fits: [ModelFit]
    /// The model with the highest R² (ties go to the predicted model).
    public var best: GrowthModel
    /// mean(N max) / mean(N min).
    public var growth: Double
    /// The growth the predicted model allows: (1 + slack)·g(N max)/g(N min) (for throughput, at least g(N max)/g(N min)/(1 + slack)).
    public var allowedGrowth: Double
    /// Why it failed (empty: passed).
    public var failures: [String]

    /// True when the predicted model fits best, well enough, and growth stays within the allowed ratio.
    public var passed: Bool { failures.isEmpty }
}

/// Fitting a metric against N and judging whether it grows as predicted.
public enum Bounds {
    /// Fits each figure of `metric` over the points `(n, mean, spread)`; points need a value for every figure.
    public static func analyse(metric: BoundsMetric, points: [(n: Double, figures: [PointFigure])],
                               thresholds: BoundsThresholds) -> [BoundsSeries] {
        let sorted = points.sorted { $0.n < $1.n }
        return metric.figures.map { name in
            let found = sorted.map { p in p.figures.first { $0.name == name } }
            let unit = found.compactMap { $0?.unit }.first ?? ""
            let n = sorted.map(\.n)
            let mean = found.map { $0?.mean ?? .nan }
            let spread = found.map { $0?.spread ?? 0 }
            var failures: [String] = []
            let missing = zip(n, mean).filter { $0.1.isNaN }.map { SummaryFormat.grouped(Int64($0.0)) }
            if !missing.isEmpty { failures.append("no value at N = \(missing.joined(separator: ", ")) (nothing reached that point; lengthen duration)") }
            let fits = metric.models.map { fit($0, n: n, y: mean) }
            if metric.predicted == .constant {
                return flat(name, unit: unit, n: n, mean: mean, spread: spread, fits: fits, missing: missing,
                            failures: failures, thresholds: thresholds)
            }
            let best = fits.reduce(fits[0]) { $1.rSquared > $0.rSquared + 1e-12 ? $1 : $0 }.model
            let g = metric.predicted
            let growth = mean.first.flatMap { first in mean.last.map { $0 / first } } ?? .nan
            let predictedRatio = g.x(n.last ?? 2) / g.x(n.first ?? 2)
            let allowed = metric == .throughput ? predictedRatio / (1 + thresholds.slack) : (1 + thresholds.slack) * predictedRatio
            if missing.isEmpty {
                if best != g {
                    failures.append(String(format: "%@ fits better than %@ (R² %.4f against %.4f)", best.rawValue, g.rawValue,
                                           fits.first { $0.model == best }?.rSquared ?? .nan, fits[0].rSquared))
                }
                if !(fits[0].rSquared >= thresholds.minRSquared) {
                    failures.append(String(format: "R² of %@ is %.4f, below %.2f", g.rawValue, fits[0].rSquared, thresholds.minRSquared))
                }
                let within = metric == .throughput ? growth >= allowed : growth <= allowed
                if !within || !growth.isFinite {
                    failures.append(String(format: "growth ×%.3g from N = %@ to %@ is %@ the ×%.3g that %@ allows",
                                           growth, SummaryFormat.grouped(Int64(n.first ?? 0)), SummaryFormat.grouped(Int64(n.last ?? 0)),
                                           metric == .throughput ? "below" : "above", allowed, g.rawValue))
                }
            }
            return BoundsSeries(figure: name, unit: unit, n: n, mean: mean, spread: spread, fits: fits, best: best,
                                growth: growth, allowedGrowth: allowed, failures: failures)
        }
    }

    /// The O(1) verdict: every point's mean within (1 + slack) of the smallest (max/min ≤ 1 + slack).
    static func flat(_ name: String, unit: String, n: [Double], mean: [Double], spread: [Double], fits: [ModelFit],
                     missing: [String], failures: [String], thresholds: BoundsThresholds) -> BoundsSeries {
        var failures = failures
        let lo = mean.min() ?? .nan, hi = mean.max() ?? .nan
        let growth = hi / lo
        let allowed = 1 + thresholds.slack
        let best = fits.reduce(fits[0]) { $1.rSquared > $0.rSquared + 1e-12 ? $1 : $0 }.model
        if missing.isEmpty, !(growth <= allowed) || !growth.isFinite {
            failures.append(String(format: "largest/smallest mean is ×%.3g over N = %@ … %@, above the ×%.3g that O(1) allows",
                                   growth, SummaryFormat.grouped(Int64(n.first ?? 0)), SummaryFormat.grouped(Int64(n.last ?? 0)), allowed))
        }
        return BoundsSeries(figure: name, unit: unit, n: n, mean: mean, spread: spread, fits: fits, best: best,
                            growth: growth, allowedGrowth: allowed, failures: failures)
    }

    /// Least squares of y on f(N) (GSL); NaN coefficients when it cannot be fitted.
    public static func fit(_ model: GrowthModel, n: [Double], y: [Double]) -> ModelFit {
        let x = n.map(model.x)
        guard !y.contains(where: \.isNaN), let f = Statistics.linearFit(x: x, y: y) else {
            return ModelFit(model: model, intercept: .nan, slope: .nan, rSquared: .nan, residuals: y.map { _ in .nan })
        }
        let residuals = zip(x, y).map { $0.1 - (f.intercept + f.slope * $0.0) }
        return ModelFit(model: model, intercept: f.intercept, slope: f.slope, rSquared: f.rSquared, residuals: residuals)
    }
}
