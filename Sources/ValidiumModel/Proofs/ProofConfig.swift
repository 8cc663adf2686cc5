import SimCore
import Stochastic

/// Proof-system presets for the timed mock (docs/model.md §9). Sources are in `docs/proof-systems.md`.
public enum ProofSystem: String, Sendable, Equatable, CaseIterable {
    case groth16, plonk, stark, plonky2, custom
}

/// Which implementation of the proof interface checks proofs (docs/model.md §9). Timing always comes
/// from the timing model, so both give the same simulated times.
public enum ProofCoreKind: String, Sendable, Equatable, CaseIterable {
    /// Timed mocks: a proof is valid unless its validity flag says forged.
    case mock
    /// SHA-256 Merkle commitments, Merkle inclusion proofs and Ed25519 signatures, really checked.
    case real
}

/// The proofs section: the timing model of proving and checking a ZKP.
public struct ProofConfig: Sendable, Equatable {
    /// The preset the values came from.
    public var system: ProofSystem
    /// The implementation that proves and checks.
    public var core: ProofCoreKind = .mock
    /// Per-unit proving cost: time to verify one proof inside the recursive circuit (µs);
    /// proving = `provingFixed` + step × proofs verified.
    public var recursionStep: Distribution
    /// Fixed proving cost per round (µs, constant; 0 in every preset: see docs/proof-systems.md).
    public var provingFixed: SimTime = 0
    /// Native check of a received ZKP at the parent (µs); constant in the proof's content for
    /// succinct proofs, so it has no per-unit part.
    public var verification: Distribution
    /// Bytes of one ZKP; recursive proofs have a constant size, so no per-unit part.
    public var proofSize: Int64
    /// Proving time per own transaction with `own_state: inline` (µs).
    public var perTransaction: Distribution

    /// The preset's values.
    public init(system: ProofSystem) {
        self.system = system
        let p = ProofPreset.values(system)
        recursionStep = p.recursionStep
        verification = p.verification
        proofSize = p.proofSize
        perTransaction = p.perTransaction
    }
}

/// The default values of each preset. Every figure is traced in `docs/proof-systems.md`.
public enum ProofPreset {
    /// (recursion step µs, native verification µs, proof bytes, inline per-transaction µs)
    public static func values(_ system: ProofSystem)
        -> (recursionStep: Distribution, verification: Distribution, proofSize: Int64, perTransaction: Distribution) {
        switch system {
        case .plonky2:
            // Plonky2 recursion ≈170–300 ms on a laptop; proofs ≈43–74 KB (Polygon Zero benchmarks).
            return (.lognormal(median: 250_000, sigma: 0.15), .constant(3_000), 43_000, .constant(500))
        case .groth16:
            // Groth16 BN254: native verification ≈1.7–3 ms, proofs 128–260 B; in-circuit verification
            // of a pairing-based proof (2-chain or non-native) costs seconds per proof.
            return (.lognormal(median: 2_000_000, sigma: 0.15), .constant(2_000), 256, .constant(1_000))
        case .plonk:
            // KZG PLONK: proofs ≈0.5–1 KB, verification ≈3–5 ms; recursion ≈1 s per proof.
            return (.lognormal(median: 1_000_000, sigma: 0.15), .constant(4_000), 900, .constant(800))
        case .stark:
            // STARK (Stone/RISC Zero): proofs ≈100–224 KB, verification ≈12 ms; recursion ≈1.5 s.
            return (.lognormal(median: 1_500_000, sigma: 0.15), .constant(12_000), 150_000, .constant(300))
        case .custom:
            // No source: the scenario is expected to give every value; these are plonky2's.
            return values(.plonky2)
        }
    }
}
