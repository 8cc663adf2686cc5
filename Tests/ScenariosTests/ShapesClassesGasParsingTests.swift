import Testing
import Scenarios
import ValidiumModel

/// Reading `tree: { shape: random | levels }`, `classes:` and `l1.gas`: values, and one-line errors
/// that name the line and the key.
@Suite struct ShapesClassesGasParsingTests {
    @Test func randomAndLevelsShapes() throws {
        let r = try scenario("duration: 1h\ntree: { shape: random, nodes: 500, children: { dist: geometric, mean: 2.5 }, max_depth: 9, seed: 4 }")
        #expect(r.config.tree.shape == .random(RandomTreeSpec(nodes: 500, children: .geometric(mean: 2.5), maxDepth: 9, seed: 4)))
        let d = try scenario("duration: 1h\ntree: { shape: random, nodes: 50 }")
        #expect(d.config.tree.shape == .random(RandomTreeSpec(nodes: 50, children: .poisson(mean: 3))))
        let w = try scenario("duration: 1h\ntree: { shape: random, nodes: 50, children: { dist: weights, weights: [1, 0, 2] } }")
        #expect(w.config.tree.shape == .random(RandomTreeSpec(nodes: 50, children: .weights([1, 0, 2]))))
        let l = try scenario("duration: 1h\ntree: { shape: levels, levels: [1, 20, 5] }")
        #expect(l.config.tree.shape == .levels(widths: [1, 20, 5]))
        // The canonical text names the shape's keys, and a changed seed changes the digest.
        #expect(r.canonical.contains("tree.children = { dist: geometric, mean: 2.5 }\n"))
        #expect(try scenario("duration: 1h\ntree: { shape: random, nodes: 500, children: 2, seed: 5 }").digest
                != (try scenario("duration: 1h\ntree: { shape: random, nodes: 500, children: 2, seed: 6 }")).digest)
    }

    @Test func shapeErrorsNameTheKey() {
        #expect(message("duration: 1h\ntree: { shape: random, nodes: 50, width: 3 }")
            .contains("s.yaml:2:35: error: tree.width: only used with shape: complete (this tree is random)"))
        #expect(message("duration: 1h\ntree: { shape: levels, levels: [1, 2], children: 2 }")
            .contains("tree.children: only used with shape: random (this tree is levels)"))
        #expect(message("duration: 1h\ntree: { shape: random, nodes: 50, children: 0 }").contains("tree.children: must be positive, got 0"))
        #expect(message("duration: 1h\ntree: { shape: random, nodes: 50, children: { dist: weights, weights: [1] } }")
            .contains("needs a positive weight at 1 or more children"))
        #expect(message("duration: 1h\ntree: { shape: random, nodes: 50, children: { dist: poisson, mean: 0 } }")
            .contains("tree.children.mean: out of range"))
        #expect(message("duration: 1h\ntree: { shape: random, nodes: 50, children: { dist: lognormal, mean: 2 } }")
            .contains("tree.children.dist: expected constant, poisson, geometric or weights"))
        #expect(message("duration: 1h\ntree: { shape: levels }").contains("tree.levels: missing required key"))
        #expect(message("duration: 1h\ntree: { shape: levels, levels: [1000000, 1000000] }").contains("tree.levels: out of range"))
    }

    @Test func classesResolveAndRefuseOverlaps() throws {
        let s = try scenario(minimalYAML + """

            classes:
              - { name: slow, nodes: { depth: 2 }, proving_factor: 4, tx_rate: 2/s, update_every: 30s, latency: 200ms, bandwidth: 10Mbit/s }
              - { nodes: { ids: [1] }, recursion_step: 2s }
            """)
        #expect(s.config.classes.count == 2)
        #expect(s.config.classes[0].nodes == Array(4...12).map(Int32.init) && s.config.classes[0].provingFactor == 4)
        #expect(s.config.classes[0].txRate == 2 && s.config.classes[0].updateEvery == 30_000_000)
        #expect(s.config.classes[0].latency == .constant(200_000) && s.config.classes[0].bandwidth == 10e6)
        #expect(s.config.classes[1].name == "class2" && s.config.classes[1].recursionStep == .constant(2_000_000))
        #expect(message(minimalYAML + "\nclasses:\n  - { nodes: { depth: 1 } }\n  - { nodes: { ids: [2] } }")
            .contains("classes[1].nodes: node 2 is already in class class1"))
        #expect(message(minimalYAML + "\nupdate: { mode: eager }\nclasses:\n  - { nodes: { depth: 1 }, update_every: 5s }")
            .contains("classes[0].update_every: only used with periodic updates"))
        #expect(message(minimalYAML + "\nclasses:\n  - { nodes: { depth: 1 }, speed: 2 }").contains("classes[0].speed: unknown key"))
    }

    @Test func gasKeys() throws {
        let s = try scenario(minimalYAML + "\nl1: { gas_limit: 36000000, gas: { verify: 500000, proof_bytes: 1000, message: 1 } }")
        #expect(s.config.l1.gasLimit == 36_000_000)
        #expect(s.config.l1.gas.zkp(s.config.proofs) == 21_000 + 500_000 + 16 * 1_000 + 44_200)
        #expect(try scenario(minimalYAML + "\nl1: { gas_limit: unlimited }").digest == (try scenario(minimalYAML)).digest)
        #expect(message(minimalYAML + "\nl1: { gas_limit: lots }").contains("l1.gas_limit: expected unlimited or a number"))
        #expect(message(minimalYAML + "\nl1: { gas: { verfy: 1 } }").contains("l1.gas.verfy: unknown key"))
    }
}
