import Foundation
import Metrics
import Testing

/// Runs `python3 -c script arguments…`; nil when python3 cannot be started.
func python(_ script: String, _ arguments: [String]) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Reads a JUnit XML file with junitparser (PyPI, installed by `scripts/install-deps.sh --test-tools`),
/// or Python's xml.etree where junitparser is missing; prints the reader, then `name|passed|failed message` per case.
let junitReader = """
    import sys
    try:
        from junitparser import JUnitXml, Failure
        xml = JUnitXml.fromfile(sys.argv[1])
        print("junitparser")
        for suite in xml:
            for case in suite:
                failures = [r for r in case.result if isinstance(r, Failure)]
                print(case.name + "|" + ("failed " + failures[0].message if failures else "passed"))
    except ImportError:
        import xml.etree.ElementTree as ET
        print("xml.etree")
        for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
            failure = case.find("failure")
            print(case.get("name") + "|" + ("failed " + failure.get("message") if failure is not None else "passed"))
    """

/// Issue 20, item 6: `--json`, `bounds --junit`, `export`.
@Suite struct MachineReadableTests {
    func object(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func runWritesItsSummaryAsJSON() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("tiny.yaml", tinyScenario + "expect:\n  nodes: 15\n  l1.blocks: \">= 1000\"\n")
        let out = try sandbox.fractalsim(["run", file, "--quiet", "--db", "r.sqlite", "--json", "r.json"])
        #expect(out.status == 1, "the second expectation fails: \(out)")
        let doc = try object(sandbox.path("r.json"))
        #expect(doc["format"] as? String == "fractalsim-run/1" && doc["verdict"] as? String == "fail" && doc["database"] as? String == "r.sqlite")
        #expect(doc["trace_digest"] as? String == out.digest, "\(doc)")
        let figures = try #require(doc["figures"] as? [[String: Any]])
        let stored = try ResultsDatabase.readSummary(path: sandbox.path("r.sqlite"))
        #expect(figures.count == stored.count && figures.map { $0["name"] as? String } == stored.map(\.name))
        #expect(figures.first { $0["name"] as? String == "nodes" }?["value"] as? Double == 15)
        let expectations = try #require(doc["expectations"] as? [[String: Any]])
        #expect(expectations.map { $0["held"] as? Bool } == [true, false], "\(expectations)")
        #expect((doc["program"] as? [String: Any])?["version"] as? String == "0.3.0")
        // A --json naming the scenario or a results database is refused before simulating.
        let onInput = try sandbox.fractalsim(["run", file, "--quiet", "--db", "s.sqlite", "--json", "tiny.yaml"])
        #expect(onInput.status == 2 && onInput.stderr.contains("--json tiny.yaml is also an input") && !sandbox.exists("s.sqlite"), "\(onInput)")
        let onDatabase = try sandbox.fractalsim(["run", file, "--quiet", "--db", "s.sqlite", "--json", "r.sqlite"])
        #expect(onDatabase.status == 2 && onDatabase.stderr.contains("is a results database"), "\(onDatabase)")
    }

    @Test func sweepAndBoundsWriteJSONAndJUnit() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let sweep = try sandbox.fractalsim(["sweep", try sandbox.write("s.yaml", sweepFile), "--quiet", "--db", "s.sqlite", "--json", "s.json"])
        #expect(sweep.status == 0, "\(sweep)")
        let doc = try object(sandbox.path("s.json"))
        #expect(doc["results_digest"] as? String == sweep.field("Results digest") && doc["runs_total"] as? Int == 8)
        let points = try #require(doc["points"] as? [[String: Any]])
        #expect(points.count == 4 && points.allSatisfy { ($0["runs"] as? Int) == 2 && ($0["figures"] as? [Any])?.isEmpty == false })
        #expect(points.map { $0["values"] as? [String: String] ?? [:] }.last == ["tree.width": "3", "tree.depth": "2"])

