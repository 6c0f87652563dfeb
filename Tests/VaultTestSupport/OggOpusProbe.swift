public import Foundation

/// What ffprobe and opusinfo say about an Ogg Opus file: the independent checks of our output.
public struct OggOpusProbe: Sendable {
    /// Duration in seconds, from ffprobe.
    public var duration: Double
    /// Channel count, from ffprobe.
    public var channels: Int
    /// Codec name, from ffprobe (`opus`).
    public var codec: String

    /// Probes `url` with ffprobe.
    public init(_ url: URL) throws {
        let result = try Subprocess.run("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,channels:format=duration",
                                                     "-of", "json", url.path])
        guard result.status == 0,
              let json = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any],
              let stream = (json["streams"] as? [[String: Any]])?.first,
              let format = json["format"] as? [String: Any],
              let duration = Double(format["duration"] as? String ?? "") else {
            throw ProbeError(message: "ffprobe failed on \(url.path): \(result.stderr)")
        }
        self.duration = duration
        self.channels = stream["channels"] as? Int ?? 0
        self.codec = stream["codec_name"] as? String ?? ""
    }

    /// Runs opusinfo; returns its exit status and output (0 when the stream is valid).
    public static func opusinfo(_ url: URL) throws -> ProcessResult {
        try Subprocess.run("opusinfo", [url.path])
    }

    /// Decodes `url` with ffmpeg to raw signed 16-bit samples at `rate`, mono.
    public static func decodeMono(_ url: URL, rate: Int) throws -> [Int16] {
        let result = try Subprocess.run("ffmpeg", ["-v", "error", "-i", url.path, "-f", "s16le", "-ac", "1", "-ar", "\(rate)", "-"])
        guard result.status == 0 else { throw ProbeError(message: "ffmpeg could not decode \(url.path): \(result.stderr)") }
        return result.stdoutData.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }
}

/// A failed probe.
public struct ProbeError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
