/// A Keras-style sequential model: recurrent layers (LSTM, GRU, SimpleRNN, stacked
/// through return_sequences) then dense layers. Inputs `[count, timesteps, features]`, outputs `[count, units]`.
public final class Sequential {
    public let architecture: Architecture
    let layers: [Layer]

    enum Layer {
        case recurrent(any RecurrentLayer)
        case dense(DenseLayer)

        var parameters: [Parameter] {
            switch self {
            case .recurrent(let layer): return layer.parameters
            case .dense(let layer): return layer.parameters
            }
        }

        var recurrent: (any RecurrentLayer)? {
            if case .recurrent(let layer) = self { return layer }
            return nil
        }
    }

    /// The recurrent layers in model order (tests choose their kernels through these).
    var recurrentLayers: [any RecurrentLayer] { layers.compactMap(\.recurrent) }

    /// Builds and initialises the layers in order (each layer draws kernel, recurrent
    /// kernel, bias from `random` in that order) and names them as Keras does, counting
    /// each kind apart: `lstm`, `lstm_1`, `gru`, `simple_rnn`, …, `dense`, `dense_1`, ….
    /// `shouldStop` is asked while the recurrent kernels are drawn (the slow part for a
    /// large layer); when it says so, `InitializationStopped` is thrown.
    public init(_ architecture: Architecture, random: inout InitializerRandom, shouldStop: (() -> Bool)? = nil) throws {
        try architecture.validate()
        self.architecture = architecture
        var built: [Layer] = []
        var inputSize = architecture.features
        let T = architecture.timesteps
        for (config, name) in zip(architecture.layers, architecture.layerNames) {
            switch config {
            case .lstm(let c):
                built.append(.recurrent(try LSTMLayer(name: name, config: c, inputSize: inputSize, timesteps: T, random: &random,
                                                             shouldStop: shouldStop)))
            case .gru(let c):
                built.append(.recurrent(try GRULayer(name: name, config: c, inputSize: inputSize, timesteps: T, random: &random,
                                                             shouldStop: shouldStop)))
            case .simpleRNN(let c):
                built.append(.recurrent(try SimpleRNNLayer(name: name, config: c, inputSize: inputSize, timesteps: T,
                                                           random: &random, shouldStop: shouldStop)))
            case .dense(let c):
                built.append(.dense(DenseLayer(name: name, config: c, inputSize: inputSize, random: &random)))
            }
            inputSize = config.units
        }
        layers = built
    }

    /// All trainable tensors in layer order: lstm/kernel, lstm/recurrent_kernel,
    /// lstm/bias, …, dense/kernel, dense/bias.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public func parameter(named name: String) -> Parameter? {
        parameters.first { $0.name == name }
    }

    /// Number of values the model outputs per sample.
    public var outputUnits: Int { architecture.outputUnits }

    func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// Outputs for `count` samples: `inputs [count, timesteps, features]` row-major →
    /// `[count, outputUnits]`, in batches of up to `batchSize` rows (one workspace reused).
    public func predict(_ inputs: [Float], count: Int, batchSize: Int = 256) throws -> [Float] {
        let T = architecture.timesteps, F = architecture.features
        guard count >= 0, inputs.count == count * T * F else {
            throw ShapeError(message: "predict: expected \(count) × \(T) × \(F) = \(max(count, 0) * T * F) input values, got \(inputs.count)")
        }
        guard count > 0 else { return [] }
        let workspace = ModelWorkspace(model: self, capacity: min(max(batchSize, 1), count))
        var outputs = [Float](repeating: 0, count: count * outputUnits)
        let units = outputUnits
        inputs.withUnsafeBufferPointer { source in
            outputs.withUnsafeMutableBufferPointer { destination in
                guard let sourceBase = source.baseAddress, let destinationBase = destination.baseAddress else { return }
                var start = 0
                while start < count {
                    let batch = min(workspace.capacity, count - start)
                    workspace.loadInputs(sourceBase, indices: nil, start: start, batch: batch)
                    let output = forward(workspace, batch: batch, training: false)
                    (destinationBase + start * units).update(from: output, count: batch * units)
                    start += batch
                }
            }
        }
        return outputs
    }

    /// Forward for the `batch` samples in `workspace.input`; returns `[B, outputUnits]`.
    /// `training` keeps what backward needs; inference keeps only the outputs.
    func forward(_ ws: ModelWorkspace, batch: Int, training: Bool) -> UnsafePointer<Float> {
        var sequence = UnsafePointer(ws.input.pointer)
        var vector = sequence
        for (layer, layerWorkspace) in zip(layers, ws.layers) {
            switch (layer, layerWorkspace) {
            case (.recurrent(let layer), .recurrent(let w)):
                w.forward(input: sequence, batch: batch, training: training)
                sequence = w.sequenceOutput(units: layer.units)
                vector = w.lastHidden(units: layer.units)
            case (.dense(let dense), .dense(let w)):
                dense.forward(w, input: vector, batch: batch)
                vector = UnsafePointer(w.output.pointer)
            default:
                preconditionFailure("workspace does not match the model's layers")
            }
        }
        return vector
    }

    /// Backward after a training `forward` from `dOutput [B, outputUnits]`; accumulates into the
    /// parameters' gradients. With `inputGradient` also writes `ws.dInput` `[T, B, F]`.
    func backward(_ ws: ModelWorkspace, dOutput: UnsafePointer<Float>, inputGradient: Bool = false) {
        var dVector = dOutput
        var dSequence: UnsafePointer<Float>?
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            switch (layers[index], ws.layers[index]) {
            case (.dense(let dense), .dense(let w)):
                dense.backward(w, dOutput: dVector)
                dVector = UnsafePointer(w.dInput.pointer)
            case (.recurrent(let layer), .recurrent(let w)):
                let dInput: UnsafeMutablePointer<Float>? =
                    index > 0 ? ws.layerInputGradients[index]?.pointer : (inputGradient ? ws.dInput.pointer : nil)
                let dOut = layer.returnSequences ? (dSequence ?? dVector) : dVector
                w.backward(dOutput: dOut, dInput: dInput)
                dSequence = dInput.map { UnsafePointer($0) }
            default:
                preconditionFailure("workspace does not match the model's layers")
            }
        }
    }
}
