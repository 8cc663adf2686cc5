import Foundation

/// What an error message for a bad file must say: its file, its line and column when the input
/// has lines, and a key path when the damage is at a key.
public struct ErrorParts: Sendable, Equatable {
    /// The file named.
    public var file: String
    /// 1-based line, if given.
    public var line: Int?
    /// 1-based column, if given.
    public var column: Int?
    /// The dotted key path, if given.
    public var keyPath: String?
    /// The rest of the message.
    public var message: String

    /// The parts of an error.
    public init(file: String, line: Int?, column: Int?, keyPath: String?, message: String) {
        self.file = file; self.line = line; self.column = column; self.keyPath = keyPath; self.message = message
    }

    /// Parses `FILE:LINE:COLUMN: error: KEY: MESSAGE` (line, column and key optional) for a known `file`.
    public static func parse(_ text: String, file: String) -> ErrorParts? {
        guard text.hasPrefix(file) else { return nil }
        var rest = Substring(text.dropFirst(file.count))
        var numbers: [Int] = []
        while rest.first == ":", let end = rest.dropFirst().firstIndex(of: ":"), let n = Int(rest[rest.index(after: rest.startIndex)..<end]) {
            numbers.append(n)
            rest = rest[end...]
        }
        guard rest.hasPrefix(": error: ") else { return nil }
        rest = rest.dropFirst(": error: ".count)
        var key: String?
        if let colon = rest.range(of: ": "), !rest[..<colon.lowerBound].contains(" ") {
            key = String(rest[..<colon.lowerBound])
            rest = rest[colon.upperBound...]
        }
        return ErrorParts(file: file, line: numbers.first, column: numbers.dropFirst().first, keyPath: key, message: String(rest))
    }
}

/// Judging the error a case produced.
public enum FuzzCheck {
    /// Messages about the whole file, which name no key.
    static let fileLevel = ["the file is empty", "not valid UTF-8", "too large", "invalid YAML", "expected a mapping of keys",
                            "YAML aliases"]
    /// Messages that may name no line: the file has none to point at.
    static let noLine = ["the file is empty", "too large"]

    /// Problems with `error` as the answer to `fuzzCase` (written to `file`); empty when it is right.
    public static func problems(_ error: ErrorParts, case fuzzCase: FuzzCase, file: String) -> [String] {
        var out: [String] = []
        if error.file != file { out.append("names file \(error.file), not \(file)") }
        if error.message.isEmpty { out.append("empty message") }
        if fuzzCase.located {
            if (error.line ?? 0) < 1 && !noLine.contains(where: { error.message.contains($0) }) { out.append("no line") }
            if let c = error.column, c < 1 { out.append("column \(c)") }
            if (error.keyPath ?? "").isEmpty && !isFileLevel(error) { out.append("no key") }
        }
        if let key = fuzzCase.key, fuzzCase.category == "semantic", error.keyPath != key {
            out.append("names key \(error.keyPath ?? "none"), expected \(key)")
        }
        if error.message.count > 2_000 { out.append("message of \(error.message.count) characters") }
        return out
    }

    /// Whether the message is about the file as a whole rather than one key.
    static func isFileLevel(_ error: ErrorParts) -> Bool {
        fileLevel.contains { error.message.contains($0) }
    }

    /// Whether the error names the key the case damaged (or one inside or around it).
    public static func namesDamagedKey(_ error: ErrorParts, _ fuzzCase: FuzzCase) -> Bool {
        guard let want = fuzzCase.key, let got = error.keyPath else { return false }
        let strip = { (s: String) in s.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression) }
        let (w, g) = (strip(want), strip(got))
        return g == w || g.hasPrefix(w + ".") || w.hasPrefix(g + ".") || g.hasSuffix("." + (w.split(separator: ".").last.map(String.init) ?? w))
    }
}

/// Tallies of a fuzz run.
public struct FuzzTally: Sendable, CustomStringConvertible {
    /// Cases run per category.
    public var cases: [String: Int] = [:]
    /// Cases rejected with a well-formed error.
    public var rejected = 0
    /// Of those, errors naming the damaged key (when the case knows it).
    public var namedKey = 0
    /// Cases that knew their damaged key.
    public var withKey = 0
    /// Failures: case name and what was wrong.
    public var failures: [(String, String)] = []
    /// The slowest case and its seconds.
    public var slowest: (String, Double) = ("", 0)

    /// An empty tally.
    public init() {}

    /// Records one case's outcome.
    public mutating func record(_ fuzzCase: FuzzCase, error: ErrorParts?, seconds: Double, file: String) {
        cases[fuzzCase.category, default: 0] += 1
        if seconds > slowest.1 { slowest = (fuzzCase.name, seconds) }
        guard let error else { failures.append((fuzzCase.name, "accepted")); return }
        let problems = FuzzCheck.problems(error, case: fuzzCase, file: file)
        if !problems.isEmpty { failures.append((fuzzCase.name, problems.joined(separator: "; ") + " — \(error)")); return }
        rejected += 1
        if fuzzCase.key != nil {
            withKey += 1
            if FuzzCheck.namesDamagedKey(error, fuzzCase) { namedKey += 1 }
        }
    }

    /// The total number of cases.
    public var total: Int { cases.values.reduce(0, +) }

    /// One summary line and the failures.
    public var description: String {
        var out = "\(total) cases, \(rejected) rejected with file, line and key, \(failures.count) failures; "
        out += "damaged key named in \(namedKey) of \(withKey); slowest \(String(format: "%.2f", slowest.1)) s (\(slowest.0))\n"
        out += "  by category: " + cases.keys.sorted().map { "\($0) \(cases[$0]!)" }.joined(separator: ", ") + "\n"
        for (name, why) in failures.prefix(30) { out += "  FAIL \(name): \(why.prefix(400))\n" }
        return out
    }
}
