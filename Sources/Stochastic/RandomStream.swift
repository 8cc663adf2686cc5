import CGSL

/// A named, seeded random stream backed by a GSL generator (Mersenne Twister, `gsl_rng_mt19937`).
///
/// Streams are derived from `(seed, name)`, so adding a stream never shifts the draws of another,
/// and nothing is global. Not thread-safe: one run owns its streams.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The stream's name (for diagnostics).
    public let name: String
    /// The 64-bit seed of the generator, derived from the run seed and the name.
    public let derivedSeed: UInt64

    /// A stream for run seed `seed` and stream `name`.
    public convenience init(seed: UInt64, name: String) {
        self.init(derivedSeed: RandomStream.derive(seed: seed, name: name), name: name)
    }

    /// A stream whose generator is seeded with `derivedSeed` itself: all 64 bits, as the key
    /// [low 32 bits, high 32 bits] of `seedMT19937`.
    convenience init(derivedSeed: UInt64, name: String) {
        self.init(key: [UInt32(truncatingIfNeeded: derivedSeed), UInt32(truncatingIfNeeded: derivedSeed >> 32)],
                  derivedSeed: derivedSeed, name: name)
    }

    /// A stream whose generator is seeded by `init_by_array(key)`.
    init(key: [UInt32], derivedSeed: UInt64, name: String) {
        self.name = name
        self.derivedSeed = derivedSeed
        gsl_set_error_handler_off()
        rng = gsl_rng_alloc(fractalsim_rng_mt19937())
        RandomStream.seedMT19937(rng, with: key)
    }

    /// The generator's next raw 32-bit output (for the reference test vectors).
    func nextWord() -> UInt32 { UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }

    deinit { gsl_rng_free(rng) }

    /// Seeds GSL's MT19937 `rng` from `key` with `init_by_array`, the seeding by an array of 32-bit
    /// words that the generator's authors give for seeds wider than 32 bits (Matsumoto and
    /// Nishimura, mt19937ar.c, 2002), so that all 64 bits of a derived seed reach the generator.
    ///
    /// Why not `gsl_rng_set`: it takes one 32-bit value for MT19937 (GSL's `mt_set` keeps
    /// `s & 0xffffffff`), so two derived seeds equal in their low 32 bits gave the same stream, and
    /// the former `| 1` left 31 bits. Folding 64 bits into 32 (xor, hash) would still collide after
    /// about 2^16 streams. init_by_array fills the 624-word state from every key word, and is the
    /// published reference: `[0x123, 0x234, 0x345, 0x456]` must give 1067595299, 955945823, …
    /// (mt19937ar.out), which RandomStreamTests checks through GSL's own generator.
    ///
    /// GSL has no init_by_array, so the state is written in place: GSL's `mt_state_t` is
    /// `{ unsigned long mt[624]; int mti; }` (mt.c); the size is checked before writing, and
    /// `mti = 624` makes the next draw regenerate the block, as in the reference.
    static func seedMT19937(_ rng: UnsafeMutablePointer<gsl_rng>, with key: [UInt32]) {
        let n = 624
        precondition(gsl_rng_size(rng) == MemoryLayout<UInt>.stride * n + MemoryLayout<UInt>.stride,
                     "unexpected GSL mt19937 state layout (\(gsl_rng_size(rng)) bytes)")
        var mt = [UInt32](repeating: 0, count: n)
        // init_genrand(19650218)
        mt[0] = 19_650_218
        for i in 1..<n { mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i) }
        // init_by_array(key)
        var i = 1, j = 0
        for _ in 0..<max(n, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
        }
        mt[0] = 0x8000_0000   // MSB is 1, assuring a non-zero initial array
        let state = gsl_rng_state(rng)!
        for k in 0..<n { state.storeBytes(of: UInt(mt[k]), toByteOffset: k * MemoryLayout<UInt>.stride, as: UInt.self) }
        state.storeBytes(of: Int32(n), toByteOffset: n * MemoryLayout<UInt>.stride, as: Int32.self)   // mti
    }

    /// splitmix64 of the seed folded with the FNV-1a hash of the name (the first output of
    /// `SplitMix64` seeded with their sum).
    public static func derive(seed: UInt64, name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var mix = SplitMix64(seed: seed &+ h)
        return mix.next()
    }

    /// Uniform in [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }
    /// Uniform in (0, 1).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
    /// Uniform integer in [0, n) (n ≥ 1).
    @inlinable public func uniformInt(_ n: UInt64) -> UInt64 {
        if n <= 1 { return 0 }
        if n <= 0xFFFF_FFFF { return UInt64(gsl_rng_uniform_int(rng, UInt(n))) }
        return UInt64((gsl_rng_uniform(rng) * Double(n)).rounded(.down))
    }
    /// Exponential with the given mean.
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
    /// Lognormal `median × exp(σZ)` (docs/model.md §3.1 rule 13).
    /// (GSL's ziggurat Gaussian: no logarithm per draw.)
    @inlinable public func lognormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * gsl_ran_gaussian_ziggurat(rng, 1))
    }
    /// Gamma with shape k and scale θ (mean kθ).
    @inlinable public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(rng, shape, scale) }
    /// Poisson count with the given mean.
    @inlinable public func poisson(mean: Double) -> UInt64 {
        mean <= 0 ? 0 : UInt64(gsl_ran_poisson(rng, mean))
    }
    /// Binomial count of `n` trials with success probability `p`.
    @inlinable public func binomial(n: UInt64, p: Double) -> UInt64 {
        if n == 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        return UInt64(gsl_ran_binomial(rng, p, UInt32(truncatingIfNeeded: min(n, UInt64(UInt32.max)))))
    }
    /// True with probability p.
    @inlinable public func bernoulli(_ p: Double) -> Bool { p >= 1 || (p > 0 && gsl_rng_uniform(rng) < p) }
}

import Foundation
