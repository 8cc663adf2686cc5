import Foundation

/// A child process run to completion with its stdout captured and its own peak RSS measured
/// (`wait4`), so that each benchmark size is measured alone, database included.
public struct MeasuredProcess: Sendable {
    /// Exit status (−1 when killed by a signal).
    public var status: Int32
    /// Everything the child wrote to stdout.
    public var stdout: String
    /// Wall seconds from spawn to exit.
    public var wallSeconds: Double
    /// The child's peak resident set size in bytes.
    public var peakRSSBytes: Int64

    /// Runs `executable` with `arguments` (stderr and stdin inherited); throws when it cannot start.
    public static func run(_ executable: String, _ arguments: [String]) throws -> MeasuredProcess {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw MeasuredProcessError(message: "pipe failed: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let t0 = ProcessStats.monotonicSeconds()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw MeasuredProcessError(message: "cannot start \(executable): error \(spawned)")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 { data.append(contentsOf: buffer[0..<n]) } else if n == 0 || errno != EINTR { break }
        }
        close(fds[0])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = ProcessStats.monotonicSeconds() - t0
        let exited = status & 0x7f == 0
        return MeasuredProcess(status: exited ? (status >> 8) & 0xff : -1,
                               stdout: String(decoding: data, as: UTF8.self), wallSeconds: wall,
                               peakRSSBytes: Int64(usage.ru_maxrss) * 1024)
    }
}

/// A child process that could not be started.
public struct MeasuredProcessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
