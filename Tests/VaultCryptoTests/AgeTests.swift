import Foundation
import Testing
import VaultTestSupport
@testable import VaultCrypto

// The age v1 format (https://age-encryption.org/v1): round trips, the primitives underneath, strict
// parsing, tamper and truncation detection, and interoperability with the real `age` binary.

/// A fast scrypt work factor for tests (age's default is 18).
private let testWorkFactor = 10

private func bytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed) &+ $0 >> 9) }
}

/// Encrypts in uneven pieces, so buffering across chunk boundaries is exercised.
private func encryptInPieces(_ plaintext: [UInt8], to recipient: AgeRecipient) throws -> [UInt8] {
    var out = [UInt8]()
    let writer = try AgeWriter(recipient: recipient) { out.append(contentsOf: $0) }
    var offset = 0
    var piece = 1
    while offset < plaintext.count {
        let n = min(piece, plaintext.count - offset)
        try writer.write(Array(plaintext[offset..<(offset + n)]))
        offset += n
        piece = piece * 7 % 100_003 + 1
    }
    try writer.finish()
    #expect(writer.encryptedByteCount == out.count)
    return out
}

/// The payload length of an age file of `count` plaintext bytes: nonce, then a 16-byte tag a chunk.
private func payloadLength(_ count: Int) -> Int {
    16 + count + 16 * max(1, (count + 65535) / 65536)
}

/// The byte count of the header (through the MAC line's newline).
private func headerLength(_ file: [UInt8]) -> Int {
    let marker = Array("\n--- ".utf8)
    var i = 0
    while Array(file[i..<(i + marker.count)]) != marker { i += 1 }
    return file[(i + marker.count)...].firstIndex(of: UInt8(ascii: "\n"))! + 1
}

private func expectCode(_ codes: [CryptoError.Code], _ comment: Comment? = nil, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a CryptoError \(codes), got success. \(comment?.description ?? "")")
    } catch let error as CryptoError {
        #expect(codes.contains(error.code), "\(error.code): \(error.message). \(comment?.description ?? "")")
    } catch {
        Issue.record("expected a CryptoError, got \(error)")
    }
}

/// Drives `age -d` / `age -p` through a pty: age reads passphrases from the terminal, not stdin.
private func agePassphrase(_ mode: String, passphrase: String, input: URL, output: URL, in dir: TemporaryDirectory) throws -> ProcessResult {
    let script = dir.path("age_pty.py")
    try """
    import pexpect, sys
    mode, pw, out, inp = sys.argv[1:5]
    args = ['-d', '-o', out, inp] if mode == 'decrypt' else ['-p', '-o', out, inp]
    c = pexpect.spawn('age', args, timeout=300)
    c.expect('Enter passphrase')
    c.sendline(pw)
    if mode == 'encrypt':
        c.expect('Confirm passphrase')
        c.sendline(pw)
    c.expect(pexpect.EOF)
    c.close()
    sys.stdout.write(c.before.decode('utf-8', 'replace') if c.before else '')
    sys.exit(c.exitstatus if c.exitstatus is not None else 128 + (c.signalstatus or 0))
    """.write(to: script, atomically: true, encoding: .utf8)
    return try Subprocess.run("python3", [script.path, mode, passphrase, output.path, input.path])
}

