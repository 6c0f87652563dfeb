import VaultStore
@testable import VaultCore

extension Vault {
    /// The vault's `objects/` directory: these tests run on local vaults and reach into the files.
    var files: LocalObjectStore { objects as! LocalObjectStore }
}
