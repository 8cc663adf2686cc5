import SimCore

/// Protocol invariants checked on every run (issue 10, docs/model.md §4): a violation is counted,
/// its first occurrences described, and the run fails.
public struct InvariantReport: Sendable, Equatable {
    /// Checks made.
    public var checks: Int64 = 0
    /// Violations found.
    public var violations: Int64 = 0
    /// The first violations, described (at most 10).
    public var examples: [String] = []
    /// No violation.
    public var hold: Bool { violations == 0 }
    /// Empty.
    public init() {}

    /// Records one check; `ok` false is a violation described by `what`.
    @inline(__always)
    mutating func check(_ ok: Bool, _ what: @autoclosure () -> String) {
        checks += 1
        if !ok {
            violations += 1
            if examples.count < 10 { examples.append(what()) }
        }
    }
}
