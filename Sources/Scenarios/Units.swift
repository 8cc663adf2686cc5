import SimCore

/// The outcome of parsing a value with a unit.
enum Parsed<T> {
    /// A valid value.
    case value(T)
    /// The text is of this kind but wrong (negative, too large, bad unit): a definite error.
    case invalid(String)
    /// The text is not of this kind at all; the message says what was expected.
    case mismatch(String)
}

/// Parsers of the scenario units (docs/scenarios.md; docs/model.md §3.1 rule 13): durations, sizes, rates, bandwidth.
enum Units {
    /// The largest duration accepted anywhere: 100 years in µs (keeps sums of times far from overflow).
    static let maxDuration: SimTime = 100 * 365 * 24 * Time.hour
    /// The largest size accepted: 1 TB.
    static let maxSize: Int64 = 1_000_000_000_000
    /// The largest transaction rate accepted, per second.
    static let maxRate: Double = 1e6

    /// Splits `1.5s` into (`1.5`, `s`): a leading unsigned decimal and the trimmed rest; nil without a leading digit.
    static func splitDecimal(_ text: String) -> (number: String, unit: String)? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < scalars.count && ("0"..."9").contains(scalars[k]) }
        guard isDigit(0) else { return nil }
        while isDigit(i) { i += 1 }
        if i < scalars.count, scalars[i] == ".", isDigit(i + 1) {
            i += 1
            while isDigit(i) { i += 1 }
        }
        var number = String.UnicodeScalarView(), unit = String.UnicodeScalarView()
        number.append(contentsOf: scalars[..<i])
        unit.append(contentsOf: scalars[i...])
        return (String(number), String(unit).trimmingSpaces)
    }

    /// A plain number (`3`, `-0.5`, `1e6`, `.5`); nil for anything else, including `inf` and `nan`.
    static func number(_ text: String) -> Double? {
        let s = Array(text.trimmingSpaces.unicodeScalars)
        var i = 0, digits = 0
        func digit(_ k: Int) -> Bool { k < s.count && ("0"..."9").contains(s[k]) }
        if i < s.count, s[i] == "+" || s[i] == "-" { i += 1 }
        while digit(i) { i += 1; digits += 1 }
        if i < s.count, s[i] == "." { i += 1; while digit(i) { i += 1; digits += 1 } }
        guard digits > 0 else { return nil }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            i += 1
            if i < s.count, s[i] == "+" || s[i] == "-" { i += 1 }
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        guard i == s.count, let value = Double(text.trimmingSpaces), value.isFinite else { return nil }
        return value
    }

    /// `number × factor` as an integer, rounded; nil when it does not fit (checked without trapping).
    static func scale(_ number: String, by factor: Int64) -> Int64? {
        if !number.contains(".") {
            guard let n = Int64(number) else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        guard let x = Double(number) else { return nil }
        let product = x * Double(factor)
        guard product.isFinite, product < 9.0e18 else { return nil }
        return Int64(product.rounded())
    }

    /// A duration in µs: `250ms`, `1.5s`, `2h`, `4 blocks` (× `blockTime`; not allowed when nil).
    static func duration(_ text: String, blockTime: SimTime?) -> Parsed<SimTime> {
        let t = text.trimmingSpaces
        let example = "expected a duration with a unit (us, ms, s, m, h or blocks), e.g. 15s, got \"\(t)\""
        if t.hasPrefix("-"), splitDecimal(String(t.dropFirst())) != nil {
            return .invalid("must not be negative, got \"\(t)\"")
        }
        guard let (number, unit) = splitDecimal(t) else { return .mismatch(example) }
        let factor: Int64
        switch unit {
        case "us", "µs", "μs": factor = 1
        case "ms": factor = Time.millisecond
        case "s": factor = Time.second
        case "m": factor = Time.minute
        case "h": factor = Time.hour
        case "block", "blocks":
            guard let blockTime else { return .invalid("cannot be given in blocks (it defines the block time)") }
            factor = blockTime
        case "": return .invalid("expected a duration with a unit, e.g. 15s, got \"\(t)\"")
        default: return .mismatch(example)
        }
        guard let micros = scale(number, by: factor), micros <= maxDuration else {
            return .invalid("out of range: at most 100 years (876000h), got \"\(t)\"")
        }
        return .value(micros)
    }

    /// A size in bytes: `43KB` (SI), `2MiB` (binary), `256B`.
    static func size(_ text: String) -> Parsed<Int64> {
        let t = text.trimmingSpaces
        let example = "expected a size with a unit (B, KB, MB, GB, KiB, MiB or GiB), e.g. 43KB, got \"\(t)\""
        if t.hasPrefix("-"), splitDecimal(String(t.dropFirst())) != nil {
            return .invalid("must not be negative, got \"\(t)\"")
        }
        guard let (number, unit) = splitDecimal(t) else { return .mismatch(example) }
        let factors: [String: Int64] = ["B": 1, "KB": 1_000, "kB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000,
                                        "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30]
        if unit.isEmpty { return .invalid(example) }
        guard let factor = factors[unit] else { return .mismatch(example) }
        guard let bytes = scale(number, by: factor), bytes <= maxSize else {
            return .invalid("out of range: at most 1TB, got \"\(t)\"")
        }
        return .value(bytes)
    }

    /// A rate per second: `5/s`, `300/m`, `10/h`, or a plain number meaning per second.
    static func rate(_ text: String) -> Parsed<Double> {
        let t = text.trimmingSpaces
        let expected = "expected a rate such as 5/s, 300/m or 10/h, got \"\(t)\""
        var numberText = t, per = 1.0
        if let slash = t.firstIndex(of: "/") {
            numberText = String(t[..<slash])
            switch t[t.index(after: slash)...].trimmingSpaces {
            case "s": per = 1
            case "m": per = 60
            case "h": per = 3600
            default: return .mismatch(expected)
            }
        }
        guard let n = number(numberText) else { return .mismatch(expected) }
        if n < 0 { return .invalid("must not be negative, got \"\(t)\"") }
        let perSecond = n / per
        if perSecond > maxRate { return .invalid("out of range: at most 1000000/s, got \"\(t)\"") }
        return .value(perSecond)
    }

    /// A bandwidth in bit/s (`100Mbit/s`, `500kbit/s`), or nil for `unlimited`.
    static func bandwidth(_ text: String) -> Parsed<Double?> {
        let t = text.trimmingSpaces
        if t == "unlimited" { return .value(nil) }
        let expected = "expected a bandwidth such as 100Mbit/s, 1Gbit/s or 500kbit/s, or unlimited, got \"\(t)\""
        if t.hasPrefix("-"), splitDecimal(String(t.dropFirst())) != nil {
            return .invalid("must be positive, got \"\(t)\"")
        }
        guard let (number, unit) = splitDecimal(t), let x = Double(number) else { return .mismatch(expected) }
        let prefixes: [String: Double] = ["bit/s": 1, "kbit/s": 1e3, "Kbit/s": 1e3, "Mbit/s": 1e6,
                                          "Gbit/s": 1e9, "Tbit/s": 1e12]
        guard let factor = prefixes[unit] else { return .mismatch(expected) }
        let value = x * factor
        guard value > 0 else { return .invalid("must be positive, got \"\(t)\"") }
        guard value.isFinite, value <= 1e15 else { return .invalid("out of range: at most 1000Tbit/s, got \"\(t)\"") }
        return .value(value)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
