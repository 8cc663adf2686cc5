import ArgumentParser
import Experiments
import Foundation
import Metrics

/// `--max-events` and `--max-memory`, shared by `run` and `sweep`.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-events"), help: "Stop a run (exit 2) once it has processed more than N events; checked between slices.")
    var maxEvents: UInt64?

    @Option(name: .customLong("max-memory"), help: "Stop (exit 2) once peak resident memory passes SIZE, e.g. 2GB or 512MiB; checked between slices.")
    var maxMemory: String?

    func validate() throws {
        if let maxMemory, ResourceLimits.parseMemory(maxMemory) == nil {
            throw ValidationError("--max-memory: expected a size such as 512MB, 2GB or 1.5GiB, got \"\(maxMemory)\"")
        }
    }

    /// The limits as given.
    var limits: ResourceLimits {
        ResourceLimits(maxEvents: maxEvents, maxMemoryBytes: maxMemory.flatMap(ResourceLimits.parseMemory))
    }
}

/// Ctrl-C (SIGINT) and SIGTERM during `run` and `sweep`.
///
/// The first signal asks the guard to stop: runs stop between slices of events and nothing
/// incomplete is written (a sweep keeps the runs it completed); if a run's database is being
/// written at that moment, its temporary file is removed and the process exits at once. A second
/// signal exits at once. The exit code is 128 + the signal (130 for Ctrl-C).
enum Interrupts {
    /// Keeps the dispatch sources alive; touched only on `queue` and at install.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    nonisolated(unsafe) private static var signals = 0
    private static let queue = DispatchQueue(label: "fractalsim.signals")

    /// Routes SIGINT and SIGTERM to `runGuard` from now on.
    static func install(_ runGuard: RunGuard) {
        for sig in [SIGINT, SIGTERM] {
            // A signal ignored when we started (nohup, a background job) stays ignored.
            var previous = sigaction()
            sigaction(sig, nil, &previous)
            let address = { (h: (@convention(c) (Int32) -> Void)?) in h.map { unsafeBitCast($0, to: Int.self) } ?? 0 }
            if address(previous.__sigaction_handler.sa_handler) == address(SIG_IGN) { continue }
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { handle(sig, runGuard) }
            source.resume()
            sources.append(source)
        }
    }

    /// Gives SIGINT and SIGTERM back their default action (once everything is written).
    static func restoreDefaults() {
        queue.sync {
            for source in sources { source.cancel() }
            sources.removeAll()
        }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private static func handle(_ sig: Int32, _ runGuard: RunGuard) {
        signals += 1
        let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
        if signals >= 2 {
            say("\(name) again: stopping now; a run being written is left incomplete and never reads as complete")
            _exit(128 + sig)
        }
        if let partial = runGuard.interrupt(.interrupted(signal: sig)) {
            ResultsDatabase.removePartial(partial)
            say("interrupted (\(name)) while writing the results database: removed the incomplete \(partial)")
            _exit(128 + sig)
        }
        say("interrupted (\(name)): stopping… (again to stop at once)")
    }

    /// Writes one line to stderr, starting on a fresh line (after a progress line).
    static func say(_ line: String) {
        fflush(nil)   // in a log that holds both streams, after what was printed so far
        FileHandle.standardError.write(Data(((isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }
}
