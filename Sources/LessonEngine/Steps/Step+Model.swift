import LSTMCore

/// Model cell: `input(shape:)`, `lstm(...)`, `dense(...)` describe the layers;
/// `compile(...)` builds and initialises the `Sequential` (weights from the
/// initializers' stream, in layer order) and its RMSprop.
extension StepActions {
    /// Most parameters a model may have: 50 million Float32 weights (200 MB, plus as
    /// much again for gradients and optimizer state) is far above any lesson's needs.
    static let maximumParameters = 50_000_000

    func model(_ call: StepCall) throws -> [String: Value] {
        switch call.name {
        case "input":
            guard case .tuple(let dimensions)? = call["shape"], dimensions.count == 2,
                  let steps = dimensions[0].wholeNumber, let features = dimensions[1].wholeNumber,
                  steps >= 1, features >= 1, steps <= Architecture.maximumSize, features <= Architecture.maximumSize else {
                throw call.error("input(shape:) takes (steps, features) of positive whole numbers up to "
                                 + "\(Architecture.maximumSize), as (80, 1)")
            }
            session.input = (steps, features)
        case "lstm":
            let config = LSTMLayerConfig(
                units: try units(call),
                activation: try activation(call, "activation"),
                recurrentActivation: try activation(call, "recurrent_activation"),
                biasInitializer: try initializer(call, "bias_initializer"),
                unitForgetBias: call.bool("unit_forget_bias") ?? true,
                returnSequences: call.bool("return_sequences") ?? false)
            session.layers.append(.lstm(config))
        case "dense":
            session.layers.append(.dense(DenseLayerConfig(units: try units(call), activation: try activation(call, "activation"))))
        case "compile":
            try compile(call)
        default:
            break
        }
        return [:]
    }

    private func compile(_ call: StepCall) throws {
        guard let input = session.input else {
            throw call.error("the model needs input(shape: (steps, 1)) before its layers")
        }
        let architecture = Architecture(timesteps: input.timesteps, features: input.features, layers: session.layers)
        do {
            try architecture.validate()
        } catch let error as ArchitectureError {
            throw call.error(error.message)
        }
        let count = StepActions.parameterCount(architecture)
        guard count <= StepActions.maximumParameters else {
            throw call.error("the model would have \(count) parameters; at most \(StepActions.maximumParameters) fit here, "
                             + "so use fewer units")
        }
        var config = RMSpropConfig()
        if let optimizer = call["optimizer"]?.object {
            config.learningRate = optimizer["learning_rate"]?.number ?? config.learningRate
            config.rho = optimizer["rho"]?.number ?? config.rho
            config.epsilon = optimizer["epsilon"]?.number ?? config.epsilon
        }
        let model = try Sequential(architecture, random: &session.initializer)
        session.modelsBuilt += 1
        session.model = model
        session.optimizer = RMSprop(config: config, parameters: model.parameters)
        session.fit = nil
        session.loadedCheckpoint = nil
        let layers = architecture.layers.map { layer -> String in
            switch layer {
            case .lstm(let c): return "lstm \(c.units)"
            case .dense(let c): return "dense \(c.units)"
            }
        }
        session.summary = "input (\(input.timesteps), \(input.features)) → " + layers.joined(separator: " → ")
            + ", \(count) parameters"
        session.reporter.report("model: " + session.summary + ", rmsprop(learning_rate: \(config.learningRate))")
    }

    /// Weights of every layer: an LSTM has `in·4H + H·4H + 4H`, a dense `in·U + U`.
    static func parameterCount(_ architecture: Architecture) -> Int {
        var inputSize = architecture.features
        var total = 0
        for layer in architecture.layers {
            let units = layer.units
            switch layer {
            case .lstm: total += inputSize * 4 * units + units * 4 * units + 4 * units
            case .dense: total += inputSize * units + units
            }
            inputSize = units
        }
        return total
    }

    private func units(_ call: StepCall) throws -> Int {
        guard let units = call.integer("units"), units >= 1, units <= Architecture.maximumSize else {
            throw call.error("units must be a whole number from 1 to \(Architecture.maximumSize)")
        }
        return units
    }

    private func activation(_ call: StepCall, _ argument: String) throws -> Activation {
        let name = call.string(argument) ?? (argument == "recurrent_activation" ? "sigmoid" : "tanh")
        guard let activation = Activation(rawValue: name) else {
            throw call.error("\(argument) '\(name)' is not an activation")
        }
        return activation
    }

    private func initializer(_ call: StepCall, _ argument: String) throws -> Initializer {
        guard let object = call[argument]?.object else { return .zeros }
        switch object.name {
        case "constant":
            guard let value = object["value"]?.number, value.isFinite else {
                throw call.error("constant(...) needs a finite number")
            }
            return .constant(value)
        case "zeros": return .zeros
        case "glorot_uniform": return .glorotUniform
        case "orthogonal": return .orthogonal
        default: throw call.error("\(object.name)(...) is not an initializer")
        }
    }
}
