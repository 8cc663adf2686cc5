import Foundation
import Testing

@Suite struct ValidateTests {
    /// The bundled scenarios, found relative to the package root.
    static func bundledScenarios() throws -> [URL] {
        let dir = CLI.packageRoot.appendingPathComponent("scenarios")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.path < $1.path }
    }

    @Test func everyBundledScenarioValidates() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let files = try Self.bundledScenarios()
        try #require(!files.isEmpty, "no scenarios/*.yaml under \(CLI.packageRoot.path)")
        let out = try sandbox.fractalsim(["validate"] + files.map(\.path))
        #expect(out.status == 0 && !out.signalled, "\(out)")
        #expect(out.stderr.isEmpty, "\(out)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        let okLines = lines.filter { $0.hasPrefix("ok") }
        #expect(okLines.count == files.count, "expected one ok line per file\n\(out)")
        #expect(lines.count == files.count, "expected nothing but the ok lines\n\(out)")
        for file in files {
            #expect(okLines.filter { $0.contains(file.path + ":") }.count == 1, "no ok line for \(file.path)\n\(out)")
        }
        #expect(sandbox.contents().isEmpty, "validate wrote \(sandbox.contents())")
    }

    @Test func oneInvalidFileAmongValidOnesFailsTheWholeCommand() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let good = try sandbox.write("good.yaml", tinyScenario)
        let bad = try sandbox.write("bad.yaml", tinyScenarioEditing(line: 6, to: "  width: three"))
        let out = try sandbox.fractalsim(["validate", good, bad])
        #expect(out.status == 2 && !out.signalled, "\(out)")
        let okLines = out.stdout.split(separator: "\n").filter { $0.hasPrefix("ok") }
        #expect(okLines.count == 1 && okLines.first?.contains(good) == true, "\(out)")
        #expect(out.stderr.contains("\(bad):6:10: error: tree.width:"), "\(out)")
        #expect(!out.stdout.contains(bad), "\(out)")
        #expect(sandbox.contents() == ["bad.yaml", "good.yaml"], "validate wrote \(sandbox.contents())")
    }

    @Test func validateReportsTheNodeCountOfTheTree() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", tinyScenario)
        let out = try sandbox.fractalsim(["validate", file, "--set", "tree.width=3"])
        #expect(out.status == 0, "\(out)")
        // w=3, d=3 with the L1 at depth 0: 1 + 3 + 9 + 27 = 40 nodes (baseline.yaml: w=3, d=7 is 3,280).
        #expect(out.stdout.contains("tiny, 40 nodes"), "\(out)")
    }
}
