import Foundation
import Yams
import ValidiumModel

/// Limits on scenario input applied before and while composing YAML, so that no file — however
/// large, deep or full of aliases — makes the loader hang or allocate without bound.
///
/// - Files (and `--set` values) are at most `maxBytes`; larger files are refused before reading on.
/// - YAML aliases may add at most `maxAliasNodes` nodes once expanded ("billion laughs" bombs).
///   Yams composes an alias as a shared copy (linear), but hashes complex mapping keys while
///   composing, which expands them; so aliases next to complex keys are refused before composing.
/// - Collections nest at most `maxDepth` levels (libyaml itself stops at 1,000).
public enum InputLimits {
    /// The largest scenario file, in bytes (16 MiB).
    public static let maxBytes = 16 << 20
    /// The most nodes YAML aliases may add when expanded.
    public static let maxAliasNodes = 1_000_000
    /// The deepest nesting of mappings and lists.
    public static let maxDepth = 100
    /// The most values of one sweep axis, and the most points of a sweep grid.
    public static let maxSweepPoints = 10_000
    /// The most runs (points × replicates) of a sweep.
    public static let maxSweepRuns = 100_000

    /// Reads at most `maxBytes` of the file at `path` (a pipe is fine; `/dev/zero` is refused, not read forever).
    static func read(_ path: String) throws(ScenarioError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScenarioError(file: path, message: "cannot read the file (check its permissions)")
        }
        defer { try? handle.close() }
        var data = Data()
        while data.count <= maxBytes {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw ScenarioError(file: path, message: "cannot read the file: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
        }
        throw tooLarge(path)
    }

    /// The error for input over `maxBytes`.
    static func tooLarge(_ file: String) -> ScenarioError {
        ScenarioError(file: file, message: "too large: a scenario is at most \(grouped(Int64(maxBytes))) bytes (16 MiB)")
    }

    /// Composes `text` after the checks that must precede composing, then bounds alias expansion and depth.
    /// Throws `YamlError` for YAML syntax errors and `ScenarioError` for a limit.
    static func compose(_ text: String, file: String) throws -> Node? {
        if text.utf8.count > maxBytes { throw tooLarge(file) }
        try checkAliasKeys(text, file: file)
        let parser = try Parser(yaml: text)
        let root = try parser.singleRoot()
        // The parser owns the anchors (nodes hold them weakly): keep it alive while measuring.
        defer { withExtendedLifetime(parser) {} }
        if let root { try checkExpansion(root, file: file) }
        return root
    }

    /// Refuses aliases combined with complex mapping keys (`? key`, `[..]: v`, `{..}: v`, `*alias: v`).
    ///
    /// Deliberately coarse: it ignores quotes and comments, so it may refuse an odd but valid file
    /// that has both a `*word` and a `?` or `]:`, but it cannot miss a key that would expand.
    static func checkAliasKeys(_ text: String, file: String) throws(ScenarioError) {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "*")) else { return }
        func isAnchorByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
        let starts: Set<UInt8> = Set(" \t\r\n[{,:?-".utf8)
        func tokenStart(_ i: Int) -> Bool { i == 0 || starts.contains(bytes[i - 1]) }
        func colonAfter(_ i: Int) -> Bool {
            var j = i
            while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
            return j < bytes.count && bytes[j] == UInt8(ascii: ":")
        }
        var aliases = 0
        var complexKey: Int?
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "*"), tokenStart(i), i + 1 < bytes.count, isAnchorByte(bytes[i + 1]) {
                aliases += 1
                var j = i + 1
                while j < bytes.count, isAnchorByte(bytes[j]) { j += 1 }
                if colonAfter(j), complexKey == nil { complexKey = i }
                i = j
                continue
            }
            if complexKey == nil {
                if b == UInt8(ascii: "?"), tokenStart(i) { complexKey = i }
                if b == UInt8(ascii: "]") || b == UInt8(ascii: "}"), colonAfter(i + 1) { complexKey = i }
            }
            i += 1
        }
        guard aliases > 0, let at = complexKey else { return }
        let (line, column) = position(ofByte: at, in: bytes)
        throw ScenarioError(file: file, line: line, column: column,
                            message: "YAML aliases (*name) cannot be combined with complex mapping keys (? key, [..]: or *alias:); scenario keys are plain names")
            .withKeyContext(text)
    }

    /// 1-based line and column (in Unicode scalars) of byte `offset`.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[..<min(offset, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// Fails when aliases expand the tree by more than `maxAliasNodes` nodes or it nests deeper than `maxDepth`.
    static func checkExpansion(_ root: Node, file: String) throws(ScenarioError) {
        var walk = ExpansionWalk(file: file)
        _ = try walk.size(root, depth: 0)
    }
}

/// Counts the nodes of a composed tree, each anchored node once, adding the size of every alias use.
struct ExpansionWalk {
    let file: String
    /// Expanded size of each anchored node, by anchor identity.
    var memo: [ObjectIdentifier: Int] = [:]
    /// Nodes that aliases added so far.
    var added = 0
    /// Keys from the root to the current node, for the error's key path.
    var path: [String] = []

