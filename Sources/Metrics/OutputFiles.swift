import Foundation
import GRDB

/// Why an output path cannot be used; `description` is one plain-language line for the user.
public struct OutputPathError: Error, Equatable, CustomStringConvertible {
    /// The message, without the leading `error: `.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// What a path holds, as far as replacing it is concerned.
public enum ExistingOutput: Equatable, Sendable {
    /// Nothing: the path does not exist.
    case nothing
    /// An empty file (nothing to lose by replacing it).
    case emptyFile
    /// A directory.
    case directory
    /// A results database of `run` (no `sweep_info`): its first run's name and seed.
    case runDatabase(name: String, seed: String)
    /// A sweep (or bounds) database.
    case sweepDatabase(SweepInfo)
    /// Any other file: not SQLite, or SQLite without a `run` table.
    case otherFile
}

/// Checks of output paths made before any simulation: the path can be created and written, it is
/// not one of the inputs, and what it holds may be replaced. See README "Where results go".
public enum OutputFiles {
    /// What `path` holds now.
    public static func inspect(_ path: String) -> ExistingOutput {
        var st = stat()
        guard stat(path, &st) == 0 else { return .nothing }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .directory }
        if st.st_size == 0 { return .emptyFile }
        guard isSQLite(path) else { return .otherFile }
        // Read-only first; a database left with a hot journal (a killed sweep) needs a read-write
        // open, which rolls the journal back as any later open would.
        for readonly in [true, false] {
            var config = Configuration()
            config.readonly = readonly
            if let found = try? classify(path, config) { return found }
        }
        return .otherFile
    }

    /// Whether the file starts with SQLite's header, "SQLite format 3\0".
    static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// What an existing SQLite file holds.
    static func classify(_ path: String, _ config: Configuration) throws -> ExistingOutput {
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.inDatabase { db -> ExistingOutput in
            if let info = try SweepDatabase.readInfo(db) { return .sweepDatabase(info) }
            guard try db.tableExists("run") else { return .otherFile }
            let row = try Row.fetchOne(db, sql: "SELECT name, CAST(seed AS TEXT) AS seed FROM run ORDER BY id LIMIT 1")
            return .runDatabase(name: row?["name"] ?? "?", seed: row?["seed"] ?? "?")
        }
    }

    /// Throws unless a file can be created at `path`: the nearest existing ancestor is a directory
    /// in which this process can create files (tried with a probe file, removed at once), and `path`
    /// itself is not a directory. Creates nothing that stays.
    public static func checkWritable(_ path: String, option: String = "--db") throws {
        guard !path.isEmpty else { throw OutputPathError("\(option): an empty path; give a file name") }
        if path.hasSuffix("/") || inspect(path) == .directory {
            throw OutputPathError("\(option) \(path) is a directory; give a file name inside it")
        }
        var ancestor = parent(path)
        while true {
            var st = stat()
            if stat(ancestor, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else {
                    throw OutputPathError("cannot write \(path): \(ancestor) is a file, not a directory; choose another \(option)")
                }
                break
            }
            if errno != ENOENT {
                throw OutputPathError("cannot write \(path): \(ancestor): \(String(cString: strerror(errno))); choose another \(option)")
            }
            ancestor = parent(ancestor)
        }
        let probe = (ancestor as NSString).appendingPathComponent(".fractalsim-probe-\(getpid())")
        let fd = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else {
            let e = errno
            let why = e == EACCES || e == EPERM ? "no permission to create files in \(ancestor)"
                : e == EROFS ? "\(ancestor) is on a read-only file system"
                : "cannot create files in \(ancestor) (\(String(cString: strerror(e))))"
            throw OutputPathError("cannot write \(path): \(why); choose another \(option)")
        }
        close(fd)
        unlink(probe)
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            throw OutputPathError("cannot write \(path): the file is read-only; choose another \(option)")
        }
    }

    /// The directory part of `path`: `.` for a bare name, `/` at the root.
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Whether `a` and `b` name the same file (same device and inode, or the same normalized path).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        let norm = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        return norm(a) == norm(b)
    }

    /// Throws when `path` is one of `inputs` (what `what` calls them).
    public static func checkNotInput(_ path: String, inputs: [String], option: String = "--db") throws {
        for input in inputs where sameFile(path, input) {
            throw OutputPathError("\(option) \(path) is also an input (\(input)); it is never overwritten; choose another \(option)")
        }
    }

    /// A short digest (6 hex digits) of `--set` overrides in command-line order, for default database names.
    public static func overridesDigest(_ overrides: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325     // FNV-1a, 64 bits: stable across runs and machines
        for byte in overrides.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(String(hash, radix: 16).suffix(6)).leftPadded(to: 6)
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
