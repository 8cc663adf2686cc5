import Foundation
import Metrics
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

    static let provers = ["market", "small-pool", "skewed-stakes"]

    @Test(arguments: provers)
    func proverScenarioExpectationsHold(_ name: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/provers/\(name).yaml").path
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet"], timeout: 300)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("Provers ("), "\(out)")
        #expect(!out.stdout.contains("FAILED") && !out.stdout.contains("INVARIANT"), "\(out)")
    }

    /// The small pool against the healthy one, from their results databases: latency and missed deadlines rise.
    @Test func aSmallPoolMissesMoreDeadlinesThanTheHealthyOne() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        var figures: [[String: Double]] = []
        for name in ["market", "small-pool"] {
            let file = CLI.packageRoot.appendingPathComponent("scenarios/provers/\(name).yaml").path
            let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("\(name).sqlite"), "--quiet"], timeout: 300)
            #expect(out.status == 0, "\(out)")
            let summary = try ResultsDatabase.readSummary(path: sandbox.path("\(name).sqlite"))
            let f = Dictionary(summary.compactMap { s in s.value.map { (s.name, $0) } }, uniquingKeysWith: { a, _ in a })
            figures.append(f)
        }
        let (healthy, small) = (figures[0], figures[1])
        #expect((small["provers.latency.p50"] ?? 0) > 2 * (healthy["provers.latency.p50"] ?? .infinity))
        #expect((small["provers.missed_deadlines"] ?? 0) > 10 * (healthy["provers.missed_deadlines"] ?? .infinity))
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
