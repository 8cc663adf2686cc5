import Foundation
import SimCore
import Stochastic

/// The hold workload of the peer benchmarks (hold.cpp, hold_simpy.py; outside this repository,
/// see scripts/bench-peers.sh) as a `Simulation` on this engine, so the engine can be measured side
/// by side with the C++ loop and SimPy (`Bench.hold`, `fractalsim bench`).
///
/// A complete 3-ary tree of 3⁰ + … + 3ᵏ nodes (parent(i) = (i − 1)/3); every node updates every
/// 15 s from a random phase; an update of a node other than the root sends one arrival to its
/// parent after 0.05 s + Exp(mean 0.1 s). Events before 1 h count. The random numbers come from
/// splitmix64 seeded 42 in event order, exactly as in the peers, so the checksums match.
/// Time is in nanoseconds here (not the model's µs) so that event order matches the peers'
/// double-precision times: two events of 30,000 nodes would share a µs about 30 times per period.
///
/// Internal, with internal fields, so that the optimiser sees every access to them in this module
/// (whole-module optimisation can then drop the dynamic exclusivity checks, as the model's hot
/// path has them dropped by `-enforce-exclusivity=unchecked`).
final class HoldWorkload: Simulation {
    typealias Queue = CalendarQueue<HoldEvent>

    /// The engine (clock in ns).
    var engine: Engine<Queue>
    /// Number of tree levels below the root.
    let k: Int
    /// Number of nodes.
    let nodes: Int
    private let parent: [Int32]
    private var arrivals: [UInt64]
    private var rng: SplitMix64
    private var updates: UInt64 = 0

    /// Update period (15 s) and simulated duration (1 h), in ns.
    static let period: SimTime = 15_000_000_000
    static let duration: SimTime = 3_600_000_000_000

    /// A workload over 3⁰ + … + 3ᵏ nodes with every first update scheduled.
    init(k: Int, seed: UInt64 = 42) {
        self.k = k
        var n = 0, w = 1
        for _ in 0...k { n += w; w *= 3 }
        nodes = n
        parent = (0..<n).map { $0 == 0 ? -1 : Int32(($0 - 1) / 3) }
        arrivals = [UInt64](repeating: 0, count: n)
        rng = SplitMix64(seed: seed)
        // Buckets of 2^25 ns (≈34 ms), 1,024 of them: a horizon of ≈34 s over the 15 s period.
        engine = Engine(queue: Queue(shift: 25, bucketCount: 1024))
        engine.reserve(2 * n)   // as World does: narrower buckets for large trees
        for i in 0..<n {
            let phase = SimTime((rng.uniform() * Double(HoldWorkload.period)).rounded())
            engine.schedule(at: phase, phase: 0, HoldEvent(node: Int32(i), isArrival: false))
        }
    }

    /// Handles an update (send to the parent, schedule the next update) or an arrival (count it).
    func handle(_ event: ScheduledEvent<HoldEvent>) {
        let e = event.payload
        let i = Int(e.node)
        if e.isArrival {
            arrivals[i] &+= 1
            return
        }
        updates &+= 1
        let now = event.key.time
        let p = parent[i]
        if p >= 0 {
            let d = 0.05 - 0.1 * log(1.0 - rng.uniform())
            engine.schedule(at: now + SimTime((d * 1e9).rounded()), phase: 0, HoldEvent(node: p, isArrival: true))
        }
        engine.schedule(at: now + HoldWorkload.period, phase: 0, e)
    }

    /// Runs the hour (events strictly before 3,600 s, as the peers do).
    func run() { run(until: HoldWorkload.duration - 1) }

    /// Updates processed.
    var updateCount: UInt64 { updates }
    /// Arrivals processed: the peers' `checksum`.
    var checksum: UInt64 { arrivals.reduce(0, &+) }
    /// Σ node × arrivals: the peers' `wchecksum`.
    var weightedChecksum: UInt64 {
        var s: UInt64 = 0
        for (i, a) in arrivals.enumerated() { s &+= UInt64(i) &* a }
        return s
    }
}

/// One event of the hold workload: an update of `node`, or an arrival at `node`.
struct HoldEvent: DigestibleEvent {
    /// The node.
    var node: Int32
    /// True for an arrival, false for an update.
    var isArrival: Bool

    init(node: Int32, isArrival: Bool) { self.node = node; self.isArrival = isArrival }
    var digestWord: UInt64 { UInt64(UInt32(bitPattern: node)) | (isArrival ? 1 << 32 : 0) }
}
