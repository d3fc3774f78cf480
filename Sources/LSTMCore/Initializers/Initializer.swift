/// Weight initialisers (Keras names in JSON: `"glorot_uniform"`, `{"constant": 0.05}`).
public enum Initializer: Codable, Equatable, Sendable {
    case glorotUniform, orthogonal, zeros
    case constant(Double)

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            switch name {
            case "glorot_uniform": self = .glorotUniform
            case "orthogonal": self = .orthogonal
            case "zeros": self = .zeros
            default:
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown initializer '\(name)'; expected glorot_uniform, orthogonal, zeros or {\"constant\": value}"))
            }
            return
        }
        let keyed = try decoder.container(keyedBy: ConstantKey.self)
        self = .constant(try keyed.decode(Double.self, forKey: .constant))
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .glorotUniform: var c = encoder.singleValueContainer(); try c.encode("glorot_uniform")
        case .orthogonal: var c = encoder.singleValueContainer(); try c.encode("orthogonal")
        case .zeros: var c = encoder.singleValueContainer(); try c.encode("zeros")
        case .constant(let value):
            var c = encoder.container(keyedBy: ConstantKey.self)
            try c.encode(value, forKey: .constant)
        }
    }

    private enum ConstantKey: String, CodingKey { case constant }
}
