/// `lstm(units:, activation:, recurrent_activation:, bias_initializer:, unit_forget_bias:, return_sequences:)`.
public struct LSTMLayerConfig: Codable, Equatable, Sendable {
    public var units: Int
    /// Applied to the cell candidate and to the cell state before the output gate.
    public var activation: Activation
    /// Applied to the input, forget and output gates.
    public var recurrentActivation: Activation
    public var biasInitializer: Initializer
    /// Forget-gate bias starts at exactly 1.0 (Keras' default).
    public var unitForgetBias: Bool
    /// `true` outputs every step's `h` `[T, H]` (to stack LSTMs); `false` only the last `[H]`.
    public var returnSequences: Bool

    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                biasInitializer: Initializer = .zeros, unitForgetBias: Bool = true,
                returnSequences: Bool = false) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.biasInitializer = biasInitializer
        self.unitForgetBias = unitForgetBias
        self.returnSequences = returnSequences
    }

    enum CodingKeys: String, CodingKey {
        case units, activation
        case recurrentActivation = "recurrent_activation"
        case biasInitializer = "bias_initializer"
        case unitForgetBias = "unit_forget_bias"
        case returnSequences = "return_sequences"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            units: try c.decode(Int.self, forKey: .units),
            activation: try c.decodeIfPresent(Activation.self, forKey: .activation) ?? .tanh,
            recurrentActivation: try c.decodeIfPresent(Activation.self, forKey: .recurrentActivation) ?? .sigmoid,
            biasInitializer: try c.decodeIfPresent(Initializer.self, forKey: .biasInitializer) ?? .zeros,
            unitForgetBias: try c.decodeIfPresent(Bool.self, forKey: .unitForgetBias) ?? true,
            returnSequences: try c.decodeIfPresent(Bool.self, forKey: .returnSequences) ?? false)
    }
}
