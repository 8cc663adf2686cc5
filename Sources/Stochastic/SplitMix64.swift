/// splitmix64 (Steele, Lea and Flood 2014): a small 64-bit generator, the same on every platform.
///
/// The one copy in the project: the hold-workload benchmark draws from it exactly as the C++ and
/// SimPy peers do (so the checksums match), the scenario fuzzer and property tests use it for
/// their cases, and `RandomStream.derive` uses one step of it to mix a seed with a stream name.
/// The model's own draws come from `RandomStream` (GSL), not from here.
@frozen
public struct SplitMix64: Sendable {
    @usableFromInline var state: UInt64

    /// A generator seeded with `seed`.
    @inlinable public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1) with 53 random bits (the peers' `uniform`).
    @inlinable public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in 0..<n (n ≥ 1; modulo reduction, slightly biased for huge n).
    @inlinable public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// A uniform integer in `range`.
    @inlinable public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// A uniform element of `items` (not empty).
    @inlinable public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
