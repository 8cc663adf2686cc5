/// The forgery kinds of `behavior: forge` (docs/model.md §9): which behaviour code each gives its
/// operator, and what a forger publishes in its updates. The checks that refuse them are in Proofs/.
extension Behaviors {
    /// The behaviour code of a `forge` adversary by what it forges: update forgers (update, fork,
    /// replay, l1_choice, drop_child) are faulty; burn and vote forgers act honestly otherwise; a
    /// `stale_key` operator withholds DA from its children (so that they replace it), then keeps
    /// signing with its old key after the installation.
    static func code(forging t: ForgeTarget) -> UInt8 {
        switch t {
        case .update, .fork, .replay, .l1Choice, .dropChild: return Behaviors.forge
        case .burn, .vote: return 0
        case .staleKey: return Behaviors.withhold
        }
    }

    /// What `v` forges in its updates now (nil: nothing; burns, votes and stale keys are not
    /// forged through its own updates).
    @inline(__always)
    func updateForgery(_ v: Int32) -> ForgeTarget? {
        let f = forging[Int(v)]
        guard f != 0, f != Behaviors.forgesBurn, f != Behaviors.forgesVote else { return nil }
        let t = ForgeTarget.allCases[Int(f) - 1]
        return t == .staleKey ? nil : t
    }
}
