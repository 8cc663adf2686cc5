import Foundation
import Testing

/// The `search:` block through the binary: `validate` and `run` refuse a bad block before anything
/// runs, `show` copies a good one, and the schema accepts it (and refuses a misspelt template key).
@Suite struct SearchBlockCLITests {
    /// `tinyScenario` (3 min, w = 2, d = 3) with a search block from line 10.
    static func file(from: String = "{ one_of: [1m, 2m] }", maximize: String = "finality.path.p99") -> String {
        tinyScenario + """
            search:
              adversary:
                - behavior: { one_of: [withhold_da, offline] }
                  operators: { min: 1, max: 2 }
                  nodes: { depth: 2 }
                  from: \(from)
              objective:
                maximize: \(maximize)
                subject_to: "elections.failed >= 1"
              strategy: local
              budget: 20

            """
    }

    @Test func validateAndRunRefuseABadSearchBlock() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let good = try sandbox.write("good.yaml", Self.file())
        let out = try sandbox.fractalsim(["validate", good])
        #expect(out.status == 0 && out.stdout.hasPrefix("ok"), "\(out)")
        let late = try sandbox.write("late.yaml", Self.file(from: "{ one_of: [1m, 5m] }"))
        let typo = try sandbox.write("typo.yaml", Self.file(maximize: "finality.pth.p99"))
        let bad = try sandbox.fractalsim(["validate", late, typo])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("late.yaml:15:28: error: search.adversary[0].from[1]: value 5m: starts after the end of the run (duration)"), "\(bad)")
        #expect(bad.stderr.contains("typo.yaml:17:15: error: search.objective.maximize: no summary figure finality.pth.p99")
                && bad.stderr.contains("did you mean finality.path.p99?"), "\(bad)")
        let run = try sandbox.fractalsim(["run", late, "--db", "late.sqlite"])
        #expect(run.status == 2 && run.stderr.contains("search.adversary[0].from[1]"), "\(run)")
        // An override reaches the block like any key, and is checked the same way.
        let set = try sandbox.fractalsim(["validate", good, "--set", "search.objective.maximize=l1.stal"])
        #expect(set.status == 2 && set.stderr.contains("did you mean l1.stall?"), "\(set)")
        #expect(sandbox.contents() == ["good.yaml", "late.yaml", "typo.yaml"], "\(sandbox.contents())")
    }

    @Test func showCopiesTheBlock() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", Self.file())
        let shown = try sandbox.fractalsim(["show", file, "--set", "search.strategy=random"])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("\nsearch: {adversary: [{behavior: {one_of: [withhold_da, offline]}") && shown.stdout.contains("strategy: random"), "\(shown)")
        try sandbox.write("shown.yaml", shown.stdout)
        let again = try sandbox.fractalsim(["validate", "shown.yaml"])
        #expect(again.status == 0, "\(again)")
    }

    @Test(.enabled(if: SchemaCLITests.pythonReady, SchemaCLITests.skipped))
    func theSchemaAcceptsTheBlock() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let good = try sandbox.write("good.yaml", Self.file())
        let typo = try sandbox.write("typo.yaml", Self.file().replacingOccurrences(of: "      from:", with: "      frm:"))
        let verdicts = try SchemaCLITests.check([good, typo])
        #expect(verdicts[good]?.hasPrefix("ok ") == true, "\(verdicts)")
        #expect(verdicts[typo]?.contains("'frm' was unexpected") == true, "\(verdicts)")
    }
}
