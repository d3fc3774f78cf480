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
