import Foundation
import Metrics
import SimCore
import ValidiumModel

/// Rendering replays: times with sub-second precision and the `replay --verify` report.
public enum ReplayFormat {
    /// A simulated time in the scenario's units, precise to the millisecond: `850ms`, `3.250s`,
    /// `29m 03.250s`, `1h 02m 03.250s` (what `--from` and `--until` accept back).
    public static func time(_ t: SimTime) -> String {
        let negative = t < 0
        let us = Int(t.magnitude)
        let ms = (us + 500) / 1000
        let h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, frac = ms % 1000
        let body: String
        if h > 0 {
            body = String(format: "%dh %02dm %02d.%03ds", h, m, s, frac)
        } else if m > 0 {
            body = String(format: "%dm %02d.%03ds", m, s, frac)
        } else if s > 0 {
            body = String(format: "%d.%03ds", s, frac)
        } else {
            body = us % 1000 == 0 || us >= 1000 ? "\(ms)ms" : "\(us)us"
        }
        return (negative ? "-" : "") + body
    }

    /// A time given on the command line: a sum of `<number><unit>` terms (`29m`, `1h 30m`,
    /// `29m 03.250s`, `500ms`, `90s`) or `N blocks` with the scenario's block time.
    public static func parseTime(_ text: String, blockTime: SimTime) -> SimTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("blocks") || trimmed.hasSuffix("block") {
            let number = trimmed.replacingOccurrences(of: "blocks", with: "").replacingOccurrences(of: "block", with: "")
            guard let n = Double(number.trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
            return SimTime((n * Double(blockTime)).rounded())
        }
        let units: [(String, Double)] = [("us", 1), ("ms", 1e3), ("s", 1e6), ("m", 60e6), ("h", 3600e6)]
        var total = 0.0
        var rest = Substring(trimmed.replacingOccurrences(of: " ", with: ""))
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            guard let factor = units.first(where: { $0.0 == unit })?.1 else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * factor
        }
        return SimTime(total.rounded())
    }

    /// One trace event in full: `zkpDelivered node 4 (arg 17, aux 0, phase 0) at 1m 03.250s`.
    public static func event(_ e: TraceEvent) -> String {
        "\(e.kindName) node \(e.node) (arg \(e.arg), aux \(e.aux), phase \(e.phase)) at \(time(e.time))"
    }

    /// The `replay --verify` report, ending with the verdict line.
    public static func render(_ v: ReplayVerdict, path: String) -> String {
        var out = ""
        func line(_ label: String, _ text: String) {
            out += label.padding(toLength: 14, withPad: " ", startingAt: 0) + text + "\n"
        }
        let r = v.run.record
        let overrides = r.overrides.isEmpty ? "" : " · " + r.overrides.map { "--set \($0)" }.joined(separator: " ")
        out += "FractalSim \(ProgramVersion.current) · replay of run \(v.run.id) in \(path) · \(r.name) (\(r.scenarioPath)) "
            + "· seed \(r.seed)\(overrides)\n"
        line("Scenario", v.scenarioMatches ? "re-created from the stored text: same canonical scenario (\(short(r.scenarioDigest)))"
             : "DIFFERENT: the stored text now gives scenario \(short(v.scenario.digest)), the run had \(short(r.scenarioDigest))")
        line("Trace digest", "stored \(v.run.traceDigest) · replayed \(v.replayedDigest): "
             + (v.digestMatches ? "identical" : "DIFFERENT"))
        line("Events", "stored \(SummaryFormat.grouped(Int64(v.run.events))) · replayed "
             + "\(SummaryFormat.grouped(Int64(v.replayedEvents)))" + (v.run.events == v.replayedEvents ? "" : ": DIFFERENT"))
        if v.storedTraceEvents == 0 {
            line("Stored trace", "none (run with --trace to compare event by event and name the first differing event)")
        } else if let d = v.firstDifference {
            line("Stored trace", "\(SummaryFormat.grouped(Int64(v.storedTraceEvents))) events; FIRST DIFFERING EVENT "
                 + "#\(d.index) at \(time((d.stored ?? d.replayed)!.time)):")
            line("", "stored   " + (d.stored.map(event) ?? "nothing (the stored trace ends here)"))
            line("", "replayed " + (d.replayed.map(event) ?? "nothing (the replay ends here)"))
        } else {
            line("Stored trace", "\(SummaryFormat.grouped(Int64(v.storedTraceEvents))) events compared one by one: identical")
        }
        if v.figureDifferences.isEmpty {
            line("Summary", "\(v.figuresCompared) figures compared (the run.* wall-clock figures aside): identical")
        } else {
            line("Summary", "\(v.figureDifferences.count) of \(v.figuresCompared) figures DIFFER:")
            for d in v.figureDifferences.prefix(12) { line("", d) }
            if v.figureDifferences.count > 12 { line("", "… and \(v.figureDifferences.count - 12) more") }
        }
        line("Wall", String(format: "%.2f s to re-run the simulation", v.wallSeconds))
        if v.identical {
            line("Verdict", "IDENTICAL: the replay reproduces the stored run (same trace digest and summary"
                 + (v.storedTraceEvents > 0 ? ", same events" : "") + ")")
        } else {
            var why: [String] = []
            if !v.digestMatches { why.append("trace digest") }
            if v.run.events != v.replayedEvents { why.append("event count") }
            if v.firstDifference != nil { why.append("stored trace") }
            if !v.figureDifferences.isEmpty { why.append("summary") }
            line("Verdict", "MISMATCH (" + why.joined(separator: ", ") + "): the database does not hold the run this "
                 + "scenario, seed and program version produce")
        }
        return out
    }

    /// The first 12 hex digits of a digest.
    static func short(_ digest: String) -> String { String(digest.prefix(12)) }
}
