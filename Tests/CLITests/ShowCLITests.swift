import Foundation
import Testing

/// `fractalsim show`: the printed scenario runs unchanged to the same digest; N and the estimates;
/// `validate` warns when the estimate passes the machine's memory.
@Suite struct ShowCLITests {
    /// Bundled scenarios (extends:, adversary selectors, L1 forks, provers, bridge, sweep block),
    /// shrunk by overrides that `show` bakes into its output.
    static let cases: [(file: String, overrides: [String])] = [
        ("baseline.yaml", ["tree.depth=4", "duration=3m"]),
        ("attacks/withhold-l2.yaml", ["tree.depth=4", "duration=11m"]),
        ("l1/equivocate.yaml", ["tree.depth=5", "duration=11m"]),
        ("provers/market.yaml", ["tree.depth=3", "duration=3m"]),
        ("bridge/censor-on-path.yaml", ["tree.depth=3", "duration=6m"]),
        ("sweeps/width-depth.yaml", ["duration=2m"]),
    ]

    @Test(arguments: cases.indices)
    func theShownScenarioRunsToTheSameDigest(_ index: Int) throws {
        let (file, overrides) = Self.cases[index]
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = CLI.packageRoot.appendingPathComponent("scenarios/\(file)").path
        let sets = overrides.flatMap { ["--set", $0] }
        let shown = try sandbox.fractalsim(["show", path] + sets)
        #expect(shown.status == 0, "\(shown)")
        try sandbox.write("shown.yaml", shown.stdout)
        // The scenario digest, then the run's trace digest.
        let again = try sandbox.fractalsim(["show", "shown.yaml"])
        let digestLine = { (o: CLI.Output) in o.stdout.split(separator: "\n").first { $0.hasPrefix("# scenario digest ") } }
        #expect(digestLine(shown) != nil && digestLine(shown) == digestLine(again), "\(shown)\n\(again)")
        let original = try sandbox.fractalsim(["run", path, "--quiet", "--db", "a.sqlite"] + sets, timeout: 300)
        let copy = try sandbox.fractalsim(["run", "shown.yaml", "--quiet", "--db", "b.sqlite"], timeout: 300)
        #expect(original.digest != nil && original.digest == copy.digest, "\(original)\n\(copy)")
        #expect(original.status == copy.status)
    }

    @Test func showFillsEveryDefaultAndEstimates() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("tiny.yaml", tinyScenario)
        let out = try sandbox.fractalsim(["show", "tiny.yaml", "--set", "tree.depth=4"])
        #expect(out.status == 0, "\(out)")
        for line in ["name: tiny", "duration: 3m", "  depth: 4", "  block_time: 12s", "  threshold: 0.5",
                     "  latency: { dist: lognormal, median: 80ms, sigma: 0.5 }", "  proof_size: 43KB", "  tx_rate: 5/s",
                     "  timeout: 30s", "recovery: replace", "  sample_every: 1m"] {
            #expect(out.stdout.contains("\n" + line + "\n"), "\(line)\n\(out)")
        }
        // 30 validiums × 12 rounds × 5 events.
        #expect(out.stdout.contains("# N = 31 nodes; ≈1800 events; memory ≈80 MB; wall < 1 s"), "\(out)")
        let bad = try sandbox.fractalsim(["show", "tiny.yaml", "--set", "tree.widht=3"])
        #expect(bad.status == 2 && bad.stderr.contains("did you mean tree.width?"), "\(bad)")
    }

    @Test func validateWarnsPastTheMachinesMemory() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("tiny.yaml", tinyScenario)
        try sandbox.write("meminfo", "MemTotal:        1000000 kB\nMemFree:          500000 kB\n")
        let big = try validate(sandbox, ["tiny.yaml", "--set", "tree.depth=20"], meminfo: sandbox.path("meminfo"))
        #expect(big.status == 0 && big.stdout.hasPrefix("ok    tiny.yaml"), "\(big)")
        #expect(big.stderr.contains("warning: tiny.yaml: needs about 2.7 GB of memory (2,097,151 nodes"), "\(big)")
        #expect(big.stderr.contains("more than this machine's 1.0 GB"), "\(big)")
        let small = try validate(sandbox, ["tiny.yaml"], meminfo: sandbox.path("meminfo"))
        #expect(small.status == 0 && small.stderr.isEmpty, "\(small)")
    }

    /// `fractalsim validate` with `FRACTALSIM_MEMINFO` set.
    func validate(_ sandbox: Sandbox, _ arguments: [String], meminfo: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try CLI.binary.get()
        process.arguments = ["validate"] + arguments
        process.currentDirectoryURL = sandbox.work
        process.environment = ProcessInfo.processInfo.environment.merging(["FRACTALSIM_MEMINFO": meminfo]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
