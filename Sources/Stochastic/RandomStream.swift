import CGSL

/// A named, seeded random stream backed by a GSL generator (Mersenne Twister, `gsl_rng_mt19937`).
///
/// Streams are derived from `(seed, name)`, so adding a stream never shifts the draws of another,
/// and nothing is global. Not thread-safe: one run owns its streams.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The stream's name (for diagnostics).
    public let name: String
    /// The 64-bit seed given to GSL, derived from the run seed and the name.
    public let derivedSeed: UInt64

    /// A stream for run seed `seed` and stream `name`.
    public init(seed: UInt64, name: String) {
        self.name = name
        self.derivedSeed = RandomStream.derive(seed: seed, name: name)
        gsl_set_error_handler_off()
        rng = gsl_rng_alloc(fractalsim_rng_mt19937())
        // gsl_rng_set takes an unsigned long; MT19937 uses its low 32 bits.
        gsl_rng_set(rng, UInt(truncatingIfNeeded: derivedSeed & 0xFFFF_FFFF) | 1)
    }

    deinit { gsl_rng_free(rng) }

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
