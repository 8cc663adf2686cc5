import XCTest
@testable import ProofCore

final class ProofCoreTests: XCTestCase {
    let keys = OperatorKeys(seed: 1, node: 4)

    func testKeysAreDeterministicAndDistinct() {
        XCTAssertEqual(OperatorKeys(seed: 1, node: 4).publicKey.rawRepresentation, keys.publicKey.rawRepresentation)
        XCTAssertNotEqual(OperatorKeys(seed: 1, node: 5).publicKey.rawRepresentation, keys.publicKey.rawRepresentation)
        XCTAssertNotEqual(OperatorKeys(seed: 2, node: 4).publicKey.rawRepresentation, keys.publicKey.rawRepresentation)
    }

    func testMerkleProofsVerifyForEveryLeafAndFailWhenTampered() {
        for count in 1...9 {
            let leaves = (0..<count).map { Leaf.genesis(node: Int32($0)) }
            let tree = MerkleTree(leaves: leaves)
            XCTAssertEqual(tree.root, MerkleTree.root(leaves))
            for i in 0..<count {
                let proof = tree.proof(leaf: i)
                XCTAssertTrue(proof.verify(leaf: leaves[i], root: tree.root), "count \(count) leaf \(i)")
                XCTAssertFalse(proof.verify(leaf: leaves[i].flipped(), root: tree.root))
                XCTAssertFalse(proof.verify(leaf: leaves[i], root: tree.root.flipped()))
            }
        }
    }

    func testMerkleUpdateMatchesRebuild() {
        var leaves = (0..<7).map { Leaf.genesis(node: Int32($0)) }
        var tree = MerkleTree(leaves: leaves)
        for i in [0, 3, 6] {
            leaves[i] = Leaf.genesis(node: Int32(100 + i))
            tree.update(leaf: i, to: leaves[i])
            XCTAssertEqual(tree.root, MerkleTree.root(leaves))
        }
    }

    func testHonestUpdateVerifies() {
        let u = update()
        XCTAssertNil(u.check(key: keys))
    }

    func testTamperedCommitmentFails() {
        var u = update()
        u.commitment = u.commitment.flipped()
        XCTAssertEqual(u.check(key: keys), .commitmentMismatch)
        var v = update()
        v.newRoot = v.newRoot.flipped()
        XCTAssertEqual(v.check(key: keys), .stateRootMismatch)
        var w = update()
        w.leaves[1] = w.leaves[1].flipped()
        XCTAssertEqual(w.check(key: keys), .stateRootMismatch)
        var x = update()
        x.l1Block += 1
        XCTAssertEqual(x.check(key: keys), .commitmentMismatch)
    }

    func testWrongKeySignatureFails() {
        let u = update(signer: OperatorKeys(seed: 1, node: 5))
        XCTAssertEqual(u.check(key: keys), .badSignature)
        let vote = SignedVote(election: 0, faulty: 2, voter: 4, keys: OperatorKeys(seed: 1, node: 5))
        XCTAssertFalse(vote.verify(key: keys))
        XCTAssertTrue(SignedVote(election: 0, faulty: 2, voter: 4, keys: keys).verify(key: keys))
    }

    func testStaleKeyIsNamedWhenTheSignatureVerifiesUnderAReplacedKey() {
        let newKey = OperatorKeys(seed: 1, node: 4, generation: 1)
        XCTAssertEqual(update().check(key: newKey, replaced: [keys]), .staleKey)
        XCTAssertEqual(update().check(key: newKey), .badSignature)
        XCTAssertNil(update(signer: newKey).check(key: newKey, replaced: [keys]))
        XCTAssertEqual(UpdateRejection.staleKey.check, .commitmentAndKey)
        XCTAssertEqual(ProofCheck.allCases.map(\.point), [1, 2, 3, 4, 5])
    }

    func testExtendsFollowsSignedLinksFromTheRecordOnly() {
        let first = update()
        let second = SignedUpdate(node: 4, previousRoot: first.newRoot, ownState: Leaf.genesis(node: 40), children: [],
                                  outbox: .zero, l1Block: 3, links: [first.header], keys: keys)
        XCTAssertTrue(second.extends(record: first.newRoot, key: keys), "its previous root is the record")
        XCTAssertTrue(second.extends(record: first.previousRoot, key: keys), "over the link of an unchecked update")
        XCTAssertFalse(second.extends(record: Leaf.genesis(node: 99), key: keys), "no link starts at the record")
        XCTAssertFalse(second.extends(record: first.previousRoot, key: OperatorKeys(seed: 1, node: 5)), "a link signed by another key")
        var forged = second
        forged.links[0].newRoot = forged.links[0].newRoot.flipped()
        XCTAssertFalse(forged.extends(record: first.previousRoot, key: keys), "a tampered link")
    }

    func testChildInclusionProofFindsTheSlotAndRefusesAnotherLeaf() {
        let u = update()
        XCTAssertTrue(u.childIncluded(Leaf.genesis(node: 13), slot: 0))
        XCTAssertTrue(u.childIncluded(Leaf.genesis(node: 14), slot: 1))
        XCTAssertFalse(u.childIncluded(Leaf.genesis(node: 14), slot: 0))
        XCTAssertFalse(u.childIncluded(Leaf.genesis(node: 13), slot: 2), "no such slot")
        var forged = u
        forged.newRoot = forged.newRoot.flipped()
        XCTAssertFalse(forged.childIncluded(Leaf.genesis(node: 13), slot: 0), "the path must reach the signed root")
    }

    func testBurnProofAgainstL1Root() {
        let burns = (0..<5).map { Leaf.burn(message: Int32($0), sender: 3, recipient: 9, amount: 1) }
        let tree = MerkleTree(leaves: burns)
        let children = MerkleTree.root([Leaf.genesis(node: 1), Leaf.genesis(node: 2)])
        let root = Leaf.l1Root(previous: .zero, block: 4, outbox: tree.root, children: children)
        let proof = BurnProof(block: 4, path: tree.proof(leaf: 2), previousL1Root: .zero, childrenRoot: children)
        XCTAssertTrue(proof.verify(leaf: burns[2], l1Root: root))
        let forged = Leaf.burn(message: 2, sender: 3, recipient: 9, amount: 1_000)
        XCTAssertFalse(proof.verify(leaf: forged, l1Root: root))
    }

    func testCalibrationMeasuresEveryOperation() {
        let c = Calibration(repetitions: 3, batch: 5)
        XCTAssertEqual(c.rows.count, 13)
        for row in c.rows { XCTAssertEqual(row.samples.count, 3); XCTAssertGreaterThan(row.median, 0) }
    }

    private func update(signer: OperatorKeys? = nil) -> SignedUpdate {
        SignedUpdate(node: 4, previousRoot: Leaf.genesis(node: 4), ownState: Leaf.ownState(node: 4, round: 1, transactions: 3, stamp: 2),
                     children: [Leaf.genesis(node: 13), Leaf.genesis(node: 14)], outbox: .zero, l1Block: 2,
                     keys: signer ?? keys)
    }
}
