import Foundation
import Testing
import VaultBase

@Suite("Timestamps and clocks")
struct TimestampTests {
    @Test("ISO 8601 forms parse to the same instant", arguments: [
        "2026-03-01T09:30:00Z", "2026-03-01T17:30:00+08:00", "2026-03-01T09:30:00.000Z",
    ])
    func parse(text: String) {
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: 1_772_357_400))
    }

    @Test("a bare date is midnight UTC")
    func bareDate() {
        #expect(Timestamp.parse("2026-03-01") == Date(timeIntervalSince1970: 1_772_323_200))
    }

    @Test("nonsense is nil", arguments: ["yesterday", "2026-13-01T00:00:00Z", "", "1772357400"])
    func nonsense(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("format is UTC with milliseconds and round-trips")
    func format() {
        let date = Date(timeIntervalSince1970: 1_772_357_400.25)
        #expect(Timestamp.format(date) == "2026-03-01T09:30:00.250Z")
        #expect(Timestamp.parse(Timestamp.format(date)) == date)
    }

    @Test("a manual clock moves only when told")
    func manualClock() {
        let start = Date(timeIntervalSince1970: 0)
        let clock = ManualClock(start)
        #expect(clock.now() == start)
        clock.advance(by: 90 * 86_400)
        #expect(clock.now() == start + 90 * 86_400)
    }
}

@Suite("Recording ids")
struct RecordingIDTests {
    @Test("text round-trips in lower case; bytes are the UUID's 16")
    func roundTrip() throws {
        let id = RecordingID()
        #expect(RecordingID(id.description) == id)
        #expect(id.description == id.description.lowercased())
        #expect(id.bytes.count == 16)
        #expect(RecordingID("not-a-uuid") == nil)
    }
}
