import Foundation
import Testing
import VaultStore
import VaultTestSupport

/// A reader that is not a file: `BackupCopy` must take its buffered path.
private final class PassThroughReader: ObjectReader {
    let inner: FileObjectReader
    init(_ inner: FileObjectReader) { self.inner = inner }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        // Short reads, as a network reader gives them.
        try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, 70_000)]))
    }
}

@Suite("Backup copies")
struct BackupCopyTests {
    let tmp = TemporaryDirectory()

    /// Copies `source` through `reader` into `name`; the copy's bytes and the bytes shown on the way.
    func copy(_ reader: any ObjectReader, to name: String) throws -> (copied: Data, shown: Data, count: Int64) {
        var shown = Data()
        let destination = tmp.path(name)
        let count = try BackupCopy.copy(from: reader, to: destination) { shown.append(contentsOf: $0) }
        return (FileManager.default.contents(atPath: destination.path) ?? Data(), shown, count)
    }

    @Test("a file copied in the kernel and one copied through a buffer give the same bytes, shown in the same order",
          arguments: [0, 1, 1 << 20, 3 * (1 << 20) + 12_345])
    func kernelCopyMatchesBufferedCopy(size: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let source = tmp.path("source-\(size)")
        try bytes.write(to: source)

        let fast = try copy(try FileObjectReader(url: source), to: "fast-\(size)")
        let buffered = try copy(PassThroughReader(try FileObjectReader(url: source)), to: "buffered-\(size)")
        for result in [fast, buffered] {
            #expect(result.count == Int64(size))
            #expect(result.copied == bytes)
            #expect(result.shown == bytes)
        }
        for name in ["fast-\(size)", "buffered-\(size)"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: tmp.path(name).path)
            #expect((attributes[.posixPermissions] as! NSNumber).intValue == 0o600)
            #expect(!FileManager.default.fileExists(atPath: tmp.path(".\(name).partial").path))
        }
    }

    @Test("a copy into a directory that does not exist fails and leaves nothing")
    func failedCopyLeavesNothing() throws {
        let source = tmp.path("source")
        try Data(repeating: 7, count: 4096).write(to: source)
        #expect(throws: StoreError.self) {
            try BackupCopy.copy(from: try FileObjectReader(url: source), to: tmp.path("missing/dir/copy")) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.path("missing").path))
    }
}
