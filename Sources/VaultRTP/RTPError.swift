/// Every failure VaultRTP reports: a growable code plus a message naming the file and the reason.
public struct RTPError: Error, Sendable, CustomStringConvertible {
    /// A kind of capture failure. New codes may be added in any release.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable, notACapture, unsupportedLinkType, truncated, noRTP, unsupportedCodec, limitExceeded
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file cannot be opened or read.
        public static let unreadable = Code(.unreadable)
        /// The file is neither pcap, pcapng nor rtpdump.
        public static let notACapture = Code(.notACapture)
        /// The capture's link type is not one this build decodes (Ethernet, Linux cooked v1/v2, raw IP, loopback).
        public static let unsupportedLinkType = Code(.unsupportedLinkType)
        /// The capture is cut before its first complete packet.
        public static let truncated = Code(.truncated)
        /// The capture holds no RTP stream.
        public static let noRTP = Code(.noRTP)
        /// A call carries only payloads this build cannot decode (e.g. G.729).
        public static let unsupportedCodec = Code(.unsupportedCodec)
        /// A call spans longer than the maximum call length (capture times that jump by years).
        public static let limitExceeded = Code(.limitExceeded)

        /// The code's name, e.g. `noRTP`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened, for an operator (never a phone number or audio content).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
