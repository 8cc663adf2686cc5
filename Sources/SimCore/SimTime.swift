/// Simulated time: an integer count of microseconds since the start of the run (docs/model.md §1).
public typealias SimTime = Int64

/// Conversions between simulated microseconds and human units.
public enum Time {
    /// Microseconds per second.
    public static let second: SimTime = 1_000_000
    /// Microseconds per millisecond.
    public static let millisecond: SimTime = 1_000
    /// Microseconds per minute.
    public static let minute: SimTime = 60_000_000
    /// Microseconds per hour.
    public static let hour: SimTime = 3_600_000_000

    /// Seconds (as a Double) for a simulated time in microseconds.
    @inlinable public static func seconds(_ t: SimTime) -> Double { Double(t) / 1e6 }

    /// Rounds a duration in microseconds given as a Double to the nearest microsecond (docs/model.md §3.1 rule 13).
    @inlinable public static func micros(_ x: Double) -> SimTime { SimTime(x.rounded()) }

    /// A short human rendering: `1.250s`, `12m 3.000s`, `2h 0m 0.000s`.
    public static func format(_ t: SimTime) -> String {
        let negative = t < 0
        var us = negative ? -t : t
        let h = us / hour; us -= h * hour
        let m = us / minute; us -= m * minute
        let s = Double(us) / 1e6
        let sec = String(format: "%.3fs", s)
        let body: String
        if h > 0 { body = "\(h)h \(m)m \(sec)" } else if m > 0 { body = "\(m)m \(sec)" } else { body = sec }
        return negative ? "-" + body : body
    }
}

import Foundation
