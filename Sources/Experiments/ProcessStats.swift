import Foundation

/// Wall clock and memory of this process: measured for reports, never fed into the model.
public enum ProcessStats {
    /// Peak resident set size of this process in bytes (getrusage).
    public static func peakRSSBytes() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_maxrss) * 1024  // Linux reports KiB
    }

    /// Monotonic seconds, for durations.
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The current wall-clock time in ISO-8601 (informational column only).
    public static func isoNow() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
