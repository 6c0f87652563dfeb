public import Foundation

/// Where an S3 object store is: `s3://BUCKET?endpoint=URL&region=REGION[&prefix=P]`, the form
/// `callvault init --objects` takes and `vault.json` keeps. It holds no secret: the keys come from
/// the environment (``S3Credentials/fromEnvironment(_:)``).
public struct S3Location: Sendable, Equatable, CustomStringConvertible {
    /// The bucket (created with Object Lock when missing).
    public var bucket: String
    /// The service's base URL (`https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:7480`).
    public var endpoint: URL
    /// The signing region.
    public var region: String
    /// A key prefix for every object (`vault-a/`), empty for none.
    public var prefix: String

    /// A location from its parts.
    public init(bucket: String, endpoint: URL, region: String, prefix: String = "") {
        (self.bucket, self.endpoint, self.region, self.prefix) = (bucket, endpoint, region, prefix)
    }

    /// Reads `s3://BUCKET?endpoint=…&region=…[&prefix=…]`; `.configuration` naming what is wrong.
    /// Without `endpoint`, AWS's regional endpoint; without `region`, `us-east-1`.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text), components.scheme == "s3",
              let bucket = components.host, !bucket.isEmpty else {
            throw S3Error(.configuration, "that is not an S3 location: write s3://BUCKET?endpoint=URL&region=REGION")
        }
        // Keys never travel in a location: it is stored in vault.json and repeated in messages.
        guard components.user == nil, components.password == nil else {
            throw S3Error(.configuration, "an S3 location must not carry keys (user:secret@): give them as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        }
        guard Self.isValidBucketName(bucket) else {
            throw S3Error(.configuration, "\(bucket) is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw S3Error(.configuration, "s3://\(bucket): put a key prefix in ?prefix=, not in the path")
        }
        var items = [String: String]()
        for item in components.queryItems ?? [] {
            guard ["endpoint", "region", "prefix"].contains(item.name) else {
                throw S3Error(.configuration, "s3://\(bucket): unknown setting \(item.name) (endpoint, region and prefix are known)")
            }
            items[item.name] = item.value ?? ""
        }
        let region = items["region"] ?? "us-east-1"
        guard !region.isEmpty, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw S3Error(.configuration, "s3://\(bucket): the region \(region) is not a region name")
        }
        let endpointText = items["endpoint"] ?? "https://s3.\(region).amazonaws.com"
        guard let endpoint = URL(string: endpointText), ["http", "https"].contains(endpoint.scheme ?? ""), endpoint.host != nil,
              endpoint.user == nil, endpoint.password == nil,
              endpoint.path.isEmpty || endpoint.path == "/", endpoint.query == nil else {
            throw S3Error(.configuration, "s3://\(bucket): the endpoint is not an http(s)://host[:port] address (and carries no keys)")
        }
        var prefix = items["prefix"] ?? ""
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.init(bucket: bucket, endpoint: endpoint, region: region, prefix: prefix)
    }

    /// The canonical text form, as `vault.json` stores it.
    public var description: String {
        var components = URLComponents()
        components.scheme = "s3"
        components.host = bucket
        components.queryItems = [URLQueryItem(name: "endpoint", value: endpoint.absoluteString),
                                 URLQueryItem(name: "region", value: region)]
            + (prefix.isEmpty ? [] : [URLQueryItem(name: "prefix", value: prefix)])
        return components.string ?? "s3://\(bucket)"
    }

    /// S3's bucket naming rules (the subset that is safe for path-style addressing too).
    static func isValidBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) }
        return isLowerOrDigit(first) && isLowerOrDigit(last)
            && bytes.allSatisfy { isLowerOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && !name.contains("..")
    }
}
