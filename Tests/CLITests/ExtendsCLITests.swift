import Foundation
import Testing

/// `extends:` through the binary: bad chains are exit 2 before any run; a run of an extending file
/// stores the merged text, so that replay needs neither file.
@Suite struct ExtendsCLITests {
    @Test func cyclesAndMissingFilesExitTwoWithTheChain() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("a.yaml", "extends: b.yaml\nseed: 2\n")
        try sandbox.write("b.yaml", "extends: a.yaml\n")
        try sandbox.write("c.yaml", "extends: gone/base.yaml\n")
        let cycle = try sandbox.fractalsim(["run", "a.yaml", "--quiet"])
        #expect(cycle.status == 2, "\(cycle)")
        #expect(cycle.stderr.contains("b.yaml:1:10: error: extends: cycle: a.yaml -> b.yaml -> a.yaml"), "\(cycle)")
        let missing = try sandbox.fractalsim(["validate", "c.yaml"])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("c.yaml:1:10: error: extends: no such file: gone/base.yaml (c.yaml -> gone/base.yaml;"),
                "\(missing)")
        #expect(sandbox.contents() == ["a.yaml", "b.yaml", "c.yaml"])
    }

    @Test func anExtendingRunReplaysWithoutItsBase() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.path("variants"), withIntermediateDirectories: true)
        try sandbox.write("tiny.yaml", tinyScenario)
        try sandbox.write("variants/deeper.yaml", "extends: ../tiny.yaml\ntree: { depth: 4 }\nseed: 5\n")
        try sandbox.write("flat.yaml", tinyScenario.replacingOccurrences(of: "depth: 3", with: "depth: 4")
            .replacingOccurrences(of: "seed: 1", with: "seed: 5").replacingOccurrences(of: "name: tiny", with: "name: deeper"))
        let run = try sandbox.fractalsim(["run", "variants/deeper.yaml", "--db", "d.sqlite", "--quiet"])
        #expect(run.status == 0, "\(run)")
        #expect(run.nodeCount == 31, "\(run)")
        let flat = try sandbox.fractalsim(["run", "flat.yaml", "--db", "f.sqlite", "--quiet"])
        #expect(flat.digest != nil && flat.digest == run.digest, "\(run)\n\(flat)")
        try FileManager.default.removeItem(atPath: sandbox.path("tiny.yaml"))
        let replay = try sandbox.fractalsim(["replay", "d.sqlite", "--verify"])
        #expect(replay.status == 0, "\(replay)")
        #expect(replay.stdout.contains("Verdict       IDENTICAL"), "\(replay)")
    }
}
