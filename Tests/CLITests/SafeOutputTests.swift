import Foundation
import Metrics
import Testing

/// Issue 20, item 5: no result is overwritten silently; unusable outputs fail before simulating.
@Suite struct SafeOutputTests {
    /// The summary of the first run of a database, wall-clock figures left out (to see that a file was not replaced).
    func contents(_ path: String) throws -> [SummaryFigure] {
        try ResultsDatabase.readSummary(path: path).filter { !$0.name.hasPrefix("run.") }
    }

    @Test func overridesGoToTheirOwnDatabaseAndAReplacementNeedsForce() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let plain = try sandbox.fractalsim(["run", file, "--quiet"])
        #expect(plain.status == 0 && plain.field("Results") == "results/tiny-1.sqlite", "\(plain)")
        let before = try contents(sandbox.path("results/tiny-1.sqlite"))

        let deeper = try sandbox.fractalsim(["run", file, "--quiet", "--set", "tree.depth=2"])
        let name = deeper.field("Results") ?? ""
        #expect(deeper.status == 0, "\(deeper)")
        #expect(name.range(of: #"^results/tiny-1-[0-9a-f]{6}\.sqlite$"#, options: .regularExpression) != nil, "\(deeper)")
        #expect(try contents(sandbox.path("results/tiny-1.sqlite")) == before, "the plain run's database is untouched")
        let again = try sandbox.fractalsim(["run", file, "--quiet", "--set", "tree.depth=2", "--force"])
        #expect(again.field("Results") == name, "the same overrides give the same name: \(again)")
        let other = try sandbox.fractalsim(["run", file, "--quiet", "--set", "tree.depth=1"])
        #expect(other.status == 0 && other.field("Results") != name, "\(other)")

        let refused = try sandbox.fractalsim(["run", file, "--quiet"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr == "error: results/tiny-1.sqlite already holds a run (tiny, seed 1); add --force to replace it, or choose another --db\n",
                "\(refused)")
        #expect(refused.stdout.isEmpty, "nothing simulated: \(refused)")
        let forced = try sandbox.fractalsim(["run", file, "--quiet", "--force", "--seed", "1"])
        #expect(forced.status == 0 && forced.stderr.contains("--force: replaced the run previously in results/tiny-1.sqlite"), "\(forced)")
        #expect(try contents(sandbox.path("results/tiny-1.sqlite")) == before)
    }

    @Test func aSweepDatabaseAnInputOrAForeignFileIsNeverReplaced() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let sweep = try sandbox.write("s.yaml", sweepFile)
        for shard in ["1/2", "2/2"] {
            let out = try sandbox.fractalsim(["sweep", sweep, "--shard", shard, "--db", sandbox.path("part\(shard.prefix(1)).sqlite"), "--quiet"])
            #expect(out.status == 0, "\(out)")
        }
        let shardContents = try sweepContents(sandbox.path("part1.sqlite"))