        let bounds = try sandbox.write("b.yaml", boundsBase + "bounds:\n  tree.depth: [1, 2, 3]\n  replicates: 1\n")
        let pass = try sandbox.fractalsim(["bounds", bounds, "--quiet", "--db", "b.sqlite", "--min-r2", "0", "--slack", "100",
                                           "--json", "pass.json", "--junit", "pass.xml"])
        #expect(pass.status == 0, "\(pass)")
        // R² of exactly 1 on noisy means: both checks fail (the runs are reused from b.sqlite).
        let fail = try sandbox.fractalsim(["bounds", bounds, "--quiet", "--db", "b.sqlite", "--min-r2", "1", "--junit", "fail.xml", "--json", "fail.json"])
        #expect(fail.status == 1, "\(fail)")
        #expect(try object(sandbox.path("pass.json"))["verdict"] as? String == "pass")
        let failed = try object(sandbox.path("fail.json"))
        let checks = try #require(failed["checks"] as? [[String: Any]])
        #expect(failed["verdict"] as? String == "fail" && checks.map { $0["figure"] as? String } == ["finality.global.p50", "finality.global.p99"])
        #expect(checks.allSatisfy { ($0["fits"] as? [[String: Any]])?.map { $0["model"] as? String } == ["log N", "√N", "N"] })

        for (name, verdict) in [("pass.xml", "passed"), ("fail.xml", "failed")] {
            let read = try #require(python(junitReader, [sandbox.path(name)]), "python3 is needed to read the JUnit file")
            let lines = read.output.split(separator: "\n").map(String.init)
            #expect(read.status == 0 && lines.count == 3, "\(read.output)")
            print("JUnit \(name) read with \(lines.first ?? "?")")
            for (k, figure) in ["finality.global.p50", "finality.global.p99"].enumerated() where lines.count == 3 {
                #expect(lines[k + 1].hasPrefix("\(figure) grows as O(log N)|\(verdict)"), "\(read.output)")
                if verdict == "failed" { #expect(lines[k + 1].contains("R²"), "the failure names the reason: \(read.output)") }
            }
        }
    }

    @Test func exportWritesWholeTables() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        #expect(try sandbox.fractalsim(["run", try sandbox.write("tiny.yaml", tinyScenario), "--quiet", "--db", "r.sqlite"]).status == 0)
        let csv = try sandbox.fractalsim(["export", "r.sqlite"])
        #expect(csv.status == 0 && csv.stdout.contains("to r-csv"), "\(csv)")
        let summaryRows = try ResultsDatabase.readSummary(path: sandbox.path("r.sqlite")).count
        let lines = try String(contentsOfFile: sandbox.path("r-csv/summary.csv"), encoding: .utf8).split(separator: "\r\n")
        #expect(lines.first == "run_id,position,name,value,text,unit" && lines.count == summaryRows + 1)
        #expect(sandbox.exists("r-csv/run.csv") && sandbox.exists("r-csv/nodes.csv"))

        let json = try sandbox.fractalsim(["export", "r.sqlite", "--format", "json", "--table", "summary", "--table", "run", "--out", "j"])
        #expect(json.status == 0, "\(json)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sandbox.path("j/summary.json")))) as? [[String: Any]])
        #expect(rows.count == summaryRows && rows.first?["name"] as? String == "nodes" && rows.first?["value"] as? Int == 15)
        let written = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("j")).sorted()
        #expect(written == ["run.json", "summary.json"])

        let again = try sandbox.fractalsim(["export", "r.sqlite", "--format", "json", "--table", "summary", "--out", "j"])
        #expect(again.status == 2 && again.stderr.contains("j/summary.json already exists; add --force"), "\(again)")
        let unknown = try sandbox.fractalsim(["export", "r.sqlite", "--table", "nope"])
        #expect(unknown.status == 2 && unknown.stderr.contains("--table nope: no such table"), "\(unknown)")

        let parquet = try sandbox.fractalsim(["export", "r.sqlite", "--format", "parquet", "--table", "summary"])
        if python("import pyarrow", [])?.status == 0 {
            #expect(parquet.status == 0, "\(parquet)")
            let read = python("import pyarrow.parquet as pq, sys; t = pq.read_table(sys.argv[1]); print(t.num_rows, t.schema.field('value').type)",
                              [sandbox.path("r-parquet/summary.parquet")])
            #expect(read?.output == "\(summaryRows) double\n", "\(String(describing: read))")
        } else {
            #expect(parquet.status == 2 && parquet.stderr.contains("needs python3 with pyarrow"), "\(parquet)")
        }
    }
}
