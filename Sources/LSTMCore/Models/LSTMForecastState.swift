/// One LSTM layer's state for the runs in flight: row r holds run r mod T.
final class LSTMForecastState: RecurrentForecastState {
    let layer: LSTMLayer
    let units: Int
    /// `[rows, 4H]` gate block of the current tick.
    let gates: FloatBuffer
    /// `[rows, H]` c and h of each run, updated in place every tick.
    let cell: FloatBuffer
    let hidden: FloatBuffer
    /// `[rows, H]` act(c), written by the gate pass and not needed afterwards.
    let cellActivation: FloatBuffer

    init(layer: LSTMLayer, rows: Int) {
        self.layer = layer
        units = layer.units
        gates = FloatBuffer(count: rows * 4 * layer.units)
        cell = FloatBuffer(count: rows * layer.units)
        hidden = FloatBuffer(count: rows * layer.units)
        cellActivation = FloatBuffer(count: rows * layer.units)
    }

    func resetRow(_ row: Int) {
        (cell.pointer + row * units).update(repeating: 0, count: units)
        (hidden.pointer + row * units).update(repeating: 0, count: units)
    }

    /// One LSTM step for rows 0..<rows: z = x·W + h·U, then the fused gate pass
    /// (which adds b) updates c and h in place.
    /// Threads split the rows, as in `LSTMLayer.forward`.
    func step(input: UnsafePointer<Float>, inputSize: Int, rows: Int, threads: Int) {
        let pass = GatePass(layer.config, variant: layer.gateKernelVariant)
        let H = units, G = 4 * units
        let z = gates.pointer, c = cell.pointer, h = hidden.pointer, a = cellActivation.pointer
        let W = layer.kernel.pointer, U = layer.recurrentKernel.pointer, b = layer.bias.pointer
        let fused = inputSize <= FusedInput.maximumSize
        Parallel.forEachChunk(count: rows, chunks: threads) { _, slice in
            let first = slice.lowerBound, m = slice.count
            if !fused {
                BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: G, k: inputSize,
                           alpha: 1, a: input + first * inputSize, lda: inputSize, b: W, ldb: G,
                           beta: 0, c: z + first * G, ldc: G)
            }
            BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: G, k: H,
                       alpha: 1, a: h + first * H, lda: H, b: U, ldb: G,
                       beta: fused ? 0 : 1, c: z + first * G, ldc: G)
            pass.forward(
                gates: z, hasProducts: true, bias: b,
                input: fused ? FusedInput(x: input, kernel: W, size: inputSize) : nil,
                previousCell: c, cell: c, cellActivation: a, hidden: h,
                rows: slice, units: H)
        }
    }
}
