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

    @Test("a bad location gets a clear error, and a password in it is refused without being repeated", arguments: [
        ("postgres://vault:hunter2secret@db/calls", "PGPASSWORD"),
        ("mysql://vault@db/calls", "postgres://"),
        ("postgres://db/calls", "no user"),
        ("postgres://vault@db/", "no database"),
        ("postgres://vault@db/calls?sslmode=require", "sslmode=disable"),
    ])
    func refusesBadLocations(_ text: String, _ said: String) {
        #expect { try PostgresLocation(parsing: text) } throws: { error in
            let message = "\(error)"
            return message.contains(said) && !message.contains("hunter2secret")
        }
    }
}
