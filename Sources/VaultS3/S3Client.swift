internal import AsyncHTTPClient
public import Foundation
internal import NIOCore
internal import NIOHTTP1
import VaultCrypto
import VaultWire

/// An Object Lock retention: the mode and the date before which nobody can delete the version.
public struct ObjectLock: Sendable, Equatable {
    /// `COMPLIANCE` (nobody, not even the account's root, may shorten or remove it) or
    /// `GOVERNANCE` (principals with a bypass permission may).
    public enum Mode: String, Sendable { case compliance = "COMPLIANCE", governance = "GOVERNANCE" }

    /// The mode.
    public var mode: Mode
    /// The retain-until date (whole seconds, rounded up).
    public var retainUntil: Date

    /// A lock until `retainUntil` (rounded up to the next whole second).
    public init(mode: Mode = .compliance, retainUntil: Date) {
        self.mode = mode
        self.retainUntil = Date(timeIntervalSince1970: retainUntil.timeIntervalSince1970.rounded(.up))
    }
}

/// What `HEAD` says of one object version.
public struct ObjectHead: Sendable, Equatable {
    /// Its size in bytes.
    public var size: Int
    /// Its version id (nil when the bucket is not versioned).
    public var versionID: String?
    /// Its ETag without quotes (the MD5 of a single-part upload).
    public var etag: String
    /// Its retention, when it has one.
    public var lock: ObjectLock?
    /// Whether a legal hold is on.
    public var legalHold: Bool
}

/// One version (or delete marker) of a key, from `ListObjectVersions`.
public struct ObjectVersion: Sendable, Equatable {
    /// The key, without the location's prefix.
    public var key: String
    /// The version id.
    public var versionID: String
    /// Whether it is the key's current version.
    public var isLatest: Bool
    /// Whether it is a delete marker rather than data.
    public var isDeleteMarker: Bool
    /// Its size (0 for a delete marker).
    public var size: Int
}

/// The S3 calls a write-once vault needs, signed with SigV4 and sent through async-http-client,
/// path-style (`endpoint/bucket/key`). Synchronous: each call waits for its answer, so run it on
/// a blocking pool, never on an event loop. Transport failures and 5xx answers are retried
/// (6 attempts over about 12 s, backing off from 100 ms: a gateway restart); a retried write first looks whether the lost attempt
/// landed, so nothing is stored twice.
public final class S3Client: Sendable {
    /// Where the bucket is.
    public let location: S3Location
    private let signer: SigV4Signer
    private let http: HTTPClient
    private let attempts: Int
    private let timeout: TimeAmount

    /// A client of `location` signing with `credentials`. Each attempt of a request may take
    /// `timeoutSeconds` plus a second per 256 KiB it sends (async-http-client keeps retrying a
    /// refused connection until then).
    public init(location: S3Location, credentials: S3Credentials, attempts: Int = 6, timeoutSeconds: Int64 = 30) {
        self.location = location
        self.signer = SigV4Signer(credentials: credentials, region: location.region, service: "s3")
        self.http = HTTPClient.shared
        self.attempts = max(1, attempts)
        self.timeout = .seconds(timeoutSeconds)
    }

    // MARK: Bucket

    /// Whether the bucket exists and has Object Lock enabled; `.notFound` when it does not exist.
    public func bucketHasObjectLock() throws -> Bool {
        let response = try send(.GET, key: nil, query: [("object-lock", nil)], accept: [200, 404])
        if response.status == 404 {
            let code = (try? Self.xmlText(response.body, "code")) ?? nil
            if code == "NoSuchBucket" { throw S3Error(.notFound, "the bucket \(location.bucket) does not exist") }
            return false  // ObjectLockConfigurationNotFoundError
        }
        return try Self.xmlText(response.body, "objectlockenabled") == "Enabled"
    }

    /// Whether the bucket exists (`HEAD`: an answer without a body, so no delayed ACK to wait out).
    public func bucketExists() throws -> Bool {
        try send(.HEAD, key: nil, accept: [200, 404]).status == 200
    }

