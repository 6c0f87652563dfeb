import Testing
@testable import VaultWire

@Suite("The metadata's XML reader")
struct XMLReaderTests {
    func events(_ text: String) throws -> [XMLReader.Event] {
        var out: [XMLReader.Event] = []
        try XMLReader.read(Array(text.utf8)) { out.append($0) }
        return out
    }

    @Test("elements by local name, attributes in either quotes, entities, CDATA, comments and a declaration")
    func reads() throws {
        let got = try events("<?xml version='1.0'?><!-- c --><rs:Recording xmlns:rs=\"urn:x\" a='1'><x:Label b=\"&lt;&#x41;&#66;&amp;\">t&gt;<![CDATA[<raw>]]></x:Label><empty/></rs:Recording>\n")
        #expect(got == [.start(name: "recording", attributes: ["rs": "urn:x", "a": "1"]),
                        .start(name: "label", attributes: ["b": "<AB&"]), .text("t><raw>"), .end(name: "label"),
                        .start(name: "empty", attributes: [:]), .end(name: "empty"), .end(name: "recording")])
    }

    @Test("what is not well-formed, or brings a DTD, is refused", arguments: [
        "", "text", "<a>", "<a></b>", "<a></a><b></b>", "x<a></a>", "<a><!-- open</a>", "<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
        "<a b=1></a>", "<a b='1'c='2'></a>", "<a b='<'></a>", "<a>&bogus;</a>", "<a>&#0;</a>", "<a><![CDATA[x</a>", "</a>", "<a/><a/>",
    ])
    func refuses(_ text: String) {
        #expect(throws: XMLReader.Failure.self) { try XMLReader.read(Array(text.utf8)) { _ in } }
    }
}
