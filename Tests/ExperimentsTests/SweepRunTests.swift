import Experiments
import Foundation
import GRDB
import Metrics
import Scenarios
import Testing

/// Running sweeps: identical databases whatever --jobs, shards that merge into the unsharded sweep,
/// refused merges, and resuming.
@Suite struct SweepRunTests {
    static let block = "sweep:\n  tree.width: [2, 3]\n  tree.depth: [1, 2, 3]\n  replicates: 2\n"

    func plan(_ scratch: Scratch, _ block: String = SweepRunTests.block, overrides: [String] = []) throws -> SweepPlan {
        try SweepFiles.plan(try scratch.write("s.yaml", sweepScenario(block)), overrides: overrides)
    }

    @Test func jobsDoNotChangeTheDatabase() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)
        let one = try SweepRunner.execute(p, databasePath: scratch.path("j1.sqlite"), jobs: 1)
        let two = try SweepRunner.execute(p, databasePath: scratch.path("j2.sqlite"), jobs: 2)
        #expect(one.executed == 12 && two.executed == 12 && one.skipped == 0)
        let a = try dumpDatabase(scratch.path("j1.sqlite")), b = try dumpDatabase(scratch.path("j2.sqlite"))
        #expect(a["run"]?.count == 12 && a["sweep"]?.count == 12)
        #expect((a["finality"]?.count ?? 0) > 100 && (a["summary"]?.count ?? 0) > 12 * 30)
        #expect(firstDifference(a, b) == nil, "\(firstDifference(a, b) ?? "")")
        #expect(try SweepDatabase.resultsDigest(path: scratch.path("j1.sqlite"))
                == SweepDatabase.resultsDigest(path: scratch.path("j2.sqlite")))
        // The comparison can fail: another base seed changes the rows.
        let reseeded = try plan(scratch, overrides: ["seed=4"])
        _ = try SweepRunner.execute(reseeded, databasePath: scratch.path("seed4.sqlite"), jobs: 2)
        #expect(firstDifference(a, try dumpDatabase(scratch.path("seed4.sqlite"))) != nil)
        // Run ids follow run order, and each run is the point's scenario with the replicate's seed.
        let rows = try SweepDatabase.readRows(path: scratch.path("j2.sqlite"))
        #expect(rows.map(\.runID) == Array(1...12).map(Int64.init))
        #expect(rows.map(\.runIndex) == Array(0..<12))
        let runs = try ResultsDatabase.readRuns(path: scratch.path("j2.sqlite"))
        #expect(runs.map(\.record.overrides) == p.runs.map(\.scenario.overrides))
        #expect(runs.map(\.record.seed) == p.runs.map(\.seed))
        #expect(runs.map(\.record.scenarioDigest) == p.runs.map(\.scenario.digest))
    }

    @Test func shardsMergeIntoTheUnshardedSweep() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)
        _ = try SweepRunner.execute(p, databasePath: scratch.path("all.sqlite"), jobs: 2)
        for i in 1...3 {
            let out = try SweepRunner.execute(p, databasePath: scratch.path("part\(i).sqlite"), jobs: 1,
                                              shard: SweepShard(index: i, count: 3))
            #expect(out.executed == 4 && out.selected == p.runs(shard: i, of: 3).map(\.index))
        }
        // Shards given out of order make no difference.
        let report = try SweepDatabase.merge(inputs: ["part3", "part1", "part2"].map { scratch.path("\($0).sqlite") },
                                             output: scratch.path("merged.sqlite"))
        #expect(report.runs == 12 && report.missing.isEmpty && report.duplicates == 0)
        let all = try dumpDatabase(scratch.path("all.sqlite")), merged = try dumpDatabase(scratch.path("merged.sqlite"))
        #expect(merged["run"]?.count == 12)
        #expect(firstDifference(all, merged) == nil, "\(firstDifference(all, merged) ?? "")")
        #expect(try SweepDatabase.readInfo(path: scratch.path("merged.sqlite")) == SweepDatabase.readInfo(path: scratch.path("all.sqlite")))

        // Two of three shards: written, but the missing runs are reported; a resumed sweep completes it.
        let partial = try SweepDatabase.merge(inputs: [scratch.path("part1.sqlite"), scratch.path("part3.sqlite")],
                                              output: scratch.path("partial.sqlite"))
        #expect(partial.missing == [1, 4, 7, 10])
        let resumed = try SweepRunner.execute(p, databasePath: scratch.path("partial.sqlite"), jobs: 2)
        #expect(resumed.skipped == 8 && resumed.executed == 4)
        #expect(try SweepDatabase.resultsDigest(path: scratch.path("partial.sqlite"))
                == SweepDatabase.resultsDigest(path: scratch.path("all.sqlite")))
    }

    @Test func mismatchedShardsAreRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)
        _ = try SweepRunner.execute(p, databasePath: scratch.path("a.sqlite"), jobs: 1, shard: SweepShard(index: 1, count: 4))
        let other = try plan(scratch, overrides: ["duration=3m"])
        _ = try SweepRunner.execute(other, databasePath: scratch.path("b.sqlite"), jobs: 1, shard: SweepShard(index: 2, count: 4))
        #expect {
            try SweepDatabase.merge(inputs: [scratch.path("a.sqlite"), scratch.path("b.sqlite")], output: scratch.path("m.sqlite"))
        } throws: { error in
            "\(error)".contains("not shards of one sweep") && "\(error)".contains("identities")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("m.sqlite")), "nothing written")

        // A shard written by another program version.
        _ = try SweepRunner.execute(p, databasePath: scratch.path("c.sqlite"), jobs: 1, shard: SweepShard(index: 3, count: 4))
        let queue = try DatabaseQueue(path: scratch.path("c.sqlite"))
        try queue.write { try $0.execute(sql: "UPDATE sweep_info SET value = '0.0.9' WHERE key = 'program_version'") }
        try queue.close()
        #expect {
            try SweepDatabase.merge(inputs: [scratch.path("a.sqlite"), scratch.path("c.sqlite")], output: scratch.path("m.sqlite"))
        } throws: { error in
            "\(error)".contains("fractalsim 0.0.9")
        }

        // A single-run database is not a shard; a sweep refuses to write into another sweep's database.
        _ = try ScenarioRun.execute(p.base, databasePath: scratch.path("single.sqlite"))
        #expect(throws: SweepDatabaseError.notASweep(path: scratch.path("single.sqlite"))) {
            try SweepDatabase.merge(inputs: [scratch.path("a.sqlite"), scratch.path("single.sqlite")], output: scratch.path("m.sqlite"))
        }
        #expect { try SweepRunner.execute(other, databasePath: scratch.path("a.sqlite"), jobs: 1) } throws: { error in
            "\(error)".contains("holds another sweep")
        }
    }

    @Test func resumingSkipsCompleteRunsAndDropsIncompleteOnes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)
        let db = scratch.path("r.sqlite")
        _ = try SweepRunner.execute(p, databasePath: db, jobs: 2, shard: SweepShard(index: 1, count: 2))
        // Simulate an interrupted append: one run marked incomplete, one run without its sweep row.
        let queue = try DatabaseQueue(path: db)
        try queue.write { db in
            try db.execute(sql: "UPDATE run SET completed = 0 WHERE id = 2")
            try db.execute(sql: "DELETE FROM sweep WHERE run_id = 3")
        }
        try queue.close()
        #expect(try SweepDatabase.readRows(path: db).count == 4)
        let resumed = try SweepRunner.execute(p, databasePath: db, jobs: 2)
        #expect(resumed.skipped == 4 && resumed.executed == 8)
        let dump = try dumpDatabase(db)
        #expect(dump["run"]?.count == 12, "the leftovers were removed")
        #expect(try SweepDatabase.readRows(path: db).map(\.runIndex) == Array(0..<12))
        _ = try SweepRunner.execute(p, databasePath: scratch.path("fresh.sqlite"), jobs: 2)
        #expect(try SweepDatabase.resultsDigest(path: db) == SweepDatabase.resultsDigest(path: scratch.path("fresh.sqlite")))
        let again = try SweepRunner.execute(p, databasePath: db, jobs: 2)
        #expect(again.executed == 0 && again.skipped == 12)
    }

    @Test func summaryHasOneRowPerPointWithSpread() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)
        _ = try SweepRunner.execute(p, databasePath: scratch.path("s.sqlite"), jobs: 2)
        let rows = try SweepSummary.points(path: scratch.path("s.sqlite"), names: SweepSummary.keyFigures.map(\.name))
        #expect(rows.map(\.point) == Array(0..<6) && rows.allSatisfy { $0.runs == 2 })
        let storage = try #require(rows[5].figure("storage.max_bytes"))
        #expect(storage.count == 2 && storage.spread == 0, "storage does not depend on the seed")
        let p50 = try #require(rows[5].figure("finality.global.p50"))
        #expect(p50.mean != nil && (p50.spread ?? 0) > 0, "replicates differ")
        let table = SweepSummary.render(p, rows)
        #expect(table.split(separator: "\n").count == 7)
        #expect(table.contains("tree.width") && table.contains(" ± "))
    }

    /// A stopped shard counts the complete runs of its own slice, out of the slice (issue 20, item 9:
    /// an interrupted shard of 8 runs said "7 of 32 runs").
    @Test func aStoppedShardCountsItsOwnRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let p = try plan(scratch)   // 12 runs
        let db = scratch.path("p.sqlite")
        #expect(SweepRunner.completion(p, shard: SweepShard(index: 1, count: 2), databasePath: db)
                == "0 of the 6 runs of shard 1/2 (12 in the sweep)", "no database yet")
        // Runs 0, 4, 8 (shard 1/4) complete; then shard 1/2 (runs 0, 2, 4, 6, 8, 10) stops on its first new run.
        _ = try SweepRunner.execute(p, databasePath: db, jobs: 1, shard: SweepShard(index: 1, count: 4))
        #expect { try SweepRunner.execute(p, databasePath: db, jobs: 1, shard: SweepShard(index: 1, count: 2),
                                          guard: RunGuard(limits: ResourceLimits(maxEvents: 1))) } throws: { error in
            if case .eventLimit = error as? RunStop { return true } else { return false }
        }
        #expect(SweepRunner.completion(p, shard: SweepShard(index: 1, count: 2), databasePath: db)
                == "3 of the 6 runs of shard 1/2 (12 in the sweep)")
        #expect(SweepRunner.completion(p, shard: SweepShard(index: 2, count: 2), databasePath: db)
                == "0 of the 6 runs of shard 2/2 (12 in the sweep)", "runs of other shards do not count")
        #expect(SweepRunner.completion(p, shard: nil, databasePath: db) == "3 of 12 runs")
    }
}
