import LSTMKernels

/// Keras 3's SimpleRNN layer: `h_t = act(x_t·W + b + h_{t-1}·U)`, zero initial state,
/// W `[in, H]`, U `[H, H]`, b `[H]` (its `SimpleRNNCell.call`, as of Keras 3.15.1).
///
/// Laid out as `LSTMLayer` is (time-major buffers, threads over the batch rows, U
/// packed once a batch), with one gate of H columns instead of four.
final class SimpleRNNLayer: RecurrentLayer {
    let config: SimpleRNNLayerConfig
    let inputSize: Int
    let units: Int
    let timesteps: Int
    /// W `[in, H]`, glorot_uniform.
    let kernel: Parameter
    /// U `[H, H]`, orthogonal.
    let recurrentKernel: Parameter
    /// b `[H]`, zeros.
    let bias: Parameter
    var recurrentProduct = RecurrentProduct.best

    init(name: String, config: SimpleRNNLayerConfig, inputSize: Int, timesteps: Int, random: inout InitializerRandom,
         shouldStop: (() -> Bool)? = nil) throws {
        self.config = config
        self.inputSize = inputSize
        units = config.units
        self.timesteps = timesteps
        (kernel, recurrentKernel, bias) = try makeRecurrentWeights(name: name, inputSize: inputSize, units: config.units,
                                                               gates: 1, biasShape: [config.units], random: &random, shouldStop: shouldStop)
    }

    var parameters: [Parameter] { [kernel, recurrentKernel, bias] }
    var returnSequences: Bool { config.returnSequences }

    func makeWorkspace(capacity: Int) -> any RecurrentWorkspace { SimpleRNNWorkspace(layer: self, capacity: capacity) }
    func makeForecastState(rows: Int) -> any RecurrentForecastState { SimpleRNNForecastState(layer: self, rows: rows) }

    /// U as the forward products' operand, packed into `panels` when given.
    func forwardOperand(panels: PackedPanels?, kernel packedKernel: lstm_packed_kernel?) -> RecurrentOperand {
        RecurrentOperand(recurrentKernel.pointer, ldb: units, transposed: false, depth: units, columns: units,
                         panels: panels, kernel: packedKernel)
    }

