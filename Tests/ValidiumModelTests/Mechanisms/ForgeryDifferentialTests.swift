import SimCore
import Stochastic
import Testing
@testable import ValidiumModel

/// Differential tests of the two proof cores (docs/model.md §9): every forgery kind injected at a
/// random time into a random node of a small tree gives, with the mock core (which decides from
/// the behaviours) and the real core (which checks the data against what the receiver holds), the
/// same refusals at the same times, by the same checker, for the same §9 check, and the same run.
@Suite struct ForgeryDifferentialTests {
    /// A small tree (width 2, depth 4: 31 nodes), 12 minutes, with a light bridge workload.
    static func config(_ core: ProofCoreKind, adversaries: [AdversaryEntry]) -> ModelConfig {
        var c = Fixture.baseline(width: 2, depth: 4, duration: 12 * Time.minute)
        c.proofs.core = core
        c.faults.adversaries = adversaries
        var b = BridgeConfig(rate: 0.01)
        b.bots.availability = 1
        c.workload.bridge = b
        return c
    }

    /// The adversaries of one random injection of `kind` (draws from `stream`): the forger is an
    /// inner node at depth 1–3; vote forgers are the children of a withholding node, so that an
    /// election happens; burn forgers are leaves (senders).
    static func injection(_ kind: ForgeTarget, _ stream: RandomStream) -> [AdversaryEntry] {
        let from = SimTime(60 + Int(stream.uniformInt(240))) * Time.second   // 1–5 min
        let inner = Int32(1 + stream.uniformInt(14))                     // depth 1–3 (children 2v+1…)
        switch kind {
        case .burn:
            let leaf = Int32(15 + stream.uniformInt(16))
            return [AdversaryEntry(nodes: [leaf], behavior: .forge, from: from, forged: .burn)]
        case .vote:
            let p = Int32(1 + stream.uniformInt(6))   // depth 1–2: its children are inner nodes too
            let children = [2 * p + 1, 2 * p + 2]
            return [AdversaryEntry(nodes: [p], behavior: .withholdDA, from: from),
                    AdversaryEntry(nodes: [children[Int(Int(stream.uniformInt(2)))]], behavior: .forge, forged: .vote)]
        default:
            return [AdversaryEntry(nodes: [inner], behavior: .forge, from: from, forged: kind)]
        }
    }

    @Test(arguments: ForgeTarget.allCases)
    func bothCoresRefuseTheSameForgeriesAtTheSameTimes(_ kind: ForgeTarget) {
        let stream = RandomStream(seed: 17, name: "differential-\(kind.rawValue)")
        var refusedSomewhere = false
        for trial in 0..<2 {
            let adversaries = Self.injection(kind, stream)
            let seed = UInt64(100 + trial)
            let mock = Fixture.run(Self.config(.mock, adversaries: adversaries), seed: seed)
            let real = Fixture.run(Self.config(.real, adversaries: adversaries), seed: seed)
            #expect(mock.proofs.rejections == real.proofs.rejections, "\(kind) trial \(trial): \(adversaries)")
            #expect(mock.traceDigest == real.traceDigest, "\(kind) trial \(trial)")
            #expect(mock.proofs.verified == real.proofs.verified, "\(kind) trial \(trial)")
            refusedSomewhere = refusedSomewhere || !real.proofs.rejections.isEmpty
        }
        #expect(refusedSomewhere, "\(kind): the forgery is refused at least once")
    }

    /// With a single-node L1 that equivocates (two forks shown to the two halves of the tree) and
    /// then reorganises: honest children on either fork are never refused by check 3, forged L1
    /// choices and forks are, and both cores agree.
    @Test(arguments: [ForgeTarget.l1Choice, .fork, .dropChild])
    func bothCoresAgreeWhileTheL1Forks(_ kind: ForgeTarget) {
        var adversaries = [AdversaryEntry(nodes: [4], behavior: .forge, from: 3 * Time.minute, forged: kind)]
        var c = Self.config(.mock, adversaries: adversaries)
        c.l1.mode = .singleNode
        c.l1.stallTimeout = 20 * c.l1.blockTime
        L1ForkRunTests.equivocation(&c, from: 2 * Time.minute)
        adversaries = c.faults.adversaries
        let mock = Fixture.run(c, seed: 3)
        c.proofs.core = .real
        let real = Fixture.run(c, seed: 3)
        #expect(mock.proofs.rejections == real.proofs.rejections)
        #expect(mock.traceDigest == real.traceDigest)
        #expect(real.proofs.rejections.allSatisfy { $0.node == 4 }, "only the forger is refused")
        #expect(!real.proofs.rejections.isEmpty)
    }
}
