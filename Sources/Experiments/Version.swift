/// The program version stored with every run; results are reproducible only within a version.
public enum ProgramVersion {
    /// Semantic version of FractalSim (part of every sweep's identity).
    public static let current = "0.3.0"
    /// The git commit this binary was built from (40 hex digits); nil when built outside a git checkout.
    public static let commit: String? = GitRevision.commit
    /// Whether the checkout's sources differed from `commit` at build time; nil outside a checkout.
    public static let dirty: Bool? = GitRevision.dirty

    /// `0.2.0 (git 0fbfaeb1c2d3, dirty)`, or `0.2.0 (not built from a git checkout)`: what `--version` prints.
    public static var description: String {
        guard let commit else { return "\(current) (not built from a git checkout)" }
        return "\(current) (git \(commit.prefix(12))\(dirty == true ? ", dirty" : ""))"
    }
}
