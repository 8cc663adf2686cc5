import Foundation
import Metrics

/// One summary figure of two runs side by side.
public struct CompareRow: Sendable, Equatable {
    /// Summary figure name.
    public var name: String
    /// Its unit.
    public var unit: String
    /// Run A's value (nil: none, or a text figure).
    public var a: Double?
    /// Run B's value.
    public var b: Double?
    /// Text figures (`l1.safety`…), A and B.
    public var textA: String?
    public var textB: String?

    /// B − A.
    public var difference: Double? { a.flatMap { a in b.map { $0 - a } } }
    /// B / A (nil when A is 0).
    public var ratio: Double? { a.flatMap { a in a == 0 ? nil : b.map { $0 / a } } }
    /// Whether the two runs differ on this figure.
    public var differs: Bool { a != b || textA != textB }
}

/// A `--fail-if` condition: `FIGURE OP VALUE`, VALUE a ratio (`1.1x`), a change in percent
/// (`+10%`) or a difference B − A in the figure's unit (`30`).
public struct CompareCondition: Sendable, Equatable {
    /// How VALUE compares B to A.
    public enum Measure: Sendable, Equatable { case ratio, percent, difference }
    /// The figure as written.
    public var figure: String
    /// `>`, `>=`, `<` or `<=`.
    public var op: String
    /// The threshold.
    public var value: Double
    /// What it compares.
    public var measure: Measure
    /// The text as given.
    public var text: String

    /// Parses `finality.p99 > 1.1x`; the message says what is wrong.
    public static func parse(_ text: String) throws(ReplayError) -> CompareCondition {
        let pattern = #"^\s*([A-Za-z0-9_.:-]+)\s*(>=|<=|>|<)\s*([+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(x|%)?\s*$"#
        let regex = try! NSRegularExpression(pattern: pattern)
        guard let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
            throw .badInput("--fail-if '\(text)': expected FIGURE OP VALUE, OP one of > >= < <=, VALUE a ratio B/A "
                            + "such as 1.1x, a change such as +10%, or a difference B − A such as 30 (in the figure's unit)")
        }
        func group(_ k: Int) -> String? { Range(m.range(at: k), in: text).map { String(text[$0]) } }
        let suffix = group(4)
        return CompareCondition(figure: group(1)!, op: group(2)!, value: Double(group(3)!)!,
                                measure: suffix == "x" ? .ratio : suffix == "%" ? .percent : .difference, text: text)
    }

    /// The figure this condition reads among `rows`: its name, else `finality.X` as path finality
    /// (`finality.path.X`) when the runs have it, else as global finality.
    public func resolve(_ rows: [CompareRow]) -> CompareRow? {
        if let r = rows.first(where: { $0.name == figure }) { return r }
        let parts = figure.split(separator: ".")
        guard parts.count == 2, parts[0] == "finality" else { return nil }
        for kind in ["path", "global"] {
            if let r = rows.first(where: { $0.name == "finality.\(kind).\(parts[1])" && ($0.a != nil || $0.b != nil) }) { return r }
        }
        return nil
    }

    /// Whether the condition holds (the comparison fails); nil with the reason when it cannot be evaluated.
    public func holds(_ r: CompareRow) -> (Bool?, String) {
        let measured: Double?
        switch measure {
        case .ratio: measured = r.ratio
        case .percent: measured = r.ratio.map { ($0 - 1) * 100 }
        case .difference: measured = r.difference
        }
        guard let v = measured, v.isFinite else {
            return (nil, r.a == nil || r.b == nil ? "\(r.name) has no value in run \(r.a == nil ? "A" : "B")"
                            : "\(r.name) is 0 in run A: no ratio")
        }
        let held: Bool
        switch op {
        case ">": held = v > value
        case ">=": held = v >= value
        case "<": held = v < value
        default: held = v <= value
        }
        let shown = measure == .ratio ? String(format: "%.4gx", v) : measure == .percent ? String(format: "%+.3g%%", v)
            : String(format: "%+.6g", v) + (r.unit.isEmpty || r.unit == "count" ? "" : " " + r.unit)
        return (held, "\(r.name): B/A = \(r.ratio.map { String(format: "%.4g", $0) } ?? "n/a"), measured \(shown)")
    }
}

/// Reading two runs' summaries into rows.
public enum Compare {
    /// The summary figures of `runA` of `a` and `runB` of `b`, in A's order then B's extra ones, wall-clock figures aside.
    public static func rows(a: String, runA: Int64, b: String, runB: Int64) throws -> [CompareRow] {
        let sql = ReportQueries.summary.sql
        let ta = try ResultsDatabase.query(path: a, sql: sql, arguments: ["run": runA])
        let tb = try ResultsDatabase.query(path: b, sql: sql, arguments: ["run": runB])
        func map(_ t: QueryTable) -> [(String, String, Double?, String?)] {
            let n = t.strings("name"), u = t.strings("unit"), v = t.numbers("value"), x = t.strings("text")
            return t.rows.indices.map { (n[$0] ?? "", u[$0] ?? "", v[$0], x[$0]) }
        }
        let ra = map(ta), rb = map(tb)
        var rows = ra.map { x in CompareRow(name: x.0, unit: x.1, a: x.2, b: nil, textA: x.3, textB: nil) }
        for y in rb {
            if let k = rows.firstIndex(where: { $0.name == y.0 }) { rows[k].b = y.2; rows[k].textB = y.3 }
            else { rows.append(CompareRow(name: y.0, unit: y.1, a: nil, b: y.2, textA: nil, textB: y.3)) }
        }
        return rows
    }
}
