import Foundation
import SimCore
import ValidiumModel

/// Why a run or a sweep stopped before its end.
public enum RunStop: Error, Sendable, Equatable, CustomStringConvertible {
    /// A signal (SIGINT: Ctrl-C, SIGTERM) asked to stop.
    case interrupted(signal: Int32)
    /// A run processed more than `--max-events` events.
    case eventLimit(limit: UInt64, events: UInt64)
    /// The process's peak resident memory passed `--max-memory`.
    case memoryLimit(limit: Int64, peakRSS: Int64)

    /// What happened, for the user.
    public var description: String {
        switch self {
        case .interrupted(let signal): return "interrupted (\(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"))"
        case .eventLimit(let limit, let events):
            return "limit reached: --max-events \(limit) (the run had processed \(events) events)"
        case .memoryLimit(let limit, let rss):
            return "limit reached: --max-memory \(ResourceLimits.format(limit)) (peak resident memory \(ResourceLimits.format(rss)))"
        }
    }

    /// The exit code: 128 + the signal when interrupted (130 for Ctrl-C), 2 for a limit.
    public var exitCode: Int32 {
        if case .interrupted(let signal) = self { return 128 + signal }
        return 2
    }
}

/// `--max-events` and `--max-memory`, checked between slices of a run.
public struct ResourceLimits: Sendable, Equatable {
    /// The most events one run may process (nil: no limit).
    public var maxEvents: UInt64?
    /// The most peak resident memory of the process, in bytes (nil: no limit).
    public var maxMemoryBytes: Int64?

    /// Limits; nil means none.
    public init(maxEvents: UInt64? = nil, maxMemoryBytes: Int64? = nil) {
        self.maxEvents = maxEvents
        self.maxMemoryBytes = maxMemoryBytes
    }

    /// Parses a memory size: `512MB`, `2GB`, `1.5GiB`, `800M`, `4G` (SI by default, `i` for binary), or bytes.
    public static func parseMemory(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number > 0, number.isFinite else { return nil }
        let units: [String: Double] = ["": 1, "B": 1, "K": 1e3, "KB": 1e3, "M": 1e6, "MB": 1e6, "G": 1e9, "GB": 1e9,
                                       "T": 1e12, "TB": 1e12, "KiB": 1024, "MiB": 1_048_576, "GiB": 1_073_741_824, "TiB": 1_099_511_627_776]
        guard let factor = units[String(t.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)] else { return nil }
        let bytes = number * factor
        return bytes >= 1 && bytes < 9e18 ? Int64(bytes) : nil
    }

    /// `1.50 GB`, `512 MB`.
    public static func format(_ bytes: Int64) -> String {
        bytes >= 1_000_000_000 ? String(format: "%.2f GB", Double(bytes) / 1e9) : String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}

/// The stop switch and limits of one `run` or `sweep`, shared by the threads that simulate, the
/// one that writes and a signal handler. A run checks it between slices of events; whoever asks to
/// stop first gives the reason.
public final class RunGuard: @unchecked Sendable {
    /// The limits checked between slices.
    public let limits: ResourceLimits
    private let lock = NSLock()
    private var reason: RunStop?
    private var writing: String?

    /// A guard with `limits`.
    public init(limits: ResourceLimits = ResourceLimits()) { self.limits = limits }

    /// Why the work must stop, once someone asked.
    public var stopReason: RunStop? { lock.withLock { reason } }

    /// Asks every run to stop at its next slice (the first reason given is kept).
    public func requestStop(_ stop: RunStop) { lock.withLock { if reason == nil { reason = stop } } }

    /// Events per slice: at most 250,000, and small enough that `--max-events` is noticed exactly.
    public var sliceEvents: Int {
        guard let max = limits.maxEvents else { return 250_000 }
        return Int(min(250_000, max &+ 1))
    }

    /// Checks the limits after a slice of a run that has processed `events`; returns the reason to stop, if any.
    public func check(events: UInt64) -> RunStop? {
        if let max = limits.maxEvents, events > max { requestStop(.eventLimit(limit: max, events: events)) }
        if let max = limits.maxMemoryBytes {
            let rss = ProcessStats.peakRSSBytes()
            if rss > max { requestStop(.memoryLimit(limit: max, peakRSS: rss)) }
        }
        return stopReason
    }

    /// Marks the start of writing the temporary database `partial`; false (nothing to write) when stopping.
    public func beginWrite(partial: String) -> Bool {
        lock.withLock {
            guard reason == nil else { return false }
            writing = partial
            return true
        }
    }

    /// Marks the end of the write (renamed or removed).
    public func endWrite() { lock.withLock { writing = nil } }

    /// For a signal handler: the temporary database being written now, if any (remove it, then exit);
    /// otherwise records `stop` so that the run stops at its next slice, and returns nil.
    public func interrupt(_ stop: RunStop) -> String? {
        lock.withLock {
            if let writing { return writing }
            if reason == nil { reason = stop }
            return nil
        }
    }
}

extension RunGuard {
    /// Runs `world` in slices until its end, or until this guard says stop (then throws the reason);
    /// the partial results of a stopped run are thrown away.
    func run(_ world: World, progress: ((SimTime, UInt64) -> Void)?) throws -> RunResults {
        var stop: RunStop? = check(events: 0)
        if let stop { throw stop }
        let results = world.run(slice: sliceEvents, while: { now, events in
            progress?(now, events)
            stop = check(events: events)
            return stop == nil
        })
        if let stop { throw stop }
        guard let results else { throw RunStop.interrupted(signal: SIGINT) }   // unreachable: nil only after a stop
        return results
    }
}
