import Foundation
import Synchronization
import Testing
import VaultCore
import VaultTestSupport

/// `callvault serve` as a real process, with the CLI working on the same vault meanwhile.
@Suite("callvault serve and tokens, beside the CLI")
struct ServeCLITests {
    /// A running `callvault serve --port 0`; its port is read from its listening line.
    final class Server: @unchecked Sendable {
        let process: ChildProcess
        let port: Int
        private let log = Mutex(Data())

        /// What the server wrote to standard error after its listening line (a crash report, say).
        var errorOutput: String { log.withLock { String(decoding: $0, as: UTF8.self) } }

        /// Starts `serve` on `cli`'s vault, or on the vault directory `vault` (another node's),
        /// with `cli`'s environment added to this process's.
        init(_ cli: CLI, vault: String? = nil, extra: [String] = []) throws {
            process = try Subprocess.spawn(CLI.binary, ["serve", "--vault", vault ?? cli.vault, "--port", "0", "--erasure-interval", "1"] + extra,
                                           environment: cli.environment, standardError: .pipe)
            let stderr = process.standardError!
            var seen = Data()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let chunk = stderr.availableData
                if chunk.isEmpty { break }
                seen += chunk
                let text = String(decoding: seen, as: UTF8.self)
                if let match = text.firstMatch(of: /port=(\d+)/) {
                    port = Int(match.1)!
                    // Keep reading what the server writes (a full pipe would stall it), for `log`.
                    Thread.detachNewThread { [self] in
                        while case let data = stderr.availableData, !data.isEmpty { log.withLock { $0 += data } }
                    }
                    return
                }
            }
            process.terminate()
            throw TestFailure("serve did not report a port: \(String(decoding: seen, as: UTF8.self))")
        }

