/// `dense(units:, activation:)`.
public struct DenseLayerConfig: Codable, Equatable, Sendable {
    public var units: Int
    public var activation: Activation

    public init(units: Int, activation: Activation = .linear) {
        self.units = units
        self.activation = activation
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        units = try c.decode(Int.self, forKey: .units)
        activation = try c.decodeIfPresent(Activation.self, forKey: .activation) ?? .linear
    }
}
