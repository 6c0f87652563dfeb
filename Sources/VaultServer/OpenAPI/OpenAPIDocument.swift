/// The API's OpenAPI 3.1 document: `openapi.yaml` beside this file (also reachable as
/// `docs/openapi.yaml`), embedded in the binary by SwiftPM (`.embedInCode`), so no resource
/// bundle ships beside the executable. A test checks it documents exactly the routed endpoints.
enum OpenAPIDocument {
    /// The document as served at `/openapi.yaml`.
    static var yaml: [UInt8] { PackageResources.openapi_yaml }
}
