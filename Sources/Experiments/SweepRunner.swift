import Foundation
import Metrics
import Scenarios
import ValidiumModel

/// A slice of a sweep: shard `index` of `count` (1-based).
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard number.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// A shard; `index` in 1…count.
    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// What one `sweep` invocation did.
public struct SweepOutcome: Sendable {
    /// The sweep.
    public var plan: SweepPlan
    /// The database written.
    public var databasePath: String
    /// The slice run (nil: every run).
    public var shard: SweepShard?
    /// Run indexes of this invocation's slice, ascending.
    public var selected: [Int]
    /// Of those, runs already complete in the database (skipped).
    public var skipped: Int
    /// Runs executed now.
    public var executed: Int
    /// Wall seconds of the whole invocation (informational).
    public var wallSeconds: Double
}

/// Loading a sweep for this program (`expect:` names checked against this version's figures).
public enum SweepFiles {
    /// The plan of the `sweep:` block (or `bounds:` for `.bounds`), with `--set` overrides; throws a `ScenarioError` on bad input.
    public static func plan(_ path: String, overrides: [String] = [], kind: SweepBlockKind = .sweep) throws -> SweepPlan {
        do {
            return try ScenarioLoader.loadSweep(path: path, overrides: overrides, kind: kind,
                                                programVersion: ProgramVersion.current,
                                                summaryNames: ExpectationChecker.knownFigures)
        } catch {
            throw error as ScenarioError
        }
    }

    /// The default database: `results/<name>-sweep.sqlite` (`-bounds` for bounds), with six hex digits
    /// of the `--set` overrides when there are any (`results/<name>-bounds-3fa2c1.sqlite`), so that
    /// another `--set` starts its own database instead of meeting "holds another sweep".
    public static func defaultDatabasePath(_ plan: SweepPlan, suffix: String = "sweep", overrides: [String] = []) -> String {
        resultsPath(plan.base.name, suffix: suffix, overrides: overrides)
    }

    /// `results/<name>-<suffix>[-<6 hex digits of the overrides>].<ext>`, the name's other characters than
    /// letters, digits, `-` and `_` made `_`.
    public static func resultsPath(_ name: String, suffix: String, overrides: [String], ext: String = "sqlite") -> String {
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        let digest = overrides.isEmpty ? "" : "-" + OutputFiles.overridesDigest(overrides)
        return "results/\(String(safe))-\(suffix)\(digest).\(ext)"
    }

    /// The info stored in the database for `plan`.
    public static func info(_ plan: SweepPlan) -> SweepInfo {
        SweepInfo(identity: plan.identity, programVersion: ProgramVersion.current, name: plan.base.name,
                  scenarioPath: plan.base.path, block: plan.spec.kind.rawValue, axes: plan.spec.axes.map(\.key),
                  points: plan.points.count, replicates: plan.spec.replicates, layout: plan.layout,
                  identityText: plan.identityText)
    }
}

/// Runs a sweep: `jobs` worker threads simulate, one writer appends results in run order.
public enum SweepRunner {
    /// Runs the slice `shard` (all runs when nil) of `plan` into `databasePath`, skipping runs already
    /// complete there. `progress(done, total)` is called on the calling thread after each write.
    /// With `runGuard`, runs stop between slices when it says so; the runs written so far stay
    /// complete in the database (a rerun resumes) and its `RunStop` is thrown.
    public static func execute(_ plan: SweepPlan, databasePath: String, jobs: Int, shard: SweepShard? = nil,
                               progress: ((Int, Int) -> Void)? = nil, guard runGuard: RunGuard? = nil) throws -> SweepOutcome {
        let t0 = ProcessStats.monotonicSeconds()
        let writer = try SweepWriter(path: databasePath, info: SweepFiles.info(plan))
        defer { try? writer.close() }
        let slice = shard.map { plan.runs(shard: $0.index, of: $0.count) } ?? plan.runs
        let complete = Set(writer.completedRunIndexes)
        let todo = slice.filter { !complete.contains($0.index) }
        let pool = RunPool(todo, jobs: max(1, jobs), guard: runGuard)
        pool.start()
        var failure: Error?
        var written = 0
        for k in todo.indices {
            if runGuard?.stopReason != nil { break }
            guard let done = pool.take(k) else { break }
            let run = todo[k]
            let point = plan.points[run.point]
            do {
                let s = run.scenario
                let record = RunRecord(
                    name: s.name, scenarioPath: s.path, scenarioText: s.sourceText, scenarioCanonical: s.canonical,
                    scenarioDigest: s.digest, overrides: s.overrides, seed: s.seed, programVersion: ProgramVersion.current,
                    wallSeconds: done.outcome.wallSeconds, peakRSSBytes: done.peakRSS, startedAt: done.startedAt,
                    gitCommit: ProgramVersion.commit, gitDirty: ProgramVersion.dirty)
                try writer.append(record: record, results: done.outcome.results, figures: done.outcome.figures,
                                  expectations: done.outcome.expectations,
                                  row: SweepRow(runIndex: run.index, point: run.point, replicate: run.replicate,
                                                seed: run.seed, overrides: point.overrides, values: point.values, runID: 0))
            } catch {
                failure = error
                pool.cancel()
                break
            }
            written += 1
            progress?(k + 1 + slice.count - todo.count, slice.count)
        }
        pool.finish()
        if let failure { throw failure }
        if let stop = runGuard?.stopReason, written < todo.count { throw stop }
        if let message = pool.failure { throw SweepRunError(message: message) }
        return SweepOutcome(plan: plan, databasePath: databasePath, shard: shard, selected: slice.map(\.index),
                            skipped: slice.count - todo.count, executed: todo.count,
                            wallSeconds: ProcessStats.monotonicSeconds() - t0)
    }
}

