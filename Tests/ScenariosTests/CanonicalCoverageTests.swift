import Testing
@testable import Scenarios

/// Every key of the registry reaches the canonical text: through its own renderer, an ancestor's
/// (keys inside a list or a one-line mapping), or its children's (sections). A key added to the
/// registry without a canonical form fails here.
@Suite struct CanonicalCoverageTests {
    /// Keys that are not part of a run's identity.
    static let outside = ["extends", "sweep", "bounds", "search"]

    @Test func everyKeyIsRendered() {
        let rendered = Set(Canonical.renderers.keys)
        #expect(rendered.isSubset(of: Set(KeyRegistry.keys.map(\.path))), "\(rendered.subtracting(KeyRegistry.keys.map(\.path)))")
        func covered(_ path: String) -> Bool {
            if rendered.contains(path) { return true }
            var p = path
            while let dot = p.lastIndex(of: ".") {  // an ancestor renders it (`adversary[]` → `adversary`)
                p = String(p[..<dot])
                if rendered.contains(p) || rendered.contains(p.replacingOccurrences(of: "[]", with: "")) { return true }
            }
            let children = KeyRegistry.children(of: path)
            return !children.isEmpty && children.allSatisfy { covered(path + "." + $0) }
        }
        for key in KeyRegistry.keys where !Self.outside.contains(where: { key.path == $0 || key.path.hasPrefix($0 + ".") }) {
            #expect(covered(key.path), "\(key.path) has no canonical form")
        }
    }
}
