/// The shared value types of the schema: units, distributions, node selectors.
extension ScenarioSchema {
    /// Optional spaces or tabs.
    static let space = "[ \\t]*"
    /// An unsigned decimal as the loader reads it before a unit (`12`, `1.5`).
    static let decimal = "[0-9]+(\\.[0-9]+)?"

    static func pattern(_ regex: String) -> JSONValue {
        .object([("type", .string("string")), ("pattern", .string(regex))])
    }

    /// `$defs`: duration, size, rate, bandwidth, distribution, factor, selector.
    static func defs() -> JSONValue {
        let duration = pattern("^\(space)\(decimal)\(space)(us|µs|μs|ms|s|m|h|block|blocks)\(space)$")
        let size = pattern("^\(space)\(decimal)\(space)(B|KB|kB|MB|GB|KiB|MiB|GiB)\(space)$")
        let plainNumber = "[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?"
        let rate = JSONValue.object([("anyOf", .array([
            .object([("type", .string("number")), ("minimum", .number(0))]),
            pattern("^\(space)\(plainNumber)\(space)(/\(space)(s|m|h))?\(space)$"),
        ]))])
        let bandwidth = JSONValue.object([("anyOf", .array([
            enumOf(["unlimited"]), pattern("^\(space)\(decimal)(bit/s|kbit/s|Kbit/s|Mbit/s|Gbit/s|Tbit/s)\(space)$"),
        ]))])
        let selector = JSONValue.object([
            ("type", .string("object")),
            ("description", .string("nodes matching every key given; fraction and pick draw from them with the seed")),
            ("properties", .object(KeyRegistry.children(of: "adversary[].nodes").map { ($0, property("adversary[].nodes." + $0)) })),
            ("additionalProperties", .bool(false)),
        ])
        return .object([
            ("duration", duration), ("size", size), ("rate", rate), ("bandwidth", bandwidth),
            ("distribution", distributions(of: ref("duration"))),
            ("factor", distributions(of: .object([("type", .string("number")), ("exclusiveMinimum", .number(0))]))),
            ("selector", selector),
        ])
    }

    /// A plain value (a constant) or `{ dist: …, … }` whose time parameters take `value`.
    static func distributions(of value: JSONValue) -> JSONValue {
        let number = JSONValue.object([("type", .string("number")), ("minimum", .number(0))])
        var options: [JSONValue] = [value]
        for (name, keys) in Ctx.distParameters {
            var properties: [(String, JSONValue)] = [("dist", .object([("const", .string(name))]))]
            for k in keys { properties.append((k, ["sigma", "shape"].contains(k) ? number : value)) }
            var required = ["dist"] + keys
            var extra: [(String, JSONValue)] = []
            if name == "gamma" {  // shape, and scale or mean
                required = ["dist", "shape"]
                extra = [("oneOf", .array([.object([("required", .array([.string("scale")]))]),
                                           .object([("required", .array([.string("mean")]))])]))]
            }
            options.append(.object([("type", .string("object")), ("properties", .object(properties)),
                                    ("required", .array(required.map(JSONValue.string))),
                                    ("additionalProperties", .bool(false))] + extra))
        }
        return .object([("anyOf", .array(options))])
    }
}
