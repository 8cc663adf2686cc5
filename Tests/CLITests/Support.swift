import Foundation
import Testing

/// Running the built `fractalsim` binary as a subprocess, in throwaway directories.
enum CLI {
    /// The package root: this file is `<root>/Tests/CLITests/Support.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `fractalsim` executable, or nil when none was found (the message says where we looked).
    static let binary: Result<URL, LocateError> = locate()

    struct LocateError: Error, CustomStringConvertible {
        var probed: [String]
        var description: String {
            "cannot find the built fractalsim executable; probed:\n  " + probed.joined(separator: "\n  ")
                + "\n(set FRACTALSIM_BIN to its path to override)"
        }
    }

    /// Finds the binary: `$FRACTALSIM_BIN`, then the products directory of the running test executable
    /// (the test bundle lives next to `fractalsim`), then `<root>/.build/{debug,release}/fractalsim`.
    static func locate() -> Result<URL, LocateError> {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["FRACTALSIM_BIN"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // Linux: <products>/FractalSimPackageTests.xctest is the test executable itself.
        // macOS: <products>/FractalSimPackageTests.xctest/Contents/MacOS/FractalSimPackageTests.
        var starts: [URL] = []
        if let exe = Bundle.main.executableURL { starts.append(exe.deletingLastPathComponent()) }
        if let arg0 = CommandLine.arguments.first, arg0.contains("/") {
            starts.append(URL(fileURLWithPath: arg0).standardizedFileURL.deletingLastPathComponent())
        }
        starts.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            starts.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for start in starts {
            var dir = start
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("fractalsim"))
                dir = dir.deletingLastPathComponent()
            }
        }
        for configuration in ["debug", "release"] {
            candidates.append(packageRoot.appendingPathComponent(".build/\(configuration)/fractalsim"))
        }
        let fm = FileManager.default
        for url in candidates {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: url.path) {
                return .success(url)
            }
        }
        return .failure(LocateError(probed: candidates.map(\.path)))
    }

    /// What one invocation did.
    struct Output: CustomStringConvertible {
        var arguments: [String]
        /// The exit status, or the signal number when `signalled`.
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String

        var description: String {
            "fractalsim \(arguments.joined(separator: " ")) → "
                + (timedOut ? "timed out" : signalled ? "signal \(status)" : "exit \(status)")
                + "\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
        }

        /// The value of the summary's `Digest` line.
        var digest: String? { field("Digest") }

        /// The node count from the summary's `N nodes (…)` line.
        var nodeCount: Int? {
            for line in stdout.split(separator: "\n") {
                guard let range = line.range(of: " nodes (") else { continue }
                let number = line[..<range.lowerBound].replacingOccurrences(of: ",", with: "")
                if let n = Int(number) { return n }
            }
            return nil
        }

        /// The rest of the first stdout line that starts with `label` followed by spaces.
        func field(_ label: String) -> String? {
            for line in stdout.split(separator: "\n", omittingEmptySubsequences: false)
            where line.hasPrefix(label + " ") {
                return line.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
    }

    /// Runs `fractalsim arguments` in `directory` with stdin, stdout and stderr redirected (so none is
    /// a terminal); kills it after `timeout` seconds.
    static func run(_ arguments: [String], in directory: URL, captureIn io: URL,
                    timeout: TimeInterval = 120) throws -> Output {
        let binary = try CLI.binary.get()
        let fm = FileManager.default
        let id = UUID().uuidString
        let outURL = io.appendingPathComponent("\(id).out"), errURL = io.appendingPathComponent("\(id).err")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                process.waitUntilExit()
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Output(arguments: arguments, status: process.terminationStatus,
                      signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
                      stdout: stdout, stderr: stderr)
    }

    /// Whether the `sqlite3` command-line tool is available (to look inside results databases).
    static let sqlite3: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("sqlite3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// Runs one query with the `sqlite3` tool (read-only); nil when the tool is missing.
    static func query(_ database: URL, _ sql: String) throws -> String? {
        guard let sqlite3 else { return nil }
        let process = Process()
        process.executableURL = sqlite3
        process.arguments = ["-readonly", "-batch", database.path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "sqlite3 failed with \(process.terminationStatus)" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A fresh temporary directory for one test: `work/` is the working directory of every subprocess
/// and holds the scenario files and databases; `io/` holds the captured stdout and stderr.
struct Sandbox {
    let root: URL
    let work: URL
    let io: URL

    init() throws {
        let fm = FileManager.default
        root = fm.temporaryDirectory.appendingPathComponent("fractalsim-cli-\(UUID().uuidString)")
        work = root.appendingPathComponent("work")
        io = root.appendingPathComponent("io")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        try fm.createDirectory(at: io, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// The path of `name` inside `work/`.
    func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    /// Writes `text` to `work/name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let url = work.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Names in `work/`, sorted.
    func contents() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []).sorted()
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Runs `fractalsim arguments` with `work/` as its working directory.
    func fractalsim(_ arguments: [String], timeout: TimeInterval = 120) throws -> CLI.Output {
        try CLI.run(arguments, in: work, captureIn: io, timeout: timeout)
    }
}

/// A tiny valid scenario (w=2, d=3, 3 minutes). Line numbers matter: the bad-input tests edit lines.
let tinyScenario = """
    name: tiny
    seed: 1
    duration: 3m
    tree:
      shape: complete
      width: 2
      depth: 3
    update:
      every: 15s

    """

/// `tinyScenario` with line `number` (1-based) replaced by `replacement`.
func tinyScenarioEditing(line number: Int, to replacement: String) -> String {
    var lines = tinyScenario.components(separatedBy: "\n")
    precondition(lines.indices.contains(number - 1), "no line \(number) in the tiny scenario")
    lines[number - 1] = replacement
    return lines.joined(separator: "\n")
}
