import Metrics
import ValidiumModel

/// The summary's section on operator classes (`classes:`).
extension SummaryFormat {
    /// Per class its members and the validiums below them, then the rest: nodes, transactions'
    /// L1 inclusion and global finality (p50, p99), storage per node, rounds per node.
    static func renderClasses(_ r: RunResults, into out: inout String) {
        func line(_ s: String = "") { out += s + "\n" }
        func cell(_ x: Double?) -> String { x.map(seconds) ?? "n/a" }
        line("Classes (transactions by where they start: members of a class, validiums below them, the rest)")
        line("  " + pad("group", 22, right: false) + ["nodes", "L1 p50", "L1 p99", "global p50", "global p99", "stored/node", "rounds/node"].map { pad($0, 12) }.joined())
        for c in ClassSummary.rows(r) {
            let label = c.group == "rest" ? "rest" : c.group == "members" ? c.name : "below \(c.name)"
            line("  " + pad(label, 22, right: false)
                 + [grouped(Int64(c.nodes)), cell(c.l1P50), cell(c.l1P99), cell(c.globalP50), cell(c.globalP99),
                    c.storageMean.map(bytes) ?? "n/a", c.roundsMean.map { String(format: "%.1f", $0) } ?? "n/a"].map { pad($0, 12) }.joined())
        }
        line()
    }
}
