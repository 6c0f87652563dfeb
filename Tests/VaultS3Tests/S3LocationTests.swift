import Foundation
import Testing
@testable import VaultS3

@Suite("S3 locations and credentials")
struct S3LocationTests {
    @Test func readsALocationAndWritesItBack() throws {
        let location = try S3Location(parsing: "s3://call-archive?endpoint=http://127.0.0.1:7480&region=eu-west-1&prefix=site-a")
        #expect(location.bucket == "call-archive")
        #expect(location.endpoint.absoluteString == "http://127.0.0.1:7480")
        #expect(location.region == "eu-west-1")
        #expect(location.prefix == "site-a/")
        #expect(try S3Location(parsing: location.description) == location)
    }

    @Test func defaultsToAWSInUSEast1() throws {
        let location = try S3Location(parsing: "s3://call-archive")
        #expect(location.endpoint.absoluteString == "https://s3.us-east-1.amazonaws.com")
        #expect(location.region == "us-east-1")
    }

    @Test(arguments: [
        ("https://bucket", "not an S3 location"),
        ("s3://", "not an S3 location"),
        ("s3://Upper_Case", "not a valid bucket name"),
        ("s3://ab", "not a valid bucket name"),
        ("s3://bucket/key", "?prefix="),
        ("s3://bucket?endpoint=ftp://host", "not an http(s)://host[:port] address"),
        ("s3://bucket?endpoint=http://host/path", "not an http(s)://host[:port] address"),
        ("s3://bucket?region=eu%20west", "not a region name"),
        ("s3://bucket?secret=x", "unknown setting secret"),
        ("s3://AKID:s3cr3t@bucket", "must not carry keys"),
        ("s3://bucket?endpoint=http://AKID:s3cr3t@host:7480", "carries no keys"),
    ])
    func refusesMalformedLocations(_ text: String, _ expected: String) {
        #expect {
            try S3Location(parsing: text)
        } throws: { error in
            guard let error = error as? S3Error, error.code == .configuration else { return false }
            return error.message.contains(expected) && !error.message.contains("s3cr3t")
        }
    }

    @Test func credentialsComeFromTheEnvironmentAndNeverPrintTheSecret() throws {
        let credentials = try S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s3cr3t"])
        #expect(credentials.accessKeyID == "AKID")
        #expect(!"\(credentials)".contains("s3cr3t"))
        #expect(throws: S3Error.self) { try S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID"]) }
    }

    @Test func timestampsReadRGWsNineDigitsAndWriteWholeSeconds() throws {
        let date = try #require(S3Time.parse("2027-06-05T10:11:12.123456789Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_812_190_272.123456789) < 1e-6)
        #expect(S3Time.format(date) == "2027-06-05T10:11:13Z")  // rounded up: a lock is never shorter
        #expect(S3Time.parse("2027-06-05T10:11:12Z")?.timeIntervalSince1970 == 1_812_190_272)
        #expect(S3Time.parse("yesterday") == nil)
    }
}
