import VaultWire

/// What a SIPREC INVITE (RFC 7866) offers: the SDP with one media line per recorded stream and
/// the recording metadata, from a `multipart/mixed` body (either part order; parts told apart by
/// their Content-Type, with or without a Content-Disposition). A re-INVITE may carry either
/// alone (a metadata update, or new SDP); an INVITE that is plain SDP is a delayed-metadata offer.
public struct SIPRECOffer: Sendable, Equatable {
    /// The session description offered, when the body has one.
    public var sdp: SessionDescription?
    /// The SDP as sent.
    public var sdpText: String?
    /// The metadata, when the body has it.
    public var metadata: RecordingMetadata?
    /// The metadata's XML as sent (sealed with the recording).
    public var metadataXML: [UInt8]?

    /// Reads the body of `message` (an INVITE, re-INVITE or UPDATE). `lenient` (for captures, cut
    /// short or sent by lax stacks): parts read before an error are kept, a part that cannot be read
    /// is skipped, and a body without a Content-Type that starts like SDP is taken as SDP.
    public init(_ message: SIPMessage, lenient: Bool = false) throws(SIPError) {
        var parts: [(type: String?, body: [UInt8])] = []
        guard let type = message.mediaType ?? (lenient && message.body.starts(with: Array("v=0".utf8)) ? "application/sdp" : nil) else {
            guard message.body.isEmpty || lenient else { throw SIPError(.malformed, "a body without a Content-Type") }
            return
        }
        if type == "multipart/mixed" {
            guard let contentType = message["Content-Type"], let boundary = MultipartParser.boundary(of: contentType, subtype: "mixed") else {
                throw SIPError(.malformed, "a multipart/mixed body without a boundary")
            }
            var parser = MultipartParser(boundary: boundary, requiresName: false)
            parser.append(message.body)
            parser.finish()
            do {
                loop: while let event = try parser.next() {
                    switch event {
                    case .part(_, let partType):
                        let type = partType.map { String($0.split(separator: ";", omittingEmptySubsequences: false).first ?? "").trimmingWhitespace().lowercased() }
                        parts.append((type, []))
                    case .content(let bytes): if !parts.isEmpty { parts[parts.count - 1].body += bytes }
                    case .end: break loop
                    }
                }
            } catch {
                if !lenient { throw SIPError(.malformed, "a multipart/mixed body that cannot be read: \(error.reason)") }
            }
        } else {
            parts = [(type, message.body)]
        }
        for part in parts {
            do throws(SIPError) {
                switch part.type {
                case "application/sdp":
                    let text = String(decoding: part.body, as: UTF8.self)
                    sdp = try SessionDescription.parse(text, lenient: lenient)
                    sdpText = text
                case "application/rs-metadata+xml", "application/rs-metadata":
                    metadata = try RecordingMetadata.parse(part.body)
                    metadataXML = part.body
                default:
                    continue  // another part (an ISUP body, a vendor's extension) is not for the recorder
                }
            } catch {
                if !lenient { throw error }
            }
        }
    }
}
