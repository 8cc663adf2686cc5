import ArgumentParser
import Foundation
import ProofCore

/// `fractalsim calibrate`: times the real proof core's operations on this machine and prints a
/// table (median and spread over repetitions) and a `proofs:` snippet to paste into a scenario.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Time the real proof core and its receiver checks here (SHA-256, Merkle, Ed25519) and print a proofs: snippet.",
        discussion: """
            Each operation runs --batch times per repetition, --repetitions times; the table gives the \
            median time per operation, the fastest and slowest repetition, and the spread (interquartile \
            range over the median). Wall-clock timings: they vary with the machine and its load.
            """)

    @Option(help: "Repetitions of each measurement (at least 3).")
    var repetitions: Int = 15

    @Option(help: "Operations per repetition.")
    var batch: Int = 200

    @Option(help: "Leaves of the state tree: own state, the children's commitments, the outbox (width + 2).")
    var leaves: Int = 5

    func run() throws {
        guard repetitions >= 3, repetitions <= 10_000 else {
            throw CommandFailure(code: 2, message: "error: --repetitions: expected 3…10000, got \(repetitions)")
        }
        guard batch >= 1, batch <= 1_000_000 else {
            throw CommandFailure(code: 2, message: "error: --batch: expected 1…1000000, got \(batch)")
        }
        guard leaves >= 2, leaves <= 4_096 else {
            throw CommandFailure(code: 2, message: "error: --leaves: expected 2…4096, got \(leaves)")
        }
        let c = Calibration(repetitions: repetitions, batch: batch, leaves: leaves)
        print("Real proof core on this machine: \(repetitions) repetitions × \(batch) operations each")
        print(pad("operation", 36) + ["median", "min", "max", "spread"].map { pad($0, 12, right: true) }.joined())
        for row in c.rows {
            print(pad(row.operation, 36) + [micros(row.median), micros(row.min), micros(row.max)].map { pad($0, 12, right: true) }.joined()
                  + pad(String(format: "%.1f%%", row.spread * 100), 12, right: true))
        }
        // A published update: leaves, five hashes (previous, new and children's roots, L1 root,
        // commitment), the L1 block, the signature (links, after dropped updates, not counted).
        let updateBytes = 32 * leaves + 32 * 5 + 8 + 64
        print("")
        print("# Paste into a scenario: the real core's own costs as the timing model (not a ZK system's).")
        print("proofs:")
        print("  system: custom")
        print("  core: real")
        print("  recursion_step: \(duration(c.median("update prove")))   # commit + sign one update")
        print("  verification: \(duration(c.median("update verify")))     # recompute + verify one update")
        print("  proof_size: \(updateBytes)B")
    }

    private func micros(_ v: Double) -> String {
        if v >= 1000 { return String(format: "%.2f ms", v / 1000) }
        return v >= 0.1 ? String(format: "%.2f µs", v) : String(format: "%.1f ns", v * 1000)
    }

    /// A scenario duration in whole microseconds (at least 1).
    private func duration(_ v: Double) -> String { "\(max(1, Int(v.rounded())))us" }

    private func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }
}
