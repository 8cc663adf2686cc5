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
        if path.hasPrefix("sybil.") { return ["sybil={rate: 1/m, under: 1}"] }
        if ["l1.stall_timeout", "l1.fork_choice"].contains(path) { return ["l1.mode=single_node"] }
        return []
    }

    /// Setting a key to its documented default changes nothing: the canonical text stays the same.
    @Test func documentedDefaultsAreTheLoadersDefaults() throws {
        var checked = 0
        for k in KeyRegistry.keys {
            guard let value = k.defaultValue, !k.path.contains("[]"), !["sweep", "bounds"].contains(where: { k.path.hasPrefix($0 + ".") }),
                  k.path != "description" else { continue }
            let context = Self.context(k.path)
            let plain = try scenario(minimalYAML, overrides: context)
            let set = try scenario(minimalYAML, overrides: context + ["\(k.path)=\(value)"])
            #expect(set.canonical == plain.canonical, "\(k.path)=\(value)")
            checked += 1
        }
        #expect(checked >= 45)
    }
}
