import GRDB
import SimCore
import ValidiumModel

/// The table of refused proofs (docs/model.md §9, `forge`): one row per update, burn, vote or parent's state
/// refused, with the §9 check that failed (`failed_check`).
enum ProofSchema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS rejections (
          run_id INTEGER NOT NULL REFERENCES run(id), t_s REAL NOT NULL, node INTEGER NOT NULL,
          checker INTEGER NOT NULL, kind TEXT NOT NULL, failed_check TEXT NOT NULL, reason TEXT NOT NULL)
        """,
    ]

    /// The proof tables' names.
    static let tableNames = ["rejections"]

    /// Writes the rejections of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ p: ProofResults) throws {
        try batch.insert(p.rejections, insertSQL("rejections", 7)) { x in
            [id, Time.seconds(x.time), x.node, x.checker, x.kind, x.check, x.reason]
        }
    }
}

extension SummaryBuilder {
    /// Proof figures: verifications made and proofs refused (both cores count the same way).
    static func proofFigures(_ p: ProofResults) -> [SummaryFigure] {
        [
            .number("proofs.verified", Double(p.verified), "count"),
            .number("proofs.rejected", Double(p.rejections.count), "count"),
        ]
    }
}
