import Foundation
import Testing
import VaultCrypto

@Suite("Hashes, MACs, AES-GCM and key wrapping")
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
}
