/// What a scenario key takes.
public enum KeyKind: String, Sendable {
    /// A mapping of further keys (listed in the registry under its path).
    case mapping
    /// A list of mappings whose keys are listed under `path[]`.
    case list
    /// Free text.
    case text
    /// An integer in `range`; `words` lists other words accepted instead (`exact`).
    case integer
    /// A number in `range`.
    case number
    /// `true` or `false` (also yes/no, on/off).
    case boolean
    /// One of `words`.
    case keyword
    /// A duration with a unit: us, ms, s, m, h, or N blocks; `words` lists other words (`end`).
    case duration
    /// A size with a unit: B, KB, MB, GB (SI) or KiB, MiB, GiB.
    case size
    /// A rate: 5/s, 300/m, 10/h, or a plain number per second.
    case rate
    /// A bandwidth: 100Mbit/s, 1Gbit/s, or unlimited.
    case bandwidth
    /// A distribution of durations: a duration (constant) or `{ dist: …, … }`.
    case distribution
    /// A distribution of a positive factor: a number (constant) or `{ dist: …, … }` with numbers.
    case factor
    /// A node selector: `{ ids, depth, subtree, fraction, pick }`.
    case selector
    /// A value whose shape is described in `summary` (lists of pairs, `expect:`, `sweep:`).
    case special
}

/// One scenario key: where it is, what it takes, its default, and what it means.
public struct ScenarioKey: Sendable {
    /// Dotted path; the items of a list are `[]` (`adversary[].behavior`).
    public let path: String
    /// The kind of value.
    public let kind: KeyKind
    /// The unit values are normalised to (canonical text), or "".
    public let unit: String
    /// The default as it would be written in a file (`12s`), or nil (see `defaultNote`).
    public let defaultValue: String?
    /// The default in words when it is not a plain value: `required`, `none`, `the file's name`.
    public let defaultNote: String
    /// Allowed words: the choices of a keyword, or words accepted besides the kind's values.
    public let words: [String]
    /// Smallest and largest values of an integer or number, where bounded.
    public let range: (min: Double?, max: Double?)
    /// Whether the lower bound is excluded (a number that must be positive).
    public let exclusiveMin: Bool
    /// Whether the upper bound is excluded (a fraction below 1).
    public let exclusiveMax: Bool
    /// One line: what the key does.
    public let summary: String

    /// A key from its parts.
    init(_ path: String, _ kind: KeyKind, default defaultValue: String? = nil, note: String = "", unit: String = "",
         words: [String] = [], min: Double? = nil, max: Double? = nil, exclusiveMin: Bool = false, exclusiveMax: Bool = false,
         _ summary: String) {
        self.path = path
        self.kind = kind
        self.unit = unit
        self.defaultValue = defaultValue
        self.defaultNote = note
        self.words = words
        self.range = (min, max)
        self.exclusiveMin = exclusiveMin
        self.exclusiveMax = exclusiveMax
        self.summary = summary
    }

    /// The last segment of the path (`block_time`).
    public var name: String { String(path.split(separator: ".").last ?? "") }

    /// The path of the mapping this key is in ("" at the top level).
    public var parent: String {
        guard let dot = path.lastIndex(of: ".") else { return "" }
        return String(path[..<dot])
    }

    /// The default for tables: the value, else the note.
    public var defaultText: String { defaultValue ?? defaultNote }

    /// The range as an interval for messages: `in [0, 1)`, `in (0, 1,000]`, `≥ 0`.
    public var intervalText: String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? grouped(Int64(x)) : "\(x)" }
        switch (range.min, range.max) {
        case (let lo?, let hi?): return "in " + (exclusiveMin ? "(" : "[") + "\(n(lo)), \(n(hi))" + (exclusiveMax ? ")" : "]")
        case (let lo?, nil): return (exclusiveMin ? "> " : "≥ ") + n(lo)
        case (nil, let hi?): return (exclusiveMax ? "< " : "≤ ") + n(hi)
        default: return "(any)"
        }
    }

    /// The range or the choices in words: `1 … 1,000`, `> 0, ≤ 1,000`, `pos, single_node`.
    public var allowedText: String {
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? grouped(Int64(x)) : "\(x)" }
        var parts: [String] = []
        if let lo = range.min, let hi = range.max, !exclusiveMin, !exclusiveMax {
            parts.append("\(n(lo)) … \(n(hi))")
        } else {
            var bounds: [String] = []
            if let lo = range.min { bounds.append((exclusiveMin ? "> " : "≥ ") + n(lo)) }
            if let hi = range.max { bounds.append((exclusiveMax ? "< " : "≤ ") + n(hi)) }
            if !bounds.isEmpty { parts.append(bounds.joined(separator: ", ")) }
        }
        if !words.isEmpty { parts.append(words.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

/// Every scenario key, in the order of its section (the order did-you-mean suggestions prefer).
///
/// The strict reader takes each section's allowed keys, keyword choices and integer ranges from
/// here; `fractalsim schema` and the README key table are generated from it.
public enum KeyRegistry {
    /// All keys.
    public static let keys: [ScenarioKey] = topKeys + treeKeys + l1Keys + roundKeys + networkKeys + proofKeys
        + workloadKeys + bridgeKeys + metricsKeys + faultKeys + adversaryKeys + classKeys + proverKeys + blockKeys + searchKeys

    /// The key at `path`.
    public static func key(_ path: String) -> ScenarioKey? { byPath[path] }

    /// The keys of the mapping at `path` ("" for the top level), in registry order.
    public static func children(of path: String) -> [String] { childNames[path] ?? [] }

    /// The choices of the keyword at `path`.
    static func choices(_ path: String) -> [String] { byPath[path]?.words ?? [] }

    /// The integer range of the key at `path`.
    static func intRange(_ path: String) -> ClosedRange<Int> {
        guard let k = byPath[path] else { preconditionFailure("no key \(path) in the registry") }
        return Int(k.range.min ?? 0)...Int(k.range.max ?? Double(Int.max))
    }

    private static let byPath: [String: ScenarioKey] = Dictionary(keys.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    private static let childNames: [String: [String]] = {
        var out: [String: [String]] = [:]
        for k in keys { out[k.parent, default: []].append(k.name) }
        return out
    }()
}
