internal import CVaultPKCS11
import Foundation

/// What a token says about a key object's protection (PKCS#11 attributes), for checking that a KEK
/// cannot leave its HSM.
public struct PKCS11KeyAttributes: Sendable, Equatable {
    /// `CKA_SENSITIVE`: the key's value cannot be read in plaintext.
    public var isSensitive: Bool
    /// `CKA_EXTRACTABLE`: the key can be wrapped out of the token.
    public var isExtractable: Bool
    /// `CKA_ALWAYS_SENSITIVE`: the key has been sensitive since it was made.
    public var wasAlwaysSensitive: Bool
    /// `CKA_NEVER_EXTRACTABLE`: the key has never been extractable.
    public var wasNeverExtractable: Bool
    /// `CKA_TOKEN`: the key is stored on the token (not a session object).
    public var isTokenObject: Bool
    /// `CKA_VALUE_LEN`: the key length in bytes (32 for AES-256).
    public var keyByteCount: Int
    /// Whether asking for `CKA_VALUE` was answered at all (it is refused for a sensitive key).
    public var isValueReadable: Bool

    /// Sensitive, not extractable, and its value refused: the key cannot leave the token.
    public var isNonExtractable: Bool { isSensitive && !isExtractable && !isValueReadable }
}

/// A key-encryption key that lives non-extractable in an HSM (or SoftHSM2), used through PKCS#11.
///
/// ``init(uri:)`` loads the module named by the URI, finds the token by label, logs in as user with
/// the PIN, and finds the AES-256 secret key by `CKA_LABEL`. Wrapping runs AES-GCM *inside the
/// token* (`CKM_AES_GCM`, 96-bit random IV, 128-bit tag, associated data
/// `"callvault.keywrap.v1" ‖ context`) and writes the ``KeyWrap`` format
/// (`0x01 ‖ iv(12) ‖ ciphertext(32) ‖ tag(16)`), so a wrapped key does not say where its KEK lives.
///
/// IVs are random (VaultCrypto's ``SecureRandom``), as ``KeyWrap`` does; a token that insists on
/// making its own IV and writes it back into the GCM parameters is honoured.
///
/// `@unchecked Sendable`: the stored properties are immutable except the pool of idle sessions,
/// which `lock` guards. A PKCS#11 session runs one operation at a time, so each wrap or unwrap takes
/// a session from the pool (or opens one) for its whole `C_EncryptInit`/`C_Encrypt` pair and gives
/// it back afterwards; no session is ever used by two threads at once. The module itself was
/// initialised with `CKF_OS_LOCKING_OK`, so calls on different sessions may run in parallel.
///
/// The PIN stays in wiped memory for the KEK's lifetime: new sessions log in with it (PKCS#11
/// logs a token out when its application's last session closes).
public final class PKCS11KEK: KeyEncryptionKey, @unchecked Sendable, CustomStringConvertible {
    /// The URI this KEK was opened with (its description redacts the PIN).
    public let uri: PKCS11URI

    private let module: PKCS11Module
    private let slot: CK_SLOT_ID
    private let keyObject: CK_OBJECT_HANDLE
    private let pin: SecretBytes
    private let lock = NSLock()
    /// Idle sessions, each logged in. Guarded by `lock`.
    private var idle: [PKCS11Session] = []
    private static let maxIdleSessions = 16

    /// Opens the key named by a `pkcs11:` URI (see ``PKCS11URI``).
    public convenience init(uri: String) throws {
        try self.init(uri: PKCS11URI(uri))
    }

    /// Opens the key named by `uri`: loads the module, finds the token, logs in, finds the key.
    ///
    /// Throws `CryptoError` with `.token` (module or token missing, token failure), `.wrongPIN`,
    /// `.pinLocked`, or `.keyNotFound`; messages name the token and the object, never the PIN.
    public init(uri: PKCS11URI) throws {
        self.uri = uri
        pin = try uri.resolvePIN()
        module = try PKCS11Module.load(path: uri.modulePath)
        slot = try module.slot(tokenLabel: uri.tokenLabel)
        let session = try Self.openSession(module: module, slot: slot, uri: uri, pin: pin, readWrite: false)
        keyObject = try Self.findKey(in: session, uri: uri)
        idle = [session]
    }

    /// "PKCS#11 KEK 'object' on token 'token' (module path)".
    public var description: String {
        "PKCS#11 KEK '\(uri.objectLabel)' on token '\(uri.tokenLabel)' (\(uri.modulePath))"
    }

    // MARK: KeyEncryptionKey

