import Foundation

/// Transparent huge pages for the simulating commands (issue 9).
///
/// Large runs are bound by memory latency: every event touches a few per-node arrays at random
/// (797,161 nodes: about 1 GB). With 4 KB pages nearly every such access also misses the TLB;
/// with 2 MB pages the TLB covers the arrays. glibc's malloc asks the kernel for huge pages when
/// the tunable `glibc.malloc.hugetlb=1` is set, and reads tunables only at start-up, so `run`,
/// `sweep`, `bounds` and `bench` re-execute themselves once with it added (the same process id,
/// arguments and environment otherwise). Measured at 797,161 nodes: ≈10 % less CPU time, ≈30 % more
/// resident memory (BENCHMARKS.md). Results do not depend on it. `FRACTALSIM_HUGEPAGES=0` turns it off.
enum HugePages {
    static let commands: Set<String> = ["run", "sweep", "bounds", "bench"]

    /// Re-executes this program with the tunable set, when useful; returns if not (or if exec fails).
    static func reexecIfUseful() {
        #if os(Linux)
        let env = ProcessInfo.processInfo.environment
        guard env["FRACTALSIM_HUGEPAGES"] == nil else { return }
        let args = CommandLine.arguments
        guard args.count > 1, commands.contains(args[1]) else { return }
        // `[never]` (or no THP at all): nothing to gain.
        guard let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8),
              !mode.contains("[never]") else { return }
        setenv("FRACTALSIM_HUGEPAGES", "1", 1)
        let tunables = env["GLIBC_TUNABLES"].map { $0 + ":" } ?? ""
        setenv("GLIBC_TUNABLES", tunables + "glibc.malloc.hugetlb=1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}
