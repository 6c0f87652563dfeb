import Foundation

/// Runs a shell command through popen(3) and returns its status and output: for starting test
/// servers from a static initializer or `atexit`, where Foundation's `Process` cannot be waited
/// for (every cooperative thread may be blocked).
enum Shell {
    /// Runs `command` with `/bin/sh` and returns its exit status and standard output.
    static func run(_ command: String) -> (Int32, String) {
        guard let pipe = popen(command, "r") else { return (-1, "cannot run \(command)") }
        var output = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            output += buffer[..<n]
        }
        return (pclose(pipe), String(decoding: output, as: UTF8.self))
    }
}
