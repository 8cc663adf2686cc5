import Foundation
import Metrics
import Testing

/// A search small enough for a debug build: 2 withholding operators among the 14 validiums of a
/// w = 2, d = 3 tree (91 placements), judged on path finality p99.
let searchFile = """
    name: cli-search
    seed: 3
    duration: 6m
    tree: { width: 2, depth: 3 }
    l1: { block_time: 4s }
    update: { every: 8s }
    da: { timeout: 15s }
    workload: { tx_rate: 2/s }
    metrics: { tracked_transactions: 400, tracked_updates: 200 }
    search:
      adversary:
        - behavior: withhold_da
          operators: 2
          from: 1m
      objective: { maximize: finality.path.p99 }
      strategy: local
      samples: 6
      budget: 16
      neighbors: 5

    """

@Suite struct SearchCLITests {
    @Test func theWrittenOutWorstCaseReproducesItsRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", searchFile)
        let db = sandbox.path("s.sqlite"), out = sandbox.path("worst.yaml")
        let search = try sandbox.fractalsim(["search", file, "--jobs", "2", "--db", db, "--out", out])
        #expect(search.status == 0, "\(search)")
        #expect(search.stdout.contains("91 candidates") && search.stdout.contains("Best candidates (of 16 tried"), "\(search)")
        #expect(search.stdout.contains("16 simulated now with 2 jobs, 0 reused"), "\(search)")
        let best = try #require(try SearchDatabase.readCandidates(path: db).first)
        #expect(best.rank == 1 && best.key.hasPrefix("withhold_da ["))
        let worst = try String(contentsOfFile: out, encoding: .utf8)
        #expect(worst.hasPrefix("# Written by fractalsim search") && !worst.contains("search:"), "\(worst)")
        #expect(worst.contains("finality.path.p99: \">= "), "\(worst)")
        // The file is an ordinary scenario: its run has the search's trace digest and figure.
        let run = try sandbox.fractalsim(["run", out, "--db", sandbox.path("worst.sqlite")])
        #expect(run.status == 0 && run.stdout.contains("held"), "\(run)")
        let first = try #require(try SearchDatabase.readRuns(path: db).first { $0.candidate == best.candidate && $0.replicate == 0 })
        #expect(run.field("Digest") == first.traceDigest, "\(run)")
        let p99 = try CLI.query(URL(fileURLWithPath: sandbox.path("worst.sqlite")),
                                "SELECT value FROM summary WHERE name = 'finality.path.p99'")
        #expect(p99.flatMap(Double.init) == first.objective)
        // The same command again resumes: nothing to simulate, the same answer, the file replaced.
        let again = try sandbox.fractalsim(["search", file, "--jobs", "1", "--db", db, "--out", out])
        #expect(again.status == 0 && again.stdout.contains("0 simulated now with 1 job, 16 reused"), "\(again)")
        #expect(again.field("Found") == search.field("Found") && search.field("Found") != nil)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == worst)
    }

    @Test func unusableSearchesAreExit2BeforeAnyRun() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", searchFile)
        // Exhaustive over a space larger than max_candidates: refused with its size.
        let big = try sandbox.fractalsim(["search", file, "--set", "search.strategy=exhaustive", "--set", "search.max_candidates=50",
                                          "--db", sandbox.path("big.sqlite"), "--out", sandbox.path("big.yaml")])
        #expect(big.status == 2 && big.stderr.contains("91 candidates") && big.stderr.contains("max_candidates (50)"), "\(big)")
        #expect(!sandbox.exists("big.sqlite") && !sandbox.exists("big.yaml"))
        // --out names a file this search did not write.
        let mine = try sandbox.write("mine.yaml", "tree: { width: 2, depth: 1 }\nduration: 1m\n")
        let clobber = try sandbox.fractalsim(["search", file, "--db", sandbox.path("c.sqlite"), "--out", mine])
        #expect(clobber.status == 2 && clobber.stderr.contains("was not written by this search"), "\(clobber)")
        #expect(!sandbox.exists("c.sqlite"))
        // A file without a search block.
        let plain = try sandbox.fractalsim(["search", mine])
        #expect(plain.status == 2 && plain.stderr.contains("search"), "\(plain)")
        // A database of another search.
        _ = try sandbox.fractalsim(["search", file, "--set", "search.budget=6", "--db", sandbox.path("o.sqlite"), "--out", sandbox.path("o.yaml")])
        let other = try sandbox.fractalsim(["search", file, "--db", sandbox.path("o.sqlite"), "--out", sandbox.path("o2.yaml")])
        #expect(other.status == 2 && other.stderr.contains("holds another search"), "\(other)")
    }

    /// `scenarios/search/smallest-failing-coalition.yaml` narrowed to node 1's three children (6
    /// coalitions): no single colluder fails the election, two do (each silences its subtree's votes).
    @Test func twoColludingChildrenFailTheElectionOneCannot() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = CLI.packageRoot.appendingPathComponent("scenarios/search/smallest-failing-coalition.yaml").path
        let db = sandbox.path("c.sqlite")
        let search = try sandbox.fractalsim(["search", file, "--jobs", "2", "--db", db, "--out", sandbox.path("c.yaml"), "--set",
                                             "search.adversary=[{behavior: collude, operators: {min: 1, max: 2}, nodes: {subtree: 1, depth: 2}}]"])
        #expect(search.status == 0 && search.field("Found") == "#3 collude [4, 5] (the adversary's best)", "\(search)")
        let rows = try SearchDatabase.readCandidates(path: db)
        #expect(rows.count == 6)
        #expect(rows.filter { $0.operators == 1 }.allSatisfy { !$0.feasible && $0.constraintMean == 0 })
        #expect(rows.filter { $0.operators == 2 }.allSatisfy { $0.feasible && ($0.constraintMean ?? 0) > 0 })
    }
}
