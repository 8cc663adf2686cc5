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

    @Test func hostileValuesAreErrors() {
        let values = ["99999999999999999999", "-9223372036854775808", "1e308", "nan", ".inf", "0x10", "1_000_000_000_000",
                      "18446744073709551616", "9223372036854775807h", "1.99999999999999999999e300s", "-0s", "-", "_"]
        for v in values {
            for key in ["tree.width", "tree.depth", "tree.nodes", "duration", "seed", "finality.window", "finality.threshold",
                        "proofs.proof_size", "workload.tx_rate", "network.bandwidth", "metrics.tracked_updates",
                        "network.latency.sigma", "expect.x"] {
                let text = minimalYAML + "\nnetwork: { latency: { dist: lognormal, median: 1ms, sigma: 1 } }"
                _ = failure(text, overrides: ["\(key)=\(v)"])
            }
        }
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
