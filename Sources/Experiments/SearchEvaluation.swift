import Metrics
import Scenarios

/// A candidate of a search, judged: its runs' objective and constraint figures and their means.
public struct SearchEvaluation: Sendable {
    /// 0-based, in the order the search tried candidates.
    public var index: Int
    /// The phase that proposed it: `exhaustive`, `random` or `local`.
    public var phase: String
    /// The candidate.
    public var candidate: SearchCandidate
    /// Its readable unique text.
    public var key: String
    /// Its `adversary=[…]` override.
    public var override: String
    /// Its operator count.
    public var operators: Int
    /// Its runs, by replicate.
    public var runs: [SearchRunRow]
    /// Why it could not run (a scenario error), or nil.
    public var error: String?
    /// Mean objective over the replicates that have a value (nil: none has).
    public var objective: Double?
    /// Mean constraint figure over the replicates that have a value.
    public var constraintValue: Double?
    /// Whether the constraint holds for the means (always without one; never for an error).
    public var feasible: Bool
    /// How far the constraint is from holding: 0 when feasible, +∞ without a value.
    public var violation: Double

    /// Judges `runs` of a candidate against `objective`.
    init(index: Int, phase: String, candidate: SearchCandidate, key: String, override: String, operators: Int,
         runs: [SearchRunRow], error: String?, objective spec: SearchObjective) {
        self.index = index; self.phase = phase; self.candidate = candidate; self.key = key
        self.override = override; self.operators = operators; self.runs = runs; self.error = error
        objective = SearchEvaluation.mean(runs.map(\.objective))
        constraintValue = SearchEvaluation.mean(runs.map(\.constraint))
        if error != nil {
            feasible = false
            violation = .infinity
        } else if let c = spec.constraint, case .number(let target) = c.value {
            if let v = constraintValue {
                feasible = ExpectationChecker.compare(v, c.comparison, target)
                violation = feasible ? 0 : max(abs(v - target), Double.ulpOfOne)
            } else {
                feasible = false
                violation = .infinity
            }
        } else {
            feasible = true
            violation = 0
        }
    }

    static func mean(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    }
}

/// The order of candidates from the adversary's point of view.
public enum SearchRanking {
    /// True when `a` is strictly better for the adversary than `b`: feasible before infeasible;
    /// among infeasible, closer to the constraint; then the objective (a missing value last).
    public static func better(_ a: SearchEvaluation, _ b: SearchEvaluation, _ objective: SearchObjective) -> Bool {
        if (a.error == nil) != (b.error == nil) { return a.error == nil }
        if a.feasible != b.feasible { return a.feasible }
        if !a.feasible, a.violation != b.violation { return a.violation < b.violation }
        switch (a.objective, b.objective) {
        case (nil, nil): return false
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return objective.direction == .maximize ? x > y : x < y
        }
    }

    /// `evaluations` best first; ties keep the order they were tried in.
    public static func ranked(_ evaluations: [SearchEvaluation], _ objective: SearchObjective) -> [SearchEvaluation] {
        evaluations.sorted { better($0, $1, objective) || (!better($1, $0, objective) && $0.index < $1.index) }
    }
}
