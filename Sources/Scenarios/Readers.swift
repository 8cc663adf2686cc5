import SimCore
import Stochastic
import Yams

/// Typed readers of scalar values; each error names the key path and what was expected.
extension Ctx {
    /// The text of a non-empty scalar.
    func text(_ node: Node, _ path: String, expected: String) throws(ScenarioError) -> String {
        guard case .scalar(let s) = node, !isNull(node) else {
            throw fail(node, path, "expected \(expected), got \(describe(node))")
        }
        return s.string
    }

    /// An integer in `range` (underscores allowed as in `1_000_000`).
    func int(_ node: Node, _ path: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        let raw = try text(node, path, expected: "an integer")
        let t = raw.trimmingSpaces.replacingUnderscores
        let body = t.hasPrefix("-") || t.hasPrefix("+") ? String(t.dropFirst()) : t
        guard !body.isEmpty, body.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw fail(node, path, "expected an integer, got \(describe(node))")
        }
        guard let value = Int(t) else {
            throw fail(node, path, "out of range: at most \(grouped(Int64(range.upperBound))), got \(raw)")
        }
        try check(value, range, node, path)
        return value
    }

    /// Fails unless `value` is in `range`, with a message naming the limit.
    func check(_ value: Int, _ range: ClosedRange<Int>, _ node: Node, _ path: String, what: String = "") throws(ScenarioError) {
        if value < range.lowerBound {
            let message: String
            switch range.lowerBound {
            case 0: message = "must not be negative"
            case 1: message = "must be positive"
            default: message = "out of range: at least \(grouped(Int64(range.lowerBound)))\(what)"
            }
            throw fail(node, path, "\(message), got \(value)")
        }
        if value > range.upperBound {
            throw fail(node, path, "out of range: at most \(grouped(Int64(range.upperBound)))\(what), got \(grouped(Int64(value)))")
        }
    }

    /// A non-negative integer that fits in 64 unsigned bits (seeds).
    func uint64(_ node: Node, _ path: String) throws(ScenarioError) -> UInt64 {
        let raw = try text(node, path, expected: "a non-negative integer")
        let t = raw.trimmingSpaces.replacingUnderscores
        if t.hasPrefix("-"), Int(t) != nil { throw fail(node, path, "must not be negative, got \(raw)") }
        guard let value = UInt64(t.hasPrefix("+") ? String(t.dropFirst()) : t) else {
            if !t.isEmpty, t.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                throw fail(node, path, "out of range: at most \(UInt64.max), got \(raw)")
            }
            throw fail(node, path, "expected a non-negative integer, got \(describe(node))")
        }
        return value
    }

    /// A finite number.
    func number(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
        let raw = try text(node, path, expected: "a number")
        guard let value = Units.number(raw) else { throw fail(node, path, "expected a number, got \(describe(node))") }
        return value
    }

    /// A finite number within the range of registry key `key`.
    func number(_ node: Node, _ path: String, key: String) throws(ScenarioError) -> Double {
        let x = try number(node, path)
        guard let k = KeyRegistry.key(key) else { return x }
        let low = k.range.min.map { k.exclusiveMin ? x > $0 : x >= $0 } ?? true
        let high = k.range.max.map { k.exclusiveMax ? x < $0 : x <= $0 } ?? true
        if !(low && high) {
            throw fail(node, path, "out of range: expected a number \(k.intervalText), got \(node.scalar?.string.trimmingSpaces ?? "\(x)")")
        }
        return x
    }

    /// `true` or `false` (also yes/no, on/off).
    func bool(_ node: Node, _ path: String) throws(ScenarioError) -> Bool {
        let raw = try text(node, path, expected: "true or false")
        switch raw.trimmingSpaces.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, path, "expected true or false, got \(describe(node))")
        }
    }

    /// One of `choices`; a word in `unsupported` gets its "not supported yet" message instead.
    func keyword(_ node: Node, _ path: String, _ choices: [String],
                 unsupported: [String: String] = [:]) throws(ScenarioError) -> String {
        let list = choices.count == 2 ? choices.joined(separator: " or ")
            : choices.dropLast().joined(separator: ", ") + " or " + (choices.last ?? "")
        let raw = try text(node, path, expected: list)
        let word = raw.trimmingSpaces
        if choices.contains(word) { return word }
        if let why = unsupported[word] { throw fail(node, path, "\(word): not supported yet\(why)") }
        throw fail(node, path, "expected \(list), got \(describe(node))",
                   suggestion: Suggest.best(word, among: choices + unsupported.keys.sorted()))
    }

    /// A duration in µs within `range` (durations in blocks use the L1 block time).
    func duration(_ node: Node, _ path: String, positive: Bool,
                  max: SimTime = Units.maxDuration, maxText: String = "") throws(ScenarioError) -> SimTime {
        let raw = try text(node, path, expected: "a duration with a unit, e.g. 15s")
        switch Units.duration(raw, blockTime: blockTime) {
        case .value(let micros):
            if positive, micros <= 0 { throw fail(node, path, "must be positive, got \(raw.trimmingSpaces)") }
            if micros > max { throw fail(node, path, "out of range: at most \(maxText), got \(raw.trimmingSpaces)") }
            return micros
        case .invalid(let message), .mismatch(let message):
            throw fail(node, path, message)
        }
    }

    /// A duration in µs for registry key `key` (its lower bound says whether 0 is allowed, its upper the most).
    func duration(_ node: Node, _ path: String, key: String) throws(ScenarioError) -> SimTime {
        let k = KeyRegistry.key(key)
        let max = k?.range.max.map { SimTime($0) } ?? Units.maxDuration
        return try duration(node, path, positive: k?.exclusiveMin ?? false, max: max, maxText: ResolvedYAML.human("\(max)us"))
    }

    /// A size in bytes for registry key `key` (positive when its lower bound is excluded).
    func size(_ node: Node, _ path: String, key: String) throws(ScenarioError) -> Int64 {
        try size(node, path, positive: KeyRegistry.key(key)?.exclusiveMin ?? false)
    }

    /// A size in bytes.
    func size(_ node: Node, _ path: String, positive: Bool) throws(ScenarioError) -> Int64 {
        let raw = try text(node, path, expected: "a size with a unit, e.g. 43KB")
        switch Units.size(raw) {
        case .value(let bytes):
            if positive, bytes <= 0 { throw fail(node, path, "must be positive, got \(raw.trimmingSpaces)") }
            return bytes
        case .invalid(let message), .mismatch(let message):
            throw fail(node, path, message)
        }
    }

    /// A rate per second.
    func rate(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
        let raw = try text(node, path, expected: "a rate such as 5/s")
        switch Units.rate(raw) {
        case .value(let perSecond): return perSecond
        case .invalid(let message), .mismatch(let message): throw fail(node, path, message)
        }
    }

    /// A bandwidth in bit/s, nil for unlimited.
    func bandwidth(_ node: Node, _ path: String) throws(ScenarioError) -> Double? {
        let raw = try text(node, path, expected: "a bandwidth such as 100Mbit/s or unlimited")
        switch Units.bandwidth(raw) {
        case .value(let bits): return bits
        case .invalid(let message), .mismatch(let message): throw fail(node, path, message)
        }
    }
}

