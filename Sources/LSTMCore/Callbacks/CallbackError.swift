/// A callback's configuration does not fit this training run.
public struct CallbackError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
