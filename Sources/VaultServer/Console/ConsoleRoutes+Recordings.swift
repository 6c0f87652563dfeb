import Foundation
import HTTPTypes
import Hummingbird
import VaultBase
import VaultCore
import VaultStore

/// The auditors' console pages: the recordings search, a recording (facts, hashes, the player
/// behind a stated reason), and evidence bundles of one recording or of a search.
extension ConsoleRoutes {
    func registerRecordings(_ registry: EndpointRegistry) {
        page(registry, .get, "/ui/recordings") { console, visit, _ in try await console.recordings(visit) }
        page(registry, .post, "/ui/recordings") { console, visit, _ in try await console.recordings(visit) }
        page(registry, .get, "/ui/recordings/{id}") { console, visit, context in try await console.recording(visit, id: context.parameters.get("id")) }
        page(registry, .post, "/ui/recordings/{id}/access") { console, visit, context in try await console.access(visit, id: context.parameters.get("id")) }
        page(registry, .get, "/ui/recordings/{id}/audio") { console, visit, context in try await console.audio(visit, id: context.parameters.get("id")) }
        page(registry, .post, "/ui/bundles") { console, visit, _ in try await console.bundle(visit) }
        page(registry, .post, "/ui/recordings/{id}/verify") { console, visit, context in
            try await console.verifyRecording(visit, id: context.parameters.get("id"))
        }
    }

    /// The search: filters from the address (`GET`, paged) or from the form (`POST`, which alone
    /// may carry a customer number, so a number never sits in an address, a history or a log).
    func recordings(_ visit: Visit) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let q = visit.request.uri.queryParameters
        let posted = visit.request.method == .post
        func text(_ name: String) -> String? {
            let value = posted ? visit.form[name] : (name == "number" ? nil : q.get(name).map { String($0) })
            return value.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let since = try text("since").map { try Self.localTime($0, field: "since") }
        let until = try text("until").map { try Self.localTime($0, field: "until") }
        let number = try text("number").map { try Field.phone($0, field: "number", vault: vault) }
        func choice(_ name: String) throws -> Bool? {
            switch text(name) {
            case nil: return nil
            case "yes": return true
            case "no": return false
            case let other?: throw APIError.badRequest("'\(name)' is yes, no or empty, not '\(other)'")
            }
        }
        let states = ["stored", "restricted", "purged", "shredded"]
        if let state = text("state"), !states.contains(state) { throw APIError.badRequest("'state' is one of \(states.joined(separator: ", "))") }
        let oldestFirst = text("order") == "oldest"
        let after = try text("after").map { token in
            guard let cursor = RecordingCursor(token: token) else { throw APIError.badRequest("'after' is not a place in the list") }
            return cursor
        }
        let search = RecordingSearch(since: since, until: until, campaign: text("campaign"), agent: text("agent"), subject: number,
                                     state: text("state"), hasTranscript: try choice("transcript"), held: try choice("held"),
                                     newestFirst: !oldestFirst, after: posted ? nil : after, limit: Self.pageSize)
        let page = try await vault.recordings.page(search)
        let rows: [[String: Any]] = page.recordings.map { r in
            ["id": r.id, "started": pages.time(r.startedAt), "duration": Self.duration(r.durationMs), "campaign": r.campaign ?? "",
             "agent": r.agent ?? "", "subject": r.subject ?? "", "state": r.state, "transcript": r.hasTranscript]
        }
        // Page links carry the filters but never the number (it would sit in the address bar
        // and the server's logs); a number search is one page. Pages go by keyset (the last row
        // shown), so a deep page costs what the first does.
        let filterNames = ["since", "until", "campaign", "agent", "state", "transcript", "held", "order"]
        let kept = filterNames.compactMap { name in text(name).map { URLQueryItem(name: name, value: $0) } }
        func link(after cursor: RecordingCursor?) -> String {
            var base = URLComponents()
            base.path = "/ui/recordings"
            base.queryItems = kept + (cursor.map { [URLQueryItem(name: "after", value: $0.token)] } ?? [])
            return base.string ?? "/ui/recordings"
        }
        func selected(_ name: String, _ options: [String]) -> [[String: Any]] {
            options.map { ["value": $0, "selected": text(name) == $0] }
        }
        var extra: [String: Any] = [
            "rows": rows,
            "q": ["since": text("since") ?? "", "until": text("until") ?? "", "campaign": text("campaign") ?? "", "agent": text("agent") ?? "",
                  "states": selected("state", states), "transcript": selected("transcript", ["yes", "no"]), "held": selected("held", ["yes", "no"]),
                  "oldest": oldestFirst],
        ]
        if number == nil {
            if after != nil, !posted { extra["first"] = link(after: nil) }
            if let next = page.next { extra["next"] = link(after: next) }
        } else if page.next != nil {
            extra["truncated"] = true
        }
        if let number { extra["numberSearched"] = number.masked }
        // A bundle of this search: offered for the filters that can sit in a page (never a number).
        if number == nil, text("campaign") != nil || text("since") != nil || text("until") != nil, !rows.isEmpty {
            extra["bundle"] = ["since": text("since") ?? "", "until": text("until") ?? "", "campaign": text("campaign") ?? ""]
        }
        return pages.render("recordings", visit, title: "recordings", extra: extra)
    }

