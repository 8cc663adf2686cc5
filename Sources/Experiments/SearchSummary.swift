import Metrics
import Scenarios

/// The text `fractalsim search` prints: what is searched, and the best candidates found.
public enum SearchSummary {
    /// What the search is: its space, objective, strategy and seeds.
    public static func header(_ setup: SearchSetup) -> String {
        let spec = setup.spec
        let space = SearchSpace(spec)
        let size = space.size < 1e15 ? SummaryFormat.grouped(Int64(space.size)) : String(format: "%.3g", space.size)
        var out = "FractalSim \(ProgramVersion.current) · search \(setup.base.name) (\(setup.base.path)) · identity \(setup.identity.prefix(16))\n"
        out += "Space         \(size) candidate\(space.size == 1 ? "" : "s"), each appending to the file's \(setup.fixedAdversary.count) adversary entr\(setup.fixedAdversary.count == 1 ? "y" : "ies"):\n"
        for (i, t) in spec.templates.enumerated() {
            out += "  [\(i)] " + template(t) + "\n"
        }
        out += "Objective     \(SearchRunner.describe(spec.objective)), on the mean of \(spec.replicates) replicate\(spec.replicates == 1 ? "" : "s") per candidate\n"
        switch spec.strategy {
        case .exhaustive: out += "Strategy      exhaustive: every candidate in order\n"
        case .random: out += "Strategy      random: \(spec.samples) distinct candidates drawn uniformly\n"
        case .local:
            out += "Strategy      local: \(spec.samples) random candidates, then hill climbing from the best (\(spec.neighbors) "
                + "neighbours per step: one operator moved, added or removed, one behaviour or value changed); budget \(spec.budget) runs\n"
        }
        let seeds = spec.seeds == .common ? "replicate r runs with seed + r (common random numbers across candidates)"
            : "replicate r runs with a hash of (seed, the candidate) + r"
        out += "Seeds         \(seeds); scenario seed \(setup.base.seed); search draws from seed \(spec.seed ?? setup.base.seed)\n"
        return out
    }

    /// One template in words: `withhold_da × 3 of 363 nodes; from one of [5m, 10m]`.
    static func template(_ t: SearchTemplate) -> String {
        let behaviors = t.behaviors.count == 1 ? t.behaviors[0] : "one of [" + t.behaviors.joined(separator: ", ") + "]"
        var parts: [String] = []
        if t.pool.isEmpty {
            parts.append("\(behaviors) (the L1)")
        } else {
            let k = t.operators.count == 1 ? "\(t.operators.lowerBound)" : "\(t.operators.lowerBound)…\(t.operators.upperBound)"
            parts.append(t.choosesFork ? "\(behaviors), the second fork shown to \(k) of \(t.pool.count) nodes"
                                       : "\(behaviors) × \(k) of \(t.pool.count) nodes")
        }
        for key in t.keys {
            parts.append(key.values.count == 1 ? "\(key.key) \(key.values[0])"
                                               : "\(key.key) one of [" + key.values.joined(separator: ", ") + "]")
        }
        return parts.joined(separator: "; ")
    }

    /// The best `top` candidates as a table.
    public static func table(_ outcome: SearchOutcome, _ spec: SearchSpec, top: Int) -> String {
        let o = spec.objective
        let unit = ExpectationChecker.unit(of: o.figure)
        let cUnit = o.constraint.map { ExpectationChecker.unit(of: $0.path) } ?? ""
        let value = { (v: Double?, u: String) in v.map { SummaryFormat.value($0, unit: u) } ?? "n/a" }
        var rows: [[String]] = [["rank", "#", "phase", o.figure] + (o.constraint.map { [$0.path, "meets"] } ?? []) + ["adversary"]]
        for (r, e) in outcome.ranked.prefix(top).enumerated() {
            var row = ["\(r + 1)", "\(e.index)", e.phase, e.error == nil ? value(e.objective, unit) : "error"]
            if o.constraint != nil { row += [value(e.constraintValue, cUnit), e.feasible ? "yes" : "no"] }
            row.append(e.key)
            rows.append(row)
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in
                c == row.count - 1 ? row[c] : (c < 2 ? String(repeating: " ", count: widths[c] - row[c].count) + row[c]
                                                     : row[c] + String(repeating: " ", count: widths[c] - row[c].count))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
