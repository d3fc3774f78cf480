/// A named tensor that checkpoints read and write: a trainable `Parameter` or an
/// optimizer slot. Values are row-major `Float`, `value.count == shape.product`.
public protocol NamedVariable: AnyObject {
    /// Checkpoint name, e.g. `lstm/kernel` or `optimizer/lstm/kernel/velocity`.
    var name: String { get }
    var shape: [Int] { get }
    var value: [Float] { get set }
    /// Replaces the values after checking the count; the safe way to load a checkpoint.
    func assign(_ values: [Float]) throws
}

/// Thrown when a tensor is given values of the wrong size.
public struct TensorSizeError: Error, CustomStringConvertible {
    public let name: String
    public let shape: [Int]
    public let expected: Int
    public let received: Int
    public var description: String {
        "tensor '\(name)' has shape \(shape) (\(expected) values) but was given \(received) values; "
            + "check that the checkpoint matches the model's architecture"
    }
}
