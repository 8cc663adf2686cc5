import Experiments
import Foundation
import GRDB
import Metrics
import Scenarios
import Testing

/// Attack-aware run reports: the fault and the tree's response are on the plots and in tables, the
/// CDFs end at the fraction reached, the tree and the timeline of a traced run are written.
@Suite struct AttackReportTests {
    /// One integer from the database.
    func count(_ path: String, _ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func text(_ dir: String, _ name: String) throws -> String { try String(contentsOfFile: dir + "/" + name, encoding: .utf8) }

    @Test func theAttackIsOnEveryTimePlotAndInTables() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try storyDatabase(scratch)
        let dir = scratch.path("out")
        let outcome = try ReportWriter.write(database: path, runID: nil, directory: dir)
        // Fault windows and responses on every plot over simulated time, and on nothing else.
        for name in ["acceptance.svg", "l1-retained.svg", "l1-progress.svg", "elections.svg"] {
            let svg = try text(dir, name)
            #expect(svg.contains("class=\"band\"") && svg.contains("node 1 withhold da"), "\(name): no fault window")
            #expect(svg.contains("class=\"marker\"") && svg.contains(">detected</text>"), "\(name): no detection mark")
            #expect(svg.contains("installed"), "\(name): no installation mark")
            #expect(svg.contains("simulated time (min)"), "\(name): another time unit")
        }
        let storage = try text(dir, "storage-by-depth.svg")
        #expect(!storage.contains("class=\"band\""))
        // Tables of what happened, with their CSVs.
        let page = try text(dir, "index.html")
        #expect(page.contains("<h2>What happened</h2>") && page.contains("<h3>Faults</h3>") && page.contains("<h3>Emergency elections</h3>"))
        #expect(page.contains("Times are in minutes throughout this report."))
        #expect(page.contains("<td>withhold_da</td>"))
        let elections = try count(path, "SELECT COUNT(*) FROM elections")
        let electionLines = try text(dir, "elections.csv").split(separator: "\n").count
        #expect(elections >= 1 && electionLines == elections + 1)
        // The CDF ends at the fraction that reached global finality (SQL), and says so.
        let tracked = try count(path, "SELECT COUNT(*) FROM finality WHERE kind = 'transaction'")
        let final = try count(path, "SELECT COUNT(*) FROM finality WHERE kind = 'transaction' AND global_final_s IS NOT NULL")
        #expect(final < tracked, "every tracked transaction became final: the check below would not tell")
        let cdf = try #require(outcome.figures.first { $0.file == "finality-cdf.svg" }).plot
        let global = try #require(cdf.series.first { $0.name == "global finality" })
        #expect(abs((global.points.last?.1 ?? 0) - Double(final) / Double(tracked)) < 1e-6)
        let percent = String(format: "%.1f", 100 * Double(final) / Double(tracked))
        #expect(cdf.subtitle.contains("global \(SummaryFormat.grouped(Int64(final))) (\(percent) %)"), "\(cdf.subtitle)")
        // The affected subtree against the rest; the tree coloured by role.
        #expect(outcome.files.contains("finality-affected.svg"))
        let tree = try text(dir, "tree.svg")
        #expect(tree.contains("node 1 (faulty: withhold da)") && tree.contains("fill=\"#d62728\""))
        let op = try count(path, "SELECT new_operator FROM elections ORDER BY id LIMIT 1")
        #expect(tree.contains("node \(op) (new operator: replaced node 1)"))
        #expect(tree.contains("(voter: entitled to vote against node 1)") && tree.contains("faulty (withhold da)"))
        // The traced run's timeline page, with its data and filters.
        let timeline = try text(dir, "timeline.html")
        #expect(timeline.contains("election 0 for faulty node 1 opens") && timeline.contains("document.body.dataset.ready = \"yes\""))
        #expect(page.contains("href=\"timeline.html\""))
    }

    @Test func anHonestRunHasNoMarksNorTables() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("h.yaml", storyScenario.components(separatedBy: "\n")
            .filter { !$0.contains("adversary") && !$0.contains("withhold_da") }.joined(separator: "\n"))
        let scenario = try ScenarioFiles.load(file)
        _ = try ScenarioRun.execute(scenario, databasePath: scratch.path("h.sqlite"))
        let dir = scratch.path("out")
        let outcome = try ReportWriter.write(database: scratch.path("h.sqlite"), runID: nil, directory: dir)
        #expect(!outcome.files.contains("finality-affected.svg") && !outcome.files.contains("faults.csv"))
        #expect(!outcome.files.contains("timeline.html"), "an untraced run has no timeline")
        #expect(outcome.files.contains("tree.svg"), "a 40-node tree is drawn whole")
        let progress = try text(dir, "l1-progress.svg"), page = try text(dir, "index.html")
        #expect(!progress.contains("class=\"marker\""))
        #expect(!page.contains("What happened"))
    }
}
