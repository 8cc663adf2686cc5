import Foundation
import Metrics
import Scenarios

/// What one `bounds` invocation found.
public struct BoundsOutcome: Sendable {
    /// The metric checked.
    public var metric: BoundsMetric
    /// The thresholds used.
    public var thresholds: BoundsThresholds
    /// The sweep over N behind it.
    public var sweep: SweepOutcome
    /// Per point: N and the metric's figures.
    public var points: [SweepPointSummary]
    /// One fit and verdict per figure of the metric.
    public var series: [BoundsSeries]

    /// True when every series grows as predicted.
    public var passed: Bool { series.allSatisfy(\.passed) }
}

/// `bounds`: sweep N, fit the metric against log N, √N and N, judge.
public enum BoundsCheck {
    /// Runs (or resumes) the sweep of `plan` into `databasePath`, then fits `metric`.
    public static func run(_ plan: SweepPlan, metric: BoundsMetric, thresholds: BoundsThresholds, databasePath: String,
                           jobs: Int, progress: ((Int, Int) -> Void)? = nil) throws -> BoundsOutcome {
        let sweep = try SweepRunner.execute(plan, databasePath: databasePath, jobs: jobs, progress: progress)
        let points = try SweepSummary.points(path: databasePath, names: ["nodes"] + metric.figures)
        let input = points.map { p in (n: p.figure("nodes")?.mean ?? .nan, figures: p.figures) }
        let series = Bounds.analyse(metric: metric, points: input, thresholds: thresholds)
        return BoundsOutcome(metric: metric, thresholds: thresholds, sweep: sweep, points: points, series: series)
    }

    /// `%.4g` with a sign.
    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + String(format: "%.4g", x) }

    /// The report: the measured table, each fit with coefficients, R² and residuals, and the verdict.
    public static func render(_ o: BoundsOutcome) -> String {
        let plan = o.sweep.plan
        let axis = plan.spec.axes[0]
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        let g = o.metric.predicted
        line("Bounds \(o.metric.rawValue) · \(plan.base.name) (\(plan.base.path)) · N by \(axis.key) [\(axis.values.joined(separator: ", "))] "
             + "· \(plan.spec.replicates) replicate\(plan.spec.replicates == 1 ? "" : "s") (seeds: \(plan.spec.seeds.rawValue))")
        line("Runs          \(plan.runs.count) in \(o.sweep.databasePath) (\(o.sweep.executed) run now, \(o.sweep.skipped) already there)")
        let growthRule = o.metric == .throughput
            ? "growth ≥ [g(N max)/g(N min)] / (1 + \(o.thresholds.slack)) with g = N/ln N"
            : "growth ≤ (1 + \(o.thresholds.slack)) · ln(N max)/ln(N min)"
        if g == .constant {
            line("Pass when     flat, O(1): the largest mean over N is at most (1 + \(o.thresholds.slack)) × the smallest (fits shown for information)")
        } else {
            line("Pass when     \(g.rawValue) fits best (highest R²), its R² ≥ \(o.thresholds.minRSquared), and \(growthRule); log = natural log")
        }
        line()
        let names = o.metric.figures
        var table = [["N", axis.key] + names]
        for p in o.points {
            table.append([SummaryFormat.grouped(Int64(p.figure("nodes")?.mean ?? 0)), p.values[0]]
                         + names.map { n in p.figure(n).map(SweepSummary.cell) ?? "n/a" })
        }
        let widths = table[0].indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
            line("  " + row.indices.map { String(repeating: " ", count: widths[$0] - row[$0].count) + row[$0] }.joined(separator: "   "))
        }
        for s in o.series {
            line()
            line("\(s.figure)\(s.unit.isEmpty ? "" : " (\(s.unit))") = a + b·f(N)")
            line("  " + ["f(N)", "a", "b", "R²"].enumerated().map { pad($0.element, $0.offset == 0 ? 9 : 14, left: $0.offset == 0) }.joined())
            for f in s.fits {
                line("  " + pad(f.model.rawValue, 9, left: true) + pad(String(format: "%.6g", f.intercept), 14)
                     + pad(String(format: "%.6g", f.slope), 14) + pad(String(format: "%.5f", f.rSquared), 14)
                     + (f.model == s.best ? "   best" : ""))
            }
            for f in s.fits {
                let residuals = zip(s.n, f.residuals).map { "\(SummaryFormat.grouped(Int64($0.0))): \(signed($0.1))" }
                line("  residuals \(pad(f.model.rawValue, 8, left: true)) " + residuals.joined(separator: " · "))
            }
            line(String(format: "  growth ×%.3f %@ N = %@ to %@; %@ allows ×%.3f", s.growth, g == .constant ? "(largest/smallest) over" : "from",
                        SummaryFormat.grouped(Int64(s.n.first ?? 0)), SummaryFormat.grouped(Int64(s.n.last ?? 0)),
                        g == .constant ? "O(1)" : g.rawValue, s.allowedGrowth))
            line(s.passed ? "  PASS" : "  FAIL: " + s.failures.joined(separator: "; "))
        }
        line()
        let range = "N = \(SummaryFormat.grouped(Int64(o.series.first?.n.first ?? 0))) … \(SummaryFormat.grouped(Int64(o.series.first?.n.last ?? 0)))"
        if o.passed {
            line("Verdict       PASS: \(names.joined(separator: " and ")) grow\(names.count == 1 ? "s" : "") as O(\(g.rawValue)) over \(range)"
                 + (g == .constant ? " (flat)" : ""))
        } else {
            let failed = o.series.filter { !$0.passed }.map(\.figure)
            line("Verdict       FAIL: \(failed.joined(separator: " and ")) do\(failed.count == 1 ? "es" : "") not grow as O(\(g.rawValue)) over \(range)")
        }
        return out
    }

    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return left ? s + fill : fill + s
    }
}
