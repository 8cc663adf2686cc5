/// The schema of the `search:` block: templates whose keys take a value or `{ one_of: [...] }`.
extension ScenarioSchema {
    /// `search:` as a JSON Schema object.
    static func searchBlock() -> JSONValue {
        var objective = mapping("search.objective")
        if case .object(var pairs) = objective {
            pairs.append(("oneOf", .array([.object([("required", .array([.string("maximize")]))]),
                                           .object([("required", .array([.string("minimize")]))])])))
            objective = .object(pairs)
        }
        let adversary = JSONValue.object([("description", .string(KeyRegistry.key("search.adversary")?.summary ?? "")),
                                          ("type", .string("array")), ("minItems", .number(1)), ("items", searchTemplate())])
        var properties: [(String, JSONValue)] = []
        for name in KeyRegistry.children(of: "search") {
            switch name {
            case "adversary": properties.append((name, adversary))
            case "objective": properties.append((name, objective))
            default: properties.append((name, property("search." + name)))
            }
        }
        return .object([("type", .string("object")), ("required", .array([.string("adversary"), .string("objective")])),
                        ("properties", .object(properties)), ("additionalProperties", .bool(false))])
    }

    /// One template: behavior, operators, nodes, and any other adversary entry key, each plain or `{ one_of: [...] }`.
    static func searchTemplate() -> JSONValue {
        func described(_ path: String, _ schema: JSONValue) -> JSONValue {
            guard case .object(let pairs) = schema else { return schema }
            return .object([("description", .string(KeyRegistry.key(path)?.summary ?? ""))] + pairs)
        }
        let positive = JSONValue.object([("type", .string("integer")), ("minimum", .number(1))])
        let operators = JSONValue.object([("anyOf", .array([
            positive,
            .object([("type", .string("object")), ("required", .array([.string("max")])),
                     ("properties", .object([("min", positive), ("max", positive)])), ("additionalProperties", .bool(false))]),
            .object([("type", .string("object")), ("required", .array([.string("fraction")])),
                     ("properties", .object([("fraction", .object([("type", .string("number")), ("exclusiveMinimum", .number(0)),
                                                                   ("maximum", .number(1))]))])),
                     ("additionalProperties", .bool(false))]),
        ]))])
        let poolKeys = ["ids", "depth", "subtree"]
        let selector = JSONValue.object([
            ("type", .string("object")),
            ("properties", .object(poolKeys.map { ($0, property("adversary[].nodes." + $0)) })),
            ("additionalProperties", .bool(false)),
        ])
        let nodes = JSONValue.object([("anyOf", .array([selector, .object([("type", .string("array")), ("minItems", .number(1)),
                                                                           ("items", selector)])]))])
        var properties: [(String, JSONValue)] = [
            ("behavior", described("search.adversary[].behavior", oneOf(property("adversary[].behavior")))),
            ("operators", described("search.adversary[].operators", operators)),
            ("nodes", described("search.adversary[].nodes", nodes)),
        ]
        for name in Ctx.searchEntryKeys { properties.append((name, oneOf(property("adversary[]." + name)))) }
        return .object([("type", .string("object")), ("required", .array([.string("behavior")])),
                        ("properties", .object(properties)), ("additionalProperties", .bool(false))])
    }

    /// `value`, or `{ one_of: [value, …] }` (a searched key).
    static func oneOf(_ value: JSONValue) -> JSONValue {
        let list = JSONValue.object([("type", .string("object")), ("required", .array([.string("one_of")])),
                                     ("properties", .object([("one_of", .object([("type", .string("array")), ("minItems", .number(1)),
                                                                                 ("items", value)]))])),
                                     ("additionalProperties", .bool(false))])
        return .object([("anyOf", .array([value, list]))])
    }

    /// The schema with `search.objective.maximize`/`minimize` restricted to `names` and `operators`.
    static func withObjectiveNames(_ schema: JSONValue, _ names: [String]) -> JSONValue {
        let figures = JSONValue.array((names + [SearchObjective.operatorsFigure]).map(JSONValue.string))
        return updating(schema, ["properties", "search", "properties", "objective", "properties"]) { objective in
            guard case .object(var pairs) = objective else { return objective }
            for i in pairs.indices where ["maximize", "minimize"].contains(pairs[i].0) {
                if case .object(let inner) = pairs[i].1 { pairs[i].1 = .object(inner.filter { $0.0 != "type" } + [("enum", figures)]) }
            }
            return .object(pairs)
        }
    }

    /// `value` with the member at `path` (object keys) replaced by `change` of it.
    static func updating(_ value: JSONValue, _ path: ArraySlice<String>, _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let key = path.first else { return change(value) }
        guard case .object(var pairs) = value, let i = pairs.firstIndex(where: { $0.0 == key }) else { return value }
        pairs[i].1 = updating(pairs[i].1, path.dropFirst(), change)
        return .object(pairs)
    }

    static func updating(_ value: JSONValue, _ path: [String], _ change: (JSONValue) -> JSONValue) -> JSONValue {
        updating(value, path[...], change)
    }
}
