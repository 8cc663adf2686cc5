import Foundation
import Testing

/// The cluster recipes of the README: its GNU parallel line run as written, and the Slurm script
/// (against a stand-in `sbatch` that runs the jobs it is given right away, in order; `make
/// test-slurm` runs it on a real cluster).
@Suite struct ClusterTests {
    /// `parallel` on the PATH, if installed (`make test` installs it: scripts/install-deps.sh --test-tools).
    static let parallel: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/parallel" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `script` with bash in `directory`, the fractalsim binary's directory first on the PATH.
    static func shell(_ script: String, in directory: URL, extraPath: [String] = []) throws -> (status: Int32, output: String) {
        let binaryDirectory = try CLI.binary.get().deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (extraPath + [binaryDirectory, environment["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
        process.environment = environment
        let log = directory.appendingPathComponent("shell-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// A README command: the line starting with `prefix` in a fenced block, with its `\` continuations.
    static func readmeCommand(startingWith prefix: String) throws -> String {
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else {
            throw ReadmeCommandMissing(prefix: prefix)
        }
        lines = Array(lines[first...])
        var command = ""
        for line in lines {
            if line.hasSuffix("\\") { command += line.dropLast() } else { command += line; break }
        }
        return command
    }

    /// A sandbox holding the bundled smoke sweep at its repository path.
    static func smokeSandbox() throws -> Sandbox {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.work.appendingPathComponent("scenarios/sweeps"),
                                                withIntermediateDirectories: true)
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent(smoke), encoding: .utf8)
        try sandbox.write(smoke, text)
        return sandbox
    }

    static let smoke = "scenarios/sweeps/cluster-smoke.yaml"

    @Test(.enabled(if: ClusterTests.parallel != nil,
                   "GNU parallel is not installed; `make test` installs it (scripts/install-deps.sh --test-tools)"))
    func readmeParallelLineMergesIntoTheUnshardedSweep() throws {
        let sandbox = try Self.smokeSandbox()
        defer { sandbox.remove() }
        let all = try sandbox.fractalsim(["sweep", Self.smoke, "--db", "unsharded.sqlite", "--quiet"])
        #expect(all.status == 0, "\(all)")
        // The README's line, as written.
        let line = try Self.readmeCommand(startingWith: "parallel --will-cite")
        #expect(line.contains(Self.smoke) && line.contains("--db all.sqlite"), "\(line)")
        let run = try Self.shell(line, in: sandbox.work)
        #expect(run.status == 0, "\(run.output)")
        for i in 1...4 { #expect(sandbox.exists("part\(i).sqlite"), "\(run.output)") }
        #expect(run.output.contains("Merged        8 of 8 runs from 4 files"), "\(run.output)")
        let merged = try sweepContents(sandbox.path("all.sqlite"))
        #expect(merged.count == 8)
        #expect(merged == (try sweepContents(sandbox.path("unsharded.sqlite"))))
    }

    /// The Slurm script against a stand-in `sbatch` that runs what it is given at once, in order,
    /// each job with an empty environment (as `SBATCH_EXPORT=NONE` sites do) and the fractalsim
    /// binary off the PATH, from a folder whose path holds a space. `make test-slurm` runs the
    /// same script on a real Slurm cluster.
    @Test func slurmScriptSubmitsAnArrayAndADependentMerge() throws {
        let sandbox = try Self.smokeSandbox()
        defer { sandbox.remove() }
        let bin = sandbox.work.appendingPathComponent("stub-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "sbatch $*" >> "$STUB_LOG/sbatch.log"
            array="" script=""
            while [ $# -gt 0 ] && [ -z "$script" ]; do
              case "$1" in
                --array=*) array=${1#--array=} ;;
                --*) ;;
                *) script=$1 ;;
              esac
              shift
            done
            id=$((RANDOM + 1000))
            jobenv=(env -i PATH=/usr/bin:/bin HOME="$HOME" SLURM_JOB_ID=$id SLURM_CPUS_PER_TASK=1)
            if [ -z "$array" ]; then "${jobenv[@]}" bash "$script" "$@" >> "$STUB_LOG/jobs.log" 2>&1; echo $id; exit 0; fi
            for i in $(seq "${array%-*}" "${array#*-}"); do
              "${jobenv[@]}" SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i bash "$script" "$@" >> "$STUB_LOG/jobs.log" 2>&1
            done
            echo $id
            """
        let stubURL = bin.appendingPathComponent("sbatch")
        try Data(stub.utf8).write(to: stubURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stubURL.path)
        let script = CLI.packageRoot.appendingPathComponent("scripts/slurm-sweep.sbatch").path
        // The fractalsim binary is on the PATH of the submitting shell only.
        let run = try Self.shell("STUB_LOG=$PWD bash '\(script)' \(Self.smoke) 4 'out dir'", in: sandbox.work, extraPath: [bin.path])
        let log = (try? String(contentsOfFile: sandbox.path("sbatch.log"), encoding: .utf8)) ?? ""
        let jobs = (try? String(contentsOfFile: sandbox.path("jobs.log"), encoding: .utf8)) ?? ""
        #expect(run.status == 0, "\(run.output)\n\(log)\n\(jobs)")
        #expect(log.contains("--array=1-4") && log.contains("--dependency=afterok:"), "\(log)")
        #expect(log.contains("--kill-on-invalid-dep=yes") && log.contains("--mem=2G") && !log.contains("--wrap"), "\(log)")
        #expect(log.contains("--output=\(sandbox.path("out dir"))/shard-%A_%a.out"), "task logs go to OUTDIR: \(log)")
        #expect(jobs.contains("Merged        8 of 8 runs from 4 files"), "\(jobs)")
        _ = try sandbox.fractalsim(["sweep", Self.smoke, "--db", "unsharded.sqlite", "--quiet"])
        #expect(try sweepContents(sandbox.path("out dir/all.sqlite")) == sweepContents(sandbox.path("unsharded.sqlite")))
        // Bad input is refused on the login node, before anything is submitted.
        let missing = try Self.shell("STUB_LOG=$PWD FRACTALSIM=/nowhere/fractalsim bash '\(script)' \(Self.smoke) 4 out2",
                                     in: sandbox.work, extraPath: [bin.path])
        #expect(missing.status == 2 && missing.output.contains("fractalsim binary not found"), "\(missing.output)")
        let shards = try Self.shell("STUB_LOG=$PWD bash '\(script)' \(Self.smoke) 0 out3", in: sandbox.work, extraPath: [bin.path])
        #expect(shards.status == 2 && shards.output.contains("SHARDS must be a positive integer"), "\(shards.output)")
        #expect(!sandbox.exists("out2") && !sandbox.exists("out3"))
    }
}

/// The README lacks a command that a test runs as written.
struct ReadmeCommandMissing: Error, CustomStringConvertible {
    var prefix: String
    var description: String { "the README has no command starting with \(prefix)" }
}
