import Foundation
import Metrics
import Scenarios

/// Judging a batch of candidates: their runs in parallel through the sweep's worker pool, written in order.
extension SearchDriver {
    /// One candidate of a batch on its way to judgement.
    private struct Pending {
        var candidate: SearchCandidate
        var key: String
        var override: String
        var operators: Int
        var runs: [SearchRunRow?]
        var error: String?
    }

    /// Judges the untried candidates of `batch` (in order), reusing runs already in the database;
    /// returns their evaluations. Throws the guard's stop after writing the runs that finished.
    func evaluate(_ batch: [SearchCandidate], phase: String) throws -> [SearchEvaluation] {
        var items: [Pending] = []
        var plans: [SweepRunPlan] = []
        for c in batch {
            let key = c.key(spec)
            guard seen.insert(key).inserted else { continue }
            let index = evaluations.count + items.count
            var item = Pending(candidate: c, key: key, override: c.override(spec, fixed: setup.fixedAdversary),
                               operators: c.operators(spec), runs: Array(repeating: nil, count: spec.replicates))
            for r in 0..<spec.replicates {
                if let done = stored[index]?[r] {
                    guard done.key == key else {
                        throw SearchRefusal(description: "\(writer.path): candidate \(index) is \(done.key) there, "
                                            + "but this search's is \(key); choose another --db or remove it")
                    }
                    item.runs[r] = done
                    reused += 1
                    continue
                }
                let seed = ScenarioLoader.derivedSeed(setup.base.seed, [item.override], replicate: r, rule: spec.seeds)
                do {
                    let scenario = try setup.scenario([item.override], seed)
                    plans.append(SweepRunPlan(index: plans.count, point: index, replicate: r, seed: seed, scenario: scenario))
                } catch {
                    item.error = "\(error)"
                    break
                }
            }
            if item.error != nil { item.runs = [] }
            items.append(item)
        }
        let first = evaluations.count
        let stop = try run(plans, phase: phase, items: &items, first: first)
        let judged = items.enumerated().compactMap { k, item -> SearchEvaluation? in
            let runs = item.runs.compactMap { $0 }
            guard item.error != nil || runs.count == spec.replicates else { return nil }
            return SearchEvaluation(index: first + k, phase: phase, candidate: item.candidate, key: item.key,
                                    override: item.override, operators: item.operators, runs: runs, error: item.error,
                                    objective: spec.objective)
        }
        evaluations += judged
        try writeCandidates()
        progress?(SearchProgress(candidates: evaluations.count, runs: evaluations.count * spec.replicates,
                                 plannedRuns: plannedRuns,
                                 best: SearchRanking.ranked(evaluations, spec.objective).first))
        if let stop { throw stop }
        return judged
    }

    /// Simulates `plans` on the worker pool and writes each run as it comes, in order; returns the
    /// guard's stop when it stopped them early.
    private func run(_ plans: [SweepRunPlan], phase: String, items: inout [Pending], first: Int) throws -> RunStop? {
        guard !plans.isEmpty else { return nil }
        let pool = RunPool(plans, jobs: jobs, guard: runGuard)
        pool.start()
        defer { pool.finish() }
        for (k, plan) in plans.enumerated() {
            if runGuard?.stopReason != nil { break }
            guard let done = pool.take(k) else { break }
            let s = plan.scenario
            let item = items[plan.point - first]
            let figures = done.outcome.figures
            let value = { (name: String) -> Double? in
                name == SearchObjective.operatorsFigure ? Double(item.operators) : figures.first { $0.name == name }?.value
            }
            var row = SearchRunRow(candidate: plan.point, replicate: plan.replicate, seed: plan.seed, phase: phase,
                                   key: item.key, override: item.override, operators: item.operators,
                                   objective: value(spec.objective.figure),
                                   constraint: spec.objective.constraint.flatMap { value($0.path) },
                                   traceDigest: done.outcome.results.traceDigest, runID: 0)
            let record = RunRecord(
                name: s.name, scenarioPath: s.path, scenarioText: s.sourceText, scenarioCanonical: s.canonical,
                scenarioDigest: s.digest, overrides: s.overrides, seed: s.seed, programVersion: ProgramVersion.current,
                wallSeconds: done.outcome.wallSeconds, peakRSSBytes: done.peakRSS, startedAt: done.startedAt,
                gitCommit: ProgramVersion.commit, gitDirty: ProgramVersion.dirty)
            row.runID = try writer.append(record: record, results: done.outcome.results, figures: figures,
                                          finalityByDepth: done.outcome.finalityByDepth,
                                          expectations: done.outcome.expectations, row: row)
            items[plan.point - first].runs[plan.replicate] = row
            executed += 1
        }
        if let message = pool.failure { throw SweepRunError(message: message) }
        return runGuard?.stopReason
    }

    /// Rewrites `search_candidates` with every candidate judged so far, ranked.
    func writeCandidates() throws {
        let ranked = SearchRanking.ranked(evaluations, spec.objective)
        var rank = [Int](repeating: 0, count: evaluations.count)
        for (r, e) in ranked.enumerated() { rank[e.index] = r + 1 }
        try writer.writeCandidates(evaluations.map { e in
            SearchCandidateRow(candidate: e.index, phase: e.phase, key: e.key, override: e.override, operators: e.operators,
                               replicates: e.runs.count, objectiveMean: e.objective, constraintMean: e.constraintValue,
                               feasible: e.feasible, violation: e.violation.isFinite ? e.violation : nil,
                               error: e.error, rank: rank[e.index])
        })
    }
}
