import Foundation
import Yams

/// Loads scenario files (docs/scenarios.md) into validated `Scenario`s.
///
/// Only `ScenarioError` is thrown; nothing is run or written for an invalid scenario.
public enum ScenarioLoader {
    /// Reads, strictly decodes (UTF-8) and validates the scenario file at `path`, applying `--seed` and `--set` overrides.
    public static func load(path: String, seed: UInt64? = nil, overrides: [String] = [],
                            summaryNames: [String]? = nil, textFigures: [String] = []) throws(ScenarioError) -> Scenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(file: path, message: "no such file")
        }
        if isDirectory.boolValue { throw ScenarioError(file: path, message: "is a directory, not a scenario file") }
        let data = try InputLimits.read(path)
        let text = try decodeUTF8(data, file: path)
        return try parse(text: text, file: path, seed: seed, overrides: overrides, summaryNames: summaryNames,
                         textFigures: textFigures)
    }

    /// Validates scenario `text` (named `file` in errors), applying `--seed` and `--set` overrides.
    /// `summaryNames`, when given, lists the figures an `expect:` entry may name (others are errors);
    /// `textFigures` those among them compared with text (the others need a number).
    public static func parse(text: String, file: String, seed: UInt64? = nil, overrides: [String] = [],
                             summaryNames: [String]? = nil, textFigures: [String] = []) throws(ScenarioError) -> Scenario {
        var root = try compose(text: text, file: file)
        if isNull(root) {
            throw ScenarioError(file: file, message: "the file is empty; a scenario needs at least tree and duration")
        }
        var ctx = Ctx(file: file)
        ctx.summaryNames = summaryNames
        ctx.textFigures = textFigures
        guard case .mapping = root else {
            throw ctx.fail(root, "", "expected a mapping of keys (such as tree and duration) at the top level, got \(describe(root))")
        }
        let (merged, chain) = try Extends.resolve(root, file: file)
        root = merged
        // What ran, without the other files: a run stores it, and replay and sweeps read it back.
        let sourceText = chain.count > 1 ? Extends.flatten(root, chain: chain) : text
        for text in overrides {
            let override = try Override(text)
            try override.apply(to: &root)
            ctx.origins.append(OverrideOrigin(keyPath: override.keyPath, text: text))
        }
        return try ctx.build(root, defaultName: baseName(file), seedOverride: seed)
            .scenario(path: file, sourceText: sourceText, overrides: overrides)
    }

    /// The YAML tree of `text` (an empty document is an empty scalar); syntax errors located in `file`.
    static func compose(text: String, file: String) throws(ScenarioError) -> Node {
        do {
            return try InputLimits.compose(text, file: file) ?? Node("", .implicit, .plain)
        } catch let error as YamlError {
            throw YamlErrors.convert(error, text: text, file: file).withKeyContext(text, yaml: error)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// Decodes UTF-8 strictly; an invalid byte is reported with its line and column.
    static func decodeUTF8(_ data: Data, file: String) throws(ScenarioError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var line = 1, column = 1, offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
                offset += encoded.count
            case .emptyInput:
                return String(decoding: data, as: UTF8.self)
            case .error(let length):
                let byte = data[data.startIndex + offset]
                _ = length
                throw ScenarioError(file: file, line: line, column: column,
                                    message: "the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset))")
                    .withKeyContext(String(decoding: data.prefix(offset), as: UTF8.self))
            }
        }
    }
}

