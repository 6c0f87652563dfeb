import Testing
import VaultWire

@Suite("multipart/form-data parser")
struct MultipartParserTests {
    /// The events of `body` appended `piece` bytes at a time, content joined per part; the
    /// error's reason when it is malformed.
    static func read(_ body: [UInt8], boundary: String = "XyZ", piece: Int) -> Result<[String], MultipartError> {
        var parser = MultipartParser(boundary: boundary)
        var out: [String] = [], offset = 0
        while true {
            let event: MultipartParser.Event?
            do { event = try parser.next() } catch { return .failure(error) }
            switch event {
            case .part(let name, let type): out.append("part \(name) \(type ?? "-") ")
            case .content(let bytes): out[out.count - 1] += String(decoding: bytes, as: UTF8.self)
            case .end: return .success(out)
            case nil:
                if offset == body.count { parser.finish(); continue }
                let end = min(body.count, offset + piece)
                parser.append(body[offset..<end])
                offset = end
            }
        }
    }

    static let form = Array(("preamble to skip\r\n--XyZ\r\nContent-Disposition: form-data; name=\"transcript\"\r\nContent-Type: text/plain\r\n\r\n"
        + "line one\r\n--XyWnot a delimiter\r\n-\r\n--Xy\r\n--XyZ\r\ncontent-disposition: form-data; filename=\"a.wav\"; name=\"audio\"\r\n\r\nRIFF\r\n--XyZ--\r\nepilogue").utf8)

    @Test("reads parts, their names and types, and content that holds near-delimiters, whatever size the pieces arrive in")
    func parts() throws {
        for piece in [1, 2, 3, 7, 64, Self.form.count] {
            let parts = try Self.read(Self.form, piece: piece).get()
            #expect(parts == ["part transcript text/plain line one\r\n--XyWnot a delimiter\r\n-\r\n--Xy", "part audio - RIFF"], "piece \(piece)")
        }
    }

    @Test("a malformed body is refused with the reason, never read as something else")
    func malformed() {
        let cases: [(String, String)] = [
            ("no delimiter at all", "no opening boundary"),
            ("--XyZ", "cut short after a boundary"),
            ("--XyZ junk\r\n", "no line break after a boundary"),
            ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n", "cut short in part headers"),
            ("--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--", "a part header without a colon"),
            ("--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--XyZ--", "a part without a form-field name"),
            ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing delimiter", "cut short in a part"),
            ("--XyZ\r\n\r\nhello\r\n--XyZ--", "a part without a form-field name"),  // found by the fuzzer: no header lines at all
        ]
        for (body, reason) in cases {
            for piece in [1, 5, 1000] {
                #expect(throws: MultipartError(reason), "\(body.debugDescription), piece \(piece)") { try Self.read(Array(body.utf8), piece: piece).get() }
            }
        }
        let huge = Array(("--XyZ\r\nX-Pad: " + String(repeating: "a", count: MultipartParser.maximumHeaderBytes) + "\r\n\r\n").utf8)
        #expect(throws: MultipartError("part headers over 16 KiB")) { try Self.read(huge, piece: 4096).get() }
    }

    @Test("a preamble that never ends is skipped as it arrives, not kept: memory and time stay bounded")
    func endlessPreamble() {
        var parser = MultipartParser(boundary: "XyZ")
        let chunk = [UInt8](repeating: UInt8(ascii: "-"), count: 64 * 1024)
        for _ in 0..<256 {  // 16 MiB of dashes
            parser.append(chunk)
            #expect((try? parser.next()) == .some(nil))
            #expect(parser.bufferedBytes < 16, "the preamble is kept: \(parser.bufferedBytes) bytes")
        }
        parser.append(Array("\r\n--XyZ--".utf8))
        #expect((try? parser.next()) == .end)
    }

    @Test("a semicolon inside a quoted parameter does not split it")
    func quotedSemicolon() throws {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; filename=\"a; name=b.wav\"; name=\"audio\"\r\n\r\nRIFF\r\n--XyZ--".utf8)
        #expect(try Self.read(body, piece: 7).get() == ["part audio - RIFF"])
    }

    @Test("the boundary comes from a multipart/form-data Content-Type only, quoted or not, 1 to 70 bytes")
    func boundary() {
        #expect(MultipartParser.boundary(of: "multipart/form-data; boundary=XyZ") == "XyZ")
        #expect(MultipartParser.boundary(of: "Multipart/Form-Data;charset=utf-8; Boundary=\"a b\"") == "a b")
        #expect(MultipartParser.boundary(of: "multipart/mixed; boundary=XyZ") == nil)
        #expect(MultipartParser.boundary(of: "multipart/form-data; boundary=") == nil)
        #expect(MultipartParser.boundary(of: "multipart/form-data; boundary=" + String(repeating: "b", count: 71)) == nil)
    }
}
