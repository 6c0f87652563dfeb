// swift-tools-version:6.1
// callvault: a self-hosted compliance and recording vault for call centres.
// Module map and the rules between modules: ARCHITECTURE.md.
import PackageDescription

/// One set of Swift settings for every target (Hummingbird's convention).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "callvault",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "callvault", targets: ["callvault"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries, each behind one system-library target with a shim header.
        .systemLibrary(name: "CVaultOpus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CVaultOgg", providers: [.apt(["libogg-dev"])]),
        .systemLibrary(name: "CVaultSndFile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CVaultSoxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CVaultOpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CVaultPOSIX"),
        .systemLibrary(name: "CVaultPcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CVaultSRTP", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "CVaultSpanDSP", providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "CVaultPKCS11", pkgConfig: "p11-kit-1", providers: [.apt(["libp11-kit-dev"])]),
        .systemLibrary(name: "CVaultArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CVaultQREncode", providers: [.apt(["libqrencode-dev"])]),

        .target(name: "VaultBase", exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "VaultAudio",
            dependencies: [
                "VaultBase", "CVaultOpus", "CVaultOgg", "CVaultSndFile", "CVaultSoxr", "CVaultSpanDSP",
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(name: "VaultCrypto", dependencies: ["VaultBase", "CVaultOpenSSL", "CVaultPKCS11"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "VaultStore",
            dependencies: ["VaultBase", "CVaultPOSIX", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(name: "VaultRTP", dependencies: ["VaultBase", "VaultAudio", "VaultSIP", "CVaultPcap", "CVaultSRTP"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "VaultRedact", dependencies: ["VaultBase"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(name: "VaultPolicy", dependencies: [.product(name: "Yams", package: "Yams")], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "VaultAudit",
            dependencies: ["VaultBase", "VaultCrypto", "VaultStore", .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VaultBundle",
            dependencies: ["VaultBase", "VaultCrypto", "VaultStore", "VaultAudit", "CVaultArchive"],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VaultCore",
            dependencies: [
                "VaultBase", "VaultAudio", "VaultCrypto", "VaultStore", "VaultAudit", "VaultPolicy", "VaultRTP", "VaultRedact", "VaultBundle",
                "VaultS3", "VaultPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Parsers of what HTTP clients send (multipart bodies, flat JSON, the plain check's
        // request subset): pure and synchronous, so they are fuzzed alone.
        .target(name: "VaultWire", exclude: ["README.md"], swiftSettings: swiftSettings),
        // The SIP side of live recording: messages, SDP, SIPREC metadata; pure, fuzzed alone.
        .target(name: "VaultSIP", dependencies: ["VaultBase", "VaultWire"], exclude: ["README.md"], swiftSettings: swiftSettings),
        // S3 as an object store: SigV4 signing, the handful of S3 calls a WORM vault needs (put
        // with Object Lock, head, ranged get, versions, retention, legal hold, multipart).
        .target(
            name: "VaultS3",
            dependencies: [
                "VaultBase", "VaultCrypto", "VaultStore", "VaultWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL as the catalog: the feature stores of VaultStore over postgres-nio, so several
        // vault nodes share one catalog.
        .target(
            name: "VaultPostgres",
            dependencies: [
                "VaultBase", "VaultStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VaultLive",
            dependencies: [
                "VaultBase", "VaultSIP", "VaultRTP", "VaultCore", "VaultCrypto", "VaultStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VaultServer",
            dependencies: [
                "VaultWire", "VaultBase", "VaultCore", "VaultStore", "VaultAudit", "VaultAudio", "VaultCrypto", "VaultPolicy", "VaultRTP", "VaultLive",
                "CVaultQREncode", "VaultRedact",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            resources: [
                .embedInCode("OpenAPI/openapi.yaml"),
                // The console's templates and style sheet, in the binary (the appliance runs air-gapped).
                .embedInCode("Console/Templates/layout.mustache"), .embedInCode("Console/Templates/sign-in.mustache"),
                .embedInCode("Console/Templates/code.mustache"), .embedInCode("Console/Templates/enrol.mustache"),
                .embedInCode("Console/Templates/message.mustache"), .embedInCode("Console/Templates/recordings.mustache"),
                .embedInCode("Console/Templates/recording.mustache"), .embedInCode("Console/Templates/console.css"),
                .embedInCode("Console/Templates/dashboard.mustache"), .embedInCode("Console/Templates/audit.mustache"),
                .embedInCode("Console/Templates/audit-entry.mustache"), .embedInCode("Console/Templates/erasure.mustache"),
                .embedInCode("Console/Templates/holds.mustache"), .embedInCode("Console/Templates/consent.mustache"),
                .embedInCode("Console/Templates/admin.mustache"), .embedInCode("Console/Templates/console.js"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "callvault",
            dependencies: [
                "VaultServer", "VaultBase", "VaultCore", "VaultAudio", "VaultCrypto", "VaultStore", "VaultAudit", "VaultPolicy", "VaultRTP", "VaultRedact",
                "VaultBundle", "VaultLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Benchmark tool (audit log, key rotation; run by Tools/bench); not part of the product.
        .executableTarget(
            name: "callvault-bench-tool",
            dependencies: ["VaultCore", "VaultAudit", "VaultStore", "VaultBase", "VaultCrypto", .product(name: "Logging", package: "swift-log"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/BenchTool",
            swiftSettings: swiftSettings
        ),

        // Fuzzing (issue 14): replays Tests/Fuzz's corpus and crash inputs; `Tools/fuzz` builds it
        // with libFuzzer (-sanitize=fuzzer,address -DFUZZING) and runs it for a bounded time.
        .executableTarget(
            name: "callvault-fuzz",
            dependencies: ["VaultRedact", "VaultAudio", "VaultRTP", "VaultWire", "VaultSIP", "VaultPolicy"],
            path: "Tools/Fuzz",
            swiftSettings: swiftSettings
        ),

        // Helpers shared by the test targets: running real programs, fixtures, temp dirs, WAV synthesis.
        .target(name: "VaultTestSupport", path: "Tests/VaultTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "VaultWireTests", dependencies: ["VaultWire"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultSIPTests", dependencies: ["VaultSIP"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultS3Tests", dependencies: ["VaultS3", "VaultStore", "VaultCrypto", "VaultBase", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultPostgresTests", dependencies: ["VaultPostgres", "VaultStore", "VaultBase", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultLiveTests", dependencies: ["VaultLive", "VaultSIP", "VaultRTP", "VaultCore", "VaultStore", "VaultBase", "VaultAudio", "VaultAudit", "VaultCrypto",
                                                        "VaultTestSupport", .product(name: "NIOPosix", package: "swift-nio"),
                                                        .product(name: "Logging", package: "swift-log")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "VaultBaseTests", dependencies: ["VaultBase"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultAudioTests", dependencies: ["VaultAudio", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultCryptoTests", dependencies: ["VaultCrypto", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultStoreTests", dependencies: ["VaultStore", "VaultTestSupport", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(name: "VaultRTPTests", dependencies: ["VaultRTP", "VaultAudio", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultRedactTests", dependencies: ["VaultRedact", "VaultTestSupport"], exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultPolicyTests", dependencies: ["VaultPolicy", "VaultTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "VaultAuditTests", dependencies: ["VaultAudit", "VaultStore", "VaultCrypto", "VaultBase", "VaultTestSupport",
                                                        .product(name: "Logging", package: "swift-log")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "VaultBundleTests", dependencies: ["VaultBundle", "VaultAudit", "VaultCrypto", "VaultTestSupport"],
                    swiftSettings: swiftSettings),
        .testTarget(
            name: "VaultCoreTests",
            dependencies: [
                "VaultCore", "VaultStore", "VaultCrypto", "VaultAudio", "VaultBase", "VaultTestSupport", "VaultPolicy", "VaultAudit",
                "VaultBundle", "VaultRTP", "VaultRedact", "VaultS3",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "VaultServerTests",
            dependencies: ["VaultServer", "VaultWire", "VaultCore", "VaultBase", "VaultBundle", "VaultAudio", "VaultAudit", "VaultCrypto", "VaultRTP", "VaultRedact", "VaultStore", "VaultTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CallvaultCLITests",
            dependencies: ["callvault", "VaultTestSupport", "VaultCore", "VaultBase", "VaultCrypto", "VaultS3", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
