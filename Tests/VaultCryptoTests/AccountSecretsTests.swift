import Foundation
import Testing
import VaultCrypto

@Suite struct TOTPTests {
    /// RFC 6238 appendix B (SHA-1, secret "12345678901234567890"), last six of its eight digits.
    @Test(arguments: [(59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
                      (2_000_000_000, "279037"), (20_000_000_000, "353130")])
    func rfc6238Vectors(seconds: Int, code: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(seconds))) == code)
    }

    @Test func acceptsOneStepOfDriftEitherSideAndNoMore() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), at: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(step: step + 2), at: now) == nil)
        #expect(totp.matchingStep("12345", at: now) == nil)
        #expect(totp.matchingStep("abcdef", at: now) == nil)
        let spaced = totp.code(step: step)
        #expect(totp.matchingStep(spaced.prefix(3) + " " + spaced.dropFirst(3), at: now) == step)
    }

    @Test func provisioningURICarriesTheSecretInBase32() throws {
        let secret = try TOTP.generateSecret()
        #expect(secret.count == 20)
        let uri = TOTP(secret: secret).provisioningURI(account: "alice@example", issuer: "callvault")
        #expect(uri.hasPrefix("otpauth://totp/callvault%3Aalice%40example?secret=\(Base32.encode(secret))&issuer=callvault"))
        #expect(uri.contains("digits=6") && uri.contains("period=30") && uri.contains("algorithm=SHA1"))
    }
}

@Suite struct Base32Tests {
    /// RFC 4648 section 10, without padding.
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased() + "===") == Array(plain.utf8))
    }

    @Test func refusesCharactersOutsideTheAlphabet() {
        #expect(Base32.decode("MZ1W") == nil)
        #expect(Base32.decode("MZ8W") == nil)
    }
}

@Suite struct PasswordHashTests {
    @Test func verifiesTheRightPasswordOnly() throws {
        let hash = try PasswordHash.make("correct horse battery 7", logN: 14)
        #expect(hash.hasPrefix("$scrypt$ln=14,r=8,p=1$"))
        #expect(try PasswordHash.verify("correct horse battery 7", against: hash))
        #expect(try !PasswordHash.verify("correct horse battery 8", against: hash))
        #expect(try !PasswordHash.verify("", against: hash))
    }

    @Test func saltsEachHash() throws {
        #expect(try PasswordHash.make("same password", logN: 14) != PasswordHash.make("same password", logN: 14))
    }

    @Test func defaultCostIsOWASPsMinimum() throws {
        #expect(PasswordHash.defaultLogN >= 17)
    }

    @Test func refusesMalformedOrOutrageousHashes() throws {
        let hash = try PasswordHash.make("correct horse battery 7", logN: 14)
        for bad in ["", "plain", "$bcrypt$x$y$z", hash.replacingOccurrences(of: "ln=14", with: "ln=30"),
                    hash.replacingOccurrences(of: "ln=14", with: "ln=10"), hash.replacingOccurrences(of: "r=8", with: "r=64"),
                    String(hash.dropLast(8))] {
            #expect(throws: CryptoError.self, "\(bad)") { try PasswordHash.verify("correct horse battery 7", against: bad) }
        }
    }

    @Test func constantTimeEqualityComparesWholeValues() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }
}
