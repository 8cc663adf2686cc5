import SimCore

/// Metric samples during a run (`metrics.sample_every`): a point of the time series, and the root
/// acceptance of the newest L1 blocks.
final class Sampler {
    let ctx: ModelContext
    /// Number of newest L1 blocks whose root acceptance is recorded at each sample.
    static let acceptanceDepth: Int32 = 20
    private(set) var samples: [SampleRow] = []
    private(set) var acceptanceRows: [AcceptanceRow] = []
    private var lastSampleTime: SimTime = 0
    private var lastSampleIncluded: Int64 = 0
    private var lastSampleFinal: Int64 = 0

    // What a sample reads (wired by the world).
    var l1: L1!
    var cycle: UpdateCycle!

    init(ctx: ModelContext) { self.ctx = ctx }

    /// Schedules the first sample.
    func start() {
        let every = ctx.config.metrics.sampleEvery
        if every <= ctx.config.duration { ctx.schedule(.sample, at: every, phase: EventPhase.sample) }
    }

    /// A sample now, `events` processed so far.
    func takeSample(events: UInt64) {
        let now = ctx.now
        let counters = ctx.counters
        let interval = Time.seconds(now - lastSampleTime)
        let lastBlock = l1.lastBlock
        samples.append(SampleRow(
            time: now, l1Block: lastBlock, finalBlock: l1.finalBlock, l1RetainedHashes: cycle.retainedOnL1(),
            l1NonFinalStates: lastBlock - l1.finalBlock,
            txIncludedPerSecond: interval > 0 ? Double(counters.txIncluded - lastSampleIncluded) / interval : 0,
            txFinalPerSecond: interval > 0 ? Double(counters.txFinal - lastSampleFinal) / interval : 0,
            events: events))
        lastSampleTime = now
        lastSampleIncluded = counters.txIncluded
        lastSampleFinal = counters.txFinal
        if lastBlock >= 1 {
            var b = lastBlock - 1
            while b >= 0 && b >= lastBlock - Sampler.acceptanceDepth {
                acceptanceRows.append(AcceptanceRow(time: now, block: b, accepted: Int32(l1.rootAccepted(after: b))))
                b -= 1
            }
        }
        let next = now + ctx.config.metrics.sampleEvery
        if next <= ctx.config.duration { ctx.schedule(.sample, at: next, phase: EventPhase.sample) }
    }
}
