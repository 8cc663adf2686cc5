import Foundation
import Metrics
import Scenarios
import SimCore
import ValidiumModel

/// Why a replay could not start (bad input: exit 2) or must refuse (exit 1).
public enum ReplayError: Error, CustomStringConvertible {
    /// The database is missing, unreadable, or holds no usable run (exit 2).
    case badInput(String)
    /// The run was written by another program version: it cannot be reproduced here (exit 1).
    case otherVersion(path: String, stored: String, current: String)
    /// The stored scenario no longer loads (it was altered): the run cannot be reproduced (exit 1).
    case scenarioInvalid(String)

    /// The exit code for this failure.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .otherVersion, .scenarioInvalid: return 1
        }
    }

    /// A message for the user.
    public var description: String {
        switch self {
        case .badInput(let m): return "error: \(m)"
        case .otherVersion(let path, let stored, let current):
            return "error: \(path) was written by fractalsim \(stored); this is fractalsim \(current). "
                + "Runs are reproducible only with the version that made them: replay it with fractalsim \(stored)."
        case .scenarioInvalid(let m): return "MISMATCH: the stored scenario no longer loads, so the run cannot be reproduced:\n\(m)"
        }
    }
}

/// Finding the run to replay and re-creating its scenario from the database.
public enum ReplaySource {
    /// The completed run `runID` of the database at `path` (the first completed run when nil).
    public static func storedRun(path: String, runID: Int64?) throws(ReplayError) -> StoredRun {
        guard FileManager.default.fileExists(atPath: path) else { throw .badInput("\(path): no such file") }
        let runs: [StoredRun]
        do {
            runs = try ResultsDatabase.readRuns(path: path)
        } catch {
            throw .badInput("\(path): not a results database (\(error))")
        }
        if let runID {
            guard let run = runs.first(where: { $0.id == runID }) else {
                let ids = runs.filter(\.completed).map { String($0.id) }.joined(separator: ", ")
                throw .badInput("\(path): no run with id \(runID) (completed runs: \(ids.isEmpty ? "none" : ids))")
            }
            guard run.completed else { throw .badInput("\(path): run \(runID) was never completed (an interrupted write)") }
            return run
        }
        guard let run = runs.first(where: \.completed) else {
            throw .badInput("\(path): no completed run in this results database")
        }
        return run
    }

    /// Refuses a run written by another program version.
    public static func checkVersion(_ run: StoredRun, path: String) throws(ReplayError) {
        guard run.record.programVersion == ProgramVersion.current else {
            throw .otherVersion(path: path, stored: run.record.programVersion, current: ProgramVersion.current)
        }
    }

    /// The scenario of a stored run: its stored text with its stored overrides and seed.
    public static func scenario(of run: StoredRun) throws(ReplayError) -> Scenario {
        do {
            return try parse(run)
        } catch let error as ScenarioError {
            throw .scenarioInvalid("\(error)")
        } catch {
            throw .scenarioInvalid("\(error)")
        }
    }

    /// Untyped wrapper around the loader (see `ScenarioFiles.load` on typed throws).
    static func parse(_ run: StoredRun) throws -> Scenario {
        do {
            return try ScenarioLoader.parse(text: run.record.scenarioText, file: run.record.scenarioPath,
                                            seed: run.record.seed, overrides: run.record.overrides,
                                            summaryNames: ExpectationChecker.knownFigures,
                                            textFigures: SummaryBuilder.textFigures)
        } catch {
            throw error as ScenarioError
        }
    }
}

/// The first event where a replay departs from the stored trace.
public struct TraceDifference: Sendable, Equatable {
    /// 0-based position in the event stream (`trace.seq`).
    public var index: Int
    /// The stored event (nil: the stored trace ends here).
    public var stored: TraceEvent?
    /// The replayed event (nil: the replay ends here).
    public var replayed: TraceEvent?
}

/// The outcome of `replay --verify`.
public struct ReplayVerdict: Sendable {
    /// The stored run.
    public var run: StoredRun
    /// The scenario as re-created from the database.
    public var scenario: Scenario
    /// The replay's trace digest.
    public var replayedDigest: String
    /// Events processed by the replay.
    public var replayedEvents: UInt64
    /// Stored trace events (0: the run was not traced).
    public var storedTraceEvents: Int
    /// The first differing event (nil: none, or no stored trace).
    public var firstDifference: TraceDifference?
    /// Summary figures compared (the `run.*` wall-clock figures aside).
    public var figuresCompared: Int
    /// Figures that differ, one line each: `name: stored X, replayed Y`.
    public var figureDifferences: [String]
    /// Wall seconds of the replay.
    public var wallSeconds: Double

