import Foundation
import Metrics
import Scenarios

/// The best candidate of a search as an ordinary scenario file: the resolved scenario of its first
/// replicate (every key explicit, the adversary's nodes as ids), with `expect:` stating what the
/// search measured, so that `fractalsim run FILE` reproduces the run (same figures, same digest).
public enum SearchScenarioFile {
    /// The first line of a written file; the second names the search's identity.
    public static let marker = "# Written by fractalsim search"

    /// Whether the existing file at `path` was written by the search `identity` (so may be replaced).
    public static func writtenBy(_ path: String, identity: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.hasPrefix(marker) && text.contains("# search identity \(identity)\n")
    }

    /// The file's text for `best` (run at its first replicate's seed), found by the search of `setup`.
    public static func render(_ best: SearchEvaluation, setup: SearchSetup, tried: Int) throws -> String {
        let spec = setup.spec
        guard let first = best.runs.first else { throw SearchRefusal(description: "the best candidate has no run (\(best.error ?? "none finished"))") }
        var scenario = try setup.scenario([best.override], first.seed)
        scenario.expectations = expectations(best, spec: spec)
        let objective = spec.objective
        let unit = ExpectationChecker.unit(of: objective.figure)
        let format = { (v: Double?) in v.map { SummaryFormat.value($0, unit: unit) } ?? "n/a" }
        var head = [
            marker + " \(ProgramVersion.current) from \(setup.base.path) (\(setup.base.name))",
            "# search identity \(setup.identity)",
            "# objective: \(SearchRunner.describe(objective)); \(spec.strategy.rawValue) search, \(tried) candidates tried",
            "# best candidate #\(best.index) (\(best.phase)): \(best.key)",
            "# \(objective.figure): mean \(format(best.objective)) over \(best.runs.count) replicate\(best.runs.count == 1 ? "" : "s")"
                + (best.runs.count > 1 ? " (" + best.runs.map { "seed \($0.seed): \(format($0.objective))" }.joined(separator: ", ") + ")" : ""),
            "# this file runs replicate 0: seed \(first.seed), \(objective.figure) \(format(first.objective)), trace digest \(first.traceDigest)",
        ]
        if !best.feasible { head.append("# NOTE: no candidate tried met subject_to; this is the closest one") }
        let body = ResolvedYAML.render(scenario).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !["sweep: ", "bounds: ", "search: "].contains { line.hasPrefix($0) } }
        return head.joined(separator: "\n") + "\n" + body.joined(separator: "\n")
    }

    /// What the run must show: the objective at least (maximise) or at most (minimise) its measured
    /// value, rounded outward, and the constraint as written.
    static func expectations(_ best: SearchEvaluation, spec: SearchSpec) -> [Expectation] {
        var out: [Expectation] = []
        let o = spec.objective
        if o.figure != SearchObjective.operatorsFigure, let v = best.runs.first?.objective {
            let up = o.direction == .minimize
            let bound = ((up ? (v * 1000).rounded(.up) : (v * 1000).rounded(.down)) / 1000)
            let text = (bound == bound.rounded() ? String(Int64(bound)) : String(format: "%.3f", bound)) + (ExpectationChecker.unit(of: o.figure) == "s" ? "s" : "")
            out.append(Expectation(path: o.figure, comparison: up ? .le : .ge, value: .number(bound),
                                   source: (up ? "<= " : ">= ") + text, line: 0))
        }
        if let c = o.constraint, best.feasible { out.append(c) }
        return out
    }
}
