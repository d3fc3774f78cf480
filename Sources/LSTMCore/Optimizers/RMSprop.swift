/// `rmsprop(learning_rate:, rho:, epsilon:)` with Keras 3's defaults.
public struct RMSpropConfig: Codable, Equatable, Sendable {
    public var learningRate: Double
    public var rho: Double
    public var epsilon: Double

    public init(learningRate: Double = 0.001, rho: Double = 0.9, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }

    enum CodingKeys: String, CodingKey {
        case learningRate = "learning_rate", rho, epsilon
    }
}

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

/// Keras 3 RMSprop (not centered, no momentum), in Float32 like Keras:
///
///     v ← ρ·v + (1 - ρ)·g²        w ← w - (lr·g) / sqrt(v + ε)
///
/// with v₀ = 0 and ε inside the root (Keras 2 put it outside).
public final class RMSprop {
    public let config: RMSpropConfig
    public let parameters: [Parameter]
    /// One velocity per parameter, in the same order.
    public let slots: [OptimizerSlot]
    /// Number of updates applied (Keras' `iterations`).
    public var iterations: Int = 0
    /// The rate of the next update: `config.learningRate` until a schedule
    /// (ReduceLROnPlateau) lowers it.
    public var learningRate: Double

    public init(config: RMSpropConfig = RMSpropConfig(), parameters: [Parameter]) {
        self.config = config
        self.parameters = parameters
        learningRate = config.learningRate
        slots = parameters.map { OptimizerSlot(name: "optimizer/\($0.name)/velocity", shape: $0.shape) }
    }

    public func slot(named name: String) -> OptimizerSlot? { slots.first { $0.name == name } }

    /// Applies one update from the parameters' current gradients.
    public func step() {
        let lr = Float(learningRate)
        let rho = Float(config.rho)
        let oneMinusRho = Float(1 - config.rho)   // as Keras: the Python float 1 - rho, then cast
        let epsilon = Float(config.epsilon)
        for (parameter, slot) in zip(parameters, slots) {
            let w = parameter.pointer, g = parameter.gradientPointer, v = slot.storage.pointer
            for index in 0..<parameter.count {
                let gradient = g[index]
                let velocity = rho * v[index] + oneMinusRho * (gradient * gradient)
                v[index] = velocity
                w[index] -= (lr * gradient) / (velocity + epsilon).squareRoot()
            }
        }
        iterations += 1
    }
}
