import Foundation
import Testing
@testable import VaultCrypto

/// The gate between calls into a PKCS#11 module and the process's exit (each test has its own
/// gate: closing the process's one would end PKCS#11 for the rest of the test run).
@Suite("PKCS#11 calls and process exit")
struct PKCS11ExitGateTests {
    /// Events in the order they happened, from any thread.
    final class Timeline: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        func record(_ event: String) { lock.withLock { events.append(event) } }
        var all: [String] { lock.withLock { events } }
    }

    @Test("closing waits for the call in flight to return, and no call runs after it")
    func closeWaitsForCallsInFlight() {
        let gate = PKCS11ExitGate()
        let timeline = Timeline()
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let callDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let result = gate.pass { () -> Int in
                inside.signal()
                release.wait()
                timeline.record("call returned")
                return 7
            }
            #expect(result == 7)
            callDone.signal()
        }
        inside.wait()
        let closed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let drained = gate.close(waitingAtMost: 30)
            timeline.record("close returned")
            #expect(drained)
            closed.signal()
        }
        // While the call is held inside, closing must not finish.
        #expect(closed.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        release.signal()
        closed.wait()
        callDone.wait()
        #expect(timeline.all == ["call returned", "close returned"])

        var ran = false
        #expect(gate.pass { ran = true } == nil)
        #expect(!ran)
    }

    @Test("a call that never returns holds the exit only for the bounded wait")
    func boundedWait() {
        let gate = PKCS11ExitGate()
        let inside = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = gate.pass { inside.signal(); release.wait() }
            done.signal()
        }
        inside.wait()
        #expect(gate.close(waitingAtMost: 0.05) == false)
        #expect(gate.close(waitingAtMost: 0.05) == false)  // closing again is harmless
        release.signal()
        done.wait()
        #expect(gate.close(waitingAtMost: 0.05))
    }

    @Test("calls pass side by side while the gate is open")
    func openGateIsNotALock() {
        let gate = PKCS11ExitGate()
        let bothInside = DispatchGroup()
        let release = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for _ in 0..<2 {
            bothInside.enter()
            done.enter()
            Thread.detachNewThread {
                _ = gate.pass { bothInside.leave(); release.wait() }
                done.leave()
            }
        }
        // Both calls are inside at once: the gate counts calls, it does not serialise them.
        #expect(bothInside.wait(timeout: .now() + .seconds(30)) == .success)
        release.signal()
        release.signal()
        done.wait()
    }
}
