import Experiments
import Foundation
import Testing

/// `bounds --metric l1_gas`: the O(1) verdict (largest/smallest mean ≤ 1 + slack).
@Suite struct BoundsGasTests {
    static let ns: [Double] = [13, 40, 121, 364, 1093, 3280]

    func points(_ f: (Double) -> Double) -> [(n: Double, figures: [PointFigure])] {
        Self.ns.map { n in (n: n, figures: [PointFigure(name: "l1.gas.per_block.mean", unit: "gas", mean: f(n), spread: 0, count: 1)]) }
    }

    @Test("flat or nearly flat gas passes; logarithmic and linear growth fail; the slack is the bound")
    func flatPassesGrowthFails() {
        let t = BoundsThresholds()
        #expect(BoundsMetric.l1Gas.predicted == .constant)
        #expect(BoundsMetric(rawValue: "l1_gas") == .l1Gas)
        let flat = Bounds.analyse(metric: .l1Gas, points: points { _ in 1_179_840 }, thresholds: t)[0]
        #expect(flat.passed && flat.growth == 1)
        let noisy = Bounds.analyse(metric: .l1Gas, points: points { 1e6 * (1 + 0.1 * sin($0)) }, thresholds: t)[0]
        #expect(noisy.passed, "\(noisy.failures)")
        let log = Bounds.analyse(metric: .l1Gas, points: points { 1e5 * Foundation.log($0) }, thresholds: t)[0]
        #expect(!log.passed && log.growth > 3)
        let linear = Bounds.analyse(metric: .l1Gas, points: points { 400_000 * $0 }, thresholds: t)[0]
        #expect(!linear.passed && linear.failures[0].contains("above the ×1.5 that O(1) allows"))
        // Growth ×1.4 passes with the default slack 0.5 and fails with slack 0.3.
        let mild = points { $0 >= 3280 ? 1.4e6 : 1e6 }
        #expect(Bounds.analyse(metric: .l1Gas, points: mild, thresholds: t)[0].passed)
        #expect(!Bounds.analyse(metric: .l1Gas, points: mild, thresholds: BoundsThresholds(slack: 0.3))[0].passed)
    }
}
