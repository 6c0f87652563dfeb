public import Foundation
import VaultCrypto

/// The keys an S3 request is signed with.
public struct S3Credentials: Sendable, Equatable {
    /// The access key id (sent in clear in every request).
    public var accessKeyID: String
    /// The secret key (never sent, never logged).
    public var secretAccessKey: String
    /// A temporary session token (STS), signed as `x-amz-security-token` when present.
    public var sessionToken: String?

    /// Credentials from explicit values.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        (self.accessKeyID, self.secretAccessKey, self.sessionToken) = (accessKeyID, secretAccessKey, sessionToken)
    }

    /// The standard environment variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
    /// (optional) `AWS_SESSION_TOKEN`; `.configuration` when either key is missing.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> S3Credentials {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw S3Error(.configuration, "an S3 object store needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return S3Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }
}

extension S3Credentials: CustomStringConvertible {
    /// The access key id only: the secret never reaches a log.
    public var description: String { "S3Credentials(\(accessKeyID))" }
}

/// AWS Signature Version 4 (header form): the canonical request, the string to sign and the
/// `Authorization` value, as the published AWS test suite defines them. Pure; no I/O.
public struct SigV4Signer: Sendable {
    /// One request to sign. `path` is the decoded path (`/bucket/ab/x.cvseal`); the signer
    /// percent-encodes it. Query items are decoded too; a nil value is a bare key (`?uploads`).
    public struct Request: Sendable {
        /// The HTTP method.
        public var method: String
        /// The decoded path, starting with `/`.
        public var path: String
        /// The decoded query items, in any order.
        public var query: [(name: String, value: String?)]
        /// Every header that is signed, in request order; names in any case. Must include `host`
        /// and `x-amz-date`.
        public var headers: [(name: String, value: String)]
        /// The lower-case hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`).
        public var payloadHash: String

        /// A request to sign.
        public init(method: String, path: String, query: [(name: String, value: String?)] = [],
                    headers: [(name: String, value: String)], payloadHash: String) {
            (self.method, self.path, self.query, self.headers, self.payloadHash) = (method, path, query, headers, payloadHash)
        }
    }

    /// The keys.
    public let credentials: S3Credentials
    /// The region (`us-east-1`).
    public let region: String
    /// The service (`s3`).
    public let service: String
    /// Whether `.` and `..` segments and repeated slashes are resolved before signing: every
    /// service but S3, whose keys may contain them.
    public let normalizesPath: Bool

    /// A signer for `service` in `region`; S3 does not normalise paths.
    public init(credentials: S3Credentials, region: String, service: String = "s3", normalizesPath: Bool? = nil) {
        (self.credentials, self.region, self.service) = (credentials, region, service)
        self.normalizesPath = normalizesPath ?? (service != "s3")
    }

    /// The SHA-256 of the empty body, as GET, HEAD and DELETE send it.
    public static let emptyPayloadHash = SHA256Hasher.hash([]).hexString

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, the form of `x-amz-date`.
    public static func amzDate(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// The canonical request (task 1 of the signing process).
    public func canonicalRequest(_ request: Request) -> String {
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request.headers)
        return [request.method, canonicalURI(request.path), Self.canonicalQuery(request.query),
                canonicalHeaders, signedHeaders, request.payloadHash].joined(separator: "\n")
    }

    /// The credential scope: `yyyyMMdd/region/service/aws4_request`.
    public func scope(amzDate: String) -> String { "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request" }

    /// The string to sign (task 2) for a canonical request at `amzDate`.
    public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
        ["AWS4-HMAC-SHA256", amzDate, scope(amzDate: amzDate), SHA256Hasher.hash(Array(canonicalRequest.utf8)).hexString]
            .joined(separator: "\n")
    }

    /// The `Authorization` header value (tasks 3 and 4) of `request`, signed at `amzDate`
    /// (which must equal its `x-amz-date` header).
    public func authorization(_ request: Request, amzDate: String) -> String {
        let toSign = stringToSign(canonicalRequest: canonicalRequest(request), amzDate: amzDate)
        var key = HMACSHA256.authenticate(Array(amzDate.prefix(8).utf8), keyBytes: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [region, service, "aws4_request"] { key = HMACSHA256.authenticate(Array(part.utf8), keyBytes: key) }
        let signature = HMACSHA256.authenticate(Array(toSign.utf8), keyBytes: key).hexString
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(amzDate: amzDate)), "
            + "SignedHeaders=\(Self.canonicalHeaders(request.headers).signed), Signature=\(signature)"
    }

    /// The path, normalised for services that ask for it, each segment percent-encoded.
    func canonicalURI(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if normalizesPath {
            var kept = [Substring]()
            for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
                switch segment {
                case ".": continue
                case "..": _ = kept.popLast()
                default: kept.append(segment)
                }
            }
            let trailing = path.hasSuffix("/") && !kept.isEmpty ? "/" : ""
            path = "/" + kept.joined(separator: "/") + trailing
        }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { Self.percentEncode(String($0)) }.joined(separator: "/")
    }

    /// The query items encoded, sorted by name then value, as `name=value` joined by `&`.
    static func canonicalQuery(_ items: [(name: String, value: String?)]) -> String {
        let encoded: [(name: String, value: String)] = items.map { (percentEncode($0.name), percentEncode($0.value ?? "")) }
        let sorted = encoded.sorted { (a, b) -> Bool in a.name == b.name ? a.value < b.value : a.name < b.name }
        return sorted.map { pair -> String in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// The canonical header block (`name:value\n` each, names lower-cased and sorted, values
    /// trimmed with inner runs of spaces folded, repeated names joined by commas in request
    /// order) and the signed-header list.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signed: String) {
        var values = [String: [String]]()
        for (name, value) in headers {
            let folded = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            values[name.lowercased(), default: []].append(folded)
        }
        let names = values.keys.sorted()
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters, UTF-8, upper-case hex.
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
