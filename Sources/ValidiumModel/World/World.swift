import SimCore
import Stochastic

/// The simulated fractal validium tree: one engine, one shared context, and one state machine per
/// mechanism of the model. The world builds and wires the mechanisms, routes each event to the
/// mechanism that handles it, and hands the events the mechanisms schedule to the engine, in order.
///
/// Read this file first. Each mechanism lives in a folder of its own and owns its state:
///
/// | folder | mechanism | docs/model.md |
/// |---|---|---|
/// | `UpdateCycle/` | rounds, DA fetch, proving, push, delivery, local finality (the hot path) | §3, §4 |
/// | `Behaviors/` | operator behaviours, DA refusals, detection and gossip | §5 |
/// | `Elections/` | emergency-control elections | §5.1 |
/// | `Exits/` | exits and re-attachment | §5 |
/// | `Sybil/` | Sybil admission | §5 |
/// | `Bridging/` | direct and via-L1 bridging, relayer bots, the nullifier ledger | §6 |
/// | `ForcedRouting/` | forced routing through the common ancestor, deadlines | §6 |
/// | `L1/` | blocks, global finality, forks and fork choice, stall watch, L1 election | §3.1, §4, §8 |
/// | `Proofs/` | the proof interface: mock and real cores, checks and refusals | §9 |
/// | `Provers/` | the prover market | §9 |
public final class World: Simulation {
    public typealias Queue = CalendarQueue<ModelEvent>

    /// The engine (clock, queue, digest).
    public var engine: Engine<Queue>
    /// What every mechanism shares: time, tree, configuration, node records, pool, tracked items.
    let ctx: ModelContext

    /// The mechanisms, built and wired.
    let mechanisms: Mechanisms
    // The ones events go to, held directly: a stored `let` reference is called without retaining it.
    let cycle: UpdateCycle
    let behaviors: Behaviors
    let elections: Elections
    let exits: Exits
    let admission: SybilAdmission
    let bridge: Bridge
    let forced: ForcedRouting
    let l1: L1
    let market: ProverMarketHost?
    let sampler: Sampler

    /// Every processed event, when tracing (`metrics.trace`, `--trace`); empty otherwise.
    var trace: [TraceEvent] = []
    let tracing: Bool
    /// Buckets shown to the prefetcher (0 below its size threshold).
    var prefetchedBatches = 0

    /// A world ready to run `config` with `seed`.
    public init(config: ModelConfig, seed: UInt64) {
        ctx = ModelContext(config: config, seed: seed)
        tracing = config.metrics.trace
        engine = Engine(queue: Queue())
        engine.reserve(4 * ctx.n + 16)

        mechanisms = Mechanisms(ctx: ctx)
        cycle = mechanisms.cycle; behaviors = mechanisms.behaviors; elections = mechanisms.elections
        exits = mechanisms.exits; admission = mechanisms.admission; bridge = mechanisms.bridge
        forced = mechanisms.forced; l1 = mechanisms.l1; market = mechanisms.market; sampler = mechanisms.sampler
        installPrefetch()
    }

    /// Installs the update cycle's prefetcher as the engine's load hook on trees large enough to
    /// gain from it (`always`: on any tree, for tests).
    func installPrefetch(always: Bool = false) {
        guard always || ctx.n >= UpdateCycle.prefetchFromNodes else { return }
        engine.setLoadHook { [unowned(unsafe) self] events in
            self.prefetchedBatches += 1
            self.cycle.prefetch(events)
        }
    }

    /// Schedules the first rounds, behaviour windows, joins, messages, blocks and samples.
    func start() {
        cycle.start()
        behaviors.scheduleAdversaries()
        admission.scheduleJoins(after: ctx.config.faults.sybil?.from ?? 0)
        bridge.scheduleSends()
        l1.start()
        sampler.start()
        flush()
    }

    /// Runs the scenario to its end and returns the measurements.
    public func run() -> RunResults {
        start()
        run(until: ctx.config.duration)
        return results()
    }

    /// Runs in slices of about `slice` events, calling `progress` with the simulated time between
    /// slices (for progress lines); returns the measurements.
    public func run(slice: Int, progress: (SimTime, UInt64) -> Void) -> RunResults {
        // Never stopped early, so never nil.
        run(slice: slice, while: { now, events in progress(now, events); return true })!
    }

    /// Runs in slices of about `slice` events while `proceed` (called between slices with the
    /// simulated time and events so far) returns true; nil when it stopped the run early.
    public func run(slice: Int, while proceed: (SimTime, UInt64) -> Bool) -> RunResults? {
        start()
        while !run(until: ctx.config.duration, limit: slice) {
            if !proceed(engine.now, engine.processed) { return nil }
        }
        return proceed(engine.now, engine.processed) ? results() : nil
    }

    /// Routes one event to its mechanism, then queues what it scheduled.
    public func handle(_ event: ScheduledEvent<ModelEvent>) {
        let e = event.payload
        let time = event.key.time
        if time < ctx.now { ctx.invariants.check(false, "event time went backwards: \(time) after \(ctx.now)") }
        ctx.now = time
        if tracing {
            trace.append(TraceEvent(time: time, phase: event.key.phase, kind: e.kind.rawValue, node: e.node,
                                    arg: e.arg, aux: e.aux))
        }
        switch Event(e) {
        case .round(let r): cycle.handle(r)
        case .fault(let f): behaviors.handle(f)
        case .election(let v): elections.handle(v)
        case .exit(let x): exits.handle(x)
        case .sybilJoin(let parent): admission.join(under: parent)
        case .bridge(let b): bridge.handle(b)
        case .forcedDeadline(let v, let message): forced.deadlinePassed(v, message: message)
        case .l1(let b): l1.handle(b)
        case .prover(let p): market?.handle(p)
        case .sample: sampler.takeSample(events: engine.processed)
        }
        flush()
    }

    /// Hands the events scheduled while handling the current one to the engine, in order.
    @inline(__always)
    private func flush() {
        let count = ctx.scheduled.count
        guard count > 0 else { return }
        for k in 0..<count {
            let p = ctx.scheduled[k]
            engine.schedule(at: p.time, phase: p.phase, p.event)
        }
        ctx.scheduled.removeAll()
    }
}
