import Foundation
import Yams

/// `extends: other.yaml`: a scenario built on another file.
///
/// The path is relative to the file that names it (or absolute). The extended file is read first
/// (its own `extends:` too), then this file's keys are laid over it as a JSON merge patch
/// (RFC 7396): mappings merge key by key, scalars and lists replace, and a key set to null (`~`)
/// removes the inherited one. A distribution (a mapping with `dist:`) and the `expect:`, `sweep:`,
/// `bounds:` and `search:` blocks replace as a whole (expectations are claims about one scenario's outcome),
/// `name:` and `description:` are not inherited (the name defaults to the including file's), and
/// setting a key drops the inherited siblings it conflicts with
/// (`tree.nodes` drops `tree.depth`, `update.mode: eager` drops `update.every`, …), as `--set` does.
///
/// Nodes read from an extended file carry its path in their tag, so that errors found later name
/// that file with the line and column there (`Extends.source(of:)`).
enum Extends {
    /// The longest chain of files (the including file counted).
    static let maxChain = 16
    /// Top-level keys that describe one file and are not inherited.
    static let ownKeys = ["name", "description"]
    /// Top-level blocks that a file replaces as a whole instead of merging into them.
    static let wholeBlocks = ["expect", "sweep", "bounds", "search"]
    /// Tag prefix of nodes read from an extended file; the rest of the tag is the file's path.
    static let tagPrefix = "tag:fractalsim,2026:source:"

    /// One file of a chain: the path shown in messages, and its identity (absolute, symlinks resolved).
    struct Link {
        let display: String
        let identity: String
        init(_ path: String) {
            display = path
            identity = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
    }

    /// `root` (the mapping of `file`) with its `extends:` chain resolved, and the files of the chain,
    /// `file` first. Without `extends:` the root is returned as is.
    static func resolve(_ root: Node, file: String) throws(ScenarioError) -> (root: Node, chain: [String]) {
        var chain = [Link(file)]
        let merged = try resolve(root, chain: &chain)
        return (merged, chain.map(\.display))
    }

    /// Resolves the `extends:` of the last file of `chain`, whose root is `root`.
    private static func resolve(_ root: Node, chain: inout [Link]) throws(ScenarioError) -> Node {
        guard case .mapping(let m) = root, let entry = m.first(where: { $0.key.scalar?.string == "extends" }) else {
            return root
        }
        let current = chain[chain.count - 1]
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: source(of: entry.value) ?? current.display, line: entry.value.mark?.line,
                          column: entry.value.mark?.column, keyPath: "extends", message: message)
        }
        guard case .scalar(let s) = entry.value, !isNull(entry.value), !s.string.trimmingSpaces.isEmpty else {
            throw fail("expected the path of a scenario file, relative to this one (e.g. ../baseline.yaml), got \(describe(entry.value))")
        }
        let target = Link(path(s.string.trimmingSpaces, relativeTo: current.display))
        let names = (chain + [target]).map(\.display).joined(separator: " -> ")
        if chain.contains(where: { $0.identity == target.identity }) {
            throw fail("cycle: \(names) (a file cannot extend itself, directly or through others)")
        }
        if chain.count >= maxChain {
            throw fail("too many files: \(names) (at most \(maxChain) in a chain)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.display, isDirectory: &isDirectory) else {
            throw fail("no such file: \(target.display) (\(names); the path is relative to the file that names it)")
        }
        if isDirectory.boolValue { throw fail("\(target.display) is a directory, not a scenario file (\(names))") }
        let text = try ScenarioLoader.decodeUTF8(try InputLimits.read(target.display), file: target.display)
        let baseRoot = try ScenarioLoader.compose(text: text, file: target.display)
        guard case .mapping = baseRoot else {
            throw ScenarioError(file: target.display, line: baseRoot.mark?.line, column: baseRoot.mark?.column,
                                message: "expected a mapping of scenario keys to extend (\(names)), got \(describe(baseRoot))")
        }
        chain.append(target)
        var base = try resolve(tagged(baseRoot, source: target.display), chain: &chain)
        if case .mapping(let b) = base {  // name and description describe one file: not inherited
            base = .mapping(Node.Mapping(b.filter { !Extends.ownKeys.contains($0.key.scalar?.string ?? "") }
                .map { ($0.key, $0.value) }, b.tag, b.style, b.mark))
        }
        let patch = Node.mapping(Node.Mapping(m.filter { $0.key.scalar?.string != "extends" }.map { ($0.key, $0.value) },
                                              m.tag, m.style, m.mark))
        return merge(base, patch, parent: [])
    }

