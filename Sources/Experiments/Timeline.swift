import Foundation
import Metrics
import Scenarios
import SimCore
import ValidiumModel

/// What `replay --timeline` shows: filters by node, subtree, kind and time window.
public struct TimelineOptions: Sendable {
    /// Only events involving this node (its own, or naming it: its child's ZKP, an alarm about it…).
    public var node: Int32?
    /// Only events involving a node of this subtree (the node and its descendants).
    public var subtree: Int32?
    /// `--kind` values: categories (`updates`, `alarms`…), event kind names, `all` or `default`.
    public var kinds: [String] = []
    /// From this time (µs) on; `fromText`/`untilText` are parsed with the scenario's block time.
    public var fromText: String?
    /// Up to and including this time.
    public var untilText: String?
    /// At most this many lines (0: no limit).
    public var limit: Int = 2000

    /// Options.
    public init(node: Int32? = nil, subtree: Int32? = nil, kinds: [String] = [], fromText: String? = nil,
                untilText: String? = nil, limit: Int = 2000) {
        self.node = node; self.subtree = subtree; self.kinds = kinds; self.fromText = fromText
        self.untilText = untilText; self.limit = limit
    }
}

/// A filtered story of a stored run, built from its trace and its fault, election and exit tables.
public struct Timeline: Sendable {
    /// The header line.
    public var header: String
    /// The lines, in time order.
    public var lines: [String]
    /// Lines that matched beyond `limit`.
    public var omitted: Int
    /// Whether the run has a stored trace (without one only the table lines are shown).
    public var traced: Bool

    /// The whole text: header, lines, and a closing note.
    public var text: String {
        var out = header + "\n" + lines.map { $0 + "\n" }.joined()
        if omitted > 0 {
            out += "… \(SummaryFormat.grouped(Int64(omitted))) more lines: raise --limit (0: no limit), or narrow with "
                + "--node, --subtree, --kind, --from, --until\n"
        }
        if lines.isEmpty { out += "(nothing matches these filters)\n" }
        return out
    }

    /// Builds the timeline of run `runID` (first completed when nil) of the database at `path`.
    public static func build(path: String, runID: Int64?, options o: TimelineOptions) throws(ReplayError) -> Timeline {
        let run = try ReplaySource.storedRun(path: path, runID: runID)
        let scenario = try? ReplaySource.parse(run)
        let blockTime = scenario?.config.l1.blockTime ?? 12 * Time.second
        func time(_ text: String?, _ flag: String) throws(ReplayError) -> SimTime? {
            guard let text else { return nil }
            guard let t = ReplayFormat.parseTime(text, blockTime: blockTime) else {
                throw .badInput("\(flag) \(text): expected a time such as 29m, 1h 30m, 29m 03.250s, 500ms or 10 blocks")
            }
            return t
        }
        let from = try time(o.fromText, "--from") ?? 0
        let until = try time(o.untilText, "--until") ?? .max
        let selected = try TimelineFilter.kinds(o.kinds)
        do {
            var ctx = TimelineContext()
            ctx.behaviors = scenario?.config.faults.adversaries.map(\.behavior.rawValue) ?? []
            let args = ["run": run.id]
            ctx.parent = try ResultsDatabase.query(path: path, sql: "SELECT parent FROM nodes WHERE run_id = :run ORDER BY id",
                                                   arguments: args).numbers("parent").map { Int32($0 ?? -1) }
            for (flag, v) in [("--node", o.node), ("--subtree", o.subtree)] {
                if let v, v < 0 || Int(v) >= ctx.parent.count {
                    throw ReplayError.badInput("\(flag) \(v): no such node (this run has nodes 0 to \(ctx.parent.count - 1))")
                }
            }
            if try ResultsDatabase.tableExists(path: path, "messages") {
                for r in try ResultsDatabase.query(path: path, sql: """
                    SELECT id, sender, recipient FROM messages WHERE run_id = :run
                    """, arguments: args).rows {
                    ctx.messages[Int32(r[0].number ?? -1)] = (Int32(r[1].number ?? -1), Int32(r[2].number ?? -1))
                }
            }
            let filter = TimelineFilter(node: o.node, subtree: o.subtree.map { ctx.descendants(of: $0) },
                                        selected: selected, from: from, until: until)
            let traced = try ResultsDatabase.traceCount(path: path, runID: run.id) > 0
            var tables = try TimelineContext.tableEntries(path: path, runID: run.id, withTrace: traced)
                .filter { filter.accepts($0.0.category, $0.1, time: $0.0.time) }.map(\.0)
            var out = TimelineOutput(limit: o.limit)
            var next = 0
            func tablesBefore(_ t: SimTime) {
                while next < tables.count, tables[next].time < t { out.enqueue(tables[next]); next += 1 }
            }
            if traced {
                try ResultsDatabase.forEachTraceEvent(path: path, runID: run.id, from: from) { _, e in
                    let kind = EventKind(rawValue: e.kind)
                    if kind == .daServe || kind == .daFailed { out.resolveRound(e.node, effective: true) }
                    if kind == .roundStart { out.resolveRound(e.node, effective: false) }
                    if e.time > until { return out.hasPending && e.time <= until &+ 10 * Time.minute }
                    guard let kind, filter.accepts(kind, ctx.involved(e), time: e.time) else { return true }
                    tablesBefore(e.time)   // table lines follow the events of their instant
                    out.enqueue(TimelineEntry(time: e.time, category: TimelineCategory.of(kind), text: ctx.describe(e)),
                                pendingRound: kind == .roundStart ? e.node : nil)
                    return true
                }
            }
            tablesBefore(.max)
            tables.removeAll()
            out.finish()
            let header = TimelineFilter.header(run: run, options: o, from: from, until: until, traced: traced)
            return Timeline(header: header, lines: out.lines, omitted: out.omitted, traced: traced)
        } catch let e as ReplayError {
            throw e
        } catch {
            throw .badInput("\(path): cannot read run \(run.id): \(error)")
        }
    }
}

