import Foundation
import Metrics

/// A unit to show values in: values are divided by `divisor` and the axis label gets `(name)`.
public struct PlotUnit: Sendable, Equatable {
    /// What a value is divided by.
    public var divisor: Double
    /// The unit's name (`s`, `min`, `h`, `KB`, `MB`…); empty for plain numbers.
    public var name: String

    /// A unit.
    public init(divisor: Double, name: String) { self.divisor = divisor; self.name = name }

    /// Plain numbers.
    public static let plain = PlotUnit(divisor: 1, name: "")

    /// Seconds shown as s, min or h, chosen by the largest value.
    public static func time(maxSeconds: Double) -> PlotUnit {
        if maxSeconds <= 180 { return PlotUnit(divisor: 1, name: "s") }
        if maxSeconds <= 3 * 3600 { return PlotUnit(divisor: 60, name: "min") }
        return PlotUnit(divisor: 3600, name: "h")
    }

    /// Bytes shown as B, KB, MB or GB (SI), chosen by the largest value.
    public static func bytes(max: Double) -> PlotUnit {
        if max >= 1e9 { return PlotUnit(divisor: 1e9, name: "GB") }
        if max >= 1e6 { return PlotUnit(divisor: 1e6, name: "MB") }
        if max >= 1e3 { return PlotUnit(divisor: 1e3, name: "KB") }
        return PlotUnit(divisor: 1, name: "B")
    }

    /// `label (unit)`, or the label alone for plain numbers.
    public func label(_ text: String) -> String { name.isEmpty ? text : "\(text) (\(name))" }
}

/// One axis of a plot: its label, unit, and optional fixed bounds (in displayed units).
public struct PlotAxis: Sendable {
    /// The label, without the unit.
    public var label: String
    /// The unit values are shown in.
    public var unit: PlotUnit = .plain
    /// A fixed lower bound (displayed units); nil: from the data (0 when the data are non-negative).
    public var min: Double?
    /// A fixed upper bound (displayed units); nil: from the data.
    public var max: Double?
    /// Ticks on integers only (depths, block numbers, counts).
    public var integer = false
    /// A logarithmic axis (base 10, ticks at powers of ten; values must be positive).
    public var log = false

    /// An axis.
    public init(label: String, unit: PlotUnit = .plain, min: Double? = nil, max: Double? = nil, integer: Bool = false,
                log: Bool = false) {
        self.label = label; self.unit = unit; self.min = min; self.max = max; self.integer = integer; self.log = log
    }

    /// Where a data value sits on the axis: value / divisor, or its log10 on a log axis.
    func position(_ v: Double) -> Double {
        let u = v / unit.divisor
        return log ? Foundation.log10(Swift.max(u, 1e-300)) : u
    }
}

/// Tick placement and number formatting for plot axes.
enum Ticks {
    /// About `target` round ticks covering [lo, hi] (steps 1, 2, 2.5 or 5 × 10^k), and the step.
    static func nice(_ lo: Double, _ hi: Double, target: Int = 6, integer: Bool = false) -> (ticks: [Double], step: Double) {
        let span = hi > lo ? hi - lo : Swift.max(abs(hi), 1)
        let raw = span / Double(Swift.max(target, 2))
        let magnitude = pow(10, floor(log10(raw)))
        var step = magnitude
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= raw {
            step = m * magnitude
            break
        }
        if integer { step = Swift.max(1, step.rounded(.up)) }
        let first = (lo / step).rounded(.up) * step
        var ticks: [Double] = []
        var k = 0
        while true {
            let t = first + Double(k) * step
            if t > hi + step * 1e-9 || ticks.count > 50 { break }
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            k += 1
        }
        return (ticks, step)
    }

    /// A tick label with as many decimals as the step needs.
    static func label(_ v: Double, step: Double) -> String {
        // The fewest decimals that write the step exactly (0.25 needs 2, 0.5 needs 1).
        let decimals = (0...6).first { d in
            let scaled = step * pow(10, Double(d))
            return abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled)
        } ?? 6
        if decimals == 0 {
            let r = v.rounded()
            return abs(r) >= 10_000 ? SummaryFormat.grouped(Int64(r)) : String(Int64(r))
        }
        return String(format: "%.\(decimals)f", v)
    }

    /// A coordinate with one decimal (what the SVG files hold).
    static func coordinate(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Escaping text for XML and HTML.
enum XML {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
