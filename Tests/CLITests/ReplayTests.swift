import Foundation
import Testing

/// Changes a database with the `sqlite3` tool (the test is skipped without it).
func sqliteWrite(_ database: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = CLI.sqlite3
    process.arguments = ["-batch", database, sql]
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
}

/// Every bundled scenario, shortened, with the duration that still shows its mechanism.
enum Bundled {
    static let files: [String] = {
        let fm = FileManager.default
        let root = CLI.packageRoot.appendingPathComponent("scenarios")
        var out: [String] = []
        for dir in ["", "attacks", "bridge", "bounds", "sweeps"] {
            let url = dir.isEmpty ? root : root.appendingPathComponent(dir)
            let names = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            out += names.map { dir.isEmpty ? $0 : dir + "/" + $0 }
        }
        return out
    }()

    /// Attacks start at 5–20 min (a start after the end is an error); bridge censors at 5 min and
    /// forced routes after 2 min; the 20,440-node trees are eager and heavy.
    static func duration(_ file: String) -> String {
        if file == "attacks/sybil-permissionless.yaml" { return "21m" }   // the withholding starts at 20 min
        if file.hasPrefix("attacks/") { return "11m" }
        if file.hasPrefix("bridge/") { return "6m" }
        if file == "wide.yaml" || file == "narrow.yaml" { return "20s" }
        return "2m"
    }
}

@Suite struct ReplayTests {
    @Test func bundledScenarioListIsComplete() {
        #expect(Bundled.files.count >= 15, "\(Bundled.files)")
        #expect(Bundled.files.contains("baseline.yaml") && Bundled.files.contains("attacks/withhold-l2.yaml"))
    }

    /// `replay --verify` re-runs a traced bundled scenario and finds it identical, event by event.
    @Test(arguments: Bundled.files)
    func verifyPassesForEveryBundledScenario(_ file: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let path = CLI.packageRoot.appendingPathComponent("scenarios/\(file)").path
        let db = sandbox.path("r.sqlite")
        let run = try sandbox.fractalsim(["run", path, "--trace", "--quiet", "--db", db,
                                          "--set", "duration=\(Bundled.duration(file))"], timeout: 600)
        // A shortened run may miss an expectation of the full one (exit 1); it is still recorded.
        #expect(run.status == 0 || run.status == 1, "\(run)")
        #expect(FileManager.default.fileExists(atPath: db), "\(run)")
        let replay = try sandbox.fractalsim(["replay", db, "--verify"], timeout: 600)
        #expect(replay.status == 0, "\(replay)")
        #expect(replay.stdout.contains("Verdict       IDENTICAL"), "\(replay)")
        #expect(replay.stdout.contains("events compared one by one: identical"), "\(replay)")
        #expect(replay.field("Trace digest")?.contains(run.digest ?? "no digest") == true, "\(run)\n\(replay)")
    }

