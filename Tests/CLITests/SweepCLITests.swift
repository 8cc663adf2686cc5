import Foundation
import Metrics
import Testing

/// A sweep small enough for a debug build: 2 widths × 2 depths × 2 replicates, 2 minutes each.
let sweepFile = """
    name: cli-sweep
    seed: 5
    duration: 2m
    tree: { shape: complete, width: 2, depth: 2 }
    l1: { block_time: 2s }
    update: { every: 5s }
    network: { latency: 20ms, bandwidth: unlimited }
    proofs: { system: custom, recursion_step: 50ms, verification: 1ms, proof_size: 43KB }
    workload: { tx_rate: 0.5/s }
    metrics: { sample_every: 30s, tracked_transactions: 300, tracked_updates: 100 }
    sweep:
      tree.width: [2, 3]
      tree.depth: [1, 2]
      replicates: 2

    """

/// `sweepFile` without its sweep, rounds in phase: finality then grows with depth without the random
/// phases' noise, so a bounds verdict over three small trees does not hang on the draws (the tests
/// that use it check the outputs, not the model).
let boundsBase = sweepFile.components(separatedBy: "sweep:")[0]
    .replacingOccurrences(of: "update: { every: 5s }", with: "update: { every: 5s, phase: aligned }")

/// The figures and trace digest of every run of a sweep database, in run order (wall-clock figures left out).
func sweepContents(_ path: String) throws -> [String] {
    try SweepDatabase.readFigures(path: path).map { run in
        "\(run.row.runIndex) \(run.row.seed) \(run.row.overrides) \(run.traceDigest) "
            + run.figures.filter { !$0.name.hasPrefix("run.") }.map { "\($0.name)=\($0.value ?? -1)" }.joined(separator: ",")
    }
}

