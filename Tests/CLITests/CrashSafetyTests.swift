import Foundation
import Metrics
import ScenarioFuzz
import Stochastic
import Testing

/// A run long enough (about a second in a debug build) to be killed at random moments, the
/// database write included.
let killableScenario = """
    name: killable
    seed: 3
    duration: 25m
    tree: { shape: complete, width: 3, depth: 4 }
    update: { every: 10s }
    network: { latency: 20ms, bandwidth: unlimited }
    metrics: { sample_every: 10s, tracked_transactions: 20000, tracked_updates: 5000 }

    """

/// A process started in the background, to be signalled while it runs.
struct Background {
    let process = Process()

    init(_ arguments: [String], in sandbox: Sandbox) throws {
        process.executableURL = try CLI.binary.get()
        process.arguments = arguments
        process.currentDirectoryURL = sandbox.work
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Sends `signal` after `delay` seconds (unless it ended), waits, and returns (status, killed by a signal).
    func signal(_ signal: Int32, after delay: Double) -> (Int32, Bool) {
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }
}

/// Issue 10, item 2: an interrupted run never leaves a database that reads as complete; an
/// interrupted sweep, restarted, ends identical to an uninterrupted one.
@Suite(.serialized) struct CrashSafetyTests {
    @Test func runsKilledAtRandomMomentsNeverLeaveACompleteLookingDatabase() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("k.yaml", killableScenario)
        let t0 = Date()
        let reference = try sandbox.fractalsim(["run", file, "--db", sandbox.path("ref.sqlite"), "--quiet"])
        let wall = Date().timeIntervalSince(t0)
        #expect(reference.status == 0, "\(reference)")
        let expected = try ResultsDatabase.readSummary(path: sandbox.path("ref.sqlite")).filter { !$0.name.hasPrefix("run.") }
        // The simulation's own wall time ("Engine … · wall 0.92 s · …"): the database is written after it.
        let engine = reference.field("Engine") ?? ""
        let simulated = engine.components(separatedBy: "wall ").dropFirst().first.flatMap { Double($0.prefix { $0 != " " }) } ?? wall / 2
        var rng = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        var outcomes: [String] = []
        for trial in 0..<6 {
            let sig = trial % 2 == 0 ? SIGINT : SIGKILL
            // Anywhere in the run, or after the simulation, while the database is being written.
            let delay = trial < 2 ? wall * rng.uniform() : simulated + (wall - simulated) * rng.uniform()
            let db = "t\(trial).sqlite"
            let (status, signalled) = try Background(["run", file, "--db", sandbox.path(db), "--quiet"], in: sandbox)
                .signal(sig, after: delay)
            outcomes.append("\(sig == SIGINT ? "INT" : "KILL") at \(String(format: "%.2f", delay)) s → \(signalled ? "signal" : "exit") \(status)")
            let leftovers = sandbox.contents().filter { $0.hasPrefix(db) && $0 != db }
            if !sandbox.exists(db) {
                #expect(throws: (any Error).self) { try ResultsDatabase.readSummary(path: sandbox.path(db)) }
            } else {
                // Only a finished run is at the database path, and it is the whole run.
                let read = try ResultsDatabase.readSummary(path: sandbox.path(db)).filter { !$0.name.hasPrefix("run.") }
                #expect(read == expected, "trial \(trial): \(outcomes.last!)")
            }
            if sig == SIGINT {
                #expect(status == 130 || status == 0, "trial \(trial): \(outcomes.last!)")
                // (A Ctrl-C in the microseconds after the rename exits 130 with the complete database.)
                #expect(leftovers.allSatisfy { $0.hasSuffix("-journal") }, "Ctrl-C removes the temporary file: \(leftovers)")
            } else if !signalled {
                #expect(status == 0 && sandbox.exists(db), "trial \(trial) ended before the kill: \(outcomes.last!)")
            }
        }
        print("killed runs: " + outcomes.joined(separator: "; "))
    }

    @Test func anInterruptedSweepResumesToTheSameResults() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("s.yaml", sweepFile.replacingOccurrences(of: "duration: 2m", with: "duration: 20m"))
        let t0 = Date()
        let full = try sandbox.fractalsim(["sweep", file, "--jobs", "2", "--db", sandbox.path("full.sqlite"), "--quiet"])
        let wall = Date().timeIntervalSince(t0)
        #expect(full.status == 0, "\(full)")
        let digest = full.field("Results digest")
        var rng = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        for (trial, sig) in [SIGINT, SIGKILL].enumerated() {
            let db = sandbox.path("part\(trial).sqlite")
            let delay = wall * (0.2 + 0.6 * rng.uniform())
            let (status, signalled) = try Background(["sweep", file, "--jobs", "2", "--db", db, "--quiet"], in: sandbox)
                .signal(sig, after: delay)
            var kept: Int?
            if sig == SIGINT {
                #expect(!signalled && (status == 130 || status == 0), "status \(status)")
                kept = try SweepDatabase.readFigures(path: db).count   // after Ctrl-C the database is clean
            }
            let resumed = try sandbox.fractalsim(["sweep", file, "--jobs", "2", "--db", db, "--quiet"])
            #expect(resumed.status == 0, "\(resumed)")
            // "Runs  X simulated now with 2 jobs, Y already complete in the database (skipped)"
            let numbers = (resumed.field("Runs") ?? "").split(separator: " ").compactMap { Int($0) }
            #expect(numbers.count == 3 && numbers[0] + numbers[2] == 8 && (kept == nil || numbers[2] == kept),
                    "only the missing runs are simulated: \(resumed)")
            #expect(resumed.field("Results digest") == digest, "trial \(trial) (\(sig == SIGINT ? "INT" : "KILL") at \(delay) s)")
        }
    }

    @Test func limitsStopWithExit2AndWriteNothing() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("k.yaml", killableScenario)
        let events = try sandbox.fractalsim(["run", file, "--max-events", "5000", "--db", sandbox.path("e.sqlite")])
        #expect(events.status == 2 && events.stderr.contains("limit reached: --max-events 5000"), "\(events)")
        let memory = try sandbox.fractalsim(["run", file, "--max-memory", "5MB", "--db", sandbox.path("m.sqlite")])
        #expect(memory.status == 2 && memory.stderr.contains("limit reached: --max-memory 5.0 MB"), "\(memory)")
        let sweep = try sandbox.fractalsim(["sweep", try sandbox.write("s.yaml", sweepFile), "--max-events", "100", "--db", sandbox.path("s.sqlite")])
        #expect(sweep.status == 2 && sweep.stderr.contains("limit reached") && sweep.stderr.contains("0 of 8 runs are complete"), "\(sweep)")
        let bad = try sandbox.fractalsim(["run", file, "--max-memory", "lots"])
        #expect(bad.status == 2 && bad.stderr.contains("--max-memory"), "\(bad)")
        #expect(!sandbox.exists("e.sqlite") && !sandbox.exists("m.sqlite") && !sandbox.exists("results"))
        #expect((try? SweepDatabase.readFigures(path: sandbox.path("s.sqlite")).count) ?? 0 == 0)
    }
}
