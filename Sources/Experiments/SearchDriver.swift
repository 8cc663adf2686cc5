import Foundation
import Metrics
import Scenarios
import Stochastic

/// The strategies of `fractalsim search`: which candidates to try next, given those judged so far.
///
/// Every choice depends only on the block, its seed and the figures of earlier candidates, never on
/// thread timing, so `--jobs 1` and `--jobs 2` try the same candidates in the same order.
final class SearchDriver {
    let setup: SearchSetup
    let spec: SearchSpec
    let space: SearchSpace
    let writer: SearchWriter
    let jobs: Int
    let runGuard: RunGuard?
    let progress: ((SearchProgress) -> Void)?
    /// The draws of `random` and `local` (stream `search` of `search.seed`, default the scenario's seed).
    let stream: RandomStream
    /// Candidates judged, in the order tried.
    var evaluations: [SearchEvaluation] = []
    /// Keys of candidates tried (membership only).
    var seen: Set<String> = []
    /// Runs complete in the database when it was opened, by candidate and replicate.
    let stored: [Int: [Int: SearchRunRow]]
    var executed = 0
    var reused = 0
    /// The tree, for moves along its edges (nil: unknown).
    let tree: SearchTree?
    /// Neighbourhoods at most this large are enumerated; larger ones are sampled.
    static let enumerateNeighbors = 4096

    init(_ setup: SearchSetup, writer: SearchWriter, jobs: Int, guard runGuard: RunGuard?,
         progress: ((SearchProgress) -> Void)?) {
        self.setup = setup
        spec = setup.spec
        space = SearchSpace(setup.spec)
        self.writer = writer
        self.jobs = max(1, jobs)
        self.runGuard = runGuard
        self.progress = progress
        stream = RandomStream(seed: setup.spec.seed ?? setup.base.seed, name: "search")
        tree = setup.parents.isEmpty ? nil : SearchTree(parents: setup.parents)
        var stored: [Int: [Int: SearchRunRow]] = [:]
        for row in writer.completed { stored[row.candidate, default: [:]][row.replicate] = row }
        self.stored = stored
    }

    /// The most runs this search takes.
    var plannedRuns: Int {
        switch spec.strategy {
        case .exhaustive: return Int(min(space.size, Double(Int.max / 2))) * spec.replicates
        case .random: return Int(min(space.size, Double(spec.samples))) * spec.replicates
        case .local: return spec.budget
        }
    }

    /// Candidates the run budget still allows (`local`).
    var remaining: Int { spec.budget / spec.replicates - evaluations.count }

    func run() throws {
        switch spec.strategy {
        case .exhaustive:
            let all = space.all()
            for start in stride(from: 0, to: all.count, by: 64) {
                _ = try evaluate(Array(all[start..<min(start + 64, all.count)]), phase: "exhaustive")
            }
        case .random:
            _ = try evaluate(randomCandidates(spec.samples), phase: "random")
        case .local:
            try local()
        }
    }

    /// `samples` random candidates, then hill climbing: from the best candidate not yet climbed
    /// from, try up to `neighbors` untried neighbours and move to the best of them when it is better;
    /// a climb ends after two steps without a better neighbour or when none is left untried, and the
    /// next starts from the best candidate not yet visited, until the budget is spent.
    func local() throws {
        _ = try evaluate(randomCandidates(min(spec.samples, max(remaining, 0))), phase: "random")
        var visited: Set<String> = []
        while remaining > 0 {
            let ranked = SearchRanking.ranked(evaluations, spec.objective)
            guard var current = ranked.first(where: { $0.error == nil && !visited.contains($0.key) }) else { return }
            var stalls = 0
            while remaining > 0 {
                visited.insert(current.key)
                let batch = neighbors(of: current.candidate, count: min(spec.neighbors, remaining))
                if batch.isEmpty { break }
                let judged = try evaluate(batch, phase: "local")
                if let best = SearchRanking.ranked(judged, spec.objective).first,
                   SearchRanking.better(best, current, spec.objective) {
                    current = best
                    stalls = 0
                } else {
                    stalls += 1
                    if stalls >= 2 { break }
                }
            }
        }
    }

    /// Up to `n` distinct untried candidates drawn uniformly (all of them when the space is that small).
    func randomCandidates(_ n: Int) -> [SearchCandidate] {
        guard n > 0 else { return [] }
        if space.size <= Double(n) { return space.all().filter { !seen.contains($0.key(spec)) } }
        var out: [SearchCandidate] = []
        var keys: Set<String> = []
        var attempts = 0
        while out.count < n, attempts < n * 50 {
            attempts += 1
            let c = space.draw(stream)
            let k = c.key(spec)
            if !seen.contains(k), keys.insert(k).inserted { out.append(c) }
        }
        return out
    }

    /// Up to `count` untried neighbours of `c`, drawn without replacement: first among the moves
    /// along the tree (an operator to its parent, a child or a sibling; one added next to another;
    /// one removed; a behaviour or a value changed), then, when those run short, among the far
    /// moves (an operator to any free pool node, one added anywhere).
    func neighbors(of c: SearchCandidate, count: Int) -> [SearchCandidate] {
        var keys: Set<String> = []
        var near = space.nearNeighbors(c, tree: tree).filter { !seen.contains($0.key(spec)) && keys.insert($0.key(spec)).inserted }
        var out: [SearchCandidate] = []
        for i in 0..<min(count, near.count) {
            near.swapAt(i, i + Int(stream.uniformInt(UInt64(near.count - i))))
            out.append(near[i])
        }
        if out.count < count { out += farNeighbors(of: c, count: count - out.count, excluding: keys) }
        return out
    }

    /// Up to `count` untried neighbours of `c` among all of them (`SearchSpace.neighbor`), not in `excluding`.
    func farNeighbors(of c: SearchCandidate, count: Int, excluding: Set<String>) -> [SearchCandidate] {
        let total = space.neighborCount(c)
        var out: [SearchCandidate] = []
        if total <= SearchDriver.enumerateNeighbors {
            var pool = (0..<total).map { space.neighbor(c, $0) }.filter { !seen.contains($0.key(spec)) && !excluding.contains($0.key(spec)) }
            for i in 0..<min(count, pool.count) {
                pool.swapAt(i, i + Int(stream.uniformInt(UInt64(pool.count - i))))
                out.append(pool[i])
            }
            return out
        }
        var keys = excluding
        var attempts = 0
        while out.count < count, attempts < count * 50 {
            attempts += 1
            let n = space.neighbor(c, Int(stream.uniformInt(UInt64(total))))
            let k = n.key(spec)
            if !seen.contains(k), keys.insert(k).inserted { out.append(n) }
        }
        return out
    }
}
