import Foundation
import Stochastic

/// One generated bad scenario file.
public struct FuzzCase: Sendable {
    /// A short file name: `<index>-<category>-<base>.yaml`.
    public var name: String
    /// The kind of damage (`unknown_key`, `bad_value`, `alias_bomb`…).
    public var category: String
    /// The file's bytes.
    public var data: Data
    /// The key the error should name when the damage is at one key (its dotted path).
    public var key: String?
    /// Whether the text has lines and should be located (not empty, not over the size limit).
    public var located: Bool
}

/// Deterministic generator of broken scenario files from valid ones. Every case it makes must be
/// rejected: each mutation breaks a rule of docs/scenarios.md (never mere noise that may stay valid).
public struct ScenarioMutator {
    /// Categories in the order `next()` cycles through them.
    public static let categories = ["unknown_key", "wrong_type", "bad_value", "semantic", "duplicate_key",
                                    "non_utf8", "deep_nesting", "alias_bomb", "syntax", "empty", "binary", "huge"]
    /// The valid scenarios mutated: (name, text).
    public let bases: [(name: String, text: String)]
    var rng: SplitMix64
    var index = 0

    /// A generator over `bases` (valid block-style scenario texts) seeded with `seed`.
    public init(bases: [(name: String, text: String)], seed: UInt64) {
        precondition(!bases.isEmpty, "no base scenarios")
        self.bases = bases
        rng = SplitMix64(seed: seed)
    }

    /// Reads every `*.yaml` under `directory` (recursively) as a base, sorted by path. A file that
    /// `extends:` another is taken as `merged(file)` returns it (the scenario with its chain merged,
    /// e.g. `ScenarioLoader.load(path:).sourceText`), or left out without `merged`: written
    /// elsewhere its base would not be found, and a key the mutator removes could still come from it.
    public static func bundledBases(in directory: URL,
                                    merged: ((URL) -> String?)? = nil) -> [(name: String, text: String)] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "yaml" {
            if var text = try? String(contentsOf: url, encoding: .utf8) {
                if text.split(separator: "\n").contains(where: { $0.hasPrefix("extends:") }) {
                    guard let flat = merged?(url) else { continue }
                    text = flat
                }
                found.append((url.deletingPathExtension().lastPathComponent, text))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The next case (categories in turn, bases and details drawn from the seeded stream).
    public mutating func next() -> FuzzCase {
        let category = Self.categories[index % Self.categories.count]
        let base = bases[rng.below(bases.count)]
        let made = make(category, base.text)
        defer { index += 1 }
        return FuzzCase(name: "\(String(format: "%05d", index))-\(category)-\(base.name).yaml", category: category,
                        data: made.data, key: made.key, located: made.located)
    }

    mutating func make(_ category: String, _ text: String) -> (data: Data, key: String?, located: Bool) {
        var doc = Doc(text)
        switch category {
        case "unknown_key": return doc.unknownKey(&rng)
        case "wrong_type": return doc.wrongType(&rng)
        case "bad_value": return doc.badValue(&rng)
        case "semantic": return Semantic.make(&rng)
        case "duplicate_key": return doc.duplicateKey(&rng)
        case "non_utf8": return doc.nonUTF8(&rng)
        case "deep_nesting": return doc.deepNesting(&rng)
        case "alias_bomb": return doc.aliasBomb(&rng)
        case "syntax": return doc.syntax(&rng)
        case "empty": return Garbage.empty(&rng)
        case "binary": return Garbage.binary(&rng, text)
        default: return doc.huge(&rng)
        }
    }
}
