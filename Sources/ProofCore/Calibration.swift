/// Times the real core's operations on this machine (`fractalsim calibrate`): each operation is
/// run `batch` times per repetition, `repetitions` times; the result is per operation.
public struct Calibration: Sendable {
    /// One operation's timings.
    public struct Row: Sendable {
        public var operation: String
        /// Microseconds per operation, one value per repetition, sorted.
        public var samples: [Double]
        public var median: Double { Calibration.percentile(samples, 0.5) }
        public var min: Double { samples.first ?? 0 }
        public var max: Double { samples.last ?? 0 }
        /// Interquartile range relative to the median.
        public var spread: Double {
            let m = median
            return m > 0 ? (Calibration.percentile(samples, 0.75) - Calibration.percentile(samples, 0.25)) / m : 0
        }
    }

    public var rows: [Row] = []
    public let repetitions: Int
    public let batch: Int

    /// Measures every operation.
    public init(repetitions: Int = 15, batch: Int = 200, leaves: Int = 5) {
        self.repetitions = repetitions
        self.batch = batch
        let keys = OperatorKeys(seed: 1, node: 1)
        let data = [UInt8](repeating: 7, count: 64)
        let leafs = (0..<leaves).map { Leaf.genesis(node: Int32($0)) }
        var tree = MerkleTree(leaves: leafs)
        let proof = tree.proof(leaf: 0)
        let message = Leaf.genesis(node: 9)
        let signature = keys.sign(message)
        let update = SignedUpdate(node: 1, previousRoot: .zero, ownState: leafs[0], children: Array(leafs.dropFirst().dropLast()),
                                  outbox: leafs[leaves - 1], l1Block: 1, keys: keys)
        var sink = Hash32.zero
        var flag = true
        rows.append(time("sha256 (64 B)") { sink = SHA.bytes(data) })
        rows.append(time("merkle root (\(leaves) leaves)") { sink = MerkleTree.root(leafs) })
        var k = 0
        rows.append(time("merkle update (\(leaves) leaves)") { k += 1; tree.update(leaf: k % leaves, to: sink) })
        rows.append(time("merkle proof verify") { flag = proof.verify(leaf: leafs[0], root: sink) != flag })
        rows.append(time("ed25519 sign") { _ = keys.sign(message) })
        rows.append(time("ed25519 verify") { flag = signature.verify(message, by: keys.publicKey) })
        rows.append(time("update prove (commit + sign)") {
            _ = SignedUpdate(node: 1, previousRoot: sink, ownState: leafs[0], children: Array(leafs[1..<(leaves - 1)]),
                             outbox: leafs[leaves - 1], l1Block: 1, keys: keys)
        })
        rows.append(time("update verify (recompute + verify)") { flag = update.check(key: keys) == nil })
        // The receiver's other checks (docs/model.md §9): 1 with the record equal to the previous
        // root (the honest case) and over one link (an update the receiver never checked), 3 a
        // known L1 root, 5 the child's slot in its parent's state, 2 under a rotated key (a stale
        // signature is verified against each replaced key).
        let linked = SignedUpdate(node: 1, previousRoot: update.newRoot, ownState: leafs[0],
                                  children: Array(leafs[1..<(leaves - 1)]), outbox: leafs[leaves - 1], l1Block: 1,
                                  links: [update.header], keys: keys)
        let record = update.previousRoot
        rows.append(time("check 1: extends record") { flag = update.extends(record: record, key: keys) != flag })
        rows.append(time("check 1: extends over one link") { flag = linked.extends(record: record, key: keys) != flag })
        let roots = (0..<64).map { Leaf.genesis(node: Int32($0)) }
        rows.append(time("check 3: known L1 block") { flag = (roots[Int(update.l1Block)] == update.l1Root) != flag })
        rows.append(time("check 5: child slot merkle proof") { flag = update.childIncluded(update.leaves[1], slot: 0) != flag })
        let rotated = OperatorKeys(seed: 1, node: 1, generation: 1)
        rows.append(time("check 2: stale key (1 replaced)") { flag = (update.check(key: rotated, replaced: [keys]) == .staleKey) != flag })
        _ = (sink, flag)
    }

    private func time(_ name: String, _ body: () -> Void) -> Row {
        let clock = ContinuousClock()
        for _ in 0..<min(batch, 20) { body() }   // warm-up
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let start = clock.now
            for _ in 0..<batch { body() }
            let d = clock.now - start
            let micros = Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
            samples.append(micros / Double(batch))
        }
        return Row(operation: name, samples: samples.sorted())
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }

    /// The median of `operation`, in µs (0 if not measured).
    public func median(_ operation: String) -> Double { rows.first { $0.operation.hasPrefix(operation) }?.median ?? 0 }
}