        var client: HTTPTestClient { HTTPTestClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!) }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            process.terminate()
            return process.waitUntilExit()
        }
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("tokens create prints the token alone on its last line; the CLI grants, claims, ingests and revokes while the server serves; one valid audit chain")
    func cliBesideServer() async throws {
        let cli = CLI()
        try cli.initVault()
        let created = try cli.run(["tokens", "create", "--role", "dialer", "--name", "dialer-a"])
        #expect(created.status == 0)
        let dialer = try #require(CLI.lines(created.stdout).last)
        #expect(dialer.hasPrefix("cvt_") && dialer.count == 68)
        #expect(try cli.sqlScalar("SELECT count(*) FROM api_tokens WHERE hex(token_sha256) LIKE '%'") == "1")
        #expect(try !cli.sqlScalar("SELECT group_concat(name) FROM api_tokens").contains("cvt_"))
        let recorder = try #require(CLI.lines(try cli.run(["tokens", "create", "--role", "recorder", "--name", "rec-1"]).stdout).last)
        #expect(try cli.run(["tokens", "create", "--role", "dialer", "--name", "dialer-a"]).status == 73)  // live name taken
        #expect(try cli.run(["tokens", "create", "--role", "janitor", "--name", "x"]).status == 64)

        let server = try Server(cli)
        let client = server.client
        // The server claims and grants over HTTP while the CLI does the same on the same vault.
        let numbers = (0..<30).map { "+8613900000\(String(format: "%03d", $0))" }
        async let http: [Int] = withThrowingTaskGroup(of: Int.self) { group in
            for number in numbers {
                group.addTask {
                    let grant = try await client.send("POST", "/v1/consents", token: dialer,
                                                      json: ["number": number, "purpose": "service", "source": "signup", "evidence": "e"])
                    let claim = try await client.send("POST", "/v1/consent/check", token: dialer,
                                                      json: ["number": number, "purpose": "service", "claim": true])
                    return grant.status * 1000 + claim.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for number in numbers.prefix(10) {
            let result = try cli.run(["consent", "grant", "--phone", number, "--purpose", "marketing", "--source", "cli", "--evidence", "e"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let wav = try cli.wav("cli.wav", seconds: 1)
        #expect(try cli.run(["ingest", wav]).status == 0)
        let statuses = try await http
        #expect(statuses.allSatisfy { $0 == 201_200 }, "\(statuses)")

        // A slow upload through the server while CLI processes open the vault (each open runs
        // crash recovery): recovery must not roll back the server's in-flight ingest.
        let upload = try cli.wav("upload.wav", seconds: 6)  // 96 KB
        let curl = try Subprocess.spawn("curl", ["-s", "--limit-rate", "40k", "-H", "Authorization: Bearer \(recorder)", "-H", "Content-Type: audio/wav",
                                                 "--data-binary", "@\(upload)", "http://127.0.0.1:\(server.port)/v1/recordings?campaign=slow"],
                                        standardOutput: .pipe)
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(400))
            #expect(try cli.run(["recordings", "list", "--json"]).status == 0)
        }
        let body = curl.standardOutput!.readDataToEndOfFile()
        curl.waitUntilExit()
        let uploaded = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        #expect(uploaded?["campaign"] as? String == "slow", "\(String(decoding: body, as: UTF8.self))")
        #expect(uploaded?["duration_ms"] as? Int == 6000)
        #expect(try cli.run(["verify"]).status == 0)

        // A revocation by the CLI is honoured by the running server within its recheck interval (1 s).
        #expect(try cli.run(["tokens", "revoke", "--name", "dialer-a"]).status == 0)
        try await Task.sleep(for: .milliseconds(1500))
        let refused = try await client.send("POST", "/v1/consent/check", token: dialer, json: ["number": numbers[0], "purpose": "service"])
        #expect(refused.status == 401)

        #expect(server.stop() == 0, "\(server.errorOutput)")
        // Two processes appended to one chain: it verifies, and holds both processes' entries.
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE actor = 'dialer-a'") == "60")  // 30 grants + 30 claims
        #expect(try cli.sqlScalar("SELECT count(*) FROM audit_log WHERE action = 'token.revoke'") == "1")
        #expect(try cli.sqlScalar("SELECT count(*) FROM recordings") == "2")
    }

    @Test("SIGTERM during a long upload: the ingest is cancelled and rolled back, the server exits at once")
    func sigtermCancelsAnIngest() async throws {
        let cli = CLI()
        try cli.initVault()
        let token = try CLI.lines(try cli.run(["tokens", "create", "--name", "recorder-1", "--role", "recorder"]).stdout).last!
        let server = try Server(cli)
        // Three hours of silence from a 4 KB capture (a packet every 10 minutes): minutes of encoding.
        let body = cli.tmp.path("silent.pcap")
        try SilentCapture.pcap().write(to: body)
        let script = """
            import socket, sys
            body = open(sys.argv[1], 'rb').read()
            s = socket.create_connection(('127.0.0.1', int(sys.argv[2])))
            s.sendall(('POST /v1/recordings HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer %s\\r\\nContent-Type: application/vnd.tcpdump.pcap\\r\\nContent-Length: %d\\r\\n\\r\\n' % (sys.argv[3], len(body))).encode() + body)
            s.settimeout(60)
            print(s.recv(4096).split(b'\\r\\n')[0].decode())
            """
        let client = try Subprocess.spawn("python3", ["-c", script, body.path, "\(server.port)", token], standardOutput: .pipe)
        // The body is sent at once; a few seconds later the ingest is encoding (it needs minutes).
        try await Task.sleep(for: .seconds(3))
        let stopped = ContinuousClock.now
        let status = try await OffPool.run { server.stop() }
        // Encoding the whole capture takes minutes in a debug build; a busy CI machine may take a
        // while to wind the rest down, so the bound is generous but far below the ingest's length.
        #expect(ContinuousClock.now - stopped < .seconds(60), "SIGTERM waited for the ingest")
        #expect(status == 0, "\(server.errorOutput)")
        try await OffPool.run { client.waitUntilExit() }
        let answer = String(decoding: client.standardOutput!.readDataToEndOfFile(), as: UTF8.self)
        // The client hears 503 unless the connection closed first; either way nothing was stored.
        #expect(answer.isEmpty || answer.contains("503"), "\(answer)")
        let audit = try cli.run(["audit", "list", "--action", "recording.ingest", "--json"]).stdout
        #expect(audit.contains("vault.cancelled"), "\(audit.suffix(600))")
        #expect(try cli.list().isEmpty)
    }

    @Test("job intervals under a second are refused with a clear error before the vault is opened", arguments: ["--erasure-interval", "--retention-interval", "--checkpoint-interval", "--recovery-interval"])
    func badJobIntervals(_ option: String) throws {
        let cli = CLI()
        try cli.initVault()
        let refused = try cli.run(["serve", "--port", "0", option, "0"])
        #expect(refused.status == 64 && refused.stderr.contains("\(option): at least 1 second"), "\(refused.stderr)")
    }

    @Test("with --tls-cert and --tls-key the server speaks HTTPS only; a bad key file is refused at start")
    func tls() async throws {
        let cli = CLI()
        try cli.initVault()
        let cert = cli.tmp.path("cert.pem").path, key = cli.tmp.path("key.pem").path
        let made = try Subprocess.run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                                                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert])
        #expect(made.status == 0, "\(made.stderr)")
        let server = try Server(cli, extra: ["--tls-cert", cert, "--tls-key", key])
        let https = try Subprocess.run("curl", ["-s", "--cacert", cert, "https://127.0.0.1:\(server.port)/healthz"])
        #expect(https.stdout == #"{"status":"ok"}"#, "\(https.stderr)")
        let plain = try Subprocess.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.port)/healthz"])
        #expect(plain.stdout != "200")
        #expect(server.stop() == 0, "\(server.errorOutput)")

        try Data("not a key".utf8).write(to: URL(fileURLWithPath: key))
        let refused = try cli.run(["serve", "--port", "0", "--tls-cert", cert, "--tls-key", key])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("TLS"))
    }
}
