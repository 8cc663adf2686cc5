import Foundation
import Metrics

/// The "What happened" section of a run report: one HTML table per attack dataset with rows.
enum ReportTables {
    /// The section; `_s` columns are shown in the report's time unit.
    static func section(_ tables: [(ReportTableSpec, QueryTable)], unit: PlotUnit, files: [String]) -> String {
        let e = XML.escape
        var o = "<h2>What happened</h2>\n"
        for (spec, t) in tables {
            var shown = t
            if let k = shown.index(of: "run_id") {
                shown.columns.remove(at: k)
                shown.rows = shown.rows.map { var r = $0; r.remove(at: k); return r }
            }
            shown.columns = shown.columns.map { $0.hasSuffix("_s") ? String($0.dropLast(2)) + " (\(unit.name))" : $0 }
            let timeColumns = Set(shown.columns.filter { $0.hasSuffix(" (\(unit.name))") })
            let csv = spec.dataset.name + ".csv"
            o += "<h3>\(e(spec.heading))</h3>\n<p class=\"note\">\(e(spec.caption))"
                + (files.contains(csv) ? " Data: <a href=\"\(e(csv))\">\(e(csv))</a>." : "") + "</p>\n"
            o += ReportPage.table(shown, limit: 30) { column, v in
                guard let x = v.number else { return v.string ?? "" }
                if timeColumns.contains(column) { return String(format: unit.divisor == 1 ? "%.3f" : "%.2f", x / unit.divisor) }
                if case .real = v { return ReportPage.number(x) }
                return v.string ?? ""
            }
        }
        return o
    }
}
