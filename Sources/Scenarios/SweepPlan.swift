import SimCore
import Yams

/// One point of a sweep: a value for every axis.
public struct SweepPoint: Sendable, Equatable {
    /// 0-based point index (the first factor varies slowest).
    public var index: Int
    /// The value of each axis, in axis order, as `--set` value text.
    public var values: [String]
    /// The point's `KEY=VALUE` overrides, in axis order.
    public var overrides: [String]
}

/// One run of a sweep: a point and a replicate, with its seed and its scenario.
public struct SweepRunPlan: Sendable {
    /// 0-based run index: point × replicates + replicate (the order of runs in the database).
    public var index: Int
    /// The point.
    public var point: Int
    /// 0-based replicate.
    public var replicate: Int
    /// The derived seed (see `SweepSeedRule`).
    public var seed: UInt64
    /// The scenario that runs: the file, the `--set` overrides, then the point's overrides.
    public var scenario: Scenario

    /// A run from its parts.
    public init(index: Int, point: Int, replicate: Int, seed: UInt64, scenario: Scenario) {
        self.index = index; self.point = point; self.replicate = replicate; self.seed = seed; self.scenario = scenario
    }
}

/// A validated sweep: the base scenario, the grid's points and runs, and the sweep's identity.
public struct SweepPlan: Sendable {
    /// The parsed block.
    public var spec: SweepSpec
    /// The file with the command-line `--set` overrides, blocks ignored (its seed is the base seed).
    public var base: Scenario
    /// Every point, in order.
    public var points: [SweepPoint]
    /// Every run, in order (point-major).
    public var runs: [SweepRunPlan]
    /// What the identity digest covers: program version, base canonical text, axes, runs and seeds.
    public var identityText: String
    /// Digest of `identityText` (32 hex digits): shards of one sweep share it.
    public var identity: String

    /// The runs of shard `index` of `count` (1-based): those whose run index ≡ index − 1 (mod count).
    public func runs(shard index: Int, of count: Int) -> [SweepRunPlan] {
        runs.filter { $0.index % count == index - 1 }
    }

    /// "gridded" or "zipped" lines describing how the axes combine.
    public var layout: [String] {
        spec.factors.map { factor in
            let axes = factor.map { spec.axes[$0] }
            let lists = axes.map { "\($0.key) [\($0.values.joined(separator: ", "))]" }
            return factor.count == 1 ? "gridded  " + lists[0]
                : "zipped   " + lists.joined(separator: " with ") + " (advance together)"
        }
    }
}

extension ScenarioLoader {
    /// Loads the file and expands its `sweep:` block (or, when `kind` is `.bounds` or the file has no
    /// `sweep:`, its `bounds:` block) into a plan; nothing is run. Bad input throws a `ScenarioError`.
    public static func loadSweep(path: String, overrides: [String] = [], kind: SweepBlockKind,
                                 programVersion: String, summaryNames: [String]? = nil,
                                 textFigures: [String] = []) throws(ScenarioError) -> SweepPlan {
        let base = try load(path: path, overrides: overrides, summaryNames: summaryNames, textFigures: textFigures)
        var root: Node
        do {
            root = try Yams.compose(yaml: base.sourceText) ?? Node("", .implicit, .plain)
        } catch {
            throw ScenarioError(file: path, message: "invalid YAML: \(error)")
        }
        var ctx = Ctx(file: path)
        ctx.summaryNames = summaryNames
        ctx.textFigures = textFigures
        for text in overrides {
            let override = try Override(text)
            try override.apply(to: &root)
            ctx.origins.append(OverrideOrigin(keyPath: override.keyPath, text: text))
        }
        let top = try Section(root, path: "", allowed: nil, ctx: ctx)
        let other: SweepBlockKind = kind == .sweep ? .bounds : .sweep
        guard let (usedKind, blockNode) = top[kind.rawValue].map({ (kind, $0) }) ?? top[other.rawValue].map({ (other, $0) }) else {
            throw ScenarioError(file: path, keyPath: kind.rawValue,
                                message: "no \(kind.rawValue): block (nor \(other.rawValue):) in this scenario; "
                                    + "add one, e.g. \(kind.rawValue): { tree.depth: [3, 4, 5], replicates: 2 }")
        }
        let spec = try ctx.sweepSpec(blockNode, kind: usedKind)
        if kind == .bounds, usedKind == .sweep, spec.axes.count != 1 || !Ctx.boundsAxes.contains(spec.axes[0].key) {
            throw ctx.fail(top.keyNode("sweep"), "sweep", "bounds needs one N axis, tree.depth or tree.nodes "
                           + "(this sweep: \(spec.axes.map(\.key).joined(separator: ", "))); add a bounds: block")
        }
        let stripped = SweepGrid.removingBlocks(root)
        let name = baseName(path)
        var points: [SweepPoint] = []
        var runs: [SweepRunPlan] = []
        for (p, indexes) in SweepGrid.expand(spec).enumerated() {
            let pointOverrides = SweepGrid.overrides(spec, indexes)
            points.append(SweepPoint(index: p, values: spec.axes.indices.map { spec.axes[$0].values[indexes[$0]] },
                                     overrides: pointOverrides))
            let first = try ctx.resolvePoint(stripped, pointOverrides, defaultName: name, seedOverride: nil)
            for r in 0..<spec.replicates {
                let seed = derivedSeed(first.seed, pointOverrides, replicate: r, rule: spec.seeds)
                let resolved = seed == first.seed ? first
                    : try ctx.resolvePoint(stripped, pointOverrides, defaultName: name, seedOverride: seed)
                let scenario = resolved.scenario(path: path, sourceText: base.sourceText, overrides: overrides + pointOverrides)
                runs.append(SweepRunPlan(index: runs.count, point: p, replicate: r, seed: seed, scenario: scenario))
            }
        }
        let text = identityText(spec, base: base, runs: runs, programVersion: programVersion)
        return SweepPlan(spec: spec, base: base, points: points, runs: runs, identityText: text,
                         identity: Canonical.digest(text))
    }

    /// The seed of replicate `r` of a point whose own seed is `seed` (see `SweepSeedRule`).
    public static func derivedSeed(_ seed: UInt64, _ overrides: [String], replicate r: Int, rule: SweepSeedRule) -> UInt64 {
        switch rule {
        case .common:
            return seed &+ UInt64(r)
        case .perPoint:
            var d = TraceDigest()
            d.combine("\(seed)\n" + overrides.joined(separator: "\n"))
            return (UInt64(d.hex.prefix(16), radix: 16) ?? 0) &+ UInt64(r)
        }
    }

    /// What a sweep's identity covers, one item per line.
    static func identityText(_ spec: SweepSpec, base: Scenario, runs: [SweepRunPlan], programVersion: String) -> String {
        var lines = ["fractalsim sweep identity 1", "program_version = \(programVersion)", "block = \(spec.kind.rawValue)",
                     "replicates = \(spec.replicates)", "seeds = \(spec.seeds.rawValue)"]
        for factor in spec.factors {
            lines.append("factor = " + factor.map { "\(spec.axes[$0].key)=[\(spec.axes[$0].values.joined(separator: ", "))]" }
                .joined(separator: " zip "))
        }
        for run in runs {
            lines.append("run \(run.index) = point \(run.point) replicate \(run.replicate) seed \(run.seed) digest \(run.scenario.digest)")
        }
        lines.append("base:")
        return lines.joined(separator: "\n") + "\n" + base.canonical
    }
}
