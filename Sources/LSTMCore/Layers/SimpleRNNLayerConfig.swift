/// `simple_rnn(units:, activation:, return_sequences:)`: Keras 3's SimpleRNN,
/// `h_t = act(x_t·W + h_{t-1}·U + b)`, with its defaults (bias zeros, kernel
/// glorot_uniform, recurrent kernel orthogonal). Its JSON (checkpoint metadata) has every key.
public struct SimpleRNNLayerConfig: Codable, Equatable, Sendable {
    public var units: Int
    public var activation: Activation
    /// `true` outputs every step's `h` `[T, H]` (to stack layers); `false` only the last `[H]`.
    public var returnSequences: Bool

    public init(units: Int, activation: Activation = .tanh, returnSequences: Bool = false) {
        self.units = units
        self.activation = activation
        self.returnSequences = returnSequences
    }

    enum CodingKeys: String, CodingKey {
        case units, activation
        case returnSequences = "return_sequences"
    }
}
