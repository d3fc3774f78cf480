/// One layer of a `Sequential` model; JSON `{"lstm": {...}}`, `{"gru": {...}}`,
/// `{"simple_rnn": {...}}` or `{"dense": {...}}`.
public enum LayerConfig: Codable, Equatable, Sendable {
    case lstm(LSTMLayerConfig)
    case gru(GRULayerConfig)
    case simpleRNN(SimpleRNNLayerConfig)
    case dense(DenseLayerConfig)

    public var units: Int {
        switch self {
        case .lstm(let c): return c.units
        case .gru(let c): return c.units
        case .simpleRNN(let c): return c.units
        case .dense(let c): return c.units
        }
    }

    /// Keras' name of the kind, which its layers are named after: `"lstm"`, `"gru"`,
    /// `"simple_rnn"` or `"dense"`.
    public var kind: String {
        switch self {
        case .lstm: return "lstm"
        case .gru: return "gru"
        case .simpleRNN: return "simple_rnn"
        case .dense: return "dense"
        }
    }

    /// The recurrent kinds, as `kind` names them.
    public static let recurrentKinds = ["lstm", "gru", "simple_rnn"]

    /// Whether the layer reads a sequence (LSTM, GRU, SimpleRNN).
    public var isRecurrent: Bool {
        if case .dense = self { return false }
        return true
    }

    /// A recurrent layer's return_sequences (false for dense).
    public var returnsSequences: Bool {
        switch self {
        case .lstm(let c): return c.returnSequences
        case .gru(let c): return c.returnSequences
        case .simpleRNN(let c): return c.returnSequences
        case .dense: return false
        }
    }

    /// Columns of the kernels per unit: the gates side by side (LSTM 4, GRU 3, SimpleRNN 1).
    public var gatesPerUnit: Int {
        switch self {
        case .lstm: return 4
        case .gru: return 3
        case .simpleRNN, .dense: return 1
        }
    }

    enum CodingKeys: String, CodingKey {
        case lstm, gru, dense
        case simpleRNN = "simple_rnn"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let lstm = try c.decodeIfPresent(LSTMLayerConfig.self, forKey: .lstm) {
            self = .lstm(lstm)
        } else if let gru = try c.decodeIfPresent(GRULayerConfig.self, forKey: .gru) {
            self = .gru(gru)
        } else if let simple = try c.decodeIfPresent(SimpleRNNLayerConfig.self, forKey: .simpleRNN) {
            self = .simpleRNN(simple)
        } else if let dense = try c.decodeIfPresent(DenseLayerConfig.self, forKey: .dense) {
            self = .dense(dense)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a layer must be {\"lstm\": {...}}, {\"gru\": {...}}, {\"simple_rnn\": {...}} or {\"dense\": {...}}"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lstm(let config): try c.encode(config, forKey: .lstm)
        case .gru(let config): try c.encode(config, forKey: .gru)
        case .simpleRNN(let config): try c.encode(config, forKey: .simpleRNN)
        case .dense(let config): try c.encode(config, forKey: .dense)
        }
    }
}

extension Architecture {
    /// Keras' automatic layer names, each kind counted apart: `lstm`, `lstm_1`, `gru`,
    /// `simple_rnn`, `dense`, `dense_1`, ….
    public var layerNames: [String] {
        var seen: [String: Int] = [:]
        return layers.map { layer in
            let index = seen[layer.kind, default: 0]
            seen[layer.kind] = index + 1
            return index == 0 ? layer.kind : "\(layer.kind)_\(index)"
        }
    }
}
