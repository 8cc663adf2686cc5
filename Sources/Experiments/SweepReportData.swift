import Foundation
import Metrics

/// One point of a sweep as its report shows it: axis values and each figure over the replicates.
public struct SweepReportPoint: Sendable {
    /// 0-based point.
    public var point: Int
    /// Axis values, in axis order (as `--set` text).
    public var values: [String]
    /// Completed runs of the point.
    public var runs: Int
    /// Figures by name: mean, sd and count over the replicates (the `sweep_points` row).
    public var figures: [String: PointFigure]

    /// The mean of `name` (nil when no replicate has it).
    public func mean(_ name: String) -> Double? { figures[name]?.mean }
}

/// What a sweep report reads: the sweep's info and its `sweep_points` rows, grouped by point.
public struct SweepReportData: Sendable {
    /// The sweep.
    public var info: SweepInfo
    /// The `sweep_points` rows as the view returns them.
    public var table: QueryTable
    /// The points, in point order.
    public var points: [SweepReportPoint]
    /// Figure names in summary order.
    public var figureNames: [String]

    /// Reads the sweep database at `path`.
    public static func read(path: String) throws -> SweepReportData {
        guard let info = try SweepDatabase.readInfo(path: path) else { throw SweepDatabaseError.notASweep(path: path) }
        var table = try SweepDatabase.readPoints(path: path)
        // Wall-clock figures aside (as in run reports): a report depends only on the runs' scenarios, seeds and version.
        if let k = table.index(of: "figure") {
            table.rows = table.rows.filter { row in
                let name = row[k].string ?? ""
                return !name.hasPrefix("run.") || name == "run.events"
            }
        }
        return SweepReportData(info: info, table: table)
    }

    /// Groups `table` by point.
    init(info: SweepInfo, table: QueryTable) {
        self.info = info
        self.table = table
        let point = table.numbers("point"), figure = table.strings("figure"), unit = table.strings("unit")
        let runs = table.numbers("runs"), n = table.numbers("n"), mean = table.numbers("mean"), sd = table.numbers("sd")
        let axisIndexes = info.axes.map { a in table.columns.firstIndex(of: SweepDatabase.columnName(a)) }
        var points: [SweepReportPoint] = []
        var names: [String] = []
        for r in table.rows.indices {
            let p = Int(point[r] ?? -1)
            if points.last?.point != p {
                let values = axisIndexes.map { k in k.flatMap { table.rows[r][$0].string } ?? "" }
                points.append(SweepReportPoint(point: p, values: values, runs: Int(runs[r] ?? 0), figures: [:]))
            }
            let name = figure[r] ?? ""
            if points.count == 1 { names.append(name) } else if !names.contains(name) { names.append(name) }
            points[points.count - 1].figures[name] = PointFigure(name: name, unit: unit[r] ?? "", mean: mean[r],
                                                                 spread: sd[r], count: Int(n[r] ?? 0))
        }
        self.points = points
        self.figureNames = names
    }

    /// The unit of figure `name` ("" when unknown).
    public func unit(_ name: String) -> String {
        points.lazy.compactMap { $0.figures[name]?.unit }.first ?? ""
    }

    /// Whether some point has a value of `name`.
    public func has(_ name: String) -> Bool { points.contains { $0.mean(name) != nil } }

    /// The axis whose values name the lines of a plot against N: `tree.width` when swept, else the
    /// first axis that does not set the size (nil: one line).
    public var lineAxis: Int? {
        if let k = info.axes.firstIndex(of: "tree.width") { return k }
        return info.axes.firstIndex { $0 != "tree.depth" && $0 != "tree.nodes" }
    }

    /// Whether the points span more than one tree size (else plots use the first axis as x).
    public var sizeVaries: Bool { Set(points.compactMap { $0.mean("nodes") }).count > 1 }

    /// The two axes of the heatmap: width × depth when both are swept, else the first two; nil with fewer.
    public var heatmapAxes: (x: Int, y: Int)? {
        if let w = info.axes.firstIndex(of: "tree.width"), let d = info.axes.firstIndex(of: "tree.depth") { return (w, d) }
        return info.axes.count >= 2 ? (0, 1) : nil
    }

    /// The figure a heatmap shows by default: path p99 when the runs have it, else global p99.
    public var defaultHeatmapFigure: String {
        has("finality.path.p99") ? "finality.path.p99" : "finality.global.p99"
    }

    /// Key figures of the per-point table, those present.
    public var keyFigures: [String] {
        ["nodes", "finality.path.p50", "finality.path.p99", "finality.global.p50", "finality.global.p99", "finality.l1.p50",
         "l1.retained.max", "storage.max_bytes", "throughput.final_tx_per_s"].filter(has)
    }

    /// The per-point table: point, axes, runs, then mean and sd of each key figure.
    public var wideTable: QueryTable {
        var columns = ["point"] + info.axes + ["runs"]
        for f in keyFigures { columns += [f, f + ".sd"] }
        let rows = points.map { p -> [QueryValue] in
            var row: [QueryValue] = [.integer(Int64(p.point))] + p.values.map { .text($0) } + [.integer(Int64(p.runs))]
            for f in keyFigures {
                let x = p.figures[f]
                row += [x?.mean.map(QueryValue.real) ?? .null, x?.spread.map(QueryValue.real) ?? .null]
            }
            return row
        }
        return QueryTable(columns: columns, rows: rows)
    }
}
