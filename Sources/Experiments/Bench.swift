import Foundation
import SimCore

/// `fractalsim bench`: the engine on the peers' hold workload, and a scenario at several tree
/// depths, each measured for events, events/s, wall time, peak RSS and bytes per validium.
/// Lines are `label key=value …`, like the peers' output, so scripts can compute ratios.
public enum Bench {
    /// One run of the hold workload (in this process).
    public struct HoldRun: Sendable {
        public var k: Int
        public var nodes: Int
        public var events: UInt64
        public var updates: UInt64
        public var checksum: UInt64
        public var weightedChecksum: UInt64
        public var setupSeconds: Double
        public var loopSeconds: Double
        public var peakRSSBytes: Int64
        public var eventsPerSecond: Double { loopSeconds > 0 ? Double(events) / loopSeconds : 0 }
    }

    /// Runs the hold workload over 3⁰ + … + 3ᵏ nodes.
    public static func hold(k: Int) -> HoldRun {
        let t0 = ProcessStats.monotonicSeconds()
        let sim = HoldWorkload(k: k)
        let t1 = ProcessStats.monotonicSeconds()
        sim.run()
        let t2 = ProcessStats.monotonicSeconds()
        return HoldRun(k: k, nodes: sim.nodes, events: sim.engine.processed, updates: sim.updateCount,
                       checksum: sim.checksum, weightedChecksum: sim.weightedChecksum,
                       setupSeconds: t1 - t0, loopSeconds: t2 - t1, peakRSSBytes: ProcessStats.peakRSSBytes())
    }

    /// The peers' line format, plus memory.
    public static func line(_ r: HoldRun) -> String {
        "hold      k=\(r.k) nodes=\(r.nodes) events=\(r.events) updates=\(r.updates) arrivals=\(r.checksum) "
            + "checksum=\(r.checksum) wchecksum=\(r.weightedChecksum) setup_s=\(fmt(r.setupSeconds, 4)) "
            + "loop_s=\(fmt(r.loopSeconds, 4)) loop_eps=\(fmt(r.eventsPerSecond, 0)) "
            + "peak_rss_mb=\(fmt(Double(r.peakRSSBytes) / 1e6, 1)) bytes_per_validium=\(r.peakRSSBytes / Int64(max(r.nodes - 1, 1)))"
    }

    /// One scenario run at one depth, in a child `fractalsim run` (database included).
    public struct ScenarioRunMeasure: Sendable {
        public var depth: Int
        public var duration: String
        public var nodes: Int
        public var events: Int64
        public var simulationSeconds: Double
        public var processSeconds: Double
        public var peakRSSBytes: Int64
        public var digest: String
        public var status: Int32
        public var eventsPerSecond: Double { simulationSeconds > 0 ? Double(events) / simulationSeconds : 0 }
    }

    /// Runs `executable run scenario --set tree.depth=depth --set duration=duration` and reads its summary.
    public static func scenario(executable: String, scenario: String, depth: Int, duration: String,
                                database: String, extra: [String] = []) throws -> ScenarioRunMeasure {
        let args = ["run", scenario, "--quiet", "--db", database, "--set", "tree.depth=\(depth)",
                    "--set", "duration=\(duration)"] + extra
        let p = try MeasuredProcess.run(executable, args)
        var m = ScenarioRunMeasure(depth: depth, duration: duration, nodes: 0, events: 0, simulationSeconds: 0,
                                   processSeconds: p.wallSeconds, peakRSSBytes: p.peakRSSBytes, digest: "?",
                                   status: p.status)
        for raw in p.stdout.split(separator: "\n") {
            let line = String(raw)
            if let r = line.range(of: " nodes ("), m.nodes == 0 {
                m.nodes = Int(line[..<r.lowerBound].replacingOccurrences(of: ",", with: "")
                    .trimmingCharacters(in: .whitespaces)) ?? 0
            } else if line.hasPrefix("Engine ") {
                let words = line.split(separator: " ")
                if let i = words.firstIndex(of: "events") {
                    m.events = Int64(words[i - 1].replacingOccurrences(of: ",", with: "")) ?? 0
                }
                if let i = words.firstIndex(of: "wall") { m.simulationSeconds = Double(words[i + 1]) ?? 0 }
            } else if line.hasPrefix("Digest ") {
                m.digest = line.dropFirst("Digest".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return m
    }

    /// One line per scenario run.
    public static func line(_ m: ScenarioRunMeasure, label: String) -> String {
        let validiums = Int64(max(m.nodes - 1, 1))
        return "\(label.padding(toLength: 9, withPad: " ", startingAt: 0)) depth=\(m.depth) nodes=\(m.nodes) duration=\(m.duration) "
            + "events=\(m.events) sim_s=\(fmt(m.simulationSeconds, 3)) events_per_s=\(fmt(m.eventsPerSecond, 0)) "
            + "process_s=\(fmt(m.processSeconds, 3)) peak_rss_mb=\(fmt(Double(m.peakRSSBytes) / 1e6, 1)) "
            + "bytes_per_validium=\(m.peakRSSBytes / validiums) digest=\(m.digest) exit=\(m.status)"
    }

    /// The machine line: cores, memory, architecture, date, load.
    public static func machineLine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
            .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        var uts = utsname()
        uname(&uts)
        let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        let date = ISO8601DateFormatter().string(from: Date()).prefix(10)
        return "machine   cores=\(cores) memory_gib=\(fmt(memory, 1)) arch=\(machine) date=\(date) loadavg=\(load.replacingOccurrences(of: " ", with: ","))"
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