    /// Creates the bucket, with Object Lock (and so versioning) enabled unless told otherwise.
    public func createBucket(objectLock: Bool = true) throws {
        var body = [UInt8]()
        if location.region != "us-east-1" {
            body = Array(("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                + location.region + "</LocationConstraint></CreateBucketConfiguration>").utf8)
        }
        _ = try send(.PUT, key: nil, headers: objectLock ? [("x-amz-bucket-object-lock-enabled", "true")] : [], body: body)
    }

    // MARK: Objects

    /// Stores `body` at `key` in one request, with `lock`; returns the new version id. The body's
    /// SHA-256 is signed, so the store refuses any other bytes (`sha256`: the caller's own digest
    /// of `body`, saving a second pass; a wrong one is refused the same way). A locked object also
    /// carries `Content-MD5`, which Object Lock requires. A retry after a lost answer first checks
    /// whether the object already holds these bytes.
    public func putObject(key: String, body: [UInt8], lock: ObjectLock?, sha256: [UInt8]? = nil) throws -> String? {
        var headers = [("content-type", "application/octet-stream")]
        if let lock { headers += [("content-md5", Data(Self.md5(body)).base64EncodedString())] + Self.lockHeaders(lock) }
        let response = try send(.PUT, key: key, headers: headers, body: body, payloadHash: sha256, landed: {
            guard let head = try self.head(key: key), head.size == body.count, head.etag == Self.md5(body).hexString else { return nil }
            return head.versionID
        })
        return response.versionID
    }

    private static func md5(_ body: [UInt8]) -> [UInt8] { body.withUnsafeBytes { MD5.hash($0) } }

    /// The object's metadata; nil when there is no such key (or its latest version is a delete marker).
    public func head(key: String, versionID: String? = nil) throws -> ObjectHead? {
        let response = try send(.HEAD, key: key, query: versionID.map { [("versionId", $0)] } ?? [], accept: [200, 404])
        guard response.status == 200 else { return nil }
        let headers = response.headers
        var lock: ObjectLock?
        if let modeText = headers["x-amz-object-lock-mode"], let mode = ObjectLock.Mode(rawValue: modeText.uppercased()),
           let untilText = headers["x-amz-object-lock-retain-until-date"], let until = S3Time.parse(untilText) {
            lock = ObjectLock(mode: mode, retainUntil: until)
        }
        return ObjectHead(size: Int(headers["content-length"] ?? "") ?? 0, versionID: headers["x-amz-version-id"],
                          etag: (headers["etag"] ?? "").replacingOccurrences(of: "\"", with: ""), lock: lock,
                          legalHold: headers["x-amz-object-lock-legal-hold"]?.uppercased() == "ON")
    }

    /// Up to `length` bytes of the object from `offset`, with the offset they start at (from
    /// `Content-Range`; 0 when the server sent the whole object), the object's total size and the
    /// version read; an empty read at or past the end. `.notFound` when there is no such key.
    public func get(key: String, versionID: String? = nil, offset: Int, length: Int)
        throws -> (bytes: [UInt8], start: Int, totalSize: Int, versionID: String?) {
        let response = try send(.GET, key: key, query: versionID.map { [("versionId", $0)] } ?? [],
                                headers: [("range", "bytes=\(offset)-\(offset + length - 1)")], accept: [200, 206, 416])
        // `bytes START-END/TOTAL`, or `bytes */TOTAL` on a 416.
        let range = response.headers["content-range"]?.dropFirst("bytes ".count).split(separator: "/")
        let total = range?.last.flatMap { Int($0) }
        if response.status == 416 { return ([], offset, total ?? offset, versionID) }
        let start = response.status == 206 ? range?.first?.split(separator: "-").first.flatMap { Int($0) } ?? -1 : 0
        return (response.body, start, total ?? response.body.count, response.versionID)
    }

    /// Deletes `key`: the version given, or (none given) puts a delete marker over it. `.denied`
    /// when a lock or legal hold protects the version.
    public func delete(key: String, versionID: String? = nil) throws {
        _ = try send(.DELETE, key: key, query: versionID.map { [("versionId", $0)] } ?? [], accept: [200, 204])
    }

    /// Every key under `prefix` (inside the location's prefix) whose latest version is data.
    public func listKeys(prefix: String = "") throws -> [String] {
        var keys = [String](), token: String?
        repeat {
            var query: [(String, String?)] = [("list-type", "2"), ("prefix", location.prefix + prefix)]
            if let token { query.append(("continuation-token", token)) }
            let body = try send(.GET, key: nil, query: query).body
            keys += try Self.xmlRecords(body, "contents").compactMap { $0["key"].map { String($0.dropFirst(location.prefix.count)) } }
            token = nil
            if try Self.xmlText(body, "istruncated") == "true" {
                guard let next = try Self.xmlText(body, "nextcontinuationtoken"), !next.isEmpty else {
                    throw S3Error(.malformed, "a truncated key listing of \(location.bucket) gave no continuation token")
                }
                token = next
            }
        } while token != nil
        return keys
    }

    /// Every version and delete marker under `prefix`.
    public func listVersions(prefix: String = "") throws -> [ObjectVersion] {
        var versions = [ObjectVersion](), marker: (key: String, version: String)?
        repeat {
            var query: [(String, String?)] = [("versions", nil), ("prefix", location.prefix + prefix)]
            if let marker { query += [("key-marker", marker.key), ("version-id-marker", marker.version)] }
            let body = try send(.GET, key: nil, query: query).body
            for (element, marker) in [("version", false), ("deletemarker", true)] {
                versions += try Self.xmlRecords(body, element).compactMap { fields in
                    guard let key = fields["key"], let id = fields["versionid"] else { return nil }
                    return ObjectVersion(key: String(key.dropFirst(location.prefix.count)), versionID: id, isLatest: fields["islatest"] == "true",
                                         isDeleteMarker: marker, size: Int(fields["size"] ?? "") ?? 0)
                }
            }
            marker = nil
            if try Self.xmlText(body, "istruncated") == "true" {
                guard let key = try Self.xmlText(body, "nextkeymarker"), !key.isEmpty,
                      let version = try Self.xmlText(body, "nextversionidmarker"), !version.isEmpty else {
                    throw S3Error(.malformed, "a truncated version listing of \(location.bucket) gave no next markers")
                }
                marker = (key, version)
            }
        } while marker != nil
        return versions
    }

    /// Sets a version's retention (it may be lengthened, never shortened, in compliance mode).
    public func putRetention(key: String, versionID: String?, lock: ObjectLock) throws {
        let xml = "<Retention xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Mode>\(lock.mode.rawValue)</Mode>"
            + "<RetainUntilDate>\(S3Time.format(lock.retainUntil))</RetainUntilDate></Retention>"
        try putSubresource("retention", key: key, versionID: versionID, xml: xml)
    }

    /// Turns a version's legal hold on or off.
    public func putLegalHold(key: String, versionID: String?, on: Bool) throws {
        let xml = "<LegalHold xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>\(on ? "ON" : "OFF")</Status></LegalHold>"
        try putSubresource("legal-hold", key: key, versionID: versionID, xml: xml)
    }

    private func putSubresource(_ name: String, key: String, versionID: String?, xml: String) throws {
        let body = Array(xml.utf8)
        var query: [(String, String?)] = [(name, nil)]
        if let versionID { query.append(("versionId", versionID)) }
        _ = try send(.PUT, key: key, query: query, headers: [("content-md5", Data(Self.md5(body)).base64EncodedString())], body: body)
    }

    // MARK: Multipart

    /// Starts a multipart upload of `key` and returns its upload id.
    public func createMultipartUpload(key: String) throws -> String {
        let body = try send(.POST, key: key, query: [("uploads", nil)], headers: [("content-type", "application/octet-stream")]).body
        guard let id = try Self.xmlText(body, "uploadid"), !id.isEmpty else {
            throw S3Error(.malformed, "the answer to a multipart upload of \(key) names no upload id")
        }
        return id
    }

    /// Uploads one part (numbered from 1), its SHA-256 signed as with ``putObject(key:body:lock:sha256:)``,
    /// and returns its ETag (quoted, as Complete wants it).
    public func uploadPart(key: String, uploadID: String, number: Int, body: [UInt8]) throws -> String {
        let response = try send(.PUT, key: key, query: [("partNumber", "\(number)"), ("uploadId", uploadID)], body: body)
        return response.headers["etag"] ?? "\"\(Self.md5(body).hexString)\""
    }

    /// Joins the parts into the object; returns its version id.
    public func completeMultipartUpload(key: String, uploadID: String, partETags: [String]) throws -> String? {
        let parts = partETags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }.joined()
        let body = Array("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(parts)</CompleteMultipartUpload>".utf8)
        let response = try send(.POST, key: key, query: [("uploadId", uploadID)], body: body)
        // S3 may answer 200 with an error document when the join fails late.
        if let code = (try? Self.xmlText(response.body, "code")) ?? nil {
            throw S3Error(.server, "completing the upload of \(key) failed: \(code)")
        }
        return response.versionID
    }

    /// Abandons a multipart upload and frees its parts.
    public func abortMultipartUpload(key: String, uploadID: String) throws {
        _ = try send(.DELETE, key: key, query: [("uploadId", uploadID)], accept: [200, 204, 404])
    }

    // MARK: Requests

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var versionID: String? { headers["x-amz-version-id"] }
    }

