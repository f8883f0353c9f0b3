// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DiscBurn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "discburn", targets: ["discburn"]),
        .library(name: "DiscBurnKit", targets: ["SCSI", "MMC", "SGIO", "VirtualDrive", "Trace", "Discovery", "ISCSI", "DiscImage", "Burning", "USBWriter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        // C at the edges
        .target(name: "CSGIO", path: "Sources/CSGIO"),
        .systemLibrary(
            name: "CCdio", path: "Sources/CCdio", pkgConfig: "libcdio",
            providers: [.apt(["libcdio-dev", "libiso9660-dev", "libudf-dev"])]),
        .systemLibrary(
            name: "CLibiscsi", path: "Sources/CLibiscsi", pkgConfig: "libiscsi",
            providers: [.apt(["libiscsi-dev"])]),
        .target(name: "CBlockDevice", path: "Sources/CBlockDevice"),
        .target(name: "CFileSync", path: "Sources/CFileSync"),
        .systemLibrary(name: "CBlkid", path: "Sources/CBlkid", pkgConfig: "blkid", providers: [.apt(["libblkid-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLzma", path: "Sources/CLzma", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CNettle", path: "Sources/CNettle", pkgConfig: "nettle", providers: [.apt(["nettle-dev"])]),

        // Pure layers
        .target(name: "SCSI"),
        .target(name: "MMC", dependencies: ["SCSI"]),

        // Transports
        .target(name: "SGIO", dependencies: [
            "SCSI", "CSGIO", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "VirtualDrive", dependencies: ["SCSI", "MMC", "CFileSync"]),
        .target(name: "Trace", dependencies: ["SCSI", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "ISCSI", dependencies: ["SCSI", "CLibiscsi"]),
        .target(name: "Discovery", dependencies: ["CCdio"]),

        // Images
        .target(name: "DiscImage", dependencies: ["CCdio"]),

        // Jobs
        .target(name: "Burning", dependencies: [
            "SCSI", "MMC", "DiscImage", .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // Block devices (USB sticks, SD cards): a sibling of Burning
        .target(name: "USBWriter", dependencies: [
            "Burning", "MMC", "DiscImage", "CBlockDevice", "CBlkid", "CZlib", "CLzma", "CZstd", "CBzip2", "CNettle",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // CLI
        .executableTarget(name: "discburn", dependencies: [
            "SCSI", "MMC", "SGIO", "VirtualDrive", "Trace", "Discovery", "ISCSI", "DiscImage", "Burning", "USBWriter",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Examples
        .executableTarget(name: "ProbeMedia", dependencies: ["MMC", "VirtualDrive"], path: "Examples/ProbeMedia"),
        .executableTarget(name: "BurnToVirtual", dependencies: ["Burning", "MMC", "VirtualDrive"],
                          path: "Examples/BurnToVirtual"),

        // Tests
        .testTarget(name: "SCSITests", dependencies: ["SCSI"]),
        .testTarget(name: "MMCTests", dependencies: ["MMC", "SCSI"]),
        .testTarget(name: "SGIOTests", dependencies: ["SGIO", "SCSI", "MMC"]),
        .testTarget(name: "VirtualDriveTests", dependencies: ["VirtualDrive", "MMC", "SCSI"]),
        .testTarget(name: "TraceTests", dependencies: ["Trace", "VirtualDrive", "MMC", "SCSI"], exclude: ["Fixtures"]),
        .testTarget(name: "DiscoveryTests", dependencies: ["Discovery"]),
        .testTarget(name: "DiscImageTests", dependencies: ["DiscImage"]),
        .testTarget(name: "BurningTests", dependencies: ["Burning", "VirtualDrive", "MMC", "SCSI", "Trace"],
                    exclude: ["Golden"]),
        .testTarget(name: "USBWriterTests", dependencies: [
            "USBWriter", "Burning", "discburn", "CZlib", "CLzma", "CZstd", "CBzip2", "CNettle",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "PeerTests", dependencies: ["ISCSI", "MMC", "SCSI"], exclude: ["qemu"]),
        .testTarget(name: "EndToEndTests", dependencies: ["discburn"]),
    ]
)