/// The timeline's output queue: round starts wait until the trace shows whether they did anything
/// (a superseded slot or an offline operator's slot is dropped), so lines leave in time order.
struct TimelineOutput {
    let limit: Int
    var lines: [String] = []
    var omitted = 0
    /// Entries not yet emitted; state 0 ready, 1 pending round start, 2 dropped.
    var queue: [(entry: TimelineEntry, state: Int8)] = []
    /// Entries emitted and removed from the front of `queue` (absolute index = base + position).
    var base = 0
    var head = 0
    /// Pending round start of a node → absolute index.
    var pending: [Int32: Int] = [:]

    init(limit: Int) { self.limit = limit }

    var hasPending: Bool { !pending.isEmpty }

    mutating func enqueue(_ entry: TimelineEntry, pendingRound node: Int32? = nil) {
        queue.append((entry, node == nil ? 0 : 1))
        if let node { pending[node] = base + queue.count - 1 }
        flush()
    }

    /// A DA request of `node` (effective) or its next round start (not) settles its pending round start.
    mutating func resolveRound(_ node: Int32, effective: Bool) {
        guard let k = pending.removeValue(forKey: node) else { return }
        queue[k - base].state = effective ? 0 : 2
        flush()
    }

    mutating func flush() {
        while head < queue.count, queue[head].state != 1 {
            if queue[head].state == 0 { emit(queue[head].entry) }
            head += 1
        }
        if head >= 4096 {
            queue.removeFirst(head)
            base += head
            head = 0
        }
    }

    /// The trace ended: round starts still pending are shown.
    mutating func finish() {
        for k in head..<queue.count where queue[k].state == 1 { queue[k].state = 0 }
        pending.removeAll()
        flush()
    }

    mutating func emit(_ e: TimelineEntry) {
        if limit > 0 && lines.count >= limit { omitted += 1; return }
        let t = ReplayFormat.time(e.time)
        lines.append(String(repeating: " ", count: max(0, 16 - t.count)) + t + "  "
                     + e.category.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + e.text)
    }
}
