import Foundation
import Testing
import Metrics

@Suite struct RunTests {
    /// A small run: exit 0, the summary's sections, the database with one completed run.
    @Test func smallRunPrintsSummaryAndWritesDatabase() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", tinyScenario)
        let db = sandbox.path("r.sqlite")
        let out = try sandbox.fractalsim(["run", file, "--db", db, "--quiet"])
        #expect(out.status == 0 && !out.signalled && !out.timedOut, "\(out)")
        for section in ["Finality", "Storage by depth", "Digest", "Throughput", "global"] {
            #expect(out.stdout.contains(section), "summary lacks \(section)\n\(out)")
        }
        #expect(out.stdout.contains("tiny"), "the summary names the scenario\n\(out)")
        #expect(out.nodeCount == 15, "w=2, d=3 is 1 + 2 + 4 + 8 = 15 nodes\n\(out)")
        let digest = try #require(out.digest, "\(out)")
        #expect(digest.count >= 16 && digest.allSatisfy(\.isHexDigit), "digest \(digest)\n\(out)")
        #expect(out.field("Results") == db, "the summary names the database\n\(out)")
        #expect(!out.stdout.contains("FAILED"), "\(out)")
        #expect(!out.stderr.contains("\r"), "\(out)")
        #expect(sandbox.exists("r.sqlite"), "no database at \(db)\n\(out)")
        #expect(!sandbox.exists("results"), "wrote the default database as well as --db\n\(out)")
        if let rows = try CLI.query(URL(fileURLWithPath: db), "SELECT count(*), min(completed), min(trace_digest) FROM run") {
            #expect(rows == "1|1|\(digest)", "run table: \(rows)")
        }
        if let figures = try CLI.query(URL(fileURLWithPath: db), "SELECT count(*) > 0 FROM summary") {
            #expect(figures == "1", "no summary rows")
        }
    }

    /// Same scenario and seed → same digest; another seed → another digest.
    @Test func digestIsReproducibleAndDependsOnTheSeed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", tinyScenario)
        let first = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r1.sqlite"), "--quiet"])
        let second = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r2.sqlite"), "--quiet"])
        let reseeded = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r3.sqlite"), "--quiet", "--seed", "2"])
        for out in [first, second, reseeded] { #expect(out.status == 0, "\(out)") }
        let a = try #require(first.digest, "\(first)")
        let b = try #require(second.digest, "\(second)")
        let c = try #require(reseeded.digest, "\(reseeded)")
        #expect(a == b, "two runs of the same scenario and seed differ")
        #expect(a != c, "--seed 2 gave the digest of seed 1")
        #expect(reseeded.stdout.contains("seed 2"), "\(reseeded)")

        // Identical `summary` rows, wall-clock figures (run.*) aside; another seed changes them.
        func summary(_ name: String) throws -> [SummaryFigure] {
            try ResultsDatabase.readSummary(path: sandbox.path(name)).filter { !$0.name.hasPrefix("run.") }
        }
        let rows1 = try summary("r1.sqlite"), rows2 = try summary("r2.sqlite"), rows3 = try summary("r3.sqlite")
        #expect(rows1.count > 30)
        #expect(rows1 == rows2, "summary rows differ between two runs of the same seed")
        #expect(rows1 != rows3)
    }

    /// `--set tree.depth=2` reaches the model: the node count changes from 15 to 7.
    @Test func setOverridesTheTree() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", tinyScenario)
        let plain = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r1.sqlite"), "--quiet"])
        let shallow = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r2.sqlite"), "--quiet",
                                             "--set", "tree.depth=2", "--set", "duration=2m"])
        #expect(plain.status == 0, "\(plain)")
        #expect(shallow.status == 0, "\(shallow)")
        #expect(plain.nodeCount == 15, "\(plain)")
        #expect(shallow.nodeCount == 7, "\(shallow)")
        #expect(shallow.stdout.contains("w=2, d=2"), "\(shallow)")
        #expect(shallow.stdout.contains("2m 00s simulated"), "\(shallow)")
        #expect(plain.digest != shallow.digest, "overrides did not change the run")
    }

    /// An expectation that cannot hold: exit 1, `FAILED` in the summary, results still written.
    @Test func failedExpectationExits1ButKeepsResults() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let text = tinyScenario + "expect:\n  finality.global.p99: \"< 1ms\"\n  l1.blocks: \"> 0\"\n"
        let file = try sandbox.write("s.yaml", text)
        let db = sandbox.path("r.sqlite")
        let out = try sandbox.fractalsim(["run", file, "--db", db, "--quiet"])
        #expect(out.status == 1 && !out.signalled && !out.timedOut, "expected exit 1\n\(out)")
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("FAILED") && $0.contains("finality.global.p99") }, "\(out)")
        #expect(lines.contains { $0.contains("held") && $0.contains("l1.blocks") }, "\(out)")
        #expect(!lines.contains { $0.contains("FAILED") && $0.contains("l1.blocks") }, "\(out)")
        #expect(out.stdout.contains("Digest"), "\(out)")
        #expect(sandbox.exists("r.sqlite"), "a failed expectation must still write the results\n\(out)")
        if let rows = try CLI.query(URL(fileURLWithPath: db), "SELECT path, held FROM expectations ORDER BY position") {
            #expect(rows == "finality.global.p99|0\nl1.blocks|1", "expectations table: \(rows)")
        }
    }

    /// Expectations that hold: exit 0 and every one shown as held.
    @Test func heldExpectationsExit0() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let text = tinyScenario + "expect:\n  l1.blocks: \"> 0\"\n"
        let file = try sandbox.write("s.yaml", text)
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"), "--quiet",
                                          "--set", "duration=2m"])
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.contains("Expectations"), "\(out)")
        #expect(out.stdout.split(separator: "\n").contains { $0.contains("held") && $0.contains("l1.blocks") }, "\(out)")
        #expect(!out.stdout.contains("FAILED"), "\(out)")
    }

    /// Without `--db` the database is `results/<name>-<seed>[-<overrides digest>].sqlite` under the working directory.
    @Test func defaultDatabasePathIsUnderTheWorkingDirectory() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("s.yaml", tinyScenario)
        let out = try sandbox.fractalsim(["run", "s.yaml", "--quiet", "--set", "tree.depth=2", "--set", "duration=2m"])
        #expect(out.status == 0, "\(out)")
        let name = out.field("Results") ?? ""
        let digest = String(name.dropFirst("results/tiny-1-".count).prefix(6))
        #expect(name == "results/tiny-1-\(digest).sqlite" && digest.count == 6 && digest.allSatisfy(\.isHexDigit), "\(out)")
        #expect(sandbox.exists(name), "contents: \(sandbox.contents())\n\(out)")
        let reseeded = try sandbox.fractalsim(["run", "s.yaml", "--quiet", "--seed", "5",
                                               "--set", "tree.depth=2", "--set", "duration=2m"])
        #expect(reseeded.status == 0, "\(reseeded)")
        #expect(sandbox.exists("results/tiny-5-\(digest).sqlite"), "contents: \(sandbox.contents())\n\(reseeded)")
        #expect(!FileManager.default.fileExists(atPath: CLI.packageRoot.appendingPathComponent("results/tiny-5-\(digest).sqlite").path),
                "the run wrote into the package's results/ instead of its working directory")
    }

    /// Neither stdout nor stderr is a terminal here: no progress line (no carriage returns) even without --quiet.
    @Test func noProgressLineWithoutATerminal() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", tinyScenario)
        let out = try sandbox.fractalsim(["run", file, "--db", sandbox.path("r.sqlite"),
                                          "--set", "tree.depth=2", "--set", "duration=2m"])
        #expect(out.status == 0, "\(out)")
        #expect(!out.stderr.contains("\r"), "progress line on a non-terminal\n\(out)")
        #expect(!out.stdout.contains("\r"), "\(out)")
        #expect(!out.stderr.contains("events/s"), "\(out)")
        #expect(out.stdout.contains("Digest"), "\(out)")
    }
}

@Suite struct HelpTests {
    @Test(arguments: [["--help"], ["help"], ["run", "--help"], ["validate", "--help"], ["help", "run"]])
    func helpExits0(_ arguments: [String]) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(arguments)
        #expect(out.status == 0 && !out.signalled, "\(out)")
        #expect(out.stdout.uppercased().contains("USAGE"), "\(out)")
        #expect(sandbox.contents().isEmpty)
    }

    @Test func topLevelHelpListsSubcommands() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["--help"])
        #expect(out.status == 0, "\(out)")
        for word in ["run", "validate"] { #expect(out.stdout.contains(word), "\(out)") }
    }

    @Test func versionExits0() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["--version"])
        #expect(out.status == 0, "\(out)")
        #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(out)")
    }

    @Test func noArgumentsIsAUsageError() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["run"])
        #expect(out.status == 2, "\(out)")
        #expect(out.stderr.contains("Usage") || out.stderr.contains("USAGE") || out.stderr.contains("Missing"), "\(out)")
    }
}
