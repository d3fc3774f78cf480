/// A named trainable tensor with Keras' names: `lstm/kernel [in, 4H]`,
/// `lstm/recurrent_kernel [H, 4H]`, `lstm/bias [4H]`, `dense/kernel [in, units]`,
/// `dense/bias [units]`; the second layer of a kind is `lstm_1/...`, `dense_1/...`.
///
/// The numbers live in owned storage so forward/backward use raw pointers; `value`
/// and `gradient` copy out (get) or in (set). Setting the wrong count traps, so code
/// that handles user data uses `assign(_:)`, which throws.
public final class Parameter: NamedVariable {
    public let name: String
    public let shape: [Int]
    /// Number of values, the product of `shape`.
    public let count: Int
    let storage: FloatBuffer
    /// Accumulated by backward (`+=`); `zeroGradient()` clears it before a batch.
    let gradientStorage: FloatBuffer

    init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        count = shape.reduce(1, *)
        storage = FloatBuffer(count: count)
        gradientStorage = FloatBuffer(count: count)
    }

    public var value: [Float] {
        get { storage.array }
        set {
            precondition(newValue.count == count, "\(name): expected \(count) values, got \(newValue.count)")
            storage.copy(from: newValue)
        }
    }

    public var gradient: [Float] {
        get { gradientStorage.array }
        set {
            precondition(newValue.count == count, "\(name): expected \(count) gradients, got \(newValue.count)")
            gradientStorage.copy(from: newValue)
        }
    }

    public func assign(_ values: [Float]) throws {
        guard values.count == count else {
            throw TensorSizeError(name: name, shape: shape, expected: count, received: values.count)
        }
        storage.copy(from: values)
    }

    func zeroGradient() { gradientStorage.zero() }

    var pointer: UnsafeMutablePointer<Float> { storage.pointer }
    var gradientPointer: UnsafeMutablePointer<Float> { gradientStorage.pointer }
}
