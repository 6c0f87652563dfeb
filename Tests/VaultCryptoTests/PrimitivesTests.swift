import Foundation
import Testing
import VaultCrypto

@Suite("Hashes, MACs, AEAD ciphers and key wrapping")
struct PrimitivesTests {
    @Test("SHA-256 matches the FIPS 180-2 'abc' vector, incrementally too")
    func sha256() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(SHA256Hasher.hash(Array("abc".utf8)).hexString == expected)
        let hasher = SHA256Hasher()
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize().hexString == expected)
    }

    @Test("HMAC-SHA256 matches Python's hmac module")
    func hmac() throws {
        let key = try SymmetricKey(bytes: (0..<32).map { UInt8($0) })
        #expect(HMACSHA256.authenticate(Array("callvault".utf8), key: key).hexString
                == "8037cbc741712a98c7fefa50ee49915d563b54658fd9549d7f0d253c6db2a890")
    }

    @Test("hex round-trips; bad hex is nil")
    func hex() {
        #expect([UInt8](hexString: "00ff10Ab") == [0, 255, 16, 171])
        #expect([UInt8](hexString: "abc") == nil)
        #expect([UInt8](hexString: "zz") == nil)
    }

    @Test("AES-GCM opens what it sealed and refuses any change")
    func aesgcm() throws {
        let key = try SymmetricKey.random()
        let message = try AESGCM.seal(Array("secret".utf8), key: key, aad: [1, 2])
        #expect(try AESGCM.open(message, key: key, aad: [1, 2]) == Array("secret".utf8))
        #expect(throws: CryptoError.self) { try AESGCM.open(message, key: key, aad: [1, 3]) }
        var flipped = message
        flipped[14] ^= 0x80
        #expect(throws: CryptoError.self) { try AESGCM.open(flipped, key: key, aad: [1, 2]) }
        #expect(try AESGCM.seal([], key: key, aad: []).count == 28)
    }

    /// Known-answer vectors: AES-256-GCM test case 16 of the GCM specification (McGrew and
    /// Viega), ChaCha20-Poly1305 from RFC 8439 section 2.8.2; both with AAD.
    static let aeadVectors: [(AEADCipher.Algorithm, key: String, nonce: String, aad: String, plaintext: String, sealed: String)] = [
        (.aes256GCM, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
         "feedfacedeadbeeffeedfacedeadbeefabaddad2",
         "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
         "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
            + "76fc6ece0f4e1768cddf8853bb2d551b"),
        (.chaCha20Poly1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
         "50515253c0c1c2c3c4c5c6c7",
         Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8).hexString,
         "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691"),
    ]

    @Test("AEADCipher matches the published vectors of both algorithms, and refuses a changed AAD or tag", arguments: 0..<2)
    func aeadVectors(index: Int) throws {
        let v = Self.aeadVectors[index]
        let key = try SymmetricKey(bytes: [UInt8](hexString: v.key)!)
        let nonce = [UInt8](hexString: v.nonce)!, aad = [UInt8](hexString: v.aad)!, plaintext = [UInt8](hexString: v.plaintext)!
        var sealed = [UInt8](repeating: 0, count: plaintext.count + AEADCipher.tagByteCount)
        let sealer = try AEADCipher(v.0, key: key, direction: .seal)
        try nonce.withUnsafeBytes { n in try aad.withUnsafeBytes { a in try plaintext.withUnsafeBytes { p in
            try sealed.withUnsafeMutableBytes { try sealer.seal(nonce: n, aad: a, plaintext: p, into: $0) } } } }
        #expect(sealed.hexString == v.sealed)

        let opener = try AEADCipher(v.0, key: key, direction: .open)
        func open(_ message: [UInt8], aad: [UInt8]) throws -> [UInt8] {
            var out = [UInt8](repeating: 0, count: message.count - AEADCipher.tagByteCount)
            try nonce.withUnsafeBytes { n in try aad.withUnsafeBytes { a in try message.withUnsafeBytes { m in
                try out.withUnsafeMutableBytes { try opener.open(nonce: n, aad: a, ciphertextAndTag: m, into: $0) } } } }
            return out
        }
        #expect(try open(sealed, aad: aad) == plaintext)
        #expect(throws: CryptoError.self) { try open(sealed, aad: aad + [0]) }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: CryptoError.self) { try open(tampered, aad: aad) }
    }

    @Test("a wrapped key unwraps only under its KEK and for its owner")
    func keyWrap() throws {
        let kek = try SymmetricKey.random(), dataKey = try SymmetricKey.random()
        let wrapped = try KeyWrap.wrap(dataKey, under: kek, context: Array("recording:a".utf8))
        #expect(wrapped.count == KeyWrap.wrappedByteCount)
        let back = try KeyWrap.unwrap(wrapped, under: kek, context: Array("recording:a".utf8))
        #expect(back.exportBytes() == dataKey.exportBytes())
        let moved = #expect(throws: CryptoError.self) { try KeyWrap.unwrap(wrapped, under: kek, context: Array("recording:b".utf8)) }
        #expect(moved?.code == .wrongKey)
        let otherKEK = #expect(throws: CryptoError.self) {
            try KeyWrap.unwrap(wrapped, under: try SymmetricKey.random(), context: Array("recording:a".utf8))
        }
        #expect(otherKEK?.code == .wrongKey)
        #expect(throws: CryptoError.self) { try KeyWrap.unwrap(Array(wrapped.prefix(30)), under: kek, context: []) }
    }

    @Test("keys must be 32 bytes; random keys differ")
    func keys() throws {
        #expect(throws: CryptoError.self) { try SymmetricKey(bytes: [1, 2, 3]) }
        #expect(try SymmetricKey.random().exportBytes() != SymmetricKey.random().exportBytes())
    }

    @Test("pseudonyms are stable per secret and differ across secrets")
    func pseudonyms() throws {
        let a = Pseudonymizer(key: try SymmetricKey.random()), b = Pseudonymizer(key: try SymmetricKey.random())
        #expect(a.pseudonym(e164: "+8613812345678") == a.pseudonym(e164: "+8613812345678"))
        #expect(a.pseudonym(e164: "+8613812345678") != a.pseudonym(e164: "+8613812345679"))
        #expect(a.pseudonym(e164: "+8613812345678") != b.pseudonym(e164: "+8613812345678"))
        #expect(a.pseudonym(e164: "+8613812345678").count == 64)
    }

    @Test("a pseudonym is the hex HMAC-SHA256 of the label and the number (the keyed context matches the one-shot HMAC)")
    func pseudonymIsHMAC() throws {
        let key = try SymmetricKey(bytes: (0..<32).map { UInt8($0) })
        let pseudonymizer = Pseudonymizer(key: key)
        for number in ["+8613812345678", "+12025550123", ""] {
            let expected = HMACSHA256.authenticate(Array("callvault.pseudonym.v1:\(number)".utf8), key: key).hexString
            #expect(pseudonymizer.pseudonym(e164: number) == expected)
        }
        // RFC 4231 test case 2, through the one-shot HMAC, and lower-case hex.
        let jefe = Array("Jefe".utf8)
        let padded = try SymmetricKey(bytes: jefe + [UInt8](repeating: 0, count: 28))  // a zero-padded key MACs as the short one
        #expect(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: padded).hexString
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("an Ed25519 public key survives its PEM form, read after the text is gone (the BIO reads it in place); other PEM is refused")
    func ed25519PEM() throws {
        let keys = try (0..<16).map { _ in try Ed25519PrivateKey.generate().publicKey }
        // Each PEM built afresh and dropped before the next: a reader keeping a stale pointer would see another's bytes.
        for key in keys {
            let parsed = try Ed25519PublicKey(pem: String(key.pem.map { $0 }))
            _ = [UInt8](repeating: 0xA5, count: 4096)
            #expect(parsed.rawRepresentation == key.rawRepresentation)
        }
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        #expect(throws: CryptoError.self) { try Ed25519PublicKey(pem: "not a key") }
    }
}
