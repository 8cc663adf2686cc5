import Experiments
import Foundation
import GRDB
import Metrics
import Scenarios
import Testing

/// Sweep reports: the `sweep_points` view agrees with the per-point summary computed in Swift, and
/// the plotted numbers are the view's means.
@Suite struct SweepReportTests {
    static let block = "sweep:\n  tree.width: [2, 3]\n  tree.depth: [1, 2]\n  replicates: 2\n"

    /// Runs the small 2 × 2 × 2 sweep; returns the database path.
    func sweep(_ scratch: Scratch) throws -> String {
        let plan = try SweepFiles.plan(try scratch.write("s.yaml", sweepScenario(Self.block)))
        _ = try SweepRunner.execute(plan, databasePath: scratch.path("sweep.sqlite"), jobs: 2)
        return scratch.path("sweep.sqlite")
    }

    /// `figure` → point → (mean, sd, n) read from the database's own `sweep_points` view.
    func viewRows(_ path: String) throws -> [String: [Int: (Double?, Double?, Int)]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var out: [String: [Int: (Double?, Double?, Int)]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT point, figure, mean, sd, n FROM sweep_points") {
                out[row["figure"], default: [:]][row["point"]] = (row["mean"], row["sd"], row["n"])
            }
            return out
        }
    }

    @Test func viewMatchesTheSwiftSummary() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try sweep(scratch)
        let view = try viewRows(path)
        let names = ["nodes", "finality.global.p50", "finality.global.p99", "l1.retained.max", "storage.max_bytes"]
        let swift = try SweepSummary.points(path: path, names: names)
        #expect(swift.count == 4)
        for p in swift {
            for f in p.figures {
                let v = try #require(view[f.name]?[p.point], "\(f.name) point \(p.point) missing from sweep_points")
                #expect(v.2 == f.count)
                #expect(close(v.0, f.mean), "\(f.name) point \(p.point): view mean \(String(describing: v.0)), swift \(String(describing: f.mean))")
                #expect(close(v.1, f.spread), "\(f.name) point \(p.point): view sd \(String(describing: v.1)), swift \(String(describing: f.spread))")
            }
        }
        // Replicates differ, so some spread is not zero (the comparison above is not between zeros).
        #expect(swift.contains { ($0.figure("finality.global.p99")?.spread ?? 0) > 0 })
    }

    @Test func plottedNumbersAreTheSQLMeans() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try sweep(scratch)
        let view = try viewRows(path)
        let outcome = try SweepReportWriter.write(database: path, directory: scratch.path("report"), figure: nil)
        #expect(outcome.files.contains("index.html") && outcome.files.contains("report.ipynb")
                && outcome.files.contains("sweep_points.csv") && outcome.files.contains("sweep-heatmap.svg"))
        // N of each point, from the view.
        let n = view["nodes"] ?? [:]
        let byN = Dictionary(uniqueKeysWithValues: n.map { ($0.value.0 ?? -1, $0.key) })
        // Finality plots: path finality solid and global dashed when the runs have path finality, else global solid.
        let hasPath = view["finality.path.p99"]?.values.contains { $0.0 != nil } ?? false
        var checks: [(String, String, Bool)] = [("sweep-l1-hashes.svg", "l1.retained.max", false), ("sweep-storage.svg", "storage.max_bytes", false)]
        for q in ["p50", "p99"] {
            checks.append(("sweep-finality-\(q).svg", "finality.\(hasPath ? "path" : "global").\(q)", false))
            if hasPath { checks.append(("sweep-finality-\(q).svg", "finality.global.\(q)", true)) }
        }
        for (file, figure, dashed) in checks {
            let plot = try #require(outcome.figures.first { $0.file == file }, "\(file) not drawn").plot
            let series = plot.series.filter { $0.dashed == dashed }
            #expect(series.count == 2, "\(file): one line per width")
            var plotted = 0
            for s in series {
                for (x, y) in s.points {
                    let point = try #require(byN[x], "\(file): x = \(x) is no point's N")
                    #expect(close(y, view[figure]?[point]?.0), "\(file) point \(point): plotted \(y), SQL mean \(String(describing: view[figure]?[point]?.0))")
                    plotted += 1
                }
            }
            #expect(plotted == 4, "\(file) \(figure): \(plotted) points plotted")
            let svg = try String(contentsOfFile: scratch.path("report/" + file), encoding: .utf8)
            #expect(svg.contains("data-points=\"2\""))
        }
        // The per-point CSV holds the same means.
        let table = try String(contentsOfFile: scratch.path("report/sweep_table.csv"), encoding: .utf8).split(separator: "\n")
        let header = table[0].split(separator: ",").map(String.init)
        let col = try #require(header.firstIndex(of: "finality.global.p99"))
        for line in table.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(close(Double(cells[col]), view["finality.global.p99"]?[Int(cells[0]) ?? -1]?.0))
        }
        // The page names the grid; a run report from the sweep says which run it is.
        let page = try String(contentsOfFile: scratch.path("report/index.html"), encoding: .utf8)
        #expect(page.contains("4 points × 2 replicates; 8 of 8 runs complete"))
        let one = try ReportWriter.write(database: path, runID: 3, directory: scratch.path("run3"))
        let runPage = try String(contentsOfFile: one.directory + "/index.html", encoding: .utf8)
        #expect(runPage.contains("run 3 of the sweep small-sweep (8 runs): point 1, replicate 0, tree.width=2 tree.depth=2"))
    }

    @Test func unknownHeatmapFigureIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try sweep(scratch)
        #expect(throws: ReplayError.self) {
            try SweepReportWriter.write(database: path, directory: scratch.path("r"), figure: "finality.p98")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("r")))
    }

    func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }
}
