import ValidiumModel
import Yams

/// A validated search: the base scenario, the spec, the file's own adversary entries, and its identity.
public struct SearchPlan: Sendable {
    /// The parsed `search:` block (pools resolved on the base scenario's tree).
    public var spec: SearchSpec
    /// The file with the command-line `--set` overrides, blocks (sweep, bounds, search) ignored; its seed is the base seed.
    public var base: Scenario
    /// The file's own `adversary:` entries (after extends and --set), each as one flow-YAML mapping text, e.g.
    /// `{nodes: {ids: [1, 4]}, behavior: withhold_da, from: 10m}`, in file order ([] when none).
    public var fixedAdversary: [String]
    /// What the identity covers (program version, the spec rendered canonically one item per line, base canonical text).
    public var identityText: String
    /// Digest of identityText (Canonical.digest).
    public var identity: String
    /// The parent of every node of the base scenario's tree (-1 for the L1): local search moves
    /// operators along it.
    public var parents: [Int32]
    /// The command-line overrides, applied before a candidate's.
    var commandLine: [String]
    /// The summary figures `expect:` may name, and the text ones among them (as given to `loadSearch`).
    var summaryNames: [String]?
    var textFigures: [String]

    /// The scenario of one run: the stripped base with `extra` (`KEY=VALUE` overrides, e.g. `adversary=[{…}, {…}]`) applied after
    /// the command-line overrides, at `seed` (the Scenario's `overrides` = command-line overrides + extra, sourceText = base's).
    public func scenario(overrides extra: [String], seed: UInt64) throws(ScenarioError) -> Scenario {
        var ctx = Ctx(file: base.path)
        ctx.summaryNames = summaryNames
        ctx.textFigures = textFigures
        var root = try ScenarioLoader.compose(text: base.sourceText, file: base.path)
        for text in commandLine {
            let override = try Override(text)
            try override.apply(to: &root)
            ctx.origins.append(OverrideOrigin(keyPath: override.keyPath, text: text))
        }
        return try ctx.resolvePoint(SweepGrid.removingBlocks(root), extra, defaultName: baseName(base.path), seedOverride: seed)
            .scenario(path: base.path, sourceText: base.sourceText, overrides: commandLine + extra)
    }
}

extension ScenarioLoader {
    /// Loads the file and its `search:` block; throws a ScenarioError (with a clear message) when there is no search block.
    public static func loadSearch(path: String, overrides: [String] = [], programVersion: String,
                                  summaryNames: [String]? = nil, textFigures: [String] = []) throws(ScenarioError) -> SearchPlan {
        let base = try load(path: path, overrides: overrides, summaryNames: summaryNames, textFigures: textFigures)
        var ctx = Ctx(file: path)
        ctx.summaryNames = summaryNames
        ctx.textFigures = textFigures
        var root = try compose(text: base.sourceText, file: path)
        for text in overrides {
            let override = try Override(text)
            try override.apply(to: &root)
            ctx.origins.append(OverrideOrigin(keyPath: override.keyPath, text: text))
        }
        let top = try Section(root, path: "", allowed: nil, ctx: ctx)
        guard let node = top["search"] else {
            throw ScenarioError(file: path, keyPath: "search",
                                message: "no search: block in this scenario; add one, e.g. search: { adversary: [{ behavior: withhold_da, "
                                    + "operators: 2 }], objective: { maximize: finality.path.p99 } }")
        }
        ctx.blockTime = base.config.l1.blockTime
        let tree = Tree(shape: base.config.tree.shape, seed: base.seed)
        let spec = try ctx.searchBlock(node, tree: tree).spec
        let text = ["fractalsim search identity 1", "program_version = \(programVersion)"].joined(separator: "\n") + "\n"
            + spec.canonicalText + "base:\n" + base.canonical
        return SearchPlan(spec: spec, base: base, fixedAdversary: SearchBackground.entries(root), identityText: text,
                          identity: Canonical.digest(text), parents: tree.parent, commandLine: overrides, summaryNames: summaryNames, textFigures: textFigures)
    }
}

extension SearchSpec {
    /// The spec one item per line (`key = value`), every default written out, in a fixed order: the
    /// part of a search's identity that is not its base scenario.
    public var canonicalText: String {
        var lines = ["strategy = \(strategy.rawValue)", "samples = \(samples)", "budget = \(budget)", "neighbors = \(neighbors)",
                     "max_candidates = \(maxCandidates)", "replicates = \(replicates)", "seeds = \(seeds.rawValue)",
                     "seed = " + (seed.map(String.init) ?? "none"),
                     "objective = \(objective.direction.rawValue) \(objective.figure)"]
        if let c = objective.constraint {
            let value: String
            switch c.value {
            case .number(let x): value = Canonical.number(x)
            case .text(let t): value = Canonical.quote(t)
            }
            lines.append("subject_to = \(c.path) \(c.comparison.rawValue) \(value)")
        } else {
            lines.append("subject_to = none")
        }
        for (t, template) in templates.enumerated() {
            let p = "template \(t)"
            lines.append("\(p) behavior = [\(template.behaviors.joined(separator: ", "))]")
            lines.append("\(p) pool = [\(template.pool.map(String.init).joined(separator: ", "))]")
            lines.append("\(p) operators = \(template.operators.lowerBound)...\(template.operators.upperBound)")
            lines.append("\(p) chooses_fork = \(template.choosesFork)")
            for key in template.keys {
                lines.append("\(p) key \(key.key) = [\(key.values.map(Canonical.escape).joined(separator: ", "))]")
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
