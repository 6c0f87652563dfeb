public import Foundation

/// Where test material lives.
public enum Fixtures {
    /// The package root (found from this file's path).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/fixtures/real` beside the project, when present.
    public static var sharedReal: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/real")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A file under `../shared/fixtures/real`, or nil when the shared folder is absent.
    public static func shared(_ relativePath: String) -> URL? {
        sharedReal.map { $0.appendingPathComponent(relativePath) }
    }

    /// 4.2 s of real 8 kHz mono speech (`Tests/CallvaultCLITests/Fixtures/speech-8k.wav`, copied from
    /// the pjsip test material; see that folder's SOURCES.md).
    public static var speech8k: URL {
        packageRoot.appendingPathComponent("Tests/CallvaultCLITests/Fixtures/speech-8k.wav")
    }

    /// The message a test shows when it skips for want of the shared fixtures.
    public static let sharedMissing = "../shared/fixtures/real is absent beside the project; real-fixture checks skipped"
}

/// A fresh directory under the system temp folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory.
    public let url: URL

    /// Creates the directory.
    public init(_ label: String = "callvault-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A path inside the directory.
    public func path(_ name: String) -> URL { url.appendingPathComponent(name) }
}