@Suite struct SweepCLITests {
    @Test func sweepPrintsTheGridAndOneRowPerPoint() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", sweepFile)
        let one = try sandbox.fractalsim(["sweep", file, "--jobs", "1", "--db", sandbox.path("j1.sqlite")])
        let two = try sandbox.fractalsim(["sweep", file, "--jobs", "2", "--db", sandbox.path("j2.sqlite")])
        #expect(one.status == 0 && two.status == 0, "\(one)\n\(two)")
        #expect(one.stdout.contains("gridded  tree.width [2, 3]") && one.stdout.contains("full grid"), "\(one)")
        #expect(one.stdout.contains("4 points × 2 replicates = 8 runs"), "\(one)")
        let rows = one.stdout.split(separator: "\n").filter { $0.hasPrefix("0 ") || $0.hasPrefix("1 ") || $0.hasPrefix("2 ") || $0.hasPrefix("3 ") }
        #expect(rows.count == 4 && rows.allSatisfy { $0.contains(" ± ") }, "\(one)")
        #expect(one.field("Results digest") != nil && one.field("Results digest") == two.field("Results digest"), "\(one)\n\(two)")
        #expect(try sweepContents(sandbox.path("j1.sqlite")) == sweepContents(sandbox.path("j2.sqlite")))
        #expect(!one.stderr.contains("\r"), "no progress line without a terminal")
        // Rerunning resumes: nothing left to run.
        let again = try sandbox.fractalsim(["sweep", file, "--db", sandbox.path("j1.sqlite")])
        #expect(again.status == 0 && again.stdout.contains("0 simulated now") && again.stdout.contains("8 already complete"), "\(again)")
    }

    @Test func badAxisValuesAndOptionsAreExit2() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", sweepFile.replacingOccurrences(of: "[1, 2]", with: "[1, deep]"))
        let bad = try sandbox.fractalsim(["sweep", file, "--db", sandbox.path("x.sqlite")])
        #expect(bad.status == 2 && bad.stderr.contains("s.yaml:13:") && bad.stderr.contains("sweep.tree.depth[1]"), "\(bad)")
        #expect(!sandbox.exists("x.sqlite"), "nothing is written for bad input")
        let validate = try sandbox.fractalsim(["validate", file])
        #expect(validate.status == 2 && validate.stderr.contains("sweep.tree.depth[1]"), "\(validate)")
        let good = try sandbox.write("g.yaml", sweepFile)
        for args in [["--shard", "4/3"], ["--shard", "x"], ["--jobs", "0"]] {
            let out = try sandbox.fractalsim(["sweep", good] + args)
            #expect(out.status == 2, "\(args)\n\(out)")
        }
        let noBlock = try sandbox.write("n.yaml", tinyScenario)
        let none = try sandbox.fractalsim(["sweep", noBlock])
        #expect(none.status == 2 && none.stderr.contains("no sweep: block"), "\(none)")
    }

    @Test func mergeJoinsShardsAndRefusesOtherSweeps() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", sweepFile)
        let all = try sandbox.fractalsim(["sweep", file, "--db", sandbox.path("all.sqlite"), "--quiet"])
        #expect(all.status == 0, "\(all)")
        for i in 1...3 {
            let out = try sandbox.fractalsim(["sweep", file, "--shard", "\(i)/3", "--db", sandbox.path("p\(i).sqlite"), "--quiet"])
            #expect(out.status == 0 && out.stdout.contains("Shard         \(i)/3"), "\(out)")
        }
        let merged = try sandbox.fractalsim(["merge", sandbox.path("p1.sqlite"), sandbox.path("p2.sqlite"), sandbox.path("p3.sqlite"),
                                             "--db", sandbox.path("m.sqlite")])
        #expect(merged.status == 0 && merged.stdout.contains("Merged        8 of 8 runs"), "\(merged)")
        #expect(merged.field("Results digest") == all.field("Results digest"), "\(merged)\n\(all)")
        #expect(try sweepContents(sandbox.path("m.sqlite")) == sweepContents(sandbox.path("all.sqlite")))

        let missing = try sandbox.fractalsim(["merge", sandbox.path("p1.sqlite"), "--db", sandbox.path("m1.sqlite")])
        #expect(missing.status == 1 && missing.stderr.contains("missing"), "\(missing)")

        let other = try sandbox.fractalsim(["sweep", file, "--set", "seed=6", "--shard", "2/3", "--db", sandbox.path("o2.sqlite"), "--quiet"])
        #expect(other.status == 0, "\(other)")
        let refused = try sandbox.fractalsim(["merge", sandbox.path("p1.sqlite"), sandbox.path("o2.sqlite"), "--db", sandbox.path("bad.sqlite")])
        #expect(refused.status == 2 && refused.stderr.contains("not shards of one sweep"), "\(refused)")
        #expect(!sandbox.exists("bad.sqlite"))
        let into = try sandbox.fractalsim(["sweep", file, "--set", "seed=6", "--db", sandbox.path("p1.sqlite"), "--quiet"])
        #expect(into.status == 2 && into.stderr.contains("holds another sweep"), "\(into)")
        let noFile = try sandbox.fractalsim(["merge", sandbox.path("nope.sqlite"), "--db", sandbox.path("z.sqlite")])
        #expect(noFile.status == 2 && noFile.stderr.contains("no such file"), "\(noFile)")
    }

    /// A stopped shard reports its own slice: runs 0 and 4 done by shard 1/4, then shard 1/2
    /// (runs 0, 2, 4, 6) stopped by a limit on its first new run holds 2 of its 4 runs.
    @Test func aStoppedShardReportsItsOwnRuns() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", sweepFile)
        let db = sandbox.path("p.sqlite")
        let quarter = try sandbox.fractalsim(["sweep", file, "--shard", "1/4", "--db", db, "--quiet"])
        #expect(quarter.status == 0, "\(quarter)")
        let half = try sandbox.fractalsim(["sweep", file, "--shard", "1/2", "--max-events", "100", "--db", db, "--quiet"])
        #expect(half.status == 2 && half.stderr.contains("limit reached"), "\(half)")
        #expect(half.stderr.contains("2 of the 4 runs of shard 1/2 (8 in the sweep) are complete in \(db)"), "\(half)")
        // In one log holding both streams (as a Slurm task's), the message comes after the header.
        let log = try ClusterTests.shell("fractalsim sweep s.yaml --shard 2/2 --max-events 100 --db p2.sqlite --quiet", in: sandbox.work)
        let header = log.output.range(of: "Shard         2/2: 4 of 8 runs"), message = log.output.range(of: "limit reached")
        #expect(log.status == 2 && header != nil && message != nil, "\(log.output)")
        if let header, let message { #expect(header.lowerBound < message.lowerBound, "\(log.output)") }
    }

    @Test func boundsPassesOnATreeAndFailsOnAChain() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let text = sweepFile.replacingOccurrences(of: "width: 2, depth: 2", with: "width: 3, depth: 2")
            .components(separatedBy: "sweep:")[0] + "bounds:\n  tree.depth: [1, 2, 3, 4, 5]\n  replicates: 2\n"
        let file = try sandbox.write("b.yaml", text)
        let tree = try sandbox.fractalsim(["bounds", file, "--db", sandbox.path("t.sqlite"), "--svg", sandbox.path("t.svg")])
        #expect(tree.status == 0 && tree.stdout.contains("Verdict       PASS"), "\(tree)")
        for model in ["log N", "√N", "N  "] { #expect(tree.stdout.contains("\n  \(model)"), "no fit row for \(model)\n\(tree)") }
        let logRow = tree.stdout.split(separator: "\n").first { $0.hasPrefix("  log N") && $0.hasSuffix("best") }
        let numbers = logRow.map { $0.split(separator: " ").compactMap { Double($0) } } ?? []
        #expect(numbers.count == 3 && numbers[1] > 0 && numbers[2] > 0.9, "coefficients a, b, R² of log N\n\(tree)")
        let svg = try String(contentsOfFile: sandbox.path("t.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))

        let chain = try sandbox.fractalsim(["bounds", file, "--db", sandbox.path("c.sqlite"), "--set", "tree.width=1",
                                            "--set", "duration=6m", "--set", "bounds.tree.depth=[2, 4, 8, 12, 16]"])
        #expect(chain.status == 1 && chain.stdout.contains("Verdict       FAIL"), "\(chain)")
        #expect(chain.stdout.contains("N fits better than log N"), "\(chain)")

        for args in [["--metric", "latency"], ["--min-r2", "2"], ["--slack", "-1"]] {
            let out = try sandbox.fractalsim(["bounds", file] + args)
            #expect(out.status == 2, "\(args)\n\(out)")
        }
        let two = try sandbox.write("two.yaml", text.replacingOccurrences(of: "[1, 2, 3, 4, 5]", with: "[1, 2]"))
        let few = try sandbox.fractalsim(["bounds", two])
        #expect(few.status == 2 && few.stderr.contains("at least 3 values of N"), "\(few)")
    }

    @Test func bundledSweepAndBoundsFilesValidate() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        var files: [String] = []
        for dir in ["scenarios/sweeps", "scenarios/bounds"] {
            let url = CLI.packageRoot.appendingPathComponent(dir)
            files += try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { url.appendingPathComponent($0).path }
        }
        #expect(files.count >= 5, "\(files)")
        let out = try sandbox.fractalsim(["validate"] + files)
        #expect(out.status == 0 && out.stdout.split(separator: "\n").count == files.count, "\(out)")
    }
}
