import ArgumentParser
import Experiments
import Foundation

/// `fractalsim replay DB`: re-runs a stored run and checks it (`--verify`), or tells its story (`--timeline`).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a recorded run and check it (--verify), or print what happened (--timeline).",
        discussion: """
            --verify (the default) re-runs the run from the scenario text, --set overrides and seed stored in \
            the database, with this program version (a database from another version is refused), and compares \
            the trace digest, the event count and every summary figure but the run.* wall-clock ones. When the \
            run was traced (run --trace) the replay is traced too and compared event by event: a mismatch names \
            the first differing event. Exit 0 identical, 1 mismatch, 2 bad input. \
            --timeline prints the stored trace as a story (updates, DA failures, alarms, votes, elections, exits, \
            forced routes), filtered by --node, --subtree, --kind and --from/--until (e.g. 29m, 1h 30m, 10 blocks).
            """)

    @Argument(help: "The results database.")
    var db: String

    @Option(name: .customLong("run"), help: "The run id (default: the first completed run).")
    var runID: Int64?

    @Flag(help: "Re-run and compare with the stored run (the default without --timeline).")
    var verify = false

    @Flag(help: "Print the run's story from its stored trace and tables.")
    var timeline = false

    @Option(help: "Timeline: only events involving this node.")
    var node: Int32?

    @Option(help: "Timeline: only events involving a node of this node's subtree.")
    var subtree: Int32?

    @Option(help: "Timeline: categories or event kinds, comma-separated or repeated (updates, da, blocks, faults, alarms, votes, elections, exits, sybil, bridge, forced, samples, notify, provers; roundStart, zkpDelivered…; all).")
    var kind: [String] = []

    @Option(help: "Timeline: from this simulated time (29m, 1h 30m, 29m 03.250s, 10 blocks).")
    var from: String?

    @Option(help: "Timeline: until this simulated time (inclusive).")
    var until: String?

    @Option(help: "Timeline: at most this many lines (0: no limit).")
    var limit: Int = 2000

    func validate() throws {
        let filters = node != nil || subtree != nil || !kind.isEmpty || from != nil || until != nil
        if filters && !timeline {
            throw ValidationError("--node, --subtree, --kind, --from and --until filter --timeline; add --timeline")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (no limit) or more") }
    }

    func run() throws {
        if timeline {
            let options = TimelineOptions(node: node, subtree: subtree, kinds: kind, fromText: from, untilText: until,
                                          limit: limit)
            let story: Timeline
            do {
                story = try Timeline.build(path: db, runID: runID, options: options)
            } catch {
                throw CommandFailure(code: error.exitCode, message: error.description)
            }
            print(story.text, terminator: "")
            if !verify { return }
            print("")
        }
        let verdict: ReplayVerdict
        do {
            verdict = try ReplayVerifier.verify(path: db, runID: runID)
        } catch {
            throw CommandFailure(code: error.exitCode, message: error.description)
        }
        print(ReplayFormat.render(verdict, path: db), terminator: "")
        if !verdict.identical { throw CommandFailure(code: 1, message: nil) }
    }
}