    /// Signs and sends one request, retrying transport failures and 5xx answers. `payloadHash`: the
    /// body's SHA-256 when the caller has it (else it is computed here). `landed`, for
    /// writes, says whether an attempt whose answer was lost took effect (its version id), so a
    /// retry does not store it twice. Any status not in `accept` becomes an ``S3Error``.
    private func send(_ method: HTTPMethod, key: String?, query: [(String, String?)] = [], headers extra: [(String, String)] = [],
                      body: [UInt8] = [], payloadHash: [UInt8]? = nil, accept: Set<Int> = [200, 204],
                      landed: (() throws -> String??)? = nil) throws -> Response {
        let what = "\(method.rawValue) \(key.map { location.bucket + "/" + location.prefix + $0 } ?? location.bucket)"
        var lastError: S3Error?
        for attempt in 0..<attempts {
            if attempt > 0 {
                usleep(UInt32(min(100_000 << (2 * min(attempt - 1, 4)), 5_000_000)))  // 0.1 s, 0.4 s, 1.6 s, then 5 s
                if let landed, let version = try? landed() {
                    return Response(status: 200, headers: version.map { ["x-amz-version-id": $0] } ?? [:], body: [])
                }
            }
            let response: HTTPClient.Response
            do {
                let deadline = NIODeadline.now() + timeout + .seconds(Int64(body.count >> 18))
                response = try http.execute(request: try request(method, key: key, query: query, headers: extra, body: body,
                                                                 payloadHash: payloadHash), deadline: deadline).wait()
            } catch let error as S3Error {
                throw error
            } catch {
                lastError = S3Error(.unreachable, "\(what): \(location.endpoint.absoluteString) did not answer (\(error))")
                continue
            }
            var headers = [String: String]()
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            let bytes = response.body.map { Array($0.readableBytesView) } ?? []
            let status = Int(response.status.code)
            if accept.contains(status) { return Response(status: status, headers: headers, body: bytes) }
            let code = (try? Self.xmlText(bytes, "code")) ?? nil
            let message = ((try? Self.xmlText(bytes, "message")) ?? nil).map { ": \($0)" } ?? ""
            let text = "\(what) was refused (\(status) \(code ?? response.status.reasonPhrase)\(message))"
            switch status {
            case 500...599:
                lastError = S3Error(.server, text)
                continue
            case 404: throw S3Error(.notFound, text)
            case 401, 403: throw S3Error(.denied, text)
            default: throw S3Error(.rejected, text)
            }
        }
        throw lastError ?? S3Error(.unreachable, "\(what) failed")
    }

