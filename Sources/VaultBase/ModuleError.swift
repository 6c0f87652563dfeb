/// A kind of failure in one module's set of them (`Domain` names the set). Codes compare by
/// name, so a `switch` over them reads as over an enum; a module adds codes in a constrained
/// extension (`extension ErrorCode where Domain == …`) in any release, which is why a switch
/// needs a `default`. Only this package creates codes.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as logs, exit messages and the API's error bodies spell it.
    public let description: String

    /// A code named `name`; for a module's own code table.
    package init(_ name: String) { description = name }
}

/// The error every module reports (NIO's pattern: a growable code plus a message for an
/// operator), one generic type instead of the same scaffolding written once per module. A module
/// declares an empty `Domain` enum, a typealias (`typealias AudioError = ModuleError<AudioDomain>`)
/// and its codes. Messages never carry keys, audio, transcripts or clear numbers.
public struct ModuleError<Domain>: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, from the module's set.
    public typealias Code = ErrorCode<Domain>

    /// What kind of failure this is.
    public var code: Code
    /// What happened, in words fit for an operator.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