    /// One forward step for `rows` (pointers at row 0): `z [B, H]` gets x·W for a wide
    /// input and `h₋₁·U` when there is history; then `h = act(z + b (+ x·W narrow))`.
    /// `hidden` may alias `previousHidden` (the product reads it first).
    func forwardStep(z: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, previousHidden: UnsafePointer<Float>,
                     hidden: UnsafeMutablePointer<Float>, rows: Range<Int>, hasHistory: Bool,
                     operand: RecurrentOperand, work: FloatBuffer) {
        let H = units, F = inputSize
        let first = rows.lowerBound, m = rows.count
        let fused = F <= FusedInput.maximumSize
        if !fused {
            BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: H, k: F, alpha: 1, a: x + first * F, lda: F,
                       b: kernel.pointer, ldb: H, beta: 0, c: z + first * H, ldc: H)
        }
        if hasHistory {
            operand.multiply(rows: m, a: previousHidden + first * H, lda: H, c: z + first * H, ldc: H,
                             accumulate: !fused, work: work)
        }
        let hasProducts = !fused || hasHistory
        let activation = config.activation, W = kernel.pointer, b = bias.pointer
        for row in rows {
            let zr = z + row * H, xr = x + row * F
            forEachLaneChunk(H) { j, n in
                var pre = loadVector(b, j, count: n)
                if hasProducts { pre += loadVector(zr, j, count: n) }
                if fused {
                    for feature in 0..<F { pre += FloatVector(repeating: xr[feature]) * loadVector(W + feature * H, j, count: n) }
                }
                storeVector(activation.apply(pre), hidden, row * H + j, count: n)
            }
        }
    }

    /// Forward over all T steps (see `RecurrentWorkspace.forward`).
    func forward(_ ws: SimpleRNNWorkspace, input: UnsafePointer<Float>, batch: Int, training: Bool) {
        let T = timesteps, B = batch, H = units, F = inputSize
        ws.input = training ? input : nil
        ws.batch = B
        let keepsAllHidden = training || config.returnSequences
        ws.lastHiddenSlot = keepsAllHidden ? T : 1
        let packedKernel = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        let operand = forwardOperand(panels: ws.forwardPanels, kernel: packedKernel)
        let z = ws.preActivations.pointer, hidden = ws.hidden.pointer
        hidden.update(repeating: 0, count: B * H)
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            for t in 0..<T {
                let hiddenIn = keepsAllHidden ? t : min(t, 1), hiddenOut = keepsAllHidden ? t + 1 : 1
                forwardStep(z: z + (training ? t : 0) * B * H, x: input + t * B * F,
                            previousHidden: hidden + hiddenIn * B * H, hidden: hidden + hiddenOut * B * H,
                            rows: rows, hasHistory: t > 0, operand: operand, work: ws.rowWork[chunk])
            }
        }
    }

    /// Backward through time after a training `forward`: per step `dz = dh ⊙ act'(h_t)`
    /// (kept in the pre-activation block), `dh₋₁ = dz·Uᵀ` (+ the layer above's gradient
    /// with return_sequences); afterwards `dU = Σ_t h_{t-1}ᵀ·dz_t`, `dW`, `dx` as products
    /// over all steps, `db` and a narrow input's dW summed in the pass.
    func backward(_ ws: SimpleRNNWorkspace, dOutput: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>?) {
        guard let input = ws.input else { return }
        let T = timesteps, B = ws.batch, H = units, F = inputSize
        let z = ws.preActivations.pointer, hidden = ws.hidden.pointer, dHidden = ws.dHidden.pointer
        let fused = F <= FusedInput.maximumSize
        let returnSequences = config.returnSequences, activation = config.activation
        let packedKernel = recurrentProduct.usesPanels(batch: B, threads: ws.threads) ? recurrentProduct.kernel : nil
        let operand = RecurrentOperand(recurrentKernel.pointer, ldb: H, transposed: true, depth: H, columns: H,
                                       panels: ws.backwardPanels, kernel: packedKernel)
        ws.biasGradientPartials.zero()
        ws.kernelGradientPartials.zero()
        Parallel.forEachChunk(count: B, chunks: ws.threads) { chunk, rows in
            let first = rows.lowerBound, m = rows.count
            let dBias = ws.biasGradientPartials.pointer + chunk * H
            let dKernel = ws.kernelGradientPartials.pointer + chunk * FusedInput.maximumSize * H
            let lastOutput = returnSequences ? dOutput + (T - 1) * B * H : dOutput
            (dHidden + first * H).update(from: lastOutput + first * H, count: m * H)
            for t in stride(from: T - 1, through: 0, by: -1) {
                let dz = z + t * B * H, h = hidden + (t + 1) * B * H, x = input + t * B * F
                for row in rows {
                    forEachLaneChunk(H) { j, n in
                        let offset = row * H + j
                        let d = loadVector(dHidden, offset, count: n) * activation.derivative(output: loadVector(h, offset, count: n))
                        storeVector(d, dz, offset, count: n)
                        storeVector(loadVector(dBias, j, count: n) + d, dBias, j, count: n)
                        if fused {
                            for feature in 0..<F {
                                let w = dKernel + feature * H
                                storeVector(loadVector(w, j, count: n) + FloatVector(repeating: x[row * F + feature]) * d, w, j, count: n)
                            }
                        }
                    }
                }
                guard t > 0 else { break }
                if returnSequences {
                    (dHidden + first * H).update(from: dOutput + ((t - 1) * B + first) * H, count: m * H)
                }
                operand.multiply(rows: m, a: dz + first * H, lda: H, c: dHidden + first * H, ldc: H,
                                 accumulate: returnSequences, work: ws.rowWork[chunk])
            }
        }
        addPartials(ws.biasGradientPartials, threads: ws.threads, stride: H, count: H, into: bias.gradientPointer)
        if fused {
            addPartials(ws.kernelGradientPartials, threads: ws.threads, stride: FusedInput.maximumSize * H, count: F * H,
                        into: kernel.gradientPointer)
        }
        addTransposedProduct(m: H, n: H, k: (T - 1) * B, a: hidden + B * H, lda: H, b: z + B * H, ldb: H,
                             c: recurrentKernel.gradientPointer, ldc: H, partials: ws.recurrentGradientPartials,
                             threads: ws.threads)
        inputGradients(input: input, dz: z, rows: T * B, features: F, gates: H, kernel: kernel, fused: fused,
                       dInput: dInput, threads: ws.threads)
    }
}
