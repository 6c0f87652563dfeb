import Foundation
import Testing
@testable import VaultCrypto
import VaultTestSupport

/// One SoftHSM2 token directory for the whole test process.
///
/// SoftHSM2 reads `SOFTHSM2_CONF` (process-wide) at `C_Initialize`, a module is initialised once per
/// process, and SoftHSM2 lists only the tokens present at `C_Initialize`. So the directory and every
/// token the tests use are made once, before any test loads the module; each test has its own token.
final class SoftHSMFixture: Sendable {
    static let pin = "1234"
    static let soPIN = "5678"
    static let tokens = [
        "generate", "roundtrip", "context", "two-keys", "wrong-pin", "wrong-pin-live", "missing",
        "destroy", "pin-file", "concurrent", "bench", "compat",
    ]

    let directory: URL
    let moduleAvailable: Bool

    private static let instance: Result<SoftHSMFixture, any Error> = Result { try SoftHSMFixture() }
    /// The fixture, made on first use.
    static func shared() throws -> SoftHSMFixture { try instance.get() }

    private init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("callvault-softhsm-\(UUID().uuidString.prefix(8))")
        let tokenDir = directory.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: tokenDir, withIntermediateDirectories: true)
        let conf = directory.appendingPathComponent("softhsm2.conf")
        try "directories.tokendir = \(tokenDir.path)\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        setenv("SOFTHSM2_CONF", conf.path, 1)
        fixtureDirectory = strdup(directory.path)
        atexit { if let path = fixtureDirectory { try? FileManager.default.removeItem(atPath: String(cString: path)) } }
        moduleAvailable = FileManager.default.fileExists(atPath: PKCS11URI.defaultModulePath)
        for label in Self.tokens {
            let result = try Subprocess.run("softhsm2-util", ["--init-token", "--free", "--label", label,
                                                              "--pin", Self.pin, "--so-pin", Self.soPIN],
                                            environment: ["SOFTHSM2_CONF": conf.path])
            guard result.status == 0 else {
                throw CryptoError(.token, "softhsm2-util --init-token \(label) failed: \(result.stderr)\(result.stdout)")
            }
        }
    }

    /// A URI for `object` on the test token `token`.
    func uri(_ token: String, _ object: String = "kek-1", pin: String = SoftHSMFixture.pin) throws -> PKCS11URI {
        precondition(Self.tokens.contains(token), "add \(token) to SoftHSMFixture.tokens")
        return try PKCS11URI("pkcs11:token=\(token);object=\(object)?module-path=\(PKCS11URI.defaultModulePath)&pin-value=\(pin)")
    }
}

nonisolated(unsafe) private var fixtureDirectory: UnsafeMutablePointer<CChar>?

private let softHSMInstalled = FileManager.default.fileExists(atPath: PKCS11URI.defaultModulePath)
    && Subprocess.isAvailable("softhsm2-util")

@Suite("PKCS#11 KEK against SoftHSM2", .enabled(if: softHSMInstalled, "SoftHSM2 (softhsm2, softhsm2-util) is not installed"))
struct PKCS11Tests {
    let hsm: SoftHSMFixture
    init() throws { hsm = try SoftHSMFixture.shared() }

    @Test("a generated key is AES-256, sensitive and never extractable; its label cannot be reused")
    func generate() throws {
        let uri = try hsm.uri("generate")
        let kek = try PKCS11KEK.generateKey(uri: uri)
        let attributes = try kek.keyAttributes()
        #expect(attributes.isSensitive)
        #expect(!attributes.isExtractable)
        #expect(attributes.wasAlwaysSensitive)
        #expect(attributes.wasNeverExtractable)
        #expect(attributes.isTokenObject)
        #expect(attributes.keyByteCount == 32)
        #expect(!attributes.isValueReadable)
        #expect(attributes.isNonExtractable)

        let again = #expect(throws: CryptoError.self) { try PKCS11KEK.generateKey(uri: uri) }
        #expect(again?.code == .alreadyExists)
        #expect(again?.message.contains("'kek-1'") == true && again?.message.contains("'generate'") == true)

        // The key is on the token, not in this process: a fresh KEK finds it by label.
        let reopened = try PKCS11KEK(uri: uri)
        #expect(try reopened.keyAttributes() == attributes)
    }

