import Yams

/// Reading `search.objective`: `maximize` or `minimize` a summary figure (or `operators`), and an
/// optional constraint `subject_to: "FIGURE OP VALUE"` read like an `expect:` entry.
extension Ctx {
    /// The objective at `node`; `templates` tell whether `operators` counts anything.
    func searchObjective(_ node: Node, templates: [SearchTemplate]) throws(ScenarioError) -> SearchObjective {
        let path = "search.objective"
        let s = try Section(node, path: path, allowed: KeyRegistry.children(of: path), ctx: self,
                            expected: "a mapping such as { maximize: finality.path.p99 }")
        let given = [SearchDirection.maximize, .minimize].filter { s[$0.rawValue] != nil }
        guard let direction = given.first, let figureNode = s[direction.rawValue] else {
            throw fail(node, path, "missing required key: maximize or minimize (a summary figure such as finality.path.p99, or operators)")
        }
        if given.count > 1 {
            throw fail(s.keyNode("minimize"), s.sub("minimize"), "give either maximize or minimize, not both")
        }
        let at = s.sub(direction.rawValue)
        let figure = try text(figureNode, at, expected: "a summary figure such as finality.path.p99, or operators").trimmingSpaces
        if figure == SearchObjective.operatorsFigure {
            if templates.allSatisfy({ $0.pool.isEmpty }) {
                throw fail(figureNode, at, "operators counts the operators of templates with nodes; every template here is an L1 fault without nodes")
            }
        } else {
            try checkSearchFigure(figure, figureNode, at, allowOperators: true)
        }
        var constraint: Expectation?
        if let v = s["subject_to"] { constraint = try searchConstraint(v, s.sub("subject_to")) }
        return SearchObjective(direction: direction, figure: figure, constraint: constraint)
    }

    /// `"FIGURE OP VALUE"` as an expectation on a numeric summary figure.
    private func searchConstraint(_ node: Node, _ path: String) throws(ScenarioError) -> Expectation {
        let example = "FIGURE OP VALUE, e.g. \"elections.failed > 0\" or \"l1.stall >= 10m\""
        let raw = try text(node, path, expected: example).trimmingSpaces
        let end = raw.firstIndex { " \t<>=!".contains($0) } ?? raw.endIndex
        let figure = String(raw[..<end])
        let rest = String(raw[end...]).trimmingSpaces
        guard !figure.isEmpty, let first = rest.first, "<>=!".contains(first) else {
            throw fail(node, path, "expected \(example), got \(describe(node))")
        }
        if figure == SearchObjective.operatorsFigure {
            throw fail(node, path, "operators cannot be constrained here: bound it with operators: in the templates")
        }
        try checkSearchFigure(figure, node, path, allowOperators: false)
        let (comparison, value) = try expectation(rest, node, path)
        if case .text(let t) = value {
            throw fail(node, path, "expected a number, a duration or a size after \(comparison.rawValue), got \"\(t)\"")
        }
        return Expectation(path: figure, comparison: comparison, value: value, source: rest, line: node.mark?.line ?? 0)
    }

    /// Fails unless `figure` is a numeric summary figure of this program (any name when the names are not known).
    private func checkSearchFigure(_ figure: String, _ node: Node, _ path: String, allowOperators: Bool) throws(ScenarioError) {
        if let names = summaryNames, !names.contains(figure) {
            let also = allowOperators ? "; or operators, the candidate's operator count" : ""
            throw fail(node, path, "no summary figure \(Ctx.short(figure)) (the README lists them\(also))",
                       suggestion: Suggest.best(figure, among: names + (allowOperators ? [SearchObjective.operatorsFigure] : [])))
        }
        if textFigures.contains(figure) {
            throw fail(node, path, "\(figure) is a text figure (holds or violated); a search compares numbers: choose a numeric figure")
        }
    }
}
