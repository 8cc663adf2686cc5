import Foundation
import Testing

/// Whether `python3` is on the PATH (the notebook check needs it).
let python3Found: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
}()

/// A small attack with messages: every plot of a report has data.
let reportScenario = """
    name: small-story
    seed: 7
    duration: 4m
    tree: { shape: complete, width: 3, depth: 3 }
    update: { every: 15s }
    workload: { tx_rate: 1/s, bridge: { rate: 30/h, force_after: 5 blocks, bots: { count: 2, availability: 0.5 } } }
    adversary:
      - { nodes: { ids: [1] }, behavior: withhold_da, from: 1m, until: end }

    """

@Suite struct ReplayReportTests {
    /// `replay --timeline` through the binary: the story of an attack, filtered.
    @Test func timelineTellsTheAttack() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", reportScenario)
        #expect(try sandbox.fractalsim(["run", file, "--trace", "--quiet", "--db", "r.sqlite"]).status == 0)
        let both = try sandbox.fractalsim(["replay", "r.sqlite", "--timeline", "--kind", "elections", "--verify"])
        #expect(both.status == 0 && both.stdout.contains("election 0 for faulty node 1 opens"), "\(both)")
        #expect(both.stdout.contains("Verdict       IDENTICAL"), "\(both)")
        // The child of node 1 (4, 5 or 6: which one the draws decide) that was installed in its place.
        let installed = try #require(both.stdout.firstMatch(of: /node (\d) installed as the new operator of node 1/), "\(both)")
        let child = String(installed.1)
        #expect(["4", "5", "6"].contains(child))
        let out = try sandbox.fractalsim(["replay", "r.sqlite", "--timeline", "--node", child, "--from", "1m", "--until", "1m 20s"])
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.hasPrefix("Timeline of run 1: small-story, seed 7 · node \(child) · "), "\(out)")
        #expect(out.stdout.contains("node \(child): DA fetch from node 1 FAILED"), "\(out)")
        #expect(out.stdout.contains("node \(child) installed as the new operator of node 1"), "\(out)")
        let bad = try sandbox.fractalsim(["replay", "r.sqlite", "--timeline", "--from", "soon"])
        #expect(bad.status == 2 && bad.stderr.contains("--from soon: expected a time"), "\(bad)")
    }

    /// `report` through the binary, and the notebook validated and executed with nbclient, reading
    /// the database and then the CSVs (Python packages installed from PyPI by the script).
    @Test(.enabled(if: python3Found, "python3 is not installed: the notebook cannot be executed"),
          .enabled(if: ProcessInfo.processInfo.environment["FRACTALSIM_SKIP_NOTEBOOK"] == nil,
                   "FRACTALSIM_SKIP_NOTEBOOK is set"))
    func notebookValidatesAndExecutes() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", reportScenario)
        #expect(try sandbox.fractalsim(["run", file, "--quiet", "--db", "results/s.sqlite"]).status == 0)
        let report = try sandbox.fractalsim(["report", "results/s.sqlite"])
        #expect(report.status == 0 && report.stdout.contains("notebooks-export/small-story/index.html"), "\(report)")
        let notebook = sandbox.path("notebooks-export/small-story/report.ipynb")
        #expect(FileManager.default.fileExists(atPath: notebook))

        let process = Process()
        process.executableURL = CLI.packageRoot.appendingPathComponent("scripts/check-notebooks.sh")
        process.arguments = [notebook]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/check-notebooks.sh: \(process.terminationStatus)\n\(output)")
        #expect(output.contains("10 plots drawn (reading ../../results/s.sqlite)"), "\(output)")
        #expect(output.contains("10 plots drawn (reading the CSV files next to this notebook)"), "\(output)")
    }
}
