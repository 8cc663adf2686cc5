import Testing
import SimCore
@testable import ValidiumModel

/// The proof interface (docs/model.md §9): the real core changes no simulated time, really checks, and
/// refuses forged updates, burns and votes exactly where the mock core's validity flag does.
@Suite struct ProofInterfaceTests {
    static func config(_ core: ProofCoreKind, adversaries: [AdversaryEntry] = [], depth: Int = 3) -> ModelConfig {
        var c = Fixture.baseline(depth: depth, duration: 15 * Time.minute)
        c.proofs.core = core
        c.metrics.trackedUpdates = 1_000_000
        c.faults.adversaries = adversaries
        return c
    }

    @Test func realAndMockCoresGiveTheSameRunOnABaselineLikeTree() {
        let mock = Fixture.run(Self.config(.mock))
        let real = Fixture.run(Self.config(.real))
        #expect(mock.traceDigest == real.traceDigest)
        #expect(mock.counters == real.counters)
        #expect(mock.blocks == real.blocks)
        #expect(mock.items.map(\.globalFinal) == real.items.map(\.globalFinal))
        #expect(mock.items.map(\.localFinal) == real.items.map(\.localFinal))
        #expect(real.proofs.core == "real" && mock.proofs.core == "mock")
        #expect(real.proofs.verified > 0 && real.proofs.verified == mock.proofs.verified)
        #expect(real.proofs.verified == real.counters.zkpsDelivered, "every delivered ZKP is checked")
        #expect(real.proofs.rejections.isEmpty, "honest updates always verify")
    }

    @Test(arguments: [ProofCoreKind.mock, .real])
    func forgedUpdateIsRefusedAndItsForgerReplaced(_ core: ProofCoreKind) {
        let from = 5 * Time.minute
        let forger: Int32 = 5   // depth 2 in w = 3, d = 4: b = 13
        let r = Fixture.run(Self.config(core, adversaries: [AdversaryEntry(nodes: [forger], behavior: .forge, from: from)], depth: 4))
        let rejections = r.proofs.rejections
        #expect(!rejections.isEmpty)
        #expect(rejections.allSatisfy { $0.kind == "update" && $0.node == forger && $0.checker == 1 && $0.time >= from })
        if core == .real {
            #expect(rejections[0].reason == "state root does not match the committed state")
        }
        // Treated as faulty: detected by its parent's refusal, replaced by its descendants' election.
        let fault = r.faults.faults[0]
        #expect(fault.detectedAt == rejections[0].time && fault.firstDetector == 1)
        #expect(r.faults.elections.count == 1 && r.faults.elections[0].faulty == forger)
        let installed = r.faults.elections[0].installedAt
        #expect(installed > fault.detectedAt && fault.recoveredAt == installed)
        // Nothing built on a forged update becomes final.
        let forged = r.items.filter { $0.kind == .update && $0.origin == forger && $0.created >= from && $0.created < installed - Time.second }
        #expect(!forged.isEmpty)
        #expect(forged.allSatisfy { $0.localFinal < 0 && $0.globalFinal < 0 && $0.l1Included < 0 })
        // After the takeover the node's updates are final again.
        #expect(r.items.contains { $0.kind == .update && $0.origin == forger && $0.created > installed && $0.localFinal >= 0 })
    }

    @Test func bothCoresRefuseTheSameForgeries() {
        let adversaries = [AdversaryEntry(nodes: [5], behavior: .forge, from: 5 * Time.minute),
                           AdversaryEntry(nodes: [2], behavior: .withholdDA, from: 6 * Time.minute),
                           AdversaryEntry(nodes: [8, 9, 10], behavior: .forge, forged: .vote)]
        let mock = Fixture.run(Self.config(.mock, adversaries: adversaries, depth: 4))
        let real = Fixture.run(Self.config(.real, adversaries: adversaries, depth: 4))
        #expect(mock.traceDigest == real.traceDigest)
        #expect(mock.proofs.rejections.map(\.time) == real.proofs.rejections.map(\.time))
        #expect(mock.proofs.rejections.map(\.kind) == real.proofs.rejections.map(\.kind))
        #expect(real.proofs.rejections.contains { $0.kind == "vote" && $0.reason == "signature does not verify under the operator's key" })
    }
}
