import ProofCore
import SimCore
import Testing
@testable import ValidiumModel

/// The real core's receiver checks (docs/model.md §9 points 1–5), each from what the receiver holds,
/// and the independence of its decisions from the mock's validity flag.
@Suite struct RealCoreReceiverTests {
    /// Node 3's update as record `r` (parent 1, no children), stamped `stamp`.
    static func prove(_ core: RealProofCore, node: Int32 = 3, parent: Int32 = 1, record r: Int32, round: Int64,
                      stamp: Int32 = 0, forge: ForgeTarget? = nil, companion: ForgeTarget? = nil, children: [Int32] = []) {
        core.proveUpdate(node: node, parent: parent, record: r, round: round, transactions: round, stamp: stamp,
                         children: children, burns: [], forge: forge, companion: companion)
    }

    @Test func theRealCoreIgnoresTheMocksValidityFlag() {
        var c = TestBed.config()
        c.proofs.core = .real
        c.faults.adversaries = [AdversaryEntry(nodes: [4], behavior: .forge)]
        let bed = TestBed(c)
        bed.startAdversary(0)
        let pool = bed.ctx.pool
        let honest = pool.allocate()
        bed.m.proofs.proveUpdate(node: 3, record: honest, stamp: 0, round: 1, transactions: 0)
        pool[honest].forged = true   // wrong: the update is honest
        #expect(bed.m.proofs.checkDelivered(child: 3, record: honest, parent: 1))
        let forged = pool.allocate()
        bed.m.proofs.proveUpdate(node: 4, record: forged, stamp: 0, round: 1, transactions: 0)
        pool[forged].forged = false  // wrong (or absent): the update is forged
        #expect(!bed.m.proofs.checkDelivered(child: 4, record: forged, parent: 1))
        #expect(bed.m.proofs.results.rejections.map(\.check) == ["commitment_and_key"])
        #expect(bed.m.proofs.results.rejections.map(\.reason) == [UpdateRejection.stateRootMismatch.rawValue])
    }

    @Test func check1RefusesAForkAndAReplayButFollowsLinksOverUncheckedUpdates() {
        let core = RealProofCore(seed: 1, nodes: 8)
        Self.prove(core, record: 0, round: 1, forge: .replay)
        #expect(core.verifyUpdate(child: 3, record: 0, receiver: 1) == nil)
        core.accept(child: 3, record: 0)
        Self.prove(core, record: 1, round: 2, forge: .replay, companion: .replay)
        #expect(core.verifyUpdate(child: 3, record: 1, receiver: 1) == nil)
        core.accept(child: 3, record: 1)
        #expect(core.verifyCompanion(child: 3, record: 1, receiver: 1) == .notExtending, "record 0 again: a replay")
        Self.prove(core, record: 2, round: 3, companion: .fork)
        #expect(core.verifyUpdate(child: 3, record: 2, receiver: 1) == nil)
        core.accept(child: 3, record: 2)
        #expect(core.verifyCompanion(child: 3, record: 2, receiver: 1) == .notExtending, "a second update on the same state")

        // Record 3 never reaches the check (an offline parent drops it): record 4 carries it as a link.
        Self.prove(core, record: 3, round: 4)
        Self.prove(core, record: 4, round: 5)
        #expect(core.published[4]!.links.count == 1)
        #expect(core.verifyUpdate(child: 3, record: 4, receiver: 1) == nil)
        var tampered = core.published[4]!
        tampered.links[0].newRoot = tampered.links[0].newRoot.flipped()
        #expect(core.check(tampered, child: 3, receiver: 1) == .notExtending)
        core.accept(child: 3, record: 4)
        Self.prove(core, record: 5, round: 6)
        #expect(core.published[5]!.links.isEmpty)
    }

