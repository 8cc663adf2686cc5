import Foundation
import Metrics

/// The tree of a run as an SVG coloured by role: the whole tree when small, else the neighbourhood
/// of the (first) faulty node — its ancestors, siblings, children, the detector, the new operator,
/// the nodes that exited and where they went — with the omitted subtrees counted.
enum TreeSVG {
    /// A role, in drawing priority (the first that applies colours a node).
    enum Role: String, CaseIterable {
        case faulty = "faulty", l1 = "the L1", newOperator = "new operator", exited = "exited and re-attached",
             detector = "first detector", victim = "victim", voter = "voter", honest = "honest"

        var color: String {
            switch self {
            case .l1: return "#222222"
            case .faulty: return "#d62728"
            case .newOperator: return "#2ca02c"
            case .detector: return "#ff7f0e"
            case .exited: return "#9467bd"
            case .victim: return "#e377c2"
            case .voter: return "#bcbd22"
            case .honest: return "#9ecae1"
            }
        }
    }

    /// Up to this many nodes, the whole tree is drawn.
    static let wholeTreeLimit = 121

    /// One drawn node.
    struct Placed { var id: Int; var parent: Int; var x: Double; var y: Double; var role: Role; var omitted: Int; var note: String }

    /// The figure and the drawn nodes (`tree.csv`), or nil when the run has no nodes table rows.
    static func figure(_ tables: [String: QueryTable], nodes: QueryTable) -> (figure: ReportFigure, table: QueryTable)? {
        let ids = nodes.numbers("id").map { Int($0 ?? -1) }, parents = nodes.numbers("parent").map { Int($0 ?? -1) }
        let sizes = nodes.numbers("subtree_size").map { Int($0 ?? 1) }
        guard !ids.isEmpty else { return nil }
        var parent: [Int: Int] = [:], size: [Int: Int] = [:], children: [Int: [Int]] = [:]
        for k in ids.indices {
            parent[ids[k]] = parents[k]; size[ids[k]] = sizes[k]
            if parents[k] >= 0 { children[parents[k], default: []].append(ids[k]) }
        }
        // Roles from the tables.
        var roles: [Int: Role] = [:], notes: [Int: String] = [:]
        func assign(_ id: Int?, _ r: Role, _ note: String) {
            guard let id, parent[id] != nil else { return }
            if let old = roles[id], Role.allCases.firstIndex(of: old)! <= Role.allCases.firstIndex(of: r)! { return }
            roles[id] = r; notes[id] = note
        }
        var focus: [Int] = []
        var exitedFrom: [Int: Int] = [:]
        if let t = tables[AttackQueries.faults.name] {
            let n = t.numbers("node"), b = t.strings("behavior"), d = t.numbers("first_detector")
            for r in t.rows.indices {
                let id = Int(n[r] ?? -1)
                focus.append(id)
                assign(id, .faulty, (b[r] ?? "").replacingOccurrences(of: "_", with: " "))
                assign(d[r].map { Int($0) }, .detector, "detected node \(id)")
            }
        }
        if let t = tables[AttackQueries.elections.name] {
            for (f, op) in zip(t.numbers("faulty"), t.numbers("new_operator")) {
                assign(op.map { Int($0) }, .newOperator, "replaced node \(Int(f ?? -1))")
            }
        }
        if let t = tables[AttackQueries.exits.name] {
            for (n, f) in zip(t.numbers("node"), t.numbers("faulty")) {
                guard let n, let f else { continue }
                exitedFrom[Int(n)] = Int(f)
                assign(Int(n), .exited, "left node \(Int(f))")
            }
        }
        if let t = tables[AttackQueries.victimNodes.name] {
            for n in t.numbers("node") { assign(n.map { Int($0) }, .victim, "cut off") }
        }
        // Voters: the honest nodes of a subtree whose faulty root was replaced by an election (the
        // tables hold vote counts, not voters: every honest descendant is entitled to vote).
        if let t = tables[AttackQueries.elections.name] {
            for f in Set(t.numbers("faulty").compactMap { $0.map(Int.init) }).sorted() {
                var stack = children[f] ?? []
                while let n = stack.popLast() {
                    if roles[n] == nil { roles[n] = .voter; notes[n] = "entitled to vote against node \(f)" }
                    stack += children[n] ?? []
                }
            }
        }
        let root = ids[parents.firstIndex(of: -1) ?? 0]
        if roles[root] != .faulty { roles[root] = .l1 }
        // Which nodes to draw.
        var shown = Set<Int>()
        func withAncestors(_ id: Int) { var x: Int? = id; while let v = x, v >= 0, !shown.contains(v) { shown.insert(v); x = parent[v] } }
        let whole = ids.count <= wholeTreeLimit
        if whole {
            shown = Set(ids)
        } else {
            withAncestors(root)
            for c in (children[root] ?? []).prefix(8) { shown.insert(c) }
            for f in focus.prefix(2) {
                withAncestors(f)
                if let p = parent[f], p >= 0 { for s in (children[p] ?? []).prefix(6) { shown.insert(s) } }
                for c in (children[f] ?? []).prefix(10) { shown.insert(c) }
                if f == root { for c in (children[root] ?? []) { for g in (children[c] ?? []).prefix(4) { shown.insert(g) } } }
            }
            for id in roles.keys.sorted() where roles[id] != .victim && roles[id] != .voter { withAncestors(id) }
        }
        // Layout: leaves of the drawn tree left to right in id order, parents centred over their children.
        var placed: [Int: Placed] = [:]
        var nextX = 0.0
        func place(_ id: Int, depth: Int) -> Double {
            let drawn = (children[id] ?? []).filter(shown.contains).sorted()
            let omitted = (children[id] ?? []).filter { !shown.contains($0) }.reduce(0) { $0 + (size[$1] ?? 1) }
            let x: Double
            if drawn.isEmpty { x = nextX; nextX += 1 } else {
                let xs = drawn.map { place($0, depth: depth + 1) }
                x = (xs.first! + xs.last!) / 2
            }
            placed[id] = Placed(id: id, parent: parent[id] ?? -1, x: x, y: Double(depth), role: roles[id] ?? .honest,
                                omitted: omitted, note: notes[id] ?? "")
            return x
        }
        _ = place(root, depth: 0)
        let drawn = placed.values.sorted { $0.id < $1.id }
        let figure = ReportFigure(file: "tree.svg", heading: "The tree and who did what",
                            caption: (whole ? "The whole tree" : "The neighbourhood of the faulty node (its ancestors, siblings, children, "
                                        + "the detector, the new operator and the nodes that exited; +k: nodes not drawn)")
                                + ", coloured by role. Exited nodes hang under their new parent, with a dashed line to the node they left. "
                                + "Voters (when an election replaced the faulty node): the honest nodes of its subtree, each entitled to vote; "
                                + "how many votes were counted, and when, is in the elections table and plot.",
                            dataset: ReportDataset(name: "tree", table: "nodes", sql: "SELECT id, parent, depth FROM nodes WHERE run_id = :run"),
                            plot: SVGPlot(title: "tree", x: PlotAxis(label: ""), y: PlotAxis(label: "")),
                            python: treePython, customSVG: render(placed, exitedFrom: exitedFrom, columns: nextX, whole: whole, total: ids.count))
        return (figure, table(drawn))
    }

