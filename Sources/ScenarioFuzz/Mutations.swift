import Foundation
import Stochastic

/// A scenario text as lines of scalars with its entries; each mutation returns the damaged bytes.
struct Doc {
    var lines: [[Unicode.Scalar]]
    let entries: [Entry]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        entries = Entries.find(lines)
    }

    typealias Made = (data: Data, key: String?, located: Bool)

    /// Keys whose values are free text or compared loosely: value mutations leave them alone.
    static func freeText(_ e: Entry) -> Bool {
        e.path.first == "expect" || ["name", "description"].contains(e.path.joined(separator: "."))
    }

    var text: String { lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n") }
    var data: Data { Data(text.utf8) }
    func dotted(_ e: Entry) -> String { e.path.joined(separator: ".") }

    mutating func replace(_ e: Entry, _ range: Range<Int>, with s: String) {
        lines[e.line].replaceSubrange(range, with: Array(s.unicodeScalars))
    }

    /// A key renamed to a misspelling, or an unknown key added next to one.
    mutating func unknownKey(_ rng: inout SplitMix64) -> Made {
        let e = rng.pick(entries)
        let old = String(String.UnicodeScalarView(lines[e.line][e.key]))
        var chars = Array(old)
        switch rng.below(4) {
        case 0: chars.append(contentsOf: "_zz")
        case 1 where chars.count >= 2:
            let i = rng.below(chars.count - 1)
            if chars[i] != chars[i + 1] { chars.swapAt(i, i + 1) } else { chars.append("q") }
        case 2: chars.insert("x", at: rng.below(chars.count + 1))
        default:
            let added = "zz_unknown\(rng.below(100))"
            if e.inFlow {
                lines[e.line].insert(contentsOf: Array("\(added): 1, ".unicodeScalars), at: e.key.lowerBound)
            } else {
                let indent = String(repeating: " ", count: e.key.lowerBound)
                lines.insert(Array("\(indent)\(added): 1".unicodeScalars), at: e.line + (e.listItem ? 1 : 0))
            }
            return (data, (e.path.dropLast() + [added]).joined(separator: "."), true)
        }
        let new = String(chars)
        replace(e, e.key, with: new)
        return (data, (e.path.dropLast() + [new]).joined(separator: "."), true)
    }

    /// A value replaced by a collection where it expects something else, or by unknown keys.
    mutating func wrongType(_ rng: inout SplitMix64) -> Made {
        let e = rng.pick(entries)
        let bad = rng.pick(["{zz_bogus: 1}", "[[zz_bogus]]", "[{zz: 1}]"])
        if let v = e.value { replace(e, v, with: bad) } else { insertValue(e, bad) }
        return (data, dotted(e), true)
    }

    /// Puts `value` right after the colon of an entry whose value is on the following lines.
    mutating func insertValue(_ e: Entry, _ value: String) {
        lines[e.line].insert(contentsOf: Array(" \(value)".unicodeScalars), at: min(e.key.upperBound + 1, lines[e.line].count))
    }

    /// A scalar value replaced by one of the wrong unit, sign, size or spelling for its kind.
    mutating func badValue(_ rng: inout SplitMix64) -> Made {
        let candidates = entries.filter { e in
            guard let v = e.value, !Doc.freeText(e) else { return false }
            return ValueForm.of(String(String.UnicodeScalarView(lines[e.line][v]))) != nil
        }
        guard let e = candidates.isEmpty ? nil : rng.pick(candidates), let v = e.value,
              let form = ValueForm.of(String(String.UnicodeScalarView(lines[e.line][v]))) else { return wrongType(&rng) }
        replace(e, v, with: rng.pick(form.badValues))
        return (data, dotted(e), true)
    }

    /// A block entry repeated in its mapping (or a flow entry repeated inside its braces).
    mutating func duplicateKey(_ rng: inout SplitMix64) -> Made {
        let candidates = entries.filter { !$0.listItem }
        guard !candidates.isEmpty else { return unknownKey(&rng) }
        let e = rng.pick(candidates)
        if e.inFlow, let v = e.value {
            let copy = Array(lines[e.line][e.key.lowerBound..<v.upperBound]) + Array(", ".unicodeScalars)
            lines[e.line].insert(contentsOf: copy, at: e.key.lowerBound)
        } else if e.value != nil {
            lines.insert(lines[e.line], at: e.line + 1)
        } else {
            let indent = String(repeating: " ", count: e.key.lowerBound)
            lines.insert(Array("\(indent)\(e.leaf): ~".unicodeScalars), at: e.line)
        }
        return (data, dotted(e), true)
    }

    /// Bytes that are not UTF-8 inserted at a random place.
    mutating func nonUTF8(_ rng: inout SplitMix64) -> Made {
        var bytes = Array(data)
        let bad: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
                              [0xFE, 0xFF], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80]]
        let chosen = rng.pick(bad)
        let at = rng.below(2) == 0 ? bytes.count : rng.below(bytes.count + 1)
        bytes.insert(contentsOf: chosen, at: at)
        return (Data(bytes), nil, true)
    }

    /// A value replaced by collections nested far deeper than any scenario needs.
    mutating func deepNesting(_ rng: inout SplitMix64) -> Made {
        let e = rng.pick(entries.filter { $0.value != nil && !$0.inFlow } + entries.prefix(1))
        let depth = rng.pick([101, 150, 500, 999, 1_001, 5_000, 100_000])
        let nested: String
        switch rng.below(3) {
        case 0: nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        case 1: nested = String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
        default:
            var block = ""
            for d in 0..<min(depth, 300) { block += "\n" + String(repeating: " ", count: e.key.lowerBound + 2 * (d + 1)) + "k\(d):" }
            nested = block + " 1"
        }
        if let v = e.value { replace(e, v, with: nested) } else { insertValue(e, nested) }
        return (data, dotted(e), true)
    }

    /// A syntax error: a tab indent, an unclosed bracket or quote, a second document, a bad indent.
    mutating func syntax(_ rng: inout SplitMix64) -> Made {
        let e = rng.pick(entries)
        switch rng.below(5) {
        case 0 where e.key.lowerBound > 0 && !e.inFlow:
            lines[e.line].replaceSubrange(0..<e.key.lowerBound, with: ["\t"])
        case 1 where e.value.map({ lines[e.line][$0.lowerBound] == "{" || lines[e.line][$0.lowerBound] == "[" }) ?? false:
            let v = e.value!
            lines[e.line].remove(at: v.upperBound - 1)
        case 2 where e.value != nil:
            lines[e.line].insert("\"", at: e.value!.lowerBound)
            lines[e.line].append(contentsOf: Array(" \\q".unicodeScalars))
        case 3:
            lines += [Array("---".unicodeScalars), Array("duration: 1h".unicodeScalars)]
        default:
            let indent = lines[e.line].prefix { $0 == " " }.count
            lines.insert(Array((String(repeating: " ", count: indent) + ": zz").unicodeScalars), at: e.line)
        }
        return (data, nil, true)
    }
}
