import Testing
import SimCore
@testable import ValidiumModel

/// Cross-validium messages end to end on small trees (docs/model.md §6).
@Suite struct BridgeTests {
    static func config(depth: Int = 3, rate: Double = 0.01, duration: SimTime = 30 * Time.minute,
                       _ edit: (inout BridgeConfig) -> Void = { _ in }) -> ModelConfig {
        var c = Fixture.baseline(depth: depth, duration: duration)
        var b = BridgeConfig(rate: rate)
        b.bots.availability = 1
        edit(&b)
        c.workload.bridge = b
        return c
    }

    @Test func healthyBotsMintEveryMessageOnceWithoutForcedRoutes() {
        let r = Fixture.run(Self.config { b in b.forceAfter = 20 * Time.minute })
        let m = r.bridge.messages
        #expect(m.count > 100)
        #expect(m.allSatisfy { $0.route == .direct })
        let early = m.filter { $0.sent >= 0 && $0.sent < 20 * Time.minute }
        #expect(early.allSatisfy { $0.minted >= 0 && $0.confirmed >= $0.minted }, "every early message minted and confirmed")
        #expect(r.bridge.invariantsHold && r.bridge.doubleMintsRejected == 0)
    }

    /// A path of 7 validiums under the L1 plus two siblings at each level: distances are known.
    ///   0 ─ 1 ─ 2 ─ 3 ─ 4 (each of 1…4 also has a leaf child 5…8)
    static let pathTree: [Int] = [0, 1, 2, 3, 1, 2, 3, 4]

    @Test func botsDownEveryMessageIsForceRoutedAndLongerRoutesTakeLonger() {
        var c = Self.config(rate: 0) { b in
            b.bots.availability = 0
            b.forceAfter = 30 * Time.second
            b.rate = 0.002
            // Pairs at growing distances: 5→6 (common ancestor 1: 1 up, 2 down), 5→8 (1: 1 up, 4 down)...
            b.destinations = .pairs([[5, 6], [6, 7], [5, 8]])
        }
        c.tree = TreeConfig(shape: .explicit(parents: Self.pathTree))
        c.duration = 2 * Time.hour
        let r = Fixture.run(c)
        let m = r.bridge.messages.filter { $0.sent >= 0 && $0.sent < 90 * Time.minute }
        #expect(m.count >= 10)
        #expect(m.allSatisfy { $0.route == .forced && $0.minted >= 0 }, "every message force-routed and minted")
        #expect(r.bridge.invariantsHold && r.bridge.doubleMintsRejected == 0 && r.bridge.botDeliveries == 0)
        func meanLatency(_ s: Int32, _ t: Int32) -> Double {
            let x = m.filter { $0.sender == s && $0.recipient == t }.map { Time.seconds($0.minted - $0.burnIncluded) }
            return x.reduce(0, +) / Double(max(1, x.count))
        }
        let short = meanLatency(5, 6), long = meanLatency(5, 8)
        #expect(m.first { $0.sender == 5 && $0.recipient == 8 }?.hopsDown == 4)
        #expect(long > short, "4 hops down (\(long) s) take longer than 2 (\(short) s)")
    }

    @Test func viaL1SaturatesWhileDirectBridgingDoesNot() {
        func run(_ depth: Int, _ route: BridgeRoute) -> (p50: Double, perBlock: Int32) {
            var c = Self.config(depth: depth, rate: 0.02, duration: 20 * Time.minute) { b in b.route = route }
            c.l1.messageCapacity = 20
            let r = Fixture.run(c)
            let lat = r.bridge.messages.filter { $0.minted >= 0 }.map { Time.seconds($0.minted - $0.created) }
            return (percentile(lat, 50), r.bridge.maxL1MessagesPerBlock)
        }
        let small = run(3, .viaL1), large = run(5, .viaL1)
        #expect(small.perBlock <= 20 && large.perBlock == 20, "never more than the capacity per block")
        #expect(large.p50 > 2 * small.p50, "via L1: \(small.p50) s at 40 nodes, \(large.p50) s at 364")
        let directSmall = run(3, .direct), directLarge = run(5, .direct)
        #expect(directLarge.p50 < 2 * directSmall.p50, "direct: \(directSmall.p50) s, \(directLarge.p50) s")
    }

    @Test func aBrokenRelayerDeliveringTwiceCannotMintTwice() {
        let r = Fixture.run(Self.config { b in b.bots.duplicate = 1 })
        #expect(r.bridge.doubleMintsRejected > 100)
        #expect(r.bridge.invariantsHold)
        #expect(r.bridge.minted == Int64(r.bridge.messages.filter { $0.minted >= 0 }.count))
    }

    @Test func aCensorOnTheForcedRouteIsReplacedAndTheMessageGoesThrough() {
        var c = Self.config(rate: 0) { b in
            b.bots.availability = 0
            b.forceAfter = 30 * Time.second
            b.rate = 0.002
            b.destinations = .pairs([[5, 8]])   // up to 1, down through 2, 3, 4
        }
        c.tree = TreeConfig(shape: .explicit(parents: Self.pathTree))
        c.faults.adversaries = [AdversaryEntry(nodes: [3], behavior: .censor, censored: [])]
        c.duration = 40 * Time.minute
        let r = Fixture.run(c)
        #expect(r.bridge.missedDeadlines >= 1)
        #expect(r.faults.elections.first?.faulty == 3 && (r.faults.elections.first?.installedAt ?? -1) > 0)
        let first = r.bridge.messages.first
        #expect(first?.route == .forced && (first?.minted ?? -1) > (r.faults.elections.first?.installedAt ?? .max))
        #expect(r.bridge.invariantsHold)
    }
}
