import Crypto

/// Ed25519 keys of the operators, derived deterministically from the run's seed and the node id
/// (SHA-256 of both is the private key's seed), so runs are reproducible. A node's operator that
/// is replaced by an election gets a new key (its generation).
public struct OperatorKeys: @unchecked Sendable {
    public let privateKey: Curve25519.Signing.PrivateKey
    public let publicKey: Curve25519.Signing.PublicKey

    /// The key of `node`'s operator number `generation` in the run with `seed`.
    public init(seed: UInt64, node: Int32, generation: Int32 = 0) {
        var h = Hasher256("operator-key")
        h.add(seed); h.add(node); h.add(generation)
        // 32 bytes are always a valid Ed25519 seed.
        privateKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: h.finish().bytes)
        publicKey = privateKey.publicKey
    }

    /// The signature of `message` (a commitment hash).
    public func sign(_ message: Hash32) -> Signature {
        // Ed25519 fails only on an invalid key, which a derived key never is.
        Signature(bytes: Array(try! privateKey.signature(for: message.bytes)))
    }
}

/// An Ed25519 signature (64 bytes).
public struct Signature: Sendable, Equatable {
    public var bytes: [UInt8]

    /// A signature.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// True when this is `key`'s signature of `message`.
    public func verify(_ message: Hash32, by key: Curve25519.Signing.PublicKey) -> Bool {
        key.isValidSignature(bytes, for: message.bytes)
    }
}
