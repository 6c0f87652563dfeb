import Foundation
import Synchronization

/// Request counts and latency histograms per endpoint and status, for `/metrics`
/// (Prometheus text format 0.0.4). Owned by one server; no global registry.
final class ServerMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [UInt64](repeating: 0, count: ServerMetrics.buckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }
    private struct Key: Hashable { var endpoint: String; var status: Int }
    private struct State {
        var requests: [Key: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var activeUploads = 0
    }
    private let state = Mutex(State())

    /// Counts one answered request.
    func record(endpoint: String, status: Int, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { state in
            state.requests[Key(endpoint: endpoint, status: status), default: 0] += 1
            var histogram = state.latency[endpoint] ?? Histogram()
            if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.latency[endpoint] = histogram
        }
    }

    /// Marks an upload started (+1) or ended (-1): part of the ingest backlog.
    func uploads(_ delta: Int) { state.withLock { $0.activeUploads += delta } }

    /// Uploads being received now.
    var activeUploads: Int { state.withLock { $0.activeUploads } }

    /// The request metrics in Prometheus text format.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP callvault_http_requests_total HTTP requests answered, by endpoint and status.\n"
        out += "# TYPE callvault_http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.endpoint, $0.key.status) < ($1.key.endpoint, $1.key.status) }) {
            out += "callvault_http_requests_total{endpoint=\(Self.label(key.endpoint)),status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP callvault_http_request_duration_seconds Time from routing to the response head, by endpoint.\n"
        out += "# TYPE callvault_http_request_duration_seconds histogram\n"
        for (endpoint, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative: UInt64 = 0
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                out += "callvault_http_request_duration_seconds_bucket{endpoint=\(Self.label(endpoint)),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "callvault_http_request_duration_seconds_bucket{endpoint=\(Self.label(endpoint)),le=\"+Inf\"} \(histogram.count)\n"
            out += "callvault_http_request_duration_seconds_sum{endpoint=\(Self.label(endpoint))} \(histogram.sum)\n"
            out += "callvault_http_request_duration_seconds_count{endpoint=\(Self.label(endpoint))} \(histogram.count)\n"
        }
        return out
    }

    /// A label value, quoted and escaped.
    static func label(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
