import Foundation

/// Whether `condition` holds within `seconds`, asked every `pause` seconds (blocking: for tests
/// that wait on another process or a server, off the cooperative pool).
public func eventually(within seconds: Double, every pause: Double = 0.1, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: pause)
    } while Date() < deadline
    return false
}
