import Logging
import Synchronization

/// A logger whose entries are kept, every level from debug up, so a test can ask what was logged.
final class CapturedLog: Sendable {
    /// One entry: its level and message.
    struct Entry: Sendable, Equatable {
        var level: Logger.Level
        var message: String
    }

    private let store = Mutex<[Entry]>([])

    /// Every entry logged so far, oldest first.
    var entries: [Entry] { store.withLock { $0 } }

    /// A logger that appends to this log.
    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.store.withLock { $0.append(Entry(level: event.level, message: event.message.description)) }
        }
    }
}