        // run --db onto a sweep database: refused even with --force.
        let onSweep = try sandbox.fractalsim(["run", file, "--db", "part1.sqlite", "--force", "--quiet"])
        #expect(onSweep.status == 2 && onSweep.stderr.contains("part1.sqlite is a sweep database (cli-sweep, 8 runs)")
                && onSweep.stderr.contains("never replaces"), "\(onSweep)")
        #expect(try sweepContents(sandbox.path("part1.sqlite")) == shardContents)

        // merge --db naming one of its inputs, spelt differently: refused, the input untouched.
        let onInput = try sandbox.fractalsim(["merge", "part1.sqlite", "part2.sqlite", "--db", "./part1.sqlite"])
        #expect(onInput.status == 2 && onInput.stderr.contains("is also an input (part1.sqlite)"), "\(onInput)")
        #expect(try sweepContents(sandbox.path("part1.sqlite")) == shardContents)

        // run --db naming the scenario file, and files that are not results databases.
        let onScenario = try sandbox.fractalsim(["run", file, "--db", "tiny.yaml", "--force", "--quiet"])
        #expect(onScenario.status == 2 && onScenario.stderr.contains("is also an input"), "\(onScenario)")
        try sandbox.write("notes.txt", "my notes\n")
        for arguments in [["run", file, "--db", "notes.txt", "--force"], ["sweep", sweep, "--db", "notes.txt"],
                          ["merge", "part1.sqlite", "part2.sqlite", "--db", "notes.txt", "--force"]] {
            let out = try sandbox.fractalsim(arguments + (arguments[0] == "merge" ? [] : ["--quiet"]))
            #expect(out.status == 2 && out.stderr.contains("notes.txt exists and is not a FractalSim results database"), "\(out)")
        }
        #expect(try String(contentsOfFile: sandbox.path("notes.txt"), encoding: .utf8) == "my notes\n")

        // merge onto a run database: refused; onto its own earlier output: replaced.
        #expect(try sandbox.fractalsim(["run", file, "--db", "run.sqlite", "--quiet"]).status == 0)
        let onRun = try sandbox.fractalsim(["merge", "part1.sqlite", "part2.sqlite", "--db", "run.sqlite"])
        #expect(onRun.status == 2 && onRun.stderr.contains("holds a run of tiny, not a sweep"), "\(onRun)")
        let merged = try sandbox.fractalsim(["merge", "part1.sqlite", "--db", "merged.sqlite"])
        #expect(merged.status == 1, "one shard: incomplete: \(merged)")
        let remerged = try sandbox.fractalsim(["merge", "part1.sqlite", "part2.sqlite", "--db", "merged.sqlite"])
        #expect(remerged.status == 0, "a merge replaces an earlier merge of the same sweep: \(remerged)")
    }

    @Test func boundsWithANewSetGetsItsOwnDefaultDatabase() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("b.yaml", boundsBase
                                        + "bounds:\n  tree.depth: [1, 2, 3]\n  replicates: 1\n")
        let first = try sandbox.fractalsim(["bounds", file, "--quiet", "--min-r2", "0", "--slack", "100"])
        #expect(first.status == 0 && first.stdout.contains("results/cli-sweep-bounds.sqlite"), "\(first)")
        let onBounds = try sandbox.fractalsim(["run", try sandbox.write("tiny.yaml", tinyScenario), "--db", "results/cli-sweep-bounds.sqlite",
                                               "--force", "--quiet"])
        #expect(onBounds.status == 2 && onBounds.stderr.contains("is a bounds database (cli-sweep, 3 runs)"), "\(onBounds)")
        let second = try sandbox.fractalsim(["bounds", file, "--quiet", "--min-r2", "0", "--slack", "100", "--set", "duration=3m"])
        #expect(second.status == 0, "a new --set must not meet \"holds another sweep\": \(second)")
        #expect(second.stdout.range(of: #"results/cli-sweep-bounds-[0-9a-f]{6}\.sqlite"#, options: .regularExpression) != nil, "\(second)")
        let sweep = try sandbox.fractalsim(["sweep", try sandbox.write("s.yaml", sweepFile), "--quiet", "--set", "duration=1m"])
        #expect(sweep.status == 0 && sweep.stdout.range(of: #"Results +results/cli-sweep-sweep-[0-9a-f]{6}\.sqlite"#,
                                                          options: .regularExpression) != nil, "\(sweep)")
    }

    /// `--max-events 1` would stop the simulation at once with "limit reached": seeing the path error
    /// instead shows that the output was checked before simulating.
    @Test func anUnusableOutputFailsBeforeSimulatingWithOnePlainLine() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let sweep = try sandbox.write("s.yaml", sweepFile)
        let bounds = try sandbox.write("b.yaml", sweepFile.components(separatedBy: "sweep:")[0]
                                          + "bounds:\n  tree.depth: [1, 2, 3]\n  replicates: 1\n")
        var unwritable = "/sys/fractalsim-test/x.sqlite"   // root may write anywhere but in /sys
        if getuid() != 0 {
            try FileManager.default.createDirectory(atPath: sandbox.path("ro"), withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o555])
            unwritable = sandbox.path("ro/sub/x.sqlite")
        }
        let cases: [([String], String)] = [
            (["run", file, "--db", "/etc/passwd/x.sqlite"], "cannot write /etc/passwd/x.sqlite: /etc/passwd is a file, not a directory; choose another --db"),
            (["run", file, "--db", unwritable], "cannot write \(unwritable): no permission to create files in"),
            (["sweep", sweep, "--db", unwritable], "no permission to create files in"),
            (["bounds", bounds, "--db", "/etc/passwd/b.sqlite"], "/etc/passwd is a file, not a directory"),
            (["merge", "a.sqlite", "--db", "/etc/passwd/m.sqlite"], "/etc/passwd is a file, not a directory"),
            (["run", file, "--db", "."], "--db . is a directory"),
        ]
        _ = try sandbox.fractalsim(["sweep", sweep, "--shard", "1/8", "--db", "a.sqlite", "--quiet"])
        for (arguments, message) in cases {
            let extra = arguments[0] == "merge" ? [] : ["--quiet"] + (arguments[0] == "bounds" ? [] : ["--max-events", "1"])
            let out = try sandbox.fractalsim(arguments + extra)
            #expect(out.status == 2 && out.stderr.hasPrefix("error: ") && out.stderr.contains(message), "\(out)")
            #expect(out.stderr.split(separator: "\n").count == 1 && !out.stderr.contains("NSCocoa") && !out.stderr.contains("SQLite"), "\(out)")
            #expect(!out.stderr.contains("limit reached") && out.stdout.isEmpty, "checked before simulating: \(out)")
        }
        #expect(!sandbox.exists("results"), "nothing written: \(sandbox.contents())")
    }

    @Test func partialFilesOfDeadProcessesOfThisMachineAreRemoved() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, alive = getpid()
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let host = String(String(cString: buffer).map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        try FileManager.default.createDirectory(atPath: sandbox.path("results"), withIntermediateDirectories: true)
        let stale = ["old.sqlite.partial-\(host)-\(dead)", "old.sqlite.partial-\(host)-\(dead)-journal", "legacy.sqlite.partial-\(dead)"]
        let kept = ["live.sqlite.partial-\(host)-\(alive)", "remote.sqlite.partial-some-other-node-\(dead)", "notes.partial.txt"]
        for name in stale + kept { try sandbox.write("results/" + name, "x") }
        let out = try sandbox.fractalsim(["run", file, "--quiet"])
        #expect(out.status == 0, "\(out)")
        for name in stale {
            #expect(!sandbox.exists("results/" + name), "\(name) removed: \(out)")
            #expect(out.stderr.contains("removed results/\(name), left by a process that no longer exists"), "\(out)")
        }
        for name in kept { #expect(sandbox.exists("results/" + name), "\(name) kept") }
    }
}
