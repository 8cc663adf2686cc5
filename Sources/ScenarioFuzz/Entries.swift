/// The `key: value` entries of a block-style scenario file, found line by line (flow mappings on
/// one line included), with their dotted key paths: what the mutator edits.
public struct Entry: Sendable {
    /// 0-based line index.
    public var line: Int
    /// Dotted key path (list indexes left out).
    public var path: [String]
    /// Scalar offsets of the key in its line.
    public var key: Range<Int>
    /// Scalar offsets of the value in its line (nil: the value is on the following lines).
    public var value: Range<Int>?
    /// Whether the entry sits in a flow mapping (`{ a: 1 }`) rather than starting its line.
    public var inFlow: Bool
    /// Whether the line starts with a list marker (`- key: v`).
    public var listItem: Bool

    /// The last key of the path.
    public var leaf: String { path.last ?? "" }
}

/// Finding entries in scenario text.
public enum Entries {
    /// Every entry of `lines`, skipping comments and the contents of block scalars (`|`, `>`).
    public static func find(_ lines: [[Unicode.Scalar]]) -> [Entry] {
        var result: [Entry] = []
        var stack: [(indent: Int, key: String)] = []
        var blockScalarIndent: Int?
        for (index, line) in lines.enumerated() {
            var i = 0
            while i < line.count, line[i] == " " { i += 1 }
            if i == line.count || line[i] == "#" { continue }
            if let b = blockScalarIndent {
                if i > b { continue }
                blockScalarIndent = nil
            }
            var listItem = false
            while i + 1 < line.count, line[i] == "-", line[i + 1] == " " {
                listItem = true
                i += 2
                while i < line.count, line[i] == " " { i += 1 }
            }
            let indent = i
            guard let colon = keyEnd(line, from: i) else { continue }
            let key = String(String.UnicodeScalarView(line[i..<colon]))
            while let last = stack.last, last.indent >= indent { stack.removeLast() }
            let path = stack.map(\.key) + [key]
            var v = colon + 1
            while v < line.count, line[v] == " " { v += 1 }
            let end = valueEnd(line, from: v)
            let hasValue = v < end
            result.append(Entry(line: index, path: path, key: i..<colon, value: hasValue ? v..<end : nil,
                                inFlow: false, listItem: listItem))
            if hasValue, line[v] == "{" { result += flowEntries(line, from: v, line: index, prefix: path) }
            if hasValue, line[v] == "|" || line[v] == ">" { blockScalarIndent = indent }
            stack.append((indent, key))
        }
        return result
    }

    /// The offset of the `:` ending a plain key that starts at `i`, if the line has one.
    static func keyEnd(_ line: [Unicode.Scalar], from i: Int) -> Int? {
        guard i < line.count, !"{[\"'&*!|>%@`#?".unicodeScalars.contains(line[i]) else { return nil }
        var j = i
        while j < line.count, line[j] != ":" {
            if "{}[],#".unicodeScalars.contains(line[j]) { return nil }
            j += 1
        }
        guard j < line.count, j + 1 == line.count || line[j + 1] == " " else { return nil }
        return j
    }

    /// Where a value starting at `v` ends: its matching bracket, or before a comment or the line end.
    static func valueEnd(_ line: [Unicode.Scalar], from v: Int) -> Int {
        guard v < line.count else { return v }
        if line[v] == "{" || line[v] == "[" {
            var depth = 0, j = v
            while j < line.count {
                if line[j] == "{" || line[j] == "[" { depth += 1 }
                if line[j] == "}" || line[j] == "]" { depth -= 1; if depth == 0 { return j + 1 } }
                j += 1
            }
            return line.count
        }
        var j = v
        while j < line.count, !(line[j] == "#" && j > 0 && line[j - 1] == " ") { j += 1 }
        while j > v, line[j - 1] == " " { j -= 1 }
        return j
    }

    /// The entries of a flow mapping starting at `start` (`{ a: 1, b: { c: 2 } }`), recursively.
    static func flowEntries(_ line: [Unicode.Scalar], from start: Int, line index: Int, prefix: [String]) -> [Entry] {
        var result: [Entry] = []
        var i = start + 1
        while i < line.count {
            while i < line.count, line[i] == " " || line[i] == "," { i += 1 }
            guard i < line.count, line[i] != "}" else { break }
            var j = i
            while j < line.count, line[j] != ":", line[j] != ",", line[j] != "}" { j += 1 }
            guard j < line.count, line[j] == ":" else { break }
            let key = String(String.UnicodeScalarView(line[i..<j])).trimmingCharacters(in: " ")
            var v = j + 1
            while v < line.count, line[v] == " " { v += 1 }
            var end = v
            if v < line.count, line[v] == "{" || line[v] == "[" {
                end = valueEnd(line, from: v)
            } else {
                while end < line.count, line[end] != ",", line[end] != "}" { end += 1 }
                while end > v, line[end - 1] == " " { end -= 1 }
            }
            result.append(Entry(line: index, path: prefix + [key], key: i..<(i + key.unicodeScalars.count),
                                value: v < end ? v..<end : nil, inFlow: true, listItem: false))
            if v < line.count, line[v] == "{" { result += flowEntries(line, from: v, line: index, prefix: prefix + [key]) }
            i = max(end, j + 1)
        }
        return result
    }
}

extension String {
    /// The string without leading and trailing `characters`.
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        let s = Array(unicodeScalars)
        guard let first = s.firstIndex(where: { !set.contains($0) }), let last = s.lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(String.UnicodeScalarView(s[first...last]))
    }
}
