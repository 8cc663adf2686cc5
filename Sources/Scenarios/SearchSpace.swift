import Stochastic

/// The candidates of a `search:` block: their count, every one in order, uniform draws, and the
/// neighbours a local search moves to (one operator moved, added or removed; one behaviour or one
/// value changed).
public struct SearchSpace: Sendable {
    /// The block.
    public let spec: SearchSpec

    /// The space of `spec`.
    public init(_ spec: SearchSpec) { self.spec = spec }

    /// How many candidates there are (a Double: it may exceed any integer).
    public var size: Double {
        spec.templates.reduce(1.0) { total, t in
            let placements = t.pool.isEmpty ? 1.0 : t.operators.reduce(0.0) { $0 + binomial(t.pool.count, $1) }
            return total * placements * Double(t.behaviors.count) * t.keys.reduce(1.0) { $0 * Double($1.values.count) }
        }
    }

    /// Every candidate, the first template varying slowest; within a template by operator count,
    /// then node combinations in id order, then behaviour, then values. Only for small spaces.
    public func all() -> [SearchCandidate] {
        var out: [[SearchChoice]] = [[]]
        for t in spec.templates {
            let choices = allChoices(t)
            out = out.flatMap { prefix in choices.map { prefix + [$0] } }
        }
        return out.map(SearchCandidate.init)
    }

    private func allChoices(_ t: SearchTemplate) -> [SearchChoice] {
        var placements: [[Int32]] = []
        if t.pool.isEmpty {
            placements = [[]]
        } else {
            for k in t.operators { placements += combinations(t.pool, k) }
        }
        var valueIndexes: [[Int]] = [[]]
        for key in t.keys { valueIndexes = valueIndexes.flatMap { p in key.values.indices.map { p + [$0] } } }
        var out: [SearchChoice] = []
        for nodes in placements {
            for b in t.behaviors.indices {
                for v in valueIndexes { out.append(SearchChoice(nodes: nodes, behavior: b, values: v)) }
            }
        }
        return out
    }

    /// One candidate drawn from `stream`: per template an operator count uniform in its range, that
    /// many distinct pool nodes, a behaviour and a value of every key, each uniform.
    public func draw(_ stream: RandomStream) -> SearchCandidate {
        SearchCandidate(spec.templates.map { t in
            var nodes: [Int32] = []
            if !t.pool.isEmpty {
                let k = t.operators.lowerBound + Int(stream.uniformInt(UInt64(t.operators.count)))
                nodes = sample(t.pool, k, stream)
            }
            let b = Int(stream.uniformInt(UInt64(t.behaviors.count)))
            let values = t.keys.map { Int(stream.uniformInt(UInt64($0.values.count))) }
            return SearchChoice(nodes: nodes, behavior: b, values: values)
        })
    }

    /// How many neighbours `c` has.
    public func neighborCount(_ c: SearchCandidate) -> Int {
        zip(spec.templates, c.choices).reduce(0) { total, pair in
            let (t, choice) = pair
            let k = choice.nodes.count, free = t.pool.count - k
            var n = k * free
            if !t.pool.isEmpty, k < t.operators.upperBound { n += free }
            if !t.pool.isEmpty, k > t.operators.lowerBound { n += k }
            n += t.behaviors.count - 1
            return total + n + t.keys.reduce(0) { $0 + $1.values.count - 1 }
        }
    }

    /// Neighbour number `i` (0 ≤ i < `neighborCount(c)`) of `c`, in a fixed order: per template,
    /// moves of one operator (each chosen node to each free pool node), additions, removals, other
    /// behaviours, other values of each key.
    public func neighbor(_ c: SearchCandidate, _ i: Int) -> SearchCandidate {
        var i = i
        var out = c
        for (ti, t) in spec.templates.enumerated() {
            let choice = c.choices[ti]
            let chosen = choice.nodes
            let free = t.pool.filter { !chosen.contains($0) }
            func set(_ nodes: [Int32]) -> SearchCandidate { out.choices[ti].nodes = nodes.sorted(); return out }
            if i < chosen.count * free.count {
                var nodes = chosen
                nodes[i / free.count] = free[i % free.count]
                return set(nodes)
            }
            i -= chosen.count * free.count
            if !t.pool.isEmpty, chosen.count < t.operators.upperBound {
                if i < free.count { return set(chosen + [free[i]]) }
                i -= free.count
            }
            if !t.pool.isEmpty, chosen.count > t.operators.lowerBound {
                if i < chosen.count { var nodes = chosen; nodes.remove(at: i); return set(nodes) }
                i -= chosen.count
            }
            if i < t.behaviors.count - 1 {
                out.choices[ti].behavior = i < choice.behavior ? i : i + 1
                return out
            }
            i -= t.behaviors.count - 1
            for (k, key) in t.keys.enumerated() {
                if i < key.values.count - 1 {
                    out.choices[ti].values[k] = i < choice.values[k] ? i : i + 1
                    return out
                }
                i -= key.values.count - 1
            }
        }
        preconditionFailure("neighbour index out of range")
    }
}

/// C(n, k) as a Double.
func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var r = 1.0
    for j in 0..<min(k, n - k) { r = r * Double(n - j) / Double(j + 1) }
    return r.rounded()
}

/// Every k-subset of `pool` (ascending), in lexicographic order.
func combinations(_ pool: [Int32], _ k: Int) -> [[Int32]] {
    guard k <= pool.count else { return [] }
    if k == 0 { return [[]] }
    var out: [[Int32]] = []
    var idx = Array(0..<k)
    while true {
        out.append(idx.map { pool[$0] })
        var i = k - 1
        while i >= 0 && idx[i] == pool.count - k + i { i -= 1 }
        if i < 0 { return out }
        idx[i] += 1
        for j in (i + 1)..<k { idx[j] = idx[j - 1] + 1 }
    }
}

/// k distinct elements of `pool` drawn without replacement (partial Fisher–Yates), ascending.
func sample(_ pool: [Int32], _ k: Int, _ stream: RandomStream) -> [Int32] {
    var p = pool
    for i in 0..<k { p.swapAt(i, i + Int(stream.uniformInt(UInt64(p.count - i)))) }
    return Array(p[0..<k]).sorted()
}
