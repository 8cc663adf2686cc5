import Foundation
import Metrics

/// What every time plot of a run report marks: fault windows (shaded) and the moments the tree
/// responded — detections, majorities, installations, L1 operator elections, finality resumed.
struct RunMarks: Sendable {
    /// Fault windows.
    var bands: [PlotBand] = []
    /// Moments.
    var markers: [PlotMarker] = []

    /// At most this many markers of one kind (a run with many faults gets a readable plot; the tables list all).
    static let perKind = 4

    /// The marks of a run from its tables (`tables` as loaded by the report); `end` the run's end (s).
    init(_ tables: [String: QueryTable], end: Double) {
        if let t = tables[AttackQueries.faults.name] {
            let node = t.numbers("node"), behavior = t.strings("behavior"), from = t.numbers("from_s"), until = t.numbers("until_s")
            let detected = t.numbers("detected_s")
            for r in t.rows.indices {
                guard let f = from[r] else { continue }
                if bands.count < RunMarks.perKind {
                    bands.append(PlotBand(x0: f, x1: until[r] ?? end,
                                          label: "node \(Int(node[r] ?? -1)) \(behavior[r] ?? "")".replacingOccurrences(of: "_", with: " ")))
                }
                if let d = detected[r], markers.filter({ $0.color == 3 }).count < RunMarks.perKind {
                    markers.append(PlotMarker(x: d, label: "detected", color: 3))
                }
            }
        }
        if let t = tables[AttackQueries.elections.name] {
            let majority = t.numbers("majority_s"), installed = t.numbers("installed_s"), op = t.numbers("new_operator")
            for r in t.rows.indices.prefix(RunMarks.perKind) {
                if let m = majority[r], m != installed[r] { markers.append(PlotMarker(x: m, label: "majority", color: 4)) }
                if let i = installed[r] {
                    markers.append(PlotMarker(x: i, label: "node \(Int(op[r] ?? -1)) installed" + (majority[r] == i ? " (majority)" : ""),
                                              color: 2))
                }
            }
        }
        if let t = tables[AttackQueries.l1Elections.name] {
            let majority = t.numbers("majority_s"), first = t.numbers("first_final_s"), op = t.numbers("new_operator")
            for r in t.rows.indices.prefix(RunMarks.perKind) {
                if let m = majority[r] { markers.append(PlotMarker(x: m, label: "L1 operator \(Int(op[r] ?? -1)) elected", color: 2)) }
                if let f = first[r] { markers.append(PlotMarker(x: f, label: "L1 finality resumed", color: 9)) }
            }
        }
    }

    /// Puts the marks on a plot whose x axis is simulated time.
    func apply(_ p: inout SVGPlot) {
        p.bands = bands
        p.markers = markers
    }

    /// A Python literal of the marks for the notebook's `mark(ax, divisor)`.
    var python: String {
        let b = bands.map { "(\($0.x0), \($0.x1), \(NotebookCells.literal($0.label)))" }.joined(separator: ", ")
        let m = markers.map { "(\($0.x), \(NotebookCells.literal($0.label)), \"C\($0.color)\")" }.joined(separator: ", ")
        return """
            # Fault windows (shaded) and the tree's responses (dotted lines) on every time plot, in seconds.
            BANDS = [\(b)]
            MARKERS = [\(m)]


            def mark(ax, divisor):
                for x0, x1, label in BANDS:
                    ax.axvspan(x0 / divisor, x1 / divisor, color="C3", alpha=0.08)
                    ax.text(x0 / divisor, 0.02, " " + label, transform=ax.get_xaxis_transform(), color="C3", fontsize=8)
                for x, label, color in MARKERS:
                    ax.axvline(x / divisor, color=color, ls=":", lw=1.2)
                    ax.text(x / divisor, 0.98, label + " ", transform=ax.get_xaxis_transform(), rotation=90, ha="right",
                            va="top", color=color, fontsize=8)
            """
    }
}
