import SimCore
@testable import ValidiumModel

/// The test support of the mechanism tests: a tiny tree, its context and every mechanism built and
/// wired as in a run, with no World and no engine. A test sets the clock (`at`), calls a mechanism
/// and reads what it scheduled (`take`) and the state it exposes.
///
/// (A support file of the test target rather than a target of its own: a non-test target cannot
/// `@testable import` the model in release builds, which `make build` compiles.)
final class TestBed {
    let ctx: ModelContext
    let m: Mechanisms

    /// Mechanisms of `config` (see `TestBed.config`), with `seed`.
    init(_ config: ModelConfig, seed: UInt64 = 1) {
        ctx = ModelContext(config: config, seed: seed)
        m = Mechanisms(ctx: ctx)
    }

    /// A complete tree of `width` and `depth` with fixed timings, so that times are predictable:
    /// 10 ms per message, unlimited bandwidth, 1 s per recursion step, checks of no time, 15 s rounds
    /// in phase, no own transactions, 12 s L1 blocks, `da.timeout` 30 s.
    static func config(width: Int = 2, depth: Int = 3, duration: SimTime = Time.hour) -> ModelConfig {
        var c = ModelConfig(tree: TreeConfig(shape: .complete(width: width, depth: depth)), duration: duration)
        c.network.latency = .constant(10_000)
        c.network.bandwidthBitsPerSecond = nil
        c.proofs.recursionStep = .constant(Double(Time.second))
        c.proofs.verification = .constant(0)
        c.update.phase = .aligned
        c.workload.txRate = 0
        c.metrics.trackedUpdates = 0
        c.metrics.trackedTransactions = 0
        return c
    }

    /// Sets the clock to `t` (µs) and returns the bed.
    @discardableResult
    func at(_ t: SimTime) -> TestBed {
        ctx.now = t
        return self
    }

    /// The events scheduled since the last call, in order, as (time, event); clears them.
    func take() -> [Scheduled] {
        defer { ctx.scheduled.removeAll() }
        return ctx.scheduled.all.map { Scheduled(time: $0.time, event: Event($0.event)) }
    }

    /// Starts adversary entry `k` of the configuration for each of its nodes, now.
    func startAdversary(_ k: Int) {
        for v in ctx.config.faults.adversaries[k].nodes { m.behaviors.changeBehavior(v, entry: Int32(k), starts: true) }
        ctx.scheduled.removeAll()
    }
}

/// One scheduled event.
struct Scheduled: Equatable, CustomStringConvertible {
    var time: SimTime
    var event: Event
    var description: String { "\(event) at \(time) µs" }
}

/// Milliseconds and seconds as µs, for readable expectations.
let ms: SimTime = 1_000
let s: SimTime = 1_000_000
