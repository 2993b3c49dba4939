// swift-tools-version:6.0
// The benchmarks, a package of their own so that the library's users build none of it:
// `cd Benchmarks && swift run -c release exactnet-bench [numbers|engine]`.
import PackageDescription

let package = Package(
    name: "ExactNetBenchmarks",
    dependencies: [
        .package(name: "ExactNet", path: "..")
    ],
    targets: [
        // Raw C GMP, timed in C: the peer of the Rational benchmarks.
        .target(
            name: "GMPBaseline",
            linkerSettings: [.linkedLibrary("gmp")]
        ),
        // The exact engine's limit: the same MLP trained in C with dyadic values over raw GMP.
        .target(
            name: "DyadicLimit",
            linkerSettings: [.linkedLibrary("gmp")]
        ),
        .executableTarget(
            name: "exactnet-bench",
            dependencies: [
                .product(name: "ExactNet", package: "ExactNet"),
                .product(name: "ExactArithmetic", package: "ExactNet"),
                "GMPBaseline", "DyadicLimit",
            ]
        ),
    ]
)
