import Foundation
import Testing

/// The bundled L1 scenarios (issue 5, docs/model.md §8) keep their promises through the binary, and a
/// safety violation that the scenario does not declare makes the run exit 1.
@Suite struct L1ScenarioTests {
    static let scenarios = ["single-node", "equivocate", "equivocate-skewed", "reorg-depth-2", "collude-majority", "equivocate-early"]

    @Test(arguments: scenarios)
    func l1ScenarioExpectationsHold(_ name: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/l1/\(name).yaml").path
        let db = sandbox.path("r.sqlite")
        let out = try sandbox.fractalsim(["run", file, "--db", db, "--quiet"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("L1 node      mode"), "\(out)")
        #expect(!out.stdout.contains("FAILED"), "\(out)")
        let safety = try CLI.query(URL(fileURLWithPath: db), "SELECT holds FROM safety")
        #expect(safety == (name == "collude-majority" ? "0" : "1"))
    }

    @Test func anUndeclaredSafetyViolationFailsTheRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        // The same collusion, with the `expect: safety: violated` line replaced by another expectation.
        let file = CLI.packageRoot.appendingPathComponent("scenarios/l1/collude-majority.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "  safety: violated\n", with: "")
        // It extends ../baseline.yaml: the copy keeps that layout.
        try FileManager.default.createDirectory(atPath: sandbox.path("l1"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("scenarios/baseline.yaml").path,
                                         toPath: sandbox.path("baseline.yaml"))
        let copy = sandbox.path("l1/undeclared.yaml")
        try text.write(toFile: copy, atomically: true, encoding: .utf8)
        let out = try sandbox.fractalsim(["run", copy, "--db", sandbox.path("r.sqlite"), "--quiet", "--set", "duration=15m"],
                                         timeout: 300)
        #expect(out.status == 1, "\(out)")
        #expect(out.stdout.contains("L1 safety: blocks"), "\(out)")
        #expect(out.stdout.contains("SAFETY VIOLATED at"), "\(out)")
    }

    @Test func equivocationNeedsASingleNodeL1() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/l1/equivocate.yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet", "--set", "l1.mode=pos"])
        #expect(out.status == 2, "\(out)")
        #expect(out.stderr.contains("adversary[0].behavior") && out.stderr.contains("single_node"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("r.sqlite")))
    }
}
