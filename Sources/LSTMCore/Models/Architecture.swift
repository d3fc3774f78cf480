/// A sequential model as a lesson's `model` cell describes it: input `[timesteps, features]`,
/// then layers in order: recurrent layers (lstm, gru, simple_rnn), then dense ones.
/// Codable, so a checkpoint can store it as JSON metadata; the keys
/// here and in the layer configs use Keras' spelling (`return_sequences`).
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
        guard first.isRecurrent else {
            throw fail("layer 1 is dense, but the input is a sequence [\(timesteps), \(features)]; "
                + "start the model with lstm(units: ...), gru(units: ...) or simple_rnn(units: ...)")
        }
        var outputIsSequence = true
        var lastRecurrent = first.kind
        for (index, layer) in layers.enumerated() {
            let position = index + 1
            guard layer.units > 0, layer.units <= Self.maximumSize else {
                throw fail("layer \(position): units must be between 1 and \(Self.maximumSize), got \(layer.units)")
            }
            if layer.isRecurrent {
                guard outputIsSequence else {
                    throw fail("layer \(position) is a \(layer.kind) but the layer before it outputs one vector per sample; "
                        + "give the \(lastRecurrent) before it return_sequences: true")
                }
                if case .lstm(let config) = layer, case .orthogonal = config.biasInitializer {
                    throw fail("layer \(position): bias_initializer orthogonal needs a matrix; use zeros or constant(...)")
                }
                outputIsSequence = layer.returnsSequences
                lastRecurrent = layer.kind
            } else if outputIsSequence {
                throw fail("layer \(position) is dense but the \(lastRecurrent) before it has return_sequences: true; "
                    + "set return_sequences: false on the last \(lastRecurrent)")
            }
        }
        if outputIsSequence {
            throw fail("the last \(lastRecurrent) has return_sequences: true, so the model would output a sequence; "
                + "set return_sequences: false on the last \(lastRecurrent)")
        }
    }
}

/// Why an `Architecture` cannot be built.
public struct ArchitectureError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { "model: \(message)" }
}
