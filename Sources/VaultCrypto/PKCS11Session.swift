internal import CVaultPKCS11
import Foundation

/// One PKCS#11 session on a token: opened in `init`, closed (`C_CloseSession`) in `deinit`.
///
/// Not `Sendable`: PKCS#11 lets a session run one operation at a time, so a session is used by one
/// thread at a time (``PKCS11KEK`` hands them out from a locked pool).
final class PKCS11Session {
    let module: PKCS11Module
    let handle: CK_SESSION_HANDLE
    /// The token's label, for messages.
    let tokenLabel: String


    /// Opens a session on `slot`; read-write when it will create or destroy objects.
    init(module: PKCS11Module, slot: CK_SLOT_ID, tokenLabel: String, readWrite: Bool) throws {
        self.module = module
        self.tokenLabel = tokenLabel
        var flags = CK_FLAGS(CKF_SERIAL_SESSION)
        if readWrite { flags |= CK_FLAGS(CKF_RW_SESSION) }
        var session: CK_SESSION_HANDLE = 0
        let rv = module.call { $0.C_OpenSession(slot, flags, nil, nil, &session) }
        guard rv == CKR_OK else {
            throw CryptoError(.token, "cannot open a session on token '\(tokenLabel)': \(PKCS11Module.name(of: rv))")
        }
        handle = session
    }

    deinit { _ = module.call { $0.C_CloseSession(handle) } }

    /// Throws a `.token` error naming `operation` unless `rv` is `CKR_OK`.
    func check(_ rv: CK_RV, _ operation: String) throws {
        guard rv == CKR_OK else {
            throw CryptoError(.token, "\(operation) on token '\(tokenLabel)' failed: \(PKCS11Module.name(of: rv))")
        }
    }

    // MARK: Objects

    /// The handles of the objects matching `template` (at most `limit`).
    func findObjects(_ template: [PKCS11Attribute], limit: Int = 16) throws -> [CK_OBJECT_HANDLE] {
        try PKCS11Attribute.withTemplate(template) { attrs, count in
            try check(module.call { $0.C_FindObjectsInit(handle, attrs, count) }, "C_FindObjectsInit")
        }
        var found = [CK_OBJECT_HANDLE](repeating: 0, count: limit)
        var count: CK_ULONG = 0
        let rv = module.call { $0.C_FindObjects(handle, &found, CK_ULONG(limit), &count) }
        _ = module.call { $0.C_FindObjectsFinal(handle) }
        try check(rv, "C_FindObjects")
        return Array(found.prefix(Int(count)))
    }

    /// A boolean attribute of `object`, or nil when the object does not have it.
    func bool(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE) throws -> Bool? {
        var value = CK_BBOOL(CK_FALSE)
        let rv = withUnsafeMutablePointer(to: &value) { pointer in
            var attribute = CK_ATTRIBUTE(type: type, pValue: UnsafeMutableRawPointer(pointer),
                                         ulValueLen: CK_ULONG(MemoryLayout<CK_BBOOL>.size))
            return module.call { $0.C_GetAttributeValue(handle, object, &attribute, 1) }
        }
        if rv == CKR_ATTRIBUTE_TYPE_INVALID { return nil }
        try checkObject(rv, "C_GetAttributeValue")
        return value != CK_BBOOL(CK_FALSE)
    }

    /// An unsigned-long attribute of `object` (key type, value length...), or nil when absent.
    func ulong(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE) throws -> CK_ULONG? {
        var value: CK_ULONG = 0
        let rv = withUnsafeMutablePointer(to: &value) { pointer in
            var attribute = CK_ATTRIBUTE(type: type, pValue: UnsafeMutableRawPointer(pointer),
                                         ulValueLen: CK_ULONG(MemoryLayout<CK_ULONG>.size))
            return module.call { $0.C_GetAttributeValue(handle, object, &attribute, 1) }
        }
        if rv == CKR_ATTRIBUTE_TYPE_INVALID { return nil }
        try checkObject(rv, "C_GetAttributeValue")
        return value
    }

    /// Generates a key on the token from `template`.
    func generateKey(mechanism type: CK_MECHANISM_TYPE, template: [PKCS11Attribute]) throws -> CK_OBJECT_HANDLE {
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        var object: CK_OBJECT_HANDLE = 0
        try PKCS11Attribute.withTemplate(template) { attrs, count in
            try check(module.call { $0.C_GenerateKey(handle, &mechanism, attrs, count, &object) }, "C_GenerateKey")
        }
        return object
    }

    /// Creates an object from `template` (`C_CreateObject`); tests use it to import a known key.
    func createObject(_ template: [PKCS11Attribute]) throws -> CK_OBJECT_HANDLE {
        var object: CK_OBJECT_HANDLE = 0
        try PKCS11Attribute.withTemplate(template) { attrs, count in
            try check(module.call { $0.C_CreateObject(handle, attrs, count, &object) }, "C_CreateObject")
        }
        return object
    }

    /// Destroys `object`.
    func destroy(_ object: CK_OBJECT_HANDLE) throws {
        try checkObject(module.call { $0.C_DestroyObject(handle, object) }, "C_DestroyObject")
    }

