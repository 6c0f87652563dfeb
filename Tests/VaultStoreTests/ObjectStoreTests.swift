import Foundation
import Testing
import VaultBase
import VaultStore
import VaultTestSupport

@Suite("Local object store")
struct ObjectStoreTests {
    let tmp = TemporaryDirectory()

    func store() throws -> LocalObjectStore {
        let store = LocalObjectStore(root: tmp.path("objects"))
        try store.create()
        return store
    }

    func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    @Test("an object is invisible at its final path until placed, then whole")
    func place() throws {
        let store = try store()
        let id = RecordingID()
        let path = store.relativePath(for: id)
        #expect(path == "\(id.description.prefix(2))/\(id).cvseal")
        let partial = try store.createPartial(for: id)
        try [UInt8](repeating: 5, count: 1000).withUnsafeBytes { try partial.write($0) }
        #expect(contents(store.url(forRelativePath: path)) == nil)
        try store.place(partial, at: path)
        #expect(contents(store.url(forRelativePath: path)) == Data(repeating: 5, count: 1000))
        #expect(store.allObjectPaths() == [path])
        let mode = try FileManager.default.attributesOfItem(atPath: store.url(forRelativePath: path).path)[.posixPermissions] as! NSNumber
        #expect(mode.intValue == 0o600)
    }

    @Test("discard removes a partial or a placed object; sweeping removes stray partials")
    func discardAndSweep() throws {
        let store = try store()
        let placed = RecordingID(), stray = RecordingID()
        let partial = try store.createPartial(for: placed)
        try store.place(partial, at: store.relativePath(for: placed))
        _ = try store.createPartial(for: stray)
        try store.discard(relativePath: store.relativePath(for: placed))
        #expect(store.allObjectPaths().isEmpty)
        #expect(try store.sweepPartials() == 1)
        #expect(try store.sweepPartials() == 0)
        try store.discard(relativePath: store.relativePath(for: placed))  // idempotent
    }

    @Test("audio versions have their own paths; discarding one version takes its transcript and partials, never another version")
    func versions() throws {
        let store = try store()
        let id = RecordingID()
        let prefix = id.description.prefix(2)
        #expect(store.relativePath(for: id, version: 2) == "\(prefix)/\(id).v2.cvseal")
        #expect(store.transcriptRelativePath(for: id) == "\(prefix)/\(id).transcript.cvseal")
        #expect(store.transcriptRelativePath(for: id, version: 2) == "\(prefix)/\(id).v2.transcript.cvseal")
        let paths = [store.relativePath(for: id), store.relativePath(for: id, version: 2), store.transcriptRelativePath(for: id, version: 2)]
        for path in paths { try store.place(try store.createPartial(forRelativePath: path), at: path) }
        _ = try store.createPartial(forRelativePath: store.relativePath(for: id, version: 3))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path("objects/.partial").path) == ["\(id).v3.partial"])
        try store.discard(relativePath: store.relativePath(for: id, version: 2))
        #expect(store.allObjectPaths() == [store.relativePath(for: id)])
        try store.discard(relativePath: store.relativePath(for: id, version: 3))
        #expect(try store.sweepPartials() == 0)
        try store.remove(relativePath: store.relativePath(for: id))
        #expect(store.allObjectPaths().isEmpty)
    }

    @Test("a partial for the same id cannot be created twice")
    func exclusive() throws {
        let store = try store()
        let id = RecordingID()
        _ = try store.createPartial(for: id)
        #expect(throws: StoreError.self) { try store.createPartial(for: id) }
    }

    @Test("an atomic file appears whole on commit and leaves nothing when abandoned")
    func atomicFile() throws {
        let destination = tmp.path("out.opus")
        do {
            let file = try AtomicFile(destination: destination)
            try [UInt8](repeating: 1, count: 10).withUnsafeBytes { try file.write($0) }
            #expect(contents(destination) == nil)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).isEmpty)
        let file = try AtomicFile(destination: destination)
        try [UInt8](repeating: 2, count: 10).withUnsafeBytes { try file.write($0) }
        try file.commit()
        #expect(contents(destination) == Data(repeating: 2, count: 10))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["out.opus"])
    }

    @Test("reading a missing object is not-found")
    func missing() throws {
        let store = try store()
        let error = #expect(throws: StoreError.self) { try store.openForReading(relativePath: "aa/none.cvseal") }
        #expect(error?.code == .notFound)
    }
}
