import Foundation
import Testing
@testable import VaultAudit
import VaultCrypto

@Suite("Signed checkpoints (C2SP signed note)")
struct CheckpointTests {
    let key = try! Ed25519PrivateKey.generate()
    let root = SHA256Hasher.hash(Array("root".utf8))

    @Test("a checkpoint has the documented layout and parses back under its key")
    func roundTrip() throws {
        let checkpoint = try Checkpoint(origin: "callvault/v1", treeSize: 42, rootHash: root, signer: key)
        let lines = checkpoint.note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "callvault/v1")
        #expect(lines[1] == "42")
        #expect(lines[2] == Substring(Data(root).base64EncodedString()))
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("\u{2014} callvault/v1 "))
        let blob = Data(base64Encoded: String(lines[4].split(separator: " ")[2]))!
        #expect(blob.count == 68)
        #expect(Array(blob.prefix(4)) == Array(SHA256Hasher.hash(Array("callvault/v1".utf8) + [0x0a, 0x01] + key.publicKey.rawRepresentation).prefix(4)))
        #expect(try Checkpoint(note: checkpoint.note, publicKey: key.publicKey) == checkpoint)
    }

    @Test("a changed size or root, or another key, fails the signature")
    func forged() throws {
        let note = try Checkpoint(origin: "callvault/v1", treeSize: 42, rootHash: root, signer: key).note
        for forged in [note.replacingOccurrences(of: "\n42\n", with: "\n41\n"),
                       note.replacingOccurrences(of: "callvault/v1\n", with: "callvault/v2\n")] {
            let error = #expect(throws: AuditError.self) { try Checkpoint(note: forged, publicKey: key.publicKey) }
            #expect(error?.code == .badSignature)
        }
        let other = try Ed25519PrivateKey.generate().publicKey
        #expect((#expect(throws: AuditError.self) { try Checkpoint(note: note, publicKey: other) })?.code == .badSignature)
        #expect((#expect(throws: AuditError.self) { try Checkpoint(note: "garbage", publicKey: key.publicKey) })?.code == .malformed)
    }

    @Test("Ed25519 keys round-trip through their seed and PEM")
    func keys() throws {
        let again = try Ed25519PrivateKey(seed: try key.seed())
        #expect(again.publicKey == key.publicKey)
        #expect(try Ed25519PublicKey(pem: key.publicKey.pem) == key.publicKey)
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let signature = try key.signature(for: [1, 2, 3])
        #expect(key.publicKey.isValidSignature(signature, for: [1, 2, 3]))
        #expect(!key.publicKey.isValidSignature(signature, for: [1, 2, 4]))
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
    }
}
