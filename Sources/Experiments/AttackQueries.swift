import Foundation

/// The datasets of attack-aware reports: the fault, election, exit, fork, L1 election, rejection
/// and prover tables of a run, each written as a CSV and an HTML table when the run has rows.
enum AttackQueries {
    /// Every attack dataset, in report order.
    static let all: [ReportDataset] = []
}
