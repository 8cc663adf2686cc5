import ArgumentParser
import Experiments
import Foundation

/// `fractalsim compare A B`: two runs side by side (summary figures with difference and ratio,
/// overlaid plots), and `--fail-if` conditions for CI.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs: every summary figure with B − A and B / A, overlaid plots (SVG, notebook, HTML).",
        discussion: """
            Writes index.html, compare_summary.csv, the finality CDFs, by-depth curves and L1 progress of both runs \
            overlaid (A solid, B dashed) and a notebook into --out (default notebooks-export/compare-<A>-<B>), and \
            prints the figures that differ. --fail-if 'FIGURE OP VALUE' (OP one of > >= < <=) exits 1 when it holds: \
            VALUE 1.1x compares the ratio B / A, +10% the change in percent, a plain number the difference B − A in \
            the figure's unit. `finality.p99` reads finality.path.p99 when the runs have path finality, else \
            finality.global.p99. Repeat --fail-if for several conditions; one that cannot be evaluated (a missing \
            value, a ratio to 0) fails too. Exit 0 otherwise, 2 on bad input.
            """)

    @Argument(help: "The results database of run A (the reference).")
    var a: String

    @Argument(help: "The results database of run B (default: A, to compare two runs of one database with --run).")
    var b: String?

    @Option(name: .customLong("run"), help: "Run ids: once for both databases, or twice (A then B). Default: the first completed run.")
    var runs: [Int64] = []

    @Option(help: "Output directory (default notebooks-export/compare-<A name>-<B name>).")
    var out: String?

    @Option(name: .customLong("fail-if"), help: "A condition such as 'finality.p99 > 1.1x'; exit 1 when it holds.")
    var failIf: [String] = []

    @Flag(help: "Print every figure, not only those that differ.")
    var all = false

    func run() throws {
        let conditions: [CompareCondition]
        let outcome: CompareOutcome
        do throws(ReplayError) {
            guard runs.count <= 2 else { throw .badInput("--run: give at most two run ids (A then B), not \(runs.count)") }
            conditions = try failIf.map { c throws(ReplayError) in try CompareCondition.parse(c) }
            let pathB = b ?? a
            if b == nil && runs.count < 2 { throw .badInput("compare needs two runs: give B's database, or two --run ids of \(a)") }
            // Unknown figures are bad input, found before anything is written.
            let rows: [CompareRow]
            do {
                let ia = try ReportWriter.info(database: a, runID: runs.first), ib = try ReportWriter.info(database: pathB, runID: runs.last)
                rows = try Compare.rows(a: a, runA: ia.runID, b: pathB, runB: ib.runID)
            } catch let e as ReplayError { throw e } catch { throw .badInput("cannot read the runs to compare: \(error)") }
            for c in conditions where c.resolve(rows) == nil {
                let stem = c.figure.split(separator: ".").first.map(String.init) ?? c.figure
                let near = rows.map(\.name).filter { $0.hasPrefix(stem) }.prefix(8)
                throw .badInput("--fail-if '\(c.text)': no summary figure \(c.figure)"
                                + (near.isEmpty ? "" : "; figures of that family: " + near.joined(separator: ", ")))
            }
            outcome = try CompareWriter.write(a: a, runA: runs.first, b: pathB, runB: runs.last, directory: out)
        } catch {
            throw CommandFailure(code: error.exitCode, message: error.description)
        }
        let (ia, ib) = (outcome.runs[0], outcome.runs[1])
        print("A             \(ia.databaseName) run \(ia.runID): \(ia.name), seed \(ia.seed), digest \(ia.traceDigest)")
        print("B             \(ib.databaseName) run \(ib.runID): \(ib.name), seed \(ib.seed), digest \(ib.traceDigest)")
        let shown = outcome.rows.filter { all || $0.differs }
        let width = max(24, (shown.map(\.name.count).max() ?? 0) + 2)
        print("")
        print("figure".padding(toLength: width, withPad: " ", startingAt: 0) + pad("A") + pad("B") + pad("B − A") + pad("B / A", 10))
        for r in shown {
            func show(_ v: Double?, _ t: String?) -> String { v.map { SummaryFormat.value($0, unit: r.unit) } ?? t ?? "n/a" }
            let diff = r.difference.map { ($0 > 0 ? "+" : $0 < 0 ? "−" : "") + SummaryFormat.value(abs($0), unit: r.unit) } ?? ""
            print(r.name.padding(toLength: width, withPad: " ", startingAt: 0) + pad(show(r.a, r.textA)) + pad(show(r.b, r.textB))
                  + pad(diff) + pad(r.ratio.map { String(format: "%.3g×", $0) } ?? "", 10))
        }
        print("(\(outcome.rows.count - outcome.rows.filter(\.differs).count) of \(outcome.rows.count) figures equal\(all ? "" : ", not shown"))")
        print("")
        print("Report        \(outcome.directory)/index.html")
        var failed = false
        for c in conditions {
            let row = c.resolve(outcome.rows)!
            let (held, detail) = c.holds(row)
            let verdict = held == nil ? "FAIL (cannot evaluate)" : held! ? "FAIL" : "ok"
            print("fail-if       \(c.text): \(verdict): \(detail)")
            if held != false { failed = true }
        }
        if failed { throw CommandFailure(code: 1, message: nil) }
    }

    /// Right-aligned in `width` columns.
    func pad(_ s: String, _ width: Int = 14) -> String { String(repeating: " ", count: max(1, width - s.count)) + s }
}