    /// Wraps `key` inside the token with AES-256-GCM, in the ``KeyWrap`` format.
    public func wrap(_ key: SymmetricKey, context: [UInt8]) throws -> [UInt8] {
        var iv = try SecureRandom.bytes(AEADCipher.nonceByteCount)
        let aad = KeyWrap.label + context
        var body = [UInt8](repeating: 0, count: SymmetricKey.byteCount + AEADCipher.tagByteCount)
        let written = try key.withUnsafeBytes { plain in
            try body.withUnsafeMutableBytes { out in
                try runGCM(encrypt: true, iv: &iv, aad: aad, input: plain, output: out)
            }
        }
        guard written == body.count, iv.count == AEADCipher.nonceByteCount else {
            throw CryptoError(.token, "token '\(uri.tokenLabel)' returned \(written) bytes for AES-GCM over a key; expected \(body.count)")
        }
        return [KeyWrap.formatVersion] + iv + body
    }

    /// Unwraps a key in the ``KeyWrap`` format inside the token. Throws `.wrongKey` when the KEK or
    /// the context differ from the ones used to wrap it.
    public func unwrap(_ wrapped: [UInt8], context: [UInt8]) throws -> SymmetricKey {
        guard wrapped.count == KeyWrap.wrappedByteCount, wrapped[0] == KeyWrap.formatVersion else {
            throw CryptoError(.malformed, "a wrapped key is \(KeyWrap.wrappedByteCount) bytes of format \(KeyWrap.formatVersion); got \(wrapped.count) bytes")
        }
        let n = AEADCipher.nonceByteCount
        var iv = Array(wrapped[1...n])
        let body = Array(wrapped[(1 + n)...])
        // As large as the input: SoftHSM2 wants room for the ciphertext and tag, not just the plaintext.
        var plain = [UInt8](repeating: 0, count: body.count)
        defer { wipe(&plain) }
        let written = try body.withUnsafeBytes { input in
            try plain.withUnsafeMutableBytes { out in
                try runGCM(encrypt: false, iv: &iv, aad: KeyWrap.label + context, input: input, output: out)
            }
        }
        // A successful GCM decryption of 48 bytes is 32 bytes of plaintext. SoftHSM2 2.6 reports the
        // input length (48) as the output length, so any count from 32 to 48 is accepted.
        guard (SymmetricKey.byteCount...body.count).contains(written) else {
            throw CryptoError(.token, "token '\(uri.tokenLabel)' returned \(written) bytes unwrapping a key; expected \(SymmetricKey.byteCount)")
        }
        return try SymmetricKey(bytes: plain[0..<SymmetricKey.byteCount])
    }

    // MARK: Key attributes

