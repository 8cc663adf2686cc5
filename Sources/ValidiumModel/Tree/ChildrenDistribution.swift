import Stochastic
import Foundation

/// How many children a node of a `random` tree draws (docs/model.md §2): a count k ≥ 0.
public enum ChildrenDistribution: Sendable, Equatable {
    /// Always `k`.
    case constant(Int)
    /// Poisson with the given mean.
    case poisson(mean: Double)
    /// Geometric on {0, 1, 2, …} with the given mean: P(k) = p(1−p)^k, p = 1/(1 + mean).
    case geometric(mean: Double)
    /// P(k) proportional to `weights[k]` (k = 0 … weights.count − 1).
    case weights([Double])

    /// The distribution's mean.
    public var mean: Double {
        switch self {
        case .constant(let k): return Double(k)
        case .poisson(let m), .geometric(let m): return m
        case .weights(let w):
            let total = w.reduce(0, +)
            return total > 0 ? w.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element } / total : 0
        }
    }

    /// True when a draw can be at least 1 (a tree can grow).
    public var canGrow: Bool {
        switch self {
        case .constant(let k): return k >= 1
        case .poisson(let m), .geometric(let m): return m > 0
        case .weights(let w): return w.dropFirst().contains { $0 > 0 }
        }
    }

    /// One draw (a constant draws nothing from the stream).
    public func sample(_ stream: RandomStream) -> Int {
        switch self {
        case .constant(let k): return k
        case .poisson(let m): return Int(min(stream.poisson(mean: m), 1 << 30))
        case .geometric(let m):
            // Inversion: k = ⌊ln U / ln(1 − p)⌋ with U in (0, 1), p = 1/(1 + m).
            let q = m / (1 + m)
            return Int(min((Foundation.log(stream.uniformPositive()) / Foundation.log(q)).rounded(.down), Double(1 << 30)))
        case .weights(let w):
            let total = w.reduce(0, +)
            var u = stream.uniform() * total
            for (k, x) in w.enumerated() {
                if u < x { return k }
                u -= x
            }
            return w.lastIndex { $0 > 0 } ?? 0
        }
    }
}

/// A `random` tree (docs/model.md §2): its size, the children distribution, a depth limit and a seed.
public struct RandomTreeSpec: Sendable, Equatable {
    /// Nodes, the L1 included.
    public var nodes: Int
    /// Children per node.
    public var children: ChildrenDistribution
    /// Deepest level a node may have (nil: no limit).
    public var maxDepth: Int?
    /// The tree's own seed (`tree.seed`); nil: the run's seed.
    public var seed: UInt64?

    /// A spec.
    public init(nodes: Int, children: ChildrenDistribution, maxDepth: Int? = nil, seed: UInt64? = nil) {
        self.nodes = nodes
        self.children = children
        self.maxDepth = maxDepth
        self.seed = seed
    }
}

extension ChildrenDistribution: CustomStringConvertible {
    /// `poisson(3)`, `constant(2)`, `weights[1, 2, 1]`.
    public var description: String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x) }
        switch self {
        case .constant(let k): return "constant(\(k))"
        case .poisson(let m): return "poisson(\(n(m)))"
        case .geometric(let m): return "geometric(\(n(m)))"
        case .weights(let w): return "weights[" + w.map(n).joined(separator: ", ") + "]"
        }
    }
}
