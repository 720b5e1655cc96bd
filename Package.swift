// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hdnd",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hdnd", targets: ["hdnd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Everything the system does lives in the HDND library so tests can load it.
        .target(
            name: "HDND",
            dependencies: [
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "CSQLiteSettings",
            ],
            resources: [.copy("Resources")]
        ),
        // One setting of SQLite that Swift cannot reach (`SQLiteReaders`).
        .target(name: "CSQLiteSettings"),
        .executableTarget(
            name: "hdnd",
            dependencies: ["HDND", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(
            name: "HDNDTests",
            dependencies: [
                "HDND",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
