import Testing
import VaultBase
import VaultPostgres
import VaultStore

@Suite struct PostgresLocationTests {
    @Test func parsesAndWritesBack() throws {
        let location = try PostgresLocation(parsing: "postgres://vault@db.example:6543/calls")
        #expect(location.user == "vault" && location.host == "db.example" && location.port == 6543 && location.database == "calls")
        #expect(location.description == "postgres://vault@db.example:6543/calls")
        #expect(try PostgresLocation(parsing: "postgresql://vault@10.0.0.5/calls?sslmode=disable").port == 5432)
        #expect(PostgresLocation.isPostgres("postgres://x@y/z") && !PostgresLocation.isPostgres("/var/vault/catalog.sqlite"))
    }

    @Test("TLS: verified by default, plain only on loopback; sslmode and sslrootcert written back when they differ from the default")
    func tlsOptions() throws {
        #expect(try PostgresLocation(parsing: "postgres://vault@db.example/calls").tls == .verifyFull)
        #expect(try PostgresLocation(parsing: "postgres://vault@127.0.0.1/calls").tls == .disable)
        #expect(try PostgresLocation(parsing: "postgres://vault@localhost/calls").tls == .disable)
        let pinned = try PostgresLocation(parsing: "postgres://vault@db.example/calls?sslmode=verify-full&sslrootcert=/etc/callvault/db%20ca.pem")
        #expect(pinned.rootCertificate == "/etc/callvault/db ca.pem")
        #expect(pinned.description == "postgres://vault@db.example:5432/calls?sslmode=verify-full&sslrootcert=/etc/callvault/db%20ca.pem")
        #expect(try PostgresLocation(parsing: pinned.description) == pinned, "written back, read the same")
        let loose = try PostgresLocation(parsing: "postgres://vault@db.example/calls?sslmode=require")
        #expect(loose.tls == .require && loose.description.hasSuffix("?sslmode=require"))
        #expect(try PostgresLocation(parsing: "postgres://vault@127.0.0.1:7432/calls?sslmode=verify-full").description
                == "postgres://vault@127.0.0.1:7432/calls?sslmode=verify-full")
        #expect(try PostgresLocation(parsing: "postgres://vault@db.example/calls?sslmode=disable").description.hasSuffix("?sslmode=disable"))
    }

    @Test("a bad location gets a clear error, and a password in it is refused without being repeated", arguments: [
        ("postgres://vault:hunter2secret@db/calls", "PGPASSWORD"),
        ("mysql://vault@db/calls", "postgres://"),
        ("postgres://db/calls", "no user"),
        ("postgres://vault@db/", "no database"),
        ("postgres://vault@db/calls?sslmode=prefer", "sslmode is one of disable, require, verify-full"),
        ("postgres://vault@db/calls?connect_timeout=3", "the options understood are sslmode and sslrootcert"),
        ("postgres://vault@db/calls?sslmode=require&sslrootcert=/ca.pem", "sslrootcert goes with sslmode=verify-full"),
    ])
    func refusesBadLocations(_ text: String, _ said: String) {
        #expect { try PostgresLocation(parsing: text) } throws: { error in
            let message = "\(error)"
            return message.contains(said) && !message.contains("hunter2secret")
        }
    }
}
