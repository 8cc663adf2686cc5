import Crypto

/// A SHA-256 digest held as four words: a value type that fits in arrays without allocation.
public struct Hash32: Hashable, Sendable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// The all-zero hash (an empty tree, no previous root).
    public static let zero = Hash32(w0: 0, w1: 0, w2: 0, w3: 0)

    /// A hash from its four words.
    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// A hash from a SHA-256 digest.
    public init(_ digest: SHA256.Digest) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUnsafeBytes { raw in
            words.0 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            words.1 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            words.2 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            words.3 = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
        self.init(w0: words.0, w1: words.1, w2: words.2, w3: words.3)
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for w in [w0, w1, w2, w3] { for k in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w >> UInt64(k))) } }
        return out
    }

    /// Hex, for messages and tests.
    public var description: String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    /// This hash with one bit flipped (tests and forgeries).
    public func flipped() -> Hash32 { Hash32(w0: w0 ^ 1, w1: w1, w2: w2, w3: w3) }
}

/// Incremental SHA-256 over typed fields, with a domain tag so that hashes of different kinds never collide.
public struct Hasher256 {
    private var inner = SHA256()

    /// A hasher for the domain `tag` (e.g. "leaf", "node", "update").
    public init(_ tag: StaticString) {
        tag.withUTF8Buffer { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        add(UInt8(0))
    }

    /// Adds one byte.
    public mutating func add(_ b: UInt8) { withUnsafeBytes(of: b) { inner.update(bufferPointer: $0) } }
    /// Adds an integer, big-endian.
    public mutating func add(_ x: UInt64) { withUnsafeBytes(of: x.bigEndian) { inner.update(bufferPointer: $0) } }
    /// Adds a signed integer, big-endian.
    public mutating func add(_ x: Int64) { add(UInt64(bitPattern: x)) }
    /// Adds a 32-bit integer, as 64 bits.
    public mutating func add(_ x: Int32) { add(Int64(x)) }
    /// Adds a hash.
    public mutating func add(_ h: Hash32) { add(h.w0); add(h.w1); add(h.w2); add(h.w3) }

    /// The digest.
    public func finish() -> Hash32 { Hash32(inner.finalize()) }
}

/// SHA-256 helpers of the core.
public enum SHA {
    /// The hash of two children in a Merkle tree.
    @inline(__always)
    public static func node(_ a: Hash32, _ b: Hash32) -> Hash32 {
        var h = Hasher256("node"); h.add(a); h.add(b); return h.finish()
    }

    /// The hash of raw bytes (calibration).
    public static func bytes(_ data: [UInt8]) -> Hash32 { Hash32(SHA256.hash(data: data)) }
}
