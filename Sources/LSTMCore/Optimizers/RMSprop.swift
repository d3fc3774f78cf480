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
