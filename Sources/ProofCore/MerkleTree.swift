/// A binary SHA-256 Merkle tree over a list of leaf hashes (an odd node is paired with itself).
/// The root of no leaves is `Hash32.zero`.
public struct MerkleTree: Sendable {
    /// Levels from the leaves (level 0) to the root (last level, one hash).
    public private(set) var levels: [[Hash32]]

    /// The tree over `leaves`.
    public init(leaves: [Hash32]) {
        levels = [leaves]
        var level = leaves
        while level.count > 1 {
            var next: [Hash32] = []
            next.reserveCapacity((level.count + 1) / 2)
            var k = 0
            while k < level.count {
                next.append(SHA.node(level[k], k + 1 < level.count ? level[k + 1] : level[k]))
                k += 2
            }
            levels.append(next)
            level = next
        }
    }

    /// The root.
    public var root: Hash32 { levels.last?.first ?? .zero }

    /// Number of leaves.
    public var count: Int { levels[0].count }

    /// Replaces leaf `index` and rehashes its path to the root.
    public mutating func update(leaf index: Int, to value: Hash32) {
        precondition(index >= 0 && index < count, "leaf out of range")
        levels[0][index] = value
        var k = index
        for l in 1..<levels.count {
            let left = k & ~1
            let a = levels[l - 1][left]
            let b = left + 1 < levels[l - 1].count ? levels[l - 1][left + 1] : a
            k /= 2
            levels[l][k] = SHA.node(a, b)
        }
    }

    /// The inclusion proof of leaf `index`: its siblings from the bottom up.
    public func proof(leaf index: Int) -> MerkleProof {
        precondition(index >= 0 && index < count, "leaf out of range")
        var siblings: [Hash32] = []
        var k = index
        for l in 0..<(levels.count - 1) {
            let s = k ^ 1
            siblings.append(s < levels[l].count ? levels[l][s] : levels[l][k])
            k /= 2
        }
        return MerkleProof(index: index, siblings: siblings)
    }

    /// The root over `leaves` without keeping the levels.
    public static func root(_ leaves: [Hash32]) -> Hash32 {
        if leaves.isEmpty { return .zero }
        var level = leaves
        while level.count > 1 {
            var w = 0, k = 0
            while k < level.count {
                level[w] = SHA.node(level[k], k + 1 < level.count ? level[k + 1] : level[k])
                w += 1; k += 2
            }
            level.removeLast(level.count - w)
        }
        return level[0]
    }
}

/// A Merkle inclusion proof: the leaf's position and its siblings from the bottom up.
public struct MerkleProof: Sendable, Equatable {
    public var index: Int
    public var siblings: [Hash32]

    /// A proof.
    public init(index: Int, siblings: [Hash32]) { self.index = index; self.siblings = siblings }

    /// The root this proof reaches from `leaf`.
    public func root(from leaf: Hash32) -> Hash32 {
        var h = leaf, k = index
        for s in siblings {
            h = k & 1 == 0 ? SHA.node(h, s) : SHA.node(s, h)
            k /= 2
        }
        return h
    }

    /// True when `leaf` is included under `root`.
    public func verify(leaf: Hash32, root: Hash32) -> Bool { self.root(from: leaf) == root }
}
