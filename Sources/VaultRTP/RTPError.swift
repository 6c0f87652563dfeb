public import VaultBase

/// Every failure VaultRTP reports: a growable code plus a message naming the file and the reason.
public typealias RTPError = ModuleError<RTPDomain>

/// The set of ``RTPError`` codes.
public enum RTPDomain {}

/// A kind of capture failure. New codes may be added in any release.
extension ErrorCode where Domain == RTPDomain {
    /// The file cannot be opened or read.
    public static var unreadable: Self { Self("unreadable") }
    /// The file is neither pcap, pcapng nor rtpdump.
    public static var notACapture: Self { Self("notACapture") }
    /// The capture's link type is not one this build decodes (Ethernet, Linux cooked v1/v2, raw IP, loopback).
    public static var unsupportedLinkType: Self { Self("unsupportedLinkType") }
    /// The capture is cut before its first complete packet.
    public static var truncated: Self { Self("truncated") }
    /// The capture holds no RTP stream.
    public static var noRTP: Self { Self("noRTP") }
    /// A call carries only payloads this build cannot decode (e.g. G.729).
    public static var unsupportedCodec: Self { Self("unsupportedCodec") }
    /// A live interface cannot be captured on (no such interface, not up, no permission).
    public static var interfaceUnavailable: Self { Self("interfaceUnavailable") }
    /// A capture filter is not valid BPF.
    public static var invalidFilter: Self { Self("invalidFilter") }
    /// A call spans longer than the maximum call length (capture times that jump by years).
    public static var limitExceeded: Self { Self("limitExceeded") }
}
