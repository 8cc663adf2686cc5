/// What L1 transactions cost in gas (`l1.gas`, docs/model.md §8; sources in docs/systems.md).
///
/// Gas is observation only unless `l1.gas_limit` is set: then a block includes, in arrival order, the
/// validium ZKPs that fit under the limit (after its exits, emergency ZKPs and messages) and the rest
/// wait for the next block.
public struct L1GasConfig: Sendable, Equatable {
    /// Intrinsic gas of every L1 transaction (21,000).
    public var txBase: Int64 = 21_000
    /// Gas to verify one ZKP on the L1 (nil: the proof system's default, `defaultVerify`).
    public var verify: Int64? = nil
    /// Gas per byte of calldata (16, EIP-2028).
    public var calldataByte: Int64 = 16
    /// Bytes of calldata per ZKP (nil: the proof system's default, `defaultProofBytes`).
    public var proofBytes: Int64? = nil
    /// Gas to store a validium's new state on the L1 (state hash and chosen block: two cold SSTOREs, 2 × 22,100).
    public var update: Int64 = 44_200
    /// Gas of one bridge message processed by the L1 (via_l1 or forced at the L1): intrinsic gas plus two cold SSTOREs.
    public var message: Int64 = 65_200

    /// Defaults.
    public init() {}

    /// Verification gas of one ZKP of `system` on the L1.
    public static func defaultVerify(_ system: ProofSystem) -> Int64 {
        switch system {
        case .groth16: return 210_000    // 181,150 pairing (EIP-1108, 4 pairs) + 6,150 per public input, ~4 inputs
        case .plonk: return 300_000      // KZG PLONK: 3+ pairings plus scalar multiplications
        case .plonky2, .custom: return 230_000  // plonky2 wrapped in a Groth16 proof for the L1
        case .stark: return 2_500_000    // a STARK (FRI) verifier in the EVM
        }
    }

    /// Calldata bytes of one ZKP of `system` on the L1: plonky2 is wrapped (a Groth16 proof, 256 B);
    /// the others, `custom` included, post their own proof (`proofs.proof_size`).
    public static func defaultProofBytes(_ system: ProofSystem, proofSize: Int64) -> Int64 {
        system == .plonky2 ? 256 : proofSize
    }

    /// Gas of one validium ZKP included by the L1: tx base + verification + calldata + the stored state.
    public func zkp(_ proofs: ProofConfig) -> Int64 {
        let v = verify ?? L1GasConfig.defaultVerify(proofs.system)
        let bytes = proofBytes ?? L1GasConfig.defaultProofBytes(proofs.system, proofSize: proofs.proofSize)
        return txBase + v + calldataByte * bytes + update
    }
}
