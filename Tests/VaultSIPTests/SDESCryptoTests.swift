import Foundation
import Testing
@testable import VaultSIP

/// SDES keys (RFC 4568) read from offers, and SRTP lines answered with a key of the recorder's own.
@Suite("SDES crypto attributes and SRTP lines")
struct SDESCryptoTests {
    /// 30 bytes (a 16-byte key and a 14-byte salt) of the test's own, base64.
    static let key128 = Data((1...30).map { UInt8($0) }).base64EncodedString()
    static let key256 = Data((1...46).map { UInt8($0) }).base64EncodedString()

    @Test("valid attributes give the suite, tag and key bytes; the key is never shown")
    func valid() throws {
        let crypto = try SDESCrypto(attribute: "1 AES_CM_128_HMAC_SHA1_80 inline:\(Self.key128)|2^31")
        #expect(crypto.tag == 1 && crypto.suite == .aes128HMACSHA1_80 && crypto.keyAndSalt == Array(1...30))
        #expect(try SDESCrypto(attribute: "7 AES_CM_128_HMAC_SHA1_32 inline:\(Self.key128)").suite == .aes128HMACSHA1_32)
        #expect(try SDESCrypto(attribute: "2 AES_256_CM_HMAC_SHA1_80 inline:\(Self.key256)|1048576").keyAndSalt.count == 46)
        for shown in ["\(crypto)", String(reflecting: crypto), { var s = ""; dump(crypto, to: &s); return s }()] {
            #expect(!shown.contains(Self.key128) && shown.contains("AES_CM_128_HMAC_SHA1_80"), "\(shown)")
        }
        #expect(crypto.attribute == "1 AES_CM_128_HMAC_SHA1_80 inline:\(Self.key128)")
    }

    @Test("malformed or unsupported attributes are refused with a reason that holds no key", arguments: [
        "AES_CM_128_HMAC_SHA1_80 inline:\(key128)",                       // no tag
        "1 AEAD_AES_256_GCM inline:\(Data(count: 44).base64EncodedString())", // a suite this build lacks
        "1 AES_CM_128_HMAC_SHA1_80 inline:\(key128)|2^31|1:4",            // an MKI
        "1 AES_CM_128_HMAC_SHA1_80 inline:\(key128);inline:\(key128)",    // two keys
        "1 AES_CM_128_HMAC_SHA1_80 inline:\(key128) UNENCRYPTED_SRTP",    // session parameters
        "1 AES_CM_128_HMAC_SHA1_80 inline:\(key256)",                     // the wrong length
        "1 AES_CM_128_HMAC_SHA1_80 inline:not*base64",
        "1 AES_CM_128_HMAC_SHA1_80 \(key128)",                            // not inline:
        "1 AES_CM_128_HMAC_SHA1_80 inline:\(key128)|forever",
    ])
    func refused(attribute: String) {
        do {
            _ = try SDESCrypto(attribute: attribute)
            Issue.record("accepted: \(attribute)")
        } catch let error as SIPError {
            #expect(error.code == .malformedSDP && !error.message.contains(Self.key128) && !error.message.contains(Self.key256))
        } catch {
            Issue.record("\(error)")
        }
    }

    func offer(cryptoLines: [String], transport: String = "RTP/SAVP") -> String {
        var sdp = "v=0\r\no=SRC 1 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n"
        for label in ["1", "2"] {
            sdp += "m=audio 4000 \(transport) 0\r\na=rtpmap:0 PCMU/8000\r\na=label:\(label)\r\na=sendonly\r\n"
            for line in cryptoLines { sdp += "a=crypto:\(line)\r\n" }
        }
        return sdp
    }

    @Test("an SRTP offer is answered on the first usable crypto line's tag with a fresh key; the streams carry the SRC's key")
    func answered() throws {
        var sessions = SIPRECSessionsTests().table()
        let ports = SIPRECSessionsTests.Ports()
        let sdp = offer(cryptoLines: ["1 AEAD_AES_128_GCM inline:\(Data(count: 28).base64EncodedString())",
                                      "2 AES_CM_128_HMAC_SHA1_80 inline:\(Self.key128)"])
        let invite = try SIPRECSessionsTests().request("INVITE", cseq: 1, type: "application/sdp", body: sdp)
        let actions = sessions.handle(invite, allocate: ports.allocate)
        let ok = try #require(SIPRECSessionsTests().sent(actions))
        #expect(ok.status == 200)
        let answer = try SessionDescription.parse(String(decoding: ok.body, as: UTF8.self))
        #expect(answer.media.map(\.transport) == ["RTP/SAVP", "RTP/SAVP"])
        let answered = try answer.media.map { try SDESCrypto(attribute: try #require($0.crypto.first)) }
        #expect(answered.allSatisfy { $0.tag == 2 && $0.suite == .aes128HMACSHA1_80 && $0.keyAndSalt != Array(1...30) })
        #expect(answered[0].keyAndSalt != answered[1].keyAndSalt)
        guard case .start(_, _, let streams)? = actions.last else { Issue.record("no start"); return }
        #expect(streams.map { $0.crypto?.keyAndSalt } == [Array(1...30), Array(1...30)])
    }

    @Test("an SRTP line without a usable key (DTLS-SRTP, only unsupported suites) is refused: port 0, or 488 when it is all")
    func unusable() throws {
        for lines in [[], ["1 AEAD_AES_256_GCM inline:\(Data(count: 44).base64EncodedString())"]] {
            var sessions = SIPRECSessionsTests().table()
            let invite = try SIPRECSessionsTests().request("INVITE", cseq: 1, type: "application/sdp", body: offer(cryptoLines: lines))
            #expect(SIPRECSessionsTests().sent(sessions.handle(invite, allocate: SIPRECSessionsTests.Ports().allocate))?.status == 488)
        }
    }

    @Test("a re-INVITE with a new key rekeys the streams; one without a key for an SRTP line is 488 and changes nothing")
    func rekey() throws {
        let helper = SIPRECSessionsTests()
        var sessions = helper.table()
        let first = try helper.request("INVITE", cseq: 1, type: "application/sdp", body: offer(cryptoLines: ["1 AES_CM_128_HMAC_SHA1_80 inline:\(Self.key128)"]))
        let ok = try #require(helper.sent(sessions.handle(first, allocate: SIPRECSessionsTests.Ports().allocate)))
        let toTag = try #require(SIPMessage.tag(of: ok["To"]!))
        let newKey = Data((31...60).map { UInt8($0) }).base64EncodedString()
        let again = try helper.request("INVITE", cseq: 2, toTag: toTag, branch: "z9hG4bK2", type: "application/sdp",
                                       body: offer(cryptoLines: ["1 AES_CM_128_HMAC_SHA1_80 inline:\(newKey)"]))
        let actions = sessions.handle(again, allocate: { _ in nil })
        #expect(helper.sent(actions)?.status == 200)
        guard case .rekey(_, let streams)? = actions.dropFirst().first else { Issue.record("no rekey: \(actions)"); return }
        #expect(streams.allSatisfy { $0.crypto?.keyAndSalt == Array(31...60) })
        let plain = try helper.request("INVITE", cseq: 3, toTag: toTag, branch: "z9hG4bK3", type: "application/sdp",
                                       body: offer(cryptoLines: [], transport: "RTP/AVP"))
        #expect(helper.sent(sessions.handle(plain, allocate: { _ in nil }))?.status == 488)
    }
}