extension String {
    /// The text without `_` digit separators.
    var replacingUnderscores: String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "_" }))
    }
}

/// Reading distributions of durations: `{ dist: lognormal, median: 80ms, sigma: 0.5 }` or a plain duration.
extension Ctx {
    /// The parameters of each distribution, in the order they are documented.
    static let distParameters: [(name: String, keys: [String])] = [
        ("constant", ["value"]),
        ("uniform", ["min", "max"]),
        ("exponential", ["mean"]),
        ("lognormal", ["median", "sigma"]),
        ("gamma", ["shape", "scale", "mean"]),
    ]

    /// The `dist:` name of the distribution mapping `node`, its parameter keys, and the mapping as a
    /// section checked against them (`dist:` is read first so that the other keys can be checked
    /// against that distribution's parameters). `example` says what else a scalar could have been.
    func distSection(_ node: Node, _ path: String, example: String)
        throws(ScenarioError) -> (name: String, keys: [String], section: Section) {
        let names = Ctx.distParameters.map(\.name)
        guard case .mapping(let mapping) = node else {
            throw fail(node, path, "expected \(example), got \(describe(node))")
        }
        var distNode: Node?
        for (k, v) in mapping where k.scalar?.string == "dist" { distNode = v }
        guard let distNode else {
            let all = ["dist"] + Array(Set(Ctx.distParameters.flatMap(\.keys))).sorted()
            _ = try Section(node, path: path, allowed: all, ctx: self)
            throw fail(node, join(path, "dist"), "missing required key (one of \(names.joined(separator: ", ")))")
        }
        let name = try keyword(distNode, join(path, "dist"), names)
        let keys = Ctx.distParameters.first { $0.name == name }?.keys ?? []
        return (name, keys, try Section(node, path: path, allowed: ["dist"] + keys, ctx: self))
    }

