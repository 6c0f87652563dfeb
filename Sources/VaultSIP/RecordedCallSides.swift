import Foundation

/// Which recorded streams are the caller's and which the callee's, decided from a SIPREC offer's
/// media labels and its metadata (pure: the recorder carries it out).
///
/// RFC 7865 says who sends which stream (label → stream → participant) but not who placed the
/// call. So the caller is the participant a vendor extension marks as the caller
/// (``RecordingMetadata/Participant/isCaller``), else the other one when one is marked as not
/// the caller, else the first sending participant in document order (SBCs list the originator
/// first), and the decision says which rule it used. Label 1 is never assumed to be anyone.
/// Without a usable association the offer's first recorded line is the caller's.
public struct RecordedCallSides: Sendable, Equatable {
    /// The labels (`a=label`) of the media lines the caller sends.
    public var callerLabels: [String]
    /// The labels of the media lines the callee (everyone else) sends.
    public var calleeLabels: [String]
    /// The caller and the callee as the metadata names them, when it does.
    public var caller: RecordingMetadata.Participant?, callee: RecordingMetadata.Participant?
    /// How the caller was chosen, when not from an explicit flag (kept as a note on the recording).
    public var notes: [String]

    /// Decides the sides for the recorded lines labelled `labels` (in offer order; nil for a line
    /// without a label, which then goes by position).
    public static func decide(metadata: RecordingMetadata?, labels: [String?]) -> RecordedCallSides {
        let positional = positionalSides(labels)
        guard let metadata else {
            return RecordedCallSides(callerLabels: positional.caller, calleeLabels: positional.callee, caller: nil, callee: nil,
                                     notes: ["no recording metadata: the first media line is taken as the caller's"])
        }
        let offered = Set(labels.compactMap { $0 })
        func sentLabels(_ participant: RecordingMetadata.Participant) -> [String] {
            metadata.streams.filter { participant.sends.contains($0.id) }.compactMap(\.label).filter(offered.contains)
        }
        let senders = metadata.participants.filter { !sentLabels($0).isEmpty }
        guard !senders.isEmpty else {
            return RecordedCallSides(callerLabels: positional.caller, calleeLabels: positional.callee,
                                     caller: metadata.participants.first, callee: metadata.participants.dropFirst().first,
                                     notes: ["the metadata associates no participant with a recorded stream: the first media line is taken as the caller's"])
        }
        var notes: [String] = []
        let caller: RecordingMetadata.Participant
        if let flagged = senders.first(where: { $0.isCaller == true }) {
            caller = flagged
        } else if senders.count == 2, let notCaller = senders.firstIndex(where: { $0.isCaller == false }) {
            caller = senders[1 - notCaller]
        } else {
            caller = senders[0]
            notes.append("the metadata does not mark the caller: the first participant that sends is taken as the caller")
        }
        let callerLabels = sentLabels(caller)
        let calleeLabels = labels.compactMap { $0 }.filter { !callerLabels.contains($0) }
        let callee = senders.first { $0.id != caller.id } ?? metadata.participants.first { $0.id != caller.id }
        return RecordedCallSides(callerLabels: callerLabels, calleeLabels: calleeLabels, caller: caller, callee: callee, notes: notes)
    }

    /// The first line is the caller's, the rest the callee's; lines are named by label, or by
    /// `#index` when they have none.
    private static func positionalSides(_ labels: [String?]) -> (caller: [String], callee: [String]) {
        let names = labels.enumerated().map { $0.element ?? "#\($0.offset)" }
        return (Array(names.prefix(1)), Array(names.dropFirst()))
    }

    /// The user part of an address of record (`sip:+8613800000001@sbc;user=phone`,
    /// `<sips:alice@example.com>`, `tel:+86-138-0000-0001`), or nil when it has none.
    public static func user(ofAOR aor: String) -> String? {
        var text = aor.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("<"), let close = text.firstIndex(of: ">") { text = String(text[text.index(after: text.startIndex)..<close]) }
        let lower = text.lowercased()
        for scheme in ["sips:", "sip:", "tel:"] where lower.hasPrefix(scheme) {
            var rest = Substring(text.dropFirst(scheme.count))
            if scheme != "tel:", let at = rest.firstIndex(of: "@") { rest = rest[..<at] } else if scheme != "tel:" { return nil }
            if let semicolon = rest.firstIndex(of: ";") { rest = rest[..<semicolon] }
            let user = rest.removingPercentEncoding ?? String(rest)
            return user.isEmpty ? nil : user
        }
        return nil
    }
}
