import SimCore
import Stochastic
import ValidiumModel

/// The canonical text of a resolved scenario: every key with its value or default, sorted, units
/// normalised (durations in µs, sizes in bytes, bandwidth in bit/s, rates per second).
enum Canonical {
    /// One `dotted.key = value` line per key, sorted by key (bytewise), each ending in a newline.
    /// The keys are the registry's (`KeyRegistry`), each rendered by its entry in `renderers`.
    static func render(_ r: Resolved) -> String {
        var lines: [(String, String)] = []
        for key in KeyRegistry.keys { if let f = renderers[key.path] { lines += f(r) } }
        lines.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        return lines.map { "\($0.0) = \($0.1)\n" }.joined()
    }

    /// A renderer: the canonical lines of one registry key (none when it does not apply).
    typealias Renderer = @Sendable (Resolved) -> [(String, String)]

    /// One line `path = value`.
    static func line(_ path: String, _ value: @escaping @Sendable (Resolved) -> String) -> (String, Renderer) {
        (path, { r in [(path, value(r))] })
    }

    /// One line when `value` gives one.
    static func optional(_ path: String, _ value: @escaping @Sendable (Resolved) -> String?) -> (String, Renderer) {
        (path, { r in value(r).map { [(path, $0)] } ?? [] })
    }

    /// The renderer of each registry key that appears in the canonical text. Keys inside a list or a
    /// one-line mapping (`adversary[].…`, `sybil.…`, `workload.bridge.bots.…`, `provers.pool[].…`) are
    /// rendered by it; `extends`, `sweep`, `bounds` and `search` are not part of a run's identity.
    static let renderers: [String: Renderer] = Dictionary(uniqueKeysWithValues: modelRenderers + faultRenderers + classRenderers)

    /// The digest of a canonical text.
    static func digest(_ canonical: String) -> String {
        var d = TraceDigest()
        d.combine(canonical)
        return d.hex
    }

    /// `12000000us`.
    static func micros(_ t: SimTime) -> String { "\(t)us" }

    /// `43000B`.
    static func bytes(_ n: Int64) -> String { "\(n)B" }

    /// Integral values without a fraction, others in Swift's shortest round-trip form.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A distribution as a flow mapping, `dist` first, then its parameters alphabetically.
    static func dist(_ d: Distribution) -> String {
        func us(_ x: Double) -> String { number(x) + "us" }
        switch d {
        case .constant(let v): return "{ dist: constant, value: \(us(v)) }"
        case .uniform(let a, let b): return "{ dist: uniform, max: \(us(b)), min: \(us(a)) }"
        case .exponential(let m): return "{ dist: exponential, mean: \(us(m)) }"
        case .lognormal(let m, let s): return "{ dist: lognormal, median: \(us(m)), sigma: \(number(s)) }"
        case .gamma(let k, let theta): return "{ dist: gamma, scale: \(us(theta)), shape: \(number(k)) }"
        }
    }

    /// A double-quoted string with `\`, `"` and control characters escaped.
    static func quote(_ s: String) -> String { "\"" + escape(s).replacingQuotes + "\"" }

    /// Backslash escapes for `\` and control characters, so that one key stays on one line.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || (0x2028...0x2029).contains(u.value):
                out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

extension String {
    /// `"` escaped as `\"`.
    fileprivate var replacingQuotes: String {
        var out = ""
        for ch in unicodeScalars { if ch == "\"" { out += "\\\"" } else { out.unicodeScalars.append(ch) } }
        return out
    }
}
