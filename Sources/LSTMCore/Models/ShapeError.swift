/// A shape that does not fit the model (wrong number of values, wrong window length).
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}
