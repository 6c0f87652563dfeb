import Foundation
import Testing
import VaultWire

@Suite("Flat JSON fast path")
struct FlatJSONObjectTests {
    @Test("accepts only what JSONSerialization reads as the same flat object; gives up on everything else")
    func agreesWithFoundation() {
        let accepted = [
            #"{"number":"+8613800138000","purpose":"service"}"#,
            #" { "number" : "1" , "claim" : true, "at": null, "x": false } "#,
            #"{}"#, #"{"a":"中文"}"#,
        ]
        for text in accepted {
            let fast = FlatJSONObject.parse(Array(text.utf8))
            let slow = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            #expect(fast != nil && slow != nil, "\(text)")
            #expect(fast?.count == slow?.count)
            for (key, value) in fast ?? [:] {
                switch value {
                case .string(let s): #expect(slow?[key] as? String == s)
                case .bool(let b): #expect(slow?[key] as? Bool == b)
                case .null: #expect(slow?[key] is NSNull)
                }
            }
        }
        let refused = [
            "", "{", "}", "[]", #"{"a":1}"#, #"{"a":"b\"c"}"#, #"{"a":{"b":"c"}}"#, #"{"a":"b",}"#, #"{"a":"b"} x"#,
            #"{"a":"b","a":"c"}"#, #"{"a":tru}"#, "{\"a\":\"\u{01}\"}", #"{a:"b"}"#, #"{"a" "b"}"#,
        ]
        for text in refused { #expect(FlatJSONObject.parse(Array(text.utf8)) == nil, "\(text)") }
        #expect(FlatJSONObject.parse([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]) == nil)  // not UTF-8
    }
}
