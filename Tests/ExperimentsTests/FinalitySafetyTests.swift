import Experiments
import Foundation
import Testing
import ValidiumModel

/// A final item dropped by an election breaks finality safety (docs/model.md §4): the run fails
/// (exit 1) unless the scenario declares `expect: { finality.safety: violated }`. No bundled
/// scenario can break it (an election installs only on a retained state, at or after the final
/// one), so the check is exercised by injecting a violation into a finished run's results.
@Suite struct FinalitySafetyTests {
    static func outcome(declaring: Bool) throws -> RunOutcome {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml")
        try ("tree: { width: 2, depth: 2 }\nduration: 2m\n" + (declaring ? "expect: { finality.safety: violated }\n" : ""))
            .write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioRun.execute(try ScenarioFiles.load(file.path), databasePath: nil)
    }

    @Test func aDroppedFinalItemFailsTheRunUnlessDeclared() throws {
        var honest = try Self.outcome(declaring: false)
        #expect(honest.violations.isEmpty && honest.passed)
        honest.results.faults.safetyViolations = [SafetyViolationRow(item: 3, origin: 2, finalAt: 60_000_000,
                                                                     droppedAt: 90_000_000, node: 1)]
        #expect(honest.violations.contains { $0.hasPrefix("finality safety: 1 item(s)") && $0.contains("expect: { finality.safety: violated }") })
        #expect(!honest.passed)

        var declared = try Self.outcome(declaring: true)
        declared.results.faults.safetyViolations = honest.results.faults.safetyViolations
        #expect(declared.violations.isEmpty, "declared: reported, not a failure")
    }
}
