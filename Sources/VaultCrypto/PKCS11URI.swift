internal import CVaultOpenSSL
import Foundation

/// A PKCS#11 URI (RFC 7512) naming a secret key on a token, the subset callvault takes on its
/// command line:
///
///     pkcs11:token=<token label>;object=<key label>?module-path=/path/to/module.so&pin-value=1234
///     pkcs11:token=<token label>;object=<key label>?pin-source=file:/path/to/pinfile
///
/// Path attributes: `token` and `object` (both required), `type` (only `secret-key`). Query
/// attributes: `module-path` (default ``defaultModulePath``), and at most one of `pin-value` or
/// `pin-source` (a `file:` URI or an absolute path; the file holds the PIN, a trailing newline is
/// dropped, and it must not be readable by group or others). Values are percent-decoded (RFC 3986
/// §2.1), so `token=Vault%20KEK` names the token "Vault KEK". Other attributes are refused rather
/// than ignored, so a URI never matches a different key than its author meant.
///
/// The PIN is kept in wiped memory and never shown: ``description``, `debugDescription` and the
/// reflection mirror all redact it (the string the URI was parsed from is the caller's to protect).
public struct PKCS11URI: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The module used when the URI has no `module-path`: Debian's SoftHSM2.
    public static let defaultModulePath = "/usr/lib/softhsm/libsofthsm2.so"

    /// The label of the token (`token=`), at most 32 bytes of UTF-8.
    public var tokenLabel: String
    /// The label of the secret key object on the token (`object=`).
    public var objectLabel: String
    /// The PKCS#11 module to load (`module-path=`, or ``defaultModulePath``).
    public var modulePath: String
    /// The file the PIN is read from (`pin-source=`), if that is where it comes from.
    public var pinFile: String?
    /// The PIN given inline (`pin-value=`). Never shown.
    var pinValue: SecretBytes?

    /// Whether the URI carries a PIN inline (`pin-value`); the PIN itself is not readable.
    public var hasPINValue: Bool { pinValue != nil }

    /// Creates a URI from its parts. Give at most one of `pinValue` and `pinFile`.
    public init(tokenLabel: String, objectLabel: String, modulePath: String = PKCS11URI.defaultModulePath,
                pinValue: String? = nil, pinFile: String? = nil) throws {
        guard pinValue == nil || pinFile == nil else {
            throw CryptoError(.malformed, "a pkcs11: URI takes pin-value or pin-source, not both")
        }
        self.tokenLabel = tokenLabel
        self.objectLabel = objectLabel
        self.modulePath = modulePath
        self.pinFile = pinFile
        self.pinValue = pinValue.map { SecretBytes(Array($0.utf8)) }
        try validate()
    }

    /// Parses a `pkcs11:` URI.
    public init(_ string: String) throws {
        let scheme = "pkcs11:"
        guard string.count >= scheme.count, string.prefix(scheme.count).lowercased() == scheme else {
            throw CryptoError(.malformed, "a PKCS#11 URI starts with 'pkcs11:'")
        }
        let rest = string.dropFirst(scheme.count)
        let pathPart: Substring
        let queryPart: Substring?
        if let question = rest.firstIndex(of: "?") {
            pathPart = rest[..<question]
            queryPart = rest[rest.index(after: question)...]
        } else {
            pathPart = rest
            queryPart = nil
        }

        var token: String?, object: String?, module: String?, pinFile: String?
        var pin: SecretBytes?
        var seen = Set<String>()
        for component in pathPart.split(separator: ";", omittingEmptySubsequences: true) {
            let (name, rawValue) = try Self.split(component)
            guard seen.insert(name).inserted else { throw CryptoError(.malformed, "pkcs11: URI: '\(name)' appears twice") }
            switch name {
            case "token": token = try Self.decodeText(rawValue, name: name)
            case "object": object = try Self.decodeText(rawValue, name: name)
            case "type":
                let type = try Self.decodeText(rawValue, name: name)
                guard type == "secret-key" else {
                    throw CryptoError(.malformed, "pkcs11: URI: type=\(type) is not a key-encryption key (use type=secret-key or leave it out)")
                }
            default:
                throw CryptoError(.malformed, "pkcs11: URI: path attribute '\(name)' is not supported (supported: token, object, type)")
            }
        }
        for component in (queryPart ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let (name, rawValue) = try Self.split(component)
            guard seen.insert(name).inserted else { throw CryptoError(.malformed, "pkcs11: URI: '\(name)' appears twice") }
            switch name {
            case "module-path": module = try Self.decodeText(rawValue, name: name)
            case "pin-source": pinFile = try Self.filePath(fromPINSource: Self.decodeText(rawValue, name: name))
            case "pin-value":
                var bytes = try Self.percentDecode(rawValue, name: name)
                defer { wipe(&bytes) }
                pin = SecretBytes(bytes)
            default:
                throw CryptoError(.malformed, "pkcs11: URI: query attribute '\(name)' is not supported (supported: module-path, pin-value, pin-source)")
            }
        }
        guard let token, !token.isEmpty else { throw CryptoError(.malformed, "pkcs11: URI: token=<label> is required") }
        guard let object, !object.isEmpty else { throw CryptoError(.malformed, "pkcs11: URI: object=<key label> is required") }
        guard pin == nil || pinFile == nil else {
            throw CryptoError(.malformed, "a pkcs11: URI takes pin-value or pin-source, not both")
        }
        tokenLabel = token
        objectLabel = object
        modulePath = module ?? Self.defaultModulePath
        self.pinFile = pinFile
        pinValue = pin
        try validate()
    }

    private func validate() throws {
        guard !tokenLabel.isEmpty, tokenLabel.utf8.count <= 32 else {
            throw CryptoError(.malformed, "pkcs11: URI: a token label is 1 to 32 bytes, not \(tokenLabel.utf8.count)")
        }
        guard !objectLabel.isEmpty else { throw CryptoError(.malformed, "pkcs11: URI: the object label is empty") }
        guard modulePath.hasPrefix("/") else {
            throw CryptoError(.malformed, "pkcs11: URI: module-path must be an absolute path, not '\(modulePath)'")
        }
    }

    /// The PIN, from `pin-value` or read from the `pin-source` file. Callers let it go soon.
    func resolvePIN() throws -> SecretBytes {
        if let pinValue { return pinValue }
        guard let pinFile else {
            throw CryptoError(.malformed, "the pkcs11: URI for token '\(tokenLabel)' gives no PIN (add pin-source=file:/path or pin-value=...)")
        }
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: pinFile) } catch {
            throw CryptoError(.token, "cannot read the PIN file \(pinFile) for token '\(tokenLabel)'")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw CryptoError(.token, "the PIN file \(pinFile) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(pinFile)")
        }
        guard var data = FileManager.default.contents(atPath: pinFile) else {
            throw CryptoError(.token, "cannot read the PIN file \(pinFile) for token '\(tokenLabel)'")
        }
        var bytes = [UInt8](data)
        data.resetBytes(in: 0..<data.count)
        defer { wipe(&bytes) }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        guard end > 0 else { throw CryptoError(.token, "the PIN file \(pinFile) for token '\(tokenLabel)' is empty") }
        return SecretBytes(bytes[0..<end])
    }

    /// The URI with its PIN redacted: `pkcs11:token=...;object=...?module-path=...&pin-value=<redacted>`.
    public var description: String {
        var text = "pkcs11:token=\(Self.percentEncode(tokenLabel));object=\(Self.percentEncode(objectLabel))"
        text += "?module-path=\(Self.percentEncode(modulePath, keepSlash: true))"
        if pinValue != nil { text += "&pin-value=<redacted>" }
        if let pinFile { text += "&pin-source=file:\(Self.percentEncode(pinFile, keepSlash: true))" }
        return text
    }

    /// Same as ``description``: the PIN is redacted.
    public var debugDescription: String { description }

    /// A mirror without the PIN, so `dump` and debuggers do not show it.
    public var customMirror: Mirror {
        Mirror(self, children: ["tokenLabel": tokenLabel, "objectLabel": objectLabel, "modulePath": modulePath,
                                "pinFile": pinFile as Any, "hasPINValue": hasPINValue])
    }

    // MARK: Parsing helpers

    private static func split(_ component: Substring) throws -> (String, Substring) {
        guard let equals = component.firstIndex(of: "=") else {
            throw CryptoError(.malformed, "pkcs11: URI: '\(component.prefix(40))' is not name=value")
        }
        return (String(component[..<equals]), component[component.index(after: equals)...])
    }

    private static func decodeText(_ raw: Substring, name: String) throws -> String {
        let bytes = try percentDecode(raw, name: name)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CryptoError(.malformed, "pkcs11: URI: \(name) is not UTF-8 once percent-decoded")
        }
        return text
    }

    /// Decodes `%XX` escapes (RFC 3986 §2.1); other characters stand for their UTF-8 bytes.
    /// Messages never quote the value (it may be a PIN).
    static func percentDecode(_ raw: Substring, name: String) throws -> [UInt8] {
        let utf8 = Array(raw.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) else {
                    wipe(&out)
                    throw CryptoError(.malformed, "pkcs11: URI: \(name) has a bad percent escape (want %XX)")
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func percentEncode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) || (keepSlash && c == "/") {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// The path in a `pin-source`: `file:/p`, `file:///p`, `file://localhost/p`, or a bare `/p`.
    private static func filePath(fromPINSource source: String) throws -> String {
        var path = source
        if path.lowercased().hasPrefix("file:") {
            path = String(path.dropFirst(5))
            if path.hasPrefix("//") {
                path = String(path.dropFirst(2))
                if path.lowercased().hasPrefix("localhost/") { path = String(path.dropFirst(9)) }
                guard path.hasPrefix("/") else {
                    throw CryptoError(.malformed, "pkcs11: URI: pin-source names a file on another host")
                }
            }
        }
        guard path.hasPrefix("/") else {
            throw CryptoError(.malformed, "pkcs11: URI: pin-source must be file:/absolute/path, not '\(source)'")
        }
        return path
    }
}

/// Secret bytes (a PIN) in memory of their own, zeroed (`OPENSSL_cleanse`) when released.
///
/// `@unchecked Sendable`: the bytes are written once in `init` and only read afterwards.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        UnsafeMutableRawBufferPointer(rebasing: storage[0..<bytes.count]).copyBytes(from: bytes)
        count = bytes.count
    }

    /// The number of secret bytes.
    let count: Int

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Calls `body` with the bytes; they must not escape it.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }
}
