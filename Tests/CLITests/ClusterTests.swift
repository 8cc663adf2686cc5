import Foundation
import Testing

/// The cluster recipes of the README: shards through GNU parallel, and the Slurm script (against a
/// stand-in `sbatch` that runs the jobs it is given right away, in order).
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

    @Test(.enabled(if: ClusterTests.parallel != nil,
                   "GNU parallel is not installed; `make test` installs it (scripts/install-deps.sh --test-tools)"))
    func shardsThroughGNUParallelMergeIntoTheUnshardedSweep() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("s.yaml", sweepFile)
        let all = try sandbox.fractalsim(["sweep", "s.yaml", "--db", "all.sqlite", "--quiet"])
        #expect(all.status == 0, "\(all)")
        // The README's one-liner, with 3 shards.
        let run = try Self.shell("""
            parallel --will-cite -j 3 fractalsim sweep s.yaml --quiet --jobs 1 --shard {}/3 --db part{}.sqlite ::: $(seq 3) \
              && fractalsim merge part*.sqlite --db merged.sqlite
            """, in: sandbox.work)
        #expect(run.status == 0, "\(run.output)")
        for i in 1...3 { #expect(sandbox.exists("part\(i).sqlite"), "\(run.output)") }
        #expect(run.output.contains("Merged        8 of 8 runs from 3 files"), "\(run.output)")
        let merged = try sweepContents(sandbox.path("merged.sqlite"))
        #expect(merged.count == 8)
        #expect(merged == (try sweepContents(sandbox.path("all.sqlite"))))
    }

    @Test func slurmScriptSubmitsAnArrayAndADependentMerge() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        try sandbox.write("s.yaml", sweepFile)
        // A stand-in sbatch: logs its arguments, runs array tasks one by one, then --wrap commands.
        let bin = sandbox.work.appendingPathComponent("stub-bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let stub = """
            #!/usr/bin/env bash
            set -euo pipefail
            echo "sbatch $*" >> "$PWD/sbatch.log"
            array="" wrap="" script=""
            args=()
            while [ $# -gt 0 ]; do
              case "$1" in
                --array=*) array=${1#--array=} ;;
                --wrap) wrap=$2; shift ;;
                --wrap=*) wrap=${1#--wrap=} ;;
                --*) ;;
                *) if [ -z "$script" ]; then script=$1; else args+=("$1"); fi ;;
              esac
              shift
            done
            id=$((RANDOM + 1000))
            if [ -n "$wrap" ]; then SLURM_JOB_ID=$id bash -c "$wrap" >> "$PWD/jobs.log" 2>&1; echo $id; exit 0; fi
            for i in $(seq "${array%-*}" "${array#*-}"); do
              SLURM_JOB_ID=$id SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 \
                bash "$script" "${args[@]}" >> "$PWD/jobs.log" 2>&1
            done
            echo $id
            """
        let stubURL = bin.appendingPathComponent("sbatch")
        try Data(stub.utf8).write(to: stubURL)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stubURL.path)
        let script = CLI.packageRoot.appendingPathComponent("scripts/slurm-sweep.sbatch").path
        let run = try Self.shell("bash \(script) s.yaml 3 out", in: sandbox.work, extraPath: [bin.path])
        let log = (try? String(contentsOfFile: sandbox.path("sbatch.log"), encoding: .utf8)) ?? ""
        let jobs = (try? String(contentsOfFile: sandbox.path("jobs.log"), encoding: .utf8)) ?? ""
        #expect(run.status == 0, "\(run.output)\n\(log)\n\(jobs)")
        #expect(log.contains("--array=1-3") && log.contains("--dependency=afterok:"), "\(log)")
        #expect(jobs.contains("Merged        8 of 8 runs from 3 files"), "\(jobs)")
        _ = try sandbox.fractalsim(["sweep", "s.yaml", "--db", "all.sqlite", "--quiet"])
        #expect(try sweepContents(sandbox.path("out/all.sqlite")) == sweepContents(sandbox.path("all.sqlite")))
    }
}
