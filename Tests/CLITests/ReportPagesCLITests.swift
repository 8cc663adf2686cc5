import Foundation
import Testing

/// Whether headless Chromium is installed (`scripts/install-deps.sh --browser`).
let chromiumFound: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/chromium") }
}()

/// `scripts/check-reports.sh` and its static half `check-reports.py`: a fresh report (with the
/// timeline of a traced run) passes; an empty plot, a missing image and a JavaScript error fail.
@Suite struct ReportPagesCLITests {
    /// Runs a script of the checkout; exit status and output.
    func script(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A traced report of `reportScenario` in the sandbox; returns its folder.
    func report(_ sandbox: Sandbox) throws -> String {
        let file = try sandbox.write("s.yaml", reportScenario)
        #expect(try sandbox.fractalsim(["run", file, "--trace", "--quiet", "--db", "r.sqlite"]).status == 0)
        let out = try sandbox.fractalsim(["report", "r.sqlite", "--out", "rep"])
        #expect(out.status == 0, "\(out)")
        return sandbox.path("rep")
    }

    @Test(.enabled(if: python3Found, "python3 is not installed"))
    func staticChecksFindEmptyPlotsAndMissingImages() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let dir = try report(sandbox)
        let good = try script(["python3", "scripts/check-reports.py", dir + "/index.html", dir + "/timeline.html"])
        #expect(good.0 == 0, "\(good.1)")
        // An emptied plot and a removed one.
        let svg = dir + "/l1-progress.svg"
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        try text.replacing(/data-points="\d+"/, with: "data-points=\"0\"").write(toFile: svg, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/storage-by-depth.svg")
        let bad = try script(["python3", "scripts/check-reports.py", dir + "/index.html"])
        #expect(bad.0 == 1, "\(bad.1)")
        #expect(bad.1.contains("l1-progress.svg: empty plot"), "\(bad.1)")
        #expect(bad.1.contains("src=storage-by-depth.svg: no such file"), "\(bad.1)")
    }

    @Test(.enabled(if: chromiumFound && python3Found, "chromium is not installed (scripts/install-deps.sh --browser)"))
    func chromiumRendersReportsAndCatchesScriptErrors() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let dir = try report(sandbox)
        let good = try script(["scripts/check-reports.sh", dir + "/index.html", dir + "/timeline.html"])
        #expect(good.0 == 0 && good.1.contains("2 pages rendered, no JavaScript error"), "\(good.1)")
        // A timeline whose script breaks: the error is named and the page is not ready.
        let timeline = try String(contentsOfFile: dir + "/timeline.html", encoding: .utf8)
        try timeline.replacingOccurrences(of: "const data = JSON.parse", with: "const data = JSON.prase")
            .write(toFile: dir + "/timeline.html", atomically: true, encoding: .utf8)
        let bad = try script(["scripts/check-reports.sh", dir + "/timeline.html"])
        #expect(bad.0 == 1 && bad.1.contains("JavaScript error") && bad.1.contains("did not finish"), "\(bad.1)")
    }
}
