public import Hummingbird

/// The per-request context of the API (Hummingbird's core storage). Bodies are read with the
/// limits of `ServerConfiguration`, not the context's default.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// Creates the context for one request.
    public init(source: Source) {
        coreContext = .init(source: source)
    }
}
