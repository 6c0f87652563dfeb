import Foundation
import VaultAudio
import VaultPolicy
import VaultRedact
import VaultRTP
import VaultSIP
import VaultWire

/// One fuzz input: its first byte picks the parser, the rest is that parser's input. Every
/// parser must end with a result or a thrown error, in bounded time and memory; a trap, a
/// sanitizer report or a timeout is a finding. Limits are tight (a minute of audio) so that an
/// input within them is never mistaken for a hang.
enum FuzzInput {
    /// The parsers, in the order of the first byte (modulo their count).
    static let targets = ["text", "asr-json", "vtt", "srt", "wav-header", "wav", "capture", "multipart", "flat-json", "http-check",
                          "sip", "sip-bodies"]

    static let limits = AudioLimits(maximumSeconds: 60, maximumSilentGapSeconds: 60)

    static func run(_ bytes: [UInt8]) {
        guard let selector = bytes.first else { return }
        let input = Array(bytes.dropFirst())
        switch targets[Int(selector) % targets.count] {
        case "text": transcript(input, .text)
        case "asr-json": transcript(input, .asrJSON)
        case "vtt": transcript(input, .vtt)
        case "srt": transcript(input, .srt)
        case "wav-header": _ = try? WAVHeader.inspect(input, fileSize: input.count, name: "input")
        case "wav": withFile(input, suffix: "wav") { url in
            guard let reader = try? WAVFileReader(url: url, limits: limits) else { return }
            drain(reader)
        }
        case "multipart": multipart(input)
        case "flat-json": flatJSON(input)
        case "http-check": httpCheck(input)
        case "sip": sip(input)
        case "sip-bodies":
            if let sdp = try? SessionDescription.parse(String(decoding: input, as: UTF8.self)) {
                for crypto in sdp.media.flatMap(\.crypto) {
                    // A key read is stated again as it was read, and never shown.
                    guard let key = try? SDESCrypto(attribute: crypto) else { continue }
                    precondition((try? SDESCrypto(attribute: key.attribute)) == key, "sdes: the attribute does not read back")
                    precondition(!"\(key)".contains(Data(key.keyAndSalt).base64EncodedString()), "sdes: the key is shown")
                }
            }
            _ = try? RecordingMetadata.parse(input)
        default: withFile(input, suffix: "pcap") { url in
            guard let capture = try? Capture.read(url: url), let calls = try? CallFinder.calls(in: capture) else { return }
            for call in calls {
                guard let assembled = try? call.assemble(limits: limits), let source = try? assembled.makeSource() else { continue }
                drain(source)
            }
        }
        }
    }

    static let scanner = PhraseScanner(lexicon: .default)

    /// A transcript redacted, then redacted keeping its text: both redactions are the same; the
    /// kept text's parts lie in order inside it; every stretch of it can be located; the
    /// prohibited-phrase scan of it ends with hits inside it.
    static func transcript(_ input: [UInt8], _ format: TranscriptFormat) {
        let plain = try? TranscriptRedactor().redact(data: input, format: format)
        let kept = try? TranscriptRedactor().redact(data: input, format: format, keepingText: true)
        precondition(plain?.data == kept?.data && plain?.spans == kept?.spans, "transcript: keeping the text changed the redaction")
        guard let kept else { return }
        guard let text = kept.text else { preconditionFailure("transcript: no text kept") }
        var end = 0
        for part in text.parts {
            precondition(part.range.lowerBound >= end && part.range.upperBound <= text.scalars.count, "transcript: a part out of order")
            end = part.range.upperBound
        }
        let n = text.scalars.count
        for k in stride(from: 0, through: n, by: max(1, n / 16)) { _ = text.locate(k..<min(n, k + 8)) }
        for hit in scanner.scan(scalars: text.scalars) {
            precondition(0 <= hit.start && hit.start < hit.end && hit.end <= n, "scan: a hit outside the text")
        }
    }

    /// A multipart body (boundary `b0undary`) read whole and in pieces of the size the first byte
    /// picks: both readings must agree, and no part may hold more bytes than the body.
    /// A SIP message: parsed, serialised and parsed again, it reads the same; a stream of it (after
    /// a keep-alive, in pieces of 3 bytes) frames into the same message when it has a Content-Length;
    /// its body, read as a SIPREC offer, ends in an offer or an error.
    static func sip(_ input: [UInt8]) {
        guard let message = try? SIPMessage.parse(input) else { return }
        guard let again = try? SIPMessage.parse(message.bytes) else { preconditionFailure("sip: a parsed message does not reparse") }
        precondition(again.startLine == message.startLine && again.body == message.body, "sip: the round trip changed the message")
        // Serialising writes one Content-Length of its own in place of any (any case, or compact "l").
        func kept(_ headers: [SIPMessage.Header]) -> [SIPMessage.Header] {
            headers.filter { !["content-length", "l"].contains($0.name.lowercased()) }
        }
        precondition(kept(again.headers) == kept(message.headers), "sip: the round trip changed the headers")
        var framer = SIPStreamFramer()
        let stream = Array("\r\n".utf8) + message.bytes
        var framed: [SIPMessage] = []
        var i = 0
        while i < stream.count {
            framer.append(stream[i..<min(i + 3, stream.count)])
            i += 3
            do {
                if let next = try framer.next() { framed.append(next) }
            } catch {
                preconditionFailure("sip: a serialised message does not frame: \(error)")
            }
        }
        precondition(framed.count == 1 && framed[0].body == message.body, "sip: framing in pieces differs")
        _ = try? SIPRECOffer(message)
        // The server's state machine takes it (offers, SRTP keys, session timers), then the same
        // message again as a retransmission, which must be answered as before and start nothing.
        var sessions = SIPRECSessions(address: "192.0.2.10", maximumSessions: 4) { _ in true }
        var port = 20000
        let first = sessions.handle(message) { n in defer { port += 2 * n }; return (0..<n).map { port + 2 * $0 } }
        let retransmitted = sessions.handle(message) { _ in nil }
        if case .send(let response)? = first.first, ["INVITE", "BYE", "UPDATE"].contains(message.method ?? "") {
            precondition(retransmitted == [SIPRECSessions.Action.send(response)], "sip: a retransmission was not answered as before")
        }
    }

