import Testing
import Scenarios

/// Mutated scenario files must give a located error or a scenario, never a crash.
@Suite struct RobustnessTests {
    @Test func mutatedFilesNeverCrash() {
        let source = Array(ParsingTests.full.unicodeScalars)
        let alphabet = Array("{}[]:,-#&*!|>'\"%@` \n\t0123456789.e/abkKMmsuµ_\u{0}\u{FEFF}".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        var valid = 0
        for _ in 0..<400 {
            var text = source
            for _ in 0...next(3) {
                let at = next(text.count)
                switch next(3) {
                case 0: text.remove(at: at)
                case 1: text.insert(alphabet[next(alphabet.count)], at: at)
                default: text[at] = alphabet[next(alphabet.count)]
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text)
            do {
                _ = try ScenarioLoader.parse(text: String(view), file: "f.yaml")
                valid += 1
            } catch {
                #expect(!error.message.isEmpty)
                #expect(error.file == "f.yaml")
                #expect((error.line ?? 1) >= 1 && (error.column ?? 1) >= 1)
            }
        }
        #expect(valid > 0)
    }

    /// Every hostile value for every key is a clean error: one line naming the `--set` override
    /// and the key, never a crash, a wrapped-around number or a silently accepted value. The pairs
    /// that are legitimately valid are listed in `valid` with the value they must load as: a seed
    /// written with YAML 1.1 digit grouping, and `expect:` thresholds that are finite numbers
    /// (an expectation may compare a figure with any number). `expect.x` is loaded as the program
    /// loads it, with `x` among the known figure names and none compared as text.
    @Test func hostileValuesAreErrors() throws {
        let values = ["99999999999999999999", "-9223372036854775808", "1e308", "nan", ".inf", "0x10", "1_000_000_000_000",
                      "18446744073709551616", "9223372036854775807h", "1.99999999999999999999e300s", "-0s", "-", "_"]
        let keys = ["tree.width", "tree.depth", "tree.nodes", "duration", "seed", "finality.window", "finality.threshold",
                    "proofs.proof_size", "workload.tx_rate", "network.bandwidth", "metrics.tracked_updates",
                    "network.latency.sigma", "expect.x"]
        let valid: [String: (Scenario) -> Bool] = [
            "seed=1_000_000_000_000": { $0.seed == 1_000_000_000_000 },
            "expect.x=99999999999999999999": { $0.expectations.first?.value == .number(1e20) },
            "expect.x=-9223372036854775808": { $0.expectations.first?.value == .number(-9_223_372_036_854_775_808) },
            "expect.x=1e308": { $0.expectations.first?.value == .number(1e308) },
            "expect.x=18446744073709551616": { $0.expectations.first?.value == .number(18_446_744_073_709_551_616) },
        ]
        let text = minimalYAML + "\nnetwork: { latency: { dist: lognormal, median: 1ms, sigma: 1 } }"
        var accepted: Set<String> = []
        for v in values {
            for key in keys {
                let override = "\(key)=\(v)"
                do {
                    let s = try ScenarioLoader.parse(text: text, file: "s.yaml", overrides: [override], summaryNames: ["x"])
                    accepted.insert(override)
                    #expect(valid[override]?(s) == true, "\(override) loads, but not as listed in `valid`")
                } catch {
                    #expect(error.file == "--set \(override)", "\(override): \(error)")
                    #expect(error.keyPath == key, "\(override): \(error)")
                    #expect(!error.message.isEmpty && !error.description.contains("\n"), "\(override): \(error)")
                }
            }
        }
        #expect(accepted == Set(valid.keys), "accepted: \(accepted.sorted())")
    }

    @Test func aliasesAndAnchorsAreHandled() throws {
        let s = try scenario("""
        duration: &d 1h
        tree: { width: 2, depth: 2 }
        metrics: { sample_every: *d }
        """)
        #expect(s.config.metrics.sampleEvery == 3_600_000_000)
        #expect(message("duration: 1h\ntree: { width: 2, depth: 2 }\nmetrics: { sample_every: *nope }").contains("invalid YAML"))
    }
}
