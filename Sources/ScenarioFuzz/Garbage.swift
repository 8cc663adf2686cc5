import Foundation
import Stochastic

/// The kind of a scalar value, guessed from its text, with values that are wrong for that kind
/// whatever the key (so that every replacement is an error).
enum ValueForm {
    case duration, integer, fraction, keyword, size, rate, bandwidth

    static func of(_ text: String) -> ValueForm? {
        let t = text.trimmingCharacters(in: " ")
        guard let first = t.unicodeScalars.first else { return nil }
        let digits = Array(t.unicodeScalars.prefix { ("0"..."9").contains($0) || $0 == "." })
        let unit = String(String.UnicodeScalarView(t.unicodeScalars.dropFirst(digits.count))).trimmingCharacters(in: " ")
        if digits.isEmpty {
            return t.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" }) ? .keyword : nil
        }
        guard ("0"..."9").contains(first) else { return nil }
        switch unit {
        case "": return digits.contains(".") ? .fraction : .integer
        case "us", "ms", "s", "m", "h", "block", "blocks": return .duration
        case "B", "KB", "kB", "MB", "GB", "KiB", "MiB", "GiB": return .size
        case "/s", "/m", "/h": return .rate
        case _ where unit.hasSuffix("bit/s"): return .bandwidth
        default: return nil
        }
    }

    var badValues: [String] {
        switch self {
        case .duration: return ["15parsecs", "15", "-5s", "876001h", "1e400s", "99999999999999999999h", "0x10s", "s",
                                "15 s 3", "nan", ".inf", "{zz: 1}"]
        case .integer: return ["-1", "99999999999999999999999", "1e999", "abc", "0x1F", "3.7.1", "[[zz]]"]
        case .fraction: return ["-0.5", "1e999", "abc", "0.5.5", ".", "--1"]
        case .keyword: return ["zz_bogus", "[zz]", "Zz-Bogus"]
        case .size: return ["43XB", "-1KB", "2TB", "43", "KB", "1e3KB"]
        case .rate: return ["5/y", "-5/s", "1e9/s", "5/", "/s", "5//s"]
        case .bandwidth: return ["100Mbit/y", "0bit/s", "100", "1e30Gbit/s", "-1Mbit/s"]
        }
    }
}

/// Files that are not scenarios at all: empty, blank, binary.
enum Garbage {
    static func empty(_ rng: inout SplitMix64) -> Doc.Made {
        let texts = ["", " ", "\n\n\n", "# only a comment\n", "---\n", "...\n", "~\n", "null\n", "\u{FEFF}", "\t\n",
                     "--- # nothing\n...\n"]
        let text = rng.pick(texts)
        return (Data(text.utf8), nil, false)
    }

    /// Random bytes, NUL-laden text, UTF-16 text, or a scenario with control characters.
    static func binary(_ rng: inout SplitMix64, _ text: String) -> Doc.Made {
        switch rng.below(4) {
        case 0:
            let count = rng.int(in: 1...4_096)
            return (Data((0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }), nil, true)
        case 1:
            var bytes = Array(text.utf8)
            for _ in 0..<rng.int(in: 1...8) { bytes.insert(0, at: rng.below(bytes.count + 1)) }
            return (Data(bytes), nil, true)
        case 2:
            var data = Data([0xFF, 0xFE])
            for unit in text.utf16 { data.append(UInt8(unit & 0xFF)); data.append(UInt8(unit >> 8)) }
            return (data, nil, true)
        default:
            var bytes = Array(text.utf8)
            let control: [UInt8] = [0x01, 0x07, 0x1B, 0x7F, 0x0B, 0x0C]
            bytes.insert(rng.pick(control), at: rng.below(bytes.count + 1))
            return (Data(bytes), nil, true)
        }
    }
}

