import Foundation

/// Running cases through a loader in this process, and through the `fractalsim` binary.
public enum FuzzRunner {
    /// Makes `count` cases with `mutator`, writes each into `directory` and loads it with `load`,
    /// which returns the error's parts (nil when the file was accepted). `current` (if given) names
    /// the case being loaded, so that a crash can be reproduced. Returns the tally and the cases
    /// without their bytes (they are on disk; a run of 10,000 would otherwise hold gigabytes).
    public static func inProcess(_ mutator: inout ScenarioMutator, count: Int, directory: URL, current: URL? = nil,
                                 load: (String) -> ErrorParts?) throws -> (FuzzTally, [FuzzCase]) {
        var tally = FuzzTally()
        var made: [FuzzCase] = []
        for _ in 0..<count {
            var c = mutator.next()
            let path = directory.appendingPathComponent(c.name).path
            try c.data.write(to: URL(fileURLWithPath: path))
            c.data = Data()
            if let current { try Data(path.utf8).write(to: current) }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let error = load(path)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            tally.record(c, error: error, seconds: seconds, file: path)
            made.append(c)
        }
        return (tally, made)
    }

    /// What one binary invocation did.
    public struct Invocation: Sendable {
        /// Exit status (or the signal number when `signalled`).
        public var status: Int32
        /// Killed by a signal (a crash).
        public var signalled: Bool
        /// Killed for running past the time limit (a hang).
        public var timedOut: Bool
        /// Standard error.
        public var stderr: String
        /// Wall seconds.
        public var seconds: Double
    }

    /// Runs `binary arguments` in `directory`, killing it after `timeout` seconds.
    public static func invoke(_ binary: URL, _ arguments: [String], in directory: URL, timeout: Double) throws -> Invocation {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errURL = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? err.close(); try? FileManager.default.removeItem(at: errURL) }
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let t0 = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(t0) > timeout { timedOut = true; process.terminate(); break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Invocation(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                          timedOut: timedOut, stderr: stderr, seconds: Date().timeIntervalSince(t0))
    }

    /// Validates `cases` (already written in `directory`) with `fractalsim validate` in batches of
    /// `batch` files: each file must get one well-formed error line, the exit code must be 2.
    public static func validateThroughBinary(_ cases: [FuzzCase], binary: URL, directory: URL, batch: Int = 250,
                                             timeout: Double = 300) throws -> FuzzTally {
        var tally = FuzzTally()
        var start = 0
        while start < cases.count {
            let slice = Array(cases[start..<min(start + batch, cases.count)])
            start += batch
            let paths = slice.map { directory.appendingPathComponent($0.name).path }
            let run = try invoke(binary, ["validate"] + paths, in: directory, timeout: timeout)
            if run.signalled || run.timedOut || run.status != 2 {
                let what = run.timedOut ? "timed out" : run.signalled ? "signal \(run.status)" : "exit \(run.status)"
                tally.failures.append(("batch \(slice[0].name)…", "validate \(what): \(run.stderr.suffix(300))"))
                continue
            }
            var firstLine: [String: String] = [:]
            for line in run.stderr.split(separator: "\n") {
                for p in paths where firstLine[p] == nil && line.hasPrefix(p + ":") { firstLine[p] = String(line) }
            }
            for (c, p) in zip(slice, paths) {
                tally.record(c, error: firstLine[p].flatMap { ErrorParts.parse($0, file: p) }, seconds: run.seconds / Double(slice.count), file: p)
            }
        }
        return tally
    }

    /// Runs one case (its file in `cases`) with `fractalsim run` in a fresh directory: exit 2, one
    /// error line, nothing written.
    public static func runThroughBinary(_ fuzzCase: FuzzCase, cases: URL, binary: URL, scratch: URL,
                                        timeout: Double = 60) throws -> [String] {
        let fm = FileManager.default
        let dir = scratch.appendingPathComponent("run-\(fuzzCase.name)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let file = dir.appendingPathComponent("case.yaml").path
        try fm.copyItem(atPath: cases.appendingPathComponent(fuzzCase.name).path, toPath: file)
        let run = try invoke(binary, ["run", "case.yaml", "--quiet"], in: dir, timeout: timeout)
        var problems: [String] = []
        if run.timedOut { problems.append("run timed out") }
        if run.signalled { problems.append("run killed by signal \(run.status)") }
        if !run.timedOut && !run.signalled && run.status != 2 { problems.append("run exit \(run.status)") }
        let left = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0 != "case.yaml" && !$0.hasPrefix(".stderr-") }
        if !left.isEmpty { problems.append("run wrote \(left.joined(separator: ", "))") }
        let first = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
        if let parts = ErrorParts.parse(first, file: "case.yaml") {
            problems += FuzzCheck.problems(parts, case: fuzzCase, file: "case.yaml")
        } else {
            problems.append("no error line naming case.yaml: \(first.prefix(200))")
        }
        return problems
    }

    /// The largest peak RSS of any child process waited for so far, in bytes.
    public static func childrenPeakRSS() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1024
    }
}
