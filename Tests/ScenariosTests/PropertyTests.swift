import Foundation
import PropertyBased
import ScenarioFuzz
import Scenarios
import Stochastic
import Testing

/// Issue 10, item 4: scenario round-trips as properties (x-sheep/swift-property-based). A random
/// valid scenario, loaded, rendered in canonical form, turned back into YAML and loaded again,
/// has the same digest; so does the same file with its sections in another order.
@Suite struct PropertyTests {
    /// A random valid scenario text for each seed.
    static let scenarios = Gen<UInt64>.uint64(in: 0...UInt64.max).map { seed -> String in
        var rng = SplitMix64(seed: seed)
        return RandomScenario.make(&rng)
    }

    @Test func canonicalFormLoadsBackToTheSameDigest() async throws {
        await propertyCheck(count: 150, input: Self.scenarios) { text in
            do {
                let first = try ScenarioLoader.parse(text: text, file: "a.yaml")
                let yaml = CanonicalYAML.render(first.canonical)
                let second = try ScenarioLoader.parse(text: yaml, file: "a.yaml")
                #expect(second.digest == first.digest, "\(text)\n---\n\(yaml)")
                #expect(second.canonical == first.canonical)
                #expect(second.config == first.config)
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }

    @Test func reorderedSectionsGiveTheSameDigest() async throws {
        await propertyCheck(count: 150, input: Self.scenarios, Gen<Int>.int(in: 0...1_000_000)) { text, shuffle in
            do {
                let first = try ScenarioLoader.parse(text: text, file: "a.yaml")
                var rng = SplitMix64(seed: UInt64(shuffle))
                var sections = CanonicalYAML.sections(text)
                for i in sections.indices.reversed() { sections.swapAt(i, rng.below(i + 1)) }
                let reordered = sections.joined()
                #expect(try ScenarioLoader.parse(text: reordered, file: "a.yaml").digest == first.digest, "\(reordered)")
                #expect(try ScenarioLoader.parse(text: text, file: "a.yaml").digest == first.digest, "loading is repeatable")
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }

    @Test func durationsAndSizesRoundTripThroughTheirUnits() async {
        await propertyCheck(count: 300, input: Gen<Int64>.int64(in: 1...3_000_000_000_000), Gen<Int>.int(in: 0...4)) { micros, unit in
            let (name, factor): (String, Int64) = [("us", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000)][unit]
            let whole = max(micros / factor, 1)
            let text = "duration: \(whole)\(name)\ntree: { width: 2, depth: 1 }\nproofs: { proof_size: \(micros % 1_000_000_000)B }"
            do {
                let s = try ScenarioLoader.parse(text: text, file: "u.yaml")
                #expect(s.config.duration == whole * factor)
                #expect(s.config.proofs.proofSize == micros % 1_000_000_000 || micros % 1_000_000_000 == 0)
            } catch {
                #expect(micros % 1_000_000_000 == 0, "only a zero size is refused: \(error)")
            }
        }
    }
}

/// Turning canonical text (`dotted.key = value` lines) back into a YAML scenario.
enum CanonicalYAML {
    /// A YAML document with one block mapping per dotted prefix; `adversary[k]` lines become a list
    /// (their resolved node lists as `ids` selectors) and `expect.NAME` lines one quoted entry each.
    static func render(_ canonical: String) -> String {
        var tree = Tree()
        var adversaries: [String] = []
        var expects: [String] = []
        for line in canonical.split(separator: "\n") {
            guard let eq = line.range(of: " = ") else { continue }
            let key = String(line[..<eq.lowerBound]), value = String(line[eq.upperBound...])
            if key.hasPrefix("adversary[") {
                adversaries.append("  - " + value.replacingOccurrences(of: "{ nodes: [", with: "{ nodes: { ids: [")
                    .replacingOccurrences(of: "], behavior", with: "] }, behavior"))
            } else if key.hasPrefix("expect.") {
                expects.append("  \(key.dropFirst(7)): '\(value.replacingOccurrences(of: "'", with: "''"))'")
            } else {
                tree.insert(key.split(separator: ".").map(String.init), value)
            }
        }
        var out = tree.yaml(indent: 0)
        if !adversaries.isEmpty { out += "adversary:\n" + adversaries.joined(separator: "\n") + "\n" }
        if !expects.isEmpty { out += "expect:\n" + expects.joined(separator: "\n") + "\n" }
        return out
    }

    /// Nested mappings in insertion order.
    struct Tree {
        var keys: [String] = []
        var values: [String: String] = [:]
        var children: [String: Tree] = [:]

        mutating func insert(_ path: [String], _ value: String) {
            guard let first = path.first else { return }
            if !keys.contains(first) { keys.append(first) }
            if path.count == 1 { values[first] = value } else { children[first, default: Tree()].insert(Array(path.dropFirst()), value) }
        }

        func yaml(indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            return keys.map { k in
                if let v = values[k] { return "\(pad)\(k): \(v)\n" }
                return "\(pad)\(k):\n" + (children[k]?.yaml(indent: indent + 2) ?? "")
            }.joined()
        }
    }

    /// The top-level sections of a block-style file: each key line with its indented continuation.
    static func sections(_ text: String) -> [String] {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.first == " " || line.first == "-", !out.isEmpty { out[out.count - 1] += line + "\n" } else { out.append(line + "\n") }
        }
        return out
    }
}
