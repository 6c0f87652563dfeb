/// Every failure VaultAudio reports: a growable code plus a message naming the file and the reason.
public struct AudioError: Error, Sendable, CustomStringConvertible {
    /// A kind of audio failure. New codes may be added in any release.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable, notWAV, malformedHeader, unsupportedEncoding, noSamples, decodeFailed, encoderFailed, resamplerFailed, limitExceeded
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file cannot be opened or read (missing, permissions, I/O error).
        public static let unreadable = Code(.unreadable)
        /// The file is not a WAV (RIFF/RIFX/RF64 WAVE) file.
        public static let notWAV = Code(.notWAV)
        /// The file starts like a WAV but its header is broken or cut short.
        public static let malformedHeader = Code(.malformedHeader)
        /// The file is WAV but holds an encoding or layout this build cannot decode.
        public static let unsupportedEncoding = Code(.unsupportedEncoding)
        /// The file holds no audio samples.
        public static let noSamples = Code(.noSamples)
        /// Decoding failed part-way (e.g. a read error inside the data).
        public static let decodeFailed = Code(.decodeFailed)
        /// libopus refused a setting or a frame.
        public static let encoderFailed = Code(.encoderFailed)
        /// libsoxr failed.
        public static let resamplerFailed = Code(.resamplerFailed)
        /// The input exceeds an ``AudioLimits`` bound (sample rate, channels, length).
        public static let limitExceeded = Code(.limitExceeded)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened, for an operator (never audio content).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
