import Foundation
import Metrics
import Scenarios

/// The `--json FILE` documents of `run`, `sweep` and `bounds`: what the text summary shows, for
/// machines (README "Machine-readable results"). Keys are snake_case and sorted; numbers without
/// data, and non-finite ones, are `null`; `verdict` is `pass` or `fail`, as the exit code says.
public enum JSONSummary {
    /// An optional value written as `null` when absent (synthesized coding would leave the key out).
    struct Null<T: Encodable>: Encodable, ExpressibleByNilLiteral {
        var value: T?
        init(_ value: T?) { self.value = value }
        init(nilLiteral: ()) { value = nil }
        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    /// Which program wrote the document.
    struct Program: Encodable {
        var version = ProgramVersion.current
        var gitCommit = Null(ProgramVersion.commit)
        var gitDirty = Null(ProgramVersion.dirty)
    }

    /// The scenario and how it was changed on the command line.
    struct ScenarioInfo: Encodable {
        var name: String
        var path: String
        var digest: String
        var seed: UInt64
        var overrides: [String]

        init(_ s: Scenario) { name = s.name; path = s.path; digest = s.digest; seed = s.seed; overrides = s.overrides }
    }

    struct Figure: Encodable {
        var name: String
        var value: Null<Double>
        var text: Null<String>
        var unit: String
    }

    struct Expectation: Encodable {
        var path: String
        var expected: String
        var actual: String
        var held: Bool
    }

    struct RunDocument: Encodable {
        var format = "fractalsim-run/1"
        var program = Program()
        var scenario: ScenarioInfo
        var database: Null<String>
        var traceDigest: String
        var events: UInt64
        var simulatedSeconds: Double
        var wallSeconds: Null<Double>
        var figures: [Figure]
        var expectations: [Expectation]
        var violations: [String]
        var verdict: String
    }

    /// The document of one `run`.
    public static func run(_ o: RunOutcome) throws -> Data {
        try encode(RunDocument(
            scenario: ScenarioInfo(o.scenario), database: Null(o.databasePath), traceDigest: o.results.traceDigest,
            events: o.results.events, simulatedSeconds: Double(o.results.simulatedEnd) / 1e6, wallSeconds: Null(finite(o.wallSeconds)),
            figures: o.figures.map { Figure(name: $0.name, value: Null(finite($0.value)), text: Null($0.text), unit: $0.unit) },
            expectations: o.expectations.map { Expectation(path: $0.path, expected: $0.expected, actual: $0.actual, held: $0.held) },
            violations: o.violations, verdict: o.passed ? "pass" : "fail"))
    }

    /// One figure of a point: mean and sample standard deviation over its replicates.
    struct PointFigureDoc: Encodable {
        var name: String
        var unit: String
        var mean: Null<Double>
        var sd: Null<Double>
        var count: Int
    }

    struct Point: Encodable {
        var point: Int
        var values: [String: String]
        var runs: Int
        var traceDigests: [String]
        var failedExpectations: Int
        var figures: [PointFigureDoc]
    }

    static func points(_ plan: SweepPlan, _ rows: [SweepPointSummary]) -> [Point] {
        rows.map { r in
            Point(point: r.point, values: Dictionary(uniqueKeysWithValues: zip(plan.spec.axes.map(\.key), r.values)),
                  runs: r.runs, traceDigests: r.digests, failedExpectations: r.failedExpectations,
                  figures: r.figures.map { PointFigureDoc(name: $0.name, unit: $0.unit, mean: Null(finite($0.mean)), sd: Null(finite($0.spread)), count: $0.count) })
        }
    }

    struct SweepDocument: Encodable {
        var format = "fractalsim-sweep/1"
        var program = Program()
        var scenario: ScenarioInfo
        var identity: String
        var database: String
        var axes: [String]
        var replicates: Int
        var runsTotal: Int
        var shard: Null<String>
        var runsSimulated: Int
        var runsSkipped: Int
        var resultsDigest: String
        var points: [Point]
        var verdict: String
    }

    /// The document of one `sweep`: every point of this invocation's slice, with every summary figure.
    public static func sweep(_ o: SweepOutcome, rows: [SweepPointSummary], resultsDigest: String) throws -> Data {
        let failed = rows.reduce(0) { $0 + $1.failedExpectations }
        return try encode(SweepDocument(
            scenario: ScenarioInfo(o.plan.base), identity: o.plan.identity, database: o.databasePath,
            axes: o.plan.spec.axes.map(\.key), replicates: o.plan.spec.replicates, runsTotal: o.plan.runs.count,
            shard: Null(o.shard?.description), runsSimulated: o.executed, runsSkipped: o.skipped, resultsDigest: resultsDigest,
            points: points(o.plan, rows), verdict: failed == 0 ? "pass" : "fail"))
    }

    struct Fit: Encodable {
        var model: String
        var intercept: Null<Double>
        var slope: Null<Double>
        var rSquared: Null<Double>
        var residuals: [Null<Double>]
    }

    struct Check: Encodable {
        var figure: String
        var unit: String
        var n: [Double]
        var mean: [Null<Double>]
        var sd: [Null<Double>]
        var predicted: String
        var best: String
        var fits: [Fit]
        var growth: Null<Double>
        var allowedGrowth: Null<Double>
        var failures: [String]
        var verdict: String
    }

    struct BoundsDocument: Encodable {
        var format = "fractalsim-bounds/1"
        var program = Program()
        var scenario: ScenarioInfo
        var metric: String
        var database: String
        var minRSquared: Double
        var slack: Double
        var runs: Int
        var runsSimulated: Int
        var checks: [Check]
        var points: [Point]
        var verdict: String
    }

    /// The document of one `bounds`: the points, each figure's fits and its verdict.
    public static func bounds(_ o: BoundsOutcome) throws -> Data {
        let plan = o.sweep.plan
        let checks = o.series.map { s in
            Check(figure: s.figure, unit: s.unit, n: s.n, mean: s.mean.map { Null(finite($0)) }, sd: s.spread.map { Null(finite($0)) },
                  predicted: o.metric.predicted.rawValue, best: s.best.rawValue,
                  fits: s.fits.map { Fit(model: $0.model.rawValue, intercept: Null(finite($0.intercept)), slope: Null(finite($0.slope)),
                                         rSquared: Null(finite($0.rSquared)), residuals: $0.residuals.map { Null(finite($0)) }) },
                  growth: Null(finite(s.growth)), allowedGrowth: Null(finite(s.allowedGrowth)), failures: s.failures,
                  verdict: s.passed ? "pass" : "fail")
        }
        return try encode(BoundsDocument(
            scenario: ScenarioInfo(plan.base), metric: o.metric.rawValue, database: o.sweep.databasePath,
            minRSquared: o.thresholds.minRSquared, slack: o.thresholds.slack, runs: plan.runs.count,
            runsSimulated: o.sweep.executed, checks: checks, points: points(plan, o.points), verdict: o.passed ? "pass" : "fail"))
    }

    static func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
