import LessonLanguage
import LSTMCore

/// Model cell: `input(shape:)`, `lstm(...)`, `gru(...)`, `simple_rnn(...)`,
/// `recurrent(kind:, ...)` and `dense(...)` describe the layers;
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
                  let steps = dimensions[0].wholeNumber, let features = dimensions[1].wholeNumber else {
                throw call.error(StepRules.inputUsage)
            }
            session.input = (steps, features)
        case "lstm":
            let config = LSTMLayerConfig(
                units: try call.value("units", \.wholeNumber),
                activation: try activation(call, "activation"),
                recurrentActivation: try activation(call, "recurrent_activation"),
                biasInitializer: try initializer(call, "bias_initializer"),
                unitForgetBias: try call.value("unit_forget_bias", \.bool),
                returnSequences: try call.value("return_sequences", \.bool))
            session.layers.append(.lstm(config))
        case "gru":
            session.layers.append(.gru(GRULayerConfig(
                units: try call.value("units", \.wholeNumber),
                activation: try activation(call, "activation"),
                recurrentActivation: try activation(call, "recurrent_activation"),
                resetAfter: try call.value("reset_after", \.bool),
                returnSequences: try call.value("return_sequences", \.bool))))
        case "simple_rnn":
            session.layers.append(.simpleRNN(SimpleRNNLayerConfig(
                units: try call.value("units", \.wholeNumber),
                activation: try activation(call, "activation"),
                returnSequences: try call.value("return_sequences", \.bool))))
        case "recurrent":
            session.layers.append(try recurrent(call))
        case "dense":
            session.layers.append(.dense(DenseLayerConfig(units: try call.value("units", \.wholeNumber), activation: try activation(call, "activation"))))
        case "compile":
            try compile(call)
        default:
            break
        }
        return [:]
    }

    private func compile(_ call: StepCall) throws {
        guard let input = session.input else { throw call.error(.compileNeedsInput) }
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
        let optimizer = try call.value("optimizer", \.object)
        var config = RMSpropConfig()
        config.learningRate = try call.value("learning_rate", of: optimizer, \.number)
        config.rho = try call.value("rho", of: optimizer, \.number)
        config.epsilon = try call.value("epsilon", of: optimizer, \.number)
        // Drawing a large layer's recurrent kernel takes minutes: Ctrl-C and SIGTERM stop it.
        let interrupt = session.interrupt
        let model: Sequential
        do {
            model = try Sequential(architecture, random: &session.initializer, shouldStop: { interrupt.isRequested })
        } catch is InitializationStopped {
            throw CellInterrupted(call, lesson: session.lesson.path)
        }
        session.modelsBuilt += 1
        session.model = model
        session.optimizer = RMSprop(config: config, parameters: model.parameters)
        session.fit = nil
        session.loadedCheckpoint = nil
        let layers = architecture.layers.map { "\($0.kind) \($0.units)" }
        session.summary = "input (\(input.timesteps), \(input.features)) → " + layers.joined(separator: " → ")
            + ", \(count) parameters"
        session.reporter.report("model: " + session.summary + ", rmsprop(learning_rate: \(config.learningRate))")
    }

    /// Weights of every layer (an LSTM has `in·4H + H·4H + 4H`, a dense `in·U + U`).
    static func parameterCount(_ architecture: Architecture) -> Int {
        architecture.weightShapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// `recurrent(kind:, units:, return_sequences:)`: the kind's layer with Keras'
    /// defaults for everything else, so one model cell can try each kind of cell.
    private func recurrent(_ call: StepCall) throws -> LayerConfig {
        let units = try call.value("units", \.wholeNumber), returnSequences = try call.value("return_sequences", \.bool)
        switch try call.value("kind", \.string) {
        case "lstm": return .lstm(LSTMLayerConfig(units: units, returnSequences: returnSequences))
        case "gru": return .gru(GRULayerConfig(units: units, returnSequences: returnSequences))
        case "simple_rnn": return .simpleRNN(SimpleRNNLayerConfig(units: units, returnSequences: returnSequences))
        case let kind: throw call.error("kind \"\(kind)\" is not a recurrent layer; use \"lstm\", \"gru\" or \"simple_rnn\"")
        }
    }

    private func activation(_ call: StepCall, _ argument: String) throws -> Activation {
        let name = try call.value(argument, \.string)
        guard let activation = Activation(rawValue: name) else {
            throw call.error("\(argument) '\(name)' is not an activation")
        }
        return activation
    }

    private func initializer(_ call: StepCall, _ argument: String) throws -> Initializer {
        let object = try call.value(argument, \.object)
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