    /// The trace digests agree.
    public var digestMatches: Bool { replayedDigest == run.traceDigest }
    /// The canonical scenario re-created from the stored text equals the stored one.
    public var scenarioMatches: Bool { scenario.digest == run.record.scenarioDigest }
    /// Everything compared is identical.
    public var identical: Bool {
        digestMatches && figureDifferences.isEmpty && firstDifference == nil && replayedEvents == run.events
    }
}

/// `replay --verify`: re-runs a stored run and compares it with what the database holds.
public enum ReplayVerifier {
    /// Figures not compared: wall-clock measurements, which differ between any two runs.
    public static func isWallClock(_ name: String) -> Bool { name.hasPrefix("run.") && name != "run.events" }

    /// Replays run `runID` (first completed when nil) of the database at `path`.
    public static func verify(path: String, runID: Int64?) throws(ReplayError) -> ReplayVerdict {
        let run = try ReplaySource.storedRun(path: path, runID: runID)
        try ReplaySource.checkVersion(run, path: path)
        var scenario = try ReplaySource.scenario(of: run)
        let stored: Int
        let storedFigures: [SummaryFigure]
        do {
            stored = try ResultsDatabase.traceCount(path: path, runID: run.id)
            storedFigures = try ResultsDatabase.readSummary(path: path, runID: run.id)
        } catch {
            throw .badInput("\(path): cannot read run \(run.id): \(error)")
        }
        // With a stored trace the replay is traced too, to name the first differing event.
        scenario.config.metrics.trace = stored > 0
        let outcome: RunOutcome
        do {
            outcome = try ScenarioRun.execute(scenario, databasePath: nil)
        } catch {
            throw .badInput("replay failed: \(error)")
        }
        let (compared, differences) = compareFigures(stored: storedFigures, replayed: outcome.figures)
        var difference: TraceDifference?
        if stored > 0 {
            do {
                difference = try firstDifference(path: path, runID: run.id, replayed: outcome.results.trace)
            } catch {
                throw .badInput("\(path): cannot read the stored trace: \(error)")
            }
        }
        return ReplayVerdict(run: run, scenario: scenario, replayedDigest: outcome.results.traceDigest,
                             replayedEvents: outcome.results.events, storedTraceEvents: stored,
                             firstDifference: difference, figuresCompared: compared,
                             figureDifferences: differences, wallSeconds: outcome.wallSeconds)
    }

    /// Compares summary figures by position and name, the wall-clock ones aside.
    public static func compareFigures(stored: [SummaryFigure], replayed: [SummaryFigure]) -> (Int, [String]) {
        let a = stored.filter { !isWallClock($0.name) }, b = replayed.filter { !isWallClock($0.name) }
        var out: [String] = []
        func show(_ f: SummaryFigure?) -> String {
            guard let f else { return "absent" }
            if let v = f.value { return SummaryFormat.value(v, unit: f.unit) + (f.unit == "s" ? " (\(v) s)" : "") }
            return f.text ?? "n/a"
        }
        for k in 0..<max(a.count, b.count) {
            let x = k < a.count ? a[k] : nil, y = k < b.count ? b[k] : nil
            guard x != y else { continue }
            if let x, let y, x.name != y.name {
                out.append("figure #\(k): stored \(x.name), replayed \(y.name)")
            } else {
                out.append("\((x ?? y)!.name): stored \(show(x)), replayed \(show(y))")
            }
        }
        return (max(a.count, b.count), out)
    }

    /// Streams the stored trace against the replayed one; the first position where they differ.
    static func firstDifference(path: String, runID: Int64, replayed: [TraceEvent]) throws -> TraceDifference? {
        var found: TraceDifference?
        var count = 0
        try ResultsDatabase.forEachTraceEvent(path: path, runID: runID) { seq, event in
            let k = count
            count += 1
            if seq != k {
                // A stored row is missing (or rows were reordered): the stream differs from here.
                found = TraceDifference(index: k, stored: event, replayed: k < replayed.count ? replayed[k] : nil)
                return false
            }
            if k >= replayed.count || replayed[k] != event {
                found = TraceDifference(index: k, stored: event, replayed: k < replayed.count ? replayed[k] : nil)
                return false
            }
            return true
        }
        if found == nil && count < replayed.count {
            found = TraceDifference(index: count, stored: nil, replayed: replayed[count])
        }
        return found
    }
}
