import Foundation
import ScenarioFuzz
import Scenarios
import Testing

/// Issue 10, item 1 through the binary: broken scenario files (every category of the mutator) given
/// to `validate` in one batch and to `run` one by one: exit 2, one located error line per file,
/// nothing written, no crash or hang. `make fuzz` runs 10,000 of them.
@Suite struct BadInputFuzzCLITests {
    @Test func brokenFilesExit2ThroughValidateAndRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let bases = ScenarioMutator.bundledBases(in: CLI.packageRoot.appendingPathComponent("scenarios"),
                                                 merged: ScenarioLoader.mergedText)
        var mutator = ScenarioMutator(bases: bases, seed: 77)
        let binary = try CLI.binary.get()
        // Written (and checked in this process too) by the runner; then through the binary.
        let (inProcess, cases) = try FuzzRunner.inProcess(&mutator, count: 48, directory: sandbox.work) { _ in nil }
        #expect(inProcess.total == 48)
        let tally = try FuzzRunner.validateThroughBinary(cases, binary: binary, directory: sandbox.work, batch: 48, timeout: 120)
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(tally.rejected == 48, "\(tally)")
        for c in cases.filter({ $0.category != "huge" }).prefix(8) {
            let problems = try FuzzRunner.runThroughBinary(c, cases: sandbox.work, binary: binary, scratch: sandbox.root)
            #expect(problems.isEmpty, "\(c.name): \(problems)")
        }
    }
}
