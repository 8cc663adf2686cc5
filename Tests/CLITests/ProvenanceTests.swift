import Foundation
import Testing

/// Issue 20, item 7: `--version` and the `run` table name the git commit the binary was built from.
@Suite struct ProvenanceTests {
    /// `git args` in the package root; nil when git or the checkout is missing.
    func git(_ args: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", CLI.packageRoot.path] + args
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    @Test func versionAndRunTableRecordTheCommit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let version = try sandbox.fractalsim(["--version"])
        #expect(version.status == 0, "\(version)")
        let top = git(["rev-parse", "--show-toplevel"]).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
        let head = top == CLI.packageRoot.resolvingSymlinksInPath().path ? git(["rev-parse", "HEAD"]) : nil
        let file = try sandbox.write("tiny.yaml", tinyScenario)
        #expect(try sandbox.fractalsim(["run", file, "--db", "r.sqlite", "--quiet"]).status == 0)
        let stored = try CLI.query(sandbox.work.appendingPathComponent("r.sqlite"),
                                   "SELECT coalesce(git_commit, 'NULL') || ' ' || coalesce(git_dirty, 'NULL') FROM run")
        if let head {
            // Built from this checkout (the tests build it): its HEAD, and dirty as the sources are now.
            let dirty = !(git(["status", "--porcelain", "--untracked-files=normal", "--", "Sources", "Package.swift", "Plugins"]) ?? "").isEmpty
            #expect(version.stdout == "0.3.0 (git \(head.prefix(12))\(dirty ? ", dirty" : ""))\n", "\(version)")
            if let stored { #expect(stored == "\(head) \(dirty ? 1 : 0)") }
        } else {
            #expect(version.stdout == "0.3.0 (not built from a git checkout)\n", "\(version)")
            if let stored { #expect(stored == "NULL NULL") }
        }
    }
}