/// Turning Yams errors into located scenario errors.
enum YamlErrors {
    /// The problem text of a Yams error, without its snippet.
    static func problem(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            guard let context else { return problem }
            return "\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
        case .reader(let problem, _, _, _): return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated key " + duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
        default: return "\(error)"
        }
    }

    /// A scenario error for a YAML syntax error, located at Yams' mark.
    static func convert(_ error: YamlError, text: String, file: String) -> ScenarioError {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return ScenarioError(file: file, line: mark.line, column: mark.column,
                                 message: "invalid YAML: \(problem(error))")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacter: $0, in: text) } ?? (nil, nil)
            return ScenarioError(file: file, line: line, column: column, message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let found = locateDuplicate(text: text, line: context.mark.line, column: context.mark.column)
            let at = found?.second ?? (context.mark.line, context.mark.column)
            let first = found?.second == nil ? "" : " (first given at line \(context.mark.line), column \(context.mark.column))"
            return ScenarioError(file: file, line: at.0, column: at.1, keyPath: found?.path ?? key,
                                 message: "duplicated key; each key may appear only once in a mapping\(first)")
        default:
            return ScenarioError(file: file, message: "invalid YAML: \(problem(error))")
        }
    }

    /// 1-based line and column (in Unicode scalars) of the character at `offset`.
    static func position(ofCharacter offset: Int, in text: String) -> (Int?, Int?) {
        var line = 1, column = 1
        for ch in text.prefix(max(offset, 0)) {
            if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count }
        }
        return (line, column)
    }

    /// The key path and second occurrence of a duplicated key whose first occurrence is at line:column.
    ///
    /// Yams only reports the first occurrence. We mark that key with a private-use character, compose
    /// again (marking further duplicates the same way), and find both occurrences in the tree.
    static func locateDuplicate(text: String, line: Int, column: Int) -> (path: String, second: (line: Int, column: Int)?)? {
        let marker: Unicode.Scalar = "\u{E000}"
        var scalars = Array(text.unicodeScalars)
        var target = (line, column)
        var inserted: [(Int, Int)] = []
        for _ in 0..<20 {
            guard let at = offset(line: target.0, column: target.1, in: scalars) else { return nil }
            scalars.insert(marker, at: at)
            inserted.append(target)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            do {
                guard let root = try Yams.compose(yaml: String(view)) else { return nil }
                var budget = 100_000
                guard let hit = find(root, line: line, column: column, path: "", budget: &budget, depth: 0) else { return nil }
                // Undo the shift of our own insertions before the twin on its line.
                guard let twin = hit.second else { return (hit.path, nil) }
                let shift = inserted.filter { $0.0 == twin.line && $0.1 < twin.column }.count
                return (hit.path, (twin.line, twin.column - shift))
            } catch YamlError.duplicatedKeysInMapping(_, let context) {
                target = (context.mark.line, context.mark.column)
            } catch {
                return nil
            }
        }
        return nil
    }

    /// The scalar offset of a 1-based line and column.
    private static func offset(line: Int, column: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var current = 1, index = 0
        while current < line, index < scalars.count {
            if scalars[index] == "\n" { current += 1 }
            index += 1
        }
        let at = index + column - 1
        return current == line && at <= scalars.count ? at : nil
    }

    /// Searches the tree for the marked key at line:column; returns its path and its twin's mark.
    private static func find(_ node: Node, line: Int, column: Int, path: String,
                             budget: inout Int, depth: Int) -> (path: String, second: Mark?)? {
        budget -= 1
        guard budget > 0, depth < 200 else { return nil }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let mark = key.mark, mark.line == line, mark.column == column,
                   let name = key.scalar?.string, name.unicodeScalars.first == "\u{E000}" {
                    var plain = String(String.UnicodeScalarView(name.unicodeScalars.dropFirst()))
                    if plain.count >= 2, let q = plain.first, q == plain.last, q == "\"" || q == "'" {
                        plain = String(plain.dropFirst().dropLast())
                    }
                    let twin = mapping.first { $0.key.scalar?.string == plain }?.key.mark
                    return (join(path, plain), twin)
                }
                let name = key.scalar?.string ?? "?"
                if let hit = find(value, line: line, column: column, path: join(path, name), budget: &budget, depth: depth + 1) {
                    return hit
                }
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                if let hit = find(item, line: line, column: column, path: "\(path)[\(i)]", budget: &budget, depth: depth + 1) {
                    return hit
                }
            }
        default: break
        }
        return nil
    }
}
