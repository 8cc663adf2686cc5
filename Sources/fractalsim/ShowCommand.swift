import ArgumentParser
import Experiments
import Foundation
import Scenarios

/// `fractalsim show SCENARIO`: the resolved scenario as YAML, every default filled in, with N,
/// expected events and an estimate of memory and wall time.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the resolved scenario as YAML, every default filled in, with N and estimates.",
        discussion: """
            The output is a scenario file: running it gives the same scenario digest as the original \
            (--set overrides and extends: applied). Comment lines at the top give N, the events expected \
            and an estimate of memory and wall time from the measured figures in BENCHMARKS.md.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Seed (overrides the scenario's `seed`).")
    var seed: UInt64?

    @Option(name: .customLong("set"), help: "Override a key by dotted path (KEY=VALUE), as for run.")
    var overrides: [String] = []

    func run() throws {
        let s: Scenario
        do {
            s = try ScenarioFiles.load(scenario, seed: seed, overrides: overrides)
        } catch {
            throw CommandFailure(code: 2, message: "\(error)")
        }
        let estimate = RunEstimate(s.config)
        var header = "# \(scenario)\(overrides.map { " --set \($0)" }.joined())\(seed.map { " --seed \($0)" } ?? ""), resolved\n"
        header += "# scenario digest \(s.digest)\n"
        header += "# \(estimate.summary)\n"
        if let warning = estimate.memoryWarning(machine: RunEstimate.machineMemoryBytes()) { header += "# warning: \(warning)\n" }
        print(header + ResolvedYAML.render(s), terminator: "")
    }
}
