import Foundation
import GRDB
@testable import Metrics
import SimCore
import Testing
import ValidiumModel

/// Writes the fixture run to `path`.
func writeFixture(_ path: String, name: String = "fixture", results: RunResults = Fixture.results,
                  seed: UInt64 = 7) throws -> [SummaryFigure] {
    let figures = SummaryBuilder.figures(results, wallSeconds: 4, peakRSSBytes: 50_000_000)
    let expectations = [
        ExpectationOutcome(path: "finality.global.p99", expected: "< 5m", actual: "30s", held: true),
        ExpectationOutcome(path: "finality.l1.missing", expected: "0", actual: "4", held: false),
    ]
    try ResultsDatabase.write(path: path, record: Fixture.record(name: name, seed: seed), results: results,
                              figures: figures, expectations: expectations)
    return figures
}

/// Runs `body` on a read-only connection to `path`.
func inspect<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
    var config = Configuration()
    config.readonly = true
    return try DatabaseQueue(path: path, configuration: config).read(body)
}

@Suite struct ResultsDatabaseTests {
    @Test func writeProducesEveryTable() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/nested/deeper/run.sqlite"
        let figures = try writeFixture(path)
        let r = Fixture.results
        let counts = try inspect(path) { db in
            try Schema.tableNames.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! }
        }
        let expected = [1, r.nodes.count, r.items.count, r.samples.count, r.acceptance.count, r.blocks.count,
                        SummaryBuilder.storageByDepth(r).count, SummaryBuilder.finalityByDepth(r).count,
                        figures.count, 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2, 1, 3, 1, 2]
        #expect(counts == expected)
        #expect(counts.allSatisfy { $0 > 0 })

        try inspect(path) { db in
            #expect(try Int.fetchOne(db, sql: "SELECT completed FROM run") == 1)
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == Schema.version)
            #expect(try String.fetchOne(db, sql: "SELECT overrides FROM run")
                == #"["tree.width=4","network.bandwidth=unlimited"]"#)
            #expect(try String.fetchOne(db, sql: "SELECT trace_digest FROM run") == r.traceDigest)
            #expect(try Int.fetchOne(db, sql: "SELECT simulated_end_us FROM run") == 100_000_000)
            // NULL marks "not reached", never a sentinel.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finality WHERE global_final_s IS NULL") == 10 + 5)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finality WHERE l1_block IS NULL") == 4 + 5)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blocks WHERE final_s IS NULL") == 2)
            #expect(try Double.fetchOne(db, sql: "SELECT fraction FROM acceptance WHERE block = 1") == 0.8)
            #expect(try Double.fetchOne(db, sql: """
                SELECT p99_s FROM finality_by_depth WHERE kind = 'l1' AND item_kind = 'transaction' AND depth = 1
                """) == 20)
            #expect(try Double.fetchOne(db, sql: "SELECT bytes_mean FROM storage WHERE depth = 2") == 6000)
            #expect(try Double.fetchAll(db, sql: "SELECT latency_s FROM proof_jobs ORDER BY job") == [1, 3])
            #expect(try Double.fetchAll(db, sql: "SELECT reward_share FROM provers ORDER BY id") == [0.75, 0.25])
            #expect(try Int.fetchAll(db, sql: "SELECT held FROM expectations ORDER BY position") == [1, 0])
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
            #expect(indexes.contains("finality_kind_depth") && indexes.contains("samples_t"))
        }
    }

    @Test func readSummaryRoundTrips() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.sqlite"
        var r = Fixture.results
        r.items = []  // some "n/a" figures too
        let figures = try writeFixture(path, results: r)
        #expect(figures.contains { $0.text == "n/a" })
        #expect(try ResultsDatabase.readSummary(path: path) == figures)
        #expect(try ResultsDatabase.readSummary(path: path, runID: 1) == figures)
        #expect(throws: ResultsDatabaseError.runNotFound(path: path, id: 2)) {
            try ResultsDatabase.readSummary(path: path, runID: 2)
        }
    }

    @Test func noPartialFileIsLeftBehind() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try writeFixture(dir + "/run.sqlite")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.sqlite"])
    }

    @Test func writingOverAnExistingDatabaseReplacesIt() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.sqlite"
        _ = try writeFixture(path, name: "first")
        // A stale journal of the old file must not be replayed into the new one.
        try Data("not a journal".utf8).write(to: URL(fileURLWithPath: path + "-journal"))
        var r = Fixture.results
        r.items = Array(r.items.prefix(3))
        _ = try writeFixture(path, name: "second", results: r, seed: UInt64.max)
        let runs = try ResultsDatabase.readRuns(path: path)
        #expect(runs.count == 1)
        #expect(runs.first?.record == Fixture.record(name: "second", seed: UInt64.max))
        #expect(runs.first?.completed == true)
        #expect(runs.first?.events == 2000 && runs.first?.simulatedEnd == 100 * Time.second)
        #expect(try inspect(path) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM finality") } == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["run.sqlite"])
    }

    @Test func failedWriteLeavesNothing() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The destination is a directory: the rename fails after the file was complete.
        let path = dir + "/taken"
        try FileManager.default.createDirectory(atPath: path + "/x", withIntermediateDirectories: true)
        #expect(throws: (any Error).self) { _ = try writeFixture(path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"])
    }

    @Test func incompleteRunsAreNotRead() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/run.sqlite"
        _ = try writeFixture(path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE run SET completed = 0") }
        #expect(throws: ResultsDatabaseError.noCompletedRun(path: path)) {
            try ResultsDatabase.readSummary(path: path)
        }
        #expect(try ResultsDatabase.readRuns(path: path).map(\.completed) == [false])
    }

    @Test func appendAddsRunsToOneDatabase() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sweep.sqlite"
        let r = Fixture.results
        let f1 = SummaryBuilder.figures(r, wallSeconds: 1, peakRSSBytes: 1)
        let f2 = SummaryBuilder.figures(r, wallSeconds: 2, peakRSSBytes: 2)
        let id1 = try ResultsDatabase.append(path: path, record: Fixture.record(seed: 1), results: r,
                                             figures: f1, expectations: [])
        let id2 = try ResultsDatabase.append(path: path, record: Fixture.record(seed: 2), results: r,
                                             figures: f2, expectations: [])
        #expect(id1 == 1 && id2 == 2)
        #expect(try ResultsDatabase.readSummary(path: path, runID: 2) == f2)
        #expect(try ResultsDatabase.readRuns(path: path).map(\.record.seed) == [1, 2])
        #expect(try inspect(path) { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM finality") } == 2 * r.items.count)
    }

    @Test func hundredThousandFinalityRowsAreAllWritten() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var r = Fixture.results
        r.items = (0..<100_000).map { k in
            var item = TrackedItem(kind: k % 4 == 0 ? .update : .transaction, origin: Int32(1 + k % 4),
                                   depth: Int16(1 + k % 2), created: SimTime(k) * 1000)
            item.l1Included = item.created + SimTime(k % 997) * 10_000
            item.globalFinal = k % 10 == 0 ? -1 : item.l1Included + 30_000_000
            return item
        }
        _ = try writeFixture(dir + "/big.sqlite", results: r)
        #expect(try inspect(dir + "/big.sqlite") { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM finality") }
            == 100_000)
    }
}

@Suite struct ResultsDatabaseReadErrorTests {
    @Test func aDatabaseWithoutRunsHasNoSummary() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/empty.sqlite"
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE other (x)") }
        #expect(throws: ResultsDatabaseError.noCompletedRun(path: path)) { try ResultsDatabase.readSummary(path: path) }
        #expect(throws: ResultsDatabaseError.runNotFound(path: path, id: 3)) {
            try ResultsDatabase.readSummary(path: path, runID: 3)
        }
    }
}
