/// One SimpleRNN layer's state for the forecast's runs in flight (`Sequential.forecast`):
/// row r holds run r mod T; each tick is the layer's own forward step, products through
/// OpenBLAS, h updated in place.
final class SimpleRNNForecastState: RecurrentForecastState {
    let layer: SimpleRNNLayer
    /// `[rows, H]` each: the tick's pre-activations and each run's h.
    let preActivations: FloatBuffer
    let hidden: FloatBuffer
    let work: FloatBuffer

    init(layer: SimpleRNNLayer, rows: Int) {
        self.layer = layer
        preActivations = FloatBuffer(count: rows * layer.units)
        hidden = FloatBuffer(count: rows * layer.units)
        work = FloatBuffer(count: 0)
    }

    func resetRow(_ row: Int) {
        (hidden.pointer + row * layer.units).update(repeating: 0, count: layer.units)
    }

    func step(input: UnsafePointer<Float>, inputSize: Int, rows: Int, threads: Int) {
        let operand = layer.forwardOperand(panels: nil, kernel: nil)
        Parallel.forEachChunk(count: rows, chunks: threads) { _, slice in
            layer.forwardStep(z: preActivations.pointer, x: input, previousHidden: hidden.pointer, hidden: hidden.pointer,
                              rows: slice, hasHistory: true, operand: operand, work: work)
        }
    }
}