    /// The expanded size of `node` (saturating), counting alias uses into `added`.
    mutating func size(_ node: Node, depth: Int) throws(ScenarioError) -> Int {
        if depth > InputLimits.maxDepth {
            throw fail(node, "nested more than \(InputLimits.maxDepth) levels deep; a scenario needs a handful")
        }
        let id = node.anchor.map(ObjectIdentifier.init)
        if let id, let known = memo[id] {
            added = min(added + known, Int.max / 2)
            if added > InputLimits.maxAliasNodes {
                throw fail(node, "YAML aliases expand to more than \(grouped(Int64(InputLimits.maxAliasNodes))) extra nodes "
                           + "(an alias bomb?); use fewer or smaller aliases")
            }
            return known
        }
        var total = 1
        switch node {
        case .mapping(let m):
            for (key, value) in m {
                total += try size(key, depth: depth + 1)
                path.append(key.scalar?.string ?? "?")
                total += try size(value, depth: depth + 1)
                path.removeLast()
                total = min(total, Int.max / 2)
            }
        case .sequence(let q):
            for (i, item) in q.enumerated() {
                path.append("[\(i)]")
                total = min(total + (try size(item, depth: depth + 1)), Int.max / 2)
                path.removeLast()
            }
        case .scalar, .alias:
            break
        }
        if let id { memo[id] = total }
        return total
    }

    /// An error at `node` naming the key path walked so far.
    func fail(_ node: Node, _ message: String) -> ScenarioError {
        var keyPath = ""
        for part in path { keyPath += part.hasPrefix("[") || keyPath.isEmpty ? part : "." + part }
        return ScenarioError(file: file, line: node.mark?.line, column: node.mark?.column,
                             keyPath: keyPath.isEmpty ? nil : String(keyPath.prefix(120)), message: message)
    }
}

extension Ctx {
    /// Fails when the grid of `spec` has more than `maxSweepPoints` points or `maxSweepRuns` runs.
    func checkGridSize(_ spec: SweepSpec, node: Node) throws(ScenarioError) {
        var points = 1
        for factor in spec.factors {
            let (product, overflow) = points.multipliedReportingOverflow(by: spec.axes[factor[0]].values.count)
            points = overflow ? Int.max : product
        }
        let (runs, overflow) = points.multipliedReportingOverflow(by: spec.replicates)
        let name = spec.kind.rawValue
        if points > InputLimits.maxSweepPoints {
            throw fail(node, name, "out of range: the grid has \(points == Int.max ? "more than 9 × 10^18" : grouped(Int64(points))) points; "
                       + "at most \(grouped(Int64(InputLimits.maxSweepPoints))) are supported (zip axes or split the sweep)")
        }
        if overflow || runs > InputLimits.maxSweepRuns {
            throw fail(node, name, "out of range: \(grouped(Int64(points))) points × \(spec.replicates) replicates = "
                       + "\(overflow ? "too many" : grouped(Int64(runs))) runs; at most \(grouped(Int64(InputLimits.maxSweepRuns))) are supported")
        }
    }

    /// `message` with every double-quoted part over 60 characters, and every word over 80, cut
    /// (values quoted from the input can be megabytes long).
    static func clipQuotes(_ message: String) -> String {
        guard message.count > 200 else { return message }
        let parts = message.split(separator: "\"", omittingEmptySubsequences: false)
        let quoted = parts.enumerated().map { $0.offset % 2 == 1 ? short(String($0.element)) : String($0.element) }
            .joined(separator: "\"")
        guard quoted.count > 500 else { return quoted }
        return quoted.split(separator: " ", omittingEmptySubsequences: false).map { short(String($0), 80) }.joined(separator: " ")
    }

    /// `text` cut to `limit` characters with an ellipsis, for values quoted in messages.
    static func short(_ text: String, _ limit: Int = 60) -> String {
        text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
    }
}

extension InputLimits {
    /// The most samples a run stores (`duration / metrics.sample_every`).
    public static let maxSamples: Int64 = 1_000_000
    /// The most L1 blocks a run produces (`duration / l1.block_time`); each is a row and state.
    public static let maxBlocks: Int64 = 10_000_000
}

extension Ctx {
    /// Refuses runs whose per-sample and per-block records alone would not fit in memory.
    func checkRunSize(_ config: ModelConfig, _ s: Section) throws(ScenarioError) {
        let samples = config.duration / max(config.metrics.sampleEvery, 1)
        if samples > InputLimits.maxSamples {
            let metricsNode = s["metrics"].flatMap { try? Section($0, path: "metrics", allowed: nil, ctx: self) }
            let at = metricsNode?["sample_every"] ?? s["duration"]
            throw fail(at, metricsNode?["sample_every"] == nil ? "duration" : "metrics.sample_every",
                       "out of range: \(grouped(samples)) samples (duration / metrics.sample_every); at most "
                       + "\(grouped(InputLimits.maxSamples)) are stored (sample less often or run shorter)")
        }
        let blocks = config.duration / max(config.l1.blockTime, 1)
        if blocks > InputLimits.maxBlocks {
            let l1Node = s["l1"].flatMap { try? Section($0, path: "l1", allowed: nil, ctx: self) }
            let at = l1Node?["block_time"] ?? s["duration"]
            throw fail(at, l1Node?["block_time"] == nil ? "duration" : "l1.block_time",
                       "out of range: \(grouped(blocks)) L1 blocks (duration / l1.block_time); at most "
                       + "\(grouped(InputLimits.maxBlocks)) are supported (longer blocks or a shorter run)")
        }
    }
}
