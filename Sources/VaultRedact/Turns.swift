/// Who speaks the lines of a text whose speakers are known apart from its words: an ASR
/// transcript's speaker fields, WebVTT voice tags (`<v Agent>`). The redactor reads speaker labels
/// off the text ("坐席：", "Agent:"); where a line has none, these say who speaks it.
///
/// Recorded as the stream is joined: each piece that opens a line (a cue, a turn of words) with
/// its speaker or none. A position's speaker is that of the last piece opened at or before it, so
/// a lookup is one binary search, with no scan of the text.
struct Turns: Sendable {
    /// The offsets where the pieces open, ascending, and each one's speaker (-1: none given).
    private var starts: [Int] = []
    private var speakers: [Int32] = []
    private var ids: [[UInt8]: Int32] = [:]
    private var lastName: [UInt8] = []
    private var lastID: Int32 = -1

    /// Records that the piece opening a line at `offset` (after every piece recorded so far) is
    /// spoken by `name` (its UTF-8 bytes), or by nobody the transcript names.
    mutating func add<Name: Collection<UInt8>>(_ name: Name?, at offset: Int) {
        if let last = starts.last, last >= offset { return }
        var id: Int32 = -1
        if let name {
            if name.elementsEqual(lastName) {
                id = lastID
            } else {
                let key = Array(name)
                if let known = ids[key] { id = known } else { id = Int32(ids.count); ids[key] = id }
                lastName = key
                lastID = id
            }
        }
        // Runs of one speaker need no new entry.
        if let last = speakers.last, last == id, id >= 0 { return }
        starts.append(offset)
        speakers.append(id)
    }

    /// The speaker of the piece that holds `position`, when the transcript names one.
    func speaker(at position: Int) -> Int32? {
        let k = starts.partitionPoint { $0 <= position } - 1
        guard k >= 0, speakers[k] >= 0 else { return nil }
        return speakers[k]
    }
}
