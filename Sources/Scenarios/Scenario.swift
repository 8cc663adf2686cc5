import ValidiumModel

/// A validated scenario: the model configuration, its metadata, its expectations and its identity.
public struct Scenario: Sendable {
    /// The file path as given ("<text>" when parsed from a string).
    public var path: String
    /// `name:` (default: the file's base name without extension).
    public var name: String
    /// `description:` (default "").
    public var description: String
    /// `seed:` (default 1); a `--seed` override wins.
    public var seed: UInt64
    /// The validated model configuration, in model units.
    public var config: ModelConfig
    /// The `expect:` entries in file order.
    public var expectations: [Expectation]
    /// The file's text exactly as read; for a file with `extends:`, the merged scenario as YAML (so that it loads alone).
    public var sourceText: String
    /// The `--set KEY=VALUE` strings as given.
    public var overrides: [String]
    /// Canonical rendering of the resolved scenario: every key with its default, sorted, in µs and bytes, one `dotted.key = value` per line.
    public var canonical: String
    /// The `TraceDigest` of `canonical`, as 32 hex digits.
    public var digest: String

    /// A scenario from its parts (normally built by `ScenarioLoader`).
    public init(path: String, name: String, description: String, seed: UInt64, config: ModelConfig,
                expectations: [Expectation], sourceText: String, overrides: [String],
                canonical: String, digest: String) {
        self.path = path
        self.name = name
        self.description = description
        self.seed = seed
        self.config = config
        self.expectations = expectations
        self.sourceText = sourceText
        self.overrides = overrides
        self.canonical = canonical
        self.digest = digest
    }
}

/// The comparison of an expectation (`expect: { victims: "< 3" }`).
public enum Comparison: String, Sendable {
    /// Strictly less than.
    case lt = "<"
    /// Less than or equal.
    case le = "<="
    /// Strictly greater than.
    case gt = ">"
    /// Greater than or equal.
    case ge = ">="
    /// Equal.
    case eq = "=="
    /// Not equal.
    case ne = "!="
}

/// The right-hand side of an expectation.
public enum ExpectedValue: Sendable, Equatable {
    /// A number; durations are converted to seconds and sizes to bytes.
    case number(Double)
    /// A word such as `holds`.
    case text(String)
}

/// One end-of-run assertion from `expect:`.
public struct Expectation: Sendable, Equatable {
    /// Dotted summary name, e.g. `finality.global.p99` (not validated here).
    public var path: String
    /// How the summary figure is compared with `value`.
    public var comparison: Comparison
    /// The value compared against.
    public var value: ExpectedValue
    /// The text as written, e.g. `< 5m`.
    public var source: String
    /// The line of the entry in the scenario file (0 when it came from `--set`).
    public var line: Int

    /// An expectation from its parts.
    public init(path: String, comparison: Comparison, value: ExpectedValue, source: String, line: Int) {
        self.path = path
        self.comparison = comparison
        self.value = value
        self.source = source
        self.line = line
    }
}

/// An invalid scenario: where, which key, what was expected, and a suggestion when one is known.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    /// The file path, or `--set KEY=VALUE` when an override is at fault.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (in Unicode scalars), when known.
    public var column: Int?
    /// Dotted key path, e.g. `tree.width`.
    public var keyPath: String?
    /// What is wrong and what was expected.
    public var message: String
    /// A likely intended spelling (a key path or a value).
    public var suggestion: String?

    /// An error from its parts.
    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
                message: String, suggestion: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
        self.suggestion = suggestion
    }

    /// `FILE:LINE:COLUMN: error: KEYPATH: MESSAGE; did you mean SUGGESTION?`, absent parts omitted.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": error: "
        if let keyPath, !keyPath.isEmpty { text += keyPath + ": " }
        text += message
        if let suggestion { text += "; did you mean \(suggestion)?" }
        return text
    }
}
