import Foundation
import ScenarioFuzz
import Scenarios
import Testing

/// `fractalsim schema` and scenarios/scenario.schema.json: committed = generated; every bundled
/// scenario is valid under a standard validator (Python jsonschema); what the loader refuses for a
/// misspelt key or a wrong type, the schema refuses too.
@Suite struct SchemaCLITests {
    static let schemaFile = CLI.packageRoot.appendingPathComponent("scenarios/scenario.schema.json")
    static let checker = CLI.packageRoot.appendingPathComponent("scripts/check-schema.py")

    /// Whether `python3` with jsonschema and PyYAML runs (scripts/install-deps.sh --test-tools installs them).
    static let pythonReady: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema, yaml"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
    static let skipped: Comment = "needs python3 with jsonschema and PyYAML (scripts/install-deps.sh --test-tools installs them)"

    /// `check-schema.py` on `files`: the file → its verdict line.
    static func check(_ files: [String]) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", checker.path, schemaFile.path] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var out: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let rest = String(parts[1])
            let file = files.first { rest == $0 || rest.hasPrefix($0 + ": ") } ?? rest
            out[file] = String(line)
        }
        return out
    }

    static var bundledFiles: [String] {
        let root = CLI.packageRoot.appendingPathComponent("scenarios")
        let names = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { root.appendingPathComponent($0).path }
    }

    @Test func theCommittedSchemaIsTheGeneratedOne() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["schema"])
        #expect(out.status == 0, "\(out)")
        let committed = try String(contentsOf: Self.schemaFile, encoding: .utf8)
        #expect(out.stdout == committed, "scenarios/scenario.schema.json is stale: fractalsim schema > scenarios/scenario.schema.json")
    }

    @Test func bundledScenariosPointEditorsAtTheSchema() throws {
        for file in Self.bundledFiles {
            let first = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first.map(String.init)
            let relative = file.contains("/scenarios/") && file.split(separator: "/").suffix(2).first == "scenarios"
                ? "scenario.schema.json" : "../scenario.schema.json"
            #expect(first == "# yaml-language-server: $schema=\(relative)", "\(file)")
        }
    }

    @Test(.enabled(if: pythonReady, skipped))
    func everyBundledScenarioIsValid() throws {
        let files = Self.bundledFiles
        let verdicts = try Self.check(files)
        #expect(files.count >= 30)
        for file in files { #expect(verdicts[file]?.hasPrefix("ok ") == true, "\(verdicts[file] ?? "no verdict for \(file)")") }
    }

    /// Fuzz cases with a misspelt key or a wrong type: the loader refuses every one (exit 2), so must the
    /// schema (a case that is not YAML to PyYAML either, `unreadable`, counts as refused).
    @Test(.enabled(if: pythonReady, skipped))
    func theSchemaRefusesWhatTheLoaderRefuses() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let bases = ScenarioMutator.bundledBases(in: CLI.packageRoot.appendingPathComponent("scenarios"),
                                                 merged: ScenarioLoader.mergedText)
        var mutator = ScenarioMutator(bases: bases, seed: 20)
        var files: [String] = []
        while files.count < 120 {
            let c = mutator.next()
            guard ["unknown_key", "wrong_type"].contains(c.category) else { continue }
            files.append(try sandbox.write(c.name, c.data))
        }
        let loader = try sandbox.fractalsim(["validate"] + files)
        #expect(loader.status == 2 && loader.stdout.isEmpty, "\(loader)")
        let verdicts = try Self.check(files)
        for file in files {
            #expect(verdicts[file].map { !$0.hasPrefix("ok ") } == true, "the schema accepts \(file): \(verdicts[file] ?? "no verdict")")
        }
    }

    /// What an editor shows: a misspelt key, refused by both with the key named.
    @Test(.enabled(if: pythonReady, skipped))
    func aMisspeltKeyIsRefusedByBoth() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = try sandbox.write("typo.yaml", tinyScenario.replacingOccurrences(of: "  every: 15s", with: "  evry: 15s"))
        let loader = try sandbox.fractalsim(["validate", file])
        #expect(loader.status == 2 && loader.stderr.contains("update.evry: unknown key; did you mean update.every?"), "\(loader)")
        let verdict = try Self.check([file])[file] ?? ""
        #expect(verdict.hasPrefix("invalid ") && verdict.contains("update") && verdict.contains("'evry' was unexpected"), "\(verdict)")
    }
}