extension SweepRunner {
    /// What a stopped sweep left in its database, counted over the slice it was running:
    /// `7 of the 8 runs of shard 2/4 (32 in the sweep)`, or `7 of 32 runs` without a shard.
    /// A database that cannot be read counts as none complete.
    public static func completion(_ plan: SweepPlan, shard: SweepShard?, databasePath: String) -> String {
        let slice = shard.map { plan.runs(shard: $0.index, of: $0.count) } ?? plan.runs
        let wanted = Set(slice.map(\.index))
        let rows = (try? SweepDatabase.readRows(path: databasePath)) ?? []
        let done = Set(rows.map(\.runIndex)).intersection(wanted).count
        guard let shard else { return "\(done) of \(plan.runs.count) runs" }
        return "\(done) of the \(slice.count) runs of shard \(shard) (\(plan.runs.count) in the sweep)"
    }
}

/// A run that could not be simulated.
public struct SweepRunError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// A run simulated by a worker, waiting for the writer.
struct FinishedRun: Sendable {
    var outcome: RunOutcome
    var startedAt: String
    var peakRSS: Int64
}

/// Worker threads that simulate runs in order, at most `window` runs ahead of the writer.
final class RunPool: @unchecked Sendable {
    let runs: [SweepRunPlan]
    let jobs: Int
    /// Finished runs may wait for the writer; this bounds how many (memory).
    let window: Int
    let condition = NSCondition()
    var next = 0
    var taken = 0
    var cancelled = false
    /// Why a worker stopped, if one failed.
    var failure: String?
    var finished: [Int: FinishedRun] = [:]
    let group = DispatchGroup()

    /// Stops the runs between slices (interrupts, limits).
    let runGuard: RunGuard?

    init(_ runs: [SweepRunPlan], jobs: Int, guard runGuard: RunGuard? = nil) {
        self.runGuard = runGuard
        self.runs = runs
        self.jobs = min(jobs, max(runs.count, 1))
        window = max(4 * jobs, 8)
    }

    /// Starts the worker threads (each simulation owns its World; nothing is shared).
    func start() {
        for _ in 0..<jobs {
            group.enter()
            let thread = Thread { [self] in
                work()
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    func work() {
        while true {
            condition.lock()
            while !cancelled && next < runs.count && next >= taken + window { condition.wait() }
            guard !cancelled, next < runs.count else { condition.unlock(); return }
            let k = next
            next += 1
            condition.unlock()
            let started = ProcessStats.isoNow()
            let outcome: RunOutcome
            do {
                outcome = try ScenarioRun.execute(runs[k].scenario, databasePath: nil, guard: runGuard)
            } catch is RunStop {
                cancel()
                return
            } catch {
                condition.lock()
                failure = "run \(runs[k].index): \(error)"
                cancelled = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let done = FinishedRun(outcome: outcome, startedAt: started, peakRSS: ProcessStats.peakRSSBytes())
            condition.lock()
            finished[k] = done
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for run `k` (taken in order) and hands it over; nil when cancelled.
    func take(_ k: Int) -> FinishedRun? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && finished[k] == nil { condition.wait() }
        guard let done = finished.removeValue(forKey: k) else { return nil }
        taken = k + 1
        condition.broadcast()
        return done
    }

    /// Stops handing out runs.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for every worker to return.
    func finish() {
        cancel()
        group.wait()
    }
}
