import Foundation
import Testing

/// `fractalsim bench --quick`: the output format, and the hold workload's checksum equal to the
/// C++ reference program's (../shared/peers/hold.cpp prints, for k = 4: events=57838
/// checksum=28798 wchecksum=561540).
@Suite struct BenchCLITests {
    /// `key=value` fields of the first stdout line that starts with `label`.
    static func fields(_ out: CLI.Output, _ label: String) -> [[String: String]] {
        out.stdout.split(separator: "\n").filter { $0.hasPrefix(label + " ") }.map { line in
            var d: [String: String] = [:]
            for word in line.split(separator: " ") {
                let kv = word.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { d[String(kv[0])] = String(kv[1]) }
            }
            return d
        }
    }

    @Test func quickBenchPrintsEveryFigureAndThePeersChecksum() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let scenario = CLI.packageRoot.appendingPathComponent("scenarios/baseline.yaml").path
        let out = try sandbox.fractalsim(["bench", "--quick", "--scenario", scenario, "--workdir", sandbox.path("w")],
                                         timeout: 300)
        #expect(out.status == 0, "\(out)")
        let machine = try #require(Self.fields(out, "machine").first, "\(out)")
        #expect(machine["cores"] != nil && machine["memory_gib"] != nil && machine["date"] != nil, "\(out)")
        let hold = try #require(Self.fields(out, "hold").first, "\(out)")
        #expect(hold["k"] == "4" && hold["nodes"] == "121", "\(out)")
        #expect(hold["events"] == "57838" && hold["checksum"] == "28798" && hold["wchecksum"] == "561540", "\(out)")
        for key in ["loop_s", "loop_eps", "peak_rss_mb", "bytes_per_validium"] {
            #expect(Double(hold[key] ?? "") != nil, "\(key)\n\(out)")
        }
        let runs = Self.fields(out, "scenario")
        #expect(runs.map { $0["depth"] } == ["3", "4"], "\(out)")
        #expect(runs.map { $0["nodes"] } == ["40", "121"], "\(out)")
        for r in runs {
            #expect(r["exit"] == "0" && r["duration"] == "10m", "\(out)")
            #expect((Int(r["events"] ?? "") ?? 0) > 1_000, "\(out)")
            #expect((Double(r["events_per_s"] ?? "") ?? 0) > 0 && (Double(r["process_s"] ?? "") ?? 0) > 0, "\(out)")
            #expect((Int(r["bytes_per_validium"] ?? "") ?? 0) > 0, "\(out)")
            #expect(r["digest"]?.count == 32, "\(out)")
        }
        #expect(sandbox.contents().filter { $0 != "w" }.isEmpty, "bench left \(sandbox.contents())")
    }

    @Test func badSizesAreBadInput() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["bench", "--sizes", "7,x"])
        #expect(out.status == 2, "\(out)")
        #expect(out.stderr.contains("--sizes"), "\(out)")
    }
}
