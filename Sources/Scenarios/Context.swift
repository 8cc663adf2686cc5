import SimCore
import Yams

/// The dotted key path and text of one `--set` override, used to name it in errors.
struct OverrideOrigin {
    /// The dotted key path the override sets.
    let keyPath: String
    /// The override as given, `KEY=VALUE`.
    let text: String
}

/// Validation context: the file name, where overrides came from, and the resolved L1 block time.
struct Ctx {
    /// The file path as given.
    let file: String
    /// Overrides in the order applied.
    var origins: [OverrideOrigin] = []
    /// `l1.block_time` in µs, used for durations written in blocks; nil while it is being read.
    var blockTime: SimTime? = nil
    /// The summary figures `expect:` may name (nil: any name is accepted).
    var summaryNames: [String]? = nil
    /// Of those, the figures whose value is text (`safety: holds`); the others take numbers.
    var textFigures: [String] = []

    /// An error located at `node` (or at the override that produced it when the node has no mark).
    func fail(_ node: Node?, _ keyPath: String, _ message: String, suggestion: String? = nil) -> ScenarioError {
        let message = Ctx.clipQuotes(message)
        if let mark = node?.mark {
            return ScenarioError(file: Extends.source(of: node) ?? file, line: mark.line, column: mark.column, keyPath: keyPath,
                                 message: message, suggestion: suggestion)
        }
        if let origin = origin(of: keyPath) {
            return ScenarioError(file: "--set \(origin.text)", keyPath: keyPath, message: message, suggestion: suggestion)
        }
        return ScenarioError(file: file, keyPath: keyPath, message: message, suggestion: suggestion)
    }

    /// The override that most likely produced a node at `keyPath`: the latest one sharing the most leading keys with it.
    func origin(of keyPath: String) -> OverrideOrigin? {
        let target = segments(keyPath)
        var best: (origin: OverrideOrigin, shared: Int)?
        for origin in origins {
            let shared = zip(segments(origin.keyPath), target).prefix { $0 == $1 }.count
            if shared > 0, shared >= (best?.shared ?? 0) { best = (origin, shared) }
        }
        return best?.origin
    }

    /// The keys of a dotted path (`tree.parents[3]` → tree, parents); `expect.` keeps the rest as one key.
    private func segments(_ keyPath: String) -> [String] {
        let base = keyPath.split(separator: "[", maxSplits: 1).first.map(String.init) ?? keyPath
        let parts = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if let first = parts.first, ["expect", "sweep", "bounds"].contains(first), parts.count > 1 {
            return [first, parts.dropFirst().joined(separator: ".")]
        }
        return parts
    }
}

/// `path.key`, or `key` at the top level.
func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

/// True for an empty or `null`/`~` plain scalar.
func isNull(_ node: Node) -> Bool {
    guard case .scalar(let s) = node else { return false }
    if s.style == .singleQuoted || s.style == .doubleQuoted { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.string)
}

/// A short description of a node for "got …" in messages.
func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s):
        if isNull(node) { return "an empty value" }
        let text = s.string.count > 60 ? String(s.string.prefix(57)) + "..." : s.string
        return "\"\(text)\""
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
}

/// One mapping of the scenario, its keys checked against the allowed ones.
struct Section {
    /// The mapping's dotted key path ("" at the top level).
    let path: String
    /// The mapping node, for the location of "missing key" errors.
    let node: Node
    /// Entries in file order.
    let entries: [(key: String, keyNode: Node, value: Node)]

    /// Reads `node` as a mapping (an empty value is an empty mapping) whose keys are all in `allowed`.
    init(_ node: Node, path: String, allowed: [String]?, ctx: Ctx, expected: String = "a mapping") throws(ScenarioError) {
        self.path = path
        self.node = node
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        var seen = Set<String>()
        if isNull(node) { self.entries = []; return }
        guard case .mapping(let mapping) = node else {
            throw ctx.fail(node, path, "expected \(expected), got \(describe(node))")
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let k) = keyNode, !isNull(keyNode) else {
                throw ctx.fail(keyNode, path, "expected a key name, got \(describe(keyNode))")
            }
            let key = k.string
            if let allowed, !allowed.contains(key) {
                let hint = Suggest.best(key, among: allowed).map { join(path, $0) }
                throw ctx.fail(keyNode, join(path, key), "unknown key", suggestion: hint)
            }
            if !seen.insert(key).inserted {
                throw ctx.fail(keyNode, join(path, key), "duplicated key (each key may appear only once in a mapping)")
            }
            entries.append((key, keyNode, value))
        }
        self.entries = entries
    }

    /// The value of `key`, if present.
    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    /// The key node of `key`, if present.
    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

    /// The dotted path of `key` in this mapping.
    func sub(_ key: String) -> String { join(path, key) }
}

/// Did-you-mean suggestions: a case/underscore-insensitive match, else Levenshtein distance ≤ 2.
enum Suggest {
    /// The closest candidate to `word`, if any is close enough.
    static func best(_ word: String, among candidates: [String]) -> String? {
        let folded = fold(word)
        if let same = candidates.first(where: { fold($0) == folded }) { return same }
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased().unicodeScalars), limit: 2)
            if d <= 2, d < w.count, d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    /// Lowercased, without `_`, `-` and spaces.
    static func fold(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " }.map(Character.init))
    }

    /// Levenshtein distance, or `limit + 1` when the lengths alone exceed `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// `1234567` → `1,234,567`.
func grouped(_ n: Int64) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}
