import Foundation

/// A malformed command line; the tool prints it with the usage and exits 64.
struct UsageError: Error {
    var message: String
}

/// `--name value` pairs, parsed once; each accessor checks its own value.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--"), flag.count > 2 else { throw UsageError(message: "unexpected argument \(flag)") }
            guard let value = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            values[String(flag.dropFirst(2))] = value
        }
    }

    /// A path, made absolute.
    func path(_ name: String) throws -> URL {
        guard let value = values[name] else { throw UsageError(message: "--\(name) is required") }
        return URL(fileURLWithPath: value).standardizedFileURL
    }

    /// A text value, or nil when absent.
    func string(_ name: String) -> String? { values[name] }

    /// A whole number of at least `min`; `default` when absent (required when there is none).
    func int(_ name: String, min: Int, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            if let fallback { return fallback }
            throw UsageError(message: "--\(name) is required")
        }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= min else {
            throw UsageError(message: "--\(name) must be a whole number >= \(min), not \(text)")
        }
        return value
    }

    /// A yes/no switch (`--name yes|no`); false when absent.
    func flag(_ name: String) throws -> Bool {
        switch values[name] {
        case nil, "no": return false
        case "yes": return true
        case let text?: throw UsageError(message: "--\(name) must be yes or no, not \(text)")
        }
    }

    /// A non-negative number.
    func double(_ name: String) throws -> Double {
        guard let text = values[name] else { throw UsageError(message: "--\(name) is required") }
        guard let value = Double(text), value >= 0, value.isFinite else {
            throw UsageError(message: "--\(name) must be a number >= 0, not \(text)")
        }
        return value
    }
}
