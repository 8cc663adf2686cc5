import SimCore
import Testing
@testable import ValidiumModel

/// Path finality and finality safety (docs/model.md §4) as a state machine: hops opened by the ZKPs
/// that carry an item, closed by local finality at explicit times, without a World.
@Suite struct PathFinalityTests {
    /// A store with `n` fresh transactions of origin 7, linked in one list, and a tracker for 10 nodes.
    static func setUp(items n: Int) -> (ItemStore, PathFinality) {
        let store = ItemStore(reserve: n)
        var list = ItemList()
        for _ in 0..<n { list.append(store.add(TrackedItem(kind: .transaction, origin: 7, depth: 3, created: 0)), store) }
        return (store, PathFinality(store: store, nodes: 10))
    }

    @Test func anItemIsFinalOnlyWhenEveryHopIsLocallyFinalAndTheRootIsGloballyFinal() {
        let (store, path) = Self.setUp(items: 1)
        // 7 → 3 (stamp 5), 3 → 1 (stamp 6), 1 → L1 (stamp 7); nothing final yet.
        path.carried(from: 7, stamp: 5, head: 0, tail: 0, finalStamp: 4)
        path.carried(from: 3, stamp: 6, head: 0, tail: 0, finalStamp: 4)
        path.carried(from: 1, stamp: 7, head: 0, tail: 0, finalStamp: 4)
        store.items[0].globalFinal = 100
        path.globallyFinal(0, now: 100)
        #expect(store.items[0].pathFinal == -1, "globally final, but no hop is locally final")
        path.advanced(7, to: 5, now: 110)
        path.advanced(1, to: 9, now: 120)
        #expect(store.items[0].pathFinal == -1, "3's state 6 is still open at 1")
        path.advanced(3, to: 5, now: 125)
        #expect(store.items[0].pathFinal == -1, "finality of 3 up to 5 does not close stamp 6")
        path.advanced(3, to: 6, now: 130)
        #expect(store.items[0].pathFinal == 130)
    }

    @Test func closedHopsBeforeGlobalFinalityGiveTheGlobalTime() {
        let (store, path) = Self.setUp(items: 2)
        path.carried(from: 7, stamp: 5, head: 0, tail: 1, finalStamp: 4)
        path.advanced(7, to: 5, now: 50)
        store.items[0].globalFinal = 80; path.globallyFinal(0, now: 80)
        #expect(store.items[0].pathFinal == 80 && store.items[1].pathFinal == -1)
        #expect(path.openItems(of: 7, after: -1).isEmpty, "7's hop closed at 50")
        #expect(path.rode(1, with: 7, after: 4) && !path.rode(1, with: 7, after: 5) && !path.rode(1, with: 3, after: 0))
    }

    @Test func aDroppedItemNeverBecomesFinalAndDroppingAFinalOneIsAViolation() {
        let (store, path) = Self.setUp(items: 2)
        path.carried(from: 7, stamp: 5, head: 0, tail: 1, finalStamp: 4)
        path.advanced(7, to: 5, now: 50)
        store.items[0].globalFinal = 60; path.globallyFinal(0, now: 60)
        path.drop(1, now: 61, byElectionAt: 7)
        store.items[1].globalFinal = 70; path.globallyFinal(1, now: 70)
        #expect(store.items[1].pathFinal == -1 && path.violations.isEmpty)
        path.drop(0, now: 90, byElectionAt: 7)
        #expect(path.violations == [SafetyViolationRow(item: 0, origin: 7, finalAt: 60, droppedAt: 90, node: 7)])
    }

    @Test func aCopyKeepsItsHopsBelowTheNewOperatorInStampOrder() {
        let tree = Tree(parents: [-1, 0, 0, 1, 1, 2, 2, 3, 3, 4])   // 7 → 3 → 1 → L1
        let (store, path) = Self.setUp(items: 2)
        path.carried(from: 7, stamp: 5, head: 0, tail: 0, finalStamp: 4)
        path.carried(from: 3, stamp: 9, head: 0, tail: 0, finalStamp: 4)
        path.carried(from: 7, stamp: 8, head: 1, tail: 1, finalStamp: 4)
        // 3 is taken over: the copy of item 0 (as item 1's slot is taken, a third item) keeps 7's hop.
        let copy = store.add(TrackedItem(kind: .transaction, origin: 7, depth: 3, created: 0))
        path.copyHops(from: 0, to: copy, below: 3, tree: tree) { _ in 4 }
        #expect(path.rode(copy, with: 7, after: 4) && !path.rode(copy, with: 3, after: 0))
        // 7's open hops: stamps 5 (item 0), 5 (the copy, inserted in order), 8 (item 1).
        path.advanced(7, to: 5, now: 10)
        store.items[Int(copy)].globalFinal = 20; path.globallyFinal(copy, now: 20)
        #expect(store.items[Int(copy)].pathFinal == 20, "the copy's only hop closed at 10")
    }
}