    private func request(_ method: HTTPMethod, key: String?, query: [(String, String?)], headers extra: [(String, String)],
                         body: [UInt8], payloadHash known: [UInt8]?) throws -> HTTPClient.Request {
        let path = "/" + location.bucket + (key.map { "/" + location.prefix + $0 } ?? "")
        let amzDate = SigV4Signer.amzDate(Date())
        var host = location.endpoint.host ?? ""
        if let port = location.endpoint.port { host += ":\(port)" }
        let payloadHash = body.isEmpty ? SigV4Signer.emptyPayloadHash : (known ?? SHA256Hasher.hash(body)).hexString
        var signed: [(name: String, value: String)] = [("host", host), ("x-amz-date", amzDate), ("x-amz-content-sha256", payloadHash)]
        if let token = signer.credentials.sessionToken { signed.append(("x-amz-security-token", token)) }
        signed += extra.map { (name: $0.0, value: $0.1) }
        let toSign = SigV4Signer.Request(method: method.rawValue, path: path, query: query.map { (name: $0.0, value: $0.1) },
                                         headers: signed, payloadHash: payloadHash)
        var headers = HTTPHeaders(signed.map { ($0.name, $0.value) })
        headers.add(name: "authorization", value: signer.authorization(toSign, amzDate: amzDate))
        let queryText = SigV4Signer.canonicalQuery(toSign.query)
        var base = location.endpoint.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        let url = base + signer.canonicalURI(path) + (queryText.isEmpty ? "" : "?" + queryText)
        do {
            return try HTTPClient.Request(url: url, method: method, headers: headers, body: body.isEmpty ? nil : .bytes(body))
        } catch {
            throw S3Error(.configuration, "cannot address \(url): \(error)")
        }
    }