    @Test("wrap and unwrap round trip, in the KeyWrap byte layout, with a fresh IV each time")
    func roundTrip() throws {
        let kek = try PKCS11KEK.generateKey(uri: try hsm.uri("roundtrip"))
        let dek = try SymmetricKey.random()
        let context = Array("recording:42".utf8)
        let first = try kek.wrap(dek, context: context)
        let second = try kek.wrap(dek, context: context)
        #expect(first.count == KeyWrap.wrappedByteCount)
        #expect(first[0] == 0x01)
        #expect(first[1..<13] != second[1..<13], "each wrap draws a new IV")
        #expect(try kek.unwrap(first, context: context).exportBytes() == dek.exportBytes())
        #expect(try kek.unwrap(second, context: context).exportBytes() == dek.exportBytes())

        // Through the protocol, as the vault uses it.
        let any: any KeyEncryptionKey = kek
        #expect(try any.unwrap(any.wrap(dek, context: []), context: []).exportBytes() == dek.exportBytes())

        let truncated = #expect(throws: CryptoError.self) { try kek.unwrap(Array(first.dropLast()), context: context) }
        #expect(truncated?.code == .malformed)
        var altered = first
        altered[20] ^= 0x01
        #expect((#expect(throws: CryptoError.self) { try kek.unwrap(altered, context: context) })?.code == .wrongKey)
    }