/// Well-formed values that mean nothing (or too much): each must be refused with the limit that applies.
enum Semantic {
    /// (YAML appended to a minimal scenario, the key path the error must name).
    static let cases: [(String, String)] = [
        ("tree: { width: 2, nodes: 1000000000000 }", "tree.nodes"),
        ("tree: { width: 100000, depth: 2 }", "tree.width"),
        ("tree: { width: 10, depth: 40 }", "tree.depth"),
        ("tree: { width: 2, depth: 0 }", "tree.depth"),
        ("tree: { shape: explicit, parents: [0, 5] }", "tree.parents[1]"),
        ("tree: { width: 2, depth: 2 }\nl1: { block_time: 0s }", "l1.block_time"),
        ("tree: { width: 2, depth: 2 }\nl1: { block_time: 2h }", "l1.block_time"),
        ("tree: { width: 2, depth: 2 }\nfinality: { threshold: 1 }", "finality.threshold"),
        ("tree: { width: 2, depth: 2 }\nfinality: { threshold: 1.5 }", "finality.threshold"),
        ("tree: { width: 2, depth: 2 }\nfinality: { threshold: -0.1 }", "finality.threshold"),
        ("tree: { width: 2, depth: 2 }\nfinality: { window: 0 }", "finality.window"),
        ("tree: { width: 2, depth: 2 }\nupdate: { every: 0s }", "update.every"),
        ("tree: { width: 2, depth: 2 }\nmetrics: { sample_every: 0s }", "metrics.sample_every"),
        ("tree: { width: 2, depth: 2 }\nmetrics: { tracked_transactions: 100000000 }", "metrics.tracked_transactions"),
        ("tree: { width: 2, depth: 2 }\nproofs: { proof_size: 0B }", "proofs.proof_size"),
        ("tree: { width: 2, depth: 2 }\nproofs: { proof_size: 2TB }", "proofs.proof_size"),
        ("tree: { width: 2, depth: 2 }\nworkload: { tx_rate: 2000000/s }", "workload.tx_rate"),
        ("tree: { width: 2, depth: 2 }\nnetwork: { latency: { dist: lognormal, median: 80ms, sigma: 11 } }", "network.latency.sigma"),
        ("tree: { width: 2, depth: 2 }\nnetwork: { latency: { dist: uniform, min: 2s, max: 1s } }", "network.latency.max"),
        ("tree: { width: 2, depth: 2 }\nnetwork: { bandwidth: 0bit/s }", "network.bandwidth"),
        ("tree: { width: 2, depth: 2 }\nda: { timeout: 0s }", "da.timeout"),
        ("tree: { width: 2, depth: 2 }\nsweep: { tree.width: [2, 3], replicates: 0 }", "sweep.replicates"),
        ("tree: { width: 2, depth: 2 }\nsweep: { tree.width: [2], replicates: 1000000000 }", "sweep.replicates"),
        ("tree: { width: 2, depth: 2 }\nsweep: { a.b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], c.d: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "
            + "e.f: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], g.h: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], i.j: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }", "sweep"),
        ("tree: { width: 2, depth: 2 }\nadversary: [ { nodes: { ids: [999999] }, behavior: offline } ]", "adversary[0].nodes.ids[0]"),
        ("tree: { width: 2, depth: 2 }\nadversary: [ { nodes: { depth: 1 }, behavior: slow, factor: 0 } ]", "adversary[0].factor"),
        ("tree: { width: 2, depth: 2 }\nworkload: { bridge: { rate: 1/s, bots: { availability: 1.5 } } }", "workload.bridge.bots.availability"),
        ("tree: { width: 2, depth: 2 }\nsybil: { rate: 1/s, under: 99999 }", "sybil.under"),
        ("tree: { width: 2, depth: 2 }\nduration: 0s", "duration"),
        ("tree: { width: 2, depth: 2 }\nseed: -1", "seed"),
        ("tree: { width: 2, depth: 2 }\nmetrics: { sample_every: 1us }", "metrics.sample_every"),
        ("tree: { width: 2, depth: 2 }\nl1: { block_time: 1us }", "l1.block_time"),
        ("tree: { width: 2, depth: 2 }\nduration: 876000h", "duration"),
        ("name: \"" + String(repeating: "n", count: 101) + "\"\ntree: { width: 2, depth: 2 }", "name"),
    ]

    static func make(_ rng: inout SplitMix64) -> Doc.Made {
        let (yaml, key) = rng.pick(cases)
        let text = (yaml.contains("duration:") ? "" : "duration: 30m\n") + yaml + "\n"
        return (Data(text.utf8), key, true)
    }
}

extension Doc {
    /// Oversized input: a 10^5-digit number, a 1 MB string, a 20,000-value axis, a file over 16 MiB.
    mutating func huge(_ rng: inout SplitMix64) -> Made {
        let e = rng.pick(entries.filter { $0.value != nil && $0.path != ["description"] && $0.path.first != "expect" })
        switch rng.below(4) {
        case 0:
            replace(e, e.value ?? 0..<0, with: String(repeating: "9", count: 100_000))
            return (data, dotted(e), true)
        case 1:
            replace(e, e.value ?? 0..<0, with: "{zz: " + String(repeating: "z", count: 1_000_000) + "}")
            return (data, dotted(e), true)
        case 2:
            lines.append(Array(("sweep:\n  tree.width: [" + (1...20_000).map(String.init).joined(separator: ", ") + "]").unicodeScalars))
            return (data, "sweep.tree.width", true)
        default:
            let filler = "# " + String(repeating: "x", count: 1_000) + "\n"
            return (Data((text + "\n" + String(repeating: filler, count: 17_000)).utf8), nil, false)
        }
    }

    /// YAML alias bombs (expanding past the limit, or hidden in complex keys) and undefined aliases.
    mutating func aliasBomb(_ rng: inout SplitMix64) -> Made {
        let width = rng.int(in: 4...10)
        let levels = Int((log(1.3e6) / log(Double(width))).rounded(.up)) + rng.below(3)
        var defs = "[" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]"
        var items = ["&a0 " + defs]
        for l in 1...levels {
            defs = "[" + Array(repeating: "*a\(l - 1)", count: width).joined(separator: ", ") + "]"
            items.append("&a\(l) " + defs)
        }
        let bomb = "[" + items.joined(separator: ", ") + "]"
        switch rng.below(5) {
        case 0: lines.append(Array("sweep:\n  network.latency: \(bomb)".unicodeScalars))
        case 1: lines.append(Array("expect: { x: \(bomb) }".unicodeScalars))
        case 2: lines.append(Array("sweep:\n  tree.width: \(bomb)\n  ? *a\(levels)\n  : 1".unicodeScalars))
        case 3: lines.append(Array("metrics: { sample_every: *undefined_anchor }".unicodeScalars))
        default: lines.append(Array("sweep: { tree.width: [&w 2, 3], [*w]: 1 }".unicodeScalars))
        }
        return (data, nil, true)
    }
}
