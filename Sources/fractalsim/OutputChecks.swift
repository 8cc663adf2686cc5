import Foundation
import Metrics

/// The output checks of `run`, `sweep`, `bounds` and `merge`, made before any simulation:
/// an unusable or protected path is exit 2 with one line (README "Where results go").
enum OutputChecks {
    /// Runs `check`; its `OutputPathError` becomes exit 2 with `error: …`. Then removes the partial
    /// files that killed processes left beside `path`, saying so on stderr.
    static func guarded<T>(_ path: String, _ check: () throws -> T) throws -> T {
        let value: T
        do {
            value = try check()
        } catch let error as OutputPathError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        }
        for name in PartialFiles.removeStale(near: path) {
            FileHandle.standardError.write(Data("note: removed \(name), left by a process that no longer exists\n".utf8))
        }
        return value
    }

    /// A plain output file (`--json`, `--junit`, `--svg`): writable, not an input, not a results
    /// database (those are replaced only by the commands that own them). An existing file of the
    /// same kind is replaced.
    static func checkReport(_ path: String?, option: String, inputs: [String], database: String) throws {
        guard let path else { return }
        do {
            try OutputFiles.checkWritable(path, option: option)
            try OutputFiles.checkNotInput(path, inputs: inputs, option: option)
            if OutputFiles.sameFile(path, database) {
                throw OutputPathError("\(option) \(path) is the results database of this command; choose another \(option)")
            }
            switch OutputFiles.inspect(path) {
            case .runDatabase, .sweepDatabase:
                throw OutputPathError("\(option) \(path) is a results database; it is never replaced by a report; choose another \(option)")
            default: break
            }
        } catch let error as OutputPathError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        }
    }

    /// Writes a report file (`--json`, `--junit`) atomically; a failure is exit 2 naming the file.
    static func write(_ path: String?, option: String, _ contents: () throws -> Data) throws {
        guard let path else { return }
        do {
            try contents().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot write \(option) \(path): \((error as NSError).localizedDescription)")
        }
    }
}