    @Test func check2RefusesTheReplacedOperatorsKeyAfterTheInstallation() {
        let core = RealProofCore(seed: 1, nodes: 8)
        Self.prove(core, record: 0, round: 1)
        core.signVote(election: 0, faulty: 1, voter: 3, signer: 3)
        Self.prove(core, record: 1, round: 2)   // proven by the old operator, delivered after the installation
        core.operatorReplaced(3)
        #expect(core.verifyUpdate(child: 3, record: 0, receiver: 1) == .staleKey)
        #expect(!core.verifyVote(election: 0, voter: 3), "the old operator's vote is refused too")
        #expect(core.verifyStale(child: 3, receiver: 1, round: 9) == .staleKey)
        Self.prove(core, record: 2, round: 3)
        #expect(core.verifyUpdate(child: 3, record: 2, receiver: 1) == nil, "the new operator continues from the record")
        core.signVote(election: 1, faulty: 1, voter: 3, signer: 3)
        #expect(core.verifyVote(election: 1, voter: 3))
    }

    @Test func check3RefusesAnL1BlockTheReceiverDoesNotKnow() {
        let core = RealProofCore(seed: 1, nodes: 8)
        core.produceBlock(1, burns: [], l1Children: [1, 2])
        // Node 1 has not fetched since block 1: its child's choice of block 1 is unknown to it.
        Self.prove(core, record: 0, round: 1, stamp: 1)
        #expect(core.verifyUpdate(child: 3, record: 0, receiver: 1) == .unknownL1Block)
        Self.prove(core, node: 1, parent: 0, record: 1, round: 1, stamp: 1)   // node 1 learns block 1 from the L1
        Self.prove(core, record: 2, round: 1, stamp: 1)
        #expect(core.verifyUpdate(child: 3, record: 2, receiver: 1) == nil)
        core.accept(child: 3, record: 2)
        Self.prove(core, record: 3, round: 2, stamp: 1, forge: .l1Choice)
        #expect(core.verifyUpdate(child: 3, record: 3, receiver: 1) == .unknownL1Block, "block 1 of another fork")
    }

    @Test func check4ProvesABurnOnlyUnderAnL1RootTheRecipientKnows() {
        let core = RealProofCore(seed: 1, nodes: 8)
        let leaf = Leaf.burn(message: 0, sender: 3, recipient: 5, amount: 1)
        core.commitBurn(0, leaf: leaf)
        core.produceBlock(1, burns: [0], l1Children: [1, 2])
        #expect(!core.verifyBurn(0, claimed: leaf, recipient: 5, direct: false), "node 5 does not know block 1 yet")
        #expect(core.verifyBurn(0, claimed: leaf, recipient: 5, direct: true), "read from the L1")
        Self.prove(core, node: 2, parent: 0, record: 0, round: 1, stamp: 1)
        Self.prove(core, node: 5, parent: 2, record: 1, round: 1, stamp: 1)
        #expect(core.verifyBurn(0, claimed: leaf, recipient: 5, direct: false))
        #expect(!core.verifyBurn(0, claimed: Leaf.burn(message: 0, sender: 3, recipient: 5, amount: 9), recipient: 5, direct: false))
    }

    @Test func check5FindsAChildMissingFromItsParentsState() {
        let core = RealProofCore(seed: 1, nodes: 8)
        Self.prove(core, record: 0, round: 1)
        core.accept(child: 3, record: 0)
        Self.prove(core, node: 1, parent: 0, record: 1, round: 1, children: [3, 4])
        #expect(core.childIncluded(child: 3, parent: 1) && core.childIncluded(child: 4, parent: 1))
        Self.prove(core, record: 2, round: 2)
        core.accept(child: 3, record: 2)
        Self.prove(core, node: 1, parent: 0, record: 3, round: 2, forge: .dropChild, children: [3, 4])
        #expect(!core.childIncluded(child: 3, parent: 1) && !core.childIncluded(child: 4, parent: 1))
        Self.prove(core, node: 1, parent: 0, record: 4, round: 3, children: [3, 4])
        #expect(core.childIncluded(child: 3, parent: 1), "an honest state again")
        #expect(core.childIncluded(child: 5, parent: 1), "no slot: a child that joined later is not checked")
    }
}
