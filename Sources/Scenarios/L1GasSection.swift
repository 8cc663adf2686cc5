import ValidiumModel
import Yams

/// Reading `l1.gas` and `l1.gas_limit` (docs/model.md §8; sources of the defaults in docs/systems.md).
extension Ctx {
    /// The gas keys of `l1:` into `config`.
    func l1Gas(_ s: Section, into config: inout L1Config) throws(ScenarioError) {
        if let v = s["gas_limit"] {
            if case .scalar(let sc) = v, sc.string.trimmingSpaces == "unlimited" {
                config.gasLimit = nil
            } else {
                guard case .scalar(let sc) = v, Units.number(sc.string) != nil else {
                    throw fail(v, s.sub("gas_limit"), "expected unlimited or a number of gas units per block such as 36000000, got \(describe(v))")
                }
                config.gasLimit = Int64(try int(v, s.sub("gas_limit"), in: KeyRegistry.intRange("l1.gas_limit")))
            }
        }
        guard let node = s["gas"] else { return }
        let g = try Section(node, path: "l1.gas", allowed: KeyRegistry.children(of: "l1.gas"), ctx: self)
        func gas(_ key: String) throws(ScenarioError) -> Int64? {
            guard let v = g[key] else { return nil }
            return Int64(try int(v, g.sub(key), in: KeyRegistry.intRange("l1.gas." + key)))
        }
        if let x = try gas("tx_base") { config.gas.txBase = x }
        if let x = try gas("verify") { config.gas.verify = x }
        if let x = try gas("calldata_byte") { config.gas.calldataByte = x }
        if let x = try gas("proof_bytes") { config.gas.proofBytes = x }
        if let x = try gas("update") { config.gas.update = x }
        if let x = try gas("message") { config.gas.message = x }
    }

    /// With `l1.gas_limit`, one validium ZKP must fit in a block (else nothing would ever be included).
    func checkGasLimit(_ config: ModelConfig, _ s: Section) throws(ScenarioError) {
        guard let limit = config.l1.gasLimit else { return }
        let one = config.l1.gas.zkp(config.proofs)
        if limit < one {
            let l1 = try Section(s["l1"] ?? s.node, path: "l1", allowed: nil, ctx: self)
            throw fail(l1["gas_limit"] ?? l1.node, "l1.gas_limit",
                       "\(grouped(limit)) gas is less than one validium ZKP costs (\(grouped(one)) gas with these proofs and l1.gas); raise the limit")
        }
    }
}
