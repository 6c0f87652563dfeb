import Foundation
import Testing
import VaultCore
import VaultServer
import VaultStore
import VaultTestSupport

@Suite("OpenAPI document")
struct OpenAPITests {
    static let document = Fixtures.packageRoot.appendingPathComponent("Sources/VaultServer/OpenAPI/openapi.yaml")

    /// `METHOD /path` for every operation in docs/openapi.yaml (paths at two spaces, methods at four).
    static func documentedOperations() throws -> Set<String> {
        var operations = Set<String>(), path: String?
        for line in try String(contentsOf: document, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") { path = String(line.dropFirst(2).dropLast()) }
            for method in ["get", "post", "put", "delete", "patch"] where line == "    \(method):" {
                if let path { operations.insert("\(method.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test("the served document is OpenAPI/openapi.yaml byte for byte, and documents exactly the routed endpoints")
    func servedAndComplete() async throws {
        let t = try await TestServer()
        let reply = try await t.client.send("GET", "/openapi.yaml")
        #expect(reply.status == 200)
        #expect(reply.body == (try Data(contentsOf: Self.document)), "the served document is not the source file")
        let routed = Set(t.server.endpoints.map { "\($0.method) \($0.path)" })
        #expect(try Self.documentedOperations() == routed)
        await t.stop()
    }

    @Test("schemathesis against the served document, as every role and without a token: no 5xx, every response matches the schema",
          .timeLimit(.minutes(4)))
    func schemathesis() async throws {
        guard Subprocess.isAvailable("schemathesis") else {
            Issue.record("schemathesis is not installed (Tools/setup installs it from PyPI)")
            return
        }
        // Tokens stay cached, so valid plain checks take the fast path (ConsentCheckFastPath).
        let t = try await TestServer { $0.tokenRecheckInterval = .seconds(60) }
        // Something to find: a recording, an open erasure request, a hold, a checkpoint.
        let recorder = try t.token(.recorder)
        _ = try await RecordingsAPITests.upload(t, token: recorder, query: "?campaign=c&subject=%2B8613800138000")
        _ = try t.vault.optOut(phone: .init(parsing: "+8613800138001"), actor: TestServer.admin)
        _ = try t.vault.auditLog.checkpoint()
        let schema = t.client.baseURL.appendingPathComponent("openapi.yaml").absoluteString
        let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
        var runs: [(label: String, arguments: [String])] = APIRole.allCases.map { role in
            let tags = role == .admin ? ["--include-tag", "admin", "--include-tag", "operations"] : ["--include-tag", role.rawValue]
            return (role.rawValue, ["-H", "Authorization: Bearer \(try! t.token(role))", "-n", "10"] + tags)
        }
        runs.append(("no token", ["-n", "5"]))
        // A live transcript is JSON lines: schemathesis sends them as the text they are.
        try Data("import schemathesis\nschemathesis.serializer.alias(\"application/x-ndjson\", \"text/plain\")\n".utf8)
            .write(to: t.tmp.path("callvault_hooks.py"))
        for run in runs {
            let result = try Subprocess.run("schemathesis", ["run", schema, "--checks", checks, "--phases", "coverage,fuzzing",
                                                             "--max-failures", "5", "--warnings", "off"] + run.arguments,
                                            environment: ["NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false",
                                                          "SCHEMATHESIS_HOOKS": "callvault_hooks", "PYTHONPATH": t.tmp.url.path],
                                            currentDirectory: t.tmp.url)  // its cache stays out of the repository
            #expect(result.status == 0, "schemathesis as \(run.label):\n\(result.stdout.suffix(6000))\n\(result.stderr.suffix(2000))")
        }
        await t.stop()
    }

    /// The property names of the component schema `name` (lines at eight spaces under its `properties:`).
    static func schemaProperties(_ name: String) throws -> Set<String> {
        let lines = try String(contentsOf: Self.document, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "    \(name):"[...]) else { return [] }
        var names = Set<String>(), inProperties = false
        for line in lines[(start + 1)...] {
            let indent = line.prefix { $0 == " " }.count
            if indent <= 4, !line.isEmpty { break }
            if line == "      properties:" { inProperties = true; continue }
            if indent == 6 { inProperties = false }
            if inProperties, indent == 8, let colon = line.firstIndex(of: ":") { names.insert(String(line[line.index(line.startIndex, offsetBy: 8)..<colon])) }
        }
        return names
    }

    @Test("the Recording schema documents exactly the keys of VaultCore's Recording, the one representation the API and the CLI print")
    func recordingSchema() throws {
        #expect(try Self.schemaProperties("Recording") == Set(Recording.CodingKeys.allCases.map(\.rawValue)))
    }

    @Test("the RSMetadata schema documents exactly the keys of RSMetadata")
    func rsMetadataSchema() throws {
        #expect(try Self.schemaProperties("RSMetadata") == Set(RSMetadata.CodingKeys.allCases.map(\.rawValue)))
    }

    @Test("the PhraseHit schema documents exactly the keys of PhraseHit")
    func phraseHitSchema() throws {
        #expect(try Self.schemaProperties("PhraseHit") == Set(PhraseHit.CodingKeys.allCases.map(\.rawValue)))
    }

    @Test("the LivePhraseAlert schema (the webhook's body) documents exactly the keys of LivePhraseAlert")
    func livePhraseAlertSchema() throws {
        #expect(try Self.schemaProperties("LivePhraseAlert") == Set(LivePhraseAlert.CodingKeys.allCases.map(\.rawValue)))
    }
}
