import Scenarios
import Stochastic
import Testing

/// The candidate space of a search: its size, every candidate once, uniform draws inside it, and
/// neighbours one move away.
@Suite struct SearchSpaceTests {
    /// 1…3 withholding operators among 6 nodes, from one of 3 times; plus an L1 fault with 2 values.
    static let spec = SearchSpec(
        templates: [SearchTemplate(behaviors: ["withhold_da", "offline"], pool: [1, 2, 3, 4, 5, 6], operators: 1...3,
                                   keys: [SearchKey(key: "from", values: ["1m", "2m", "3m"])]),
                    SearchTemplate(behaviors: ["reorg"], pool: [], operators: 0...0, keys: [SearchKey(key: "depth", values: ["1", "2"])])],
        objective: SearchObjective(direction: .maximize, figure: "finality.path.p99"))

    @Test func theSpaceCountsAndListsEveryCandidateOnce() {
        let space = SearchSpace(Self.spec)
        #expect(space.size == Double((6 + 15 + 20) * 2 * 3 * 2))
        let all = space.all()
        #expect(all.count == 492 && Set(all.map { $0.key(Self.spec) }).count == 492)
        #expect(all.first?.key(Self.spec) == "withhold_da [1] from=1m | reorg depth=1")
        #expect(all.allSatisfy { $0.choices[0].nodes == $0.choices[0].nodes.sorted() && (1...3).contains($0.choices[0].nodes.count) })
        #expect(all.first?.override(Self.spec, fixed: ["{nodes: {ids: [9]}, behavior: collude}"])
                == "adversary=[{nodes: {ids: [9]}, behavior: collude}, {nodes: {ids: [1]}, behavior: withhold_da, from: 1m}, {behavior: reorg, depth: 1}]")
    }

    @Test func drawsStayInsideTheSpaceAndCoverIt() {
        let space = SearchSpace(Self.spec)
        let stream = RandomStream(seed: 4, name: "search")
        let keys = Set(space.all().map { $0.key(Self.spec) })
        var drawn: Set<String> = []
        for _ in 0..<3000 {
            let c = space.draw(stream)
            #expect(keys.contains(c.key(Self.spec)))
            drawn.insert(c.key(Self.spec))
        }
        #expect(drawn.count > 400, "3000 uniform-ish draws reach most of 492 candidates")
        // Counts are drawn uniformly, not by how many placements each has.
        let one = (0..<900).map { _ in space.draw(stream).choices[0].nodes.count }.filter { $0 == 1 }.count
        #expect(one > 240 && one < 360)
    }

    @Test func neighboursDifferByOneMove() {
        let space = SearchSpace(Self.spec)
        let c = SearchCandidate([SearchChoice(nodes: [2, 5], behavior: 0, values: [1]), SearchChoice(nodes: [], values: [0])])
        // Moves 2 × 4, additions 4, removals 2, behaviour 1, from 2; the L1 template's depth 1.
        #expect(space.neighborCount(c) == 8 + 4 + 2 + 1 + 2 + 1)
        let all = (0..<space.neighborCount(c)).map { space.neighbor(c, $0) }
        #expect(Set(all.map { $0.key(Self.spec) }).count == all.count && !all.contains(c))
        for n in all {
            let a = Set(c.choices[0].nodes), b = Set(n.choices[0].nodes)
            let changes = a.symmetricDifference(b).count / (a.count == b.count ? 2 : 1)
                + (n.choices[0].behavior != c.choices[0].behavior ? 1 : 0)
                + zip(n.choices[0].values, c.choices[0].values).filter { $0 != $1 }.count
                + zip(n.choices[1].values, c.choices[1].values).filter { $0 != $1 }.count
            #expect(changes == 1, "\(n.key(Self.spec))")
        }
    }

    @Test func nearMovesFollowTheTree() {
        // A binary tree of depth 3 (nodes 0…14); the pool is every validium, 2 operators.
        let spec = SearchSpec(templates: [SearchTemplate(behaviors: ["withhold_da"], pool: (1...14).map(Int32.init), operators: 2...2)],
                              objective: SearchObjective(direction: .maximize, figure: "finality.path.p99"))
        let tree = SearchTree(parents: [-1] + (1...14).map { Int32(($0 - 1) / 2) })
        #expect(tree.around(4) == [1, 2, 3, 9, 10], "parent 1, children 9 and 10, sibling 3, uncle 2")
        #expect(tree.around(1) == [2, 3, 4])
        let c = SearchCandidate([SearchChoice(nodes: [4, 13], values: [])])
        let near = SearchSpace(spec).nearNeighbors(c, tree: tree).map { $0.choices[0].nodes }
        // 4 → 1, 2, 3, 9, 10; 13 → 5 (uncle), 6 (parent), 14 (sibling).
        #expect(near == [[1, 13], [2, 13], [3, 13], [9, 13], [10, 13], [4, 5], [4, 6], [4, 14]])
        #expect(SearchSpace(spec).nearNeighbors(c, tree: nil).isEmpty)
    }
}
