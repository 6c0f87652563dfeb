import Foundation
import HTTPTypes
import Hummingbird
import VaultBase
import VaultCore

extension AuditorRoutes {
    /// A single byte range of a body of `size` bytes (RFC 9110 §14.1.2).
    struct ByteRange: Equatable {
        var first: Int
        var last: Int
        var count: Int { last - first + 1 }

        /// Parses `bytes=a-b`, `bytes=a-` or `bytes=-n`. Nil: no usable single range (serve the
        /// whole body). Throws 416 for a syntactically valid range that misses the body.
        static func parse(_ header: String?, size: Int) throws -> ByteRange? {
            guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
            let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
            guard let dash = spec.firstIndex(of: "-") else { return nil }
            let start = spec[..<dash], end = spec[spec.index(after: dash)...]
            let unsatisfiable = APIError(.rangeNotSatisfiable, "range_not_satisfiable", "the range is outside the audio's \(size) bytes")
            if start.isEmpty {
                guard let suffix = Int(end), suffix >= 0 else { return nil }
                guard suffix > 0, size > 0 else { throw unsatisfiable }
                return ByteRange(first: max(0, size - suffix), last: size - 1)
            }
            guard let first = Int(start), first >= 0 else { return nil }
            let last: Int
            if end.isEmpty { last = size - 1 } else {
                guard let value = Int(end), value >= first else { return nil }
                last = min(value, size - 1)
            }
            guard first < size else { throw unsatisfiable }
            return ByteRange(first: first, last: last)
        }
    }

    /// `GET /v1/recordings/{id}/audio`: the decrypted Ogg Opus, streamed as it is decrypted
    /// (never whole in memory, never on disk), whole (200) or one byte range (206). The access
    /// is audited before the first byte is decrypted, with the range served.
    ///
    /// Every chunk is authenticated (AES-GCM segments). The whole-file SHA-256 values can only
    /// be compared at the end: a whole-body response that fails them is cut short before its
    /// last chunk (the client sees fewer bytes than Content-Length); a range response stops at
    /// its last byte, its segments authenticated but the whole-file hashes not compared.
    static func audio(_ call: APICall, vault: Vault) async throws -> Response {
        let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
        return try await audioResponse(vault: vault, id: id, actor: call.actor, restrictedAccessReason: call.request.headers[restrictedReasonHeader],
                                       range: call.request.headers[.range], detail: ["via": "http"])
    }

    /// The one streaming of a recording's audio, for the API and the console: audited (with
    /// `detail` and the range served) before the first byte is decrypted.
    static func audioResponse(vault: Vault, id: RecordingID, actor: VaultActor, restrictedAccessReason reason: String?, range rangeHeader: String?,
                              detail: [String: String]) async throws -> Response {
        let record = try await vault.recordings.get(id)
        let size = record.opusSize
        let range = try ByteRange.parse(rangeHeader, size: size)
        let detail = detail.merging(["range": range.map { "bytes=\($0.first)-\($0.last)" } ?? "whole"]) { $1 }
        let audio = try await vault.recordings.openAudio(id, actor: actor, restrictedAccessReason: reason, detail: detail)
        let first = range?.first ?? 0, last = range?.last ?? size - 1
        let body = ResponseBody(contentLength: last - first + 1) { writer in
            // Each chunk is written once the next one has been read, so the last bytes of a
            // whole-body response leave only after the end-of-stream hash check passed.
            var offset = 0  // of the pending chunk's first byte
            var pending = try await audio.next()
            while let chunk = pending {
                let end = offset + chunk.count
                let reachedLast = end > last
                pending = reachedLast && range != nil ? nil : try await audio.next()
                if reachedLast, range == nil, pending != nil {
                    throw VaultError(.sealedHashMismatch, "recording \(id): the audio is longer than the catalog's \(size) bytes")
                }
                if end > first {
                    let from = max(first, offset) - offset, to = min(last + 1, end) - offset
                    try await writer.write(ByteBuffer(bytes: chunk[from..<to]))
                }
                offset = end
                if reachedLast { break }
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: "audio/ogg", .acceptRanges: "bytes"]
        if let range {
            headers[.contentRange] = "bytes \(range.first)-\(range.last)/\(size)"
            return Response(status: .partialContent, headers: headers, body: body)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
