import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import VaultCore
import VaultLive

/// The SIPREC server of a `serve --siprec`, once it is made: the live-recording routes reach it
/// through this (registered whether or not live recording is on, so the API is always the same).
final class LiveCallsHandle: Sendable {
    private let box = NIOLockedValueBox<SIPRECServer?>(nil)

    /// The server, nil while live recording is off.
    var server: SIPRECServer? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}

/// Calls being recorded live (`serve --siprec`): `GET /v1/recordings/live` (recorder, auditor)
/// lists them; `POST /v1/recordings/live/{id}/pause` and `/resume` (recorder) stop and restart
/// keeping a call's media (PCI: a payment being taken), by the id it will be stored under. A
/// paused span is silence in the stored audio and is listed in the recording's `paused_spans`;
/// each pause and resume is audited. 404 when live recording is off or no such call is live.
struct LiveRecordingRoutes {
    let live: LiveCallsHandle

    func register(_ registry: EndpointRegistry) {
        let live = self.live
        @Sendable func server() throws -> SIPRECServer {
            guard let server = live.server else {
                throw APIError(.notFound, "not_found", "live recording is off on this server (callvault serve --siprec)")
            }
            return server
        }
        registry.add(.get, "/v1/recordings/live", roles: [.recorder, .auditor]) { _ in
            struct Calls: Encodable { var calls: [LiveRecording] }
            return try .json(Calls(calls: try server().liveCalls()))
        }
        for (action, paused) in [("pause", true), ("resume", false)] {
            registry.add(.post, "/v1/recordings/live/{id}/\(action)", roles: [.recorder]) { call in
                let id = try Field.recordingID(call.context.parameters.get("id") ?? "")
                return try .json(try await server().setPaused(paused, recording: id, actor: call.actor))
            }
        }
    }
}
