import Experiments
import Foundation
import Scenarios
import Testing

/// `bounds`: the GSL fits, the verdict rules, and the check end to end on a w = 3 tree and a chain.
@Suite struct BoundsTests {
    static let ns: [Double] = [4, 13, 40, 121, 364, 1093]

    /// Points with one figure whose mean is `f(N)`.
    func points(_ name: String, unit: String = "s", _ f: (Double) -> Double) -> [(n: Double, figures: [PointFigure])] {
        Self.ns.map { n in (n: n, figures: [PointFigure(name: name, unit: unit, mean: f(n), spread: 0, count: 1)]) }
    }

    @Test func fitsRecoverKnownCoefficients() {
        let y = Self.ns.map { 2 + 3 * log($0) }
        let fit = Bounds.fit(.log, n: Self.ns, y: y)
        #expect(abs(fit.intercept - 2) < 1e-9 && abs(fit.slope - 3) < 1e-9 && abs(fit.rSquared - 1) < 1e-12)
        #expect(fit.residuals.allSatisfy { abs($0) < 1e-9 })
        let linear = Bounds.fit(.linear, n: Self.ns, y: Self.ns.map { 5 + 0.25 * $0 })
        #expect(abs(linear.intercept - 5) < 1e-9 && abs(linear.slope - 0.25) < 1e-12)
        let root = Bounds.fit(.sqrt, n: Self.ns, y: Self.ns.map { 1 + 2 * $0.squareRoot() })
        #expect(abs(root.slope - 2) < 1e-9 && abs(root.intercept - 1) < 1e-9)
        #expect(Bounds.fit(.log, n: Self.ns, y: y).rSquared > Bounds.fit(.linear, n: Self.ns, y: y).rSquared)
    }

    @Test func logarithmicGrowthPassesOthersFail() {
        let t = BoundsThresholds()
        let log = Bounds.analyse(metric: .storage, points: points("storage.max_bytes", unit: "B") { 1000 + 500 * Foundation.log($0) },
                                 thresholds: t)
        #expect(log.count == 1 && log[0].passed && log[0].best == .log, "\(log[0].failures)")
        let linear = Bounds.analyse(metric: .storage, points: points("storage.max_bytes", unit: "B") { 10 + $0 }, thresholds: t)[0]
        #expect(!linear.passed && linear.best == .linear)
        #expect(linear.failures.contains { $0.contains("N fits better than log N") })
        #expect(linear.failures.contains { $0.contains("growth") })
        let root = Bounds.analyse(metric: .storage, points: points("storage.max_bytes") { 3 * $0.squareRoot() }, thresholds: t)[0]
        #expect(!root.passed && root.best == .sqrt)
        // log² N: log N may still fit best of the three, but growth exceeds what log N allows.
        let squared = Bounds.analyse(metric: .storage, points: points("storage.max_bytes") { pow(Foundation.log($0), 2) }, thresholds: t)[0]
        #expect(!squared.passed && squared.failures.contains { $0.contains("growth") }, "\(squared.failures)")
    }

    @Test func growthRuleIsTheDocumentedRatio() {
        // Exactly proportional to ln N: growth equals ln(N max)/ln(N min), allowed (1 + slack) times that.
        let s = Bounds.analyse(metric: .finality, points: Self.ns.map { n in
            (n: n, figures: ["finality.global.p50", "finality.global.p99"].map {
                PointFigure(name: $0, unit: "s", mean: 7 * log(n), spread: 0, count: 1) })
        }, thresholds: BoundsThresholds(minRSquared: 0.9, slack: 0.25))
        #expect(s.count == 2 && s.allSatisfy(\.passed))
        let ratio = Foundation.log(1093.0) / Foundation.log(4.0)
        #expect(abs(s[0].growth - ratio) < 1e-9 && abs(s[0].allowedGrowth - 1.25 * ratio) < 1e-9)
        // With no slack and a slightly steeper curve the growth check alone fails.
        let steep = Bounds.analyse(metric: .l1Hashes, points: points("l1.retained.max", unit: "count") { 7 * log($0) - 1 },
                                   thresholds: BoundsThresholds(minRSquared: 0.9, slack: 0))[0]
        #expect(steep.best == .log && !steep.passed && steep.failures.count == 1, "\(steep.failures)")
        // A stricter R² threshold than the data reaches fails on R² alone.
        let noisy = Bounds.analyse(metric: .storage, points: Self.ns.enumerated().map { k, n in
            (n: n, figures: [PointFigure(name: "storage.max_bytes", unit: "B", mean: 10 * log(n) + (k % 2 == 0 ? 3 : -3), spread: 0, count: 1)])
        }, thresholds: BoundsThresholds(minRSquared: 0.999, slack: 0.5))[0]
        #expect(noisy.best == .log && noisy.failures.count == 1 && noisy.failures[0].contains("R²"), "\(noisy.failures)")
    }

    @Test func throughputIsJudgedAgainstNOverLogN() {
        let good = Bounds.analyse(metric: .throughput, points: points("bridge.throughput", unit: "msg/s") { 2 * $0 / log($0) },
                                  thresholds: BoundsThresholds())[0]
        #expect(good.passed && good.best == .nOverLog && good.fits.map(\.model) == [.nOverLog, .sqrt, .linear])
        let flat = Bounds.analyse(metric: .throughput, points: points("bridge.throughput", unit: "msg/s") { 50 + log($0) },
                                  thresholds: BoundsThresholds())[0]
        #expect(!flat.passed && flat.failures.contains { $0.contains("below") }, "\(flat.failures)")
    }

    @Test func missingValuesFail() {
        var input = points("storage.max_bytes") { log($0) }
        input[2].figures[0].mean = nil
        let s = Bounds.analyse(metric: .storage, points: input, thresholds: BoundsThresholds())[0]
        #expect(!s.passed && s.failures[0].contains("no value at N = 40"))
    }

    /// End to end on small trees: w = 3 passes, the chain control fails; the report shows the fits.
    @Test func treePassesChainFails() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write("b.yaml", sweepScenario("bounds:\n  tree.depth: [1, 2, 3, 4, 5]\n  replicates: 2\n")
            .replacingOccurrences(of: "width: 2", with: "width: 3"))
        let tree = try BoundsCheck.run(try SweepFiles.plan(file, kind: .bounds), metric: .finality, thresholds: BoundsThresholds(),
                                       databasePath: scratch.path("tree.sqlite"), jobs: 2)
        let report = BoundsCheck.render(tree)
        #expect(tree.passed, "\(report)")
        #expect(tree.series.map(\.figure) == ["finality.global.p50", "finality.global.p99"])
        #expect(tree.series.allSatisfy { $0.n == [4, 13, 40, 121, 364] && $0.fits[0].slope > 0 })
        let slope = String(format: "%.6g", tree.series[0].fits[0].slope)
        #expect(report.contains(slope) && report.contains("R²") && report.contains("residuals") && report.contains("PASS"))

        let chainPlan = try SweepFiles.plan(file, overrides: ["tree.width=1", "duration=6m", "bounds.tree.depth=[2, 4, 8, 12, 16]"],
                                            kind: .bounds)
        let chain = try BoundsCheck.run(chainPlan, metric: .finality, thresholds: BoundsThresholds(),
                                        databasePath: scratch.path("chain.sqlite"), jobs: 2)
        #expect(!chain.passed && chain.series.allSatisfy { $0.best == .linear }, "\(BoundsCheck.render(chain))")
        #expect(BoundsCheck.render(chain).contains("Verdict       FAIL"))
        let svg = BoundsSVG.render(chain)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") && svg.components(separatedBy: "<polyline").count == 7)
    }
}
