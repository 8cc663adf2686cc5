import ArgumentParser
import Experiments
import Foundation
import Scenarios
import ValidiumModel

/// `fractalsim validate SCENARIO...`: checks scenario files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check scenario files; print one line per file; exit 2 if any is invalid.")

    @Argument(help: "Scenario files (YAML).")
    var scenarios: [String]

    @Option(name: .customLong("set"), help: "Override a key by dotted path (KEY=VALUE), as for run.")
    var overrides: [String] = []

    func run() throws {
        var failed = 0
        let machine = RunEstimate.machineMemoryBytes()
        for path in scenarios {
            do {
                let s = try ScenarioFiles.load(path, overrides: overrides)
                let nodes = Tree.nodeCount(of: s.config.tree.shape) ?? 0
                print("ok    \(path): \(s.name), \(nodes) nodes, \(SummaryFormat.duration(s.config.duration)) simulated, digest \(s.digest.prefix(12))")
                if let warning = RunEstimate(s.config).memoryWarning(machine: machine) {
                    FileHandle.standardError.write(Data("warning: \(path): \(warning)\n".utf8))
                }
            } catch {
                failed += 1
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if failed > 0 { throw CommandFailure(code: 2, message: "\(failed) of \(scenarios.count) scenario files invalid") }
    }
}