    /// `value` relative to the directory of `file` (unless absolute), with `.` and `dir/..` removed.
    static func path(_ value: String, relativeTo file: String) -> String {
        let directory = (file as NSString).deletingLastPathComponent
        let joined = value.hasPrefix("/") || directory.isEmpty ? value : directory + "/" + value
        var parts: [String] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            if part == "." || (part.isEmpty && !parts.isEmpty) { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        let result = parts.joined(separator: "/")
        return result.isEmpty ? "." : result
    }

    /// `patch` laid over `base` (RFC 7396, with the replacements described on `Extends`).
    static func merge(_ base: Node, _ patch: Node, parent: [String]) -> Node {
        guard case .mapping(let b) = base, case .mapping(let p) = patch else { return patch }
        if p.contains(where: { $0.key.scalar?.string == "dist" }) { return patch }
        var pairs = b.map { ($0.key, $0.value) }
        for (key, value) in p {
            let name = key.scalar?.string ?? ""
            if isNull(value) {
                pairs.removeAll { $0.0.scalar?.string == name }
                continue
            }
            if let index = pairs.firstIndex(where: { $0.0.scalar?.string == name }) {
                let inner = parent.isEmpty && Extends.wholeBlocks.contains(name) ? value
                    : merge(pairs[index].1, value, parent: parent + [name])
                pairs[index] = (key, inner)
            } else {
                pairs.append((key, value))
            }
            Conflicts.drop(&pairs, setting: name, parent: parent, value: value)
        }
        return .mapping(Node.Mapping(pairs, p.tag, p.style, p.mark))
    }

    /// The file an extended node was read from (nil: the including file, or a `--set` value).
    static func source(of node: Node?) -> String? {
        guard let node else { return nil }
        let name = node.tag.rawValue
        return name.hasPrefix(tagPrefix) ? String(name.dropFirst(tagPrefix.count)) : nil
    }

    /// A copy of `node` whose every node is tagged with `source`.
    static func tagged(_ node: Node, source: String) -> Node {
        retagged(node, Tag(Tag.Name(rawValue: tagPrefix + source)))
    }

    /// A copy of `node` with plain tags again (for writing it out as YAML).
    static func untagged(_ node: Node) -> Node { retagged(node, nil) }

    /// A copy of `node` with `tag` on every node (nil: an extended file's tag back to implicit, others kept).
    private static func retagged(_ node: Node, _ tag: Tag?) -> Node {
        func pick(_ old: Tag) -> Tag {
            if let tag { return tag }
            return old.rawValue.hasPrefix(tagPrefix) ? .implicit : old
        }
        switch node {
        case .scalar(var s):
            s.tag = pick(s.tag)
            return .scalar(s)
        case .mapping(let m):
            return .mapping(Node.Mapping(m.map { (retagged($0.key, tag), retagged($0.value, tag)) }, pick(m.tag), m.style, m.mark))
        case .sequence(let q):
            return .sequence(Node.Sequence(q.map { retagged($0, tag) }, pick(q.tag), q.style, q.mark))
        case .alias:
            return node
        }
    }

    /// The merged scenario as YAML text (what a run stores and replays), with a comment naming the chain.
    static func flatten(_ root: Node, chain: [String]) -> String {
        let body = (try? Yams.serialize(node: untagged(root), width: -1, allowUnicode: true)) ?? ""
        return "# \(chain.joined(separator: " -> ")), merged (extends: resolved)\n" + body
    }
}

/// Keys that replace their siblings when set (by `--set` or by a file that extends another).
enum Conflicts {
    /// Removes from `pairs` (a mapping under `parent`) the siblings that setting `key` to `value` replaces:
    /// depth/nodes, the keys other tree shapes use, every/eager mode, gamma scale/mean.
    static func drop(_ pairs: inout [(Node, Node)], setting key: String, parent: [String], value: Node) {
        func word(_ k: String) -> String? { pairs.first { $0.0.scalar?.string == k }?.1.scalar?.string.trimmingSpaces }
        func remove(_ keys: String...) { pairs.removeAll { keys.contains($0.0.scalar?.string ?? "") } }
        let newWord = value.scalar?.string.trimmingSpaces
        switch (parent, key) {
        case (["tree"], "depth"): remove("nodes")
        case (["tree"], "nodes"): remove("depth")
        case (["tree"], "shape"):
            for (k, shapes) in Ctx.shapeKeys where !shapes.contains(newWord ?? "complete") { remove(k) }
        case (["update"], "every") where word("mode") == "eager": remove("mode")
        case (["update"], "mode") where newWord == "eager": remove("every")
        case (_, "scale") where word("dist") == "gamma": remove("mean")
        case (_, "mean") where word("dist") == "gamma": remove("scale")
        default: break
        }
    }
}

extension ScenarioLoader {
    /// The text of the scenario file at `url` with its `extends:` chain merged (the file's own text
    /// without one), or nil when it does not load.
    public static func mergedText(_ url: URL) -> String? {
        do throws(ScenarioError) { return try load(path: url.path).sourceText } catch { return nil }
    }
}
