import Foundation
import Yams

/// The resolved scenario as a scenario file: every key with its value or default, in readable
/// units, which loads to the same scenario (same canonical text, same digest).
///
/// It is written from the canonical text (`Canonical.render`), whose values are valid scenario
/// values, with three exceptions taken from the file instead: `adversary:` entries keep their node
/// selectors (drawn again from the same seed and tree, they pick the same nodes; the picked ids
/// follow as a comment), `expect:` entries keep their text, and `sweep:`/`bounds:`/`search:` blocks
/// are copied as written.
public enum ResolvedYAML {
    /// The YAML text of `scenario`.
    public static func render(_ scenario: Scenario) -> String {
        var tree = Keys()
        for line in scenario.canonical.split(separator: "\n") {
            guard let eq = line.range(of: " = ") else { continue }
            let key = String(line[..<eq.lowerBound]), value = String(line[eq.upperBound...])
            if key.hasPrefix("expect.") || key.hasPrefix("adversary[") { continue }
            switch key {
            case "name": tree.set(["name"], scalar(scenario.name))
            case "description": tree.set(["description"], scalar(scenario.description))
            default: tree.set(key.split(separator: ".").map(String.init), humanized(value))
            }
        }
        let source = sourceRoot(scenario)
        var out = ""
        for top in Ctx.topKeys {
            if top == "expect" {
                guard !scenario.expectations.isEmpty else { continue }
                out += "expect:\n"
                for e in scenario.expectations { out += "  \(scalar(e.path)): \(scalar(e.source))\n" }
            } else if top == "adversary" {
                out += adversary(source?["adversary"], scenario)
            } else if SweepGrid.blocks.contains(top) {
                if let block = source?[top] { out += "\(top): \(FlowText.render(block))\n" }
            } else if let node = tree.children[top] {
                out += node.text(key: top, indent: "")
            }
        }
        return out
    }

    /// The `adversary:` list: every key of each entry with its value or default, the node selectors
    /// (and an equivocation's split) as written, the nodes they pick as a comment.
    static func adversary(_ node: Node?, _ scenario: Scenario) -> String {
        guard let node, case .sequence(let items) = node, !items.isEmpty else { return "" }
        let resolved = scenario.config.faults.adversaries
        var out = "adversary:\n"
        for (k, item) in items.enumerated() {
            guard k < resolved.count, case .mapping(let m) = item else { out += "  - \(FlowText.render(item))\n"; continue }
            let a = resolved[k]
            func written(_ key: String) -> String? { m.first { $0.key.scalar?.string == key }.map { FlowText.render($0.value) } }
            var parts: [String] = []
            if let nodes = written("nodes") { parts.append("nodes: \(nodes)") }
            parts.append("behavior: \(a.behavior.rawValue)")
            parts.append("from: \(human("\(a.from)us"))")
            parts.append("until: " + (a.until == .max ? "end" : human("\(a.until)us")))
            if a.behavior == .slow { parts.append("factor: \(Canonical.number(a.factor))") }
            if let children = a.censored { parts.append("children: [" + children.map(String.init).joined(separator: ", ") + "]") }
            if a.behavior == .forge { parts.append("forge: \(a.forged.rawValue)") }
            if a.behavior == .delayDA, let delay = written("delay") { parts.append("delay: \(delay)") }
            if a.behavior == .equivocate, let fault = a.l1Fault {
                parts.append("forks: \(fault.forks)")
                if let shown = written("shown_to") { parts.append("shown_to: \(shown)") } else { parts.append("split: \(written("split") ?? "even")") }
            }
            if a.behavior == .reorg, let fault = a.l1Fault { parts.append("depth: \(fault.reorgDepth)") }
            out += "  - { " + parts.joined(separator: ", ") + " }"
            if written("nodes") != nil {
                let shown = a.nodes.prefix(20).map(String.init).joined(separator: ", ")
                out += "   # nodes [\(shown)\(a.nodes.count > 20 ? ", … \(a.nodes.count) in all" : "")]"
            }
            out += "\n"
        }
        return out
    }

    /// The top-level mapping the scenario was built from (its text, then its `--set` overrides).
    static func sourceRoot(_ scenario: Scenario) -> Section? {
        guard var root = (try? Yams.compose(yaml: scenario.sourceText)) ?? nil else { return nil }
        for text in scenario.overrides {
            guard let o = try? Override(text), (try? o.apply(to: &root)) != nil else { return nil }
        }
        return try? Section(root, path: "", allowed: nil, ctx: Ctx(file: scenario.path))
    }

    /// A YAML scalar: bare when it reads back as the same text, else double-quoted.
    static func scalar(_ text: String) -> String {
        FlowText.bare(text) && !["~", "null", "Null", "NULL"].contains(text) ? text : FlowText.quoted(text)
    }

    /// A canonical value with its whole-number µs, bytes and bit/s in the largest exact unit.
    static func humanized(_ value: String) -> String {
        var out = "", token = ""
        func flush() {
            out += human(token)
            token = ""
        }
        for ch in value {
            if " ,{}[]:".contains(ch) { flush(); out.append(ch) } else { token.append(ch) }
        }
        flush()
        return out
    }

    /// `15000000us` → `15s`, `43000B` → `43KB`, `100000000bit/s` → `100Mbit/s`; anything else unchanged.
    static func human(_ token: String) -> String {
        let units: [(suffix: String, scales: [(String, Int64)])] = [
            ("bit/s", [("Gbit/s", 1_000_000_000), ("Mbit/s", 1_000_000), ("kbit/s", 1_000), ("bit/s", 1)]),
            ("us", [("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000), ("ms", 1_000), ("us", 1)]),
            ("B", [("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1)]),
        ]
        for (suffix, scales) in units where token.hasSuffix(suffix) {
            guard let n = Int64(token.dropLast(suffix.count)), n >= 0 else { return token }
            if n == 0 { return "0" + (suffix == "us" ? "s" : scales.last?.0 ?? suffix) }
            for (unit, factor) in scales where n % factor == 0 { return "\(n / factor)\(unit)" }
        }
        return token
    }

    /// Nested keys in first-seen order (canonical order within a section).
    struct Keys {
        var value: String?
        var order: [String] = []
        var children: [String: Keys] = [:]

        mutating func set(_ path: [String], _ value: String) {
            guard let first = path.first else { self.value = value; return }
            if children[first] == nil { order.append(first); children[first] = Keys() }
            children[first]?.set(Array(path.dropFirst()), value)
        }

        func text(key: String, indent: String) -> String {
            if let value { return "\(indent)\(key): \(value)\n" }
            var out = "\(indent)\(key):\n"
            for k in order { out += children[k]?.text(key: k, indent: indent + "  ") ?? "" }
            return out
        }
    }
}