    @Test("the token and KeyWrap produce the same format: each unwraps the other's bytes")
    func sameFormatAsKeyWrap() throws {
        let material = try SymmetricKey.random()
        let hsmKEK = try PKCS11KEK.importKey(material, uri: try hsm.uri("compat"))
        let fileKEK = FileKEK(key: material)
        let dek = try SymmetricKey.random()
        let context = Array("kek:v3".utf8)
        #expect(try fileKEK.unwrap(hsmKEK.wrap(dek, context: context), context: context).exportBytes() == dek.exportBytes())
        #expect(try hsmKEK.unwrap(fileKEK.wrap(dek, context: context), context: context).exportBytes() == dek.exportBytes())
        let moved = #expect(throws: CryptoError.self) {
            try fileKEK.unwrap(hsmKEK.wrap(dek, context: context), context: Array("kek:v4".utf8))
        }
        #expect(moved?.code == .wrongKey)
        #expect(try !hsmKEK.keyAttributes().wasNeverExtractable, "imported material is not 'never extractable'")
    }

    @Test("wrapped bytes unwrap only with the same context")
    func contextBinding() throws {
        let kek = try PKCS11KEK.generateKey(uri: try hsm.uri("context"))
        let dek = try SymmetricKey.random()
        let wrapped = try kek.wrap(dek, context: Array("recording:1".utf8))
        let error = #expect(throws: CryptoError.self) { try kek.unwrap(wrapped, context: Array("recording:2".utf8)) }
        #expect(error?.code == .wrongKey)
        #expect((#expect(throws: CryptoError.self) { try kek.unwrap(wrapped, context: []) })?.code == .wrongKey)
        #expect(try kek.unwrap(wrapped, context: Array("recording:1".utf8)).exportBytes() == dek.exportBytes())
    }

    @Test("a key wrapped under one token key does not unwrap under another")
    func secondKey() throws {
        let one = try PKCS11KEK.generateKey(uri: try hsm.uri("two-keys", "kek-1"))
        let two = try PKCS11KEK.generateKey(uri: try hsm.uri("two-keys", "kek-2"))
        let dek = try SymmetricKey.random()
        let wrapped = try one.wrap(dek, context: [1, 2, 3])
        let error = #expect(throws: CryptoError.self) { try two.unwrap(wrapped, context: [1, 2, 3]) }
        #expect(error?.code == .wrongKey)
        #expect(try one.unwrap(wrapped, context: [1, 2, 3]).exportBytes() == dek.exportBytes())
    }

    @Test("a wrong PIN is a clear error naming the token and never the PIN")
    func wrongPIN() throws {
        _ = try PKCS11KEK.generateKey(uri: try hsm.uri("wrong-pin"))
        let error = #expect(throws: CryptoError.self) { try PKCS11KEK(uri: try hsm.uri("wrong-pin", pin: "987654")) }
        #expect(error?.code == .wrongPIN)
        #expect(error?.message.contains("'wrong-pin'") == true)
        #expect(error?.message.contains("987654") == false)
    }

    @Test("a wrong PIN is refused even while the token is logged in with the right one")
    func wrongPINWhileLoggedIn() throws {
        let live = try PKCS11KEK.generateKey(uri: try hsm.uri("wrong-pin-live"))  // holds a logged-in session
        let error = #expect(throws: CryptoError.self) { try PKCS11KEK(uri: try hsm.uri("wrong-pin-live", pin: "000000")) }
        #expect(error?.code == .wrongPIN)
        #expect(try live.unwrap(live.wrap(SymmetricKey.random(), context: []), context: []).exportBytes().count == 32)
        _ = try PKCS11KEK(uri: try hsm.uri("wrong-pin-live"))
    }

    @Test("a locked PIN maps to .pinLocked (SoftHSM2 never locks, so the mapping is checked directly)")
    func lockedPIN() {
        let error = PKCS11Module.loginError(0xA4 /* CKR_PIN_LOCKED */, tokenLabel: "vault")
        #expect(error.code == .pinLocked)
        #expect(error.message.contains("'vault'") && error.message.contains("locked"))
        #expect(PKCS11Module.loginError(0xA0 /* CKR_PIN_INCORRECT */, tokenLabel: "vault").code == .wrongPIN)
    }

    @Test("a missing module, token or key object is a clear error naming it")
    func missing() throws {
        _ = try PKCS11KEK.generateKey(uri: try hsm.uri("missing", "present"))

        let noToken = #expect(throws: CryptoError.self) {
            try PKCS11KEK(uri: "pkcs11:token=no-such-token;object=kek-1?pin-value=1234")
        }
        #expect(noToken?.code == .token)
        #expect(noToken?.message.contains("'no-such-token'") == true)
        #expect(noToken?.message.contains("'missing'") == true, "the message lists the tokens present")

        let noObject = #expect(throws: CryptoError.self) { try PKCS11KEK(uri: try hsm.uri("missing", "absent")) }
        #expect(noObject?.code == .keyNotFound)
        #expect(noObject?.message.contains("'absent'") == true && noObject?.message.contains("'missing'") == true)

        let noModule = #expect(throws: CryptoError.self) {
            try PKCS11KEK(uri: "pkcs11:token=missing;object=present?module-path=/nonexistent/libnothing.so&pin-value=1234")
        }
        #expect(noModule?.code == .token)
        #expect(noModule?.message.contains("/nonexistent/libnothing.so") == true)
        #expect(noModule?.message.contains("1234") == false)

        let noPIN = #expect(throws: CryptoError.self) { try PKCS11KEK(uri: "pkcs11:token=missing;object=present") }
        #expect(noPIN?.code == .malformed)
    }

    @Test("a destroyed key no longer unwraps, in a live KEK or a new one")
    func destroy() throws {
        let uri = try hsm.uri("destroy")
        let kek = try PKCS11KEK.generateKey(uri: uri)
        let dek = try SymmetricKey.random()
        let wrapped = try kek.wrap(dek, context: [])
        try PKCS11KEK.destroyKey(uri: uri)

        let live = #expect(throws: CryptoError.self) { try kek.unwrap(wrapped, context: []) }
        #expect(live?.code == .keyNotFound)
        #expect(live?.message.contains("'kek-1'") == true && live?.message.contains("'destroy'") == true)
        #expect((#expect(throws: CryptoError.self) { try kek.wrap(dek, context: []) })?.code == .keyNotFound)
        #expect((#expect(throws: CryptoError.self) { try PKCS11KEK(uri: uri) })?.code == .keyNotFound)
        #expect((#expect(throws: CryptoError.self) { try PKCS11KEK.destroyKey(uri: uri) })?.code == .keyNotFound)

        // The label is free again, for a new key that cannot read the old wraps.
        let successor = try PKCS11KEK.generateKey(uri: uri)
        #expect((#expect(throws: CryptoError.self) { try successor.unwrap(wrapped, context: []) })?.code == .wrongKey)
    }

    @Test("URI parsing: percent-decoding, defaults, and refusals")
    func uriParsing() throws {
        let uri = try PKCS11URI("pkcs11:token=Vault%20KEK%20%E2%9C%93;object=kek%2F0001;type=secret-key?module-path=/opt/hsm/lib%2Dp11.so&pin-value=s3cr%65t%26x")
        #expect(uri.tokenLabel == "Vault KEK ✓")
        #expect(uri.objectLabel == "kek/0001")
        #expect(uri.modulePath == "/opt/hsm/lib-p11.so")
        #expect(uri.hasPINValue)
        #expect(uri.pinFile == nil)
        #expect(try uri.resolvePIN().withUnsafeBytes { Array($0) } == Array("s3cret&x".utf8))

        let plain = try PKCS11URI("PKCS11:token=t;object=o?pin-source=file:/run/secrets/pin")
        #expect(plain.modulePath == PKCS11URI.defaultModulePath)
        #expect(plain.modulePath == "/usr/lib/softhsm/libsofthsm2.so")
        #expect(plain.pinFile == "/run/secrets/pin")
        #expect(!plain.hasPINValue)
        #expect(try PKCS11URI("pkcs11:token=t;object=o?pin-source=file:///run/pin").pinFile == "/run/pin")
        #expect(try PKCS11URI("pkcs11:token=t;object=o?pin-source=file://localhost/run/pin").pinFile == "/run/pin")
        #expect(try PKCS11URI("pkcs11:token=t;object=o?pin-source=%2Frun%2Fpin").pinFile == "/run/pin")

        let refused = [
            "token=t;object=o",                                          // no scheme
            "pkcs11:object=o?pin-value=1",                               // no token
            "pkcs11:token=t?pin-value=1",                                // no object
            "pkcs11:token=t;object=o?pin-value=1&pin-source=file:/p",    // two PIN sources
            "pkcs11:token=t;object=o;serial=42",                         // unsupported attribute
            "pkcs11:token=t;object=o;type=private",                      // not a secret key
            "pkcs11:token=t;token=u;object=o",                           // repeated
            "pkcs11:token=t%2;object=o",                                 // bad escape
            "pkcs11:token=t;object=o?module-path=relative.so",           // relative module path
            "pkcs11:token=t;object=o?pin-source=https://example/pin",    // not a file
            "pkcs11:token=\(String(repeating: "x", count: 33));object=o", // label over 32 bytes
        ]
        for text in refused {
            let error = #expect(throws: CryptoError.self, "\(text)") { try PKCS11URI(text) }
            #expect(error?.code == .malformed, "\(text)")
        }
        let badPIN = #expect(throws: CryptoError.self) { try PKCS11URI("pkcs11:token=t;object=o?pin-value=se%Zcret") }
        #expect(badPIN?.message.contains("se%Zcret") == false, "errors never quote a PIN")
    }

    @Test("the PIN never shows in a URI's description, debug description or mirror")
    func redaction() throws {
        let uri = try PKCS11URI("pkcs11:token=Vault%20KEK;object=kek-1?pin-value=hunter%32")
        for text in [uri.description, String(describing: uri), String(reflecting: uri), "\(uri)"] {
            #expect(!text.contains("hunter"), "\(text)")
            #expect(text.contains("<redacted>"), "\(text)")
            #expect(text.contains("token=Vault%20KEK;object=kek-1"), "\(text)")
        }
        var dumped = ""
        dump(uri, to: &dumped)
        #expect(!dumped.contains("hunter"), "\(dumped)")
        let file = try PKCS11URI("pkcs11:token=t;object=o?pin-source=file:/run/pin")
        #expect(file.description == "pkcs11:token=t;object=o?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin")

        let hsmKEK = try PKCS11KEK.generateKey(uri: try hsm.uri("pin-file", "redaction", pin: SoftHSMFixture.pin))
        #expect(!String(describing: hsmKEK).contains(SoftHSMFixture.pin))
        #expect(!hsmKEK.uri.description.contains("pin-value=\(SoftHSMFixture.pin)"))
    }

    @Test("pin-source reads the PIN from a private file")
    func pinSourceFile() throws {
        let tmp = TemporaryDirectory()
        let pinFile = tmp.path("pin")
        try "\(SoftHSMFixture.pin)\n".write(to: pinFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pinFile.path)
        let uri = try PKCS11URI("pkcs11:token=pin-file;object=kek-1?pin-source=file:\(pinFile.path)")
        let kek = try PKCS11KEK.generateKey(uri: uri)
        let dek = try SymmetricKey.random()
        #expect(try kek.unwrap(kek.wrap(dek, context: [7]), context: [7]).exportBytes() == dek.exportBytes())

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pinFile.path)
        let loose = #expect(throws: CryptoError.self) { try PKCS11KEK(uri: uri) }
        #expect(loose?.message.contains("chmod 600") == true)

        let wrongFile = tmp.path("wrong")
        try "0000\n".write(to: wrongFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: wrongFile.path)
        let wrong = #expect(throws: CryptoError.self) {
            try PKCS11KEK(uri: "pkcs11:token=wrong-pin;object=kek-1?pin-source=file:\(wrongFile.path)")
        }
        #expect(wrong?.code == .wrongPIN)

        let absent = #expect(throws: CryptoError.self) {
            try PKCS11KEK(uri: "pkcs11:token=pin-file;object=kek-1?pin-source=file:\(tmp.path("absent").path)")
        }
        #expect(absent?.code == .token)
    }

    @Test("wraps and unwraps run concurrently from several threads")
    func concurrent() throws {
        let kek = try PKCS11KEK.generateKey(uri: try hsm.uri("concurrent"))
        let threads = 8, rounds = 150
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                for round in 0..<rounds {
                    let dek = try SymmetricKey.random()
                    let context = Array("t\(thread)r\(round)".utf8)
                    let wrapped = try kek.wrap(dek, context: context)
                    guard try kek.unwrap(wrapped, context: context).exportBytes() == dek.exportBytes() else {
                        failures.add("thread \(thread) round \(round): different key back")
                        return
                    }
                }
            } catch {
                failures.add("thread \(thread): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
    }

    @Test("throughput of wrap + unwrap (printed for the benchmark notes, not asserted)")
    func throughput() throws {
        let kek = try PKCS11KEK.generateKey(uri: try hsm.uri("bench"))
        let dek = try SymmetricKey.random()
        let context = Array("bench".utf8)
        let count = 2000
        var start = Date()
        for _ in 0..<count { _ = try kek.unwrap(kek.wrap(dek, context: context), context: context) }
        let serial = Double(count) / Date().timeIntervalSince(start)

        let threads = 4
        start = Date()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<(count / threads) { _ = try? kek.unwrap(kek.wrap(dek, context: context), context: context) }
        }
        let parallel = Double(count) / Date().timeIntervalSince(start)

        let file = FileKEK(key: try SymmetricKey.random())
        start = Date()
        for _ in 0..<count { _ = try file.unwrap(file.wrap(dek, context: context), context: context) }
        let inMemory = Double(count) / Date().timeIntervalSince(start)
        print(String(format: "PKCS11KEK (SoftHSM2) wrap+unwrap pairs/s: %.0f on 1 thread, %.0f on %d threads; FileKEK: %.0f",
                     serial, parallel, threads, inMemory))
    }
}

/// Failures collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.lock(); list.append(failure); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
