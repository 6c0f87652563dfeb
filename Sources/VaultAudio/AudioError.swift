public import VaultBase

/// Every failure VaultAudio reports: a growable code plus a message naming the file and the reason.
public typealias AudioError = ModuleError<AudioDomain>

/// The set of ``AudioError`` codes.
public enum AudioDomain {}

/// A kind of audio failure. New codes may be added in any release.
extension ErrorCode where Domain == AudioDomain {
    /// The file cannot be opened or read (missing, permissions, I/O error).
    public static var unreadable: Self { Self("unreadable") }
    /// The file is not a WAV (RIFF/RIFX/RF64 WAVE) file.
    public static var notWAV: Self { Self("notWAV") }
    /// The file starts like a WAV but its header is broken or cut short.
    public static var malformedHeader: Self { Self("malformedHeader") }
    /// The file is WAV but holds an encoding or layout this build cannot decode.
    public static var unsupportedEncoding: Self { Self("unsupportedEncoding") }
    /// The file holds no audio samples.
    public static var noSamples: Self { Self("noSamples") }
    /// Decoding failed part-way (e.g. a read error inside the data).
    public static var decodeFailed: Self { Self("decodeFailed") }
    /// libopus refused a setting or a frame.
    public static var encoderFailed: Self { Self("encoderFailed") }
    /// libsoxr failed.
    public static var resamplerFailed: Self { Self("resamplerFailed") }
    /// The input exceeds an ``AudioLimits`` bound (sample rate, channels, length).
    public static var limitExceeded: Self { Self("limitExceeded") }
}
