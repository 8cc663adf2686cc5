/// A distribution of a non-negative quantity (a duration in µs, a size, a factor), as written in
/// scenario files: `{ dist: lognormal, median: 80ms, sigma: 0.5 }` (docs/model.md §9).
public enum Distribution: Sendable, Equatable, Hashable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean.
    case exponential(mean: Double)
    /// `median × exp(σZ)`.
    case lognormal(median: Double, sigma: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)

    /// The distribution's mean.
    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .lognormal(let median, let sigma): return median * exp(sigma * sigma / 2)
        case .gamma(let k, let theta): return k * theta
        }
    }

    /// True when every draw is the same value.
    public var isConstant: Bool {
        if case .constant = self { return true }
        if case .uniform(let a, let b) = self { return a == b }
        return false
    }

    /// One draw from `stream` (a constant draws nothing, so it does not shift the stream).
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return a + (b - a) * stream.uniform()
        case .exponential(let m): return stream.exponential(mean: m)
        case .lognormal(let median, let sigma): return stream.lognormal(median: median, sigma: sigma)
        case .gamma(let k, let theta): return stream.gamma(shape: k, scale: theta)
        }
    }

    /// The same distribution with every value scaled by `factor` (unit conversion).
    public func scaled(by factor: Double) -> Distribution {
        switch self {
        case .constant(let v): return .constant(v * factor)
        case .uniform(let a, let b): return .uniform(min: a * factor, max: b * factor)
        case .exponential(let m): return .exponential(mean: m * factor)
        case .lognormal(let median, let sigma): return .lognormal(median: median * factor, sigma: sigma)
        case .gamma(let k, let theta): return .gamma(shape: k, scale: theta * factor)
        }
    }

    /// A compact description: `lognormal(median 80000, σ 0.5)`.
    public var description: String {
        switch self {
        case .constant(let v): return "constant(\(v))"
        case .uniform(let a, let b): return "uniform(\(a), \(b))"
        case .exponential(let m): return "exponential(mean \(m))"
        case .lognormal(let m, let s): return "lognormal(median \(m), σ \(s))"
        case .gamma(let k, let t): return "gamma(shape \(k), scale \(t))"
        }
    }
}

import Foundation
