/// Why `fit` cannot start or continue.
public struct FitError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { "fit: \(message)" }
}
