import GRDB
import SimCore
import Stochastic
import ValidiumModel

/// The `messages` table and the bridge figures (docs/model.md §6).
enum BridgeSchema {
    /// Tables, created if missing.
    static let tables: [String] = [
        """
        CREATE TABLE IF NOT EXISTS messages (
          run_id INTEGER NOT NULL REFERENCES run(id), id INTEGER NOT NULL, sender INTEGER NOT NULL,
          recipient INTEGER NOT NULL, route TEXT NOT NULL, created_s REAL NOT NULL, sent_s REAL,
          burn_included_s REAL, burn_at_l1_s REAL, minted_s REAL, receipt_at_l1_s REAL, confirmed_s REAL,
          hops_up INTEGER NOT NULL, hops_down INTEGER NOT NULL, l1_transactions INTEGER NOT NULL, freeze_s REAL)
        """,
    ]

    /// The table's name.
    static let tableNames = ["messages"]

    /// Writes the messages of run `id`.
    static func insert(_ batch: inout BatchInserter, id: Int64, _ b: BridgeResults) throws {
        try batch.insert(b.messages, insertSQL("messages", 16)) { m in
            [id, m.id, m.sender, m.recipient, m.route.rawValue, Time.seconds(m.created), seconds(m.sent),
             seconds(m.burnIncluded), seconds(m.burnAtL1), seconds(m.minted), seconds(m.receiptAtL1), seconds(m.confirmed),
             m.hopsUp, m.hopsDown, m.l1Transactions, seconds(m.freezeTime)]
        }
    }
}

extension SummaryBuilder {
    /// Figures whose value is text rather than a number (what `expect:` compares as text).
    public static let textFigures = ["bridge.invariants", "safety", "finality.safety"]

    /// Bridge figures, when the run has a bridge workload: totals, then per route.
    static func bridgeFigures(_ r: RunResults) -> [SummaryFigure] {
        guard r.config.workload.bridge != nil else { return [] }
        let b = r.bridge
        let duration = Time.seconds(r.simulatedEnd)
        let sent = b.messages.filter { $0.sent >= 0 }
        let waits = sent.map { Time.seconds($0.sent - $0.created) }
        let l1 = b.messages.reduce(Int64(0)) { $0 + Int64($1.l1Transactions) }
        var out: [SummaryFigure] = [
            .number("bridge.messages", Double(b.messages.count), "count"),
            .number("bridge.throughput", duration > 0 ? Double(b.minted) / duration : nil, "msg/s"),
            .number("bridge.in_flight", Double(b.burned - b.minted), "count"),
            .number("bridge.queued", Double(b.messages.count - sent.count), "count"),
            .number("bridge.queue_wait.mean", Statistics.mean(waits), "s"),
            .number("bridge.queue_wait.max", waits.max(), "s"),
            .number("bridge.l1_transactions", Double(l1), "count"),
            .number("bridge.double_mints_rejected", Double(b.doubleMintsRejected), "count"),
            .number("bridge.bot_misses", Double(b.botMisses), "count"),
            .number("bridge.missed_deadlines", Double(b.missedDeadlines), "count"),
            .number("bridge.max_l1_messages_per_block", Double(b.maxL1MessagesPerBlock), "count"),
            SummaryFigure(name: "bridge.invariants", value: nil, text: b.invariantsHold ? "holds" : "violated", unit: ""),
        ]
        for route in [MessageRoute.direct, .forced, .viaL1] {
            let key = "bridge.\(route.rawValue)"
            let mine = sent.filter { $0.route == route }
            let mint = mine.filter { $0.minted >= 0 }.map { Time.seconds($0.minted - $0.sent) }.sorted()
            let confirm = mine.filter { $0.confirmed >= 0 }.map { Time.seconds($0.confirmed - $0.sent) }.sorted()
            out += [
                .number("\(key).sent", Double(mine.count), "count"),
                .number("\(key).minted", Double(mint.count), "count"),
                .number("\(key).confirmed", Double(confirm.count), "count"),
                .number("\(key).in_flight", Double(mine.count - mint.count), "count"),
            ]
            for p in [50, 95, 99] { out.append(.number("\(key).mint.p\(p)", Statistics.nearestRank(mint, Double(p)), "s")) }
            for p in [50, 95, 99] { out.append(.number("\(key).confirm.p\(p)", Statistics.nearestRank(confirm, Double(p)), "s")) }
            out.append(.number("\(key).freeze.mean", Statistics.mean(mine.filter { $0.freezeTime >= 0 }.map { Time.seconds($0.freezeTime) }), "s"))
            out.append(.number("\(key).hops.mean", Statistics.mean(mine.map { Double($0.hopsUp + $0.hopsDown) }), "count"))
        }
        return out
    }
}
