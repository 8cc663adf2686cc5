import Foundation
import Testing

/// The layouts of scenarios/systems/ and the operator-class scenario keep their promises (`expect:`
/// holds, exit 0), and the summary shows the class table and the L1 gas line.
@Suite struct SystemsScenarioTests {
    static let files = ["systems/fractal-narrow", "systems/gateway", "systems/l3-on-l2", "systems/checkpoint-tree",
                        "systems/prover-pool", "systems/common", "classes/slow-depth"]

    @Test(arguments: files)
    func expectationsHold(_ name: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("L1 gas        "), "\(out)")
        #expect(!out.stdout.contains("FAILED") && !out.stdout.contains("INVARIANT"), "\(out)")
        if name.hasPrefix("classes/") {
            #expect(out.stdout.contains("Classes (transactions by where they start"), "\(out)")
            #expect(out.stdout.contains("below slow"), "\(out)")
        }
    }

    @Test func aGasLimitBelowOneZKPIsAnInputError() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/systems/fractal-narrow.yaml").path
        let out = try sandbox.fractalsim(["validate", file, "--set", "l1.gas_limit=1000"], timeout: 60)
        #expect(out.status == 2, "\(out)")
        #expect((out.stdout + out.stderr).contains("l1.gas_limit: 1,000 gas is less than one validium ZKP costs"), "\(out)")
    }
}
