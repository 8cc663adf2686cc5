import Yams

/// One parsed `--set KEY=VALUE`.
struct Override {
    /// The override as given.
    let text: String
    /// The key path; under `expect` the rest of the dotted name is one key.
    let path: [String]
    /// The value as a node without marks (so that errors name the override).
    let value: Node

    /// The dotted key path.
    var keyPath: String { path.joined(separator: ".") }

    /// Parses `KEY=VALUE`; VALUE is a YAML scalar or flow node (raw text under `expect`).
    init(_ text: String) throws(ScenarioError) {
        self.text = text
        let bad = { (message: String) in ScenarioError(file: "--set \(text)", message: message) }
        guard let eq = text.firstIndex(of: "=") else {
            throw bad("expected KEY=VALUE with a dotted key path, e.g. tree.width=4")
        }
        let key = text[..<eq].trimmingSpaces
        let valueText = String(text[text.index(after: eq)...])
        var segments = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // Under expect, sweep and bounds the rest of the dotted name is one key (`sweep.tree.width`).
        if let first = segments.first, ["expect", "sweep", "bounds"].contains(first), segments.count > 1 {
            segments = [first, segments.dropFirst().joined(separator: ".")]
        }
        guard !key.isEmpty, segments.allSatisfy({ !$0.trimmingSpaces.isEmpty }) else {
            throw bad("expected KEY=VALUE with a dotted key path such as tree.width, got key \"\(key)\"")
        }
        path = segments
        if segments.first == "expect" {
            var raw = valueText.trimmingSpaces
            if raw.count >= 2, let f = raw.first, f == raw.last, f == "\"" || f == "'" { raw = String(raw.dropFirst().dropLast()) }
            value = Node(raw, .implicit, .plain)
            return
        }
        let composed: Node?
        do {
            composed = try InputLimits.compose(valueText, file: "--set \(text)")
        } catch let error as YamlError {
            throw bad("\(key): invalid value: \(YamlErrors.problem(error))")
        } catch let error as ScenarioError {
            throw bad("\(key): invalid value: \(error.message)")
        } catch {
            throw bad("\(key): invalid value")
        }
        value = Override.unmarked(composed ?? Node("", .implicit, .plain))
    }

    /// A copy of `node` with every mark removed.
    static func unmarked(_ node: Node) -> Node {
        switch node {
        case .scalar(var s):
            s.mark = nil
            return .scalar(s)
        case .mapping(let m):
            return .mapping(Node.Mapping(m.map { (unmarked($0.key), unmarked($0.value)) }, m.tag, m.style, nil))
        case .sequence(let q):
            return .sequence(Node.Sequence(q.map(unmarked), q.tag, q.style, nil))
        case .alias:
            return node
        }
    }

    /// Sets the value in `root`, creating intermediate mappings and dropping conflicting siblings.
    func apply(to root: inout Node) throws(ScenarioError) {
        root = try set(root, path[...], prefix: [])
    }

    private func set(_ node: Node, _ rest: ArraySlice<String>, prefix: [String]) throws(ScenarioError) -> Node {
        guard let key = rest.first else { return value }
        var pairs: [(Node, Node)] = []
        var tag: Tag = .implicit, style = Node.Mapping.Style.block
        var mark: Mark?
        switch node {
        case .mapping(let m):
            pairs = m.map { ($0.key, $0.value) }
            tag = m.tag
            style = m.style
            mark = m.mark
        case _ where isNull(node):
            break
        default:
            let at = prefix.isEmpty ? "the top level" : prefix.joined(separator: ".")
            throw ScenarioError(file: "--set \(text)", keyPath: keyPath,
                                message: "cannot set a key inside \(at), which is \(describe(node)), not a mapping")
        }
        let index = pairs.firstIndex { $0.0.scalar?.string == key }
        let child = try set(index.map { pairs[$0].1 } ?? Node("", .implicit, .plain), rest.dropFirst(), prefix: prefix + [key])
        if let index { pairs[index].1 = child } else { pairs.append((Node(key, .implicit, .plain), child)) }
        if rest.count == 1 { Conflicts.drop(&pairs, setting: key, parent: prefix, value: value) }
        return .mapping(Node.Mapping(pairs, tag, style, mark))
    }
}
