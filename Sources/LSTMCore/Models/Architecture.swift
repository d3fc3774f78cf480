/// The model a lesson's `model` cell describes, Codable so it can be stored as JSON
/// in checkpoint metadata. Keys use Keras' spelling (`return_sequences`).

/// Element-wise activation functions, named as Keras names them.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case linear, tanh, relu, sigmoid
    /// Keras 3: `clip(x / 6 + 0.5, 0, 1)` (Keras 2 used `0.2x + 0.5`).
    case hardSigmoid = "hard_sigmoid"
}

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

/// A sequential model: input `[timesteps, features]`, then layers in order.
public struct Architecture: Codable, Equatable, Sendable {
    public var timesteps: Int
    public var features: Int
    public var layers: [LayerConfig]

    public init(timesteps: Int, features: Int, layers: [LayerConfig]) {
        self.timesteps = timesteps
        self.features = features
        self.layers = layers
    }

    /// Largest size accepted for any dimension, so a typo cannot ask for terabytes.
    public static let maximumSize = 100_000

    /// Units of the last layer: the model outputs `[count, outputUnits]`.
    public var outputUnits: Int { layers.last?.units ?? features }

    /// Checks that the layers can be built and chained; throws `ArchitectureError`
    /// naming the layer (1-based) and what to change.
    public func validate() throws {
        func fail(_ message: String) -> ArchitectureError { ArchitectureError(message: message) }
        guard timesteps > 0, timesteps <= Self.maximumSize else {
            throw fail("input shape: timesteps must be between 1 and \(Self.maximumSize), got \(timesteps)")
        }
        guard features > 0, features <= Self.maximumSize else {
            throw fail("input shape: features must be between 1 and \(Self.maximumSize), got \(features)")
        }
        guard let first = layers.first else { throw fail("the model has no layers; add lstm(units: ...) and dense(units: ...)") }
        guard case .lstm = first else {
            throw fail("layer 1 is dense, but the input is a sequence [\(timesteps), \(features)]; start the model with lstm(units: ...)")
        }
        var outputIsSequence = true
        for (index, layer) in layers.enumerated() {
            let position = index + 1
            guard layer.units > 0, layer.units <= Self.maximumSize else {
                throw fail("layer \(position): units must be between 1 and \(Self.maximumSize), got \(layer.units)")
            }
            switch layer {
            case .lstm(let config):
                guard outputIsSequence else {
                    throw fail("layer \(position) is an lstm but the layer before it outputs one vector per sample; "
                        + "give the lstm before it return_sequences: true")
                }
                if case .orthogonal = config.biasInitializer {
                    throw fail("layer \(position): bias_initializer orthogonal needs a matrix; use zeros or constant(...)")
                }
                outputIsSequence = config.returnSequences
            case .dense:
                guard !outputIsSequence else {
                    throw fail("layer \(position) is dense but the lstm before it has return_sequences: true; "
                        + "set return_sequences: false on the last lstm")
                }
            }
        }
        if outputIsSequence {
            throw fail("the last lstm has return_sequences: true, so the model would output a sequence; "
                + "set return_sequences: false on the last lstm")
        }
    }
}

/// Why an `Architecture` cannot be built.
public struct ArchitectureError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { "model: \(message)" }
}