    /// Altering the stored scenario makes the replay differ: exit 1, the first differing event named.
    @Test(.enabled(if: CLI.sqlite3 != nil, "the sqlite3 tool is not installed"))
    func alteredScenarioFails() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let db = sandbox.path("r.sqlite")
        #expect(try sandbox.fractalsim(["run", file, "--trace", "--quiet", "--db", db]).status == 0)
        try sqliteWrite(db, "UPDATE run SET scenario_text = replace(scenario_text, 'every: 15s', 'every: 14s')")
        let out = try sandbox.fractalsim(["replay", db, "--verify"])
        #expect(out.status == 1, "\(out)")
        #expect(out.stdout.contains("Scenario      DIFFERENT"), "\(out)")
        #expect(out.stdout.contains("FIRST DIFFERING EVENT #0 at "), "\(out)")
        #expect(out.stdout.contains("Verdict       MISMATCH"), "\(out)")
    }

    /// Altering one stored event (the digest still matches) is found and named with its index,
    /// time, kind and node.
    @Test(.enabled(if: CLI.sqlite3 != nil, "the sqlite3 tool is not installed"))
    func alteredTraceEventIsNamed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let db = sandbox.path("r.sqlite")
        #expect(try sandbox.fractalsim(["run", file, "--quiet", "--db", db, "--set", "metrics.trace=true"]).status == 0)
        let stored = try #require(try CLI.query(URL(fileURLWithPath: db), "SELECT time_us, kind, node FROM trace WHERE seq = 300"))
        try sqliteWrite(db, "UPDATE trace SET node = node + 1 WHERE seq = 300")
        let out = try sandbox.fractalsim(["replay", db])
        #expect(out.status == 1, "\(out)")
        #expect(out.field("Trace digest")?.hasSuffix("identical") == true, "\(out)")
        #expect(out.stdout.contains("FIRST DIFFERING EVENT #300 at "), "\(out)")
        let node = Int(stored.split(separator: "|")[2])!
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("stored   ") && $0.contains(" node \(node + 1) (") }, "\(out)")
        #expect(lines.contains { $0.contains("replayed ") && $0.contains(" node \(node) (") }, "\(out)")
    }

    /// Without a stored trace the digest and summary are still compared; a mismatch suggests --trace.
    @Test(.enabled(if: CLI.sqlite3 != nil, "the sqlite3 tool is not installed"))
    func untracedRunComparesDigestAndSummary() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let db = sandbox.path("r.sqlite")
        #expect(try sandbox.fractalsim(["run", file, "--quiet", "--db", db]).status == 0)
        #expect(try CLI.query(URL(fileURLWithPath: db), "SELECT count(*) FROM sqlite_master WHERE name = 'trace'") == "0")
        let same = try sandbox.fractalsim(["replay", db, "--verify"])
        #expect(same.status == 0 && same.stdout.contains("IDENTICAL"), "\(same)")
        #expect(same.stdout.contains("run with --trace"), "\(same)")
        try sqliteWrite(db, "UPDATE summary SET value = value + 1 WHERE name = 'finality.global.p50'")
        let altered = try sandbox.fractalsim(["replay", db, "--verify"])
        #expect(altered.status == 1, "\(altered)")
        #expect(altered.stdout.contains("1 of ") && altered.stdout.contains("finality.global.p50: stored"), "\(altered)")
    }

    /// Another program version is refused plainly; bad input exits 2.
    @Test(.enabled(if: CLI.sqlite3 != nil, "the sqlite3 tool is not installed"))
    func otherVersionAndBadInput() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        let db = sandbox.path("r.sqlite")
        #expect(try sandbox.fractalsim(["run", file, "--quiet", "--db", db]).status == 0)
        let wrongRun = try sandbox.fractalsim(["replay", db, "--run", "7"])
        #expect(wrongRun.status == 2 && wrongRun.stderr.contains("no run with id 7 (completed runs: 1)"), "\(wrongRun)")
        try sqliteWrite(db, "UPDATE run SET program_version = '0.0.1'")
        let old = try sandbox.fractalsim(["replay", db, "--verify"])
        #expect(old.status == 1, "\(old)")
        #expect(old.stderr.contains("was written by fractalsim 0.0.1; this is fractalsim"), "\(old)")
        let missing = try sandbox.fractalsim(["replay", sandbox.path("nothing.sqlite")])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"), "\(missing)")
        try sandbox.write("empty.sqlite", "")
        let empty = try sandbox.fractalsim(["replay", sandbox.path("empty.sqlite")])
        #expect(empty.status == 2, "\(empty)")
        try sqliteWrite(db, "UPDATE run SET completed = 0")
        let incomplete = try sandbox.fractalsim(["replay", db])
        #expect(incomplete.status == 2 && incomplete.stderr.contains("no completed run"), "\(incomplete)")
        let filterOnly = try sandbox.fractalsim(["replay", db, "--node", "3"])
        #expect(filterOnly.status == 2 && filterOnly.stderr.contains("add --timeline"), "\(filterOnly)")
    }
}
