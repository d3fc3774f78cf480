/// All buffers one forward/backward of a `Sequential` needs for up to `capacity`
/// samples: the time-major input, each layer's workspace, and the gradients passed
/// between stacked LSTMs. Allocated once per fit or predict.
final class ModelWorkspace {
    let capacity: Int
    let timesteps: Int
    let features: Int
    /// `[T, B, F]` time-major copy of the batch's windows.
    let input: FloatBuffer
    /// `[T, B, F]` gradient of the loss with respect to the input (tests only).
    let dInput: FloatBuffer
    let layers: [LayerWorkspace]
    /// For each recurrent layer after the first: `[T, B, in]`, the gradient it passes down.
    let layerInputGradients: [FloatBuffer?]

    enum LayerWorkspace {
        case recurrent(any RecurrentWorkspace)
        case dense(DenseWorkspace)
    }

    init(model: Sequential, capacity: Int) {
        self.capacity = capacity
        timesteps = model.architecture.timesteps
        features = model.architecture.features
        input = FloatBuffer(count: timesteps * capacity * features)
        dInput = FloatBuffer(count: timesteps * capacity * features)
        layers = model.layers.map {
            switch $0 {
            case .recurrent(let layer): return .recurrent(layer.makeWorkspace(capacity: capacity))
            case .dense(let layer): return .dense(DenseWorkspace(layer: layer, capacity: capacity))
            }
        }
        layerInputGradients = model.layers.enumerated().map { index, layer in
            guard index > 0, let recurrent = layer.recurrent else { return nil }
            return FloatBuffer(count: recurrent.timesteps * capacity * recurrent.inputSize)
        }
    }

    /// Copies `batch` windows into the time-major input: sample b of the batch is
    /// window `indices[start + b]` (or `start + b` without indices) of
    /// `windows [N, T, F]`, and lands at `input[t, b, f]`.
    func loadInputs(_ windows: UnsafePointer<Float>, indices: UnsafePointer<Int>?, start: Int, batch: Int) {
        let T = timesteps, F = features
        let destination = input.pointer
        for b in 0..<batch {
            let window = indices.map { $0[start + b] } ?? (start + b)
            let source = windows + window * T * F
            for t in 0..<T {
                for f in 0..<F { destination[(t * batch + b) * F + f] = source[t * F + f] }
            }
        }
    }
}
