import Foundation
import Testing
import Scenarios

/// The key registry: its defaults are the loader's, its paths are unique and described, and the
/// README's key table is the one it generates.
@Suite struct KeyRegistryTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func theReadmeKeyTableIsCurrent() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let markers = KeyRegistry.tableMarkers
        let begin = try #require(text.range(of: markers.begin + "\n"), "README.md has no key table marker")
        let end = try #require(text.range(of: markers.end, range: begin.upperBound..<text.endIndex))
        #expect(String(text[begin.upperBound..<end.lowerBound]) == KeyRegistry.markdownTable(),
                "the README key table is stale: run scripts/update-key-table.sh")
    }

    @Test func pathsAreUniqueAndDescribed() {
        let paths = KeyRegistry.keys.map(\.path)
        #expect(Set(paths).count == paths.count)
        for k in KeyRegistry.keys {
            #expect(!k.summary.isEmpty && (k.defaultValue != nil || !k.defaultNote.isEmpty || k.kind == .mapping), "\(k.path)")
            if k.kind == .keyword { #expect(!k.words.isEmpty, "\(k.path)") }
            if !k.parent.isEmpty { #expect(KeyRegistry.key(k.parent.hasSuffix("[]") ? String(k.parent.dropLast(2)) : k.parent) != nil, "\(k.path)") }
        }
    }

    /// Keys only read when another is set, and what turns them on.
    static func context(_ path: String) -> [String] {
        if path.hasPrefix("workload.bridge.") || path.hasPrefix("forced.") { return ["workload.bridge.rate=0.01/s"] }
        if path.hasPrefix("provers.") { return ["provers.pool=4"] }
        if path.hasPrefix("sybil.") { return ["sybil={rate: 1/m, under: 2}"] }
        if ["l1.stall_timeout", "l1.fork_choice"].contains(path) { return ["l1.mode=single_node"] }
        if ["tree.children", "tree.max_depth", "tree.seed"].contains(path) { return ["tree.shape=random", "tree.nodes=50"] }
        if path == "l1.gas_limit" {   // its test value (2) must hold one ZKP: make ZKPs free
            return ["l1.gas.tx_base=0", "l1.gas.verify=0", "l1.gas.calldata_byte=0", "l1.gas.update=0"]
        }
        if path == "tree.levels" { return ["tree.shape=levels", "tree.levels=[2, 3]"] }
        return []
    }

    /// Setting a key to its documented default changes nothing: the canonical text stays the same.
    @Test func documentedDefaultsAreTheLoadersDefaults() throws {
        var checked = 0
        for k in KeyRegistry.keys {
            guard let value = k.defaultValue, !k.path.contains("[]"), !["sweep", "bounds", "search"].contains(where: { k.path.hasPrefix($0 + ".") }),
                  k.path != "description" else { continue }
            let context = Self.context(k.path)
            let plain = try scenario(minimalYAML, overrides: context)
            let set = try scenario(minimalYAML, overrides: context + ["\(k.path)=\(value)"])
            #expect(set.canonical == plain.canonical, "\(k.path)=\(value)")
            checked += 1
        }
        #expect(checked >= 45)
    }

    /// A valid value of `key` other than its default (nil where none is simple to make).
    static func otherValue(_ k: ScenarioKey) -> String? {
        /// `12s` → `13s`, `10 blocks` → `11 blocks`, `5/s` → `6/s`.
        func bumped(_ text: String) -> String? {
            let digits = text.prefix { $0.isNumber }
            guard let n = Int(digits) else { return nil }
            return "\(n + 1)" + text.dropFirst(digits.count)
        }
        let d = k.defaultValue
        switch k.kind {
        case .keyword: return k.words.first { $0 != d }
        case .boolean: return d == "true" ? "false" : "true"
        case .integer:
            if let d, let n = Int(d) { return k.range.max.map { Double(n + 1) <= $0 } ?? true ? "\(n + 1)" : "\(n - 1)" }
            return k.range.min.map { "\(Int($0) + 1)" }
        case .number:
            guard let d, let x = Double(d) else { return nil }
            let up = x + 0.1
            let fits = k.range.max.map { k.exclusiveMax ? up < $0 : up <= $0 } ?? true
            return "\(fits ? up : x - 0.1)"
        case .duration, .size, .rate, .bandwidth:
            if let d, !k.words.contains(d), let b = bumped(d) { return b }
            return ["duration": "25m", "size": "50KB", "rate": "2/s", "bandwidth": "1Gbit/s"][k.kind.rawValue]
        case .distribution: return "7ms"
        case .text: return k.path == "extends" ? nil : "other"
        default: return nil
        }
    }

    /// The reader reads every key of the registry: a value other than the default changes the canonical
    /// text (a key in the registry that nothing reads would be accepted and ignored).
    @Test func everyKeyIsRead() throws {
        var checked = 0
        for k in KeyRegistry.keys where !k.path.contains("[]") && !["sweep", "bounds", "search"].contains(where: { k.path.hasPrefix($0 + ".") })
            && k.path != "tree.shape" {
            guard let value = Self.otherValue(k) else { continue }
            let context = Self.context(k.path)
            let plain = try scenario(minimalYAML, overrides: context)
            let set = try scenario(minimalYAML, overrides: context + ["\(k.path)=\(value)"])
            #expect(set.canonical != plain.canonical, "\(k.path)=\(value) changed nothing")
            checked += 1
        }
        #expect(checked >= 60, "\(checked)")
    }
}