    /// Like `check`, but a vanished object is `.keyNotFound`.
    func checkObject(_ rv: CK_RV, _ operation: String) throws {
        if rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_KEY_HANDLE_INVALID {
            throw CryptoError(.keyNotFound, "the key object on token '\(tokenLabel)' is gone (destroyed?)")
        }
        try check(rv, operation)
    }

    // MARK: AES-GCM

    /// The outcome of one encrypt or decrypt call, as the pool needs it: the session is reusable
    /// after any of these (PKCS#11 ends an operation on every result but `CKR_BUFFER_TOO_SMALL`).
    enum GCMResult { case ok(Int), failed(CK_RV) }

    /// AES-GCM with a 96-bit IV and 128-bit tag over one message: `C_EncryptInit` + `C_Encrypt`
    /// (or the decrypt pair). `iv` is in-out: a token that makes its own IVs writes it back.
    func gcm(encrypt: Bool, key: CK_OBJECT_HANDLE, iv: inout [UInt8], aad: [UInt8],
             input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> (init: CK_RV, result: GCMResult) {
        iv.withUnsafeMutableBytes { ivBytes in
            aad.withUnsafeBytes { aadBytes in
                var params = CK_GCM_PARAMS(
                    pIv: ivBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), ulIvLen: CK_ULONG(ivBytes.count),
                    ulIvBits: CK_ULONG(ivBytes.count * 8),
                    pAAD: UnsafeMutablePointer(mutating: aadBytes.baseAddress?.assumingMemoryBound(to: UInt8.self)),
                    ulAADLen: CK_ULONG(aadBytes.count), ulTagBits: 128)
                return withUnsafeMutablePointer(to: &params) { paramsPointer in
                    var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_AES_GCM),
                                                 pParameter: UnsafeMutableRawPointer(paramsPointer),
                                                 ulParameterLen: CK_ULONG(MemoryLayout<CK_GCM_PARAMS>.size))
                    let inPointer = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
                    let outPointer = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    var outCount = CK_ULONG(output.count)
                    let exiting = CK_RV(CKR_CRYPTOKI_NOT_INITIALIZED)
                    return module.withFunctions(ifExiting: (exiting, .failed(exiting))) { f in
                        let initRV = encrypt ? f.C_EncryptInit(handle, &mechanism, key) : f.C_DecryptInit(handle, &mechanism, key)
                        guard initRV == CKR_OK else { return (initRV, .failed(initRV)) }
                        let rv = encrypt
                            ? f.C_Encrypt(handle, inPointer, CK_ULONG(input.count), outPointer, &outCount)
                            : f.C_Decrypt(handle, inPointer, CK_ULONG(input.count), outPointer, &outCount)
                        if rv == CKR_BUFFER_TOO_SMALL {
                            // The operation is still active: end it so the session can be reused.
                            var scratch = [UInt8](repeating: 0, count: Int(outCount))
                            var scratchCount = outCount
                            _ = encrypt
                                ? f.C_Encrypt(handle, inPointer, CK_ULONG(input.count), &scratch, &scratchCount)
                                : f.C_Decrypt(handle, inPointer, CK_ULONG(input.count), &scratch, &scratchCount)
                            wipe(&scratch)
                        }
                        return (initRV, rv == CKR_OK ? .ok(Int(outCount)) : .failed(rv))
                    }
                }
            }
        }
    }
}

/// One attribute of a PKCS#11 template, owning its value bytes.
struct PKCS11Attribute {
    var type: CK_ATTRIBUTE_TYPE
    var value: [UInt8]

    init(_ type: CK_ATTRIBUTE_TYPE, bytes: [UInt8]) {
        self.type = type
        value = bytes
    }

    init(_ type: CK_ATTRIBUTE_TYPE, bool: Bool) {
        self.init(type, bytes: [bool ? UInt8(CK_TRUE) : UInt8(CK_FALSE)])
    }

    init(_ type: CK_ATTRIBUTE_TYPE, ulong: CK_ULONG) {
        self.init(type, bytes: withUnsafeBytes(of: ulong) { Array($0) })
    }

    init(_ type: CK_ATTRIBUTE_TYPE, string: String) {
        self.init(type, bytes: Array(string.utf8))
    }

    /// Calls `body` with a C template pointing into a copy of the attributes' values (valid only
    /// inside `body`; the copy is zeroed afterwards).
    static func withTemplate<R>(_ attributes: [PKCS11Attribute],
                                _ body: (UnsafeMutablePointer<CK_ATTRIBUTE>?, CK_ULONG) throws -> R) rethrows -> R {
        let total = attributes.reduce(0) { $0 + $1.value.count }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 16)
        defer {
            storage.initializeMemory(as: UInt8.self, repeating: 0)
            storage.deallocate()
        }
        var raw: [CK_ATTRIBUTE] = []
        var offset = 0
        for attribute in attributes {
            let slice = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + attribute.value.count)])
            slice.copyBytes(from: attribute.value)
            raw.append(CK_ATTRIBUTE(type: attribute.type, pValue: attribute.value.isEmpty ? nil : slice.baseAddress,
                                    ulValueLen: CK_ULONG(attribute.value.count)))
            offset += attribute.value.count
        }
        return try raw.withUnsafeMutableBufferPointer { try body($0.baseAddress, CK_ULONG($0.count)) }
    }
}