    static func multipart(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let body = Array(input.dropFirst())
        let whole = readParts(body, piece: max(body.count, 1)), pieces = readParts(body, piece: Int(first % 64) + 1)
        precondition(whole == pieces, "multipart: read whole and in pieces differ")
        if let parts = whole { precondition(parts.reduce(0) { $0 + $1.content.count } <= body.count, "multipart: more content than body") }
    }

    struct Part: Equatable { var name: String, contentType: String?, content: [UInt8] }

    /// The parts of `body` appended `piece` bytes at a time, or nil when it is malformed.
    static func readParts(_ body: [UInt8], piece: Int) -> [Part]? {
        var parser = MultipartParser(boundary: "b0undary")
        var parts: [Part] = [], offset = 0
        while true {
            let event: MultipartParser.Event?
            do { event = try parser.next() } catch { return nil }
            switch event {
            case .part(let name, let contentType): parts.append(Part(name: name, contentType: contentType, content: []))
            case .content(let bytes):
                guard !parts.isEmpty else { preconditionFailure("multipart: content before a part") }
                parts[parts.count - 1].content += bytes
            case .end: return parts
            case nil:
                guard offset < body.count else { parser.finish(); continue }
                let end = min(body.count, offset + piece)
                parser.append(body[offset..<end])
                offset = end
            }
        }
    }

    /// A flat JSON object: what the fast reader accepts, JSONSerialization must read as the same members.
    static func flatJSON(_ input: [UInt8]) {
        guard let members = FlatJSONObject.parse(input) else { return }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(input))) as? [String: Any] else {
            preconditionFailure("flat-json: accepted what JSONSerialization refuses")
        }
        precondition(object.count == members.count, "flat-json: \(members.count) members, JSONSerialization \(object.count)")
        for (key, value) in members {
            switch value {
            case .string(let text): precondition(object[key] as? String == text, "flat-json: member \(key) differs")
            case .bool(let flag): precondition(object[key] as? Bool == flag, "flat-json: member \(key) differs")
            case .null: precondition(object[key] is NSNull, "flat-json: member \(key) differs")
            }
        }
    }

    /// The plain check's request scan: whatever it reads lies inside the bytes, and a prefix of
    /// a complete check is never read as something else.
    static func httpCheck(_ input: [UInt8]) {
        let line = Array("POST /v1/consent/check HTTP/1.1\r\n".utf8)
        let bytes = line + input
        let scan = bytes.withUnsafeBytes { WireCheckScan.scan($0, requestLine: line, bodyLimit: 1024) }
        guard case .check(let authorization, let contentType, let body, let length) = scan else { return }
        precondition(length <= bytes.count && body.upperBound == length && body.count <= 1024, "http-check: body outside the bytes")
        for range in [authorization, contentType].compactMap({ $0 }) { precondition(range.upperBound <= body.lowerBound, "http-check: header in the body") }
        for end in [line.count, (line.count + length) / 2, length - 1] where end < length {
            let prefix = bytes[..<end].withUnsafeBytes { WireCheckScan.scan($0, requestLine: line, bodyLimit: 1024) }
            precondition(prefix == .incomplete, "http-check: a prefix of a check read as \(prefix)")
        }
    }

    /// Reads a source to its end, as the transcoder would, within `limits`.
    static func drain(_ source: any PCMSource) {
        let format = source.format
        guard (try? limits.check(format, name: "input")) != nil else { return }
        var block = [Float](repeating: 0, count: 4096 * format.channels)
        var frames = 0
        while frames <= limits.maximumSeconds * format.sampleRate {
            guard let n = try? block.withUnsafeMutableBufferPointer({ try source.read(into: $0.baseAddress!, frames: 4096) }), n > 0 else { return }
            frames += n
        }
    }

    /// Runs `body` with `bytes` in a temporary file (libsndfile and libpcap read files).
    static func withFile(_ bytes: [UInt8], suffix: String, _ body: (URL) -> Void) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("callvault-fuzz-\(getpid()).\(suffix)")
        guard (try? Data(bytes).write(to: url)) != nil else { return }
        defer { try? FileManager.default.removeItem(at: url) }
        body(url)
    }
}

#if FUZZING
/// libFuzzer's driver (linked by `-sanitize=fuzzer`); SwiftPM gives an executable a `main` of its
/// own, so the driver is started from it rather than from libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The input callback libFuzzer's own objects refer to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzInput.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// Fuzzes (built with `-sanitize=fuzzer,address -DFUZZING` by `Tools/fuzz`); libFuzzer's flags.
@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// Without libFuzzer: replays the files and directories given (the corpus and every crash input
/// kept in `Tests/Fuzz`), so each stays a regression test. Exits 0 when every input ran.
@main
struct FuzzReplay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("callvault-fuzz: \(path): no such file\n".utf8))
                exit(66)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzInput.run(Array(data))
                count += 1
            }
        }
        print("callvault-fuzz: replayed \(count) inputs")
    }
}
#endif