    func recording(_ visit: Visit, id: String?, notice: String? = nil, problem: Bool = false) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        let r = try await vault.recordings.get(id)
        var extra: [String: Any] = [
            "r": ["id": r.id, "campaign": r.campaign ?? "", "agent": r.agent ?? "", "subject": r.subject ?? "", "state": r.state,
                  "version": "\(r.version)", "opusSha256": r.opusSha256, "sealedSha256": r.sealedSha256],
            "started": pages.time(r.startedAt), "duration": Self.duration(r.durationMs), "timeline": Self.timeline(r),
        ]
        if let notice { extra[problem ? "problem" : "notice"] = notice }
        // Its audit trail: the latest entries about it (ingest, reads, holds, restriction, checks).
        let trail = try await vault.audit.entries(target: r.id)
        extra["trail"] = trail.suffix(20).reversed().map { e -> [String: Any] in
            ["seq": "\(e.seq)", "time": pages.time(e.time), "actor": e.actor, "action": e.action, "outcome": e.outcome, "denied": e.outcome != "ok"]
        }
        if let until = r.restrictedUntil, r.state == "restricted" {
            extra["restrictedUntil"] = pages.time(until)
            // Why: the audit entry that restricted it (an erasure request while a retention
            // minimum or a legal hold still kept it).
            if let entry = try await vault.audit.entries(action: "recording.restrict", target: r.id).last {
                let words = ConsoleText.table(visit.language)
                extra["restrictedWhy"] = ConsoleText.fill(words["restrictedWhy"] ?? "", [
                    "because": entry.detail["because"].flatMap { words[$0 == "legal hold" ? "becauseHold" : "becauseMinimum"] } ?? "",
                    "request": entry.detail["request"] ?? "?"])
            }
        }
        if let grant = visit.session?.grants[r.id], grant.until > vault.configuration.clock.now() {
            extra["granted"] = grant.reason
            if r.hasTranscript {
                // Reading the transcript is audited like playing, with the same reason.
                let (_, data) = try await vault.recordings.readTranscript(id, actor: account.actor,
                                                                         restrictedAccessReason: r.restrictedUntil != nil ? grant.reason : nil)
                let cues = TranscriptCues.cues(data, format: r.transcriptFormat)
                extra["hasCues"] = !cues.isEmpty
                extra["cues"] = cues.map { cue -> [String: Any] in
                    var item: [String: Any] = ["text": cue.text]
                    if let start = cue.startS, let end = cue.endS {
                        item["start"] = String(format: "%.3f", start)
                        item["end"] = String(format: "%.3f", end)
                        item["at"] = Self.duration(Int(start * 1000))
                    }
                    return item
                }
            }
        }
        return pages.render("recording", visit, title: "recording", extra: extra)
    }

    /// "Verify now": re-checks this recording's sealed object (audited) and shows the answer.
    func verifyRecording(_ visit: Visit, id: String?) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let recording = try Field.recordingID(id ?? "")
        let words = ConsoleText.table(visit.language)
        if let problem = try await vault.recordings.verify(recording, actor: account.actor) {
            return try await self.recording(visit, id: id, notice: "\(words["verifyFailed"] ?? ""): \(problem.message)", problem: true)
        }
        return try await self.recording(visit, id: id, notice: words["verifySound"])
    }

    /// The recording's timeline: where audio was muted for a redacted number, and where the
    /// recording was paused, as fractions of its length (an SVG draws them; no inline style).
    static func timeline(_ r: Recording) -> [String: Any] {
        let total = Double(max(r.durationMs, 1))
        func span(_ startMs: Double, _ endMs: Double, _ kind: String) -> [String: Any] {
            let x = min(max(startMs / total, 0), 1) * 1000, w = max(min(max(endMs / total, 0), 1) * 1000 - x, 2)
            return ["x": String(format: "%.1f", x), "w": String(format: "%.1f", w), "kind": kind,
                    "label": "\(duration(Int(startMs)))–\(duration(Int(endMs))) \(kind)"]
        }
        var spans: [[String: Any]] = []
        for item in (r.redactedSpans ?? "").split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1)
            let times = parts.first?.split(separator: "-") ?? []
            if times.count == 2, let start = Double(times[0]), let end = Double(times[1]) {
                spans.append(span(start, end, parts.count > 1 ? "redacted \(parts[1])" : "redacted"))
            }
        }
        for paused in r.pausedSpans { spans.append(span(paused.startS * 1000, paused.endS * 1000, "paused")) }
        return ["spans": spans, "any": !spans.isEmpty]
    }

    /// Records the reason for playing a recording in the session; every byte range then served
    /// is audited with it (`recording.audio.export`, via `console`).
    func access(_ visit: Visit, id: String?) async throws -> Response {
        _ = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        let reason = (visit.form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...500).contains(reason.count) else { throw APIError.badRequest("a reason is 4 to 500 characters") }
        _ = try await vault.recordings.get(id)  // a 404 for an unknown id, before any leave is kept
        let until = vault.configuration.clock.now().addingTimeInterval(Self.grantLifetime)
        guard let cookie = visit.cookie, sessions.update(cookie, { $0.grants[id.description] = .init(reason: reason, until: until) }) else {
            throw Interrupt.redirect("/ui/sign-in")
        }
        return Self.redirect("/ui/recordings/\(id)#player")
    }

    func audio(_ visit: Visit, id: String?) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let id = try Field.recordingID(id ?? "")
        guard let grant = visit.session?.grants[id.description], grant.until > vault.configuration.clock.now() else {
            throw APIError(.forbidden, "reason_required", "state a reason on the recording's page before playing it")
        }
        let record = try await vault.recordings.get(id)
        let restricted = record.restrictedUntil != nil
        var response = try await AuditorRoutes.audioResponse(
            vault: vault, id: id, actor: account.actor, restrictedAccessReason: restricted ? grant.reason : nil,
            range: visit.request.headers[.range], detail: ["via": "console", "reason": grant.reason])
        for field in ConsolePages.securityHeaders { response.headers[field.name] = field.value }
        return response
    }

    /// An evidence bundle (the API's signed BagIt zip, streamed) of one recording (`recording`)
    /// or of a search's filters (`campaign`, `since`, `until`), with the reason it is made for;
    /// `restricted` states that restricted recordings are included for that reason.
    func bundle(_ visit: Visit) async throws -> Response {
        let account = try await signedIn(visit, roles: [.auditor])
        let form = visit.form
        func text(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...500).contains(reason.count) else { throw APIError.badRequest("a reason is 4 to 500 characters") }
        let recording = try text("recording").map { try Field.recordingID($0) }
        let since = try text("since").map { try Self.localTime($0, field: "since") }
        let until = try text("until").map { try Self.localTime($0, field: "until") }
        guard recording != nil || text("campaign") != nil || since != nil || until != nil else {
            throw APIError.badRequest("choose a recording, or search with a campaign or a time range first")
        }
        let restricted = form["restricted"] == "on"
        let request = EvidenceBundleRequest(recordings: recording.map { [$0] } ?? [], since: since, until: until, campaign: text("campaign"),
                                            reason: restricted ? "\(reason) (restricted access: \(reason))" : reason, restrictedAccess: restricted)
        var response = try await AuditorRoutes.bundleResponse(vault: vault, request: request, actor: account.actor)
        for field in ConsolePages.securityHeaders { response.headers[field.name] = field.value }
        return response
    }
}
