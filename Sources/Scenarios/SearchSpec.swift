/// The parsed `search:` block (docs/search.md): what a bounded adversary may do, what it tries to
/// achieve, and how `fractalsim search` looks for its worst placement.
public struct SearchSpec: Sendable, Equatable {
    /// Adversary templates; each candidate appends one adversary entry per template to the file's
    /// own `adversary:` list (which stays as a fixed background).
    public var templates: [SearchTemplate]
    /// What is maximised or minimised, and under which constraint.
    public var objective: SearchObjective
    /// How candidates are chosen.
    public var strategy: SearchStrategy
    /// `samples`: candidates drawn by `random`, and the candidates `local` starts from.
    public var samples: Int
    /// `budget`: the most runs (candidates × replicates, samples included) of a `local` search.
    public var budget: Int
    /// `neighbors`: neighbours of the current candidate tried per step of a `local` search.
    public var neighbors: Int
    /// `max_candidates`: the largest space `exhaustive` accepts.
    public var maxCandidates: Int
    /// Runs per candidate (≥ 1): a candidate is judged on the mean of its replicates.
    public var replicates: Int
    /// How replicate seeds derive from the scenario's seed (as in sweeps).
    public var seeds: SweepSeedRule
    /// `search.seed`: the seed of the draws of `random` and `local` (nil: the scenario's seed).
    public var seed: UInt64?

    /// A spec with the defaults of every optional key.
    public init(templates: [SearchTemplate], objective: SearchObjective, strategy: SearchStrategy = .local,
                samples: Int = 16, budget: Int = 64, neighbors: Int = 8, maxCandidates: Int = 10_000,
                replicates: Int = 1, seeds: SweepSeedRule = .common, seed: UInt64? = nil) {
        self.templates = templates
        self.objective = objective
        self.strategy = strategy
        self.samples = samples
        self.budget = budget
        self.neighbors = neighbors
        self.maxCandidates = maxCandidates
        self.replicates = replicates
        self.seeds = seeds
        self.seed = seed
    }
}

/// How `fractalsim search` chooses candidates.
public enum SearchStrategy: String, Sendable, Equatable, CaseIterable {
    /// Every candidate of the space, in order (refused past `max_candidates`).
    case exhaustive
    /// `samples` distinct candidates drawn uniformly.
    case random
    /// `samples` random candidates, then hill climbing from the best of them, one move at a time
    /// (one operator moved, added or removed, one behaviour or value changed), within `budget` runs.
    case local
}

/// One adversary template of `search.adversary`: a behaviour, how many operators and where.
public struct SearchTemplate: Sendable, Equatable {
    /// The behaviours it may take (`behavior:` a word, or `{ one_of: [...] }`), as keywords.
    public var behaviors: [String]
    /// The nodes its operators may sit on (its `nodes:` selector resolved on the tree), ascending.
    /// Empty for an L1 fault (equivocate, reorg) without `nodes:`.
    public var pool: [Int32]
    /// How many operators (`operators: 3` or `{ min: 1, max: 4 }`); 0…0 for an L1 fault without `nodes:`.
    public var operators: ClosedRange<Int>
    /// Every other key of the entry (from, until, factor, forge, split, …), fixed or searched.
    public var keys: [SearchKey]
    /// With `behavior: equivocate`, the chosen nodes are the ones shown the second fork
    /// (`shown_to: [{ ids: rest of the pool }, { ids: chosen }]`); otherwise they are the entry's nodes.
    public var choosesFork: Bool

    /// A template from its parts.
    public init(behaviors: [String], pool: [Int32], operators: ClosedRange<Int>, keys: [SearchKey] = [],
                choosesFork: Bool = false) {
        self.behaviors = behaviors
        self.pool = pool
        self.operators = operators
        self.keys = keys
        self.choosesFork = choosesFork
    }
}

/// One key of an adversary template: a fixed value or `{ one_of: [...] }`, each value as flow YAML text.
public struct SearchKey: Sendable, Equatable {
    /// The entry key (`from`, `until`, `split`, …).
    public var key: String
    /// Its values in file order, each as `--set` value text; one value means fixed.
    public var values: [String]

    /// A key and its values.
    public init(key: String, values: [String]) { self.key = key; self.values = values }
}

/// Whether the objective is made large or small.
public enum SearchDirection: String, Sendable, Equatable {
    /// The adversary wants the figure large.
    case maximize
    /// The adversary wants the figure small (`operators`: the smallest coalition).
    case minimize
}

/// What the adversary aims for: a summary figure (or `operators`) and an optional constraint.
public struct SearchObjective: Sendable, Equatable {
    /// The pseudo-figure counting a candidate's operators (over every template with `nodes:`).
    public static let operatorsFigure = "operators"
    /// `maximize` or `minimize`.
    public var direction: SearchDirection
    /// A summary figure name (as in `expect:`) or `operators`.
    public var figure: String
    /// `subject_to: "FIGURE OP VALUE"`: candidates whose mean figures break it are infeasible.
    public var constraint: Expectation?

    /// An objective from its parts.
    public init(direction: SearchDirection, figure: String, constraint: Expectation? = nil) {
        self.direction = direction
        self.figure = figure
        self.constraint = constraint
    }
}
