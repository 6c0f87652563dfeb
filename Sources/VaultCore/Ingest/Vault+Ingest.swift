public import Foundation
public import VaultAudio
import VaultCrypto
public import VaultStore

extension Vault {
    /// Ingests one WAV file: decodes it, encodes Ogg Opus, seals it under a fresh data key,
    /// writes it crash-safely and records it with its audit entry. Blocking: call it off the
    /// cooperative pool (see ``BlockingWork``). A bad input throws a one-line error naming the
    /// file, after which nothing of it is stored.
    public func ingest(_ request: IngestRequest, actor: VaultActor) throws -> RecordingRecord {
        try ingest(request, actor: actor) { try WAVFileReader(url: request.source, limits: audioLimits) }
    }

    /// The bounds every input must keep: sample rates, channels, and the policy's maximum call
    /// length (`recordings.maximum_call_hours`).
    public var audioLimits: AudioLimits {
        AudioLimits(maximumSeconds: policy.recordings.maximumCallHours * 3600)
    }

    /// Ingests one recording from any PCM source (an assembled RTP call, say): the same state
    /// machine, sealing and audit as a WAV file. `open` makes the source; its errors, like the
    /// ingest's, are audited as a failed attempt.
    public func ingest(_ request: IngestRequest, actor: VaultActor, source open: () throws -> any PCMSource) throws -> RecordingRecord {
        do {
            let job = try IngestJob(vault: self, request: request, source: try open(), actor: actor)
            let record = try job.run()
            logger.info("ingested", metadata: [
                "recording.id": "\(record.id)", "recording.duration_ms": "\(record.durationMs)",
                "recording.channels": "\(record.channels)",
            ])
            return record
        } catch {
            // A refused ingest is itself an action worth recording; the reason is its code, never a path.
            _ = try? logAudit(.recordingIngest, actor: actor, target: nil, outcome: .failed, detail: ["error": Self.errorCode(error)])
            throw error
        }
    }

    /// Expands paths into the WAV files and captures to ingest: files as given, directories
    /// recursively (files ending `.wav` or `.wave`, any case, and capture files: `.pcap`,
    /// `.pcapng`, `.cap`, `.rtpdump`, `.rtp` with a capture's magic bytes), sorted. Paths that do not exist are returned
    /// as they are, so the ingest reports them.
    public static func expandSources(_ paths: [URL]) -> [URL] {
        var out = [URL]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                out.append(path)
                continue
            }
            var found = [URL]()
            let enumerator = FileManager.default.enumerator(at: path, includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                let ext = url.pathExtension.lowercased()
                if ["wav", "wave"].contains(ext) || (["pcap", "pcapng", "cap", "rtpdump", "rtp"].contains(ext) && isCapture(url)),
                   (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                    found.append(url)
                }
            }
            out += found.sorted { $0.path < $1.path }
        }
        return out
    }

    /// A short, stable name for an error's kind, for audit details and JSON.
    static func errorCode(_ error: any Error) -> String {
        switch error {
        case let e as AudioError: "audio.\(e.code)"
        case let e as StoreError: "store.\(e.code)"
        case let e as VaultError: "vault.\(e.code)"
        case let e as CryptoError: "crypto.\(e.code)"
        default: "error"
        }
    }
}
