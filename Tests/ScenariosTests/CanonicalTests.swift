import Testing
import Scenarios

@Suite struct CanonicalTests {
    @Test func sameInputSameDigest() throws {
        let a = try scenario(ParsingTests.full), b = try scenario(ParsingTests.full)
        #expect(a.canonical == b.canonical)
        #expect(a.digest == b.digest)
        #expect(a.digest.count == 32)
    }

    @Test func keyOrderAndUnitSpellingDoNotMatter() throws {
        let reordered = """
        tree:
          depth: 4
          width: 3
        duration: 120m
        """
        #expect(try scenario(reordered).digest == (try scenario(minimalYAML)).digest)
        let defaultsSpelledOut = minimalYAML + "\nl1: { block_time: 12s }\nupdate: { every: 15000ms }\nproofs: { system: plonky2 }"
        #expect(try scenario(defaultsSpelledOut).digest == (try scenario(minimalYAML)).digest)
    }

    @Test func changedValuesChangeTheDigest() throws {
        let d = try scenario(minimalYAML).digest
        #expect(try scenario(minimalYAML.replacingOccurrences(of: "depth: 4", with: "depth: 5")).digest != d)
        #expect(try scenario(minimalYAML, seed: 2).digest != d)
        #expect(try scenario(minimalYAML, overrides: ["tree.width=4"]).digest != d)
        #expect(try scenario(minimalYAML + "\nexpect: { victims: 0 }").digest != d)
    }

    @Test func overridesAreApplied() throws {
        let five = minimalYAML.replacingOccurrences(of: "depth: 4", with: "depth: 5")
        #expect(try scenario(minimalYAML, overrides: ["tree.depth=5"]).canonical == (try scenario(five)).canonical)
    }

    @Test func canonicalListsEveryKeySortedInModelUnits() throws {
        let c = try scenario(minimalYAML).canonical
        let lines = c.split(separator: "\n").map(String.init)
        let keys = lines.map { String($0.prefix { $0 != " " }) }
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(lines.contains("duration = 7200000000us"))
        #expect(lines.contains("name = \"s\""))
        #expect(lines.contains("seed = 1"))
        #expect(lines.contains("tree.state_size = 1000000B"))
        #expect(lines.contains("l1.block_time = 12000000us"))
        #expect(lines.contains("update.every = 15000000us"))
        #expect(lines.contains("network.latency = { dist: lognormal, median: 80000us, sigma: 0.5 }"))
        #expect(lines.contains("network.bandwidth = 100000000bit/s"))
        #expect(lines.contains("proofs.proof_size = 43000B"))
        #expect(lines.contains("workload.tx_rate = 5/s"))
        #expect(lines.contains("finality.window = exact"))
        let full = try scenario(ParsingTests.full).canonical
        #expect(full.contains("expect.finality.global.p99 = < 300\n"))
        #expect(full.contains("expect.safety = == \"holds\"\n"))
    }
}
