import Foundation
import Scenarios
import SimCore
import ValidiumModel

/// What a run will need, from the figures measured in BENCHMARKS.md (release build, 2 shared cores):
/// events (5 per validium round: 1,200 per validium-hour with 15 s rounds), memory (≈80 MB of
/// runtime and tables, then ≈1.26 KB per validium) and wall time (events × µs per event at that
/// size). Faults, bridge messages and provers add events not counted here.
public struct RunEstimate: Sendable {
    /// Nodes, the L1 included.
    public var nodes: Int
    /// Expected events of the honest rounds.
    public var events: Double
    /// Expected peak memory, in bytes.
    public var memoryBytes: Double
    /// Expected wall time of the simulation, in seconds.
    public var wallSeconds: Double
    /// Whether the rounds are eager (a rougher estimate: their rate was measured, not derived).
    public var eager: Bool

    /// Events per validium round (round start, DA request and answer, proof, publication).
    static let eventsPerRound = 5.0
    /// Events per validium-second with eager rounds: 3.3–7.3 measured (paper-estimate, wide, narrow).
    static let eagerEventsPerValidiumSecond = 5.0
    /// Runtime and fixed-size tables, in bytes.
    static let memoryFloor = 80e6
    /// Bytes per validium above the floor (d = 12, 797,161 nodes: 1,003 MB).
    static let bytesPerValidium = 1_260.0
    /// µs per event by node count (`bench --sizes 6,…,12`, BENCHMARKS.md), interpolated in log N.
    static let microsPerEvent: [(nodes: Double, micros: Double)] = [
        (1_093, 0.21), (3_280, 0.17), (9_841, 0.16), (29_524, 0.20), (88_573, 0.21), (265_720, 0.23), (797_161, 0.27),
    ]

    /// The estimate for `config`.
    public init(_ config: ModelConfig) {
        nodes = Tree.nodeCount(of: config.tree.shape) ?? 0
        let validiums = Double(max(nodes - 1, 0))
        let seconds = Double(config.duration) / Double(Time.second)
        switch config.update.mode {
        case .periodic(let every):
            eager = false
            events = validiums * seconds / (Double(every) / Double(Time.second)) * Self.eventsPerRound
        case .eager:
            eager = true
            events = validiums * seconds * Self.eagerEventsPerValidiumSecond
        }
        memoryBytes = Self.memoryFloor + validiums * Self.bytesPerValidium
        wallSeconds = events * Self.micros(at: Double(nodes)) / 1e6
    }

    /// µs per event at `n` nodes: the table's ends outside it, linear in log N inside.
    static func micros(at n: Double) -> Double {
        let table = microsPerEvent
        guard let first = table.first, let last = table.last else { return 0.2 }
        if n <= first.nodes { return first.micros }
        if n >= last.nodes { return last.micros }
        for (a, b) in zip(table, table.dropFirst()) where n <= b.nodes {
            let t = (log(n) - log(a.nodes)) / (log(b.nodes) - log(a.nodes))
            return a.micros + t * (b.micros - a.micros)
        }
        return last.micros
    }

    /// The machine's memory in bytes (`MemTotal` of /proc/meminfo, or of the file named by
    /// `FRACTALSIM_MEMINFO`, which tests use), nil where it cannot be read.
    public static func machineMemoryBytes() -> Double? {
        let meminfo = ProcessInfo.processInfo.environment["FRACTALSIM_MEMINFO"] ?? "/proc/meminfo"
        guard let text = try? String(contentsOfFile: meminfo, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let parts = line.split(separator: " ").filter { !$0.isEmpty }
            if parts.count >= 2, let kib = Double(parts[1]) { return kib * 1024 }
        }
        return nil
    }

    /// `1.3 GB`, `240 MB`.
    public static func bytes(_ x: Double) -> String {
        x >= 1e9 ? String(format: "%.1f GB", x / 1e9) : String(format: "%.0f MB", x / 1e6)
    }

    /// `45 s`, `12 min`, `2.5 h`.
    public static func wall(_ s: Double) -> String {
        if s < 120 { return String(format: "%.0f s", s) }
        if s < 7_200 { return String(format: "%.0f min", s / 60) }
        return String(format: "%.1f h", s / 3_600)
    }

    /// `3.9 M`, `956 M`, `1.2 G` events.
    public static func count(_ x: Double) -> String {
        if x >= 1e9 { return String(format: "%.1f G", x / 1e9) }
        if x >= 1e6 { return String(format: x >= 1e8 ? "%.0f M" : "%.1f M", x / 1e6) }
        if x >= 1e4 { return String(format: "%.0f k", x / 1e3) }
        return String(format: "%.0f", x)
    }

    /// One line: `N = 3,280 nodes; ≈3.9 M events; memory ≈84 MB; wall < 1 s (release build; measured figures, …)`.
    public var summary: String {
        "N = \(SummaryFormat.grouped(Int64(nodes))) nodes; ≈\(Self.count(events)) events\(eager ? " (eager rounds: a rough rate)" : "")"
            + "; memory ≈\(Self.bytes(memoryBytes)); wall \(wallSeconds < 1 ? "< 1 s" : "≈" + Self.wall(wallSeconds))"
            + " (release build; measured figures, BENCHMARKS.md)"
    }

    /// The warning `validate` prints when the estimate passes the machine's memory, else nil.
    public func memoryWarning(machine: Double?) -> String? {
        guard let machine, memoryBytes > machine else { return nil }
        return "needs about \(Self.bytes(memoryBytes)) of memory (\(SummaryFormat.grouped(Int64(nodes))) nodes × 1.26 KB + 80 MB), "
            + "more than this machine's \(Self.bytes(machine)); it may be killed or swap (fractalsim show prints the estimate)"
    }
}
