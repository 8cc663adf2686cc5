import ProofCore

/// The receiver's checks of the real core (docs/model.md §9), from what the receiver holds: its
/// record of each child (root and commitment last accepted, registered key generation) and the L1
/// roots it knows. Check 2 runs first (an update that does not verify says nothing about its
/// chain), then 1, then 3.
extension RealProofCore {
    /// The key registered for `c`'s operator at its receiver.
    func registeredKey(_ c: Int32) -> OperatorKeys {
        ensure(Int(c))
        let g = registered[Int(c)]
        return g == generation[Int(c)] ? key(c) : OperatorKeys(seed: seed, node: c, generation: g)
    }

    /// Keys of `c`'s replaced operators (the registry's history), newest first.
    func replacedKeys(_ c: Int32) -> [OperatorKeys] {
        let g = registered[Int(c)]
        return g == 0 ? [] : (0..<g).reversed().map { OperatorKeys(seed: seed, node: c, generation: $0) }
    }

    /// Receiver `p`'s checks 2, 1 and 3 of child `c`'s update `u`: nil when it passes.
    func check(_ u: SignedUpdate, child c: Int32, receiver p: Int32) -> UpdateRejection? {
        ensure(Int(c))
        guard u.node == c else { return .malformed }
        let key = registeredKey(c)
        if var reason = u.check(key: key) {
            if reason == .badSignature, registered[Int(c)] > 0 { reason = u.check(key: key, replaced: replacedKeys(c)) ?? reason }
            return reason
        }
        if !u.extends(record: recordRoot[Int(c)], key: key) { return .notExtending }
        if !knowsL1(p, block: u.l1Block, root: u.l1Root) { return .unknownL1Block }
        return nil
    }

    /// Check 3: true when `p` knows L1 block `k` with root `root` on the chain it follows.
    /// With a forking L1, any block the L1 produced (every node watches the L1); which fork a node
    /// follows is the fork choice's business (docs/model.md §8), not a refusal.
    func knowsL1(_ p: Int32, block k: Int32, root: Hash32) -> Bool {
        if forkAware { return k >= 0 && Int(k) < rootsEver.count && rootsEver[Int(k)].contains(root) }
        let roots = p <= 0 ? l1Roots : knownRoots[Int(p)]
        return k >= 0 && Int(k) < roots.count && roots[Int(k)] == root
    }

    /// The receiver's check of child `c`'s published update `r`: nil when valid.
    func verifyUpdate(child c: Int32, record r: Int32, receiver p: Int32) -> UpdateRejection? {
        guard Int(r) < published.count, let u = published[Int(r)] else { return .malformed }
        return check(u, child: c, receiver: p)
    }

    /// The receiver's check of the forged update that travelled with record `r` (fork, replay).
    func verifyCompanion(child c: Int32, record r: Int32, receiver p: Int32) -> UpdateRejection? {
        guard let u = companions.removeValue(forKey: r) else { return .malformed }
        return check(u, child: c, receiver: p)
    }

    /// The receiver's check of an update the replaced operator of `c` signed after the installation.
    func verifyStale(child c: Int32, receiver p: Int32, round: Int64) -> UpdateRejection? {
        check(staleUpdate(c, round: round), child: c, receiver: p)
    }

    /// The receiver keeps `c`'s checked update `r` as its record of c.
    func accept(child c: Int32, record r: Int32) {
        guard Int(r) < published.count, let u = published[Int(r)] else { return }
        ensure(Int(c))
        recordRoot[Int(c)] = u.newRoot
        recordCommitment[Int(c)] = u.commitment
        published[Int(r)] = nil
    }

    /// A refused update is dropped.
    func drop(record r: Int32) {
        if Int(r) < published.count { published[Int(r)] = nil }
        companions[r] = nil
    }

    /// Check 5, by child `c` on the DA response of its parent `p`: the parent's latest state holds,
    /// in c's slot, one of c's own commitments no older than the last one c saw there (its Merkle
    /// path reaching the state's signed root). True when it does, or when p's state has no slot for
    /// c yet (c joined or re-attached after it) or p is the L1.
    func childIncluded(child c: Int32, parent p: Int32) -> Bool {
        guard p > 0, let state = latestState[Int(p)], let slot = latestChildren[Int(p)].firstIndex(of: c) else { return true }
        let leaf = state.leaves[1 + slot]
        guard state.childIncluded(leaf, slot: slot), let seen = ownCommitments[Int(c)].firstIndex(of: leaf) else { return false }
        if seen > 0 { ownCommitments[Int(c)].removeFirst(seen) }
        return true
    }

    /// Check 4: the recipient `r` checks the burn of message `m` (the leaf it recomputes, `claimed`)
    /// against an L1 root it knows: from its fetches, or read from the L1 itself (`direct`).
    func verifyBurn(_ m: Int32, claimed: Hash32, recipient r: Int32, direct: Bool) -> Bool {
        guard let proof = burnProofs[m] else {
            // Not on the L1 (a forced message): checked against the sender's committed outbox.
            return committedBurn[m] == claimed
        }
        ensure(Int(r))
        if forkAware {
            let b = Int(proof.block)
            return b < rootsEver.count && rootsEver[b].contains { proof.verify(leaf: claimed, l1Root: $0) }
        }
        let roots = direct ? l1Roots : knownRoots[Int(r)]
        guard Int(proof.block) < roots.count else { return false }
        return proof.verify(leaf: claimed, l1Root: roots[Int(proof.block)])
    }

    /// The receiver checks `voter`'s vote against the voter's registered key.
    func verifyVote(election e: Int32, voter: Int32) -> Bool {
        guard let v = votes[Int64(e) << 32 | Int64(voter)] else { return false }
        return v.verify(key: registeredKey(voter))
    }
}
