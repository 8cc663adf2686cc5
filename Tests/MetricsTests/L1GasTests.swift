import Testing
import SimCore
import Metrics
@testable import ValidiumModel

/// L1 gas (docs/model.md §8, `l1.gas`, `l1.gas_limit`): the figures of a tiny tree, computed by hand.
@Suite struct L1GasTests {
    /// L1 with two leaf children; rounds every 12 s aligned with the 12 s blocks; groth16 prices; each
    /// child's ZKP (fetch 10 ms + proving 50 ms + push 10 ms after a round at 12·k s) reaches the L1
    /// long before block k + 1. So blocks 1 … 10 (two minutes) each include exactly two ZKPs.
    static func config(limit: Int64? = nil) -> ModelConfig {
        var c = ModelConfig(tree: TreeConfig(shape: .complete(width: 2, depth: 1)), duration: 2 * Time.minute)
        c.update.mode = .periodic(every: 12 * Time.second)
        c.update.phase = .aligned
        c.l1.blockTime = 12 * Time.second
        c.network.latency = .constant(10_000)
        c.network.bandwidthBitsPerSecond = nil
        c.proofs = ProofConfig(system: .groth16)
        c.proofs.recursionStep = .constant(50_000)
        c.proofs.verification = .constant(0)
        c.workload.txRate = 1
        c.l1.gasLimit = limit
        return c
    }

    static func figure(_ figures: [SummaryFigure], _ name: String) -> Double? {
        figures.first { $0.name == name }?.value
    }

    @Test("gas per block, per hour and per transaction, by hand: 2 ZKPs × 279,296 gas a block")
    func handComputed() {
        let r = World(config: Self.config(), seed: 1).run()
        // One groth16 ZKP: 21,000 (tx) + 210,000 (verify) + 16 × 256 (calldata) + 44,200 (state) = 279,296.
        #expect(r.gas.perZkp == 279_296)
        #expect(r.gas.perBlock == [Int64](repeating: 2 * 279_296, count: 10))
        let f = SummaryBuilder.figures(r, wallSeconds: 0, peakRSSBytes: 0)
        #expect(Self.figure(f, "l1.gas.total") == 5_585_920)
        #expect(Self.figure(f, "l1.gas.per_block.mean") == 558_592)
        #expect(Self.figure(f, "l1.gas.per_block.max") == 558_592)
        #expect(abs((Self.figure(f, "l1.gas.per_hour") ?? 0) - 5_585_920 * 30) < 1e-3)    // two minutes simulated
        #expect(r.counters.txIncluded > 0)
        #expect(Self.figure(f, "l1.gas.per_tx") == 5_585_920 / Double(r.counters.txIncluded))
        #expect(Self.figure(f, "l1.gas.deferred") == 0)
        #expect(Self.figure(f, "l1.gas.wait.mean") == nil)
    }

    @Test("a limit of one ZKP a block: FIFO queue, waits counted in blocks, by hand")
    func limitQueues() {
        let r = World(config: Self.config(limit: 279_296), seed: 1).run()
        #expect(r.gas.perBlock == [Int64](repeating: 279_296, count: 10))
        // Two arrive before each block k (A_k, B_k), one leaves: A_k is included at block 2k − 1 and
        // waits k − 1 blocks, B_k at block 2k and waits k. Blocks 1 … 10 include A1 … B5.
        #expect(r.gas.zkps == 10)
        #expect(r.gas.waitedBlocks == (0 + 1 + 2 + 3 + 4) + (1 + 2 + 3 + 4 + 5))
        #expect(r.gas.maxWaitBlocks == 5)
        #expect(r.gas.deferredZkps == 19)   // every ZKP but A1
        #expect(r.gas.maxQueue == 10)
        let f = SummaryBuilder.figures(r, wallSeconds: 0, peakRSSBytes: 0)
        #expect(Self.figure(f, "l1.gas.wait.max") == 60)
        // Transactions reach the L1 later than without the limit.
        let free = World(config: Self.config(), seed: 1).run()
        #expect(r.counters.txIncluded < free.counters.txIncluded)
    }

    @Test("gas is observation only: without a limit the trace is the same whatever the prices")
    func observationOnly() {
        var priced = Self.config()
        priced.l1.gas.verify = 1
        priced.l1.gas.update = 7
        let a = World(config: Self.config(), seed: 3).run(), b = World(config: priced, seed: 3).run()
        #expect(a.traceDigest == b.traceDigest)
        #expect(a.gas.total != b.gas.total)
    }
}
