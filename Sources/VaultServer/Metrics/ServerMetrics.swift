import Foundation
import VaultBase
import Synchronization

/// Request counts and latency histograms per endpoint and status, for `/metrics`
/// (Prometheus text format 0.0.4). Owned by one server; no global registry.
final class ServerMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct EndpointStats {
        var label: String
        var statuses: [Int: UInt64] = [:]
        var buckets = [UInt64](repeating: 0, count: ServerMetrics.buckets.count)
        var count: UInt64 = 0
        var sum: Double = 0

        mutating func record(status: Int, seconds: Double) {
            statuses[status, default: 0] += 1
            if let bucket = ServerMetrics.buckets.firstIndex(where: { seconds <= $0 }) { buckets[bucket] += 1 }
            count += 1
            sum += seconds
        }
    }
    private struct State {
        var endpoints: [EndpointStats] = [EndpointStats(label: "unmatched")]
        var activeUploads = 0
        var leading = false
    }
    private let state = Mutex(State())

    /// The id of requests that matched no endpoint.
    static let unmatched = 0

    /// Registers an endpoint's label (`POST /v1/consent/check`); returns the id it is recorded under.
    func register(_ label: String) -> Int {
        state.withLock { state in
            state.endpoints.append(EndpointStats(label: label))
            return state.endpoints.count - 1
        }
    }

    /// The id a registered endpoint's label is recorded under, nil when not registered.
    func id(of label: String) -> Int? {
        state.withLock { $0.endpoints.firstIndex { $0.label == label } }
    }

    /// Counts one answered request of endpoint `id`.
    func record(_ id: Int, status: Int, duration: Duration) {
        let seconds = duration.seconds
        state.withLock { $0.endpoints[id].record(status: status, seconds: seconds) }
    }

    /// Whether this node holds the cluster's leader lease and runs its jobs (`BackgroundJobs`).
    var leading: Bool {
        get { state.withLock { $0.leading } }
        set { state.withLock { $0.leading = newValue } }
    }

    /// Marks an upload started (+1) or ended (-1): part of the ingest backlog.
    func uploads(_ delta: Int) { state.withLock { $0.activeUploads += delta } }

    /// Counts one more upload unless `limit` are running already.
    func startUpload(limit: Int) -> Bool {
        state.withLock {
            guard $0.activeUploads < limit else { return false }
            $0.activeUploads += 1
            return true
        }
    }

    /// Uploads being received now.
    var activeUploads: Int { state.withLock { $0.activeUploads } }

    /// The request metrics in Prometheus text format.
    func render() -> String {
        let endpoints = state.withLock { $0.endpoints }.filter { $0.count > 0 }.sorted { $0.label < $1.label }
        var out = "# HELP callvault_http_requests_total HTTP requests answered, by endpoint and status.\n"
        out += "# TYPE callvault_http_requests_total counter\n"
        for endpoint in endpoints {
            for (status, count) in endpoint.statuses.sorted(by: { $0.key < $1.key }) {
                out += "callvault_http_requests_total{endpoint=\(Self.label(endpoint.label)),status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP callvault_http_request_duration_seconds Time from routing to the response head, by endpoint.\n"
        out += "# TYPE callvault_http_request_duration_seconds histogram\n"
        for endpoint in endpoints {
            let label = Self.label(endpoint.label)
            var cumulative: UInt64 = 0
            for (bound, count) in zip(Self.buckets, endpoint.buckets) {
                cumulative += count
                out += "callvault_http_request_duration_seconds_bucket{endpoint=\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "callvault_http_request_duration_seconds_bucket{endpoint=\(label),le=\"+Inf\"} \(endpoint.count)\n"
            out += "callvault_http_request_duration_seconds_sum{endpoint=\(label)} \(endpoint.sum)\n"
            out += "callvault_http_request_duration_seconds_count{endpoint=\(label)} \(endpoint.count)\n"
        }
        return out
    }

    /// A label value, quoted and escaped.
    static func label(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
