import Foundation
import Metrics
import Testing

/// The bundled attack scenarios keep their promises: each one's `expect:` block holds (exit 0).
@Suite struct BundledScenarioTests {
    static let attacks = ["withhold-l2", "withhold-cascade", "offline-parent", "slow-but-honest",
                          "majority-collude", "sybil-permissionless", "exit-vs-replace", "forged-update",
                          "faulty-chain-w2", "colluding-subtree-election", "bribed-successor", "withhold-keeps-pushing",
                          "two-colluding-children"]

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

    /// The forged update is refused the same way, at the same instant, by the real core.
    @Test func forgedUpdateWithTheRealCore() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/attacks/forged-update.yaml").path
        let mock = try sandbox.fractalsim(["run", file, "--db", sandbox.path("m.sqlite"), "--quiet"], timeout: 300)
        let real = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet",
                                           "--set", "proofs.core=real"], timeout: 300)
        #expect(real.status == 0, "\(real)")
        #expect(real.stdout.contains("real core") && real.stdout.contains("state root does not match"), "\(real)")
        let digest = { (s: String) in s.split(separator: "\n").first { $0.hasPrefix("Digest") } }
        #expect(digest(mock.stdout) != nil && digest(mock.stdout) == digest(real.stdout))
    }

    @Test func calibratePrintsATableWithRepetitionsAndSpread() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["calibrate", "--repetitions", "4", "--batch", "5"], timeout: 120)
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("4 repetitions"), "\(out)")
        for word in ["median", "spread", "sha256", "merkle update", "merkle proof verify", "ed25519 sign", "ed25519 verify",
                     "check 1: extends record", "check 1: extends over one link", "check 2: stale key", "check 3: known L1 block",
                     "check 5: child slot merkle proof", "proofs:", "core: real", "recursion_step:", "verification:", "proof_size:"] {
            #expect(out.stdout.contains(word), "missing \(word): \(out)")
        }
        let bad = try sandbox.fractalsim(["calibrate", "--repetitions", "1"], timeout: 60)
        #expect(bad.status == 2, "\(bad)")
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
