import Foundation

/// Keeps calls into PKCS#11 modules and the process's exit apart.
///
/// `exit()` runs the static destructors of every loaded module, and SoftHSM2 frees its singletons
/// there. A thread still inside the module at that moment reads freed memory: a session closed by a
/// `deinit` on the blocking pool, just after a command's last `await` resumed the main task, crashed
/// `callvault init` with signal 11 on its way out (seen in CI, and made to happen every time by
/// delaying that `deinit`). So every call into a module passes ``process``, and an `atexit` handler,
/// registered after each module is loaded so that it runs before that module's destructors
/// (handlers run last-registered first), closes it: it waits, bounded, for calls in flight, and
/// any call after that gets `CKR_CRYPTOKI_NOT_INITIALIZED`, as from a finalised module.
///
/// `@unchecked Sendable`: its two fields are guarded by `condition`.
final class PKCS11ExitGate: @unchecked Sendable {
    /// The gate every module call of this process passes.
    static let process = PKCS11ExitGate()

    /// How long exit waits for calls in flight (a hung token must not hang the exit).
    static let exitWait: TimeInterval = 5

    private let condition = NSCondition()
    /// Calls inside a module now.
    private var inFlight = 0
    private var isClosed = false

    /// Runs `call` and returns its result, or returns nil without running it once the gate is closed.
    func pass<T>(_ call: () throws -> T) rethrows -> T? {
        condition.lock()
        guard !isClosed else {
            condition.unlock()
            return nil
        }
        inFlight += 1
        condition.unlock()
        defer {
            condition.lock()
            inFlight -= 1
            if inFlight == 0 { condition.broadcast() }
            condition.unlock()
        }
        return try call()
    }

    /// Closes the gate, then waits up to `timeout` for the calls in flight to return.
    /// Returns whether none is left. Closing twice is harmless.
    @discardableResult
    func close(waitingAtMost timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        let deadline = Date(timeIntervalSinceNow: timeout)
        while inFlight > 0 {
            if !condition.wait(until: deadline) { break }
        }
        return inFlight == 0
    }

    /// Registers the `atexit` handler that closes ``process``. Call it after each module is loaded.
    static func closeAtExit() {
        atexit { PKCS11ExitGate.process.close(waitingAtMost: PKCS11ExitGate.exitWait) }
    }
}
