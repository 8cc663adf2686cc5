import Foundation
import Testing
import Scenarios

/// The canonical text is the scenario's identity (its digest names results and sweeps): it must not
/// change for any bundled scenario, nor for sections they leave out, when the code that renders it
/// does (issue 20: the key registry renders it now). Nine files were re-pinned when their descriptions
/// stopped naming documents outside the repository (description-only: their trace digests are unchanged).
/// Issue 16 re-pinned majority-collude, sybil-permissionless and withhold-l2 (their `expect:` blocks
/// changed with failed and retried elections and finality safety) and added five scenarios.
@Suite struct CanonicalPinTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static let bundled: [(file: String, digest: String)] = [
        ("attacks/bribed-successor.yaml", "025279fc76354abdb1a45234aa7b275f"),
        ("attacks/colluding-subtree-election.yaml", "ef4510938e3b627711309b32ba8d4639"),
        ("attacks/delay-da.yaml", "d92b9d32f6f2dd7e92194ad93c06ff89"),
        ("attacks/exit-vs-replace.yaml", "6f2715e26c2043e55b625934f7ef844b"),
        ("attacks/faulty-chain-w2.yaml", "6684d6fb74e958f613fc9700774569a3"),
        ("attacks/forged-burn.yaml", "e2d25daeba9b27cd24eb62e0d555fa15"),
        ("attacks/forged-drop-child.yaml", "96f5481be0d34308fc2e961f99f5b6ad"),
        ("attacks/forged-fork.yaml", "91335164e32425d4afedfb4ab6f187f1"),
        ("attacks/forged-l1-choice.yaml", "453270c38ffa2c7bcc5373c2f63946c0"),
        ("attacks/forged-replay.yaml", "3f6d869b11fb18320d445f3214944511"),
        ("attacks/forged-stale-key.yaml", "673806cf494972a59591bbaffd264686"),
        ("attacks/forged-update.yaml", "f0235eec3d72af3e346ed5e6c8058036"),
        ("attacks/forged-vote.yaml", "8cdd458d6ac9883b24433b178b5dbed8"),
        ("attacks/majority-collude.yaml", "c928029fae8d61143eb9150cf2f2190b"),
        ("attacks/offline-parent.yaml", "e0be8be9e7c901031b55c7f27fff1fe6"),
        ("attacks/slow-but-honest.yaml", "872d80306a797fd5f6deedbcc73b1b02"),
        ("attacks/sybil-permissionless.yaml", "2efc125dff51e9329fd2c6889993f75b"),
        ("attacks/two-colluding-children.yaml", "014715f53a0dc3377bc930ca0ab5978e"),
        ("attacks/withhold-cascade.yaml", "3ca152591591fb4b98adbd8509e3afe0"),
        ("attacks/withhold-keeps-pushing.yaml", "5d60a81062bbf76c98eece34279aa160"),
        ("attacks/withhold-l2.yaml", "0792b0962e472c1600a539d59f837f9e"),
        ("baseline.yaml", "0b87be7327c18de916cacac25f9b81c7"),
        ("bounds/chain.yaml", "b580ae8a6f4b23918723efaa834859b8"),
        ("bounds/finality.yaml", "4679d4454e8b4deb17056b581eda4d95"),
        ("bounds/l1-gas-star.yaml", "38589a502248333df8d9e923acb138c4"),
        ("bounds/l1-gas.yaml", "15e6952d9320daa5c20f6cf4223b5a87"),
        ("bounds/l1-hashes.yaml", "69039f16fb92a49125350b1a3912f2c1"),
        ("bounds/random-chain.yaml", "932c9582215273a88b93a13854a2d943"),
        ("bounds/random-finality.yaml", "b1694b887921f85ee92128f2e5553889"),
        ("bounds/storage.yaml", "50ec9a4d31de54885ca720ff6abd7058"),
        ("bounds/throughput.yaml", "a081538ef284fdedaa57d52eebb5ba8b"),
        ("bridge/baseline.yaml", "91aa23b8b5ca828ac28286af8f35d51b"),
        ("bridge/bots-down.yaml", "7ad14f94a3eaaa2bd06122b5405c8140"),
        ("bridge/censor-on-path.yaml", "1e15f15421f314f11f92ab321e23aa35"),
        ("bridge/throughput-sweep.yaml", "245ac6b5ec368a2b371cdc8776a38492"),
        ("bridge/via-l1.yaml", "61ce5c2bc80f680904c6fa749f6122be"),
        ("classes/slow-depth.yaml", "b2a427d641b2107baea54f67be980117"),
        ("l1/collude-majority.yaml", "e7aaadffbff492755d6d6ff432e3a5a6"),
        ("l1/equivocate-early.yaml", "3a009189bff82b5ff0e102554ca362c4"),
        ("l1/equivocate-skewed.yaml", "29b274711a36fe7ea5dded76fa953b11"),
        ("l1/equivocate.yaml", "7551148f34b86ff82c95fa7df4beccb4"),
        ("l1/reorg-depth-2.yaml", "a6fb5eb915e7a66ed03738e2f56ad7c3"),
        ("l1/single-node.yaml", "ff37774c7729d45e88d972db991cb96d"),
        ("narrow.yaml", "b6e92a82d8897333ec1538660c72a74b"),
        ("paper-estimate.yaml", "6dbceeab3fc13c7f1ac67965652bd32b"),
        ("provers/market.yaml", "8e57960deb2310fba337748293f3479a"),
        ("provers/skewed-stakes.yaml", "480b21a5401b43d51c58891ee985e175"),
        ("provers/small-pool.yaml", "a078f3fe396c4243c2a0f093cc3d5e65"),
        ("scale/million.yaml", "2b7cd172b98ce923a6744efbb3b8474f"),
        ("search/equivocation-split.yaml", "6d1a01cbf7c2c7f76ee931f8d9c14c15"),
        ("search/smallest-failing-coalition.yaml", "b882f38ba6e5f4b65a7a583324a725e9"),
        ("search/withhold-k3.yaml", "d507067ea377f3bf5061880f43e3c72c"),
        ("sweeps/cluster-smoke.yaml", "82977f873a1ceb530b3b3674979c33f5"),
        ("sweeps/width-depth.yaml", "1b42e86367ee1f24ea34c2a346a4dbad"),
        ("systems/checkpoint-tree.yaml", "7254b6cc1f07eb795ac2fdfc871270c4"),
        ("systems/common.yaml", "ec0f507839bd9f7db850b2db5460f7ef"),
        ("systems/fractal-narrow.yaml", "1f2cbf74d7831293c52bd08b94e7e796"),
        ("systems/gateway.yaml", "49eec3ab66ff06e601bc90c3b98f4dff"),
        ("systems/l3-on-l2.yaml", "e89ce46f537fe08df7501597ac0ff3cd"),
        ("systems/prover-pool.yaml", "6a1d5d037bb39221b87579a372d4601b"),
        ("wide.yaml", "ec79e7b2222b4f0927150e3370b96570"),
    ]

    /// Sections no bundled file uses, over the baseline.
    static let variants: [(overrides: [String], digest: String)] = [
        (["tree.shape=explicit", "tree.parents=[0, 0, 1, 1]"], "a04c7a7ee63edaf3d8b4d5d1f19fdb91"),
        (["update.mode=eager"], "21da8fc0b34255d43dd111ac56360a75"),
        (["proofs.proving_fixed=2s", "network.latency={dist: gamma, shape: 3, mean: 40ms}"], "478c78bf2122d898b7a317937c2a16d7"),
        (["admission=permissionless", "sybil={rate: 12/m, under: 1, until: 20m}"], "a03fafaa2f0cba27c9a20bfd7d939953"),
        (["workload.bridge={rate: 0.01/s, destinations: [[1, 2]]}", "forced.deadline=3"], "3a9ab67926e369f69c335679263d195c"),
    ]

    @Test func everyBundledScenarioKeepsItsDigest() throws {
        let files = FileManager.default.enumerator(atPath: Self.root.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") }.sorted() ?? []
        #expect(files == Self.bundled.map(\.file), "a bundled scenario was added or removed: pin its digest here")
        for (file, digest) in Self.bundled {
            let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent(file).path)
            #expect(s.digest == digest, "\(file)")
        }
    }

    @Test func sectionsOutsideTheBundledFilesKeepTheirDigests() throws {
        let baseline = Self.root.appendingPathComponent("baseline.yaml").path
        for (overrides, digest) in Self.variants {
            #expect(try ScenarioLoader.load(path: baseline, overrides: overrides).digest == digest, "\(overrides)")
        }
    }
}
