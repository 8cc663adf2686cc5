import Experiments
import Foundation
import GRDB
import Metrics
import Scenarios
import Testing

/// A small run with every kind of story: an L2 withholds data (alarms, votes, an election) and
/// messages cross the tree, some by forced routing (bots half available).
let storyScenario = """
    name: story
    seed: 7
    duration: 4m
    tree: { shape: complete, width: 3, depth: 3 }
    update: { every: 15s }
    da: { timeout: 30s }
    workload:
      tx_rate: 1/s
      bridge: { rate: 30/h, force_after: 5 blocks, bots: { count: 2, availability: 0.5 } }
    adversary:
      - { nodes: { ids: [1] }, behavior: withhold_da, from: 1m, until: end }
    metrics: { sample_every: 20s }

    """

/// Runs `storyScenario` (traced unless `trace` is false) into `scratch/name`; returns the path.
func storyDatabase(_ scratch: Scratch, _ name: String = "story.sqlite", trace: Bool = true) throws -> String {
    let file = try scratch.write("story.yaml", storyScenario)
    let scenario = try ScenarioFiles.load(file, overrides: trace ? ["metrics.trace=true"] : [])
    let path = scratch.path(name)
    _ = try ScenarioRun.execute(scenario, databasePath: path)
    return path
}

/// Runs one SQL statement on a database (to alter it).
func alter(_ path: String, _ sql: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: sql) }
    try queue.close()
}

@Suite struct ReplayVerifyTests {
    @Test func tracedRunReplaysIdenticallyAndAlterationsAreNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try storyDatabase(scratch)
        let good = try ReplayVerifier.verify(path: path, runID: nil)
        #expect(good.identical, "\(ReplayFormat.render(good, path: path))")
        #expect(good.storedTraceEvents == Int(good.run.events) && good.storedTraceEvents > 1000)
        #expect(good.scenarioMatches && good.figuresCompared > 50)

        // One event altered: the digest still matches the stored one, the event comparison does not.
        let copy = scratch.path("altered.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try alter(copy, "UPDATE trace SET aux = aux + 5 WHERE seq = 1000")
        let altered = try ReplayVerifier.verify(path: copy, runID: nil)
        #expect(!altered.identical && altered.digestMatches)
        #expect(altered.firstDifference?.index == 1000)
        #expect(altered.firstDifference?.stored?.aux == (altered.firstDifference?.replayed?.aux ?? 0) + 5)
        let text = ReplayFormat.render(altered, path: copy)
        #expect(text.contains("FIRST DIFFERING EVENT #1000 at ") && text.contains("MISMATCH (stored trace)"), "\(text)")

        // One event deleted: found at its position.
        try alter(copy, "UPDATE trace SET aux = aux - 5 WHERE seq = 1000; DELETE FROM trace WHERE seq = 50")
        #expect(try ReplayVerifier.verify(path: copy, runID: nil).firstDifference?.index == 50)

        // The stored scenario altered: a different run, named from its first event on.
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try alter(copy, "UPDATE run SET scenario_text = replace(scenario_text, 'seed: 7', 'seed: 8')")
        try alter(copy, "UPDATE run SET seed = 8")
        let reseeded = try ReplayVerifier.verify(path: copy, runID: nil)
        #expect(!reseeded.identical && !reseeded.digestMatches && reseeded.firstDifference != nil)
        #expect(!reseeded.figureDifferences.isEmpty)
    }

    @Test func timeFormatRoundTrips() {
        for t: Int64 in [0, 999, 1_000, 850_000, 3_250_000, 63_250_000, 29 * 60_000_000 + 3_250_000, 3_723_250_000] {
            #expect(ReplayFormat.parseTime(ReplayFormat.time(t), blockTime: 12_000_000) == t, "\(ReplayFormat.time(t))")
        }
        #expect(ReplayFormat.time(29 * 60_000_000 + 3_250_000) == "29m 03.250s")
        #expect(ReplayFormat.parseTime("29m", blockTime: 1) == Int64(29 * 60_000_000))
        #expect(ReplayFormat.parseTime("1h 30m", blockTime: 1) == Int64(90 * 60_000_000))
        #expect(ReplayFormat.parseTime("10 blocks", blockTime: 12_000_000) == Int64(120_000_000))
        #expect(ReplayFormat.parseTime("soon", blockTime: 1) == nil && ReplayFormat.parseTime("5", blockTime: 1) == nil)
    }
}

@Suite struct TimelineTests {
    @Test func filtersByNodeKindAndWindow() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try storyDatabase(scratch)
        let all = try Timeline.build(path: path, runID: nil, options: TimelineOptions(limit: 0))
        #expect(all.traced && all.omitted == 0 && all.lines.count > 500)
        for category in ["updates", "faults", "alarms", "votes", "elections", "forced", "blocks"] {
            #expect(all.lines.contains { $0.contains("  \(category) ") }, "no \(category) line")
        }
        #expect(all.lines.contains { $0.contains("node 1: starts to misbehave: withhold_da") })
        #expect(all.lines.contains { $0.contains("FAILED") } && all.lines.contains { $0.contains("installed as the new operator") })

        let leaf = try Timeline.build(path: path, runID: nil,
                                      options: TimelineOptions(node: 20, fromText: "1m", untilText: "1m 30s", limit: 0))
        #expect(!leaf.lines.isEmpty && leaf.lines.allSatisfy { $0.contains("node 20") }, "\(leaf.text)")
        let times = leaf.lines.compactMap { ReplayFormat.parseTime(String($0.prefix(16)), blockTime: 1) }
        #expect(times.count == leaf.lines.count && times == times.sorted())
        #expect(times.allSatisfy { $0 >= 60_000_000 && $0 <= 90_000_000 })

        let votes = try Timeline.build(path: path, runID: nil, options: TimelineOptions(kinds: ["votes"], limit: 3))
        #expect(votes.lines.count == 3 && votes.omitted > 0 && votes.lines.allSatisfy { $0.contains("  votes ") })
        #expect(votes.text.contains("more lines: raise --limit"))

        let subtree = try Timeline.build(path: path, runID: nil, options: TimelineOptions(subtree: 2, kinds: ["roundStart"], limit: 0))
        #expect(!subtree.lines.isEmpty && !subtree.lines.contains { $0.contains("node 1:") || $0.contains("node 3:") })

        #expect(throws: ReplayError.self) { try Timeline.build(path: path, runID: nil, options: TimelineOptions(kinds: ["nope"])) }
        #expect(throws: ReplayError.self) { try Timeline.build(path: path, runID: nil, options: TimelineOptions(node: 999)) }
    }

    @Test func withoutTraceOnlyTablesAndAHint() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try storyDatabase(scratch, trace: false)
        let story = try Timeline.build(path: path, runID: nil, options: TimelineOptions())
        #expect(!story.traced && story.text.contains("No stored trace") && story.text.contains("--trace"))
        #expect(story.lines.contains { $0.contains("election 0 for faulty node 1 opens") }, "\(story.text)")
    }
}
