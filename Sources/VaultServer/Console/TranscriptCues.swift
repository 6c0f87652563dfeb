import Foundation

/// A stored (redacted) transcript cut into timed cues for the console's player: WebVTT and SRT
/// cues as written, Whisper-style segments, ASR words grouped into lines (a new line at a change
/// of speaker or every 12 words). Plain text is one untimed cue. Display only: the bytes stay
/// the stored ones, masks included.
struct TranscriptCue: Sendable, Equatable {
    var startS: Double?
    var endS: Double?
    var text: String
}

enum TranscriptCues {
    /// The cues of a transcript stored in `format` (`text`, `asr-json`, `vtt`, `srt`).
    static func cues(_ data: [UInt8], format: String?) -> [TranscriptCue] {
        let text = String(decoding: data, as: UTF8.self)
        switch format {
        case "vtt", "srt": return subtitleCues(text)
        case "asr-json": return jsonCues(data) ?? [TranscriptCue(text: text)]
        default: return text.isEmpty ? [] : [TranscriptCue(text: text)]
        }
    }

    /// Cues of WebVTT or SRT: a line with `-->` starts one; the lines after it, to a blank line, are its text.
    static func subtitleCues(_ text: String) -> [TranscriptCue] {
        var cues: [TranscriptCue] = []
        var current: TranscriptCue?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.contains("-->") {
                if let done = current, !done.text.isEmpty { cues.append(done) }
                let parts = line.components(separatedBy: "-->")
                let end = parts[1].trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
                current = TranscriptCue(startS: seconds(parts[0].trimmingCharacters(in: .whitespaces)), endS: seconds(end), text: "")
            } else if line.isEmpty {
                if let done = current, !done.text.isEmpty { cues.append(done) }
                current = nil
            } else if var cue = current {
                cue.text += cue.text.isEmpty ? line : " " + line
                current = cue
            }
        }
        if let done = current, !done.text.isEmpty { cues.append(done) }
        return cues
    }

    /// `HH:MM:SS.mmm`, `MM:SS.mmm` or SRT's `HH:MM:SS,mmm` in seconds.
    static func seconds(_ stamp: String) -> Double? {
        let parts = stamp.replacingOccurrences(of: ",", with: ".").split(separator: ":")
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part), value >= 0 else { return nil }
            total = total * 60 + value
        }
        return total
    }

    /// Cues of ASR JSON: `segments` with `start`/`end` in seconds, else `words` grouped into lines.
    static func jsonCues(_ data: [UInt8]) -> [TranscriptCue]? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] else { return nil }
        func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
        if let segments = root["segments"] as? [[String: Any]] {
            return segments.compactMap { s in
                guard let text = (s["text"] as? String)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                return TranscriptCue(startS: number(s["start"]), endS: number(s["end"]), text: text)
            }
        }
        guard let words = root["words"] as? [[String: Any]] else { return nil }
        var cues: [TranscriptCue] = []
        var current: TranscriptCue?, count = 0, speaker: String?
        for w in words {
            guard let word = (w["word"] ?? w["text"]) as? String else { continue }
            let inMs = w["start_ms"] != nil
            let start = inMs ? number(w["start_ms"]).map { $0 / 1000 } : number(w["start"])
            let end = inMs ? number(w["end_ms"]).map { $0 / 1000 } : number(w["end"])
            let who = w["speaker"].map { "\($0)" }
            if var cue = current, count < 12, who == speaker {
                cue.text += " " + word
                cue.endS = end ?? cue.endS
                current = cue
                count += 1
            } else {
                if let done = current { cues.append(done) }
                current = TranscriptCue(startS: start, endS: end, text: (who.map { "\($0): " } ?? "") + word)
                count = 1
                speaker = who
            }
        }
        if let done = current { cues.append(done) }
        return cues
    }
}
