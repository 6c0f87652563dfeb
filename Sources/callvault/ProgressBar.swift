import Foundation

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private var drawn = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(done: Int, failed: Int) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r[\(bar)] \(done)/\(total)" + (failed > 0 ? " (\(failed) failed)" : "")
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Erases the bar so a message can be printed on a clean line.
    func clear() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        drawn = false
    }
}
