/// Who speaks on the lines of a text whose speakers are known apart from its words: an ASR
/// transcript's speaker fields, WebVTT voice tags (`<v Agent>`). The redactor reads speaker labels
/// off the text ("坐席：", "Agent:"); where a line has none, these say who speaks it.
struct Turns: Sendable {
    /// The offsets of the lines whose speaker is known, ascending, and each one's speaker.
    private var starts: [Int] = []
    private var speakers: [Int32] = []
    private var ids: [String: Int32] = [:]

    /// Records that the line starting at `offset` (after every line recorded so far) is `speaker`'s.
    mutating func add(_ speaker: String, at offset: Int) {
        let id: Int32
        if let known = ids[speaker] { id = known } else { id = Int32(ids.count); ids[speaker] = id }
        if let last = starts.last, last >= offset { return }
        starts.append(offset)
        speakers.append(id)
    }

    /// The speaker of the line of `s` that holds `position`, when a line start recorded here opens
    /// it (no line break between them; looked for at most `Conversation.labelReach` back).
    func speaker(at position: Int, in s: [UInt32]) -> Int32? {
        guard !starts.isEmpty else { return nil }
        let k = starts.partitionPoint { $0 <= position } - 1
        guard k >= 0, position - starts[k] <= Conversation.labelReach,
              !s[starts[k]..<position].contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
        return speakers[k]
    }
}