    /// The key object's protection attributes, read from the token.
    public func keyAttributes() throws -> PKCS11KeyAttributes {
        try withSession { session in
            func flag(_ type: CK_ATTRIBUTE_TYPE) throws -> Bool { try session.bool(type, of: keyObject) ?? false }
            var probe = CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(CKA_VALUE), pValue: nil, ulValueLen: 0)  // length only
            let valueRV = session.module.call { $0.C_GetAttributeValue(session.handle, keyObject, &probe, 1) }
            if valueRV != CKR_OK && valueRV != CKR_ATTRIBUTE_SENSITIVE { try session.checkObject(valueRV, "C_GetAttributeValue") }
            return PKCS11KeyAttributes(
                isSensitive: try flag(CK_ATTRIBUTE_TYPE(CKA_SENSITIVE)),
                isExtractable: try flag(CK_ATTRIBUTE_TYPE(CKA_EXTRACTABLE)),
                wasAlwaysSensitive: try flag(CK_ATTRIBUTE_TYPE(CKA_ALWAYS_SENSITIVE)),
                wasNeverExtractable: try flag(CK_ATTRIBUTE_TYPE(CKA_NEVER_EXTRACTABLE)),
                isTokenObject: try flag(CK_ATTRIBUTE_TYPE(CKA_TOKEN)),
                keyByteCount: Int(try session.ulong(CK_ATTRIBUTE_TYPE(CKA_VALUE_LEN), of: keyObject) ?? 0),
                isValueReadable: valueRV == CKR_OK)
        }
    }

    // MARK: Making and retiring keys

    /// Creates a new AES-256 key on the token named by `uri`, labelled with its `object`, and opens it.
    ///
    /// The key is a token object, private, sensitive, never extractable and unmodifiable, allowed
    /// to encrypt and decrypt only. Refuses (`.alreadyExists`) when any object on the token already
    /// has that label (a check, then a create: two processes racing on one label can both pass).
    @discardableResult
    public static func generateKey(uri: PKCS11URI) throws -> PKCS11KEK {
        try create(uri: uri, value: nil)
    }

    /// Stores known key material as a new token key labelled with the URI's `object` (same
    /// attributes as ``generateKey(uri:)``, but `CKA_ALWAYS_SENSITIVE`/`CKA_NEVER_EXTRACTABLE` are
    /// false since the bytes existed outside). Internal: tests use it to check that the token and
    /// ``KeyWrap`` produce the same format; a later FileKEK-to-HSM migration could use it.
    static func importKey(_ key: SymmetricKey, uri: PKCS11URI) throws -> PKCS11KEK {
        try create(uri: uri, value: key)
    }

    private static func create(uri: PKCS11URI, value: SymmetricKey?) throws -> PKCS11KEK {
        let pin = try uri.resolvePIN()
        let module = try PKCS11Module.load(path: uri.modulePath)
        let slot = try module.slot(tokenLabel: uri.tokenLabel)
        let session = try openSession(module: module, slot: slot, uri: uri, pin: pin, readWrite: true)
        guard try session.findObjects([PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_LABEL), string: uri.objectLabel)], limit: 1).isEmpty else {
            throw CryptoError(.alreadyExists, "token '\(uri.tokenLabel)' already has an object labelled '\(uri.objectLabel)'; choose another label or destroy that key first")
        }
        var template: [PKCS11Attribute] = [
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_CLASS), ulong: CK_ULONG(CKO_SECRET_KEY)),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), ulong: CK_ULONG(CKK_AES)),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_LABEL), string: uri.objectLabel),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_ID), bytes: try SecureRandom.bytes(16)),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_TOKEN), bool: true),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_PRIVATE), bool: true),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_SENSITIVE), bool: true),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_EXTRACTABLE), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_MODIFIABLE), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_ENCRYPT), bool: true),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_DECRYPT), bool: true),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_WRAP), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_UNWRAP), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_SIGN), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_VERIFY), bool: false),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_DERIVE), bool: false),
        ]
        do {
            if let value {
                var bytes = value.exportBytes()
                defer { wipe(&bytes) }
                template.append(PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_VALUE), bytes: bytes))
                defer { wipe(&template[template.count - 1].value) }
                _ = try session.createObject(template)
            } else {
                template.append(PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_VALUE_LEN), ulong: CK_ULONG(SymmetricKey.byteCount)))
                _ = try session.generateKey(mechanism: CK_MECHANISM_TYPE(CKM_AES_KEY_GEN), template: template)
            }
        } catch let error as CryptoError {
            throw CryptoError(.token, "cannot create key '\(uri.objectLabel)' on token '\(uri.tokenLabel)': \(error.message)")
        }
        return try PKCS11KEK(uri: uri)
    }

    /// Destroys the secret key named by `uri` (`C_DestroyObject`), retiring a KEK version for good:
    /// every key wrapped under it becomes unreadable. Throws `.keyNotFound` when there is none.
    public static func destroyKey(uri: PKCS11URI) throws {
        let pin = try uri.resolvePIN()
        let module = try PKCS11Module.load(path: uri.modulePath)
        let slot = try module.slot(tokenLabel: uri.tokenLabel)
        let session = try openSession(module: module, slot: slot, uri: uri, pin: pin, readWrite: true)
        let object = try findKey(in: session, uri: uri, checkType: false)
        do { try session.destroy(object) } catch let error as CryptoError where error.code == .token {
            throw CryptoError(.token, "cannot destroy key '\(uri.objectLabel)' on token '\(uri.tokenLabel)': \(error.message)")
        }
    }

    // MARK: Sessions

    private static func openSession(module: PKCS11Module, slot: CK_SLOT_ID, uri: PKCS11URI, pin: SecretBytes,
                                    readWrite: Bool) throws -> PKCS11Session {
        let session = try PKCS11Session(module: module, slot: slot, tokenLabel: uri.tokenLabel, readWrite: readWrite)
        try module.login(session: session.handle, slot: slot, pin: pin, tokenLabel: uri.tokenLabel)
        return session
    }

    /// The one AES-256 secret key labelled with the URI's object label.
    private static func findKey(in session: PKCS11Session, uri: PKCS11URI, checkType: Bool = true) throws -> CK_OBJECT_HANDLE {
        let found = try session.findObjects([
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_CLASS), ulong: CK_ULONG(CKO_SECRET_KEY)),
            PKCS11Attribute(CK_ATTRIBUTE_TYPE(CKA_LABEL), string: uri.objectLabel),
        ], limit: 2)
        guard let object = found.first else {
            throw CryptoError(.keyNotFound, "no secret key labelled '\(uri.objectLabel)' on token '\(uri.tokenLabel)'")
        }
        guard found.count == 1 else {
            throw CryptoError(.token, "several secret keys are labelled '\(uri.objectLabel)' on token '\(uri.tokenLabel)'; labels must be unique")
        }
        if checkType {
            let type = try session.ulong(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), of: object)
            let length = try session.ulong(CK_ATTRIBUTE_TYPE(CKA_VALUE_LEN), of: object)
            guard type == CK_ULONG(CKK_AES), length == CK_ULONG(SymmetricKey.byteCount) else {
                throw CryptoError(.token, "the key '\(uri.objectLabel)' on token '\(uri.tokenLabel)' is not an AES-256 key")
            }
        }
        return object
    }

    private func takeSession() throws -> PKCS11Session {
        lock.lock()
        let session = idle.popLast()
        lock.unlock()
        if let session { return session }
        return try Self.openSession(module: module, slot: slot, uri: uri, pin: pin, readWrite: false)
    }

    private func giveBack(_ session: PKCS11Session) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < Self.maxIdleSessions { idle.append(session) }
    }

    private func withSession<R>(_ body: (PKCS11Session) throws -> R) throws -> R {
        let session = try takeSession()
        defer { giveBack(session) }
        return try body(session)
    }

    /// Return values after which a session is not given back to the pool.
    private static let sessionLost: Set<CK_RV> = [
        CK_RV(CKR_SESSION_HANDLE_INVALID), CK_RV(CKR_SESSION_CLOSED), CK_RV(CKR_DEVICE_REMOVED),
        CK_RV(CKR_TOKEN_NOT_PRESENT), CK_RV(CKR_DEVICE_ERROR), CK_RV(CKR_OPERATION_ACTIVE), CK_RV(CKR_USER_NOT_LOGGED_IN),
    ]

    /// Decrypt results that mean the tag did not verify. SoftHSM2 reports a tag mismatch as
    /// `CKR_GENERAL_ERROR`; the length is fixed by the format, so after a successful `C_DecryptInit`
    /// with our own key there is nothing else for a decrypt failure to mean.
    private static let tagMismatch: Set<CK_RV> = [
        CK_RV(CKR_ENCRYPTED_DATA_INVALID), CK_RV(CKR_ENCRYPTED_DATA_LEN_RANGE), CK_RV(CKR_GENERAL_ERROR),
        CK_RV(CKR_FUNCTION_FAILED), PKCS11Module.aeadDecryptFailed,
    ]

    /// One AES-GCM operation on a pooled session; returns the output byte count.
    private func runGCM(encrypt: Bool, iv: inout [UInt8], aad: [UInt8],
                        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> Int {
        let session = try takeSession()
        let (initRV, result) = session.gcm(encrypt: encrypt, key: keyObject, iv: &iv, aad: aad, input: input, output: output)
        let rv: CK_RV
        switch result {
        case .ok(let count):
            giveBack(session)
            return count
        case .failed(let failure):
            rv = failure
            if !Self.sessionLost.contains(rv) { giveBack(session) }
        }
        let what = encrypt ? "wrap" : "unwrap"
        let key = "key '\(uri.objectLabel)' on token '\(uri.tokenLabel)'"
        if initRV != CKR_OK {
            switch rv {
            case CK_RV(CKR_OBJECT_HANDLE_INVALID), CK_RV(CKR_KEY_HANDLE_INVALID):
                throw CryptoError(.keyNotFound, "the \(key) is gone (destroyed?); cannot \(what)")
            case CK_RV(CKR_KEY_FUNCTION_NOT_PERMITTED), CK_RV(CKR_KEY_TYPE_INCONSISTENT):
                throw CryptoError(.token, "the \(key) may not \(encrypt ? "encrypt" : "decrypt") with AES-GCM (\(PKCS11Module.name(of: rv)))")
            case CK_RV(CKR_MECHANISM_INVALID), CK_RV(CKR_MECHANISM_PARAM_INVALID):
                throw CryptoError(.token, "token '\(uri.tokenLabel)' does not support AES-GCM with a 96-bit IV and 128-bit tag (\(PKCS11Module.name(of: rv)))")
            default:
                throw CryptoError(.token, "cannot \(what) with the \(key): \(encrypt ? "C_EncryptInit" : "C_DecryptInit") failed (\(PKCS11Module.name(of: rv)))")
            }
        }
        if !encrypt, Self.tagMismatch.contains(rv) {
            throw CryptoError(.wrongKey, "the key does not unwrap: wrong key-encryption key, or the wrapped key was moved or altered")
        }
        throw CryptoError(.token, "cannot \(what) with the \(key): \(encrypt ? "C_Encrypt" : "C_Decrypt") failed (\(PKCS11Module.name(of: rv)))")
    }
}
