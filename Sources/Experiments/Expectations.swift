import Metrics
import Scenarios
import ValidiumModel
import SimCore

/// Checks a scenario's `expect:` block against the summary figures of its run.
public enum ExpectationChecker {
    /// Names of every summary figure this version produces (what `expect:` may name).
    public static let knownFigures: [String] = knownUnits.map(\.name)

    /// Every summary figure with its unit, in summary order.
    public static let knownUnits: [(name: String, unit: String)] = {
        var config = ModelConfig(tree: TreeConfig(shape: .complete(width: 1, depth: 1)), duration: Time.second)
        config.workload.bridge = BridgeConfig(rate: 1)   // so that the bridge figures are listed too
        config.provers = ProverMarketConfig(pool: [ProverGroup(count: 1)])   // and the prover market's
        let empty = RunResults(config: config, seed: 0, simulatedEnd: 0, events: 0, traceDigest: "",
                               nodes: [], items: [], samples: [], acceptance: [], blocks: [], counters: RunCounters())
        return SummaryBuilder.figures(empty, wallSeconds: 0, peakRSSBytes: 0).map { ($0.name, $0.unit) }
    }()

    /// The unit of figure `name` ("" when unknown or unitless).
    public static func unit(of name: String) -> String { knownUnits.first { $0.name == name }?.unit ?? "" }

    /// Evaluates every expectation; a figure without a value fails its expectation.
    public static func evaluate(_ expectations: [Expectation], figures: [SummaryFigure]) -> [ExpectationOutcome] {
        expectations.map { e in
            let expected = "<>=!".contains(e.source.first ?? " ") ? e.source : "== " + e.source
            guard let f = figures.first(where: { $0.name == e.path }) else {
                return ExpectationOutcome(path: e.path, expected: expected, actual: "missing", held: false)
            }
            let actual = f.value.map { SummaryFormat.value($0, unit: f.unit) } ?? f.text ?? "n/a"
            let held: Bool
            switch e.value {
            case .number(let target):
                guard let v = f.value else { held = false; break }
                held = compare(v, e.comparison, target)
            case .text(let target):
                let v = f.text ?? f.value.map { String($0) } ?? ""
                switch e.comparison {
                case .eq: held = v == target
                case .ne: held = v != target
                default: held = false
                }
            }
            return ExpectationOutcome(path: e.path, expected: expected, actual: actual, held: held)
        }
    }

    static func compare(_ a: Double, _ op: Comparison, _ b: Double) -> Bool {
        switch op {
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .eq: return a == b
        case .ne: return a != b
        }
    }
}
