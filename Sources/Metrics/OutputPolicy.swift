import Foundation

/// Which existing files each command may replace (README "Where results go"). Every check runs
/// before any simulation and throws an `OutputPathError` with one line naming the path and the fix.
public enum OutputPolicy {
    /// `run --db PATH`: a new file, an empty file, or (with `force`) a results database of a run.
    /// Never a sweep or bounds database, a file that is not a results database, or an input.
    /// Returns what will be replaced (`.nothing` when the path is new).
    @discardableResult
    public static func checkRunOutput(_ path: String, inputs: [String], force: Bool) throws -> ExistingOutput {
        try OutputFiles.checkWritable(path)
        try OutputFiles.checkNotInput(path, inputs: inputs)
        let existing = OutputFiles.inspect(path)
        switch existing {
        case .nothing, .emptyFile: break
        case .directory: throw OutputPathError("--db \(path) is a directory; give a file name inside it")
        case .sweepDatabase(let info):
            throw OutputPathError("\(path) is a \(info.block) database (\(info.name), \(info.runs) runs); `run` never replaces "
                                  + "it, even with --force; choose another --db")
        case .otherFile:
            throw OutputPathError("\(path) exists and is not a FractalSim results database; it is never replaced; choose another --db")
        case .runDatabase(let name, let seed):
            if !force {
                throw OutputPathError("\(path) already holds a run (\(name), seed \(seed)); add --force to replace it, or choose another --db")
            }
        }
        return existing
    }

    /// `sweep`/`bounds --db PATH`: a new file, or a sweep database to resume (the sweep writer checks
    /// its identity). Never an input or a file that is not a results database.
    public static func checkSweepOutput(_ path: String, inputs: [String]) throws {
        try OutputFiles.checkWritable(path)
        try OutputFiles.checkNotInput(path, inputs: inputs)
        if OutputFiles.inspect(path) == .otherFile {
            throw OutputPathError("\(path) exists and is not a FractalSim results database; it is never replaced; choose another --db")
        }
    }

    /// `merge --db PATH`: a new file, or a database of the same sweep (identity `identity`), which a
    /// merge replaces (rerunning a merge after more shards completed); another sweep only with
    /// `force`. Never an input, a run database or another file.
    public static func checkMergeOutput(_ path: String, inputs: [String], identity: String?, force: Bool) throws {
        try OutputFiles.checkWritable(path)
        try OutputFiles.checkNotInput(path, inputs: inputs)
        switch OutputFiles.inspect(path) {
        case .nothing, .emptyFile: break
        case .directory: throw OutputPathError("--db \(path) is a directory; give a file name inside it")
        case .runDatabase(let name, _):
            throw OutputPathError("\(path) holds a run of \(name), not a sweep; `merge` never replaces it; choose another --db")
        case .otherFile:
            throw OutputPathError("\(path) exists and is not a FractalSim results database; it is never replaced; choose another --db")
        case .sweepDatabase(let info):
            if let identity, info.identity != identity, !force {
                throw OutputPathError("\(path) holds another sweep (\(info.name), identity \(info.identity.prefix(12))); "
                                      + "add --force to replace it, or choose another --db")
            }
        }
    }
}

/// Temporary databases (`DB.partial-HOST-PID` and their journals) left by processes that were killed.
public enum PartialFiles {
    /// This machine's name as it appears in partial file names (letters, digits, `.`, `-`, `_`).
    public static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        return safe.isEmpty ? "localhost" : safe
    }()

    /// The temporary file of `path` for this process: `path.partial-HOST-PID`. The host keeps
    /// processes of other machines sharing a file system (a cluster) from being taken for dead.
    public static func path(for path: String) -> String { path + ".partial-\(host)-\(getpid())" }

    /// The owner (host, nil for the older `…partial-PID` form; pid) of a partial file name, journals included.
    static func owner(_ name: String) -> (host: String?, pid: Int32)? {
        guard let range = name.range(of: ".partial-", options: .backwards) else { return nil }
        var tail = String(name[range.upperBound...])
        for suffix in ["-journal", "-wal", "-shm"] where tail.hasSuffix(suffix) { tail.removeLast(suffix.count) }
        let parts = tail.split(separator: "-", omittingEmptySubsequences: false)
        guard let last = parts.last, let pid = Int32(last), pid > 0 else { return nil }
        return (parts.count > 1 ? parts.dropLast().joined(separator: "-") : nil, pid)
    }

    /// Whether process `pid` exists on this machine.
    static func alive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

    /// Removes, in the directory that will hold `path`, the partial files (and journals) of
    /// processes of this machine that no longer exist; returns the names removed.
    @discardableResult
    public static func removeStale(near path: String) -> [String] {
        let dir = (path as NSString).deletingLastPathComponent
        let directory = dir.isEmpty ? "." : dir
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names.sorted() {
            guard let owner = owner(name), owner.host == nil || owner.host == host,
                  owner.pid != getpid(), !alive(owner.pid) else { continue }
            let full = (directory as NSString).appendingPathComponent(name)
            if unlink(full) == 0 { removed.append(dir.isEmpty ? name : full) }
        }
        return removed
    }
}
