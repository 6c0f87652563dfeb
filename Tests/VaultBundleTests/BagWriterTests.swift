import Foundation
import Testing
@testable import VaultBundle
import VaultCrypto
import VaultTestSupport

@Suite("BagIt bags: writing, reading, verifying (directory and zip)")
struct BagWriterTests {
    let signer = try! Ed25519PrivateKey.generate()

    /// A bag with a 1 MiB file written in odd-sized blocks, a small file, and a file whose name needs encoding.
    func writeBag(to url: URL) throws -> [UInt8] {
        let bag = try BagWriter(destination: url, date: Date())
        var big = [UInt8]()
        try bag.addPayloadFile("data/recordings/big.bin") { file in
            for block in 0..<17 {
                let bytes = (0..<61_681).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ block) }
                big += bytes
                try file.write(bytes)
            }
        }
        try bag.addPayloadFile("data/notes/readme.txt", bytes: Array("hello\n".utf8))
        try bag.addPayloadFile("data/odd name.txt", bytes: Array("odd\n".utf8))
        try bag.finish(bagInfo: [("External-Identifier", "test-bag")], sign: { try signer.signature(for: $0) })
        return big
    }

    @Test("a directory bag verifies here, with bagit.py, and its signature with openssl")
    func directory() throws {
        let tmp = TemporaryDirectory("callvault-bag")
        let url = tmp.path("bag")
        let big = try writeBag(to: url)
        #expect(try Data(contentsOf: url.appendingPathComponent("data/recordings/big.bin")) == Data(big))
        let report = try BagVerifier.verify(at: url)
        #expect(report.problems == [])
        #expect(report.payloadCount == 3)
        #expect(String(decoding: report.tagFiles["bag-info.txt"]!, as: UTF8.self).contains("Payload-Oxum: \(big.count + 10).3\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["bag"])  // no partial left

        let bagit = try Subprocess.run("python3", ["-m", "bagit", "--validate", url.path])
        #expect(bagit.status == 0, "\(bagit.stderr)")
        try Data(signer.publicKey.pem.utf8).write(to: tmp.path("key.pem"))
        let openssl = try Subprocess.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", tmp.path("key.pem").path, "-rawin",
                                                     "-in", url.appendingPathComponent("tagmanifest-sha256.txt").path,
                                                     "-sigfile", url.appendingPathComponent("tagmanifest-sha256.txt.sig").path])
        #expect(openssl.status == 0, "\(openssl.stdout) \(openssl.stderr)")
    }

    @Test("a zip bag is a valid zip (unzip -t) whose single directory is a valid bag; it reads back the same")
    func zip() throws {
        let tmp = TemporaryDirectory("callvault-bag")
        let url = tmp.path("evidence.zip")
        let big = try writeBag(to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["evidence.zip"])
        #expect(try Subprocess.run("unzip", ["-t", url.path]).status == 0)
        var seen = [String: Int]()
        let report = try BagVerifier.verify(at: url) { path, input in
            seen[path] = try input.readAll(limit: 1 << 24).count
        }
        #expect(report.problems == [])
        #expect(seen["data/recordings/big.bin"] == big.count)
        #expect(Set(seen.keys).isSuperset(of: ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.sig"]))
        let unzip = try Subprocess.run("unzip", ["-q", url.path, "-d", tmp.path("x").path])
        #expect(unzip.status == 0)
        let bagit = try Subprocess.run("python3", ["-m", "bagit", "--validate", tmp.path("x/evidence").path])
        #expect(bagit.status == 0, "\(bagit.stderr)")
    }

    @Test("changes are named: a payload byte, an added file, a removed file, the manifest")
    func tampering() throws {
        let tmp = TemporaryDirectory("callvault-bag")
        let url = tmp.path("bag")
        _ = try writeBag(to: url)
        let big = url.appendingPathComponent("data/recordings/big.bin")
        var bytes = try Data(contentsOf: big)
        bytes[500_000] ^= 1
        try bytes.write(to: big)
        try Data("new".utf8).write(to: url.appendingPathComponent("data/notes/added.txt"))
        try FileManager.default.removeItem(at: url.appendingPathComponent("data/odd name.txt"))
        let report = try BagVerifier.verify(at: url)
        #expect(report.problems.map(\.path) == ["data/recordings/big.bin", "data/odd name.txt", "data/notes/added.txt", "bag-info.txt"])

        let manifest = url.appendingPathComponent("manifest-sha256.txt")
        try (try Data(contentsOf: manifest) + Data("\n".utf8)).write(to: manifest)
        #expect(try BagVerifier.verify(at: url).problems.map(\.path).contains("manifest-sha256.txt"))
    }

    @Test("an existing destination is refused, and an unfinished bag leaves nothing")
    func atomic() throws {
        let tmp = TemporaryDirectory("callvault-bag")
        try Data().write(to: tmp.path("taken.zip"))
        #expect((#expect(throws: BundleError.self) { try BagWriter(destination: tmp.path("taken.zip"), date: Date()) })?.code == .exists)
        #expect((#expect(throws: BundleError.self) { try BagWriter(destination: tmp.path("no/such/dir"), date: Date()) })?.code == .notFound)
        for name in ["unfinished", "unfinished.zip"] {
            do {
                let bag = try BagWriter(destination: tmp.path(name), date: Date())
                try bag.addPayloadFile("data/a.txt", bytes: Array("a".utf8))
                #expect(throws: BundleError.self) { try bag.addPayloadFile("data/../escape.txt", bytes: []) }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == ["taken.zip"])
    }

    @Test("a partial directory left by a killed export is removed by the next export to that name; a live writer's is not")
    func abandonedPartials() throws {
        let tmp = TemporaryDirectory("callvault-bag")
        let live = tmp.path(".bundle.live0001.partial"), other = tmp.path(".other.dead0002.partial")
        for url in [tmp.path(".bundle.dead0001.partial"), tmp.path(".bundle.dead0003.partial"), live, other] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
            try Data("plaintext".utf8).write(to: url.appendingPathComponent("a.txt"))
        }
        let liveLock = open(live.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(liveLock, LOCK_EX | LOCK_NB) == 0)
        defer { close(liveLock) }
        let names = { Set(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path)) }
        // Just made: younger than the minute a writer may take to lock its directory.
        DirectoryBagStorage.removeAbandonedPartials(of: tmp.path("bundle"))
        #expect(try names().count == 4)
        // Of age: the unlocked ones of this name go; the locked one and another name's stay.
        DirectoryBagStorage.removeAbandonedPartials(of: tmp.path("bundle"), minimumAge: 0)
        #expect(try names() == [live.lastPathComponent, other.lastPathComponent])
        // A writer locks its own, so a second writer to the same name leaves it alone.
        let writer = try BagWriter(destination: tmp.path("bundle"), date: Date())
        try writer.addPayloadFile("data/a.txt", bytes: Array("a".utf8))
        let mine = try #require(try names().first { $0.hasPrefix(".bundle.") && $0 != live.lastPathComponent })
        DirectoryBagStorage.removeAbandonedPartials(of: tmp.path("bundle"), minimumAge: 0)
        #expect(try names().contains(mine))
    }
}
