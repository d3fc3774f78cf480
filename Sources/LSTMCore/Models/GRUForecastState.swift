/// One GRU layer's state for the forecast's runs in flight (`Sequential.forecast`): row
/// r holds run r mod T, h is updated in place every tick, and each tick is the layer's
/// own forward step with the products through OpenBLAS (a tick has at most T rows).
final class GRUForecastState: RecurrentForecastState {
    let layer: GRULayer
    /// `[rows, 3H]` and `[rows, 3H or H]`: one tick's blocks (`GRUGates.Step`).
    let gates: FloatBuffer
    let recurrent: FloatBuffer
    /// `[rows, H]`.
    let hidden: FloatBuffer
    let work: FloatBuffer

    init(layer: GRULayer, rows: Int) {
        self.layer = layer
        let H = layer.units
        gates = FloatBuffer(count: rows * 3 * H)
        recurrent = FloatBuffer(count: rows * (layer.config.resetAfter ? 3 * H : H))
        hidden = FloatBuffer(count: rows * H)
        work = FloatBuffer(count: 0)
    }

    func resetRow(_ row: Int) {
        (hidden.pointer + row * layer.units).update(repeating: 0, count: layer.units)
    }

    func step(input: UnsafePointer<Float>, inputSize: Int, rows: Int, threads: Int) {
        let operands = layer.forwardOperands(panels: nil, kernel: nil)
        let fused = inputSize <= FusedInput.maximumSize
        let step = GRUGates.Step(gates: gates.pointer, recurrent: recurrent.pointer,
                                 previousHidden: UnsafePointer(hidden.pointer), hidden: hidden.pointer,
                                 input: fused ? FusedInput(x: input, kernel: layer.kernel.pointer, size: inputSize) : nil)
        Parallel.forEachChunk(count: rows, chunks: threads) { _, slice in
            if layer.hasDefaultActivations {
                layer.forwardStep(SigmoidTanhGates(), step, x: input, rows: slice, hasHistory: true,
                                  operands: operands, work: work)
            } else {
                layer.forwardStep(ConfiguredGates(recurrentActivation: layer.config.recurrentActivation,
                                                  activation: layer.config.activation),
                                  step, x: input, rows: slice, hasHistory: true, operands: operands, work: work)
            }
        }
    }
}
