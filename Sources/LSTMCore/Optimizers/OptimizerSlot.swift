/// One optimizer state tensor, named `optimizer/<parameter name>/velocity`, with the
/// shape of its parameter (what checkpoints store to resume exactly).
public final class OptimizerSlot: NamedVariable {
    public let name: String
    public let shape: [Int]
    let storage: FloatBuffer

    init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        storage = FloatBuffer(count: shape.reduce(1, *))
    }

    public var value: [Float] {
        get { storage.array }
        set {
            precondition(newValue.count == storage.count, "\(name): expected \(storage.count) values, got \(newValue.count)")
            storage.copy(from: newValue)
        }
    }

    public func assign(_ values: [Float]) throws {
        guard values.count == storage.count else {
            throw TensorSizeError(name: name, shape: shape, expected: storage.count, received: values.count)
        }
        storage.copy(from: values)
    }
}
