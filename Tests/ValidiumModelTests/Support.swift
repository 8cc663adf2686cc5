import SimCore
import Stochastic
@testable import ValidiumModel

/// Test helpers: configurations and run shortcuts.
enum Fixture {
    /// The `paper-estimate` setting (docs/model.md §10): eager, constant C, no network delay.
    static func paper(width: Int, depth: Int, step: SimTime = Time.second, duration: SimTime = 20 * Time.minute) -> ModelConfig {
        var c = ModelConfig(tree: TreeConfig(shape: .complete(width: width, depth: depth)), duration: duration)
        c.update.mode = .eager
        c.network.latency = .constant(0)
        c.network.bandwidthBitsPerSecond = nil
        c.proofs.recursionStep = .constant(Double(step))
        c.proofs.verification = .constant(0)
        c.l1.blockTime = Time.second
        c.metrics.trackedUpdates = 1_000_000
        c.workload.txRate = 50   // a validium practically never waits for input, as in §10
        return c
    }

    /// A baseline-like configuration (15 s rounds, 12 s blocks, plonky2 timing).
    static func baseline(width: Int = 3, depth: Int, duration: SimTime = 30 * Time.minute) -> ModelConfig {
        ModelConfig(tree: TreeConfig(shape: .complete(width: width, depth: depth)), duration: duration)
    }

    static func run(_ c: ModelConfig, seed: UInt64 = 1) -> RunResults {
        World(config: c, seed: seed).run()
    }
}

/// Nearest-rank percentile of a list (seconds).
func percentile(_ values: [Double], _ p: Double) -> Double {
    Statistics.nearestRank(values.sorted(), p) ?? .nan
}
