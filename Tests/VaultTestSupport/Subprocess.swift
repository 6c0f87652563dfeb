public import Foundation
import Synchronization

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// Standard output's bytes.
    public var stdoutData: Data
}

/// Runs real programs (the callvault binary, ffmpeg, opusinfo, sox, SIPp) from tests.
///
/// Children are started with `posix_spawn` and waited for with `waitpid` on their own pid, never
/// through Foundation's `Process`: under load its notice of a child's exit was seen lost (the child
/// left a zombie, `waitUntilExit` never returned and held a test thread for good, starving the rest
/// of the suite).
public enum Subprocess {
    /// Where a child's standard output or standard error goes.
    public enum Output: Sendable {
        /// To `/dev/null`.
        case discard
        /// Into a pipe the caller reads (``ChildProcess/standardOutput``, ``ChildProcess/standardError``).
        case pipe
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments` and waits for it;
    /// `environment` is added to this process's, `stdin` is written to the child's standard input.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           stdin: Data? = nil, currentDirectory: URL? = nil) throws -> ProcessResult {
        let child = try spawn(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                              standardInput: stdin != nil, standardOutput: .pipe, standardError: .pipe)
        // One loop feeds standard input and drains both outputs, so neither side can block the other.
        var pending = stdin ?? Data()
        var outData = Data(), errData = Data()
        var polled: [pollfd] = [
            pollfd(fd: child.standardOutput!.fileDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: child.standardError!.fileDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        if let input = child.standardInput {
            if pending.isEmpty {
                try input.close()
            } else {
                _ = fcntl(input.fileDescriptor, F_SETFL, fcntl(input.fileDescriptor, F_GETFL) | O_NONBLOCK)
                polled.append(pollfd(fd: input.fileDescriptor, events: Int16(POLLOUT), revents: 0))
            }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while polled.contains(where: { $0.fd >= 0 }) {
            guard poll(&polled, nfds_t(polled.count), -1) >= 0 else {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            for i in polled.indices where polled[i].fd >= 0 && polled[i].revents != 0 {
                if i == 2 {
                    let written = pending.withUnsafeBytes { write(polled[i].fd, $0.baseAddress, min($0.count, 65536)) }
                    if written > 0 { pending.removeFirst(written) }
                    if pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                        try child.standardInput?.close()  // done, or the child closed its end (EPIPE)
                        polled[i].fd = -1
                    }
                    continue
                }
                let n = read(polled[i].fd, &buffer, buffer.count)
                if n > 0 {
                    if i == 0 { outData.append(contentsOf: buffer[0..<n]) } else { errData.append(contentsOf: buffer[0..<n]) }
                } else if n == 0 || errno != EINTR {
                    polled[i].fd = -1  // end of file; the handle closes its descriptor
                }
            }
        }
        let status = child.waitUntilExit()
        return ProcessResult(status: status, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments` in the
    /// background, its output discarded; the caller waits for it, or kills it.
    public static func start(_ executable: String, _ arguments: [String], currentDirectory: URL? = nil) throws -> ChildProcess {
        try spawn(executable, arguments, currentDirectory: currentDirectory)
    }

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`: `environment` is
    /// added to this process's; the child's standard input is a pipe (``ChildProcess/standardInput``)
    /// when `standardInput` is set and `/dev/null` otherwise. The child starts with every signal at
    /// its default and none blocked, whatever the calling thread blocks or ignores.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                             currentDirectory: URL? = nil, standardInput: Bool = false,
                             standardOutput: Output = .discard, standardError: Output = .discard) throws -> ChildProcess {
        ignoreBrokenPipes
        return try spawning.withLock { _ in
            try spawnLocked(executable, arguments, environment: environment, currentDirectory: currentDirectory,
                            standardInput: standardInput, standardOutput: standardOutput, standardError: standardError)
        }
    }

    /// Held from a child's pipes being made until it is spawned, so no other child started
    /// meanwhile inherits them before they are marked close-on-exec (a pipe's write end held by
    /// another child would keep its reader waiting for that child's exit).
    private static let spawning = Mutex(())

    private static func spawnLocked(_ executable: String, _ arguments: [String], environment: [String: String],
                                    currentDirectory: URL?, standardInput: Bool,
                                    standardOutput: Output, standardError: Output) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32: Int32] = [:]  // the child's descriptor → this process's end of its pipe
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        func pipeFor(_ target: Int32, childReads: Bool) throws {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }  // no other child inherits them (spawns take `spawning`)
            let (child, parent) = childReads ? (fds[0], fds[1]) : (fds[1], fds[0])
            childEnds.append(child)
            parentEnds[target] = parent
            posix_spawn_file_actions_adddup2(&actions, child, target)
        }
        if standardInput { try pipeFor(0, childReads: true) } else { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        for (target, output) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch output {
            case .discard: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .pipe: try pipeFor(target, childReads: false)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // A name is looked up on PATH, and a working directory entered, by env(1) (glibc's
        // posix_spawn_file_actions_addchdir_np is not imported into Swift).
        let direct = executable.contains("/") && currentDirectory == nil
        let path = direct ? executable : "/usr/bin/env"
        let argv = direct ? [path] + arguments : [path] + (currentDirectory.map { ["--chdir=\($0.path)"] } ?? []) + [executable] + arguments
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnv)
        guard spawned == 0 else {
            parentEnds.values.forEach { close($0) }
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        func handle(_ target: Int32) -> FileHandle? {
            parentEnds[target].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        }
        return ChildProcess(pid: pid, standardInput: handle(0), standardOutput: handle(1), standardError: handle(2))
    }

    /// A write to a pipe whose reader has gone fails with EPIPE instead of killing the tests.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Whether a program is on PATH.
    public static func isAvailable(_ name: String) -> Bool {
        (try? run("sh", ["-c", "command -v \(name)"]).status) == 0
    }
}

/// A child started by ``Subprocess/spawn(_:_:environment:currentDirectory:standardInput:standardOutput:standardError:)``:
/// its exit is learnt from `waitpid` on its pid alone. A child still running when its owner lets go
/// of it is killed (SIGKILL) and reaped, so no test leaves a process behind.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    public let processIdentifier: pid_t
    /// This process's end of the child's standard input, when it is a pipe.
    public let standardInput: FileHandle?
    /// This process's end of the child's standard output, when it is a pipe.
    public let standardOutput: FileHandle?
    /// This process's end of the child's standard error, when it is a pipe.
    public let standardError: FileHandle?
    private let status = Mutex<Int32?>(nil)

    init(pid: pid_t, standardInput: FileHandle?, standardOutput: FileHandle?, standardError: FileHandle?) {
        processIdentifier = pid
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    deinit {
        if isRunning { killAndWait() }
    }

    /// Whether the child has not yet exited (it is reaped the first time it is seen gone).
    public var isRunning: Bool { reap() == nil }

    /// The exit status (128 + the signal for a child killed by one), once it has exited.
    public var terminationStatus: Int32 { reap() ?? -1 }

    /// Sends SIGTERM, if the child is still running.
    public func terminate() {
        if isRunning { kill(processIdentifier, SIGTERM) }
    }

    /// Kills the child with SIGKILL (a crash, as kill -9 makes one) and reaps it; returns its status.
    @discardableResult
    public func killAndWait() -> Int32 {
        if isRunning { kill(processIdentifier, SIGKILL) }
        return waitUntilExit()
    }

    /// Waits for the child to exit and returns its status (128 + the signal for one killed by a signal).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        while true {
            if let exit = reap() { return exit }
            usleep(2_000)
        }
    }

    /// The exit status if the child has exited, reaping it the first time; nil while it runs.
    private func reap() -> Int32? {
        status.withLock { known in
            if let known { return known }
            var raw: Int32 = 0
            var reaped: pid_t
            repeat { reaped = waitpid(processIdentifier, &raw, WNOHANG) } while reaped == -1 && errno == EINTR
            guard reaped != 0 else { return nil }
            // -1 (ECHILD): nothing left to wait for; never loop on it.
            known = reaped == -1 ? -1 : (raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F))
            return known
        }
    }
}
