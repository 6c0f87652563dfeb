import Foundation
import VaultWire

/// What a SIPREC client says about the recorded call (`application/rs-metadata+xml`, RFC 7865),
/// read tolerantly: elements by their local name whatever their namespace prefix, unknown
/// elements and extensions ignored, the sections in any order. This is what the vault takes from
/// it; the raw XML is kept too, sealed with the recording (VaultCore's `RSMetadataFeed`).
public struct RecordingMetadata: Sendable, Equatable {
    /// A participant of the recorded call.
    public struct Participant: Sendable, Equatable {
        /// `participant_id`.
        public var id: String
        /// Its addresses of record (`nameID aor`, or a `aor` element), as written.
        public var aors: [String]
        /// Its display name, when given.
        public var name: String?
        /// The stream ids it sends and receives (`participantstreamassoc`).
        public var sends: [String], receives: [String]
        /// Whether it placed the recorded call, when a vendor extension inside the participant says
        /// so (`callingParty`, `callerOrig`, `isCaller`: Oracle/Acme Packet and others). RFC 7865
        /// itself has no such field.
        public var isCaller: Bool? = nil
    }

    /// A recorded stream: its id and the SDP label that names its media line.
    public struct Stream: Sendable, Equatable {
        /// `stream_id`.
        public var id: String
        /// `label`: equal to the `a=label` of the media line that carries it.
        public var label: String?
        /// The communication session it belongs to.
        public var sessionID: String?
    }

    /// `datamode`: "complete", "partial" (an update) or nil.
    public var dataMode: String?
    /// The communication sessions' ids (`session session_id`).
    public var sessionIDs: [String]
    /// The recorded call's SIP session ids (`sipSessionID`, RFC 7989), when given.
    public var sipSessionIDs: [String]
    /// The recorded call's Call-ID, when an element carries it (`callid`, `call-id`, in extensions).
    public var callID: String?
    /// When the recorded session started (`start-time`), as written.
    public var startTime: String?
    /// The participants, in order.
    public var participants: [Participant]
    /// The streams, in order.
    public var streams: [Stream]

    /// The participant sending the stream labelled `label` (through the stream's id).
    public func sender(ofLabel label: String) -> Participant? {
        guard let stream = streams.first(where: { $0.label == label }) else { return nil }
        return participants.first { $0.sends.contains(stream.id) }
    }

    /// Parses the metadata document. Throws `malformedMetadata` for text that is not well-formed
    /// XML (`XMLReader`: no DTDs) or whose root is not `recording`.
    public static func parse(_ data: [UInt8]) throws(SIPError) -> RecordingMetadata {
        var metadata = RecordingMetadata(dataMode: nil, sessionIDs: [], sipSessionIDs: [], callID: nil, startTime: nil, participants: [], streams: [])
        var path: [String] = []
        var text = ""
        var participant: Int?, stream: Int?
        var association: (participant: String, sends: [String], receives: [String])?
        var openNameIDs = 0  // <nameID> elements open (a counter, not a search of the path)
        do {
            try XMLReader.read(data) { event in
                switch event {
                case .start(let name, let attributes):
                    if path.isEmpty, name != "recording" { throw XMLReader.Failure(reason: "the root is <\(name)>, not <recording>") }
                    path.append(name)
                    text = ""
                    func attribute(_ key: String) -> String? { attributes[key] ?? attributes[key.replacingOccurrences(of: "_", with: "")] }
                    switch name {
                    case "session":
                        if let id = attribute("session_id") { metadata.sessionIDs.append(id) }
                    case "participant":
                        if let id = attribute("participant_id") {
                            if let k = metadata.participants.firstIndex(where: { $0.id == id }) { participant = k } else {
                                metadata.participants.append(Participant(id: id, aors: [], name: nil, sends: [], receives: []))
                                participant = metadata.participants.count - 1
                            }
                        }
                    case "nameid":
                        openNameIDs += 1
                        if let aor = attribute("aor"), let k = participant { metadata.participants[k].aors.append(aor) }
                    case "stream":
                        if let id = attribute("stream_id") {
                            metadata.streams.append(Stream(id: id, label: nil, sessionID: attribute("session_id")))
                            stream = metadata.streams.count - 1
                        }
                    case "participantstreamassoc":
                        if let id = attribute("participant_id") { association = (id, [], []) }
                    default:
                        break
                    }
                case .text(let more):
                    text += more
                case .end(let name):
                    let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    switch name {
                    case "datamode": metadata.dataMode = value
                    case "sipsessionid" where !value.isEmpty: metadata.sipSessionIDs.append(value)
                    case "callid", "call-id", "call_id", "sipcallid": if metadata.callID == nil, !value.isEmpty { metadata.callID = value }
                    case "start-time", "starttime": if metadata.startTime == nil { metadata.startTime = value }
                    case "aor": if let k = participant, !value.isEmpty { metadata.participants[k].aors.append(value) }
                    case "name": if let k = participant, openNameIDs > 0, !value.isEmpty { metadata.participants[k].name = value }
                    case "label": if let k = stream { metadata.streams[k].label = value }
                    case "send": association?.sends.append(value)
                    case "recv": association?.receives.append(value)
                    case "callingparty", "callerorig", "iscaller":
                        if let k = participant, let flag = ["true": true, "1": true, "yes": true, "false": false, "0": false, "no": false][value.lowercased()] {
                            metadata.participants[k].isCaller = flag
                        }
                    case "participant": participant = nil
                    case "nameid": openNameIDs -= 1
                    case "stream": stream = nil
                    case "participantstreamassoc":
                        if let a = association {
                            if let k = metadata.participants.firstIndex(where: { $0.id == a.participant }) {
                                metadata.participants[k].sends += a.sends
                                metadata.participants[k].receives += a.receives
                            } else {
                                metadata.participants.append(Participant(id: a.participant, aors: [], name: nil, sends: a.sends, receives: a.receives))
                            }
                        }
                        association = nil
                    default: break
                    }
                    path.removeLast()
                    text = ""
                }
            }
        } catch let failure as XMLReader.Failure {
            throw SIPError(.malformedMetadata, "the recording metadata is not an RFC 7865 XML document: \(failure.reason)")
        } catch {
            throw SIPError(.malformedMetadata, "the recording metadata cannot be read")
        }
        return metadata
    }
}
