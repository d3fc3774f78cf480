/// `gru(units:, activation:, recurrent_activation:, reset_after:, return_sequences:)`,
/// Keras 3's GRU with its defaults (bias zeros, kernel glorot_uniform, recurrent
/// kernel orthogonal). Its JSON (checkpoint metadata) has every key.
public struct GRULayerConfig: Codable, Equatable, Sendable {
    public var units: Int
    /// Applied to the candidate ĥ.
    public var activation: Activation
    /// Applied to the update and reset gates z and r.
    public var recurrentActivation: Activation
    /// `true` (Keras 3's default): the reset gate multiplies `h₋₁·U_h + b_rec_h` after the
    /// product, and the bias is `[2, 3H]` (input bias, recurrent bias). `false`: the product
    /// is `(r ⊙ h₋₁)·U_h`, and the bias one `[3H]`.
    public var resetAfter: Bool
    /// `true` outputs every step's `h` `[T, H]` (to stack layers); `false` only the last `[H]`.
    public var returnSequences: Bool

    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                resetAfter: Bool = true, returnSequences: Bool = false) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.resetAfter = resetAfter
        self.returnSequences = returnSequences
    }

    enum CodingKeys: String, CodingKey {
        case units, activation
        case recurrentActivation = "recurrent_activation"
        case resetAfter = "reset_after"
        case returnSequences = "return_sequences"
    }

    /// The bias' shape: `[2, 3H]` with reset_after, else `[3H]`.
    var biasShape: [Int] { resetAfter ? [2, 3 * units] : [3 * units] }
}
