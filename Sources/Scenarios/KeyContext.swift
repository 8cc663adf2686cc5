import Yams

/// The key a YAML syntax error is in, read from the text around it (there is no tree to ask).
///
/// Block mappings give the path by indentation: the nearest `key:` at or above the line, then each
/// `key:` above it with less indentation. On the error line itself, the last `key:` of a flow
/// mapping before the column is added (`tree: { width: x` → `tree.width`). List indexes are not
/// counted (`adversary.nodes`, not `adversary[0].nodes`).
enum KeyContext {
    /// The dotted key path around 1-based `line` (and `column`), or nil when no key precedes it.
    static func path(in text: String, line: Int, column: Int?) -> String? {
        guard line >= 1 else { return nil }
        var lines: [Substring] = []
        var count = 0
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(l)
            count += 1
            if count >= line { break }
        }
        guard !lines.isEmpty else { return nil }
        var path: [String] = []
        var limit = Int.max
        var index = lines.count - 1
        // Keys inside flow mappings on the error line, up to the column.
        if let column, let last = lines.last {
            path = flowKeys(String(last.unicodeScalars.prefix(max(column - 1, 0))))
        }
        while index >= 0 {
            if let (indent, key) = blockKey(lines[index]), indent < limit {
                if !(index == lines.count - 1 && !path.isEmpty && path.first == key) { path.insert(key, at: 0) }
                limit = indent
                if indent == 0 { break }
            }
            index -= 1
        }
        guard !path.isEmpty else { return nil }
        return String(path.joined(separator: ".").prefix(120))
    }

    /// The indentation and name of a `key:` starting a line (after any `- ` list markers), if any.
    static func blockKey(_ line: Substring) -> (Int, String)? {
        let scalars = Array(line.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " || (scalars[i] == "-" && i + 1 < scalars.count && scalars[i + 1] == " ") { i += 1 }
        guard i < scalars.count, !"#{[\"'&*!|>%@`".unicodeScalars.contains(scalars[i]) else { return nil }
        var j = i
        while j < scalars.count, scalars[j] != ":", scalars[j] != "#", scalars[j] != "{", scalars[j] != "[" { j += 1 }
        guard j < scalars.count, scalars[j] == ":", j + 1 == scalars.count || scalars[j + 1] == " " || scalars[j + 1] == "\t" else { return nil }
        let key = String(String.UnicodeScalarView(scalars[i..<j])).trimmingSpaces
        // Scenario keys (and dotted sweep axes, expect names) are plain words: not prose in a block scalar.
        let plain = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0) }
        return key.isEmpty || key.count > 80 || !plain ? nil : (i, key)
    }

    /// The keys of the flow mappings still open at the end of `prefix`, outermost first.
    static func flowKeys(_ prefix: String) -> [String] {
        var stack: [String?] = []   // one entry per open `{` or `[`: the key being read in it
        var word = ""
        var lastKey: String?
        for u in prefix.unicodeScalars {
            switch u {
            case "{", "[":
                stack.append(nil)
                word = ""
            case "}", "]":
                if !stack.isEmpty { stack.removeLast() }
                word = ""
            case ",":
                if !stack.isEmpty { stack[stack.count - 1] = nil }
                word = ""
            case ":":
                let key = word.trimmingSpaces
                if !key.isEmpty, !stack.isEmpty { stack[stack.count - 1] = key }
                if !key.isEmpty, stack.isEmpty { lastKey = key }
                word = ""
            default:
                word.unicodeScalars.append(u)
            }
        }
        let inner = stack.compactMap { $0 }
        return inner.isEmpty ? [] : (lastKey.map { [$0] } ?? []) + inner
    }
}

extension ScenarioError {
    /// This error with the key path around its line filled in from `text`, when it has none. For a
    /// YAML error with a context ("while parsing a flow sequence at line 4"), the context's line
    /// is where the damaged value starts; the problem's line may already be past it.
    func withKeyContext(_ text: String, yaml: YamlError? = nil) -> ScenarioError {
        guard keyPath == nil, let line else { return self }
        var at = (line, column)
        switch yaml {
        case .scanner(let context?, _, _, _), .parser(let context?, _, _, _), .composer(let context?, _, _, _):
            at = (context.mark.line, context.mark.column)
        default: break
        }
        var copy = self
        copy.keyPath = KeyContext.path(in: text, line: at.0, column: at.1)
        return copy
    }
}