    /// The drawn nodes as a table (`tree.csv`, what the notebook redraws).
    static func table(_ svgNodes: [Placed]) -> QueryTable {
        QueryTable(columns: ["id", "parent", "x", "depth", "role", "omitted", "note"], rows: svgNodes.map {
            [.integer(Int64($0.id)), .integer(Int64($0.parent)), .real($0.x), .integer(Int64($0.y)), .text($0.role.rawValue),
             .integer(Int64($0.omitted)), .text($0.note)]
        })
    }

    static func render(_ placed: [Int: Placed], exitedFrom: [Int: Int], columns: Double, whole: Bool, total: Int) -> String {
        let c = Ticks.coordinate
        let depth = (placed.values.map(\.y).max() ?? 0) + 1
        let dx = max(14, min(48, 900 / max(columns, 1))), dy = 70.0, left = 30.0, top = 70.0
        let width = max(640, left * 2 + dx * columns), height = top + dy * depth + 60
        func px(_ p: Placed) -> Double { left + dx * (p.x + 0.5) }
        func py(_ p: Placed) -> Double { top + dy * p.y }
        let nodes = placed.values.sorted { $0.id < $1.id }
        var o = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            font-family="Helvetica, Arial, sans-serif" font-size="10">
            <title>The tree by role</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(c(left))" y="22" font-size="15" font-weight="bold">\(whole ? "The tree" : "Around the faulty node"), coloured by role</text>
            <text x="\(c(left))" y="40" font-size="12" fill="#555555">\(nodes.count) of \(SummaryFormat.grouped(Int64(total))) nodes drawn</text>
            <g stroke="#bbbbbb" stroke-width="1">

            """
        for p in nodes where p.parent >= 0 {
            guard let q = placed[p.parent] else { continue }
            o += "<line x1=\"\(c(px(q)))\" y1=\"\(c(py(q)))\" x2=\"\(c(px(p)))\" y2=\"\(c(py(p)))\"/>"
        }
        o += "\n</g>\n<g stroke=\"#9467bd\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\" fill=\"none\">\n"
        for (n, f) in exitedFrom.sorted(by: { $0.key < $1.key }) {
            guard let a = placed[n], let b = placed[f] else { continue }
            o += "<line x1=\"\(c(px(a)))\" y1=\"\(c(py(a)))\" x2=\"\(c(px(b)))\" y2=\"\(c(py(b)))\"/>"
        }
        o += "\n</g>\n<g class=\"series\" data-points=\"\(nodes.count)\" data-name=\"nodes\">\n"
        let r = min(9, dx / 2.4)
        for p in nodes {
            let tip = "node \(p.id) (\(p.role.rawValue)\(p.note.isEmpty ? "" : ": " + p.note))"
            o += "<g><title>\(XML.escape(tip))</title><circle cx=\"\(c(px(p)))\" cy=\"\(c(py(p)))\" r=\"\(c(r))\" fill=\"\(p.role.color)\" stroke=\"#333333\" stroke-width=\"0.6\"/>"
            if dx >= 22 || p.role != .honest {
                o += "<text x=\"\(c(px(p)))\" y=\"\(c(py(p) + r + 11))\" text-anchor=\"middle\">\(p.id)</text>"
            }
            if p.omitted > 0 {
                o += "<text x=\"\(c(px(p)))\" y=\"\(c(py(p) + r + 22))\" text-anchor=\"middle\" fill=\"#777777\">+\(SummaryFormat.grouped(Int64(p.omitted)))</text>"
            }
            o += "</g>\n"
        }
        o += "</g>\n<g class=\"legend\" font-size=\"11\">\n"
        var x = left
        for role in Role.allCases where nodes.contains(where: { $0.role == role }) {
            let behaviours = Array(Set(nodes.filter { $0.role == .faulty }.map(\.note))).sorted()
            let name = role == .faulty && !behaviours.isEmpty ? "faulty (" + behaviours.joined(separator: ", ") + ")" : role.rawValue
            o += "<circle cx=\"\(c(x + 6))\" cy=\"\(c(height - 20))\" r=\"6\" fill=\"\(role.color)\" stroke=\"#333333\" stroke-width=\"0.6\"/>"
                + "<text x=\"\(c(x + 16))\" y=\"\(c(height - 16))\">\(XML.escape(name))</text>\n"
            x += 28 + 6.2 * Double(name.count)
        }
        return o + "</g>\n</svg>\n"
    }

    static let treePython = """
        # The drawn nodes with their layout and role (tree.csv, written with the SVG).
        tree = pd.read_csv("tree.csv")
        colors = {"the L1": "#222222", "faulty": "#d62728", "new operator": "#2ca02c", "first detector": "#ff7f0e",
                  "exited and re-attached": "#9467bd", "victim": "#e377c2", "voter": "#bcbd22", "honest": "#9ecae1"}
        pos = tree.set_index("id")
        fig, ax = plt.subplots(figsize=(11, 5))
        for _, n in tree[tree.parent >= 0].iterrows():
            if n.parent in pos.index:
                ax.plot([pos.x[n.parent], n.x], [pos.depth[n.parent], n.depth], color="#bbbbbb", lw=0.8, zorder=1)
        for role, d in tree.groupby("role"):
            ax.scatter(d.x, d.depth, color=colors.get(role, "grey"), edgecolor="#333333", s=60, label=role, zorder=2)
        ax.invert_yaxis()
        ax.set(title="The tree, coloured by role", ylabel="depth", xticks=[])
        ax.legend(loc="lower right", fontsize=8)
        plt.show()
        """
}
