/// Metadata of one run, written to the `run` table.
public struct RunRecord: Sendable, Equatable {
    /// Scenario name (`name:` of the scenario file).
    public var name: String
    /// Path of the scenario file as given on the command line.
    public var scenarioPath: String
    /// The scenario file's text, verbatim (what `replay` re-runs).
    public var scenarioText: String
    /// The scenario after defaults and overrides, in canonical form.
    public var scenarioCanonical: String
    /// Digest of the canonical scenario.
    public var scenarioDigest: String
    /// `--set KEY=VALUE` overrides, in command-line order.
    public var overrides: [String]
    /// The seed that ran.
    public var seed: UInt64
    /// Version of the program that ran.
    public var programVersion: String
    /// Wall-clock seconds the run took (informational).
    public var wallSeconds: Double
    /// Peak resident set size in bytes (informational; ≤ 0 when unknown).
    public var peakRSSBytes: Int64
    /// ISO-8601 wall-clock start time (informational).
    public var startedAt: String
    /// The git commit the program was built from; nil when built outside a git checkout.
    public var gitCommit: String?
    /// Whether that checkout's sources differed from the commit; nil when unknown.
    public var gitDirty: Bool?

    /// A run record.
    public init(name: String, scenarioPath: String, scenarioText: String, scenarioCanonical: String,
                scenarioDigest: String, overrides: [String], seed: UInt64, programVersion: String,
                wallSeconds: Double, peakRSSBytes: Int64, startedAt: String, gitCommit: String? = nil, gitDirty: Bool? = nil) {
        self.name = name; self.scenarioPath = scenarioPath; self.scenarioText = scenarioText
        self.scenarioCanonical = scenarioCanonical; self.scenarioDigest = scenarioDigest
        self.overrides = overrides; self.seed = seed; self.programVersion = programVersion
        self.wallSeconds = wallSeconds; self.peakRSSBytes = peakRSSBytes; self.startedAt = startedAt
        self.gitCommit = gitCommit; self.gitDirty = gitDirty
    }
}

/// One named figure of the run summary (the names `expect:` blocks refer to).
public struct SummaryFigure: Sendable, Equatable {
    /// Dotted name, e.g. `finality.global.p99`.
    public var name: String
    /// Numeric value; nil when there is no data.
    public var value: Double?
    /// Text value; "n/a" when there is no data, nil for plain numbers.
    public var text: String?
    /// Unit: "s", "count", "B", "tx/s", "events/s", "MB" or "".
    public var unit: String

    /// A figure.
    public init(name: String, value: Double?, text: String?, unit: String) {
        self.name = name; self.value = value; self.text = text; self.unit = unit
    }

    /// A numeric figure, or "n/a" when `value` is nil.
    public static func number(_ name: String, _ value: Double?, _ unit: String) -> SummaryFigure {
        SummaryFigure(name: name, value: value, text: value == nil ? "n/a" : nil, unit: unit)
    }
}

/// The outcome of one `expect:` assertion.
public struct ExpectationOutcome: Sendable, Equatable {
    /// Dotted figure name.
    public var path: String
    /// The expectation as written (e.g. `< 5m`).
    public var expected: String
    /// The value found, rendered.
    public var actual: String
    /// Whether it held.
    public var held: Bool

    /// An outcome.
    public init(path: String, expected: String, actual: String, held: Bool) {
        self.path = path; self.expected = expected; self.actual = actual; self.held = held
    }
}

/// Latency statistics of tracked items of one kind at one origin depth.
///
/// `count` items reached the point and make up the percentiles; `missing` did not reach it by the end.
public struct FinalityByDepthRow: Sendable, Equatable {
    /// What is measured: "l1" (L1 inclusion), "global", "local" or "l1_arrival".
    public var kind: String
    /// "transaction" or "update".
    public var itemKind: String
    /// Depth of the items' origin.
    public var depth: Int
    /// Items that reached the point (the percentile sample).
    public var count: Int
    /// Items that had not reached the point by the end of the run.
    public var missing: Int
    /// Smallest latency (s).
    public var min: Double?
    /// Nearest-rank median (s).
    public var p50: Double?
    /// Nearest-rank 95th percentile (s).
    public var p95: Double?
    /// Nearest-rank 99th percentile (s).
    public var p99: Double?
    /// Largest latency (s).
    public var max: Double?

    /// A row.
    public init(kind: String, itemKind: String, depth: Int, count: Int, missing: Int,
                min: Double?, p50: Double?, p95: Double?, p99: Double?, max: Double?) {
        self.kind = kind; self.itemKind = itemKind; self.depth = depth; self.count = count
        self.missing = missing; self.min = min; self.p50 = p50; self.p95 = p95; self.p99 = p99; self.max = max
    }
}

/// Storage, data and retention figures of the validiums at one depth (docs/model.md §7).
public struct StorageByDepthRow: Sendable, Equatable {
    /// Depth (≥ 1; the L1 stores no ancestor VMs and is left out).
    public var depth: Int
    /// Validiums at this depth.
    public var nodes: Int
    /// Mean bytes stored per node.
    public var bytesMean: Double
    /// Largest bytes stored by one node.
    public var bytesMax: Int64
    /// Mean DA bytes fetched per node over the run.
    public var daBytesPerNode: Double
    /// Mean hashes of a node's ZKPs retained at its parent at the end.
    public var retainedHashesMean: Double
    /// Mean rounds completed per node.
    public var roundsMean: Double

    /// A row.
    public init(depth: Int, nodes: Int, bytesMean: Double, bytesMax: Int64, daBytesPerNode: Double,
                retainedHashesMean: Double, roundsMean: Double) {
        self.depth = depth; self.nodes = nodes; self.bytesMean = bytesMean; self.bytesMax = bytesMax
        self.daBytesPerNode = daBytesPerNode; self.retainedHashesMean = retainedHashesMean
        self.roundsMean = roundsMean
    }
}
