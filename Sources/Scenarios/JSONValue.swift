/// A JSON value with ordered object keys, written deterministically (for the generated schema).
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text() == b.text() }

    /// Pretty-printed text, two spaces per level; short arrays of scalars on one line.
    public func text(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .number(let x):
            if x == x.rounded(), abs(x) < 1e18 { return String(Int64(x)) }
            return "\(x)"
        case .bool(let b): return b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            let scalars = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalars {
                let line = "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
                if line.count <= 100 { return line }
            }
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + JSONValue.quote($0.0) + ": " + $0.1.text(indent: inner) }.joined(separator: ",\n")
                + "\n\(indent)}"
        }
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