    /// A distribution of durations, values in µs; a plain duration means `constant`.
    func distribution(_ node: Node, _ path: String) throws(ScenarioError) -> Distribution {
        if case .scalar = node, !isNull(node) {
            return .constant(try exactDuration(node, path, positive: false))
        }
        let (name, keys, section) = try distSection(
            node, path, example: "a duration or a distribution such as { dist: constant, value: 1s }")

        func required(_ key: String) throws(ScenarioError) -> Node {
            guard let value = section[key] else {
                let needs = name == "gamma" ? "shape and either scale or mean" : keys.joined(separator: " and ")
                throw fail(node, join(path, key), "missing required key (dist: \(name) needs \(needs))")
            }
            return value
        }
        func micros(_ key: String, positive: Bool) throws(ScenarioError) -> Double {
            try exactDuration(try required(key), join(path, key), positive: positive)
        }
        func factor(_ key: String, max: Double) throws(ScenarioError) -> Double {
            let n = try required(key)
            let x = try number(n, join(path, key))
            if x < 0 { throw fail(n, join(path, key), "must not be negative, got \(x)") }
            if x > max { throw fail(n, join(path, key), "out of range: at most \(max), got \(x)") }
            return x
        }

        switch name {
        case "constant":
            return .constant(try micros("value", positive: false))
        case "uniform":
            let lo = try micros("min", positive: false), hi = try micros("max", positive: false)
            if lo > hi, let maxNode = section["max"] {
                throw fail(maxNode, join(path, "max"), "must be at least min (\(Int64(lo))us), got \(Int64(hi))us")
            }
            return .uniform(min: lo, max: hi)
        case "exponential":
            return .exponential(mean: try micros("mean", positive: true))
        case "lognormal":
            let median = try micros("median", positive: true)
            return .lognormal(median: median, sigma: try factor("sigma", max: 10))
        default:
            let shapeNode = try required("shape")
            let shape = try factor("shape", max: 1e6)
            if shape <= 0 { throw fail(shapeNode, join(path, "shape"), "must be positive, got \(shape)") }
            if section["scale"] != nil, let meanKey = section.keyNode("mean") {
                throw fail(meanKey, join(path, "mean"), "give either scale or mean, not both")
            }
            if section["mean"] != nil {
                return .gamma(shape: shape, scale: try micros("mean", positive: true) / shape)
            }
            return .gamma(shape: shape, scale: try micros("scale", positive: true))
        }
    }
}

extension Ctx {
    /// A distribution parameter in µs: `duration(...)`, except that a fraction of a microsecond
    /// written in `us` is kept. Canonical text renders parameters in µs exactly (a gamma's scale
    /// given by its mean, 40ms / 3 = 13333.333…us), so loading it back must not round them.
    func exactDuration(_ node: Node, _ path: String, positive: Bool) throws(ScenarioError) -> Double {
        let micros = try duration(node, path, positive: positive)
        guard case .scalar(let s) = node, let (number, unit) = Units.splitDecimal(s.string.trimmingSpaces),
              number.contains("."), ["us", "µs", "μs"].contains(unit), let exact = Double(number),
              exact.isFinite, !positive || exact > 0 else { return Double(micros) }
        return exact
    }
}
