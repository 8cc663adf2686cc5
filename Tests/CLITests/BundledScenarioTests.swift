import Foundation
import Testing

/// The bundled attack scenarios keep their promises: each one's `expect:` block holds (exit 0).
@Suite struct BundledScenarioTests {
    static let attacks = ["withhold-l2", "withhold-cascade", "offline-parent", "slow-but-honest",
                          "majority-collude", "sybil-permissionless", "exit-vs-replace"]

    @Test(arguments: attacks)
    func attackScenarioExpectationsHold(_ name: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/attacks/\(name).yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("Faults (recovery:"), "\(out)")
        #expect(!out.stdout.contains("FAILED"), "\(out)")
    }

    static let bridge = ["baseline", "bots-down", "via-l1", "censor-on-path"]

    @Test(arguments: bridge)
    func bridgeScenarioExpectationsHold(_ name: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/bridge/\(name).yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("ledger holds"), "\(out)")
        #expect(!out.stdout.contains("FAILED") && !out.stdout.contains("INVARIANT"), "\(out)")
    }

    @Test func theSameAttackHandledByExits() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/attacks/withhold-l2.yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet", "--set", "recovery=exit",
                                          "--set", "duration=15m"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("exits 3 of 3"), "\(out)")
    }
}
