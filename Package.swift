// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ExactNet",
    products: [
        .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
        .library(name: "CertifiedArithmetic", targets: ["CertifiedArithmetic"]),
        .library(name: "ExactNet", targets: ["ExactNet"]),
        .executable(name: "exactnet", targets: ["exactnet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // SHA-256 for sealed answer keys (`exactnet run --format sealed`).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // `swift package generate-documentation` for the DocC catalogs; a plugin only, nothing is linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            path: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),
        // Arb (midpoint-radius balls with proven enclosures of exp, log, tanh, …); Debian has no
        // pkg-config file for it, so the module map names the libraries.
        .systemLibrary(
            name: "CArb",
            path: "CArb",
            providers: [.apt(["libflint-arb-dev"]), .brew(["flint"])]
        ),
        .target(
            name: "CertifiedArithmetic",
            dependencies: ["ExactArithmetic", "CArb", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "ExactArithmetic",
            dependencies: ["CGMP", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "ExactNet",
            dependencies: [
                "ExactArithmetic", "CertifiedArithmetic", .product(name: "RealModule", package: "swift-numerics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "exactnet",
            dependencies: ["ExactNet", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // The Swift runtime linked in (C libraries stay shared): a release process starts in
            // about 7 ms instead of 11, a sixth of a small certified key (Benchmarks/README.md).
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(configuration: .release)),
                // What swift-crypto's Foundation needs when linked statically.
                .linkedLibrary("_FoundationCollections", .when(configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "exactnet-fuzz",
            dependencies: ["ExactNet", "ExactArithmetic"],
            path: "Tools/Fuzz",
            exclude: ["Corpus", "exnet.dict"]
        ),
        .executableTarget(
            name: "exactnet-leakcheck",
            dependencies: ["ExactNet", "ExactArithmetic", "CertifiedArithmetic"],
            path: "Tools/LeakCheck"
        ),
        .testTarget(
            name: "ExactArithmeticTests",
            dependencies: [
                "ExactArithmetic", "CertifiedArithmetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "ExactNetTests",
            dependencies: ["ExactNet", "exactnet", "exactnet-leakcheck", "exactnet-fuzz"],
            exclude: ["Golden"]  // read from the source tree (re-recorded in place), not bundled
        ),
    ]
)
