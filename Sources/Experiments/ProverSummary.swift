import Metrics
import SimCore
import ValidiumModel

extension SummaryFormat {
    /// Provers listed one per line in the run summary (the `provers` table has them all).
    static let proverLines = 12

    /// The prover market section: latency, deadlines, fairness figures and the first provers.
    static func renderProvers(_ r: RunResults, _ fig: [String: SummaryFigure], into out: inout String) {
        func f(_ name: String) -> String {
            guard let x = fig[name] else { return "n/a" }
            return x.value.map { value($0, unit: x.unit) } ?? x.text ?? "n/a"
        }
        func share(_ x: Double) -> String { String(format: "%.3f", x) }
        guard let m = r.config.provers else { return }
        out += "Provers (\(grouped(Int64(m.count))) in the pool, deadline \(duration(m.deadline)), window \(grouped(Int64(m.window))))\n"
        out += "  jobs \(f("provers.jobs")) (pending at the end \(f("provers.jobs.pending"))) · latency p50 \(f("provers.latency.p50")) "
            + "p95 \(f("provers.latency.p95")) p99 \(f("provers.latency.p99")) max \(f("provers.latency.max"))\n"
        out += "  missed deadlines \(f("provers.missed_deadlines")) · invalid proofs \(f("provers.invalid_proofs")) · reassignments "
            + "\(f("provers.reassignments")) · waited for the window \(f("provers.window_waits"))\n"
        out += "  Gini: rewards \(f("provers.reward_gini")), reputation \(f("provers.reputation_gini")) · largest reward share "
            + "\(f("provers.reward_share.max")), fastest prover's \(f("provers.fastest_reward_share")) · reward share minus "
            + "reputation share ≤ \(f("provers.reward_vs_reputation")), minus speed share ≤ \(f("provers.reward_vs_speed"))\n"
        out += "  " + ["prover", "stake", "speed", "reputation", "jobs", "on time", "missed", "invalid", "rep. share", "reward share"]
            .map { pad($0, 13) }.joined() + "\n"
        for p in r.provers.provers.prefix(proverLines) {
            out += "  " + [String(p.id), String(format: "%.4g", p.stake), String(format: "%.3g", p.speed),
                           String(format: "%.3g", p.reputation), grouped(p.jobs), grouped(p.onTime), grouped(p.missedDeadlines),
                           grouped(p.invalidProofs), share(p.reputationShareMean), share(p.rewardShare)]
                .map { pad($0, 13) }.joined() + "\n"
        }
        if r.provers.provers.count > proverLines {
            out += "  … \(r.provers.provers.count - proverLines) more in the provers table\n"
        }
        out += "\n"
    }
}