    private static func lockHeaders(_ lock: ObjectLock) -> [(String, String)] {
        [("x-amz-object-lock-mode", lock.mode.rawValue), ("x-amz-object-lock-retain-until-date", S3Time.format(lock.retainUntil))]
    }

    // MARK: XML

    /// The text of the first element named `name` (local name, lower-case); nil when absent.
    static func xmlText(_ body: [UInt8], _ name: String) throws -> String? {
        guard !body.isEmpty else { return nil }
        var inside = false, found: String?
        try read(body) { event in
            guard found == nil else { return }
            switch event {
            case .start(let element, _): inside = element == name
            case .text(let text) where inside: found = (found ?? "") + text
            case .end(let element) where element == name: if inside { found = found ?? "" }; inside = false
            default: break
            }
        }
        return found
    }

    /// The child texts of every element named `record`, as name → text.
    static func xmlRecords(_ body: [UInt8], _ record: String) throws -> [[String: String]] {
        var records = [[String: String]](), current: [String: String]?, field: String?
        try read(body) { event in
            switch event {
            case .start(let name, _):
                if name == record { current = [:] } else if current != nil { field = name }
            case .text(let text):
                if let f = field, current != nil { current![f, default: ""] += text }
            case .end(let name):
                if name == record, let done = current { records.append(done); current = nil }
                field = nil
            }
        }
        return records
    }

    private static func read(_ body: [UInt8], _ handle: (XMLReader.Event) throws -> Void) throws {
        do { try XMLReader.read(body, handle) } catch let failure as XMLReader.Failure {
            throw S3Error(.malformed, "the object store answered XML this client cannot read: \(failure.reason)")
        }
    }
}

/// S3's timestamps: ISO 8601 in UTC, written with whole seconds, read with any fraction (RGW
/// sends nine digits).
enum S3Time {
    static func format(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.up))
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? { Int32(String(decoding: chars[from..<from + count], as: UTF8.self)) }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec) = (year - 1900, month - 1, day, hour, minute, second)
        var seconds = Double(timegm(&parts))
        if chars.count > 20, chars[19] == UInt8(ascii: ".") {
            let digits = chars[20...].prefix { $0 >= 0x30 && $0 <= 0x39 }
            if let fraction = Double("0." + String(decoding: digits, as: UTF8.self)) { seconds += fraction }
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
