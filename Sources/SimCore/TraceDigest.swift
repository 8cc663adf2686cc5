/// A running 128-bit digest of the event stream, used to prove that two runs are the same run.
///
/// Not cryptographic (it need only detect accidental divergence, fast enough to run on every
/// event); two independent 64-bit lanes of a multiply–xorshift mixer.
@frozen
public struct TraceDigest: Sendable, Equatable {
    @usableFromInline var a: UInt64 = 0x243F_6A88_85A3_08D3
    @usableFromInline var b: UInt64 = 0x1319_8A2E_0370_7344

    @inlinable public init() {}

    @inlinable
    static func mix(_ x: UInt64, _ m: UInt64) -> UInt64 {
        var z = x &* m
        z ^= z >> 32
        z = z &* 0x9E37_79B9_7F4A_7C15
        return z ^ (z >> 29)
    }

    /// Folds one 64-bit word into the digest.
    @inlinable
    public mutating func combine(_ word: UInt64) {
        a = TraceDigest.mix(a ^ word, 0xBF58_476D_1CE4_E5B9)
        b = TraceDigest.mix(b &+ word, 0x94D0_49BB_1331_11EB) ^ a
    }

    /// Folds the bytes of a string (used for canonical scenario text).
    public mutating func combine(_ text: String) {
        var word: UInt64 = 0
        var n = 0
        for byte in text.utf8 {
            word = word << 8 | UInt64(byte)
            n += 1
            if n == 8 { combine(word); word = 0; n = 0 }
        }
        combine(word ^ UInt64(text.utf8.count) << 56)
    }

    /// The digest as 32 lowercase hex digits.
    public var hex: String {
        func h(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return h(a) + h(b)
    }
}

/// An event payload that can fold itself into the trace digest.
public protocol DigestibleEvent: Sendable {
    /// A word that identifies the event's kind and arguments.
    var digestWord: UInt64 { get }
}
