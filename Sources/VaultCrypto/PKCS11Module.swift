internal import CVaultPKCS11
import Foundation

/// One PKCS#11 module (a token's shared library, such as SoftHSM2's `libsofthsm2.so`), loaded with
/// `dlopen` and initialised with `C_Initialize(CKF_OS_LOCKING_OK)`.
///
/// PKCS#11 allows one `C_Initialize` per process, so there is one instance per module path,
/// loaded on first use by ``load(path:)`` and kept for the life of the process: never finalised or
/// unloaded. Modules such as SoftHSM2 tear down shared OpenSSL state in `C_Finalize`, and a module
/// initialised again after that (as a key rotation that drops the last KEK of a module would
/// cause) crashed the process; p11-kit keeps modules loaded for the same reason.
///
/// `@unchecked Sendable`: the module is initialised with `CKF_OS_LOCKING_OK`, so PKCS#11 (v2.40 §5.4)
/// lets any thread call its functions; the stored properties are immutable after `init`, and the one
/// mutable table (login verifiers) is guarded by `loginLock`.
final class PKCS11Module: @unchecked Sendable {
    /// The module's path, symlinks resolved.
    let path: String
    /// The module's function table (owned by the module, which stays loaded).
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>

    /// Serialises `C_Login` with the verifier table so that a login and its record are one step.
    private let loginLock = NSLock()
    /// Per slot, an HMAC of the PIN that last logged in successfully (never the PIN itself).
    private var loginVerifiers: [CK_SLOT_ID: [UInt8]] = [:]
    private let verifierKey: SymmetricKey

    private static let registryLock = NSLock()
    /// Loaded modules by resolved path, for the life of the process. Guarded by `registryLock`.
    nonisolated(unsafe) private static var registry: [String: PKCS11Module] = [:]

    /// The module for `path`, loading and initialising it on first use.
    static func load(path: String) throws -> PKCS11Module {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return try registryLock.withLock {
            if let module = registry[resolved] { return module }
            let module = try PKCS11Module(resolvedPath: resolved, requestedPath: path)
            registry[resolved] = module
            PKCS11ExitGate.closeAtExit()  // after the module's own exit handlers, so it runs before them
            return module
        }
    }

