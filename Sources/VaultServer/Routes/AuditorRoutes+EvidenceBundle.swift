import Foundation
import HTTPTypes
import Hummingbird
import VaultBase
import VaultCore
import VaultCrypto

extension AuditorRoutes {
    /// The body of `POST /v1/evidence-bundles`: the selection (every field given must match)
    /// and why the bundle is made.
    struct EvidenceBundleBody: Decodable {
        var reason: String
        var subject: String?
        var recordings: [String]?
        var since: String?
        var until: String?
        var campaign: String?
        /// An age X25519 recipient (`age1…`): audio and transcripts are encrypted to it.
        var recipientKey: String?

        enum CodingKeys: String, CodingKey {
            case reason, subject, recordings, since, until, campaign
            case recipientKey = "recipient_key"
        }
    }

    /// `POST /v1/evidence-bundles` (auditor): an evidence bundle (`docs/evidence-bundle.md`)
    /// streamed as a zip file while it is written, the same bag `callvault export bundle --out
    /// X.zip` writes. Nothing is spooled to disk: the vault writes the zip into a pipe whose read
    /// end feeds the response, so memory holds a pipe buffer and one block.
    ///
    /// Refusals (no reason, no selection, nothing selected, a restricted recording without the
    /// `X-Restricted-Access-Reason` header) come before the first byte, as JSON errors. A failure
    /// after the response started cuts the connection: the client holds an incomplete zip,
    /// which no zip tool accepts and `verify-bundle` rejects.
    static func evidenceBundle(_ call: APICall, vault: Vault) async throws -> Response {
        let body = try await call.request.decodeJSON(EvidenceBundleBody.self, limit: 1 << 20)
        let restrictedReason = call.request.headers[restrictedReasonHeader]
        let reason = try Field.text(body.reason, field: "reason")
        let request = EvidenceBundleRequest(
            subject: try body.subject.map { try Field.phone($0, field: "subject", vault: vault) },
            recordings: try (body.recordings ?? []).map(Field.recordingID),
            since: try body.since.map { try Field.time($0, field: "since") },
            until: try body.until.map { try Field.time($0, field: "until") },
            campaign: try body.campaign.map { try Field.text($0, field: "campaign") },
            recipient: try body.recipientKey.map { text in
                do { return try AgeX25519PublicKey(parsing: text) } catch {
                    throw APIError.badRequest("'recipient_key' is not an age X25519 recipient (age1…)", code: "invalid_field")
                }
            },
            reason: restrictedReason.map { "\(reason) (restricted access: \($0))" } ?? reason,
            restrictedAccess: restrictedReason != nil)
        return try await bundleResponse(vault: vault, request: request, actor: call.actor)
    }

    /// The one streaming of an evidence bundle, for the API and the console: a zip written into
    /// the response while the vault exports it (the export is audited before its first byte).
    static func bundleResponse(vault: Vault, request: EvidenceBundleRequest, actor: VaultActor) async throws -> Response {
        let name = "evidence-" + Timestamp.format(vault.configuration.clock.now()).filter { $0.isNumber }.prefix(14)
        let bundle = try await vault.bundles.zipStream(request, named: name, actor: actor)
        let response = ResponseBody { output in
            defer { bundle.close() }  // a client that left makes the export's next write fail
            while let chunk = try await bundle.next() {  // an export that failed midway ends the response unfinished
                try await output.write(ByteBuffer(bytes: chunk))
            }
            try await output.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/zip",
                                               .contentDisposition: "attachment; filename=\"\(name).zip\""], body: response)
    }
}
