// fractalsim-fuzz: generates broken scenario files from the bundled ones and checks that every one
// is refused with exit 2 and a located message, in this process (the loader `validate` and `run`
// use) and through the `fractalsim` binary (`validate` in batches, `run` on a sample), within time
// and memory bounds. `make fuzz` runs it; see README "Guarantees".
//
//   fractalsim-fuzz [--cases 10000] [--seed 1] [--binary .build/release/fractalsim]
//                   [--scenarios scenarios] [--runs 300] [--keep DIR]
import Experiments
import Foundation
import ScenarioFuzz
import Scenarios

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: fractalsim-fuzz [--cases N] [--seed S] [--binary PATH] [--scenarios DIR] [--runs K] [--keep DIR]\n".utf8))
        exit(2)
    }
    options[String(flag.dropFirst(2))] = value
}
let count = Int(options["cases"] ?? "") ?? 10_000
let seed = UInt64(options["seed"] ?? "") ?? 1
let runSample = Int(options["runs"] ?? "") ?? 300
let binary = URL(fileURLWithPath: options["binary"] ?? ".build/release/fractalsim")
let bases = ScenarioMutator.bundledBases(in: URL(fileURLWithPath: options["scenarios"] ?? "scenarios"),
                                         merged: ScenarioLoader.mergedText)
guard !bases.isEmpty else { print("no scenarios found"); exit(2) }

let fm = FileManager.default
let root = URL(fileURLWithPath: options["keep"] ?? fm.temporaryDirectory.appendingPathComponent("fractalsim-fuzz-\(getpid())").path)
let casesDir = root.appendingPathComponent("cases")
try fm.createDirectory(at: casesDir, withIntermediateDirectories: true)

var mutator = ScenarioMutator(bases: bases, seed: seed)
let t0 = Date()
print("fractalsim-fuzz: \(count) cases from \(bases.count) bundled scenarios, seed \(seed), in \(root.path)")

// 1. In this process, through the loader of `validate` and `run` (a crash leaves the case's path in `current`).
let current = root.appendingPathComponent("current")
let (inProcess, cases) = try FuzzRunner.inProcess(&mutator, count: count, directory: casesDir, current: current) { path in
    do {
        _ = try ScenarioFiles.load(path)
        return nil
    } catch let error as ScenarioError {
        return ErrorParts(file: error.file, line: error.line, column: error.column, keyPath: error.keyPath, message: error.message)
    } catch {
        return ErrorParts(file: "?", line: nil, column: nil, keyPath: nil, message: "unexpected error \(error)")
    }
}
try? fm.removeItem(at: current)
print("in process    \(inProcess)", terminator: "")
print("              peak RSS of this process \(ProcessStats.peakRSSBytes() / 1_000_000) MB; \(String(format: "%.1f", Date().timeIntervalSince(t0))) s")

// 2. Through the binary: `validate` in batches, then `run` on a sample.
var failed = inProcess.failures.count
if fm.isExecutableFile(atPath: binary.path) {
    let t1 = Date()
    let viaValidate = try FuzzRunner.validateThroughBinary(cases, binary: binary, directory: casesDir)
    print("validate      \(viaValidate)", terminator: "")
    print("              \(String(format: "%.1f", Date().timeIntervalSince(t1))) s")
    failed += viaValidate.failures.count
    let t2 = Date()
    let step = max(1, count / max(runSample, 1))
    var runFailures: [(String, [String])] = []
    var runs = 0
    for c in stride(from: 0, to: count, by: step).map({ cases[$0] }).prefix(runSample) {
        runs += 1
        let problems = try FuzzRunner.runThroughBinary(c, cases: casesDir, binary: binary, scratch: root)
        if !problems.isEmpty { runFailures.append((c.name, problems)) }
    }
    print("run           \(runs) cases, \(runs - runFailures.count) exit 2 with a located message and nothing written, \(runFailures.count) failures; \(String(format: "%.1f", Date().timeIntervalSince(t2))) s")
    for (name, problems) in runFailures.prefix(30) { print("  FAIL \(name): \(problems.joined(separator: "; "))") }
    failed += runFailures.count
    print("              peak RSS of any child \(FuzzRunner.childrenPeakRSS() / 1_000_000) MB")
} else {
    print("binary        \(binary.path) not found: only the in-process check ran")
}

if options["keep"] == nil { try? fm.removeItem(at: root) }
print(failed == 0 ? "fuzz: PASS (\(count) cases)" : "fuzz: FAIL (\(failed) failures)")
exit(failed == 0 ? 0 : 1)
