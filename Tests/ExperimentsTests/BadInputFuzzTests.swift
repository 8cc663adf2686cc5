import Experiments
import Foundation
import ScenarioFuzz
import Scenarios
import Testing

/// Issue 10, item 1 in the default suite: 240 broken scenario files (mutations of the
/// bundled ones, every category of `ScenarioMutator`) loaded as `validate` and `run` load them. Each
/// must be refused with a message naming the file, the line and the key. `make fuzz` runs 10,000.
@Suite struct BadInputFuzzTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    @Test func brokenScenarioFilesAreRefusedWithFileLineAndKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let bases = ScenarioMutator.bundledBases(in: Self.scenarios, merged: ScenarioLoader.mergedText)
        #expect(bases.count >= 30)
        for base in bases { _ = try ScenarioLoader.parse(text: base.text, file: base.name) }
        var mutator = ScenarioMutator(bases: bases, seed: 10)
        let (tally, _) = try FuzzRunner.inProcess(&mutator, count: 240, directory: scratch.root) { path in
            do {
                _ = try ScenarioFiles.load(path)
                return nil
            } catch let error as ScenarioError {
                return ErrorParts(file: error.file, line: error.line, column: error.column, keyPath: error.keyPath, message: error.message)
            } catch {
                return ErrorParts(file: "?", line: nil, column: nil, keyPath: nil, message: "\(error)")
            }
        }
        #expect(tally.failures.isEmpty, "\(tally)")
        #expect(tally.total == 240 && tally.cases.count == ScenarioMutator.categories.count, "\(tally)")
        #expect(tally.namedKey * 10 >= tally.withKey * 9, "most errors name the damaged key: \(tally)")
        #expect(tally.slowest.1 < 5, "no case takes long: \(tally)")
    }

    @Test func mutationsAreDeterministic() {
        let bases = ScenarioMutator.bundledBases(in: Self.scenarios, merged: ScenarioLoader.mergedText)
        var a = ScenarioMutator(bases: bases, seed: 3), b = ScenarioMutator(bases: bases, seed: 3)
        for _ in 0..<50 {
            let (x, y) = (a.next(), b.next())
            #expect(x.name == y.name && x.data == y.data)
        }
    }
}
