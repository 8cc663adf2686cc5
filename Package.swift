// swift-tools-version:6.0
import PackageDescription

/// FractalSim: a deterministic discrete-event simulator of the fractal validium tree.
/// Dependencies point down only:
/// fractalsim → Experiments → {Scenarios, Metrics} → ValidiumModel → {SimCore → CPrefetch, Stochastic → CGSL, ProofCore → Crypto}
// Release builds only: dynamic exclusivity checks cost the event loop +35-60 % CPU (baseline d = 8,
// BENCHMARKS.md "Issue 15"); debug builds, which run the tests, keep them on to catch overlapping accesses.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "FractalSim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fractalsim", targets: ["fractalsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // A software-prefetch hint for the event loop (Swift has no intrinsic for it).
        .target(name: "CPrefetch"),
        .target(name: "SimCore", dependencies: ["CPrefetch"], swiftSettings: hotPath),
        .target(name: "Stochastic", dependencies: ["CGSL"]),
        // The real proof core (MODEL.md §9): SHA-256 Merkle commitments and Ed25519 signatures.
        .target(name: "ProofCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "ValidiumModel", dependencies: ["SimCore", "Stochastic", "ProofCore"], swiftSettings: hotPath),
        .target(name: "Scenarios", dependencies: ["ValidiumModel", "Stochastic", .product(name: "Yams", package: "Yams")]),
        .target(name: "Metrics", dependencies: ["ValidiumModel", "Stochastic", .product(name: "GRDB", package: "GRDB.swift"),
                                               .product(name: "GRDBSQLite", package: "GRDB.swift")]),  // C API: trace rows
        // GitRevision: the git commit and dirty flag of the checkout, written before each build (README "Provenance").
        .plugin(name: "GitRevision", capability: .buildTool()),
        // hotPath here for the hold-workload benchmark (HoldWorkload.swift), measured with the flags of the
        // model's hot path: with exclusivity checks its loop ran at ≈ 8 M events/s instead of ≈ 25 M (k = 9).
        .target(name: "Experiments", dependencies: ["Scenarios", "Metrics", "ValidiumModel", "SimCore", "Stochastic"],
                swiftSettings: hotPath, plugins: ["GitRevision"]),
        .executableTarget(
            name: "fractalsim",
            dependencies: ["Experiments", "ProofCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Broken scenario files for the bad-input tests, and `make fuzz` (fractalsim-fuzz).
        .target(name: "ScenarioFuzz", dependencies: ["Stochastic"]),
        .executableTarget(name: "fractalsim-fuzz", dependencies: ["ScenarioFuzz", "Experiments", "Scenarios"]),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "StochasticTests", dependencies: ["Stochastic"]),
        .testTarget(name: "ProofCoreTests", dependencies: ["ProofCore"]),
        .testTarget(name: "ValidiumModelTests", dependencies: ["ValidiumModel", "Stochastic"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "ScenarioFuzz", "Stochastic",
                                                          .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "ValidiumModel"]),
        .testTarget(name: "CLITests", dependencies: ["fractalsim", "Metrics", "ScenarioFuzz", "Stochastic", "Scenarios"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Scenarios", "Metrics", "ScenarioFuzz", "Stochastic",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