private func read(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
private func write(_ bytes: [UInt8], to url: URL) throws { try Data(bytes).write(to: url) }

@Suite("age v1 files")
struct AgeTests {
    let identity = try! AgeX25519Identity.generate()

    // MARK: round trips

    @Test("X25519 round trip around chunk boundaries", arguments: [0, 1, 65535, 65536, 65537, 200_000])
    func x25519RoundTrip(length: Int) throws {
        let plaintext = bytes(length)
        let file = try encryptInPieces(plaintext, to: .x25519(identity.publicKey))
        #expect(file.count == headerLength(file) + payloadLength(length))
        #expect(try AgeEncryption.decrypt(file, identity: identity) == plaintext)
    }

    @Test("scrypt round trip around chunk boundaries", arguments: [0, 1, 65535, 65536, 65537, 200_000])
    func scryptRoundTrip(length: Int) throws {
        let plaintext = bytes(length, seed: 9)
        let file = try encryptInPieces(plaintext, to: .scrypt(passphrase: "hunter2 ünïcödé", workFactor: testWorkFactor))
        #expect(file.count == headerLength(file) + payloadLength(length))
        #expect(try AgeEncryption.decrypt(file, passphrase: "hunter2 ünïcödé") == plaintext)
    }

    @Test("the reader streams chunks of at most 64 KiB from a source that returns a few bytes at a time")
    func streamingReader() throws {
        let plaintext = bytes(150_000, seed: 3)
        let file = try AgeEncryption.encrypt(plaintext, to: .x25519(identity.publicKey))
        var offset = 0
        let reader = try AgeReader(identity: identity) { buffer in
            let n = min(buffer.count, 777, file.count - offset)
            buffer.copyBytes(from: file[offset..<(offset + n)])
            offset += n
            return n
        }
        var out = [UInt8]()
        var sizes = [Int]()
        while let chunk = try reader.next() {
            sizes.append(chunk.count)
            out += chunk
        }
        #expect(sizes == [65536, 65536, 150_000 - 131_072])
        #expect(out == plaintext)
        #expect(try reader.next() == nil)
    }

    @Test("several X25519 recipients can each decrypt")
    func multipleRecipients() throws {
        let other = try AgeX25519Identity.generate()
        let file = try AgeEncryption.encrypt(bytes(1000), to: [.x25519(identity.publicKey), .x25519(other.publicKey)])
        #expect(try AgeEncryption.decrypt(file, identity: identity) == bytes(1000))
        #expect(try AgeEncryption.decrypt(file, identity: other) == bytes(1000))
        #expect(try AgeEncryption.decrypt(file, identities: [try AgeX25519Identity.generate(), other]) == bytes(1000))
    }

    // MARK: header layout

    @Test("headers have the spec's layout: scrypt and X25519 stanzas, body and MAC lines")
    func headerLayout() throws {
        let scrypt = try AgeEncryption.encrypt([1, 2, 3], to: .scrypt(passphrase: "pw", workFactor: testWorkFactor))
        let scryptLines = String(decoding: scrypt[0..<headerLength(scrypt)], as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(scryptLines.count == 4)
        #expect(scryptLines[0] == "age-encryption.org/v1")
        #expect(scryptLines[1].wholeMatch(of: /-> scrypt [A-Za-z0-9+\/]{22} 10/) != nil, "\(scryptLines[1])")
        #expect(scryptLines[2].wholeMatch(of: /[A-Za-z0-9+\/]{43}/) != nil)
        #expect(scryptLines[3].wholeMatch(of: /--- [A-Za-z0-9+\/]{43}/) != nil)

        let x = try AgeEncryption.encrypt([], to: .x25519(identity.publicKey))
        let xLines = String(decoding: x[0..<headerLength(x)], as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(xLines.count == 4)
        #expect(xLines[1].wholeMatch(of: /-> X25519 [A-Za-z0-9+\/]{43}/) != nil, "\(xLines[1])")
        #expect(xLines[2].wholeMatch(of: /[A-Za-z0-9+\/]{43}/) != nil)
    }

    @Test("stanza bodies wrap at 64 columns and end with a short, possibly empty, line")
    func bodyWrapping() throws {
        func lines(_ count: Int) -> [String] {
            let encoded = AgeStanza(type: "t", arguments: ["a"], body: bytes(count)).encoded
            return String(decoding: encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(lines(0) == ["-> t a", "", ""])
        #expect(lines(48).map(\.count) == [6, 64, 0, 0])
        #expect(lines(50).map(\.count) == [6, 64, 3, 0])
        #expect(lines(32).map(\.count) == [6, 43, 0])
    }

    @Test("the reader accepts an empty final body line and unknown stanzas, and refuses missing final lines")
    func stanzaParsing() throws {
        let unknown = AgeStanza(type: "callvault-test-grease", arguments: ["x", "y"], body: bytes(48))
        var fileKey = try SecureRandom.bytes(16)
        defer { wipe(&fileKey) }
        let encoded = unknown.encoded
        #expect(String(decoding: encoded, as: UTF8.self).hasSuffix("\n\n"))  // 48 bytes: full line, then empty line

        // Parse a header with that stanza: it must come back identical.
        let header = try AgeHeader.encode(stanzas: [unknown], fileKey: fileKey)
        var offset = 0
        let parsed = try AgeHeader(reading: AgeInput(source: { buffer in
            let n = min(buffer.count, header.count - offset)
            buffer.copyBytes(from: header[offset..<(offset + n)])
            offset += n
            return n
        }))
        #expect(parsed.stanzas == [unknown])
        #expect(parsed.macInput == Array(header[0..<(header.count - 45)]))

        // A 64-column last line without the empty line after it runs into '---': malformed.
        var missingFinal = header
        let doubleNewline = Array("\n\n---".utf8)
        let at = (0..<(missingFinal.count - 4)).first { Array(missingFinal[$0..<($0 + 5)]) == doubleNewline }!
        missingFinal.remove(at: at)
        offset = 0
        expectCode([.malformed]) {
            _ = try AgeHeader(reading: AgeInput(source: { buffer in
                let n = min(buffer.count, missingFinal.count - offset)
                buffer.copyBytes(from: missingFinal[offset..<(offset + n)])
                offset += n
                return n
            }))
        }
    }

    @Test("a file with an unknown stanza besides ours decrypts")
    func unknownStanzaIgnored() throws {
        var fileKey = try SecureRandom.bytes(16)
        defer { wipe(&fileKey) }
        let file = try handMade(fileKey: fileKey, chunks: [(bytes(5), true)], extraStanzas: [
            AgeStanza(type: "callvault-grease", arguments: ["a"], body: bytes(7)),
        ])
        #expect(try AgeEncryption.decrypt(file, identity: identity) == bytes(5))
    }

    @Test("an empty last chunk after a full chunk is refused; a full last chunk is fine")
    func lastChunkRules() throws {
        var fileKey = try SecureRandom.bytes(16)
        defer { wipe(&fileKey) }
        let full = bytes(65536)
        let emptyLast = try handMade(fileKey: fileKey, chunks: [(full, false), ([], true)])
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(emptyLast, identity: identity) }
        let fullLast = try handMade(fileKey: fileKey, chunks: [(full, true)])
        #expect(try AgeEncryption.decrypt(fullLast, identity: identity) == full)
        let noFinal = try handMade(fileKey: fileKey, chunks: [(full, false)])
        expectCode([.truncated]) { _ = try AgeEncryption.decrypt(noFinal, identity: identity) }
        let noChunks = try handMade(fileKey: fileKey, chunks: [])
        expectCode([.truncated]) { _ = try AgeEncryption.decrypt(noChunks, identity: identity) }
    }

    /// An age file for `identity` assembled by hand from the format's pieces, with chosen chunk flags.
    private func handMade(fileKey: [UInt8], chunks: [([UInt8], Bool)], extraStanzas: [AgeStanza] = []) throws -> [UInt8] {
        let ephemeral = try X25519PrivateKey.generate()
        var secret = try ephemeral.sharedSecret(with: identity.publicKey.rawRepresentation)
        defer { wipe(&secret) }
        let wrapKey = try HKDFSHA256.deriveKey(inputKeyMaterial: secret, salt: ephemeral.publicKey + identity.publicKey.rawRepresentation,
                                               info: AgeFormat.x25519Label)
        let stanza = AgeStanza(type: "X25519", arguments: [AgeBase64.encodeString(ephemeral.publicKey)],
                               body: try ChaCha20Poly1305.seal(fileKey, key: wrapKey, nonce: AgeFormat.zeroNonce))
        var file = try AgeHeader.encode(stanzas: extraStanzas + [stanza], fileKey: fileKey)
        let nonce = try SecureRandom.bytes(16)
        file += nonce
        let payloadKey = try AgeFormat.payloadKey(fileKey: fileKey, nonce: nonce)
        for (index, (plaintext, isLast)) in chunks.enumerated() {
            file += try ChaCha20Poly1305.seal(plaintext, key: payloadKey, nonce: AgeFormat.chunkNonce(UInt64(index), isLast: isLast))
        }
        return file
    }

    // MARK: wrong keys, damage, truncation

    @Test("a wrong passphrase or identity is .wrongKey; so is the wrong kind of key")
    func wrongKeys() throws {
        let scrypt = try AgeEncryption.encrypt(bytes(100), to: .scrypt(passphrase: "right", workFactor: testWorkFactor))
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(scrypt, passphrase: "wrong") }
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(scrypt, identity: identity) }
        let x = try AgeEncryption.encrypt(bytes(100), to: .x25519(identity.publicKey))
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(x, identity: try AgeX25519Identity.generate()) }
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(x, passphrase: "right") }
    }

    @Test("encryption refuses bad recipients")
    func badRecipients() throws {
        expectCode([.malformed]) { _ = try AgeEncryption.encrypt([], to: []) }
        expectCode([.malformed]) { _ = try AgeEncryption.encrypt([], to: .scrypt(passphrase: "", workFactor: testWorkFactor)) }
        expectCode([.malformed]) { _ = try AgeEncryption.encrypt([], to: .scrypt(passphrase: "pw", workFactor: 23)) }
        expectCode([.malformed]) { _ = try AgeEncryption.encrypt([], to: .scrypt(passphrase: "pw", workFactor: 0)) }
        expectCode([.malformed]) {
            _ = try AgeEncryption.encrypt([], to: [.scrypt(passphrase: "pw", workFactor: testWorkFactor), .x25519(identity.publicKey)])
        }
        // A low-order point (here the all-zero key) has no shared secret.
        expectCode([.malformed]) {
            _ = try AgeEncryption.encrypt([], to: .x25519(try AgeX25519PublicKey(rawRepresentation: [UInt8](repeating: 0, count: 32))))
        }
    }

    @Test("a flipped bit anywhere in an X25519 file is detected")
    func flippedBitsX25519() throws {
        let file = try AgeEncryption.encrypt(bytes(100), to: .x25519(identity.publicKey))
        let header = headerLength(file)
        for index in file.indices {
            var damaged = file
            damaged[index] ^= 0x01
            // Header damage may read as malformed, as another recipient's stanza or as a bad MAC;
            // payload damage always fails authentication.
            let codes: [CryptoError.Code] = index < header ? [.malformed, .wrongKey, .authenticationFailed, .truncated]
                                                           : [.authenticationFailed]
            expectCode(codes, "byte \(index)") { _ = try AgeEncryption.decrypt(damaged, identity: identity) }
        }
    }

    @Test("a flipped bit in the scrypt file's MAC, nonce or payload fails authentication")
    func flippedBitsScrypt() throws {
        let file = try AgeEncryption.encrypt(bytes(70000), to: .scrypt(passphrase: "pw", workFactor: testWorkFactor))
        let header = headerLength(file)
        let macStart = header - 44
        for index in [macStart, macStart + 20, header, header + 15, header + 16, header + 40_000, file.count - 17, file.count - 1] {
            var damaged = file
            damaged[index] ^= 0x20
            expectCode([.authenticationFailed, .malformed], "byte \(index)") { _ = try AgeEncryption.decrypt(damaged, passphrase: "pw") }
        }
        var badBody = file
        badBody[Array(file[0..<header]).lastIndex(of: UInt8(ascii: "\n"))! - 50] ^= 0x01  // inside the stanza body
        expectCode([.wrongKey, .malformed]) { _ = try AgeEncryption.decrypt(badBody, passphrase: "pw") }
    }

    @Test("truncation anywhere is refused; at a chunk boundary it reads as .truncated")
    func truncation() throws {
        let file = try AgeEncryption.encrypt(bytes(200_000), to: .x25519(identity.publicKey))
        let header = headerLength(file)
        let chunk = 65536 + 16
        var cuts = [0, 10, 22, 40, header - 1, header, header + 8, header + 16, header + 17, header + 16 + chunk - 1, file.count - 1]
        cuts += (1...3).map { header + 16 + $0 * chunk }
        for cut in cuts {
            let codes: [CryptoError.Code] = cut <= header + 16 ? [.truncated, .malformed] : [.truncated, .authenticationFailed]
            expectCode(codes, "cut at \(cut)") { _ = try AgeEncryption.decrypt(Array(file[0..<cut]), identity: identity) }
        }
        for k in 1...2 {
            expectCode([.truncated], "cut after chunk \(k)") {
                _ = try AgeEncryption.decrypt(Array(file[0..<(header + 16 + k * chunk)]), identity: identity)
            }
        }
        expectCode([.authenticationFailed], "appended byte") { _ = try AgeEncryption.decrypt(file + [0], identity: identity) }
    }

    @Test("scrypt work factors above the limit are refused before any work")
    func workFactorLimit() throws {
        let file = try AgeEncryption.encrypt(bytes(10), to: .scrypt(passphrase: "pw", workFactor: 12))
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(file, passphrase: "pw", maxWorkFactor: 11) }
        #expect(try AgeEncryption.decrypt(file, passphrase: "pw", maxWorkFactor: 12) == bytes(10))
        for replacement in [" 23\n", " 30\n", " 012\n", " +12\n", " 0\n", " 1a\n", " 99999999999999999999\n"] {
            let text = String(decoding: file[0..<headerLength(file)], as: UTF8.self)
                .replacingOccurrences(of: " 12\n", with: replacement)
            let damaged = Array(text.utf8) + file[headerLength(file)...]
            let started = Date()
            expectCode([.malformed], "work factor \(replacement)") { _ = try AgeEncryption.decrypt(damaged, passphrase: "pw") }
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }

    @Test("malformed headers are refused")
    func malformedHeaders() throws {
        let file = try AgeEncryption.encrypt(bytes(10), to: .x25519(identity.publicKey))
        let text = String(decoding: file[0..<headerLength(file)], as: UTF8.self)
        let payload = Array(file[headerLength(file)...])
        let variants: [(String, String)] = [
            ("age-encryption.org/v1\n", "age-encryption.org/v2\n"),
            ("\n--- ", "\r\n--- "),
            ("-> X25519 ", "-> X25519  "),
            ("-> X25519 ", "->  X25519 "),
            ("--- ", "---  "),
            ("--- ", "---"),
        ]
        for (from, to) in variants {
            let damaged = Array(text.replacingOccurrences(of: from, with: to).utf8) + payload
            expectCode([.malformed, .authenticationFailed], "\(from.debugDescription) → \(to.debugDescription)") {
                _ = try AgeEncryption.decrypt(damaged, identity: identity)
            }
        }
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(Array("-----BEGIN AGE ENCRYPTED FILE-----\n".utf8), identity: identity) }
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(Array("hello\n".utf8), identity: identity) }
        expectCode([.truncated]) { _ = try AgeEncryption.decrypt(Array("age-encryption.org/v1\n".utf8), identity: identity) }
        expectCode([.truncated, .malformed]) { _ = try AgeEncryption.decrypt([], identity: identity) }
        // 21 stanzas: too many.
        let many = "age-encryption.org/v1\n" + String(repeating: "-> x\n\n", count: 21) + "--- " + String(repeating: "A", count: 43) + "\n"
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(Array(many.utf8), identity: identity) }
        // A second scrypt stanza (or scrypt beside X25519) is refused whatever the key.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let doubled = ([lines[0], "-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10", lines[2]] + lines[1...]).joined(separator: "\n")
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(Array(doubled.utf8) + payload, identity: identity) }
        expectCode([.malformed]) { _ = try AgeEncryption.decrypt(Array(doubled.utf8) + payload, passphrase: "pw") }
    }

    // MARK: primitives

    @Test("base64 is canonical and unpadded")
    func base64() {
        #expect(AgeBase64.encodeString(Array("f".utf8)) == "Zg")
        #expect(AgeBase64.encodeString(Array("fo".utf8)) == "Zm8")
        #expect(AgeBase64.encodeString(Array("foo".utf8)) == "Zm9v")
        #expect(AgeBase64.decode("Zm9vYg") == Array("foob".utf8))
        #expect(AgeBase64.decode("Zg==") == nil)
        #expect(AgeBase64.decode("Zh") == nil)  // non-zero trailing bits
        #expect(AgeBase64.decode("Z") == nil)
        #expect(AgeBase64.decode("Zm 9") == nil)
        #expect(AgeBase64.decode("Zm-_") == nil)
        #expect(AgeBase64.decode("") == [])
        for n in 0..<70 { #expect(AgeBase64.decode(AgeBase64.encode(bytes(n))) == bytes(n)) }
    }

    @Test("Bech32 matches BIP 173 vectors and refuses bad checksums and mixed case")
    func bech32() throws {
        #expect(Bech32.decode("A12UEL5L").map { $0.hrp } == "A")
        #expect(Bech32.decode("a12uel5l")?.data == [])
        #expect(Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")?.hrp == "abcdef")
        #expect(Bech32.decode("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")?.hrp == "split")
        #expect(Bech32.decode("A12UEL5l") == nil)  // mixed case
        #expect(Bech32.decode("a12uel5m") == nil)  // checksum
        #expect(Bech32.decode("pzry9x0s0muk") == nil)  // no separator
        #expect(Bech32.decode("1pzry9x0s0muk") == nil)  // empty HRP
        #expect(Bech32.decode("a1b2c3") == nil)
        // Bech32m strings are not Bech32.
        #expect(Bech32.decode("a1lqfn3a") == nil)
        let data = bytes(32)
        #expect(Bech32.decode(Bech32.encode(hrp: "age", data: data))?.data == data)
        #expect(Bech32.encode(hrp: "AGE-SECRET-KEY-", data: data).hasPrefix("AGE-SECRET-KEY-1"))
    }

    @Test("HKDF-SHA256 matches RFC 5869 test cases 1 and 3 (empty salt and info)")
    func hkdf() throws {
        let one = try HKDFSHA256.deriveBytes(inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22), salt: Array(0...12),
                                             info: Array(0xf0...0xf9), outputByteCount: 42)
        #expect(one.hexString == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        let three = try HKDFSHA256.deriveBytes(inputKeyMaterial: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], outputByteCount: 42)
        #expect(three.hexString == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
    }

    @Test("scrypt matches RFC 7914 (password, NaCl, N=1024, r=8, p=16)")
    func scrypt() throws {
        let key = try Scrypt.deriveKey(passphrase: Array("password".utf8), salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16)
        #expect(key.exportBytes().hexString == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162")
    }

    @Test("ChaCha20-Poly1305 matches Python's cryptography; X25519 matches RFC 7748")
    func chachaAndX25519() throws {
        let key = try SymmetricKey(bytes: Array(0..<32))
        let sealed = try ChaCha20Poly1305.seal(Array("callvault".utf8), key: key, nonce: AgeFormat.zeroNonce)
        #expect(sealed.hexString == "7bd92e5ddb87d3bd670d462e1d9529ed5bd57bf6e9c9d7fcec")
        #expect(try ChaCha20Poly1305.open(sealed, key: key, nonce: AgeFormat.zeroNonce) == Array("callvault".utf8))
        var bad = sealed
        bad[0] ^= 1
        expectCode([.authenticationFailed]) { _ = try ChaCha20Poly1305.open(bad, key: key, nonce: AgeFormat.zeroNonce) }

        let alice = try X25519PrivateKey(rawRepresentation: [UInt8](hexString: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")!)
        let bob = try X25519PrivateKey(rawRepresentation: [UInt8](hexString: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")!)
        #expect(alice.publicKey.hexString == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(bob.publicKey.hexString == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
        #expect(try alice.sharedSecret(with: bob.publicKey).hexString == shared)
        #expect(try bob.sharedSecret(with: alice.publicKey).hexString == shared)
    }

    // MARK: keys

    @Test("identities and recipients round-trip through their text forms; description hides the secret")
    func keyStrings() throws {
        let secret = try identity.exportSecretKey()
        #expect(secret.hasPrefix("AGE-SECRET-KEY-1") && secret.count == 74)
        let again = try AgeX25519Identity(parsing: secret)
        #expect(again.publicKey == identity.publicKey)
        #expect(identity.publicKey.description.hasPrefix("age1") && identity.publicKey.description.count == 62)
        #expect(try AgeX25519PublicKey(parsing: identity.publicKey.description + "\n") == identity.publicKey)
        #expect(!identity.description.contains(secret) && !"\(identity)".contains("SECRET"))
        let fromFile = try AgeX25519Identity.parseIdentityFile(try identity.exportIdentityFile())
        #expect(fromFile.map(\.publicKey) == [identity.publicKey])
        expectCode([.malformed]) { _ = try AgeX25519Identity(parsing: secret.lowercased()) }  // age writes upper case
        expectCode([.malformed]) { _ = try AgeX25519PublicKey(parsing: identity.publicKey.description.uppercased()) }
        let recipient = identity.publicKey.description
        expectCode([.malformed]) { _ = try AgeX25519PublicKey(parsing: String(recipient.dropLast()) + (recipient.last == "q" ? "p" : "q")) }
        expectCode([.malformed]) { _ = try AgeX25519Identity(parsing: identity.publicKey.description) }
        expectCode([.malformed]) { _ = try AgeX25519Identity.parseIdentityFile("# nothing\n\n") }
        expectCode([.malformed]) { _ = try AgeX25519Identity.parseIdentityFile("ssh-ed25519 AAAA\n") }
    }

    // MARK: files made by age

    @Test("known answer: an X25519 file made by age 1.1.1 decrypts with its identity")
    func knownAnswerX25519() throws {
        let identityFile = """
        # created: 2026-11-22T21:52:31Z
        # public key: age13cqncu4sfwtm2l53kafdgacwh5d9w8vhndnqzesswcvd80s9rq6qmn9wf0
        AGE-SECRET-KEY-1YRX474A3HQ5KCHZWGAEHWF8935M9F9YVXTSTEGVSYZEKYTQM2GYSH9KSY3

        """
        let identities = try AgeX25519Identity.parseIdentityFile(identityFile)
        #expect(identities.map(\.publicKey.description) == ["age13cqncu4sfwtm2l53kafdgacwh5d9w8vhndnqzesswcvd80s9rq6qmn9wf0"])
        let file = Array(Data(base64Encoded: """
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSA1QXJMT29ta1BkOHZyV3NTcms2TXFFdkdjeG96ZGxJM0FaV0x5c3J0c21jClpUQzJDNjhWeVl1a1RkaDd\
            YQUVLVFp5MGNhMmJhZUhVaGE0REpzanh2L00KLS0tIEQrWWcxQzZzamJkSkU1T2ZxR3ZJQnVDR2VEVXJ6bFFCTUhLMmJQVUtaMm8K84r1tuxtSuY+izxzuEU9hV\
            RPigb9n24nSjrykEc9OIQNNAbv/9MfRCnS8FBAHKsFk5LgvZAfBLowNR9fPKAlfQ==
            """)!)
        #expect(try AgeEncryption.decrypt(file, identities: identities) == Array("callvault age known-answer test\n".utf8))
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(file, identity: identity) }
    }

    @Test("known answer: a passphrase file made by `age -p` (work factor 18) decrypts")
    func knownAnswerScrypt() throws {
        let file = Array(Data(base64Encoded: """
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNjcnlwdCBKYWw3MGVOTjJPQmJLNHJSYlM1NWp3IDE4CjllelVOeEFmSndmVHpNLzllWE5XTFNwMUR2aFZCZjNKK2\
            JyT3F4ckhoYjAKLS0tIGg1cGMrM1UzRHVaTUMxL3l6U21FMHl1ZnRlRldoN3ZqVHV1Qm5TOUpPR0EKQACsqHeLsZS36E+VDPk1PR8apkAGe6pvm2Uk0AMkD0qL8\
            FKMfJlzz6gKxSP3OIR8tjSOFxFvxnJWDWROjGhsKQ==
            """)!)
        #expect(try AgeEncryption.decrypt(file, passphrase: "correct horse battery staple") == Array("callvault age known-answer test\n".utf8))
    }

    // MARK: interop with the age binary

    @Test("X25519: callvault encrypts, `age -d -i` decrypts; `age -r` encrypts, callvault decrypts",
          arguments: [0, 1, 65536, 200_000])
    func ageX25519Interop(length: Int) throws {
        let dir = TemporaryDirectory("age-x25519")
        let keygen = try Subprocess.run("age-keygen", ["-o", dir.path("id.txt").path])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        let identities = try AgeX25519Identity.parseIdentityFile(String(contentsOf: dir.path("id.txt"), encoding: .utf8))
        let recipient = try Subprocess.run("age-keygen", ["-y", dir.path("id.txt").path]).stdout
        #expect(identities[0].publicKey == (try AgeX25519PublicKey(parsing: recipient)))

        let plaintext = bytes(length, seed: 5)
        try write(try AgeEncryption.encrypt(plaintext, to: .x25519(identities[0].publicKey)), to: dir.path("ours.age"))
        // To stdout: `age -o` creates no file at all for an empty plaintext.
        let decrypted = try Subprocess.run("age", ["-d", "-i", dir.path("id.txt").path, dir.path("ours.age").path])
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        #expect(Array(decrypted.stdoutData) == plaintext)

        try write(plaintext, to: dir.path("plain.bin"))
        let encrypted = try Subprocess.run("age", ["-r", recipient.trimmingCharacters(in: .whitespacesAndNewlines),
                                                   "-o", dir.path("theirs.age").path, dir.path("plain.bin").path])
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        #expect(try AgeEncryption.decrypt(try read(dir.path("theirs.age")), identities: identities) == plaintext)
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(try read(dir.path("theirs.age")), identity: identity) }
    }

    @Test("X25519: a callvault identity file works with `age -d -i`, and age encrypts to a callvault recipient")
    func callvaultIdentityWithAge() throws {
        let dir = TemporaryDirectory("age-x25519-ours")
        try identity.exportIdentityFile().write(to: dir.path("id.txt"), atomically: true, encoding: .utf8)
        let derived = try Subprocess.run("age-keygen", ["-y", dir.path("id.txt").path])
        #expect(derived.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == identity.publicKey.description)
        let plaintext = bytes(70_000, seed: 11)
        try write(plaintext, to: dir.path("plain.bin"))
        let encrypted = try Subprocess.run("age", ["-r", identity.publicKey.description, "-o", dir.path("f.age").path, dir.path("plain.bin").path])
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        #expect(try AgeEncryption.decrypt(try read(dir.path("f.age")), identity: identity) == plaintext)
        try write(try AgeEncryption.encrypt(plaintext, to: .x25519(identity.publicKey)), to: dir.path("g.age"))
        let decrypted = try Subprocess.run("age", ["-d", "-i", dir.path("id.txt").path, dir.path("g.age").path])
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        #expect(Array(decrypted.stdoutData) == plaintext)
    }

    @Test("scrypt: callvault encrypts (work factor 10), `age -d` decrypts through a pty; a wrong passphrase fails there too")
    func ageScryptDecrypts() throws {
        let dir = TemporaryDirectory("age-scrypt")
        let plaintext = bytes(100_000, seed: 7)
        try write(try AgeEncryption.encrypt(plaintext, to: .scrypt(passphrase: "operator passphrase", workFactor: testWorkFactor)),
                  to: dir.path("f.age"))
        let result = try agePassphrase("decrypt", passphrase: "operator passphrase", input: dir.path("f.age"), output: dir.path("f.out"), in: dir)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(try read(dir.path("f.out")) == plaintext)
        let wrong = try agePassphrase("decrypt", passphrase: "not it", input: dir.path("f.age"), output: dir.path("g.out"), in: dir)
        #expect(wrong.status != 0)
    }

    @Test("scrypt at the default work factor 18: `age -d` decrypts callvault's file")
    func ageScryptDefaultWorkFactor() throws {
        let dir = TemporaryDirectory("age-scrypt18")
        let plaintext = Array("{\"kek\":[1,2,3]}\n".utf8) + bytes(5000)
        let file = try AgeEncryption.encrypt(plaintext, to: .scrypt(passphrase: "backup passphrase"))
        #expect(String(decoding: file.prefix(80), as: UTF8.self).contains(" 18\n"))
        try write(file, to: dir.path("keys.age"))
        let result = try agePassphrase("decrypt", passphrase: "backup passphrase", input: dir.path("keys.age"), output: dir.path("keys.out"), in: dir)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(try read(dir.path("keys.out")) == plaintext)
    }

    @Test("scrypt: `age -p` encrypts through a pty, callvault decrypts", arguments: [0, 65536, 150_000])
    func agePassphraseEncrypts(length: Int) throws {
        let dir = TemporaryDirectory("age-p")
        let plaintext = bytes(length, seed: 13)
        try write(plaintext, to: dir.path("plain.bin"))
        let result = try agePassphrase("encrypt", passphrase: "pässphrase from age", input: dir.path("plain.bin"), output: dir.path("f.age"), in: dir)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let file = try read(dir.path("f.age"))
        #expect(try AgeEncryption.decrypt(file, passphrase: "pässphrase from age") == plaintext)
        expectCode([.wrongKey]) { _ = try AgeEncryption.decrypt(file, passphrase: "pässphrase from agE") }
    }
}
