import Foundation

/// One file of a bag being read: its bytes, streamed once.
public final class BagFileInput {
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private let observe: (UnsafeRawBufferPointer) -> Void

    init(source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int, observe: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.source = source
        self.observe = observe
    }

    /// Reads the next bytes into `buffer`; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try source(buffer)
        observe(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        return n
    }

    /// The rest of the file; `BundleError.malformed` past `limit` bytes.
    public func readAll(limit: Int) throws -> [UInt8] {
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return bytes }
            bytes += buffer[0..<n]
            guard bytes.count <= limit else { throw BundleError(.malformed, "a file is larger than \(limit) bytes") }
        }
    }
}

/// Reads a bag's files once each, from a directory or a zip file (whose entries may sit under
/// one top-level directory, which is stripped). Paths are relative to the bag's root.
enum BagReader {
    /// Calls `body` with each regular file's path and content. Directories: files in path order;
    /// symbolic links are reported as a malformed bag. Zip files: entries in archive order.
    static func forEachFile(at url: URL, _ body: (String, BagFileInput) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw BundleError(.notFound, "no bundle at \(url.path)")
        }
        if isDirectory.boolValue {
            try forEachFile(inDirectory: url, body)
        } else {
            try forEachFile(inZip: url, body)
        }
    }

    private static func forEachFile(inDirectory root: URL, _ body: (String, BagFileInput) throws -> Void) throws {
        let rootPath = root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: rootPath) else {
            throw BundleError(.io, "cannot list \(rootPath)")
        }
        var paths = [String]()
        while let path = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if type == .typeSymbolicLink { throw BundleError(.malformed, "\(path) is a symbolic link; a bag holds regular files") }
            if type == .typeRegular { paths.append(path) }
        }
        for path in paths.sorted() {
            let full = rootPath + "/" + path
            let fd = open(full, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw BundleError(.io, "cannot open \(full): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let input = BagFileInput(source: { buffer in
                while true {
                    let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
                    if n < 0, errno == EINTR { continue }
                    guard n >= 0 else { throw BundleError(.io, "cannot read \(full): \(String(cString: strerror(errno)))") }
                    return n
                }
            }, observe: { _ in })
            try body(path, input)
        }
    }

    private static func forEachFile(inZip url: URL, _ body: (String, BagFileInput) throws -> Void) throws {
        let reader = try ArchiveReader(url: url)
        var root: String?
        while let entry = try reader.nextEntry() {
            if root == nil {
                // A zipped bag's entries share one top-level directory; a bag zipped from inside has none.
                let first = entry.path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
                root = entry.path.contains("/") && first != "data" ? first + "/" : ""
            }
            guard entry.isFile else { continue }
            guard entry.path.hasPrefix(root!) else {
                throw BundleError(.malformed, "\(url.path): \(entry.path) is outside the bag's directory \(root!)")
            }
            let path = String(entry.path.dropFirst(root!.count))
            guard BagManifest.isSafe(path) else { throw BundleError(.malformed, "\(url.path): unsafe entry name \(entry.path)") }
            try body(path, BagFileInput(source: { try reader.read(into: $0) }, observe: { _ in }))
        }
    }
}
