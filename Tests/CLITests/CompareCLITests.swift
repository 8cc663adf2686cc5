import Foundation
import Testing

/// `fractalsim compare` through the binary: two seeds of one scenario, an honest run against an
/// attack, `--fail-if` exit codes, and bad conditions refused before anything is written.
@Suite struct CompareCLITests {
    /// `reportScenario` without its adversary.
    static let honest = reportScenario.replacingOccurrences(of: "name: small-story", with: "name: small-honest")
        .components(separatedBy: "\n").filter { !$0.contains("adversary") && !$0.contains("withhold_da") }.joined(separator: "\n")

    /// The `compare_summary.csv` row of `figure`: a, b, difference, ratio.
    func row(_ sandbox: Sandbox, _ dir: String, _ figure: String) throws -> [Double?] {
        let csv = try String(contentsOfFile: sandbox.path(dir + "/compare_summary.csv"), encoding: .utf8)
        let line = try #require(csv.split(separator: "\n").first { $0.hasPrefix(figure + ",") }, "\(figure) not in \(dir)")
        return line.split(separator: ",", omittingEmptySubsequences: false).dropFirst(2).prefix(4).map { Double($0) }
    }

    /// A summary figure as stored.
    func stored(_ sandbox: Sandbox, _ db: String, _ figure: String) throws -> Double? {
        try CLI.query(URL(fileURLWithPath: sandbox.path(db)), "SELECT value FROM summary WHERE name = '\(figure)'").flatMap(Double.init)
    }

    @Test func twoSeedsAndAnAttack() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let honest = try sandbox.write("h.yaml", Self.honest), attack = try sandbox.write("w.yaml", reportScenario)
        for (file, db, seed) in [(honest, "a.sqlite", "7"), (honest, "b.sqlite", "8"), (attack, "w.sqlite", "7")] {
            let r = try sandbox.fractalsim(["run", file, "--seed", seed, "--quiet", "--db", db])
            #expect(r.status == 0, "\(r)")
        }
        // Two seeds: figures and deltas as stored in the two databases.
        let seeds = try sandbox.fractalsim(["compare", "a.sqlite", "b.sqlite", "--out", "seeds", "--fail-if", "finality.p99 > 100x"])
        #expect(seeds.status == 0, "\(seeds)")
        #expect(seeds.stdout.contains("seed 7") && seeds.stdout.contains("seed 8"), "\(seeds)")
        for figure in ["finality.global.p99", "finality.l1.p50", "tx.created"] {
            let r = try row(sandbox, "seeds", figure)
            let a = try #require(try stored(sandbox, "a.sqlite", figure)), b = try #require(try stored(sandbox, "b.sqlite", figure))
            #expect(r[0] == a && r[1] == b, "\(figure): \(r) against \(a), \(b)")
            #expect(abs((r[2] ?? .nan) - (b - a)) <= 1e-9 * max(1, abs(b)), "\(figure) difference \(String(describing: r[2]))")
            #expect(abs((r[3] ?? .nan) - b / a) <= 1e-9 * max(1, b / a), "\(figure) ratio \(String(describing: r[3]))")
        }
        #expect(try row(sandbox, "seeds", "finality.global.p99")[2] != 0, "two seeds give two finality figures")
        for file in ["index.html", "report.ipynb", "compare-finality-cdf.svg", "compare-finality-by-depth.svg", "compare-l1-progress.svg"] {
            #expect(sandbox.exists("seeds/" + file), "\(file) missing")
        }
        // --fail-if: a ratio that holds, a difference that holds, a percent that does not.
        let p99 = try sandbox.fractalsim(["compare", "a.sqlite", "b.sqlite", "--out", "x", "--fail-if", "finality.global.p99 >= 0.001x"])
        #expect(p99.status == 1 && p99.stdout.contains("finality.global.p99 >= 0.001x: FAIL"), "\(p99)")
        let pct = try sandbox.fractalsim(["compare", "a.sqlite", "b.sqlite", "--out", "x", "--fail-if", "tx.created > +1000%"])
        #expect(pct.status == 0 && pct.stdout.contains("tx.created > +1000%: ok"), "\(pct)")

        // Honest against the attack: the attack's figures, and a CI condition on them.
        let vs = try sandbox.fractalsim(["compare", "a.sqlite", "w.sqlite", "--out", "attack", "--fail-if", "elections > 0"])
        #expect(vs.status == 1 && vs.stdout.contains("elections > 0: FAIL"), "\(vs)")
        #expect(try row(sandbox, "attack", "faults")[0...2] == [0, 1, 1])
        let elections = try row(sandbox, "attack", "elections")
        #expect(elections[0] == 0 && (elections[1] ?? 0) >= 1 && elections[2] == elections[1])
        let alarms = try #require(try stored(sandbox, "w.sqlite", "alarms"))
        let alarmRow = try row(sandbox, "attack", "alarms")
        #expect(alarms > 0 && alarmRow[2] == alarms)
        let page = try String(contentsOfFile: sandbox.path("attack/index.html"), encoding: .utf8)
        #expect(page.contains("small-honest (A) against small-story (B)"))

        // One database, one run against itself: nothing differs.
        let same = try sandbox.fractalsim(["compare", "a.sqlite", "--run", "1", "--run", "1", "--out", "same"])
        #expect(same.status == 0 && same.stdout.contains("(0 of") == false && same.stdout.contains("figures equal"), "\(same)")
        #expect(!same.stdout.contains("finality.global.p99"), "\(same)")
    }

    @Test func badConditionsAreRefusedBeforeWriting() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("h.yaml", Self.honest)
        #expect(try sandbox.fractalsim(["run", file, "--quiet", "--db", "a.sqlite"]).status == 0)
        let syntax = try sandbox.fractalsim(["compare", "a.sqlite", "a.sqlite", "--out", "o", "--fail-if", "finality.p99 >> 2"])
        #expect(syntax.status == 2 && syntax.stderr.contains("--fail-if 'finality.p99 >> 2': expected FIGURE OP VALUE"), "\(syntax)")
        let unknown = try sandbox.fractalsim(["compare", "a.sqlite", "a.sqlite", "--out", "o", "--fail-if", "finality.p98 > 1x"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no summary figure finality.p98"), "\(unknown)")
        let missing = try sandbox.fractalsim(["compare", "a.sqlite", "nothere.sqlite", "--out", "o"])
        #expect(missing.status == 2 && missing.stderr.contains("nothere.sqlite: no such file"), "\(missing)")
        #expect(!sandbox.exists("o"))
    }
}
