import ArgumentParser
import Experiments
import Foundation

/// `fractalsim bench`: the engine on the peers' hold workload, then a scenario at several depths.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure events/s, wall time, peak RSS and bytes per validium (BENCHMARKS.md).",
        discussion: """
            Runs the hold workload of the peer benchmarks (a C++ loop and SimPy, outside this repository; scripts/bench-peers.sh; 3-ary tree of 3^0+…+3^k nodes, splitmix64 seed 42: \
            its checksum equals the C++ and SimPy programs') in this process, then the scenario at each \
            depth of --sizes in a child `fractalsim run` (its own peak RSS, database included). \
            Build in release mode for meaningful figures (`swift build -c release`).
            """)

    @Option(help: "Hold workload: tree levels below the root (9 → 29,524 nodes, 12 → 797,161).")
    var k: Int = 9

    @Option(help: "Hold workload: runs (each printed, then the median).")
    var repeats: Int = 1

    @Option(help: "Scenario tree depths, comma-separated (7 → 3,280 validiums, 10 → 88,573, 12 → 797,161).")
    var sizes: String = "7,8,9,10"

    @Option(help: "Simulated duration of each scenario run (--set duration=…).")
    var duration: String = "1h"

    @Option(help: "The scenario run at each size.")
    var scenario: String = "scenarios/baseline.yaml"

    @Option(help: "Directory for the scenario runs' databases (deleted after each run).")
    var workdir: String?

    @Flag(help: "Small and fast (k=4, depths 3,4, 10 minutes): for tests.")
    var quick = false

    @Flag(help: "Only the hold workload.")
    var holdOnly = false

    @Flag(help: "Only the scenario runs.")
    var scenarioOnly = false

    func validate() throws {
        guard (0...14).contains(k) else { throw ValidationError("--k must be 0…14") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard parsedSizes() != nil else { throw ValidationError("--sizes must be comma-separated depths 1…14, e.g. 7,8,9,10") }
        guard !(holdOnly && scenarioOnly) else { throw ValidationError("--hold-only and --scenario-only exclude each other") }
    }

    func parsedSizes() -> [Int]? {
        let parts = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil && (1...14).contains($0!) }) else { return nil }
        return parts.map { $0! }
    }

    func run() throws {
        let k = quick ? 4 : self.k
        let depths = quick ? [3, 4] : parsedSizes()!
        let duration = quick ? "10m" : self.duration
        print(Bench.machineLine())
        if !scenarioOnly {
            var runs: [Bench.HoldRun] = []
            for _ in 0..<repeats {
                let r = Bench.hold(k: k)
                runs.append(r)
                print(Bench.line(r))
                fflush(nil)
            }
            if repeats > 1 {
                let m = runs.sorted { $0.loopSeconds < $1.loopSeconds }[repeats / 2]
                print("median    " + Bench.line(m).dropFirst(10))
            }
        }
        if holdOnly { return }
        guard FileManager.default.fileExists(atPath: scenario) else {
            throw CommandFailure(code: 2, message: "error: \(scenario): no such scenario file (run from the repository root, or pass --scenario)")
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = workdir ?? NSTemporaryDirectory() + "fractalsim-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        var failed = false
        for d in depths {
            let db = dir + "/d\(d).sqlite"
            let m = try Bench.scenario(executable: exe, scenario: scenario, depth: d, duration: duration, database: db)
            try? FileManager.default.removeItem(atPath: db)
            print(Bench.line(m, label: "scenario"))
            fflush(nil)
            // Exit 1 is an `expect:` of the scenario missed at this size (baseline's p99 bound at
            // depth ≥ 11): still a measurement. Anything else is a failed run.
            if m.status != 0 && m.status != 1 { failed = true }
        }
        if failed { throw CommandFailure(code: 1, message: "error: a scenario run failed (exit other than 0 or 1)") }
    }
}
