import Foundation
import Scenarios
import Testing

/// Issue 10, item 1: input that could make the YAML layer hang or allocate without bound is refused
/// quickly, before or while composing (`InputLimits`).
@Suite struct InputLimitsTests {
    /// A "billion laughs" list: `levels` anchors, each `width` aliases of the previous one.
    static func bomb(width: Int, levels: Int) -> String {
        var items = ["&a0 [" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]"]
        for l in 1...levels { items.append("&a\(l) [" + Array(repeating: "*a\(l - 1)", count: width).joined(separator: ", ") + "]") }
        return "[" + items.joined(separator: ", ") + "]"
    }

    static func refusedQuickly(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioError? {
        let t0 = Date()
        do {
            _ = try ScenarioLoader.parse(text: text, file: "b.yaml")
            Issue.record("accepted: \(what)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(Date().timeIntervalSince(t0) < 3, "\(what) took \(Date().timeIntervalSince(t0)) s", sourceLocation: sourceLocation)
            #expect(error.message.count < 400, "\(error)", sourceLocation: sourceLocation)
            return error
        }
    }

    @Test func aliasBombsAreRefusedBeforeTheyExpand() {
        let base = "duration: 1h\ntree: { width: 2, depth: 2 }\n"
        // 10^9 and 4^15 leaves once expanded: the count stops at the limit.
        for (width, levels) in [(10, 9), (4, 15), (2, 40)] {
            let error = Self.refusedQuickly(base + "sweep:\n  network.latency: \(Self.bomb(width: width, levels: levels))\n", "bomb \(width)^\(levels)")
            #expect(error?.message.contains("YAML aliases expand to more than 1,000,000") == true, "\(String(describing: error))")
            #expect(error?.line == 4 && error?.keyPath?.hasPrefix("sweep.network.latency") == true, "\(String(describing: error))")
        }
        // As a complex key, Yams would hash the whole expansion while composing: refused before.
        for key in ["? *a9\n  : 1", "*a9 : 1", "[*a9]: 1", "{ x: *a9 }: 1"] {
            let text = base + "sweep:\n  tree.width: \(Self.bomb(width: 10, levels: 9))\n  \(key)\n"
            let error = Self.refusedQuickly(text, key)
            #expect(error?.message.contains("complex mapping keys") == true, "\(String(describing: error))")
            #expect(error?.line == 5 && error?.keyPath != nil, "\(String(describing: error))")
        }
        // Small aliases stay allowed.
        #expect(throws: Never.self) { try ScenarioLoader.parse(text: "duration: &d 1h\ntree: { width: 2, depth: 2 }\nmetrics: { sample_every: *d }", file: "a.yaml") }
    }

    @Test func deepNestingAndHugeInputAreRefused() {
        let base = "duration: 1h\ntree: { width: 2, depth: 2 }\n"
        let deep = Self.refusedQuickly(base + "sweep:\n  tree.width: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500), "500 levels")
        #expect(deep?.message.contains("nested more than 100 levels") == true, "\(String(describing: deep))")
        let deeper = Self.refusedQuickly(base + "sweep:\n  tree.width: " + String(repeating: "[", count: 50_000), "50,000 levels")
        #expect(deeper?.message.contains("nesting level") == true, "\(String(describing: deeper))")
        let big = Self.refusedQuickly(base + "description: \"" + String(repeating: "x", count: 17 << 20) + "\"\n", "17 MiB")
        #expect(big?.message.contains("too large") == true)
        let grid = (0..<6).map { "a\($0).b: [" + (1...10).map(String.init).joined(separator: ", ") + "]" }.joined(separator: ", ")
        let points = Self.refusedQuickly(base + "sweep: { \(grid) }", "a 10^6-point grid")
        #expect(points?.message.contains("at most 10,000 are supported") == true, "\(String(describing: points))")
        let long = Self.refusedQuickly("name: " + String(repeating: "n", count: 300) + "\n" + base, "a 300-byte name")
        #expect(long?.keyPath == "name")
    }

    @Test func endlessFilesAreNotReadForever() throws {
        for path in ["/dev/zero", "/dev/urandom"] where FileManager.default.fileExists(atPath: path) {
            #expect { try ScenarioLoader.load(path: path) } throws: { error in
                "\(error)".contains("too large") || "\(error)".contains("not valid UTF-8")
            }
        }
    }

    @Test func syntaxErrorsNameTheKeyAround() {
        let error = Self.refusedQuickly("duration: 1h\ntree:\n  width: 2\n  depth: [3\nl1: { block_time: 2s }\n", "unclosed list")
        #expect(error?.keyPath?.hasPrefix("tree") == true, "\(String(describing: error))")
        let flow = Self.refusedQuickly("duration: 1h\ntree: { width: 2, depth: \"3 }\n", "unclosed quote")
        #expect(flow?.keyPath?.hasPrefix("tree") == true, "\(String(describing: flow))")
    }
}
