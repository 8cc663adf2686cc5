/// The program version stored with every run; results are reproducible only within a version.
public enum ProgramVersion {
    /// Semantic version of FractalSim.
    public static let current = "0.1.0"
}
