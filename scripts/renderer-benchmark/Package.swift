// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "renderer-benchmark", platforms: [.macOS(.v13)],
  dependencies: [
    .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
  ],
  targets: [.executableTarget(name: "renderer-benchmark", dependencies: [
    .product(name: "LeafKit", package: "leaf-kit"), .product(name: "Plot", package: "Plot"),
    .product(name: "Mustache", package: "swift-mustache")])],
  swiftLanguageModes: [.v5])