    private init(resolvedPath: String, requestedPath: String) throws {
        path = resolvedPath
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            throw CryptoError(.token, "PKCS#11 module \(requestedPath) not found (install it, or set module-path in the pkcs11: URI)")
        }
        // RTLD_NODELETE: modules (and the libraries they pull in) may register exit handlers or
        // thread-local destructors, so the code stays mapped after dlclose.
        guard let handle = dlopen(resolvedPath, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw CryptoError(.token, "cannot load PKCS#11 module \(requestedPath): \(reason)")
        }
        guard let symbol = dlsym(handle, "C_GetFunctionList") else {
            dlclose(handle)
            throw CryptoError(.token, "\(requestedPath) is not a PKCS#11 module (no C_GetFunctionList)")
        }
        typealias GetFunctionList = @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CK_FUNCTION_LIST>?>?) -> CK_RV
        let getFunctionList = unsafeBitCast(symbol, to: GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        let rv = getFunctionList(&list)
        guard rv == CKR_OK, let list, let initialize = list.pointee.C_Initialize else {
            dlclose(handle)
            throw CryptoError(.token, "PKCS#11 module \(requestedPath): C_GetFunctionList failed (\(PKCS11Module.name(of: rv)))")
        }
        var args = CK_C_INITIALIZE_ARGS()
        args.flags = CK_FLAGS(CKF_OS_LOCKING_OK)
        let initRV = withUnsafeMutablePointer(to: &args) { initialize(UnsafeMutableRawPointer($0)) }
        switch initRV {
        case CK_RV(CKR_OK), CK_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED): break  // already initialised: shared, fine
        case CK_RV(CKR_CANT_LOCK):
            dlclose(handle)
            throw CryptoError(.token, "PKCS#11 module \(requestedPath) cannot be used from several threads (CKR_CANT_LOCK)")
        default:
            dlclose(handle)
            throw CryptoError(.token, "PKCS#11 module \(requestedPath): C_Initialize failed (\(PKCS11Module.name(of: initRV)))")
        }
        functions = list
        verifierKey = try SymmetricKey.random()
    }



    /// Calls into the module through the process's ``PKCS11ExitGate``: `body` gets the function
    /// table; once the process is exiting, `body` is not run and the call returns
    /// `CKR_CRYPTOKI_NOT_INITIALIZED`. Every call after `C_Initialize` goes through here.
    func call(_ body: (CK_FUNCTION_LIST) throws -> CK_RV) rethrows -> CK_RV {
        try withFunctions(ifExiting: CK_RV(CKR_CRYPTOKI_NOT_INITIALIZED), body)
    }

    /// Like ``call(_:)`` for several calls that belong together (an operation's init and its
    /// step): `body` runs whole or not at all, and `exiting` is the result when it does not.
    func withFunctions<T>(ifExiting exiting: @autoclosure () -> T, _ body: (CK_FUNCTION_LIST) throws -> T) rethrows -> T {
        try PKCS11ExitGate.process.pass { try body(functions.pointee) } ?? exiting()
    }

    // MARK: Slots and tokens

    /// The slot holding the initialised token labelled `label`.
    func slot(tokenLabel label: String) throws -> CK_SLOT_ID {
        var labels: [String] = []
        var matches: [CK_SLOT_ID] = []
        for slot in try slotsWithTokens() {
            var info = CK_TOKEN_INFO()
            guard call({ $0.C_GetTokenInfo(slot, &info) }) == CKR_OK,
                  info.flags & CK_FLAGS(CKF_TOKEN_INITIALIZED) != 0 else { continue }
            let tokenLabel = withUnsafeBytes(of: info.label) { Self.paddedString($0) }
            labels.append(tokenLabel)
            if tokenLabel == label { matches.append(slot) }
        }
        guard let slot = matches.first else {
            let present = labels.isEmpty ? "none" : labels.map { "'\($0)'" }.joined(separator: ", ")
            throw CryptoError(.token, "no token labelled '\(label)' in PKCS#11 module \(path) (tokens present: \(present))")
        }
        guard matches.count == 1 else {
            throw CryptoError(.token, "\(matches.count) tokens are labelled '\(label)' in PKCS#11 module \(path); labels must be unique")
        }
        return slot
    }

    private func slotsWithTokens() throws -> [CK_SLOT_ID] {
        for _ in 0..<4 {  // the slot count can change between the two calls
            var count: CK_ULONG = 0
            var rv = call { $0.C_GetSlotList(CK_BBOOL(CK_TRUE), nil, &count) }
            guard rv == CKR_OK else { throw CryptoError(.token, "PKCS#11 module \(path): C_GetSlotList failed (\(Self.name(of: rv)))") }
            var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
            rv = call { $0.C_GetSlotList(CK_BBOOL(CK_TRUE), &slots, &count) }
            if rv == CKR_BUFFER_TOO_SMALL { continue }
            guard rv == CKR_OK else { throw CryptoError(.token, "PKCS#11 module \(path): C_GetSlotList failed (\(Self.name(of: rv)))") }
            return Array(slots.prefix(Int(count)))
        }
        throw CryptoError(.token, "PKCS#11 module \(path): the slot list keeps changing")
    }

    /// A blank-padded PKCS#11 text field as a Swift string.
    static func paddedString(_ bytes: UnsafeRawBufferPointer) -> String {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0 { end -= 1 }
        return String(decoding: bytes[0..<end], as: UTF8.self)
    }

    // MARK: Login

    /// Logs the user in on `session` (a session on `slot`), with the PIN in `pin`.
    ///
    /// PKCS#11 login state is per application and token, not per session: once any session is
    /// logged in, `C_Login` answers `CKR_USER_ALREADY_LOGGED_IN` without checking the PIN. So each
    /// successful login records an HMAC of its PIN (under a per-process random key), and a later
    /// "already logged in" is accepted only for the same PIN. Someone else's login in this process
    /// (no record) is accepted as is.
    func login(session: CK_SESSION_HANDLE, slot: CK_SLOT_ID, pin: SecretBytes, tokenLabel: String) throws {
        loginLock.lock()
        defer { loginLock.unlock() }
        let verifier = pin.withUnsafeBytes { bytes in
            var copy = Array(bytes)
            defer { wipe(&copy) }
            return HMACSHA256.authenticate(copy, key: verifierKey)
        }
        let rv = pin.withUnsafeBytes { bytes in
            call { $0.C_Login(session, CK_USER_TYPE(CKU_USER),
                              UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)),
                              CK_ULONG(bytes.count)) }
        }
        switch rv {
        case CK_RV(CKR_OK):
            loginVerifiers[slot] = verifier
        case CK_RV(CKR_USER_ALREADY_LOGGED_IN):
            if let recorded = loginVerifiers[slot], recorded != verifier {
                throw Self.loginError(CK_RV(CKR_PIN_INCORRECT), tokenLabel: tokenLabel)
            }
        default:
            throw Self.loginError(rv, tokenLabel: tokenLabel)
        }
    }

    /// The error for a failed `C_Login` on the token labelled `tokenLabel`. Never names the PIN.
    static func loginError(_ rv: CK_RV, tokenLabel: String) -> CryptoError {
        switch rv {
        case CK_RV(CKR_PIN_INCORRECT), CK_RV(CKR_PIN_INVALID), CK_RV(CKR_PIN_LEN_RANGE):
            return CryptoError(.wrongPIN, "token '\(tokenLabel)' refused the user PIN (wrong PIN; repeated failures may lock the token)")
        case CK_RV(CKR_PIN_LOCKED):
            return CryptoError(.pinLocked, "the user PIN of token '\(tokenLabel)' is locked after too many wrong PINs; its security officer must reset it (C_InitPIN)")
        case CK_RV(CKR_PIN_EXPIRED):
            return CryptoError(.wrongPIN, "the user PIN of token '\(tokenLabel)' has expired; set a new one (C_SetPIN)")
        case CK_RV(CKR_USER_PIN_NOT_INITIALIZED):
            return CryptoError(.token, "token '\(tokenLabel)' has no user PIN yet; its security officer must set one (C_InitPIN)")
        case CK_RV(CKR_USER_ANOTHER_ALREADY_LOGGED_IN):
            return CryptoError(.token, "token '\(tokenLabel)' is logged in as its security officer in this process; cannot log in as user")
        default:
            return CryptoError(.token, "cannot log in to token '\(tokenLabel)': \(name(of: rv))")
        }
    }

    // MARK: Return values

    /// A return value's name, for messages (`CKR_PIN_INCORRECT (0xa0)`).
    static func name(of rv: CK_RV) -> String {
        let names: [CK_RV: String] = [
            CK_RV(CKR_OK): "CKR_OK", CK_RV(CKR_HOST_MEMORY): "CKR_HOST_MEMORY", CK_RV(CKR_SLOT_ID_INVALID): "CKR_SLOT_ID_INVALID",
            CK_RV(CKR_GENERAL_ERROR): "CKR_GENERAL_ERROR", CK_RV(CKR_FUNCTION_FAILED): "CKR_FUNCTION_FAILED",
            CK_RV(CKR_ARGUMENTS_BAD): "CKR_ARGUMENTS_BAD", CK_RV(CKR_CANT_LOCK): "CKR_CANT_LOCK",
            CK_RV(CKR_ATTRIBUTE_SENSITIVE): "CKR_ATTRIBUTE_SENSITIVE", CK_RV(CKR_ATTRIBUTE_TYPE_INVALID): "CKR_ATTRIBUTE_TYPE_INVALID",
            CK_RV(CKR_ATTRIBUTE_VALUE_INVALID): "CKR_ATTRIBUTE_VALUE_INVALID", CK_RV(CKR_ACTION_PROHIBITED): "CKR_ACTION_PROHIBITED",
            CK_RV(CKR_DATA_LEN_RANGE): "CKR_DATA_LEN_RANGE", CK_RV(CKR_DEVICE_ERROR): "CKR_DEVICE_ERROR",
            CK_RV(CKR_DEVICE_MEMORY): "CKR_DEVICE_MEMORY", CK_RV(CKR_DEVICE_REMOVED): "CKR_DEVICE_REMOVED",
            CK_RV(CKR_ENCRYPTED_DATA_INVALID): "CKR_ENCRYPTED_DATA_INVALID",
            CK_RV(CKR_ENCRYPTED_DATA_LEN_RANGE): "CKR_ENCRYPTED_DATA_LEN_RANGE",
            CK_RV(CKR_FUNCTION_NOT_SUPPORTED): "CKR_FUNCTION_NOT_SUPPORTED", CK_RV(CKR_KEY_HANDLE_INVALID): "CKR_KEY_HANDLE_INVALID",
            CK_RV(CKR_KEY_TYPE_INCONSISTENT): "CKR_KEY_TYPE_INCONSISTENT",
            CK_RV(CKR_KEY_FUNCTION_NOT_PERMITTED): "CKR_KEY_FUNCTION_NOT_PERMITTED",
            CK_RV(CKR_MECHANISM_INVALID): "CKR_MECHANISM_INVALID", CK_RV(CKR_MECHANISM_PARAM_INVALID): "CKR_MECHANISM_PARAM_INVALID",
            CK_RV(CKR_OBJECT_HANDLE_INVALID): "CKR_OBJECT_HANDLE_INVALID", CK_RV(CKR_OPERATION_ACTIVE): "CKR_OPERATION_ACTIVE",
            CK_RV(CKR_OPERATION_NOT_INITIALIZED): "CKR_OPERATION_NOT_INITIALIZED",
            CK_RV(CKR_PIN_INCORRECT): "CKR_PIN_INCORRECT", CK_RV(CKR_PIN_INVALID): "CKR_PIN_INVALID",
            CK_RV(CKR_PIN_LEN_RANGE): "CKR_PIN_LEN_RANGE", CK_RV(CKR_PIN_EXPIRED): "CKR_PIN_EXPIRED",
            CK_RV(CKR_PIN_LOCKED): "CKR_PIN_LOCKED", CK_RV(CKR_SESSION_CLOSED): "CKR_SESSION_CLOSED",
            CK_RV(CKR_SESSION_COUNT): "CKR_SESSION_COUNT", CK_RV(CKR_SESSION_HANDLE_INVALID): "CKR_SESSION_HANDLE_INVALID",
            CK_RV(CKR_SESSION_READ_ONLY): "CKR_SESSION_READ_ONLY", CK_RV(CKR_TEMPLATE_INCOMPLETE): "CKR_TEMPLATE_INCOMPLETE",
            CK_RV(CKR_TEMPLATE_INCONSISTENT): "CKR_TEMPLATE_INCONSISTENT", CK_RV(CKR_TOKEN_NOT_PRESENT): "CKR_TOKEN_NOT_PRESENT",
            CK_RV(CKR_TOKEN_NOT_RECOGNIZED): "CKR_TOKEN_NOT_RECOGNIZED", CK_RV(CKR_TOKEN_WRITE_PROTECTED): "CKR_TOKEN_WRITE_PROTECTED",
            CK_RV(CKR_USER_ALREADY_LOGGED_IN): "CKR_USER_ALREADY_LOGGED_IN", CK_RV(CKR_USER_NOT_LOGGED_IN): "CKR_USER_NOT_LOGGED_IN",
            CK_RV(CKR_USER_PIN_NOT_INITIALIZED): "CKR_USER_PIN_NOT_INITIALIZED", CK_RV(CKR_USER_TYPE_INVALID): "CKR_USER_TYPE_INVALID",
            CK_RV(CKR_USER_ANOTHER_ALREADY_LOGGED_IN): "CKR_USER_ANOTHER_ALREADY_LOGGED_IN",
            CK_RV(CKR_BUFFER_TOO_SMALL): "CKR_BUFFER_TOO_SMALL", CK_RV(CKR_CRYPTOKI_NOT_INITIALIZED): "CKR_CRYPTOKI_NOT_INITIALIZED",
            CK_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED): "CKR_CRYPTOKI_ALREADY_INITIALIZED",
            PKCS11Module.aeadDecryptFailed: "CKR_AEAD_DECRYPT_FAILED",
        ]
        let hex = "0x" + String(rv, radix: 16)
        return names[rv].map { "\($0) (\(hex))" } ?? hex
    }

    /// `CKR_AEAD_DECRYPT_FAILED` (PKCS#11 v3.0), absent from p11-kit's v2.40 header.
    static let aeadDecryptFailed: CK_RV = 0x35
}
