/// One layer of a `Sequential` model; JSON `{"lstm": {...}}` or `{"dense": {...}}`.
public enum LayerConfig: Codable, Equatable, Sendable {
    case lstm(LSTMLayerConfig)
    case dense(DenseLayerConfig)

    public var units: Int {
        switch self {
        case .lstm(let c): return c.units
        case .dense(let c): return c.units
        }
    }

    /// `"lstm"` or `"dense"`.
    public var kind: String {
        switch self {
        case .lstm: return "lstm"
        case .dense: return "dense"
        }
    }

    enum CodingKeys: String, CodingKey { case lstm, dense }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let lstm = try c.decodeIfPresent(LSTMLayerConfig.self, forKey: .lstm) {
            self = .lstm(lstm)
        } else if let dense = try c.decodeIfPresent(DenseLayerConfig.self, forKey: .dense) {
            self = .dense(dense)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a layer must be {\"lstm\": {...}} or {\"dense\": {...}}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lstm(let config): try c.encode(config, forKey: .lstm)
        case .dense(let config): try c.encode(config, forKey: .dense)
        }
    }
}
