import Foundation
import Metrics
import Scenarios

/// A figure of one point over its replicates.
public struct PointFigure: Sendable, Equatable {
    /// Summary figure name.
    public var name: String
    /// Its unit.
    public var unit: String
    /// Mean over the replicates that have a value; nil when none has.
    public var mean: Double?
    /// Sample standard deviation over those replicates; nil with fewer than two.
    public var spread: Double?
    /// Replicates with a value.
    public var count: Int

    /// A figure over replicates.
    public init(name: String, unit: String, mean: Double?, spread: Double?, count: Int) {
        self.name = name; self.unit = unit; self.mean = mean; self.spread = spread; self.count = count
    }
}

/// One row of a sweep's summary table: a point and its key figures over replicates.
public struct SweepPointSummary: Sendable, Equatable {
    /// 0-based point index.
    public var point: Int
    /// Axis values.
    public var values: [String]
    /// Completed runs of this point in the database.
    public var runs: Int
    /// Trace digests of those runs, by replicate.
    public var digests: [String]
    /// The figures asked for, in that order.
    public var figures: [PointFigure]
    /// Runs of this point whose `expect:` block failed.
    public var failedExpectations: Int

    /// The figure named `name`.
    public func figure(_ name: String) -> PointFigure? { figures.first { $0.name == name } }
}

/// The per-point summary of a sweep, read back from its database.
public enum SweepSummary {
    /// The key figures of the summary table: label and summary name.
    public static let keyFigures: [(label: String, name: String)] = [
        ("global p50", "finality.global.p50"), ("global p99", "finality.global.p99"), ("L1 p50", "finality.l1.p50"),
        ("L1 hashes max", "l1.retained.max"), ("storage max", "storage.max_bytes"),
        ("final tx/s", "throughput.final_tx_per_s"),
    ]

    /// Mean and spread per point of the figures `names`, over the completed runs of the points in `points` (all when nil).
    public static func points(path: String, names: [String], points: [Int]? = nil) throws -> [SweepPointSummary] {
        let runs = try SweepDatabase.readFigures(path: path, names: names)
        var byPoint: [[SweepRunFigures]] = []
        for run in runs where points?.contains(run.row.point) ?? true {
            if let last = byPoint.last?.last, last.row.point == run.row.point { byPoint[byPoint.count - 1].append(run) } else { byPoint.append([run]) }
        }
        return byPoint.map { group in
            let figures = names.map { name -> PointFigure in
                let found = group.compactMap { $0.figures.first { $0.name == name } }
                let values = found.compactMap(\.value)
                return PointFigure(name: name, unit: found.first?.unit ?? "", mean: mean(values), spread: spread(values),
                                   count: values.count)
            }
            return SweepPointSummary(point: group[0].row.point, values: group[0].row.values, runs: group.count,
                                     digests: group.map(\.traceDigest), figures: figures,
                                     failedExpectations: group.reduce(0) { $0 + $1.failedExpectations })
        }
    }

    /// Arithmetic mean; nil when empty.
    static func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }

    /// Sample standard deviation; nil with fewer than two values.
    static func spread(_ v: [Double]) -> Double? {
        guard v.count >= 2, let m = mean(v) else { return nil }
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }

    /// `mean ± sd` in the figure's unit (just the mean for one replicate; `n/a` without data).
    public static func cell(_ f: PointFigure) -> String {
        guard let m = f.mean else { return "n/a" }
        func show(_ x: Double) -> String {
            switch f.unit {
            case "count": return x == x.rounded() ? SummaryFormat.grouped(Int64(x)) : String(format: "%.1f", x)
            case "tx/s": return x >= 100 ? SummaryFormat.grouped(Int64(x.rounded())) : String(format: "%.3g", x)
            default: return SummaryFormat.value(x, unit: f.unit)
            }
        }
        guard let s = f.spread else { return show(m) }
        return show(m) + " ± " + (s == 0 ? "0" : show(s))
    }

    /// The summary table: one row per point, axis values then key figures (mean ± sample sd over replicates).
    public static func render(_ plan: SweepPlan, _ rows: [SweepPointSummary]) -> String {
        let header = ["point"] + plan.spec.axes.map(\.key) + ["runs"] + keyFigures.map(\.label)
        var table = [header]
        for r in rows {
            let cells = keyFigures.map { key in r.figure(key.name).map(cell) ?? "n/a" }
            table.append([String(r.point)] + r.values + ["\(r.runs)" + (r.failedExpectations > 0 ? " !" : "")] + cells)
        }
        let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        return table.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c <= plan.spec.axes.count ? row[c] + pad : pad + row[c]
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
